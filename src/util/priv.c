/*
 * priv.c - running setgid: what kakanai may trust and whose rights it uses.
 *
 * On a town server the program is installed root:kakanai 2755 (as plocate
 * is): at exec the kernel gives it the group kakanai as effective and
 * saved group, while the real user and group stay the clerk's. Only that
 * group can open the towns' folders, so a clerk reaches the data through
 * kakanai and never directly.
 *
 * A program in that position trusts nothing its caller gives it. priv_init
 * runs first in main(): it notes whether the process has more privilege
 * than its caller, makes sure descriptors 0-2 are open (so a file opened
 * later cannot become someone's stderr), sets the umask the town's shared
 * files need, and replaces the environment with a short list of harmless
 * variables. From then on:
 *
 *   - files the caller names (a visit file, --out) are opened between
 *     priv_user_begin and priv_user_end, with the effective group switched
 *     to the caller's own, so kakanai's group never reads or writes for
 *     them;
 *   - every child (lp) calls priv_drop_child before exec: all three group
 *     ids become the caller's, for good.
 */
#define _GNU_SOURCE	/* getresgid, setresgid */
#include <sys/resource.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

static int priv_is_elevated = -1;
static gid_t priv_real_gid, priv_saved_gid;
static int priv_user_depth;
static char priv_refused[128];

/* Variables that name paths: a setgid kakanai refuses to run with them. */
static const char *const priv_path_vars[] = {
	"KAKANAI_HOME", "KAKANAI_DB", "KAKANAI_CONFIG",
};

/* The variables kept in setgid mode, and what each may not hold. Locale
 * and terminal names with a '/' could name a file of the caller's. */
static const char *const priv_keep[] = {
	"TERM", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LC_TIME",
	"LC_COLLATE", "LC_NUMERIC", "TZ", "SSH_CONNECTION", "CUPS_SERVER",
	"COLUMNS", "LINES", "KAKANAI_CARD_READER",
};

static void
priv_ensure_std_fds(void)
{
	struct stat st;
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fstat(fd, &st) == 0 || errno != EBADF)
			continue;
		/* opening /dev/null takes the lowest free number: this one */
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(2);
	}
}

static void
priv_sanitise_env(void)
{
	char *saved[nitems(priv_keep)];
	const char *v;
	size_t i;

	for (i = 0; i < nitems(priv_keep); i++) {
		v = getenv(priv_keep[i]);
		saved[i] = NULL;
		if (v == NULL || strlen(v) > 256)
			continue;
		if (strchr(v, '/') != NULL &&
		    strcmp(priv_keep[i], "CUPS_SERVER") != 0)
			continue;
		saved[i] = xstrdup(v);
	}
	clearenv();
	setenv("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", 1);
	for (i = 0; i < nitems(priv_keep); i++) {
		if (saved[i] != NULL)
			setenv(priv_keep[i], saved[i], 1);
		free(saved[i]);
	}
}

/* What else a caller hands down across exec: open descriptors beyond
 * 0-2 (kakanai would hold them open, and pass them on to lp), a blocked
 * signal mask and ignored signals. All are put back to a fresh state. */
static void
priv_reset_inherited(void)
{
	sigset_t none;
	int sig;

	if (close_range(3, ~0U, 0) != 0) {
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	}
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
}

void
priv_init(void)
{
	gid_t r, e, s;

	if (getresgid(&r, &e, &s) != 0)
		_exit(2);
	priv_real_gid = r;
	priv_saved_gid = e;
	priv_is_elevated = (r != e || getuid() != geteuid());
	priv_ensure_std_fds();
	if (priv_is_elevated) {
		for (size_t i = 0; i < nitems(priv_path_vars); i++) {
			const char *v = getenv(priv_path_vars[i]);

			if (v == NULL || *v == '\0')
				continue;
			if (priv_refused[0] != '\0')
				strcat(priv_refused, " ");
			strcat(priv_refused, priv_path_vars[i]);
		}
		priv_sanitise_env();
		priv_reset_inherited();
		/* the town's files are shared by its group: new ones must be
		 * writable by the group and closed to everyone else */
		umask(007);
	}
}

int
priv_elevated(void)
{
	if (priv_is_elevated == -1)
		return getgid() != getegid() || getuid() != geteuid();
	return priv_is_elevated;
}

int
priv_user_begin(void)
{
	if (!priv_elevated())
		return 0;
	if (priv_user_depth++ > 0)
		return 0;
	/* going on with kakanai's group would open the caller's file with
	 * rights the caller does not have: stop instead */
	if (setegid(priv_real_gid) != 0 || getegid() != priv_real_gid)
		fatal("setegid: %s", strerror(errno));
	return 0;
}

void
priv_user_end(void)
{
	if (!priv_elevated() || priv_user_depth == 0)
		return;
	if (--priv_user_depth > 0)
		return;
	/* failing to take the group back only loses access; never worse */
	if (setegid(priv_saved_gid) != 0)
		fatal("setegid: %s", strerror(errno));
}

void
priv_drop_child(void)
{
	gid_t g = getgid();

	if (!priv_elevated())
		return;
	if (setresgid(g, g, g) != 0 || getegid() != g)
		_exit(126);
}

char *
priv_login(void)
{
	struct passwd *pw = getpwuid(getuid());

	if (pw != NULL && pw->pw_name != NULL && *pw->pw_name != '\0')
		return xstrdup(pw->pw_name);
	return xasprintf("uid%u", (unsigned)getuid());
}

const char *
priv_refused_env(void)
{
	return priv_refused;
}
