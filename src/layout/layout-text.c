/*
 * layout-text.c - measuring text and breaking it into lines (禁則処理).
 *
 * Text is handled as an array of struct layout_char: one entry per
 * character as a person sees it, a base code point with the variation
 * selector that follows it (葛 + U+E0100 is one character and is never
 * split or measured apart). Advances come from the font (hmtx advance /
 * unitsPerEm x size) - libharu's own measuring cuts UTF-8 in half and its
 * TextRect draws nothing for Japanese (domain.md §7), so kakanai measures
 * and breaks lines itself.
 *
 * Line breaking follows JIS X 4051 in its simple form, as town-hall forms
 * need it: Japanese text may break between any two characters, except
 *   - before a character that may not start a line (、。」）ー っゃ etc.),
 *   - after a character that may not end a line (「（ etc.),
 *   - inside a run of Latin letters, digits and ASCII symbols (a word,
 *     "190-0182", "3-12-5"), unless the run alone is wider than the line.
 *   - inside a run of katakana (a name: アレクサンダー), likewise.
 * Lines break after spaces, and spaces at the end of a line are not
 * counted. When no allowed break exists (one long unbreakable run), the
 * word rule is dropped first, then 禁則 itself, so text never overflows
 * because of breaking rules alone. Limits: no hanging punctuation
 * (ぶら下げ), no hyphenation, no proportional justification.
 *
 * Natural points: among the breaks allowed in the second half of a line,
 * the best kind wins, the latest of that kind: where an address part
 * begins (町域, 番地, 方書; layout marks them), then after a space, then
 * where a katakana or Latin run begins or a katakana run ends, then any
 * other. So 「…1234番地5678 グランドメゾン…」 breaks before the building,
 * not inside its name. A line is never cut to less than half its width
 * for a better break; and when natural breaks would need more lines than
 * a box holds, layout_break_lines_tight fills each line instead.
 */
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"

/* Characters that may not start a line: closing brackets, punctuation,
 * small kana, prolonged sound marks, iteration marks. */
static const uint32_t no_start[] = {
	0x0021, 0x0025, 0x0029, 0x002C, 0x002E, 0x003A, 0x003B, 0x003F,
	0x005D, 0x007D, 0x00B0, 0x2010, 0x2013, 0x2019, 0x201D, 0x2030,
	0x2032, 0x2033, 0x203C, 0x2047, 0x2048, 0x2049, 0x2103,
	0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011,
	0x3015, 0x3017, 0x3019, 0x301B, 0x301C, 0x301F, 0x303B,
	0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085,
	0x3087, 0x308E, 0x3095, 0x3096, 0x309B, 0x309C, 0x309D, 0x309E,
	0x30A0, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3,
	0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x30FB, 0x30FC, 0x30FD,
	0x30FE, 0xFF01, 0xFF05, 0xFF09, 0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B,
	0xFF1F, 0xFF3D, 0xFF5D, 0xFF60, 0xFF61, 0xFF63, 0xFF64, 0xFF65,
	0xFF67, 0xFF68, 0xFF69, 0xFF6A, 0xFF6B, 0xFF6C, 0xFF6D, 0xFF6E,
	0xFF6F, 0xFF70, 0xFF9E, 0xFF9F,
};

/* Characters that may not end a line: opening brackets and the currency
 * and number signs that belong to what follows. */
static const uint32_t no_end[] = {
	0x0023, 0x0024, 0x0028, 0x005B, 0x007B, 0x00A3, 0x00A5, 0x2018,
	0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016,
	0x3018, 0x301A, 0x301D, 0xFF03, 0xFF04, 0xFF08, 0xFF3B, 0xFF5B,
	0xFF5F, 0xFF62, 0xFFE1, 0xFFE5,
};

static int
cp_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static int
in_table(const uint32_t *t, size_t n, uint32_t cp)
{
	return bsearch(&cp, t, n, sizeof *t, cp_cmp) != NULL;
}

int
layout_no_line_start(uint32_t cp)
{
	/* Small katakana for Ainu (U+31F0..31FF) too. */
	if (cp >= 0x31F0 && cp <= 0x31FF)
		return 1;
	return in_table(no_start, nitems(no_start), cp);
}

int
layout_no_line_end(uint32_t cp)
{
	return in_table(no_end, nitems(no_end), cp);
}

int
layout_is_space(uint32_t cp)
{
	return cp == 0x20 || cp == 0x3000;
}

/* Part of a word that should not be split: ASCII letters, digits and
 * symbols, Latin letters with accents, and their full-width forms. */
static int
is_word(uint32_t cp)
{
	return (cp > 0x20 && cp < 0x7F) || (cp >= 0xC0 && cp <= 0x24F &&
	    cp != 0xD7 && cp != 0xF7) || (cp >= 0xFF10 && cp <= 0xFF19) ||
	    (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

struct layout_char *
layout_split(const char *text, size_t *n)
{
	struct layout_char *out;
	size_t len = strlen(text), i = 0, k = 0, used;
	uint32_t cp;

	if (!utf8_valid(text, len, NULL))
		return NULL;
	/* At most one character per byte; one allocation for the text. */
	out = xcalloc(len + 1, sizeof *out);
	while (i < len) {
		used = utf8_decode(text + i, len - i, &cp);
		if (used == 0) {
			free(out);
			return NULL;
		}
		i += used;
		if (utf8_is_vs(cp) && k > 0 && out[k - 1].vs == 0 &&
		    !utf8_is_vs(out[k - 1].cp)) {
			out[k - 1].vs = cp;
			continue;
		}
		out[k].cp = cp;
		out[k].vs = 0;
		out[k].face = -1;
		k++;
	}
	*n = k;
	return out;
}

double
layout_advance(const struct fontset *fs, int face, uint16_t gid, double size)
{
	const struct ttf *t;
	int upem;

	if (face < 0 || (size_t)face >= fs->nfaces)
		return 0;
	t = fs->faces[face];
	upem = ttf_units_per_em(t);
	if (upem <= 0)
		return 0;
	return (double)ttf_advance(t, gid) * size / upem;
}

double
layout_width(const struct layout_char *c, size_t n, double spacing)
{
	double w = 0;
	size_t i;

	while (n > 0 && layout_is_space(c[n - 1].cp))
		n--;
	for (i = 0; i < n; i++)
		w += c[i].advance + (i > 0 ? spacing : 0);
	return w;
}

/* Katakana of a word: full- and half-width, the prolonged sound mark,
 * small Ainu katakana; not the middle dot ・, which separates words. */
static int
is_kata(uint32_t cp)
{
	return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
	    (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

/* May a line break before c[i] (0 < i < n)? strict adds the word and
 * katakana-run rules. */
static int
may_break(const struct layout_char *c, size_t i, int strict)
{
	uint32_t prev = c[i - 1].cp, cur = c[i].cp;

	if (layout_is_space(prev))
		return 1;
	if (layout_is_space(cur))
		return !strict;	/* break after the space, not before */
	if (layout_no_line_start(cur) || layout_no_line_end(prev))
		return 0;
	if (strict && is_word(prev) && is_word(cur))
		return 0;
	if (strict && is_kata(prev) && is_kata(cur))
		return 0;
	return 1;
}

/* How good a break before c[i] is (it must be allowed): 4 an address
 * part begins, 3 after a space, 2 a katakana or Latin run begins or a
 * katakana run ends, 1 any other. A number is not parted from the 番地,
 * 号 or 丁目 after it. */
static int
break_rank(const struct layout_char *c, size_t i)
{
	uint32_t prev = c[i - 1].cp, cur = c[i].cp;

	if (c[i].part)
		return 4;
	if (layout_is_space(prev))
		return 3;
	if ((is_kata(cur) && !is_kata(prev)) || (is_word(cur) &&
	    !is_word(prev)) || (is_kata(prev) && !is_kata(cur)))
		return 2;
	return 1;
}

/* The best natural break in the second half of the line [s, i), or s
 * when there is none there. */
static size_t
natural_break(const struct layout_char *c, size_t s, size_t i, double width,
    double spacing)
{
	size_t b, best = s;
	int rank, best_rank = 0;

	for (b = i; b > s; b--) {
		if (layout_width(c + s, b - s, spacing) < width / 2)
			break;
		if (!may_break(c, b, 1))
			continue;
		rank = break_rank(c, b);
		if (rank > best_rank) {
			best = b;
			best_rank = rank;
		}
	}
	return best;
}

static size_t
break_lines(const struct layout_char *c, size_t n, double width,
    double spacing, int natural, size_t **ends)
{
	size_t *e, nlines = 0, s = 0, i, b;
	double w;
	const double eps = 1e-6;

	e = xreallocarray(NULL, n + 1, sizeof *e);
	while (s < n) {
		/* The longest line from s that fits: [s, i). */
		w = c[s].advance;
		for (i = s + 1; i < n; i++) {
			double nw = w + spacing + c[i].advance;

			/* Spaces at the end of a line are not counted. */
			if (!layout_is_space(c[i].cp) && nw > width + eps)
				break;
			w = nw;
		}
		if (i >= n) {
			e[nlines++] = n;
			break;
		}
		/* Break before some b in (s, i]: best rule first. */
		b = natural ? natural_break(c, s, i, width, spacing) : s;
		if (b == s)
			for (b = i; b > s; b--)
				if (may_break(c, b, 1))
					break;
		if (b == s)
			for (b = i; b > s; b--)
				if (may_break(c, b, 0))
					break;
		if (b == s)
			b = i;	/* nothing allowed: break where it overflows */
		while (b < n && layout_is_space(c[b].cp))
			b++;
		e[nlines++] = b;
		s = b;
	}
	if (n == 0)
		e[nlines++] = 0;
	*ends = e;
	return nlines;
}

size_t
layout_break_lines(const struct layout_char *c, size_t n, double width,
    double spacing, size_t **ends)
{
	return break_lines(c, n, width, spacing, 1, ends);
}

size_t
layout_break_lines_tight(const struct layout_char *c, size_t n,
    double width, double spacing, size_t **ends)
{
	return break_lines(c, n, width, spacing, 0, ends);
}
