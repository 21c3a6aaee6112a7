/*
 * dict.c - loading and looking up the data dictionary.
 *
 * data/dictionary.txt, one declaration per line (README "Data dictionary"):
 *
 *	choice NAME VALUE VALUE ...
 *	group  NAME MAX LABEL
 *	item   KEY TYPE LABEL [OPTION ...]
 *
 * Tokens are separated by blanks; a double-quoted part of a token may hold
 * blanks (\" and \\ escape), so both "a label" and help="a hint" work.
 * OPTIONs: required secret derived maxlen=N digits=N range=MIN..MAX
 * default=VALUE help="...". TYPE: text kana date postal phone mynumber
 * corpnumber digits yesno number choice:NAME.
 *
 * An item KEY whose first part names a group (person.name) belongs to that
 * group; in visits it is numbered (person.2.name). Choice lists and groups
 * may be declared after the items that use them: references are resolved
 * when the whole file is read. Every mistake is collected as file:line.
 *
 * Representation: three plain arrays in file order (the order is the
 * order visits are written and screens are laid out); lookups are linear,
 * which is fine for the hundred-odd items a town has.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dict/dict.h"

/* Per-item state only needed while loading. */
struct pending {
	char *choice_name;	/* choice:NAME, resolved at the end */
	char *def_input;	/* default=, normalised at the end */
};

struct loader {
	struct dict *d;
	struct diag *dg;
	struct pending *pend;	/* parallel to d->items */
	int line;
};

/*
 * Split a line into tokens. Returns the number of tokens (tokens are
 * heap strings in *out), or -1 with a message for an unclosed quote.
 */
static int
tokenize(const char *s, char ***out, char **cause)
{
	struct strbuf sb = { 0 };
	char **tok = NULL;
	int n = 0, inq;

	*out = NULL;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		if (*s == '\0' || *s == '#')
			break;
		inq = 0;
		sb_add(&sb, "");
		while (*s != '\0' && (inq || (*s != ' ' && *s != '\t' &&
		    *s != '\r'))) {
			if (*s == '"') {
				inq = !inq;
				s++;
				continue;
			}
			if (inq && *s == '\\' && (s[1] == '"' ||
			    s[1] == '\\')) {
				s++;
			}
			sb_addc(&sb, *s++);
		}
		if (inq) {
			sb_free(&sb);
			while (n > 0)
				free(tok[--n]);
			free(tok);
			*cause = xstrdup("closing \" is missing");
			return -1;
		}
		tok = xreallocarray(tok, n + 1, sizeof *tok);
		tok[n++] = sb_detach(&sb);
	}
	*out = tok;
	return n;
}

static void
free_tokens(char **tok, int n)
{
	while (n > 0)
		free(tok[--n]);
	free(tok);
}

/* Names and keys: lower-case ASCII letters, digits and _, dot-separated
 * parts, none of them all digits (that would look like a member number). */
static int
valid_name(const char *s, int dots)
{
	const char *p;
	int alpha = 0, len = 0;

	if (*s == '\0')
		return 0;
	for (p = s;; p++) {
		if (*p == '.' || *p == '\0') {
			if (len == 0 || !alpha)
				return 0;
			if (*p == '\0')
				return 1;
			if (!dots)
				return 0;
			alpha = len = 0;
			continue;
		}
		if ((*p >= 'a' && *p <= 'z') || *p == '_')
			alpha = 1;
		else if (!(*p >= '0' && *p <= '9'))
			return 0;
		len++;
	}
}

static int
parse_long(const char *s, long *v)
{
	char *end;

	if (*s == '\0')
		return -1;
	*v = strtol(s, &end, 10);
	return *end == '\0' ? 0 : -1;
}

static void
add_choice(struct loader *L, char **tok, int n)
{
	struct dict *d = L->d;
	struct dict_choice *c;
	int i, j;

	if (n < 3) {
		diag_add(L->dg, d->path, L->line,
		    "choice needs a name and at least one value");
		return;
	}
	if (!valid_name(tok[1], 0)) {
		diag_add(L->dg, d->path, L->line, "bad choice name \"%s\"",
		    tok[1]);
		return;
	}
	if (dict_find_choice(d, tok[1]) != NULL) {
		diag_add(L->dg, d->path, L->line,
		    "choice %s is already declared on line %d", tok[1],
		    dict_find_choice(d, tok[1])->line);
		return;
	}
	for (i = 2; i < n; i++) {
		if (*tok[i] == '\0') {
			diag_add(L->dg, d->path, L->line,
			    "choice %s: empty value", tok[1]);
			return;
		}
		for (j = 2; j < i; j++) {
			if (strcmp(tok[i], tok[j]) == 0) {
				diag_add(L->dg, d->path, L->line,
				    "choice %s: value %s is listed twice",
				    tok[1], tok[i]);
				return;
			}
		}
	}
	d->choices = xreallocarray(d->choices, d->nchoices + 1,
	    sizeof *d->choices);
	c = &d->choices[d->nchoices++];
	c->name = xstrdup(tok[1]);
	c->nvalues = (size_t)(n - 2);
	c->values = xreallocarray(NULL, c->nvalues, sizeof *c->values);
	for (i = 2; i < n; i++)
		c->values[i - 2] = xstrdup(tok[i]);
	c->line = L->line;
}

static void
add_group(struct loader *L, char **tok, int n)
{
	struct dict *d = L->d;
	struct dict_group *g;
	long max;

	if (n != 4) {
		diag_add(L->dg, d->path, L->line,
		    "expected `group NAME MAX LABEL`");
		return;
	}
	if (!valid_name(tok[1], 0)) {
		diag_add(L->dg, d->path, L->line, "bad group name \"%s\"",
		    tok[1]);
		return;
	}
	if (dict_find_group(d, tok[1]) != NULL) {
		diag_add(L->dg, d->path, L->line,
		    "group %s is already declared on line %d", tok[1],
		    dict_find_group(d, tok[1])->line);
		return;
	}
	if (parse_long(tok[2], &max) != 0 || max < 1 || max > 999) {
		diag_add(L->dg, d->path, L->line,
		    "group %s: MAX must be a number from 1 to 999, not \"%s\"",
		    tok[1], tok[2]);
		return;
	}
	d->groups = xreallocarray(d->groups, d->ngroups + 1,
	    sizeof *d->groups);
	g = &d->groups[d->ngroups++];
	g->name = xstrdup(tok[1]);
	g->max = (int)max;
	g->label = xstrdup(tok[3]);
	g->line = L->line;
}

static const struct dict_item *
find_item_exact(const struct dict *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nitems; i++)
		if (strcmp(d->items[i].key, key) == 0)
			return &d->items[i];
	return NULL;
}

/* Apply one option token to item it; returns 0 or reports and returns -1. */
static int
item_option(struct loader *L, struct dict_item *it, struct pending *p,
    const char *opt)
{
	const char *eq = strchr(opt, '=');
	const char *val = eq != NULL ? eq + 1 : NULL;
	size_t nlen = eq != NULL ? (size_t)(eq - opt) : strlen(opt);
	long v, lo, hi;
	char *dots, *tmp;

#define IS(name) (nlen == strlen(name) && strncmp(opt, name, nlen) == 0)
	if (val == NULL) {
		if (IS("required"))
			it->required = 1;
		else if (IS("secret"))
			it->secret = 1;
		else if (IS("derived"))
			it->derived = 1;
		else
			goto unknown;
		return 0;
	}
	if (IS("maxlen") || IS("digits")) {
		if (parse_long(val, &v) != 0 || v < 1 || v > 10000) {
			diag_add(L->dg, L->d->path, L->line,
			    "%s: %.*s must be a positive number, not \"%s\"",
			    it->key, (int)nlen, opt, val);
			return -1;
		}
		if (IS("digits")) {
			if (it->type != DICT_DIGITS) {
				diag_add(L->dg, L->d->path, L->line,
				    "%s: digits= is only for type digits",
				    it->key);
				return -1;
			}
			it->digits = (int)v;
		} else
			it->maxlen = (int)v;
		return 0;
	}
	if (IS("range")) {
		tmp = xstrdup(val);
		dots = strstr(tmp, "..");
		if (dots != NULL)
			*dots = '\0';
		if (dots == NULL || parse_long(tmp, &lo) != 0 ||
		    parse_long(dots + 2, &hi) != 0 || lo > hi) {
			diag_add(L->dg, L->d->path, L->line,
			    "%s: range must be MIN..MAX, not \"%s\"",
			    it->key, val);
			free(tmp);
			return -1;
		}
		free(tmp);
		if (it->type != DICT_NUMBER) {
			diag_add(L->dg, L->d->path, L->line,
			    "%s: range= is only for type number", it->key);
			return -1;
		}
		it->min = lo;
		it->max = hi;
		return 0;
	}
	if (IS("default")) {
		free(p->def_input);
		p->def_input = xstrdup(val);
		return 0;
	}
	if (IS("help")) {
		free(it->help);
		it->help = xstrdup(val);
		return 0;
	}
unknown:
	diag_add(L->dg, L->d->path, L->line, "%s: unknown option \"%s\"",
	    it->key, opt);
	return -1;
#undef IS
}

static void
add_item(struct loader *L, char **tok, int n)
{
	struct dict *d = L->d;
	struct dict_item it;
	struct pending p = { NULL, NULL };
	const struct dict_item *old;
	int t;
	int i, bad = 0;
	const char *type;

	if (n < 4) {
		diag_add(L->dg, d->path, L->line,
		    "expected `item KEY TYPE LABEL [OPTION ...]`");
		return;
	}
	if (!valid_name(tok[1], 1)) {
		diag_add(L->dg, d->path, L->line, "bad item key \"%s\" "
		    "(lower-case letters, digits, _ and dots)", tok[1]);
		return;
	}
	if ((old = find_item_exact(d, tok[1])) != NULL) {
		diag_add(L->dg, d->path, L->line,
		    "item %s is already declared on line %d", tok[1],
		    old->line);
		return;
	}
	memset(&it, 0, sizeof it);
	it.min = LONG_MIN;
	it.max = LONG_MAX;
	type = tok[2];
	if (strncmp(type, "choice:", 7) == 0) {
		it.type = DICT_CHOICE;
		p.choice_name = xstrdup(type + 7);
	} else {
		t = dict_type_find(type);
		if (t < 0 || t == DICT_CHOICE) {
			diag_add(L->dg, d->path, L->line,
			    "%s: unknown type \"%s\"", tok[1], type);
			return;
		}
		it.type = (enum dict_type)t;
	}
	it.key = xstrdup(tok[1]);
	it.label = xstrdup(tok[3]);
	it.line = L->line;
	if (*it.label == '\0') {
		diag_add(L->dg, d->path, L->line, "%s: empty label", it.key);
		bad = 1;
	}
	for (i = 4; i < n; i++)
		if (item_option(L, &it, &p, tok[i]) != 0)
			bad = 1;
	(void)bad;	/* keep the item so later references still resolve */
	d->items = xreallocarray(d->items, d->nitems + 1, sizeof *d->items);
	L->pend = xreallocarray(L->pend, d->nitems + 1, sizeof *L->pend);
	d->items[d->nitems] = it;
	L->pend[d->nitems] = p;
	d->nitems++;
}

/* Resolve choice lists and groups, check defaults: after the whole file. */
static void
resolve(struct loader *L)
{
	struct dict *d = L->d;
	struct dict_item *it;
	struct pending *p;
	const char *dot;
	char *gname, *out, *cause;
	size_t i;

	for (i = 0; i < d->nitems; i++) {
		it = &d->items[i];
		p = &L->pend[i];
		if (it->type == DICT_CHOICE) {
			it->choice = dict_find_choice(d, p->choice_name);
			if (it->choice == NULL)
				diag_add(L->dg, d->path, it->line,
				    "%s: no choice list named \"%s\"",
				    it->key, p->choice_name);
		}
		dot = strchr(it->key, '.');
		if (dot != NULL) {
			gname = xstrndup(it->key, (size_t)(dot - it->key));
			if (dict_find_group(d, gname) != NULL) {
				it->group = gname;
				it->field = xstrdup(dot + 1);
				if (strchr(it->field, '.') != NULL)
					diag_add(L->dg, d->path, it->line,
					    "%s: a group item is GROUP.FIELD",
					    it->key);
			} else
				free(gname);
		}
		if (it->field == NULL)
			it->field = xstrdup(it->key);
		if (it->secret && it->derived)
			diag_add(L->dg, d->path, it->line,
			    "%s: an item cannot be both secret and derived",
			    it->key);
		if (p->def_input != NULL && (it->type != DICT_CHOICE ||
		    it->choice != NULL)) {
			if (dict_normalize(it, p->def_input, &out,
			    &cause) != 0) {
				diag_add(L->dg, d->path, it->line,
				    "%s: default \"%s\" is refused: %s",
				    it->key, p->def_input, cause);
				free(cause);
			} else
				it->def = out;
		}
	}
}

/* The line number in a "path:line: message" diagnostic. */
static long
diag_line(const char *msg, size_t pathlen)
{
	return strtol(msg + pathlen + 1, NULL, 10);
}

/* Choice and group references are checked after the file is read, so
 * their messages come last; put all messages back in line order (a stable
 * insertion sort: there are few). */
static void
sort_by_line(struct diag *dg, size_t pathlen)
{
	size_t i, j;
	char *m;

	for (i = 1; i < dg->n; i++) {
		m = dg->msgs[i];
		for (j = i; j > 0 && diag_line(dg->msgs[j - 1], pathlen) >
		    diag_line(m, pathlen); j--)
			dg->msgs[j] = dg->msgs[j - 1];
		dg->msgs[j] = m;
	}
}

struct dict *
dict_load(const char *path, char **cause)
{
	struct loader L;
	struct diag dg = { NULL, 0 };
	struct dict *d;
	char *text, *line, *next, **tok, *err;
	size_t len, bad, i;
	int n;

	text = file_read(path, &len, cause);
	if (text == NULL)
		return NULL;
	d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	memset(&L, 0, sizeof L);
	L.d = d;
	L.dg = &dg;
	if (!utf8_valid(text, len, &bad)) {
		*cause = xasprintf("%s: not UTF-8 (byte offset %zu)", path, bad);
		free(text);
		dict_free(d);
		return NULL;
	}
	if (strlen(text) != len) {
		/* The lines after a NUL would be silently left out. */
		*cause = xasprintf("%s: NUL byte at offset %zu", path,
		    strlen(text));
		free(text);
		dict_free(d);
		return NULL;
	}
	for (line = text; line != NULL; line = next) {
		L.line++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		err = NULL;
		n = tokenize(line, &tok, &err);
		if (n < 0) {
			diag_add(&dg, path, L.line, "%s", err);
			free(err);
			continue;
		}
		if (n == 0)
			continue;
		if (strcmp(tok[0], "choice") == 0)
			add_choice(&L, tok, n);
		else if (strcmp(tok[0], "group") == 0)
			add_group(&L, tok, n);
		else if (strcmp(tok[0], "item") == 0)
			add_item(&L, tok, n);
		else
			diag_add(&dg, path, L.line,
			    "unknown declaration \"%s\" "
			    "(choice, group or item)", tok[0]);
		free_tokens(tok, n);
	}
	free(text);
	resolve(&L);
	for (i = 0; i < d->nitems; i++) {
		free(L.pend[i].choice_name);
		free(L.pend[i].def_input);
	}
	free(L.pend);
	if (dg.n > 0) {
		sort_by_line(&dg, strlen(path));
		*cause = diag_join(&dg);
		diag_free(&dg);
		dict_free(d);
		return NULL;
	}
	return d;
}

struct dict *
dict_load_default(char **cause)
{
	char *path = home_path("data/dictionary.txt");
	struct dict *d = dict_load(path, cause);

	free(path);
	return d;
}

void
dict_free(struct dict *d)
{
	size_t i, j;

	if (d == NULL)
		return;
	for (i = 0; i < d->nitems; i++) {
		free(d->items[i].key);
		free(d->items[i].group);
		free(d->items[i].field);
		free(d->items[i].label);
		free(d->items[i].help);
		free(d->items[i].def);
	}
	free(d->items);
	for (i = 0; i < d->nchoices; i++) {
		free(d->choices[i].name);
		for (j = 0; j < d->choices[i].nvalues; j++)
			free(d->choices[i].values[j]);
		free(d->choices[i].values);
	}
	free(d->choices);
	for (i = 0; i < d->ngroups; i++) {
		free(d->groups[i].name);
		free(d->groups[i].label);
	}
	free(d->groups);
	free(d->path);
	free(d);
}

const struct dict_item *
dict_find(const struct dict *d, const char *key, int *index)
{
	const char *dot, *num, *end;
	char *gname, *flat;
	const struct dict_item *it;
	long v;

	if (index != NULL)
		*index = 0;
	dot = strchr(key, '.');
	if (dot != NULL) {
		num = dot + 1;
		end = num + strspn(num, "0123456789");
		if (end > num && *end == '.' && end - num <= 9) {
			gname = xstrndup(key, (size_t)(dot - key));
			if (dict_find_group(d, gname) == NULL) {
				free(gname);
				return NULL;
			}
			v = strtol(num, NULL, 10);
			flat = xasprintf("%s.%s", gname, end + 1);
			free(gname);
			it = find_item_exact(d, flat);
			free(flat);
			if (it == NULL || it->group == NULL)
				return NULL;
			if (index != NULL)
				*index = (int)v;
			return it;
		}
	}
	return find_item_exact(d, key);
}

const struct dict_group *
dict_find_group(const struct dict *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->ngroups; i++)
		if (strcmp(d->groups[i].name, name) == 0)
			return &d->groups[i];
	return NULL;
}

const struct dict_choice *
dict_find_choice(const struct dict *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nchoices; i++)
		if (strcmp(d->choices[i].name, name) == 0)
			return &d->choices[i];
	return NULL;
}
