/*
 * The files of an import: each is read by csvread.c into the rows of
 * import-rows.c, which a pipeline carries to SQLite. A big file is parsed
 * in a thread of its own while this one stores its rows.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "importer.h"
#include "mem.h"

#define MAX_FIELD (16 * 1024 * 1024)

/* The reading of one file, as the producer of a pipeline. */
struct read_job {
	const struct csv_source *src;
	const struct csv_options *co;
	struct import_file_ctx *fc;
	struct csv_info *info;
	char *err;
	size_t errsz;
	int rc;
};

static void *
read_job(void *arg)
{
	struct read_job *j = arg;

	j->rc = csv_read(j->src, j->co, import_row, import_csv_problem, j->fc,
	    j->info, j->err, j->errsz);
	return NULL;
}

/* Files of more than 256 KiB are parsed in a thread of their own while
 * this one stores their rows (an import of 25,000 operators gains). */
static int
big_file(const struct csv_source *src)
{
	struct stat sb;

	return src->fd >= 0 && fstat(src->fd, &sb) == 0 &&
	    sb.st_size > 256 * 1024;
}

/* After the rows of a file: what the reading itself found. */
static void
finish_source(struct importer *imp, const char *name, struct loadfile *lf,
    const struct csv_info *info, long problems_before)
{
	char msg[160];

	if (imp->status == CEP_OK && info->bad_utf8_line > 0 &&
	    imp->sink.warning != NULL) {
		snprintf(msg, sizeof(msg), importer_tr(imp, N_("not UTF-8 "
		    "(line %ld); read as Windows-1252")), info->bad_utf8_line);
		imp->sink.warning(imp->sink.ctx, name, msg);
	}
	if (imp->status == CEP_OK && lf->table < 0 && !lf->skip &&
	    imp->problems == problems_before)
		importer_problem(imp, name, 1, "-", N_("empty file: no "
		    "header"));
	/* a refused header names no table: the old one stays for the checks */
	if (lf->table >= 0 && !lf->skip)
		imp->imported[lf->table] = 1;
}

static int
add_source(struct importer *imp, const char *name, struct csv_source *src)
{
	struct loadfile lf;
	struct import_file_ctx fc;
	struct read_job job;
	long before = imp->problems;
	struct csv_options co;
	struct csv_info info;
	char err[256];

	if (imp->status != CEP_OK)
		return imp->status;
	imp->stage = NULL;	/* rows again, counted by the reader */
	memset(&lf, 0, sizeof(lf));
	lf.name = name;
	lf.table = -1;
	if ((lf.fileid = importer_add_name(imp, name)) == -1) {
		importer_nomem(imp);
		return imp->status;
	}
	memset(&co, 0, sizeof(co));
	co.delimiter = imp->opt.delimiter;
	co.encoding = imp->opt.encoding;
	co.max_field = MAX_FIELD;
	memset(&info, 0, sizeof(info));
	fc.imp = imp;
	fc.lf = &lf;
	job.src = src;
	job.co = &co;
	job.fc = &fc;
	job.info = &info;
	job.err = err;
	job.errsz = sizeof(err);
	job.rc = CEP_OK;
	if ((imp->pipe = pipeline_new(big_file(src), import_store_batch,
	    imp)) == NULL) {
		importer_nomem(imp);
		return imp->status;
	}
	/* storing failed: the consumer has told why */
	if (pipeline_run(imp->pipe, read_job, &job) == -1 &&
	    imp->status == CEP_OK) {
		snprintf(imp->err, sizeof(imp->err), _("%s: the rows could "
		    "not be stored"), name);
		imp->status = CEP_SOFTWARE;
	}
	pipeline_free(imp->pipe);
	imp->pipe = NULL;
	if (job.rc == CEP_SOFTWARE && imp->status == CEP_OK)
		importer_nomem(imp);
	else if (job.rc != CEP_OK && imp->status == CEP_OK) {
		snprintf(imp->err, sizeof(imp->err), "%s: %s", name, err);
		imp->status = job.rc;
	}
	finish_source(imp, name, &lf, &info, before);
	return imp->status;
}

int
importer_add_file(struct importer *imp, const char *path)
{
	struct csv_source src;
	struct stat sb;
	int fd, spooled, rc;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(imp->err, sizeof(imp->err), _("cannot open %s: %s"),
		    path, strerror(errno));
		return imp->status = CEP_NOINPUT;
	}
	if (fstat(fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		/* a pipe or a device: read from a copy */
		spooled = -1;
		rc = csv_spool(fd, &spooled, imp->err, sizeof(imp->err));
		close(fd);
		if (rc == CEP_SOFTWARE)
			importer_nomem(imp);
		if (rc != CEP_OK)
			return imp->status = rc;
		fd = spooled;
	}
	memset(&src, 0, sizeof(src));
	src.name = path;
	src.fd = fd;
	rc = add_source(imp, path, &src);
	close(fd);
	return rc;
}

int
importer_add_buffer(struct importer *imp, const char *name, const char *buf,
    size_t len)
{
	struct csv_source src;

	memset(&src, 0, sizeof(src));
	src.name = name;
	src.fd = -1;
	src.mem = buf;
	src.memlen = len;
	return add_source(imp, name, &src);
}
