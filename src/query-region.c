/*
 * Lookups by region: region, on and history. National mandates (region
 * `*`) become one row per concrete region.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "query.h"
#include "resolve.h"

/* The mandates in force on q->on in each region of rs, with a note for
 * them all (or none: NULL). */
static int
gather_regions(struct query *q, const struct region_set *rs,
    const struct note *note)
{
	struct mrows m = { 0 };
	size_t i;
	int rc = CEP_OK;

	for (i = 0; i < rs->n && rc == CEP_OK; i++)
		rc = gather_region_on(q, rs->v[i].code, rs->v[i].name, NULL,
		    &m);
	if (rc == CEP_OK && note != NULL && note->en[0] != '\0')
		mrows_note(&m, 0, note);
	if (rc == CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_MANDATE);
	mrows_free(&m);
	return rc;
}

int
query_region(struct query *q, const char *text)
{
	struct region_set rs = { 0 };
	struct note note;
	char code[8];
	int rc;

	if ((rc = resolve_region(q->db, text, code, sizeof(code))) == CEP_OK &&
	    (rc = regions_for(q, code, &rs, &note)) == CEP_OK)
		rc = gather_regions(q, &rs, &note);
	region_set_free(&rs);
	return rc;
}

int
query_on(struct query *q)
{
	struct region_set rs = { 0 };
	int rc;

	if ((rc = regions_on(q, q->on, &rs)) == CEP_OK)
		rc = gather_regions(q, &rs, NULL);
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
			    sqlite3_column_text(rs, 3), NULL);
	}
	sqlite3_finalize(st);
	if (rc != CEP_OK)
		sqlite3_finalize(rs);
	else if ((rc = db_end(q->db, rs, N_("reading the database"))) == CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_HISTORY);
	mrows_free(&m);
	return rc;
}
