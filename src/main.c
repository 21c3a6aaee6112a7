/*
 * main.c - kakanai, a 書かない窓口 for town halls.
 *
 * Everything starts in cli_main (src/cli/cli.c): with no command the
 * counter screen opens; with one, that command runs and exits.
 */
#include "cli/cli.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
