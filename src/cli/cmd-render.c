/*
 * cmd-render.c - kakanai --render VISITFILE --out FILE.pdf [--forms ID,ID]
 *                [--overlay] [--allow-substitute]
 *
 * Renders one visit file into one PDF holding every form that applies (or
 * the forms named). Nothing is written unless every value can be printed
 * exactly: a missing glyph, a missing required item or a value that does
 * not fit stops it with a message naming the form, the field and the
 * character. The PDF is written to a temporary name and renamed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "render/render.h"

/* "a,b,c" to a NULL-terminated array (caller frees array and copy). */
static char **
split_ids(const char *list, char **copy)
{
	char **ids = NULL, *p, *save = NULL;
	size_t n = 0;

	*copy = xstrdup(list);
	for (p = strtok_r(*copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			continue;
		ids = xreallocarray(ids, n + 2, sizeof *ids);
		ids[n++] = p;
		ids[n] = NULL;
	}
	return ids;
}

static const char *
issue_kind_name(enum layout_issue_kind kind)
{
	switch (kind) {
	case ISSUE_NO_GLYPH:
		return "cannot print";
	case ISSUE_SUBSTITUTED:
		return "substituted";
	case ISSUE_MISSING:
		return "missing";
	case ISSUE_OVERFLOW:
		return "does not fit";
	case ISSUE_SHRUNK:
		return "shrunk";
	case ISSUE_WRAPPED:
		return "wrapped";
	case ISSUE_UNMARKED:
		return "no mark";
	case ISSUE_WARNING:
		return "check";
	}
	return "?";
}

static void
print_report(const struct render_result *res, int quiet)
{
	const struct layout_issue *is;
	size_t i;

	for (i = 0; i < res->report.nissues; i++) {
		is = &res->report.issues[i];
		if (!layout_issue_blocks(is->kind) && quiet)
			continue;
		fprintf(stderr, "kakanai: %s: %s: %s: %s\n",
		    layout_issue_blocks(is->kind) ? "error" : "note",
		    is->form_id != NULL ? is->form_id : "-",
		    issue_kind_name(is->kind), is->message);
	}
}

int
cmd_render(const struct cli_args *args)
{
	struct render_env env;
	struct render_opts opts;
	struct render_result res;
	struct derive_ctx ctx;
	struct visit *visit;
	char *cause = NULL, *copy = NULL, **ids = NULL;
	size_t i;
	int rc, status = EXIT_BAD_INPUT;

	if (args->out == NULL) {
		cli_error("--render needs --out FILE.pdf");
		return EXIT_USAGE;
	}
	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 1, 1) != 0)
		return EXIT_BAD_INPUT;
	/* the caller's file, read with the caller's rights */
	priv_user_begin();
	visit = visit_load(args->command_arg, env.dict, &cause);
	priv_user_end();
	if (visit == NULL) {
		fprintf(stderr, "%s\n", cause);
		cli_error("%s: the visit has mistakes; nothing was rendered",
		    args->command_arg);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}

	memset(&opts, 0, sizeof opts);
	if (args->forms != NULL)
		ids = split_ids(args->forms, &copy);
	opts.form_ids = (const char *const *)ids;
	render_env_layout(&env, args->overlay, args->allow_substitute,
	    &opts.layout);
	ctx.visit = visit;
	ctx.dict = env.dict;
	ctx.config = env.config;
	ctx.today = clock_today();

	memset(&res, 0, sizeof res);
	rc = render_visit(env.forms, &ctx, env.fonts, &opts, &res, &cause);
	if (rc < 0) {
		cli_error("%s", cause);
		free(cause);
	} else {
		print_report(&res, args->quiet);
		if (rc == 1)
			cli_error("%s: not printed: fix the items above (or use "
			    "--allow-substitute for variant characters)",
			    args->command_arg);
		else if (res.nforms == 0)
			cli_error("%s: no form applies to this visit (name "
			    "them with --forms)", args->command_arg);
		else if (cli_write_out(args->out, res.pdf, res.pdflen,
		    0600, &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
		} else {
			if (!args->quiet) {
				for (i = 0; i < res.nforms; i++)
					printf("%s (version %d)%s%s\n",
					    res.form_ids[i], res.versions[i],
					    res.reasons[i] != NULL ? ": " : "",
					    res.reasons[i] != NULL ?
					    res.reasons[i] : "");
				printf("wrote %s: %d page%s\n", args->out,
				    res.report.pages,
				    res.report.pages == 1 ? "" : "s");
			}
			status = EXIT_DONE;
		}
	}
	render_result_free(&res);
	free(ids);
	free(copy);
	visit_free(visit);
	cli_free_env(&env);
	return status;
}
