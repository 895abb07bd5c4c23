-- cepdir operator @OPERATOR@ --on @DATE@ -f csv, as one statement for the
-- sqlite3 CLI: sql_operator_on of src/query.c (coverage by operator), each
-- mandate shown for its region ('*': every region) among those valid on the
-- day (regions_on; CROSS JOIN keeps coverage as the outer loop, as in
-- cepdir), named by the operator row valid on the day, in
-- cepdir's order and formatting.
-- Mirrors src/query.c (sql_operator_on and the operator naming of
-- OPERATOR_ON): change it with query.c, or the comparison is unfair.
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
FROM coverage c CROSS JOIN regions r
LEFT JOIN operators o ON o.rowid = COALESCE((SELECT x.rowid
 FROM operators x WHERE x.id = c.operator AND x.valid_from <= @DAY@
 AND x.valid_to >= @DAY@), (SELECT x.rowid FROM operators x
 WHERE x.id = c.operator ORDER BY x.valid_from DESC LIMIT 1))
WHERE c.operator = '@OPERATOR@' AND c.valid_from <= @DAY@
 AND c.valid_to >= @DAY@ AND r.valid_from <= @DAY@ AND r.valid_to >= @DAY@
 AND (c.region = '*' OR c.region = r.code)
ORDER BY r.code, c.public, c.valid_from, c.operator;
