/*
 * ui-print.c - ui_print_*: sending the checked PDF to the printer.
 *
 * Entering the screen records the PDF the preview made as a document of
 * the visit (store_document_add) and starts `lp -d PRINTER FILE` in the
 * background (print_start); the main loop polls it, so the screen keeps
 * answering keys while CUPS takes the job. When lp accepts the job the
 * visit is marked printed (audited as print, or reprint the next times).
 * When lp is missing or refuses the job the clerk is told why; the visit
 * and its PDF stay, and F5 here or on the reception list prints it again.
 *
 * ui_print_reprint prints a visit's latest stored PDF from the reception
 * list, in the same background way.
 *
 * When the configuration says `guide.print = yes`, the resident's
 * 「お手続きのご案内」 (render-guide.c) follows the forms as a job of its
 * own once lp has taken the forms; ui_print_guide prints it alone (the
 * reception list's g key). It is made here, in the session, from the
 * guide files: one page of static text takes a moment, and it is not
 * stored (it holds nothing of the resident but the date); its file is
 * removed once lp has taken it.
 */
#include <ncurses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "render/render.h"
#include "ui/ui.h"

enum ui_print_state { PS_IDLE, PS_RUNNING, PS_DONE, PS_FAILED };

static struct {
	enum ui_print_state state;
	long visit_id;		/* the visit being printed */
	char *printer;
	char *said;		/* lp's answer or why it failed */
	int on_screen;		/* started from this screen (else reprint) */
	int guide_job;		/* the running job is the guide sheet */
	int guide_next;		/* print the guide sheet after this job */
	char *guide_file;	/* the sheet's PDF, removed after lp */
} ps;

static const struct ui_bar ui_print_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_PRINT, "再印刷" },
	{ ACT_NEXT, "受付一覧" }, { ACT_ADD, "次の受付" }, { ACT_QUIT, NULL },
};

static const char *
ui_print_printer(struct ui *ui)
{
	if (ui->opts->printer != NULL)
		return ui->opts->printer;
	return print_printer_for(ui->env.config, ui->where);
}

/* lp's answer in plain Japanese for the message line: the job number of
 * an accepted job; for a refused one what went wrong, with lp's own words
 * of the reason (the IT person needs them) after it. (caller frees) */
static char *
ui_print_japanese(const char *said, int ok)
{
	const char *p, *words;
	int n = 0;

	if (said == NULL)
		return xstrdup("");
	if (ok) {
		if (strncmp(said, "request id is ", 14) == 0) {
			p = said + 14;
			while (p[n] != '\0' && p[n] != ' ')
				n++;
			return xasprintf("プリンタの受付番号 %.*s", n, p);
		}
		return xstrdup("プリンタが受け付けました");
	}
	words = strstr(said, "): ");
	if (strncmp(said, "cannot run ", 11) == 0)
		return xasprintf("印刷の命令を起動できません (%s)", said + 11);
	if ((p = strstr(said, "did not finish within ")) != NULL &&
	    sscanf(p, "did not finish within %d", &n) == 1)
		return xasprintf("印刷が%d秒以内に終わらないため止めました "
		    "(printer.timeout)", n);
	if (strstr(said, "refused the job") != NULL)
		return xasprintf("プリンタが受け付けませんでした%s%s%s",
		    words != NULL ? " (" : "", words != NULL ? words + 3 : "",
		    words != NULL ? ")" : "");
	if (strstr(said, "stopped by signal") != NULL)
		return xstrdup("印刷の命令が途中で止められました");
	return xstrdup(said);
}

/* Start lp for a file; 0 when running. */
static int
ui_print_start(struct ui *ui, long visit_id, const char *file)
{
	const char *printer = ui_print_printer(ui);
	char *cause = NULL;

	if (ui->printing) {
		ui_msg(ui, 1, "前の印刷がまだ終わっていません");
		return -1;
	}
	free(ps.printer);
	free(ps.said);
	ps.said = NULL;
	ps.printer = xstrdup(printer != NULL ? printer : "");
	ps.visit_id = visit_id;
	if (print_start(&ui->print, printer, file, (int)config_number(
	    ui->env.config, "printer.timeout", PRINT_TIMEOUT_DEFAULT),
	    &cause) != 0) {
		ps.state = PS_FAILED;
		ps.said = ui_print_japanese(cause, 0);
		free(cause);
		ui_msg(ui, 1, "印刷できません: %s", ps.said);
		return -1;
	}
	ps.state = PS_RUNNING;
	ui->printing = 1;
	ui_msg(ui, 0, "プリンタ %s へ送っています...", ps.printer);
	return 0;
}

/* Does the town print the guide sheet with the forms? */
static int
ui_print_guide_wanted(struct ui *ui)
{
	const char *v = config_get(ui->env.config, "guide.print");

	return v != NULL && strcmp(v, "yes") == 0;
}

/* Make the guide sheet of a visit and start lp for it. */
static void
ui_print_guide_visit(struct ui *ui, long visit_id, const struct visit *v,
    const char *const *ids)
{
	struct derive_ctx ctx = ui_derive_ctx(ui);
	char *cause = NULL, *dir, *pdf = NULL;
	size_t len = 0;

	if (ui_load_forms(ui) != 0 || ui->guide == NULL) {
		ui_msg(ui, 1, "お手続きのご案内の設定を読めません "
		    "(担当の方は --check-forms で確かめてください)");
		return;
	}
	ctx.visit = v;
	dir = store_pdf_dir(ui->store, &cause);
	if (dir == NULL || render_guide(ui->guide, ui->env.forms, &ctx, ui->env.fonts,
	    ids, &pdf, &len, &cause) != 0) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		free(dir);
		return;
	}
	free(ps.guide_file);
	ps.guide_file = xasprintf("%s/guide-%ld-%ld.pdf", dir, visit_id,
	    (long)getpid());
	free(dir);
	if (file_write_atomic(ps.guide_file, pdf, len, 0600, &cause) != 0) {
		ui_msg(ui, 1, "%s", cause);
		free(cause);
		free(pdf);
		return;
	}
	free(pdf);
	if (ui_print_start(ui, visit_id, ps.guide_file) == 0) {
		ps.guide_job = 1;
		ui_msg(ui, 0, "お手続きのご案内をプリンタ %s へ送っています...",
		    ps.printer);
	} else {
		unlink(ps.guide_file);
		free(ps.guide_file);
		ps.guide_file = NULL;
	}
}

void
ui_print_guide(struct ui *ui, long visit_id)
{
	struct store_document *docs = NULL;
	struct visit *v;
	const char **ids = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	if (ui->printing) {
		ui_msg(ui, 1, "前の印刷がまだ終わっていません");
		return;
	}
	v = store_visit_load(ui->store, visit_id, NULL, NULL, &cause);
	if (v == NULL || store_document_list(ui->store, visit_id, &docs, &n,
	    &cause) != 0) {
		ui_msg(ui, 1, "受付No.%ld: %s", visit_id, cause);
		free(cause);
		visit_free(v);
		return;
	}
	/* The forms of the latest document are the ones made; a visit
	 * not yet printed lists those that apply. A document's form_ids
	 * are counted (nforms), the guide wants a NULL-ended list. */
	if (n > 0) {
		ids = xreallocarray(NULL, docs[n - 1].nforms + 1, sizeof *ids);
		for (i = 0; i < docs[n - 1].nforms; i++)
			ids[i] = docs[n - 1].form_ids[i];
		ids[i] = NULL;
	}
	ps.on_screen = 0;
	ui_print_guide_visit(ui, visit_id, v, ids);
	free(ids);
	store_document_free(docs, n);
	visit_free(v);
}

int
ui_print_poll(struct ui *ui)
{
	char *message = NULL, *cause = NULL, *p;
	int rc;

	if (!ui->printing)
		return 0;
	rc = print_poll(&ui->print, &message, &cause);
	if (rc == 0)
		return 0;
	ui->printing = 0;
	free(ps.said);
	if (ps.guide_job) {
		ps.guide_job = 0;
		if (ps.guide_file != NULL)
			unlink(ps.guide_file);
		free(ps.guide_file);
		ps.guide_file = NULL;
		ps.said = ui_print_japanese(rc < 0 ? cause : message, rc > 0);
		if (rc < 0)
			ui_msg(ui, 1, "お手続きのご案内を印刷できませんでした: "
			    "%s", ps.said);
		else
			ui_msg(ui, 0, "受付No.%ld のお手続きのご案内を印刷しました",
			    ps.visit_id);
		free(cause);
		free(message);
		return 1;
	}
	if (rc < 0) {
		ps.guide_next = 0;
		ps.state = PS_FAILED;
		ps.said = ui_print_japanese(cause, 0);
		free(cause);
		/* One line: lp's own words stay on the print screen. */
		cause = xstrdup(ps.said);
		if ((p = strstr(cause, " (")) != NULL)
			*p = '\0';
		ui_msg(ui, 1, "受付No.%ld: %s。受付一覧から後で印刷できます",
		    ps.visit_id, cause);
		free(cause);
		return 1;
	}
	ps.state = PS_DONE;
	ps.said = ui_print_japanese(message, 1);
	free(message);
	if (store_visit_set_status(ui->store, ps.visit_id, STORE_PRINTED,
	    &cause) != 0) {
		ui_msg(ui, 1, "印刷しましたが記録できません: %s", cause);
		free(cause);
		return 1;
	}
	ui_msg(ui, 0, "受付No.%ld を印刷しました (%s)", ps.visit_id, ps.said);
	if (ps.guide_next) {
		ps.guide_next = 0;
		ui_print_guide_visit(ui, ps.visit_id, ui->visit,
		    (const char *const *)ui->chosen);
	}
	return 1;
}

/* Record the preview's PDF as a document of the visit and print it. */
static void
ui_print_document(struct ui *ui)
{
	struct ui_render *r = &ui->render;
	const char **ids;
	int *versions;
	char *cause = NULL;
	size_t i;
	long doc;

	if (ui->mynumber_locked) {
		/* the form would go out without the resident's My Number */
		ps.state = PS_FAILED;
		free(ps.said);
		ps.said = xasprintf("マイナンバーの鍵ファイルが%sため印刷"
		    "できません", store_key_missing(ui->store) ? "ない" :
		    "使えない");
		ui_msg(ui, 1, "%s", ps.said);
		return;
	}
	if (ui->readonly) {
		ps.state = PS_FAILED;
		free(ps.said);
		ps.said = xstrdup("ほかの端末が入力中の受付は印刷できません");
		ui_msg(ui, 1, "%s", ps.said);
		return;
	}
	if (!r->ok || r->pdf == NULL) {
		ps.state = PS_FAILED;
		free(ps.said);
		ps.said = xstrdup("印刷する PDF がありません");
		return;
	}
	ids = xcalloc(r->nforms + 1, sizeof *ids);
	versions = xcalloc(r->nforms + 1, sizeof *versions);
	for (i = 0; i < r->nforms; i++) {
		ids[i] = r->forms[i].id;
		versions[i] = r->forms[i].version;
	}
	doc = store_document_add(ui->store, ui->visit_id, r->pdf, r->sha,
	    ids, versions, r->nforms, &cause);
	free(ids);
	free(versions);
	if (doc < 0) {
		ps.state = PS_FAILED;
		free(ps.said);
		ps.said = cause;
		ui_msg(ui, 1, "PDF を記録できません: %s", cause);
		return;
	}
	ui->print_doc = doc;
	if (ui_print_start(ui, ui->visit_id, r->pdf) == 0)
		ps.guide_next = ui_print_guide_wanted(ui);
}

void
ui_print_free(void)
{
	free(ps.printer);
	free(ps.said);
	ps.printer = ps.said = NULL;
	free(ps.guide_file);
	ps.guide_file = NULL;
}

void
ui_print_init(struct ui *ui)
{
	ps.on_screen = 1;
	if (ui->printing) {
		ui_msg(ui, 1, "前の印刷がまだ終わっていません");
		return;
	}
	ui_print_document(ui);
}

void
ui_print_reprint(struct ui *ui, long visit_id)
{
	struct store_document *docs = NULL;
	char *cause = NULL, *holder;
	size_t n = 0;

	/* a draft open on another screen is that clerk's to print */
	if ((holder = store_hold_who(ui->store, visit_id)) != NULL) {
		ui_msg(ui, 1, "受付No.%ld は %s が入力中です。印刷できません",
		    visit_id, holder);
		free(holder);
		return;
	}
	if (store_document_list(ui->store, visit_id, &docs, &n, &cause) != 0) {
		ui_msg(ui, 1, "受付No.%ld: %s", visit_id, cause);
		free(cause);
		return;
	}
	if (n == 0) {
		ui_msg(ui, 1, "受付No.%ld にはまだ PDF がありません。"
		    "Enter で開いて確認から印刷してください", visit_id);
		return;
	}
	if (!file_exists(docs[n - 1].file)) {
		ui_msg(ui, 1, "受付No.%ld の PDF がありません: %s", visit_id,
		    docs[n - 1].file);
	} else {
		ps.on_screen = 0;
		ui_print_start(ui, visit_id, docs[n - 1].file);
	}
	store_document_free(docs, n);
}

void
ui_print_draw(struct ui *ui)
{
	struct ui_render *r = &ui->render;
	char *line;
	size_t i;
	int y = 3, pages = 0;

	ui_draw_frame(ui, "印刷");
	for (i = 0; i < r->nforms; i++)
		pages += r->forms[i].pages;
	line = xasprintf("受付No.%ld  %zu 様式 %d ページ  プリンタ %s",
	    ui->visit_id, r->nforms, pages, ps.printer != NULL ?
	    ps.printer : "");
	ui_put(y++, 2, COLS - 4, line);
	free(line);
	for (i = 0; i < r->nforms && y < LINES - 8; i++)
		ui_put(y++, 4, COLS - 6, r->forms[i].title);
	y++;
	attron(A_BOLD);
	switch (ps.state) {
	case PS_RUNNING:
		ui_put(y, 2, COLS - 4, "印刷中です...");
		break;
	case PS_DONE:
		ui_put(y, 2, COLS - 4, "印刷しました。");
		break;
	case PS_FAILED:
		ui_put(y, 2, COLS - 4, "印刷できませんでした。"
		    "受付は保存されています (F5 で再印刷)");
		break;
	case PS_IDLE:
		break;
	}
	attroff(A_BOLD);
	if (ps.said != NULL)
		ui_put_cut(y + 1, 4, COLS - 6, ps.said);
	ui_draw_hint(ui, "F6 次の受付  F4 受付一覧  F5 もう一度印刷");
	ui_keys_bar(ui_print_bar, nitems(ui_print_bar));
}

void
ui_print_key(struct ui *ui, const struct ui_key *k)
{
	switch (k->act) {
	case ACT_BACK:
		ui_goto(ui, UI_PREVIEW);
		return;
	case ACT_PRINT:
		if (ui->render.ok && ui->render.pdf != NULL &&
		    ui_print_start(ui, ui->visit_id, ui->render.pdf) == 0)
			ps.guide_next = ui_print_guide_wanted(ui);
		return;
	case ACT_NEXT:
		ui_goto(ui, UI_RECEPTION);
		return;
	case ACT_ADD:
		ui_visit_new(ui);
		return;
	default:
		break;
	}
	if (k->code == KEY_ENTER && ps.state == PS_DONE)
		ui_goto(ui, UI_RECEPTION);
}
