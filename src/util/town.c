/*
 * town.c - which town a clerk works in, and as what.
 *
 * A town server holds one folder per town under KAKANAI_LOCALSTATEDIR
 * (/var/lib/kakanai/<town>/: the database, pdf/, the draft holds) and one
 * configuration per town under KAKANAI_SYSCONFDIR (/etc/kakanai/towns/
 * <town>.conf). Who may work in a town is said by two Unix groups per
 * town, named after kakanai's own group: kakanai-<town> (its clerks) and
 * kakanai-<town>-admin (its IT staff). A user is in the towns whose groups
 * they are in; root is an admin of every town.
 *
 * With no town set up kakanai is in single-user mode and everything works
 * in the user's own folder, as on a developer's machine or a one-PC town.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

#ifndef KAKANAI_LOCALSTATEDIR
#define KAKANAI_LOCALSTATEDIR "/var"
#endif
#ifndef KAKANAI_SYSCONFDIR
#define KAKANAI_SYSCONFDIR "/etc"
#endif
#ifndef KAKANAI_GROUP
#define KAKANAI_GROUP "kakanai"
#endif

static struct town *town_cur;

const char *
town_root(void)
{
	return KAKANAI_LOCALSTATEDIR "/lib/kakanai";
}

const char *
town_conf_root(void)
{
	return KAKANAI_SYSCONFDIR "/kakanai/towns";
}

const char *
town_group_base(void)
{
	return KAKANAI_GROUP;
}

int
town_valid_id(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > 16 || id[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') ||
		    (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	return 1;
}

char *
town_group(const char *id, int admin)
{
	return xasprintf("%s-%s%s", KAKANAI_GROUP, id, admin ? "-admin" : "");
}

/* Is the caller in the group called name? */
static int
town_in_group(const char *name)
{
	struct group *gr = getgrnam(name);
	gid_t groups[256];
	int n, i;

	if (gr == NULL)
		return 0;
	if (getgid() == gr->gr_gid)
		return 1;
	n = getgroups((int)nitems(groups), groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gr->gr_gid)
			return 1;
	return 0;
}

int
town_role(const char *id)
{
	char *g;
	int role = TOWN_NONE;

	if (getuid() == 0)
		return TOWN_ADMIN;
	g = town_group(id, 1);
	if (town_in_group(g))
		role = TOWN_ADMIN;
	free(g);
	if (role == TOWN_NONE) {
		g = town_group(id, 0);
		if (town_in_group(g))
			role = TOWN_CLERK;
		free(g);
	}
	return role;
}

/* The towns set up on this machine: folders of the town root with a
 * valid name (caller frees each and the array). */
static char **
town_list(size_t *n)
{
	DIR *d;
	struct dirent *e;
	char **ids = NULL;

	*n = 0;
	if ((d = opendir(town_root())) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_type != DT_DIR || !town_valid_id(e->d_name))
			continue;
		ids = xreallocarray(ids, *n + 1, sizeof *ids);
		ids[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	return ids;
}

static void
town_list_free(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

int
town_installed(void)
{
	size_t n;
	char **ids = town_list(&n);
	int dirs;
	struct stat st;

	town_list_free(ids, n);
	if (n > 0)
		return 1;
	/* a clerk cannot list the town root (0750 root:kakanai) unless
	 * kakanai's group is in effect; a setgid copy with no town is
	 * still a town server waiting for its first town */
	dirs = stat(town_root(), &st) == 0 && S_ISDIR(st.st_mode);
	return dirs && priv_elevated();
}

static struct town *
town_new(const char *id, int role)
{
	struct town *t = xcalloc(1, sizeof *t);

	t->id = xstrdup(id);
	t->dir = xasprintf("%s/%s", town_root(), id);
	t->config = xasprintf("%s/%s.conf", town_conf_root(), id);
	t->role = role;
	return t;
}

void
town_free(struct town *t)
{
	if (t == NULL)
		return;
	free(t->id);
	free(t->dir);
	free(t->config);
	free(t);
}

/* Several towns and no --town: ask on the terminal, if there is one. */
static int
town_ask(char **ids, size_t n, size_t *pick)
{
	char line[32];
	size_t i;
	long k;

	if (!isatty(STDIN_FILENO) || !isatty(STDERR_FILENO))
		return -1;
	fputs("どの町で仕事をしますか (which town?)\n", stderr);
	for (i = 0; i < n; i++)
		fprintf(stderr, "  %zu) %s\n", i + 1, ids[i]);
	fputs("番号: ", stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return -1;
	k = strtol(line, NULL, 10);
	if (k < 1 || (size_t)k > n)
		return -1;
	*pick = (size_t)k - 1;
	return 0;
}

int
town_select(const char *flag, struct town **out, char **cause)
{
	char **ids, **mine = NULL, *g;
	size_t n, nmine = 0, i, pick = 0;
	int rc = -1;

	*out = NULL;
	if (flag != NULL && !town_valid_id(flag)) {
		*cause = xasprintf("--town %s: not a town name (a-z, 0-9, -)",
		    flag);
		return -1;
	}
	ids = town_list(&n);
	if (n == 0) {
		*cause = xasprintf("no town is set up on this server (%s is "
		    "empty): run kakanai --setup-town ID as root",
		    town_root());
		goto out;
	}
	if (flag != NULL) {
		for (i = 0; i < n && strcmp(ids[i], flag) != 0; i++)
			;
		if (i == n || town_role(flag) == TOWN_NONE) {
			/* the same words whether or not the town exists:
			 * a clerk learns nothing of other towns */
			g = town_group(flag, 0);
			*cause = xasprintf("--town %s: you are not a clerk of "
			    "that town (it needs the group %s)", flag, g);
			free(g);
			goto out;
		}
		*out = town_new(flag, town_role(flag));
		rc = 0;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (town_role(ids[i]) == TOWN_NONE)
			continue;
		mine = xreallocarray(mine, nmine + 1, sizeof *mine);
		mine[nmine++] = ids[i];
	}
	if (nmine == 0) {
		*cause = xasprintf("you are not a clerk of any town on this "
		    "server: an admin adds you with `adduser %s %s-TOWN` (and "
		    "you log in again)", "$USER", KAKANAI_GROUP);
		goto out;
	}
	if (nmine > 1 && town_ask(mine, nmine, &pick) != 0) {
		*cause = xasprintf("you work in %zu towns; choose one with "
		    "--town ID:", nmine);
		for (i = 0; i < nmine; i++) {
			g = xasprintf("%s %s", *cause, mine[i]);
			free(*cause);
			*cause = g;
		}
		goto out;
	}
	*out = town_new(mine[pick], town_role(mine[pick]));
	rc = 0;
out:
	free(mine);
	town_list_free(ids, n);
	return rc;
}

const struct town *
town_current(void)
{
	return town_cur;
}

void
town_set_current(struct town *t)
{
	town_free(town_cur);
	town_cur = t;
}

int
town_open_dir(const char *path, char **cause)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ELOOP || errno == ENOTDIR)
			*cause = xasprintf("%s: not a folder (a symbolic link "
			    "or a file is in its place); refused", path);
		else
			*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || (st.st_mode & S_IWOTH) != 0 ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		*cause = xasprintf("%s: owned by uid %u or writable by "
		    "anyone; a town's folder must be root's and closed to "
		    "others; refused", path, (unsigned)st.st_uid);
		close(fd);
		return -1;
	}
	return fd;
}
