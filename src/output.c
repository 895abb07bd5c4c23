/*
 * Result sets in the output formats. Every format streams but `table`
 * and `html`, which keep the rows to lay them out (output-table.c,
 * output-html.c). A result's columns can be chosen and ordered (-c): the
 * writers see only those; a tap sees every column (the timeline is drawn
 * from the rows of history).
 */
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"
#include "i18n.h"
#include "mem.h"
#include "output.h"

static const char *const format_names[FMT_COUNT] = {
	"table", "csv", "tsv", "json", "ndjson", "html"
};

int
out_parse_format(const char *s)
{
	int i;

	for (i = 0; i < FMT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	return -1;
}

const char *
out_format_name(int format)
{
	return format >= 0 && format < FMT_COUNT ? format_names[format] : "";
}

int
out_is_json(const struct out *o)
{
	return o->format == FMT_JSON || o->format == FMT_NDJSON;
}

int
out_is_human(const struct out *o)
{
	return o->format == FMT_TABLE || o->format == FMT_HTML;
}

/*
 * The writers below copy a value in spans between the bytes they must
 * change, not a byte at a time: each stdio call takes the stream's lock.
 */

/* s with each byte of `bytes` written as `with` instead. */
static void
put_replaced(FILE *fp, const char *s, const char *bytes, const char *with)
{
	size_t n;

	for (;;) {
		n = strcspn(s, bytes);
		fwrite(s, 1, n, fp);
		if (s[n] == '\0')
			return;
		fputs(with, fp);
		s += n + 1;
	}
}


static void
put_csv(FILE *fp, const char *s, char delim)
{
	char special[] = "\"\r\n?";

	special[3] = delim;
	if (s[strcspn(s, special)] == '\0') {
		fputs(s, fp);
		return;
	}
	/* quoted: only the quotes themselves are doubled */
	putc('"', fp);
	put_replaced(fp, s, "\"", "\"\"");
	putc('"', fp);
}

/* The length of the run of s that JSON keeps as it is: up to a quote, a
 * backslash, a control byte or the end. */
static size_t
json_plain(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p >= 0x20 && *p != '"' && *p != '\\' && *p != 0x7f)
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

static void
put_json_string(FILE *fp, const char *s)
{
	unsigned char c;
	size_t n;

	putc('"', fp);
	for (;;) {
		n = json_plain(s);
		fwrite(s, 1, n, fp);
		if ((c = (unsigned char)s[n]) == '\0')
			break;
		if (c == '"' || c == '\\') {
			putc('\\', fp);
			putc(c, fp);
		} else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\r')
			fputs("\\r", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else
			fprintf(fp, "\\u%04x", c);
		s += n + 1;
	}
	putc('"', fp);
}

static void
put_json_object(struct out *o, const char *const *cells)
{
	size_t i, c;

	putc('{', o->fp);
	for (i = 0; i < o->nshow; i++) {
		c = o->show[i];
		if (i > 0)
			putc(',', o->fp);
		put_json_string(o->fp, o->cols[c].name);
		putc(':', o->fp);
		if (cells[c] == NULL)
			fputs("null", o->fp);
		else
			put_json_string(o->fp, cells[c]);
	}
	putc('}', o->fp);
}

/* A row of CSV or TSV; names: the header (each column's name). */
static void
put_delimited(struct out *o, const char *const *cells, int names)
{
	char delim = o->format == FMT_TSV ? '\t' : o->excel ? ';' : ',';
	const char *v;
	size_t i, c;

	for (i = 0; i < o->nshow; i++) {
		c = o->show[i];
		v = names ? o->cols[c].name : cells[c] ? cells[c] : "";
		if (i > 0)
			putc(delim, o->fp);
		if (o->format == FMT_TSV)
			put_flat(o->fp, v);
		else
			put_csv(o->fp, v, delim);
	}
	fputs(o->excel ? "\r\n" : "\n", o->fp);
}

/* The columns shown: those -c names, in its order, else every one. */
static void
choose_columns(struct out *o)
{
	size_t i, c;

	o->nshow = 0;
	if (o->select == NULL) {
		for (c = 0; c < o->ncols && c < OUT_MAXCOLS; c++)
			o->show[o->nshow++] = c;
		return;
	}
	for (i = 0; o->select[i] != NULL && o->nshow < OUT_MAXCOLS; i++)
		for (c = 0; c < o->ncols; c++)
			if (strcmp(o->select[i], o->cols[c].name) == 0) {
				o->show[o->nshow++] = c;
				break;
			}
}

int
out_has_column(const struct out_col *cols, const char *name)
{
	for (; cols->name != NULL; cols++)
		if (strcmp(cols->name, name) == 0)
			return 1;
	return 0;
}

void
out_begin(struct out *o, const struct out_col *cols)
{
	for (o->ncols = 0; cols[o->ncols].name != NULL; o->ncols++)
		;
	o->cols = cols;
	o->rows = 0;
	o->cells = NULL;
	o->ncells = o->capcells = 0;
	choose_columns(o);
	if (o->fp == NULL)
		return;
	if (o->excel && o->format == FMT_CSV)
		fputs("\xef\xbb\xbf", o->fp);
	if (o->header && (o->format == FMT_CSV || o->format == FMT_TSV))
		put_delimited(o, NULL, 1);
	else if (o->format == FMT_JSON)
		putc('[', o->fp);
}

/* A row kept whole, or not at all: the cells of the columns shown. */
static int
keep_row(struct out *o, const char *const *cells)
{
	size_t i;
	char **c;

	if ((c = grow(o->cells, &o->capcells, o->ncells + o->nshow,
	    sizeof(*c))) == NULL)
		return CEP_SOFTWARE;
	o->cells = c;
	for (i = 0; i < o->nshow; i++)
		if ((c[o->ncells + i] = strdup(cells[o->show[i]] ?
		    cells[o->show[i]] : "")) == NULL) {
			while (i > 0)
				free(c[o->ncells + --i]);
			return CEP_SOFTWARE;
		}
	o->ncells += o->nshow;
	return CEP_OK;
}

int
out_row(struct out *o, const char *const *cells)
{
	int rc;

	if (o->tap != NULL && (rc = o->tap(o->tap_ctx, o->cols, cells)) !=
	    CEP_OK)
		return rc;
	if (o->fp == NULL) {
		o->rows++;
		return CEP_OK;
	}
	switch (o->format) {
	case FMT_TABLE:
	case FMT_HTML:
		if (keep_row(o, cells) != CEP_OK)
			return CEP_SOFTWARE;
		break;
	case FMT_CSV:
	case FMT_TSV:
		put_delimited(o, cells, 0);
		break;
	case FMT_JSON:
		fputs(o->rows == 0 ? "\n" : ",\n", o->fp);
		put_json_object(o, cells);
		break;
	case FMT_NDJSON:
		put_json_object(o, cells);
		putc('\n', o->fp);
		break;
	case FMT_COUNT:
		break;
	}
	o->rows++;
	return ferror(o->fp) ? CEP_IOERR : CEP_OK;
}

int
out_end(struct out *o)
{
	size_t i;
	int rc = CEP_OK;

	if (o->fp == NULL)
		return CEP_OK;
	if (o->format == FMT_TABLE)
		rc = out_table_end(o);
	else if (o->format == FMT_HTML)
		rc = out_html_end(o);
	else if (o->format == FMT_JSON)
		fputs(o->rows == 0 ? "]\n" : "\n]\n", o->fp);
	for (i = 0; i < o->ncells; i++)
		free(o->cells[i]);
	free(o->cells);
	o->cells = NULL;
	o->ncells = o->capcells = 0;
	if (rc == CEP_OK && ferror(o->fp))
		rc = CEP_IOERR;
	return rc;
}

void
out_note(struct out *o, const char *msg)
{
	struct out_page *p = &o->page;
	char **v;

	if (o->format != FMT_HTML)
		return;
	if ((v = grow(p->notes, &p->capnotes, p->nnotes + 1,
	    sizeof(*v))) == NULL || (v[p->nnotes] = strdup(msg)) == NULL) {
		if (v != NULL)
			p->notes = v;
		p->failed = 1;
		return;
	}
	p->notes = v;
	p->nnotes++;
}

void
out_free(struct out *o)
{
	struct out_page *p = &o->page;

	while (p->nnotes > 0)
		free(p->notes[--p->nnotes]);
	free(p->notes);
	p->notes = NULL;
	p->capnotes = 0;
}

int
out_fail(int rc, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", rc == CEP_SOFTWARE ? _("out of memory") :
	    _("write error"));
	return rc;
}

/* One CSV field in the import format (export). */
void
out_csv_field(FILE *fp, const char *s, char delim)
{
	put_csv(fp, s, delim);
}
