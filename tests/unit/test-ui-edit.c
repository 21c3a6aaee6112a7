/*
 * test-ui-edit.c - the counter screen's line editor (src/ui/ui-edit.c):
 * moving and deleting by character, where a base character and its
 * variation selector (葛 U+845B U+E0100) or combining mark are one; the
 * per-field conversions (hiragana to katakana, half-width kana joined and
 * widened, full-width digits narrowed, addresses widened); the display
 * column of the cursor with double-width characters; and the length limit.
 *
 * Each case is a mode, a script and the expected text and cursor column.
 * Script steps are separated by '|': "t..." types the text after the t one
 * character at a time (as get_wch delivers an IME's commit or a paste);
 * L R H E (left, right, home, end), B (backspace), D (delete), K (kill to
 * end), C (clear) are keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ui/ui.h"

#define KATSU "\xE8\x91\x9B"			/* 葛 U+845B */
#define VS17 "\xF3\xA0\x84\x80"			/* U+E0100 */
#define YOSHI "\xF0\xA0\xAE\xB7"		/* 𠮷 U+20BB7 */

static const struct {
	enum ui_edit_mode mode;
	int maxlen;
	const char *script;
	const char *want;
	int col;			/* cursor column */
} cases[] = {
	/* 1 */ { EDIT_PLAIN, 0, "t山田太郎", "山田太郎", 8 },
	/* 2 */ { EDIT_PLAIN, 0, "t山田太郎|B", "山田太", 6 },
	/* 3 */ { EDIT_PLAIN, 0, "t山田太郎|L|L|tX", "山田X太郎", 5 },
	/* 4 */ { EDIT_PLAIN, 0, "t山田|H|tY|E|tZ", "Y山田Z", 6 },
	/* 5: an IVS is one character for moving */
	{ EDIT_PLAIN, 0, "t" KATSU VS17 "飾区|L|L", KATSU VS17 "飾区", 2 },
	/* 6: and for backspace */
	{ EDIT_PLAIN, 0, "t" KATSU VS17 "飾区|L|L|B", "飾区", 0 },
	/* 7: and for delete */
	{ EDIT_PLAIN, 0, "t" KATSU VS17 "飾|H|D", "飾", 0 },
	/* 8: a selector typed after its base joins it */
	{ EDIT_PLAIN, 0, "t" KATSU "|t" VS17 "|L", KATSU VS17, 0 },
	/* 9: above U+FFFF, 4 bytes in UTF-8, one character */
	{ EDIT_PLAIN, 0, "t山田" YOSHI "子|L|B", "山田子", 4 },
	/* 10: combining dakuten (U+3099) stays with its base */
	{ EDIT_PLAIN, 0, "tか\xE3\x82\x99き|L|L|D", "き", 0 },
	/* 11 */ { EDIT_PLAIN, 0, "tabc|H|R|K", "a", 1 },
	/* 12 */ { EDIT_PLAIN, 0, "tabc|C|t漢", "漢", 2 },
	/* 13: half-width katakana always made full-width */
	{ EDIT_PLAIN, 0, "tｶﾅ", "カナ", 4 },
	/* 14: hiragana to katakana in kana fields */
	{ EDIT_KANA, 0, "tやまだ たろう", "ヤマダ　タロウ", 14 },
	/* 15: half-width kana with sound marks joined */
	{ EDIT_KANA, 0, "tｶﾞｯｺｳ ﾊﾟﾝ ｳﾞ", "ガッコウ　パン　ヴ", 18 },
	/* 16: a long vowel typed as '-' */
	{ EDIT_KANA, 0, "tらーめん-", "ラーメンー", 10 },
	/* 17: IME full-width digits narrowed for numbers and dates */
	{ EDIT_NARROW, 0, "tＳ４５．３．１２", "S45.3.12", 8 },
	/* 18: kanji dates left as they are */
	{ EDIT_NARROW, 0, "t昭和４５年", "昭和45年", 8 },
	/* 19: long-vowel and minus signs become hyphens */
	{ EDIT_NARROW, 0, "t１９０ー０１８２", "190-0182", 8 },
	/* 20: addresses widened */
	{ EDIT_WIDE, 0, "t2870-1 A", "２８７０－１　Ａ", 16 },
	/* 21: the limit counts characters, not bytes or code points */
	{ EDIT_PLAIN, 3, "t" KATSU VS17 "ab|tc", KATSU VS17 "ab", 4 },
	/* 22: control characters are dropped */
	{ EDIT_PLAIN, 0, "ta\x01\x1b" "b", "ab", 2 },
	/* 23: moving past either end does nothing */
	{ EDIT_PLAIN, 0, "tab|L|L|L|B|E|R|R", "ab", 2 },
};

static void
run(struct ui_edit *e, const char *script)
{
	char *copy = strdup(script), *save = NULL, *step;
	size_t len, off, k;
	uint32_t cp;

	for (step = strtok_r(copy, "|", &save); step != NULL;
	    step = strtok_r(NULL, "|", &save)) {
		if (*step == 't') {
			len = strlen(step + 1);
			for (off = 0; off < len; off += k) {
				k = utf8_decode(step + 1 + off, len - off, &cp);
				assert_true(k > 0);
				ui_edit_insert(e, cp);
			}
			continue;
		}
		switch (*step) {
		case 'L': ui_edit_left(e); break;
		case 'R': ui_edit_right(e); break;
		case 'H': ui_edit_home(e); break;
		case 'E': ui_edit_end(e); break;
		case 'B': ui_edit_backspace(e); break;
		case 'D': ui_edit_delete(e); break;
		case 'K': ui_edit_kill(e); break;
		case 'C': ui_edit_clear(e); break;
		default: fail_msg("bad step %s", step);
		}
	}
	free(copy);
}

static void
test_cases(void **state)
{
	struct ui_edit e;
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		ui_edit_init(&e, "", cases[i].mode);
		e.maxlen = cases[i].maxlen;
		run(&e, cases[i].script);
		got = ui_edit_text(&e);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i + 1, got,
			    cases[i].want);
		if (ui_edit_cursor_col(&e) != cases[i].col)
			fail_msg("case %zu: cursor at column %d, want %d", i + 1,
			    ui_edit_cursor_col(&e), cases[i].col);
		free(got);
		ui_edit_free(&e);
	}
}

/* A stored value is loaded as it is (never converted again) with the
 * cursor at its end. */
static void
test_set(void **state)
{
	struct ui_edit e;
	char *got;

	(void)state;
	ui_edit_init(&e, "ﾔﾏﾀﾞ", EDIT_KANA);
	got = ui_edit_text(&e);
	assert_string_equal(got, "ﾔﾏﾀﾞ");
	free(got);
	assert_int_equal(ui_edit_cursor_col(&e), 4);
	ui_edit_set(&e, NULL);
	assert_true(ui_edit_empty(&e));
	ui_edit_free(&e);
}

static void
test_mode_for(void **state)
{
	struct dict_item item;

	(void)state;
	memset(&item, 0, sizeof item);
	item.key = (char *)"person.kana";
	item.type = DICT_KANA;
	assert_int_equal(ui_edit_mode_for(&item), EDIT_KANA);
	item.key = (char *)"new.banchi";
	item.type = DICT_TEXT;
	assert_int_equal(ui_edit_mode_for(&item), EDIT_WIDE);
	item.key = (char *)"person.name";	/* names are never changed */
	assert_int_equal(ui_edit_mode_for(&item), EDIT_PLAIN);
	item.key = (char *)"new.postal";
	item.type = DICT_POSTAL;
	assert_int_equal(ui_edit_mode_for(&item), EDIT_NARROW);
	item.type = DICT_MYNUMBER;
	assert_int_equal(ui_edit_mode_for(&item), EDIT_NARROW);
	assert_int_equal(ui_edit_mode_for(NULL), EDIT_PLAIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_mode_for),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
