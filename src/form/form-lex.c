/*
 * form-lex.c - splitting one line of a form file into tokens.
 *
 * The form language (README "Form definitions") is line based: a statement
 * is a verb and its tokens. Tokens are separated by blanks (ASCII space and
 * tab; U+3000 is an ordinary character, so Japanese text keeps its wide
 * spaces). A token is a run of bare characters and "quoted" parts joined
 * together, as in a shell, so both "住民 異動届" and prefix="〒 " are one
 * token. Inside quotes only \" and \\ are escapes; anything else after a
 * backslash is a mistake, so that a town's IT person is told rather than
 * surprised. A `#` at the start of a token begins a comment.
 *
 * Each token remembers its byte offset and its column (in characters) so
 * the parser can point at it, and where its quoted part begins so that
 * "w=5" (quoted text) is not mistaken for the option w=5.
 */
#include <stdlib.h>
#include <string.h>

#include "form/form.h"

static int
lex_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int
form_lex_column(const char *line, size_t off)
{
	size_t i;
	int col = 1;

	/* Count characters, not bytes: continuation bytes do not start one. */
	for (i = 0; i < off && line[i] != '\0'; i++) {
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			col++;
	}
	return col;
}

int
form_lex_quoted(const char *s, size_t len, size_t *used, struct strbuf *out,
    char **cause)
{
	size_t i;

	for (i = 1; i < len; i++) {
		if (s[i] == '"') {
			*used = i + 1;
			return 0;
		}
		if (s[i] == '\\') {
			if (i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\')) {
				sb_addc(out, s[i + 1]);
				i++;
				continue;
			}
			if (i + 1 >= len) {
				*cause = xstrdup("a backslash ends the line "
				    "inside quotes");
			} else {
				*cause = xasprintf("unknown escape \\%c in "
				    "quotes (only \\\" and \\\\)", s[i + 1]);
			}
			*used = i;
			return -1;
		}
		sb_addc(out, s[i]);
	}
	*used = 0;
	*cause = xstrdup("unterminated quote");
	return -1;
}

size_t
form_lex_option(const struct form_token *t)
{
	size_t i;

	for (i = 0; t->s[i] != '\0' && i < t->quote_at; i++) {
		if (t->s[i] == '=')
			return i;
		if (!((t->s[i] >= 'a' && t->s[i] <= 'z') || t->s[i] == '_'))
			return 0;
	}
	return 0;
}

static void
lex_push(struct form_line *out, struct strbuf *sb, const char *line,
    size_t start, size_t end, size_t quote_at)
{
	struct form_token *t;

	out->tokens = xreallocarray(out->tokens, out->n + 1,
	    sizeof *out->tokens);
	t = &out->tokens[out->n++];
	t->s = sb_detach(sb);
	t->off = start;
	t->end = end;
	t->col = form_lex_column(line, start);
	t->quote_at = quote_at;
}

int
form_lex_line(const char *line, size_t len, struct form_line *out,
    char **cause)
{
	struct strbuf sb = { 0 };
	size_t i = 0, start, used, quote_at;
	char *why;

	memset(out, 0, sizeof *out);
	out->len = len;
	while (i < len) {
		while (i < len && lex_blank(line[i]))
			i++;
		if (i >= len)
			break;
		if (line[i] == '#') {
			out->len = i;
			break;
		}
		start = i;
		quote_at = (size_t)-1;
		while (i < len && !lex_blank(line[i])) {
			if (line[i] != '"') {
				sb_addc(&sb, line[i++]);
				continue;
			}
			if (quote_at == (size_t)-1)
				quote_at = sb.len;
			if (form_lex_quoted(line + i, len - i, &used, &sb,
			    &why) != 0) {
				*cause = xasprintf("column %d: %s",
				    form_lex_column(line, i + used), why);
				free(why);
				sb_free(&sb);
				return -1;
			}
			i += used;
		}
		lex_push(out, &sb, line, start, i, quote_at);
	}
	/* Trailing blanks are not part of the statement. */
	while (out->len > 0 && lex_blank(line[out->len - 1]))
		out->len--;
	return 0;
}

void
form_lex_free(struct form_line *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		free(fl->tokens[i].s);
	free(fl->tokens);
	fl->tokens = NULL;
	fl->n = 0;
}
