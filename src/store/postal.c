/*
 * postal.c - Japan Post's postal code files: reading KEN_ALL.CSV and
 * utf_ken_all.csv into the postal table, and looking codes up.
 *
 * Both files have the same 15 columns (domain.md §4). Which one we were
 * given is decided by content: a file that is valid UTF-8 is UTF-8; one
 * that is not, but whose valid prefix already holds multi-byte UTF-8
 * characters, is a damaged UTF-8 file (refused, naming the line); anything
 * else is decoded as CP932 with iconv, and a byte CP932 cannot decode is
 * refused with its line. Rows are stored as
 *   code, pref, city, town (the name only), note (bracket text), kana
 * with these rules, each from the published data:
 *   - split records: a kanji 町域 with more （ than ） continues on the
 *     next rows (same code) until balanced; a repeated code alone never
 *     merges (0720819 has two 町域).
 *   - 以下に掲載がない場合: town and note empty.
 *   - 「…の次に…がくる場合」 (optionally followed by a bracket): town empty,
 *     note keeps the text, since it says which 番地 the code covers.
 *   - 一円: only 「<municipality>一円」, where the text before 一円 is the
 *     city column without its 郡 (利島村一円, 直島町一円: 22 rows), means
 *     the whole municipality and gives an empty town. 5220317 多賀町
 *     「一円」 is a real 大字 and is kept.
 *   - 地割 (岩手県, 33 rows): 「穴明２２地割、穴明２３地割」 gives the town 穴明
 *     and keeps the whole text as the note.
 *   - several 町域 in one (「井道、奥井道、内井道」): town empty (the clerk
 *     chooses), the list is the note.
 *   - brackets: the town is the text before the first （, the note is the
 *     rest (大通西 + （１～１９丁目）); 名駅ミッドランドスクエア（高層棟）（１階）
 *     keeps both brackets in the note.
 *   - kana: half-width (KEN_ALL) converted to full-width katakana; cut at
 *     its bracket like the kanji; when the kanji has a note but the kana
 *     has no bracket (Kyoto rows drop them) the kana is left empty rather
 *     than carrying a wrong reading.
 *   - U+301C 〜 and U+2212 − (utf_ken_all) become U+FF5E ～ and U+FF0D －,
 *     what CP932 decodes to, so both files give identical rows and every
 *     address can be exported in CP932.
 * A file must end with a line end: a file cut short is refused. Lines
 * starting with # are comments (Japan Post's files have none; ours,
 * data/postal-towns.csv, say where they came from).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict.h"
#include "store/store-int.h"

#define POSTAL_COLUMNS 15

struct postal_parser {
	const char *name;
	struct postal_addr *rows;
	size_t n, cap;
	/* the record being merged, when a 町域 bracket is still open */
	int open;
	int open_line;
	struct postal_addr pending;
	struct strbuf town, kana;
};

static size_t
count_lines(const char *data, size_t upto)
{
	size_t i, line = 1;

	for (i = 0; i < upto; i++)
		if (data[i] == '\n')
			line++;
	return line;
}

/* A file that is not valid UTF-8 was still meant to be UTF-8 when it
 * holds more valid 3- and 4-byte UTF-8 characters (kana, kanji) than bad
 * bytes: one damaged byte in a UTF-8 file, rather than a CP932 file,
 * whose half-width kana bytes are never valid UTF-8. */
static int
utf8_mostly(const char *data, size_t len)
{
	size_t good = 0, bad = 0, k;
	uint32_t c;

	while (len > 0) {
		k = utf8_decode(data, len, &c);
		if (k == 0) {
			bad++;
			k = 1;
		} else if (k >= 3)
			good++;
		data += k;
		len -= k;
	}
	return good > bad;
}

static char *
cp932_decode(const char *name, const char *data, size_t len, size_t *outlen,
    char **cause)
{
	iconv_t cd;
	char *out, *in = (char *)data, *o;
	size_t inleft = len, outleft, cap = len * 3 + 16, off;

	cd = iconv_open("UTF-8", "CP932");
	if (cd == (iconv_t)-1) {
		*cause = xasprintf("%s: this system's iconv has no CP932: %s",
		    name, strerror(errno));
		return NULL;
	}
	out = o = xmalloc(cap);
	outleft = cap - 1;
	if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
		off = (size_t)(in - data);
		if (errno == EINVAL)
			*cause = xasprintf("%s:%zu: the file ends inside a "
			    "character (truncated?)", name,
			    count_lines(data, off));
		else
			*cause = xasprintf("%s:%zu: byte 0x%02X (offset %zu) "
			    "is not valid CP932 (Shift_JIS) or UTF-8; nothing "
			    "was imported", name, count_lines(data, off),
			    (unsigned char)data[off], off);
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*o = '\0';
	*outlen = (size_t)(o - out);
	return out;
}

/* One character of a postal file, in the stored form: U+301C and U+2212
 * as CP932 decodes them, half-width forms as full-width. */
static uint32_t
fold(uint32_t c)
{
	if (c == 0x301c)
		return 0xff5e;
	if (c == 0x2212)
		return 0xff0d;
	return c;
}

static char *
postal_text(const char *s)
{
	struct strbuf sb;
	uint32_t c;
	size_t len = strlen(s), k;

	sb_init(&sb);
	sb_add(&sb, "");
	while (len > 0 && (k = utf8_decode(s, len, &c)) > 0) {
		sb_add_utf8(&sb, fold(c));
		s += k;
		len -= k;
	}
	return sb_detach(&sb);
}

/* Full-width katakana for a kana column (half-width in KEN_ALL). */
static char *
postal_kana(const char *s)
{
	char *full = kana_to_fullwidth(s), *out = postal_text(full);

	free(full);
	return out;
}

/* Split one CSV line (no line end) into fields, in place. */
static int
csv_split(char *line, char **f, int max)
{
	int n = 0;
	char *r = line, *w;

	for (;;) {
		if (n == max)
			return -1;
		if (*r == '"') {
			f[n++] = w = ++r;
			for (;;) {
				if (*r == '\0')
					return -1;	/* unclosed quote */
				if (*r == '"') {
					if (r[1] == '"') {
						*w++ = '"';
						r += 2;
						continue;
					}
					r++;
					break;
				}
				*w++ = *r++;
			}
			*w = '\0';
			if (*r != ',' && *r != '\0')
				return -1;
		} else {
			f[n++] = r;
			while (*r != ',' && *r != '\0')
				r++;
		}
		if (*r == '\0')
			break;
		*r++ = '\0';
	}
	return n;
}

static int
is_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return s[n] == '\0';
}

/* Count of （ minus ）: open brackets left in a 町域. */
static int
bracket_depth(const char *s)
{
	int depth = 0;

	for (; *s != '\0'; s++) {
		if (strncmp(s, "（", 3) == 0)
			depth++;
		else if (strncmp(s, "）", 3) == 0)
			depth--;
	}
	return depth;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The city column without its 郡: 犬上郡多賀町 → 多賀町. */
static const char *
municipality(const char *city)
{
	const char *g = strstr(city, "郡");

	return g != NULL ? g + strlen("郡") : city;
}

/* 「…の次に…がくる場合」, possibly followed by a bracket note. */
static int
is_next_banchi(const char *town)
{
	const char *p = strstr(town, "の次に"), *q;

	if (p == NULL || (q = strstr(p, "がくる場合")) == NULL)
		return 0;
	q += strlen("がくる場合");
	return *q == '\0' || strncmp(q, "（", 3) == 0;
}

/* The first digit (ASCII or full-width) in s, or NULL. */
static const char *
first_digit(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9')
			return s;
		if (strncmp(s, "\xef\xbc", 2) == 0 && (unsigned char)s[2] >=
		    0x90 && (unsigned char)s[2] <= 0x99)
			return s;	/* U+FF10..FF19 */
	}
	return NULL;
}

/*
 * 地割 (岩手県): 「穴明２２地割、穴明２３地割」, 「下前７地割～下前１４地割」,
 * 「上野々３９地割」 - the 大字 and the 地割 the code covers. The town is the
 * name before the first number; the whole text is the note, the 地割 being
 * typed with the 番地.
 */
static int
chiwari_name(const char *town, const char *kana, struct postal_addr *a)
{
	const char *d = first_digit(town), *kd;

	if (strstr(town, "地割") == NULL || d == NULL || d == town)
		return 0;
	a->town = xstrndup(town, (size_t)(d - town));
	a->note = xstrdup(town);
	kd = first_digit(kana);
	a->kana = kd != NULL ? xstrndup(kana, (size_t)(kd - kana)) :
	    xstrdup("");
	return 1;
}

/* Apply the 町域 rules to a complete record (see the top comment). */
static void
postal_finish(struct postal_addr *a, char *town, char *kana)
{
	const char *muni = municipality(a->city), *br;
	size_t mlen = strlen(muni);

	a->town = NULL;
	a->note = NULL;
	a->kana = NULL;
	if (strcmp(town, "以下に掲載がない場合") == 0) {
		a->town = xstrdup("");
		a->note = xstrdup("");
	} else if (is_next_banchi(town)) {
		a->town = xstrdup("");
		a->note = xstrdup(town);
	} else if (ends_with(town, "一円") && mlen > 0 &&
	    strlen(town) == mlen + strlen("一円") &&
	    strncmp(town, muni, mlen) == 0) {
		a->town = xstrdup("");
		a->note = xstrdup("");
	}
	if (a->town != NULL) {
		a->kana = xstrdup("");
		free(town);
		free(kana);
		return;
	}
	br = strstr(town, "（");
	if (br == NULL && chiwari_name(town, kana, a)) {
		free(town);
		free(kana);
		return;
	}
	if (br == NULL && strstr(town, "、") != NULL) {
		/* 井道、奥井道、内井道: several 町域 under one code - the
		 * clerk chooses, so the town is left to be typed. */
		a->town = xstrdup("");
		a->note = town;
		a->kana = xstrdup("");
		free(kana);
		return;
	}
	if (br != NULL) {
		a->town = xstrndup(town, (size_t)(br - town));
		a->note = xstrdup(br);
		if ((br = strstr(kana, "（")) != NULL)
			a->kana = xstrndup(kana, (size_t)(br - kana));
		else
			a->kana = xstrdup("");
		free(town);
		free(kana);
	} else {
		a->town = town;
		a->note = xstrdup("");
		a->kana = kana;
	}
	if (*a->town == '\0') {
		free(a->kana);
		a->kana = xstrdup("");
	}
}

static void
parser_emit(struct postal_parser *p, struct postal_addr *a, char *town,
    char *kana)
{
	postal_finish(a, town, kana);
	if (p->n == p->cap) {
		p->cap = p->cap == 0 ? 1024 : p->cap * 2;
		p->rows = xreallocarray(p->rows, p->cap, sizeof *p->rows);
	}
	p->rows[p->n++] = *a;
}

static int
parser_line(struct postal_parser *p, char *line, size_t lineno, char **cause)
{
	char *f[POSTAL_COLUMNS + 1], *town, *kana;
	struct postal_addr a;
	int n, i;

	n = csv_split(line, f, POSTAL_COLUMNS + 1);
	if (n < 0) {
		*cause = xasprintf("%s:%zu: a broken line (a quote not closed "
		    "or too many columns); nothing was imported", p->name,
		    lineno);
		return -1;
	}
	if (n != POSTAL_COLUMNS) {
		*cause = xasprintf("%s:%zu: expected %d columns, found %d; "
		    "nothing was imported", p->name, lineno, POSTAL_COLUMNS,
		    n);
		return -1;
	}
	if (!is_digits(f[0], 5)) {
		*cause = xasprintf("%s:%zu: column 1: not a 5-digit 地方公共団体"
		    "コード: %s", p->name, lineno, f[0]);
		return -1;
	}
	if (!is_digits(f[2], 7)) {
		*cause = xasprintf("%s:%zu: column 3: not a 7-digit postal "
		    "code: %s", p->name, lineno, f[2]);
		return -1;
	}
	for (i = 9; i < POSTAL_COLUMNS; i++) {
		if (!is_digits(f[i], 1)) {
			*cause = xasprintf("%s:%zu: column %d: not a digit: "
			    "%s", p->name, lineno, i + 1, f[i]);
			return -1;
		}
	}
	if (*f[6] == '\0' || *f[7] == '\0') {
		*cause = xasprintf("%s:%zu: no 都道府県 or 市区町村", p->name,
		    lineno);
		return -1;
	}
	town = postal_text(f[8]);
	kana = postal_kana(f[5]);
	if (p->open) {
		if (strcmp(f[2], p->pending.code) != 0) {
			*cause = xasprintf("%s:%zu: the 町域 begun on line %d "
			    "has an unclosed （ and this row has another "
			    "code (%s)", p->name, lineno, p->open_line, f[2]);
			free(town);
			free(kana);
			return -1;
		}
		sb_add(&p->town, town);
		sb_add(&p->kana, kana);
		free(town);
		free(kana);
		if (bracket_depth(p->town.s) <= 0) {
			p->open = 0;
			parser_emit(p, &p->pending, sb_detach(&p->town),
			    sb_detach(&p->kana));
			memset(&p->pending, 0, sizeof p->pending);
		}
		return 0;
	}
	memset(&a, 0, sizeof a);
	memcpy(a.code, f[2], 8);
	a.pref = postal_text(f[6]);
	a.city = postal_text(f[7]);
	if (bracket_depth(town) > 0) {
		p->open = 1;
		p->open_line = (int)lineno;
		p->pending = a;
		sb_init(&p->town);
		sb_init(&p->kana);
		sb_add(&p->town, town);
		sb_add(&p->kana, kana);
		free(town);
		free(kana);
		return 0;
	}
	parser_emit(p, &a, town, kana);
	return 0;
}

static void
parser_free_pending(struct postal_parser *p)
{
	if (!p->open)
		return;
	free(p->pending.pref);
	free(p->pending.city);
	sb_free(&p->town);
	sb_free(&p->kana);
	p->open = 0;
}

int
postal_parse(const char *name, const char *data, size_t len,
    struct postal_addr **rows, size_t *n, char **cause)
{
	struct postal_parser p = { 0 };
	char *text = NULL, *line, *end, *cr;
	size_t bad, textlen, lineno = 0;
	int rc = -1;

	*rows = NULL;
	*n = 0;
	p.name = name;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (len == 0) {
		*cause = xasprintf("%s: empty file; nothing was imported", name);
		return -1;
	}
	if (memchr(data, '\0', len) != NULL) {
		bad = (size_t)((const char *)memchr(data, '\0', len) - data);
		*cause = xasprintf("%s:%zu: NUL byte (offset %zu): not a "
		    "postal code file", name, count_lines(data, bad), bad);
		return -1;
	}
	if (utf8_valid(data, len, &bad))
		text = xstrndup(data, len), textlen = len;
	else if (utf8_mostly(data, len)) {
		*cause = xasprintf("%s:%zu: byte 0x%02X (offset %zu) is not "
		    "valid UTF-8 in a UTF-8 file; nothing was imported", name,
		    count_lines(data, bad), (unsigned char)data[bad], bad);
		return -1;
	} else if ((text = cp932_decode(name, data, len, &textlen,
	    cause)) == NULL)
		return -1;
	if (textlen > 0 && text[textlen - 1] != '\n') {
		*cause = xasprintf("%s:%zu: the last line has no line end: the "
		    "file is cut short; nothing was imported", name,
		    count_lines(text, textlen));
		goto out;
	}
	for (line = text; *line != '\0'; line = end + 1) {
		lineno++;
		end = strchr(line, '\n');
		*end = '\0';
		if ((cr = strchr(line, '\r')) != NULL)
			*cr = '\0';
		if (*line == '\0' || *line == '#')
			continue;	/* blank; comment (our own files) */
		if (parser_line(&p, line, lineno, cause) != 0)
			goto out;
	}
	if (p.open) {
		*cause = xasprintf("%s:%d: the 町域 has an unclosed （ and the "
		    "file ends (truncated?); nothing was imported", name,
		    p.open_line);
		goto out;
	}
	if (p.n == 0) {
		*cause = xasprintf("%s: no rows", name);
		goto out;
	}
	*rows = p.rows;
	*n = p.n;
	p.rows = NULL;
	p.n = 0;
	rc = 0;
out:
	parser_free_pending(&p);
	postal_addr_free(p.rows, p.n);
	free(text);
	return rc;
}

void
postal_addr_free(struct postal_addr *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].pref);
		free(a[i].city);
		free(a[i].town);
		free(a[i].note);
		free(a[i].kana);
	}
	free(a);
}

int
postal_store_rows(struct store *s, const struct postal_addr *rows, size_t n,
    char **cause)
{
	sqlite3_stmt *st;
	size_t i;

	if (store_exec(s, "DELETE FROM postal", cause) != 0)
		return -1;
	st = store_prepare(s, "INSERT INTO postal (code, seq, pref, city,"
	    " town, note, kana) VALUES (?, ?, ?, ?, ?, ?, ?)", cause);
	if (st == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, rows[i].code, 7, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, rows[i].pref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, rows[i].city, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, rows[i].town, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, rows[i].note, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, rows[i].kana, -1, SQLITE_STATIC);
		if (store_step(s, st) != SQLITE_DONE) {
			*cause = store_error(s, "storing postal codes");
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	return 0;
}

int
postal_import_data(struct store *s, const char *name, const char *data,
    size_t len, size_t *count, char **cause)
{
	struct postal_addr *rows;
	size_t n;
	char *detail;

	if (postal_parse(name, data, len, &rows, &n, cause) != 0)
		return -1;
	if (store_begin(s, cause) != 0) {
		postal_addr_free(rows, n);
		return -1;
	}
	if (postal_store_rows(s, rows, n, cause) != 0)
		goto fail;
	detail = xasprintf("postal codes: %zu rows from %s", n, name);
	if (store_audit(s, 0, "import", detail, cause) != 0) {
		free(detail);
		goto fail;
	}
	free(detail);
	postal_addr_free(rows, n);
	if (count != NULL)
		*count = n;
	return store_commit(s, cause);

fail:
	postal_addr_free(rows, n);
	store_rollback(s);
	return -1;
}

int
postal_import(struct store *s, const char *path, size_t *count,
    char **cause)
{
	char *data;
	size_t len;
	int rc;

	if ((data = file_read(path, &len, cause)) == NULL)
		return -1;
	rc = postal_import_data(s, path, data, len, count, cause);
	free(data);
	return rc;
}

/* "190-0182", "１９００１８２", "〒190 0182" → "1900182"; -1 if that does
 * not leave exactly 7 digits. */
static int
postal_code_norm(const char *in, char out[8])
{
	size_t len = strlen(in), k, n = 0;
	uint32_t c;

	while (len > 0) {
		if ((k = utf8_decode(in, len, &c)) == 0)
			return -1;
		in += k;
		len -= k;
		if (c >= 0xff10 && c <= 0xff19)
			c -= 0xfee0;
		if (c >= '0' && c <= '9') {
			if (n == 7)
				return -1;
			out[n++] = (char)c;
		} else if (c != '-' && c != ' ' && c != 0xff0d &&
		    c != 0x2212 && c != 0x30fc && c != 0x3000 && c != 0x3012)
			return -1;
	}
	out[n] = '\0';
	return n == 7 ? 0 : -1;
}

int
postal_lookup(struct store *s, const char *code, struct postal_addr **out,
    size_t *n, char **cause)
{
	struct postal_addr *a = NULL;
	sqlite3_stmt *st;
	size_t cap = 0, count = 0;
	char norm[8];
	int rc;

	*out = NULL;
	*n = 0;
	if (postal_code_norm(code, norm) != 0) {
		*cause = xasprintf("郵便番号は7桁の数字です: %s", code);
		return -1;
	}
	st = store_prepare(s, "SELECT pref, city, town, note, kana FROM postal"
	    " WHERE code = ? ORDER BY seq", cause);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, norm, 7, SQLITE_STATIC);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			a = xreallocarray(a, cap, sizeof *a);
		}
		memcpy(a[count].code, norm, 8);
		a[count].pref = store_col(st, 0);
		a[count].city = store_col(st, 1);
		a[count].town = store_col(st, 2);
		a[count].note = store_col(st, 3);
		a[count].kana = store_col(st, 4);
		count++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		*cause = store_error(s, "looking up a postal code");
		postal_addr_free(a, count);
		return -1;
	}
	*out = a;
	*n = count;
	return 0;
}
