/*
 * form.h - procedure forms as data: the parsed form-definition language.
 *
 * Each file forms/<id>.form (or forms/<id>@<version>.form for older
 * versions kept for regeneration) defines one procedure form: its header
 * (id, title, version, effective date, paper, fonts), when it applies, and
 * its pages of drawing operations. The language is described in the README
 * ("Form definitions"). Coordinates are millimetres from the top-left corner
 * of the paper; a box's y is its top edge.
 *
 * The parser checks everything it can before a form is used - unknown
 * verbs and options, numbers, items missing from the dictionary, fonts
 * missing from the font map, boxes off the paper - and reports each mistake
 * as file:line: message. A form with any mistake is refused whole.
 */
#ifndef KAKANAI_FORM_H
#define KAKANAI_FORM_H

#include "dict/dict.h"
#include "util/util.h"
#include "visit/visit.h"

enum halign { HALIGN_LEFT, HALIGN_CENTER, HALIGN_RIGHT };
enum valign { VALIGN_TOP, VALIGN_MIDDLE, VALIGN_BOTTOM };

/* How a field's text is set. */
struct form_style {
	char *font;		/* logical font name: "mincho", "gothic" */
	double size;		/* pt */
	double min_size;	/* shrink-to-fit floor, pt; 0 = never shrink */
	enum halign halign;
	enum valign valign;
	int wrap;		/* break into lines (禁則) after shrinking */
	double spacing;		/* extra space between characters, pt */
	double leading;		/* line height as a multiple of size (1.2) */
};

/* How a value is turned into text. */
enum form_format {
	FMT_PLAIN,		/* the stored value (dict_display for dates etc.) */
	FMT_WAREKI,		/* 令和元年5月1日 */
	FMT_WESTERN,		/* 2019年5月1日 */
	FMT_ISO,		/* 2019-05-01 */
	FMT_POSTAL,		/* 〒190-0182 without the mark: 190-0182 */
	FMT_MASKED,		/* **** **** 9018 */
};
enum form_part {
	PART_ALL,
	PART_ERA,		/* 令和 */
	PART_ERA_SHORT,		/* 令 */
	PART_YEAR,		/* 元 / 8 */
	PART_MONTH,
	PART_DAY,
};
struct form_value {
	char *key;		/* dictionary key; group keys inside rows */
	enum form_format format;
	enum form_part part;
	int gannen;		/* 元年 (default 1) */
	int fullwidth;		/* digits and letters full-width */
	char *prefix;		/* text put before a non-empty value */
	char *suffix;		/* text put after a non-empty value */
};

enum form_op_kind {
	OP_TEXT,		/* static text */
	OP_LINE,
	OP_RECT,
	OP_TABLE,		/* ruled table: column widths x row heights */
	OP_BOXES,		/* a row of n boxes at a pitch */
	OP_FIELD,		/* a value in a box */
	OP_COMB,		/* a value one character per box */
	OP_MARK,		/* circle or check chosen by value */
	OP_PAGENO,		/* "1/2" when the form takes more than a page */
	OP_ROWS,		/* a repeated block over a group's members */
	OP_SIGN,		/* a box left empty for a handwritten signature */
};

enum mark_kind { MARK_CIRCLE, MARK_CHECK };

struct form_mark_option {
	char *value;		/* the stored value (or part) that selects it */
	double x, y;		/* centre of the label, mm */
};

struct form_cond;

struct form_op {
	enum form_op_kind kind;
	int line;		/* line in the form file */
	double x, y, w, h;	/* mm; for OP_LINE x,y to w,h are the ends */
	double line_width;	/* pt */
	int dashed;
	double fill;		/* OP_RECT grey level 0..1, <0 for none */
	char *text;		/* OP_TEXT */
	struct form_style style;
	struct form_value value; /* OP_FIELD, OP_COMB, OP_MARK */
	struct form_cond *when;	/* when="...": drawn only if it holds (for
				   the row's member inside rows), or NULL */

	/* OP_TABLE */
	double *cols;		/* column widths, mm */
	size_t ncols;
	double *rows;		/* row heights, mm */
	size_t nrows;

	/* OP_BOXES, OP_COMB */
	int count;
	double pitch;
	int draw_boxes;		/* OP_COMB: draw the boxes too */

	/* OP_MARK */
	enum mark_kind mark;
	struct form_mark_option *options;
	size_t noptions;
	double radius;		/* mm */
	double radius_x;	/* mm, rx=: an ellipse as wide as its label
				   (代理人), or 0 for a circle */
	int labels;		/* draw the option labels as static text */

	/* OP_SIGN: the label (text) in a shaded cell label_w wide at the
	 * left, the note in small type at the top of the space to sign */
	double label_w;		/* mm */
	char *note;

	/* OP_ROWS: ops with y relative to the top of each row */
	char *group;		/* "person" */
	double pitch_y;		/* row height, mm */
	int per_page;		/* rows on one page */
	struct form_cond *where; /* which members get a row, or NULL */
	struct form_op *children;
	size_t nchildren;
};

/* `warn "MESSAGE" CONDITION`: when the condition holds, the clerk is
 * told (ISSUE_WARNING) - a date that is possible but unusual. */
struct form_warn {
	char *message;
	struct form_cond *cond;
	int line;
};

struct form_page {
	struct form_op *ops;
	size_t nops;
};

struct form {
	char *path;
	char *id;		/* jumin_ido */
	char *title;		/* 住民異動届 */
	int version;
	int order;		/* place among a visit's forms, lowest first
				   (0 when not given: after every numbered one) */
	struct date effective;	/* in force from this date */
	double width, height;	/* mm, after orientation */
	char *paper;		/* "A4 portrait" as written */
	struct form_style style; /* defaults for text and fields */
	struct form_cond *applies; /* NULL: never proposed by itself */
	char *reason;		/* shown to the clerk; {count} is replaced */
	char **required;	/* items the form cannot be printed without */
	size_t nrequired;
	struct form_cond **required_when; /* each item's `when`, or NULL */
	struct form_cond **required_when_owner; /* the conditions, to free */
	size_t nrequired_when_owner;
	struct form_warn *warns; /* told to the clerk; never stop the print */
	size_t nwarns;
	struct form_page *pages;
	size_t npages;
};

/* form-parse.c */
/* Parse one definition. known_fonts lists the logical font names of the
 * font map (NULL-terminated; NULL to skip that check). Every mistake goes
 * into dg; NULL is returned if there was any. */
struct form *form_parse(const char *path, const char *text,
    const struct dict *, const char *const *known_fonts, struct diag *dg);
struct form *form_load(const char *path, const struct dict *,
    const char *const *known_fonts, struct diag *dg);
void form_free(struct form *);

/* form-set.c: all forms of a folder, with their versions. */
struct form_set {
	char *dir;
	struct form **forms;	/* sorted by id, then version */
	size_t n;
};
/* Load every *.form in dir; a form with mistakes is left out and its
 * mistakes are in dg. An id+version given twice is a mistake. */
struct form_set *form_set_load(const char *dir, const struct dict *,
    const char *const *known_fonts, struct diag *dg);
void form_set_free(struct form_set *);
/* The version of a form in force on a date (the latest effective <= on),
 * or NULL. */
const struct form *form_set_find(const struct form_set *, const char *id,
    struct date on);
/* Distinct form ids in display order (the latest version of each); the
 * array in *out is the caller's to free (not the forms). */
size_t form_set_ids(const struct form_set *, const struct form ***out);

/* form-cond.c: the condition language of `applies` and `where`. */
struct form_cond *form_cond_parse(const char *text, const struct dict *,
    const char *group, char **cause);
void form_cond_free(struct form_cond *);
/* Evaluate for a visit; index is the group member inside count()/where
 * (0 at top level). *count receives the value of the first count() met,
 * for the reason text. Returns 1 true, 0 false. */
int form_cond_eval(const struct form_cond *, const struct derive_ctx *,
    int index, long *count);
/* The first dictionary key a condition reads, or NULL. */
const char *form_cond_first_key(const struct form_cond *);
/* Has the town's configuration left the form switched on? */
int form_enabled(const struct form *, const struct config *);
/* Does a form apply to a visit? If so and reason is not NULL, *reason is
 * the clerk's explanation with {count} filled in (caller frees). */
int form_applies(const struct form *, const struct derive_ctx *,
    char **reason);

/* form-lex.c: the tokens of one line of a form file (also used for the
 * quoted strings of conditions). Tokens are separated by blanks (space,
 * tab); a token is made of bare characters and "quoted" parts (with \"
 * and \\), joined as in a shell: prefix="a b" is one token. A `#` that
 * starts a token starts a comment running to the end of the line. */
struct form_token {
	char *s;		/* the text, quotes removed */
	size_t off;		/* byte offset in the line of its first byte */
	size_t end;		/* byte offset just past it */
	int col;		/* column of its first character, from 1 */
	size_t quote_at;	/* offset in s where quoted text begins,
				   (size_t)-1 if nothing was quoted */
};
struct form_line {
	struct form_token *tokens;
	size_t n;
	size_t len;		/* bytes of the line before any comment */
};
/* Split one line (len bytes, no newline). On an unterminated quote or a
 * bad escape returns -1 with "column N: ..." in *cause (caller frees) and
 * the tokens up to the mistake in out. Always call form_lex_free. */
int form_lex_line(const char *line, size_t len, struct form_line *out,
    char **cause);
void form_lex_free(struct form_line *);
/* Column (characters, from 1) of byte offset off in line. */
int form_lex_column(const char *line, size_t off);
/* Read a "quoted" string starting at s[0] == '"' into out; *used gets the
 * bytes consumed including both quotes. -1 and a message on a missing
 * closing quote (*used = 0, the opening quote) or an escape other than
 * \" and \\ (*used = offset of the backslash). */
int form_lex_quoted(const char *s, size_t len, size_t *used,
    struct strbuf *out, char **cause);
/* Is the token an option name=value, the name ([a-z_]+) not quoted? If
 * so the name's length (the '=' is at s[n]); else 0. */
size_t form_lex_option(const struct form_token *);

/* form-cond.c, for the parser: a condition whose first character is at
 * column col of its line, so messages give columns of the line. */
struct form_cond *form_cond_parse_at(const char *text, const struct dict *,
    const char *group, int col, char **cause);

#endif
