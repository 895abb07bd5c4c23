#!/bin/sh
# make bench: cepdir side by side with the sqlite3 CLI, on synthetic data.
#
# Run from the repository root after `make` (the Makefile's `bench` target
# does both). Environment: CEPDIR (binary, default ./cepdir), ROUNDS (A/B
# rounds, default 7, at least 5), REPS (calls of each lookup per round,
# default 20), SEED (generator seed, default 20150101). Everything it
# writes goes to bench/work/ (git-ignored); the summary table is printed
# and kept in bench/work/results.txt.
#
# In one run, on the same files, alternating cepdir (A) and sqlite3 (B):
#  (a) import of 100,000 and 1,000,000 coverage rows into a fresh database:
#      `cepdir -q --db new.db import DIR` against `sqlite3 new.db` creating
#      three plain tables and `.import --csv --skip 1` of the same files;
#  (b) three lookups on the 1,000,000-row database built by cepdir, against
#      the sqlite3 CLI running the equivalent SQL (bench/sql/*.sql, which
#      mirror src/query.c) on the same file;
#  (c) peak resident memory (/usr/bin/time -f %M) of every import;
#  (d) `cepdir check` over 2015-2030 on the big database.
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

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

case $CEPDIR in /*) ;; *) CEPDIR=$PWD/${CEPDIR#./} ;; esac
[ -x "$CEPDIR" ] || die "no cepdir binary at $CEPDIR: run make first"
[ "$ROUNDS" -ge 5 ] || die "ROUNDS must be at least 5"
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
rm -f "$W"/t.* "$W"/m.* "$W"/new.db "$W"/new.db-journal
: >"$W/stderr.log"

# ---- tools and data ----
cc -O2 -o "$W/gen" bench/gen.c
cc -O2 -o "$W/timeit" bench/timeit.c
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
	sqlite3.*)
		"$@" sqlite3 -init /dev/null -readonly -csv -header \
		    "$W/big.db" ".read $W/q-$q.sql" ;;
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
	for q in region on operator; do
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
echo "method:  $ROUNDS rounds, A (cepdir) then B (sqlite3) in each; imports" \
    "once per round into a fresh file; each lookup $REPS calls per round;" \
    "medians of all samples; wall clock from fork to exit (bench/timeit.c)"
echo "load:    $LOAD0 before the rounds, $LOAD1 after ($ELAPSED s of" \
    "rounds; other work on the machine inflates both sides)"
echo "same answers on both sides: $SAME (rows: region $ROWS_region," \
    "on $ROWS_on, operator $ROWS_operator)"
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
echo
printf '%-34s %11s %11s\n' "peak RSS (max of $ROUNDS runs)" "cepdir" "sqlite3"
for size in 100k 1m; do
	printf '%-34s %7s MiB %7s MiB\n' "import $(echo "$size" | tr m M) rows" \
	    "$(mib "$(maxof m.cepdir.import.$size)")" \
	    "$(mib "$(maxof m.sqlite3.import.$size)")"
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
echo "  check within the import's time: $(verdict le "$ck" "$ci")" \
    "($(ratio "$ck" "$ci")x)"
echo
echo "samples: $W/t.* (ms) and $W/m.* (KiB); sqlite3 plans: $W/plans.txt"
} | tee "$W/results.txt"
