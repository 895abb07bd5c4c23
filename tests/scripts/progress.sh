#!/bin/sh
# An import of more than about a second shows its progress (rows and
# rows/s) on stderr when stderr is a terminal, and nothing otherwise;
# -q silences it with the row counts.
set -u
: "${CEPDIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

cd "$work" || exit 1
mkdir in
printf 'code,name,kind\n53,Bretagne,metro\n' >in/regions.csv
awk 'BEGIN {
	print "id,name,kind" >"in/operators.csv"
	print "operator,region,public,valid_from,valid_to" >"in/coverage.csv"
	for (o = 1; o <= 40000; o++) {
		printf "op-%d,Operator %d,regional\n", o, o >"in/operators.csv"
		for (y = 1900; y < 1950; y++)
			printf "op-%d,53,employed,%d-01-01,%d-12-31\n", o, y, y >"in/coverage.csv"
	}
}'
if ! command -v script >/dev/null; then
	echo "ok 1 # SKIP script(1) is not installed"
	exit 0
fi
# script(1) gives cepdir a terminal; its output is what the terminal got.
script -qc "$CEPDIR --db tty.db import in" /dev/null >tty.out 2>&1
check "on a terminal: progress with rows and rows/s" 'grep -q "cepdir: [0-9]* rows ([0-9]* rows/s)" tty.out'
check "on a terminal: the progress line is cleared before the counts" \
    'grep -q "coverage: 2000000 rows" tty.out'
script -qc "$CEPDIR -q --db q.db import in" /dev/null >q.out 2>&1
check "-q on a terminal: no progress, no counts" '! grep -q "rows" q.out'
$CEPDIR --db pipe.db import in 2>pipe.err
check "stderr not a terminal: no progress" '! grep -q "rows/s" pipe.err'
check "stderr not a terminal: the counts only" \
    '[ "$(cat pipe.err)" = "$(printf "regions: 1 row\noperators: 40000 rows\ncoverage: 2000000 rows")" ]'
