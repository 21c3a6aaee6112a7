/*
 * cli-env.c - the commands' view of the shared loader (render/env.c): it
 * loads what a command needs and prints any mistake, with every file:line
 * the loader found, so that each command need not.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

int
cli_load_env(const struct cli_args *args, struct render_env *env,
    int need_fonts, int need_forms)
{
	struct diag dg = { 0 };
	char *cause = NULL, *all;

	if (render_env_open(env, args->config, &cause) != 0)
		goto fail;
	if ((need_fonts || need_forms) &&
	    render_env_load_fonts(env, &cause) != 0)
		goto fail;
	if (!need_forms)
		return 0;
	if (render_env_load_forms(env, args->forms_dir, &dg, &cause) != 0)
		goto fail;
	if (dg.n > 0) {
		all = diag_join(&dg);
		if (all != NULL)
			fprintf(stderr, "%s\n", all);
		free(all);
		diag_free(&dg);
		cli_error("the forms have mistakes; nothing was done");
		cli_free_env(env);
		return -1;
	}
	return 0;

fail:
	cli_error("%s", cause);
	free(cause);
	cli_free_env(env);
	return -1;
}

void
cli_free_env(struct render_env *env)
{
	render_env_free(env);
}
