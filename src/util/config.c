/*
 * config.c - the town's configuration file.
 *
 * One `key = value` per line; `#` starts a comment line; blank lines are
 * ignored; the value runs to the end of the line with surrounding blanks
 * trimmed. Keys are the dotted names documented in the README (town.name,
 * town.addressee, printer, db, ...). A line without `=` or a key given twice
 * is reported as file:line and the whole file is refused, so a typo never
 * quietly prints the wrong town on a form. Every value is checked against
 * what its key allows (config-check.c) as it is read.
 */
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

struct config_entry {
	char *key;
	char *value;
};

struct config {
	char *path;
	struct config_entry *entries;
	size_t n;
};

/*
 * Every mistake in the file, each as `file:line: ...` on its own line,
 * goes to *cause; nothing is kept from a file with any.
 */
static int
config_parse(struct config *cf, char *text, char **cause)
{
	struct strbuf errs = { 0 };
	char *line, *next, *eq, *key, *value, *why;
	size_t lineno = 0, i, bad;

	if (!utf8_valid(text, strlen(text), &bad)) {
		*cause = xasprintf("%s: not UTF-8 (byte offset %zu)", cf->path,
		    bad);
		return -1;
	}
	for (line = text; line != NULL; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		line = str_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		eq = strchr(line, '=');
		if (eq == NULL) {
			sb_addf(&errs, "%s%s:%zu: expected `key = value`",
			    errs.len > 0 ? "\n" : "", cf->path, lineno);
			continue;
		}
		*eq = '\0';
		key = str_trim(line);
		value = str_trim(eq + 1);
		if (*key == '\0') {
			sb_addf(&errs, "%s%s:%zu: missing key before `=`",
			    errs.len > 0 ? "\n" : "", cf->path, lineno);
			continue;
		}
		for (i = 0; i < cf->n; i++)
			if (strcmp(cf->entries[i].key, key) == 0)
				break;
		if (i < cf->n) {
			sb_addf(&errs, "%s%s:%zu: %s is set twice",
			    errs.len > 0 ? "\n" : "", cf->path, lineno, key);
			continue;
		}
		/* an empty value means "not set" (the default) */
		if (*value != '\0' &&
		    (why = config_check_value(key, value)) != NULL) {
			sb_addf(&errs, "%s%s:%zu: %s: %s",
			    errs.len > 0 ? "\n" : "", cf->path, lineno, key,
			    why);
			free(why);
			continue;
		}
		cf->entries = xreallocarray(cf->entries, cf->n + 1,
		    sizeof *cf->entries);
		cf->entries[cf->n].key = xstrdup(key);
		cf->entries[cf->n].value = xstrdup(value);
		cf->n++;
	}
	if (errs.len > 0) {
		*cause = sb_detach(&errs);
		return -1;
	}
	sb_free(&errs);
	return 0;
}

struct config *
config_load(const char *path, char **cause)
{
	struct config *cf;
	char *text, *fallback = NULL;
	const char *env;
	size_t len;

	if (path == NULL && town_current() != NULL)
		/* a town server: the town's own (--config is refused) */
		path = town_current()->config;
	else if (path == NULL) {
		env = getenv("KAKANAI_CONFIG");
		if (env != NULL && *env != '\0')
			path = env;
		else if (file_exists("/etc/kakanai/kakanai.conf"))
			path = "/etc/kakanai/kakanai.conf";
		else
			path = fallback = home_path("data/kakanai.conf");
	}
	cf = xcalloc(1, sizeof *cf);
	cf->path = xstrdup(path);
	free(fallback);
	text = file_read(cf->path, &len, cause);
	if (text != NULL && strlen(text) != len) {
		/* Everything after a NUL would be silently lost. */
		*cause = xasprintf("%s: NUL byte at offset %zu", cf->path,
		    strlen(text));
		free(text);
		config_free(cf);
		return NULL;
	}
	if (text == NULL || config_parse(cf, text, cause) != 0) {
		free(text);
		config_free(cf);
		return NULL;
	}
	free(text);
	return cf;
}

const char *
config_get(const struct config *cf, const char *key)
{
	size_t i;

	if (cf == NULL)
		return NULL;
	for (i = 0; i < cf->n; i++)
		if (strcmp(cf->entries[i].key, key) == 0)
			return cf->entries[i].value;
	return NULL;
}

const char *
config_get_default(const struct config *cf, const char *key, const char *def)
{
	const char *v = config_get(cf, key);

	return v != NULL && *v != '\0' ? v : def;
}

const char *
config_path(const struct config *cf)
{
	return cf->path;
}

void
config_free(struct config *cf)
{
	size_t i;

	if (cf == NULL)
		return;
	for (i = 0; i < cf->n; i++) {
		free(cf->entries[i].key);
		free(cf->entries[i].value);
	}
	free(cf->entries);
	free(cf->path);
	free(cf);
}
