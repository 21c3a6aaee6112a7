/*
 * test-store.c - the database on a real SQLite file: migrations from empty
 * and from a version 1 file (tests/fixtures/store-v1.sql), permissions,
 * visit save/load byte for byte (𠮷, 葛+U+E0100), My Numbers kept apart
 * and audited, lists and search, documents, the audit log, reports,
 * CSV export with CP932 escapes, purge, and SHA-256 vectors. Run from the
 * repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/store-int.h"
#include "unit/fixture.h"

static struct dict *dict;
static char dir[] = "/tmp/kakanai-test-store.XXXXXX";

#define YOSHI "\xf0\xa0\xae\xb7"		/* 𠮷 U+20BB7 */
#define KATSU_IVS "\xe8\x91\x9b\xf3\xa0\x84\x80" /* 葛 + U+E0100 */

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

static struct store *
fresh(const char *name)
{
	char *path = xasprintf("%s/%s/kakanai.db", dir, name), *cause = NULL;
	struct store *s = store_open(path, &cause);

	if (s == NULL)
		print_error("%s\n", cause);
	assert_non_null(s);
	free(path);
	store_set_clerk(s, "tanaka");
	return s;
}

static int
user_version(struct store *s)
{
	sqlite3_stmt *st;
	int v;

	assert_int_equal(sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static long
count(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long n;

	assert_int_equal(sqlite3_prepare_v2(s->db, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static size_t
audit_count(struct store *s, long visit, const char *what)
{
	struct store_audit_entry *e;
	size_t n, i, k = 0;
	char *cause = NULL;

	assert_int_equal(store_audit_list(s, visit, &e, &n, &cause), 0);
	for (i = 0; i < n; i++)
		if (strcmp(e[i].what, what) == 0)
			k++;
	store_audit_free(e, n);
	return k;
}

/* 1. A new file: current schema, 0600 in a 0700 folder, postal subset. */
static void
test_migrate_empty(void **state)
{
	struct store *s;
	struct postal_addr *a;
	struct stat st;
	char *path, *cause = NULL;
	size_t n;

	(void)state;
	s = fresh("new/deeper");
	assert_int_equal(user_version(s), STORE_SCHEMA_VERSION);
	assert_int_equal(stat(store_path(s), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	path = xasprintf("%s/new/deeper", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(path);
	assert_int_equal(count(s, "PRAGMA foreign_keys"), 1);
	/* the shipped towns are there with no import */
	assert_int_equal(postal_lookup(s, "190-0182", &a, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].town, "平井");
	postal_addr_free(a, n);
	assert_int_equal(count(s, "SELECT count(*) FROM postal"), 114);
	store_close(s);
	/* reopening changes nothing */
	s = fresh("new/deeper");
	assert_int_equal(count(s, "SELECT count(*) FROM postal"), 114);
	store_close(s);
}

/* 2. A version 1 file is upgraded in place, data kept, My Number moved. */
static void
test_migrate_v1(void **state)
{
	char *sql, *cause = NULL, *path;
	struct store_visit_info vi;
	struct store_document *docs;
	struct visit *v;
	struct store *s;
	sqlite3 *db;
	size_t n;

	(void)state;
	sql = file_read("tests/fixtures/store-v1.sql", NULL, &cause);
	assert_non_null(sql);
	path = xasprintf("%s/v1.db", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);

	s = store_open(path, &cause);
	assert_non_null(s);
	assert_int_equal(user_version(s), STORE_SCHEMA_VERSION);
	assert_int_equal(count(s, "SELECT count(*) FROM visit_items WHERE"
	    " key GLOB '*mynumber'"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM mynumbers"), 1);
	v = store_visit_load(s, 7, NULL, &vi, &cause);
	assert_non_null(v);
	assert_string_equal(visit_get(v, "person.1.name"),
	    YOSHI "田 " KATSU_IVS "子");
	assert_null(visit_get(v, "person.1.mynumber"));
	assert_string_equal(vi.name, YOSHI "田 " KATSU_IVS "子");
	assert_string_equal(vi.birth, "1970-03-12");
	assert_int_equal(vi.status, STORE_PRINTED);
	assert_int_equal(vi.printed - vi.started, 900);
	store_visit_info_clear(&vi);
	visit_free(v);
	v = store_visit_load(s, 7, "print", NULL, &cause);
	assert_string_equal(visit_get(v, "person.1.mynumber"), "123456789018");
	visit_free(v);
	assert_int_equal(store_document_list(s, 7, &docs, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(docs[0].nforms, 1);
	assert_string_equal(docs[0].form_ids[0], "jumin_ido");
	assert_int_equal(docs[0].versions[0], 1);
	store_document_free(docs, n);
	/* the search columns were filled from the items */
	struct store_visit_list l;
	assert_int_equal(store_visit_list(s, STORE_LIST_SEARCH, "よしだ", &l,
	    &cause), 0);
	assert_int_equal(l.n, 1);
	store_visit_list_free(&l);
	store_close(s);

	/* a file from a newer kakanai is refused, not touched */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(path, &cause);
	assert_null(s);
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	free(path);
}

static struct visit *
sample_visit(void)
{
	struct visit *v = visit_new();

	visit_set_stored(v, "event", "転入");
	visit_set_stored(v, "filed_date", "2026-11-21");
	visit_set_stored(v, "move_date", "2026-11-15");
	visit_set_stored(v, "person.1.name", YOSHI "田 " KATSU_IVS "子");
	visit_set_stored(v, "person.1.kana", "ヨシダ\xe3\x80\x80カツコ");
	visit_set_stored(v, "person.1.birth", "1970-03-12");
	visit_set_stored(v, "person.1.mynumber", "123456789018");
	visit_set_stored(v, "person.2.name", "髙橋 﨑");
	visit_set_stored(v, "person.2.mynumber", "621498320257");
	visit_set_stored(v, "note", "a,b \"quoted\"\nline 2");
	return v;
}

/* 3. Save and load: byte for byte; My Number apart and audited. */
static void
test_visit_roundtrip(void **state)
{
	struct store_visit_info vi;
	struct visit *v, *w;
	struct store *s;
	char *cause = NULL;
	size_t i;
	long id;

	(void)state;
	s = fresh("rt");
	id = store_visit_create(s, &cause);
	assert_true(id > 0);
	v = sample_visit();
	assert_int_equal(store_visit_save(s, id, v, dict, "person", 3,
	    &cause), 0);
	/* My Numbers are not among the items */
	assert_int_equal(count(s, "SELECT count(*) FROM visit_items WHERE"
	    " value IN ('123456789018', '621498320257')"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM mynumbers"), 2);

	w = store_visit_load(s, id, NULL, &vi, &cause);
	assert_non_null(w);
	assert_int_equal(w->n, v->n - 2);
	for (i = 0; i < v->n; i++) {
		if (strstr(v->entries[i].key, "mynumber") != NULL) {
			assert_null(visit_get(w, v->entries[i].key));
			continue;
		}
		assert_string_equal(visit_get(w, v->entries[i].key),
		    v->entries[i].value);
	}
	assert_string_equal(vi.screen, "person");
	assert_int_equal(vi.field, 3);
	assert_string_equal(vi.event, "転入");
	assert_string_equal(vi.clerk, "tanaka");
	assert_int_equal(vi.status, STORE_DRAFT);
	store_visit_info_clear(&vi);
	visit_free(w);
	assert_int_equal(audit_count(s, id, "mynumber"), 0);

	w = store_visit_load(s, id, "show", NULL, &cause);
	assert_string_equal(visit_get(w, "person.1.mynumber"), "123456789018");
	assert_string_equal(visit_get(w, "person.2.mynumber"), "621498320257");
	visit_free(w);
	assert_int_equal(audit_count(s, id, "mynumber"), 1);

	/* the audit log never holds a My Number */
	assert_int_equal(count(s, "SELECT count(*) FROM audit WHERE"
	    " instr(coalesce(detail, ''), '123456789018') > 0"), 0);

	/* saving again replaces: a removed key is gone */
	visit_unset(v, "note");
	visit_unset(v, "person.2.mynumber");
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	w = store_visit_load(s, id, "print", NULL, &cause);
	assert_null(visit_get(w, "note"));
	assert_null(visit_get(w, "person.2.mynumber"));
	visit_free(w);
	visit_free(v);

	/* create and save at once */
	v = sample_visit();
	id = store_visit_add(s, v, dict, &cause);
	assert_true(id > 0);
	visit_free(v);
	w = store_visit_load(s, id, NULL, &vi, &cause);
	assert_string_equal(visit_get(w, "person.2.name"), "髙橋 﨑");
	assert_string_equal(vi.name, YOSHI "田 " KATSU_IVS "子");
	store_visit_info_clear(&vi);
	visit_free(w);
	assert_int_equal(audit_count(s, id, "create"), 1);
	assert_int_equal(audit_count(s, id, "edit"), 1);

	/* an unknown visit */
	assert_null(store_visit_load(s, 999, NULL, NULL, &cause));
	assert_non_null(strstr(cause, "999"));
	free(cause);
	store_close(s);
}

/* 4. Status changes and the audit trail. */
static void
test_status_audit(void **state)
{
	struct store_audit_entry *e;
	struct store_visit_info vi;
	struct visit *v;
	struct store *s;
	char *cause = NULL;
	size_t n;
	long id;

	(void)state;
	s = fresh("audit");
	id = store_visit_create(s, &cause);
	v = sample_visit();
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	visit_free(v);
	assert_int_equal(store_visit_set_status(s, id, STORE_PRINTED, &cause),
	    0);
	assert_int_equal(store_visit_set_status(s, id, STORE_PRINTED, &cause),
	    0);
	assert_int_equal(store_visit_set_status(s, id, STORE_CANCELLED,
	    &cause), 0);
	v = store_visit_load(s, id, NULL, &vi, &cause);
	assert_int_equal(vi.status, STORE_CANCELLED);
	assert_true(vi.printed > 0);
	store_visit_info_clear(&vi);
	visit_free(v);
	assert_int_equal(store_audit_list(s, id, &e, &n, &cause), 0);
	assert_int_equal(n, 5);
	assert_string_equal(e[0].what, "create");
	assert_string_equal(e[1].what, "edit");
	assert_string_equal(e[2].what, "print");
	assert_string_equal(e[3].what, "reprint");
	assert_string_equal(e[4].what, "cancel");
	assert_string_equal(e[4].clerk, "tanaka");
	assert_int_equal(e[4].visit_id, id);
	store_audit_free(e, n);
	assert_int_equal(store_visit_set_status(s, 4242, STORE_PRINTED,
	    &cause), -1);
	free(cause);
	store_close(s);
}

/* 5. Lists and search by visit number, birth date, kana, name. */
static void
test_list_search(void **state)
{
	static const struct {
		const char *query;
		size_t n;
	} cases[] = {
		{ "1", 1 },			/* visit number */
		{ "S45.3.12", 1 },		/* birth date, 和暦 */
		{ "1970-03-12", 1 },
		{ "よしだ", 1 },		/* kana, typed in hiragana */
		{ "ヨシダ", 1 },
		{ "ｻﾄｳ", 1 },			/* half-width */
		{ YOSHI "田", 1 },		/* name */
		{ "佐藤", 1 },
		{ "田", 1 },
		{ "鈴木", 0 },
	};
	struct store_visit_list l;
	struct visit *v;
	struct store *s;
	char *cause = NULL;
	size_t i;
	long id;

	(void)state;
	s = fresh("list");
	id = store_visit_create(s, &cause);
	v = sample_visit();
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	visit_free(v);
	id = store_visit_create(s, &cause);
	v = visit_new();
	visit_set_stored(v, "person.1.name", "佐藤 浩");
	visit_set_stored(v, "person.1.kana", "サトウ\xe3\x80\x80ヒロシ");
	visit_set_stored(v, "person.1.birth", "1984-07-20");
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	visit_free(v);
	assert_int_equal(store_visit_set_status(s, id, STORE_PRINTED, &cause),
	    0);

	for (i = 0; i < nitems(cases); i++) {
		assert_int_equal(store_visit_list(s, STORE_LIST_SEARCH,
		    cases[i].query, &l, &cause), 0);
		if (l.n != cases[i].n)
			print_error("case %zu (%s): %zu\n", i + 1,
			    cases[i].query, l.n);
		assert_int_equal(l.n, cases[i].n);
		store_visit_list_free(&l);
	}
	assert_int_equal(store_visit_list(s, STORE_LIST_DRAFTS, NULL, &l,
	    &cause), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].id, 1);
	store_visit_list_free(&l);
	assert_int_equal(store_visit_list(s, STORE_LIST_TODAY, NULL, &l,
	    &cause), 0);
	assert_int_equal(l.n, 2);
	store_visit_list_free(&l);
	assert_int_equal(store_visit_list(s, STORE_LIST_ALL, NULL, &l,
	    &cause), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].id, 1);
	store_visit_list_free(&l);
	store_close(s);
}

/* 6. Documents with several forms. */
static void
test_documents(void **state)
{
	const char *ids[] = { "jumin_ido", "kokuho_shutoku" };
	int versions[] = { 2, 1 };
	struct store_document *d;
	struct store *s;
	char *cause = NULL, sha[65];
	size_t n;
	long id, doc;

	(void)state;
	s = fresh("docs");
	id = store_visit_create(s, &cause);
	sha256_hex("pdf", 3, sha);
	doc = store_document_add(s, id, "/x/1.pdf", sha, ids, versions, 2,
	    &cause);
	assert_true(doc > 0);
	assert_int_equal(store_document_list(s, id, &d, &n, &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(d[0].sha256, sha);
	assert_string_equal(d[0].file, "/x/1.pdf");
	assert_string_equal(d[0].clerk, "tanaka");
	assert_int_equal(d[0].nforms, 2);
	assert_string_equal(d[0].form_ids[1], "kokuho_shutoku");
	assert_int_equal(d[0].versions[0], 2);
	store_document_free(d, n);
	/* a document for a visit that does not exist: foreign key */
	assert_true(store_document_add(s, 555, "/x/2.pdf", sha, ids,
	    versions, 2, &cause) < 0);
	free(cause);
	store_close(s);
}

/* 7. Report: per day, per hour, forms per procedure, median and p90. */
static void
test_report(void **state)
{
	static const int minutes[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90,
	    100 };
	const char *ids[] = { "jumin_ido" };
	int ver[] = { 1 };
	struct report_opts o = { NULL, NULL };
	struct store *s;
	struct visit *v;
	char *cause = NULL, *out = NULL, *sql;
	size_t i;
	long id;

	(void)state;
	s = fresh("report");
	for (i = 0; i < nitems(minutes); i++) {
		id = store_visit_create(s, &cause);
		v = visit_new();
		visit_set_stored(v, "event", i < 7 ? "転入" : "転居");
		assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0,
		    &cause), 0);
		visit_free(v);
		/* begun at 09:00 UTC on 2026-11-20 */
		sql = xasprintf("UPDATE visits SET started = %lld, printed ="
		    " %lld, clerk = '%s' WHERE id = %ld",
		    1795165200LL, 1795165200LL + minutes[i] * 60,
		    i % 2 ? "sato" : "ito", id);
		assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL),
		    SQLITE_OK);
		free(sql);
		if (i < 3)
			assert_true(store_document_add(s, id, "f", "0", ids,
			    ver, 1, &cause) > 0);
	}
	assert_int_equal(report_text(s, &o, &out, &cause), 0);
	assert_non_null(strstr(out, "Visits per day (10 in all)"));
	assert_non_null(strstr(out, "転入: 7 visits"));
	assert_non_null(strstr(out, "転居: 3 visits"));
	assert_non_null(strstr(out, "jumin_ido"));
	/* all: 10..100, median 55, nearest-rank p90 = 90 */
	assert_non_null(strstr(out, "(all clerks)        10 printed  median"
	    "   55.0 min  90%   90.0 min"));
	/* ito: 10 30 50 70 90: median 50, p90 90 */
	assert_non_null(strstr(out, "ito                  5 printed  median"
	    "   50.0 min  90%   90.0 min"));
	free(out);
	o.since = "2026-11-21";
	assert_int_equal(report_text(s, &o, &out, &cause), 0);
	assert_non_null(strstr(out, "(no visit printed)"));
	free(out);
	store_close(s);
}

/* 8. CSV export: CP932 escapes with row and column; My Number only when
 * asked, and then audited. */
static void
test_export(void **state)
{
	struct export_opts o = { NULL, NULL, 0, 0 };
	struct store *s;
	struct visit *v;
	char *cause = NULL, *out, *warn;
	size_t len, rows;
	long id;

	(void)state;
	s = fresh("export");
	id = store_visit_create(s, &cause);
	v = sample_visit();
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	visit_free(v);

	assert_int_equal(export_csv(s, dict, &o, &out, &len, &warn, &rows,
	    &cause), 0);
	assert_int_equal(rows, 1);
	assert_null(warn);
	assert_non_null(strstr(out, YOSHI "田 " KATSU_IVS "子"));
	assert_null(strstr(out, "123456789018"));
	assert_null(strstr(out, "mynumber"));
	assert_non_null(strstr(out, "\"a,b \"\"quoted\"\"\nline 2\""));
	assert_int_equal(export_csv_done(s, &o, rows, NULL, &cause), 0);
	free(out);

	o.cp932 = 1;
	o.with_mynumber = 1;
	assert_int_equal(export_csv(s, dict, &o, &out, &len, &warn, &rows,
	    &cause), 0);
	assert_non_null(warn);
	assert_non_null(strstr(warn, "row 2, column"));
	assert_non_null(strstr(warn, "(person.1.name): " YOSHI " U+20BB7"));
	assert_non_null(strstr(warn, "U+E0100"));
	/* 𠮷 escaped; 田 in CP932 is 0x93 0x63 */
	assert_non_null(strstr(out, "&#x20BB7;\x93\x63"));
	assert_non_null(strstr(out, "&#xE0100;"));
	assert_non_null(strstr(out, "123456789018"));
	assert_int_equal(export_csv_done(s, &o, rows, NULL, &cause), 0);
	assert_int_equal(audit_count(s, id, "mynumber"), 1);
	assert_int_equal(audit_count(s, 0, "export"), 2);
	free(out);
	free(warn);

	/* an export whose file could not be written records only that */
	assert_int_equal(export_csv(s, dict, &o, &out, &len, &warn, &rows,
	    &cause), 0);
	assert_int_equal(export_csv_done(s, &o, rows, "/ro/x.csv: "
	    "Read-only file system", &cause), 0);
	assert_int_equal(audit_count(s, id, "mynumber"), 1);
	assert_int_equal(audit_count(s, 0, "export"), 2);
	assert_int_equal(audit_count(s, 0, "export-failed"), 1);
	free(out);
	free(warn);
	store_close(s);
}

/* 9. Purge: PDFs under pdf/ and My Numbers of old visits go. */
static void
test_purge(void **state)
{
	const char *ids[] = { "jumin_ido" };
	int ver[] = { 1 };
	struct store *s;
	struct visit *v;
	char *cause = NULL, *pdfdir, *file, *sql;
	size_t files, nums;
	long id;

	(void)state;
	s = fresh("purge");
	id = store_visit_create(s, &cause);
	v = sample_visit();
	assert_int_equal(store_visit_save(s, id, v, dict, NULL, 0, &cause), 0);
	visit_free(v);
	pdfdir = store_pdf_dir(s, &cause);
	assert_non_null(pdfdir);
	file = xasprintf("%s/old.pdf", pdfdir);
	assert_int_equal(file_write_atomic(file, "x", 1, 0600, &cause), 0);
	assert_true(store_document_add(s, id, file, "0", ids, ver, 1,
	    &cause) > 0);
	/* within retention: nothing */
	assert_int_equal(store_purge(s, 30, &files, &nums, &cause), 0);
	assert_int_equal(files + nums, 0);
	assert_true(file_exists(file));
	sql = xasprintf("UPDATE visits SET started = started - 40 * 86400");
	assert_int_equal(sqlite3_exec(s->db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	free(sql);
	assert_int_equal(store_purge(s, 30, &files, &nums, &cause), 0);
	assert_int_equal(files, 1);
	assert_int_equal(nums, 2);
	assert_false(file_exists(file));
	assert_int_equal(count(s, "SELECT count(*) FROM mynumbers"), 0);
	assert_int_equal(audit_count(s, 0, "purge"), 2);
	free(file);
	free(pdfdir);
	store_close(s);
}

/* 10. SHA-256: FIPS 180-4 examples. */
static void
test_sha256(void **state)
{
	static const struct {
		const char *in;
		const char *hex;
	} cases[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
		    "7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410f"
		    "f61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd41"
		    "9db06c1" },
	};
	char out[65], *big;
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		sha256_hex(cases[i].in, strlen(cases[i].in), out);
		assert_string_equal(out, cases[i].hex);
	}
	big = xmalloc(1000000);
	memset(big, 'a', 1000000);
	sha256_hex(big, 1000000, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a4"
	    "97200e046d39ccc7112cd0");
	free(big);
}

/* 11. Where the database goes. */
static void
test_default_path(void **state)
{
	char *p;

	(void)state;
	unsetenv("KAKANAI_DB");
	setenv("XDG_DATA_HOME", "/srv/xdg", 1);
	p = store_default_path(NULL, NULL);
	assert_string_equal(p, "/srv/xdg/kakanai/kakanai.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/clerk", 1);
	p = store_default_path(NULL, NULL);
	assert_string_equal(p, "/home/clerk/.local/share/kakanai/kakanai.db");
	free(p);
	setenv("KAKANAI_DB", "/env.db", 1);
	p = store_default_path(NULL, NULL);
	assert_string_equal(p, "/env.db");
	free(p);
	p = store_default_path("/flag.db", NULL);
	assert_string_equal(p, "/flag.db");
	free(p);
	unsetenv("KAKANAI_DB");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_empty),
		cmocka_unit_test(test_migrate_v1),
		cmocka_unit_test(test_visit_roundtrip),
		cmocka_unit_test(test_status_audit),
		cmocka_unit_test(test_list_search),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_purge),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_default_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
