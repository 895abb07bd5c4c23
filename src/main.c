/*
 * cepdir: global options, the command table, and the one way out. main is
 * the only place that turns a status into an exit code, and it fails when
 * stdout could not be written (cepdir on today >/dev/full is an error).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_region_entry, &cmd_where_entry, &cmd_operator_entry,
	&cmd_on_entry, &cmd_history_entry, &cmd_changes_entry,
	&cmd_regions_entry, &cmd_operators_entry, &cmd_import_entry,
	&cmd_export_entry, &cmd_check_entry, &cmd_help_entry, NULL
};

enum {
	O_DB = 'd', O_FORMAT = 'f', O_PUBLIC = 'p', O_QUIET = 'q',
	O_HELP = 'h', O_VERSION = 'V', O_OUTPUT = 'o',
	O_ON = 256, O_NO_HEADER, O_EXCEL, O_TABLE, O_DELIMITER, O_ENCODING,
	O_DRY_RUN, O_APPEND, O_FROM, O_TO, O_ALL
};

struct optdef {
	struct option opt;
	unsigned cmdopt;	/* 0: a global option */
	const char *arg;	/* argument name, for the help */
	const char *help;
};

static const struct optdef optdefs[] = {
	{ { "db", required_argument, NULL, O_DB }, 0, "FILE",
	    "database file (default: $CEPDIR_DB, else the built-in data)" },
	{ { "format", required_argument, NULL, O_FORMAT }, 0, "FORMAT",
	    "table, csv, tsv, json or ndjson" },
	{ { "on", required_argument, NULL, O_ON }, 0, "DATE",
	    "the date to answer for (default: today)" },
	{ { "public", required_argument, NULL, O_PUBLIC }, 0, "PUBLIC",
	    "jobseekers, executives, youth, disabled or employed" },
	{ { "no-header", no_argument, NULL, O_NO_HEADER }, 0, NULL,
	    "leave out the header line" },
	{ { "excel", no_argument, NULL, O_EXCEL }, 0, NULL,
	    "CSV with ';', CRLF and a UTF-8 BOM, for spreadsheets" },
	{ { "quiet", no_argument, NULL, O_QUIET }, 0, NULL,
	    "no notes and no row counts on stderr" },
	{ { "help", no_argument, NULL, O_HELP }, 0, NULL, "show the help" },
	{ { "version", no_argument, NULL, O_VERSION }, 0, NULL,
	    "show the version" },
	{ { "table", required_argument, NULL, O_TABLE }, CO_TABLE, "TABLE",
	    "load every file into this table" },
	{ { "delimiter", required_argument, NULL, O_DELIMITER }, CO_DELIMITER,
	    "C", "field delimiter (default: ',' or ';', from the header)" },
	{ { "encoding", required_argument, NULL, O_ENCODING }, CO_ENCODING,
	    "NAME", "file encoding (default: UTF-8, else Windows-1252)" },
	{ { "dry-run", no_argument, NULL, O_DRY_RUN }, CO_DRY_RUN, NULL,
	    "validate only; write nothing" },
	{ { "append", no_argument, NULL, O_APPEND }, CO_APPEND, NULL,
	    "add rows to the tables instead of replacing them" },
	{ { "output", required_argument, NULL, O_OUTPUT }, CO_OUTPUT, "DIR",
	    "write TABLE.csv files into DIR" },
	{ { "from", required_argument, NULL, O_FROM }, CO_FROM, "DATE",
	    "first day checked (default: first day of the coverage)" },
	{ { "to", required_argument, NULL, O_TO }, CO_TO, "DATE",
	    "last day checked (default: today)" },
	{ { "all", no_argument, NULL, O_ALL }, CO_ALL, NULL,
	    "every row, not only those valid on --on" },
};
#define NOPTS (sizeof(optdefs) / sizeof(optdefs[0]))

void
cmd_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("cepdir: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const struct cmd_entry *
cmd_find(const char *name)
{
	int i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

static void
print_option(FILE *fp, const struct optdef *d)
{
	char left[64];

	snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
	    d->opt.val < 256 ? "-" : "    ", d->opt.val < 256 ? d->opt.val :
	    ' ', d->opt.val < 256 ? ", " : "", d->opt.name, d->arg ? " " : "",
	    d->arg ? d->arg : "");
	if (d->opt.val >= 256)
		memmove(left, left + 1, strlen(left));
	fprintf(fp, "  %-24s %s\n", left, d->help);
}

void
cmd_print_usage(FILE *fp, const struct cmd_entry *e)
{
	fprintf(fp, "usage: cepdir [OPTIONS] %s%s%s\n", e->name,
	    e->args[0] ? " " : "", e->args);
}

void
cmd_print_help(FILE *fp, const struct cmd_entry *e)
{
	size_t i;

	cmd_print_usage(fp, e);
	fprintf(fp, "%s\n", e->summary);
	if (e->options != 0) {
		fprintf(fp, "\nOptions of %s:\n", e->name);
		for (i = 0; i < NOPTS; i++)
			if (optdefs[i].cmdopt & e->options)
				print_option(fp, &optdefs[i]);
	}
	fprintf(fp, "\nGlobal options (before or after the command):\n");
	for (i = 0; i < NOPTS; i++)
		if (optdefs[i].cmdopt == 0)
			print_option(fp, &optdefs[i]);
}

void
cmd_print_overview(FILE *fp)
{
	char left[64];
	size_t i;

	fprintf(fp, "usage: cepdir [OPTIONS] COMMAND [ARGS]\n"
	    "The directory of the conseil en evolution professionnelle (CEP)"
	    " operators.\n\nCommands:\n");
	for (i = 0; cmd_table[i] != NULL; i++) {
		snprintf(left, sizeof(left), "%s %s", cmd_table[i]->name,
		    cmd_table[i]->args);
		fprintf(fp, "  %-24s %s\n", left, cmd_table[i]->summary);
	}
	fprintf(fp, "\nGlobal options (before or after the command):\n");
	for (i = 0; i < NOPTS; i++)
		if (optdefs[i].cmdopt == 0)
			print_option(fp, &optdefs[i]);
	fprintf(fp, "\nExit status: 0 rows found, 1 no row (check: problems "
	    "found), 2 usage error,\n65 import rejected, 66 cannot open, 70 "
	    "internal error, 74 I/O error.\n"
	    "See cepdir help COMMAND, and man cepdir.\n");
}

int
cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
{
	va_list ap;

	fputs("cepdir: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (e != NULL) {
		cmd_print_usage(stderr, e);
		fprintf(stderr, "Try 'cepdir help %s'.\n", e->name);
	} else
		fprintf(stderr, "usage: cepdir [OPTIONS] COMMAND [ARGS]\n"
		    "Try 'cepdir help'.\n");
	return CEP_USAGE;
}

/* A DATE argument: CEP_OK, or the usage error already told. */
int
cmd_date_arg(const struct cmd_entry *e, const char *s, int *day)
{
	if (strcmp(s, "today") == 0) {
		*day = date_today();
		return CEP_OK;
	}
	if (date_parse(s, strlen(s), day) == 0)
		return CEP_OK;
	return cmd_usage_error(e, "invalid date '%s' (YYYY-MM-DD, DD/MM/YYYY "
	    "or today)", s);
}

void
cmd_note(void *ctx, const char *msg)
{
	struct cmd_ctx *c = ctx;

	if (!c->quiet)
		cmd_warn("%s", msg);
}

void
cmd_query_init(struct cmd_ctx *c, struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->db = &c->db;
	q->on = c->on;
	q->public = c->public;
	q->out = &c->out;
	q->note = cmd_note;
	q->ctx = c;
}

/* The nearest name in a list, for "did you mean". */
static const char *
nearest(const char *word, const char *const *names, size_t n)
{
	const char *best = NULL;
	int d, bestd = 3;
	size_t i;

	if (word[0] == '\0')
		return NULL;
	for (i = 0; i < n; i++) {
		d = name_distance(word, names[i], 2);
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	return best;
}

static const struct optdef *
optdef_named(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NOPTS; i++)
		if (strlen(optdefs[i].opt.name) == len &&
		    strncmp(optdefs[i].opt.name, name, len) == 0)
			return &optdefs[i];
	return NULL;
}

/* A long option as written ("--format=csv"): its name's length. */
static size_t
long_name_len(const char *tok)
{
	const char *eq = strchr(tok + 2, '=');

	return eq ? (size_t)(eq - tok - 2) : strlen(tok + 2);
}

/* A known option that this place on the line does not take. */
static int
not_here(const struct cmd_entry *e, const char *dashes, const char *name)
{
	if (e != NULL)
		return cmd_usage_error(e, "%s%s is not an option of %s", dashes,
		    name, e->name);
	return cmd_usage_error(e, "%s%s is an option of a command: put it "
	    "after the command", dashes, name);
}

/* An option getopt refused: tok as written, or a short option alone; lo
 * holds the options this place on the line takes. */
static int
unknown_option(const struct cmd_entry *e, const struct option *lo,
    const char *tok, int shortopt)
{
	const char *names[NOPTS], *near;
	char word[64], list[256];
	size_t i, k, n = 0, len;

	if (shortopt != 0) {
		snprintf(word, sizeof(word), "%c", shortopt);
		for (i = 0; i < NOPTS; i++)
			if (optdefs[i].opt.val == shortopt)
				return not_here(e, "-", word);
		return cmd_usage_error(e, "unknown option -%c", shortopt);
	}
	snprintf(word, sizeof(word), "%.*s", (int)long_name_len(tok), tok + 2);
	len = strlen(word);
	if (optdef_named(word, len) != NULL)
		return not_here(e, "--", word);
	/* the start of several names here: getopt calls it ambiguous */
	list[0] = '\0';
	for (i = 0; lo[i].name != NULL && len > 0; i++) {
		k = strlen(list);
		if (strncmp(lo[i].name, word, len) == 0)
			snprintf(list + k, sizeof(list) - k, "%s--%s",
			    n++ ? ", " : "", lo[i].name);
	}
	if (n > 1)
		return cmd_usage_error(e, "option --%s is cut short: write one "
		    "of %s", word, list);
	for (i = 0; i < NOPTS && len > 0; i++)
		if (strncmp(optdefs[i].opt.name, word, len) == 0)
			return not_here(e, "--", optdefs[i].opt.name);
	for (n = 0; lo[n].name != NULL; n++)
		names[n] = lo[n].name;
	if ((near = nearest(word, names, n)) != NULL)
		return cmd_usage_error(e, "unknown option --%s (did you mean "
		    "--%s?)", word, near);
	return cmd_usage_error(e, "unknown option --%s", word);
}

/*
 * What getopt refused (ch '?' or ':'), said in the words of the line.
 * optopt is the short option, or the option a long one stands for (its
 * name whole or cut short), or 0 for an unknown long one.
 */
static int
refused_option(const struct cmd_entry *e, const struct option *lo,
    char **argv, int ch)
{
	const struct optdef *d = NULL;
	const char *tok = argv[optind - 1];
	size_t i, len;

	/* A short option refused inside a cluster ("-qZ") leaves optind on
	 * the cluster, so tok is the word before it: a long token is the
	 * option itself only when getopt names none, wants a value, or a
	 * value was given with '='. */
	if (strncmp(tok, "--", 2) == 0 && tok[2] != '\0' && (optopt == 0 ||
	    ch == ':' || strchr(tok, '=') != NULL)) {
		len = long_name_len(tok);
		for (i = 0; i < NOPTS && optopt != 0 && d == NULL; i++)
			if (optdefs[i].opt.val == optopt &&
			    strncmp(optdefs[i].opt.name, tok + 2, len) == 0)
				d = &optdefs[i];
		if (d != NULL && ch == ':')
			return cmd_usage_error(e, "option --%s needs a value",
			    d->opt.name);
		if (d != NULL)
			return cmd_usage_error(e, "option --%s takes no value",
			    d->opt.name);
		if (optopt == 0)
			return unknown_option(e, lo, tok, 0);
	}
	if (optopt <= 0 || optopt >= 256)
		return cmd_usage_error(e, "unknown option %s", tok);
	if (ch == ':')
		return cmd_usage_error(e, "option -%c needs a value", optopt);
	return unknown_option(e, lo, NULL, optopt);
}

/* Builds getopt's tables for the global options plus a command's own. */
static void
build_options(const struct cmd_entry *e, struct option *lo, char *so,
    size_t sosz)
{
	unsigned cmdopts = e ? e->options : 0;
	size_t i, n = 0, k;

	k = (size_t)snprintf(so, sosz, "%s:", e == NULL ? "+" : "");
	for (i = 0; i < NOPTS; i++) {
		if (optdefs[i].cmdopt != 0 && !(optdefs[i].cmdopt & cmdopts))
			continue;
		lo[n++] = optdefs[i].opt;
		if (optdefs[i].opt.val < 256 && k + 3 < sosz) {
			so[k++] = (char)optdefs[i].opt.val;
			if (optdefs[i].opt.has_arg)
				so[k++] = ':';
		}
	}
	so[k] = '\0';
	memset(&lo[n], 0, sizeof(lo[n]));
}

static int
parse_delimiter(const char *s, char *out)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
		return -1;
	*out = s[0];
	return 0;
}

/* One option; returns CEP_OK, or a status to exit with. */
static int
take_option(struct cmd_ctx *c, const struct cmd_entry *e, int ch,
    const char *arg)
{
	switch (ch) {
	case O_DB:
		if (*arg == '\0')
			return cmd_usage_error(e, "--db needs a file name");
		c->dbpath = arg;
		break;
	case O_FORMAT:
		if ((c->format = out_parse_format(arg)) == -1)
			return cmd_usage_error(e, "unknown format '%s' (table, "
			    "csv, tsv, json or ndjson)", arg);
		break;
	case O_ON:
		return cmd_date_arg(e, arg, &c->on);
	case O_PUBLIC:
		if ((c->public = public_parse(arg, 1)) == -1)
			return cmd_usage_error(e, "unknown public '%s' "
			    "(jobseekers, executives, youth, disabled, "
			    "employed; or demandeurs, cadres, jeunes, "
			    "handicap, salaries)", arg);
		break;
	case O_NO_HEADER:
		c->header = 0;
		break;
	case O_EXCEL:
		c->excel = 1;
		break;
	case O_QUIET:
		c->quiet = 1;
		break;
	case O_TABLE:
		if (table_lookup(arg) == -1)
			return cmd_usage_error(e, "unknown table '%s' "
			    "(regions, departments, communes, operators or "
			    "coverage)", arg);
		c->table = arg;
		break;
	case O_DELIMITER:
		if (parse_delimiter(arg, &c->delimiter) == -1)
			return cmd_usage_error(e, "invalid delimiter '%s' (one "
			    "character, or tab)", arg);
		break;
	case O_ENCODING:
		c->encoding = arg;
		break;
	case O_DRY_RUN:
		c->dry_run = 1;
		break;
	case O_APPEND:
		c->append = 1;
		break;
	case O_OUTPUT:
		c->output = arg;
		break;
	case O_FROM:
		return cmd_date_arg(e, arg, &c->from);
	case O_TO:
		return cmd_date_arg(e, arg, &c->to);
	case O_ALL:
		c->all = 1;
		break;
	}
	return CEP_OK;
}

/*
 * getopt over argv with the given options. Global options stop at the
 * command ('+'); a command's options may come anywhere after it.
 */
static int
parse(struct cmd_ctx *c, const struct cmd_entry *e, int argc, char **argv,
    int *help, int *version)
{
	struct option lo[NOPTS + 1];
	const char *tok;
	char so[64];
	int ch, li, rc;

	build_options(e, lo, so, sizeof(so));
	optind = 0;		/* glibc: start afresh on a new argv */
	opterr = 0;
	while (li = -1, (ch = getopt_long(argc, argv, so, lo, &li)) != -1) {
		if (ch == '?' || ch == ':')
			return refused_option(e, lo, argv, ch);
		/* the option as written: before its value when apart */
		tok = argv[optind - 1];
		if (optarg != NULL && optarg == tok && optind >= 2)
			tok = argv[optind - 2];
		/* getopt takes "--form" for --format: a later option could
		 * change what it means, so only whole names are taken */
		if (li >= 0 && long_name_len(tok) != strlen(lo[li].name))
			return cmd_usage_error(e, "option --%.*s is cut short: "
			    "write --%s", (int)long_name_len(tok), tok + 2,
			    lo[li].name);
		if (ch == O_HELP)
			*help = 1;
		else if (ch == O_VERSION)
			*version = 1;
		else if ((rc = take_option(c, e, ch, optarg)) != CEP_OK)
			return rc;
	}
	return CEP_OK;
}

const char *
cmd_nearest(const char *word)
{
	const char *names[32];
	size_t n;

	for (n = 0; cmd_table[n] != NULL; n++)
		names[n] = cmd_table[n]->name;
	return nearest(word, names, n);
}

static int
open_db(struct cmd_ctx *c)
{
	int rc;

	if ((rc = db_open_read(&c->db, c->dbpath)) != CEP_OK)
		cmd_warn("%s", c->db.err);
	return rc;
}

static int
finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		cmd_warn("write error on standard output: %s", strerror(errno));
		return CEP_IOERR;
	}
	return rc;
}

#define SPACES " \t\r\n"

static char *
trim_spaces(char *s)
{
	size_t n;

	s += strspn(s, SPACES);
	n = strlen(s);
	while (n > 0 && strchr(SPACES, s[n - 1]) != NULL)
		s[--n] = '\0';
	return s;
}

static int
print_version(void)
{
	printf("cepdir %s\n", CEPDIR_VERSION);
	return CEP_OK;
}

static int
run(int argc, char **argv)
{
	struct cmd_ctx c;
	const struct cmd_entry *e;
	const char *near, *env;
	int i, rc, help = 0, version = 0;

	memset(&c, 0, sizeof(c));
	c.format = -1;
	c.public = -1;
	c.header = 1;
	c.on = date_today();
	c.from = DAY_OPEN_FROM;
	c.to = DAY_OPEN_TO;
	if ((rc = parse(&c, NULL, argc, argv, &help, &version)) != CEP_OK)
		return rc;
	if (version)
		return print_version();
	if (optind >= argc) {
		if (help) {
			cmd_print_overview(stdout);
			return CEP_OK;
		}
		return cmd_usage_error(NULL, "no command given");
	}
	if ((e = cmd_find(argv[optind])) == NULL) {
		if ((near = cmd_nearest(argv[optind])) != NULL)
			return cmd_usage_error(NULL, "unknown command '%s' "
			    "(did you mean %s?)", argv[optind], near);
		return cmd_usage_error(NULL, "unknown command '%s'",
		    argv[optind]);
	}
	argc -= optind;
	argv += optind;
	if ((rc = parse(&c, e, argc, argv, &help, &version)) != CEP_OK)
		return rc;
	if (version)
		return print_version();
	if (help) {
		cmd_print_help(stdout, e);
		return CEP_OK;
	}
	c.argc = argc - optind;
	c.argv = argv + optind;
	c.entry = e;
	/* a code pasted from a spreadsheet brings its spaces along; file
	 * names are taken as they are */
	for (i = 0; i < c.argc && e != &cmd_import_entry; i++)
		c.argv[i] = trim_spaces(c.argv[i]);
	if (c.argc < e->minargs || (e->maxargs >= 0 && c.argc > e->maxargs))
		return cmd_usage_error(e, c.argc < e->minargs ? "missing "
		    "argument" : "too many arguments");
	if (c.excel) {
		if (c.format != -1 && c.format != FMT_CSV)
			return cmd_usage_error(e, "--excel writes CSV; it "
			    "cannot go with --format %s", c.format ==
			    FMT_TABLE ? "table" : c.format == FMT_TSV ? "tsv" :
			    c.format == FMT_JSON ? "json" : "ndjson");
		c.format = FMT_CSV;
	}
	if (c.format == -1)
		c.format = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_TSV;
	if (c.dbpath == NULL && (env = getenv("CEPDIR_DB")) != NULL &&
	    *env != '\0')
		c.dbpath = env;
	c.out.fp = stdout;
	c.out.format = (enum out_format)c.format;
	c.out.header = c.header;
	c.out.excel = c.excel;
	if (e->db == DB_READ && (rc = open_db(&c)) != CEP_OK) {
		db_close(&c.db);
		return rc;
	}
	rc = e->exec(&c);
	/* a failed write is told once, by finish_stdout */
	if (rc != CEP_OK && rc != CEP_NOROWS && c.db.err[0] != '\0' &&
	    !(rc == CEP_IOERR && ferror(stdout)))
		cmd_warn("%s", c.db.err);
	db_close(&c.db);
	return rc;
}

int
main(int argc, char **argv)
{
	/* A closed pipe (cepdir on today | head -1) ends us quietly. */
	signal(SIGPIPE, SIG_DFL);
	/* no use for SQLite's memory statistics, which cost a mutex */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	return finish_stdout(run(argc, argv));
}
