/*
 * Loading and validating CSV files into an open store. Each row is checked
 * on its own as it streams in (codes, dates, kinds); what needs the whole
 * data (overlapping periods, references) is checked afterwards with one
 * sorted pass or one SQL statement per rule, never a query per row.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cepdir.h"
#include "import-int.h"

#define MAX_FIELD (16 * 1024 * 1024)

enum ctype { C_TEXT, C_REGION, C_REGION_OR_ALL, C_DEPT, C_INSEE, C_POSTCODE,
    C_OPID, C_REGION_KIND, C_OPERATOR_KIND, C_PUBLIC, C_DATE, C_ALIASES };

struct coldef {
	const char *name;
	int required;
	enum ctype type;
};

#define MAX_COLS 9

struct tabledef {
	const char *insert;
	int ncols;
	struct coldef cols[MAX_COLS];
	int fold_col;		/* the name to fold, -1 if none */
	int from_col, to_col;	/* -1 if the table has no period */
};

/* Columns in the contract's order: required, then optional. */
static const struct tabledef tables[T_COUNT] = {
	[T_REGIONS] = {
	    "INSERT INTO regions(code, name, kind, valid_from, valid_to,"
	    " successor, aliases, fold, file, line)"
	    " VALUES(?,?,?,?,?,?,?,?,?,?)", 7, {
		{ "code", 1, C_REGION }, { "name", 1, C_TEXT },
		{ "kind", 1, C_REGION_KIND }, { "valid_from", 0, C_DATE },
		{ "valid_to", 0, C_DATE }, { "successor", 0, C_REGION },
		{ "aliases", 0, C_ALIASES } }, 1, 3, 4 },
	[T_DEPARTMENTS] = {
	    "INSERT INTO departments(code, name, region, valid_from,"
	    " valid_to, file, line) VALUES(?,?,?,?,?,?,?)", 5, {
		{ "code", 1, C_DEPT }, { "name", 1, C_TEXT },
		{ "region", 1, C_REGION }, { "valid_from", 0, C_DATE },
		{ "valid_to", 0, C_DATE } }, -1, 3, 4 },
	[T_COMMUNES] = {
	    "INSERT INTO communes(insee, name, department, postcode, fold,"
	    " file, line) VALUES(?,?,?,?,?,?,?)", 4, {
		{ "insee", 1, C_INSEE }, { "name", 1, C_TEXT },
		{ "department", 1, C_DEPT }, { "postcode", 1, C_POSTCODE } },
	    1, -1, -1 },
	[T_OPERATORS] = {
	    "INSERT INTO operators(id, name, kind, website, phone,"
	    " valid_from, valid_to, successor, source, fold, file, line)"
	    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", 9, {
		{ "id", 1, C_OPID }, { "name", 1, C_TEXT },
		{ "kind", 1, C_OPERATOR_KIND }, { "website", 0, C_TEXT },
		{ "phone", 0, C_TEXT }, { "valid_from", 0, C_DATE },
		{ "valid_to", 0, C_DATE }, { "successor", 0, C_OPID },
		{ "source", 0, C_TEXT } }, 1, 5, 6 },
	[T_COVERAGE] = {
	    "INSERT INTO coverage(operator, region, public, valid_from,"
	    " valid_to, source, file, line, rk) VALUES(?,?,?,?,?,?,?,?,?)", 6, {
		{ "operator", 1, C_OPID }, { "region", 1, C_REGION_OR_ALL },
		{ "public", 1, C_PUBLIC }, { "valid_from", 0, C_DATE },
		{ "valid_to", 0, C_DATE }, { "source", 0, C_TEXT } },
	    -1, 3, 4 },
};

/* The table whose key a column of this type holds, or -1. */
static int
type_target(enum ctype type)
{
	switch (type) {
	case C_REGION:
	case C_REGION_OR_ALL:
		return T_REGIONS;
	case C_DEPT:
		return T_DEPARTMENTS;
	case C_OPID:
		return T_OPERATORS;
	default:
		return -1;
	}
}

/* Column c of table t names a row of another table (or another row of
 * its own): that table, or -1. The first column of a table it can name
 * is that table's key. */
static int
ref_target(int t, int c)
{
	int target = type_target(tables[t].cols[c].type);

	return c == 0 && target == t ? -1 : target;
}

/* State of the file being read. */
struct loadfile {
	const char *name;
	int fileid;
	int table;		/* -1 until the header is read */
	int skip;		/* the header is unusable: ignore the rest */
	size_t nheader;
	int map[MAX_FIELDS_HEADER];	/* header field -> column, -1 unknown */
	char *header_fold;	/* the header line, to spot it repeated */
};

void
importer_problem(struct importer *imp, const char *file, long line,
    const char *col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	imp->problems++;
	if (imp->sink.problem != NULL)
		imp->sink.problem(imp->sink.ctx, file, line, col, msg);
}

/*
 * Tells the front end of the stage under way. SQLite also calls this now
 * and then during a long statement (an index build, a check), so that
 * the front end can show a stage once its delay has passed. Not while
 * rows are read: the reader thread is counting them then.
 */
static int
tell_stage(void *arg)
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
	tell_stage(imp);
}

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

struct importer *
importer_new(sqlite3 *sql, const struct import_options *opt,
    const struct import_sink *sink)
{
	struct importer *imp;
	int t;

	if ((imp = calloc(1, sizeof(*imp))) == NULL)
		return NULL;
	imp->sql = sql;
	imp->opt = *opt;
	if (sink != NULL)
		imp->sink = *sink;
	imp->copied_coverage_file = -1;
	for (t = 0; t < T_COUNT; t++) {
		if (sqlite3_prepare_v2(sql, tables[t].insert, -1, &imp->ins[t],
		    NULL) != SQLITE_OK) {
			importer_sql_fail(imp, "preparing the import");
			return imp;
		}
	}
	if (imp->sink.progress != NULL)
		sqlite3_progress_handler(sql, 1 << 17, tell_stage, imp);
	if (sqlite3_exec(sql, "CREATE TEMP TABLE rejected_refs(target INTEGER,"
	    " col TEXT, value TEXT, file INTEGER, line INTEGER)", NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_prepare_v2(sql, "INSERT INTO"
	    " rejected_refs VALUES(?,?,?,?,?)", -1, &imp->ins[T_REJECTED_REF],
	    NULL) != SQLITE_OK) {
		importer_sql_fail(imp, "preparing the import");
		return imp;
	}
	if (sqlite3_exec(sql, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		importer_sql_fail(imp, "starting the import");
		return imp;
	}
	imp->in_tx = 1;
	return imp;
}

const char *
importer_error(struct importer *imp)
{
	return imp->err;
}

int
importer_add_name(struct importer *imp, const char *name)
{
	char **f;

	if ((f = realloc(imp->files, (imp->nfiles + 1) * sizeof(*f))) == NULL)
		return -1;
	imp->files = f;
	if ((f[imp->nfiles] = strdup(name)) == NULL)
		return -1;
	return (int)imp->nfiles++;
}

const char *
importer_file_name(struct importer *imp, int id)
{
	return id >= 0 && (size_t)id < imp->nfiles ? imp->files[id] : "database";
}

/* A row's place in its table, counted from 1 in rowid (export) order. */
static long
row_position(struct importer *imp, int table, long rowid)
{
	sqlite3_stmt *st = NULL;
	char q[96];
	long n = rowid;

	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM %s WHERE rowid <= ?1",
	    table_names[table]);
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
	    table_names[table]);
	*name = imp->where;
	*at = row_position(imp, table, rowid);
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
	/* the connection may serve another importer */
	sqlite3_progress_handler(imp->sql, 0, NULL, NULL);
	sqlite3_exec(imp->sql, "DROP TABLE IF EXISTS temp.rejected_refs", NULL,
	    NULL, NULL);
	for (i = 0; i < imp->nfiles; i++)
		free(imp->files[i]);
	free(imp->files);
	for (i = 0; i < imp->nrefused; i++)
		free(imp->refused[i].value);
	free(imp->refused);
	free(imp);
}

/* ---- header ---- */

static int
column_index(int t, const char *name)
{
	int c;

	for (c = 0; c < tables[t].ncols; c++)
		if (strcmp(tables[t].cols[c].name, name) == 0)
			return c;
	return -1;
}

/* Lower case, trimmed column names: "Valid_From " is valid_from. */
static void
column_key(const char *s, size_t len, char *out, size_t outsz)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 1 < outsz; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[o++] = c;
	}
	out[o] = '\0';
}

/* The table whose required columns the header holds; else -1 and the
 * nearest table (most columns in common) in *nearest. */
static int
recognise(char keys[][64], size_t n, int *nearest)
{
	int t, best = -1, bestscore = -1, found = -1, c;
	size_t i;

	for (t = 0; t < T_COUNT; t++) {
		int req = 0, have = 0, known = 0;

		for (c = 0; c < tables[t].ncols; c++) {
			int present = 0;

			for (i = 0; i < n; i++)
				if (strcmp(keys[i], tables[t].cols[c].name) ==
				    0)
					present = 1;
			if (tables[t].cols[c].required) {
				req++;
				have += present;
			}
			known += present;
		}
		if (have == req && found == -1)
			found = t;
		/* several tables may fit: prefer the one that knows most */
		else if (have == req && known > (int)n / 2 &&
		    known > bestscore) {
			found = t;
		}
		if (known > bestscore) {
			bestscore = known;
			best = t;
		}
	}
	*nearest = best;
	return found;
}

static const char *
nearest_column(int t, const char *name)
{
	const char *best = NULL;
	int c, d, bestd = 4;

	for (c = 0; c < tables[t].ncols; c++) {
		d = name_distance(name, tables[t].cols[c].name, 3);
		if (d < bestd) {
			bestd = d;
			best = tables[t].cols[c].name;
		}
	}
	return best;
}

/*
 * "operator, region, ...", for a hint: the columns of table t, or with
 * keys (the header's n columns), the required ones that it lacks.
 */
static const char *
column_list(int t, char (*keys)[64], size_t n, char *buf, size_t bufsz)
{
	const struct coldef *cd;
	size_t i, len = 0;
	int c, w;

	buf[0] = '\0';
	for (c = 0; c < tables[t].ncols && len < bufsz; c++) {
		cd = &tables[t].cols[c];
		for (i = 0; keys != NULL && i < n; i++)
			if (strcmp(keys[i], cd->name) == 0)
				break;
		if (keys != NULL && (!cd->required || i < n))
			continue;
		w = snprintf(buf + len, bufsz - len, "%s%s", len ? ", " : "",
		    cd->name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return buf;
}

static int
read_header(struct importer *imp, struct loadfile *lf, long line, size_t n,
    char **fields, const size_t *lens)
{
	char (*keys)[64];
	char list[256], q[64];
	size_t i, j;
	int t, nearest, c, ok = 1;

	if (n > MAX_FIELDS_HEADER) {
		importer_problem(imp, lf->name, line, "-", "the header has %zu columns;"
		    " no table has more than %d", n, MAX_COLS);
		return -1;
	}
	if ((keys = calloc(n, sizeof(*keys))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		column_key(fields[i], lens[i], keys[i], sizeof(keys[i]));
	if (imp->opt.table != NULL)
		t = table_lookup(imp->opt.table);
	else if ((t = recognise(keys, n, &nearest)) == -1) {
		importer_problem(imp, lf->name, line, "-", "the header matches no "
		    "table; nearest is %s, which needs the column(s) %s",
		    table_names[nearest], column_list(nearest, keys, n, list,
		    sizeof(list)));
		free(keys);
		return -1;
	}
	lf->table = t;
	lf->nheader = n;
	for (i = 0; i < n; i++) {
		lf->map[i] = column_index(t, keys[i]);
		if (keys[i][0] == '\0') {
			importer_problem(imp, lf->name, line, "-", "column %zu of the "
			    "header is empty", i + 1);
			ok = 0;
		} else if (lf->map[i] == -1) {
			const char *hint = nearest_column(t, keys[i]);

			quote_value(fields[i], lens[i], q, sizeof(q));
			if (hint != NULL)
				importer_problem(imp, lf->name, line, keys[i],
				    "unknown column %s in %s (did you mean "
				    "%s?)", q, table_names[t], hint);
			else
				importer_problem(imp, lf->name, line, keys[i],
				    "unknown column %s in %s (its columns: %s)",
				    q, table_names[t], column_list(t, NULL, 0,
				    list, sizeof(list)));
			ok = 0;
		}
		for (j = 0; j < i; j++)
			if (lf->map[i] != -1 && lf->map[j] == lf->map[i]) {
				importer_problem(imp, lf->name, line, keys[i],
				    "duplicated column (also column %zu)",
				    j + 1);
				ok = 0;
			}
	}
	for (c = 0; c < tables[t].ncols; c++) {
		if (!tables[t].cols[c].required)
			continue;
		for (i = 0; i < n; i++)
			if (lf->map[i] == c)
				break;
		if (i == n) {
			importer_problem(imp, lf->name, line, tables[t].cols[c].name,
			    "missing required column of %s", table_names[t]);
			ok = 0;
		}
	}
	free(keys);
	return ok ? 0 : -1;
}

/* ---- values ---- */

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
valid_dept(const char *s, size_t n)
{
	if (n == 2)
		return all_digits(s, 2) || (s[0] == '2' && (s[1] == 'A' ||
		    s[1] == 'B'));
	return n == 3 && s[0] == '9' && (s[1] == '7' || s[1] == '8') &&
	    all_digits(s + 2, 1);
}

static int
valid_insee(const char *s, size_t n)
{
	if (n != 5)
		return 0;
	if (all_digits(s, 5))
		return 1;
	return s[0] == '2' && (s[1] == 'A' || s[1] == 'B') &&
	    all_digits(s + 2, 3);
}

static int
valid_opid(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || all_digits(s + i, 1) ||
		    s[i] == '-'))
			return 0;
	return 1;
}

/* Text values: no control bytes but tab and line ends, no stray BOM. */
static const char *
text_problem(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return "control character in the value";
		if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbb &&
		    (unsigned char)s[i + 2] == 0xbf)
			return "byte order mark (U+FEFF) inside the value";
	}
	return NULL;
}

static int
lower_word(const char *s, size_t n, const char *const *words, char *out,
    size_t outsz)
{
	size_t i;

	if (n + 1 > outsz)
		return -1;
	for (i = 0; i < n; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' :
		    s[i]);
	out[n] = '\0';
	for (i = 0; words[i] != NULL; i++)
		if (strcmp(out, words[i]) == 0)
			return 0;
	return -1;
}

static const char *const region_kinds[] = { "metro", "drom", "com", NULL };
static const char *const operator_kinds[] = { "national", "regional", NULL };
static const char *const public_words[] = { "jobseekers", "executives",
    "youth", "disabled", "employed", NULL };

struct rowvals {
	const char *s[MAX_COLS];
	size_t len[MAX_COLS];
	int day[MAX_COLS];
	int pub;
	char word[MAX_COLS][16];
};

/* Checks one value; returns 0, or -1 after reporting the problem. */
static int
check_value(struct importer *imp, struct loadfile *lf, long line, int c,
    struct rowvals *v)
{
	const struct coldef *cd = &tables[lf->table].cols[c];
	const char *s = v->s[c], *why;
	size_t n = v->len[c];
	char q[64];

#define Q quote_value(s, n, q, sizeof(q))	/* only when reporting */
	if (n == 0) {
		if (cd->required) {
			importer_problem(imp, lf->name, line, cd->name, "empty value");
			return -1;
		}
		if (cd->type == C_DATE)
			v->day[c] = c == tables[lf->table].from_col ?
			    DAY_OPEN_FROM : DAY_OPEN_TO;
		return 0;
	}
	if ((why = text_problem(s, n)) != NULL) {
		importer_problem(imp, lf->name, line, cd->name, "%s", why);
		return -1;
	}
	switch (cd->type) {
	case C_TEXT:
	case C_ALIASES:
		return 0;
	case C_REGION_OR_ALL:
		if (n == 1 && s[0] == '*')
			return 0;
		/* FALLTHROUGH */
	case C_REGION:
		if ((n == 2 || n == 3) && all_digits(s, n))
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid region code "
		    "%s (2 or 3 digits%s)", Q, cd->type == C_REGION_OR_ALL ?
		    ", or * for every region" : "");
		return -1;
	case C_DEPT:
		if (valid_dept(s, n))
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid department "
		    "code %s (2 digits, 2A, 2B, or 97x/98x)", Q);
		return -1;
	case C_INSEE:
		if (valid_insee(s, n))
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid INSEE code %s "
		    "(5 digits, or 2A/2B and 3 digits)", Q);
		return -1;
	case C_POSTCODE:
		if (n == 5 && all_digits(s, 5))
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid postcode %s "
		    "(5 digits)", Q);
		return -1;
	case C_OPID:
		if (valid_opid(s, n))
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid operator id "
		    "%s (lower-case letters, digits and hyphens)", Q);
		return -1;
	case C_REGION_KIND:
		if (lower_word(s, n, region_kinds, v->word[c],
		    sizeof(v->word[c])) == 0)
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid kind %s "
		    "(metro, drom or com)", Q);
		return -1;
	case C_OPERATOR_KIND:
		if (lower_word(s, n, operator_kinds, v->word[c],
		    sizeof(v->word[c])) == 0)
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid kind %s "
		    "(national or regional)", Q);
		return -1;
	case C_PUBLIC:
		/* files hold the ids as they are (any case), not folded */
		if (lower_word(s, n, public_words, v->word[c],
		    sizeof(v->word[c])) == 0) {
			v->pub = public_parse(v->word[c], 0);
			return 0;
		}
		/* a French word, for which the command line would do */
		if (n < 32 && public_parse(s, 0) < 0 &&
		    (v->pub = public_parse(s, 1)) >= 0)
			importer_problem(imp, lf->name, line, cd->name, "invalid public "
			    "%s: files use the English ids (here %s)", Q,
			    public_id(v->pub));
		else
			importer_problem(imp, lf->name, line, cd->name, "invalid public "
			    "%s (jobseekers, executives, youth, disabled or "
			    "employed)", Q);
		return -1;
	case C_DATE:
		if (date_parse(s, n, &v->day[c]) == 0)
			return 0;
		importer_problem(imp, lf->name, line, cd->name, "invalid date %s "
		    "(YYYY-MM-DD or DD/MM/YYYY, a day that exists)", Q);
		return -1;
	}
	return 0;
}
#undef Q

/* A text value of a queued row, copied into its batch. */
static int
queue_text(struct importer *imp, struct batch *b, struct qval *q,
    const char *s, size_t len)
{
	q->type = QV_TEXT;
	q->len = len;
	if (batch_copy(b, s, len, &q->off) == 0)
		return 0;
	snprintf(imp->err, sizeof(imp->err), "out of memory");
	imp->status = CEP_SOFTWARE;
	return -1;
}

static void
queue_int(struct qval *q, long long i)
{
	q->type = QV_INT;
	q->i = i;
}

/* A queued row is complete: a full batch goes to be stored. */
static int
queue_done(struct importer *imp, struct batch *b)
{
	return ++b->nrows == BATCH_ROWS ? pipeline_push(imp->pipe) : 0;
}

/* Queues a checked row: the values of its INSERT, copied. */
static int
queue_row(struct importer *imp, struct loadfile *lf, long line,
    struct rowvals *v, const int *present)
{
	const struct tabledef *td = &tables[lf->table];
	struct batch *b = pipeline_batch(imp->pipe);
	struct qrow *r = &b->rows[b->nrows];
	char foldbuf[512];
	const char *text;
	size_t len;
	int c, k = 0;

	r->table = lf->table;
	for (c = 0; c <= td->ncols; c++, k++) {
		enum ctype ty = c < td->ncols ? td->cols[c].type : C_TEXT;

		if (c == td->ncols) {
			/* the folded name, for tables that match names */
			if (td->fold_col < 0)
				break;
			len = name_fold(v->s[td->fold_col],
			    v->len[td->fold_col], foldbuf, sizeof(foldbuf));
			text = foldbuf;
			if (len >= sizeof(foldbuf))
				len = sizeof(foldbuf) - 1;
		} else if (ty == C_DATE || ty == C_PUBLIC) {
			queue_int(&r->v[k], ty == C_DATE ? v->day[c] : v->pub);
			continue;
		} else if (ty == C_REGION_KIND || ty == C_OPERATOR_KIND) {
			text = v->word[c];
			len = strlen(text);
		} else if (!present[c] || v->len[c] == 0) {
			r->v[k].type = QV_NULL;
			continue;
		} else {
			text = v->s[c];
			len = v->len[c];
		}
		if (queue_text(imp, b, &r->v[k], text, len) == -1)
			return -1;
	}
	queue_int(&r->v[k++], lf->fileid);
	queue_int(&r->v[k++], line);
	if (lf->table == T_COVERAGE)
		queue_int(&r->v[k++], coverage_key(v->s[1], v->len[1],
		    v->day[3], v->day[4]));
	r->nvals = k;
	return queue_done(imp, b);
}

/* Stores a batch (in the importer's thread: SQLite is used from one). */
static int
store_batch(void *ctx, struct batch *b)
{
	struct importer *imp = ctx;
	sqlite3_stmt *st;
	struct qrow *r;
	size_t i;
	int k;

	for (i = 0; i < b->nrows; i++) {
		r = &b->rows[i];
		st = imp->ins[r->table];
		for (k = 0; k < r->nvals; k++) {
			if (r->v[k].type == QV_INT)
				sqlite3_bind_int64(st, k + 1, r->v[k].i);
			else if (r->v[k].type == QV_TEXT)
				sqlite3_bind_text(st, k + 1, b->arena +
				    r->v[k].off, (int)r->v[k].len,
				    SQLITE_STATIC);
			else
				sqlite3_bind_null(st, k + 1);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			return importer_sql_fail(imp, "storing a row");
		}
		sqlite3_reset(st);
	}
	return 0;
}

static int
cmp_refused(const void *a, const void *b)
{
	const struct refused_key *x = a, *y = b;

	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Does a refused row of table have this key? (after importer_finish
 * has sorted them) */
int
importer_refused(const struct importer *imp, int table, const char *value)
{
	struct refused_key k = { table, (char *)(uintptr_t)value };

	return imp->nrefused > 0 && bsearch(&k, imp->refused, imp->nrefused,
	    sizeof(k), cmp_refused) != NULL;
}

/* Keeps a refused row's key, if valid in itself (up to a bound: past it,
 * some rows may be told of a key that a refused row has). */
static int
keep_refused_key(struct importer *imp, struct loadfile *lf,
    const struct rowvals *v, const int *valid)
{
	struct refused_key *k;

	if (type_target(tables[lf->table].cols[0].type) != lf->table ||
	    !valid[0] || v->len[0] == 0 || imp->nrefused == REFUSED_KEYS_MAX)
		return 0;
	if (imp->nrefused == imp->caprefused) {
		size_t cap = imp->caprefused ? imp->caprefused * 2 : 64;

		if ((k = reallocarray(imp->refused, cap, sizeof(*k))) == NULL)
			goto nomem;
		imp->refused = k;
		imp->caprefused = cap;
	}
	k = &imp->refused[imp->nrefused];
	k->table = lf->table;
	if ((k->value = strndup(v->s[0], v->len[0])) == NULL)
		goto nomem;
	imp->nrefused++;
	return 0;
nomem:
	snprintf(imp->err, sizeof(imp->err), "out of memory");
	imp->status = CEP_SOFTWARE;
	return -1;
}

/*
 * A refused row's references whose values are valid in themselves: kept
 * aside, so that the reference checks also say when they name nothing.
 */
static int
queue_rejected_refs(struct importer *imp, struct loadfile *lf, long line,
    const struct rowvals *v, const int *valid)
{
	const struct coldef *cd;
	struct batch *b;
	struct qrow *r;
	int c, target;

	for (c = 0; c < tables[lf->table].ncols; c++) {
		cd = &tables[lf->table].cols[c];
		if ((target = ref_target(lf->table, c)) == -1 || !valid[c] ||
		    v->len[c] == 0 || (v->len[c] == 1 && v->s[c][0] == '*'))
			continue;
		b = pipeline_batch(imp->pipe);
		r = &b->rows[b->nrows];
		r->table = T_REJECTED_REF;
		r->nvals = 5;
		queue_int(&r->v[0], target);
		queue_int(&r->v[3], lf->fileid);
		queue_int(&r->v[4], line);
		if (queue_text(imp, b, &r->v[1], cd->name,
		    strlen(cd->name)) == -1 ||
		    queue_text(imp, b, &r->v[2], v->s[c], v->len[c]) == -1)
			return -1;
		imp->rejected_refs++;
		if (queue_done(imp, b) == -1)
			return -1;
	}
	return 0;
}

static int
row_cb(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct import_file_ctx *fc = ctx;
	struct importer *imp = fc->imp;
	struct loadfile *lf = fc->lf;
	struct rowvals v;
	int present[MAX_COLS] = { 0 }, valid[MAX_COLS], c, bad = 0;
	size_t i, nonempty = 0;
	const struct tabledef *td;

	if (lf->skip)
		return 1;
	if (lf->table < 0) {
		if (read_header(imp, lf, line, n, fields, lens) == -1) {
			lf->skip = 1;
			return 1;
		}
		return 0;
	}
	for (i = 0; i < n; i++)
		nonempty += lens[i] > 0;
	if (nonempty == 0)
		return 0;	/* a row of separators, as spreadsheets write */
	if (n != lf->nheader) {
		importer_problem(imp, lf->name, line, "-", "%zu field%s, the header has "
		    "%zu", n, n == 1 ? "" : "s", lf->nheader);
		return 0;
	}
	td = &tables[lf->table];
	memset(&v, 0, sizeof(v));
	for (i = 0; i < n; i++) {
		c = lf->map[i];
		v.s[c] = fields[i];
		v.len[c] = lens[i];
		present[c] = 1;
	}
	/* the header again, as when files are pasted together */
	for (i = 0; i < n; i++)
		if (lens[i] != strlen(td->cols[lf->map[i]].name) ||
		    strncasecmp(fields[i], td->cols[lf->map[i]].name,
		    lens[i]) != 0)
			break;
	if (i == n) {
		importer_problem(imp, lf->name, line, "-", "the header is repeated");
		return 0;
	}
	for (c = 0; c < td->ncols; c++) {
		if (!present[c]) {
			v.s[c] = "";
			v.len[c] = 0;
		}
		valid[c] = check_value(imp, lf, line, c, &v) == 0;
		bad |= !valid[c];
	}
	if (!bad && td->from_col >= 0 &&
	    v.day[td->from_col] > v.day[td->to_col]) {
		importer_problem(imp, lf->name, line, "-", "valid_from %.*s is after "
		    "valid_to %.*s", (int)v.len[td->from_col],
		    v.s[td->from_col], (int)v.len[td->to_col], v.s[td->to_col]);
		bad = 1;
	}
	if (bad)
		return keep_refused_key(imp, lf, &v, valid) == -1 ||
		    queue_rejected_refs(imp, lf, line, &v, valid) == -1;
	if (lf->table == T_COVERAGE && v.day[3] > DAY_OPEN_FROM &&
	    v.day[4] < DAY_OPEN_TO && v.day[4] - v.day[3] > imp->span)
		imp->span = v.day[4] - v.day[3];
	if (queue_row(imp, lf, line, &v, present) == -1)
		return 1;
	imp->rows_read++;
	if (imp->sink.progress != NULL && (imp->rows_read & 0xffff) == 0)
		imp->sink.progress(imp->sink.ctx, NULL, imp->rows_read);
	return 0;
}

static void
csv_problem(void *ctx, long line, const char *msg)
{
	struct import_file_ctx *fc = ctx;

	importer_problem(fc->imp, fc->lf->name, line, "-", "%s", msg);
}

/* The reading of one file, as the producer of a pipeline. */
struct read_job {
	const struct csv_source *src;
	const struct csv_options *co;
	struct import_file_ctx *fc;
	struct csv_info *info;
	char *err;
	size_t errsz;
	int rc;
};

static void *
read_job(void *arg)
{
	struct read_job *j = arg;

	j->rc = csv_read(j->src, j->co, row_cb, csv_problem, j->fc, j->info,
	    j->err, j->errsz);
	return NULL;
}

/* Files of more than 256 KiB are parsed in a thread of their own while
 * this one stores their rows (an import of 25,000 operators gains). */
static int
big_file(const struct csv_source *src)
{
	struct stat sb;

	return src->fd >= 0 && fstat(src->fd, &sb) == 0 &&
	    sb.st_size > 256 * 1024;
}

static int
add_source(struct importer *imp, const char *name, struct csv_source *src)
{
	struct loadfile *lf;
	struct import_file_ctx fc;
	struct read_job job;
	long before = imp->problems;
	struct csv_options co;
	struct csv_info info;
	char err[256], msg[160];
	int rc;

	if (imp->status != CEP_OK)
		return imp->status;
	imp->stage = NULL;	/* rows again, counted by the reader */
	if ((lf = calloc(1, sizeof(*lf))) == NULL) {
		snprintf(imp->err, sizeof(imp->err), "out of memory");
		return imp->status = CEP_SOFTWARE;
	}
	lf->name = name;
	lf->table = -1;
	if ((lf->fileid = importer_add_name(imp, name)) == -1) {
		free(lf);
		snprintf(imp->err, sizeof(imp->err), "out of memory");
		return imp->status = CEP_SOFTWARE;
	}
	memset(&co, 0, sizeof(co));
	co.delimiter = imp->opt.delimiter;
	co.encoding = imp->opt.encoding;
	co.max_field = MAX_FIELD;
	fc.imp = imp;
	fc.lf = lf;
	job.src = src;
	job.co = &co;
	job.fc = &fc;
	job.info = &info;
	job.err = err;
	job.errsz = sizeof(err);
	job.rc = CEP_OK;
	if ((imp->pipe = pipeline_new(big_file(src), store_batch, imp)) ==
	    NULL) {
		free(lf);
		snprintf(imp->err, sizeof(imp->err), "out of memory");
		return imp->status = CEP_SOFTWARE;
	}
	if (pipeline_run(imp->pipe, read_job, &job) == -1 &&
	    imp->status == CEP_OK)
		imp->status = CEP_SOFTWARE;
	pipeline_free(imp->pipe);
	imp->pipe = NULL;
	rc = job.rc;
	if (rc != CEP_OK && imp->status == CEP_OK) {
		snprintf(imp->err, sizeof(imp->err), "%s: %s", name, err);
		imp->status = rc;
	}
	if (imp->status == CEP_OK && info.bad_utf8_line > 0 &&
	    imp->sink.warning != NULL) {
		snprintf(msg, sizeof(msg), "not UTF-8 (line %ld); read as "
		    "Windows-1252", info.bad_utf8_line);
		imp->sink.warning(imp->sink.ctx, name, msg);
	}
	if (imp->status == CEP_OK && lf->table < 0 && !lf->skip &&
	    imp->problems == before)
		importer_problem(imp, name, 1, "-", "empty file: no header");
	/* a refused header names no table: the old one stays for the checks */
	if (lf->table >= 0 && !lf->skip)
		imp->imported[lf->table] = 1;
	free(lf);
	return imp->status;
}

/* A pipe or a device cannot be read twice: it is read into memory. */
static int
add_unseekable(struct importer *imp, const char *path, int fd)
{
	char *buf = NULL, *nb;
	size_t len = 0, cap = 0;
	ssize_t got;
	int rc;

	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64 * 1024;
			if ((nb = realloc(buf, cap)) == NULL) {
				free(buf);
				snprintf(imp->err, sizeof(imp->err), "%s: out of "
				    "memory", path);
				return imp->status = CEP_SOFTWARE;
			}
			buf = nb;
		}
		if ((got = read(fd, buf + len, cap - len)) == 0)
			break;
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1) {
			free(buf);
			snprintf(imp->err, sizeof(imp->err), "cannot read %s: %s",
			    path, strerror(errno));
			return imp->status = CEP_IOERR;
		}
		len += (size_t)got;
	}
	rc = importer_add_buffer(imp, path, buf, len);
	free(buf);
	return rc;
}

int
importer_add_file(struct importer *imp, const char *path)
{
	struct csv_source src;
	struct stat sb;
	int fd, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(imp->err, sizeof(imp->err), "cannot open %s: %s",
		    path, strerror(errno));
		return imp->status = CEP_NOINPUT;
	}
	if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		rc = add_unseekable(imp, path, fd);
		close(fd);
		return rc;
	}
	memset(&src, 0, sizeof(src));
	src.name = path;
	src.fd = fd;
	rc = add_source(imp, path, &src);
	close(fd);
	return rc;
}

int
importer_add_buffer(struct importer *imp, const char *name, const char *buf,
    size_t len)
{
	struct csv_source src;

	memset(&src, 0, sizeof(src));
	src.name = name;
	src.fd = -1;
	src.mem = buf;
	src.memlen = len;
	return add_source(imp, name, &src);
}

/* Did the input name this table? */
int
importer_loaded(struct importer *imp, int t)
{
	return imp->imported[t];
}

static int
fill_aliases(struct importer *imp)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	const char *a, *e;
	char f[128];
	int rc = -1;

	if (sqlite3_exec(imp->sql, "DELETE FROM region_aliases", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "SELECT code, aliases FROM regions "
	    "WHERE aliases IS NOT NULL", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(imp->sql, "INSERT INTO region_aliases(fold, "
	    "code) VALUES(?, ?)", -1, &ins, NULL) != SQLITE_OK)
		goto out;
	while (sqlite3_step(sel) == SQLITE_ROW) {
		a = (const char *)sqlite3_column_text(sel, 1);
		while (a != NULL && *a != '\0') {
			while (*a == ' ' || *a == '\t')
				a++;
			for (e = a; *e != '\0' && *e != ' ' && *e != '\t'; e++)
				;
			if (e > a && name_fold(a, (size_t)(e - a), f,
			    sizeof(f)) > 0) {
				sqlite3_bind_text(ins, 1, f, -1,
				    SQLITE_TRANSIENT);
				sqlite3_bind_text(ins, 2, (const char *)
				    sqlite3_column_text(sel, 0), -1,
				    SQLITE_TRANSIENT);
				if (sqlite3_step(ins) != SQLITE_DONE)
					goto out;
				sqlite3_reset(ins);
			}
			a = e;
		}
	}
	rc = 0;
out:
	if (rc == -1)
		importer_sql_fail(imp, "storing the region aliases");
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return rc;
}

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
		importer_sql_fail(imp, "storing the mandate span");
	sqlite3_finalize(st);
	return rc;
}

static long
count_rows(struct importer *imp, int t)
{
	sqlite3_stmt *st = NULL;
	char q[64];
	long n = -1;

	snprintf(q, sizeof(q), "SELECT COUNT(*) FROM %s", table_names[t]);
	if (sqlite3_prepare_v2(imp->sql, q, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* coverage_key, built while the coverage checks run beside it */
struct key_index_job {
	sqlite3 *sql;
	int rc;
	char err[1024];
};

static int
key_index_failed(struct importer *imp, const struct key_index_job *j)
{
	snprintf(imp->err, sizeof(imp->err), "%s", j->err);
	imp->status = j->rc;
	return -1;
}

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
			return importer_sql_fail(imp, "checking coverage");
		if (import_check_coverage_alongside(imp, imp->path,
		    build_key_index, &j) == -1 && imp->status != CEP_OK)
			return -1;
	} else {
		if (checks && import_check_coverage(imp, imp->sql) == -1)
			return -1;
		build_key_index(&j);
	}
	/* the checks' failures are on imp already; the index's are in j */
	return j.rc == CEP_OK ? 0 : key_index_failed(imp, &j);
}

int
importer_finish(struct importer *imp, struct import_result *res)
{
	int t;

	memset(res, 0, sizeof(*res));
	if (imp->status != CEP_OK)
		return imp->status;
	if (imp->nrefused > 0)
		qsort(imp->refused, imp->nrefused, sizeof(*imp->refused),
		    cmp_refused);
	importer_stage(imp, "building indexes");
	if (db_create_indexes(imp->sql, imp->err, sizeof(imp->err)) !=
	    CEP_OK)
		return imp->status = CEP_SOFTWARE;
	if (fill_aliases(imp) == -1 || store_span(imp) == -1)
		return imp->status;
	importer_stage(imp, "checking overlaps and references");
	if (import_check_overlaps(imp) == -1 ||
	    import_check_references(imp) == -1)
		return imp->status;
	importer_stage(imp, "checking coverage");
	if (check_coverage_and_index(imp) == -1)
		return imp->status;
	for (t = 0; t < T_COUNT; t++) {
		res->imported[t] = imp->imported[t];
		res->rows[t] = count_rows(imp, t);
	}
	res->problems = imp->problems;
	if (imp->problems > 0)
		return CEP_DATAERR;
	if (sqlite3_exec(imp->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		importer_sql_fail(imp, "committing the import");
		return imp->status;
	}
	imp->in_tx = 0;
	return CEP_OK;
}
