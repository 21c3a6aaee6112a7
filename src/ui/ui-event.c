/*
 * ui-event.c - ui_event_*: choosing what the resident came for.
 *
 * The events are the dictionary's choice list of `event` (転入, 転居, ...),
 * numbered; a digit or Enter chooses. Choosing creates the draft in the
 * database (so nothing is stored for a visit abandoned before this) and
 * sets 届出日 to today.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

static size_t ev_cur;

static const struct ui_bar ui_event_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_NEXT, NULL },
	{ ACT_QUIT, NULL },
};

static const struct dict_choice *
ui_event_choice(struct ui *ui)
{
	const struct dict_item *item = dict_find(ui->env.dict, "event", NULL);

	return item != NULL ? item->choice : NULL;
}

void
ui_event_init(struct ui *ui)
{
	const struct dict_choice *c = ui_event_choice(ui);
	const char *ev = ui->visit != NULL ? visit_get(ui->visit, "event") :
	    NULL;
	size_t i;

	ev_cur = 0;
	for (i = 0; c != NULL && ev != NULL && i < c->nvalues; i++)
		if (strcmp(c->values[i], ev) == 0)
			ev_cur = i;
}

void
ui_event_draw(struct ui *ui)
{
	const struct dict_choice *c = ui_event_choice(ui);
	char buf[32];
	size_t i;
	int y;

	ui_draw_frame(ui, "届出の種類");
	ui_put(3, 2, COLS - 4, "どの届出ですか (番号または上下と Enter)");
	for (i = 0, y = 5; c != NULL && i < c->nvalues; i++, y++) {
		if (i == ev_cur)
			attron(A_REVERSE);
		snprintf(buf, sizeof buf, " %zu ", i + 1);
		mvaddstr(y, 4, buf);
		ui_put(y, 8, 30, c->values[i]);
		if (i == ev_cur)
			attroff(A_REVERSE);
	}
	ui_draw_hint(ui, "選ぶと受付番号が付き、入力は自動で保存されます");
	ui_keys_bar(ui_event_bar, nitems(ui_event_bar));
}

static void
ui_event_choose(struct ui *ui, const char *event)
{
	char *cause = NULL, *holder, today[16];
	long id;

	if (ui->visit == NULL)
		ui->visit = visit_new();
	if (visit_set(ui->visit, ui->env.dict, "event", event, &cause) != 0) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	if (visit_get(ui->visit, "filed_date") == NULL) {
		date_format_iso(ui->today, today);
		if (visit_set(ui->visit, ui->env.dict, "filed_date", today,
		    &cause) != 0) {
			free(cause);
			cause = NULL;
		}
	}
	if (ui->visit_id <= 0) {
		id = store_visit_create(ui->store, &cause);
		if (id < 0) {
			ui_msg(ui, 1, "受付を作れません: %s", cause);
			free(cause);
			return;
		}
		ui->visit_id = id;
		if (ui_hold(ui, id, &holder) == 1)
			ui->readonly = 1;	/* cannot be: it is new */
		free(holder);
	}
	ui_goto(ui, UI_HOUSEHOLD);
	ui_msg(ui, 0, "受付No.%ld %s", ui->visit_id, event);
}

void
ui_event_key(struct ui *ui, const struct ui_key *k)
{
	const struct dict_choice *c = ui_event_choice(ui);

	if (c == NULL || c->nvalues == 0)
		return;
	if (k->act == ACT_BACK || (k->code == 0 && k->ch == 27)) {
		if (ui->visit_id > 0)
			ui_save(ui);
		ui_goto(ui, UI_RECEPTION);
		return;
	}
	if (k->act == ACT_NEXT || k->code == KEY_ENTER) {
		ui_event_choose(ui, c->values[ev_cur]);
		return;
	}
	if (k->code == KEY_UP && ev_cur > 0)
		ev_cur--;
	else if (k->code == KEY_DOWN && ev_cur + 1 < c->nvalues)
		ev_cur++;
	else if (k->code == 0 && k->ch >= '1' && k->ch <= '9' &&
	    (size_t)(k->ch - '0') <= c->nvalues) {
		ev_cur = (size_t)(k->ch - '1');
		ui_event_choose(ui, c->values[ev_cur]);
	}
}
