/*
 * cmd-read-card.c - kakanai --read-card [--pin-b] --out VISITFILE
 *
 * Reads the resident's My Number card on a reader of this machine and
 * writes the person's items as a visit file (member 1): 氏名, 生年月日,
 * 性別, the address, and on the PIN route the My Number. The PIN (or with
 * --pin-b the 14-digit 照合番号B printed on the card) is typed by the
 * resident on the terminal, without echo; it is never taken from the
 * command line or the environment, never printed, and wiped after use.
 *
 * Before the attempt the tries left are shown; a wrong PIN ends the
 * command with the tries left (no retry on its own: running it again is
 * the resident's decision). The file is written with mode 0600 when it
 * holds a My Number.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "card/card.h"
#include "cli/cli.h"
#include "store/store.h"

/* Read a line from the terminal with echo off into buf (wiped on
 * failure). The terminal is in non-canonical mode without signals while
 * the resident types, so Ctrl-C is read here (and cancels) instead of
 * killing the program with echo still off; the settings are restored
 * whatever happens. Backspace deletes the last character. */
static int
read_secret_tty(const char *prompt, char *buf, size_t size, char **cause)
{
	struct termios old, quiet;
	size_t n = 0;
	ssize_t r;
	char c;
	int fd, rc = -1;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
		*cause = xasprintf("暗証番号は端末から入力します。端末が"
		    "ありません(/dev/tty: %s)", strerror(errno));
		return -1;
	}
	if (tcgetattr(fd, &old) != 0) {
		*cause = xasprintf("/dev/tty: %s", strerror(errno));
		close(fd);
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG);
	quiet.c_cc[VMIN] = 1;
	quiet.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		*cause = xasprintf("/dev/tty: %s", strerror(errno));
		close(fd);
		return -1;
	}
	(void)write(fd, prompt, strlen(prompt));
	for (;;) {
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0 || c == '\n' || c == '\r')
			break;
		if (c == 3 || c == 4) {		/* Ctrl-C, Ctrl-D */
			rc = -2;
			break;
		}
		if (c == 0x7f || c == 8) {
			if (n > 0 && n < size)
				buf[--n] = 0;
			continue;
		}
		if (n + 1 < size)
			buf[n++] = c;
		else
			n = size;	/* too long: refused below */
	}
	c = 0;
	(void)write(fd, "\n", 1);
	tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
	if (rc == -2) {
		card_wipe(buf, size);
		*cause = xstrdup("入力を取り消しました");
		return -1;
	}
	if (n >= size) {
		card_wipe(buf, size);
		*cause = xstrdup("入力が長すぎます");
		return -1;
	}
	buf[n] = '\0';
	rc = 0;
	return rc;
}

static int
read_card_error(enum card_err e, char *cause)
{
	fprintf(stderr, "kakanai: カードを読み取れません: %s\n", cause);
	free(cause);
	(void)e;
	return EXIT_BAD_INPUT;
}

int
cmd_read_card(const struct cli_args *args)
{
	enum card_route route = args->pin_b ? CARD_ROUTE_PIN_B :
	    CARD_ROUTE_PIN;
	struct card_pcsc *pc = NULL;
	struct card_transport tr;
	struct card_person p;
	struct render_env env;
	struct visit *v;
	struct store *st;
	char secret[32], *cause = NULL, *msg, *note = NULL, *text, *body;
	int tries, left, status = EXIT_BAD_INPUT;
	enum card_err e;

	if (args->out == NULL) {
		cli_error("--read-card needs --out VISITFILE");
		return EXIT_USAGE;
	}
	if (cli_load_env(args, &env, 0, 0) != 0)
		return EXIT_BAD_INPUT;
	memset(&p, 0, sizeof p);
	if ((e = card_pcsc_open(&pc, &cause)) != CARD_OK) {
		cli_free_env(&env);
		return read_card_error(e, cause);
	}
	tr = card_pcsc_transport(pc);
	if ((e = card_select_ap(&tr, &cause)) != CARD_OK ||
	    (e = card_tries_left(&tr, route, &tries, &cause)) != CARD_OK)
		goto card_fail;
	msg = card_tries_message(route, tries);
	fprintf(stderr, "%s\n", msg);
	free(msg);
	if (read_secret_tty(route == CARD_ROUTE_PIN ?
	    "券面事項入力補助用の暗証番号(数字4桁): " :
	    "照合番号B(生年月日6桁・有効期限の西暦4桁・セキュリティコード"
	    "4桁): ", secret, sizeof secret, &cause) != 0) {
		e = CARD_E_IO;
		goto card_fail;
	}
	e = card_verify(&tr, route, secret, &left, &cause);
	card_wipe(secret, sizeof secret);
	if (e != CARD_OK)
		goto card_fail;
	if ((e = card_read_person(&tr, route, &p, &cause)) != CARD_OK)
		goto card_fail;
	card_pcsc_close(pc);
	pc = NULL;

	v = visit_new();
	st = store_open_config(args->db, env.config, &cause);
	if (st == NULL) {
		/* the postal table only helps split the address */
		fprintf(stderr, "kakanai: %s\n", cause);
		free(cause);
		cause = NULL;
	}
	if (card_to_visit(&p, v, env.dict, st, 1, &note, &cause) != 0) {
		fprintf(stderr, "kakanai: %s\n", cause);
		free(cause);
		goto out;
	}
	if (st != NULL && store_audit(st, 0, "card", route == CARD_ROUTE_PIN ?
	    "pin" : "pin-b", &cause) != 0) {
		fprintf(stderr, "kakanai: %s\n", cause);
		free(cause);
		cause = NULL;
	}
	body = visit_format(v, env.dict, route == CARD_ROUTE_PIN);
	text = xasprintf("# マイナンバーカードから読み取りました(%s)。"
	    "フリガナと続柄はカードにありません\n%s", route == CARD_ROUTE_PIN ?
	    "暗証番号" : "照合番号B", body);
	card_wipe(body, strlen(body));
	free(body);
	if (cli_write_out(args->out, text, strlen(text), 0600,
	    &cause) != 0) {
		fprintf(stderr, "kakanai: %s\n", cause);
		free(cause);
	} else {
		printf("%s: %s(%s)を書きました%s\n", args->out, p.name,
		    p.birth, route == CARD_ROUTE_PIN ? "。個人番号も" :
		    "。個人番号は照合番号Bでは読めません");
		if (note != NULL)
			fputs(note, stdout);
		status = EXIT_DONE;
	}
	card_wipe(text, strlen(text));
	free(text);
out:
	free(note);
	if (st != NULL)
		store_close(st);
	visit_free(v);
	card_person_clear(&p);
	cli_free_env(&env);
	return status;
card_fail:
	card_pcsc_close(pc);
	cli_free_env(&env);
	return read_card_error(e, cause);
}
