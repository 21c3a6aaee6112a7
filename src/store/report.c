/*
 * report.c - how the counter is doing: visits per day and per hour as text
 * bar charts, forms per procedure, and minutes from start to print.
 *
 * Everything is read from visits, documents and document_forms; a visit
 * belongs to the local day (and hour) it was begun. Times to print are
 * printed - started of visits printed at least once; the median is the
 * mean of the two middle values for an even count, the 90th percentile
 * is the nearest rank (ceil(0.9 n)-th smallest), so with few visits it is
 * an actual visit's time. Cancelled visits count as visits, not as
 * printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

#define BAR_WIDTH 40
#define RANGE_SQL \
	" (?1 IS NULL OR date(v.started, 'unixepoch', 'localtime') >= ?1)" \
	" AND (?2 IS NULL OR date(v.started, 'unixepoch', 'localtime') <= ?2)"

static sqlite3_stmt *
report_query(struct store *s, const char *sql, const struct report_opts *o,
    char **cause)
{
	sqlite3_stmt *st = store_prepare(s, sql, cause);

	if (st == NULL)
		return NULL;
	if (o->since != NULL)
		sqlite3_bind_text(st, 1, o->since, -1, SQLITE_STATIC);
	if (o->until != NULL)
		sqlite3_bind_text(st, 2, o->until, -1, SQLITE_STATIC);
	return st;
}

static void
bar(struct strbuf *sb, const char *label, long n, long max)
{
	long w = max > 0 ? (n * BAR_WIDTH + max - 1) / max : 0, i;

	sb_addf(sb, "  %-10s %5ld ", label, n);
	for (i = 0; i < w; i++)
		sb_addc(sb, '#');
	sb_addc(sb, '\n');
}

static int
report_days(struct store *s, const struct report_opts *o, struct strbuf *sb,
    char **cause)
{
	sqlite3_stmt *st;
	char **days = NULL;
	long *counts = NULL, max = 0, total = 0;
	size_t n = 0, i;
	int rc;

	st = report_query(s, "SELECT date(v.started, 'unixepoch', 'localtime')"
	    " AS d, count(*) FROM visits v WHERE" RANGE_SQL
	    " GROUP BY d ORDER BY d", o, cause);
	if (st == NULL)
		return -1;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		days = xreallocarray(days, n + 1, sizeof *days);
		counts = xreallocarray(counts, n + 1, sizeof *counts);
		days[n] = store_col(st, 0);
		counts[n] = (long)sqlite3_column_int64(st, 1);
		if (counts[n] > max)
			max = counts[n];
		total += counts[n++];
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "report");
		rc = -1;
	} else {
		sb_addf(sb, "Visits per day (%ld in all)\n", total);
		for (i = 0; i < n; i++)
			bar(sb, days[i], counts[i], max);
		if (n == 0)
			sb_add(sb, "  (none)\n");
		rc = 0;
	}
	for (i = 0; i < n; i++)
		free(days[i]);
	free(days);
	free(counts);
	return rc;
}

static int
report_hours(struct store *s, const struct report_opts *o,
    struct strbuf *sb, char **cause)
{
	sqlite3_stmt *st;
	long counts[24] = { 0 }, max = 0;
	int rc, h, first = 24, last = -1;
	char label[16];

	st = report_query(s, "SELECT CAST(strftime('%H', v.started,"
	    " 'unixepoch', 'localtime') AS INTEGER) AS h, count(*)"
	    " FROM visits v WHERE" RANGE_SQL " GROUP BY h", o, cause);
	if (st == NULL)
		return -1;
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		h = sqlite3_column_int(st, 0);
		if (h < 0 || h > 23)
			continue;
		counts[h] = (long)sqlite3_column_int64(st, 1);
		if (counts[h] > max)
			max = counts[h];
		if (h < first)
			first = h;
		if (h > last)
			last = h;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "report");
		return -1;
	}
	sb_add(sb, "\nVisits per hour begun\n");
	for (h = first; h <= last; h++) {
		snprintf(label, sizeof label, "%02d:00", h);
		bar(sb, label, counts[h], max);
	}
	if (last < 0)
		sb_add(sb, "  (none)\n");
	return 0;
}

static int
report_forms(struct store *s, const struct report_opts *o,
    struct strbuf *sb, char **cause)
{
	sqlite3_stmt *st;
	char *event, *prev = NULL, *form;
	int rc;

	st = report_query(s, "SELECT e.event, e.visits, f.form_id, f.n FROM"
	    " (SELECT v.event AS event, count(*) AS visits FROM visits v"
	    "  WHERE" RANGE_SQL " GROUP BY v.event) e"
	    " LEFT JOIN (SELECT v.event AS event, df.form_id AS form_id,"
	    "  count(DISTINCT v.id) AS n FROM visits v"
	    "  JOIN documents d ON d.visit_id = v.id"
	    "  JOIN document_forms df ON df.document_id = d.id"
	    "  WHERE" RANGE_SQL " GROUP BY v.event, df.form_id) f"
	    " ON f.event = e.event ORDER BY e.visits DESC, e.event, f.n DESC,"
	    " f.form_id", o, cause);
	if (st == NULL)
		return -1;
	sb_add(sb, "\nForms per procedure (visits that got each form)\n");
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		event = store_col(st, 0);
		if (prev == NULL || strcmp(prev, event) != 0) {
			sb_addf(sb, "  %s: %lld visits\n", *event != '\0' ?
			    event : "(no procedure)",
			    (long long)sqlite3_column_int64(st, 1));
			free(prev);
			prev = event;
		} else
			free(event);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			form = store_col(st, 2);
			sb_addf(sb, "    %-20s %5lld\n", form,
			    (long long)sqlite3_column_int64(st, 3));
			free(form);
		}
	}
	if (prev == NULL)
		sb_add(sb, "  (none)\n");
	free(prev);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "report");
		return -1;
	}
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
times_line(struct strbuf *sb, const char *who, double *m, size_t n)
{
	double median, p90;
	size_t rank;

	qsort(m, n, sizeof *m, cmp_double);
	median = n % 2 == 1 ? m[n / 2] : (m[n / 2 - 1] + m[n / 2]) / 2.0;
	rank = (size_t)ceil(0.9 * (double)n);
	if (rank < 1)
		rank = 1;
	p90 = m[rank - 1];
	sb_addf(sb, "  %-16s %5zu printed  median %6.1f min  90%% %6.1f min\n",
	    who, n, median, p90);
}

static int
report_times(struct store *s, const struct report_opts *o,
    struct strbuf *sb, char **cause)
{
	sqlite3_stmt *st;
	double *all = NULL, *mine = NULL, min;
	size_t nall = 0, nmine = 0;
	char *clerk, *prev = NULL;
	int rc;

	st = report_query(s, "SELECT v.clerk, v.printed - v.started FROM"
	    " visits v WHERE v.printed > 0 AND" RANGE_SQL
	    " ORDER BY v.clerk", o, cause);
	if (st == NULL)
		return -1;
	sb_add(sb, "\nMinutes from start to print\n");
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		clerk = store_col(st, 0);
		min = (double)sqlite3_column_int64(st, 1) / 60.0;
		if (prev != NULL && strcmp(prev, clerk) != 0) {
			times_line(sb, prev, mine, nmine);
			nmine = 0;
		}
		free(prev);
		prev = clerk;
		mine = xreallocarray(mine, nmine + 1, sizeof *mine);
		mine[nmine++] = min;
		all = xreallocarray(all, nall + 1, sizeof *all);
		all[nall++] = min;
	}
	sqlite3_finalize(st);
	if (prev != NULL)
		times_line(sb, prev, mine, nmine);
	if (nall > 0)
		times_line(sb, "(all clerks)", all, nall);
	else
		sb_add(sb, "  (no visit printed)\n");
	free(prev);
	free(mine);
	free(all);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "report");
		return -1;
	}
	return 0;
}

int
report_text(struct store *s, const struct report_opts *o, char **out,
    char **cause)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_addf(&sb, "kakanai report, %s to %s\n\n",
	    o->since != NULL ? o->since : "the first visit",
	    o->until != NULL ? o->until : "the last");
	if (report_days(s, o, &sb, cause) != 0 ||
	    report_hours(s, o, &sb, cause) != 0 ||
	    report_forms(s, o, &sb, cause) != 0 ||
	    report_times(s, o, &sb, cause) != 0) {
		sb_free(&sb);
		return -1;
	}
	*out = sb_detach(&sb);
	return 0;
}
