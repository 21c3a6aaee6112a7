/*
 * ui-preview.c - ui_preview_*: what will be printed, checked first.
 *
 * For each chosen form the screen shows its page count and every issue the
 * layout found: required items missing, fields shrunk or wrapped,
 * characters no font can print exactly, values that do not fit. Anything
 * that blocks the print is marked and F5 is refused until it is fixed.
 *
 * Laying out and writing the PDF can take longer than a key press may
 * wait, so it runs in a child process (fork; the child shares the loaded
 * fonts and forms copy-on-write and touches neither the terminal nor the
 * database). The child renders the whole visit once with render_visit,
 * which counts each form's pages and collects every issue, and writes the
 * PDF beside the database (store_pdf_dir). It reports on a pipe, one
 * tab-separated line each:
 *   F <id> <version> <pages>            a form
 *   I <kind> <form> <field> <message>   an issue
 *   P <file> <sha256>                   the PDF made
 *   B                                   blocked: no PDF
 *   E <message>                         could not render
 * The main loop polls the pipe (ui_preview_poll) between key presses.
 */
#include <errno.h>
#include <fcntl.h>
#include <ncurses.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render/render.h"
#include "ui/ui.h"

static size_t pv_top, pv_cur;	/* scroll; selected issue */

static const struct ui_bar ui_preview_bar[] = {
	{ ACT_HELP, NULL }, { ACT_BACK, NULL }, { ACT_PRINT, NULL },
	{ ACT_NEXT, "再作成" }, { ACT_QUIT, NULL },
};

/* The child: never returns. */
static _Noreturn void
ui_preview_child(struct ui *ui, int fd, const char *pdfdir)
{
	struct derive_ctx ctx = ui_derive_ctx(ui);
	struct render_opts opts;
	struct render_result res;
	const struct layout_issue *is;
	struct strbuf sb;
	char *cause = NULL, *path, sha[65];
	size_t i;
	int rc;

	sb_init(&sb);
	memset(&opts, 0, sizeof opts);
	opts.form_ids = (const char *const *)ui->chosen;
	render_env_layout(&ui->env, ui->opts->overlay,
	    ui->opts->allow_substitute, &opts.layout);
	rc = render_visit(ui->env.forms, &ctx, ui->env.fonts, &opts, &res,
	    &cause);
	/* Each form with the pages it took and its issues, as the render
	 * laid them out (even when the print is blocked). */
	for (i = 0; i < res.nforms; i++)
		sb_addf(&sb, "F\t%s\t%d\t%d\n", res.form_ids[i],
		    res.versions[i], res.pages[i]);
	for (i = 0; i < res.report.nissues; i++) {
		is = &res.report.issues[i];
		sb_addf(&sb, "I\t%d\t", (int)is->kind);
		sb_add_field(&sb, is->form_id);
		sb_addc(&sb, '\t');
		sb_add_field(&sb, is->field);
		sb_addc(&sb, '\t');
		sb_add_field(&sb, is->message);
		sb_addc(&sb, '\n');
	}
	if (rc == 0) {
		path = xasprintf("%s/visit-%ld-%lld-%ld.pdf", pdfdir,
		    ui->visit_id, (long long)clock_now(), (long)getpid());
		if (file_write_atomic(path, res.pdf, res.pdflen,
		    store_file_mode(),
		    &cause) != 0) {
			sb_add(&sb, "E\t");
			sb_add_field(&sb, cause);
			sb_addc(&sb, '\n');
		} else {
			sha256_hex(res.pdf, res.pdflen, sha);
			sb_add(&sb, "P\t");
			sb_add_field(&sb, path);
			sb_addf(&sb, "\t%s\n", sha);
		}
		free(path);
	} else if (rc == 1)
		sb_add(&sb, "B\n");
	else {
		sb_add(&sb, "E\t");
		sb_add_field(&sb, cause);
		sb_addc(&sb, '\n');
	}
	(void)file_write_all(fd, sb.s, sb.len);	/* the parent sees EOF */
	/* Freed although the process ends, so a leak check of the child
	 * (valgrind follows forks) shows real leaks only. */
	render_result_free(&res);
	free(cause);
	sb_free(&sb);
	_exit(0);
}

void
ui_preview_reset(struct ui *ui)
{
	struct ui_render *r = &ui->render;
	size_t i;

	if (r->pid > 0) {
		kill(r->pid, SIGTERM);
		waitpid(r->pid, NULL, 0);
	}
	if (r->fd > 0)
		close(r->fd);
	sb_free(&r->buf);
	for (i = 0; i < r->nforms; i++) {
		free(r->forms[i].id);
		free(r->forms[i].title);
		free(r->forms[i].reason);
	}
	free(r->forms);
	for (i = 0; i < r->nissues; i++) {
		free(r->issues[i].form);
		free(r->issues[i].field);
		free(r->issues[i].message);
	}
	free(r->issues);
	free(r->pdf);
	free(r->error);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

void
ui_preview_start(struct ui *ui)
{
	struct ui_render *r = &ui->render;
	char *cause = NULL, *pdfdir;
	int fds[2];
	pid_t pid;

	ui_preview_reset(ui);
	if (ui_load_forms(ui) != 0) {
		r->done = 1;
		r->error = xstrdup(ui->forms_error);
		return;
	}
	if (ui->chosen == NULL || ui->chosen[0] == NULL) {
		r->done = 1;
		r->error = xstrdup("作る様式が選ばれていません");
		return;
	}
	pdfdir = store_pdf_dir(ui->store, &cause);
	if (pdfdir == NULL) {
		r->done = 1;
		r->error = cause;
		return;
	}
	if (pipe(fds) != 0) {
		r->done = 1;
		r->error = xasprintf("pipe: %s", strerror(errno));
		free(pdfdir);
		return;
	}
	pid = fork();
	if (pid < 0) {
		r->done = 1;
		r->error = xasprintf("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(pdfdir);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		ui_preview_child(ui, fds[1], pdfdir);
	}
	free(pdfdir);
	close(fds[1]);
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	r->pid = pid;
	r->fd = fds[0];
	r->started = clock_ms();
	sb_init(&r->buf);
}

/* Split a line at tabs, in place; returns the number of fields. */
static size_t
ui_preview_split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (; *line != '\0' && n < max; line++) {
		if (*line == '\t') {
			*line = '\0';
			f[n++] = line + 1;
		}
	}
	return n;
}

static void
ui_preview_line(struct ui *ui, char *line)
{
	struct ui_render *r = &ui->render;
	struct ui_form_result *fr;
	struct ui_issue *is;
	const struct form *form;
	struct derive_ctx ctx = ui_derive_ctx(ui);
	struct date on = derive_form_date(&ctx);	/* as the child chose */
	char *f[6];
	size_t n = ui_preview_split(line, f, nitems(f));

	if (f[0][0] == 'F' && n >= 4) {
		r->forms = xreallocarray(r->forms, r->nforms + 1,
		    sizeof *r->forms);
		fr = &r->forms[r->nforms++];
		memset(fr, 0, sizeof *fr);
		fr->id = xstrdup(f[1]);
		fr->version = atoi(f[2]);
		fr->pages = atoi(f[3]);
		form = form_set_find(ui->env.forms, f[1], on);
		fr->title = xstrdup(form != NULL ? form->title : f[1]);
	} else if (f[0][0] == 'I' && n >= 5) {
		r->issues = xreallocarray(r->issues, r->nissues + 1,
		    sizeof *r->issues);
		is = &r->issues[r->nissues++];
		is->kind = atoi(f[1]);
		is->form = xstrdup(f[2]);
		is->field = xstrdup(f[3]);
		is->message = xstrdup(f[4]);
	} else if (f[0][0] == 'P' && n >= 3) {
		r->ok = 1;
		r->pdf = xstrdup(f[1]);
		snprintf(r->sha, sizeof r->sha, "%s", f[2]);
	} else if (f[0][0] == 'E' && n >= 2) {
		free(r->error);
		r->error = xstrdup(f[1]);
	}
}

int
ui_preview_poll(struct ui *ui)
{
	struct ui_render *r = &ui->render;
	char buf[4096], *nl, *line;
	ssize_t n;
	int eof = 0, status = 0;

	if (r->pid <= 0)
		return 0;
	for (;;) {
		n = read(r->fd, buf, sizeof buf);
		if (n > 0) {
			sb_addn(&r->buf, buf, (size_t)n);
			continue;
		}
		if (n == 0)
			eof = 1;
		else if (errno == EINTR)
			continue;
		break;
	}
	if (!eof)
		return 0;
	close(r->fd);
	r->fd = -1;
	while (waitpid(r->pid, &status, 0) == -1 && errno == EINTR)
		;
	r->pid = 0;
	line = r->buf.s;
	while (line != NULL && *line != '\0') {
		nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		ui_preview_line(ui, line);
		if (nl == NULL)
			break;
		line = nl + 1;
	}
	sb_free(&r->buf);
	/* A child that crashed (or ran out of memory) said nothing or only
	 * part: never offer a PDF then, and say why nothing was made rather
	 * than pointing at issues that are not there. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		r->ok = 0;
		free(r->error);
		r->error = WIFSIGNALED(status) ?
		    xasprintf("PDF を作る処理が異常終了しました (signal %d)",
		    WTERMSIG(status)) :
		    xasprintf("PDF を作る処理が異常終了しました (終了コード %d)",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	}
	r->done = 1;
	if (r->ok)
		ui_msg(ui, 0, "印刷できます。F5 で印刷します");
	else if (r->error == NULL)
		ui_msg(ui, 1, "このままでは印刷できません。! の項目を上下で"
		    "選び Enter で直してください");
	return 1;
}

void
ui_preview_init(struct ui *ui)
{
	pv_top = pv_cur = 0;
	ui_preview_start(ui);
}

static const char *
ui_preview_kind(int kind, int *blocks)
{
	*blocks = layout_issue_blocks((enum layout_issue_kind)kind);
	switch (kind) {
	case ISSUE_NO_GLYPH:
		return "印刷できない文字";
	case ISSUE_SUBSTITUTED:
		return "代わりの字形で印刷 (手書き訂正)";
	case ISSUE_MISSING:
		return "未入力";
	case ISSUE_OVERFLOW:
		return "入りきらない";
	case ISSUE_SHRUNK:
		return "縮小して印字";
	case ISSUE_WRAPPED:
		return "折り返して印字";
	case ISSUE_UNMARKED:
		return "該当する印がない (手書きで記入)";
	case ISSUE_WARNING:
		return "確認してください";
	}
	return "?";
}

/* The field's label for the clerk: "世帯員2 生年月日". */
static char *
ui_preview_field(struct ui *ui, const char *key)
{
	const struct dict_item *item;
	int index = 0;

	item = dict_find(ui->env.dict, key, &index);
	if (item == NULL)
		return xstrdup(key);
	if (index > 0)
		return xasprintf("世帯員%d %s", index, item->label);
	return xstrdup(item->label);
}

/* What an issue means for the clerk, in Japanese, with the field's label
 * (the layout's own message names the item key, for the log and the
 * command line). The sizes and values are read back from it. */
static char *
ui_preview_says(struct ui *ui, const struct ui_issue *is)
{
	char *label = ui_preview_field(ui, is->field), *out, *v;
	const char *m = is->message != NULL ? is->message : "", *p, *e;
	double pt = 0;
	size_t lines = 0;

	switch (is->kind) {
	case ISSUE_MISSING:
		out = xasprintf("%s が入力されていません。Enter で入力します",
		    label);
		break;
	case ISSUE_OVERFLOW:
		out = xasprintf("%s が欄に入りきりません。Enter で直します",
		    label);
		break;
	case ISSUE_SHRUNK:
		if ((p = strstr(m, "printed at ")) != NULL &&
		    sscanf(p, "printed at %lfpt", &pt) == 1)
			out = xasprintf("%s: %.1fptに縮小して印刷します", label,
			    pt);
		else
			out = xasprintf("%s: 縮小して印刷します", label);
		break;
	case ISSUE_WRAPPED:
		if ((p = strstr(m, "printed on ")) != NULL &&
		    sscanf(p, "printed on %zu lines", &lines) == 1)
			out = xasprintf("%s: %zu行に折り返して印刷します", label,
			    lines);
		else
			out = xasprintf("%s: 折り返して印刷します", label);
		break;
	case ISSUE_UNMARKED:
		/* "key: VALUE has no mark on this form" */
		p = strstr(m, ": ");
		e = strstr(m, " has no mark");
		v = p != NULL && e != NULL && e > p + 2 ?
		    xstrndup(p + 2, (size_t)(e - p - 2)) : xstrdup("");
		out = xasprintf("%s: 「%s」に当たる印がこの様式にありません。"
		    "手書きで記入してください", label, v);
		free(v);
		break;
	default:
		/* Already in Japanese (a character no font has): without
		 * the key before it. */
		p = strstr(m, ": ");
		out = xasprintf("%s: %s", label, p != NULL &&
		    strncmp(m, is->field != NULL ? is->field : "",
		    (size_t)(p - m)) == 0 ? p + 2 : m);
		break;
	}
	free(label);
	return out;
}

/* The preview's lines in order: each form, then its issues. */
struct ui_preview_line {
	size_t form;
	long issue;		/* -1 for the form's own line */
};

static struct ui_preview_line *
ui_preview_lines(const struct ui_render *r, size_t *n)
{
	struct ui_preview_line *l;
	size_t i, j, k = 0;

	l = xcalloc(r->nforms + r->nissues + 1, sizeof *l);
	for (i = 0; i < r->nforms; i++) {
		l[k].form = i;
		l[k++].issue = -1;
		for (j = 0; j < r->nissues; j++) {
			if (strcmp(r->issues[j].form, r->forms[i].id) != 0)
				continue;
			l[k].form = i;
			l[k++].issue = (long)j;
		}
	}
	*n = k;
	return l;
}

/* The line of the selected issue (the pv_cur-th issue line), or n. */
static size_t
ui_preview_selected(const struct ui_preview_line *l, size_t n)
{
	size_t i, seen = 0;

	for (i = 0; i < n; i++)
		if (l[i].issue >= 0 && seen++ == pv_cur)
			return i;
	return n;
}

void
ui_preview_draw(struct ui *ui)
{
	struct ui_render *r = &ui->render;
	struct ui_preview_line *l;
	const struct ui_issue *is;
	const struct ui_form_result *fr;
	char *line, *label;
	const char *kind;
	size_t i, n, sel;
	int y, height = LINES - 8, blocks, total = 0;

	ui_draw_frame(ui, "印刷前の確認");
	if (!r->done) {
		ui_put(3, 2, COLS - 4, "様式を作っています...");
		ui_draw_hint(ui, "作成中もキーは使えます (F3 で戻る)");
		ui_keys_bar(ui_preview_bar, nitems(ui_preview_bar));
		return;
	}
	y = 3;
	if (r->error != NULL) {
		attron(A_BOLD);
		ui_put(y++, 2, COLS - 4, "様式を作れませんでした:");
		attroff(A_BOLD);
		ui_put(y++, 4, COLS - 6, r->error);
	}
	l = ui_preview_lines(r, &n);
	sel = ui_preview_selected(l, n);
	if (sel < pv_top)
		pv_top = sel;
	while (sel < n && sel >= pv_top + (size_t)(height - (y - 3)))
		pv_top++;
	for (i = pv_top; i < n && y < 3 + height; i++) {
		fr = &r->forms[l[i].form];
		if (l[i].issue < 0) {
			line = xasprintf("%s  (第%d版)  %dページ", fr->title,
			    fr->version, fr->pages);
			attron(A_BOLD);
			ui_put(y++, 1, COLS - 2, line);
			attroff(A_BOLD);
			free(line);
			continue;
		}
		is = &r->issues[l[i].issue];
		kind = ui_preview_kind(is->kind, &blocks);
		label = ui_preview_field(ui, is->field);
		line = xasprintf("%s %s: %s", blocks ? "!" : "-", kind,
		    label);
		if (i == sel) {
			mvaddstr(y, 1, ">");
			attron(A_REVERSE);
		} else if (blocks)
			attron(A_BOLD);
		ui_put(y++, 3, COLS - 4, line);
		attroff(A_REVERSE | A_BOLD);
		free(line);
		free(label);
	}
	if (i < n)
		mvaddstr(2 + height, COLS - 1, "v");
	for (i = 0; i < r->nforms; i++)
		total += r->forms[i].pages;
	if (sel < n && l[sel].issue >= 0) {
		line = ui_preview_says(ui, &r->issues[l[sel].issue]);
		ui_draw_hint(ui, "%s", line);
		free(line);
	}
	else if (r->ok)
		ui_draw_hint(ui, "%zu 様式 %d ページ。F5 で印刷します",
		    r->nforms, total);
	else
		ui_draw_hint(ui, "! は印刷を止める項目です");
	free(l);
	ui_keys_bar(ui_preview_bar, nitems(ui_preview_bar));
}

/* Where is the value of key typed? A derived value (the 世帯主's name,
 * the applicant who is a member) is typed as another item: the one whose
 * stored value it is. Caller frees. */
static char *
ui_preview_source(struct ui *ui, const char *key)
{
	struct derive_ctx ctx = ui_derive_ctx(ui);
	char *v;
	size_t i;

	if (visit_get(ui->visit, key) != NULL)
		return xstrdup(key);
	v = derive_value(&ctx, key);
	if (v == NULL)
		return xstrdup(key);	/* empty: asked with the items */
	for (i = 0; i < ui->visit->n; i++) {
		if (strcmp(ui->visit->entries[i].value, v) == 0) {
			free(v);
			return xstrdup(ui->visit->entries[i].key);
		}
	}
	free(v);
	return NULL;
}

/* Enter on an issue: go to the field to fix it. */
static void
ui_preview_fix(struct ui *ui, const char *key)
{
	const struct dict_item *item;
	char *src;

	src = *key != '\0' ? ui_preview_source(ui, key) : NULL;
	if (src != NULL && ui_goto_field(ui, src) == 0) {
		free(src);
		return;
	}
	free(src);
	ui_goto(ui, UI_PREVIEW);
	item = dict_find(ui->env.dict, key, NULL);
	ui_msg(ui, 1, "%s は画面から直せない項目です (様式または設定)",
	    item != NULL ? item->label : key);
}

void
ui_preview_key(struct ui *ui, const struct ui_key *k)
{
	struct ui_render *r = &ui->render;
	char *key;

	switch (k->act) {
	case ACT_BACK:
		ui_preview_reset(ui);
		ui_goto(ui, UI_ITEMS);
		return;
	case ACT_NEXT:
		ui_preview_start(ui);
		return;
	case ACT_PRINT:
		if (!r->done) {
			ui_msg(ui, 0, "作成中です。少しお待ちください");
			return;
		}
		if (!r->ok) {
			ui_msg(ui, 1, "印刷を止める項目があります");
			return;
		}
		ui_goto(ui, UI_PRINT);
		return;
	default:
		break;
	}
	if (!r->done)
		return;
	if (k->code == KEY_DOWN && pv_cur + 1 < r->nissues)
		pv_cur++;
	else if (k->code == KEY_UP && pv_cur > 0)
		pv_cur--;
	else if (k->code == KEY_ENTER && pv_cur < r->nissues) {
		/* The issues are shown by form; find the selected one. */
		struct ui_preview_line *l;
		size_t n, sel;

		l = ui_preview_lines(r, &n);
		sel = ui_preview_selected(l, n);
		key = sel < n ? xstrdup(r->issues[l[sel].issue].field) : NULL;
		free(l);
		if (key == NULL)
			return;
		ui_preview_fix(ui, key);
		free(key);
	}
}
