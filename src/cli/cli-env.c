/*
 * cli-env.c - loading what the commands share: the town's configuration,
 * the data dictionary, the font chains and the forms.
 *
 * Each is loaded once per process; a mistake in any is printed here, with
 * every file:line the loader found, so that each command need not.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

static char *
forms_dir(const struct cli_args *args)
{
	if (args->forms_dir != NULL)
		return xstrdup(args->forms_dir);
	return home_path("forms");
}

int
cli_load_env(const struct cli_args *args, struct cli_env *env,
    int need_fonts, int need_forms)
{
	struct diag dg = { 0 };
	char *cause = NULL, *dir, *all;

	env->config = NULL;
	env->dict = NULL;
	env->fonts = NULL;
	env->forms = NULL;

	env->config = config_load(args->config, &cause);
	if (env->config == NULL)
		goto fail;
	env->dict = dict_load_default(&cause);
	if (env->dict == NULL)
		goto fail;
	if (need_fonts || need_forms) {
		env->fonts = fontset_load_default(&cause);
		if (env->fonts == NULL)
			goto fail;
	}
	if (need_forms) {
		dir = forms_dir(args);
		env->forms = form_set_load(dir, env->dict, env->fonts->names,
		    &dg);
		free(dir);
		if (env->forms == NULL || dg.n > 0) {
			all = diag_join(&dg);
			if (all != NULL)
				fprintf(stderr, "%s\n", all);
			free(all);
			diag_free(&dg);
			cli_error("the forms have mistakes; nothing was done");
			cli_free_env(env);
			return -1;
		}
	}
	return 0;

fail:
	cli_error("%s", cause);
	free(cause);
	cli_free_env(env);
	return -1;
}

void
cli_free_env(struct cli_env *env)
{
	form_set_free(env->forms);
	fontset_free(env->fonts);
	dict_free(env->dict);
	config_free(env->config);
	env->forms = NULL;
	env->fonts = NULL;
	env->dict = NULL;
	env->config = NULL;
}
