/*
 * cli.h - the command line: one table of flags, one function per command.
 *
 * Every flag kakanai accepts is a row of cli_options in cli.c (name,
 * argument, help); every command (--render, --check-forms, ...) is a row of
 * cli_commands naming the function that runs it, which lives in its own
 * file cmd-<name>.c. --help is printed from the same tables, so it cannot
 * drift from what the program accepts.
 *
 * Exit status: 0 done; 1 bad input or data (with a message); 2 usage.
 */
#ifndef KAKANAI_CLI_H
#define KAKANAI_CLI_H

#include "dict/dict.h"
#include "font/font.h"
#include "form/form.h"
#include "render/render.h"
#include "util/util.h"

#define EXIT_DONE 0
#define EXIT_BAD_INPUT 1
#define EXIT_USAGE 2

struct cli_args {
	const char *command;	/* "render", or NULL for the TUI */
	const char *command_arg; /* the command flag's own argument, if any */
	char **files;		/* operands after the flags */
	int nfiles;

	const char *config;	/* --config */
	const char *db;		/* --db */
	const char *forms_dir;	/* --forms-dir */
	const char *out;	/* --out */
	const char *forms;	/* --forms ID,ID */
	const char *form;	/* --form ID */
	const char *since;	/* --since YYYY-MM-DD */
	const char *until;	/* --until YYYY-MM-DD */
	const char *encoding;	/* --encoding utf-8|cp932 */
	const char *printer;	/* --printer NAME */
	int overlay;		/* --overlay */
	int allow_substitute;	/* --allow-substitute */
	int with_mynumber;	/* --with-mynumber */
	int verify;		/* --verify */
	int jobs;		/* --jobs N (0: default) */
	long visit_id;		/* --visit N (0: all) */
	int older_than;		/* --older-than DAYS (-1: from the config) */
	int quiet;		/* --quiet */
	const char *town;	/* --town ID */
	const char *from;	/* --from FILE (--setup-town) */
	int pin_b;		/* --pin-b */
};

/* What most commands need, loaded once by the loader the counter screen
 * shares (render_env): the configuration, dictionary, fonts and forms.
 * Errors are printed by cli_load_env itself. */
int cli_load_env(const struct cli_args *, struct render_env *,
    int need_fonts, int need_forms);
void cli_free_env(struct render_env *);
/* file_write_atomic for a file the caller named (--out): written with the
 * caller's own rights (see priv.c). */
int cli_write_out(const char *path, const void *data, size_t len,
    mode_t mode, char **cause);
/* Copy between the town's internal file and the caller's path, the
 * caller's side with the caller's rights (to_caller: internal -> path). */
int cli_copy_caller(const char *internal, const char *path, int to_caller,
    char **cause);
/* Print "kakanai: message" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cli.c */
int cli_main(int argc, char **argv);

/* One function per command, each in cmd-<name>.c. */
int cmd_render(const struct cli_args *);
int cmd_render_guide(const struct cli_args *);
int cmd_check_forms(const struct cli_args *);
int cmd_check_config(const struct cli_args *);
int cmd_list_forms(const struct cli_args *);
int cmd_check_visit(const struct cli_args *);
int cmd_bench_render(const struct cli_args *);
int cmd_bench_save(const struct cli_args *);
int cmd_tui(const struct cli_args *);	/* no command: the counter screen */
/* store commands (src/store) */
int cmd_import_postal(const struct cli_args *);
int cmd_lookup_postal(const struct cli_args *);
int cmd_import_visit(const struct cli_args *);
int cmd_export_csv(const struct cli_args *);
int cmd_regenerate(const struct cli_args *);
int cmd_report(const struct cli_args *);
int cmd_purge(const struct cli_args *);
/* a town server (cli-town.c) */
int cmd_setup_town(const struct cli_args *);
int cmd_audit(const struct cli_args *);
/* Choose the town and check the caller may run the command there, before
 * it runs; EXIT_DONE, or the exit status after a message. */
int cli_town_enter(const struct cli_args *);
/* the My Number card (src/card) */
int cmd_read_card(const struct cli_args *);
int cmd_rotate_key(const struct cli_args *);
int cmd_backup(const struct cli_args *);
int cmd_restore(const struct cli_args *);

#endif
