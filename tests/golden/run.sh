#!/bin/sh
# Golden tests of the binary. Each case is a directory under a suite
# directory (tests/golden/SUITE/CASE) holding:
#   cmd     shell commands; $CEPDIR is the binary, the case's files are in
#           the working directory (a fresh copy)
#   stdout  expected standard output   (optional: absent means empty)
#   stderr  expected standard error    (optional: absent means empty)
#   status  expected exit status of the last command (absent means 0)
# Each case runs under LC_ALL=C and again under C.UTF-8 (GOLDEN_LOCALES
# chooses others).
set -u
here=$(cd "$(dirname "$0")" && pwd)
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
	rm -rf "$work/case"
	cp -R "$dir" "$work/case"
	(cd "$work/case" && unset COLUMNS && LC_ALL=$locale TZ=UTC CEPDIR_DB= \
	    SOURCE_DATE_EPOCH=1780000000 \
	    CEPDIR="${VG:+$VG }$CEPDIR" sh ./cmd >"$work/out" 2>"$work/err")
	status=$?
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	fail=""
	if [ -f "$dir/stdout" ]; then
		cmp -s "$work/out" "$dir/stdout" || fail="$fail stdout"
	elif [ -s "$work/out" ]; then
		fail="$fail stdout"
	fi
	if [ -f "$dir/stderr" ]; then
		cmp -s "$work/err" "$dir/stderr" || fail="$fail stderr"
	elif [ -s "$work/err" ]; then
		fail="$fail stderr"
	fi
	[ "$status" = "$want_status" ] || fail="$fail status($status, want $want_status)"
	if [ -z "$fail" ]; then
		echo "ok $n - $name [$locale]"
	else
		echo "not ok $n - $name [$locale]:$fail"
		for f in stdout stderr; do
			w="$dir/$f"; [ -f "$w" ] || w=/dev/null
			g="$work/out"; [ "$f" = stderr ] && g="$work/err"
			diff -u "$w" "$g" | head -20 | sed 's/^/#   /'
		done
	fi
}

# GOLDEN_SHARD=K/N runs every Nth case from the Kth (0-based), so that
# N runners can share the cases. The plan comes first: a runner that dies
# half-way is seen to stop short.
shard=${GOLDEN_SHARD:-0/1}
k=${shard%/*} nshards=${shard#*/}
locales=${GOLDEN_LOCALES:-C C.UTF-8}

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
echo "1..$((ncases * $#))"
each_case run_locales
