/*
 * ui-help.c - ui_help_*: the keys, on one screen (F1 from anywhere).
 *
 * Drawn from the key table of ui-keys.c, so it cannot drift from what the
 * keys do. Any key goes back to the screen it was called from. Called on
 * a field, it also names the field's item as forms and visit files write
 * it (person.2.kana), for the town's IT person - the only place the
 * screen shows such a name.
 */
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui/ui.h"

static const struct {
	enum ui_action act;
	int fkey;
	const char *what;
} ui_help_rows[] = {
	{ ACT_HELP, 1, "この画面" },
	{ ACT_SEARCH, 2, "受付の検索 (フリガナ、氏名、生年月日、番号)" },
	{ ACT_BACK, 3, "前の画面へ (入力は保存済み)" },
	{ ACT_NEXT, 4, "次の画面へ / 受付を開く" },
	{ ACT_PRINT, 5, "印刷 / 受付一覧で再印刷" },
	{ ACT_ADD, 6, "新しい受付 / 世帯員の追加" },
	{ ACT_DELETE, 7, "世帯員の削除 / 下書きの取消 (2回押す)" },
	{ ACT_CARD, 8, "マイナンバーカードの読み取り (世帯の画面)" },
	{ ACT_QUIT, 10, "終了 (入力中の受付は下書きとして残ります)" },
};

static const char *const ui_help_edit[] = {
	"Enter / Tab / 下: 確定して次の項目   上 / Shift-Tab: 前の項目",
	"左右: 1文字ずつ移動   Home / ^A: 先頭   End / ^E: 末尾",
	"BS: 前の1文字を削除   Del: 次の1文字   ^K: 後ろを削除   ^U: 全部削除",
	"Esc: 保存してある値に戻す   選択肢は番号でも入力できます (1 男 2 女)",
	"フリガナはひらがなで入力するとカタカナになります",
	"Fキーが使えない端末: Ctrl+文字、または Esc の後に数字 (Esc 4 = F4)",
};

static const struct ui_bar ui_help_bar[] = {
	{ ACT_BACK, "閉じる" }, { ACT_QUIT, NULL },
};

void
ui_help_init(struct ui *ui)
{
	(void)ui;
}

void
ui_help_draw(struct ui *ui)
{
	const struct ui_fields *f;
	char buf[48], *line;
	size_t i;
	int y = 3;

	ui_draw_frame(ui, "ヘルプ");
	attron(A_BOLD);
	ui_put(y++, 2, COLS - 4, "キー          代わりのキー  働き");
	attroff(A_BOLD);
	for (i = 0; i < nitems(ui_help_rows); i++, y++) {
		snprintf(buf, sizeof buf, "F%d", ui_help_rows[i].fkey);
		mvaddstr(y, 2, buf);
		ui_put(y, 6, 8, ui_keys_label(ui_help_rows[i].act));
		snprintf(buf, sizeof buf, "%s  Esc %d",
		    ui_keys_alt(ui_help_rows[i].act),
		    ui_help_rows[i].fkey % 10);
		mvaddstr(y, 16, buf);
		ui_put(y, 30, COLS - 31, ui_help_rows[i].what);
	}
	y++;
	for (i = 0; i < nitems(ui_help_edit) && y < LINES - 3; i++, y++)
		ui_put(y, 2, COLS - 4, ui_help_edit[i]);
	f = &ui->fields;
	if (ui->help_from != UI_RECEPTION && f->cur < f->n &&
	    f->rows[f->cur].key != NULL && y < LINES - 3) {
		line = xasprintf("この項目の名前 (様式・受付ファイル用): %s",
		    f->rows[f->cur].key);
		ui_put(LINES - 4, 2, COLS - 4, line);
		free(line);
	}
	ui_keys_bar(ui_help_bar, nitems(ui_help_bar));
}

void
ui_help_key(struct ui *ui, const struct ui_key *k)
{
	(void)k;
	ui->screen = ui->help_from;
}
