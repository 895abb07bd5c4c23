/* cepdir region REGION: the operators serving a region on a date. */
#include "cmd.h"

static int
cmd_region_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_region(&q, c->argv[0]);
}

const struct cmd_entry cmd_region_entry = {
	.name = "region",
	.usage = "REGION",
	.summary = "operators serving a region",
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_region_exec
};
