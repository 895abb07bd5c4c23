/*
 * The rows a lookup gathers before it writes them: they come from several
 * statements (a region's own mandates, the national ones, its
 * predecessors'), so they are sorted into one stable order first.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "query.h"

/* The rows' strings live in blocks, freed together with the rows. */
struct strblock {
	struct strblock *next;
	size_t len, cap;
	char s[];
};

#define STRBLOCK 65536

const char *
mrows_str(struct mrows *m, const char *s)
{
	struct strblock *b = m->strs;
	size_t n = (s ? strlen(s) : 0) + 1, cap;
	char *p;

	if (b == NULL || b->cap - b->len < n) {
		cap = n > STRBLOCK ? n : STRBLOCK;
		if ((b = malloc(sizeof(*b) + cap)) == NULL) {
			m->failed = 1;
			return NULL;
		}
		b->next = m->strs;
		b->len = 0;
		b->cap = cap;
		m->strs = b;
	}
	p = b->s + b->len;
	memcpy(p, s ? s : "", n);
	b->len += n;
	return p;
}

const char *
mrows_column(struct mrows *m, sqlite3_stmt *st, int col)
{
	return mrows_str(m, (const char *)sqlite3_column_text(st, col));
}

struct mrow *
mrows_add(struct mrows *m)
{
	struct mrow *r;

	if ((r = grow(m->v, &m->cap, m->n + 1, sizeof(*r))) == NULL) {
		m->failed = 1;
		return NULL;
	}
	m->v = r;
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

void
mrows_free(struct mrows *m)
{
	struct strblock *b, *next;

	for (b = m->strs; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(m->v);
	memset(m, 0, sizeof(*m));
}

void
mrows_label(struct mrows *m, size_t first, const char *code,
    const char *name, const char *insee, const char *commune)
{
	const char *c, *nm, *in, *cn;
	size_t i;

	if (first == m->n)
		return;
	c = mrows_str(m, code);
	nm = mrows_str(m, name);
	in = insee ? mrows_str(m, insee) : NULL;
	cn = insee ? mrows_str(m, commune) : NULL;
	for (i = first; i < m->n; i++) {
		m->v[i].region = c;
		m->v[i].region_name = nm;
		m->v[i].insee = in;
		m->v[i].commune = cn;
	}
}

/* ---- order ---- */

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int
cmp_int(int a, int b)
{
	return (a > b) - (a < b);
}

/* insee, region, public, start, operator */
static int
cmp_place(const void *va, const void *vb)
{
	const struct mrow *a = va, *b = vb;
	int c;

	if ((c = cmp_str(a->insee, b->insee)) != 0 ||
	    (c = cmp_str(a->region, b->region)) != 0 ||
	    (c = cmp_int(a->pub, b->pub)) != 0 ||
	    (c = cmp_int(a->from, b->from)) != 0)
		return c;
	return cmp_str(a->op, b->op);
}

/* start, region, public, operator */
static int
cmp_history(const void *va, const void *vb)
{
	const struct mrow *a = va, *b = vb;
	int c;

	if ((c = cmp_int(a->from, b->from)) != 0 ||
	    (c = cmp_str(a->region, b->region)) != 0 ||
	    (c = cmp_int(a->pub, b->pub)) != 0)
		return c;
	return cmp_str(a->op, b->op);
}

/* day, began before ended, region, public, operator */
static int
cmp_changes(const void *va, const void *vb)
{
	const struct mrow *a = va, *b = vb;
	int c;

	if ((c = cmp_int(a->day, b->day)) != 0 ||
	    (c = cmp_int(a->change, b->change)) != 0 ||
	    (c = cmp_str(a->region, b->region)) != 0 ||
	    (c = cmp_int(a->pub, b->pub)) != 0)
		return c;
	return cmp_str(a->op, b->op);
}

/* ---- writing ---- */

#define MANDATE_COLUMNS \
	{ "region", OUT_CODE }, { "region_name", OUT_TEXT }, \
	{ "public", OUT_PUBLIC }, { "operator", OUT_ID }, \
	{ "operator_name", OUT_TEXT }, { "valid_from", OUT_DATE }, \
	{ "valid_to", OUT_DATE }, { "website", OUT_TEXT }, { NULL, OUT_TEXT }

const struct out_col query_mandate_columns[] = { MANDATE_COLUMNS };
const struct out_col query_where_columns[] = {
	{ "insee", OUT_CODE }, { "commune", OUT_TEXT }, MANDATE_COLUMNS
};
const struct out_col query_changes_columns[] = {
	{ "change", OUT_ID }, { "date", OUT_DATE }, MANDATE_COLUMNS
};

/* The columns and the order of each shape. */
static const struct {
	const struct out_col *cols;
	int (*cmp)(const void *, const void *);
} shapes[] = {
	[SHAPE_MANDATE] = { query_mandate_columns, cmp_place },
	[SHAPE_HISTORY] = { query_mandate_columns, cmp_history },
	[SHAPE_WHERE] = { query_where_columns, cmp_place },
	[SHAPE_CHANGES] = { query_changes_columns, cmp_changes },
};

/* A date cell: an open end is "", or absent (null) in JSON. */
static const char *
date_cell(struct out *o, int day, char buf[DATE_BUFSZ])
{
	date_format(day, buf);
	return buf[0] != '\0' || !out_is_json(o) ? buf : NULL;
}

int
mrows_emit(struct query *q, struct mrows *m, enum shape shape)
{
	const char *cells[OUT_MAXCOLS];
	char from[DATE_BUFSZ], to[DATE_BUFSZ], day[DATE_BUFSZ];
	size_t i, k;
	int rc = CEP_OK, end;

	if (m->failed)
		return db_nomem(q->db);
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(m->v[0]), shapes[shape].cmp);
	out_begin(q->out, shapes[shape].cols);
	for (i = 0; i < m->n && rc == CEP_OK; i++) {
		const struct mrow *r = &m->v[i];

		k = 0;
		if (shape == SHAPE_CHANGES) {
			cells[k++] = r->change ? "ended" : "began";
			cells[k++] = date_cell(q->out, r->day, day);
		} else if (shape == SHAPE_WHERE) {
			cells[k++] = r->insee;
			cells[k++] = r->commune;
		}
		cells[k++] = r->region;
		cells[k++] = r->region_name;
		cells[k++] = public_id(r->pub);
		cells[k++] = r->op;
		cells[k++] = r->op_name;
		cells[k++] = date_cell(q->out, r->from, from);
		cells[k++] = date_cell(q->out, r->to, to);
		cells[k++] = r->website;
		rc = out_row(q->out, cells);
	}
	if ((end = out_end(q->out)) != CEP_OK && rc == CEP_OK)
		rc = end;
	if (rc != CEP_OK)
		return out_fail(rc, q->db->err, sizeof(q->db->err));
	if (m->n == 0)
		rc = CEP_NOROWS;
	return rc;
}
