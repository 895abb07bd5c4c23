/*
 * cepdir library: the store, the CSV import, dates, names and queries.
 * Nothing here prints or exits; functions return a status and leave the
 * message on their handle (the pattern of sqlite3_errmsg).
 */
#ifndef CEPDIR_H
#define CEPDIR_H

#include <stddef.h>
#include <stdio.h>

#include <sqlite3.h>

#define CEPDIR_VERSION "1.0.0"

/* Statuses are the exit codes of the contract, so main can return them. */
enum cep_status {
	CEP_OK = 0,		/* rows found, or nothing to report */
	CEP_NOROWS = 1,		/* a valid lookup found nothing; check found problems */
	CEP_USAGE = 2,		/* bad command line, unknown or ambiguous name */
	CEP_DATAERR = 65,	/* import rejected */
	CEP_NOINPUT = 66,	/* input file or database cannot be opened */
	CEP_SOFTWARE = 70,	/* internal error */
	CEP_IOERR = 74		/* I/O error */
};

/* ---- date.c: dates are day numbers (days since 1970-01-01) ---- */

/* Open ends of a period, beyond every representable date (0001..9999). */
#define DAY_OPEN_FROM (-1000000)
#define DAY_OPEN_TO 3000000
#define DATE_BUFSZ 11
/* The open ends as SQL literals (partial indexes must match them). */
#define CEP_STR2(x) #x
#define CEP_STR(x) CEP_STR2(x)
#define SQL_OPEN_FROM CEP_STR(DAY_OPEN_FROM)
#define SQL_OPEN_TO CEP_STR(DAY_OPEN_TO)

/* A date of a file (import): YYYY-MM-DD or DD/MM/YYYY. 0, or -1 when
 * it is not one of them or the day does not exist. */
int date_parse(const char *s, size_t len, int *day);
/* A date as a person types it (the command line, annotate's dates): the
 * forms of date_parse, YYYY-M-D, D/M/YYYY, DD.MM.YYYY, and today,
 * yesterday, aujourd'hui, hier (any case) counted from the day today.
 * 0, or -1 as date_parse. */
int date_parse_user(const char *s, size_t len, int today, int *day);
void date_format(int day, char buf[DATE_BUFSZ]);
int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);
int date_today(void);

/* ---- key.c: the coverage key (column rk, index coverage_key) ---- */

/*
 * rk = ((region * 2 + band) << KEY_DAY_BITS) + (valid_from - DAY_OPEN_FROM).
 * region: 0 for `*`, 1 + NN for a two-digit code, 101 + NNN for three
 * digits. band: open-ended mandates apart, so that those in force on a day
 * are one range of the key, and the closed ones another (no closed mandate
 * is longer than meta.max_span days).
 */
#define KEY_DAY_BITS 22		/* DAY_OPEN_TO - DAY_OPEN_FROM < 2^22 */
#define KEY_CLOSED 0
#define KEY_OPEN_END 1
/* The same value in SQL, for rows copied from another store. */
#define SQL_COVERAGE_KEY \
    "(((CASE WHEN region = '*' THEN 0 WHEN length(region) = 2 THEN 1" \
    " ELSE 101 END + CAST(region AS INTEGER)) * 2 + (valid_to = " \
    SQL_OPEN_TO ")) * 4194304 + valid_from - (" SQL_OPEN_FROM "))"

/* The start day of a key, in SQL: lookups read it from the index. */
#define SQL_KEY_FROM(rk) "((" rk ") % 4194304 + (" SQL_OPEN_FROM "))"

/* -1 if code is not a region code or `*` */
int key_region(const char *code, size_t len);
/* The key of a start day (clamped to the open ends) in a region's band. */
long long key_at(int region, int band, int day);
long long coverage_key(const char *region, size_t len, int from, int to);
/* The earliest start of a closed mandate still in force on day (span:
 * meta.max_span), after the open start, which has its own key. */
int key_earliest_start(int day, int span);

struct key_range {
	long long lo, hi;
};
#define KEY_RANGES_MAX 6
/* The ranges of a region's mandates, the national ones (`*`) included:
 * those that may be in force on day (span: meta.max_span), or begun by it. */
size_t key_ranges_on(const char *code, size_t len, int day, int span,
    struct key_range r[KEY_RANGES_MAX]);
size_t key_ranges_until(const char *code, size_t len, int day,
    struct key_range r[KEY_RANGES_MAX]);

/* ---- names.c: folding for matching, publics ---- */

/* Folds a UTF-8 name to [a-z0-9]: case, accents, spaces, hyphens and
 * apostrophes go. Returns the folded length (out is always terminated). */
size_t name_fold(const char *in, size_t len, char *out, size_t outsz);
/* Levenshtein distance, capped: returns cap + 1 when it is larger. */
int name_distance(const char *a, const char *b, int cap);

#define PUBLIC_COUNT 5
/* Accepts the English ids, and the French words when french is set. */
int public_parse(const char *s, int french);
const char *public_id(int p);
/* A public as a person reads it, in the user's language: the id in
 * English ("employed"), "salariés" in French. */
const char *public_label(int p);

/* ---- csvread.c: RFC 4180 reading over libcsv ---- */

struct csv_source {
	const char *name;	/* for messages */
	int fd;			/* a file, read twice (encoding, then rows)... */
	const char *mem;	/* ...or a buffer in memory (fd < 0) */
	size_t memlen;
};

/* A record as it was read (in UTF-8): its bytes, line end included,
 * and the blank lines before it. Valid during the row callback. */
struct csv_raw {
	char *s;
	size_t n, cap;
};

struct csv_options {
	char delimiter;		/* 0: detect ',', ';' or a tab from the header
				 * line */
	const char *encoding;	/* NULL: UTF-8, else Windows-1252 */
	size_t max_field;	/* longest field accepted, in bytes */
	struct csv_raw *raw;	/* non-NULL: keep each record's bytes */
};

struct csv_info {
	char delimiter;
	int bom;		/* the file began with a UTF-8 BOM */
	char encoding[32];
	long bad_utf8_line;	/* first line that was not UTF-8, if detected */
	long lines;		/* physical lines read */
};

/* Called for each record (the header first). Fields are NUL-terminated
 * and trimmed; lens give their lengths. Return non-zero to stop. */
typedef int (*csv_row_fn)(void *ctx, long line, size_t n, char **fields,
    const size_t *lens);
/* Called for each structural problem of the file. */
typedef void (*csv_problem_fn)(void *ctx, long line, const char *msg);

int csv_read(const struct csv_source *src, const struct csv_options *opt,
    csv_row_fn row, csv_problem_fn problem, void *ctx, struct csv_info *info,
    char *err, size_t errsz);

/* spool.c: an input that cannot be read twice (a pipe, a device) copied
 * to an unlinked temporary file in $TMPDIR (else /tmp), into *out; the
 * error in err. CEP_SOFTWARE when out of memory. */
int csv_spool(int fd, int *out, char *err, size_t errsz);

/* ---- table.c: the tables of the store ---- */

enum table_id { T_REGIONS, T_DEPARTMENTS, T_COMMUNES, T_OPERATORS,
    T_COVERAGE, T_FORMER_COMMUNES, T_TERRITORIES, T_COUNT };

const char *table_name(int t);
/* A table by name (any case), or -1. */
int table_lookup(const char *name);

/* ---- db.c: the store, its statements, and opening it ---- */

#define SCHEMA_VERSION 3
/* The oldest store that import can rewrite (version 1: no coverage key). */
#define SCHEMA_OLDEST 1

struct cep_db {
	sqlite3 *sql;
	char label[512];	/* the file, or "built-in data" */
	char err[1024];
	char *more;		/* lines that follow err (a list of every
				 * candidate), or NULL; freed by db_close */
};

/* Opens a database file: CEP_OK, or the status of the failure (66 it
 * cannot be opened, 74 reading it failed, 70 out of memory), told in err. */
int db_open_file(const char *path, int flags, sqlite3 **sql, char *err,
    size_t errsz);
/* Each returns CEP_OK, or a status with the message in db->err. */
int db_fail(struct cep_db *db, const char *what);	/* SQLite's error */
int db_nomem(struct cep_db *db);			/* "out of memory" */
int db_prepare(struct cep_db *db, const char *sql, sqlite3_stmt **st,
    const char *what);
/* The verdict on a statement's run, whether its rows were all read or
 * not: sqlite3_reset (the statement may run again) or sqlite3_finalize
 * return the error of its last step. */
int db_rewind(struct cep_db *db, sqlite3_stmt *st, const char *what);
int db_end(struct cep_db *db, sqlite3_stmt *st, const char *what);
int db_exec(struct cep_db *db, const char *sql, const char *what);
/* The day its import dated the data; CEP_NOROWS when it is not known. */
int db_data_date(struct cep_db *db, int *day);

/* path NULL: the dataset built into the program. */
int db_open_read(struct cep_db *db, const char *path);
int db_open_memory(struct cep_db *db);
void db_close(struct cep_db *db);
int db_create_schema(sqlite3 *sql, char *err, size_t errsz);
/* Every index but coverage_key, then that one. */
int db_create_indexes(sqlite3 *sql, char *err, size_t errsz);
int db_create_key_index(sqlite3 *sql, char *err, size_t errsz);
int db_check_version(sqlite3 *sql, const char *schema, int oldest,
    char *err, size_t errsz);
int db_set_error(char *err, size_t errsz, sqlite3 *sql, const char *what);

/* The database image linked into the program (empty when built without). */
extern const unsigned char cepdir_builtin_db[];
extern const unsigned long cepdir_builtin_db_size;

/* ---- the import: validated, atomic loading (importer.c, import-*.c,
 * store.c) ---- */

struct import_options {
	const char *table;	/* force this table for every file */
	char delimiter;
	const char *encoding;
	int dry_run;
	int append;
	int date;		/* the day the data is dated (meta
				 * "imported"); 0: not stored */
};

/* Problems and warnings are handed to the front end to print. */
struct import_sink {
	void *ctx;
	/* file, line (0: whole file), column ("-": the row or file) */
	void (*problem)(void *ctx, const char *file, long line,
	    const char *column, const char *msg);
	void (*warning)(void *ctx, const char *file, const char *msg);
	/* Progress; may be NULL. stage NULL: rows read so far, while they
	 * stream in; then the name of each later stage as it starts, with
	 * all the rows read ("building indexes", "checking coverage"...). */
	void (*progress)(void *ctx, const char *stage, long rows);
	/* The file being built (NULL once renamed or removed), so that an
	 * interrupted front end can remove it; may be NULL. */
	void (*building)(void *ctx, const char *path);
	/* problems in English (for a machine format), not in the user's
	 * language */
	int english;
};

struct import_result {
	long problems;
	int imported[T_COUNT];	/* tables that the input named */
	long rows[T_COUNT];	/* rows in each table after the import */
};

/* store.c: validates every file and replaces dbpath atomically (a new
 * file renamed over the old). dbpath NULL with dry_run: checks against an
 * empty store. */
int import_run(const char *dbpath, char *const *paths, int npaths,
    const struct import_options *opt, const struct import_sink *sink,
    struct import_result *res, char *err, size_t errsz);

/* importer.c, import-source.c, import-finish.c: the same validation on
 * an open database (used by the fuzzer and the unit tests): loads buffers
 * or files into it, then checks what needs every row. */
struct importer;
struct importer *importer_new(sqlite3 *sql, const struct import_options *opt,
    const struct import_sink *sink);
int importer_add_file(struct importer *imp, const char *path);
int importer_add_buffer(struct importer *imp, const char *name,
    const char *buf, size_t len);
int importer_finish(struct importer *imp, struct import_result *res);
const char *importer_error(struct importer *imp);
void importer_free(struct importer *imp);

/* import-check.c: the reference checks of import, over a finished store
 * (cepdir check): rows are named LABEL#TABLE:N. */
int import_check_store(sqlite3 *sql, const char *label,
    const struct import_sink *sink, char *err, size_t errsz);

/* ---- export.c: tables back to CSV in the import format ---- */
/* excel: ';', CRLF and a byte order mark, for spreadsheets */
int export_table(sqlite3 *sql, int table, FILE *out, int excel, char *err,
    size_t errsz);

/* ---- output.c, output-table.c, output-html.c: the formats ---- */

enum out_format { FMT_TABLE, FMT_CSV, FMT_TSV, FMT_JSON, FMT_NDJSON,
    FMT_HTML, FMT_COUNT };

/* What a column holds. The table format may shorten text to fit the
 * terminal, never a code, an id or a date. */
enum out_kind { OUT_CODE, OUT_ID, OUT_DATE, OUT_PUBLIC, OUT_TEXT };

struct out_col {
	const char *name;
	enum out_kind kind;
};

#define OUT_MAXCOLS 32

/* A row as the lookup made it: every column, whatever -c chose. */
typedef int (*out_tap_fn)(void *ctx, const struct out_col *cols,
    const char *const *cells);

/* What the html page says around its rows; set by the caller. */
struct out_page {
	/* the question, for the title; "%s" marks where the place goes,
	 * which the rows may name better than it was typed, by their column
	 * place_column ("35000": "Rennes (35000)"), or by the row whose
	 * column place_code holds it ("53": "Bretagne (53)") */
	const char *title;
	const char *place;
	const char *place_column, *place_code;
	/* the footer: the day the data is dated (when dated is set), and
	 * the database file (NULL: the data built into the program) */
	int dated, date;
	const char *database;
	/* a picture above the table (history: its timeline), or NULL */
	int (*figure)(void *ctx, FILE *fp);
	void *figure_ctx;
	/* the lookup's notes (out_note), shown on the page */
	char **notes;
	size_t nnotes, capnotes;
	int failed;		/* a note was lost for want of memory */
};

struct out {
	/* set by the caller */
	FILE *fp;
	enum out_format format;
	int header;
	int excel;
	size_t width;		/* table: no line wider, 0: no limit */
	const char *const *select;	/* the columns to show, in order,
					 * NULL-terminated; NULL: every one */
	/* table: the label of a column and of a public; NULL: as it is */
	const char *(*label)(const char *column);
	const char *(*public_label)(const char *id);
	/* every row is also handed to tap when it is set; fp NULL: only to
	 * tap, nothing is written */
	out_tap_fn tap;
	void *tap_ctx;
	struct out_page page;
	/* set by out_begin */
	size_t ncols;
	const struct out_col *cols;
	size_t nshow;
	size_t show[OUT_MAXCOLS];	/* the columns shown, in order */
	long rows;
	/* table and html keep the rows (the cells shown) to lay them out */
	char **cells;
	size_t ncells, capcells;
};

int out_parse_format(const char *s);
const char *out_format_name(int format);
/* JSON and NDJSON show an absent value as null. */
int out_is_json(const struct out *o);
/* Table and html are for a person to read, in the user's language; the
 * other formats are the same bytes in every language. */
int out_is_human(const struct out *o);
/* cols: ended by a NULL name. */
void out_begin(struct out *o, const struct out_col *cols);
/* NULL cells are absent values: "" in text formats, null in JSON.
 * out_row and out_end return CEP_OK, CEP_IOERR (a write failed) or
 * CEP_SOFTWARE (out of memory: the table format keeps its rows). */
int out_row(struct out *o, const char *const *cells);
int out_end(struct out *o);
/* The message of such a failure, in err; returns rc. */
int out_fail(int rc, char *err, size_t errsz);
/* A note of the lookup: the html page shows it (other formats keep
 * nothing). out_free frees what the page kept. */
void out_note(struct out *o, const char *msg);
void out_free(struct out *o);
int out_has_column(const struct out_col *cols, const char *name);
size_t display_width(const char *s);
/* One CSV field, quoted when it must be (the export). */
void out_csv_field(FILE *fp, const char *s, char delim);

/* ---- the lookups (query-*.c; rows.c, walk.c, resolve.c) ---- */

#define QUERY_TOLD 64

struct query {
	struct cep_db *db;
	int on;			/* the date asked */
	int public;		/* -1: every public */
	int gaps;		/* a row for each region and public without a
				 * mandate on the date */
	int all;		/* operator: its whole history */
	struct out *out;
	/* notes for stderr, in the user's language (a region followed to
	 * its successor, a gap in the data...), each told once */
	void (*note)(void *ctx, const char *msg);
	/* where -: a line that found nothing, and why */
	void (*bad_line)(void *ctx, long line, const char *msg);
	void *ctx;
	unsigned long told[QUERY_TOLD];
	size_t ntold;
};

/* A name resolution failure is CEP_USAGE with the message in db->err. */
int query_region(struct query *q, const char *region);
int query_where(struct query *q, const char *place);
/* A place a line of in; CEP_NOROWS when a line found no mandate (each
 * told through q->bad_line). */
int query_where_batch(struct query *q, FILE *in);
int query_operator(struct query *q, const char *op);
int query_on(struct query *q);
int query_history(struct query *q, const char *region);
/* region NULL: every region */
int query_changes(struct query *q, int from, int to, const char *region);
int query_regions(struct query *q, int all);
int query_operators(struct query *q, int all);
int query_departments(struct query *q, int all);

/* annotate: a CSV of people written back to out, each row with the
 * cep_ columns of its operators (annotate.c). */
struct annotate_spec {
	const char *place;		/* the columns named by --place, */
	const char *date;		/* --date (NULL: q->on) */
	const char *public_column;	/* and --public-column (NULL: q->public) */
	int bom;			/* a BOM even if the input has none */
	void (*progress)(void *ctx, long rows);	/* now and then, q->ctx */
};

struct annotate_stats {
	long rows, unanswered;	/* rows read; without an operator */
};

/* CEP_OK when every row got an operator, CEP_NOROWS otherwise (a record
 * the reader refused told through q->bad_line), CEP_USAGE for a column
 * the header lacks (db->err names the nearest), or an error. */
int annotate_run(struct query *q, const struct csv_source *src,
    const struct annotate_spec *spec, FILE *out,
    struct annotate_stats *stats);

/* The columns of each kind of result, for -c. */
extern const struct out_col query_mandate_columns[], query_where_columns[],
    query_where_batch_columns[],
    query_changes_columns[], query_regions_columns[],
    query_operators_columns[], query_departments_columns[],
    check_columns[];

/* The SQL of every lookup, so a test can check their query plans. */
struct query_sql {
	const char *name;
	const char *sql;
};
extern const struct query_sql query_sql_list[];

/* ---- timeline.c, timeline-svg.c: a region's history as a picture ---- */
struct timeline;

struct timeline *timeline_new(void);
void timeline_free(struct timeline *t);
/* Taps (struct out) for the rows of `regions --all` and of `history`,
 * read by column name: CEP_OK, or CEP_SOFTWARE out of memory. */
int timeline_region(void *t, const struct out_col *cols,
    const char *const *cells);
int timeline_mandate(void *t, const struct out_col *cols,
    const char *const *cells);

struct timeline_view {
	int on;			/* the day asked, drawn as a line */
	int public;		/* its lane alone, or -1: one per public */
	const char *place;	/* the region asked, named when it has no
				 * mandate to name it */
	const char *(*public_label)(const char *id);	/* NULL: the id */
	const struct out_page *source;	/* the data's date and origin */
	int embedded;		/* inside a page: no XML declaration */
};

/* Lays the rows out and writes an SVG 1.1 picture: CEP_OK, CEP_IOERR or
 * CEP_SOFTWARE (out of memory). */
int timeline_svg(struct timeline *t, const struct timeline_view *v,
    FILE *fp);

/* ---- check.c: gaps and overlaps of the coverage ---- */
struct check {
	struct cep_db *db;
	struct out *out;
	int from, to;		/* the window; from DAY_OPEN_FROM: from the
				 * first start day of the coverage */
	int no_start;		/* set when the coverage has no start day to
				 * begin the window with (CEP_USAGE) */
};

int check_run(struct check *ck);

/* ---- text.c ---- */
/* A value as a message shows it: quoted, control bytes escaped, cut. */
char *quote_value(const char *s, size_t len, char *buf, size_t bufsz);
/* The same in the user's language, whose quotes may take more room (« »
 * in French): QUOTE_BUFSZ bytes leave room for them. */
#define QUOTE_BUFSZ 96
char *quote_local(const char *s, size_t len, char *buf, size_t bufsz);

#endif
