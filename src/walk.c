/*
 * Regions and operators through time: one that has ended is followed to
 * its successor (Limousin to Nouvelle-Aquitaine, Pôle emploi to France
 * Travail), and a region that has not begun yet is answered for the
 * regions it succeeded.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "query.h"

#define MAX_HOPS 16

void
walk_free(struct walk *w)
{
	free(w->id);
	free(w->name);
	free(w->first_name);
	memset(w, 0, sizeof(*w));
}

/* Replaces *dst with a copy of src (NULL: ""); -1 if out of memory. */
static int
set_str(char **dst, const unsigned char *src)
{
	char *s;

	if ((s = strdup(src ? (const char *)src : "")) == NULL)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/* Reads the rows of w->id: its name on day (else its latest row's), its
 * first start and last end, and the successor to follow. */
static int
read_rows(struct query *q, sqlite3_stmt *st, int day, struct walk *w,
    char **next)
{
	int f, t, nomem = 0;

	w->valid = w->any = 0;
	sqlite3_bind_text(st, 1, w->id, -1, SQLITE_STATIC);
	while (!nomem && sqlite3_step(st) == SQLITE_ROW) {
		f = sqlite3_column_int(st, 1);
		t = sqlite3_column_int(st, 2);
		if (!w->any)
			w->first_from = f;
		w->any = 1;
		w->last_to = t;
		if (w->valid)
			continue;
		nomem = set_str(&w->name, sqlite3_column_text(st, 0)) == -1 ||
		    set_str(next, sqlite3_column_text(st, 3)) == -1;
		w->valid = f <= day && t >= day;
	}
	if (nomem) {
		sqlite3_reset(st);
		return db_nomem(q->db);
	}
	return db_rewind(q->db, st, N_("reading the database"));
}

int
walk_successors(struct query *q, int operators, const char *id, int day,
    struct walk *w)
{
	sqlite3_stmt *st = NULL;
	char *next = NULL;
	int rc;

	memset(w, 0, sizeof(*w));
	if ((w->id = strdup(id)) == NULL)
		return db_nomem(q->db);
	if ((rc = query_prepare(q, operators ? sql_walk_operators :
	    sql_walk_regions, &st)) != CEP_OK)
		return rc;
	for (w->hops = 0; w->hops < MAX_HOPS; w->hops++) {
		sqlite3_clear_bindings(st);
		if ((rc = read_rows(q, st, day, w, &next)) != CEP_OK)
			break;
		if (w->hops == 0) {
			if (set_str(&w->first_name, (const unsigned char *)
			    (w->name ? w->name : "")) == -1) {
				rc = db_nomem(q->db);
				break;
			}
			w->first_to = w->last_to;
		}
		if (w->valid || !w->any || w->last_to >= day || next == NULL ||
		    next[0] == '\0')
			break;
		free(w->id);
		w->id = next;
		next = NULL;
	}
	free(next);
	sqlite3_finalize(st);
	return rc;
}

/* Not begun yet: the regions it succeeded that exist on q->on. */
static int
predecessors(struct query *q, const char *code, struct region_set *rs)
{
	sqlite3_stmt *st = NULL;
	struct mrows names = { 0 };
	const char *name;
	size_t i;
	int rc;

	if ((rc = query_prepare(q, sql_predecessors, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW)
		rc = region_set_add(rs, (const char *)sqlite3_column_text(st,
		    0), "");
	if (rc == CEP_OK)
		rc = db_end(q->db, st, N_("reading the database"));
	else {
		sqlite3_finalize(st);
		rc = db_nomem(q->db);
	}
	for (i = 0; i < rs->n && rc == CEP_OK; i++) {
		if ((name = region_name_on(q, rs->v[i].code, q->on, &names,
		    &rc)) == NULL)
			break;
		free(rs->v[i].name);
		if ((rs->v[i].name = strdup(name)) == NULL)
			rc = db_nomem(q->db);
	}
	mrows_free(&names);
	return rc;
}

/* "Haute-Normandie, Basse-Normandie" */
static void
region_list(const struct region_set *rs, char *buf, size_t bufsz)
{
	size_t i, n;

	buf[0] = '\0';
	for (i = 0; i < rs->n; i++) {
		n = strlen(buf);
		snprintf(buf + n, bufsz - n, "%s%s", i ? ", " : "",
		    rs->v[i].name);
	}
}

int
regions_for(struct query *q, const char *code, struct region_set *rs,
    struct note *note)
{
	struct walk w;
	char ended[DATE_BUFSZ], begins[DATE_BUFSZ], list[512];
	int rc;

	note->en[0] = note->local[0] = '\0';
	if ((rc = walk_successors(q, 0, code, q->on, &w)) != CEP_OK)
		goto out;
	date_format(w.last_to, ended);
	date_format(w.first_to, begins);
	if (w.valid) {
		if (region_set_add(rs, w.id, w.name) != CEP_OK)
			rc = db_nomem(q->db);
		else if (w.hops > 0)
			note_set(note, N_("%s ended %s; now %s"), w.first_name,
			    begins, w.name);
	} else if (!w.any)
		;
	else if (w.last_to < q->on && w.hops < MAX_HOPS)
		note_set(note, N_("%s ended %s"), w.name, ended);
	else if (w.hops == MAX_HOPS || w.first_from <= q->on) {
		date_format(q->on, ended);
		note_set(note, N_("%s does not exist on %s"), w.name, ended);
	} else {
		if ((rc = predecessors(q, w.id, rs)) != CEP_OK)
			goto out;
		date_format(w.first_from, begins);
		region_list(rs, list, sizeof(list));
		if (rs->n > 0)
			note_set(note, N_("%s begins %s; answering for %s"),
			    w.name, begins, list);
		else
			note_set(note, N_("%s begins %s"), w.name, begins);
	}
	if (note->en[0] != '\0')
		note_tell(q, note);
out:
	walk_free(&w);
	return rc;
}
