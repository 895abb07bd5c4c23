/*
 * The command table and what a command receives (tmux's cmd_entry). Each
 * command declares its own options; the front end builds getopt's tables
 * and the help from those declarations and the global ones.
 */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>

#include "cepdir.h"
#include "i18n.h"

struct cmd_ctx;
struct cmd_option;

/* What a command needs opened before it runs. */
enum cmd_db { DB_NONE, DB_READ };

/*
 * How an option's value is kept: a flag set to 1, the argument as it is,
 * a date, or through a function that checks the argument first. The field
 * is at `offset` in the global options (struct cmd_globals) for a global
 * option, else in the command's own arguments (cmd_ctx.args).
 */
enum cmd_opt_type { OPT_FLAG, OPT_TEXT, OPT_DATE, OPT_CALL };

typedef int (*cmd_option_fn)(struct cmd_ctx *c, const char *arg,
    void *field);

struct cmd_option {
	const char *name;	/* the long option */
	int letter;		/* the short one, or 0 */
	const char *arg;	/* its value, as the help names it; NULL: none */
	const char *help;
	enum cmd_opt_type type;
	size_t offset;
	cmd_option_fn call;	/* OPT_CALL */
};

#define CMD_FLAG(name, letter, help, type, field) \
	{ name, letter, NULL, help, OPT_FLAG, offsetof(type, field), NULL }
#define CMD_TEXT(name, letter, arg, help, type, field) \
	{ name, letter, arg, help, OPT_TEXT, offsetof(type, field), NULL }
#define CMD_DATE(name, letter, arg, help, type, field) \
	{ name, letter, arg, help, OPT_DATE, offsetof(type, field), NULL }
#define CMD_CALL(name, letter, arg, help, type, field, fn) \
	{ name, letter, arg, help, OPT_CALL, offsetof(type, field), fn }
#define CMD_OPTIONS_END { NULL, 0, NULL, NULL, OPT_FLAG, 0, NULL }

/* The global options' values, before or after the command. */
struct cmd_globals {
	const char *db;		/* NULL: $CEPDIR_DB, else the built-in data */
	int format;		/* -1 until chosen */
	int on;
	int public;		/* -1: every public */
	int no_header;
	int excel;
	int quiet;
	int help, version;
	const char *columns;	/* -c: comma-separated column names */
	const char *column_list[OUT_MAXCOLS + 1];	/* ... split */
};

struct cmd_ctx {
	struct cmd_globals g;
	void *args;		/* the command's own options, zeroed first */
	int argc;		/* the arguments after the options */
	char **argv;
	struct cep_db db;
	struct out out;
	const struct cmd_entry *entry;
	char title[512];	/* out.page.title */
};

struct cmd_entry {
	const char *name;
	const char *usage;	/* the arguments, as the usage line shows */
	const char *summary;
	const struct cmd_option *options;	/* NULL, or ended by a NULL name */
	size_t args_size;	/* of the struct its options fill */
	const void *args_default;	/* its values before the options, or
					 * NULL for zeroes */
	const struct out_col *columns;	/* of the rows it prints, or NULL */
	int minargs, maxargs;	/* maxargs -1: no limit */
	int own_output;		/* writes its input's CSV: no -f but csv */
	enum cmd_db db;
	int (*exec)(struct cmd_ctx *);
};

extern const struct cmd_entry cmd_region_entry, cmd_where_entry,
    cmd_operator_entry, cmd_on_entry, cmd_history_entry, cmd_changes_entry,
    cmd_regions_entry, cmd_departments_entry, cmd_operators_entry,
    cmd_import_entry,
    cmd_export_entry, cmd_check_entry, cmd_help_entry;
extern const struct cmd_entry cmd_timeline_entry, cmd_annotate_entry;
extern const struct cmd_entry *const cmd_table[];
extern const struct cmd_option cmd_global_options[];

/* usage.c: messages, usage and help */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cmd_print_usage(FILE *fp, const struct cmd_entry *e);
void cmd_print_help(FILE *fp, const struct cmd_entry *e);
void cmd_print_overview(FILE *fp);
const struct cmd_entry *cmd_find(const char *name);
/* The nearest of n words, for "did you mean", or NULL. */
const char *cmd_nearest_of(const char *word, const char *const *names,
    size_t n);
/* An unknown command, told with the nearest one. */
int cmd_unknown(const struct cmd_entry *e, const char *word);

/* options.c: the command line */
/* Global options (e NULL), up to the command; or the options of e and
 * the global ones, anywhere after it. optind is where the parse ended. */
int cmd_parse(struct cmd_ctx *c, const struct cmd_entry *e, int argc,
    char **argv);
/* A DATE argument: CEP_OK, or the usage error already told. */
int cmd_date_arg(const struct cmd_entry *e, const char *s, int *day);

/* main.c: what the lookups share */
/* A column and a public as a table, a page or a picture shows them. */
const char *cmd_column_label(const char *column);
const char *cmd_public_label(const char *id);
void cmd_note(void *ctx, const char *msg);
void cmd_query_init(struct cmd_ctx *c, struct query *q);
/* Seconds before a progress line shows: CEPDIR_PROGRESS_DELAY, else 1. */
double cmd_progress_delay(void);
/* How old the data is and where it comes from, into c->out.page. */
int cmd_data_source(struct cmd_ctx *c);

/* question.c: the question the command answers, as the page's title */
void cmd_page_question(struct cmd_ctx *c);

/* cmd-timeline.c: what the timeline and the page of history share */
int cmd_timeline_regions(struct cmd_ctx *c, struct timeline *t);
void cmd_timeline_view(struct cmd_ctx *c, struct timeline_view *v);

#endif
