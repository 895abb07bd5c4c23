/*
 * people SEED ROWS COMMUNES OUT: a synthetic file of people for the
 * benchmark of annotate, OUT = `id,cp,date` and ROWS rows: `id` a running
 * number from 1, `cp` a real postcode drawn from COMMUNES (the output of
 * `cepdir export communes`) and `date` an ISO date drawn uniformly from
 * 2015-01-01 to 2027-12-31. COMMUNES is read by its header, so its column
 * order and any extra column (population...) do not matter; each of its
 * rows (one per commune and postcode) is equally likely. The same SEED,
 * ROWS and COMMUNES always give the same bytes.
 *
 * Plain C, no dependency: cc -O2 -o people bench/people.c
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FIRST_YEAR	2015
#define LAST_YEAR	2027

struct field {
	char	*s;
	size_t	 len, cap;
};

/* splitmix64, as in gen.c: small, fast, and the same everywhere. */
static uint64_t state;

static uint64_t
next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
die(const char *msg, const char *what)
{
	fprintf(stderr, "people: %s%s%s\n", what ? what : "", what ? ": " : "",
	    msg);
	exit(1);
}

/* Appends c to f, which stays NUL-terminated; c = -1 only empties f. */
static void
put(struct field *f, int c)
{
	if (c == -1)
		f->len = 0;
	if (f->len + 2 > f->cap) {
		f->cap = f->cap ? f->cap * 2 : 64;
		if ((f->s = realloc(f->s, f->cap)) == NULL)
			die("out of memory", NULL);
	}
	if (c != -1)
		f->s[f->len++] = (char)c;
	f->s[f->len] = '\0';
}

/*
 * Reads one RFC 4180 record of fp into fields (quotes, "" and quoted
 * newlines; LF or CRLF). Returns the number of fields, 0 at the end.
 */
static size_t
record(FILE *fp, struct field **fields, size_t *nalloc)
{
	size_t n = 0;
	int c, quoted = 0, any = 0;

	for (;;) {
		if (n == *nalloc) {
			*nalloc = *nalloc ? *nalloc * 2 : 8;
			*fields = realloc(*fields, *nalloc * sizeof(**fields));
			if (*fields == NULL)
				die("out of memory", NULL);
			memset(*fields + n, 0, (*nalloc - n) * sizeof(**fields));
		}
		put(&(*fields)[n], -1);
		for (;;) {
			c = getc(fp);
			if (c == EOF) {
				if (quoted)
					die("unterminated quote", "communes");
				return any ? n + 1 : 0;
			}
			any = 1;
			if (quoted) {
				if (c != '"')
					put(&(*fields)[n], c);
				else if ((c = getc(fp)) == '"')
					put(&(*fields)[n], c);
				else {
					quoted = 0;
					ungetc(c, fp);
				}
			} else if (c == '"')
				quoted = 1;
			else if (c == ',')
				break;
			else if (c == '\n')
				return n + 1;
			else if (c != '\r')
				put(&(*fields)[n], c);
		}
		n++;
	}
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant). */
static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
valid_postcode(const struct field *f)
{
	size_t i;

	if (f->len != 5)
		return 0;
	for (i = 0; i < 5; i++)
		if (!isdigit((unsigned char)f->s[i]))
			return 0;
	return 1;
}

int
main(int argc, char **argv)
{
	static char buf[1 << 16];
	struct field *fields = NULL;
	char (*cps)[6] = NULL;
	size_t nalloc = 0, n, col = SIZE_MAX, ncp = 0, cpcap = 0, i;
	long rows, r, first, span;
	int y, m, d;
	char *name;
	FILE *in, *out;

	if (argc != 5 || (rows = strtol(argv[2], NULL, 10)) < 1) {
		fprintf(stderr, "usage: people SEED ROWS COMMUNES OUT\n");
		return 2;
	}
	state = strtoull(argv[1], NULL, 10);
	if ((in = fopen(argv[3], "r")) == NULL) {
		perror(argv[3]);
		return 1;
	}

	/* The header: find `postcode`, whatever its place and case. */
	n = record(in, &fields, &nalloc);
	for (i = 0; i < n; i++) {
		name = fields[i].s;
		if (i == 0 && strncmp(name, "\xef\xbb\xbf", 3) == 0)
			name += 3;
		if (strcasecmp(name, "postcode") == 0)
			col = i;
	}
	if (col == SIZE_MAX)
		die("no postcode column in the header", argv[3]);

	while ((n = record(in, &fields, &nalloc)) != 0) {
		if (n <= col || !valid_postcode(&fields[col]))
			die("a row without a valid postcode", argv[3]);
		if (ncp == cpcap) {
			cpcap = cpcap ? cpcap * 2 : 1024;
			if ((cps = realloc(cps, cpcap * sizeof(*cps))) == NULL)
				die("out of memory", NULL);
		}
		memcpy(cps[ncp++], fields[col].s, 6);
	}
	if (ferror(in) || ncp == 0)
		die(ferror(in) ? "read error" : "no commune", argv[3]);
	fclose(in);

	if ((out = fopen(argv[4], "w")) == NULL) {
		perror(argv[4]);
		return 1;
	}
	setvbuf(out, buf, _IOFBF, sizeof(buf));
	first = days_from_civil(FIRST_YEAR, 1, 1);
	span = days_from_civil(LAST_YEAR, 12, 31) - first + 1;
	fputs("id,cp,date\n", out);
	for (r = 1; r <= rows; r++) {
		i = (size_t)(next() % ncp);
		civil_from_days(first + (long)(next() % (uint64_t)span),
		    &y, &m, &d);
		fprintf(out, "%ld,%s,%04d-%02d-%02d\n", r, cps[i], y, m, d);
	}
	if (ferror(out) || fclose(out) != 0)
		die("write error", argv[4]);
	for (i = 0; i < nalloc; i++)
		free(fields[i].s);
	free(fields);
	free(cps);
	return 0;
}
