/*
 * ui-card.c - ui_card_*: reading the resident's My Number card from the
 * household screen (F8 カード読取).
 *
 * The panel takes over the household screen's content area while it is
 * open. It opens the reader (exclusively: no other counter can use the
 * card meanwhile), shows the tries left of the PIN, and lets the
 * resident type the 4-digit PIN (or, after F8, the 14-digit 照合番号B
 * printed on the card) - shown as *, never stored, logged or put on the
 * message line, and wiped from memory after each attempt. A wrong PIN is
 * not tried again on its own: the panel shows the tries left and waits
 * for the resident; with one left it says plainly that the next mistake
 * locks the card. On success the items go into the member
 * (card_to_visit: the same checks as typed values) and the screen moves
 * to フリガナ, which the card does not hold.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "ui/ui.h"

static struct {
	int active;
	int member;
	enum card_route route;
	int tries;		/* of the current route; 0 locked */
	struct card_pcsc *pc;
	struct ui_edit edit;
	char *status;		/* the last attempt's result */
	int status_error;
} uc;

static const struct ui_bar ui_card_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, "やめる" },
	{ ACT_CARD, "暗証番号/照合番号B" }, { ACT_QUIT, NULL },
};

int
ui_card_active(void)
{
	return uc.active;
}

/* Overwrite what was typed, then empty the editor. */
static void
ui_card_wipe_edit(void)
{
	if (uc.edit.cps != NULL)
		card_wipe(uc.edit.cps, uc.edit.cap * sizeof *uc.edit.cps);
	ui_edit_clear(&uc.edit);
}

static void
ui_card_status(int error, char *text)
{
	free(uc.status);
	uc.status = text;
	uc.status_error = error;
}

void
ui_card_stop(void)
{
	if (!uc.active)
		return;
	ui_card_wipe_edit();
	ui_edit_free(&uc.edit);
	card_pcsc_close(uc.pc);
	free(uc.status);
	memset(&uc, 0, sizeof uc);
}

/* Ask the tries left of the current route; -1 (message shown) when the
 * card cannot be asked. A locked route is not an error here: the panel
 * says so and offers the other one. */
static int
ui_card_tries(struct ui *ui)
{
	struct card_transport tr = card_pcsc_transport(uc.pc);
	char *cause = NULL;
	enum card_err e;

	e = card_tries_left(&tr, uc.route, &uc.tries, &cause);
	if (e == CARD_E_LOCKED) {
		uc.tries = 0;
		ui_card_status(1, cause);
		return 0;
	}
	if (e != CARD_OK) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		ui_card_stop();
		return -1;
	}
	return 0;
}

static void
ui_card_route(enum card_route r)
{
	uc.route = r;
	ui_card_wipe_edit();
	uc.edit.maxlen = r == CARD_ROUTE_PIN ? 4 : 14;
}

void
ui_card_start(struct ui *ui, int member)
{
	struct card_transport tr;
	char *cause = NULL;
	enum card_err e;

	ui_card_stop();
	if ((e = card_pcsc_open(&uc.pc, &cause)) != CARD_OK) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	tr = card_pcsc_transport(uc.pc);
	if ((e = card_select_ap(&tr, &cause)) != CARD_OK) {
		card_pcsc_close(uc.pc);
		uc.pc = NULL;
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		return;
	}
	uc.active = 1;
	uc.member = member;
	ui_edit_init(&uc.edit, "", EDIT_SECRET);
	ui_card_route(CARD_ROUTE_PIN);
	if (ui_card_tries(ui) != 0)
		return;
	if (uc.tries == 0) {
		/* the PIN is locked: offer 照合番号B straight away */
		ui_card_route(CARD_ROUTE_PIN_B);
		(void)ui_card_tries(ui);
	}
	ui_msg(ui, 0, "お客様に入力していただいてください");
}

void
ui_card_draw(struct ui *ui)
{
	char *msg, *nl;
	int y = 3, x;

	ui_draw_frame(ui, "カード読取");
	attron(A_BOLD);
	ui_put(y, 2, COLS - 4, "マイナンバーカードの読み取り");
	attroff(A_BOLD);
	mvprintw(y + 1, 2, "世帯員 %d に入れます", uc.member);
	ui_put(y + 3, 2, COLS - 4, uc.route == CARD_ROUTE_PIN ?
	    "券面事項入力補助用の暗証番号 (数字4桁)" :
	    "照合番号B (数字14桁: 生年月日6桁 + 有効期限の西暦4桁 + "
	    "セキュリティコード4桁)");
	if (uc.tries > 0) {
		msg = card_tries_message(uc.route, uc.tries);
		if ((nl = strchr(msg, '\n')) != NULL)
			*nl++ = '\0';
		if (uc.tries == 1)
			attron(A_BOLD);
		ui_put(y + 4, 2, COLS - 4, msg);
		if (nl != NULL)
			ui_put(y + 5, 2, COLS - 4, nl);
		if (uc.tries == 1)
			attroff(A_BOLD);
		free(msg);
	}
	if (uc.status != NULL) {
		if (uc.status_error)
			attron(A_BOLD);
		ui_put(y + 7, 2, COLS - 4, uc.status);
		if (uc.status_error)
			attroff(A_BOLD);
	}
	x = 2 + ui_put(y + 9, 2, 20, "入力: ");
	if (uc.tries > 0) {
		ui->cy = y + 9;
		ui->cx = ui_edit_draw(&uc.edit, y + 9, x, 16);
	}
	ui_put(y + 11, 2, COLS - 4, uc.route == CARD_ROUTE_PIN ?
	    "暗証番号がわからないときは F8 で照合番号Bへ (個人番号は読めません)" :
	    "F8 で暗証番号に戻ります");
	ui_put(y + 12, 2, COLS - 4,
	    "暗証番号はお客様ご本人が入力します。画面には * で表示されます");
	ui_keys_bar(ui_card_bar, nitems(ui_card_bar));
}

/* The resident pressed Enter: one VERIFY, and on success the read. */
static int
ui_card_submit(struct ui *ui)
{
	struct card_transport tr = card_pcsc_transport(uc.pc);
	struct card_person p;
	char *secret, *cause = NULL, *note = NULL;
	enum card_err e;
	int left, shown, member = uc.member;
	enum card_route route = uc.route;
	char *detail;

	if (uc.tries == 0)
		return 0;
	secret = ui_edit_text(&uc.edit);
	ui_card_wipe_edit();
	if (!card_secret_ok(uc.route, secret)) {
		card_wipe(secret, strlen(secret));
		free(secret);
		ui_card_status(1, xstrdup(uc.route == CARD_ROUTE_PIN ?
		    "暗証番号は数字4桁です" : "照合番号Bは数字14桁です"));
		return 0;
	}
	/* the tries left, asked again right before the attempt: a PIN is
	 * sent only when the count on the screen is the card's */
	shown = uc.tries;
	if (ui_card_tries(ui) != 0) {
		card_wipe(secret, strlen(secret));
		free(secret);
		return -1;
	}
	if (uc.tries != shown) {
		card_wipe(secret, strlen(secret));
		free(secret);
		if (uc.tries == 0)
			return 0;	/* locked: ui_card_tries said so */
		ui_card_status(1, xstrdup("残り回数が変わっていました。"
		    "確かめてから、もう一度入力してください"));
		return 0;
	}
	e = card_verify(&tr, uc.route, secret, &left, &cause);
	card_wipe(secret, strlen(secret));
	free(secret);
	if (e == CARD_E_WRONG_PIN || e == CARD_E_LOCKED) {
		uc.tries = left > 0 ? left : 0;
		ui_card_status(1, cause);
		return 0;
	}
	if (e != CARD_OK ||
	    (e = card_read_person(&tr, uc.route, &p, &cause)) != CARD_OK) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		ui_card_stop();
		return -1;
	}
	ui_card_stop();		/* the card is reset: the PIN is closed */
	if (card_to_visit(&p, ui->visit, ui->env.dict, ui->store, member,
	    &note, &cause) != 0) {
		card_person_clear(&p);
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		return -1;
	}
	card_person_clear(&p);
	ui_save(ui);
	/* who read a card into which member, by which route (never what) */
	detail = xasprintf("person.%d %s", member, route == CARD_ROUTE_PIN ?
	    "pin" : "pin-b");
	if (ui->store != NULL && store_audit(ui->store, ui->visit_id, "card",
	    detail, &cause) != 0)
		free(cause);
	free(detail);
	if (note != NULL) {
		/* one line: the first note, the others stay in the draft */
		char *nl = strchr(note, '\n');
		if (nl != NULL)
			*nl = '\0';
		ui_msg(ui, 0, "読み取りました。%s", note);
		free(note);
	} else
		ui_msg(ui, 0, "カードから読み取りました。フリガナを入力して"
		    "ください");
	return 1;
}

int
ui_card_key(struct ui *ui, const struct ui_key *k)
{
	int member = uc.member;

	switch (k->act) {
	case ACT_BACK:
		ui_card_stop();
		ui_msg(ui, 0, "カードの読み取りをやめました");
		return -1;
	case ACT_CARD:
		ui_card_route(uc.route == CARD_ROUTE_PIN ? CARD_ROUTE_PIN_B :
		    CARD_ROUTE_PIN);
		ui_card_status(0, NULL);
		if (ui_card_tries(ui) != 0)
			return -1;
		return 0;
	default:
		break;
	}
	if (k->code == 0 && k->ch == 27) {
		ui_card_stop();
		ui_msg(ui, 0, "カードの読み取りをやめました");
		return -1;
	}
	if (k->code == KEY_ENTER)
		return ui_card_submit(ui) == 1 ? member : 0;
	/* digits only reach the editor */
	if (k->code == 0 && k->act == ACT_NONE &&
	    !((k->ch >= '0' && k->ch <= '9') ||
	    (k->ch >= 0xff10 && k->ch <= 0xff19)))
		return 0;
	(void)ui_edit_key(&uc.edit, k);
	return 0;
}
