/*
 * ui-items.c - ui_items_*: what the chosen forms still need.
 *
 * The items are collected from the chosen forms themselves: every key a
 * field, comb or mark prints, and the form's `require` list; a group key
 * (person.school inside `rows person`) counts for each member. Of those,
 * only the ones still empty are asked - derived items and the town's
 * settings never are - in dictionary order, each once however many forms
 * print it. The list is made when the screen is entered, so a value typed
 * here stays on the screen to be checked.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

struct ui_items_key {
	char *key;
	size_t order;		/* the item's place in the dictionary */
	int member;
};

static struct {
	struct ui_items_key *keys;
	size_t n;
} it;

static const struct ui_bar ui_items_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_NEXT, NULL },
	{ ACT_QUIT, NULL },
};

static void
ui_items_free(void)
{
	size_t i;

	for (i = 0; i < it.n; i++)
		free(it.keys[i].key);
	free(it.keys);
	it.keys = NULL;
	it.n = 0;
}

/* Items the household and address screens ask: asked here again only
 * when a form requires them and they are still empty. */
static const char *const ui_items_earlier[] = {
	"move_date", "applicant.", "phone", "new.postal", "new.pref",
	"new.county", "new.city", "new.town", "new.banchi", "new.building",
	"old.postal", "old.pref", "old.county", "old.city", "old.town",
	"old.banchi", "old.building", "person.name", "person.kana",
	"person.birth", "person.sex", "person.relation", "person.mynumber",
	"person.nationality",
};

static int
ui_items_earlier_key(const struct dict_item *item)
{
	size_t i, len;

	for (i = 0; i < nitems(ui_items_earlier); i++) {
		len = strlen(ui_items_earlier[i]);
		if (ui_items_earlier[i][len - 1] == '.' ?
		    strncmp(item->key, ui_items_earlier[i], len) == 0 :
		    strcmp(item->key, ui_items_earlier[i]) == 0)
			return 1;
	}
	return 0;
}

/* Is member m a foreign resident (国籍 given and not 日本)? */
static int
ui_items_foreign(struct ui *ui, int m)
{
	const char *nat = visit_get_member(ui->visit, "person", m,
	    "nationality");

	return nat != NULL && strcmp(nat, "日本") != 0 &&
	    strcmp(nat, "日本国") != 0;
}

/* Does this item concern this member at all? 在留資格 only foreign
 * residents (and 法第30条の45の区分, 通称), 本籍 and 筆頭者 only Japanese
 * nationals. */
static int
ui_items_concerns(struct ui *ui, const struct dict_item *item, int member)
{
	if (member == 0 || item->field == NULL)
		return 1;
	if (strncmp(item->field, "residence_", 10) == 0 ||
	    strcmp(item->field, "kubun30_45") == 0 ||
	    strcmp(item->field, "tsusho") == 0)
		return ui_items_foreign(ui, member);
	if (strcmp(item->field, "honseki") == 0 ||
	    strcmp(item->field, "hittousha") == 0)
		return !ui_items_foreign(ui, member);
	return 1;
}

/* Add one visit key if it is asked and still empty. */
static void
ui_items_want(struct ui *ui, const char *key, int required)
{
	const struct dict_item *item;
	struct derive_ctx ctx = ui_derive_ctx(ui);
	int member = 0;
	size_t i;
	char *v;

	item = dict_find(ui->env.dict, key, &member);
	if (item == NULL || item->derived || strncmp(key, "town.", 5) == 0)
		return;
	if (visit_get(ui->visit, key) != NULL)
		return;
	if (!required && (ui_items_earlier_key(item) ||
	    !ui_items_concerns(ui, item, member)))
		return;
	/* Filled in by derive.c (the 世帯主 from the 続柄): not asked. */
	v = derive_value(&ctx, key);
	free(v);
	if (v != NULL)
		return;
	for (i = 0; i < it.n; i++)
		if (strcmp(it.keys[i].key, key) == 0)
			return;
	it.keys = xreallocarray(it.keys, it.n + 1, sizeof *it.keys);
	it.keys[it.n].key = xstrdup(key);
	it.keys[it.n].order = (size_t)(item - ui->env.dict->items);
	it.keys[it.n].member = member;
	it.n++;
}

/* A key as written in a form: group keys for each member. */
static void
ui_items_want_form_key(struct ui *ui, const char *key, int required,
    const struct form_cond *where)
{
	const struct dict_item *item = dict_find(ui->env.dict, key, NULL);
	struct derive_ctx ctx = ui_derive_ctx(ui);
	long count = 0;
	char *k;
	int i, n;

	if (item == NULL)
		return;
	if (item->group != NULL && strcmp(item->key, key) == 0) {
		n = visit_count(ui->visit, item->group);
		for (i = 1; i <= n; i++) {
			/* Only the members the form prints a row for. */
			if (where != NULL &&
			    !form_cond_eval(where, &ctx, i, &count))
				continue;
			k = xasprintf("%s.%d.%s", item->group, i, item->field);
			ui_items_want(ui, k, required);
			free(k);
		}
		return;
	}
	ui_items_want(ui, key, required);
}

static void
ui_items_walk(struct ui *ui, const struct form_op *ops, size_t n,
    const struct form_cond *where)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (ops[i].kind) {
		case OP_FIELD:
		case OP_COMB:
		case OP_MARK:
			if (ops[i].value.key != NULL)
				ui_items_want_form_key(ui, ops[i].value.key,
				    0, where);
			break;
		case OP_ROWS:
			ui_items_walk(ui, ops[i].children,
			    ops[i].nchildren, ops[i].where);
			break;
		default:
			break;
		}
	}
}

static int
ui_items_cmp(const void *a, const void *b)
{
	const struct ui_items_key *x = a, *y = b;

	if (x->member != y->member)
		return x->member < y->member ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return 0;
}

static void
ui_items_collect(struct ui *ui)
{
	const struct form *f;
	struct derive_ctx ctx = ui_derive_ctx(ui);
	struct date on = derive_form_date(&ctx);
	size_t i, p, r;

	ui_items_free();
	if (ui_load_forms(ui) != 0)
		return;
	for (i = 0; ui->chosen != NULL && ui->chosen[i] != NULL; i++) {
		f = form_set_find(ui->env.forms, ui->chosen[i], on);
		if (f == NULL)
			continue;
		/* `require KEY when COND`: asked always, required (*) only
		 * while COND holds - so 印鑑登録's 登録する方 and 児童手当's
		 * 請求者 can be chosen. */
		for (r = 0; r < f->nrequired; r++) {
			long count = 0;
			int req = f->required_when == NULL ||
			    f->required_when[r] == NULL ||
			    form_cond_eval(f->required_when[r], &ctx, 0,
			    &count);

			ui_items_want_form_key(ui, f->required[r], req, NULL);
		}
		for (p = 0; p < f->npages; p++)
			ui_items_walk(ui, f->pages[p].ops, f->pages[p].nops,
			    NULL);
	}
	if (it.n > 0)		/* none missing: keys is NULL, qsort's UB */
		qsort(it.keys, it.n, sizeof *it.keys, ui_items_cmp);
}

static void
ui_items_rows(struct ui *ui)
{
	const char *name;
	size_t i;
	int member = -1;

	ui_fields_clear(&ui->fields);
	if (it.n == 0) {
		ui_fields_note(&ui->fields, "選んだ様式に足りない項目は"
		    "ありません。F4 で確認へ進みます");
		return;
	}
	for (i = 0; i < it.n; i++) {
		if (it.keys[i].member != member) {
			member = it.keys[i].member;
			if (member == 0)
				ui_fields_heading(&ui->fields,
				    "選んだ手続に必要な項目");
			else {
				name = visit_get_member(ui->visit, "person",
				    member, "name");
				ui_fields_heading(&ui->fields, "世帯員 %d  %s",
				    member, name != NULL ? name : "");
			}
		}
		ui_fields_add(&ui->fields, ui, it.keys[i].key);
	}
}

void
ui_items_init(struct ui *ui)
{
	ui_items_collect(ui);
	ui_items_rows(ui);
	ui_fields_focus(&ui->fields, ui, 0);
}

void
ui_items_draw(struct ui *ui)
{
	ui_draw_frame(ui, "追加の項目");
	ui_fields_draw(&ui->fields, ui);
	if (it.n > 0 && ui->cy < 0)
		ui_draw_hint(ui, "%zu 項目", it.n);
	ui_keys_bar(ui_items_bar, nitems(ui_items_bar));
}

void
ui_items_key(struct ui *ui, const struct ui_key *k)
{
	int rc;

	switch (k->act) {
	case ACT_BACK:
		if (ui_fields_commit(&ui->fields, ui) == 0)
			ui_goto(ui, UI_PROCEDURES);
		return;
	case ACT_NEXT:
	case ACT_PRINT:
		if (ui_fields_commit(&ui->fields, ui) == 0)
			ui_goto(ui, UI_PREVIEW);
		return;
	default:
		break;
	}
	if (it.n == 0) {
		if (k->code == KEY_ENTER)
			ui_goto(ui, UI_PREVIEW);
		return;
	}
	rc = ui_fields_key(&ui->fields, ui, k);
	if (rc == 1)
		ui_goto(ui, UI_PREVIEW);
}
