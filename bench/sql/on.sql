-- cepdir on @DATE@ -f csv, as one statement for the sqlite3 CLI: for each
-- region valid on the day (regions_on), the three-branch UNION of
-- sql_region_on in src/query.c (same WHERE terms, so the same indexes;
-- CROSS JOIN keeps the regions as the outer loop, as cepdir runs one
-- statement per region), then cepdir's order and formatting.
-- Mirrors src/query.c as of commit 9d9e912 (INDEXED BY coverage_open needs
-- that schema): change it with query.c, or the comparison is unfair.
WITH rg(code, name) AS (SELECT code, name FROM regions
 WHERE valid_from <= @DAY@ AND valid_to >= @DAY@)
SELECT c.region AS region, c.region_name AS region_name,
 CASE c.public WHEN 0 THEN 'jobseekers' WHEN 1 THEN 'executives'
  WHEN 2 THEN 'youth' WHEN 3 THEN 'disabled' WHEN 4 THEN 'employed' END
  AS public,
 c.operator AS operator, o.name AS operator_name,
 CASE WHEN c.valid_from <= -1000000 THEN ''
  ELSE date(c.valid_from * 86400, 'unixepoch') END AS valid_from,
 CASE WHEN c.valid_to >= 3000000 THEN ''
  ELSE date(c.valid_to * 86400, 'unixepoch') END AS valid_to,
 o.website AS website
FROM (
 SELECT rg.code AS region, rg.name AS region_name, v.public, v.operator,
  v.valid_from, v.valid_to FROM rg CROSS JOIN coverage v
  WHERE v.region IN (rg.code, '*') AND v.valid_from BETWEEN @DAY@ -
  COALESCE((SELECT value FROM meta WHERE key = 'max_span'), 0)
  AND @DAY@ AND v.valid_to >= @DAY@ AND v.valid_to < 3000000
 UNION ALL
 SELECT rg.code, rg.name, v.public, v.operator, v.valid_from, v.valid_to
  FROM rg CROSS JOIN coverage v INDEXED BY coverage_open
  WHERE v.region IN (rg.code, '*') AND v.valid_to = 3000000
  AND v.valid_from <= @DAY@
 UNION ALL
 SELECT rg.code, rg.name, v.public, v.operator, v.valid_from, v.valid_to
  FROM rg CROSS JOIN coverage v
  WHERE v.region IN (rg.code, '*') AND v.valid_from = -1000000
  AND v.valid_to >= @DAY@ AND v.valid_to < 3000000
) c
LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid
 FROM operators x WHERE x.id = c.operator AND x.valid_from <= @DAY@
 AND x.valid_to >= @DAY@), (SELECT x.rowid FROM operators x
 WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))
ORDER BY c.region, c.public, c.valid_from, c.operator;
