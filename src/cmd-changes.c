/* cepdir changes FROM TO [REGION]: mandates that began or ended in a
 * period. */
#include "cmd.h"

static int
cmd_changes_exec(struct cmd_ctx *c)
{
	struct query q;
	int from, to, rc;

	if ((rc = cmd_date_arg(c->entry, c->argv[0], &from)) != CEP_OK ||
	    (rc = cmd_date_arg(c->entry, c->argv[1], &to)) != CEP_OK)
		return rc;
	if (from > to)
		return cmd_usage_error(c->entry, _("FROM (%s) is after TO "
		    "(%s)"), c->argv[0], c->argv[1]);
	cmd_query_init(c, &q);
	return query_changes(&q, from, to, c->argc > 2 ? c->argv[2] : NULL);
}

const struct cmd_entry cmd_changes_entry = {
	.name = "changes",
	.usage = "FROM TO [REGION]",
	.summary = N_("mandates that began or ended between two dates "
	    "(inclusive), in every region or one"),
	.columns = query_changes_columns,
	.minargs = 2, .maxargs = 3,
	.db = DB_READ,
	.exec = cmd_changes_exec
};
