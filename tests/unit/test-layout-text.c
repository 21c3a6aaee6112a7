/*
 * test-layout-text.c - splitting text into characters (a variation
 * selector stays with its base), 禁則 line breaking, and measuring with
 * the real fonts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "layout/layout.h"

/* cmocka's assert_float_equal works in float and casts only the first
 * term of an expression: compare doubles here. */
#define assert_near(a, b, eps) do {					\
	double a_ = (a), b_ = (b);					\
	if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps)))			\
		fail_msg("%s = %.6f, wanted %.6f", #a, a_, b_);		\
} while (0)

/* Characters of s, each 10 pt wide (5 pt for ASCII), as layout would
 * measure them. */
static struct layout_char *
chars(const char *s, size_t *n)
{
	struct layout_char *c = layout_split(s, n);
	size_t i;

	assert_non_null(c);
	for (i = 0; i < *n; i++)
		c[i].advance = c[i].cp < 0x80 ? 5 : 10;
	return c;
}

/* The lines of s broken at width, joined with "|". */
static char *
broken(const char *s, double width)
{
	struct layout_char *c;
	struct strbuf sb;
	size_t n, nl, *ends, i, k, start = 0;

	c = chars(s, &n);
	nl = layout_break_lines(c, n, width, 0, &ends);
	sb_init(&sb);
	for (i = 0; i < nl; i++) {
		if (i > 0)
			sb_addc(&sb, '|');
		for (k = start; k < ends[i]; k++) {
			sb_add_utf8(&sb, c[k].cp);
			if (c[k].vs)
				sb_add_utf8(&sb, c[k].vs);
		}
		start = ends[i];
	}
	free(ends);
	free(c);
	return sb_detach(&sb);
}

/* 1. Line breaking: text, width in pt (10 pt per Japanese character, 5
 * per ASCII), expected lines. */
static const struct {
	const char *text;
	double width;
	const char *want;
} breaks[] = {
	/* 1 */ { "あいうえおかきくけこ", 50, "あいうえお|かきくけこ" },
	/* 2 fits */ { "あいう", 30, "あいう" },
	/* 3 、 never starts a line: お goes down with it */
	{ "あいうえお、かきく", 50, "あいうえ|お、かきく" },
	/* 4 。 */ { "あいうえお。かきく", 50, "あいうえ|お。かきく" },
	/* 5 」 */ { "あいうえお」かきく", 50, "あいうえ|お」かきく" },
	/* 6 ） */ { "あいうえお）かきく", 50, "あいうえ|お）かきく" },
	/* 7 ー */ { "あいうえおーかきく", 50, "あいうえ|おーかきく" },
	/* 8 っ */ { "あいうえおっかきく", 50, "あいうえ|おっかきく" },
	/* 9 ゃ */ { "あいうえおゃかきく", 50, "あいうえ|おゃかきく" },
	/* 10 ゅ */ { "あいうえおゅかきく", 50, "あいうえ|おゅかきく" },
	/* 11 ょ */ { "あいうえおょかきく", 50, "あいうえ|おょかきく" },
	/* 12 「 never ends a line */
	{ "あいうえ「かきくけ", 50, "あいうえ|「かきくけ" },
	/* 13 （ */ { "あいうえ（かきくけ", 50, "あいうえ|（かきくけ" },
	/* 14 two in a row: 」。 */
	{ "あいうえ」。かき", 50, "あいう|え」。かき" },
	/* 15 a latin word is not split */
	{ "あいうabcdef", 50, "あいう|abcdef" },
	/* 16 a digit run is not split */
	{ "番地番地12345です", 50, "番地番地|12345です" },
	/* 17 a postal code stays whole */
	{ "〒190-0182日の出町", 45, "〒|190-0182|日の出町" },
	/* 18 a run longer than the line must be split */
	{ "abcdefghijklmnop", 40, "abcdefgh|ijklmnop" },
	/* 19 all closing brackets: 禁則 gives way when nothing else fits */
	{ "」」」」」」」", 30, "」」」|」」」|」" },
	/* 20 spaces at a line's end are not counted and break there */
	{ "ab cd ef", 25, "ab cd |ef" },
	/* 21 a variation selector stays with its base */
	{ "あいうえ葛\U000E0100城", 50, "あいうえ葛\U000E0100|城" },
	/* 22 U+3000 between names is a break point */
	{ "やまだ　たろう", 45, "やまだ　|たろう" },
	/* 23 empty text is one empty line */
	{ "", 50, "" },
	/* Natural points: the best kind of break in the line's second half. */
	/* 24 a space before a katakana name, not inside it */
	{ "ジョナサン　アレクサンダー", 100, "ジョナサン　|アレクサンダー" },
	/* 25 a katakana run is kept whole where it begins */
	{ "日の出町グランドメゾン", 80, "日の出町|グランドメゾン" },
	/* 26 before the building, not 「グ／ランドメゾン」 */
	{ "番地5678 グランドメゾン", 80, "番地5678 |グランドメゾン" },
	/* 27 a number stays with the 番地 after it */
	{ "大字平井2196番地7", 60, "大字平井|2196番地7" },
	/* 28 a katakana run longer than the line is split all the same,
	 * 禁則 kept (ィ does not start a line) */
	{ "アレクサンダーフィッツジェラルド", 80,
	  "アレクサンダー|フィッツジェラル|ド" },
	/* 29 a better break earlier than half the line is not taken */
	{ "あい　うえおかきくけこさ", 80, "あい　うえおかき|くけこさ" },
	/* 30 禁則 still holds at a natural point: ・ never starts a line */
	{ "ジョン・スミス", 40, "ジョン・|スミス" },
};

static void
test_breaks(void **state)
{
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < nitems(breaks); i++) {
		got = broken(breaks[i].text, breaks[i].width);
		if (strcmp(got, breaks[i].want) != 0)
			fail_msg("case %zu: \"%s\" at %.0f: got \"%s\", "
			    "wanted \"%s\"", i + 1, breaks[i].text,
			    breaks[i].width, got, breaks[i].want);
		free(got);
	}
}

/* 1b. Address parts: where layout marks the 番地 and the 方書, the line
 * breaks there first; filled lines (the tight breaker) ignore it. */
static void
test_parts(void **state)
{
	struct layout_char *c;
	size_t n, nl, *ends;

	(void)state;
	/* 日の出町平井 | 2196番地7 | ハイツ: the 番地 begins at 6. */
	c = chars("日の出町平井2196番地7ハイツ", &n);
	c[6].part = 1;
	nl = layout_break_lines(c, n, 120, 0, &ends);
	assert_int_equal(nl, 2);
	assert_int_equal(ends[0], 6);
	free(ends);
	nl = layout_break_lines_tight(c, n, 120, 0, &ends);
	assert_int_equal(nl, 2);
	assert_int_equal(ends[0], 13);	/* after 7: ハイツ begins a run */
	free(ends);
	free(c);
	/* Tight fills lines as far as the rules allow; natural prefers the
	 * space half-way. */
	c = chars("あいうえお かきくけこさしす", &n);
	nl = layout_break_lines(c, n, 100, 0, &ends);
	assert_int_equal(ends[0], 6);
	free(ends);
	nl = layout_break_lines_tight(c, n, 100, 0, &ends);
	assert_int_equal(ends[0], 10);
	free(ends);
	free(c);
}

/* 2. The 禁則 classes themselves. */
static void
test_classes(void **state)
{
	static const char *start = "、。，．」』）］｝〕〉》】ー"
	    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・：；？！ゝゞヽヾ々";
	static const char *end = "「『（［｛〔〈《【";
	static const char *neither = "あ漢字ア1a〒";
	uint32_t *cps;
	size_t n, i;

	(void)state;
	cps = utf8_to_u32(start, &n);
	for (i = 0; i < n; i++)
		if (!layout_no_line_start(cps[i]) || layout_no_line_end(cps[i]))
			fail_msg("U+%04X should not start a line", cps[i]);
	free(cps);
	cps = utf8_to_u32(end, &n);
	for (i = 0; i < n; i++)
		if (!layout_no_line_end(cps[i]) || layout_no_line_start(cps[i]))
			fail_msg("U+%04X should not end a line", cps[i]);
	free(cps);
	cps = utf8_to_u32(neither, &n);
	for (i = 0; i < n; i++)
		if (layout_no_line_end(cps[i]) || layout_no_line_start(cps[i]))
			fail_msg("U+%04X may start and end a line", cps[i]);
	free(cps);
}

/* 3. Splitting: selectors join their base; a stray one stands alone. */
static void
test_split(void **state)
{
	struct layout_char *c;
	size_t n;

	(void)state;
	c = layout_split("葛\U000E0100城𠮷\xEF\xB8\x80", &n);
	assert_non_null(c);
	assert_int_equal(n, 3);
	assert_int_equal(c[0].cp, 0x845B);
	assert_int_equal(c[0].vs, 0xE0100);
	assert_int_equal(c[1].cp, 0x57CE);
	assert_int_equal(c[1].vs, 0);
	assert_int_equal(c[2].cp, 0x20BB7);
	assert_int_equal(c[2].vs, 0xFE00);
	free(c);
	c = layout_split("\U000E0100あ", &n);
	assert_non_null(c);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].cp, 0xE0100);
	free(c);
	assert_null(layout_split("\xff", &n));
}

/* 4. Widths: spacing between characters, trailing spaces not counted. */
static void
test_width(void **state)
{
	struct layout_char *c;
	size_t n;

	(void)state;
	c = chars("あいう  ", &n);
	assert_int_equal(n, 5);
	assert_near(layout_width(c, n, 0), 30, 1e-9);
	assert_near(layout_width(c, n, 2), 34, 1e-9);
	assert_near(layout_width(c, 0, 2), 0, 1e-9);
	free(c);
}

/* 5. Measuring with the real fonts: a full-width character is one em;
 * ASCII digits in BIZ UD明朝 are half an em; 𠮷 comes from IPAmj. */
static void
test_measure(void **state)
{
	char *cause = NULL;
	struct fontset *fs = fontset_load("fonts/fontmap", &cause);
	const struct font_chain *ch;
	int face;
	uint16_t gid;

	(void)state;
	if (fs == NULL)
		fail_msg("%s", cause);
	ch = fontset_chain(fs, "mincho");
	assert_non_null(ch);
	assert_int_equal(fontset_resolve(ch, fs, 0x6F22, 0, &face, &gid), 0);
	assert_near(layout_advance(fs, face, gid, 10.5), 10.5, 1e-6);
	assert_int_equal(fontset_resolve(ch, fs, '1', 0, &face, &gid), 0);
	assert_near(layout_advance(fs, face, gid, 10), 5, 0.01);
	assert_int_equal(fontset_resolve(ch, fs, 0x20BB7, 0, &face, &gid), 0);
	assert_true(fs->faces[face] == ch->faces[1]);
	assert_near(layout_advance(fs, face, gid, 12), 12, 1e-6);
	assert_int_equal(fontset_resolve(ch, fs, 0x845B, 0xE0109, &face, &gid),
	    -1);
	fontset_free(fs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breaks),
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_measure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
