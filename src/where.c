/*
 * A place, read by place.c, found in the data: the communes it names
 * (a postcode first, an INSEE code, a name, a former commune), or a
 * department, a region, or a territory outside the regions. What a person
 * must know of the reading goes into notes: the former commune asked for,
 * the other places of that name, a code read as an INSEE code.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "place.h"
#include "where.h"

#define WHAT N_("reading the database")

static int
add_hit(struct query *q, struct answer *a, const char *insee,
    const struct note *note)
{
	struct hit *h;
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->hits[i].insee, insee) == 0)
			return CEP_OK;
	if ((h = grow(a->hits, &a->cap, a->n + 1, sizeof(*h))) == NULL)
		return db_nomem(q->db);
	a->hits = h;
	h = &a->hits[a->n++];
	memset(h, 0, sizeof(*h));
	snprintf(h->insee, sizeof(h->insee), "%s", insee);
	if (note != NULL)
		h->note = *note;
	return CEP_OK;
}

void
answer_free(struct answer *a)
{
	free(a->hits);
	memset(a, 0, sizeof(*a));
}

/* Runs sql with one text parameter; each row's first column is a
 * commune, added to a (with note, if any). */
static int
add_communes(struct query *q, const char *sql, const char *param,
    struct answer *a)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = query_prepare(q, sql, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW)
		rc = add_hit(q, a, (const char *)sqlite3_column_text(st, 0),
		    NULL);
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_end(q->db, st, WHAT);
}

/* A commune's name and department, into the buffers; 0 if unknown. */
static int
commune_name(struct query *q, const char *insee, char *name, size_t namesz,
    char *dept, size_t deptsz, int *rc)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	name[0] = dept[0] = '\0';
	if ((*rc = query_prepare(q, sql_commune, &st)) != CEP_OK)
		return 0;
	sqlite3_bind_text(st, 1, insee, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(name, namesz, "%s", sqlite3_column_text(st, 0));
		snprintf(dept, deptsz, "%s", sqlite3_column_text(st, 1));
		found = 1;
	}
	*rc = db_end(q->db, st, WHAT);
	return found;
}

/*
 * Former communes by code or by name (sql), each answered for the current
 * commune with a note ("Annecy-le-Vieux is now part of Annecy (74010)").
 */
static int
add_former(struct query *q, const char *sql, const char *param,
    struct answer *a)
{
	sqlite3_stmt *st = NULL;
	char name[256], dept[8];
	const char *old, *code;
	struct note n;
	int rc;

	if ((rc = query_prepare(q, sql, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW) {
		code = (const char *)sqlite3_column_text(st, 2);
		old = (const char *)sqlite3_column_text(st, 1);
		if (!commune_name(q, code, name, sizeof(name), dept,
		    sizeof(dept), &rc))
			continue;
		note_set(&n, N_("%s is now part of %s (%s)"), old != NULL &&
		    old[0] != '\0' ? old : (const char *)
		    sqlite3_column_text(st, 0), name, code);
		rc = add_hit(q, a, code, &n);
	}
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_end(q->db, st, WHAT);
}

/*
 * A place outside the regions (sql finds it by param): the answer is a
 * note that says so ("Saint-Martin (978) lies outside the regions of
 * France: no CEP region of this directory covers it"). 0 if none.
 */
static int
outside(struct query *q, const char *sql, const char *param,
    struct answer *a, int *rc)
{
	sqlite3_stmt *st = NULL;
	const char *code, *name, *terr, *tname;
	int found = 0;

	if ((*rc = query_prepare(q, sql, &st)) != CEP_OK)
		return 0;
	sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		code = (const char *)sqlite3_column_text(st, 0);
		name = (const char *)sqlite3_column_text(st, 1);
		terr = (const char *)sqlite3_column_text(st, 2);
		tname = (const char *)sqlite3_column_text(st, 3);
		found = 1;
		if (strcmp(code, terr) != 0)
			note_set(&a->outside, N_("%s (%s) is in %s (%s), which "
			    "lies outside the regions of France: no CEP region "
			    "of this directory covers it"), name, code, tname,
			    terr);
		else if (strncmp(code, "99", 2) == 0)
			note_set(&a->outside, N_("%s (%s) lies outside France: "
			    "no CEP region of this directory covers it"), name,
			    code);
		else
			note_set(&a->outside, N_("%s (%s) lies outside the "
			    "regions of France: no CEP region of this directory "
			    "covers it"), name, code);
	}
	*rc = db_end(q->db, st, WHAT);
	return found && *rc == CEP_OK;
}

/* fmt (N_) names what code is not: "unknown postcode %s". */
static int
unknown_code(struct query *q, const char *fmt, const char *code)
{
	snprintf(q->db->err, sizeof(q->db->err), _(fmt), code);
	return CEP_USAGE;
}

/* Five digits: a postcode first, else an INSEE code, a former commune's
 * code, a place outside the regions. */
static int
by_code(struct query *q, const struct place_query *pq, struct answer *a)
{
	char name[256], dept[8];
	struct note n;
	int rc;

	if (pq->kind != PQ_INSEE && ((rc = add_communes(q,
	    sql_postcode_communes, pq->code, a)) != CEP_OK || a->n > 0))
		return rc;
	if (pq->kind != PQ_POSTCODE) {
		if (commune_name(q, pq->code, name, sizeof(name), dept,
		    sizeof(dept), &rc)) {
			n.en[0] = '\0';
			if (pq->kind == PQ_CODE)
				note_set(&n, N_("%s is no postcode: read as the "
				    "INSEE code of %s"), pq->code, name);
			return add_hit(q, a, pq->code, pq->kind == PQ_CODE ?
			    &n : NULL);
		}
		if (rc != CEP_OK || (rc = add_former(q, sql_former_by_code,
		    pq->code, a)) != CEP_OK || a->n > 0)
			return rc;
	}
	if (outside(q, pq->kind == PQ_INSEE ? sql_territory_by_code :
	    sql_territory_by_postcode, pq->code, a, &rc) ||
	    (pq->kind == PQ_CODE && outside(q, sql_territory_by_code,
	    pq->code, a, &rc)))
		return rc;
	if (rc != CEP_OK)
		return rc;
	return unknown_code(q, pq->kind == PQ_POSTCODE ?
	    N_("unknown postcode %s") : pq->kind == PQ_INSEE ?
	    N_("unknown INSEE code %s") : N_("unknown postcode or INSEE code "
	    "%s"), pq->code);
}

static int
dept_exists(struct query *q, const char *code, int *rc)
{
	sqlite3_stmt *st = NULL;
	int found;

	if ((*rc = query_prepare(q, sql_dept_exists, &st)) != CEP_OK)
		return 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	*rc = db_end(q->db, st, WHAT);
	return found && *rc == CEP_OK;
}

/* A department code, or a territory's (975). */
static int
by_dept(struct query *q, const char *code, struct answer *a)
{
	int rc;

	if (dept_exists(q, code, &rc)) {
		a->kind = ANS_DEPT;
		snprintf(a->code, sizeof(a->code), "%s", code);
		return CEP_OK;
	}
	if (rc != CEP_OK || outside(q, sql_territory_by_code, code, a, &rc))
		return rc;
	return unknown_code(q, N_("unknown department %s"), code);
}

/* The first column of sql's rows (one text parameter), into codes. */
static int
codes_of(struct query *q, const char *sql, const char *param,
    char codes[][8], size_t max, size_t *n)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*n = 0;
	if ((rc = query_prepare(q, sql, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW && *n < max)
		snprintf(codes[(*n)++], 8, "%s", sqlite3_column_text(st, 0));
	return db_end(q->db, st, WHAT);
}

/* Keeps the hits in department dept (or with postcode pc). */
static int
narrow(struct query *q, struct answer *a, const char *dept, const char *pc)
{
	sqlite3_stmt *st = NULL;
	char name[256], d[8];
	size_t i, k = 0;
	int rc = CEP_OK, keep;

	if (pc[0] != '\0' && (rc = query_prepare(q, sql_commune_postcode,
	    &st)) != CEP_OK)
		return rc;
	for (i = 0; i < a->n && rc == CEP_OK; i++) {
		if (pc[0] != '\0') {
			sqlite3_bind_text(st, 1, a->hits[i].insee, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(st, 2, pc, -1, SQLITE_STATIC);
			keep = sqlite3_step(st) == SQLITE_ROW;
			rc = db_rewind(q->db, st, WHAT);
		} else
			keep = commune_name(q, a->hits[i].insee, name,
			    sizeof(name), d, sizeof(d), &rc) &&
			    strcmp(d, dept) == 0;
		if (keep)
			a->hits[k++] = a->hits[i];
	}
	sqlite3_finalize(st);
	a->n = k;
	return rc;
}

/* "where "Bretagne (36)", where "Bretagne (90)"": how to ask for each
 * commune of the hits by the name asked (a former commune's included). */
static int
ask_list(struct query *q, const struct answer *a, const char *text,
    char *buf, size_t bufsz)
{
	char name[256], dept[8];
	size_t i, n;
	int rc = CEP_OK;

	buf[0] = '\0';
	for (i = 0; i < a->n && rc == CEP_OK; i++) {
		if (!commune_name(q, a->hits[i].insee, name, sizeof(name),
		    dept, sizeof(dept), &rc))
			continue;
		n = strlen(buf);
		snprintf(buf + n, bufsz - n, "%swhere \"%s (%s)\"", n ? ", " :
		    "", text, dept);
	}
	return rc;
}

/* "Évry-Courcouronnes (91)": the most populous communes whose name
 * begins with fold and is longer; a note on every row when there are. */
static int
longer_names(struct query *q, const char *text, const char *fold,
    struct answer *a)
{
	sqlite3_stmt *st = NULL;
	char end[PLACE_MAX + 8], list[600] = "";
	size_t n;
	int rc;

	snprintf(end, sizeof(end), "%s\xff", fold);
	if ((rc = query_prepare(q, sql_longer_names, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		n = strlen(list);
		snprintf(list + n, sizeof(list) - n, "%s%s (%s)", n ? ", " : "",
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
	}
	if ((rc = db_end(q->db, st, WHAT)) == CEP_OK && list[0] != '\0')
		note_set(&a->note, N_("communes whose name begins with \"%s\": "
		    "%s"), text, list);
	return rc;
}

/* No commune has exactly this name: the one name that begins so. */
static int
by_prefix(struct query *q, const char *text, const char *fold,
    struct answer *a)
{
	sqlite3_stmt *st = NULL;
	char end[PLACE_MAX + 8], first[PLACE_MAX] = "", list[600] = "",
	    qv[QUOTE_BUFSZ];
	int rc, names = 0;
	size_t n;

	snprintf(end, sizeof(end), "%s\xff", fold);
	if ((rc = query_prepare(q, sql_prefix_names, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, end, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (names++ == 0)
			snprintf(first, sizeof(first), "%s",
			    sqlite3_column_text(st, 0));
		n = strlen(list);
		if (names <= 12)
			snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " :
			    "", sqlite3_column_text(st, 1));
	}
	if ((rc = db_end(q->db, st, WHAT)) != CEP_OK)
		return rc;
	if (names == 1)
		return add_communes(q, sql_fold_communes, first, a);
	if (names == 0)
		return where_unknown(q, text, fold);
	quote_local(text, strlen(text), qv, sizeof(qv));
	if (names > 12) {
		n = strlen(list);
		snprintf(list + n, sizeof(list) - n, P_(", and %d more",
		    ", and %d more", names - 12), names - 12);
	}
	snprintf(q->db->err, sizeof(q->db->err), _("ambiguous place %s: %s"),
	    qv, list);
	return CEP_USAGE;
}

/* Is one of the hits in department dept? */
static int
hit_in_dept(struct query *q, const struct answer *a, const char *dept,
    int *rc)
{
	char name[256], d[8];
	size_t i;

	*rc = CEP_OK;
	for (i = 0; i < a->n && *rc == CEP_OK; i++)
		if (commune_name(q, a->hits[i].insee, name, sizeof(name), d,
		    sizeof(d), rc) && strcmp(d, dept) == 0)
			return 1;
	return 0;
}

/*
 * A region or a department of this name wins over communes of the same
 * name (with a note on how to ask for them), unless one of the communes is
 * in the department of that name (Paris): then the communes answer, with
 * a note on the department.
 */
static int
region_or_dept(struct query *q, const char *text, const char *fold,
    struct answer *a, int *taken)
{
	char depts[4][8], regions[4][8], list[800];
	size_t nd, nr, i;
	int rc;

	*taken = 0;
	if ((rc = codes_of(q, sql_dept_by_fold, fold, depts, 4, &nd)) !=
	    CEP_OK || (rc = codes_of(q, sql_region_by_fold, fold, regions, 4,
	    &nr)) != CEP_OK || (nd == 0 && nr == 0))
		return rc;
	for (i = 0; i < nd; i++) {
		if (hit_in_dept(q, a, depts[i], &rc)) {
			note_set(&a->note, N_("%s is also the name of a "
			    "department: where %s"), text, depts[i]);
			return CEP_OK;
		}
		if (rc != CEP_OK)
			return rc;
	}
	if ((rc = ask_list(q, a, text, list, sizeof(list))) != CEP_OK)
		return rc;
	if (a->n == 1)
		note_set(&a->note, N_("%s is also the name of a commune: %s"),
		    text, list);
	else if (a->n > 1)
		note_set(&a->note, N_("%s is also the name of communes: %s"),
		    text, list);
	a->n = 0;
	a->kind = nd > 0 ? ANS_DEPT : ANS_REGION;
	snprintf(a->code, sizeof(a->code), "%s", nd > 0 ? depts[0] :
	    regions[0]);
	*taken = 1;
	return CEP_OK;
}

/* The nearest names for "did you mean": the closest by edit distance,
 * the most populous first. */
struct near {
	char label[PLACE_MAX + 16];
	long pop;
};

#define NEAR_MAX 5

static void
keep_near(struct near *v, size_t *n, const char *name, const char *code,
    long pop)
{
	size_t i, at;

	for (at = 0; at < *n && v[at].pop >= pop; at++)
		;
	if (at == NEAR_MAX)
		return;
	if (*n == NEAR_MAX)
		(*n)--;
	for (i = *n; i > at; i--)
		v[i] = v[i - 1];
	if (code[0] != '\0')
		snprintf(v[at].label, sizeof(v[at].label), "%s (%s)", name,
		    code);
	else
		snprintf(v[at].label, sizeof(v[at].label), "%s", name);
	v[at].pop = pop;
	(*n)++;
	/* one label once: a name of several communes of one department */
	for (i = 0; i + 1 < *n; i++)
		if (i != at && strcmp(v[i].label, v[at].label) == 0) {
			memmove(&v[at], &v[at + 1], (*n - at - 1) *
			    sizeof(*v));
			(*n)--;
			break;
		}
}

int
where_unknown(struct query *q, const char *text, const char *fold)
{
	struct near v[NEAR_MAX];
	sqlite3_stmt *st = NULL;
	char list[NEAR_MAX * (PLACE_MAX + 20)], qv[QUOTE_BUFSZ];
	size_t n = 0, i, o;
	int rc, d, cap = strlen(fold) < 4 ? 1 : strlen(fold) < 9 ? 2 : 3,
	    best = cap + 1;
	const char *f;

	quote_local(text, strlen(text), qv, sizeof(qv));
	if (fold[0] != '\0') {
		if ((rc = query_prepare(q, sql_place_names, &st)) != CEP_OK)
			return rc;
		while (sqlite3_step(st) == SQLITE_ROW) {
			f = (const char *)sqlite3_column_text(st, 0);
			d = name_distance(fold, f ? f : "", best);
			if (d > best || d > cap)
				continue;
			if (d < best) {
				best = d;
				n = 0;
			}
			keep_near(v, &n, (const char *)sqlite3_column_text(st,
			    1), (const char *)sqlite3_column_text(st, 2),
			    (long)sqlite3_column_int64(st, 3));
		}
		if ((rc = db_end(q->db, st, WHAT)) != CEP_OK)
			return rc;
	}
	if (n == 0) {
		snprintf(q->db->err, sizeof(q->db->err), _("unknown place %s"),
		    qv);
		return CEP_USAGE;
	}
	list[0] = '\0';
	for (i = 0, o = 0; i < n; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
		    i ? ", " : "", v[i].label);
	snprintf(q->db->err, sizeof(q->db->err), _("unknown place %s (did you "
	    "mean %s?)"), qv, list);
	return CEP_USAGE;
}

/* "Lyon 3e": the arrondissement, when the data has it. 0 if not. */
static int
arrondissement(struct query *q, const struct place_query *pq,
    struct answer *a, int *rc)
{
	char name[PLACE_MAX + 32], fold[PLACE_MAX + 32];

	*rc = CEP_OK;
	if (pq->arrondissement == 0 || pq->dept_in_parens)
		return 0;
	snprintf(name, sizeof(name), "%s %d%s Arrondissement", pq->city,
	    pq->arrondissement, pq->arrondissement == 1 ? "er" : "e");
	name_fold(name, strlen(name), fold, sizeof(fold));
	*rc = add_communes(q, sql_fold_communes, fold, a);
	return *rc == CEP_OK && a->n > 0;
}

static int
by_name(struct query *q, const struct place_query *pq, struct answer *a)
{
	char fold[PLACE_MAX];
	int rc, taken;

	if (arrondissement(q, pq, a, &rc) || rc != CEP_OK)
		return rc;
	if (pq->name[0] == '\0' && pq->dept[0] != '\0')
		return by_dept(q, pq->dept, a);
	if (name_fold(pq->name, strlen(pq->name), fold, sizeof(fold)) == 0 ||
	    strlen(fold) >= sizeof(fold) - 1)
		return where_unknown(q, pq->name, "");
	if ((rc = add_communes(q, sql_fold_communes, fold, a)) != CEP_OK ||
	    (rc = add_former(q, sql_former_by_fold, fold, a)) != CEP_OK)
		return rc;
	if (pq->dept[0] != '\0' || pq->postcode[0] != '\0') {
		if ((rc = narrow(q, a, pq->dept, pq->postcode)) != CEP_OK)
			return rc;
		if (a->n == 0) {
			snprintf(q->db->err, sizeof(q->db->err), pq->dept[0] ?
			    _("no commune named %s in department %s") :
			    _("no commune named %s with postcode %s"),
			    pq->name, pq->dept[0] ? pq->dept : pq->postcode);
			return CEP_USAGE;
		}
		return CEP_OK;
	}
	if ((rc = region_or_dept(q, pq->name, fold, a, &taken)) != CEP_OK ||
	    taken)
		return rc;
	if (a->n > 0) {
		/* a place outside the regions of that name is told too */
		if (outside(q, sql_territory_by_fold, fold, a, &rc))
			a->outside_too = 1;
		if (rc != CEP_OK)
			return rc;
		return longer_names(q, pq->name, fold, a);
	}
	if (outside(q, sql_territory_by_fold, fold, a, &rc) || rc != CEP_OK)
		return rc;
	return by_prefix(q, pq->name, fold, a);
}

int
where_resolve(struct query *q, const char *text, struct answer *a)
{
	struct place_query pq;
	int rc;

	memset(a, 0, sizeof(*a));
	a->kind = ANS_COMMUNES;
	place_parse(text, &pq);
	switch (pq.kind) {
	case PQ_CODE:
	case PQ_POSTCODE:
	case PQ_INSEE:
		rc = by_code(q, &pq, a);
		break;
	case PQ_DEPT:
		rc = by_dept(q, pq.code, a);
		break;
	default:
		rc = by_name(q, &pq, a);
		break;
	}
	if (rc == CEP_OK && a->outside.en[0] != '\0' && !a->outside_too &&
	    a->n == 0 && a->kind == ANS_COMMUNES)
		a->kind = ANS_OUTSIDE;
	return rc;
}
