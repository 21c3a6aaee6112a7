/*
 * test-checkdigit.c - the 個人番号 and 法人番号 vectors of domain.md §3.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dict/dict.h"

static const struct {
	const char *s;
	int valid;
} mynumbers[] = {
	/* 1 */ { "123456789018", 1 },
	/* 2 */ { "621498320257", 1 },
	/* 3 */ { "621498320258", 0 },
	/* 4 */ { "123456789010", 0 },
	/* 5 */ { "000000000000", 1 },
	/* 6 */ { "999999999996", 1 },
	/* 7 */ { "12345678901", 0 },		/* 11 digits */
	/* 8 */ { "1234567890188", 0 },		/* 13 digits */
	/* 9 */ { "12345678901a", 0 },
	/* 10 */ { "", 0 },
	/* 11 */ { "1234 5678 9018", 0 },	/* blanks: normalise first */
	/* 12 */ { "304817265919", 1 },		/* the samples' numbers */
	/* 13 */ { "940162738510", 1 },
};

static const struct {
	const char *s;
	int valid;
} corpnumbers[] = {
	/* 1 */ { "7123456789012", 1 },
	/* 2 */ { "5835678256246", 1 },
	/* 3 */ { "2835678256246", 0 },
	/* 4 */ { "4011001098993", 1 },
	/* 5 */ { "4011001098994", 0 },
	/* 6 */ { "123456789012", 0 },
	/* 7 */ { "40110010989x3", 0 },
};

static void
test_mynumber(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nitems(mynumbers); i++)
		if (checkdigit_mynumber(mynumbers[i].s) != mynumbers[i].valid)
			fail_msg("case %zu: %s", i + 1, mynumbers[i].s);
	assert_int_equal(checkdigit_mynumber(NULL), 0);
}

static void
test_corpnumber(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nitems(corpnumbers); i++)
		if (checkdigit_corpnumber(corpnumbers[i].s) !=
		    corpnumbers[i].valid)
			fail_msg("case %zu: %s", i + 1, corpnumbers[i].s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mynumber),
		cmocka_unit_test(test_corpnumber),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
