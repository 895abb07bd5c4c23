/* cepdir where PLACE: operators for a postcode, commune or department. */
#include "cmd.h"

struct where_args {
	int gaps;
};

static const struct cmd_option where_options[] = {
	CMD_FLAG("gaps", 0, "a row for each region and public without an "
	    "operator on the date", struct where_args, gaps),
	CMD_OPTIONS_END
};

static int
cmd_where_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	q.gaps = ((const struct where_args *)c->args)->gaps;
	return query_where(&q, c->argv[0]);
}

const struct cmd_entry cmd_where_entry = {
	.name = "where",
	.usage = "PLACE",
	.summary = "operators for a postcode, INSEE commune code, commune "
	    "name or department",
	.options = where_options,
	.args_size = sizeof(struct where_args),
	.columns = query_where_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_where_exec
};
