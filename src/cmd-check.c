/* cepdir check: coverage gaps and overlaps, and the store's consistency. */
#include "cmd.h"

static int
cmd_check_exec(struct cmd_ctx *c)
{
	int rc, to = c->to == DAY_OPEN_TO ? date_today() : c->to;

	rc = check_run(&c->db, c->from, to, &c->out);
	if (rc == CEP_USAGE) {
		cmd_usage_error(c->entry, "%s", c->db.err);
		c->db.err[0] = '\0';
	}
	return rc;
}

const struct cmd_entry cmd_check_entry = {
	"check", "", "report coverage gaps and overlaps", CO_FROM | CO_TO, 0, 0,
	DB_READ, cmd_check_exec
};
