/*
 * store-int.h - what the files of src/store share and nobody else sees:
 * the store structure, transactions that wait instead of failing with
 * "database is locked", and statement helpers.
 */
#ifndef KAKANAI_STORE_INT_H
#define KAKANAI_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

struct store {
	sqlite3 *db;
	char *path;
	char *clerk;
	int hold_fd;		/* the draft this process holds (store-hold.c) */
	long hold_id;
	long wait_ms;		/* STORE_WAIT_MS, or the test suite's */
	unsigned char *key;		/* My Number key (sodium_malloc), or NULL */
	char *key_path;			/* <database>.key */
	char *key_problem;		/* why key is NULL */
	int readonly;			/* opened by store_open_read, read-only */
};

/* BEGIN IMMEDIATE, retried until STORE_WAIT_MS has passed. */
int store_begin(struct store *, char **cause);
int store_commit(struct store *, char **cause);
void store_rollback(struct store *);
/* Run SQL without results (no user data in it: constants only). */
int store_exec(struct store *, const char *sql, char **cause);
/* Prepare; NULL and a message on failure. */
sqlite3_stmt *store_prepare(struct store *, const char *sql, char **cause);
/* sqlite3_step, retrying SQLITE_BUSY/LOCKED until STORE_WAIT_MS. */
int store_step(struct store *, sqlite3_stmt *);
/* A message naming what failed and SQLite's reason (caller frees). */
char *store_error(struct store *, const char *what);
/* Column text copied, "" for NULL (caller frees). */
char *store_col(sqlite3_stmt *, int col);

/* postal.c: store parsed rows (inside the caller's transaction). */
int postal_store_rows(struct store *, const struct postal_addr *, size_t n,
    char **cause);

/* store-key.c */
/* Load the key beside the database (made first, 0600, when the database
 * never had one and may_create); a missing or wrong key is not an error
 * but leaves s->key NULL and says why in s->key_problem. */
int store_key_setup(struct store *, int may_create, char **cause);
void store_key_forget(struct store *);
/* Record the loaded key's id in meta (inside the caller's transaction). */
int store_key_record(struct store *, char **cause);
/* Schema 3 -> 4: seal mynumbers_plain into mynumbers, drop it. */
int store_key_seal_plain(struct store *, char **cause);
/* Seal value for (visit, item): *out (caller frees) of *outlen bytes. */
int store_seal(const struct store *, long visit_id, const char *item,
    const char *value, unsigned char **out, size_t *outlen, char **cause);
/* Open a sealed value; NULL with *cause if the key is missing or the
 * value fails its check. Free with store_secret_free. */
char *store_unseal(const struct store *, long visit_id, const char *item,
    const void *box, size_t len, char **cause);
void store_secret_free(char *);

#endif
