/* changes FROM TO: the mandates that began or ended in a period. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "query.h"
#include "resolve.h"

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
	mrows_operator(m, r, st, 7);
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

static int
in_set(const struct region_set *rs, const char *code)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].code, code) == 0)
			return 1;
	return 0;
}

/* The changes of one region code's mandates (or the national ones). */
static int
gather_changes(struct query *q, sqlite3_stmt *st, const char *code,
    int from, int to, int span, const struct region_set *only,
    struct mrows *m)
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
			if (only == NULL || in_set(only, all.v[i].code))
				add_change(m, st, mrows_str(m, all.v[i].code),
				    mrows_str(m, all.v[i].name));
	}
	region_set_free(&all);
	if (rc != CEP_OK) {
		sqlite3_reset(st);
		return rc;
	}
	if ((rc = db_rewind(q->db, st, N_("reading the database"))) != CEP_OK)
		return rc;
	return m->failed ? db_nomem(q->db) : CEP_OK;
}

/* The region codes to look at: every one, or the region asked with the
 * regions it succeeded and those that succeeded it (and '*'). */
static int
region_codes(struct query *q, const char *region, struct region_set *rs)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = query_prepare(q, region ? sql_related_regions :
	    sql_region_codes, &st)) != CEP_OK)
		return rc;
	if (region != NULL)
		sqlite3_bind_text(st, 1, region, -1, SQLITE_STATIC);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW)
		rc = region_set_add(rs, (const char *)sqlite3_column_text(st,
		    0), "");
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return db_nomem(q->db);
	}
	return db_end(q->db, st, N_("reading the database"));
}

int
query_changes(struct query *q, int from, int to, const char *text)
{
	struct region_set codes = { 0 };
	sqlite3_stmt *st = NULL;
	struct mrows m = { 0 };
	char region[8];
	size_t i;
	int rc, span;

	if (text != NULL && (rc = resolve_region(q->db, text, region,
	    sizeof(region))) != CEP_OK)
		return rc;
	if ((rc = query_max_span(q, &span)) != CEP_OK ||
	    (rc = region_codes(q, text ? region : NULL, &codes)) != CEP_OK ||
	    (rc = query_prepare(q, sql_changes, &st)) != CEP_OK)
		goto out;
	for (i = 0; i < codes.n && rc == CEP_OK; i++)
		rc = gather_changes(q, st, codes.v[i].code, from, to, span,
		    text ? &codes : NULL, &m);
	if (rc == CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_CHANGES);
out:
	sqlite3_finalize(st);
	region_set_free(&codes);
	mrows_free(&m);
	return rc;
}
