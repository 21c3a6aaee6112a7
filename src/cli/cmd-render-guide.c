/*
 * cmd-render-guide.c - kakanai --render-guide VISITFILE --out FILE.pdf
 *
 * The resident's 「お手続きのご案内」 for a visit, alone: the forms that
 * apply (or --forms ID,ID) as made today, and every procedure of the
 * guide (the *.guide files of forms/guide) that applies as a checklist. The counter
 * prints it after the forms; this is for the town's IT person checking
 * the guide files, and for the tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "guide/guide.h"
#include "render/render.h"

int
cmd_render_guide(const struct cli_args *args)
{
	struct render_env env;
	struct derive_ctx ctx;
	struct diag dg = { 0 };
	struct guide *g;
	struct visit *visit;
	char *cause = NULL, *dir, *all, *pdf = NULL, *copy = NULL, *p, *save;
	const char **ids = NULL;
	size_t len = 0, n = 0;
	int status = EXIT_BAD_INPUT;

	if (args->out == NULL) {
		cli_error("--render-guide needs --out FILE.pdf");
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 1, 1) != 0)
		return EXIT_BAD_INPUT;
	dir = render_env_forms_dir(args->forms_dir);
	g = guide_load(dir, env.dict, env.config, &dg);
	free(dir);
	if ((all = diag_join(&dg)) != NULL) {
		fprintf(stderr, "%s\n", all);
		cli_error("the guide has mistakes; nothing was rendered");
		free(all);
		goto out;
	}
	visit = visit_load(args->command_arg, env.dict, &cause);
	if (visit == NULL) {
		fprintf(stderr, "%s\n", cause);
		cli_error("%s: the visit has mistakes; nothing was rendered",
		    args->command_arg);
		free(cause);
		goto out;
	}
	if (args->forms != NULL) {
		copy = xstrdup(args->forms);
		for (p = strtok_r(copy, ",", &save); p != NULL;
		    p = strtok_r(NULL, ",", &save)) {
			ids = xreallocarray(ids, n + 2, sizeof *ids);
			ids[n++] = p;
			ids[n] = NULL;
		}
	}
	ctx.visit = visit;
	ctx.dict = env.dict;
	ctx.config = env.config;
	ctx.today = clock_today();
	if (render_guide(g, env.forms, &ctx, env.fonts, ids, &pdf, &len,
	    &cause) != 0 || file_write_atomic(args->out, pdf, len, 0600,
	    &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
	} else {
		if (!args->quiet)
			printf("wrote %s\n", args->out);
		status = EXIT_DONE;
	}
	free(pdf);
	free(ids);
	free(copy);
	visit_free(visit);
out:
	diag_free(&dg);
	guide_free(g);
	cli_free_env(&env);
	return status;
}
