/*
 * where PLACE: the mandates of a place (where.c finds it) on the date.
 * A commune or a department is answered for its department's region on
 * that date, a region as `region` answers it. `where -` does this for
 * each line of its input, a line's rows as soon as they are known.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "where.h"

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
	return db_end(q->db, st, N_("reading the database"));
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

/* A commune's rows, with the note of how it was found, if any. */
static int
gather_commune(struct query *q, const struct hit *h, const char *input,
    struct mrows *m)
{
	struct place place = { input, h->insee, NULL, NULL };
	sqlite3_stmt *st = NULL;
	char name[256], dept[8];
	size_t first = m->n;
	int rc, found = 0;

	if ((rc = query_prepare(q, sql_commune, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, h->insee, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, sizeof(name), "%s", sqlite3_column_text(st, 0));
		snprintf(dept, sizeof(dept), "%s", sqlite3_column_text(st, 1));
		found = 1;
	}
	if ((rc = db_end(q->db, st, N_("reading the database"))) != CEP_OK ||
	    !found)
		return rc;
	place.commune = name;
	place.department = dept;
	if (h->note.en[0] != '\0')
		note_tell(q, &h->note);
	if ((rc = gather_dept(q, &place, m)) == CEP_OK &&
	    h->note.en[0] != '\0')
		mrows_note(m, first, &h->note);
	return rc;
}

/* A region named: answered as `region` answers, successor or
 * predecessors followed. */
static int
gather_region(struct query *q, const char *code, const char *input,
    struct mrows *m)
{
	struct place place = { input, "", "", "" };
	struct region_set rs = { 0 };
	struct note note;
	size_t i, first = m->n;
	int rc;

	if ((rc = regions_for(q, code, &rs, &note)) == CEP_OK) {
		for (i = 0; i < rs.n && rc == CEP_OK; i++)
			rc = gather_region_on(q, rs.v[i].code, rs.v[i].name,
			    &place, m);
		if (rc == CEP_OK && note.en[0] != '\0')
			mrows_note(m, first, &note);
	}
	region_set_free(&rs);
	return rc;
}

/*
 * The rows of one place into m (input: the line asked, for where -).
 * CEP_OK; CEP_NOROWS for a place outside the regions (told); CEP_USAGE
 * for one unknown or ambiguous (the message in q->db->err).
 */
static int
gather_place(struct query *q, const char *text, const char *input,
    struct mrows *m)
{
	struct place dept = { input, "", "", NULL };
	struct answer a;
	size_t i, first = m->n;
	int rc;

	if ((rc = where_resolve(q, text, &a)) != CEP_OK)
		goto out;
	switch (a.kind) {
	case ANS_COMMUNES:
		for (i = 0; i < a.n && rc == CEP_OK; i++)
			rc = gather_commune(q, &a.hits[i], input, m);
		break;
	case ANS_DEPT:
		dept.department = a.code;
		rc = gather_dept(q, &dept, m);
		break;
	case ANS_REGION:
		rc = gather_region(q, a.code, input, m);
		break;
	case ANS_OUTSIDE:
		note_tell(q, &a.outside);
		rc = CEP_NOROWS;
		goto out;
	}
	if (rc != CEP_OK)
		goto out;
	if (a.note.en[0] != '\0') {
		note_tell(q, &a.note);
		mrows_note(m, first, &a.note);
	}
	if (a.outside_too) {
		note_tell(q, &a.outside);
		mrows_note(m, first, &a.outside);
	}
out:
	answer_free(&a);
	return rc;
}

int
query_where(struct query *q, const char *place)
{
	struct mrows m = { 0 };
	int rc;

	if ((rc = gather_place(q, place, NULL, &m)) == CEP_OK ||
	    rc == CEP_NOROWS)
		rc = mrows_emit(q, &m, SHAPE_WHERE);
	mrows_free(&m);
	return rc;
}

/* ---- where -: a place a line ---- */

/* A line without its line end, and trimmed of spaces (into trimmed). */
static void
line_text(char *line, char **trimmed)
{
	size_t n = strlen(line);
	char *s;

	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	for (s = line; *s == ' ' || *s == '\t'; s++)
		;
	*trimmed = s;
	for (n = strlen(s); n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t');
	    n--)
		;
	s[n] = '\0';
}

/* One line asked: its rows written; 1 if it found a mandate. */
static int
batch_line(struct query *q, char *line, long lineno, int *found)
{
	struct mrows m = { 0 };
	char *input, *text, msg[1200];
	int rc;

	*found = 0;
	if ((input = strdup(line)) == NULL)
		return db_nomem(q->db);
	line_text(input, &text);
	/* the input column: the line as read, without its line end */
	line[strcspn(line, "\r\n")] = '\0';
	rc = gather_place(q, text, line, &m);
	if (rc == CEP_OK) {
		*found = mrows_found(&m);
		rc = mrows_put(q, &m, SHAPE_WHERE_BATCH);
		if (rc == CEP_OK && !*found) {
			snprintf(msg, sizeof(msg), _("no operator known for "
			    "%s on that date"), text);
			q->bad_line(q->ctx, lineno, msg);
		}
	} else if (rc == CEP_USAGE || rc == CEP_NOROWS) {
		/* an unknown place is this line's problem, not the run's */
		if (rc == CEP_USAGE)
			q->bad_line(q->ctx, lineno, q->db->err);
		else {
			snprintf(msg, sizeof(msg), _("%s: outside the CEP "
			    "regions"), text);
			q->bad_line(q->ctx, lineno, msg);
		}
		q->db->err[0] = '\0';
		free(q->db->more);
		q->db->more = NULL;
		rc = CEP_OK;
	}
	mrows_free(&m);
	free(input);
	return rc;
}

int
query_where_batch(struct query *q, FILE *in)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got = 0;
	long lineno = 0;
	int rc = CEP_OK, end, found, all = 1;
	const char *s;

	mrows_begin(q, SHAPE_WHERE_BATCH);
	while (rc == CEP_OK && (got = getline(&line, &cap, in)) != -1) {
		lineno++;
		s = line + strspn(line, " \t\r\n");
		if (*s == '\0' || *s == '#')
			continue;
		if ((rc = batch_line(q, line, lineno, &found)) == CEP_OK &&
		    !found)
			all = 0;
	}
	if (rc == CEP_OK && got == -1 && errno == ENOMEM)
		rc = db_nomem(q->db);
	else if (rc == CEP_OK && ferror(in)) {
		snprintf(q->db->err, sizeof(q->db->err), _("cannot read the "
		    "places: %s"), strerror(errno));
		rc = CEP_IOERR;
	}
	free(line);
	if ((end = mrows_end(q)) != CEP_OK && rc == CEP_OK)
		rc = end;
	if (rc == CEP_OK && !all)
		rc = CEP_NOROWS;
	return rc;
}
