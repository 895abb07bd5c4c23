/*
 * Names typed by a person, resolved to codes: regions, operators and
 * communes. A code or id wins, then the exact folded name, then an alias,
 * then an unambiguous prefix; else a did-you-mean from edit distance.
 */
#include <stdlib.h>
#include <string.h>

#include "resolve.h"

#define MAX_CANDIDATES 12

struct cand {
	char *key;		/* code or id */
	char *label;		/* what the message shows */
	int dist;
};

struct cands {
	struct cand c[MAX_CANDIDATES];
	int n;
	int total;
};

static void
cands_free(struct cands *cs)
{
	int i;

	for (i = 0; i < cs->n; i++) {
		free(cs->c[i].key);
		free(cs->c[i].label);
	}
	cs->n = 0;
}

static void
cands_add(struct cands *cs, const char *key, const char *label, int dist)
{
	int i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].key, key) == 0)
			return;
	cs->total++;
	if (cs->n == MAX_CANDIDATES)
		return;
	cs->c[cs->n].key = strdup(key ? key : "");
	cs->c[cs->n].label = strdup(label ? label : "");
	cs->c[cs->n].dist = dist;
	if (cs->c[cs->n].key == NULL || cs->c[cs->n].label == NULL) {
		free(cs->c[cs->n].key);
		free(cs->c[cs->n].label);
		return;
	}
	cs->n++;
}

/* Runs sql with text parameters; each row is (key, label). */
static int
collect(struct cep_db *db, const char *sql, const char *p1, const char *p2,
    struct cands *cs)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return db_set_error(db->err, sizeof(db->err), db->sql,
		    "looking up a name");
	if (p1 != NULL)
		sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	if (p2 != NULL)
		sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cands_add(cs, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_set_error(db->err, sizeof(db->err), db->sql,
		    "looking up a name");
	return CEP_OK;
}

/* [fold, fold + 0xff): every string that starts with fold. */
static void
prefix_end(const char *fold, char *end, size_t endsz)
{
	snprintf(end, endsz, "%s\xff", fold);
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->dist != y->dist)
		return x->dist - y->dist;
	return strcmp(x->label, y->label);
}

static void
list_labels(struct cands *cs, char *buf, size_t bufsz)
{
	int i;
	size_t o = 0;

	qsort(cs->c, (size_t)cs->n, sizeof(cs->c[0]), cand_cmp);
	buf[0] = '\0';
	for (i = 0; i < cs->n && o < bufsz; i++)
		o += (size_t)snprintf(buf + o, bufsz - o, "%s%s", i ? ", " : "",
		    cs->c[i].label);
	if (cs->total > cs->n && o < bufsz)
		snprintf(buf + o, bufsz - o, ", and %d more",
		    cs->total - cs->n);
}

/* The closest names, for "did you mean"; sql yields (key, label, fold). */
static void
suggest(struct cep_db *db, const char *sql, const char *fold,
    struct cands *cs)
{
	sqlite3_stmt *st = NULL;
	int cap, d, best;
	size_t len = strlen(fold);

	cap = len < 4 ? 1 : len < 9 ? 2 : 3;
	best = cap + 1;
	if (sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 2);

		d = name_distance(fold, f ? f : "", best < cap ? best : cap);
		if (d > cap || d > best)
			continue;
		if (d < best) {
			cands_free(cs);
			cs->total = 0;
			best = d;
		}
		cands_add(cs, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), d);
	}
	sqlite3_finalize(st);
}

static int
unknown(struct cep_db *db, const char *what, const char *text,
    const char *suggest_sql, const char *fold)
{
	struct cands cs = { .n = 0 };
	char list[600], q[64];

	quote_value(text, strlen(text), q, sizeof(q));
	if (fold[0] != '\0')
		suggest(db, suggest_sql, fold, &cs);
	if (cs.n > 0) {
		list_labels(&cs, list, sizeof(list));
		snprintf(db->err, sizeof(db->err), "unknown %s %s (did you "
		    "mean %s?)", what, q, list);
	} else
		snprintf(db->err, sizeof(db->err), "unknown %s %s", what, q);
	cands_free(&cs);
	return CEP_USAGE;
}

static int
ambiguous(struct cep_db *db, const char *what, const char *text,
    struct cands *cs)
{
	char list[600], q[64];

	quote_value(text, strlen(text), q, sizeof(q));
	list_labels(cs, list, sizeof(list));
	snprintf(db->err, sizeof(db->err), "ambiguous %s %s: %s", what, q,
	    list);
	cands_free(cs);
	return CEP_USAGE;
}

/* Takes the single candidate, or explains why not. */
static int
take_one(struct cep_db *db, const char *what, const char *text,
    struct cands *cs, char *out, size_t outsz)
{
	if (cs->n == 1 && cs->total == 1) {
		snprintf(out, outsz, "%s", cs->c[0].key);
		cands_free(cs);
		return CEP_OK;
	}
	return ambiguous(db, what, text, cs);
}

#define REGION_LABEL \
    "(SELECT name FROM regions x WHERE x.code = r.code" \
    " ORDER BY valid_from DESC LIMIT 1) || ' (' || r.code || ')'"

int
resolve_region(struct cep_db *db, const char *text, char *code,
    size_t codesz)
{
	struct cands cs = { .n = 0 };
	char fold[256], end[260];
	int rc;

	if ((rc = collect(db, "SELECT DISTINCT code, code FROM regions"
	    " WHERE code = ?1", text, NULL, &cs)) != CEP_OK)
		return rc;
	if (cs.n > 0)
		return take_one(db, "region", text, &cs, code, codesz);
	if (name_fold(text, strlen(text), fold, sizeof(fold)) == 0 ||
	    strlen(fold) >= sizeof(fold) - 1)
		return unknown(db, "region", text, "", "");
	prefix_end(fold, end, sizeof(end));
	if ((rc = collect(db, "SELECT DISTINCT r.code, " REGION_LABEL
	    " FROM regions r WHERE r.fold = ?1", fold, NULL, &cs)) != CEP_OK)
		return rc;
	if (cs.n == 0 && (rc = collect(db, "SELECT DISTINCT r.code, "
	    REGION_LABEL " FROM region_aliases r WHERE r.fold = ?1", fold,
	    NULL, &cs)) != CEP_OK)
		return rc;
	if (cs.n == 0 && (rc = collect(db, "SELECT DISTINCT r.code, "
	    REGION_LABEL " FROM regions r WHERE r.fold >= ?1 AND r.fold < ?2",
	    fold, end, &cs)) != CEP_OK)
		return rc;
	if (cs.n > 0)
		return take_one(db, "region", text, &cs, code, codesz);
	return unknown(db, "region", text, "SELECT r.code, " REGION_LABEL
	    ", r.fold FROM regions r UNION ALL SELECT r.code, " REGION_LABEL
	    ", r.fold FROM region_aliases r", fold);
}

#define OPERATOR_LABEL \
    "(SELECT name FROM operators x WHERE x.id = o.id" \
    " ORDER BY valid_from DESC LIMIT 1) || ' (' || o.id || ')'"

int
resolve_operator(struct cep_db *db, const char *text, char *id, size_t idsz)
{
	struct cands cs = { .n = 0 };
	char fold[256], end[260];
	int rc;

	if ((rc = collect(db, "SELECT DISTINCT id, id FROM operators"
	    " WHERE id = ?1", text, NULL, &cs)) != CEP_OK)
		return rc;
	if (cs.n > 0)
		return take_one(db, "operator", text, &cs, id, idsz);
	if (name_fold(text, strlen(text), fold, sizeof(fold)) == 0 ||
	    strlen(fold) >= sizeof(fold) - 1)
		return unknown(db, "operator", text, "", "");
	prefix_end(fold, end, sizeof(end));
	if ((rc = collect(db, "SELECT DISTINCT o.id, " OPERATOR_LABEL
	    " FROM operators o WHERE o.fold = ?1", fold, NULL, &cs)) != CEP_OK)
		return rc;
	if (cs.n == 0 && (rc = collect(db, "SELECT DISTINCT o.id, "
	    OPERATOR_LABEL " FROM operators o WHERE o.fold >= ?1 AND"
	    " o.fold < ?2", fold, end, &cs)) != CEP_OK)
		return rc;
	if (cs.n > 0)
		return take_one(db, "operator", text, &cs, id, idsz);
	/* ids fold too: "pole emploi" is close to "pole-emploi" */
	return unknown(db, "operator", text, "SELECT o.id, " OPERATOR_LABEL
	    ", o.fold FROM operators o UNION ALL SELECT o.id, " OPERATOR_LABEL
	    ", replace(o.id, '-', '') FROM operators o", fold);
}

/*
 * Communes by name: all communes of the exact name (Saint-Denis is four),
 * else those of the one name that starts so. Fills a list of INSEE codes.
 */
int
resolve_commune_name(struct cep_db *db, const char *text,
    struct commune_list *out)
{
	sqlite3_stmt *st = NULL;
	struct cands names = { .n = 0 };
	char fold[256], end[260];
	const char *use;
	int rc;

	out->n = 0;
	if (name_fold(text, strlen(text), fold, sizeof(fold)) == 0 ||
	    strlen(fold) >= sizeof(fold) - 1)
		return unknown(db, "place", text, "", "");
	prefix_end(fold, end, sizeof(end));
	if ((rc = collect(db, "SELECT DISTINCT fold, name FROM communes"
	    " WHERE fold = ?1", fold, NULL, &names)) != CEP_OK)
		return rc;
	if (names.n == 0 && (rc = collect(db, "SELECT DISTINCT fold, name"
	    " FROM communes WHERE fold >= ?1 AND fold < ?2 ORDER BY fold",
	    fold, end, &names)) != CEP_OK)
		return rc;
	if (names.n == 0)
		return unknown(db, "place", text, "SELECT fold, name, fold"
		    " FROM communes", fold);
	if (names.total > 1)
		return ambiguous(db, "place", text, &names);
	use = names.c[0].key;
	if (sqlite3_prepare_v2(db->sql, "SELECT DISTINCT insee FROM communes"
	    " WHERE fold = ?1 ORDER BY insee", -1, &st, NULL) != SQLITE_OK) {
		cands_free(&names);
		return db_set_error(db->err, sizeof(db->err), db->sql,
		    "looking up a commune");
	}
	sqlite3_bind_text(st, 1, use, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (commune_list_add(out, (const char *)sqlite3_column_text(st,
		    0)) == -1)
			break;
	sqlite3_finalize(st);
	cands_free(&names);
	return CEP_OK;
}

int
commune_list_add(struct commune_list *l, const char *insee)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->insee[i], insee) == 0)
			return 0;
	if (l->n == COMMUNE_LIST_MAX)
		return -1;
	snprintf(l->insee[l->n++], sizeof(l->insee[0]), "%s", insee);
	return 0;
}
