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
	const char *near;

	if ((e = cmd_find(c->argv[0])) == NULL) {
		if ((near = cmd_nearest(c->argv[0])) != NULL)
			return cmd_usage_error(c->entry, "unknown command '%s' "
			    "(did you mean %s?)", c->argv[0], near);
		return cmd_usage_error(c->entry, "unknown command '%s'",
		    c->argv[0]);
	}
	cmd_print_help(stdout, e);
	return CEP_OK;
}

const struct cmd_entry cmd_help_entry = {
	"help", "[COMMAND]", "usage of cepdir or of one command", 0, 0, 1,
	DB_NONE, cmd_help_exec
};
