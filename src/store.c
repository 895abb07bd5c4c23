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

#include "import-int.h"

/* Columns copied from an older store, file and line aside. */
static const char *const copy_columns[T_COUNT] = {
	"code, name, kind, valid_from, valid_to, successor, aliases, fold",
	"code, name, region, valid_from, valid_to",
	"insee, name, department, postcode, fold",
	"id, name, kind, website, phone, valid_from, valid_to, successor,"
	" source, fold",
	"operator, region, public, valid_from, valid_to, source",
};

static int
copy_table(struct importer *imp, int t, const char *dbpath)
{
	char sql[1024], name[1024];
	sqlite3_stmt *st = NULL;
	int id, rc;

	snprintf(name, sizeof(name), "%s#%s", dbpath, table_names[t]);
	if ((id = importer_add_name(imp, name)) == -1) {
		snprintf(imp->err, sizeof(imp->err), "out of memory");
		return imp->status = CEP_SOFTWARE;
	}
	if (t == T_COVERAGE)
		imp->copied_coverage_file = id;
	importer_stage(imp, "copying the database's rows");
	/* line: the row's place in the table, counted from 1 */
	snprintf(sql, sizeof(sql), "INSERT INTO main.%s(%s%s, file, line)"
	    " SELECT %s%s, ?, ROW_NUMBER() OVER (ORDER BY rowid) FROM old.%s"
	    " ORDER BY rowid", table_names[t], copy_columns[t],
	    t == T_COVERAGE ? ", rk" : "", copy_columns[t],
	    t == T_COVERAGE ? ", " SQL_COVERAGE_KEY : "", table_names[t]);
	if (sqlite3_prepare_v2(imp->sql, sql, -1, &st, NULL) != SQLITE_OK) {
		importer_sql_fail(imp, "copying the old data");
		return imp->status;
	}
	sqlite3_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		importer_sql_fail(imp, "copying the old data");
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
fail_errno(char *err, size_t errsz, const char *what, const char *path)
{
	snprintf(err, errsz, "%s %s: %s", what, path, strerror(errno));
	return CEP_IOERR;
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

	/* only this thread uses the connection: no mutexes needed */
	if (sqlite3_open_v2(path, sql, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, *sql, "creating the database");
	if (sqlite3_exec(*sql, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, *sql, "creating the database");
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
		snprintf(err, errsz, "cannot open database %s: %s", dbpath,
		    strerror(errno));
		return CEP_NOINPUT;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errsz, "cannot open database %s: not a regular "
		    "file", dbpath);
		return CEP_NOINPUT;
	}
	*mode = sb.st_mode & 07777;
	if (!dry_run && (sb.st_mode & 0222) == 0) {
		snprintf(err, errsz, "database %s is read-only", dbpath);
		return CEP_NOINPUT;
	}
	if (sb.st_size == 0)
		return CEP_OK;	/* an empty file is a new store */
	if (sqlite3_open_v2(dbpath, &sql, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(err, errsz, "cannot open database %s: %s", dbpath,
		    sqlite3_errmsg(sql));
		sqlite3_close(sql);
		return CEP_NOINPUT;
	}
	/* an older store is rewritten: its kept tables are copied */
	rc = db_check_version(sql, "main", SCHEMA_OLDEST, err, errsz);
	sqlite3_close(sql);
	if (rc != CEP_OK) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%s: %s", dbpath, err);
		snprintf(err, errsz, "%s", msg);
		return CEP_NOINPUT;
	}
	*exists = 1;
	return CEP_OK;
}

int
import_run(const char *dbpath, char *const *paths, int npaths,
    const struct import_options *opt, const struct import_sink *sink,
    struct import_result *res, char *err, size_t errsz)
{
	char *tmp = NULL, *dircopy = NULL;
	const char *dir;
	sqlite3 *sql = NULL;
	struct importer *imp = NULL;
	int exists = 0, t, i, fd = -1, rc;
	mode_t mode, mask;

	memset(res, 0, sizeof(*res));
	if (dbpath != NULL && (rc = check_old(dbpath, opt->dry_run, &exists,
	    &mode, err, errsz)) != CEP_OK)
		return rc;
	if (dbpath == NULL) {
		const char *td = getenv("TMPDIR");

		dir = td && *td ? td : "/tmp";
	} else {
		if ((dircopy = strdup(dbpath)) == NULL)
			return CEP_SOFTWARE;
		dir = dirname(dircopy);
	}
	if (dbpath != NULL && !opt->dry_run)
		remove_dead_temps(dir);
	if ((tmp = malloc(strlen(dir) + 64)) == NULL) {
		rc = CEP_SOFTWARE;
		goto out;
	}
	snprintf(tmp, strlen(dir) + 64, "%s/.cepdir-import-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) == -1) {
		/* the database's directory is missing or closed to us */
		fail_errno(err, errsz, "cannot create the database in", dir);
		rc = CEP_NOINPUT;
		free(tmp);
		tmp = NULL;
		goto out;
	}
	/*
	 * Held until the file is renamed or removed: other imports leave it.
	 * Where the file system refuses flock, theirs fails too: they leave it.
	 */
	(void)flock(fd, LOCK_EX);
	if (sink != NULL && sink->building != NULL)
		sink->building(sink->ctx, tmp);
	if ((rc = open_build(tmp, &sql, err, errsz)) != CEP_OK)
		goto out;
	if ((imp = importer_new(sql, opt, sink)) != NULL)
		imp->path = tmp;
	if (imp == NULL || imp->status != CEP_OK) {
		rc = imp ? imp->status : CEP_SOFTWARE;
		snprintf(err, errsz, "%s", imp ? imp->err : "out of memory");
		goto out;
	}
	if (exists && attach_old(sql, dbpath) == -1)
		goto sqlfail;
	/* --append: the old rows first, so they keep their order */
	for (t = 0; t < T_COUNT && exists && opt->append; t++)
		if ((rc = copy_table(imp, t, dbpath)) != CEP_OK)
			goto imperr;
	for (i = 0; i < npaths; i++)
		if ((rc = importer_add_file(imp, paths[i])) != CEP_OK)
			goto imperr;
	/* Tables the input did not name are kept as they were. */
	for (t = 0; t < T_COUNT && exists && !opt->append; t++)
		if (!importer_loaded(imp, t) &&
		    (rc = copy_table(imp, t, dbpath)) != CEP_OK)
			goto imperr;
	rc = importer_finish(imp, res);
	if (rc != CEP_OK) {
		if (rc != CEP_DATAERR)
			snprintf(err, errsz, "%s", imp->err);
		goto out;
	}
	if (!opt->dry_run && dbpath != NULL)
		importer_stage(imp, "writing to disk");
	importer_free(imp);
	imp = NULL;
	if (exists && sqlite3_exec(sql, "DETACH DATABASE old", NULL, NULL,
	    NULL) != SQLITE_OK)
		goto sqlfail;
	if (sqlite3_close(sql) != SQLITE_OK) {
		rc = db_set_error(err, errsz, sql, "closing the database");
		goto out;
	}
	sql = NULL;
	if (opt->dry_run || dbpath == NULL)
		goto out;
	if (!exists) {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (fchmod(fd, mode) == -1 || fsync(fd) == -1) {
		rc = fail_errno(err, errsz, "cannot write", tmp);
		goto out;
	}
	if (rename(tmp, dbpath) == -1) {
		rc = fail_errno(err, errsz, "cannot replace", dbpath);
		goto out;
	}
	if (sink != NULL && sink->building != NULL)
		sink->building(sink->ctx, NULL);
	free(tmp);
	tmp = NULL;
	sync_dir(dir);		/* best effort: the rename itself is atomic */
	rc = CEP_OK;
	goto out;
imperr:
	snprintf(err, errsz, "%s", imp->err);
	goto out;
sqlfail:
	rc = db_set_error(err, errsz, sql, "building the new database");
out:
	importer_free(imp);
	if (sql != NULL)
		sqlite3_close(sql);
	if (tmp != NULL) {
		unlink(tmp);
		if (sink != NULL && sink->building != NULL)
			sink->building(sink->ctx, NULL);
		free(tmp);
	}
	/* only now: closing any fd of the file would drop SQLite's locks */
	if (fd != -1)
		close(fd);
	free(dircopy);
	return rc;
}
