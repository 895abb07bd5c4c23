/* cepdir regions: the regions valid on a date, or all of them. */
#include "cmd.h"

static int
cmd_regions_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_regions(&q, c->all);
}

const struct cmd_entry cmd_regions_entry = {
	"regions", "", "list the regions", CO_ALL, 0, 0, DB_READ,
	cmd_regions_exec
};
