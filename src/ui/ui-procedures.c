/*
 * ui-procedures.c - ui_procedures_*: which forms to make, and why.
 *
 * Every form of the form set (in the version in force on the visit's
 * 届出日) is listed; those whose `applies` condition holds for the visit
 * are proposed - marked [*] with the form's reason (「18歳年度末までの子が
 * 2人」) - and the others listed unmarked. Space or Enter toggles any
 * form; F4 goes on with the marked ones. The choice is kept with the draft.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

struct ui_procedures_row {
	const struct form *form;
	char *reason;		/* when it applies, else NULL */
	int applies;
	int chosen;
	size_t order;		/* in the form set */
};

static struct {
	struct ui_procedures_row *rows;
	size_t n, cur, top;
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
}

static int
ui_procedures_cmp(const void *a, const void *b)
{
	const struct ui_procedures_row *x = a, *y = b;

	if (x->applies != y->applies)
		return x->applies ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
ui_procedures_build(struct ui *ui)
{
	const struct form **ids;
	const struct form *f;
	struct derive_ctx ctx = ui_derive_ctx(ui);
	struct ui_procedures_row *r;
	struct date on = derive_form_date(&ctx);
	size_t n, i;

	ui_procedures_free();
	if (ui_load_forms(ui) != 0) {
		ui_msg(ui, 1, "%s", ui->forms_error);
		return;
	}
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

void
ui_procedures_init(struct ui *ui)
{
	pr.cur = pr.top = 0;
	ui_procedures_build(ui);
}

void
ui_procedures_draw(struct ui *ui)
{
	const struct ui_procedures_row *r;
	char *line;
	size_t i;
	int y, chosen = 0;

	ui_draw_frame(ui, "手続の選択");
	ui_put(2, 1, COLS - 2, "この届出で必要な手続 ([*] を作ります。"
	    "Space で切替え)");
	/* Two lines a form; scroll to keep the cursor in view. */
	if (pr.cur < pr.top)
		pr.top = pr.cur;
	while (4 + 2 * (int)(pr.cur - pr.top) + 1 >= LINES - 4)
		pr.top++;
	if (pr.top > 0)
		mvaddstr(4, COLS - 1, "^");
	for (i = pr.top, y = 4; i < pr.n && y + 1 < LINES - 4; i++) {
		r = &pr.rows[i];
		if (i == pr.cur)
			attron(A_REVERSE);
		line = xasprintf("[%c] %s", r->chosen ? '*' : ' ',
		    r->form->title);
		mvaddstr(y, 1, i == pr.cur ? ">" : " ");
		ui_put(y, 3, COLS - 4, line);
		free(line);
		if (i == pr.cur)
			attroff(A_REVERSE);
		y++;
		if (r->applies && r->reason != NULL) {
			line = xasprintf("該当: %s", r->reason);
			ui_put(y, 8, COLS - 9, line);
			free(line);
		} else {
			attron(A_DIM);
			ui_put(y, 8, COLS - 9, "条件に当たりません "
			    "(必要なら Space で追加)");
			attroff(A_DIM);
		}
		y++;
	}
	if (i < pr.n)
		mvaddstr(LINES - 5, COLS - 1, "v");
	if (pr.n == 0)
		ui_put(4, 3, COLS - 4, "様式がありません");
	for (i = 0; i < pr.n; i++)
		chosen += pr.rows[i].chosen;
	ui_draw_hint(ui, "%d 件を作ります。F4 で次へ", chosen);
	ui_keys_bar(ui_procedures_bar, nitems(ui_procedures_bar));
}

void
ui_procedures_key(struct ui *ui, const struct ui_key *k)
{
	size_t i, n = 0;

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
	if (k->code == KEY_UP && pr.cur > 0)
		pr.cur--;
	else if (k->code == KEY_DOWN && pr.cur + 1 < pr.n)
		pr.cur++;
	else if ((k->code == KEY_ENTER || (k->code == 0 && k->ch == ' ')) &&
	    pr.cur < pr.n) {
		pr.rows[pr.cur].chosen = !pr.rows[pr.cur].chosen;
		ui_procedures_store(ui);
		ui_save(ui);
	}
}
