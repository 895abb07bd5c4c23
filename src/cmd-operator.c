/* cepdir operator OPERATOR: the regions and publics an operator serves. */
#include "cmd.h"

struct operator_args {
	int all;
};

static const struct cmd_option operator_options[] = {
	CMD_FLAG("all", 0, N_("every mandate of the operator, at any date"),
	    struct operator_args, all),
	CMD_OPTIONS_END
};

static int
cmd_operator_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	q.all = ((const struct operator_args *)c->args)->all;
	return query_operator(&q, c->argv[0]);
}

const struct cmd_entry cmd_operator_entry = {
	.name = "operator",
	.usage = "OPERATOR",
	.summary = N_("regions and publics an operator serves"),
	.options = operator_options,
	.args_size = sizeof(struct operator_args),
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_operator_exec
};
