/*
 * clock.c - the date and time kakanai believes it is.
 *
 * Ages, eligibility and the default 届出日 depend on today's date, so tests
 * and batch regeneration fix it with $KAKANAI_TODAY=YYYY-MM-DD (SQLite's
 * sqlite_current_time serves the same purpose).
 */
#include <stdlib.h>
#include <time.h>

#include "util/util.h"

static int
fixed_today(struct date *d)
{
	const char *env = getenv("KAKANAI_TODAY");

	return env != NULL && date_parse_iso(env, d) == 0;
}

struct date
clock_today(void)
{
	struct date d;
	struct tm tm;
	time_t t;

	if (fixed_today(&d))
		return d;
	t = time(NULL);
	localtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

int64_t
clock_now(void)
{
	struct date d;

	if (fixed_today(&d))
		return date_to_days(d) * 86400 + 9 * 3600;
	return (int64_t)time(NULL);
}

double
clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}
