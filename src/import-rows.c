/*
 * The rows of a file being imported: its header mapped to a table's
 * columns, each value checked on its own as it streams in (codes, dates,
 * kinds), and the checked rows queued for SQLite. What needs the whole
 * data (overlapping periods, references) is checked afterwards.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "importer.h"

/* ---- header ---- */

/* A header field as a column name, in lower case: "Valid_From" is
 * valid_from (the reader has trimmed the spaces around it). */
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
			if ((tables[t].cols[c].flags & COL_REQUIRED)) {
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
	const struct column *cd;
	size_t i, len = 0;
	int c, w;

	buf[0] = '\0';
	for (c = 0; c < tables[t].ncols && len < bufsz; c++) {
		cd = &tables[t].cols[c];
		for (i = 0; keys != NULL && i < n; i++)
			if (strcmp(keys[i], cd->name) == 0)
				break;
		if (keys != NULL && (!(cd->flags & COL_REQUIRED) || i < n))
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
widest_table(void)
{
	int t, n = 0;

	for (t = 0; t < T_COUNT; t++)
		if (tables[t].ncols > n)
			n = tables[t].ncols;
	return n;
}

static int
read_header(struct importer *imp, struct loadfile *lf, long line, size_t n,
    char **fields, const size_t *lens)
{
	char (*keys)[64];
	char list[256], q[QUOTE_BUFSZ];
	size_t i, j;
	int t, nearest, c, ok = 1;

	if (n > MAX_FIELDS_HEADER) {
		importer_problem(imp, lf->name, line, "-", N_("the header has "
		    "%zu columns; no table has more than %d"), n,
		    widest_table());
		return -1;
	}
	if ((keys = calloc(n, sizeof(*keys))) == NULL)
		return importer_nomem(imp);
	for (i = 0; i < n; i++)
		column_key(fields[i], lens[i], keys[i], sizeof(keys[i]));
	if (imp->opt.table != NULL)
		t = table_lookup(imp->opt.table);
	else if ((t = recognise(keys, n, &nearest)) == -1) {
		importer_problem(imp, lf->name, line, "-", N_("the header "
		    "matches no table; nearest is %s, which needs the "
		    "column(s) %s"),
		    table_name(nearest), column_list(nearest, keys, n, list,
		    sizeof(list)));
		free(keys);
		return -1;
	}
	lf->table = t;
	lf->nheader = n;
	lf->from = table_from(t);
	lf->to = table_to(t);
	lf->fold = table_fold(t);
	for (i = 0; i < n; i++) {
		lf->map[i] = table_column(t, keys[i]);
		if (keys[i][0] == '\0') {
			importer_problem(imp, lf->name, line, "-", N_("column "
			    "%zu of the header is empty"), i + 1);
			ok = 0;
		} else if (lf->map[i] == -1) {
			const char *hint = nearest_column(t, keys[i]);

			importer_quote(imp, fields[i], lens[i], q, sizeof(q));
			if (hint != NULL)
				importer_problem(imp, lf->name, line, keys[i],
				    N_("unknown column %s in %s (did you mean "
				    "%s?)"), q, table_name(t), hint);
			else
				importer_problem(imp, lf->name, line, keys[i],
				    N_("unknown column %s in %s (its columns: "
				    "%s)"), q, table_name(t), column_list(t,
				    NULL, 0, list, sizeof(list)));
			ok = 0;
		}
		for (j = 0; j < i; j++)
			if (lf->map[i] != -1 && lf->map[j] == lf->map[i]) {
				importer_problem(imp, lf->name, line, keys[i],
				    N_("duplicated column (also column %zu)"),
				    j + 1);
				ok = 0;
			}
	}
	for (c = 0; c < tables[t].ncols; c++) {
		if (!(tables[t].cols[c].flags & COL_REQUIRED))
			continue;
		for (i = 0; i < n; i++)
			if (lf->map[i] == c)
				break;
		if (i == n) {
			importer_problem(imp, lf->name, line,
			    tables[t].cols[c].name, N_("missing required "
			    "column of %s"), table_name(t));
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
			return N_("control character in the value");
		if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbb &&
		    (unsigned char)s[i + 2] == 0xbf)
			return N_("byte order mark (U+FEFF) inside the value");
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
static const char *const former_kinds[] = { "deleguee", "associee",
    "ancienne", NULL };
static const char *const public_words[] = { "jobseekers", "executives",
    "youth", "disabled", "employed", NULL };

struct rowvals {
	const char *s[MAX_COLS];
	size_t len[MAX_COLS];
	int day[MAX_COLS];
	int pub;
	char word[MAX_COLS][16];
};

/* A code, an id or a count; NULL, or what it should have been. */
static const char *
bad_code(enum ctype type, const char *s, size_t n)
{
	switch (type) {
	case C_REGION_OR_ALL:
		if (n == 1 && s[0] == '*')
			return NULL;
		return (n == 2 || n == 3) && all_digits(s, n) ? NULL :
		    N_("invalid region code %s (2 or 3 digits, or * for every "
		    "region)");
	case C_REGION:
		return (n == 2 || n == 3) && all_digits(s, n) ? NULL :
		    N_("invalid region code %s (2 or 3 digits)");
	case C_DEPT:
		return valid_dept(s, n) ? NULL : N_("invalid department code "
		    "%s (2 digits, 2A, 2B, or 97x/98x)");
	case C_INSEE:
	case C_COMMUNE:
		return valid_insee(s, n) ? NULL : N_("invalid INSEE code %s "
		    "(5 digits, or 2A/2B and 3 digits)");
	case C_POSTCODE:
		return n == 5 && all_digits(s, 5) ? NULL :
		    N_("invalid postcode %s (5 digits)");
	case C_PLACE:
	case C_TERRITORY:
		return (n == 3 || n == 5) && all_digits(s, n) ? NULL :
		    N_("invalid code %s (3 or 5 digits)");
	case C_OPID:
		return valid_opid(s, n) ? NULL : N_("invalid operator id %s "
		    "(lower-case letters, digits and hyphens)");
	case C_COUNT:
		return n <= 9 && all_digits(s, n) ? NULL :
		    N_("invalid number %s (digits only)");
	default:
		return NULL;
	}
}

/* A word of a list, in any case; NULL, or what it should have been. */
static const char *
bad_word(enum ctype type, const char *s, size_t n, char *word, size_t wordsz)
{
	switch (type) {
	case C_REGION_KIND:
		return lower_word(s, n, region_kinds, word, wordsz) == 0 ?
		    NULL : N_("invalid kind %s (metro, drom or com)");
	case C_OPERATOR_KIND:
		return lower_word(s, n, operator_kinds, word, wordsz) == 0 ?
		    NULL : N_("invalid kind %s (national or regional)");
	case C_FORMER_KIND:
		return lower_word(s, n, former_kinds, word, wordsz) == 0 ?
		    NULL : N_("invalid kind %s (deleguee, associee or "
		    "ancienne)");
	default:
		return NULL;
	}
}

/* A public: the English ids, in any case (files are not folded). */
static int
check_public(struct importer *imp, struct loadfile *lf, long line,
    const struct column *cd, struct rowvals *v, int c)
{
	const char *s = v->s[c];
	size_t n = v->len[c];
	char q[QUOTE_BUFSZ];

	if (lower_word(s, n, public_words, v->word[c], sizeof(v->word[c])) ==
	    0) {
		v->pub = public_parse(v->word[c], 0);
		return 0;
	}
	importer_quote(imp, s, n, q, sizeof(q));
	/* a French word, for which the command line would do */
	if (n < 32 && public_parse(s, 0) < 0 &&
	    (v->pub = public_parse(s, 1)) >= 0)
		importer_problem(imp, lf->name, line, cd->name,
		    N_("invalid public %s: files use the English ids (here "
		    "%s)"), q, public_id(v->pub));
	else
		importer_problem(imp, lf->name, line, cd->name,
		    N_("invalid public %s (jobseekers, executives, youth, "
		    "disabled or employed)"), q);
	return -1;
}

/* Checks one value; returns 0, or -1 after reporting the problem. */
static int
check_value(struct importer *imp, struct loadfile *lf, long line, int c,
    struct rowvals *v)
{
	const struct column *cd = &tables[lf->table].cols[c];
	const char *s = v->s[c], *why;
	size_t n = v->len[c];
	char q[QUOTE_BUFSZ];

	if (n == 0) {
		if (cd->flags & COL_REQUIRED) {
			importer_problem(imp, lf->name, line, cd->name,
			    N_("empty value"));
			return -1;
		}
		if (cd->type == C_DATE)
			v->day[c] = c == lf->from ? DAY_OPEN_FROM : DAY_OPEN_TO;
		return 0;
	}
	if ((why = text_problem(s, n)) != NULL) {
		importer_problem(imp, lf->name, line, cd->name, "%s",
		    importer_tr(imp, why));
		return -1;
	}
	if (cd->type == C_PUBLIC)
		return check_public(imp, lf, line, cd, v, c);
	if (cd->type == C_DATE) {
		if (date_parse(s, n, &v->day[c]) == 0)
			return 0;
		why = N_("invalid date %s (YYYY-MM-DD or DD/MM/YYYY, a day "
		    "that exists)");
	} else if ((why = bad_code(cd->type, s, n)) == NULL &&
	    (why = bad_word(cd->type, s, n, v->word[c],
	    sizeof(v->word[c]))) == NULL)
		return 0;
	/* why is one of the formats above, with one %s for the value */
	importer_problem(imp, lf->name, line, cd->name, why,
	    importer_quote(imp, s, n, q, sizeof(q)));
	return -1;
}

/* A text value of a queued row, copied into its batch. */
static int
queue_text(struct importer *imp, struct batch *b, struct qval *q,
    const char *s, size_t len)
{
	q->type = QV_TEXT;
	q->len = len;
	if (batch_copy(b, s, len, &q->off) == 0)
		return 0;
	return importer_nomem(imp);
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

/* The coverage key of a mandate row (table.c: the computed column). */
static long long
row_key(const struct loadfile *lf, const struct rowvals *v)
{
	int region = table_column(T_COVERAGE, "region");

	return coverage_key(v->s[region], v->len[region], v->day[lf->from],
	    v->day[lf->to]);
}

/* Queues a checked row: the values of its INSERT, copied. */
static int
queue_row(struct importer *imp, struct loadfile *lf, long line,
    struct rowvals *v, const int *present)
{
	const struct table *tb = &tables[lf->table];
	struct batch *b = pipeline_batch(imp->pipe);
	struct qrow *r = &b->rows[b->nrows];
	char foldbuf[512];
	const char *text;
	size_t len;
	int c, k = 0;

	r->table = lf->table;
	for (c = 0; c <= tb->ncols; c++, k++) {
		enum ctype ty = c < tb->ncols ? tb->cols[c].type : C_TEXT;

		if (c == tb->ncols) {
			/* the folded name, for tables that match names */
			if (lf->fold < 0)
				break;
			len = name_fold(v->s[lf->fold], v->len[lf->fold],
			    foldbuf, sizeof(foldbuf));
			text = foldbuf;
			if (len >= sizeof(foldbuf))
				len = sizeof(foldbuf) - 1;
		} else if (ty == C_DATE || ty == C_PUBLIC) {
			queue_int(&r->v[k], ty == C_DATE ? v->day[c] : v->pub);
			continue;
		} else if (!present[c] || v->len[c] == 0) {
			r->v[k].type = QV_NULL;
			continue;
		} else if (ty == C_COUNT) {
			queue_int(&r->v[k], strtoll(v->s[c], NULL, 10));
			continue;
		} else if (ty == C_REGION_KIND || ty == C_OPERATOR_KIND ||
		    ty == C_FORMER_KIND) {
			text = v->word[c];
			len = strlen(text);
		} else {
			text = v->s[c];
			len = v->len[c];
		}
		if (queue_text(imp, b, &r->v[k], text, len) == -1)
			return -1;
	}
	queue_int(&r->v[k++], lf->fileid);
	queue_int(&r->v[k++], line);
	if (tb->computed != NULL)
		queue_int(&r->v[k++], row_key(lf, v));
	r->nvals = k;
	return queue_done(imp, b);
}

/* Stores a batch (in the importer's thread: SQLite is used from one). */
int
import_store_batch(void *ctx, struct batch *b)
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
		sqlite3_step(st);
		if (sqlite3_reset(st) != SQLITE_OK)
			return importer_sql_fail(imp, N_("storing a row"));
	}
	return 0;
}

/* A refused row's key, if valid in itself: the key of its own table. */
static int
keep_refused_key(struct importer *imp, struct loadfile *lf,
    const struct rowvals *v, const int *valid)
{
	if (ctype_target(tables[lf->table].cols[0].type) != lf->table ||
	    !valid[0] || v->len[0] == 0)
		return 0;
	return importer_keep_refused(imp, lf->table, v->s[0], v->len[0]);
}

/*
 * A refused row's references whose values are valid in themselves: kept
 * aside, so that the reference checks also say when they name nothing.
 */
static int
queue_rejected_refs(struct importer *imp, struct loadfile *lf, long line,
    const struct rowvals *v, const int *valid)
{
	const struct column *cd;
	struct batch *b;
	struct qrow *r;
	int c, target;

	for (c = 0; c < tables[lf->table].ncols; c++) {
		cd = &tables[lf->table].cols[c];
		if ((target = table_ref(lf->table, c)) == -1 || !valid[c] ||
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

/* The header again, as when files are pasted together. */
static int
header_repeated(const struct loadfile *lf, size_t n, char **fields,
    const size_t *lens)
{
	const char *name;
	size_t i;

	for (i = 0; i < n; i++) {
		name = tables[lf->table].cols[lf->map[i]].name;
		if (lens[i] != strlen(name) ||
		    strncasecmp(fields[i], name, lens[i]) != 0)
			return 0;
	}
	return 1;
}

int
import_row(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct import_file_ctx *fc = ctx;
	struct importer *imp = fc->imp;
	struct loadfile *lf = fc->lf;
	struct rowvals v;
	int present[MAX_COLS] = { 0 }, valid[MAX_COLS], c, bad = 0;
	size_t i, nonempty = 0;
	char msg[128];

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
		/* a file's problem: its sink is import's, in the user's
		 * language (only check asks for English) */
		snprintf(msg, sizeof(msg), P_("%zu field, the header has %zu",
		    "%zu fields, the header has %zu", n), n, lf->nheader);
		importer_problem(imp, lf->name, line, "-", "%s", msg);
		return 0;
	}
	memset(&v, 0, sizeof(v));
	for (i = 0; i < n; i++) {
		c = lf->map[i];
		v.s[c] = fields[i];
		v.len[c] = lens[i];
		present[c] = 1;
	}
	if (header_repeated(lf, n, fields, lens)) {
		importer_problem(imp, lf->name, line, "-", N_("the header is "
		    "repeated"));
		return 0;
	}
	for (c = 0; c < tables[lf->table].ncols; c++) {
		if (!present[c]) {
			v.s[c] = "";
			v.len[c] = 0;
		}
		valid[c] = check_value(imp, lf, line, c, &v) == 0;
		bad |= !valid[c];
	}
	if (!bad && lf->from >= 0 && v.day[lf->from] > v.day[lf->to]) {
		importer_problem(imp, lf->name, line, "-", N_("valid_from %.*s "
		    "is after valid_to %.*s"), (int)v.len[lf->from],
		    v.s[lf->from], (int)v.len[lf->to], v.s[lf->to]);
		bad = 1;
	}
	if (bad)
		return keep_refused_key(imp, lf, &v, valid) == -1 ||
		    queue_rejected_refs(imp, lf, line, &v, valid) == -1;
	if (lf->table == T_COVERAGE && v.day[lf->from] > DAY_OPEN_FROM &&
	    v.day[lf->to] < DAY_OPEN_TO &&
	    v.day[lf->to] - v.day[lf->from] > imp->span)
		imp->span = v.day[lf->to] - v.day[lf->from];
	if (queue_row(imp, lf, line, &v, present) == -1)
		return 1;
	imp->rows_read++;
	if (imp->sink.progress != NULL && (imp->rows_read & 0xffff) == 0)
		imp->sink.progress(imp->sink.ctx, NULL, imp->rows_read);
	return 0;
}

void
import_csv_problem(void *ctx, long line, const char *msg)
{
	struct import_file_ctx *fc = ctx;

	importer_problem(fc->imp, fc->lf->name, line, "-", "%s", msg);
}
