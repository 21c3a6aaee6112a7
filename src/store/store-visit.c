/*
 * store-visit.c - visits and the documents made from them.
 *
 * A visit is a row of visits (status, times, the clerk, the resume
 * position, and copies of event, dates and the first person's name, kana
 * and birth date for lists) plus its items in visit_items as (key, stored
 * value). Secret items (My Numbers) are in mynumbers instead, so that no
 * query, export or list that reads visit_items can leak one by accident.
 * Saving replaces all items of the visit in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store-int.h"

static const char *const status_names[] = { "draft", "printed",
    "cancelled" };

const char *
store_status_name(enum store_status st)
{
	if ((size_t)st < nitems(status_names))
		return status_names[st];
	return "?";
}

static enum store_status
status_from_name(const char *s)
{
	size_t i;

	for (i = 0; i < nitems(status_names); i++)
		if (strcmp(s, status_names[i]) == 0)
			return (enum store_status)i;
	return STORE_DRAFT;
}

void
store_visit_info_clear(struct store_visit_info *vi)
{
	free(vi->event);
	free(vi->filed_date);
	free(vi->move_date);
	free(vi->name);
	free(vi->kana);
	free(vi->birth);
	free(vi->clerk);
	free(vi->screen);
	memset(vi, 0, sizeof *vi);
}

/* The INSERT of a new visit, inside the caller's transaction. */
static long
visit_create_tx(struct store *s, char **cause)
{
	sqlite3_stmt *st;
	long id;
	int64_t now = clock_now();

	st = store_prepare(s, "INSERT INTO visits (status, clerk, started,"
	    " updated) VALUES ('draft', ?, ?, ?)", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, s->clerk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, now);
	if (store_step(s, st) != SQLITE_DONE) {
		*cause = store_error(s, "creating a visit");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	id = (long)sqlite3_last_insert_rowid(s->db);
	if (store_audit(s, id, "create", NULL, cause) != 0)
		return -1;
	return id;
}

long
store_visit_create(struct store *s, char **cause)
{
	long id;

	if (store_begin(s, cause) != 0)
		return -1;
	if ((id = visit_create_tx(s, cause)) < 0 ||
	    store_commit(s, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return id;
}

/* Is key a My Number (kept apart)? By the dictionary when given; without
 * one, by the field name, which is what the dictionary calls them. */
static int
is_secret(const struct dict *d, const char *key)
{
	const struct dict_item *it;
	const char *dot;

	if (d != NULL && (it = dict_find(d, key, NULL)) != NULL)
		return it->secret;
	dot = strrchr(key, '.');
	return strcmp(dot != NULL ? dot + 1 : key, "mynumber") == 0;
}

static int
is_derived(const struct dict *d, const char *key)
{
	const struct dict_item *it;

	return d != NULL && (it = dict_find(d, key, NULL)) != NULL &&
	    it->derived;
}

static const char *
get(const struct visit *v, const char *key)
{
	const char *val = visit_get(v, key);

	return val != NULL ? val : "";
}

static int
exec_id(struct store *s, const char *sql, long id, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_prepare(s, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "writing");
		return -1;
	}
	return 0;
}

static int
visit_exists(struct store *s, long id, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	st = store_prepare(s, "SELECT 1 FROM visits WHERE id = ?", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		*cause = xasprintf("no visit number %ld", id);
	else
		*cause = store_error(s, "reading visits");
	return -1;
}

/* Replace the items, inside the caller's transaction. */
static int
visit_save_tx(struct store *s, long id, const struct visit *v,
    const struct dict *d, const char *screen, int field, int skip_unsealable,
    char **cause)
{
	sqlite3_stmt *item = NULL, *secret = NULL, *st = NULL;
	sqlite3_stmt *ins;
	size_t i;

	if (visit_exists(s, id, cause) != 0)
		goto fail;
	/* Without the key the visit was loaded without its My Numbers:
	 * the sealed ones stay as they are, and a new one cannot be
	 * sealed (store_seal says why). */
	if (exec_id(s, "DELETE FROM visit_items WHERE visit_id = ?", id,
	    cause) != 0 || (store_key_problem(s) == NULL &&
	    exec_id(s, "DELETE FROM mynumbers WHERE visit_id = ?", id,
	    cause) != 0))
		goto fail;
	item = store_prepare(s, "INSERT OR REPLACE INTO visit_items"
	    " (visit_id, key, value) VALUES (?, ?, ?)", cause);
	secret = store_prepare(s, "INSERT OR REPLACE INTO mynumbers"
	    " (visit_id, key, sealed) VALUES (?, ?, ?)", cause);
	if (item == NULL || secret == NULL)
		goto fail;
	for (i = 0; i < v->n; i++) {
		if (v->entries[i].value == NULL ||
		    *v->entries[i].value == '\0' ||
		    is_derived(d, v->entries[i].key))
			continue;
		ins = is_secret(d, v->entries[i].key) ? secret : item;
		/* the screen keeps what else was typed without the key; the
		 * clerk is told the My Number was not stored */
		if (ins == secret && skip_unsealable &&
		    store_key_problem(s) != NULL)
			continue;
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, v->entries[i].key, -1,
		    SQLITE_STATIC);
		if (ins == secret) {
			unsigned char *box;
			size_t len;

			if (store_seal(s, id, v->entries[i].key,
			    v->entries[i].value, &box, &len, cause) != 0)
				goto fail;
			sqlite3_bind_blob(ins, 3, box, (int)len, free);
		} else
			sqlite3_bind_text(ins, 3, v->entries[i].value, -1,
			    SQLITE_STATIC);
		if (store_step(s, ins) != SQLITE_DONE) {
			*cause = store_error(s, "saving a visit");
			goto fail;
		}
	}
	st = store_prepare(s, "UPDATE visits SET event = ?, filed_date = ?,"
	    " move_date = ?, name = ?, kana = ?, birth = ?, updated = ?,"
	    " screen = ?, field = ? WHERE id = ?", cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, get(v, "event"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, get(v, "filed_date"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, get(v, "move_date"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, get(v, "person.1.name"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, get(v, "person.1.kana"), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, get(v, "person.1.birth"), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, clock_now());
	sqlite3_bind_text(st, 8, screen != NULL ? screen : "", -1,
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 9, field);
	sqlite3_bind_int64(st, 10, id);
	if (store_step(s, st) != SQLITE_DONE) {
		*cause = store_error(s, "saving a visit");
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(item);
	sqlite3_finalize(secret);
	st = item = secret = NULL;
	return store_audit(s, id, "edit", NULL, cause);

fail:
	sqlite3_finalize(st);
	sqlite3_finalize(item);
	sqlite3_finalize(secret);
	return -1;
}

int
store_visit_save(struct store *s, long id, const struct visit *v,
    const struct dict *d, const char *screen, int field, char **cause)
{
	if (store_begin(s, cause) != 0)
		return -1;
	if (visit_save_tx(s, id, v, d, screen, field, 1, cause) != 0 ||
	    store_commit(s, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

long
store_visit_add(struct store *s, const struct visit *v,
    const struct dict *d, char **cause)
{
	long id;

	if (store_begin(s, cause) != 0)
		return -1;
	if ((id = visit_create_tx(s, cause)) < 0 ||
	    visit_save_tx(s, id, v, d, NULL, 0, 0, cause) != 0 ||
	    store_commit(s, cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return id;
}

#define INFO_COLUMNS "id, status, event, filed_date, move_date, name, kana," \
	" birth, clerk, started, printed, updated, screen, field"

static void
info_read(sqlite3_stmt *st, struct store_visit_info *vi)
{
	char *status;

	vi->id = (long)sqlite3_column_int64(st, 0);
	status = store_col(st, 1);
	vi->status = status_from_name(status);
	free(status);
	vi->event = store_col(st, 2);
	vi->filed_date = store_col(st, 3);
	vi->move_date = store_col(st, 4);
	vi->name = store_col(st, 5);
	vi->kana = store_col(st, 6);
	vi->birth = store_col(st, 7);
	vi->clerk = store_col(st, 8);
	vi->started = sqlite3_column_int64(st, 9);
	vi->printed = sqlite3_column_int64(st, 10);
	vi->updated = sqlite3_column_int64(st, 11);
	vi->screen = store_col(st, 12);
	vi->field = sqlite3_column_int(st, 13);
}

/* The visit's sealed My Numbers, opened into v. Without the key nothing
 * is loaded and *locked counts them; a value that fails its check stops
 * the load. */
static int
load_secrets(struct store *s, long id, struct visit *v, size_t *count,
    int *locked, char **cause)
{
	sqlite3_stmt *st;
	const char *item;
	char *m;
	int rc;

	st = store_prepare(s, "SELECT key, sealed FROM mynumbers"
	    " WHERE visit_id = ? ORDER BY key", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (store_key_problem(s) != NULL) {
			(*locked)++;
			continue;
		}
		item = (const char *)sqlite3_column_text(st, 0);
		m = store_unseal(s, id, item, sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), cause);
		if (m == NULL) {
			sqlite3_finalize(st);
			return -1;
		}
		visit_set_stored(v, item, m);
		store_secret_free(m);
		(*count)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "loading a visit");
		return -1;
	}
	return 0;
}

static int
load_items(struct store *s, const char *sql, long id, struct visit *v,
    size_t *count, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_prepare(s, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		visit_set_stored(v, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
		(*count)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "loading a visit");
		return -1;
	}
	return 0;
}

struct visit *
store_visit_load(struct store *s, long id, const char *mynumber_purpose,
    struct store_visit_info *info, char **cause)
{
	struct store_visit_info vi = { 0 };
	struct visit *v;
	sqlite3_stmt *st;
	size_t n = 0, nsecret = 0;
	char *detail;
	int rc;

	st = store_prepare(s, "SELECT " INFO_COLUMNS " FROM visits"
	    " WHERE id = ?", cause);
	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		info_read(st, &vi);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		*cause = xasprintf("no visit number %ld", id);
		return NULL;
	}
	if (rc != SQLITE_ROW) {
		*cause = store_error(s, "loading a visit");
		return NULL;
	}
	v = visit_new();
	if (load_items(s, "SELECT key, value FROM visit_items"
	    " WHERE visit_id = ? ORDER BY key", id, v, &n, cause) != 0)
		goto fail;
	if (mynumber_purpose != NULL) {
		if (load_secrets(s, id, v, &nsecret, &vi.mynumber_locked,
		    cause) != 0)
			goto fail;
		/* only the screen goes on without them (and says so);
		 * a print, export or regeneration would leave them out */
		if (vi.mynumber_locked > 0 &&
		    strcmp(mynumber_purpose, "edit") != 0) {
			*cause = xasprintf("visit %ld: its My Numbers cannot "
			    "be read: %s", id, store_key_problem(s));
			goto fail;
		}
		if (nsecret > 0) {
			detail = xasprintf("read %zu for %s", nsecret,
			    mynumber_purpose);
			rc = store_audit(s, id, "mynumber", detail, cause);
			free(detail);
			if (rc != 0)
				goto fail;
		}
	}
	if (info != NULL)
		*info = vi;
	else
		store_visit_info_clear(&vi);
	return v;

fail:
	store_visit_info_clear(&vi);
	visit_free(v);
	return NULL;
}

int
store_visit_set_status(struct store *s, long id, enum store_status status,
    char **cause)
{
	sqlite3_stmt *st;
	int64_t printed = 0, now = clock_now();
	const char *what;
	int rc;

	if (store_begin(s, cause) != 0)
		return -1;
	st = store_prepare(s, "SELECT printed FROM visits WHERE id = ?",
	    cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		printed = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		*cause = rc == SQLITE_DONE ?
		    xasprintf("no visit number %ld", id) :
		    store_error(s, "reading visits");
		goto fail;
	}
	st = store_prepare(s, "UPDATE visits SET status = ?, updated = ?,"
	    " printed = ? WHERE id = ?", cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, store_status_name(status), -1,
	    SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, status == STORE_PRINTED && printed == 0 ?
	    now : printed);
	sqlite3_bind_int64(st, 4, id);
	rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "updating a visit");
		goto fail;
	}
	if (status == STORE_PRINTED)
		what = printed == 0 ? "print" : "reprint";
	else if (status == STORE_CANCELLED)
		what = "cancel";
	else
		what = "reopen";
	if (store_audit(s, id, what, NULL, cause) != 0)
		goto fail;
	return store_commit(s, cause);

fail:
	store_rollback(s);
	return -1;
}

/* Local midnight of a date, as epoch seconds. */
static int64_t
local_midnight(struct date d)
{
	struct tm tm = { 0 };

	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static int
all_digits(const char *q)
{
	if (*q == '\0')
		return 0;
	for (; *q != '\0'; q++)
		if (*q < '0' || *q > '9')
			return 0;
	return 1;
}

int
store_visit_list(struct store *s, enum store_list_kind kind,
    const char *query, struct store_visit_list *out, char **cause)
{
	sqlite3_stmt *st;
	struct date today, birth;
	char *kana = NULL, *why = NULL, *digits = NULL;
	const char *sql;
	size_t cap = 0;
	int rc, isdate = 0;
	int64_t t0;

	out->v = NULL;
	out->n = 0;
	switch (kind) {
	case STORE_LIST_TODAY:
		sql = "SELECT " INFO_COLUMNS " FROM visits WHERE started >= ?1"
		    " AND started < ?2 ORDER BY id DESC";
		break;
	case STORE_LIST_DRAFTS:
		sql = "SELECT " INFO_COLUMNS " FROM visits WHERE"
		    " status = 'draft' ORDER BY updated DESC, id DESC";
		break;
	case STORE_LIST_SEARCH:
		sql = "SELECT " INFO_COLUMNS " FROM visits WHERE id = ?1"
		    " OR (?2 <> '' AND birth = ?2)"
		    " OR (?3 <> '' AND instr(kana, ?3) > 0)"
		    " OR (?4 <> '' AND instr(name, ?4) > 0)"
		    " ORDER BY id DESC LIMIT 500";
		break;
	default:
		sql = "SELECT " INFO_COLUMNS " FROM visits ORDER BY id";
		break;
	}
	if ((st = store_prepare(s, sql, cause)) == NULL)
		return -1;
	if (kind == STORE_LIST_TODAY) {
		today = clock_today();
		t0 = local_midnight(today);
		sqlite3_bind_int64(st, 1, t0);
		sqlite3_bind_int64(st, 2, local_midnight(date_add_days(today,
		    1)));
	} else if (kind == STORE_LIST_SEARCH) {
		if (query == NULL)
			query = "";
		digits = kana_to_halfwidth_digits(query);
		sqlite3_bind_int64(st, 1, all_digits(digits) &&
		    strlen(digits) <= 9 ? atol(digits) : -1);
		if (date_parse_input(query, &birth, &why) == 0)
			isdate = 1;
		free(why);
		why = NULL;
		if (isdate) {
			char buf[16];

			date_format_iso(birth, buf);
			sqlite3_bind_text(st, 2, buf, -1, SQLITE_TRANSIENT);
		} else
			sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
		if (!isdate && !all_digits(digits) &&
		    kana_to_katakana(query, &kana, &why) != 0) {
			free(why);
			kana = NULL;
		}
		sqlite3_bind_text(st, 3, kana != NULL ? kana : "", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 4, isdate || all_digits(digits) ?
		    "" : query, -1, SQLITE_STATIC);
	}
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			out->v = xreallocarray(out->v, cap, sizeof *out->v);
		}
		memset(&out->v[out->n], 0, sizeof out->v[0]);
		info_read(st, &out->v[out->n++]);
	}
	sqlite3_finalize(st);
	free(kana);
	free(digits);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "listing visits");
		store_visit_list_free(out);
		return -1;
	}
	return 0;
}

void
store_visit_list_free(struct store_visit_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		store_visit_info_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

long
store_document_add(struct store *s, long visit_id, const char *file,
    const char *sha256_hex, const char *const *form_ids, const int *versions,
    size_t nforms, char **cause)
{
	sqlite3_stmt *st;
	long id;
	size_t i;

	if (store_begin(s, cause) != 0)
		return -1;
	st = store_prepare(s, "INSERT INTO documents (visit_id, file, sha256,"
	    " made, clerk) VALUES (?, ?, ?, ?, ?)", cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, visit_id);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha256_hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, clock_now());
	sqlite3_bind_text(st, 5, s->clerk, -1, SQLITE_STATIC);
	if (store_step(s, st) != SQLITE_DONE) {
		*cause = store_error(s, "recording a document");
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	id = (long)sqlite3_last_insert_rowid(s->db);
	st = store_prepare(s, "INSERT INTO document_forms (document_id, seq,"
	    " form_id, version) VALUES (?, ?, ?, ?)", cause);
	if (st == NULL)
		goto fail;
	for (i = 0; i < nforms; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, form_ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, versions[i]);
		if (store_step(s, st) != SQLITE_DONE) {
			*cause = store_error(s, "recording a document");
			sqlite3_finalize(st);
			goto fail;
		}
	}
	sqlite3_finalize(st);
	if (store_commit(s, cause) != 0)
		return -1;
	return id;

fail:
	store_rollback(s);
	return -1;
}

long
store_document_find(struct store *s, long visit_id, const char *file,
    const char *sha256_hex, char **cause)
{
	sqlite3_stmt *st;
	long id = 0;
	int rc;

	st = store_prepare(s, "SELECT id FROM documents WHERE visit_id = ?"
	    " AND file = ? AND sha256 = ? ORDER BY id DESC LIMIT 1", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, visit_id);
	sqlite3_bind_text(st, 2, file, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, sha256_hex, -1, SQLITE_STATIC);
	rc = store_step(s, st);
	if (rc == SQLITE_ROW)
		id = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		*cause = store_error(s, "reading documents");
		return -1;
	}
	return id;
}

int
store_document_list(struct store *s, long visit_id,
    struct store_document **out, size_t *n, char **cause)
{
	sqlite3_stmt *st, *fst;
	struct store_document *docs = NULL, *d;
	size_t cap = 0, count = 0;
	const unsigned char *sha;
	int rc;

	*out = NULL;
	*n = 0;
	st = store_prepare(s, "SELECT id, visit_id, file, sha256, made, clerk"
	    " FROM documents WHERE ?1 = 0 OR visit_id = ?1 ORDER BY id",
	    cause);
	if (st == NULL)
		return -1;
	fst = store_prepare(s, "SELECT form_id, version FROM document_forms"
	    " WHERE document_id = ? ORDER BY seq", cause);
	if (fst == NULL) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_int64(st, 1, visit_id);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			docs = xreallocarray(docs, cap, sizeof *docs);
		}
		d = &docs[count++];
		memset(d, 0, sizeof *d);
		d->id = (long)sqlite3_column_int64(st, 0);
		d->visit_id = (long)sqlite3_column_int64(st, 1);
		d->file = store_col(st, 2);
		sha = sqlite3_column_text(st, 3);
		snprintf(d->sha256, sizeof d->sha256, "%s",
		    sha != NULL ? (const char *)sha : "");
		d->made = sqlite3_column_int64(st, 4);
		d->clerk = store_col(st, 5);
		sqlite3_reset(fst);
		sqlite3_bind_int64(fst, 1, d->id);
		while ((rc = store_step(s, fst)) == SQLITE_ROW) {
			d->form_ids = xreallocarray(d->form_ids, d->nforms + 1,
			    sizeof *d->form_ids);
			d->versions = xreallocarray(d->versions, d->nforms + 1,
			    sizeof *d->versions);
			d->form_ids[d->nforms] = store_col(fst, 0);
			d->versions[d->nforms++] = sqlite3_column_int(fst, 1);
		}
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(fst);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "listing documents");
		store_document_free(docs, count);
		return -1;
	}
	*out = docs;
	*n = count;
	return 0;
}

void
store_document_free(struct store_document *docs, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		free(docs[i].file);
		free(docs[i].clerk);
		for (j = 0; j < docs[i].nforms; j++)
			free(docs[i].form_ids[j]);
		free(docs[i].form_ids);
		free(docs[i].versions);
	}
	free(docs);
}

/*
 * The ids of the visits whose 届出日 (or, before one is entered, the day
 * the visit began) lies in [since, until] (either may be NULL), oldest
 * first; only visit_id when it is not 0; cancelled visits left out when
 * skip_cancelled. Export and regeneration choose their visits this way.
 */
int
store_visit_ids(struct store *s, const char *since, const char *until,
    long visit_id, int skip_cancelled, long **ids, size_t *n, char **cause)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	st = store_prepare(s, "SELECT id FROM visits WHERE"
	    " (?4 = 0 OR status <> 'cancelled') AND (?3 = 0 OR id = ?3) AND"
	    " (?1 IS NULL OR coalesce(nullif(filed_date, ''),"
	    "  date(started, 'unixepoch', 'localtime')) >= ?1) AND"
	    " (?2 IS NULL OR coalesce(nullif(filed_date, ''),"
	    "  date(started, 'unixepoch', 'localtime')) <= ?2)"
	    " ORDER BY id", cause);
	if (st == NULL)
		return -1;
	if (since != NULL)
		sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	if (until != NULL)
		sqlite3_bind_text(st, 2, until, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, visit_id);
	sqlite3_bind_int(st, 4, skip_cancelled);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*n)++] = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "listing visits");
		free(*ids);
		*ids = NULL;
		return -1;
	}
	return 0;
}
