/* cepdir departments: the departments valid on a date, or all of them. */
#include "cmd.h"

struct departments_args {
	int all;
};

static const struct cmd_option departments_options[] = {
	CMD_FLAG("all", 0, N_("every row, not only those valid on --on"),
	    struct departments_args, all),
	CMD_OPTIONS_END
};

static int
cmd_departments_exec(struct cmd_ctx *c)
{
	const struct departments_args *a = c->args;
	struct query q;

	cmd_query_init(c, &q);
	return query_departments(&q, a->all);
}

const struct cmd_entry cmd_departments_entry = {
	.name = "departments",
	.usage = "",
	.summary = N_("list the departments"),
	.options = departments_options,
	.args_size = sizeof(struct departments_args),
	.columns = query_departments_columns,
	.minargs = 0, .maxargs = 0,
	.db = DB_READ,
	.exec = cmd_departments_exec
};
