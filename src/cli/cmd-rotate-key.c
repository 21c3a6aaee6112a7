/*
 * cmd-rotate-key.c - kakanai --rotate-key
 *
 * Makes a new My Number key and re-seals every stored My Number with it
 * in one transaction; the key file beside the database is then replaced
 * (same mode and group). If kakanai stops between the two, the next open
 * finishes the swap from "<key>.new". Audited (rotate-key).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_rotate_key(const struct cli_args *args)
{
	struct render_env env;
	struct store *s;
	char *cause = NULL;
	size_t n = 0;
	int rc;

	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	if ((s = store_open_config(args->db, env.config, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	rc = store_rotate_key(s, &n, &cause);
	if (rc == 0 && !args->quiet)
		printf("a new key: %zu My Numbers re-sealed\n", n);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	}
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
