/*
 * ui-keys.c - ui_keys_*: reading keys and drawing the function-key bar.
 *
 * Every action has a function key in the style of Japanese business
 * systems and two alternatives for terminals that do not send function
 * keys (some thin clients, some SSH clients): a Ctrl letter (nano's where
 * there is one: ^G help, ^X exit) and Esc followed by the digit (Esc 4 is
 * F4, Esc 0 is F10). The table below is the one definition; the bar and
 * the help screen are drawn from it.
 *
 * Enter, Return and the keypad Enter are all reported as KEY_ENTER; a lone
 * Esc as the character 27.
 */
#include <ncurses.h>
#include <string.h>

#include "ui/ui.h"

static const struct ui_keys_entry {
	enum ui_action act;
	int fkey;		/* 1..10 */
	int ctrl;		/* the Ctrl letter's code */
	const char *alt;	/* how the alternative is written */
	const char *label;
} ui_keys_table[] = {
	{ ACT_HELP,   1,  'G' - 64, "^G", "ヘルプ" },
	{ ACT_SEARCH, 2,  'F' - 64, "^F", "検索" },
	{ ACT_BACK,   3,  'B' - 64, "^B", "戻る" },
	{ ACT_NEXT,   4,  'N' - 64, "^N", "次へ" },
	{ ACT_PRINT,  5,  'P' - 64, "^P", "印刷" },
	{ ACT_ADD,    6,  'T' - 64, "^T", "追加" },
	{ ACT_DELETE, 7,  'D' - 64, "^D", "削除" },
	{ ACT_QUIT,   10, 'X' - 64, "^X", "終了" },
};

static const struct ui_keys_entry *
ui_keys_find(enum ui_action act)
{
	size_t i;

	for (i = 0; i < nitems(ui_keys_table); i++)
		if (ui_keys_table[i].act == act)
			return &ui_keys_table[i];
	return NULL;
}

const char *
ui_keys_label(enum ui_action act)
{
	const struct ui_keys_entry *e = ui_keys_find(act);

	return e != NULL ? e->label : "";
}

const char *
ui_keys_alt(enum ui_action act)
{
	const struct ui_keys_entry *e = ui_keys_find(act);

	return e != NULL ? e->alt : "";
}

static enum ui_action
ui_keys_fkey(int n)
{
	size_t i;

	for (i = 0; i < nitems(ui_keys_table); i++)
		if (ui_keys_table[i].fkey == n)
			return ui_keys_table[i].act;
	return ACT_NONE;
}

int
ui_keys_read(struct ui_key *k, int delay_ms)
{
	wint_t wc, next;
	int r;
	size_t i;

	memset(k, 0, sizeof *k);
	timeout(delay_ms);
	r = get_wch(&wc);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		k->code = (int)wc;
		if (k->code >= KEY_F(1) && k->code <= KEY_F(12))
			k->act = ui_keys_fkey(k->code - KEY_F0);
		return 0;
	}
	k->ch = (wchar_t)wc;
	if (wc == '\n' || wc == '\r') {
		k->code = KEY_ENTER;
		k->ch = 0;
		return 0;
	}
	for (i = 0; i < nitems(ui_keys_table); i++) {
		if ((wint_t)ui_keys_table[i].ctrl == wc) {
			k->act = ui_keys_table[i].act;
			return 0;
		}
	}
	if (wc == 27) {
		/* Esc and a digit: the function key of that number. */
		timeout(1000);
		r = get_wch(&next);
		if (r == OK && next >= '0' && next <= '9') {
			k->act = ui_keys_fkey(next == '0' ? 10 :
			    (int)(next - '0'));
			if (k->act == ACT_NONE)
				k->ch = 0;
			return 0;
		}
		if (r != ERR)
			unget_wch(next);
	}
	return 0;
}

void
ui_keys_bar(const struct ui_bar *bar, size_t n)
{
	const struct ui_keys_entry *e;
	char buf[64];
	size_t i;
	int x = 0, y = LINES - 1, with_alt, total = 0, w;

	/* The Ctrl alternatives are shown when the whole bar fits. */
	for (i = 0; i < n; i++) {
		e = ui_keys_find(bar[i].act);
		if (e == NULL)
			continue;
		total += (e->fkey >= 10 ? 3 : 2) + utf8_width(
		    bar[i].label != NULL ? bar[i].label : e->label) + 3;
	}
	with_alt = total <= COLS;
	move(y, 0);
	clrtoeol();
	for (i = 0; i < n; i++) {
		e = ui_keys_find(bar[i].act);
		if (e == NULL)
			continue;
		snprintf(buf, sizeof buf, "F%d", e->fkey);
		w = (int)strlen(buf);
		if (x + w >= COLS)
			break;
		attron(A_BOLD);
		mvaddstr(y, x, buf);
		attroff(A_BOLD);
		x += w;
		snprintf(buf, sizeof buf, "%s", bar[i].label != NULL ?
		    bar[i].label : e->label);
		attron(A_REVERSE);
		x += ui_put(y, x, COLS - x, buf);
		attroff(A_REVERSE);
		if (with_alt && x + 3 < COLS) {
			attron(A_DIM);
			mvaddstr(y, x, e->alt);
			attroff(A_DIM);
			x += 2;
		}
		x += 1;
	}
}
