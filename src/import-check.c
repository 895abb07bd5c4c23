/*
 * The checks that need all the rows: periods that overlap for one key, and
 * references to rows that do not exist or do not cover the whole period.
 * Overlaps are one ordered pass over an index; references one statement
 * per rule, joined against the merged validity ("islands") of the target.
 */
#include <stdlib.h>
#include <string.h>

#include "import-int.h"

struct overlap_rule {
	int table;
	const char *sql;	/* key, from, to, file, line; ordered */
	const char *what;	/* what "same" means, for the message */
};

static const struct overlap_rule overlap_rules[] = {
	{ T_REGIONS, "SELECT code, valid_from, valid_to, file, line"
	    " FROM regions ORDER BY code, valid_from", "code" },
	{ T_DEPARTMENTS, "SELECT code, valid_from, valid_to, file, line"
	    " FROM departments ORDER BY code, valid_from", "code" },
	{ T_COMMUNES, "SELECT insee || ' and postcode ' || postcode, 0, 0,"
	    " file, line FROM communes ORDER BY insee, postcode",
	    "insee" },
	{ T_OPERATORS, "SELECT id, valid_from, valid_to, file, line"
	    " FROM operators ORDER BY id, valid_from", "id" },
};

static int
check_overlap_rule(struct importer *imp, const struct overlap_rule *r)
{
	sqlite3_stmt *st = NULL;
	char *key = NULL, at[512];
	int from, to, maxto = 0, file, maxfile = 0, rc;
	long line, maxline = 0;
	const char *k;

	if (sqlite3_prepare_v2(imp->sql, r->sql, -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, "checking overlaps");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = (const char *)sqlite3_column_text(st, 0);
		from = sqlite3_column_int(st, 1);
		to = sqlite3_column_int(st, 2);
		file = sqlite3_column_int(st, 3);
		line = (long)sqlite3_column_int64(st, 4);
		if (key != NULL && strcmp(key, k) == 0 && from <= maxto) {
			import_other_row(file, maxfile, importer_file_name(imp,
			    maxfile), maxline, at, sizeof(at));
			importer_problem(imp, importer_file_name(imp, file),
			    line, "-", "%s overlaps %s (same %s %s)",
			    r->table == T_COMMUNES ? "row" : "period", at,
			    r->what, k);
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
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return importer_sql_fail(imp, "checking overlaps");
	return 0;
}

int
import_check_overlaps(struct importer *imp)
{
	size_t i;

	for (i = 0; i < sizeof(overlap_rules) / sizeof(overlap_rules[0]); i++)
		if (imp->imported[overlap_rules[i].table] &&
		    check_overlap_rule(imp, &overlap_rules[i]) == -1)
			return -1;
	return 0;
}

/* Merged periods of each key: adjacent or overlapping rows join. */
#define ISLANDS(name, key, table) \
    "CREATE TEMP TABLE " name " AS" \
    " WITH o AS (SELECT " key " AS k, valid_from AS f, valid_to AS t," \
    "  MAX(valid_to) OVER (PARTITION BY " key " ORDER BY valid_from" \
    "  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pm" \
    "  FROM " table ")," \
    " g AS (SELECT k, f, t, SUM(CASE WHEN pm IS NOT NULL AND f <= pm + 1" \
    "  THEN 0 ELSE 1 END) OVER (PARTITION BY k ORDER BY f" \
    "  ROWS UNBOUNDED PRECEDING) AS grp FROM o)" \
    " SELECT k, MIN(f) AS f, MAX(t) AS t FROM g GROUP BY k, grp;" \
    "CREATE INDEX temp." name "_k ON " name "(k, f);"

struct ref_rule {
	int table, target;	/* referring table, referred table */
	const char *column;
	/* file, line, value, from, to, whether the value exists at all,
	 * rowid */
	const char *sql;
};

static const struct ref_rule ref_rules[] = {
	{ T_DEPARTMENTS, T_REGIONS, "region",
	    "SELECT file, line, region, valid_from, valid_to,"
	    " EXISTS(SELECT 1 FROM regions r WHERE r.code = d.region), rowid"
	    " FROM departments d WHERE NOT EXISTS (SELECT 1 FROM"
	    " isl_regions i WHERE i.k = d.region AND i.f <= d.valid_from"
	    " AND i.t >= d.valid_to) ORDER BY file, line" },
	{ T_COMMUNES, T_DEPARTMENTS, "department",
	    "SELECT file, line, department, 0, 0, 0, rowid FROM communes c"
	    " WHERE NOT EXISTS (SELECT 1 FROM departments d"
	    " WHERE d.code = c.department) ORDER BY file, line" },
	{ T_REGIONS, T_REGIONS, "successor",
	    "SELECT file, line, successor, 0, 0, 0, rowid FROM regions s"
	    " WHERE successor IS NOT NULL AND NOT EXISTS (SELECT 1"
	    " FROM regions r WHERE r.code = s.successor)"
	    " ORDER BY file, line" },
	{ T_OPERATORS, T_OPERATORS, "successor",
	    "SELECT file, line, successor, 0, 0, 0, rowid FROM operators s"
	    " WHERE successor IS NOT NULL AND NOT EXISTS (SELECT 1"
	    " FROM operators o WHERE o.id = s.successor)"
	    " ORDER BY file, line" },
};

static void
period_text(int from, int to, char *buf, size_t bufsz)
{
	char f[DATE_BUFSZ], t[DATE_BUFSZ];

	date_format(from, f);
	date_format(to, t);
	if (f[0] != '\0' && t[0] != '\0')
		snprintf(buf, bufsz, "%s to %s", f, t);
	else if (f[0] != '\0')
		snprintf(buf, bufsz, "from %s on", f);
	else if (t[0] != '\0')
		snprintf(buf, bufsz, "until %s", t);
	else
		snprintf(buf, bufsz, "with no start or end");
}

/*
 * A reference of a row (FILE:LINE: COLUMN) to a row of table that does
 * not exist, or not over the whole period from..to. Not told when a
 * refused row has that key: that row's refusal is what to mend.
 */
void
import_reference_problem(struct importer *imp, const char *file, long line,
    const char *column, int table, const char *value, int exists, int from,
    int to)
{
	static const char *const nouns[T_COUNT] = { [T_REGIONS] = "region",
	    [T_DEPARTMENTS] = "department", [T_OPERATORS] = "operator" };
	char period[64], q[64];

	if (exists) {
		period_text(from, to, period, sizeof(period));
		importer_problem(imp, file, line, column, "%s %s is not valid "
		    "over the whole period of the row (%s)", nouns[table],
		    value, period);
	} else if (!importer_refused(imp, table, value))
		importer_problem(imp, file, line, column, "unknown %s %s",
		    nouns[table], quote_value(value, strlen(value), q,
		    sizeof(q)));
}

static int
check_ref_rule(struct importer *imp, const struct ref_rule *r)
{
	sqlite3_stmt *st = NULL;
	const char *file;
	long line;
	int rc;

	if (sqlite3_prepare_v2(imp->sql, r->sql, -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, "checking references");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		importer_where(imp, r->table, sqlite3_column_int(st, 0),
		    (long)sqlite3_column_int64(st, 1),
		    (long)sqlite3_column_int64(st, 6), &file, &line);
		import_reference_problem(imp, file, line, r->column, r->target,
		    (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_int(st, 5), sqlite3_column_int(st, 3),
		    sqlite3_column_int(st, 4));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return importer_sql_fail(imp, "checking references");
	return 0;
}

/* The references of refused rows that name no row at all (their periods
 * are not weighed: a refused row's dates may be what is wrong). */
static int
check_rejected_refs(struct importer *imp)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(imp->sql, "SELECT target, col, value, file,"
	    " line FROM temp.rejected_refs r WHERE NOT CASE target"
	    " WHEN ?1 THEN EXISTS (SELECT 1 FROM regions"
	    "  WHERE code = r.value)"
	    " WHEN ?2 THEN EXISTS (SELECT 1"
	    "  FROM departments WHERE code = r.value)"
	    " ELSE EXISTS (SELECT 1 FROM operators WHERE id = r.value) END"
	    " ORDER BY file, line, rowid", -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, "checking references");
	sqlite3_bind_int(st, 1, T_REGIONS);
	sqlite3_bind_int(st, 2, T_DEPARTMENTS);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		import_reference_problem(imp, importer_file_name(imp,
		    sqlite3_column_int(st, 3)),
		    (long)sqlite3_column_int64(st, 4),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int(st, 0),
		    (const char *)sqlite3_column_text(st, 2), 0, 0, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return importer_sql_fail(imp, "checking references");
	return 0;
}

int
import_check_references(struct importer *imp)
{
	size_t i;
	const struct ref_rule *r;

	if (sqlite3_exec(imp->sql, ISLANDS("isl_regions", "code", "regions"),
	    NULL, NULL, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, "checking references");
	for (i = 0; i < sizeof(ref_rules) / sizeof(ref_rules[0]); i++) {
		r = &ref_rules[i];
		if ((imp->imported[r->table] || imp->imported[r->target]) &&
		    check_ref_rule(imp, r) == -1)
			return -1;
	}
	if (sqlite3_exec(imp->sql, "DROP TABLE temp.isl_regions;", NULL, NULL,
	    NULL) != SQLITE_OK)
		return importer_sql_fail(imp, "checking references");
	return imp->rejected_refs > 0 ? check_rejected_refs(imp) : 0;
}

int
import_coverage_touched(const struct importer *imp)
{
	return imp->imported[T_COVERAGE] || imp->imported[T_OPERATORS] ||
	    imp->imported[T_REGIONS];
}

/* The other row of a pair: "line 12" in the same file, "other.csv:12"
 * in another. */
void
import_other_row(int file, int other_file, const char *other_name,
    long other_line, char *buf, size_t bufsz)
{
	if (file == other_file)
		snprintf(buf, bufsz, "line %ld", other_line);
	else
		snprintf(buf, bufsz, "%s:%ld", other_name, other_line);
}

/*
 * Coverage rows that lookups would miss: a coverage key that no longer
 * matches the row's region and dates, or a closed mandate longer than
 * meta.max_span. Only an edit outside cepdir leaves such rows.
 */
static int
check_keys(struct importer *imp)
{
	sqlite3_stmt *st = NULL;
	const char *file;
	long line;
	int rc;

	if (sqlite3_prepare_v2(imp->sql, "SELECT file, line, rowid"
	    " FROM coverage WHERE rk IS NOT " SQL_COVERAGE_KEY
	    " OR (valid_from > " SQL_OPEN_FROM " AND valid_to < " SQL_OPEN_TO
	    " AND valid_to - valid_from > COALESCE((SELECT value FROM meta"
	    " WHERE key = 'max_span'), 0)) ORDER BY rowid", -1, &st, NULL) !=
	    SQLITE_OK)
		return importer_sql_fail(imp, "checking the lookup keys");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		importer_where(imp, T_COVERAGE, sqlite3_column_int(st, 0),
		    (long)sqlite3_column_int64(st, 1),
		    (long)sqlite3_column_int64(st, 2), &file, &line);
		importer_problem(imp, file, line, "-", "changed outside cepdir:"
		    " lookups by region and date miss this row; import the"
		    " data again");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return importer_sql_fail(imp, "checking the lookup keys");
	return 0;
}

/* The reference rules over a finished store (cepdir check): rows are
 * named LABEL#TABLE:N, N their position in the table. */
int
import_check_store(sqlite3 *sql, const char *label,
    const struct import_sink *sink, char *err, size_t errsz)
{
	struct import_options opt;
	struct importer *imp;
	int t, rc;

	memset(&opt, 0, sizeof(opt));
	if ((imp = calloc(1, sizeof(*imp))) == NULL)
		return CEP_SOFTWARE;
	imp->sql = sql;
	imp->opt = opt;
	imp->sink = *sink;
	imp->store_label = label;
	for (t = 0; t < T_COUNT; t++)
		imp->imported[t] = 1;
	rc = import_check_references(imp) == -1 ||
	    import_check_coverage(imp, sql) == -1 || check_keys(imp) == -1 ?
	    imp->status : CEP_OK;
	if (rc != CEP_OK)
		snprintf(err, errsz, "%s", imp->err);
	importer_free(imp);
	return rc;
}
