/*
 * test-wareki.c - eras at every boundary, 元年, the 1873 lower bound and
 * every input shape a clerk types (domain.md §1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dict/dict.h"

/* 1. Date → era on both sides of every boundary. */
static const struct {
	struct date d;
	enum era era;
	int year;
} to_era[] = {
	{ { 1873, 1, 1 }, ERA_MEIJI, 6 },
	{ { 1912, 7, 29 }, ERA_MEIJI, 45 },
	{ { 1912, 7, 30 }, ERA_TAISHO, 1 },
	{ { 1926, 12, 24 }, ERA_TAISHO, 15 },
	{ { 1926, 12, 25 }, ERA_SHOWA, 1 },
	{ { 1989, 1, 7 }, ERA_SHOWA, 64 },
	{ { 1989, 1, 8 }, ERA_HEISEI, 1 },
	{ { 2019, 4, 30 }, ERA_HEISEI, 31 },
	{ { 2019, 5, 1 }, ERA_REIWA, 1 },
	{ { 2026, 11, 21 }, ERA_REIWA, 8 },
};

static void
test_from_date(void **state)
{
	struct wareki w;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(to_era); i++) {
		assert_int_equal(wareki_from_date(to_era[i].d, &w), 0);
		assert_int_equal(w.era, to_era[i].era);
		assert_int_equal(w.year, to_era[i].year);
		assert_int_equal(w.month, to_era[i].d.m);
		assert_int_equal(w.day, to_era[i].d.d);
	}
	assert_int_equal(wareki_from_date((struct date){ 1872, 12, 31 }, &w),
	    -1);
}

/* 2. Formatting: 元年 by option, full-width digits. */
static const struct {
	struct date d;
	int flags;
	const char *want;
} formats[] = {
	{ { 2019, 5, 1 }, WAREKI_GANNEN, "令和元年5月1日" },
	{ { 2019, 5, 1 }, 0, "令和1年5月1日" },
	{ { 2019, 4, 30 }, WAREKI_GANNEN, "平成31年4月30日" },
	{ { 1989, 1, 7 }, WAREKI_GANNEN, "昭和64年1月7日" },
	{ { 1989, 1, 8 }, WAREKI_GANNEN, "平成元年1月8日" },
	{ { 1926, 12, 25 }, WAREKI_GANNEN, "昭和元年12月25日" },
	{ { 1926, 12, 24 }, WAREKI_GANNEN, "大正15年12月24日" },
	{ { 1912, 7, 30 }, WAREKI_GANNEN, "大正元年7月30日" },
	{ { 1912, 7, 29 }, WAREKI_GANNEN, "明治45年7月29日" },
	{ { 2026, 11, 21 }, WAREKI_FULLWIDTH, "令和８年１１月２１日" },
	{ { 2019, 5, 1 }, WAREKI_FULLWIDTH | WAREKI_GANNEN, "令和元年５月１日" },
	{ { 1872, 12, 31 }, WAREKI_GANNEN, "1872-12-31" },
};

static void
test_format(void **state)
{
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < nitems(formats); i++) {
		s = wareki_format(formats[i].d, formats[i].flags);
		assert_string_equal(s, formats[i].want);
		free(s);
	}
	s = wareki_year_string(1, WAREKI_GANNEN);
	assert_string_equal(s, "元");
	free(s);
	s = wareki_year_string(1, 0);
	assert_string_equal(s, "1");
	free(s);
	s = wareki_year_string(8, WAREKI_FULLWIDTH);
	assert_string_equal(s, "８");
	free(s);
	assert_string_equal(wareki_era_name(ERA_REIWA), "令和");
	assert_string_equal(wareki_era_short(ERA_SHOWA), "昭");
	assert_int_equal(wareki_era_letter(ERA_HEISEI), 'H');
}

/* 3. Era → date, both sides of each boundary, and refusals. */
static void
test_to_date(void **state)
{
	struct date d;
	char *cause = NULL;

	(void)state;
	assert_int_equal(wareki_to_date(ERA_SHOWA, 64, 1, 7, &d, &cause), 0);
	assert_int_equal(d.y, 1989);
	assert_int_equal(wareki_to_date(ERA_SHOWA, 64, 1, 8, &d, &cause), -1);
	assert_non_null(strstr(cause, "昭和は64年"));
	free(cause);
	assert_int_equal(wareki_to_date(ERA_HEISEI, 1, 1, 7, &d, &cause), -1);
	assert_non_null(strstr(cause, "平成は元年1月8日"));
	free(cause);
	assert_int_equal(wareki_to_date(ERA_HEISEI, 31, 4, 30, &d, &cause), 0);
	assert_int_equal(wareki_to_date(ERA_HEISEI, 31, 5, 1, &d, &cause), -1);
	assert_non_null(strstr(cause, "平成は31年"));
	free(cause);
	assert_int_equal(wareki_to_date(ERA_REIWA, 1, 4, 30, &d, &cause), -1);
	free(cause);
	assert_int_equal(wareki_to_date(ERA_REIWA, 1, 5, 1, &d, &cause), 0);
	assert_int_equal(wareki_to_date(ERA_TAISHO, 15, 12, 25, &d, &cause),
	    -1);
	free(cause);
	assert_int_equal(wareki_to_date(ERA_TAISHO, 1, 7, 29, &d, &cause), -1);
	free(cause);
	assert_int_equal(wareki_to_date(ERA_MEIJI, 45, 7, 30, &d, &cause), -1);
	free(cause);
	assert_int_equal(wareki_to_date(ERA_MEIJI, 6, 1, 1, &d, &cause), 0);
	assert_int_equal(wareki_to_date(ERA_MEIJI, 5, 12, 31, &d, &cause), -1);
	assert_non_null(strstr(cause, "1873"));
	free(cause);
	assert_int_equal(wareki_to_date(ERA_SHOWA, 0, 1, 1, &d, &cause), -1);
	free(cause);
	assert_int_equal(wareki_to_date(ERA_SHOWA, 45, 2, 30, &d, &cause), -1);
	free(cause);
}

/* 4. Accepted input shapes. */
static const struct {
	const char *in;
	const char *want;
} accepted[] = {
	{ "S45.3.12", "1970-03-12" },
	{ "S450312", "1970-03-12" },
	{ "s45.3.12", "1970-03-12" },
	{ "R1.5.1", "2019-05-01" },
	{ "R010501", "2019-05-01" },
	{ "H31.4.30", "2019-04-30" },
	{ "H1.1.8", "1989-01-08" },
	{ "S64.1.7", "1989-01-07" },
	{ "T15.12.24", "1926-12-24" },
	{ "M45.7.29", "1912-07-29" },
	{ "M6.1.1", "1873-01-01" },
	{ "S45/3/12", "1970-03-12" },
	{ "1970-03-12", "1970-03-12" },
	{ "19700312", "1970-03-12" },
	{ "1970/3/12", "1970-03-12" },
	{ "1970.3.12", "1970-03-12" },
	{ "1970年3月12日", "1970-03-12" },
	{ "昭和45年3月12日", "1970-03-12" },
	{ "令和元年5月1日", "2019-05-01" },
	{ "平成元年1月8日", "1989-01-08" },
	{ "Ｓ４５．３．１２", "1970-03-12" },
	{ "Ｓ４５０３１２", "1970-03-12" },
	{ "１９７０－０３－１２", "1970-03-12" },
	{ "１９７０年３月１２日", "1970-03-12" },
	{ "昭和４５年３月１２日", "1970-03-12" },
	{ " R8.11.21 ", "2026-11-21" },
	{ "2000-02-29", "2000-02-29" },
};

static void
test_parse_ok(void **state)
{
	struct date d;
	char *cause = NULL, buf[11];
	size_t i;

	(void)state;
	for (i = 0; i < nitems(accepted); i++) {
		if (date_parse_input(accepted[i].in, &d, &cause) != 0)
			fail_msg("%s: %s", accepted[i].in, cause);
		assert_string_equal(date_format_iso(d, buf), accepted[i].want);
	}
}

/* 5. Refused inputs, with a word the message must contain. */
static const struct {
	const char *in;
	const char *msg;
} refused[] = {
	{ "昭和65年1月1日", "昭和は64年" },
	{ "S65.1.1", "昭和は64年" },
	{ "S64.1.8", "昭和は64年" },
	{ "平成31年5月1日", "平成は31年" },
	{ "H31.5.1", "平成は31年" },
	{ "平成32年1月1日", "平成は31年" },
	{ "H32.1.1", "平成は31年" },
	{ "R1.4.30", "令和は元年5月1日" },
	{ "T15.12.25", "大正は15年" },
	{ "M45.7.30", "明治は45年" },
	{ "M5.12.31", "1873" },
	{ "1872-12-31", "1873" },
	{ "1868-01-25", "1873" },
	{ "2001-02-29", "ありません" },
	{ "S45.2.30", "ありません" },
	{ "1970-13-01", "ありません" },
	{ "X45.3.12", "元号" },
	{ "S4503", "読めません" },
	{ "1970-3/12", "読めません" },
	{ "きのう", "読めません" },
	{ "1970-03-12x", "読めません" },
	{ "", "読めません" },
};

static void
test_parse_refused(void **state)
{
	struct date d;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(refused); i++) {
		cause = NULL;
		if (date_parse_input(refused[i].in, &d, &cause) == 0)
			fail_msg("%s accepted", refused[i].in);
		assert_non_null(cause);
		if (strstr(cause, refused[i].msg) == NULL)
			fail_msg("%s: \"%s\" lacks \"%s\"", refused[i].in,
			    cause, refused[i].msg);
		free(cause);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_date),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_to_date),
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
