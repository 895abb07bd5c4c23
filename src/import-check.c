/*
 * The checks that need all the rows: periods that overlap for one key, and
 * references to rows that do not exist or do not cover the whole period.
 * The rules come from the table descriptions (table.c): a key's columns,
 * and the columns that name a row of another table. Overlaps are one
 * ordered pass over a table; references one statement per rule, joined
 * against the merged validity ("islands") of the target. Coverage has its
 * own pass (import-coverage.c).
 */
#include <stdlib.h>
#include <string.h>

#include "importer.h"

static void
add(char *buf, size_t bufsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(char *buf, size_t bufsz, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + n, bufsz - n, fmt, ap);
	va_end(ap);
}

/* ---- overlaps ---- */

/* key text ("35238 and postcode 35000"), from, to, file, line; in key
 * and start order */
static void
overlap_sql(int t, char *buf, size_t bufsz)
{
	const struct table *tb = &tables[t];
	int c, period = table_from(t) >= 0, first = 1;
	char order[256] = "";

	snprintf(buf, bufsz, "SELECT ");
	for (c = 0; c < tb->ncols; c++) {
		if (!(tb->cols[c].flags & COL_KEY))
			continue;
		if (first)
			add(buf, bufsz, "COALESCE(%s, '')", tb->cols[c].name);
		else
			add(buf, bufsz, " || char(31) || COALESCE(%s, '')",
			    tb->cols[c].name);
		add(order, sizeof(order), "%s%s", first ? "" : ", ",
		    tb->cols[c].name);
		first = 0;
	}
	add(buf, bufsz, ", %s, file, line FROM %s ORDER BY %s%s", period ?
	    "valid_from, valid_to" : "0, 0", tb->name, order, period ?
	    ", valid_from" : "");
}

/* "operator op-a and region 53 and public employed": the key of table t
 * in words, from its values (k, apart by U+001F). */
static void
key_text(const struct importer *imp, int t, const char *k, char *buf,
    size_t bufsz)
{
	const struct table *tb = &tables[t];
	size_t n, len;
	int c, first = 1;

	buf[0] = '\0';
	for (c = 0; c < tb->ncols; c++) {
		if (!(tb->cols[c].flags & COL_KEY))
			continue;
		n = strcspn(k, "\x1f");
		len = strlen(buf);
		/* TRANSLATORS: the next column of a key and its value */
		snprintf(buf + len, bufsz - len, first ? "%s %.*s" :
		    importer_tr(imp, N_(" and %s %.*s")), tb->cols[c].name,
		    (int)n, k);
		k += n + (k[n] != '\0');
		first = 0;
	}
}

static int
check_overlap(struct importer *imp, int t)
{
	sqlite3_stmt *st = NULL;
	char sql[TABLE_SQL_MAX], *key = NULL, at[512], words[512];
	int from, to, maxto = 0, file, maxfile = 0, rc;
	long line, maxline = 0;
	const char *k;

	overlap_sql(t, sql, sizeof(sql));
	if (sqlite3_prepare_v2(imp->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking overlaps"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = (const char *)sqlite3_column_text(st, 0);
		from = sqlite3_column_int(st, 1);
		to = sqlite3_column_int(st, 2);
		file = sqlite3_column_int(st, 3);
		line = (long)sqlite3_column_int64(st, 4);
		if (key != NULL && strcmp(key, k) == 0 && from <= maxto) {
			import_other_row(imp, file, maxfile,
			    importer_file_name(imp, maxfile), maxline, at,
			    sizeof(at));
			key_text(imp, t, k, words, sizeof(words));
			importer_problem(imp, importer_file_name(imp, file),
			    line, "-", table_from(t) >= 0 ?
			    N_("period overlaps %s (same %s)") :
			    N_("row overlaps %s (same %s)"), at, words);
		}
		if (key == NULL || strcmp(key, k) != 0) {
			free(key);
			if ((key = strdup(k)) == NULL)
				break;
			maxto = to;
			maxfile = file;
			maxline = line;
		} else if (to > maxto) {
			maxto = to;
			maxfile = file;
			maxline = line;
		}
	}
	free(key);
	if (rc == SQLITE_ROW) {
		sqlite3_finalize(st);
		return importer_nomem(imp);
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking overlaps"));
	return 0;
}

int
import_check_overlaps(struct importer *imp)
{
	int t;

	for (t = 0; t < T_COUNT; t++)
		if (t != T_COVERAGE && imp->imported[t] &&
		    check_overlap(imp, t) == -1)
			return -1;
	return 0;
}

/* ---- references ---- */

/* Merged periods of each key: adjacent or overlapping rows join. */
#define ISLANDS \
    "CREATE TEMP TABLE isl_%s AS" \
    " WITH o AS (SELECT %s AS k, valid_from AS f, valid_to AS t," \
    "  MAX(valid_to) OVER (PARTITION BY %s ORDER BY valid_from" \
    "  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pm" \
    "  FROM %s)," \
    " g AS (SELECT k, f, t, SUM(CASE WHEN pm IS NOT NULL AND f <= pm + 1" \
    "  THEN 0 ELSE 1 END) OVER (PARTITION BY k ORDER BY f" \
    "  ROWS UNBOUNDED PRECEDING) AS grp FROM o)" \
    " SELECT k, MIN(f) AS f, MAX(t) AS t FROM g GROUP BY k, grp;" \
    "CREATE INDEX temp.isl_%s_k ON isl_%s(k, f);"

/*
 * A column naming a row of another table must name one valid over the
 * whole period of the row, when both tables have periods and the row
 * named is not a later one (a successor); else it must name one at all.
 */
static int
weighs_period(int t, int c)
{
	int target = table_ref(t, c);

	return !(tables[t].cols[c].flags & COL_LATER) && table_from(t) >= 0 &&
	    table_from(target) >= 0;
}

/* file, line, value, from, to, whether the value exists at all, rowid;
 * the rows whose reference fails */
static void
reference_sql(int t, int c, char *buf, size_t bufsz)
{
	const char *col = tables[t].cols[c].name, *name = tables[t].name;
	int target = table_ref(t, c);
	const char *tkey = tables[target].cols[0].name;

	if (weighs_period(t, c))
		snprintf(buf, bufsz, "SELECT file, line, %s, valid_from,"
		    " valid_to, EXISTS(SELECT 1 FROM %s r WHERE r.%s = s.%s),"
		    " rowid FROM %s s WHERE NOT EXISTS (SELECT 1 FROM isl_%s i"
		    " WHERE i.k = s.%s AND i.f <= s.valid_from AND i.t >="
		    " s.valid_to) ORDER BY file, line", col,
		    tables[target].name, tkey, col, name, tables[target].name,
		    col);
	else
		snprintf(buf, bufsz, "SELECT file, line, %s, 0, 0, 0, rowid"
		    " FROM %s s WHERE %s IS NOT NULL AND NOT EXISTS (SELECT 1"
		    " FROM %s r WHERE r.%s = s.%s) ORDER BY file, line", col,
		    name, col, tables[target].name, tkey, col);
}

static int
check_reference(struct importer *imp, int t, int c)
{
	sqlite3_stmt *st = NULL;
	char sql[TABLE_SQL_MAX];
	const char *file;
	long line;

	reference_sql(t, c, sql, sizeof(sql));
	if (sqlite3_prepare_v2(imp->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking references"));
	while (sqlite3_step(st) == SQLITE_ROW) {
		importer_where(imp, t, sqlite3_column_int(st, 0),
		    (long)sqlite3_column_int64(st, 1),
		    (long)sqlite3_column_int64(st, 6), &file, &line);
		import_reference_problem(imp, file, line,
		    tables[t].cols[c].name, table_ref(t, c),
		    (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_int(st, 5), sqlite3_column_int(st, 3),
		    sqlite3_column_int(st, 4));
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking references"));
	return 0;
}

/* The rules that weigh periods (first), or the others; coverage aside. */
static int
check_rules(struct importer *imp, int periods)
{
	int t, c, target;

	for (t = 0; t < T_COUNT; t++)
		for (c = 0; c < tables[t].ncols && t != T_COVERAGE; c++) {
			if ((target = table_ref(t, c)) == -1 ||
			    weighs_period(t, c) != periods ||
			    !(imp->imported[t] || imp->imported[target]))
				continue;
			if (check_reference(imp, t, c) == -1)
				return -1;
		}
	return 0;
}

/* The islands of every table that a period rule names, or their drop. */
static int
islands(struct importer *imp, int drop)
{
	char sql[2048];
	int t, c, need[T_COUNT] = { 0 };

	for (t = 0; t < T_COUNT; t++)
		for (c = 0; c < tables[t].ncols && t != T_COVERAGE; c++)
			if (table_ref(t, c) >= 0 && weighs_period(t, c))
				need[table_ref(t, c)] = 1;
	for (t = 0; t < T_COUNT; t++) {
		if (!need[t])
			continue;
		if (drop)
			snprintf(sql, sizeof(sql), "DROP TABLE temp.isl_%s;",
			    tables[t].name);
		else
			snprintf(sql, sizeof(sql), ISLANDS, tables[t].name,
			    tables[t].cols[0].name, tables[t].cols[0].name,
			    tables[t].name, tables[t].name, tables[t].name);
		if (sqlite3_exec(imp->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
			return importer_sql_fail(imp,
			    N_("checking references"));
	}
	return 0;
}

/* The references of refused rows that name no row at all (their periods
 * are not weighed: a refused row's dates may be what is wrong). */
static int
check_rejected_refs(struct importer *imp)
{
	sqlite3_stmt *st = NULL;
	char sql[2048];
	int t, c, target[T_COUNT] = { 0 };

	for (t = 0; t < T_COUNT; t++)
		for (c = 0; c < tables[t].ncols; c++)
			if (table_ref(t, c) >= 0)
				target[table_ref(t, c)] = 1;
	snprintf(sql, sizeof(sql), "SELECT target, col, value, file, line"
	    " FROM temp.rejected_refs r WHERE NOT CASE target");
	for (t = 0; t < T_COUNT; t++)
		if (target[t])
			add(sql, sizeof(sql), " WHEN %d THEN EXISTS (SELECT 1"
			    " FROM %s WHERE %s = r.value)", t, tables[t].name,
			    tables[t].cols[0].name);
	add(sql, sizeof(sql), " ELSE 1 END ORDER BY file, line, rowid");
	if (sqlite3_prepare_v2(imp->sql, sql, -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking references"));
	while (sqlite3_step(st) == SQLITE_ROW)
		import_reference_problem(imp, importer_file_name(imp,
		    sqlite3_column_int(st, 3)),
		    (long)sqlite3_column_int64(st, 4),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int(st, 0),
		    (const char *)sqlite3_column_text(st, 2), 0, 0, 0);
	if (sqlite3_finalize(st) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking references"));
	return 0;
}

int
import_check_references(struct importer *imp)
{
	if (islands(imp, 0) == -1 || check_rules(imp, 1) == -1 ||
	    check_rules(imp, 0) == -1 || islands(imp, 1) == -1)
		return -1;
	return imp->rejected_refs > 0 ? check_rejected_refs(imp) : 0;
}

int
import_coverage_touched(const struct importer *imp)
{
	return imp->imported[T_COVERAGE] || imp->imported[T_OPERATORS] ||
	    imp->imported[T_REGIONS];
}

/*
 * Coverage rows that lookups would miss: a coverage key that no longer
 * matches the row's region and dates, or a closed mandate longer than
 * meta.max_span. Only an edit outside cepdir leaves such rows.
 */
int
import_check_keys(struct importer *imp)
{
	sqlite3_stmt *st = NULL;
	const char *file;
	long line;

	if (sqlite3_prepare_v2(imp->sql, "SELECT file, line, rowid"
	    " FROM coverage WHERE rk IS NOT " SQL_COVERAGE_KEY
	    " OR (valid_from > " SQL_OPEN_FROM " AND valid_to < " SQL_OPEN_TO
	    " AND valid_to - valid_from > COALESCE((SELECT value FROM meta"
	    " WHERE key = 'max_span'), 0)) ORDER BY rowid", -1, &st, NULL) !=
	    SQLITE_OK)
		return importer_sql_fail(imp, N_("checking the lookup keys"));
	while (sqlite3_step(st) == SQLITE_ROW) {
		importer_where(imp, T_COVERAGE, sqlite3_column_int(st, 0),
		    (long)sqlite3_column_int64(st, 1),
		    (long)sqlite3_column_int64(st, 2), &file, &line);
		importer_problem(imp, file, line, "-", N_("changed outside "
		    "cepdir: lookups by region and date miss this row; import "
		    "the data again"));
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return importer_sql_fail(imp, N_("checking the lookup keys"));
	return 0;
}

/* The reference checks over a finished store (cepdir check): rows are
 * named LABEL#TABLE:N, N their position in the table. */
int
import_check_store(sqlite3 *sql, const char *label,
    const struct import_sink *sink, char *err, size_t errsz)
{
	struct importer *imp;
	int rc;

	if ((imp = importer_open_store(sql, label, sink)) == NULL) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return CEP_SOFTWARE;
	}
	rc = import_check_references(imp) == -1 ||
	    import_check_coverage(imp, sql) == -1 ||
	    import_check_keys(imp) == -1 ? imp->status : CEP_OK;
	if (rc != CEP_OK)
		snprintf(err, errsz, "%s", imp->err);
	importer_free(imp);
	return rc;
}
