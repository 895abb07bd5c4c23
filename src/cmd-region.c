/* cepdir region REGION: the operators serving a region on a date. */
#include "cmd.h"

static int
cmd_region_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	return query_region(&q, c->argv[0]);
}

const struct cmd_entry cmd_region_entry = {
	"region", "REGION", "operators serving a region", 0, 1, 1, DB_READ,
	cmd_region_exec
};
