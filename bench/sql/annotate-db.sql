-- The sqlite3 side's database for annotate, built once per run outside the
-- timing: the five tables of `cepdir export -o @DIR@` (the data annotate
-- reads), as a script writer would load them: `.import` of each file, then
-- plain tables with the columns the join needs, an open end (empty
-- valid_to) written 9999-12-31 so that periods compare as text, and
-- indexes on postcode, department code, coverage region, region code and
-- operator id. An empty valid_from (since always) stays '', which sorts
-- before every date. run.sh replaces @table.column@ by the column, or by ''
-- when that optional column is not in the file's header.
.bail on
.import --csv @DIR@/regions.csv raw_regions
.import --csv @DIR@/departments.csv raw_departments
.import --csv @DIR@/communes.csv raw_communes
.import --csv @DIR@/operators.csv raw_operators
.import --csv @DIR@/coverage.csv raw_coverage
CREATE TABLE regions AS SELECT code, name,
 @regions.valid_from@ AS valid_from,
 iif(@regions.valid_to@ = '', '9999-12-31', @regions.valid_to@) AS valid_to
 FROM raw_regions;
CREATE TABLE departments AS SELECT code, region,
 @departments.valid_from@ AS valid_from,
 iif(@departments.valid_to@ = '', '9999-12-31', @departments.valid_to@)
  AS valid_to
 FROM raw_departments;
CREATE TABLE communes AS SELECT insee, postcode, department FROM raw_communes;
CREATE TABLE operators AS SELECT id, name,
 @operators.website@ AS website, @operators.phone@ AS phone,
 @operators.locator@ AS locator,
 @operators.valid_from@ AS valid_from,
 iif(@operators.valid_to@ = '', '9999-12-31', @operators.valid_to@)
  AS valid_to
 FROM raw_operators;
CREATE TABLE coverage AS SELECT operator, region, public,
 @coverage.valid_from@ AS valid_from,
 iif(@coverage.valid_to@ = '', '9999-12-31', @coverage.valid_to@) AS valid_to
 FROM raw_coverage;
DROP TABLE raw_regions;
DROP TABLE raw_departments;
DROP TABLE raw_communes;
DROP TABLE raw_operators;
DROP TABLE raw_coverage;
CREATE INDEX communes_postcode ON communes(postcode);
CREATE INDEX departments_code ON departments(code);
CREATE INDEX coverage_region ON coverage(region, public);
CREATE INDEX regions_code ON regions(code);
CREATE INDEX operators_id ON operators(id);
ANALYZE;
VACUUM;
