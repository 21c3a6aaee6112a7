/*
 * pdf.c - drawing a display list as PDF with libharu 2.3.0.
 *
 * Layout has decided everything: pdf_write() only draws. libharu writes
 * the document - pages, graphics, objects, cross-reference table - but
 * the fonts are built here, as libharu objects, because what
 * HPDF_GetFont does with a TrueType font costs more than everything else
 * together and still gets it wrong (domain.md §7):
 *   - it looks up all 65,536 BMP codes in the font's cmap, each by a
 *     linear scan of its segments, zeroes a 128 KB table byte by byte,
 *     and writes and compresses a 128 KB CIDToGIDMap, for every font of
 *     every document;
 *   - it reads the font back and rewrites it at save time, through
 *     byte-by-byte copies, before compressing it;
 *   - it writes a malformed ToUnicode CMap, and cannot address characters
 *     above U+FFFF or variation sequences at all.
 *
 * So for each face the document uses: collect the distinct (code point,
 * selector, glyph) triples; build a TrueType subset holding exactly those
 * glyphs (ttf_subset_flags, TTF_SUBSET_PDF: only the tables a CIDFont
 * needs); give each triple a 2-byte code (the CID, Identity-H) equal to
 * its glyph's id in the subset, so that the CIDToGIDMap is /Identity -
 * only a second character drawn with the same glyph (一 and 一+U+E0100,
 * a default sequence: one glyph for both) gets a code past the last
 * glyph, and then a CIDToGIDMap stream is written; compress the font
 * program here (zlib, see ZLEVEL); and write the five objects of a
 * Type0 font:
 *
 *   Type0       /BaseFont /ABCDEF+PSName /Encoding /Identity-H
 *               /DescendantFonts [CIDFontType2] /ToUnicode stream
 *   CIDFontType2  /CIDSystemInfo (Adobe, Identity, 0) /DW /W
 *               /CIDToGIDMap /Identity (or a stream) /FontDescriptor
 *   FontDescriptor  Ascent, Descent, Flags, FontBBox as libharu computed
 *               them (head, hhea, OS/2 sFamilyClass), /FontFile2
 *   FontFile2   the subset, FlateDecode, /Length1
 *   ToUnicode   each code to the characters as typed (selector included,
 *               surrogate pairs above U+FFFF), bfrange for runs
 *
 * The ABCDEF tag is an FNV-1a hash of the glyphs and codes, so the same
 * characters give the same name. The Type0 dictionary carries the font
 * class and a FontAttr record so that HPDF_Page_SetFontAndSize accepts
 * it; the text itself (Td and Tj) is written into the page's content
 * stream here, with the same single-precision arithmetic and number
 * formatting HPDF_Page_TextOut used (HPDF_FToA), so the page content draws
 * exactly what it drew before. libharu's text functions would measure
 * every character through a font definition this font does not have.
 * Lines and boxes are written the same way (see struct gfx).
 *
 * Text runs are drawn with one Tj per stretch of glyphs whose positions
 * follow from the font's advances (the /W widths, from hmtx as libharu
 * computed them) plus one character spacing; a glyph that does not follow
 * starts a new stretch. All graphics of a page are drawn first, then all
 * text in one BT/ET block; the finished content stream is compressed here
 * too (compress_contents), so libharu compresses nothing itself.
 *
 * Output is deterministic: no creation date, no document ID, fonts and
 * codes assigned in a fixed order. libharu errors come back through the
 * error handler as *cause; nothing aborts. Limits: 8,000 distinct
 * characters per face and document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_utils.h>
#include <zlib.h>

#include "pdf/pdf.h"

#define MAX_CODES	8000

/*
 * Streams made here are compressed with zlib, which libharu itself links.
 * On the benchmark page (190 glyphs of BIZ UD明朝) level 5 makes a 41,001
 * byte PDF, level 6 (zlib's default) 40,822 bytes for 15 % more time, and
 * level 9 saves another 32 bytes for a fifth more again. (libdeflate
 * would be a little faster still; not worth a library the design does not
 * otherwise need.)
 */
#define ZLEVEL	5

struct code {
	uint32_t cp, vs;
	uint16_t gid;		/* in the face */
	uint16_t newgid;	/* in the subset */
	uint16_t code;		/* the CID */
};

struct face_use {
	struct code *codes;	/* sorted by cp, vs */
	size_t n, cap;
	size_t nglyphs;		/* in the subset */
	int identity;		/* every code is its glyph id */
	HPDF_Font font;
};

struct pdf_err {
	HPDF_STATUS status, detail;
};

static void
pdf_error_handler(HPDF_STATUS status, HPDF_STATUS detail, void *data)
{
	struct pdf_err *e = data;

	if (e->status == 0) {
		e->status = status;
		e->detail = detail;
	}
}

static char *
errmsg(const struct pdf_err *e, const char *what)
{
	return xasprintf("PDF: %s failed (libharu error 0x%04X, detail %u)",
	    what, (unsigned)e->status, (unsigned)e->detail);
}

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int
code_cmp(const void *a, const void *b)
{
	const struct code *x = a, *y = b;

	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	if (x->vs != y->vs)
		return x->vs < y->vs ? -1 : 1;
	return 0;
}

/* By glyph in the subset, then character: the order codes are given in. */
static int
newgid_cmp(const void *a, const void *b)
{
	const struct code *x = *(const struct code *const *)a;
	const struct code *y = *(const struct code *const *)b;

	if (x->newgid != y->newgid)
		return x->newgid < y->newgid ? -1 : 1;
	return code_cmp(x, y);
}

/* By code: the order of the ToUnicode and W entries. */
static int
cid_cmp(const void *a, const void *b)
{
	const struct code *x = *(const struct code *const *)a;
	const struct code *y = *(const struct code *const *)b;

	return x->code < y->code ? -1 : x->code > y->code;
}

/*
 * Give each (cp, vs) of one face its code: the subset's id of its glyph,
 * or, for a second character drawn with a glyph already coded, the next
 * code past the subset's last glyph.
 */
static int
assign_codes(const struct ttf *t, struct face_use *u, char **cause)
{
	uint16_t *gids, *newids;
	struct code **order;
	size_t k, extra;
	int rc = 0;

	gids = xreallocarray(NULL, u->n, sizeof *gids);
	newids = xreallocarray(NULL, u->n, sizeof *newids);
	for (k = 0; k < u->n; k++)
		gids[k] = u->codes[k].gid;
	if (ttf_subset_glyph_ids(t, gids, u->n, newids, &u->nglyphs,
	    cause) != 0) {
		free(gids);
		free(newids);
		return -1;
	}
	for (k = 0; k < u->n; k++)
		u->codes[k].newgid = newids[k];
	free(gids);
	free(newids);
	order = xreallocarray(NULL, u->n, sizeof *order);
	for (k = 0; k < u->n; k++)
		order[k] = &u->codes[k];
	qsort(order, u->n, sizeof *order, newgid_cmp);
	u->identity = 1;
	extra = u->nglyphs;
	for (k = 0; k < u->n; k++) {
		if (k > 0 && order[k]->newgid == order[k - 1]->newgid) {
			if (extra >= 0xFFFF) {
				*cause = xstrdup("too many characters sharing "
				    "glyphs in one document");
				rc = -1;
				break;
			}
			order[k]->code = (uint16_t)extra++;
			u->identity = 0;
		} else
			order[k]->code = order[k]->newgid;
	}
	free(order);
	return rc;
}

/* Collect every (cp, vs, gid) per face, sorted and unique, and give each
 * its code. */
static int
collect(const struct dl_doc *doc, const struct fontset *fs,
    struct face_use *use, char **cause)
{
	size_t p, i, g, f, k, n;

	for (p = 0; p < doc->npages; p++)
		for (i = 0; i < doc->pages[p].nops; i++) {
			const struct dl_op *op = &doc->pages[p].ops[i];
			struct face_use *u;

			if (op->kind != DL_TEXT || op->nglyphs == 0)
				continue;
			if (op->face < 0 || (size_t)op->face >= fs->nfaces) {
				*cause = xasprintf("text in an unknown face %d",
				    op->face);
				return -1;
			}
			u = &use[op->face];
			for (g = 0; g < op->nglyphs; g++) {
				if (u->n == u->cap) {
					u->cap = u->cap ? u->cap * 2 : 64;
					u->codes = xreallocarray(u->codes,
					    u->cap, sizeof *u->codes);
				}
				u->codes[u->n].cp = op->glyphs[g].cp;
				u->codes[u->n].vs = op->glyphs[g].vs;
				u->codes[u->n].gid = op->glyphs[g].gid;
				u->codes[u->n].newgid = 0;
				u->codes[u->n].code = 0;
				u->n++;
			}
		}
	for (f = 0; f < fs->nfaces; f++) {
		struct face_use *u = &use[f];

		if (u->n == 0)
			continue;
		qsort(u->codes, u->n, sizeof *u->codes, code_cmp);
		for (k = 0, n = 0; k < u->n; k++)
			if (n == 0 || code_cmp(&u->codes[n - 1],
			    &u->codes[k]) != 0)
				u->codes[n++] = u->codes[k];
		u->n = n;
		if (n > MAX_CODES) {
			*cause = xasprintf("too many different characters in "
			    "one document (%zu in %s, at most %d)", n,
			    ttf_display_name(fs->faces[f]), MAX_CODES);
			return -1;
		}
		if (assign_codes(fs->faces[f], u, cause) != 0)
			return -1;
	}
	return 0;
}

static uint16_t
code_of(const struct face_use *u, uint32_t cp, uint32_t vs)
{
	struct code key, *c;

	key.cp = cp;
	key.vs = vs;
	c = bsearch(&key, u->codes, u->n, sizeof *u->codes, code_cmp);
	return c != NULL ? c->code : 0;
}

/* Four upper-case hex digits (the CMap and the page content are written
 * by the thousand: no printf). */
static void
hex4(struct strbuf *sb, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char b[4];

	b[0] = hex[(v >> 12) & 0xF];
	b[1] = hex[(v >> 8) & 0xF];
	b[2] = hex[(v >> 4) & 0xF];
	b[3] = hex[v & 0xF];
	sb_addn(sb, b, 4);
}

/* UTF-16BE hex of one code point into sb. */
static void
utf16_hex(struct strbuf *sb, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		hex4(sb, 0xD800 + (cp >> 10));
		hex4(sb, 0xDC00 + (cp & 0x3FF));
	} else
		hex4(sb, cp);
}

/* Whether order[k] continues a bfrange run started at order[k - 1]: the
 * next code and the next BMP character, neither leaving its last byte. */
static int
continues_range(struct code *const *order, size_t k)
{
	const struct code *a = order[k - 1], *b = order[k];

	return a->vs == 0 && b->vs == 0 && b->cp < 0x10000 &&
	    b->code == a->code + 1 && b->cp == a->cp + 1 &&
	    (b->code & 0xFF) != 0 && (b->cp & 0xFF) != 0;
}

/*
 * The ToUnicode CMap: each code to the characters as typed - base and
 * selector, surrogate pairs above U+FFFF - so that text extraction and
 * search find 𠮷 and 葛󠄀 as they were entered. Runs of consecutive codes
 * for consecutive characters (digits, kana) are one bfrange.
 */
static void
build_to_unicode(struct code *const *order, size_t n, struct strbuf *sb)
{
	size_t i, k, j, m, nchar, nrange;

	sb_add(sb, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* Blocks of at most 100 entries, each a bfchar or a bfrange. */
	for (i = 0; i < n; i = k) {
		nchar = nrange = 0;
		for (k = i; k < n && nchar < 100 && nrange < 100; k = j) {
			for (j = k + 1; j < n && continues_range(order, j);
			    j++)
				;
			if (j - k >= 2)
				nrange++;
			else {
				j = k + 1;
				nchar++;
			}
		}
		/* [i, k): write the single ones, then the ranges. */
		if (nchar > 0) {
			sb_addf(sb, "%zu beginbfchar\n", nchar);
			for (m = i; m < k; m = j) {
				for (j = m + 1; j < k &&
				    continues_range(order, j); j++)
					;
				if (j - m >= 2)
					continue;
				j = m + 1;
				sb_addc(sb, '<');
				hex4(sb, order[m]->code);
				sb_add(sb, "> <");
				utf16_hex(sb, order[m]->cp);
				if (order[m]->vs != 0)
					utf16_hex(sb, order[m]->vs);
				sb_add(sb, ">\n");
			}
			sb_add(sb, "endbfchar\n");
		}
		if (nrange > 0) {
			sb_addf(sb, "%zu beginbfrange\n", nrange);
			for (m = i; m < k; m = j) {
				for (j = m + 1; j < k &&
				    continues_range(order, j); j++)
					;
				if (j - m < 2) {
					j = m + 1;
					continue;
				}
				sb_addc(sb, '<');
				hex4(sb, order[m]->code);
				sb_add(sb, "> <");
				hex4(sb, order[j - 1]->code);
				sb_add(sb, "> <");
				hex4(sb, order[m]->cp);
				sb_add(sb, ">\n");
			}
			sb_add(sb, "endbfrange\n");
		}
	}
	sb_add(sb, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
}

/* Writes the /Filter of a stream whose data is compressed already
 * (libharu removes a /Filter entry from a stream it does not compress
 * itself, and writes this just before the dictionary's end). */
static HPDF_STATUS
flate_filter_write(HPDF_Dict dict, HPDF_Stream out)
{
	(void)dict;
	return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\n");
}

/* data compressed in zlib format (what /FlateDecode reads) into a heap
 * buffer; NULL if out of memory. */
static void *
deflate_buf(const void *data, size_t len, size_t *zlen)
{
	uLongf cap = compressBound((uLong)len);
	void *z = xmalloc(cap);

	if (compress2(z, &cap, data, (uLong)len, ZLEVEL) != Z_OK) {
		free(z);
		return NULL;
	}
	*zlen = cap;
	return z;
}

/* A stream object holding data compressed here. */
static HPDF_Dict
flate_stream(HPDF_Doc pdf, const void *data, size_t len)
{
	HPDF_Dict d;
	size_t zlen;
	void *z;

	if ((z = deflate_buf(data, len, &zlen)) == NULL)
		return NULL;
	d = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (d != NULL) {
		d->write_fn = flate_filter_write;
		if (HPDF_Stream_Write(d->stream, z, (HPDF_UINT)zlen) != HPDF_OK)
			d = NULL;
	}
	free(z);
	return d;
}

/* The bytes of a libharu memory stream, copied into one heap buffer. */
static char *
stream_bytes(HPDF_Stream st, size_t *len)
{
	HPDF_UINT i, n, count, blen;
	HPDF_BYTE *p;
	char *buf;
	size_t at = 0, size;

	if (st == NULL || st->type != HPDF_STREAM_MEMORY)
		return NULL;
	size = st->size;
	buf = xmalloc(size + 1);
	count = HPDF_MemStream_GetBufCount(st);
	for (i = 0; i < count && at < size; i++) {
		if ((p = HPDF_MemStream_GetBufPtr(st, i, &blen)) == NULL)
			break;
		n = blen;
		if (n > size - at)
			n = (HPDF_UINT)(size - at);
		memcpy(buf + at, p, n);
		at += n;
	}
	if (at != size) {
		free(buf);
		return NULL;
	}
	*len = size;
	return buf;
}

/* Compress a finished page's content stream here, as the fonts are
 * (libharu would with zlib at save time: slower, and larger). */
static int
compress_contents(HPDF_Page page)
{
	HPDF_Dict c = ((HPDF_PageAttr)page->attr)->contents;
	size_t len, zlen;
	char *raw;
	void *z;
	int rc = -1;

	if (c == NULL || (raw = stream_bytes(c->stream, &len)) == NULL)
		return -1;
	if ((z = deflate_buf(raw, len, &zlen)) != NULL) {
		HPDF_MemStream_FreeData(c->stream);
		if (HPDF_Stream_Write(c->stream, z, (HPDF_UINT)zlen) ==
		    HPDF_OK) {
			c->filter = HPDF_STREAM_FILTER_NONE;
			c->write_fn = flate_filter_write;
			rc = 0;
		}
		free(z);
	}
	free(raw);
	return rc;
}

/* The Type0 dictionary must look like a libharu font to
 * HPDF_Page_SetFontAndSize: the font class and a FontAttr record (it
 * reads the writing mode). Freed with the dictionary. */
static void
font_attr_free(HPDF_Dict obj)
{
	if (obj->attr != NULL)
		HPDF_FreeMem(obj->mmgr, obj->attr);
	obj->attr = NULL;
}

/* Font metrics as libharu's TrueType loader computed them, in 1/1000 em
 * (integer division, as there). */
struct metrics {
	int upem;
	int bbox[4];
	int ascent, descent;
	int flags;
	int dw;
};

static int
read_metrics(const struct ttf *t, struct metrics *m, char **cause)
{
	const uint8_t *head, *hhea, *os2;
	size_t hl, hhl, ol;
	int i, cls;
	uint16_t fstype;

	head = ttf_table(t, "head", &hl);
	hhea = ttf_table(t, "hhea", &hhl);
	os2 = ttf_table(t, "OS/2", &ol);
	if (head == NULL || hl < 54 || hhea == NULL || hhl < 36 ||
	    os2 == NULL || ol < 32 || (m->upem = rd16(head + 18)) == 0) {
		*cause = xasprintf("%s: head, hhea or OS/2 missing or short",
		    ttf_path(t));
		return -1;
	}
	/* libharu refused these: restricted-licence and bitmap-only
	 * embedding (OS/2 fsType bits 1, 8 and 9). */
	fstype = rd16(os2 + 8);
	if (fstype & (0x0002 | 0x0100 | 0x0200)) {
		*cause = xasprintf("%s: the font's licence does not allow "
		    "embedding it (OS/2 fsType 0x%04X)", ttf_path(t), fstype);
		return -1;
	}
	for (i = 0; i < 4; i++)
		m->bbox[i] = (int)(int16_t)rd16(head + 36 + 2 * i) * 1000 /
		    m->upem;
	m->ascent = (int16_t)((int)(int16_t)rd16(hhea + 4) * 1000 / m->upem);
	m->descent = (int16_t)((int)(int16_t)rd16(hhea + 6) * 1000 /
	    m->upem);
	m->flags = HPDF_FONT_STD_CHARSET;
	cls = os2[30];
	if ((cls > 0 && cls < 6) || cls == 7)
		m->flags |= HPDF_FONT_SERIF;
	if (cls == 10)
		m->flags |= HPDF_FONT_SCRIPT;
	if (cls == 12)
		m->flags |= HPDF_FONT_SYMBOLIC;
	m->dw = (int16_t)(uint16_t)((unsigned)ttf_advance(t, 0) * 1000 /
	    (unsigned)m->upem);
	return 0;
}

static int
width_of(const struct ttf *t, const struct metrics *m, uint16_t gid)
{
	return (int16_t)(uint16_t)((unsigned)ttf_advance(t, gid) * 1000 /
	    (unsigned)m->upem);
}

/* The subset tag: six capital letters from an FNV-1a hash of the glyphs
 * and codes, so the same characters always give the same name. */
static void
subset_name(const struct face_use *u, const char *ps, char *name,
    size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char tag[7];
	size_t i;
	int k;

	for (i = 0; i < u->n; i++) {
		h = (h ^ u->codes[i].gid) * 0x100000001b3ULL;
		h = (h ^ u->codes[i].code) * 0x100000001b3ULL;
	}
	for (k = 0; k < 6; k++) {
		tag[k] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
	snprintf(name, size, "%s+%s", tag, ps != NULL && *ps != '\0' ? ps :
	    "Font");
}

/* /W: runs of consecutive codes whose width is not /DW, `c [w w ...]`. */
static HPDF_Array
build_widths(HPDF_MMgr mmgr, const struct ttf *t, const struct metrics *m,
    struct code *const *order, size_t n)
{
	HPDF_Array w = HPDF_Array_New(mmgr), run = NULL;
	size_t k;
	int wd;

	if (w == NULL)
		return NULL;
	for (k = 0; k < n; k++) {
		wd = width_of(t, m, order[k]->gid);
		if (wd == m->dw) {
			run = NULL;
			continue;
		}
		if (run == NULL || order[k]->code != order[k - 1]->code + 1) {
			if ((run = HPDF_Array_New(mmgr)) == NULL)
				return NULL;
			HPDF_Array_AddNumber(w, order[k]->code);
			HPDF_Array_Add(w, run);
		}
		HPDF_Array_AddNumber(run, wd);
	}
	return w;
}

/* The CIDToGIDMap when some codes are not their glyph ids: 2 bytes of
 * glyph id per code, from 0 to the last code. */
static HPDF_Dict
build_cid_map(HPDF_Doc pdf, struct code *const *order, size_t n)
{
	size_t len = (size_t)order[n - 1]->code + 1, k;
	uint8_t *map = xcalloc(len, 2);
	HPDF_Dict d;

	for (k = 0; k < n; k++) {
		map[2 * order[k]->code] = (uint8_t)(order[k]->newgid >> 8);
		map[2 * order[k]->code + 1] = (uint8_t)order[k]->newgid;
	}
	d = flate_stream(pdf, map, 2 * len);
	free(map);
	return d;
}

/* An indirect dictionary (libharu frees it with the document). */
static HPDF_Dict
new_dict(HPDF_Doc pdf)
{
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);

	if (d == NULL || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
		return NULL;
	return d;
}

/* The Type0 font: what pages name in Tf. */
static HPDF_Dict
type0_font(HPDF_Doc pdf, const char *name, HPDF_Dict cid, HPDF_Dict tu)
{
	HPDF_Dict f;
	HPDF_Array kids;
	HPDF_FontAttr attr;

	if ((f = HPDF_Dict_New(pdf->mmgr)) == NULL)
		return NULL;
	f->header.obj_class |= HPDF_OSUBCLASS_FONT;
	if (HPDF_Xref_Add(pdf->xref, f) != HPDF_OK)
		return NULL;
	if ((attr = HPDF_GetMem(pdf->mmgr, sizeof *attr)) == NULL)
		return NULL;
	memset(attr, 0, sizeof *attr);
	attr->type = HPDF_FONT_TYPE0_TT;
	attr->writing_mode = HPDF_WMODE_HORIZONTAL;
	attr->xref = pdf->xref;
	f->attr = attr;
	f->free_fn = font_attr_free;
	HPDF_Dict_AddName(f, "Type", "Font");
	HPDF_Dict_AddName(f, "Subtype", "Type0");
	HPDF_Dict_AddName(f, "BaseFont", name);
	HPDF_Dict_AddName(f, "Encoding", "Identity-H");
	if ((kids = HPDF_Array_New(pdf->mmgr)) == NULL ||
	    HPDF_Dict_Add(f, "DescendantFonts", kids) != HPDF_OK ||
	    HPDF_Array_Add(kids, cid) != HPDF_OK ||
	    HPDF_Dict_Add(f, "ToUnicode", tu) != HPDF_OK)
		return NULL;
	return f;
}

/* The CIDFontType2: widths and the code-to-glyph map. */
static HPDF_Dict
cid_font(HPDF_Doc pdf, const struct ttf *t, const struct metrics *m,
    const char *name, const struct face_use *u, struct code *const *order,
    HPDF_Dict desc)
{
	HPDF_MMgr mmgr = pdf->mmgr;
	HPDF_Dict f, info, map;
	HPDF_Array widths;

	if ((f = new_dict(pdf)) == NULL)
		return NULL;
	HPDF_Dict_AddName(f, "Type", "Font");
	HPDF_Dict_AddName(f, "Subtype", "CIDFontType2");
	HPDF_Dict_AddName(f, "BaseFont", name);
	if ((info = HPDF_Dict_New(mmgr)) == NULL ||
	    HPDF_Dict_Add(f, "CIDSystemInfo", info) != HPDF_OK)
		return NULL;
	HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL));
	HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity",
	    NULL));
	HPDF_Dict_AddNumber(info, "Supplement", 0);
	HPDF_Dict_AddNumber(f, "DW", m->dw);
	if ((widths = build_widths(mmgr, t, m, order, u->n)) == NULL ||
	    HPDF_Dict_Add(f, "W", widths) != HPDF_OK)
		return NULL;
	if (u->identity)
		HPDF_Dict_AddName(f, "CIDToGIDMap", "Identity");
	else if ((map = build_cid_map(pdf, order, u->n)) == NULL ||
	    HPDF_Dict_Add(f, "CIDToGIDMap", map) != HPDF_OK)
		return NULL;
	if (HPDF_Dict_Add(f, "FontDescriptor", desc) != HPDF_OK)
		return NULL;
	return f;
}

/* The FontDescriptor, with the font program compressed here. */
static HPDF_Dict
font_descriptor(HPDF_Doc pdf, const struct metrics *m, const char *name,
    const char *data, size_t len)
{
	HPDF_Dict d, file;
	HPDF_Box box;

	if ((d = new_dict(pdf)) == NULL)
		return NULL;
	HPDF_Dict_AddName(d, "Type", "FontDescriptor");
	HPDF_Dict_AddName(d, "FontName", name);
	HPDF_Dict_AddNumber(d, "Flags", m->flags);
	box.left = (HPDF_REAL)m->bbox[0];
	box.bottom = (HPDF_REAL)m->bbox[1];
	box.right = (HPDF_REAL)m->bbox[2];
	box.top = (HPDF_REAL)m->bbox[3];
	HPDF_Dict_Add(d, "FontBBox", HPDF_Box_Array_New(pdf->mmgr, box));
	HPDF_Dict_AddNumber(d, "ItalicAngle", 0);
	HPDF_Dict_AddNumber(d, "Ascent", m->ascent);
	HPDF_Dict_AddNumber(d, "Descent", m->descent);
	HPDF_Dict_AddNumber(d, "StemV", 0);
	if ((file = flate_stream(pdf, data, len)) == NULL ||
	    HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)len) !=
	    HPDF_OK || HPDF_Dict_Add(d, "FontFile2", file) != HPDF_OK)
		return NULL;
	return d;
}

/* Subset one face and write its five objects (six with a map). */
static int
embed_face(HPDF_Doc pdf, const struct ttf *t, struct face_use *u,
    struct pdf_err *e, char **cause)
{
	struct ttf_subset_map *map;
	struct code **order;
	struct metrics m;
	struct strbuf sb;
	HPDF_Dict tu, desc, cid = NULL, type0 = NULL;
	char *data = NULL, name[128];	/* libharu's longest name: 127 */
	size_t len = 0, k;

	if (read_metrics(t, &m, cause) != 0)
		return -1;
	map = xreallocarray(NULL, u->n, sizeof *map);
	for (k = 0; k < u->n; k++) {
		map[k].gid = u->codes[k].gid;
		map[k].code = u->codes[k].code;
	}
	/* Without hinting: the outlines are the same, the PDF a fifth
	 * smaller, and hints do nothing for a printer at 300 dpi and up. */
	if (ttf_subset_flags(t, map, u->n, TTF_SUBSET_NO_HINTS |
	    TTF_SUBSET_PDF, &data, &len, cause) != 0) {
		free(map);
		return -1;
	}
	free(map);
	subset_name(u, ttf_postscript_name(t), name, sizeof name);
	order = xreallocarray(NULL, u->n, sizeof *order);
	for (k = 0; k < u->n; k++)
		order[k] = &u->codes[k];
	qsort(order, u->n, sizeof *order, cid_cmp);

	sb_init(&sb);
	build_to_unicode(order, u->n, &sb);
	tu = flate_stream(pdf, sb.s, sb.len);
	sb_free(&sb);
	if (tu != NULL &&
	    (desc = font_descriptor(pdf, &m, name, data, len)) != NULL &&
	    (cid = cid_font(pdf, t, &m, name, u, order, desc)) != NULL)
		type0 = type0_font(pdf, name, cid, tu);
	free(order);
	free(data);
	if (type0 == NULL || e->status != 0) {
		*cause = e->status != 0 ? errmsg(e, "writing a font") :
		    xstrdup("PDF: writing a font failed (out of memory)");
		return -1;
	}
	u->font = type0;
	return 0;
}

/*
 * Graphics are written straight into the page's content stream, in
 * exactly the bytes libharu's path functions write (HPDF_FToA numbers of
 * the single-precision values they were given, one operator per line):
 * through libharu each operator cost a 512-byte buffer cleared byte by
 * byte, a quarter of a form's render. Only the ellipse, whose curve
 * points libharu computes itself, still goes through libharu; what is
 * collected here is flushed before it. The line width is written only
 * when it changes (it stays set between operations).
 */
struct gfx {
	HPDF_Page page;
	HPDF_Stream st;
	struct strbuf sb;
	HPDF_REAL width;	/* the line width in force */
};

/* Append FToA(v) - libharu's number format - to sb. */
static void
add_real(struct strbuf *sb, HPDF_REAL v)
{
	char buf[64];

	memset(buf, 0, sizeof buf);
	HPDF_FToA(buf, v, buf + sizeof buf - 1);
	sb_add(sb, buf);
}

/* "a b ... op\n" with n numbers. */
static void
gop(struct gfx *g, const char *op, int n, double a, double b, double c,
    double d)
{
	double v[4];
	int i;

	v[0] = a;
	v[1] = b;
	v[2] = c;
	v[3] = d;
	for (i = 0; i < n; i++) {
		add_real(&g->sb, (HPDF_REAL)v[i]);
		sb_addc(&g->sb, ' ');
	}
	sb_add(&g->sb, op);
	sb_addc(&g->sb, '\n');
}

static void
gfx_flush(struct gfx *g)
{
	if (g->sb.len > 0)
		HPDF_Stream_Write(g->st, (const HPDF_BYTE *)g->sb.s,
		    (HPDF_UINT)g->sb.len);
	g->sb.len = 0;
}

static void
draw_graphics(struct gfx *g, const struct dl_op *op)
{
	HPDF_REAL w = (HPDF_REAL)(op->line_width > 0 ? op->line_width : 0.5);
	double r;

	if (w != g->width) {
		gop(g, "w", 1, w, 0, 0, 0);
		g->width = w;
	}
	if (op->dashed)
		sb_add(&g->sb, "[3 2 ] 0 d\n");
	switch (op->kind) {
	case DL_LINE:
		gop(g, "m", 2, op->x, op->y, 0, 0);
		gop(g, "l", 2, op->w, op->h, 0, 0);
		sb_add(&g->sb, "S\n");
		break;
	case DL_RECT:
		if (op->fill >= 0)
			gop(g, "g", 1, op->fill, 0, 0, 0);
		gop(g, "re", 4, op->x, op->y, op->w, op->h);
		if (op->fill >= 0) {
			sb_add(&g->sb, op->line_width > 0 ? "B\n" : "f\n");
			sb_add(&g->sb, "0 g\n");
		} else
			sb_add(&g->sb, "S\n");
		break;
	case DL_ELLIPSE:
		gfx_flush(g);
		HPDF_Page_Ellipse(g->page, op->x, op->y, op->w, op->h);
		HPDF_Page_Stroke(g->page);
		break;
	case DL_CHECK:
		/* A tick drawn with lines: no glyph to be missing. Round
		 * joins and caps, then back to libharu's defaults. */
		r = op->w;
		sb_add(&g->sb, "1 j\n1 J\n");
		gop(g, "m", 2, op->x - 0.6 * r, op->y + 0.05 * r, 0, 0);
		gop(g, "l", 2, op->x - 0.15 * r, op->y - 0.5 * r, 0, 0);
		gop(g, "l", 2, op->x + 0.65 * r, op->y + 0.6 * r, 0, 0);
		sb_add(&g->sb, "S\n0 j\n0 J\n");
		break;
	default:
		break;
	}
	if (op->dashed)
		sb_add(&g->sb, "[] 0 d\n");
}

/*
 * Where libharu's text matrix stands inside BT ... ET. HPDF_Page_TextOut
 * turned an absolute position into a Td relative to it, and moved it, in
 * single precision (HPDF_REAL): with the identity matrix that is
 * x - tx, and tx + that. Doing the same sums here gives the same Td
 * operands, so the text lands exactly where it did.
 */
struct textpos {
	HPDF_REAL x, y;
	HPDF_REAL cs;		/* the character spacing last set */
};

static void
draw_text(HPDF_Page page, const struct dl_op *op, const struct fontset *fs,
    const struct face_use *u, struct textpos *tp, struct strbuf *sb)
{
	HPDF_Stream st = ((HPDF_PageAttr)page->attr)->stream;
	size_t i = 0, j;
	double adv, cs, pen;
	HPDF_REAL x, y, rx, ry;

	while (i < op->nglyphs) {
		/* The stretch [i, j) whose glyphs follow with one spacing. */
		adv = layout_advance(fs, op->face, op->glyphs[i].gid,
		    op->size);
		cs = i + 1 < op->nglyphs ? op->glyphs[i + 1].x -
		    op->glyphs[i].x - adv : 0;
		if (cs < -30 || cs > 300)
			cs = 0;
		if ((HPDF_REAL)cs != tp->cs) {
			HPDF_Page_SetCharSpace(page, (HPDF_REAL)cs);
			tp->cs = (HPDF_REAL)cs;
		}
		x = (HPDF_REAL)op->glyphs[i].x;
		y = (HPDF_REAL)op->y;
		rx = x - tp->x;
		ry = y - tp->y;
		tp->x = rx + tp->x;
		tp->y = ry + tp->y;
		sb->len = 0;
		add_real(sb, rx);
		sb_addc(sb, ' ');
		add_real(sb, ry);
		sb_add(sb, " Td\n<");
		pen = op->glyphs[i].x;
		for (j = i; j < op->nglyphs; j++) {
			const struct dl_glyph *g = &op->glyphs[j];
			double d = g->x - pen;

			if (j > i && (d > 0.01 || d < -0.01))
				break;
			hex4(sb, code_of(u, g->cp, g->vs));
			pen = g->x + layout_advance(fs, op->face, g->gid,
			    op->size) + cs;
		}
		sb_add(sb, "> Tj\n");
		HPDF_Stream_Write(st, (const HPDF_BYTE *)sb->s,
		    (HPDF_UINT)sb->len);
		i = j;
	}
}

static int
draw_page(HPDF_Doc pdf, const struct dl_page *dp, const struct fontset *fs,
    const struct face_use *use, struct pdf_err *e, char **cause)
{
	HPDF_Page page = HPDF_AddPage(pdf);
	size_t i;
	HPDF_Font cur = NULL;
	double cursize = 0;
	int intext = 0, invisible = 0;
	struct textpos tp;
	struct strbuf sb;
	struct gfx g;

	if (page == NULL) {
		*cause = errmsg(e, "HPDF_AddPage");
		return -1;
	}
	HPDF_Page_SetWidth(page, dp->width);
	HPDF_Page_SetHeight(page, dp->height);
	HPDF_Page_SetGrayStroke(page, 0);
	HPDF_Page_SetGrayFill(page, 0);
	g.page = page;
	g.st = ((HPDF_PageAttr)page->attr)->stream;
	g.width = HPDF_Page_GetLineWidth(page);
	sb_init(&g.sb);
	for (i = 0; i < dp->nops; i++)
		if (dp->ops[i].kind != DL_TEXT)
			draw_graphics(&g, &dp->ops[i]);
	gfx_flush(&g);
	sb_free(&g.sb);
	sb_init(&sb);
	tp.cs = 0;			/* a page starts with Tc 0 */
	for (i = 0; i < dp->nops; i++) {
		const struct dl_op *op = &dp->ops[i];
		const struct face_use *u;

		if (op->kind != DL_TEXT || op->nglyphs == 0)
			continue;
		u = &use[op->face];
		if (!intext) {
			HPDF_Page_BeginText(page);
			intext = 1;
			tp.x = tp.y = 0;
		}
		if (u->font != cur || op->size != cursize) {
			HPDF_Page_SetFontAndSize(page, u->font, op->size);
			cur = u->font;
			cursize = op->size;
		}
		if (op->invisible != invisible) {
			HPDF_Page_SetTextRenderingMode(page, op->invisible ?
			    HPDF_INVISIBLE : HPDF_FILL);
			invisible = op->invisible;
		}
		draw_text(page, op, fs, u, &tp, &sb);
	}
	if (intext)
		HPDF_Page_EndText(page);
	sb_free(&sb);
	if (e->status != 0) {
		*cause = errmsg(e, "drawing a page");
		return -1;
	}
	if (compress_contents(page) != 0) {
		*cause = xstrdup("PDF: compressing a page failed (out of "
		    "memory)");
		return -1;
	}
	return 0;
}

int
pdf_write(const struct dl_doc *doc, const struct fontset *fs, char **out,
    size_t *outlen, char **cause)
{
	struct pdf_err e = { 0, 0 };
	struct face_use *use;
	HPDF_Doc pdf;
	size_t f, p;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	if (doc->npages == 0) {
		*cause = xstrdup("nothing to print: the document has no pages");
		return -1;
	}
	use = xcalloc(fs->nfaces + 1, sizeof *use);
	if (collect(doc, fs, use, cause) != 0)
		goto out_use;
	if ((pdf = HPDF_New(pdf_error_handler, &e)) == NULL) {
		*cause = xstrdup("PDF: libharu could not start");
		goto out_use;
	}
	if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK) {
		*cause = errmsg(&e, "setting up libharu");
		goto out;
	}
	for (f = 0; f < fs->nfaces; f++)
		if (use[f].n > 0 && embed_face(pdf, fs->faces[f], &use[f], &e,
		    cause) != 0)
			goto out;
	for (p = 0; p < doc->npages; p++)
		if (draw_page(pdf, &doc->pages[p], fs, use, &e, cause) != 0)
			goto out;
	if (HPDF_SaveToStream(pdf) != HPDF_OK) {
		*cause = errmsg(&e, "HPDF_SaveToStream");
		goto out;
	}
	if ((*out = stream_bytes(pdf->stream, outlen)) == NULL) {
		*cause = errmsg(&e, "reading the PDF back");
		goto out;
	}
	rc = 0;
out:
	HPDF_Free(pdf);
out_use:
	for (f = 0; f < fs->nfaces; f++)
		free(use[f].codes);
	free(use);
	return rc;
}
