/* cepdir region REGION: the operators serving a region on a date. */
#include "cmd.h"

struct region_args {
	int gaps;
};

static const struct cmd_option region_options[] = {
	CMD_FLAG("gaps", 0, N_("a row for each region and public without an "
	    "operator on the date"), struct region_args, gaps),
	CMD_OPTIONS_END
};

static int
cmd_region_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	q.gaps = ((const struct region_args *)c->args)->gaps;
	return query_region(&q, c->argv[0]);
}

const struct cmd_entry cmd_region_entry = {
	.name = "region",
	.usage = "REGION",
	.summary = N_("operators serving a region"),
	.options = region_options,
	.args_size = sizeof(struct region_args),
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_region_exec
};
