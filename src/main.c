/*
 * main.c - kakanai, a 書かない窓口 for town halls.
 *
 * Everything starts in cli_main (src/cli/cli.c): with no command the
 * counter screen opens; with one, that command runs and exits.
 *
 * Before anything else, core dumps are turned off: a kakanai process may
 * hold residents' My Numbers in memory, and a core file left by a crash
 * would keep them on disk where anyone who can read it finds them.
 * RLIMIT_CORE 0 stops the dump (and is inherited by lp and the workers);
 * PR_SET_DUMPABLE 0 also keeps other processes of the same user from
 * attaching to or reading the memory of this one.
 */
#include <sys/prctl.h>
#include <sys/resource.h>

#include "cli/cli.h"
#include "util/util.h"

static void
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int
main(int argc, char **argv)
{
	no_core_dumps();
	/* before anything reads the environment or opens a file */
	priv_init();
	return cli_main(argc, argv);
}
