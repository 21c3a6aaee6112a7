/*
 * fontset.c - logical fonts as chains of font files (fonts/fontmap).
 *
 * The font map says, for each logical name a form may use, which font
 * files to try, in order:
 *
 *   # logical name = font files, first that has the exact glyph wins
 *   mincho = /usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf, ipamjm.ttf
 *
 * One definition per line; `#` starts a comment line; blank lines are
 * ignored; names are [A-Za-z0-9_-]+; files are separated by commas and
 * trimmed; a relative file is looked up in the map's own folder (where a
 * town puts its 外字 font). Each file is opened once however many chains
 * name it. Every mistake in the map is reported, as `file:line: message`.
 *
 * Resolution is exact: a character with a variation selector counts only
 * in a font whose cmap format 14 lists that very sequence; the base
 * character alone is not enough (that would print the wrong glyph on an
 * official form).
 */
#include <stdlib.h>
#include <string.h>

#include "font/font.h"

static int
valid_name(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	}
	return 1;
}

/* The folder part of path ("." if none), for relative font files. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Open a face (or find it already open); NULL with a message on error. */
static struct ttf *
face_get(struct fontset *fs, const char *file, char **cause)
{
	struct ttf *t;
	size_t i;

	for (i = 0; i < fs->nfaces; i++) {
		if (strcmp(ttf_path(fs->faces[i]), file) == 0)
			return fs->faces[i];
	}
	if (!file_exists(file)) {
		*cause = xasprintf("%s: font file not found", file);
		return NULL;
	}
	if ((t = ttf_open(file, cause)) == NULL)
		return NULL;
	fs->faces = xreallocarray(fs->faces, fs->nfaces + 1,
	    sizeof *fs->faces);
	fs->faces[fs->nfaces++] = t;
	return t;
}

static void
parse_line(struct fontset *fs, struct diag *dg, const char *dir, int lineno,
    char *line)
{
	struct font_chain ch;
	char *eq, *name, *rest, *item, *save = NULL;
	size_t i, nfiles = 0;

	line = str_trim(line);
	if (*line == '\0' || *line == '#')
		return;
	if ((eq = strchr(line, '=')) == NULL) {
		diag_add(dg, fs->path, lineno, "expected `name = font file, "
		    "...`");
		return;
	}
	*eq = '\0';
	name = str_trim(line);
	rest = str_trim(eq + 1);
	if (!valid_name(name)) {
		diag_add(dg, fs->path, lineno, "bad font name \"%s\" "
		    "(letters, digits, _ and - only)", name);
		return;
	}
	for (i = 0; i < fs->nchains; i++) {
		if (strcmp(fs->chains[i].name, name) == 0) {
			diag_add(dg, fs->path, lineno, "%s: defined twice",
			    name);
			return;
		}
	}
	memset(&ch, 0, sizeof ch);
	ch.name = xstrdup(name);
	for (item = strtok_r(rest, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		char *file = str_trim(item), *path, *cause = NULL;
		struct ttf *t;

		if (*file == '\0')
			continue;
		nfiles++;
		path = file[0] == '/' ? xstrdup(file) : file_join(dir, file);
		if ((t = face_get(fs, path, &cause)) == NULL) {
			diag_add(dg, fs->path, lineno, "%s", cause);
			free(cause);
		} else {
			ch.faces = xreallocarray(ch.faces, ch.nfaces + 1,
			    sizeof *ch.faces);
			ch.faces[ch.nfaces++] = t;
		}
		free(path);
	}
	if (ch.nfaces == 0) {
		if (nfiles == 0)
			diag_add(dg, fs->path, lineno, "%s: no font files",
			    name);
		free(ch.name);
		free(ch.faces);
		return;
	}
	fs->chains = xreallocarray(fs->chains, fs->nchains + 1,
	    sizeof *fs->chains);
	fs->chains[fs->nchains++] = ch;
}

struct fontset *
fontset_load(const char *path, char **cause)
{
	struct fontset *fs;
	struct diag dg = { NULL, 0 };
	char *text, *line, *next, *dir;
	size_t len, i;
	int lineno = 0;

	if ((text = file_read(path, &len, cause)) == NULL)
		return NULL;
	if (strlen(text) != len) {
		/* The chains after a NUL would be silently left out. */
		*cause = xasprintf("%s: NUL byte at offset %zu", path,
		    strlen(text));
		free(text);
		return NULL;
	}
	fs = xcalloc(1, sizeof *fs);
	fs->path = xstrdup(path);
	dir = dir_of(path);
	for (line = text; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		lineno++;
		if (!utf8_valid(line, strlen(line), NULL)) {
			diag_add(&dg, path, lineno, "not UTF-8");
			continue;
		}
		parse_line(fs, &dg, dir, lineno, line);
		if (next != NULL && *next == '\0')
			break;
	}
	free(dir);
	free(text);
	if (dg.n == 0 && fs->nchains == 0)
		diag_add(&dg, path, lineno, "no fonts defined");
	if (dg.n > 0) {
		*cause = diag_join(&dg);
		diag_free(&dg);
		fontset_free(fs);
		return NULL;
	}
	fs->names = xcalloc(fs->nchains + 1, sizeof *fs->names);
	for (i = 0; i < fs->nchains; i++)
		fs->names[i] = fs->chains[i].name;
	return fs;
}

struct fontset *
fontset_load_default(char **cause)
{
	struct fontset *fs;
	char *path = home_path("fonts/fontmap");

	fs = fontset_load(path, cause);
	free(path);
	return fs;
}

void
fontset_free(struct fontset *fs)
{
	size_t i;

	if (fs == NULL)
		return;
	for (i = 0; i < fs->nchains; i++) {
		free(fs->chains[i].name);
		free(fs->chains[i].faces);
	}
	free(fs->chains);
	for (i = 0; i < fs->nfaces; i++)
		ttf_close(fs->faces[i]);
	free(fs->faces);
	free(fs->names);
	free(fs->path);
	free(fs);
}

const struct font_chain *
fontset_chain(const struct fontset *fs, const char *name)
{
	size_t i;

	for (i = 0; i < fs->nchains; i++) {
		if (strcmp(fs->chains[i].name, name) == 0)
			return &fs->chains[i];
	}
	return NULL;
}

int
fontset_resolve(const struct font_chain *ch, const struct fontset *fs,
    uint32_t cp, uint32_t vs, int *face, uint16_t *gid)
{
	size_t i, j;

	for (i = 0; i < ch->nfaces; i++) {
		uint16_t g = vs != 0 ? ttf_glyph_vs(ch->faces[i], cp, vs) :
		    ttf_glyph(ch->faces[i], cp);
		if (g == 0)
			continue;
		for (j = 0; j < fs->nfaces; j++) {
			if (fs->faces[j] == ch->faces[i]) {
				*face = (int)j;
				*gid = g;
				return 0;
			}
		}
	}
	*face = -1;
	*gid = 0;
	return -1;
}

char *
fontset_describe(const struct font_chain *ch)
{
	struct strbuf sb;
	size_t i;

	sb_init(&sb);
	sb_addf(&sb, "%s (", ch->name);
	for (i = 0; i < ch->nfaces; i++)
		sb_addf(&sb, "%s%s", i > 0 ? ", " : "",
		    ttf_display_name(ch->faces[i]));
	sb_add(&sb, ")");
	return sb_detach(&sb);
}
