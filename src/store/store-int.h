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

#endif
