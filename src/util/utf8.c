/*
 * utf8.c - decoding, encoding and measuring UTF-8.
 *
 * The decoder is strict (RFC 3629): overlong forms, surrogates and code
 * points above U+10FFFF are errors, so a byte from a CP932 file or a
 * confused terminal is caught at the edge and named, not carried inward.
 *
 * Terminal widths follow the kernel of wcwidth() but are computed here,
 * not by the C library, so that the screen and the tests agree whatever
 * locale data the thin client's server has installed.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

size_t
utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t n, i;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	if (c >= 0xd800 && c <= 0xdfff)
		return 0;
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

int
utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t off = 0, n;
	uint32_t cp;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n == 0) {
			if (bad != NULL)
				*bad = off;
			return 0;
		}
		off += n;
	}
	return 1;
}

size_t
utf8_count(const char *s)
{
	size_t count = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			count++;
	return count;
}

int
utf8_is_vs(uint32_t cp)
{
	return (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    (cp >= 0xe0100 && cp <= 0xe01ef);
}

int
utf8_cp_width(uint32_t cp)
{
	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (utf8_is_vs(cp) || (cp >= 0x300 && cp <= 0x36f) ||
	    cp == 0x200b || cp == 0x200c || cp == 0x200d ||
	    (cp >= 0x3099 && cp <= 0x309a))
		return 0;
	if ((cp >= 0x1100 && cp <= 0x115f) ||
	    (cp >= 0x2e80 && cp <= 0x303e) ||
	    (cp >= 0x3041 && cp <= 0x33ff) ||
	    (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0x4e00 && cp <= 0x9fff) ||
	    (cp >= 0xa000 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) ||
	    (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) ||
	    (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x1f300 && cp <= 0x1f64f) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

int
utf8_width(const char *s)
{
	size_t len = strlen(s), off = 0, n;
	uint32_t cp;
	int w = 0;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n == 0) {
			w++;
			off++;
			continue;
		}
		w += utf8_cp_width(cp);
		off += n;
	}
	return w;
}

uint32_t *
utf8_to_u32(const char *s, size_t *np)
{
	size_t len = strlen(s), off = 0, n, count = 0;
	uint32_t *out = xreallocarray(NULL, len + 1, sizeof *out);
	uint32_t cp;

	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp);
		if (n == 0) {
			free(out);
			return NULL;
		}
		out[count++] = cp;
		off += n;
	}
	out[count] = 0;
	*np = count;
	return out;
}

char *
utf8_codepoints(const uint32_t *cps, size_t n)
{
	struct strbuf sb = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		sb_addf(&sb, "%sU+%04X", i == 0 ? "" : " ", (unsigned)cps[i]);
	return sb_detach(&sb);
}
