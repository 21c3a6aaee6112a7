/*
 * ttf.c - a TrueType reader: just enough of the sfnt format to answer
 * "which glyph does this font draw for this character (and variation
 * selector)?", how wide it is, and to hand raw tables and glyph outlines
 * to ttf-subset.c.
 *
 * The file is mapped read-only and read in place; opening it reads only
 * the table directory, head, hhea, maxp and name and checks the sizes of
 * the others, so a 46 MB font opens in microseconds. Lookups are binary
 * searches in the mapped cmap subtables. Every offset read from the file
 * is checked against the table it lies in before it is followed: a
 * truncated or garbage file is refused with a message naming the table
 * (or, for damage found later in one glyph, treated as "no glyph").
 *
 * All numbers in the file are big-endian. The parts read here:
 *
 *   file:  <sfntVersion:4> <numTables:2> <searchRange:2> <entrySelector:2>
 *          <rangeShift:2> then numTables records of
 *          <tag:4> <checkSum:4> <offset:4> <length:4>
 *          sfntVersion is 00 01 00 00 (or "true") for TrueType outlines;
 *          "OTTO" (CFF outlines) and "ttcf" (collections) are refused.
 *
 *   head:  ... <unitsPerEm:2 @18> ... <indexToLocFormat:2 @50>  (54 bytes,
 *          magicNumber 5F0F3CF5 @12)
 *   hhea:  ... <ascender:2 @4> <descender:2 @6> ...
 *          <numberOfHMetrics:2 @34>  (36 bytes)
 *   maxp:  <version:4> <numGlyphs:2 @4> ...
 *   hmtx:  numberOfHMetrics x <advanceWidth:2> <lsb:2>, then
 *          (numGlyphs - numberOfHMetrics) x <lsb:2>; glyphs past the
 *          long records share the last advance.
 *   loca:  (numGlyphs + 1) offsets into glyf, uint16 (value / 2) when
 *          indexToLocFormat is 0, else uint32. Glyph i is
 *          glyf[loca[i] .. loca[i+1]); an empty range is an empty glyph.
 *
 *   cmap:  <version:2> <numTables:2> then numTables x
 *          <platformID:2> <encodingID:2> <offset:4>  (offset from cmap)
 *     format 4 (BMP):
 *          <format:2=4> <length:2> <language:2> <segCountX2:2>
 *          <searchRange:2> <entrySelector:2> <rangeShift:2>
 *          <endCode[segCount]:2> <pad:2> <startCode[segCount]:2>
 *          <idDelta[segCount]:2> <idRangeOffset[segCount]:2>
 *          <glyphIdArray:2 ...>
 *          endCode is sorted; idRangeOffset, when not 0, is a byte offset
 *          from its own slot into glyphIdArray.
 *     format 12 (all planes):
 *          <format:2=12> <reserved:2> <length:4> <language:4>
 *          <numGroups:4> then numGroups x
 *          <startCharCode:4> <endCharCode:4> <startGlyphID:4>  (sorted)
 *     format 14 (variation sequences, platform 0 encoding 5):
 *          <format:2=14> <length:4> <numVarSelectorRecords:4> then
 *          records x <varSelector:3> <defaultUVSOffset:4>
 *          <nonDefaultUVSOffset:4>  (sorted; offsets from the subtable)
 *          default UVS:     <count:4> then count x
 *                           <startUnicodeValue:3> <additionalCount:1>
 *          non-default UVS: <count:4> then count x
 *                           <unicodeValue:3> <glyphID:2>
 *          A default sequence draws the base character's own glyph.
 *
 *   name:  <format:2> <count:2> <stringOffset:2> then count x
 *          <platformID:2> <encodingID:2> <languageID:2> <nameID:2>
 *          <length:2> <offset:2>; strings are UTF-16BE for platforms 0
 *          and 3, single bytes (Mac Roman; ASCII here) for platform 1.
 *
 * Limits: TrueType outlines only; the first font of a file; glyph ids are
 * 16-bit as in the format.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font/font.h"

struct ttf_span {
	uint32_t off;		/* from the start of the file */
	uint32_t len;		/* 0 with off 0: the table is absent */
};

struct ttf {
	char *path;
	const uint8_t *data;	/* the mapped file */
	size_t size;
	int mapped;		/* data is ours to munmap */

	uint16_t ntables;
	const uint8_t *dir;	/* the table records */

	struct ttf_span glyf, loca, hmtx;

	int upem;
	int ascent, descent;
	int loca_long;
	uint16_t num_glyphs;
	uint16_t num_hmetrics;

	/* Chosen cmap subtables (offset from the file start, 0 if none) and
	 * the bytes each may use. */
	uint32_t cmap4, cmap4_len;
	uint32_t cmap12, cmap12_len;
	uint32_t cmap14, cmap14_len;

	char *display_name;
	char *ps_name;
};

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Does [off, off+len) lie inside a buffer of size bytes? */
static int
fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static struct ttf_span
find_span(const struct ttf *t, const char *tag)
{
	struct ttf_span s = { 0, 0 };
	uint16_t i;

	for (i = 0; i < t->ntables; i++) {
		const uint8_t *r = t->dir + 16 * (size_t)i;
		if (memcmp(r, tag, 4) == 0) {
			s.off = rd32(r + 8);
			s.len = rd32(r + 12);
			return s;
		}
	}
	return s;
}

const uint8_t *
ttf_table(const struct ttf *t, const char *tag, size_t *len)
{
	uint16_t i;

	for (i = 0; i < t->ntables; i++) {
		const uint8_t *r = t->dir + 16 * (size_t)i;
		if (memcmp(r, tag, 4) == 0) {
			*len = rd32(r + 12);
			return t->data + rd32(r + 8);
		}
	}
	*len = 0;
	return NULL;
}

/* UTF-16BE (or single-byte for platform 1) name string to UTF-8. */
static char *
name_string(const uint8_t *p, size_t len, int platform)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	if (platform == 1) {
		for (i = 0; i < len; i++)
			sb_add_utf8(&sb, p[i] < 0x80 ? p[i] : 0xFFFD);
		return sb_detach(&sb);
	}
	for (i = 0; i + 1 < len; i += 2) {
		uint32_t c = rd16(p + i);
		if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
			uint32_t lo = rd16(p + i + 2);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) +
				    (lo - 0xDC00);
				i += 2;
			} else
				c = 0xFFFD;
		} else if (c >= 0xD800 && c <= 0xDFFF)
			c = 0xFFFD;
		if (c != 0)
			sb_add_utf8(&sb, c);
	}
	return sb_detach(&sb);
}

/*
 * Pick the display name (family, Japanese first) and the PostScript name.
 * Preference, best first, scored so one pass suffices: typographic family
 * (16) or family (1) in Japanese on platform 3, then in English on
 * platform 3, then platform 1.
 */
static char *
parse_name(struct ttf *t, struct ttf_span s)
{
	const uint8_t *n = t->data + s.off;
	uint16_t count, stroff, i;
	int best = 0, best_ps = 0;
	const uint8_t *bp = NULL, *bps = NULL;
	size_t blen = 0, bpslen = 0;
	int bplat = 3, bpsplat = 3;

	if (s.len < 6)
		return xstrdup("name: table too short");
	count = rd16(n + 2);
	stroff = rd16(n + 4);
	if (!fits(6, 12 * (uint64_t)count, s.len))
		return xstrdup("name: records run past the end of the table");
	for (i = 0; i < count; i++) {
		const uint8_t *r = n + 6 + 12 * (size_t)i;
		uint16_t plat = rd16(r), enc = rd16(r + 2), lang = rd16(r + 4);
		uint16_t id = rd16(r + 6), len = rd16(r + 8);
		uint32_t off = (uint32_t)stroff + rd16(r + 10);
		int score = 0;

		if (!fits(off, len, s.len))
			return xasprintf("name: string %u runs past the end "
			    "of the table", i);
		if (plat == 3 && (enc == 1 || enc == 10)) {
			if (id == 1 || id == 16)
				score = (lang == 0x411 ? 40 : lang == 0x409 ?
				    20 : 10) + (id == 1 ? 1 : 0);
		} else if (plat == 0) {
			if (id == 1)
				score = 8;
		} else if (plat == 1 && enc == 0) {
			if (id == 1)
				score = 5;
		}
		/* Prefer name 1 over 16 only within a language: they
		 * differ for weights ("BIZ UDMincho Medium"). */
		if (score > best) {
			best = score;
			bp = n + off;
			blen = len;
			bplat = plat;
		}
		if (id == 6 && (plat == 3 || plat == 1 || plat == 0)) {
			int sc = plat == 3 ? 3 : plat == 1 ? 2 : 1;
			if (sc > best_ps) {
				best_ps = sc;
				bps = n + off;
				bpslen = len;
				bpsplat = plat;
			}
		}
	}
	if (bps == NULL)
		return xstrdup("name: no PostScript name (name id 6)");
	t->ps_name = name_string(bps, bpslen, bpsplat);
	if (bp != NULL)
		t->display_name = name_string(bp, blen, bplat);
	else
		t->display_name = xstrdup(t->ps_name);
	if (*t->ps_name == '\0')
		return xstrdup("name: empty PostScript name");
	return NULL;
}

/* Check one cmap subtable's header and remember it if it is one we use. */
static char *
parse_cmap_subtable(struct ttf *t, struct ttf_span s, uint16_t idx,
    uint16_t plat, uint16_t enc, uint32_t off)
{
	const uint8_t *p;
	uint16_t format;
	uint32_t len, abs;

	if (!fits(off, 4, s.len))
		return xasprintf("cmap: subtable %u starts past the end of "
		    "the table", idx);
	abs = s.off + off;
	p = t->data + abs;
	format = rd16(p);
	if (format == 4 && (plat == 3 || plat == 0) && enc != 5) {
		uint16_t segx2;
		len = rd16(p + 2);
		if (len < 14 || !fits(off, len, s.len))
			return xasprintf("cmap: format 4 subtable %u runs "
			    "past the end of the table", idx);
		segx2 = rd16(p + 6);
		if (segx2 == 0 || segx2 % 2 != 0 ||
		    16 + 4 * (uint32_t)segx2 > len)
			return xasprintf("cmap: format 4 subtable %u: bad "
			    "segment count", idx);
		if (t->cmap4 == 0 || plat == 3) {
			t->cmap4 = abs;
			t->cmap4_len = len;
		}
	} else if (format == 12 && (plat == 3 || plat == 0)) {
		uint32_t ngroups;
		if (!fits(off, 16, s.len))
			return xasprintf("cmap: format 12 subtable %u runs "
			    "past the end of the table", idx);
		len = rd32(p + 4);
		ngroups = rd32(p + 12);
		if (len < 16 || !fits(off, len, s.len) ||
		    (uint64_t)ngroups * 12 > len - 16)
			return xasprintf("cmap: format 12 subtable %u runs "
			    "past the end of the table", idx);
		t->cmap12 = abs;
		t->cmap12_len = len;
	} else if (format == 14 && plat == 0 && enc == 5) {
		uint32_t nrec;
		if (!fits(off, 10, s.len))
			return xasprintf("cmap: format 14 subtable %u runs "
			    "past the end of the table", idx);
		len = rd32(p + 2);
		nrec = rd32(p + 6);
		if (len < 10 || !fits(off, len, s.len) ||
		    (uint64_t)nrec * 11 > len - 10)
			return xasprintf("cmap: format 14 subtable %u runs "
			    "past the end of the table", idx);
		t->cmap14 = abs;
		t->cmap14_len = len;
	}
	return NULL;
}

static char *
parse_cmap(struct ttf *t, struct ttf_span s)
{
	const uint8_t *c = t->data + s.off;
	uint16_t n, i;
	char *err;

	if (s.len < 4)
		return xstrdup("cmap: table too short");
	n = rd16(c + 2);
	if (!fits(4, 8 * (uint64_t)n, s.len))
		return xstrdup("cmap: encoding records run past the end of "
		    "the table");
	for (i = 0; i < n; i++) {
		const uint8_t *r = c + 4 + 8 * (size_t)i;
		err = parse_cmap_subtable(t, s, i, rd16(r), rd16(r + 2),
		    rd32(r + 4));
		if (err != NULL)
			return err;
	}
	if (t->cmap4 == 0 && t->cmap12 == 0)
		return xstrdup("cmap: no Unicode subtable (format 4 or 12)");
	return NULL;
}

/* A table tag for messages; bytes that are not printable ASCII as '?'. */
static const char *
tag_name(const uint8_t *p, char buf[5])
{
	int i;

	for (i = 0; i < 4; i++)
		buf[i] = p[i] >= 0x20 && p[i] < 0x7F ? (char)p[i] : '?';
	buf[4] = '\0';
	return buf;
}

/* The checks done at open; returns an error message or NULL. */
static char *
parse(struct ttf *t)
{
	struct ttf_span head, hhea, maxp, cmap, name;
	uint32_t version;
	uint16_t i, fmt;
	uint64_t need;
	char *err, tag[5];

	if (t->size < 12)
		return xstrdup("not a TrueType font (file too short)");
	version = rd32(t->data);
	if (version == 0x4F54544F)	/* "OTTO" */
		return xstrdup("an OpenType/CFF font; only TrueType outlines "
		    "(.ttf) can be used");
	if (version == 0x74746366)	/* "ttcf" */
		return xstrdup("a font collection (.ttc); use a single .ttf");
	if (version != 0x00010000 && version != 0x74727565)
		return xstrdup("not a TrueType font");
	t->ntables = rd16(t->data + 4);
	if (!fits(12, 16 * (uint64_t)t->ntables, t->size))
		return xstrdup("table directory runs past the end of the "
		    "file");
	t->dir = t->data + 12;
	for (i = 0; i < t->ntables; i++) {
		const uint8_t *r = t->dir + 16 * (size_t)i;
		if (!fits(rd32(r + 8), rd32(r + 12), t->size))
			return xasprintf("%s: table runs past the end of "
			    "the file", tag_name(r, tag));
	}

	head = find_span(t, "head");
	if (head.len < 54)
		return xstrdup(head.off == 0 ? "head: table missing" :
		    "head: table too short");
	if (rd32(t->data + head.off + 12) != 0x5F0F3CF5)
		return xstrdup("head: bad magic number");
	t->upem = rd16(t->data + head.off + 18);
	if (t->upem < 16 || t->upem > 16384)
		return xasprintf("head: unitsPerEm %d out of range", t->upem);
	fmt = rd16(t->data + head.off + 50);
	if (fmt > 1)
		return xasprintf("head: indexToLocFormat %u unknown", fmt);
	t->loca_long = fmt == 1;

	maxp = find_span(t, "maxp");
	if (maxp.len < 6)
		return xstrdup(maxp.off == 0 ? "maxp: table missing" :
		    "maxp: table too short");
	t->num_glyphs = rd16(t->data + maxp.off + 4);
	if (t->num_glyphs == 0)
		return xstrdup("maxp: no glyphs");

	hhea = find_span(t, "hhea");
	if (hhea.len < 36)
		return xstrdup(hhea.off == 0 ? "hhea: table missing" :
		    "hhea: table too short");
	t->ascent = (int16_t)rd16(t->data + hhea.off + 4);
	t->descent = (int16_t)rd16(t->data + hhea.off + 6);
	t->num_hmetrics = rd16(t->data + hhea.off + 34);
	if (t->num_hmetrics == 0 || t->num_hmetrics > t->num_glyphs)
		return xasprintf("hhea: numberOfHMetrics %u out of range",
		    t->num_hmetrics);

	t->hmtx = find_span(t, "hmtx");
	need = 4 * (uint64_t)t->num_hmetrics +
	    2 * (uint64_t)(t->num_glyphs - t->num_hmetrics);
	if (t->hmtx.off == 0)
		return xstrdup("hmtx: table missing");
	if (t->hmtx.len < need)
		return xstrdup("hmtx: table too short for the glyph count");

	t->glyf = find_span(t, "glyf");
	if (t->glyf.off == 0)
		return xstrdup("glyf: table missing (not TrueType outlines)");
	t->loca = find_span(t, "loca");
	if (t->loca.off == 0)
		return xstrdup("loca: table missing");
	if (t->loca.len < ((uint64_t)t->num_glyphs + 1) * (t->loca_long ? 4 : 2))
		return xstrdup("loca: table too short for the glyph count");

	cmap = find_span(t, "cmap");
	if (cmap.off == 0)
		return xstrdup("cmap: table missing");
	if ((err = parse_cmap(t, cmap)) != NULL)
		return err;

	name = find_span(t, "name");
	if (name.off == 0)
		return xstrdup("name: table missing");
	return parse_name(t, name);
}

static struct ttf *
open_data(const char *path, const void *data, size_t size, int mapped,
    char **cause)
{
	struct ttf *t;
	char *err;

	t = xcalloc(1, sizeof *t);
	t->path = xstrdup(path);
	t->data = data;
	t->size = size;
	t->mapped = mapped;
	if ((err = parse(t)) != NULL) {
		*cause = xasprintf("%s: %s", path, err);
		free(err);
		ttf_close(t);
		return NULL;
	}
	return t;
}

struct ttf *
ttf_open(const char *path, char **cause)
{
	struct stat st;
	void *map;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size < 12 || (uint64_t)st.st_size > UINT32_MAX) {
		*cause = xasprintf("%s: not a TrueType font (%s)", path,
		    st.st_size < 12 ? "file too short" : "file too large");
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	return open_data(path, map, (size_t)st.st_size, 1, cause);
}

struct ttf *
ttf_open_mem(const void *data, size_t len, const char *name, char **cause)
{
	if (len < 12 || (uint64_t)len > UINT32_MAX) {
		*cause = xasprintf("%s: not a TrueType font (%s)", name,
		    len < 12 ? "too short" : "too large");
		return NULL;
	}
	return open_data(name, data, len, 0, cause);
}

void
ttf_close(struct ttf *t)
{
	if (t == NULL)
		return;
	if (t->mapped)
		munmap((void *)t->data, t->size);
	free(t->path);
	free(t->display_name);
	free(t->ps_name);
	free(t);
}

const char *
ttf_path(const struct ttf *t)
{
	return t->path;
}

const char *
ttf_display_name(const struct ttf *t)
{
	return t->display_name;
}

const char *
ttf_postscript_name(const struct ttf *t)
{
	return t->ps_name;
}

/* Format 4: binary search for the first segment whose endCode >= cp. */
static uint16_t
cmap4_lookup(const struct ttf *t, uint32_t cp)
{
	const uint8_t *p = t->data + t->cmap4;
	uint32_t segs = rd16(p + 6) / 2, lo = 0, hi, seg;
	const uint8_t *ends = p + 14, *starts = p + 16 + 2 * segs;
	const uint8_t *deltas = starts + 2 * segs, *ranges = deltas + 2 * segs;
	uint16_t start, delta, ro, g;
	uint64_t at;

	if (cp > 0xFFFF)
		return 0;
	hi = segs;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (rd16(ends + 2 * mid) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == segs)
		return 0;
	seg = lo;
	start = rd16(starts + 2 * seg);
	if (cp < start)
		return 0;
	delta = rd16(deltas + 2 * seg);
	ro = rd16(ranges + 2 * seg);
	if (ro == 0)
		return (uint16_t)(cp + delta);
	/* Byte offset from the idRangeOffset slot itself. */
	at = (uint64_t)(ranges + 2 * seg - p) + ro + 2 * (uint64_t)(cp - start);
	if (!fits(at, 2, t->cmap4_len))
		return 0;
	g = rd16(p + at);
	return g == 0 ? 0 : (uint16_t)(g + delta);
}

static uint32_t
cmap12_lookup(const struct ttf *t, uint32_t cp)
{
	const uint8_t *p = t->data + t->cmap12;
	uint32_t n = rd32(p + 12), lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const uint8_t *g = p + 16 + 12 * (size_t)mid;
		if (rd32(g + 4) < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n)
		return 0;
	p += 16 + 12 * (size_t)lo;
	if (cp < rd32(p) || cp > rd32(p + 4))
		return 0;
	return rd32(p + 8) + (cp - rd32(p));
}

uint16_t
ttf_glyph(const struct ttf *t, uint32_t cp)
{
	uint32_t g;

	if (t->cmap12 != 0)
		g = cmap12_lookup(t, cp);
	else
		g = cmap4_lookup(t, cp);
	return g < t->num_glyphs ? (uint16_t)g : 0;
}

/*
 * Binary search in an array of n records of size bytes whose first three
 * bytes are a sorted uint24 key; the index of the last record with key <=
 * want, or -1.
 */
static int64_t
search24(const uint8_t *base, uint32_t n, size_t size, uint32_t want)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (rd24(base + size * mid) <= want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int64_t)lo - 1;
}

uint16_t
ttf_glyph_vs(const struct ttf *t, uint32_t cp, uint32_t vs)
{
	const uint8_t *p = t->data + t->cmap14, *r;
	uint32_t nrec, doff, ndoff, n;
	int64_t i;

	if (vs == 0)
		return ttf_glyph(t, cp);
	if (t->cmap14 == 0)
		return 0;
	nrec = rd32(p + 6);
	i = search24(p + 10, nrec, 11, vs);
	if (i < 0 || rd24(p + 10 + 11 * i) != vs)
		return 0;
	r = p + 10 + 11 * i;
	doff = rd32(r + 3);
	ndoff = rd32(r + 7);

	if (ndoff != 0 && fits(ndoff, 4, t->cmap14_len)) {
		n = rd32(p + ndoff);
		if (fits(ndoff + 4, 5 * (uint64_t)n, t->cmap14_len)) {
			i = search24(p + ndoff + 4, n, 5, cp);
			if (i >= 0 && rd24(p + ndoff + 4 + 5 * i) == cp) {
				uint16_t g = rd16(p + ndoff + 4 + 5 * i + 3);
				return g < t->num_glyphs ? g : 0;
			}
		}
	}
	if (doff != 0 && fits(doff, 4, t->cmap14_len)) {
		n = rd32(p + doff);
		if (fits(doff + 4, 4 * (uint64_t)n, t->cmap14_len)) {
			i = search24(p + doff + 4, n, 4, cp);
			if (i >= 0) {
				const uint8_t *e = p + doff + 4 + 4 * i;
				if (cp <= rd24(e) + e[3])
					return ttf_glyph(t, cp);
			}
		}
	}
	return 0;
}

int
ttf_advance(const struct ttf *t, uint16_t gid)
{
	const uint8_t *h = t->data + t->hmtx.off;

	if (gid >= t->num_glyphs)
		return 0;
	if (gid >= t->num_hmetrics)
		gid = t->num_hmetrics - 1;
	return rd16(h + 4 * (size_t)gid);
}

int
ttf_lsb(const struct ttf *t, uint16_t gid)
{
	const uint8_t *h = t->data + t->hmtx.off;

	if (gid >= t->num_glyphs)
		return 0;
	if (gid < t->num_hmetrics)
		return (int16_t)rd16(h + 4 * (size_t)gid + 2);
	return (int16_t)rd16(h + 4 * (size_t)t->num_hmetrics +
	    2 * (size_t)(gid - t->num_hmetrics));
}

int
ttf_glyph_data(const struct ttf *t, uint16_t gid, const uint8_t **data,
    size_t *len)
{
	const uint8_t *l = t->data + t->loca.off;
	uint32_t a, b;

	*data = NULL;
	*len = 0;
	if (gid >= t->num_glyphs)
		return -1;
	if (t->loca_long) {
		a = rd32(l + 4 * (size_t)gid);
		b = rd32(l + 4 * (size_t)gid + 4);
	} else {
		a = 2 * (uint32_t)rd16(l + 2 * (size_t)gid);
		b = 2 * (uint32_t)rd16(l + 2 * (size_t)gid + 2);
	}
	if (a > b || b > t->glyf.len)
		return -1;
	*data = t->data + t->glyf.off + a;
	*len = b - a;
	return 0;
}

int
ttf_units_per_em(const struct ttf *t)
{
	return t->upem;
}

int
ttf_ascent(const struct ttf *t)
{
	return t->ascent;
}

int
ttf_descent(const struct ttf *t)
{
	return t->descent <= 0 ? t->descent : -t->descent;
}

uint16_t
ttf_num_glyphs(const struct ttf *t)
{
	return t->num_glyphs;
}
