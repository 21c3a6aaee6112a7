/*
 * cmd-tui.c - kakanai with no command: the counter screen (src/ui).
 *
 * Replaces the weak stand-in in cli.c when the TUI is built in. The
 * screen takes its own options: the flags it uses are copied here.
 */
#include "cli/cli.h"
#include "ui/ui.h"

int
cmd_tui(const struct cli_args *args)
{
	struct ui_opts opts = {
		.config = args->config,
		.db = args->db,
		.forms_dir = args->forms_dir,
		.printer = args->printer,
		.overlay = args->overlay,
		.allow_substitute = args->allow_substitute,
	};

	return ui_run(&opts);
}
