/*
 * The importer's core: its lifecycle, the names of the files it reads,
 * and the reporting of problems, which the row checks and the checks over
 * every row share.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "mem.h"

static struct importer *
importer_alloc(sqlite3 *sql, const struct import_options *opt,
    const struct import_sink *sink)
{
	struct importer *imp;

	if ((imp = calloc(1, sizeof(*imp))) == NULL)
		return NULL;
	imp->sql = sql;
	if (opt != NULL)
		imp->opt = *opt;
	if (sink != NULL)
		imp->sink = *sink;
	imp->copied_coverage_file = -1;
	return imp;
}

struct importer *
importer_new(sqlite3 *sql, const struct import_options *opt,
    const struct import_sink *sink)
{
	struct importer *imp;
	char insert[TABLE_SQL_MAX];
	int t;

	if ((imp = importer_alloc(sql, opt, sink)) == NULL)
		return NULL;
	for (t = 0; t < T_COUNT; t++) {
		table_insert_sql(t, insert, sizeof(insert));
		if (sqlite3_prepare_v2(sql, insert, -1, &imp->ins[t], NULL) !=
		    SQLITE_OK) {
			importer_sql_fail(imp, N_("preparing the import"));
			return imp;
		}
	}
	if (imp->sink.progress != NULL)
		sqlite3_progress_handler(sql, 1 << 17, importer_tell_stage,
		    imp);
	if (sqlite3_exec(sql, "CREATE TEMP TABLE rejected_refs(target INTEGER,"
	    " col TEXT, value TEXT, file INTEGER, line INTEGER)", NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(sql, "INSERT INTO"
	    " rejected_refs VALUES(?,?,?,?,?)", -1, &imp->ins[T_REJECTED_REF],
	    NULL) != SQLITE_OK) {
		importer_sql_fail(imp, N_("preparing the import"));
		return imp;
	}
	if (sqlite3_exec(sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		importer_sql_fail(imp, N_("starting the import"));
		return imp;
	}
	imp->in_tx = 1;
	return imp;
}

struct importer *
importer_open_store(sqlite3 *sql, const char *label,
    const struct import_sink *sink)
{
	struct importer *imp;
	int t;

	if ((imp = importer_alloc(sql, NULL, sink)) == NULL)
		return NULL;
	imp->store_label = label;
	for (t = 0; t < T_COUNT; t++)
		imp->imported[t] = 1;
	return imp;
}

const char *
importer_error(struct importer *imp)
{
	return imp->err;
}

void
importer_free(struct importer *imp)
{
	size_t i;
	int t;

	if (imp == NULL)
		return;
	for (t = 0; t <= T_REJECTED_REF; t++)
		sqlite3_finalize(imp->ins[t]);
	if (imp->in_tx)
		sqlite3_exec(imp->sql, "ROLLBACK", NULL, NULL, NULL);
	if (imp->store_label == NULL) {
		/* the connection may serve another importer */
		sqlite3_progress_handler(imp->sql, 0, NULL, NULL);
		sqlite3_exec(imp->sql, "DROP TABLE IF EXISTS"
		    " temp.rejected_refs", NULL, NULL, NULL);
	}
	for (i = 0; i < imp->nfiles; i++)
		free(imp->files[i]);
	free(imp->files);
	for (i = 0; i < imp->nrefused; i++)
		free(imp->refused[i].value);
	free(imp->refused);
	free(imp);
}

/* Did the input name this table? */
int
importer_loaded(struct importer *imp, int t)
{
	return imp->imported[t];
}

/* ---- failures ---- */

int
importer_sql_fail(struct importer *imp, const char *what)
{
	return importer_db_fail(imp, imp->sql, what);
}

int
importer_db_fail(struct importer *imp, sqlite3 *sql, const char *what)
{
	imp->status = db_set_error(imp->err, sizeof(imp->err), sql, what);
	return -1;
}

int
importer_code_fail(struct importer *imp, int code, const char *what)
{
	if (code == SQLITE_NOMEM)
		return importer_nomem(imp);
	snprintf(imp->err, sizeof(imp->err), _("%s: %s"), _(what),
	    sqlite3_errstr(code));
	imp->status = (code & 0xff) == SQLITE_IOERR ||
	    (code & 0xff) == SQLITE_FULL ? CEP_IOERR : CEP_SOFTWARE;
	return -1;
}

int
importer_nomem(struct importer *imp)
{
	snprintf(imp->err, sizeof(imp->err), "%s", _("out of memory"));
	imp->status = CEP_SOFTWARE;
	return -1;
}

/* ---- files and rows, as messages name them ---- */

int
importer_add_name(struct importer *imp, const char *name)
{
	char **f, *s;

	if ((s = strdup(name)) == NULL)
		return -1;
	if ((f = grow(imp->files, &imp->capfiles, imp->nfiles + 1,
	    sizeof(*f))) == NULL) {
		free(s);
		return -1;
	}
	imp->files = f;
	f[imp->nfiles] = s;
	return (int)imp->nfiles++;
}

const char *
importer_file_name(struct importer *imp, int id)
{
	return id >= 0 && (size_t)id < imp->nfiles ? imp->files[id] :
	    "database";
}

/* A row's place in its table, counted from 1 in rowid (export) order. */
static long
row_position(struct importer *imp, int table, long rowid)
{
	sqlite3_stmt *st = NULL;
	char q[96];
	long n = rowid;

	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM %s WHERE rowid <= ?1",
	    table_name(table));
	if (sqlite3_prepare_v2(imp->sql, q, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, rowid);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

/* Where a stored row came from: FILE and LINE during an import; in a
 * finished store (check), LABEL#TABLE and the row's position. */
void
importer_where(struct importer *imp, int table, int file, long line,
    long rowid, const char **name, long *at)
{
	if (imp->store_label == NULL) {
		*name = importer_file_name(imp, file);
		*at = line;
		return;
	}
	snprintf(imp->where, sizeof(imp->where), "%s#%s", imp->store_label,
	    table_name(table));
	*name = imp->where;
	*at = row_position(imp, table, rowid);
}

const char *
importer_tr(const struct importer *imp, const char *msgid)
{
	return imp->sink.english ? msgid : _(msgid);
}

char *
importer_quote(const struct importer *imp, const char *s, size_t len,
    char *buf, size_t bufsz)
{
	if (imp->sink.english)
		return quote_value(s, len, buf, bufsz);
	return quote_local(s, len, buf, bufsz);
}

void
importer_problem(struct importer *imp, const char *file, long line,
    const char *col, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), importer_tr(imp, fmt), ap);
	va_end(ap);
	imp->problems++;
	if (imp->sink.problem != NULL)
		imp->sink.problem(imp->sink.ctx, file, line, col, msg);
}

void
import_other_row(const struct importer *imp, int file, int other_file,
    const char *other_name, long other_line, char *buf, size_t bufsz)
{
	if (file == other_file)
		snprintf(buf, bufsz, importer_tr(imp, N_("line %ld")),
		    other_line);
	else
		snprintf(buf, bufsz, "%s:%ld", other_name, other_line);
}

/* ---- progress ---- */

/*
 * Tells the front end of the stage under way. SQLite also calls this now
 * and then during a long statement (an index build, a check), so that
 * the front end can show a stage once its delay has passed. Not while
 * rows are read: the reader thread is counting them then.
 */
int
importer_tell_stage(void *arg)
{
	struct importer *imp = arg;

	if (imp->stage != NULL && imp->sink.progress != NULL)
		imp->sink.progress(imp->sink.ctx, imp->stage, imp->rows_read);
	return 0;
}

/* A later stage of the import starts. */
void
importer_stage(struct importer *imp, const char *stage)
{
	imp->stage = stage;
	importer_tell_stage(imp);
}

/* ---- refused rows' keys ---- */

static int
cmp_refused(const void *a, const void *b)
{
	const struct refused_key *x = a, *y = b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Keeps a refused row's key (up to a bound: past it, some rows may be
 * told of a key that a refused row has). */
int
importer_keep_refused(struct importer *imp, int table, const char *value,
    size_t len)
{
	struct refused_key *k;
	char *s;

	if (imp->nrefused == REFUSED_KEYS_MAX)
		return 0;
	if ((s = strndup(value, len)) == NULL)
		return importer_nomem(imp);
	if ((k = grow(imp->refused, &imp->caprefused, imp->nrefused + 1,
	    sizeof(*k))) == NULL) {
		free(s);
		return importer_nomem(imp);
	}
	imp->refused = k;
	k[imp->nrefused].table = table;
	k[imp->nrefused].value = s;
	imp->nrefused++;
	return 0;
}

void
importer_sort_refused(struct importer *imp)
{
	if (imp->nrefused > 1)
		qsort(imp->refused, imp->nrefused, sizeof(*imp->refused),
		    cmp_refused);
}

/* Does a refused row of table have this key? (once sorted) */
int
importer_refused(const struct importer *imp, int table, const char *value)
{
	struct refused_key k = { table, (char *)(uintptr_t)value };

	return imp->nrefused > 0 && bsearch(&k, imp->refused, imp->nrefused,
	    sizeof(k), cmp_refused) != NULL;
}

/* ---- references ---- */

static void
period_text(const struct importer *imp, int from, int to, char *buf,
    size_t bufsz)
{
	char f[DATE_BUFSZ], t[DATE_BUFSZ];

	date_format(from, f);
	date_format(to, t);
	/* TRANSLATORS: the period of a row, in a problem of the data */
	if (f[0] != '\0' && t[0] != '\0')
		snprintf(buf, bufsz, importer_tr(imp, N_("%s to %s")), f, t);
	else if (f[0] != '\0')
		snprintf(buf, bufsz, importer_tr(imp, N_("from %s on")), f);
	else if (t[0] != '\0')
		snprintf(buf, bufsz, importer_tr(imp, N_("until %s")), t);
	else
		snprintf(buf, bufsz, "%s", importer_tr(imp,
		    N_("with no start or end")));
}

/* Not told when a refused row has that key: that row's refusal is what
 * to mend. */
void
import_reference_problem(struct importer *imp, const char *file, long line,
    const char *column, int table, const char *value, int exists, int from,
    int to)
{
	char period[96], q[QUOTE_BUFSZ];

	if (exists) {
		period_text(imp, from, to, period, sizeof(period));
		importer_problem(imp, file, line, column,
		    tables[table].not_valid, value, period);
	} else if (!importer_refused(imp, table, value))
		importer_problem(imp, file, line, column, tables[table].unknown,
		    importer_quote(imp, value, strlen(value), q, sizeof(q)));
}
