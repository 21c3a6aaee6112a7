/*
 * print.c - print_*: `lp -d PRINTER FILE` in a child process.
 *
 * The child's stdout and stderr go to one pipe the parent reads without
 * blocking; stdin is /dev/null. If execvp fails (lp not installed) the
 * child writes the reason to the pipe and exits 127, which print_poll turns
 * into a message naming the program. Any other non-zero exit is a job lp
 * refused (unknown printer, server down), reported with lp's own words.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "print/print.h"

#define PRINT_EXEC_FAILED 127

const char *
print_program(void)
{
	const char *lp = getenv("KAKANAI_LP");

	return (lp != NULL && *lp != '\0') ? lp : "lp";
}

/* The program's name for messages, without its folder. */
static const char *
print_name(void)
{
	const char *lp = print_program(), *slash = strrchr(lp, '/');

	return slash != NULL ? slash + 1 : lp;
}

/* In the child: never returns. Only async-signal-safe calls until exec. */
static _Noreturn void
print_child(int out, const char *printer, const char *file)
{
	const char *lp = print_program();
	char *argv[] = { (char *)lp, (char *)"-d", (char *)printer,
	    (char *)"--", (char *)file, NULL };
	const char *why;
	int null;

	/* a group of its own: lp and whatever it starts are stopped
	 * together (print_stop_group) */
	setpgid(0, 0);
	null = open("/dev/null", O_RDONLY);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		if (null != STDIN_FILENO)
			close(null);
	}
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	if (out != STDOUT_FILENO && out != STDERR_FILENO)
		close(out);
	signal(SIGPIPE, SIG_DFL);
	execvp(lp, argv);
	why = strerror(errno);
	if (write(STDERR_FILENO, lp, strlen(lp)) < 0 ||
	    write(STDERR_FILENO, ": ", 2) < 0 ||
	    write(STDERR_FILENO, why, strlen(why)) < 0)
		_exit(PRINT_EXEC_FAILED);
	_exit(PRINT_EXEC_FAILED);
}

int
print_start(struct print_job *job, const char *printer, const char *file,
    int timeout, char **cause)
{
	int fds[2];
	pid_t pid;

	memset(job, 0, sizeof *job);
	job->fd = -1;
	sb_init(&job->out);
	if (printer == NULL || *printer == '\0') {
		*cause = xstrdup("no printer is configured (kakanai.conf: "
		    "printer = NAME)");
		return -1;
	}
	if (pipe(fds) != 0) {
		*cause = xasprintf("pipe: %s", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		*cause = xasprintf("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		print_child(fds[1], printer, file);
	}
	close(fds[1]);
	setpgid(pid, pid);	/* also here, so it holds before we signal */
	fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	job->pid = pid;
	job->fd = fds[0];
	job->timeout = timeout > 0 ? timeout : PRINT_TIMEOUT_DEFAULT;
	job->deadline = clock_ms() + job->timeout * 1000.0;
	return 0;
}

static void
print_nap(void)
{
	struct timespec ts = { 0, 20 * 1000000L };

	nanosleep(&ts, NULL);
}

/* Does any process of the group remain (a zombie counts until reaped)? */
static int
group_alive(pid_t pgid)
{
	return kill(-pgid, 0) == 0;
}

/*
 * Stop lp's group: SIGTERM to every process in it, SIGKILL to any left
 * after PRINT_GRACE_MS, and reap lp if it is still ours (lp_status is
 * filled then, else left alone). lp's own children are not ours to reap;
 * once killed, init reaps them.
 */
static void
print_stop_group(pid_t pgid, int reap, int *lp_status)
{
	double until;
	int status;

	if (kill(-pgid, SIGTERM) == -1)
		goto reap;
	until = clock_ms() + PRINT_GRACE_MS;
	while (clock_ms() < until) {
		if (reap && waitpid(pgid, &status, WNOHANG) == pgid) {
			reap = 0;
			if (lp_status != NULL)
				*lp_status = status;
		}
		if (!reap && !group_alive(pgid))
			return;
		print_nap();
	}
	kill(-pgid, SIGKILL);
reap:
	if (reap)
		while (waitpid(pgid, &status, 0) < 0 && errno == EINTR)
			;
	if (reap && lp_status != NULL)
		*lp_status = status;
}

/* Read what is there; returns 1 at end of file. */
static int
print_drain(struct print_job *job)
{
	char buf[512];
	ssize_t n;

	if (job->fd < 0)
		return 1;
	for (;;) {
		n = read(job->fd, buf, sizeof buf);
		if (n > 0) {
			sb_addn(&job->out, buf, (size_t)n);
			continue;
		}
		if (n == 0) {
			close(job->fd);
			job->fd = -1;
			return 1;
		}
		if (errno == EINTR)
			continue;
		return 0;	/* EAGAIN: nothing more for now */
	}
}

/* lp's words on one line, without the trailing newline. */
static char *
print_words(struct print_job *job)
{
	char *s = xstrdup(job->out.s != NULL ? job->out.s : ""), *p;
	size_t len = strlen(s);

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		s[--len] = '\0';
	for (p = s; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

static int
print_finish(struct print_job *job, int status, char **message, char **cause)
{
	char *words = print_words(job);
	int rc;

	job->pid = 0;
	if (job->fd >= 0) {
		close(job->fd);
		job->fd = -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		*message = words;
		rc = 1;
	} else if (WIFEXITED(status) &&
	    WEXITSTATUS(status) == PRINT_EXEC_FAILED) {
		*cause = xasprintf("cannot run %s: %s", print_name(),
		    *words != '\0' ? words : "not found");
		free(words);
		rc = -1;
	} else {
		if (WIFEXITED(status))
			*cause = xasprintf("%s refused the job (exit %d)%s%s",
			    print_name(), WEXITSTATUS(status),
			    *words != '\0' ? ": " : "", words);
		else
			*cause = xasprintf("%s was stopped by signal %d",
			    print_name(), WTERMSIG(status));
		free(words);
		rc = -1;
	}
	sb_free(&job->out);
	return rc;
}

int
print_poll(struct print_job *job, char **message, char **cause)
{
	int status;
	pid_t r;

	if (job->pid == 0) {
		*cause = xstrdup("no print job is running");
		return -1;
	}
	print_drain(job);
	r = waitpid(job->pid, &status, WNOHANG);
	if (r == 0 && clock_ms() > job->deadline) {
		print_stop_group(job->pid, 1, NULL);
		*cause = xasprintf("%s did not finish within %d seconds and "
		    "was stopped (printer.timeout)", print_name(),
		    job->timeout);
		job->pid = 0;
		print_cancel(job);
		return -1;
	}
	if (r == 0)
		return 0;
	if (r < 0) {
		*cause = xasprintf("waitpid: %s", strerror(errno));
		job->pid = 0;
		print_cancel(job);	/* the pipe and what lp said */
		return -1;
	}
	print_drain(job);
	/* whatever lp left running in its group goes with it */
	print_stop_group(job->pid, 0, NULL);
	return print_finish(job, status, message, cause);
}

int
print_wait(struct print_job *job, char **message, char **cause)
{
	struct pollfd pfd;
	int r;

	if (job->pid == 0) {
		*cause = xstrdup("no print job is running");
		return -1;
	}
	for (;;) {
		r = print_poll(job, message, cause);
		if (r != 0)
			return r;
		pfd.fd = job->fd;
		pfd.events = POLLIN;
		/* lp's pipe may be closed by a child it left: then only
		 * the clock wakes us */
		if (job->fd < 0 || poll(&pfd, 1, 100) <= 0 ||
		    (pfd.revents & POLLHUP))
			print_nap();
	}
}

void
print_cancel(struct print_job *job)
{
	if (job->pid > 0) {
		print_stop_group(job->pid, 1, NULL);
		job->pid = 0;
	}
	if (job->fd >= 0) {
		close(job->fd);
		job->fd = -1;
	}
	sb_free(&job->out);
}
