/*
 * guide-eval.c - which questions matter for a visit, and which procedures
 * of the checklist apply.
 *
 * A question is asked when the town declared it and its `when` holds. A
 * yes/no item that no question declares is asked too when the answer
 * would change which forms are proposed: a town that writes
 * `applies event = 転入 and pet.dog = はい` in a form of its own gets the
 * question on the screen without writing one. That is found by
 * evaluating each form's `applies` with the item set to はい and to いいえ
 * - no need to look inside the conditions.
 */
#include <stdlib.h>
#include <string.h>

#include "guide/guide.h"

static void
ask_add(struct guide_ask **out, size_t *n, const struct dict_item *item,
    const char *words)
{
	*out = xreallocarray(*out, *n + 1, sizeof **out);
	(*out)[*n].item = item;
	(*out)[*n].key = xstrdup(item->key);
	(*out)[*n].words = xstrdup(words);
	(*n)++;
}

static int
declared(const struct guide *g, const char *key)
{
	size_t i;

	for (i = 0; g != NULL && i < g->nquestions; i++)
		if (strcmp(g->questions[i].item, key) == 0)
			return 1;
	return 0;
}

/* Does a form's `applies` depend on the item's answer? */
static int
decides_a_form(const struct form_set *set, struct date on,
    const struct derive_ctx *ctx, const char *key)
{
	const struct form **ids = NULL, *f;
	struct visit *yes = visit_copy(ctx->visit);
	struct visit *no = visit_copy(ctx->visit);
	struct derive_ctx cy = *ctx, cn = *ctx;
	size_t n, i;
	int found = 0;

	visit_set_stored(yes, key, "はい");
	visit_set_stored(no, key, "いいえ");
	cy.visit = yes;
	cn.visit = no;
	n = form_set_ids(set, &ids);
	for (i = 0; i < n && !found; i++) {
		f = form_set_find(set, ids[i]->id, on);
		if (f != NULL && f->applies != NULL &&
		    form_applies(f, &cy, NULL) != form_applies(f, &cn, NULL))
			found = 1;
	}
	free(ids);
	visit_free(yes);
	visit_free(no);
	return found;
}

size_t
guide_questions(const struct guide *g, const struct form_set *set,
    struct date on, const struct derive_ctx *ctx, struct guide_ask **out)
{
	const struct dict_item *item;
	size_t n = 0, i;
	long count;
	char *words;

	*out = NULL;
	for (i = 0; g != NULL && i < g->nquestions; i++) {
		if (g->questions[i].when != NULL && !form_cond_eval(
		    g->questions[i].when, ctx, 0, &count))
			continue;
		item = dict_find(ctx->dict, g->questions[i].item, NULL);
		if (item != NULL)
			ask_add(out, &n, item, g->questions[i].ask);
	}
	for (i = 0; set != NULL && i < ctx->dict->nitems; i++) {
		item = &ctx->dict->items[i];
		if (item->type != DICT_YESNO || item->group != NULL ||
		    item->derived || declared(g, item->key) ||
		    !decides_a_form(set, on, ctx, item->key))
			continue;
		words = xasprintf("%s", item->label);
		ask_add(out, &n, item, words);
		free(words);
	}
	return n;
}

void
guide_asks_free(struct guide_ask *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].key);
		free(a[i].words);
	}
	free(a);
}

size_t
guide_procedures(const struct guide *g, const struct derive_ctx *ctx,
    const struct guide_procedure ***out)
{
	size_t n = 0, i;
	long count;

	*out = NULL;
	for (i = 0; g != NULL && i < g->nprocedures; i++) {
		if (!form_cond_eval(g->procedures[i].applies, ctx, 0, &count))
			continue;
		*out = xreallocarray(*out, n + 1, sizeof **out);
		(*out)[n++] = &g->procedures[i];
	}
	return n;
}

char *
guide_counter(const struct guide_procedure *p, const struct config *config)
{
	char *key = xasprintf("counter.%s", p->counter);
	const char *v = config != NULL ? config_get(config, key) : NULL;

	free(key);
	if (v != NULL)
		return xstrdup(v);
	v = config != NULL ? config_get(config, "town.office") : NULL;
	return xstrdup(v != NULL ? v : p->counter);
}
