#!/bin/sh
# make bench: cepdir side by side with the sqlite3 CLI, on synthetic data.
#
# Run from the repository root after `make` (the Makefile's `bench` target
# does both). Environment: CEPDIR (binary, default ./cepdir), ROUNDS (A/B
# rounds, default 7, at least 5), REPS (calls of each lookup per round,
# default 20), SEED (generator seed, default 20150101), ANNOTATE_ROUNDS
# (A/B rounds of (e), default 3, at least 3), ANNOTATE_ARGS (annotate's
# options, see below). Everything it writes goes to bench/work/
# (git-ignored); the summary table is printed and kept in
# bench/work/results.txt.
#
# In one run, on the same files, alternating cepdir (A) and sqlite3 (B):
#  (a) import of 100,000 and 1,000,000 coverage rows into a fresh database:
#      `cepdir -q --db new.db import DIR` against `sqlite3 new.db` creating
#      three plain tables and `.import --csv --skip 1` of the same files;
#  (b) three lookups on the 1,000,000-row database built by cepdir, against
#      the sqlite3 CLI running the equivalent SQL (bench/sql/*.sql, which
#      mirror src/query.c) on the same file;
#  (c) peak resident memory (/usr/bin/time -f %M) of every import;
#  (d) `cepdir check` over 2015-2030 on the big database;
#  (e) annotate of a file of 100,000 and of 1,000,000 people (id, postcode,
#      date; bench/people.c) with the built-in data: `cepdir annotate FILE
#      $ANNOTATE_ARGS` against the sqlite3 CLI importing the file and running
#      the same join (bench/sql/annotate.sql) on the five tables of `cepdir
#      export` (bench/sql/annotate-db.sql, built once, untimed), time and
#      peak RSS, and a cross-check of the cep_operator column of both on the
#      100k file. Until the binary has annotate, only the sqlite3 side runs.
#  (f) `where` in five forms of place (a postcode, a name, "st etienne",
#      "Saint-Denis (93)", a former commune) on the built-in data, for the
#      employed on $DATE2, against sqlite3 finding the same communes and
#      mandates in the export of the same data (places.db, built once,
#      untimed; it is handed the commune's name as the data writes it, so
#      it does none of the folding, St or narrowing that where does).
set -eu

cd "$(dirname "$0")/.."
W=bench/work
CEPDIR=${CEPDIR:-./cepdir}
ROUNDS=${ROUNDS:-7}
REPS=${REPS:-20}
SEED=${SEED:-20150101}
DATE=2020-06-01
REGION=53
OPERATOR=op-00042
CHECK_FROM=2015-01-01
CHECK_TO=2030-12-31
ANNOTATE_ROUNDS=${ANNOTATE_ROUNDS:-3}
PUBLIC=employed
# Annotate's options after the file, split on spaces: the one place to
# change if the command's spelling changes (`cepdir help annotate`).
ANNOTATE_ARGS=${ANNOTATE_ARGS:---place cp --date date -p $PUBLIC -f csv}
# Annotate reads the built-in data, and the sqlite3 side its export.
unset CEPDIR_DB

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

case $CEPDIR in /*) ;; *) CEPDIR=$PWD/${CEPDIR#./} ;; esac
[ -x "$CEPDIR" ] || die "no cepdir binary at $CEPDIR: run make first"
[ "$ROUNDS" -ge 5 ] || die "ROUNDS must be at least 5"
[ "$ANNOTATE_ROUNDS" -ge 3 ] || die "ANNOTATE_ROUNDS must be at least 3"
command -v sqlite3 >/dev/null 2>&1 ||
    die "the sqlite3 CLI is needed (Debian/Ubuntu: apt-get install sqlite3)"
command -v cc >/dev/null 2>&1 || die "a C compiler (cc) is needed"
if [ ! -x /usr/bin/time ]; then
	say "bench: /usr/bin/time is missing; installing the time package"
	if [ "$(id -u)" -eq 0 ]; then
		apt-get install -y time >&2 ||
		    { apt-get update >&2 && apt-get install -y time >&2; }
	else
		sudo apt-get install -y time >&2
	fi
	[ -x /usr/bin/time ] || die "/usr/bin/time is still missing"
fi

mkdir -p "$W"
rm -f "$W"/t.* "$W"/m.* "$W"/new.db "$W"/new.db-journal "$W"/annotate-*
: >"$W/stderr.log"

# ---- tools and data ----
cc -O2 -o "$W/gen" bench/gen.c
cc -O2 -o "$W/timeit" bench/timeit.c
cc -O2 -o "$W/people" bench/people.c
say "bench: generating the data (seed $SEED)"
for size in 100k 1m; do
	case $size in 100k) n=100000 ;; 1m) n=1000000 ;; esac
	rm -rf "${W:?}/$size"
	mkdir -p "$W/$size"
	"$W/gen" "$SEED" "$n" "$W/$size"
	cat >"$W/import-$size.sql" <<EOF
CREATE TABLE regions(code TEXT, name TEXT, kind TEXT);
CREATE TABLE operators(id TEXT, name TEXT, kind TEXT, website TEXT);
CREATE TABLE coverage(operator TEXT, region TEXT, public TEXT,
 valid_from TEXT, valid_to TEXT, source TEXT);
.import --csv --skip 1 $W/$size/regions.csv regions
.import --csv --skip 1 $W/$size/operators.csv operators
.import --csv --skip 1 $W/$size/coverage.csv coverage
EOF
done
BYTES=$(wc -c <"$W/1m/coverage.csv")

# The database of the lookups, built once by cepdir.
say "bench: building $W/big.db with cepdir"
rm -f "$W/big.db"
"$CEPDIR" -q --db "$W/big.db" import "$W/1m" 2>>"$W/stderr.log" ||
    die "cepdir could not import $W/1m (see $W/stderr.log)"

DAY=$(( $(date -u -d "$DATE" +%s) / 86400 ))
for q in region on operator; do
	sed -e "s/@DAY@/$DAY/g; s/@DATE@/$DATE/g; s/@REGION@/$REGION/g" \
	    -e "s/@OPERATOR@/$OPERATOR/g" "bench/sql/$q.sql" >"$W/q-$q.sql"
done

# The people of (e), and the sqlite3 side's database, from the data
# annotate reads: `cepdir export -o DIR` (communes.csv is the list of
# postcodes; the columns are found by their header).
say "bench: exporting the built-in data, generating the people files"
rm -rf "${W:?}/dir" "$W/dir.db"
mkdir "$W/dir"
"$CEPDIR" export -o "$W/dir" 2>>"$W/stderr.log" ||
    die "cepdir export -o $W/dir failed (see $W/stderr.log)"
for size in 100k 1m; do
	case $size in 100k) n=100000 ;; 1m) n=1000000 ;; esac
	"$W/people" "$SEED" "$n" "$W/dir/communes.csv" "$W/people-$size.csv"
	sed -e "s#@PEOPLE@#$W/people-$size.csv#g; s/@PUBLIC@/$PUBLIC/g" \
	    bench/sql/annotate.sql >"$W/annotate-$size.sql"
done

# has_column FILE COLUMN: whether the header of FILE names COLUMN.
has_column() {
	head -n 1 "$1" | tr -d '\r"' | tr ',' '\n' | grep -qix "$2"
}

# The optional columns the join reads become '' when the export lacks them.
subst=
for tc in regions.valid_from regions.valid_to departments.valid_from \
    departments.valid_to operators.website operators.phone \
    operators.locator operators.valid_from operators.valid_to \
    coverage.valid_from coverage.valid_to; do
	if has_column "$W/dir/${tc%%.*}.csv" "${tc#*.}"; then
		subst="$subst s/@$tc@/${tc#*.}/g;"
	else
		say "bench: ${tc%%.*}.csv has no ${tc#*.} column; the sqlite3" \
		    "side of annotate reads it as empty"
		subst="$subst s/@$tc@/''/g;"
	fi
done
sed -e "s#@DIR@#$W/dir#g;$subst" bench/sql/annotate-db.sql \
    >"$W/annotate-db.sql"
say "bench: building $W/dir.db with sqlite3 (the sqlite3 side of annotate)"
sqlite3 -init /dev/null "$W/dir.db" ".read $W/annotate-db.sql" \
    2>>"$W/stderr.log" || die "sqlite3 could not build $W/dir.db"
NCOMMUNES=$(($(wc -l <"$W/dir/communes.csv") - 1))
say "bench: building $W/places.db with sqlite3 (the sqlite3 side of (f))"
rm -f "$W/places.db"
sqlite3 -init /dev/null "$W/places.db" \
    ".import --csv $W/dir/communes.csv communes" \
    ".import --csv $W/dir/departments.csv departments" \
    ".import --csv $W/dir/coverage.csv coverage" \
    ".import --csv $W/dir/operators.csv operators" \
    "CREATE INDEX cp ON communes(postcode);" \
    "CREATE INDEX cn ON communes(name);" \
    "CREATE INDEX dc ON departments(code);" \
    "CREATE INDEX cr ON coverage(region, public);" \
    "CREATE INDEX oi ON operators(id);" "ANALYZE;" ||
    die "sqlite3 could not build $W/places.db"
for q in $WFORMS; do
	cat >"$W/q-$q.sql" <<SQL
SELECT DISTINCT c.insee, c.name, d.region, v.operator, o.name
 FROM communes c
 JOIN departments d ON d.code = c.department
  AND (d.valid_from = '' OR d.valid_from <= '$DATE2')
  AND (d.valid_to = '' OR d.valid_to >= '$DATE2')
 JOIN coverage v ON (v.region = d.region OR v.region = '*')
  AND v.public = 'employed'
  AND (v.valid_from = '' OR v.valid_from <= '$DATE2')
  AND (v.valid_to = '' OR v.valid_to >= '$DATE2')
 JOIN operators o ON o.id = v.operator
 WHERE $(cond_of "$q") ORDER BY 1, 4;
SQL
done

if "$CEPDIR" help annotate >/dev/null 2>&1; then
	HAVE_ANNOTATE=yes
else
	HAVE_ANNOTATE=no
	say "bench: $CEPDIR has no annotate command; (e) runs the sqlite3" \
	    "side alone"
fi

# run_lookup SIDE QUERY [PREFIX...]: one lookup, after an optional prefix
# command (the timer).
run_lookup() {
	side=$1 q=$2
	shift 2
	case $side.$q in
	cepdir.region)
		"$@" "$CEPDIR" --db "$W/big.db" region "$REGION" --on "$DATE" \
		    -f csv ;;
	cepdir.on)
		"$@" "$CEPDIR" --db "$W/big.db" on "$DATE" -f csv ;;
	cepdir.operator)
		"$@" "$CEPDIR" --db "$W/big.db" operator "$OPERATOR" \
		    --on "$DATE" -f csv ;;
	cepdir.w-*)
		CEPDIR_DB="" "$@" "$CEPDIR" -p employed --on "$DATE2" -f csv \
		    where "$(place_of "$q")" ;;
	sqlite3.w-*)
		"$@" sqlite3 -init /dev/null -readonly -csv -header \
		    "$W/places.db" ".read $W/q-$q.sql" ;;
	sqlite3.*)
		"$@" sqlite3 -init /dev/null -readonly -csv -header \
		    "$W/big.db" ".read $W/q-$q.sql" ;;
	esac
}

# (f): each form of place, the text given to where, and the condition
# that finds the same communes in places.db.
PLACES="w-postcode|35000|c.postcode = '35000'
w-name|rennes|c.name = 'Rennes'
w-saint|st etienne|c.name = 'Saint-Étienne'
w-dept|Saint-Denis (93)|c.name = 'Saint-Denis' AND c.department = '93'
w-former|Cherbourg-Octeville|c.name = 'Cherbourg-en-Cotentin'"
DATE2=2024-06-01
place_of() { echo "$PLACES" | awk -F'|' -v q="$1" '$1 == q { print $2 }'; }
cond_of() { echo "$PLACES" | awk -F'|' -v q="$1" '$1 == q { print $3 }'; }
WFORMS=$(echo "$PLACES" | cut -d'|' -f1)

# run_annotate SIDE SIZE [PREFIX...]: annotate the people of SIZE, after
# an optional prefix command (the timer).
run_annotate() {
	side=$1 size=$2
	shift 2
	case $side in
	cepdir)
		# shellcheck disable=SC2086 # split into words on purpose
		"$@" "$CEPDIR" annotate "$W/people-$size.csv" $ANNOTATE_ARGS ;;
	sqlite3)
		"$@" sqlite3 -init /dev/null -readonly "$W/dir.db" \
		    ".read $W/annotate-$size.sql" ;;
	esac
}

# ---- same answers on both sides ----
# sqlite3 quotes values with spaces or accents, cepdir only those that need
# it; the data holds no comma or quote, so dropping quotes compares values.
: >"$W/plans.txt"
SAME=yes
for q in region on operator; do
	run_lookup cepdir "$q" >"$W/out-a-$q.csv" 2>>"$W/stderr.log" ||
	    die "cepdir lookup $q failed"
	run_lookup sqlite3 "$q" >"$W/out-b-$q.csv" ||
	    die "sqlite3 lookup $q failed"
	na=$(($(wc -l <"$W/out-a-$q.csv") - 1))
	nb=$(($(wc -l <"$W/out-b-$q.csv") - 1))
	case $q in
	region) ROWS_region=$na ;;
	on) ROWS_on=$na ;;
	operator) ROWS_operator=$na ;;
	esac
	if [ "$na" -ne "$nb" ]; then
		say "bench: $q: cepdir returns $na rows, sqlite3 $nb"
		SAME=no
	elif ! tr -d '"' <"$W/out-b-$q.csv" | cmp -s - "$W/out-a-$q.csv"; then
		say "bench: $q: same row count ($na), different rows"
		SAME="rows only"
	fi
	{
		echo "== $q (sqlite3 side)"
		sqlite3 -init /dev/null -readonly "$W/big.db" \
		    "EXPLAIN QUERY PLAN $(grep -v '^--' "$W/q-$q.sql")"
	} >>"$W/plans.txt"
done

# (f): the same number of (commune, operator) rows on both sides.
WSAME=yes
for q in $WFORMS; do
	na=$(run_lookup cepdir "$q" 2>>"$W/stderr.log" | tail -n +2 | wc -l)
	nb=$(run_lookup sqlite3 "$q" | tail -n +2 | wc -l)
	if [ "$na" -ne "$nb" ] || [ "$na" -eq 0 ]; then
		say "bench: where $(place_of "$q"): cepdir $na rows, sqlite3 $nb"
		WSAME=no
	fi
done

# Annotate: one untimed pass of each side at 100k, whose outputs the
# cross-check compares: the cep_operator column row by row, read by
# sqlite3's CSV reader (the two sides quote differently). A difference is
# reported, not fatal: notes and the order of several mandates may differ.
run_annotate sqlite3 100k >"$W/annotate-b-100k.csv" 2>>"$W/stderr.log" ||
    die "the sqlite3 side of annotate failed (see $W/stderr.log)"
n=$(($(wc -l <"$W/annotate-b-100k.csv") - 1))
[ "$n" -eq 100000 ] ||
    die "the sqlite3 side of annotate wrote $n rows for 100000 people"
{
	echo "== annotate (sqlite3 side)"
	sqlite3 -init /dev/null -readonly "$W/dir.db" \
	    ".import --csv --schema temp $W/people-100k.csv people" \
	    "EXPLAIN QUERY PLAN $(sed -n '/^WITH/,$p' "$W/annotate-100k.sql")"
} >>"$W/plans.txt"
CROSS="not run: this cepdir has no annotate command"
if [ "$HAVE_ANNOTATE" = yes ]; then
	st=0
	run_annotate cepdir 100k >"$W/annotate-a-100k.csv" \
	    2>"$W/annotate-stderr.txt" || st=$?
	[ "$st" -le 1 ] || die "cepdir annotate failed (status $st," \
	    "see $W/annotate-stderr.txt)"
	if sqlite3 -init /dev/null -bail :memory: \
	    ".import --csv $W/annotate-a-100k.csv a" \
	    ".import --csv $W/annotate-b-100k.csv b" \
	    ".headers on" ".mode csv" ".once $W/annotate-diff.csv" \
	    "SELECT b.rowid AS line, b.cp, b.date, a.cep_operator AS cepdir,
	      b.cep_operator AS sqlite3 FROM b LEFT JOIN a ON a.rowid = b.rowid
	      WHERE a.cep_operator IS NOT b.cep_operator LIMIT 100" \
	    ".headers off" ".mode list" ".separator ' '" \
	    "SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM b),
	      abs((SELECT count(*) FROM a) - (SELECT count(*) FROM b))
	      + (SELECT count(*) FROM a JOIN b ON b.rowid = a.rowid
	      WHERE a.cep_operator IS NOT b.cep_operator)" \
	    >"$W/annotate-cross.txt" 2>>"$W/stderr.log"; then
		read -r na nb nd <"$W/annotate-cross.txt"
		CROSS="$nd rows differ (cepdir wrote $na rows, sqlite3 $nb)"
	else
		CROSS="failed: no cep_operator column in cepdir's output?"
		CROSS="$CROSS (see $W/stderr.log)"
	fi
	say "bench: annotate cross-check: $CROSS"
fi

# ---- the rounds ----
# t.NAME holds one time in ms per line, m.NAME one peak RSS in KiB per line.
timed_import() {	# name size command...
	name=$1 size=$2
	shift 2
	rm -f "$W/new.db" "$W/new.db-journal"
	"$W/timeit" -- /usr/bin/time -f %M -o "$W/mem.txt" "$@" \
	    2>>"$W/stderr.log" >"$W/sample.txt"
	read -r ms st <"$W/sample.txt"
	[ "$st" -eq 0 ] || die "$name import of $size failed (status $st)"
	echo "$ms" >>"$W/t.$name.import.$size"
	tail -n 1 "$W/mem.txt" >>"$W/m.$name.import.$size"
}

timed_lookup() {	# side query
	run_lookup "$1" "$2" "$W/timeit" -n "$REPS" -- 2>>"$W/stderr.log" \
	    >"$W/sample.txt"
	awk '$2 != 0 { exit 1 }' "$W/sample.txt" ||
	    die "$1 lookup $2 failed (see $W/stderr.log)"
	cut -d' ' -f1 "$W/sample.txt" >>"$W/t.$1.$2"
}

timed_annotate() {	# side size
	side=$1 size=$2
	rm -f "$W/annotate-out.csv"
	run_annotate "$side" "$size" "$W/timeit" -o "$W/annotate-out.csv" -- \
	    /usr/bin/time -f %M -o "$W/mem.txt" 2>"$W/annotate-stderr.txt" \
	    >"$W/sample.txt"
	read -r ms st <"$W/sample.txt"
	case $side.$st in
	cepdir.0 | cepdir.1 | sqlite3.0) ;;
	*) die "$side annotate of $size failed (status $st," \
	    "see $W/annotate-stderr.txt)" ;;
	esac
	echo "$ms" >>"$W/t.$side.annotate.$size"
	tail -n 1 "$W/mem.txt" >>"$W/m.$side.annotate.$size"
}

# Warm the page cache and the binaries: one untimed pass of each.
for size in 100k 1m; do
	rm -f "$W/new.db"
	"$CEPDIR" -q --db "$W/new.db" import "$W/$size" 2>>"$W/stderr.log"
	rm -f "$W/new.db"
	sqlite3 -init /dev/null "$W/new.db" ".read $W/import-$size.sql"
done

LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s)
r=1
while [ "$r" -le "$ROUNDS" ]; do
	for size in 100k 1m; do
		timed_import cepdir "$size" \
		    "$CEPDIR" -q --db "$W/new.db" import "$W/$size"
		timed_import sqlite3 "$size" \
		    sqlite3 -init /dev/null "$W/new.db" ".read $W/import-$size.sql"
	done
	for q in region on operator $WFORMS; do
		timed_lookup cepdir "$q"
		timed_lookup sqlite3 "$q"
	done
	"$W/timeit" -- /usr/bin/time -f %M -o "$W/mem.txt" "$CEPDIR" \
	    --db "$W/big.db" check --from $CHECK_FROM --to $CHECK_TO -f csv \
	    2>>"$W/stderr.log" >"$W/sample.txt"
	read -r ms st <"$W/sample.txt"
	[ "$st" -le 1 ] || die "cepdir check failed (status $st)"
	echo "$ms" >>"$W/t.cepdir.check"
	tail -n 1 "$W/mem.txt" >>"$W/m.cepdir.check"
	say "bench: round $r/$ROUNDS done ($(( $(date +%s) - start )) s)"
	r=$((r + 1))
done
rm -f "$W/new.db" "$W/new.db-journal"
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(( $(date +%s) - start ))

# (e) in rounds of its own: at 1M rows one call takes seconds, not ms.
start=$(date +%s)
r=1
while [ "$r" -le "$ANNOTATE_ROUNDS" ]; do
	for size in 100k 1m; do
		[ "$HAVE_ANNOTATE" = no ] || timed_annotate cepdir "$size"
		timed_annotate sqlite3 "$size"
	done
	say "bench: annotate round $r/$ANNOTATE_ROUNDS done" \
	    "($(( $(date +%s) - start )) s)"
	r=$((r + 1))
done
rm -f "$W/annotate-out.csv"
LOAD2=$(cut -d' ' -f1-3 /proc/loadavg)
AELAPSED=$(( $(date +%s) - start ))

# ---- summary ----
med() {
	sort -n "$W/$1" | awk '{ v[NR] = $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f", m }'
}
maxof() { sort -n "$W/$1" | tail -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { if "$@"; then echo met; else echo "NOT met"; fi; }

{
echo "cepdir benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo "machine: $(nproc) CPU(s), $(sed -n 's/^model name[^:]*: //p' \
    /proc/cpuinfo | head -n 1), $(uname -sr)"
echo "cepdir:  $CEPDIR ($("$CEPDIR" --version 2>&1 | head -n 1)$(
    if [ "$CEPDIR" = "$PWD/cepdir" ] &&
	git rev-parse --short HEAD >/dev/null 2>&1; then
	printf ', built from commit %s' "$(git rev-parse --short HEAD)"
	[ -z "$(git status --porcelain -- src include Makefile 2>/dev/null)" ] ||
	    printf ' + uncommitted changes to src/include/Makefile'
    fi))"
echo "sqlite3: $(sqlite3 --version | cut -d' ' -f1)"
echo "data:    seed $SEED; 18 regions, 25000 operators; coverage 100,000" \
    "and 1,000,000 rows (coverage.csv of 1M: $(awk -v b="$BYTES" \
    'BEGIN { printf "%.1f MB, %.1f bytes/row", b / 1e6, b / 1e6 }'))"
echo "people:  $PUBLIC, 100,000 and 1,000,000 rows id,cp,date (postcodes" \
    "drawn from the $NCOMMUNES commune rows of the built-in data, dates" \
    "2015-01-01..2027-12-31)"
echo "method:  $ROUNDS rounds, A (cepdir) then B (sqlite3) in each; imports" \
    "once per round into a fresh file; each lookup $REPS calls per round;" \
    "annotate: $ANNOTATE_ROUNDS rounds of its own, one call per size and" \
    "side, output to a file; medians of all samples; wall clock from fork" \
    "to exit (bench/timeit.c)"
echo "load:    $LOAD0 before the rounds, $LOAD1 after ($ELAPSED s of" \
    "rounds), $LOAD2 after annotate's ($AELAPSED s); other work on the" \
    "machine inflates both sides"
echo "same answers on both sides: $SAME (rows: region $ROWS_region," \
    "on $ROWS_on, operator $ROWS_operator); where forms, same row" \
    "counts: $WSAME"
echo
printf '%-34s %11s %11s %7s\n' "median" "cepdir" "sqlite3" "ratio"
for size in 100k 1m; do
	a=$(med t.cepdir.import.$size) b=$(med t.sqlite3.import.$size)
	label=$(echo "$size" | tr m M)
	printf '%-34s %8.0f ms %8.0f ms %6sx\n' "import $label rows" "$a" "$b" \
	    "$(ratio "$a" "$b")"
done
for q in region on operator; do
	a=$(med t.cepdir.$q) b=$(med t.sqlite3.$q)
	case $q in
	region) label="region $REGION --on $DATE" ;;
	on) label="on $DATE" ;;
	operator) label="operator $OPERATOR --on $DATE" ;;
	esac
	printf '%-34s %8.2f ms %8.2f ms %6sx\n' "$label" "$a" "$b" \
	    "$(ratio "$a" "$b")"
done
for q in $WFORMS; do
	a=$(med t.cepdir.$q) b=$(med t.sqlite3.$q)
	printf '%-34s %8.2f ms %8.2f ms %6sx\n' "where $(place_of "$q")" \
	    "$a" "$b" "$(ratio "$a" "$b")"
done
for size in 100k 1m; do
	label="annotate $(echo "$size" | tr m M) people"
	b=$(med t.sqlite3.annotate.$size)
	if [ "$HAVE_ANNOTATE" = yes ]; then
		a=$(med t.cepdir.annotate.$size)
		printf '%-34s %8.0f ms %8.0f ms %6sx\n' "$label" "$a" "$b" \
		    "$(ratio "$a" "$b")"
	else
		printf '%-34s %11s %8.0f ms %7s\n' "$label" "n/a" "$b" "-"
	fi
done
echo
printf '%-34s %11s %11s\n' "peak RSS (max over the rounds)" "cepdir" \
    "sqlite3"
for size in 100k 1m; do
	printf '%-34s %7s MiB %7s MiB\n' "import $(echo "$size" | tr m M) rows" \
	    "$(mib "$(maxof m.cepdir.import.$size)")" \
	    "$(mib "$(maxof m.sqlite3.import.$size)")"
done
for size in 100k 1m; do
	if [ "$HAVE_ANNOTATE" = yes ]; then
		a="$(mib "$(maxof m.cepdir.annotate.$size)") MiB"
	else
		a="n/a"
	fi
	printf '%-34s %11s %7s MiB\n' \
	    "annotate $(echo "$size" | tr m M) people" "$a" \
	    "$(mib "$(maxof m.sqlite3.annotate.$size)")"
done
printf '%-34s %7s MiB\n' "check on the 1M database" \
    "$(mib "$(maxof m.cepdir.check)")"
echo
ci=$(med t.cepdir.import.1m) ck=$(med t.cepdir.check)
printf '%-34s %8.0f ms (cepdir import 1M: %.0f ms, ratio %sx)\n' \
    "check $CHECK_FROM..$CHECK_TO" "$ck" "$ci" "$(ratio "$ck" "$ci")"
echo
echo "targets:"
r100=$(ratio "$(med t.cepdir.import.100k)" "$(med t.sqlite3.import.100k)")
r1m=$(ratio "$(med t.cepdir.import.1m)" "$(med t.sqlite3.import.1m)")
echo "  import <= 1.5x sqlite3 .import: 100k $(verdict le "$r100" 1.5)" \
    "(${r100}x), 1M $(verdict le "$r1m" 1.5) (${r1m}x)"
p100=$(maxof m.cepdir.import.100k) p1m=$(maxof m.cepdir.import.1m)
echo "  import peak RSS <= 32 MiB: $(verdict le "$p1m" 32768 &&
    le "$p100" 32768) ($(mib "$p100") / $(mib "$p1m") MiB);" \
    "flat 100k -> 1M (within +25%): $(verdict le "$p1m" \
    "$(awk -v k="$p100" 'BEGIN { print k * 1.25 }')")" \
    "(${p100} -> ${p1m} KiB)"
for q in region on operator; do
	a=$(med t.cepdir.$q) b=$(med t.sqlite3.$q)
	echo "  lookup $q <= 1.2x sqlite3 and < 10 ms:" \
	    "$(verdict le "$(ratio "$a" "$b")" 1.2) ($(ratio "$a" "$b")x)," \
	    "$(verdict le "$a" 10) ($(awk -v a="$a" 'BEGIN { printf "%.2f", a }') ms)"
done
for q in $WFORMS; do
	a=$(med t.cepdir.$q)
	echo "  where $(place_of "$q") < 10 ms: $(verdict le "$a" 10)" \
	    "($(awk -v a="$a" 'BEGIN { printf "%.2f", a }') ms," \
	    "$(ratio "$a" "$(med t.sqlite3.$q)")x sqlite3)"
done
echo "  check within the import's time: $(verdict le "$ck" "$ci")" \
    "($(ratio "$ck" "$ci")x)"
if [ "$HAVE_ANNOTATE" = yes ]; then
	r100=$(ratio "$(med t.cepdir.annotate.100k)" \
	    "$(med t.sqlite3.annotate.100k)")
	r1m=$(ratio "$(med t.cepdir.annotate.1m)" "$(med t.sqlite3.annotate.1m)")
	echo "  annotate <= 1.0x sqlite3 (aim 0.5x):" \
	    "100k $(verdict le "$r100" 1.0) (${r100}x)," \
	    "1M $(verdict le "$r1m" 1.0) (${r1m}x)"
	p100=$(maxof m.cepdir.annotate.100k) p1m=$(maxof m.cepdir.annotate.1m)
	echo "  annotate peak RSS <= 32 MiB: $(verdict le "$p1m" 32768 &&
	    le "$p100" 32768) ($(mib "$p100") / $(mib "$p1m") MiB);" \
	    "flat 100k -> 1M (within +25%): $(verdict le "$p1m" \
	    "$(awk -v k="$p100" 'BEGIN { print k * 1.25 }')")" \
	    "(${p100} -> ${p1m} KiB)"
else
	echo "  annotate: not measured, this cepdir has no annotate command" \
	    "(sqlite3 side alone above)"
fi
echo "  annotate cross-check (100k, cep_operator): $CROSS"
echo
echo "samples: $W/t.* (ms) and $W/m.* (KiB); sqlite3 plans: $W/plans.txt;" \
    "annotate rows that differ: $W/annotate-diff.csv (first 100)"
} | tee "$W/results.txt"
