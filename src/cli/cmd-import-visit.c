/*
 * cmd-import-visit.c - kakanai --import-visit FILE [FILE...]
 *
 * Stores visit files in the database as drafts, each under a new visit
 * number (printed, one per line: "FILE: visit N"). Every file is checked
 * first; if any has mistakes they are all printed and nothing is stored.
 * Each visit is stored whole or not at all; if the database refuses one
 * (busy for over a minute, disk full) the files before it stay stored and
 * the message names the file that was not.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_import_visit(const struct cli_args *args)
{
	struct render_env env;
	struct visit **v;
	struct store *s = NULL;
	char *cause = NULL;
	const char *path;
	int n = args->nfiles + 1, i, bad = 0, status = EXIT_BAD_INPUT;
	long id;

	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	v = xcalloc((size_t)n, sizeof *v);
	for (i = 0; i < n; i++) {
		path = i == 0 ? args->command_arg : args->files[i - 1];
		priv_user_begin();
		v[i] = visit_load(path, env.dict, &cause);
		priv_user_end();
		if (v[i] == NULL) {
			fprintf(stderr, "%s\n", cause);
			free(cause);
			cause = NULL;
			bad++;
		}
	}
	if (bad > 0) {
		cli_error("%d of %d visit files have mistakes; nothing was "
		    "stored", bad, n);
		goto out;
	}
	if ((s = store_open_config(args->db, env.config, &cause)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		path = i == 0 ? args->command_arg : args->files[i - 1];
		if ((id = store_visit_add(s, v[i], env.dict, &cause)) < 0) {
			cli_error("%s: not stored: %s", path, cause);
			free(cause);
			goto out;
		}
		/* the import is noted; a failure here loses no data */
		if (store_audit(s, id, "import", path, &cause) != 0) {
			cli_error("%s: %s", path, cause);
			free(cause);
			cause = NULL;
		}
		if (!args->quiet)
			printf("%s: visit %ld\n", path, id);
	}
	status = EXIT_DONE;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	for (i = 0; i < n; i++)
		if (v[i] != NULL)
			visit_free(v[i]);
	free(v);
	store_close(s);
	cli_free_env(&env);
	return status;
}
