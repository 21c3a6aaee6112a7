/*
 * visit.h - one resident's visit to the counter, as entered once.
 *
 * A visit is a flat list of (key, stored value) pairs whose keys are
 * dictionary keys; members of a group carry their number: person.1.name,
 * person.2.birth. Values are always in the dictionary's stored form
 * (dict_normalize), so every consumer - forms, database, exports, the TUI -
 * sees the same text.
 *
 * The visit file format (README "Visit files"): UTF-8, one `key = value`
 * per line, `#` comments, blank lines ignored. Errors name file:line and
 * the key.
 */
#ifndef KAKANAI_VISIT_H
#define KAKANAI_VISIT_H

#include "dict/dict.h"
#include "util/util.h"

struct visit_entry {
	char *key;		/* "person.2.name" */
	char *value;		/* stored form */
	int line;		/* line in the visit file, 0 if not from a file */
};

struct visit {
	char *path;		/* file it came from, or NULL */
	struct visit_entry *entries;
	size_t n;
};

/* visit.c */
struct visit *visit_new(void);
void visit_free(struct visit *);
struct visit *visit_copy(const struct visit *);
/* Parse visit-file text. Every mistake goes into dg as file:line: key:
 * message; NULL is returned if there was any. */
struct visit *visit_parse(const char *path, const char *text,
    const struct dict *, struct diag *dg);
/* Read and parse a file; mistakes joined in *cause. */
struct visit *visit_load(const char *path, const struct dict *,
    char **cause);
/* The stored value of a key, or NULL if the visit does not have it. */
const char *visit_get(const struct visit *, const char *key);
/* visit_get for a group member: visit_get_member(v, "person", 2, "name"). */
const char *visit_get_member(const struct visit *, const char *group,
    int index, const char *field);
/* Validate and store input for a key (dict_normalize); -1 and a message in
 * *cause on a mistake, leaving the visit unchanged. An empty input removes
 * the key. */
int visit_set(struct visit *, const struct dict *, const char *key,
    const char *input, char **cause);
/* Store an already-normalised value without checking (database loads). */
void visit_set_stored(struct visit *, const char *key, const char *value);
void visit_unset(struct visit *, const char *key);
/* Number of members of a group: the highest N with any group.N.* key. */
int visit_count(const struct visit *, const char *group);
/* Required items that are missing, as messages "person.2.birth: 生年月日が
 * ありません"; returns how many. */
int visit_check_required(const struct visit *, const struct dict *,
    struct diag *dg);
/* The visit as visit-file text, keys in dictionary order (caller frees).
 * Secret items are written only if with_secret is set. */
char *visit_format(const struct visit *, const struct dict *,
    int with_secret);

/* derive.c: values computed from others, for items marked `derived` and
 * for the town's settings. */
struct derive_ctx {
	const struct visit *visit;
	const struct dict *dict;
	const struct config *config;	/* town.* keys come from here */
	struct date today;
};
/* The date ages and grades are counted on: 異動日 if given, else 届出日,
 * else today. */
struct date derive_reference_date(const struct derive_ctx *);
/* The date that chooses each form's version: 届出日, else today. The
 * one rule for the render, the preview and the screens that list forms. */
struct date derive_form_date(const struct derive_ctx *);
/* The value of a key: stored if present, else derived (new.address,
 * person.N.age, person.N.grade, new.head, town.name, ...), else NULL.
 * Caller frees. */
char *derive_value(const struct derive_ctx *, const char *key);

#endif
