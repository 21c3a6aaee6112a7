/*
 * cmd-lookup-postal.c - kakanai --lookup-postal CODE [CODE...]
 *
 * Prints one line per address for a postal code, tab-separated:
 *   code  都道府県  市区町村  町域  note  kana
 * (町域 empty when the code covers the whole municipality). Exit status 1
 * when a code is unknown or malformed (each is named).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_lookup_postal(const struct cli_args *args)
{
	struct render_env env;
	struct postal_addr *a = NULL;
	struct store *s;
	char *cause = NULL;
	const char *code;
	size_t n = 0, i;
	int rc = 0, k;

	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	s = store_open_config(args->db, env.config, &cause);
	if (s == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	for (k = -1; k < args->nfiles; k++) {
		code = k < 0 ? args->command_arg : args->files[k];
		if (postal_lookup(s, code, &a, &n, &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			cause = NULL;
			rc = -1;
			continue;
		}
		if (n == 0) {
			cli_error("%s: no such postal code", code);
			rc = -1;
		}
		for (i = 0; i < n; i++)
			printf("%s\t%s\t%s\t%s\t%s\t%s\n", a[i].code,
			    a[i].pref, a[i].city, a[i].town, a[i].note,
			    a[i].kana);
		postal_addr_free(a, n);
	}
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
