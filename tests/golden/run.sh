#!/bin/sh
# Golden tests of the binary. Each case is a directory under a suite
# directory (tests/golden/SUITE/CASE) holding:
#   cmd     shell commands; $CEPDIR is the binary, the case's files are in
#           the working directory (a fresh copy)
#   stdout  expected standard output   (optional: absent means empty)
#   stderr  expected standard error    (optional: absent means empty)
#   status  expected exit status of the last command (absent means 0)
#   stdout.fr, stderr.fr
#           expected in French, when the case's table, page or messages
#           are French; absent: the same bytes as in English (the machine
#           formats)
# Each case runs under LC_ALL=C, C.UTF-8 and fr_FR.UTF-8 (GOLDEN_LOCALES
# chooses others). Without the French locale the French runs are one
# skipped test, or a failure under CEPDIR_STRICT=1 (make deps makes it).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/case.sh"
# Shared fixture datasets, for cases that import one: "$FIXTURES/lookup"
FIXTURES=$(cd "$here/../fixtures" 2>/dev/null && pwd)
export FIXTURES
n=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_case() {
	dir=$1 locale=$2
	name=${dir#"$here"/}
	n=$((n + 1))
	case_run "$dir" "$locale"
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	want_out=$(case_want "$dir" "$locale" stdout)
	want_err=$(case_want "$dir" "$locale" stderr)
	fail=""
	if [ -f "$want_out" ]; then
		cmp -s "$work/out" "$want_out" || fail="$fail stdout"
	elif [ -s "$work/out" ]; then
		fail="$fail stdout"
	fi
	if [ -f "$want_err" ]; then
		cmp -s "$work/err" "$want_err" || fail="$fail stderr"
	elif [ -s "$work/err" ]; then
		fail="$fail stderr"
	fi
	[ "$status" = "$want_status" ] || fail="$fail status($status, want $want_status)"
	if [ -z "$fail" ]; then
		echo "ok $n - $name [$locale]"
	else
		echo "not ok $n - $name [$locale]:$fail"
		for w in "$want_out" "$want_err"; do
			g="$work/out"
			case $w in */stderr*) g="$work/err" ;; esac
			[ -f "$w" ] || w=/dev/null
			diff -u "$w" "$g" | head -20 | sed 's/^/#   /'
		done
	fi
}

# GOLDEN_SHARD=K/N runs every Nth case from the Kth (0-based), so that
# N runners can share the cases. The plan comes first: a runner that dies
# half-way is seen to stop short.
shard=${GOLDEN_SHARD:-0/1}
k=${shard%/*} nshards=${shard#*/}
fr=$(french_locale)
locales=${GOLDEN_LOCALES:-C C.UTF-8 ${fr:-fr_FR.UTF-8}}
# the French runs need the French locale
missing=""
if [ -z "$fr" ]; then
	for locale in $locales; do
		case $locale in fr*) missing=$locale ;; esac
	done
	[ -n "$missing" ] && locales=$(echo " $locales " |
	    sed "s/ $missing / /; s/^ *//; s/ *\$//")
fi

# each_case FN: FN DIR for every case of this shard
each_case() {
	i=0
	for dir in "$here"/*/*/; do
		dir=${dir%/}
		[ -f "$dir/cmd" ] || continue
		i=$((i + 1))
		[ $((i % nshards)) -eq "$k" ] || continue
		"$1" "$dir"
	done
}

ncases=0
count_case() { ncases=$((ncases + 1)); }
run_locales() {
	for locale in $locales; do
		run_case "$1" "$locale"
	done
}
each_case count_case
set -- $locales
extra=0
[ -n "$missing" ] && extra=1
echo "1..$((ncases * $# + extra))"
if [ -n "$missing" ]; then
	n=$((n + 1))
	if [ "${CEPDIR_STRICT:-}" = 1 ]; then
		echo "not ok $n - the cases in French need the $missing locale: make deps generates it"
	else
		echo "ok $n - the cases in French # SKIP the $missing locale is missing (make deps generates it)"
	fi
fi
each_case run_locales
