/*
 * The checks of coverage, in one ordered pass over the coverage_operator
 * index, which holds every column they need: periods that overlap for one
 * operator, region and public, and operators or regions that do not exist
 * or are not valid over a mandate's whole period. References are tested
 * against the merged validity ("islands") of the operator or region: the
 * regions' from the isl_regions table, each operator's merged here.
 */
#include <stdlib.h>
#include <string.h>

#include "import-int.h"

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

	if (len + 1 > k->cap) {
		if ((p = realloc(k->s, len + 1)) == NULL)
			return -1;
		k->s = p;
		k->cap = len + 1;
	}
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

static int
load_regions(struct importer *imp, struct region_islands *ri)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	if (sqlite3_prepare_v2(imp->sql, "SELECT k, f, t FROM isl_regions"
	    " ORDER BY k, f", -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, "checking coverage");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ri->n == cap) {
			void *c, *i;

			cap = cap ? cap * 2 : 64;
			if ((c = realloc(ri->code, cap * sizeof(*ri->code))) ==
			    NULL)
				break;
			ri->code = c;
			if ((i = realloc(ri->isl, cap * sizeof(*ri->isl))) ==
			    NULL)
				break;
			ri->isl = i;
		}
		snprintf(ri->code[ri->n], sizeof(ri->code[0]), "%s",
		    sqlite3_column_text(st, 0));
		ri->isl[ri->n].f = sqlite3_column_int(st, 1);
		ri->isl[ri->n].t = sqlite3_column_int(st, 2);
		ri->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return importer_sql_fail(imp, "checking coverage");
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

struct scan {
	struct importer *imp;
	sqlite3_stmt *where;	/* file and line of a rowid */
	sqlite3_stmt *opisl;	/* periods of one operator */
	struct island *ops;
	size_t nops, capops;
	int op_exists;
};

/* The file and line of a coverage row, or its place in the store. */
static void
locate(struct scan *sc, sqlite3_int64 rowid, int *file, long *line,
    const char **name)
{
	*file = -1;
	*line = 0;
	sqlite3_bind_int64(sc->where, 1, rowid);
	if (sqlite3_step(sc->where) == SQLITE_ROW) {
		*file = sqlite3_column_int(sc->where, 0);
		*line = (long)sqlite3_column_int64(sc->where, 1);
	}
	sqlite3_reset(sc->where);
	importer_where(sc->imp, T_COVERAGE, *file, *line, (long)rowid, name,
	    line);
}

/* The periods of one operator, merged where they touch or overlap. */
static int
load_operator(struct scan *sc, const char *id)
{
	struct island *v;
	int rc, f, t;

	sc->nops = 0;
	sqlite3_bind_text(sc->opisl, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(sc->opisl)) == SQLITE_ROW) {
		f = sqlite3_column_int(sc->opisl, 0);
		t = sqlite3_column_int(sc->opisl, 1);
		if (sc->nops > 0 && f <= sc->ops[sc->nops - 1].t + 1) {
			if (t > sc->ops[sc->nops - 1].t)
				sc->ops[sc->nops - 1].t = t;
			continue;
		}
		if (sc->nops == sc->capops) {
			sc->capops = sc->capops ? sc->capops * 2 : 8;
			if ((v = realloc(sc->ops, sc->capops * sizeof(*v))) ==
			    NULL) {
				sqlite3_reset(sc->opisl);
				return -1;
			}
			sc->ops = v;
		}
		sc->ops[sc->nops].f = f;
		sc->ops[sc->nops].t = t;
		sc->nops++;
	}
	sqlite3_reset(sc->opisl);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
reference_problem(struct scan *sc, sqlite3_int64 rowid, const char *column,
    const char *value, int exists, int from, int to)
{
	char period[64], q[64];
	const char *name;
	int file;
	long line;

	locate(sc, rowid, &file, &line, &name);
	if (exists) {
		import_period_text(from, to, period, sizeof(period));
		importer_problem(sc->imp, name, line, column, "%s %s is not "
		    "valid over the whole period of the row (%s)", column,
		    value, period);
	} else
		importer_problem(sc->imp, name, line, column, "unknown %s %s",
		    column, quote_value(value, strlen(value), q, sizeof(q)));
}

static void
overlap_problem(struct scan *sc, sqlite3_int64 rowid, sqlite3_int64 other,
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
	import_other_row(file, ofile, oname, oline, at, sizeof(at));
	importer_problem(sc->imp, name, line, "-", "period overlaps %s (same "
	    "operator, region and public: %s, %s, %s)", at, op, region,
	    public_id(pub));
}

int
import_check_coverage(struct importer *imp)
{
	struct region_islands ri = { 0, NULL, NULL };
	struct scan sc;
	struct key op = { NULL, 0, 0 }, reg = { NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	const struct island *risl = NULL;
	size_t nrisl = 0;
	sqlite3_int64 rowid, maxrow = 0;
	int pub, prevpub = -1, from, to, maxto = 0, rc = -1, src;

	memset(&sc, 0, sizeof(sc));
	sc.imp = imp;
	if (load_regions(imp, &ri) == -1)
		goto out;
	if (sqlite3_prepare_v2(imp->sql, "SELECT operator, region, public,"
	    " valid_from, valid_to, rowid FROM coverage INDEXED BY"
	    " coverage_operator ORDER BY operator, region, public, valid_from",
	    -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "SELECT file, line FROM coverage"
	    " WHERE rowid = ?1", -1, &sc.where, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "SELECT valid_from, valid_to"
	    " FROM operators WHERE id = ?1 ORDER BY valid_from", -1, &sc.opisl,
	    NULL) != SQLITE_OK) {
		importer_sql_fail(imp, "checking coverage");
		goto out;
	}
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
			if (key_set(&op, o, olen) == -1 ||
			    load_operator(&sc, op.s) == -1)
				goto nomem;
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
			reference_problem(&sc, rowid, "operator", op.s,
			    sc.nops > 0, from, to);
		if (strcmp(reg.s, "*") != 0 && !covered(risl, nrisl, from, to))
			reference_problem(&sc, rowid, "region", reg.s,
			    nrisl > 0, from, to);
	}
	if (src != SQLITE_DONE) {
		importer_sql_fail(imp, "checking coverage");
		goto out;
	}
	rc = 0;
	goto out;
nomem:
	snprintf(imp->err, sizeof(imp->err), "out of memory");
	imp->status = CEP_SOFTWARE;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(sc.where);
	sqlite3_finalize(sc.opisl);
	free(sc.ops);
	free(op.s);
	free(reg.s);
	free(ri.code);
	free(ri.isl);
	return rc;
}
