/* cepdir on DATE: every mandate in force on a date. */
#include "cmd.h"

struct on_args {
	int gaps;
};

static const struct cmd_option on_options[] = {
	CMD_FLAG("gaps", 0, N_("a row for each region and public without an "
	    "operator on the date"), struct on_args, gaps),
	CMD_OPTIONS_END
};

static int
cmd_on_exec(struct cmd_ctx *c)
{
	struct query q;
	int rc;

	if ((rc = cmd_date_arg(c->entry, c->argv[0], &c->g.on)) != CEP_OK)
		return rc;
	cmd_query_init(c, &q);
	q.gaps = ((const struct on_args *)c->args)->gaps;
	return query_on(&q);
}

const struct cmd_entry cmd_on_entry = {
	.name = "on",
	.usage = "DATE",
	.summary = N_("every mandate in force on a date"),
	.options = on_options,
	.args_size = sizeof(struct on_args),
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_on_exec
};
