/*
 * cmd-bench.c - kakanai --bench-render VISITFILE [--forms ID,ID]
 *               [--jobs N] [--out DIR]
 *
 * Renders the same visit as N separate documents (--jobs is the count
 * here, default 100) and prints, one per line as `name: value unit`, the
 * milliseconds per document and the median bytes per document. What is
 * timed is what a peer generator's benchmark times: generating and writing
 * each document; process start and loading the forms and fonts once are
 * not. kakanai writes every PDF durably (temporary name, fsync, rename),
 * which the peers do not, so the time to make the PDF in memory is given
 * on its own line as well. tests/bench.sh drives it for `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "pdf/pdf.h"

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
cmd_bench_render(const struct cli_args *args)
{
	struct cli_env env;
	struct render_opts opts;
	struct render_result res;
	struct derive_ctx ctx;
	struct visit *visit;
	char *cause = NULL, *path, *ids_copy = NULL, **ids = NULL, *p, *save;
	size_t *sizes, nids = 0;
	int i, rc, n = args->jobs > 0 ? args->jobs : 100, status = EXIT_DONE;
	const char *dir = args->out != NULL ? args->out : "/tmp";
	double t0, t1, total, rendering = 0;

	if (cli_load_env(args, &env, 1, 1) != 0)
		return EXIT_BAD_INPUT;
	visit = visit_load(args->command_arg, env.dict, &cause);
	if (visit == NULL) {
		fprintf(stderr, "%s\n", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	memset(&opts, 0, sizeof opts);
	if (args->forms != NULL) {
		ids_copy = xstrdup(args->forms);
		for (p = strtok_r(ids_copy, ",", &save); p != NULL;
		    p = strtok_r(NULL, ",", &save)) {
			ids = xreallocarray(ids, nids + 2, sizeof *ids);
			ids[nids++] = p;
			ids[nids] = NULL;
		}
		opts.form_ids = (const char *const *)ids;
	}
	ctx.visit = visit;
	ctx.dict = env.dict;
	ctx.config = env.config;
	ctx.today = clock_today();
	sizes = xcalloc((size_t)n, sizeof *sizes);

	t0 = clock_ms();
	for (i = 0; i < n && status == EXIT_DONE; i++) {
		memset(&res, 0, sizeof res);
		t1 = clock_ms();
		rc = render_visit(env.forms, &ctx, env.fonts, &opts, &res,
		    &cause);
		rendering += clock_ms() - t1;
		if (rc != 0) {
			cli_error("%s", cause != NULL ? cause :
			    "the visit does not render cleanly");
			free(cause);
			status = EXIT_BAD_INPUT;
		} else {
			path = xasprintf("%s/bench-%04d.pdf", dir, i);
			if (file_write_atomic(path, res.pdf, res.pdflen, 0600,
			    &cause) != 0) {
				cli_error("%s", cause);
				free(cause);
				status = EXIT_BAD_INPUT;
			}
			sizes[i] = res.pdflen;
			free(path);
		}
		render_result_free(&res);
	}
	total = clock_ms() - t0;
	if (status == EXIT_DONE) {
		qsort(sizes, (size_t)n, sizeof *sizes, cmp_size);
		printf("ms_per_doc: %.3f ms\n", total / n);
		printf("render_ms_per_doc: %.3f ms\n", rendering / n);
		printf("bytes_per_doc: %zu bytes\n", sizes[n / 2]);
	}
	free(sizes);
	free(ids);
	free(ids_copy);
	visit_free(visit);
	cli_free_env(&env);
	return status;
}
