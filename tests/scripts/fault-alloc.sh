#!/bin/sh
# Allocation failures, as SQLite tests itself: in cepdir-fault (cepdir
# linked with tests/fault/), the Nth allocation fails, once ("N") or with
# every later one ("N+": memory has run out). Over every lookup command in
# every format, and over imports into an existing database, each run must
# either succeed with exactly the answer of a run without the fault
# (stdout, stderr, status; for an import, the database it writes), or exit
# 70 saying "out of memory"; and never crash, leak, trip a sanitizer, or
# tell of a code not found. A failed import leaves the database byte for
# byte as it was and no .cepdir-import-* file beside it. A thread that
# cannot start changes nothing in what an import does: it goes on without.
#
# A run makes hundreds to thousands of allocations, most of them SQLite's:
# FAULT_POINTS of them (default 16, 10 under SANITIZE=1 where a run costs
# ten times more; four times that for an import) are failed, evenly
# spread, each once and for good; and as many of the program's own (its
# own code's and libcsv's, CEPDIR_FAULT_OWN; in table and csv, for which
# the other formats allocate the same), all of them when there are fewer:
# about a minute. FAULT_ALL=1 fails every one (hours). While an
# import checks coverage in a thread beside the last index, the scheduler
# orders the two threads' allocations: there one N may name another call
# from run to run. A program that handles every failure passes all the
# same; one that does not may fail at other points of that stretch.
# Environment: CEPDIR, BUILD (cepdir-fault is $BUILD/cepdir-fault),
# SANITIZE. TAP.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/fault.sh"
fault_setup fault-alloc
printf 'id,cp,date\n1,35000,2018-06-01\n2,29200,2021-01-01\n3,zzzz,2020-01-01\n4,35000,2018-07-01\n' >"$tmp/people.csv"
if [ "${SANITIZE:-}" = 1 ]; then
	K=${FAULT_POINTS:-10}
else
	K=${FAULT_POINTS:-16}
fi

# Every lookup in every format (where in its three ways: a postcode, a
# name, a department), on a date of its own so that the answer is fixed;
# then each once more from a database file rather than the built-in image
# (another way to open and read).
LOOKUPS="region 53|where 35000|where rennes|where 35|operator apec|\
on 2020-06-01|history normandie|changes 2019-12-31 2020-01-01|\
regions --all|operators --all|check --to 2021-01-01|export coverage"
FORMATS="table csv tsv json ndjson excel"

# The cases, one a line: a description, the kinds of allocation to fail,
# then the arguments. The program's own allocations differ only between
# table (which keeps the rows) and the streaming formats: csv stands for
# these.
cases() {
	IFS='|'
	for l in $LOOKUPS; do
		unset IFS
		for f in $FORMATS; do
			o="-f $f"
			[ "$f" = excel ] && o=--excel
			k=ALLOC
			[ "$f" = csv ] || [ "$f" = table ] && k="ALLOC OWN"
			echo "$l $o|$k|--on 2020-06-01 $o $l"
		done
		IFS='|'
	done
	for l in $LOOKUPS; do
		echo "$l -f csv --db FILE|ALLOC|--on 2020-06-01 -f csv --db \
$BUILD/builtin.db $l"
	done
	unset IFS
	# pages and pictures, which keep rows, notes and a timeline of their
	# own
	for l in "history normandie" "check --to 2021-01-01" \
	    "-p employed region normandie"; do
		echo "$l -f html|ALLOC OWN|--on 2015-06-01 -f html $l"
	done
	echo "timeline normandie|ALLOC OWN|--on 2020-06-01 timeline normandie"
	# annotate: its reader, its memory of answers, an unknown place
	echo "annotate|ALLOC OWN|annotate --place cp --date date $tmp/people.csv"
}

# lookup DESC PHASE KINDS ARG...: the run without a fault, the same as
# cepdir's; then a run per point, in each mode: of all the allocations
# (ALLOC), of the program's own (OWN).
lookup() {
	d=$1 ph=$2 kinds=$3
	shift 3
	fault_run ALLOC=0 "$@"
	ref=$rc all=$c_alloc own=$c_own
	mv out ref.out
	mv err ref.err
	"$CEPDIR" "$@" >out 2>err
	if [ "$?" -ne "$ref" ] || ! cmp -s out ref.out ||
	    ! cmp -s err ref.err || [ -z "$all" ]; then
		not_ok "$d: without a fault, cepdir-fault answers as cepdir"
		return
	fi
	ok "$d: without a fault, as cepdir (exit $ref, $all allocations," \
	    "$own its own)"
	for kind in $kinds; do
		what=allocation total=$all
		[ "$kind" = OWN ] && what="own allocation" total=$own
		for p in $(fault_points "$total" "$K" "$ph"); do
			for m in "" +; do
				fault_run "$kind=$p$m" "$@"
				looked_up
				t="$d, $what $p fails"
				fault_tell "$t${m:+, and every one after}" "$@"
			done
		done
	done
}

# looked_up: why the lookup went wrong, or "": it answered as without
# the fault, or exited 70 saying "out of memory", and nothing else.
looked_up() {
	fault_crash
	if [ -n "$why" ]; then
		return
	elif [ "$rc" -eq "$ref" ]; then
		cmp -s out ref.out || why="exit $rc, another answer"
		# (most runs say nothing on stderr: no cmp then)
		if [ -z "$why" ] && { [ -s err ] || [ -s ref.err ]; } &&
		    ! cmp -s err ref.err; then
			why="exit $rc, another stderr"
		fi
	elif [ "$rc" -eq 70 ]; then
		fault_err '*out of memory*' ||
		    why="exit 70 without 'out of memory'"
		! fault_err '*not found*' '*[Uu]nknown*' ||
		    why="${why:+$why, }exit 70 with \"$l\""
	else
		why="exit $rc (want $ref as without it, or 70)"
	fi
}

lookups() {
	i=0
	cases >cases
	while IFS='|' read -r d k a; do
		i=$((i + 1))
		[ $((i % $2)) -eq "$1" ] || continue
		# the six formats of a command fail six sets of points
		# shellcheck disable=SC2086
		lookup "$d" "0.$(( (i - 1) % 6 * 16 ))" "$k" $a
	done <cases
}

# The datasets: "lookup" (every table) and a part of it (operators and
# coverage: the other tables are copied from the database); a third with
# a coverage file of over 256 KiB, which the import reads in a thread of
# its own.
mkdir part big
cp "$FIXTURES/lookup/operators.csv" "$FIXTURES/lookup/coverage.csv" part/
cp "$FIXTURES/lookup/regions.csv" big/
printf 'id,name,kind\ncep-big,CEP big,regional\n' >big/operators.csv
awk 'BEGIN {
	print "operator,region,public,valid_from,valid_to,source"
	for (y = 1000; y < 9000; y++)
		printf "cep-big,53,youth,%d-01-01,%d-12-31,generated\n", y, y
}' >big/coverage.csv
"$CEPDIR" -q --db clean.db import "$FIXTURES/check/clean" &&
    "$CEPDIR" -q --db lookup.db import "$FIXTURES/lookup" ||
    { echo "Bail out! the databases to import into cannot be made"; exit 1; }

# import DESC OLD KIND POINTS ARG...: into a copy of OLD, as import
# ARG..., a run per point in each mode: of POINTS allocations evenly
# spread, then as many of the program's own (KIND alloc), or of the
# threads listed in POINTS (KIND thread). The run without a fault gives
# the database to expect.
import() {
	d=$1 old=$2 kind=$3 pts=$4
	shift 4
	cp "$old" ref.db
	fault_run ALLOC=0 --db ref.db import "$@"
	ref=$rc
	mv out ref.out
	mv err ref.err
	if [ "$ref" -ne 0 ] || [ -z "$c_alloc" ]; then
		not_ok "$d: without a fault, it imports (exit $ref)"
		return
	fi
	ok "$d: without a fault, it imports ($c_alloc allocations, $c_own" \
	    "its own, $c_thread threads)"
	if [ "$kind" = thread ]; then
		import_points THREAD thread "$pts" "$@"
		return
	fi
	all=$(fault_points "$c_alloc" "$pts" 0.5)
	own=$(fault_points "$c_own" "$pts" 0.5)
	import_points ALLOC allocation "$all" "$@"
	import_points OWN "own allocation" "$own" "$@"
}

# import_points KIND WHAT POINTS ARG...: the runs of import for each point
import_points() {
	ikind=$1 what=$2 pts=$3
	shift 3
	for p in $pts; do
		for m in "" +; do
			cp "$old" t.db
			fault_run "$ikind=$p$m" --db t.db import "$@"
			imported "$old"
			t="$d, $what $p fails${m:+, and every one after}"
			fault_tell "$t" --db t.db import "$@"
		done
	done
}

# imported OLD: why the import into t.db (once OLD) went wrong, or "":
# it succeeded as without the fault, or (an allocation failed) it exited
# 70 with nothing written; never a temp file left.
imported() {
	fault_crash
	if [ -n "$why" ]; then
		:
	elif [ "$rc" -eq 0 ]; then
		cmp -s t.db ref.db || why="exit 0, another database"
		cmp -s err ref.err || why="${why:-exit 0, another stderr}"
	elif [ "$rc" -eq 70 ] && [ "$kind" = alloc ]; then
		fault_err '*out of memory*' ||
		    why="exit 70 without 'out of memory'"
		cmp -s t.db "$1" || why="${why:+$why, }the database changed"
	else
		why="exit $rc (want 0$([ "$kind" = alloc ] && echo " or 70"))"
	fi
	for f in .cepdir-import-*; do
		[ -e "$f" ] || continue
		why="${why:+$why, }$f left behind"
		rm -f "$f"
	done
}

# A thread that cannot start: the reader of a big file (1), the coverage
# checks beside the last index (2), or both.
imports() {
	if [ "$1" -eq 0 ]; then
		import "import lookup over another store" "$tmp/clean.db" \
		    alloc $((K * 4)) "$FIXTURES/lookup"
		import "import of a big coverage file" "$tmp/lookup.db" \
		    thread "1 2" "$tmp/big"
	else
		import "import of two tables, three kept" "$tmp/lookup.db" \
		    alloc $((K * 4)) "$tmp/part"
		import "import of a big coverage file" "$tmp/lookup.db" \
		    alloc $((K * 2)) "$tmp/big"
	fi
}

both() {
	imports "$@"
	lookups "$@"
}

fault_shards both
echo "1..$n"
