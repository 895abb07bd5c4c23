-- cepdir region @REGION@ --on @DATE@ -f csv, as one statement for the sqlite3
-- CLI: the key ranges of key_ranges_on (src/key.c) for the region and `*`,
-- each read like sql_region_on in src/query.c (same WHERE terms, same
-- covering index, the start day read from the key, same operator naming),
-- the region's name on the day (regions_for), public ids and ISO dates as
-- cepdir prints them, and its sort order (cmp_place: region, public,
-- valid_from, operator). @DAY@ is the day number. INDEXED BY coverage_key fails loudly on another schema:
-- change this file with query.c and key.c, or the comparison is unfair.
WITH s(span) AS (
 SELECT COALESCE((SELECT value FROM meta WHERE key = 'max_span'), 0)),
n(rn) AS (
 SELECT CASE WHEN length('@REGION@') = 2 THEN 1 ELSE 101 END
  + CAST('@REGION@' AS INTEGER)
 UNION ALL SELECT 0),
k(lo, hi) AS (
 SELECT rn * 2 * 4194304 + MAX(@DAY@ - span, -999999) + 1000000,
  rn * 2 * 4194304 + @DAY@ + 1000000 FROM n, s
 UNION ALL SELECT rn * 2 * 4194304, rn * 2 * 4194304 FROM n
 UNION ALL SELECT (rn * 2 + 1) * 4194304,
  (rn * 2 + 1) * 4194304 + @DAY@ + 1000000 FROM n)
SELECT r.code AS region, r.name AS region_name,
 CASE c.public WHEN 0 THEN 'jobseekers' WHEN 1 THEN 'executives'
  WHEN 2 THEN 'youth' WHEN 3 THEN 'disabled' WHEN 4 THEN 'employed' END
  AS public,
 c.operator AS operator, o.name AS operator_name,
 CASE WHEN c.rk % 4194304 = 0 THEN ''
  ELSE date((c.rk % 4194304 - 1000000) * 86400, 'unixepoch') END
  AS valid_from,
 CASE WHEN c.valid_to >= 3000000 THEN ''
  ELSE date(c.valid_to * 86400, 'unixepoch') END AS valid_to,
 o.website AS website
FROM regions r CROSS JOIN k CROSS JOIN coverage c INDEXED BY coverage_key
LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid
 FROM operators x WHERE x.id = c.operator AND x.valid_from <= @DAY@
 AND x.valid_to >= @DAY@), (SELECT x.rowid FROM operators x
 WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))
WHERE r.code = '@REGION@' AND r.valid_from <= @DAY@ AND r.valid_to >= @DAY@
 AND c.rk BETWEEN k.lo AND k.hi AND c.valid_to >= @DAY@
ORDER BY c.public, c.rk % 4194304, c.operator;
