/*
 * where PLACE: a postcode or INSEE code, a department code, or a commune
 * name; each commune found is answered for its department's region on
 * the date.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "query.h"
#include "resolve.h"

/* shape: 'd' a digit, 'x' a digit or A/B (either case), else literal */
static int
text_is(const char *s, const char *shape)
{
	for (; *shape != '\0'; s++, shape++) {
		if (*s == '\0')
			return 0;
		if (*shape == 'd' && !(*s >= '0' && *s <= '9'))
			return 0;
		if (*shape == 'x' && !((*s >= '0' && *s <= '9') || *s == 'A' ||
		    *s == 'B' || *s == 'a' || *s == 'b'))
			return 0;
		if (*shape != 'd' && *shape != 'x' && *shape != *s)
			return 0;
	}
	return *s == '\0';
}

/* A code as stored: 2a and 2b in capitals. */
static void
code_upper(const char *s, char *out, size_t outsz)
{
	snprintf(out, outsz, "%s", s);
	if (out[0] == '2' && (out[1] == 'a' || out[1] == 'b'))
		out[1] = (char)(out[1] - 'a' + 'A');
}

/* The region of a department on q->on, or "" (into region). */
static int
dept_region_on(struct query *q, const char *dept, char *region,
    size_t regionsz)
{
	sqlite3_stmt *st = NULL;
	int rc;

	region[0] = '\0';
	if ((rc = query_prepare(q, sql_dept_region, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, dept, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(region, regionsz, "%s", sqlite3_column_text(st, 0));
	return db_end(q->db, st, "reading the database");
}

/* The mandates of the region of a department on q->on, labelled with
 * the place (a commune, or the department alone). */
static int
gather_dept(struct query *q, const struct place *place, struct mrows *m)
{
	char region[8];
	const char *name;
	struct note n;
	int rc;

	if ((rc = dept_region_on(q, place->department, region,
	    sizeof(region))) != CEP_OK)
		return rc;
	if (region[0] == '\0') {
		if (place->insee[0] != '\0')
			note_set(&n, N_("%s (%s): department %s has no region "
			    "on that date"), place->commune, place->insee,
			    place->department);
		else
			note_set(&n, N_("department %s has no region on that "
			    "date"), place->department);
		note_tell(q, &n);
		return CEP_OK;
	}
	if ((name = region_name_on(q, region, q->on, m, &rc)) == NULL)
		return rc;
	return gather_region_on(q, region, name, place, m);
}

static int
gather_commune(struct query *q, const char *insee, struct mrows *m)
{
	struct place place = { NULL, insee, NULL, NULL };
	sqlite3_stmt *st = NULL;
	char name[256], dept[8];
	int rc, found = 0;

	if ((rc = query_prepare(q, sql_commune, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, insee, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, sizeof(name), "%s", sqlite3_column_text(st, 0));
		snprintf(dept, sizeof(dept), "%s", sqlite3_column_text(st, 1));
		found = 1;
	}
	if ((rc = db_end(q->db, st, "reading the database")) != CEP_OK ||
	    !found)
		return rc;
	place.commune = name;
	place.department = dept;
	return gather_dept(q, &place, m);
}

/* A postcode or an INSEE code: the communes that have it. */
static int
communes_by_code(struct query *q, const char *place, struct commune_list *cl)
{
	sqlite3_stmt *st = NULL;
	char code[8];
	int rc;

	code_upper(place, code, sizeof(code));
	if ((rc = query_prepare(q, sql_communes_by_code, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW)
		if (commune_list_add(cl, (const char *)sqlite3_column_text(st,
		    0)) == -1)
			rc = db_nomem(q->db);
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	if ((rc = db_end(q->db, st, "reading the database")) != CEP_OK)
		return rc;
	if (cl->n == 0) {
		snprintf(q->db->err, sizeof(q->db->err), "unknown postcode or "
		    "INSEE code %s", code);
		return CEP_USAGE;
	}
	return CEP_OK;
}

/* A department code: its region's mandates. */
static int
department(struct query *q, const char *text, struct mrows *m)
{
	struct place place = { NULL, "", "", NULL };
	sqlite3_stmt *st = NULL;
	char dept[8];
	int rc, exists = 0;

	code_upper(text, dept, sizeof(dept));
	if ((rc = query_prepare(q, sql_dept_exists, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, dept, -1, SQLITE_STATIC);
	exists = sqlite3_step(st) == SQLITE_ROW;
	if ((rc = db_end(q->db, st, "reading the database")) != CEP_OK)
		return rc;
	if (!exists) {
		snprintf(q->db->err, sizeof(q->db->err), "unknown department "
		    "%s", dept);
		return CEP_USAGE;
	}
	place.department = dept;
	return gather_dept(q, &place, m);
}

int
query_where(struct query *q, const char *place)
{
	struct commune_list cl = { 0 };
	struct mrows m = { 0 };
	size_t i;
	int rc;

	if (text_is(place, "ddddd") || text_is(place, "2xddd"))
		rc = communes_by_code(q, place, &cl);
	else if (text_is(place, "dd") || text_is(place, "2x") ||
	    text_is(place, "9dd"))
		rc = department(q, place, &m);
	else
		rc = resolve_commune_name(q->db, place, &cl);
	for (i = 0; i < cl.n && rc == CEP_OK; i++)
		rc = gather_commune(q, cl.insee[i], &m);
	if (rc == CEP_OK)
		rc = mrows_emit(q, &m, SHAPE_WHERE);
	mrows_free(&m);
	commune_list_free(&cl);
	return rc;
}
