/*
 * excerpt.c - what an error message may show of a line kakanai could not
 * read: at most EXCERPT_CHARS characters, and every run of four or more
 * digits (ASCII or full-width, blanks and hyphens between them included)
 * masked, so a stray My Number, phone or account number on a line of
 * its own never reaches a screen or a log. Short words and typos of keys
 * ("person.1.nmae") stay readable.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define EXCERPT_CHARS 20

static int
is_digit_cp(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static int
is_joiner_cp(uint32_t cp)
{
	return cp == ' ' || cp == '-' || cp == 0x3000 || cp == 0xFF0D;
}

char *
str_excerpt(const char *s)
{
	size_t n = 0, i, j, run;
	uint32_t *cps = utf8_to_u32(s, &n);
	struct strbuf sb = { 0 };
	char buf[4];
	int *mask;

	if (cps == NULL)
		return xstrdup("(unreadable)");
	mask = xcalloc(n + 1, sizeof *mask);
	for (i = 0; i < n; i = j) {
		if (!is_digit_cp(cps[i])) {
			j = i + 1;
			continue;
		}
		run = 0;
		for (j = i; j < n && (is_digit_cp(cps[j]) ||
		    (is_joiner_cp(cps[j]) && j + 1 < n &&
		    is_digit_cp(cps[j + 1]))); j++)
			if (is_digit_cp(cps[j]))
				run++;
		if (run >= 4)
			for (; i < j; i++)
				mask[i] = is_digit_cp(cps[i]);
	}
	for (i = 0; i < n && i < EXCERPT_CHARS; i++) {
		if (mask[i])
			sb_addn(&sb, "*", 1);
		else
			sb_addn(&sb, buf, utf8_encode(cps[i], buf));
	}
	if (n > EXCERPT_CHARS)
		sb_addn(&sb, "…", strlen("…"));
	free(mask);
	free(cps);
	return sb_detach(&sb);
}
