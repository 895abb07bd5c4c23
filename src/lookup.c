/*
 * What the lookups share: notes and statements, a region's name on a
 * day, the regions of a day, and a region's mandates on a day.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "query.h"

int
query_prepare(struct query *q, const char *sql, sqlite3_stmt **st)
{
	return db_prepare(q->db, sql, st, N_("preparing a lookup"));
}

const char *
region_name_on(struct query *q, const char *code, int day, struct mrows *m,
    int *rc)
{
	sqlite3_stmt *st = NULL;
	const char *name = "";

	if ((*rc = query_prepare(q, sql_region_name, &st)) != CEP_OK)
		return NULL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	if (sqlite3_step(st) == SQLITE_ROW)
		name = (const char *)sqlite3_column_text(st, 0);
	if ((name = mrows_str(m, name)) == NULL) {
		sqlite3_finalize(st);
		*rc = db_nomem(q->db);
		return NULL;
	}
	if ((*rc = db_end(q->db, st, N_("reading the database"))) != CEP_OK)
		return NULL;
	return name;
}

/* ---- region sets ---- */

int
region_set_add(struct region_set *rs, const char *code, const char *name)
{
	struct region *v;
	char *n;

	if ((n = strdup(name ? name : "")) == NULL)
		return CEP_SOFTWARE;
	if ((v = grow(rs->v, &rs->cap, rs->n + 1, sizeof(*v))) == NULL) {
		free(n);
		return CEP_SOFTWARE;
	}
	rs->v = v;
	snprintf(v[rs->n].code, sizeof(v[rs->n].code), "%s", code ? code :
	    "");
	v[rs->n].name = n;
	rs->n++;
	return CEP_OK;
}

void
region_set_free(struct region_set *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->v[i].name);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

int
regions_on(struct query *q, int day, struct region_set *rs)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = query_prepare(q, sql_regions_on, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, day);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW)
		rc = region_set_add(rs, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1));
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return db_nomem(q->db);
	}
	return db_end(q->db, st, N_("reading the database"));
}

int
regions_during(struct query *q, int from, int to, struct region_set *rs)
{
	sqlite3_stmt *st = NULL;
	const char *code;
	int rc;

	if ((rc = query_prepare(q, sql_regions_during, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW) {
		code = (const char *)sqlite3_column_text(st, 0);
		if (rs->n > 0 && strcmp(rs->v[rs->n - 1].code, code) == 0)
			continue;
		rc = region_set_add(rs, code, (const char *)
		    sqlite3_column_text(st, 1));
	}
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return db_nomem(q->db);
	}
	return db_end(q->db, st, N_("reading the database"));
}

/* ---- mandates of a region ---- */

int
query_max_span(struct query *q, int *span)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*span = 0;
	if ((rc = query_prepare(q, sql_max_span, &st)) != CEP_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*span = sqlite3_column_int(st, 0);
	return db_end(q->db, st, N_("reading the database"));
}

void
mrows_mandate(struct mrows *m, struct mrow *r, sqlite3_stmt *st, int col)
{
	r->pub = sqlite3_column_int(st, col);
	r->op = mrows_column(m, st, col + 1);
	r->from = sqlite3_column_int(st, col + 2);
	r->to = sqlite3_column_int(st, col + 3);
	mrows_operator(m, r, st, col + 4);
}

void
mrows_operator(struct mrows *m, struct mrow *r, sqlite3_stmt *st, int col)
{
	r->op_name = mrows_column(m, st, col);
	r->website = mrows_column(m, st, col + 1);
	r->phone = mrows_column(m, st, col + 2);
	r->locator = mrows_column(m, st, col + 3);
	r->scope = mrows_column(m, st, col + 4);
}

int
gather_ranges(struct query *q, sqlite3_stmt *st, const struct key_range *kr,
    size_t n, int day, struct mrows *m)
{
	struct mrow *r;
	size_t i;
	int rc = CEP_OK;

	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int(st, 4, q->public);
	for (i = 0; i < n && rc == CEP_OK && !m->failed; i++) {
		sqlite3_bind_int64(st, 1, kr[i].lo);
		sqlite3_bind_int64(st, 2, kr[i].hi);
		while (sqlite3_step(st) == SQLITE_ROW &&
		    (r = mrows_add(m)) != NULL)
			mrows_mandate(m, r, st, 0);
		rc = db_rewind(q->db, st, N_("reading the database"));
	}
	return rc != CEP_OK ? rc : m->failed ? db_nomem(q->db) : CEP_OK;
}

int
gather_region_on(struct query *q, const char *code, const char *name,
    const struct place *place, struct mrows *m)
{
	struct key_range kr[KEY_RANGES_MAX];
	sqlite3_stmt *st = NULL;
	size_t first = m->n, n;
	int rc, span;

	if ((rc = query_max_span(q, &span)) != CEP_OK ||
	    (rc = query_prepare(q, sql_region_on, &st)) != CEP_OK)
		return rc;
	n = key_ranges_on(code, strlen(code), q->on, span, kr);
	rc = gather_ranges(q, st, kr, n, q->on, m);
	sqlite3_finalize(st);
	if (rc != CEP_OK)
		return rc;
	mrows_label(m, first, code, name, place);
	return gaps_explain(q, code, name, place, first, m);
}
