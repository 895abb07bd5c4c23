/*
 * The store: schema, indexes, statements, and opening a database for
 * lookups, from a file (read-only) or from the image built into the
 * program.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "table.h"

/*
 * Beside the tables of table.c: meta (the longest closed mandate, which
 * bounds the `on` index range). Dates are day numbers, open ends the
 * DAY_OPEN_* sentinels, so a period test is two integer comparisons that
 * an index can serve.
 */
static const char extra_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;";

/*
 * Built after the bulk load: cheaper than maintaining them row by row.
 * Coverage has two: by operator (the key of a mandate; it also carries
 * valid_to so the import's checks read the index alone) and by the
 * coverage key, whose ranges serve every lookup by region and date. That
 * one covers the lookups (the start day is part of the key), so they never
 * seek into the table; `line` follows the key because many mandates share
 * a region and start day, and an integer settles those ties far sooner
 * when the index is sorted. operators_id carries valid_to so that naming a
 * mandate's operator on a day reads the index alone.
 */
static const char index_sql[] =
    "CREATE INDEX regions_code ON regions(code, valid_from);"
    "CREATE INDEX regions_fold ON regions(fold);"
    "CREATE INDEX regions_successor ON regions(successor);"
    "CREATE INDEX region_aliases_fold ON region_aliases(fold);"
    "CREATE INDEX departments_code ON departments(code, valid_from);"
    "CREATE INDEX departments_fold ON departments(fold);"
    "CREATE INDEX communes_insee ON communes(insee, postcode);"
    "CREATE INDEX communes_postcode ON communes(postcode);"
    "CREATE INDEX communes_fold ON communes(fold);"
    "CREATE INDEX operators_id ON operators(id, valid_from, valid_to);"
    "CREATE INDEX operators_fold ON operators(fold);"
    "CREATE INDEX coverage_operator ON coverage(operator, region, public,"
    " valid_from, valid_to);"
    "CREATE INDEX former_communes_insee ON former_communes(insee);"
    "CREATE INDEX former_communes_fold ON former_communes(fold);"
    "CREATE INDEX territories_code ON territories(code);"
    "CREATE INDEX territories_postcode ON territories(postcode);"
    "CREATE INDEX territories_fold ON territories(fold);";

/* Built last, while the import's coverage checks read the file. */
static const char key_index_sql[] =
    "CREATE INDEX coverage_key ON coverage(rk, line, valid_to, public,"
    " operator);";

const char *
table_name(int t)
{
	return t >= 0 && t < T_COUNT ? tables[t].name : "";
}

int
db_set_error(char *err, size_t errsz, sqlite3 *sql, const char *what)
{
	int code = sqlite3_errcode(sql);

	if (code == SQLITE_NOMEM) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return CEP_SOFTWARE;
	}
	/* a damaged file cannot be mended here: say what to do instead */
	/* TRANSLATORS: what was being done ("reading the database"), and
	 * what SQLite says went wrong */
	snprintf(err, errsz, _("%s: %s"), _(what), sqlite3_errmsg(sql));
	if (code == SQLITE_CORRUPT)
		snprintf(err + strlen(err), errsz - strlen(err), "%s",
		    _(" (the file is damaged: import all the data into a new "
		    "database file)"));
	if ((code & 0xff) == SQLITE_FULL || (code & 0xff) == SQLITE_IOERR ||
	    code == SQLITE_READONLY || code == SQLITE_CANTOPEN)
		return CEP_IOERR;
	if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
		return CEP_NOINPUT;
	return CEP_SOFTWARE;
}

int
db_open_file(const char *path, int flags, sqlite3 **sql, char *err,
    size_t errsz)
{
	int rc;

	if ((rc = sqlite3_open_v2(path, sql, flags, NULL)) == SQLITE_OK)
		return CEP_OK;
	if (rc == SQLITE_NOMEM || *sql == NULL) {
		snprintf(err, errsz, "%s", _("out of memory"));
		return CEP_SOFTWARE;
	}
	snprintf(err, errsz, _("cannot open database %s: %s"), path,
	    sqlite3_errmsg(*sql));
	/* the file is there, but reading or writing it failed */
	if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL)
		return CEP_IOERR;
	return CEP_NOINPUT;
}

int
db_fail(struct cep_db *db, const char *what)
{
	return db_set_error(db->err, sizeof(db->err), db->sql, what);
}

int
db_nomem(struct cep_db *db)
{
	snprintf(db->err, sizeof(db->err), "%s", _("out of memory"));
	return CEP_SOFTWARE;
}

int
db_prepare(struct cep_db *db, const char *sql, sqlite3_stmt **st,
    const char *what)
{
	if (sqlite3_prepare_v2(db->sql, sql, -1, st, NULL) != SQLITE_OK) {
		*st = NULL;
		return db_fail(db, what);
	}
	return CEP_OK;
}

/*
 * The verdict on a statement whose rows were read, to the end or not: as
 * in SQLite's own code, sqlite3_reset and sqlite3_finalize return the
 * error of its last step, if any.
 */
int
db_rewind(struct cep_db *db, sqlite3_stmt *st, const char *what)
{
	if (sqlite3_reset(st) != SQLITE_OK)
		return db_fail(db, what);
	return CEP_OK;
}

int
db_end(struct cep_db *db, sqlite3_stmt *st, const char *what)
{
	if (st != NULL && sqlite3_finalize(st) != SQLITE_OK)
		return db_fail(db, what);
	return CEP_OK;
}

int
db_exec(struct cep_db *db, const char *sql, const char *what)
{
	if (sqlite3_exec(db->sql, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, what);
	return CEP_OK;
}

int
db_create_schema(sqlite3 *sql, char *err, size_t errsz)
{
	char buf[TABLE_SQL_MAX];
	int t;

	for (t = 0; t < T_COUNT; t++) {
		table_create_sql(t, buf, sizeof(buf));
		if (sqlite3_exec(sql, buf, NULL, NULL, NULL) != SQLITE_OK)
			return db_set_error(err, errsz, sql,
			    N_("creating the schema"));
	}
	snprintf(buf, sizeof(buf), "%s PRAGMA user_version = %d", extra_sql,
	    SCHEMA_VERSION);
	if (sqlite3_exec(sql, buf, NULL, NULL, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, sql, N_("creating the schema"));
	return CEP_OK;
}

int
db_create_indexes(sqlite3 *sql, char *err, size_t errsz)
{
	if (sqlite3_exec(sql, index_sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, sql,
		    N_("creating the indexes"));
	return CEP_OK;
}

int
db_create_key_index(sqlite3 *sql, char *err, size_t errsz)
{
	if (sqlite3_exec(sql, key_index_sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_set_error(err, errsz, sql,
		    N_("creating the indexes"));
	return CEP_OK;
}

/* Is this a cepdir store of a version from oldest to this program's? */
int
db_check_version(sqlite3 *sql, const char *schema, int oldest, char *err,
    size_t errsz)
{
	sqlite3_stmt *st = NULL;
	char q[96];
	int v, rc;

	snprintf(q, sizeof(q), "PRAGMA %s.user_version", schema);
	if (sqlite3_prepare_v2(sql, q, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		/* not a database at all, unless memory or the disk failed */
		rc = db_set_error(err, errsz, sql, N_("reading the database"));
		return rc == CEP_SOFTWARE && sqlite3_errcode(sql) !=
		    SQLITE_NOMEM ? CEP_NOINPUT : rc;
	}
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v < oldest || v > SCHEMA_VERSION) {
		if (v == 0)
			snprintf(err, errsz, "%s", _("not a cepdir database"));
		else if (v >= SCHEMA_OLDEST && v < SCHEMA_VERSION)
			snprintf(err, errsz, _("database schema version %d; "
			    "this cepdir reads version %d: import into it "
			    "again to rewrite it"), v, SCHEMA_VERSION);
		else
			snprintf(err, errsz, _("database schema version %d; "
			    "this cepdir reads version %d"), v, SCHEMA_VERSION);
		return CEP_NOINPUT;
	}
	return CEP_OK;
}

static int
open_builtin(struct cep_db *db)
{
	int rc;

	if (cepdir_builtin_db_size == 0) {
		snprintf(db->err, sizeof(db->err), "%s", _("this cepdir has no "
		    "built-in data"));
		return CEP_NOINPUT;
	}
	if (sqlite3_open_v2(":memory:", &db->sql, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		return db_fail(db, N_("opening the built-in data"));
	/* The image is used in place: read-only, never copied or freed. */
	rc = sqlite3_deserialize(db->sql, "main",
	    (unsigned char *)(unsigned long)cepdir_builtin_db,
	    (sqlite3_int64)cepdir_builtin_db_size,
	    (sqlite3_int64)cepdir_builtin_db_size,
	    SQLITE_DESERIALIZE_READONLY);
	/* it may fail without a word on the connection */
	if (rc == SQLITE_NOMEM)
		return db_nomem(db);
	if (rc != SQLITE_OK)
		return db_fail(db, N_("opening the built-in data"));
	return CEP_OK;
}

int
db_open_read(struct cep_db *db, const char *path)
{
	struct stat sb;
	int rc;

	memset(db, 0, sizeof(*db));
	snprintf(db->label, sizeof(db->label), "%s", path ? path :
	    "built-in data");
	/* A lookup uses its connection from one thread: no SQLite mutexes. */
	if (path == NULL)
		rc = open_builtin(db);
	else if (stat(path, &sb) == -1) {
		snprintf(db->err, sizeof(db->err), _("cannot open database "
		    "%s: %s"), path, strerror(errno));
		return CEP_NOINPUT;
	} else if (S_ISDIR(sb.st_mode)) {
		snprintf(db->err, sizeof(db->err), _("cannot open database "
		    "%s: it is a directory"), path);
		return CEP_NOINPUT;
	} else
		rc = db_open_file(path, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, &db->sql, db->err, sizeof(db->err));
	if (rc != CEP_OK)
		return rc;
	sqlite3_busy_timeout(db->sql, 5000);
	/* Lookups read pages in place rather than copying them. */
	if (path != NULL)
		sqlite3_exec(db->sql, "PRAGMA mmap_size = 268435456", NULL,
		    NULL, NULL);
	if ((rc = db_check_version(db->sql, "main", SCHEMA_VERSION, db->err,
	    sizeof(db->err))) == CEP_NOINPUT && path != NULL) {
		char msg[sizeof(db->err)];

		snprintf(msg, sizeof(msg), "%s: %.900s", path, db->err);
		snprintf(db->err, sizeof(db->err), "%s", msg);
	}
	return rc;
}

int
db_open_memory(struct cep_db *db)
{
	memset(db, 0, sizeof(*db));
	if (sqlite3_open_v2(":memory:", &db->sql, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
		return db->sql == NULL ? db_nomem(db) : db_fail(db,
		    N_("opening memory"));
	return db_create_schema(db->sql, db->err, sizeof(db->err));
}

void
db_close(struct cep_db *db)
{
	if (db->sql != NULL)
		sqlite3_close(db->sql);
	db->sql = NULL;
	free(db->more);
	db->more = NULL;
}

int
db_data_date(struct cep_db *db, int *day)
{
	sqlite3_stmt *st = NULL;
	int rc, found = 0;

	if ((rc = db_prepare(db, "SELECT value FROM meta WHERE key ="
	    " 'imported'", &st, N_("reading the database"))) != CEP_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*day = sqlite3_column_int(st, 0);
		found = 1;
	}
	if ((rc = db_end(db, st, N_("reading the database"))) != CEP_OK)
		return rc;
	return found ? CEP_OK : CEP_NOROWS;
}
