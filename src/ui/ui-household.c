/*
 * ui-household.c - ui_household_*: the applicant and the household.
 *
 * Rows: 異動日, 届出人 (本人 / 世帯主 / 代理人 - only a 代理人's name and
 * address are asked, the others are the household's own), phone; then one
 * block per member: 氏名, フリガナ, 生年月日, 性別, 続柄, 個人番号, 国籍.
 * After the last member there is always an empty block: typing a name into
 * it adds a member, so a family of four is typed straight down. F6 jumps to
 * that block, F7 (twice) removes the member the cursor is in, F8 reads the
 * resident's My Number card into the member the cursor is in (ui-card.c).
 *
 * Each thing is asked once: for 本人 and 世帯主 the applicant's name is
 * left empty and the forms print the member's (domain: 届出人 rows).
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

static const char *const ui_household_person[] = {
	"name", "kana", "birth", "sex", "relation", "mynumber", "nationality",
};

static int hh_confirm_delete;	/* member F7 was pressed on once */

static const struct ui_bar ui_household_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_NEXT, NULL },
	{ ACT_ADD, "世帯員" }, { ACT_DELETE, NULL }, { ACT_CARD, NULL },
	{ ACT_QUIT, NULL },
};

static int
ui_household_max(struct ui *ui)
{
	const struct dict_group *g = dict_find_group(ui->env.dict, "person");

	return g != NULL ? g->max : 20;
}

static void
ui_household_rows(struct ui *ui)
{
	struct ui_fields *f = &ui->fields;
	const char *kind, *ev, *name;
	char key[64];
	int n, i, max = ui_household_max(ui);
	size_t j;

	ui_fields_clear(f);
	f->changed = NULL;
	ev = visit_get(ui->visit, "event");
	kind = visit_get(ui->visit, "applicant.kind");
	ui_fields_heading(f, "届出 %s", ev != NULL ? ev : "");
	if (ev == NULL || strcmp(ev, "証明書の請求") != 0)
		ui_fields_add(f, ui, "move_date");
	ui_fields_add(f, ui, "applicant.kind");
	if (kind != NULL && strcmp(kind, "代理人") == 0) {
		ui_fields_add(f, ui, "applicant.name");
		ui_fields_add(f, ui, "applicant.kana");
		ui_fields_add(f, ui, "applicant.address");
		ui_fields_add(f, ui, "applicant.phone");
	}
	ui_fields_add(f, ui, "phone");
	n = visit_count(ui->visit, "person");
	for (i = 1; i <= n + 1 && i <= max; i++) {
		name = visit_get_member(ui->visit, "person", i, "name");
		if (i <= n)
			ui_fields_heading(f, "世帯員 %d  %s", i,
			    name != NULL ? name : "");
		else
			ui_fields_heading(f, "世帯員 %d  (追加するときは氏名を"
			    "入力。終わったら F4 次へ)", i);
		for (j = 0; j < nitems(ui_household_person); j++) {
			snprintf(key, sizeof key, "person.%d.%s", i,
			    ui_household_person[j]);
			ui_fields_add(f, ui, key);
			if (i > n)
				break;	/* only the name until it exists */
		}
	}
}

static void
ui_household_changed(struct ui *ui, const char *key)
{
	size_t cur = ui->fields.cur;

	(void)key;
	ui_household_rows(ui);
	ui->fields.changed = ui_household_changed;
	ui->fields.cur = cur;
}

static void
ui_household_build(struct ui *ui)
{
	ui_household_rows(ui);
	ui->fields.changed = ui_household_changed;
}

void
ui_household_init(struct ui *ui)
{
	hh_confirm_delete = 0;
	ui_household_build(ui);
	ui_fields_focus(&ui->fields, ui, 0);
}

void
ui_household_draw(struct ui *ui)
{
	if (ui_card_active()) {
		ui_card_draw(ui);
		return;
	}
	ui_draw_frame(ui, "届出人と世帯");
	ui_fields_draw(&ui->fields, ui);
	ui_keys_bar(ui_household_bar, nitems(ui_household_bar));
}

/* The member number of a visit key "person.N.x", or 0. */
static int
ui_household_member(const char *key)
{
	char *end;
	long n;

	if (key == NULL || strncmp(key, "person.", 7) != 0)
		return 0;
	n = strtol(key + 7, &end, 10);
	if (end == key + 7 || *end != '.')
		return 0;
	return (int)n;
}

/* Remove member m: later members move up one. */
static void
ui_household_remove(struct ui *ui, int m)
{
	struct visit *nv = visit_new();
	const struct visit_entry *e;
	char *key;
	size_t i;
	int idx;

	for (i = 0; i < ui->visit->n; i++) {
		e = &ui->visit->entries[i];
		idx = ui_household_member(e->key);
		if (idx == m)
			continue;
		if (idx > m) {
			key = xasprintf("person.%d%s", idx - 1,
			    strchr(e->key + 7, '.'));
			visit_set_stored(nv, key, e->value);
			free(key);
		} else
			visit_set_stored(nv, e->key, e->value);
	}
	visit_free(ui->visit);
	ui->visit = nv;
}

static void
ui_household_next(struct ui *ui)
{
	if (ui_fields_commit(&ui->fields, ui) != 0)
		return;
	if (visit_count(ui->visit, "person") == 0) {
		ui_msg(ui, 1, "世帯員を1人以上入力してください");
		return;
	}
	ui_goto(ui, UI_ADDRESS);
}

void
ui_household_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_fields *f = &ui->fields;
	char key[32];
	int m, rc;

	if (k->act != ACT_DELETE)
		hh_confirm_delete = 0;
	if (ui_card_active()) {
		if ((m = ui_card_key(ui, k)) > 0) {
			/* フリガナ is not on the card: ask it next */
			ui_household_build(ui);
			snprintf(key, sizeof key, "person.%d.kana", m);
			ui_fields_focus_key(f, ui, key);
		}
		return;
	}
	switch (k->act) {
	case ACT_BACK:
		if (ui_fields_commit(f, ui) == 0)
			ui_goto(ui, UI_EVENT);
		return;
	case ACT_NEXT:
		ui_household_next(ui);
		return;
	case ACT_ADD:
		if (ui_fields_commit(f, ui) != 0)
			return;
		snprintf(key, sizeof key, "person.%d.name",
		    visit_count(ui->visit, "person") + 1);
		if (ui_fields_focus_key(f, ui, key) != 0)
			ui_msg(ui, 1, "世帯員は %d 人までです",
			    ui_household_max(ui));
		return;
	case ACT_DELETE:
		m = f->cur < f->n ? ui_household_member(f->rows[f->cur].key) : 0;
		if (m == 0 || m > visit_count(ui->visit, "person"))
			return;
		if (hh_confirm_delete != m) {
			hh_confirm_delete = m;
			ui_msg(ui, 1, "世帯員 %d を削除します。もう一度 F7 で確定",
			    m);
			return;
		}
		hh_confirm_delete = 0;
		ui_household_remove(ui, m);
		ui_save(ui);
		ui_household_build(ui);
		ui_fields_focus(f, ui, f->cur);
		ui_msg(ui, 0, "世帯員 %d を削除しました", m);
		return;
	case ACT_CARD:
		/* into the member the cursor is in, else a new one */
		if (ui_fields_commit(f, ui) != 0)
			return;
		m = f->cur < f->n ? ui_household_member(f->rows[f->cur].key) : 0;
		if (m == 0 || m > visit_count(ui->visit, "person"))
			m = visit_count(ui->visit, "person") + 1;
		if (m > ui_household_max(ui)) {
			ui_msg(ui, 1, "世帯員は %d 人までです",
			    ui_household_max(ui));
			return;
		}
		ui_card_start(ui, m);
		return;
	default:
		break;
	}
	rc = ui_fields_key(f, ui, k);
	if (rc == 1)
		ui_household_next(ui);
}
