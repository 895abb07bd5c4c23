/* cepdir check: coverage gaps and overlaps, and the store's consistency. */
#include "cmd.h"

struct check_args {
	int from, to;
};

static const struct check_args check_defaults = { DAY_OPEN_FROM,
    DAY_OPEN_TO };

static const struct cmd_option check_options[] = {
	CMD_DATE("from", 0, "DATE", N_("first day checked (default: first "
	    "day of the coverage)"), struct check_args, from),
	CMD_DATE("to", 0, "DATE", N_("last day checked (default: today)"),
	    struct check_args, to),
	CMD_OPTIONS_END
};

static int
cmd_check_exec(struct cmd_ctx *c)
{
	const struct check_args *a = c->args;
	struct check ck = { 0 };
	int rc;

	ck.db = &c->db;
	ck.out = &c->out;
	ck.from = a->from;
	ck.to = a->to == DAY_OPEN_TO ? date_today() : a->to;
	rc = check_run(&ck);
	if (rc == CEP_USAGE) {
		if (ck.no_start)
			cmd_usage_error(c->entry, _("%s: give --from"),
			    c->db.err);
		else
			cmd_usage_error(c->entry, "%s", c->db.err);
		c->db.err[0] = '\0';
	}
	return rc;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "",
	.summary = N_("report coverage gaps and overlaps"),
	.options = check_options,
	.args_size = sizeof(struct check_args),
	.args_default = &check_defaults,
	.columns = check_columns,
	.minargs = 0, .maxargs = 0,
	.db = DB_READ,
	.exec = cmd_check_exec
};
