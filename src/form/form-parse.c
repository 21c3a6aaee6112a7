/*
 * form-parse.c - the form-definition language: text to struct form.
 *
 * A form file (README "Form definitions") is one statement per line: a
 * header (the table hdrs[]) and drawing statements on pages (the table
 * stmts[]: each with its arguments and its parser).
 *
 * Like OpenBSD httpd's parse.y, the parser reports every mistake in the
 * file, recovering at the end of the line, and a form with any mistake is
 * refused whole: form_parse returns NULL and never a half-checked form.
 * Messages are `file:line: statement: what is wrong`, sorted by line.
 *
 * Two passes over the lexed lines: the header first, so that the default
 * font and size reach every drawing statement and the paper size is known
 * for the off-the-paper checks wherever the header lines are written; then
 * the pages. Options are a table (name, takes a value, which statements
 * may use it), so "unknown option" and "not valid here" are told apart.
 *
 * Limits: numbers are plain decimals (12, 10.5, -3); a form is held in
 * memory whole; at most one level of rows (no rows inside rows).
 */
#include <stdlib.h>
#include <string.h>

#include "form/form.h"

/* A mistake, kept until the end so both passes' messages come out in line
 * order. */
struct perr {
	int line;
	size_t seq;
	char *msg;
};

struct pline {
	const char *text;	/* the line, not NUL-terminated */
	size_t len;
	struct form_line fl;
	int ok;			/* lexed without a mistake */
};

struct fparse {
	const char *path;
	const struct dict *dict;
	const char *const *fonts;
	struct form *f;
	struct perr *errs;
	size_t nerrs;

	int seen_line[16];	/* header statements: line first seen */
	int paper_ok;

	/* pass 2 */
	int in_rows;		/* inside rows ... end */
	int rows_line;
	int rows_geom_ok;	/* the rows line was good: bounds can be checked */
	int skip_depth;		/* nested rows being skipped */
	int drawn;		/* any drawing statement on the current page */
	const char *cur_group;	/* the rows group of the statement read */
};

static void perr(struct fparse *, int, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct fparse *p, int line, const char *fmt, ...)
{
	va_list ap;
	struct perr *e;

	p->errs = xreallocarray(p->errs, p->nerrs + 1, sizeof *p->errs);
	e = &p->errs[p->nerrs];
	e->line = line;
	e->seq = p->nerrs++;
	va_start(ap, fmt);
	e->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

static int
perr_cmp(const void *a, const void *b)
{
	const struct perr *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Numbers. */

static int
is_decimal(const char *s)
{
	int digits = 0;

	if (*s == '-')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (digits == 0)
		return 0;
	if (*s == '.') {
		s++;
		digits = 0;
		for (; *s >= '0' && *s <= '9'; s++)
			digits++;
		if (digits == 0)
			return 0;
	}
	return *s == '\0';
}

/* A decimal number; on a mistake a message naming what it was for. */
static int
get_num(struct fparse *p, int line, const char *verb, const char *what,
    const char *s, double *out)
{
	if (!is_decimal(s) || strlen(s) > 12) {
		perr(p, line, "%s: bad number \"%s\" for %s", verb, s, what);
		return -1;
	}
	*out = strtod(s, NULL);
	return 0;
}

static int
get_positive(struct fparse *p, int line, const char *verb, const char *what,
    const char *s, double *out)
{
	if (get_num(p, line, verb, what, s, out) != 0)
		return -1;
	if (*out <= 0) {
		perr(p, line, "%s: %s must be more than 0, not %s", verb, what,
		    s);
		return -1;
	}
	return 0;
}

static int
get_int(struct fparse *p, int line, const char *verb, const char *what,
    const char *s, int min, int *out)
{
	const char *c;
	long v;

	for (c = s; *c >= '0' && *c <= '9'; c++)
		;
	if (c == s || *c != '\0' || strlen(s) > 6) {
		if (*s == '-' && s[1] >= '0' && s[1] <= '9')
			perr(p, line, "%s: %s must be at least %d, not %s",
			    verb, what, min, s);
		else
			perr(p, line, "%s: bad number \"%s\" for %s (a whole "
			    "number)", verb, s, what);
		return -1;
	}
	v = strtol(s, NULL, 10);
	if (v < min) {
		perr(p, line, "%s: %s must be at least %d, not %s", verb, what,
		    min, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* A signature box: the label cell's default width, and the least space
 * a resident can sign in (a name in a hand of 8-10 mm). */
#define SIGN_LABEL_MM	22.0
#define SIGN_MIN_W	40.0
#define SIGN_MIN_H	10.0

/* Papers, in mm, portrait. B5 is JIS B5, as Japanese offices use. */
static const struct {
	const char *name;
	double w, h;
} papers[] = {
	{ "A4", 210, 297 },
	{ "A3", 297, 420 },
	{ "B5", 182, 257 },
};

/* Header statements. */

enum hdr {
	H_FORM, H_TITLE, H_VERSION, H_EFFECTIVE, H_PAPER, H_UNIT, H_FONT,
	H_SIZE, H_APPLIES, H_REASON, H_REQUIRE, H_ORDER, H_WARN, H_COUNT
};
static const struct {
	const char *name;
	int required;
	const char *usage;
} hdrs[H_COUNT] = {
	{ "form", 1, "form ID" },
	{ "title", 1, "title TITLE" },
	{ "version", 1, "version N" },
	{ "effective", 1, "effective YYYY-MM-DD" },
	{ "paper", 1, "paper A4|A3|B5 portrait|landscape" },
	{ "unit", 1, "unit mm" },
	{ "font", 1, "font NAME" },
	{ "size", 0, "size PT" },
	{ "applies", 0, "applies CONDITION" },
	{ "reason", 0, "reason TEXT" },
	{ "require", 0, "require KEY ... [when CONDITION]" },
	{ "order", 0, "order N" },
	{ "warn", 0, "warn \"MESSAGE\" CONDITION" },
};

static int
hdr_find(const char *verb)
{
	int i;

	for (i = 0; i < H_COUNT; i++) {
		if (strcmp(hdrs[i].name, verb) == 0)
			return i;
	}
	return -1;
}

static int
font_known(struct fparse *p, const char *name)
{
	const char *const *f;

	if (p->fonts == NULL)
		return 1;
	for (f = p->fonts; *f != NULL; f++) {
		if (strcmp(*f, name) == 0)
			return 1;
	}
	return 0;
}

static void
font_unknown(struct fparse *p, int line, const char *verb, const char *name)
{
	struct strbuf sb = { 0 };
	const char *const *f;

	for (f = p->fonts; *f != NULL; f++) {
		if (f != p->fonts)
			sb_add(&sb, ", ");
		sb_add(&sb, *f);
	}
	perr(p, line, "%s: unknown font \"%s\" (the font map has: %s)", verb,
	    name, sb.s != NULL ? sb.s : "nothing");
	sb_free(&sb);
}

/* The id and version a file name promises: x.form, x@3.form. */
static void
check_file_name(struct fparse *p, int line, const char *id, int version)
{
	const char *base, *at, *dot;
	size_t n;
	int v;

	base = strrchr(p->path, '/');
	base = base != NULL ? base + 1 : p->path;
	n = strlen(base);
	if (n < 5 || strcmp(base + n - 5, ".form") != 0)
		return;
	dot = base + n - 5;
	at = memchr(base, '@', dot - base);
	if (id != NULL && ((size_t)((at != NULL ? at : dot) - base) !=
	    strlen(id) || strncmp(base, id, strlen(id)) != 0)) {
		perr(p, line, "form: id \"%s\" does not match the file name "
		    "%s (it must be %.*s)", id, base,
		    (int)((at != NULL ? at : dot) - base), base);
	}
	if (at != NULL && version > 0) {
		v = atoi(at + 1);
		if (v != version)
			perr(p, p->seen_line[H_VERSION], "version: %d does not match the file "
			    "name %s", version, base);
	}
}

static int
valid_id(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return 0;
	}
	return 1;
}

/* A key that must name an item outside rows: ungrouped, or a numbered
 * member (person.1.name); with each_member, person.name is allowed too
 * (require: every member must have it). */
static const struct dict_item *
key_outside(struct fparse *p, int line, const char *verb, const char *key,
    int each_member)
{
	const struct dict_item *it;
	const struct dict_group *g;
	int idx = 0;

	it = dict_find(p->dict, key, &idx);
	if (it == NULL) {
		perr(p, line, "%s: unknown item \"%s\" (not in the "
		    "dictionary)", verb, key);
		return NULL;
	}
	if (it->group == NULL)
		return it;
	g = dict_find_group(p->dict, it->group);
	if (idx == 0 && strcmp(key, it->key) != 0) {
		perr(p, line, "%s: \"%s\": members are numbered from 1", verb,
		    key);
		return NULL;
	}
	if (idx == 0 && !each_member) {
		perr(p, line, "%s: \"%s\" is an item of each member of %s: "
		    "outside rows write %s.1.%s", verb, key, it->group,
		    it->group, it->field);
		return NULL;
	}
	if (g != NULL && idx > g->max) {
		perr(p, line, "%s: \"%s\": %s has at most %d members", verb,
		    key, it->group, g->max);
		return NULL;
	}
	return it;
}

/* A key of a value statement; inside `rows GROUP` a bare FIELD or
 * GROUP.FIELD names the row's member and is stored as GROUP.FIELD. */
static const struct dict_item *
key_value(struct fparse *p, int line, const char *verb, const char *key,
    const char *group, char **stored)
{
	const struct dict_item *it;
	char *k;
	int idx = 0;

	if (group != NULL) {
		if (strchr(key, '.') == NULL)
			k = xasprintf("%s.%s", group, key);
		else
			k = xstrdup(key);
		it = dict_find(p->dict, k, &idx);
		if (it != NULL && it->group != NULL && idx == 0 &&
		    strcmp(it->group, group) == 0 && strcmp(it->key, k) == 0) {
			*stored = k;
			return it;
		}
		free(k);
	}
	if ((it = key_outside(p, line, verb, key, 0)) != NULL)
		*stored = xstrdup(key);
	return it;
}

static void
check_cond(struct fparse *p, int line, const char *verb,
    const struct pline *pl, size_t tok, const char *group,
    struct form_cond **out)
{
	const struct form_token *t = &pl->fl.tokens[tok];
	char *text, *cause = NULL;

	text = xstrndup(pl->text + t->off, pl->fl.len - t->off);
	*out = form_cond_parse_at(text, p->dict, group, t->col, &cause);
	if (*out == NULL) {
		perr(p, line, "%s: %s", verb, cause);
		free(cause);
	}
	free(text);
}

static void
parse_header(struct fparse *p, int line, int h, const struct pline *pl)
{
	const struct form_token *t = pl->fl.tokens;
	size_t n = pl->fl.n, i, k;
	struct form *f = p->f;
	const char *verb = hdrs[h].name;
	double d;

	if (p->seen_line[h] != 0 && h != H_WARN && h != H_REQUIRE) {
		perr(p, line, "%s: given twice (first at line %d)", verb,
		    p->seen_line[h]);
		return;
	}
	p->seen_line[h] = line;
	if (n < 2 && h != H_REQUIRE) {
		perr(p, line, "%s: missing value (%s)", verb, hdrs[h].usage);
		return;
	}
	switch (h) {
	case H_FORM:
	case H_TITLE:
	case H_REASON:
	case H_UNIT:
	case H_FONT:
	case H_VERSION:
	case H_EFFECTIVE:
	case H_SIZE:
	case H_ORDER:
		if (n > 2) {
			perr(p, line, "%s: one value expected, found %zu "
			    "(quote a text with blanks: \"...\")", verb, n - 1);
			return;
		}
		break;
	}
	switch (h) {
	case H_FORM:
		if (!valid_id(t[1].s)) {
			perr(p, line, "form: bad id \"%s\" (use a-z, 0-9 and "
			    "_)", t[1].s);
			return;
		}
		f->id = xstrdup(t[1].s);
		break;
	case H_TITLE:
		f->title = xstrdup(t[1].s);
		break;
	case H_REASON:
		f->reason = xstrdup(t[1].s);
		break;
	case H_VERSION:
		get_int(p, line, verb, "the version", t[1].s, 1, &f->version);
		break;
	case H_ORDER:
		get_int(p, line, verb, "the order", t[1].s, 1, &f->order);
		break;
	case H_EFFECTIVE:
		if (date_parse_iso(t[1].s, &f->effective) != 0)
			perr(p, line, "effective: bad date \"%s\" (write "
			    "YYYY-MM-DD)", t[1].s);
		break;
	case H_UNIT:
		if (strcmp(t[1].s, "mm") != 0)
			perr(p, line, "unit: \"%s\" is not a unit kakanai "
			    "knows (only mm)", t[1].s);
		break;
	case H_FONT:
		if (!font_known(p, t[1].s))
			font_unknown(p, line, verb, t[1].s);
		else {
			free(f->style.font);
			f->style.font = xstrdup(t[1].s);
		}
		break;
	case H_SIZE:
		if (get_positive(p, line, verb, "the size", t[1].s, &d) == 0)
			f->style.size = d;
		break;
	case H_PAPER:
		for (k = 0; k < nitems(papers); k++) {
			if (strcmp(papers[k].name, t[1].s) == 0)
				break;
		}
		if (k == nitems(papers)) {
			perr(p, line, "paper: unknown paper \"%s\" (A4, A3 or "
			    "B5)", t[1].s);
			return;
		}
		if (n < 3) {
			perr(p, line, "paper: missing orientation (portrait "
			    "or landscape)");
			return;
		}
		if (n > 3) {
			perr(p, line, "paper: unexpected \"%s\" (%s)", t[3].s,
			    hdrs[h].usage);
			return;
		}
		if (strcmp(t[2].s, "portrait") == 0) {
			f->width = papers[k].w;
			f->height = papers[k].h;
		} else if (strcmp(t[2].s, "landscape") == 0) {
			f->width = papers[k].h;
			f->height = papers[k].w;
		} else {
			perr(p, line, "paper: unknown orientation \"%s\" "
			    "(portrait or landscape)", t[2].s);
			return;
		}
		f->paper = xasprintf("%s %s", t[1].s, t[2].s);
		p->paper_ok = 1;
		break;
	case H_APPLIES:
		check_cond(p, line, verb, pl, 1, NULL, &f->applies);
		break;
	case H_WARN: {
		struct form_cond *c = NULL;

		if (n < 3) {
			perr(p, line, "warn: missing condition (%s)",
			    hdrs[h].usage);
			return;
		}
		check_cond(p, line, verb, pl, 2, NULL, &c);
		if (c == NULL)
			return;
		f->warns = xreallocarray(f->warns, f->nwarns + 1,
		    sizeof *f->warns);
		f->warns[f->nwarns].message = xstrdup(t[1].s);
		f->warns[f->nwarns].cond = c;
		f->warns[f->nwarns++].line = line;
		break;
	}
	case H_REQUIRE:
		if (n < 2) {
			perr(p, line, "require: missing items (%s)",
			    hdrs[h].usage);
			return;
		}
		{
			/* require KEY ... [when CONDITION]: the items are
			 * needed only when the condition holds. */
			size_t end = n, first = f->nrequired;
			struct form_cond *when = NULL;

			for (i = 1; i < n; i++)
				if (strcmp(t[i].s, "when") == 0 &&
				    t[i].quote_at == (size_t)-1) {
					end = i;
					break;
				}
			if (end < n) {
				if (end + 1 >= n) {
					perr(p, line, "require: missing "
					    "condition after when");
					return;
				}
				check_cond(p, line, verb, pl, end + 1, NULL,
				    &when);
				if (when == NULL)
					return;
			}
			if (end < 2) {
				perr(p, line, "require: missing items (%s)",
				    hdrs[h].usage);
				form_cond_free(when);
				return;
			}
			for (i = 1; i < end; i++) {
				if (key_outside(p, line, verb, t[i].s, 1) ==
				    NULL)
					continue;
				f->required = xreallocarray(f->required,
				    f->nrequired + 1, sizeof *f->required);
				f->required_when = xreallocarray(
				    f->required_when, f->nrequired + 1,
				    sizeof *f->required_when);
				f->required_when[f->nrequired] = NULL;
				f->required[f->nrequired++] = xstrdup(t[i].s);
			}
			/* One condition shared by the items it guards, kept
			 * once in required_when_owner to be freed. */
			for (i = first; i < f->nrequired; i++)
				f->required_when[i] = when;
			if (first == f->nrequired) {
				form_cond_free(when);
			} else if (when != NULL) {
				f->required_when_owner = xreallocarray(
				    f->required_when_owner,
				    f->nrequired_when_owner + 1,
				    sizeof *f->required_when_owner);
				f->required_when_owner[
				    f->nrequired_when_owner++] = when;
			}
		}
		break;
	}
}

/* Options. */

enum optcls {
	C_BOX = 0x1,		/* w= h= of text */
	C_WIDTH = 0x2,		/* width= */
	C_DASHED = 0x4,
	C_FILL = 0x8,
	C_TABLE = 0x10,		/* cols= rows= */
	C_MARK = 0x20,		/* r= labels */
	C_COMB = 0x40,		/* noboxes */
	C_STYLE = 0x80,
	C_VALUE = 0x100,
	C_SIGN = 0x200,		/* label= note= */
	C_ANY = 0xFFFF,		/* when= */
};

enum optid {
	O_W, O_H, O_WIDTH, O_DASHED, O_FILL, O_COLS, O_ROWS, O_R, O_LABELS,
	O_NOBOXES, O_FONT, O_SIZE, O_MIN, O_ALIGN, O_VALIGN, O_WRAP, O_SPACING,
	O_LEADING, O_FORMAT, O_PART, O_GANNEN, O_FULLWIDTH, O_PREFIX,
	O_SUFFIX, O_LABEL, O_NOTE, O_WHEN, O_RX, O_COUNT
};

static const struct {
	const char *name;
	int flag;		/* written bare, without =value */
	unsigned cls;
} opts[O_COUNT] = {
	[O_W] = { "w", 0, C_BOX },
	[O_H] = { "h", 0, C_BOX },
	[O_WIDTH] = { "width", 0, C_WIDTH },
	[O_DASHED] = { "dashed", 1, C_DASHED },
	[O_FILL] = { "fill", 0, C_FILL },
	[O_COLS] = { "cols", 0, C_TABLE },
	[O_ROWS] = { "rows", 0, C_TABLE },
	[O_R] = { "r", 0, C_MARK },
	[O_LABELS] = { "labels", 1, C_MARK },
	[O_NOBOXES] = { "noboxes", 1, C_COMB },
	[O_FONT] = { "font", 0, C_STYLE },
	[O_SIZE] = { "size", 0, C_STYLE },
	[O_MIN] = { "min", 0, C_STYLE },
	[O_ALIGN] = { "align", 0, C_STYLE },
	[O_VALIGN] = { "valign", 0, C_STYLE },
	[O_WRAP] = { "wrap", 1, C_STYLE },
	[O_SPACING] = { "spacing", 0, C_STYLE },
	[O_LEADING] = { "leading", 0, C_STYLE },
	[O_FORMAT] = { "format", 0, C_VALUE },
	[O_PART] = { "part", 0, C_VALUE },
	[O_GANNEN] = { "gannen", 0, C_VALUE },
	[O_FULLWIDTH] = { "fullwidth", 1, C_VALUE },
	[O_PREFIX] = { "prefix", 0, C_VALUE },
	[O_SUFFIX] = { "suffix", 0, C_VALUE },
	[O_LABEL] = { "label", 0, C_SIGN },
	[O_NOTE] = { "note", 0, C_SIGN },
	[O_WHEN] = { "when", 0, C_ANY },
	[O_RX] = { "rx", 0, C_MARK },
};

static const char *format_names[] = {
	[FMT_PLAIN] = "plain", [FMT_WAREKI] = "wareki",
	[FMT_WESTERN] = "western", [FMT_ISO] = "iso",
	[FMT_POSTAL] = "postal", [FMT_MASKED] = "masked",
};
static const char *halign_names[] = {
	[HALIGN_LEFT] = "left", [HALIGN_CENTER] = "center",
	[HALIGN_RIGHT] = "right",
};
static const char *valign_names[] = {
	[VALIGN_TOP] = "top", [VALIGN_MIDDLE] = "middle",
	[VALIGN_BOTTOM] = "bottom",
};
static const char *part_names[] = {
	[PART_ALL] = "all", [PART_ERA] = "era", [PART_ERA_SHORT] = "era_short",
	[PART_YEAR] = "year", [PART_MONTH] = "month", [PART_DAY] = "day",
};

static int
pick(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (names[i] != NULL && strcmp(s, names[i]) == 0)
			return (int)i;
	}
	return -1;
}

/* A list of sizes: W,W,... where W*N stands for N times W (rows=8*5). */
static int
get_sizes(struct fparse *p, int line, const char *verb, const char *what,
    const char *s, double **out, size_t *nout)
{
	char *copy = xstrdup(s), *item, *save = NULL, *star;
	double d;
	int times, i, bad = 0;

	*out = NULL;
	*nout = 0;
	for (item = strtok_r(copy, ",", &save); item != NULL && !bad;
	    item = strtok_r(NULL, ",", &save)) {
		times = 1;
		if ((star = strchr(item, '*')) != NULL) {
			*star = '\0';
			if (get_int(p, line, verb, what, star + 1, 1, &times)
			    != 0) {
				bad = 1;
				break;
			}
			if (times > 500) {
				perr(p, line, "%s: %s: %d is too many", verb,
				    what, times);
				bad = 1;
				break;
			}
		}
		if (get_positive(p, line, verb, what, item, &d) != 0) {
			bad = 1;
			break;
		}
		for (i = 0; i < times; i++) {
			*out = xreallocarray(*out, *nout + 1, sizeof **out);
			(*out)[(*nout)++] = d;
		}
	}
	free(copy);
	if (!bad && *nout == 0) {
		perr(p, line, "%s: %s= is empty", verb, what);
		bad = 1;
	}
	if (bad) {
		free(*out);
		*out = NULL;
		*nout = 0;
		return -1;
	}
	return 0;
}

static int
opt_value(struct fparse *p, int line, const char *verb, struct form_op *op,
    enum optid id, const char *v)
{
	const char *name = opts[id].name;
	double d;
	int k;

	switch (id) {
	case O_W:
		return get_positive(p, line, verb, "w", v, &op->w);
	case O_H:
		return get_positive(p, line, verb, "h", v, &op->h);
	case O_WIDTH:
		if (get_num(p, line, verb, "width", v, &d) != 0)
			return -1;
		if (d < 0) {
			perr(p, line, "%s: width must not be negative", verb);
			return -1;
		}
		op->line_width = d;
		return 0;
	case O_FILL:
		if (get_num(p, line, verb, "fill", v, &d) != 0)
			return -1;
		if (d < 0 || d > 1) {
			perr(p, line, "%s: fill=%s: a grey from 0 (black) to "
			    "1 (white)", verb, v);
			return -1;
		}
		op->fill = d;
		return 0;
	case O_COLS:
		return get_sizes(p, line, verb, "cols", v, &op->cols,
		    &op->ncols);
	case O_ROWS:
		return get_sizes(p, line, verb, "rows", v, &op->rows,
		    &op->nrows);
	case O_R:
		return get_positive(p, line, verb, "r", v, &op->radius);
	case O_RX:
		return get_positive(p, line, verb, "rx", v, &op->radius_x);
	case O_FONT:
		if (!font_known(p, v)) {
			font_unknown(p, line, verb, v);
			return -1;
		}
		free(op->style.font);
		op->style.font = xstrdup(v);
		return 0;
	case O_SIZE:
		return get_positive(p, line, verb, "size", v, &op->style.size);
	case O_MIN:
		return get_positive(p, line, verb, "min", v,
		    &op->style.min_size);
	case O_SPACING:
		return get_num(p, line, verb, "spacing", v,
		    &op->style.spacing);
	case O_LEADING:
		return get_positive(p, line, verb, "leading", v,
		    &op->style.leading);
	case O_ALIGN:
		if ((k = pick(v, halign_names, nitems(halign_names))) < 0)
			break;
		op->style.halign = (enum halign)k;
		return 0;
	case O_VALIGN:
		if ((k = pick(v, valign_names, nitems(valign_names))) < 0)
			break;
		op->style.valign = (enum valign)k;
		return 0;
	case O_FORMAT:
		if ((k = pick(v, format_names, nitems(format_names))) <= 0)
			break;
		op->value.format = (enum form_format)k;
		return 0;
	case O_PART:
		if ((k = pick(v, part_names, nitems(part_names))) <= 0)
			break;
		op->value.part = (enum form_part)k;
		return 0;
	case O_GANNEN:
		if (strcmp(v, "yes") == 0)
			op->value.gannen = 1;
		else if (strcmp(v, "no") == 0)
			op->value.gannen = 0;
		else
			break;
		return 0;
	case O_PREFIX:
		free(op->value.prefix);
		op->value.prefix = xstrdup(v);
		return 0;
	case O_SUFFIX:
		free(op->value.suffix);
		op->value.suffix = xstrdup(v);
		return 0;
	case O_LABEL:
		return get_positive(p, line, verb, "label", v, &op->label_w);
	case O_NOTE:
		free(op->note);
		op->note = xstrdup(v);
		return 0;
	case O_WHEN: {
		char *cause = NULL;

		form_cond_free(op->when);
		op->when = form_cond_parse_at(v, p->dict, p->cur_group, 1,
		    &cause);
		if (op->when == NULL) {
			perr(p, line, "%s: when=\"%s\": %s", verb, v, cause);
			free(cause);
			return -1;
		}
		return 0;
	}
	default:
		return 0;
	}
	switch (id) {
	case O_ALIGN:
		v = xasprintf("%s (left, center or right)", v);
		break;
	case O_VALIGN:
		v = xasprintf("%s (top, middle or bottom)", v);
		break;
	case O_FORMAT:
		v = xasprintf("%s (wareki, western, iso, postal or masked)", v);
		break;
	case O_PART:
		v = xasprintf("%s (era, era_short, year, month or day)", v);
		break;
	default:
		v = xasprintf("%s (yes or no)", v);
		break;
	}
	perr(p, line, "%s: bad value %s=%s", verb, name, v);
	free((char *)v);
	return -1;
}

/*
 * Read tokens from `from` as options. A mark's VALUE@X,Y tokens are passed
 * to markopt (when not NULL). Returns the set of options seen, or -1 on a
 * mistake (every one reported).
 */
static int
opt_flag(const char *s)
{
	int k;

	for (k = 0; k < O_COUNT; k++) {
		if (opts[k].flag && strcmp(opts[k].name, s) == 0)
			return 1;
	}
	return 0;
}

static long
parse_options(struct fparse *p, int line, const char *verb, unsigned allowed,
    const struct pline *pl, size_t from, struct form_op *op,
    int (*markopt)(struct fparse *, int, struct form_op *,
    const struct form_token *))
{
	const struct form_token *t;
	long seen = 0;
	size_t i, nl;
	char *name;
	int id, bad = 0;

	for (i = from; i < pl->fl.n; i++) {
		t = &pl->fl.tokens[i];
		nl = form_lex_option(t);
		if (nl == 0 && markopt != NULL && !(t->quote_at ==
		    (size_t)-1 && opt_flag(t->s))) {
			if (markopt(p, line, op, t) != 0)
				bad = 1;
			continue;
		}
		name = nl > 0 ? xstrndup(t->s, nl) : xstrdup(t->s);
		id = -1;
		for (int k = 0; k < O_COUNT; k++) {
			if (strcmp(opts[k].name, name) == 0)
				id = k;
		}
		if (id < 0) {
			if (nl == 0 && t->quote_at != (size_t)-1)
				perr(p, line, "%s: unexpected text \"%s\"",
				    verb, t->s);
			else
				perr(p, line, "%s: unknown option \"%s\"",
				    verb, name);
			bad = 1;
		} else if ((opts[id].cls & allowed) == 0) {
			perr(p, line, "%s: option %s is not valid for %s",
			    verb, name, verb);
			bad = 1;
		} else if (seen & (1L << id)) {
			perr(p, line, "%s: option %s given twice", verb, name);
			bad = 1;
		} else if (opts[id].flag && nl > 0) {
			perr(p, line, "%s: option %s takes no value", verb,
			    name);
			bad = 1;
		} else if (!opts[id].flag && nl == 0) {
			perr(p, line, "%s: option %s needs a value (%s=...)",
			    verb, name, name);
			bad = 1;
		} else {
			seen |= 1L << id;
			switch (id) {
			case O_DASHED:
				op->dashed = 1;
				break;
			case O_LABELS:
				op->labels = 1;
				break;
			case O_NOBOXES:
				op->draw_boxes = 0;
				break;
			case O_WRAP:
				op->style.wrap = 1;
				break;
			case O_FULLWIDTH:
				op->value.fullwidth = 1;
				break;
			default:
				if (opt_value(p, line, verb, op, id,
				    t->s + nl + 1) != 0)
					bad = 1;
				break;
			}
		}
		free(name);
	}
	if (!bad && op->style.min_size > op->style.size) {
		perr(p, line, "%s: min=%g is larger than the size %g", verb,
		    op->style.min_size, op->style.size);
		bad = 1;
	}
	return bad ? -1 : seen;
}

/* Ops. */

static void
op_init(struct fparse *p, struct form_op *op, enum form_op_kind kind,
    int line)
{
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->line = line;
	op->line_width = 0.5;
	op->fill = -1;
	op->style = p->f->style;
	op->style.font = p->f->style.font != NULL ?
	    xstrdup(p->f->style.font) : NULL;
	op->value.gannen = 1;
	op->draw_boxes = 1;
	op->radius = 2.5;
}

static void
op_clear(struct form_op *op)
{
	size_t i;

	free(op->text);
	free(op->note);
	form_cond_free(op->when);
	free(op->style.font);
	free(op->value.key);
	free(op->value.prefix);
	free(op->value.suffix);
	free(op->cols);
	free(op->rows);
	for (i = 0; i < op->noptions; i++)
		free(op->options[i].value);
	free(op->options);
	free(op->group);
	form_cond_free(op->where);
	for (i = 0; i < op->nchildren; i++)
		op_clear(&op->children[i]);
	free(op->children);
}

/* Would the box x,y w x h (relative to a row when inside rows) leave the
 * paper on any row of the page? */
static void
check_box(struct fparse *p, int line, const char *verb,
    const struct form_op *rows, double x, double y, double w, double h)
{
	const struct form *f = p->f;
	double top = y, bottom = y + h;

	if (!p->paper_ok)
		return;
	if (rows != NULL) {
		if (!p->rows_geom_ok)
			return;
		top += rows->y;
		bottom += rows->y + (rows->per_page - 1) * rows->pitch_y;
	}
	if (x < 0 || top < 0 || x + w > f->width + 1e-9 ||
	    bottom > f->height + 1e-9) {
		if (w == 0 && h == 0)
			perr(p, line, "%s: the point %g,%g%s is outside the "
			    "paper (%s, %gx%g mm)", verb, x, y, rows != NULL ?
			    " (in a row)" : "", f->paper, f->width, f->height);
		else if (rows != NULL)
			perr(p, line, "%s: at %g,%g size %gx%g mm, on row %d it "
			    "is outside the paper (%s, %gx%g mm)", verb, x, y,
			    w, h, top < 0 ? 1 : rows->per_page, f->paper,
			    f->width, f->height);
		else
			perr(p, line, "%s: at %g,%g size %gx%g mm it is outside "
			    "the paper (%s, %gx%g mm)", verb, x, y, w, h,
			    f->paper, f->width, f->height);
	}
}

/* Get the first n numbers after the verb (and after `skip` other tokens). */
static int
get_coords(struct fparse *p, int line, const char *verb,
    const struct pline *pl, size_t at, const char *const *what, size_t n,
    double *out)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		if (get_num(p, line, verb, what[i], pl->fl.tokens[at + i].s,
		    &out[i]) != 0)
			bad = 1;
	}
	return bad ? -1 : 0;
}

static int
need(struct fparse *p, int line, const char *verb, const struct pline *pl,
    size_t n, const char *usage)
{
	if (pl->fl.n < n + 1) {
		perr(p, line, "%s: missing arguments (%s)", verb, usage);
		return -1;
	}
	return 0;
}

/* part= and format= must fit the item's type. */
static int
check_value_type(struct fparse *p, int line, const char *verb,
    const struct form_op *op, const struct dict_item *it)
{
	enum form_format fmt = op->value.format;
	int bad = 0;

	if (op->value.part != PART_ALL && it->type != DICT_DATE) {
		perr(p, line, "%s: part=%s needs a date, but %s is %s", verb,
		    part_names[op->value.part], it->key,
		    dict_type_name(it->type));
		bad = 1;
	}
	if (((fmt == FMT_WAREKI || fmt == FMT_WESTERN || fmt == FMT_ISO) &&
	    it->type != DICT_DATE) ||
	    (fmt == FMT_POSTAL && it->type != DICT_POSTAL) ||
	    (fmt == FMT_MASKED && it->type != DICT_MYNUMBER &&
	    it->type != DICT_CORPNUMBER)) {
		perr(p, line, "%s: format=%s does not fit %s, which is %s",
		    verb, format_names[fmt], it->key,
		    dict_type_name(it->type));
		bad = 1;
	}
	/* part=year with format=western is the 西暦 year (1999) of a
	 * date row for a foreign resident. */
	if (op->value.part != PART_ALL && fmt != FMT_PLAIN &&
	    fmt != FMT_WAREKI && !(fmt == FMT_WESTERN && op->value.part ==
	    PART_YEAR)) {
		perr(p, line, "%s: part=%s goes with format=wareki only", verb,
		    part_names[op->value.part]);
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* VALUE@X,Y */
static int
mark_option(struct fparse *p, int line, struct form_op *op,
    const struct form_token *t)
{
	const char *at = strrchr(t->s, '@'), *comma;
	struct form_mark_option *mo;
	char *xs, *ys;
	double x, y;
	int bad = 0;

	if (at == NULL || at == t->s || (comma = strchr(at, ',')) == NULL) {
		perr(p, line, "mark: malformed option \"%s\" (expected "
		    "VALUE@X,Y)", t->s);
		return -1;
	}
	xs = xstrndup(at + 1, comma - at - 1);
	ys = xstrdup(comma + 1);
	if (!is_decimal(xs) || !is_decimal(ys)) {
		perr(p, line, "mark: malformed option \"%s\" (expected "
		    "VALUE@X,Y with X and Y numbers)", t->s);
		bad = 1;
	} else {
		x = strtod(xs, NULL);
		y = strtod(ys, NULL);
		op->options = xreallocarray(op->options, op->noptions + 1,
		    sizeof *op->options);
		mo = &op->options[op->noptions++];
		mo->value = xstrndup(t->s, at - t->s);
		mo->x = x;
		mo->y = y;
	}
	free(xs);
	free(ys);
	return bad ? -1 : 0;
}

/* May a mark offer v? The allowed values are listed in list for the
 * message; any value will do when the item has no fixed set. */
static int
mark_allows(const struct form_op *op, const struct dict_item *it,
    const char *v, struct strbuf *list)
{
	const char *const *values;
	size_t i, n;
	int ok = 0, any = 0;

#define ALLOW(s) do {					\
	any = 1;					\
	if (list->len > 0)				\
		sb_addc(list, ' ');			\
	sb_add(list, s);				\
	if (strcmp((s), v) == 0)			\
		ok = 1;					\
} while (0)
	if (op->value.part == PART_ERA || op->value.part == PART_ERA_SHORT) {
		for (i = 0; i < ERA_COUNT; i++)
			ALLOW(op->value.part == PART_ERA ?
			    wareki_era_name((enum era)i) :
			    wareki_era_short((enum era)i));
	} else if (op->value.part != PART_ALL)
		return 1;
	else if ((values = dict_item_values(it, &n)) != NULL) {
		for (i = 0; i < n; i++)
			ALLOW(values[i]);
	}
#undef ALLOW
	return !any || ok;
}

static const char *const xy[] = { "X", "Y" };

/*
 * A drawing statement being read: its line, its tokens, the op it fills
 * and, inside rows ... end, the rows op it belongs to. The statement's
 * kind, argument count and usage come from the table below; each parser
 * reads the arguments and options and returns -1 on a mistake.
 */
struct draw {
	struct fparse *p;
	int line;
	const char *verb;
	const struct pline *pl;
	const struct form_token *t;
	struct form_op *op;
	const struct form_op *rows;
	const char *group;	/* the rows' group, or NULL */
};

static int
draw_text(struct draw *d)
{
	struct form_op *op = d->op;
	double c[2];

	if (get_coords(d->p, d->line, d->verb, d->pl, 1, xy, 2, c) != 0)
		return -1;
	op->x = c[0];
	op->y = c[1];
	op->text = xstrdup(d->t[3].s);
	if (parse_options(d->p, d->line, d->verb, C_BOX | C_STYLE, d->pl, 4,
	    op, NULL) < 0)
		return -1;
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, op->w,
	    op->h);
	return 0;
}

static int
draw_line(struct draw *d)
{
	static const char *const w[] = { "X1", "Y1", "X2", "Y2" };
	struct form_op *op = d->op;
	double c[4];

	if (get_coords(d->p, d->line, d->verb, d->pl, 1, w, 4, c) != 0)
		return -1;
	op->x = c[0];
	op->y = c[1];
	op->w = c[2];
	op->h = c[3];
	if (parse_options(d->p, d->line, d->verb, C_WIDTH | C_DASHED, d->pl,
	    5, op, NULL) < 0)
		return -1;
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, 0, 0);
	check_box(d->p, d->line, d->verb, d->rows, op->w, op->h, 0, 0);
	return 0;
}

static int
draw_rect(struct draw *d)
{
	static const char *const w[] = { "X", "Y", "W", "H" };
	struct form_op *op = d->op;
	double c[4];

	if (get_coords(d->p, d->line, d->verb, d->pl, 1, w, 4, c) != 0)
		return -1;
	op->x = c[0];
	op->y = c[1];
	op->w = c[2];
	op->h = c[3];
	if (op->w <= 0 || op->h <= 0) {
		perr(d->p, d->line, "rect: W and H must be more than 0");
		return -1;
	}
	if (parse_options(d->p, d->line, d->verb, C_WIDTH | C_DASHED | C_FILL,
	    d->pl, 5, op, NULL) < 0)
		return -1;
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, op->w,
	    op->h);
	return 0;
}

static int
draw_table(struct draw *d)
{
	struct form_op *op = d->op;
	double c[2];
	long seen;
	size_t i;

	if (get_coords(d->p, d->line, d->verb, d->pl, 1, xy, 2, c) != 0)
		return -1;
	op->x = c[0];
	op->y = c[1];
	if ((seen = parse_options(d->p, d->line, d->verb, C_TABLE | C_WIDTH,
	    d->pl, 3, op, NULL)) < 0)
		return -1;
	if (!(seen & (1L << O_COLS)) || !(seen & (1L << O_ROWS))) {
		perr(d->p, d->line, "table: needs both cols= and rows=");
		return -1;
	}
	for (i = 0; i < op->ncols; i++)
		op->w += op->cols[i];
	for (i = 0; i < op->nrows; i++)
		op->h += op->rows[i];
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, op->w,
	    op->h);
	return 0;
}

/* COUNT PITCH H at token `at`: a row of boxes, as boxes and comb take. */
static int
get_comb(struct draw *d, size_t at)
{
	struct form_op *op = d->op;
	int bad = 0;

	bad |= get_int(d->p, d->line, d->verb, "COUNT", d->t[at].s, 1,
	    &op->count) != 0;
	bad |= get_positive(d->p, d->line, d->verb, "PITCH", d->t[at + 1].s,
	    &op->pitch) != 0;
	bad |= get_positive(d->p, d->line, d->verb, "H", d->t[at + 2].s,
	    &op->h) != 0;
	op->w = op->count * op->pitch;
	return bad ? -1 : 0;
}

static int
draw_boxes(struct draw *d)
{
	struct form_op *op = d->op;
	double c[2];
	int bad = 0;

	bad |= get_coords(d->p, d->line, d->verb, d->pl, 1, xy, 2, c) != 0;
	bad |= get_comb(d, 3) != 0;
	if (bad)
		return -1;
	op->x = c[0];
	op->y = c[1];
	if (parse_options(d->p, d->line, d->verb, C_WIDTH | C_DASHED, d->pl,
	    6, op, NULL) < 0)
		return -1;
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, op->w,
	    op->h);
	return 0;
}

/* field KEY X Y W H and comb KEY X Y COUNT PITCH H. */
static int
draw_value(struct draw *d)
{
	struct form_op *op = d->op;
	const struct dict_item *it;
	int comb = op->kind == OP_COMB, bad = 0;
	double c[2];

	it = key_value(d->p, d->line, d->verb, d->t[1].s, d->group,
	    &op->value.key);
	bad |= it == NULL;
	bad |= get_coords(d->p, d->line, d->verb, d->pl, 2, xy, 2, c) != 0;
	if (comb)
		bad |= get_comb(d, 4) != 0;
	else {
		bad |= get_positive(d->p, d->line, d->verb, "W", d->t[4].s,
		    &op->w) != 0;
		bad |= get_positive(d->p, d->line, d->verb, "H", d->t[5].s,
		    &op->h) != 0;
	}
	op->x = c[0];
	op->y = c[1];
	/* Options are checked even after a mistake above, and the value
	 * type whenever the item is known: every mistake. */
	if (parse_options(d->p, d->line, d->verb, C_STYLE | C_VALUE |
	    (comb ? C_COMB | C_WIDTH | C_DASHED : 0), d->pl, comb ? 7 : 6, op,
	    NULL) < 0)
		bad = 1;
	if (it != NULL && check_value_type(d->p, d->line, d->verb, op, it)
	    != 0)
		bad = 1;
	if (bad)
		return -1;
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, op->w,
	    op->h);
	return 0;
}

/* Every option a mark offers must be a value of its item, on the paper. */
static int
check_mark_options(struct draw *d, const struct dict_item *it)
{
	struct form_op *op = d->op;
	struct strbuf sb = { 0 };
	size_t i;
	int bad = 0;

	for (i = 0; i < op->noptions; i++) {
		sb.len = 0;
		if (sb.s != NULL)
			sb.s[0] = '\0';
		if (!mark_allows(op, it, op->options[i].value, &sb)) {
			perr(d->p, d->line, "mark: \"%s\" is not a value of "
			    "%s (%s)", op->options[i].value, it->key, sb.s);
			bad = 1;
		}
		check_box(d->p, d->line, d->verb, d->rows,
		    op->options[i].x - op->radius,
		    op->options[i].y - op->radius,
		    2 * op->radius, 2 * op->radius);
	}
	sb_free(&sb);
	return bad ? -1 : 0;
}

static int
draw_mark(struct draw *d)
{
	struct form_op *op = d->op;
	const struct dict_item *it;
	int bad = 0;

	it = key_value(d->p, d->line, d->verb, d->t[1].s, d->group,
	    &op->value.key);
	bad |= it == NULL;
	if (strcmp(d->t[2].s, "circle") == 0)
		op->mark = MARK_CIRCLE;
	else if (strcmp(d->t[2].s, "check") == 0)
		op->mark = MARK_CHECK;
	else {
		perr(d->p, d->line, "mark: \"%s\" is not circle or check",
		    d->t[2].s);
		bad = 1;
	}
	if (parse_options(d->p, d->line, d->verb, C_MARK | C_VALUE | C_STYLE,
	    d->pl, 3, op, mark_option) < 0)
		bad = 1;
	if (op->noptions == 0 && !bad) {
		perr(d->p, d->line, "mark: no VALUE@X,Y options");
		return -1;
	}
	if (it == NULL)
		return -1;
	if (check_value_type(d->p, d->line, d->verb, op, it) != 0)
		return -1;
	if (check_mark_options(d, it) != 0 || bad)
		return -1;
	return 0;
}

static int
draw_pageno(struct draw *d)
{
	struct form_op *op = d->op;
	double c[2];

	if (get_coords(d->p, d->line, d->verb, d->pl, 1, xy, 2, c) != 0)
		return -1;
	op->x = c[0];
	op->y = c[1];
	if (parse_options(d->p, d->line, d->verb, C_STYLE, d->pl, 3, op,
	    NULL) < 0)
		return -1;
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, 0, 0);
	return 0;
}

/* A signature box: at least SIGN_MIN_W x SIGN_MIN_H mm left to sign in. */
static int
draw_sign(struct draw *d)
{
	static const char *const w[] = { "X", "Y", "W", "H" };
	struct form_op *op = d->op;
	double c[4];

	op->line_width = 0.3;
	op->label_w = SIGN_LABEL_MM;
	if (get_coords(d->p, d->line, d->verb, d->pl, 1, w, 4, c) != 0)
		return -1;
	op->x = c[0];
	op->y = c[1];
	op->w = c[2];
	op->h = c[3];
	op->text = xstrdup(d->t[5].s);
	if (parse_options(d->p, d->line, d->verb, C_SIGN | C_STYLE | C_WIDTH,
	    d->pl, 6, op, NULL) < 0)
		return -1;
	if (op->w - op->label_w < SIGN_MIN_W - 1e-9 ||
	    op->h < SIGN_MIN_H - 1e-9) {
		perr(d->p, d->line, "sign: the space to sign is %gx%g mm; a "
		    "signature needs at least %gx%g mm", op->w - op->label_w,
		    op->h, SIGN_MIN_W, SIGN_MIN_H);
		return -1;
	}
	check_box(d->p, d->line, d->verb, d->rows, op->x, op->y, op->w,
	    op->h);
	return 0;
}

static void parse_page(struct fparse *, int, const struct pline *);
static void parse_rows(struct fparse *, int, const struct pline *);
static void parse_end(struct fparse *, int, const struct pline *);

/*
 * The statements of a page, as the CLI's flags are a table: name, the
 * arguments it needs before its options (and how to write them), the op
 * it makes and its parser. Structure statements (page, rows, end) make no
 * op and have a parser of their own. Header statements are hdrs[] above;
 * between them these two tables are the only list of statement names.
 */
static const struct stmt {
	const char *name;
	size_t nargs;
	const char *usage;
	enum form_op_kind kind;
	int in_rows;		/* may be written inside rows ... end */
	int (*draw)(struct draw *);
	void (*block)(struct fparse *, int, const struct pline *);
} stmts[] = {
	{ "text", 3, "text X Y \"TEXT\"", OP_TEXT, 1, draw_text, NULL },
	{ "line", 4, "line X1 Y1 X2 Y2", OP_LINE, 1, draw_line, NULL },
	{ "rect", 4, "rect X Y W H", OP_RECT, 1, draw_rect, NULL },
	{ "table", 2, "table X Y cols=W,... rows=H,...", OP_TABLE, 1,
	    draw_table, NULL },
	{ "boxes", 5, "boxes X Y COUNT PITCH H", OP_BOXES, 1, draw_boxes,
	    NULL },
	{ "field", 5, "field KEY X Y W H", OP_FIELD, 1, draw_value, NULL },
	{ "comb", 6, "comb KEY X Y COUNT PITCH H", OP_COMB, 1, draw_value,
	    NULL },
	{ "mark", 3, "mark KEY circle|check VALUE@X,Y ...", OP_MARK, 1,
	    draw_mark, NULL },
	{ "pageno", 2, "pageno X Y", OP_PAGENO, 0, draw_pageno, NULL },
	{ "sign", 5, "sign X Y W H \"LABEL\"", OP_SIGN, 1, draw_sign, NULL },
	{ "page", 0, NULL, 0, 0, NULL, parse_page },
	{ "rows", 0, NULL, 0, 0, NULL, parse_rows },
	{ "end", 0, NULL, 0, 0, NULL, parse_end },
};

static const struct stmt *
stmt_find(const char *verb)
{
	size_t i;

	for (i = 0; i < nitems(stmts); i++) {
		if (strcmp(stmts[i].name, verb) == 0)
			return &stmts[i];
	}
	return NULL;
}

/* One drawing statement into op; -1 if it had a mistake. */
static int
parse_draw(struct fparse *p, int line, const struct stmt *st,
    const struct pline *pl, struct form_op *op, const struct form_op *rows)
{
	struct draw d = { p, line, st->name, pl, pl->fl.tokens, op, rows,
	    rows != NULL ? rows->group : NULL };

	op_init(p, op, st->kind, line);
	if (need(p, line, st->name, pl, st->nargs, st->usage) != 0)
		return -1;
	p->cur_group = d.group;
	return st->draw(&d);
}

static struct form_page *
cur_page(struct form *f)
{
	return &f->pages[f->npages - 1];
}

static void
parse_rows(struct fparse *p, int line, const struct pline *pl)
{
	const struct form_token *t = pl->fl.tokens;
	struct form_page *pg = cur_page(p->f);
	struct form_op *op;
	int bad = 0;

	if (p->in_rows) {
		perr(p, line, "rows: rows inside rows (line %d) is not "
		    "allowed", p->rows_line);
		p->skip_depth++;
		return;
	}
	pg->ops = xreallocarray(pg->ops, pg->nops + 1, sizeof *pg->ops);
	op = &pg->ops[pg->nops++];
	op_init(p, op, OP_ROWS, line);
	p->in_rows = 1;
	p->rows_line = line;
	p->rows_geom_ok = 0;
	p->drawn = 1;
	if (need(p, line, "rows", pl, 4, "rows GROUP Y PITCH PERPAGE "
	    "[where CONDITION]") != 0) {
		op->group = xstrdup("");
		return;
	}
	op->group = xstrdup(t[1].s);
	if (dict_find_group(p->dict, t[1].s) == NULL) {
		perr(p, line, "rows: unknown group \"%s\"", t[1].s);
		bad = 1;
	}
	bad |= get_num(p, line, "rows", "Y", t[2].s, &op->y) != 0;
	bad |= get_positive(p, line, "rows", "PITCH", t[3].s, &op->pitch_y)
	    != 0;
	bad |= get_int(p, line, "rows", "PERPAGE", t[4].s, 1, &op->per_page)
	    != 0;
	if (pl->fl.n > 5) {
		if (strcmp(t[5].s, "where") != 0 ||
		    t[5].quote_at != (size_t)-1) {
			perr(p, line, "rows: unexpected \"%s\" (rows GROUP Y "
			    "PITCH PERPAGE where CONDITION)", t[5].s);
			bad = 1;
		} else if (pl->fl.n == 6) {
			perr(p, line, "rows: missing condition after where");
			bad = 1;
		} else if (!bad)
			check_cond(p, line, "rows", pl, 6, op->group,
			    &op->where);
	}
	op->h = op->pitch_y * op->per_page;
	if (!bad)
		p->rows_geom_ok = 1;
}

static void
parse_end(struct fparse *p, int line, const struct pline *pl)
{
	if (pl->fl.n > 1)
		perr(p, line, "end: unexpected \"%s\"", pl->fl.tokens[1].s);
	if (p->skip_depth > 0)
		p->skip_depth--;
	else if (!p->in_rows)
		perr(p, line, "end: end without rows");
	else
		p->in_rows = 0;
}

static void
parse_page(struct fparse *p, int line, const struct pline *pl)
{
	struct form *f = p->f;

	if (p->skip_depth > 0)
		return;
	if (pl->fl.n > 1)
		perr(p, line, "page: unexpected \"%s\"", pl->fl.tokens[1].s);
	if (p->in_rows) {
		perr(p, line, "page: page inside rows (line %d)",
		    p->rows_line);
		return;
	}
	/* The first page is implicit: a `page` before any drawing names it
	 * rather than leaving it blank. */
	if (p->drawn) {
		f->pages = xreallocarray(f->pages, f->npages + 1,
		    sizeof *f->pages);
		memset(&f->pages[f->npages++], 0, sizeof *f->pages);
	}
	p->drawn = 0;
}

/* Rows and end are followed even inside a rows being skipped, so that
 * the skip ends at its own end. */
static void
parse_body_line(struct fparse *p, int line, const struct pline *pl)
{
	const char *verb = pl->fl.tokens[0].s;
	const struct stmt *st = stmt_find(verb);
	struct form_page *pg = cur_page(p->f);
	struct form_op *rows = NULL, *op, tmp;

	if (hdr_find(verb) >= 0) {
		if (p->skip_depth == 0 && p->in_rows)
			perr(p, line, "%s: a header statement cannot be "
			    "inside rows (line %d)", verb, p->rows_line);
		return;
	}
	if (st == NULL)
		return;		/* unknown: reported in the first pass */
	if (st->block != NULL) {
		st->block(p, line, pl);
		return;
	}
	if (p->skip_depth > 0)
		return;
	if (p->in_rows) {
		rows = &pg->ops[pg->nops - 1];
		if (!st->in_rows) {
			perr(p, line, "%s: not allowed inside rows (line %d)",
			    verb, p->rows_line);
			return;
		}
	}
	if (parse_draw(p, line, st, pl, &tmp, rows) != 0) {
		op_clear(&tmp);
		return;
	}
	if (rows != NULL) {
		rows->children = xreallocarray(rows->children,
		    rows->nchildren + 1, sizeof *rows->children);
		op = &rows->children[rows->nchildren++];
	} else {
		pg->ops = xreallocarray(pg->ops, pg->nops + 1,
		    sizeof *pg->ops);
		op = &pg->ops[pg->nops++];
	}
	*op = tmp;
	p->drawn = 1;
}

void
form_free(struct form *f)
{
	size_t i, j;

	if (f == NULL)
		return;
	free(f->path);
	free(f->id);
	free(f->title);
	free(f->paper);
	free(f->style.font);
	form_cond_free(f->applies);
	for (i = 0; i < f->nwarns; i++) {
		free(f->warns[i].message);
		form_cond_free(f->warns[i].cond);
	}
	free(f->warns);
	for (i = 0; i < f->nrequired_when_owner; i++)
		form_cond_free(f->required_when_owner[i]);
	free(f->required_when_owner);
	free(f->required_when);
	free(f->reason);
	for (i = 0; i < f->nrequired; i++)
		free(f->required[i]);
	free(f->required);
	for (i = 0; i < f->npages; i++) {
		for (j = 0; j < f->pages[i].nops; j++)
			op_clear(&f->pages[i].ops[j]);
		free(f->pages[i].ops);
	}
	free(f->pages);
	free(f);
}

/* Split text into lines and lex each; a line that is not UTF-8 or does
 * not lex is reported and left out. */
static struct pline *
split_lines(struct fparse *p, const char *text, size_t *nlines)
{
	struct pline *pl = NULL;
	const char *s = text, *nl;
	size_t n = 0, len, bad;
	char *cause;

	/* A byte order mark some Windows editors write is not a statement. */
	if (strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	while (*s != '\0') {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		pl = xreallocarray(pl, n + 1, sizeof *pl);
		memset(&pl[n], 0, sizeof *pl);
		pl[n].text = s;
		pl[n].len = len;
		if (!utf8_valid(s, len, &bad)) {
			perr(p, (int)n + 1, "not UTF-8 at byte %zu of the "
			    "file", (size_t)(s - text) + bad);
		} else if (form_lex_line(s, len, &pl[n].fl, &cause) != 0) {
			perr(p, (int)n + 1, "%s", cause);
			free(cause);
		} else
			pl[n].ok = 1;
		n++;
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	*nlines = n;
	return pl;
}

struct form *
form_parse(const char *path, const char *text, const struct dict *dict,
    const char *const *known_fonts, struct diag *dg)
{
	struct fparse p;
	struct pline *pl;
	struct form *f;
	size_t nlines, i;
	const char *verb;
	int h, line;

	memset(&p, 0, sizeof p);
	p.path = path;
	p.dict = dict;
	p.fonts = known_fonts;
	p.f = f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->style.size = 10.5;
	f->style.halign = HALIGN_LEFT;
	f->style.valign = VALIGN_MIDDLE;
	f->style.leading = 1.2;
	f->npages = 1;
	f->pages = xcalloc(1, sizeof *f->pages);

	pl = split_lines(&p, text, &nlines);

	/* Pass 1: the header, and verbs nobody knows. */
	for (i = 0; i < nlines; i++) {
		if (!pl[i].ok || pl[i].fl.n == 0)
			continue;
		verb = pl[i].fl.tokens[0].s;
		line = (int)i + 1;
		if ((h = hdr_find(verb)) >= 0)
			parse_header(&p, line, h, &pl[i]);
		else if (stmt_find(verb) == NULL)
			perr(&p, line, "unknown statement \"%s\"", verb);
	}
	for (h = 0; h < H_COUNT; h++) {
		if (hdrs[h].required && p.seen_line[h] == 0)
			perr(&p, 1, "missing %s statement (%s)", hdrs[h].name,
			    hdrs[h].usage);
	}
	if (p.seen_line[H_REASON] != 0 && p.seen_line[H_APPLIES] == 0)
		perr(&p, p.seen_line[H_REASON], "reason: without applies");
	check_file_name(&p, p.seen_line[H_FORM], f->id, f->version);

	/* Pass 2: the pages. */
	for (i = 0; i < nlines; i++) {
		if (pl[i].ok && pl[i].fl.n > 0)
			parse_body_line(&p, (int)i + 1, &pl[i]);
	}
	if (p.in_rows)
		perr(&p, p.rows_line, "rows: rows without end");

	for (i = 0; i < nlines; i++)
		form_lex_free(&pl[i].fl);
	free(pl);

	if (p.nerrs > 0)
		qsort(p.errs, p.nerrs, sizeof *p.errs, perr_cmp);
	for (i = 0; i < p.nerrs; i++) {
		diag_add(dg, path, p.errs[i].line, "%s", p.errs[i].msg);
		free(p.errs[i].msg);
	}
	free(p.errs);
	if (p.nerrs > 0) {
		form_free(f);
		return NULL;
	}
	return f;
}

struct form *
form_load(const char *path, const struct dict *dict,
    const char *const *known_fonts, struct diag *dg)
{
	struct form *f;
	char *text, *cause = NULL;
	size_t len;

	if ((text = file_read(path, &len, &cause)) == NULL) {
		diag_add(dg, path, 0, "%s", cause);
		free(cause);
		return NULL;
	}
	if (strlen(text) != len) {
		diag_add(dg, path, 0, "contains a NUL byte (at byte %zu)",
		    strlen(text));
		free(text);
		return NULL;
	}
	f = form_parse(path, text, dict, known_fonts, dg);
	free(text);
	return f;
}
