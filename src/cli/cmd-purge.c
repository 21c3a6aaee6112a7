/*
 * cmd-purge.c - kakanai --purge [--older-than DAYS]
 *
 * Deletes stored PDFs and My Numbers of visits begun more than DAYS ago
 * (default: the configuration's retention_days; there is no built-in
 * default, so a town must decide). Audited.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_purge(const struct cli_args *args)
{
	struct render_env env;
	struct store *s;
	const char *v;
	char *cause = NULL, *end;
	size_t files = 0, mynumbers = 0;
	long days = args->older_than;
	int rc;

	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	if (days < 0) {
		v = config_get(env.config, "retention_days");
		if (v == NULL) {
			cli_error("--purge needs --older-than DAYS or "
			    "retention_days in %s", config_path(env.config));
			cli_free_env(&env);
			return EXIT_USAGE;
		}
		days = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || days < 0) {
			cli_error("%s: retention_days: not a number of days: "
			    "%s", config_path(env.config), v);
			cli_free_env(&env);
			return EXIT_BAD_INPUT;
		}
	}
	if ((s = store_open_config(args->db, env.config, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	rc = store_purge(s, (int)days, &files, &mynumbers, &cause);
	if (rc >= 0 && !args->quiet)
		printf("purged visits older than %ld days: %zu PDFs, %zu My "
		    "Numbers deleted\n", days, files, mynumbers);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	}
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
