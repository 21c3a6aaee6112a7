/*
 * test-form-cond.c - the condition language of `applies` and `where`:
 * parsing mistakes with their column, and evaluation against small visits
 * (ages and grades derived on the 異動日), counts, `in`, truthiness,
 * numeric against text comparison, and form_applies' reason.
 *
 * Uses the real data/dictionary.txt (tests run from the top of the tree).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form/form.h"
#include "unit/fixture.h"

static struct dict *dict;
static struct visit *visit;

/* A household of four moving in on 2026-11-01: 76, 71, an 11-year-old in
 * 5th grade, and a 6-year-old not yet at school. */
static const char *const household[][2] = {
	{ "event", "転入" },
	{ "filed_date", "2026-11-21" },
	{ "move_date", "R8.11.1" },
	{ "cert.include_honseki", "いいえ" },
	{ "cert.count", "2" },
	{ "person.1.name", "山田 太郎" },
	{ "person.1.birth", "S25.1.1" },
	{ "person.1.sex", "男" },
	{ "person.2.name", "山田 花子" },
	{ "person.2.birth", "1955-05-05" },
	{ "person.2.sex", "女" },
	{ "person.3.name", "山田 一郎" },
	{ "person.3.birth", "2015-06-01" },
	{ "person.3.sex", "男" },
	{ "person.4.name", "山田 二郎" },
	{ "person.4.birth", "2020-04-02" },
	{ "person.4.sex", "男" },
};

static int
setup(void **state)
{
	char *cause = NULL;
	size_t i;

	(void)state;
	if ((dict = fixture_dict()) == NULL)
		return -1;
	visit = visit_new();
	for (i = 0; i < nitems(household); i++) {
		if (visit_set(visit, dict, household[i][0], household[i][1],
		    &cause) != 0) {
			fprintf(stderr, "%s: %s\n", household[i][0], cause);
			free(cause);
			return -1;
		}
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	visit_free(visit);
	dict_free(dict);
	return 0;
}

static struct derive_ctx
ctx_of(const struct visit *v)
{
	struct derive_ctx ctx;

	memset(&ctx, 0, sizeof ctx);
	ctx.visit = v;
	ctx.dict = dict;
	ctx.today = (struct date){ 2026, 11, 21 };
	return ctx;
}

/* 1-24. Conditions at the top level: result and the first count(). */
static void
test_eval(void **state)
{
	static const struct {
		int n;
		const char *cond;
		int want;
		long count;
	} cases[] = {
		{ 1, "event = 転入", 1, 0 },
		{ 2, "event in (転居, 転入)", 1, 0 },
		{ 3, "event != 転入", 0, 0 },
		{ 4, "count(person) = 4", 1, 4 },
		{ 5, "count(person where age >= 65) >= 2", 1, 2 },
		{ 6, "count(person where person.age >= 65 and sex = 女) = 1",
		  1, 1 },
		{ 7, "count(person where grade >= 1 and grade <= 6)", 1, 1 },
		{ 8, "cert.include_honseki", 0, 0 },
		{ 9, "not cert.include_honseki", 1, 0 },
		{ 10, "cert.count > 1", 1, 0 },
		/* Numeric, not text: "2" > "10" as text. */
		{ 11, "cert.count > 10", 0, 0 },
		{ 12, "person.1.age > 70 or event = 転出", 1, 0 },
		{ 13, "(event = 転出 or event = 転居) and count(person) > 0",
		  0, 0 },
		{ 14, "note", 0, 0 },
		{ 15, "note = \"\"", 1, 0 },
		/* A missing value is neither less nor more than anything. */
		{ 16, "person.5.age < 200", 0, 0 },
		{ 17, "person.5.age >= 0", 0, 0 },
		{ 18, "move_date >= 2026-11-01 and move_date < 2026-11-02", 1,
		  0 },
		{ 19, "\"転入\" = event", 1, 0 },
		{ 20, "count(person where age < 18) = 2 and count(person) = 4",
		  1, 2 },
		{ 21, "count(person where count(person where age > 70) = 2) = 4",
		  1, 4 },
		{ 22, "-1 < 0", 1, 0 },
		{ 23, "person.4.grade <= 0 and person.3.grade = 5", 1, 0 },
		{ 24, "not not (event = 転入) and count(person where sex = 男 "
		  "and age in (76, 6)) = 2", 1, 2 },
	};
	struct derive_ctx ctx = ctx_of(visit);
	struct form_cond *c;
	char *cause = NULL;
	size_t i;
	long count;
	int got, failed = 0;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		c = form_cond_parse(cases[i].cond, dict, NULL, &cause);
		if (c == NULL) {
			fprintf(stderr, "case %d: %s\n", cases[i].n, cause);
			free(cause);
			failed++;
			continue;
		}
		count = -1;
		got = form_cond_eval(c, &ctx, 0, &count);
		if (got != cases[i].want || count != cases[i].count) {
			fprintf(stderr, "case %d: %s: got %d count %ld\n",
			    cases[i].n, cases[i].cond, got, count);
			failed++;
		}
		form_cond_free(c);
	}
	assert_int_equal(failed, 0);
}

/* 25-40. Mistakes, with the column they are at. */
static void
test_errors(void **state)
{
	static const struct {
		int n;
		const char *cond;
		const char *group;
		const char *want;
	} cases[] = {
		{ 25, "event =", NULL, "column 8: expected a value, at the "
		  "end of the condition" },
		{ 26, "age >= 65", NULL, "column 1: unknown item \"age\" (quote a "
		  "text that is not an item)" },
		{ 27, "person.age >= 65", NULL, "column 1: person.age is an item "
		  "of each member of person: write person.1.age" },
		{ 28, "count(person where age >= 65", NULL, "column 29: "
		  "expected \")\" to close count(person, at the end" },
		{ 29, "event in 転入", NULL, "column 10: expected \"(\" after "
		  "in, at \"転入\"" },
		{ 30, "event = 転入 転出", NULL, "column 12: expected and, or, "
		  "an operator or the end, at \"転出\"" },
		{ 31, "person", NULL, "column 1: person is a group" },
		{ 32, "event <> 転入", NULL, "column 7: unknown operator \"<>\"" },
		{ 33, "  ", NULL, "empty condition" },
		{ 34, "count(person where foo = 1)", NULL, "column 20: unknown "
		  "item" },
		{ 35, "event = \"転入", NULL, "column 9: unterminated quote" },
		{ 36, "count(house) > 1", NULL, "column 7: unknown group in "
		  "count(), at \"house\"" },
		{ 37, "event = 転入 and", NULL, "column 15: expected a value, at "
		  "the end" },
		{ 38, "event = (転入)", NULL, "column 9: expected a value, at "
		  "\"(\"" },
		{ 39, "x", "persons", "unknown group \"persons\"" },
		{ 40, "person.99.age > 1", NULL, "column 1: person has at most "
		  "20 members" },
	};
	struct form_cond *c;
	char *cause;
	size_t i;
	int failed = 0;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		cause = NULL;
		c = form_cond_parse(cases[i].cond, dict, cases[i].group,
		    &cause);
		if (c != NULL || cause == NULL ||
		    strstr(cause, cases[i].want) == NULL) {
			fprintf(stderr, "case %d: want %s\n    got %s\n",
			    cases[i].n, cases[i].want,
			    cause != NULL ? cause : "(accepted)");
			failed++;
		}
		form_cond_free(c);
		free(cause);
	}
	assert_int_equal(failed, 0);
}

/* 41. A `where` of rows: index is the member; bare fields and
 * GROUP.FIELD both mean it; top-level keys still work. */
static void
test_where(void **state)
{
	struct derive_ctx ctx = ctx_of(visit);
	struct form_cond *c;
	char *cause = NULL;
	long count;

	(void)state;
	c = form_cond_parse("age >= 65 and person.sex = 女 and event = 転入",
	    dict, "person", &cause);
	assert_non_null(c);
	assert_int_equal(form_cond_eval(c, &ctx, 1, &count), 0);
	assert_int_equal(form_cond_eval(c, &ctx, 2, &count), 1);
	assert_int_equal(form_cond_eval(c, &ctx, 3, &count), 0);
	assert_int_equal(form_cond_eval(c, &ctx, 9, &count), 0);
	assert_int_equal(count, 0);
	form_cond_free(c);
}

/* 42. form_applies: the reason with {count} filled in; a form without
 * applies is never proposed by itself. */
static void
test_applies(void **state)
{
	static const char head[] = "form t\ntitle t\nversion 1\n"
	    "effective 2024-04-01\npaper A4 portrait\nunit mm\nfont mincho\n";
	struct derive_ctx ctx = ctx_of(visit);
	struct diag dg = { 0 };
	struct form *f;
	char *text, *reason = NULL;

	(void)state;
	text = xasprintf("%sapplies event in (転入, 転居) and "
	    "count(person where age >= 65) >= 1\n"
	    "reason 65歳以上の方が{count}人({count})\n", head);
	f = form_parse("t.form", text, dict, NULL, &dg);
	assert_non_null(f);
	assert_int_equal(form_applies(f, &ctx, &reason), 1);
	assert_string_equal(reason, "65歳以上の方が2人(2)");
	free(reason);
	assert_int_equal(form_applies(f, &ctx, NULL), 1);
	form_free(f);
	free(text);

	text = xasprintf("%sapplies event = 転出\nreason r\n", head);
	f = form_parse("t.form", text, dict, NULL, &dg);
	assert_non_null(f);
	reason = (char *)"untouched";
	assert_int_equal(form_applies(f, &ctx, &reason), 0);
	assert_null(reason);
	form_free(f);
	free(text);

	f = form_parse("t.form", head, dict, NULL, &dg);
	assert_non_null(f);
	assert_int_equal(form_applies(f, &ctx, &reason), 0);
	form_free(f);
	assert_int_equal(dg.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eval),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_applies),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
