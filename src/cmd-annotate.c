/*
 * cepdir annotate FILE: a CSV of people back on stdout, each row with the
 * CEP operators of its place on its date. FILE - is stdin; a pipe is
 * read from a copy (csv_spool), as import reads one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "i18n.h"

struct annotate_args {
	const char *place;
	const char *date;
	const char *public_column;
};

#define A struct annotate_args

static const struct cmd_option annotate_options[] = {
	CMD_TEXT("place", 0, "COLUMN", N_("the column of the places (any "
	    "form where accepts); required"), A, place),
	CMD_TEXT("date", 0, "COLUMN", N_("the column of the dates (default: "
	    "every row on --on)"), A, date),
	CMD_TEXT("public-column", 0, "COLUMN", N_("the column of the publics "
	    "(ids or French words), instead of -p"), A, public_column),
	CMD_OPTIONS_END
};

#undef A

/* What the messages of a run need: the file's name, the progress line. */
struct annotate_ui {
	const char *file;
	int tty, quiet, shown;
	double delay;
	struct timespec start;
};

static void
clear_progress(struct annotate_ui *ui)
{
	if (ui->shown) {
		fputs("\r\033[K", stderr);
		ui->shown = 0;
	}
}

/* A record the reader refused: FILE:LINE: why. */
static void
bad_record(void *ctx, long line, const char *msg)
{
	struct annotate_ui *ui = ctx;

	clear_progress(ui);
	fprintf(stderr, "%s:%ld: %s\n", ui->file, line, msg);
}

/* On a terminal, after the delay: the rows so far and the rate. */
static void
progress(void *ctx, long rows)
{
	struct annotate_ui *ui = ctx;
	struct timespec now;
	double s;

	if (!ui->tty || ui->quiet)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	s = (double)(now.tv_sec - ui->start.tv_sec) +
	    (double)(now.tv_nsec - ui->start.tv_nsec) / 1e9;
	if (s < ui->delay)
		return;
	fputs("\r\033[K", stderr);
	fprintf(stderr, P_("cepdir: %ld row annotated (%.0f rows/s)",
	    "cepdir: %ld rows annotated (%.0f rows/s)", rows), rows,
	    (double)rows / s);
	ui->shown = 1;
}

/* FILE, or stdin: itself when it is a file, else a copy (csv_spool). */
static int
open_input(struct cmd_ctx *c, const char *path, int *fd)
{
	struct stat sb;
	int in, rc;

	if (strcmp(path, "-") != 0)
		in = open(path, O_RDONLY | O_CLOEXEC);
	else
		in = dup(0);
	if (in == -1) {
		snprintf(c->db.err, sizeof(c->db.err), _("cannot read %s: %s"),
		    strcmp(path, "-") == 0 ? _("standard input") : path,
		    strerror(errno));
		return errno == ENOENT || errno == EACCES ? CEP_NOINPUT :
		    CEP_IOERR;
	}
	if (fstat(in, &sb) == 0 && S_ISREG(sb.st_mode)) {
		*fd = in;
		return CEP_OK;
	}
	rc = csv_spool(in, fd, c->db.err, sizeof(c->db.err));
	close(in);
	return rc;
}

static int
cmd_annotate_exec(struct cmd_ctx *c)
{
	const struct annotate_args *args = c->args;
	struct annotate_spec spec = { 0 };
	struct annotate_stats stats;
	struct annotate_ui ui = { 0 };
	struct csv_source src = { 0 };
	struct query q;
	static char buf[1 << 16];
	int rc;

	if (args->place == NULL)
		return cmd_usage_error(c->entry, _("--place COLUMN is "
		    "required"));
	if (args->public_column != NULL && c->g.public >= 0)
		return cmd_usage_error(c->entry, _("-p and --public-column "
		    "cannot be given together"));
	spec.place = args->place;
	spec.date = args->date;
	spec.public_column = args->public_column;
	spec.bom = c->g.excel;
	spec.progress = progress;
	ui.file = c->argv[0];
	ui.tty = isatty(2);
	ui.quiet = c->g.quiet;
	ui.delay = cmd_progress_delay();
	clock_gettime(CLOCK_MONOTONIC, &ui.start);
	if ((rc = open_input(c, c->argv[0], &src.fd)) != CEP_OK)
		return rc;
	src.name = c->argv[0];
	cmd_query_init(c, &q);
	q.note = NULL;		/* the notes go into cep_note */
	q.bad_line = bad_record;
	q.ctx = &ui;
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	rc = annotate_run(&q, &src, &spec, stdout, &stats);
	close(src.fd);
	clear_progress(&ui);
	if (rc == CEP_USAGE) {
		/* a column the header lacks: told with the usage */
		rc = cmd_usage_error(c->entry, "%s", c->db.err);
		c->db.err[0] = '\0';
		return rc;
	}
	if (rc == CEP_NOROWS && !c->g.quiet)
		cmd_warn(P_("%ld row of %ld has no operator (cep_note says "
		    "why)", "%ld rows of %ld have no operator (cep_note says "
		    "why)", stats.unanswered), stats.unanswered, stats.rows);
	return rc;
}

const struct cmd_entry cmd_annotate_entry = {
	.name = "annotate",
	.usage = "FILE",
	.summary = N_("a CSV of people with the operators of each row "
	    "appended; - reads stdin"),
	.options = annotate_options,
	.args_size = sizeof(struct annotate_args),
	.minargs = 1, .maxargs = 1,
	.own_output = 1,
	.db = DB_READ,
	.exec = cmd_annotate_exec
};
