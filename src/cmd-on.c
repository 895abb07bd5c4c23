/* cepdir on DATE: every mandate in force on a date. */
#include "cmd.h"

static int
cmd_on_exec(struct cmd_ctx *c)
{
	struct query q;

	if (cmd_parse_date(c->argv[0], &c->on) == -1)
		return cmd_usage_error(c->entry, "invalid date '%s' "
		    "(YYYY-MM-DD, DD/MM/YYYY or today)", c->argv[0]);
	cmd_query_init(c, &q);
	return query_on(&q);
}

const struct cmd_entry cmd_on_entry = {
	"on", "DATE", "every mandate in force on a date", 0, 1, 1, DB_READ,
	cmd_on_exec
};
