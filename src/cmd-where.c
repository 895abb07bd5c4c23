/* cepdir where PLACE: operators for a postcode, commune or department. */
#include "cmd.h"

static int
cmd_where_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_where(&q, c->argv[0]);
}

const struct cmd_entry cmd_where_entry = {
	.name = "where",
	.usage = "PLACE",
	.summary = "operators for a postcode, INSEE commune code, commune "
	    "name or department",
	.columns = query_where_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_where_exec
};
