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
 * Esc as the character 27. Characters are decoded from UTF-8 here, and a
 * byte that is not UTF-8 is dropped without disturbing what follows.
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
	{ ACT_CARD,   8,  'R' - 64, "^R", "カード読取" },
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

/* The rest of a UTF-8 sequence whose first byte is lead; the character,
 * or -1 if the bytes are not valid UTF-8 (they are dropped: a terminal set
 * to another encoding, line noise). A byte that cannot continue the
 * sequence is given back for the next read. */
static long
ui_keys_utf8(int lead)
{
	char buf[4];
	uint32_t cp;
	size_t need, i;
	int c;

	if (lead >= 0xc2 && lead <= 0xdf)
		need = 2;
	else if (lead >= 0xe0 && lead <= 0xef)
		need = 3;
	else if (lead >= 0xf0 && lead <= 0xf4)
		need = 4;
	else
		return -1;
	buf[0] = (char)lead;
	timeout(100);
	for (i = 1; i < need; i++) {
		c = getch();
		if (c == ERR)
			return -1;
		if (c < 0x80 || c > 0xbf) {
			ungetch(c);
			return -1;
		}
		buf[i] = (char)c;
	}
	if (utf8_decode(buf, need, &cp) != need)
		return -1;
	return (long)cp;
}

/* Keys are read as bytes (getch) and decoded here rather than with
 * get_wch, whose state does not recover from an invalid byte. */
int
ui_keys_read(struct ui_key *k, int delay_ms)
{
	long wc;
	int c, next;
	size_t i;

	memset(k, 0, sizeof *k);
	timeout(delay_ms);
	c = getch();
	if (c == ERR)
		return -1;
	if (c >= KEY_MIN) {
		k->code = c;
		if (k->code >= KEY_F(1) && k->code <= KEY_F(12))
			k->act = ui_keys_fkey(k->code - KEY_F0);
		return 0;
	}
	if (c >= 0x80) {
		wc = ui_keys_utf8(c);
		if (wc < 0)
			return -1;	/* dropped; nothing to do */
		k->ch = (wchar_t)wc;
		return 0;
	}
	k->ch = (wchar_t)c;
	if (c == '\n' || c == '\r') {
		k->code = KEY_ENTER;
		k->ch = 0;
		return 0;
	}
	for (i = 0; i < nitems(ui_keys_table); i++) {
		if (ui_keys_table[i].ctrl == c) {
			k->act = ui_keys_table[i].act;
			return 0;
		}
	}
	if (c == 27) {
		/* Esc and a digit: the function key of that number. */
		timeout(1000);
		next = getch();
		if (next >= '0' && next <= '9') {
			k->act = ui_keys_fkey(next == '0' ? 10 : next - '0');
			if (k->act != ACT_NONE)
				k->ch = 0;
			return 0;
		}
		if (next != ERR)
			ungetch(next);
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
