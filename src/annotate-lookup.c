/*
 * The operators of annotate's rows, remembered so that a million rows cost
 * little more than their reading. An answer changes only on the days a
 * mandate, a region or a department begins or ends: between two such days
 * (an "era") it is the same. So the cache keeps
 *   - each place as written: what where finds for it (the communes and
 *     their departments, a department, a region, or why nothing);
 *   - each department in each era: its region;
 *   - each region, public and era: its mandate rows,
 * and a row is answered from memory once its place, region and era have
 * been seen. Rows that explain a gap name their day, so they are not
 * remembered. The places are forgotten all at once past PLACES_MAX, so
 * memory does not grow with the file.
 */
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "where.h"

#define PLACE_BUCKETS 16384
#define PLACES_MAX 50000
#define DEPT_SLOTS 8192
#define REGION_BUCKETS 1024

struct place_entry {
	struct place_entry *next;
	char *text;
	int found;		/* else why says why not */
	char *why;
	enum answer_kind kind;
	char (*depts)[8];	/* ANS_COMMUNES, ANS_DEPT: the departments */
	size_t ndepts;
	char code[8];		/* ANS_REGION */
	char *note;		/* how the place was found, or NULL */
};

struct dept_slot {
	char dept[8];
	int era;		/* -1: free */
	char region[8];
};

struct region_entry {
	struct region_entry *next;
	char code[8];
	int pub, era;
	struct mrows m;
};

struct annot_cache {
	struct query *q;
	int *bounds;		/* the days answers may change, ascending */
	size_t nbounds;
	struct place_entry *places[PLACE_BUCKETS];
	size_t nplaces;
	struct dept_slot depts[DEPT_SLOTS];
	struct region_entry *regions[REGION_BUCKETS];
	sqlite3_stmt *dept_region, *commune;
};

static unsigned long
hash_str(const char *s, unsigned long h)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619UL;
	return h;
}

/* The era of a day: how many bounds are on or before it. */
static int
era_of(const struct annot_cache *c, int day)
{
	size_t lo = 0, hi = c->nbounds, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (c->bounds[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int)lo;
}

static int
load_bounds(struct annot_cache *c)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int *v, rc;

	if ((rc = query_prepare(c->q, sql_annotate_bounds, &st)) != CEP_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (c->nbounds == cap) {
			cap = cap ? cap * 2 : 256;
			if ((v = realloc(c->bounds, cap * sizeof(*v))) == NULL) {
				sqlite3_finalize(st);
				return db_nomem(c->q->db);
			}
			c->bounds = v;
		}
		c->bounds[c->nbounds++] = sqlite3_column_int(st, 0);
	}
	return db_end(c->q->db, st, "reading the database");
}

struct annot_cache *
annot_cache_new(struct query *q, int *rc)
{
	struct annot_cache *c;
	size_t i;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		*rc = db_nomem(q->db);
		return NULL;
	}
	c->q = q;
	q->gaps = 1;	/* a row says why it has no operator */
	for (i = 0; i < DEPT_SLOTS; i++)
		c->depts[i].era = -1;
	if ((*rc = load_bounds(c)) != CEP_OK ||
	    (*rc = query_prepare(q, sql_dept_region, &c->dept_region)) !=
	    CEP_OK ||
	    (*rc = query_prepare(q, sql_commune, &c->commune)) != CEP_OK) {
		annot_cache_free(c);
		return NULL;
	}
	return c;
}

static void
place_entry_free(struct place_entry *e)
{
	free(e->text);
	free(e->why);
	free(e->depts);
	free(e->note);
	free(e);
}

static void
forget_places(struct annot_cache *c)
{
	struct place_entry *e, *next;
	size_t i;

	for (i = 0; i < PLACE_BUCKETS; i++) {
		for (e = c->places[i]; e != NULL; e = next) {
			next = e->next;
			place_entry_free(e);
		}
		c->places[i] = NULL;
	}
	c->nplaces = 0;
}

void
annot_cache_free(struct annot_cache *c)
{
	struct region_entry *r, *next;
	size_t i;

	if (c == NULL)
		return;
	forget_places(c);
	for (i = 0; i < REGION_BUCKETS; i++)
		for (r = c->regions[i]; r != NULL; r = next) {
			next = r->next;
			mrows_free(&r->m);
			free(r);
		}
	sqlite3_finalize(c->dept_region);
	sqlite3_finalize(c->commune);
	free(c->bounds);
	free(c);
}

/* ---- places ---- */

/* a, then b after "; " (a is freed); NULL if out of memory */
static char *
note_join(char *a, const char *b)
{
	size_t na = a ? strlen(a) : 0, nb = strlen(b);
	char *s;

	if (nb == 0 || (a != NULL && strstr(a, b) != NULL))
		return a != NULL ? a : strdup("");
	if ((s = realloc(a, na + nb + 3)) == NULL) {
		free(a);
		return NULL;
	}
	if (na > 0)
		memcpy(s + na, "; ", 2), na += 2;
	memcpy(s + na, b, nb + 1);
	return s;
}

/* The department of a commune into e->depts, once. */
static int
add_commune_dept(struct annot_cache *c, struct place_entry *e,
    const char *insee)
{
	char dept[8] = "", (*v)[8];
	size_t i;
	int rc;

	sqlite3_bind_text(c->commune, 1, insee, -1, SQLITE_STATIC);
	if (sqlite3_step(c->commune) == SQLITE_ROW)
		snprintf(dept, sizeof(dept), "%s",
		    sqlite3_column_text(c->commune, 1));
	if ((rc = db_rewind(c->q->db, c->commune, "reading the database")) !=
	    CEP_OK || dept[0] == '\0')
		return rc;
	for (i = 0; i < e->ndepts; i++)
		if (strcmp(e->depts[i], dept) == 0)
			return CEP_OK;
	if ((v = realloc(e->depts, (e->ndepts + 1) * sizeof(*v))) == NULL)
		return db_nomem(c->q->db);
	e->depts = v;
	memcpy(e->depts[e->ndepts++], dept, sizeof(dept));
	return CEP_OK;
}

/* What where finds for the place, into e. */
static int
fill_place(struct annot_cache *c, struct place_entry *e)
{
	struct answer a;
	size_t i;
	int rc;

	if ((rc = where_resolve(c->q, e->text, &a)) == CEP_USAGE) {
		/* unknown or ambiguous: this row's problem, not the run's */
		e->why = strdup(c->q->db->err);
		c->q->db->err[0] = '\0';
		free(c->q->db->more);
		c->q->db->more = NULL;
		return e->why != NULL ? CEP_OK : db_nomem(c->q->db);
	}
	if (rc != CEP_OK)
		goto out;
	e->kind = a.kind;
	e->found = a.kind != ANS_OUTSIDE;
	if (a.kind == ANS_OUTSIDE)
		e->why = strdup(a.outside.en);
	else if (a.kind == ANS_REGION)
		memcpy(e->code, a.code, sizeof(e->code));
	else if (a.kind == ANS_DEPT) {
		if ((e->depts = malloc(sizeof(*e->depts))) == NULL)
			rc = db_nomem(c->q->db);
		else
			memcpy(e->depts[e->ndepts++], a.code, sizeof(a.code));
	}
	for (i = 0; i < a.n && rc == CEP_OK; i++)
		if ((rc = add_commune_dept(c, e, a.hits[i].insee)) == CEP_OK &&
		    a.hits[i].note.en[0] != '\0' &&
		    (e->note = note_join(e->note, a.hits[i].note.en)) == NULL)
			rc = db_nomem(c->q->db);
	if (rc == CEP_OK && a.note.en[0] != '\0' &&
	    (e->note = note_join(e->note, a.note.en)) == NULL)
		rc = db_nomem(c->q->db);
	if (rc == CEP_OK && a.outside_too &&
	    (e->note = note_join(e->note, a.outside.en)) == NULL)
		rc = db_nomem(c->q->db);
	if (rc == CEP_OK && a.kind == ANS_OUTSIDE && e->why == NULL)
		rc = db_nomem(c->q->db);
out:
	answer_free(&a);
	return rc;
}

static int
place_of(struct annot_cache *c, const char *text, struct place_entry **out)
{
	unsigned long h = hash_str(text, 2166136261UL) % PLACE_BUCKETS;
	struct place_entry *e;
	int rc;

	for (e = c->places[h]; e != NULL; e = e->next)
		if (strcmp(e->text, text) == 0) {
			*out = e;
			return CEP_OK;
		}
	if (c->nplaces >= PLACES_MAX)
		forget_places(c);
	if ((e = calloc(1, sizeof(*e))) == NULL ||
	    (e->text = strdup(text)) == NULL) {
		free(e);
		return db_nomem(c->q->db);
	}
	if ((rc = fill_place(c, e)) != CEP_OK) {
		place_entry_free(e);
		return rc;
	}
	e->next = c->places[h];
	c->places[h] = e;
	c->nplaces++;
	*out = e;
	return CEP_OK;
}

/* ---- departments and regions ---- */

static int
dept_region(struct annot_cache *c, const char *dept, int day, int era,
    char region[8])
{
	unsigned long h = hash_str(dept, 2166136261UL ^ (unsigned long)era);
	struct dept_slot *s;
	size_t i;
	int rc;

	for (i = 0; i < DEPT_SLOTS; i++) {
		s = &c->depts[(h + i) % DEPT_SLOTS];
		if (s->era == era && strcmp(s->dept, dept) == 0) {
			memcpy(region, s->region, 8);
			return CEP_OK;
		}
		if (s->era == -1)
			break;
	}
	region[0] = '\0';
	sqlite3_bind_text(c->dept_region, 1, dept, -1, SQLITE_STATIC);
	sqlite3_bind_int(c->dept_region, 2, day);
	if (sqlite3_step(c->dept_region) == SQLITE_ROW)
		snprintf(region, 8, "%s",
		    sqlite3_column_text(c->dept_region, 0));
	if ((rc = db_rewind(c->q->db, c->dept_region, "reading the "
	    "database")) != CEP_OK)
		return rc;
	if (i == DEPT_SLOTS) {	/* full: start again */
		for (i = 0; i < DEPT_SLOTS; i++)
			c->depts[i].era = -1;
		s = &c->depts[h % DEPT_SLOTS];
	}
	snprintf(s->dept, sizeof(s->dept), "%s", dept);
	s->era = era;
	memcpy(s->region, region, 8);
	return CEP_OK;
}

/* The rows of a region on q->on into m, as `region` finds them. */
static int
gather_code(struct query *q, const char *code, struct mrows *m)
{
	const char *name;
	int rc;

	if ((name = region_name_on(q, code, q->on, m, &rc)) == NULL)
		return rc;
	return gather_region_on(q, code, name, NULL, m);
}

/* By public, then operator: every cep_ column lists them in that order. */
static int
cmp_rows(const void *a, const void *b)
{
	const struct mrow *x = a, *y = b;

	if (x->pub != y->pub)
		return x->pub < y->pub ? -1 : 1;
	return strcmp(x->op != NULL ? x->op : "", y->op != NULL ? y->op : "");
}

static void
sort_rows(struct mrows *m, size_t first)
{
	if (m->n > first + 1)
		qsort(m->v + first, m->n - first, sizeof(m->v[0]), cmp_rows);
}

static int
has_gap(const struct mrows *m, size_t first)
{
	size_t i;

	for (i = first; i < m->n; i++)
		if (m->v[i].gap)
			return 1;
	return 0;
}

static int
add_part(struct annot_answer *a, const struct mrows *m, size_t first,
    const char *note)
{
	struct annot_part *p;

	if (a->nparts == ANNOT_PARTS || first == m->n)
		return CEP_OK;
	p = &a->part[a->nparts++];
	p->m = m;
	p->first = first;
	p->n = m->n - first;
	p->place_note = note;
	return CEP_OK;
}

/* A region's rows from memory, or gathered: remembered unless they
 * explain a gap (its note names the day). */
static int
region_rows(struct annot_cache *c, const char *code, int pub, int era,
    const char *note, struct annot_answer *a)
{
	unsigned long h = hash_str(code, 2166136261UL ^ (unsigned long)era *
	    7 ^ (unsigned long)(pub + 1)) % REGION_BUCKETS;
	struct region_entry *r;
	size_t first = a->own.n;
	int rc;

	for (r = c->regions[h]; r != NULL; r = r->next)
		if (r->era == era && r->pub == pub &&
		    strcmp(r->code, code) == 0)
			return add_part(a, &r->m, 0, note);
	if ((rc = gather_code(c->q, code, &a->own)) != CEP_OK)
		return rc;
	sort_rows(&a->own, first);
	if (has_gap(&a->own, first))
		return add_part(a, &a->own, first, note);
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return db_nomem(c->q->db);
	snprintf(r->code, sizeof(r->code), "%s", code);
	r->pub = pub;
	r->era = era;
	if ((rc = gather_code(c->q, code, &r->m)) != CEP_OK) {
		mrows_free(&r->m);
		free(r);
		return rc;
	}
	sort_rows(&r->m, 0);
	r->next = c->regions[h];
	c->regions[h] = r;
	a->own.n = first;	/* the copy in memory answers */
	return add_part(a, &r->m, 0, note);
}

/* A region named: its successor or predecessors on the day, as `where`
 * answers it; not remembered. */
static int
named_region(struct annot_cache *c, const struct place_entry *e,
    struct annot_answer *a)
{
	struct region_set rs = { 0 };
	struct note note;
	size_t i, first = a->own.n;
	int rc;

	if ((rc = regions_for(c->q, e->code, &rs, &note)) == CEP_OK) {
		for (i = 0; i < rs.n && rc == CEP_OK; i++)
			rc = gather_region_on(c->q, rs.v[i].code, rs.v[i].name,
			    NULL, &a->own);
		if (rc == CEP_OK && note.en[0] != '\0')
			mrows_note(&a->own, first, &note);
		if (rc == CEP_OK && a->own.failed)
			rc = db_nomem(c->q->db);
		sort_rows(&a->own, first);
	}
	region_set_free(&rs);
	return rc == CEP_OK ? add_part(a, &a->own, first, e->note) : rc;
}

int
annot_lookup(struct annot_cache *c, const char *text, int day, int pub,
    struct annot_answer *a)
{
	struct place_entry *e = NULL;
	char region[8], seen[ANNOT_PARTS][8];
	size_t i, j, nseen = 0;
	int era = era_of(c, day), rc;

	memset(a, 0, sizeof(*a));
	if ((rc = place_of(c, text, &e)) != CEP_OK)
		return rc;
	if (!e->found) {
		snprintf(a->why, sizeof(a->why), "%s", e->why);
		return CEP_OK;
	}
	c->q->on = day;
	c->q->public = pub;
	if (e->kind == ANS_REGION)
		return named_region(c, e, a);
	for (i = 0; i < e->ndepts && rc == CEP_OK; i++) {
		if ((rc = dept_region(c, e->depts[i], day, era, region)) !=
		    CEP_OK || region[0] == '\0')
			continue;
		for (j = 0; j < nseen && strcmp(seen[j], region) != 0; j++)
			;
		if (j < nseen || nseen == ANNOT_PARTS)
			continue;
		memcpy(seen[nseen++], region, sizeof(region));
		rc = region_rows(c, region, pub, era, e->note, a);
	}
	if (rc == CEP_OK && a->nparts == 0 && e->ndepts > 0)
		snprintf(a->why, sizeof(a->why), "department %s has no region "
		    "on that date", e->depts[0]);
	return rc;
}

void
annot_done(struct annot_answer *a)
{
	mrows_free(&a->own);
	memset(a, 0, sizeof(*a));
}
