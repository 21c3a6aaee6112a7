/*
 * cmd-check-visit.c - kakanai --check-visit VISITFILE
 *
 * Check a visit file and print it back in stored form (dates as
 * YYYY-MM-DD, フリガナ in katakana, My Numbers left out), or print every
 * mistake as file:line: key: message. The IT person uses it before a
 * batch import; the tests use it to know what the forms must show.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

int
cmd_check_visit(const struct cli_args *args)
{
	struct render_env env;
	struct visit *visit;
	char *cause = NULL, *text;

	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	/* the caller's file, read with the caller's rights */
	priv_user_begin();
	visit = visit_load(args->command_arg, env.dict, &cause);
	priv_user_end();
	if (visit == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	text = visit_format(visit, env.dict, args->with_mynumber);
	fputs(text, stdout);
	free(text);
	visit_free(visit);
	cli_free_env(&env);
	return EXIT_DONE;
}
