/*
 * layout-fit.c - the fit guarantee: every field of a form holds the
 * longest value its dictionary item allows.
 *
 * A clerk must never type a value the dictionary accepts and then find
 * the whole visit refused because a box is too small. So before anyone
 * types, `kakanai --check-forms` lays each form out for a made-up visit
 * in which every item is as long as the dictionary lets it be, in the
 * widest characters (a full-width ideograph or katakana: one em each),
 * and reports every field that overflows even at its min= size after
 * wrapping, with its file:line and the numbers. The layout used is the
 * real one (layout_form), so what is proved here is what prints.
 *
 * The worst visit (each type's widest value is its row in the dictionary's
 * table of types, dict-value.c): text and kana items maxlen characters of
 * 国 and ヴ (both one em in every face of the font map); dates those whose 和暦
 * text is longest (昭和63年12月28日, 平成30年12月28日); digits of their
 * full count; the longest choice; a phone number of 11 digits in three
 * groups. Five persons: a 世帯主 of 78 (介護・後期高齢 rows), a 妻 of 30
 * (国保, 配偶者), a 子 at school (児童手当, 転入学), one with the longest
 * 続柄, and a 子 of 20 (児童手当's 年長の子), so that every rows block
 * has a member whatever its `where`. Derived items (the
 * addresses joined from their parts, the 世帯主's name) follow from these.
 * The town's own settings (town.*) are not the dictionary's and are left
 * out. Static text that overflows its box is reported too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"

#define FIT_MEMBERS	5

/* The stored value of an item that prints widest, or NULL to leave it
 * out; member is the person's number (0 outside groups). Each type's
 * widest value is the dictionary's (dict_widest); the members' birth
 * dates and 続柄 are chosen so that every rows block has a member. */
static char *
widest_value(const struct dict_item *it, int member)
{
	static const char *const births[FIT_MEMBERS + 1] = { NULL,
	    "1940-12-28", "1988-12-28", "2009-12-28", "2011-12-28",
	    "1998-12-28" };
	static const char *const relations[FIT_MEMBERS + 1] = { NULL,
	    "世帯主", "妻", "子", NULL, "子" };
	if (it->type == DICT_DATE && member > 0 &&
	    strcmp(it->field, "birth") == 0)
		return xstrdup(births[member]);
	if (it->type == DICT_CHOICE && member > 0 &&
	    relations[member] != NULL && strcmp(it->field, "relation") == 0)
		return xstrdup(relations[member]);
	if (it->type == DICT_CHOICE && strcmp(it->key, "event") == 0)
		return xstrdup("転入");
	/* The items that name a member are left to their default (the
	 * first member, the 世帯主), so that one is chosen. */
	if (it->type == DICT_NUMBER && (strcmp(it->key, "jidou.claimant") ==
	    0 || strcmp(it->key, "inkan.person") == 0))
		return NULL;
	return dict_widest(it);
}

struct visit *
layout_fit_visit(const struct dict *dict)
{
	struct visit *v = visit_new();
	const struct dict_item *it;
	size_t i;
	int m;
	char *val, *key;

	for (i = 0; i < dict->nitems; i++) {
		it = &dict->items[i];
		if (it->derived)
			continue;
		for (m = it->group != NULL ? 1 : 0; m <= (it->group != NULL ?
		    FIT_MEMBERS : 0); m++) {
			if ((val = widest_value(it, m)) == NULL)
				continue;
			key = m > 0 ? xasprintf("%s.%d.%s", it->group, m,
			    it->field) : xstrdup(it->key);
			visit_set_stored(v, key, val);
			free(key);
			free(val);
		}
	}
	return v;
}

/* The dictionary item behind a field's key (person.3.name → person.name)
 * for the message. */
static const struct dict_item *
field_item(const struct dict *dict, const char *field)
{
	return field != NULL ? dict_find(dict, field, NULL) : NULL;
}

/* Was an overflow already reported for this statement (a rows block's
 * field overflows once for each member)? */
static int
reported_before(const struct layout_report *rep, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (rep->issues[j].kind == rep->issues[i].kind &&
		    rep->issues[j].line == rep->issues[i].line)
			return 1;
	return 0;
}

int
layout_fit_check(const struct form *form, const struct dict *dict,
    const struct fontset *fs, struct diag *dg)
{
	struct visit *v = layout_fit_visit(dict);
	struct derive_ctx dc = { 0 };
	struct layout_opts opts = { 0 };
	struct layout_report rep = { 0 };
	struct dl_doc doc = { 0 };
	const struct layout_issue *is;
	const struct dict_item *it;
	char *cause = NULL, *how;
	size_t i;
	int bad = 0;

	dc.visit = v;
	dc.dict = dict;
	dc.today = (struct date){ 2018, 12, 28 };
	opts.check_static = 1;
	if (layout_form(&doc, form, &dc, fs, &opts, &rep, &cause) != 0) {
		diag_add(dg, form->path, 0, "%s", cause);
		free(cause);
		bad = 1;
	}
	for (i = 0; i < rep.nissues; i++) {
		is = &rep.issues[i];
		if (is->kind != ISSUE_OVERFLOW && is->kind != ISSUE_NO_GLYPH)
			continue;
		bad = 1;
		if (reported_before(&rep, i))
			continue;	/* the same statement, another row */
		if (is->field == NULL || strcmp(is->field, "text") == 0) {
			diag_add(dg, form->path, is->line, "text: %s",
			    is->message);
			continue;
		}
		it = field_item(dict, is->field);
		if (it != NULL && it->derived)
			how = xasprintf("the longest %s its parts allow",
			    it->label);
		else if (it != NULL && it->maxlen > 0)
			how = xasprintf("the longest %s allowed (maxlen=%d, "
			    "%d full-width characters)", it->label, it->maxlen,
			    it->maxlen);
		else if (it != NULL)
			how = xasprintf("the longest %s allowed", it->label);
		else
			how = xstrdup("the longest value");
		diag_add(dg, form->path, is->line, "%s: %s: %s; widen the "
		    "box, add wrap, or lower maxlen", it != NULL ? it->key :
		    is->field, how,
		    is->message + (strncmp(is->message, is->field,
		    strlen(is->field)) == 0 && is->message[strlen(is->field)]
		    == ':' ? strlen(is->field) + 2 : 0));
		free(how);
	}
	dl_doc_free(&doc);
	layout_report_free(&rep);
	visit_free(v);
	return bad ? -1 : 0;
}
