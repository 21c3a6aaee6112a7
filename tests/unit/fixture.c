/*
 * fixture.c - the unit tests' shared set-up (fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit/fixture.h"

struct dict *
fixture_dict(void)
{
	struct dict *d;
	char *cause = NULL;

	if ((d = dict_load("data/dictionary.txt", &cause)) == NULL) {
		fprintf(stderr, "dictionary: %s\n", cause);
		free(cause);
	}
	return d;
}

struct fontset *
fixture_fonts(void)
{
	struct fontset *fs;
	char *cause = NULL;

	if ((fs = fontset_load("fonts/fontmap", &cause)) == NULL) {
		fprintf(stderr, "fonts: %s\n", cause);
		free(cause);
	}
	return fs;
}

int
fixture_tmpdir(char *tmpl)
{
	return mkdtemp(tmpl) != NULL ? 0 : -1;
}

void
fixture_rmdir(const char *dir)
{
	char *cmd[] = { (char *)"rm", (char *)"-rf", (char *)dir, NULL };
	pid_t pid;

	if ((pid = fork()) == 0) {
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}
