/*
 * regen.c - batch regeneration: re-rendering stored visits with the form
 * versions in force on their dates, in parallel worker processes.
 *
 * The parent reads everything from the database first (visits, with My
 * Numbers since forms print them; and for --verify the stored documents),
 * then forks N workers. Workers never touch SQLite (a connection must not
 * cross fork()): worker k renders tasks k, k+N, k+2N, ..., writes each PDF
 * atomically (0600, in 0700 folders) and reports one line per task on its
 * own pipe:
 *   OK <tab> task <tab> sha256 <tab> file <tab> form:version,...
 *   SKIP <tab> task <tab> reason        (no form applies)
 *   FAIL <tab> task <tab> message       (tabs and newlines made spaces)
 * The parent is the only writer: it records documents and audit entries,
 * draws the progress bar (stderr, only on a terminal) and builds the
 * summary. With --verify nothing is written: each stored document is
 * re-rendered with its forms and its sha256 compared.
 *
 * Determinism: each visit is rendered with `today` set to its 届出日 (else
 * the day it was begun), and output files are named from the visit number
 * and the PDF's sha256, so a run repeated on the same data changes nothing.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "render/render.h"
#include "store/store.h"

struct regen_task {
	long visit_id;
	struct visit *visit;
	struct date day;	/* 届出日, else the day begun */
	const struct store_document *doc; /* --verify: the stored one */
	int had_form;		/* --form: a stored document holds it */
};

struct regen_ctx {
	const struct dict *dict;
	const struct config *config;
	const struct fontset *fonts;
	const struct form_set *forms;
	const struct regen_opts *opts;
	char *out_dir;
};

/* Does any form apply (or, with --form, that form)? */
static int
regen_applies(const struct regen_ctx *c, const struct regen_task *t,
    const struct derive_ctx *dc)
{
	const struct form **ids = NULL, *f;
	size_t i, n;
	int yes = 0;
	char *reason = NULL;

	if (c->opts->form != NULL) {
		if (t->had_form)
			return 1;
		f = form_set_find(c->forms, c->opts->form, t->day);
		if (f != NULL)
			yes = form_applies(f, dc, &reason);
		free(reason);
		return yes;
	}
	n = form_set_ids(c->forms, &ids);
	for (i = 0; i < n && !yes; i++) {
		f = form_set_find(c->forms, ids[i]->id, t->day);
		reason = NULL;
		if (f != NULL)
			yes = form_applies(f, dc, &reason);
		free(reason);
	}
	free(ids);
	return yes;
}

static char *
regen_file(const struct regen_ctx *c, const struct regen_task *t,
    const char *sha, char **cause)
{
	char *dir, *file, *name;

	if (c->opts->out_dir != NULL) {
		name = c->opts->form != NULL ?
		    xasprintf("%ld-%s.pdf", t->visit_id, c->opts->form) :
		    xasprintf("%ld.pdf", t->visit_id);
		file = file_join(c->out_dir, name);
		free(name);
		return file;
	}
	name = xasprintf("%ld", t->visit_id);
	dir = file_join(c->out_dir, name);
	free(name);
	if (file_dir_nofollow(dir, store_file_mode() | 0100 |
	    (store_file_mode() & 0060 ? 0010 : 0), cause) != 0) {
		free(dir);
		return NULL;
	}
	name = xasprintf("%.16s.pdf", sha);
	file = file_join(dir, name);
	free(name);
	free(dir);
	return file;
}

/* Render one task; the result line goes into sb. */
static void
regen_one(const struct regen_ctx *c, size_t idx, const struct regen_task *t,
    struct strbuf *sb)
{
	struct derive_ctx dc;
	struct render_opts ro;
	struct render_result res;
	const char **ids = NULL;
	char sha[65], *cause = NULL, *file = NULL;
	size_t i;
	int rc;

	memset(&dc, 0, sizeof dc);
	dc.visit = t->visit;
	dc.dict = c->dict;
	dc.config = c->config;
	dc.today = t->day;
	memset(&ro, 0, sizeof ro);
	if (t->doc != NULL) {
		ids = xcalloc(t->doc->nforms + 1, sizeof *ids);
		for (i = 0; i < t->doc->nforms; i++)
			ids[i] = t->doc->form_ids[i];
		ro.form_ids = ids;
	} else if (c->opts->form != NULL) {
		ids = xcalloc(2, sizeof *ids);
		ids[0] = c->opts->form;
		ro.form_ids = ids;
	}
	if (t->doc == NULL && !regen_applies(c, t, &dc)) {
		sb_addf(sb, "SKIP\t%zu\tno form applies\n", idx);
		free(ids);
		return;
	}
	rc = render_visit(c->forms, &dc, c->fonts, &ro, &res, &cause);
	free(ids);
	if (rc != 0) {
		sb_addf(sb, "FAIL\t%zu\t", idx);
		if (rc < 0)
			sb_add_field(sb, cause != NULL ? cause : "render failed");
		else {
			sb_add(sb, "the print is stopped:");
			for (i = 0; i < res.report.nissues; i++) {
				const struct layout_issue *is =
				    &res.report.issues[i];

				if (!layout_issue_blocks(is->kind))
					continue;
				sb_add(sb, " ");
				sb_add_field(sb, is->form_id != NULL ?
				    is->form_id : "");
				sb_add(sb, ": ");
				sb_add_field(sb, is->field != NULL ?
				    is->field : "");
				sb_add(sb, ": ");
				sb_add_field(sb, is->message != NULL ?
				    is->message : "");
				sb_add(sb, ";");
			}
		}
		sb_addc(sb, '\n');
		free(cause);
		render_result_free(&res);
		return;
	}
	sha256_hex(res.pdf, res.pdflen, sha);
	if (!c->opts->verify) {
		/* a folder the caller named (--out) is written with the
		 * caller's own rights, never with kakanai's group */
		if (c->opts->out_dir != NULL)
			priv_user_begin();
		file = regen_file(c, t, sha, &cause);
		if (file == NULL || file_write_atomic(file, res.pdf,
		    res.pdflen, c->opts->out_dir != NULL ? 0600 :
		    store_file_mode(), &cause) != 0) {
			if (c->opts->out_dir != NULL)
				priv_user_end();
			sb_addf(sb, "FAIL\t%zu\t", idx);
			sb_add_field(sb, cause);
			sb_addc(sb, '\n');
			free(cause);
			free(file);
			render_result_free(&res);
			return;
		}
		if (c->opts->out_dir != NULL)
			priv_user_end();
	}
	sb_addf(sb, "OK\t%zu\t%s\t", idx, sha);
	sb_add_field(sb, file != NULL ? file : "");
	sb_addc(sb, '\t');
	for (i = 0; i < res.nforms; i++)
		sb_addf(sb, "%s%s:%d", i > 0 ? "," : "", res.form_ids[i],
		    res.versions[i]);
	sb_addc(sb, '\n');
	free(file);
	render_result_free(&res);
}

static _Noreturn void
regen_worker(const struct regen_ctx *c, struct regen_task *tasks,
    size_t ntasks, size_t k, size_t jobs, int fd)
{
	struct strbuf sb;
	size_t i;

	signal(SIGPIPE, SIG_DFL);
	for (i = k; i < ntasks; i += jobs) {
		sb_init(&sb);
		regen_one(c, i, &tasks[i], &sb);
		if (file_write_all(fd, sb.s, sb.len) != 0)
			_exit(2);
		sb_free(&sb);
	}
	_exit(0);
}

static void
regen_progress(size_t done, size_t total, double ms)
{
	char bar[41];
	size_t fill = total > 0 ? done * 40 / total : 40, i;

	for (i = 0; i < 40; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu  %.0f/s ", bar, done, total,
	    ms > 0 ? (double)done * 1000.0 / ms : 0.0);
	fflush(stderr);
}

/* The parent's handling of one result line. */
static void
regen_result(struct store *s, struct regen_task *tasks, size_t ntasks,
    char *line, int verify, struct regen_summary *sum, struct strbuf *probs)
{
	char *f[5], *p = line, *cause = NULL, *detail;
	size_t nf = 0, idx, nforms;
	char **ids = NULL, *q, *colon;
	int *versions = NULL;
	struct regen_task *t;
	long doc;

	while (nf < 5) {
		f[nf++] = p;
		if ((p = strchr(p, '\t')) == NULL)
			break;
		*p++ = '\0';
	}
	if (nf < 3)
		return;
	idx = (size_t)strtoul(f[1], NULL, 10);
	if (idx >= ntasks)
		return;
	t = &tasks[idx];
	if (strcmp(f[0], "SKIP") == 0) {
		sum->skipped++;
		return;
	}
	if (strcmp(f[0], "FAIL") == 0) {
		sum->failed++;
		if (t->doc != NULL)
			sb_addf(probs, "visit %ld, document %ld: %s\n",
			    t->visit_id, t->doc->id, f[2]);
		else
			sb_addf(probs, "visit %ld: %s\n", t->visit_id, f[2]);
		return;
	}
	if (nf < 5)
		return;
	sum->docs++;
	if (verify) {
		if (strcmp(f[2], t->doc->sha256) != 0) {
			sum->differ++;
			sb_addf(probs, "visit %ld, document %ld (%s): sha256 "
			    "differs: stored %.16s…, now %.16s… (forms now %s)\n",
			    t->visit_id, t->doc->id, t->doc->file, t->doc->sha256,
			    f[2], f[4]);
		}
		return;
	}
	/* record the document: forms "id:ver,id:ver" */
	nforms = 0;
	for (q = f[4]; q != NULL && *q != '\0'; q = p) {
		if ((p = strchr(q, ',')) != NULL)
			*p++ = '\0';
		colon = strrchr(q, ':');
		ids = xreallocarray(ids, nforms + 1, sizeof *ids);
		versions = xreallocarray(versions, nforms + 1,
		    sizeof *versions);
		if (colon != NULL)
			*colon = '\0';
		ids[nforms] = q;
		versions[nforms++] = colon != NULL ? atoi(colon + 1) : 0;
	}
	if ((doc = store_document_find(s, t->visit_id, f[3], f[2],
	    &cause)) != 0) {
		/* the same bytes in the same file: the check is recorded,
		 * not another document */
		if (doc < 0) {
			sum->failed++;
			sb_addf(probs, "visit %ld: %s\n", t->visit_id, cause);
			free(cause);
		} else {
			detail = xasprintf("document %ld unchanged: %s (%.16s)",
			    doc, f[3], f[2]);
			if (store_audit(s, t->visit_id, "regenerate-check",
			    detail, &cause) != 0) {
				sb_addf(probs, "visit %ld: %s\n", t->visit_id,
				    cause);
				free(cause);
			}
			free(detail);
		}
	} else if (store_document_add(s, t->visit_id, f[3], f[2],
	    (const char *const *)ids, versions, nforms, &cause) < 0) {
		sum->failed++;
		sb_addf(probs, "visit %ld: %s\n", t->visit_id, cause);
		free(cause);
	} else {
		detail = xasprintf("%s (%.16s)", f[3], f[2]);
		if (store_audit(s, t->visit_id, "regenerate", detail,
		    &cause) != 0) {
			sb_addf(probs, "visit %ld: %s\n", t->visit_id, cause);
			free(cause);
		}
		free(detail);
	}
	free(ids);
	free(versions);
}

static int
doc_has_form(const struct store_document *d, const char *form)
{
	size_t i;

	for (i = 0; i < d->nforms; i++)
		if (strcmp(d->form_ids[i], form) == 0)
			return 1;
	return 0;
}

static struct date
task_day(const struct store_visit_info *vi)
{
	struct date d;
	struct tm tm;
	time_t t = (time_t)vi->started;

	if (date_parse_iso(vi->filed_date, &d) == 0)
		return d;
	localtime_r(&t, &tm);
	d.y = tm.tm_year + 1900;
	d.m = tm.tm_mon + 1;
	d.d = tm.tm_mday;
	return d;
}

static size_t
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (size_t)n : 1;
}

/* Fork the workers and collect their lines. */
static int
regen_fork(struct store *s, const struct regen_ctx *c,
    struct regen_task *tasks, size_t ntasks, struct regen_summary *sum,
    struct strbuf *probs, char **cause)
{
	size_t jobs = c->opts->jobs > 0 ? (size_t)c->opts->jobs :
	    default_jobs(), k, done = 0, open = 0;
	struct pollfd *pfd;
	struct strbuf *buf;
	pid_t *pids;
	int fds[2], status;
	double t0 = clock_ms();
	char chunk[8192], *nl;
	ssize_t r;

	if (jobs > ntasks)
		jobs = ntasks > 0 ? ntasks : 1;
	pfd = xcalloc(jobs, sizeof *pfd);
	buf = xcalloc(jobs, sizeof *buf);
	pids = xcalloc(jobs, sizeof *pids);
	fflush(stdout);
	fflush(stderr);
	for (k = 0; k < jobs; k++) {
		if (pipe(fds) != 0) {
			*cause = xasprintf("starting worker %zu: %s", k + 1,
			    strerror(errno));
			jobs = k;
			break;
		}
		if ((pids[k] = fork()) == -1) {
			*cause = xasprintf("starting worker %zu: %s", k + 1,
			    strerror(errno));
			close(fds[0]);
			close(fds[1]);
			jobs = k;
			break;
		}
		if (pids[k] == 0) {
			close(fds[0]);
			for (size_t j = 0; j < k; j++) {
				close(pfd[j].fd);
				sb_free(&buf[j]);
			}
			free(pfd);
			free(buf);
			free(pids);
			regen_worker(c, tasks, ntasks, k, jobs, fds[1]);
		}
		close(fds[1]);
		pfd[k].fd = fds[0];
		pfd[k].events = POLLIN;
		sb_init(&buf[k]);
		open++;
	}
	while (open > 0) {
		if (poll(pfd, jobs, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (k = 0; k < jobs; k++) {
			if (pfd[k].fd < 0 || pfd[k].revents == 0)
				continue;
			r = read(pfd[k].fd, chunk, sizeof chunk);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0) {
				close(pfd[k].fd);
				pfd[k].fd = -1;
				open--;
				continue;
			}
			sb_addn(&buf[k], chunk, (size_t)r);
			while (buf[k].len > 0 &&
			    (nl = memchr(buf[k].s, '\n', buf[k].len)) != NULL) {
				size_t linelen = (size_t)(nl - buf[k].s);
				char *line = xstrndup(buf[k].s, linelen);

				memmove(buf[k].s, nl + 1, buf[k].len -
				    linelen - 1);
				buf[k].len -= linelen + 1;
				buf[k].s[buf[k].len] = '\0';
				regen_result(s, tasks, ntasks, line,
				    c->opts->verify, sum, probs);
				free(line);
				done++;
				if (c->opts->progress)
					regen_progress(done, ntasks,
					    clock_ms() - t0);
			}
		}
	}
	/* Left by a failed poll: closed so that no worker blocks writing to
	 * a pipe nobody reads while we wait for it. */
	for (k = 0; k < jobs; k++)
		if (pfd[k].fd >= 0)
			close(pfd[k].fd);
	for (k = 0; k < jobs; k++) {
		status = 0;
		while (waitpid(pids[k], &status, 0) == -1 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			sb_addf(probs, "worker %zu ended abnormally (%s %d)\n",
			    k + 1, WIFSIGNALED(status) ? "signal" : "status",
			    WIFSIGNALED(status) ? WTERMSIG(status) :
			    WEXITSTATUS(status));
		sb_free(&buf[k]);
	}
	if (c->opts->progress)
		fputc('\n', stderr);
	/* a task whose line never came (a worker crashed) is a failure */
	if (done < ntasks) {
		sum->failed += ntasks - done;
		sb_addf(probs, "%zu visits got no answer from a worker\n",
		    ntasks - done);
	}
	free(pfd);
	free(buf);
	free(pids);
	return *cause != NULL ? -1 : 0;
}

int
regen_run(struct store *s, const struct dict *d, const struct config *cfg,
    const struct fontset *fonts, const struct form_set *forms,
    const struct regen_opts *o, struct regen_summary *sum, char **cause)
{
	struct regen_ctx c;
	struct regen_task *tasks = NULL;
	struct store_visit_info *info = NULL;
	struct store_document *docs = NULL;
	struct strbuf probs;
	long *ids = NULL;
	size_t n = 0, ndocs = 0, ntasks = 0, i, j;
	double t0 = clock_ms();
	int rc = -1, made;

	memset(sum, 0, sizeof *sum);
	memset(&c, 0, sizeof c);
	*cause = NULL;
	/* a form id becomes part of a file name: nothing that could leave
	 * the output folder */
	if (o->form != NULL && (*o->form == '\0' ||
	    strspn(o->form, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
	    strlen(o->form))) {
		*cause = xasprintf("--form: not a form id ([a-z0-9_]+): %s",
		    o->form);
		return -1;
	}
	sb_init(&probs);
	c.dict = d;
	c.config = cfg;
	c.fonts = fonts;
	c.forms = forms;
	c.opts = o;
	if (o->out_dir != NULL) {
		priv_user_begin();
		made = file_dir_nofollow(o->out_dir, 0700, cause);
		priv_user_end();
		if (made != 0)
			return -1;
		c.out_dir = xstrdup(o->out_dir);
	} else if (!o->verify &&
	    (c.out_dir = store_pdf_dir(s, cause)) == NULL)
		return -1;
	if (store_visit_ids(s, o->since, o->until, o->visit_id, 1, &ids,
	    &n, cause) != 0)
		goto out;
	if (store_document_list(s, 0, &docs, &ndocs, cause) != 0)
		goto out;
	info = xcalloc(n + 1, sizeof *info);
	tasks = xcalloc(o->verify ? ndocs + 1 : n + 1, sizeof *tasks);
	for (i = 0; i < n; i++) {
		struct visit *v = store_visit_load(s, ids[i], "regenerate",
		    &info[i], cause);

		if (v == NULL)
			goto out;
		if (!o->verify) {
			tasks[ntasks].visit_id = ids[i];
			tasks[ntasks].visit = v;
			tasks[ntasks].day = task_day(&info[i]);
			for (j = 0; o->form != NULL && j < ndocs; j++)
				if (docs[j].visit_id == ids[i] &&
				    doc_has_form(&docs[j], o->form))
					tasks[ntasks].had_form = 1;
			ntasks++;
			continue;
		}
		/* verify: one task per stored document of this visit */
		for (j = 0; j < ndocs; j++) {
			if (docs[j].visit_id != ids[i] || (o->form != NULL &&
			    !doc_has_form(&docs[j], o->form)))
				continue;
			tasks[ntasks].visit_id = ids[i];
			tasks[ntasks].visit = v;
			tasks[ntasks].day = task_day(&info[i]);
			tasks[ntasks].doc = &docs[j];
			ntasks++;
		}
		/* the visit is freed through the first task that holds it */
		if (ntasks == 0 || tasks[ntasks - 1].visit != v)
			visit_free(v);
	}
	sum->visits = n;
	if (ntasks > 0 && regen_fork(s, &c, tasks, ntasks, sum, &probs,
	    cause) != 0)
		goto out;
	sum->ms = clock_ms() - t0;
	sum->problems = probs.len > 0 ? sb_detach(&probs) : NULL;
	rc = sum->failed > 0 || sum->differ > 0 ? 1 : 0;
out:
	for (i = 0; i < ntasks; i++)
		if (i == 0 || tasks[i].visit != tasks[i - 1].visit)
			visit_free(tasks[i].visit);
	for (i = 0; i < n && info != NULL; i++)
		store_visit_info_clear(&info[i]);
	free(info);
	free(tasks);
	free(ids);
	store_document_free(docs, ndocs);
	free(c.out_dir);
	sb_free(&probs);
	return rc;
}

void
regen_summary_free(struct regen_summary *sum)
{
	free(sum->problems);
	memset(sum, 0, sizeof *sum);
}
