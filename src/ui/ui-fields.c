/*
 * ui-fields.c - ui_fields_*: a scrolling list of fields typed in place.
 *
 * The household, address and items screens are each a list of rows -
 * headings, notes and fields - built from visit keys. The focused field
 * has a line editor loaded with the value as shown (dict_display: dates in
 * 和暦, postal codes with a hyphen); the others show their value.
 *
 * Leaving a field (Enter, Tab, arrows) stores it: the typed text goes
 * through visit_set (dict_normalize) and, if refused, the message appears
 * on the line under the field, the typed text stays in the editor and the
 * focus does not move. If accepted, the visit is saved as a draft at once
 * (ui_save), and the screen's `changed` hook may rebuild the rows (a new
 * member's block) or fill other fields (postal lookup).
 *
 * Choice fields take the number of a choice (1 男, 2 女) or the start of
 * one (世 for 世帯主), as a clerk would type it. My Number fields show the
 * stored number masked; typing replaces it, leaving it empty keeps it.
 */
#include <ncurses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"


static void
ui_fields_free_rows(struct ui_fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->rows[i].key);
		free(f->rows[i].label);
	}
	free(f->rows);
	f->rows = NULL;
	f->n = 0;
}

void
ui_fields_clear(struct ui_fields *f)
{
	ui_fields_free_rows(f);
	ui_edit_free(&f->edit);
	free(f->orig);
	free(f->error);
	free(f->prefix);
	f->orig = NULL;
	f->error = NULL;
	f->prefix = NULL;
	f->cur = f->top = 0;
	f->changed = NULL;
}

static struct ui_row *
ui_fields_push(struct ui_fields *f, enum ui_row_kind kind)
{
	struct ui_row *r;

	f->rows = xreallocarray(f->rows, f->n + 1, sizeof *f->rows);
	r = &f->rows[f->n++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	return r;
}

void
ui_fields_heading(struct ui_fields *f, const char *fmt, ...)
{
	struct ui_row *r = ui_fields_push(f, ROW_HEADING);
	va_list ap;

	va_start(ap, fmt);
	r->label = xvasprintf(fmt, ap);
	va_end(ap);
}

void
ui_fields_note(struct ui_fields *f, const char *fmt, ...)
{
	struct ui_row *r = ui_fields_push(f, ROW_NOTE);
	va_list ap;

	va_start(ap, fmt);
	r->label = xvasprintf(fmt, ap);
	va_end(ap);
}

void
ui_fields_add(struct ui_fields *f, struct ui *ui, const char *key)
{
	const struct dict_item *item = dict_find(ui->env.dict, key, NULL);
	struct ui_row *r;

	if (item == NULL)
		return;
	r = ui_fields_push(f, ROW_FIELD);
	r->key = xstrdup(key);
	r->label = xstrdup(item->label);
	r->item = item;
}

static int
ui_fields_is_field(const struct ui_fields *f, size_t i)
{
	return i < f->n && f->rows[i].kind == ROW_FIELD;
}

/* The 世帯主 among the persons (else the first), or 0. */
static int
ui_fields_head(struct ui *ui)
{
	const char *rel;
	int i, n = visit_count(ui->visit, "person");

	for (i = 1; i <= n; i++) {
		rel = visit_get_member(ui->visit, "person", i, "relation");
		if (rel != NULL && strcmp(rel, "世帯主") == 0)
			return i;
	}
	return n > 0 ? 1 : 0;
}

/* A value the visit already holds for an empty field, offered so that it
 * is not typed twice: the 国保 取得日 and the 水道 開始日 are the 異動日;
 * the account is in the 請求者's (the 世帯主's) name; the 旧住所の世帯主
 * of a household that moves is its 世帯主; a member's 本籍 and 筆頭者 are
 * most often the previous member's; the 国保 取得理由 of a 転入 is 転入.
 * NULL when there is none. */
static const char *
ui_fields_offer(struct ui *ui, const char *key)
{
	char prev[64], *end;
	long m;
	int head;

	const char *ev = visit_get(ui->visit, "event");
	const char *kind = visit_get(ui->visit, "applicant.kind");

	if (strcmp(key, "kokuho.date") == 0 ||
	    strcmp(key, "suido.start_date") == 0)
		return visit_get(ui->visit, "move_date");
	/* 国保 joined because of the move or the birth itself. */
	if (strcmp(key, "kokuho.reason") == 0 && ev != NULL &&
	    (strcmp(ev, "転入") == 0 || strcmp(ev, "出生") == 0))
		return ev;
	/* The 届出人's relation to the 世帯主: the 世帯主 themself, or
	 * (本人) the first member's. */
	if (strcmp(key, "new.head_relation") == 0 && kind != NULL)
		return strcmp(kind, "世帯主") == 0 ? "世帯主" :
		    strcmp(kind, "本人") == 0 ? visit_get(ui->visit,
		    "person.1.relation") : NULL;
	head = ui_fields_head(ui);
	if (strcmp(key, "bank.holder_kana") == 0 && head > 0)
		return visit_get_member(ui->visit, "person", head, "kana");
	if (strcmp(key, "old.head") == 0 && head > 0)
		return visit_get_member(ui->visit, "person", head, "name");
	if (strncmp(key, "person.", 7) != 0)
		return NULL;
	m = strtol(key + 7, &end, 10);
	/* The first member's 筆頭者: most often the 世帯主. */
	if (m == 1 && strcmp(end, ".hittousha") == 0 && head > 0)
		return visit_get_member(ui->visit, "person", head, "name");
	if (m < 2 || *end != '.' || (strcmp(end + 1, "honseki") != 0 &&
	    strcmp(end + 1, "hittousha") != 0))
		return NULL;
	snprintf(prev, sizeof prev, "person.%ld.%s", m - 1, end + 1);
	return visit_get(ui->visit, prev);
}

/* A member's 氏名 and フリガナ start with the previous member's family
 * name and a space (山田 / ヤマダ　), the cursor after it, to type the
 * given name on: a family is not typed surname by surname. Typing the
 * family name again anyway is understood (ui_fields_unprefix). NULL for
 * the first member or a name without a space. */
static char *
ui_fields_prefix(struct ui *ui, const char *key)
{
	const char *pv, *sp, *sp2;
	char prev[64], *end;
	long m;

	if (strncmp(key, "person.", 7) != 0)
		return NULL;
	m = strtol(key + 7, &end, 10);
	if (m < 2 || (strcmp(end, ".name") != 0 && strcmp(end, ".kana") != 0))
		return NULL;
	snprintf(prev, sizeof prev, "person.%ld%s", m - 1, end);
	if ((pv = visit_get(ui->visit, prev)) == NULL)
		return NULL;
	sp = strchr(pv, ' ');
	sp2 = strstr(pv, "　");
	if (sp == NULL || (sp2 != NULL && sp2 < sp))
		sp = sp2;
	if (sp == NULL || sp == pv)
		return NULL;
	return xstrndup(pv, (size_t)(sp - pv) + (*sp == ' ' ? 1 : 3));
}

/* The text to store when a family name was put before the cursor:
 * nothing when only it is there; the rest when the family name was typed
 * again after it. (caller frees) */
static char *
ui_fields_unprefix(const char *prefix, char *text)
{
	size_t plen = strlen(prefix);
	size_t slen = plen - (prefix[plen - 1] == ' ' ? 1 : 3);
	char *out;

	if (strcmp(text, prefix) == 0 || (strncmp(text, prefix, slen) == 0 &&
	    text[slen] == '\0')) {
		free(text);
		return xstrdup("");
	}
	if (strncmp(text, prefix, plen) == 0 &&
	    strncmp(text + plen, prefix, slen) == 0) {
		out = xstrdup(text + plen);
		free(text);
		return out;
	}
	return text;
}

/* Load the editor for the focused row. */
static void
ui_fields_load(struct ui_fields *f, struct ui *ui)
{
	const struct ui_row *r;
	const char *offer;
	char *text;

	ui_edit_free(&f->edit);
	free(f->orig);
	free(f->error);
	free(f->prefix);
	f->orig = NULL;
	f->error = NULL;
	f->prefix = NULL;
	if (!ui_fields_is_field(f, f->cur)) {
		ui_edit_init(&f->edit, "", EDIT_PLAIN);
		f->orig = xstrdup("");
		return;
	}
	r = &f->rows[f->cur];
	if (r->item->secret)
		text = xstrdup("");	/* never shown; typing replaces */
	else
		text = ui_display(ui, r->key);
	ui_edit_init(&f->edit, text, ui_edit_mode_for(r->item));
	f->edit.maxlen = r->item->maxlen;
	f->orig = text;
	/* Choices, dates and numbers are replaced by what is typed, as a
	 * clerk expects; names and addresses are edited in place. */
	f->fresh = dict_type_def(r->item->type) != NULL &&
	    dict_type_def(r->item->type)->replace;
	/* An empty item with a default offers it: Enter stores it. */
	if (*text == '\0' && r->item->def != NULL && ui->visit != NULL &&
	    visit_get(ui->visit, r->key) == NULL) {
		text = dict_display(r->item, r->item->def);
		ui_edit_set(&f->edit, text);
		free(text);
	} else if (*text == '\0' && ui->visit != NULL &&
	    visit_get(ui->visit, r->key) == NULL &&
	    (offer = ui_fields_offer(ui, r->key)) != NULL) {
		/* What the visit already says: Enter takes it, typing
		 * replaces it. */
		text = dict_display(r->item, offer);
		ui_edit_set(&f->edit, text);
		free(text);
		f->fresh = 1;
	} else if (*text == '\0' && ui->visit != NULL &&
	    visit_get(ui->visit, r->key) == NULL &&
	    (f->prefix = ui_fields_prefix(ui, r->key)) != NULL) {
		ui_edit_set(&f->edit, f->prefix);
		ui_edit_end(&f->edit);
		f->fresh = 0;
	}
}

void
ui_fields_focus(struct ui_fields *f, struct ui *ui, size_t row)
{
	size_t i;

	if (f->n == 0) {
		f->cur = 0;
		ui_fields_load(f, ui);
		return;
	}
	if (row >= f->n)
		row = f->n - 1;
	for (i = row; i < f->n && !ui_fields_is_field(f, i); i++)
		;
	if (i == f->n)
		for (i = row; i > 0 && !ui_fields_is_field(f, i); i--)
			;
	f->cur = i;
	ui_fields_load(f, ui);
}

int
ui_fields_focus_key(struct ui_fields *f, struct ui *ui, const char *key)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (f->rows[i].key != NULL && strcmp(f->rows[i].key, key) == 0) {
			f->cur = i;
			ui_fields_load(f, ui);
			return 0;
		}
	}
	return -1;
}

int
ui_fields_index(const struct ui_fields *f)
{
	size_t i;
	int index = 0;

	for (i = 0; i < f->cur && i < f->n; i++)
		if (f->rows[i].kind == ROW_FIELD)
			index++;
	return index;
}

void
ui_fields_focus_index(struct ui_fields *f, struct ui *ui, int index)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (f->rows[i].kind != ROW_FIELD)
			continue;
		if (index-- == 0) {
			f->cur = i;
			ui_fields_load(f, ui);
			return;
		}
	}
}

/* What the clerk typed for a choice: "2" is the second choice, "世" the
 * only one starting so. Returns the choice's value or NULL. */
static const char *
ui_fields_choice(const struct dict_item *item, const char *text)
{
	const char *const *values;
	const char *found = NULL;
	size_t n, i, len = strlen(text);
	char *end;
	long num;

	if ((values = dict_item_values(item, &n)) == NULL || len == 0)
		return NULL;
	num = strtol(text, &end, 10);
	if (*end == '\0' && num >= 1 && (size_t)num <= n)
		return values[num - 1];
	for (i = 0; i < n; i++)
		if (strcmp(values[i], text) == 0)
			return values[i];	/* 子, not 子の妻 */
	for (i = 0; i < n; i++) {
		if (strncmp(values[i], text, len) == 0) {
			if (found != NULL)
				return NULL;
			found = values[i];
		}
	}
	return found;
}

/* Store the focused field; *stored is set when a value changed. The
 * draft is saved (with the position) when save is set. */
static int
ui_fields_store(struct ui_fields *f, struct ui *ui, int save, int *stored)
{
	const struct ui_row *r;
	const char *choice;
	char *text, *cause = NULL, *key;

	if (!ui_fields_is_field(f, f->cur) || ui->visit == NULL)
		return 0;
	r = &f->rows[f->cur];
	text = ui_edit_text(&f->edit);
	if (f->prefix != NULL)
		text = ui_fields_unprefix(f->prefix, text);
	if (strcmp(text, f->orig) == 0 ||
	    (r->item->secret && *text == '\0')) {
		free(text);
		free(f->error);
		f->error = NULL;
		return 0;
	}
	choice = ui_fields_choice(r->item, text);
	if (visit_set(ui->visit, ui->env.dict, r->key,
	    choice != NULL ? choice : text, &cause) != 0) {
		free(f->error);
		f->error = cause != NULL ? cause : xstrdup("入力が正しくありません");
		free(text);
		return -1;
	}
	free(text);
	free(f->error);
	f->error = NULL;
	ui_msg(ui, 0, NULL);
	*stored = 1;
	if (save)
		ui_save(ui);
	key = xstrdup(r->key);
	if (f->changed != NULL)
		f->changed(ui, key);
	/* The rows may have been rebuilt: find the field again and show
	 * what was stored (S45.3.12 becomes 昭和45年3月12日). */
	if (ui_fields_focus_key(f, ui, key) != 0)
		ui_fields_focus(f, ui, f->cur);
	free(key);
	return 0;
}

int
ui_fields_commit(struct ui_fields *f, struct ui *ui)
{
	int stored = 0;

	return ui_fields_store(f, ui, 1, &stored);
}

/* Move the focus to row to; after a stored value the draft is saved with
 * the new position, so a resume starts at the field after it. */
static void
ui_fields_move(struct ui_fields *f, struct ui *ui, size_t to, int stored)
{
	f->cur = to;
	ui_fields_load(f, ui);
	if (stored)
		ui_save(ui);
}

static int
ui_fields_next(struct ui_fields *f, size_t *to)
{
	size_t i;

	for (i = f->cur + 1; i < f->n; i++)
		if (ui_fields_is_field(f, i)) {
			*to = i;
			return 1;
		}
	return 0;
}

static int
ui_fields_prev(struct ui_fields *f, size_t *to)
{
	size_t i;

	for (i = f->cur; i > 0; i--)
		if (ui_fields_is_field(f, i - 1)) {
			*to = i - 1;
			return 1;
		}
	return 0;
}

static int
ui_fields_height(void)
{
	return LINES - 5;	/* rows 2 .. LINES-4 */
}

int
ui_fields_key(struct ui_fields *f, struct ui *ui, const struct ui_key *k)
{
	size_t to = f->cur, i;
	int page, stored = 0;

	if (k->act != ACT_NONE)
		return -1;
	if (k->code == 0 && k->ch == 27) {
		/* Esc: back to the stored value. */
		ui_fields_load(f, ui);
		return 0;
	}
	if (k->code == KEY_ENTER || k->code == KEY_DOWN ||
	    (k->code == 0 && k->ch == '\t')) {
		if (ui_fields_store(f, ui, 0, &stored) != 0)
			return 0;
		if (!ui_fields_next(f, &to)) {
			if (stored)
				ui_save(ui);
			return k->code == KEY_ENTER ? 1 : 0;
		}
		ui_fields_move(f, ui, to, stored);
		return 0;
	}
	if (k->code == KEY_UP || k->code == KEY_BTAB) {
		if (ui_fields_store(f, ui, 0, &stored) != 0)
			return 0;
		to = f->cur;
		ui_fields_prev(f, &to);
		ui_fields_move(f, ui, to, stored);
		return 0;
	}
	if (k->code == KEY_NPAGE || k->code == KEY_PPAGE) {
		if (ui_fields_store(f, ui, 0, &stored) != 0)
			return 0;
		page = ui_fields_height() - 2;
		for (i = 0; i < (size_t)page; i++) {
			if (k->code == KEY_NPAGE && !ui_fields_next(f, &to))
				break;
			if (k->code == KEY_PPAGE && !ui_fields_prev(f, &to))
				break;
			f->cur = to;
		}
		ui_fields_move(f, ui, f->cur, stored);
		return 0;
	}
	if (f->fresh && k->code == 0 && k->ch >= 0x20 && k->ch != 0x7f)
		ui_edit_clear(&f->edit);
	/* Say so when the field is full, rather than drop keys silently. */
	if (k->code == 0 && k->ch >= 0x20 && k->ch != 0x7f &&
	    f->edit.maxlen > 0 && ui_fields_is_field(f, f->cur) &&
	    ui_edit_length(&f->edit) >= (size_t)f->edit.maxlen &&
	    utf8_cp_width((uint32_t)k->ch) > 0) {
		free(f->error);
		f->error = xasprintf("%sは%d文字までです",
		    f->rows[f->cur].label, f->edit.maxlen);
		return 0;
	}
	if (k->code != KEY_RESIZE)
		f->fresh = 0;
	if (ui_edit_key(&f->edit, k))
		return 0;
	return -1;
}

/* Does the clerk's text pick out choice i (numbered from 1)? The
 * same ways ui_fields_choice takes it: the start of its number or the
 * start of its text. */
static int
ui_fields_choice_matches(const char *value, size_t num, const char *text)
{
	char digits[24];

	snprintf(digits, sizeof digits, "%zu", num);
	return strncmp(digits, text, strlen(text)) == 0 ||
	    strncmp(value, text, strlen(text)) == 0;
}

/* A choice list longer than the hint line: the choices that match what
 * is typed (all of them when nothing is), as many as fit, and how many
 * more there are. Every choice is reached by typing its start or its
 * number; the hint says so. */
static void
ui_fields_choices_fit(struct strbuf *sb, const char *const *values,
    size_t n, const char *text, int width)
{
	struct strbuf item;
	char *more;
	size_t i, shown = 0, matched = 0;
	int w = 0, mw;

	for (i = 0; i < n; i++) {
		if (ui_fields_choice_matches(values[i], i + 1, text))
			sb_addf(sb, "%s%zu:%s", matched++ > 0 ? "  " : "",
			    i + 1, values[i]);
	}
	if (matched == 0) {
		sb_addf(sb, "「%s」で始まる選択肢はありません", text);
		return;
	}
	if (utf8_width(sb->s) <= width)
		return;
	sb_free(sb);
	sb_init(sb);
	/* Room kept for the longest note this line may end with. */
	more = xasprintf("  ...他%zu件: 文字を入力すると絞り込みます",
	    matched);
	mw = utf8_width(more);
	free(more);
	sb_init(&item);
	for (i = 0; i < n; i++) {
		if (!ui_fields_choice_matches(values[i], i + 1, text))
			continue;
		sb_free(&item);
		sb_init(&item);
		sb_addf(&item, "%s%zu:%s", shown > 0 ? "  " : "", i + 1,
		    values[i]);
		if (w + utf8_width(item.s) +
		    (shown + 1 < matched ? mw : 0) > width)
			break;
		sb_add(sb, item.s);
		w += utf8_width(item.s);
		shown++;
	}
	sb_free(&item);
	if (shown < matched)
		sb_addf(sb, "  ...他%zu件: %s", matched - shown,
		    *text == '\0' ? "文字を入力すると絞り込みます" :
		    "続けて入力すると絞り込みます");
}

/* The hint for a field: its choices, its help, or how to type it. */
static void
ui_fields_hint(struct ui_fields *f, struct ui *ui, const struct ui_row *r)
{
	const struct dict_type_def *def;
	const char *const *values;
	struct strbuf sb;
	size_t i, n;
	char *text;

	sb_init(&sb);
	if ((values = dict_item_values(r->item, &n)) != NULL) {
		for (i = 0; i < n; i++)
			sb_addf(&sb, "%s%zu:%s", i > 0 ? "  " : "", i + 1,
			    values[i]);
		if (utf8_width(sb.s) > COLS - 2) {
			/* A value about to be replaced filters nothing. */
			text = f->fresh ? xstrdup("") : ui_edit_text(&f->edit);
			sb_free(&sb);
			sb_init(&sb);
			ui_fields_choices_fit(&sb, values, n, text, COLS - 2);
			free(text);
		}
	} else if (r->item->help != NULL)
		sb_add(&sb, r->item->help);
	else if ((def = dict_type_def(r->item->type)) != NULL &&
	    def->hint != NULL)
		sb_add(&sb, def->hint);
	else
		sb_add(&sb, "");
	/* The item's key (move_date) is for the town's IT person: F1
	 * shows it; the clerk's screen speaks Japanese only. */
	ui_draw_hint(ui, "%s", sb.s);
	sb_free(&sb);
}

void
ui_fields_draw(struct ui_fields *f, struct ui *ui)
{
	const struct ui_row *r;
	int height = ui_fields_height(), y, lines, vx, vw, w;
	size_t i;
	char *v;

	if (f->n == 0)
		return;
	/* Keep the focused field (and its message line) in view, with its
	 * heading when there is room. */
	lines = (f->error != NULL) ? 2 : 1;
	if (f->cur < f->top)
		f->top = f->cur;
	if (f->top > 0 && f->top == f->cur &&
	    f->rows[f->cur - 1].kind == ROW_HEADING)
		f->top--;
	while (f->cur + lines > f->top + (size_t)height)
		f->top++;

	vx = UI_FIELDS_LABEL + 4;
	vw = COLS - vx - 2;
	y = 2;
	for (i = f->top; i < f->n && y < 2 + height; i++, y++) {
		r = &f->rows[i];
		switch (r->kind) {
		case ROW_HEADING:
			attron(A_BOLD);
			mvaddstr(y, 0, "--");
			w = ui_put_cut(y, 3, COLS - 6, r->label);
			mvaddstr(y, 4 + w, "--");
			attroff(A_BOLD);
			break;
		case ROW_NOTE:
			ui_put_cut(y, 2, COLS - 3, r->label);
			break;
		case ROW_FIELD:
			if (i == f->cur) {
				attron(A_BOLD);
				mvaddstr(y, 0, ">");
			}
			w = ui_put(y, 2, UI_FIELDS_LABEL, r->label);
			if (r->item->required)
				mvaddstr(y, 2 + w, "*");
			mvaddstr(y, vx - 2, ":");
			if (i == f->cur) {
				attroff(A_BOLD);
				attron(A_UNDERLINE);
				ui->cx = ui_edit_draw(&f->edit, y, vx, vw);
				attroff(A_UNDERLINE);
				ui->cy = y;
				if (r->item->secret && ui->visit != NULL &&
				    visit_get(ui->visit, r->key) != NULL &&
				    ui_edit_empty(&f->edit)) {
					v = ui_display(ui, r->key);
					attron(A_DIM);
					ui_put(y, vx + 2, vw - 2, v);
					attroff(A_DIM);
					free(v);
				}
				if (f->error != NULL && y + 1 < 2 + height) {
					/* Under the field, the full width. */
					y++;
					attron(A_BOLD);
					mvaddstr(y, 2, "!");
					ui_put_cut(y, 4, COLS - 5, f->error);
					attroff(A_BOLD);
				}
				ui_fields_hint(f, ui, r);
			} else {
				v = ui_display(ui, r->key);
				ui_put_cut(y, vx, vw, v);
				if (*v == '\0' && r->item->def != NULL) {
					/* Offered when the field is reached. */
					free(v);
					v = xasprintf("(%s)", r->item->def);
					attron(A_DIM);
					ui_put(y, vx, vw, v);
					attroff(A_DIM);
				}
				free(v);
			}
			break;
		}
	}
	if (f->top > 0)
		mvaddstr(2, COLS - 1, "^");
	if (i < f->n)
		mvaddstr(1 + height, COLS - 1, "v");
}
