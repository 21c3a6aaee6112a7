/*
 * age.c - ages and school grades (domain.md §2).
 *
 * 年齢計算ニ関スル法律 and 民法 §143: age is counted from the day of birth
 * and a year is complete at the end of the day before the anniversary
 * ("eve"). An age on date D means the age at the end of D. When the
 * anniversary does not exist (29 February in a common year) the year ends
 * with the month (民法 §143 ②): at the end of 28 February.
 *
 * domain.md §2 gives the shortcut B' = birth - 1 day; it agrees with the
 * above except for people born on 1 March: B' is then 29 February, which
 * would make them a year older a day late in common years (they complete
 * the year at the end of 28 February, the day before 1 March). So the eve
 * is computed per year instead.
 *
 * School: 学校教育法 §17 admits a child at the first school year (1 April)
 * after the day it reached six. A child born on 1 April reaches six at the
 * end of 31 March and starts that 1 April; one born on 2 April reaches six
 * at the end of 1 April, after the school year began, and starts a year
 * later.
 */
#include "dict/dict.h"

/* The last day of the k-th year of life: the day before the k-th
 * anniversary, or 28 February for a 29 February birth in a common year. */
static struct date
age_eve(struct date birth, int k)
{
	struct date a = { birth.y + k, birth.m, birth.d };

	if (!date_valid(a))	/* 29 February in a common year */
		return (struct date){ a.y, 2, 28 };
	return date_add_days(a, -1);
}

int
age_on(struct date birth, struct date on)
{
	int k = on.y - birth.y + 1;

	/* The eve of anniversary k may fall in the year before it (births
	 * on 1 January), so start one above and step down. */
	while (k > 0 && date_cmp(age_eve(birth, k), on) > 0)
		k--;
	return k;
}

/* The calendar year whose 1 April the child enters the first grade: the
 * first 1 April on or after the day after it completed six years. */
static int
entry_year(struct date birth)
{
	struct date next = date_add_days(age_eve(birth, 6), 1);

	if (next.m < 4 || (next.m == 4 && next.d == 1))
		return next.y;
	return next.y + 1;
}

int
age_school_grade(struct date birth, struct date on)
{
	int school_year = on.m >= 4 ? on.y : on.y - 1;

	return school_year - entry_year(birth) + 1;
}
