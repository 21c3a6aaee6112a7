/*
 * strbuf.c - a growable byte string that is always NUL-terminated.
 *
 * An all-zero struct strbuf is a valid empty buffer, so buffers can live
 * inside other structures without an init call.
 *
 * str_trim lives here too: the one blank-trimmer of the `key = value`
 * readers (configuration, visit files, font map).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

void
sb_init(struct strbuf *sb)
{
	sb->s = NULL;
	sb->len = 0;
	sb->cap = 0;
}

static void
sb_grow(struct strbuf *sb, size_t more)
{
	size_t need = sb->len + more + 1;

	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

void
sb_addn(struct strbuf *sb, const char *p, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_add(struct strbuf *sb, const char *p)
{
	sb_addn(sb, p, strlen(p));
}

void
sb_addc(struct strbuf *sb, char c)
{
	sb_addn(sb, &c, 1);
}

void
sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	sb_add(sb, p);
	free(p);
}

void
sb_add_utf8(struct strbuf *sb, uint32_t cp)
{
	char buf[4];

	sb_addn(sb, buf, utf8_encode(cp, buf));
}

char *
sb_detach(struct strbuf *sb)
{
	char *p = sb->s != NULL ? sb->s : xstrdup("");

	sb_init(sb);
	return p;
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb_init(sb);
}

char *
str_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

void
sb_add_field(struct strbuf *sb, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		sb_addc(sb, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' :
		    *s);
}
