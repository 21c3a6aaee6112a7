/*
 * store-audit.c - the audit log: who (the store's clerk) did what to which
 * visit, and when.
 *
 * One row per action, never updated or deleted (a purge is itself logged).
 * `what` is a short English verb (create, edit, print, reprint,
 * regenerate, export, mynumber, cancel, import, purge); `detail` is free
 * text for people and must never carry a My Number or other item values:
 * callers pass counts, purposes, file names and form ids only.
 * store_audit writes one INSERT; inside a caller's transaction it is part
 * of it, outside it commits by itself.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

int
store_audit(struct store *s, long visit_id, const char *what,
    const char *detail, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if (s->readonly) {
		*cause = xasprintf("%s: the database is read-only, so this "
		    "(%s) cannot be recorded in its audit log; not done",
		    s->path, what);
		return -1;
	}
	st = store_prepare(s, "INSERT INTO audit (at, clerk, what, visit_id,"
	    " detail) VALUES (?, ?, ?, ?, ?)", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, clock_now());
	sqlite3_bind_text(st, 2, s->clerk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, what, -1, SQLITE_STATIC);
	if (visit_id > 0)
		sqlite3_bind_int64(st, 4, visit_id);
	else
		sqlite3_bind_null(st, 4);
	if (detail != NULL)
		sqlite3_bind_text(st, 5, detail, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "writing the audit log");
		return -1;
	}
	return 0;
}

int
store_audit_list(struct store *s, long visit_id,
    struct store_audit_entry **out, size_t *n, char **cause)
{
	struct store_audit_entry *e = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, count = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = store_prepare(s, "SELECT id, at, clerk, what, visit_id, detail"
	    " FROM audit WHERE ?1 = 0 OR visit_id = ?1 ORDER BY id", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, visit_id);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			e = xreallocarray(e, cap, sizeof *e);
		}
		e[count].id = (long)sqlite3_column_int64(st, 0);
		e[count].when = sqlite3_column_int64(st, 1);
		e[count].clerk = store_col(st, 2);
		e[count].what = store_col(st, 3);
		e[count].visit_id = (long)sqlite3_column_int64(st, 4);
		e[count].detail = store_col(st, 5);
		count++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "reading the audit log");
		store_audit_free(e, count);
		return -1;
	}
	*out = e;
	*n = count;
	return 0;
}

void
store_audit_free(struct store_audit_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].clerk);
		free(e[i].what);
		free(e[i].detail);
	}
	free(e);
}
