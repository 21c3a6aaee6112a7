/*
 * ui-reception.c - ui_reception_*: the first screen, today's visits.
 *
 * Lists today's visits and every draft not finished (newest first); F2
 * searches all visits by フリガナ, name, birth date or visit number
 * (store_visit_list STORE_LIST_SEARCH). Enter opens a visit where it was
 * left, F6 starts a new one, F5 prints a visit's stored PDF again, g
 * prints its 「お手続きのご案内」 alone, F7 cancels a draft (pressed twice).
 *
 * When this clerk has a draft that was not finished - the session was
 * killed or the connection dropped - the list starts on it and says so, so
 * Enter resumes it at the same field.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/ui.h"

static struct {
	struct store_visit_list list;
	size_t cur, top;
	int searching;		/* the search field has the keys */
	struct ui_edit query;
	char *shown_query;	/* the search the list shows, or NULL */
	long confirm_cancel;	/* visit F7 was pressed on once */
	int offered;		/* the resume offer was made */
} rc;

static const struct ui_bar ui_reception_bar[] = {
	{ ACT_HELP, NULL }, { ACT_SEARCH, NULL }, { ACT_NEXT, "開く" },
	{ ACT_PRINT, "再印刷" }, { ACT_ADD, "新規" }, { ACT_DELETE, "取消" },
	{ ACT_QUIT, NULL },
};

static void
ui_reception_free_list(void)
{
	store_visit_list_free(&rc.list);
	memset(&rc.list, 0, sizeof rc.list);
}

void
ui_reception_free(void)
{
	ui_reception_free_list();
	ui_edit_free(&rc.query);
	free(rc.shown_query);
	rc.shown_query = NULL;
}

/* Has the list this visit already? */
static int
ui_reception_has(const struct store_visit_list *l, long id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return 1;
	return 0;
}

static void
ui_reception_load(struct ui *ui)
{
	struct store_visit_list drafts;
	char *cause = NULL;
	size_t i;

	ui_reception_free_list();
	if (rc.shown_query != NULL) {
		if (store_visit_list(ui->store, STORE_LIST_SEARCH,
		    rc.shown_query, &rc.list, &cause) != 0)
			goto fail;
		if (rc.list.n == 0)
			ui_msg(ui, 0, "「%s」に合う受付はありません",
			    rc.shown_query);
		return;
	}
	if (store_visit_list(ui->store, STORE_LIST_TODAY, NULL, &rc.list,
	    &cause) != 0)
		goto fail;
	memset(&drafts, 0, sizeof drafts);
	if (store_visit_list(ui->store, STORE_LIST_DRAFTS, NULL, &drafts,
	    &cause) != 0)
		goto fail;
	/* Older drafts after today's visits: they are unfinished work. */
	for (i = 0; i < drafts.n; i++) {
		if (ui_reception_has(&rc.list, drafts.v[i].id))
			continue;
		rc.list.v = xreallocarray(rc.list.v, rc.list.n + 1,
		    sizeof *rc.list.v);
		rc.list.v[rc.list.n++] = drafts.v[i];
		memset(&drafts.v[i], 0, sizeof drafts.v[i]);
	}
	store_visit_list_free(&drafts);
	return;
fail:
	ui_msg(ui, 1, "受付一覧を読めません: %s", cause);
	free(cause);
}

/* Is the draft open on another screen? */
static int
ui_reception_held(struct ui *ui, long id)
{
	char *who = store_hold_who(ui->store, id);

	free(who);
	return who != NULL;
}

/* Offer this clerk's newest unfinished draft, once per session. */
static void
ui_reception_offer(struct ui *ui)
{
	size_t i;

	if (rc.offered)
		return;
	rc.offered = 1;
	for (i = 0; i < rc.list.n; i++) {
		if (rc.list.v[i].status == STORE_DRAFT &&
		    strcmp(rc.list.v[i].clerk, ui->clerk) == 0 &&
		    !ui_reception_held(ui, rc.list.v[i].id)) {
			rc.cur = i;
			ui_msg(ui, 0, "中断した受付 No.%ld があります。"
			    "Enter で続きから再開します", rc.list.v[i].id);
			return;
		}
	}
}

void
ui_reception_init(struct ui *ui)
{
	ui_visit_close(ui);
	rc.searching = 0;
	rc.confirm_cancel = 0;
	ui_reception_load(ui);
	if (rc.cur >= rc.list.n)
		rc.cur = rc.list.n > 0 ? rc.list.n - 1 : 0;
	ui_reception_offer(ui);
}

static const char *
ui_reception_status(const struct store_visit_info *v)
{
	switch (v->status) {
	case STORE_DRAFT:
		return "入力中";
	case STORE_PRINTED:
		return "印刷済";
	case STORE_CANCELLED:
		return "取消";
	}
	return "";
}

void
ui_reception_draw(struct ui *ui)
{
	const struct store_visit_info *v;
	int y, height = LINES - 8, x;
	size_t i;
	char buf[32];
	struct tm tm;
	time_t t;

	ui_draw_frame(ui, rc.shown_query != NULL ? "受付 (検索)" : "受付");
	y = 2;
	x = ui_put(y, 1, 20, "検索:") + 2;
	if (rc.searching) {
		attron(A_UNDERLINE);
		ui->cx = ui_edit_draw(&rc.query, y, x, 40);
		attroff(A_UNDERLINE);
		ui->cy = y;
		ui_draw_hint(ui, "フリガナ、氏名、生年月日、受付番号で検索 "
		    "(Enter 検索, Esc やめる)");
	} else {
		ui_put(y, x, COLS - x - 1, rc.shown_query != NULL ?
		    rc.shown_query : "(F2 で検索)");
		ui_draw_hint(ui, "Enter 開く  F6 新しい受付  F5 再印刷  "
		    "g ご案内を印刷  F7 取消");
	}
	attron(A_BOLD);
	mvaddstr(4, 1, "No.");
	ui_put(4, 7, 8, "状態");
	ui_put(4, 15, 8, "届出");
	ui_put(4, 29, 20, "氏名");
	ui_put(4, 49, 18, "フリガナ");
	ui_put(4, 67, 6, "担当");
	ui_put(4, 74, 6, "時刻");
	attroff(A_BOLD);
	if (rc.list.n == 0) {
		ui_put(6, 3, COLS - 4, "今日の受付はまだありません。"
		    "F6 で新しい受付を始めます");
	}
	if (rc.cur < rc.top)
		rc.top = rc.cur;
	if (rc.cur >= rc.top + (size_t)height)
		rc.top = rc.cur - (size_t)height + 1;
	for (i = rc.top, y = 5; i < rc.list.n && y < 5 + height; i++, y++) {
		v = &rc.list.v[i];
		if (i == rc.cur && !rc.searching) {
			attron(A_REVERSE);
			move(y, 0);
			for (x = 0; x < COLS; x++)
				addch(' ');
		}
		snprintf(buf, sizeof buf, "%ld", v->id);
		mvaddstr(y, 1, buf);
		ui_put(y, 7, 8, ui_reception_status(v));
		ui_put_cut(y, 15, 13, *v->event != '\0' ? v->event : "-");
		ui_put_cut(y, 29, 19, v->name);
		ui_put_cut(y, 49, 17, v->kana);
		ui_put_cut(y, 67, 6, v->clerk);
		t = (time_t)v->updated;
		localtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%H:%M", &tm);
		mvaddstr(y, 74, buf);
		if (i == rc.cur && !rc.searching)
			attroff(A_REVERSE);
	}
	ui_keys_bar(ui_reception_bar, nitems(ui_reception_bar));
}

static void
ui_reception_search_key(struct ui *ui, const struct ui_key *k)
{
	char *q;

	if (k->code == KEY_ENTER) {
		q = ui_edit_text(&rc.query);
		free(rc.shown_query);
		rc.shown_query = NULL;
		if (*q != '\0')
			rc.shown_query = q;
		else
			free(q);
		rc.searching = 0;
		rc.cur = rc.top = 0;
		ui_msg(ui, 0, NULL);
		ui_reception_load(ui);
		return;
	}
	if (k->code == 0 && k->ch == 27) {
		rc.searching = 0;
		return;
	}
	ui_edit_key(&rc.query, k);
}

void
ui_reception_key(struct ui *ui, const struct ui_key *k)
{
	const struct store_visit_info *v;
	char *cause = NULL, *holder;

	if (rc.searching && k->act == ACT_NONE) {
		ui_reception_search_key(ui, k);
		return;
	}
	v = rc.cur < rc.list.n ? &rc.list.v[rc.cur] : NULL;
	if (k->act != ACT_DELETE)
		rc.confirm_cancel = 0;
	switch (k->act) {
	case ACT_SEARCH:
		rc.searching = 1;
		ui_edit_init(&rc.query, rc.shown_query, EDIT_PLAIN);
		return;
	case ACT_ADD:
		ui_msg(ui, 0, NULL);
		ui_visit_new(ui);
		return;
	case ACT_NEXT:
		if (v != NULL)
			ui_visit_open(ui, v->id);
		return;
	case ACT_PRINT:
		if (v != NULL)
			ui_print_reprint(ui, v->id);
		return;
	case ACT_BACK:
		if (rc.shown_query != NULL) {
			free(rc.shown_query);
			rc.shown_query = NULL;
			rc.cur = rc.top = 0;
			ui_reception_load(ui);
		}
		return;
	case ACT_DELETE:
		if (v == NULL)
			return;
		if (v->status == STORE_PRINTED) {
			/* Say what can be done rather than nothing. */
			ui_msg(ui, 1, "受付No.%ld は印刷済みのため取り消せません。"
			    "直すときは Enter で開いて確認から印刷し直します",
			    v->id);
			return;
		}
		if (v->status != STORE_DRAFT) {
			ui_msg(ui, 1, "受付No.%ld は取り消し済みです", v->id);
			return;
		}
		if (rc.confirm_cancel != v->id) {
			rc.confirm_cancel = v->id;
			ui_msg(ui, 1, "受付No.%ld を取り消します。"
			    "もう一度 F7 で確定", v->id);
			return;
		}
		rc.confirm_cancel = 0;
		if ((holder = store_hold_who(ui->store, v->id)) != NULL) {
			ui_msg(ui, 1, "受付No.%ld は %s が入力中です。"
			    "取り消せません", v->id, holder);
			free(holder);
			return;
		}
		if (store_visit_set_status(ui->store, v->id, STORE_CANCELLED,
		    &cause) != 0) {
			ui_msg(ui, 1, "取り消せません: %s", cause);
			free(cause);
			return;
		}
		ui_msg(ui, 0, "受付No.%ld を取り消しました", v->id);
		ui_reception_load(ui);
		return;
	default:
		break;
	}
	switch (k->code) {
	case KEY_UP:
		if (rc.cur > 0)
			rc.cur--;
		break;
	case KEY_DOWN:
		if (rc.cur + 1 < rc.list.n)
			rc.cur++;
		break;
	case KEY_PPAGE:
		rc.cur = rc.cur > 10 ? rc.cur - 10 : 0;
		break;
	case KEY_NPAGE:
		rc.cur += 10;
		if (rc.cur >= rc.list.n)
			rc.cur = rc.list.n > 0 ? rc.list.n - 1 : 0;
		break;
	case KEY_ENTER:
		if (v != NULL)
			ui_visit_open(ui, v->id);
		break;
	case 0:
		if (k->ch == '/' || k->ch == ' ') {
			rc.searching = 1;
			ui_edit_init(&rc.query, rc.shown_query, EDIT_PLAIN);
		} else if ((k->ch == 'g' || k->ch == 'G' ||
		    k->ch == 0xFF47) && v != NULL)	/* ｇ from the IME */
			ui_print_guide(ui, v->id);
		break;
	}
}
