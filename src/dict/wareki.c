/*
 * wareki.c - Japanese eras (和暦): conversion, formatting and the date
 * shapes a clerk types.
 *
 * Representation: struct date (proleptic Gregorian) inside the program;
 * struct wareki {era, year, month, day} only at the edges. The era table
 * below is JIS X 0301:2019 (domain.md §1). 明治 is counted from 1868-01-01
 * as the standard does, but dates before 1873-01-01 were lunisolar and are
 * refused: a living resident is never born then.
 *
 * The classic bug is at the boundaries (2019-04-30 is 平成31年, 2019-05-01
 * is 令和元年; 1989-01-07 is 昭和64年): an era/year/month/day is accepted
 * only if it lies between its era's first and last day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict.h"

static const struct {
	const char *name;
	const char *shortname;
	char letter;
	struct date first;
	struct date last;	/* y == 9999: still in force */
} eras[ERA_COUNT] = {
	{ "明治", "明", 'M', { 1868, 1, 1 }, { 1912, 7, 29 } },
	{ "大正", "大", 'T', { 1912, 7, 30 }, { 1926, 12, 24 } },
	{ "昭和", "昭", 'S', { 1926, 12, 25 }, { 1989, 1, 7 } },
	{ "平成", "平", 'H', { 1989, 1, 8 }, { 2019, 4, 30 } },
	{ "令和", "令", 'R', { 2019, 5, 1 }, { 9999, 12, 31 } },
};

/* The first day of the solar calendar in Japan (明治6年1月1日). */
static const struct date solar_first = { 1873, 1, 1 };

const char *
wareki_era_name(enum era e)
{
	return e < ERA_COUNT ? eras[e].name : "";
}

const char *
wareki_era_short(enum era e)
{
	return e < ERA_COUNT ? eras[e].shortname : "";
}

char
wareki_era_letter(enum era e)
{
	return e < ERA_COUNT ? eras[e].letter : '?';
}

int
wareki_from_date(struct date d, struct wareki *w)
{
	int e;

	if (!date_valid(d) || date_cmp(d, solar_first) < 0)
		return -1;
	for (e = ERA_COUNT - 1; e >= 0; e--) {
		if (date_cmp(d, eras[e].first) >= 0) {
			w->era = (enum era)e;
			w->year = d.y - eras[e].first.y + 1;
			w->month = d.m;
			w->day = d.d;
			return 0;
		}
	}
	return -1;
}

int
wareki_to_date(enum era e, int year, int month, int day, struct date *out,
    char **cause)
{
	struct date d, last;
	int lastyear;

	if (e >= ERA_COUNT) {
		*cause = xstrdup("元号が正しくありません");
		return -1;
	}
	if (year < 1 || year > 200) {
		*cause = xasprintf("%sの年が正しくありません", eras[e].name);
		return -1;
	}
	d.y = eras[e].first.y + year - 1;
	d.m = month;
	d.d = day;
	if (!date_valid(d)) {
		*cause = xasprintf("%s%d年%d月%d日という日はありません",
		    eras[e].name, year, month, day);
		return -1;
	}
	last = eras[e].last;
	if (last.y != 9999 && date_cmp(d, last) > 0) {
		lastyear = last.y - eras[e].first.y + 1;
		*cause = xasprintf("%sは%d年(%d年%d月%d日)までです",
		    eras[e].name, lastyear, last.y, last.m, last.d);
		return -1;
	}
	if (date_cmp(d, solar_first) < 0) {
		*cause = xstrdup("明治6年(1873年)より前の日付は扱えません");
		return -1;
	}
	if (date_cmp(d, eras[e].first) < 0) {
		*cause = xasprintf("%sは元年%d月%d日(%d年)からです",
		    eras[e].name, eras[e].first.m, eras[e].first.d,
		    eras[e].first.y);
		return -1;
	}
	*out = d;
	return 0;
}

/* Append n in ASCII or full-width digits. */
static void
add_number(struct strbuf *sb, int n, int flags)
{
	char buf[16];
	char *p;

	snprintf(buf, sizeof buf, "%d", n);
	if (!(flags & WAREKI_FULLWIDTH)) {
		sb_add(sb, buf);
		return;
	}
	for (p = buf; *p != '\0'; p++)
		sb_add_utf8(sb, 0xff10 + (uint32_t)(*p - '0'));
}

char *
wareki_year_string(int year, int flags)
{
	struct strbuf sb = { 0 };

	if (year == 1 && (flags & WAREKI_GANNEN))
		return xstrdup("元");
	add_number(&sb, year, flags);
	return sb_detach(&sb);
}

char *
wareki_format(struct date d, int flags)
{
	struct strbuf sb = { 0 };
	struct wareki w;
	char *y, buf[11];

	if (wareki_from_date(d, &w) != 0)
		return xstrdup(date_format_iso(d, buf));
	sb_add(&sb, eras[w.era].name);
	y = wareki_year_string(w.year, flags);
	sb_add(&sb, y);
	free(y);
	sb_add(&sb, "年");
	add_number(&sb, w.month, flags);
	sb_add(&sb, "月");
	add_number(&sb, w.day, flags);
	sb_add(&sb, "日");
	return sb_detach(&sb);
}

/*
 * Input parsing. The typed text is first folded to ASCII where a
 * full-width IME may have been on (０-９, Ａ-Ｚ, ａ-ｚ, ．／－ and blanks),
 * then matched against the accepted shapes. Era names in kanji are
 * replaced by their letter, 元 by 1, and 年 月 by '.', 日 dropped, so that
 * 昭和45年3月12日 goes down the same path as S45.3.12.
 */
static char *
fold_input(const char *in)
{
	struct strbuf sb = { 0 };
	size_t len = strlen(in), off = 0, n;
	uint32_t cp;
	int e;

	while (off < len) {
		for (e = 0; e < ERA_COUNT; e++) {
			size_t l = strlen(eras[e].name);
			if (strncmp(in + off, eras[e].name, l) == 0)
				break;
			l = strlen(eras[e].shortname);
			if (strncmp(in + off, eras[e].shortname, l) == 0)
				break;
		}
		if (e < ERA_COUNT) {
			sb_addc(&sb, eras[e].letter);
			off += strncmp(in + off, eras[e].name,
			    strlen(eras[e].name)) == 0 ?
			    strlen(eras[e].name) : strlen(eras[e].shortname);
			continue;
		}
		n = utf8_decode(in + off, len - off, &cp);
		if (n == 0) {
			sb_free(&sb);
			return NULL;
		}
		off += n;
		if (cp >= 0xff01 && cp <= 0xff5e)
			cp -= 0xfee0;
		else if (cp == 0x3000)
			cp = ' ';
		else if (cp == 0x2212 || cp == 0x2010 || cp == 0x30fc)
			cp = '-';
		else if (cp == 0x5143)		/* 元 */
			cp = '1';
		else if (cp == 0x5e74 || cp == 0x6708)	/* 年 月 */
			cp = '.';
		else if (cp == 0x65e5)		/* 日 */
			continue;
		if (cp == ' ' || cp == '\t')
			continue;
		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		sb_add_utf8(&sb, cp);
	}
	return sb_detach(&sb);
}

/* Read up to max digits at *p; -1 if there is none. */
static int
read_num(const char **p, int max, int *ndigits)
{
	int v = 0, n = 0;

	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (ndigits != NULL)
		*ndigits = n;
	return n == 0 ? -1 : v;
}

/* Three numbers separated by one of . / -, or packed as fixed widths. */
static int
split_ymd(const char *s, int yw, int *y, int *m, int *d)
{
	const char *p = s;
	char sep;
	int n;

	if (strlen(s) == (size_t)yw + 4 && strspn(s, "0123456789") ==
	    strlen(s)) {
		*y = read_num(&p, yw, NULL);
		*m = read_num(&p, 2, NULL);
		*d = read_num(&p, 2, NULL);
		return 0;
	}
	if ((*y = read_num(&p, yw == 4 ? 4 : 3, &n)) < 0)
		return -1;
	if (yw == 4 && n != 4)
		return -1;
	sep = *p;
	if (sep != '.' && sep != '/' && sep != '-')
		return -1;
	p++;
	if ((*m = read_num(&p, 2, NULL)) < 0 || *p != sep)
		return -1;
	p++;
	if ((*d = read_num(&p, 2, NULL)) < 0)
		return -1;
	if (*p == '.' && p[1] == '\0')	/* 1970年3月12日 → 1970.3.12 */
		p++;
	return *p == '\0' ? 0 : -1;
}

int
date_parse_input(const char *in, struct date *out, char **cause)
{
	char *s;
	int e, y, m, d, rc;
	struct date dt;

	s = fold_input(in);
	if (s == NULL) {
		*cause = xstrdup("日付が UTF-8 として読めません");
		return -1;
	}
	rc = -1;
	if (s[0] >= 'A' && s[0] <= 'Z') {
		for (e = 0; e < ERA_COUNT; e++)
			if (eras[e].letter == s[0])
				break;
		if (e == ERA_COUNT) {
			*cause = xasprintf("「%c」という元号はありません"
			    "(M T S H R)", s[0]);
			goto out;
		}
		if (split_ymd(s + 1, 2, &y, &m, &d) != 0)
			goto shape;
		rc = wareki_to_date((enum era)e, y, m, d, out, cause);
		goto out;
	}
	if (split_ymd(s, 4, &y, &m, &d) != 0)
		goto shape;
	dt.y = y;
	dt.m = m;
	dt.d = d;
	if (!date_valid(dt)) {
		*cause = xasprintf("%d年%d月%d日という日はありません", y, m, d);
		goto out;
	}
	if (date_cmp(dt, solar_first) < 0) {
		*cause = xstrdup("1873年(明治6年)より前の日付は扱えません");
		goto out;
	}
	*out = dt;
	rc = 0;
	goto out;
shape:
	*cause = xasprintf("「%s」は日付として読めません"
	    "(例: S45.3.12  R1.5.1  1970-03-12)", in);
out:
	free(s);
	return rc;
}
