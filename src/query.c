/*
 * The lookups. Each one gathers mandate rows, sorts them in a stable
 * order and writes them. National mandates (region `*`) become one row per
 * concrete region. Every statement is in query_sql_list so a test can
 * check that none of them scans the coverage table.
 */
#include <stdlib.h>
#include <string.h>

#include "resolve.h"

#define OPEN_FROM SQL_OPEN_FROM
#define OPEN_TO SQL_OPEN_TO
/* The operator row to name a mandate with: the one valid on the day, else
 * its latest. (SQLite does not let a subquery's ORDER BY see the outer
 * row, hence two lookups.) */
#define OPERATOR_ON(day) \
    " LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid" \
    " FROM operators x WHERE x.id = c.operator AND x.valid_from <= " day \
    " AND x.valid_to >= " day "), (SELECT x.rowid FROM operators x" \
    " WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))"

/*
 * Lookups by region and date read ranges of the coverage key (key.c):
 * ?1..?2 a range, ?3 the first day a mandate must still be in force. They
 * read the index alone: the start day comes from the key.
 */
#define MANDATE_COLS \
    "SELECT c.public, c.operator, " SQL_KEY_FROM("c.rk") ", c.valid_to," \
    " o.name, o.website FROM coverage c"
#define IN_RANGE \
    " WHERE c.rk BETWEEN ?1 AND ?2 AND c.valid_to >= ?3" \
    " AND (?4 < 0 OR c.public = ?4)"

/* In force on ?3, named on that day. */
static const char sql_region_on[] = MANDATE_COLS OPERATOR_ON("?3") IN_RANGE;

/* Over a region's life from ?3, each named on its first day. */
static const char sql_history[] =
    MANDATE_COLS OPERATOR_ON(SQL_KEY_FROM("c.rk")) IN_RANGE;

static const char sql_max_span[] =
    "SELECT value FROM meta WHERE key = 'max_span'";

static const char sql_operator_on[] =
    "SELECT c.region, c.public, c.valid_from, c.valid_to FROM coverage c"
    " WHERE c.operator = ?1 AND c.valid_from <= ?2 AND c.valid_to >= ?2"
    " AND (?3 < 0 OR c.public = ?3)";

/* Began (?1..?2 closed, ?3..?4 open-ended) and ended (?5..?2 closed,
 * ?6 open start) in the days ?7..?8 for one region's keys. */
static const char sql_changes[] =
    "SELECT c.change, c.day, c.region, c.public, c.operator, c.valid_from,"
    " c.valid_to, o.name, o.website FROM ("
    " SELECT 0 AS change, valid_from AS day, region, public, operator,"
    "  valid_from, valid_to FROM coverage WHERE rk BETWEEN ?1 AND ?2"
    " UNION ALL"
    " SELECT 0, valid_from, region, public, operator, valid_from, valid_to"
    "  FROM coverage WHERE rk BETWEEN ?3 AND ?4"
    " UNION ALL"
    " SELECT 1, valid_to, region, public, operator, valid_from, valid_to"
    "  FROM coverage WHERE rk BETWEEN ?5 AND ?2"
    "  AND valid_to BETWEEN ?7 AND ?8"
    " UNION ALL"
    " SELECT 1, valid_to, region, public, operator, valid_from, valid_to"
    "  FROM coverage WHERE rk = ?6 AND valid_to BETWEEN ?7 AND ?8"
    ") c" OPERATOR_ON("c.day")
    " WHERE ?9 < 0 OR c.public = ?9";

static const char sql_region_codes[] =
    "SELECT DISTINCT code FROM regions UNION SELECT '*'";

static const char sql_regions_on[] =
    "SELECT code, name FROM regions WHERE valid_from <= ?1"
    " AND valid_to >= ?1 ORDER BY code";

static const char sql_region_rows[] =
    "SELECT name, valid_from, valid_to, successor FROM regions"
    " WHERE code = ?1 ORDER BY valid_from";

static const char sql_region_name[] =
    "SELECT name FROM regions WHERE code = ?1"
    " ORDER BY valid_from <= ?2 AND valid_to >= ?2 DESC, valid_from DESC"
    " LIMIT 1";

static const char sql_predecessors[] =
    "SELECT DISTINCT code FROM regions WHERE successor = ?1"
    " AND valid_from <= ?2 AND valid_to >= ?2 ORDER BY code";

static const char sql_history_regions[] =
    "WITH RECURSIVE up(code) AS (SELECT ?1 UNION"
    " SELECT r.code FROM regions r JOIN up ON r.successor = up.code)"
    " SELECT r.code, MIN(r.valid_from), MAX(r.valid_to),"
    " (SELECT name FROM regions x WHERE x.code = r.code"
    "  ORDER BY x.valid_from DESC LIMIT 1)"
    " FROM regions r JOIN up ON r.code = up.code GROUP BY r.code";

static const char sql_operator_rows[] =
    "SELECT name, valid_from, valid_to, successor, website FROM operators"
    " WHERE id = ?1 ORDER BY valid_from";

static const char sql_dept_region[] =
    "SELECT region FROM departments WHERE code = ?1 AND valid_from <= ?2"
    " AND valid_to >= ?2";

static const char sql_dept_exists[] =
    "SELECT 1 FROM departments WHERE code = ?1";

static const char sql_communes_by_code[] =
    "SELECT insee FROM communes WHERE postcode = ?1 UNION"
    " SELECT insee FROM communes WHERE insee = ?1 ORDER BY 1";

static const char sql_commune[] =
    "SELECT name, department FROM communes WHERE insee = ?1 LIMIT 1";

static const char sql_regions_list[] =
    "SELECT code, name, kind, valid_from, valid_to, successor FROM regions"
    " WHERE ?2 OR (valid_from <= ?1 AND valid_to >= ?1)"
    " ORDER BY code, valid_from";

static const char sql_operators_list[] =
    "SELECT id, name, kind, website, phone, valid_from, valid_to"
    " FROM operators WHERE ?2 OR (valid_from <= ?1 AND valid_to >= ?1)"
    " ORDER BY id, valid_from";

const struct query_sql query_sql_list[] = {
	{ "region_on", sql_region_on },
	{ "max_span", sql_max_span },
	{ "operator_on", sql_operator_on },
	{ "history", sql_history },
	{ "changes", sql_changes },
	{ "region_codes", sql_region_codes },
	{ "regions_on", sql_regions_on },
	{ "region_rows", sql_region_rows },
	{ "region_name", sql_region_name },
	{ "predecessors", sql_predecessors },
	{ "history_regions", sql_history_regions },
	{ "operator_rows", sql_operator_rows },
	{ "dept_region", sql_dept_region },
	{ "dept_exists", sql_dept_exists },
	{ "communes_by_code", sql_communes_by_code },
	{ "commune", sql_commune },
	{ "regions_list", sql_regions_list },
	{ "operators_list", sql_operators_list },
	{ NULL, NULL }
};

static const char *const mandate_cols[] = {
	"region", "region_name", "public", "operator", "operator_name",
	"valid_from", "valid_to", "website"
};
static const char *const where_cols[] = {
	"insee", "commune", "region", "region_name", "public", "operator",
	"operator_name", "valid_from", "valid_to", "website"
};
static const char *const changes_cols[] = {
	"change", "date", "region", "region_name", "public", "operator",
	"operator_name", "valid_from", "valid_to", "website"
};

/* ---- gathered rows ---- */

struct mrow {
	const char *pre[2];	/* insee and commune, or nothing */
	const char *region, *region_name, *op, *op_name, *website;
	int pub, from, to, day, change;
};

/* The rows' strings live in blocks, freed together with the rows. */
struct strblock {
	struct strblock *next;
	size_t len, cap;
	char s[];
};

struct mrows {
	struct mrow *v;
	size_t n, cap;
	struct strblock *strs;
	int failed;
};

/* A copy of s (NULL: "") that lives as long as m; NULL if out of memory. */
static const char *
mrows_str(struct mrows *m, const char *s)
{
	struct strblock *b = m->strs;
	size_t n = (s ? strlen(s) : 0) + 1, cap;
	char *p;

	if (b == NULL || b->cap - b->len < n) {
		cap = n > 65536 ? n : 65536;
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

static const char *
column_str(struct mrows *m, sqlite3_stmt *st, int col)
{
	return mrows_str(m, (const char *)sqlite3_column_text(st, col));
}

static struct mrow *
mrows_add(struct mrows *m)
{
	struct mrow *r;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;

		if ((r = realloc(m->v, cap * sizeof(*r))) == NULL) {
			m->failed = 1;
			return NULL;
		}
		m->v = r;
		m->cap = cap;
	}
	r = &m->v[m->n++];
	memset(r, 0, sizeof(*r));
	return r;
}

static void
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

/* public, operator, from, to, operator name, website from column col */
static void
fill_mandate(struct mrows *m, struct mrow *r, sqlite3_stmt *st, int col)
{
	r->pub = sqlite3_column_int(st, col);
	r->op = column_str(m, st, col + 1);
	r->from = sqlite3_column_int(st, col + 2);
	r->to = sqlite3_column_int(st, col + 3);
	r->op_name = column_str(m, st, col + 4);
	r->website = column_str(m, st, col + 5);
}

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

	if ((c = cmp_str(a->pre[0], b->pre[0])) != 0 ||
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

static int
emit(struct query *q, struct mrows *m, int npre, const char *const *cols,
    int (*cmp)(const void *, const void *))
{
	const char *cells[10];
	char from[DATE_BUFSZ], to[DATE_BUFSZ], day[DATE_BUFSZ];
	size_t i;
	int k, rc = CEP_OK;

	if (m->failed) {
		snprintf(q->db->err, sizeof(q->db->err), "out of memory");
		return CEP_SOFTWARE;
	}
	if (m->n > 1)
		qsort(m->v, m->n, sizeof(m->v[0]), cmp);
	out_begin(q->out, (size_t)npre + 8, cols);
	for (i = 0; i < m->n && rc == CEP_OK; i++) {
		struct mrow *r = &m->v[i];

		k = 0;
		if (cmp == cmp_changes) {
			date_format(r->day, day);
			cells[k++] = r->change ? "ended" : "began";
			cells[k++] = day;
		} else if (npre == 2) {
			cells[k++] = r->pre[0];
			cells[k++] = r->pre[1];
		}
		date_format(r->from, from);
		date_format(r->to, to);
		cells[k++] = r->region;
		cells[k++] = r->region_name;
		cells[k++] = public_id(r->pub);
		cells[k++] = r->op;
		cells[k++] = r->op_name;
		cells[k++] = from[0] || !out_is_json(q->out) ? from : NULL;
		cells[k++] = to[0] || !out_is_json(q->out) ? to : NULL;
		cells[k++] = r->website;
		if (out_row(q->out, cells) == -1)
			rc = CEP_IOERR;
	}
	if (out_end(q->out) == -1)
		rc = CEP_IOERR;
	if (rc == CEP_IOERR)
		snprintf(q->db->err, sizeof(q->db->err), "write error");
	if (rc == CEP_OK && m->n == 0)
		rc = CEP_NOROWS;
	return rc;
}

/* ---- statements ---- */

static int
prepare(struct query *q, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v2(q->db->sql, sql, -1, st, NULL) != SQLITE_OK)
		return db_set_error(q->db->err, sizeof(q->db->err), q->db->sql,
		    "preparing a lookup");
	return CEP_OK;
}

static int
step_done(struct query *q, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_set_error(q->db->err, sizeof(q->db->err), q->db->sql,
		    "reading the database");
	return CEP_OK;
}

static void
note(struct query *q, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct query *q, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (q->note == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	q->note(q->ctx, msg);
}

static char *
region_name_on(struct query *q, const char *code, int day)
{
	sqlite3_stmt *st = NULL;
	char *name = NULL;

	if (prepare(q, sql_region_name, &st) != CEP_OK)
		return strdup(code);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	if (sqlite3_step(st) == SQLITE_ROW)
		name = strdup(sqlite3_column_text(st, 0) ? (const char *)
		    sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return name ? name : strdup("");
}

/* The longest closed mandate, in days: how far back a start may lie. */
static int
max_span(struct query *q, int *span)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*span = 0;
	if ((rc = prepare(q, sql_max_span, &st)) != CEP_OK)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*span = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	return step_done(q, st, rc);
}

/* Runs a mandate statement over key ranges; the rows go to m. */
static int
gather_ranges(struct query *q, sqlite3_stmt *st, const struct key_range *kr,
    size_t n, int day, struct mrows *m)
{
	struct mrow *r;
	size_t i;
	int rc = SQLITE_DONE;

	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int(st, 4, q->public);
	for (i = 0; i < n && rc == SQLITE_DONE; i++) {
		sqlite3_bind_int64(st, 1, kr[i].lo);
		sqlite3_bind_int64(st, 2, kr[i].hi);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if ((r = mrows_add(m)) == NULL)
				break;
			fill_mandate(m, r, st, 0);
		}
		sqlite3_reset(st);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_set_error(q->db->err, sizeof(q->db->err), q->db->sql,
		    "reading the database");
	return CEP_OK;
}

/*
 * Rows first.. of m are one region's: each gets its code and name (and the
 * commune's, for where), copied into m once for all of them.
 */
static void
label_rows(struct mrows *m, size_t first, const char *code,
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
		m->v[i].pre[0] = in;
		m->v[i].pre[1] = cn;
	}
}

/* Mandates in force on q->on in one concrete region. */
static int
gather_region_on(struct query *q, const char *code, const char *name,
    const char *insee, const char *commune, struct mrows *m)
{
	struct key_range kr[KEY_RANGES_MAX];
	sqlite3_stmt *st = NULL;
	size_t first = m->n, n;
	int rc, span;

	if ((rc = max_span(q, &span)) != CEP_OK ||
	    (rc = prepare(q, sql_region_on, &st)) != CEP_OK)
		return rc;
	n = key_ranges_on(code, strlen(code), q->on, span, kr);
	rc = gather_ranges(q, st, kr, n, q->on, m);
	sqlite3_finalize(st);
	if (rc == CEP_OK)
		label_rows(m, first, code, name, insee, commune);
	return rc;
}

/* Each concrete region valid on a day: code and name pairs. */
struct region_set {
	size_t n;
	char code[64][8];
	char name[64][128];
};

static int
regions_on(struct query *q, int day, struct region_set *rs)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rs->n = 0;
	if ((rc = prepare(q, sql_regions_on, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && rs->n < 64) {
		snprintf(rs->code[rs->n], sizeof(rs->code[0]), "%s",
		    sqlite3_column_text(st, 0));
		snprintf(rs->name[rs->n], sizeof(rs->name[0]), "%s",
		    sqlite3_column_text(st, 1));
		rs->n++;
	}
	return step_done(q, st, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

/*
 * The regions to answer for: the region itself when it exists on the
 * day, its successor when it has ended, the regions it succeeded when it
 * has not begun yet.
 */
static int
regions_for(struct query *q, const char *code, struct region_set *rs)
{
	sqlite3_stmt *st = NULL;
	char cur[8], next[8], ended[DATE_BUFSZ], name[128], list[512];
	int rc, hop, valid, first_from, last_to, any;
	size_t i;

	rs->n = 0;
	snprintf(cur, sizeof(cur), "%s", code);
	for (hop = 0; hop < 16; hop++) {
		if ((rc = prepare(q, sql_region_rows, &st)) != CEP_OK)
			return rc;
		sqlite3_bind_text(st, 1, cur, -1, SQLITE_STATIC);
		valid = any = 0;
		first_from = last_to = 0;
		next[0] = '\0';
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int f = sqlite3_column_int(st, 1);
			int t = sqlite3_column_int(st, 2);

			if (!any)
				first_from = f;
			any = 1;
			last_to = t;
			snprintf(next, sizeof(next), "%s",
			    sqlite3_column_text(st, 3) ?
			    (const char *)sqlite3_column_text(st, 3) : "");
			if (f <= q->on && t >= q->on) {
				valid = 1;
				snprintf(name, sizeof(name), "%s",
				    sqlite3_column_text(st, 0));
			} else if (!valid)
				snprintf(name, sizeof(name), "%s",
				    sqlite3_column_text(st, 0));
		}
		if ((rc = step_done(q, st, rc)) != CEP_OK)
			return rc;
		if (valid) {
			snprintf(rs->code[0], sizeof(rs->code[0]), "%s", cur);
			snprintf(rs->name[0], sizeof(rs->name[0]), "%s", name);
			rs->n = 1;
			if (hop > 0)
				note(q, "%s; now %s", list, name);
			return CEP_OK;
		}
		if (!any)
			return CEP_OK;
		if (last_to < q->on) {
			date_format(last_to, ended);
			if (hop == 0)
				snprintf(list, sizeof(list), "%s ended %s",
				    name, ended);
			if (next[0] == '\0') {
				note(q, "%s ended %s", name, ended);
				return CEP_OK;
			}
			snprintf(cur, sizeof(cur), "%s", next);
			continue;
		}
		break;
	}
	if (hop == 16 || first_from <= q->on) {
		date_format(q->on, ended);
		note(q, "%s does not exist on %s", name, ended);
		return CEP_OK;
	}
	/* Not begun yet: answer for the regions it replaced. */
	if ((rc = prepare(q, sql_predecessors, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, cur, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && rs->n < 64) {
		snprintf(rs->code[rs->n], sizeof(rs->code[0]), "%s",
		    sqlite3_column_text(st, 0));
		rs->n++;
	}
	if ((rc = step_done(q, st, rc == SQLITE_ROW ? SQLITE_DONE : rc)) !=
	    CEP_OK)
		return rc;
	date_format(first_from, ended);
	list[0] = '\0';
	for (i = 0; i < rs->n; i++) {
		char *n = region_name_on(q, rs->code[i], q->on);

		snprintf(rs->name[i], sizeof(rs->name[0]), "%s", n ? n : "");
		free(n);
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		    "%s%s", i ? ", " : "", rs->name[i]);
	}
	if (rs->n > 0)
		note(q, "%s begins %s; answering for %s", name, ended, list);
	else
		note(q, "%s begins %s", name, ended);
	return CEP_OK;
}

int
query_region(struct query *q, const char *text)
{
	struct region_set rs;
	struct mrows m = { 0 };
	char code[8];
	size_t i;
	int rc;

	if ((rc = resolve_region(q->db, text, code, sizeof(code))) != CEP_OK ||
	    (rc = regions_for(q, code, &rs)) != CEP_OK)
		return rc;
	for (i = 0; i < rs.n && rc == CEP_OK; i++)
		rc = gather_region_on(q, rs.code[i], rs.name[i], NULL, NULL,
		    &m);
	if (rc == CEP_OK)
		rc = emit(q, &m, 0, mandate_cols, cmp_place);
	mrows_free(&m);
	return rc;
}

int
query_on(struct query *q)
{
	struct region_set rs;
	struct mrows m = { 0 };
	size_t i;
	int rc;

	if ((rc = regions_on(q, q->on, &rs)) != CEP_OK)
		return rc;
	for (i = 0; i < rs.n && rc == CEP_OK; i++)
		rc = gather_region_on(q, rs.code[i], rs.name[i], NULL, NULL,
		    &m);
	if (rc == CEP_OK)
		rc = emit(q, &m, 0, mandate_cols, cmp_place);
	mrows_free(&m);
	return rc;
}

/* ---- where ---- */

static int
text_is(const char *s, const char *shape)
{
	/* shape: 'd' a digit, 'x' a digit or A/B, other chars literal */
	for (; *shape != '\0'; s++, shape++) {
		if (*s == '\0')
			return 0;
		if (*shape == 'd' && !(*s >= '0' && *s <= '9'))
			return 0;
		if (*shape == 'x' && !((*s >= '0' && *s <= '9') || *s == 'A' ||
		    *s == 'B' || *s == 'a' || *s == 'b'))
			return 0;
		if (*shape != 'd' && *shape != 'x' && *shape != *s)
			return 0;
	}
	return *s == '\0';
}

static int
dept_region_on(struct query *q, const char *dept, char *region,
    size_t regionsz)
{
	sqlite3_stmt *st = NULL;
	int rc;

	region[0] = '\0';
	if ((rc = prepare(q, sql_dept_region, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, dept, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(region, regionsz, "%s", sqlite3_column_text(st, 0));
		rc = SQLITE_DONE;
	}
	return step_done(q, st, rc);
}

static int
gather_commune(struct query *q, const char *insee, struct mrows *m)
{
	sqlite3_stmt *st = NULL;
	char name[256], dept[8], region[8];
	char *rname;
	int rc;

	if ((rc = prepare(q, sql_commune, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, insee, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return CEP_OK;
	}
	snprintf(name, sizeof(name), "%s", sqlite3_column_text(st, 0));
	snprintf(dept, sizeof(dept), "%s", sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	if ((rc = dept_region_on(q, dept, region, sizeof(region))) != CEP_OK)
		return rc;
	if (region[0] == '\0') {
		note(q, "%s (%s): department %s has no region on that date",
		    name, insee, dept);
		return CEP_OK;
	}
	rname = region_name_on(q, region, q->on);
	rc = gather_region_on(q, region, rname ? rname : "", insee, name, m);
	free(rname);
	return rc;
}

int
query_where(struct query *q, const char *place)
{
	struct commune_list *cl;
	struct mrows m = { 0 };
	sqlite3_stmt *st = NULL;
	char dept[8], region[8], *rname, up[8];
	size_t i;
	int rc;

	if ((cl = calloc(1, sizeof(*cl))) == NULL)
		return CEP_SOFTWARE;
	if (text_is(place, "ddddd") || text_is(place, "2xddd")) {
		snprintf(up, sizeof(up), "%s", place);
		if (up[1] == 'a' || up[1] == 'b')
			up[1] = (char)(up[1] - 'a' + 'A');
		if ((rc = prepare(q, sql_communes_by_code, &st)) != CEP_OK)
			goto out;
		sqlite3_bind_text(st, 1, up, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			commune_list_add(cl, (const char *)
			    sqlite3_column_text(st, 0));
		if ((rc = step_done(q, st, rc)) != CEP_OK)
			goto out;
		if (cl->n == 0) {
			snprintf(q->db->err, sizeof(q->db->err), "unknown "
			    "postcode or INSEE code %s", up);
			rc = CEP_USAGE;
			goto out;
		}
	} else if (text_is(place, "dd") || text_is(place, "2x") ||
	    text_is(place, "9dd")) {
		snprintf(dept, sizeof(dept), "%s", place);
		if (dept[1] == 'a' || dept[1] == 'b')
			dept[1] = (char)(dept[1] - 'a' + 'A');
		if ((rc = prepare(q, sql_dept_exists, &st)) != CEP_OK)
			goto out;
		sqlite3_bind_text(st, 1, dept, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW) {
			snprintf(q->db->err, sizeof(q->db->err), "unknown "
			    "department %s", dept);
			rc = CEP_USAGE;
			goto out;
		}
		if ((rc = dept_region_on(q, dept, region, sizeof(region))) !=
		    CEP_OK)
			goto out;
		if (region[0] != '\0') {
			rname = region_name_on(q, region, q->on);
			rc = gather_region_on(q, region, rname ? rname : "",
			    "", "", &m);
			free(rname);
		} else
			note(q, "department %s has no region on that date",
			    dept);
	} else if ((rc = resolve_commune_name(q->db, place, cl)) != CEP_OK)
		goto out;
	for (i = 0; i < cl->n && rc == CEP_OK; i++)
		rc = gather_commune(q, cl->insee[i], &m);
	if (rc == CEP_OK)
		rc = emit(q, &m, 2, where_cols, cmp_place);
out:
	mrows_free(&m);
	free(cl);
	return rc;
}

/* ---- operator ---- */

int
query_operator(struct query *q, const char *text)
{
	sqlite3_stmt *st = NULL;
	struct mrows m = { 0 };
	struct region_set all;
	struct mrow *r;
	char id[128], name[256] = "", website[512] = "", next[128], when[
	    DATE_BUFSZ], first[256] = "", first_end[DATE_BUFSZ] = "";
	int rc, hop, valid, any, first_from = 0, last_to = 0;
	size_t i;

	if ((rc = resolve_operator(q->db, text, id, sizeof(id))) != CEP_OK)
		return rc;
	for (hop = 0; hop < 16; hop++) {
		if ((rc = prepare(q, sql_operator_rows, &st)) != CEP_OK)
			return rc;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		valid = any = 0;
		next[0] = '\0';
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int f = sqlite3_column_int(st, 1);
			int t = sqlite3_column_int(st, 2);

			if (!any)
				first_from = f;
			any = 1;
			last_to = t;
			if (valid)
				continue;
			snprintf(name, sizeof(name), "%s",
			    sqlite3_column_text(st, 0));
			snprintf(next, sizeof(next), "%s",
			    sqlite3_column_text(st, 3) ?
			    (const char *)sqlite3_column_text(st, 3) : "");
			snprintf(website, sizeof(website), "%s",
			    sqlite3_column_text(st, 4) ?
			    (const char *)sqlite3_column_text(st, 4) : "");
			valid = f <= q->on && t >= q->on;
		}
		if ((rc = step_done(q, st, rc)) != CEP_OK)
			return rc;
		if (hop == 0) {
			snprintf(first, sizeof(first), "%s", name);
			date_format(last_to, first_end);
		}
		if (valid || !any || last_to >= q->on || next[0] == '\0')
			break;
		snprintf(id, sizeof(id), "%s", next);
	}
	if (!valid && any && first_from > q->on) {
		date_format(first_from, when);
		note(q, "%s begins %s", name, when);
	} else if (!valid && any) {
		date_format(last_to, when);
		note(q, "%s ended %s", name, when);
	} else if (hop > 0) {
		note(q, "%s ended %s; now %s", first, first_end, name);
	}
	if ((rc = regions_on(q, q->on, &all)) != CEP_OK ||
	    (rc = prepare(q, sql_operator_on, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, q->on);
	sqlite3_bind_int(st, 3, q->public);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *reg = (const char *)sqlite3_column_text(st, 0);

		for (i = 0; i < all.n; i++) {
			if (strcmp(reg, "*") != 0 && strcmp(reg,
			    all.code[i]) != 0)
				continue;
			if ((r = mrows_add(&m)) == NULL)
				break;
			r->region = mrows_str(&m, all.code[i]);
			r->region_name = mrows_str(&m, all.name[i]);
			r->pub = sqlite3_column_int(st, 1);
			r->from = sqlite3_column_int(st, 2);
			r->to = sqlite3_column_int(st, 3);
			r->op = mrows_str(&m, id);
			r->op_name = mrows_str(&m, name);
			r->website = mrows_str(&m, website);
		}
	}
	if ((rc = step_done(q, st, rc)) == CEP_OK)
		rc = emit(q, &m, 0, mandate_cols, cmp_place);
	mrows_free(&m);
	return rc;
}

/* ---- history ---- */

/* The region and its predecessors, each with the national mandates of
 * the time it existed. */
int
query_history(struct query *q, const char *text)
{
	struct key_range kr[KEY_RANGES_MAX];
	sqlite3_stmt *rs = NULL, *st = NULL;
	struct mrows m = { 0 };
	char code[8];
	size_t first, n;
	int rc, src = SQLITE_DONE;

	if ((rc = resolve_region(q->db, text, code, sizeof(code))) != CEP_OK)
		return rc;
	if ((rc = prepare(q, sql_history_regions, &rs)) != CEP_OK)
		return rc;
	if ((rc = prepare(q, sql_history, &st)) != CEP_OK) {
		sqlite3_finalize(rs);
		return rc;
	}
	sqlite3_bind_text(rs, 1, code, -1, SQLITE_STATIC);
	while (rc == CEP_OK && (src = sqlite3_step(rs)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(rs, 0);

		first = m.n;
		n = key_ranges_until(c, strlen(c), sqlite3_column_int(rs, 2),
		    kr);
		if ((rc = gather_ranges(q, st, kr, n, sqlite3_column_int(rs,
		    1), &m)) != CEP_OK)
			break;
		label_rows(&m, first, c, (const char *)sqlite3_column_text(rs,
		    3), NULL, NULL);
	}
	sqlite3_finalize(st);
	if (rc != CEP_OK)
		sqlite3_finalize(rs);
	else if ((rc = step_done(q, rs, src)) == CEP_OK)
		rc = emit(q, &m, 0, mandate_cols, cmp_history);
	mrows_free(&m);
	return rc;
}

/* ---- changes ---- */

/* code and name: strings of m already */
static int
add_change(struct mrows *m, sqlite3_stmt *st, const char *code,
    const char *name)
{
	struct mrow *r;

	if ((r = mrows_add(m)) == NULL)
		return -1;
	r->change = sqlite3_column_int(st, 0);
	r->day = sqlite3_column_int(st, 1);
	r->region = code;
	r->region_name = name;
	fill_mandate(m, r, st, 3);
	return 0;
}

/* The changes of one region code's mandates (or the national ones). */
static int
gather_changes(struct query *q, sqlite3_stmt *st, const char *code,
    int from, int to, int span, struct mrows *m)
{
	struct region_set all;
	const char *name = NULL, *own = mrows_str(m, code);
	char *fresh;
	int reg = key_region(code, strlen(code)), rc = CEP_OK, src, day,
	    cached = 0, have = 0, first, named = 0;
	size_t i;

	first = key_earliest_start(from, span);
	sqlite3_bind_int64(st, 1, key_at(reg, KEY_CLOSED, from));
	sqlite3_bind_int64(st, 2, key_at(reg, KEY_CLOSED, to));
	sqlite3_bind_int64(st, 3, key_at(reg, KEY_OPEN_END, from));
	sqlite3_bind_int64(st, 4, key_at(reg, KEY_OPEN_END, to));
	sqlite3_bind_int64(st, 5, key_at(reg, KEY_CLOSED, first));
	sqlite3_bind_int64(st, 6, key_at(reg, KEY_CLOSED, DAY_OPEN_FROM));
	sqlite3_bind_int(st, 7, from);
	sqlite3_bind_int(st, 8, to);
	sqlite3_bind_int(st, 9, q->public);
	while (rc == CEP_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		day = sqlite3_column_int(st, 1);
		if (reg != 0) {
			/* by its name of the day, valid or not that day (rows
			 * come by start day: the last name is mostly right) */
			if (name == NULL || named != day) {
				fresh = region_name_on(q, code, day);
				name = mrows_str(m, fresh);
				free(fresh);
				named = day;
			}
			add_change(m, st, own, name);
			continue;
		}
		/* a national mandate: once for each region of its day */
		if (!have || cached != day) {
			if ((rc = regions_on(q, day, &all)) != CEP_OK)
				break;
			cached = day;
			have = 1;
		}
		for (i = 0; i < all.n; i++)
			add_change(m, st, mrows_str(m, all.code[i]),
			    mrows_str(m, all.name[i]));
	}
	sqlite3_reset(st);
	if (rc == CEP_OK && src != SQLITE_DONE)
		rc = db_set_error(q->db->err, sizeof(q->db->err), q->db->sql,
		    "reading the database");
	return rc;
}

int
query_changes(struct query *q, int from, int to)
{
	sqlite3_stmt *codes = NULL, *st = NULL;
	struct mrows m = { 0 };
	int rc, src = SQLITE_DONE, span;

	if ((rc = max_span(q, &span)) != CEP_OK ||
	    (rc = prepare(q, sql_region_codes, &codes)) != CEP_OK)
		return rc;
	if ((rc = prepare(q, sql_changes, &st)) != CEP_OK) {
		sqlite3_finalize(codes);
		return rc;
	}
	while (rc == CEP_OK && (src = sqlite3_step(codes)) == SQLITE_ROW)
		rc = gather_changes(q, st, (const char *)
		    sqlite3_column_text(codes, 0), from, to, span, &m);
	sqlite3_finalize(st);
	if (rc != CEP_OK)
		sqlite3_finalize(codes);
	else if ((rc = step_done(q, codes, src)) == CEP_OK)
		rc = emit(q, &m, 2, changes_cols, cmp_changes);
	mrows_free(&m);
	return rc;
}

/* ---- lists ---- */

static int
list(struct query *q, const char *sql, int all, const char *const *cols,
    size_t ncols)
{
	sqlite3_stmt *st = NULL;
	const char *cells[8];
	char days[2][DATE_BUFSZ];
	size_t i;
	int rc, d = 0, out_rc = CEP_OK;

	if ((rc = prepare(q, sql, &st)) != CEP_OK)
		return rc;
	sqlite3_bind_int(st, 1, q->on);
	sqlite3_bind_int(st, 2, all);
	out_begin(q->out, ncols, cols);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && out_rc == CEP_OK) {
		for (i = 0, d = 0; i < ncols; i++) {
			if (strncmp(cols[i], "valid_", 6) == 0) {
				date_format(sqlite3_column_int(st, (int)i),
				    days[d]);
				cells[i] = days[d][0] || !out_is_json(q->out) ?
				    days[d] : NULL;
				d++;
			} else
				cells[i] = sqlite3_column_text(st, (int)i) ?
				    (const char *)sqlite3_column_text(st,
				    (int)i) : "";
		}
		if (out_row(q->out, cells) == -1)
			out_rc = CEP_IOERR;
	}
	if (out_end(q->out) == -1)
		out_rc = CEP_IOERR;
	if ((rc = step_done(q, st, rc == SQLITE_ROW ? SQLITE_DONE : rc)) !=
	    CEP_OK)
		return rc;
	if (out_rc != CEP_OK) {
		snprintf(q->db->err, sizeof(q->db->err), "write error");
		return out_rc;
	}
	return q->out->rows > 0 ? CEP_OK : CEP_NOROWS;
}

int
query_regions(struct query *q, int all)
{
	static const char *const cols[] = { "code", "name", "kind",
	    "valid_from", "valid_to", "successor" };

	return list(q, sql_regions_list, all, cols, 6);
}

int
query_operators(struct query *q, int all)
{
	static const char *const cols[] = { "id", "name", "kind", "website",
	    "phone", "valid_from", "valid_to" };

	return list(q, sql_operators_list, all, cols, 7);
}
