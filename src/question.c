/*
 * The question a command answers, in words: the title of its html page
 * ("CEP operators for Rennes (35000), employed, on 2026-12-05"). It is
 * put together from the command line before the command runs, so that
 * the page has it when the rows are written. The place is left as "%s",
 * with the words typed beside it: the page names it from its rows when
 * they name one (output-html.c).
 */
#include <string.h>

#include "cmd.h"
#include "i18n.h"

/* A DATE argument, read quietly: the command tells a bad one itself. */
static void
arg_day(const char *s, char buf[DATE_BUFSZ])
{
	int day;

	if (date_parse_user(s, strlen(s), date_today(), &day) != 0) {
		snprintf(buf, DATE_BUFSZ, "%s", "?");
		return;
	}
	date_format(day, buf);
}

/* A command's own option (a flag or a date), by its name: 1 if it has
 * one of that name. */
static int
option_value(const struct cmd_ctx *c, const char *name, int *v)
{
	const struct cmd_option *o;

	for (o = c->entry->options; o != NULL && o->name != NULL; o++)
		if (strcmp(o->name, name) == 0 && (o->type == OPT_FLAG ||
		    o->type == OPT_DATE)) {
			memcpy(v, (const char *)c->args + o->offset,
			    sizeof(*v));
			return 1;
		}
	return 0;
}

static const char *
public_words(const struct cmd_ctx *c)
{
	const char *id;

	if (c->g.public < 0)
		return _("every public");
	id = public_id(c->g.public);
	return c->out.public_label != NULL ? c->out.public_label(id) : id;
}

/* The place asked, and the columns of the rows that may name it. */
static void
place(struct cmd_ctx *c, const char *column, const char *code)
{
	c->out.page.place = c->argv[0];
	c->out.page.place_column = column;
	c->out.page.place_code = code;
}

static int
is(const struct cmd_ctx *c, const char *name)
{
	return strcmp(c->entry->name, name) == 0;
}

void
cmd_page_question(struct cmd_ctx *c)
{
	const char *pub = public_words(c);
	char on[DATE_BUFSZ], from[DATE_BUFSZ], to[DATE_BUFSZ], *t = c->title;
	size_t n = sizeof(c->title);
	int all = 0, day;

	date_format(c->g.on, on);
	c->out.page.title = t;
	if ((is(c, "region") || is(c, "where")) &&
	    strcmp(c->argv[0], "-") != 0) {
		if (is(c, "where"))
			place(c, "commune", "insee");
		else
			place(c, "region_name", "region");
		/* TRANSLATORS: the place, the public ("every public" or
		 * one), the date */
		snprintf(t, n, _("CEP operators for %s, %s, on %s"), "%s", pub,
		    on);
	} else if (is(c, "where"))
		snprintf(t, n, _("CEP operators for the places read from "
		    "standard input, %s, on %s"), pub, on);
	else if (is(c, "operator")) {
		place(c, "operator_name", "operator");
		/* TRANSLATORS: the operator, the public, the date */
		snprintf(t, n, _("Regions and publics served by %s, %s, on %s"),
		    "%s", pub, on);
	} else if (is(c, "on")) {
		arg_day(c->argv[0], on);
		snprintf(t, n, _("CEP operators in force on %s, %s"), on, pub);
	} else if (is(c, "history")) {
		place(c, "region_name", "region");
		/* TRANSLATORS: the region, the public */
		snprintf(t, n, _("Every CEP operator of %s over time, %s"),
		    "%s", pub);
	} else if (is(c, "changes")) {
		arg_day(c->argv[0], from);
		arg_day(c->argv[1], to);
		snprintf(t, n, _("CEP mandates that began or ended from %s to "
		    "%s, %s"), from, to, pub);
	} else if (is(c, "regions") || is(c, "operators")) {
		option_value(c, "all", &all);
		if (all)
			snprintf(t, n, "%s", is(c, "regions") ? _("Every "
			    "region, past and present") : _("Every CEP "
			    "operator, past and present"));
		else
			snprintf(t, n, is(c, "regions") ? _("Regions on %s") :
			    _("CEP operators on %s"), on);
	} else if (is(c, "check")) {
		date_format(option_value(c, "to", &day) && day !=
		    DAY_OPEN_TO ? day : date_today(), to);
		if (option_value(c, "from", &day) && day != DAY_OPEN_FROM) {
			date_format(day, from);
			snprintf(t, n, _("Gaps and overlaps in the CEP data from "
			    "%s to %s"), from, to);
		} else
			snprintf(t, n, _("Gaps and overlaps in the CEP data up "
			    "to %s"), to);
	} else
		snprintf(t, n, "%s", _(c->entry->summary));
}
