/*
 * pdf.c - drawing a display list as PDF with libharu 2.3.0.
 *
 * Layout has decided everything: pdf_write() only draws. For each face
 * the document uses it collects the distinct (code point, selector,
 * glyph) triples and gives each a code - 0x100, 0x101, ... in glyph
 * order - and builds a TrueType subset holding exactly those glyphs with
 * a cmap from those codes (ttf_subset). Dense codes in glyph order make
 * that cmap one or a few segments, which is what makes libharu's
 * HPDF_GetFont cheap: it looks up all 65,536 codes, each by a linear scan
 * of the segments (domain.md §7; with one code per character it was a
 * third of the render). The codes are the CIDs (Identity-H), so 𠮷 and
 * 葛+U+E0100 print like any other character.
 *
 * Three things libharu gets wrong are put right on its own objects,
 * through the functions its installed headers export:
 *   - the font comes from memory (load_ttf_memory), not a file: no
 *     temporary file holding a resident's characters, and no file
 *     created and removed per face and document;
 *   - the ToUnicode CMap is replaced by a correct one mapping each code
 *     to the characters as typed (selector included, surrogate pairs
 *     above U+FFFF), so pdftotext and search find every name exactly
 *     (libharu's own is malformed, domain.md §7);
 *   - the CIDToGIDMap is cut after the last code used (libharu writes
 *     and compresses 128 KB for every font).
 *
 * Text runs are drawn with one TextOut per stretch of glyphs whose
 * positions follow from the font's advances plus one character spacing
 * (the subset keeps hmtx, so libharu's widths are the ones layout used);
 * a glyph that does not follow starts a new stretch. All graphics of a
 * page are drawn first, then all text in one BT/ET block.
 *
 * Output is deterministic: no creation date, no document ID, fonts and
 * codes assigned in a fixed order. libharu errors come back through the
 * error handler as *cause; nothing aborts. Never used: TextRect and
 * MeasureText (wrong on Japanese). Limits: 8,000 distinct characters per
 * face and document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>

#include "pdf/pdf.h"

/* Codes (= CIDs, Identity-H) start above the C0 controls and the space,
 * which libharu's text code treats specially. */
#define FIRST_CODE	0x100
#define MAX_CODES	8000

struct code {
	uint32_t cp, vs;
	uint16_t gid;
	uint16_t code;		/* in the subset's cmap */
};

struct face_use {
	struct code *codes;	/* sorted by cp, vs */
	size_t n, cap;
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

/* By glyph, then character: the order codes are given in. */
static int
gid_cmp(const void *a, const void *b)
{
	const struct code *x = *(const struct code *const *)a;
	const struct code *y = *(const struct code *const *)b;

	if (x->gid != y->gid)
		return x->gid < y->gid ? -1 : 1;
	return code_cmp(x, y);
}

/* Collect every (cp, vs, gid) per face, sorted and unique, and give each
 * its code. */
static int
collect(const struct dl_doc *doc, const struct fontset *fs,
    struct face_use *use, char **cause)
{
	size_t p, i, g, f, k, n;
	struct code **order;

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
		/* Codes in glyph order: the subset renumbers glyphs in
		 * their old order, so consecutive codes map to consecutive
		 * glyphs and the cmap is one or a few segments. */
		order = xreallocarray(NULL, n, sizeof *order);
		for (k = 0; k < n; k++)
			order[k] = &u->codes[k];
		qsort(order, n, sizeof *order, gid_cmp);
		for (k = 0; k < n; k++)
			order[k]->code = (uint16_t)(FIRST_CODE + k);
		free(order);
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

/* UTF-16BE hex of one code point into sb. */
static void
utf16_hex(struct strbuf *sb, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		sb_addf(sb, "%04X%04X", 0xD800 + (cp >> 10),
		    0xDC00 + (cp & 0x3FF));
	} else
		sb_addf(sb, "%04X", cp);
}

/*
 * Replace the ToUnicode CMap libharu wrote for the font (malformed: a
 * cidrange where a bfrange belongs, and an identity map that would be
 * wrong for our codes anyway) by one that maps each code to the
 * character as typed - base and selector, surrogate pairs above U+FFFF -
 * so text extraction and search find 𠮷 and 葛󠄀 as they were entered.
 */
static int
set_to_unicode(HPDF_Font font, const struct face_use *u)
{
	HPDF_Dict tu = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	struct strbuf sb;
	size_t i, k;
	HPDF_STATUS st;

	if (tu == NULL || tu->stream == NULL)
		return -1;
	sb_init(&sb);
	sb_add(&sb, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (i = 0; i < u->n; i += 100) {
		size_t m = u->n - i < 100 ? u->n - i : 100;

		sb_addf(&sb, "%zu beginbfchar\n", m);
		for (k = i; k < i + m; k++) {
			sb_addf(&sb, "<%04X> <", u->codes[k].code);
			utf16_hex(&sb, u->codes[k].cp);
			if (u->codes[k].vs != 0)
				utf16_hex(&sb, u->codes[k].vs);
			sb_add(&sb, ">\n");
		}
		sb_add(&sb, "endbfchar\n");
	}
	sb_add(&sb, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
	HPDF_MemStream_FreeData(tu->stream);
	st = HPDF_Stream_Write(tu->stream, (const HPDF_BYTE *)sb.s,
	    (HPDF_UINT)sb.len);
	sb_free(&sb);
	return st == HPDF_OK ? 0 : -1;
}

/*
 * libharu writes a CIDToGIDMap entry for every code up to U+FFFF (128 KB
 * to compress per font and document). Our codes end at FIRST_CODE + n:
 * keep only that much; CIDs past the end of the map are never used.
 */
static void
trim_cid_map(HPDF_Font font, const struct face_use *u)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_Stream st;
	HPDF_UINT i, count, len, need, got = 0;
	HPDF_BYTE *p;
	char *buf;

	if (fa == NULL || fa->map_stream == NULL ||
	    (st = fa->map_stream->stream) == NULL ||
	    st->type != HPDF_STREAM_MEMORY)
		return;
	need = (HPDF_UINT)(FIRST_CODE + u->n) * 2;
	if (st->size <= need)
		return;
	buf = xmalloc(need);
	count = HPDF_MemStream_GetBufCount(st);
	for (i = 0; i < count && got < need; i++) {
		if ((p = HPDF_MemStream_GetBufPtr(st, i, &len)) == NULL)
			break;
		if (len > need - got)
			len = need - got;
		memcpy(buf + got, p, len);
		got += len;
	}
	if (got == need) {
		HPDF_MemStream_FreeData(st);
		HPDF_Stream_Write(st, (const HPDF_BYTE *)buf, need);
	}
	free(buf);
}

static char *
errmsg(const struct pdf_err *e, const char *what)
{
	return xasprintf("PDF: %s failed (libharu error 0x%04X, detail %u)",
	    what, (unsigned)e->status, (unsigned)e->detail);
}

/*
 * Give libharu a font file from memory. HPDF_LoadTTFontFromFile is the
 * only public way in 2.3.0, and it costs a file created and removed per
 * face and document (a quarter of a one-page render on ext4, and a copy
 * of the resident's characters on disk); this is what it does inside,
 * with the functions libharu's installed headers export: load the font
 * definition from a stream, register it, give it the next subset tag.
 */
static const char *
load_ttf_memory(HPDF_Doc pdf, const char *data, size_t len)
{
	HPDF_Stream st;
	HPDF_FontDef def;
	int i;

	if ((st = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len)) == NULL)
		return NULL;
	if (HPDF_Stream_Write(st, (const HPDF_BYTE *)data, (HPDF_UINT)len) !=
	    HPDF_OK) {
		HPDF_Stream_Free(st);
		return NULL;
	}
	/* The definition owns the stream from here, also on failure. */
	if ((def = HPDF_TTFontDef_Load(pdf->mmgr, st, HPDF_TRUE)) == NULL)
		return NULL;
	if (HPDF_Doc_FindFontDef(pdf, def->base_font) != NULL) {
		HPDF_FontDef_Free(def);
		HPDF_SetError(&pdf->error, HPDF_FONT_EXISTS, 0);
		return NULL;
	}
	if (HPDF_List_Add(pdf->fontdef_list, def) != HPDF_OK) {
		HPDF_FontDef_Free(def);
		return NULL;
	}
	if (pdf->ttfont_tag[0] == 0)
		memcpy(pdf->ttfont_tag, "HPDFAA", 6);
	else
		for (i = 5; i >= 0; i--) {
			if (++pdf->ttfont_tag[i] <= 'Z')
				break;
			pdf->ttfont_tag[i] = 'A';
		}
	HPDF_TTFontDef_SetTagName(def, (char *)pdf->ttfont_tag);
	return def->base_font;
}

/* Subset one face, hand it to libharu and get its UTF-8 font. */
static int
load_face(HPDF_Doc pdf, const struct ttf *t, struct face_use *u,
    struct pdf_err *e, char **cause)
{
	struct ttf_subset_map *map;
	char *data = NULL;
	size_t len = 0, i;
	const char *name;

	map = xreallocarray(NULL, u->n, sizeof *map);
	for (i = 0; i < u->n; i++) {
		map[i].gid = u->codes[i].gid;
		map[i].code = u->codes[i].code;
	}
	/* Without hinting: the outlines are the same, the PDF a fifth
	 * smaller, and hints do nothing for a printer at 300 dpi and up. */
	if (ttf_subset_flags(t, map, u->n, TTF_SUBSET_NO_HINTS, &data, &len,
	    cause) != 0) {
		free(map);
		return -1;
	}
	free(map);
	name = load_ttf_memory(pdf, data, len);
	free(data);
	if (name == NULL) {
		*cause = errmsg(e, "loading a font subset");
		return -1;
	}
	u->font = HPDF_GetFont(pdf, name, "UTF-8");
	if (u->font == NULL) {
		*cause = errmsg(e, "HPDF_GetFont");
		return -1;
	}
	trim_cid_map(u->font, u);
	if (set_to_unicode(u->font, u) != 0) {
		*cause = errmsg(e, "writing the ToUnicode map");
		return -1;
	}
	return 0;
}

static void
draw_graphics(HPDF_Page page, const struct dl_op *op)
{
	static const HPDF_UINT16 dash[] = { 3, 2 };
	double r;

	HPDF_Page_SetLineWidth(page, op->line_width > 0 ? op->line_width :
	    0.5);
	if (op->dashed)
		HPDF_Page_SetDash(page, dash, 2, 0);
	switch (op->kind) {
	case DL_LINE:
		HPDF_Page_MoveTo(page, op->x, op->y);
		HPDF_Page_LineTo(page, op->w, op->h);
		HPDF_Page_Stroke(page);
		break;
	case DL_RECT:
		/* The fill colour is set outside the path (libharu
		 * refuses it inside). */
		if (op->fill >= 0)
			HPDF_Page_SetGrayFill(page, op->fill);
		HPDF_Page_Rectangle(page, op->x, op->y, op->w, op->h);
		if (op->fill >= 0) {
			if (op->line_width > 0)
				HPDF_Page_FillStroke(page);
			else
				HPDF_Page_Fill(page);
			HPDF_Page_SetGrayFill(page, 0);
		} else
			HPDF_Page_Stroke(page);
		break;
	case DL_ELLIPSE:
		HPDF_Page_Ellipse(page, op->x, op->y, op->w, op->h);
		HPDF_Page_Stroke(page);
		break;
	case DL_CHECK:
		/* A tick drawn with lines: no glyph to be missing. */
		r = op->w;
		HPDF_Page_SetLineJoin(page, HPDF_ROUND_JOIN);
		HPDF_Page_SetLineCap(page, HPDF_ROUND_END);
		HPDF_Page_MoveTo(page, op->x - 0.6 * r, op->y + 0.05 * r);
		HPDF_Page_LineTo(page, op->x - 0.15 * r, op->y - 0.5 * r);
		HPDF_Page_LineTo(page, op->x + 0.65 * r, op->y + 0.6 * r);
		HPDF_Page_Stroke(page);
		HPDF_Page_SetLineJoin(page, HPDF_MITER_JOIN);
		HPDF_Page_SetLineCap(page, HPDF_BUTT_END);
		break;
	default:
		break;
	}
	if (op->dashed)
		HPDF_Page_SetDash(page, NULL, 0, 0);
}

static void
draw_text(HPDF_Page page, const struct dl_op *op, const struct fontset *fs,
    const struct face_use *u, struct strbuf *sb)
{
	size_t i = 0, j;
	double adv, cs, pen;
	char enc[4];

	while (i < op->nglyphs) {
		/* The stretch [i, j) whose glyphs follow with one spacing. */
		adv = layout_advance(fs, op->face, op->glyphs[i].gid,
		    op->size);
		cs = i + 1 < op->nglyphs ? op->glyphs[i + 1].x -
		    op->glyphs[i].x - adv : 0;
		pen = op->glyphs[i].x;
		sb->len = 0;
		for (j = i; j < op->nglyphs; j++) {
			const struct dl_glyph *g = &op->glyphs[j];
			double d = g->x - pen;

			if (j > i && (d > 0.01 || d < -0.01))
				break;
			sb_addn(sb, enc, utf8_encode(code_of(u, g->cp, g->vs),
			    enc));
			pen = g->x + layout_advance(fs, op->face, g->gid,
			    op->size) + cs;
		}
		if (cs < -30 || cs > 300)
			cs = 0;
		HPDF_Page_SetCharSpace(page, cs);
		HPDF_Page_TextOut(page, op->glyphs[i].x, op->y, sb->s);
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
	int intext = 0;
	struct strbuf sb;

	if (page == NULL) {
		*cause = errmsg(e, "HPDF_AddPage");
		return -1;
	}
	HPDF_Page_SetWidth(page, dp->width);
	HPDF_Page_SetHeight(page, dp->height);
	HPDF_Page_SetGrayStroke(page, 0);
	HPDF_Page_SetGrayFill(page, 0);
	for (i = 0; i < dp->nops; i++)
		if (dp->ops[i].kind != DL_TEXT)
			draw_graphics(page, &dp->ops[i]);
	sb_init(&sb);
	for (i = 0; i < dp->nops; i++) {
		const struct dl_op *op = &dp->ops[i];
		const struct face_use *u;

		if (op->kind != DL_TEXT || op->nglyphs == 0)
			continue;
		u = &use[op->face];
		if (!intext) {
			HPDF_Page_BeginText(page);
			intext = 1;
		}
		if (u->font != cur || op->size != cursize) {
			HPDF_Page_SetFontAndSize(page, u->font, op->size);
			cur = u->font;
			cursize = op->size;
		}
		draw_text(page, op, fs, u, &sb);
	}
	if (intext)
		HPDF_Page_EndText(page);
	sb_free(&sb);
	if (e->status != 0) {
		*cause = errmsg(e, "drawing a page");
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
	size_t f, p, len, got;
	HPDF_UINT32 size;
	HPDF_UINT32 n;
	char *buf = NULL;
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
	if (HPDF_UseUTFEncodings(pdf) != HPDF_OK ||
	    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK) {
		*cause = errmsg(&e, "setting up libharu");
		goto out;
	}
	for (f = 0; f < fs->nfaces; f++)
		if (use[f].n > 0 && load_face(pdf, fs->faces[f], &use[f], &e,
		    cause) != 0)
			goto out;
	for (p = 0; p < doc->npages; p++)
		if (draw_page(pdf, &doc->pages[p], fs, use, &e, cause) != 0)
			goto out;
	if (HPDF_SaveToStream(pdf) != HPDF_OK) {
		*cause = errmsg(&e, "HPDF_SaveToStream");
		goto out;
	}
	size = HPDF_GetStreamSize(pdf);
	HPDF_ResetStream(pdf);
	buf = xmalloc(size + 1);
	for (len = 0; len < size; len += got) {
		n = size - len;
		if (HPDF_ReadFromStream(pdf, (HPDF_BYTE *)buf + len, &n) !=
		    HPDF_OK && n == 0)
			break;
		got = n;
		if (got == 0)
			break;
	}
	if (len != size) {
		*cause = errmsg(&e, "reading the PDF back");
		free(buf);
		goto out;
	}
	*out = buf;
	*outlen = len;
	rc = 0;
out:
	HPDF_Free(pdf);
out_use:
	for (f = 0; f < fs->nfaces; f++)
		free(use[f].codes);
	free(use);
	return rc;
}
