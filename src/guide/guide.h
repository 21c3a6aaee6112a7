/*
 * guide.h - the procedure guide: questions the clerk asks, procedures
 * kakanai does not print, and the resident's 「お手続きのご案内」 sheet.
 *
 * A life event brings more procedures than the forms kakanai fills in:
 * マイナンバーカードの住所変更, 国民年金, 子ども医療費, 原付, 犬の登録... A
 * town lists them, with the questions that find them, in text files
 * beside its forms: the *.guide files of <forms>/guide. Each file holds
 * blocks
 *
 *	question ITEM                    a yes/no (or choice) item to ask
 *	  ask   "原付バイクをお持ちですか"   the words the clerk reads out
 *	  when  event in (転入, 転出)      when it is asked (optional)
 *	end
 *
 *	procedure ID                     one procedure of the checklist
 *	  title    "..."                 what it is
 *	  counter  NAME                  counter.NAME of the configuration:
 *	                                 "1番 住民課"
 *	  bring    "..."                 what to bring (one line per thing)
 *	  deadline "..."                 by when ("転入の日から14日以内")
 *	  note     "..."                 anything else (optional)
 *	  applies  CONDITION             when it is on the sheet
 *	end
 *
 *	sheet                            the sheet's own words
 *	  title  "お手続きのご案内"
 *	  made   "本日お作りした届出書"
 *	  todo   "このあとのお手続き"
 *	  footer "..."                   (optional, one line each)
 *	end
 *
 * Conditions are the forms' condition language (form-cond.c), so a
 * question's item is also what a form's `applies` tests. The parser
 * reports every mistake as file:line: message, like the form parser.
 */
#ifndef KAKANAI_GUIDE_H
#define KAKANAI_GUIDE_H

#include "dict/dict.h"
#include "form/form.h"
#include "util/util.h"
#include "visit/visit.h"

struct guide_question {
	char *item;			/* dictionary key: "ask.moped" */
	char *ask;			/* the words read out */
	struct form_cond *when;		/* NULL: always */
	char *path;
	int line;
};

struct guide_procedure {
	char *id;
	char *title;
	char *counter;			/* counter name in the configuration */
	char **bring;
	size_t nbring;
	char *deadline;
	char *note;
	struct form_cond *applies;
	char *path;
	int line;
};

struct guide {
	struct guide_question *questions;
	size_t nquestions;
	struct guide_procedure *procedures;
	size_t nprocedures;
	/* the sheet's words */
	char *title;
	char *made;
	char *todo;
	char **footer;
	size_t nfooter;
};

/* guide-parse.c */
/* Parse one file's text into g (blocks are added). Mistakes go into dg
 * as path:line: message; returns the number of mistakes. */
int guide_parse(struct guide *g, const char *path, const char *text,
    const struct dict *, struct diag *dg);
/* Every *.guide of <forms_dir>/guide, in name order. A missing folder is
 * an empty guide. config (may be NULL) is checked for the counters named.
 * NULL only when there were mistakes (all in dg). */
struct guide *guide_load(const char *forms_dir, const struct dict *,
    const struct config *, struct diag *dg);
void guide_free(struct guide *);

/* guide-eval.c */
/* One question for the visit: a declared one, or an item a form's
 * `applies` tests that nothing else asks. */
struct guide_ask {
	const struct dict_item *item;
	char *key;			/* visit key */
	char *words;			/* what the clerk reads out */
};
/* The questions that matter for the visit, in order: declared questions
 * whose `when` holds, then yes/no items a form in force (forms, may be
 * NULL) would be proposed or dropped by. Returns the count; *out is the
 * caller's (guide_asks_free). */
size_t guide_questions(const struct guide *, const struct form_set *,
    struct date on, const struct derive_ctx *, struct guide_ask **out);
void guide_asks_free(struct guide_ask *, size_t);
/* Procedures of the checklist that apply, in file order; *out holds
 * pointers into g (caller frees the array). */
size_t guide_procedures(const struct guide *, const struct derive_ctx *,
    const struct guide_procedure ***out);
/* "1番 住民課" for a procedure's counter (caller frees). */
char *guide_counter(const struct guide_procedure *, const struct config *);

/* guide-sheet.c */
/* The sheet 「お手続きのご案内」 as a form (one A4 page of static text):
 * the titles of the forms made today, then every procedure that applies
 * as a checklist. Free with guide_sheet_free. */
struct form *guide_sheet(const struct guide *, const struct derive_ctx *,
    const char *const *made_titles, size_t nmade);
void guide_sheet_free(struct form *);

#endif
