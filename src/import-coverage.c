/*
 * The checks of coverage, in one ordered pass over the coverage_operator
 * index, which holds every column they need: periods that overlap for one
 * operator, region and public, and operators or regions that do not exist
 * or are not valid over a mandate's whole period. References are tested
 * against the merged validity ("islands") of the operator or region.
 *
 * During an import of a file the pass reads it through a connection of
 * its own, in a thread, while the importer's connection builds the last
 * index: two cores instead of one for the longest part of the import.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "mem.h"

struct island {
	int f, t;
};

struct region_islands {
	size_t n;
	char (*code)[8];
	struct island *isl;
};

struct key {
	char *s;
	size_t len, cap;
};

static int
key_set(struct key *k, const unsigned char *s, size_t len)
{
	char *p;

	if ((p = grow(k->s, &k->cap, len + 1, 1)) == NULL)
		return -1;
	k->s = p;
	memcpy(k->s, s, len);
	k->s[len] = '\0';
	k->len = len;
	return 0;
}

static int
key_is(const struct key *k, const unsigned char *s, size_t len)
{
	return k->s != NULL && k->len == len && memcmp(k->s, s, len) == 0;
}

static int
covered(const struct island *isl, size_t n, int from, int to)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isl[i].f <= from && isl[i].t >= to)
			return 1;
	return 0;
}

/*
 * Appends a period (in start order) to islands, merged into the last one
 * when it touches or overlaps it and that one belongs to the same key
 * (index first onward).
 */
static int
add_island(struct island **v, size_t *n, size_t *cap, size_t first, int f,
    int t)
{
	struct island *nv;

	if (*n > first && f <= (*v)[*n - 1].t + 1) {
		if (t > (*v)[*n - 1].t)
			(*v)[*n - 1].t = t;
		return 0;
	}
	if ((nv = grow(*v, cap, *n + 1, sizeof(*nv))) == NULL)
		return -1;
	*v = nv;
	(*v)[*n].f = f;
	(*v)[*n].t = t;
	(*n)++;
	return 0;
}

/* The pass: the importer it reports to, its connection and statements. */
struct coverage_pass {
	struct importer *imp;
	sqlite3 *sql;
	sqlite3_stmt *where;	/* file and line of a rowid */
	sqlite3_stmt *ops_st;	/* every operator period, in id order */
	int ops_rc;		/* its last step */
	int located;		/* SQLITE_OK until locating a row fails */
	struct island *ops;
	size_t nops, capops;
};

static int
pass_fail(struct coverage_pass *sc, const char *what)
{
	return importer_db_fail(sc->imp, sc->sql, what);
}

/* Every region's islands, sorted by code. */
static int
load_regions(struct coverage_pass *sc, struct region_islands *ri)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0, ccap = 0, first = 0;
	int rc;

	if (sqlite3_prepare_v2(sc->sql, "SELECT code, valid_from, valid_to"
	    " FROM regions ORDER BY code, valid_from", -1, &st, NULL) !=
	    SQLITE_OK)
		return pass_fail(sc, N_("checking coverage"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		void *c;

		if (ri->n == 0 || strcmp(ri->code[ri->n - 1], code) != 0)
			first = ri->n;
		if (add_island(&ri->isl, &ri->n, &cap, first,
		    sqlite3_column_int(st, 1), sqlite3_column_int(st, 2)) == -1)
			break;
		if ((c = grow(ri->code, &ccap, ri->n, sizeof(*ri->code))) ==
		    NULL)
			break;
		ri->code = c;
		snprintf(ri->code[ri->n - 1], sizeof(ri->code[0]), "%s", code);
	}
	if (rc == SQLITE_ROW) {
		sqlite3_finalize(st);
		return importer_nomem(sc->imp);
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return pass_fail(sc, N_("checking coverage"));
	return 0;
}

/* The islands of one region code: a run of the sorted arrays. */
static const struct island *
region_lookup(const struct region_islands *ri, const char *code, size_t *n)
{
	size_t lo = 0, hi = ri->n, mid, end;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(ri->code[mid], code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ri->n && strcmp(ri->code[end], code) == 0; end++)
		;
	*n = end - lo;
	return *n > 0 ? ri->isl + lo : NULL;
}

/* The file and line of a coverage row, or its place in the store. */
static void
locate(struct coverage_pass *sc, sqlite3_int64 rowid, int *file, long *line,
    const char **name)
{
	int rc;

	*file = -1;
	*line = 0;
	sqlite3_bind_int64(sc->where, 1, rowid);
	if (sqlite3_step(sc->where) == SQLITE_ROW) {
		*file = sqlite3_column_int(sc->where, 0);
		*line = (long)sqlite3_column_int64(sc->where, 1);
	}
	if ((rc = sqlite3_reset(sc->where)) != SQLITE_OK)
		sc->located = rc;
	importer_where(sc->imp, T_COVERAGE, *file, *line, (long)rowid, name,
	    line);
}

/*
 * The periods of one operator, merged where they touch or overlap. The
 * pass meets operators in id order, so the operators are read alongside
 * in the same order (the two sort alike: both are BINARY), never sought.
 */
static int
load_operator(struct coverage_pass *sc, const char *id)
{
	const char *cur;
	int c;

	sc->nops = 0;
	for (; sc->ops_rc == SQLITE_ROW; sc->ops_rc = sqlite3_step(sc->ops_st)) {
		cur = (const char *)sqlite3_column_text(sc->ops_st, 0);
		if ((c = strcmp(cur ? cur : "", id)) > 0)
			break;
		if (c == 0 && add_island(&sc->ops, &sc->nops, &sc->capops, 0,
		    sqlite3_column_int(sc->ops_st, 1),
		    sqlite3_column_int(sc->ops_st, 2)) == -1)
			return importer_nomem(sc->imp);
	}
	/* the connection's error may be a later step's by now */
	if (sc->ops_rc != SQLITE_ROW && sc->ops_rc != SQLITE_DONE)
		return importer_code_fail(sc->imp, sc->ops_rc,
		    N_("checking coverage"));
	return 0;
}

static void
reference_problem(struct coverage_pass *sc, sqlite3_int64 rowid, int table,
    const char *column, const char *value, int exists, int from, int to)
{
	const char *name;
	int file;
	long line;

	locate(sc, rowid, &file, &line, &name);
	import_reference_problem(sc->imp, name, line, column, table, value,
	    exists, from, to);
}

static void
overlap_problem(struct coverage_pass *sc, sqlite3_int64 rowid, sqlite3_int64 other,
    const char *op, const char *region, int pub)
{
	char oname[1024], at[1100];
	const char *name;
	int file, ofile;
	long line, oline;

	/* the name may live in the importer's buffer: copy it first */
	locate(sc, other, &ofile, &oline, &name);
	snprintf(oname, sizeof(oname), "%s", name);
	locate(sc, rowid, &file, &line, &name);
	import_other_row(sc->imp, file, ofile, oname, oline, at, sizeof(at));
	importer_problem(sc->imp, name, line, "-", N_("period overlaps %s "
	    "(same operator, region and public: %s, %s, %s)"), at, op, region,
	    public_id(pub));
}

int
import_check_coverage(struct importer *imp, sqlite3 *sql)
{
	struct region_islands ri = { 0, NULL, NULL };
	struct coverage_pass sc;
	struct key op = { NULL, 0, 0 }, reg = { NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	const struct island *risl = NULL;
	size_t nrisl = 0;
	sqlite3_int64 rowid, maxrow = 0;
	int pub, prevpub = -1, from, to, maxto = 0, rc = -1, src;

	memset(&sc, 0, sizeof(sc));
	sc.imp = imp;
	sc.sql = sql;
	if (load_regions(&sc, &ri) == -1)
		goto out;
	if (sqlite3_prepare_v2(sql, "SELECT operator, region, public,"
	    " valid_from, valid_to, rowid FROM coverage INDEXED BY"
	    " coverage_operator ORDER BY operator, region, public, valid_from",
	    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sql, "SELECT file, line FROM coverage"
	    " WHERE rowid = ?1", -1, &sc.where, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(sql, "SELECT id, valid_from, valid_to"
	    " FROM operators ORDER BY id, valid_from", -1, &sc.ops_st,
	    NULL) != SQLITE_OK) {
		pass_fail(&sc, N_("checking coverage"));
		goto out;
	}
	sc.ops_rc = sqlite3_step(sc.ops_st);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *o = sqlite3_column_text(st, 0);
		const unsigned char *r = sqlite3_column_text(st, 1);
		size_t olen = (size_t)sqlite3_column_bytes(st, 0);
		size_t rlen = (size_t)sqlite3_column_bytes(st, 1);
		int same_op = key_is(&op, o, olen);
		int same_key;

		pub = sqlite3_column_int(st, 2);
		from = sqlite3_column_int(st, 3);
		to = sqlite3_column_int(st, 4);
		rowid = sqlite3_column_int64(st, 5);
		same_key = same_op && key_is(&reg, r, rlen) && pub == prevpub;
		if (!same_op) {
			if (key_set(&op, o, olen) == -1)
				goto nomem;
			if (load_operator(&sc, op.s) == -1)
				goto out;
		}
		if (!key_is(&reg, r, rlen)) {
			if (key_set(&reg, r, rlen) == -1)
				goto nomem;
			if (strcmp(reg.s, "*") != 0)
				risl = region_lookup(&ri, reg.s, &nrisl);
		}
		if (same_key && from <= maxto)
			overlap_problem(&sc, rowid, maxrow, op.s, reg.s, pub);
		if (!same_key || to > maxto) {
			maxto = to;
			maxrow = rowid;
		}
		prevpub = pub;
		if (!covered(sc.ops, sc.nops, from, to))
			reference_problem(&sc, rowid, T_OPERATORS, "operator",
			    op.s, sc.nops > 0, from, to);
		if (strcmp(reg.s, "*") != 0 && !covered(risl, nrisl, from, to))
			reference_problem(&sc, rowid, T_REGIONS, "region",
			    reg.s, nrisl > 0, from, to);
	}
	if (src != SQLITE_DONE) {
		pass_fail(&sc, N_("checking coverage"));
		goto out;
	}
	/* a row not found, its error since overwritten by later steps */
	if (sc.located != SQLITE_OK) {
		importer_code_fail(imp, sc.located, N_("checking coverage"));
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	importer_nomem(imp);
out:
	sqlite3_finalize(st);
	sqlite3_finalize(sc.where);
	sqlite3_finalize(sc.ops_st);
	free(sc.ops);
	free(op.s);
	free(reg.s);
	free(ri.code);
	free(ri.isl);
	return rc;
}

/* ---- the pass beside the importer ---- */

struct alongside {
	struct importer *imp;
	const char *path;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int reading;		/* 1: its read transaction holds the file */
	int rc;
};

static void
signal_reading(struct alongside *a, int state)
{
	pthread_mutex_lock(&a->mu);
	a->reading = state;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
}

static void *
run_alongside(void *arg)
{
	struct alongside *a = arg;
	sqlite3 *sql = NULL;

	a->rc = -1;
	/* this thread alone uses the connection: no mutexes needed */
	if (sqlite3_open_v2(a->path, &sql, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(sql, "PRAGMA cache_size = -2048; BEGIN;"
	    " SELECT 1 FROM regions LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) {
		importer_db_fail(a->imp, sql, N_("checking coverage"));
		signal_reading(a, -1);
		sqlite3_close(sql);
		return NULL;
	}
	/*
	 * The read transaction is open: the importer may now write. It never
	 * waits on this thread for a lock that this thread waits for, since
	 * all the reading is done inside this one transaction.
	 */
	signal_reading(a, 1);
	a->rc = import_check_coverage(a->imp, sql);
	sqlite3_exec(sql, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(sql);
	return NULL;
}

int
import_check_coverage_alongside(struct importer *imp, const char *path,
    int (*work)(void *), void *arg)
{
	struct alongside a;
	pthread_t t;
	int rc, state;

	memset(&a, 0, sizeof(a));
	a.imp = imp;
	a.path = path;
	pthread_mutex_init(&a.mu, NULL);
	pthread_cond_init(&a.cv, NULL);
	if (pthread_create(&t, NULL, run_alongside, &a) != 0) {
		pthread_mutex_destroy(&a.mu);
		pthread_cond_destroy(&a.cv);
		if (import_check_coverage(imp, imp->sql) == -1)
			return -1;
		return work(arg);
	}
	pthread_mutex_lock(&a.mu);
	while (a.reading == 0)
		pthread_cond_wait(&a.cv, &a.mu);
	state = a.reading;
	pthread_mutex_unlock(&a.mu);
	/* the work must not touch imp: the thread reports to it */
	rc = state == 1 ? work(arg) : 0;
	pthread_join(t, NULL);
	pthread_mutex_destroy(&a.mu);
	pthread_cond_destroy(&a.cv);
	return a.rc == -1 || rc == -1 ? -1 : 0;
}
