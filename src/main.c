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
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"
#include "util/util.h"

static void
no_core_dumps(void)
{
	struct rlimit none = { 0, 0 };

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

#ifdef __SANITIZE_ADDRESS__
/*
 * Test builds only (make check-asan): LeakSanitizer checks for leaks at
 * exit by stopping the process's threads with ptrace, which a process
 * that is not dumpable may not do unless it is root - so every run as a
 * clerk on a town server would end in "LeakSanitizer has encountered a
 * fatal error". Made dumpable again just before that check, and only
 * in a sanitizer build; the core limit stays 0.
 */
static void
dumpable_for_leak_check(void)
{
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

/*
 * A setgid kakanai run by a clerk cannot be stopped with ptrace at all
 * (the kernel refuses it whenever the real and effective groups differ,
 * dumpable or not), so LeakSanitizer is off in such a run; AddressSanitizer
 * and UndefinedBehaviorSanitizer still check it. Read by the sanitizer
 * before main.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return getegid() != getgid() ? "detect_leaks=0" : "";
}
#endif

int
main(int argc, char **argv)
{
	no_core_dumps();
#ifdef __SANITIZE_ADDRESS__
	atexit(dumpable_for_leak_check);
#endif
	/* before anything reads the environment or opens a file */
	priv_init();
	return cli_main(argc, argv);
}
