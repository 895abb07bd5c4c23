/*
 * cepdir timeline REGION: the rows of history REGION as an SVG picture,
 * on stdout. The same picture heads the page of history -f html.
 */
#include <string.h>

#include "cmd.h"

/* The regions' periods and successors: a band per region, hatched where
 * the region did not exist. */
int
cmd_timeline_regions(struct cmd_ctx *c, struct timeline *t)
{
	struct out o;
	struct query q;

	memset(&o, 0, sizeof(o));
	o.tap = timeline_region;
	o.tap_ctx = t;
	cmd_query_init(c, &q);
	q.out = &o;
	q.note = NULL;
	return query_regions(&q, 1);
}

void
cmd_timeline_view(struct cmd_ctx *c, struct timeline_view *v)
{
	memset(v, 0, sizeof(*v));
	v->on = c->g.on;
	v->public = c->g.public;
	v->place = c->argv[0];
	/* a picture is for a person, whatever the format asked */
	v->public_label = cmd_public_label;
	v->source = &c->out.page;
}

static int
cmd_timeline_exec(struct cmd_ctx *c)
{
	struct timeline_view v;
	struct timeline *t;
	struct query q;
	int rc, drawn;

	if ((t = timeline_new()) == NULL)
		return db_nomem(&c->db);
	if ((rc = cmd_timeline_regions(c, t)) != CEP_OK)
		goto out;
	/* history's rows go to the picture only */
	c->out.fp = NULL;
	c->out.tap = timeline_mandate;
	c->out.tap_ctx = t;
	cmd_query_init(c, &q);
	if ((rc = query_history(&q, c->argv[0])) != CEP_OK &&
	    rc != CEP_NOROWS)
		goto out;
	if ((drawn = cmd_data_source(c)) != CEP_OK) {
		rc = drawn;
		goto out;
	}
	cmd_timeline_view(c, &v);
	if ((drawn = timeline_svg(t, &v, stdout)) != CEP_OK) {
		rc = drawn;
		if (rc == CEP_SOFTWARE)
			db_nomem(&c->db);
	}
out:
	timeline_free(t);
	return rc;
}

const struct cmd_entry cmd_timeline_entry = {
	.name = "timeline",
	.usage = "REGION",
	.summary = N_("history as a picture (SVG on stdout)"),
	.minargs = 1, .maxargs = 1,
	.db = DB_READ,
	.exec = cmd_timeline_exec
};
