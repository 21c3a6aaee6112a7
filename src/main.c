/*
 * main.c - kakanai, a 書かない窓口 for town halls.
 *
 * Everything starts in cli_main (src/cli/cli.c): with no command the
 * counter screen opens; with one, that command runs and exits.
 */
#include "cli/cli.h"
#include "util/util.h"

int
main(int argc, char **argv)
{
	/* before anything reads the environment or opens a file */
	priv_init();
	return cli_main(argc, argv);
}
