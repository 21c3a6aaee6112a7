/*
 * test-fuzz-replay.c - every seed of tests/fuzz/corpus/<target>/ and every
 * kept finding of tests/fuzz/regress/<target>/ run through the same entry
 * functions the libFuzzer targets use (tests/fuzz/fuzz-entry.c, included
 * here), so the normal test run, `make check-asan` and `make
 * check-valgrind` cover them without clang. A crash, a sanitizer report
 * or a leak fails the suite; each target also has to have seeds and to
 * see at least one of them accepted by its parser (the shipped forms, the
 * sample visits, real KEN_ALL lines, a subset font, valid dates), so an
 * entry that stopped reaching its parser is noticed. Run from the
 * repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dirent.h>

#include "fuzz/fuzz-entry.c"

/* Run every file of dir through fn; returns how many there were. */
static size_t
replay_dir(const char *dir, int (*fn)(const uint8_t *, size_t))
{
	struct dirent *de;
	DIR *d;
	char **names = NULL, *path, *data, *cause = NULL;
	size_t n = 0, i, len;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	for (i = 0; i < n; i++) {
		path = file_join(dir, names[i]);
		if (file_exists(path)) {
			data = file_read(path, &len, &cause);
			if (data == NULL)
				fail_msg("%s", cause);
			assert_int_equal(fn((const uint8_t *)data, len), 0);
			free(data);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return n;
}

static void
replay(const char *target)
{
	const struct fuzz_target *t = NULL;
	size_t i, seeds, before;
	char *dir;

	for (i = 0; i < fuzz_ntargets; i++) {
		if (strcmp(fuzz_targets[i].name, target) == 0)
			t = &fuzz_targets[i];
	}
	assert_non_null(t);
	before = fuzz_accepted;
	dir = xasprintf("tests/fuzz/corpus/%s", target);
	seeds = replay_dir(dir, t->fn);
	free(dir);
	if (seeds == 0)
		fail_msg("tests/fuzz/corpus/%s: no seeds", target);
	if (fuzz_accepted == before)
		fail_msg("%s: no seed was accepted by its parser", target);
	dir = xasprintf("tests/fuzz/regress/%s", target);
	(void)replay_dir(dir, t->fn);
	free(dir);
	/* the empty input and a lone NUL, which no corpus file holds */
	assert_int_equal(t->fn((const uint8_t *)"", 0), 0);
	assert_int_equal(t->fn((const uint8_t *)"\0", 1), 0);
}

static void test_form(void **state) { (void)state; replay("form"); }
static void test_visit(void **state) { (void)state; replay("visit"); }
static void test_postal(void **state) { (void)state; replay("postal"); }
static void test_ttf(void **state) { (void)state; replay("ttf"); }
static void test_kana_date(void **state) { (void)state; replay("kana-date"); }
static void test_edit(void **state) { (void)state; replay("edit"); }
static void test_card(void **state) { (void)state; replay("card"); }

/* Every target of fuzz-entry.c has a case above. */
static void
test_all_targets(void **state)
{
	(void)state;
	assert_int_equal(fuzz_ntargets, 7);
}

static int
teardown(void **state)
{
	(void)state;
	fuzz_teardown();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_targets),
		cmocka_unit_test(test_form),
		cmocka_unit_test(test_visit),
		cmocka_unit_test(test_postal),
		cmocka_unit_test(test_ttf),
		cmocka_unit_test(test_kana_date),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_card),
	};

	return cmocka_run_group_tests(tests, NULL, teardown);
}
