/*
 * test-town.c - town names and groups, draft holds, and paths that must
 * not be links.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "util/util.h"

static char dir[] = "/tmp/kakanai-test-town.XXXXXX";

/* 1. A town's name becomes part of Unix group names: a-z, 0-9, -. */
static void
test_town_names(void **state)
{
	char *g;

	(void)state;
	assert_true(town_valid_id("hinode"));
	assert_true(town_valid_id("town-2"));
	assert_false(town_valid_id(""));
	assert_false(town_valid_id("-x"));
	assert_false(town_valid_id("Hinode"));
	assert_false(town_valid_id("../etc"));
	assert_false(town_valid_id("a/b"));
	assert_false(town_valid_id("日の出"));
	assert_false(town_valid_id("abcdefghijklmnopq"));	/* 17 */
	g = town_group("hinode", 0);
	assert_string_equal(g, "kakanai-hinode");
	free(g);
	g = town_group("hinode", 1);
	assert_string_equal(g, "kakanai-hinode-admin");
	free(g);
}

/* 2. Not setgid here: single-user mode, and the caller's rights are
 * already ours (begin/end nest and change nothing). */
static void
test_priv_single_user(void **state)
{
	gid_t e = getegid();

	(void)state;
	priv_init();
	assert_false(priv_elevated());
	assert_int_equal(priv_user_begin(), 0);
	assert_int_equal(priv_user_begin(), 0);
	priv_user_end();
	priv_user_end();
	assert_int_equal(getegid(), e);
	assert_null(town_current());
	assert_string_equal(priv_refused_env(), "");
}

/* 3. One draft, one holder: a second store handle (another screen) sees
 * who holds it and cannot take it until the first lets go. */
static void
test_hold(void **state)
{
	struct store *a, *b;
	char *path, *cause = NULL, *holder = NULL, *who;
	long id;

	(void)state;
	path = xasprintf("%s/k.db", dir);
	a = store_open(path, &cause);
	assert_non_null(a);
	b = store_open(path, &cause);
	assert_non_null(b);
	id = store_visit_create(a, &cause);
	assert_true(id > 0);

	assert_null(store_hold_who(b, id));
	assert_int_equal(store_hold_take(a, id, "端末 pts/1 (担当 tanaka)",
	    &holder, &cause), 0);
	assert_null(holder);
	who = store_hold_who(b, id);
	assert_non_null(who);
	assert_string_equal(who, "端末 pts/1 (担当 tanaka)");
	free(who);
	assert_int_equal(store_hold_take(b, id, "端末 pts/2 (担当 suzuki)",
	    &holder, &cause), 1);
	assert_string_equal(holder, "端末 pts/1 (担当 tanaka)");
	free(holder);
	/* the holder itself is not told it is held */
	assert_null(store_hold_who(a, id));

	store_hold_release(a);
	assert_null(store_hold_who(b, id));
	assert_int_equal(store_hold_take(b, id, "端末 pts/2 (担当 suzuki)",
	    &holder, &cause), 0);
	/* closing the store (the process ending) lets go too */
	store_close(b);
	assert_null(store_hold_who(a, id));
	store_close(a);
	free(path);
}

/* 4. A link where the database or pdf/ should be is refused, and its
 * target is left as it was. */
static void
test_no_links(void **state)
{
	char *target, *link, *cause = NULL, *pdf, *real, *dbdir;
	struct store *s;
	struct stat st;
	FILE *f;

	(void)state;
	target = xasprintf("%s/victim", dir);
	f = fopen(target, "w");
	assert_non_null(f);
	fputs("root:x:0:0\n", f);
	fclose(f);
	chmod(target, 0644);
	link = xasprintf("%s/link.db", dir);
	assert_int_equal(symlink(target, link), 0);
	s = store_open(link, &cause);
	assert_null(s);
	assert_non_null(strstr(cause, "symbolic link"));
	free(cause);
	cause = NULL;
	assert_int_equal(stat(target, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(st.st_size, 11);

	dbdir = xasprintf("%s/d", dir);
	assert_int_equal(mkdir(dbdir, 0700), 0);
	real = xasprintf("%s/elsewhere", dir);
	assert_int_equal(mkdir(real, 0700), 0);
	pdf = xasprintf("%s/pdf", dbdir);
	assert_int_equal(symlink(real, pdf), 0);
	free(pdf);
	pdf = xasprintf("%s/k.db", dbdir);
	s = store_open(pdf, &cause);
	assert_non_null(s);
	free(pdf);
	assert_null(store_pdf_dir(s, &cause));
	assert_non_null(strstr(cause, "symbolic link"));
	free(cause);
	store_close(s);
	free(dbdir);
	free(real);
	free(target);
	free(link);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char *argv[] = { (char *)"rm", (char *)"-rf", dir, NULL };
	pid_t pid;

	(void)state;
	/* the test's own folder, without a shell */
	if ((pid = fork()) == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_town_names),
		cmocka_unit_test(test_priv_single_user),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_no_links),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
