/*
 * The command line. getopt_long reads it twice: the global options up to
 * the command ('+' stops there), then the command's options and the
 * global ones anywhere after it. The tables come from the options each
 * command declares; what getopt refuses is told in the words of the line.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define MAX_OPTIONS 48

/* The options one place of the line takes, and getopt's tables. */
struct optset {
	const struct cmd_option *opt[MAX_OPTIONS];
	int global[MAX_OPTIONS];
	struct option lo[MAX_OPTIONS + 1];
	char so[2 * MAX_OPTIONS + 3];
	size_t n;
};

/* getopt's value for option i: its letter, else 256 + i. */
static int
opt_val(const struct optset *os, size_t i)
{
	return os->opt[i]->letter ? os->opt[i]->letter : 256 + (int)i;
}

static void
optset_add(struct optset *os, const struct cmd_option *o, int global)
{
	for (; o != NULL && o->name != NULL && os->n < MAX_OPTIONS; o++) {
		os->opt[os->n] = o;
		os->global[os->n] = global;
		os->n++;
	}
}

/* Global options (e NULL) or those of e and the global ones. */
static void
optset_build(struct optset *os, const struct cmd_entry *e)
{
	size_t i, k;

	memset(os, 0, sizeof(*os));
	optset_add(os, cmd_global_options, 1);
	if (e != NULL)
		optset_add(os, e->options, 0);
	k = (size_t)snprintf(os->so, sizeof(os->so), "%s:", e == NULL ? "+" :
	    "");
	for (i = 0; i < os->n; i++) {
		os->lo[i].name = os->opt[i]->name;
		os->lo[i].has_arg = os->opt[i]->arg ? required_argument :
		    no_argument;
		os->lo[i].val = opt_val(os, i);
		if (os->opt[i]->letter != 0) {
			os->so[k++] = (char)os->opt[i]->letter;
			if (os->opt[i]->arg != NULL)
				os->so[k++] = ':';
		}
	}
	os->so[k] = '\0';
}

/* The option getopt returned, by its value. */
static size_t
optset_find(const struct optset *os, int val)
{
	size_t i;

	for (i = 0; i < os->n; i++)
		if (opt_val(os, i) == val)
			return i;
	return os->n;
}

/* Does any command, or the global options, know this long name (len
 * bytes of it, or a prefix when prefix is set)? */
static const struct cmd_option *
known_option(const char *name, size_t len, int prefix)
{
	const struct cmd_option *o;
	int i;

	for (i = -1; i < 0 || cmd_table[i] != NULL; i++)
		for (o = i < 0 ? cmd_global_options : cmd_table[i]->options;
		    o != NULL && o->name != NULL; o++)
			if (strncmp(o->name, name, len) == 0 &&
			    (prefix || strlen(o->name) == len))
				return o;
	return NULL;
}

static const struct cmd_option *
known_letter(int letter)
{
	const struct cmd_option *o;
	int i;

	for (i = -1; i < 0 || cmd_table[i] != NULL; i++)
		for (o = i < 0 ? cmd_global_options : cmd_table[i]->options;
		    o != NULL && o->name != NULL; o++)
			if (o->letter == letter)
				return o;
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
		return cmd_usage_error(e, _("%s%s is not an option of %s"),
		    dashes, name, e->name);
	return cmd_usage_error(e, _("%s%s is an option of a command: put it "
	    "after the command"), dashes, name);
}

/* An option getopt refused: tok as written, or a short option alone. */
static int
unknown_option(const struct cmd_entry *e, const struct optset *os,
    const char *tok, int shortopt)
{
	const char *names[MAX_OPTIONS], *near;
	const struct cmd_option *o;
	char word[64], list[256];
	size_t i, k, n = 0, len;

	if (shortopt != 0) {
		snprintf(word, sizeof(word), "%c", shortopt);
		if (known_letter(shortopt) != NULL)
			return not_here(e, "-", word);
		return cmd_usage_error(e, _("unknown option -%c"), shortopt);
	}
	snprintf(word, sizeof(word), "%.*s", (int)long_name_len(tok), tok + 2);
	len = strlen(word);
	if (known_option(word, len, 0) != NULL)
		return not_here(e, "--", word);
	/* the start of several names here: getopt calls it ambiguous */
	list[0] = '\0';
	for (i = 0; i < os->n && len > 0; i++) {
		k = strlen(list);
		if (strncmp(os->opt[i]->name, word, len) == 0)
			snprintf(list + k, sizeof(list) - k, "%s--%s",
			    n++ ? ", " : "", os->opt[i]->name);
	}
	if (n > 1)
		return cmd_usage_error(e, _("option --%s is cut short: write "
		    "one of %s"), word, list);
	if (len > 0 && (o = known_option(word, len, 1)) != NULL)
		return not_here(e, "--", o->name);
	for (n = 0; n < os->n; n++)
		names[n] = os->opt[n]->name;
	if ((near = cmd_nearest_of(word, names, n)) != NULL)
		return cmd_usage_error(e, _("unknown option --%s (did you mean "
		    "--%s?)"), word, near);
	return cmd_usage_error(e, _("unknown option --%s"), word);
}

/*
 * What getopt refused (ch '?' or ':'), said in the words of the line.
 * optopt is the short option, or the option a long one stands for (its
 * name whole or cut short), or 0 for an unknown long one.
 */
static int
refused_option(const struct cmd_entry *e, const struct optset *os,
    char **argv, int ch)
{
	const char *tok = argv[optind - 1];
	size_t i, len;

	/* A short option refused inside a cluster ("-qZ") leaves optind on
	 * the cluster, so tok is the word before it: a long token is the
	 * option itself only when getopt names none, wants a value, or a
	 * value was given with '='. */
	if (strncmp(tok, "--", 2) == 0 && tok[2] != '\0' && (optopt == 0 ||
	    ch == ':' || strchr(tok, '=') != NULL)) {
		len = long_name_len(tok);
		i = optopt != 0 ? optset_find(os, optopt) : os->n;
		if (i < os->n && strncmp(os->opt[i]->name, tok + 2, len) != 0)
			i = os->n;
		if (i < os->n && ch == ':')
			return cmd_usage_error(e,
			    _("option --%s needs a value"), os->opt[i]->name);
		if (i < os->n)
			return cmd_usage_error(e,
			    _("option --%s takes no value"), os->opt[i]->name);
		if (optopt == 0)
			return unknown_option(e, os, tok, 0);
	}
	if (optopt <= 0 || optopt >= 256)
		return cmd_usage_error(e, _("unknown option %s"), tok);
	if (ch == ':')
		return cmd_usage_error(e, _("option -%c needs a value"),
		    optopt);
	return unknown_option(e, os, NULL, optopt);
}

int
cmd_date_arg(const struct cmd_entry *e, const char *s, int *day)
{
	if (date_parse_user(s, strlen(s), date_today(), day) == 0)
		return CEP_OK;
	return cmd_usage_error(e, _("invalid date '%s' (YYYY-MM-DD, "
	    "DD/MM/YYYY, DD.MM.YYYY, today or yesterday)"), s);
}

/* One option's value into its field. */
static int
take_option(struct cmd_ctx *c, const struct cmd_option *o, int global,
    const char *arg)
{
	void *field = (char *)(global ? (void *)&c->g : c->args) + o->offset;

	switch (o->type) {
	case OPT_FLAG:
		*(int *)field = 1;
		return CEP_OK;
	case OPT_TEXT:
		*(const char **)field = arg;
		return CEP_OK;
	case OPT_DATE:
		return cmd_date_arg(c->entry, arg, field);
	case OPT_CALL:
		return o->call(c, arg, field);
	}
	return CEP_OK;
}

/* Starts getopt afresh on a new argv: glibc wants optind 0 for that (it
 * then reads the optstring's '+' again), the BSDs optreset. */
static void
getopt_restart(void)
{
#if defined(__GLIBC__)
	optind = 0;
#else
	optind = 1;
	optreset = 1;
#endif
}

int
cmd_parse(struct cmd_ctx *c, const struct cmd_entry *e, int argc,
    char **argv)
{
	struct optset os;
	const char *tok;
	size_t i;
	int ch, li, rc;

	optset_build(&os, e);
	getopt_restart();
	opterr = 0;
	while (li = -1, (ch = getopt_long(argc, argv, os.so, os.lo, &li)) !=
	    -1) {
		if (ch == '?' || ch == ':')
			return refused_option(e, &os, argv, ch);
		/* the option as written: before its value when apart */
		tok = argv[optind - 1];
		if (optarg != NULL && optarg == tok && optind >= 2)
			tok = argv[optind - 2];
		/* getopt takes "--form" for --format: a later option could
		 * change what it means, so only whole names are taken */
		if (li >= 0 && long_name_len(tok) != strlen(os.lo[li].name))
			return cmd_usage_error(e, _("option --%.*s is cut "
			    "short: write --%s"), (int)long_name_len(tok),
			    tok + 2, os.lo[li].name);
		if ((i = optset_find(&os, ch)) == os.n)
			continue;
		if ((rc = take_option(c, os.opt[i], os.global[i], optarg)) !=
		    CEP_OK)
			return rc;
	}
	return CEP_OK;
}
