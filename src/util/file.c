/*
 * file.c - reading whole files and writing them so that a crash, a full
 * disk or a read-only folder never leaves a partial file looking complete.
 *
 * file_write_atomic() writes to "<path>.tmp-XXXXXX" in the same directory
 * (so rename() cannot cross file systems), fsyncs it, renames it over the
 * target and fsyncs the directory. On any failure the temporary is removed
 * and the target is left as it was.
 *
 * A process killed while writing leaves its temporary behind. The writer
 * holds an fcntl lock on its temporary while it writes; before writing,
 * file_write_atomic removes from the folder every "*.tmp-XXXXXX" of ours
 * that is older than an hour and that no running writer holds, so
 * leftovers with residents' data do not pile up.
 */
#include <sys/stat.h>

#include <dirent.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/util.h"

char *
file_read(const char *path, size_t *lenp, char **cause)
{
	struct strbuf sb = { 0 };
	char buf[65536];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*cause = xasprintf("%s: %s", path, strerror(errno));
			close(fd);
			sb_free(&sb);
			return NULL;
		}
		if (n == 0)
			break;
		sb_addn(&sb, buf, (size_t)n);
	}
	close(fd);
	if (lenp != NULL)
		*lenp = sb.len;
	return sb_detach(&sb);
}

int
file_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Is name "<something>.tmp-XXXXXX" (mkstemp's six characters)? */
static int
is_tmp_name(const char *name)
{
	const char *p = strstr(name, ".tmp-");

	while (p != NULL && strstr(p + 1, ".tmp-") != NULL)
		p = strstr(p + 1, ".tmp-");
	return p != NULL && p != name && strlen(p + 5) == 6;
}

/* Remove one leftover if it is ours, old enough and held by nobody. */
static void
sweep_one(int dfd, const char *name, time_t before)
{
	struct flock fl = { 0 };
	struct stat st, fst;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_mtime > before)
		return;
	fd = openat(dfd, name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return;
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_SETLK, &fl) == 0 && fstat(fd, &fst) == 0 &&
	    fst.st_ino == st.st_ino && fst.st_dev == st.st_dev)
		unlinkat(dfd, name, 0);
	close(fd);
}

void
file_sweep_tmp(const char *dir)
{
	time_t before = time(NULL) - FILE_TMP_STALE;
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (is_tmp_name(de->d_name))
			sweep_one(dirfd(d), de->d_name, before);
	closedir(d);
}

int
file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
    char **cause)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path), *copy;
	struct flock fl = { 0 };
	int fd, saved;

	copy = xstrdup(path);
	file_sweep_tmp(dirname(copy));
	free(copy);
	fd = mkstemp(tmp);
	if (fd == -1) {
		*cause = xasprintf("%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	/* held while we write: a sweep by another run leaves it alone */
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fcntl(fd, F_SETLK, &fl);
	if (fchmod(fd, mode) == -1 || file_write_all(fd, data, len) == -1 ||
	    fsync(fd) == -1) {
		saved = errno;
		close(fd);
		unlink(tmp);
		*cause = xasprintf("%s: %s", path, strerror(saved));
		free(tmp);
		return -1;
	}
	if (close(fd) == -1 || rename(tmp, path) == -1) {
		saved = errno;
		unlink(tmp);
		*cause = xasprintf("%s: %s", path, strerror(saved));
		free(tmp);
		return -1;
	}
	free(tmp);
	fsync_dir_of(path);
	return 0;
}

int
file_mkdirs(const char *path, mode_t mode, char **cause)
{
	char *copy = xstrdup(path), *p;

	for (p = copy + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(copy, mode) == -1 && errno != EEXIST) {
			*cause = xasprintf("%s: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	free(copy);
	if (!file_is_dir(path)) {
		*cause = xasprintf("%s: not a directory", path);
		return -1;
	}
	return 0;
}

int
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
file_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
file_join(const char *dir, const char *name)
{
	size_t len = strlen(dir);

	if (len > 0 && dir[len - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

int
file_dir_nofollow(const char *path, mode_t mode, char **cause)
{
	int fd;

	if (mkdir(path, mode) == -1 && errno != EEXIST &&
	    file_mkdirs(path, mode, cause) != 0)
		return -1;
	/* mkdir never follows a link in the last place; open must not
	 * either, or a link planted there would send every file elsewhere */
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ELOOP || errno == ENOTDIR)
			*cause = xasprintf("%s: a symbolic link or a file is "
			    "where a folder should be; refused, nothing was "
			    "written there", path);
		else
			*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}
