/*
 * cepdir history REGION: every mandate a region and its predecessors had.
 * Its page (-f html) shows them as a timeline above the table.
 */
#include "cmd.h"

struct figure {
	struct timeline *t;
	struct timeline_view v;
};

static int
draw_timeline(void *ctx, FILE *fp)
{
	struct figure *f = ctx;

	return timeline_svg(f->t, &f->v, fp);
}

static int
cmd_history_exec(struct cmd_ctx *c)
{
	struct figure f;
	struct query q;
	int rc;

	cmd_query_init(c, &q);
	if (c->out.format != FMT_HTML)
		return query_history(&q, c->argv[0]);
	if ((f.t = timeline_new()) == NULL)
		return db_nomem(&c->db);
	if ((rc = cmd_timeline_regions(c, f.t)) == CEP_OK) {
		cmd_timeline_view(c, &f.v);
		f.v.embedded = 1;
		/* the rows go to the table, and to the picture as they pass */
		c->out.tap = timeline_mandate;
		c->out.tap_ctx = f.t;
		c->out.page.figure = draw_timeline;
		c->out.page.figure_ctx = &f;
		rc = query_history(&q, c->argv[0]);
	}
	timeline_free(f.t);
	return rc;
}

const struct cmd_entry cmd_history_entry = {
	.name = "history",
	.usage = "REGION",
	.summary = N_("every mandate a region has had, its predecessors' "
	    "included"),
	.columns = query_mandate_columns,
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_history_exec
};
