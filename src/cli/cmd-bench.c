/*
 * cmd-bench.c - kakanai --bench-render VISITFILE [--forms ID,ID]
 *               [--jobs N] [--out DIR]
 *
 * Renders the same visit as N separate documents (--jobs is the count
 * here, default 100) and prints, one per line as `name: value unit`, the
 * milliseconds per document and the median bytes per document.
 *
 * ms_per_doc times what a peer generator's benchmark times: generating
 * each document and writing it with a plain write; process start and
 * loading the forms and fonts once are not timed. durable_ms_per_doc is a
 * second pass the way kakanai really saves a PDF (temporary name, fsync,
 * rename), which the peers do not do. tests/bench.sh drives it for
 * `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "render/render.h"

/* A plain write, as the peers' benchmarks do it. */
static int
write_plain(const char *path, const char *data, size_t len, char **cause)
{
	FILE *f;
	int ok;

	/* --out is the caller's folder: written with the caller's rights */
	priv_user_begin();
	f = fopen(path, "wb");
	priv_user_end();
	if (f == NULL) {
		*cause = xasprintf("%s: cannot write", path);
		return -1;
	}
	ok = fwrite(data, 1, len, f) == len;
	if (fclose(f) != 0 || !ok) {
		*cause = xasprintf("%s: cannot write", path);
		return -1;
	}
	return 0;
}

/* Render n documents into dir, each written plainly or durably; the
 * milliseconds taken go into *ms and each size into sizes. */
static int
bench_pass(const struct render_env *env, const struct derive_ctx *ctx,
    const struct render_opts *opts, const char *dir, int n, int durable,
    size_t *sizes, double *ms)
{
	struct render_result res;
	char *cause = NULL, *path;
	double t0 = clock_ms();
	int i, rc;

	for (i = 0; i < n; i++) {
		memset(&res, 0, sizeof res);
		if (render_visit(env->forms, ctx, env->fonts, opts, &res,
		    &cause) != 0) {
			cli_error("%s", cause != NULL ? cause :
			    "the visit does not render cleanly");
			free(cause);
			render_result_free(&res);
			return -1;
		}
		path = xasprintf("%s/bench-%04d.pdf", dir, i);
		rc = durable ? cli_write_out(path, res.pdf, res.pdflen,
		    0600, &cause) : write_plain(path, res.pdf, res.pdflen,
		    &cause);
		sizes[i] = res.pdflen;
		free(path);
		render_result_free(&res);
		if (rc != 0) {
			cli_error("%s", cause);
			free(cause);
			return -1;
		}
	}
	*ms = clock_ms() - t0;
	return 0;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int
cmd_bench_render(const struct cli_args *args)
{
	struct render_env env;
	struct render_opts opts;
	struct derive_ctx ctx;
	struct visit *visit;
	char *cause = NULL, *ids_copy = NULL, **ids = NULL, *p, *save;
	size_t *sizes, nids = 0;
	int n = args->jobs > 0 ? args->jobs : 100, status = EXIT_DONE;
	const char *dir = args->out != NULL ? args->out : "/tmp";
	double plain = 0, durable = 0;

	if (cli_load_env(args, &env, 1, 1) != 0)
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

	if (bench_pass(&env, &ctx, &opts, dir, n, 0, sizes, &plain) != 0 ||
	    bench_pass(&env, &ctx, &opts, dir, n, 1, sizes, &durable) != 0)
		status = EXIT_BAD_INPUT;
	else {
		qsort(sizes, (size_t)n, sizeof *sizes, cmp_size);
		printf("ms_per_doc: %.3f ms\n", plain / n);
		printf("durable_ms_per_doc: %.3f ms\n", durable / n);
		printf("bytes_per_doc: %zu bytes\n", sizes[n / 2]);
	}
	free(sizes);
	free(ids);
	free(ids_copy);
	visit_free(visit);
	cli_free_env(&env);
	return status;
}
