/*
 * test-card.c - the My Number card reader without a reader: the TLV
 * reader on well-formed and malformed bytes, the files' formats with the
 * public test vector (黒桐　幹也), the digest check, and the exchange
 * (SELECT, tries left, VERIFY, READ BINARY) against a fake card behind
 * the transport interface.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "card/card.h"
#include "store/store.h"
#include "util/util.h"
#include "unit/fixture.h"

/* The test vector (mynacard.md): EF 0001 and EF 0002 of a fictional
 * person, and the SHA-256 digests EF 0003 carries, computed outside
 * kakanai (Python's hashlib) over the spans the format names. */
static const uint8_t ef1_vec[] = { 0xFF, 0x10, 0x0C, '5', '3', '7', '6',
    '8', '6', '6', '7', '7', '1', '8', '8' };
static const char ef2_hex[] =
    "ff2065df2108000e002000590064df220fe9bb92e6a190e38080e5b9b9e4b99f"
    "df2336e69db1e4baace983bde6b885e780ace5b882e8a6b3e5b883e5ad90e58d"
    "97efbc91efbc92efbc8defbc97efbc8defbc92efbc90efbc92df240831393830"
    "30323137df250131";
static const char d31_hex[] =
    "7ebdbfd7326ee2c5add5415bab1dcde0c2178febea75ffec24fe77415d42f1cf";
static const char d32_hex[] =
    "b9e0d09427b23b1d4beda2848512b4103752dc2667e51f9712872d65f472cb3b";

static size_t
unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	unsigned v;

	while (h[0] != '\0' && h[1] != '\0') {
		sscanf(h, "%2x", &v);
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

/* EF 0003 with the given digests (hex), and a filler signature. */
static size_t
make_ef3(const char *h31, const char *h32, uint8_t *out)
{
	size_t n = 0;

	out[n++] = 0xFF; out[n++] = 0x30; out[n++] = 0x82;
	out[n++] = 0x01; out[n++] = 0x4B;	/* 3+32 + 3+32 + 5+256 */
	out[n++] = 0xDF; out[n++] = 0x31; out[n++] = 0x20;
	n += unhex(h31, out + n);
	out[n++] = 0xDF; out[n++] = 0x32; out[n++] = 0x20;
	n += unhex(h32, out + n);
	out[n++] = 0xDF; out[n++] = 0x33; out[n++] = 0x82;
	out[n++] = 0x01; out[n++] = 0x00;
	memset(out + n, 0x5A, 256);
	n += 256;
	return n;
}

/* 1. Well-formed elements: short and long lengths, one- two- and
 * three-byte tags, the non-minimal FF 10 kept as the card wrote it. */
static void
test_tlv_good(void **state)
{
	static const struct {
		const char *hex;
		uint32_t tag;
		size_t len, hdr;
	} cases[] = {
		{ "ff100c353337363836363737313838", 0xff10, 12, 3 },
		{ "df250131", 0xdf25, 1, 3 },
		{ "0400", 0x04, 0, 2 },
		{ "1f810501aa", 0x1f8105, 1, 4 },
		{ "ff20810101", 0xff20, 1, 4 },
		{ "ff2082000101", 0xff20, 1, 5 },
	};
	uint8_t buf[64];
	struct tlv t;
	size_t i, n, off;
	char *cause = NULL;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		n = unhex(cases[i].hex, buf);
		off = 0;
		assert_int_equal(tlv_read(buf, n, &off, &t, &cause), 0);
		assert_int_equal(t.tag, cases[i].tag);
		assert_int_equal(t.len, cases[i].len);
		assert_int_equal(t.hdrlen, cases[i].hdr);
		assert_int_equal(off, n);
		assert_ptr_equal(t.value, buf + cases[i].hdr);
	}
}

/* 2. Malformed elements are refused with the offset, *off unchanged,
 * and nothing is read past the buffer (ASan/valgrind watch the copies). */
static void
test_tlv_malformed(void **state)
{
	static const struct {
		const char *hex;
		size_t start;
		const char *want;
	} cases[] = {
		{ "", 0, "タグがありません" },
		{ "ff", 0, "タグが途中で" },
		{ "ff90", 0, "タグが途中で" },
		{ "ff909090", 0, "タグが長すぎます" },
		{ "ff10", 0, "長さがありません" },
		{ "df21", 0, "長さがありません" },
		{ "ff1080", 0, "長さの形式 80" },
		{ "ff1083000001", 0, "長さの形式 83" },
		{ "ff10ff", 0, "長さの形式 FF" },
		{ "ff2081", 0, "長さが途中で" },
		{ "ff208201", 0, "長さが途中で" },
		{ "ff100c3533", 0, "はみ出して" },
		{ "ff2081ff00", 0, "はみ出して" },
		{ "ff2082ffff00", 0, "はみ出して" },
		{ "0401aa0402", 3, "はみ出して" },
	};
	uint8_t buf[64];
	struct tlv t;
	size_t i, n, off, before;
	char *cause, want[64];
	uint8_t *exact;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		n = unhex(cases[i].hex, buf);
		/* an exact-size copy, so a read past the end is caught */
		exact = xmalloc(n > 0 ? n : 1);
		memcpy(exact, buf, n);
		off = 0;
		if (cases[i].start > 0)
			assert_int_equal(tlv_read(exact, n, &off, &t, &cause),
			    0);
		before = off;
		cause = NULL;
		assert_int_equal(tlv_read(exact, n, &off, &t, &cause), -1);
		assert_int_equal(off, before);
		assert_non_null(cause);
		snprintf(want, sizeof want, "%zuバイト目", cases[i].start);
		if (strstr(cause, want) == NULL ||
		    strstr(cause, cases[i].want) == NULL)
			fail_msg("case %zu (%s): %s", i, cases[i].hex, cause);
		free(cause);
		free(exact);
	}
}

/* 3. The test vector parses to the person the document gives. */
static void
test_vector_parse(void **state)
{
	uint8_t ef2[128];
	size_t n2 = unhex(ef2_hex, ef2);
	struct card_person p;
	char num[13], *cause = NULL;

	(void)state;
	memset(&p, 0, sizeof p);
	assert_int_equal(card_parse_mynumber(ef1_vec, sizeof ef1_vec, num,
	    &cause), 0);
	assert_string_equal(num, "537686677188");
	assert_int_equal(card_parse_basic(ef2, n2, &p, &cause), 0);
	assert_string_equal(p.name, "黒桐\xe3\x80\x80幹也");
	assert_string_equal(p.address,
	    "東京都清瀬市観布子南１２－７－２０２");
	assert_string_equal(p.birth, "1980-02-17");
	assert_int_equal(p.sex, '1');
	card_person_clear(&p);
	assert_null(p.name);
}

/* 4. Broken files are refused whole, each with what is wrong. */
static void
test_data_malformed(void **state)
{
	static const struct {
		const char *hex;
		const char *want;
	} basic[] = {
		/* DF21 offsets pointing elsewhere */
		{ "ff2022df2108000e001200160020df220141df230142"
		  "df24083139383030323137df250131", "位置の表" },
		/* no DF25 */
		{ "ff200fdf2108000e0012001500ffdf2201e6", "どれかがありません" },
		/* a field running past FF 20 */
		{ "ff2005df2209e6bca2", "FF20 の中" },
		/* wrong outer tag */
		{ "ff1003df2100", "最初のタグ" },
	};
	uint8_t ef2[128], buf[128];
	size_t n2, i, n;
	struct card_person p;
	char num[13], *cause;

	(void)state;
	for (i = 0; i < nitems(basic); i++) {
		n = unhex(basic[i].hex, buf);
		memset(&p, 0, sizeof p);
		cause = NULL;
		assert_int_equal(card_parse_basic(buf, n, &p, &cause), -1);
		if (strstr(cause, basic[i].want) == NULL)
			fail_msg("basic %zu: %s", i, cause);
		assert_null(p.name);
		free(cause);
	}
	/* the test vector with one byte changed in each field */
	n2 = unhex(ef2_hex, ef2);
	memcpy(buf, ef2, n2);
	buf[0x59 + 3] = 'X';			/* birth not digits */
	assert_int_equal(card_parse_basic(buf, n2, &p, &cause), -1);
	assert_non_null(strstr(cause, "生年月日"));
	free(cause);
	memcpy(buf, ef2, n2);
	memcpy(buf + 0x59 + 7, "0231", 4);	/* 1980-02-31 */
	assert_int_equal(card_parse_basic(buf, n2, &p, &cause), -1);
	assert_non_null(strstr(cause, "1980-02-31"));
	free(cause);
	memcpy(buf, ef2, n2);
	buf[0x64 + 3] = '3';			/* sex 3 */
	assert_int_equal(card_parse_basic(buf, n2, &p, &cause), -1);
	assert_non_null(strstr(cause, "性別"));
	free(cause);
	memcpy(buf, ef2, n2);
	buf[0x0e + 4] = 0xC0;			/* invalid UTF-8 in the name */
	assert_int_equal(card_parse_basic(buf, n2, &p, &cause), -1);
	assert_non_null(strstr(cause, "UTF-8"));
	free(cause);
	/* My Number: a letter, a wrong check digit, a short one */
	memcpy(buf, ef1_vec, sizeof ef1_vec);
	buf[7] = 'A';
	assert_int_equal(card_parse_mynumber(buf, sizeof ef1_vec, num,
	    &cause), -1);
	free(cause);
	buf[7] = '8';
	buf[14] = '9';
	assert_int_equal(card_parse_mynumber(buf, sizeof ef1_vec, num,
	    &cause), -1);
	assert_non_null(strstr(cause, "検査用数字"));
	free(cause);
	assert_int_equal(card_parse_mynumber(ef1_vec, 10, num, &cause), -1);
	free(cause);
}

/* 5. EF 0003's digests: the right ones pass, one changed byte in either
 * file or either digest is refused. */
static void
test_digests(void **state)
{
	uint8_t ef2[128], ef3[400], bad[400];
	size_t n2 = unhex(ef2_hex, ef2), n3, start, end;
	char *cause = NULL;

	(void)state;
	n3 = make_ef3(d31_hex, d32_hex, ef3);
	assert_int_equal(card_basic_digest_span(ef2, n2, &start, &end,
	    &cause), 0);
	assert_int_equal(start, 14);
	assert_int_equal(end, n2);
	assert_int_equal(card_check_digests(ef3, n3, ef1_vec, sizeof ef1_vec,
	    ef2, n2, &cause), 0);
	assert_int_equal(card_check_digests(ef3, n3, NULL, 0, ef2, n2,
	    &cause), 0);
	/* EF 0001 with one more filler byte is another file */
	memcpy(bad, ef1_vec, sizeof ef1_vec);
	bad[sizeof ef1_vec] = 0xFF;
	assert_int_equal(card_check_digests(ef3, n3, bad, sizeof ef1_vec + 1,
	    ef2, n2, &cause), -1);
	assert_non_null(strstr(cause, "個人番号"));
	free(cause);
	/* a changed character in the address */
	memcpy(bad, ef2, n2);
	bad[0x30] ^= 1;
	assert_int_equal(card_check_digests(ef3, n3, NULL, 0, bad, n2,
	    &cause), -1);
	assert_non_null(strstr(cause, "基本4情報"));
	free(cause);
	/* a digest missing */
	n3 = make_ef3(d31_hex, "", ef3);
	assert_int_equal(card_check_digests(ef3, n3, NULL, 0, ef2, n2,
	    &cause), -1);
	free(cause);
}

/* ---- the exchange, against a fake card ---------------------------------- */

static size_t
put_len(uint8_t *out, size_t len)
{
	if (len < 0x80) {
		out[0] = (uint8_t)len;
		return 1;
	}
	if (len < 0x100) {
		out[0] = 0x81;
		out[1] = (uint8_t)len;
		return 2;
	}
	out[0] = 0x82;
	out[1] = (uint8_t)(len >> 8);
	out[2] = (uint8_t)len;
	return 3;
}

/* EF 0002 built from the four items as the card lays them out (the same
 * layout reproduces the test vector byte for byte: test_build_vector). */
static size_t
build_ef2(const char *name, const char *addr, const char *birth8,
    char sex, uint8_t *out)
{
	const char *val[4] = { name, addr, birth8, NULL };
	char sexs[2] = { sex, 0 };
	uint8_t body[2048], lb[3];
	size_t n = 0, inner, h, i, pos[4], vl;

	val[3] = sexs;
	/* the fields first, to know the offsets */
	n = 11;
	for (i = 0; i < 4; i++) {
		pos[i] = n;
		vl = strlen(val[i]);
		body[n++] = 0xDF;
		body[n++] = (uint8_t)(0x22 + i);
		n += put_len(body + n, vl);
		memcpy(body + n, val[i], vl);
		n += vl;
	}
	inner = n;
	h = 2 + put_len(lb, inner);
	body[0] = 0xDF; body[1] = 0x21; body[2] = 0x08;
	for (i = 0; i < 4; i++) {
		body[3 + 2 * i] = (uint8_t)((pos[i] + h) >> 8);
		body[4 + 2 * i] = (uint8_t)(pos[i] + h);
	}
	out[0] = 0xFF;
	out[1] = 0x20;
	memcpy(out + 2, lb, h - 2);
	memcpy(out + h, body, inner);
	memset(out + h + inner, 0xFF, 16);	/* filler */
	return h + inner + 16;
}

static void
hexdigest(const uint8_t *d, size_t n, char out[65])
{
	sha256_hex(d, n, out);
}

struct fake_card {
	const uint8_t *ef[4];		/* 1, 2, 3 */
	size_t len[4];
	const char *pin, *pin_b;
	int tries_pin, tries_b;
	int verified_pin, verified_b;
	int is_myna;
	unsigned ef_sel;
	int napdu, remove_after;	/* -1: never */
	int nverify_data;		/* VERIFY APDUs carrying a PIN */
	int read_ef1;			/* EF 0001 was selected */
	size_t max_le_seen;
};

static void
fake_init(struct fake_card *c, const uint8_t *ef1, size_t n1,
    const uint8_t *ef2, size_t n2, const uint8_t *ef3, size_t n3)
{
	memset(c, 0, sizeof *c);
	c->ef[1] = ef1; c->len[1] = n1;
	c->ef[2] = ef2; c->len[2] = n2;
	c->ef[3] = ef3; c->len[3] = n3;
	c->pin = "1234";
	c->pin_b = "80021727011234";
	c->tries_pin = 3;
	c->tries_b = 10;
	c->is_myna = 1;
	c->remove_after = -1;
}

static size_t
sw(uint8_t *r, size_t n, unsigned s)
{
	r[n] = (uint8_t)(s >> 8);
	r[n + 1] = (uint8_t)s;
	return n + 2;
}

static enum card_err
fake_transmit(void *ctx, const uint8_t *a, size_t len, uint8_t *r,
    size_t *rlen, char **cause)
{
	struct fake_card *c = ctx;
	size_t off, le, n;
	int *tries, *ok;
	const char *secret;

	if (c->remove_after >= 0 && c->napdu++ >= c->remove_after) {
		*cause = xstrdup("removed");
		return CARD_E_REMOVED;
	}
	assert_true(*rlen >= 258);
	if (a[1] == 0xA4 && a[2] == 0x04) {
		*rlen = sw(r, 0, c->is_myna && len == 15 ? 0x9000 : 0x6A82);
		return CARD_OK;
	}
	if (a[1] == 0xA4 && a[2] == 0x02) {
		assert_int_equal(len, 7);
		c->ef_sel = (unsigned)a[5] << 8 | a[6];
		if (c->ef_sel == 1)
			c->read_ef1 = 1;
		*rlen = sw(r, 0, 0x9000);
		return CARD_OK;
	}
	if (a[1] == 0x20) {
		int b = c->ef_sel == 0x15;
		assert_true(c->ef_sel == 0x11 || c->ef_sel == 0x15);
		tries = b ? &c->tries_b : &c->tries_pin;
		ok = b ? &c->verified_b : &c->verified_pin;
		secret = b ? c->pin_b : c->pin;
		if (len == 4) {
			*rlen = sw(r, 0, *tries == 0 ? 0x6983 :
			    0x63C0 | (unsigned)*tries);
			return CARD_OK;
		}
		c->nverify_data++;
		assert_int_equal(len, 5 + a[4]);
		if (*tries == 0)
			*rlen = sw(r, 0, 0x6983);
		else if (a[4] == strlen(secret) &&
		    memcmp(a + 5, secret, a[4]) == 0) {
			*tries = b ? 10 : 3;
			*ok = 1;
			*rlen = sw(r, 0, 0x9000);
		} else {
			--*tries;
			*rlen = sw(r, 0, 0x63C0 | (unsigned)*tries);
		}
		return CARD_OK;
	}
	if (a[1] == 0xB0) {
		unsigned e = c->ef_sel;
		assert_int_equal(len, 5);
		if (e < 1 || e > 3) {
			*rlen = sw(r, 0, 0x6986);
			return CARD_OK;
		}
		if ((e == 1 && !c->verified_pin) ||
		    (e == 2 && !c->verified_pin && !c->verified_b)) {
			*rlen = sw(r, 0, 0x6982);
			return CARD_OK;
		}
		off = (size_t)a[2] << 8 | a[3];
		le = a[4] == 0 ? 256 : a[4];
		if (le > c->max_le_seen)
			c->max_le_seen = le;
		if (off >= c->len[e]) {
			*rlen = sw(r, 0, 0x6B00);
			return CARD_OK;
		}
		n = c->len[e] - off < le ? c->len[e] - off : le;
		memcpy(r, c->ef[e] + off, n);
		*rlen = sw(r, n, n < le && a[4] != 0 ? 0x6282 : 0x9000);
		return CARD_OK;
	}
	*rlen = sw(r, 0, 0x6D00);
	return CARD_OK;
}

/* A card built from the four items, with right digests (or a wrong
 * DF32 when bad is set). */
struct built_card {
	uint8_t ef1[32], ef2[2048], ef3[400];
	size_t n1, n2, n3;
};

static void
build_card(struct built_card *b, const char *name, const char *addr,
    const char *birth8, char sex, int bad)
{
	char h1[65], h2[65];
	size_t start, end;
	char *cause = NULL;

	memcpy(b->ef1, ef1_vec, sizeof ef1_vec);
	b->ef1[sizeof ef1_vec] = 0xFF;
	b->n1 = sizeof ef1_vec + 1;
	b->n2 = build_ef2(name, addr, birth8, sex, b->ef2);
	assert_int_equal(card_basic_digest_span(b->ef2, b->n2, &start, &end,
	    &cause), 0);
	hexdigest(b->ef1, b->n1, h1);
	hexdigest(b->ef2 + start, end - start, h2);
	if (bad)
		h2[10] = h2[10] == '0' ? '1' : '0';
	b->n3 = make_ef3(h1, h2, b->ef3);
}

/* 6. The builder lays EF 0002 out exactly as the test vector. */
static void
test_build_vector(void **state)
{
	uint8_t ef2[128], built[2048];
	size_t n2 = unhex(ef2_hex, ef2), nb;

	(void)state;
	nb = build_ef2("黒桐\xe3\x80\x80幹也",
	    "東京都清瀬市観布子南１２－７－２０２", "19800217", '1', built);
	assert_int_equal(nb, n2 + 16);
	assert_memory_equal(built, ef2, n2);
}

/* 7. The PIN route: tries left first, one VERIFY, the person with My
 * Number; the test vector's EF 0001 with its filler. */
static void
test_ap_pin(void **state)
{
	struct built_card b;
	struct fake_card c;
	struct card_transport tr = { &c, fake_transmit };
	struct card_person p;
	int tries = -1, left;
	char *cause = NULL;

	(void)state;
	build_card(&b, "黒桐\xe3\x80\x80幹也",
	    "東京都清瀬市観布子南１２－７－２０２", "19800217", '1', 0);
	fake_init(&c, b.ef1, b.n1, b.ef2, b.n2, b.ef3, b.n3);
	assert_int_equal(card_select_ap(&tr, &cause), CARD_OK);
	assert_int_equal(card_tries_left(&tr, CARD_ROUTE_PIN, &tries, &cause),
	    CARD_OK);
	assert_int_equal(tries, 3);
	assert_int_equal(c.nverify_data, 0);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "1234", &left,
	    &cause), CARD_OK);
	assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN, &p, &cause),
	    CARD_OK);
	assert_string_equal(p.mynumber, "537686677188");
	assert_string_equal(p.name, "黒桐\xe3\x80\x80幹也");
	assert_string_equal(p.birth, "1980-02-17");
	assert_int_equal(p.sex, '1');
	assert_int_equal(c.nverify_data, 1);
	card_person_clear(&p);
}

/* 8. A wrong PIN comes back with the tries left and is not retried; the
 * third wrong one locks, and a locked PIN is reported before any try. */
static void
test_ap_wrong_pin_and_lock(void **state)
{
	struct built_card b;
	struct fake_card c;
	struct card_transport tr = { &c, fake_transmit };
	int tries, left;
	char *cause = NULL, *msg;

	(void)state;
	build_card(&b, "A\xe3\x80\x80" "B", "東京都", "19800217", '2', 0);
	fake_init(&c, b.ef1, b.n1, b.ef2, b.n2, b.ef3, b.n3);
	assert_int_equal(card_select_ap(&tr, &cause), CARD_OK);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "9999", &left,
	    &cause), CARD_E_WRONG_PIN);
	assert_int_equal(left, 2);
	assert_int_equal(c.nverify_data, 1);
	assert_non_null(strstr(cause, "残り2回"));
	free(cause);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "9998", &left,
	    &cause), CARD_E_WRONG_PIN);
	assert_int_equal(left, 1);
	assert_non_null(strstr(cause, "次に間違えるとロック"));
	free(cause);
	assert_int_equal(card_tries_left(&tr, CARD_ROUTE_PIN, &tries, &cause),
	    CARD_OK);
	assert_int_equal(tries, 1);
	msg = card_tries_message(CARD_ROUTE_PIN, tries);
	assert_non_null(strstr(msg, "残りは1回"));
	assert_non_null(strstr(msg, "照合番号B"));
	free(msg);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "9997", &left,
	    &cause), CARD_E_LOCKED);
	assert_int_equal(left, 0);
	assert_non_null(strstr(cause, "ロックされています"));
	free(cause);
	assert_int_equal(card_tries_left(&tr, CARD_ROUTE_PIN, &tries, &cause),
	    CARD_E_LOCKED);
	free(cause);
	/* the right PIN no longer opens it, and the data stays closed */
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "1234", &left,
	    &cause), CARD_E_LOCKED);
	free(cause);
	assert_int_equal(c.verified_pin, 0);
	/* malformed PINs never reach the card */
	c.nverify_data = 0;
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "123", &left,
	    &cause), CARD_E_WRONG_PIN);
	free(cause);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "12a4", &left,
	    &cause), CARD_E_WRONG_PIN);
	free(cause);
	assert_int_equal(c.nverify_data, 0);
}

/* 9. 照合番号B reads the four items, never EF 0001, never a PIN try. */
static void
test_ap_pin_b(void **state)
{
	struct built_card b;
	struct fake_card c;
	struct card_transport tr = { &c, fake_transmit };
	struct card_person p;
	int tries, left;
	char *cause = NULL;

	(void)state;
	build_card(&b, "NGUYEN VAN AN", "群馬県太田市飯田町１５４８",
	    "19990821", '1', 0);
	fake_init(&c, b.ef1, b.n1, b.ef2, b.n2, b.ef3, b.n3);
	assert_int_equal(card_select_ap(&tr, &cause), CARD_OK);
	assert_int_equal(card_tries_left(&tr, CARD_ROUTE_PIN_B, &tries,
	    &cause), CARD_OK);
	assert_int_equal(tries, 10);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN_B, "80021727011235",
	    &left, &cause), CARD_E_WRONG_PIN);
	free(cause);
	assert_int_equal(c.tries_pin, 3);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN_B, "80021727011234",
	    &left, &cause), CARD_OK);
	assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN_B, &p, &cause),
	    CARD_OK);
	assert_string_equal(p.mynumber, "");
	assert_string_equal(p.name, "NGUYEN VAN AN");
	assert_int_equal(c.read_ef1, 0);
	assert_int_equal(c.tries_pin, 3);
	card_person_clear(&p);
}

/* 10. A long address (EF 0002 over 255 bytes, 82 LL LL lengths) is read
 * in chunks no larger than a READ BINARY can carry. */
static void
test_ap_long_address(void **state)
{
	struct built_card b;
	struct fake_card c;
	struct card_transport tr = { &c, fake_transmit };
	struct card_person p;
	struct strbuf addr = { 0 };
	int left, i;
	char *cause = NULL;

	(void)state;
	sb_add(&addr, "北海道札幌市中央区");
	for (i = 0; i < 12; i++)
		sb_add(&addr, "一二三四五六七八");
	build_card(&b, "𠮷田\xe3\x80\x80太郎", addr.s, "20000229", '2', 0);
	assert_true(b.n2 > 300);
	assert_int_equal(b.ef2[2], 0x82);
	fake_init(&c, b.ef1, b.n1, b.ef2, b.n2, b.ef3, b.n3);
	assert_int_equal(card_select_ap(&tr, &cause), CARD_OK);
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "1234", &left,
	    &cause), CARD_OK);
	assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN, &p, &cause),
	    CARD_OK);
	assert_string_equal(p.address, addr.s);
	assert_string_equal(p.name, "𠮷田\xe3\x80\x80太郎");
	assert_string_equal(p.birth, "2000-02-29");
	assert_true(c.max_le_seen <= 256);
	card_person_clear(&p);
	sb_free(&addr);
}

/* 11. Failures: not a My Number card, a digest that does not match, the
 * card taken out in the middle, reading before VERIFY. */
static void
test_ap_failures(void **state)
{
	struct built_card b;
	struct fake_card c;
	struct card_transport tr = { &c, fake_transmit };
	struct card_person p;
	int left, n;
	char *cause = NULL;

	(void)state;
	build_card(&b, "A\xe3\x80\x80" "B", "東京都", "19800217", '1', 1);
	fake_init(&c, b.ef1, b.n1, b.ef2, b.n2, b.ef3, b.n3);
	c.is_myna = 0;
	assert_int_equal(card_select_ap(&tr, &cause), CARD_E_NOT_MYNA);
	assert_non_null(strstr(cause, "マイナンバーカードではない"));
	free(cause);
	c.is_myna = 1;
	/* reading before VERIFY is refused by the card */
	assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN, &p, &cause),
	    CARD_E_IO);
	assert_non_null(strstr(cause, "許可"));
	free(cause);
	assert_null(p.name);
	/* the bad digest */
	assert_int_equal(card_verify(&tr, CARD_ROUTE_PIN, "1234", &left,
	    &cause), CARD_OK);
	assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN, &p, &cause),
	    CARD_E_DATA);
	assert_non_null(strstr(cause, "署名と合いません"));
	free(cause);
	assert_null(p.name);
	assert_string_equal(p.mynumber, "");
	/* removed at every step of a good read */
	build_card(&b, "A\xe3\x80\x80" "B", "東京都", "19800217", '1', 0);
	for (n = 0; n <= 7; n++) {
		fake_init(&c, b.ef1, b.n1, b.ef2, b.n2, b.ef3, b.n3);
		c.verified_pin = 1;
		c.remove_after = n;
		/* 7 APDUs: SELECT and READ for 0001 and 0002, SELECT and
		 * two READs for the 331 bytes of 0003 */
		if (n == 7) {
			assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN,
			    &p, &cause), CARD_OK);
			card_person_clear(&p);
			break;
		}
		assert_int_equal(card_read_person(&tr, CARD_ROUTE_PIN, &p,
		    &cause), CARD_E_REMOVED);
		free(cause);
		assert_null(p.name);
	}
}

/* ---- into a visit -------------------------------------------------------- */

static struct card_person
person(const char *name, const char *addr, const char *birth, char sex,
    const char *num)
{
	struct card_person p;

	memset(&p, 0, sizeof p);
	p.name = xstrdup(name);
	p.address = xstrdup(addr);
	snprintf(p.birth, sizeof p.birth, "%s", birth);
	p.sex = sex;
	snprintf(p.mynumber, sizeof p.mynumber, "%s", num);
	return p;
}

/* 12. The items into a member through the typed values' rule; the
 * address split with the postal table where it has the town, kept whole
 * (and said) where not; old.* for a move, new.* otherwise; a refused
 * character leaves the visit as it was. */
static void
test_to_visit(void **state)
{
	struct dict *d;
	struct store *st;
	struct visit *v;
	struct card_person p;
	char path[] = "/tmp/kakanai-test-card.XXXXXX", *db, *cause = NULL;
	char *note = NULL;
	int fd;

	(void)state;
	setenv("KAKANAI_HOME", ".", 1);
	d = fixture_dict();
	assert_non_null(d);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	db = xstrdup(path);
	st = store_open(db, &cause);
	if (st == NULL)
		fail_msg("%s", cause);

	/* 転入: the card shows the address moved from; split by the table */
	v = visit_new();
	assert_int_equal(visit_set(v, d, "event", "転入", &cause), 0);
	p = person("𠮷田\xe3\x80\x80太郎",
	    "東京都西多摩郡日の出町平井２７８０番地", "2000-02-29", '1',
	    "537686677188");
	assert_int_equal(card_to_visit(&p, v, d, st, 2, &note, &cause), 0);
	assert_string_equal(visit_get(v, "person.2.name"),
	    "𠮷田\xe3\x80\x80太郎");
	assert_string_equal(visit_get(v, "person.2.birth"), "2000-02-29");
	assert_string_equal(visit_get(v, "person.2.sex"), "男");
	assert_string_equal(visit_get(v, "person.2.mynumber"), "537686677188");
	assert_string_equal(visit_get(v, "old.pref"), "東京都");
	assert_string_equal(visit_get(v, "old.city"), "西多摩郡日の出町");
	assert_string_equal(visit_get(v, "old.town"), "平井");
	assert_string_equal(visit_get(v, "old.banchi"), "２７８０番地");
	assert_null(visit_get(v, "new.town"));
	assert_null(note);
	card_person_clear(&p);

	/* a second member of the household: the address is there already */
	p = person("𠮷田\xe3\x80\x80花子", "東京都西多摩郡日の出町大久野１",
	    "2001-01-01", '9', "");
	assert_int_equal(card_to_visit(&p, v, d, st, 3, &note, &cause), 0);
	assert_null(visit_get(v, "person.3.sex"));
	assert_null(visit_get(v, "person.3.mynumber"));
	assert_string_equal(visit_get(v, "old.town"), "平井");
	assert_non_null(strstr(note, "適用不能"));
	assert_non_null(strstr(note, "入力済み"));
	free(note);
	card_person_clear(&p);
	visit_free(v);

	/* 証明書の請求: the current address, not in the table: kept whole */
	v = visit_new();
	assert_int_equal(visit_set(v, d, "event", "証明書の請求", &cause), 0);
	p = person("NGUYEN VAN AN", "群馬県太田市飯田町１５４８",
	    "1999-08-21", '1', "");
	assert_int_equal(card_to_visit(&p, v, d, st, 1, &note, &cause), 0);
	assert_string_equal(visit_get(v, "new.banchi"),
	    "群馬県太田市飯田町１５４８");
	assert_null(visit_get(v, "new.pref"));
	assert_non_null(strstr(note, "番地にまとめました"));
	free(note);
	card_person_clear(&p);

	/* a character the rule refuses (a control character) stops it all,
	 * naming the field; nothing of the card is in the visit */
	p = person("山田\x07" "太郎", "群馬県", "1999-08-21", '2', "");
	assert_int_equal(card_to_visit(&p, v, d, st, 2, &note, &cause), -1);
	assert_non_null(strstr(cause, "氏名"));
	assert_non_null(strstr(cause, "U+0007"));
	free(cause);
	assert_null(visit_get(v, "person.2.sex"));
	assert_null(note);
	card_person_clear(&p);
	/* an address that does not fit the fields: left out, the rest in */
	visit_free(v);
	v = visit_new();
	p = person("A", "東京都西多摩郡日の出町平井１２３４５６７８９０"
	    "１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０"
	    "１２３４５６７８９０", "1999-08-21", '2', "");
	assert_int_equal(card_to_visit(&p, v, d, st, 1, &note, &cause), 0);
	assert_string_equal(visit_get(v, "person.1.name"), "A");
	assert_null(visit_get(v, "old.pref"));
	assert_null(visit_get(v, "old.banchi"));
	assert_non_null(strstr(note, "手で入力"));
	free(note);
	card_person_clear(&p);
	/* without a postal table (NULL store) the address is kept whole */
	visit_free(v);
	v = visit_new();
	p = person("A", "東京都西多摩郡日の出町平井１", "1999-08-21", '2', "");
	assert_int_equal(card_to_visit(&p, v, d, NULL, 1, &note, &cause), 0);
	assert_string_equal(visit_get(v, "old.banchi"),
	    "東京都西多摩郡日の出町平井１");
	free(note);
	card_person_clear(&p);
	visit_free(v);

	store_close(st);
	unlink(db);
	free(db);
	dict_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlv_good),
		cmocka_unit_test(test_tlv_malformed),
		cmocka_unit_test(test_vector_parse),
		cmocka_unit_test(test_data_malformed),
		cmocka_unit_test(test_digests),
		cmocka_unit_test(test_build_vector),
		cmocka_unit_test(test_ap_pin),
		cmocka_unit_test(test_ap_wrong_pin_and_lock),
		cmocka_unit_test(test_ap_pin_b),
		cmocka_unit_test(test_ap_long_address),
		cmocka_unit_test(test_ap_failures),
		cmocka_unit_test(test_to_visit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
