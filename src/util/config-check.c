/*
 * config-check.c - what each configuration key may hold.
 *
 * One row per key (or key prefix, ending in '.'): its form and range.
 * config_load checks every line against this table, so a value that is
 * out of range, not a number, or a key nobody reads is a mistake reported
 * as `file:line: key: message` naming what is allowed; no command runs
 * on a configuration with a mistake. Numbers are read whole: "5mm",
 * "abc", "nan", "inf" and "1e308" are refused, never read as 5 or 0.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

enum config_kind {
	CK_TEXT,		/* any text without control characters */
	CK_QUEUE,		/* a CUPS queue name */
	CK_PATH,		/* an absolute file path */
	CK_INT,			/* a whole number in [min, max] */
	CK_MM,			/* a decimal number of mm in [min, max] */
	CK_FORM,		/* form.ID.addressee (text), form.ID.enabled */
	CK_YESNO		/* yes or no */
};

struct config_rule {
	const char *key;	/* ending in '.': every key with this prefix */
	enum config_kind kind;
	double min, max;
	const char *allowed;	/* said in the message */
};

static const struct config_rule config_rules[] = {
	{ "town.", CK_TEXT, 1, 200, "text of up to 200 bytes" },
	{ "printer", CK_QUEUE, 1, 127, "a CUPS queue name: up to 127 "
	  "printable characters, no blank, '/', '\\\\', quote or '#'" },
	{ "printer.offset_x", CK_MM, -50, 50, "a number of mm from -50 "
	  "to 50, like 1.5 or -2" },
	{ "printer.offset_y", CK_MM, -50, 50, "a number of mm from -50 "
	  "to 50, like 1.5 or -2" },
	{ "printer.timeout", CK_INT, 1, 3600, "a whole number of seconds "
	  "from 1 to 3600" },
	/* printer.map.ADDRESS or printer.map.TTY: one counter's queue */
	{ "printer.map.", CK_QUEUE, 1, 127, "a CUPS queue name: up to 127 "
	  "printable characters, no blank, '/', '\\\\', quote or '#'" },
	{ "db", CK_PATH, 1, 4096, "an absolute path, like "
	  "/srv/kakanai/kakanai.db" },
	{ "clerk", CK_TEXT, 1, 64, "a name of up to 64 bytes" },
	{ "retention_days", CK_INT, 1, 36500, "a whole number of days from "
	  "1 to 36500" },
	{ "form.", CK_FORM, 1, 200, "form.ID.addressee = text of up to 200 "
	  "bytes, or form.ID.enabled = yes or no (ID: a form's id, a-z 0-9 "
	  "_)" },
	/* The procedure guide: each counter's number and name, and whether
	 * the resident's sheet follows the forms. */
	{ "counter.", CK_TEXT, 1, 200, "the counter's number and name, "
	  "text of up to 200 bytes, like 1番 住民課" },
	{ "guide.print", CK_YESNO, 0, 0, "yes or no" },
};

static const struct config_rule *
config_rule(const char *key)
{
	const struct config_rule *r;
	size_t i, len;

	for (i = 0; i < nitems(config_rules); i++) {
		r = &config_rules[i];
		len = strlen(r->key);
		if (r->key[len - 1] == '.' ? strncmp(key, r->key, len) == 0 &&
		    key[len] != '\0' : strcmp(key, r->key) == 0)
			return r;
	}
	return NULL;
}

static int
has_control(const char *v)
{
	for (; *v != '\0'; v++)
		if ((unsigned char)*v < 0x20 || *v == 0x7f)
			return 1;
	return 0;
}

/* A plain decimal: [-+]digits[.digits] (no exponent, nan or inf). */
static int
is_decimal(const char *v, int whole)
{
	const char *p = v;
	int digits = 0;

	if (*p == '-' || *p == '+')
		p++;
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (!whole && *p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	return digits > 0 && *p == '\0';
}

/* form.ID.addressee and form.ID.enabled: the town's settings for one
 * form (the id is checked for its spelling; a form the folder does not
 * have is harmless, as a town may keep settings for a form it removed). */
static char *
check_form_key(const struct config_rule *r, const char *key,
    const char *value)
{
	const char *id = key + 5, *dot = strrchr(id, '.'), *p;

	if (dot == NULL || dot == id)
		return xasprintf("must be %s", r->allowed);
	for (p = id; p < dot; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p)
		    || *p == '_'))
			return xasprintf("must be %s", r->allowed);
	if (strcmp(dot, ".addressee") == 0) {
		if (strlen(value) > (size_t)r->max || has_control(value))
			return xasprintf("must be %s", r->allowed);
		return NULL;
	}
	if (strcmp(dot, ".enabled") == 0) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return xasprintf("must be yes or no");
		return NULL;
	}
	return xasprintf("must be %s", r->allowed);
}

char *
config_check_value(const char *key, const char *value)
{
	const struct config_rule *r = config_rule(key);
	size_t len = strlen(value);
	double d;

	if (r == NULL)
		return xasprintf("not a configuration key (keys: town.*, "
		    "printer, printer.offset_x, printer.offset_y, "
		    "printer.timeout, printer.map.*, db, clerk, "
		    "retention_days, form.ID.addressee, form.ID.enabled, "
		    "counter.*, guide.print)");
	switch (r->kind) {
	case CK_TEXT:
		if (len < (size_t)r->min || len > (size_t)r->max ||
		    has_control(value))
			return xasprintf("must be %s", r->allowed);
		return NULL;
	case CK_QUEUE:
		if (len < 1 || len > 127 || has_control(value) ||
		    strpbrk(value, " \t/\\'\"#") != NULL)
			return xasprintf("must be %s", r->allowed);
		return NULL;
	case CK_PATH:
		if (*value != '/' || len > (size_t)r->max ||
		    has_control(value))
			return xasprintf("must be %s", r->allowed);
		return NULL;
	case CK_FORM:
		return check_form_key(r, key, value);
	case CK_YESNO:
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0)
			return xasprintf("must be %s", r->allowed);
		return NULL;
	case CK_INT:
	case CK_MM:
		if (!is_decimal(value, r->kind == CK_INT) || len > 20)
			return xasprintf("not a number: must be %s",
			    r->allowed);
		errno = 0;
		d = strtod(value, NULL);
		if (errno != 0 || !isfinite(d) || d < r->min || d > r->max)
			return xasprintf("out of range: must be %s",
			    r->allowed);
		return NULL;
	}
	return NULL;
}

double
config_number(const struct config *cf, const char *key, double def)
{
	const char *v = config_get(cf, key);

	/* config_load has checked it against its rule */
	return v != NULL && *v != '\0' ? strtod(v, NULL) : def;
}
