/*
 * CSV reading over libcsv. libcsv is a bare state machine: it neither
 * counts lines, nor strips a BOM, nor knows encodings. This file feeds it
 * one physical line at a time so every record knows the line it starts on
 * (a quoted newline moves the count), and turns Windows-1252 or another
 * declared encoding into UTF-8 on the way in.
 *
 * A file is read twice: the first pass checks the encoding and finds the
 * delimiter of the header line, the second parses. Memory stays bounded by
 * the longest record (no value longer than max_field bytes is kept),
 * whatever the file's size. On request the bytes of each record are kept
 * as they were fed (annotate writes them back).
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <csv.h>

#include "cepdir.h"
#include "i18n.h"

#define BLOCK (64 * 1024)
#define MAX_FIELDS 4096
#define CARRY (4096 + 64)

struct reader {
	const struct csv_source *src;
	const struct csv_options *opt;
	csv_row_fn row;
	csv_problem_fn problem;
	void *ctx;
	struct csv_parser p;
	char delim;

	long line;		/* physical line of the bytes being fed */
	long rec_line;		/* line where the current record starts */
	int at_start;		/* no byte of the next record seen yet */
	int rec_bad;		/* the record had a problem: not handed on */
	int skip_line;		/* drop the rest of this physical line */
	int held_cr;		/* a block ended on CR: is LF next? */
	int stop;
	int delivered;		/* records handed on so far */
	int midline;		/* the last byte fed did not end a line */

	char *buf;		/* the fields of the record, back to back */
	size_t buflen, bufcap;
	size_t *offs, *lens;
	char **ptrs;
	size_t nf, capf;

	size_t memoff;		/* read position in a memory source */
	int nomem;		/* the error is out of memory, not I/O */
	char err[256];
};

static void
reader_nomem(struct reader *r)
{
	snprintf(r->err, sizeof(r->err), "%s", _("out of memory"));
	r->nomem = 1;
}

static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int
grow_fields(struct reader *r)
{
	size_t n = r->capf ? r->capf * 2 : 16;
	size_t *o, *l;
	char **p;

	if ((o = realloc(r->offs, n * sizeof(*o))) == NULL)
		return -1;
	r->offs = o;
	if ((l = realloc(r->lens, n * sizeof(*l))) == NULL)
		return -1;
	r->lens = l;
	if ((p = realloc(r->ptrs, n * sizeof(*p))) == NULL)
		return -1;
	r->ptrs = p;
	r->capf = n;
	return 0;
}

static void
too_long(struct reader *r)
{
	char msg[96];

	if (r->rec_bad)
		return;
	if (r->opt->max_field % (1024 * 1024) == 0)
		snprintf(msg, sizeof(msg), _("a value is longer than the "
		    "limit (%zu MiB)"), r->opt->max_field / (1024 * 1024));
	else
		snprintf(msg, sizeof(msg), _("a value is longer than the "
		    "limit (%zu bytes)"), r->opt->max_field);
	r->problem(r->ctx, r->rec_line, msg);
	r->rec_bad = 1;
}

static void
field_cb(void *data, size_t len, void *vr)
{
	struct reader *r = vr;
	const char *s = data;
	size_t need;
	char *nb;

	if (r->rec_bad || r->stop)
		return;
	if (len > r->opt->max_field) {
		too_long(r);
		return;
	}
	if (r->nf >= MAX_FIELDS) {
		r->problem(r->ctx, r->rec_line,
		    _("more than 4096 fields in one record"));
		r->rec_bad = 1;
		return;
	}
	/* Quoted values keep their spaces in libcsv; the contract trims. */
	while (len > 0 && is_blank((unsigned char)s[0])) {
		s++;
		len--;
	}
	while (len > 0 && is_blank((unsigned char)s[len - 1]))
		len--;
	if (r->nf == r->capf && grow_fields(r) == -1)
		goto nomem;
	need = r->buflen + len + 1;
	if (need > r->bufcap) {
		size_t cap = r->bufcap ? r->bufcap : 256;

		while (cap < need)
			cap *= 2;
		if ((nb = realloc(r->buf, cap)) == NULL)
			goto nomem;
		r->buf = nb;
		r->bufcap = cap;
	}
	if (len > 0)
		memcpy(r->buf + r->buflen, s, len);
	r->buf[r->buflen + len] = '\0';
	r->offs[r->nf] = r->buflen;
	r->lens[r->nf] = len;
	r->buflen += len + 1;
	r->nf++;
	return;
nomem:
	reader_nomem(r);
	r->stop = 1;
}

static void
record_cb(int c, void *vr)
{
	struct reader *r = vr;
	size_t i;

	(void)c;
	if (!r->rec_bad && !r->stop && r->nf > 0) {
		for (i = 0; i < r->nf; i++)
			r->ptrs[i] = r->buf + r->offs[i];
		r->delivered++;
		if (r->row(r->ctx, r->rec_line, r->nf, r->ptrs, r->lens) != 0)
			r->stop = 1;
	} else if (r->rec_bad && r->delivered == 0)
		r->stop = 1;	/* no usable header: nothing after it can be read */
	r->nf = 0;
	r->buflen = 0;
	r->rec_bad = 0;
	r->at_start = 1;
	if (r->opt->raw != NULL)
		r->opt->raw->n = 0;
}

static int
parser_init(struct reader *r)
{
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return -1;
	csv_set_delim(&r->p, (unsigned char)r->delim);
	/* libcsv grows a field this much at a time: the default (128 bytes)
	 * makes a long value cost thousands of reallocations */
	csv_set_blk_size(&r->p, 1024 * 1024);
	/* No space function: libcsv's own test (space or tab, the delimiter
	 * aside) is what the contract trims, and it saves a call per byte. */
	return 0;
}

/* After a malformed record libcsv cannot go on: start afresh on the next
 * physical line. */
static int
parser_reset(struct reader *r)
{
	csv_free(&r->p);
	r->nf = 0;
	r->buflen = 0;
	r->rec_bad = 0;
	r->at_start = 1;
	r->skip_line = 1;
	if (r->opt->raw != NULL)
		r->opt->raw->n = 0;
	return parser_init(r);
}

/* The record's bytes so far, for opt->raw. */
static int
keep_raw(struct reader *r, const char *s, size_t n)
{
	struct csv_raw *raw = r->opt->raw;
	size_t cap;
	char *p;

	if (raw->n + n > raw->cap) {
		for (cap = raw->cap ? raw->cap : 256; cap < raw->n + n; )
			cap *= 2;
		if ((p = realloc(raw->s, cap)) == NULL) {
			reader_nomem(r);
			r->stop = 1;
			return -1;
		}
		raw->s = p;
		raw->cap = cap;
	}
	memcpy(raw->s + raw->n, s, n);
	raw->n += n;
	return 0;
}

/* Feeds one piece of a physical line: a line end (LF, CRLF or a lone CR)
 * can only be its last bytes, and is never split (feed holds a CR back). */
static int
feed_segment(struct reader *r, const char *s, size_t n)
{
	size_t i;
	int eol = n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r');

	if (r->skip_line)
		goto out;
	if (r->opt->raw != NULL && !r->rec_bad && keep_raw(r, s, n) == -1)
		return -1;
	if (r->at_start) {
		for (i = 0; i < n; i++)
			if (!is_blank((unsigned char)s[i]) && s[i] != '\r' &&
			    s[i] != '\n')
				break;
		if (i < n) {
			r->rec_line = r->line;
			r->at_start = 0;
		}
	}
	if (memchr(s, '\0', n) != NULL && !r->rec_bad) {
		r->problem(r->ctx, r->rec_line, _("NUL byte in the line"));
		r->rec_bad = 1;
	}
	if (csv_parse(&r->p, s, n, field_cb, record_cb, r) != n) {
		if (csv_error(&r->p) == CSV_EPARSE) {
			r->problem(r->ctx, r->rec_line,
			    _("malformed quoting: a quote inside an "
			    "unquoted value, or text after a closing quote"));
			if (r->delivered == 0)
				r->stop = 1;	/* the header itself */
		}
		else {
			if (csv_error(&r->p) == CSV_ENOMEM)
				reader_nomem(r);
			else
				snprintf(r->err, sizeof(r->err), "%s",
				    csv_strerror(csv_error(&r->p)));
			return -1;
		}
		if (parser_reset(r) == -1)
			return -1;
		goto out;
	}
	if (r->p.entry_pos > r->opt->max_field) {
		/*
		 * A value still growing past the limit: report it once and
		 * empty libcsv's buffer (a public field of its parser) so
		 * memory stays bounded while it reads on to the value's end.
		 */
		too_long(r);
		r->p.entry_pos = 0;
	}
out:
	if (eol) {
		r->line++;
		r->skip_line = 0;
	}
	r->midline = n > 0 && !eol;
	return r->stop ? -1 : 0;
}

/* A CR held back at the end of a block: with the LF that may follow it,
 * or as a line end of its own (next NULL: the end of the input). */
static int
feed_held_cr(struct reader *r, const char **next, size_t *n)
{
	r->held_cr = 0;
	if (next != NULL && *n > 0 && (*next)[0] == '\n') {
		(*next)++;
		(*n)--;
		return feed_segment(r, "\r\n", 2);
	}
	return feed_segment(r, "\r", 1);
}

static int
feed(struct reader *r, const char *s, size_t n)
{
	const char *nl, *cr;
	size_t k;

	if (r->held_cr && n > 0 && feed_held_cr(r, &s, &n) == -1)
		return -1;
	while (n > 0) {
		nl = memchr(s, '\n', n);
		cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);
		if (cr != NULL && cr + 1 < s + n && cr[1] == '\n')
			cr = NULL;	/* CRLF: the LF ends the line */
		k = cr ? (size_t)(cr - s) + 1 : nl ? (size_t)(nl - s) + 1 : n;
		if (k == n && s[k - 1] == '\r') {
			/* the block ends on CR: an LF may begin the next */
			r->held_cr = 1;
			return k > 1 ? feed_segment(r, s, k - 1) : 0;
		}
		if (feed_segment(r, s, k) == -1)
			return -1;
		s += k;
		n -= k;
	}
	return 0;
}

/* Next block of raw bytes: from the file, or a slice of the buffer. */
static ssize_t
next_block(struct reader *r, char *block, const char **out)
{
	const struct csv_source *src = r->src;
	size_t n;
	ssize_t got;

	if (src->fd < 0) {
		n = src->memlen - r->memoff;
		if (n > BLOCK)
			n = BLOCK;
		*out = src->mem + r->memoff;
		r->memoff += n;
		return (ssize_t)n;
	}
	do
		got = read(src->fd, block, BLOCK);
	while (got == -1 && errno == EINTR);
	*out = block;
	return got;
}

static int
rewind_source(struct reader *r)
{
	r->memoff = 0;
	if (r->src->fd >= 0 && lseek(r->src->fd, 0, SEEK_SET) == -1) {
		snprintf(r->err, sizeof(r->err), _("cannot rewind: %s"),
		    strerror(errno));
		return -1;
	}
	return 0;
}

/* UTF-8 validity as a streaming state machine. */
struct utf8_state {
	int need;		/* continuation bytes still expected */
	unsigned char lo, hi;	/* bounds of the next byte */
};

static int
utf8_step(struct utf8_state *u, unsigned char c)
{
	if (u->need > 0) {
		if (c < u->lo || c > u->hi)
			return -1;
		u->lo = 0x80;
		u->hi = 0xbf;
		u->need--;
		return 0;
	}
	if (c < 0x80)
		return 0;
	u->lo = 0x80;
	u->hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		u->need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		u->need = 2;
		if (c == 0xe0)
			u->lo = 0xa0;
		else if (c == 0xed)
			u->hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		u->need = 3;
		if (c == 0xf0)
			u->lo = 0x90;
		else if (c == 0xf4)
			u->hi = 0x8f;
	} else
		return -1;
	return 0;
}

struct first_scan {
	long long off;		/* bytes scanned so far */
	long long bad_off;	/* first byte that is not UTF-8, or -1 */
	int bom, utf16;
	int header_done, header_started, in_quotes;
	long commas, semicolons, tabs;
	struct utf8_state u;
};

/* The header line: its delimiter, counted outside quotes. */
static size_t
scan_header(struct first_scan *sc, const unsigned char *s, size_t i, size_t n)
{
	for (; i < n && !sc->header_done; i++) {
		unsigned char c = s[i];

		if (sc->bad_off < 0 && utf8_step(&sc->u, c) == -1)
			sc->bad_off = sc->off + (long long)i;
		if (c == '"')
			sc->in_quotes = !sc->in_quotes;
		else if (!sc->in_quotes && c == ',')
			sc->commas++;
		else if (!sc->in_quotes && c == ';')
			sc->semicolons++;
		else if (!sc->in_quotes && c == '\t' && sc->header_started)
			sc->tabs++;	/* not the blanks of a blank line */
		if (!is_blank(c) && c != '\r' && c != '\n')
			sc->header_started = 1;
		if (c == '\n' && !sc->in_quotes && sc->header_started)
			sc->header_done = 1;
	}
	return i;
}

/* UTF-8 validity of the rest, eight ASCII bytes at a time. */
static void
scan_utf8(struct first_scan *sc, const unsigned char *s, size_t i, size_t n)
{
	uint64_t w;

	while (i < n) {
		if (sc->u.need == 0 && n - i >= sizeof(w)) {
			memcpy(&w, s + i, sizeof(w));
			if ((w & 0x8080808080808080ULL) == 0) {
				i += sizeof(w);
				continue;
			}
		}
		if (utf8_step(&sc->u, s[i]) == -1) {
			sc->bad_off = sc->off + (long long)i;
			return;
		}
		i++;
	}
}

static void
scan_bytes(struct first_scan *sc, const unsigned char *s, size_t n, int first)
{
	size_t i = 0;

	if (first) {
		if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
			sc->bom = 1;
			i = 3;
		} else if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
		    (s[0] == 0xfe && s[1] == 0xff)))
			sc->utf16 = 1;
	}
	i = scan_header(sc, s, i, n);
	if (sc->bad_off < 0)
		scan_utf8(sc, s, i, n);
	sc->off += (long long)n;
}

/*
 * The line of a byte offset, counted as when parsing (LF, CRLF and a lone
 * CR each end a line). Only for a message: the first pass does not count
 * lines, so a file read once more up to the offset.
 */
static int
line_of(struct reader *r, long long off, long *line)
{
	char *block = NULL;
	const char *b;
	ssize_t n;
	long long at = 0;
	int prev_cr = 0;
	size_t i, k;

	*line = 1;
	if (rewind_source(r) == -1)
		return -1;
	if (r->src->fd >= 0 && (block = malloc(BLOCK)) == NULL) {
		reader_nomem(r);
		return -1;
	}
	while (at < off && (n = next_block(r, block, &b)) > 0) {
		k = (size_t)n;
		if ((long long)k > off - at)
			k = (size_t)(off - at);
		for (i = 0; i < k; i++) {
			if (b[i] == '\r' || (b[i] == '\n' && !prev_cr))
				(*line)++;
			prev_cr = b[i] == '\r';
		}
		at += (long long)k;
	}
	free(block);
	return 0;
}

static int
first_pass(struct reader *r, struct first_scan *sc, long *bad_line)
{
	char *block = NULL;
	const char *b;
	ssize_t n;
	int first = 1, rc = 0;

	memset(sc, 0, sizeof(*sc));
	sc->bad_off = -1;
	*bad_line = 0;
	if (r->src->fd >= 0 && (block = malloc(BLOCK)) == NULL) {
		reader_nomem(r);
		return -1;
	}
	while ((n = next_block(r, block, &b)) > 0) {
		scan_bytes(sc, (const unsigned char *)b, (size_t)n, first);
		first = 0;
	}
	if (n < 0) {
		snprintf(r->err, sizeof(r->err), "%s", strerror(errno));
		rc = -1;
	}
	free(block);
	if (rc == 0 && sc->bad_off < 0 && sc->u.need > 0)
		sc->bad_off = sc->off;	/* it ends inside a character */
	if (rc == 0 && sc->bad_off >= 0)
		rc = line_of(r, sc->bad_off, bad_line);
	return rc;
}

/* Converts a block with iconv, feeding the UTF-8 it yields. Bytes the
 * encoding does not define are problems, then skipped. */
static int
feed_converted(struct reader *r, iconv_t cd, char *carry, size_t *ncarry,
    const char *in, size_t n, int last)
{
	char out[4 * 4096 + 16];
	char *ip, *op;
	size_t il, ol, k;
	char msg[96];
	int rc;

	while (n > 0 || *ncarry > 0) {
		/* Append to the carried bytes, a little at a time. */
		k = CARRY - *ncarry;
		if (k > n)
			k = n;
		memcpy(carry + *ncarry, in, k);
		*ncarry += k;
		in += k;
		n -= k;
		ip = carry;
		il = *ncarry;
		op = out;
		ol = sizeof(out);
		rc = (int)iconv(cd, &ip, &il, &op, &ol);
		if (feed(r, out, (size_t)(op - out)) == -1)
			return -1;
		if (rc == -1 && errno == EILSEQ) {
			snprintf(msg, sizeof(msg), _("byte 0x%02X is not "
			    "valid in the file's encoding"), (unsigned char)*ip);
			r->problem(r->ctx, r->line, msg);
			r->rec_bad = 1;
			ip++;
			il--;
		} else if (rc == -1 && errno == EINVAL && n == 0 && last) {
			r->problem(r->ctx, r->line, _("the file ends inside "
			    "a multi-byte character"));
			il = 0;
		}
		memmove(carry, ip, il);
		*ncarry = il;
		if (n == 0 && (il == 0 || (rc == -1 && errno == EINVAL)))
			break;
	}
	return 0;
}

static int
second_pass(struct reader *r, const struct first_scan *sc, const char *encoding)
{
	char *block = NULL, carry[CARRY];
	const char *b;
	ssize_t n;
	size_t ncarry = 0, skip = sc->bom ? 3 : 0;
	iconv_t cd = (iconv_t)-1;
	int rc = -1;

	if (encoding != NULL) {
		if ((cd = iconv_open("UTF-8", encoding)) == (iconv_t)-1) {
			snprintf(r->err, sizeof(r->err), _("unknown encoding %s"),
			    encoding);
			return -1;
		}
	}
	if (r->src->fd >= 0 && (block = malloc(BLOCK)) == NULL) {
		reader_nomem(r);
		goto out;
	}
	if (parser_init(r) == -1) {
		reader_nomem(r);
		goto out;
	}
	r->line = 1;
	r->at_start = 1;
	while ((n = next_block(r, block, &b)) > 0) {
		if (skip > 0) {
			size_t k = (size_t)n < skip ? (size_t)n : skip;

			b += k;
			n -= (ssize_t)k;
			skip -= k;
		}
		if (cd != (iconv_t)-1) {
			if (feed_converted(r, cd, carry, &ncarry, b, (size_t)n,
			    0) == -1)
				goto fail;
		} else if (feed(r, b, (size_t)n) == -1)
			goto fail;
	}
	if (n < 0) {
		snprintf(r->err, sizeof(r->err), "%s", strerror(errno));
		goto fail;
	}
	if (cd != (iconv_t)-1 && ncarry > 0 &&
	    feed_converted(r, cd, carry, &ncarry, "", 0, 1) == -1)
		goto fail;
	if (r->held_cr && !r->stop && feed_held_cr(r, NULL, NULL) == -1)
		goto fail;
	if (!r->stop && csv_fini(&r->p, field_cb, record_cb, r) != 0)
		r->problem(r->ctx, r->rec_line, _("unterminated quoted "
		    "value (a quote opened here is never closed)"));
	rc = r->stop && r->err[0] != '\0' ? -1 : 0;
fail:
	csv_free(&r->p);
out:
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	free(block);
	return rc;
}

/* The delimiter the header line uses most, outside quotes: a comma on a
 * tie (a one-column file), then a semicolon. */
static char
header_delimiter(const struct first_scan *sc)
{
	if (sc->tabs > sc->commas && sc->tabs > sc->semicolons)
		return '\t';
	return sc->semicolons > sc->commas ? ';' : ',';
}

int
csv_read(const struct csv_source *src, const struct csv_options *opt,
    csv_row_fn row, csv_problem_fn problem, void *ctx, struct csv_info *info,
    char *err, size_t errsz)
{
	struct reader r;
	struct first_scan sc;
	const char *enc = NULL;
	long bad_line;
	int rc = CEP_OK;

	memset(&r, 0, sizeof(r));
	memset(info, 0, sizeof(*info));
	r.src = src;
	r.opt = opt;
	r.row = row;
	r.problem = problem;
	r.ctx = ctx;
	if (rewind_source(&r) == -1 || first_pass(&r, &sc, &bad_line) == -1) {
		rc = r.nomem ? CEP_SOFTWARE : CEP_IOERR;
		goto out;
	}
	if (sc.utf16) {
		problem(ctx, 1, _("the file is UTF-16 text: save it as "
		    "UTF-8 CSV"));
		goto out;
	}
	if (opt->encoding != NULL && strcasecmp(opt->encoding, "UTF-8") != 0
	    && strcasecmp(opt->encoding, "UTF8") != 0)
		enc = opt->encoding;
	else if (opt->encoding == NULL && bad_line != 0) {
		enc = "WINDOWS-1252";
		info->bad_utf8_line = bad_line;
	} else if (bad_line != 0)
		problem(ctx, bad_line, _("invalid UTF-8"));
	snprintf(info->encoding, sizeof(info->encoding), "%s",
	    enc ? enc : "UTF-8");
	r.delim = opt->delimiter ? opt->delimiter : header_delimiter(&sc);
	info->delimiter = r.delim;
	info->bom = sc.bom;
	if (rewind_source(&r) == -1 || second_pass(&r, &sc, enc) == -1)
		rc = r.stop && r.err[0] == '\0' ? CEP_OK : r.nomem ?
		    CEP_SOFTWARE : CEP_IOERR;
	info->lines = r.line - 1 + r.midline;
out:
	if (rc != CEP_OK)
		snprintf(err, errsz, "%s", r.err);
	free(r.buf);
	free(r.offs);
	free(r.lens);
	free(r.ptrs);
	return rc;
}
