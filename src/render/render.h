/*
 * render.h - the visit → PDF pipeline and the regeneration workers.
 *
 * env.c loads what the pipeline reads (configuration, dictionary, fonts,
 * forms) for the command line and the counter screen alike. render.c is
 * the pipeline the CLI, the counter screen and batch regeneration share:
 * pick the forms, lay them out, check, write the PDF.
 * regen.c re-renders stored visits in worker processes. This folder sits
 * on top of the flow (dictionary → visit → forms → layout → PDF) and of
 * the store; the store itself knows nothing of PDFs.
 */
#ifndef KAKANAI_RENDER_H
#define KAKANAI_RENDER_H

#include "font/font.h"
#include "form/form.h"
#include "layout/layout.h"
#include "pdf/pdf.h"
#include "store/store.h"
#include "visit/visit.h"

/* env.c: the configuration, dictionary, fonts and forms, loaded once. */
struct render_env {
	struct config *config;
	struct dict *dict;
	struct fontset *fonts;	/* NULL until needed */
	struct form_set *forms;	/* NULL until needed */
};
/* The configuration (config_path NULL: the default) and the dictionary. */
int render_env_open(struct render_env *, const char *config_path,
    char **cause);
/* The font chains, if not loaded yet. */
int render_env_load_fonts(struct render_env *, char **cause);
/* The fonts and the forms in dir (NULL: the home's forms/), if not loaded
 * yet. A form with a mistake is left out and its mistakes go to dg; -1
 * with *cause only when the fonts cannot be loaded. */
int render_env_load_forms(struct render_env *, const char *dir,
    struct diag *dg, char **cause);
/* The forms folder: dir, else the home's forms/ (caller frees). */
char *render_env_forms_dir(const char *dir);
/* Layout options: overlay (values only, moved by the configuration's
 * printer.offset_x/offset_y) and allow_substitute. */
void render_env_layout(const struct render_env *, int overlay,
    int allow_substitute, struct layout_opts *);
void render_env_free(struct render_env *);

/* render.c */
struct render_opts {
	const char *const *form_ids;	/* NULL: every form that applies */
	struct layout_opts layout;
};
struct render_result {
	struct layout_report report;	/* every issue found */
	char **form_ids;		/* the forms rendered, in order */
	char **reasons;			/* why each applies */
	int *versions;			/* and which version was used */
	int *pages;			/* and how many pages each took */
	size_t nforms;
	char *pdf;			/* the PDF, NULL if the print was stopped */
	size_t pdflen;
};
/* Choose forms (form_applies, or the given ids, with the version in force
 * on the visit's 届出日), lay them out, and if nothing blocks the print,
 * write the PDF into result->pdf. Returns 0 when a PDF was made, 1 when
 * the report blocks it (result->report says why), -1 with *cause for
 * anything else. */
int render_visit(const struct form_set *, const struct derive_ctx *,
    const struct fontset *, const struct render_opts *,
    struct render_result *, char **cause);
void render_result_free(struct render_result *);

/* render-guide.c: the resident's 「お手続きのご案内」 alone, for the forms
 * made (form_ids; NULL: every form that applies). 0 and the PDF in *pdf
 * (caller frees), or -1 and *cause (a character of the guide no font has,
 * in Japanese for the clerk). */
struct guide;
int render_guide(const struct guide *, const struct form_set *,
    const struct derive_ctx *, const struct fontset *,
    const char *const *form_ids, char **pdf, size_t *len, char **cause);

/* regen.c: re-rendering stored visits in worker processes. */
struct regen_opts {
	const char *since, *until;	/* by 届出日 (else the day begun) */
	const char *form;		/* only this form id, or NULL */
	long visit_id;			/* only this visit, 0: all */
	int jobs;			/* worker processes, 0: one per CPU */
	const char *out_dir;		/* NULL: the store's pdf folder */
	int verify;			/* compare with the stored sha256 only */
	int progress;			/* draw a progress bar on stderr */
};
struct regen_summary {
	size_t visits;			/* visits looked at */
	size_t docs;			/* PDFs made (or verified) */
	size_t skipped;			/* no form applies */
	size_t failed;			/* could not be rendered */
	size_t differ;			/* --verify: sha256 differs */
	double ms;
	char *problems;			/* one line per failure / difference */
};
/* Regenerate (or verify) documents. Returns 0 when every selected visit
 * went through (and, with verify, every sha256 matched), 1 when some did
 * not (named in summary->problems), -1 with *cause when nothing could be
 * done. Deterministic: each visit is rendered with `today` fixed to its
 * 届出日, so the same data and form versions give the same bytes. */
int regen_run(struct store *, const struct dict *, const struct config *,
    const struct fontset *, const struct form_set *,
    const struct regen_opts *, struct regen_summary *, char **cause);
void regen_summary_free(struct regen_summary *);

#endif
