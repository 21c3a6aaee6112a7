/*
 * date.c - proleptic Gregorian dates as (y, m, d) and as day numbers.
 *
 * Day numbers count from 1970-01-01 using Howard Hinnant's
 * days_from_civil algorithm, exact for every year this program meets.
 */
#include <stdio.h>
#include <string.h>

#include "util/util.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_valid(struct date d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int max;

	if (d.y < 1 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1)
		return 0;
	max = mdays[d.m - 1] + (d.m == 2 && is_leap(d.y));
	return d.d <= max;
}

int64_t
date_to_days(struct date d)
{
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date
date_from_days(int64_t z)
{
	struct date d;
	int64_t era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.y = (int)(y + (d.m <= 2));
	return d;
}

int
date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

struct date
date_add_days(struct date d, int n)
{
	return date_from_days(date_to_days(d) + n);
}

int
date_parse_iso(const char *s, struct date *out)
{
	struct date d;
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	d.y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	d.m = (s[5] - '0') * 10 + (s[6] - '0');
	d.d = (s[8] - '0') * 10 + (s[9] - '0');
	if (!date_valid(d))
		return -1;
	*out = d;
	return 0;
}

char *
date_format_iso(struct date d, char *buf)
{
	unsigned y = (unsigned)d.y % 10000, m = (unsigned)d.m % 100,
	    day = (unsigned)d.d % 100;

	snprintf(buf, 11, "%04u-%02u-%02u", y, m, day);
	return buf;
}
