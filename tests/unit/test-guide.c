/*
 * test-guide.c - the procedure guide: parsing questions, procedures and
 * the sheet (every mistake with file:line and the column of a condition),
 * which questions a visit is asked (declared ones by their `when`, and a
 * yes/no item a form's `applies` depends on), which procedures apply, the
 * counter looked up in the configuration, and the shipped guide files.
 *
 * Uses the real data/dictionary.txt and forms/ (tests run from the top of
 * the tree).
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

#include "guide/guide.h"

static struct dict *dict;

static int
setup(void **state)
{
	char *cause = NULL;

	(void)state;
	if ((dict = dict_load("data/dictionary.txt", &cause)) == NULL) {
		fprintf(stderr, "dictionary: %s\n", cause);
		free(cause);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dict_free(dict);
	return 0;
}

static struct visit *
visit_of(const char *const (*kv)[2], size_t n)
{
	struct visit *v = visit_new();
	char *cause = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (visit_set(v, dict, kv[i][0], kv[i][1], &cause) != 0)
			fail_msg("%s: %s", kv[i][0], cause);
	}
	return v;
}

static struct derive_ctx
ctx_of(const struct visit *v)
{
	struct derive_ctx c;

	c.visit = v;
	c.dict = dict;
	c.config = NULL;
	c.today.y = 2026;
	c.today.m = 11;
	c.today.d = 21;
	return c;
}

static const char good[] =
    "# a town's guide\n"
    "question has.moped\n"
    "  ask  \"原付バイクをお持ちですか\"\n"
    "  when event in (転入, 転出)\n"
    "end\n"
    "procedure moped\n"
    "  title    \"原付の登録\"\n"
    "  counter  zeimu\n"
    "  bring    \"廃車申告受付書\"\n"
    "  bring    印鑑\n"
    "  deadline \"15日以内\"\n"
    "  applies  event = 転入 and has.moped = はい\n"
    "end\n"
    "procedure gomi\n"
    "  title   \"ごみカレンダー\"\n"
    "  counter kankyo\n"
    "  applies event = 転入\n"
    "end\n"
    "sheet\n"
    "  title \"お手続きのご案内\"\n"
    "  footer \"一\"\n"
    "  footer \"二\"\n"
    "end\n";

static void
test_parse(void **state)
{
	struct guide g;
	struct diag dg = { 0 };

	(void)state;
	memset(&g, 0, sizeof g);
	assert_int_equal(guide_parse(&g, "t.guide", good, dict, &dg), 0);
	assert_int_equal(dg.n, 0);
	assert_int_equal(g.nquestions, 1);
	assert_string_equal(g.questions[0].item, "has.moped");
	assert_string_equal(g.questions[0].ask, "原付バイクをお持ちですか");
	assert_int_equal(g.questions[0].line, 2);
	assert_int_equal(g.nprocedures, 2);
	assert_string_equal(g.procedures[0].id, "moped");
	assert_int_equal(g.procedures[0].nbring, 2);
	assert_string_equal(g.procedures[0].bring[1], "印鑑");
	assert_string_equal(g.procedures[0].deadline, "15日以内");
	assert_null(g.procedures[1].deadline);
	assert_string_equal(g.title, "お手続きのご案内");
	assert_int_equal(g.nfooter, 2);
	/* guide_free takes a heap guide: move the contents. */
	{
		struct guide *h = xmalloc(sizeof *h);
		*h = g;
		guide_free(h);
	}
}

static void
expect_mistake(const char *text, const char *want)
{
	struct guide *g = xcalloc(1, sizeof *g);
	struct diag dg = { 0 };
	char *all;

	assert_true(guide_parse(g, "bad.guide", text, dict, &dg) > 0);
	all = diag_join(&dg);
	assert_non_null(all);
	if (strstr(all, want) == NULL)
		fail_msg("wanted \"%s\" in \"%s\"", want, all);
	free(all);
	diag_free(&dg);
	guide_free(g);
}

static void
test_mistakes(void **state)
{
	(void)state;
	expect_mistake("question has.moped\n  when event = 転入\nend\n",
	    "bad.guide:1: question has.moped: no ask");
	expect_mistake("question person.name\n  ask \"x\"\nend\n",
	    "bad.guide:1: question: \"person.name\" is text");
	expect_mistake("question no.such\n  ask \"x\"\nend\n",
	    "bad.guide:1: question: \"no.such\" is not in the dictionary");
	expect_mistake("question has.dog\n  ask \"x\"\n  when evnt = 転入\n"
	    "end\n", "bad.guide:3: when: column 8: unknown item \"evnt\"");
	expect_mistake("procedure p\n  title \"x\"\n  applies event = 転入\n"
	    "end\n", "bad.guide:1: procedure p: no counter");
	expect_mistake("procedure p\n  title x y\nend\n",
	    "bad.guide:2: title takes one text");
	expect_mistake("procedure p\n  titel \"x\"\nend\n",
	    "bad.guide:2: unknown statement \"titel\" in a procedure");
	expect_mistake("procedure p\n  title \"x\n", "bad.guide:2:");
	expect_mistake("procedure p\n  title \"x\"\n",
	    "bad.guide:1: this block has no end");
	expect_mistake("end\n", "bad.guide:1: end without a block");
	expect_mistake("form x\n", "bad.guide:1: unknown statement \"form\"");
	expect_mistake(
	    "procedure a\n title \"x\"\n counter c\n applies event = 転入\nend\n"
	    "procedure a\n title \"x\"\n counter c\n applies event = 転入\nend\n",
	    "bad.guide:6: procedure a is already defined (bad.guide:1)");
}

static void
test_questions(void **state)
{
	static const char *const tennyu[][2] = {
		{ "event", "転入" }, { "filed_date", "2026-11-21" },
		{ "move_date", "2026-11-01" },
		{ "person.1.name", "原 一郎" }, { "person.1.birth", "1990-01-01" },
	};
	static const char *const tenkyo[][2] = {
		{ "event", "証明書の請求" }, { "filed_date", "2026-11-21" },
	};
	struct guide *g = xcalloc(1, sizeof *g);
	struct diag dg = { 0 };
	struct visit *v = visit_of(tennyu, nitems(tennyu));
	struct visit *w = visit_of(tenkyo, nitems(tenkyo));
	struct derive_ctx c = ctx_of(v), d = ctx_of(w);
	const struct guide_procedure **procs;
	struct guide_ask *asks;
	struct form_set *set;
	size_t n, i;
	char *cause = NULL;

	(void)state;
	assert_int_equal(guide_parse(g, "t.guide", good, dict, &dg), 0);
	/* Declared and its `when` holds. */
	n = guide_questions(g, NULL, c.today, &c, &asks);
	assert_int_equal(n, 1);
	assert_string_equal(asks[0].key, "has.moped");
	assert_string_equal(asks[0].words, "原付バイクをお持ちですか");
	guide_asks_free(asks, n);
	/* Its `when` does not hold: not asked. */
	n = guide_questions(g, NULL, d.today, &d, &asks);
	assert_int_equal(n, 0);
	guide_asks_free(asks, n);

	/* Procedures: gomi always on a 転入, moped once answered はい. */
	n = guide_procedures(g, &c, &procs);
	assert_int_equal(n, 1);
	assert_string_equal(procs[0]->id, "gomi");
	free(procs);
	assert_int_equal(visit_set(v, dict, "has.moped", "はい", &cause), 0);
	n = guide_procedures(g, &c, &procs);
	assert_int_equal(n, 2);
	assert_string_equal(procs[0]->id, "moped");
	free(procs);
	assert_int_equal(visit_set(v, dict, "has.moped", "いいえ", &cause), 0);
	n = guide_procedures(g, &c, &procs);
	assert_int_equal(n, 1);
	free(procs);

	/* With the shipped forms: no shipped form depends on a yes/no
	 * item, so only the declared question is asked... */
	set = form_set_load("forms", dict, NULL, &dg);
	assert_non_null(set);
	n = guide_questions(g, set, c.today, &c, &asks);
	for (i = 0; i < n; i++)
		assert_string_equal(asks[i].key, "has.moped");
	guide_asks_free(asks, n);
	form_set_free(set);
	diag_free(&dg);
	visit_free(v);
	visit_free(w);
	guide_free(g);
}

static void
test_counter(void **state)
{
	struct guide_procedure p;
	struct config *cf;
	char *cause = NULL, *s;
	FILE *f;
	char path[] = "/tmp/kakanai-test-guide-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("town.office = 日の出町役場 住民課\ncounter.zeimu = 5番 税務課\n",
	    f);
	fclose(f);
	cf = config_load(path, &cause);
	assert_non_null(cf);
	memset(&p, 0, sizeof p);
	p.counter = "zeimu";
	s = guide_counter(&p, cf);
	assert_string_equal(s, "5番 税務課");
	free(s);
	/* Not configured: the town's office, never nothing. */
	p.counter = "kankyo";
	s = guide_counter(&p, cf);
	assert_string_equal(s, "日の出町役場 住民課");
	free(s);
	config_free(cf);
	unlink(path);
}

/* The shipped guide parses, every counter is configured for every town,
 * and 転入 lists at least 20 procedures. */
static void
test_shipped(void **state)
{
	static const char *const confs[] = {
		"data/kakanai.conf", "data/towns/hiji.conf",
		"data/towns/hinan.conf", "data/towns/hinode.conf",
		"data/towns/misaki.conf",
	};
	struct diag dg = { 0 };
	struct config *cf;
	struct guide *g;
	char *cause = NULL, *all;
	size_t i, n;
	int events[8] = { 0 };
	static const char *const names[] = {
		"event = 転入", "event = 転居", "event = 転出", "event = 出生",
		"event = 死亡", "event = 婚姻",
	};

	(void)state;
	for (i = 0; i < nitems(confs); i++) {
		cf = config_load(confs[i], &cause);
		assert_non_null(cf);
		g = guide_load("forms", dict, cf, &dg);
		all = diag_join(&dg);
		if (all != NULL)
			fail_msg("%s", all);
		assert_non_null(g);
		guide_free(g);
		config_free(cf);
	}
	g = guide_load("forms", dict, NULL, &dg);
	assert_non_null(g);
	assert_non_null(g->title);
	for (n = 0; n < g->nprocedures; n++) {
		char *text = NULL;
		FILE *f = fopen(g->procedures[n].path, "r");
		char line[512];
		int k = 0;

		/* The event is the first test of each `applies`. */
		assert_non_null(f);
		while (fgets(line, sizeof line, f) != NULL)
			if (++k == g->procedures[n].line + 1)
				break;
		while (fgets(line, sizeof line, f) != NULL)
			if ((text = strstr(line, "applies")) != NULL)
				break;
		fclose(f);
		assert_non_null(text);
		for (i = 0; i < nitems(names); i++)
			if (strstr(text, names[i]) != NULL)
				events[i]++;
	}
	assert_true(events[0] >= 20);
	for (i = 1; i < nitems(names); i++)
		assert_true(events[i] >= 5);
	guide_free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_mistakes),
		cmocka_unit_test(test_questions),
		cmocka_unit_test(test_counter),
		cmocka_unit_test(test_shipped),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
