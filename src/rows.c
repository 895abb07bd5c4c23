/*
 * The rows a lookup gathers before it writes them: they come from several
 * statements (a region's own mandates, the national ones, its
 * predecessors'), so they are sorted into one stable order first.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
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
    const char *name, const struct place *place)
{
	const char *c, *nm, *in = NULL, *ins = NULL, *cn = NULL, *dp = NULL;
	size_t i;

	if (first == m->n)
		return;
	c = mrows_str(m, code);
	nm = mrows_str(m, name);
	if (place != NULL) {
		in = place->input ? mrows_str(m, place->input) : NULL;
		ins = mrows_str(m, place->insee);
		cn = mrows_str(m, place->commune);
		dp = mrows_str(m, place->department);
	}
	for (i = first; i < m->n; i++) {
		m->v[i].region = c;
		m->v[i].region_name = nm;
		m->v[i].input = in;
		m->v[i].insee = ins;
		m->v[i].commune = cn;
		m->v[i].department = dp;
	}
}

/* a, then b after "; " */
static const char *
joined(struct mrows *m, const char *a, const char *b)
{
	char buf[1100];

	if (a == NULL || a[0] == '\0')
		return mrows_str(m, b);
	snprintf(buf, sizeof(buf), "%s; %s", a, b);
	return mrows_str(m, buf);
}

void
mrows_note(struct mrows *m, size_t first, const struct note *note)
{
	size_t i;

	for (i = first; i < m->n; i++) {
		m->v[i].note = joined(m, m->v[i].note, note->en);
		m->v[i].note_local = joined(m, m->v[i].note_local, note->local);
	}
}

int
mrows_found(const struct mrows *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!m->v[i].gap)
			return 1;
	return 0;
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

/* The columns, by the names the machine formats write (N_: a table and
 * a page show them in the user's language). */
/* TRANSLATORS: the columns' names, which a table and a page show as
 * their headers; keep them short: a table fits the terminal */
#define MANDATE_COLUMNS \
	{ N_("region"), OUT_CODE }, { N_("region_name"), OUT_TEXT }, \
	{ N_("public"), OUT_PUBLIC }, { N_("operator"), OUT_ID }, \
	{ N_("operator_name"), OUT_TEXT }, { N_("valid_from"), OUT_DATE }, \
	{ N_("valid_to"), OUT_DATE }, { N_("website"), OUT_TEXT }, \
	{ N_("phone"), OUT_TEXT }, { N_("locator"), OUT_TEXT }, \
	{ N_("scope"), OUT_TEXT }, { N_("note"), OUT_TEXT }, \
	{ NULL, OUT_TEXT }
/* TRANSLATORS: the columns' names, which a table and a page show as
 * their headers; keep them short: a table fits the terminal */
#define PLACE_COLUMNS \
	{ N_("insee"), OUT_CODE }, { N_("commune"), OUT_TEXT }, \
	{ N_("department"), OUT_CODE }

const struct out_col query_mandate_columns[] = { MANDATE_COLUMNS };
const struct out_col query_where_columns[] = {
	PLACE_COLUMNS, MANDATE_COLUMNS
};
const struct out_col query_where_batch_columns[] = {
	/* TRANSLATORS: a column: the line of standard input asked */
	{ N_("input"), OUT_TEXT }, PLACE_COLUMNS, MANDATE_COLUMNS
};
const struct out_col query_changes_columns[] = {
	/* TRANSLATORS: columns: began or ended, and the day of it */
	{ N_("change"), OUT_ID }, { N_("date"), OUT_DATE }, MANDATE_COLUMNS
};

/* The columns and the order of each shape. */
static const struct {
	const struct out_col *cols;
	int (*cmp)(const void *, const void *);
} shapes[] = {
	[SHAPE_MANDATE] = { query_mandate_columns, cmp_place },
	[SHAPE_HISTORY] = { query_mandate_columns, cmp_history },
	[SHAPE_WHERE] = { query_where_columns, cmp_place },
	[SHAPE_WHERE_BATCH] = { query_where_batch_columns, cmp_place },
	[SHAPE_CHANGES] = { query_changes_columns, cmp_changes },
};

/* A date cell: an open end is "", or absent (null) in JSON. */
static const char *
date_cell(struct out *o, int day, char buf[DATE_BUFSZ])
{
	date_format(day, buf);
	return buf[0] != '\0' || !out_is_json(o) ? buf : NULL;
}

static int
put_row(struct query *q, const struct mrow *r, enum shape shape)
{
	const char *cells[OUT_MAXCOLS];
	char from[DATE_BUFSZ], to[DATE_BUFSZ], day[DATE_BUFSZ];
	size_t k = 0;

	if (shape == SHAPE_CHANGES) {
		cells[k++] = r->change ? "ended" : "began";
		cells[k++] = date_cell(q->out, r->day, day);
	} else if (shape == SHAPE_WHERE || shape == SHAPE_WHERE_BATCH) {
		if (shape == SHAPE_WHERE_BATCH)
			cells[k++] = r->input;
		cells[k++] = r->insee;
		cells[k++] = r->commune;
		cells[k++] = r->department;
	}
	cells[k++] = r->region;
	cells[k++] = r->region_name;
	cells[k++] = public_id(r->pub);
	cells[k++] = r->op;
	cells[k++] = r->op_name;
	/* a gap row has no dates: "", or null in JSON */
	cells[k++] = r->gap ? date_cell(q->out, DAY_OPEN_FROM, from) :
	    date_cell(q->out, r->from, from);
	cells[k++] = r->gap ? date_cell(q->out, DAY_OPEN_TO, to) :
	    date_cell(q->out, r->to, to);
	cells[k++] = r->website;
	cells[k++] = r->phone;
	cells[k++] = r->locator;
	cells[k++] = r->scope;
	cells[k++] = out_is_human(q->out) ? r->note_local : r->note;
	return out_row(q->out, cells);
}

void
mrows_begin(struct query *q, enum shape shape)
{
	out_begin(q->out, shapes[shape].cols);
}

int
mrows_put(struct query *q, struct mrows *m, enum shape shape)
{
	size_t i;
	int rc = CEP_OK;

	if (m->failed)
		return db_nomem(q->db);
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(m->v[0]), shapes[shape].cmp);
	for (i = 0; i < m->n && rc == CEP_OK; i++)
		rc = put_row(q, &m->v[i], shape);
	if (rc != CEP_OK)
		return out_fail(rc, q->db->err, sizeof(q->db->err));
	return CEP_OK;
}

int
mrows_end(struct query *q)
{
	int rc;

	if ((rc = out_end(q->out)) != CEP_OK)
		return out_fail(rc, q->db->err, sizeof(q->db->err));
	return CEP_OK;
}

int
mrows_emit(struct query *q, struct mrows *m, enum shape shape)
{
	int rc, end;

	mrows_begin(q, shape);
	rc = mrows_put(q, m, shape);
	end = mrows_end(q);
	if (rc == CEP_OK)
		rc = end;
	if (rc == CEP_OK && !mrows_found(m))
		rc = CEP_NOROWS;
	return rc;
}
