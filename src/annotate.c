/*
 * annotate: a CSV of people written back with the operators of each row.
 * The file is read by the import's reader (csvread.c: delimiter, BOM,
 * CRLF, Windows-1252, quoted newlines), which hands over each record's
 * bytes as read; they are written back as they are, the cep_ columns
 * added before the line end. One row at a time: memory does not grow
 * with the file (annotate-lookup.c remembers what repeats).
 *
 * What annotate writes is for programs: the same bytes under every
 * locale, so its notes are looked up in English (the C locale for the
 * time of a lookup) and the reasons it writes are not translated.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "i18n.h"

#define PROGRESS_EVERY 65536

static const char *const added[ANNOT_COLS] = {
	"cep_region", "cep_region_name", "cep_public", "cep_operator",
	"cep_operator_name", "cep_website", "cep_phone", "cep_locator",
	"cep_note"
};

struct annotate {
	struct query *q;
	const struct annotate_spec *spec;
	struct annotate_stats *stats;
	struct annot_cache *cache;
	struct csv_raw raw;
	struct csv_info *info;
	FILE *out;
	locale_t english;
	long place, date, pub;	/* their columns; -1: none */
	int today;		/* for "today" in the date column */
	int header_done;
	int rc;
};

/* ---- the header ---- */

/* The header's column of that name: exactly, else folded (case, accents
 * and spaces aside); -1 if none. */
static long
column_of(char **fields, size_t n, const char *name)
{
	char want[256], f[256];
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(fields[i], name) == 0)
			return (long)i;
	name_fold(name, strlen(name), want, sizeof(want));
	for (i = 0; i < n; i++) {
		name_fold(fields[i], strlen(fields[i]), f, sizeof(f));
		if (strcmp(f, want) == 0)
			return (long)i;
	}
	return -1;
}

/* A column the header lacks: a usage error naming the nearest. */
static int
no_column(struct annotate *an, char **fields, size_t n, const char *option,
    const char *name)
{
	const char *best = NULL;
	int d, bestd = 1 << 30;
	size_t i;

	for (i = 0; i < n; i++)
		if ((d = name_distance(name, fields[i], 64)) < bestd) {
			bestd = d;
			best = fields[i];
		}
	if (best != NULL)
		snprintf(an->q->db->err, sizeof(an->q->db->err), _("%s %s: "
		    "the header has no such column; the nearest is \"%s\""),
		    option, name, best);
	else
		snprintf(an->q->db->err, sizeof(an->q->db->err), _("%s %s: "
		    "the header has no such column"), option, name);
	an->rc = CEP_USAGE;
	return 1;
}

/* The bytes of the record without its line end, and the line end. */
static void
split_line_end(const struct csv_raw *raw, size_t *len, const char **end)
{
	size_t n = raw->n;

	*end = "";
	if (n >= 2 && raw->s[n - 2] == '\r' && raw->s[n - 1] == '\n') {
		*end = "\r\n";
		n -= 2;
	} else if (n >= 1 && (raw->s[n - 1] == '\n' || raw->s[n - 1] == '\r')) {
		*end = raw->s[n - 1] == '\n' ? "\n" : "\r";
		n--;
	}
	*len = n;
}

/* A field after the delimiter, quoted as the CSV formats quote it. */
static void
put_field(FILE *fp, const char *s, char delim)
{
	putc(delim, fp);
	out_csv_field(fp, s, delim);
}

static int
header(struct annotate *an, size_t n, char **fields)
{
	const struct annotate_spec *sp = an->spec;
	const char *end;
	size_t len, i;

	if ((an->place = column_of(fields, n, sp->place)) == -1)
		return no_column(an, fields, n, "--place", sp->place);
	an->date = an->pub = -1;
	if (sp->date != NULL &&
	    (an->date = column_of(fields, n, sp->date)) == -1)
		return no_column(an, fields, n, "--date", sp->date);
	if (sp->public_column != NULL &&
	    (an->pub = column_of(fields, n, sp->public_column)) == -1)
		return no_column(an, fields, n, "--public-column",
		    sp->public_column);
	if (an->info->bom || sp->bom)
		fputs("\xef\xbb\xbf", an->out);
	split_line_end(&an->raw, &len, &end);
	fwrite(an->raw.s, 1, len, an->out);
	for (i = 0; i < ANNOT_COLS; i++)
		put_field(an->out, added[i], an->info->delimiter);
	fputs(end, an->out);
	an->header_done = 1;
	return 0;
}

/* ---- a row ---- */

/* Column col of a mandate row, in English, the place's note after its
 * own. */
static const char *
value_of(const struct mrow *r, int col, const char *place_note, char *buf,
    size_t bufsz)
{
	const char *v[ANNOT_COLS] = { r->region, r->region_name,
	    public_id(r->pub), r->op, r->op_name, r->website, r->phone,
	    r->locator, r->note };
	const char *s = v[col] != NULL ? v[col] : "";

	if (col != ANNOT_COLS - 1 || place_note == NULL)
		return s;
	snprintf(buf, bufsz, "%s%s%s", s, s[0] != '\0' ? "; " : "",
	    place_note);
	return buf;
}

/* One cep_ column: the values of the rows in order, joined with " | ";
 * one value when they are all the same. */
static void
put_joined(struct annotate *an, const struct annot_answer *a, int col)
{
	char buf[4096] = "", one[2048], first[2048] = "";
	const char *v;
	size_t len = 0, i, k, count = 0;
	int same = 1;

	for (i = 0; i < a->nparts; i++)
		for (k = 0; k < a->part[i].n; k++, count++) {
			v = value_of(&a->part[i].m->v[a->part[i].first + k],
			    col, a->part[i].place_note, one, sizeof(one));
			if (count == 0)
				snprintf(first, sizeof(first), "%s", v);
			else if (strcmp(first, v) != 0)
				same = 0;
			if (len < sizeof(buf))
				len += (size_t)snprintf(buf + len,
				    sizeof(buf) - len, "%s%s",
				    count > 0 ? " | " : "", v);
		}
	put_field(an->out, same ? first : buf, an->info->delimiter);
}

static int
answered(const struct annot_answer *a)
{
	size_t i, k;

	for (i = 0; i < a->nparts; i++)
		for (k = 0; k < a->part[i].n; k++)
			if (!a->part[i].m->v[a->part[i].first + k].gap)
				return 1;
	return 0;
}

/* The day and public of the row, or why not (into a->why). */
static int
row_terms(struct annotate *an, char **fields, const size_t *lens, size_t n,
    int *day, int *pub, struct annot_answer *a)
{
	char q[80];

	*day = an->q->on;
	*pub = an->q->public;
	if (an->date >= 0) {
		if ((size_t)an->date >= n || lens[an->date] == 0) {
			snprintf(a->why, sizeof(a->why), "no date");
			return 0;
		}
		if (date_parse_user(fields[an->date], lens[an->date],
		    an->today, day) != 0) {
			snprintf(a->why, sizeof(a->why), "bad date %s",
			    quote_value(fields[an->date], lens[an->date], q,
			    sizeof(q)));
			return 0;
		}
	}
	if (an->pub >= 0) {
		if ((size_t)an->pub >= n || lens[an->pub] == 0) {
			snprintf(a->why, sizeof(a->why), "no public");
			return 0;
		}
		if ((*pub = public_parse(fields[an->pub], 1)) < 0) {
			snprintf(a->why, sizeof(a->why), "unknown public %s",
			    quote_value(fields[an->pub], lens[an->pub], q,
			    sizeof(q)));
			return 0;
		}
	}
	return 1;
}

static int
row(struct annotate *an, size_t n, char **fields, const size_t *lens)
{
	struct annot_answer a;
	const char *end, *place;
	size_t len;
	int day, pub, col, rc = CEP_OK;
	locale_t user;

	memset(&a, 0, sizeof(a));
	place = (size_t)an->place < n ? fields[an->place] : "";
	if (place[0] == '\0')
		snprintf(a.why, sizeof(a.why), "no place");
	else if (row_terms(an, fields, lens, n, &day, &pub, &a)) {
		user = uselocale(an->english);
		rc = annot_lookup(an->cache, place, day, pub, &a);
		uselocale(user);
	}
	if (rc != CEP_OK) {
		annot_done(&a);
		an->rc = rc;
		return 1;
	}
	split_line_end(&an->raw, &len, &end);
	fwrite(an->raw.s, 1, len, an->out);
	if (a.nparts == 0) {
		for (col = 0; col < ANNOT_COLS - 1; col++)
			putc(an->info->delimiter, an->out);
		put_field(an->out, a.why, an->info->delimiter);
	} else
		for (col = 0; col < ANNOT_COLS; col++)
			put_joined(an, &a, col);
	fputs(end, an->out);
	if (!answered(&a))
		an->stats->unanswered++;
	annot_done(&a);
	return 0;
}

static int
record(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct annotate *an = ctx;

	(void)line;
	if (!an->header_done)
		return header(an, n, fields);
	an->stats->rows++;
	if (an->spec->progress != NULL &&
	    an->stats->rows % PROGRESS_EVERY == 0)
		an->spec->progress(an->q->ctx, an->stats->rows);
	return row(an, n, fields, lens);
}

static void
problem(void *ctx, long line, const char *msg)
{
	struct annotate *an = ctx;

	an->stats->unanswered++;
	if (an->q->bad_line != NULL)
		an->q->bad_line(an->q->ctx, line, msg);
}

int
annotate_run(struct query *q, const struct csv_source *src,
    const struct annotate_spec *spec, FILE *out,
    struct annotate_stats *stats)
{
	struct csv_options opt = { 0, NULL, 1 << 20, NULL };
	struct csv_info info;
	struct annotate an;
	int rc;

	memset(&an, 0, sizeof(an));
	memset(stats, 0, sizeof(*stats));
	an.q = q;
	an.spec = spec;
	an.stats = stats;
	an.out = out;
	an.info = &info;
	an.rc = CEP_OK;
	an.today = date_today();
	opt.raw = &an.raw;
	if ((an.english = newlocale(LC_ALL_MASK, "C", (locale_t)0)) ==
	    (locale_t)0)
		return db_nomem(q->db);
	if ((an.cache = annot_cache_new(q, &rc)) == NULL)
		goto out;
	rc = csv_read(src, &opt, record, problem, &an, &info, q->db->err,
	    sizeof(q->db->err));
	if (rc == CEP_OK)
		rc = an.rc;
	if (rc == CEP_OK && !an.header_done) {
		snprintf(q->db->err, sizeof(q->db->err), _("%s: no header"),
		    src->name);
		rc = CEP_DATAERR;
	}
	if (rc == CEP_OK && stats->unanswered > 0)
		rc = CEP_NOROWS;
out:
	annot_cache_free(an.cache);
	freelocale(an.english);
	free(an.raw.s);
	return rc;
}
