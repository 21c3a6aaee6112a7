/*
 * store-backup.c - copies of the database taken while clerks work, their
 * check, and putting one back.
 *
 * A backup is made with SQLite's online backup API in one step: it reads
 * one consistent snapshot (in WAL mode writers go on meanwhile) into a
 * private temporary file beside the target, which is synced and renamed
 * into place, so a backup file is either complete or absent. My Numbers
 * stay sealed in it; the key file is not copied (keep it apart).
 *
 * A counter screen holds a shared lock on "<database>.screens" for as long
 * as it runs; a restore takes it exclusively, so it is refused while any
 * clerk has the screen open. The lock goes with the process: a screen
 * that is killed holds nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store-int.h"

static void
fsync_parent(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash != NULL)
		*slash = '\0';
	fd = open(slash != NULL ? (*dir != '\0' ? dir : "/") : ".",
	    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static int
backup_copy(sqlite3 *from, sqlite3 *to, const char *what, char **cause)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	double start = clock_ms();
	int rc;

	if (b == NULL) {
		*cause = xasprintf("%s: %s", what, sqlite3_errmsg(to));
		return -1;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    clock_ms() - start > STORE_WAIT_MS)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		*cause = xasprintf("%s: %s", what, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

int
store_backup(struct store *s, const char *dest, char **cause)
{
	char *tmp, *dir;
	struct stat a, b;
	sqlite3 *db = NULL;
	int fd;

	if (stat(dest, &a) == 0 && stat(s->path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		*cause = xasprintf("%s: that is the database itself; a backup "
		    "goes to another file", dest);
		return -1;
	}
	tmp = xasprintf("%s.tmp-XXXXXX", dest);

	/* what an interrupted backup left there goes first */
	dir = xstrdup(dest);
	if (strrchr(dir, '/') != NULL) {
		*strrchr(dir, '/') = '\0';
		file_sweep_tmp(*dir != '\0' ? dir : "/");
	} else
		file_sweep_tmp(".");
	free(dir);
	if ((fd = mkstemp(tmp)) == -1) {
		*cause = xasprintf("%s: %s", dest, strerror(errno));
		free(tmp);
		return -1;
	}
	fchmod(fd, 0600);
	close(fd);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("%s: cannot write", dest);
		goto fail;
	}
	if (backup_copy(s->db, db, dest, cause) != 0)
		goto fail;
	/* one self-contained file: no -wal beside it */
	sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(db);
	db = NULL;
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) != -1) {
		fsync(fd);
		close(fd);
	}
	if (rename(tmp, dest) == -1) {
		*cause = xasprintf("%s: %s", dest, strerror(errno));
		goto fail;
	}
	free(tmp);
	fsync_parent(dest);
	/* the copy is made; a busy audit log does not undo it */
	if (store_audit(s, 0, "backup", dest, cause) != 0) {
		free(*cause);
		*cause = NULL;
	}
	return 0;

fail:
	if (db != NULL)
		sqlite3_close(db);
	unlink(tmp);
	free(tmp);
	return -1;
}

static long
count_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

int
store_backup_verify(const char *path, char **report, char **cause)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char *ok = NULL;
	long version, visits, docs, mns;

	if (faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("%s: cannot open", path);
		sqlite3_close(db);
		return -1;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			ok = store_col(st, 0);
		sqlite3_finalize(st);
	}
	if (ok == NULL || strcmp(ok, "ok") != 0) {
		*cause = xasprintf("%s: not a sound database: %s", path,
		    ok != NULL ? ok : sqlite3_errmsg(db));
		free(ok);
		sqlite3_close(db);
		return -1;
	}
	free(ok);
	version = count_rows(db, "PRAGMA user_version");
	visits = count_rows(db, "SELECT count(*) FROM visits");
	docs = count_rows(db, "SELECT count(*) FROM documents");
	mns = count_rows(db, "SELECT count(*) FROM mynumbers");
	sqlite3_close(db);
	if (version < 1 || version > STORE_SCHEMA_VERSION || visits < 0) {
		*cause = xasprintf("%s: not a kakanai database this version "
		    "can restore (schema %ld)", path, version);
		return -1;
	}
	*report = xasprintf("%s: integrity ok, schema %ld, %ld visits, "
	    "%ld documents, %ld My Numbers (sealed)", path, version, visits,
	    docs, mns);
	return 0;
}

char *
store_screens_path(const char *db_path)
{
	return xasprintf("%s.screens", db_path);
}

/* The lock file gets the database file's permissions, so that every
 * clerk who may open the database (on the town server: its group) may
 * also hold the lock; a shared lock needs only reading. */
static mode_t
screens_mode(const struct store *s)
{
	struct stat st;

	return stat(s->path, &st) == 0 ? (st.st_mode & 0660) | 0600 : 0600;
}

int
store_screen_hold(const struct store *s)
{
	char *path = store_screens_path(s->path);
	struct flock fl = { 0 };
	int fd;

	fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    screens_mode(s));
	free(path);
	if (fd == -1)
		return -1;
	fl.l_type = F_RDLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == -1) {
		close(fd);
		return -1;
	}
	return fd;	/* held until the process ends */
}

/* Was the backup sealed with a key other than the one loaded? (Unknown
 * when no key is loaded: the right one may be put in place later.) */
static int
backup_key_differs(const struct store *s, sqlite3 *src)
{
	sqlite3_stmt *st;
	char id[33];
	int differs = 0;

	if (s->key == NULL)
		return 0;
	store_key_id(s->key, id);
	if (sqlite3_prepare_v2(src, "SELECT value FROM meta WHERE"
	    " name = 'key_id'", -1, &st, NULL) != SQLITE_OK)
		return 0;	/* before schema 4: no key yet */
	if (sqlite3_step(st) == SQLITE_ROW)
		differs = strcmp((const char *)sqlite3_column_text(st, 0),
		    id) != 0;
	sqlite3_finalize(st);
	return differs;
}

int
store_restore(struct store *s, const char *from, char **cause)
{
	char *path = store_screens_path(s->path), *report = NULL;
	struct flock fl = { 0 };
	sqlite3 *src = NULL;
	int fd, rc = -1;

	if (store_backup_verify(from, &report, cause) != 0) {
		free(path);
		return -1;
	}
	free(report);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    screens_mode(s));
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == -1) {
		*cause = xasprintf("%s: a clerk has the counter screen open; "
		    "nothing was restored (close every screen first)",
		    s->path);
		goto done;
	}
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*cause = xasprintf("%s: cannot open", from);
		goto done;
	}
	if (backup_key_differs(s, src)) {
		*cause = xasprintf("%s: its My Numbers are sealed with another "
		    "key than %s (a backup from before a --rotate-key?); "
		    "nothing was restored. Put the key it was made with "
		    "there first", from, s->key_path);
		goto done;
	}
	if (backup_copy(src, s->db, s->path, cause) != 0)
		goto done;
	rc = store_audit(s, 0, "restore", from, cause);
done:
	if (src != NULL)
		sqlite3_close(src);
	close(fd);
	free(path);
	return rc;
}
