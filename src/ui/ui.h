/*
 * ui.h - the counter screen: an ncursesw TUI a clerk uses all day.
 *
 * One screen per file, as in ncdu: each exports X_init (entering the
 * screen), X_draw (paint stdscr) and X_key (one decoded key press), and
 * ui.c dispatches them from the screen enum through one table. The flow is
 *
 *   reception -> event -> household -> address -> procedures -> items
 *             -> preview -> print
 *
 * The session (struct ui) holds what the screens share: the town's
 * configuration, dictionary, forms and fonts, the database, and the visit
 * being entered. The visit is saved as a draft after every field, with the
 * screen and field it was entered on, so a dropped connection loses at most
 * the field being typed.
 *
 * Files: ui.c (session, loop, screen table, resize, locale and size
 * checks), ui-keys.c (keys and the function-key bar), ui-edit.c (the line
 * editor), ui-fields.c (field lists), and one file per screen:
 * ui-reception.c, ui-event.c, ui-household.c, ui-address.c,
 * ui-procedures.c, ui-items.c, ui-preview.c, ui-print.c, ui-help.c.
 * Screens keep their own state in a file-static struct; what they share
 * is in struct ui.
 *
 * Screen layout at 80x24 and larger (rows counted from the top):
 *   0        title: program, screen, town, date, clerk (reverse video)
 *   1        the steps of the flow, the current one marked
 *   2..H-4   the screen's own content
 *   H-3      a hint for the focused field (its help or its choices)
 *   H-2      the message line (errors in bold)
 *   H-1      the function-key bar
 * The chrome uses ASCII only (+ - | > * [ ]): East-Asian-ambiguous
 * characters (box drawing, arrows, circles) break layouts on terminals set
 * to draw them wide. Text is measured by display columns (utf8_cp_width),
 * never by bytes.
 */
#ifndef KAKANAI_UI_H
#define KAKANAI_UI_H

#include <sys/types.h>
#include <wchar.h>

#include "dict/dict.h"
#include "form/form.h"
#include "guide/guide.h"
#include "print/print.h"
#include "render/render.h"
#include "store/store.h"
#include "visit/visit.h"

#define UI_MIN_COLS 80
#define UI_MIN_LINES 24
/* Columns for a field's label; a required field's * takes one more, so
 * the dictionary's labels fit in it (tests/unit/test-dict.c checks). */
#define UI_FIELDS_LABEL 20

enum ui_screen {
	UI_RECEPTION,
	UI_EVENT,
	UI_HOUSEHOLD,
	UI_ADDRESS,
	UI_PROCEDURES,
	UI_ITEMS,
	UI_PREVIEW,
	UI_PRINT,
	UI_HELP,
	UI_NSCREENS
};

/* What a function key (or its Ctrl / Esc-digit alternative) asks for. */
enum ui_action {
	ACT_NONE,
	ACT_HELP,		/* F1  ^G */
	ACT_SEARCH,		/* F2  ^F */
	ACT_BACK,		/* F3  ^B */
	ACT_NEXT,		/* F4  ^N */
	ACT_PRINT,		/* F5  ^P */
	ACT_ADD,		/* F6  ^T */
	ACT_DELETE,		/* F7  ^D */
	ACT_CARD,		/* F8  ^R: read a My Number card */
	ACT_QUIT,		/* F10 ^X */
	ACT_COUNT
};

/* One key press, decoded once by ui_keys_read. */
struct ui_key {
	int code;		/* KEY_* for a special key; 0 for a character */
	wchar_t ch;		/* the character when code is 0 */
	enum ui_action act;	/* a function key or its alternative */
};

/* One entry of the function-key bar: an action and its label here. */
struct ui_bar {
	enum ui_action act;
	const char *label;	/* NULL: the action's usual label */
};

/* ui-edit.c: the line editor. Text is an array of code points; a cluster
 * (a base character and the zero-width characters after it: variation
 * selectors, combining marks) is moved over and deleted as one. */
enum ui_edit_mode {
	EDIT_PLAIN,		/* as typed; half-width katakana made full */
	EDIT_KANA,		/* hiragana and half-width kana to katakana */
	EDIT_WIDE,		/* ASCII to full-width (addresses) */
	EDIT_NARROW,		/* full-width digits, letters, hyphens to ASCII */
	EDIT_SECRET		/* as NARROW; shown as * */
};
struct ui_edit {
	uint32_t *cps;
	size_t n, cap;
	size_t cur;		/* cursor: code point index, a cluster start */
	size_t scroll;		/* first code point shown */
	enum ui_edit_mode mode;
	int maxlen;		/* characters (clusters), 0 for no limit */
};
void ui_edit_init(struct ui_edit *, const char *text, enum ui_edit_mode);
void ui_edit_free(struct ui_edit *);
void ui_edit_set(struct ui_edit *, const char *text);
/* The text as UTF-8 (caller frees). */
char *ui_edit_text(const struct ui_edit *);
int ui_edit_empty(const struct ui_edit *);
/* Characters (clusters) in the text. */
size_t ui_edit_length(const struct ui_edit *);
/* Insert one character at the cursor, converted for the mode; control
 * characters are dropped. Returns 0 if inserted, -1 if refused. */
int ui_edit_insert(struct ui_edit *, uint32_t cp);
void ui_edit_insert_str(struct ui_edit *, const char *utf8);
void ui_edit_left(struct ui_edit *);
void ui_edit_right(struct ui_edit *);
void ui_edit_home(struct ui_edit *);
void ui_edit_end(struct ui_edit *);
void ui_edit_backspace(struct ui_edit *);
void ui_edit_delete(struct ui_edit *);
void ui_edit_kill(struct ui_edit *);	/* cursor to end */
void ui_edit_clear(struct ui_edit *);
/* Display columns of the text before the cursor. */
int ui_edit_cursor_col(const struct ui_edit *);
/* Apply an editing key; 1 if the editor used it. */
int ui_edit_key(struct ui_edit *, const struct ui_key *);
/* Draw in width columns at y,x; returns the screen column of the cursor. */
int ui_edit_draw(struct ui_edit *, int y, int x, int width);
/* The editing mode a dictionary item wants. */
enum ui_edit_mode ui_edit_mode_for(const struct dict_item *);
/* Convert one code point for a mode (no joining of sound marks). */
uint32_t ui_edit_convert(enum ui_edit_mode, uint32_t cp);

/* ui-fields.c: a scrolling list of headings and fields, each field edited
 * in place with the line editor; used by household, address and items. */
enum ui_row_kind { ROW_HEADING, ROW_FIELD, ROW_NOTE };
struct ui_row {
	enum ui_row_kind kind;
	char *key;		/* visit key: "person.2.name" */
	char *label;
	const struct dict_item *item;
};
struct ui;
struct ui_fields {
	struct ui_row *rows;
	size_t n;
	size_t cur;		/* focused row, a field */
	size_t top;		/* first row shown */
	struct ui_edit edit;	/* the focused field's editor */
	char *orig;		/* the editor's text when focused */
	char *error;		/* validation message, shown under the field */
	int fresh;		/* the next character replaces the value */
	char *prefix;		/* a family name put before the cursor, or NULL */
	/* Called after a value was stored: rebuild the rows (the household
	 * grows a member), fill in what follows (postal lookup). */
	void (*changed)(struct ui *, const char *key);
};
void ui_fields_clear(struct ui_fields *);
void ui_fields_heading(struct ui_fields *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ui_fields_note(struct ui_fields *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Add a field for a visit key; its label is the dictionary's. Unknown
 * keys are skipped. */
void ui_fields_add(struct ui_fields *, struct ui *, const char *key);
/* Focus a row (the nearest field at or after it) / the row of a key. */
void ui_fields_focus(struct ui_fields *, struct ui *, size_t row);
int ui_fields_focus_key(struct ui_fields *, struct ui *, const char *key);
/* Store the focused editor's text if it changed: 0 stored or unchanged,
 * -1 refused (the message is shown at the field, the text stays). */
int ui_fields_commit(struct ui_fields *, struct ui *);
void ui_fields_draw(struct ui_fields *, struct ui *);
/* Handle a key: 0 used, 1 moved past the last field (go on), -1 unused. */
int ui_fields_key(struct ui_fields *, struct ui *, const struct ui_key *);
/* The focused field's index among the fields (for resume). */
int ui_fields_index(const struct ui_fields *);
void ui_fields_focus_index(struct ui_fields *, struct ui *, int index);

/* A job run in a child process so the screen never waits: rendering. */
struct ui_render {
	pid_t pid;		/* 0: none running */
	int fd;			/* the child's report, read non-blocking */
	struct strbuf buf;
	int done;		/* a finished result is below */
	int ok;			/* a PDF was made */
	char *pdf;		/* its file */
	char sha[65];
	char *error;		/* why nothing could be made */
	struct ui_form_result {
		char *id;
		char *title;
		int version;
		int pages;
		char *reason;
	} *forms;
	size_t nforms;
	struct ui_issue {
		int kind;	/* enum layout_issue_kind */
		char *form;
		char *field;
		char *message;
	} *issues;
	size_t nissues;
	double started;
};

/* What the screen is started with (the command line fills it in). */
struct ui_opts {
	const char *config;	/* configuration file, NULL: the default */
	const char *db;		/* database, NULL: from the configuration */
	const char *forms_dir;	/* NULL: the home's forms/ */
	const char *printer;	/* CUPS queue, NULL: from the configuration */
	int overlay;		/* values only, for pre-printed paper */
	int allow_substitute;	/* print a variant's base character */
};

/* The session. */
struct ui {
	const struct ui_opts *opts;
	/* configuration, dictionary, fonts and forms; the fonts and forms
	 * are NULL until loaded (after the first screen) */
	struct render_env env;
	char *forms_error;
	struct guide *guide;	/* questions and the checklist, with the forms */
	struct store *store;
	char *clerk;
	char *where;		/* the counter: SSH client address or terminal */
	int readonly;		/* the visit is held by another screen */
	char *saved;		/* the visit and position as last stored */
	int opening;		/* ui_visit_open is going where it was left */
	struct date today;

	enum ui_screen screen;
	enum ui_screen help_from;
	int quit;

	/* The visit being entered; visit_id 0 when none. */
	long visit_id;
	struct visit *visit;
	char **chosen;		/* forms the clerk chose, NULL-terminated */
	int chosen_set;		/* the clerk has passed the procedures screen */
	int mynumber_locked;	/* its My Numbers are sealed, the key missing */

	struct ui_fields fields; /* the field list of the current screen */
	int cy, cx;		/* where the terminal cursor goes; cy < 0: hidden */
	char *msg;		/* message line */
	int msg_error;

	struct ui_render render;
	struct print_job print;
	int printing;
	long print_doc;		/* document being printed */
};

/* ui.c */
/* Run the counter screen until the clerk quits. Returns the program's
 * exit status: 0 done, 1 it could not start (a message is on stderr), 2
 * no terminal. */
int ui_run(const struct ui_opts *);
void ui_goto(struct ui *, enum ui_screen);
/* Set the message line (printf-style); error makes it stand out. */
void ui_msg(struct ui *, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Save the visit as a draft with the current screen and field. */
int ui_save(struct ui *);
/* Forget the visit being entered. */
void ui_visit_close(struct ui *);
/* Open a stored visit and go where it was left. */
int ui_visit_open(struct ui *, long id);
/* Hold a draft for this screen: 0 held, 1 another screen holds it (its
 * "端末 X (担当 Y)" in *holder, caller frees), -1 no hold (said). */
int ui_hold(struct ui *, long id, char **holder);
/* Start a new visit (a draft is created when the event is chosen). */
void ui_visit_new(struct ui *);
struct derive_ctx ui_derive_ctx(struct ui *);
/* Go to the screen and field where a visit key is typed; 0 if found. */
int ui_goto_field(struct ui *, const char *key);
/* Load the forms and fonts if not yet done; 0 when they are there. */
int ui_load_forms(struct ui *);
/* Drawing helpers: text cropped to width display columns. */
int ui_put(int y, int x, int width, const char *utf8);
/* ui_put, but text that does not fit ends with "..." inside width
 * (ASCII dots: an ellipsis character is drawn wide or narrow depending on
 * the terminal). */
int ui_put_cut(int y, int x, int width, const char *utf8);
void ui_draw_frame(struct ui *, const char *title);
void ui_draw_hint(struct ui *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A value for display: dict_display, or "" (caller frees). */
char *ui_display(struct ui *, const char *key);
/* Is the chosen form id in ui->chosen? */
int ui_chosen_has(struct ui *, const char *id);
void ui_chosen_set(struct ui *, char **ids, size_t n);

/* ui-keys.c */
/* Wait for a key (delay_ms < 0: forever); 0 on a key, -1 on timeout. */
int ui_keys_read(struct ui_key *, int delay_ms);
void ui_keys_bar(const struct ui_bar *bar, size_t n);
const char *ui_keys_label(enum ui_action);
const char *ui_keys_alt(enum ui_action);

/* The screens. */
void ui_reception_init(struct ui *);
void ui_reception_draw(struct ui *);
void ui_reception_key(struct ui *, const struct ui_key *);
void ui_reception_free(void);	/* at exit */
void ui_event_init(struct ui *);
void ui_event_draw(struct ui *);
void ui_event_key(struct ui *, const struct ui_key *);
void ui_household_init(struct ui *);
void ui_household_draw(struct ui *);
void ui_household_key(struct ui *, const struct ui_key *);
/* ui-card.c: the My Number card panel of the household screen (F8). */
int ui_card_active(void);
void ui_card_start(struct ui *, int member);
void ui_card_draw(struct ui *);
/* The member's number when the card was read into it; 0 still open; -1
 * closed without reading. */
int ui_card_key(struct ui *, const struct ui_key *);
void ui_card_stop(void);	/* closes the reader, wipes what was typed */
void ui_address_init(struct ui *);
void ui_address_draw(struct ui *);
void ui_address_key(struct ui *, const struct ui_key *);
void ui_procedures_init(struct ui *);
void ui_procedures_draw(struct ui *);
void ui_procedures_key(struct ui *, const struct ui_key *);
/* The forms that apply to the visit, as the default choice. */
void ui_procedures_default(struct ui *);
void ui_items_init(struct ui *);
void ui_items_draw(struct ui *);
void ui_items_key(struct ui *, const struct ui_key *);
void ui_preview_init(struct ui *);
void ui_preview_draw(struct ui *);
void ui_preview_key(struct ui *, const struct ui_key *);
/* Start rendering the visit in a child; poll it from the main loop. */
void ui_preview_start(struct ui *);
/* Read what the child sent; 1 when it finished this call. */
int ui_preview_poll(struct ui *);
void ui_preview_reset(struct ui *);
void ui_print_init(struct ui *);
void ui_print_draw(struct ui *);
void ui_print_key(struct ui *, const struct ui_key *);
/* Poll the lp child; 1 when it finished this call. */
int ui_print_poll(struct ui *);
void ui_print_free(void);	/* at exit */
/* Reprint a stored visit's latest document. */
void ui_print_reprint(struct ui *, long visit_id);
/* Print a stored visit's 「お手続きのご案内」 alone. */
void ui_print_guide(struct ui *, long visit_id);
void ui_help_init(struct ui *);
void ui_help_draw(struct ui *);
void ui_help_key(struct ui *, const struct ui_key *);

#endif
