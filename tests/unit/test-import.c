/*
 * Unit tests of the importer (src/import.c, import-check.c,
 * import-coverage.c) on an in-memory store: a clean import, then each kind
 * of problem, checked by the FILE, LINE and COLUMN the sink receives (not
 * the wording of the message).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cepdir.h"
#include "tap.h"

/* ---- a clean dataset; problems are rows appended to one file ---- */

static const char regions_csv[] =
    "code,name,kind,valid_from,valid_to,successor,aliases\n"	/* 1 */
    "11,\xc3\x8ele-de-France,metro,,,,IDF\n"			/* 2 */
    "53,Bretagne,metro,,,,BZH\n"				/* 3 */
    "23,Haute-Normandie,metro,,2015-12-31,28,\n"		/* 4 */
    "25,Basse-Normandie,metro,,2015-12-31,28,\n"		/* 5 */
    "28,Normandie,metro,2016-01-01,,,\n";			/* 6 */

static const char departments_csv[] =
    "code,name,region,valid_from,valid_to\n"			/* 1 */
    "75,Paris,11,,\n"						/* 2 */
    "35,Ille-et-Vilaine,53,,\n"					/* 3 */
    "76,Seine-Maritime,23,,2015-12-31\n"			/* 4 */
    "76,Seine-Maritime,28,2016-01-01,\n";			/* 5 */

static const char communes_csv[] =
    "insee,name,department,postcode,population\n"		/* 1 */
    "75056,Paris,75,75001,2113705\n"				/* 2 */
    "75056,Paris,75,75002,2113705\n"				/* 3 */
    "35238,Rennes,35,35000,\n"					/* 4 */
    "76540,Rouen,76,76000,114083\n";				/* 5 */

static const char operators_csv[] =
    "id,name,kind,website,phone,locator,scope,valid_from,valid_to,"
    "successor,source\n"						/* 1 */
    "pole-emploi,P\xc3\xb4le emploi,national,,,,,2015-01-01,2023-12-31,"
    "france-travail,\n"						/* 2 */
    "france-travail,France Travail,national,https://www.francetravail.fr"
    ",3949,https://www.francetravail.fr/agence,demandeurs d'emploi,"
    "2024-01-01,,,\n"						/* 3 */
    "apec,Apec,national,,,,,2015-01-01,,,\n"			/* 4 */
    "cibc,CIBC,regional,,,,,2020-01-01,,,\n";			/* 5 */

static const char former_communes_csv[] =
    "insee,name,commune,kind\n"					/* 1 */
    "76541,Rouen-Vieux,76540,deleguee\n"			/* 2 */
    "35001,,35238,ancienne\n";					/* 3 */

static const char territories_csv[] =
    "code,name,territory,postcode,source\n"			/* 1 */
    "975,Saint-Pierre-et-Miquelon,975,,\n"			/* 2 */
    "97502,Saint-Pierre,975,97500,\n";				/* 3 */

static const char coverage_csv[] =
    "operator,region,public,valid_from,valid_to,source\n"	/* 1 */
    "pole-emploi,*,jobseekers,2015-01-01,2023-12-31,\n"		/* 2 */
    "france-travail,*,jobseekers,2024-01-01,,\n"		/* 3 */
    "apec,*,executives,01/01/2015,,\n"				/* 4 */
    "cibc,11,employed,2020-01-01,,\n"				/* 5 */
    "cibc,28,employed,2020-01-01,2023-12-31,\n"			/* 6 */
    "cibc,28,employed,2024-01-01,,\n";				/* 7 */

enum { F_REG, F_DEP, F_COM, F_OPS, F_COV, F_FOR, F_TER, NBASE };

static const char *const base_names[NBASE] = {
	"regions.csv", "departments.csv", "communes.csv", "operators.csv",
	"coverage.csv", "former_communes.csv", "territories.csv"
};
static const char *const base_bodies[NBASE] = {
	regions_csv, departments_csv, communes_csv, operators_csv, coverage_csv,
	former_communes_csv, territories_csv
};

/* ---- the sink ---- */

#define MAXP 64

struct prob {
	char file[64];
	long line;
	char column[64];
	char msg[256];
};

static struct prob probs[MAXP];
static int nprobs, nwarnings;
static char warning_file[64], warning_msg[256];

static void
on_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	(void)ctx;
	if (nprobs < MAXP) {
		snprintf(probs[nprobs].file, sizeof(probs[0].file), "%s",
		    file ? file : "(null)");
		probs[nprobs].line = line;
		snprintf(probs[nprobs].column, sizeof(probs[0].column), "%s",
		    column ? column : "(null)");
		snprintf(probs[nprobs].msg, sizeof(probs[0].msg), "%s",
		    msg ? msg : "(null)");
	}
	nprobs++;
}

static void
on_warning(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	snprintf(warning_file, sizeof(warning_file), "%s", file);
	snprintf(warning_msg, sizeof(warning_msg), "%s", msg);
	nwarnings++;
}

static struct cep_db db;
static struct import_result res;
static struct import_options opts;

/* Imports the files given (name, body pairs) into a fresh store. The
 * store stays open in `db` for the caller to inspect; the importer is
 * freed (so a rejected import is rolled back). */
static int
import_bodies(int n, const char *const *names, const char *const *bodies)
{
	struct import_sink sink;
	struct importer *imp;
	int i, rc;

	db_close(&db);
	nprobs = nwarnings = 0;
	warning_file[0] = warning_msg[0] = '\0';
	memset(&res, 0, sizeof(res));
	if (db_open_memory(&db) != CEP_OK)
		return -1;
	memset(&sink, 0, sizeof(sink));
	sink.problem = on_problem;
	sink.warning = on_warning;
	if ((imp = importer_new(db.sql, &opts, &sink)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		importer_add_buffer(imp, names[i], bodies[i], strlen(bodies[i]));
	rc = importer_finish(imp, &res);
	importer_free(imp);
	return rc;
}

/* The clean dataset with `extra` appended to file `f`; or, when replace
 * is set, `extra` alone under the name of file `f`. */
static int
import_with(int f, const char *extra, int replace)
{
	const char *bodies[NBASE];
	char *joined = NULL;
	int i, rc;

	for (i = 0; i < NBASE; i++)
		bodies[i] = base_bodies[i];
	if (f >= 0 && replace)
		return import_bodies(1, &base_names[f], &extra);
	if (f >= 0) {
		{
			size_t a = strlen(base_bodies[f]), b = strlen(extra);

			if ((joined = malloc(a + b + 1)) == NULL)
				return -1;
			memcpy(joined, base_bodies[f], a);
			memcpy(joined + a, extra, b + 1);
			bodies[f] = joined;
		}
	}
	rc = import_bodies(NBASE, base_names, bodies);
	free(joined);
	return rc;
}

/* Exactly one problem, at FILE:LINE: COLUMN. */
static void
expect1(const char *what, int rc, const char *file, long line,
    const char *column)
{
	int good = rc == CEP_DATAERR && nprobs == 1 &&
	    strcmp(probs[0].file, file) == 0 && probs[0].line == line &&
	    strcmp(probs[0].column, column) == 0;

	ok(good, "%s: %s:%ld: %s", what, file, line, column);
	if (!good) {
		int i;

		printf("#   status %d, %d problem(s)\n", rc, nprobs);
		for (i = 0; i < nprobs && i < MAXP; i++)
			printf("#   got %s:%ld: %s: %s\n", probs[i].file,
			    probs[i].line, probs[i].column, probs[i].msg);
	}
}

/* Is there a problem at FILE:LINE: COLUMN? */
static int
has(const char *file, long line, const char *column)
{
	int i;

	for (i = 0; i < nprobs && i < MAXP; i++)
		if (strcmp(probs[i].file, file) == 0 && probs[i].line == line &&
		    strcmp(probs[i].column, column) == 0)
			return 1;
	return 0;
}

static void
dump(void)
{
	int i;

	for (i = 0; i < nprobs && i < MAXP; i++)
		printf("#   got %s:%ld: %s: %s\n", probs[i].file,
		    probs[i].line, probs[i].column, probs[i].msg);
}

static long
count(const char *sql)
{
	sqlite3_stmt *st;
	long n = -1;

	if (sqlite3_prepare_v2(db.sql, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static const char *
text(const char *sql)
{
	static char buf[256];
	sqlite3_stmt *st;

	snprintf(buf, sizeof(buf), "(none)");
	if (sqlite3_prepare_v2(db.sql, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* ---- a clean import ---- */

static void
test_clean(void)
{
	int rc = import_with(-1, NULL, 0), t;

	is_int(rc, CEP_OK, "clean import: CEP_OK");
	is_int(nprobs, 0, "clean import: no problem");
	if (nprobs > 0)
		dump();
	is_int(nwarnings, 0, "clean import: no warning");
	is_int(res.problems, 0, "clean import: res.problems 0");
	is_int(res.rows[T_REGIONS], 5, "regions: 5 rows");
	is_int(res.rows[T_DEPARTMENTS], 4, "departments: 4 rows");
	is_int(res.rows[T_COMMUNES], 4, "communes: 4 rows");
	is_int(res.rows[T_OPERATORS], 4, "operators: 4 rows");
	is_int(res.rows[T_COVERAGE], 6, "coverage: 6 rows");
	is_int(res.rows[T_FORMER_COMMUNES], 2, "former_communes: 2 rows");
	is_int(res.rows[T_TERRITORIES], 2, "territories: 2 rows");
	for (t = 0; t < T_COUNT; t++)
		ok(res.imported[t], "table %s imported", table_name(t));
	is_int(count("SELECT COUNT(*) FROM coverage"), 6,
	    "the rows are committed");
	is_int(count("SELECT valid_from FROM coverage WHERE operator = 'apec'"),
	    16436, "01/01/2015 stored as day 16436 (2015-01-01)");
	is_int(count("SELECT valid_to FROM coverage WHERE operator = 'apec'"),
	    DAY_OPEN_TO, "an empty valid_to stored as the open end");
	is_int(count("SELECT valid_from FROM regions WHERE code = '11'"),
	    DAY_OPEN_FROM, "an empty valid_from stored as the open start");
	is_int(count("SELECT public FROM coverage WHERE operator = 'apec'"),
	    public_parse("executives", 0), "public stored as its number");
	is_str(text("SELECT fold FROM regions WHERE code = '11'"),
	    "iledefrance", "region names folded");
	is_str(text("SELECT code FROM region_aliases WHERE fold = 'idf'"),
	    "11", "aliases stored folded");
	is_str(text("SELECT code FROM departments WHERE name = "
	    "'Paris'"), "75", "codes kept as text");
	is_str(text("SELECT insee FROM communes WHERE postcode = '35000'"),
	    "35238", "communes stored");
	is_int(count("SELECT typeof(code) = 'text' FROM regions WHERE "
	    "code = '11'"), 1, "codes are TEXT");
	is_int(count("SELECT value FROM meta WHERE key = 'max_span'"), 3286,
	    "meta.max_span is the longest closed mandate (3286 days)");
	is_int(count("SELECT line FROM coverage WHERE operator = 'cibc' AND "
	    "region = '11'"), 5, "each row knows its line");
	is_str(text("SELECT phone FROM operators WHERE id = 'france-travail'"),
	    "3949", "optional columns stored");
	is_int(count("SELECT COUNT(*) FROM operators WHERE website IS NULL"), 3,
	    "empty optional values stored as NULL");

	/* one table alone */
	{
		const char *n[] = { "r.csv" }, *b[] = { regions_csv };

		rc = import_bodies(1, n, b);
		is_int(rc, CEP_OK, "regions alone: CEP_OK");
		ok(res.imported[T_REGIONS] && !res.imported[T_COVERAGE],
		    "regions alone: only regions imported");
		is_int(res.rows[T_REGIONS], 5, "regions alone: 5 rows");
	}
	/* column order free, names case-insensitive, spaces trimmed */
	{
		const char *n[] = { "r.csv" };
		const char *b[] = { " Kind ;NAME;Code\n"
		    "metro;Bretagne;53\n" };

		rc = import_bodies(1, n, b);
		is_int(rc, CEP_OK, "header in any order and case, ';': CEP_OK");
		is_str(text("SELECT name FROM regions WHERE code = '53'"),
		    "Bretagne", "... the values land in their columns");
	}
	/* a BOM, CRLF, blank lines and rows of separators */
	{
		const char *n[] = { "r.csv" };
		const char *b[] = { "\xef\xbb\xbf" "code,name,kind\r\n\r\n"
		    "53,Bretagne,metro\r\n,,\r\n11,\"\xc3\x8ele-de-\r\nFrance\","
		    "metro\r\n" };

		rc = import_bodies(1, n, b);
		is_int(rc, CEP_OK, "BOM, CRLF, blank line, row of separators: "
		    "CEP_OK");
		if (nprobs > 0)
			dump();
		is_int(res.rows[T_REGIONS], 2, "... 2 rows");
		is_int(count("SELECT line FROM regions WHERE code = '11'"), 5,
		    "... lines counted from the header");
	}
	/* Windows-1252 */
	{
		const char *n[] = { "r.csv" };
		const char *b[] = { "code,name,kind\n53,Bretagne,metro\n"
		    "11,\xce" "le-de-France,metro\n" };

		rc = import_bodies(1, n, b);
		is_int(rc, CEP_OK, "Windows-1252: CEP_OK");
		is_int(nwarnings, 1, "Windows-1252: one warning");
		is_str(warning_file, "r.csv", "... naming the file");
		ok(strstr(warning_msg, "3") != NULL, "... and the line (%s)",
		    warning_msg);
		is_str(text("SELECT name FROM regions WHERE code = '11'"),
		    "\xc3\x8ele-de-France", "... the name stored as UTF-8");
	}
	/* options: a forced table, delimiter and encoding */
	{
		const char *n[] = { "r.txt" };
		const char *b[] = { "code|name|kind\n53|Bretagne|metro\n" };

		memset(&opts, 0, sizeof(opts));
		opts.delimiter = '|';
		rc = import_bodies(1, n, b);
		is_int(rc, CEP_OK, "--delimiter '|': CEP_OK");
		is_int(res.rows[T_REGIONS], 1, "... 1 row");
		memset(&opts, 0, sizeof(opts));
	}
	{
		const char *n[] = { "r.csv" };
		const char *b[] = { "code,name,kind\n11,\xce" "le,metro\n" };

		memset(&opts, 0, sizeof(opts));
		opts.encoding = "ISO-8859-15";
		rc = import_bodies(1, n, b);
		is_int(rc, CEP_OK, "--encoding ISO-8859-15: CEP_OK");
		is_int(nwarnings, 0, "... no warning");
		is_str(text("SELECT name FROM regions WHERE code = '11'"),
		    "\xc3\x8ele", "... transcoded");
		memset(&opts, 0, sizeof(opts));
	}
}

/* ---- header problems ---- */

static void
test_header(void)
{
	int rc;

	{
		const char *n[] = { "r.csv" };
		const char *b[] = { "code,name\n11,X\n" };

		memset(&opts, 0, sizeof(opts));
		opts.table = "regions";
		rc = import_bodies(1, n, b);
		expect1("missing required column (--table)", rc, "r.csv", 1,
		    "kind");
		memset(&opts, 0, sizeof(opts));
	}
	rc = import_with(F_REG, "foo,bar\n1,2\n", 1);
	expect1("header matches no table", rc, "regions.csv", 1, "-");
	rc = import_with(F_REG, "\n\nfoo,bar\n1,2\n", 1);
	expect1("header matches no table, after blank lines", rc,
	    "regions.csv", 3, "-");
	rc = import_with(F_REG, "code,name,kind,name\n11,X,metro,Y\n", 1);
	expect1("duplicated column", rc, "regions.csv", 1, "name");
	rc = import_with(F_REG, "code,name,kind,colour\n11,X,metro,red\n", 1);
	expect1("unknown column", rc, "regions.csv", 1, "colour");
	rc = import_with(F_REG, "code,name,kind,valid_frm\n11,X,metro,\n", 1);
	expect1("misspelt column", rc, "regions.csv", 1, "valid_frm");
	ok(nprobs == 1 && strstr(probs[0].msg, "valid_from") != NULL,
	    "... with the nearest name as a hint (%s)", probs[0].msg);
	{
		char wide[1024];
		size_t len = 0;
		int i;

		len += (size_t)snprintf(wide, sizeof(wide), "code,name,kind");
		for (i = 0; i < 70; i++)
			len += (size_t)snprintf(wide + len, sizeof(wide) - len,
			    ",x%d", i);
		snprintf(wide + len, sizeof(wide) - len, "\n11,X,metro\n");
		rc = import_with(F_REG, wide, 1);
		expect1("a header of 73 columns", rc, "regions.csv", 1, "-");
	}
	rc = import_with(F_REG, "code,,name,kind\n11,,X,metro\n", 1);
	expect1("empty column name", rc, "regions.csv", 1, "-");
	rc = import_with(F_REG, "", 1);
	expect1("empty file", rc, "regions.csv", 1, "-");
	rc = import_with(F_REG, "\n\n\n", 1);
	expect1("a file of blank lines", rc, "regions.csv", 1, "-");
	rc = import_with(F_REG, "code,name,\"kind\n", 1);
	expect1("unterminated quote in the header", rc, "regions.csv", 1,
	    "-");
	rc = import_with(F_REG, "code,na\"me,kind\n11,X,metro\n", 1);
	expect1("malformed quote in the header", rc, "regions.csv", 1, "-");
}

/* ---- row problems: one bad row appended to a clean file ---- */

static void
test_rows(void)
{
	int rc;

	/* regions.csv has 6 lines: an appended row is line 7 */
	rc = import_with(F_REG, "99,Extra\n", 0);
	expect1("too few fields", rc, "regions.csv", 7, "-");
	rc = import_with(F_REG, "99,Extra,metro,,,,,x\n", 0);
	expect1("too many fields", rc, "regions.csv", 7, "-");
	rc = import_with(F_REG, "99,,metro,,,,\n", 0);
	expect1("empty required value", rc, "regions.csv", 7, "name");
	rc = import_with(F_REG, "99,   ,metro,,,,\n", 0);
	expect1("a required value of spaces is empty", rc, "regions.csv", 7,
	    "name");
	rc = import_with(F_REG, "9,Extra,metro,,,,\n", 0);
	expect1("invalid region code", rc, "regions.csv", 7, "code");
	rc = import_with(F_REG, "A1,Extra,metro,,,,\n", 0);
	expect1("invalid region code (letter)", rc, "regions.csv", 7, "code");
	rc = import_with(F_REG, "99,Extra,country,,,,\n", 0);
	expect1("invalid kind", rc, "regions.csv", 7, "kind");
	rc = import_with(F_REG, "99,Extra,METRO,,,,\n", 0);
	is_int(rc, CEP_OK, "kind is case-insensitive");
	rc = import_with(F_REG, "99,Extra,metro,2019-02-29,,,\n", 0);
	expect1("invalid date 2019-02-29", rc, "regions.csv", 7, "valid_from");
	rc = import_with(F_REG, "99,Extra,metro,,31/04/2020,,\n", 0);
	expect1("invalid date 31/04/2020", rc, "regions.csv", 7, "valid_to");
	rc = import_with(F_REG, "99,Extra,metro,2020-01-02,2020-01-01,,\n", 0);
	expect1("valid_from after valid_to", rc, "regions.csv", 7, "-");
	rc = import_with(F_REG, "99,Extra,metro,2020-01-01,2020-01-01,,\n", 0);
	is_int(rc, CEP_OK, "a one-day period is fine");
	rc = import_with(F_REG, "99,Ex\x01tra,metro,,,,\n", 0);
	expect1("control character", rc, "regions.csv", 7, "name");
	rc = import_with(F_REG, "99,Ex\xef\xbb\xbftra,metro,,,,\n", 0);
	expect1("BOM inside a value", rc, "regions.csv", 7, "name");
	rc = import_with(F_REG, "99,Extra,metro,,,,A\x02\n", 0);
	expect1("control character in an optional value", rc, "regions.csv",
	    7, "aliases");
	rc = import_with(F_REG,
	    "code,name,kind,valid_from,valid_to,successor,aliases\n", 0);
	expect1("header repeated", rc, "regions.csv", 7, "-");
	rc = import_with(F_REG, "99,\"Extra,metro,,,,\n11,X,metro,,,,\n", 0);
	expect1("unterminated quote", rc, "regions.csv", 7, "-");
	rc = import_with(F_REG, "99,Ex\"tra,metro,,,,\n", 0);
	expect1("malformed quote", rc, "regions.csv", 7, "-");
	rc = import_with(F_REG, "99,\"Ex\"tra,metro,,,,\n", 0);
	expect1("text after a closing quote", rc, "regions.csv", 7, "-");
	{
		static const char nul[] = "99,Ex\0tra,metro,,,,\n";
		const char *bodies[NBASE];
		char *joined;
		size_t a = strlen(regions_csv);
		struct import_sink sink;
		struct importer *imp;
		int i;

		/* a NUL byte: the buffer is given with its length */
		joined = malloc(a + sizeof(nul));
		memcpy(joined, regions_csv, a);
		memcpy(joined + a, nul, sizeof(nul));
		for (i = 0; i < NBASE; i++)
			bodies[i] = base_bodies[i];
		db_close(&db);
		nprobs = 0;
		db_open_memory(&db);
		memset(&sink, 0, sizeof(sink));
		sink.problem = on_problem;
		imp = importer_new(db.sql, &opts, &sink);
		importer_add_buffer(imp, "regions.csv", joined,
		    a + sizeof(nul) - 1);
		for (i = 1; i < NBASE; i++)
			importer_add_buffer(imp, base_names[i], bodies[i],
			    strlen(bodies[i]));
		rc = importer_finish(imp, &res);
		importer_free(imp);
		free(joined);
		expect1("NUL byte", rc, "regions.csv", 7, "-");
	}

	/* lines: quoted newlines, blank lines and CRLF move the count */
	rc = import_with(F_REG, "99,\"Multi\nLine\",metro,,,,\n9,X,metro,,,,\n",
	    0);
	expect1("after a two-line record", rc, "regions.csv", 9, "code");
	rc = import_with(F_REG, "98,\"Multi\nLine\",metro,,,,\n99,X,metro,,,,\n"
	    "\n\n9,X,metro,,,,\n", 0);
	expect1("after a two-line record and blank lines", rc, "regions.csv",
	    12, "code");
	rc = import_with(F_REG, "99,\"a\nb\nc\",mtero,,,,\n", 0);
	expect1("a bad multi-line record: its first line", rc, "regions.csv",
	    7, "kind");
	rc = import_with(F_REG, "code,name,kind\r\n\r\n53,Bretagne,metro\r\n"
	    "9,X,metro\r\n", 1);
	expect1("CRLF file", rc, "regions.csv", 4, "code");
	rc = import_with(F_REG, "\xef\xbb\xbf" "code,name,kind\n53,B,metro\n"
	    "9,X,metro\n", 1);
	expect1("file with a BOM", rc, "regions.csv", 3, "code");
	rc = import_with(F_REG, ",,,,,,\n;;\n", 0);
	expect1("a row of separators is skipped, ';;' is one field", rc,
	    "regions.csv", 8, "-");

	/* every problem of a file is reported, each at its line */
	rc = import_with(F_REG, "9,X,metro,,,,\n99,,metro,,,,\n98,Y,bad,,,,\n",
	    0);
	ok(rc == CEP_DATAERR && nprobs == 3 &&
	    has("regions.csv", 7, "code") && has("regions.csv", 8, "name") &&
	    has("regions.csv", 9, "kind"), "three bad rows: three problems");
	rc = import_with(F_REG, "9,,bad,2019-02-29,,,\n", 0);
	ok(rc == CEP_DATAERR && nprobs == 4 &&
	    has("regions.csv", 7, "code") && has("regions.csv", 7, "name") &&
	    has("regions.csv", 7, "kind") &&
	    has("regions.csv", 7, "valid_from"),
	    "one row, four bad values: four problems");
	if (nprobs != 4)
		dump();
	is_int(res.problems, nprobs, "res.problems counts them");

	/* other tables' values; departments.csv has 5 lines */
	rc = import_with(F_DEP, "7,X,11,,\n", 0);
	expect1("invalid department code", rc, "departments.csv", 6, "code");
	rc = import_with(F_DEP, "2C,X,11,,\n", 0);
	expect1("invalid department code 2C", rc, "departments.csv", 6,
	    "code");
	rc = import_with(F_DEP, "2A,Corse-du-Sud,11,,\n974,R,11,,\n", 0);
	is_int(rc, CEP_OK, "department codes 2A and 974 accepted");
	rc = import_with(F_DEP, "991,X,11,,\n", 0);
	expect1("invalid department code 991", rc, "departments.csv", 6,
	    "code");
	rc = import_with(F_DEP, "77,X,1,,\n", 0);
	expect1("invalid region code in departments", rc, "departments.csv",
	    6, "region");
	/* communes.csv has 5 lines */
	rc = import_with(F_COM, "7505,X,75,75001,\n", 0);
	expect1("invalid INSEE code", rc, "communes.csv", 6, "insee");
	rc = import_with(F_COM, "2C004,X,75,75001,\n", 0);
	expect1("invalid INSEE code 2C004", rc, "communes.csv", 6, "insee");
	rc = import_with(F_COM, "75101,X,75,7500,\n", 0);
	expect1("invalid postcode", rc, "communes.csv", 6, "postcode");
	rc = import_with(F_COM, "75101,X,75,75OO1,\n", 0);
	expect1("invalid postcode (letters)", rc, "communes.csv", 6,
	    "postcode");
	rc = import_with(F_COM, "75101,X,7,75001,\n", 0);
	expect1("invalid department in communes", rc, "communes.csv", 6,
	    "department");
	/* operators.csv has 5 lines */
	rc = import_with(F_OPS, "Apec2,X,national,,,,,,,,\n", 0);
	expect1("invalid operator id (upper case)", rc, "operators.csv", 6,
	    "id");
	rc = import_with(F_OPS, "op 2,X,national,,,,,,,,\n", 0);
	expect1("invalid operator id (space)", rc, "operators.csv", 6, "id");
	rc = import_with(F_OPS, "op2,X,local,,,,,,,,\n", 0);
	expect1("invalid operator kind", rc, "operators.csv", 6, "kind");
	rc = import_with(F_OPS, "op2,X,national,,,,,,,Apec,\n", 0);
	expect1("invalid successor id", rc, "operators.csv", 6, "successor");
	/* coverage.csv has 7 lines */
	rc = import_with(F_COV, "apec,11,students,,,\n", 0);
	expect1("invalid public", rc, "coverage.csv", 8, "public");
	rc = import_with(F_COV, "apec,11,cadres,,,\n", 0);
	expect1("a French public in a file", rc, "coverage.csv", 8, "public");
	rc = import_with(F_COV, "apec,1,youth,2015-01-01,,\n", 0);
	expect1("invalid coverage region", rc, "coverage.csv", 8, "region");
	rc = import_with(F_COV, "apec,**,youth,2015-01-01,,\n", 0);
	expect1("invalid coverage region **", rc, "coverage.csv", 8, "region");
	rc = import_with(F_COV, "Apec,11,youth,2015-01-01,,\n", 0);
	expect1("invalid coverage operator id", rc, "coverage.csv", 8,
	    "operator");
	rc = import_with(F_COV, "apec,11,Youth,2015-01-01,,\n", 0);
	is_int(rc, CEP_OK, "public is case-insensitive");
}

/* ---- overlaps and references ---- */

static void
test_whole(void)
{
	int rc;

	/* overlaps: the later row is reported */
	rc = import_with(F_REG, "11,Paris region,metro,2020-01-01,,,\n", 0);
	expect1("regions: overlapping periods", rc, "regions.csv", 7, "-");
	ok(nprobs == 1 && strstr(probs[0].msg, "2") != NULL,
	    "... the message names the other line (%s)", probs[0].msg);
	rc = import_with(F_REG, "28,Normandie,metro,2010-01-01,2015-12-31,,\n",
	    0);
	is_int(rc, CEP_OK, "regions: adjacent periods do not overlap");
	if (rc != CEP_OK)
		dump();
	rc = import_with(F_REG, "28,Normandie,metro,2010-01-01,2016-01-01,,\n",
	    0);
	expect1("regions: one day of overlap", rc, "regions.csv", 6, "-");
	rc = import_with(F_DEP, "75,Paris,11,2020-01-01,\n", 0);
	expect1("departments: overlapping periods", rc, "departments.csv", 6,
	    "-");
	rc = import_with(F_COM, "75056,Paris,75,75001,\n", 0);
	expect1("communes: the same insee and postcode twice", rc,
	    "communes.csv", 6, "-");
	rc = import_with(F_OPS, "apec,Apec bis,national,,,,,2020-01-01,,,\n", 0);
	expect1("operators: overlapping periods", rc, "operators.csv", 6, "-");
	rc = import_with(F_COV, "cibc,11,employed,2023-01-01,2023-12-31,\n", 0);
	expect1("coverage: overlapping periods", rc, "coverage.csv", 8, "-");
	rc = import_with(F_COV, "cibc,11,youth,2023-01-01,2023-12-31,\n", 0);
	is_int(rc, CEP_OK, "coverage: another public does not overlap");
	rc = import_with(F_COV, "cibc,53,employed,2023-01-01,2023-12-31,\n", 0);
	is_int(rc, CEP_OK, "coverage: another region does not overlap");
	rc = import_with(F_COV, "pole-emploi,*,jobseekers,2023-12-31,"
	    "2023-12-31,\n", 0);
	expect1("coverage: overlap on the last day", rc, "coverage.csv", 8,
	    "-");
	rc = import_with(F_COV, "cibc,28,employed,2019-06-01,2019-12-31,\n", 0);
	expect1("coverage: a row before its operator's start, no overlap", rc,
	    "coverage.csv", 8, "operator");
	{
		/* the same key in two files: the later row is reported in
		 * its own file */
		const char *n[NBASE + 1], *b[NBASE + 1];
		int i;

		for (i = 0; i < NBASE; i++) {
			n[i] = base_names[i];
			b[i] = base_bodies[i];
		}
		n[NBASE] = "more.csv";
		b[NBASE] = "operator,region,public,valid_from,valid_to\n\n"
		    "cibc,11,employed,2021-01-01,2021-12-31\n";
		rc = import_bodies(NBASE + 1, n, b);
		expect1("coverage: overlap across two files", rc, "more.csv",
		    3, "-");
		ok(nprobs == 1 && strstr(probs[0].msg, "coverage.csv") != NULL,
		    "... the message names the other file (%s)", probs[0].msg);
	}

	/* dangling references */
	rc = import_with(F_DEP, "77,Seine-et-Marne,99,,\n", 0);
	expect1("department: unknown region", rc, "departments.csv", 6,
	    "region");
	rc = import_with(F_DEP, "14,Calvados,25,,\n", 0);
	expect1("department: region not valid over its whole period", rc,
	    "departments.csv", 6, "region");
	rc = import_with(F_DEP, "14,Calvados,25,,2015-12-31\n"
	    "14,Calvados,28,2016-01-01,\n", 0);
	is_int(rc, CEP_OK, "department: a region change on the merge date");
	rc = import_with(F_DEP, "14,Calvados,28,2015-06-01,\n", 0);
	expect1("department: starts before its region", rc,
	    "departments.csv", 6, "region");
	rc = import_with(F_COM, "01001,X,01,01400,\n", 0);
	expect1("commune: unknown department", rc, "communes.csv", 6,
	    "department");
	rc = import_with(F_REG, "98,Extra,metro,,2015-12-31,77,\n", 0);
	expect1("region: unknown successor", rc, "regions.csv", 7,
	    "successor");
	rc = import_with(F_OPS, "op2,X,national,,,,,,2019-12-31,nobody,\n", 0);
	expect1("operator: unknown successor", rc, "operators.csv", 6,
	    "successor");
	rc = import_with(F_COV, "nobody,11,youth,2015-01-01,,\n", 0);
	expect1("coverage: unknown operator", rc, "coverage.csv", 8,
	    "operator");
	rc = import_with(F_COV, "pole-emploi,11,youth,2015-01-01,2024-06-30,\n",
	    0);
	expect1("coverage: operator not valid over the whole period", rc,
	    "coverage.csv", 8, "operator");
	rc = import_with(F_COV, "cibc,53,youth,2019-12-31,,\n", 0);
	expect1("coverage: starts the day before its operator", rc,
	    "coverage.csv", 8, "operator");
	rc = import_with(F_COV, "apec,99,youth,2015-01-01,,\n", 0);
	expect1("coverage: unknown region", rc, "coverage.csv", 8, "region");
	rc = import_with(F_COV, "cibc,23,youth,2020-01-01,,\n", 0);
	expect1("coverage: region not valid over the whole period", rc,
	    "coverage.csv", 8, "region");
	rc = import_with(F_COV, "apec,23,youth,2015-01-01,2015-12-31,\n"
	    "apec,28,youth,2016-01-01,,\n", 0);
	is_int(rc, CEP_OK, "coverage: mandates that follow a merge");
	if (rc != CEP_OK)
		dump();
	rc = import_with(F_COV, "nobody,99,youth,,,\n", 0);
	ok(rc == CEP_DATAERR && nprobs == 2 &&
	    has("coverage.csv", 8, "operator") &&
	    has("coverage.csv", 8, "region"),
	    "coverage: unknown operator and region: two problems");
	/* a refused row's references are checked too: one run says all */
	rc = import_with(F_COV, "nobody,99,youth,2020-02-30,,\n", 0);
	ok(rc == CEP_DATAERR && nprobs == 3 &&
	    has("coverage.csv", 8, "valid_from") &&
	    has("coverage.csv", 8, "operator") &&
	    has("coverage.csv", 8, "region"),
	    "coverage: bad date, unknown operator and region: three problems");
	if (nprobs != 3)
		dump();
	rc = import_with(F_COV, "BAD,99,youth,2020-02-30,,\n", 0);
	ok(rc == CEP_DATAERR && nprobs == 3 &&
	    has("coverage.csv", 8, "operator") &&
	    has("coverage.csv", 8, "region"),
	    "coverage: an invalid operator id is not also unknown");
	rc = import_with(F_COV, "apec,*,youth,2016-01-01,2015-01-01,\n", 0);
	expect1("coverage: '*' and a known operator in a refused row: only "
	    "the refusal", rc, "coverage.csv", 8, "-");
	rc = import_with(F_DEP, "29,X,77,,bad\n", 0);
	ok(rc == CEP_DATAERR && nprobs == 2 &&
	    has("departments.csv", 6, "valid_to") &&
	    has("departments.csv", 6, "region"),
	    "departments: bad date and unknown region: two problems");
	/* one connection, importers in turn (as the build and the fuzzer) */
	{
		struct import_sink sink;
		struct importer *imp;

		memset(&sink, 0, sizeof(sink));
		import_with(F_COV, "nobody,99,youth,2020-02-30,,\n", 0);
		imp = importer_new(db.sql, &opts, &sink);
		ok(imp != NULL && importer_error(imp)[0] == '\0',
		    "a second importer on the same connection starts (%s)",
		    imp ? importer_error(imp) : "out of memory");
		importer_free(imp);
	}
	/* a row that names a refused row is not told it names nothing */
	{
		const char *n[] = { "regions.csv", "departments.csv" };
		const char *b[] = { "code,name,kind\n53,B,metropole\n",
		    "code,name,region\n35,I,53\n22,C,52\n" };

		rc = import_bodies(2, n, b);
		ok(rc == CEP_DATAERR && nprobs == 2 &&
		    has("regions.csv", 2, "kind") &&
		    has("departments.csv", 3, "region"),
		    "departments naming a refused region: only its refusal, "
		    "and the region that is nowhere");
		if (nprobs != 2)
			dump();
	}
	/* the referred table absent from the input: an empty store */
	{
		const char *n[] = { "departments.csv" };
		const char *b[] = { departments_csv };

		rc = import_bodies(1, n, b);
		ok(rc == CEP_DATAERR && nprobs == 4 &&
		    has("departments.csv", 2, "region") &&
		    has("departments.csv", 5, "region"),
		    "departments without regions: every row dangles");
	}
}

/* ---- atomicity and files ---- */

static void
test_atomic(void)
{
	struct import_sink sink;
	struct importer *imp;
	int rc;

	rc = import_with(F_COV, "nobody,11,youth,,,\n", 0);
	is_int(rc, CEP_DATAERR, "a rejected import: CEP_DATAERR");
	is_int(count("SELECT COUNT(*) FROM regions"), 0,
	    "a rejected import leaves no region");
	is_int(count("SELECT COUNT(*) FROM coverage"), 0,
	    "a rejected import leaves no coverage");

	db_close(&db);
	db_open_memory(&db);
	memset(&sink, 0, sizeof(sink));
	sink.problem = on_problem;
	nprobs = 0;
	imp = importer_new(db.sql, &opts, &sink);
	rc = importer_add_file(imp, "/nonexistent/dir/regions.csv");
	is_int(rc, CEP_NOINPUT, "a missing file: CEP_NOINPUT");
	ok(strstr(importer_error(imp), "/nonexistent/dir/regions.csv") != NULL,
	    "... the error names it (%s)", importer_error(imp));
	is_int(importer_finish(imp, &res), CEP_NOINPUT,
	    "... and importer_finish fails too");
	importer_free(imp);
}

/* A coverage file of more than 4 MiB, read in a thread of its own. */
/* Progress told: how often each stage was (NULL: rows). */
static const char *const stages[] = { "building indexes",
    "checking overlaps and references", "checking coverage" };
static int told_rows, told[3], told_other;

static void
on_progress(void *ctx, const char *stage, long rows)
{
	size_t i;

	(void)ctx;
	(void)rows;
	if (stage == NULL) {
		told_rows++;
		return;
	}
	for (i = 0; i < 3; i++)
		if (strcmp(stage, stages[i]) == 0) {
			told[i]++;
			return;
		}
	told_other++;
}

static void
test_big_file(void)
{
	char path[] = "/tmp/test-import-XXXXXX", day[DATE_BUFSZ];
	struct import_sink sink;
	struct importer *imp;
	FILE *fp;
	int fd, rc, i, bad_public = 30001, overlap = 59001;
	const int nrows = 60000;

	if ((fd = mkstemp(path)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		ok(0, "cannot create a temporary file");
		return;
	}
	fprintf(fp, "operator,region,public,valid_from,valid_to,source\n");
	for (i = 0; i < nrows; i++) {
		long line = i + 2;

		date_format(16436 + i, day);
		if (line == overlap)
			date_format(16436 + i - 1, day);
		fprintf(fp, "apec,11,%s,%s,%s,https://example.org/a/rather/"
		    "long/source/for/row/%d\n", line == bad_public ? "pupils" :
		    "youth", day, day, i);
	}
	fclose(fp);

	db_close(&db);
	db_open_memory(&db);
	memset(&sink, 0, sizeof(sink));
	sink.problem = on_problem;
	sink.progress = on_progress;
	nprobs = 0;
	imp = importer_new(db.sql, &opts, &sink);
	importer_add_buffer(imp, "regions.csv", regions_csv,
	    strlen(regions_csv));
	importer_add_buffer(imp, "operators.csv", operators_csv,
	    strlen(operators_csv));
	rc = importer_add_file(imp, path);
	is_int(rc, CEP_OK, "big file: read");
	rc = importer_finish(imp, &res);
	importer_free(imp);
	is_int(rc, CEP_DATAERR, "big file: rejected");
	ok(nprobs == 2 && has(path, bad_public, "public") &&
	    has(path, overlap, "-"), "big file: the bad public and the "
	    "overlap at their lines (%ld, %ld)", (long)bad_public,
	    (long)overlap);
	if (nprobs != 2)
		dump();
	is_int(res.rows[T_COVERAGE], nrows - 1, "big file: every good row "
	    "stored before the rejection");
	/* SQLite tells the long stages again and again, so that a front end
	 * can show one that began before its delay had passed */
	ok(told[0] > 1 && told[1] >= 1 && told[2] > 1 && told_other == 0,
	    "big file: the stages told as they go (indexes %d, references %d,"
	    " coverage %d, other %d)", told[0], told[1], told[2], told_other);
	is_int(told_rows, 0, "big file: 60,000 rows, under the 65,536 of a "
	    "row count");
	unlink(path);
}

/* Coverage and operators without any region: every concrete region
 * dangles. (Last: under UBSan a fault here ends the run.) */
static void
test_no_regions(void)
{
	const char *n[] = { "operators.csv", "coverage.csv" };
	const char *b[] = { operators_csv, coverage_csv };
	int rc;

	rc = import_bodies(2, n, b);
	ok(rc == CEP_DATAERR && nprobs == 3 &&
	    has("coverage.csv", 5, "region") &&
	    has("coverage.csv", 6, "region") &&
	    has("coverage.csv", 7, "region"),
	    "coverage without regions: each concrete region dangles");
	if (nprobs != 3)
		dump();
}

int
main(void)
{
	test_clean();
	test_header();
	test_rows();
	test_whole();
	test_atomic();
	test_big_file();
	test_no_regions();
	db_close(&db);
	return tap_done();
}
