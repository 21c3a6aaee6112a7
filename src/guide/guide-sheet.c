/*
 * guide-sheet.c - the resident's 「お手続きのご案内」 as a form.
 *
 * The sheet is built as an ordinary form of static text (struct form with
 * OP_TEXT, OP_RECT and OP_FIELD ops), so the layout code sets it exactly
 * as it sets the town's forms: the same fonts, the same glyph checks (a
 * character of the guide files no font has stops the print like any
 * other), the same line breaking (禁則). Every word on it comes from the
 * guide files, the form titles and the configuration's counters; the only
 * items of the visit it prints are the 届出日 and the town's name.
 *
 * Type is 12 pt or more everywhere (titles of procedures 13 pt), for
 * elderly residents. Heights are worked out from the display width of
 * each text at its size, generously, so a text always fits its box; a
 * procedure that would cross the bottom of the page starts a new page.
 */
#include <stdlib.h>
#include <string.h>

#include "guide/guide.h"

#define SHEET_W 210.0
#define SHEET_H 297.0
#define LEFT 18.0
#define RIGHT 192.0
#define BOTTOM 280.0
#define PT_MM (25.4 / 72.0)

struct sheet {
	struct form *f;
	struct form_page *page;
	double y;
};

static struct form_style
style(const char *font, double size)
{
	struct form_style st;

	memset(&st, 0, sizeof st);
	st.font = (char *)font;	/* static names, never freed */
	st.size = size;
	st.min_size = size;	/* never printed smaller */
	st.halign = HALIGN_LEFT;
	st.valign = VALIGN_TOP;
	st.wrap = 1;
	st.leading = 1.3;
	return st;
}

static struct form_op *
add_op(struct sheet *s, enum form_op_kind kind)
{
	struct form_page *p = s->page;
	struct form_op *op;

	p->ops = xreallocarray(p->ops, p->nops + 1, sizeof *p->ops);
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof *op);
	op->kind = kind;
	op->fill = -1;
	return op;
}

static void
new_page(struct sheet *s)
{
	struct form *f = s->f;

	f->pages = xreallocarray(f->pages, f->npages + 1, sizeof *f->pages);
	s->page = &f->pages[f->npages++];
	memset(s->page, 0, sizeof *s->page);
	s->y = 18;
}

/* Height (mm) of text set at size in a box w mm wide: lines by display
 * width (a wide character is one em, a narrow one half), plus one spare
 * line when the estimate is close. */
static double
text_height(const char *text, double size, double w)
{
	double em = size * PT_MM, per_line = w / em - 1;
	double ems = utf8_width(text) / 2.0;
	int lines = 1;

	while (ems > per_line * lines)
		lines++;
	if (ems > per_line * lines - 2)
		lines++;
	return lines * size * 1.3 * PT_MM + 1;
}

static double
add_text(struct sheet *s, double x, double w, const char *text,
    const char *font, double size)
{
	struct form_op *op = add_op(s, OP_TEXT);
	double h = text_height(text, size, w);

	op->x = x;
	op->y = s->y;
	op->w = w;
	op->h = h;
	op->text = xstrdup(text);
	op->style = style(font, size);
	return h;
}

static void
add_field(struct sheet *s, const char *key, double x, double w,
    enum halign align, enum form_format fmt)
{
	struct form_op *op = add_op(s, OP_FIELD);

	op->x = x;
	op->y = s->y;
	op->w = w;
	op->h = 7;
	op->style = style("mincho", 12);
	op->style.wrap = 0;
	op->style.halign = align;
	op->value.key = xstrdup(key);
	op->value.format = fmt;
	op->value.gannen = 1;
}

static void
add_rect(struct sheet *s, double x, double y, double w, double h,
    double width)
{
	struct form_op *op = add_op(s, OP_RECT);

	op->x = x;
	op->y = y;
	op->w = w;
	op->h = h;
	op->line_width = width;
}

static void
add_line(struct sheet *s, double y)
{
	struct form_op *op = add_op(s, OP_LINE);

	op->x = LEFT;
	op->y = y;
	op->w = RIGHT;
	op->h = y;
	op->line_width = 0.5;
}

/* The label and text of one line of a procedure: 「場所」 1番 住民課. */
static double
add_labelled(struct sheet *s, const char *label, const char *text)
{
	double h;

	add_text(s, LEFT + 10, 20, label, "gothic", 12);
	h = add_text(s, LEFT + 30, RIGHT - LEFT - 30, text, "mincho", 12);
	s->y += h;
	return h;
}

/* Height a procedure will take, to keep it on one page. */
static double
procedure_height(const struct guide_procedure *p, const char *counter,
    const char *bring)
{
	double w = RIGHT - LEFT - 30, h;

	h = text_height(p->title, 13, RIGHT - LEFT - 10);
	h += text_height(counter, 12, w);
	if (bring != NULL)
		h += text_height(bring, 12, w);
	if (p->deadline != NULL)
		h += text_height(p->deadline, 12, w);
	if (p->note != NULL)
		h += text_height(p->note, 12, w);
	return h + 3;
}

static void
add_procedure(struct sheet *s, const struct guide_procedure *p,
    const struct config *config)
{
	char *counter = guide_counter(p, config), *bring = NULL;
	struct strbuf sb;
	double h;
	size_t i;

	if (p->nbring > 0) {
		sb_init(&sb);
		for (i = 0; i < p->nbring; i++)
			sb_addf(&sb, "%s%s", i > 0 ? "、" : "", p->bring[i]);
		bring = sb_detach(&sb);
	}
	if (s->y + procedure_height(p, counter, bring) > BOTTOM)
		new_page(s);
	add_rect(s, LEFT + 1, s->y + 0.8, 4.5, 4.5, 0.4);	/* to tick */
	h = add_text(s, LEFT + 10, RIGHT - LEFT - 10, p->title, "gothic", 13);
	s->y += h;
	add_labelled(s, "場所", counter);
	if (bring != NULL)
		add_labelled(s, "持ち物", bring);
	if (p->deadline != NULL)
		add_labelled(s, "期限", p->deadline);
	if (p->note != NULL)
		add_labelled(s, "備考", p->note);
	s->y += 3;
	free(counter);
	free(bring);
}

struct form *
guide_sheet(const struct guide *g, const struct derive_ctx *ctx,
    const char *const *made, size_t nmade)
{
	const struct guide_procedure **procs = NULL;
	struct sheet s;
	struct form *f = xcalloc(1, sizeof *f);
	size_t n, i;
	double h;

	f->id = xstrdup("guide");
	f->title = xstrdup(g->title != NULL ? g->title : "お手続きのご案内");
	f->version = 1;
	f->width = SHEET_W;
	f->height = SHEET_H;
	f->paper = xstrdup("A4 portrait");
	f->style = style("mincho", 12);
	memset(&s, 0, sizeof s);
	s.f = f;
	new_page(&s);

	s.y = 14;
	add_text(&s, LEFT, RIGHT - LEFT, f->title, "gothic", 22);
	s.y += 12;
	add_field(&s, "town.name", LEFT, 80, HALIGN_LEFT, FMT_PLAIN);
	add_field(&s, "filed_date", RIGHT - 70, 70, HALIGN_RIGHT, FMT_WAREKI);
	s.y += 9;
	add_line(&s, s.y);
	s.y += 4;

	if (nmade > 0 && g->made != NULL) {
		h = add_text(&s, LEFT, RIGHT - LEFT, g->made, "gothic", 14);
		s.y += h + 1;
		for (i = 0; i < nmade; i++) {
			char *line = xasprintf("・%s", made[i]);

			h = add_text(&s, LEFT + 4, RIGHT - LEFT - 4, line,
			    "mincho", 12);
			s.y += h;
			free(line);
		}
		s.y += 4;
	}
	n = guide_procedures(g, ctx, &procs);
	if (n > 0 && g->todo != NULL) {
		h = add_text(&s, LEFT, RIGHT - LEFT, g->todo, "gothic", 14);
		s.y += h + 2;
	}
	for (i = 0; i < n; i++)
		add_procedure(&s, procs[i], ctx->config);
	free(procs);
	if (g->nfooter > 0) {
		h = 0;
		for (i = 0; i < g->nfooter; i++)
			h += text_height(g->footer[i], 12, RIGHT - LEFT);
		if (s.y + h + 4 > BOTTOM + 6)
			new_page(&s);
		add_line(&s, s.y);
		s.y += 2;
		for (i = 0; i < g->nfooter; i++)
			s.y += add_text(&s, LEFT, RIGHT - LEFT, g->footer[i],
			    "mincho", 12);
	}
	return f;
}

void
guide_sheet_free(struct form *f)
{
	size_t p, i;

	if (f == NULL)
		return;
	for (p = 0; p < f->npages; p++) {
		for (i = 0; i < f->pages[p].nops; i++) {
			free(f->pages[p].ops[i].text);
			free(f->pages[p].ops[i].value.key);
		}
		free(f->pages[p].ops);
	}
	free(f->pages);
	free(f->id);
	free(f->title);
	free(f->paper);
	free(f);
}
