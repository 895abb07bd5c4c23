/*
 * Query plans: no lookup of query_sql_list may scan the coverage table
 * (it holds a row per operator, region, public and period: a scan per
 * lookup is what the indexes are there to avoid). A store is built with
 * the importer (so the indexes are the real ones), then grown with 5,000
 * coverage rows, and every statement is explained, before and after
 * ANALYZE, and on build/.../builtin.db when $BUILD names it (make check).
 * TEST_PLANS_VERBOSE=1 prints every plan as TAP comments.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cepdir.h"
#include "tap.h"

static const char regions_csv[] =
    "code,name,kind,valid_from,valid_to,successor,aliases\n"
    "11,\xc3\x8ele-de-France,metro,,,,IDF\n"
    "53,Bretagne,metro,,,,\n"
    "23,Haute-Normandie,metro,,2015-12-31,28,\n"
    "25,Basse-Normandie,metro,,2015-12-31,28,\n"
    "28,Normandie,metro,2016-01-01,,,\n";

static const char departments_csv[] =
    "code,name,region,valid_from,valid_to\n"
    "75,Paris,11,,\n"
    "35,Ille-et-Vilaine,53,,\n"
    "76,Seine-Maritime,23,,2015-12-31\n"
    "76,Seine-Maritime,28,2016-01-01,\n"
    "14,Calvados,25,,2015-12-31\n"
    "14,Calvados,28,2016-01-01,\n";

static const char communes_csv[] =
    "insee,name,department,postcode\n"
    "75056,Paris,75,75001\n"
    "35238,Rennes,35,35000\n"
    "76540,Rouen,76,76000\n"
    "14118,Caen,14,14000\n";

static const char operators_csv[] =
    "id,name,kind,website,valid_from,valid_to,successor\n"
    "pole-emploi,P\xc3\xb4le emploi,national,,2015-01-01,2023-12-31,"
    "france-travail\n"
    "france-travail,France Travail,national,,2024-01-01,,\n"
    "apec,Apec,national,,2015-01-01,,\n"
    "fongecif,Fongecif,regional,,2015-01-01,2019-12-31,\n"
    "cibc,CIBC,regional,,2020-01-01,,\n";

static const char coverage_csv[] =
    "operator,region,public,valid_from,valid_to\n"
    "pole-emploi,*,jobseekers,2015-01-01,2023-12-31\n"
    "france-travail,*,jobseekers,2024-01-01,\n"
    "apec,*,executives,2015-01-01,\n"
    "fongecif,11,employed,2015-01-01,2019-12-31\n"
    "fongecif,53,employed,2015-01-01,2019-12-31\n"
    "fongecif,23,employed,2015-01-01,2015-12-31\n"
    "fongecif,25,employed,2015-01-01,2015-12-31\n"
    "fongecif,28,employed,2016-01-01,2019-12-31\n"
    "cibc,11,employed,2020-01-01,\n"
    "cibc,53,employed,2020-01-01,\n"
    "cibc,28,employed,2020-01-01,\n";

static long problems;

static void
sink_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	(void)ctx;
	printf("# problem %s:%ld: %s: %s\n", file, line, column, msg);
	problems++;
}

/* The names a statement gives the coverage table: "coverage" and any
 * alias written right after it ("coverage c", "coverage AS c"). */
static int
coverage_alias(const char *sql, const char *name)
{
	const char *p = sql, *a;
	size_t n;

	if (strcmp(name, "coverage") == 0)
		return 1;
	while ((p = strstr(p, "coverage")) != NULL) {
		p += 8;
		a = p;
		while (*a == ' ')
			a++;
		if (strncmp(a, "AS ", 3) == 0)
			a += 3;
		n = strspn(a, "abcdefghijklmnopqrstuvwxyz_0123456789");
		if (n > 0 && strlen(name) == n && strncmp(a, name, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Is this plan line a full pass over coverage? "SCAN coverage",
 * "SCAN c" (c an alias of coverage), with or without "USING [COVERING]
 * INDEX" (a scan of a whole index is still a scan of every row), or an
 * automatic index, which SQLite builds by scanning the table.
 */
static int
scans_coverage(const char *sql, const char *detail)
{
	char name[64];
	const char *d = detail;
	size_t n;

	if (strncmp(d, "SCAN ", 5) == 0)
		d += 5;
	else if (strncmp(d, "SEARCH ", 7) == 0)
		d += 7;
	else
		return 0;
	if (strncmp(d, "TABLE ", 6) == 0)	/* SQLite before 3.36 */
		d += 6;
	n = strcspn(d, " ");
	if (n >= sizeof(name))
		return 0;
	memcpy(name, d, n);
	name[n] = '\0';
	/* "SCAN TABLE coverage AS c" in older SQLite */
	if (strncmp(d + n, " AS ", 4) == 0 && coverage_alias(sql, name))
		return strncmp(detail, "SCAN", 4) == 0 ||
		    strstr(detail, "AUTOMATIC") != NULL;
	if (!coverage_alias(sql, name))
		return 0;
	return strncmp(detail, "SCAN", 4) == 0 ||
	    strstr(detail, "AUTOMATIC") != NULL;
}

/* Explains one statement; returns the number of plan lines scanning
 * coverage, or -1 if it does not prepare. Lines go to plan[]. */
static int
explain(sqlite3 *sql, const char *stmt, char *plan, size_t plansz,
    int *lines)
{
	sqlite3_stmt *st;
	char *q;
	int bad = 0;
	size_t len = 0;

	*lines = 0;
	plan[0] = '\0';
	if ((q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", stmt)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK) {
		snprintf(plan, plansz, "# prepare: %s\n", sqlite3_errmsg(sql));
		sqlite3_free(q);
		return -1;
	}
	sqlite3_free(q);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(st, 3);

		if (detail == NULL)
			continue;
		(*lines)++;
		if (scans_coverage(stmt, detail))
			bad++;
		if (len < plansz)
			len += (size_t)snprintf(plan + len, plansz - len,
			    "#   %s%s\n", detail, scans_coverage(stmt, detail) ?
			    "   <-- scans coverage" : "");
	}
	sqlite3_finalize(st);
	return bad;
}

/* The statements that find a place by its code or name: each reads an
 * index, never a whole table. */
static const char *const place_statements[] = {
	"postcode_communes", "fold_communes", "commune_postcode",
	"prefix_names", "longer_names", "former_by_code", "former_by_fold",
	"territory_by_code", "territory_by_postcode", "territory_by_fold",
	"dept_by_fold", "region_by_fold", NULL
};

static int
is_place_statement(const char *name)
{
	int i;

	for (i = 0; place_statements[i] != NULL; i++)
		if (strcmp(place_statements[i], name) == 0)
			return 1;
	return 0;
}

static void
check_all(sqlite3 *sql, const char *when)
{
	char plan[8192];
	int i, bad, lines;

	for (i = 0; query_sql_list[i].name != NULL; i++) {
		bad = explain(sql, query_sql_list[i].sql, plan, sizeof(plan),
		    &lines);
		ok(bad == 0 && lines > 0, "%s: %s does not scan coverage",
		    when, query_sql_list[i].name);
		/* the lookups by region and date never seek into the table */
		if (strcmp(query_sql_list[i].name, "region_on") == 0 ||
		    strcmp(query_sql_list[i].name, "history") == 0)
			ok(strstr(plan, "COVERING INDEX coverage_key") != NULL,
			    "%s: %s reads the coverage_key index alone", when,
			    query_sql_list[i].name);
		if (is_place_statement(query_sql_list[i].name))
			ok(strstr(plan, "SCAN ") == NULL && strstr(plan,
			    "SEARCH ") != NULL, "%s: %s finds places through an "
			    "index", when, query_sql_list[i].name);
		if (bad != 0 || lines == 0 || getenv("TEST_PLANS_VERBOSE"))
			printf("%s", plan);
	}
}

static void
test_detector(sqlite3 *sql)
{
	char plan[4096];
	int lines;

	/* the detector itself must see a scan when there is one */
	ok(explain(sql, "SELECT * FROM coverage WHERE source = ?1", plan,
	    sizeof(plan), &lines) > 0, "detector: an unindexed filter on "
	    "coverage is a scan");
	ok(explain(sql, "SELECT c.region FROM coverage c WHERE c.public = ?1",
	    plan, sizeof(plan), &lines) > 0, "detector: a scan through an "
	    "alias is seen");
	ok(explain(sql, "SELECT valid_from FROM coverage ORDER BY valid_from",
	    plan, sizeof(plan), &lines) > 0, "detector: a scan of a covering "
	    "index is still a scan");
	ok(explain(sql, "SELECT * FROM (SELECT region FROM coverage) c",
	    plan, sizeof(plan), &lines) > 0, "detector: a scan inside a "
	    "subquery is seen");
	is_int(explain(sql, "SELECT * FROM coverage WHERE operator = ?1",
	    plan, sizeof(plan), &lines), 0, "detector: an indexed lookup is "
	    "no scan");
	is_int(explain(sql, "SELECT * FROM (SELECT region FROM coverage"
	    " WHERE rk = ?1 LIMIT 5) c", plan, sizeof(plan), &lines), 0,
	    "detector: scanning a subquery named c is no scan of coverage");
	is_int(explain(sql, "SELECT * FROM regions", plan, sizeof(plan),
	    &lines), 0, "detector: a scan of another table is not counted");
}

int
main(void)
{
	struct cep_db db;
	struct import_options opt;
	struct import_sink sink;
	struct import_result res;
	struct importer *imp;
	char *errmsg = NULL;
	int rc, n;

	if (db_open_memory(&db) != CEP_OK) {
		ok(0, "db_open_memory: %s", db.err);
		return tap_done();
	}
	memset(&opt, 0, sizeof(opt));
	memset(&sink, 0, sizeof(sink));
	sink.problem = sink_problem;
	imp = importer_new(db.sql, &opt, &sink);
	ok(imp != NULL, "importer_new");
	if (imp == NULL)
		return tap_done();
	importer_add_buffer(imp, "regions.csv", regions_csv,
	    sizeof(regions_csv) - 1);
	importer_add_buffer(imp, "departments.csv", departments_csv,
	    sizeof(departments_csv) - 1);
	importer_add_buffer(imp, "communes.csv", communes_csv,
	    sizeof(communes_csv) - 1);
	importer_add_buffer(imp, "operators.csv", operators_csv,
	    sizeof(operators_csv) - 1);
	importer_add_buffer(imp, "coverage.csv", coverage_csv,
	    sizeof(coverage_csv) - 1);
	rc = importer_finish(imp, &res);
	is_int(rc, CEP_OK, "the dataset imports (%s)", importer_error(imp));
	is_int(problems, 0, "no import problem");
	is_int(res.rows[T_COVERAGE], 11, "11 coverage rows imported");
	importer_free(imp);

	/* 5,000 more coverage rows, spread over regions, publics, dates */
	rc = sqlite3_exec(db.sql,
	    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
	    " WHERE i < 4999)"
	    " INSERT INTO coverage(operator, region, public, valid_from,"
	    " valid_to, file, line, rk)"
	    " SELECT operator, region, public, valid_from, valid_to, 0, i + 2,"
	    " " SQL_COVERAGE_KEY " FROM (SELECT i, 'op-' || (i % 97) AS"
	    " operator, printf('%02d', 10 + i % 90) AS region, i % 5 AS public,"
	    " 16000 + (i * 7) % 3000 AS valid_from, 16000 + (i * 7) % 3000 +"
	    " 30 + i % 400 AS valid_to FROM n)", NULL, NULL, &errmsg);
	is_int(rc, SQLITE_OK, "5,000 coverage rows inserted (%s)",
	    errmsg ? errmsg : "");
	sqlite3_free(errmsg);
	{
		sqlite3_stmt *st;

		n = -1;
		if (sqlite3_prepare_v2(db.sql, "SELECT COUNT(*) FROM coverage"
		    " INDEXED BY coverage_key", -1, &st, NULL) == SQLITE_OK
		    && sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
		is_int(n, 5011, "coverage holds 5,011 rows; its indexes exist");
	}
	for (n = 0; query_sql_list[n].name != NULL; n++)
		;
	ok(n >= 18, "query_sql_list has every lookup (%d)", n);

	test_detector(db.sql);
	check_all(db.sql, "no ANALYZE");
	rc = sqlite3_exec(db.sql, "ANALYZE", NULL, NULL, NULL);
	is_int(rc, SQLITE_OK, "ANALYZE");
	check_all(db.sql, "after ANALYZE");
	db_close(&db);

	/* the dataset built by make, when the test runs under make check */
	if (getenv("BUILD") != NULL) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/builtin.db", getenv("BUILD"));
		if (access(path, R_OK) == 0) {
			rc = db_open_read(&db, path);
			is_int(rc, CEP_OK, "open %s (%s)", path, db.err);
			if (rc == CEP_OK)
				check_all(db.sql, "built-in data");
			db_close(&db);
		}
	}
	return tap_done();
}
