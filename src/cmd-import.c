/*
 * cepdir import PATH...: files, or every *.csv of a directory, validated
 * and loaded atomically. Problems print as FILE:LINE: COLUMN: message.
 */
#include <dirent.h>
#include <signal.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "mem.h"

#define SHOWN_PROBLEMS 100

struct import_args {
	const char *table;
	char delimiter;
	const char *encoding;
	int dry_run;
	int append;
};

static int
take_table(struct cmd_ctx *c, const char *arg, void *field)
{
	if (table_lookup(arg) == -1)
		return cmd_usage_error(c->entry, _("unknown table '%s' "
		    "(regions, departments, communes, operators or coverage)"),
		    arg);
	*(const char **)field = arg;
	return CEP_OK;
}

static int
take_delimiter(struct cmd_ctx *c, const char *arg, void *field)
{
	char *d = field;

	if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
		*d = '\t';
	else if (strlen(arg) != 1 || arg[0] == '"' || arg[0] == '\n' ||
	    arg[0] == '\r')
		return cmd_usage_error(c->entry, _("invalid delimiter '%s' "
		    "(one character, or tab)"), arg);
	else
		*d = arg[0];
	return CEP_OK;
}

#define A struct import_args

static const struct cmd_option import_options[] = {
	CMD_CALL("table", 0, "TABLE", N_("load every file into this table"), A,
	    table, take_table),
	CMD_CALL("delimiter", 0, "C", N_("field delimiter (default: ',' or "
	    "';', from the header)"), A, delimiter, take_delimiter),
	CMD_TEXT("encoding", 0, "NAME", N_("file encoding (default: UTF-8, "
	    "else Windows-1252)"), A, encoding),
	CMD_FLAG("dry-run", 0, N_("validate only; write nothing"), A, dry_run),
	CMD_FLAG("append", 0, N_("add rows to the tables instead of replacing "
	    "them"), A, append),
	CMD_OPTIONS_END
};

/*
 * The database being built, removed if a signal ends the import. The
 * handlers are there only while the path is: set before they are
 * installed, cleared after they are gone, never changed under them.
 */
static char building_path[4096];
static const int import_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void
on_signal(int sig)
{
	unlink(building_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
handle_signals(void (*handler)(int))
{
	size_t i;

	for (i = 0; i < sizeof(import_signals) / sizeof(import_signals[0]); i++)
		signal(import_signals[i], handler);
}

static void
ui_building(void *ctx, const char *path)
{
	int n;

	(void)ctx;
	if (path == NULL) {
		handle_signals(SIG_DFL);
		building_path[0] = '\0';
		return;
	}
	/* a path too long to keep whole is left to the next import's
	 * clean-up, never cut short and unlinked */
	n = snprintf(building_path, sizeof(building_path), "%s", path);
	if (n > 0 && (size_t)n < sizeof(building_path))
		handle_signals(on_signal);
}

/*
 * What the import tells, on stderr. The coverage checks report their
 * problems from a thread of their own while the importer's thread reports
 * progress: one lock keeps each line whole.
 */
struct import_ui {
	struct cmd_ctx *c;
	pthread_mutex_t mu;
	long problems;
	int tty;
	struct timespec start;
	double delay;		/* seconds before progress shows */
	int progress_shown;
	const char *shown_stage;	/* on the progress line, or NULL */
};

/* A line of its own: the progress line, if any, goes first. */
static void
clear_progress(struct import_ui *ui)
{
	if (ui->progress_shown) {
		fputs("\r\033[K", stderr);
		ui->progress_shown = 0;
		ui->shown_stage = NULL;
	}
}

static void
ui_problem(void *ctx, const char *file, long line, const char *column,
    const char *msg)
{
	struct import_ui *ui = ctx;

	pthread_mutex_lock(&ui->mu);
	clear_progress(ui);
	if (ui->problems++ < SHOWN_PROBLEMS)
		fprintf(stderr, "%s:%ld: %s: %s\n", file, line, column, msg);
	pthread_mutex_unlock(&ui->mu);
}

static void
ui_warning(void *ctx, const char *file, const char *msg)
{
	struct import_ui *ui = ctx;

	if (ui->c->g.quiet)
		return;
	pthread_mutex_lock(&ui->mu);
	clear_progress(ui);
	fprintf(stderr, _("%s: warning: %s\n"), file, msg);
	pthread_mutex_unlock(&ui->mu);
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* After the delay, on a terminal: rows so far and the rate, then the
 * stage under way (told again and again: shown once). */
static void
ui_progress(void *ctx, const char *stage, long rows)
{
	struct import_ui *ui = ctx;
	double s;

	if (!ui->tty || ui->c->g.quiet || (s = elapsed(&ui->start)) < ui->delay)
		return;
	pthread_mutex_lock(&ui->mu);
	if (stage == NULL) {
		fputs("\r\033[Kcepdir: ", stderr);
		fprintf(stderr, P_("%ld row (%.0f rows/s)", "%ld rows (%.0f "
		    "rows/s)", rows), rows, (double)rows / s);
	} else if (!ui->progress_shown || stage != ui->shown_stage) {
		fputs("\r\033[Kcepdir: ", stderr);
		/* TRANSLATORS: the stage of the import under way
		 * ("building indexes"), and the rows read */
		fprintf(stderr, P_("%s (%ld row read)", "%s (%ld rows read)",
		    rows), _(stage), rows);
	}
	ui->progress_shown = 1;
	ui->shown_stage = stage;
	pthread_mutex_unlock(&ui->mu);
}

static int
has_csv_suffix(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcasecmp(name + n - 4, ".csv") == 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
nomem(void)
{
	cmd_warn("%s", _("out of memory"));
	return CEP_SOFTWARE;
}

struct paths {
	char **v;
	size_t n, cap;
};

static int
paths_add(struct paths *p, char *s)
{
	char **v;

	if (s == NULL)
		return -1;
	if ((v = grow(p->v, &p->cap, p->n + 1, sizeof(*v))) == NULL) {
		free(s);
		return -1;
	}
	p->v = v;
	p->v[p->n++] = s;
	return 0;
}

/* A directory stands for its *.csv files, in name order. */
static int
expand(const char *path, struct paths *p)
{
	struct stat sb;
	struct dirent *de;
	DIR *d;
	size_t first = p->n, added = 0;
	size_t len;
	char *s;

	if (stat(path, &sb) == -1) {
		cmd_warn(_("cannot open %s: %s"), path, strerror(errno));
		return CEP_NOINPUT;
	}
	if (!S_ISDIR(sb.st_mode))
		return paths_add(p, strdup(path)) == 0 ? CEP_OK : nomem();
	if ((d = opendir(path)) == NULL) {
		cmd_warn(_("cannot open %s: %s"), path, strerror(errno));
		return CEP_NOINPUT;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !has_csv_suffix(de->d_name))
			continue;
		len = strlen(path) + strlen(de->d_name) + 2;
		if ((s = malloc(len)) == NULL) {
			closedir(d);
			return nomem();
		}
		snprintf(s, len, "%s%s%s", path, path[strlen(path) - 1] ==
		    '/' ? "" : "/", de->d_name);
		/* a directory that happens to end in .csv is not a file */
		if (stat(s, &sb) == -1 || !S_ISREG(sb.st_mode)) {
			free(s);
			continue;
		}
		if (paths_add(p, s) == -1) {
			closedir(d);
			return nomem();
		}
		added++;
	}
	closedir(d);
	if (added == 0) {
		cmd_warn(_("%s: no .csv file in this directory"), path);
		return CEP_NOINPUT;
	}
	qsort(p->v + first, added, sizeof(char *), cmp_names);
	return CEP_OK;
}

/* The day the data is dated: today, or $SOURCE_DATE_EPOCH's (for builds
 * that must give the same bytes every day). */
static int
data_date(void)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t;

	if (env != NULL && *env != '\0') {
		errno = 0;
		t = strtoll(env, &end, 10);
		if (errno == 0 && *end == '\0' && t >= 0 && t < 253402300800LL)
			return (int)(t / 86400);
	}
	return date_today();
}

static int
cmd_import_exec(struct cmd_ctx *c)
{
	const struct import_args *a = c->args;
	struct import_options opt;
	struct import_result res;
	struct import_ui ui;
	struct import_sink sink;
	struct paths p = { NULL, 0, 0 };
	char err[1024];
	iconv_t cd;
	int rc = CEP_OK, i, t;

	if (c->g.db == NULL && !a->dry_run)
		return cmd_usage_error(c->entry, "%s", _("import needs a "
		    "database file: give --db FILE or set CEPDIR_DB"));
	if (a->encoding != NULL) {
		/* iconv takes "" for the locale's: too surprising here */
		if (a->encoding[0] == '\0' ||
		    (cd = iconv_open("UTF-8", a->encoding)) == (iconv_t)-1)
			return cmd_usage_error(c->entry, _("unknown encoding "
			    "'%s'"), a->encoding);
		iconv_close(cd);
	}
	for (i = 0; i < c->argc && rc == CEP_OK; i++)
		rc = expand(c->argv[i], &p);
	if (rc != CEP_OK)
		goto out;
	memset(&opt, 0, sizeof(opt));
	opt.table = a->table;
	opt.delimiter = a->delimiter;
	opt.encoding = a->encoding;
	opt.dry_run = a->dry_run;
	opt.append = a->append;
	opt.date = data_date();
	memset(&ui, 0, sizeof(ui));
	pthread_mutex_init(&ui.mu, NULL);
	ui.c = c;
	ui.tty = isatty(STDERR_FILENO);
	ui.delay = cmd_progress_delay();
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	memset(&sink, 0, sizeof(sink));
	sink.ctx = &ui;
	sink.problem = ui_problem;
	sink.warning = ui_warning;
	sink.progress = ui_progress;
	sink.building = ui_building;
	err[0] = '\0';
	rc = import_run(c->g.db, p.v, (int)p.n, &opt, &sink, &res, err,
	    sizeof(err));
	clear_progress(&ui);
	pthread_mutex_destroy(&ui.mu);
	if (rc == CEP_DATAERR || (rc == CEP_OK && ui.problems > 0)) {
		if (ui.problems > SHOWN_PROBLEMS)
			cmd_warn(P_("%ld more problem not shown", "%ld more "
			    "problems not shown", ui.problems - SHOWN_PROBLEMS),
			    ui.problems - SHOWN_PROBLEMS);
		if (a->dry_run || c->g.db == NULL)
			cmd_warn(P_("import rejected: %ld problem; nothing "
			    "written", "import rejected: %ld problems; nothing "
			    "written", ui.problems), ui.problems);
		else
			cmd_warn(P_("import rejected: %ld problem; the "
			    "database is unchanged", "import rejected: %ld "
			    "problems; the database is unchanged",
			    ui.problems), ui.problems);
		rc = CEP_DATAERR;
		goto out;
	}
	if (rc != CEP_OK) {
		cmd_warn("%s", err);
		goto out;
	}
	if (!c->g.quiet) {
		for (t = 0; t < T_COUNT; t++)
			if (res.imported[t])
				/* TRANSLATORS: a table (its name) and its
				 * rows after the import */
				fprintf(stderr, P_("%s: %ld row\n", "%s: %ld "
				    "rows\n", res.rows[t]), table_name(t),
				    res.rows[t]);
		if (a->dry_run)
			cmd_warn("%s", _("dry run: nothing written"));
	}
out:
	for (i = 0; i < (int)p.n; i++)
		free(p.v[i]);
	free(p.v);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "PATH...",
	.summary = N_("load CSV files, or every *.csv of a directory"),
	.options = import_options,
	.args_size = sizeof(struct import_args),
	.minargs = 1, .maxargs = -1,
	.db = DB_NONE,
	.exec = cmd_import_exec
};
