/* cepdir operators: the operators valid on a date, or all of them. */
#include "cmd.h"

struct operators_args {
	int all;
};

static const struct cmd_option operators_options[] = {
	CMD_FLAG("all", 0, N_("every row, not only those valid on --on"),
	    struct operators_args, all),
	CMD_OPTIONS_END
};

static int
cmd_operators_exec(struct cmd_ctx *c)
{
	const struct operators_args *a = c->args;
	struct query q;

	cmd_query_init(c, &q);
	return query_operators(&q, a->all);
}

const struct cmd_entry cmd_operators_entry = {
	.name = "operators",
	.usage = "",
	.summary = N_("list the operators"),
	.options = operators_options,
	.args_size = sizeof(struct operators_args),
	.columns = query_operators_columns,
	.minargs = 0, .maxargs = 0,
	.db = DB_READ,
	.exec = cmd_operators_exec
};
