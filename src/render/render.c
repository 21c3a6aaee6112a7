/*
 * render.c - the visit → PDF pipeline shared by the CLI, the TUI and batch
 * regeneration.
 *
 * 1. Choose the forms: the ids given, else every form whose `applies`
 *    holds, each in the version in force on the visit's 届出日 (filed_date;
 *    else today).
 * 2. Lay them all out into one display list, collecting every issue.
 * 3. If any issue blocks the print (a character with no glyph, a required
 *    item missing, a value that does not fit), stop: return 1 with the
 *    report and no PDF.
 * 4. If characters were substituted (--allow-substitute), add the page
 *    「手書き訂正が必要な箇所」.
 * 5. Write the PDF into memory; the caller writes it to a file atomically.
 */
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

static void
add_form(struct render_result *res, const struct form *f, char *reason)
{
	size_t n = res->nforms;

	res->form_ids = xreallocarray(res->form_ids, n + 1,
	    sizeof *res->form_ids);
	res->reasons = xreallocarray(res->reasons, n + 1,
	    sizeof *res->reasons);
	res->versions = xreallocarray(res->versions, n + 1,
	    sizeof *res->versions);
	res->pages = xreallocarray(res->pages, n + 1, sizeof *res->pages);
	res->pages[n] = 0;
	res->form_ids[n] = xstrdup(f->id);
	res->reasons[n] = reason;
	res->versions[n] = f->version;
	res->nforms++;
}

/* The forms to render, in order, into forms[] (pointers into the set). */
static int
choose(const struct form_set *set, const struct derive_ctx *dc,
    const struct render_opts *opts, struct render_result *res,
    const struct form ***forms, char **cause)
{
	struct date on = derive_form_date(dc);
	const struct form **ids = NULL, *f;
	size_t i, n;
	char iso[11], *reason;

	*forms = NULL;
	if (opts->form_ids != NULL) {
		for (i = 0; opts->form_ids[i] != NULL; i++) {
			f = form_set_find(set, opts->form_ids[i], on);
			if (f == NULL) {
				*cause = xasprintf("%s: no such form in force on "
				    "%s", opts->form_ids[i],
				    date_format_iso(on, iso));
				return -1;
			}
			if (!form_enabled(f, dc->config)) {
				*cause = xasprintf("%s: switched off in the "
				    "town's configuration (form.%s.enabled = "
				    "no)", f->id, f->id);
				return -1;
			}
			reason = NULL;
			if (!form_applies(f, dc, &reason) || reason == NULL) {
				free(reason);
				reason = xstrdup("指定された書類");
			}
			*forms = xreallocarray(*forms, res->nforms + 1,
			    sizeof **forms);
			(*forms)[res->nforms] = f;
			add_form(res, f, reason);
		}
		return 0;
	}
	n = form_set_ids(set, &ids);
	for (i = 0; i < n; i++) {
		f = form_set_find(set, ids[i]->id, on);
		reason = NULL;
		if (f == NULL || !form_applies(f, dc, &reason)) {
			free(reason);
			continue;
		}
		if (reason == NULL)
			reason = xstrdup("");
		*forms = xreallocarray(*forms, res->nforms + 1, sizeof **forms);
		(*forms)[res->nforms] = f;
		add_form(res, f, reason);
	}
	free(ids);
	if (res->nforms == 0) {
		*cause = xasprintf("no form applies to this visit (届出日 %s)",
		    date_format_iso(on, iso));
		return -1;
	}
	return 0;
}

int
render_visit(const struct form_set *set, const struct derive_ctx *dc,
    const struct fontset *fs, const struct render_opts *opts,
    struct render_result *res, char **cause)
{
	const struct form **forms = NULL;
	struct dl_doc doc;
	size_t i, before;
	int rc = -1;

	memset(res, 0, sizeof *res);
	memset(&doc, 0, sizeof doc);
	if (choose(set, dc, opts, res, &forms, cause) != 0)
		goto out;
	for (i = 0; i < res->nforms; i++) {
		before = doc.npages;
		if (layout_form(&doc, forms[i], dc, fs, &opts->layout,
		    &res->report, cause) != 0)
			goto out;
		res->pages[i] = (int)(doc.npages - before);
	}
	if (layout_report_blocks(&res->report)) {
		rc = 1;
		goto out;
	}
	for (i = 0; i < res->report.nissues; i++)
		if (res->report.issues[i].kind == ISSUE_SUBSTITUTED)
			break;
	if (i < res->report.nissues && layout_substitution_page(&doc,
	    &res->report, fs, cause) != 0)
		goto out;
	res->report.pages = (int)doc.npages;
	if (pdf_write(&doc, fs, &res->pdf, &res->pdflen, cause) != 0)
		goto out;
	rc = 0;
out:
	free(forms);
	dl_doc_free(&doc);
	return rc;
}

void
render_result_free(struct render_result *res)
{
	size_t i;

	if (res == NULL)
		return;
	layout_report_free(&res->report);
	for (i = 0; i < res->nforms; i++) {
		free(res->form_ids[i]);
		free(res->reasons[i]);
	}
	free(res->form_ids);
	free(res->reasons);
	free(res->versions);
	free(res->pages);
	free(res->pdf);
	memset(res, 0, sizeof *res);
}
