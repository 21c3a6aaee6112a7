/*
 * test-kana.c - フリガナ folding: hiragana, half-width katakana with ﾞ ﾟ,
 * full-width katakana, blanks, and refusals that name the character and
 * its U+ code point.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dict/dict.h"

static const struct {
	const char *in;
	const char *want;
} folded[] = {
	/* 1 */ { "やまだ たろう", "ヤマダ　タロウ" },
	/* 2 */ { "ヤマダ　タロウ", "ヤマダ　タロウ" },
	/* 3 */ { "ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ" },
	/* 4 */ { "ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ" },
	/* 5 */ { "ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ" },
	/* 6 */ { "ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞ", "バビブベボ" },
	/* 7 */ { "ｳﾞｧﾝ", "ヴァン" },
	/* 8 */ { "ｷｮｳｺ", "キョウコ" },
	/* 9 */ { "ｰ", "ー" },
	/* 10 */ { "  やまだ   　たろう  ", "ヤマダ　タロウ" },	/* runs */
	/* 11 */ { "グエン ヴァン アン", "グエン　ヴァン　アン" },
	/* 12 */ { "ゔぁ", "ヴァ" },
	/* 13 */ { "さとう・じょん", "サトウ・ジョン" },
	/* 14 */ { "ｻﾄｳ･ｼﾞｮﾝ", "サトウ・ジョン" },
	/* 15 */ { "か\xe3\x82\x99", "ガ" },		/* combining U+3099 */
	/* 16 */ { "は\xe3\x82\x9a", "パ" },		/* combining U+309A */
	/* 17 */ { "ﾜﾞ", "ヷ" },
	/* 18 */ { "すゞき", "スヾキ" },
	/* 19 */ { "", "" },
	/* 20 */ { "タカハシ　ケンタ", "タカハシ　ケンタ" },
	/* 21 */ { "ちぇっく", "チェック" },
};

static void
test_fold(void **state)
{
	char *out, *cause;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(folded); i++) {
		out = cause = NULL;
		if (kana_to_katakana(folded[i].in, &out, &cause) != 0)
			fail_msg("case %zu: %s", i + 1, cause);
		if (strcmp(out, folded[i].want) != 0)
			fail_msg("case %zu: got %s want %s", i + 1, out,
			    folded[i].want);
		free(out);
	}
}

static const struct {
	const char *in;
	const char *msg;
} refused[] = {
	/* 1 */ { "やまだA", "「A」(U+0041) はフリガナに使えません" },
	/* 2 */ { "山田", "「山」(U+5C71) はフリガナに使えません" },
	/* 3 */ { "ｶ゛", "「ｶ゛」ではなく「ガ」" },
	/* 4 */ { "か゛", "「か゛」ではなく「ガ」" },
	/* 5 */ { "は゜", "「は゜」ではなく「パ」" },
	/* 6 */ { "あ゛", "「゛」(U+309B) はフリガナに使えません" },
	/* 7 */ { "ｱﾞ", "「ﾞ」(U+FF9E)" },
	/* 8 */ { "ﾟ", "(U+FF9F)" },
	/* 9 */ { "ヤマダ1", "「1」(U+0031)" },
	/* 10 */ { "ヤマダ\tタロウ\x01", "U+0001" },
	/* 11 */ { "ﾔﾏﾀﾞ ﾀﾛｳ｡", "「｡」(U+FF61)" },
	/* 12 */ { "やまだ\xff", "UTF-8" },
	/* 13 */ { "𠮷だ", "(U+20BB7)" },
	/* 14 */ { "やまだ ﾞ", "(U+FF9E)" },
};

static void
test_refuse(void **state)
{
	char *out, *cause;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(refused); i++) {
		out = cause = NULL;
		if (kana_to_katakana(refused[i].in, &out, &cause) == 0)
			fail_msg("case %zu accepted: %s", i + 1, out);
		if (strstr(cause, refused[i].msg) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i + 1, cause,
			    refused[i].msg);
		free(cause);
	}
}

static void
test_width(void **state)
{
	char *s;

	(void)state;
	s = kana_to_fullwidth("AB-12 ｶ");
	assert_string_equal(s, "ＡＢ－１２　カ");
	free(s);
	s = kana_to_fullwidth("山田");
	assert_string_equal(s, "山田");
	free(s);
	/* Voiced marks join their kana; a stray one stays a full-width mark;
	 * half-width punctuation widens too (Japan Post's kana columns). */
	s = kana_to_fullwidth("ｶﾞｯｺｳ ﾊﾟﾝ ｳﾞ ﾞ(ｿﾉﾀ)｡");
	assert_string_equal(s, "ガッコウ　パン　ヴ　゛（ソノタ）。");
	free(s);
	s = kana_to_halfwidth_digits("０４２－５９７ー０５１１");
	assert_string_equal(s, "042-597-0511");
	free(s);
	s = kana_to_halfwidth_digits("abc");
	assert_string_equal(s, "abc");
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_refuse),
		cmocka_unit_test(test_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
