/*
 * store-key.c - the town's My Number key, and sealing My Numbers with it.
 *
 * Every My Number is stored sealed with XChaCha20-Poly1305 (libsodium's
 * crypto_aead_xchacha20poly1305_ietf): a fresh random 24-byte nonce per
 * value, and the visit number and item key bound as associated data, so a
 * sealed value copied onto another visit or item fails its check instead
 * of showing the wrong resident's number. A sealed value is
 *
 *	1 byte format (1) | 24 bytes nonce | ciphertext and 16-byte tag
 *
 * The key is 32 random bytes in a text file beside the database,
 * "<database>.key": one line "kakanai-mynumber-key 1 <64 hex digits>".
 * It is never in the database, so a copy or a backup of the database
 * alone holds no readable My Number. The database records only the key's
 * id (a keyed hash of it), so a key file that belongs to another
 * database is told apart from the right one.
 *
 * Key files are written under a temporary name and linked (a new key:
 * never over an existing one) or renamed (a rotation) into place; neither
 * follows a symbolic link. A key file readable by every user is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store-int.h"

#define KEY_MAGIC "kakanai-mynumber-key 1 "
#define SEAL_FORMAT 1
#define SEAL_OVERHEAD (1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + \
	crypto_aead_xchacha20poly1305_ietf_ABYTES)

_Static_assert(STORE_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    "the key file holds one XChaCha20-Poly1305 key");

static int
key_sodium_init(char **cause)
{
	if (sodium_init() < 0) {
		*cause = xstrdup("libsodium could not start");
		return -1;
	}
	return 0;
}

char *
store_key_path(const char *db_path)
{
	return xasprintf("%s.key", db_path);
}

void
store_key_id(const unsigned char key[STORE_KEY_BYTES], char out[33])
{
	static const unsigned char label[] = "kakanai key id";
	unsigned char h[16];

	crypto_generichash(h, sizeof h, label, sizeof label - 1, key,
	    STORE_KEY_BYTES);
	sodium_bin2hex(out, 33, h, sizeof h);
}

/* Write a key to a new private file beside path, then put it in place:
 * link() when replace is 0 (fails if path exists), rename() when 1. */
static int
key_write(const char *path, const unsigned char key[STORE_KEY_BYTES],
    mode_t mode, gid_t gid, int replace, char **cause)
{
	char line[sizeof KEY_MAGIC + 2 * STORE_KEY_BYTES + 2];
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	size_t len;
	int fd, saved = 0;

	memcpy(line, KEY_MAGIC, sizeof KEY_MAGIC - 1);
	sodium_bin2hex(line + sizeof KEY_MAGIC - 1, 2 * STORE_KEY_BYTES + 1,
	    key, STORE_KEY_BYTES);
	len = strlen(line);
	line[len++] = '\n';
	fd = mkstemp(tmp);
	if (fd == -1) {
		saved = errno;
		goto fail;
	}
	if ((gid != (gid_t)-1 && fchown(fd, (uid_t)-1, gid) == -1) ||
	    fchmod(fd, mode) == -1 || write(fd, line, len) != (ssize_t)len ||
	    fsync(fd) == -1) {
		saved = errno != 0 ? errno : EIO;
		close(fd);
		unlink(tmp);
		goto fail;
	}
	close(fd);
	if (replace ? rename(tmp, path) == -1 : link(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		goto fail;
	}
	if (!replace)
		unlink(tmp);
	sodium_memzero(line, sizeof line);
	free(tmp);
	return 0;

fail:
	sodium_memzero(line, sizeof line);
	*cause = xasprintf("%s: %s", path, strerror(saved));
	free(tmp);
	return -1;
}

int
store_key_create(const char *path, mode_t mode, gid_t gid, char **cause)
{
	unsigned char key[STORE_KEY_BYTES];
	int rc;

	if (key_sodium_init(cause) != 0)
		return -1;
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	rc = key_write(path, key, mode, gid, 0, cause);
	sodium_memzero(key, sizeof key);
	return rc;
}

int
store_key_load(const char *path, unsigned char key[STORE_KEY_BYTES],
    char **cause)
{
	char buf[256];
	struct stat st;
	size_t binlen;
	ssize_t n;
	int fd;

	if (key_sodium_init(cause) != 0)
		return -1;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd == -1) {
		*cause = errno == ENOENT ?
		    xasprintf("the My Number key file %s is missing", path) :
		    xasprintf("the My Number key file %s: %s", path,
		    errno == ELOOP ? "is a symbolic link" : strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		*cause = xasprintf("the My Number key file %s is not a file",
		    path);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 007) != 0) {
		*cause = xasprintf("the My Number key file %s can be read by "
		    "every user; not used (chmod o-rwx %s)", path, path);
		close(fd);
		return -1;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		n = 0;
	buf[n] = '\0';
	if (strncmp(buf, KEY_MAGIC, sizeof KEY_MAGIC - 1) != 0 ||
	    sodium_hex2bin(key, STORE_KEY_BYTES, buf + sizeof KEY_MAGIC - 1,
	    2 * STORE_KEY_BYTES, NULL, &binlen, NULL) != 0 ||
	    binlen != STORE_KEY_BYTES) {
		sodium_memzero(buf, sizeof buf);
		*cause = xasprintf("the My Number key file %s is damaged "
		    "(not a kakanai key)", path);
		return -1;
	}
	sodium_memzero(buf, sizeof buf);
	return 0;
}

/* The associated data: which visit and item a sealed value belongs to. */
static char *
seal_ad(long visit_id, const char *item, size_t *len)
{
	char *ad = xasprintf("kakanai-mynumber %ld %s", visit_id, item);

	*len = strlen(ad);
	return ad;
}

int
store_seal(const struct store *s, long visit_id, const char *item,
    const char *value, unsigned char **out, size_t *outlen, char **cause)
{
	unsigned char *box, *nonce;
	unsigned long long clen;
	size_t vlen = strlen(value), adlen;
	char *ad;

	if (s->key == NULL) {
		*cause = xasprintf("a My Number cannot be saved: %s",
		    s->key_problem);
		return -1;
	}
	box = xmalloc(vlen + SEAL_OVERHEAD);
	box[0] = SEAL_FORMAT;
	nonce = box + 1;
	randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	ad = seal_ad(visit_id, item, &adlen);
	crypto_aead_xchacha20poly1305_ietf_encrypt(nonce +
	    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
	    (const unsigned char *)value, vlen, (const unsigned char *)ad,
	    adlen, NULL, nonce, s->key);
	free(ad);
	*out = box;
	*outlen = 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
	    (size_t)clen;
	return 0;
}

/* Open with a given key: a NUL-terminated plaintext, or NULL. */
static char *
unseal_with(const unsigned char *key, long visit_id, const char *item,
    const unsigned char *box, size_t len)
{
	const unsigned char *nonce = box + 1;
	unsigned long long mlen;
	size_t adlen;
	char *ad, *m;

	if (len < SEAL_OVERHEAD || box[0] != SEAL_FORMAT)
		return NULL;
	m = xmalloc(len);
	ad = seal_ad(visit_id, item, &adlen);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)m,
	    &mlen, NULL, nonce + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    len - 1 - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	    (const unsigned char *)ad, adlen, nonce, key) != 0) {
		free(ad);
		free(m);
		return NULL;
	}
	free(ad);
	m[mlen] = '\0';
	return m;
}

char *
store_unseal(const struct store *s, long visit_id, const char *item,
    const void *box, size_t len, char **cause)
{
	char *m;

	if (s->key == NULL) {
		*cause = xasprintf("visit %ld: its My Numbers cannot be read: "
		    "%s", visit_id, s->key_problem);
		return NULL;
	}
	m = unseal_with(s->key, visit_id, item, box, len);
	if (m == NULL)
		*cause = xasprintf("visit %ld: the stored %s fails its check "
		    "(altered, or sealed with another key); not used",
		    visit_id, item);
	return m;
}

void
store_secret_free(char *p)
{
	if (p != NULL) {
		sodium_memzero(p, strlen(p));
		free(p);
	}
}

/* The key id the database records, "" if none yet (caller frees). */
static char *
meta_key_id(struct store *s)
{
	sqlite3_stmt *st;
	char *id = NULL;

	if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE"
	    " name = 'key_id'", -1, &st, NULL) != SQLITE_OK)
		return xstrdup("");	/* no meta table: before schema 4 */
	if (store_step(s, st) == SQLITE_ROW)
		id = store_col(st, 0);
	sqlite3_finalize(st);
	return id != NULL ? id : xstrdup("");
}

int
store_key_record(struct store *s, char **cause)
{
	sqlite3_stmt *st;
	char id[33];
	int rc;

	if (s->key == NULL)
		return 0;
	store_key_id(s->key, id);
	st = store_prepare(s, "INSERT OR REPLACE INTO meta (name, value)"
	    " VALUES ('key_id', ?)", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = store_step(s, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "recording the key id");
		return -1;
	}
	return 0;
}

static void
key_set_problem(struct store *s, char *problem)
{
	store_key_forget(s);
	free(s->key_problem);
	s->key_problem = problem;
}

void
store_key_forget(struct store *s)
{
	if (s->key != NULL)
		sodium_free(s->key);
	s->key = NULL;
}

/* Load s->key_path into a fresh guarded buffer; 0, or -1 with *cause. */
static int
key_load_into(struct store *s, const char *path, char **cause)
{
	unsigned char *key = sodium_malloc(STORE_KEY_BYTES);

	if (key == NULL) {
		*cause = xstrdup("out of memory for the key");
		return -1;
	}
	if (store_key_load(path, key, cause) != 0) {
		sodium_free(key);
		return -1;
	}
	store_key_forget(s);
	s->key = key;
	sodium_mprotect_readonly(key);
	return 0;
}

int
store_key_setup(struct store *s, int may_create, char **cause)
{
	char *recorded, *why = NULL, *next, *made = NULL;
	char id[33];

	if (key_sodium_init(cause) != 0)
		return -1;
	free(s->key_path);
	s->key_path = store_key_path(s->path);
	recorded = meta_key_id(s);
	if (key_load_into(s, s->key_path, &why) != 0) {
		if (*recorded == '\0' && may_create &&
		    access(s->key_path, F_OK) == -1 && errno == ENOENT) {
			/* a database that never had a key gets one; if
			 * another process made it first, that one is used */
			free(why);
			why = NULL;
			if (store_key_create(s->key_path, 0600, (gid_t)-1,
			    &made) != 0 && access(s->key_path, F_OK) == -1) {
				*cause = made;
				free(recorded);
				return -1;
			}
			free(made);
			if (key_load_into(s, s->key_path, &why) == 0) {
				free(recorded);
				return 0;
			}
		}
		key_set_problem(s, why);
		free(recorded);
		return 0;
	}
	store_key_id(s->key, id);
	if (*recorded != '\0' && strcmp(recorded, id) != 0) {
		/* a rotation that committed but did not rename its new key
		 * into place: finish it */
		next = xasprintf("%s.new", s->key_path);
		if (key_load_into(s, next, &why) == 0) {
			store_key_id(s->key, id);
			if (strcmp(recorded, id) == 0 &&
			    rename(next, s->key_path) == 0) {
				free(next);
				free(recorded);
				return 0;
			}
		}
		free(why);
		free(next);
		key_set_problem(s, xasprintf("the My Number key file %s "
		    "belongs to another database", s->key_path));
	}
	free(recorded);
	return 0;
}

int
store_key_missing(const struct store *s)
{
	struct stat st;

	return s->key == NULL && s->key_path != NULL &&
	    lstat(s->key_path, &st) == -1 && errno == ENOENT;
}

const char *
store_key_problem(const struct store *s)
{
	return s->key != NULL ? NULL : s->key_problem != NULL ?
	    s->key_problem : "the My Number key is not loaded";
}

/* Seal every plaintext My Number of a schema 3 database (moved aside to
 * mynumbers_plain by the migration's SQL), inside its transaction. */
int
store_key_seal_plain(struct store *s, char **cause)
{
	sqlite3_stmt *sel, *ins;
	unsigned char *box;
	size_t len;
	long id;
	const char *item, *value;
	int rc;

	if (s->key == NULL) {
		*cause = xasprintf("%s: its My Numbers cannot be sealed: %s",
		    s->path, store_key_problem(s));
		return -1;
	}
	sel = store_prepare(s, "SELECT visit_id, key, value FROM"
	    " mynumbers_plain", cause);
	if (sel == NULL)
		return -1;
	ins = store_prepare(s, "INSERT INTO mynumbers (visit_id, key, sealed)"
	    " VALUES (?, ?, ?)", cause);
	if (ins == NULL) {
		sqlite3_finalize(sel);
		return -1;
	}
	while ((rc = store_step(s, sel)) == SQLITE_ROW) {
		id = (long)sqlite3_column_int64(sel, 0);
		item = (const char *)sqlite3_column_text(sel, 1);
		value = (const char *)sqlite3_column_text(sel, 2);
		if (store_seal(s, id, item, value != NULL ? value : "", &box,
		    &len, cause) != 0)
			break;
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, item, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(ins, 3, box, (int)len, free);
		if (store_step(s, ins) != SQLITE_DONE) {
			*cause = store_error(s, "sealing My Numbers");
			rc = SQLITE_ERROR;
			break;
		}
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	if (rc != SQLITE_DONE) {
		if (*cause == NULL)
			*cause = store_error(s, "sealing My Numbers");
		return -1;
	}
	/* secure_delete is on: the plaintext pages are zeroed */
	if (store_exec(s, "DROP TABLE mynumbers_plain", cause) != 0)
		return -1;
	return store_key_record(s, cause);
}

struct resealed {
	long id;
	char *item;
	unsigned char *box;
	size_t len;
};

static void
resealed_free(struct resealed *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(r[i].item);
		free(r[i].box);
	}
	free(r);
}

/* Every My Number opened with the store's key and sealed with fresh,
 * collected before any is written (an UPDATE during the scan could
 * bring a row round again). */
static int
reseal_all(struct store *s, unsigned char *fresh, struct resealed **out,
    size_t *n, char **cause)
{
	struct resealed *r = NULL;
	unsigned char *old;
	sqlite3_stmt *sel;
	const char *item;
	char *m;
	long id;
	int rc;

	*n = 0;
	sel = store_prepare(s, "SELECT visit_id, key, sealed FROM mynumbers",
	    cause);
	if (sel == NULL)
		return -1;
	while ((rc = store_step(s, sel)) == SQLITE_ROW) {
		id = (long)sqlite3_column_int64(sel, 0);
		item = (const char *)sqlite3_column_text(sel, 1);
		m = store_unseal(s, id, item, sqlite3_column_blob(sel, 2),
		    (size_t)sqlite3_column_bytes(sel, 2), cause);
		if (m == NULL)
			goto fail;
		r = xreallocarray(r, *n + 1, sizeof *r);
		r[*n].id = id;
		r[*n].item = xstrdup(item);
		old = s->key;
		s->key = fresh;
		rc = store_seal(s, id, item, m, &r[*n].box, &r[*n].len,
		    cause);
		s->key = old;
		store_secret_free(m);
		if (rc != 0) {
			free(r[*n].item);
			goto fail;
		}
		(*n)++;
	}
	sqlite3_finalize(sel);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "reading My Numbers");
		resealed_free(r, *n);
		return -1;
	}
	*out = r;
	return 0;

fail:
	sqlite3_finalize(sel);
	resealed_free(r, *n);
	return -1;
}

int
store_rotate_key(struct store *s, size_t *count, char **cause)
{
	unsigned char *fresh = NULL, *old;
	struct resealed *r = NULL;
	sqlite3_stmt *upd = NULL;
	char *next = NULL;
	struct stat st;
	size_t n = 0, i;
	int rc;

	*count = 0;
	if (s->key == NULL) {
		*cause = xasprintf("the key cannot be rotated: %s",
		    store_key_problem(s));
		return -1;
	}
	if (stat(s->key_path, &st) == -1) {
		*cause = xasprintf("%s: %s", s->key_path, strerror(errno));
		return -1;
	}
	fresh = sodium_malloc(STORE_KEY_BYTES);
	if (fresh == NULL) {
		*cause = xstrdup("out of memory for the key");
		return -1;
	}
	crypto_aead_xchacha20poly1305_ietf_keygen(fresh);
	next = xasprintf("%s.new", s->key_path);
	/* the new key is on disk before the database depends on it */
	if (key_write(next, fresh, st.st_mode & 0777, st.st_gid, 1,
	    cause) != 0)
		goto fail;
	if (store_begin(s, cause) != 0)
		goto fail;
	if (reseal_all(s, fresh, &r, &n, cause) != 0)
		goto rollback;
	upd = store_prepare(s, "UPDATE mynumbers SET sealed = ? WHERE"
	    " visit_id = ? AND key = ?", cause);
	if (upd == NULL)
		goto rollback;
	for (i = 0; i < n; i++) {
		sqlite3_reset(upd);
		sqlite3_bind_blob(upd, 1, r[i].box, (int)r[i].len,
		    SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, r[i].id);
		sqlite3_bind_text(upd, 3, r[i].item, -1, SQLITE_STATIC);
		if (store_step(s, upd) != SQLITE_DONE) {
			*cause = store_error(s, "re-sealing My Numbers");
			goto rollback;
		}
	}
	sqlite3_finalize(upd);
	upd = NULL;
	old = s->key;
	s->key = fresh;
	rc = store_key_record(s, cause);
	s->key = old;
	if (rc != 0 || store_audit(s, 0, "rotate-key", NULL, cause) != 0)
		goto rollback;
	if (store_commit(s, cause) != 0)
		goto fail;
	resealed_free(r, n);
	r = NULL;
	*count = n;
	store_key_forget(s);
	s->key = fresh;
	sodium_mprotect_readonly(fresh);
	if (rename(next, s->key_path) == -1) {
		/* the next open finishes it (store_key_setup) */
		*cause = xasprintf("%s: %s (the database uses the new key in "
		    "%s)", s->key_path, strerror(errno), next);
		free(next);
		return -1;
	}
	free(next);
	return 0;

rollback:
	sqlite3_finalize(upd);
	store_rollback(s);
fail:
	resealed_free(r, n);
	if (next != NULL)
		unlink(next);
	free(next);
	sodium_free(fresh);
	return -1;
}
