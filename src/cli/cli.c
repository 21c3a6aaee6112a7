/*
 * cli.c - the command line, as two tables.
 *
 * cli_options is the master copy of every flag: its name, argument, help
 * line, and where its value goes in struct cli_args (or, for a command
 * flag, which function runs). getopt_long's table and --help are both made
 * from it, so the two cannot disagree. Exit status: 0 done, 1 bad input or
 * data, 2 usage.
 */
#include <getopt.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

enum opt_kind { OPT_COMMAND, OPT_STRING, OPT_DATE, OPT_FLAG, OPT_INT, OPT_LONG };

struct cli_option {
	const char *name;
	const char *metavar;	/* NULL: takes no argument */
	enum opt_kind kind;
	size_t offset;		/* into struct cli_args, for non-commands */
	int (*run)(const struct cli_args *);
	const char *help;
	const char *operands;	/* shown after the flag in --help, if any */
};

#define ARG(field) offsetof(struct cli_args, field)

static const struct cli_option cli_options[] = {
	/* Commands. */
	{ "render", "VISITFILE", OPT_COMMAND, 0, cmd_render,
	  "render the forms for a visit file into one PDF (with --out)", NULL },
	{ "render-guide", "VISITFILE", OPT_COMMAND, 0, cmd_render_guide,
	  "render the resident's お手続きのご案内 for a visit (with --out)",
	  NULL },
	{ "check-forms", NULL, OPT_COMMAND, 0, cmd_check_forms,
	  "check every form definition in DIR (default: forms/) and exit",
	  "[DIR]" },
	{ "check-config", NULL, OPT_COMMAND, 0, cmd_check_config,
	  "check the configuration (FILE, default: the one in use) and "
	  "print every mistake", "[FILE]" },
	{ "check-visit", "VISITFILE", OPT_COMMAND, 0, cmd_check_visit,
	  "check a visit file and print it in stored form", NULL },
	{ "list-forms", NULL, OPT_COMMAND, 0, cmd_list_forms,
	  "list the forms, their versions and when they apply", NULL },
	{ "bench-render", "VISITFILE", OPT_COMMAND, 0, cmd_bench_render,
	  "render a visit --jobs times (default 100) into --out DIR and "
	  "print ms and bytes per document", NULL },
	{ "bench-save", "SECONDS", OPT_COMMAND, 0, cmd_bench_save,
	  "save a field of a new draft every 200 ms for SECONDS and print "
	  "the ms of each save (make bench)", NULL },
	{ "import-postal", "FILE", OPT_COMMAND, 0, cmd_import_postal,
	  "replace the postal codes with KEN_ALL.CSV or utf_ken_all.csv", NULL },
	{ "lookup-postal", "CODE", OPT_COMMAND, 0, cmd_lookup_postal,
	  "print the addresses of a postal code (and of any more operands)", NULL },
	{ "import-visit", "FILE", OPT_COMMAND, 0, cmd_import_visit,
	  "store visit files (FILE and any more operands) as drafts", NULL },
	{ "export-csv", NULL, OPT_COMMAND, 0, cmd_export_csv,
	  "write stored visits as CSV (--since --until --encoding --out)", NULL },
	{ "regenerate", NULL, OPT_COMMAND, 0, cmd_regenerate,
	  "re-render stored visits (--since --until --form --visit --jobs "
	  "--out --verify)", NULL },
	{ "report", NULL, OPT_COMMAND, 0, cmd_report,
	  "visits per day and hour, forms per procedure, minutes to print", NULL },
	{ "purge", NULL, OPT_COMMAND, 0, cmd_purge,
	  "delete stored PDFs and My Numbers past --older-than DAYS", NULL },
	{ "read-card", NULL, OPT_COMMAND, 0, cmd_read_card,
	  "read a My Number card on this machine's reader into a visit file "
	  "(--out; the PIN is typed on the terminal)", NULL },
	{ "backup", "FILE", OPT_COMMAND, 0, cmd_backup,
	  "copy the database to FILE while clerks work (with --verify: "
	  "check FILE)", NULL },
	{ "restore", "FILE", OPT_COMMAND, 0, cmd_restore,
	  "put a backup back (refused while a counter screen is open)", NULL },
	{ "rotate-key", NULL, OPT_COMMAND, 0, cmd_rotate_key,
	  "make a new My Number key and re-seal every My Number with it", NULL },
	{ "audit", NULL, OPT_COMMAND, 0, cmd_audit,
	  "print the audit log (--since --until --visit)", NULL },
	{ "setup-town", "ID", OPT_COMMAND, 0, cmd_setup_town,
	  "as root: set up a town on this server (its folder, configuration "
	  "and groups; --from FILE, else data/towns/ID.conf)", NULL },
	{ "help", NULL, OPT_COMMAND, 0, NULL, "show this help", NULL },
	{ "version", NULL, OPT_COMMAND, 0, NULL, "show the version", NULL },

	/* Options. */
	{ "out", "FILE", OPT_STRING, ARG(out), NULL, "output file", NULL },
	{ "forms", "ID,ID", OPT_STRING, ARG(forms), NULL,
	  "render only these forms (default: every form that applies)", NULL },
	{ "overlay", NULL, OPT_FLAG, ARG(overlay), NULL,
	  "draw only the values, for paper with the form pre-printed", NULL },
	{ "allow-substitute", NULL, OPT_FLAG, ARG(allow_substitute), NULL,
	  "print the base character where a variant has no glyph, and list "
	  "it on a last page for handwritten correction", NULL },
	{ "config", "FILE", OPT_STRING, ARG(config), NULL,
	  "the town's configuration (default: $KAKANAI_CONFIG, "
	  "/etc/kakanai/kakanai.conf, data/kakanai.conf)", NULL },
	{ "forms-dir", "DIR", OPT_STRING, ARG(forms_dir), NULL,
	  "where the form definitions are (default: forms/)", NULL },
	{ "db", "FILE", OPT_STRING, ARG(db), NULL,
	  "the database (default: $KAKANAI_DB, the configuration's db, "
	  "~/.local/share/kakanai/kakanai.db)", NULL },
	{ "printer", "NAME", OPT_STRING, ARG(printer), NULL,
	  "the CUPS queue to print to (default: the configuration's printer)", NULL },
	{ "since", "YYYY-MM-DD", OPT_DATE, ARG(since), NULL,
	  "only visits filed on or after this date", NULL },
	{ "until", "YYYY-MM-DD", OPT_DATE, ARG(until), NULL,
	  "only visits filed on or before this date", NULL },
	{ "form", "ID", OPT_STRING, ARG(form), NULL, "only this form", NULL },
	{ "encoding", "ENC", OPT_STRING, ARG(encoding), NULL,
	  "utf-8 or cp932 (default utf-8)", NULL },
	{ "with-mynumber", NULL, OPT_FLAG, ARG(with_mynumber), NULL,
	  "include My Numbers (audited)", NULL },
	{ "verify", NULL, OPT_FLAG, ARG(verify), NULL,
	  "--regenerate: re-render and list documents whose sha256 differs; "
	  "--backup: check a backup instead of making one", NULL },
	{ "jobs", "N", OPT_INT, ARG(jobs), NULL, "worker processes", NULL },
	{ "visit", "N", OPT_LONG, ARG(visit_id), NULL, "only this visit", NULL },
	{ "older-than", "DAYS", OPT_INT, ARG(older_than), NULL,
	  "retention period in days (default: the configuration's)", NULL },
	{ "quiet", NULL, OPT_FLAG, ARG(quiet), NULL, "no progress output", NULL },
	{ "pin-b", NULL, OPT_FLAG, ARG(pin_b), NULL,
	  "--read-card with 照合番号B instead of the PIN (no My Number)", NULL },
	{ "town", "ID", OPT_STRING, ARG(town), NULL,
	  "on a town server: the town to work in, for a clerk of several",
	  NULL },
	{ "from", "FILE", OPT_STRING, ARG(from), NULL,
	  "the configuration --setup-town installs", NULL },
};

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(fmt, ap);
	va_end(ap);
}

/* Print text from column `indent`, wrapped before column 80. */
static void
cli_wrap(FILE *f, const char *text, int indent, int col)
{
	const char *p = text, *space;
	int len;

	while (*p != '\0') {
		len = (int)strlen(p);
		if (col + len > 79) {
			/* The last blank that keeps the line inside 79. */
			for (space = p + (79 - col); space > p && *space != ' ';
			    space--)
				;
			if (space > p)
				len = (int)(space - p);
		}
		fprintf(f, "%.*s", len, p);
		p += len;
		while (*p == ' ')
			p++;
		if (*p != '\0') {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		}
	}
	fputc('\n', f);
}

static void
cli_usage(FILE *f)
{
	const struct cli_option *o;
	char left[64];
	size_t i;

	fputs("usage: kakanai [OPTIONS]                 the counter screen\n"
	    "       kakanai --COMMAND [ARG] [OPTIONS]  a batch command\n"
	    "\ncommands:\n", f);
	for (i = 0; i < nitems(cli_options); i++) {
		o = &cli_options[i];
		if (i > 0 && o->kind != OPT_COMMAND &&
		    cli_options[i - 1].kind == OPT_COMMAND)
			fputs("\noptions:\n", f);
		snprintf(left, sizeof left, "--%s%s%s%s%s", o->name,
		    o->metavar != NULL ? " " : "",
		    o->metavar != NULL ? o->metavar : "",
		    o->operands != NULL ? " " : "",
		    o->operands != NULL ? o->operands : "");
		fprintf(f, "  %-26s ", left);
		cli_wrap(f, o->help, 29, 29);
	}
	fputs("\nexit status: 0 done, 1 bad input or data, 2 usage\n", f);
}

static int
cli_set(struct cli_args *args, const struct cli_option *o, const char *arg)
{
	char *base = (char *)args, *end;
	struct date d;
	long l;

	switch (o->kind) {
	case OPT_COMMAND:
		break;
	case OPT_DATE:
		if (date_parse_iso(arg, &d) != 0) {
			cli_error("--%s: not a date (YYYY-MM-DD): %s", o->name,
			    arg);
			return -1;
		}
		*(const char **)(base + o->offset) = arg;
		break;
	case OPT_STRING:
		*(const char **)(base + o->offset) = arg;
		break;
	case OPT_FLAG:
		*(int *)(base + o->offset) = 1;
		break;
	case OPT_INT:
	case OPT_LONG:
		l = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || l < 0 || l > 1000000) {
			cli_error("--%s: not a number: %s", o->name, arg);
			return -1;
		}
		if (o->kind == OPT_INT)
			*(int *)(base + o->offset) = (int)l;
		else
			*(long *)(base + o->offset) = l;
		break;
	}
	return 0;
}

int
cli_main(int argc, char **argv)
{
	struct option longopts[nitems(cli_options) + 1];
	const struct cli_option *command = NULL, *o;
	struct cli_args args;
	size_t i;
	int c, idx;

	setlocale(LC_ALL, "");
	memset(&args, 0, sizeof args);
	args.older_than = -1;
	for (i = 0; i < nitems(cli_options); i++) {
		longopts[i].name = cli_options[i].name;
		longopts[i].has_arg = cli_options[i].metavar != NULL ?
		    required_argument : no_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 0;
	}
	memset(&longopts[i], 0, sizeof longopts[i]);

	opterr = 0;
	for (;;) {
		idx = -1;
		c = getopt_long(argc, argv, "+h", longopts, &idx);
		if (c == -1)
			break;
		if (c == 'h') {
			cli_usage(stdout);
			return EXIT_DONE;
		}
		if (c != 0 || idx < 0) {
			if (optopt != 0 && optopt != '?')
				cli_error("-%c: unknown option", optopt);
			else
				cli_error("%s: unknown option or missing "
				    "argument (see kakanai --help)",
				    argv[optind - 1]);
			return EXIT_USAGE;
		}
		o = &cli_options[idx];
		if (o->kind == OPT_COMMAND) {
			if (command != NULL && command != o) {
				cli_error("--%s and --%s cannot be used "
				    "together", command->name, o->name);
				return EXIT_USAGE;
			}
			command = o;
			args.command = o->name;
			args.command_arg = optarg;
			continue;
		}
		if (cli_set(&args, o, optarg) != 0)
			return EXIT_USAGE;
	}
	args.files = argv + optind;
	args.nfiles = argc - optind;
	if (command == NULL || (strcmp(command->name, "help") != 0 &&
	    strcmp(command->name, "version") != 0)) {
		if ((c = cli_town_enter(&args)) != EXIT_DONE)
			return c;
	}

	if (command == NULL) {
		if (args.nfiles > 0) {
			cli_error("%s: unexpected argument (see kakanai --help)",
			    args.files[0]);
			return EXIT_USAGE;
		}
		return cmd_tui(&args);
	}
	if (strcmp(command->name, "help") == 0) {
		cli_usage(stdout);
		return EXIT_DONE;
	}
	if (strcmp(command->name, "version") == 0) {
		printf("kakanai %s\n", KAKANAI_VERSION);
		return EXIT_DONE;
	}
	return command->run(&args);
}
