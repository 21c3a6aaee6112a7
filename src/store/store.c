/*
 * store.c - opening the database: where it is, its permissions, the
 * pragmas, and the schema migrations.
 *
 * The schema version is PRAGMA user_version. migrations[i] takes a
 * database from version i to i + 1; a new file runs them all, an older
 * one runs the rest, each inside one BEGIN IMMEDIATE transaction so two
 * processes opening an old file at once cannot both upgrade it. A file
 * from a newer kakanai (user_version above ours) is refused rather than
 * written by code that does not know its tables.
 *
 * Version history (tests/fixtures/store-v1.sql is a version 1 file):
 *   1  visits, visit_items, documents (one form each), audit
 *   2  postal codes; My Numbers moved out of visit_items into mynumbers
 *   3  visits get move_date, name, kana, birth (for lists and search),
 *      updated, screen, field (resume); documents may hold several forms
 *      (document_forms); indexes for lists, search, audit
 *   4  My Numbers sealed with the key beside the database (store-key.c);
 *      meta holds the key's id. The plaintext ones are sealed by C code
 *      (migration_code) in the same transaction, and with secure_delete
 *      on their old pages are zeroed, not just freed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/store-int.h"

static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE visits ("
	" id INTEGER PRIMARY KEY,"
	" status TEXT NOT NULL DEFAULT 'draft',"
	" event TEXT NOT NULL DEFAULT '',"
	" filed_date TEXT NOT NULL DEFAULT '',"
	" clerk TEXT NOT NULL DEFAULT '',"
	" started INTEGER NOT NULL,"
	" printed INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE visit_items ("
	" visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,"
	" key TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (visit_id, key)) WITHOUT ROWID;"
	"CREATE TABLE documents ("
	" id INTEGER PRIMARY KEY,"
	" visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,"
	" form_id TEXT NOT NULL,"
	" version INTEGER NOT NULL,"
	" file TEXT NOT NULL,"
	" sha256 TEXT NOT NULL,"
	" made INTEGER NOT NULL,"
	" clerk TEXT NOT NULL);"
	"CREATE TABLE audit ("
	" id INTEGER PRIMARY KEY,"
	" at INTEGER NOT NULL,"
	" clerk TEXT NOT NULL,"
	" what TEXT NOT NULL,"
	" visit_id INTEGER,"
	" detail TEXT);",

	/* 1 -> 2 */
	"CREATE TABLE postal ("
	" code TEXT NOT NULL,"
	" seq INTEGER NOT NULL,"
	" pref TEXT NOT NULL,"
	" city TEXT NOT NULL,"
	" town TEXT NOT NULL,"
	" note TEXT NOT NULL,"
	" kana TEXT NOT NULL,"
	" PRIMARY KEY (code, seq)) WITHOUT ROWID;"
	"CREATE TABLE mynumbers ("
	" visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,"
	" key TEXT NOT NULL,"
	" value TEXT NOT NULL,"
	" PRIMARY KEY (visit_id, key)) WITHOUT ROWID;"
	"INSERT INTO mynumbers SELECT visit_id, key, value FROM visit_items"
	" WHERE key GLOB '*mynumber';"
	"DELETE FROM visit_items WHERE key GLOB '*mynumber';",

	/* 2 -> 3 */
	"ALTER TABLE visits ADD COLUMN move_date TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE visits ADD COLUMN name TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE visits ADD COLUMN kana TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE visits ADD COLUMN birth TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE visits ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE visits ADD COLUMN screen TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE visits ADD COLUMN field INTEGER NOT NULL DEFAULT 0;"
	"UPDATE visits SET updated = started,"
	" move_date = coalesce((SELECT value FROM visit_items"
	"  WHERE visit_id = visits.id AND key = 'move_date'), ''),"
	" name = coalesce((SELECT value FROM visit_items"
	"  WHERE visit_id = visits.id AND key = 'person.1.name'), ''),"
	" kana = coalesce((SELECT value FROM visit_items"
	"  WHERE visit_id = visits.id AND key = 'person.1.kana'), ''),"
	" birth = coalesce((SELECT value FROM visit_items"
	"  WHERE visit_id = visits.id AND key = 'person.1.birth'), '');"
	"CREATE TABLE document_forms ("
	" document_id INTEGER NOT NULL REFERENCES documents(id)"
	"  ON DELETE CASCADE,"
	" seq INTEGER NOT NULL,"
	" form_id TEXT NOT NULL,"
	" version INTEGER NOT NULL,"
	" PRIMARY KEY (document_id, seq)) WITHOUT ROWID;"
	"INSERT INTO document_forms SELECT id, 0, form_id, version"
	" FROM documents;"
	"ALTER TABLE documents DROP COLUMN form_id;"
	"ALTER TABLE documents DROP COLUMN version;"
	"CREATE INDEX visits_filed ON visits(filed_date);"
	"CREATE INDEX visits_started ON visits(started);"
	"CREATE INDEX visits_status ON visits(status, updated);"
	"CREATE INDEX documents_visit ON documents(visit_id);"
	"CREATE INDEX audit_visit ON audit(visit_id);",

	/* 3 -> 4, then store_key_seal_plain */
	"CREATE TABLE meta ("
	" name TEXT PRIMARY KEY,"
	" value TEXT NOT NULL) WITHOUT ROWID;"
	"ALTER TABLE mynumbers RENAME TO mynumbers_plain;"
	"CREATE TABLE mynumbers ("
	" visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,"
	" key TEXT NOT NULL,"
	" sealed BLOB NOT NULL,"
	" PRIMARY KEY (visit_id, key)) WITHOUT ROWID;",
};

/* What a migration needs beyond SQL, run after it (NULL: nothing). */
static int (*const migration_code[])(struct store *, char **) = {
	NULL, NULL, NULL, store_key_seal_plain,
};

_Static_assert(sizeof migrations / sizeof migrations[0] ==
    STORE_SCHEMA_VERSION, "one migration per schema version");
_Static_assert(sizeof migration_code / sizeof migration_code[0] ==
    STORE_SCHEMA_VERSION, "one migration per schema version");

char *
store_error(struct store *s, const char *what)
{
	int rc = sqlite3_extended_errcode(s->db) & 0xff;

	/* what a clerk sees after STORE_WAIT_MS of waiting: not SQLite's
	 * "database is locked" but what happened and what to do */
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return xasprintf("%s: the database is busy: another program "
		    "has held it for more than %d seconds; nothing was "
		    "changed, try again", s->path, (int)(s->wait_ms / 1000));
	return xasprintf("%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

char *
store_col(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return xstrdup(t != NULL ? (const char *)t : "");
}

sqlite3_stmt *
store_prepare(struct store *s, const char *sql, char **cause)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		*cause = store_error(s, "prepare");
		return NULL;
	}
	return st;
}

/* STORE_WAIT_MS, or a shorter wait the test suite asks for. */
static long
store_wait_ms(void)
{
	const char *v = getenv(STORE_WAIT_ENV);
	char *end;
	long ms;

	if (v == NULL || *v == '\0')
		return STORE_WAIT_MS;
	ms = strtol(v, &end, 10);
	return (*end == '\0' && ms > 0 && ms < STORE_WAIT_MS) ? ms :
	    STORE_WAIT_MS;
}

static int
busy(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Wait a little, with jitter so that waiting writers do not retry in
 * step. */
static void
store_nap(int attempt)
{
	struct timespec ts = { 0, 0 };
	long ms = 5 + (attempt < 8 ? attempt * 5 : 40) + (rand() % 10);

	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
}

int
store_step(struct store *s, sqlite3_stmt *st)
{
	double start = clock_ms();
	int rc, attempt = 0;

	for (;;) {
		rc = sqlite3_step(st);
		if (!busy(rc) || clock_ms() - start > s->wait_ms)
			return rc;
		sqlite3_reset(st);
		store_nap(attempt++);
	}
}

int
store_exec(struct store *s, const char *sql, char **cause)
{
	double start = clock_ms();
	int rc, attempt = 0;

	for (;;) {
		rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if (!busy(rc) || clock_ms() - start > s->wait_ms)
			break;
		store_nap(attempt++);
	}
	*cause = store_error(s, "SQL");
	return -1;
}

int
store_begin(struct store *s, char **cause)
{
	return store_exec(s, "BEGIN IMMEDIATE", cause);
}

int
store_commit(struct store *s, char **cause)
{
	if (store_exec(s, "COMMIT", cause) != 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

char *
store_default_path(const char *db_flag, const struct config *cfg)
{
	const char *env, *v, *home;
	struct passwd *pw;

	/* on a town server the town's database is the only one */
	if (town_current() != NULL)
		return xasprintf("%s/kakanai.db", town_current()->dir);
	if (db_flag != NULL && *db_flag != '\0')
		return xstrdup(db_flag);
	if ((env = getenv("KAKANAI_DB")) != NULL && *env != '\0')
		return xstrdup(env);
	if (cfg != NULL && (v = config_get(cfg, "db")) != NULL && *v != '\0')
		return xstrdup(v);
	if ((env = getenv("XDG_DATA_HOME")) != NULL && *env == '/')
		return xasprintf("%s/kakanai/kakanai.db", env);
	home = getenv("HOME");
	if ((home == NULL || *home == '\0') &&
	    (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	if (home == NULL || *home == '\0')
		home = ".";
	return xasprintf("%s/.local/share/kakanai/kakanai.db", home);
}

char *
store_clerk_default(const struct config *cfg)
{
	const char *v;
	struct passwd *pw;
	char *login, *both;

	/* On a town server the record names the real login, which nothing
	 * the clerk sets can change; `clerk` only adds a name beside it. */
	if (town_current() != NULL) {
		login = priv_login();
		if (cfg == NULL || (v = config_get(cfg, "clerk")) == NULL ||
		    *v == '\0')
			return login;
		both = xasprintf("%s (%s)", login, v);
		free(login);
		return both;
	}
	if (cfg != NULL && (v = config_get(cfg, "clerk")) != NULL &&
	    *v != '\0')
		return xstrdup(v);
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL)
		return xstrdup(pw->pw_name);
	if ((v = getenv("USER")) != NULL && *v != '\0')
		return xstrdup(v);
	return xstrdup("unknown");
}

/* The folder holding the database, created 0700 if missing; the file
 * itself is created 0600 before SQLite sees it (SQLite would use 0644, and
 * gives its -wal and -shm files the database file's mode). Neither is
 * followed if it is a symbolic link: a link planted there would have the
 * next batch job run by root chmod or write its target.
 *
 * On a town server the folder is the town's (root:kakanai 2770, made by
 * --setup-town) and the file is 0660, shared by the group. */
static int
store_prepare_file(const char *path, char **cause)
{
	char *dir = xstrdup(path), *slash;
	const char *base = path;
	struct stat st;
	int town = town_current() != NULL, dfd = AT_FDCWD, fd;

	slash = strrchr(dir, '/');
	if (slash != NULL) {
		*slash = '\0';
		base = path + (slash - dir) + 1;
		if (*dir == '\0')
			strcpy(dir, "/");
		if (town)
			dfd = town_open_dir(dir, cause);
		else if (file_dir_nofollow(dir, 0700, cause) != 0)
			dfd = -1;
		else if ((dfd = open(dir, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) == -1)
			*cause = xasprintf("%s: %s", dir, strerror(errno));
		if (dfd == -1) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	fd = openat(dfd, base, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    town ? 0660 : 0600);
	if (fd == -1) {
		if (errno == ELOOP)
			*cause = xasprintf("%s: a symbolic link is where the "
			    "database should be; refused", path);
		else
			*cause = xasprintf("%s: %s", path, strerror(errno));
		if (dfd != AT_FDCWD)
			close(dfd);
		return -1;
	}
	if (dfd != AT_FDCWD)
		close(dfd);
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("%s: not a regular file; refused", path);
		close(fd);
		return -1;
	}
	/* a file left readable by others (an older kakanai, a copy) is
	 * closed up; SQLite then gives -wal and -shm the same mode */
	if (!town && (st.st_mode & 077) != 0 && st.st_uid == geteuid())
		fchmod(fd, st.st_mode & 0700);
	else if (town && (st.st_mode & 0007) != 0 && st.st_uid == geteuid())
		fchmod(fd, st.st_mode & 0770);
	close(fd);
	return 0;
}

static int
store_user_version(struct store *s, int *version, char **cause)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_prepare(s, "PRAGMA user_version", cause)) == NULL)
		return -1;
	rc = store_step(s, st);
	if (rc != SQLITE_ROW) {
		*cause = store_error(s, "reading the schema version");
		sqlite3_finalize(st);
		return -1;
	}
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Postal rows for the towns kakanai ships with, so that a new database
 * can look up addresses before anyone imports KEN_ALL. */
static int
store_seed_postal(struct store *s, char **cause)
{
	char *path = home_path("data/postal-towns.csv"), *data, *why = NULL;
	struct postal_addr *rows = NULL;
	size_t len, n = 0;
	int rc;

	if (!file_exists(path)) {
		free(path);
		return 0;
	}
	if ((data = file_read(path, &len, cause)) == NULL) {
		free(path);
		return -1;
	}
	rc = postal_parse(path, data, len, &rows, &n, &why);
	free(data);
	if (rc == 0)
		rc = postal_store_rows(s, rows, n, &why);
	postal_addr_free(rows, n);
	if (rc != 0) {
		*cause = xasprintf("%s", why);
		free(why);
	}
	free(path);
	return rc;
}

static int
store_migrate(struct store *s, char **cause)
{
	int version, v;
	char *sql;

	/* up to date: no write lock needed, so opening never waits for
	 * another writer */
	if (store_user_version(s, &version, cause) != 0)
		return -1;
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (store_begin(s, cause) != 0)
		return -1;
	if (store_user_version(s, &version, cause) != 0)
		goto fail;
	if (version > STORE_SCHEMA_VERSION) {
		*cause = xasprintf("%s: made by a newer kakanai (schema %d, "
		    "this one knows %d); not opened", s->path, version,
		    STORE_SCHEMA_VERSION);
		goto fail;
	}
	for (v = version; v < STORE_SCHEMA_VERSION; v++) {
		if (sqlite3_exec(s->db, migrations[v], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			sql = xasprintf("upgrading schema %d to %d", v, v + 1);
			*cause = store_error(s, sql);
			free(sql);
			goto fail;
		}
		if (migration_code[v] != NULL &&
		    migration_code[v](s, cause) != 0)
			goto fail;
	}
	if (version != STORE_SCHEMA_VERSION) {
		sql = xasprintf("PRAGMA user_version = %d",
		    STORE_SCHEMA_VERSION);
		v = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		free(sql);
		if (v != SQLITE_OK) {
			*cause = store_error(s, "setting the schema version");
			goto fail;
		}
	}
	if (version == 0 && store_seed_postal(s, cause) != 0)
		goto fail;
	if (store_commit(s, cause) != 0)
		return -1;
	/* the old plaintext pages leave the WAL for the zeroed file */
	sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    NULL, NULL);
	return 0;

fail:
	store_rollback(s);
	return -1;
}

struct store *
store_open(const char *path, char **cause)
{
	struct store *s;
	char *p;
	int rc;

	p = path != NULL ? xstrdup(path) : store_default_path(NULL, NULL);
	if (store_prepare_file(p, cause) != 0) {
		free(p);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->hold_fd = -1;
	s->path = p;
	s->clerk = store_clerk_default(NULL);
	s->wait_ms = store_wait_ms();
	rc = sqlite3_open_v2(p, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
	    NULL);
	if (rc != SQLITE_OK) {
		if (s->db == NULL)
			*cause = xasprintf("%s: cannot open", p);
		else
			*cause = store_error(s, "open");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, s->wait_ms < 5000 ? (int)s->wait_ms :
	    5000);
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	if (store_exec(s, "PRAGMA journal_mode = WAL", cause) != 0 ||
	    store_exec(s, "PRAGMA synchronous = NORMAL", cause) != 0 ||
	    store_exec(s, "PRAGMA foreign_keys = ON", cause) != 0 ||
	    store_exec(s, "PRAGMA temp_store = MEMORY", cause) != 0 ||
	    store_exec(s, "PRAGMA secure_delete = ON", cause) != 0)
		goto fail;
	if (store_key_setup(s, 1, cause) != 0 ||
	    store_migrate(s, cause) != 0)
		goto fail;
	return s;

fail:
	store_close(s);
	return NULL;
}

/* A "file:" URI for path (SQLite needs %, ? and # escaped). */
static char *
store_uri(const char *path, const char *query)
{
	struct strbuf sb = { 0 };
	const char *p;

	sb_add(&sb, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			sb_addf(&sb, "%%%02X", (unsigned char)*p);
		else
			sb_addn(&sb, p, 1);
	}
	sb_addf(&sb, "?%s", query);
	return sb_detach(&sb);
}

/* May this process write the file and the folder it is in (SQLite makes
 * its -wal and -shm files there)? A file with no write permission for
 * anyone is an archive even to root. */
static int
store_writable(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *d;
	struct stat st;
	int ok;

	if (slash != NULL)
		*slash = '\0';
	d = slash == NULL ? "." : *dir != '\0' ? dir : "/";
	/* the effective ids: a setgid kakanai writes with its group,
	 * which access() (the real ids) would not count */
	ok = faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0 &&
	    faccessat(AT_FDCWD, d, W_OK, AT_EACCESS) == 0 &&
	    stat(path, &st) == 0 && (st.st_mode & 0222) != 0;
	free(dir);
	return ok;
}

/*
 * Open an existing database that this process cannot write (an archived
 * copy, a read-only mount) for reading only: no migration, no key made,
 * no audit entries. In WAL mode SQLite needs to write the -shm file; where
 * it cannot, the file is opened as immutable (nobody writes an archive).
 */
static struct store *
store_open_ro(const char *path, char **cause)
{
	static const char *const queries[] = { "mode=ro", "immutable=1" };
	struct store *s = xcalloc(1, sizeof *s);
	char *uri;
	int version = 0, rc = SQLITE_CANTOPEN;
	size_t i;

	s->path = xstrdup(path);
	s->clerk = store_clerk_default(NULL);
	s->readonly = 1;
	for (i = 0; i < nitems(queries); i++) {
		uri = store_uri(path, queries[i]);
		rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
		if (rc == SQLITE_OK && store_user_version(s, &version,
		    cause) == 0)
			break;
		if (rc == SQLITE_OK) {
			free(*cause);
			*cause = NULL;
		}
		sqlite3_close(s->db);
		s->db = NULL;
		rc = SQLITE_CANTOPEN;
	}
	if (rc != SQLITE_OK) {
		*cause = xasprintf("%s: cannot open for reading", path);
		goto fail;
	}
	if (version != STORE_SCHEMA_VERSION) {
		*cause = xasprintf("%s: read-only, and made by %s kakanai "
		    "(schema %d, this one knows %d); open it once with write "
		    "access to upgrade it", path, version <
		    STORE_SCHEMA_VERSION ? "an older" : "a newer", version,
		    STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (store_key_setup(s, 0, cause) != 0)
		goto fail;
	return s;
fail:
	store_close(s);
	return NULL;
}

struct store *
store_open_read(const char *db_flag, const struct config *cfg,
    char **cause)
{
	char *path = store_default_path(db_flag, cfg), *clerk;
	struct store *s;

	if (!file_exists(path) || store_writable(path)) {
		free(path);
		return store_open_config(db_flag, cfg, cause);
	}
	s = store_open_ro(path, cause);
	free(path);
	if (s == NULL)
		return NULL;
	clerk = store_clerk_default(cfg);
	store_set_clerk(s, clerk);
	free(clerk);
	return s;
}

int
store_readonly(const struct store *s)
{
	return s->readonly;
}

struct store *
store_open_config(const char *db_flag, const struct config *cfg,
    char **cause)
{
	char *path = store_default_path(db_flag, cfg), *clerk;
	struct store *s;

	s = store_open(path, cause);
	free(path);
	if (s == NULL)
		return NULL;
	clerk = store_clerk_default(cfg);
	store_set_clerk(s, clerk);
	free(clerk);
	return s;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	store_hold_release(s);
	if (s->db != NULL)
		sqlite3_close(s->db);
	store_key_forget(s);
	free(s->key_path);
	free(s->key_problem);
	free(s->path);
	free(s->clerk);
	free(s);
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

void
store_set_clerk(struct store *s, const char *clerk)
{
	free(s->clerk);
	s->clerk = xstrdup(clerk != NULL && *clerk != '\0' ? clerk :
	    "unknown");
}

char *
store_pdf_dir(const struct store *s, char **cause)
{
	char *dir = xstrdup(s->path), *slash, *pdf;

	slash = strrchr(dir, '/');
	if (slash == NULL)
		pdf = xstrdup("pdf");
	else {
		*slash = '\0';
		pdf = file_join(*dir == '\0' ? "/" : dir, "pdf");
	}
	free(dir);
	if (file_dir_nofollow(pdf, store_file_mode() | 0100 |
	    (store_file_mode() & 0060 ? 0010 : 0), cause) != 0) {
		free(pdf);
		return NULL;
	}
	return pdf;
}

mode_t
store_file_mode(void)
{
	/* shared by the town's group on a server; the user's own else */
	return town_current() != NULL ? 0660 : 0600;
}
