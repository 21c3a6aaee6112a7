/*
 * form-set.c - every form of a folder, with its versions.
 *
 * forms/<id>.form is the current definition; older ones are kept as
 * forms/<id>@<version>.form so a past visit can be printed again exactly
 * as it was (the version in force on its 届出日). The set is an array
 * sorted by id, then version; it is small (tens of forms), so finding is
 * a linear scan.
 *
 * A broken form is left out of the set and its mistakes are put in the
 * caller's diag; the other forms are still loaded, so one typo does not
 * stop the counter. Two files giving the same id and version is a mistake
 * of the second file (in name order), which is left out.
 */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "form/form.h"

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
form_cmp(const void *a, const void *b)
{
	const struct form *x = *(struct form *const *)a;
	const struct form *y = *(struct form *const *)b;
	int c;

	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x->version < y->version ? -1 : x->version > y->version;
}

static int
is_form_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".form") == 0;
}

struct form_set *
form_set_load(const char *dir, const struct dict *dict,
    const char *const *known_fonts, struct diag *dg)
{
	struct form_set *fs;
	struct dirent *de;
	struct form *f;
	char **names = NULL, *path;
	size_t nnames = 0, i, j;
	DIR *d;

	fs = xcalloc(1, sizeof *fs);
	fs->dir = xstrdup(dir);
	if ((d = opendir(dir)) == NULL) {
		diag_add(dg, dir, 0, "cannot open the forms folder");
		return fs;
	}
	while ((de = readdir(d)) != NULL) {
		if (!is_form_name(de->d_name))
			continue;
		names = xreallocarray(names, nnames + 1, sizeof *names);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (nnames > 0)		/* qsort's array may not be NULL */
		qsort(names, nnames, sizeof *names, name_cmp);

	for (i = 0; i < nnames; i++) {
		path = file_join(dir, names[i]);
		f = form_load(path, dict, known_fonts, dg);
		free(path);
		if (f == NULL)
			continue;
		for (j = 0; j < fs->n; j++) {
			if (strcmp(fs->forms[j]->id, f->id) == 0 &&
			    fs->forms[j]->version == f->version)
				break;
		}
		if (j < fs->n) {
			diag_add(dg, f->path, 0, "form %s version %d is also "
			    "defined in %s", f->id, f->version,
			    fs->forms[j]->path);
			form_free(f);
			continue;
		}
		fs->forms = xreallocarray(fs->forms, fs->n + 1,
		    sizeof *fs->forms);
		fs->forms[fs->n++] = f;
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (fs->n > 0)
		qsort(fs->forms, fs->n, sizeof *fs->forms, form_cmp);
	return fs;
}

void
form_set_free(struct form_set *fs)
{
	size_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->n; i++)
		form_free(fs->forms[i]);
	free(fs->forms);
	free(fs->dir);
	free(fs);
}

const struct form *
form_set_find(const struct form_set *fs, const char *id, struct date on)
{
	const struct form *best = NULL, *f;
	size_t i;
	int c;

	for (i = 0; i < fs->n; i++) {
		f = fs->forms[i];
		if (strcmp(f->id, id) != 0 || date_cmp(f->effective, on) > 0)
			continue;
		/* The latest effective date wins; on a tie, the higher
		 * version. */
		if (best == NULL ||
		    (c = date_cmp(f->effective, best->effective)) > 0 ||
		    (c == 0 && f->version > best->version))
			best = f;
	}
	return best;
}

/* Print order: forms with an `order` first, lowest first; then by id. */
static int
order_cmp(const void *a, const void *b)
{
	const struct form *x = *(const struct form *const *)a;
	const struct form *y = *(const struct form *const *)b;
	int ox = x->order > 0 ? x->order : INT_MAX;
	int oy = y->order > 0 ? y->order : INT_MAX;

	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(x->id, y->id);
}

size_t
form_set_ids(const struct form_set *fs, const struct form ***out)
{
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < fs->n; i++) {
		/* Sorted by id then version: the last of a run is the
		 * latest version. */
		if (i + 1 < fs->n && strcmp(fs->forms[i]->id,
		    fs->forms[i + 1]->id) == 0)
			continue;
		*out = xreallocarray(*out, n + 1, sizeof **out);
		(*out)[n++] = fs->forms[i];
	}
	if (n > 1)
		qsort(*out, n, sizeof **out, order_cmp);
	return n;
}
