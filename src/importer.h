/*
 * The importer, inside the library. importer.c is its core (lifecycle and
 * problem reporting), which every other part uses and which uses none of
 * them: import-rows.c checks and queues rows, import-source.c reads files,
 * pipeline.c carries rows to SQLite, import-check.c and import-coverage.c
 * check what needs all the rows, import-finish.c ends an import and
 * store.c replaces the database file.
 */
#ifndef IMPORTER_H
#define IMPORTER_H

#include <stdarg.h>

#include "i18n.h"
#include "table.h"

#define MAX_FIELDS_HEADER 64

/* The keys of refused rows (a region code, department code or operator
 * id that was valid itself): a row that names one is not told that it
 * names nothing, since the refusal of that row is what to mend. */
struct refused_key {
	int table;
	char *value;
};

#define REFUSED_KEYS_MAX 100000

/* The pseudo-table of the references that refused rows make: they are
 * checked too, so that one run reports every problem of the rows. */
#define T_REJECTED_REF T_COUNT

struct importer {
	sqlite3 *sql;
	struct import_options opt;
	struct import_sink sink;
	sqlite3_stmt *ins[T_COUNT + 1];	/* + rejected references */
	struct pipeline *pipe;	/* of the file being read */
	char **files;		/* file id -> name, for messages */
	size_t nfiles, capfiles;
	int imported[T_COUNT];
	int copied_coverage_file;	/* file id of copied coverage, or -1 */
	int in_tx;
	int status;
	int span;		/* longest closed coverage period, in days */
	long problems;
	long rows_read;
	const char *stage;	/* after the rows: the stage under way */
	long rejected_refs;	/* references of refused rows, kept */
	struct refused_key *refused;	/* sorted once the rows are read */
	size_t nrefused, caprefused;
	const char *store_label;	/* a finished store: rows are named
					 * LABEL#TABLE:N */
	const char *path;	/* the file being built, or NULL (memory) */
	char where[1024];
	char err[1024];
};

/* ---- importer.c: the core ---- */

/* An importer over a finished store, to run the checks (cepdir check):
 * nothing is loaded, every table counts as imported. */
struct importer *importer_open_store(sqlite3 *sql, const char *label,
    const struct import_sink *sink);
/* Did the input name table t? */
int importer_loaded(struct importer *imp, int t);
int importer_add_name(struct importer *imp, const char *name);
const char *importer_file_name(struct importer *imp, int id);
void importer_where(struct importer *imp, int table, int file, long line,
    long rowid, const char **name, long *at);
/* A problem of the data; fmt (marked N_) is translated unless the sink
 * asks for English. */
void importer_problem(struct importer *imp, const char *file, long line,
    const char *col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A message of a problem in the sink's language: msgid translated, or
 * not; and a value quoted as it quotes. */
const char *importer_tr(const struct importer *imp, const char *msgid);
char *importer_quote(const struct importer *imp, const char *s, size_t len,
    char *buf, size_t bufsz);
void importer_stage(struct importer *imp, const char *stage);
/* Tells the stage under way again: SQLite's progress handler. */
int importer_tell_stage(void *imp);
/* Failures: set the importer's status and message; return -1. */
int importer_sql_fail(struct importer *imp, const char *what);
int importer_db_fail(struct importer *imp, sqlite3 *sql, const char *what);
int importer_nomem(struct importer *imp);
/* The failure of an SQLite call whose error code is all that is left. */
int importer_code_fail(struct importer *imp, int code, const char *what);
/* Refused rows' keys: kept while reading, sorted, then looked up. */
int importer_keep_refused(struct importer *imp, int table, const char *value,
    size_t len);
void importer_sort_refused(struct importer *imp);
int importer_refused(const struct importer *imp, int table,
    const char *value);
/* A reference of a row (FILE:LINE: COLUMN) to a row of table that does
 * not exist (exists 0), or not over the whole period from..to. */
void import_reference_problem(struct importer *imp, const char *file,
    long line, const char *column, int table, const char *value, int exists,
    int from, int to);
/* The other row of a pair: "line 12" in the same file, "other.csv:12"
 * in another. */
void import_other_row(const struct importer *imp, int file, int other_file,
    const char *other_name, long other_line, char *buf, size_t bufsz);

/* ---- pipeline.c: rows on their way to SQLite, in batches ---- */

enum qval_type { QV_NULL, QV_INT, QV_TEXT };

struct qval {
	int type;
	long long i;
	size_t off, len;	/* text: a slice of the batch's arena */
};

#define QROW_MAX (MAX_COLS + 4)
#define BATCH_ROWS 2048

/* A row to store: the values of its INSERT, in order. */
struct qrow {
	int table;
	int nvals;
	struct qval v[QROW_MAX];
};

struct batch {
	struct qrow *rows;
	size_t nrows;
	char *arena;
	size_t arenalen, arenacap;
};

typedef int (*pipeline_consume_fn)(void *ctx, struct batch *b);
struct pipeline;
struct pipeline *pipeline_new(int threaded, pipeline_consume_fn consume,
    void *ctx);
void pipeline_free(struct pipeline *p);
struct batch *pipeline_batch(struct pipeline *p);
int pipeline_push(struct pipeline *p);
int pipeline_run(struct pipeline *p, void *(*producer)(void *), void *arg);
int batch_copy(struct batch *b, const char *s, size_t n, size_t *off);

/* ---- import-rows.c: header, values, queued rows ---- */

/* The file being read. */
struct loadfile {
	const char *name;
	int fileid;
	int table;		/* -1 until the header is read */
	int skip;		/* the header is unusable: ignore the rest */
	size_t nheader;
	int map[MAX_FIELDS_HEADER];	/* header field -> column, -1 unknown */
	int from, to, fold;	/* columns of the table, or -1 */
};

struct import_file_ctx {
	struct importer *imp;
	struct loadfile *lf;
};

/* csv_read's callbacks for a file being imported (ctx: import_file_ctx) */
int import_row(void *ctx, long line, size_t n, char **fields,
    const size_t *lens);
void import_csv_problem(void *ctx, long line, const char *msg);
/* Stores a batch of queued rows: the pipeline's consumer. */
int import_store_batch(void *imp, struct batch *b);

/* ---- import-check.c and import-coverage.c: what needs every row ---- */

int import_check_overlaps(struct importer *imp);
int import_check_references(struct importer *imp);
int import_check_keys(struct importer *imp);
int import_check_coverage(struct importer *imp, sqlite3 *sql);
/* The coverage checks on a connection of their own to the file at path,
 * in a thread, while work(arg) runs in this one (it must not use imp). */
int import_check_coverage_alongside(struct importer *imp, const char *path,
    int (*work)(void *), void *arg);
/* Whether the coverage checks have anything new to look at. */
int import_coverage_touched(const struct importer *imp);

#endif
