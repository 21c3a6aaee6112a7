/*
 * store-purge.c - the retention rule: stored PDFs and My Numbers of
 * visits begun more than N days ago are deleted.
 *
 * Only files under the store's own pdf/ folder are deleted (a PDF written
 * with --out elsewhere belongs to whoever asked for it); their document
 * rows stay, with the file name emptied, so reports and --verify history
 * keep working. My Numbers are deleted outright. The database changes are
 * one transaction with an audit entry; the files are unlinked after it
 * commits, so a failed purge never leaves rows naming deleted files.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store-int.h"

static int
under(const char *file, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(file, dir, n) == 0 && file[n] == '/' &&
	    strstr(file + n, "/../") == NULL;
}

int
store_purge(struct store *s, int days, size_t *files, size_t *mynumbers,
    char **cause)
{
	sqlite3_stmt *st = NULL, *up = NULL;
	char **paths = NULL, *dir, *detail, *slash;
	struct strbuf left = { 0 };
	size_t n = 0, i, nleft = 0;
	int64_t cutoff = clock_now() - (int64_t)days * 86400;
	int rc;

	*files = 0;
	*mynumbers = 0;
	if ((dir = store_pdf_dir(s, cause)) == NULL)
		return -1;
	if (store_begin(s, cause) != 0) {
		free(dir);
		return -1;
	}
	st = store_prepare(s, "SELECT d.id, d.file FROM documents d JOIN"
	    " visits v ON v.id = d.visit_id WHERE v.started < ? AND"
	    " d.file <> ''", cause);
	up = store_prepare(s, "UPDATE documents SET file = '' WHERE id = ?",
	    cause);
	if (st == NULL || up == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, cutoff);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		char *file = store_col(st, 1);

		if (!under(file, dir)) {
			free(file);
			continue;
		}
		paths = xreallocarray(paths, n + 1, sizeof *paths);
		paths[n++] = file;
		sqlite3_reset(up);
		sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
		if (store_step(s, up) != SQLITE_DONE) {
			*cause = store_error(s, "purging");
			goto fail;
		}
	}
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "purging");
		goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	up = NULL;
	st = store_prepare(s, "DELETE FROM mynumbers WHERE visit_id IN"
	    " (SELECT id FROM visits WHERE started < ?)", cause);
	if (st == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, cutoff);
	if (store_step(s, st) != SQLITE_DONE) {
		*cause = store_error(s, "purging");
		goto fail;
	}
	*mynumbers = (size_t)sqlite3_changes(s->db);
	sqlite3_finalize(st);
	st = NULL;
	detail = xasprintf("older than %d days: %zu PDFs, %zu My Numbers",
	    days, n, *mynumbers);
	rc = store_audit(s, 0, "purge", detail, cause);
	free(detail);
	if (rc != 0 || store_commit(s, cause) != 0)
		goto fail;
	/* The records are already cleared, so a file that cannot be deleted
	 * would stay on disk with nothing pointing at it: name each one, so
	 * the operator can remove it by hand. */
	for (i = 0; i < n; i++) {
		if (unlink(paths[i]) == 0 || errno == ENOENT)
			(*files)++;
		else {
			sb_addf(&left, "\n  %s: %s", paths[i],
			    strerror(errno));
			nleft++;
		}
		if ((slash = strrchr(paths[i], '/')) != NULL) {
			*slash = '\0';
			rmdir(paths[i]);	/* only if now empty */
		}
		free(paths[i]);
	}
	free(paths);
	free(dir);
	if (nleft > 0) {
		*cause = xasprintf("%zu stored PDF%s could not be deleted "
		    "(their records are cleared; delete them by hand):%s",
		    nleft, nleft == 1 ? "" : "s", left.s);
		sb_free(&left);
		return 1;
	}
	return 0;

fail:
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	store_rollback(s);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(dir);
	*files = *mynumbers = 0;
	return -1;
}
