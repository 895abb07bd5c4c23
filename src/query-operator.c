/*
 * operator OPERATOR: the regions and publics an operator serves on a date
 * (followed to its successor when it has ended), or with --all its whole
 * history.
 */
#include <string.h>

#include "i18n.h"
#include "query.h"
#include "resolve.h"

/* The note on the operator asked for, when it is not the one answered
 * or not valid on the date; note->en empty otherwise. */
static void
operator_note(struct query *q, const struct walk *w, struct note *n)
{
	char when[DATE_BUFSZ];

	n->en[0] = n->local[0] = '\0';
	if (!w->valid && w->any && w->first_from > q->on) {
		date_format(w->first_from, when);
		note_set(n, N_("%s begins %s"), w->name, when);
	} else if (!w->valid && w->any) {
		date_format(w->last_to, when);
		note_set(n, N_("%s ended %s"), w->name, when);
	} else if (w->hops > 0) {
		date_format(w->first_to, when);
		note_set(n, N_("%s ended %s; now %s"), w->first_name, when,
		    w->name);
	}
	if (n->en[0] != '\0')
		note_tell(q, n);
}

/* The regions a mandate row stands for: its own, or for a national one
 * each region of its day (or, with --all, of its whole period). */
static int
mandate_regions(struct query *q, sqlite3_stmt *st, struct region_set *rs)
{
	const char *reg = (const char *)sqlite3_column_text(st, 0);
	sqlite3_stmt *names = NULL;
	int rc;

	if (strcmp(reg, "*") == 0)
		return q->all ? regions_during(q, sqlite3_column_int(st, 2),
		    sqlite3_column_int(st, 3), rs) : regions_on(q, q->on, rs);
	if ((rc = query_prepare(q, sql_region_name, &names)) != CEP_OK)
		return rc;
	sqlite3_bind_text(names, 1, reg, -1, SQLITE_STATIC);
	sqlite3_bind_int(names, 2, q->all ? sqlite3_column_int(st, 2) : q->on);
	if (sqlite3_step(names) == SQLITE_ROW &&
	    region_set_add(rs, reg, (const char *)sqlite3_column_text(names,
	    0)) != CEP_OK) {
		sqlite3_finalize(names);
		return db_nomem(q->db);
	}
	return db_end(q->db, names, N_("reading the database"));
}

/* The operator's mandates, once per region they stand for. */
static int
gather_operator(struct query *q, const char *id, struct mrows *m)
{
	struct region_set rs = { 0 };
	sqlite3_stmt *st = NULL;
	struct mrow *r;
	size_t i;
	int rc;

	if ((rc = query_prepare(q, sql_operator_on, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	sqlite3_bind_int(st, 3, q->public);
	sqlite3_bind_int(st, 4, q->all);
	while (rc == CEP_OK && !m->failed && sqlite3_step(st) == SQLITE_ROW) {
		region_set_free(&rs);
		if ((rc = mandate_regions(q, st, &rs)) != CEP_OK)
			break;
		for (i = 0; i < rs.n && (r = mrows_add(m)) != NULL; i++) {
			r->region = mrows_str(m, rs.v[i].code);
			r->region_name = mrows_str(m, rs.v[i].name);
			r->pub = sqlite3_column_int(st, 1);
			r->from = sqlite3_column_int(st, 2);
			r->to = sqlite3_column_int(st, 3);
			r->op = mrows_str(m, id);
			mrows_operator(m, r, st, 4);
		}
	}
	region_set_free(&rs);
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_end(q->db, st, N_("reading the database"));
}

int
query_operator(struct query *q, const char *text)
{
	struct mrows m = { 0 };
	struct walk w;
	struct note n;
	char id[128];
	int rc;

	if ((rc = resolve_operator(q->db, text, id, sizeof(id))) != CEP_OK)
		return rc;
	if (q->all) {
		/* its own history: no successor to follow */
		if ((rc = gather_operator(q, id, &m)) == CEP_OK)
			rc = mrows_emit(q, &m, SHAPE_HISTORY);
		mrows_free(&m);
		return rc;
	}
	if ((rc = walk_successors(q, 1, id, q->on, &w)) == CEP_OK) {
		operator_note(q, &w, &n);
		if ((rc = gather_operator(q, w.id, &m)) == CEP_OK) {
			if (n.en[0] != '\0')
				mrows_note(&m, 0, &n);
			rc = mrows_emit(q, &m, SHAPE_MANDATE);
		}
	}
	walk_free(&w);
	mrows_free(&m);
	return rc;
}
