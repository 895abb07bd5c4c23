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
#include "i18n.h"
#include "mem.h"

#define DETAIL_NAMES 20
#define NO_RUN INT_MIN	/* day numbers before 1970 are negative */

/* A mandate, or the part of one during which its operator is of one
 * kind. */
struct mandate_part {
	int from, to, pub, regional;
	const char *op;		/* in the blocks of its region's parts */
};

/* The days on which each operator is of kind regional: an operator may
 * change kind, so this is per period, not per id. Sorted by id. */
struct regional {
	char *id;
	int from, to;
};

struct regionals {
	struct regional *v;
	size_t n, cap;
};

/* The sweep of one region and public, and what it reports to. */
struct sweep {
	struct out *o;
	const struct regionals *rg;
	const char *region;
	int pub;
	/* the open run of each kind: start day, or NO_RUN */
	int gap_from, ov_from;
	const char **ov_ops;	/* operators seen during the open overlap */
	size_t nov, capov;
	sqlite3_stmt *name_st;	/* a region's name on a day */
	struct cep_db *db;
	int rc;			/* CEP_OK until a write or allocation fails */
	int told;		/* its message is in db->err already */
};

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
regional_first(const struct regionals *rg, const char *id)
{
	size_t lo = 0, hi = rg->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(rg->v[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < rg->n && strcmp(rg->v[lo].id, id) == 0 ? &rg->v[lo] :
	    NULL;
}

static int
load_regionals(struct cep_db *db, struct regionals *rg)
{
	sqlite3_stmt *st = NULL;
	struct regional *v;
	char *id;
	int rc;

	/* ORDER BY compares bytes, as strcmp: the binary search agrees */
	if ((rc = db_prepare(db, "SELECT id, valid_from, valid_to"
	    " FROM operators WHERE kind = 'regional' ORDER BY id, valid_from",
	    &st, N_("reading operators"))) != CEP_OK)
		return rc;
	while (rc == CEP_OK && sqlite3_step(st) == SQLITE_ROW) {
		if ((id = strdup((const char *)sqlite3_column_text(st, 0))) ==
		    NULL || (v = grow(rg->v, &rg->cap, rg->n + 1,
		    sizeof(*v))) == NULL) {
			free(id);
			rc = db_nomem(db);
			break;
		}
		rg->v = v;
		v = &rg->v[rg->n++];
		v->id = id;
		v->from = sqlite3_column_int(st, 1);
		v->to = sqlite3_column_int(st, 2);
	}
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_end(db, st, N_("reading operators"));
}

static void
free_regionals(struct regionals *rg)
{
	size_t i;

	for (i = 0; i < rg->n; i++)
		free(rg->v[i].id);
	free(rg->v);
	memset(rg, 0, sizeof(*rg));
}

static int
put_row(struct out *o, const char *problem, const char *region,
    const char *region_name, const char *pub, int from, int to,
    const char *detail)
{
	char f[DATE_BUFSZ], t[DATE_BUFSZ];
	const char *cells[7];

	date_format(from, f);
	date_format(to, t);
	cells[0] = problem;
	cells[1] = region;
	cells[2] = region_name;
	cells[3] = pub;
	cells[4] = f[0] || !out_is_json(o) ? f : NULL;
	cells[5] = t[0] || !out_is_json(o) ? t : NULL;
	cells[6] = detail;
	return out_row(o, cells);
}

/* A problem of the region swept, named on the run's first day. */
static int
put_problem(struct sweep *sw, const char *problem, int from, int to,
    const char *detail)
{
	const char *name = "";
	int rc;

	sqlite3_bind_text(sw->name_st, 1, sw->region, -1, SQLITE_STATIC);
	sqlite3_bind_int(sw->name_st, 2, from);
	if (sqlite3_step(sw->name_st) == SQLITE_ROW &&
	    sqlite3_column_text(sw->name_st, 0) != NULL)
		name = (const char *)sqlite3_column_text(sw->name_st, 0);
	if ((rc = put_row(sw->o, problem, sw->region, name,
	    public_id(sw->pub), from, to, detail)) != CEP_OK)
		sw->rc = rc;
	if (sqlite3_reset(sw->name_st) != SQLITE_OK && sw->rc == CEP_OK) {
		sw->rc = db_fail(sw->db, N_("reading regions"));
		sw->told = 1;
	}
	return sw->rc;
}

static void
close_gap(struct sweep *sw, int last)
{
	if (sw->gap_from == NO_RUN)
		return;
	put_problem(sw, "gap", sw->gap_from, last, "");
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
		sw->rc = CEP_SOFTWARE;
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
	/* the machine formats are the same bytes in every language */
	if (n > DETAIL_NAMES && out_is_human(sw->o))
		sprintf(d, P_(" (and %zu more)", " (and %zu more)",
		    n - DETAIL_NAMES), n - DETAIL_NAMES);
	else if (n > DETAIL_NAMES)
		sprintf(d, " (and %zu more)", n - DETAIL_NAMES);
	put_problem(sw, "overlap", sw->ov_from, last, detail);
	free(detail);
	sw->ov_from = NO_RUN;
	sw->nov = 0;
}

static void
note_op(struct sweep *sw, const char *op)
{
	const char **v;

	if ((v = grow(sw->ov_ops, &sw->capov, sw->nov + 1, sizeof(*v))) ==
	    NULL) {
		sw->rc = CEP_SOFTWARE;
		return;
	}
	sw->ov_ops = v;
	sw->ov_ops[sw->nov++] = op;
}

/* Do two or more regional operators serve on this day? Then the overlap
 * runs on, with their names; else it ends. */
static void
weigh_overlap(struct sweep *sw, struct mandate_part **act, size_t nact,
    int day)
{
	const char *first = NULL;
	int several = 0;
	size_t i;

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
		return;
	}
	if (sw->ov_from == NO_RUN)
		sw->ov_from = day;
	for (i = 0; i < nact; i++)
		if (act[i]->regional)
			note_op(sw, act[i]->op);
}

/* One region period and one public: parts sorted by start, within
 * [lo, hi]. CEP_OK, or the status of a failed write or allocation. */
static int
sweep(struct sweep *sw, struct mandate_part *mp, size_t n, int lo, int hi)
{
	int *b;
	size_t nb = 0, i, k, next = 0, nact = 0;
	struct mandate_part **act;
	int day;

	if ((b = calloc(2 * n + 2, sizeof(*b))) == NULL ||
	    (act = calloc(n + 1, sizeof(*act))) == NULL) {
		free(b);
		return CEP_SOFTWARE;
	}
	b[nb++] = lo;
	b[nb++] = hi + 1;
	for (i = 0; i < n; i++) {
		if (mp[i].from > lo)
			b[nb++] = mp[i].from;
		if (mp[i].to < hi)
			b[nb++] = mp[i].to + 1;
	}
	qsort(b, nb, sizeof(*b), cmp_int);
	sw->gap_from = sw->ov_from = NO_RUN;
	sw->nov = 0;
	for (k = 0; k + 1 < nb && sw->rc == CEP_OK; k++) {
		if (b[k] == b[k + 1])
			continue;
		day = b[k];
		while (next < n && mp[next].from <= day)
			act[nact++] = &mp[next++];
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
		weigh_overlap(sw, act, nact, day);
	}
	close_gap(sw, hi);
	close_overlap(sw, hi);
	free(b);
	free(act);
	return sw->rc;
}

/* The mandate parts of one region, and the operator ids they name, each
 * kept once in blocks that never move. */
struct parts {
	struct mandate_part *v;
	size_t n, cap;
	char **blocks;
	size_t nblocks, capblocks;
	size_t used, size;	/* of the last block */
};

#define OPS_BLOCK 65536

static const char *
keep_op(struct parts *s, const char *op)
{
	size_t len = strlen(op) + 1, size;
	char **b, *p;

	if (s->nblocks == 0 || s->used + len > s->size) {
		size = len > OPS_BLOCK ? len : OPS_BLOCK;
		if ((b = grow(s->blocks, &s->capblocks, s->nblocks + 1,
		    sizeof(*b))) == NULL)
			return NULL;
		s->blocks = b;
		if ((b[s->nblocks] = malloc(size)) == NULL)
			return NULL;
		s->nblocks++;
		s->size = size;
		s->used = 0;
	}
	p = s->blocks[s->nblocks - 1] + s->used;
	memcpy(p, op, len);
	s->used += len;
	return p;
}

static int
add_part(struct parts *s, int pub, const char *op, int from, int to,
    int regional)
{
	struct mandate_part *v;

	if ((v = grow(s->v, &s->cap, s->n + 1, sizeof(*v))) == NULL)
		return -1;
	s->v = v;
	v = &s->v[s->n++];
	v->op = op;
	v->pub = pub;
	v->from = from;
	v->to = to;
	v->regional = regional;
	return 0;
}

/* A mandate, cut where its operator is regional and where it is not. */
static int
add_mandate(struct parts *s, const struct regionals *rgs, int pub,
    const char *op, int from, int to)
{
	const struct regional *rg = regional_first(rgs, op), *end;
	int cur = from, last;

	if (rg == NULL)
		return add_part(s, pub, op, from, to, 0);
	end = rgs->v + rgs->n;
	for (; rg < end && strcmp(rg->id, op) == 0 && cur <= to; rg++) {
		if (rg->to < cur)
			continue;
		if (rg->from > to)
			break;
		if (rg->from > cur) {
			if (add_part(s, pub, op, cur, rg->from - 1, 0) == -1)
				return -1;
			cur = rg->from;
		}
		last = rg->to < to ? rg->to : to;
		if (add_part(s, pub, op, cur, last, 1) == -1)
			return -1;
		cur = last + 1;
	}
	return cur <= to ? add_part(s, pub, op, cur, to, 0) : 0;
}

static int
cmp_part(const void *a, const void *b)
{
	const struct mandate_part *x = a, *y = b;

	if (x->pub != y->pub)
		return x->pub - y->pub;
	return (x->from > y->from) - (x->from < y->from);
}

static void
free_parts(struct parts *p)
{
	size_t i;

	for (i = 0; i < p->nblocks; i++)
		free(p->blocks[i]);
	free(p->blocks);
	free(p->v);
}

/* The mandates of a region that touch [lo, hi], cut to it, into parts. */
static int
read_parts(struct cep_db *db, const struct regionals *rg, const char *code,
    int lo, int hi, struct parts *p)
{
	struct key_range kr[KEY_RANGES_MAX];
	sqlite3_stmt *st = NULL;
	const char *op;
	size_t k, nk;
	int rc, from, to, nomem = 0;

	if ((rc = db_prepare(db, "SELECT public, operator, "
	    SQL_KEY_FROM("rk") ", valid_to FROM coverage"
	    " WHERE rk BETWEEN ?1 AND ?2 AND valid_to >= ?3", &st,
	    N_("checking coverage"))) != CEP_OK)
		return rc;
	nk = key_ranges_until(code, strlen(code), hi, kr);
	sqlite3_bind_int(st, 3, lo);
	for (k = 0; k < nk && rc == CEP_OK && !nomem; k++) {
		sqlite3_bind_int64(st, 1, kr[k].lo);
		sqlite3_bind_int64(st, 2, kr[k].hi);
		while (!nomem && sqlite3_step(st) == SQLITE_ROW) {
			/* only the days inside the region's life and the
			 * window */
			from = sqlite3_column_int(st, 2);
			to = sqlite3_column_int(st, 3);
			nomem = (op = keep_op(p, (const char *)
			    sqlite3_column_text(st, 1))) == NULL ||
			    add_mandate(p, rg, sqlite3_column_int(st, 0), op,
			    from < lo ? lo : from, to > hi ? hi : to) == -1;
		}
		rc = db_rewind(db, st, N_("checking coverage"));
	}
	sqlite3_finalize(st);
	if (rc == CEP_OK && nomem)
		rc = db_nomem(db);
	return rc;
}

/* Coverage of one region, [lo, hi], public by public. */
static int
check_region(struct cep_db *db, struct sweep *sw, const char *code, int lo,
    int hi)
{
	struct parts p;
	size_t i, start;
	int rc, pub;

	memset(&p, 0, sizeof(p));
	if ((rc = read_parts(db, sw->rg, code, lo, hi, &p)) == CEP_OK) {
		if (p.n > 1)
			qsort(p.v, p.n, sizeof(p.v[0]), cmp_part);
		sw->region = code;
		for (pub = 0, start = 0; pub < PUBLIC_COUNT && rc == CEP_OK;
		    pub++) {
			for (i = start; i < p.n && p.v[i].pub == pub; i++)
				;
			sw->pub = pub;
			rc = sweep(sw, p.n > 0 ? p.v + start : NULL, i - start,
			    lo, hi);
			start = i;
		}
		if (rc != CEP_OK && !sw->told)
			rc = out_fail(rc, db->err, sizeof(db->err));
	}
	free_parts(&p);
	return rc;
}

/* The first start day of the coverage; CEP_NOROWS when none has one. */
static int
first_start(struct cep_db *db, int *day)
{
	sqlite3_stmt *st = NULL;
	int rc, found = 0;

	if ((rc = db_prepare(db, "SELECT MIN(valid_from) FROM coverage"
	    " WHERE valid_from > ?1", &st, N_("reading coverage"))) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, DAY_OPEN_FROM);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*day = sqlite3_column_int(st, 0);
		found = 1;
	}
	if ((rc = db_end(db, st, N_("reading coverage"))) != CEP_OK)
		return rc;
	return found ? CEP_OK : CEP_NOROWS;
}

/* N_: a table and a page show the columns in the user's language. */
const struct out_col check_columns[] = {
	/* TRANSLATORS: the columns' names, which a table and a page show as
	 * their headers; keep them short: a table fits the terminal */
	{ N_("problem"), OUT_ID }, { N_("region"), OUT_CODE },
	{ N_("region_name"), OUT_TEXT }, { N_("public"), OUT_PUBLIC },
	{ N_("valid_from"), OUT_DATE }, { N_("valid_to"), OUT_DATE },
	{ N_("detail"), OUT_TEXT }, { NULL, OUT_TEXT }
};

/* A problem of the database itself: no region, public or dates. */
static int
put_integrity(struct out *o, const char *detail)
{
	return put_row(o, "integrity", "", "", "", DAY_OPEN_FROM, DAY_OPEN_TO,
	    detail);
}

/* The findings of the page check, one string each. */
struct found {
	char **v;
	size_t n, cap;
};

static int
found_add(struct found *f, const char *msg)
{
	char **v, *s;

	if ((s = strdup(msg ? msg : "")) == NULL)
		return -1;
	if ((v = grow(f->v, &f->cap, f->n + 1, sizeof(*v))) == NULL) {
		free(s);
		return -1;
	}
	f->v = v;
	f->v[f->n++] = s;
	return 0;
}

static void
free_found(struct found *f)
{
	while (f->n > 0)
		free(f->v[--f->n]);
	free(f->v);
}

/*
 * SQLite's quick_check (every page and record, at a tenth of the time of
 * integrity_check, which also matches each index to its table), before
 * anything else reads the file. Its findings are kept, one string each,
 * and so is the error of a file too damaged for the check to read
 * through. Returns CEP_OK, or an error with db->err set.
 */
static int
check_pages(struct cep_db *db, struct found *f)
{
	sqlite3_stmt *st = NULL;
	const char *msg;
	int rc, code;

	if ((rc = db_prepare(db, "PRAGMA quick_check", &st, N_("checking the "
	    "database"))) != CEP_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		msg = (const char *)sqlite3_column_text(st, 0);
		/* a page SQLite had no memory to read is not damage */
		if (msg != NULL && strstr(msg, "error code=7") != NULL)
			goto nomem;
		if (msg != NULL && strcmp(msg, "ok") != 0 &&
		    found_add(f, msg) == -1)
			goto nomem;
	}
	code = sqlite3_errcode(db->sql);
	if (rc != SQLITE_DONE && (code == SQLITE_CORRUPT ||
	    code == SQLITE_NOTADB)) {
		if (found_add(f, sqlite3_errmsg(db->sql)) == -1)
			goto nomem;
		sqlite3_finalize(st);
		return CEP_OK;
	}
	return db_end(db, st, N_("checking the database"));
nomem:
	sqlite3_finalize(st);
	return db_nomem(db);
}

/* A damaged file: its integrity rows, and nothing read from its pages. */
static int
report_damage(struct check *ck, const struct found *f)
{
	size_t i;
	int rc = CEP_OK, end;

	out_begin(ck->out, check_columns);
	for (i = 0; i < f->n && rc == CEP_OK; i++)
		rc = put_integrity(ck->out, f->v[i]);
	if ((end = out_end(ck->out)) != CEP_OK && rc == CEP_OK)
		rc = end;
	if (rc != CEP_OK)
		return out_fail(rc, ck->db->err, sizeof(ck->db->err));
	return CEP_NOROWS;
}

struct store_problems {
	struct out *o;
	int rc;
};

static void
store_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	struct store_problems *sp = ctx;
	char detail[768];
	int rc;

	snprintf(detail, sizeof(detail), "%s:%ld: %s: %s", file, line, column,
	    msg);
	if ((rc = put_integrity(sp->o, detail)) != CEP_OK)
		sp->rc = rc;
}

/* The references an import would refuse, in a sound file. */
static int
check_store(struct cep_db *db, struct out *o)
{
	struct store_problems sp = { o, CEP_OK };
	struct import_sink sink = { &sp, store_problem, NULL, NULL, NULL,
	    !out_is_human(o) };
	int rc;

	if ((rc = import_check_store(db->sql, db->label, &sink, db->err,
	    sizeof(db->err))) != CEP_OK)
		return rc;
	if (sp.rc != CEP_OK)
		return out_fail(sp.rc, db->err, sizeof(db->err));
	return CEP_OK;
}

/* The window: from the first start of the coverage unless given. */
static int
check_window(struct check *ck)
{
	struct cep_db *db = ck->db;
	int rc;

	if (ck->from == DAY_OPEN_FROM &&
	    (rc = first_start(db, &ck->from)) != CEP_OK) {
		if (rc != CEP_NOROWS)
			return rc;
		ck->no_start = 1;
		snprintf(db->err, sizeof(db->err), "%s", _("no coverage with a "
		    "start date"));
		return CEP_USAGE;
	}
	if (ck->from > ck->to) {
		snprintf(db->err, sizeof(db->err), "%s", _("the window starts "
		    "after it ends"));
		return CEP_USAGE;
	}
	return CEP_OK;
}

/*
 * Every region valid in the window, in code order. A region renamed has
 * several rows: the days of one code are checked as one stretch, so runs
 * go on across the rename.
 */
static int
check_regions(struct check *ck, struct sweep *sw)
{
	struct cep_db *db = ck->db;
	sqlite3_stmt *st = NULL;
	char code[8] = "";
	int rc, lo = 0, hi = 0, row;

	if ((rc = db_prepare(db, "SELECT code, valid_from, valid_to"
	    " FROM regions WHERE valid_from <= ?2 AND valid_to >= ?1"
	    " ORDER BY code, valid_from", &st, N_("reading regions"))) !=
	    CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, ck->from);
	sqlite3_bind_int(st, 2, ck->to);
	for (;;) {
		row = sqlite3_step(st) == SQLITE_ROW;
		if (row && strcmp(code, (const char *)sqlite3_column_text(st,
		    0)) == 0 && sqlite3_column_int(st, 1) <= hi + 1) {
			if (sqlite3_column_int(st, 2) > hi)
				hi = sqlite3_column_int(st, 2);
			continue;
		}
		if (code[0] != '\0' && (rc = check_region(db, sw, code,
		    lo < ck->from ? ck->from : lo, hi > ck->to ? ck->to :
		    hi)) != CEP_OK)
			break;
		if (!row)
			break;
		snprintf(code, sizeof(code), "%s", sqlite3_column_text(st, 0));
		lo = sqlite3_column_int(st, 1);
		hi = sqlite3_column_int(st, 2);
	}
	if (rc != CEP_OK) {
		sqlite3_finalize(st);
		return rc;
	}
	return db_end(db, st, N_("reading regions"));
}

int
check_run(struct check *ck)
{
	struct regionals rg = { NULL, 0, 0 };
	struct found f = { NULL, 0, 0 };
	struct sweep sw;
	int rc, end;

	ck->no_start = 0;
	if ((rc = check_pages(ck->db, &f)) == CEP_OK && f.n > 0)
		rc = report_damage(ck, &f);
	if (rc != CEP_OK || f.n > 0) {
		free_found(&f);
		return rc;
	}
	if ((rc = check_window(ck)) != CEP_OK ||
	    (rc = load_regionals(ck->db, &rg)) != CEP_OK) {
		free_regionals(&rg);
		return rc;
	}
	memset(&sw, 0, sizeof(sw));
	sw.o = ck->out;
	sw.rg = &rg;
	sw.db = ck->db;
	out_begin(ck->out, check_columns);
	if ((rc = db_prepare(ck->db, "SELECT name FROM regions WHERE code = ?1"
	    " ORDER BY valid_from <= ?2 AND valid_to >= ?2 DESC,"
	    " valid_from DESC LIMIT 1", &sw.name_st, N_("reading regions"))) ==
	    CEP_OK && (rc = check_regions(ck, &sw)) == CEP_OK)
		rc = check_store(ck->db, ck->out);
	sqlite3_finalize(sw.name_st);
	if ((end = out_end(ck->out)) != CEP_OK && rc == CEP_OK)
		rc = out_fail(end, ck->db->err, sizeof(ck->db->err));
	free(sw.ov_ops);
	free_regionals(&rg);
	if (rc == CEP_OK && ck->out->rows > 0)
		rc = CEP_NOROWS;
	return rc;
}
