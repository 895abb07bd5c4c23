/*
 * Result sets in the five output formats. Every format streams but
 * `table`, which keeps the rows to align columns by display width, so
 * that "Île-de-France" and "Provence-Alpes-Côte d'Azur" line up.
 */
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"
#include "mem.h"

int
out_parse_format(const char *s)
{
	static const char *const names[] = { "table", "csv", "tsv", "json",
	    "ndjson" };
	int i;

	for (i = 0; i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int
out_is_json(const struct out *o)
{
	return o->format == FMT_JSON || o->format == FMT_NDJSON;
}

static size_t
utf8_next(const unsigned char *s, unsigned long *cp)
{
	size_t n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	*cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return i;	/* broken: count what was read */
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

/* Columns a string takes on a terminal: accents take none, CJK two. */
size_t
display_width(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned long cp;
	size_t w = 0;

	while (*s != '\0') {
		s += utf8_next(s, &cp);
		if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b &&
		    cp <= 0x200f) || cp == 0xfeff)
			continue;
		if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 &&
		    cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
		    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 &&
		    cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 &&
		    cp <= 0x1f64f) || (cp >= 0x20000 && cp <= 0x3fffd))
			w += 2;
		else
			w += 1;
	}
	return w;
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

/* Tabs and line ends inside a value become spaces (tsv, table). */
static void
put_flat(FILE *fp, const char *s)
{
	put_replaced(fp, s, "\t\n\r", " ");
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
	size_t i;

	putc('{', o->fp);
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			putc(',', o->fp);
		put_json_string(o->fp, o->cols[i]);
		putc(':', o->fp);
		if (cells[i] == NULL)
			fputs("null", o->fp);
		else
			put_json_string(o->fp, cells[i]);
	}
	putc('}', o->fp);
}

static void
put_delimited(struct out *o, const char *const *cells)
{
	char delim = o->format == FMT_TSV ? '\t' : o->excel ? ';' : ',';
	size_t i;

	for (i = 0; i < o->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";

		if (i > 0)
			putc(delim, o->fp);
		if (o->format == FMT_TSV)
			put_flat(o->fp, c);
		else
			put_csv(o->fp, c, delim);
	}
	fputs(o->excel ? "\r\n" : "\n", o->fp);
}

void
out_begin(struct out *o, size_t ncols, const char *const *cols)
{
	o->ncols = ncols;
	o->cols = cols;
	o->rows = 0;
	o->cells = NULL;
	o->ncells = o->capcells = 0;
	if (o->excel && o->format == FMT_CSV)
		fputs("\xef\xbb\xbf", o->fp);
	if (o->header && (o->format == FMT_CSV || o->format == FMT_TSV))
		put_delimited(o, cols);
	else if (o->format == FMT_JSON)
		putc('[', o->fp);
}

/* A row kept whole, or not at all. */
static int
keep_row(struct out *o, const char *const *cells)
{
	size_t i;
	char **c;

	if ((c = grow(o->cells, &o->capcells, o->ncells + o->ncols,
	    sizeof(*c))) == NULL)
		return CEP_SOFTWARE;
	o->cells = c;
	for (i = 0; i < o->ncols; i++)
		if ((c[o->ncells + i] = strdup(cells[i] ? cells[i] : "")) ==
		    NULL) {
			while (i > 0)
				free(c[o->ncells + --i]);
			return CEP_SOFTWARE;
		}
	o->ncells += o->ncols;
	return CEP_OK;
}

int
out_row(struct out *o, const char *const *cells)
{
	switch (o->format) {
	case FMT_TABLE:
		if (keep_row(o, cells) != CEP_OK)
			return CEP_SOFTWARE;
		break;
	case FMT_CSV:
	case FMT_TSV:
		put_delimited(o, cells);
		break;
	case FMT_JSON:
		fputs(o->rows == 0 ? "\n" : ",\n", o->fp);
		put_json_object(o, cells);
		break;
	case FMT_NDJSON:
		put_json_object(o, cells);
		putc('\n', o->fp);
		break;
	}
	o->rows++;
	return ferror(o->fp) ? CEP_IOERR : CEP_OK;
}

static void
put_table_line(struct out *o, char *const *cells, const size_t *width)
{
	size_t i, w, last = 0;

	/* no padding after the last non-empty cell: no trailing spaces */
	for (i = 0; i < o->ncols; i++)
		if (cells[i][0] != '\0')
			last = i;
	for (i = 0; i <= last; i++) {
		put_flat(o->fp, cells[i]);
		if (i == last)
			break;
		for (w = display_width(cells[i]); w < width[i] + 2; w++)
			putc(' ', o->fp);
	}
	putc('\n', o->fp);
}

static int
end_table(struct out *o)
{
	size_t *width, i, r, w;

	if ((width = calloc(o->ncols, sizeof(*width))) == NULL)
		return CEP_SOFTWARE;
	for (i = 0; i < o->ncols; i++)
		width[i] = o->header ? display_width(o->cols[i]) : 0;
	for (r = 0; r < o->ncells; r += o->ncols)
		for (i = 0; i < o->ncols; i++)
			if ((w = display_width(o->cells[r + i])) > width[i])
				width[i] = w;
	if (o->header)
		put_table_line(o, (char *const *)o->cols, width);
	for (r = 0; r < o->ncells; r += o->ncols)
		put_table_line(o, o->cells + r, width);
	free(width);
	return CEP_OK;
}

int
out_end(struct out *o)
{
	size_t i;
	int rc = CEP_OK;

	if (o->format == FMT_TABLE)
		rc = end_table(o);
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

int
out_fail(int rc, char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", rc == CEP_SOFTWARE ? "out of memory" :
	    "write error");
	return rc;
}

/* One CSV field in the import format (export). */
void
out_csv_field(FILE *fp, const char *s, char delim)
{
	put_csv(fp, s, delim);
}
