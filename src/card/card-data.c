/*
 * card-data.c - the formats of the files kakanai reads from the card's
 * 券面事項入力補助AP, and the check of their digests.
 *
 *   EF 0001  FF 10 0C <12 ASCII digits>  FF FF ...          (My Number)
 *   EF 0002  FF 20 LL                                        (four items)
 *              DF 21 08 <4 big-endian 16-bit offsets of DF22..DF25,
 *                        from the start of the file>
 *              DF 22 n  氏名 UTF-8, surname U+3000 given name
 *              DF 23 n  住所 UTF-8
 *              DF 24 08 生年月日 YYYYMMDD
 *              DF 25 01 性別 ISO 5218 ('1', '2', '9')
 *            FF or 00 filler
 *   EF 0003  FF 30 LL  DF 31 20 <SHA-256 of EF 0001 as read>
 *                      DF 32 20 <SHA-256 of EF 0002, DF22 .. end of FF20>
 *                      DF 33 .. <RSA signature, not checked here>
 *
 * Everything is checked: tags, lengths, that the offset table points at
 * the fields, valid UTF-8, a real date, a known sex code. A card whose
 * data does not pass is refused whole; nothing half-read reaches a visit.
 */
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "dict/dict.h"
#include "util/util.h"

void
card_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
}

void
card_person_clear(struct card_person *p)
{
	if (p->name != NULL) {
		card_wipe(p->name, strlen(p->name));
		free(p->name);
	}
	if (p->address != NULL) {
		card_wipe(p->address, strlen(p->address));
		free(p->address);
	}
	card_wipe(p, sizeof *p);
	p->name = p->address = NULL;
}

static int
data_error(char **cause, const char *file, char *detail)
{
	*cause = xasprintf("カードの%sが正しい形ではありません(%s)", file,
	    detail);
	free(detail);
	return -1;
}

int
card_parse_mynumber(const uint8_t *ef, size_t len, char out[13],
    char **cause)
{
	struct tlv t;
	size_t off = 0, i;
	char *why = NULL;

	if (tlv_read(ef, len, &off, &t, &why) != 0)
		return data_error(cause, "個人番号(EF 0001)", why);
	if (t.tag != 0xff10 || t.len != 12)
		return data_error(cause, "個人番号(EF 0001)", xasprintf(
		    "タグ %X、長さ %zu", (unsigned)t.tag, t.len));
	for (i = 0; i < 12; i++) {
		if (t.value[i] < '0' || t.value[i] > '9')
			return data_error(cause, "個人番号(EF 0001)",
			    xasprintf("%zu桁目が数字ではありません", i + 1));
		out[i] = (char)t.value[i];
	}
	out[12] = '\0';
	if (!checkdigit_mynumber(out)) {
		card_wipe(out, 13);
		return data_error(cause, "個人番号(EF 0001)",
		    xstrdup("検査用数字が合いません"));
	}
	return 0;
}

/* The FF 20 element of EF 0002 and, inside it, each field. */
struct basic_fields {
	struct tlv outer;
	struct tlv f[5];	/* DF21 .. DF25 */
	size_t pos[5];		/* offset of each field's tag in the file */
};

static int
basic_split(const uint8_t *ef, size_t len, struct basic_fields *b,
    char **cause)
{
	size_t off = 0, inner, base, i, want;
	struct tlv t;
	char *why = NULL;
	int seen = 0, k;

	memset(b, 0, sizeof *b);
	if (tlv_read(ef, len, &off, &b->outer, &why) != 0)
		return data_error(cause, "基本4情報(EF 0002)", why);
	if (b->outer.tag != 0xff20)
		return data_error(cause, "基本4情報(EF 0002)", xasprintf(
		    "最初のタグが %X です", (unsigned)b->outer.tag));
	base = b->outer.hdrlen;
	inner = 0;
	while (inner < b->outer.len) {
		size_t at = inner;
		if (tlv_read(b->outer.value, b->outer.len, &inner, &t,
		    &why) != 0) {
			char *d = xasprintf("%s(FF20 の中)", why);
			free(why);
			return data_error(cause, "基本4情報(EF 0002)", d);
		}
		if (t.tag < 0xdf21 || t.tag > 0xdf25)
			continue;	/* a field kakanai does not use */
		k = (int)(t.tag - 0xdf21);
		if (seen & (1 << k))
			return data_error(cause, "基本4情報(EF 0002)",
			    xasprintf("タグ %X が二つあります",
			    (unsigned)t.tag));
		seen |= 1 << k;
		b->f[k] = t;
		b->pos[k] = base + at;
	}
	if (seen != 0x1f)
		return data_error(cause, "基本4情報(EF 0002)",
		    xstrdup("氏名・住所・生年月日・性別のどれかがありません"));
	if (b->f[0].len != 8 || b->pos[0] > b->pos[1])
		return data_error(cause, "基本4情報(EF 0002)",
		    xstrdup("位置の表(DF21)がありません"));
	for (i = 1; i < 5; i++) {
		want = (size_t)b->f[0].value[2 * (i - 1)] << 8 |
		    b->f[0].value[2 * (i - 1) + 1];
		if (want != b->pos[i])
			return data_error(cause, "基本4情報(EF 0002)",
			    xasprintf("位置の表が DF2%zu を %zu バイト目と"
			    "していますが %zu バイト目にあります", i + 1,
			    want, b->pos[i]));
	}
	return 0;
}

int
card_basic_digest_span(const uint8_t *ef2, size_t len, size_t *start,
    size_t *end, char **cause)
{
	struct basic_fields b;

	if (basic_split(ef2, len, &b, cause) != 0)
		return -1;
	*start = b.pos[0] + b.f[0].hdrlen + b.f[0].len;
	*end = b.outer.hdrlen + b.outer.len;
	return 0;
}

static char *
basic_text(const struct tlv *t, const char *what, char **cause)
{
	size_t bad, i;
	char *s;

	if (t->len == 0) {
		*cause = xasprintf("カードの%sが空です", what);
		return NULL;
	}
	for (i = 0; i < t->len; i++) {
		if (t->value[i] == 0) {
			*cause = xasprintf("カードの%sに NUL があります"
			    "(%zuバイト目)", what, i + 1);
			return NULL;
		}
	}
	if (!utf8_valid((const char *)t->value, t->len, &bad)) {
		*cause = xasprintf("カードの%sが UTF-8 として読めません"
		    "(%zuバイト目)", what, bad + 1);
		return NULL;
	}
	s = xmalloc(t->len + 1);
	memcpy(s, t->value, t->len);
	s[t->len] = '\0';
	return s;
}

int
card_parse_basic(const uint8_t *ef, size_t len, struct card_person *p,
    char **cause)
{
	struct basic_fields b;
	struct date d;
	char iso[11];
	size_t i;

	if (basic_split(ef, len, &b, cause) != 0)
		return -1;
	if (b.f[3].len != 8)
		return data_error(cause, "生年月日(DF24)", xasprintf(
		    "%zuバイトあります", b.f[3].len));
	for (i = 0; i < 8; i++) {
		if (b.f[3].value[i] < '0' || b.f[3].value[i] > '9')
			return data_error(cause, "生年月日(DF24)",
			    xstrdup("数字ではありません"));
	}
	memcpy(iso, b.f[3].value, 4);
	iso[4] = '-';
	memcpy(iso + 5, b.f[3].value + 4, 2);
	iso[7] = '-';
	memcpy(iso + 8, b.f[3].value + 6, 2);
	iso[10] = '\0';
	if (date_parse_iso(iso, &d) != 0 || !date_valid(d))
		return data_error(cause, "生年月日(DF24)", xasprintf(
		    "%s という日はありません", iso));
	if (b.f[4].len != 1 || (b.f[4].value[0] != '1' &&
	    b.f[4].value[0] != '2' && b.f[4].value[0] != '9'))
		return data_error(cause, "性別(DF25)",
		    xstrdup("1・2・9 のどれでもありません"));
	if ((p->name = basic_text(&b.f[1], "氏名", cause)) == NULL)
		return -1;
	if ((p->address = basic_text(&b.f[2], "住所", cause)) == NULL) {
		free(p->name);
		p->name = NULL;
		return -1;
	}
	memcpy(p->birth, iso, sizeof p->birth);
	p->sex = (char)b.f[4].value[0];
	return 0;
}

static void
hex_of(const uint8_t *d, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[d[i] >> 4];
		out[2 * i + 1] = hx[d[i] & 15];
	}
	out[2 * n] = '\0';
}

int
card_check_digests(const uint8_t *ef3, size_t len3, const uint8_t *ef1,
    size_t len1, const uint8_t *ef2, size_t len2, char **cause)
{
	struct tlv outer, t, d31 = { 0 }, d32 = { 0 };
	size_t off = 0, inner = 0, start, end;
	char want[65], got[65], *why = NULL;

	if (tlv_read(ef3, len3, &off, &outer, &why) != 0)
		return data_error(cause, "署名(EF 0003)", why);
	if (outer.tag != 0xff30)
		return data_error(cause, "署名(EF 0003)", xasprintf(
		    "最初のタグが %X です", (unsigned)outer.tag));
	while (inner < outer.len) {
		if (tlv_read(outer.value, outer.len, &inner, &t, &why) != 0)
			return data_error(cause, "署名(EF 0003)", why);
		if (t.tag == 0xdf31)
			d31 = t;
		else if (t.tag == 0xdf32)
			d32 = t;
	}
	if (d32.len != 32 || (ef1 != NULL && d31.len != 32))
		return data_error(cause, "署名(EF 0003)",
		    xstrdup("SHA-256 の値がありません"));
	if (ef1 != NULL) {
		hex_of(d31.value, 32, want);
		sha256_hex(ef1, len1, got);
		if (strcmp(want, got) != 0) {
			*cause = xstrdup("カードの個人番号がカードの署名と"
			    "合いません。読み取った内容は使いません");
			return -1;
		}
	}
	if (card_basic_digest_span(ef2, len2, &start, &end, cause) != 0)
		return -1;
	hex_of(d32.value, 32, want);
	sha256_hex(ef2 + start, end - start, got);
	if (strcmp(want, got) != 0) {
		*cause = xstrdup("カードの基本4情報がカードの署名と合いません。"
		    "読み取った内容は使いません");
		return -1;
	}
	return 0;
}
