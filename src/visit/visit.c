/*
 * visit.c - one visit as (key, stored value) pairs, and the visit file.
 *
 * Representation: an array of entries in the order they were set; keys
 * are canonical (person.2.name: no leading zeros, no spaces), values are
 * always in the dictionary's stored form. Lookups are linear: a visit has
 * at most a few hundred entries.
 *
 * Visit file (README "Visit files"): UTF-8, one `key = value` per line,
 * blanks around `=` ignored, the value runs to the end of the line and is
 * trimmed; `#` comment lines and blank lines are ignored. Every mistake is
 * collected as `file:line: key: message` (unknown key, derived key, value
 * refused, key given twice, member number 0 or above the group's MAX, line
 * without `=`, bytes that are not UTF-8), then required items that are
 * missing as `file: key: message`. Items marked `derived` are computed
 * (visit/derive.c) and never accepted from a file.
 *
 * visit_format writes keys in dictionary order, a group's members one
 * after another, so that format → parse gives back the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "visit/visit.h"

struct visit *
visit_new(void)
{
	return xcalloc(1, sizeof(struct visit));
}

/* Values may be My Numbers: wiped before their memory is given back. */
static void
value_free(char *value)
{
	if (value != NULL) {
		sodium_memzero(value, strlen(value));
		free(value);
	}
}

void
visit_free(struct visit *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		free(v->entries[i].key);
		value_free(v->entries[i].value);
	}
	free(v->entries);
	free(v->path);
	free(v);
}

struct visit *
visit_copy(const struct visit *v)
{
	struct visit *c = visit_new();
	size_t i;

	c->path = v->path != NULL ? xstrdup(v->path) : NULL;
	c->n = v->n;
	c->entries = xreallocarray(NULL, v->n + 1, sizeof *c->entries);
	for (i = 0; i < v->n; i++) {
		c->entries[i].key = xstrdup(v->entries[i].key);
		c->entries[i].value = xstrdup(v->entries[i].value);
		c->entries[i].line = v->entries[i].line;
	}
	return c;
}

static struct visit_entry *
find_entry(const struct visit *v, const char *key)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->entries[i].key, key) == 0)
			return &v->entries[i];
	return NULL;
}

const char *
visit_get(const struct visit *v, const char *key)
{
	struct visit_entry *e = find_entry(v, key);

	return e != NULL ? e->value : NULL;
}

const char *
visit_get_member(const struct visit *v, const char *group, int index,
    const char *field)
{
	char *key = xasprintf("%s.%d.%s", group, index, field);
	const char *value = visit_get(v, key);

	free(key);
	return value;
}

/* Set key to a copy of value, replacing any earlier value. */
static void
store(struct visit *v, const char *key, const char *value, int line)
{
	struct visit_entry *e = find_entry(v, key);

	if (e != NULL) {
		value_free(e->value);
		e->value = xstrdup(value);
		e->line = line;
		return;
	}
	v->entries = xreallocarray(v->entries, v->n + 1, sizeof *v->entries);
	e = &v->entries[v->n++];
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->line = line;
}

void
visit_set_stored(struct visit *v, const char *key, const char *value)
{
	store(v, key, value, 0);
}

void
visit_unset(struct visit *v, const char *key)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		if (strcmp(v->entries[i].key, key) == 0) {
			free(v->entries[i].key);
			value_free(v->entries[i].value);
			memmove(&v->entries[i], &v->entries[i + 1],
			    (v->n - i - 1) * sizeof *v->entries);
			v->n--;
			return;
		}
	}
}

/*
 * Check a key as written and find its item. The canonical key goes into
 * *canon (caller frees). Returns NULL with a message in *cause for an
 * unknown key, a derived item, a group item without a member number or
 * with a number that is 0, not canonical or above the group's MAX.
 */
static const struct dict_item *
resolve_key(const struct dict *d, const char *key, char **canon,
    char **cause)
{
	const struct dict_item *it;
	const struct dict_group *g;
	const char *num;
	int index;

	*canon = NULL;
	it = dict_find(d, key, &index);
	if (it == NULL) {
		*cause = xstrdup("辞書にない項目です");
		return NULL;
	}
	if (it->derived) {
		*cause = xasprintf("%sは計算で求める項目なので書けません",
		    it->label);
		return NULL;
	}
	if (it->group == NULL) {
		*canon = xstrdup(it->key);
		return it;
	}
	g = dict_find_group(d, it->group);
	num = key + strlen(it->group) + 1;
	if (index == 0 && (*num < '0' || *num > '9')) {
		*cause = xasprintf("%sの番号がありません(例: %s.1.%s)",
		    g->label, it->group, it->field);
		return NULL;
	}
	if (index == 0) {
		*cause = xasprintf("%sの番号は1からです", g->label);
		return NULL;
	}
	if (*num == '0') {
		*cause = xasprintf("%sの番号の先頭に0は付けません", g->label);
		return NULL;
	}
	if (index > g->max) {
		*cause = xasprintf("%sは%d人までです(%d番は書けません)",
		    g->label, g->max, index);
		return NULL;
	}
	*canon = xasprintf("%s.%d.%s", it->group, index, it->field);
	return it;
}

int
visit_set(struct visit *v, const struct dict *d, const char *key,
    const char *input, char **cause)
{
	const struct dict_item *it;
	char *canon, *out, *why = NULL;

	it = resolve_key(d, key, &canon, &why);
	if (it == NULL) {
		*cause = xasprintf("%s: %s", key, why);
		free(why);
		return -1;
	}
	if (dict_normalize(it, input, &out, cause) != 0) {
		free(canon);
		return -1;
	}
	if (*out == '\0')
		visit_unset(v, canon);
	else
		store(v, canon, out, 0);
	free(out);
	free(canon);
	return 0;
}

int
visit_count(const struct visit *v, const char *group)
{
	size_t i, glen = strlen(group);
	const char *k;
	char *end;
	long n;
	int max = 0;

	for (i = 0; i < v->n; i++) {
		k = v->entries[i].key;
		if (strncmp(k, group, glen) != 0 || k[glen] != '.')
			continue;
		if (k[glen + 1] < '0' || k[glen + 1] > '9')
			continue;
		n = strtol(k + glen + 1, &end, 10);
		if (*end == '.' && n > max && n < 1000000)
			max = (int)n;
	}
	return max;
}

int
visit_check_required(const struct visit *v, const struct dict *d,
    struct diag *dg)
{
	const char *file = v->path != NULL ? v->path : "visit";
	const struct dict_item *it;
	const char *val;
	size_t i;
	int count = 0, m, members;

	for (i = 0; i < d->nitems; i++) {
		it = &d->items[i];
		if (!it->required || it->derived)
			continue;
		if (it->group == NULL) {
			val = visit_get(v, it->key);
			if (val == NULL || *val == '\0') {
				diag_add(dg, file, 0, "%s: %sがありません",
				    it->key, it->label);
				count++;
			}
			continue;
		}
		members = visit_count(v, it->group);
		for (m = 1; m <= members; m++) {
			val = visit_get_member(v, it->group, m, it->field);
			if (val == NULL || *val == '\0') {
				diag_add(dg, file, 0, "%s.%d.%s: %sがありません",
				    it->group, m, it->field, it->label);
				count++;
			}
		}
	}
	return count;
}

/* One line of a visit file; mistakes go into dg. */
static void
parse_line(struct visit *v, const struct dict *d, struct diag *dg,
    char *line, int lineno, size_t lineoff)
{
	const struct dict_item *it;
	struct visit_entry *e;
	char *eq, *key, *value, *canon, *out, *cause = NULL;
	char *start = line;	/* byte offsets count from here */
	size_t bad;

	line = str_trim(line);
	if (*line == '\0' || *line == '#')
		return;
	eq = strchr(line, '=');
	if (eq != NULL)
		*eq = '\0';
	key = str_trim(line);
	if (!utf8_valid(key, strlen(key), &bad)) {
		diag_add(dg, v->path, lineno, "UTF-8 ではありません"
		    "(バイト位置 %zu)", lineoff + (size_t)(key - start) + bad);
		return;
	}
	if (eq == NULL) {
		/* the line may be anything, a stray My Number too */
		out = str_excerpt(key);
		diag_add(dg, v->path, lineno, "%s: 「=」がありません"
		    "(`key = value` の形で書きます)", out);
		free(out);
		return;
	}
	value = str_trim(eq + 1);
	if (!utf8_valid(value, strlen(value), &bad)) {
		diag_add(dg, v->path, lineno, "%s: UTF-8 ではありません"
		    "(バイト位置 %zu)", key,
		    lineoff + (size_t)(value - start) + bad);
		return;
	}
	if (*key == '\0') {
		diag_add(dg, v->path, lineno, "「=」の前に項目名がありません");
		return;
	}
	it = resolve_key(d, key, &canon, &cause);
	if (it == NULL) {
		out = str_excerpt(key);
		diag_add(dg, v->path, lineno, "%s: %s", out, cause);
		free(out);
		free(cause);
		return;
	}
	if ((e = find_entry(v, canon)) != NULL) {
		diag_add(dg, v->path, lineno, "%s: 2回書かれています"
		    "(最初は%d行目)", key, e->line);
		free(canon);
		return;
	}
	if (dict_normalize(it, value, &out, &cause) != 0) {
		diag_add(dg, v->path, lineno, "%s: %s", key, cause);
		free(cause);
		free(canon);
		return;
	}
	if (*out != '\0')
		store(v, canon, out, lineno);
	free(out);
	free(canon);
}

struct visit *
visit_parse(const char *path, const char *text, const struct dict *d,
    struct diag *dg)
{
	struct visit *v = visit_new();
	char *copy, *line, *next;
	size_t before = dg->n;
	int lineno = 0;

	v->path = xstrdup(path != NULL ? path : "visit");
	/* A byte order mark from a Windows editor is not part of the key. */
	if (strncmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3;
	copy = xstrdup(text);
	for (line = copy; line != NULL; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		parse_line(v, d, dg, line, lineno, (size_t)(line - copy));
	}
	free(copy);
	visit_check_required(v, d, dg);
	if (dg->n > before) {
		visit_free(v);
		return NULL;
	}
	return v;
}

struct visit *
visit_load(const char *path, const struct dict *d, char **cause)
{
	struct diag dg = { NULL, 0 };
	struct visit *v;
	char *text;
	size_t len;

	text = file_read(path, &len, cause);
	if (text == NULL)
		return NULL;
	if (strlen(text) != len) {
		*cause = xasprintf("%s: NUL byte at offset %zu", path,
		    strlen(text));
		free(text);
		return NULL;
	}
	v = visit_parse(path, text, d, &dg);
	free(text);
	if (v == NULL) {
		*cause = diag_join(&dg);
		diag_free(&dg);
	}
	return v;
}

static void
format_entry(struct strbuf *sb, const char *key, const char *value)
{
	sb_add(sb, key);
	sb_add(sb, " = ");
	sb_add(sb, value);
	sb_addc(sb, '\n');
}

char *
visit_format(const struct visit *v, const struct dict *d, int with_secret)
{
	struct strbuf sb = { 0 };
	const struct dict_item *it, *jt;
	const char *val;
	char *done_groups = xcalloc(d->ngroups + 1, 1);
	char *key;
	size_t i, j, g;
	int m, members, idx;

	sb_add(&sb, "");
	for (i = 0; i < d->nitems; i++) {
		it = &d->items[i];
		if (it->group == NULL) {
			if ((val = visit_get(v, it->key)) != NULL &&
			    (with_secret || !it->secret))
				format_entry(&sb, it->key, val);
			continue;
		}
		for (g = 0; g < d->ngroups; g++)
			if (strcmp(d->groups[g].name, it->group) == 0)
				break;
		if (done_groups[g])
			continue;
		done_groups[g] = 1;
		members = visit_count(v, it->group);
		for (m = 1; m <= members; m++) {
			for (j = i; j < d->nitems; j++) {
				jt = &d->items[j];
				if (jt->group == NULL ||
				    strcmp(jt->group, it->group) != 0 ||
				    (jt->secret && !with_secret))
					continue;
				key = xasprintf("%s.%d.%s", jt->group, m,
				    jt->field);
				if ((val = visit_get(v, key)) != NULL)
					format_entry(&sb, key, val);
				free(key);
			}
		}
	}
	free(done_groups);
	/* Keys the dictionary does not know (stored by visit_set_stored)
	 * are kept rather than lost. */
	for (i = 0; i < v->n; i++) {
		if (dict_find(d, v->entries[i].key, &idx) == NULL)
			format_entry(&sb, v->entries[i].key,
			    v->entries[i].value);
	}
	return sb_detach(&sb);
}
