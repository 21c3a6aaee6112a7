/*
 * util.h - the small pieces every part of kakanai leans on.
 *
 * Three tiers of errors, as in tmux: allocation never fails (x* functions
 * call fatal()); fatal() is for the impossible; everything a user can cause
 * comes back as a heap string through a `char **cause` argument (caller
 * frees) and a non-zero return. Parsers never print.
 *
 * Strings are UTF-8 everywhere inside the program. Text is measured and
 * cropped by code point and display column, never by byte.
 */
#ifndef KAKANAI_UTIL_H
#define KAKANAI_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define KAKANAI_VERSION "0.1.0"

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* xmalloc.c */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);
char *xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *, va_list);
_Noreturn void fatal(const char *, ...) __attribute__((format(printf, 1, 2)));

/* strbuf.c: a growable, always NUL-terminated byte string. */
struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};
void sb_init(struct strbuf *);
void sb_addn(struct strbuf *, const char *, size_t);
void sb_add(struct strbuf *, const char *);
void sb_addc(struct strbuf *, char);
void sb_addf(struct strbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void sb_add_utf8(struct strbuf *, uint32_t);
/* s (NULL: nothing) as one field of a tab-separated line: tabs and line
 * breaks become blanks. What a child tells its parent on a pipe. */
void sb_add_field(struct strbuf *, const char *s);
char *sb_detach(struct strbuf *); /* caller frees; buffer is reset */
void sb_free(struct strbuf *);
/* Cut blanks (space, tab, CR) from both ends of s, in place; returns the
 * first non-blank character. */
char *str_trim(char *s);

/* utf8.c */
/* Decode one code point from s (at most len bytes). Returns the number of
 * bytes used, or 0 for an invalid or truncated sequence (overlong forms,
 * surrogates and values above U+10FFFF are invalid). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out; returns 1..4. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Return 1 if s is valid UTF-8; else 0 and the byte offset of the first bad
 * byte in *bad (if bad is not NULL). */
int utf8_valid(const char *s, size_t len, size_t *bad);
/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s);
/* Display columns of one code point on a terminal: 0, 1 or 2. East Asian
 * Wide and Fullwidth are 2, combining marks and variation selectors 0. */
int utf8_cp_width(uint32_t cp);
/* Display columns of a valid UTF-8 string. */
int utf8_width(const char *s);
/* Decode s into a freshly allocated array of code points (caller frees);
 * *n receives the count. Returns NULL if s is not valid UTF-8. */
uint32_t *utf8_to_u32(const char *s, size_t *n);
/* "U+845B U+E0109" for the code points of one character (caller frees). */
char *utf8_codepoints(const uint32_t *cps, size_t n);
/* Is cp a variation selector (U+FE00..FE0F, U+E0100..E01EF)? */
int utf8_is_vs(uint32_t cp);

/* excerpt.c: at most 20 characters of an unparsed line for a message,
 * runs of four or more digits masked with '*' (caller frees). */
char *str_excerpt(const char *s);

/* file.c */
/* Read a whole file (NUL-terminated, length in *len if len is not NULL). */
char *file_read(const char *path, size_t *len, char **cause);
/* Write data to path atomically: a temporary name in the same directory,
 * fsync, rename, fsync of the directory. A failure leaves no partial file
 * under path and removes the temporary one. */
int file_write_atomic(const char *path, const void *data, size_t len,
    mode_t mode, char **cause);
/* Remove "*.tmp-XXXXXX" files of ours in dir older than FILE_TMP_STALE
 * seconds that no writer holds (file_write_atomic does this first). */
#define FILE_TMP_STALE 3600
void file_sweep_tmp(const char *dir);
/* mkdir -p with the given mode for each directory created. */
/* Write all of p to fd (a file, or a pipe to a parent), retrying short
 * writes and EINTR; -1 with errno on an error. */
int file_write_all(int fd, const void *p, size_t len);
int file_mkdirs(const char *path, mode_t mode, char **cause);
/* Make sure path is a real folder, creating it (and its parents) with
 * mode if missing; a symbolic link in its place is refused, naming it. */
int file_dir_nofollow(const char *path, mode_t mode, char **cause);
/* Does path name an existing regular file / directory? */
int file_exists(const char *path);
int file_is_dir(const char *path);
/* path joined with name (caller frees). */
char *file_join(const char *dir, const char *name);

/* home.c: where kakanai finds its forms, fonts and data. */
/* The data directory: $KAKANAI_HOME, else the folder of the running
 * executable when it holds forms/ (a source tree), else the compiled-in
 * KAKANAI_DATADIR (an installation). Never NULL. */
const char *home_dir(void);
/* home_dir() joined with a relative path (caller frees). */
char *home_path(const char *rel);

/* config.c: the town's configuration, `key = value` lines. */
struct config;
/* Load the configuration: path if given, else $KAKANAI_CONFIG, else
 * /etc/kakanai/kakanai.conf, else <home>/data/kakanai.conf. */
struct config *config_load(const char *path, char **cause);
const char *config_get(const struct config *, const char *key);
const char *config_get_default(const struct config *, const char *key,
    const char *def);
const char *config_path(const struct config *);
/* config-check.c: why value is not allowed for key (caller frees), or
 * NULL when it is. */
char *config_check_value(const char *key, const char *value);
/* A number config_load has checked, or def when not set. */
double config_number(const struct config *, const char *key, double def);
void config_free(struct config *);

/* clock.c: "today" can be fixed for tests and regeneration. */
struct date {
	int y, m, d;
};
/* Today in local time, or $KAKANAI_TODAY (YYYY-MM-DD) when set. */
struct date clock_today(void);
/* Seconds since the epoch, or derived from $KAKANAI_TODAY when set. */
int64_t clock_now(void);
/* Monotonic milliseconds, for benchmarks and progress only. */
double clock_ms(void);

/* date.c: proleptic Gregorian calendar dates. */
int date_valid(struct date);
/* Days since 1970-01-01 (negative before). */
int64_t date_to_days(struct date);
struct date date_from_days(int64_t);
int date_cmp(struct date, struct date);
struct date date_add_days(struct date, int);
/* Parse exactly YYYY-MM-DD; returns 0 on success. */
int date_parse_iso(const char *, struct date *);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
char *date_format_iso(struct date, char *buf);

/* diag.c: a list of `file:line: message` diagnostics. Parsers of files a
 * person edits (forms, visits, the dictionary) report every mistake in the
 * file rather than stopping at the first, as OpenBSD's httpd does. */
struct diag {
	char **msgs;
	size_t n;
};
void diag_add(struct diag *, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* All messages joined by newlines (caller frees), or NULL if none. */
char *diag_join(const struct diag *);
void diag_free(struct diag *);
/* Print "kakanai: message" to stderr, as the command line and the counter
 * screen (before it starts) tell the user what went wrong. */
void diag_verror(const char *fmt, va_list);

/* sha256.c (FIPS 180-4) */
void sha256_hex(const void *data, size_t len, char out[65]);

/* priv.c: running setgid on a town server (see the file's comment). */
void priv_init(void);		/* first thing in main() */
/* Has the process more privilege than its caller (setgid kakanai)? */
int priv_elevated(void);
/* Between these, files are opened with the caller's own group (nests). */
int priv_user_begin(void);
void priv_user_end(void);
/* In a child before exec: the caller's group for good. */
void priv_drop_child(void);
/* The real user's login name, whatever the environment says (caller
 * frees). */
char *priv_login(void);
/* KAKANAI_* variables the caller set that a setgid kakanai refused
 * ("KAKANAI_DB KAKANAI_HOME", or "" if none). */
const char *priv_refused_env(void);

/* town.c: which town a clerk works in, and as what. */
enum town_role { TOWN_NONE, TOWN_CLERK, TOWN_ADMIN };
struct town {
	char *id;		/* "hinode" */
	char *dir;		/* /var/lib/kakanai/hinode */
	char *config;		/* /etc/kakanai/towns/hinode.conf */
	int role;		/* enum town_role */
};
const char *town_root(void);		/* /var/lib/kakanai */
const char *town_conf_root(void);	/* /etc/kakanai/towns */
const char *town_group_base(void);	/* kakanai */
int town_valid_id(const char *);
/* "kakanai-ID" or "kakanai-ID-admin" (caller frees). */
char *town_group(const char *id, int admin);
int town_role(const char *id);
/* Is this a town server (a town set up, or installed setgid)? */
int town_installed(void);
/* The caller's town: --town if given, else the one town whose group they
 * are in (asked on the terminal when several). */
int town_select(const char *flag, struct town **, char **cause);
void town_free(struct town *);
/* The town this process works in; NULL in single-user mode. */
const struct town *town_current(void);
void town_set_current(struct town *);
/* Open a folder without following a link, and check that it is root's (or
 * ours) and not writable by others; -1 and *cause naming it. */
int town_open_dir(const char *path, char **cause);

#endif
