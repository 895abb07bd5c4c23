/*
 * Names typed by a person, resolved to codes: regions, operators and
 * communes. One cascade for each kind, as a table of statements: a code
 * or id wins, then the exact folded name, then an alias, then an
 * unambiguous prefix; else a did-you-mean from edit distance.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"
#include "resolve.h"

/* A one-line list of candidates names this many, then "and N more". */
#define LISTED 12

/* What the messages call a kind of name (N_): none matches, none but
 * some near, several match. */
struct name_msgs {
	const char *unknown, *near, *ambiguous;
};

static const struct name_msgs region_msgs = {
	N_("unknown region %s"), N_("unknown region %s (did you mean %s?)"),
	N_("ambiguous region %s: %s")
};
static const struct name_msgs operator_msgs = {
	N_("unknown operator %s"),
	N_("unknown operator %s (did you mean %s?)"),
	N_("ambiguous operator %s: %s")
};
static const struct name_msgs place_msgs = {
	N_("unknown place %s"), N_("unknown place %s (did you mean %s?)"),
	N_("ambiguous place %s: %s")
};

struct cand {
	char *key;		/* code or id */
	char *label;		/* what the message shows */
	int dist;
};

struct cands {
	struct cand *c;
	int n;
	size_t cap;
	int nomem;
};

static void
cands_free(struct cands *cs)
{
	int i;

	for (i = 0; i < cs->n; i++) {
		free(cs->c[i].key);
		free(cs->c[i].label);
	}
	free(cs->c);
	memset(cs, 0, sizeof(*cs));
}

static void
cands_add(struct cands *cs, const char *key, const char *label, int dist)
{
	struct cand *v;
	char *k, *l;
	int i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->c[i].key, key ? key : "") == 0)
			return;
	k = strdup(key ? key : "");
	l = strdup(label ? label : "");
	if (k == NULL || l == NULL || (v = grow(cs->c, &cs->cap,
	    (size_t)cs->n + 1, sizeof(*v))) == NULL) {
		free(k);
		free(l);
		cs->nomem = 1;
		return;
	}
	cs->c = v;
	v[cs->n].key = k;
	v[cs->n].label = l;
	v[cs->n].dist = dist;
	cs->n++;
}

/* Runs sql with text parameters; each row is (key, label). */
static int
collect(struct cep_db *db, const char *sql, const char *p1, const char *p2,
    struct cands *cs)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if ((rc = db_prepare(db, sql, &st, N_("looking up a name"))) != CEP_OK)
		return rc;
	if (p1 != NULL)
		sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	if (p2 != NULL)
		sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	while (!cs->nomem && sqlite3_step(st) == SQLITE_ROW)
		cands_add(cs, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), 0);
	if ((rc = db_end(db, st, N_("looking up a name"))) != CEP_OK)
		return rc;
	return cs->nomem ? db_nomem(db) : CEP_OK;
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

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->key,
	    ((const struct cand *)b)->key);
}

static void
list_labels(struct cands *cs, char *buf, size_t bufsz)
{
	int i;
	size_t o = 0;

	if (cs->n > 1)
		qsort(cs->c, (size_t)cs->n, sizeof(cs->c[0]), cand_cmp);
	buf[0] = '\0';
	for (i = 0; i < cs->n && i < LISTED && o < bufsz; i++)
		o += (size_t)snprintf(buf + o, bufsz - o, "%s%s", i ? ", " : "",
		    cs->c[i].label);
	if (cs->n > LISTED && o < bufsz)
		snprintf(buf + o, bufsz - o, P_(", and %d more",
		    ", and %d more", cs->n - LISTED), cs->n - LISTED);
}

/* The closest names, for "did you mean"; sql yields (key, label, fold). */
static int
suggest(struct cep_db *db, const char *sql, const char *fold,
    struct cands *cs)
{
	sqlite3_stmt *st = NULL;
	int cap, d, best, rc;
	size_t len = strlen(fold);

	cap = len < 4 ? 1 : len < 9 ? 2 : 3;
	best = cap + 1;
	if ((rc = db_prepare(db, sql, &st, N_("looking up a name"))) != CEP_OK)
		return rc;
	while (!cs->nomem && sqlite3_step(st) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 2);

		d = name_distance(fold, f ? f : "", best < cap ? best : cap);
		if (d > cap || d > best)
			continue;
		if (d < best) {
			cands_free(cs);
			best = d;
		}
		cands_add(cs, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), d);
	}
	if ((rc = db_end(db, st, N_("looking up a name"))) != CEP_OK)
		return rc;
	return cs->nomem ? db_nomem(db) : CEP_OK;
}

static int
unknown(struct cep_db *db, const struct name_msgs *m, const char *text,
    const char *suggest_sql, const char *fold)
{
	struct cands cs = { .n = 0 };
	char list[600], q[QUOTE_BUFSZ];
	int rc = CEP_OK;

	quote_local(text, strlen(text), q, sizeof(q));
	if (fold[0] != '\0')
		rc = suggest(db, suggest_sql, fold, &cs);
	if (rc != CEP_OK) {
		cands_free(&cs);
		return rc;
	}
	if (cs.n > 0) {
		list_labels(&cs, list, sizeof(list));
		snprintf(db->err, sizeof(db->err), _(m->near), q, list);
	} else
		snprintf(db->err, sizeof(db->err), _(m->unknown), q);
	cands_free(&cs);
	return CEP_USAGE;
}

static int
ambiguous(struct cep_db *db, const struct name_msgs *m, const char *text,
    struct cands *cs)
{
	char list[600], q[QUOTE_BUFSZ];

	quote_local(text, strlen(text), q, sizeof(q));
	list_labels(cs, list, sizeof(list));
	snprintf(db->err, sizeof(db->err), _(m->ambiguous), q, list);
	cands_free(cs);
	return CEP_USAGE;
}

/*
 * Every candidate, one a line ("  id  name"), never cut: the message says
 * how many match, db->more lists them. (Operators are listed so.)
 */
static int
ambiguous_all(struct cep_db *db, const char *text, struct cands *cs)
{
	char q[QUOTE_BUFSZ], *more;
	size_t len = 1, o = 0, k, n;
	int i;

	quote_local(text, strlen(text), q, sizeof(q));
	qsort(cs->c, (size_t)cs->n, sizeof(cs->c[0]), key_cmp);
	for (i = 0; i < cs->n; i++)
		len += strlen(cs->c[i].key) + strlen(cs->c[i].label) + 8;
	if ((more = malloc(len)) == NULL) {
		cands_free(cs);
		return db_nomem(db);
	}
	more[0] = '\0';
	for (i = 0; i < cs->n; i++) {
		/* the label without the " (key)" the one-line list needs */
		k = strlen(cs->c[i].label);
		n = strlen(cs->c[i].key) + 3;
		if (k > n && strncmp(cs->c[i].label + k - n + 2,
		    cs->c[i].key, n - 3) == 0)
			k -= n;
		o += (size_t)snprintf(more + o, len - o, "  %s  %.*s\n",
		    cs->c[i].key, (int)k, cs->c[i].label);
	}
	snprintf(db->err, sizeof(db->err), P_("ambiguous operator %s: %d "
	    "operator matches; name one:", "ambiguous operator %s: %d "
	    "operators match; name one:", cs->n), q, cs->n);
	free(db->more);
	db->more = more;
	cands_free(cs);
	return CEP_USAGE;
}

/* Takes the single candidate, or explains why not: every candidate, or a
 * line of them. */
static int
take_one(struct cep_db *db, const struct name_msgs *m, const char *text,
    struct cands *cs, int list_all, char *out, size_t outsz)
{
	if (cs->n == 1) {
		snprintf(out, outsz, "%s", cs->c[0].key);
		cands_free(cs);
		return CEP_OK;
	}
	if (list_all)
		return ambiguous_all(db, text, cs);
	return ambiguous(db, m, text, cs);
}

/* The cascade of one kind of name: statements tried in turn, each
 * yielding (key, label) from ?1 (the text, then the fold) and ?2 (the
 * end of the fold's prefix range). */
struct cascade {
	const struct name_msgs *msgs;
	const char *by_code;	/* the text as it is */
	const char *by_fold[3];	/* the folded text: the first that finds */
	/* (key, label, fold) of every name: the names that hold every word
	 * of the text (NULL: no search by words), and the did-you-mean */
	const char *by_words;
	const char *suggest;
	int list_all;		/* several found: list them all, a line each */
};

#define REGION_LABEL \
    "(SELECT name FROM regions x WHERE x.code = r.code" \
    " ORDER BY valid_from DESC LIMIT 1) || ' (' || r.code || ')'"

static const struct cascade regions = {
	&region_msgs,
	"SELECT DISTINCT code, code FROM regions WHERE code = ?1", {
	    "SELECT DISTINCT r.code, " REGION_LABEL " FROM regions r"
	    " WHERE r.fold = ?1",
	    "SELECT DISTINCT r.code, " REGION_LABEL " FROM region_aliases r"
	    " WHERE r.fold = ?1",
	    "SELECT DISTINCT r.code, " REGION_LABEL " FROM regions r"
	    " WHERE r.fold >= ?1 AND r.fold < ?2" },
	NULL,
	"SELECT r.code, " REGION_LABEL ", r.fold FROM regions r"
	" UNION ALL SELECT r.code, " REGION_LABEL ", r.fold"
	" FROM region_aliases r",
	0
};

#define OPERATOR_LABEL \
    "(SELECT name FROM operators x WHERE x.id = o.id" \
    " ORDER BY valid_from DESC LIMIT 1) || ' (' || o.id || ')'"

static const struct cascade operators = {
	&operator_msgs,
	"SELECT DISTINCT id, id FROM operators WHERE id = ?1", {
	    "SELECT DISTINCT o.id, " OPERATOR_LABEL " FROM operators o"
	    " WHERE o.fold = ?1",
	    "SELECT DISTINCT o.id, " OPERATOR_LABEL " FROM operators o"
	    " WHERE o.fold >= ?1 AND o.fold < ?2",
	    NULL },
	"SELECT DISTINCT o.id, " OPERATOR_LABEL ", o.fold FROM operators o",
	/* ids fold too: "pole emploi" is close to "pole-emploi" */
	"SELECT o.id, " OPERATOR_LABEL ", o.fold FROM operators o"
	" UNION ALL SELECT o.id, " OPERATOR_LABEL ", replace(o.id, '-', '')"
	" FROM operators o",
	1
};

/* text folded into fold (of fold_size bytes), and the end of its prefix
 * range; -1 when nothing is left of it or it is too long to match */
static int
fold_text(const char *text, char *fold, size_t foldsz, char *end,
    size_t endsz)
{
	if (name_fold(text, strlen(text), fold, foldsz) == 0 ||
	    strlen(fold) >= foldsz - 1)
		return -1;
	prefix_end(fold, end, endsz);
	return 0;
}

/* Does fold hold every word of text, each folded? */
static int
holds_words(const char *fold, const char *text)
{
	char word[256];
	size_t n;

	for (;;) {
		text += strspn(text, " \t");
		if ((n = strcspn(text, " \t")) == 0)
			return 1;
		if (name_fold(text, n, word, sizeof(word)) > 0 &&
		    strstr(fold, word) == NULL)
			return 0;
		text += n;
	}
}

/* The names that hold every word of text: (key, label, fold) rows. */
static int
by_words(struct cep_db *db, const char *sql, const char *text,
    struct cands *cs)
{
	sqlite3_stmt *st = NULL;
	const char *f;
	int rc;

	if ((rc = db_prepare(db, sql, &st, N_("looking up a name"))) != CEP_OK)
		return rc;
	while (!cs->nomem && sqlite3_step(st) == SQLITE_ROW) {
		f = (const char *)sqlite3_column_text(st, 2);
		if (f != NULL && holds_words(f, text))
			cands_add(cs, (const char *)sqlite3_column_text(st, 0),
			    (const char *)sqlite3_column_text(st, 1), 0);
	}
	if ((rc = db_end(db, st, N_("looking up a name"))) != CEP_OK)
		return rc;
	return cs->nomem ? db_nomem(db) : CEP_OK;
}

static int
resolve(struct cep_db *db, const struct cascade *k, const char *text,
    char *out, size_t outsz)
{
	struct cands cs = { .n = 0 };
	char fold[256], end[260];
	int i, rc;

	if ((rc = collect(db, k->by_code, text, NULL, &cs)) != CEP_OK)
		goto fail;
	if (cs.n > 0)
		return take_one(db, k->msgs, text, &cs, k->list_all, out,
		    outsz);
	if (fold_text(text, fold, sizeof(fold), end, sizeof(end)) == -1)
		return unknown(db, k->msgs, text, "", "");
	for (i = 0; i < 3 && k->by_fold[i] != NULL && cs.n == 0; i++)
		if ((rc = collect(db, k->by_fold[i], fold, end, &cs)) != CEP_OK)
			goto fail;
	if (cs.n == 0 && k->by_words != NULL &&
	    (rc = by_words(db, k->by_words, text, &cs)) != CEP_OK)
		goto fail;
	if (cs.n > 0)
		return take_one(db, k->msgs, text, &cs, k->list_all, out,
		    outsz);
	return unknown(db, k->msgs, text, k->suggest, fold);
fail:
	cands_free(&cs);
	return rc;
}

int
resolve_region(struct cep_db *db, const char *text, char *code,
    size_t codesz)
{
	return resolve(db, &regions, text, code, codesz);
}

int
resolve_operator(struct cep_db *db, const char *text, char *id, size_t idsz)
{
	return resolve(db, &operators, text, id, idsz);
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
	int rc;

	if (fold_text(text, fold, sizeof(fold), end, sizeof(end)) == -1)
		return unknown(db, &place_msgs, text, "", "");
	if ((rc = collect(db, "SELECT DISTINCT fold, name FROM communes"
	    " WHERE fold = ?1", fold, NULL, &names)) != CEP_OK ||
	    (names.n == 0 && (rc = collect(db, "SELECT DISTINCT fold, name"
	    " FROM communes WHERE fold >= ?1 AND fold < ?2 ORDER BY fold",
	    fold, end, &names)) != CEP_OK))
		goto out;
	if (names.n == 0)
		return unknown(db, &place_msgs, text, "SELECT fold, name, fold"
		    " FROM communes", fold);
	if (names.n > 1)
		return ambiguous(db, &place_msgs, text, &names);
	if ((rc = db_prepare(db, "SELECT DISTINCT insee FROM communes"
	    " WHERE fold = ?1 ORDER BY insee", &st,
	    N_("looking up a commune"))) != CEP_OK)
		goto out;
	sqlite3_bind_text(st, 1, names.c[0].key, -1, SQLITE_STATIC);
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW)
		if (commune_list_add(out, (const char *)sqlite3_column_text(st,
		    0)) == -1)
			rc = db_nomem(db);
	if (rc == CEP_OK)
		rc = db_end(db, st, N_("looking up a commune"));
	else
		sqlite3_finalize(st);
out:
	cands_free(&names);
	return rc;
}

int
commune_list_add(struct commune_list *l, const char *insee)
{
	char (*v)[8];
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->insee[i], insee) == 0)
			return 0;
	if ((v = grow(l->insee, &l->cap, l->n + 1, sizeof(*v))) == NULL)
		return -1;
	l->insee = v;
	snprintf(l->insee[l->n++], sizeof(l->insee[0]), "%s", insee);
	return 0;
}

void
commune_list_free(struct commune_list *l)
{
	free(l->insee);
	memset(l, 0, sizeof(*l));
}
