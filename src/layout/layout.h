/*
 * layout.h - placing a visit's values on a form's pages.
 *
 * Layout turns (form, visit) into a display list: pages of positioned
 * lines, boxes, marks and text runs whose every character has already been
 * resolved to a font face and glyph. This is where kakanai decides what
 * will be printed, so it is where the checks live: a character with no
 * exact glyph in its chain, a required item that is missing, a value that
 * had to be shrunk or wrapped, a value that does not fit at all. The PDF
 * writer only draws what layout decided.
 *
 * Coordinates in the display list are PDF points with the origin at the
 * bottom-left of the page; form files speak millimetres from the top-left.
 */
#ifndef KAKANAI_LAYOUT_H
#define KAKANAI_LAYOUT_H

#include "font/font.h"
#include "form/form.h"
#include "visit/visit.h"

#define MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

enum dl_kind { DL_TEXT, DL_LINE, DL_RECT, DL_ELLIPSE, DL_CHECK };

struct dl_glyph {
	uint32_t cp;		/* the character as typed */
	uint32_t vs;		/* its variation selector, or 0 */
	uint16_t gid;		/* glyph in the face */
	double x;		/* pen position of this glyph, pt from page left */
};

struct dl_op {
	enum dl_kind kind;
	double x, y, w, h;	/* pt; DL_LINE: from (x,y) to (w,h) */
	double line_width;	/* pt */
	int dashed;
	double fill;		/* DL_RECT grey 0..1, < 0 for none */
	/* DL_TEXT: one run in one face and size, on baseline y */
	int face;		/* index in fontset->faces */
	double size;
	struct dl_glyph *glyphs;
	size_t nglyphs;
	int invisible;		/* DL_TEXT in the text layer only: the choice
				   a mark shows, for pdftotext and readers */
};

struct dl_page {
	double width, height;	/* pt */
	struct dl_op *ops;
	size_t nops;
	char *form_id;		/* which form this page belongs to */
};

struct dl_doc {
	struct dl_page *pages;
	size_t npages;
};

enum layout_issue_kind {
	ISSUE_NO_GLYPH,		/* stops the print */
	ISSUE_SUBSTITUTED,	/* --allow-substitute printed the base char */
	ISSUE_MISSING,		/* a required item is empty: stops the print */
	ISSUE_OVERFLOW,		/* does not fit even at the minimum size */
	ISSUE_SHRUNK,		/* printed smaller than the form's size */
	ISSUE_WRAPPED,		/* printed on more than one line */
	ISSUE_UNMARKED,		/* a mark has no option for the value: the
				   clerk marks it by hand */
	ISSUE_WARNING,		/* a form's `warn` holds: told, never stops */
};

struct layout_issue {
	enum layout_issue_kind kind;
	char *form_id;
	char *field;		/* "person.2.name" */
	char *message;		/* for the clerk, e.g. the no-glyph message */
	int line;		/* line of the op in the form file */
	/* ISSUE_SUBSTITUTED only (else NULL), for the correction page: */
	char *form_title;	/* 住民異動届 */
	char *label;		/* the item's label in the dictionary: 氏名 */
	char *typed;		/* the character as typed (UTF-8, with selector) */
	char *printed;		/* what was printed instead (the base character) */
};

struct layout_report {
	struct layout_issue *issues;
	size_t nissues;
	int pages;
};

struct layout_opts {
	int overlay;		/* values only, for pre-printed paper */
	double offset_x;	/* mm, added to every value position */
	double offset_y;
	int allow_substitute;	/* print the base character if no variant */
	int check_static;	/* report static text that overflows its box
				   (--check-forms) */
};

/* layout.c */
/* Lay out one form for a visit, appending its pages to doc. Issues go into
 * report. Returns -1 (with *cause) only for what makes layout impossible;
 * the caller decides from the report whether to print. */
int layout_form(struct dl_doc *, const struct form *,
    const struct derive_ctx *, const struct fontset *,
    const struct layout_opts *, struct layout_report *, char **cause);
/* The page 「手書き訂正が必要な箇所」 listing every ISSUE_SUBSTITUTED. */
int layout_substitution_page(struct dl_doc *, const struct layout_report *,
    const struct fontset *, char **cause);
void dl_doc_free(struct dl_doc *);
void layout_report_free(struct layout_report *);
/* Does the report hold an issue that must stop the print? */
int layout_report_blocks(const struct layout_report *);
/* Must an issue of this kind stop the print? The one place that says
 * which kinds do: the command line, the preview and regeneration ask. */
int layout_issue_blocks(enum layout_issue_kind);

/* layout-fit.c: the fit guarantee (--check-forms). */
/* A visit in which every item the dictionary lets a clerk type is as long
 * and as wide as it allows (caller frees). */
struct visit *layout_fit_visit(const struct dict *);
/* Lay the form out for that visit; every field that overflows even at its
 * min= size, and static text that overflows its box, goes into dg as
 * file:line: message. Returns 0 when everything fits. */
int layout_fit_check(const struct form *, const struct dict *,
    const struct fontset *, struct diag *);

/* layout-text.c: measuring and breaking text. */
struct layout_char {
	uint32_t cp;
	uint32_t vs;
	int face;
	uint16_t gid;
	double advance;		/* pt at the size measured */
	int part;		/* an address part (町域, 番地, 方書) begins
				   here: the best place for a line break */
};
/* 禁則: may this character not start / not end a line? */
int layout_no_line_start(uint32_t cp);
int layout_no_line_end(uint32_t cp);
/* Break chars into lines no wider than width (pt), obeying 禁則; each
 * line's end index (exclusive) goes into ends (caller frees). Returns the
 * number of lines. */
size_t layout_break_lines(const struct layout_char *, size_t n,
    double width, double spacing, size_t **ends);
/* The same, filling each line as far as the rules allow, with no
 * preference for natural points: the fewest lines (for a box that the
 * natural breaks would overflow). */
size_t layout_break_lines_tight(const struct layout_char *, size_t n,
    double width, double spacing, size_t **ends);
/* Split UTF-8 text into characters: a base and the variation selector
 * after it are one character (cp, vs); face -1, gid 0, advance 0. NULL if
 * the text is not valid UTF-8; *n receives the count (caller frees). */
struct layout_char *layout_split(const char *text, size_t *n);
/* Advance of a glyph at a size, pt: ttf_advance / units per em x size. */
double layout_advance(const struct fontset *, int face, uint16_t gid,
    double size);
/* Width of chars[0..n), pt: advances plus spacing between characters;
 * spaces (U+0020, U+3000) at the end are not counted. */
double layout_width(const struct layout_char *, size_t n, double spacing);
/* Is cp a space a line may break after and drop at its end? */
int layout_is_space(uint32_t cp);

#endif
