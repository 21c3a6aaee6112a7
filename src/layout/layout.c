/*
 * layout.c - placing one visit's values on one form's pages: the display
 * list, and the checks that decide whether it may be printed.
 *
 * For each page of a form and each of its operations, layout_form()
 * appends display-list ops (layout.h) in PDF points, origin bottom-left;
 * the form speaks millimetres from the top-left, y the top of a box.
 *
 * Every character of every text is resolved here, through the op's font
 * chain, to a face and glyph (fontset_resolve): a base character and the
 * variation selector after it are one character and must be found
 * together. A character no face has is ISSUE_NO_GLYPH, which stops the
 * print; with allow_substitute the base character is printed instead and
 * ISSUE_SUBSTITUTED is kept for the correction page. Nothing is ever
 * dropped silently: a value that does not fit its box even after
 * shrinking (down to min=) and wrapping is ISSUE_OVERFLOW, and a comb
 * value longer than its boxes is too.
 *
 * Fitting a field: one line at the form's size if it fits; else one line
 * at the largest size (in 0.1 pt steps) down to min= that fits
 * (ISSUE_SHRUNK); else, with `wrap`, lines broken by 禁則 at the largest
 * size from the form's down to min= (0.5 pt steps) whose lines fit the
 * box's height, at leading x size apart (ISSUE_WRAPPED, and
 * ISSUE_SHRUNK if smaller); else ISSUE_OVERFLOW. With `wrap`, a single
 * line shrunk below WRAP_BELOW of the size gives way to wrapped lines at
 * a larger size when the box holds them (a long フリガナ on two readable
 * lines rather than one tiny one). A mark whose value is
 * none of its options draws nothing (the form lists the options).
 *
 * A rows block repeats its page: with more members (after `where`) than
 * PERPAGE, the whole page - static drawing and other fields - is laid out
 * again for the next members, and pageno shows 「1/2」; a block whose
 * members fit on one page (the 世帯主's row) is repeated whole on every
 * continuation page, so no page loses what the first shows. In overlay mode only
 * values (fields, combs, marks, pageno) are drawn, shifted by the
 * printer offset.
 *
 * Vertical metrics: a line's em box is placed from the first face of the
 * chain's hhea ascent and descent, scaled so that they add up to one em;
 * a field's box is its text area: aligned left or right the text
 * touches the box's side, valign top or bottom puts the em box against
 * its edge (a form insets its fields from the rules itself; the PAD_
 * constants are there to change that in one place).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"

#define PAD_X_MM	0.0
#define PAD_Y_MM	0.0
#define DEFAULT_RADIUS	2.8	/* mm, circle marks */
#define DEFAULT_LINE	0.5	/* pt */
#define DEFAULT_LEADING	1.2
#define SIGN_NOTE_PT	6.5	/* a signature box's note */
#define MARK_TEXT_PT	4	/* the invisible text of a chosen mark */
#define ROWS_END_PT	10	/* 「以下余白」 */
#define WRAP_BELOW	0.75	/* wrap rather than shrink one line below
				   this part of the form's size */

struct lay {
	struct dl_doc *doc;
	const struct form *form;
	const struct derive_ctx *dc;
	const struct fontset *fs;
	const struct layout_opts *opts;
	struct layout_report *rep;
	size_t page;		/* index of the current page in doc */
	double page_h;		/* pt */
	int pageno, npages;	/* of this form */
	double dx, dy;		/* overlay offset, pt (dy downwards) */
};

/* A resolved text: characters with faces, glyphs and unit advances. */
struct text {
	struct layout_char *c;
	size_t n;
	const struct ttf *first;	/* the chain's first face, for metrics */
	int ok;				/* every character has a glyph */
};

/* ---- the display list ---- */

static struct dl_op *
add_op(struct lay *l, enum dl_kind kind)
{
	struct dl_page *p = &l->doc->pages[l->page];
	struct dl_op *op;

	if ((p->nops & (p->nops - 1)) == 0)	/* 0, 1, 2, 4, ...: grow */
		p->ops = xreallocarray(p->ops, p->nops == 0 ? 16 :
		    p->nops * 2, sizeof *p->ops);
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->fill = -1;
	op->face = -1;
	return op;
}

static void
new_page(struct lay *l)
{
	struct dl_doc *d = l->doc;
	struct dl_page *p;

	d->pages = xreallocarray(d->pages, d->npages + 1, sizeof *d->pages);
	p = &d->pages[d->npages];
	memset(p, 0, sizeof *p);
	p->width = MM_TO_PT(l->form->width);
	p->height = MM_TO_PT(l->form->height);
	p->form_id = xstrdup(l->form->id);
	l->page = d->npages++;
	l->page_h = p->height;
}

static double
px(struct lay *l, double mm)
{
	return MM_TO_PT(mm) + l->dx;
}

static double
py(struct lay *l, double mm)
{
	return l->page_h - MM_TO_PT(mm) - l->dy;
}

static double
lw(double w)
{
	return w > 0 ? w : DEFAULT_LINE;
}

static void
add_line(struct lay *l, double x1, double y1, double x2, double y2,
    double width, int dashed)
{
	struct dl_op *op = add_op(l, DL_LINE);

	op->x = x1;
	op->y = y1;
	op->w = x2;
	op->h = y2;
	op->line_width = width;
	op->dashed = dashed;
}

/* A rectangle from its top-left corner in mm. */
static void
add_rect(struct lay *l, double x, double y, double w, double h,
    double width, int dashed, double fill)
{
	struct dl_op *op = add_op(l, DL_RECT);

	op->x = px(l, x);
	op->y = py(l, y + h);
	op->w = MM_TO_PT(w);
	op->h = MM_TO_PT(h);
	op->line_width = width;
	op->dashed = dashed;
	op->fill = fill;
}

/* ---- issues ---- */

static struct layout_issue *
add_issue(struct lay *l, enum layout_issue_kind kind, const char *field,
    int line, char *message)
{
	struct layout_report *r = l->rep;
	struct layout_issue *is;

	r->issues = xreallocarray(r->issues, r->nissues + 1,
	    sizeof *r->issues);
	is = &r->issues[r->nissues++];
	memset(is, 0, sizeof *is);
	is->kind = kind;
	is->form_id = xstrdup(l->form->id);
	is->field = xstrdup(field);
	is->message = message;
	is->line = line;
	return is;
}

static char *
char_utf8(uint32_t cp, uint32_t vs)
{
	struct strbuf sb;

	sb_init(&sb);
	sb_add_utf8(&sb, cp);
	if (vs != 0)
		sb_add_utf8(&sb, vs);
	return sb_detach(&sb);
}

static char *
char_codes(uint32_t cp, uint32_t vs)
{
	uint32_t cps[2] = { cp, vs };

	return utf8_codepoints(cps, vs != 0 ? 2 : 1);
}

static const char *
item_label(struct lay *l, const char *key)
{
	const struct dict_item *it;

	if (l->dc->dict == NULL || (it = dict_find(l->dc->dict, key,
	    NULL)) == NULL)
		return key;
	return it->label;
}

/* ---- text ---- */

static const struct font_chain *
chain_for(struct lay *l, const struct form_style *st)
{
	const struct font_chain *ch = NULL;

	if (st->font != NULL)
		ch = fontset_chain(l->fs, st->font);
	if (ch == NULL && l->form->style.font != NULL)
		ch = fontset_chain(l->fs, l->form->style.font);
	if (ch == NULL)
		ch = fontset_chain(l->fs, "mincho");
	if (ch == NULL && l->fs->nchains > 0)
		ch = &l->fs->chains[0];
	return ch;
}

static double
style_size(struct lay *l, const struct form_style *st)
{
	if (st->size > 0)
		return st->size;
	if (l->form->style.size > 0)
		return l->form->style.size;
	return 10.5;
}

/*
 * Split and resolve text through a chain; advances are for size 1. A
 * character with no glyph is reported against field (with
 * allow_substitute its base character is tried) and left out of the
 * result, so nothing wrong is ever drawn; t->ok says whether all were
 * found.
 */
static int
resolve_text(struct lay *l, const char *s, const struct font_chain *ch,
    const char *field, int line, struct text *t)
{
	size_t i, k = 0;
	struct layout_char *c;
	int face;
	uint16_t gid;

	memset(t, 0, sizeof *t);
	t->ok = 1;
	if (ch == NULL || ch->nfaces == 0) {
		add_issue(l, ISSUE_NO_GLYPH, field, line,
		    xasprintf("%s: no font for this text", field));
		t->ok = 0;
		return -1;
	}
	t->first = ch->faces[0];
	if ((c = layout_split(s, &t->n)) == NULL) {
		add_issue(l, ISSUE_NO_GLYPH, field, line,
		    xasprintf("%s: the text is not valid UTF-8", field));
		t->ok = 0;
		return -1;
	}
	for (i = 0; i < t->n; i++) {
		if (fontset_resolve(ch, l->fs, c[i].cp, c[i].vs, &face,
		    &gid) != 0) {
			char *typed = char_utf8(c[i].cp, c[i].vs);
			char *codes = char_codes(c[i].cp, c[i].vs);
			char *desc = fontset_describe(ch);
			int sub = l->opts->allow_substitute && c[i].vs != 0 &&
			    fontset_resolve(ch, l->fs, c[i].cp, 0, &face,
			    &gid) == 0;

			if (!sub) {
				add_issue(l, ISSUE_NO_GLYPH, field, line,
				    xasprintf("%s: %s (%s) has no glyph in %s",
				    field, typed, codes, desc));
				t->ok = 0;
				free(typed);
				free(codes);
				free(desc);
				continue;
			} else {
				struct layout_issue *is;
				char *base = char_utf8(c[i].cp, 0);
				char *bcodes = char_codes(c[i].cp, 0);

				is = add_issue(l, ISSUE_SUBSTITUTED, field,
				    line, xasprintf("%s: %s (%s) has no glyph "
				    "in %s; printed %s (%s) instead", field,
				    typed, codes, desc, base, bcodes));
				is->form_title = xstrdup(l->form->title != NULL
				    ? l->form->title : l->form->id);
				is->label = xstrdup(item_label(l, field));
				is->typed = typed;
				is->printed = base;
				typed = NULL;
				free(bcodes);
				c[i].vs = 0;
			}
			free(typed);
			free(codes);
			free(desc);
		}
		c[k] = c[i];
		c[k].face = face;
		c[k].gid = gid;
		c[k].advance = layout_advance(l->fs, face, gid, 1.0);
		k++;
	}
	t->c = c;
	t->n = k;
	return 0;
}

static void
scale_text(struct text *t, double unit_to_size)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		t->c[i].advance *= unit_to_size;
}

/* The em box of a line: ascent and descent as parts of one em. */
static void
em_box(const struct ttf *f, double *asc, double *desc)
{
	double a = ttf_ascent(f), d = -(double)ttf_descent(f);

	if (a <= 0 || d < 0 || a + d <= 0) {
		*asc = 0.88;
		*desc = 0.12;
		return;
	}
	*asc = a / (a + d);
	*desc = d / (a + d);
}

/* Emit chars[0..n) (advances at size) from pen x on baseline y: one
 * DL_TEXT op per run of one face. */
static void
emit_line(struct lay *l, const struct layout_char *c, size_t n, double x,
    double y, double size, double spacing)
{
	size_t i = 0, j, k;
	struct dl_op *op;

	while (i < n) {
		for (j = i + 1; j < n && c[j].face == c[i].face; j++)
			;
		op = add_op(l, DL_TEXT);
		op->face = c[i].face;
		op->size = size;
		op->x = x;
		op->y = y;
		op->glyphs = xreallocarray(NULL, j - i, sizeof *op->glyphs);
		op->nglyphs = j - i;
		for (k = i; k < j; k++) {
			struct dl_glyph *g = &op->glyphs[k - i];

			g->cp = c[k].cp;
			g->vs = c[k].vs;
			g->gid = c[k].gid;
			g->x = x;
			x += c[k].advance + spacing;
		}
		i = j;
	}
}

/* The largest size from `size` down to `least` (0.5 pt steps, then
 * least) at which t's lines - broken at natural points, failing that
 * filled (layout-text.c) - fit bh; their ends in *ends. *fits (if not
 * NULL) says whether they do at the size returned. */
static double
wrap_fit(struct text *t, double size, double least, double bw, double bh,
    double spacing, double lead, size_t *nl, size_t **ends, int *fits)
{
	double sz = size;
	int tight;

	if (least > size)
		least = size;
	for (tight = 0; tight < 2; tight++) {
		for (sz = size;; sz = fmax(least, sz - 0.5)) {
			scale_text(t, sz);
			free(*ends);
			*nl = (tight ? layout_break_lines_tight :
			    layout_break_lines)(t->c, t->n, bw, spacing, ends);
			scale_text(t, 1 / sz);
			if (sz * (1 + (*nl - 1) * lead) <= bh + 1e-6 ||
			    sz <= least + 1e-9)
				break;
		}
		if (sz * (1 + (*nl - 1) * lead) <= bh + 1e-6)
			break;
	}
	if (fits != NULL)
		*fits = sz * (1 + (*nl - 1) * lead) <= bh + 1e-6;
	return sz;
}

/* Is each of the nl lines no wider than bw at size sz? */
static int
lines_fit(struct text *t, double sz, size_t nl, const size_t *ends,
    double bw, double spacing)
{
	size_t i, s;
	int ok = 1;

	scale_text(t, sz);
	for (i = 0, s = 0; i < nl; s = ends[i++])
		if (layout_width(t->c + s, ends[i] - s, spacing) > bw + 1e-6)
			ok = 0;
	scale_text(t, 1 / sz);
	return ok;
}

/*
 * Set a text in a box (mm, top-left, offsets already in l->dx/dy):
 * shrink to min, then wrap, else overflow. Issues are reported only when
 * field is not NULL (values); static text is set as it comes.
 */
static void
set_in_box(struct lay *l, struct text *t, const struct form_style *st,
    double x, double y, double w, double h, const char *field, int line)
{
	double size = style_size(l, st), min = st->min_size, use = size;
	double spacing = st->spacing, lead = st->leading > 0 ? st->leading :
	    DEFAULT_LEADING;
	double padx = fmin(MM_TO_PT(PAD_X_MM), MM_TO_PT(w) / 10);
	double pady = fmin(MM_TO_PT(PAD_Y_MM), MM_TO_PT(h) / 10);
	double bw = MM_TO_PT(w) - 2 * padx, bh = MM_TO_PT(h);
	double units = 0, asc, desc, top, base, lx, lwid;
	size_t i, nl = 1, *ends = NULL, one, s;
	int wrapped = 0, overflow = 0;

	if (t->n == 0)
		return;
	if (min <= 0 || min > size)
		min = size;
	for (i = 0; i < t->n; i++)
		units += t->c[i].advance;
	/* Trailing spaces are not drawn width. */
	{
		size_t n = t->n;

		while (n > 0 && layout_is_space(t->c[n - 1].cp))
			units -= t->c[--n].advance;
		one = n;
	}
	if (units * size + spacing * (one > 0 ? one - 1 : 0) > bw) {
		/* Shrink: the size at which one line just fits. */
		double fit = units > 0 ? (bw - spacing * (one - 1)) / units :
		    size;
		int fits;

		use = fmax(min, fmin(size, floor(fit * 10) / 10));
		/* One line much smaller than the form's size is hard to
		 * read: two lines at a larger size are better, when the
		 * box is tall enough. */
		if (st->wrap && use < size * WRAP_BELOW && units * use +
		    spacing * (one - 1) <= bw + 1e-6) {
			double sz = wrap_fit(t, size, use + 0.5, bw, bh,
			    spacing, lead, &nl, &ends, &fits);

			if (fits && nl > 1 && sz > use && lines_fit(t, sz,
			    nl, ends, bw, spacing)) {
				use = sz;
				wrapped = 1;
			} else {
				free(ends);
				ends = NULL;
				nl = 1;
			}
		}
		if (!wrapped && units * use + spacing * (one - 1) > bw + 1e-6) {
			use = min;
			if (st->wrap) {
				use = fmax(wrap_fit(t, size, min, bw, bh,
				    spacing, lead, &nl, &ends, NULL), min);
				wrapped = nl > 1;
			}
			if (!wrapped)
				overflow = 1;
			else if (use * (1 + (nl - 1) * lead) > bh + 1e-6)
				overflow = 1;
			else {
				/* Each wrapped line must fit too (a single
				 * unbreakable character wider than the box). */
				scale_text(t, use);
				for (i = 0, s = 0; i < nl; s = ends[i++])
					if (layout_width(t->c + s, ends[i] - s,
					    spacing) > bw + 1e-6)
						overflow = 1;
				scale_text(t, 1 / use);
			}
		}
	}
	if (!wrapped) {
		free(ends);
		ends = xmalloc(sizeof *ends);
		ends[0] = t->n;
		nl = 1;
	}
	if (field != NULL) {
		if (overflow)
			add_issue(l, ISSUE_OVERFLOW, field, line, xasprintf(
			    "%s: does not fit in its box (%.1f x %.1f mm) even "
			    "at %.1fpt", field, w, h, use));
		else if (use < size - 1e-9)
			add_issue(l, ISSUE_SHRUNK, field, line, xasprintf(
			    "%s: printed at %.1fpt instead of %.1fpt to fit",
			    field, use, size));
		if (wrapped && !overflow)
			add_issue(l, ISSUE_WRAPPED, field, line, xasprintf(
			    "%s: printed on %zu lines", field, nl));
	} else if (overflow && l->opts->check_static)
		add_issue(l, ISSUE_OVERFLOW, "text", line, xasprintf(
		    "does not fit in its box (%.1f x %.1f mm) at %.1fpt", w,
		    h, use));

	/* Place the lines. */
	scale_text(t, use);
	em_box(t->first, &asc, &desc);
	{
		double block = use * (1 + (nl - 1) * lead);
		double btop = py(l, y), bbot = py(l, y) - bh;

		switch (st->valign) {
		case VALIGN_TOP:
			top = btop - pady;
			break;
		case VALIGN_BOTTOM:
			top = bbot + pady + block;
			break;
		default:
			top = (btop + bbot) / 2 + block / 2;
			break;
		}
	}
	for (i = 0, s = 0; i < nl; s = ends[i++]) {
		size_t e = ends[i];

		base = top - use * asc - i * use * lead;
		lwid = layout_width(t->c + s, e - s, spacing);
		switch (st->halign) {
		case HALIGN_RIGHT:
			lx = px(l, x) + MM_TO_PT(w) - padx - lwid;
			break;
		case HALIGN_CENTER:
			lx = px(l, x) + (MM_TO_PT(w) - lwid) / 2;
			break;
		default:
			lx = px(l, x) + padx;
			break;
		}
		emit_line(l, t->c + s, e - s, lx, base, use, spacing);
	}
	free(ends);
}

/* Static text at its top-left corner (no box). */
static void
set_at(struct lay *l, struct text *t, const struct form_style *st,
    double x, double y, int center_on_point)
{
	double size = style_size(l, st), asc, desc, wid, base, lx;

	if (t->n == 0)
		return;
	scale_text(t, size);
	em_box(t->first, &asc, &desc);
	wid = layout_width(t->c, t->n, st->spacing);
	if (center_on_point) {
		lx = px(l, x) - wid / 2;
		/* The em box centred on the point: baseline = centre -
		 * (asc - desc) / 2 em. */
		base = py(l, y) - size * (asc - desc) / 2;
	} else {
		lx = px(l, x);
		base = py(l, y) - size * asc;
	}
	emit_line(l, t->c, t->n, lx, base, size, st->spacing);
}

static void
text_free(struct text *t)
{
	free(t->c);
	t->c = NULL;
	t->n = 0;
}

/* ---- values ---- */

/* The visit key for a form key: person.name inside a rows block for
 * member m is person.m.name. */
static char *
member_key(struct lay *l, const char *key, int member)
{
	const struct dict_item *it;
	int idx = 0;

	if (l->dc->dict != NULL && (it = dict_find(l->dc->dict, key,
	    &idx)) != NULL && it->group != NULL && idx == 0)
		return xasprintf("%s.%d.%s", it->group, member > 0 ? member :
		    1, it->field);
	return xstrdup(key);
}

static enum dict_type
key_type(struct lay *l, const char *key)
{
	const struct dict_item *it;

	if (l->dc->dict != NULL && (it = dict_find(l->dc->dict, key,
	    NULL)) != NULL)
		return it->type;
	return DICT_TEXT;
}

static char *
masked(const char *v)
{
	size_t n = strlen(v), i;
	struct strbuf sb;

	sb_init(&sb);
	for (i = 0; i < n; i++) {
		if (n == 12 && i > 0 && i % 4 == 0)
			sb_addc(&sb, ' ');
		sb_addc(&sb, i + 4 < n ? '*' : v[i]);
	}
	return sb_detach(&sb);
}

/* A value, with the town's settings for this form first: the addressee
 * of form.ID.addressee (東京都水道局長 for a town whose water the
 * prefecture supplies) before town.addressee. */
static char *
form_value(struct lay *l, const char *key)
{
	char *k;
	const char *v;

	if (strcmp(key, "town.addressee") == 0) {
		k = xasprintf("form.%s.addressee", l->form->id);
		v = config_get(l->dc->config, k);
		free(k);
		if (v != NULL && *v != '\0')
			return xstrdup(v);
	}
	return derive_value(l->dc, key);
}

/* The text of a value as the form wants it, or NULL when empty. */
static char *
value_text(struct lay *l, const struct form_value *fv, const char *key)
{
	char *raw, *out = NULL, *t;
	struct date d;
	struct wareki wk;
	int flags = fv->gannen ? WAREKI_GANNEN : 0;
	int isdate;

	if ((raw = form_value(l, key)) == NULL)
		return NULL;
	if (*raw == '\0') {
		free(raw);
		return NULL;
	}
	isdate = date_parse_iso(raw, &d) == 0 && (key_type(l, key) ==
	    DICT_DATE || fv->format == FMT_WAREKI || fv->format ==
	    FMT_WESTERN || fv->part != PART_ALL);
	if (isdate && fv->part != PART_ALL) {
		int haswk = wareki_from_date(d, &wk) == 0;

		switch (fv->part) {
		case PART_ERA:
			out = haswk ? xstrdup(wareki_era_name(wk.era)) : NULL;
			break;
		case PART_ERA_SHORT:
			out = haswk ? xstrdup(wareki_era_short(wk.era)) : NULL;
			break;
		case PART_YEAR:
			if (fv->format == FMT_WESTERN || fv->format == FMT_ISO
			    || !haswk)
				out = xasprintf("%d", d.y);
			else
				out = wareki_year_string(wk.year, flags);
			break;
		case PART_MONTH:
			out = xasprintf("%d", d.m);
			break;
		default:
			out = xasprintf("%d", d.d);
			break;
		}
	} else if (isdate && fv->format == FMT_WESTERN)
		out = xasprintf("%d年%d月%d日", d.y, d.m, d.d);
	else if (isdate && fv->format == FMT_ISO)
		out = xstrdup(raw);
	else if (isdate)
		out = wareki_format(d, flags);
	else if (fv->format == FMT_POSTAL && strlen(raw) == 7)
		out = xasprintf("%.3s-%s", raw, raw + 3);
	else if (fv->format == FMT_MASKED)
		out = masked(raw);
	else
		out = xstrdup(raw);
	free(raw);
	if (out == NULL)
		return NULL;
	if (fv->fullwidth) {
		t = kana_to_fullwidth(out);
		free(out);
		out = t;
	}
	if (fv->prefix != NULL || fv->suffix != NULL) {
		t = xasprintf("%s%s%s", fv->prefix != NULL ? fv->prefix : "",
		    out, fv->suffix != NULL ? fv->suffix : "");
		free(out);
		out = t;
	}
	return out;
}

/* ---- operations ---- */

static void
op_text(struct lay *l, const struct form_op *op, double dy)
{
	struct text t;

	if (op->text == NULL || resolve_text(l, op->text, chain_for(l,
	    &op->style), "text", op->line, &t) != 0)
		return;
	if (op->w > 0 && op->h > 0)
		set_in_box(l, &t, &op->style, op->x, op->y + dy, op->w, op->h,
		    NULL, op->line);
	else
		set_at(l, &t, &op->style, op->x, op->y + dy, 0);
	text_free(&t);
}

/* How many characters (a base and its variation selector being one, as
 * in struct text) the first `bytes` bytes of text hold. */
static size_t
chars_before(const char *text, size_t bytes)
{
	char *head = xstrndup(text, bytes);
	struct layout_char *c;
	size_t n = 0;

	c = layout_split(head, &n);
	free(c);
	free(head);
	return n;
}

/* In an address joined from its parts (new.address), mark where the
 * 町域, the 番地 and the 方書 begin: the natural places for a line
 * break (layout-text.c). Found by their text, from the end, so that a
 * 町域 repeating the city's name is still found in its place. */
static void
mark_address_parts(struct lay *l, const char *key, const char *text,
    struct text *t)
{
	static const char *const parts[] = { "building", "banchi", "town" };
	const char *dot = strrchr(key, '.'), *at, *p;
	char *pk, *pv;
	size_t i, k, from = strlen(text);

	if (dot == NULL || strcmp(dot, ".address") != 0)
		return;
	for (i = 0; i < nitems(parts); i++) {
		pk = xasprintf("%.*s.%s", (int)(dot - key), key, parts[i]);
		pv = derive_value(l->dc, pk);
		free(pk);
		if (pv == NULL || *pv == '\0') {
			free(pv);
			continue;
		}
		/* The last occurrence starting before `from`. */
		at = NULL;
		for (p = strstr(text, pv); p != NULL && (size_t)(p - text) <
		    from; p = strstr(p + 1, pv))
			at = p;
		free(pv);
		if (at == NULL || at == text)
			continue;
		from = (size_t)(at - text);
		k = chars_before(text, from);
		if (k < t->n)
			t->c[k].part = 1;
	}
}

static void
op_field(struct lay *l, const struct form_op *op, double dy, int member)
{
	char *key = member_key(l, op->value.key, member);
	char *v = value_text(l, &op->value, key);
	struct text t;

	if (v != NULL && resolve_text(l, v, chain_for(l, &op->style), key,
	    op->line, &t) == 0) {
		mark_address_parts(l, key, v, &t);
		set_in_box(l, &t, &op->style, op->x, op->y + dy, op->w, op->h,
		    key, op->line);
		text_free(&t);
	}
	free(v);
	free(key);
}

static void
draw_boxes(struct lay *l, double x, double y, int count, double pitch,
    double h, double width, int dashed)
{
	int i;
	double top = py(l, y), bot = py(l, y + h);

	if (count <= 0)
		return;
	add_rect(l, x, y, count * pitch, h, lw(width), 0, -1);
	for (i = 1; i < count; i++)
		add_line(l, px(l, x + i * pitch), top, px(l, x + i * pitch),
		    bot, lw(width), dashed);
}

static void
op_comb(struct lay *l, const struct form_op *op, double dy, int member)
{
	char *key = member_key(l, op->value.key, member);
	char *v = value_text(l, &op->value, key);
	double size = style_size(l, &op->style), asc, desc, base, cx;
	struct text t;
	size_t i, first = 0;

	if (op->draw_boxes && !l->opts->overlay)
		draw_boxes(l, op->x, op->y + dy, op->count, op->pitch, op->h,
		    op->line_width, op->dashed);
	if (v != NULL && resolve_text(l, v, chain_for(l, &op->style), key,
	    op->line, &t) == 0) {
		if (t.n > (size_t)op->count) {
			add_issue(l, ISSUE_OVERFLOW, key, op->line, xasprintf(
			    "%s: %zu characters do not fit in %d boxes", key,
			    t.n, op->count));
		} else {
			if (op->style.halign == HALIGN_RIGHT)
				first = op->count - t.n;
			else if (op->style.halign == HALIGN_CENTER)
				first = (op->count - t.n) / 2;
			scale_text(&t, size);
			em_box(t.first, &asc, &desc);
			base = (py(l, op->y + dy) + py(l, op->y + dy + op->h))
			    / 2 - size * (asc - desc) / 2;
			for (i = 0; i < t.n; i++) {
				cx = px(l, op->x + (first + i + 0.5) *
				    op->pitch);
				emit_line(l, t.c + i, 1, cx - t.c[i].advance /
				    2, base, size, 0);
			}
		}
		text_free(&t);
	}
	free(v);
	free(key);
}

/* The choice a mark shows, as text a reader of the PDF can find
 * (pdftotext shows 【代理人】 where 代理人 is circled): invisible, so the
 * paper shows only the mark. */
static void
mark_text(struct lay *l, const struct form_op *op,
    const struct form_mark_option *o, double dy)
{
	struct form_style st = op->style;
	struct text t;
	char *s = xasprintf("【%s】", o->value);
	size_t first = l->doc->pages[l->page].nops, i;

	st.size = MARK_TEXT_PT;
	st.spacing = 0;
	if (resolve_text(l, s, chain_for(l, &st), "text", op->line, &t) ==
	    0) {
		set_at(l, &t, &st, o->x, o->y + dy, 1);
		text_free(&t);
	}
	free(s);
	for (i = first; i < l->doc->pages[l->page].nops; i++)
		l->doc->pages[l->page].ops[i].invisible = 1;
}

static void
op_mark(struct lay *l, const struct form_op *op, double dy, int member)
{
	char *key = member_key(l, op->value.key, member);
	char *v = value_text(l, &op->value, key);
	double r = MM_TO_PT(op->radius > 0 ? op->radius : DEFAULT_RADIUS);
	size_t i;
	struct text t;
	int marked = 0;

	for (i = 0; i < op->noptions; i++) {
		const struct form_mark_option *o = &op->options[i];
		struct dl_op *d;

		if (op->labels && !l->opts->overlay && resolve_text(l,
		    o->value, chain_for(l, &op->style), "text", op->line,
		    &t) == 0) {
			set_at(l, &t, &op->style, o->x, o->y + dy, 1);
			text_free(&t);
		}
		if (v == NULL || strcmp(v, o->value) != 0)
			continue;
		marked = 1;
		d = add_op(l, op->mark == MARK_CIRCLE ? DL_ELLIPSE :
		    DL_CHECK);
		d->x = px(l, o->x);
		d->y = py(l, o->y + dy);
		d->w = op->mark == MARK_CIRCLE && op->radius_x > 0 ?
		    MM_TO_PT(op->radius_x) : r;
		d->h = r;
		d->line_width = op->line_width > 0 ? op->line_width :
		    (op->mark == MARK_CHECK ? 1.0 : 0.8);
		/* After d is filled: mark_text adds ops, which may move
		 * the page's array. */
		mark_text(l, op, o, dy);
	}
	/* A value the form offers no mark for is not printed at all: say
	 * so, so the clerk marks it by hand rather than hand over a form
	 * that quietly leaves it out. */
	if (v != NULL && *v != '\0' && !marked)
		add_issue(l, ISSUE_UNMARKED, key, op->line, xasprintf(
		    "%s: %s has no mark on this form", key, v));
	free(v);
	free(key);
}

static void
op_pageno(struct lay *l, const struct form_op *op, double dy)
{
	char *s;
	struct text t;

	if (l->npages <= 1)
		return;
	s = xasprintf("%d/%d", l->pageno, l->npages);
	if (resolve_text(l, s, chain_for(l, &op->style), "pageno", op->line,
	    &t) == 0) {
		if (op->w > 0 && op->h > 0)
			set_in_box(l, &t, &op->style, op->x, op->y + dy, op->w,
			    op->h, NULL, op->line);
		else
			set_at(l, &t, &op->style, op->x, op->y + dy, 0);
		text_free(&t);
	}
	free(s);
}

/* A signature box: the label in a shaded cell, the rest left empty for
 * the hand, with the note (「自署してください」) in small type at its top
 * so that nothing printed lies where the name is written. */
static void
op_sign(struct lay *l, const struct form_op *op, double dy)
{
	struct form_op t;

	add_rect(l, op->x, op->y + dy, op->label_w, op->h, 0, 0, 0.92);
	add_rect(l, op->x, op->y + dy, op->w, op->h, lw(op->line_width), 0,
	    -1);
	add_line(l, px(l, op->x + op->label_w), py(l, op->y + dy),
	    px(l, op->x + op->label_w), py(l, op->y + op->h + dy),
	    lw(op->line_width), 0);
	t = *op;
	t.kind = OP_TEXT;
	t.w = op->label_w;
	t.style.halign = HALIGN_CENTER;
	t.style.valign = VALIGN_MIDDLE;
	op_text(l, &t, dy);
	if (op->note == NULL)
		return;
	t.text = op->note;
	t.x = op->x + op->label_w + 1;
	t.y = op->y + 0.6;
	t.w = op->w - op->label_w - 2;
	t.h = 3;
	t.style.size = SIGN_NOTE_PT;
	t.style.min_size = 0;
	t.style.halign = HALIGN_LEFT;
	t.style.valign = VALIGN_TOP;
	op_text(l, &t, dy);
}

static void
op_static(struct lay *l, const struct form_op *op, double dy)
{
	size_t i;
	double x, y, top, bot, left, right, tw = 0, th = 0;

	switch (op->kind) {
	case OP_TEXT:
		op_text(l, op, dy);
		break;
	case OP_LINE:
		add_line(l, px(l, op->x), py(l, op->y + dy), px(l, op->w),
		    py(l, op->h + dy), lw(op->line_width), op->dashed);
		break;
	case OP_RECT:
		add_rect(l, op->x, op->y + dy, op->w, op->h, op->line_width >
		    0 || op->fill < 0 ? lw(op->line_width) : 0, op->dashed,
		    op->fill);
		break;
	case OP_TABLE:
		for (i = 0; i < op->ncols; i++)
			tw += op->cols[i];
		for (i = 0; i < op->nrows; i++)
			th += op->rows[i];
		add_rect(l, op->x, op->y + dy, tw, th, lw(op->line_width),
		    op->dashed, -1);
		left = px(l, op->x);
		right = px(l, op->x + tw);
		top = py(l, op->y + dy);
		bot = py(l, op->y + dy + th);
		for (i = 0, y = op->y + dy; i + 1 < op->nrows; i++) {
			y += op->rows[i];
			add_line(l, left, py(l, y), right, py(l, y),
			    lw(op->line_width), op->dashed);
		}
		for (i = 0, x = op->x; i + 1 < op->ncols; i++) {
			x += op->cols[i];
			add_line(l, px(l, x), top, px(l, x), bot,
			    lw(op->line_width), op->dashed);
		}
		break;
	case OP_BOXES:
		draw_boxes(l, op->x, op->y + dy, op->count, op->pitch, op->h,
		    op->line_width, op->dashed);
		break;
	case OP_SIGN:
		op_sign(l, op, dy);
		break;
	default:
		break;
	}
}

/* Members of a rows block's group that get a row, in order. */
static int *
rows_members(struct lay *l, const struct form_op *op, size_t *n)
{
	int count = visit_count(l->dc->visit, op->group), m;
	int *out = xreallocarray(NULL, count > 0 ? count : 1, sizeof *out);
	long dummy;

	*n = 0;
	for (m = 1; m <= count; m++)
		if (op->where == NULL || form_cond_eval(op->where, l->dc, m,
		    &dummy))
			out[(*n)++] = m;
	return out;
}

static void lay_op(struct lay *, const struct form_op *, double, int,
    size_t);

/* 「以下余白」 in the first row left unused, so that no person can be added
 * to a form after the clerk and the resident have checked it. It goes in
 * the row's name field (else its largest). */
static void
rows_end(struct lay *l, const struct form_op *op, double dy)
{
	const struct form_op *best = NULL;
	struct form_style st;
	struct text t;
	size_t j;

	for (j = 0; j < op->nchildren; j++) {
		const struct form_op *c = &op->children[j];
		const char *dot;

		if (c->kind != OP_FIELD)
			continue;
		dot = strrchr(c->value.key, '.');
		if (dot != NULL && strcmp(dot, ".name") == 0) {
			best = c;
			break;
		}
		if (best == NULL || c->w * c->h > best->w * best->h)
			best = c;
	}
	if (best == NULL)
		return;
	st = best->style;
	st.size = fmin(st.size, ROWS_END_PT);
	st.min_size = 0;
	st.wrap = 0;
	st.halign = HALIGN_LEFT;
	st.valign = VALIGN_MIDDLE;
	if (resolve_text(l, "以下余白", chain_for(l, &st), "text", op->line,
	    &t) != 0)
		return;
	set_in_box(l, &t, &st, best->x, best->y + dy, best->w, best->h, NULL,
	    op->line);
	text_free(&t);
}

static void
op_rows(struct lay *l, const struct form_op *op, size_t repeat)
{
	size_t n, i, j;
	int *members = rows_members(l, op, &n);
	double dy;

	/* A block whose members all fit on one page (the 世帯主, the
	 * 配偶者) is the page's heading: it is shown again on every
	 * continuation page, as the static drawing is. */
	if (n <= (size_t)op->per_page)
		repeat = 0;
	for (i = 0; i < (size_t)op->per_page; i++) {
		size_t k = repeat * op->per_page + i;

		if (k >= n)
			break;
		dy = op->y + i * op->pitch_y;
		for (j = 0; j < op->nchildren; j++)
			lay_op(l, &op->children[j], dy, members[k], repeat);
	}
	if (op->per_page > 1 && i < (size_t)op->per_page)
		rows_end(l, op, op->y + i * op->pitch_y);
	free(members);
}

static void
lay_op(struct lay *l, const struct form_op *op, double dy, int member,
    size_t repeat)
{
	long dummy;

	if (op->when != NULL && !form_cond_eval(op->when, l->dc, member,
	    &dummy))
		return;
	switch (op->kind) {
	case OP_FIELD:
		op_field(l, op, dy, member);
		break;
	case OP_COMB:
		op_comb(l, op, dy, member);
		break;
	case OP_MARK:
		op_mark(l, op, dy, member);
		break;
	case OP_PAGENO:
		op_pageno(l, op, dy);
		break;
	case OP_ROWS:
		if (member == 0)
			op_rows(l, op, repeat);
		break;
	default:
		if (!l->opts->overlay)
			op_static(l, op, dy);
		break;
	}
}

/* How many times a form page is laid out: once, or as often as its
 * fullest rows block needs. */
static size_t
page_repeats(struct lay *l, const struct form_page *pg)
{
	size_t i, n, r, most = 1;
	int *m;

	for (i = 0; i < pg->nops; i++) {
		const struct form_op *op = &pg->ops[i];

		if (op->kind != OP_ROWS || op->per_page <= 0)
			continue;
		m = rows_members(l, op, &n);
		free(m);
		r = (n + op->per_page - 1) / op->per_page;
		if (r > most)
			most = r;
	}
	return most;
}

static void
check_required(struct lay *l)
{
	size_t i;
	int m, count, idx;
	const struct dict_item *it;
	char *key, *v;

	for (i = 0; i < l->form->nrequired; i++) {
		const char *req = l->form->required[i];
		long dummy;

		if (l->form->required_when != NULL &&
		    l->form->required_when[i] != NULL &&
		    !form_cond_eval(l->form->required_when[i], l->dc, 0,
		    &dummy))
			continue;

		it = l->dc->dict != NULL ? dict_find(l->dc->dict, req, &idx) :
		    NULL;
		if (it != NULL && it->group != NULL && idx == 0) {
			count = visit_count(l->dc->visit, it->group);
			for (m = 1; m <= (count > 0 ? count : 1); m++) {
				key = member_key(l, req, m);
				v = derive_value(l->dc, key);
				if (v == NULL || *v == '\0')
					add_issue(l, ISSUE_MISSING, key, 0,
					    xasprintf("%s: %sがありません", key,
					    it->label));
				free(v);
				free(key);
			}
			continue;
		}
		v = derive_value(l->dc, req);
		if (v == NULL || *v == '\0')
			add_issue(l, ISSUE_MISSING, req, 0, xasprintf(
			    "%s: %sがありません", req, it != NULL ?
			    it->label : req));
		free(v);
	}
}

/* A form's `warn` statements whose condition holds for the visit. */
static void
check_warnings(struct lay *l)
{
	size_t i;
	long dummy;
	const char *key;

	for (i = 0; i < l->form->nwarns; i++) {
		const struct form_warn *w = &l->form->warns[i];

		if (!form_cond_eval(w->cond, l->dc, 0, &dummy))
			continue;
		key = form_cond_first_key(w->cond);
		add_issue(l, ISSUE_WARNING, key != NULL ? key : "warn",
		    w->line, xasprintf("%s: %s", key != NULL ? key : "warn",
		    w->message));
	}
}

int
layout_form(struct dl_doc *doc, const struct form *form,
    const struct derive_ctx *dc, const struct fontset *fs,
    const struct layout_opts *opts, struct layout_report *rep, char **cause)
{
	struct lay l;
	size_t p, r, i, *reps;
	static const struct layout_opts none;

	if (form->width <= 0 || form->height <= 0) {
		*cause = xasprintf("%s: no paper size", form->id);
		return -1;
	}
	memset(&l, 0, sizeof l);
	l.doc = doc;
	l.form = form;
	l.dc = dc;
	l.fs = fs;
	l.opts = opts != NULL ? opts : &none;
	l.rep = rep;
	if (l.opts->overlay) {
		l.dx = MM_TO_PT(l.opts->offset_x);
		l.dy = MM_TO_PT(l.opts->offset_y);
	}
	check_required(&l);
	check_warnings(&l);

	reps = xreallocarray(NULL, form->npages + 1, sizeof *reps);
	for (p = 0; p < form->npages; p++) {
		reps[p] = page_repeats(&l, &form->pages[p]);
		l.npages += (int)reps[p];
	}
	for (p = 0; p < form->npages; p++) {
		const struct form_page *pg = &form->pages[p];

		for (r = 0; r < reps[p]; r++) {
			new_page(&l);
			l.pageno++;
			for (i = 0; i < pg->nops; i++)
				lay_op(&l, &pg->ops[i], 0, 0, r);
		}
	}
	free(reps);
	rep->pages += l.npages;
	return 0;
}

/* ---- the correction page ---- */

/* Was the same character in the same field of the same form listed
 * already (a field drawn twice, on a repeated page)? */
static int
seen_before(const struct layout_report *rep, size_t i)
{
	const struct layout_issue *a = &rep->issues[i], *b;
	size_t k;

	for (k = 0; k < i; k++) {
		b = &rep->issues[k];
		if (b->kind == ISSUE_SUBSTITUTED && strcmp(a->form_id,
		    b->form_id) == 0 && strcmp(a->field, b->field) == 0 &&
		    a->typed != NULL && b->typed != NULL &&
		    strcmp(a->typed, b->typed) == 0)
			return 1;
	}
	return 0;
}

int
layout_substitution_page(struct dl_doc *doc, const struct layout_report *rep,
    const struct fontset *fs, char **cause)
{
	static const struct form_style title_style = { "mincho", 16, 0,
	    HALIGN_LEFT, VALIGN_TOP, 0, 0, 0 };
	static const struct form_style body_style = { "mincho", 10.5, 7,
	    HALIGN_LEFT, VALIGN_MIDDLE, 0, 0, 0 };
	struct form f;
	struct layout_report tmp;
	struct layout_opts opts;
	struct lay l;
	struct text t;
	double y = 40, cols[4] = { 50, 40, 50, 40 }, x;
	size_t i, c;

	memset(&f, 0, sizeof f);
	f.id = "substitution";
	f.title = "手書き訂正が必要な箇所";
	f.width = 210;
	f.height = 297;
	f.style = body_style;
	memset(&tmp, 0, sizeof tmp);
	memset(&opts, 0, sizeof opts);
	memset(&l, 0, sizeof l);
	l.doc = doc;
	l.form = &f;
	l.fs = fs;
	l.opts = &opts;
	l.rep = &tmp;
	if (chain_for(&l, &body_style) == NULL) {
		*cause = xstrdup("no mincho font for the correction page");
		return -1;
	}
	new_page(&l);
	free(doc->pages[l.page].form_id);
	doc->pages[l.page].form_id = xstrdup("substitution");

	if (resolve_text(&l, f.title, chain_for(&l, &title_style), "text", 0,
	    &t) == 0) {
		set_at(&l, &t, &title_style, 20, 20, 0);
		text_free(&t);
	}
	if (resolve_text(&l, "次の文字は異体字のまま印刷できなかったため、"
	    "基本の字形で印刷しました。手書きで訂正してください。",
	    chain_for(&l, &body_style), "text", 0, &t) == 0) {
		set_at(&l, &t, &body_style, 20, 30, 0);
		text_free(&t);
	}
	for (i = 0; i <= rep->nissues; i++) {
		const struct layout_issue *is = i > 0 ? &rep->issues[i - 1] :
		    NULL;
		char *cells[4];

		if (is != NULL && (is->kind != ISSUE_SUBSTITUTED ||
		    seen_before(rep, i - 1)))
			continue;
		if (is == NULL) {
			cells[0] = xstrdup("書類");
			cells[1] = xstrdup("項目");
			cells[2] = xstrdup("入力された文字");
			cells[3] = xstrdup("印刷した文字");
		} else {
			size_t n;
			uint32_t *cps = utf8_to_u32(is->typed != NULL ?
			    is->typed : "", &n);
			char *codes = cps != NULL ? utf8_codepoints(cps, n) :
			    xstrdup("");

			cells[0] = xstrdup(is->form_title != NULL ?
			    is->form_title : is->form_id);
			cells[1] = xasprintf("%s (%s)", is->label != NULL ?
			    is->label : is->field, is->field);
			/* The typed character has no glyph (that is why it
			 * is here): show its base and its code points. */
			cells[2] = xasprintf("%s (%s)", is->printed != NULL ?
			    is->printed : "", codes);
			cells[3] = xstrdup(is->printed != NULL ? is->printed :
			    "");
			free(codes);
			free(cps);
		}
		if (y + 8 > 280) {
			new_page(&l);
			free(doc->pages[l.page].form_id);
			doc->pages[l.page].form_id = xstrdup("substitution");
			y = 20;
		}
		for (c = 0, x = 20; c < 4; x += cols[c++]) {
			add_rect(&l, x, y, cols[c], 8, 0.5, 0, is == NULL ?
			    0.9 : -1);
			if (resolve_text(&l, cells[c], chain_for(&l,
			    &body_style), "text", 0, &t) == 0) {
				set_in_box(&l, &t, &body_style, x + 1.5, y,
				    cols[c] - 3, 8, NULL, 0);
				text_free(&t);
			}
			free(cells[c]);
		}
		y += 8;
	}
	layout_report_free(&tmp);
	return 0;
}

/* ---- freeing and the verdict ---- */

void
dl_doc_free(struct dl_doc *doc)
{
	size_t p, i;

	if (doc == NULL)
		return;
	for (p = 0; p < doc->npages; p++) {
		for (i = 0; i < doc->pages[p].nops; i++)
			free(doc->pages[p].ops[i].glyphs);
		free(doc->pages[p].ops);
		free(doc->pages[p].form_id);
	}
	free(doc->pages);
	doc->pages = NULL;
	doc->npages = 0;
}

void
layout_report_free(struct layout_report *rep)
{
	size_t i;

	if (rep == NULL)
		return;
	for (i = 0; i < rep->nissues; i++) {
		struct layout_issue *is = &rep->issues[i];

		free(is->form_id);
		free(is->field);
		free(is->message);
		free(is->form_title);
		free(is->label);
		free(is->typed);
		free(is->printed);
	}
	free(rep->issues);
	rep->issues = NULL;
	rep->nissues = 0;
	rep->pages = 0;
}

int
layout_issue_blocks(enum layout_issue_kind kind)
{
	return kind == ISSUE_NO_GLYPH || kind == ISSUE_MISSING ||
	    kind == ISSUE_OVERFLOW;
}

int
layout_report_blocks(const struct layout_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nissues; i++)
		if (layout_issue_blocks(rep->issues[i].kind))
			return 1;
	return 0;
}
