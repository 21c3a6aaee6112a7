/*
 * home.c - finding the forms, fonts and data that come with kakanai.
 *
 * The same binary runs from a source tree (make run) and from an
 * installation (make install). It looks, in order, at $KAKANAI_HOME, at the
 * folder of the executable itself when that folder has forms/ (the source
 * tree: the binary is built at its top), and at KAKANAI_DATADIR, compiled in
 * from the Makefile's PREFIX.
 */
#include <limits.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

#ifndef KAKANAI_DATADIR
#define KAKANAI_DATADIR "/usr/local/share/kakanai"
#endif

static char *home;

static char *
exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(dirname(buf));
}

const char *
home_dir(void)
{
	const char *env;
	char *dir, *forms;

	if (home != NULL)
		return home;
	/* setgid on a town server: only the installed data is trusted */
	if (priv_elevated()) {
		home = xstrdup(KAKANAI_DATADIR);
		return home;
	}
	env = getenv("KAKANAI_HOME");
	if (env != NULL && *env != '\0') {
		home = xstrdup(env);
		return home;
	}
	dir = exe_dir();
	if (dir != NULL) {
		forms = file_join(dir, "forms");
		if (file_is_dir(forms)) {
			free(forms);
			home = dir;
			return home;
		}
		free(forms);
		free(dir);
	}
	home = xstrdup(KAKANAI_DATADIR);
	return home;
}

char *
home_path(const char *rel)
{
	return file_join(home_dir(), rel);
}
