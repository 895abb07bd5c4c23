/* cepdir help [COMMAND]: usage, from the command table. */
#include "cmd.h"

static int
cmd_help_exec(struct cmd_ctx *c)
{
	const struct cmd_entry *e;

	if (c->argc == 0) {
		cmd_print_overview(stdout);
		return CEP_OK;
	}
	if ((e = cmd_find(c->argv[0])) == NULL)
		return cmd_unknown(c->entry, c->argv[0]);
	cmd_print_help(stdout, e);
	return CEP_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[COMMAND]",
	.summary = N_("usage of cepdir or of one command"),
	.minargs = 0, .maxargs = 1,
	.db = DB_NONE,
	.exec = cmd_help_exec
};
