/*
 * cmd-import-postal.c - kakanai --import-postal FILE
 *
 * Replaces the database's postal codes with Japan Post's KEN_ALL.CSV
 * (CP932) or utf_ken_all.csv (UTF-8), detected by content; every quirk is
 * handled in store/postal.c. One transaction: a bad file changes nothing
 * and the message names its line.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_import_postal(const struct cli_args *args)
{
	struct render_env env;
	struct store *s;
	char *cause = NULL;
	char *data;
	size_t n = 0, len = 0;
	double t0 = clock_ms();
	int rc;

	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	s = store_open_config(args->db, env.config, &cause);
	if (s == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	/* the caller's file, read with the caller's rights */
	priv_user_begin();
	data = file_read(args->command_arg, &len, &cause);
	priv_user_end();
	rc = data == NULL ? -1 : postal_import_data(s, args->command_arg,
	    data, len, &n, &cause);
	free(data);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	} else if (!args->quiet)
		printf("imported %zu postal code rows from %s in %.0f ms\n", n,
		    args->command_arg, clock_ms() - t0);
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
