/*
 * ui-address.c - ui_address_*: the new and the former address.
 *
 * Which blocks are asked depends on the event: 転入, 転居 and 転出 have a
 * new address (転出: where to) and a former one; the others one address.
 * Typing a postal code fills 都道府県, 市区町村 and 町域 from the postal
 * table (postal_lookup) and moves on to 番地. When one code covers several
 * 町域 (or, rarely, several cities) a list opens over the screen to choose
 * from; Esc closes it and the clerk types the address. An unknown code is
 * said so and the address typed by hand.
 */
#include <ncurses.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

static struct {
	struct postal_addr *addrs;	/* the choice list, when open */
	size_t n, cur, top;
	char prefix[8];			/* "new" or "old" */
} ad;

static const struct ui_bar ui_address_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_NEXT, NULL },
	{ ACT_QUIT, NULL },
};

static const char *const ui_address_parts[] = {
	"postal", "pref", "city", "town", "banchi", "building",
};

static void
ui_address_close_list(void)
{
	postal_addr_free(ad.addrs, ad.n);
	ad.addrs = NULL;
	ad.n = ad.cur = ad.top = 0;
}

static int
ui_address_two(struct ui *ui)
{
	const char *ev = visit_get(ui->visit, "event");

	return ev != NULL && (strcmp(ev, "転入") == 0 ||
	    strcmp(ev, "転居") == 0 || strcmp(ev, "転出") == 0);
}

static void
ui_address_block(struct ui *ui, const char *prefix, const char *title)
{
	struct ui_row *r;
	char key[32];
	size_t i;

	ui_fields_heading(&ui->fields, "%s", title);
	for (i = 0; i < nitems(ui_address_parts); i++) {
		snprintf(key, sizeof key, "%s.%s", prefix,
		    ui_address_parts[i]);
		ui_fields_add(&ui->fields, ui, key);
		/* The heading says which address: 新住所の番地 is 番地. */
		r = &ui->fields.rows[ui->fields.n - 1];
		if (r->kind == ROW_FIELD && r->key != NULL &&
		    strcmp(r->key, key) == 0 &&
		    (strncmp(r->label, "新住所の", 12) == 0 ||
		    strncmp(r->label, "旧住所の", 12) == 0))
			memmove(r->label, r->label + 12,
			    strlen(r->label + 12) + 1);
	}
}

/* Store the chosen address and go on to 番地. */
static void
ui_address_fill(struct ui *ui, const char *prefix,
    const struct postal_addr *a)
{
	char key[32], *cause = NULL;

	snprintf(key, sizeof key, "%s.pref", prefix);
	if (visit_set(ui->visit, ui->env.dict, key, a->pref, &cause) != 0)
		goto fail;
	snprintf(key, sizeof key, "%s.city", prefix);
	if (visit_set(ui->visit, ui->env.dict, key, a->city, &cause) != 0)
		goto fail;
	snprintf(key, sizeof key, "%s.town", prefix);
	if (visit_set(ui->visit, ui->env.dict, key, a->town, &cause) != 0)
		goto fail;
	snprintf(key, sizeof key, "%s.banchi", prefix);
	ui_fields_focus_key(&ui->fields, ui, key);
	ui_save(ui);
	ui_msg(ui, 0, "%s%s%s %s", a->pref, a->city, a->town, a->note);
	return;
fail:
	ui_msg(ui, 1, "%s", cause);
	free(cause);
}

static void
ui_address_changed(struct ui *ui, const char *key)
{
	struct postal_addr *addrs = NULL;
	const char *code, *dot = strchr(key, '.');
	char *cause = NULL, prefix[8];
	size_t n = 0;

	if (dot == NULL || strcmp(dot, ".postal") != 0 ||
	    (size_t)(dot - key) >= sizeof prefix)
		return;
	memcpy(prefix, key, (size_t)(dot - key));
	prefix[dot - key] = '\0';
	code = visit_get(ui->visit, key);
	if (code == NULL)
		return;
	if (postal_lookup(ui->store, code, &addrs, &n, &cause) != 0) {
		ui_msg(ui, 1, "郵便番号を検索できません: %s", cause);
		free(cause);
		return;
	}
	if (n == 0) {
		ui_msg(ui, 1, "郵便番号 %.3s-%s は見つかりません。住所を入力して"
		    "ください", code, code + 3);
		return;
	}
	if (n == 1) {
		/* After the hook, commit refocuses on the postal field;
		 * fill and move on from ui_address_key instead. */
		ad.addrs = addrs;
		ad.n = 1;
		snprintf(ad.prefix, sizeof ad.prefix, "%s", prefix);
		return;
	}
	ad.addrs = addrs;
	ad.n = n;
	ad.cur = ad.top = 0;
	snprintf(ad.prefix, sizeof ad.prefix, "%s", prefix);
}

void
ui_address_init(struct ui *ui)
{
	const char *ev = visit_get(ui->visit, "event");
	int out = ev != NULL && strcmp(ev, "転出") == 0;

	ui_address_close_list();
	ui_fields_clear(&ui->fields);
	if (ui_address_two(ui)) {
		ui_address_block(ui, "new", out ? "転出先の住所" :
		    "新しい住所");
		ui_address_block(ui, "old", out ? "今の住所" :
		    "前の住所 (従前の住所)");
	} else
		ui_address_block(ui, "new", "住所");
	ui->fields.changed = ui_address_changed;
	ui_fields_focus(&ui->fields, ui, 0);
}

static void
ui_address_draw_list(struct ui *ui)
{
	int h = LINES - 10, w = COLS - 8, x = 4, y = 4, i, row;
	const struct postal_addr *a;
	char *line;
	size_t j;

	(void)ui;
	if (h > (int)ad.n + 3)
		h = (int)ad.n + 3;
	if (ad.cur < ad.top)
		ad.top = ad.cur;
	if (ad.cur >= ad.top + (size_t)(h - 3))
		ad.top = ad.cur - (size_t)(h - 3) + 1;
	for (row = 0; row < h; row++) {
		move(y + row, x);
		for (i = 0; i < w; i++)
			addch(row == 0 || row == h - 1 ? '-' :
			    (i == 0 || i == w - 1) ? '|' : ' ');
	}
	mvaddch(y, x, '+');
	mvaddch(y, x + w - 1, '+');
	mvaddch(y + h - 1, x, '+');
	mvaddch(y + h - 1, x + w - 1, '+');
	attron(A_BOLD);
	ui_put(y + 1, x + 2, w - 4, "この郵便番号の地域が複数あります。"
	    "選んでください (Enter 決定, Esc 手入力)");
	attroff(A_BOLD);
	for (j = ad.top, row = 2; j < ad.n && row < h - 1; j++, row++) {
		a = &ad.addrs[j];
		line = xasprintf("%zu %s%s%s %s", j + 1, a->pref, a->city,
		    *a->town != '\0' ? a->town : "(町域なし)", a->note);
		if (j == ad.cur)
			attron(A_REVERSE);
		ui_put(y + row, x + 2, w - 4, line);
		if (j == ad.cur)
			attroff(A_REVERSE);
		free(line);
	}
	ui->cy = -1;
}

void
ui_address_draw(struct ui *ui)
{
	ui_draw_frame(ui, "住所");
	ui_fields_draw(&ui->fields, ui);
	if (ad.addrs != NULL && ad.n > 1)
		ui_address_draw_list(ui);
	ui_keys_bar(ui_address_bar, nitems(ui_address_bar));
}

static void
ui_address_list_key(struct ui *ui, const struct ui_key *k)
{
	struct postal_addr a;

	if (k->code == KEY_UP && ad.cur > 0)
		ad.cur--;
	else if (k->code == KEY_DOWN && ad.cur + 1 < ad.n)
		ad.cur++;
	else if (k->code == KEY_ENTER || (k->code == 0 && k->ch >= '1' &&
	    k->ch <= '9' && (size_t)(k->ch - '0') <= ad.n)) {
		if (k->code == 0)
			ad.cur = (size_t)(k->ch - '1');
		a = ad.addrs[ad.cur];
		ui_address_fill(ui, ad.prefix, &a);
		ui_address_close_list();
	} else if ((k->code == 0 && k->ch == 27) || k->act == ACT_BACK) {
		ui_address_close_list();
		ui_msg(ui, 0, "住所を入力してください");
	}
}

void
ui_address_key(struct ui *ui, const struct ui_key *k)
{
	int rc;

	if (ad.addrs != NULL && ad.n > 1) {
		ui_address_list_key(ui, k);
		return;
	}
	switch (k->act) {
	case ACT_BACK:
		if (ui_fields_commit(&ui->fields, ui) == 0)
			ui_goto(ui, UI_HOUSEHOLD);
		return;
	case ACT_NEXT:
		if (ui_fields_commit(&ui->fields, ui) == 0 &&
		    ad.addrs == NULL)
			ui_goto(ui, UI_PROCEDURES);
		break;
	default:
		rc = ui_fields_key(&ui->fields, ui, k);
		if (rc == 1 && ad.addrs == NULL)
			ui_goto(ui, UI_PROCEDURES);
		break;
	}
	/* A code with one address fills it at once. */
	if (ad.addrs != NULL && ad.n == 1) {
		ui_address_fill(ui, ad.prefix, &ad.addrs[0]);
		ui_address_close_list();
	}
}
