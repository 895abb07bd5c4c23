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
		return cmd_usage_error(e, _("unknown command '%s' (did you "
		    "mean %s?)"), word, near);
	return cmd_usage_error(e, _("unknown command '%s'"), word);
}

/* "  left        text": text in a column, by display width (a
 * translation may have accents). */
static void
put_row(FILE *fp, const char *left, const char *text)
{
	size_t w = display_width(left);

	fprintf(fp, "  %s", left);
	if (w > 24) {
		/* too long for its column: the text on a line of its own */
		putc('\n', fp);
		w = 0;
		fputs("  ", fp);
	}
	do
		putc(' ', fp);
	while (++w < 25);
	fprintf(fp, "%s\n", text);
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
	put_row(fp, left, _(o->help));
}

static void
print_globals(FILE *fp)
{
	const struct cmd_option *o;

	fprintf(fp, "\n%s\n", _("Global options (before or after the "
	    "command):"));
	for (o = cmd_global_options; o->name != NULL; o++)
		print_option(fp, o);
}

void
cmd_print_usage(FILE *fp, const struct cmd_entry *e)
{
	fprintf(fp, _("usage: cepdir [OPTIONS] %s%s%s\n"), e->name,
	    e->usage[0] ? " " : "", e->usage);
}

void
cmd_print_help(FILE *fp, const struct cmd_entry *e)
{
	const struct cmd_option *o;

	cmd_print_usage(fp, e);
	fprintf(fp, "%s\n", _(e->summary));
	if (e->options != NULL) {
		fputc('\n', fp);
		fprintf(fp, _("Options of %s:\n"), e->name);
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

	fprintf(fp, "%s", _("usage: cepdir [OPTIONS] COMMAND [ARGS]\n"
	    "The directory of the conseil en evolution professionnelle (CEP)"
	    " operators.\n\nCommands:\n"));
	for (i = 0; cmd_table[i] != NULL; i++) {
		snprintf(left, sizeof(left), "%s %s", cmd_table[i]->name,
		    cmd_table[i]->usage);
		put_row(fp, left, _(cmd_table[i]->summary));
	}
	print_globals(fp);
	fprintf(fp, "\n%s", _("Exit status: 0 rows found, 1 no row (check: "
	    "problems found), 2 usage error,\n65 import rejected, 66 cannot "
	    "open, 70 internal error, 74 I/O error.\n"
	    "See cepdir help COMMAND, and man cepdir.\n"));
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
		fprintf(stderr, _("Try 'cepdir help %s'.\n"), e->name);
	} else
		fprintf(stderr, "%s", _("usage: cepdir [OPTIONS] COMMAND "
		    "[ARGS]\nTry 'cepdir help'.\n"));
	return CEP_USAGE;
}
