/*
 * test-dict.c - the dictionary loader (every mistake as file:line), lookups,
 * and dict_normalize / dict_display for each type. Run from the repository
 * root: data/dictionary.txt is read from there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dict/dict.h"
#include "ui/ui.h"
#include "util/util.h"
#include "unit/fixture.h"

static struct dict *real;

static int
setup(void **state)
{
	(void)state;
	return (real = fixture_dict()) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	dict_free(real);
	return 0;
}

/* Load text as a dictionary file; returns the dict or NULL with *cause. */
static struct dict *
load_text(const char *text, char **cause)
{
	char path[] = "/tmp/test-dict-XXXXXX";
	struct dict *d;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	*cause = NULL;
	d = dict_load(path, cause);
	unlink(path);
	return d;
}

/* 1. Every key the brief lists is declared. */
static const char *brief_keys[] = {
	"event", "move_date", "filed_date", "applicant.kind", "applicant.name",
	"applicant.kana", "applicant.address", "applicant.phone", "phone",
	"new.postal", "new.pref", "new.city", "new.town", "new.banchi",
	"new.building", "new.head", "new.head_relation", "old.postal",
	"old.pref", "old.city", "old.town", "old.banchi", "old.building",
	"old.head", "new.address", "old.address", "person.name", "person.kana",
	"person.birth", "person.sex", "person.relation", "person.mynumber",
	"person.nationality", "person.residence_status",
	"person.residence_period", "person.residence_card", "person.honseki",
	"person.hittousha", "person.jumin_code", "person.prev_school",
	"person.school", "person.age", "person.grade", "bank.name",
	"bank.branch", "bank.account_type", "bank.account_number",
	"bank.holder_kana", "pension_kind", "kokuho.reason", "kokuho.date",
	"kaigo.reason", "kouki.reason", "cert.kind", "cert.count",
	"cert.purpose", "cert.scope", "cert.include_honseki",
	"cert.include_relation", "inkan.reason", "suido.start_date",
	"suido.customer_number", "suido.payment", "suido.usage", "note",
	"town.name", "town.pref", "town.county", "town.addressee",
	"town.mayor", "town.office",
};

static void
test_real(void **state)
{
	const struct dict_item *it;
	const struct dict_group *g;
	size_t i;
	int idx;

	(void)state;
	for (i = 0; i < nitems(brief_keys); i++)
		if (dict_find(real, brief_keys[i], NULL) == NULL)
			fail_msg("%s is not in the dictionary", brief_keys[i]);
	g = dict_find_group(real, "person");
	assert_non_null(g);
	assert_int_equal(g->max, 20);
	it = dict_find(real, "person.3.name", &idx);
	assert_non_null(it);
	assert_string_equal(it->key, "person.name");
	assert_string_equal(it->group, "person");
	assert_string_equal(it->field, "name");
	assert_int_equal(idx, 3);
	it = dict_find(real, "new.postal", &idx);
	assert_non_null(it);
	assert_null(it->group);
	assert_int_equal(idx, 0);
	assert_null(dict_find(real, "person.3.nosuch", NULL));
	assert_null(dict_find(real, "nosuch", NULL));
	assert_null(dict_find(real, "new.1.postal", NULL));
	assert_true(dict_find(real, "person.mynumber", NULL)->secret);
	assert_true(dict_find(real, "new.address", NULL)->derived);
	assert_true(dict_find(real, "person.age", NULL)->derived);
	assert_true(dict_find(real, "town.name", NULL)->derived);
	assert_true(dict_find(real, "event", NULL)->required);
	assert_true(dict_find(real, "person.relation", NULL)->required);
	assert_int_equal(dict_find(real, "person.relation", NULL)->choice->
	    nvalues, 23);
	assert_string_equal(dict_find(real, "cert.count", NULL)->def, "1");
	assert_string_equal(dict_type_name(DICT_MYNUMBER), "mynumber");
}

/* 2. Loader mistakes: each with its line, all of them reported. */
static void
test_loader_errors(void **state)
{
	static const char *text =
	    "# line 1\n"
	    "choice sex 男 女\n"					/* 2 */
	    "choice sex 男 女\n"					/* 3 */
	    "group person x 世帯員\n"				/* 4 */
	    "group person 20 世帯員\n"				/* 5 */
	    "item name text\n"					/* 6 */
	    "item name text 氏名 maxlen=abc\n"			/* 7 */
	    "item kind choice:nosuch 種類\n"			/* 8 */
	    "item when dates 日付\n"				/* 9 */
	    "item Bad text ラベル\n"				/* 10 */
	    "item a text 「A」 frob\n"				/* 11 */
	    "item a text 「A」\n"				/* 12 */
	    "item n number 数 range=5..1\n"			/* 13 */
	    "item s choice:sex 性別 default=不明\n"		/* 14 */
	    "widget x\n"						/* 15 */
	    "item h text \"unclosed\n"				/* 16 */
	    "choice dup 甲 乙 甲\n"				/* 17 */
	    "item d text 桁 digits=3\n"				/* 18 */
	    "item person.1.name text 氏名\n"			/* 19 */
	    "item ok text \"a label\" help=\"with \\\"quotes\\\"\"\n"; /* 20 */
	static const char *want[] = {
	    ":3: choice sex is already declared on line 2",
	    ":4: group person: MAX must be",
	    ":6: expected `item KEY TYPE LABEL",
	    ":7: name: maxlen must be a positive number",
	    ":8: kind: no choice list named \"nosuch\"",
	    ":9: when: unknown type \"dates\"",
	    ":10: bad item key \"Bad\"",
	    ":11: a: unknown option \"frob\"",
	    ":12: item a is already declared on line 11",
	    ":13: n: range must be MIN..MAX",
	    ":14: s: default \"不明\" is refused",
	    ":15: unknown declaration \"widget\"",
	    ":16: closing \" is missing",
	    ":17: choice dup: value 甲 is listed twice",
	    ":18: d: digits= is only for type digits",
	    ":19: bad item key \"person.1.name\"",
	};
	char *cause;
	size_t i;

	(void)state;
	assert_null(load_text(text, &cause));
	assert_non_null(cause);
	for (i = 0; i < nitems(want); i++)
		if (strstr(cause, want[i]) == NULL)
			fail_msg("missing \"%s\" in:\n%s", want[i], cause);
	assert_null(strstr(cause, ":20:"));
	assert_null(strstr(cause, ":5:"));
	free(cause);
}

static void
test_loader_ok(void **state)
{
	struct dict *d;
	const struct dict_item *it;
	char *cause;

	(void)state;
	d = load_text("item kind choice:k \"種 類\" required "
	    "help=\"say \\\"hi\\\"\" default=乙\n"
	    "choice k 甲 乙\n"
	    "group g 3 グループ\n"
	    "item g.f number 数 range=1..9\n", &cause);
	if (d == NULL)
		fail_msg("%s", cause);
	it = dict_find(d, "kind", NULL);
	assert_string_equal(it->label, "種 類");
	assert_string_equal(it->help, "say \"hi\"");
	assert_string_equal(it->def, "乙");
	assert_true(it->required);
	assert_non_null(it->choice);
	it = dict_find(d, "g.3.f", NULL);
	assert_non_null(it);
	assert_int_equal(it->min, 1);
	assert_int_equal(it->max, 9);
	dict_free(d);
	assert_null(load_text("\xff\n", &cause));
	assert_non_null(strstr(cause, "not UTF-8"));
	free(cause);
	assert_null(dict_load("/nonexistent/dictionary.txt", &cause));
	free(cause);
}

/* 3. dict_normalize for each type: accepted inputs and stored forms. */
static const struct {
	const char *key, *in, *want;
} norm_ok[] = {
	/* 1 */ { "person.name", " 山﨑 太郎 ", "山﨑 太郎" },
	/* 2 */ { "person.name", "𠮷田 葛\xf3\xa0\x84\x80子", "𠮷田 葛\xf3\xa0\x84\x80子" },
	/* 3 */ { "person.name", "塚\xef\xa8\x90", "塚\xef\xa8\x90" },	/* U+FA10 kept */
	/* 4 */ { "person.kana", "やまさき たろう", "ヤマサキ　タロウ" },
	/* 5 */ { "person.birth", "S45.3.12", "1970-03-12" },
	/* 6 */ { "person.birth", "R1.5.1", "2019-05-01" },
	/* 7 */ { "new.postal", "190-0182", "1900182" },
	/* 8 */ { "new.postal", "〒１９０－０１８２", "1900182" },
	/* 9 */ { "new.postal", "1900182", "1900182" },
	/* 10 */ { "phone", "042-597-0511", "042-597-0511" },
	/* 11 */ { "phone", "(042)597-0511", "042-597-0511" },
	/* 12 */ { "phone", "０９０ー１２３４ー５６７８", "090-1234-5678" },
	/* 13 */ { "phone", "09012345678", "09012345678" },
	/* 14 */ { "person.mynumber", "1234 5678 9018", "123456789018" },
	/* 15 */ { "person.mynumber", "１２３４５６７８９０１８", "123456789018" },
	/* 16 */ { "person.jumin_code", "12345678901", "12345678901" },
	/* 17 */ { "bank.account_number", "０１２３４５６", "0123456" },
	/* 18 */ { "person.sex", "女", "女" },
	/* 19 */ { "person.relation", "子の妻", "子の妻" },
	/* 20 */ { "cert.include_honseki", "はい", "はい" },
	/* 21 */ { "cert.include_honseki", "no", "いいえ" },
	/* 22 */ { "cert.include_honseki", "Y", "はい" },
	/* 23 */ { "cert.count", "3", "3" },
	/* 24 */ { "cert.count", "２", "2" },
	/* 25 */ { "event", "転入", "転入" },
	/* 26 */ { "note", "", "" },
	/* 27 */ { "note", "　", "" },
};

static const struct {
	const char *key, *in, *msg;
} norm_bad[] = {
	/* 1 */ { "person.name", "山田\x01", "(U+0001)" },
	/* 2 */ { "person.name", "山田\xff", "UTF-8" },
	/* 3 */ { "person.kana", "ﾔﾏﾀﾞA", "「A」(U+0041)" },
	/* 4 */ { "person.birth", "S65.1.1", "昭和は64年" },
	/* 5 */ { "person.birth", "H31.5.1", "平成は31年" },
	/* 6 */ { "new.postal", "190-018", "7桁" },
	/* 7 */ { "new.postal", "19O-0182", "「O」(U+004F)" },
	/* 8 */ { "phone", "042-597", "10桁か11桁" },
	/* 9 */ { "phone", "042-597-051x", "「x」(U+0078)" },
	/* 10 */ { "person.mynumber", "123456789010", "検査用数字" },
	/* 11 */ { "person.mynumber", "12345678901", "12桁" },
	/* 12 */ { "person.jumin_code", "1234567890", "11桁" },
	/* 13 */ { "person.jumin_code", "1234567890a", "「a」(U+0061)" },
	/* 14 */ { "person.sex", "男性", "選べるもの: 男 女" },
	/* 15 */ { "cert.include_honseki", "たぶん", "「はい」か「いいえ」" },
	/* 16 */ { "cert.count", "21", "1から20まで" },
	/* 17 */ { "cert.count", "0", "1から20まで" },
	/* 18 */ { "cert.count", "二", "数で" },
	/* 19 */ { "person.name", "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ", "40文字まで" },
};

static void
test_normalize(void **state)
{
	const struct dict_item *it;
	char *out, *cause;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(norm_ok); i++) {
		it = dict_find(real, norm_ok[i].key, NULL);
		assert_non_null(it);
		out = cause = NULL;
		if (dict_normalize(it, norm_ok[i].in, &out, &cause) != 0)
			fail_msg("ok case %zu: %s", i + 1, cause);
		if (strcmp(out, norm_ok[i].want) != 0)
			fail_msg("ok case %zu: got \"%s\"", i + 1, out);
		free(out);
	}
	for (i = 0; i < nitems(norm_bad); i++) {
		it = dict_find(real, norm_bad[i].key, NULL);
		assert_non_null(it);
		out = cause = NULL;
		if (dict_normalize(it, norm_bad[i].in, &out, &cause) == 0)
			fail_msg("bad case %zu accepted: %s", i + 1, out);
		assert_null(out);
		if (strstr(cause, norm_bad[i].msg) == NULL)
			fail_msg("bad case %zu: \"%s\" lacks \"%s\"", i + 1,
			    cause, norm_bad[i].msg);
		free(cause);
	}
}

/* 4. The corporate number type, with a dictionary of its own. */
static void
test_corpnumber(void **state)
{
	struct dict *d;
	char *cause, *out;

	(void)state;
	d = load_text("item corp corpnumber 法人番号\n", &cause);
	assert_non_null(d);
	assert_int_equal(dict_normalize(&d->items[0], "4-0110-0109-8993", &out,
	    &cause), 0);
	assert_string_equal(out, "4011001098993");
	free(out);
	assert_int_equal(dict_normalize(&d->items[0], "2835678256246", &out,
	    &cause), -1);
	assert_non_null(strstr(cause, "検査用数字"));
	free(cause);
	dict_free(d);
}

static void
test_display(void **state)
{
	static const struct {
		const char *key, *stored, *want;
	} cases[] = {
		{ "person.mynumber", "123456789018", "**** **** 9018" },
		{ "new.postal", "1900182", "190-0182" },
		{ "person.birth", "2019-05-01", "令和元年5月1日" },
		{ "person.birth", "1989-01-07", "昭和64年1月7日" },
		{ "person.name", "髙橋 健太", "髙橋 健太" },
		{ "phone", "042-597-0511", "042-597-0511" },
	};
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = dict_display(dict_find(real, cases[i].key, NULL),
		    cases[i].stored);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
}

/* 6. The widest value of each type (the fit guarantee's worst visit). */
/* Every label of the shipped dictionary fits the counter screen's label
 * column, a required one with room for its *: a longer one is cut. */
static void
test_labels_fit(void **state)
{
	struct dict *d = fixture_dict();
	size_t i;
	int w, room;

	(void)state;
	assert_non_null(d);
	for (i = 0; i < d->nitems; i++) {
		w = utf8_width(d->items[i].label);
		room = UI_FIELDS_LABEL - (d->items[i].required ? 1 : 0);
		if (w > room)
			fail_msg("%s: label %s is %d columns, the screen has %d",
			    d->items[i].key, d->items[i].label, w, room);
	}
	dict_free(d);
}

static void
test_widest(void **state)
{
	static const struct {
		const char *key, *want;
	} cases[] = {
		{ "new.postal", "1900182" },
		{ "person.jumin_code", "88888888888" },
		{ "cert.include_honseki", "いいえ" },
		{ "person.birth", "2018-12-28" },
	};
	const struct dict_item *it;
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		s = dict_widest(dict_find(real, cases[i].key, NULL));
		assert_non_null(s);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	it = dict_find(real, "person.name", NULL);
	s = dict_widest(it);
	assert_int_equal(utf8_count(s), it->maxlen);
	assert_int_equal(strncmp(s, "国", strlen("国")), 0);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_loader_errors),
		cmocka_unit_test(test_loader_ok),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_corpnumber),
		cmocka_unit_test(test_display),
		cmocka_unit_test(test_widest),
		cmocka_unit_test(test_labels_fit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
