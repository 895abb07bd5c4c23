/*
 * Unit tests of src/csvread.c: RFC 4180 reading over libcsv, line numbers,
 * encodings, and the libcsv behaviours the reader relies on.
 *
 * Each read is recorded as one string: a record as "LINE:f1|f2;" (a
 * newline inside a value shown as \n, a CR as \r), a problem as "PLINE;".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "cepdir.h"
#include "tap.h"

struct rec {
	char log[16384];
	size_t len;
	char msg[256];		/* the last problem's message */
	long nproblems;
	long nrows;
	long stop_after;	/* return 1 after this many rows (0: never) */
};

static void
add(struct rec *r, const char *s, size_t n)
{
	if (r->len + n + 1 < sizeof(r->log)) {
		memcpy(r->log + r->len, s, n);
		r->len += n;
		r->log[r->len] = '\0';
	}
}

static int
row_cb(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct rec *r = ctx;
	char num[32];
	size_t i, j;

	snprintf(num, sizeof(num), "%ld:", line);
	add(r, num, strlen(num));
	for (i = 0; i < n; i++) {
		if (i > 0)
			add(r, "|", 1);
		if (fields[i][lens[i]] != '\0')
			add(r, "<NOT TERMINATED>", 16);
		for (j = 0; j < lens[i]; j++) {
			if (fields[i][j] == '\n')
				add(r, "\\n", 2);
			else if (fields[i][j] == '\r')
				add(r, "\\r", 2);
			else if (fields[i][j] == '\0')
				add(r, "\\0", 2);
			else
				add(r, fields[i] + j, 1);
		}
	}
	add(r, ";", 1);
	r->nrows++;
	return r->stop_after > 0 && r->nrows >= r->stop_after;
}

static void
problem_cb(void *ctx, long line, const char *msg)
{
	struct rec *r = ctx;
	char num[32];

	snprintf(num, sizeof(num), "P%ld;", line);
	add(r, num, strlen(num));
	snprintf(r->msg, sizeof(r->msg), "%s", msg);
	r->nproblems++;
}

static struct rec rec;
static struct csv_info info;
static char err[256];
static int status;

/* Reads n bytes from memory with the given options; returns the log. */
static const char *
readm_opt(const char *s, size_t n, char delim, const char *enc,
    size_t max_field)
{
	struct csv_source src;
	struct csv_options opt;

	memset(&rec, 0, sizeof(rec));
	memset(&src, 0, sizeof(src));
	memset(&opt, 0, sizeof(opt));
	memset(&info, 0x55, sizeof(info));
	err[0] = '\0';
	src.name = "mem.csv";
	src.fd = -1;
	src.mem = s;
	src.memlen = n;
	opt.delimiter = delim;
	opt.encoding = enc;
	opt.max_field = max_field;
	status = csv_read(&src, &opt, row_cb, problem_cb, &rec, &info, err,
	    sizeof(err));
	return rec.log;
}

#define READN(lit, delim, enc, max) \
	readm_opt(lit, sizeof(lit) - 1, delim, enc, max)

static const char *
readm(const char *s)
{
	return readm_opt(s, strlen(s), 0, NULL, 1 << 24);
}

/* ---- libcsv itself: what the reader relies on ---- */

static char pin_log[1024];

static void
pin_field(void *s, size_t len, void *data)
{
	(void)data;
	strncat(pin_log, "[", sizeof(pin_log) - strlen(pin_log) - 1);
	strncat(pin_log, s ? (const char *)s : "(null)",
	    len < sizeof(pin_log) - strlen(pin_log) - 1 ? len :
	    sizeof(pin_log) - strlen(pin_log) - 1);
	strncat(pin_log, "]", sizeof(pin_log) - strlen(pin_log) - 1);
}

static void
pin_record(int c, void *data)
{
	char t[16];

	(void)data;
	snprintf(t, sizeof(t), "<%d>", c);
	strncat(pin_log, t, sizeof(pin_log) - strlen(pin_log) - 1);
}

/* Parses s with the reader's options; "!" is appended after a parse
 * error, "F" after a csv_fini failure. */
static const char *
pin(const char *s, int fini)
{
	struct csv_parser p;
	size_t n = strlen(s);

	pin_log[0] = '\0';
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return "init failed";
	if (csv_parse(&p, s, n, pin_field, pin_record, NULL) != n)
		strncat(pin_log, "!", sizeof(pin_log) - strlen(pin_log) - 1);
	else if (fini && csv_fini(&p, pin_field, pin_record, NULL) != 0)
		strncat(pin_log, "F", sizeof(pin_log) - strlen(pin_log) - 1);
	csv_free(&p);
	return pin_log;
}

static void
test_libcsv(void)
{
	is_str(pin("a,b\n", 1), "[a][b]<10>", "libcsv: a record ends at LF");
	is_str(pin("a,b\r\n", 1), "[a][b]<13>",
	    "libcsv: CRLF is one record end, reported at the CR");
	is_str(pin("\n\n", 1), "", "libcsv: empty lines produce no record");
	is_str(pin("  \n", 1), "", "libcsv: a line of spaces produces no "
	    "record");
	is_str(pin("a,b", 1), "[a][b]<-1>",
	    "libcsv: a last record without newline is delivered by csv_fini");
	is_str(pin("a,b", 0), "[a]",
	    "libcsv: ... its last field only by csv_fini");
	is_str(pin(",\n", 1), "[][]<10>",
	    "libcsv: a line of one delimiter is a record of two empty fields");
	is_str(pin("\"\"\n", 1), "[]<10>",
	    "libcsv: a quoted empty value is a record of one empty field");
	is_str(pin("a\"b\n", 1), "!",
	    "libcsv: CSV_STRICT refuses a quote in an unquoted value");
	is_str(pin("\"a\"b\n", 1), "!",
	    "libcsv: CSV_STRICT refuses text after a closing quote");
	is_str(pin("\"a\n", 1), "F",
	    "libcsv: CSV_STRICT_FINI refuses an unterminated quote");
	is_str(pin("\"a,\"\"b\"\"\n\"\n", 1), "[a,\"b\"\n]<10>",
	    "libcsv: quoted delimiter, doubled quote and newline");
	is_str(pin(" a , b \n", 1), "[a][b]<10>",
	    "libcsv: spaces around unquoted values dropped");
	is_str(pin(" \" a \" ,b\n", 1), "[ a ][b]<10>",
	    "libcsv: spaces inside quotes kept (the reader trims them)");
	is_str(pin("\xef\xbb\xbf" "a\n", 1), "[\xef\xbb\xbf" "a]<10>",
	    "libcsv: a BOM is handed to the first field (the reader strips "
	    "it)");
}

/* ---- records and lines ---- */

static void
test_lines(void)
{
	is_str(readm("a,b\n1,2\n3,4\n"), "1:a|b;2:1|2;3:3|4;",
	    "header is line 1, records on their lines");
	is_int(status, CEP_OK, "status OK");
	is_str(readm("a,b\n\"x\ny\",2\n3,4\n"), "1:a|b;2:x\\ny|2;4:3|4;",
	    "a quoted newline moves the line count");
	is_str(readm("a,b\n\"x\n\ny\n\",2\n3,4\n5,6\n"),
	    "1:a|b;2:x\\n\\ny\\n|2;6:3|4;7:5|6;",
	    "three quoted newlines move the count by three");
	is_str(readm("a,b\n1,\"x\ny\"\n3,4\n"), "1:a|b;2:1|x\\ny;4:3|4;",
	    "a record is reported at the line where it starts");
	is_str(readm("a,b\n\n1,2\n\n\n3,4\n"), "1:a|b;3:1|2;6:3|4;",
	    "blank lines skipped, yet counted");
	is_str(readm("\n\na,b\n1,2\n"), "3:a|b;4:1|2;",
	    "blank lines before the header counted");
	is_str(readm("a,b\n   \n\t\n1,2\n"), "1:a|b;4:1|2;",
	    "lines of spaces and tabs skipped");
	is_str(readm("a,b\r\n\r\n1,2\r\n"), "1:a|b;3:1|2;",
	    "blank CRLF lines skipped");
	is_str(readm("a,b\n1,2"), "1:a|b;2:1|2;",
	    "a last record without newline is delivered");
	is_str(readm("a,b\n1,\"x\ny\""), "1:a|b;2:1|x\\ny;",
	    "a last quoted multi-line record without newline is delivered");
	is_str(readm("a,b\n,\n"), "1:a|b;2:|;",
	    "a row of delimiters is a record of empty fields");
	is_str(readm("a\n\"\"\n"), "1:a;2:;", "a quoted empty value is a record");
	is_str(readm(""), "", "an empty input: no record");
	is_int(status, CEP_OK, "an empty input: status OK");
	is_str(readm("\n\n"), "", "only newlines: no record");
	is_str(readm("a,b,c\n1,2\n1,2,3,4\n"), "1:a|b|c;2:1|2;3:1|2|3|4;",
	    "records of any width are handed on (arity is the caller's)");
	readm("a,b\n1,2\n3,4\n");
	is_int(info.lines, 3, "info.lines: 3 physical lines read");

	memset(&rec, 0, sizeof(rec));
	{
		struct csv_source src = { "mem", -1, "a\n1\n2\n3\n", 8 };
		struct csv_options opt = { 0, NULL, 1 << 24, NULL };

		rec.stop_after = 2;
		status = csv_read(&src, &opt, row_cb, problem_cb, &rec, &info,
		    err, sizeof(err));
		is_str(rec.log, "1:a;2:1;", "a non-zero return stops the read");
		is_int(status, CEP_OK, "stopping is not an error");
	}
}

/* ---- BOM, CRLF, delimiters ---- */

static void
test_format(void)
{
	is_str(readm("\xef\xbb\xbf" "a,b\n1,2\n"), "1:a|b;2:1|2;",
	    "a UTF-8 BOM is stripped");
	is_str(info.encoding, "UTF-8", "BOM: encoding UTF-8");
	is_int(info.bad_utf8_line, 0, "BOM: no bad line");
	is_str(readm("\xef\xbb\xbf" "\"a\",b\n"), "1:a|b;",
	    "a BOM before a quoted first field is stripped");
	is_str(readm("a,\xef\xbb\xbf" "b\n"), "1:a|\xef\xbb\xbf" "b;",
	    "a BOM elsewhere is data (import reports it)");

	is_str(readm("a,b\r\n1,2\r\n3,4\r\n"), "1:a|b;2:1|2;3:3|4;",
	    "CRLF: no CR in the values, lines right");
	is_str(readm("a,b\r\n\"x\r\ny\",2\r\n3,4\r\n"),
	    "1:a|b;2:x\\r\\ny|2;4:3|4;", "CRLF inside quotes kept; lines right");
	is_str(readm("a,b\n1,2\r\n3,4\n"), "1:a|b;2:1|2;3:3|4;",
	    "mixed LF and CRLF");
	is_str(readm("a,b\r1,2\r\r3,4\r"), "1:a|b;2:1|2;4:3|4;",
	    "lone CR line ends (old Mac files)");
	is_str(readm("a,b\r\"x\ry\",2\r3,4"), "1:a|b;2:x\\ry|2;4:3|4;",
	    "lone CR: a quoted CR moves the count");

	is_str(readm("a;b\n1;2\n"), "1:a|b;2:1|2;", "';' detected");
	is_int(info.delimiter, ';', "info.delimiter is ';'");
	is_str(readm("a,b\n1,2\n"), "1:a|b;2:1|2;", "',' detected");
	is_int(info.delimiter, ',', "info.delimiter is ','");
	is_str(readm("a;b;c\n1,5;2;3\n"), "1:a|b|c;2:1,5|2|3;",
	    "';' file: commas in values are data");
	is_str(readm("\"a,b,c\";d;e\n1;2;3\n"), "1:a,b,c|d|e;2:1|2|3;",
	    "quoted commas in the header do not count");
	is_int(info.delimiter, ';', "quoted commas: ';' still detected");
	is_str(readm("a;b,c\n"), "1:a;b|c;", "a tie goes to ','");
	is_str(readm("a\n1;2;3\n"), "1:a;2:1;2;3;",
	    "only the header line decides");
	is_str(readm("\n\na;b\n1;2\n"), "3:a|b;4:1|2;",
	    "the header line is the first non-blank one");
	is_str(readm("\"a\nx,y,z\";b\n1;2\n"), "1:a\\nx,y,z|b;3:1|2;",
	    "a header with a quoted newline: the whole record decides");
	is_str(READN("a,b;c\n", ';', NULL, 1 << 24), "1:a,b|c;",
	    "an explicit delimiter wins");
	is_int(info.delimiter, ';', "explicit: info.delimiter");
	is_str(READN("a\tb\n1\t2\n", '\t', NULL, 1 << 24),
	    "1:a|b;2:1|2;", "an explicit tab delimiter");
	is_str(READN("a\tb\n \"x\" \t y \n", '\t', NULL, 1 << 24),
	    "1:a|b;2:x|y;", "tab delimiter: spaces around values trimmed");
}

/* ---- quoting and trimming ---- */

static void
test_quoting(void)
{
	is_str(readm("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"l1\nl2\"\n"),
	    "1:a|b|c;2:x,y|say \"hi\"|l1\\nl2;",
	    "quoted delimiter, quote and newline");
	is_str(readm("a;b\n\"x;y\";\"1;2\"\n"), "1:a|b;2:x;y|1;2;",
	    "quoted ';' in a ';' file");
	is_str(readm("a,b\n\"\"\"\",\"\"\n"), "1:a|b;2:\"|;",
	    "a value that is one quote; an empty quoted value");
	is_str(readm("a,b\n\"0123\",01\n"), "1:a|b;2:0123|01;",
	    "leading zeros kept, quoted or not");

	is_str(readm("a,b\n  x  ,\ty\t\n"), "1:a|b;2:x|y;",
	    "spaces and tabs around unquoted values trimmed");
	is_str(readm("a,b\n\"  x  \",\" y\"\n"), "1:a|b;2:x|y;",
	    "spaces inside quotes trimmed");
	is_str(readm("a,b\n  \"x\"  ,  \"y\"  \n"), "1:a|b;2:x|y;",
	    "spaces outside quotes trimmed");
	is_str(readm("a,b\n \" x \" , \" y \" \n"), "1:a|b;2:x|y;",
	    "spaces inside and outside quotes trimmed");
	is_str(readm("a,b\nx  y,\" p  q \"\n"), "1:a|b;2:x  y|p  q;",
	    "inner spaces kept");
	is_str(readm("a,b\n\"\nx\n\",y\n"), "1:a|b;2:\\nx\\n|y;",
	    "newlines inside quotes are not trimmed");
	is_str(readm("a,b\n   ,\"   \"\n"), "1:a|b;2:|;",
	    "a value of spaces is empty");
	is_str(readm("a,b\n\"\xc3\xa9\",\"\xe2\x80\x99\"\n"),
	    "1:a|b;2:\xc3\xa9|\xe2\x80\x99;", "UTF-8 values kept");
}

/* ---- problems ---- */

static void
test_problems(void)
{
	is_str(readm("a,b\n1,\"x\n2,3\n"), "1:a|b;P2;",
	    "unterminated quote reported at the record's start line");
	ok(strstr(rec.msg, "unterminated") != NULL, "... as unterminated (%s)",
	    rec.msg);
	is_int(status, CEP_OK, "... status OK (a data problem)");
	is_str(readm("a,b\n1,2\n\n\"x,\n\n4,5\n"), "1:a|b;2:1|2;P4;",
	    "unterminated quote after a blank line: its own start line");
	is_str(readm("a,b\n1,2\n3,\"x"), "1:a|b;2:1|2;P3;",
	    "unterminated quote on the last line, no newline");

	is_str(readm("a,b\n1,x\"y\n2,3\n"), "1:a|b;P2;3:2|3;",
	    "quote inside an unquoted value: reported, next line read");
	ok(strstr(rec.msg, "quot") != NULL, "... as a quoting problem (%s)",
	    rec.msg);
	is_str(readm("a,b\n\"x\"y,1\n2,3\n"), "1:a|b;P2;3:2|3;",
	    "text after a closing quote: reported, next line read");
	is_str(readm("a,b\n\"x\ny\"z,1\n2,3\n"), "1:a|b;P2;4:2|3;",
	    "malformed quote in a multi-line record: at its start line");
	is_str(readm("a,b\n1,x\"y\n2,z\"w\n3,4\n"), "1:a|b;P2;P3;4:3|4;",
	    "two malformed lines: two problems");

	is_str(READN("a,b\n1,x\0y\n2,3\n", 0, NULL, 1 << 24),
	    "1:a|b;P2;3:2|3;", "NUL byte: reported, record dropped");
	ok(strstr(rec.msg, "NUL") != NULL, "... as a NUL byte (%s)", rec.msg);
	is_str(READN("a,b\n\"x\ny\0z\",2\n3,4\n", 0, NULL, 1 << 24),
	    "1:a|b;P2;4:3|4;",
	    "NUL byte on the second line of a record: at the record's start");
	is_str(READN("a,b\n\0\n1,2\n", 0, NULL, 1 << 24),
	    "1:a|b;P2;3:1|2;", "a line holding only a NUL byte: reported");

	is_str(READN("a,b\n12345678901234,2\n3,4\n", 0, NULL, 10),
	    "1:a|b;P2;3:3|4;",
	    "a field longer than max_field on one line: reported");
	is_str(READN("a,b\n\"12345678901\n2\",2\n3,4\n", 0, NULL, 10),
	    "1:a|b;P2;4:3|4;",
	    "a quoted field longer than max_field over two lines: one "
	    "problem at its start");
	is_str(READN("a,b\n1234567890,2\n", 0, NULL, 10),
	    "1:a|b;2:1234567890|2;", "a field of exactly max_field: accepted");

	{
		/* more fields than the reader takes */
		size_t len = 0, i;
		char *wide = malloc(2 + 5000 * 2 + 8);

		memcpy(wide, "a\n", 2);
		len = 2;
		for (i = 0; i < 5000; i++) {
			memcpy(wide + len, "1,", 2);
			len += 2;
		}
		memcpy(wide + len - 1, "\n2\n", 3);	/* the last ',' too */
		len += 2;
		is_str(readm_opt(wide, len, 0, NULL, 1 << 24), "1:a;P2;3:2;",
		    "a record of 5000 fields: a problem, the record dropped");
		free(wide);
	}
	/* a header that cannot be read: nothing after it can be either */
	is_str(READN("a\0,b\nc,d\n1,2\n", 0, NULL, 1 << 24), "P1;",
	    "NUL byte in the header: one problem, reading stops");
	is_str(READN("abcdefghijklmno,b\nc,d\n1,2\n", 0, NULL, 10), "P1;",
	    "overlong header value: one problem, reading stops");
	is_str(readm("a,b\"x\nc,d\n1,2\n"), "P1;",
	    "malformed quote in the header: one problem, reading stops");
	is_str(readm("\"a\"x,b\nc,d\n"), "P1;",
	    "text after a closing quote in the header: one problem, reading "
	    "stops");
	is_str(READN("a,b\n1,x\0y\n2,3\n", 0, NULL, 1 << 24), "1:a|b;P2;3:2|3;",
	    "a bad record after the header does not stop the reading");
	is_str(READN("\xff\xfe" "a\0,\0b\0\n\0", 0, NULL, 1 << 24),
	    "P1;", "UTF-16 (LE BOM): one problem at line 1, no record");
	ok(strstr(rec.msg, "UTF-16") != NULL, "... naming UTF-16 (%s)",
	    rec.msg);
}

/* ---- encodings ---- */

/*
 * The first pass skips ASCII eight bytes at a time and counts no lines;
 * the line of a bad byte is counted afterwards. Bad bytes past the first
 * 64 KiB block, after every kind of line end, and characters that straddle
 * an eight-byte word.
 */
static void
test_encoding_far(void)
{
	static char buf[200000];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "nom\n");
	for (i = 0; i < 3000; i++)	/* 3000 lines of LF, CRLF, lone CR */
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s",
		    i % 3 == 0 ? "abcdefghijklmnopqrstuv\n" : i % 3 == 1 ?
		    "abcdefghijklmnopqrstu\r\n" : "abcdefghijklmnopqrstuv\r");
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "Caf\xe9\n");
	ok(n > 65536, "the bad byte lies past the first block (%zu bytes)", n);
	readm_opt(buf, n, 0, NULL, 1 << 24);
	is_int(info.bad_utf8_line, 3002, "bad byte after 3000 mixed line ends: "
	    "line 3002");
	is_str(info.encoding, "WINDOWS-1252", "... read as Windows-1252");

	/* a file that ends inside a character, after many lines */
	n -= 2;
	buf[n++] = (char)0xc3;
	readm_opt(buf, n, 0, NULL, 1 << 24);
	is_int(info.bad_utf8_line, 3002, "a file ending inside a character: "
	    "the last line");

	/* two-, three- and four-byte characters at every word offset */
	for (i = 0; i < 8; i++) {
		char one[64];

		snprintf(one, sizeof(one), "nom\n%.*s\xc3\xa9\xe2\x82\xac"
		    "\xf0\x9f\x98\x80" "abcdefgh\n", i, "12345678");
		readm(one);
		if (info.bad_utf8_line != 0)
			break;
	}
	is_int(i, 8, "characters across eight-byte words are UTF-8");
	is_str(readm("n\xe9m,x\n1,2\n"), "1:n\xc3\xa9m|x;2:1|2;",
	    "a bad byte in the header line");
	is_int(info.bad_utf8_line, 1, "... is on line 1");
	is_int(info.delimiter, ',', "... and the delimiter is still found");
}

static void
test_encoding(void)
{
	is_str(readm("nom\nCaf\xe9\n"), "1:nom;2:Caf\xc3\xa9;",
	    "Windows-1252 \xe9 byte transcoded to UTF-8 \xc3\xa9");
	is_int(info.bad_utf8_line, 2, "bad_utf8_line is 2");
	is_str(info.encoding, "WINDOWS-1252", "encoding WINDOWS-1252");
	is_int(rec.nproblems, 0, "no problem: a warning is the caller's");
	is_str(readm("nom\nx\ny\nz\x80 \x92\x9c\n"),
	    "1:nom;2:x;3:y;4:z\xe2\x82\xac \xe2\x80\x99\xc5\x93;",
	    "Windows-1252 \x80, \x92 and \x9c transcoded");
	is_int(info.bad_utf8_line, 4, "bad_utf8_line is the first bad one (4)");
	is_str(readm("nom\n\xc3\xa9t\xc3\xa9\n\xe9t\xe9\n"),
	    "1:nom;2:\xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9;3:\xc3\xa9t\xc3\xa9;",
	    "a mixed file is read wholly as Windows-1252");
	is_int(info.bad_utf8_line, 3, "mixed: bad line 3");
	is_str(readm("nom\n\xc3\n"), "1:nom;2:\xc3\x83;",
	    "a truncated UTF-8 sequence makes the file Windows-1252");
	is_int(info.bad_utf8_line, 2, "truncated sequence: bad line 2");
	is_str(readm("nom\n\xed\xa0\x80\n"),
	    "1:nom;2:\xc3\xad\xc2\xa0\xe2\x82\xac;",
	    "an encoded surrogate is not UTF-8");
	is_str(readm("nom\rx\rCaf\xe9\r"), "1:nom;2:x;3:Caf\xc3\xa9;",
	    "Windows-1252 in a file of lone CR line ends");
	is_int(info.bad_utf8_line, 3, "... bad_utf8_line counts CR line ends "
	    "(3)");
	is_str(readm("nom\r\nx\r\nCaf\xe9\r\n"), "1:nom;2:x;3:Caf\xc3\xa9;",
	    "Windows-1252 in a CRLF file");
	is_int(info.bad_utf8_line, 3, "... bad_utf8_line 3");
	is_str(readm("nom\n\xc3\xa9\n"), "1:nom;2:\xc3\xa9;",
	    "valid UTF-8 is kept");
	is_int(info.bad_utf8_line, 0, "valid UTF-8: bad_utf8_line 0");
	is_str(info.encoding, "UTF-8", "valid UTF-8: encoding UTF-8");
	is_str(readm("nom\n\xf0\x9f\x98\x80\n"), "1:nom;2:\xf0\x9f\x98\x80;",
	    "a 4-byte character is UTF-8");
	is_int(info.bad_utf8_line, 0, "4-byte character: bad_utf8_line 0");
	is_str(readm("nom;x\nCaf\xe9;\"a;\xe9\"\n"),
	    "1:nom|x;2:Caf\xc3\xa9|a;\xc3\xa9;",
	    "Windows-1252 with ';' and quotes");

	is_str(READN("nom\nCaf\xe9\n", 0, "ISO-8859-1", 1 << 24),
	    "1:nom;2:Caf\xc3\xa9;", "explicit ISO-8859-1");
	is_int(info.bad_utf8_line, 0, "explicit: bad_utf8_line not set");
	is_str(info.encoding, "ISO-8859-1", "explicit: info.encoding");
	is_str(READN("nom\nCaf\xc3\xa9\n", 0, "WINDOWS-1252",
	    1 << 24), "1:nom;2:Caf\xc3\x83\xc2\xa9;",
	    "explicit Windows-1252 applies to valid UTF-8 too");
	is_str(READN("nom\nCaf\xc3\xa9\n", 0, "utf-8", 1 << 24),
	    "1:nom;2:Caf\xc3\xa9;", "explicit utf-8 (any case)");
	is_str(info.encoding, "UTF-8", "explicit utf-8: info.encoding");
	READN("nom\nCaf\xe9\n", 0, "UTF-8", 1 << 24);
	ok(rec.nproblems == 1 && strstr(rec.log, "P2;") != NULL,
	    "explicit UTF-8 with a bad byte: a problem at its line (%s)",
	    rec.log);
	ok(strstr(rec.msg, "UTF-8") != NULL, "... as invalid UTF-8 (%s)",
	    rec.msg);
	is_int(info.bad_utf8_line, 0, "explicit UTF-8: no fallback");
	is_str(READN("nom\nx\x81y\n1\n", 0, "WINDOWS-1252",
	    1 << 24), "1:nom;P2;3:1;",
	    "a byte Windows-1252 does not define: problem, record dropped");
	ok(strstr(rec.msg, "0x81") != NULL, "... naming the byte (%s)", rec.msg);
	READN("nom\nx\n", 0, "NO-SUCH-ENCODING", 1 << 24);
	ok(status != CEP_OK && strstr(err, "NO-SUCH-ENCODING") != NULL,
	    "unknown encoding: an error naming it (%d, %s)", status, err);
}

/* ---- files: the two-pass path ---- */

static char tmpl[] = "/tmp/test-csvread-XXXXXX";

static int
tmpfile_with(const char *s, size_t n)
{
	int fd;

	memcpy(tmpl + sizeof(tmpl) - 7, "XXXXXX", 6);
	if ((fd = mkstemp(tmpl)) == -1)
		return -1;
	unlink(tmpl);
	if (write(fd, s, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

struct big {
	long rows, bad, problems, lastline;
	long special_line;	/* line of the record holding the marker */
	char special[64];	/* its first field */
};

static int
big_row(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct big *b = ctx;

	if (b->rows > 0 && (n != 2 || line <= b->lastline))
		b->bad++;
	if (n == 2 && strcmp(fields[1], "MARK") == 0) {
		b->special_line = line;
		snprintf(b->special, sizeof(b->special), "%s", fields[0]);
	}
	(void)lens;
	b->lastline = line;
	b->rows++;
	return 0;
}

static void
big_problem(void *ctx, long line, const char *msg)
{
	struct big *b = ctx;

	(void)line;
	(void)msg;
	b->problems++;
}

static int
read_fd(int fd, csv_row_fn row, csv_problem_fn problem, void *ctx,
    const char *enc)
{
	struct csv_source src = { "file.csv", fd, NULL, 0 };
	struct csv_options opt = { 0, enc, 1 << 24, NULL };

	err[0] = '\0';
	return csv_read(&src, &opt, row, problem, ctx, &info, err, sizeof(err));
}

/* A file of `header` then "nnnnnnnnn,x\n" lines (12 bytes each) up to
 * about `total` bytes, with `insert` starting at byte offset `at`. */
static char *
build_big(const char *header, size_t total, size_t at, const char *insert,
    size_t *len)
{
	char *s = malloc(total + strlen(insert) + 256);
	size_t o, ins = strlen(insert), pad, i;
	long k = 0;

	if (s == NULL)
		return NULL;
	o = strlen(header);
	memcpy(s, header, o);
	while (o + 12 <= at) {
		sprintf(s + o, "%09ld,x\n", k++);
		o += 12;
	}
	if (o < at) {
		/* one filler line "pp..p,y\n" ends right before `at` */
		pad = at - o;
		if (pad < 4) {
			o -= 12;
			pad += 12;
		}
		for (i = 0; i < pad - 3; i++)
			s[o + i] = 'p';
		memcpy(s + o + pad - 3, ",y\n", 3);
		o += pad;
	}
	memcpy(s + o, insert, ins);
	o += ins;
	while (o + 12 <= total) {
		sprintf(s + o, "%09ld,x\n", k++);
		o += 12;
	}
	*len = o;
	return s;
}

static long
count_lines(const char *s, size_t n, size_t upto)
{
	long l = 1;
	size_t i;

	for (i = 0; i < n && i < upto; i++)
		l += s[i] == '\n';
	return l;
}

struct seq {
	long rows, gaps, last, problems;
};

static int
seq_row(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct seq *q = ctx;

	(void)fields;
	(void)lens;
	if (line != q->last + 1 || n != 2)
		q->gaps++;
	q->last = line;
	q->rows++;
	return 0;
}

static void
seq_problem(void *ctx, long line, const char *msg)
{
	struct seq *q = ctx;

	(void)line;
	(void)msg;
	q->problems++;
}

/* Lines of 12 bytes after a header of 4 or 5, so that a line end falls
 * on byte 65535: every record must be on the line after the last one,
 * read from memory and from a file. */
static void
test_cr_boundary(const char *header, const char *fmt, const char *what)
{
	struct csv_source src = { "mem", -1, NULL, 0 };
	struct csv_options opt = { 0, NULL, 1 << 24, NULL };
	struct seq q;
	size_t hl = strlen(header), n = hl;
	long k, nlines = 12000;
	char *s = malloc(hl + 12 * (size_t)nlines + 1);
	int fd, pass;

	if (s == NULL)
		return;
	memcpy(s, header, hl);
	for (k = 0; k < nlines; k++)
		n += (size_t)sprintf(s + n, fmt, k);
	ok(s[65535] == '\r', "%s: a CR is byte 65535 (then 0x%02x)", what,
	    (unsigned char)s[65536]);
	for (pass = 0; pass < 2; pass++) {
		memset(&q, 0, sizeof(q));
		if (pass == 0) {
			src.mem = s;
			src.memlen = n;
			status = csv_read(&src, &opt, seq_row, seq_problem, &q,
			    &info, err, sizeof(err));
		} else {
			fd = tmpfile_with(s, n);
			status = read_fd(fd, seq_row, seq_problem, &q, NULL);
			close(fd);
		}
		ok(status == CEP_OK && q.problems == 0 && q.gaps == 0 &&
		    q.rows == nlines + 1 && q.last == nlines + 1,
		    "%s across the block boundary (%s): %ld records, last on "
		    "line %ld, %ld gaps", what, pass ? "file" : "memory",
		    q.rows, q.last, q.gaps);
	}
	free(s);
}

static void
test_files(void)
{
	struct rec *r = &rec;
	struct big b;
	char *s;
	size_t n;
	int fd;
	long want_line;

	/* small file, same answers as memory */
#define SMALL "\xef\xbb\xbf" "a;b\r\n\"x\ny\";2\r\n3;4\r\n"
	if ((fd = tmpfile_with(SMALL, sizeof(SMALL) - 1)) == -1) {
		ok(0, "cannot create a temporary file");
		return;
	}
	memset(r, 0, sizeof(*r));
	status = read_fd(fd, row_cb, problem_cb, r, NULL);
	close(fd);
	is_int(status, CEP_OK, "file: status OK");
	is_str(r->log, "1:a|b;2:x\\ny|2;4:3|4;",
	    "file: BOM, ';', CRLF and a quoted newline");

	fd = tmpfile_with("nom\nCaf\xe9\n", 9);
	memset(r, 0, sizeof(*r));
	status = read_fd(fd, row_cb, problem_cb, r, NULL);
	close(fd);
	is_str(r->log, "1:nom;2:Caf\xc3\xa9;", "file: Windows-1252 detected "
	    "and transcoded (second pass)");
	is_int(info.bad_utf8_line, 2, "file: bad_utf8_line 2");

	/* an fd not at offset 0: both passes must read the same bytes (the
	 * second pass rewinds to 0, so the first must read from 0 too) */
	fd = tmpfile_with("\xef\xbb\xbf" "a;b\n1;2\n", 11);
	if (read(fd, err, 4) != 4)
		ok(0, "cannot read the temporary file");
	memset(r, 0, sizeof(*r));
	status = read_fd(fd, row_cb, problem_cb, r, NULL);
	close(fd);
	is_str(r->log, "1:a|b;2:1|2;", "file: an fd read from elsewhere than "
	    "offset 0 is still read whole, BOM and ';' found");

	/* a multi-byte character across the 64 KiB block boundary */
	s = build_big("id,v\n", 200000, 65533, "ab\xc3\xa9" "cd,MARK\n", &n);
	if (s == NULL) {
		ok(0, "out of memory");
		return;
	}
	ok((unsigned char)s[65535] == 0xc3 && (unsigned char)s[65536] == 0xa9,
	    "the big file splits \xc3\xa9 at offset 65536");
	want_line = count_lines(s, n, 65533);
	fd = tmpfile_with(s, n);
	memset(&b, 0, sizeof(b));
	status = read_fd(fd, big_row, big_problem, &b, NULL);
	close(fd);
	is_int(status, CEP_OK, "big file: status OK");
	is_int(b.problems, 0, "big file: no problem");
	is_int(b.bad, 0, "big file: every record has 2 fields, lines increase");
	is_int(b.rows, count_lines(s, n, n) - 1, "big file: every line is a "
	    "record");
	is_int(b.lastline, count_lines(s, n, n) - 1, "big file: last line "
	    "number right");
	is_str(b.special, "ab\xc3\xa9" "cd", "big file: \xc3\xa9 across the "
	    "boundary intact");
	is_int(b.special_line, want_line, "big file: its line number");
	is_int(info.bad_utf8_line, 0, "big file: still UTF-8");
	is_str(info.encoding, "UTF-8", "big file: encoding UTF-8");
	free(s);

	/* a quoted newline across the block boundary */
	s = build_big("id,v\n", 200000, 65536 - 3, "\"q\nr\",MARK\n", &n);
	ok(s[65536 - 3] == '"' && s[65536 - 1] == '\n' && s[65536] == 'r',
	    "the big file has a quoted newline at offset 65535");
	want_line = count_lines(s, n, 65536 - 3);
	fd = tmpfile_with(s, n);
	memset(&b, 0, sizeof(b));
	status = read_fd(fd, big_row, big_problem, &b, NULL);
	close(fd);
	is_int(b.problems, 0, "quoted newline at the boundary: no problem");
	is_int(b.bad, 0, "quoted newline at the boundary: records in order");
	is_str(b.special, "q\nr", "quoted newline at the boundary: value");
	is_int(b.special_line, want_line, "quoted newline at the boundary: "
	    "its start line");
	is_int(b.lastline, count_lines(s, n, n) - 1, "quoted newline at the "
	    "boundary: later lines counted");
	is_int(b.rows, count_lines(s, n, n) - 2, "quoted newline at the "
	    "boundary: every record read");
	free(s);

	/* a quote opened before the boundary, closed after, newline at it */
	s = build_big("id,v\n", 200000, 65536 - 40, "\"01234567890123456789"
	    "012345678901234567\n9\",MARK\n", &n);
	ok(s[65535] == '\n', "the big file has its quoted newline at byte "
	    "65535");
	want_line = count_lines(s, n, 65536 - 40);
	fd = tmpfile_with(s, n);
	memset(&b, 0, sizeof(b));
	status = read_fd(fd, big_row, big_problem, &b, NULL);
	close(fd);
	is_int(b.problems, 0, "quote across the boundary: no problem");
	is_str(b.special, "01234567890123456789012345678901234567\n9",
	    "quote across the boundary: value");
	is_int(b.special_line, want_line, "quote across the boundary: its "
	    "start line");
	is_int(b.bad, 0, "quote across the boundary: records in order");
	free(s);

	/* CRLF and lone CR split by the 64 KiB block boundary */
	test_cr_boundary("i,v\r\n", "%08ld,x\r\n", "CRLF");
	test_cr_boundary("i,v\r", "%09ld,x\r", "lone CR");

	/* Windows-1252 big file: é everywhere, one across the boundary */
	s = build_big("id,v\n", 200000, 65533, "ab\xe9" "cd,MARK\n", &n);
	{
		size_t i;

		for (i = 70000; i < n; i++)
			if (s[i] == 'x')
				s[i] = (char)0xe9;
	}
	want_line = count_lines(s, n, 65533);
	fd = tmpfile_with(s, n);
	memset(&b, 0, sizeof(b));
	status = read_fd(fd, big_row, big_problem, &b, NULL);
	close(fd);
	is_int(status, CEP_OK, "big Windows-1252 file: status OK");
	is_int(b.problems, 0, "big Windows-1252 file: no problem");
	is_int(b.bad, 0, "big Windows-1252 file: records in order");
	is_int(b.rows, count_lines(s, n, n) - 1, "big Windows-1252 file: every "
	    "line is a record");
	is_str(b.special, "ab\xc3\xa9" "cd", "big Windows-1252 file: "
	    "transcoded");
	is_int(b.special_line, want_line, "big Windows-1252 file: line");
	is_int(info.bad_utf8_line, want_line, "big Windows-1252 file: first "
	    "bad line");
	free(s);

	/* a BOM and a big file */
	s = build_big("\xef\xbb\xbf" "id,v\n", 150000, 65536, "x,MARK\n", &n);
	fd = tmpfile_with(s, n);
	memset(r, 0, sizeof(*r));
	r->stop_after = 1;
	status = read_fd(fd, row_cb, problem_cb, r, NULL);
	close(fd);
	is_str(r->log, "1:id|v;", "big file: BOM stripped from a file");
	free(s);
}


/* ---- the bytes of each record, for annotate ---- */

struct raws {
	struct csv_raw raw;
	char log[4096];
	size_t n;
};

static int
raw_row(void *ctx, long line, size_t n, char **fields, const size_t *lens)
{
	struct raws *w = ctx;
	size_t len = w->raw.n;

	(void)line;
	(void)n;
	(void)fields;
	(void)lens;
	if (w->n + len + 2 < sizeof(w->log)) {
		memcpy(w->log + w->n, w->raw.s, len);
		w->n += len;
		w->log[w->n++] = '|';
		w->log[w->n] = '\0';
	}
	return 0;
}

static void
raw_problem(void *ctx, long line, const char *msg)
{
	(void)ctx;
	(void)line;
	(void)msg;
}

/* The records of the n bytes of s as read, each followed by '|'. */
static const char *
raw_of_n(const char *s, size_t n, struct raws *w)
{
	struct csv_source src = { "mem", -1, s, n };
	struct csv_options opt = { 0, NULL, 1 << 24, NULL };

	memset(w, 0, sizeof(*w));
	opt.raw = &w->raw;
	status = csv_read(&src, &opt, raw_row, raw_problem, w, &info, err,
	    sizeof(err));
	free(w->raw.s);
	return w->log;
}

static const char *
raw_of(const char *s, struct raws *w)
{
	return raw_of_n(s, strlen(s), w);
}

static void
test_raw(void)
{
	struct raws w;
	char *s;
	size_t n, i;
	int ends;

	is_str(raw_of("a,b\r\n1,\" x \"\r\n", &w),
	    "a,b\r\n|1,\" x \"\r\n|", "raw: CRLF records as read");
	is_str(raw_of("a;b\n\n\"1\n2\";3\n4;5", &w),
	    "a;b\n|\n\"1\n2\";3\n|4;5|", "raw: a quoted newline, the blank "
	    "line before a record, no line end at the end");
	is_str(raw_of("\xef\xbb\xbfid\r1\r", &w), "id\r|1\r|",
	    "raw: the BOM is not a record's, a lone CR is its line end");
	ok(info.bom == 1, "raw: the BOM is told in the info");
	raw_of("a\tb\tc;d\n1\t2\t3;4\n", &w);
	ok(info.delimiter == '\t', "a tab is the delimiter when the header "
	    "has more tabs than commas or semicolons");
	raw_of("\t\n a;b \n", &w);
	ok(info.delimiter == ';', "the tabs of a blank line are not counted");
	/* a CRLF split by the end of a 64 KiB block stays one line end */
	n = 70000;
	if ((s = malloc(n)) == NULL)
		return;
	memcpy(s, "h\r\n", 3);
	for (i = 3; i + 4 <= n; i += 4)
		memcpy(s + i, "xy\r\n", 4);
	n = i;
	raw_of_n(s, n, &w);
	for (ends = 0, i = 0; i + 1 < w.n; i++)
		ends += w.log[i] == '\n' && w.log[i + 1] == '|';
	ok(status == CEP_OK && strstr(w.log, "|\n") == NULL &&
	    strstr(w.log, "\r|") == NULL, "raw: every record keeps its CRLF "
	    "across the block boundary (%d seen)", ends);
	free(s);
}

int
main(void)
{
	test_libcsv();
	test_lines();
	test_format();
	test_quoting();
	test_problems();
	test_encoding();
	test_encoding_far();
	test_files();
	test_raw();
	return tap_done();
}
