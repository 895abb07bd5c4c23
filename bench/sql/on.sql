-- cepdir on @DATE@ -f csv, as one statement for the sqlite3 CLI: for each
-- region valid on the day (regions_on), the key ranges of key_ranges_on
-- (src/key.c) for the region and `*`, each read like sql_region_on in
-- src/query.c (same WHERE terms, same covering index, the start day read
-- from the key, same operator naming; CROSS
-- JOIN keeps the ranges as the outer loop, as cepdir runs them one by
-- one), then cepdir's order and formatting. INDEXED BY coverage_key fails
-- loudly on another schema: change this file with query.c and key.c, or
-- the comparison is unfair.
WITH s(span) AS (
 SELECT COALESCE((SELECT value FROM meta WHERE key = 'max_span'), 0)),
rg(code, name, rn) AS (
 SELECT code, name, CASE WHEN length(code) = 2 THEN 1 ELSE 101 END
  + CAST(code AS INTEGER) FROM regions
 WHERE valid_from <= @DAY@ AND valid_to >= @DAY@),
n(code, name, rn) AS (
 SELECT code, name, rn FROM rg UNION ALL SELECT code, name, 0 FROM rg),
k(code, name, lo, hi) AS (
 SELECT code, name, rn * 2 * 4194304 + MAX(@DAY@ - span, -999999) + 1000000,
  rn * 2 * 4194304 + @DAY@ + 1000000 FROM n, s
 UNION ALL SELECT code, name, rn * 2 * 4194304, rn * 2 * 4194304 FROM n
 UNION ALL SELECT code, name, (rn * 2 + 1) * 4194304,
  (rn * 2 + 1) * 4194304 + @DAY@ + 1000000 FROM n)
SELECT k.code AS region, k.name AS region_name,
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
FROM k CROSS JOIN coverage c INDEXED BY coverage_key
LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid
 FROM operators x WHERE x.id = c.operator AND x.valid_from <= @DAY@
 AND x.valid_to >= @DAY@), (SELECT x.rowid FROM operators x
 WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))
WHERE c.rk BETWEEN k.lo AND k.hi AND c.valid_to >= @DAY@
ORDER BY 1, c.public, c.rk % 4194304, c.operator;
