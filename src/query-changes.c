/* changes FROM TO: the mandates that began or ended in a period. */
#include <stdlib.h>
#include <string.h>

#include "query.h"

/* The row of a change; code and name are strings of m already. */
static void
add_change(struct mrows *m, sqlite3_stmt *st, const char *code,
    const char *name)
{
	struct mrow *r;

	if ((r = mrows_add(m)) == NULL)
		return;
	r->change = sqlite3_column_int(st, 0);
	r->day = sqlite3_column_int(st, 1);
	r->region = code;
	r->region_name = name;
	r->pub = sqlite3_column_int(st, 3);
	r->op = mrows_column(m, st, 4);
	r->from = sqlite3_column_int(st, 5);
	r->to = sqlite3_column_int(st, 6);
	r->op_name = mrows_column(m, st, 7);
	r->website = mrows_column(m, st, 8);
}

/* The key ranges of one region code's changes in [from, to]. */
static void
bind_ranges(sqlite3_stmt *st, int reg, int from, int to, int span, int pub)
{
	sqlite3_bind_int64(st, 1, key_at(reg, KEY_CLOSED, from));
	sqlite3_bind_int64(st, 2, key_at(reg, KEY_CLOSED, to));
	sqlite3_bind_int64(st, 3, key_at(reg, KEY_OPEN_END, from));
	sqlite3_bind_int64(st, 4, key_at(reg, KEY_OPEN_END, to));
	sqlite3_bind_int64(st, 5, key_at(reg, KEY_CLOSED,
	    key_earliest_start(from, span)));
	sqlite3_bind_int64(st, 6, key_at(reg, KEY_CLOSED, DAY_OPEN_FROM));
	sqlite3_bind_int(st, 7, from);
	sqlite3_bind_int(st, 8, to);
	sqlite3_bind_int(st, 9, pub);
}

/* The changes of one region code's mandates (or the national ones). */
static int
gather_changes(struct query *q, sqlite3_stmt *st, const char *code,
    int from, int to, int span, struct mrows *m)
{
	struct region_set all = { 0 };
	const char *name = NULL, *own = mrows_str(m, code);
	int reg = key_region(code, strlen(code)), rc = CEP_OK, day,
	    cached = 0, have = 0, named = 0;
	size_t i;

	bind_ranges(st, reg, from, to, span, q->public);
	while (rc == CEP_OK && !m->failed && sqlite3_step(st) == SQLITE_ROW) {
		day = sqlite3_column_int(st, 1);
		if (reg != 0) {
			/* by its name of the day, valid or not that day (rows
			 * come by start day: the last name is mostly right) */
			if (name == NULL || named != day) {
				if ((name = region_name_on(q, code, day, m,
				    &rc)) == NULL)
					break;
				named = day;
			}
			add_change(m, st, own, name);
			continue;
		}
		/* a national mandate: once for each region of its day */
		if (!have || cached != day) {
			region_set_free(&all);
			if ((rc = regions_on(q, day, &all)) != CEP_OK)
				break;
			cached = day;
			have = 1;
		}
		for (i = 0; i < all.n; i++)
			add_change(m, st, mrows_str(m, all.v[i].code),
			    mrows_str(m, all.v[i].name));
	}
	region_set_free(&all);
	if (rc != CEP_OK) {
		sqlite3_reset(st);
		return rc;
	}
	if ((rc = db_rewind(q->db, st, "reading the database")) != CEP_OK)
		return rc;
	return m->failed ? db_nomem(q->db) : CEP_OK;
}

int
query_changes(struct query *q, int from, int to)
{
	sqlite3_stmt *codes = NULL, *st = NULL;
	struct mrows m = { 0 };
	int rc, span;

	if ((rc = query_max_span(q, &span)) != CEP_OK ||
	    (rc = query_prepare(q, sql_region_codes, &codes)) != CEP_OK)
		return rc;
	if ((rc = query_prepare(q, sql_changes, &st)) != CEP_OK) {
		sqlite3_finalize(codes);
		return rc;
	}
	while (rc == CEP_OK && sqlite3_step(codes) == SQLITE_ROW)
		rc = gather_changes(q, st, (const char *)
		    sqlite3_column_text(codes, 0), from, to, span, &m);
	sqlite3_finalize(st);
	if (rc != CEP_OK)
		sqlite3_finalize(codes);
	else if ((rc = db_end(q->db, codes, "reading the database")) ==
	    CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_CHANGES);
	mrows_free(&m);
	return rc;
}
