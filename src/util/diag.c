/*
 * diag.c - collected `file:line: message` diagnostics.
 *
 * One function formats every message, so every parser's errors look the
 * same to the town's IT person and to the tests that match them.
 */
#include <stdio.h>
#include <stdlib.h>

#include "util/util.h"

void
diag_add(struct diag *dg, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	dg->msgs = xreallocarray(dg->msgs, dg->n + 1, sizeof *dg->msgs);
	if (line > 0)
		dg->msgs[dg->n++] = xasprintf("%s:%d: %s", file, line, msg);
	else
		dg->msgs[dg->n++] = xasprintf("%s: %s", file, msg);
	free(msg);
}

char *
diag_join(const struct diag *dg)
{
	struct strbuf sb = { 0 };
	size_t i;

	if (dg->n == 0)
		return NULL;
	for (i = 0; i < dg->n; i++) {
		if (i > 0)
			sb_addc(&sb, '\n');
		sb_add(&sb, dg->msgs[i]);
	}
	return sb_detach(&sb);
}

void
diag_free(struct diag *dg)
{
	size_t i;

	for (i = 0; i < dg->n; i++)
		free(dg->msgs[i]);
	free(dg->msgs);
	dg->msgs = NULL;
	dg->n = 0;
}

void
diag_verror(const char *fmt, va_list ap)
{
	fputs("kakanai: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}
