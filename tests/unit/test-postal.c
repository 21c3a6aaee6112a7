/*
 * test-postal.c - Japan Post postal files: every quirk rule of domain.md §4
 * on small inline files, every kind of 町域 note on real rows, CP932 decoding (the same rows encoded with iconv
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
		  "日出町の次に番地がくる場合", "", "", "" },
		/* 4 …の次に…がくる場合 with a range */
		{ "ｺｽｹﾞﾑﾗ", "ｺｽｹﾞﾑﾗﾉﾂｷﾞﾆ664ﾊﾞﾝﾁｲｺｳｶﾞｸﾙﾊﾞｱｲ",
		  "北都留郡小菅村", "小菅村の次に６６４番地以降がくる場合", "",
		  "（６６４番地以降）", "" },
		/* 5 …がくる場合 followed by a bracket */
		{ "ｺﾄﾋﾗﾁｮｳ", "ｺﾄﾋﾗﾁｮｳﾉﾂｷﾞﾆ427ﾊﾞﾝﾁｲｺｳｶﾞｸﾙﾊﾞｱｲ(ｶﾜﾆｼ)",
		  "仲多度郡琴平町", "琴平町の次に４２７番地以降がくる場合（川西）",
		  "", "（４２７番地以降、川西）", "" },
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
		/* 11 a building with no town of its city in the file keeps its
		 * name, and both brackets in the note */
		{ "ﾅｺﾞﾔｼﾅｶﾑﾗｸ", "ﾒｲｴｷﾐｯﾄﾞﾗﾝﾄﾞｽｸｴｱ(ｺｳｿｳﾄｳ)(1ｶｲ)",
		  "名古屋市中村区", "名駅ミッドランドスクエア（高層棟）（１階）",
		  "名駅ミッドランドスクエア", "（高層棟）（１階）",
		  "メイエキミッドランドスクエア" },
		/* 12 （その他） */
		{ "ｻｯﾎﾟﾛｼｷﾀｸ", "ｼﾉﾛ(ｿﾉﾀ)", "札幌市北区", "篠路（その他）",
		  "篠路", "", "シノロ" },
		/* 13 Kyoto: kana without the bracket → kana unknown */
		{ "ｷｮｳﾄｼｶﾐｷﾞｮｳｸ", "ｲｯｼｮｳｲﾝﾁｮｳ", "京都市上京区",
		  "一松院町（下立売通）", "一松院町", "（下立売通）", "" },
		/* 14 half-width kana: ｶﾞ ﾊﾟ ｳﾞ ｯ ｰ */
		{ "ﾃｽﾄｼ", "ｶﾞｯﾊﾟｰｳﾞ", "テスト市", "テスト", "テスト", "",
		  "ガッパーヴ" },
		/* 15 a name that only looks like a note is kept */
		{ "ｴﾀｼﾞﾏｼ", "ｴﾀｼﾞﾏﾁｮｳｺｸﾕｳﾑﾊﾞﾝﾁ", "江田島市", "江田島町国有無番地",
		  "江田島町国有無番地", "", "エタジマチョウコクユウムバンチ" },
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

/* Every kind of 町域 text in Japan Post's files, each with real rows
 * copied from utf_ken_all.csv or KEN_ALL.CSV (decoded from CP932, so
 * with half-width kana), and what is stored: "code|town|note|kana" per
 * row, in order. */
static void
test_kinds(void **state)
{
	static const struct {
		const char *text;
		const char *want[4];
	} cases[] = {
		/* 以下に掲載がない場合 */
		{ "01101,\"060  \",\"0600000\",\"ホッカイドウ\","
		    "\"サッポロシチュウオウク\",\"イカニケイサイガナイバアイ\","
		    "\"北海道\",\"札幌市中央区\",\"以下に掲載がない場合\""
		    ",0,0,0,"
		    "0,0,0\r\n",
		  { "0600000|||" } },
		/* <municipality>の次に番地がくる場合: no town, no note */
		{ "44341,\"87915\",\"8791506\",\"ｵｵｲﾀｹﾝ\","
		    "\"ﾊﾔﾐｸﾞﾝﾋｼﾞﾏﾁ\","
		    "\"ﾋｼﾞﾏﾁﾉﾂｷﾞﾆﾊﾞﾝﾁｶﾞｸﾙﾊﾞｱｲ\",\"大分県\","
		    "\"速見郡日出町\",\"日出町の次に番地がくる場合\",0,0,0,0,"
		    "0,0\r\n",
		  { "8791506|||" } },
		/* …の次に<range>がくる場合: the range is the note */
		{ "19442,\"40902\",\"4090142\",\"ヤマナシケン\","
		    "\"キタツルグンコスゲムラ\","
		    "\"コスゲムラノツギニ１−６６３バンチガクルバアイ\",\""
		    "山梨県\","
		    "\"北都留郡小菅村\",\"小菅村の次に１〜６６３番地がく"
		    "る場合\",1,"
		    "0,0,0,0,0\r\n",
		  { "4090142||（１～６６３番地）|" } },
		/* …の次に…がくる場合（…）: range and bracket in one note */
		{ "37403,\"766  \",\"7660002\",\"ｶｶﾞﾜｹﾝ\","
		    "\"ﾅｶﾀﾄﾞｸﾞﾝｺﾄﾋﾗﾁｮｳ\","
		    "\"ｺﾄﾋﾗﾁｮｳﾉﾂｷﾞﾆ1-426ﾊﾞﾝﾁｶﾞｸﾙﾊﾞｱｲ(ｶﾜﾋｶﾞｼ)\","
		    "\"香川県\",\"仲多度郡琴平町\","
		    "\"琴平町の次に１～４２６番地がくる場合（川東）\",1,0,0,0,"
		    "0,0\r\n",
		  { "7660002||（１～４２６番地、川東）|" } },
		/* <town of the city>の次に番地がくる場合: that town */
		{ "42212,\"85724\",\"8572427\",\"ナガサキケン\","
		    "\"サイカイシ\",\"オオシマチョウノツギニバンチガクル"
		    "バアイ\","
		    "\"長崎県\",\"西海市\",\"大島町の次に番地がくる場合\""
		    ",0,0,0,"
		    "0,0,0\r\n",
		  { "8572427|大島町||オオシマチョウ" } },
		/* <municipality>一円: the whole village */
		{ "13362,\"10003\",\"1000301\",\"ﾄｳｷｮｳﾄ\","
		    "\"ﾄｼﾏﾑﾗ\",\"ﾄｼﾏﾑﾗｲﾁｴﾝ\",\"東京都\",\"利島村\","
		    "\"利島村一円\",0,0,0,0,0,0\r\n",
		  { "1000301|||" } },
		/* 一円 as a place name */
		{ "25443,\"52203\",\"5220317\",\"シガケン\","
		    "\"イヌカミグンタガチョウ\",\"イチエン\",\"滋賀県\","
		    "\"犬上郡多賀町\",\"一円\",0,0,0,0,0,0\r\n",
		  { "5220317|一円||イチエン" } },
		/* （その他） */
		{ "01106,\"005  \",\"0050863\",\"ﾎｯｶｲﾄﾞｳ\","
		    "\"ｻｯﾎﾟﾛｼﾐﾅﾐｸ\",\"ﾄｷﾜ(ｿﾉﾀ)\",\"北海道\","
		    "\"札幌市南区\",\"常盤（その他）\",1,0,0,0,0,0\r\n",
		  { "0050863|常盤||トキワ" } },
		/* （次のビルを除く） */
		{ "04101,\"980  \",\"9800021\",\"ミヤギケン\","
		    "\"センダイシアオバク\",\"チュウオウ（ツギノビルヲノ"
		    "ゾク）\","
		    "\"宮城県\",\"仙台市青葉区\",\"中央（次のビルを除く）"
		    "\",0,0,"
		    "1,0,0,0\r\n",
		  { "9800021|中央||チュウオウ" } },
		/* （丁目） */
		{ "11222,\"343  \",\"3430813\",\"サイタマケン\","
		    "\"コシガヤシ\",\"コシガヤ（チョウメ）\",\"埼玉県\","
		    "\"越谷市\","
		    "\"越ケ谷（丁目）\",1,0,1,0,0,0\r\n",
		  { "3430813|越ケ谷||コシガヤ" } },
		/* （番地） */
		{ "11222,\"343  \",\"3430024\",\"ｻｲﾀﾏｹﾝ\","
		    "\"ｺｼｶﾞﾔｼ\",\"ｺｼｶﾞﾔ(ﾊﾞﾝﾁ)\",\"埼玉県\","
		    "\"越谷市\",\"越ケ谷（番地）\",1,0,0,0,0,0\r\n",
		  { "3430024|越ケ谷||コシガヤ" } },
		/* （番地のみ） */
		{ "35208,\"74203\",\"7420344\",\"ヤマグチケン\","
		    "\"イワクニシ\",\"クガマチ（バンチノミ）\",\"山口県\""
		    ",\"岩国市\","
		    "\"玖珂町（番地のみ）\",1,0,0,0,0,0\r\n",
		  { "7420344|玖珂町||クガマチ" } },
		/* （大字） */
		{ "13212,\"191  \",\"1910051\",\"トウキョウト\","
		    "\"ヒノシ\",\"トヨダ（オオアザ）\",\"東京都\",\"日野市\","
		    "\"豊田（大字）\",1,0,0,0,0,0\r\n",
		  { "1910051|豊田||トヨダ" } },
		/* （大字、番地） */
		{ "44202,\"874  \",\"8740840\",\"オオイタケン\","
		    "\"ベップシ\",\"ツルミ（オオアザ、バンチ）\",\"大分県\","
		    "\"別府市\",\"鶴見（大字、番地）\",1,0,0,0,0,0\r\n",
		  { "8740840|鶴見||ツルミ" } },
		/* （全域） */
		{ "01649,\"08958\",\"0895865\",\"ﾎｯｶｲﾄﾞｳ\","
		    "\"ﾄｶﾁｸﾞﾝｳﾗﾎﾛﾁｮｳ\",\"ｱﾂﾅｲ(ｾﾞﾝｲｷ)\","
		    "\"北海道\",\"十勝郡浦幌町\",\"厚内（全域）\",0,0,0,0,0,"
		    "0\r\n",
		  { "0895865|厚内||アツナイ" } },
		/* part notes telling two rows of a code apart stay */
		{ "27212,\"581  \",\"5810027\",\"オオサカフ\","
		    "\"ヤオシ\",\"ヤオギ（チョウメ）\",\"大阪府\",\"八尾市\","
		    "\"八尾木（丁目）\",0,0,1,1,0,0\r\n"
		  "27212,\"581  \",\"5810027\",\"オオサカフ\","
		    "\"ヤオシ\",\"ヨオギ（オオアザ）\",\"大阪府\",\"八尾市\","
		    "\"八尾木（大字）\",0,0,0,1,0,0\r\n",
		  { "5810027|八尾木|（丁目）|ヤオギ", "5810027|八尾木|（"
		    "大字）|ヨオギ" } },
		/* a building floor: its town; building and floor the note */
		{ "13104,\"160  \",\"1600023\",\"トウキョウト\","
		    "\"シンジュクク\",\"ニシシンジュク（ツギノビルヲノゾク）\","
		    "\"東京都\",\"新宿区\",\"西新宿（次のビルを除く）\",0,0,1,"
		    "0,0,0\r\n"
		  "13104,\"16304\",\"1630401\",\"ﾄｳｷｮｳﾄ\","
		    "\"ｼﾝｼﾞｭｸｸ\","
		    "\"ﾆｼｼﾝｼﾞｭｸｼﾝｼﾞｭｸﾐﾂｲﾋﾞﾙ(1ｶｲ)\",\"東京都\","
		    "\"新宿区\",\"西新宿新宿三井ビル（１階）\",0,0,1,0,0,0\r\n",
		  { "1600023|西新宿||ニシシンジュク",
		    "1630401|西新宿|（新宿三井ビル　１階）|ニシシンジュク" } },
		/* （地階・階層不明）: the building alone */
		{ "13104,\"160  \",\"1600023\",\"トウキョウト\","
		    "\"シンジュクク\",\"ニシシンジュク（ツギノビルヲノゾク）\","
		    "\"東京都\",\"新宿区\",\"西新宿（次のビルを除く）\",0,0,1,"
		    "0,0,0\r\n"
		  "13104,\"163  \",\"1636090\",\"トウキョウト\","
		    "\"シンジュクク\","
		    "\"ニシシンジュクスミトモフドウサンシンジュクオークタ"
		    "ワー（チカイ・カイソウフメイ）\","
		    "\"東京都\",\"新宿区\","
		    "\"西新宿住友不動産新宿オークタワー（地階・階層不明）"
		    "\",0,0,0,"
		    "0,0,0\r\n",
		  { "1600023|西新宿||ニシシンジュク",
		    "1636090|西新宿|（住友不動産新宿オークタワー）|ニシシ"
		    "ンジュク" } },
		/* a wing, and a town found without （次のビルを除く） */
		{ "23105,\"450  \",\"4500002\",\"アイチケン\","
		    "\"ナゴヤシナカムラク\",\"メイエキ（ソノタ）\",\"愛知県\","
		    "\"名古屋市中村区\",\"名駅（その他）\",1,0,1,0,0,0\r\n"
		  "23105,\"450  \",\"4506201\",\"アイチケン\","
		    "\"ナゴヤシナカムラク\","
		    "\"メイエキミッドランドスクエア（コウソウトウ）（１カ"
		    "イ）\","
		    "\"愛知県\",\"名古屋市中村区\","
		    "\"名駅ミッドランドスクエア（高層棟）（１階）\",0,0,0,0,0,"
		    "0\r\n"
		  "23105,\"450  \",\"4506290\",\"ｱｲﾁｹﾝ\","
		    "\"ﾅｺﾞﾔｼﾅｶﾑﾗｸ\","
		    "\"ﾒｲｴｷﾐｯﾄﾞﾗﾝﾄﾞｽｸｴｱ(ｺｳｿｳﾄｳ)(ﾁｶｲ･ｶｲｿｳﾌﾒｲ)\","
		    "\"愛知県\",\"名古屋市中村区\","
		    "\"名駅ミッドランドスクエア（高層棟）（地階・階層不明"
		    "）\",0,0,"
		    "0,0,0,0\r\n",
		  { "4500002|名駅||メイエキ",
		    "4506201|名駅|（ミッドランドスクエア　高層棟　１階）|"
		    "メイエキ",
		    "4506290|名駅|（ミッドランドスクエア　高層棟）|メイエ"
		    "キ" } },
		/* 地割 in the name, a list */
		{ "03366,\"02955\",\"0295503\",\"ｲﾜﾃｹﾝ\","
		    "\"ﾜｶﾞｸﾞﾝﾆｼﾜｶﾞﾏﾁ\","
		    "\"ｱﾅｱｹ22ﾁﾜﾘ､ｱﾅｱｹ23ﾁﾜﾘ\",\"岩手県\","
		    "\"和賀郡西和賀町\",\"穴明２２地割、穴明２３地割\",0,0,0,1,"
		    "0,0\r\n",
		  { "0295503|穴明|（２２地割、２３地割）|アナアケ" } },
		/* 地割 in the name, a range */
		{ "03366,\"02955\",\"0295523\",\"イワテケン\","
		    "\"ワガグンニシワガマチ\","
		    "\"エッチュウハタ６４チワリ−エッチュウハタ６６チワリ"
		    "\",\"岩手県\","
		    "\"和賀郡西和賀町\",\"越中畑６４地割〜越中畑６６地割"
		    "\",0,0,0,"
		    "1,0,0\r\n",
		  { "0295523|越中畑|（６４地割～６６地割）|エッチュウハタ" } },
		/* 第N地割 in the name with a bracket */
		{ "03507,\"02879\",\"0287901\",\"ｲﾜﾃｹﾝ\","
		    "\"ｸﾉﾍｸﾞﾝﾋﾛﾉﾁｮｳ\","
		    "\"ﾀﾈｲﾁﾀﾞｲ8ﾁﾜﾘ-ﾀﾞｲ14ﾁﾜﾘ(ﾀﾏｶﾞﾜ､ﾍﾙｹ)\","
		    "\"岩手県\",\"九戸郡洋野町\","
		    "\"種市第８地割～第１４地割（玉川、戸類家）\",0,1,0,0"
		    ",0,0\r\n",
		  { "0287901|種市|（第８地割～第１４地割　玉川、戸類家）|"
		    "タネイチ" } },
		/* 番地 in the name */
		{ "19209,\"40703\",\"4070311\",\"ヤマナシケン\","
		    "\"ホクトシ\","
		    "\"オオイズミチョウニシイデ８２４０−１（ウツクシモリ"
		    "、タカネソウ、セイセンリョウ、サンメドウズスキージョ"
		    "ウ）\","
		    "\"山梨県\",\"北杜市\","
		    "\"大泉町西井出８２４０−１（美森、たかね荘、清泉寮、"
		    "サンメドウズスキー場）\","
		    "1,0,0,0,0,0\r\n",
		  { "4070311|大泉町西井出|（８２４０－１　美森、たかね荘"
		    "、清泉寮、サンメドウズスキー場）|オオイズミチョウニ"
		    "シイデ" } },
		/* several towns under one code */
		{ "23221,\"44113\",\"4411324\",\"ｱｲﾁｹﾝ\","
		    "\"ｼﾝｼﾛｼ\",\"ｲﾐﾁ､ｵｸｲﾐﾁ､ｳﾁｲﾐﾁ\",\"愛知県\","
		    "\"新城市\",\"井道、奥井道、内井道\",0,0,0,0,0,0\r\n",
		  { "4411324|井道||イミチ",
		    "4411324|奥井道||オクイミチ",
		    "4411324|内井道||ウチイミチ" } },
		/* several towns with a note */
		{ "37322,\"76141\",\"7614102\",\"カガワケン\","
		    "\"ショウズグントノショウチョウ\",\"コウ、オツ（ミナ"
		    "トシンマチ）\","
		    "\"香川県\",\"小豆郡土庄町\",\"甲、乙（港新町）\",1,0,0,0,"
		    "0,0\r\n",
		  { "7614102|甲|（港新町）|コウ", "7614102|乙|（港新町）|"
		    "オツ" } },
		/* 丁目 numbers kept */
		{ "01101,\"060  \",\"0600042\",\"ﾎｯｶｲﾄﾞｳ\","
		    "\"ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ\","
		    "\"ｵｵﾄﾞｵﾘﾆｼ(1-19ﾁｮｳﾒ)\",\"北海道\","
		    "\"札幌市中央区\",\"大通西（１～１９丁目）\",1,0,1,0,"
		    "0,0\r\n",
		  { "0600042|大通西|（１～１９丁目）|オオドオリニシ" } },
		/* 番地 numbers kept */
		{ "01106,\"005  \",\"0050865\",\"ホッカイドウ\","
		    "\"サッポロシミナミク\",\"トキワ（１−１３１バンチ）\""
		    ",\"北海道\","
		    "\"札幌市南区\",\"常盤（１〜１３１番地）\",1,0,0,0,0,0\r\n",
		  { "0050865|常盤|（１～１３１番地）|トキワ" } },
		/* 地割 in brackets kept */
		{ "03202,\"02824\",\"0282402\",\"イワテケン\","
		    "\"ミヤコシ\",\"カワイ（ダイ９チワリ−ダイ１１チワリ）\","
		    "\"岩手県\",\"宮古市\",\"川井（第９地割〜第１１地割）"
		    "\",1,1,"
		    "0,0,0,0\r\n",
		  { "0282402|川井|（第９地割～第１１地割）|カワイ" } },
		/* other numbers kept */
		{ "01371,\"04948\",\"0494801\",\"ﾎｯｶｲﾄﾞｳ\","
		    "\"ｸﾄﾞｳｸﾞﾝｾﾀﾅﾁｮｳ\",\"ｾﾀﾅｸﾎﾝﾁｮｳ(1ｸ)\","
		    "\"北海道\",\"久遠郡せたな町\",\"瀬棚区本町（１区）\""
		    ",0,0,0,"
		    "0,0,0\r\n",
		  { "0494801|瀬棚区本町|（１区）|セタナクホンチョウ" } },
		/* 「…」以外 inside a note kept */
		{ "01407,\"04824\",\"0482402\",\"ホッカイドウ\","
		    "\"ヨイチグンニキチョウ\","
		    "\"オオエ（１チョウメ、２チョウメ＜６５１、６６２、６"
		    "６８バンチ＞イガイ、３チョウメ５、１３−４、２０、６"
		    "７８、６８７バンチ）\","
		    "\"北海道\",\"余市郡仁木町\","
		    "\"大江（１丁目、２丁目「６５１、６６２、６６８番地」"
		    "以外、３丁目５、１３−４、２０、６７８、６８７番地）"
		    "\","
		    "1,0,1,0,0,0\r\n",
		  { "0482402|大江|（１丁目、２丁目「６５１、６６２、６６"
		    "８番地」以外、３丁目５、１３－４、２０、６７８、６８"
		    "７番地）|オオエ" } },
		/* を除く kept */
		{ "23201,\"440  \",\"4400075\",\"ｱｲﾁｹﾝ\","
		    "\"ﾄﾖﾊｼｼ\","
		    "\"ﾊﾅﾀﾞﾁｮｳｶﾝﾕｳﾁ(ﾑﾊﾞﾝﾁｦﾉｿﾞｸ)\",\"愛知県\","
		    "\"豊橋市\",\"花田町官有地（無番地を除く）\",1,0,0,1,"
		    "0,0\r\n",
		  { "4400075|花田町官有地|（無番地を除く）|ハナダチョウカ"
		    "ンユウチ" } },
		/* 〔…〕 kept */
		{ "07543,\"97906\",\"9790622\",\"フクシマケン\","
		    "\"フタバグントミオカマチ\","
		    "\"ケガヤ（マエカワハラ２３２−２４４、３１１、３１２"
		    "、３３７−８６２バンチトウキョウデンリョクフクシマダ"
		    "イ２ゲンシリョクハツデンショコウナイ）\","
		    "\"福島県\",\"双葉郡富岡町\","
		    "\"毛萱（前川原２３２〜２４４、３１１、３１２、３３７"
		    "〜８６２番地〔東京電力福島第二原子力発電所構内〕）\""
		    ","
		    "1,1,0,0,0,0\r\n",
		  { "9790622|毛萱|（前川原２３２～２４４、３１１、３１２"
		    "、３３７～８６２番地〔東京電力福島第二原子力発電所構"
		    "内〕）|ケガヤ" } },
		/* Kyoto street directions kept */
		{ "26102,\"602  \",\"6028371\",\"ｷｮｳﾄﾌ\","
		    "\"ｷｮｳﾄｼｶﾐｷﾞｮｳｸ\","
		    "\"ﾆｼﾏﾁ(ｲﾁｼﾞｮｳﾄﾞｵﾘｵﾝﾏｴﾋｶﾞｼｲﾙ)\","
		    "\"京都府\",\"京都市上京区\",\"西町（一条通御前東入）"
		    "\",0,0,"
		    "0,0,0,0\r\n",
		  { "6028371|西町|（一条通御前東入）|ニシマチ" } },
		/* a list of 小字 kept */
		{ "01214,\"09845\",\"0984581\",\"ホッカイドウ\","
		    "\"ワッカナイシ\","
		    "\"バッカイムラ（カミユウチ、シモユウチ、ユウクル、オ"
		    "ネトマナイ）\","
		    "\"北海道\",\"稚内市\","
		    "\"抜海村（上勇知、下勇知、夕来、オネトマナイ）\",1,0,0,0,"
		    "0,0\r\n",
		  { "0984581|抜海村|（上勇知、下勇知、夕来、オネトマナイ"
		    "）|バッカイムラ" } },
		/* one name kept */
		{ "12211,\"282  \",\"2820010\",\"チバケン\","
		    "\"ナリタシ\",\"キチオカ（ナリタコクサイクウコウナイ）\","
		    "\"千葉県\",\"成田市\",\"吉岡（成田国際空港内）\",1,0,0,0,"
		    "0,0\r\n",
		  { "2820010|吉岡|（成田国際空港内）|キチオカ" } },
		/* two readings of one town both stay */
		{ "28203,\"673  \",\"6730012\",\"ヒョウゴケン\","
		    "\"アカシシ\",\"カニガサカ\",\"兵庫県\",\"明石市\",\""
		    "和坂\",0,"
		    "0,0,1,0,0\r\n"
		  "28203,\"673  \",\"6730012\",\"ヒョウゴケン\","
		    "\"アカシシ\",\"ワサカ\",\"兵庫県\",\"明石市\",\"和坂"
		    "\",0,0,"
		    "1,1,0,0\r\n",
		  { "6730012|和坂||カニガサカ", "6730012|和坂||ワサカ" } },

	};
	struct postal_addr *rows;
	struct strbuf sb;
	size_t i, j, n, want;
	char *got;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		rows = parse_ok(cases[i].text, &n);
		for (want = 0; want < nitems(cases[i].want) &&
		    cases[i].want[want] != NULL; want++)
			;
		if (n != want)
			print_error("case %zu: %zu rows, not %zu\n", i + 1, n,
			    want);
		assert_int_equal(n, want);
		for (j = 0; j < n; j++) {
			sb_init(&sb);
			sb_addf(&sb, "%s|%s|%s|%s", rows[j].code, rows[j].town,
			    rows[j].note, rows[j].kana);
			got = sb_detach(&sb);
			if (strcmp(got, cases[i].want[j]) != 0)
				print_error("case %zu row %zu: %s\n", i + 1,
				    j + 1, got);
			assert_string_equal(got, cases[i].want[j]);
			free(got);
		}
		postal_addr_free(rows, n);
	}
}

/* An address written out in full (a card's) finds its town; the code
 * comes with it only when the town has just one: 常盤 is 0050863 and, for
 * 1～131番地, 0050865, so 常盤１２０番地 cannot say which. */
static void
test_match(void **state)
{
	static const char text[] =
	    ROW("01106", "0050863", "ホッカイドウ", "サッポロシミナミク",
	    "トキワ（ソノタ）", "北海道", "札幌市南区", "常盤（その他）")
	    ROW("01106", "0050865", "ホッカイドウ", "サッポロシミナミク",
	    "トキワ（１−１３１バンチ）", "北海道", "札幌市南区",
	    "常盤（１〜１３１番地）")
	    ROW("13305", "1900182", "トウキョウト", "ニシタマグンヒノデマチ",
	    "ヒライ", "東京都", "西多摩郡日の出町", "平井");
	struct postal_addr *a;
	struct store *s;
	char *cause = NULL, *path;

	(void)state;
	path = xasprintf("%s/match.db", dir);
	s = store_open(path, &cause);
	assert_non_null(s);
	free(path);
	assert_int_equal(postal_import_data(s, "m.csv", text, strlen(text),
	    NULL, &cause), 0);
	assert_int_equal(postal_match_address(s, "北海道札幌市南区常盤１２０番地",
	    &a, &cause), 1);
	assert_string_equal(a->town, "常盤");
	assert_string_equal(a->note, "");
	assert_string_equal(a->code, "");
	postal_addr_free(a, 1);
	assert_int_equal(postal_match_address(s,
	    "東京都西多摩郡日の出町平井１２３", &a, &cause), 1);
	assert_string_equal(a->town, "平井");
	assert_string_equal(a->code, "1900182");
	postal_addr_free(a, 1);
	store_close(s);
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
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_cp932),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_lookup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
