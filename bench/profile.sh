#!/bin/sh
# Where the time of `cepdir import` goes: perf stat and a perf profile of the
# 1,000,000-row import, and callgrind of the 100,000-row one. Not part of
# `make bench`; run it from the repository root after `make` and
# `sh bench/run.sh` (which generates the data), with CEPDIR as there.
# Needs perf and valgrind; writes bench/work/prof/ and prints summaries.
set -eu

cd "$(dirname "$0")/.."
W=bench/work
P=$W/prof
CEPDIR=${CEPDIR:-./cepdir}
case $CEPDIR in /*) ;; *) CEPDIR=$PWD/${CEPDIR#./} ;; esac
[ -x "$CEPDIR" ] || { echo "bench: no cepdir binary at $CEPDIR" >&2; exit 1; }
if [ ! -f "$W/100k/coverage.csv" ] || [ ! -f "$W/1m/coverage.csv" ]; then
	echo "bench: run sh bench/run.sh first (it generates the data)" >&2
	exit 1
fi
mkdir -p "$P"

if command -v perf >/dev/null 2>&1; then
	for size in 100k 1m; do
		rm -f "$P/p.db"
		echo "== perf stat: import $size"
		perf stat -e task-clock,context-switches,cpu-migrations \
		    -e page-faults "$CEPDIR" -q --db "$P/p.db" import \
		    "$W/$size" 2>&1 | sed -n '/Performance/,$p'
	done
	rm -f "$P/p.db"
	# cpu-clock works in VMs without hardware counters; DWARF call
	# graphs give the share of each phase (--children).
	perf record -q -e cpu-clock -F 500 --call-graph dwarf,16384 \
	    -o "$P/perf.data" "$CEPDIR" -q --db "$P/p.db" import "$W/1m"
	echo "== perf, import 1m: CPU share by phase (children included)"
	perf report -i "$P/perf.data" --children --sort symbol --stdio \
	    2>/dev/null | grep -E '^ +[0-9]' | grep -E ' (import_run|'\
'start_thread|read_job|csv_read|store_batch|importer_finish|'\
'db_create_indexes|db_create_key_index|import_check_references|'\
'import_check_coverage|run_alongside|import_check_overlaps|'\
'fill_aliases|row_cb)( |$)' || true
	echo "== perf, import 1m: top functions (self)"
	perf report -i "$P/perf.data" --no-children -g none \
	    --sort dso,symbol --stdio 2>/dev/null | grep -E '^ +[0-9]' |
	    head -n 25 || true
else
	echo "bench: perf not found; skipping perf" >&2
fi

if command -v valgrind >/dev/null 2>&1; then
	rm -f "$P/c.db" "$P/callgrind.out"
	valgrind -q --tool=callgrind --callgrind-out-file="$P/callgrind.out" \
	    "$CEPDIR" -q --db "$P/c.db" import "$W/100k"
	echo "== callgrind, import 100k: inclusive (instructions)"
	callgrind_annotate --inclusive=yes "$P/callgrind.out" 2>/dev/null |
	    grep -v '=>' | grep -E '(import_run|csv_read|store_batch|importer_finish|'\
'db_create_indexes|db_create_key_index|import_check_references|'\
'import_check_coverage|run_alongside|import_check_overlaps|'\
'start_thread) ' | head -n 20 || true
	echo "== callgrind, import 100k: top functions (self)"
	callgrind_annotate "$P/callgrind.out" 2>/dev/null |
	    sed -n '/file:function/,$p' | sed -n '3,27p'
	rm -f "$P/c.db"
else
	echo "bench: valgrind not found; skipping callgrind" >&2
fi
rm -f "$P/p.db"
