/* cepdir on DATE: every mandate in force on a date. */
#include "cmd.h"

static int
cmd_on_exec(struct cmd_ctx *c)
{
	struct query q;
	int rc;

	if ((rc = cmd_date_arg(c->entry, c->argv[0], &c->on)) != CEP_OK)
		return rc;
	cmd_query_init(c, &q);
	return query_on(&q);
}

const struct cmd_entry cmd_on_entry = {
	"on", "DATE", "every mandate in force on a date", 0, 1, 1, DB_READ,
	cmd_on_exec
};
