/*
 * test-ttf.c - the TrueType reader and the subsetter, against the real
 * fonts kakanai ships with (BIZ UD明朝/ゴシック, IPAmj明朝), and against
 * damaged copies of them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>

#include "font/font.h"

#define BIZ_MINCHO "/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf"
#define BIZ_GOTHIC "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf"
#define IPAMJ "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"

static struct ttf *
must_open(const char *path)
{
	char *cause = NULL;
	struct ttf *t = ttf_open(path, &cause);

	if (t == NULL)
		fail_msg("%s", cause);
	return t;
}

/* A private temporary file holding data; caller unlinks and frees. */
static char *
temp_file(const void *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = xasprintf("%s/test-ttf-XXXXXX", dir ? dir : "/tmp");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* 1. Names, metrics and header values. */
static void
test_names(void **state)
{
	static const struct {
		const char *path, *display, *ps;
	} cases[] = {
		{ BIZ_MINCHO, "BIZ UD明朝", "BIZUDMincho-Regular" },
		{ BIZ_GOTHIC, "BIZ UDゴシック", "BIZUDGothic-Regular" },
		{ IPAMJ, "IPAmj明朝", "IPAmjMincho" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		struct ttf *t = must_open(cases[i].path);
		assert_string_equal(ttf_display_name(t), cases[i].display);
		assert_string_equal(ttf_postscript_name(t), cases[i].ps);
		assert_string_equal(ttf_path(t), cases[i].path);
		assert_int_equal(ttf_units_per_em(t), 2048);
		assert_true(ttf_ascent(t) > 0);
		assert_true(ttf_descent(t) < 0);
		assert_true(ttf_ascent(t) - ttf_descent(t) >= 2048);
		assert_true(ttf_num_glyphs(t) > 10000);
		ttf_close(t);
	}
}

/* 2. Which font has which character (domain.md §6). */
static void
test_presence(void **state)
{
	static const struct {
		uint32_t cp, vs;
		int biz, ipamj;		/* has the exact glyph */
	} cases[] = {
		/* 1 */ { 0x9AD9, 0, 1, 1 },		/* 髙 */
		/* 2 */ { 0xFA11, 0, 1, 1 },		/* 﨑 */
		/* 3 */ { 0x20BB7, 0, 0, 1 },		/* 𠮷 */
		/* 4 */ { 0x20B9F, 0, 1, 1 },		/* 𠮟 */
		/* 5 */ { 0x8FBB, 0xE0102, 0, 1 },	/* 辻 one dot */
		/* 6 */ { 0x8FBB, 0xE0103, 0, 1 },	/* 辻 two dots */
		/* 7 */ { 0x845B, 0xE0100, 1, 0 },	/* 葛 (葛城市) */
		/* 8 */ { 0x845B, 0xE0101, 1, 0 },	/* 葛 (葛飾区) */
		/* 9 */ { 0x845B, 0xE0102, 0, 1 },	/* 葛 MJ */
		/* 10 */ { 0x845B, 0xE0109, 0, 0 },	/* in neither */
		/* 11 */ { 0x8FBB, 0xE0104, 0, 0 },	/* in neither */
		/* 12 */ { 0x8FBB, 0xE0100, 1, 0 },
		/* 13 */ { 0x845B, 0, 1, 1 },
		/* 14 */ { 0x41, 0, 1, 1 },
		/* 15 */ { 0x3042, 0, 1, 1 },		/* あ */
		/* 16 */ { 0x10FFFF, 0, 0, 0 },
		/* 17 */ { 0xE0100, 0, 0, 0 },		/* a selector alone */
	};
	struct ttf *biz = must_open(BIZ_MINCHO), *gothic = must_open(BIZ_GOTHIC);
	struct ttf *ipa = must_open(IPAMJ);
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		uint16_t b = ttf_glyph_vs(biz, cases[i].cp, cases[i].vs);
		uint16_t g = ttf_glyph_vs(gothic, cases[i].cp, cases[i].vs);
		uint16_t m = ttf_glyph_vs(ipa, cases[i].cp, cases[i].vs);
		if ((b != 0) != cases[i].biz || (g != 0) != cases[i].biz ||
		    (m != 0) != cases[i].ipamj)
			fail_msg("case %zu U+%04X U+%04X: biz %u gothic %u "
			    "ipamj %u", i + 1, cases[i].cp, cases[i].vs, b, g,
			    m);
		if (cases[i].vs == 0)
			assert_int_equal(b, ttf_glyph(biz, cases[i].cp));
	}
	ttf_close(biz);
	ttf_close(gothic);
	ttf_close(ipa);
}

/* 3. Variation sequences reach different glyphs; default ones the base. */
static void
test_variants(void **state)
{
	struct ttf *biz = must_open(BIZ_MINCHO), *ipa = must_open(IPAMJ);
	uint16_t kuzu = ttf_glyph(biz, 0x845B);
	const uint8_t *d1, *d2;
	size_t l1, l2;

	(void)state;
	/* BIZ UD: 葛+E0100 is its own glyph with a different outline;
	 * 葛+E0101 is a default sequence, drawn with plain 葛's glyph. */
	assert_int_not_equal(ttf_glyph_vs(biz, 0x845B, 0xE0100), kuzu);
	assert_int_equal(ttf_glyph_vs(biz, 0x845B, 0xE0101), kuzu);
	assert_int_equal(ttf_glyph_data(biz, kuzu, &d1, &l1), 0);
	assert_int_equal(ttf_glyph_data(biz,
	    ttf_glyph_vs(biz, 0x845B, 0xE0100), &d2, &l2), 0);
	assert_true(l1 > 0 && l2 > 0);
	assert_false(l1 == l2 && memcmp(d1, d2, l1) == 0);
	/* IPAmj: one-dot and two-dot 辻 differ, 葛+E0102 is not plain 葛. */
	assert_int_not_equal(ttf_glyph_vs(ipa, 0x8FBB, 0xE0102),
	    ttf_glyph_vs(ipa, 0x8FBB, 0xE0103));
	assert_int_not_equal(ttf_glyph_vs(ipa, 0x845B, 0xE0102), 0);
	/* vs 0 is the plain lookup. */
	assert_int_equal(ttf_glyph_vs(ipa, 0x20BB7, 0), ttf_glyph(ipa, 0x20BB7));
	ttf_close(biz);
	ttf_close(ipa);
}

/* 4. Advance widths: full-width ideographs and kana are one em, BIZ UD's
 * Latin letters half an em. */
static void
test_advances(void **state)
{
	static const struct {
		const char *path;
		uint32_t cp, vs;
		int adv;
	} cases[] = {
		{ BIZ_MINCHO, 0x5C71, 0, 2048 },	/* 山 */
		{ BIZ_MINCHO, 0x9AD9, 0, 2048 },
		{ BIZ_MINCHO, 0x845B, 0xE0100, 2048 },
		{ BIZ_MINCHO, 0x3042, 0, 2048 },
		{ BIZ_MINCHO, 0x3000, 0, 2048 },	/* ideographic space */
		{ BIZ_MINCHO, 0x41, 0, 1024 },
		{ BIZ_GOTHIC, 0x31, 0, 1024 },
		{ IPAMJ, 0x20BB7, 0, 2048 },
		{ IPAMJ, 0x8FBB, 0xE0103, 2048 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		struct ttf *t = must_open(cases[i].path);
		uint16_t g = ttf_glyph_vs(t, cases[i].cp, cases[i].vs);
		assert_int_not_equal(g, 0);
		assert_int_equal(ttf_advance(t, g), cases[i].adv);
		ttf_close(t);
	}
}

/* Exercise every lookup on a font that opened (possibly damaged). */
static void
poke(struct ttf *t)
{
	static const uint32_t cps[] = { 0x41, 0x845B, 0x8FBB, 0x9AD9, 0xFA11,
	    0x20BB7, 0x20B9F, 0xFFFF, 0x10FFFF, 0 };
	static const uint32_t vss[] = { 0, 0xE0100, 0xE0101, 0xE0102, 0xE0103,
	    0xFE00 };
	struct ttf_subset_map map[nitems(cps)];
	size_t i, j, n = 0, len;
	const uint8_t *d;
	char *out = NULL, *cause = NULL;

	for (i = 0; i < nitems(cps); i++) {
		for (j = 0; j < nitems(vss); j++) {
			uint16_t g = ttf_glyph_vs(t, cps[i], vss[j]);
			(void)ttf_advance(t, g);
			(void)ttf_lsb(t, g);
			(void)ttf_glyph_data(t, g, &d, &len);
			if (j == 0 && g != 0) {
				map[n].gid = g;
				map[n].code = (uint16_t)(0xE000 + n);
				n++;
			}
		}
	}
	if (ttf_subset(t, map, n, &out, &len, &cause) == 0)
		free(out);
	else
		free(cause);
}

/* 5. Truncated files are refused with a message naming what is wrong. */
static void
test_truncated(void **state)
{
	char *cause = NULL, *data, *path;
	size_t len, i;
	const uint8_t *p;
	struct ttf *t;
	size_t cuts[10];

	(void)state;
	data = file_read(BIZ_MINCHO, &len, &cause);
	assert_non_null(data);
	t = ttf_open_mem(data, len, "whole", &cause);
	assert_non_null(t);
	cuts[0] = 0;
	cuts[1] = 11;
	cuts[2] = 12 + 16 * 3 + 5;		/* inside the directory */
	p = ttf_table(t, "head", &i);
	cuts[3] = (size_t)(p - (const uint8_t *)data) + 20;
	p = ttf_table(t, "cmap", &i);
	cuts[4] = (size_t)(p - (const uint8_t *)data) + i - 1;
	p = ttf_table(t, "name", &i);
	cuts[5] = (size_t)(p - (const uint8_t *)data) + i / 2;
	p = ttf_table(t, "glyf", &i);
	cuts[6] = (size_t)(p - (const uint8_t *)data) + i / 2;
	p = ttf_table(t, "hmtx", &i);
	cuts[7] = (size_t)(p - (const uint8_t *)data) + 3;
	cuts[8] = len / 2;
	cuts[9] = len - 1;
	ttf_close(t);

	for (i = 0; i < nitems(cuts); i++) {
		/* From memory and from a file: both refuse. */
		t = ttf_open_mem(data, cuts[i], "cut", &cause);
		if (t != NULL)
			fail_msg("cut at %zu accepted", cuts[i]);
		assert_non_null(strstr(cause, "cut: "));
		free(cause);
		path = temp_file(data, cuts[i]);
		t = ttf_open(path, &cause);
		unlink(path);
		if (t != NULL)
			fail_msg("cut file at %zu accepted", cuts[i]);
		assert_non_null(strstr(cause, path));
		free(cause);
		free(path);
	}
	free(data);
}

/* Set the big-endian uint32/uint16 at p. */
static void
set32(char *p, uint32_t v)
{
	p[0] = (char)(v >> 24);
	p[1] = (char)(v >> 16);
	p[2] = (char)(v >> 8);
	p[3] = (char)v;
}

static void
set16(char *p, uint32_t v)
{
	p[0] = (char)(v >> 8);
	p[1] = (char)v;
}

/* Offset of a table's directory record in data. */
static size_t
dir_record(const char *data, const char *tag)
{
	size_t n = (size_t)((uint8_t)data[4] << 8 | (uint8_t)data[5]), i;

	for (i = 0; i < n; i++) {
		if (memcmp(data + 12 + 16 * i, tag, 4) == 0)
			return 12 + 16 * i;
	}
	fail_msg("no %s", tag);
	return 0;
}

static size_t
table_off(const char *data, const char *tag)
{
	const uint8_t *r = (const uint8_t *)data + dir_record(data, tag) + 8;

	return (size_t)r[0] << 24 | (size_t)r[1] << 16 | (size_t)r[2] << 8 |
	    r[3];
}

/* 6. Targeted damage: each is refused with the table named. */
static void
test_damaged(void **state)
{
	static const struct {
		const char *what;
		const char *want;	/* in the message */
	} cases[] = {
		/* 1 */ { "magic", "not a TrueType font" },
		/* 2 */ { "cff", "OpenType/CFF" },
		/* 3 */ { "numtables", "table runs past the end" },
		/* 4 */ { "cmap-offset", "cmap: table runs past" },
		/* 5 */ { "head-magic", "head: bad magic" },
		/* 6 */ { "upem", "head: unitsPerEm" },
		/* 7 */ { "numglyphs", "maxp: no glyphs" },
		/* 8 */ { "hmetrics", "hhea: numberOfHMetrics" },
		/* 9 */ { "cmap-subtable", "cmap: subtable" },
		/* 10 */ { "cmap-count", "cmap: encoding records" },
		/* 11 */ { "name-count", "name: " },
		/* 12 */ { "loca-len", "loca: table too short" },
		/* 13 */ { "no-head", "head: table missing" },
	};
	char *cause = NULL, *data, *copy;
	size_t len, i;

	(void)state;
	data = file_read(BIZ_MINCHO, &len, &cause);
	assert_non_null(data);
	copy = xmalloc(len);
	for (i = 0; i < nitems(cases); i++) {
		const char *w = cases[i].what;
		struct ttf *t;

		memcpy(copy, data, len);
		if (strcmp(w, "magic") == 0)
			set32(copy, 0x12345678);
		else if (strcmp(w, "cff") == 0)
			memcpy(copy, "OTTO", 4);
		else if (strcmp(w, "numtables") == 0)
			set16(copy + 4, 0xFFFF);	/* garbage records */
		else if (strcmp(w, "cmap-offset") == 0)
			set32(copy + dir_record(copy, "cmap") + 8, 0xFFFFFFF0);
		else if (strcmp(w, "head-magic") == 0)
			set32(copy + table_off(copy, "head") + 12, 0);
		else if (strcmp(w, "upem") == 0)
			set16(copy + table_off(copy, "head") + 18, 0);
		else if (strcmp(w, "numglyphs") == 0)
			set16(copy + table_off(copy, "maxp") + 4, 0);
		else if (strcmp(w, "hmetrics") == 0)
			set16(copy + table_off(copy, "hhea") + 34, 0xFFFF);
		else if (strcmp(w, "cmap-subtable") == 0)
			set32(copy + table_off(copy, "cmap") + 8, 0x7FFFFFFF);
		else if (strcmp(w, "cmap-count") == 0)
			set16(copy + table_off(copy, "cmap") + 2, 0xFFFF);
		else if (strcmp(w, "name-count") == 0)
			set16(copy + table_off(copy, "name") + 2, 0xFFFF);
		else if (strcmp(w, "loca-len") == 0)
			set32(copy + dir_record(copy, "loca") + 12, 8);
		else if (strcmp(w, "no-head") == 0)
			memcpy(copy + dir_record(copy, "head"), "xxxx", 4);
		t = ttf_open_mem(copy, len, "damaged.ttf", &cause);
		if (t != NULL)
			fail_msg("case %zu (%s) accepted", i + 1, w);
		if (strstr(cause, cases[i].want) == NULL ||
		    strncmp(cause, "damaged.ttf: ", 13) != 0)
			fail_msg("case %zu (%s): \"%s\"", i + 1, w, cause);
		free(cause);
	}
	free(copy);
	free(data);
}

/* 7. Random damage in the tables that are read: never a crash (run under
 * ASan and valgrind), whether the font is refused or not. */
static void
test_garbage(void **state)
{
	static const char *const tags[] = { "cmap", "cmap", "cmap", "head",
	    "hhea", "maxp", "name", "loca", "glyf", "hmtx" };
	char *cause = NULL, *data;
	size_t len, i, refused = 0;
	unsigned seed = 12345;

	(void)state;
	data = file_read(BIZ_MINCHO, &len, &cause);
	assert_non_null(data);
	for (i = 0; i < 400; i++) {
		char saved[8];
		size_t at[8], k, nflip = 1 + i % 8, rec, off, tlen;
		const char *tag = tags[i % nitems(tags)];
		struct ttf *t;

		rec = dir_record(data, tag);
		off = table_off(data, tag);
		tlen = (size_t)((uint8_t)data[rec + 12]) << 24 |
		    (size_t)((uint8_t)data[rec + 13]) << 16 |
		    (size_t)((uint8_t)data[rec + 14]) << 8 |
		    (uint8_t)data[rec + 15];
		for (k = 0; k < nflip; k++) {
			seed = seed * 1103515245 + 12345;
			/* Mostly near the table's start, where the headers
			 * and the first records are; sometimes anywhere. */
			if (k % 2 == 0)
				at[k] = off + (seed >> 8) % (tlen < 512 ? tlen : 512);
			else if (k % 4 == 1)
				at[k] = off + (seed >> 8) % tlen;
			else
				at[k] = (seed >> 8) % (12 + 16 * 20);
			saved[k] = data[at[k]];
			seed = seed * 1103515245 + 12345;
			data[at[k]] = (char)(seed >> 16);
		}
		t = ttf_open_mem(data, len, "garbage", &cause);
		if (t == NULL) {
			assert_non_null(cause);
			free(cause);
			refused++;
		} else {
			poke(t);
			ttf_close(t);
		}
		while (k-- > 0)
			data[at[k]] = saved[k];
	}
	assert_true(refused > 0);
	free(data);
}

/* Sum of a font's big-endian words, as for checkSumAdjustment. */
static uint32_t
font_sum(const char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	assert_int_equal(len % 4, 0);
	for (i = 0; i < len; i += 4)
		sum += (uint32_t)(uint8_t)p[i] << 24 |
		    (uint32_t)(uint8_t)p[i + 1] << 16 |
		    (uint32_t)(uint8_t)p[i + 2] << 8 | (uint8_t)p[i + 3];
	return sum;
}

/* 8. Subset round trip: the subset, read back from a private temporary
 * file, maps each code to a glyph with the same advance and outline. */
static void
test_subset(void **state)
{
	static const struct {
		const char *path;
		uint32_t cp, vs;
		uint16_t code;
	} cases[] = {
		{ BIZ_MINCHO, 0x5C71, 0, 0x5C71 },		/* 山 */
		{ BIZ_MINCHO, 0x5CA1, 0, 0x5CA1 },		/* 岡 */
		{ BIZ_MINCHO, 0x5DDD, 0, 0x5DDD },		/* 川 */
		{ BIZ_MINCHO, 0x5E02, 0, 0x5E02 },		/* 市 */
		{ BIZ_MINCHO, 0x7530, 0, 0x7530 },		/* 田 */
		{ BIZ_MINCHO, 0x42, 0, 0x42 },
		{ BIZ_MINCHO, 0x43, 0, 0x43 },
		{ BIZ_MINCHO, 0x9AD9, 0, 0x9AD9 },		/* 髙 */
		{ BIZ_MINCHO, 0xFA11, 0, 0xFA11 },		/* 﨑 */
		{ BIZ_MINCHO, 0x845B, 0, 0x845B },		/* 葛 */
		{ BIZ_MINCHO, 0x845B, 0xE0100, 0xE000 },	/* 葛 (葛城市) */
		{ BIZ_MINCHO, 0x20B9F, 0, 0xE001 },		/* 𠮟 */
		{ BIZ_MINCHO, 0x41, 0, 0x41 },
		{ BIZ_MINCHO, 0x20, 0, 0x20 },			/* empty glyph */
		{ IPAMJ, 0x20BB7, 0, 0xE000 },			/* 𠮷 */
		{ IPAMJ, 0x8FBB, 0xE0102, 0xE001 },
		{ IPAMJ, 0x8FBB, 0xE0103, 0xE002 },
		{ IPAMJ, 0x845B, 0xE0102, 0xE003 },
		{ IPAMJ, 0x91CE, 0, 0x91CE },			/* 野 */
	};
	const char *fonts[] = { BIZ_MINCHO, IPAMJ };
	size_t f, i;

	(void)state;
	for (f = 0; f < nitems(fonts); f++) {
		struct ttf *t = must_open(fonts[f]), *s;
		struct ttf_subset_map map[nitems(cases)];
		char *out, *out2, *cause = NULL, *path;
		size_t n = 0, len, len2;

		for (i = 0; i < nitems(cases); i++) {
			if (cases[i].path != fonts[f])
				continue;
			map[n].gid = ttf_glyph_vs(t, cases[i].cp, cases[i].vs);
			map[n].code = cases[i].code;
			assert_int_not_equal(map[n].gid, 0);
			n++;
		}
		if (ttf_subset(t, map, n, &out, &len, &cause) != 0)
			fail_msg("%s", cause);
		/* Deterministic, whatever the order of the map. */
		map[n] = map[0];
		if (ttf_subset(t, map + 1, n, &out2, &len2, &cause) != 0)
			fail_msg("%s", cause);
		assert_int_equal(len, len2);
		assert_memory_equal(out, out2, len);
		free(out2);
		assert_true(len < 32 * 1024);
		assert_int_equal(font_sum(out, len), 0xB1B0AFBA);

		path = temp_file(out, len);
		s = ttf_open(path, &cause);
		unlink(path);
		free(path);
		if (s == NULL)
			fail_msg("%s", cause);
		/* "ABCDEF+" and the font's own PostScript name. */
		assert_int_equal(strlen(ttf_postscript_name(s)),
		    7 + strlen(ttf_postscript_name(t)));
		assert_int_equal(ttf_postscript_name(s)[6], '+');
		assert_string_equal(ttf_postscript_name(s) + 7,
		    ttf_postscript_name(t));
		assert_string_equal(ttf_display_name(s), ttf_display_name(t));
		assert_int_equal(ttf_units_per_em(s), ttf_units_per_em(t));
		assert_int_equal(ttf_ascent(s), ttf_ascent(t));
		assert_int_equal(ttf_descent(s), ttf_descent(t));
		assert_int_equal(ttf_glyph(s, 0x4E00), 0);	/* 一: not kept */
		assert_int_equal(ttf_glyph(s, 0x5C72), 0);	/* inside a segment */
		assert_int_equal(ttf_glyph(s, 0x44), 0);
		for (i = 0; i < n; i++) {
			uint16_t g = ttf_glyph(s, map[i].code);
			const uint8_t *d1, *d2;
			size_t l1, l2;
			assert_int_not_equal(g, 0);
			assert_int_equal(ttf_advance(s, g),
			    ttf_advance(t, map[i].gid));
			assert_int_equal(ttf_lsb(s, g), ttf_lsb(t, map[i].gid));
			assert_int_equal(ttf_glyph_data(s, g, &d1, &l1), 0);
			assert_int_equal(ttf_glyph_data(t, map[i].gid, &d2,
			    &l2), 0);
			assert_int_equal(l1, l2);
			if (l1 >= 2 && (int16_t)(d1[0] << 8 | d1[1]) >= 0)
				assert_memory_equal(d1, d2, l1);
		}
		ttf_close(s);
		free(out);
		ttf_close(t);
	}
}

/* Overwrite glyph gid of a font in buf with a composite glyph drawing
 * component comp:
 *   <-1:2> <bbox:8> <flags:2 = ARG_1_AND_2_ARE_WORDS|ARGS_ARE_XY_VALUES>
 *   <glyphIndex:2> <dx:2> <dy:2>
 * The glyph's remaining bytes are left as they are (ignored). */
static void
make_composite(char *buf, size_t len, uint16_t gid, uint16_t comp)
{
	char *cause = NULL;
	struct ttf *t = ttf_open_mem(buf, len, "buf", &cause);
	const uint8_t *d;
	size_t glen;
	char *p;

	assert_non_null(t);
	assert_int_equal(ttf_glyph_data(t, gid, &d, &glen), 0);
	assert_true(glen >= 18);
	p = buf + (d - (const uint8_t *)buf);
	set16(p, 0xFFFF);
	set16(p + 10, 0x0003);
	set16(p + 12, comp);
	set16(p + 14, 10);
	set16(p + 16, 0);
	ttf_close(t);
}

/* 9. Composite glyphs bring their components (transitively), renumbered.
 * The fonts we ship have no composite glyphs, so one is made: a 5-glyph
 * subset whose glyph 1 is made a composite of glyph 4, and glyph 4 a
 * composite of glyph 3. Subsetting glyph 1 alone must keep {0, 1, 3, 4}
 * as {0, 1, 2, 3}: the references become 4 -> 3 and 3 -> 2. */
static void
test_subset_composite(void **state)
{
	static const uint32_t cps[] = { 0x5C71, 0x7530, 0x845B, 0x9AD9 };
	struct ttf *t = must_open(IPAMJ), *s;
	struct ttf_subset_map map[4];
	const uint8_t *d, *a, *b;
	size_t len, outlen, len2, la, lb, i;
	char *out, *out2, *cause = NULL;
	uint16_t g;

	(void)state;
	for (i = 0; i < 4; i++) {
		map[i].gid = ttf_glyph(t, cps[i]);
		map[i].code = (uint16_t)cps[i];
	}
	if (ttf_subset(t, map, 4, &out, &outlen, &cause) != 0)
		fail_msg("%s", cause);
	ttf_close(t);
	make_composite(out, outlen, 1, 4);
	make_composite(out, outlen, 4, 3);
	t = ttf_open_mem(out, outlen, "composite", &cause);
	assert_non_null(t);
	assert_int_equal(ttf_num_glyphs(t), 5);
	map[0].gid = 1;
	map[0].code = 0xE000;
	if (ttf_subset(t, map, 1, &out2, &len2, &cause) != 0)
		fail_msg("%s", cause);
	s = ttf_open_mem(out2, len2, "subset", &cause);
	assert_non_null(s);
	assert_int_equal(ttf_num_glyphs(s), 4);
	g = ttf_glyph(s, 0xE000);
	assert_int_equal(g, 1);
	assert_int_equal(ttf_glyph_data(s, 1, &d, &len), 0);
	assert_int_equal(d[12] << 8 | d[13], 3);
	assert_int_equal(ttf_glyph_data(s, 3, &d, &len), 0);
	assert_int_equal(d[0] << 8 | d[1], 0xFFFF);
	assert_int_equal(d[12] << 8 | d[13], 2);
	/* The plain outline at the bottom is the old glyph 3, unchanged. */
	assert_int_equal(ttf_glyph_data(s, 2, &a, &la), 0);
	assert_int_equal(ttf_glyph_data(t, 3, &b, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_int_equal(ttf_advance(s, 2), ttf_advance(t, 3));
	ttf_close(s);
	free(out2);

	/* A component outside the font is refused. */
	make_composite(out, outlen, 1, 999);
	map[0].gid = 1;
	assert_int_equal(ttf_subset(t, map, 1, &out2, &len2, &cause), -1);
	assert_non_null(strstr(cause, "composite"));
	free(cause);
	ttf_close(t);
	free(out);
}

/* 10. Without hints: same outlines and advances, no instructions, no
 * cvt/fpgm/prep, a smaller file. */
static void
test_subset_no_hints(void **state)
{
	static const uint32_t cps[] = { 0x5C71, 0x845B, 0x9AD9, 0x41, 0x20 };
	const char *fonts[] = { BIZ_MINCHO, IPAMJ };
	size_t f, i;

	(void)state;
	for (f = 0; f < nitems(fonts); f++) {
		struct ttf *t = must_open(fonts[f]), *s;
		struct ttf_subset_map map[nitems(cps)];
		char *hinted, *plain, *cause = NULL;
		size_t hlen, plen, tl;

		for (i = 0; i < nitems(cps); i++) {
			map[i].gid = ttf_glyph(t, cps[i]);
			map[i].code = (uint16_t)cps[i];
		}
		assert_int_equal(ttf_subset(t, map, nitems(cps), &hinted,
		    &hlen, &cause), 0);
		assert_int_equal(ttf_subset_flags(t, map, nitems(cps),
		    TTF_SUBSET_NO_HINTS, &plain, &plen, &cause), 0);
		assert_true(plen < hlen);
		assert_int_equal(font_sum(plain, plen), 0xB1B0AFBA);
		s = ttf_open_mem(plain, plen, "plain", &cause);
		assert_non_null(s);
		assert_null(ttf_table(s, "fpgm", &tl));
		assert_null(ttf_table(s, "prep", &tl));
		assert_null(ttf_table(s, "cvt ", &tl));
		for (i = 0; i < nitems(cps); i++) {
			uint16_t g = ttf_glyph(s, cps[i]);
			const uint8_t *a, *b;
			size_t la, lb, n, il;
			assert_int_equal(ttf_advance(s, g),
			    ttf_advance(t, map[i].gid));
			assert_int_equal(ttf_glyph_data(s, g, &a, &la), 0);
			assert_int_equal(ttf_glyph_data(t, map[i].gid, &b, &lb),
			    0);
			if (lb == 0) {
				assert_int_equal(la, 0);
				continue;
			}
			/* Header and end points equal, instructions gone,
			 * the points after them equal. */
			n = 10 + 2 * (size_t)(b[0] << 8 | b[1]);
			il = (size_t)(b[n] << 8 | b[n + 1]);
			assert_int_equal(la, lb - il);
			assert_memory_equal(a, b, n);
			assert_int_equal(a[n] << 8 | a[n + 1], 0);
			assert_memory_equal(a + n + 2, b + n + 2 + il,
			    lb - n - 2 - il);
		}
		ttf_close(s);
		free(hinted);
		free(plain);
		ttf_close(t);
	}
}

/* The bytes and length of a table in a font file, by its directory. */
static const uint8_t *
dir_table(const char *font, const char *tag, size_t *len)
{
	const uint8_t *f = (const uint8_t *)font;
	size_t i, n = (size_t)(f[4] << 8 | f[5]);

	for (i = 0; i < n; i++) {
		const uint8_t *r = f + 12 + 16 * i;
		if (memcmp(r, tag, 4) == 0) {
			*len = (size_t)r[12] << 24 | (size_t)r[13] << 16 |
			    (size_t)r[14] << 8 | r[15];
			return f + ((size_t)r[8] << 24 | (size_t)r[9] << 16 |
			    (size_t)r[10] << 8 | r[11]);
		}
	}
	return NULL;
}

/* 12. The PDF form of a subset (TTF_SUBSET_PDF): only head, hhea, hmtx,
 * loca, maxp and glyf (no cmap, name, OS/2, post; no hints asked for, so
 * no cvt, fpgm, prep), a short loca, a valid checksum, and every glyph's
 * bytes and metrics the same as in the full unhinted subset - each glyph
 * at most one zero byte longer (the padding a short loca needs). */
static void
test_subset_pdf(void **state)
{
	static const uint32_t cps[] = { 0x5C71, 0x845B, 0x9AD9, 0x41, 0x20,
	    0x3042, 0x5409 };
	static const char *const kept[] = { "glyf", "head", "hhea", "hmtx",
	    "loca", "maxp" };
	const char *fonts[] = { BIZ_MINCHO, BIZ_GOTHIC, IPAMJ };
	size_t f, i;

	(void)state;
	for (f = 0; f < nitems(fonts); f++) {
		struct ttf *t = must_open(fonts[f]), *s;
		struct ttf_subset_map map[nitems(cps)];
		char *plain, *pdf, *cause = NULL;
		const uint8_t *loca, *glyf, *head, *hm1, *hm2, *maxp;
		size_t plen, flen, ll, gl, hl, ml1, ml2, ngl, tl, n = 0;

		for (i = 0; i < nitems(cps); i++) {
			if ((map[n].gid = ttf_glyph(t, cps[i])) == 0)
				continue;
			map[n].code = (uint16_t)cps[i];
			n++;
		}
		assert_true(n >= 5);
		assert_int_equal(ttf_subset_flags(t, map, n,
		    TTF_SUBSET_NO_HINTS, &plain, &plen, &cause), 0);
		assert_int_equal(ttf_subset_flags(t, map, n,
		    TTF_SUBSET_NO_HINTS | TTF_SUBSET_PDF, &pdf, &flen, &cause),
		    0);
		assert_true(flen < plen);
		assert_int_equal(font_sum(pdf, flen), 0xB1B0AFBA);
		assert_int_equal(((uint8_t)pdf[4] << 8 | (uint8_t)pdf[5]),
		    nitems(kept));
		for (i = 0; i < nitems(kept); i++)
			assert_non_null(dir_table(pdf, kept[i], &tl));
		assert_null(dir_table(pdf, "cmap", &tl));
		assert_null(dir_table(pdf, "name", &tl));
		s = ttf_open_mem(plain, plen, "plain", &cause);
		assert_non_null(s);
		head = dir_table(pdf, "head", &hl);
		assert_int_equal(head[50] << 8 | head[51], 0);	/* short */
		maxp = dir_table(pdf, "maxp", &tl);
		ngl = (size_t)(maxp[4] << 8 | maxp[5]);
		assert_int_equal(ngl, ttf_num_glyphs(s));
		hm1 = dir_table(pdf, "hmtx", &ml1);
		hm2 = ttf_table(s, "hmtx", &ml2);
		assert_int_equal(ml1, ml2);
		assert_memory_equal(hm1, hm2, ml1);
		loca = dir_table(pdf, "loca", &ll);
		glyf = dir_table(pdf, "glyf", &gl);
		assert_int_equal(ll, 2 * (ngl + 1));
		for (i = 0; i < ngl; i++) {
			size_t a = 2 * (size_t)(loca[2 * i] << 8 |
			    loca[2 * i + 1]);
			size_t b = 2 * (size_t)(loca[2 * i + 2] << 8 |
			    loca[2 * i + 3]);
			const uint8_t *d;
			size_t dl;

			assert_int_equal(ttf_glyph_data(s, (uint16_t)i, &d,
			    &dl), 0);
			assert_true(a <= b && b <= gl);
			assert_true(b - a == dl || (b - a == dl + 1 &&
			    glyf[b - 1] == 0));
			if (dl > 0)
				assert_memory_equal(glyf + a, d, dl);
		}
		ttf_close(s);
		free(plain);
		free(pdf);
		ttf_close(t);
	}
}

/* 13. ttf_subset_glyph_ids gives the ids the subset will use: glyph 0
 * first, then the kept glyphs in their old order, components included. */
static void
test_subset_glyph_ids(void **state)
{
	static const uint32_t cps[] = { 0x9AD9, 0x5C71, 0x845B, 0x7530 };
	struct ttf *t = must_open(IPAMJ), *c;
	struct ttf_subset_map map[nitems(cps)];
	uint16_t gids[nitems(cps)], ids[nitems(cps)], bad = 0xFFFF;
	size_t i, j, ng = 0, len, rank;
	char *out, *cause = NULL;

	(void)state;
	for (i = 0; i < nitems(cps); i++) {
		gids[i] = ttf_glyph(t, cps[i]);
		map[i].gid = gids[i];
		map[i].code = (uint16_t)cps[i];
	}
	assert_int_equal(ttf_subset_glyph_ids(t, gids, nitems(cps), ids, &ng,
	    &cause), 0);
	assert_int_equal(ng, nitems(cps) + 1);
	for (i = 0; i < nitems(cps); i++) {
		for (rank = 1, j = 0; j < nitems(cps); j++)
			rank += gids[j] < gids[i];
		assert_int_equal(ids[i], rank);
	}
	/* The same ids as the subset's own cmap gives. */
	assert_int_equal(ttf_subset(t, map, nitems(cps), &out, &len, &cause),
	    0);
	c = ttf_open_mem(out, len, "subset", &cause);
	assert_non_null(c);
	for (i = 0; i < nitems(cps); i++)
		assert_int_equal(ttf_glyph(c, cps[i]), ids[i]);
	ttf_close(c);
	ttf_close(t);

	/* Composites: in the subset {0, 1, 2, 3, 4} with 1 -> 4 -> 3,
	 * asking for glyph 1 keeps {0, 1, 3, 4}. */
	make_composite(out, len, 1, 4);
	make_composite(out, len, 4, 3);
	t = ttf_open_mem(out, len, "composite", &cause);
	assert_non_null(t);
	gids[0] = 1;
	gids[1] = 4;
	assert_int_equal(ttf_subset_glyph_ids(t, gids, 2, ids, &ng, &cause),
	    0);
	assert_int_equal(ng, 4);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 3);
	assert_int_equal(ttf_subset_glyph_ids(t, &bad, 1, ids, NULL, &cause),
	    -1);
	assert_non_null(strstr(cause, "out of range"));
	free(cause);
	ttf_close(t);
	free(out);
}

/* 11. Bad subset requests are refused. */
static void
test_subset_errors(void **state)
{
	struct ttf *t = must_open(BIZ_MINCHO);
	struct ttf_subset_map dup[2] = { { 10, 0x41 }, { 11, 0x41 } };
	struct ttf_subset_map same[2] = { { 10, 0x41 }, { 10, 0x41 } };
	struct ttf_subset_map big[1] = { { 65535, 0x41 } };
	struct ttf_subset_map ffff[1] = { { 10, 0xFFFF } };
	char *out, *cause = NULL;
	size_t len;

	(void)state;
	assert_int_equal(ttf_subset(t, dup, 2, &out, &len, &cause), -1);
	assert_non_null(strstr(cause, "U+0041"));
	free(cause);
	assert_int_equal(ttf_subset(t, big, 1, &out, &len, &cause), -1);
	free(cause);
	assert_int_equal(ttf_subset(t, ffff, 1, &out, &len, &cause), -1);
	free(cause);
	assert_int_equal(ttf_subset(t, same, 2, &out, &len, &cause), 0);
	free(out);
	/* An empty map still makes a font (just .notdef). */
	assert_int_equal(ttf_subset(t, same, 0, &out, &len, &cause), 0);
	free(out);
	ttf_close(t);
}

/* 12. Files that are not fonts. */
static void
test_not_fonts(void **state)
{
	static const char text[] = "mincho = this is not a font at all\n";
	char *cause = NULL, *path;

	(void)state;
	assert_null(ttf_open("/nonexistent/font.ttf", &cause));
	assert_non_null(strstr(cause, "/nonexistent/font.ttf"));
	free(cause);
	assert_null(ttf_open("/tmp", &cause));
	free(cause);
	path = temp_file(text, sizeof text - 1);
	assert_null(ttf_open(path, &cause));
	unlink(path);
	assert_non_null(strstr(cause, "not a TrueType font"));
	free(cause);
	free(path);
}

static void
hpdf_error(HPDF_STATUS err, HPDF_STATUS detail, void *arg)
{
	(void)arg;
	fail_msg("libharu error 0x%04X (detail %u)", (unsigned)err,
	    (unsigned)detail);
}

/* 13. libharu 2.3.0 takes the subsets, hinted or not, in the sequence the
 * PDF writer uses: a private temporary file, HPDF_UseUTFEncodings,
 * HPDF_LoadTTFontFromFile (embedding), HPDF_GetFont(…, "UTF-8"), text as
 * UTF-8 of the mapped codes (a private-use code for 𠮷). */
static void
test_subset_libharu(void **state)
{
	static const uint32_t cps[] = { 0x5C71, 0x7530, 0x91CE, 0x5BB6 };
	struct ttf *t = must_open(IPAMJ);
	struct ttf_subset_map map[nitems(cps) + 1];
	size_t i, len;
	int flags;
	char *out, *cause = NULL, *path;

	(void)state;
	for (i = 0; i < nitems(cps); i++) {
		map[i].gid = ttf_glyph(t, cps[i]);
		map[i].code = (uint16_t)cps[i];
	}
	map[i].gid = ttf_glyph(t, 0x20BB7);
	map[i].code = 0xE000;
	for (flags = 0; flags <= TTF_SUBSET_NO_HINTS; flags++) {
		HPDF_Doc pdf;
		HPDF_Page page;
		HPDF_Font font;
		const char *name;

		assert_int_equal(ttf_subset_flags(t, map, nitems(map), flags,
		    &out, &len, &cause), 0);
		path = temp_file(out, len);
		pdf = HPDF_New(hpdf_error, NULL);
		assert_non_null(pdf);
		HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
		HPDF_UseUTFEncodings(pdf);
		name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
		unlink(path);
		assert_non_null(name);
		assert_string_equal(name + 7, "IPAmjMincho");
		/* A second, different subset of the same font in the same
		 * document must get its own name (libharu would otherwise
		 * hand back the first one). */
		{
			char *out2, *path2;
			size_t len2;
			const char *name2;
			assert_int_equal(ttf_subset_flags(t, map, 2, flags,
			    &out2, &len2, &cause), 0);
			path2 = temp_file(out2, len2);
			name2 = HPDF_LoadTTFontFromFile(pdf, path2, HPDF_TRUE);
			unlink(path2);
			assert_non_null(name2);
			assert_string_not_equal(name, name2);
			free(path2);
			free(out2);
		}
		font = HPDF_GetFont(pdf, name, "UTF-8");
		assert_non_null(font);
		page = HPDF_AddPage(pdf);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 12);
		/* 山田 𠮷(U+E000) 野家 */
		HPDF_Page_TextOut(page, 50, 700,
		    "\xe5\xb1\xb1\xe7\x94\xb0\xee\x80\x80\xe9\x87\x8e\xe5\xae\xb6");
		HPDF_Page_EndText(page);
		assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
		assert_true(HPDF_GetStreamSize(pdf) > 1000);
		assert_true(HPDF_GetStreamSize(pdf) < len + 16384);
		HPDF_Free(pdf);
		free(path);
		free(out);
	}
	ttf_close(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_presence),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_advances),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_subset),
		cmocka_unit_test(test_subset_composite),
		cmocka_unit_test(test_subset_no_hints),
		cmocka_unit_test(test_subset_errors),
		cmocka_unit_test(test_not_fonts),
		cmocka_unit_test(test_subset_libharu),
		cmocka_unit_test(test_subset_pdf),
		cmocka_unit_test(test_subset_glyph_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
