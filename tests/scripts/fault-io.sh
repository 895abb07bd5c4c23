#!/bin/sh
# I/O failures: in cepdir-fault (cepdir linked with tests/fault/), the Nth
# I/O call fails: SQLite's reads, writes, truncations and syncs (through a
# VFS around the default one) and the program's own mkstemp, fchmod, fsync
# and rename. "N" fails that call with EIO; "N+" fills the disk there, so
# that every later call that takes space fails with ENOSPC (SQLITE_FULL).
#
# An import either succeeds as it does without the fault (status, stderr,
# the database it writes) or exits 74 with a message, the database as it
# was, byte for byte, and no .cepdir-import-* file left beside it. An
# export -o DIR either succeeds or exits 74 with a message, each file it
# wrote whole and no temp file left. A lookup on a database file whose
# reads fail answers as without the fault or exits 74 with a message, and
# never says that what it looked for does not exist.
#
# Every call is failed, in both ways: a few hundred runs. FAULT_POINTS=K
# tries only K calls of each case, evenly spread (40 under SANITIZE=1,
# where a run costs ten times more). The coverage checks of an import
# read in a thread while the last index is written: there the scheduler
# orders the calls, and one N may name another call from run to run.
# Environment: CEPDIR, BUILD, SANITIZE. TAP.
set -u
. "$(dirname "$0")/../lib/tap.sh"
. "$(dirname "$0")/../lib/fault.sh"
fault_setup fault-io
if [ "${SANITIZE:-}" = 1 ]; then
	K=${FAULT_POINTS:-40}
else
	K=${FAULT_POINTS:-100000}
fi

# The datasets of tests/scripts/fault-alloc.sh: lookup, two of its tables,
# and a coverage file big enough to be read in a thread of its own.
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

# fails_how: how the last run was failed, for its TAP line
fails_how() {
	if [ -n "$m" ]; then
		echo "I/O call $p: disk full"
	else
		echo "I/O call $p fails"
	fi
}

# failed_well: exit 74, with a message that is no "not found"
failed_well() {
	if [ "$rc" -ne 74 ]; then
		why="exit $rc (want $ref as without it, or 74)"
	elif [ ! -s err ]; then
		why="exit 74 with nothing on stderr"
	elif fault_err '*not found*' '*[Uu]nknown*' '*out of memory*'; then
		why="exit 74 with \"$l\""
	fi
}

# import DESC OLD PHASE ARG...: into a copy of OLD, as import ARG...
import() {
	d=$1 old=$2 ph=$3
	shift 3
	cp "$old" ref.db
	fault_run IO=0 --db ref.db import "$@"
	ref=$rc total=$c_io
	mv out ref.out
	mv err ref.err
	if [ "$ref" -ne 0 ] || [ -z "$total" ]; then
		not_ok "$d: without a fault, it imports (exit $ref)"
		return
	fi
	ok "$d: without a fault, it imports ($total I/O calls)"
	for p in $(fault_points "$total" "$K" "$ph"); do
		for m in "" +; do
			cp "$old" t.db
			fault_run "IO=$p$m" --db t.db import "$@"
			t="$d, $(fails_how)"
			fault_crash
			if [ -n "$why" ]; then
				:
			elif [ "$rc" -eq 0 ]; then
				cmp -s t.db ref.db ||
				    why="exit 0, another database"
				cmp -s err ref.err ||
				    why="${why:-exit 0, another stderr}"
			else
				failed_well
				cmp -s t.db "$old" ||
				    why="${why:+$why, }the database changed"
			fi
			for f in .cepdir-import-*; do
				[ -e "$f" ] || continue
				why="${why:+$why, }$f left behind"
				rm -f "$f"
			done
			fault_tell "$t" --db t.db import "$@"
		done
	done
}

# export -o DIR of every table from the lookup store.
export_dir() {
	rm -rf ref.dir
	mkdir ref.dir
	fault_run IO=0 --db "$tmp/lookup.db" export -o ref.dir
	ref=$rc total=$c_io
	mv out ref.out
	if [ "$ref" -ne 0 ] || [ -z "$total" ]; then
		not_ok "export -o DIR: without a fault, it writes (exit $ref)"
		return
	fi
	ok "export -o DIR: without a fault, it writes ($total I/O calls)"
	for p in $(fault_points "$total" "$K" 0); do
		for m in "" +; do
			rm -rf dir
			mkdir dir
			fault_run "IO=$p$m" --db "$tmp/lookup.db" export -o dir
			t="export -o DIR, $(fails_how)"
			fault_crash
			[ -n "$why" ] || [ "$rc" -eq 0 ] || failed_well
			for f in dir/* dir/.*; do
				case $f in
				dir/.|dir/..|"dir/.*"|"dir/*")
					;;
				dir/.*)
					why="${why:+$why, }$f left behind" ;;
				*)
					cmp -s "$f" "ref.$f" ||
					    why="${why:+$why, }$f: cut" ;;
				esac
			done
			[ "$rc" -ne 0 ] || [ -n "$why" ] ||
			    [ "$(ls dir | wc -l)" -eq 5 ] ||
			    why="exit 0 with $(ls dir | wc -l) files of 5"
			fault_tell "$t" --db "$tmp/lookup.db" export -o dir
		done
	done
}

# lookup DESC ARG...: from a database file whose Nth read fails.
lookup() {
	d=$1
	shift
	fault_run IO=0 "$@"
	ref=$rc total=$c_io
	mv out ref.out
	mv err ref.err
	if [ -z "$total" ]; then
		not_ok "$d: without a fault, it answers"
		return
	fi
	ok "$d: without a fault, it answers (exit $ref, $total I/O calls)"
	for p in $(fault_points "$total" "$K" 0); do
		fault_run "IO=$p" "$@"
		t="$d, I/O call $p fails"
		fault_crash
		if [ -n "$why" ]; then
			:
		elif [ "$rc" -eq "$ref" ]; then
			cmp -s out ref.out || why="exit $rc, another answer"
			cmp -s err ref.err ||
			    why="${why:-exit $rc, another stderr}"
		else
			failed_well
		fi
		fault_tell "$t" "$@"
	done
}

LOOKUPS="region 53|where 35000|where rennes|where 35|operator apec|\
on 2020-06-01|history normandie|changes 2019-12-31 2020-01-01|\
regions --all|operators --all|check --to 2021-01-01|export coverage"

shard() {
	if [ "$1" -eq 0 ]; then
		import "import lookup over another store" "$tmp/clean.db" 0 \
		    "$FIXTURES/lookup"
		import "import of two tables, three kept" "$tmp/lookup.db" 0 \
		    "$tmp/part"
	else
		import "import of a big coverage file" "$tmp/lookup.db" 0 \
		    "$tmp/big"
		export_dir
		IFS='|'
		for l in $LOOKUPS; do
			unset IFS
			# shellcheck disable=SC2086
			lookup "$l -f csv --db FILE" --on 2020-06-01 -f csv \
			    --db "$BUILD/builtin.db" $l
			IFS='|'
		done
		unset IFS
	fi
}

fault_shards shard
echo "1..$n"
