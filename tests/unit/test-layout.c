/*
 * test-layout.c - layout of a small inline form for inline visits: where
 * ops land (mm from the top-left to points from the bottom-left), shrink,
 * wrap, overflow, combs, marks, rows pagination with page numbers,
 * overlay, required items, missing glyphs and substitution; and that the
 * PDF writer turns the result into the same bytes twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pdf/pdf.h"
#include "unit/fixture.h"

/* cmocka's assert_float_equal works in float and casts only the first
 * term of an expression: compare doubles here. */
#define assert_near(a, b, eps) do {					\
	double a_ = (a), b_ = (b);					\
	if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps)))			\
		fail_msg("%s = %.6f, wanted %.6f", #a, a_, b_);		\
} while (0)

#define PT(mm) ((mm) * 72.0 / 25.4)
#define PAGE_H PT(297.0)

static const char form_text[] =
    "form test\n"
    "title テスト様式\n"
    "version 1\n"
    "effective 2024-04-01\n"
    "paper A4 portrait\n"
    "unit mm\n"
    "font mincho\n"
    "size 10\n"
    "require event person.name\n"
    "text 20 10 \"見出し\" size=12\n"				/* 10 */
    "line 10 20 100 20 width=1 dashed\n"
    "field person.1.name 20 30 60 10 size=10 valign=top\n"
    "field new.town 20 45 20 6 size=10 min=6\n"
    "field old.town 20 55 20 12 size=10 min=8 wrap\n"
    "field note 20 70 20 5 size=10 min=9\n"			/* 15 */
    "comb new.postal 120 30 7 5 8 size=10\n"
    "comb person.1.jumin_code 120 45 3 5 8\n"
    "mark person.1.sex circle 男@130,60 女@140,60 r=3 labels\n"
    "pageno 190 10\n"
    "rows person 100 10 5\n"					/* 20 */
    "  field person.name 20 0 60 8 size=10\n"
    "end\n"
    "field bank.name 20 80 30 12 size=10 min=4 wrap\n";	/* 23 */

struct fixture {
	struct dict *dict;
	struct fontset *fs;
	struct config *cf;
	struct form *form;
};

static struct fixture fx;

static int
setup(void **state)
{
	char *cause = NULL;
	struct diag dg = { NULL, 0 };

	(void)state;
	if ((fx.dict = fixture_dict()) == NULL ||
	    (fx.fs = fixture_fonts()) == NULL)
		return -1;
	if ((fx.cf = config_load("data/kakanai.conf", &cause)) == NULL) {
		fprintf(stderr, "%s\n", cause);
		return -1;
	}
	fx.form = form_parse("forms/test.form", form_text, fx.dict,
	    fx.fs->names, &dg);
	if (fx.form == NULL) {
		cause = diag_join(&dg);
		fprintf(stderr, "%s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	form_free(fx.form);
	config_free(fx.cf);
	fontset_free(fx.fs);
	dict_free(fx.dict);
	return 0;
}

struct run {
	struct visit *v;
	struct dl_doc doc;
	struct layout_report rep;
};

static const char visit_base[] =
    "event = 転入\n"
    "filed_date = 2026-11-21\n"
    "move_date = 2026-11-14\n"
    "applicant.kind = 本人\n"
    "new.postal = 190-0182\n";

/* Lay out the test form for the base visit plus extra lines. */
static void
run(struct run *r, const char *extra, const struct layout_opts *opts)
{
	struct diag dg = { NULL, 0 };
	struct derive_ctx dc;
	char *text = xasprintf("%s%s", visit_base, extra), *cause = NULL;
	static const struct layout_opts none;

	memset(r, 0, sizeof *r);
	r->v = visit_parse("t.visit", text, fx.dict, &dg);
	free(text);
	if (r->v == NULL) {
		cause = diag_join(&dg);
		fail_msg("visit: %s", cause);
	}
	dc.visit = r->v;
	dc.dict = fx.dict;
	dc.config = fx.cf;
	dc.today.y = 2026;
	dc.today.m = 11;
	dc.today.d = 21;
	if (layout_form(&r->doc, fx.form, &dc, fx.fs, opts ? opts : &none,
	    &r->rep, &cause) != 0)
		fail_msg("layout: %s", cause);
}

static void
run_free(struct run *r)
{
	dl_doc_free(&r->doc);
	layout_report_free(&r->rep);
	visit_free(r->v);
}

/* The first text op on a page whose glyphs spell s (NULL if none). */
static const struct dl_op *
find_text(const struct dl_page *p, const char *s)
{
	size_t i, k, n;
	uint32_t *cps = utf8_to_u32(s, &n);
	const struct dl_op *found = NULL;

	for (i = 0; i < p->nops && found == NULL; i++) {
		const struct dl_op *op = &p->ops[i];

		if (op->kind != DL_TEXT || op->nglyphs != n)
			continue;
		for (k = 0; k < n && op->glyphs[k].cp == cps[k]; k++)
			;
		if (k == n)
			found = op;
	}
	free(cps);
	return found;
}

static const struct layout_issue *
find_issue(const struct layout_report *rep, enum layout_issue_kind kind,
    const char *field)
{
	size_t i;

	for (i = 0; i < rep->nissues; i++)
		if (rep->issues[i].kind == kind &&
		    strcmp(rep->issues[i].field, field) == 0)
			return &rep->issues[i];
	return NULL;
}

/* Does buf hold s? (memmem is a GNU extension.) */
static int
holds(const char *buf, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(buf + i, s, n) == 0)
			return 1;
	return 0;
}

static size_t
count_kind(const struct dl_page *p, enum dl_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < p->nops; i++)
		n += p->ops[i].kind == kind;
	return n;
}

static const char one_person[] =
    "person.1.name = 山田 太郎\n"
    "person.1.kana = ヤマダ タロウ\n"
    "person.1.birth = 1980-04-01\n"
    "person.1.sex = 女\n"
    "person.1.relation = 世帯主\n";

/* 1. Positions: mm from the top-left become points from the bottom-left. */
static void
test_positions(void **state)
{
	struct run r;
	const struct dl_op *op;
	const struct dl_page *p;
	double asc = ttf_ascent(fx.fs->faces[0]), desc =
	    -(double)ttf_descent(fx.fs->faces[0]);
	size_t i;

	(void)state;
	run(&r, one_person, NULL);
	assert_int_equal(r.doc.npages, 1);
	p = &r.doc.pages[0];
	assert_near(p->width, 595.2756, 1e-3);
	assert_near(p->height, 841.8898, 1e-3);
	assert_string_equal(p->form_id, "test");

	/* A field at x = 20 mm starts at 56.69 pt; valign=top puts the em
	 * box's top at the box's top (30 mm from the top). */
	op = find_text(p, "山田 太郎");
	assert_non_null(op);
	assert_near(op->glyphs[0].x, 56.6929, 1e-3);
	assert_near(op->size, 10, 1e-9);
	assert_near(op->y, PAGE_H - PT(30) - 10 * asc / (asc + desc),
	    1e-6);
	/* Glyphs follow each other by their advances. */
	assert_near(op->glyphs[1].x - op->glyphs[0].x, 10, 1e-6);

	/* The dashed line: from (10, 20) to (100, 20) mm. */
	for (i = 0; i < p->nops && p->ops[i].kind != DL_LINE; i++)
		;
	assert_true(i < p->nops);
	assert_near(p->ops[i].x, PT(10), 1e-6);
	assert_near(p->ops[i].y, PAGE_H - PT(20), 1e-6);
	assert_near(p->ops[i].w, PT(100), 1e-6);
	assert_true(p->ops[i].dashed);
	assert_near(p->ops[i].line_width, 1, 1e-9);

	/* Static text at its top-left corner. */
	op = find_text(p, "見出し");
	assert_non_null(op);
	assert_near(op->glyphs[0].x, PT(20), 1e-6);
	assert_near(op->size, 12, 1e-9);

	/* No page number on a one-page form. */
	assert_null(find_text(p, "1/1"));
	assert_false(layout_report_blocks(&r.rep));
	run_free(&r);
}

/* 2. Shrink, wrap and overflow. */
static void
test_fit(void **state)
{
	struct run r;
	const struct dl_op *op;
	const struct layout_issue *is;
	char *visit;

	(void)state;
	/* 2.1 new.town: 8 characters in 20 mm at 10 pt is too wide:
	 * shrunk to fit, no smaller than min=6. */
	visit = xasprintf("%snew.town = 平井一丁目二番地\n"
	    "old.town = 平井一丁目二番三号四号室です\n"
	    "note = あいうえおかきくけこ\n", one_person);
	run(&r, visit, NULL);
	free(visit);
	is = find_issue(&r.rep, ISSUE_SHRUNK, "new.town");
	assert_non_null(is);
	assert_int_equal(is->line, 13);
	op = find_text(&r.doc.pages[0], "平井一丁目二番地");
	assert_non_null(op);
	assert_true(op->size < 10 && op->size >= 6);
	assert_true(op->glyphs[7].x + op->size <= PT(40) + 1e-6);

	/* 2.2 old.town: too long even at min=8, so wrapped in its 12 mm
	 * high box on two lines. */
	assert_non_null(find_issue(&r.rep, ISSUE_WRAPPED, "old.town"));
	assert_null(find_issue(&r.rep, ISSUE_OVERFLOW, "old.town"));

	/* 2.3 note: does not fit at min=9 and may not wrap: overflow, which
	 * stops the print. */
	is = find_issue(&r.rep, ISSUE_OVERFLOW, "note");
	assert_non_null(is);
	assert_int_equal(is->line, 15);
	assert_true(layout_report_blocks(&r.rep));
	run_free(&r);

	/* 2.4 bank.name: one line would need 6 pt, under three quarters of
	 * its 10 pt; its 12 mm box holds two lines at the full size, so it
	 * is wrapped there rather than shrunk. */
	visit = xasprintf("%sbank.name = あいうえおかきくけこさしすせ\n",
	    one_person);
	run(&r, visit, NULL);
	free(visit);
	assert_non_null(find_issue(&r.rep, ISSUE_WRAPPED, "bank.name"));
	assert_null(find_issue(&r.rep, ISSUE_SHRUNK, "bank.name"));
	op = find_text(&r.doc.pages[0], "あいうえおかきく");
	assert_non_null(op);
	assert_true(op->size == 10);
	run_free(&r);
}

/* 3. Combs: one character centred in each box; too long is overflow. */
static void
test_comb(void **state)
{
	struct run r;
	const struct dl_page *p;
	size_t i, found = 0;
	char *visit;

	(void)state;
	visit = xasprintf("%sperson.1.jumin_code = 12345678901\n", one_person);
	run(&r, visit, NULL);
	free(visit);
	p = &r.doc.pages[0];
	/* new.postal 1900182 in 7 boxes of 5 mm from x = 120 mm: the
	 * half-width digit (5 pt at 10 pt) is centred in each. */
	for (i = 0; i < p->nops; i++) {
		const struct dl_op *op = &p->ops[i];

		if (op->kind == DL_TEXT && op->nglyphs == 1 &&
		    op->glyphs[0].cp == '8') {
			assert_near(op->glyphs[0].x + 2.5, PT(120 + 5 *
			    5.5), 0.01);
			found++;
		}
	}
	assert_int_equal(found, 1);
	assert_non_null(find_issue(&r.rep, ISSUE_OVERFLOW,
	    "person.1.jumin_code"));
	run_free(&r);
}

/* 4. Marks: the circle goes round the chosen option only. */
static void
test_mark(void **state)
{
	struct run r;
	const struct dl_page *p;
	size_t i, n = 0;

	(void)state;
	run(&r, one_person, NULL);
	p = &r.doc.pages[0];
	for (i = 0; i < p->nops; i++)
		if (p->ops[i].kind == DL_ELLIPSE) {
			assert_near(p->ops[i].x, PT(140), 1e-6);
			assert_near(p->ops[i].y, PAGE_H - PT(60), 1e-6);
			assert_near(p->ops[i].w, PT(3), 1e-6);
			n++;
		}
	assert_int_equal(n, 1);
	/* labels: both option texts are drawn. */
	assert_non_null(find_text(p, "男"));
	assert_non_null(find_text(p, "女"));
	run_free(&r);
}

/* 5. Rows: 7 persons with PERPAGE 5 give two pages numbered 1/2, 2/2,
 * the static drawing repeated on each. */
static void
test_rows(void **state)
{
	struct strbuf sb;
	struct run r;
	int i;
	char name[32];

	(void)state;
	sb_init(&sb);
	for (i = 1; i <= 7; i++)
		sb_addf(&sb, "person.%d.name = 人%d\nperson.%d.kana = ヒト\n"
		    "person.%d.birth = 1980-04-01\nperson.%d.sex = 男\n"
		    "person.%d.relation = 子\n", i, i, i, i, i, i);
	run(&r, sb.s, NULL);
	sb_free(&sb);
	assert_int_equal(r.doc.npages, 2);
	assert_int_equal(r.rep.pages, 2);
	assert_non_null(find_text(&r.doc.pages[0], "1/2"));
	assert_non_null(find_text(&r.doc.pages[1], "2/2"));
	assert_non_null(find_text(&r.doc.pages[0], "見出し"));
	assert_non_null(find_text(&r.doc.pages[1], "見出し"));
	/* Person 1 is on both pages: the form names person.1.name. */
	assert_non_null(find_text(&r.doc.pages[1], "人1"));
	for (i = 2; i <= 7; i++) {
		snprintf(name, sizeof name, "人%d", i);
		assert_true((find_text(&r.doc.pages[0], name) != NULL) ==
		    (i <= 5));
		assert_true((find_text(&r.doc.pages[1], name) != NULL) ==
		    (i > 5));
	}
	/* Rows are 10 mm apart (rows person 100 10 5); page 2 starts again
	 * at the first row. */
	assert_near(find_text(&r.doc.pages[0], "人2")->y -
	    find_text(&r.doc.pages[0], "人3")->y, PT(10), 1e-6);
	assert_near(find_text(&r.doc.pages[0], "人2")->y -
	    find_text(&r.doc.pages[1], "人7")->y, 0, 1e-6);
	run_free(&r);
}

/* 6. Overlay: values only, shifted by the printer offset. */
static void
test_overlay(void **state)
{
	struct layout_opts o = { 1, 1.5, -2.0, 0, 0 };
	struct run r, plain;
	const struct dl_op *a, *b;

	(void)state;
	run(&r, one_person, &o);
	run(&plain, one_person, NULL);
	assert_int_equal(count_kind(&r.doc.pages[0], DL_LINE), 0);
	assert_int_equal(count_kind(&r.doc.pages[0], DL_RECT), 0);
	assert_true(count_kind(&plain.doc.pages[0], DL_LINE) > 0);
	assert_null(find_text(&r.doc.pages[0], "見出し"));
	assert_null(find_text(&r.doc.pages[0], "男"));	/* a label */
	assert_int_equal(count_kind(&r.doc.pages[0], DL_ELLIPSE), 1);
	a = find_text(&r.doc.pages[0], "山田 太郎");
	b = find_text(&plain.doc.pages[0], "山田 太郎");
	assert_non_null(a);
	assert_non_null(b);
	assert_near(a->glyphs[0].x - b->glyphs[0].x, PT(1.5), 1e-6);
	assert_near(a->y - b->y, PT(2.0), 1e-6);	/* y is down */
	run_free(&r);
	run_free(&plain);
}

/* 7. Checks: a required item missing, a character no font has, and
 * the same with allow_substitute. */
static void
test_checks(void **state)
{
	static const char kuzu[] =
	    "person.1.name = 葛\U000E0109城 太郎\n"
	    "person.1.kana = カツラギ タロウ\n"
	    "person.1.birth = 1980-04-01\n"
	    "person.1.sex = 男\n"
	    "person.1.relation = 世帯主\n";
	struct layout_opts sub = { 0, 0, 0, 1, 0 };
	const struct layout_issue *is;
	struct run r;
	const struct dl_op *op;
	char *cause = NULL, *pdf = NULL;
	size_t len;

	(void)state;
	run(&r, "", NULL);
	is = find_issue(&r.rep, ISSUE_MISSING, "person.1.name");
	assert_non_null(is);
	assert_string_equal(is->message, "person.1.name: 氏名がありません");
	assert_true(layout_report_blocks(&r.rep));
	run_free(&r);

	run(&r, kuzu, NULL);
	is = find_issue(&r.rep, ISSUE_NO_GLYPH, "person.1.name");
	assert_non_null(is);
	assert_string_equal(is->message, "person.1.name: 葛\U000E0109 "
	    "(U+845B U+E0109) has no glyph in mincho (BIZ UD明朝, IPAmj明朝)");
	assert_int_equal(is->line, 12);
	assert_string_equal(is->form_id, "test");
	assert_true(layout_report_blocks(&r.rep));
	/* The rows block reports it for its own field too. */
	assert_int_equal(r.rep.nissues, 2);
	run_free(&r);

	run(&r, kuzu, &sub);
	assert_false(layout_report_blocks(&r.rep));
	is = find_issue(&r.rep, ISSUE_SUBSTITUTED, "person.1.name");
	assert_non_null(is);
	assert_string_equal(is->typed, "葛\U000E0109");
	assert_string_equal(is->printed, "葛");
	assert_string_equal(is->label, "氏名");
	assert_string_equal(is->form_title, "テスト様式");
	op = find_text(&r.doc.pages[0], "葛城 太郎");
	assert_non_null(op);
	assert_int_equal(op->glyphs[0].vs, 0);
	assert_int_equal(layout_substitution_page(&r.doc, &r.rep, fx.fs,
	    &cause), 0);
	assert_int_equal(r.doc.npages, 2);
	assert_non_null(find_text(&r.doc.pages[1], "手書き訂正が必要な箇所"));
	assert_non_null(find_text(&r.doc.pages[1], "葛 (U+845B U+E0109)"));
	/* And the whole document becomes a PDF. */
	assert_int_equal(pdf_write(&r.doc, fx.fs, &pdf, &len, &cause), 0);
	assert_true(len > 1000);
	assert_memory_equal(pdf, "%PDF-", 5);
	free(pdf);
	run_free(&r);
}

/* 8. The PDF writer is deterministic and draws 𠮷 and variation
 * sequences from their subsets. */
static void
test_pdf(void **state)
{
	struct run r;
	char *a = NULL, *b = NULL, *cause = NULL;
	size_t alen, blen;

	(void)state;
	run(&r, "person.1.name = 𠮷田 葛\U000E0100 辻\U000E0103\n"
	    "person.1.kana = ヨシダ\nperson.1.birth = 1980-04-01\n"
	    "person.1.sex = 男\nperson.1.relation = 世帯主\n", NULL);
	assert_false(layout_report_blocks(&r.rep));
	if (pdf_write(&r.doc, fx.fs, &a, &alen, &cause) != 0 ||
	    pdf_write(&r.doc, fx.fs, &b, &blen, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(alen, blen);
	assert_memory_equal(a, b, alen);
	assert_true(holds(a, alen, "+IPAmjMincho"));
	assert_true(holds(a, alen, "+BIZUDMincho"));
	assert_false(holds(a, alen, "CreationDate"));
	free(a);
	free(b);
	run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_comb),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_overlay),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_pdf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
