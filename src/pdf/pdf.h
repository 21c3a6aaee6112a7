/*
 * pdf.h - writing display lists as PDF with libharu, and the whole
 * visit → PDF pipeline.
 *
 * pdf.c draws a laid-out document. For each face the document uses it
 * builds a subset font (font/ttf-subset.c) holding only those glyphs and
 * embeds it as a Type0/CIDFontType2 font made of libharu objects, so
 * characters above U+FFFF and variation sequences print (through codes of
 * the document's own - the subset's glyph ids - with a ToUnicode map back
 * to the characters as typed) and each document carries only the glyphs
 * it needs.
 *
 * render.c is the pipeline the CLI, the TUI and batch regeneration share:
 * pick the forms, lay them out, check, write the PDF atomically.
 */
#ifndef KAKANAI_PDF_H
#define KAKANAI_PDF_H

#include "font/font.h"
#include "form/form.h"
#include "layout/layout.h"
#include "visit/visit.h"

/* pdf.c */
/* Write doc as PDF into a heap buffer (caller frees). Deterministic: the
 * same doc gives the same bytes. */
int pdf_write(const struct dl_doc *, const struct fontset *, char **out,
    size_t *outlen, char **cause);

/* render.c */
struct render_opts {
	const char *const *form_ids;	/* NULL: every form that applies */
	struct layout_opts layout;
};
struct render_result {
	struct layout_report report;	/* every issue found */
	char **form_ids;		/* the forms rendered, in order */
	char **reasons;			/* why each applies */
	int *versions;			/* and which version was used */
	size_t nforms;
	char *pdf;			/* the PDF, NULL if the print was stopped */
	size_t pdflen;
};
/* Choose forms (form_applies, or the given ids, with the version in force
 * on the visit's 届出日), lay them out, and if nothing blocks the print,
 * write the PDF into result->pdf. Returns 0 when a PDF was made, 1 when
 * the report blocks it (result->report says why), -1 with *cause for
 * anything else. */
int render_visit(const struct form_set *, const struct derive_ctx *,
    const struct fontset *, const struct render_opts *,
    struct render_result *, char **cause);
void render_result_free(struct render_result *);

#endif
