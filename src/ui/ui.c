/*
 * ui.c - ui_*: the counter screen's session, main loop and screen table.
 *
 * ui_run checks what would make the screen unreadable before drawing
 * anything (a locale that is not UTF-8, not a terminal), opens the
 * configuration, dictionary and database, and draws the first screen;
 * only then does it load the forms and fonts, so the clerk sees the
 * reception list at once. The loop waits for a key; while a background
 * job runs (rendering in a child, lp in a child) it wakes every 50 ms to
 * poll it, so neither ever freezes the screen.
 *
 * Screens are rows of ui_screens: name (stored with drafts for resume),
 * the step shown in the flow line, and the init/draw/key functions of the
 * screen's file. A terminal smaller than 80x24 gets a plain message
 * instead of a broken layout, and the screen is redrawn on KEY_RESIZE.
 *
 * Resume: every stored field saves the visit with the screen's name (and
 * for screens after the procedures the chosen forms: "items forms=a,b")
 * and the field's index, so a restarted session continues where the
 * connection dropped.
 */
#include <langinfo.h>
#include <locale.h>
#include <ncurses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font/font.h"
#include "ui/ui.h"

static const struct ui_screen_def {
	const char *name;	/* stored with the draft */
	const char *step;	/* in the flow line, NULL if not a step */
	int fields;		/* uses ui->fields (resume by field index) */
	void (*init)(struct ui *);
	void (*draw)(struct ui *);
	void (*key)(struct ui *, const struct ui_key *);
} ui_screens[UI_NSCREENS] = {
	[UI_RECEPTION] = { "reception", "受付", 0, ui_reception_init,
	    ui_reception_draw, ui_reception_key },
	[UI_EVENT] = { "event", "届出", 0, ui_event_init, ui_event_draw,
	    ui_event_key },
	[UI_HOUSEHOLD] = { "household", "世帯", 1, ui_household_init,
	    ui_household_draw, ui_household_key },
	[UI_ADDRESS] = { "address", "住所", 1, ui_address_init,
	    ui_address_draw, ui_address_key },
	[UI_PROCEDURES] = { "procedures", "手続", 0, ui_procedures_init,
	    ui_procedures_draw, ui_procedures_key },
	[UI_ITEMS] = { "items", "追加項目", 1, ui_items_init, ui_items_draw,
	    ui_items_key },
	[UI_PREVIEW] = { "preview", "確認", 0, ui_preview_init,
	    ui_preview_draw, ui_preview_key },
	[UI_PRINT] = { "print", "印刷", 0, ui_print_init, ui_print_draw,
	    ui_print_key },
	[UI_HELP] = { "help", NULL, 0, ui_help_init, ui_help_draw,
	    ui_help_key },
};

void
ui_msg(struct ui *ui, int error, const char *fmt, ...)
{
	va_list ap;

	free(ui->msg);
	ui->msg = NULL;
	ui->msg_error = error;
	if (fmt == NULL)
		return;
	va_start(ap, fmt);
	ui->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

/* Draw utf8 at y,x in at most width columns; control characters are shown
 * as '?'. Returns the columns used. */
int
ui_put(int y, int x, int width, const char *s)
{
	wchar_t buf[512];
	size_t len, off = 0, k, n = 0;
	uint32_t cp;
	int col = 0, w;

	if (s == NULL || width <= 0)
		return 0;
	len = strlen(s);
	while (off < len && n < nitems(buf) - 1) {
		k = utf8_decode(s + off, len - off, &cp);
		if (k == 0) {
			cp = '?';
			k = 1;
		}
		off += k;
		if (cp < 0x20 || cp == 0x7f)
			cp = '?';
		w = utf8_cp_width(cp);
		if (w == 0 && n == 0)
			continue;
		if (col + w > width)
			break;
		buf[n++] = (wchar_t)cp;
		col += w;
	}
	buf[n] = L'\0';
	if (n > 0)
		mvaddnwstr(y, x, buf, (int)n);
	return col;
}

int
ui_put_cut(int y, int x, int width, const char *s)
{
	if (s == NULL || width <= 0)
		return 0;
	if (utf8_width(s) <= width || width < 4)
		return ui_put(y, x, width, s);
	x += ui_put(y, x, width - 3, s);
	mvaddstr(y, x, "...");
	return width;	/* at most: a wide character may leave one short */
}

void
ui_draw_hint(struct ui *ui, const char *fmt, ...)
{
	va_list ap;
	char *s;

	(void)ui;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	move(LINES - 3, 0);
	clrtoeol();
	attron(A_DIM);
	ui_put(LINES - 3, 1, COLS - 2, s);
	attroff(A_DIM);
	free(s);
}

/* Title, flow line and message line; the screen draws the rest. */
void
ui_draw_frame(struct ui *ui, const char *title)
{
	const char *town = config_get_default(ui->env.config, "town.name", "");
	char right[160], date[16], *no;
	int i, x, w;

	erase();
	attron(A_REVERSE);
	move(0, 0);
	for (i = 0; i < COLS; i++)
		addch(' ');
	x = 1 + ui_put(0, 1, COLS / 2, "kakanai 書かない窓口");
	ui_put(0, x + 2, COLS / 2 - x, title);
	/* the mode first: a town server's screen (共用) or one user's own
	 * database (単独); the date gives way when the line is full */
	snprintf(right, sizeof right, "%s %s  %s  担当 %s ",
	    town_current() != NULL ? "共用" : "単独", town,
	    date_format_iso(ui->today, date), ui->clerk);
	w = utf8_width(right);
	if (w >= COLS / 2) {
		snprintf(right, sizeof right, "%s %s  担当 %s ",
		    town_current() != NULL ? "共用" : "単独", town,
		    ui->clerk);
		w = utf8_width(right);
	}
	if (w < COLS / 2)
		ui_put(0, COLS - w, w, right);
	attroff(A_REVERSE);

	x = 1;
	for (i = UI_EVENT; i <= UI_PRINT; i++) {
		if (i > UI_EVENT) {
			x += ui_put(1, x, COLS - x, " > ");
		}
		if ((int)ui->screen == i) {
			attron(A_REVERSE | A_BOLD);
			x += ui_put(1, x, COLS - x, "[");
		}
		x += ui_put(1, x, COLS - x, ui_screens[i].step);
		if ((int)ui->screen == i) {
			x += ui_put(1, x, COLS - x, "]");
			attroff(A_REVERSE | A_BOLD);
		}
	}
	if (ui->visit_id > 0) {
		no = xasprintf("受付No.%ld", ui->visit_id);
		w = utf8_width(no);
		if (x + w + 2 < COLS)
			ui_put(1, COLS - w - 1, w, no);
		free(no);
	}
}

/* The message line, drawn last: a message too long for one line takes
 * the hint line above it as well. */
static void
ui_draw_msg(struct ui *ui)
{
	const char *s = ui->msg, *p;
	size_t len, off = 0, k;
	uint32_t cp;
	int w = 0, width = COLS - 3, y = LINES - 2;

	if (s == NULL)
		return;
	if (utf8_width(s) > width) {
		/* Find where the first line ends. */
		len = strlen(s);
		while (off < len) {
			k = utf8_decode(s + off, len - off, &cp);
			if (k == 0)
				k = 1;
			if (w + utf8_cp_width(cp) > width)
				break;
			w += utf8_cp_width(cp);
			off += k;
		}
		y = LINES - 3;
		move(y, 0);
		clrtoeol();
	}
	move(LINES - 2, 0);
	clrtoeol();
	if (ui->msg_error)
		attron(A_BOLD);
	if (ui->msg_error)
		mvaddstr(y, 0, "!");
	if (y == LINES - 3) {
		p = xstrndup(s, off);
		ui_put(y, 2, width, p);
		free((void *)p);
		s += off;
	}
	ui_put(LINES - 2, 2, width, s);
	if (ui->msg_error)
		attroff(A_BOLD);
}

char *
ui_display(struct ui *ui, const char *key)
{
	const struct dict_item *item = dict_find(ui->env.dict, key, NULL);
	const char *v = ui->visit != NULL ? visit_get(ui->visit, key) : NULL;

	if (v == NULL)
		return xstrdup("");
	if (item == NULL)
		return xstrdup(v);
	return dict_display(item, v);
}

struct derive_ctx
ui_derive_ctx(struct ui *ui)
{
	struct derive_ctx ctx;

	ctx.visit = ui->visit;
	ctx.dict = ui->env.dict;
	ctx.config = ui->env.config;
	ctx.today = ui->today;
	return ctx;
}

int
ui_chosen_has(struct ui *ui, const char *id)
{
	size_t i;

	for (i = 0; ui->chosen != NULL && ui->chosen[i] != NULL; i++)
		if (strcmp(ui->chosen[i], id) == 0)
			return 1;
	return 0;
}

static void
ui_chosen_free(struct ui *ui)
{
	size_t i;

	for (i = 0; ui->chosen != NULL && ui->chosen[i] != NULL; i++)
		free(ui->chosen[i]);
	free(ui->chosen);
	ui->chosen = NULL;
}

void
ui_chosen_set(struct ui *ui, char **ids, size_t n)
{
	size_t i;

	ui_chosen_free(ui);
	ui->chosen = xcalloc(n + 1, sizeof *ui->chosen);
	for (i = 0; i < n; i++)
		ui->chosen[i] = xstrdup(ids[i]);
	ui->chosen_set = 1;
}

/* "items forms=a,b": the screen and, once chosen, the forms. */
static char *
ui_position(struct ui *ui)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_add(&sb, ui_screens[ui->screen == UI_HELP ? ui->help_from :
	    ui->screen].name);
	if (ui->chosen_set) {
		sb_add(&sb, " forms=");
		for (i = 0; ui->chosen != NULL && ui->chosen[i] != NULL; i++) {
			if (i > 0)
				sb_addc(&sb, ',');
			sb_add(&sb, ui->chosen[i]);
		}
	}
	return sb_detach(&sb);
}

/* The visit's values and the clerk's position, as one string to compare. */
static char *
ui_snapshot(struct ui *ui, const char *pos, int field)
{
	char *text = visit_format(ui->visit, ui->env.dict, 1), *all;

	all = xasprintf("%s\n@%s\n@%d", text, pos != NULL ? pos : "", field);
	free(text);
	return all;
}

/* Does the open visit hold a My Number typed in this session? */
static int
ui_has_mynumber(const struct ui *ui)
{
	const struct dict_item *it;
	size_t i;

	for (i = 0; i < ui->visit->n; i++)
		if ((it = dict_find(ui->env.dict, ui->visit->entries[i].key,
		    NULL)) != NULL && it->secret &&
		    ui->visit->entries[i].value != NULL &&
		    *ui->visit->entries[i].value != '\0')
			return 1;
	return 0;
}

int
ui_save(struct ui *ui)
{
	enum ui_screen s = ui->screen == UI_HELP ? ui->help_from : ui->screen;
	char *pos, *cause = NULL, *now;
	int field = 0, rc;

	/* a draft another screen holds is only looked at, never written */
	if (ui->visit_id <= 0 || ui->visit == NULL || ui->readonly ||
	    ui->opening)
		return 0;
	if (ui_screens[s].fields)
		field = ui_fields_index(&ui->fields);
	pos = ui_position(ui);
	/* nothing changed since it was loaded or stored: nothing is
	 * written, so a screen never writes a value it did not change */
	now = ui_snapshot(ui, pos, field);
	if (ui->saved != NULL && strcmp(now, ui->saved) == 0) {
		free(now);
		free(pos);
		return 0;
	}
	rc = store_visit_save(ui->store, ui->visit_id, ui->visit, ui->env.dict,
	    pos, field, &cause);
	free(pos);
	if (rc == 0) {
		free(ui->saved);
		ui->saved = now;
	} else
		free(now);
	if (rc != 0) {
		ui_msg(ui, 1, "保存できませんでした: %s", cause);
		free(cause);
		return -1;
	}
	if (store_key_problem(ui->store) != NULL && ui_has_mynumber(ui))
		ui_msg(ui, 1, "マイナンバーの鍵ファイルが%sため、マイナンバーは"
		    "保存されていません。ほかの項目は保存しました",
		    store_key_missing(ui->store) ? "ない" : "使えない");
	return 0;
}

void
ui_visit_close(struct ui *ui)
{
	ui_preview_reset(ui);
	visit_free(ui->visit);
	ui->visit = NULL;
	ui->visit_id = 0;
	ui->readonly = 0;
	free(ui->saved);
	ui->saved = NULL;
	if (ui->store != NULL)
		store_hold_release(ui->store);
	ui->mynumber_locked = 0;
	ui_chosen_free(ui);
	ui->chosen_set = 0;
	ui_fields_clear(&ui->fields);
}

void
ui_visit_new(struct ui *ui)
{
	ui_visit_close(ui);
	ui->visit = visit_new();
	ui_goto(ui, UI_EVENT);
}

/* Take "screen forms=a,b" apart. */
static enum ui_screen
ui_parse_position(struct ui *ui, const char *pos)
{
	enum ui_screen s = UI_HOUSEHOLD;
	char *copy, *sp, *forms, *tok, *save;
	char *ids[64];
	size_t i, n = 0;

	if (pos == NULL || *pos == '\0')
		return UI_HOUSEHOLD;
	copy = xstrdup(pos);
	sp = strchr(copy, ' ');
	if (sp != NULL)
		*sp++ = '\0';
	for (i = 0; i < UI_NSCREENS; i++)
		if (strcmp(ui_screens[i].name, copy) == 0)
			s = (enum ui_screen)i;
	if (s == UI_RECEPTION || s == UI_HELP)
		s = UI_HOUSEHOLD;
	if (sp != NULL && strncmp(sp, "forms=", 6) == 0) {
		forms = sp + 6;
		for (tok = strtok_r(forms, ",", &save); tok != NULL &&
		    n < nitems(ids); tok = strtok_r(NULL, ",", &save))
			ids[n++] = tok;
		ui_chosen_set(ui, ids, n);
	}
	free(copy);
	return s;
}

int
ui_visit_open(struct ui *ui, long id)
{
	struct store_visit_info info;
	struct visit *v;
	enum ui_screen s;
	char *cause = NULL, *holder, *pos;

	memset(&info, 0, sizeof info);
	v = store_visit_load(ui->store, id, "edit", &info, &cause);
	if (v == NULL) {
		ui_msg(ui, 1, "受付No.%ld を開けません: %s", id, cause);
		free(cause);
		return -1;
	}
	if (info.status == STORE_CANCELLED) {
		ui_msg(ui, 1, "受付No.%ld は取り消されています", id);
		visit_free(v);
		store_visit_info_clear(&info);
		return -1;
	}
	ui_visit_close(ui);
	holder = NULL;
	if (info.status == STORE_DRAFT && ui_hold(ui, id, &holder) == 1)
		ui->readonly = 1;
	ui->visit = v;
	ui->visit_id = id;
	/* going to where it was left is not a change: nothing is stored
	 * until the clerk changes something */
	ui->saved = xstrdup("");
	ui->opening = 1;
	if (visit_get(v, "event") == NULL) {
		s = UI_EVENT;
		ui_parse_position(ui, info.screen);
	} else
		s = ui_parse_position(ui, info.screen);
	if (info.status == STORE_PRINTED) {
		s = UI_PREVIEW;
		if (!ui->chosen_set)
			ui_procedures_default(ui);
	}
	if ((s == UI_ITEMS || s == UI_PREVIEW || s == UI_PRINT) &&
	    !ui->chosen_set)
		s = UI_PROCEDURES;
	if (s == UI_PRINT)
		s = UI_PREVIEW;
	ui_goto(ui, s);
	/* The items screen lists only what is still empty: its first
	 * field is where the clerk stopped. */
	if (ui_screens[s].fields && s != UI_ITEMS)
		ui_fields_focus_index(&ui->fields, ui, info.field);
	ui->opening = 0;
	free(ui->saved);
	pos = ui_position(ui);
	ui->saved = ui_snapshot(ui, pos, ui_screens[ui->screen].fields ?
	    ui_fields_index(&ui->fields) : 0);
	free(pos);
	ui->mynumber_locked = info.mynumber_locked;
	if (ui->readonly)
		ui_msg(ui, 1, "受付No.%ld は %s が入力中です。見るだけで、"
		    "変更は保存されません", id, holder);
	else if (info.mynumber_locked > 0)
		ui_msg(ui, 1, "マイナンバーの鍵ファイルが%sため、受付No.%ld "
		    "のマイナンバー(%d件)を表示・印刷できません。"
		    "係に連絡してください", store_key_missing(ui->store) ?
		    "ない" : "使えない", id, info.mynumber_locked);
	else if (info.status == STORE_DRAFT && info.clerk != NULL &&
	    strcmp(info.clerk, ui->clerk) != 0)
		/* Each clerk has their own process; two on one visit would
		 * overwrite each other's fields. Say whose it is. */
		ui_msg(ui, 1, "受付No.%ld は %s さんが入力していた受付です。"
		    "同時に開いていないか確かめてください", id, info.clerk);
	else
		ui_msg(ui, 0, "受付No.%ld を続けます (%s)", id,
		    ui_screens[s].step != NULL ? ui_screens[s].step : "");
	store_visit_info_clear(&info);
	free(holder);
	return 0;
}

int
ui_hold(struct ui *ui, long id, char **holder)
{
	char *who, *cause = NULL;
	int rc;

	*holder = NULL;
	who = xasprintf("端末 %s (担当 %s)", ui->where, ui->clerk);
	rc = store_hold_take(ui->store, id, who, holder, &cause);
	free(who);
	if (rc < 0) {
		/* without a hold the screen still works, as it did before
		 * holds existed; say why */
		ui_msg(ui, 1, "受付No.%ld を確保できません: %s", id, cause);
		free(cause);
	}
	if (rc == 1 && (*holder == NULL || **holder == '\0')) {
		free(*holder);
		*holder = xstrdup("別の端末");
	}
	return rc;
}

void
ui_goto(struct ui *ui, enum ui_screen s)
{
	if (s != UI_HELP && ui->screen != UI_HELP)
		ui_fields_clear(&ui->fields);
	/* A message belongs to the screen it was said on; an error (a
	 * failed print, a refused save) stays until the next one. */
	if (s != ui->screen && !ui->msg_error)
		ui_msg(ui, 0, NULL);
	ui->screen = s;
	ui_screens[s].init(ui);
	if (s != UI_HELP && s != UI_RECEPTION && ui->visit_id > 0)
		ui_save(ui);
}

/* Go to the screen and field where a key is entered: the household, the
 * address, else the items the forms need. 0 when found. */
int
ui_goto_field(struct ui *ui, const char *key)
{
	static const enum ui_screen order[] = {
		UI_HOUSEHOLD, UI_ADDRESS, UI_ITEMS,
	};
	size_t i;

	for (i = 0; i < nitems(order); i++) {
		ui_goto(ui, order[i]);
		if (ui_fields_focus_key(&ui->fields, ui, key) == 0)
			return 0;
	}
	return -1;
}

int
ui_load_forms(struct ui *ui)
{
	struct diag dg = { 0 };
	char *cause = NULL, *all, *nl, *dir;

	if (ui->env.forms != NULL)
		return 0;
	if (ui->forms_error != NULL)
		return -1;
	if (render_env_load_forms(&ui->env, ui->opts->forms_dir, &dg,
	    &cause) != 0) {
		ui->forms_error = xasprintf("フォント: %s", cause);
		free(cause);
		diag_free(&dg);
		return -1;
	}
	/* The procedure guide beside the forms. Its counters fall back to
	 * town.office when the configuration lacks them; --check-forms
	 * names them. */
	dir = render_env_forms_dir(ui->opts->forms_dir);
	ui->guide = guide_load(dir, ui->env.dict, NULL, &dg);
	free(dir);
	all = diag_join(&dg);
	diag_free(&dg);
	if (all != NULL) {
		/* Forms with mistakes are left out; say so once. */
		nl = strchr(all, '\n');
		if (nl != NULL)
			*nl = '\0';
		if (ui->env.forms == NULL)
			ui->forms_error = xasprintf("様式を読めません: %s",
			    all);
		else
			ui_msg(ui, 1, "様式の誤り (除外しました): %s", all);
		free(all);
	}
	if (ui->env.forms == NULL) {
		if (ui->forms_error == NULL)
			ui->forms_error = xstrdup("様式がありません");
		return -1;
	}
	return 0;
}

static int
ui_too_small(void)
{
	return COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
}

static void
ui_draw_too_small(void)
{
	char buf[160];

	erase();
	snprintf(buf, sizeof buf, "画面が小さすぎます: %dx%d 以上にしてください"
	    " (いま %dx%d)", UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
	ui_put(0, 0, COLS, buf);
	if (LINES > 1)
		ui_put(1, 0, COLS, "F10 / Ctrl-X で終了します");
	ui_put(LINES > 2 ? 2 : 0, 0, COLS,
	    "Terminal too small: 80x24 needed.");
}

static void
ui_draw(struct ui *ui)
{
	ui->cy = -1;
	if (ui_too_small()) {
		ui_draw_too_small();
		curs_set(0);
		refresh();
		return;
	}
	ui_screens[ui->screen].draw(ui);
	ui_draw_msg(ui);
	if (ui->cy >= 0) {
		curs_set(1);
		move(ui->cy, ui->cx);
	} else {
		curs_set(0);
		move(LINES - 1, COLS - 1);
	}
	refresh();
}

/* Is the character set UTF-8? The screen draws nothing otherwise. */
static int
ui_locale_ok(const char **codeset)
{
	*codeset = nl_langinfo(CODESET);
	return strcmp(*codeset, "UTF-8") == 0 || strcmp(*codeset, "utf8") == 0;
}

/* Before the screen starts, a message goes to the terminal as the
 * command line's do. */
static void ui_error(const char *, ...) __attribute__((format(printf, 1, 2)));
static void
ui_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(fmt, ap);
	va_end(ap);
}

static int
ui_open(struct ui *ui, const struct ui_opts *opts)
{
	char *cause = NULL, *path;

	ui->opts = opts;
	ui->today = clock_today();
	if (render_env_open(&ui->env, opts->config, &cause) != 0)
		goto fail;
	path = store_default_path(opts->db, ui->env.config);
	ui->store = store_open(path, &cause);
	free(path);
	if (ui->store == NULL)
		goto fail;
	/* a restore is refused while this screen is open */
	store_screen_hold(ui->store);
	ui->clerk = store_clerk_default(ui->env.config);
	store_set_clerk(ui->store, ui->clerk);
	ui->where = print_counter();
	return 0;
fail:
	ui_error("%s", cause);
	free(cause);
	return -1;
}

static void
ui_close(struct ui *ui)
{
	double quit_by;

	ui_card_stop();
	/* A job lp is still handing to CUPS is waited for (it takes a
	 * moment), so the visit is marked printed when it was; but not
	 * for long: F10 returns within 15 seconds whatever lp does (8 s
	 * here, then print_cancel's PRINT_GRACE_MS). */
	quit_by = clock_ms() + 8000;
	while (ui->printing && clock_ms() < quit_by) {
		if (ui_print_poll(ui) == 0)
			usleep(100 * 1000);
	}
	if (ui->printing)
		print_cancel(&ui->print);
	ui_visit_close(ui);
	ui_reception_free();
	ui_print_free();
	if (ui->store != NULL)
		store_close(ui->store);
	guide_free(ui->guide);
	render_env_free(&ui->env);
	free(ui->clerk);
	free(ui->where);
	free(ui->msg);
	free(ui->forms_error);
}

/* Keys every screen shares: help, quit, resize. 1 if used. */
static int
ui_common_key(struct ui *ui, const struct ui_key *k)
{
	if (k->code == KEY_RESIZE)
		return 1;
	if (ui_too_small())
		return (k->act == ACT_QUIT) ? (ui->quit = 1) : 1;
	if (k->act == ACT_QUIT) {
		/* What is typed in the focused field is kept if it is
		 * valid; the draft holds everything else already. */
		if (ui_screens[ui->screen].fields && ui->visit_id > 0)
			ui_fields_commit(&ui->fields, ui);
		ui->quit = 1;
		return 1;
	}
	if (k->act == ACT_HELP && ui->screen != UI_HELP) {
		ui->help_from = ui->screen;
		ui->screen = UI_HELP;
		ui_help_init(ui);
		return 1;
	}
	return 0;
}

/* A draft another screen holds is only looked at: keys that would type,
 * erase, add or remove are refused here, with the reason. 1 if refused. */
static int
ui_readonly_key(struct ui *ui, const struct ui_key *k)
{
	int edits;

	if (!ui->readonly || !ui_screens[ui->screen].fields)
		return 0;
	edits = k->act == ACT_ADD || k->act == ACT_DELETE ||
	    k->act == ACT_CARD || k->code == KEY_BACKSPACE ||
	    k->code == KEY_DC || (k->act == ACT_NONE && k->code == 0 &&
	    k->ch != L'\r' && k->ch != L'\n' && k->ch != L'\t');
	if (!edits)
		return 0;
	ui_msg(ui, 1, "受付No.%ld はほかの端末が入力中です。見るだけで、"
	    "変更できません", ui->visit_id);
	return 1;
}

int
ui_run(const struct ui_opts *opts)
{
	struct ui ui;
	struct ui_key k;
	const char *codeset;
	int first = 1;

	if (!ui_locale_ok(&codeset)) {
		ui_error("the counter screen needs a UTF-8 locale, but the "
		    "character set is %s; set LANG=ja_JP.UTF-8 or C.UTF-8",
		    codeset);
		return 1;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		ui_error("the counter screen needs a terminal; see kakanai "
		    "--help for the commands");
		return 2;
	}
	memset(&ui, 0, sizeof ui);
	ui.cy = -1;
	ui.render.fd = -1;
	if (ui_open(&ui, opts) != 0) {
		ui_close(&ui);
		return 1;
	}

	if (initscr() == NULL) {
		ui_error("cannot start the screen (TERM=%s)",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		ui_close(&ui);
		return 1;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(100);

	ui.screen = UI_RECEPTION;
	ui_reception_init(&ui);
	while (!ui.quit) {
		ui_draw(&ui);
		if (first) {
			/* The first screen is up; now the slow part. */
			first = 0;
			if (ui_load_forms(&ui) != 0)
				ui_msg(&ui, 1, "%s", ui.forms_error);
			continue;
		}
		if (ui_keys_read(&k, (ui.render.pid > 0 || ui.printing) ?
		    50 : -1) != 0) {
			ui_preview_poll(&ui);
			ui_print_poll(&ui);
			continue;
		}
		if (ui_readonly_key(&ui, &k))
			continue;
		if (!ui_common_key(&ui, &k))
			ui_screens[ui.screen].key(&ui, &k);
		if (ui.render.pid > 0)
			ui_preview_poll(&ui);
		if (ui.printing)
			ui_print_poll(&ui);
	}
	endwin();
	ui_close(&ui);
	return 0;
}
