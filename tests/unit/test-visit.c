/*
 * test-visit.c - visit files: the samples parse; every kind of mistake is
 * reported with its line and key; format → parse keeps values byte for
 * byte (𠮷, 葛+U+E0100, 﨑); derived values. Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "visit/visit.h"
#include "unit/fixture.h"

static struct dict *dict;

static const char *samples[] = {
	"data/samples/hinan-single.visit",
	"data/samples/hiji-family.visit",
	"data/samples/misaki-elder.visit",
	"data/samples/hinode-foreign.visit",
	"data/samples/hinode-seven.visit",
};

static int
setup(void **state)
{
	(void)state;
	return (dict = fixture_dict()) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	dict_free(dict);
	return 0;
}

/* A minimal valid visit; tests append a line to it. */
#define BASE \
	"event = 転入\n" \
	"filed_date = 2026-11-21\n" \
	"applicant.kind = 本人\n" \
	"person.1.name = 山田 太郎\n" \
	"person.1.kana = やまだ たろう\n" \
	"person.1.birth = S45.3.12\n" \
	"person.1.sex = 男\n" \
	"person.1.relation = 世帯主\n"
#define BASE_LINES 8

static void
test_samples(void **state)
{
	struct visit *v;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(samples); i++) {
		cause = NULL;
		v = visit_load(samples[i], dict, &cause);
		if (v == NULL)
			fail_msg("%s", cause);
		assert_true(visit_count(v, "person") >= 1);
		visit_free(v);
	}
	v = visit_load("data/samples/hinode-seven.visit", dict, &cause);
	assert_non_null(v);
	assert_int_equal(visit_count(v, "person"), 7);
	assert_string_equal(visit_get(v, "new.postal"), "1900182");
	assert_string_equal(visit_get_member(v, "person", 6, "birth"),
	    "1948-02-29");
	assert_string_equal(visit_get(v, "person.1.mynumber"), "831650274961");
	visit_free(v);
}

static void
test_base(void **state)
{
	struct diag dg = { NULL, 0 };
	struct visit *v;

	(void)state;
	v = visit_parse("t.visit", "\xef\xbb\xbf" BASE, dict, &dg);
	assert_non_null(v);
	assert_int_equal(dg.n, 0);
	assert_string_equal(visit_get(v, "person.1.kana"), "ヤマダ　タロウ");
	assert_string_equal(visit_get(v, "person.1.birth"), "1970-03-12");
	visit_free(v);
}

/* Each case: one extra line (line BASE_LINES + 1) and the message. */
static const struct {
	const char *line;
	const char *want;
} mistakes[] = {
	/* 1 */ { "nosuch = 1", "t.visit:9: nosuch: 辞書にない項目です" },
	/* 2 */ { "person.1.nosuch = 1", "t.visit:9: person.1.nosuch: 辞書にない" },
	/* 3 */ { "move_date = S65.1.1", "t.visit:9: move_date: 昭和は64年" },
	/* 4 */ { "move_date = 2026-02-30", "t.visit:9: move_date: 2026年2月30日という日はありません" },
	/* 5 */ { "person.1.mynumber = 123456789010", "t.visit:9: person.1.mynumber: 個人番号の検査用数字" },
	/* 6 */ { "event = 転居", "t.visit:9: event: 2回書かれています(最初は1行目)" },
	/* 7 */ { "person.01.name = 山田 花子", "t.visit:9: person.01.name: 世帯員の番号の先頭に0" },
	/* 8 */ { "person.0.name = 山田 花子", "t.visit:9: person.0.name: 世帯員の番号は1からです" },
	/* 9 */ { "person.21.name = 山田 花子", "t.visit:9: person.21.name: 世帯員は20人までです" },
	/* 10 */ { "person.99999999999.name = 山田 花子", "t.visit:9: person.***********.n…: 辞書にない" },
	/* 11 */ { "person.name = 山田 花子", "t.visit:9: person.name: 世帯員の番号がありません" },
	/* 12 */ { "note 山田", "t.visit:9: note 山田: 「=」がありません" },
	/* 13 */ { "note = 山田\xff", "t.visit:9: note: UTF-8 ではありません(バイト位置 " },
	/* 14 */ { "no\xfete = 1", "t.visit:9: UTF-8 ではありません(バイト位置 " },
	/* 15 */ { "new.address = 東京都", "t.visit:9: new.address: 新住所は計算で求める項目" },
	/* 16 */ { "person.1.age = 56", "t.visit:9: person.1.age: 年齢は計算で求める項目" },
	/* 17 */ { "town.name = 日南町", "t.visit:9: town.name: 町名は計算で求める" },
	/* 18 */ { "person.1.sex = 男性", "t.visit:9: person.1.sex: 2回書かれています" },
	/* 19 */ { "person.2.name = 山田 花子", "t.visit: person.2.kana: フリガナがありません" },
	/* 20 */ { "person.1.kana = ヤマダ", "t.visit:9: person.1.kana: 2回" },
	/* 21 */ { "phone = 042", "t.visit:9: phone: 連絡先の電話番号は0から" },
	/* 22 */ { "= 1", "t.visit:9: 「=」の前に項目名がありません" },
	/* 23 */ { "person.1.jumin_code = 1234", "t.visit:9: person.1.jumin_code: 住民票コードは11桁です" },
	/* 24 */ { "  note = \xe5\xb1\xb1\xff", "t.visit:9: note: UTF-8 ではありません(バイト位置 216)" },
	/* a stray My Number on a line of its own is never echoed */
	/* 25 */ { "123456789018", "t.visit:9: ************: 「=」がありません" },
	/* 26 */ { "3048 1726 5919", "t.visit:9: **** **** ****: 「=」がありません" },
	/* 27 */ { "１２３４５６７８９０１８", "t.visit:9: ************: 「=」がありません" },
	/* 28 */ { "this line is much longer than twenty characters", "t.visit:9: this line is much lo…: 「=」" },
};

static void
test_mistakes(void **state)
{
	struct diag dg = { NULL, 0 };
	struct visit *v;
	char *text, *all;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(mistakes); i++) {
		text = xasprintf("%s%s\n", BASE, mistakes[i].line);
		v = visit_parse("t.visit", text, dict, &dg);
		free(text);
		if (v != NULL)
			fail_msg("case %zu accepted", i + 1);
		all = diag_join(&dg);
		if (all == NULL || strstr(all, mistakes[i].want) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i + 1,
			    all != NULL ? all : "", mistakes[i].want);
		free(all);
		diag_free(&dg);
	}
}

/* All mistakes in a file are reported, and missing required items. */
static void
test_many(void **state)
{
	struct diag dg = { NULL, 0 };
	struct visit *v;
	char *all;

	(void)state;
	v = visit_parse("m.visit",
	    "# header\n"
	    "event = 転入\n"
	    "nosuch = 1\n"
	    "\n"
	    "person.1.name = 𠮷田\n"
	    "person.1.birth = H31.5.1\n"
	    "oops\n", dict, &dg);
	assert_null(v);
	all = diag_join(&dg);
	assert_non_null(strstr(all, "m.visit:3: nosuch:"));
	assert_non_null(strstr(all, "m.visit:6: person.1.birth: 平成は31年"));
	assert_non_null(strstr(all, "m.visit:7: oops:"));
	assert_non_null(strstr(all, "m.visit: filed_date: 届出日がありません"));
	assert_non_null(strstr(all, "m.visit: applicant.kind: 届出人がありません"));
	assert_non_null(strstr(all, "m.visit: person.1.kana: フリガナがありません"));
	assert_non_null(strstr(all, "m.visit: person.1.birth: 生年月日がありません"));
	assert_null(strstr(all, "person.1.name: 氏名がありません"));
	free(all);
	diag_free(&dg);
}

/* format → parse → format keeps every value byte for byte. */
static void
test_round_trip(void **state)
{
	struct diag dg = { NULL, 0 };
	struct visit *v, *w;
	char *t1, *t2, *cause;
	size_t i;
	static const char *names[] = {
		"𠮷田 葛\xf3\xa0\x84\x80子",	/* 葛 + U+E0100 */
		"山﨑 髙志",
		"塚\xef\xa8\x90本",		/* U+FA10 must not become U+585A */
		"辻\xf3\xa0\x84\x83 花子",	/* 辻 + U+E0103 */
	};

	(void)state;
	for (i = 0; i < nitems(samples); i++) {
		v = visit_load(samples[i], dict, &cause);
		assert_non_null(v);
		t1 = visit_format(v, dict, 1);
		w = visit_parse("again", t1, dict, &dg);
		if (w == NULL)
			fail_msg("%s", dg.msgs[0]);
		t2 = visit_format(w, dict, 1);
		assert_string_equal(t1, t2);
		assert_int_equal(v->n, w->n);
		free(t1);
		free(t2);
		visit_free(v);
		visit_free(w);
	}
	v = visit_parse("t.visit", BASE, dict, &dg);
	assert_non_null(v);
	for (i = 0; i < nitems(names); i++) {
		assert_int_equal(visit_set(v, dict, "person.1.name", names[i],
		    &cause), 0);
		t1 = visit_format(v, dict, 0);
		w = visit_parse("again", t1, dict, &dg);
		assert_non_null(w);
		assert_memory_equal(visit_get(w, "person.1.name"), names[i],
		    strlen(names[i]) + 1);
		free(t1);
		visit_free(w);
	}
	visit_free(v);
}

static void
test_set_and_secret(void **state)
{
	struct diag dg = { NULL, 0 };
	struct visit *v, *c;
	char *cause = NULL, *t;

	(void)state;
	v = visit_parse("t.visit", BASE, dict, &dg);
	assert_non_null(v);
	assert_int_equal(visit_set(v, dict, "person.1.mynumber",
	    "1234-5678-9018", &cause), 0);
	assert_string_equal(visit_get(v, "person.1.mynumber"), "123456789018");
	assert_int_equal(visit_set(v, dict, "person.1.mynumber",
	    "123456789010", &cause), -1);
	assert_non_null(strstr(cause, "検査用数字"));
	free(cause);
	assert_string_equal(visit_get(v, "person.1.mynumber"), "123456789018");
	assert_int_equal(visit_set(v, dict, "person.1.age", "3", &cause), -1);
	free(cause);
	assert_int_equal(visit_set(v, dict, "nosuch", "3", &cause), -1);
	assert_non_null(strstr(cause, "nosuch: 辞書にない"));
	free(cause);
	t = visit_format(v, dict, 0);
	assert_null(strstr(t, "mynumber"));
	free(t);
	t = visit_format(v, dict, 1);
	assert_non_null(strstr(t, "person.1.mynumber = 123456789018\n"));
	free(t);
	c = visit_copy(v);
	assert_int_equal(visit_set(v, dict, "person.1.mynumber", "", &cause),
	    0);
	assert_null(visit_get(v, "person.1.mynumber"));
	assert_non_null(visit_get(c, "person.1.mynumber"));
	visit_set_stored(c, "person.3.name", "鈴木 一郎");
	assert_int_equal(visit_count(c, "person"), 3);
	visit_unset(c, "person.3.name");
	assert_int_equal(visit_count(c, "person"), 1);
	assert_int_equal(visit_check_required(c, dict, &dg), 0);
	visit_set_stored(c, "person.2.name", "山田 花子");
	assert_int_equal(visit_check_required(c, dict, &dg), 4);
	diag_free(&dg);
	visit_free(c);
	visit_free(v);
}

static void
test_derive(void **state)
{
	struct derive_ctx ctx;
	struct visit *v;
	struct config *cf;
	char *cause = NULL, *s;
	struct date today = { 2026, 11, 21 };

	(void)state;
	cf = config_load("data/kakanai.conf", &cause);
	if (cf == NULL)
		fail_msg("%s", cause);
	v = visit_load("data/samples/hinode-seven.visit", dict, &cause);
	assert_non_null(v);
	ctx = (struct derive_ctx){ v, dict, cf, today };
#define DV(key, want) do { \
	s = derive_value(&ctx, key); \
	if ((want) == NULL) assert_null(s); \
	else { assert_non_null(s); assert_string_equal(s, (want)); } \
	free(s); \
} while (0)
	DV("new.address", "東京都西多摩郡日の出町平井2196番地7");
	DV("old.address", "東京都八王子市東町7番6号 八王子東町ハイツ 502");
	DV("new.head", "佐藤 浩");
	DV("person.1.age", "42");
	DV("person.5.age", "0");
	DV("person.6.age", "78");		/* born 29 February */
	DV("person.3.grade", "8");
	DV("person.4.grade", "2");		/* born 2 April */
	DV("person.5.grade", "-6");
	DV("person.8.age", NULL);
	DV("town.name", "日の出町");
	DV("town.addressee", "日の出町長");
	DV("town.mayor", NULL);
	DV("person.2.name", "佐藤 由美");
	DV("bank.account_type", "普通");
	DV("cert.count", NULL);			/* defaults are not applied */
	DV("nosuch", NULL);
	ctx.config = NULL;
	DV("town.name", NULL);
	visit_free(v);

	/* Reference date: move_date, else filed_date, else today. */
	v = visit_new();
	ctx = (struct derive_ctx){ v, dict, NULL, today };
	assert_int_equal(date_cmp(derive_reference_date(&ctx), today), 0);
	visit_set_stored(v, "filed_date", "2026-03-31");
	visit_set_stored(v, "person.1.birth", "2019-04-02");
	DV("person.1.grade", "0");
	visit_set_stored(v, "move_date", "2026-04-01");
	DV("person.1.grade", "1");
	DV("person.1.age", "7");
	DV("new.address", NULL);
	DV("new.head", NULL);
	/* An entered head wins; the county is not repeated. */
	visit_set_stored(v, "new.head", "𠮷田 誠");
	DV("new.head", "𠮷田 誠");
	visit_set_stored(v, "new.county", "西多摩郡");
	visit_set_stored(v, "new.city", "西多摩郡日の出町");
	visit_set_stored(v, "new.building", "平井荘 1");
	DV("new.address", "西多摩郡日の出町 平井荘 1");
	visit_free(v);

	/* 後期高齢者医療: a 転入 is 資格取得 only from another prefecture's
	 * 広域連合; within the prefecture it is a 住所変更, like a 転居. */
	v = visit_new();
	ctx = (struct derive_ctx){ v, dict, cf, today };
	DV("kouki.kind", NULL);
	visit_set_stored(v, "event", "転入");
	DV("kouki.kind", "資格取得");		/* 従前の都道府県 unknown */
	visit_set_stored(v, "old.pref", "神奈川県");
	visit_set_stored(v, "new.pref", "東京都");
	DV("kouki.kind", "資格取得");
	visit_set_stored(v, "old.pref", "東京都");
	DV("kouki.kind", "住所変更");
	/* 国保 from the day of the 転入, unless another day was typed. */
	DV("kokuho.date", NULL);
	visit_set_stored(v, "move_date", "2026-11-14");
	DV("kokuho.date", "2026-11-14");
	visit_set_stored(v, "kokuho.date", "2026-11-01");
	DV("kokuho.date", "2026-11-01");
	visit_unset(v, "new.pref");		/* the town's own prefecture */
	DV("kouki.kind", "住所変更");
	visit_set_stored(v, "event", "転居");
	DV("kouki.kind", "住所変更");
	visit_set_stored(v, "event", "世帯変更");
	DV("kouki.kind", "世帯変更");
	visit_set_stored(v, "event", "証明書の請求");
	DV("kouki.kind", NULL);
	visit_free(v);

	/* 印鑑登録: the member the clerk names (the first by default), only
	 * if 15 or over on the reference date. */
	v = visit_new();
	ctx = (struct derive_ctx){ v, dict, cf, today };
	DV("inkan.registrant", NULL);
	visit_set_stored(v, "person.1.name", "山田 一郎");
	visit_set_stored(v, "person.1.birth", "1980-01-01");
	visit_set_stored(v, "person.2.name", "山田 花子");
	visit_set_stored(v, "person.2.birth", "2011-11-23");	/* 14 */
	visit_set_stored(v, "person.3.name", "山田 次郎");
	visit_set_stored(v, "person.3.birth", "2011-11-22");	/* 15 */
	DV("inkan.registrant", "山田 一郎");
	DV("person.1.inkan", "はい");
	DV("person.2.inkan", "いいえ");
	visit_set_stored(v, "inkan.person", "2");
	DV("inkan.registrant", NULL);		/* under 15: nobody */
	DV("person.1.inkan", "いいえ");
	DV("person.2.inkan", "いいえ");
	visit_set_stored(v, "inkan.person", "3");
	DV("inkan.registrant", "山田 次郎");	/* 15 the day before */
	DV("person.3.inkan", "はい");
	visit_set_stored(v, "inkan.person", "4");	/* no such member */
	DV("inkan.registrant", NULL);
	visit_free(v);
	config_free(cf);
#undef DV
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_mistakes),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_set_and_secret),
		cmocka_unit_test(test_derive),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
