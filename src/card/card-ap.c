/*
 * card-ap.c - the exchange with the card's 券面事項入力補助AP.
 *
 *   SELECT AP         00 A4 04 0C 0A D3 92 10 00 31 00 01 01 04 08
 *   SELECT EF         00 A4 02 0C 02 <fid>    0011 PIN, 0015 照合番号B,
 *                                             0001, 0002, 0003 data
 *   tries left        00 20 00 80             -> 63 Cn (uses no try)
 *   VERIFY            00 20 00 80 Lc <ASCII digits>  -> 90 00 or 63 Cn
 *   READ BINARY       00 B0 <offset> Le       at most 256 bytes at a time
 *
 * The APDUs go through a struct card_transport, so this file knows
 * nothing of PC/SC and the tests drive it with a fake card. It never
 * sends VERIFY twice on its own: a wrong PIN comes back to the caller,
 * who shows the tries left and lets the resident decide.
 */
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "util/util.h"

#define CARD_MAX_FILE 4096	/* the AP's files are a few hundred bytes */
#define RESP_MAX 258

static const uint8_t aid_kenhojo[] = { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00,
    0x01, 0x01, 0x04, 0x08 };

/* Send an APDU; on success *sw holds SW1 SW2 and resp[0..*n) the data. */
static enum card_err
ap_send(const struct card_transport *tr, const uint8_t *apdu, size_t len,
    uint8_t *resp, size_t *n, unsigned *sw, char **cause)
{
	size_t rlen = RESP_MAX;
	enum card_err e;

	if ((e = tr->transmit(tr->ctx, apdu, len, resp, &rlen, cause)) !=
	    CARD_OK)
		return e;
	if (rlen < 2 || rlen > RESP_MAX) {
		*cause = xasprintf("カードの応答が短すぎます(%zuバイト)", rlen);
		return CARD_E_IO;
	}
	*sw = (unsigned)resp[rlen - 2] << 8 | resp[rlen - 1];
	*n = rlen - 2;
	return CARD_OK;
}

enum card_err
card_select_ap(const struct card_transport *tr, char **cause)
{
	uint8_t apdu[5 + sizeof aid_kenhojo], resp[RESP_MAX];
	size_t n;
	unsigned sw;
	enum card_err e;

	memcpy(apdu, "\x00\xA4\x04\x0C", 4);
	apdu[4] = sizeof aid_kenhojo;
	memcpy(apdu + 5, aid_kenhojo, sizeof aid_kenhojo);
	if ((e = ap_send(tr, apdu, sizeof apdu, resp, &n, &sw, cause)) !=
	    CARD_OK)
		return e;
	if (sw != 0x9000) {
		*cause = xasprintf("このカードはマイナンバーカードではないか、"
		    "読めない向きに入っています(券面事項入力補助APの選択に"
		    "%04X が返りました)", sw);
		return CARD_E_NOT_MYNA;
	}
	return CARD_OK;
}

static enum card_err
select_ef(const struct card_transport *tr, unsigned fid, char **cause)
{
	uint8_t apdu[7] = { 0x00, 0xA4, 0x02, 0x0C, 0x02 }, resp[RESP_MAX];
	size_t n;
	unsigned sw;
	enum card_err e;

	apdu[5] = (uint8_t)(fid >> 8);
	apdu[6] = (uint8_t)fid;
	if ((e = ap_send(tr, apdu, sizeof apdu, resp, &n, &sw, cause)) !=
	    CARD_OK)
		return e;
	if (sw != 0x9000) {
		*cause = xasprintf("カードのファイル %04X を選べません(%04X)。"
		    "マイナンバーカードではないかもしれません", fid, sw);
		return CARD_E_NOT_MYNA;
	}
	return CARD_OK;
}

static const char *
route_name(enum card_route r)
{
	return r == CARD_ROUTE_PIN ? "暗証番号" : "照合番号B";
}

static unsigned
route_ef(enum card_route r)
{
	return r == CARD_ROUTE_PIN ? 0x0011 : 0x0015;
}

static enum card_err
locked(enum card_route r, char **cause)
{
	if (r == CARD_ROUTE_PIN)
		*cause = xstrdup("暗証番号がロックされています。カードの暗証"
		    "番号の再設定は、役場のマイナンバーカード窓口で"
		    "できます。照合番号Bでの読み取りはできます");
	else
		*cause = xstrdup("照合番号Bがロックされています。暗証番号で"
		    "読み取るか、氏名などを手で入力してください");
	return CARD_E_LOCKED;
}

enum card_err
card_tries_left(const struct card_transport *tr, enum card_route r,
    int *tries, char **cause)
{
	uint8_t apdu[4] = { 0x00, 0x20, 0x00, 0x80 }, resp[RESP_MAX];
	size_t n;
	unsigned sw;
	enum card_err e;

	if ((e = select_ef(tr, route_ef(r), cause)) != CARD_OK)
		return e;
	if ((e = ap_send(tr, apdu, sizeof apdu, resp, &n, &sw, cause)) !=
	    CARD_OK)
		return e;
	if ((sw & 0xfff0) == 0x63c0 && (sw & 0xf) > 0) {
		*tries = (int)(sw & 0xf);
		return CARD_OK;
	}
	if (sw == 0x63c0 || sw == 0x6983) {
		*tries = 0;
		return locked(r, cause);
	}
	*cause = xasprintf("%sの残り回数がわかりません(カードの応答 %04X)",
	    route_name(r), sw);
	return CARD_E_IO;
}

int
card_secret_ok(enum card_route r, const char *s)
{
	size_t want = r == CARD_ROUTE_PIN ? 4 : 14, i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return i == want;
}

char *
card_tries_message(enum card_route r, int tries)
{
	if (tries == 1)
		return xasprintf("%sの残りは1回です。間違えるとロックされます"
		    "(再設定は役場の窓口)。%s", route_name(r),
		    r == CARD_ROUTE_PIN ? "\nわからないときは照合番号Bで"
		    "読み取れます" : "");
	return xasprintf("%sの残り回数: %d回", route_name(r), tries);
}

enum card_err
card_verify(const struct card_transport *tr, enum card_route r,
    const char *secret, int *tries_left, char **cause)
{
	uint8_t apdu[5 + 14] = { 0x00, 0x20, 0x00, 0x80 }, resp[RESP_MAX];
	size_t n, len;
	unsigned sw;
	enum card_err e;

	*tries_left = -1;
	if (!card_secret_ok(r, secret)) {
		*cause = xstrdup(r == CARD_ROUTE_PIN ? "暗証番号は数字4桁です" :
		    "照合番号Bは数字14桁です(生年月日6桁・有効期限の西暦4桁・"
		    "セキュリティコード4桁)");
		return CARD_E_WRONG_PIN;
	}
	if ((e = select_ef(tr, route_ef(r), cause)) != CARD_OK)
		return e;
	len = strlen(secret);
	apdu[4] = (uint8_t)len;
	memcpy(apdu + 5, secret, len);
	e = ap_send(tr, apdu, 5 + len, resp, &n, &sw, cause);
	card_wipe(apdu, sizeof apdu);
	card_wipe(resp, sizeof resp);
	if (e != CARD_OK)
		return e;
	if (sw == 0x9000)
		return CARD_OK;
	if ((sw & 0xfff0) == 0x63c0 && (sw & 0xf) > 0) {
		*tries_left = (int)(sw & 0xf);
		*cause = xasprintf("%sが違います。残り%d回です%s",
		    route_name(r), *tries_left, *tries_left == 1 ?
		    "(次に間違えるとロックされます)" : "");
		return CARD_E_WRONG_PIN;
	}
	if (sw == 0x63c0 || sw == 0x6983) {
		*tries_left = 0;
		return locked(r, cause);
	}
	*cause = xasprintf("%sを確かめられませんでした(カードの応答 %04X)",
	    route_name(r), sw);
	return CARD_E_IO;
}

/* The total length of the TLV at the start of buf, if its header is
 * there; 0 if more bytes are needed to know. */
static size_t
tlv_total(const uint8_t *buf, size_t n)
{
	size_t p = 1, len, i, nlen;

	if (n < 2)
		return 0;
	if ((buf[0] & 0x1f) == 0x1f) {
		while (p < n && p < 3 && (buf[p] & 0x80))
			p++;
		p++;
	}
	if (p >= n)
		return 0;
	if (buf[p] < 0x80)
		return p + 1 + buf[p];
	nlen = buf[p] & 0x7f;
	if (nlen > 2)
		return SIZE_MAX;	/* the parser will refuse it */
	if (p + 1 + nlen > n)
		return 0;
	for (len = 0, i = 0; i < nlen; i++)
		len = len << 8 | buf[p + 1 + i];
	return p + 1 + nlen + len;
}

/* Read a file: the first READ BINARY asks for all (Le 00, up to 256
 * bytes, the filler included as the digest of EF 0001 wants), then more
 * until the TLV at its start is whole. Caller frees *out. */
static enum card_err
read_ef(const struct card_transport *tr, unsigned fid, uint8_t **out,
    size_t *outlen, char **cause)
{
	uint8_t apdu[5] = { 0x00, 0xB0 }, resp[RESP_MAX], *buf;
	size_t n, have = 0, want = 0, ask;
	unsigned sw;
	enum card_err e;

	if ((e = select_ef(tr, fid, cause)) != CARD_OK)
		return e;
	buf = xmalloc(CARD_MAX_FILE);
	for (;;) {
		ask = have == 0 ? 0 : (want - have > 255 ? 255 : want - have);
		apdu[2] = (uint8_t)(have >> 8);
		apdu[3] = (uint8_t)have;
		apdu[4] = (uint8_t)ask;
		if ((e = ap_send(tr, apdu, 5, resp, &n, &sw, cause)) !=
		    CARD_OK)
			goto fail;
		if ((sw >> 8) == 0x6c && have == 0) {
			/* "wrong length, use xx": ask exactly that */
			apdu[4] = (uint8_t)sw;
			if ((e = ap_send(tr, apdu, 5, resp, &n, &sw, cause)) !=
			    CARD_OK)
				goto fail;
		}
		if (sw == 0x6982) {
			*cause = xasprintf("カードのファイル %04X を読む許可が"
			    "ありません(暗証番号の確認が済んでいません)", fid);
			e = CARD_E_IO;
			goto fail;
		}
		if ((sw != 0x9000 && sw != 0x6282) || n == 0) {
			if (have > 0 && (sw == 0x6b00 || n == 0))
				break;
			*cause = xasprintf("カードのファイル %04X を読めません"
			    "(%04X)", fid, sw);
			e = CARD_E_IO;
			goto fail;
		}
		if (n > CARD_MAX_FILE - have)
			n = CARD_MAX_FILE - have;
		memcpy(buf + have, resp, n);
		have += n;
		want = tlv_total(buf, have);
		if (want == SIZE_MAX || want > CARD_MAX_FILE)
			break;		/* refused by the parser */
		if (want == 0)
			want = have + 7; /* the header is not whole yet */
		if (have >= want || sw == 0x6282 || have >= CARD_MAX_FILE)
			break;
	}
	*out = buf;
	*outlen = have;
	return CARD_OK;
fail:
	free(buf);
	return e;
}

enum card_err
card_read_person(const struct card_transport *tr, enum card_route r,
    struct card_person *p, char **cause)
{
	uint8_t *ef1 = NULL, *ef2 = NULL, *ef3 = NULL;
	size_t len1 = 0, len2 = 0, len3 = 0;
	enum card_err e;

	memset(p, 0, sizeof *p);
	if (r == CARD_ROUTE_PIN &&
	    (e = read_ef(tr, 0x0001, &ef1, &len1, cause)) != CARD_OK)
		goto out;
	if ((e = read_ef(tr, 0x0002, &ef2, &len2, cause)) != CARD_OK)
		goto out;
	if ((e = read_ef(tr, 0x0003, &ef3, &len3, cause)) != CARD_OK)
		goto out;
	e = CARD_E_DATA;
	if (card_check_digests(ef3, len3, ef1, len1, ef2, len2, cause) != 0)
		goto out;
	if (ef1 != NULL && card_parse_mynumber(ef1, len1, p->mynumber,
	    cause) != 0)
		goto out;
	if (card_parse_basic(ef2, len2, p, cause) != 0)
		goto out;
	e = CARD_OK;
out:
	if (e != CARD_OK)
		card_person_clear(p);
	if (ef1 != NULL) {
		card_wipe(ef1, CARD_MAX_FILE);
		free(ef1);
	}
	if (ef2 != NULL) {
		card_wipe(ef2, CARD_MAX_FILE);
		free(ef2);
	}
	free(ef3);
	return e;
}
