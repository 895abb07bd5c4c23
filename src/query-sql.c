/*
 * Every statement of the lookups, in one place, so that a test can check
 * their query plans (none may scan the coverage table).
 */
#include "query.h"

#define OPEN_FROM SQL_OPEN_FROM
#define OPEN_TO SQL_OPEN_TO
/* The operator row to name a mandate with: the one valid on the day, else
 * its latest. (SQLite does not let a subquery's ORDER BY see the outer
 * row, hence two lookups.) */
#define OPERATOR_ON(day) \
    " LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid" \
    " FROM operators x WHERE x.id = c.operator AND x.valid_from <= " day \
    " AND x.valid_to >= " day "), (SELECT x.rowid FROM operators x" \
    " WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))"

/*
 * Lookups by region and date read ranges of the coverage key (key.c):
 * ?1..?2 a range, ?3 the first day a mandate must still be in force. They
 * read the index alone: the start day comes from the key.
 */
#define MANDATE_COLS \
    "SELECT c.public, c.operator, " SQL_KEY_FROM("c.rk") ", c.valid_to," \
    " o.name, o.website, o.phone, o.locator, o.scope FROM coverage c"
#define IN_RANGE \
    " WHERE c.rk BETWEEN ?1 AND ?2 AND c.valid_to >= ?3" \
    " AND (?4 < 0 OR c.public = ?4)"

/* In force on ?3, named on that day. */
const char sql_region_on[] = MANDATE_COLS OPERATOR_ON("?3") IN_RANGE;

/* Over a region's life from ?3, each named on its first day. */
const char sql_history[] =
    MANDATE_COLS OPERATOR_ON(SQL_KEY_FROM("c.rk")) IN_RANGE;

const char sql_max_span[] =
    "SELECT value FROM meta WHERE key = 'max_span'";

/* The first start of a public's mandates in any region (import keeps it
 * in meta: no lookup reads the whole coverage). */
const char sql_first_start[] =
    "SELECT value FROM meta WHERE key = 'first:' || ?1";

/* The last end of a public's mandates in one band of a region's keys. */
const char sql_last_end[] =
    "SELECT MAX(valid_to) FROM coverage WHERE rk BETWEEN ?1 AND ?2"
    " AND public = ?3";

/* An operator's mandates in force on ?2, named on that day; or with
 * ?4 set, all of them, each named on its first day. */
const char sql_operator_on[] =
    "SELECT c.region, c.public, c.valid_from, c.valid_to, o.name,"
    " o.website, o.phone, o.locator, o.scope FROM coverage c"
    " LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid"
    " FROM operators x WHERE x.id = c.operator"
    " AND x.valid_from <= (CASE WHEN ?4 THEN c.valid_from ELSE ?2 END)"
    " AND x.valid_to >= (CASE WHEN ?4 THEN c.valid_from ELSE ?2 END)),"
    " (SELECT x.rowid FROM operators x WHERE x.id = c.operator"
    " ORDER BY x.valid_from DESC LIMIT 1))"
    " WHERE c.operator = ?1 AND (?4 OR (c.valid_from <= ?2"
    " AND c.valid_to >= ?2)) AND (?3 < 0 OR c.public = ?3)";

/* Began (?1..?2 closed, ?3..?4 open-ended) and ended (?5..?2 closed,
 * ?6 open start) in the days ?7..?8 for one region's keys. */
const char sql_changes[] =
    "SELECT c.change, c.day, c.region, c.public, c.operator, c.valid_from,"
    " c.valid_to, o.name, o.website, o.phone, o.locator, o.scope FROM ("
    " SELECT 0 AS change, valid_from AS day, region, public, operator,"
    "  valid_from, valid_to FROM coverage WHERE rk BETWEEN ?1 AND ?2"
    " UNION ALL"
    " SELECT 0, valid_from, region, public, operator, valid_from, valid_to"
    "  FROM coverage WHERE rk BETWEEN ?3 AND ?4"
    " UNION ALL"
    " SELECT 1, valid_to, region, public, operator, valid_from, valid_to"
    "  FROM coverage WHERE rk BETWEEN ?5 AND ?2"
    "  AND valid_to BETWEEN ?7 AND ?8"
    " UNION ALL"
    " SELECT 1, valid_to, region, public, operator, valid_from, valid_to"
    "  FROM coverage WHERE rk = ?6 AND valid_to BETWEEN ?7 AND ?8"
    ") c" OPERATOR_ON("c.day")
    " WHERE ?9 < 0 OR c.public = ?9";

const char sql_region_codes[] =
    "SELECT DISTINCT code FROM regions UNION SELECT '*'";

/* ?1, the regions it succeeded (and theirs), those that succeeded it
 * (and theirs), and '*'. */
const char sql_related_regions[] =
    "WITH RECURSIVE up(code) AS (SELECT ?1 UNION"
    " SELECT r.code FROM regions r JOIN up ON r.successor = up.code),"
    " down(code) AS (SELECT ?1 UNION SELECT r.successor FROM regions r"
    " JOIN down ON r.code = down.code WHERE r.successor IS NOT NULL)"
    " SELECT code FROM up UNION SELECT code FROM down UNION SELECT '*'";

/* Each region valid some day of ?1..?2 (a code once, its first name
 * there). */
const char sql_regions_during[] =
    "SELECT code, name FROM regions WHERE valid_from <= ?2"
    " AND valid_to >= ?1 ORDER BY code, valid_from";

const char sql_regions_on[] =
    "SELECT code, name FROM regions WHERE valid_from <= ?1"
    " AND valid_to >= ?1 ORDER BY code";

/* The rows of a region or operator in time, to follow successors. */
const char sql_walk_regions[] =
    "SELECT name, valid_from, valid_to, successor FROM regions"
    " WHERE code = ?1 ORDER BY valid_from";

const char sql_walk_operators[] =
    "SELECT name, valid_from, valid_to, successor FROM operators"
    " WHERE id = ?1 ORDER BY valid_from";

const char sql_region_name[] =
    "SELECT name FROM regions WHERE code = ?1"
    " ORDER BY valid_from <= ?2 AND valid_to >= ?2 DESC, valid_from DESC"
    " LIMIT 1";

const char sql_predecessors[] =
    "SELECT DISTINCT code FROM regions WHERE successor = ?1"
    " AND valid_from <= ?2 AND valid_to >= ?2 ORDER BY code";

const char sql_history_regions[] =
    "WITH RECURSIVE up(code) AS (SELECT ?1 UNION"
    " SELECT r.code FROM regions r JOIN up ON r.successor = up.code)"
    " SELECT r.code, MIN(r.valid_from), MAX(r.valid_to),"
    " (SELECT name FROM regions x WHERE x.code = r.code"
    "  ORDER BY x.valid_from DESC LIMIT 1)"
    " FROM regions r JOIN up ON r.code = up.code GROUP BY r.code";

const char sql_dept_region[] =
    "SELECT region FROM departments WHERE code = ?1 AND valid_from <= ?2"
    " AND valid_to >= ?2";

const char sql_dept_exists[] =
    "SELECT 1 FROM departments WHERE code = ?1";

const char sql_communes_by_code[] =
    "SELECT insee FROM communes WHERE postcode = ?1 UNION"
    " SELECT insee FROM communes WHERE insee = ?1 ORDER BY 1";

const char sql_commune[] =
    "SELECT name, department FROM communes WHERE insee = ?1 LIMIT 1";

const char sql_regions_list[] =
    "SELECT code, name, kind, valid_from, valid_to, successor FROM regions"
    " WHERE ?2 OR (valid_from <= ?1 AND valid_to >= ?1)"
    " ORDER BY code, valid_from";

const char sql_operators_list[] =
    "SELECT id, name, kind, website, phone, valid_from, valid_to"
    " FROM operators WHERE ?2 OR (valid_from <= ?1 AND valid_to >= ?1)"
    " ORDER BY id, valid_from";

const struct query_sql query_sql_list[] = {
	{ "region_on", sql_region_on },
	{ "max_span", sql_max_span },
	{ "first_start", sql_first_start },
	{ "last_end", sql_last_end },
	{ "operator_on", sql_operator_on },
	{ "history", sql_history },
	{ "changes", sql_changes },
	{ "region_codes", sql_region_codes },
	{ "related_regions", sql_related_regions },
	{ "regions_on", sql_regions_on },
	{ "regions_during", sql_regions_during },
	{ "walk_regions", sql_walk_regions },
	{ "region_name", sql_region_name },
	{ "predecessors", sql_predecessors },
	{ "history_regions", sql_history_regions },
	{ "walk_operators", sql_walk_operators },
	{ "dept_region", sql_dept_region },
	{ "dept_exists", sql_dept_exists },
	{ "communes_by_code", sql_communes_by_code },
	{ "commune", sql_commune },
	{ "regions_list", sql_regions_list },
	{ "operators_list", sql_operators_list },
	{ NULL, NULL }
};

