/* operator OPERATOR: the regions and publics an operator serves. */
#include <string.h>

#include "query.h"
#include "resolve.h"

/* The note on the operator asked for, when it is not the one answered
 * or not valid on the date. */
static void
operator_note(struct query *q, const struct walk *w)
{
	char when[DATE_BUFSZ];

	if (!w->valid && w->any && w->first_from > q->on) {
		date_format(w->first_from, when);
		query_note(q, "%s begins %s", w->name, when);
	} else if (!w->valid && w->any) {
		date_format(w->last_to, when);
		query_note(q, "%s ended %s", w->name, when);
	} else if (w->hops > 0) {
		date_format(w->first_to, when);
		query_note(q, "%s ended %s; now %s", w->first_name, when,
		    w->name);
	}
}

/* The operator's mandates on q->on, once per region of the day for a
 * national one. */
static int
gather_operator(struct query *q, const struct walk *w, struct mrows *m)
{
	struct region_set all = { 0 };
	sqlite3_stmt *st = NULL;
	struct mrow *r;
	const char *reg;
	size_t i;
	int rc;

	if ((rc = regions_on(q, q->on, &all)) != CEP_OK ||
	    (rc = query_prepare(q, sql_operator_on, &st)) != CEP_OK)
		goto out;
	sqlite3_bind_text(st, 1, w->id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	sqlite3_bind_int(st, 3, q->public);
	while (!m->failed && sqlite3_step(st) == SQLITE_ROW) {
		reg = (const char *)sqlite3_column_text(st, 0);
		for (i = 0; i < all.n; i++) {
			if (strcmp(reg, "*") != 0 &&
			    strcmp(reg, all.v[i].code) != 0)
				continue;
			if ((r = mrows_add(m)) == NULL)
				break;
			r->region = mrows_str(m, all.v[i].code);
			r->region_name = mrows_str(m, all.v[i].name);
			r->pub = sqlite3_column_int(st, 1);
			r->from = sqlite3_column_int(st, 2);
			r->to = sqlite3_column_int(st, 3);
			r->op = mrows_str(m, w->id);
			r->op_name = mrows_str(m, w->name);
			r->website = mrows_str(m, w->website);
		}
	}
	rc = db_end(q->db, st, "reading the database");
out:
	region_set_free(&all);
	return rc;
}

int
query_operator(struct query *q, const char *text)
{
	struct mrows m = { 0 };
	struct walk w;
	char id[128];
	int rc;

	if ((rc = resolve_operator(q->db, text, id, sizeof(id))) != CEP_OK)
		return rc;
	if ((rc = walk_successors(q, 1, id, q->on, &w)) == CEP_OK) {
		operator_note(q, &w);
		if ((rc = gather_operator(q, &w, &m)) == CEP_OK)
			rc = mrows_emit(q, &m, SHAPE_MANDATE);
	}
	walk_free(&w);
	mrows_free(&m);
	return rc;
}
