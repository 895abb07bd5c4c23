#!/bin/sh
# Runs every test suite and ends with "N passed, N failed, N skipped".
# A suite that crashes, exits non-zero or stops short of its plan fails,
# whatever it printed (tests/lib/runner.sh).
# Environment: CEPDIR (the binary), BUILD (the build directory),
# VALGRIND=1 to run the binary and unit tests under valgrind.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
: "${BUILD:?BUILD must name the build directory}"
export CEPDIR BUILD
# The suites expect English whatever the caller's language: those that
# test French ask for it themselves.
unset LANGUAGE LC_MESSAGES
LC_ALL=C.UTF-8
export LC_ALL
. "$here/lib/runner.sh"

if [ "${VALGRIND:-}" = 1 ]; then
	VG="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
else
	VG=""
fi
export VG

# The golden cases in two halves at once: there are two cores.
run_golden() {
	g0=$(mktemp) g1=$(mktemp)
	GOLDEN_SHARD=0/2 sh "$here/golden/run.sh" >"$g0" 2>&1 &
	pid=$!
	GOLDEN_SHARD=1/2 sh "$here/golden/run.sh" >"$g1" 2>&1
	s1=$?
	wait "$pid"
	s0=$?
	suite_verdict "golden 1/2" "$s0" "$g0"
	suite_verdict "golden 2/2" "$s1" "$g1"
	rm -f "$g0" "$g1"
}

runner_start
for t in "$BUILD"/tests/test-*; do
	[ -x "$t" ] || continue
	run_suite "unit $(basename "$t")" $VG "$t"
done
if [ -n "$VG" ]; then
	# Under valgrind every case costs seconds: one locale, and the
	# script suites (timing, signals, tools) only in the plain run.
	GOLDEN_LOCALES=C
	export GOLDEN_LOCALES
	run_golden
else
	run_golden
	for s in "$here"/scripts/*.sh; do
		[ -f "$s" ] || continue
		run_suite "$(basename "$s" .sh)" sh "$s"
	done
fi
runner_end
