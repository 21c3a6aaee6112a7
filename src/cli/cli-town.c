/*
 * cli-town.c - kakanai on a town server: choosing the town, refusing what
 * the caller may not do there, setting a town up, and the audit log.
 *
 * cli_town_enter runs before every command (and the counter screen). In
 * single-user mode (no town set up) it does nothing. On a town server it
 * refuses every path the caller tries to give a setgid kakanai, chooses
 * the caller's town from their groups (or --town), and checks the
 * command against the caller's role there: counter work for the town's
 * clerks, the rest (cli_admin_commands) for its admins and root. A refusal
 * names the group that would allow it.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

/* Commands for a town's admins (and root); everything else is counter
 * work. Named by flag, so a command added later is a clerk's until it is
 * listed here. */
static const char *const cli_admin_commands[] = {
	"purge", "regenerate", "import-postal", "import-visit", "audit",
	"backup", "restore", "rotate-key",
};

static int
cli_is_admin_command(const struct cli_args *args)
{
	size_t i;

	if (args->command == NULL)
		return 0;
	if (strcmp(args->command, "export-csv") == 0)
		return args->with_mynumber;
	for (i = 0; i < nitems(cli_admin_commands); i++)
		if (strcmp(args->command, cli_admin_commands[i]) == 0)
			return 1;
	return 0;
}

/* A setgid kakanai takes no path from its caller. */
static int
cli_refuse_paths(const struct cli_args *args)
{
	static const char why[] = "kakanai runs with its own group on this "
	    "town server and takes no path from its caller; the town's "
	    "database, configuration and forms are the only ones";
	const char *env = priv_refused_env();

	if (args->db != NULL) {
		cli_error("--db: refused: %s", why);
		return -1;
	}
	if (args->config != NULL) {
		cli_error("--config: refused: %s", why);
		return -1;
	}
	if (args->forms_dir != NULL) {
		cli_error("--forms-dir: refused: %s", why);
		return -1;
	}
	if (args->command != NULL &&
	    strcmp(args->command, "check-forms") == 0 && args->nfiles > 0) {
		cli_error("--check-forms %s: refused: %s", args->files[0],
		    why);
		return -1;
	}
	if (*env != '\0') {
		cli_error("%s: refused: %s (unset it)", env, why);
		return -1;
	}
	return 0;
}

int
cli_town_enter(const struct cli_args *args)
{
	struct town *t = NULL;
	char *cause = NULL, *g;

	if (args->command != NULL && strcmp(args->command, "setup-town") == 0)
		return EXIT_DONE;
	if (!town_installed() && !priv_elevated()) {
		if (args->town != NULL) {
			cli_error("--town %s: no town is set up on this "
			    "machine (%s)", args->town, town_root());
			return EXIT_USAGE;
		}
		return EXIT_DONE;	/* single-user mode */
	}
	if (cli_refuse_paths(args) != 0)
		return EXIT_USAGE;
	if (town_select(args->town, &t, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		return EXIT_BAD_INPUT;
	}
	if (cli_is_admin_command(args) && t->role != TOWN_ADMIN) {
		g = town_group(t->id, 1);
		cli_error("--%s%s: refused: this is an admin's work; it needs "
		    "the group %s (or root)", args->command,
		    args->with_mynumber ? " --with-mynumber" : "", g);
		free(g);
		town_free(t);
		return EXIT_BAD_INPUT;
	}
	town_set_current(t);
	return EXIT_DONE;
}

int
cli_write_out(const char *path, const void *data, size_t len, mode_t mode,
    char **cause)
{
	int rc;

	priv_user_begin();
	rc = file_write_atomic(path, data, len, mode, cause);
	priv_user_end();
	return rc;
}

/* Copy a file between a town's folder and one the caller names, the
 * caller's side opened with the caller's own rights: a setgid kakanai
 * never reads or writes a caller's path with its group. to_caller: from
 * the town's `internal` file to the caller's `path` (written to a
 * temporary name and renamed); else the other way. */
int
cli_copy_caller(const char *internal, const char *path, int to_caller,
    char **cause)
{
	char buf[65536], *tmp = NULL;
	int in = -1, out = -1, rc = -1, saved = 0;
	ssize_t n;

	if (to_caller) {
		in = open(internal, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		tmp = xasprintf("%s.tmp-%ld", path, (long)getpid());
		priv_user_begin();
		out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0600);
		saved = errno;
		priv_user_end();
	} else {
		priv_user_begin();
		in = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		saved = errno;
		priv_user_end();
		out = open(internal, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0660);
	}
	if (in == -1 || out == -1) {
		*cause = xasprintf("%s: %s", path, strerror(saved != 0 ?
		    saved : errno));
		goto out;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	if (n < 0 || fsync(out) != 0) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (to_caller) {
		priv_user_begin();
		n = rename(tmp, path);
		saved = errno;
		priv_user_end();
		if (n != 0) {
			*cause = xasprintf("%s: %s", path, strerror(saved));
			goto out;
		}
	}
	rc = 0;
out:
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	if (rc != 0 && tmp != NULL) {
		priv_user_begin();
		unlink(tmp);
		priv_user_end();
	}
	if (rc != 0 && !to_caller && out != -1)
		unlink(internal);
	free(tmp);
	return rc;
}

/* ---- --setup-town ---------------------------------------------------- */

static int
setup_group(const char *name, gid_t *gid)
{
	struct group *gr;
	char *argv[] = { (char *)"groupadd", (char *)"--system", (char *)name,
	    NULL };
	pid_t pid;
	int status;

	if ((gr = getgrnam(name)) == NULL) {
		pid = fork();
		if (pid == 0) {
			execvp("groupadd", argv);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			cli_error("groupadd %s failed", name);
			return -1;
		}
		printf("made the group %s\n", name);
		if ((gr = getgrnam(name)) == NULL) {
			cli_error("%s: made, but not found", name);
			return -1;
		}
	}
	*gid = gr->gr_gid;
	return 0;
}

/* A folder or file as it must be: made if missing, then owner, group and
 * mode set on what was opened (never through a link). */
static int
setup_path(const char *path, int dir, uid_t uid, gid_t gid, mode_t mode,
    const char *content)
{
	struct stat st;
	char *cause = NULL;
	int fd;

	if (dir) {
		if (mkdir(path, 0700) == 0)
			printf("made %s\n", path);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
	} else {
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1 && errno == ENOENT && content != NULL) {
			if (file_write_atomic(path, content, strlen(content),
			    0600, &cause) != 0) {
				cli_error("%s", cause);
				free(cause);
				return -1;
			}
			printf("made %s\n", path);
			fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		}
	}
	if (fd == -1) {
		cli_error("%s: %s%s", path, strerror(errno),
		    errno == ELOOP || errno == ENOTDIR ?
		    " (a symbolic link is in its place; refused)" : "");
		return -1;
	}
	if (fstat(fd, &st) != 0 || (dir && !S_ISDIR(st.st_mode)) ||
	    (!dir && !S_ISREG(st.st_mode))) {
		cli_error("%s: not a %s; refused", path, dir ? "folder" :
		    "file");
		close(fd);
		return -1;
	}
	if ((st.st_uid != uid || st.st_gid != gid) &&
	    fchown(fd, uid, gid) != 0) {
		cli_error("%s: chown: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if ((st.st_mode & 07777) != mode && fchmod(fd, mode) != 0) {
		cli_error("%s: chmod: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
cmd_setup_town(const struct cli_args *args)
{
	const char *id = args->command_arg;
	char *src, *text, *cause = NULL, *g, *ga, *db, *pdf, *holds;
	char *key = NULL, *screens = NULL;
	int fd;
	gid_t gk, gt, gta;
	struct store *s;
	struct town *t;
	size_t len;
	int rc = EXIT_BAD_INPUT;

	if (getuid() != 0 || geteuid() != 0) {
		cli_error("--setup-town: only root sets up a town");
		return EXIT_BAD_INPUT;
	}
	if (!town_valid_id(id)) {
		cli_error("--setup-town %s: a town's name is 1 to 16 of a-z, "
		    "0-9 and - (it becomes part of its groups' names)", id);
		return EXIT_USAGE;
	}
	src = args->from != NULL ? xstrdup(args->from) :
	    xasprintf("%s/data/towns/%s.conf", home_dir(), id);
	if ((text = file_read(src, &len, &cause)) == NULL) {
		cli_error("%s%s", cause, args->from == NULL ?
		    " (give the town's configuration with --from FILE)" : "");
		free(cause);
		free(src);
		return EXIT_BAD_INPUT;
	}
	free(src);
	g = town_group(id, 0);
	ga = town_group(id, 1);
	t = xcalloc(1, sizeof *t);
	t->id = xstrdup(id);
	t->dir = xasprintf("%s/%s", town_root(), id);
	t->config = xasprintf("%s/%s.conf", town_conf_root(), id);
	t->role = TOWN_ADMIN;
	db = xasprintf("%s/kakanai.db", t->dir);
	pdf = xasprintf("%s/pdf", t->dir);
	holds = xasprintf("%s/holds", t->dir);
	if (setup_group(town_group_base(), &gk) != 0 ||
	    setup_group(g, &gt) != 0 || setup_group(ga, &gta) != 0)
		goto out;
	(void)gt;
	if (file_mkdirs(town_root(), 0750, &cause) != 0 ||
	    file_mkdirs(town_conf_root(), 0755, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		goto out;
	}
	/* the town root: only kakanai's group may look in; each town's
	 * folder: root's, shared by the group, new files keep the group */
	if (setup_path(town_root(), 1, 0, gk, 0750, NULL) != 0 ||
	    setup_path(t->dir, 1, 0, gk, 02770, NULL) != 0 ||
	    setup_path(pdf, 1, 0, gk, 02770, NULL) != 0 ||
	    setup_path(holds, 1, 0, gk, 02770, NULL) != 0 ||
	    setup_path(t->config, 0, 0, gta, 0664, text) != 0)
		goto out;
	/* the My Number key first (0640 root:kakanai: read by kakanai's
	 * group only), then the database that records it */
	key = store_key_path(db);
	if (access(key, F_OK) != 0 && errno == ENOENT) {
		if (store_key_create(key, 0640, gk, &cause) != 0) {
			cli_error("%s", cause);
			free(cause);
			goto out;
		}
		printf("made %s\n", key);
	}
	if (setup_path(key, 0, 0, gk, 0640, NULL) != 0)
		goto out;
	town_set_current(t);
	t = NULL;
	if ((s = store_open(db, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		goto out;
	}
	/* the screens' lock (a restore waits for every screen to close) is
	 * shared by every clerk's kakanai: made here, 0660 root:kakanai */
	screens = xasprintf("%s.screens", db);
	fd = store_screen_hold(s);
	if (fd >= 0)
		close(fd);
	store_close(s);
	if (setup_path(db, 0, 0, gk, 0660, NULL) != 0 ||
	    setup_path(screens, 0, 0, gk, 0660, NULL) != 0)
		goto out;
	printf("town %s is ready: %s (data), %s (configuration)\n"
	    "clerks: adduser NAME %s; admins: adduser NAME %s\n", id,
	    town_current()->dir, town_current()->config, g, ga);
	rc = EXIT_DONE;
out:
	town_set_current(NULL);
	town_free(t);
	free(text);
	free(g);
	free(ga);
	free(db);
	free(pdf);
	free(holds);
	free(key);
	free(screens);
	return rc;
}

/* ---- --audit ----------------------------------------------------------- */

static int64_t
cli_day_start(const char *iso, int end)
{
	struct date d;
	struct tm tm;

	if (iso == NULL || date_parse_iso(iso, &d) != 0)
		return end ? INT64_MAX : INT64_MIN;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d + (end ? 1 : 0);
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

int
cmd_audit(const struct cli_args *args)
{
	struct store_audit_entry *e = NULL;
	struct render_env env;
	struct store *s;
	char *cause = NULL, when[32];
	int64_t from = cli_day_start(args->since, 0);
	int64_t to = cli_day_start(args->until, 1);
	size_t n = 0, i;
	time_t tt;
	struct tm tm;

	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	if ((s = store_open_config(args->db, env.config, &cause)) == NULL) {
		cli_error("%s", cause);
		free(cause);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	if (store_audit_list(s, args->visit_id, &e, &n, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		store_close(s);
		cli_free_env(&env);
		return EXIT_BAD_INPUT;
	}
	for (i = 0; i < n; i++) {
		if (e[i].when < from || e[i].when >= to)
			continue;
		tt = (time_t)e[i].when;
		localtime_r(&tt, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		printf("%s\t%s\t%s\t%ld\t%s\n", when, e[i].clerk, e[i].what,
		    e[i].visit_id, e[i].detail);
	}
	store_audit_free(e, n);
	/* reading the log is itself an access worth recording */
	if (store_audit(s, args->visit_id, "audit", NULL, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
	}
	store_close(s);
	cli_free_env(&env);
	return EXIT_DONE;
}
