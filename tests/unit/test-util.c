/*
 * test-util.c - UTF-8, dates, atomic files and the configuration parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* 1. Strict UTF-8: every invalid shape is refused, every valid one kept. */
static void
test_utf8_decode(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
		size_t want_len;
		uint32_t want_cp;
	} cases[] = {
		{ "A", 1, 1, 0x41 },
		{ "\xe9\xab\x99", 3, 3, 0x9ad9 },		/* 髙 */
		{ "\xef\xa8\x91", 3, 3, 0xfa11 },		/* 﨑 */
		{ "\xf0\xa0\xae\xb7", 4, 4, 0x20bb7 },		/* 𠮷 */
		{ "\xf3\xa0\x84\x80", 4, 4, 0xe0100 },		/* VS17 */
		{ "\xc0\xaf", 2, 0, 0 },			/* overlong */
		{ "\xe0\x80\xaf", 3, 0, 0 },			/* overlong */
		{ "\xed\xa0\x80", 3, 0, 0 },			/* surrogate */
		{ "\xf4\x90\x80\x80", 4, 0, 0 },		/* > U+10FFFF */
		{ "\xe9\xab", 2, 0, 0 },			/* truncated */
		{ "\x82\xa0", 2, 0, 0 },			/* CP932 あ */
	};
	size_t i, n;
	uint32_t cp;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		cp = 0;
		n = utf8_decode(cases[i].bytes, cases[i].len, &cp);
		assert_int_equal(n, cases[i].want_len);
		if (n != 0)
			assert_int_equal(cp, cases[i].want_cp);
	}
}

/* 2. Encode is the inverse of decode across the planes. */
static void
test_utf8_roundtrip(void **state)
{
	static const uint32_t cps[] = { 0x24, 0x7ff, 0x800, 0x845b, 0xffff,
	    0x10000, 0x20bb7, 0xe01ef, 0x10ffff };
	char buf[4];
	uint32_t back;
	size_t i, n;

	(void)state;
	for (i = 0; i < nitems(cps); i++) {
		n = utf8_encode(cps[i], buf);
		assert_int_equal(utf8_decode(buf, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
}

/* 3. Widths: kanji and full-width are 2, selectors 0, ASCII 1. */
static void
test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("ABC"), 3);
	assert_int_equal(utf8_width("山田 太郎"), 9);
	assert_int_equal(utf8_width("葛\xf3\xa0\x84\x80飾"), 4);
	assert_int_equal(utf8_width("𠮷野"), 4);
	assert_int_equal(utf8_width("ｶﾀｶﾅ"), 4);
	assert_int_equal(utf8_count("葛\xf3\xa0\x84\x80"), 2);
}

/* 4. utf8_valid names the offset of the first bad byte. */
static void
test_utf8_valid(void **state)
{
	size_t bad = 0;

	(void)state;
	assert_true(utf8_valid("日の出町", strlen("日の出町"), &bad));
	assert_false(utf8_valid("ab\x82\xa0", 4, &bad));
	assert_int_equal(bad, 2);
}

/* 5. Day numbers agree with known dates and round-trip. */
static void
test_date_days(void **state)
{
	struct date d = { 1970, 1, 1 }, e;
	int64_t n;

	(void)state;
	assert_int_equal(date_to_days(d), 0);
	d = (struct date){ 2000, 3, 1 };
	assert_int_equal(date_to_days(d), 11017);
	for (n = -40000; n < 40000; n += 37) {
		e = date_from_days(n);
		assert_true(date_valid(e));
		assert_int_equal(date_to_days(e), n);
	}
	d = (struct date){ 2024, 2, 28 };
	e = date_add_days(d, 1);
	assert_int_equal(e.m, 2);
	assert_int_equal(e.d, 29);
}

/* 6. ISO dates: only real days in exactly YYYY-MM-DD. */
static void
test_date_iso(void **state)
{
	static const struct {
		const char *s;
		int ok;
	} cases[] = {
		{ "2026-11-21", 1 }, { "2024-02-29", 1 }, { "2023-02-29", 0 },
		{ "1900-02-29", 0 }, { "2000-02-29", 1 }, { "2026-13-01", 0 },
		{ "2026-1-1", 0 }, { "20261121", 0 }, { "2026-11-31", 0 },
	};
	struct date d;
	char buf[11];
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		assert_int_equal(date_parse_iso(cases[i].s, &d) == 0,
		    cases[i].ok);
		if (cases[i].ok)
			assert_string_equal(date_format_iso(d, buf),
			    cases[i].s);
	}
}

/* 7. Atomic write: content lands, mode is as asked, no temporary left;
 * a write into a missing folder fails and creates nothing. */
static void
test_file_atomic(void **state)
{
	char dir[] = "/tmp/kakanai-test-XXXXXX", *path, *cause = NULL, *back;
	struct stat st;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = file_join(dir, "a.pdf");
	assert_int_equal(file_write_atomic(path, "%PDF", 4, 0600, &cause), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	back = file_read(path, &len, &cause);
	assert_non_null(back);
	assert_int_equal(len, 4);
	free(back);
	unlink(path);
	free(path);
	path = file_join(dir, "missing/a.pdf");
	assert_int_equal(file_write_atomic(path, "x", 1, 0600, &cause), -1);
	assert_non_null(strstr(cause, "missing/a.pdf"));
	free(cause);
	free(path);
	assert_int_equal(rmdir(dir), 0);	/* empty: nothing was left */
}

static char *
write_temp(const char *text)
{
	char *path = xstrdup("/tmp/kakanai-conf-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* 8. Configuration: values trimmed, comments skipped, mistakes named
 * by file:line. */
static void
test_config(void **state)
{
	static const struct {
		const char *text;
		const char *error;	/* NULL: loads */
	} cases[] = {
		{ "# town\ntown.name = 日の出町 \n\nprinter=counter1\n", NULL },
		{ "town.name = a\nno equals here\n", ":2: expected `key = value`" },
		{ "clerk = a\nclerk = b\n", ":2: clerk is set twice" },
		{ "a = 1\n", ":1: a: not a configuration key" },
		{ "retention_days = 2147483648\n",
		  ":1: retention_days: out of range" },
		{ "printer.offset_x = nan\n",
		  ":1: printer.offset_x: not a number" },
		{ "printer.offset_y = -50.5\n",
		  ":1: printer.offset_y: out of range" },
		{ " = 1\n", ":1: missing key" },
		{ "a = \x82\xa0\n", "not UTF-8" },
	};
	struct config *cf;
	char *path, *cause;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		path = write_temp(cases[i].text);
		cause = NULL;
		cf = config_load(path, &cause);
		if (cases[i].error == NULL) {
			assert_non_null(cf);
			assert_string_equal(config_get(cf, "town.name"),
			    "日の出町");
			assert_string_equal(config_get(cf, "printer"),
			    "counter1");
			assert_null(config_get(cf, "db"));
			config_free(cf);
		} else {
			assert_null(cf);
			assert_non_null(strstr(cause, cases[i].error));
			assert_non_null(strstr(cause, path));
			free(cause);
		}
		unlink(path);
		free(path);
	}
}

/* 9. Diagnostics are formatted file:line: message, in order. */
static void
test_diag(void **state)
{
	struct diag dg = { 0 };
	char *all;

	(void)state;
	assert_null(diag_join(&dg));
	diag_add(&dg, "forms/a.form", 3, "unknown statement \"%s\"", "feild");
	diag_add(&dg, "forms/a.form", 0, "no page");
	all = diag_join(&dg);
	assert_string_equal(all, "forms/a.form:3: unknown statement "
	    "\"feild\"\nforms/a.form: no page");
	free(all);
	diag_free(&dg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_utf8_roundtrip),
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_date_days),
		cmocka_unit_test(test_date_iso),
		cmocka_unit_test(test_file_atomic),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_diag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
