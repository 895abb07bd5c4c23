/* cepdir changes FROM TO: mandates that began or ended in a period. */
#include "cmd.h"

static int
cmd_changes_exec(struct cmd_ctx *c)
{
	struct query q;
	int from, to, i;

	for (i = 0; i < 2; i++)
		if (cmd_parse_date(c->argv[i], i ? &to : &from) == -1)
			return cmd_usage_error(c->entry, "invalid date '%s' "
			    "(YYYY-MM-DD, DD/MM/YYYY or today)", c->argv[i]);
	if (from > to)
		return cmd_usage_error(c->entry, "FROM (%s) is after TO (%s)",
		    c->argv[0], c->argv[1]);
	cmd_query_init(c, &q);
	return query_changes(&q, from, to);
}

const struct cmd_entry cmd_changes_entry = {
	"changes", "FROM TO", "mandates that began or ended between two dates "
	"(inclusive)", 0, 2, 2, DB_READ, cmd_changes_exec
};
