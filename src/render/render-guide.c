/*
 * render-guide.c - the resident's 「お手続きのご案内」 as a PDF of its own.
 *
 * The sheet is printed as its own job after the forms (and alone from the
 * reception list), never inside the forms' document: the stored document
 * of a visit stays exactly the forms, so regeneration and its sha256
 * checks are not touched by a change in the guide files, and the sheet,
 * which holds nothing of the resident but the date, is not stored.
 */
#include <stdlib.h>
#include <string.h>

#include "guide/guide.h"
#include "render/render.h"

static struct date
filed_on(const struct derive_ctx *dc)
{
	const char *s = visit_get(dc->visit, "filed_date");
	struct date d;

	if (s != NULL && date_parse_iso(s, &d) == 0)
		return d;
	return date_valid(dc->today) ? dc->today : clock_today();
}

int
render_guide(const struct guide *g, const struct form_set *set,
    const struct derive_ctx *dc, const struct fontset *fs,
    const char *const *form_ids, char **pdf, size_t *len, char **cause)
{
	const struct form **ids = NULL, *f;
	const char **titles = NULL;
	struct form *sheet;
	struct layout_report rep;
	struct dl_doc doc;
	struct date on = filed_on(dc);
	size_t n = 0, i, nids;
	int rc = -1;

	*pdf = NULL;
	*len = 0;
	if (form_ids != NULL) {
		for (i = 0; form_ids[i] != NULL; i++) {
			f = form_set_find(set, form_ids[i], on);
			if (f == NULL)
				continue;
			titles = xreallocarray(titles, n + 1, sizeof *titles);
			titles[n++] = f->title;
		}
	} else {
		nids = form_set_ids(set, &ids);
		for (i = 0; i < nids; i++) {
			f = form_set_find(set, ids[i]->id, on);
			if (f == NULL || !form_applies(f, dc, NULL))
				continue;
			titles = xreallocarray(titles, n + 1, sizeof *titles);
			titles[n++] = f->title;
		}
		free(ids);
	}
	sheet = guide_sheet(g, dc, titles, n);
	free(titles);
	memset(&doc, 0, sizeof doc);
	memset(&rep, 0, sizeof rep);
	if (layout_form(&doc, sheet, dc, fs, NULL, &rep, cause) != 0)
		goto out;
	for (i = 0; i < rep.nissues; i++)
		if (layout_issue_blocks(rep.issues[i].kind)) {
			*cause = xasprintf("お手続きのご案内を印刷できません: "
			    "%s", rep.issues[i].message != NULL ?
			    rep.issues[i].message : "");
			goto out;
		}
	if (pdf_write(&doc, fs, pdf, len, cause) != 0)
		goto out;
	rc = 0;
out:
	layout_report_free(&rep);
	dl_doc_free(&doc);
	guide_sheet_free(sheet);
	return rc;
}
