/*
 * pdf.h - writing display lists as PDF with libharu.
 *
 * pdf.c draws a laid-out document. For each face the document uses it
 * builds a subset font (font/ttf-subset.c) holding only those glyphs and
 * embeds it as a Type0/CIDFontType2 font made of libharu objects, so
 * characters above U+FFFF and variation sequences print (through codes of
 * the document's own - the subset's glyph ids - with a ToUnicode map back
 * to the characters as typed) and each document carries only the glyphs
 * it needs.
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

#endif
