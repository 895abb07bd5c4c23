/*
 * Messages, usage and help, from the command table and the options each
 * command declares.
 */
#include <stdarg.h>
#include <string.h>

#include "cmd.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_region_entry, &cmd_where_entry, &cmd_operator_entry,
	&cmd_on_entry, &cmd_history_entry, &cmd_timeline_entry,
	&cmd_changes_entry, &cmd_regions_entry, &cmd_departments_entry,
	&cmd_operators_entry, &cmd_annotate_entry, &cmd_import_entry,
	&cmd_export_entry, &cmd_check_entry, &cmd_help_entry, NULL
};

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

const char *
cmd_nearest_of(const char *word, const char *const *names, size_t n)
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

int
cmd_unknown(const struct cmd_entry *e, const char *word)
{
	const char *names[32], *near;
	size_t n;

	for (n = 0; cmd_table[n] != NULL; n++)
		names[n] = cmd_table[n]->name;
	if ((near = cmd_nearest_of(word, names, n)) != NULL)
		return cmd_usage_error(e, "unknown command '%s' (did you mean "
		    "%s?)", word, near);
	return cmd_usage_error(e, "unknown command '%s'", word);
}

static void
print_option(FILE *fp, const struct cmd_option *o)
{
	char left[64];

	if (o->letter != 0)
		snprintf(left, sizeof(left), "-%c, --%s%s%s", o->letter,
		    o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	else
		snprintf(left, sizeof(left), "    --%s%s%s", o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	/* too long for its column: the help on a line of its own */
	if (strlen(left) > 24)
		fprintf(fp, "  %s\n  %-24s %s\n", left, "", o->help);
	else
		fprintf(fp, "  %-24s %s\n", left, o->help);
}

static void
print_globals(FILE *fp)
{
	const struct cmd_option *o;

	fprintf(fp, "\nGlobal options (before or after the command):\n");
	for (o = cmd_global_options; o->name != NULL; o++)
		print_option(fp, o);
}

void
cmd_print_usage(FILE *fp, const struct cmd_entry *e)
{
	fprintf(fp, "usage: cepdir [OPTIONS] %s%s%s\n", e->name,
	    e->usage[0] ? " " : "", e->usage);
}

void
cmd_print_help(FILE *fp, const struct cmd_entry *e)
{
	const struct cmd_option *o;

	cmd_print_usage(fp, e);
	fprintf(fp, "%s\n", e->summary);
	if (e->options != NULL) {
		fprintf(fp, "\nOptions of %s:\n", e->name);
		for (o = e->options; o->name != NULL; o++)
			print_option(fp, o);
	}
	print_globals(fp);
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
		    cmd_table[i]->usage);
		fprintf(fp, "  %-24s %s\n", left, cmd_table[i]->summary);
	}
	print_globals(fp);
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
