/*
 * cmd-tui.c - kakanai with no command: the counter screen (src/ui).
 *
 * Replaces the weak stand-in in cli.c when the TUI is built in.
 */
#include "cli/cli.h"
#include "ui/ui.h"

int
cmd_tui(const struct cli_args *args)
{
	return ui_run(args);
}
