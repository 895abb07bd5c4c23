/*
 * Fuzz target: the whole import path on an in-memory store, then lookups,
 * check and an export round trip on what was accepted.
 *
 * Input: an optional first line "%opts TOKEN..." (t=TABLE, d=C for the
 * delimiter, e=ENCODING, as --table, --delimiter and --encoding), then up
 * to five CSV "files" separated by the line "####" (SEP below), each given
 * to importer_add_buffer as f1.csv ... f5.csv.
 *
 * Invariants checked when the import is accepted (abort otherwise):
 * - every lookup and check ends with 0, 1 or 2 (never 70 or 74);
 * - check reports no "integrity" row on a store import has just accepted;
 * - export -> import -> export gives the same bytes (the contract's
 *   "round-trips exactly"), and the re-import has no problem; for inputs
 *   of odd size the export imported is the --excel one.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"

#define SEP "\n####\n"
#define MAX_FILES 5

static FILE *devnull;

struct sink_state {
	long problems;
	int verbose;		/* print problems (for a failing round trip) */
};

static void
sink_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	struct sink_state *s = ctx;

	s->problems++;
	if (s->verbose && s->problems <= 20)
		fprintf(stderr, "  %s:%ld: %s: %s\n", file, line, column, msg);
}

static void
sink_warning(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	(void)file;
	(void)msg;
}

static void
ignore_note(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static void
fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz-import: %s%s%s\n", what, detail ? ": " : "",
	    detail ? detail : "");
	abort();
}

/* 0, 1, 2 are answers; anything else on an accepted store is a bug. */
static void
expect_status(const char *what, int rc, struct cep_db *db)
{
	char msg[1200];

	if (rc == CEP_OK || rc == CEP_NOROWS || rc == CEP_USAGE)
		return;
	snprintf(msg, sizeof(msg), "status %d: %s", rc, db->err);
	fail(what, msg);
}

/* "%opts t=regions d=; e=ISO-8859-1" */
static size_t
parse_opts(const char *data, size_t size, struct import_options *opt,
    char *table, size_t tablesz, char *enc, size_t encsz)
{
	const char *p, *end, *nl;
	char word[64];
	size_t n;

	memset(opt, 0, sizeof(*opt));
	if (size < 6 || memcmp(data, "%opts", 5) != 0)
		return 0;
	nl = memchr(data, '\n', size);
	end = nl ? nl : data + size;
	for (p = data + 5; p < end; ) {
		while (p < end && *p == ' ')
			p++;
		if (end - p >= 3 && p[1] == '=') {
			char key = p[0];

			p += 2;
			if (key == 'd') {
				char d = *p++;

				if (d != '"' && d != '\r' && d != '\0')
					opt->delimiter = d;
				continue;
			}
			for (n = 0; p + n < end && p[n] != ' '; n++)
				;
			if (key == 't' && n < tablesz && n < sizeof(word)) {
				memcpy(word, p, n);
				word[n] = '\0';
				/* importer_new trusts its caller, as main does:
				 * only the names --table accepts */
				if (table_lookup(word) != -1) {
					memcpy(table, word, n + 1);
					opt->table = table;
				}
			} else if (key == 'e' && n > 0 && n < encsz &&
			    memchr(p, '\0', n) == NULL) {
				memcpy(enc, p, n);
				enc[n] = '\0';
				opt->encoding = enc;
			}
			p += n;
		} else {
			while (p < end && *p != ' ')
				p++;
		}
	}
	return nl ? (size_t)(nl - data) + 1 : size;
}

static const char *
memfind(const char *hay, size_t n, const char *needle, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i++)
		if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0)
			return hay + i;
	return NULL;
}

/* Up to MAX_FILES pieces; the last takes the rest. */
static int
split(const char *data, size_t size, const char **part, size_t *len)
{
	const char *p = data, *s;
	size_t left = size;
	int n = 0;

	while (n < MAX_FILES - 1 &&
	    (s = memfind(p, left, SEP, sizeof(SEP) - 1)) != NULL) {
		part[n] = p;
		len[n++] = (size_t)(s - p) + 1;	/* keep the line end */
		left -= (size_t)(s - p) + sizeof(SEP) - 1;
		p = s + sizeof(SEP) - 1;
	}
	part[n] = p;
	len[n++] = left;
	return n;
}

/* Up to max values of one column, for the lookups. */
static int
sample(sqlite3 *sql, const char *query, char out[][64], int max)
{
	sqlite3_stmt *st = NULL;
	int n = 0;

	if (sqlite3_prepare_v2(sql, query, -1, &st, NULL) != SQLITE_OK)
		fail("sampling", sqlite3_errmsg(sql));
	sqlite3_bind_int(st, 1, max);
	while (n < max && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);

		snprintf(out[n++], 64, "%s", v ? (const char *)v : "");
	}
	sqlite3_finalize(st);
	return n;
}

/* check over the coverage's whole span up to day */
static int
run_check(struct cep_db *db, struct out *o, int to)
{
	struct check ck = { db, o, DAY_OPEN_FROM, to, 0 };

	return check_run(&ck);
}

static void
lookups(struct cep_db *db, size_t size)
{
	static const char *const qs[] = {
		"SELECT code FROM regions LIMIT ?1",
		"SELECT name FROM regions LIMIT ?1",
		"SELECT aliases FROM regions WHERE aliases IS NOT NULL LIMIT ?1",
		"SELECT insee FROM communes LIMIT ?1",
		"SELECT postcode FROM communes LIMIT ?1",
		"SELECT name FROM communes LIMIT ?1",
		"SELECT code FROM departments LIMIT ?1",
		"SELECT id FROM operators LIMIT ?1",
		"SELECT name FROM operators LIMIT ?1",
		"SELECT substr(name, 1, 3) FROM operators LIMIT ?1",
	};
	struct out o;
	struct query q;
	char v[2][64], days[3][64];
	int nd, i, k, n, rc;

	memset(&o, 0, sizeof(o));
	o.fp = devnull;
	o.format = (enum out_format)(size % 5);
	o.header = (size & 8) == 0;
	o.excel = o.format == FMT_CSV && (size & 16);
	memset(&q, 0, sizeof(q));
	q.db = db;
	q.out = &o;
	q.note = ignore_note;
	q.public = (int)(size % 7) - 1;	/* -1 (every public) .. 5 */
	if (q.public >= PUBLIC_COUNT)
		q.public = -1;
	nd = sample(db->sql, "SELECT valid_from FROM coverage WHERE"
	    " valid_from > -1000000 UNION SELECT valid_to FROM coverage"
	    " WHERE valid_to < 3000000 LIMIT ?1", days, 2);
	snprintf(days[nd++], 64, "%d", date_from_ymd(2024, 6, 1));
	for (k = 0; k < nd; k++) {
		q.on = atoi(days[k]);
		expect_status("on", query_on(&q), db);
		expect_status("regions", query_regions(&q, k & 1), db);
		expect_status("operators", query_operators(&q, !(k & 1)), db);
		if (k > 0) {
			int a = atoi(days[k - 1]), b = q.on;

			expect_status("changes", query_changes(&q,
			    a < b ? a : b, a < b ? b : a, NULL), db);
		}
	}
	/* names and codes of the data, on the first day */
	q.on = atoi(days[0]);
	for (i = 0; i < (int)(sizeof(qs) / sizeof(qs[0])); i++) {
		n = sample(db->sql, qs[i], v, 2);
		while (n-- > 0) {
			if (i <= 2) {
				expect_status("region", query_region(&q, v[n]),
				    db);
				expect_status("history",
				    query_history(&q, v[n]), db);
			} else if (i <= 6)
				expect_status("where", query_where(&q, v[n]),
				    db);
			else
				expect_status("operator",
				    query_operator(&q, v[n]), db);
		}
	}
	expect_status("changes", query_changes(&q, date_from_ymd(1, 1, 1),
	    date_from_ymd(9999, 12, 31), NULL), db);

	rc = run_check(db, &o, date_from_ymd(2030, 1, 1));
	expect_status("check", rc, db);
}

/* check on an accepted store: gaps and overlaps, never "integrity". */
static void
check_integrity(struct cep_db *db)
{
	struct out o;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int rc;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		fail("open_memstream", NULL);
	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.format = FMT_CSV;
	o.header = 1;
	rc = run_check(db, &o, DAY_OPEN_TO - 1);
	fclose(fp);
	expect_status("check", rc, db);
	if ((len >= 10 && memcmp(buf, "integrity,", 10) == 0) ||
	    memfind(buf, len, "\nintegrity,", 11) != NULL) {
		fprintf(stderr, "%s", buf);
		fail("check finds integrity problems in a store import "
		    "accepted", NULL);
	}
	free(buf);
}

struct exported {
	char *buf[T_COUNT];
	size_t len[T_COUNT];
};

static void
export_all(struct cep_db *db, int excel, struct exported *e)
{
	FILE *fp;
	int t, rc;

	for (t = 0; t < T_COUNT; t++) {
		e->buf[t] = NULL;
		if ((fp = open_memstream(&e->buf[t], &e->len[t])) == NULL)
			fail("open_memstream", NULL);
		rc = export_table(db->sql, t, fp, excel, db->err,
		    sizeof(db->err));
		fclose(fp);
		if (rc != CEP_OK)
			fail("export", db->err);
	}
}

static void
exported_free(struct exported *e)
{
	int t;

	for (t = 0; t < T_COUNT; t++)
		free(e->buf[t]);
}

/*
 * export, import the export, export again: the same bytes. With excel the
 * export imported is the --excel one (';', CRLF, BOM), compared with the
 * plain export.
 */
static void
round_trip(struct cep_db *db, int excel)
{
	struct exported a, b, x;
	struct cep_db db2;
	struct import_options opt;
	struct sink_state ss = { .verbose = 1 };
	struct import_sink sink = { .ctx = &ss, .problem = sink_problem,
	    .warning = sink_warning };
	struct import_result res;
	struct importer *imp;
	char name[32];
	int t, rc;

	export_all(db, 0, &a);
	if (excel)
		export_all(db, 1, &x);
	else
		x = a;
	if (db_open_memory(&db2) != CEP_OK)
		fail("db_open_memory", db2.err);
	memset(&opt, 0, sizeof(opt));
	if ((imp = importer_new(db2.sql, &opt, &sink)) == NULL)
		fail("importer_new", NULL);
	for (t = 0; t < T_COUNT; t++) {
		snprintf(name, sizeof(name), "%s.csv", table_name(t));
		importer_add_buffer(imp, name, x.buf[t], x.len[t]);
	}
	rc = importer_finish(imp, &res);
	if (rc != CEP_OK || ss.problems > 0) {
		for (t = 0; t < T_COUNT; t++)
			fprintf(stderr, "--- %s.csv\n%.*s", table_name(t),
			    (int)x.len[t], x.buf[t]);
		fail(excel ? "the --excel export does not import back" :
		    "the export does not import back", importer_error(imp));
	}
	importer_free(imp);
	export_all(&db2, 0, &b);
	for (t = 0; t < T_COUNT; t++)
		if (a.len[t] != b.len[t] ||
		    memcmp(a.buf[t], b.buf[t], a.len[t]) != 0) {
			fprintf(stderr, "--- first export of %s\n%.*s"
			    "--- second export\n%.*s", table_name(t),
			    (int)a.len[t], a.buf[t], (int)b.len[t], b.buf[t]);
			fail(excel ? "export --excel, import, export differs "
			    "from export" : "export, import, export changes "
			    "the bytes", table_name(t));
		}
	exported_free(&a);
	exported_free(&b);
	if (excel)
		exported_free(&x);
	db_close(&db2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *part[MAX_FILES];
	size_t len[MAX_FILES], skip;
	struct import_options opt;
	struct sink_state ss = { .verbose = 0 };
	struct import_sink sink = { .ctx = &ss, .problem = sink_problem,
	    .warning = sink_warning };
	struct import_result res;
	struct importer *imp;
	struct cep_db db;
	char table[32], enc[32], name[16];
	int n, i, rc;

	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		fail("cannot open /dev/null", NULL);
	skip = parse_opts(in, size, &opt, table, sizeof(table), enc,
	    sizeof(enc));
	if (db_open_memory(&db) != CEP_OK)
		fail("db_open_memory", db.err);
	if ((imp = importer_new(db.sql, &opt, &sink)) == NULL)
		fail("importer_new", NULL);
	n = split(in + skip, size - skip, part, len);
	for (i = 0; i < n; i++) {
		/* a copy of its exact size, so ASan sees any overread */
		char *copy = malloc(len[i] ? len[i] : 1);

		if (copy == NULL)
			fail("out of memory", NULL);
		memcpy(copy, part[i], len[i]);
		snprintf(name, sizeof(name), "f%d.csv", i + 1);
		rc = importer_add_buffer(imp, name, copy, len[i]);
		free(copy);
		if (rc != CEP_OK)
			break;
	}
	rc = importer_finish(imp, &res);
	importer_free(imp);
	if (rc == CEP_OK) {
		if (res.problems != 0 || ss.problems != 0)
			fail("import accepted with problems", NULL);
		lookups(&db, size);
		check_integrity(&db);
		round_trip(&db, (int)(size & 1));
	}
	db_close(&db);
	return 0;
}
