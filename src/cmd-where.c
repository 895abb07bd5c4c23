/*
 * cepdir where PLACE: operators for a place as people write it (a
 * postcode, an INSEE code, a commune, a former commune, a department or
 * a region); PLACE - reads one place a line from stdin.
 */
#include <string.h>

#include "cmd.h"

struct where_args {
	int gaps;
};

static const struct cmd_option where_options[] = {
	CMD_FLAG("gaps", 0, N_("a row for each region and public without an "
	    "operator on the date"), struct where_args, gaps),
	CMD_OPTIONS_END
};

/* A line of stdin that found nothing: -:LINE: why. */
static void
bad_line(void *ctx, long line, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "-:%ld: %s\n", line, msg);
}

static int
cmd_where_exec(struct cmd_ctx *c)
{
	struct query q;

	cmd_query_init(c, &q);
	q.gaps = ((const struct where_args *)c->args)->gaps;
	if (strcmp(c->argv[0], "-") != 0)
		return query_where(&q, c->argv[0]);
	q.bad_line = bad_line;
	return query_where_batch(&q, stdin);
}

const struct cmd_entry cmd_where_entry = {
	.name = "where",
	.usage = "PLACE",
	.summary = N_("operators for a place: postcode, INSEE code, commune, "
	    "department or region; - reads one a line"),
	.options = where_options,
	.args_size = sizeof(struct where_args),
	.columns = query_where_batch_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_where_exec
};
