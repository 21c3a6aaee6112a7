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

#include "card/card.h"
#include "util/util.h"

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tlv_good),
		cmocka_unit_test(test_tlv_malformed),
		cmocka_unit_test(test_vector_parse),
		cmocka_unit_test(test_data_malformed),
		cmocka_unit_test(test_digests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
