/*
 * export.c - stored visits as CSV, for Excel and the core systems' input
 * robots.
 *
 * One row per visit; the first row holds the column names: id, status,
 * clerk, started, printed (ISO local times), then every stored dictionary
 * item in dictionary order, a group's items repeated for members 1..N
 * where N is the most members any exported visit has (person.1.name,
 * person.1.kana, ..., person.2.name, ...). Derived items are left out;
 * secret ones (My Number) only with --with-mynumber, and then each visit's
 * read is audited. Fields are quoted when they hold , " CR or LF; lines
 * end in CRLF; UTF-8 is written without a BOM.
 *
 * CP932: a character CP932 cannot hold (𠮷 U+20BB7, a variation selector,
 * U+301C) is written as the escape &#xHHHH; (hex code point, as in
 * HTML) and reported with its row and column; it is never dropped. So
 * that the escape is unambiguous, a literal "&#x" in the data is written
 * "&#x26;#x".
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store-int.h"

struct export_col {
	char *key;		/* person.2.name */
	const struct dict_item *item;
};

struct export_ctx {
	struct strbuf out;
	struct strbuf warn;
	iconv_t cd;		/* (iconv_t)-1 for UTF-8 */
	size_t nwarn;
};

/* Append UTF-8 text s, converted to CP932 when cd is open. */
static void
put_text(struct export_ctx *x, const char *s, size_t row, size_t col,
    const char *colname)
{
	char buf[64], *in, *o, u8[8];
	size_t inleft, outleft, k;
	uint32_t cp;

	if (x->cd == (iconv_t)-1) {
		sb_add(&x->out, s);
		return;
	}
	inleft = strlen(s);
	in = (char *)s;
	while (inleft > 0) {
		k = utf8_decode(in, inleft, &cp);
		if (k == 0) {		/* cannot happen: values are UTF-8 */
			cp = 0xfffd;
			k = 1;
		}
		if (cp == '&' && inleft >= 3 && strncmp(in, "&#x", 3) == 0) {
			sb_add(&x->out, "&#x26;");
			in++;
			inleft--;
			continue;
		}
		{
			char *cin = in;
			size_t cleft = k;

			o = buf;
			outleft = sizeof buf;
			if (iconv(x->cd, &cin, &cleft, &o, &outleft) !=
			    (size_t)-1) {
				sb_addn(&x->out, buf, sizeof buf - outleft);
			} else {
				iconv(x->cd, NULL, NULL, NULL, NULL);
				sb_addf(&x->out, "&#x%X;", (unsigned)cp);
				memcpy(u8, in, k);
				u8[k] = '\0';
				sb_addf(&x->warn, "row %zu, column %zu (%s): "
				    "%s U+%04X is not in CP932; written as "
				    "&#x%X;\n", row, col, colname,
				    utf8_is_vs(cp) ? "(variation selector)" :
				    u8, (unsigned)cp, (unsigned)cp);
				x->nwarn++;
			}
		}
		in += k;
		inleft -= k;
	}
}

static void
put_field(struct export_ctx *x, const char *s, size_t row, size_t col,
    const char *colname)
{
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	const char *p, *q;

	if (col > 1)
		sb_addc(&x->out, ',');
	if (!quote) {
		put_text(x, s, row, col, colname);
		return;
	}
	sb_addc(&x->out, '"');
	for (p = s; (q = strchr(p, '"')) != NULL; p = q + 1) {
		char *part = xstrndup(p, (size_t)(q - p));

		put_text(x, part, row, col, colname);
		free(part);
		sb_add(&x->out, "\"\"");
	}
	put_text(x, p, row, col, colname);
	sb_addc(&x->out, '"');
}

static char *
iso_time(int64_t t)
{
	char buf[32];
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == 0)
		return xstrdup("");
	localtime_r(&tt, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	return xstrdup(buf);
}

static int
wanted(const struct dict_item *it, int with_mynumber)
{
	return !it->derived && (!it->secret || with_mynumber);
}

/* The item columns, given the most members of each group. */
static struct export_col *
export_columns(const struct dict *d, const int *maxmem, int with_mynumber,
    size_t *ncols)
{
	struct export_col *cols = NULL;
	size_t n = 0, i, j, g;
	int m;
	char *done = xcalloc(d->ngroups + 1, 1);

	for (i = 0; i < d->nitems; i++) {
		const struct dict_item *it = &d->items[i];

		if (it->group == NULL) {
			if (!wanted(it, with_mynumber))
				continue;
			cols = xreallocarray(cols, n + 1, sizeof *cols);
			cols[n].key = xstrdup(it->key);
			cols[n++].item = it;
			continue;
		}
		for (g = 0; g < d->ngroups; g++)
			if (strcmp(d->groups[g].name, it->group) == 0)
				break;
		if (g == d->ngroups || done[g])
			continue;
		done[g] = 1;
		for (m = 1; m <= maxmem[g]; m++) {
			for (j = i; j < d->nitems; j++) {
				const struct dict_item *gi = &d->items[j];

				if (gi->group == NULL ||
				    strcmp(gi->group, it->group) != 0 ||
				    !wanted(gi, with_mynumber))
					continue;
				cols = xreallocarray(cols, n + 1,
				    sizeof *cols);
				cols[n].key = xasprintf("%s.%d.%s", gi->group,
				    m, gi->field);
				cols[n++].item = gi;
			}
		}
	}
	free(done);
	*ncols = n;
	return cols;
}

int
export_csv(struct store *s, const struct dict *d,
    const struct export_opts *o, char **out, size_t *outlen,
    char **warnings, size_t *nrows, char **cause)
{
	static const char *const fixed[] = { "id", "status", "clerk",
	    "started", "printed" };
	struct export_ctx x;
	struct store_visit_info *info = NULL;
	struct visit **visits = NULL;
	struct export_col *cols = NULL;
	long *ids = NULL;
	size_t n = 0, ncols = 0, i, c, g;
	int *maxmem = NULL, rc = -1, m;
	char *t;

	*out = NULL;
	*outlen = 0;
	*warnings = NULL;
	*nrows = 0;
	memset(&x, 0, sizeof x);
	x.cd = (iconv_t)-1;
	if (o->cp932 && (x.cd = iconv_open("CP932", "UTF-8")) ==
	    (iconv_t)-1) {
		*cause = xasprintf("this system's iconv has no CP932: %s",
		    strerror(errno));
		return -1;
	}
	sb_init(&x.out);
	sb_init(&x.warn);
	/* the reads of My Numbers are recorded in this transaction, which
	 * export_csv_done commits only once the file is written */
	if (!s->readonly && store_begin(s, cause) != 0)
		goto done;
	if (store_visit_ids(s, o->since, o->until, 0, 0, &ids, &n,
	    cause) != 0)
		goto done;
	visits = xcalloc(n + 1, sizeof *visits);
	info = xcalloc(n + 1, sizeof *info);
	maxmem = xcalloc(d->ngroups + 1, sizeof *maxmem);
	for (i = 0; i < n; i++) {
		visits[i] = store_visit_load(s, ids[i], o->with_mynumber ?
		    "export" : NULL, &info[i], cause);
		if (visits[i] == NULL)
			goto done;
		for (g = 0; g < d->ngroups; g++) {
			m = visit_count(visits[i], d->groups[g].name);
			if (m > maxmem[g])
				maxmem[g] = m;
		}
	}
	cols = export_columns(d, maxmem, o->with_mynumber, &ncols);

	for (c = 0; c < nitems(fixed); c++)
		put_field(&x, fixed[c], 1, c + 1, fixed[c]);
	for (c = 0; c < ncols; c++)
		put_field(&x, cols[c].key, 1, nitems(fixed) + c + 1,
		    cols[c].key);
	sb_add(&x.out, "\r\n");
	for (i = 0; i < n; i++) {
		size_t row = i + 2;

		t = xasprintf("%ld", info[i].id);
		put_field(&x, t, row, 1, "id");
		free(t);
		put_field(&x, store_status_name(info[i].status), row, 2,
		    "status");
		put_field(&x, info[i].clerk, row, 3, "clerk");
		t = iso_time(info[i].started);
		put_field(&x, t, row, 4, "started");
		free(t);
		t = iso_time(info[i].printed);
		put_field(&x, t, row, 5, "printed");
		free(t);
		for (c = 0; c < ncols; c++) {
			const char *v = visit_get(visits[i], cols[c].key);

			put_field(&x, v != NULL ? v : "", row,
			    nitems(fixed) + c + 1, cols[c].key);
		}
		sb_add(&x.out, "\r\n");
	}
	*outlen = x.out.len;
	*out = sb_detach(&x.out);
	if (x.nwarn > 0)
		*warnings = sb_detach(&x.warn);
	*nrows = n;
	rc = 0;
done:
	if (rc != 0)
		export_csv_done(s, o, 0, *cause, NULL);
	if (x.cd != (iconv_t)-1)
		iconv_close(x.cd);
	sb_free(&x.out);
	sb_free(&x.warn);
	for (i = 0; i < n && visits != NULL; i++) {
		if (visits[i] != NULL)
			visit_free(visits[i]);
		store_visit_info_clear(&info[i]);
	}
	for (c = 0; c < ncols; c++)
		free(cols[c].key);
	free(cols);
	free(visits);
	free(info);
	free(maxmem);
	free(ids);
	return rc;
}

int
export_csv_done(struct store *s, const struct export_opts *o, size_t n,
    const char *failure, char **cause)
{
	char *detail, *why = NULL;
	int rc;

	if (s->readonly)	/* an archived copy: nothing can be recorded */
		return 0;
	if (failure != NULL) {
		/* nothing was exported: only the failure is recorded */
		store_rollback(s);
		detail = xasprintf("CSV %s%s failed: %s", o->cp932 ? "cp932" :
		    "utf-8", o->with_mynumber ? " with My Numbers" : "",
		    failure);
		rc = store_audit(s, 0, "export-failed", detail,
		    cause != NULL ? cause : &why);
		free(detail);
		free(why);
		return rc;
	}
	detail = xasprintf("CSV %s, %zu visits%s", o->cp932 ? "cp932" :
	    "utf-8", n, o->with_mynumber ? ", with My Numbers" : "");
	rc = store_audit(s, 0, "export", detail, cause);
	free(detail);
	if (rc != 0 || store_commit(s, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}
