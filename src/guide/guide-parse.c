/*
 * guide-parse.c - reading the *.guide files of <forms>/guide (the format is in guide.h
 * and the README, "The procedure guide").
 *
 * Lines are split with the form language's lexer (form-lex.c), so quoting
 * and comments work as in a form file; conditions go through the form
 * language's condition parser, so a key that is not in the dictionary is
 * a mistake at its column. A block with a mistake is left out and the
 * parse goes on, so every mistake of a file is reported at once.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "guide/guide.h"

enum block { B_NONE, B_QUESTION, B_PROCEDURE, B_SHEET };

struct gparse {
	struct guide *g;
	const char *path;
	const struct dict *dict;
	struct diag *dg;
	int errors;
	enum block in;
	int start;		/* line of the open block */
	int bad;		/* the open block had a mistake */
	struct guide_question q;
	struct guide_procedure p;
};

static void
gfail(struct gparse *gp, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
gfail(struct gparse *gp, int line, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = xvasprintf(fmt, ap);
	va_end(ap);
	diag_add(gp->dg, gp->path, line, "%s", m);
	free(m);
	gp->errors++;
	gp->bad = 1;
}

static void
question_clear(struct guide_question *q)
{
	free(q->item);
	free(q->ask);
	free(q->path);
	form_cond_free(q->when);
	memset(q, 0, sizeof *q);
}

static void
procedure_clear(struct guide_procedure *p)
{
	size_t i;

	free(p->id);
	free(p->title);
	free(p->counter);
	for (i = 0; i < p->nbring; i++)
		free(p->bring[i]);
	free(p->bring);
	free(p->deadline);
	free(p->note);
	free(p->path);
	form_cond_free(p->applies);
	memset(p, 0, sizeof *p);
}

/* One text value: the rest of the line as one token. */
static char *
one_text(struct gparse *gp, const struct form_line *fl, int line)
{
	if (fl->n != 2) {
		gfail(gp, line, "%s takes one text (quote it when it has "
		    "spaces)", fl->tokens[0].s);
		return NULL;
	}
	if (fl->tokens[1].s[0] == '\0') {
		gfail(gp, line, "%s: the text is empty", fl->tokens[0].s);
		return NULL;
	}
	return xstrdup(fl->tokens[1].s);
}

static void
set_text(struct gparse *gp, char **slot, const struct form_line *fl,
    int line)
{
	char *s;

	if (*slot != NULL) {
		gfail(gp, line, "%s is given twice", fl->tokens[0].s);
		return;
	}
	if ((s = one_text(gp, fl, line)) != NULL)
		*slot = s;
}

static void
add_text(struct gparse *gp, char ***list, size_t *n,
    const struct form_line *fl, int line)
{
	char *s = one_text(gp, fl, line);

	if (s == NULL)
		return;
	*list = xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = s;
}

static struct form_cond *
cond(struct gparse *gp, const char *text, const struct form_line *fl,
    int line)
{
	struct form_cond *c;
	char *cause = NULL;

	if (fl->n < 2) {
		gfail(gp, line, "%s needs a condition", fl->tokens[0].s);
		return NULL;
	}
	c = form_cond_parse_at(text + fl->tokens[1].off, gp->dict, NULL,
	    fl->tokens[1].col, &cause);
	if (c == NULL) {
		gfail(gp, line, "%s: %s", fl->tokens[0].s, cause);
		free(cause);
	}
	return c;
}

static void
open_block(struct gparse *gp, const struct form_line *fl, int line)
{
	const char *kw = fl->tokens[0].s;
	const struct dict_item *item;
	size_t i;

	gp->start = line;
	gp->bad = 0;
	if (strcmp(kw, "sheet") == 0) {
		gp->in = B_SHEET;
		if (fl->n != 1)
			gfail(gp, line, "sheet takes nothing after it");
		return;
	}
	if (strcmp(kw, "question") != 0 && strcmp(kw, "procedure") != 0) {
		gp->in = B_NONE;
		gfail(gp, line, "unknown statement \"%s\" (question, procedure "
		    "or sheet)", kw);
		return;
	}
	if (fl->n != 2) {
		gp->in = strcmp(kw, "question") == 0 ? B_QUESTION :
		    B_PROCEDURE;
		gfail(gp, line, "%s takes one name", kw);
		return;
	}
	if (strcmp(kw, "question") == 0) {
		gp->in = B_QUESTION;
		gp->q.item = xstrdup(fl->tokens[1].s);
		gp->q.path = xstrdup(gp->path);
		gp->q.line = line;
		item = dict_find(gp->dict, gp->q.item, NULL);
		if (item == NULL)
			gfail(gp, line, "question: \"%s\" is not in the "
			    "dictionary", gp->q.item);
		else if (item->type != DICT_YESNO && item->type != DICT_CHOICE)
			gfail(gp, line, "question: \"%s\" is %s; a question "
			    "asks a yesno or choice item", gp->q.item,
			    dict_type_name(item->type));
		else if (item->group != NULL || item->derived)
			gfail(gp, line, "question: \"%s\" is %s; a question "
			    "asks an item of the visit itself", gp->q.item,
			    item->derived ? "derived" : "a member's item");
		for (i = 0; i < gp->g->nquestions; i++)
			if (strcmp(gp->g->questions[i].item, gp->q.item) == 0)
				gfail(gp, line, "question %s is already asked "
				    "(%s:%d)", gp->q.item,
				    gp->g->questions[i].path,
				    gp->g->questions[i].line);
		return;
	}
	gp->in = B_PROCEDURE;
	gp->p.id = xstrdup(fl->tokens[1].s);
	gp->p.path = xstrdup(gp->path);
	gp->p.line = line;
	for (i = 0; i < gp->g->nprocedures; i++)
		if (strcmp(gp->g->procedures[i].id, gp->p.id) == 0)
			gfail(gp, line, "procedure %s is already defined "
			    "(%s:%d)", gp->p.id, gp->g->procedures[i].path,
			    gp->g->procedures[i].line);
}

static void
close_block(struct gparse *gp, int line)
{
	struct guide *g = gp->g;

	switch (gp->in) {
	case B_QUESTION:
		if (!gp->bad && gp->q.ask == NULL)
			gfail(gp, gp->start, "question %s: no ask \"...\" "
			    "(the words the clerk reads out)", gp->q.item);
		if (gp->bad) {
			question_clear(&gp->q);
			break;
		}
		g->questions = xreallocarray(g->questions, g->nquestions + 1,
		    sizeof *g->questions);
		g->questions[g->nquestions++] = gp->q;
		memset(&gp->q, 0, sizeof gp->q);
		break;
	case B_PROCEDURE:
		if (!gp->bad) {
			if (gp->p.title == NULL)
				gfail(gp, gp->start, "procedure %s: no title",
				    gp->p.id);
			if (gp->p.counter == NULL)
				gfail(gp, gp->start, "procedure %s: no counter",
				    gp->p.id);
			if (gp->p.applies == NULL)
				gfail(gp, gp->start, "procedure %s: no applies "
				    "(when it is on the sheet)", gp->p.id);
		}
		if (gp->bad) {
			procedure_clear(&gp->p);
			break;
		}
		g->procedures = xreallocarray(g->procedures,
		    g->nprocedures + 1, sizeof *g->procedures);
		g->procedures[g->nprocedures++] = gp->p;
		memset(&gp->p, 0, sizeof gp->p);
		break;
	default:
		break;
	}
	(void)line;
	gp->in = B_NONE;
}

static void
block_line(struct gparse *gp, const char *text, const struct form_line *fl,
    int line)
{
	const char *kw = fl->tokens[0].s;

	switch (gp->in) {
	case B_QUESTION:
		if (strcmp(kw, "ask") == 0)
			set_text(gp, &gp->q.ask, fl, line);
		else if (strcmp(kw, "when") == 0) {
			if (gp->q.when != NULL)
				gfail(gp, line, "when is given twice");
			else
				gp->q.when = cond(gp, text, fl, line);
		} else
			gfail(gp, line, "unknown statement \"%s\" in a question "
			    "(ask, when, end)", kw);
		break;
	case B_PROCEDURE:
		if (strcmp(kw, "title") == 0)
			set_text(gp, &gp->p.title, fl, line);
		else if (strcmp(kw, "counter") == 0)
			set_text(gp, &gp->p.counter, fl, line);
		else if (strcmp(kw, "bring") == 0)
			add_text(gp, &gp->p.bring, &gp->p.nbring, fl, line);
		else if (strcmp(kw, "deadline") == 0)
			set_text(gp, &gp->p.deadline, fl, line);
		else if (strcmp(kw, "note") == 0)
			set_text(gp, &gp->p.note, fl, line);
		else if (strcmp(kw, "applies") == 0) {
			if (gp->p.applies != NULL)
				gfail(gp, line, "applies is given twice");
			else
				gp->p.applies = cond(gp, text, fl, line);
		} else
			gfail(gp, line, "unknown statement \"%s\" in a "
			    "procedure (title, counter, bring, deadline, note, "
			    "applies, end)", kw);
		break;
	case B_SHEET:
		if (strcmp(kw, "title") == 0)
			set_text(gp, &gp->g->title, fl, line);
		else if (strcmp(kw, "made") == 0)
			set_text(gp, &gp->g->made, fl, line);
		else if (strcmp(kw, "todo") == 0)
			set_text(gp, &gp->g->todo, fl, line);
		else if (strcmp(kw, "footer") == 0)
			add_text(gp, &gp->g->footer, &gp->g->nfooter, fl,
			    line);
		else
			gfail(gp, line, "unknown statement \"%s\" in the sheet "
			    "(title, made, todo, footer, end)", kw);
		break;
	default:
		break;
	}
}

int
guide_parse(struct guide *g, const char *path, const char *text,
    const struct dict *dict, struct diag *dg)
{
	struct gparse gp;
	struct form_line fl;
	const char *s = text, *nl;
	char *cause, *line_text;
	size_t len, bad;
	int line = 0;

	memset(&gp, 0, sizeof gp);
	gp.g = g;
	gp.path = path;
	gp.dict = dict;
	gp.dg = dg;
	if (!utf8_valid(text, strlen(text), &bad)) {
		diag_add(dg, path, 0, "not UTF-8 (byte %zu)", bad);
		return 1;
	}
	while (*s != '\0') {
		line++;
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		line_text = xstrndup(s, len);
		cause = NULL;
		memset(&fl, 0, sizeof fl);
		if (form_lex_line(line_text, len, &fl, &cause) != 0) {
			gfail(&gp, line, "%s", cause);
			free(cause);
		} else if (fl.n > 0) {
			if (strcmp(fl.tokens[0].s, "end") == 0) {
				if (gp.in == B_NONE)
					gfail(&gp, line, "end without a block");
				else
					close_block(&gp, line);
			} else if (gp.in == B_NONE)
				open_block(&gp, &fl, line);
			else
				block_line(&gp, line_text, &fl, line);
		}
		form_lex_free(&fl);
		free(line_text);
		s = nl != NULL ? nl + 1 : s + len;
	}
	if (gp.in != B_NONE) {
		gfail(&gp, gp.start, "this block has no end");
		close_block(&gp, line);
	}
	question_clear(&gp.q);
	procedure_clear(&gp.p);
	return gp.errors;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_guide_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 6 && strcmp(name + n - 6, ".guide") == 0;
}

struct guide *
guide_load(const char *forms_dir, const struct dict *dict,
    const struct config *config, struct diag *dg)
{
	struct guide *g = xcalloc(1, sizeof *g);
	struct dirent *de;
	char *dir, **names = NULL, *path, *text, *cause, *key;
	size_t nnames = 0, i, before = dg->n;
	DIR *d;

	dir = file_join(forms_dir, "guide");
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return g;	/* no guide: no questions, no checklist */
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_guide_name(de->d_name))
			continue;
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames > 0)
		qsort(names, nnames, sizeof *names, name_cmp);
	for (i = 0; i < nnames; i++) {
		path = file_join(dir, names[i]);
		cause = NULL;
		if ((text = file_read(path, NULL, &cause)) == NULL) {
			diag_add(dg, path, 0, "%s", cause);
			free(cause);
		} else
			guide_parse(g, path, text, dict, dg);
		free(text);
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
	for (i = 0; config != NULL && i < g->nprocedures; i++) {
		key = xasprintf("counter.%s", g->procedures[i].counter);
		if (config_get(config, key) == NULL)
			diag_add(dg, g->procedures[i].path,
			    g->procedures[i].line, "procedure %s: counter %s "
			    "is not in the configuration %s (add a line "
			    "\"%s = 1番 住民課\")", g->procedures[i].id,
			    g->procedures[i].counter, config_path(config),
			    key);
		free(key);
	}
	if (dg->n > before) {
		guide_free(g);
		return NULL;
	}
	return g;
}

void
guide_free(struct guide *g)
{
	size_t i;

	if (g == NULL)
		return;
	for (i = 0; i < g->nquestions; i++)
		question_clear(&g->questions[i]);
	free(g->questions);
	for (i = 0; i < g->nprocedures; i++)
		procedure_clear(&g->procedures[i]);
	free(g->procedures);
	free(g->title);
	free(g->made);
	free(g->todo);
	for (i = 0; i < g->nfooter; i++)
		free(g->footer[i]);
	free(g->footer);
	free(g);
}
