/*
 * cmd-export-csv.c - kakanai --export-csv [--since D] [--until D]
 *                    [--encoding utf-8|cp932] [--out FILE] [--with-mynumber]
 *
 * Writes the stored visits as CSV (store/export.c) to FILE (atomically,
 * 0600) or standard output. In CP932 each character CP932 cannot hold is
 * listed on stderr with its row and column and written as &#xHHHH;;
 * the export still completes, and the exit status is 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "store/store.h"

int
cmd_export_csv(const struct cli_args *args)
{
	struct export_opts o;
	struct render_env env;
	struct store *s;
	char *cause = NULL, *out = NULL, *warn = NULL;
	size_t len = 0, rows = 0;
	int status = EXIT_BAD_INPUT, wrc;

	memset(&o, 0, sizeof o);
	if (args->encoding != NULL) {
		if (strcasecmp(args->encoding, "cp932") == 0 ||
		    strcasecmp(args->encoding, "sjis") == 0 ||
		    strcasecmp(args->encoding, "shift_jis") == 0)
			o.cp932 = 1;
		else if (strcasecmp(args->encoding, "utf-8") != 0 &&
		    strcasecmp(args->encoding, "utf8") != 0) {
			cli_error("--encoding: utf-8 or cp932, not %s",
			    args->encoding);
			return EXIT_USAGE;
		}
	}
	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	o.since = args->since;
	o.until = args->until;
	o.with_mynumber = args->with_mynumber;
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	if ((s = store_open_read(args->db, env.config, &cause)) == NULL)
		goto fail;
	if (export_csv(s, env.dict, &o, &out, &len, &warn, &rows,
	    &cause) != 0)
		goto fail;
	if (warn != NULL)
		fputs(warn, stderr);
	if (args->out != NULL) {
		/* written with the caller's rights, never kakanai's group */
		priv_user_begin();
		wrc = file_write_atomic(args->out, out, len, 0600, &cause);
		priv_user_end();
		if (wrc != 0) {
			export_csv_done(s, &o, rows, cause, NULL);
			goto fail;
		}
	} else if (fwrite(out, 1, len, stdout) != len || fflush(stdout)) {
		export_csv_done(s, &o, rows, "standard output: write failed",
		    NULL);
		cli_error("standard output: write failed");
		goto out;
	}
	if (export_csv_done(s, &o, rows, NULL, &cause) != 0)
		goto fail;
	if (args->out != NULL && !args->quiet)
		printf("wrote %s: %zu visits (%s)%s\n", args->out, rows,
		    o.cp932 ? "cp932" : "utf-8", o.with_mynumber ?
		    ", with My Numbers" : "");
	status = EXIT_DONE;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	free(out);
	free(warn);
	store_close(s);
	cli_free_env(&env);
	return status;
}
