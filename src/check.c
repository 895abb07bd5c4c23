/*
 * check: days on which no operator serves a region and public (gaps), and
 * days on which two or more regional operators do (overlaps), as maximal
 * date ranges. A sweep over the sorted period boundaries of each region
 * and public, never a walk day by day; then the store's own consistency.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"

#define DETAIL_NAMES 20
#define NO_RUN INT_MIN	/* day numbers before 1970 are negative */

struct span {
	int from, to, pub, regional;
	const char *op;		/* in the arena of its spans */
};

struct sweep {
	struct out *o;
	const char *region;
	int pub;
	/* the open run of each kind: start day, or NO_RUN */
	int gap_from, ov_from;
	const char **ov_ops;	/* operators seen during the open overlap */
	size_t nov, capov;
	int failed;
};

/* The days on which each operator is of kind regional: an operator may
 * change kind, so this is per period, not per id. Sorted by id. */
struct regional {
	char *id;
	int from, to;
};

static struct regional *regionals;
static size_t nregionals;

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The first regional period of id, or NULL. */
static const struct regional *
regional_first(const char *id)
{
	size_t lo = 0, hi = nregionals, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(regionals[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nregionals && strcmp(regionals[lo].id, id) == 0 ?
	    &regionals[lo] : NULL;
}

static int
load_regional(sqlite3 *sql)
{
	sqlite3_stmt *st = NULL;
	struct regional *v;
	int rc;

	/* ORDER BY compares bytes, as strcmp: the binary search agrees */
	if (sqlite3_prepare_v2(sql, "SELECT id, valid_from, valid_to"
	    " FROM operators WHERE kind = 'regional' ORDER BY id, valid_from",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((v = realloc(regionals, (nregionals + 1) * sizeof(*v))) ==
		    NULL)
			break;
		regionals = v;
		v = &regionals[nregionals];
		v->from = sqlite3_column_int(st, 1);
		v->to = sqlite3_column_int(st, 2);
		if ((v->id = strdup((const char *)sqlite3_column_text(st, 0)))
		    == NULL)
			break;
		nregionals++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
free_regional(void)
{
	size_t i;

	for (i = 0; i < nregionals; i++)
		free(regionals[i].id);
	free(regionals);
	regionals = NULL;
	nregionals = 0;
}

static int
put_row(struct out *o, const char *problem, const char *region,
    const char *pub, int from, int to, const char *detail)
{
	char f[DATE_BUFSZ], t[DATE_BUFSZ];
	const char *cells[6];

	date_format(from, f);
	date_format(to, t);
	cells[0] = problem;
	cells[1] = region;
	cells[2] = pub;
	cells[3] = f[0] || !out_is_json(o) ? f : NULL;
	cells[4] = t[0] || !out_is_json(o) ? t : NULL;
	cells[5] = detail;
	return out_row(o, cells);
}

static void
close_gap(struct sweep *sw, int last)
{
	if (sw->gap_from == NO_RUN)
		return;
	if (put_row(sw->o, "gap", sw->region, public_id(sw->pub), sw->gap_from,
	    last, "") == -1)
		sw->failed = 1;
	sw->gap_from = NO_RUN;
}

static void
close_overlap(struct sweep *sw, int last)
{
	char *detail, *d;
	size_t i, n = 0, len = 1;

	if (sw->ov_from == NO_RUN)
		return;
	qsort(sw->ov_ops, sw->nov, sizeof(char *), cmp_strp);
	for (i = 0; i < sw->nov; i++)
		len += strlen(sw->ov_ops[i]) + 1;
	if ((d = detail = malloc(len + 32)) == NULL) {
		sw->failed = 1;
		return;
	}
	*d = '\0';
	for (i = 0; i < sw->nov; i++) {
		if (i > 0 && strcmp(sw->ov_ops[i], sw->ov_ops[i - 1]) == 0)
			continue;
		if (n++ < DETAIL_NAMES)
			d += sprintf(d, "%s%s", n > 1 ? " " : "",
			    sw->ov_ops[i]);
	}
	if (n > DETAIL_NAMES)
		sprintf(d, " (and %zu more)", n - DETAIL_NAMES);
	if (put_row(sw->o, "overlap", sw->region, public_id(sw->pub),
	    sw->ov_from, last, detail) == -1)
		sw->failed = 1;
	free(detail);
	sw->ov_from = NO_RUN;
	sw->nov = 0;
}

static void
note_op(struct sweep *sw, const char *op)
{
	const char **v;

	if (sw->nov == sw->capov) {
		size_t cap = sw->capov ? sw->capov * 2 : 16;

		if ((v = realloc(sw->ov_ops, cap * sizeof(*v))) == NULL) {
			sw->failed = 1;
			return;
		}
		sw->ov_ops = v;
		sw->capov = cap;
	}
	sw->ov_ops[sw->nov++] = op;
}

/* One region period and one public: spans sorted by start, within
 * [lo, hi]. */
static int
sweep(struct sweep *sw, struct span *sp, size_t n, int lo, int hi)
{
	int *b;
	size_t nb = 0, i, k, next = 0, nact = 0;
	struct span **act;
	int day, end;

	if ((b = calloc(2 * n + 2, sizeof(*b))) == NULL ||
	    (act = calloc(n + 1, sizeof(*act))) == NULL) {
		free(b);
		return -1;
	}
	b[nb++] = lo;
	b[nb++] = hi + 1;
	for (i = 0; i < n; i++) {
		if (sp[i].from > lo)
			b[nb++] = sp[i].from;
		if (sp[i].to < hi)
			b[nb++] = sp[i].to + 1;
	}
	qsort(b, nb, sizeof(*b), cmp_int);
	sw->gap_from = sw->ov_from = NO_RUN;
	sw->nov = 0;
	for (k = 0; k + 1 < nb; k++) {
		if (b[k] == b[k + 1])
			continue;
		day = b[k];
		end = b[k + 1] - 1;
		while (next < n && sp[next].from <= day)
			act[nact++] = &sp[next++];
		for (i = 0; i < nact; )
			if (act[i]->to < day)
				act[i] = act[--nact];
			else
				i++;
		if (nact == 0) {
			close_overlap(sw, day - 1);
			if (sw->gap_from == NO_RUN)
				sw->gap_from = day;
			continue;
		}
		close_gap(sw, day - 1);
		{
			const char *first = NULL;
			int several = 0;

			for (i = 0; i < nact; i++) {
				if (!act[i]->regional)
					continue;
				if (first == NULL)
					first = act[i]->op;
				else if (strcmp(first, act[i]->op) != 0)
					several = 1;
			}
			if (!several) {
				close_overlap(sw, day - 1);
				continue;
			}
			if (sw->ov_from == NO_RUN)
				sw->ov_from = day;
			for (i = 0; i < nact; i++)
				if (act[i]->regional)
					note_op(sw, act[i]->op);
		}
		(void)end;
	}
	close_gap(sw, hi);
	close_overlap(sw, hi);
	free(b);
	free(act);
	return sw->failed ? -1 : 0;
}

/* The spans of one region, and the operator ids they name, each kept
 * once in blocks that never move. */
struct spans {
	struct span *v;
	size_t n, cap;
	char **blocks;
	size_t nblocks, used, size;	/* of the last block */
};

#define OPS_BLOCK 65536

static const char *
keep_op(struct spans *s, const char *op)
{
	size_t len = strlen(op) + 1;
	char **b, *p;

	if (s->nblocks == 0 || s->used + len > s->size) {
		if ((b = realloc(s->blocks, (s->nblocks + 1) * sizeof(*b))) ==
		    NULL)
			return NULL;
		s->blocks = b;
		s->size = len > OPS_BLOCK ? len : OPS_BLOCK;
		if ((b[s->nblocks] = malloc(s->size)) == NULL)
			return NULL;
		s->nblocks++;
		s->used = 0;
	}
	p = s->blocks[s->nblocks - 1] + s->used;
	memcpy(p, op, len);
	s->used += len;
	return p;
}

static int
add_span(struct spans *s, int pub, const char *op, int from, int to,
    int regional)
{
	struct span *v;

	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		if ((v = realloc(s->v, s->cap * sizeof(*v))) == NULL)
			return -1;
		s->v = v;
	}
	v = &s->v[s->n];
	v->op = op;
	v->pub = pub;
	v->from = from;
	v->to = to;
	v->regional = regional;
	s->n++;
	return 0;
}

/* A mandate, cut where its operator is regional and where it is not. */
static int
add_mandate(struct spans *s, int pub, const char *op, int from, int to)
{
	const struct regional *rg = regional_first(op), *end;
	int cur = from, last;

	if (rg == NULL)
		return add_span(s, pub, op, from, to, 0);
	end = regionals + nregionals;
	for (; rg < end && strcmp(rg->id, op) == 0 &&
	    cur <= to; rg++) {
		if (rg->to < cur)
			continue;
		if (rg->from > to)
			break;
		if (rg->from > cur) {
			if (add_span(s, pub, op, cur, rg->from - 1, 0) == -1)
				return -1;
			cur = rg->from;
		}
		last = rg->to < to ? rg->to : to;
		if (add_span(s, pub, op, cur, last, 1) == -1)
			return -1;
		cur = last + 1;
	}
	return cur <= to ? add_span(s, pub, op, cur, to, 0) : 0;
}

static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->pub != y->pub)
		return x->pub - y->pub;
	return (x->from > y->from) - (x->from < y->from);
}

/* Coverage of one region, [lo, hi], by public, into sweeps. */
static int
check_region(sqlite3 *sql, struct sweep *sw, const char *code, int lo,
    int hi)
{
	sqlite3_stmt *st = NULL;
	struct spans sp = { NULL, 0, 0, NULL, 0, 0, 0 };
	struct key_range kr[KEY_RANGES_MAX];
	const char *op;
	size_t i, start, k, nk;
	int rc = SQLITE_DONE, p, from, to;

	if (sqlite3_prepare_v2(sql, "SELECT public, operator, "
	    SQL_KEY_FROM("rk") ", valid_to FROM coverage"
	    " WHERE rk BETWEEN ?1 AND ?2 AND valid_to >= ?3", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	nk = key_ranges_until(code, strlen(code), hi, kr);
	sqlite3_bind_int(st, 3, lo);
	for (k = 0; k < nk && rc == SQLITE_DONE; k++) {
		sqlite3_bind_int64(st, 1, kr[k].lo);
		sqlite3_bind_int64(st, 2, kr[k].hi);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			/* only the days inside the region's life and the
			 * window */
			from = sqlite3_column_int(st, 2);
			to = sqlite3_column_int(st, 3);
			if ((op = keep_op(&sp, (const char *)
			    sqlite3_column_text(st, 1))) == NULL ||
			    add_mandate(&sp, sqlite3_column_int(st, 0), op,
			    from < lo ? lo : from, to > hi ? hi : to) == -1)
				break;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	rc = rc == SQLITE_DONE ? 0 : -1;
	if (sp.n > 1)
		qsort(sp.v, sp.n, sizeof(sp.v[0]), cmp_span);
	sw->region = code;
	for (p = 0, start = 0; p < PUBLIC_COUNT && rc == 0; p++) {
		for (i = start; i < sp.n && sp.v[i].pub == p; i++)
			;
		sw->pub = p;
		rc = sweep(sw, sp.n > 0 ? sp.v + start : NULL, i - start, lo,
		    hi);
		start = i;
	}
	for (i = 0; i < sp.nblocks; i++)
		free(sp.blocks[i]);
	free(sp.blocks);
	free(sp.v);
	return rc;
}

static int
first_start(sqlite3 *sql, int *day)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(sql, "SELECT MIN(valid_from) FROM coverage"
	    " WHERE valid_from > ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(st, 1, DAY_OPEN_FROM);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*day = sqlite3_column_int(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

static const char *const check_columns[] = { "problem", "region",
    "public", "valid_from", "valid_to", "detail" };

/* A problem of the database itself: no region, public or dates. */
static int
put_integrity(struct out *o, const char *detail)
{
	return put_row(o, "integrity", "", "", DAY_OPEN_FROM, DAY_OPEN_TO,
	    detail);
}

static int
found_add(char ***found, int *nfound, const char *msg)
{
	char **v;

	if ((v = realloc(*found, (*nfound + 1) * sizeof(*v))) == NULL)
		return -1;
	*found = v;
	if ((v[*nfound] = strdup(msg)) == NULL)
		return -1;
	(*nfound)++;
	return 0;
}

/*
 * SQLite's quick_check (every page and record, at a tenth of the time of
 * integrity_check, which also matches each index to its table), before
 * anything else reads the file. Its findings are kept in *found, one
 * string each, and so is the error of a file too damaged for the check
 * to read through. Returns CEP_OK, or an error with db->err set.
 */
static int
check_pages(struct cep_db *db, char ***found, int *nfound)
{
	sqlite3_stmt *st = NULL;
	const char *msg;
	int rc, code;

	*found = NULL;
	*nfound = 0;
	if (sqlite3_prepare_v2(db->sql, "PRAGMA quick_check", -1, &st,
	    NULL) != SQLITE_OK)
		return db_set_error(db->err, sizeof(db->err), db->sql,
		    "checking the database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		msg = (const char *)sqlite3_column_text(st, 0);
		if (msg != NULL && strcmp(msg, "ok") != 0 &&
		    found_add(found, nfound, msg) == -1)
			goto nomem;
	}
	code = sqlite3_errcode(db->sql);
	if (rc != SQLITE_DONE && (code == SQLITE_CORRUPT ||
	    code == SQLITE_NOTADB)) {
		if (found_add(found, nfound, sqlite3_errmsg(db->sql)) == -1)
			goto nomem;
		rc = SQLITE_DONE;
	}
	rc = rc == SQLITE_DONE ? CEP_OK : db_set_error(db->err,
	    sizeof(db->err), db->sql, "checking the database");
	sqlite3_finalize(st);
	return rc;
nomem:
	sqlite3_finalize(st);
	snprintf(db->err, sizeof(db->err), "out of memory");
	return CEP_SOFTWARE;
}

static void
free_found(char **found, int nfound)
{
	while (nfound > 0)
		free(found[--nfound]);
	free(found);
}

/* A damaged file: its integrity rows, and nothing read from its pages. */
static int
report_damage(struct cep_db *db, struct out *o, char **found, int nfound)
{
	int i, failed = 0;

	out_begin(o, 6, check_columns);
	for (i = 0; i < nfound; i++)
		if (put_integrity(o, found[i]) == -1)
			failed = 1;
	if (out_end(o) == -1 || failed) {
		snprintf(db->err, sizeof(db->err), "write error");
		return CEP_IOERR;
	}
	return CEP_NOROWS;
}

struct store_problems {
	struct out *o;
	int failed;
};

static void
store_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	struct store_problems *sp = ctx;
	char detail[768];

	snprintf(detail, sizeof(detail), "%s:%ld: %s: %s", file, line, column,
	    msg);
	if (put_integrity(sp->o, detail) == -1)
		sp->failed = 1;
}

/* The references an import would refuse, in a sound file. */
static int
check_store(struct cep_db *db, struct out *o)
{
	struct store_problems sp = { o, 0 };
	struct import_sink sink = { &sp, store_problem, NULL, NULL, NULL };
	int rc;

	if ((rc = import_check_store(db->sql, db->label, &sink, db->err,
	    sizeof(db->err))) != CEP_OK)
		return rc;
	return sp.failed ? CEP_IOERR : CEP_OK;
}

int
check_run(struct cep_db *db, int from, int to, struct out *o)
{
	sqlite3_stmt *st = NULL;
	struct sweep sw;
	int rc = CEP_OK, lo, hi, src, nfound;
	char code[8], **found;

	memset(&sw, 0, sizeof(sw));
	sw.o = o;
	if ((rc = check_pages(db, &found, &nfound)) != CEP_OK) {
		free_found(found, nfound);
		return rc;
	}
	if (nfound > 0) {
		rc = report_damage(db, o, found, nfound);
		free_found(found, nfound);
		return rc;
	}
	if (from == DAY_OPEN_FROM && first_start(db->sql, &from) == -1) {
		snprintf(db->err, sizeof(db->err), "no coverage with a start "
		    "date: give --from");
		return CEP_USAGE;
	}
	if (from > to) {
		snprintf(db->err, sizeof(db->err), "the window starts after "
		    "it ends");
		return CEP_USAGE;
	}
	if (load_regional(db->sql) == -1) {
		free_regional();
		return db_set_error(db->err, sizeof(db->err), db->sql,
		    "reading operators");
	}
	out_begin(o, 6, check_columns);
	if (sqlite3_prepare_v2(db->sql, "SELECT code, valid_from, valid_to"
	    " FROM regions WHERE valid_from <= ?2 AND valid_to >= ?1"
	    " ORDER BY code, valid_from", -1, &st, NULL) != SQLITE_OK) {
		rc = db_set_error(db->err, sizeof(db->err), db->sql,
		    "reading regions");
		goto out;
	}
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	/* A region renamed has several rows: the days of one code are
	 * checked as one stretch, so runs go on across the rename. */
	code[0] = '\0';
	lo = hi = 0;
	for (;;) {
		src = sqlite3_step(st);
		if (src == SQLITE_ROW &&
		    strcmp(code, (const char *)sqlite3_column_text(st, 0)) == 0
		    && sqlite3_column_int(st, 1) <= hi + 1) {
			if (sqlite3_column_int(st, 2) > hi)
				hi = sqlite3_column_int(st, 2);
			continue;
		}
		if (code[0] != '\0' && check_region(db->sql, &sw, code,
		    lo < from ? from : lo, hi > to ? to : hi) == -1) {
			rc = sw.failed ? CEP_IOERR : db_set_error(db->err,
			    sizeof(db->err), db->sql, "checking coverage");
			break;
		}
		if (src != SQLITE_ROW)
			break;
		snprintf(code, sizeof(code), "%s", sqlite3_column_text(st, 0));
		lo = sqlite3_column_int(st, 1);
		hi = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	if (rc == CEP_OK && src != SQLITE_DONE)
		rc = db_set_error(db->err, sizeof(db->err), db->sql,
		    "reading regions");
	if (rc == CEP_OK)
		rc = check_store(db, o);
out:
	if (out_end(o) == -1 && rc == CEP_OK)
		rc = CEP_IOERR;
	if (rc == CEP_IOERR)
		snprintf(db->err, sizeof(db->err), "write error");
	free(sw.ov_ops);
	free_regional();
	if (rc == CEP_OK && o->rows > 0)
		rc = CEP_NOROWS;
	return rc;
}
