/* cepdir history REGION: every mandate a region and its predecessors had. */
#include "cmd.h"

static int
cmd_history_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_history(&q, c->argv[0]);
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.usage = "REGION",
	.summary = "every mandate a region has had, its predecessors' included",
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_history_exec
};
