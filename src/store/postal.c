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
 *   code, pref, city, town (a place name only), note, kana
 * The town is what goes into an address; the note is what the clerk sees
 * beside it in the address list to choose the right row, and is never
 * printed. Every kind of 町域 text in the published files that is not a
 * plain place name is handled here (counts from utf_ken_all, 124,511
 * rows; tests/unit/test-postal.c has a real row of each):
 *   - split records: a kanji 町域 with more （ than ） continues on the
 *     next rows (same code) until balanced (KEN_ALL: 208 records over 314
 *     more rows); a repeated code alone never merges (0720819 has two
 *     町域). No note has a bracket inside a bracket.
 *   - 以下に掲載がない場合 (1,870): town and note empty.
 *   - 「<municipality>の次に番地がくる場合」 (16): the address is the
 *     municipality and a 番地: town and note empty. With a range or a
 *     bracket (小菅村の次に１～６６３番地がくる場合, 琴平町の次に１～４２６番地
 *     がくる場合（川東）, 4) the note keeps what tells the codes apart:
 *     （１～６６３番地）, （１～４２６番地、川東）. 「大島町の次に番地がくる
 *     場合」 in 西海市 names a town of the city: town 大島町.
 *   - 一円: only 「<municipality>一円」, where the text before 一円 is the
 *     city column without its 郡 (利島村一円, 直島町一円: 22 rows), means
 *     the whole municipality and gives an empty town. 5220317 多賀町
 *     「一円」 is a real 大字 and is kept.
 *   - brackets: the town is the text before the first （, the note is the
 *     bracket (大通西 + （１～１９丁目）, 篠路 + （新町）). Notes that only
 *     say which part of a town the code covers are dropped, since the
 *     code already says it and the town alone is the address: （その他）
 *     (560), （次のビルを除く） (33), （丁目）, （番地）, （番地のみ）,
 *     （大字）, （大字、番地）, （全域） (109).
 *     Such a note stays only where it alone tells two rows of one code
 *     apart (5810027 八尾木（丁目） ヤオギ, 八尾木（大字） ヨオギ).
 *   - buildings with a code per floor (86 buildings): 西新宿新宿センタービル
 *     （１階） is the town 西新宿 (the longest town of the city its name
 *     begins with) and the note （新宿センタービル　１階）; （地階・階層不明）
 *     gives the building alone, （新宿センタービル）; a wing stays with it,
 *     （ミッドランドスクエア　高層棟　１階）.
 *   - a 地割 written into the name (西和賀町 穴明２２地割、穴明２３地割,
 *     湯田１９地割～湯田２１地割; 洋野町 種市第８地割～第１４地割: 47) is
 *     written with the 番地, as in Iwate's other rows (川井（第９地割～
 *     第１１地割）): town 穴明, note （２２地割、２３地割）.
 *   - a 番地 written into the name (北杜市 大泉町西井出８２４０－１（美森、
 *     …）): town 大泉町西井出, note （８２４０－１　美森、…）.
 *   - several towns under one code (新城市 井道、奥井道、内井道; 土庄町
 *     甲、乙（港新町）: 12): one row per town, each with the note.
 *   Everything else in brackets is a real note and is kept as written:
 *   丁目, 番地, 地割, 条, 線, 区 numbers and ranges; 小字 and 通称 names
 *   and lists of them; 「…を除く」, 「…以外」, 以上, 以降, 含む inside them;
 *   〔…〕; Kyoto's street directions (下立売通堀川東入).
 *   - kana: half-width (KEN_ALL) converted to full-width katakana; cut
 *     like the kanji (at its bracket, before a 地割 or 番地); when the kanji
 *     has a note but the kana has no bracket (Kyoto rows drop them) the
 *     kana is left empty rather than carrying a wrong reading.
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
	/* rows that are a floor of a building, for parser_buildings */
	size_t *bld;
	size_t nbld, capbld;
	/* rows whose note only says which part of the town they are */
	size_t *part;
	size_t npart, cappart;
	/* the record being merged, when a 町域 bracket is still open */
	int open;
	int open_line;
	struct postal_addr pending;
	struct strbuf town, kana;
};

static void
postal_addr_free_one(struct postal_addr *a)
{
	free(a->pref);
	free(a->city);
	free(a->town);
	free(a->note);
	free(a->kana);
}

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

/* Notes that only say which part of a town a code covers - the rest of
 * it, its 丁目 part, its 番地 or 大字 part, all of it: once the clerk has
 * typed the code they say nothing more, and the town alone is the
 * address (but see parser_part_notes). */
static const char *const part_notes[] = {
	"（その他）", "（次のビルを除く）", "（丁目）", "（番地）",
	"（番地のみ）", "（大字）", "（大字、番地）", "（全域）",
};

/* A full-width digit (U+FF10..U+FF19) at s. */
static int
is_digit_fw(const char *s)
{
	return (unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99;
}

/* Bytes of the run of full-width digits at s. */
static size_t
digits_fw(const char *s)
{
	size_t n = 0;

	while (is_digit_fw(s + n))
		n += 3;
	return n;
}

/* s up to (not including) the first full-width digit. */
static char *
before_digit(const char *s)
{
	const char *d;

	for (d = s; *d != '\0' && !is_digit_fw(d); d++)
		;
	return xstrndup(s, (size_t)(d - s));
}

/* s up to the first mark, or all of s. */
static char *
before(const char *s, const char *mark)
{
	const char *m = strstr(s, mark);

	return m != NULL ? xstrndup(s, (size_t)(m - s)) : xstrdup(s);
}

/* 「<town>の次に<番地>がくる場合」, possibly followed by a bracket: the
 * code is for addresses written as <town> and a 番地. When <town> is the
 * municipality itself (日出町の次に番地がくる場合) there is no town; when
 * it is a town of the city (西海市 大島町の次に番地がくる場合) it is that
 * town. The 番地 part, when more than 「番地」 (１～６６３番地,
 * ６６４番地以降), and the bracket (川東) are the note. 0 when town is not
 * of that shape. */
static int
next_banchi(const char *town, const char *muni, const char *kana,
    char **t, char **note, char **k)
{
	const char *p = strstr(town, "の次に"), *mid, *q, *tail, *kp;
	size_t tlen, mlen;
	struct strbuf sb;

	if (p == NULL || (q = strstr(p, "がくる場合")) == NULL)
		return 0;
	tail = q + strlen("がくる場合");
	if (*tail != '\0' && (strncmp(tail, "（", 3) != 0 ||
	    !ends_with(tail, "）") || strlen(tail) <= 6))
		return 0;
	tlen = (size_t)(p - town);
	if ((kp = strstr(town, "（")) != NULL && kp < p)
		return 0;		/* inside a note, not the 町域 */
	if (tlen == strlen(muni) && strncmp(town, muni, tlen) == 0) {
		*t = xstrdup("");
		*k = xstrdup("");
	} else {
		*t = xstrndup(town, tlen);
		kp = strstr(kana, "ノツギニ");
		*k = kp != NULL ? xstrndup(kana, (size_t)(kp - kana)) :
		    xstrdup("");
	}
	mid = p + strlen("の次に");
	mlen = (size_t)(q - mid);
	if (mlen == strlen("番地") && strncmp(mid, "番地", mlen) == 0)
		mlen = 0;
	sb_init(&sb);
	sb_add(&sb, "");
	if (mlen > 0 || *tail != '\0') {
		sb_add(&sb, "（");
		sb_addn(&sb, mid, mlen);
		if (mlen > 0 && *tail != '\0')
			sb_add(&sb, "、");
		if (*tail != '\0')
			sb_addn(&sb, tail + 3, strlen(tail) - 6);
		sb_add(&sb, "）");
	}
	*note = sb_detach(&sb);
	return 1;
}

/* A 地割 written into the town name - 西和賀町's 「上野々３９地割」,
 * 「穴明２２地割、穴明２３地割」, 「湯田１９地割～湯田２１地割」, 洋野町's
 * 「種市第８地割～第１４地割」: the town is the name, and the 地割, which
 * is written with the 番地 as elsewhere in Iwate (川井（第９地割～第１１地割）),
 * goes to *extra without the repeated name: 「２２地割、２３地割」. 0 when
 * name is not of that shape. */
static int
split_chiwari(const char *name, char **base, char **extra)
{
	const char *s, *d;
	size_t blen, k;
	struct strbuf sb;

	for (d = name; *d != '\0'; d++)
		if (is_digit_fw(d) || (strncmp(d, "第", 3) == 0 &&
		    is_digit_fw(d + 3)))
			break;
	if (*d == '\0' || d == name)
		return 0;
	blen = (size_t)(d - name);
	sb_init(&sb);
	sb_add(&sb, "");
	for (s = d;;) {
		if (strncmp(s, "第", 3) == 0) {
			sb_add(&sb, "第");
			s += 3;
		}
		k = digits_fw(s);
		if (k == 0 || strncmp(s + k, "地割", strlen("地割")) != 0)
			goto no;
		sb_addn(&sb, s, k + strlen("地割"));
		s += k + strlen("地割");
		if (*s == '\0')
			break;
		if (strncmp(s, "、", 3) != 0 && strncmp(s, "～", 3) != 0)
			goto no;
		sb_addn(&sb, s, 3);
		s += 3;
		if (strncmp(s, name, blen) == 0)
			s += blen;
	}
	*base = xstrndup(name, blen);
	*extra = sb_detach(&sb);
	return 1;
no:
	sb_free(&sb);
	return 0;
}

/* A 番地 written into the town name: 北杜市 「大泉町西井出８２４０－１」
 * is the town 大泉町西井出 and *extra 「８２４０－１」. 0 when name does not
 * end in <digits>－<digits>. */
static int
split_banchi(const char *name, char **base, char **extra)
{
	size_t len = strlen(name), end = len, k = 0;

	while (end >= 3 && is_digit_fw(name + end - 3)) {
		end -= 3;
		k++;
	}
	if (k == 0 || end < 3 || strncmp(name + end - 3, "－", 3) != 0)
		return 0;
	end -= 3;
	k = 0;
	while (end >= 3 && is_digit_fw(name + end - 3)) {
		end -= 3;
		k++;
	}
	if (k == 0 || end == 0)
		return 0;
	*base = xstrndup(name, end);
	*extra = xstrdup(name + end);
	return 1;
}

/* extra put in front of a note: （extra） or （extra　<note's text>）. */
static char *
note_prepend(const char *extra, const char *note)
{
	if (*note == '\0')
		return xasprintf("（%s）", extra);
	return xasprintf("（%s　%s", extra, note + 3);
}

/* The last bracket of a note says a floor of a high-rise building that
 * has a code per floor: （１階）, （地階・階層不明） (its basements and mail
 * without a floor). */
static int
is_floor_note(const char *note)
{
	const char *last = NULL, *s;
	size_t k;

	for (s = note; (s = strstr(s, "（")) != NULL; s += 3)
		last = s;
	if (last == NULL)
		return 0;
	if (strcmp(last, "（地階・階層不明）") == 0)
		return 1;
	k = digits_fw(last + 3);
	return k > 0 && strcmp(last + 3 + k, "階）") == 0;
}

static void
index_push(size_t **v, size_t *n, size_t *cap, size_t i)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 256 : *cap * 2;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = i;
}

static void
parser_add(struct postal_parser *p, const struct postal_addr *a,
    int building, int partnote)
{
	if (p->n == p->cap) {
		p->cap = p->cap == 0 ? 1024 : p->cap * 2;
		p->rows = xreallocarray(p->rows, p->cap, sizeof *p->rows);
	}
	if (building)
		index_push(&p->bld, &p->nbld, &p->capbld, p->n);
	if (partnote)
		index_push(&p->part, &p->npart, &p->cappart, p->n);
	p->rows[p->n++] = *a;
}

/* 「井道、奥井道、内井道」 (新城市), 「甲、乙」 (土庄町): one code for
 * several towns, each its own place: one row each with the same note, the
 * kana split the same way when it has as many parts. */
static void
emit_list(struct postal_parser *p, struct postal_addr *a, char *town,
    char *kana, int partnote)
{
	struct postal_addr r;
	char *ts = town, *ks = kana, *te, *ke;
	int first = 1;

	for (;;) {
		te = strstr(ts, "、");
		ke = ks != NULL ? strstr(ks, "、") : NULL;
		if ((te == NULL) != (ke == NULL))
			ks = NULL;		/* kana parts do not match */
		r = *a;
		if (!first) {
			r.pref = xstrdup(a->pref);
			r.city = xstrdup(a->city);
		}
		r.town = te != NULL ? xstrndup(ts, (size_t)(te - ts)) :
		    xstrdup(ts);
		r.note = xstrdup(a->note);
		r.kana = ks == NULL ? xstrdup("") : ke != NULL ?
		    xstrndup(ks, (size_t)(ke - ks)) : xstrdup(ks);
		parser_add(p, &r, 0, partnote);
		first = 0;
		if (te == NULL)
			break;
		ts = te + 3;
		if (ks != NULL)
			ks = ke + 3;
	}
	free(a->note);
	free(town);
	free(kana);
}

/* Apply the 町域 rules to a complete record (see the top comment) and add
 * its row or rows. */
static void
parser_emit(struct postal_parser *p, struct postal_addr *a, char *town,
    char *kana)
{
	const char *muni = municipality(a->city), *br;
	size_t mlen = strlen(muni), i;
	char *name, *kname, *base, *extra, *s;
	int building = 0, partnote = 0;

	a->town = NULL;
	a->note = NULL;
	a->kana = NULL;
	if (strcmp(town, "以下に掲載がない場合") == 0) {
		a->town = xstrdup("");
		a->note = xstrdup("");
		a->kana = xstrdup("");
	} else if (next_banchi(town, muni, kana, &a->town, &a->note,
	    &a->kana)) {
		;
	} else if (ends_with(town, "一円") && mlen > 0 &&
	    strlen(town) == mlen + strlen("一円") &&
	    strncmp(town, muni, mlen) == 0) {
		a->town = xstrdup("");
		a->note = xstrdup("");
		a->kana = xstrdup("");
	}
	if (a->town != NULL) {
		free(town);
		free(kana);
		parser_add(p, a, 0, 0);
		return;
	}
	/* the name and its bracket note */
	if ((br = strstr(town, "（")) != NULL) {
		name = xstrndup(town, (size_t)(br - town));
		a->note = xstrdup(br);
		kname = strstr(kana, "（") != NULL ? before(kana, "（") :
		    xstrdup("");
	} else {
		name = xstrdup(town);
		a->note = xstrdup("");
		kname = xstrdup(kana);
	}
	free(town);
	free(kana);
	for (i = 0; i < nitems(part_notes); i++)
		if (strcmp(a->note, part_notes[i]) == 0)
			partnote = 1;
	if (split_chiwari(name, &base, &extra) ||
	    split_banchi(name, &base, &extra)) {
		if (partnote) {
			/* the 地割 or 番地 says more than the part note */
			*a->note = '\0';
			partnote = 0;
		}
		s = note_prepend(extra, a->note);
		free(a->note);
		a->note = s;
		s = before_digit(kname);
		/* 種市第８地割: タネイチダイ８チワリ */
		if (strncmp(name + strlen(base), "第", 3) == 0 &&
		    ends_with(s, "ダイ"))
			s[strlen(s) - strlen("ダイ")] = '\0';
		free(kname);
		kname = s;
		free(name);
		name = base;
		free(extra);
	}
	building = is_floor_note(a->note);
	if (!building && strstr(name, "、") != NULL) {
		emit_list(p, a, name, kname, partnote);
		return;
	}
	a->town = name;
	a->kana = kname;
	if (*a->town == '\0') {
		free(a->kana);
		a->kana = xstrdup("");
	}
	parser_add(p, a, building, partnote);
}

/* The town a building's name begins with: the longest town of the same
 * city (not itself a building) that is a proper prefix of it - 西新宿 for
 * 西新宿新宿センタービル, 名駅 for 名駅ミッドランドスクエア. NULL if none. */
static const struct postal_addr *
building_base(const struct postal_parser *p, const unsigned char *isbld,
    const struct postal_addr *b)
{
	const struct postal_addr *best = NULL, *r;
	size_t i, len, blen = strlen(b->town);

	for (i = 0; i < p->n; i++) {
		r = &p->rows[i];
		if (isbld[i] || *r->town == '\0' ||
		    strcmp(r->city, b->city) != 0 ||
		    strcmp(r->pref, b->pref) != 0)
			continue;
		len = strlen(r->town);
		if (len < blen && strncmp(b->town, r->town, len) == 0 &&
		    (best == NULL || len > strlen(best->town)))
			best = r;
	}
	return best;
}

/* Floors of high-rise buildings: 西新宿新宿センタービル（１階） becomes the
 * town 西新宿 with the note （新宿センタービル　１階）, and （地階・階層不明）
 * the building alone, （新宿センタービル）: the address is written with
 * the town, and the building and floor go with the 番地 and 方書. */
static void
parser_buildings(struct postal_parser *p)
{
	const struct postal_addr *base = NULL;
	struct postal_addr *b;
	unsigned char *isbld;
	char *prev = NULL, *last, *s, *e;
	const char *prevcity = NULL;
	struct strbuf sb;
	size_t i;

	if (p->nbld == 0)
		return;
	isbld = xcalloc(p->n, 1);
	for (i = 0; i < p->nbld; i++)
		isbld[p->bld[i]] = 1;
	for (i = 0; i < p->nbld; i++) {
		b = &p->rows[p->bld[i]];
		/* a building's floors follow one another: look up once */
		if (prev == NULL || strcmp(prev, b->town) != 0 ||
		    strcmp(prevcity, b->city) != 0) {
			free(prev);
			prev = xstrdup(b->town);
			prevcity = b->city;
			base = building_base(p, isbld, b);
		}
		if (base == NULL)
			continue;
		for (s = b->note, last = NULL; (s = strstr(s, "（")) != NULL;
		    s += 3)
			last = s;
		sb_init(&sb);
		sb_add(&sb, "（");
		sb_add(&sb, b->town + strlen(base->town));
		/* （高層棟） and the like before the floor */
		for (s = b->note; s < last && strncmp(s, "（", 3) == 0;
		    s = e + 3) {
			e = strstr(s, "）");
			if (e == NULL || e > last)
				break;
			sb_add(&sb, "　");
			sb_addn(&sb, s + 3, (size_t)(e - s) - 3);
		}
		if (strcmp(last, "（地階・階層不明）") != 0) {
			sb_add(&sb, "　");
			sb_addn(&sb, last + 3, strlen(last) - 6);
		}
		sb_add(&sb, "）");
		free(b->note);
		b->note = sb_detach(&sb);
		free(b->town);
		b->town = xstrdup(base->town);
		free(b->kana);
		b->kana = xstrdup(base->kana);
	}
	free(prev);
	free(isbld);
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

static const struct postal_addr *sort_rows;

/* Row indexes by code, then by place in the file. */
static int
by_code(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_rows[i].code, sort_rows[j].code);

	if (c != 0)
		return c;
	return i < j ? -1 : i > j;
}

/* Part-of-town notes are dropped unless two rows of one code would then be
 * the same town: 5810027 八尾木（丁目） ヤオギ and 八尾木（大字） ヨオギ keep
 * them, as they are all that tells the clerk which reading is meant. */
static void
parser_part_notes(struct postal_parser *p)
{
	const struct postal_addr *a, *b;
	unsigned char *part, *keep;
	size_t *idx, i, j, k, w;

	if (p->npart == 0)
		return;
	idx = xreallocarray(NULL, p->n, sizeof *idx);
	part = xcalloc(p->n, 1);
	keep = xcalloc(p->n, 1);
	for (i = 0; i < p->npart; i++)
		part[p->part[i]] = 1;
	for (i = 0; i < p->n; i++)
		idx[i] = i;
	sort_rows = p->rows;
	qsort(idx, p->n, sizeof *idx, by_code);
	for (i = 0; i < p->n; i = j) {
		for (j = i + 1; j < p->n && strcmp(p->rows[idx[i]].code,
		    p->rows[idx[j]].code) == 0; j++)
			;
		for (k = i; k < j; k++) {
			if (!part[idx[k]])
				continue;
			a = &p->rows[idx[k]];
			for (w = i; w < j; w++) {
				b = &p->rows[idx[w]];
				if (w != k && part[idx[w]] &&
				    strcmp(a->town, b->town) == 0 &&
				    strcmp(a->city, b->city) == 0 &&
				    strcmp(a->pref, b->pref) == 0)
					keep[idx[k]] = 1;
			}
		}
	}
	for (i = 0; i < p->npart; i++) {
		if (keep[p->part[i]])
			continue;
		free(p->rows[p->part[i]].note);
		p->rows[p->part[i]].note = xstrdup("");
	}
	free(idx);
	free(part);
	free(keep);
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
	parser_buildings(&p);
	parser_part_notes(&p);
	*rows = p.rows;
	*n = p.n;
	p.rows = NULL;
	p.n = 0;
	rc = 0;
out:
	parser_free_pending(&p);
	postal_addr_free(p.rows, p.n);
	free(p.bld);
	free(p.part);
	free(text);
	return rc;
}

void
postal_addr_free(struct postal_addr *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		postal_addr_free_one(&a[i]);
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
