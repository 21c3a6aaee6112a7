/*
 * fuzz-entry.c - one entry function per fuzz target, shared by the
 * libFuzzer binaries (tests/fuzz/fuzz-<target>.c) and the replay test
 * (tests/unit/test-fuzz-replay.c), which #include this file so the corpus
 * and every regression input also run in `make test`, `make check-asan`
 * and `make check-valgrind`.
 *
 * Each fuzz_<target>(data, size) feeds arbitrary bytes to one parser the
 * way kakanai would (a copy with a NUL after it where the parser takes a
 * string; an exact-size copy where it takes a length, so a read past the
 * end is caught by ASan) and, when the parser accepts the input, uses the
 * result a little (evaluates a form's conditions, formats a visit, asks a
 * font for glyphs and builds a subset) so that what a parser lets through
 * is exercised too. Every entry returns 0; a crash, a sanitizer report or
 * a leak is the finding.
 *
 * The dictionary, configuration and a sample visit are read once from the
 * source tree (the current directory, or $KAKANAI_HOME), as the program
 * reads them; fuzz_teardown() frees them so valgrind sees no leak.
 */
#include <ncurses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "card/card.h"
#include "dict/dict.h"
#include "font/font.h"
#include "form/form.h"
#include "layout/layout.h"
#include "store/store.h"
#include "ui/ui.h"
#include "util/util.h"
#include "visit/visit.h"

static struct dict *fuzz_dict_;
static struct config *fuzz_config_;
static struct visit *fuzz_visit_;
static struct fontset *fuzz_fonts_;
/* How many inputs the parsers accepted: the replay test checks that the
 * valid seeds get through, so an entry that never reaches its parser's
 * success path does not pass unnoticed. */
size_t fuzz_accepted;

static const char *
fuzz_root(void)
{
	const char *h = getenv("KAKANAI_HOME");

	return h != NULL && *h != '\0' ? h : ".";
}

/* The dictionary, configuration and sample visit, loaded on first use.
 * A tree without them is a broken set-up, not a finding: abort loudly. */
static void
fuzz_setup(void)
{
	char *path, *cause = NULL;

	if (fuzz_dict_ != NULL)
		return;
	path = xasprintf("%s/data/dictionary.txt", fuzz_root());
	if ((fuzz_dict_ = dict_load(path, &cause)) == NULL)
		fatal("fuzz: %s", cause);
	free(path);
	path = xasprintf("%s/data/kakanai.conf", fuzz_root());
	if ((fuzz_config_ = config_load(path, &cause)) == NULL)
		fatal("fuzz: %s", cause);
	free(path);
	path = xasprintf("%s/data/samples/hiji-family.visit", fuzz_root());
	if ((fuzz_visit_ = visit_load(path, fuzz_dict_, &cause)) == NULL)
		fatal("fuzz: %s", cause);
	free(path);
	path = xasprintf("%s/fonts/fontmap", fuzz_root());
	if ((fuzz_fonts_ = fontset_load(path, &cause)) == NULL)
		fatal("fuzz: %s", cause);
	free(path);
}

static SCREEN *fuzz_screen_;
static FILE *fuzz_out_, *fuzz_in_;

void
fuzz_teardown(void)
{
	if (fuzz_screen_ != NULL) {
		endwin();
		delscreen(fuzz_screen_);
		fuzz_screen_ = NULL;
		fclose(fuzz_out_);
		fclose(fuzz_in_);
	}
	fontset_free(fuzz_fonts_);
	visit_free(fuzz_visit_);
	config_free(fuzz_config_);
	dict_free(fuzz_dict_);
	fuzz_fonts_ = NULL;
	fuzz_visit_ = NULL;
	fuzz_config_ = NULL;
	fuzz_dict_ = NULL;
}

/* The input as a NUL-terminated string (an embedded NUL ends it early,
 * as it would when kakanai reads a file with file_read). */
static char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static struct derive_ctx
fuzz_ctx(const struct visit *v)
{
	struct derive_ctx ctx;

	ctx.visit = v;
	ctx.dict = fuzz_dict_;
	ctx.config = fuzz_config_;
	ctx.today.y = 2026;
	ctx.today.m = 11;
	ctx.today.d = 21;
	return ctx;
}

/* The file name a definition must have: its `form` id + ".form", as the
 * parser refuses a form whose id does not match its file. */
static char *
fuzz_form_path(const char *text)
{
	const char *p = text, *id;
	size_t n;

	while (*p != '\0') {
		if (strncmp(p, "form", 4) == 0 && (p[4] == ' ' || p[4] == '\t')) {
			id = p + 4;
			while (*id == ' ' || *id == '\t')
				id++;
			n = strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_");
			if (n > 0 && n < 64)
				return xasprintf("%.*s.form", (int)n, id);
			break;
		}
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	return xstrdup("fuzz.form");
}

/* A form definition: parse it; if accepted, see whether it applies to the
 * sample household (conditions, count(), {count} in the reason). */
int
fuzz_form(const uint8_t *data, size_t size)
{
	static const char *const fonts[] = { "mincho", "gothic", NULL };
	struct diag dg = { 0 };
	struct derive_ctx ctx;
	struct form *f;
	struct dl_doc doc;
	struct layout_report report;
	struct layout_opts lo;
	char *text, *path, *reason = NULL, *joined, *cause = NULL;

	fuzz_setup();
	text = fuzz_string(data, size);
	path = fuzz_form_path(text);
	f = form_parse(path, text, fuzz_dict_, fonts, &dg);
	joined = diag_join(&dg);
	if (f != NULL) {
		fuzz_accepted++;
		ctx = fuzz_ctx(fuzz_visit_);
		if (form_applies(f, &ctx, &reason))
			free(reason);
		/* lay it out for the sample household, as a render would */
		memset(&doc, 0, sizeof doc);
		memset(&report, 0, sizeof report);
		memset(&lo, 0, sizeof lo);
		lo.overlay = size & 1;
		lo.allow_substitute = (size & 2) != 0;
		if (layout_form(&doc, f, &ctx, fuzz_fonts_, &lo, &report,
		    &cause) != 0)
			free(cause);
		(void)layout_report_blocks(&report);
		layout_report_free(&report);
		dl_doc_free(&doc);
		form_free(f);
	}
	free(joined);
	diag_free(&dg);
	free(path);
	free(text);
	return 0;
}

/* A visit file: parse it; if accepted, format it, check required items and
 * derive the values forms ask for. */
int
fuzz_visit(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "new.address", "old.address",
	    "new.head", "person.1.age", "person.1.grade", "person.2.age",
	    "person.20.grade", "town.name", "filed_date" };
	struct diag dg = { 0 };
	struct derive_ctx ctx;
	struct visit *v;
	char *text, *s;
	size_t i;

	fuzz_setup();
	text = fuzz_string(data, size);
	v = visit_parse("fuzz.visit", text, fuzz_dict_, &dg);
	free(diag_join(&dg));
	diag_free(&dg);
	if (v != NULL) {
		fuzz_accepted++;
		free(visit_format(v, fuzz_dict_, 0));
		free(visit_format(v, fuzz_dict_, 1));
		visit_check_required(v, fuzz_dict_, &dg);
		diag_free(&dg);
		ctx = fuzz_ctx(v);
		(void)derive_reference_date(&ctx);
		for (i = 0; i < nitems(keys); i++) {
			s = derive_value(&ctx, keys[i]);
			free(s);
		}
		visit_free(v);
	}
	free(text);
	return 0;
}

/* A postal file, CP932 or UTF-8, as --import-postal reads it: exactly
 * size bytes, no NUL after them. */
int
fuzz_postal(const uint8_t *data, size_t size)
{
	struct postal_addr *rows = NULL;
	size_t n = 0;
	char *copy, *cause = NULL;

	copy = xmalloc(size > 0 ? size : 1);
	if (size > 0)
		memcpy(copy, data, size);
	if (postal_parse("fuzz.csv", copy, size, &rows, &n, &cause) == 0) {
		fuzz_accepted++;
		postal_addr_free(rows, n);
	} else
		free(cause);
	free(copy);
	return 0;
}

/* A TrueType file: open it from memory (exactly size bytes); if accepted,
 * ask what a render asks (names, metrics, glyphs for plain characters and
 * variation sequences, outlines) and build a subset of what was found. */
int
fuzz_ttf(const uint8_t *data, size_t size)
{
	static const uint32_t cps[] = { 0x20, 0x41, 0x3042, 0x5C71, 0x845B,
	    0x8FBB, 0x9AD9, 0xFA11, 0xFF10, 0x20BB7, 0x2000B, 0xE000, 0xFFFF,
	    0x10FFFF };
	static const uint32_t vss[] = { 0xFE00, 0xE0100, 0xE0102, 0xE0109 };
	struct ttf_subset_map map[nitems(cps) * (nitems(vss) + 1) + 2];
	struct ttf *t;
	const uint8_t *g;
	size_t glen, n = 0, i, j, tlen;
	uint16_t gid, ng;
	char *copy, *cause = NULL, *out = NULL;
	size_t outlen;
	int x;

	copy = xmalloc(size > 0 ? size : 1);
	if (size > 0)
		memcpy(copy, data, size);
	if ((t = ttf_open_mem(copy, size, "fuzz.ttf", &cause)) == NULL) {
		free(cause);
		free(copy);
		return 0;
	}
	fuzz_accepted++;
	(void)ttf_path(t);
	(void)ttf_display_name(t);
	(void)ttf_postscript_name(t);
	x = ttf_units_per_em(t) + ttf_ascent(t) + ttf_descent(t);
	ng = ttf_num_glyphs(t);
	(void)ttf_table(t, "glyf", &tlen);
	(void)ttf_table(t, "zzzz", &tlen);
	for (i = 0; i < nitems(cps); i++) {
		if ((gid = ttf_glyph(t, cps[i])) != 0) {
			map[n].gid = gid;
			map[n].code = (uint16_t)(0x4E00 + n);
			n++;
		}
		for (j = 0; j < nitems(vss); j++) {
			if ((gid = ttf_glyph_vs(t, cps[i], vss[j])) != 0) {
				map[n].gid = gid;
				map[n].code = (uint16_t)(0x4E00 + n);
				n++;
			}
		}
	}
	/* the first and last glyphs, whatever the cmap says */
	if (ng > 0) {
		map[n++] = (struct ttf_subset_map){ 0, 0xE000 };
		map[n++] = (struct ttf_subset_map){ (uint16_t)(ng - 1),
		    0xE001 };
	}
	for (i = 0; i < n; i++) {
		x += ttf_advance(t, map[i].gid) + ttf_lsb(t, map[i].gid);
		if (ttf_glyph_data(t, map[i].gid, &g, &glen) == 0 && glen > 0)
			x += g[0] + g[glen - 1];
	}
	/* out-of-range glyph ids must be refused, not read */
	x += ttf_advance(t, 0xFFFF) + ttf_lsb(t, 0xFFFF);
	(void)ttf_glyph_data(t, 0xFFFF, &g, &glen);
	if (ttf_subset_flags(t, map, n, (x & 1) ? TTF_SUBSET_NO_HINTS : 0,
	    &out, &outlen, &cause) == 0) {
		/* The subset must itself be a font we can read (once it
		 * was not, when every kept glyph was empty:
		 * regress/ttf/subset-all-empty-glyphs-no-glyf.ttf). */
		struct ttf *s = ttf_open_mem(out, outlen, "subset", &cause);
		if (s != NULL) {
			for (i = 0; i < n; i++)
				(void)ttf_glyph(s, map[i].code);
			ttf_close(s);
		} else
			fatal("fuzz: a subset of an accepted font is refused: "
			    "%s", cause);
		free(out);
	} else
		free(cause);
	ttf_close(t);
	free(copy);
	return 0;
}

/* Values as a clerk types them: the first byte picks an item (one of each
 * type, or any item of the dictionary), the rest is the input, through
 * dict_normalize and, if accepted, dict_display; also through the kana,
 * date and check-digit functions directly. */
int
fuzz_kana_date(const uint8_t *data, size_t size)
{
	static const enum dict_type types[] = { DICT_TEXT, DICT_KANA,
	    DICT_DATE, DICT_POSTAL, DICT_PHONE, DICT_MYNUMBER,
	    DICT_CORPNUMBER, DICT_DIGITS, DICT_CHOICE, DICT_YESNO,
	    DICT_NUMBER };
	const struct dict_item *it = NULL;
	struct date d;
	char *text, *out = NULL, *cause = NULL;
	size_t i;
	uint8_t sel;

	fuzz_setup();
	if (size == 0)
		return 0;
	sel = data[0];
	if (sel < 128) {
		enum dict_type want = types[sel % nitems(types)];
		for (i = 0; i < fuzz_dict_->nitems; i++) {
			if (fuzz_dict_->items[i].type == want) {
				it = &fuzz_dict_->items[i];
				break;
			}
		}
	}
	if (it == NULL)
		it = &fuzz_dict_->items[sel % fuzz_dict_->nitems];
	text = fuzz_string(data + 1, size - 1);

	if (dict_normalize(it, text, &out, &cause) == 0) {
		fuzz_accepted++;
		free(dict_display(it, out));
		free(out);
	} else
		free(cause);
	cause = NULL;
	if (date_parse_input(text, &d, &cause) == 0) {
		free(wareki_format(d, WAREKI_GANNEN));
		free(wareki_format(d, WAREKI_FULLWIDTH));
	} else
		free(cause);
	cause = NULL;
	if (kana_to_katakana(text, &out, &cause) == 0)
		free(out);
	else
		free(cause);
	free(kana_to_fullwidth(text));
	free(kana_to_halfwidth_digits(text));
	(void)checkdigit_mynumber(text);
	(void)checkdigit_corpnumber(text);
	free(text);
	return 0;
}

/* The line editor (src/ui/ui-edit.c) as the counter screen drives it: the
 * first byte picks the field's mode and length limit, then each byte is an
 * operation - a character as get_wch would deliver it (any value, also
 * out of range), a paste of raw bytes (invalid UTF-8 included), a cursor
 * or deletion key, a key press through ui_edit_key, a redraw at some width
 * on a curses screen writing to /dev/null. After each: the cursor is
 * inside the text and the text is valid UTF-8. */

static void
fuzz_curses(void)
{
	if (fuzz_screen_ != NULL)
		return;
	fuzz_out_ = fopen("/dev/null", "w");
	fuzz_in_ = fopen("/dev/null", "r");
	if (fuzz_out_ == NULL || fuzz_in_ == NULL)
		fatal("fuzz: /dev/null");
	if ((fuzz_screen_ = newterm("vt100", fuzz_out_, fuzz_in_)) == NULL)
		fatal("fuzz: newterm vt100");
	set_term(fuzz_screen_);
	resizeterm(24, 80);
}

static uint32_t
fuzz_u24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

int
fuzz_edit(const uint8_t *data, size_t size)
{
	static const int codes[] = { KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END,
	    KEY_BACKSPACE, KEY_DC, KEY_UP, KEY_F(5), 0 };
	struct ui_edit e;
	struct ui_key k;
	size_t i = 0, n, bad;
	char *text, *paste;
	uint8_t op;

	fuzz_curses();
	if (size < 1)
		return 0;
	ui_edit_init(&e, "", (enum ui_edit_mode)(data[0] % 5));
	e.maxlen = (data[0] >> 3) % 9;
	i = 1;
	while (i < size) {
		op = data[i++];
		switch (op % 16) {
		case 0:
		case 1:
		case 2:
			if (i + 3 > size)
				break;
			(void)ui_edit_insert(&e, fuzz_u24(data + i) %
			    (op < 128 ? 0x110000 : 0x1000000));
			i += 3;
			break;
		case 3:
			n = (op >> 4) % 12;
			if (n > size - i)
				n = size - i;
			paste = fuzz_string(data + i, n);
			ui_edit_insert_str(&e, paste);
			free(paste);
			i += n;
			break;
		case 4: ui_edit_left(&e); break;
		case 5: ui_edit_right(&e); break;
		case 6: ui_edit_home(&e); break;
		case 7: ui_edit_end(&e); break;
		case 8: ui_edit_backspace(&e); break;
		case 9: ui_edit_delete(&e); break;
		case 10: ui_edit_kill(&e); break;
		case 11:
			if (op & 0x80)
				ui_edit_clear(&e);
			else {
				text = ui_edit_text(&e);
				ui_edit_set(&e, text);
				free(text);
			}
			break;
		case 12:
		case 13:
			memset(&k, 0, sizeof k);
			k.code = codes[(op >> 4) % nitems(codes)];
			if (k.code == 0 && i < size)
				k.ch = (wchar_t)data[i++] | (op & 0x80 ?
				    0x3000 : 0);
			if (op & 0x40)
				k.act = ACT_NEXT;
			(void)ui_edit_key(&e, &k);
			break;
		case 14:
			(void)ui_edit_draw(&e, 2, 1 + (op >> 4),
			    (int)(op >> 2) % 70);
			break;
		case 15:
			(void)ui_edit_cursor_col(&e);
			(void)ui_edit_empty(&e);
			break;
		}
		if (e.cur > e.n)
			fatal("fuzz: edit cursor %zu past the text (%zu)",
			    e.cur, e.n);
		text = ui_edit_text(&e);
		if (!utf8_valid(text, strlen(text), &bad))
			fatal("fuzz: edit text is not UTF-8 at byte %zu", bad);
		free(text);
	}
	(void)ui_edit_draw(&e, 3, 0, 79);
	if (!ui_edit_empty(&e))
		fuzz_accepted++;
	ui_edit_free(&e);
	return 0;
}

/* The My Number card's files (src/card): the bytes as EF 0001, as EF 0002
 * and as EF 0003 (with themselves as the files its digests cover), and
 * every element walked with tlv_read, into constructed values too, as a
 * card could send anything. Exact-size copy: a read past the end is an
 * ASan report. */
static int
fuzz_card_walk(const uint8_t *buf, size_t size, int depth)
{
	struct tlv t;
	size_t off = 0;
	char *cause = NULL;

	while (off < size) {
		if (tlv_read(buf, size, &off, &t, &cause) != 0) {
			free(cause);
			return -1;
		}
		if (t.value + t.len > buf + size || off > size)
			fatal("fuzz: tlv value outside the buffer");
		if (depth < 4)
			(void)fuzz_card_walk(t.value, t.len, depth + 1);
	}
	return 0;
}

int
fuzz_card(const uint8_t *data, size_t size)
{
	struct card_person p;
	uint8_t *copy;
	char num[13], *cause = NULL;
	int ok = 0;

	copy = xmalloc(size > 0 ? size : 1);
	if (size > 0)
		memcpy(copy, data, size);
	if (fuzz_card_walk(copy, size, 0) == 0 && size > 0)
		ok = 1;
	if (card_parse_mynumber(copy, size, num, &cause) == 0)
		ok = 1;
	else
		free(cause);
	cause = NULL;
	memset(&p, 0, sizeof p);
	if (card_parse_basic(copy, size, &p, &cause) == 0) {
		ok = 1;
		if (p.name == NULL || p.address == NULL ||
		    !utf8_valid(p.name, strlen(p.name), NULL))
			fatal("fuzz: card_parse_basic accepted without a name");
		card_person_clear(&p);
	} else
		free(cause);
	cause = NULL;
	if (card_check_digests(copy, size, copy, size, copy, size,
	    &cause) != 0)
		free(cause);
	if (ok)
		fuzz_accepted++;
	free(copy);
	return 0;
}

/* The targets by name, for the replay test. */
struct fuzz_target {
	const char *name;
	int (*fn)(const uint8_t *, size_t);
};
const struct fuzz_target fuzz_targets[] = {
	{ "form", fuzz_form },
	{ "visit", fuzz_visit },
	{ "postal", fuzz_postal },
	{ "ttf", fuzz_ttf },
	{ "kana-date", fuzz_kana_date },
	{ "edit", fuzz_edit },
	{ "card", fuzz_card },
};
const size_t fuzz_ntargets = nitems(fuzz_targets);
