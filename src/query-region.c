/*
 * Lookups by region: region, on and history, and what the other lookups
 * share with them (a region's mandates on a day, its name, the regions of
 * a day). National mandates (region `*`) become one row per concrete
 * region.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "query.h"
#include "resolve.h"

void
query_note(struct query *q, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (q->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	q->note(q->ctx, msg);
}

int
query_prepare(struct query *q, const char *sql, sqlite3_stmt **st)
{
	return db_prepare(q->db, sql, st, "preparing a lookup");
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
	if ((*rc = db_end(q->db, st, "reading the database")) != CEP_OK)
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
	return db_end(q->db, st, "reading the database");
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
	return db_end(q->db, st, "reading the database");
}

/* public, operator, from, to, operator name, website from column col */
static void
fill_mandate(struct mrows *m, struct mrow *r, sqlite3_stmt *st, int col)
{
	r->pub = sqlite3_column_int(st, col);
	r->op = mrows_column(m, st, col + 1);
	r->from = sqlite3_column_int(st, col + 2);
	r->to = sqlite3_column_int(st, col + 3);
	r->op_name = mrows_column(m, st, col + 4);
	r->website = mrows_column(m, st, col + 5);
}

/* Runs a mandate statement over key ranges; the rows go to m. */
static int
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
			fill_mandate(m, r, st, 0);
		rc = db_rewind(q->db, st, "reading the database");
	}
	return rc != CEP_OK ? rc : m->failed ? db_nomem(q->db) : CEP_OK;
}

int
gather_region_on(struct query *q, const char *code, const char *name,
    const char *insee, const char *commune, struct mrows *m)
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
	if (rc == CEP_OK)
		mrows_label(m, first, code, name, insee, commune);
	return rc;
}

/* The mandates in force on q->on in each region of rs. */
static int
gather_regions(struct query *q, const struct region_set *rs)
{
	struct mrows m = { 0 };
	size_t i;
	int rc = CEP_OK;

	for (i = 0; i < rs->n && rc == CEP_OK; i++)
		rc = gather_region_on(q, rs->v[i].code, rs->v[i].name, NULL,
		    NULL, &m);
	if (rc == CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_MANDATE);
	mrows_free(&m);
	return rc;
}

int
query_region(struct query *q, const char *text)
{
	struct region_set rs = { 0 };
	char code[8];
	int rc;

	if ((rc = resolve_region(q->db, text, code, sizeof(code))) == CEP_OK &&
	    (rc = regions_for(q, code, &rs)) == CEP_OK)
		rc = gather_regions(q, &rs);
	region_set_free(&rs);
	return rc;
}

int
query_on(struct query *q)
{
	struct region_set rs = { 0 };
	int rc;

	if ((rc = regions_on(q, q->on, &rs)) == CEP_OK)
		rc = gather_regions(q, &rs);
	region_set_free(&rs);
	return rc;
}

/* The region and its predecessors, each with the national mandates of
 * the time it existed. */
int
query_history(struct query *q, const char *text)
{
	struct key_range kr[KEY_RANGES_MAX];
	sqlite3_stmt *rs = NULL, *st = NULL;
	struct mrows m = { 0 };
	const char *c;
	char code[8];
	size_t first, n;
	int rc;

	if ((rc = resolve_region(q->db, text, code, sizeof(code))) != CEP_OK ||
	    (rc = query_prepare(q, sql_history_regions, &rs)) != CEP_OK)
		return rc;
	if ((rc = query_prepare(q, sql_history, &st)) != CEP_OK) {
		sqlite3_finalize(rs);
		return rc;
	}
	sqlite3_bind_text(rs, 1, code, -1, SQLITE_STATIC);
	while (rc == CEP_OK && sqlite3_step(rs) == SQLITE_ROW) {
		c = (const char *)sqlite3_column_text(rs, 0);
		first = m.n;
		n = key_ranges_until(c, strlen(c), sqlite3_column_int(rs, 2),
		    kr);
		if ((rc = gather_ranges(q, st, kr, n, sqlite3_column_int(rs,
		    1), &m)) == CEP_OK)
			mrows_label(&m, first, c, (const char *)
			    sqlite3_column_text(rs, 3), NULL, NULL);
	}
	sqlite3_finalize(st);
	if (rc != CEP_OK)
		sqlite3_finalize(rs);
	else if ((rc = db_end(q->db, rs, "reading the database")) == CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_HISTORY);
	mrows_free(&m);
	return rc;
}
