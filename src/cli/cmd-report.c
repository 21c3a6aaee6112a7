/*
 * cmd-report.c - kakanai --report [--since D] [--until D]
 *
 * Prints visits per day and per hour (text bar charts), forms per
 * procedure, and median / 90th-percentile minutes from start to print per
 * clerk (store/report.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_report(const struct cli_args *args)
{
	struct report_opts o;
	struct render_env env;
	struct store *s;
	char *cause = NULL, *out = NULL;
	int rc;

	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	memset(&o, 0, sizeof o);
	o.since = args->since;
	o.until = args->until;
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	if ((s = store_open_read(args->db, env.config, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	rc = report_text(s, &o, &out, &cause);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	} else
		fputs(out, stdout);
	free(out);
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
