/*
 * ui-procedures.c - ui_procedures_*: which forms to make, and why.
 *
 * Every form of the form set (in the version in force on the visit's
 * 届出日) is listed; those whose `applies` condition holds for the visit
 * are proposed - marked [*] with the form's reason (「18歳年度末までの子が
 * 2人」) - and the others listed unmarked. Space or Enter toggles any
 * form; F4 goes on with the marked ones. The choice is kept with the draft.
 *
 * Above the forms are the questions that matter for the visit (guide.h:
 * the town's questions, and yes/no items a form's `applies` tests), one
 * line each, answered with one digit key (1 はい / 2 いいえ, or the number
 * of a choice). An answer is stored at once and the proposals are worked
 * out again: a form the answer brings in is marked, one it rules out is
 * unmarked, and a form the clerk toggled by hand keeps the clerk's choice
 * unless the answer changes whether it applies.
 *
 * A form that depends on the answer to a choice question not yet
 * answered (国民健康保険 on the pension kind) is neither proposed nor
 * ruled out: it waits, marked [?], until the question is answered. A
 * yes/no question left unanswered is read by the conditions as not はい
 * (`jidou.koumuin != はい`), so the forms it decides are proposed as the
 * condition says.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

struct ui_procedures_row {
	const struct form *form;
	char *reason;		/* when it applies, else NULL */
	int applies;
	int waiting;		/* on a question not yet answered */
	int chosen;
	size_t order;		/* in the form set */
};

static struct {
	struct ui_procedures_row *rows;
	size_t n;
	struct guide_ask *asks;	/* the questions, shown first */
	size_t nasks;
	size_t cur;		/* < nasks: a question; else a form */
	int top;		/* first line shown */
} pr;

static const struct ui_bar ui_procedures_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_NEXT, NULL },
	{ ACT_QUIT, NULL },
};

static void
ui_procedures_free(void)
{
	size_t i;

	for (i = 0; i < pr.n; i++)
		free(pr.rows[i].reason);
	free(pr.rows);
	pr.rows = NULL;
	pr.n = 0;
	guide_asks_free(pr.asks, pr.nasks);
	pr.asks = NULL;
	pr.nasks = 0;
}

static int
ui_procedures_cmp(const void *a, const void *b)
{
	const struct ui_procedures_row *x = a, *y = b;

	if (x->applies != y->applies)
		return x->applies ? -1 : 1;
	if (x->waiting != y->waiting)
		return x->waiting ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Does the form wait on the choice question a: is it proposed for one of
 * the answers and not for another? Like guide_questions, this tries the
 * answers rather than looking inside the condition. */
static int
ui_procedures_waits(const struct form *f, const struct derive_ctx *ctx,
    const struct guide_ask *a)
{
	const struct dict_choice *c = a->item->choice;
	struct derive_ctx cx = *ctx;
	struct visit *v;
	size_t i;
	int first = 0, differ = 0;

	if (a->item->type != DICT_CHOICE || c == NULL || f->applies == NULL ||
	    visit_get(ctx->visit, a->key) != NULL)
		return 0;
	v = visit_copy(ctx->visit);
	cx.visit = v;
	for (i = 0; i < c->nvalues && !differ; i++) {
		visit_set_stored(v, a->key, c->values[i]);
		if (i == 0)
			first = form_applies(f, &cx, NULL);
		else if (form_applies(f, &cx, NULL) != first)
			differ = 1;
	}
	visit_free(v);
	return differ;
}

static void
ui_procedures_build(struct ui *ui)
{
	const struct form **ids;
	const struct form *f;
	struct derive_ctx ctx = ui_derive_ctx(ui);
	struct ui_procedures_row *r;
	struct date on = derive_form_date(&ctx);
	size_t n, i, j;

	ui_procedures_free();
	if (ui_load_forms(ui) != 0) {
		ui_msg(ui, 1, "%s", ui->forms_error);
		return;
	}
	pr.nasks = guide_questions(ui->guide, ui->env.forms, on, &ctx, &pr.asks);
	n = form_set_ids(ui->env.forms, &ids);
	pr.rows = xcalloc(n + 1, sizeof *pr.rows);
	for (i = 0; i < n; i++) {
		f = form_set_find(ui->env.forms, ids[i]->id, on);
		if (f == NULL)
			continue;	/* not yet in force */
		r = &pr.rows[pr.n++];
		r->form = f;
		r->order = i;
		r->applies = form_applies(f, &ctx, &r->reason);
		for (j = 0; j < pr.nasks && !r->waiting; j++)
			r->waiting = ui_procedures_waits(f, &ctx, &pr.asks[j]);
		if (r->waiting)
			r->applies = 0;
		if (!r->applies) {
			free(r->reason);
			r->reason = NULL;
		}
		r->chosen = ui->chosen_set ? ui_chosen_has(ui, f->id) :
		    r->applies;
	}
	free(ids);
	/* Proposed forms first, each part in the form set's order. */
	qsort(pr.rows, pr.n, sizeof *pr.rows, ui_procedures_cmp);
}

static void
ui_procedures_store(struct ui *ui)
{
	char **ids = xcalloc(pr.n + 1, sizeof *ids);
	size_t i, n = 0;

	for (i = 0; i < pr.n; i++)
		if (pr.rows[i].chosen)
			ids[n++] = pr.rows[i].form->id;
	ui_chosen_set(ui, ids, n);
	free(ids);
}

void
ui_procedures_default(struct ui *ui)
{
	int was = ui->chosen_set;

	ui->chosen_set = 0;
	ui_procedures_build(ui);
	if (pr.rows != NULL)
		ui_procedures_store(ui);
	else
		ui->chosen_set = was;
}

/* The first question not yet answered, else the first form. */
static size_t
ui_procedures_first(struct ui *ui)
{
	size_t i;

	for (i = 0; i < pr.nasks; i++)
		if (visit_get(ui->visit, pr.asks[i].key) == NULL)
			return i;
	return pr.nasks;
}

void
ui_procedures_init(struct ui *ui)
{
	pr.top = 0;
	ui_procedures_build(ui);
	pr.cur = ui_procedures_first(ui);
}

/* Lines a form takes: its title, and its reason on as many lines as it
 * needs (a reason is never cut). */
static int
ui_procedures_height(size_t i)
{
	const struct ui_procedures_row *r = &pr.rows[i - pr.nasks];
	char *line;
	int w, lines;

	if (!r->applies || r->reason == NULL)
		return 2;
	line = xasprintf("該当: %s", r->reason);
	w = utf8_width(line);
	free(line);
	lines = (w + (COLS - 10)) / (COLS - 9);
	return 1 + (lines < 1 ? 1 : lines);
}

/* The screen line (from 0, before scrolling) of row i: questions under
 * their heading, then the forms' heading, then each form. Row n (one past
 * the last) gives the line after everything. */
static int
ui_procedures_line(size_t i)
{
	int y = pr.nasks > 0 ? (int)pr.nasks + 2 : 1;
	size_t j;

	if (i < pr.nasks)
		return 1 + (int)i;
	for (j = pr.nasks; j < i && j < pr.nasks + pr.n; j++)
		y += ui_procedures_height(j);
	return y;
}

/* Draw text over lines of width columns from y, breaking by display
 * width; returns the lines used. */
static int
ui_procedures_wrap(int y, int x, int width, int last, const char *s)
{
	uint32_t *cps;
	size_t n, i, start = 0;
	int col = 0, used = 0, w;
	char *part;
	struct strbuf sb;

	if ((cps = utf8_to_u32(s, &n)) == NULL)
		return 0;
	for (i = 0; i <= n; i++) {
		w = i < n ? utf8_cp_width(cps[i]) : 0;
		if (i == n || col + w > width) {
			sb_init(&sb);
			for (; start < i; start++)
				sb_add_utf8(&sb, cps[start]);
			part = sb_detach(&sb);
			if (y + used <= last)
				ui_put(y + used, x, width, part);
			free(part);
			used++;
			col = 0;
		}
		col += w;
	}
	free(cps);
	return used;
}

/* "1 はい  2 いいえ" or "1 国民年金  2 厚生年金 ..." (caller frees). */
static char *
ui_procedures_choices(const struct dict_item *item)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	if (item->type == DICT_YESNO)
		sb_add(&sb, "1 はい  2 いいえ");
	else
		for (i = 0; item->choice != NULL && i < item->choice->nvalues;
		    i++)
			sb_addf(&sb, "%s%zu %s", i > 0 ? "  " : "", i + 1,
			    item->choice->values[i]);
	return sb_detach(&sb);
}

static void
ui_procedures_draw_ask(struct ui *ui, size_t i, int y)
{
	const struct guide_ask *a = &pr.asks[i];
	const char *v = visit_get(ui->visit, a->key);
	char *ans = xasprintf("[%s]", v != NULL ? v : "　　");
	int aw = utf8_width(ans), w = COLS - 6 - aw;

	mvaddstr(y, 1, i == pr.cur ? ">" : " ");
	if (i == pr.cur)
		attron(A_REVERSE);
	ui_put_cut(y, 3, w, a->words);
	if (i == pr.cur)
		attroff(A_REVERSE);
	if (v == NULL)
		attron(A_DIM);
	ui_put(y, COLS - 2 - aw, aw, ans);
	if (v == NULL)
		attroff(A_DIM);
	free(ans);
}

static void
ui_procedures_draw_form(size_t i, int y, int last)
{
	const struct ui_procedures_row *r = &pr.rows[i - pr.nasks];
	char *line;

	if (i == pr.cur)
		attron(A_REVERSE);
	line = xasprintf("[%c] %s", r->chosen ? '*' : r->waiting ? '?' : ' ',
	    r->form->title);
	mvaddstr(y, 1, i == pr.cur ? ">" : " ");
	ui_put_cut(y, 3, COLS - 4, line);
	free(line);
	if (i == pr.cur)
		attroff(A_REVERSE);
	if (y + 1 > last)
		return;
	if (r->applies && r->reason != NULL) {
		line = xasprintf("該当: %s", r->reason);
		ui_procedures_wrap(y + 1, 8, COLS - 9, last, line);
		free(line);
	} else if (r->waiting) {
		attron(A_DIM);
		ui_put(y + 1, 8, COLS - 9, "質問に答えると決まります");
		attroff(A_DIM);
	} else {
		attron(A_DIM);
		ui_put(y + 1, 8, COLS - 9, "条件に当たりません "
		    "(必要なら Space で追加)");
		attroff(A_DIM);
	}
}

void
ui_procedures_draw(struct ui *ui)
{
	const int first = 2, last = LINES - 5;	/* content lines */
	int rows = last - first + 1, top, bot, y, chosen = 0, total;
	size_t i, n = pr.nasks + pr.n;
	char *hint;

	ui_draw_frame(ui, "手続の選択");
	total = ui_procedures_line(n);
	/* Keep the focused row (and a form's reason line) in view. */
	if (n > 0) {
		top = ui_procedures_line(pr.cur) - (pr.cur < pr.nasks ? 1 : 1);
		bot = pr.cur < pr.nasks ? ui_procedures_line(pr.cur) :
		    ui_procedures_line(pr.cur + 1) - 1;
		if (pr.cur == 0 || (pr.nasks > 0 && pr.cur == pr.nasks))
			top = pr.cur == 0 ? 0 : ui_procedures_line(pr.cur) - 1;
		if (top < pr.top)
			pr.top = top;
		if (bot >= pr.top + rows)
			pr.top = bot - rows + 1;
		if (pr.top + rows > total)
			pr.top = total > rows ? total - rows : 0;
	}
	if (pr.nasks > 0 && 0 >= pr.top)
		ui_put(first - pr.top, 1, COLS - 2, "お尋ねすること "
		    "(数字のキーで答えます。答えで作る書類が変わります)");
	for (i = 0; i < pr.nasks; i++) {
		y = first + ui_procedures_line(i) - pr.top;
		if (y >= first && y <= last)
			ui_procedures_draw_ask(ui, i, y);
	}
	y = first + (pr.nasks > 0 ? (int)pr.nasks + 1 : 0) - pr.top;
	if (y >= first && y <= last)
		ui_put(y, 1, COLS - 2, "この届出で必要な手続 ([*] を作ります。"
		    "Space で切替え)");
	for (i = pr.nasks; i < n; i++) {
		y = first + ui_procedures_line(i) - pr.top;
		if (y >= first && y <= last)
			ui_procedures_draw_form(i, y, last);
	}
	if (pr.top > 0)
		mvaddstr(first, COLS - 1, "^");
	if (pr.top + rows < total)
		mvaddstr(last, COLS - 1, "v");
	if (pr.n == 0)
		ui_put(first + 1, 3, COLS - 4, "様式がありません");
	for (i = 0; i < pr.n; i++)
		chosen += pr.rows[i].chosen;
	if (pr.cur < pr.nasks) {
		hint = ui_procedures_choices(pr.asks[pr.cur].item);
		ui_draw_hint(ui, "%s    (%d 件を作ります。F4 で次へ)", hint,
		    chosen);
		free(hint);
	} else
		ui_draw_hint(ui, "%d 件を作ります。F4 で次へ", chosen);
	ui_keys_bar(ui_procedures_bar, nitems(ui_procedures_bar));
}

/* Store the answer to the focused question and propose again. */
static void
ui_procedures_answer(struct ui *ui, unsigned digit)
{
	const struct guide_ask *a = &pr.asks[pr.cur];
	const struct dict_item *item = a->item;
	struct ui_procedures_row *old;
	const char *value = NULL;
	char *cause = NULL, *key;
	size_t nold, i, j;

	if (item->type == DICT_YESNO)
		value = digit == 1 ? "はい" : digit == 2 ? "いいえ" : NULL;
	else if (item->choice != NULL && digit >= 1 &&
	    digit <= item->choice->nvalues)
		value = item->choice->values[digit - 1];
	if (value == NULL) {
		ui_msg(ui, 1, "この質問は 1 から %zu の数字で答えます",
		    item->type == DICT_YESNO ? (size_t)2 :
		    item->choice != NULL ? item->choice->nvalues : (size_t)0);
		return;
	}
	if (visit_set(ui->visit, ui->env.dict, a->key, value, &cause) != 0) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	key = xstrdup(a->key);
	/* Keep what each form was, to see which the answer changed. */
	old = pr.rows;
	nold = pr.n;
	pr.rows = NULL;
	pr.n = 0;
	ui_procedures_build(ui);
	for (i = 0; i < pr.n; i++)
		for (j = 0; j < nold; j++)
			if (old[j].form == pr.rows[i].form) {
				pr.rows[i].chosen = old[j].applies ==
				    pr.rows[i].applies ? old[j].chosen :
				    pr.rows[i].applies;
				break;
			}
	for (j = 0; j < nold; j++)
		free(old[j].reason);
	free(old);
	if (pr.n > 0)
		ui_procedures_store(ui);
	ui_save(ui);
	/* On to the next question (the list may have changed). */
	for (i = 0; i < pr.nasks; i++)
		if (strcmp(pr.asks[i].key, key) == 0)
			break;
	pr.cur = i < pr.nasks ? i + 1 : ui_procedures_first(ui);
	if (pr.cur > pr.nasks + pr.n - 1 && pr.nasks + pr.n > 0)
		pr.cur = pr.nasks + pr.n - 1;
	free(key);
}

void
ui_procedures_key(struct ui *ui, const struct ui_key *k)
{
	size_t i, n = 0, total = pr.nasks + pr.n;

	switch (k->act) {
	case ACT_BACK:
		if (pr.n > 0)
			ui_procedures_store(ui);
		ui_goto(ui, UI_ADDRESS);
		return;
	case ACT_NEXT:
		for (i = 0; i < pr.n; i++)
			n += pr.rows[i].chosen;
		if (n == 0) {
			ui_msg(ui, 1, "作る様式を1つ以上選んでください");
			return;
		}
		ui_procedures_store(ui);
		ui_goto(ui, UI_ITEMS);
		return;
	default:
		break;
	}
	if (k->code == KEY_HOME)
		pr.cur = 0;
	else if (k->code == KEY_END && total > 0)
		pr.cur = total - 1;
	else if (k->code == KEY_UP && pr.cur > 0)
		pr.cur--;
	else if (k->code == KEY_DOWN && pr.cur + 1 < total)
		pr.cur++;
	else if (pr.cur < pr.nasks && k->code == 0 && k->ch >= L'0' &&
	    k->ch <= L'9')
		ui_procedures_answer(ui, (unsigned)(k->ch - L'0'));
	else if (pr.cur < pr.nasks && k->code == 0 && k->ch >= 0xFF10 &&
	    k->ch <= 0xFF19)	/* a full-width digit from the IME */
		ui_procedures_answer(ui, (unsigned)(k->ch - 0xFF10));
	else if (pr.cur < pr.nasks && (k->code == KEY_ENTER ||
	    (k->code == 0 && k->ch == ' ')))
		pr.cur++;	/* leave it unanswered */
	else if ((k->code == KEY_ENTER || (k->code == 0 && k->ch == ' ')) &&
	    pr.cur >= pr.nasks && pr.cur < total) {
		pr.rows[pr.cur - pr.nasks].chosen =
		    !pr.rows[pr.cur - pr.nasks].chosen;
		ui_procedures_store(ui);
		ui_save(ui);
	}
}
