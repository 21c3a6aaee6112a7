/*
 * card-tlv.c - a small strict reader of the card's tag-length-value data.
 *
 * The My Number card's files look like BER but are not strictly BER: EF
 * 0001 opens with the tag `FF 10`, the high-tag-number form for a tag
 * number (16) that fits the short form, which a strict BER parser refuses
 * as non-minimal. So kakanai reads the bytes itself, taking tags as the
 * card writes them and checking every bound:
 *
 *   +-----+------+-----+     +-----+-----+-----+     +---------------+
 *   | tag | [tag | tag] |     | 0xxxxxxx        | or  | 81 LL, 82 LLLL|
 *   +-----+------+-----+     +-----------------+     +---------------+
 *   first byte & 1F == 1F: more tag bytes follow, bit 8 set on all but
 *   the last (at most 3 tag bytes in all).
 *
 * The files are at most a few hundred bytes, so lengths beyond 82 (and the
 * indefinite form 80) are refused rather than guessed at.
 */
#include <stdint.h>
#include <stdlib.h>

#include "card/card.h"
#include "util/util.h"

#define TLV_MAX_TAG_BYTES 3

int
tlv_read(const uint8_t *buf, size_t size, size_t *off, struct tlv *out,
    char **cause)
{
	size_t p = *off, start = *off, len, ntag = 1, i, nlen;
	uint32_t tag;

	if (p >= size) {
		*cause = xasprintf("%zuバイト目: タグがありません(データの終わり)",
		    p);
		return -1;
	}
	tag = buf[p++];
	if ((tag & 0x1f) == 0x1f) {
		for (;;) {
			if (p >= size) {
				*cause = xasprintf("%zuバイト目: タグが途中で"
				    "終わっています", start);
				return -1;
			}
			if (++ntag > TLV_MAX_TAG_BYTES) {
				*cause = xasprintf("%zuバイト目: タグが長すぎます",
				    start);
				return -1;
			}
			tag = tag << 8 | buf[p];
			if ((buf[p++] & 0x80) == 0)
				break;
		}
	}
	if (p >= size) {
		*cause = xasprintf("%zuバイト目: 長さがありません", start);
		return -1;
	}
	if (buf[p] < 0x80)
		len = buf[p++];
	else if (buf[p] == 0x81 || buf[p] == 0x82) {
		nlen = buf[p++] & 0x7f;
		if (size - p < nlen) {
			*cause = xasprintf("%zuバイト目: 長さが途中で"
			    "終わっています", start);
			return -1;
		}
		for (len = 0, i = 0; i < nlen; i++)
			len = len << 8 | buf[p++];
	} else {
		*cause = xasprintf("%zuバイト目: 長さの形式 %02X は読めません",
		    start, buf[p]);
		return -1;
	}
	if (len > size - p) {
		*cause = xasprintf("%zuバイト目: 値(%zuバイト)がデータの外に"
		    "はみ出しています", start, len);
		return -1;
	}
	out->tag = tag;
	out->value = buf + p;
	out->len = len;
	out->hdrlen = p - start;
	*off = p + len;
	return 0;
}
