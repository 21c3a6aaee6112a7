/*
 * test-postal.c - Japan Post postal files: every quirk rule of domain.md §4
 * on small inline files, CP932 decoding (the same rows encoded with iconv
 * give the same result as UTF-8), and bad files - truncated, mis-encoded,
 * broken - refused with their line while the database keeps what it had.
 * Run from the repository root.
 */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store.h"
#include "unit/fixture.h"

static char dir[] = "/tmp/kakanai-test-postal.XXXXXX";

/* One row of a utf_ken_all file. */
#define ROW(jis, code, kpref, kcity, ktown, pref, city, town) \
	jis ",\"" code "\",\"" code "\",\"" kpref "\",\"" kcity "\",\"" \
	ktown "\",\"" pref "\",\"" city "\",\"" town "\",0,0,0,0,0,0\r\n"

static int
setup(void **state)
{
	(void)state;
	setenv("KAKANAI_HOME", ".", 1);
	return fixture_tmpdir(dir);
}

static int
teardown(void **state)
{
	(void)state;
	fixture_rmdir(dir);
	return 0;
}

static struct postal_addr *
parse_ok(const char *text, size_t *n)
{
	struct postal_addr *rows = NULL;
	char *cause = NULL;

	if (postal_parse("t.csv", text, strlen(text), &rows, n, &cause) != 0) {
		print_error("%s\n", cause);
		free(cause);
		fail();
	}
	return rows;
}

static char *
parse_fails(const char *text, size_t len)
{
	struct postal_addr *rows = NULL;
	char *cause = NULL;
	size_t n = 0;

	assert_int_equal(postal_parse("t.csv", text, len, &rows, &n, &cause),
	    -1);
	assert_null(rows);
	assert_non_null(cause);
	return cause;
}

/* The 町域 rules, one case per row: input (kana, kanji town, city) and the
 * expected town, note and kana. */
static void
test_rules(void **state)
{
	static const struct {
		const char *kcity, *ktown, *city, *town;
		const char *want_town, *want_note, *want_kana;
	} cases[] = {
		/* 1 plain */
		{ "ﾋﾉﾃﾞﾏﾁ", "ﾋﾗｲ", "西多摩郡日の出町", "平井",
		  "平井", "", "ヒライ" },
		/* 2 以下に掲載がない場合 */
		{ "ﾋﾉﾃﾞﾏﾁ", "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ", "西多摩郡日の出町",
		  "以下に掲載がない場合", "", "", "" },
		/* 3 〇〇の次に番地がくる場合 */
		{ "ﾋｼﾞﾏﾁ", "ﾋｼﾞﾏﾁﾉﾂｷﾞﾆﾊﾞﾝﾁｶﾞｸﾙﾊﾞｱｲ", "速見郡日出町",
		  "日出町の次に番地がくる場合", "",
		  "日出町の次に番地がくる場合", "" },
		/* 4 …の次に…がくる場合 with a range */
		{ "ｺｽｹﾞﾑﾗ", "ｺｽｹﾞﾑﾗﾉﾂｷﾞﾆ664ﾊﾞﾝﾁｲｺｳｶﾞｸﾙﾊﾞｱｲ",
		  "北都留郡小菅村", "小菅村の次に６６４番地以降がくる場合", "",
		  "小菅村の次に６６４番地以降がくる場合", "" },
		/* 5 …がくる場合 followed by a bracket */
		{ "ｺﾄﾋﾗﾁｮｳ", "ｺﾄﾋﾗﾁｮｳﾉﾂｷﾞﾆ427ﾊﾞﾝﾁｲｺｳｶﾞｸﾙﾊﾞｱｲ(ｶﾜﾆｼ)",
		  "仲多度郡琴平町", "琴平町の次に４２７番地以降がくる場合（川西）",
		  "", "琴平町の次に４２７番地以降がくる場合（川西）", "" },
		/* 6 村一円: the whole village */
		{ "ﾄｼﾏﾑﾗ", "ﾄｼﾏﾑﾗｲﾁｴﾝ", "利島村", "利島村一円", "", "", "" },
		/* 7 郡 + 町一円 */
		{ "ﾅｵｼﾏﾁｮｳ", "ﾅｵｼﾏﾁｮｳｲﾁｴﾝ", "香川郡直島町", "直島町一円",
		  "", "", "" },
		/* 8 多賀町 一円: a real 大字, kept */
		{ "ﾀｶﾞﾁｮｳ", "ｲﾁｴﾝ", "犬上郡多賀町", "一円", "一円", "",
		  "イチエン" },
		/* 9 一円 after another municipality's name is kept */
		{ "ﾀｶﾞﾁｮｳ", "ﾄｼﾏﾑﾗｲﾁｴﾝ", "犬上郡多賀町", "利島村一円",
		  "利島村一円", "", "トシマムライチエン" },
		/* 10 bracket note apart */
		{ "ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ", "ｵｵﾄﾞｵﾘﾆｼ(1-19ﾁｮｳﾒ)", "札幌市中央区",
		  "大通西（１～１９丁目）", "大通西", "（１～１９丁目）",
		  "オオドオリニシ" },
		/* 11 two brackets: both in the note */
		{ "ﾅｺﾞﾔｼﾅｶﾑﾗｸ", "ﾒｲｴｷﾐｯﾄﾞﾗﾝﾄﾞｽｸｴｱ(ｺｳｿｳﾄｳ)(1ｶｲ)",
		  "名古屋市中村区", "名駅ミッドランドスクエア（高層棟）（１階）",
		  "名駅ミッドランドスクエア", "（高層棟）（１階）",
		  "メイエキミッドランドスクエア" },
		/* 12 （その他） */
		{ "ｻｯﾎﾟﾛｼｷﾀｸ", "ｼﾉﾛ(ｿﾉﾀ)", "札幌市北区", "篠路（その他）",
		  "篠路", "（その他）", "シノロ" },
		/* 13 Kyoto: kana without the bracket → kana unknown */
		{ "ｷｮｳﾄｼｶﾐｷﾞｮｳｸ", "ｲｯｼｮｳｲﾝﾁｮｳ", "京都市上京区",
		  "一松院町（下立売通）", "一松院町", "（下立売通）", "" },
		/* 14 half-width kana: ｶﾞ ﾊﾟ ｳﾞ ｯ ｰ */
		{ "ﾃｽﾄｼ", "ｶﾞｯﾊﾟｰｳﾞ", "テスト市", "テスト", "テスト", "",
		  "ガッパーヴ" },
	};
	struct strbuf sb;
	struct postal_addr *rows;
	size_t i, n;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		sb_init(&sb);
		sb_addf(&sb, "01101,\"060  \",\"0600042\",\"ﾎｯｶｲﾄﾞｳ\",\"%s\","
		    "\"%s\",\"北海道\",\"%s\",\"%s\",0,0,0,0,0,0\r\n",
		    cases[i].kcity, cases[i].ktown, cases[i].city,
		    cases[i].town);
		rows = parse_ok(sb.s, &n);
		assert_int_equal(n, 1);
		if (strcmp(rows[0].town, cases[i].want_town) != 0 ||
		    strcmp(rows[0].note, cases[i].want_note) != 0 ||
		    strcmp(rows[0].kana, cases[i].want_kana) != 0)
			print_error("case %zu: town '%s' note '%s' kana '%s'\n",
			    i + 1, rows[0].town, rows[0].note, rows[0].kana);
		assert_string_equal(rows[0].town, cases[i].want_town);
		assert_string_equal(rows[0].note, cases[i].want_note);
		assert_string_equal(rows[0].kana, cases[i].want_kana);
		assert_string_equal(rows[0].code, "0600042");
		postal_addr_free(rows, n);
		sb_free(&sb);
	}
}

/* Split records merge by the open bracket; a repeated code alone does
 * not; a code spanning prefectures gives two rows. */
static void
test_split(void **state)
{
	static const char text[] =
	    ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ",
	    "ｶﾜｶﾐﾁｮｳ(3649､3661､", "鹿児島県", "鹿児島市",
	    "川上町（３６４９、３６６１、")
	    ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ", "3672､3673-1､",
	    "鹿児島県", "鹿児島市", "３６７２、３６７３－１、")
	    ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ", "4244-4ﾊﾞﾝﾁ)",
	    "鹿児島県", "鹿児島市", "４２４４－４番地）")
	    ROW("01215", "0720819", "ﾎｯｶｲﾄﾞｳ", "ﾋﾞﾊﾞｲｼ", "ｷｮｳﾚﾝﾁｮｳﾋｶﾞｼ",
	    "北海道", "美唄市", "共練町東")
	    ROW("01215", "0720819", "ﾎｯｶｲﾄﾞｳ", "ﾋﾞﾊﾞｲｼ", "ｷｮｳﾚﾝﾁｮｳﾆｼ",
	    "北海道", "美唄市", "共練町西")
	    ROW("23235", "4980000", "ｱｲﾁｹﾝ", "ﾔﾄﾐｼ", "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ",
	    "愛知県", "弥富市", "以下に掲載がない場合")
	    ROW("24303", "4980000", "ﾐｴｹﾝ", "ｸﾜﾅｸﾞﾝｷｿｻｷﾁｮｳ",
	    "ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ", "三重県", "桑名郡木曽岬町",
	    "以下に掲載がない場合");
	struct postal_addr *rows;
	size_t n;

	(void)state;
	rows = parse_ok(text, &n);
	assert_int_equal(n, 5);
	assert_string_equal(rows[0].code, "8911275");
	assert_string_equal(rows[0].town, "川上町");
	assert_string_equal(rows[0].note, "（３６４９、３６６１、３６７２、"
	    "３６７３－１、４２４４－４番地）");
	assert_string_equal(rows[0].kana, "カワカミチョウ");
	assert_string_equal(rows[1].town, "共練町東");
	assert_string_equal(rows[2].town, "共練町西");
	assert_string_equal(rows[3].pref, "愛知県");
	assert_string_equal(rows[4].pref, "三重県");
	assert_string_equal(rows[4].town, "");
	postal_addr_free(rows, n);
}

/* UTF-8 〜 (U+301C) and − (U+2212) are stored as CP932 decodes them. */
static void
test_normalise(void **state)
{
	static const char text[] =
	    ROW("01101", "0600042", "ホッカイドウ", "サッポロシチュウオウク",
	    "オオドオリニシ（１〜１９チョウメ）", "北海道", "札幌市中央区",
	    "大通西（１〜１９丁目）")
	    ROW("46201", "8911275", "カゴシマケン", "カゴシマシ",
	    "カワカミチョウ（３６６７−３）", "鹿児島県", "鹿児島市",
	    "川上町（３６６７−３）");
	struct postal_addr *rows;
	size_t n;

	(void)state;
	rows = parse_ok(text, &n);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].note, "（１\xef\xbd\x9e１９丁目）");
	assert_string_equal(rows[1].note, "（３６６７\xef\xbc\x8d３）");
	postal_addr_free(rows, n);
}

static char *
to_cp932(const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open("CP932", "UTF-8");
	size_t inleft = strlen(utf8), outleft = inleft * 2 + 1;
	char *out = xmalloc(outleft), *o = out, *in = (char *)utf8;

	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	return out;
}

/* The same rows in CP932 parse to the same result as in UTF-8. */
static void
test_cp932(void **state)
{
	static const char text[] =
	    ROW("01101", "0600042", "ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ", "ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ",
	    "ｵｵﾄﾞｵﾘﾆｼ(1-19ﾁｮｳﾒ)", "北海道", "札幌市中央区",
	    "大通西（１～１９丁目）")
	    ROW("13305", "1900182", "ﾄｳｷｮｳﾄ", "ﾆｼﾀﾏｸﾞﾝﾋﾉﾃﾞﾏﾁ", "ﾋﾗｲ",
	    "東京都", "西多摩郡日の出町", "平井")
	    ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ",
	    "ｶﾜｶﾐﾁｮｳ(3667-3､", "鹿児島県", "鹿児島市",
	    "川上町（３６６７－３、")
	    ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ", "4244-4ﾊﾞﾝﾁ)",
	    "鹿児島県", "鹿児島市", "４２４４－４番地）");
	struct postal_addr *u, *c;
	char *bytes, *cause = NULL;
	size_t nu, nc, len, i;

	(void)state;
	u = parse_ok(text, &nu);
	bytes = to_cp932(text, &len);
	assert_int_equal(postal_parse("k.csv", bytes, len, &c, &nc, &cause),
	    0);
	assert_int_equal(nu, 3);
	assert_int_equal(nc, nu);
	for (i = 0; i < nu; i++) {
		assert_string_equal(c[i].code, u[i].code);
		assert_string_equal(c[i].pref, u[i].pref);
		assert_string_equal(c[i].city, u[i].city);
		assert_string_equal(c[i].town, u[i].town);
		assert_string_equal(c[i].note, u[i].note);
		assert_string_equal(c[i].kana, u[i].kana);
	}
	assert_string_equal(c[0].note, "（１～１９丁目）");
	assert_string_equal(c[2].note, "（３６６７－３、４２４４－４番地）");
	postal_addr_free(u, nu);
	postal_addr_free(c, nc);
	free(bytes);
}

/* Bad files: each refused, naming its line. */
static void
test_bad(void **state)
{
	static const char good[] =
	    ROW("13305", "1900181", "ﾄｳｷｮｳﾄ", "ﾆｼﾀﾏｸﾞﾝﾋﾉﾃﾞﾏﾁ", "ｵｵｸﾞﾉ",
	    "東京都", "西多摩郡日の出町", "大久野")
	    ROW("13305", "1900182", "ﾄｳｷｮｳﾄ", "ﾆｼﾀﾏｸﾞﾝﾋﾉﾃﾞﾏﾁ", "ﾋﾗｲ",
	    "東京都", "西多摩郡日の出町", "平井");
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		/* 1 cut short inside the last row */
		{ ROW("13305", "1900181", "ﾄｳｷｮｳﾄ", "ﾆｼﾀﾏ", "ｵｵｸﾞﾉ", "東京都",
		  "西多摩郡日の出町", "大久野") "13305,\"19001\",\"19001",
		  "t.csv:2: the last line has no line end" },
		/* 2 a split record never closed */
		{ ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ", "ｶﾜｶﾐ(3649､",
		  "鹿児島県", "鹿児島市", "川上町（３６４９、"),
		  "t.csv:1: the 町域 has an unclosed （" },
		/* 3 an open bracket followed by another code */
		{ ROW("46201", "8911275", "ｶｺﾞｼﾏｹﾝ", "ｶｺﾞｼﾏｼ", "ｶﾜｶﾐ(3649､",
		  "鹿児島県", "鹿児島市", "川上町（３６４９、")
		  ROW("13305", "1900182", "ﾄｳｷｮｳﾄ", "ﾆｼﾀﾏ", "ﾋﾗｲ", "東京都",
		  "西多摩郡日の出町", "平井"),
		  "t.csv:2: the 町域 begun on line 1" },
		/* 4 too few columns */
		{ "13305,\"19001\",\"1900182\",\"ﾄｳｷｮｳﾄ\"\r\n",
		  "t.csv:1: expected 15 columns, found 4" },
		/* 5 a bad code */
		{ ROW("13305", "19001X2", "ﾄｳｷｮｳﾄ", "ﾆｼﾀﾏ", "ﾋﾗｲ", "東京都",
		  "西多摩郡日の出町", "平井"), "t.csv:1: column 3" },
		/* 6 a quote not closed */
		{ "13305,\"19001,1900182\r\n", "t.csv:1: a broken line" },
		/* 7 a damaged UTF-8 file (one bad byte on line 2) */
		{ ROW("13305", "1900181", "トウキョウト", "ニシタマ", "オオグノ",
		  "東京都", "西多摩郡日の出町", "大久野")
		  ROW("13305", "1900182", "トウキョウト", "ニシタマ", "ヒラ\xff",
		  "東京都", "西多摩郡日の出町", "平井"),
		  "t.csv:2: byte 0xFF" },
		/* 8 invalid CP932 (0x81 0x20 is no character) on line 1 */
		{ "13305,\"19001\",\"1900182\",\"\xc4\xb3\",\"\x81\x20\","
		  "\"x\",\"x\",\"x\",\"x\",0,0,0,0,0,0\r\n",
		  "t.csv:1: byte 0x81" },
		/* 9 empty */
		{ "", "t.csv: empty file" },
	};
	struct store *s;
	struct postal_addr *a;
	char *cause, *path;
	size_t i, n, count;

	(void)state;
	path = xasprintf("%s/bad.db", dir);
	s = store_open(path, &cause);
	assert_non_null(s);
	free(path);
	assert_int_equal(postal_import_data(s, "good.csv", good,
	    strlen(good), &count, &cause), 0);
	assert_int_equal(count, 2);
	for (i = 0; i < nitems(cases); i++) {
		cause = parse_fails(cases[i].text, strlen(cases[i].text));
		if (strstr(cause, cases[i].want) == NULL)
			print_error("case %zu: %s\n", i + 1, cause);
		assert_non_null(strstr(cause, cases[i].want));
		free(cause);
		/* through the store: nothing changes */
		cause = NULL;
		assert_int_equal(postal_import_data(s, "t.csv", cases[i].text,
		    strlen(cases[i].text), &count, &cause), -1);
		free(cause);
		assert_int_equal(postal_lookup(s, "1900181", &a, &n, &cause),
		    0);
		assert_int_equal(n, 1);
		assert_string_equal(a[0].town, "大久野");
		postal_addr_free(a, n);
	}
	store_close(s);
}

/* Lookup: the forms a clerk types, and mistakes. */
static void
test_lookup(void **state)
{
	static const struct {
		const char *code;
		int rc;
		size_t n;
	} cases[] = {
		{ "1900182", 0, 1 },
		{ "190-0182", 0, 1 },
		{ "１９０－０１８２", 0, 1 },
		{ "〒190-0182", 0, 1 },
		{ "1900100", 0, 1 },		/* 日の出町 only in the subset */
		{ "6895211", 0, 1 },		/* 日南町 生山 */
		{ "9999999", 0, 0 },		/* unknown: not an error */
		{ "190018", -1, 0 },
		{ "19001822", -1, 0 },
		{ "190a182", -1, 0 },
		{ "", -1, 0 },
	};
	struct postal_addr *a;
	struct store *s;
	char *cause = NULL, *path;
	size_t i, n;
	double t0, per;

	(void)state;
	path = xasprintf("%s/lookup.db", dir);
	s = store_open(path, &cause);
	assert_non_null(s);
	free(path);
	for (i = 0; i < nitems(cases); i++) {
		cause = NULL;
		n = 0;
		assert_int_equal(postal_lookup(s, cases[i].code, &a, &n,
		    &cause), cases[i].rc);
		assert_int_equal(n, cases[i].n);
		postal_addr_free(a, n);
		free(cause);
	}
	t0 = clock_ms();
	for (i = 0; i < 1000; i++) {
		assert_int_equal(postal_lookup(s, "6895211", &a, &n, &cause),
		    0);
		postal_addr_free(a, n);
	}
	per = (clock_ms() - t0) / 1000.0;
	assert_true(per < 1.0);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
