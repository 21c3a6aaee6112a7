/*
 * cmd-check-config.c - kakanai --check-config [FILE]
 *
 * Reads the configuration (FILE, else the one kakanai would use) and
 * prints every mistake as `file:line: key: message`, naming what the key
 * allows; exit 1 if there is any. Every other command refuses to run on
 * a configuration with a mistake, with the same messages.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

int
cmd_check_config(const struct cli_args *args)
{
	struct config *cf;
	const char *path = args->config;
	char *cause = NULL;

	if (args->nfiles > 1) {
		cli_error("%s: unexpected argument", args->files[1]);
		return EXIT_USAGE;
	}
	if (args->nfiles == 1)
		path = args->files[0];
	/* a file the caller names is read with the caller's own rights */
	if (path != NULL)
		priv_user_begin();
	cf = config_load(path, &cause);
	if (path != NULL)
		priv_user_end();
	if (cf == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		cli_error("the configuration has mistakes");
		return EXIT_BAD_INPUT;
	}
	if (!args->quiet)
		printf("%s: no mistakes\n", config_path(cf));
	config_free(cf);
	return EXIT_DONE;
}
