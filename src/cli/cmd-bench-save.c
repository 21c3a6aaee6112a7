/*
 * cmd-bench-save.c - kakanai --bench-save SECONDS
 *
 * One clerk at a counter, as the database sees it: a new draft, then one
 * field changed and saved every 200 ms for SECONDS, each save the same
 * store_visit_save the counter screen makes when a field is left. Prints
 * one line per save: its milliseconds, or "error: why". tests/bench-server.sh
 * starts eighty of these over eight towns for `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/store.h"

#define BENCH_SAVE_EVERY_MS 200

static void
bench_sleep_until(double when)
{
	double now = clock_ms();
	struct timespec ts;

	if (when <= now)
		return;
	ts.tv_sec = (time_t)((when - now) / 1000);
	ts.tv_nsec = (long)((when - now - ts.tv_sec * 1000.0) * 1e6);
	nanosleep(&ts, NULL);
}

int
cmd_bench_save(const struct cli_args *args)
{
	struct render_env env;
	struct store *s;
	struct visit *v;
	char *cause = NULL, note[64], *end;
	long seconds = strtol(args->command_arg, &end, 10), id, k;
	double start, t0, t1;

	if (*end != '\0' || seconds < 1 || seconds > 3600) {
		cli_error("--bench-save %s: seconds, 1 to 3600",
		    args->command_arg);
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	if ((s = store_open_config(args->db, env.config, &cause)) == NULL ||
	    (id = store_visit_create(s, &cause)) < 0) {
		cli_error("%s", cause);
		free(cause);
		store_close(s);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	v = visit_new();
	start = clock_ms();
	for (k = 0; clock_ms() - start < seconds * 1000.0; k++) {
		bench_sleep_until(start + (double)k * BENCH_SAVE_EVERY_MS);
		snprintf(note, sizeof note, "備考 %ld", k);
		if (visit_set(v, env.dict, "note", note, &cause) != 0) {
			printf("error: %s\n", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		t0 = clock_ms();
		if (store_visit_save(s, id, v, env.dict, "household",
		    (int)(k % 10), &cause) != 0) {
			printf("error: %s\n", cause);
			free(cause);
			cause = NULL;
			continue;
		}
		t1 = clock_ms();
		printf("%.3f\n", t1 - t0);
	}
	visit_free(v);
	store_close(s);
	cli_free_env(&env);
	return EXIT_DONE;
}
