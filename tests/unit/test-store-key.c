/*
 * test-store-key.c - My Numbers sealed at rest: the key file beside the
 * database (made 0600 at first open, refused when a link or readable by
 * all), a version 1 file migrated with no plaintext left in the file or
 * its WAL, a sealed value moved to another visit failing its check, a
 * missing key (everything else still works, My Numbers say so, saving
 * keeps them), and rotation. Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store-int.h"
#include "unit/fixture.h"

static struct dict *dict;
static char dir[] = "/tmp/kakanai-test-key.XXXXXX";

#define MN1 "123456789018"
#define MN2 "621498320257"

static int
setup(void **state)
{
	(void)state;
	setenv("KAKANAI_HOME", ".", 1);
	setenv("KAKANAI_TODAY", "2026-11-21", 1);
	if (fixture_tmpdir(dir) != 0)
		return -1;
	return (dict = fixture_dict()) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	dict_free(dict);
	fixture_rmdir(dir);
	return 0;
}

/* Does the file at path (if it exists) hold needle anywhere? */
static int
file_holds(const char *path, const char *needle)
{
	size_t len, n = strlen(needle), i;
	char *cause = NULL, *data;

	if (access(path, F_OK) != 0)
		return 0;
	data = file_read(path, &len, &cause);
	assert_non_null(data);
	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, needle, n) == 0) {
			free(data);
			return 1;
		}
	free(data);
	return 0;
}

static int
db_holds(const char *db, const char *needle)
{
	char *wal = xasprintf("%s-wal", db);
	int found = file_holds(db, needle) || file_holds(wal, needle);

	free(wal);
	return found;
}

static struct store *
open_ok(const char *path)
{
	char *cause = NULL;
	struct store *s = store_open(path, &cause);

	if (s == NULL)
		print_error("%s\n", cause);
	assert_non_null(s);
	return s;
}

static long
saved_visit(struct store *s)
{
	struct visit *v = visit_new();
	char *cause = NULL;
	long id;

	visit_set_stored(v, "event", "転入");
	visit_set_stored(v, "person.1.name", "山田 太郎");
	visit_set_stored(v, "person.1.mynumber", MN1);
	visit_set_stored(v, "person.2.mynumber", MN2);
	id = store_visit_add(s, v, dict, &cause);
	assert_true(id > 0);
	visit_free(v);
	return id;
}

/* A new database gets a private key; the file and WAL hold no My Number. */
static void
test_new_key(void **state)
{
	char *db = xasprintf("%s/new/kakanai.db", dir), *key, *cause = NULL;
	struct store *s;
	struct visit *v;
	struct stat st;
	long id;

	(void)state;
	s = open_ok(db);
	key = store_key_path(db);
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_null(store_key_problem(s));
	id = saved_visit(s);
	assert_false(db_holds(db, MN1));
	assert_false(db_holds(db, MN2));
	v = store_visit_load(s, id, "print", NULL, &cause);
	assert_non_null(v);
	assert_string_equal(visit_get(v, "person.1.mynumber"), MN1);
	assert_string_equal(visit_get(v, "person.2.mynumber"), MN2);
	visit_free(v);
	store_close(s);
	assert_false(db_holds(db, MN1));

	/* a second key is never made over the first */
	assert_int_equal(store_key_create(key, 0600, (gid_t)-1, &cause), -1);
	free(cause);
	free(key);
	free(db);
}

/* A version 1 file: its plaintext My Number is sealed in the migration
 * and gone from the file. */
static void
test_migrate_v1(void **state)
{
	char *sql, *cause = NULL, *path;
	struct store *s;
	struct visit *v;
	sqlite3 *db;

	(void)state;
	sql = file_read("tests/fixtures/store-v1.sql", NULL, &cause);
	assert_non_null(sql);
	path = xasprintf("%s/v1.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);
	assert_true(db_holds(path, MN1));	/* the fixture really has it */

	s = open_ok(path);
	v = store_visit_load(s, 7, "print", NULL, &cause);
	assert_non_null(v);
	assert_string_equal(visit_get(v, "person.1.mynumber"), MN1);
	visit_free(v);
	store_close(s);
	assert_false(db_holds(path, MN1));
	free(path);
}

/* A sealed value copied onto another visit fails its check. */
static void
test_moved_value(void **state)
{
	char *db = xasprintf("%s/moved/kakanai.db", dir), *cause = NULL;
	struct store *s;
	struct visit *v;
	long a, b;

	(void)state;
	s = open_ok(db);
	a = saved_visit(s);
	b = saved_visit(s);
	assert_int_equal(sqlite3_exec(s->db, "UPDATE mynumbers SET sealed ="
	    " (SELECT sealed FROM mynumbers m WHERE m.visit_id = 1 AND"
	    " m.key = 'person.1.mynumber') WHERE visit_id = 2 AND"
	    " key = 'person.1.mynumber'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(a, 1);
	v = store_visit_load(s, b, "print", NULL, &cause);
	assert_null(v);
	assert_non_null(strstr(cause, "fails its check"));
	assert_null(strstr(cause, MN1));
	free(cause);
	store_close(s);
	free(db);
}

/* Without the key: the rest opens, My Numbers say the key is missing,
 * saving keeps them; with the key back they read again. */
static void
test_missing_key(void **state)
{
	char *db = xasprintf("%s/missing/kakanai.db", dir), *key, *aside;
	char *cause = NULL;
	struct store_visit_info vi;
	struct store *s;
	struct visit *v;
	long id;

	(void)state;
	s = open_ok(db);
	id = saved_visit(s);
	store_close(s);
	key = store_key_path(db);
	aside = xasprintf("%s.aside", key);
	assert_int_equal(rename(key, aside), 0);

	s = open_ok(db);
	assert_non_null(store_key_problem(s));
	assert_non_null(strstr(store_key_problem(s), "missing"));
	/* no new key is made for a database that had one */
	assert_int_equal(access(key, F_OK), -1);
	memset(&vi, 0, sizeof vi);
	v = store_visit_load(s, id, "edit", &vi, &cause);
	assert_non_null(v);
	assert_int_equal(vi.mynumber_locked, 2);
	assert_null(visit_get(v, "person.1.mynumber"));
	assert_string_equal(visit_get(v, "person.1.name"), "山田 太郎");
	store_visit_info_clear(&vi);
	/* saving the rest keeps the sealed numbers */
	visit_set_stored(v, "person.1.name", "山田 次郎");
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	/* a new My Number is not stored (the screen says so), the rest is */
	visit_set_stored(v, "person.1.mynumber", MN2);
	visit_set_stored(v, "person.1.name", "山田 三郎");
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	/* an import cannot leave one out: it fails and says why */
	assert_int_equal(store_visit_add(s, v, dict, &cause), -1);
	assert_non_null(strstr(cause, "missing"));
	assert_null(strstr(cause, MN2));
	free(cause);
	cause = NULL;
	visit_free(v);
	v = store_visit_load(s, id, "print", NULL, &cause);
	assert_null(v);
	assert_non_null(strstr(cause, "key file"));
	assert_non_null(strstr(cause, "missing"));
	free(cause);
	cause = NULL;
	store_close(s);

	assert_int_equal(rename(aside, key), 0);
	s = open_ok(db);
	v = store_visit_load(s, id, "print", NULL, &cause);
	assert_non_null(v);
	assert_string_equal(visit_get(v, "person.1.mynumber"), MN1);
	assert_string_equal(visit_get(v, "person.1.name"), "山田 三郎");
	visit_free(v);
	store_close(s);
	free(aside);
	free(key);
	free(db);
}

/* Rotation re-seals everything; the old key no longer opens it. */
static void
test_rotate(void **state)
{
	char *db = xasprintf("%s/rot/kakanai.db", dir), *key, *old, *cause = NULL;
	unsigned char k1[STORE_KEY_BYTES], k2[STORE_KEY_BYTES];
	struct store *s;
	struct visit *v;
	size_t n;
	long id;

	(void)state;
	s = open_ok(db);
	id = saved_visit(s);
	key = store_key_path(db);
	assert_int_equal(store_key_load(key, k1, &cause), 0);
	if (store_rotate_key(s, &n, &cause) != 0)
		print_error("%s\n", cause);
	assert_null(cause);
	assert_int_equal(n, 2);
	assert_int_equal(store_key_load(key, k2, &cause), 0);
	assert_memory_not_equal(k1, k2, sizeof k1);
	v = store_visit_load(s, id, "print", NULL, &cause);
	assert_string_equal(visit_get(v, "person.2.mynumber"), MN2);
	visit_free(v);
	store_close(s);
	s = open_ok(db);
	assert_null(store_key_problem(s));
	store_close(s);

	/* the old key file put back is told apart */
	old = xasprintf("%s/old.key", dir);
	assert_int_equal(store_key_create(old, 0600, (gid_t)-1, &cause), 0);
	assert_int_equal(rename(old, key), 0);
	s = open_ok(db);
	assert_non_null(store_key_problem(s));
	assert_non_null(strstr(store_key_problem(s), "another database"));
	store_close(s);
	free(old);
	free(key);
	free(db);
}

/* Key files that are links or readable by every user are refused. */
static void
test_key_file_checks(void **state)
{
	unsigned char k[STORE_KEY_BYTES];
	char *a = xasprintf("%s/a.key", dir), *b = xasprintf("%s/b.key", dir);
	char *cause = NULL;

	(void)state;
	assert_int_equal(store_key_create(a, 0640, (gid_t)-1, &cause), 0);
	assert_int_equal(store_key_load(a, k, &cause), 0);
	assert_int_equal(symlink(a, b), 0);
	assert_int_equal(store_key_load(b, k, &cause), -1);
	assert_non_null(strstr(cause, "symbolic link"));
	free(cause);
	cause = NULL;
	assert_int_equal(chmod(a, 0644), 0);
	assert_int_equal(store_key_load(a, k, &cause), -1);
	assert_non_null(strstr(cause, "every user"));
	free(cause);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_key),
		cmocka_unit_test(test_migrate_v1),
		cmocka_unit_test(test_moved_value),
		cmocka_unit_test(test_missing_key),
		cmocka_unit_test(test_rotate),
		cmocka_unit_test(test_key_file_checks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
