/* cepdir operator OPERATOR: the regions and publics an operator serves. */
#include "cmd.h"

static int
cmd_operator_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_operator(&q, c->argv[0]);
}

const struct cmd_entry cmd_operator_entry = {
	.name = "operator",
	.usage = "OPERATOR",
	.summary = "regions and publics an operator serves",
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_operator_exec
};
