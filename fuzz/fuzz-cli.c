/*
 * Fuzz target: the command line. src/main.c and src/cmd-*.c are compiled
 * into this target with -Dmain=cepdir_main; each input is an argv (its
 * NUL-separated words, at most 16), run as
 *
 *	cepdir --db TMPDB WORD...
 *
 * where TMPDB ($TMPDIR/fuzz-cli-PID.db) is a small store made once at
 * start-up from the dataset below, removed at exit (or by the next run,
 * if this one crashed). Nothing may touch the file system beyond reading TMPDB:
 * - the command word `import` is replaced (but `help import` is kept), and
 *   -o/--output and -d/--db are taken out of the words;
 * - as a second guard, fuzz/build.sh compiles cmd-import.c with
 *   -Dimport_run=fuzz_import_run and cmd-export.c with
 *   -Dmkstemp=fuzz_mkstemp: the stubs below refuse to write.
 * main fcloses stdout (finish_stdout), so stdout is a fresh /dev/null
 * stream for every run; stderr is a /dev/null stream while main runs (the
 * variable only: fd 2 stays, for the sanitizers' reports).
 * The exit status must be one of the contract's: 0 1 2 65 66 70 74; 70
 * (internal error) aborts too, as no input should cause one.
 *
 * stdout is an open_memstream, checked once main has closed it:
 * - a usage error (2) writes nothing on stdout;
 * - JSON (output starting with '[') is one array of objects whose values
 *   are strings or null, with the same keys in every object; NDJSON
 *   (starting with '{') is one such object per line;
 * - TSV (no value of the dataset holds a tab, so a tab means TSV) has the
 *   same number of fields on every line;
 * - CSV with a header (a first line of column names joined by ',', or ';'
 *   after a BOM with --excel) has the same number of fields in every
 *   record (RFC 4180 quoting), with CRLF line ends exactly when ';'.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cepdir.h"

#define MAX_ARGS 16

int cepdir_main(int argc, char **argv);
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int fuzz_import_run(const char *dbpath, char *const *paths, int npaths,
    const struct import_options *opt, const struct import_sink *sink,
    struct import_result *res, char *err, size_t errsz);
int fuzz_mkstemp(char *tmpl);

static const char regions_csv[] =
    "code,name,kind,valid_from,valid_to,successor,aliases\n"
    "04,La Réunion,drom,,,,Réunion\n"
    "11,Île-de-France,metro,,,,IDF\n"
    "23,Haute-Normandie,metro,,2015-12-31,28,\n"
    "25,Basse-Normandie,metro,,2015-12-31,28,\n"
    "28,Normandie,metro,2016-01-01,,,\n"
    "53,Bretagne,metro,,,,BZH\n"
    "93,Provence-Alpes-Côte d'Azur,metro,,,,PACA Sud\n";
static const char departments_csv[] =
    "code,name,region,valid_from,valid_to\n"
    "14,Calvados,25,,2015-12-31\n"
    "14,Calvados,28,2016-01-01,\n"
    "2A,Corse-du-Sud,93,,\n"
    "35,Ille-et-Vilaine,53,,\n"
    "75,Paris,11,,\n"
    "76,Seine-Maritime,23,,2015-12-31\n"
    "76,Seine-Maritime,28,2016-01-01,\n"
    "93,Seine-Saint-Denis,11,,\n"
    "974,La Réunion,04,,\n";
static const char communes_csv[] =
    "insee,name,department,postcode\n"
    "14118,Caen,14,14000\n"
    "2A004,Ajaccio,2A,20000\n"
    "35238,Rennes,35,35000\n"
    "35238,Rennes,35,35200\n"
    "75056,Paris,75,75001\n"
    "75056,Paris,75,75002\n"
    "76540,Rouen,76,76000\n"
    "76540,Rouen,76,76100\n"
    "93066,Saint-Denis,93,93200\n"
    "97411,Saint-Denis,974,97400\n"
    "97411,Saint-Denis,974,97490\n";
static const char operators_csv[] =
    "id,name,kind,website,phone,valid_from,valid_to,successor,source\n"
    "pole-emploi,Pôle emploi,national,https://www.pole-emploi.fr,,"
    "2015-01-01,2023-12-31,france-travail,\n"
    "france-travail,France Travail,national,https://www.francetravail.fr,"
    "3949,2024-01-01,,,\n"
    "apec,Apec,national,https://www.apec.fr,,2015-01-01,,,\n"
    "cap-emploi,Cap emploi,national,,,2015-01-01,,,\n"
    "fongecif-bretagne,Fongecif Bretagne,regional,,,2015-01-01,2019-12-31,"
    "transitions-bretagne,\n"
    "transitions-bretagne,Transitions Pro Bretagne,regional,,,2020-01-01,,,"
    "\n"
    "evolutio,\"Évolutio, Normandie\",regional,,,2020-01-01,,,\n";
static const char coverage_csv[] =
    "operator,region,public,valid_from,valid_to,source\n"
    "pole-emploi,*,jobseekers,2015-01-01,2023-12-31,\n"
    "france-travail,*,jobseekers,2024-01-01,,\n"
    "apec,*,executives,2015-01-01,,\n"
    "cap-emploi,*,disabled,2015-01-01,,\n"
    "fongecif-bretagne,53,employed,2015-01-01,2019-12-31,\n"
    "transitions-bretagne,53,employed,2020-01-01,,\n"
    "evolutio,28,employed,2020-01-01,,\n"
    "transitions-bretagne,28,employed,2021-01-01,2021-12-31,overlap\n";

static char dbpath[4096];
static const char *const *cur_args;
static size_t cur_nargs;
static FILE *errnull, *outnull, *saved_stderr;

static void
remove_db(void)
{
	if (dbpath[0] != '\0')
		unlink(dbpath);
}

/*
 * The stores of runs that ended without exit (a crash, libFuzzer's _Exit):
 * fuzz-cli-PID.db of a process that is gone.
 */
static void
remove_stale(const char *dir)
{
	struct dirent *de;
	char path[4096], end[8];
	DIR *d;
	long pid;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (sscanf(de->d_name, "fuzz-cli-%ld%4s", &pid, end) != 2 ||
		    strcmp(end, ".db") != 0 || pid <= 0)
			continue;
		if (kill((pid_t)pid, 0) == -1 && errno == ESRCH) {
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
	}
	closedir(d);
}

static void
sink_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	(void)ctx;
	fprintf(stderr, "fuzz-cli: dataset: %s:%ld: %s: %s\n", file, line,
	    column, msg);
}

static void
make_db(void)
{
	static const struct { const char *name, *csv; } files[] = {
		{ "regions.csv", regions_csv },
		{ "departments.csv", departments_csv },
		{ "communes.csv", communes_csv },
		{ "operators.csv", operators_csv },
		{ "coverage.csv", coverage_csv },
	};
	struct import_options opt;
	struct import_sink sink = { .problem = sink_problem };
	struct import_result res;
	struct importer *imp;
	const char *tmp = getenv("TMPDIR");
	sqlite3 *sql = NULL;
	char err[256];
	size_t i;
	int fd;

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	remove_stale(tmp);
	snprintf(dbpath, sizeof(dbpath), "%s/fuzz-cli-%ld.db", tmp,
	    (long)getpid());
	if ((fd = open(dbpath, O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1) {
		perror(dbpath);
		exit(1);
	}
	close(fd);
	atexit(remove_db);
	memset(&opt, 0, sizeof(opt));
	if (sqlite3_open(dbpath, &sql) != SQLITE_OK ||
	    db_create_schema(sql, err, sizeof(err)) != CEP_OK ||
	    (imp = importer_new(sql, &opt, &sink)) == NULL) {
		fprintf(stderr, "fuzz-cli: cannot create %s\n", dbpath);
		exit(1);
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		importer_add_buffer(imp, files[i].name, files[i].csv,
		    strlen(files[i].csv));
	if (importer_finish(imp, &res) != CEP_OK) {
		fprintf(stderr, "fuzz-cli: the dataset does not import: %s\n",
		    importer_error(imp));
		exit(1);
	}
	importer_free(imp);
	sqlite3_close(sql);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	make_db();
	saved_stderr = stderr;
	if ((errnull = fopen("/dev/null", "w")) == NULL ||
	    (outnull = fopen("/dev/null", "w")) == NULL) {
		perror("fuzz-cli: /dev/null");
		exit(1);
	}
	return 0;
}

/* The guards: import and export -o never get here, or sanitize() has a
 * hole to fix. Nothing is written either way. */
static void
guard(const char *what)
{
	fprintf(saved_stderr, "fuzz-cli: %s reached: sanitize() let it "
	    "through\n", what);
	abort();
}

int
fuzz_import_run(const char *path, char *const *paths, int npaths,
    const struct import_options *opt, const struct import_sink *sink,
    struct import_result *res, char *err, size_t errsz)
{
	(void)path;
	(void)paths;
	(void)npaths;
	(void)opt;
	(void)sink;
	memset(res, 0, sizeof(*res));
	snprintf(err, errsz, "fuzz-cli: import is not run");
	guard("import");
	return CEP_IOERR;
}

int
fuzz_mkstemp(char *tmpl)
{
	(void)tmpl;
	errno = EROFS;
	guard("export -o");
	return -1;
}

/* A prefix (at least min bytes) of name? For getopt_long's abbreviations. */
static int
abbrev(const char *s, size_t n, const char *name, size_t min)
{
	return n >= min && n <= strlen(name) && strncmp(s, name, n) == 0;
}

/*
 * Takes out what could write a file or open another database: -o, -d,
 * --output, --db (and their abbreviations), and the command word import
 * (kept after help, where it is an argument).
 */
static void
sanitize(char **v, int n)
{
	char *s;
	size_t k;
	int i;

	for (i = 0; i < n; i++) {
		s = v[i];
		if (strcmp(s, "import") == 0 && !(i > 0 &&
		    strcmp(v[i - 1], "help") == 0)) {
			strcpy(s, "imprt");
			continue;
		}
		if (s[0] != '-' || s[1] == '\0')
			continue;
		if (s[1] == '-') {
			k = strcspn(s + 2, "=");
			if (k > 0 && (abbrev(s + 2, k, "output", 1) ||
			    abbrev(s + 2, k, "db", 1)))
				strcpy(s + 2, "q");	/* --quiet */
			continue;
		}
		/* a cluster of short options: -qVo DIR, -dFILE */
		for (k = 1; s[k] != '\0'; k++) {
			if (s[k] == 'o' || s[k] == 'd')
				s[k] = 'q';
			else if (s[k] == 'f' || s[k] == 'p')
				break;	/* the rest is the value */
		}
	}
}

static void
bad_output(const char *why, const char *out, size_t len)
{
	size_t i;

	fprintf(saved_stderr, "fuzz-cli: %s; for:", why);
	for (i = 0; i < cur_nargs; i++)
		fprintf(saved_stderr, " '%s'", cur_args[i]);
	fprintf(saved_stderr, "\n--- stdout (%zu bytes)\n%.*s\n---\n", len,
	    (int)(len < 2000 ? len : 2000), out);
	abort();
}

/* ---- a strict reader of the JSON cepdir writes ---- */

struct js {
	const char *s, *end;
	int err;
};

static void
js_ws(struct js *j)
{
	while (j->s < j->end && (*j->s == ' ' || *j->s == '\n' ||
	    *j->s == '\r' || *j->s == '\t'))
		j->s++;
}

static int
js_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* A string; its raw text (between the quotes) in *t, *tn. */
static void
js_string(struct js *j, const char **t, size_t *tn)
{
	unsigned char c;

	if (j->s >= j->end || *j->s != '"') {
		j->err = 1;
		return;
	}
	*t = ++j->s;
	while (j->s < j->end && *j->s != '"') {
		c = (unsigned char)*j->s;
		if (c < 0x20) {
			j->err = 1;	/* control characters are escaped */
			return;
		}
		if (c == '\\') {
			j->s++;
			if (j->s >= j->end) {
				j->err = 1;
				return;
			}
			if (*j->s == 'u') {
				if (j->end - j->s < 5 || !js_hex(j->s[1]) ||
				    !js_hex(j->s[2]) || !js_hex(j->s[3]) ||
				    !js_hex(j->s[4])) {
					j->err = 1;
					return;
				}
				j->s += 4;
			} else if (strchr("\"\\/bfnrt", *j->s) == NULL) {
				j->err = 1;
				return;
			}
		}
		j->s++;
	}
	if (j->s >= j->end) {
		j->err = 1;
		return;
	}
	*tn = (size_t)(j->s - *t);
	j->s++;
}

/*
 * An object of string or null values. The first object's keys are kept in
 * keys (its raw text); the others must have the same.
 */
static void
js_object(struct js *j, char *keys, size_t keysz, int first)
{
	const char *t;
	size_t tn, k = 0;

	js_ws(j);
	if (j->s >= j->end || *j->s != '{') {
		j->err = 1;
		return;
	}
	j->s++;
	js_ws(j);
	if (j->s < j->end && *j->s == '}') {
		j->s++;
		return;
	}
	for (;;) {
		js_ws(j);
		js_string(j, &t, &tn);
		if (j->err)
			return;
		/* the key, followed by a NUL in keys */
		if (first) {
			if (k + tn + 1 >= keysz) {
				j->err = 1;
				return;
			}
			memcpy(keys + k, t, tn);
			keys[k + tn] = '\0';
		} else if (k + tn + 1 >= keysz || memcmp(keys + k, t, tn) != 0 ||
		    keys[k + tn] != '\0') {
			j->err = 2;
			return;
		}
		k += tn + 1;
		js_ws(j);
		if (j->s >= j->end || *j->s != ':') {
			j->err = 1;
			return;
		}
		j->s++;
		js_ws(j);
		if (j->end - j->s >= 4 && memcmp(j->s, "null", 4) == 0)
			j->s += 4;
		else
			js_string(j, &t, &tn);
		if (j->err)
			return;
		js_ws(j);
		if (j->s < j->end && *j->s == ',') {
			j->s++;
			continue;
		}
		if (j->s < j->end && *j->s == '}') {
			j->s++;
			break;
		}
		j->err = 1;
		return;
	}
	if (first && k < keysz)
		keys[k] = '\1';		/* the end of the key list */
	else if (!first && (k >= keysz || keys[k] != '\1'))
		j->err = 2;
}

static void
check_json(const char *out, size_t len)
{
	struct js j = { out, out + len, 0 };
	char keys[1024];
	int first = 1;

	j.s++;				/* '[' */
	js_ws(&j);
	if (j.s < j.end && *j.s == ']')
		j.s++;
	else
		for (;;) {
			js_object(&j, keys, sizeof(keys), first);
			first = 0;
			if (j.err)
				break;
			js_ws(&j);
			if (j.s < j.end && *j.s == ',') {
				j.s++;
				continue;
			}
			if (j.s < j.end && *j.s == ']')
				j.s++;
			else
				j.err = 1;
			break;
		}
	js_ws(&j);
	if (j.err == 2)
		bad_output("JSON objects with different keys", out, len);
	if (j.err || j.s != j.end)
		bad_output("invalid JSON (or not an array of objects of strings "
		    "and nulls)", out, len);
}

static void
check_ndjson(const char *out, size_t len)
{
	struct js j = { out, out + len, 0 };
	char keys[1024];
	const char *nl;
	int first = 1;

	while (j.s < j.end && !j.err) {
		if ((nl = memchr(j.s, '\n', (size_t)(j.end - j.s))) == NULL)
			bad_output("NDJSON: the last line has no line end", out,
			    len);
		j.end = nl;
		js_object(&j, keys, sizeof(keys), first);
		first = 0;
		if (j.err == 2)
			bad_output("NDJSON objects with different keys", out,
			    len);
		if (j.err || j.s != nl)
			bad_output("NDJSON: a line is not one JSON object", out,
			    len);
		j.s = nl + 1;
		j.end = out + len;
	}
}

static void
check_tsv(const char *out, size_t len)
{
	size_t i, tabs = 0, want = 0;
	int line = 0;

	for (i = 0; i < len; i++) {
		if (out[i] == '\t')
			tabs++;
		else if (out[i] == '\n') {
			if (line++ == 0)
				want = tabs;
			else if (tabs != want)
				bad_output("TSV lines with different numbers of "
				    "fields", out, len);
			tabs = 0;
		}
	}
	if (len > 0 && out[len - 1] != '\n')
		bad_output("TSV: the last line has no line end", out, len);
}

/* A CSV header: column names joined by delim, then the line end. */
static int
csv_header(const char *s, const char *end, char delim)
{
	int n = 0;

	for (; s < end && *s != '\n' && *s != '\r'; s++) {
		if (*s == delim)
			n++;
		else if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return 0;
	}
	return n > 0;
}

static void
check_csv(const char *out, size_t len, char delim)
{
	const char *s = out, *end = out + len;
	size_t fields = 1, want = 0;
	int quoted = 0, records = 0, crlf = delim == ';';

	if (crlf)
		s += 3;			/* the BOM */
	for (; s < end; s++) {
		if (quoted) {
			if (*s == '"' && s + 1 < end && s[1] == '"')
				s++;
			else if (*s == '"')
				quoted = 0;
			continue;
		}
		if (*s == '"') {
			if (s > out && s[-1] != delim && s[-1] != '\n')
				bad_output("CSV: a quote inside an unquoted "
				    "value", out, len);
			quoted = 1;
		} else if (*s == delim)
			fields++;
		else if (*s == '\r' || *s == '\n') {
			if (crlf != (*s == '\r') ||
			    (crlf && (s + 1 >= end || s[1] != '\n')))
				bad_output(crlf ? "CSV --excel: a line end is "
				    "not CRLF" : "CSV: a line end is not LF",
				    out, len);
			s += crlf;
			if (records++ == 0)
				want = fields;
			else if (fields != want)
				bad_output("CSV records with different numbers "
				    "of fields", out, len);
			fields = 1;
		}
	}
	if (quoted || (len > 0 && out[len - 1] != '\n'))
		bad_output("CSV: the output ends inside a record", out, len);
}

static void
check_output(int rc, const char *out, size_t len)
{
	if (rc == CEP_USAGE && len > 0)
		bad_output("a usage error wrote on stdout", out, len);
	if (len == 0)
		return;
	if (out[0] == '[')
		check_json(out, len);
	else if (out[0] == '{')
		check_ndjson(out, len);
	else if (memchr(out, '\t', len) != NULL)
		check_tsv(out, len);
	else if (len > 3 && memcmp(out, "\xef\xbb\xbf", 3) == 0 &&
	    csv_header(out + 3, out + len, ';'))
		check_csv(out, len, ';');
	else if (csv_header(out, out + len, ','))
		check_csv(out, len, ',');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[MAX_ARGS + 4], *args[MAX_ARGS], *out = NULL;
	size_t outlen = 0;
	size_t i, start;
	int n = 0, argc = 0, rc;

	for (i = 0, start = 0; i <= size && n < MAX_ARGS; i++) {
		if (i < size && data[i] != '\0')
			continue;
		if ((args[n] = malloc(i - start + 1)) == NULL)
			abort();
		memcpy(args[n], data + start, i - start);
		args[n][i - start] = '\0';
		n++;
		start = i + 1;
	}
	sanitize(args, n);
	argv[argc++] = (char *)"cepdir";
	argv[argc++] = (char *)"--db";
	argv[argc++] = dbpath;
	for (i = 0; i < (size_t)n; i++)
		argv[argc++] = args[i];
	argv[argc] = NULL;

	if ((stdout = open_memstream(&out, &outlen)) == NULL)
		abort();
	cur_args = (const char *const *)args;
	cur_nargs = (size_t)n;
	stderr = errnull;
	rc = cepdir_main(argc, argv);	/* fcloses stdout */
	stderr = saved_stderr;
	stdout = outnull;
	if (!(rc == 0 || rc == 1 || rc == 2 || rc == 65 || rc == 66 ||
	    rc == 74)) {
		fprintf(stderr, "fuzz-cli: exit status %d for:", rc);
		for (i = 0; i < (size_t)n; i++)
			fprintf(stderr, " '%s'", args[i]);
		fprintf(stderr, "\n");
		abort();
	}
	check_output(rc, out, outlen);
	free(out);
	for (i = 0; i < (size_t)n; i++)
		free(args[i]);
	return 0;
}
