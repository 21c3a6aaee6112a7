/*
 * card.h - reading the resident's My Number card (マイナンバーカード).
 *
 * The card's 券面事項入力補助AP holds the four items printed on the card
 * (氏名, 住所, 生年月日, 性別) and the My Number, with SHA-256 digests of
 * both. kakanai reads them over PC/SC so the clerk does not type them:
 *
 *   card-tlv.c    a small strict TLV reader (the card's tags are BER-like,
 *                 but `FF 10` is a non-minimal tag strict BER refuses)
 *   card-data.c   the files' formats: EF 0001, EF 0002, EF 0003 digests
 *   card-ap.c     the exchange: SELECT, tries left, VERIFY, READ BINARY,
 *                 over a small transport interface (tests use a fake one)
 *   card-pcsc.c   the transport through pcscd (libpcsclite)
 *   card-visit.c  what was read, into a visit's member (same rules as
 *                 typed values)
 *
 * Every failure comes back as an enum card_err and a message in plain
 * Japanese for the clerk and the resident through char **cause. The PIN
 * and 照合番号B pass through here only as arguments, are never copied
 * except into the one APDU buffer, and that buffer is wiped after use.
 */
#ifndef KAKANAI_CARD_H
#define KAKANAI_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "dict/dict.h"
#include "visit/visit.h"

/* ---- card-tlv.c ---------------------------------------------------------- */

/*
 * One tag-length-value element:
 *
 *   tag     1 byte, or (low 5 bits all set) that byte and up to two more
 *           with bit 8 set on all but the last: FF 10, DF 21, FF 20
 *   length  00..7F, or 81 LL, or 82 LL LL (indefinite 80 and longer
 *           forms are refused; the card's files are small)
 *   value   exactly length bytes, all inside the buffer
 *
 * tag holds the tag's bytes as read (0xFF10, 0xDF21), so a non-minimal
 * tag is kept distinct, as the card means it.
 */
struct tlv {
	uint32_t tag;
	const uint8_t *value;
	size_t len;
	size_t hdrlen;		/* bytes of tag and length */
};

/* Read one element at buf[*off] (the buffer is buf[0..size)). On success
 * returns 0, fills *out and moves *off past the value. On a truncated or
 * malformed element returns -1 with a message naming the byte offset in
 * *cause, and leaves *off where it was. */
int tlv_read(const uint8_t *buf, size_t size, size_t *off, struct tlv *out,
    char **cause);

/* ---- card-data.c --------------------------------------------------------- */

/* The person as the card holds them. name and address are the card's
 * UTF-8 (checked valid); birth is YYYY-MM-DD; sex is the ISO 5218 digit. */
struct card_person {
	char mynumber[13];	/* "" on the 照合番号B route */
	char *name;		/* 黒桐　幹也: surname U+3000 given name */
	char *address;		/* 東京都清瀬市観布子南１２－７－２０２ */
	char birth[11];
	char sex;		/* '1' male, '2' female, '9' not applicable */
};
void card_person_clear(struct card_person *);	/* frees and wipes */

/* EF 0001: FF 10 0C, 12 ASCII digits, filler. */
int card_parse_mynumber(const uint8_t *ef, size_t len, char out[13],
    char **cause);
/* EF 0002: FF 20 with DF21 (offsets), DF22 氏名, DF23 住所, DF24 生年月日,
 * DF25 性別, then filler. Fills name, address, birth and sex. */
int card_parse_basic(const uint8_t *ef, size_t len, struct card_person *,
    char **cause);
/* EF 0003: FF 30 with DF31 (SHA-256 of EF 0001 as read, filler
 * included) and DF32 (SHA-256 of EF 0002 from DF22 to the end of FF 20's
 * value). ef1 may be NULL (照合番号B route: EF 0001 not read). Returns 0
 * when every digest given matches. */
int card_check_digests(const uint8_t *ef3, size_t len3, const uint8_t *ef1,
    size_t len1, const uint8_t *ef2, size_t len2, char **cause);
/* The bytes DF32's digest covers, inside ef2 (for the check and for the
 * test card builder). -1 if ef2 is not a well-formed EF 0002. */
int card_basic_digest_span(const uint8_t *ef2, size_t len, size_t *start,
    size_t *end, char **cause);

/* ---- card-ap.c ----------------------------------------------------------- */

enum card_err {
	CARD_OK = 0,
	CARD_E_SERVICE,		/* pcscd not running */
	CARD_E_NO_READER,	/* no reader connected */
	CARD_E_NO_CARD,		/* no card in the reader */
	CARD_E_REMOVED,		/* card taken out during the read */
	CARD_E_SHARING,		/* reader in use by another program/counter */
	CARD_E_NOT_MYNA,	/* the card has no 券面事項入力補助AP */
	CARD_E_WRONG_PIN,	/* wrong PIN / 照合番号B (tries left given) */
	CARD_E_LOCKED,		/* no tries left */
	CARD_E_DATA,		/* a file malformed or its digest wrong */
	CARD_E_IO,		/* anything else the reader or card reported */
};

/* The route to the items: the 4-digit 券面事項入力補助用 PIN opens EF 0001
 * and EF 0002; 照合番号B (14 digits printed on the card) opens EF 0002
 * only and has its own tries. */
enum card_route {
	CARD_ROUTE_PIN,
	CARD_ROUTE_PIN_B,
};

/* How APDUs reach a card: transmit sends apdu[0..len) and puts the
 * response (data then SW1 SW2) in resp, at most *resplen bytes, setting
 * *resplen. Returns CARD_OK or an error with a message in *cause. */
struct card_transport {
	void *ctx;
	enum card_err (*transmit)(void *ctx, const uint8_t *apdu, size_t len,
	    uint8_t *resp, size_t *resplen, char **cause);
};

/* SELECT the 券面事項入力補助AP; CARD_E_NOT_MYNA if the card has none. */
enum card_err card_select_ap(const struct card_transport *, char **cause);
/* Tries left for the route's PIN (VERIFY without data: uses no try). */
enum card_err card_tries_left(const struct card_transport *, enum card_route,
    int *tries, char **cause);
/* VERIFY the PIN (4 digits) or 照合番号B (14 digits). A wrong one returns
 * CARD_E_WRONG_PIN with *tries_left set; never retries. The APDU buffer
 * is wiped before returning. */
enum card_err card_verify(const struct card_transport *, enum card_route,
    const char *secret, int *tries_left, char **cause);
/* After a successful VERIFY: read EF 0001 (PIN route only), EF 0002 and
 * EF 0003, parse them and check the digests. */
enum card_err card_read_person(const struct card_transport *,
    enum card_route, struct card_person *, char **cause);
/* Is secret a well-formed PIN (4 digits) / 照合番号B (14 digits)? */
int card_secret_ok(enum card_route, const char *secret);
/* The plain sentence about tries left, shown before every attempt
 * (caller frees): "暗証番号の残り回数: 3回" or, at 1, a warning about
 * the lock (two lines, split by a newline). */
char *card_tries_message(enum card_route, int tries);
/* Overwrite n bytes so the compiler cannot drop it. */
void card_wipe(void *, size_t n);

/* ---- card-pcsc.c --------------------------------------------------------- */

/* Connect to the first reader holding a card, exclusively. The reader name
 * may be restricted with $KAKANAI_CARD_READER (a prefix). */
struct card_pcsc;
enum card_err card_pcsc_open(struct card_pcsc **, char **cause);
struct card_transport card_pcsc_transport(struct card_pcsc *);
void card_pcsc_close(struct card_pcsc *);

/* ---- card-visit.c -------------------------------------------------------- */

struct store;
/* Put what was read into person.N (N = member) of the visit, every value
 * through visit_set, so a character the rule refuses stops the read with
 * the field and the U+ code point. The address goes into old.* for 転入,
 * 転居 and 転出 (the card still shows the address moved from), else new.*,
 * and only when those fields are empty; it is split into 都道府県 /
 * 市区町村 / 町名 / 番地 with the postal table (st may be NULL) where
 * the table has the town, else kept whole in 番地 and *note says so.
 * An address whose parts do not fit the fields is left out with a note
 * (the clerk types it); *note (caller frees, may be NULL) also tells what
 * else was left alone. On an error (the name, birth date or My Number
 * refused) the visit is unchanged. */
int card_to_visit(const struct card_person *, struct visit *,
    const struct dict *, struct store *st, int member, char **note,
    char **cause);

#endif
