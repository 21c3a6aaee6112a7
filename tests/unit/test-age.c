/*
 * test-age.c - the age rule (年齢計算ニ関スル法律: a year older at the end
 * of the day before the birthday), 29 February, and school grades with
 * the 1 April / 2 April entry boundary (domain.md §2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dict/dict.h"

static const struct {
	struct date birth, on;
	int age;
} ages[] = {
	/* 1 */ { { 1970, 3, 12 }, { 2026, 3, 10 }, 55 },
	/* 2 */ { { 1970, 3, 12 }, { 2026, 3, 11 }, 56 },	/* day before */
	/* 3 */ { { 1970, 3, 12 }, { 2026, 3, 12 }, 56 },
	/* 4 */ { { 2004, 2, 29 }, { 2024, 2, 27 }, 19 },
	/* 5 */ { { 2004, 2, 29 }, { 2024, 2, 28 }, 20 },	/* leap year */
	/* 6 */ { { 2004, 2, 29 }, { 2023, 2, 27 }, 18 },
	/* 7 */ { { 2004, 2, 29 }, { 2023, 2, 28 }, 19 },	/* common year */
	/* 8 */ { { 2004, 2, 29 }, { 2023, 3, 1 }, 19 },
	/* 9 */ { { 2004, 3, 1 }, { 2023, 2, 27 }, 18 },
	/* 10 */ { { 2004, 3, 1 }, { 2023, 2, 28 }, 19 },	/* B' = 2/29 */
	/* 11 */ { { 1946, 3, 5 }, { 2026, 11, 16 }, 80 },
	/* 12 */ { { 1961, 11, 22 }, { 2026, 11, 21 }, 65 },
	/* 13 */ { { 1961, 11, 23 }, { 2026, 11, 21 }, 64 },
	/* 14 */ { { 2026, 6, 10 }, { 2026, 11, 21 }, 0 },
	/* 15 */ { { 2000, 1, 1 }, { 2025, 12, 31 }, 26 },	/* B' in 1999 */
	/* 16 */ { { 2000, 1, 1 }, { 2025, 12, 30 }, 25 },
};

static void
test_age(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nitems(ages); i++)
		if (age_on(ages[i].birth, ages[i].on) != ages[i].age)
			fail_msg("case %zu: got %d, want %d", i + 1,
			    age_on(ages[i].birth, ages[i].on), ages[i].age);
}

static const struct {
	struct date birth, on;
	int grade;
} grades[] = {
	/* 1 */ { { 2019, 4, 1 }, { 2026, 11, 21 }, 2 },	/* 早生まれ */
	/* 2 */ { { 2019, 4, 2 }, { 2026, 11, 21 }, 1 },
	/* 3 */ { { 2019, 4, 1 }, { 2025, 3, 31 }, 0 },
	/* 4 */ { { 2019, 4, 1 }, { 2025, 4, 1 }, 1 },	/* entry day */
	/* 5 */ { { 2019, 4, 2 }, { 2025, 4, 1 }, 0 },
	/* 6 */ { { 2019, 4, 2 }, { 2026, 4, 1 }, 1 },
	/* 7 */ { { 2020, 1, 15 }, { 2026, 11, 21 }, 1 },
	/* 8 */ { { 2013, 4, 2 }, { 2026, 11, 21 }, 7 },	/* 中1 */
	/* 9 */ { { 2013, 4, 1 }, { 2026, 11, 21 }, 8 },
	/* 10 */ { { 2011, 4, 2 }, { 2027, 3, 31 }, 9 },	/* 中3 */
	/* 11 */ { { 2008, 4, 2 }, { 2026, 11, 21 }, 12 },	/* 高3 */
	/* 12 */ { { 2008, 4, 1 }, { 2026, 11, 21 }, 13 },
	/* 13 */ { { 2026, 6, 10 }, { 2026, 11, 21 }, -6 },
	/* 14 */ { { 2016, 5, 10 }, { 2026, 11, 21 }, 4 },
	/* 15 */ { { 2012, 2, 29 }, { 2026, 11, 21 }, 9 },
};

static void
test_grade(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < nitems(grades); i++)
		if (age_school_grade(grades[i].birth, grades[i].on) !=
		    grades[i].grade)
			fail_msg("case %zu: got %d, want %d", i + 1,
			    age_school_grade(grades[i].birth, grades[i].on),
			    grades[i].grade);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_grade),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
