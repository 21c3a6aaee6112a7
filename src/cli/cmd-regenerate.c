/*
 * cmd-regenerate.c - kakanai --regenerate [--since D] [--until D] [--form ID]
 *                    [--visit N] [--jobs N] [--out DIR] [--verify]
 *
 * Re-renders stored visits with the form versions in force on their
 * dates, in --jobs worker processes (store/regen.c), with a progress bar
 * on a terminal and a summary on stdout. --verify writes nothing and lists
 * documents whose sha256 differs. Exit status 1 if any visit failed (each
 * named) or any document differs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "render/render.h"

int
cmd_regenerate(const struct cli_args *args)
{
	struct regen_opts o;
	struct regen_summary sum;
	struct render_env env;
	struct store *s;
	char *cause = NULL;
	int rc;

	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	memset(&o, 0, sizeof o);
	o.since = args->since;
	o.until = args->until;
	o.form = args->form;
	o.visit_id = args->visit_id;
	o.jobs = args->jobs;
	o.out_dir = args->out;
	o.verify = args->verify;
	o.progress = !args->quiet && isatty(STDERR_FILENO);
	if (cli_load_env(args, &env, 1, 1) != 0)
		return EXIT_BAD_INPUT;
	if ((s = store_open_config(args->db, env.config, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	rc = regen_run(s, env.dict, env.config, env.fonts, env.forms, &o, &sum,
	    &cause);
	if (rc < 0) {
		cli_error("%s", cause);
		free(cause);
	} else {
		if (sum.problems != NULL)
			fputs(sum.problems, stderr);
		if (!args->quiet || rc != 0)
			printf("%s %zu documents for %zu visits in %.1f s "
			    "(%.0f documents/s); %zu skipped (no form applies), "
			    "%zu failed%s\n",
			    o.verify ? "verified" : "regenerated", sum.docs,
			    sum.visits, sum.ms / 1000.0, sum.ms > 0 ?
			    (double)sum.docs * 1000.0 / sum.ms : 0.0,
			    sum.skipped, sum.failed, o.verify ?
			    (sum.differ > 0 ? ", some differ" : ", all match") :
			    "");
		if (o.verify && sum.differ > 0)
			printf("%zu documents differ from their stored sha256\n",
			    sum.differ);
		regen_summary_free(&sum);
	}
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
