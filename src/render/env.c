/*
 * env.c - what the pipeline reads before it renders anything: the town's
 * configuration, the data dictionary, the font chains and the forms.
 *
 * The command line and the counter screen load them here, the same way:
 * the same files, the same forms folder (--forms-dir, else the home's
 * forms/), the same layout options (--overlay with the printer offsets of
 * the configuration). Showing a mistake is the caller's part: the command
 * line prints every file:line and stops, the screen leaves a form with
 * mistakes out and says so on its message line.
 */
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

int
render_env_open(struct render_env *env, const char *config_path,
    char **cause)
{
	memset(env, 0, sizeof *env);
	if ((env->config = config_load(config_path, cause)) == NULL)
		return -1;
	if ((env->dict = dict_load_default(cause)) == NULL)
		return -1;
	return 0;
}

int
render_env_load_fonts(struct render_env *env, char **cause)
{
	if (env->fonts == NULL)
		env->fonts = fontset_load_default(cause);
	return env->fonts != NULL ? 0 : -1;
}

char *
render_env_forms_dir(const char *dir)
{
	return dir != NULL ? xstrdup(dir) : home_path("forms");
}

int
render_env_load_forms(struct render_env *env, const char *dir,
    struct diag *dg, char **cause)
{
	char *path;

	if (env->forms != NULL)
		return 0;
	if (render_env_load_fonts(env, cause) != 0)
		return -1;
	path = render_env_forms_dir(dir);
	env->forms = form_set_load(path, env->dict, env->fonts->names, dg);
	free(path);
	return 0;
}

void
render_env_layout(const struct render_env *env, int overlay,
    int allow_substitute, struct layout_opts *lo)
{
	memset(lo, 0, sizeof *lo);
	lo->overlay = overlay;
	lo->allow_substitute = allow_substitute;
	if (overlay) {
		/* checked when the configuration was read: finite and
		 * within ±50 mm */
		lo->offset_x = config_number(env->config, "printer.offset_x",
		    0);
		lo->offset_y = config_number(env->config, "printer.offset_y",
		    0);
	}
}

void
render_env_free(struct render_env *env)
{
	form_set_free(env->forms);
	fontset_free(env->fonts);
	dict_free(env->dict);
	config_free(env->config);
	memset(env, 0, sizeof *env);
}
