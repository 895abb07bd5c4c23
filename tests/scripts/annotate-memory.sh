#!/bin/sh
# annotate streams: the same people (bench/people.c, a fixed seed) at
# 100,000 and 400,000 rows give the same first rows, every row back, and
# a peak RSS that does not grow with the file (less than 2 MiB more) and
# stays under 32 MiB; the larger run also passes under a 256 MiB address
# space limit. Under the sanitizers (their shadow memory) only the
# answers are checked.
set -u
: "${CEPDIR:?}"
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$root/tests/lib/tap.sh"
need cc "to build the people generator and the RSS probe"
cd "$work" || exit 1

skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $*"
}

check "the people generator and the RSS probe build" \
    'cc -O2 -o people "$root/bench/people.c" && cc -O2 -o maxrss "$root/tests/lib/maxrss.c"'
$CEPDIR export communes >communes.csv
./people 7 100000 communes.csv small.csv
./people 7 400000 communes.csv big.csv
check "the same seed gives the same first rows" \
    '[ "$(head -n 100001 big.csv | cksum)" = "$(cksum <small.csv)" ]'

run() {	# run NAME FILE: annotate FILE into NAME.out, its RSS in NAME.rss
	./maxrss "$1.rss" $CEPDIR -q annotate --place cp --date date \
	    -p employed "$2" >"$1.out"
	echo $? >"$1.status"
}
run small small.csv
run big big.csv
check "exit 1: some rows fall in a gap of the data (cep_note)" \
    '[ "$(cat small.status)" = 1 ] && [ "$(cat big.status)" = 1 ]'
check "every row back, with its header" \
    '[ "$(wc -l <small.out)" = 100001 ] && [ "$(wc -l <big.out)" = 400001 ]'
check "the rows of the small file are the first of the large one" \
    '[ "$(head -n 100001 big.out | cksum)" = "$(cksum <small.out)" ]'
check "most rows have an operator" \
    '[ "$(awk -F, "NR > 1 && \$7 != \"\"" big.out | wc -l)" -gt 350000 ]'
small=$(cat small.rss) big=$(cat big.rss)
echo "# peak RSS: $small KiB at 100,000 rows, $big KiB at 400,000"
if [ -n "${SANITIZE:-}" ]; then
	skip "memory: not measured under the sanitizers"
	skip "memory: not measured under the sanitizers"
	skip "memory: not measured under the sanitizers"
else
	check "the peak RSS does not grow with the file" \
	    '[ $((big - small)) -lt 2048 ]'
	check "the peak RSS stays under 32 MiB" '[ "$big" -lt 32768 ]'
	check "it runs within a 256 MiB address space" \
	    '(ulimit -v 262144; $CEPDIR -q annotate --place cp --date date -p employed big.csv | cksum) | grep -q "$(cksum <big.out)"'
fi
echo "1..$n"
