/*
 * font.h - TrueType fonts, logical font chains and per-document subsets.
 *
 * ttf.c reads TrueType files itself (cmap formats 4, 12 and 14, glyf/loca
 * with composite glyphs, hmtx, head, hhea, maxp, OS/2, post, name) because
 * the question kakanai must answer before printing - "does this font have
 * the exact glyph for this character, or for this base character plus
 * variation selector?" - is one libharu cannot answer, and because
 * libharu 2.3.0 cannot address characters above U+FFFF nor variation
 * sequences (domain.md §6-7).
 *
 * fontset.c reads fonts/fontmap: each logical name (mincho, gothic) is a
 * chain of font files; a character is drawn from the first font in the
 * chain that has its exact glyph.
 *
 * ttf-subset.c writes, for one document, a TrueType file holding only the
 * glyphs that document uses, with a cmap that maps each used character to
 * a BMP code libharu can address: the character itself where it is in the
 * BMP and has no selector, else a private-use code chosen for the document.
 */
#ifndef KAKANAI_FONT_H
#define KAKANAI_FONT_H

#include <stdint.h>

#include "util/util.h"

struct ttf;

/* ttf.c */
/* Open and check a TrueType file (mapped read-only). A truncated or garbage
 * file is refused with a message naming the table at fault. */
struct ttf *ttf_open(const char *path, char **cause);
/* The same for a font already in memory (a fuzzer, a subset just built):
 * data is not copied and must outlive the ttf; name is used in messages. */
struct ttf *ttf_open_mem(const void *data, size_t len, const char *name,
    char **cause);
void ttf_close(struct ttf *);
const char *ttf_path(const struct ttf *);
/* The family name to show a person: the Japanese name-table entry when
 * there is one (BIZ UD明朝), else the English one. */
const char *ttf_display_name(const struct ttf *);
const char *ttf_postscript_name(const struct ttf *);
/* Glyph for a code point from the best Unicode cmap (format 12, else 4);
 * 0 if none. */
uint16_t ttf_glyph(const struct ttf *, uint32_t cp);
/* Glyph for a variation sequence from cmap format 14: the variant glyph,
 * or the base glyph when the sequence is a default one; 0 if the font
 * does not have the sequence. vs == 0 is ttf_glyph(). */
uint16_t ttf_glyph_vs(const struct ttf *, uint32_t cp, uint32_t vs);
/* Advance width in font units. */
int ttf_advance(const struct ttf *, uint16_t gid);
int ttf_units_per_em(const struct ttf *);
int ttf_ascent(const struct ttf *);	/* font units, positive */
int ttf_descent(const struct ttf *);	/* font units, negative */
uint16_t ttf_num_glyphs(const struct ttf *);
/* Left side bearing in font units (hmtx). */
int ttf_lsb(const struct ttf *, uint16_t gid);
/* A glyph's outline bytes in glyf (*len 0 for an empty glyph such as a
 * space). Returns 0, or -1 if the glyph is out of range or loca points
 * outside glyf. */
int ttf_glyph_data(const struct ttf *, uint16_t gid, const uint8_t **data,
    size_t *len);
/* A table's bytes in the mapped file, or NULL (and *len 0) if absent. The
 * table lies inside the file (checked at open). */
const uint8_t *ttf_table(const struct ttf *, const char *tag, size_t *len);

/* ttf-subset.c */
struct ttf_subset_map {
	uint16_t gid;		/* glyph in the source font */
	uint16_t code;		/* BMP code the subset's cmap maps to it */
};
/* Build a TrueType file with only the listed glyphs (plus .notdef and the
 * components of composite glyphs), renumbered, with a format-4 cmap from
 * each code to its glyph. The result is a heap buffer (caller frees). */
int ttf_subset(const struct ttf *, const struct ttf_subset_map *, size_t n,
    char **out, size_t *outlen, char **cause);
/* The same with options: TTF_SUBSET_NO_HINTS leaves out the TrueType
 * hinting (glyph instructions, cvt, fpgm, prep): the outlines are the
 * same, the file smaller (BIZ UD明朝 -17 %, IPAmj明朝 -44 % of glyph
 * bytes); hints only matter when rasterising at low resolution. */
#define TTF_SUBSET_NO_HINTS	0x1
/* TTF_SUBSET_PDF writes only the tables a PDF CIDFontType2 font program
 * needs (ISO 32000-1 9.9: head, hhea, hmtx, loca, maxp, glyf, and cvt,
 * fpgm, prep when hinted): no cmap, name, OS/2 or post - a CIDFont finds
 * its glyphs by id through the CIDToGIDMap, so the codes in the map are
 * not written anywhere - and a short loca where glyf allows it. */
#define TTF_SUBSET_PDF		0x2
int ttf_subset_flags(const struct ttf *, const struct ttf_subset_map *,
    size_t n, int flags, char **out, size_t *outlen, char **cause);
/* The ids the glyphs gids[0..n) get in a subset holding them (glyph 0 and
 * the components of composite glyphs are kept too, all in their old
 * order): newids[i] for gids[i]; the subset's glyph count in *nglyphs
 * (may be NULL). Returns 0, or -1 with *cause for a glyph out of range or
 * a broken composite glyph. */
int ttf_subset_glyph_ids(const struct ttf *, const uint16_t *gids, size_t n,
    uint16_t *newids, size_t *nglyphs, char **cause);

/* fontset.c */
struct font_chain {
	char *name;		/* "mincho" */
	struct ttf **faces;	/* in order of preference */
	size_t nfaces;
};
struct fontset {
	char *path;		/* the font map */
	struct font_chain *chains;
	size_t nchains;
	struct ttf **faces;	/* each file opened once, shared by chains */
	size_t nfaces;
	const char **names;	/* chain names, NULL-terminated (for form_parse) */
};
/* Read a font map (`name = file, file, ...`; relative files are looked up
 * beside the map). Mistakes are file:line: messages. */
struct fontset *fontset_load(const char *path, char **cause);
/* <home>/fonts/fontmap. */
struct fontset *fontset_load_default(char **cause);
void fontset_free(struct fontset *);
const struct font_chain *fontset_chain(const struct fontset *,
    const char *name);
/* The first face in the chain with the exact glyph for cp (+ vs); its index
 * in the fontset's faces in *face and the glyph in *gid. -1 if none has it. */
int fontset_resolve(const struct font_chain *, const struct fontset *,
    uint32_t cp, uint32_t vs, int *face, uint16_t *gid);
/* "mincho (BIZ UD明朝, IPAmj明朝)" for messages (caller frees). */
char *fontset_describe(const struct font_chain *);

#endif
