/* cepdir regions: the regions valid on a date, or all of them. */
#include "cmd.h"

struct regions_args {
	int all;
};

static const struct cmd_option regions_options[] = {
	CMD_FLAG("all", 0, N_("every row, not only those valid on --on"),
	    struct regions_args, all),
	CMD_OPTIONS_END
};

static int
cmd_regions_exec(struct cmd_ctx *c)
{
	const struct regions_args *a = c->args;
	struct query q;

	cmd_query_init(c, &q);
	return query_regions(&q, a->all);
}

const struct cmd_entry cmd_regions_entry = {
	.name = "regions",
	.usage = "",
	.summary = N_("list the regions"),
	.options = regions_options,
	.args_size = sizeof(struct regions_args),
	.columns = query_regions_columns,
	.minargs = 0, .maxargs = 0,
	.db = DB_READ,
	.exec = cmd_regions_exec
};
