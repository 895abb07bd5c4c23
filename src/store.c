/*
 * Atomic replacement of the store. The new database is built in a file
 * beside the old one (journal off: nothing else sees it), the tables that
 * the input does not name are copied over, everything is validated, and
 * only then is the file synced and renamed over the old name. A reader
 * keeps the file it opened; a crash at any moment leaves the old file,
 * and a temp file that a later import removes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "importer.h"

/*
 * Appends to buf the columns of table t that the old store has (an older
 * store may lack the newest optional columns: they stay empty).
 */
static int
old_columns(struct importer *imp, int t, char *buf, size_t bufsz,
    int *has_fold)
{
	sqlite3_stmt *st = NULL;
	const char *name;
	size_t n;

	buf[0] = '\0';
	*has_fold = 0;
	if (sqlite3_prepare_v2(imp->sql, "SELECT name FROM"
	    " pragma_table_info(?1, 'old')", -1, &st, NULL) != SQLITE_OK)
		return importer_sql_fail(imp, N_("copying the old data"));
	sqlite3_bind_text(st, 1, table_name(t), -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(st, 0);
		if (name != NULL && strcmp(name, "fold") == 0)
			*has_fold = 1;
		if (name == NULL || table_column(t, name) < 0)
			continue;
		n = strlen(buf);
		snprintf(buf + n, bufsz - n, "%s%s", n ? ", " : "", name);
	}
	if (sqlite3_finalize(st) != SQLITE_OK)
		return importer_sql_fail(imp, N_("copying the old data"));
	return 0;
}

static int
copy_table(struct importer *imp, int t, const char *dbpath)
{
	char sql[3 * TABLE_SQL_MAX], cols[TABLE_SQL_MAX], name[1024];
	char into[TABLE_SQL_MAX + 32], from[TABLE_SQL_MAX + 64];
	const struct table *tb = &tables[t];
	sqlite3_stmt *st = NULL;
	int id, has_fold;

	if (old_columns(imp, t, cols, sizeof(cols), &has_fold) == -1)
		return imp->status;
	if (cols[0] == '\0')
		return CEP_OK;	/* an older store without this table */
	/* a name an older store did not fold is folded on the way */
	snprintf(into, sizeof(into), "%s%s", cols, table_fold(t) >= 0 ?
	    ", fold" : "");
	if (table_fold(t) < 0)
		snprintf(from, sizeof(from), "%s", cols);
	else if (has_fold)
		snprintf(from, sizeof(from), "%s, fold", cols);
	else
		snprintf(from, sizeof(from), "%s, cep_fold(%s)", cols,
		    tb->cols[table_fold(t)].name);
	snprintf(name, sizeof(name), "%s#%s", dbpath, table_name(t));
	if ((id = importer_add_name(imp, name)) == -1) {
		importer_nomem(imp);
		return imp->status;
	}
	if (t == T_COVERAGE)
		imp->copied_coverage_file = id;
	importer_stage(imp, N_("copying the database's rows"));
	/* line: the row's place in the table, counted from 1 */
	snprintf(sql, sizeof(sql), "INSERT INTO main.%s(%s%s%s, file, line)"
	    " SELECT %s%s%s, ?, ROW_NUMBER() OVER (ORDER BY rowid) FROM old.%s"
	    " ORDER BY rowid", tb->name, into, tb->computed ? ", " : "",
	    tb->computed ? tb->computed : "", from, tb->computed ? ", " : "",
	    tb->computed ? tb->computed_sql : "", tb->name);
	if (sqlite3_prepare_v2(imp->sql, sql, -1, &st, NULL) != SQLITE_OK) {
		importer_sql_fail(imp, N_("copying the old data"));
		return imp->status;
	}
	sqlite3_bind_int(st, 1, id);
	sqlite3_step(st);
	if (sqlite3_finalize(st) != SQLITE_OK) {
		importer_sql_fail(imp, N_("copying the old data"));
		return imp->status;
	}
	return CEP_OK;
}

static int
attach_old(sqlite3 *sql, const char *dbpath)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(sql, "ATTACH DATABASE ? AS old", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, dbpath, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
sync_dir(const char *path)
{
	int fd, rc;

	if ((fd = open(path, O_DIRECTORY | O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/*
 * Temp files of dead imports. An import holds flock(LOCK_EX) on its temp
 * file until the file is renamed or removed, and the kernel drops the lock
 * however the process ends (SIGKILL, a crash): a file whose lock can be
 * taken has no import behind it. The age covers the moment between
 * another import's mkstemp and its flock, when its file is not locked yet.
 */
#define TEMP_PREFIX	".cepdir-import-"
#define TEMP_AGE	60	/* seconds */

static int
temp_name(const char *name)
{
	size_t n = strlen(TEMP_PREFIX);

	/* mkstemp's six characters, no more, no less */
	return strncmp(name, TEMP_PREFIX, n) == 0 && strlen(name + n) == 6;
}

static int
temp_old(const struct stat *sb, time_t now)
{
	return S_ISREG(sb->st_mode) && sb->st_uid == geteuid() &&
	    now - sb->st_mtime >= TEMP_AGE;
}

static void
remove_if_dead(int dfd, const char *name, time_t now)
{
	struct stat sb, fsb;
	int fd;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == -1 ||
	    !temp_old(&sb, now))
		return;
	if ((fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC)) == -1)
		return;
	/* the name may have moved on since: the file opened must pass too,
	 * and once it is locked, the name must still be that file */
	if (fstat(fd, &fsb) == 0 && temp_old(&fsb, now) &&
	    flock(fd, LOCK_EX | LOCK_NB) == 0 &&
	    fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
	    sb.st_dev == fsb.st_dev && sb.st_ino == fsb.st_ino)
		unlinkat(dfd, name, 0);
	close(fd);
}

/* Best effort and silent: the import goes on whatever happens here. */
static void
remove_dead_temps(const char *dir)
{
	struct dirent *de;
	time_t now = time(NULL);
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (temp_name(de->d_name))
			remove_if_dead(dirfd(d), de->d_name, now);
	closedir(d);
}

static int
nomem(char *err, size_t errsz)
{
	snprintf(err, errsz, "%s", _("out of memory"));
	return CEP_SOFTWARE;
}

/* fmt (N_) names the path: "cannot write %s", then why. */
static int
fail_errno(char *err, size_t errsz, const char *fmt, const char *path)
{
	int e = errno;
	size_t n;

	snprintf(err, errsz, _(fmt), path);
	n = strlen(err);
	snprintf(err + n, errsz - n, ": %s", strerror(e));
	return CEP_IOERR;
}

/* cep_fold(name): the folded name, for rows copied from an older store
 * that did not keep it. */
static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	char buf[512];

	(void)argc;
	name_fold(s ? (const char *)s : "", s ? (size_t)sqlite3_value_bytes(
	    argv[0]) : 0, buf, sizeof(buf));
	sqlite3_result_text(ctx, buf, -1, SQLITE_TRANSIENT);
}

static int
open_build(const char *path, sqlite3 **sql, char *err, size_t errsz)
{
	/* A private file: no journal, a bounded page cache. (Locks stay
	 * normal: the coverage checks read it from a second connection.) */
	static const char pragmas[] =
	    "PRAGMA page_size = 16384;"
	    "PRAGMA journal_mode = OFF;"
	    "PRAGMA synchronous = OFF;"
	    "PRAGMA cache_size = -4096;"
	    "PRAGMA temp_store = FILE;";

	int rc;

	/* only this thread uses the connection: no mutexes needed */
	if ((rc = db_open_file(path, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, sql, err, errsz)) !=
	    CEP_OK)
		return rc == CEP_NOINPUT ? CEP_IOERR : rc;
	if (sqlite3_exec(*sql, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(*sql, "cep_fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_fold, NULL, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, *sql,
		    N_("creating the database"));
	/* while the coverage checks read, writing the file waits for them
	 * rather than holding the pages in memory */
	sqlite3_busy_timeout(*sql, 600000);
	return db_create_schema(*sql, err, errsz);
}

/* Does the old store exist and is it a cepdir store we can replace? */
static int
check_old(const char *dbpath, int dry_run, int *exists, mode_t *mode,
    char *err, size_t errsz)
{
	struct stat sb;
	sqlite3 *sql = NULL;
	int rc;

	*exists = 0;
	*mode = 0666;
	if (stat(dbpath, &sb) == -1) {
		if (errno == ENOENT)
			return CEP_OK;
		snprintf(err, errsz, _("cannot open database %s: %s"), dbpath,
		    strerror(errno));
		return CEP_NOINPUT;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errsz, _("cannot open database %s: not a "
		    "regular file"), dbpath);
		return CEP_NOINPUT;
	}
	*mode = sb.st_mode & 07777;
	if (!dry_run && (sb.st_mode & 0222) == 0) {
		snprintf(err, errsz, _("database %s is read-only"), dbpath);
		return CEP_NOINPUT;
	}
	if (sb.st_size == 0)
		return CEP_OK;	/* an empty file is a new store */
	if ((rc = db_open_file(dbpath, SQLITE_OPEN_READONLY, &sql, err,
	    errsz)) != CEP_OK) {
		sqlite3_close(sql);
		return rc;
	}
	/* an older store is rewritten: its kept tables are copied */
	rc = db_check_version(sql, "main", SCHEMA_OLDEST, err, errsz);
	sqlite3_close(sql);
	if (rc == CEP_NOINPUT) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s: %s", dbpath, err);
		snprintf(err, errsz, "%s", msg);
	}
	if (rc != CEP_OK)
		return rc;
	*exists = 1;
	return CEP_OK;
}

/* The file an import builds, beside the database it will replace. */
struct build {
	const char *dbpath;	/* NULL: a dry run against an empty store */
	char *dircopy;
	const char *dir;
	char *tmp;		/* the temp file, until renamed or removed */
	int fd;			/* its descriptor, holding the lock */
	sqlite3 *sql;
	int exists;		/* there is an old store to keep rows of */
	mode_t mode;
};

/* The temp file, locked, with an empty store in it. */
static int
build_open(struct build *b, const struct import_options *opt,
    const struct import_sink *sink, char *err, size_t errsz)
{
	const char *td;
	size_t len;
	int rc;

	if (b->dbpath != NULL && (rc = check_old(b->dbpath, opt->dry_run,
	    &b->exists, &b->mode, err, errsz)) != CEP_OK)
		return rc;
	if (b->dbpath == NULL) {
		td = getenv("TMPDIR");
		b->dir = td && *td ? td : "/tmp";
	} else {
		if ((b->dircopy = strdup(b->dbpath)) == NULL)
			return nomem(err, errsz);
		b->dir = dirname(b->dircopy);
	}
	if (b->dbpath != NULL && !opt->dry_run)
		remove_dead_temps(b->dir);
	len = strlen(b->dir) + sizeof("/" TEMP_PREFIX "XXXXXX");
	if ((b->tmp = malloc(len)) == NULL)
		return nomem(err, errsz);
	snprintf(b->tmp, len, "%s/" TEMP_PREFIX "XXXXXX", b->dir);
	if ((b->fd = mkstemp(b->tmp)) == -1) {
		/* the database's directory is missing or closed to us (66),
		 * or writing in it failed (74) */
		rc = errno == ENOENT || errno == ENOTDIR || errno == EACCES ||
		    errno == EPERM ? CEP_NOINPUT : CEP_IOERR;
		fail_errno(err, errsz, N_("cannot create the database in %s"),
		    b->dir);
		free(b->tmp);
		b->tmp = NULL;
		return rc;
	}
	/*
	 * Held until the file is renamed or removed: other imports leave it.
	 * Where the file system refuses flock, theirs fails too: they leave it.
	 */
	(void)flock(b->fd, LOCK_EX);
	if (sink != NULL && sink->building != NULL)
		sink->building(sink->ctx, b->tmp);
	return open_build(b->tmp, &b->sql, err, errsz);
}

/* The input and the old store's kept tables into the new store, checked
 * and committed. */
static int
build_load(struct build *b, char *const *paths, int npaths,
    const struct import_options *opt, const struct import_sink *sink,
    struct import_result *res, char *err, size_t errsz)
{
	struct importer *imp;
	int t, i, rc = CEP_OK;

	if ((imp = importer_new(b->sql, opt, sink)) == NULL)
		return nomem(err, errsz);
	imp->path = b->tmp;
	if (imp->status != CEP_OK)
		goto out;
	if (b->exists && attach_old(b->sql, b->dbpath) == -1) {
		importer_sql_fail(imp, N_("building the new database"));
		goto out;
	}
	/* --append: the old rows first, so they keep their order */
	for (t = 0; t < T_COUNT && b->exists && opt->append; t++)
		if (copy_table(imp, t, b->dbpath) != CEP_OK)
			goto out;
	for (i = 0; i < npaths; i++)
		if (importer_add_file(imp, paths[i]) != CEP_OK)
			goto out;
	/* Tables the input did not name are kept as they were. */
	for (t = 0; t < T_COUNT && b->exists && !opt->append; t++)
		if (!importer_loaded(imp, t) &&
		    copy_table(imp, t, b->dbpath) != CEP_OK)
			goto out;
	if ((rc = importer_finish(imp, res)) == CEP_OK && !opt->dry_run &&
	    b->dbpath != NULL)
		importer_stage(imp, N_("writing to disk"));
out:
	if (rc == CEP_OK)
		rc = imp->status;
	if (rc != CEP_OK && rc != CEP_DATAERR)
		snprintf(err, errsz, "%s", imp->err);
	importer_free(imp);
	return rc;
}

/* The new store, closed, synced and renamed over the old one. */
static int
build_replace(struct build *b, const struct import_sink *sink, char *err,
    size_t errsz)
{
	mode_t mask;

	if (b->exists && sqlite3_exec(b->sql, "DETACH DATABASE old", NULL,
	    NULL, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, b->sql, N_("building the new "
		    "database"));
	if (sqlite3_close(b->sql) != SQLITE_OK)
		return db_set_error(err, errsz, b->sql,
		    N_("closing the database"));
	b->sql = NULL;
	if (b->dbpath == NULL)
		return CEP_OK;
	if (!b->exists) {
		mask = umask(0);
		umask(mask);
		b->mode = 0666 & ~mask;
	}
	if (fchmod(b->fd, b->mode) == -1 || fsync(b->fd) == -1)
		return fail_errno(err, errsz, N_("cannot write %s"), b->tmp);
	if (rename(b->tmp, b->dbpath) == -1)
		return fail_errno(err, errsz, N_("cannot replace %s"),
		    b->dbpath);
	if (sink != NULL && sink->building != NULL)
		sink->building(sink->ctx, NULL);
	free(b->tmp);
	b->tmp = NULL;
	sync_dir(b->dir);	/* best effort: the rename itself is atomic */
	return CEP_OK;
}

static void
build_close(struct build *b, const struct import_sink *sink)
{
	if (b->sql != NULL)
		sqlite3_close(b->sql);
	if (b->tmp != NULL) {
		unlink(b->tmp);
		if (sink != NULL && sink->building != NULL)
			sink->building(sink->ctx, NULL);
		free(b->tmp);
	}
	/* only now: closing any fd of the file would drop SQLite's locks */
	if (b->fd != -1)
		close(b->fd);
	free(b->dircopy);
}

int
import_run(const char *dbpath, char *const *paths, int npaths,
    const struct import_options *opt, const struct import_sink *sink,
    struct import_result *res, char *err, size_t errsz)
{
	struct build b;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&b, 0, sizeof(b));
	b.dbpath = dbpath;
	b.fd = -1;
	if ((rc = build_open(&b, opt, sink, err, errsz)) == CEP_OK &&
	    (rc = build_load(&b, paths, npaths, opt, sink, res, err, errsz)) ==
	    CEP_OK && !opt->dry_run)
		rc = build_replace(&b, sink, err, errsz);
	build_close(&b, sink);
	return rc;
}
