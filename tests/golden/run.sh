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
	(cd "$work/case" && LC_ALL=$locale TZ=UTC CEPDIR_DB= \
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
# N runners can share the cases.
shard=${GOLDEN_SHARD:-0/1}
k=${shard%/*} nshards=${shard#*/} i=0
for dir in "$here"/*/*/; do
	dir=${dir%/}
	[ -f "$dir/cmd" ] || continue
	i=$((i + 1))
	[ $((i % nshards)) -eq "$k" ] || continue
	for locale in ${GOLDEN_LOCALES:-C C.UTF-8}; do
		run_case "$dir" "$locale"
	done
done
