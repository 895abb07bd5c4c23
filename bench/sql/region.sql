-- cepdir region @REGION@ --on @DATE@ -f csv, as one statement for the sqlite3
-- CLI: the three-branch UNION of sql_region_on in src/query.c (same WHERE
-- terms, so the same indexes), the region's name on the day (regions_for),
-- public ids and ISO dates as cepdir prints them, and its sort order
-- (cmp_place: region, public, valid_from, operator). @DAY@ is the day number.
-- Mirrors src/query.c as of commit 9d9e912 (INDEXED BY coverage_open needs
-- that schema): change it with query.c, or the comparison is unfair.
SELECT r.code AS region, r.name AS region_name,
 CASE c.public WHEN 0 THEN 'jobseekers' WHEN 1 THEN 'executives'
  WHEN 2 THEN 'youth' WHEN 3 THEN 'disabled' WHEN 4 THEN 'employed' END
  AS public,
 c.operator AS operator, o.name AS operator_name,
 CASE WHEN c.valid_from <= -1000000 THEN ''
  ELSE date(c.valid_from * 86400, 'unixepoch') END AS valid_from,
 CASE WHEN c.valid_to >= 3000000 THEN ''
  ELSE date(c.valid_to * 86400, 'unixepoch') END AS valid_to,
 o.website AS website
FROM regions r CROSS JOIN (
 SELECT public, operator, valid_from, valid_to FROM coverage
  WHERE region IN ('@REGION@', '*') AND valid_from BETWEEN @DAY@ -
  COALESCE((SELECT value FROM meta WHERE key = 'max_span'), 0)
  AND @DAY@ AND valid_to >= @DAY@ AND valid_to < 3000000
 UNION ALL
 SELECT public, operator, valid_from, valid_to FROM coverage
  INDEXED BY coverage_open WHERE region IN ('@REGION@', '*')
  AND valid_to = 3000000 AND valid_from <= @DAY@
 UNION ALL
 SELECT public, operator, valid_from, valid_to FROM coverage
  WHERE region IN ('@REGION@', '*') AND valid_from = -1000000
  AND valid_to >= @DAY@ AND valid_to < 3000000
) c
LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid
 FROM operators x WHERE x.id = c.operator AND x.valid_from <= @DAY@
 AND x.valid_to >= @DAY@), (SELECT x.rowid FROM operators x
 WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))
WHERE r.code = '@REGION@' AND r.valid_from <= @DAY@ AND r.valid_to >= @DAY@
ORDER BY c.public, c.valid_from, c.operator;
