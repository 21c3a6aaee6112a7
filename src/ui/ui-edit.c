/*
 * ui-edit.c - ui_edit_*: the one-line editor every field is typed into.
 *
 * Representation: an array of Unicode code points and a cursor index into
 * it. The cursor always sits at the start of a cluster: a base character
 * followed by the zero-width characters that belong to it (variation
 * selectors such as 葛 U+845B + U+E0100, combining marks, ZWJ). Moving and
 * deleting go by cluster, so the clerk never splits an IVS sequence, and
 * backspace removes a whole multi-byte character, never a byte.
 *
 * Input arrives one wide character at a time from get_wch, whether typed,
 * committed by the terminal's IME or pasted; each is converted for the
 * field's mode as it is inserted, so the clerk sees what will be stored:
 * hiragana become katakana in フリガナ fields, half-width katakana are
 * always made full-width (ｶﾞ joined into ガ), addresses get full-width
 * ASCII, and numbers get ASCII digits from a full-width IME.
 *
 * Display: clusters are drawn with add_wch (a cchar_t holds the base and
 * up to four zero-width followers) and measured with utf8_cp_width, and the
 * text scrolls horizontally by whole clusters to keep the cursor visible.
 * Limits: a cluster keeps at most CCHARW_MAX-1 zero-width followers on
 * screen (all are kept in the text).
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

static int
ui_edit_zero_width(uint32_t cp)
{
	return cp != 0 && utf8_cp_width(cp) == 0 && cp >= 0x300;
}

/* The start of the cluster holding index i. */
static size_t
ui_edit_cluster_start(const struct ui_edit *e, size_t i)
{
	while (i > 0 && i < e->n && ui_edit_zero_width(e->cps[i]))
		i--;
	return i;
}

/* The index after the cluster starting at i. */
static size_t
ui_edit_cluster_end(const struct ui_edit *e, size_t i)
{
	if (i >= e->n)
		return e->n;
	i++;
	while (i < e->n && ui_edit_zero_width(e->cps[i]))
		i++;
	return i;
}

static int
ui_edit_cluster_width(const struct ui_edit *e, size_t i)
{
	int w = utf8_cp_width(e->cps[i]);

	if (e->mode == EDIT_SECRET)
		return 1;
	return w == 0 ? 1 : w;	/* a lone mark is drawn as a box of 1 */
}

size_t
ui_edit_length(const struct ui_edit *e)
{
	size_t i = 0, count = 0;

	while (i < e->n) {
		i = ui_edit_cluster_end(e, i);
		count++;
	}
	return count;
}

void
ui_edit_init(struct ui_edit *e, const char *text, enum ui_edit_mode mode)
{
	memset(e, 0, sizeof *e);
	e->mode = mode;
	ui_edit_set(e, text);
}

void
ui_edit_free(struct ui_edit *e)
{
	free(e->cps);
	e->cps = NULL;
	e->n = e->cap = e->cur = e->scroll = 0;
}

/* Set the text as given (stored values are not converted again). */
void
ui_edit_set(struct ui_edit *e, const char *text)
{
	uint32_t *cps;
	size_t n = 0;

	e->n = e->cur = e->scroll = 0;
	if (text == NULL || *text == '\0')
		return;
	cps = utf8_to_u32(text, &n);
	if (cps == NULL)
		return;
	if (n > e->cap) {
		e->cap = n + 16;
		e->cps = xreallocarray(e->cps, e->cap, sizeof *e->cps);
	}
	memcpy(e->cps, cps, n * sizeof *cps);
	free(cps);
	e->n = n;
	e->cur = n;
}

char *
ui_edit_text(const struct ui_edit *e)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, "");
	for (i = 0; i < e->n; i++)
		sb_add_utf8(&sb, e->cps[i]);
	return sb_detach(&sb);
}

int
ui_edit_empty(const struct ui_edit *e)
{
	return e->n == 0;
}

uint32_t
ui_edit_convert(enum ui_edit_mode mode, uint32_t cp)
{
	if (cp >= 0xff61 && cp <= 0xff9f && mode != EDIT_NARROW &&
	    mode != EDIT_SECRET)
		cp = kana_widen(cp);
	switch (mode) {
	case EDIT_KANA:
		if (cp >= 0x3041 && cp <= 0x3096)
			return cp + 0x60;
		if (cp == 0x309d || cp == 0x309e)	/* ゝゞ */
			return cp + 0x60;
		if (cp == ' ')
			return 0x3000;
		if (cp == '-')
			return 0x30fc;			/* ー */
		return cp;
	case EDIT_WIDE:
		if (cp == ' ')
			return 0x3000;
		if (cp > 0x20 && cp < 0x7f)
			return cp + 0xfee0;
		return cp;
	case EDIT_NARROW:
	case EDIT_SECRET:
		if (cp >= 0xff01 && cp <= 0xff5e)
			return cp - 0xfee0;
		if (cp == 0x3000)
			return ' ';
		if (cp == 0x30fc || cp == 0x2212 || cp == 0x2010 ||
		    cp == 0x2015 || cp == 0x2014)
			return '-';
		return cp;
	case EDIT_PLAIN:
		return cp;
	}
	return cp;
}

/* A sound mark typed after a katakana joins it: カ + ゛ = ガ. Returns the
 * joined character or 0. */
static uint32_t
ui_edit_join_mark(uint32_t prev, uint32_t mark)
{
	int dakuten = (mark == 0x309b || mark == 0x3099);
	int handakuten = (mark == 0x309c || mark == 0x309a);

	if (!dakuten && !handakuten)
		return 0;
	if (dakuten && prev == 0x30a6)
		return 0x30f4;				/* ヴ */
	if (dakuten && prev >= 0x30ab && prev <= 0x30c2 &&
	    (prev - 0x30ab) % 2 == 0)
		return prev + 1;			/* カ..チ */
	if (dakuten && (prev == 0x30c4 || prev == 0x30c6 || prev == 0x30c8))
		return prev + 1;			/* ツテト */
	if (prev >= 0x30cf && prev <= 0x30dd && (prev - 0x30cf) % 3 == 0)
		return prev + (dakuten ? 1 : 2);	/* ハ..ホ */
	if (dakuten && prev >= 0x304b && prev <= 0x3062 &&
	    (prev - 0x304b) % 2 == 0)
		return prev + 1;			/* か..ち */
	if (dakuten && (prev == 0x3064 || prev == 0x3066 || prev == 0x3068))
		return prev + 1;
	if (prev >= 0x306f && prev <= 0x307d && (prev - 0x306f) % 3 == 0)
		return prev + (dakuten ? 1 : 2);
	return 0;
}

int
ui_edit_insert(struct ui_edit *e, uint32_t cp)
{
	uint32_t joined;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	cp = ui_edit_convert(e->mode, cp);
	if (e->cur > 0 && e->mode != EDIT_NARROW && e->mode != EDIT_SECRET) {
		joined = ui_edit_join_mark(e->cps[e->cur - 1], cp);
		if (joined != 0) {
			e->cps[e->cur - 1] = joined;
			return 0;
		}
	}
	if (e->maxlen > 0 && !ui_edit_zero_width(cp) &&
	    ui_edit_length(e) >= (size_t)e->maxlen)
		return -1;
	if (e->n + 1 > e->cap) {
		e->cap = e->cap * 2 + 16;
		e->cps = xreallocarray(e->cps, e->cap, sizeof *e->cps);
	}
	memmove(e->cps + e->cur + 1, e->cps + e->cur,
	    (e->n - e->cur) * sizeof *e->cps);
	e->cps[e->cur++] = cp;
	e->n++;
	/* A selector typed before the followers of the next cluster: keep
	 * the cursor at a cluster start. */
	while (e->cur < e->n && ui_edit_zero_width(e->cps[e->cur]))
		e->cur++;
	return 0;
}

void
ui_edit_insert_str(struct ui_edit *e, const char *s)
{
	size_t len = strlen(s), off = 0, k;
	uint32_t cp;

	while (off < len) {
		k = utf8_decode(s + off, len - off, &cp);
		if (k == 0) {
			off++;
			continue;
		}
		ui_edit_insert(e, cp);
		off += k;
	}
}

void
ui_edit_left(struct ui_edit *e)
{
	if (e->cur > 0)
		e->cur = ui_edit_cluster_start(e, e->cur - 1);
}

void
ui_edit_right(struct ui_edit *e)
{
	e->cur = ui_edit_cluster_end(e, e->cur);
}

void
ui_edit_home(struct ui_edit *e)
{
	e->cur = 0;
}

void
ui_edit_end(struct ui_edit *e)
{
	e->cur = e->n;
}

static void
ui_edit_remove(struct ui_edit *e, size_t from, size_t to)
{
	memmove(e->cps + from, e->cps + to, (e->n - to) * sizeof *e->cps);
	e->n -= to - from;
	e->cur = from;
	if (e->scroll > e->cur)
		e->scroll = e->cur;
}

void
ui_edit_backspace(struct ui_edit *e)
{
	size_t start;

	if (e->cur == 0)
		return;
	start = ui_edit_cluster_start(e, e->cur - 1);
	ui_edit_remove(e, start, e->cur);
}

void
ui_edit_delete(struct ui_edit *e)
{
	if (e->cur < e->n)
		ui_edit_remove(e, e->cur, ui_edit_cluster_end(e, e->cur));
}

void
ui_edit_kill(struct ui_edit *e)
{
	e->n = e->cur;
}

void
ui_edit_clear(struct ui_edit *e)
{
	e->n = e->cur = e->scroll = 0;
}

static int
ui_edit_cols(const struct ui_edit *e, size_t from, size_t to)
{
	int w = 0;
	size_t i = from;

	while (i < to && i < e->n) {
		w += ui_edit_cluster_width(e, i);
		i = ui_edit_cluster_end(e, i);
	}
	return w;
}

int
ui_edit_cursor_col(const struct ui_edit *e)
{
	return ui_edit_cols(e, 0, e->cur);
}

int
ui_edit_key(struct ui_edit *e, const struct ui_key *k)
{
	if (k->act != ACT_NONE)
		return 0;
	if (k->code == 0) {
		switch (k->ch) {
		case 1:			/* ^A */
			ui_edit_home(e);
			return 1;
		case 5:			/* ^E */
			ui_edit_end(e);
			return 1;
		case 11:		/* ^K */
			ui_edit_kill(e);
			return 1;
		case 21:		/* ^U */
			ui_edit_clear(e);
			return 1;
		case 8:			/* ^H */
		case 127:
			ui_edit_backspace(e);
			return 1;
		}
		if (k->ch < 0x20)
			return 0;
		ui_edit_insert(e, (uint32_t)k->ch);
		return 1;
	}
	switch (k->code) {
	case KEY_LEFT:
		ui_edit_left(e);
		return 1;
	case KEY_RIGHT:
		ui_edit_right(e);
		return 1;
	case KEY_HOME:
		ui_edit_home(e);
		return 1;
	case KEY_END:
		ui_edit_end(e);
		return 1;
	case KEY_BACKSPACE:
		ui_edit_backspace(e);
		return 1;
	case KEY_DC:
		ui_edit_delete(e);
		return 1;
	}
	return 0;
}

int
ui_edit_draw(struct ui_edit *e, int y, int x, int width)
{
	wchar_t wc[CCHARW_MAX + 1];
	cchar_t cc;
	size_t i, j, end;
	int col = 0, cursor = x, w, k;

	if (width < 2)
		return x;
	/* Scroll by whole clusters so the cursor (and one column for it
	 * after the text) stays inside the width. */
	if (e->scroll > e->cur)
		e->scroll = ui_edit_cluster_start(e, e->cur);
	while (e->scroll < e->cur &&
	    ui_edit_cols(e, e->scroll, e->cur) > width - 2)
		e->scroll = ui_edit_cluster_end(e, e->scroll);

	move(y, x);
	for (k = 0; k < width; k++)
		addch(' ');
	if (e->scroll > 0)
		mvaddch(y, x - 1, '<');
	for (i = e->scroll; i < e->n; i = end) {
		end = ui_edit_cluster_end(e, i);
		w = ui_edit_cluster_width(e, i);
		if (col + w > width) {
			mvaddch(y, x + width, '>');
			break;
		}
		if (e->mode == EDIT_SECRET) {
			mvaddch(y, x + col, '*');
		} else if (utf8_cp_width(e->cps[i]) == 0) {
			mvaddch(y, x + col, '?');
		} else {
			k = 0;
			wc[k++] = (wchar_t)e->cps[i];
			for (j = i + 1; j < end && k < CCHARW_MAX; j++)
				wc[k++] = (wchar_t)e->cps[j];
			wc[k] = L'\0';
			if (setcchar(&cc, wc, A_NORMAL, 0, NULL) == OK)
				mvadd_wch(y, x + col, &cc);
			else
				mvaddch(y, x + col, '?');
		}
		col += w;
	}
	col = ui_edit_cols(e, e->scroll, e->cur);
	cursor = x + (col < width ? col : width - 1);
	return cursor;
}

/* Address parts a form prints in full-width. Names are never changed. */
static const char *const ui_edit_wide_fields[] = {
	"banchi", "building", "town",
};

/* How each dictionary type is typed (its row's input), in the editor's
 * modes. */
static const enum ui_edit_mode ui_edit_inputs[] = {
	[DICT_INPUT_PLAIN] = EDIT_PLAIN,
	[DICT_INPUT_KANA] = EDIT_KANA,
	[DICT_INPUT_NARROW] = EDIT_NARROW,
};

enum ui_edit_mode
ui_edit_mode_for(const struct dict_item *item)
{
	const struct dict_type_def *def;
	const char *last;
	size_t i;

	if (item == NULL || (def = dict_type_def(item->type)) == NULL)
		return EDIT_PLAIN;
	if (item->type == DICT_TEXT) {
		/* The last part of the key: new.banchi, person.3.x. */
		last = strrchr(item->key, '.');
		last = last != NULL ? last + 1 : item->key;
		for (i = 0; i < nitems(ui_edit_wide_fields); i++)
			if (strcmp(last, ui_edit_wide_fields[i]) == 0)
				return EDIT_WIDE;
	}
	return ui_edit_inputs[def->input];
}
