#!/bin/sh
# Builds the fuzz targets and runs each for SECONDS (default 60), one after
# the other:
#   sh fuzz/run.sh [SECONDS] [TARGET...]
# Targets: import date names cli (default: all). Each runs on
# fuzz/corpus-work/TARGET (new inputs go there; it is not committed) with
# the committed seeds of fuzz/corpus/TARGET, and fuzz/dict/ when there is
# a dictionary for it. Logs and crash files go to build/fuzz/. Exits 1 if
# any target found a crash, a leak, a timeout or ran out of memory, after
# printing the crash file and its stack; 2 if the build failed.
# Environment: FUZZ_BUILD (the build directory, default build/fuzz) and
# what fuzz/build.sh reads (FUZZ_CC, FUZZ_CFLAGS).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-import date names cli}
out=${FUZZ_BUILD:-build/fuzz}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export UBSAN_OPTIONS

echo "fuzz: building the targets into $out"
if ! sh fuzz/build.sh fuzz "$out"; then
	echo "fuzz: the build failed" >&2
	exit 2
fi

dict_of() {
	case $1 in
	import) echo fuzz/dict/csv.dict ;;
	cli) echo fuzz/dict/cli.dict ;;
	date) echo fuzz/dict/date.dict ;;
	*) echo "" ;;
	esac
}

failed=""
for t in $targets; do
	bin=$out/fuzz-$t
	work=fuzz/corpus-work/$t
	art=$out/artifacts/$t/
	log=$out/logs/$t.log
	mkdir -p "$work" "$art" "$out/logs"
	dict=$(dict_of "$t")
	echo "fuzz: $t for ${seconds}s (log: $log)"
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix="$art" \
	    ${dict:+-dict="$dict"} "$work" "fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	# "#12345 DONE cov: 1234 ft: 5678 corp: 90/12Kb ..." and the stats
	awk -v t="$t" '
	    /^#[0-9]+[ \t]+(DONE|pulse|NEW|REDUCE|INITED)/ { last = $0 }
	    /^stat::number_of_executed_units:/ { execs = $2 }
	    /^stat::average_exec_per_sec:/ { rate = $2 }
	    /^stat::peak_rss_mb:/ { rss = $2 }
	    END {
		match(last, /cov: [0-9]+/); cov = substr(last, RSTART + 5, RLENGTH - 5)
		match(last, /ft: [0-9]+/); ft = substr(last, RSTART + 4, RLENGTH - 4)
		match(last, /corp: [0-9]+/); corp = substr(last, RSTART + 6, RLENGTH - 6)
		printf "fuzz: %s: %s executions, %s/s, coverage %s edges, %s features, corpus %s, peak RSS %s MB\n", t, execs, rate, cov, ft, corp, rss
	    }' "$log"
	if [ "$rc" -ne 0 ]; then
		failed="$failed $t"
		echo "fuzz: $t FAILED (exit $rc)"
		sed -n "s|.*Test unit written to \([^ ]*\).*|fuzz: $t: crash file \1|p" \
		    "$log"
		# the report: from the first error line to the end
		awk '/ERROR: |runtime error|^fuzz-[a-z]+: |deadly signal|ALARM|out-of-memory|leak/ { on = 1 } on' \
		    "$log" | head -120
	fi
done

if [ -n "$failed" ]; then
	echo "fuzz: crashes in:$failed; minimise with" \
	    "$out/fuzz-TARGET -minimize_crash=1 -runs=100000 FILE," \
	    "then keep it in fuzz/regressions/TARGET/"
	exit 1
fi
echo "fuzz: no crash"
exit 0
