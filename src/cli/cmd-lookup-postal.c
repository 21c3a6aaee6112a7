/*
 * cmd-lookup-postal.c - kakanai --lookup-postal CODE
 *
 * Prints one line per address for a postal code, tab-separated:
 *   code  都道府県  市区町村  町域  note  kana
 * (町域 empty when the code covers the whole municipality). Exit status 1
 * when the code is unknown or malformed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_lookup_postal(const struct cli_args *args)
{
	struct cli_env env;
	struct postal_addr *a = NULL;
	struct store *s;
	char *cause = NULL;
	size_t n = 0, i;
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
	rc = postal_lookup(s, args->command_arg, &a, &n, &cause);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	} else if (n == 0) {
		cli_error("%s: no such postal code", args->command_arg);
		rc = -1;
	}
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\t%s\t%s\n", a[i].code, a[i].pref,
		    a[i].city, a[i].town, a[i].note, a[i].kana);
	postal_addr_free(a, n);
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
