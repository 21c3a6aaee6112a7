/*
 * cmd-backup.c - kakanai --backup FILE, --backup --verify FILE,
 *                kakanai --restore FILE
 *
 * --backup copies the database while clerks keep working (SQLite's online
 * backup API) into FILE, 0600, written under a temporary name and renamed.
 * With --verify it only checks FILE: integrity_check and the counts.
 * --restore checks FILE, then puts its contents in place of the
 * database's; it is refused while any clerk has the counter screen open.
 * Stored PDFs are not in the backup: they carry My Numbers in plain
 * view, and --regenerate makes the same bytes again (README, Backups).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static int
open_store(const struct cli_args *args, struct render_env *env,
    struct store **s)
{
	char *cause = NULL;

	if (cli_load_env(args, env, 0, 0) != 0)
		return -1;
	if ((*s = store_open_config(args->db, env->config, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(env);
		return -1;
	}
	return 0;
}

int
cmd_backup(const struct cli_args *args)
{
	const char *file = args->command_arg;
	struct render_env env;
	struct store *s;
	char *cause = NULL, *report = NULL, *internal = NULL;
	int rc, verify = args->verify;

	/* `--backup --verify FILE`: getopt took --verify as the FILE */
	if (strcmp(file, "--verify") == 0 && args->nfiles == 1) {
		file = args->files[0];
		verify = 1;
	} else if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	if (verify) {
		if (town_current() != NULL) {
			/* the caller's file, read with the caller's rights
			 * into the town's folder, and checked there */
			internal = xasprintf("%s/verify.tmp-%ld",
			    town_current()->dir, (long)getpid());
			if (cli_copy_caller(internal, file, 0, &cause) != 0) {
				cli_error("%s", cause);
				free(cause);
				free(internal);
				return EXIT_BAD_INPUT;
			}
		}
		rc = store_backup_verify(internal != NULL ? internal : file,
		    &report, &cause);
		if (internal != NULL) {
			unlink(internal);
			free(internal);
		}
		if (rc != 0) {
			cli_error("%s", cause);
			free(cause);
			return EXIT_BAD_INPUT;
		}
		if (!args->quiet)
			printf("%s\n", report);
		free(report);
		return EXIT_DONE;
	}
	if (open_store(args, &env, &s) != 0)
		return EXIT_BAD_INPUT;
	if (town_current() != NULL) {
		/* made in the town's folder, then copied to the caller's
		 * file with the caller's own rights */
		internal = xasprintf("%s/backup.tmp-%ld", town_current()->dir,
		    (long)getpid());
		rc = store_backup(s, internal, &cause);
		if (rc == 0)
			rc = cli_copy_caller(internal, file, 1, &cause);
		unlink(internal);
		free(internal);
	} else
		rc = store_backup(s, file, &cause);
	if (rc == 0 && !args->quiet)
		printf("backed up %s to %s\n", store_path(s), file);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	}
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}

int
cmd_restore(const struct cli_args *args)
{
	struct render_env env;
	struct store *s;
	char *cause = NULL, *internal;
	int rc;

	if (args->nfiles > 0) {
		cli_error("%s: unexpected argument", args->files[0]);
		return EXIT_USAGE;
	}
	if (open_store(args, &env, &s) != 0)
		return EXIT_BAD_INPUT;
	if (town_current() != NULL) {
		/* the caller's file, read with the caller's rights */
		internal = xasprintf("%s/restore.tmp-%ld",
		    town_current()->dir, (long)getpid());
		rc = cli_copy_caller(internal, args->command_arg, 0, &cause);
		if (rc == 0)
			rc = store_restore(s, internal, &cause);
		unlink(internal);
		free(internal);
	} else
		rc = store_restore(s, args->command_arg, &cause);
	if (rc == 0 && !args->quiet)
		printf("restored %s from %s\n", store_path(s),
		    args->command_arg);
	if (rc != 0) {
		cli_error("%s", cause);
		free(cause);
	}
	store_close(s);
	cli_free_env(&env);
	return rc == 0 ? EXIT_DONE : EXIT_BAD_INPUT;
}
