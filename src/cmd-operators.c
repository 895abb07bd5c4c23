/* cepdir operators: the operators valid on a date, or all of them. */
#include "cmd.h"

static int
cmd_operators_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_operators(&q, c->all);
}

const struct cmd_entry cmd_operators_entry = {
	"operators", "", "list the operators", CO_ALL, 0, 0, DB_READ,
	cmd_operators_exec
};
