/*
 * kana.c - フリガナ and width folding.
 *
 * A clerk may type furigana in hiragana, in full-width katakana or, from
 * an older IME or a pasted spreadsheet, in half-width katakana where the
 * voicing marks are separate characters (ｶﾞ). All of them are stored as
 * full-width katakana (ガ); runs of ASCII or ideographic blanks become one
 * U+3000 and blanks at either end are dropped. Anything else is refused
 * with the character and its U+ code point named, because a furigana that
 * silently lost or changed a character is worse than one not printed.
 *
 * Voicing marks: half-width ﾞ ﾟ (U+FF9E/FF9F) and combining U+3099/309A
 * are joined to the kana before them; the spacing marks ゛ ゜ (U+309B/309C)
 * are refused with the joined form suggested, since "カ゛" usually means
 * the clerk meant ガ but we must not guess that quietly.
 */
#include <stdlib.h>
#include <string.h>

#include "dict/dict.h"

/* Half-width katakana U+FF66..U+FF9D to full-width. */
static const uint16_t halfwidth_kana[] = {
	0x30f2, 0x30a1, 0x30a3, 0x30a5, 0x30a7, 0x30a9, 0x30e3, 0x30e5,
	0x30e7, 0x30c3, 0x30fc, 0x30a2, 0x30a4, 0x30a6, 0x30a8, 0x30aa,
	0x30ab, 0x30ad, 0x30af, 0x30b1, 0x30b3, 0x30b5, 0x30b7, 0x30b9,
	0x30bb, 0x30bd, 0x30bf, 0x30c1, 0x30c4, 0x30c6, 0x30c8, 0x30ca,
	0x30cb, 0x30cc, 0x30cd, 0x30ce, 0x30cf, 0x30d2, 0x30d5, 0x30d8,
	0x30db, 0x30de, 0x30df, 0x30e0, 0x30e1, 0x30e2, 0x30e4, 0x30e6,
	0x30e8, 0x30e9, 0x30ea, 0x30eb, 0x30ec, 0x30ed, 0x30ef, 0x30f3,
};

/* The katakana c with a dakuten (semi = 0) or handakuten (semi = 1), or 0
 * if it takes none. */
static uint32_t
kana_voiced(uint32_t c, int semi)
{
	if (c >= 0x30cf && c <= 0x30db && (c - 0x30cf) % 3 == 0)
		return c + (semi ? 2 : 1);
	if (semi)
		return 0;
	if (c >= 0x30ab && c <= 0x30c1 && (c - 0x30ab) % 2 == 0)
		return c + 1;
	if (c == 0x30c4 || c == 0x30c6 || c == 0x30c8)
		return c + 1;
	if (c == 0x30a6)
		return 0x30f4;
	if (c >= 0x30ef && c <= 0x30f2)
		return c + 8;
	if (c == 0x30fd)
		return 0x30fe;
	return 0;
}

/* One code point to full-width katakana, 0 if it is not kana. */
static uint32_t
kana_one(uint32_t cp)
{
	if (cp >= 0x3041 && cp <= 0x3096)
		return cp + 0x60;
	if (cp == 0x309d || cp == 0x309e)
		return cp + 0x60;
	if ((cp >= 0x30a1 && cp <= 0x30fa) || (cp >= 0x30fb && cp <= 0x30fe))
		return cp;
	if (cp >= 0xff66 && cp <= 0xff9d)
		return halfwidth_kana[cp - 0xff66];
	if (cp == 0xff65)
		return 0x30fb;
	return 0;
}

static char *
refuse(uint32_t cp, const char *why)
{
	char buf[5] = { 0 };

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return xasprintf("制御文字 (U+%04X) は%s", (unsigned)cp, why);
	utf8_encode(cp, buf);
	return xasprintf("「%s」(U+%04X) は%s", buf, (unsigned)cp, why);
}

int
kana_to_katakana(const char *in, char **out, char **cause)
{
	uint32_t *cps, *res, prev_in = 0, v, cp;
	size_t n, i, nres = 0;
	int space = 0;
	struct strbuf sb = { 0 };
	char a[5] = { 0 }, b[5] = { 0 }, c[5] = { 0 };

	cps = utf8_to_u32(in, &n);
	if (cps == NULL) {
		*cause = xstrdup("フリガナが UTF-8 として読めません");
		return -1;
	}
	res = xreallocarray(NULL, n + 1, sizeof *res);
	for (i = 0; i < n; i++) {
		cp = cps[i];
		if (cp == ' ' || cp == '\t' || cp == 0x3000) {
			space = 1;
			continue;
		}
		if (cp == 0xff9e || cp == 0xff9f || cp == 0x3099 ||
		    cp == 0x309a) {
			v = nres > 0 && !space ? kana_voiced(res[nres - 1],
			    cp == 0xff9f || cp == 0x309a) : 0;
			if (v == 0) {
				*cause = refuse(cp, "前の文字に付けられません");
				goto fail;
			}
			res[nres - 1] = v;
			prev_in = cp;
			continue;
		}
		if (cp == 0x309b || cp == 0x309c) {
			v = nres > 0 && !space ? kana_voiced(res[nres - 1],
			    cp == 0x309c) : 0;
			if (v == 0) {
				*cause = refuse(cp, "フリガナに使えません");
				goto fail;
			}
			utf8_encode(prev_in, a);
			utf8_encode(cp, b);
			utf8_encode(v, c);
			*cause = xasprintf("「%s%s」ではなく「%s」と入力して"
			    "ください(U+%04X は使えません)", a, b, c,
			    (unsigned)cp);
			goto fail;
		}
		v = kana_one(cp);
		if (v == 0) {
			*cause = refuse(cp, "フリガナに使えません");
			goto fail;
		}
		if (space && nres > 0)
			res[nres++] = 0x3000;
		space = 0;
		res[nres++] = v;
		prev_in = cp;
	}
	for (i = 0; i < nres; i++)
		sb_add_utf8(&sb, res[i]);
	if (sb.s == NULL)
		sb_add(&sb, "");
	*out = sb_detach(&sb);
	free(cps);
	free(res);
	return 0;
fail:
	free(cps);
	free(res);
	return -1;
}

/* Half-width punctuation U+FF61..U+FF65 to full-width: 。「」、・ */
static const uint16_t halfwidth_punct[] = {
	0x3002, 0x300c, 0x300d, 0x3001, 0x30fb,
};

uint32_t
kana_widen(uint32_t cp)
{
	if (cp >= 0xff61 && cp <= 0xff65)
		return halfwidth_punct[cp - 0xff61];
	if (cp >= 0xff66 && cp <= 0xff9d)
		return halfwidth_kana[cp - 0xff66];
	if (cp == 0xff9e || cp == 0xff9f)
		return cp == 0xff9e ? 0x309b : 0x309c;
	return cp;
}

char *
kana_to_fullwidth(const char *in)
{
	struct strbuf sb = { 0 };
	size_t len = strlen(in), off = 0, n;
	uint32_t cp, prev = 0, v;
	int have_prev = 0;

	/* One character is held back so that a following ﾞ or ﾟ can join
	 * it: ｶﾞ is ガ, not カ゛. */
	sb_add(&sb, "");
	while (off < len) {
		n = utf8_decode(in + off, len - off, &cp);
		if (n == 0) {
			if (have_prev)
				sb_add_utf8(&sb, prev);
			have_prev = 0;
			sb_addc(&sb, in[off++]);
			continue;
		}
		off += n;
		if (cp == 0xff9e || cp == 0xff9f) {
			v = have_prev ? kana_voiced(prev, cp == 0xff9f) : 0;
			if (v != 0) {
				prev = v;
				continue;
			}
			cp = kana_widen(cp);
		} else if (cp == ' ')
			cp = 0x3000;
		else if (cp > 0x20 && cp < 0x7f)
			cp += 0xfee0;
		else
			cp = kana_widen(cp);
		if (have_prev)
			sb_add_utf8(&sb, prev);
		prev = cp;
		have_prev = 1;
	}
	if (have_prev)
		sb_add_utf8(&sb, prev);
	return sb_detach(&sb);
}

char *
kana_to_halfwidth_digits(const char *in)
{
	struct strbuf sb = { 0 };
	size_t len = strlen(in), off = 0, n;
	uint32_t cp;

	sb_add(&sb, "");
	while (off < len) {
		n = utf8_decode(in + off, len - off, &cp);
		if (n == 0) {
			sb_addc(&sb, in[off++]);
			continue;
		}
		off += n;
		if (cp >= 0xff10 && cp <= 0xff19)
			cp -= 0xfee0;
		/* An IME in full-width mode gives －, ‐, − or ー for "-". */
		else if (cp == 0xff0d || cp == 0x2010 || cp == 0x2011 ||
		    cp == 0x2012 || cp == 0x2013 || cp == 0x2212 ||
		    cp == 0x30fc || cp == 0xff70)
			cp = '-';
		sb_add_utf8(&sb, cp);
	}
	return sb_detach(&sb);
}
