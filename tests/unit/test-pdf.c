/*
 * test-pdf.c - the fonts pdf.c writes: codes equal to the subset's glyph
 * ids (CIDToGIDMap /Identity) unless two characters share a glyph (then a
 * map stream, both codes to the one glyph), a ToUnicode map giving back
 * every character as typed (selector and surrogate pair included, runs as
 * bfrange), and a font program holding only the tables a CIDFont needs,
 * with /Length1 its true length. The PDF is read back here with zlib.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>

#include "pdf/pdf.h"
#include "unit/fixture.h"

static struct fontset *fs;

static int
setup(void **state)
{
	(void)state;
	return (fs = fixture_fonts()) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	fontset_free(fs);
	return 0;
}

/* One object of the PDF: its dictionary text and its stream inflated. */
struct obj {
	char *dict;
	unsigned char *data;
	size_t len;
};

/* memmem is a GNU extension. */
static const void *
find(const void *hay, size_t n, const char *needle, size_t m)
{
	const char *h = hay;
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (memcmp(h + i, needle, m) == 0)
			return h + i;
	return NULL;
}

static unsigned char *
inflate_all(const char *z, size_t zlen, size_t *len)
{
	uLongf cap = 1 << 20;
	unsigned char *out = xmalloc(cap);

	assert_int_equal(uncompress(out, &cap, (const Bytef *)z, (uLong)zlen),
	    Z_OK);
	*len = cap;
	return out;
}

/* Every object with a stream, in file order. */
static size_t
read_objs(const char *pdf, size_t len, struct obj *objs, size_t max)
{
	const char *p = pdf, *end = pdf + len, *s, *e, *o;
	size_t n = 0;

	while (n < max && (s = find(p, (size_t)(end - p), "stream\r\n",
	    8)) != NULL) {
		e = find(s, (size_t)(end - s), "\nendstream", 10);
		assert_non_null(e);
		for (o = s; o > pdf && memcmp(o, " obj", 4) != 0; o--)
			;
		objs[n].dict = xstrndup(o, (size_t)(s - o));
		objs[n].data = inflate_all(s + 8, (size_t)(e - s - 8),
		    &objs[n].len);
		n++;
		p = e + 10;
	}
	return n;
}

static int
has(const struct obj *o, const char *s)
{
	return find(o->data, o->len, s, strlen(s)) != NULL;
}

/* A text run of the characters (cp, vs pairs ending in 0, 0) in the
 * first face of the chain that has them all. */
static void
run_of(struct dl_op *op, const uint32_t *cv, double y)
{
	const struct font_chain *ch = fontset_chain(fs, "mincho");
	size_t n = 0, i;
	double x = 50;
	int face;
	uint16_t gid;

	while (cv[2 * n] != 0)
		n++;
	memset(op, 0, sizeof *op);
	op->kind = DL_TEXT;
	op->size = 12;
	op->y = y;
	op->glyphs = xcalloc(n, sizeof *op->glyphs);
	op->nglyphs = n;
	for (i = 0; i < n; i++) {
		assert_int_equal(fontset_resolve(ch, fs, cv[2 * i],
		    cv[2 * i + 1], &face, &gid), 0);
		if (i == 0)
			op->face = face;
		assert_int_equal(face, op->face);
		op->glyphs[i].cp = cv[2 * i];
		op->glyphs[i].vs = cv[2 * i + 1];
		op->glyphs[i].gid = gid;
		op->glyphs[i].x = x;
		x += layout_advance(fs, face, gid, op->size);
	}
}

static void
free_doc(struct dl_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->pages[0].nops; i++)
		free(doc->pages[0].ops[i].glyphs);
	free(doc->pages[0].ops);
	free(doc->pages);
}

/* 1. 一 and 一+U+E0100 (BIZ UD明朝 has one glyph for both), digits, and
 * 𠮷 (IPAmj明朝): the codes, the maps and the font programs. */
static void
test_fonts(void **state)
{
	static const uint32_t mincho[] = { 0x4E00, 0, 0x4E00, 0xE0100,
	    '0', 0, '1', 0, '2', 0, '3', 0, '4', 0, '5', 0, '6', 0, '7', 0,
	    '8', 0, '9', 0, 0, 0 };
	static const uint32_t ipamj[] = { 0x20BB7, 0, 0, 0 };
	struct dl_doc doc;
	struct obj objs[32];
	char *pdf = NULL, *pdf2 = NULL, *cause = NULL, *p;
	size_t len, len2, n, i, tu = 0, fonts = 0, maps = 0;
	const struct obj *biz = NULL, *mj = NULL, *map = NULL;

	(void)state;
	doc.npages = 1;
	doc.pages = xcalloc(1, sizeof *doc.pages);
	doc.pages[0].width = 595.27557;
	doc.pages[0].height = 841.88977;
	doc.pages[0].ops = xcalloc(2, sizeof *doc.pages[0].ops);
	doc.pages[0].nops = 2;
	run_of(&doc.pages[0].ops[0], mincho, 700);
	run_of(&doc.pages[0].ops[1], ipamj, 650);
	assert_int_not_equal(doc.pages[0].ops[0].face,
	    doc.pages[0].ops[1].face);
	if (pdf_write(&doc, fs, &pdf, &len, &cause) != 0 ||
	    pdf_write(&doc, fs, &pdf2, &len2, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(len, len2);
	assert_memory_equal(pdf, pdf2, len);

	/* One map stream (BIZ UD), one /Identity (IPAmj). */
	for (p = pdf; (p = (char *)find(p, (size_t)(pdf + len - p),
	    "/CIDToGIDMap ", 13)) != NULL; p++) {
		if (strncmp(p + 13, "/Identity", 9) == 0)
			fonts++;
		else
			maps++;
	}
	assert_int_equal(fonts, 1);
	assert_int_equal(maps, 1);

	n = read_objs(pdf, len, objs, 32);
	for (i = 0; i < n; i++) {
		if (has(&objs[i], "begincmap")) {
			tu++;
			if (has(&objs[i], "<D842DFB7>"))
				mj = &objs[i];
			else
				biz = &objs[i];
		} else if (strstr(objs[i].dict, "/Length1") != NULL) {
			char want[32];
			/* Length1 is the program's length; only the six
			 * tables a CIDFont needs. */
			snprintf(want, sizeof want, "/Length1 %zu",
			    objs[i].len);
			assert_non_null(strstr(objs[i].dict, want));
			assert_int_equal(objs[i].data[0], 0);
			assert_int_equal(objs[i].data[1], 1);
			assert_int_equal(objs[i].data[5], 6);
		} else if (objs[i].len % 2 == 0 && objs[i].len < 64 &&
		    strstr(objs[i].dict, "/Length ") != NULL &&
		    !has(&objs[i], "Tj"))
			map = &objs[i];
	}
	assert_int_equal(tu, 2);
	assert_non_null(biz);
	assert_non_null(mj);
	/* Both forms of 一 come back as typed; the digits are one range. */
	assert_true(has(biz, "> <4E00>\n"));
	assert_true(has(biz, "> <4E00DB40DD00>\n"));
	assert_true(has(biz, "1 beginbfrange\n"));
	assert_true(has(biz, "> <0030>\n"));
	assert_false(has(biz, "> <0031>\n"));
	/* The map sends both codes of 一 to one glyph. */
	assert_non_null(map);
	{
		unsigned g, same = 0, k, j;
		for (k = 0; k + 1 < map->len; k += 2) {
			g = (unsigned)(map->data[k] << 8 | map->data[k + 1]);
			for (j = k + 2; g != 0 && j + 1 < map->len; j += 2)
				if ((unsigned)(map->data[j] << 8 |
				    map->data[j + 1]) == g)
					same++;
		}
		assert_int_equal(same, 1);
	}
	for (i = 0; i < n; i++) {
		free(objs[i].dict);
		free(objs[i].data);
	}
	free(pdf);
	free(pdf2);
	free_doc(&doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fonts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
