/*
 * test-fontset.c - font chains from fonts/fontmap: which font draws which
 * character, and the map's error messages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font/font.h"

#define BIZ_MINCHO "/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf"
#define BIZ_GOTHIC "/usr/share/fonts/truetype/bizud-gothic/BIZUDGothic-Regular.ttf"
#define IPAMJ "/usr/share/fonts/truetype/ipamj/ipamjm.ttf"

/* The map of the source tree (tests run from its top). */
static struct fontset *
load_tree_map(void)
{
	char *cause = NULL;
	struct fontset *fs = fontset_load("fonts/fontmap", &cause);

	if (fs == NULL)
		fail_msg("%s", cause);
	return fs;
}

/* 1. The shipped map: two chains sharing IPAmj, opened once. */
static void
test_load(void **state)
{
	struct fontset *fs = load_tree_map();
	const struct font_chain *m, *g;
	char *d;

	(void)state;
	assert_int_equal(fs->nchains, 2);
	assert_int_equal(fs->nfaces, 3);
	assert_string_equal(fs->names[0], "mincho");
	assert_string_equal(fs->names[1], "gothic");
	assert_null(fs->names[2]);
	m = fontset_chain(fs, "mincho");
	g = fontset_chain(fs, "gothic");
	assert_non_null(m);
	assert_non_null(g);
	assert_null(fontset_chain(fs, "kaisho"));
	assert_int_equal(m->nfaces, 2);
	assert_ptr_equal(m->faces[1], g->faces[1]);
	assert_string_equal(ttf_path(m->faces[0]), BIZ_MINCHO);
	d = fontset_describe(m);
	assert_string_equal(d, "mincho (BIZ UD明朝, IPAmj明朝)");
	free(d);
	d = fontset_describe(g);
	assert_string_equal(d, "gothic (BIZ UDゴシック, IPAmj明朝)");
	free(d);
	fontset_free(fs);
}

/* 2. The first face with the exact glyph wins (domain.md §6). */
static void
test_resolve(void **state)
{
	static const struct {
		const char *chain;
		uint32_t cp, vs;
		const char *font;	/* NULL: no face has it */
	} cases[] = {
		/* 1 */ { "mincho", 0x9AD9, 0, BIZ_MINCHO },	/* 髙 */
		/* 2 */ { "mincho", 0xFA11, 0, BIZ_MINCHO },	/* 﨑 */
		/* 3 */ { "mincho", 0x20BB7, 0, IPAMJ },	/* 𠮷 */
		/* 4 */ { "mincho", 0x20B9F, 0, BIZ_MINCHO },	/* 𠮟 */
		/* 5 */ { "mincho", 0x8FBB, 0xE0102, IPAMJ },	/* 辻 one dot */
		/* 6 */ { "mincho", 0x8FBB, 0xE0103, IPAMJ },	/* 辻 two dots */
		/* 7 */ { "mincho", 0x845B, 0xE0100, BIZ_MINCHO },
		/* 8 */ { "mincho", 0x845B, 0xE0102, IPAMJ },
		/* 9 */ { "mincho", 0x845B, 0xE0109, NULL },
		/* 10 */ { "mincho", 0x8FBB, 0xE0104, NULL },
		/* 11 */ { "mincho", 0x845B, 0, BIZ_MINCHO },
		/* 12 */ { "gothic", 0x845B, 0xE0100, BIZ_GOTHIC },
		/* 13 */ { "gothic", 0x20BB7, 0, IPAMJ },
		/* 14 */ { "gothic", 0x845B, 0xE0109, NULL },
		/* 15 */ { "mincho", 0x10FFFF, 0, NULL },
	};
	struct fontset *fs = load_tree_map();
	size_t i;

	(void)state;
	for (i = 0; i < nitems(cases); i++) {
		const struct font_chain *ch = fontset_chain(fs, cases[i].chain);
		int face = 99;
		uint16_t gid = 99;
		int rc = fontset_resolve(ch, fs, cases[i].cp, cases[i].vs,
		    &face, &gid);

		if (cases[i].font == NULL) {
			if (rc != -1 || face != -1 || gid != 0)
				fail_msg("case %zu: resolved to face %d",
				    i + 1, face);
			continue;
		}
		if (rc != 0)
			fail_msg("case %zu: not resolved", i + 1);
		assert_true(face >= 0 && (size_t)face < fs->nfaces);
		if (strcmp(ttf_path(fs->faces[face]), cases[i].font) != 0)
			fail_msg("case %zu: from %s", i + 1,
			    ttf_path(fs->faces[face]));
		assert_int_equal(gid, ttf_glyph_vs(fs->faces[face],
		    cases[i].cp, cases[i].vs));
	}
	fontset_free(fs);
}

struct tmpdir {
	char dir[64];
};

static void
tmp_make(struct tmpdir *td)
{
	const char *base = getenv("TMPDIR");

	snprintf(td->dir, sizeof td->dir, "%s/test-fontset-XXXXXX",
	    base ? base : "/tmp");
	assert_non_null(mkdtemp(td->dir));
}

static char *
tmp_write(struct tmpdir *td, const char *name, const char *text)
{
	char *path = file_join(td->dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* 3. Relative files are found beside the map (a town's 外字 font). */
static void
test_relative(void **state)
{
	struct tmpdir td;
	char *map, *link, *cause = NULL;
	struct fontset *fs;
	const struct font_chain *ch;

	(void)state;
	tmp_make(&td);
	link = file_join(td.dir, "gaiji.ttf");
	assert_int_equal(symlink(IPAMJ, link), 0);
	map = tmp_write(&td, "fontmap",
	    "# a town's own font first\n"
	    "\n"
	    "  mincho =  gaiji.ttf ,  " BIZ_MINCHO "  \r\n");
	fs = fontset_load(map, &cause);
	if (fs == NULL)
		fail_msg("%s", cause);
	ch = fontset_chain(fs, "mincho");
	assert_int_equal(ch->nfaces, 2);
	assert_string_equal(ttf_path(ch->faces[0]), link);
	assert_string_equal(ttf_display_name(ch->faces[0]), "IPAmj明朝");
	fontset_free(fs);
	unlink(link);
	unlink(map);
	rmdir(td.dir);
	free(link);
	free(map);
}

/* 4. Every mistake in a map is reported as file:line: message. */
static void
test_errors(void **state)
{
	static const struct {
		const char *text;
		const char *want[3];	/* each must appear */
	} cases[] = {
		/* 1 */ { "mincho = nofont.ttf\n",
		    { "fontmap:1: ", "nofont.ttf: font file not found" } },
		/* 2 */ { "# c\nmincho = notafont.ttf\n",
		    { "fontmap:2: ", "notafont.ttf: not a TrueType font" } },
		/* 3 */ { "mincho " BIZ_MINCHO "\n",
		    { "fontmap:1: expected `name = font file" } },
		/* 4 */ { "min cho = " BIZ_MINCHO "\n",
		    { "fontmap:1: bad font name \"min cho\"" } },
		/* 5 */ { "a = " BIZ_MINCHO "\na = " IPAMJ "\n",
		    { "fontmap:2: a: defined twice" } },
		/* 6 */ { "mincho =  , \n", { "fontmap:1: mincho: no font files" } },
		/* 7 */ { "# nothing\n\n", { "no fonts defined" } },
		/* 8 */ { "x\ny = nofont.ttf\nz = " BIZ_MINCHO "\n",
		    { "fontmap:1: expected", "fontmap:2: ", "not found" } },
		/* 9 */ { "mincho = \xff.ttf\n", { "fontmap:1: not UTF-8" } },
	};
	struct tmpdir td;
	char *notfont, *map, *cause;
	size_t i, j;

	(void)state;
	tmp_make(&td);
	notfont = tmp_write(&td, "notafont.ttf", "mincho = gothic\n");
	for (i = 0; i < nitems(cases); i++) {
		struct fontset *fs;

		map = tmp_write(&td, "fontmap", cases[i].text);
		cause = NULL;
		fs = fontset_load(map, &cause);
		if (fs != NULL)
			fail_msg("case %zu accepted", i + 1);
		for (j = 0; j < nitems(cases[i].want) &&
		    cases[i].want[j] != NULL; j++) {
			if (strstr(cause, cases[i].want[j]) == NULL)
				fail_msg("case %zu: \"%s\" not in \"%s\"",
				    i + 1, cases[i].want[j], cause);
		}
		assert_non_null(strstr(cause, map));
		free(cause);
		unlink(map);
		free(map);
	}
	assert_null(fontset_load("/nonexistent/fontmap", &cause));
	assert_non_null(strstr(cause, "/nonexistent/fontmap"));
	free(cause);
	unlink(notfont);
	free(notfont);
	rmdir(td.dir);
}

/* 5. The default map is found through home_dir(). */
static void
test_default(void **state)
{
	char *cwd = getcwd(NULL, 0), *cause = NULL;
	struct fontset *fs;

	(void)state;
	setenv("KAKANAI_HOME", cwd, 1);
	fs = fontset_load_default(&cause);
	if (fs == NULL)
		fail_msg("%s", cause);
	assert_non_null(fontset_chain(fs, "gothic"));
	fontset_free(fs);
	free(cwd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_default),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
