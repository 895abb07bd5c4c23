/*
 * cepdir: the global options, and the one way out. main is the only place
 * that turns a status into an exit code, and it fails when stdout could
 * not be written (cepdir on today >/dev/full is an error).
 */
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include "cmd.h"
#include "i18n.h"

static int
take_db(struct cmd_ctx *c, const char *arg, void *field)
{
	if (*arg == '\0')
		return cmd_usage_error(c->entry, "%s",
		    _("--db needs a file name"));
	*(const char **)field = arg;
	return CEP_OK;
}

static int
take_format(struct cmd_ctx *c, const char *arg, void *field)
{
	if ((*(int *)field = out_parse_format(arg)) == -1)
		return cmd_usage_error(c->entry, _("unknown format '%s' "
		    "(table, csv, tsv, json, ndjson or html)"), arg);
	return CEP_OK;
}

static int
take_public(struct cmd_ctx *c, const char *arg, void *field)
{
	if ((*(int *)field = public_parse(arg, 1)) == -1)
		return cmd_usage_error(c->entry, _("unknown public '%s' "
		    "(jobseekers, executives, youth, disabled, employed; or "
		    "demandeurs, cadres, jeunes, handicap, salaries)"), arg);
	return CEP_OK;
}

#define G struct cmd_globals

const struct cmd_option cmd_global_options[] = {
	CMD_CALL("db", 'd', "FILE", N_("database file (default: $CEPDIR_DB, "
	    "else the built-in data)"), G, db, take_db),
	CMD_CALL("format", 'f', "FORMAT", N_("table, csv, tsv, json, ndjson or "
	    "html"), G, format, take_format),
	CMD_DATE("on", 0, "DATE", N_("the date to answer for (default: today)"),
	    G, on),
	CMD_CALL("public", 'p', "PUBLIC", N_("jobseekers, executives, youth, "
	    "disabled or employed"), G, public, take_public),
	CMD_FLAG("no-header", 0, N_("leave out the header line"), G, no_header),
	CMD_FLAG("excel", 0, N_("CSV with ';', CRLF and a UTF-8 BOM, for "
	    "spreadsheets"), G, excel),
	CMD_TEXT("columns", 'c', "LIST", N_("the columns to show, in this "
	    "order (comma-separated)"), G, columns),
	CMD_FLAG("quiet", 'q', N_("no notes and no row counts on stderr"), G,
	    quiet),
	CMD_FLAG("help", 'h', N_("show the help"), G, help),
	CMD_FLAG("version", 'V', N_("show the version"), G, version),
	CMD_OPTIONS_END
};

void
cmd_note(void *ctx, const char *msg)
{
	struct cmd_ctx *c = ctx;

	/* the page shows the notes, -q or not: stderr is not on paper */
	out_note(&c->out, msg);
	if (!c->g.quiet)
		cmd_warn("%s", msg);
}

void
cmd_query_init(struct cmd_ctx *c, struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->db = &c->db;
	q->on = c->g.on;
	q->public = c->g.public;
	q->out = &c->out;
	q->note = cmd_note;
	q->ctx = c;
}

/* CEPDIR_PROGRESS_DELAY: seconds, 1 when unset or not a number >= 0. */
double
cmd_progress_delay(void)
{
	const char *env = getenv("CEPDIR_PROGRESS_DELAY");
	char *end;
	double d;

	if (env == NULL || *env == '\0')
		return 1.0;
	errno = 0;
	d = strtod(env, &end);
	if (errno != 0 || *end != '\0' || !(d >= 0) || d > 1e6)
		return 1.0;
	return d;
}

int
cmd_data_source(struct cmd_ctx *c)
{
	struct out_page *p = &c->out.page;
	int rc;

	p->database = c->g.db;
	if ((rc = db_data_date(&c->db, &p->date)) == CEP_NOROWS)
		return CEP_OK;
	p->dated = rc == CEP_OK;
	return rc;
}

static int
open_db(struct cmd_ctx *c)
{
	int rc;

	if ((rc = db_open_read(&c->db, c->g.db)) == CEP_OK)
		return rc;
	/* the library says what is missing; the options are ours to name */
	if (c->g.db == NULL && cepdir_builtin_db_size == 0)
		cmd_warn(_("%s: give --db FILE or set CEPDIR_DB"), c->db.err);
	else
		cmd_warn("%s", c->db.err);
	return rc;
}

static int
finish_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		cmd_warn(_("write error on standard output: %s"),
		    strerror(errno));
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

/* "region, region_name, ...": the columns of a result, for a message. */
static const char *
column_names(const struct out_col *cols)
{
	static char buf[512];
	size_t n;

	buf[0] = '\0';
	for (; cols->name != NULL; cols++) {
		n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "",
		    cols->name);
	}
	return buf;
}

/* The width a table must fit: $COLUMNS, else the terminal's, else none. */
static size_t
table_width(void)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (env != NULL && *env != '\0') {
		n = strtol(env, &end, 10);
		if (*end == '\0' && n > 0 && n < 100000)
			return (size_t)n;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) ==
	    0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* -c LIST: the names, each a column of what the command prints. */
static int
take_columns(struct cmd_ctx *c)
{
	const struct out_col *cols = c->entry->columns;
	const char *names[OUT_MAXCOLS], *near;
	char *list = (char *)c->g.columns, *name, *save = NULL;
	size_t n = 0, k;

	if (cols == NULL)
		return cmd_usage_error(c->entry, _("%s prints no rows: "
		    "--columns does not apply"), c->entry->name);
	for (k = 0; cols[k].name != NULL && k < OUT_MAXCOLS; k++)
		names[k] = cols[k].name;
	for (name = strtok_r(list, ", ", &save); name != NULL;
	    name = strtok_r(NULL, ", ", &save)) {
		if (!out_has_column(cols, name)) {
			if ((near = cmd_nearest_of(name, names, k)) != NULL)
				return cmd_usage_error(c->entry, _("unknown "
				    "column '%s' (did you mean %s?)"), name,
				    near);
			return cmd_usage_error(c->entry, _("unknown column "
			    "'%s' (%s writes: %s)"), name, c->entry->name,
			    column_names(cols));
		}
		if (n == OUT_MAXCOLS)
			return cmd_usage_error(c->entry, "%s",
			    _("too many columns"));
		c->g.column_list[n++] = name;
	}
	if (n == 0)
		return cmd_usage_error(c->entry, "%s",
		    _("--columns needs column names"));
	c->g.column_list[n] = NULL;
	c->out.select = c->g.column_list;
	return CEP_OK;
}

/* A table or a page names the columns and the publics in the user's
 * language (the columns' names are their msgids); the machine formats
 * write them as they are. */
const char *
cmd_column_label(const char *column)
{
	return _(column);
}

const char *
cmd_public_label(const char *id)
{
	int p = public_parse(id, 0);

	return p < 0 ? id : public_label(p);
}

/* The output as the options and stdout ask. */
static int
set_output(struct cmd_ctx *c)
{
	const char *env;
	int rc;

	if (c->g.excel) {
		if (c->g.format != -1 && c->g.format != FMT_CSV)
			return cmd_usage_error(c->entry, _("--excel writes "
			    "CSV; it cannot go with --format %s"),
			    out_format_name(c->g.format));
		c->g.format = FMT_CSV;
	}
	if (c->entry->own_output && c->g.format != -1 &&
	    c->g.format != FMT_CSV)
		return cmd_usage_error(c->entry, _("%s writes the CSV it "
		    "reads, in its dialect: it cannot go with --format %s"),
		    c->entry->name, out_format_name(c->g.format));
	if (c->g.format == -1)
		c->g.format = isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_TSV;
	if (c->g.db == NULL && (env = getenv("CEPDIR_DB")) != NULL &&
	    *env != '\0')
		c->g.db = env;
	c->out.fp = stdout;
	c->out.format = (enum out_format)c->g.format;
	c->out.header = !c->g.no_header;
	c->out.excel = c->g.excel;
	if (c->out.format == FMT_TABLE)
		c->out.width = table_width();
	if (out_is_human(&c->out)) {
		c->out.label = cmd_column_label;
		c->out.public_label = cmd_public_label;
	}
	if (c->g.columns != NULL && (rc = take_columns(c)) != CEP_OK)
		return rc;
	return CEP_OK;
}

/* The command's arguments, as it takes them. */
static int
take_arguments(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_entry *e = c->entry;
	int i;

	c->argc = argc;
	c->argv = argv;
	/* a code pasted from a spreadsheet brings its spaces along; file
	 * names are taken as they are */
	for (i = 0; i < c->argc && e != &cmd_import_entry; i++)
		c->argv[i] = trim_spaces(c->argv[i]);
	if (c->argc < e->minargs || (e->maxargs >= 0 && c->argc > e->maxargs))
		return cmd_usage_error(e, "%s", c->argc < e->minargs ?
		    _("missing argument") : _("too many arguments"));
	return CEP_OK;
}

static int
run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct cmd_entry *e;
	int rc;

	if ((rc = cmd_parse(c, NULL, argc, argv)) != CEP_OK)
		return rc;
	if (c->g.version)
		return print_version();
	if (optind >= argc) {
		if (c->g.help) {
			cmd_print_overview(stdout);
			return CEP_OK;
		}
		return cmd_usage_error(NULL, "%s", _("no command given"));
	}
	if ((e = cmd_find(argv[optind])) == NULL)
		return cmd_unknown(NULL, argv[optind]);
	argc -= optind;
	argv += optind;
	c->entry = e;
	if (e->args_size > 0) {
		if ((c->args = calloc(1, e->args_size)) == NULL) {
			cmd_warn("%s", _("out of memory"));
			return CEP_SOFTWARE;
		}
		if (e->args_default != NULL)
			memcpy(c->args, e->args_default, e->args_size);
	}
	if ((rc = cmd_parse(c, e, argc, argv)) != CEP_OK)
		return rc;
	if (c->g.version)
		return print_version();
	if (c->g.help) {
		cmd_print_help(stdout, e);
		return CEP_OK;
	}
	if ((rc = take_arguments(c, argc - optind, argv + optind)) != CEP_OK ||
	    (rc = set_output(c)) != CEP_OK)
		return rc;
	if (e->db == DB_READ && (rc = open_db(c)) != CEP_OK)
		return rc;
	if (c->out.format == FMT_HTML && e->columns != NULL) {
		cmd_page_question(c);
		if ((rc = cmd_data_source(c)) != CEP_OK) {
			cmd_warn("%s", c->db.err);
			return rc;
		}
	}
	rc = e->exec(c);
	/* a failed write is told once, by finish_stdout */
	if (rc != CEP_OK && rc != CEP_NOROWS && c->db.err[0] != '\0' &&
	    !(rc == CEP_IOERR && ferror(stdout))) {
		cmd_warn("%s", c->db.err);
		if (c->db.more != NULL)
			fputs(c->db.more, stderr);
	}
	return rc;
}

/*
 * The catalogues, found from where the program is: in the build tree
 * ($(B)/locale, beside build/san/cepdir, under the ./cepdir that make
 * links at the top), then under the prefix it is installed in
 * (PREFIX/bin/../share/locale, wherever DESTDIR put it), else where make
 * install was told (LOCALEDIR).
 */
static const char *
locale_dir(void)
{
	static char dir[PATH_MAX + 32];
	static const char *const near[] = { "locale", BUILD_LOCALEDIR,
	    "../share/locale" };
	char exe[PATH_MAX], *slash;
	struct stat sb;
	ssize_t n;
	size_t i;

	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		for (i = 0; i < sizeof(near) / sizeof(near[0]); i++) {
			snprintf(dir, sizeof(dir), "%s/%s", exe, near[i]);
			if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
				return dir;
		}
	}
	return LOCALEDIR;
}

int
main(int argc, char **argv)
{
	struct cmd_ctx c;
	int rc;

	/* A closed pipe (cepdir on today | head -1) ends us quietly. */
	signal(SIGPIPE, SIG_DFL);
	/* the user's language for messages; numbers as C writes them */
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(CEPDIR_DOMAIN, locale_dir());
	/* no use for SQLite's memory statistics, which cost a mutex */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	memset(&c, 0, sizeof(c));
	c.g.format = -1;
	c.g.public = -1;
	c.g.on = date_today();
	rc = run(&c, argc, argv);
	out_free(&c.out);
	db_close(&c.db);
	free(c.args);
	return finish_stdout(rc);
}
