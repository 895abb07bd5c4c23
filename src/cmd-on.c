/* cepdir on DATE: every mandate in force on a date. */
#include "cmd.h"

static int
cmd_on_exec(struct cmd_ctx *c)
{
	struct query q;
	int rc;

	if ((rc = cmd_date_arg(c->entry, c->argv[0], &c->g.on)) != CEP_OK)
		return rc;
	cmd_query_init(c, &q);
	return query_on(&q);
}

const struct cmd_entry cmd_on_entry = {
	.name = "on",
	.usage = "DATE",
	.summary = "every mandate in force on a date",
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_on_exec
};
