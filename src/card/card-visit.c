/*
 * card-visit.c - what was read from a My Number card, into a visit.
 *
 * Every value goes through visit_set, the same check a typed value gets
 * (dict_normalize): the card's name is kept exactly as the card writes it
 * (its U+3000 between surname and given name included, as the 住民票 is
 * the reference for the spelling), and a character the rule refuses stops
 * the whole read with the field and the character named. Nothing is
 * half-written: the items go into a copy of the visit first.
 *
 * The address: for 転入, 転居 and 転出 the card still shows the address
 * the resident is moving from, so it goes to old.*; for other procedures
 * to new.* (the current address). It is split with the postal table:
 * the longest 都道府県+市区町村+町名 that begins it gives those three
 * fields and the rest is the 番地. Where the table has no such town the
 * address is kept whole in 番地 and the clerk is told to split it. An
 * address whose parts do not fit the fields is left out, with a note, so
 * the rest of the card is still used; a name the rule refuses stops it
 * all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "store/store.h"
#include "util/util.h"

static const char *const addr_parts[] = { "postal", "pref", "county",
    "city", "town", "banchi", "building" };

static int
set(struct visit *v, const struct dict *d, const char *key,
    const char *value, char **cause)
{
	const struct dict_item *it;
	char *why = NULL;

	if (visit_set(v, d, key, value, &why) == 0)
		return 0;
	it = dict_find(d, key, NULL);
	*cause = xasprintf("カードの%sを入れられません: %s",
	    it != NULL ? it->label : key, why);
	free(why);
	return -1;
}

/* The part of the address after what the postal row covers goes to 番地;
 * when it is longer than 番地 takes, what follows its first blank
 * (U+3000 or space) is the 方書. */
static int
set_rest(struct visit *v, const struct dict *d, const char *prefix,
    const char *rest, char **cause)
{
	const struct dict_item *it;
	char key[32], *head;
	const char *sp;
	size_t cut, skip;

	snprintf(key, sizeof key, "%s.banchi", prefix);
	it = dict_find(d, key, NULL);
	if (it == NULL || it->maxlen == 0 ||
	    utf8_count(rest) <= (size_t)it->maxlen)
		return set(v, d, key, rest, cause);
	if ((sp = strstr(rest, "\xe3\x80\x80")) != NULL)
		skip = 3;
	else if ((sp = strchr(rest, ' ')) != NULL)
		skip = 1;
	else
		return set(v, d, key, rest, cause);
	cut = (size_t)(sp - rest);
	head = xstrndup(rest, cut);
	if (set(v, d, key, head, cause) != 0) {
		free(head);
		return -1;
	}
	free(head);
	snprintf(key, sizeof key, "%s.building", prefix);
	return set(v, d, key, sp + skip, cause);
}

static int
address_empty(const struct visit *v, const char *prefix)
{
	char key[32];
	size_t i;

	for (i = 0; i < nitems(addr_parts); i++) {
		snprintf(key, sizeof key, "%s.%s", prefix, addr_parts[i]);
		if (visit_get(v, key) != NULL)
			return 0;
	}
	return 1;
}

static int
put_address(struct visit *v, const struct dict *d, struct store *st,
    const char *address, struct strbuf *note, char **cause)
{
	const char *ev = visit_get(v, "event"), *prefix, *label, *rest;
	struct postal_addr *a = NULL;
	char key[32], *why = NULL;
	size_t covered;
	int m = 0, rc = -1;

	if (ev == NULL || strcmp(ev, "転入") == 0 ||
	    strcmp(ev, "転居") == 0 || strcmp(ev, "転出") == 0) {
		prefix = "old";
		label = "旧住所";
	} else {
		prefix = "new";
		label = "住所";
	}
	if (!address_empty(v, prefix)) {
		sb_addf(note, "%sは入力済みのため、カードの住所は入れていません。"
		    "\n", label);
		return 0;
	}
	if (st != NULL && (m = postal_match_address(st, address, &a,
	    &why)) < 0) {
		sb_addf(note, "郵便番号の表を引けませんでした(%s)。\n", why);
		free(why);
		m = 0;
	}
	if (m == 1 && a->town[0] != '\0') {
		covered = strlen(a->pref) + strlen(a->city) + strlen(a->town);
		rest = address + covered;
		snprintf(key, sizeof key, "%s.pref", prefix);
		if (set(v, d, key, a->pref, cause) != 0)
			goto out;
		snprintf(key, sizeof key, "%s.city", prefix);
		if (set(v, d, key, a->city, cause) != 0)
			goto out;
		snprintf(key, sizeof key, "%s.town", prefix);
		if (set(v, d, key, a->town, cause) != 0)
			goto out;
		if (a->note[0] == '\0' && a->code[0] != '\0') {
			snprintf(key, sizeof key, "%s.postal", prefix);
			if (set(v, d, key, a->code, cause) != 0)
				goto out;
		}
		if (*rest != '\0' && set_rest(v, d, prefix, rest, cause) != 0)
			goto out;
		if (*rest == '\0')
			sb_addf(note, "%sの番地がカードにありません。\n", label);
	} else {
		if (set_rest(v, d, prefix, address, cause) != 0)
			goto out;
		sb_addf(note, "%sは表にない町名のため番地にまとめました。"
		    "分けてください\n", label);
	}
	rc = 0;
out:
	if (a != NULL)
		postal_addr_free(a, 1);
	return rc;
}

/* The address, or when its parts do not go into the fields (a 番地 or
 * 方書 longer than the field takes, a character the rule refuses) none
 * of it and a note: the name, birth date and sex are still worth having,
 * and the clerk types the address. */
static int
put_address_or_note(struct visit *w, const struct dict *d,
    struct store *st, const char *address, struct strbuf *note)
{
	struct visit *a = visit_copy(w);
	struct visit_entry *tmp;
	char *why = NULL;
	size_t tn;

	if (put_address(a, d, st, address, note, &why) != 0) {
		sb_addf(note, "住所はカードのとおりには欄に入らないため、入れて"
		    "いません(%s)。手で入力してください\n", why);
		free(why);
		visit_free(a);
		return 0;
	}
	tmp = w->entries;
	tn = w->n;
	w->entries = a->entries;
	w->n = a->n;
	a->entries = tmp;
	a->n = tn;
	visit_free(a);
	return 0;
}

int
card_to_visit(const struct card_person *p, struct visit *v,
    const struct dict *d, struct store *st, int member, char **note,
    char **cause)
{
	struct visit *w = visit_copy(v);
	struct strbuf nb = { 0 };
	struct visit_entry *tmp;
	char key[48];
	size_t tn;

	sb_add(&nb, "");
	snprintf(key, sizeof key, "person.%d.name", member);
	if (set(w, d, key, p->name, cause) != 0)
		goto fail;
	snprintf(key, sizeof key, "person.%d.birth", member);
	if (set(w, d, key, p->birth, cause) != 0)
		goto fail;
	snprintf(key, sizeof key, "person.%d.sex", member);
	if (p->sex == '1' || p->sex == '2') {
		if (set(w, d, key, p->sex == '1' ? "男" : "女", cause) != 0)
			goto fail;
	} else
		sb_add(&nb, "カードの性別は「適用不能」です。性別は空のまま"
		    "です。\n");
	if (p->mynumber[0] != '\0') {
		snprintf(key, sizeof key, "person.%d.mynumber", member);
		if (set(w, d, key, p->mynumber, cause) != 0)
			goto fail;
	}
	if (put_address_or_note(w, d, st, p->address, &nb) != 0)
		goto fail;
	/* all went in: the copy becomes the visit */
	tmp = v->entries;
	tn = v->n;
	v->entries = w->entries;
	v->n = w->n;
	w->entries = tmp;
	w->n = tn;
	visit_free(w);
	if (note != NULL && nb.len > 0)
		*note = sb_detach(&nb);
	else if (note != NULL)
		*note = NULL;
	sb_free(&nb);
	return 0;
fail:
	visit_free(w);
	sb_free(&nb);
	if (note != NULL)
		*note = NULL;
	return -1;
}
