/*
 * test-print-refused.c - a printer that is missing or refuses the job
 * (README "Bad input"): print_wait reports it with the printer program's
 * own words, and the visit and its stored PDF stay as they were, so the
 * same document can be printed later. lp is replaced through $KAKANAI_LP
 * by small scripts in a private folder: one that does not exist, one that
 * answers as CUPS does for an unknown queue, one that accepts the job.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "print/print.h"
#include "store/store.h"
#include "unit/fixture.h"

static char dir[] = "/tmp/kakanai-print.XXXXXX";

static char *
script(const char *name, const char *body)
{
	char *path = file_join(dir, name), *cause = NULL;

	if (file_write_atomic(path, body, strlen(body), 0700, &cause) != 0)
		fail_msg("%s", cause);
	return path;
}

static int
setup(void **state)
{
	(void)state;
	if (fixture_tmpdir(dir) != 0)
		return -1;
	setenv("KAKANAI_TODAY", "2026-11-21", 1);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fixture_rmdir(dir);
	return 0;
}

/* Run lp (whatever $KAKANAI_LP is) on file; 1 accepted, -1 refused. */
static int
run_lp(const char *file, char **message, char **cause)
{
	struct print_job job;

	memset(&job, 0, sizeof job);
	if (print_start(&job, "counter", file, 0, cause) != 0)
		return -2;
	return print_wait(&job, message, cause);
}

static void
test_missing_lp(void **state)
{
	char *missing = file_join(dir, "no-such-lp"), *msg = NULL;
	char *cause = NULL;

	(void)state;
	setenv("KAKANAI_LP", missing, 1);
	assert_int_equal(run_lp("/dev/null", &msg, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, missing));	/* names the program */
	free(cause);
	free(missing);
}

static void
test_refused(void **state)
{
	char *lp, *msg = NULL, *cause = NULL;

	(void)state;
	lp = script("lp-refuses", "#!/bin/sh\n"
	    "echo 'lp: The printer or class does not exist.' >&2\nexit 1\n");
	setenv("KAKANAI_LP", lp, 1);
	assert_int_equal(run_lp("/dev/null", &msg, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "The printer or class does not exist"));
	free(cause);
	free(lp);
}

/* An lp that ignores SIGTERM and leaves a child that ignores it too is
 * stopped after the timeout, child and all. */
static void
test_hang(void **state)
{
	struct print_job job;
	char *lp, *pidfile, *body, *text, *cause = NULL, *msg = NULL;
	pid_t child;
	int i;

	(void)state;
	pidfile = file_join(dir, "child.pid");
	body = xasprintf("#!/bin/sh\ntrap '' TERM\n"
	    "sh -c 'trap \"\" TERM; echo $$ >%s.tmp; mv %s.tmp %s; "
	    "while :; do sleep 1; done' &\n"
	    "while :; do sleep 1; done\n", pidfile, pidfile, pidfile);
	lp = script("lp-hangs", body);
	setenv("KAKANAI_LP", lp, 1);
	memset(&job, 0, sizeof job);
	assert_int_equal(print_start(&job, "counter", "/dev/null", 1, &cause),
	    0);
	assert_int_equal(print_wait(&job, &msg, &cause), -1);
	assert_non_null(strstr(cause, "did not finish within 1 s"));
	assert_int_equal(job.pid, 0);
	free(cause);
	cause = NULL;
	/* the child wrote its pid before lp was stopped (1 s is plenty to
	 * start a shell; if not, nothing of it can remain either) */
	if ((text = file_read(pidfile, NULL, &cause)) != NULL) {
		child = (pid_t)atol(text);
		assert_true(child > 0);
		/* gone, or a zombie waiting for init */
		for (i = 0; i < 100 && kill(child, 0) == 0; i++) {
			char *stat = xasprintf("/proc/%ld/stat", (long)child);
			char *st = file_read(stat, NULL, &cause);

			free(stat);
			if (st == NULL || strstr(st, ") Z") != NULL) {
				free(st);
				break;
			}
			free(st);
			usleep(50000);
		}
		assert_true(i < 100);
		free(text);
	}
	free(cause);
	free(body);
	free(pidfile);
	free(lp);
}

/* The visit stays a draft with its document when printing fails, and the
 * same stored PDF prints once the printer is back. */
static void
test_visit_stays(void **state)
{
	struct store_visit_info info;
	struct store_document *docs = NULL;
	struct store *s;
	struct visit *v;
	struct dict *d;
	const char *ids[] = { "jumin_ido" };
	int versions[] = { 1 };
	char *db, *pdf, *lp, *ok, *msg = NULL, *cause = NULL, *out;
	char sha[65];
	size_t n = 0, len;
	long id;
	struct stat st;

	(void)state;
	d = fixture_dict();
	assert_non_null(d);
	db = file_join(dir, "k.db");
	s = store_open(db, &cause);
	if (s == NULL)
		fail_msg("%s", cause);
	v = visit_load("data/samples/hinan-single.visit", d, &cause);
	assert_non_null(v);
	id = store_visit_create(s, &cause);
	assert_true(id > 0);
	assert_int_equal(store_visit_save(s, id, v, d, NULL, 0, &cause), 0);
	pdf = file_join(dir, "visit.pdf");
	assert_int_equal(file_write_atomic(pdf, "%PDF-1.4\n%%EOF\n", 15, 0600,
	    &cause), 0);
	sha256_hex("%PDF-1.4\n%%EOF\n", 15, sha);
	assert_true(store_document_add(s, id, pdf, sha, ids, versions, 1,
	    &cause) > 0);

	lp = script("lp-refuses2", "#!/bin/sh\n"
	    "echo 'lp: Unable to connect to server' >&2\nexit 1\n");
	setenv("KAKANAI_LP", lp, 1);
	assert_int_equal(run_lp(pdf, &msg, &cause), -1);
	free(cause);
	cause = NULL;

	/* nothing changed: a draft, its document, the PDF on disk */
	{
		struct visit *again = store_visit_load(s, id, NULL, &info,
		    &cause);
		assert_non_null(again);
		assert_int_equal(info.status, STORE_DRAFT);
		assert_int_equal(info.printed, 0);
		assert_string_equal(visit_get(again, "person.1.name"),
		    visit_get(v, "person.1.name"));
		store_visit_info_clear(&info);
		visit_free(again);
	}
	assert_int_equal(store_document_list(s, id, &docs, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(docs[0].file, pdf);
	assert_int_equal(stat(docs[0].file, &st), 0);

	/* the printer is back: the same document prints */
	out = file_join(dir, "printed.pdf");
	ok = script("lp-ok", "#!/bin/sh\n"
	    "f=; for a; do f=$a; done\n"
	    "cp \"$f\" \"$(dirname \"$0\")/printed.pdf\" &&\n"
	    "echo 'request id is counter-1 (1 file(s))'\n");
	setenv("KAKANAI_LP", ok, 1);
	assert_int_equal(run_lp(docs[0].file, &msg, &cause), 1);
	assert_non_null(strstr(msg, "request id is counter-1"));
	free(msg);
	assert_int_equal(store_visit_set_status(s, id, STORE_PRINTED,
	    &cause), 0);
	free(file_read(out, &len, &cause));
	assert_int_equal(len, 15);

	store_document_free(docs, n);
	free(out);
	free(ok);
	free(lp);
	free(pdf);
	visit_free(v);
	store_close(s);
	free(db);
	dict_free(d);
	unsetenv("KAKANAI_LP");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_lp),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_hang),
		cmocka_unit_test(test_visit_stays),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
