/*
 * store-hold.c - one draft, one counter: a screen holds the draft it has
 * open, so that a second clerk can look at it but not overwrite it.
 *
 * A hold is an open file description lock (F_OFD_SETLK) on holds/<id> in
 * the database's folder. The kernel drops it when the process ends in any
 * way - F10, kill -9, a dropped SSH connection - so a hold never outlives
 * its clerk and never needs an admin to clear it. The holder writes who
 * and where into the file, for the message the next clerk sees; the lock,
 * not the text, says whether the hold is still there.
 */
#define _GNU_SOURCE	/* F_OFD_SETLK, F_OFD_GETLK */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store-int.h"

/* The holds folder beside the database, opened without following a
 * link; -1 and *cause on failure. */
static int
store_holds_dir(struct store *s, char **cause)
{
	char *dir = xstrdup(s->path), *slash, *holds;
	int fd;

	slash = strrchr(dir, '/');
	if (slash == NULL)
		holds = xstrdup("holds");
	else {
		*slash = '\0';
		holds = file_join(*dir == '\0' ? "/" : dir, "holds");
	}
	free(dir);
	if (file_dir_nofollow(holds, store_file_mode() | 0100 |
	    (store_file_mode() & 0060 ? 0010 : 0), cause) != 0) {
		free(holds);
		return -1;
	}
	fd = open(holds, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		*cause = xasprintf("%s: %s", holds, strerror(errno));
	free(holds);
	return fd;
}

static int
store_hold_open(struct store *s, long id, char **cause)
{
	char name[32];
	int dfd, fd;

	if ((dfd = store_holds_dir(s, cause)) == -1)
		return -1;
	snprintf(name, sizeof name, "%ld", id);
	fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    store_file_mode());
	if (fd == -1)
		*cause = xasprintf("holds/%s: %s", name, strerror(errno));
	close(dfd);
	return fd;
}

/* Who holds it, from the file's text ("" if unreadable). */
static char *
store_hold_text(int fd)
{
	char buf[256];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

	if (n <= 0)
		return xstrdup("");
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return xstrdup(buf);
}

void
store_hold_release(struct store *s)
{
	if (s->hold_fd >= 0) {
		/* emptied first, so no one reads a stale name */
		(void)!ftruncate(s->hold_fd, 0);
		close(s->hold_fd);		/* drops the lock */
	}
	s->hold_fd = -1;
	s->hold_id = 0;
}

int
store_hold_take(struct store *s, long id, const char *who, char **holder,
    char **cause)
{
	struct flock fl;
	int fd;

	*holder = NULL;
	if (s->hold_fd >= 0 && s->hold_id == id)
		return 0;
	if ((fd = store_hold_open(s, id, cause)) == -1)
		return -1;
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_OFD_SETLK, &fl) == -1) {
		if (errno == EAGAIN || errno == EACCES) {
			*holder = store_hold_text(fd);
			close(fd);
			return 1;
		}
		*cause = xasprintf("holds/%ld: %s", id, strerror(errno));
		close(fd);
		return -1;
	}
	store_hold_release(s);
	s->hold_fd = fd;
	s->hold_id = id;
	/* if these fail the hold stands; only the name shown is lost */
	(void)!ftruncate(fd, 0);
	(void)!pwrite(fd, who, strlen(who), 0);
	return 0;
}

char *
store_hold_who(struct store *s, long id)
{
	struct flock fl;
	char *cause = NULL, *who = NULL;
	int fd;

	if (s->hold_fd >= 0 && s->hold_id == id)
		return NULL;
	if ((fd = store_hold_open(s, id, &cause)) == -1) {
		free(cause);
		return NULL;
	}
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_OFD_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		who = store_hold_text(fd);
	close(fd);
	return who;
}
