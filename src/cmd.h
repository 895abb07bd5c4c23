/* The command table and what a command receives (tmux's cmd_entry). */
#ifndef CMD_H
#define CMD_H

#include "cepdir.h"

/* What a command needs opened before it runs. */
enum cmd_db { DB_NONE, DB_READ };

/* Command options; global options are accepted by every command. */
enum {
	CO_TABLE = 1 << 0, CO_DELIMITER = 1 << 1, CO_ENCODING = 1 << 2,
	CO_DRY_RUN = 1 << 3, CO_APPEND = 1 << 4, CO_OUTPUT = 1 << 5,
	CO_FROM = 1 << 6, CO_TO = 1 << 7, CO_ALL = 1 << 8
};

struct cmd_ctx {
	/* global options */
	const char *dbpath;	/* NULL: the built-in data */
	int format;		/* -1 until chosen */
	int on;
	int public;
	int header;
	int excel;
	int quiet;
	/* command options */
	const char *table;
	char delimiter;
	const char *encoding;
	int dry_run;
	int append;
	const char *output;
	int from, to;
	int all;
	/* positional arguments */
	int argc;
	char **argv;
	struct cep_db db;
	struct out out;
	const struct cmd_entry *entry;
};

struct cmd_entry {
	const char *name;
	const char *args;	/* as the usage line shows them */
	const char *summary;
	unsigned options;	/* CO_* accepted */
	int minargs, maxargs;	/* maxargs -1: no limit */
	enum cmd_db db;
	int (*exec)(struct cmd_ctx *);
};

extern const struct cmd_entry cmd_region_entry, cmd_where_entry,
    cmd_operator_entry, cmd_on_entry, cmd_history_entry, cmd_changes_entry,
    cmd_regions_entry, cmd_operators_entry, cmd_import_entry,
    cmd_export_entry, cmd_check_entry, cmd_help_entry;
extern const struct cmd_entry *const cmd_table[];

/* main.c */
void cmd_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int cmd_usage_error(const struct cmd_entry *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int cmd_date_arg(const struct cmd_entry *e, const char *s, int *day);
void cmd_print_usage(FILE *fp, const struct cmd_entry *e);
void cmd_print_help(FILE *fp, const struct cmd_entry *e);
void cmd_print_overview(FILE *fp);
void cmd_note(void *ctx, const char *msg);
void cmd_query_init(struct cmd_ctx *c, struct query *q);
const struct cmd_entry *cmd_find(const char *name);
const char *cmd_nearest(const char *word);

#endif
