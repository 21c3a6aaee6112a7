/*
 * ttf-subset.c - write a small TrueType font holding only the glyphs one
 * document draws, for libharu to embed.
 *
 * libharu 2.3.0 embeds every table of the font it is given (only glyf is
 * thinned) and scans all 65,536 BMP codes through the cmap at
 * HPDF_GetFont; it cannot address code points above U+FFFF or variation
 * sequences at all. A per-document subset whose cmap maps BMP codes
 * (the caller's choice: the character itself, or a private-use code for
 * 𠮷 or 葛+U+E0100) to the wanted glyphs removes all three problems.
 *
 * Glyphs kept: 0 (.notdef), the listed ones, and the components of
 * composite glyphs (transitively). They are renumbered in the order of
 * their old ids, so the output depends only on the input: the same font
 * and map give the same bytes.
 *
 * The file written, tables in tag order (libharu's own order too):
 *
 *   <00 01 00 00> <numTables:2> <searchRange:2> <entrySelector:2>
 *   <rangeShift:2> numTables x <tag:4> <checkSum:4> <offset:4> <length:4>
 *   then each table, padded with zeros to a multiple of 4:
 *
 *   OS/2  copied; usFirstCharIndex/usLastCharIndex set to the new codes
 *   cmap  <0:2> <1:2> <3:2> <1:2> <12:4>  (one subtable, Windows Unicode
 *         BMP, format 4; see ttf.c). Codes up to 1024 apart share a
 *         segment mapped through glyphIdArray (see build_cmap: libharu
 *         scans segments linearly); a run of consecutive codes with
 *         consecutive glyphs uses idDelta alone; then the closing 0xFFFF
 *         segment.
 *   cvt   copied if present (hinting programs refer to it)
 *   fpgm  copied if present
 *   glyf  the kept glyphs, unpadded as in the fonts we use (long loca
 *         offsets need no alignment); component glyph ids in
 *         composite glyphs rewritten to the new numbering
 *   head  copied; checkSumAdjustment recomputed, indexToLocFormat 1
 *   hhea  copied; numberOfHMetrics = number of glyphs
 *   hmtx  one <advanceWidth:2> <lsb:2> per glyph
 *   loca  long (uint32) offsets, numGlyphs + 1 of them
 *   maxp  copied; numGlyphs set
 *   name  copied records with ids 0-6 (copyright, family, subfamily,
 *         unique id, full name, version, PostScript name) - libharu
 *         needs ids 2 and 6 - on any platform; the PostScript name gets
 *         a subset tag, "ABCDEF+BIZUDMincho-Regular" (see subset_tag);
 *         libharu puts its own in front when it embeds the font.
 *   post  format 3 (no glyph names): the 32-byte header, copied
 *   prep  copied if present
 *
 * With TTF_SUBSET_PDF (the form pdf.c embeds) only cvt, fpgm, glyf,
 * head, hhea, hmtx, loca, maxp and prep are written - a PDF CIDFont needs
 * no cmap, name, OS/2 or post, and libharu no longer reads the file - and
 * each glyph is padded to an even length so that loca can be short
 * (uint16 offset / 2, indexToLocFormat 0) when glyf is under 128 KB.
 * ttf_subset_glyph_ids tells the caller the new glyph ids in advance.
 *
 * Limits: at most about 8,000 codes (a format-4 subtable is at most
 * 65,535 bytes); codes must be unique and not 0xFFFF.
 */
#include <stdlib.h>
#include <string.h>

#include "font/font.h"

/* Composite glyph flags (glyf). */
#define ARG_1_AND_2_ARE_WORDS	0x0001
#define WE_HAVE_A_SCALE		0x0008
#define MORE_COMPONENTS		0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO	0x0080
#define WE_HAVE_INSTRUCTIONS	0x0100

#define SUBSET_MAX_CODES	8000
#ifndef SUBSET_CMAP_GAP
#define SUBSET_CMAP_GAP		1024	/* see build_cmap */
#endif

struct subset {
	const struct ttf *t;
	uint16_t *glyphs;	/* old ids, sorted after collection */
	size_t n, cap;
	uint8_t *seen;		/* bitmap over old ids */
	int flags;		/* TTF_SUBSET_* */
};

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
put16(struct strbuf *sb, uint32_t v)
{
	uint8_t b[2];

	wr16(b, v);
	sb_addn(sb, (const char *)b, 2);
}

static void
put32(struct strbuf *sb, uint32_t v)
{
	uint8_t b[4];

	wr32(b, v);
	sb_addn(sb, (const char *)b, 4);
}

static void
add_glyph(struct subset *s, uint16_t gid)
{
	if (s->seen[gid / 8] & (1u << (gid % 8)))
		return;
	s->seen[gid / 8] |= (uint8_t)(1u << (gid % 8));
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->glyphs = xreallocarray(s->glyphs, s->cap, sizeof *s->glyphs);
	}
	s->glyphs[s->n++] = gid;
}

/*
 * Walk the components of a composite glyph: call fn for each component's
 * glyph-id field (a pointer to its two bytes). Composite glyph layout:
 *
 *   <numberOfContours:2 = -1> <xMin:2> <yMin:2> <xMax:2> <yMax:2>
 *   then per component:
 *   <flags:2> <glyphIndex:2> <arg1, arg2: 1+1 or 2+2 bytes>
 *   [<scale:2> | <xscale:2> <yscale:2> | <2x2 matrix:8>]
 *   ... while flags & MORE_COMPONENTS, then optional instructions.
 *
 * Returns 0, or -1 if the components run past the glyph's end.
 */
static int
walk_components(const uint8_t *g, size_t len,
    int (*fn)(void *, const uint8_t *), void *arg)
{
	size_t at = 10;
	uint16_t flags;

	if (len < 10 || (int16_t)rd16(g) >= 0)
		return 0;
	do {
		size_t need;
		if (at + 4 > len)
			return -1;
		flags = rd16(g + at);
		if (fn(arg, g + at + 2) != 0)
			return -1;
		need = 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
		if (flags & WE_HAVE_A_SCALE)
			need += 2;
		else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
			need += 4;
		else if (flags & WE_HAVE_A_TWO_BY_TWO)
			need += 8;
		if (at + need > len)
			return -1;
		at += need;
	} while (flags & MORE_COMPONENTS);
	return 0;
}

static int
collect_component(void *arg, const uint8_t *p)
{
	struct subset *s = arg;
	uint16_t gid = rd16(p);

	if (gid >= ttf_num_glyphs(s->t))
		return -1;
	add_glyph(s, gid);
	return 0;
}

static int
cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_map_code(const void *a, const void *b)
{
	const struct ttf_subset_map *x = a, *y = b;

	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

/* New id of an old glyph (it is in the set). */
static uint16_t
new_id(const struct subset *s, uint16_t old)
{
	const uint16_t *p = bsearch(&old, s->glyphs, s->n, sizeof *s->glyphs,
	    cmp_u16);

	return (uint16_t)(p - s->glyphs);
}

struct remap {
	const struct subset *s;
	uint8_t *out;		/* the copy being rewritten */
	const uint8_t *in;	/* the original glyph */
};

static int
remap_component(void *arg, const uint8_t *p)
{
	struct remap *r = arg;

	wr16(r->out + (p - r->in), new_id(r->s, rd16(p)));
	return 0;
}

/*
 * Append glyph g without its hinting instructions. A simple glyph is
 *   <numberOfContours:2> <bbox:8> <endPtsOfContours:2*n>
 *   <instructionLength:2> <instructions> <flags, x, y ...>
 * and keeps everything but the instructions (length set to 0); a
 * composite glyph (already renumbered in g) loses the instructions after
 * its last component and the WE_HAVE_INSTRUCTIONS flag. A glyph too short
 * for its own header is kept as it is.
 */
static void
add_unhinted(struct strbuf *glyf, uint8_t *g, size_t len)
{
	size_t at, il;
	uint16_t flags;
	int16_t nc = (int16_t)rd16(g);

	if (nc >= 0) {
		at = 10 + 2 * (size_t)nc;
		if (at + 2 > len || at + 2 + (il = rd16(g + at)) > len) {
			sb_addn(glyf, (const char *)g, len);
			return;
		}
		wr16(g + at, 0);
		sb_addn(glyf, (const char *)g, at + 2);
		sb_addn(glyf, (const char *)g + at + 2 + il, len - at - 2 - il);
		return;
	}
	at = 10;
	do {
		size_t need;
		if (at + 4 > len) {
			sb_addn(glyf, (const char *)g, len);
			return;
		}
		flags = rd16(g + at);
		need = 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
		if (flags & WE_HAVE_A_SCALE)
			need += 2;
		else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
			need += 4;
		else if (flags & WE_HAVE_A_TWO_BY_TWO)
			need += 8;
		if (at + need > len) {
			sb_addn(glyf, (const char *)g, len);
			return;
		}
		wr16(g + at, flags & ~WE_HAVE_INSTRUCTIONS);
		at += need;
	} while (flags & MORE_COMPONENTS);
	sb_addn(glyf, (const char *)g, at);
}

/*
 * glyf and loca. With TTF_SUBSET_PDF each glyph is padded to an even
 * length (a zero byte after a glyph's data is never read) so that loca
 * can be short - offset / 2 in 16 bits - while glyf stays under 128 KB:
 * half the size of the long form. *short_loca says which was written.
 */
static char *
build_glyf_loca(const struct subset *s, struct strbuf *glyf,
    struct strbuf *loca, int *short_loca)
{
	uint32_t *offs = xreallocarray(NULL, s->n + 1, sizeof *offs);
	int pad = (s->flags & TTF_SUBSET_PDF) != 0;
	size_t i;
	char *err = NULL;

	for (i = 0; i < s->n; i++) {
		const uint8_t *g;
		uint8_t *copy;
		size_t len;

		if (pad && glyf->len % 2 != 0)
			sb_addc(glyf, '\0');
		offs[i] = (uint32_t)glyf->len;
		if (ttf_glyph_data(s->t, s->glyphs[i], &g, &len) != 0) {
			err = xasprintf("glyf: glyph %u lies outside the "
			    "table", s->glyphs[i]);
			break;
		}
		if (len < 10) {
			if (len > 0)
				sb_addn(glyf, (const char *)g, len);
			continue;
		}
		copy = xmalloc(len);
		memcpy(copy, g, len);
		if ((int16_t)rd16(g) < 0) {
			struct remap r;
			r.s = s;
			r.out = copy;
			r.in = g;
			walk_components(g, len, remap_component, &r);
		}
		if (s->flags & TTF_SUBSET_NO_HINTS)
			add_unhinted(glyf, copy, len);
		else
			sb_addn(glyf, (const char *)copy, len);
		free(copy);
	}
	if (err != NULL) {
		free(offs);
		return err;
	}
	if (pad && glyf->len % 2 != 0)
		sb_addc(glyf, '\0');
	offs[s->n] = (uint32_t)glyf->len;
	*short_loca = pad && glyf->len / 2 <= 0xFFFF;
	for (i = 0; i <= s->n; i++) {
		if (*short_loca)
			put16(loca, offs[i] / 2);
		else
			put32(loca, offs[i]);
	}
	free(offs);
	return NULL;
}

static void
build_hmtx(const struct subset *s, struct strbuf *hmtx)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		put16(hmtx, (uint32_t)ttf_advance(s->t, s->glyphs[i]));
		put16(hmtx, (uint16_t)ttf_lsb(s->t, s->glyphs[i]));
	}
}

/*
 * The format-4 segments. libharu 2.3.0 looks each of the 65,536 BMP codes
 * up at HPDF_GetFont with a linear scan over the segments, so a cmap with
 * one segment per character (a name's kanji are never neighbours) costs
 * about 3.5 ms for 190 characters and 7 ms for 320. Codes at most
 * SUBSET_CMAP_GAP apart therefore share one segment that maps through
 * glyphIdArray (0 for the codes in between); a run of consecutive codes
 * with consecutive glyphs needs no array (idDelta alone). Measured with
 * libharu (load + GetFont): gap 0: 2.9-3.2 ms; 256: 1-2.5 ms; 1024:
 * about 1 ms, of which 0.6 ms is libharu's own 65,536-code loop. The
 * array costs 2 bytes per code spanned (mostly zeros; flate-compressed
 * in the PDF).
 */
struct cmap_seg {
	uint16_t start, end;
	uint16_t delta;
	size_t first, count;	/* map entries in the segment */
	int array;		/* maps through glyphIdArray */
};

static size_t
plan_segments(const struct subset *s, const struct ttf_subset_map *map,
    size_t n, unsigned gap, struct cmap_seg *seg, size_t *arraylen)
{
	size_t segs = 0, i;

	*arraylen = 0;
	for (i = 0; i < n; i++) {
		uint16_t g = new_id(s, map[i].gid);
		uint16_t d = (uint16_t)(g - map[i].code);
		struct cmap_seg *c = segs > 0 ? &seg[segs - 1] : NULL;

		if (c != NULL && (unsigned)(map[i].code - c->end - 1) <= gap) {
			if (!c->array && (map[i].code != c->end + 1 ||
			    d != c->delta))
				c->array = 1;
			c->end = map[i].code;
			c->count++;
			continue;
		}
		c = &seg[segs++];
		c->start = c->end = map[i].code;
		c->delta = d;
		c->first = i;
		c->count = 1;
		c->array = 0;
	}
	for (i = 0; i < segs; i++) {
		if (seg[i].array)
			*arraylen += (size_t)(seg[i].end - seg[i].start) + 1;
	}
	return segs;
}

/* map is sorted by code and free of duplicates. */
static void
build_cmap(const struct subset *s, const struct ttf_subset_map *map,
    size_t n, struct strbuf *cmap)
{
	struct cmap_seg *seg = xcalloc(n + 1, sizeof *seg);
	size_t segs, i, j, arraylen, at;
	unsigned gap = SUBSET_CMAP_GAP;
	uint32_t range = 1, sel = 0;
	uint16_t *array;

	/* Narrow the gap until the subtable fits its 16-bit length. */
	for (;;) {
		segs = plan_segments(s, map, n, gap, seg, &arraylen);
		if (16 + 8 * (segs + 1) + 2 * arraylen <= 0xFFFF || gap == 0)
			break;
		gap /= 2;
	}
	seg[segs].start = seg[segs].end = 0xFFFF;
	seg[segs].delta = 1;
	seg[segs].count = 0;
	seg[segs].array = 0;
	segs++;
	while (range * 2 <= segs) {
		range *= 2;
		sel++;
	}
	array = xcalloc(arraylen + 1, sizeof *array);

	put16(cmap, 0);			/* version */
	put16(cmap, 1);			/* numTables */
	put16(cmap, 3);			/* Windows */
	put16(cmap, 1);			/* Unicode BMP */
	put32(cmap, 12);		/* offset */
	put16(cmap, 4);			/* format */
	put16(cmap, (uint32_t)(16 + 8 * segs + 2 * arraylen));
	put16(cmap, 0);			/* language */
	put16(cmap, (uint32_t)(2 * segs));
	put16(cmap, 2 * range);
	put16(cmap, sel);
	put16(cmap, (uint32_t)(2 * segs - 2 * range));
	for (i = 0; i < segs; i++)
		put16(cmap, seg[i].end);
	put16(cmap, 0);			/* reservedPad */
	for (i = 0; i < segs; i++)
		put16(cmap, seg[i].start);
	for (i = 0; i < segs; i++)
		put16(cmap, seg[i].array ? 0 : seg[i].delta);
	/* idRangeOffset: bytes from this slot to the segment's first entry
	 * in glyphIdArray, which follows the last slot. */
	at = 0;
	for (i = 0; i < segs; i++) {
		if (!seg[i].array) {
			put16(cmap, 0);
			continue;
		}
		put16(cmap, (uint32_t)(2 * (segs - i) + 2 * at));
		for (j = 0; j < seg[i].count; j++) {
			const struct ttf_subset_map *m = &map[seg[i].first + j];
			array[at + (m->code - seg[i].start)] =
			    new_id(s, m->gid);
		}
		at += (size_t)(seg[i].end - seg[i].start) + 1;
	}
	for (i = 0; i < arraylen; i++)
		put16(cmap, array[i]);
	free(array);
	free(seg);
}

/*
 * The subset tag: six capital letters from an FNV-1a hash of the glyphs
 * kept and the codes mapped, so that different subsets of one font get
 * different PostScript names. This matters: HPDF_LoadTTFontFromFile
 * silently returns the font it already has when a second file in the
 * same document carries the same PostScript name, and the second
 * subset's glyphs would then be missing from the page.
 */
static void
subset_tag(const struct subset *s, const struct ttf_subset_map *map,
    size_t n, char tag[7])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;
	int k;

	for (i = 0; i < s->n; i++)
		h = (h ^ s->glyphs[i]) * 0x100000001b3ULL;
	for (i = 0; i < n; i++) {
		h = (h ^ map[i].code) * 0x100000001b3ULL;
		h = (h ^ map[i].gid) * 0x100000001b3ULL;
	}
	for (k = 0; k < 6; k++) {
		tag[k] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '+';
}

/* Copy the name records with ids 0-6, strings packed in record order;
 * the PostScript name (6) gets the subset tag in front. */
static char *
build_name(const struct ttf *t, const char tag[7], struct strbuf *out)
{
	const uint8_t *n;
	size_t len, i, kept = 0;
	uint16_t count, stroff;
	struct strbuf recs, strs;

	if ((n = ttf_table(t, "name", &len)) == NULL || len < 6)
		return xstrdup("name: table missing");
	count = rd16(n + 2);
	stroff = rd16(n + 4);
	sb_init(&recs);
	sb_init(&strs);
	for (i = 0; i < count && 6 + 12 * (i + 1) <= len; i++) {
		const uint8_t *r = n + 6 + 12 * i;
		uint16_t id = rd16(r + 6), l = rd16(r + 8);
		size_t off = (size_t)stroff + rd16(r + 10);
		if (id > 6 || off > len || l > len - off)
			continue;
		sb_addn(&recs, (const char *)r, 8);
		if (id == 6 && l <= 0xFFFF - 14) {
			uint16_t plat = rd16(r);
			int k;
			put16(&recs, (uint32_t)l + (plat == 1 ? 7 : 14));
			put16(&recs, (uint32_t)strs.len);
			for (k = 0; k < 7; k++) {
				if (plat != 1)
					sb_addc(&strs, '\0');
				sb_addc(&strs, tag[k]);
			}
		} else {
			put16(&recs, l);
			put16(&recs, (uint32_t)strs.len);
		}
		sb_addn(&strs, (const char *)n + off, l);
		kept++;
	}
	put16(out, 0);
	put16(out, (uint32_t)kept);
	put16(out, (uint32_t)(6 + 12 * kept));
	if (recs.len > 0)
		sb_addn(out, recs.s, recs.len);
	if (strs.len > 0)
		sb_addn(out, strs.s, strs.len);
	sb_free(&recs);
	sb_free(&strs);
	return NULL;
}

/* A copy of a table that must be there and at least min bytes long. */
static char *
copy_table(const struct ttf *t, const char *tag, size_t min,
    struct strbuf *out)
{
	const uint8_t *p;
	size_t len;

	if ((p = ttf_table(t, tag, &len)) == NULL)
		return xasprintf("%s: table missing", tag);
	if (len < min)
		return xasprintf("%s: table too short", tag);
	sb_addn(out, (const char *)p, len);
	return NULL;
}

static uint32_t
checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4)
		sum += rd32(p + i);
	if (i < len) {
		uint8_t last[4] = { 0, 0, 0, 0 };
		memcpy(last, p + i, len - i);
		sum += rd32(last);
	}
	return sum;
}

enum {
	T_OS2, T_CMAP, T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX,
	T_LOCA, T_MAXP, T_NAME, T_POST, T_PREP, T_COUNT
};
static const char *const tags[T_COUNT] = {
	"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx",
	"loca", "maxp", "name", "post", "prep"
};

/* Build every table into tb[]; a table left empty is not written. */
static char *
build_tables(const struct subset *s, const struct ttf_subset_map *map,
    size_t n, struct strbuf *tb)
{
	static const char zero[16];
	const struct ttf *t = s->t;
	int pdf = (s->flags & TTF_SUBSET_PDF) != 0, short_loca = 0;
	char tag[7];
	const uint8_t *p;
	size_t len;
	char *err;

	if (!pdf) {
		if ((err = copy_table(t, "OS/2", 68, &tb[T_OS2])) != NULL)
			return err;
		if (n > 0) {
			wr16((uint8_t *)tb[T_OS2].s + 64, map[0].code);
			wr16((uint8_t *)tb[T_OS2].s + 66, map[n - 1].code);
		}
		build_cmap(s, map, n, &tb[T_CMAP]);
	}
	if (!(s->flags & TTF_SUBSET_NO_HINTS)) {
		if ((p = ttf_table(t, "cvt ", &len)) != NULL && len > 0)
			sb_addn(&tb[T_CVT], (const char *)p, len);
		if ((p = ttf_table(t, "fpgm", &len)) != NULL && len > 0)
			sb_addn(&tb[T_FPGM], (const char *)p, len);
		if ((p = ttf_table(t, "prep", &len)) != NULL && len > 0)
			sb_addn(&tb[T_PREP], (const char *)p, len);
	}
	if ((err = build_glyf_loca(s, &tb[T_GLYF], &tb[T_LOCA],
	    &short_loca)) != NULL)
		return err;
	if ((err = copy_table(t, "head", 54, &tb[T_HEAD])) != NULL)
		return err;
	tb[T_HEAD].len = 54;		/* later versions add nothing we keep */
	wr32((uint8_t *)tb[T_HEAD].s + 8, 0);
	wr16((uint8_t *)tb[T_HEAD].s + 50, short_loca ? 0 : 1);
	if ((err = copy_table(t, "hhea", 36, &tb[T_HHEA])) != NULL)
		return err;
	tb[T_HHEA].len = 36;
	wr16((uint8_t *)tb[T_HHEA].s + 34, (uint32_t)s->n);
	build_hmtx(s, &tb[T_HMTX]);
	if ((err = copy_table(t, "maxp", 6, &tb[T_MAXP])) != NULL)
		return err;
	wr16((uint8_t *)tb[T_MAXP].s + 4, (uint32_t)s->n);
	if (pdf)
		return NULL;
	subset_tag(s, map, n, tag);
	if ((err = build_name(t, tag, &tb[T_NAME])) != NULL)
		return err;
	/* post format 3: version, italicAngle, underline position and
	 * thickness, isFixedPitch, then four memory hints (zero). */
	if ((p = ttf_table(t, "post", &len)) != NULL && len >= 16)
		sb_addn(&tb[T_POST], (const char *)p, 16);
	else
		sb_addn(&tb[T_POST], zero, 16);
	sb_addn(&tb[T_POST], zero, 16);
	wr32((uint8_t *)tb[T_POST].s, 0x00030000);
	return NULL;
}

/* Lay the tables out behind the directory and fix the head checksum. */
/* Is table i written? An empty table is left out, except glyf: a font
 * whose every kept glyph is empty (spaces only) still needs its glyf, or
 * no reader will take it. */
static int
table_written(const struct strbuf *tb, size_t i)
{
	return tb[i].len > 0 || i == T_GLYF;
}

static void
assemble(struct strbuf *tb, char **out, size_t *outlen)
{
	static const char zero[4];
	struct strbuf f;
	size_t ntab = 0, i, at, headoff = 0;
	uint32_t range = 1, sel = 0;
	uint8_t *dir;

	for (i = 0; i < T_COUNT; i++)
		if (table_written(tb, i))
			ntab++;
	while (range * 2 <= ntab) {
		range *= 2;
		sel++;
	}
	sb_init(&f);
	put32(&f, 0x00010000);
	put16(&f, (uint32_t)ntab);
	put16(&f, 16 * range);
	put16(&f, sel);
	put16(&f, (uint32_t)(16 * ntab - 16 * range));
	at = f.len;
	for (i = 0; i < 16 * ntab; i++)
		sb_addc(&f, 0);
	for (i = 0; i < T_COUNT; i++) {
		uint8_t *rec;
		if (!table_written(tb, i))
			continue;
		rec = (uint8_t *)f.s + at;
		memcpy(rec, tags[i], 4);
		wr32(rec + 4, checksum((const uint8_t *)tb[i].s, tb[i].len));
		wr32(rec + 8, (uint32_t)f.len);
		wr32(rec + 12, (uint32_t)tb[i].len);
		if (i == T_HEAD)
			headoff = f.len;
		if (tb[i].len > 0)
			sb_addn(&f, tb[i].s, tb[i].len);
		sb_addn(&f, zero, (4 - tb[i].len % 4) % 4);
		at += 16;
	}
	dir = (uint8_t *)f.s;
	wr32(dir + headoff + 8,
	    0xB1B0AFBA - checksum((const uint8_t *)f.s, f.len));
	*outlen = f.len;
	*out = sb_detach(&f);
}

/*
 * Add the components of composite glyphs to the set (the list grows as
 * they are found, so components of components come too), then sort it:
 * the position in the sorted list is the glyph's new id.
 */
static char *
gather(struct subset *s)
{
	size_t done;

	for (done = 0; done < s->n; done++) {
		const uint8_t *g;
		size_t len;
		uint16_t gid = s->glyphs[done];

		if (ttf_glyph_data(s->t, gid, &g, &len) != 0)
			return xasprintf("glyf: glyph %u lies outside the "
			    "table", gid);
		if (walk_components(g, len, collect_component, s) != 0)
			return xasprintf("glyf: glyph %u: bad composite glyph",
			    gid);
	}
	if (s->n > 0xFFFF)
		return xstrdup("subset: too many glyphs");
	qsort(s->glyphs, s->n, sizeof *s->glyphs, cmp_u16);
	return NULL;
}

int
ttf_subset_glyph_ids(const struct ttf *t, const uint16_t *gids, size_t n,
    uint16_t *newids, size_t *nglyphs, char **cause)
{
	struct subset s;
	size_t i;
	char *err = NULL;

	memset(&s, 0, sizeof s);
	s.t = t;
	s.seen = xcalloc((size_t)ttf_num_glyphs(t) / 8 + 1, 1);
	add_glyph(&s, 0);
	for (i = 0; i < n && err == NULL; i++) {
		if (gids[i] >= ttf_num_glyphs(t))
			err = xasprintf("subset: glyph %u out of range",
			    gids[i]);
		else
			add_glyph(&s, gids[i]);
	}
	if (err == NULL)
		err = gather(&s);
	if (err == NULL) {
		for (i = 0; i < n; i++)
			newids[i] = new_id(&s, gids[i]);
		if (nglyphs != NULL)
			*nglyphs = s.n;
	}
	free(s.glyphs);
	free(s.seen);
	if (err != NULL) {
		*cause = xasprintf("%s: %s", ttf_path(t), err);
		free(err);
		return -1;
	}
	return 0;
}

int
ttf_subset(const struct ttf *t, const struct ttf_subset_map *map,
    size_t n, char **out, size_t *outlen, char **cause)
{
	return ttf_subset_flags(t, map, n, 0, out, outlen, cause);
}

int
ttf_subset_flags(const struct ttf *t, const struct ttf_subset_map *map_in,
    size_t n, int flags, char **out, size_t *outlen, char **cause)
{
	struct subset s;
	struct ttf_subset_map *map;
	struct strbuf tb[T_COUNT];
	size_t i, m = 0;
	char *err = NULL;

	*out = NULL;
	*outlen = 0;
	if (n > SUBSET_MAX_CODES) {
		*cause = xasprintf("%s: subset of %zu characters: at most %d",
		    ttf_path(t), n, SUBSET_MAX_CODES);
		return -1;
	}
	/* Sort by code; drop exact repeats, refuse a code given two glyphs. */
	map = xcalloc(n + 1, sizeof *map);
	if (n > 0)
		memcpy(map, map_in, n * sizeof *map);
	qsort(map, n, sizeof *map, cmp_map_code);
	for (i = 0; i < n; i++) {
		if (map[i].code == 0xFFFF || map[i].gid >= ttf_num_glyphs(t)) {
			*cause = xasprintf("%s: subset: code U+%04X or glyph "
			    "%u out of range", ttf_path(t), map[i].code,
			    map[i].gid);
			free(map);
			return -1;
		}
		if (m > 0 && map[m - 1].code == map[i].code) {
			if (map[m - 1].gid == map[i].gid)
				continue;
			*cause = xasprintf("%s: subset: code U+%04X mapped to "
			    "glyphs %u and %u", ttf_path(t), map[i].code,
			    map[m - 1].gid, map[i].gid);
			free(map);
			return -1;
		}
		map[m++] = map[i];
	}
	n = m;

	memset(&s, 0, sizeof s);
	s.t = t;
	s.flags = flags;
	s.seen = xcalloc((size_t)ttf_num_glyphs(t) / 8 + 1, 1);
	add_glyph(&s, 0);
	for (i = 0; i < n; i++)
		add_glyph(&s, map[i].gid);
	err = gather(&s);
	if (err == NULL) {
		for (i = 0; i < T_COUNT; i++)
			sb_init(&tb[i]);
		err = build_tables(&s, map, n, tb);
		if (err == NULL)
			assemble(tb, out, outlen);
		for (i = 0; i < T_COUNT; i++)
			sb_free(&tb[i]);
	}
	free(s.glyphs);
	free(s.seen);
	free(map);
	if (err != NULL) {
		*cause = xasprintf("%s: %s", ttf_path(t), err);
		free(err);
		return -1;
	}
	return 0;
}
