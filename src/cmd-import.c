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

#define SHOWN_PROBLEMS 100

/* The database being built, removed if a signal ends the import. */
static char building_path[4096];

static void
ui_building(void *ctx, const char *path)
{
	(void)ctx;
	snprintf(building_path, sizeof(building_path), "%s", path ? path : "");
}

static void
on_signal(int sig)
{
	if (building_path[0] != '\0')
		unlink(building_path);
	signal(sig, SIG_DFL);
	raise(sig);
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

	if (ui->c->quiet)
		return;
	pthread_mutex_lock(&ui->mu);
	clear_progress(ui);
	fprintf(stderr, "%s: warning: %s\n", file, msg);
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

	if (!ui->tty || ui->c->quiet || (s = elapsed(&ui->start)) < ui->delay)
		return;
	pthread_mutex_lock(&ui->mu);
	if (stage == NULL)
		fprintf(stderr, "\r\033[Kcepdir: %ld rows (%.0f rows/s)", rows,
		    (double)rows / s);
	else if (!ui->progress_shown || stage != ui->shown_stage)
		fprintf(stderr, "\r\033[Kcepdir: %s (%ld row%s read)", stage,
		    rows, rows == 1 ? "" : "s");
	ui->progress_shown = 1;
	ui->shown_stage = stage;
	pthread_mutex_unlock(&ui->mu);
}

/* CEPDIR_PROGRESS_DELAY: seconds, 1 when unset or not a number >= 0. */
static double
progress_delay(void)
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

struct paths {
	char **v;
	int n, cap;
};

static int
paths_add(struct paths *p, char *s)
{
	char **v;

	if (s == NULL)
		return -1;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		if ((v = realloc(p->v, (size_t)p->cap * sizeof(*v))) == NULL) {
			free(s);
			return -1;
		}
		p->v = v;
	}
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
	int first = p->n, added = 0;
	size_t len;
	char *s;

	if (stat(path, &sb) == -1) {
		cmd_warn("cannot open %s: %s", path, strerror(errno));
		return CEP_NOINPUT;
	}
	if (!S_ISDIR(sb.st_mode))
		return paths_add(p, strdup(path)) == 0 ? CEP_OK : CEP_SOFTWARE;
	if ((d = opendir(path)) == NULL) {
		cmd_warn("cannot open %s: %s", path, strerror(errno));
		return CEP_NOINPUT;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !has_csv_suffix(de->d_name))
			continue;
		len = strlen(path) + strlen(de->d_name) + 2;
		if ((s = malloc(len)) == NULL) {
			closedir(d);
			return CEP_SOFTWARE;
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
			return CEP_SOFTWARE;
		}
		added++;
	}
	closedir(d);
	if (added == 0) {
		cmd_warn("%s: no .csv file in this directory", path);
		return CEP_NOINPUT;
	}
	qsort(p->v + first, (size_t)added, sizeof(char *), cmp_names);
	return CEP_OK;
}

static int
cmd_import_exec(struct cmd_ctx *c)
{
	struct import_options opt;
	struct import_result res;
	struct import_ui ui;
	struct import_sink sink;
	struct paths p = { NULL, 0, 0 };
	char err[1024];
	iconv_t cd;
	int rc = CEP_OK, i, t;

	if (c->dbpath == NULL && !c->dry_run)
		return cmd_usage_error(c->entry, "import needs a database file:"
		    " give --db FILE or set CEPDIR_DB");
	if (c->encoding != NULL) {
		/* iconv takes "" for the locale's: too surprising here */
		if (c->encoding[0] == '\0' ||
		    (cd = iconv_open("UTF-8", c->encoding)) == (iconv_t)-1)
			return cmd_usage_error(c->entry, "unknown encoding "
			    "'%s'", c->encoding);
		iconv_close(cd);
	}
	for (i = 0; i < c->argc && rc == CEP_OK; i++)
		rc = expand(c->argv[i], &p);
	if (rc != CEP_OK)
		goto out;
	memset(&opt, 0, sizeof(opt));
	opt.table = c->table;
	opt.delimiter = c->delimiter;
	opt.encoding = c->encoding;
	opt.dry_run = c->dry_run;
	opt.append = c->append;
	memset(&ui, 0, sizeof(ui));
	pthread_mutex_init(&ui.mu, NULL);
	ui.c = c;
	ui.tty = isatty(STDERR_FILENO);
	ui.delay = progress_delay();
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	sink.ctx = &ui;
	sink.problem = ui_problem;
	sink.warning = ui_warning;
	sink.progress = ui_progress;
	sink.building = ui_building;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	err[0] = '\0';
	rc = import_run(c->dbpath, p.v, p.n, &opt, &sink, &res, err,
	    sizeof(err));
	clear_progress(&ui);
	pthread_mutex_destroy(&ui.mu);
	if (rc == CEP_DATAERR || (rc == CEP_OK && ui.problems > 0)) {
		if (ui.problems > SHOWN_PROBLEMS)
			cmd_warn("%ld more problem%s not shown",
			    ui.problems - SHOWN_PROBLEMS,
			    ui.problems - SHOWN_PROBLEMS == 1 ? "" : "s");
		cmd_warn("import rejected: %ld problem%s; %s", ui.problems,
		    ui.problems == 1 ? "" : "s", c->dry_run || c->dbpath ==
		    NULL ? "nothing written" : "the database is unchanged");
		rc = CEP_DATAERR;
		goto out;
	}
	if (rc != CEP_OK) {
		cmd_warn("%s", err);
		goto out;
	}
	if (!c->quiet) {
		for (t = 0; t < T_COUNT; t++)
			if (res.imported[t])
				fprintf(stderr, "%s: %ld row%s\n",
				    table_name(t), res.rows[t],
				    res.rows[t] == 1 ? "" : "s");
		if (c->dry_run)
			cmd_warn("dry run: nothing written");
	}
out:
	for (i = 0; i < p.n; i++)
		free(p.v[i]);
	free(p.v);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	"import", "PATH...", "load CSV files, or every *.csv of a directory",
	CO_TABLE | CO_DELIMITER | CO_ENCODING | CO_DRY_RUN | CO_APPEND, 1, -1,
	DB_NONE, cmd_import_exec
};
