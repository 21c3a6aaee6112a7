/*
 * print.h - sending a PDF to the counter's printer through CUPS.
 *
 * kakanai prints with `lp -d PRINTER FILE`, started with fork/execvp and
 * never through a shell, so no file or printer name is ever interpreted.
 * The job runs in the background: print_start returns at once and the
 * caller polls with print_poll (the TUI does so between key presses, so
 * the screen never freezes); print_wait blocks (the command line).
 *
 * The printer is --printer, else the counter's own (printer.map.ADDRESS
 * or printer.map.TTY in the configuration, print_printer_for), else the
 * town's `printer`; CUPS finds
 * its server as usual ($CUPS_SERVER, client.conf). lp's own words are kept
 * for the message: "request id is counter-12 (1 file(s))" on success, the
 * reason when the job is refused. A missing lp or a refused job is an
 * error for the clerk; the PDF is already stored, so it can be printed
 * again later. An lp that hangs is stopped after the timeout, with
 * everything it started (its process group): printing never hangs.
 */
#ifndef KAKANAI_PRINT_H
#define KAKANAI_PRINT_H

#include <sys/types.h>

#include "util/util.h"

#define PRINT_TIMEOUT_DEFAULT 60	/* seconds; config printer.timeout */
#define PRINT_GRACE_MS 3000		/* from SIGTERM to SIGKILL */

struct print_job {
	pid_t pid;		/* the lp child; 0 when none is running */
	double deadline;	/* clock_ms() after which lp is stopped */
	double stop_at;		/* SIGTERM sent: SIGKILL after this; 0: not */
	int killed;		/* SIGKILL sent */
	int timeout;		/* seconds, for the message */
	int fd;			/* read end of lp's stdout and stderr */
	struct strbuf out;	/* what lp said so far */
};

/* The lp program: $KAKANAI_LP if set (tests), else "lp". */
const char *print_program(void);
/* Start `lp -d printer file` in a process group of its own, to be
 * stopped after timeout seconds (<= 0: PRINT_TIMEOUT_DEFAULT). -1 and
 * *cause if it could not start. */
int print_start(struct print_job *, const char *printer, const char *file,
    int timeout, char **cause);
/* Has the job finished? 0 still running; 1 done and accepted (*message:
 * lp's answer, caller frees); -1 refused or lp missing (*cause). */
int print_poll(struct print_job *, char **message, char **cause);
/* Wait for the job to finish; results as print_poll. */
int print_wait(struct print_job *, char **message, char **cause);
/* The counter this process serves: the SSH client's address (from
 * SSH_CONNECTION), else the terminal's name ("pts/3"), else "console"
 * (caller frees). */
char *print_counter(void);
/* The counter's printer: the configuration's `printer.map.COUNTER`, else
 * its `printer` (NULL if neither). */
const char *print_printer_for(const struct config *, const char *counter);
/* Stop waiting for a job and free what it holds: its whole process group
 * gets SIGTERM, then SIGKILL after PRINT_GRACE_MS, and lp is reaped. */
void print_cancel(struct print_job *);

#endif
