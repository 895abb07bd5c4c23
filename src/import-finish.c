/*
 * The end of an import: indexes, the region aliases and the mandate span
 * derived from the rows, the checks that need every row, and the commit.
 */
#include <stdlib.h>
#include <string.h>

#include "importer.h"

/* region_aliases: each alias of a region, folded. */
static int
fill_aliases(struct importer *imp)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	const char *a, *e;
	char f[128];
	int rc = 0;

	if (sqlite3_exec(imp->sql, "DELETE FROM region_aliases", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "SELECT code, aliases FROM regions "
	    "WHERE aliases IS NOT NULL", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "INSERT INTO region_aliases(fold, "
	    "code) VALUES(?, ?)", -1, &ins, NULL) != SQLITE_OK) {
		rc = -1;
		goto out;
	}
	while (rc == 0 && sqlite3_step(sel) == SQLITE_ROW) {
		a = (const char *)sqlite3_column_text(sel, 1);
		while (rc == 0 && a != NULL && *a != '\0') {
			a += strspn(a, " \t");
			e = a + strcspn(a, " \t");
			if (e > a && name_fold(a, (size_t)(e - a), f,
			    sizeof(f)) > 0) {
				if (sqlite3_bind_text(ins, 1, f, -1,
				    SQLITE_TRANSIENT) != SQLITE_OK ||
				    sqlite3_bind_text(ins, 2, (const char *)
				    sqlite3_column_text(sel, 0), -1,
				    SQLITE_TRANSIENT) != SQLITE_OK) {
					rc = importer_nomem(imp);
					break;
				}
				sqlite3_step(ins);
				if (sqlite3_reset(ins) != SQLITE_OK)
					rc = importer_sql_fail(imp,
					    N_("storing the region aliases"));
			}
			a = e;
		}
	}
	if (rc == 0 && sqlite3_reset(sel) != SQLITE_OK)
		rc = importer_sql_fail(imp, N_("storing the region aliases"));
out:
	if (rc == -1 && imp->status == CEP_OK)
		importer_sql_fail(imp, N_("storing the region aliases"));
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

/* meta.max_span: the longest closed mandate, which bounds the lookups. */
static int
store_span(struct importer *imp)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	/* Rows copied from the old store count too. */
	if (sqlite3_prepare_v2(imp->sql, imp->copied_coverage_file < 0 ?
	    "INSERT OR REPLACE INTO meta(key, value) VALUES('max_span', ?1)" :
	    "INSERT OR REPLACE INTO meta(key, value) VALUES('max_span',"
	    " MAX(?1, (SELECT COALESCE(MAX(valid_to - valid_from), 0)"
	    " FROM coverage WHERE file = ?2 AND valid_from > ?3"
	    " AND valid_to < ?4)))", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int(st, 1, imp->span);
	if (imp->copied_coverage_file >= 0) {
		sqlite3_bind_int(st, 2, imp->copied_coverage_file);
		sqlite3_bind_int(st, 3, DAY_OPEN_FROM);
		sqlite3_bind_int(st, 4, DAY_OPEN_TO);
	}
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
out:
	if (rc == -1)
		importer_sql_fail(imp, N_("storing the mandate span"));
	sqlite3_finalize(st);
	return rc;
}

/* meta "first:PUBLIC": the first start of each public's mandates, which
 * tells a date before the data from a gap (gaps.c). */
static int
store_first_starts(struct importer *imp)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	char key[32];
	int rc = 0;

	if (sqlite3_exec(imp->sql, "DELETE FROM meta WHERE key LIKE 'first:%'",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "SELECT public, MIN(valid_from)"
	    " FROM coverage GROUP BY public", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "INSERT INTO meta(key, value)"
	    " VALUES(?1, ?2)", -1, &ins, NULL) != SQLITE_OK)
		rc = -1;
	while (rc == 0 && sqlite3_step(sel) == SQLITE_ROW) {
		snprintf(key, sizeof(key), "first:%s",
		    public_id(sqlite3_column_int(sel, 0)));
		sqlite3_bind_text(ins, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 2, sqlite3_column_int(sel, 1));
		sqlite3_step(ins);
		rc = sqlite3_reset(ins) == SQLITE_OK ? 0 : -1;
	}
	if (rc == 0 && sqlite3_reset(sel) != SQLITE_OK)
		rc = -1;
	if (rc == -1)
		importer_sql_fail(imp, N_("storing the start of the data"));
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

/* meta.imported: the day the data is dated. */
static int
store_date(struct importer *imp)
{
	sqlite3_stmt *st = NULL;

	if (imp->opt.date == 0)
		return 0;
	if (sqlite3_prepare_v2(imp->sql, "INSERT OR REPLACE INTO meta(key,"
	    " value) VALUES('imported', ?1)", -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp,
		    N_("storing the date of the data"));
	sqlite3_bind_int(st, 1, imp->opt.date);
	sqlite3_step(st);
	if (sqlite3_finalize(st) != SQLITE_OK)
		return importer_sql_fail(imp,
		    N_("storing the date of the data"));
	return 0;
}

static int
count_rows(struct importer *imp, int t, long *n)
{
	sqlite3_stmt *st = NULL;
	char q[64];

	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM %s", table_name(t));
	if (sqlite3_prepare_v2(imp->sql, q, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return importer_sql_fail(imp, N_("counting the rows"));
	}
	*n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* coverage_key, built while the coverage checks run beside it */
struct key_index_job {
	sqlite3 *sql;
	int rc;
	char err[1024];
};

static int
build_key_index(void *arg)
{
	struct key_index_job *j = arg;

	j->rc = db_create_key_index(j->sql, j->err, sizeof(j->err));
	return j->rc == CEP_OK ? 0 : -1;
}

/*
 * The coverage checks and the last index. In a file, the rows so far are
 * committed so that a second connection can read them, and the two run at
 * once; in memory, one after the other.
 */
static int
check_coverage_and_index(struct importer *imp)
{
	struct key_index_job j = { imp->sql, CEP_OK, "" };
	int checks = import_coverage_touched(imp);

	if (checks && imp->path != NULL) {
		if (sqlite3_exec(imp->sql, "COMMIT; BEGIN", NULL, NULL, NULL) !=
		    SQLITE_OK)
			return importer_sql_fail(imp, N_("checking coverage"));
		if (import_check_coverage_alongside(imp, imp->path,
		    build_key_index, &j) == -1 && imp->status != CEP_OK)
			return -1;
	} else {
		if (checks && import_check_coverage(imp, imp->sql) == -1)
			return -1;
		build_key_index(&j);
	}
	/* the checks' failures are on imp already; the index's are in j */
	if (j.rc == CEP_OK)
		return 0;
	snprintf(imp->err, sizeof(imp->err), "%s", j.err);
	imp->status = j.rc;
	return -1;
}

int
importer_finish(struct importer *imp, struct import_result *res)
{
	int t;

	memset(res, 0, sizeof(*res));
	if (imp->status != CEP_OK)
		return imp->status;
	importer_sort_refused(imp);
	importer_stage(imp, N_("building indexes"));
	if ((imp->status = db_create_indexes(imp->sql, imp->err,
	    sizeof(imp->err))) != CEP_OK)
		return imp->status;
	if (fill_aliases(imp) == -1 || store_span(imp) == -1 ||
	    store_first_starts(imp) == -1 || store_date(imp) == -1)
		return imp->status;
	importer_stage(imp, N_("checking overlaps and references"));
	if (import_check_overlaps(imp) == -1 ||
	    import_check_references(imp) == -1)
		return imp->status;
	importer_stage(imp, N_("checking coverage"));
	if (check_coverage_and_index(imp) == -1)
		return imp->status;
	for (t = 0; t < T_COUNT; t++) {
		res->imported[t] = imp->imported[t];
		if (count_rows(imp, t, &res->rows[t]) == -1)
			return imp->status;
	}
	res->problems = imp->problems;
	if (imp->problems > 0)
		return CEP_DATAERR;
	if (sqlite3_exec(imp->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		importer_sql_fail(imp, N_("committing the import"));
		return imp->status;
	}
	imp->in_tx = 0;
	return CEP_OK;
}
