/*
 * test-form-parse.c - the form-definition language: every kind of mistake
 * with its file:line, and what a good definition parses into; form sets.
 *
 * Uses the real data/dictionary.txt (tests run from the top of the tree).
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

#include "form/form.h"
#include "unit/fixture.h"

static const char *const fonts[] = { "mincho", "gothic", NULL };
static struct dict *dict;

/* Lines 1-7 of every case; the case's own lines start at line 8. */
#define HEADER \
	"form t\n" \
	"title テスト\n" \
	"version 1\n" \
	"effective 2024-04-01\n" \
	"paper A4 portrait\n" \
	"unit mm\n" \
	"font mincho\n"

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

static int
diag_has(const struct diag *dg, const char *want)
{
	size_t i;

	for (i = 0; i < dg->n; i++) {
		if (strstr(dg->msgs[i], want) != NULL)
			return 1;
	}
	return 0;
}

static void
print_diag(const struct diag *dg)
{
	size_t i;

	for (i = 0; i < dg->n; i++)
		fprintf(stderr, "    got: %s\n", dg->msgs[i]);
}

/* 1-40. Broken definitions: each is refused with the exact message. */
static void
test_broken(void **state)
{
	static const struct {
		int n;
		const char *path;
		const char *text;	/* NULL: HEADER + body */
		const char *body;
		const char *want;
	} cases[] = {
		{ 1, "t.form", NULL, "fild event 10 10 20 5\n",
		  "t.form:8: unknown statement \"fild\"" },
		{ 2, "t.form", "form t\nversion 1\neffective 2024-04-01\n"
		  "paper A4 portrait\nunit mm\nfont mincho\n", NULL,
		  "t.form:1: missing title statement" },
		{ 3, "t.form", NULL, "title 二つ目\n",
		  "t.form:8: title: given twice (first at line 2)" },
		{ 4, "u.form", NULL, "",
		  "u.form:1: form: id \"t\" does not match the file name "
		  "u.form" },
		{ 5, "forms/t@3.form", NULL, "",
		  "forms/t@3.form:3: version: 1 does not match the file name "
		  "t@3.form" },
		{ 6, "t.form", NULL, "field event 1O 10 20 5\n",
		  "t.form:8: field: bad number \"1O\" for X" },
		{ 7, "t.form", NULL, "field event 10 10 20 5 colour=red\n",
		  "t.form:8: field: unknown option \"colour\"" },
		{ 8, "t.form", NULL, "line 10 10 20 10 wrap\n",
		  "t.form:8: line: option wrap is not valid for line" },
		{ 9, "t.form", NULL, "field event 10 10 20 5 align=middle\n",
		  "t.form:8: field: bad value align=middle (left, center or "
		  "right)" },
		{ 10, "t.form", NULL, "field evnt 10 10 20 5\n",
		  "t.form:8: field: unknown item \"evnt\"" },
		{ 11, "t.form", NULL, "field event 10 10 20 5 part=era\n",
		  "t.form:8: field: part=era needs a date, but event is "
		  "choice" },
		{ 12, "t.form", NULL, "field event 10 10 20 5 font=minchou\n",
		  "t.form:8: field: unknown font \"minchou\"" },
		{ 13, "t.form", "form t\ntitle t\nversion 1\n"
		  "effective 2024-04-01\npaper A5 portrait\nunit mm\n"
		  "font mincho\n", NULL,
		  "t.form:5: paper: unknown paper \"A5\"" },
		{ 14, "t.form", "form t\ntitle t\nversion 1\n"
		  "effective 2024-04-01\npaper A4 sideways\nunit mm\n"
		  "font mincho\n", NULL,
		  "t.form:5: paper: unknown orientation \"sideways\"" },
		{ 15, "t.form", "form t\ntitle t\nversion 1\n"
		  "effective 2024-04-01\npaper A4 portrait\nunit cm\n"
		  "font mincho\n", NULL,
		  "t.form:6: unit: \"cm\" is not a unit kakanai knows" },
		{ 16, "t.form", NULL, "rect 200 10 20 10\n",
		  "t.form:8: rect: at 200,10 size 20x10 mm it is outside the "
		  "paper (A4 portrait, 210x297 mm)" },
		{ 17, "t.form", NULL, "rows person 50 8 5\n"
		  "field name 10 0 40 8\n",
		  "t.form:8: rows: rows without end" },
		{ 18, "t.form", NULL, "rows person 50 8 5\n"
		  "rows person 60 8 5\nend\nend\n",
		  "t.form:9: rows: rows inside rows (line 8) is not allowed" },
		{ 19, "t.form", NULL, "end\n",
		  "t.form:8: end: end without rows" },
		{ 20, "t.form", NULL, "rows person 50 8 0\nend\n",
		  "t.form:8: rows: PERPAGE must be at least 1, not 0" },
		{ 21, "t.form", NULL, "mark person.1.sex circle 男@10 "
		  "女@20,30\n",
		  "t.form:8: mark: malformed option \"男@10\" (expected "
		  "VALUE@X,Y)" },
		{ 22, "t.form", NULL, "mark person.1.sex circle 男@10,10 "
		  "おとこ@20,10\n",
		  "t.form:8: mark: \"おとこ\" is not a value of person.sex "
		  "(男 女)" },
		{ 23, "t.form", NULL, "text 10 10 \"住民\n",
		  "t.form:8: column 12: unterminated quote" },
		{ 24, "t.form", NULL, "applies event in (転入, 転居\n",
		  "t.form:8: applies: column 25: expected \",\" or \")\" in "
		  "the list after in, at the end of the condition" },
		{ 25, "t.form", NULL, "applies evnt = 転入\n",
		  "t.form:8: applies: column 9: unknown item" },
		{ 26, "t.form", NULL, "applies event => 転入\n",
		  "t.form:8: applies: column 15: unknown operator \"=>\"" },
		{ 27, "t.form", NULL, "field person.name 10 10 20 5\n",
		  "t.form:8: field: \"person.name\" is an item of each member "
		  "of person: outside rows write person.1.name" },
		{ 28, "t.form", NULL, "field move_date 10 10 20 5 "
		  "gannen=maybe\n",
		  "t.form:8: field: bad value gannen=maybe (yes or no)" },
		{ 29, "t.form", NULL, "field new.postal 10 10 20 5 "
		  "format=wareki\n",
		  "t.form:8: field: format=wareki does not fit new.postal" },
		{ 30, "t.form", NULL, "applies count(persn) >= 1\n",
		  "t.form:8: applies: column 15: unknown group in count(), "
		  "at \"persn\"" },
		{ 31, "t.form", NULL, "rows person 270 8 5\n"
		  "field name 10 0 40 8\nend\n",
		  "t.form:9: field: at 10,0 size 40x8 mm, on row 5 it is "
		  "outside the paper" },
		{ 32, "t.form", NULL, "field person.21.name 10 10 20 5\n",
		  "t.form:8: field: \"person.21.name\": person has at most 20 "
		  "members" },
		{ 33, "t.form", NULL, "text 10 10 \"a\\x\"\n",
		  "t.form:8: column 14: unknown escape \\x in quotes" },
		{ 34, "t.form", NULL, "rows person 50 8 5 where ag >= 65\n"
		  "end\n",
		  "t.form:8: rows: column 26: unknown item" },
		{ 35, "t.form", NULL, "field event 10 10 20 5 size\n",
		  "t.form:8: field: option size needs a value (size=...)" },
		{ 36, "t.form", NULL, "table 10 10 cols=10,20\n",
		  "t.form:8: table: needs both cols= and rows=" },
		{ 37, "t.form", NULL, "rows person 50 8 5\npage\nend\n",
		  "t.form:9: page: page inside rows (line 8)" },
		{ 38, "t.form", NULL, "version 2\n",
		  "t.form:8: version: given twice (first at line 3)" },
		{ 39, "t.form", NULL, "applies (event = 転入 and\n",
		  "t.form:8: applies: column 24: expected a value, at the end "
		  "of the condition" },
		{ 40, "t.form", NULL, "comb new.postal 10 10 7 5 8 width\n",
		  "t.form:8: comb: option width needs a value" },
		{ 41, "t.form", NULL, "text 10 10 \"x\" \xff\n",
		  "t.form:8: not UTF-8 at byte" },
		{ 42, "t.form", NULL, "mark person.1.birth circle 明@10,10 "
		  "昭和@20,10 part=era_short\n",
		  "t.form:8: mark: \"昭和\" is not a value of person.birth "
		  "(明 大 昭 平 令)" },
		{ 43, "t.form", NULL, "field event 10 10 20 5 min=12 "
		  "size=10\n",
		  "t.form:8: field: min=12 is larger than the size 10" },
		{ 44, "t.form", NULL, "mark event tick 転入@10,10\n",
		  "t.form:8: mark: \"tick\" is not circle or check" },
		{ 45, "t.form", NULL, "rows persons 50 8 5\nend\n",
		  "t.form:8: rows: unknown group \"persons\"" },
		{ 46, "t.form", NULL, "reason 理由\n",
		  "t.form:8: reason: without applies" },
		{ 46, "t.form", NULL, "field event 10 10 20 5 when=\"evnt = 転入\"\n",
		  "t.form:8: field: when=\"evnt = 転入\": " },
		{ 46, "t.form", NULL, "require old.address when\n",
		  "t.form:8: require: missing condition after when" },
		{ 46, "t.form", NULL, "require when event = 転入\n",
		  "t.form:8: require: missing items" },
		{ 46, "t.form", NULL, "require old.address when evnt = 転入\n",
		  "t.form:8: require: " },
		{ 46, "t.form", NULL, "warn \"日付を確認\"\n",
		  "t.form:8: warn: missing condition (warn \"MESSAGE\" CONDITION)" },
		{ 46, "t.form", NULL, "warn \"日付を確認\" kokuho.dat < move_date\n",
		  "t.form:8: warn: " },
		{ 46, "t.form", NULL, "sign 12 200 60 8 \"署名\"\n",
		  "t.form:8: sign: the space to sign is 38x8 mm; a signature "
		  "needs at least 40x10 mm" },
		{ 46, "t.form", NULL, "sign 12 200 100 12 \"署名\" label=70\n",
		  "t.form:8: sign: the space to sign is 30x12 mm" },
		{ 46, "t.form", NULL, "sign 12 200 100 12\n",
		  "t.form:8: sign: missing arguments (sign X Y W H \"LABEL\")" },
		{ 46, "t.form", NULL, "sign 12 290 100 12 \"署名\"\n",
		  "t.form:8: sign: at 12,290 size 100x12 mm it is outside" },
		{ 46, "t.form", NULL, "sign 12 200 100 12 \"署名\" dashed\n",
		  "t.form:8: sign: option dashed is not valid for sign" },
	};
	struct diag dg = { 0 };
	struct form *f;
	char *text;
	size_t i;
	int failed = 0;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		if (cases[i].text != NULL)
			text = xstrdup(cases[i].text);
		else
			text = xasprintf("%s%s", HEADER, cases[i].body);
		f = form_parse(cases[i].path, text, dict, fonts, &dg);
		if (f != NULL || !diag_has(&dg, cases[i].want)) {
			fprintf(stderr, "case %d: want %s%s\n", cases[i].n,
			    cases[i].want, f != NULL ? " (form accepted)" :
			    "");
			print_diag(&dg);
			failed++;
		}
		form_free(f);
		diag_free(&dg);
		free(text);
	}
	assert_int_equal(failed, 0);
}

/* 47. Every mistake of a file is reported, each at its own line, in line
 * order, and good lines between them do not hide the later ones. */
static void
test_all_mistakes(void **state)
{
	const char *text = "form t\ntitle t\nversion x\n"
	    "effective 2024-13-01\npaper A4 portrait\nunit mm\n"
	    "font mincho\n"
	    "field evnt 10 10 20 5\n"		/* 8 */
	    "text 10 20 \"良い行\"\n"		/* 9 */
	    "line 10 10 20 10 wdth=1\n"		/* 10 */
	    "end\n";				/* 11 */
	struct diag dg = { 0 };
	struct form *f;

	(void)state;
	f = form_parse("t.form", text, dict, fonts, &dg);
	assert_null(f);
	if (dg.n != 5)
		print_diag(&dg);
	assert_int_equal(dg.n, 5);
	assert_string_equal(dg.msgs[0], "t.form:3: version: bad number \"x\" "
	    "for the version (a whole number)");
	assert_string_equal(dg.msgs[1], "t.form:4: effective: bad date "
	    "\"2024-13-01\" (write YYYY-MM-DD)");
	assert_string_equal(dg.msgs[2], "t.form:8: field: unknown item "
	    "\"evnt\" (not in the dictionary)");
	assert_string_equal(dg.msgs[3], "t.form:10: line: unknown option "
	    "\"wdth\"");
	assert_string_equal(dg.msgs[4], "t.form:11: end: end without rows");
	diag_free(&dg);
}

static const char good[] =
    "# a good form\n"
    "form good   # the id\n"
    "title \"住民 異動届\"\n"
    "version 2\n"
    "effective 2024-04-01\n"
    "paper A4 landscape\n"
    "unit mm\n"
    "font mincho\n"
    "size 12\n"
    "applies event in (転入, 転居) and count(person where age >= 65) >= 1\n"
    "reason 65歳以上の方が{count}人\n"
    "require event move_date person.name\n"
    "page\n"
    "text 10 10 \"届 \\\"出\\\"\" w=50 h=10 align=center\n"
    "line 10 20 100 20 width=1 dashed\n"
    "rect 10 30 50 20 fill=0.9\n"
    "table 10 60 cols=30,40,50 rows=10,8*5 width=0.3\n"
    "boxes 10 120 12 5 8\n"
    "field move_date 100 10 60 8 format=wareki gannen=no font=gothic "
    "size=9 min=6 align=right valign=bottom wrap spacing=0.5 leading=1.5\n"
    "comb new.postal 100 30 7 5 8 noboxes prefix=\"〒 \"\n"
    "mark applicant.kind circle 本人@120,50 世帯主@140,50 代理人@160,50 "
    "r=3 labels\n"
    "page\n"
    "pageno 200 5\n"
    "rows person 40 10 5 where age >= 15\n"
    "  field name 10 0 40 10\n"
    "  field person.birth 60 0 40 10 part=era\n"
    "  mark sex circle 男@110,5 女@120,5\n"
    "end\n"
    "field person.1.name 10 150 40 8\n";

/* 48. A good form: header, defaults, every statement's values. */
static void
test_good(void **state)
{
	struct diag dg = { 0 };
	struct form *f;
	struct form_op *op, *rows;

	(void)state;
	f = form_parse("forms/good@2.form", good, dict, fonts, &dg);
	if (f == NULL)
		print_diag(&dg);
	assert_non_null(f);
	assert_string_equal(f->id, "good");
	assert_string_equal(f->title, "住民 異動届");
	assert_int_equal(f->version, 2);
	assert_int_equal(f->effective.y, 2024);
	assert_int_equal(f->effective.m, 4);
	assert_true(f->width == 297 && f->height == 210);
	assert_string_equal(f->paper, "A4 landscape");
	assert_string_equal(f->style.font, "mincho");
	assert_true(f->style.size == 12);
	assert_non_null(f->applies);
	assert_string_equal(f->reason, "65歳以上の方が{count}人");
	assert_int_equal(f->nrequired, 3);
	assert_string_equal(f->required[2], "person.name");

	/* The leading `page` names the first page; the second makes two. */
	assert_int_equal(f->npages, 2);
	assert_int_equal(f->pages[0].nops, 8);
	assert_int_equal(f->pages[1].nops, 3);

	op = &f->pages[0].ops[0];
	assert_int_equal(op->kind, OP_TEXT);
	assert_int_equal(op->line, 14);
	assert_string_equal(op->text, "届 \"出\"");
	assert_true(op->w == 50 && op->h == 10);
	assert_int_equal(op->style.halign, HALIGN_CENTER);
	/* Inherited from the header. */
	assert_string_equal(op->style.font, "mincho");
	assert_true(op->style.size == 12);

	op = &f->pages[0].ops[1];
	assert_int_equal(op->kind, OP_LINE);
	assert_true(op->x == 10 && op->y == 20 && op->w == 100 && op->h == 20);
	assert_true(op->line_width == 1);
	assert_true(op->dashed);

	op = &f->pages[0].ops[2];
	assert_int_equal(op->kind, OP_RECT);
	assert_true(op->fill == 0.9);
	assert_false(op->dashed);

	op = &f->pages[0].ops[3];
	assert_int_equal(op->kind, OP_TABLE);
	assert_int_equal(op->ncols, 3);
	assert_int_equal(op->nrows, 6);
	assert_true(op->cols[2] == 50 && op->rows[0] == 10 &&
	    op->rows[5] == 8);
	assert_true(op->w == 120 && op->h == 50);
	assert_true(op->line_width == 0.3);

	op = &f->pages[0].ops[4];
	assert_int_equal(op->kind, OP_BOXES);
	assert_int_equal(op->count, 12);
	assert_true(op->pitch == 5 && op->h == 8 && op->w == 60);

	op = &f->pages[0].ops[5];
	assert_int_equal(op->kind, OP_FIELD);
	assert_string_equal(op->value.key, "move_date");
	assert_int_equal(op->value.format, FMT_WAREKI);
	assert_int_equal(op->value.gannen, 0);
	assert_string_equal(op->style.font, "gothic");
	assert_true(op->style.size == 9 && op->style.min_size == 6);
	assert_int_equal(op->style.halign, HALIGN_RIGHT);
	assert_int_equal(op->style.valign, VALIGN_BOTTOM);
	assert_true(op->style.wrap);
	assert_true(op->style.spacing == 0.5 && op->style.leading == 1.5);

	op = &f->pages[0].ops[6];
	assert_int_equal(op->kind, OP_COMB);
	assert_int_equal(op->count, 7);
	assert_false(op->draw_boxes);
	assert_string_equal(op->value.prefix, "〒 ");
	assert_int_equal(op->value.gannen, 1);
	assert_int_equal(op->style.valign, VALIGN_MIDDLE);

	op = &f->pages[0].ops[7];
	assert_int_equal(op->kind, OP_MARK);
	assert_int_equal(op->mark, MARK_CIRCLE);
	assert_int_equal(op->noptions, 3);
	assert_string_equal(op->options[1].value, "世帯主");
	assert_true(op->options[1].x == 140 && op->options[1].y == 50);
	assert_true(op->radius == 3);
	assert_true(op->labels);

	assert_int_equal(f->pages[1].ops[0].kind, OP_PAGENO);
	rows = &f->pages[1].ops[1];
	assert_int_equal(rows->kind, OP_ROWS);
	assert_string_equal(rows->group, "person");
	assert_true(rows->y == 40 && rows->pitch_y == 10);
	assert_int_equal(rows->per_page, 5);
	assert_non_null(rows->where);
	assert_int_equal(rows->nchildren, 3);
	assert_string_equal(rows->children[0].value.key, "person.name");
	assert_string_equal(rows->children[1].value.key, "person.birth");
	assert_int_equal(rows->children[1].value.part, PART_ERA);
	assert_string_equal(rows->children[2].value.key, "person.sex");
	assert_int_equal(rows->children[2].noptions, 2);
	op = &f->pages[1].ops[2];
	assert_string_equal(op->value.key, "person.1.name");
	assert_int_equal(op->line, 29);
	form_free(f);
	assert_int_equal(dg.n, 0);
}

/* 49. Without known fonts (NULL) any font name passes; sizes default. */
/* A signature box: its label, the label cell's width (22 mm unless
 * label= says), the note, and the writing space it leaves. */
static void
test_sign(void **state)
{
	struct diag dg = { 0 };
	struct form *f;
	char *text;
	const struct form_op *op;

	(void)state;
	text = xasprintf("%s%s", HEADER, "sign 12 200 100 12 \"届出人署名\"\n"
	    "sign 12 220 186 11 \"本人自署\" label=30 note=\"自署してください\" "
	    "font=gothic size=10\n");
	f = form_parse("t.form", text, dict, fonts, &dg);
	if (f == NULL)
		print_diag(&dg);
	assert_non_null(f);
	assert_int_equal(f->pages[0].nops, 2);
	op = &f->pages[0].ops[0];
	assert_int_equal(op->kind, OP_SIGN);
	assert_string_equal(op->text, "届出人署名");
	assert_true(op->label_w == 22 && op->w == 100 && op->h == 12);
	assert_null(op->note);
	op = &f->pages[0].ops[1];
	assert_true(op->label_w == 30 && op->line == 9);
	assert_string_equal(op->note, "自署してください");
	assert_string_equal(op->style.font, "gothic");
	form_free(f);
	free(text);
}

/* Warnings: any number, each its message, condition and line. */
static void
test_warn(void **state)
{
	struct diag dg = { 0 };
	struct form *f;
	char *text;

	(void)state;
	text = xasprintf("%s%s", HEADER, "warn \"取得日が転入日より前\" "
	    "kokuho.date < move_date and event = 転入\n"
	    "warn 二つ目 move_date > filed_date\n");
	f = form_parse("t.form", text, dict, fonts, &dg);
	if (f == NULL)
		print_diag(&dg);
	assert_non_null(f);
	assert_int_equal(f->nwarns, 2);
	assert_string_equal(f->warns[0].message, "取得日が転入日より前");
	assert_int_equal(f->warns[0].line, 8);
	assert_string_equal(form_cond_first_key(f->warns[0].cond),
	    "kokuho.date");
	assert_string_equal(f->warns[1].message, "二つ目");
	assert_string_equal(form_cond_first_key(f->warns[1].cond),
	    "move_date");
	form_free(f);
	free(text);

	/* when=: drawn only if it holds; inside rows, for the member. */
	text = xasprintf("%s%s", HEADER, "rows person 100 10 2\n"
	    "  line 27 5 139 5 when=\"calendar = 西暦\"\n"
	    "end\n"
	    "text 10 10 \"転入のとき\" when=\"event = 転入\"\n");
	f = form_parse("t.form", text, dict, fonts, &dg);
	if (f == NULL)
		print_diag(&dg);
	assert_non_null(f);
	assert_non_null(f->pages[0].ops[0].children[0].when);
	assert_string_equal(form_cond_first_key(f->pages[0].ops[1].when),
	    "event");
	form_free(f);
	free(text);

	/* require ... when: several statements, each item its condition. */
	text = xasprintf("%s%s", HEADER, "require filed_date\n"
	    "require old.address old.head when event in (転入, 転居)\n"
	    "require \"when\"d\n");
	f = form_parse("t.form", text, dict, fonts, &dg);
	assert_null(f);		/* "when"d is not an item */
	diag_free(&dg);
	free(text);
	text = xasprintf("%s%s", HEADER, "require filed_date\n"
	    "require old.address old.head when event in (転入, 転居)\n");
	f = form_parse("t.form", text, dict, fonts, &dg);
	if (f == NULL)
		print_diag(&dg);
	assert_non_null(f);
	assert_int_equal(f->nrequired, 3);
	assert_null(f->required_when[0]);
	assert_non_null(f->required_when[1]);
	assert_ptr_equal(f->required_when[1], f->required_when[2]);
	assert_string_equal(f->required[2], "old.head");
	assert_int_equal(f->nrequired_when_owner, 1);
	form_free(f);
	free(text);
}

static void
test_defaults(void **state)
{
	struct diag dg = { 0 };
	struct form *f;
	char *text;

	(void)state;
	text = xasprintf("%s%s", HEADER, "field event 10 10 20 5 "
	    "font=anything\n");
	f = form_parse("t.form", text, dict, NULL, &dg);
	assert_non_null(f);
	assert_int_equal(f->npages, 1);
	assert_true(f->style.size == 10.5);
	assert_null(f->applies);
	assert_string_equal(f->pages[0].ops[0].style.font, "anything");
	assert_true(f->pages[0].ops[0].style.leading == 1.2);
	assert_int_equal(f->pages[0].ops[0].style.halign, HALIGN_LEFT);
	form_free(f);
	free(text);
	assert_int_equal(dg.n, 0);
}

static void
write_form(const char *dir, const char *name, const char *id, int version,
    const char *effective)
{
	char *path = file_join(dir, name), *text, *cause = NULL;

	text = xasprintf("form %s\ntitle %s\nversion %d\neffective %s\n"
	    "paper A4 portrait\nunit mm\nfont mincho\n", id, id, version,
	    effective);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0644,
	    &cause), 0);
	free(text);
	free(path);
}

/* 50. A form set: versions found by date, a broken form left out with its
 * mistake, a duplicate id+version reported. */
static void
test_set(void **state)
{
	char dir[] = "/tmp/kakanai-form-set-XXXXXX", *path, *cause = NULL;
	const struct form **ids;
	const struct form *f;
	struct form_set *fs;
	struct diag dg = { 0 };
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_form(dir, "alpha.form", "alpha", 3, "2025-04-01");
	write_form(dir, "alpha@2.form", "alpha", 2, "2024-04-01");
	write_form(dir, "alpha@1.form", "alpha", 1, "2020-01-01");
	write_form(dir, "beta.form", "beta", 1, "2020-01-01");
	write_form(dir, "beta@1.form", "beta", 1, "2020-01-01");
	write_form(dir, "broken.form", "brokn", 1, "2020-01-01");
	write_form(dir, "notes.txt", "x", 1, "2020-01-01");

	fs = form_set_load(dir, dict, fonts, &dg);
	assert_int_equal(fs->n, 4);
	assert_string_equal(fs->forms[0]->id, "alpha");
	assert_int_equal(fs->forms[0]->version, 1);
	assert_int_equal(fs->forms[2]->version, 3);
	assert_int_equal(dg.n, 2);
	assert_true(diag_has(&dg, "beta@1.form: form beta version 1 is also "
	    "defined in"));
	assert_true(diag_has(&dg, "broken.form:1: form: id \"brokn\" does "
	    "not match the file name broken.form"));

	f = form_set_find(fs, "alpha", (struct date){ 2024, 3, 31 });
	assert_int_equal(f->version, 1);
	f = form_set_find(fs, "alpha", (struct date){ 2024, 4, 1 });
	assert_int_equal(f->version, 2);
	f = form_set_find(fs, "alpha", (struct date){ 2026, 1, 1 });
	assert_int_equal(f->version, 3);
	assert_null(form_set_find(fs, "alpha", (struct date){ 2019, 1, 1 }));
	assert_null(form_set_find(fs, "gamma", (struct date){ 2026, 1, 1 }));

	n = form_set_ids(fs, &ids);
	assert_int_equal(n, 2);
	assert_string_equal(ids[0]->id, "alpha");
	assert_int_equal(ids[0]->version, 3);
	assert_string_equal(ids[1]->id, "beta");
	free(ids);
	form_set_free(fs);
	diag_free(&dg);

	static const char *const names[] = { "alpha.form", "alpha@2.form",
	    "alpha@1.form", "beta.form", "beta@1.form", "broken.form",
	    "notes.txt" };
	for (n = 0; n < nitems(names); n++) {
		path = file_join(dir, names[n]);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	free(cause);
}

/* 51. The broken forms of tests/fixtures/forms-bad/: each file lists what
 * must be reported as `# expect: LINE: MESSAGE` lines; each is refused and
 * reports exactly those mistakes. */
static void
test_fixtures(void **state)
{
	static const char *const files[] = { "mixed.form", "header.form",
	    "rows@2.form", "cond.form" };
	struct diag dg = { 0 };
	struct form *f;
	char *path, *text, *line, *save = NULL, *want, *cause = NULL;
	size_t i, nwant;
	int failed = 0;

	(void)state;
	for (i = 0; i < nitems(files); i++) {
		path = file_join("tests/fixtures/forms-bad", files[i]);
		text = file_read(path, NULL, &cause);
		assert_non_null(text);
		f = form_load(path, dict, fonts, &dg);
		assert_null(f);
		nwant = 0;
		for (line = strtok_r(text, "\n", &save); line != NULL;
		    line = strtok_r(NULL, "\n", &save)) {
			if (strncmp(line, "# expect: ", 10) != 0)
				continue;
			nwant++;
			want = xasprintf("%s:%s", path, line + 10);
			if (!diag_has(&dg, want)) {
				fprintf(stderr, "%s: missing: %s\n", files[i],
				    want);
				failed++;
			}
			free(want);
		}
		if (nwant == 0 || nwant != dg.n) {
			fprintf(stderr, "%s: %zu expected, %zu reported\n",
			    files[i], nwant, dg.n);
			print_diag(&dg);
			failed++;
		}
		diag_free(&dg);
		free(text);
		free(path);
	}
	assert_int_equal(failed, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_all_mistakes),
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_sign),
		cmocka_unit_test(test_warn),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
