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

const char sql_commune[] =
    "SELECT name, department FROM communes WHERE insee = ?1 LIMIT 1";

/* ---- places (where.c) ---- */

/* (INDEXED BY: with statistics of a small store SQLite would rather read
 * the whole table in INSEE order) */
const char sql_postcode_communes[] =
    "SELECT DISTINCT insee FROM communes INDEXED BY communes_postcode"
    " WHERE postcode = ?1 ORDER BY insee";

const char sql_fold_communes[] =
    "SELECT DISTINCT insee FROM communes WHERE fold = ?1 ORDER BY insee";

/* Whether commune ?1 has postcode ?2. */
const char sql_commune_postcode[] =
    "SELECT 1 FROM communes WHERE insee = ?1 AND postcode = ?2";

/* The distinct names that begin with a fold (?1..?2). */
const char sql_prefix_names[] =
    "SELECT DISTINCT fold, name FROM communes WHERE fold >= ?1"
    " AND fold < ?2 ORDER BY name";

/* The most populous communes whose name begins with ?1, longer. */
const char sql_longer_names[] =
    "SELECT name, department, MAX(population) AS pop FROM communes"
    " INDEXED BY communes_fold WHERE fold > ?1 AND fold < ?2 GROUP BY insee"
    " ORDER BY pop DESC, name LIMIT 5";

/* Former communes by their code or their name: code, name, commune. */
const char sql_former_by_code[] =
    "SELECT insee, name, commune FROM former_communes WHERE insee = ?1"
    " ORDER BY commune";

const char sql_former_by_fold[] =
    "SELECT insee, name, commune FROM former_communes WHERE fold = ?1"
    " ORDER BY commune";

/* A place outside the regions, and its territory: code, name,
 * territory code, territory name. */
#define TERRITORY \
    "SELECT t.code, t.name, t.territory, p.name FROM territories t" \
    " JOIN territories p ON p.code = t.territory AND p.territory = p.code"

const char sql_territory_by_code[] = TERRITORY
    " WHERE t.code = ?1 LIMIT 1";

const char sql_territory_by_postcode[] = TERRITORY
    " WHERE t.postcode = ?1 ORDER BY t.code LIMIT 1";

const char sql_territory_by_fold[] = TERRITORY
    " WHERE t.fold = ?1 ORDER BY t.code LIMIT 1";

const char sql_dept_by_fold[] =
    "SELECT DISTINCT code FROM departments WHERE fold = ?1 ORDER BY code";

const char sql_region_by_fold[] =
    "SELECT code FROM regions WHERE fold = ?1"
    " UNION SELECT code FROM region_aliases INDEXED BY region_aliases_fold"
    " WHERE fold = ?1 ORDER BY 1";

/* For did-you-mean: every name a place can have, and how many live
 * there (a department or a region counts as very populous). */
const char sql_place_names[] =
    "SELECT fold, name, department, MAX(population) FROM communes"
    " GROUP BY insee"
    " UNION ALL SELECT fold, name, code, 100000000 FROM departments"
    " UNION ALL SELECT fold, name, '', 200000000 FROM regions";

/* annotate: the days on which an answer may change. It reads the three
 * tables whole, once a run, so it is not among the lookups' plans. */
const char sql_annotate_bounds[] =
    "SELECT valid_from FROM coverage UNION SELECT valid_to + 1 FROM coverage"
    " UNION SELECT valid_from FROM regions"
    " UNION SELECT valid_to + 1 FROM regions"
    " UNION SELECT valid_from FROM departments"
    " UNION SELECT valid_to + 1 FROM departments ORDER BY 1";

const char sql_regions_list[] =
    "SELECT code, name, kind, valid_from, valid_to, successor FROM regions"
    " WHERE ?2 OR (valid_from <= ?1 AND valid_to >= ?1)"
    " ORDER BY code, valid_from";

/* A department's region named on ?1, or with --all (?2) at the end of
 * the department's row; else by its latest name. */
#define DEPT_DAY "(CASE WHEN ?2 THEN d.valid_to ELSE ?1 END)"
const char sql_departments_list[] =
    "SELECT d.code, d.name, d.region, COALESCE((SELECT r.name"
    " FROM regions r WHERE r.code = d.region AND r.valid_from <= " DEPT_DAY
    " AND r.valid_to >= " DEPT_DAY "), (SELECT r.name FROM regions r"
    " WHERE r.code = d.region ORDER BY r.valid_from DESC LIMIT 1)),"
    " d.valid_from, d.valid_to FROM departments d"
    " WHERE ?2 OR (d.valid_from <= ?1 AND d.valid_to >= ?1)"
    " ORDER BY d.code, d.valid_from";

const char sql_operators_list[] =
    "SELECT id, name, kind, website, phone, locator, scope, valid_from,"
    " valid_to"
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
	{ "postcode_communes", sql_postcode_communes },
	{ "fold_communes", sql_fold_communes },
	{ "commune_postcode", sql_commune_postcode },
	{ "prefix_names", sql_prefix_names },
	{ "longer_names", sql_longer_names },
	{ "former_by_code", sql_former_by_code },
	{ "former_by_fold", sql_former_by_fold },
	{ "territory_by_code", sql_territory_by_code },
	{ "territory_by_postcode", sql_territory_by_postcode },
	{ "territory_by_fold", sql_territory_by_fold },
	{ "dept_by_fold", sql_dept_by_fold },
	{ "region_by_fold", sql_region_by_fold },
	{ "commune", sql_commune },
	{ "regions_list", sql_regions_list },
	{ "operators_list", sql_operators_list },
	{ "departments_list", sql_departments_list },
	{ NULL, NULL }
};

