/*
 * cmd-list-forms.c - kakanai --list-forms
 *
 * One line per form version: id, version, effective date, title, and the
 * condition under which it is proposed, so the IT person can see at a
 * glance which version a visit on a given day will get.
 */
#include <stdio.h>

#include "cli/cli.h"

int
cmd_list_forms(const struct cli_args *args)
{
	struct render_env env;
	const struct form *f;
	char iso[11];
	size_t i;

	if (cli_load_env(args, &env, 1, 1) != 0)
		return EXIT_BAD_INPUT;
	printf("%-16s %3s  %-10s  %s\n", "id", "ver", "effective", "title");
	for (i = 0; i < env.forms->n; i++) {
		f = env.forms->forms[i];
		printf("%-16s %3d  %-10s  %s%s%s\n", f->id, f->version,
		    date_format_iso(f->effective, iso), f->title,
		    f->reason != NULL ? "  -- " : "",
		    f->reason != NULL ? f->reason : "");
	}
	cli_free_env(&env);
	return EXIT_DONE;
}
