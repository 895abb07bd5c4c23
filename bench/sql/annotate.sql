-- cepdir annotate @PEOPLE@ --place cp --date date -p @PUBLIC@, as a script
-- writer would run it in the sqlite3 CLI on the database of annotate-db.sql
-- (opened read-only): `.import` of the people file into a temporary table,
-- one statement, CSV out. For each person (in file order):
--  postcode -> its communes -> their departments -> each department's
--  region on the person's date (pc: the distinct postcode, region and
--  period, computed once) -> the region's name on that date -> the
--  coverage rows of the public in force on that date for that region or
--  `*` -> the operator row of that id valid on that date, else its latest.
-- The mandates found (distinct region, start, operator) are listed in
-- cepdir's order (region, valid_from, operator); each cep_ column joins
-- their values with ' | ', or shows one value when they are all equal. A
-- place with no commune keeps empty cep_ columns; a region without a
-- mandate gives its region, the public and empty operator columns.
-- cep_note stays empty (annotate's notes are its own).
--
-- One correlated subquery per person builds the seven lists at once (as a
-- JSON array, spread into columns below): the file is read in order and
-- nothing is sorted but each person's few mandates, so memory stays flat.
-- The plan must show `CO-ROUTINE a`: were `a` flattened, the subquery
-- would run once for each `j ->>` below.
-- The GROUP BY form of the same join (every mandate row of the file
-- sorted by person, then grouped) gives the same bytes, as fast at 100k,
-- but its sorts spill to disk at 1M: 37 s against 25 s, and 19 MiB of RSS
-- against 9. group_concat follows the order of the subquery it reads:
-- SQLite drops a FROM subquery's ORDER BY only when the outer query has an
-- ORDER BY of its own or more than one FROM term (select.c, "omit
-- superfluous ORDER BY"), so keep the aggregate reading that subquery
-- alone; the plan in bench/work/plans.txt shows its sort. A window-function
-- form, whose order is documented, gave the same bytes on the 100k file,
-- slower. From SQLite 3.44, group_concat(x, ' | ' ORDER BY ...) says it.
.bail on
.import --csv --schema temp @PEOPLE@ people
.headers on
.mode csv
WITH pc AS MATERIALIZED (
 SELECT DISTINCT c.postcode, d.region, d.valid_from, d.valid_to
 FROM communes c JOIN departments d ON d.code = c.department),
a AS (
 SELECT p.rowid AS pr, p.*, (SELECT json_array(
   iif(min(region) = max(region), min(region), group_concat(region, ' | ')),
   iif(min(rname) = max(rname), min(rname), group_concat(rname, ' | ')),
   iif(min(op) = max(op), min(op), group_concat(op, ' | ')),
   iif(min(oname) = max(oname), min(oname), group_concat(oname, ' | ')),
   iif(min(website) = max(website), min(website),
    group_concat(website, ' | ')),
   iif(min(phone) = max(phone), min(phone), group_concat(phone, ' | ')),
   iif(min(locator) = max(locator), min(locator),
    group_concat(locator, ' | ')))
  FROM (SELECT DISTINCT pc.region, ifnull(r.name, '') AS rname,
    v.valid_from AS vf, ifnull(v.operator, '') AS op,
    ifnull(o.name, '') AS oname, ifnull(o.website, '') AS website,
    ifnull(o.phone, '') AS phone, ifnull(o.locator, '') AS locator
   FROM pc
   LEFT JOIN regions r ON r.code = pc.region
    AND r.valid_from <= p.date AND r.valid_to >= p.date
   LEFT JOIN coverage v ON v.public = '@PUBLIC@'
    AND (v.region = pc.region OR v.region = '*')
    AND v.valid_from <= p.date AND v.valid_to >= p.date
   LEFT JOIN operators o ON o.rowid = COALESCE((SELECT y.rowid
    FROM operators y WHERE y.id = v.operator
    AND y.valid_from <= p.date AND y.valid_to >= p.date),
    (SELECT y.rowid FROM operators y WHERE y.id = v.operator
    ORDER BY y.valid_from DESC LIMIT 1))
   WHERE pc.postcode = p.cp
    AND pc.valid_from <= p.date AND pc.valid_to >= p.date
   ORDER BY pc.region, vf, op)) AS j
 FROM temp.people p ORDER BY p.rowid)
SELECT id, cp, date,
 ifnull(j ->> 0, '') AS cep_region, ifnull(j ->> 1, '') AS cep_region_name,
 iif(j ->> 0 IS NULL, '', '@PUBLIC@') AS cep_public,
 ifnull(j ->> 2, '') AS cep_operator, ifnull(j ->> 3, '') AS cep_operator_name,
 ifnull(j ->> 4, '') AS cep_website, ifnull(j ->> 5, '') AS cep_phone,
 ifnull(j ->> 6, '') AS cep_locator, '' AS cep_note
FROM a;
