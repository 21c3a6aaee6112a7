/*
 * store.h - the SQLite database: visits, documents made, postal codes and
 * the audit log; and the batch work done on it (exports, reports,
 * regeneration).
 *
 * One file holds everything (WAL, busy timeout, foreign keys on). Where it
 * is, first found wins: --db, $KAKANAI_DB, the configuration's `db`, else
 * $XDG_DATA_HOME/kakanai/kakanai.db, else ~/.local/share/kakanai/kakanai.db.
 * The file is created 0600 in a 0700 directory; stored PDFs go beside it
 * in pdf/ (also 0700, files 0600).
 *
 * A visit is stored as the clerk entered it: the (key, stored value)
 * pairs of struct visit, plus a few columns copied out for lists and
 * reports (event, dates, first person's name, kana and birth date). My
 * Number items (dictionary `secret`) live in their own table, are read
 * only when a caller names a purpose, and every read is audited.
 *
 * Every function that can fail returns -1 (or NULL) with a heap message in
 * *cause (caller frees). "database is locked" never reaches a user: writes
 * wait (busy timeout, then retries) for up to STORE_WAIT_MS.
 */
#ifndef KAKANAI_STORE_H
#define KAKANAI_STORE_H

#include <stdint.h>
#include <sys/types.h>

#include "dict/dict.h"
#include "util/util.h"
#include "visit/visit.h"

#define STORE_SCHEMA_VERSION 4		/* PRAGMA user_version */
#define STORE_WAIT_MS 60000
/* The test suite shortens the wait with KAKANAI_STORE_WAIT_MS (ms), so
 * its lock test takes seconds; a test knob, never set for a town. */
#define STORE_WAIT_ENV "KAKANAI_STORE_WAIT_MS"

struct store;				/* opaque */

/* store.c */
/* The database path (caller frees): db_flag if not NULL, else $KAKANAI_DB,
 * else config `db` (config may be NULL), else the XDG default. */
char *store_default_path(const char *db_flag, const struct config *);
/* Open (creating it and its folder if needed) and migrate to the current
 * schema. path NULL: store_default_path(NULL, NULL). A new database gets
 * the shipped postal subset (<home>/data/postal-towns.csv) if present. */
struct store *store_open(const char *path, char **cause);
/* What the commands and the TUI call: store_open(store_default_path(
 * db_flag, config)) with the clerk set from store_clerk_default(config). */
struct store *store_open_config(const char *db_flag, const struct config *,
    char **cause);
/* For commands that only read (--report, --export-csv): a database this
 * process cannot write (an archived copy) is opened read-only, with no
 * audit entries; otherwise as store_open_config. */
struct store *store_open_read(const char *db_flag, const struct config *,
    char **cause);
int store_readonly(const struct store *);
void store_close(struct store *);
const char *store_path(const struct store *);
/* Who is working: recorded on visits, documents and audit entries.
 * Default: config `clerk` (see store_clerk_default), else the login name. */
void store_set_clerk(struct store *, const char *clerk);
char *store_clerk_default(const struct config *);	/* caller frees */
/* Mode for files kakanai stores (PDFs): 0600, or 0660 on a town server. */
mode_t store_file_mode(void);
/* Folder for stored PDFs (<db folder>/pdf), created 0700 (2770 on a town
 * server), never a symbolic link (caller frees). */
char *store_pdf_dir(const struct store *, char **cause);

/* store-key.c: the My Number key, a file beside the database named
 * "<database>.key". Every My Number is stored sealed with it
 * (XChaCha20-Poly1305); the database and its copies never hold one in
 * plaintext. store_open loads the key, and makes one (0600) for a
 * database that never had one; a missing key leaves everything else
 * working and makes every read or write of a My Number fail with a
 * message that says so. */
#define STORE_KEY_BYTES 32
char *store_key_path(const char *db_path);		/* caller frees */
/* A new random key in a new file path (mode, and group gid unless
 * (gid_t)-1), written under a temporary name and linked into place:
 * fails if path exists, never follows a symbolic link. */
int store_key_create(const char *path, mode_t mode, gid_t gid,
    char **cause);
/* Read a key file (refused if readable by every user, or a link). */
int store_key_load(const char *path, unsigned char key[STORE_KEY_BYTES],
    char **cause);
/* The key's id as recorded in the database (32 hex digits). */
void store_key_id(const unsigned char key[STORE_KEY_BYTES], char out[33]);
/* NULL when My Numbers can be read and written, else why not. */
const char *store_key_problem(const struct store *);
/* Is the problem that there is no key file at all? */
int store_key_missing(const struct store *);
/* A new key: every My Number re-sealed in one transaction, the key file
 * replaced (same mode and group); *count: how many. Audited. */
int store_rotate_key(struct store *, size_t *count, char **cause);

/* store-backup.c */
/* A consistent copy of the database in dest (0600, written under a
 * temporary name and renamed), taken while others keep writing. */
int store_backup(struct store *, const char *dest, char **cause);
/* Check a backup: integrity_check and the counts, as text in *report. */
int store_backup_verify(const char *path, char **report, char **cause);
/* Replace the database's contents with a checked backup; refused while
 * a counter screen holds the database (store_screen_hold). Audited. */
int store_restore(struct store *, const char *from, char **cause);
/* A shared lock on "<database>.screens" for as long as the process
 * runs: what a restore waits for. Returns the fd or -1. */
int store_screen_hold(const struct store *);
char *store_screens_path(const char *db_path);	/* caller frees */

/* store-visit.c */
enum store_status {
	STORE_DRAFT,
	STORE_PRINTED,
	STORE_CANCELLED
};
const char *store_status_name(enum store_status);	/* "draft" ... */

struct store_visit_info {
	long id;			/* the visit number */
	enum store_status status;
	char *event;			/* "" if not yet chosen */
	char *filed_date;		/* YYYY-MM-DD or "" */
	char *move_date;		/* YYYY-MM-DD or "" */
	char *name;			/* person.1.name or "" */
	char *kana;			/* person.1.kana or "" */
	char *birth;			/* person.1.birth or "" */
	char *clerk;			/* who created it */
	int64_t started;		/* epoch seconds */
	int64_t printed;		/* first print, 0 if never */
	int64_t updated;
	char *screen;			/* where the clerk was: TUI screen name */
	int field;			/* and field index, for resume */
	int mynumber_locked;		/* My Numbers not loaded: no key */
};
void store_visit_info_clear(struct store_visit_info *);

/* A new, empty draft; returns its id (> 0), or -1. Audited: create. */
long store_visit_create(struct store *, char **cause);
/* Replace the visit's items with v's (derived items are not stored;
 * secret ones go to the My Number table, sealed, an empty value deletes;
 * without the key they are not stored and the sealed ones are kept).
 * screen/field: the clerk's position for resume (screen may be NULL).
 * One transaction. Audited: edit. */
int store_visit_save(struct store *, long id, const struct visit *v,
    const struct dict *, const char *screen, int field, char **cause);
/* Create and save in one transaction (imports): all or nothing (a My
 * Number without the key fails the whole visit). */
long store_visit_add(struct store *, const struct visit *v,
    const struct dict *, char **cause);
/* Load a visit. My Number items are loaded only when mynumber_purpose is
 * not NULL ("print", "show", "export"); that read is audited with the
 * purpose. Without the key, purpose "edit" loads the rest and counts the
 * My Numbers left out in info->mynumber_locked; any other purpose fails. info may be NULL; if not, it is filled (clear it after). */
struct visit *store_visit_load(struct store *, long id,
    const char *mynumber_purpose, struct store_visit_info *info,
    char **cause);
/* Set status. STORE_PRINTED sets the printed time on the first print and
 * is audited as print (or reprint); STORE_CANCELLED as cancel. */
int store_visit_set_status(struct store *, long id, enum store_status,
    char **cause);

enum store_list_kind {
	STORE_LIST_TODAY,		/* started today (clock_today), newest first */
	STORE_LIST_DRAFTS,		/* status draft, newest first */
	STORE_LIST_SEARCH,		/* query: visit number, birth date (any form
					   date_parse_input takes), kana or name */
	STORE_LIST_ALL			/* everything, oldest first */
};
struct store_visit_list {
	struct store_visit_info *v;
	size_t n;
};
int store_visit_list(struct store *, enum store_list_kind, const char *query,
    struct store_visit_list *, char **cause);
void store_visit_list_free(struct store_visit_list *);

/* Documents made from a visit: one PDF holding one or more forms. */
struct store_document {
	long id;
	long visit_id;
	char *file;			/* where the PDF was written */
	char sha256[65];		/* hex of the PDF bytes */
	int64_t made;
	char *clerk;
	char **form_ids;		/* the forms in it, in order */
	int *versions;
	size_t nforms;
};
/* Record a PDF made for a visit; returns the document id or -1. */
long store_document_add(struct store *, long visit_id, const char *file,
    const char *sha256_hex, const char *const *form_ids, const int *versions,
    size_t nforms, char **cause);
/* The newest document of the visit with this file and sha256: its id,
 * 0 if none, -1 on error. */
long store_document_find(struct store *, long visit_id, const char *file,
    const char *sha256_hex, char **cause);
/* Documents of a visit (visit_id 0: all), oldest first. */
int store_document_list(struct store *, long visit_id,
    struct store_document **, size_t *n, char **cause);
void store_document_free(struct store_document *, size_t n);

/* store-hold.c: one draft, one counter. A screen holds the draft it has
 * open; the hold ends when the process ends, however it ends. */
/* Hold visit id (releasing any other this store held). who is shown to
 * others ("端末 X (担当 Y)"). 0 held; 1 held by another process, whose
 * text goes to *holder (caller frees); -1 and *cause. */
int store_hold_take(struct store *, long id, const char *who, char **holder,
    char **cause);
void store_hold_release(struct store *);
/* Who holds visit id, or NULL if no other process does (caller frees). */
char *store_hold_who(struct store *, long id);

/* store-audit.c */
/* Record who (the store's clerk) did what (create, edit, print, reprint,
 * regenerate, export, mynumber, cancel, import, purge, card) to which visit (0:
 * none) and when. detail may be NULL; it must never hold a My Number. */
int store_audit(struct store *, long visit_id, const char *what,
    const char *detail, char **cause);
struct store_audit_entry {
	long id;
	int64_t when;
	char *clerk;
	char *what;
	long visit_id;
	char *detail;
};
/* Entries for a visit (0: all), oldest first. */
int store_audit_list(struct store *, long visit_id,
    struct store_audit_entry **, size_t *n, char **cause);
void store_audit_free(struct store_audit_entry *, size_t n);

/* postal.c: Japan Post's KEN_ALL.CSV / utf_ken_all.csv (domain.md §4). */
struct postal_addr {
	char code[8];			/* 7 digits */
	char *pref;			/* 東京都 */
	char *city;			/* 西多摩郡日の出町 */
	char *town;			/* 平井; "" when the code covers the city */
	char *note;			/* （１～１９丁目）, or "" */
	char *kana;			/* town in full-width katakana, "" if unknown */
};
/* Parse a whole file (CP932 or UTF-8, detected by content) into rows with
 * every quirk applied. name is used in messages (name:line: ...). */
int postal_parse(const char *name, const char *data, size_t len,
    struct postal_addr **rows, size_t *n, char **cause);
/* Replace the postal table with a file's contents, in one transaction:
 * on any error nothing changes. *count receives the rows stored. */
int postal_import(struct store *, const char *path, size_t *count,
    char **cause);
int postal_import_data(struct store *, const char *name, const char *data,
    size_t len, size_t *count, char **cause);
/* Addresses for a code ("1900182" or "190-0182", ASCII or full-width
 * digits); *n is 0 for an unknown code (not an error). */
int postal_lookup(struct store *, const char *code, struct postal_addr **,
    size_t *n, char **cause);
void postal_addr_free(struct postal_addr *, size_t n);
/* postal-match.c: the row whose pref, city and town begin the address
 * (the longest town wins): 1 and *out (free with postal_addr_free(*out,
 * 1)), 0 when none does, -1 on a database error. Its code is "" when the
 * town has more than one. */
int postal_match_address(struct store *, const char *address,
    struct postal_addr **out, char **cause);

/* export.c: visits as CSV for Excel and the core systems. */
struct export_opts {
	const char *since, *until;	/* YYYY-MM-DD by 届出日, NULL: open */
	int cp932;			/* else UTF-8 (no BOM) */
	int with_mynumber;
};
/* One row per visit. In CP932 a character it cannot hold is written as
 * &#xHHHH; and reported (row, column, character, U+ code) in *warnings
 * (caller frees, NULL if none). The CSV bytes go to *out. On success a
 * transaction holding the audit of the My Numbers read stays open: call
 * export_csv_done once the bytes are written (or not). On failure
 * export_csv has recorded the failure itself. */
int export_csv(struct store *, const struct dict *, const struct export_opts *,
    char **out, size_t *outlen, char **warnings, size_t *nrows,
    char **cause);
/* failure NULL: record the export of n visits and commit. Else roll the
 * reads back and record only the failure (export-failed, with why). */
int export_csv_done(struct store *, const struct export_opts *, size_t n,
    const char *failure, char **cause);

/* report.c: how the counter is doing, as text. */
struct report_opts {
	const char *since, *until;	/* YYYY-MM-DD by the day a visit began */
};
/* Visits per day and per hour (text bar charts), forms per procedure,
 * median and 90th-percentile minutes from start to print, per clerk and
 * overall. The text goes to *out (caller frees). */
int report_text(struct store *, const struct report_opts *, char **out,
    char **cause);

/* store-visit.c: the visits filed in [since, until] (NULL: open), only
 * visit_id if not 0, cancelled ones left out if skip_cancelled; oldest
 * first (caller frees *ids). */
int store_visit_ids(struct store *, const char *since, const char *until,
    long visit_id, int skip_cancelled, long **ids, size_t *n, char **cause);

/* store-purge.c */
/* Delete stored PDFs (under the store's pdf folder) and My Numbers of
 * visits begun more than days ago; audited. Counts go to *files and
 * *mynumbers. Returns 0; 1 with *cause naming each PDF that could not be
 * deleted (the rest is done); -1 with *cause if nothing was done. */
int store_purge(struct store *, int days, size_t *files, size_t *mynumbers,
    char **cause);

#endif
