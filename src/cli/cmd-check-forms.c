/*
 * cmd-check-forms.c - kakanai --check-forms [DIR]
 *
 * Parse every form definition in a folder and report every mistake as
 * file:line: message, without rendering anything. This is what the town's
 * IT person runs after editing a form, and what the tests drive. The
 * procedure guide beside the forms (the *.guide files of guide/: questions,
 * procedures, the sheet) is checked too, with the counters it names
 * looked up in the configuration.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "guide/guide.h"
#include "layout/layout.h"

int
cmd_check_forms(const struct cli_args *args)
{
	struct render_env env;
	struct diag dg = { 0 };
	struct form_set *set;
	struct guide *guide;
	char *dir, *all;
	int *fits;
	size_t i;
	int rc = EXIT_DONE;

	if (args->nfiles > 1) {
		cli_error("--check-forms takes at most one folder");
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 1, 0) != 0)
		return EXIT_BAD_INPUT;
	dir = render_env_forms_dir(args->nfiles == 1 ? args->files[0] :
	    args->forms_dir);

	set = form_set_load(dir, env.dict, env.fonts->names, &dg);
	/* The fit guarantee: a form whose fields cannot hold what the
	 * dictionary allows is a mistake too (layout-fit.c). */
	fits = xcalloc(set != NULL && set->n > 0 ? set->n : 1, sizeof *fits);
	for (i = 0; set != NULL && i < set->n; i++)
		fits[i] = layout_fit_check(set->forms[i], env.dict, env.fonts,
		    &dg) == 0;
	guide = guide_load(dir, env.dict, env.config, &dg);
	all = diag_join(&dg);
	if (all != NULL) {
		fprintf(stderr, "%s\n", all);
		rc = EXIT_BAD_INPUT;
	}
	if (set != NULL && !args->quiet) {
		for (i = 0; i < set->n; i++)
			if (fits[i])
				printf("ok  %s (version %d)  %s\n",
				    set->forms[i]->id, set->forms[i]->version,
				    set->forms[i]->path);
	}
	if (guide != NULL && !args->quiet &&
	    guide->nquestions + guide->nprocedures > 0)
		printf("ok  guide: %zu questions, %zu procedures\n",
		    guide->nquestions, guide->nprocedures);
	if ((set == NULL || set->n == 0) && all == NULL) {
		cli_error("%s: no forms (*.form) in this folder", dir);
		rc = EXIT_BAD_INPUT;
	}
	if (rc != EXIT_DONE)
		cli_error("%s: %zu mistake%s; the forms with mistakes are "
		    "refused", dir, dg.n, dg.n == 1 ? "" : "s");
	free(fits);
	free(all);
	diag_free(&dg);
	form_set_free(set);
	guide_free(guide);
	free(dir);
	cli_free_env(&env);
	return rc;
}
