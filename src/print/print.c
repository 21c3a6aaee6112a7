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
	/* a setgid kakanai runs no program its caller chose */
	const char *lp = priv_elevated() ? NULL : getenv("KAKANAI_LP");

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
	char *argv_stdin[] = { (char *)lp, (char *)"-d", (char *)printer,
	    (char *)"-t", (char *)"kakanai", NULL };
	const char *why;
	int null;

	/* a group of its own: lp and whatever it starts are stopped
	 * together (print_stop_group) */
	setpgid(0, 0);
	/* On a town server the PDF is in a folder only kakanai's group can
	 * open: it is opened here, with that group, and given to lp as its
	 * standard input, and lp itself runs with the caller's groups. */
	if (priv_elevated()) {
		null = open(file, O_RDONLY | O_NOFOLLOW);
		if (null < 0) {
			/* never let lp read the terminal instead */
			why = strerror(errno);
			if (write(out, file, strlen(file)) < 0 ||
			    write(out, ": ", 2) < 0 ||
			    write(out, why, strlen(why)) < 0)
				_exit(1);
			_exit(1);
		}
		priv_drop_child();
		argv_stdin[0] = argv[0];
		memcpy(argv, argv_stdin, sizeof argv_stdin);
	} else
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

/* lp has ended: anything it left in its group gets SIGTERM, and SIGKILL
 * if still there a moment later (a well-behaved lp leaves nothing). */
static void
print_sweep_group(pid_t pgid)
{
	int i;

	if (kill(-pgid, SIGTERM) == -1)
		return;
	for (i = 0; i < 10 && group_alive(pgid); i++)
		print_nap();
	kill(-pgid, SIGKILL);
}

int
print_poll(struct print_job *job, char **message, char **cause)
{
	double now;
	int status;
	pid_t r;

	if (job->pid == 0) {
		*cause = xstrdup("no print job is running");
		return -1;
	}
	print_drain(job);
	r = waitpid(job->pid, &status, WNOHANG);
	if (r == 0) {
		/* past the timeout: SIGTERM to the group, then SIGKILL
		 * after PRINT_GRACE_MS; the screen polls on meanwhile */
		now = clock_ms();
		if (job->stop_at == 0 && now > job->deadline) {
			kill(-job->pid, SIGTERM);
			job->stop_at = now + PRINT_GRACE_MS;
		} else if (job->stop_at != 0 && now > job->stop_at &&
		    !job->killed) {
			kill(-job->pid, SIGKILL);
			job->killed = 1;
		}
		return 0;
	}
	if (r < 0) {
		*cause = xasprintf("waitpid: %s", strerror(errno));
		job->pid = 0;
		print_cancel(job);	/* the pipe and what lp said */
		return -1;
	}
	print_drain(job);
	if (job->stop_at != 0) {
		/* stopped for taking too long: what it left goes now */
		kill(-job->pid, SIGKILL);
		*cause = xasprintf("%s did not finish within %d s and "
		    "was stopped (printer.timeout)", print_name(),
		    job->timeout);
		job->pid = 0;
		print_cancel(job);
		return -1;
	}
	/* whatever lp left running in its group goes with it */
	print_sweep_group(job->pid);
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

char *
print_counter(void)
{
	const char *ssh = getenv("SSH_CONNECTION");
	const char *tty;
	size_t n;

	/* "client-address client-port server-address server-port" */
	if (ssh != NULL && (n = strcspn(ssh, " ")) > 0 && n < 64)
		return xstrndup(ssh, n);
	tty = ttyname(STDIN_FILENO);
	if (tty != NULL && strncmp(tty, "/dev/", 5) == 0)
		return xstrdup(tty + 5);
	return xstrdup("console");
}

const char *
print_printer_for(const struct config *cf, const char *counter)
{
	char *key = xasprintf("printer.map.%s", counter);
	const char *v = config_get(cf, key);

	free(key);
	if (v != NULL && *v != '\0')
		return v;
	return config_get(cf, "printer");
}
