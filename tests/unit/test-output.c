/* Unit tests of src/output.c: the five formats, --excel, --no-header. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cepdir.h"
#include "tap.h"

static char *outbuf;
static size_t outlen;

/* Columns of text with these names. */
static const struct out_col *
text_columns(size_t n, const char *const *names)
{
	static struct out_col cols[OUT_MAXCOLS + 1];
	size_t i;

	for (i = 0; i < n && i < OUT_MAXCOLS; i++) {
		cols[i].name = names[i];
		cols[i].kind = OUT_TEXT;
	}
	cols[i].name = NULL;
	return cols;
}

/* Runs one result through a format into memory; returns the text. */
static const char *
render(enum out_format fmt, int header, int excel, size_t ncols,
    const char *const *cols, size_t nrows, const char *const *cells)
{
	struct out o;
	FILE *fp;
	size_t r;
	int rc = 0;

	free(outbuf);
	outbuf = NULL;
	if ((fp = open_memstream(&outbuf, &outlen)) == NULL)
		return "(open_memstream failed)";
	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.format = fmt;
	o.header = header;
	o.excel = excel;
	out_begin(&o, text_columns(ncols, cols));
	for (r = 0; r < nrows; r++)
		rc |= out_row(&o, cells + r * ncols);
	rc |= out_end(&o);
	if (fclose(fp) != 0 || rc != 0)
		return "(write failed)";
	return outbuf;
}

static const char *const cols2[] = { "name", "code" };
static const char *const regions[] = {
	"\xc3\x8ele-de-France", "11",
	"Provence-Alpes-C\xc3\xb4te d'Azur", "93",
	"Corse", "94",
};

static const char *const colsv[] = { "a", "b" };
static const char *const tricky[] = {
	"x,y", "say \"hi\"",
	"line1\nline2", NULL,
	"tab\there", "cr\rlf",
	"plain", "",
	"semi;colon", "back\\slash",
};

static void
test_width(void)
{
	is_int(display_width(""), 0, "display_width of \"\"");
	is_int(display_width("abc"), 3, "display_width of abc");
	is_int(display_width("\xc3\x8ele-de-France"), 13,
	    "display_width(\"\xc3\x8ele-de-France\") == 13");
	is_int(strlen("\xc3\x8ele-de-France"), 14, "... which is 14 bytes");
	is_int(display_width("Provence-Alpes-C\xc3\xb4te d'Azur"), 26,
	    "display_width of Provence-Alpes-C\xc3\xb4te d'Azur");
	is_int(display_width("I\xcc\x82le"), 3, "a combining accent takes no "
	    "column");
	is_int(display_width("\xe2\x82\xac"), 1, "\xe2\x82\xac takes one column");
	is_int(display_width("\xe6\x97\xa5\xe6\x9c\xac"), 4,
	    "CJK characters take two columns");
	is_int(display_width("\xf0\x9f\x98\x80"), 2, "an emoji takes two");
	is_int(display_width("a\xe2\x80\x8b" "b"), 2, "zero-width space: none");
	is_int(display_width("\xef\xbb\xbf" "a"), 1, "BOM: none");
	{
		/* truncated sequences at the end: no read past the NUL (the
		 * strings are exactly sized on the heap for ASan to see) */
		char *p2 = strdup("a\xc3"), *p3 = strdup("a\xe6\x97"),
		    *p4 = strdup("a\xf0\x9f\x98");

		ok(p2 && p3 && p4 && display_width(p2) == 2 &&
		    display_width(p3) == 2 && display_width(p4) == 2,
		    "a truncated character at the end counts one column and "
		    "reading stops at the NUL");
		free(p2);
		free(p3);
		free(p4);
	}
}

static void
test_parse_format(void)
{
	is_int(out_parse_format("table"), FMT_TABLE, "format table");
	is_int(out_parse_format("csv"), FMT_CSV, "format csv");
	is_int(out_parse_format("tsv"), FMT_TSV, "format tsv");
	is_int(out_parse_format("json"), FMT_JSON, "format json");
	is_int(out_parse_format("ndjson"), FMT_NDJSON, "format ndjson");
	is_int(out_parse_format("xml"), -1, "format xml unknown");
	is_int(out_parse_format(""), -1, "empty format unknown");
	is_int(out_parse_format("CSV"), -1, "format names are lower case");
	is_int(out_parse_format("js"), -1, "no prefix of a format");
}

static void
test_table(void)
{
	static const char *const cols3[] = { "code", "name", "x" };
	static const char *const rows3[] = {
		"11", "\xc3\x8ele-de-France", "a",
		"93", "Provence-Alpes-C\xc3\xb4te d'Azur", "b",
		"01", NULL, "c",
	};

	is_str(render(FMT_TABLE, 1, 0, 2, cols2, 3, regions),
	    "name                        code\n"
	    "\xc3\x8ele-de-France               11\n"
	    "Provence-Alpes-C\xc3\xb4te d'Azur  93\n"
	    "Corse                       94\n",
	    "table: columns aligned by display width, two spaces apart");
	is_str(render(FMT_TABLE, 0, 0, 2, cols2, 3, regions),
	    "\xc3\x8ele-de-France               11\n"
	    "Provence-Alpes-C\xc3\xb4te d'Azur  93\n"
	    "Corse                       94\n",
	    "table --no-header: no header line");
	is_str(render(FMT_TABLE, 1, 0, 3, cols3, 3, rows3),
	    "code  name                        x\n"
	    "11    \xc3\x8ele-de-France               a\n"
	    "93    Provence-Alpes-C\xc3\xb4te d'Azur  b\n"
	    "01                                c\n",
	    "table: a NULL cell is blank, accented names in the middle");
	is_str(render(FMT_TABLE, 1, 0, 2, colsv, 0, NULL), "a  b\n",
	    "table: an empty result prints the header");
	is_str(render(FMT_TABLE, 0, 0, 2, colsv, 0, NULL), "",
	    "table --no-header: an empty result prints nothing");
	{
		static const char *const c[] = { "v", "w" };
		static const char *const r[] = { "a\tb\nc", "z" };

		is_str(render(FMT_TABLE, 1, 0, 2, c, 1, r),
		    "v      w\na b c  z\n",
		    "table: tabs and newlines inside values become spaces");
	}
	{
		static const char *const c[] = { "w", "v" };
		static const char *const r[] = {
			"\xe6\x97\xa5\xe6\x9c\xac", "1",
			"abcde", "2",
		};

		is_str(render(FMT_TABLE, 1, 0, 2, c, 2, r),
		    "w      v\n\xe6\x97\xa5\xe6\x9c\xac   1\nabcde  2\n",
		    "table: wide characters count two columns");
	}
}

static void
test_csv(void)
{
	is_str(render(FMT_CSV, 1, 0, 2, colsv, 5, tricky),
	    "a,b\n"
	    "\"x,y\",\"say \"\"hi\"\"\"\n"
	    "\"line1\nline2\",\n"
	    "tab\there,\"cr\rlf\"\n"
	    "plain,\n"
	    "semi;colon,back\\slash\n",
	    "csv: RFC 4180 quoting, LF line ends, NULL as empty");
	is_str(render(FMT_CSV, 0, 0, 2, colsv, 1, tricky),
	    "\"x,y\",\"say \"\"hi\"\"\"\n", "csv --no-header");
	is_str(render(FMT_CSV, 1, 0, 2, colsv, 0, NULL), "a,b\n",
	    "csv: an empty result prints the header");
	is_str(render(FMT_CSV, 1, 0, 2, cols2, 1, regions),
	    "name,code\n\xc3\x8ele-de-France,11\n",
	    "csv: UTF-8 as is, no BOM");
	{
		static const char *const c[] = { "q" };
		static const char *const r[] = { "\"", "", " lead" };

		is_str(render(FMT_CSV, 1, 0, 1, c, 3, r),
		    "q\n\"\"\"\"\n\n lead\n",
		    "csv: a lone quote, an empty value, a leading space");
	}
	{
		static const char *const c[] = { "a,b", "c\"d" };
		static const char *const r[] = { "1", "2" };

		is_str(render(FMT_CSV, 1, 0, 2, c, 1, r),
		    "\"a,b\",\"c\"\"d\"\n1,2\n", "csv: the header is quoted "
		    "too");
	}
}

static void
test_excel(void)
{
	is_str(render(FMT_CSV, 1, 1, 2, colsv, 5, tricky),
	    "\xef\xbb\xbf" "a;b\r\n"
	    "x,y;\"say \"\"hi\"\"\"\r\n"
	    "\"line1\nline2\";\r\n"
	    "tab\there;\"cr\rlf\"\r\n"
	    "plain;\r\n"
	    "\"semi;colon\";back\\slash\r\n",
	    "excel: BOM, ';', CRLF; values with ';' quoted, with ',' not");
	is_str(render(FMT_CSV, 0, 1, 2, cols2, 1, regions),
	    "\xef\xbb\xbf\xc3\x8ele-de-France;11\r\n",
	    "excel --no-header: still the BOM");
	is_str(render(FMT_CSV, 1, 1, 2, colsv, 0, NULL),
	    "\xef\xbb\xbf" "a;b\r\n", "excel: empty result, header only");
}

static void
test_tsv(void)
{
	is_str(render(FMT_TSV, 1, 0, 2, colsv, 5, tricky),
	    "a\tb\n"
	    "x,y\tsay \"hi\"\n"
	    "line1 line2\t\n"
	    "tab here\tcr lf\n"
	    "plain\t\n"
	    "semi;colon\tback\\slash\n",
	    "tsv: no quoting, tabs and newlines become spaces");
	is_str(render(FMT_TSV, 0, 0, 2, cols2, 1, regions),
	    "\xc3\x8ele-de-France\t11\n", "tsv --no-header");
	is_str(render(FMT_TSV, 1, 0, 2, colsv, 0, NULL), "a\tb\n",
	    "tsv: an empty result prints the header");
	{
		static const char *const c[] = { "x" };
		static const char *const r[] = { "a\r\nb" };

		is_str(render(FMT_TSV, 1, 0, 1, c, 1, r), "x\na  b\n",
		    "tsv: CRLF in a value is two spaces, one line");
	}
}

static void
test_json(void)
{
	is_str(render(FMT_JSON, 1, 0, 2, colsv, 5, tricky),
	    "[\n"
	    "{\"a\":\"x,y\",\"b\":\"say \\\"hi\\\"\"},\n"
	    "{\"a\":\"line1\\nline2\",\"b\":null},\n"
	    "{\"a\":\"tab\\there\",\"b\":\"cr\\rlf\"},\n"
	    "{\"a\":\"plain\",\"b\":\"\"},\n"
	    "{\"a\":\"semi;colon\",\"b\":\"back\\\\slash\"}\n"
	    "]\n",
	    "json: an array of objects, escapes, NULL as null");
	is_str(render(FMT_JSON, 1, 0, 2, colsv, 0, NULL), "[]\n",
	    "json: an empty result is []");
	is_str(render(FMT_JSON, 0, 0, 2, colsv, 0, NULL), "[]\n",
	    "json --no-header: an empty result is still []");
	is_str(render(FMT_JSON, 0, 0, 2, cols2, 1, regions),
	    "[\n{\"name\":\"\xc3\x8ele-de-France\",\"code\":\"11\"}\n]\n",
	    "json --no-header: keys are kept; UTF-8 as is");
	{
		static const char *const c[] = { "k\"ey" };
		static const char *const r[] = { "\x01\x1f\x7f/<" };

		is_str(render(FMT_JSON, 1, 0, 1, c, 1, r),
		    "[\n{\"k\\\"ey\":\"\\u0001\\u001f\\u007f/<\"}\n]\n",
		    "json: control characters as \\u00XX, keys escaped");
	}
	is_str(render(FMT_NDJSON, 1, 0, 2, colsv, 2, tricky),
	    "{\"a\":\"x,y\",\"b\":\"say \\\"hi\\\"\"}\n"
	    "{\"a\":\"line1\\nline2\",\"b\":null}\n",
	    "ndjson: one object per line");
	is_str(render(FMT_NDJSON, 1, 0, 2, colsv, 0, NULL), "",
	    "ndjson: an empty result is empty");
	is_str(render(FMT_NDJSON, 0, 0, 2, cols2, 1, regions),
	    "{\"name\":\"\xc3\x8ele-de-France\",\"code\":\"11\"}\n",
	    "ndjson --no-header: the same");
}

/* The writers copy spans between the bytes they change: runs of such
 * bytes, at either end of a value, and values made of nothing else. */
static void
test_spans(void)
{
	static const char *const c[] = { "v" };
	static const char *const r[] = { "\"\"x\"\"", "\t\t\n\r",
	    "a\t\tb\r\n", "\\\"\n\x01" };

	is_str(render(FMT_CSV, 0, 0, 1, c, 4, r),
	    "\"\"\"\"\"x\"\"\"\"\"\n\"\t\t\n\r\"\n\"a\t\tb\r\n\"\n"
	    "\"\\\"\"\n\x01\"\n",
	    "csv: quotes doubled in runs and at both ends");
	is_str(render(FMT_TSV, 0, 0, 1, c, 4, r),
	    "\"\"x\"\"\n    \na  b  \n\\\" \x01\n",
	    "tsv: each tab and line end one space, runs and ends included");
	is_str(render(FMT_NDJSON, 0, 0, 1, c, 4, r),
	    "{\"v\":\"\\\"\\\"x\\\"\\\"\"}\n"
	    "{\"v\":\"\\t\\t\\n\\r\"}\n"
	    "{\"v\":\"a\\t\\tb\\r\\n\"}\n"
	    "{\"v\":\"\\\\\\\"\\n\\u0001\"}\n",
	    "ndjson: escapes in runs and at both ends");
}

static void
test_errors(void)
{
	struct out o;
	FILE *fp;
	static const char *const r[] = { "1", "2" };

	/* a stream that cannot be written: out_row or out_end must fail */
	if ((fp = fopen("/dev/null", "r")) == NULL) {
		ok(0, "cannot open /dev/null");
		return;
	}
	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.format = FMT_CSV;
	o.header = 1;
	out_begin(&o, text_columns(2, colsv));
	ok(out_row(&o, r) != 0, "csv: a write error is reported by out_row");
	ok(out_end(&o) != 0, "csv: ... and by out_end");
	clearerr(fp);
	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.format = FMT_TABLE;
	o.header = 1;
	out_begin(&o, text_columns(2, colsv));
	out_row(&o, r);
	ok(out_end(&o) != 0, "table: a write error is reported by out_end");
	fclose(fp);

	/* the row count */
	fp = tmpfile();
	if (fp == NULL) {
		ok(0, "tmpfile failed");
		return;
	}
	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.format = FMT_TSV;
	o.header = 1;
	out_begin(&o, text_columns(2, colsv));
	out_row(&o, r);
	out_row(&o, r);
	is_int(o.rows, 2, "o.rows counts the rows");
	is_int(out_end(&o), 0, "out_end on a tmpfile succeeds");
	rewind(fp);
	{
		char buf[64];
		size_t n = fread(buf, 1, sizeof(buf) - 1, fp);

		buf[n] = '\0';
		is_str(buf, "a\tb\n1\t2\n1\t2\n", "tsv into a tmpfile()");
	}
	fclose(fp);
}

int
main(void)
{
	test_width();
	test_parse_format();
	test_table();
	test_csv();
	test_excel();
	test_tsv();
	test_json();
	test_spans();
	test_errors();
	free(outbuf);
	return tap_done();
}
