/*
 * cepdir export [TABLE...]: tables in the import format. One table goes
 * to stdout; several (none means all) go to -o DIR as TABLE.csv, each
 * written beside its name and renamed into place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"

struct export_args {
	const char *output;
};

static const struct cmd_option export_options[] = {
	CMD_TEXT("output", 'o', "DIR", N_("write TABLE.csv files into DIR"),
	    struct export_args, output),
	CMD_OPTIONS_END
};

/* DIR, made if it is missing (not its parents: a mistyped path should
 * not grow a tree). */
static int
output_dir(const char *dir)
{
	struct stat sb;

	if (stat(dir, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return CEP_OK;
		cmd_warn(_("cannot write in %s: %s"), dir, strerror(ENOTDIR));
		return CEP_IOERR;
	}
	if (errno == ENOENT && mkdir(dir, 0777) == 0)
		return CEP_OK;
	cmd_warn(_("cannot make the directory %s: %s"), dir,
	    strerror(errno));
	return CEP_IOERR;
}

static int
export_file(struct cmd_ctx *c, const char *dir, int t)
{
	char path[4096], tmp[4096];
	FILE *fp;
	mode_t mask;
	int fd, rc, n, k;

	n = snprintf(path, sizeof(path), "%s/%s.csv", dir, table_name(t));
	k = snprintf(tmp, sizeof(tmp), "%s/.%s.csv.XXXXXX", dir,
	    table_name(t));
	if (n < 0 || k < 0 || (size_t)n >= sizeof(path) ||
	    (size_t)k >= sizeof(tmp)) {
		cmd_warn(_("cannot write in %s: the path is too long"), dir);
		return CEP_IOERR;
	}
	if ((fd = mkstemp(tmp)) == -1) {
		cmd_warn(_("cannot write in %s: %s"), dir, strerror(errno));
		return CEP_IOERR;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		rc = errno == ENOMEM ? CEP_SOFTWARE : CEP_IOERR;
		cmd_warn(_("cannot write %s: %s"), tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		return rc;
	}
	rc = export_table(c->db.sql, t, fp, c->g.excel, c->db.err,
	    sizeof(c->db.err));
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
		rc = CEP_IOERR;
	if (fclose(fp) != 0)
		rc = CEP_IOERR;
	if (rc == CEP_OK && rename(tmp, path) == 0)
		return CEP_OK;
	cmd_warn(_("cannot write %s: %s"), path, rc == CEP_OK ?
	    strerror(errno) : c->db.err[0] ? c->db.err : strerror(errno));
	c->db.err[0] = '\0';
	unlink(tmp);
	return rc == CEP_OK ? CEP_IOERR : rc;
}

static int
cmd_export_exec(struct cmd_ctx *c)
{
	const struct export_args *a = c->args;
	int want[T_COUNT] = { 0 }, i, t, n = 0, rc;

	for (i = 0; i < c->argc; i++) {
		if ((t = table_lookup(c->argv[i])) == -1)
			return cmd_usage_error(c->entry, _("unknown table '%s' "
			    "(regions, departments, communes, operators or "
			    "coverage)"), c->argv[i]);
		if (!want[t])
			n++;
		want[t] = 1;
	}
	if (n == 1 && a->output == NULL) {
		for (t = 0; !want[t]; t++)
			;
		return export_table(c->db.sql, t, stdout, c->g.excel,
		    c->db.err, sizeof(c->db.err));
	}
	if (a->output == NULL)
		return cmd_usage_error(c->entry, "%s", _("several tables go to "
		    "files: give -o DIR"));
	if ((rc = output_dir(a->output)) != CEP_OK)
		return rc;
	for (t = 0; t < T_COUNT; t++)
		if ((n == 0 || want[t]) &&
		    (rc = export_file(c, a->output, t)) != CEP_OK)
			return rc;
	return CEP_OK;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "[TABLE...]",
	.summary = N_("tables as CSV in the import format: one to stdout, "
	    "several into -o DIR"),
	.options = export_options,
	.args_size = sizeof(struct export_args),
	.minargs = 0, .maxargs = -1,
	.db = DB_READ,
	.exec = cmd_export_exec
};
