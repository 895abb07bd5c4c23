#!/bin/sh
# On a terminal, an import that runs past CEPDIR_PROGRESS_DELAY seconds
# (1 by default) shows its progress on stderr: rows and rows/s while rows
# stream in, then each later stage. Nothing when stderr is not a
# terminal or with -q. The delay is set here, so that no test depends on
# how fast the machine is.
set -u
: "${CEPDIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

cd "$work" || exit 1
mkdir in small
printf 'code,name,kind\n53,Bretagne,metro\n' >in/regions.csv
cp in/regions.csv small/
# 70,000 rows: the row count is reported every 65,536 rows.
awk 'BEGIN {
	print "id,name,kind" >"in/operators.csv"
	print "operator,region,public,valid_from,valid_to" >"in/coverage.csv"
	for (o = 1; o <= 1400; o++) {
		printf "op-%d,Operator %d,regional\n", o, o >"in/operators.csv"
		for (y = 1900; y < 1950; y++)
			printf "op-%d,53,employed,%d-01-01,%d-12-31\n", o, y, y >"in/coverage.csv"
	}
}'
need script "to give cepdir a terminal"

# on_tty OUT ARGS...: cepdir ARGS on a terminal given by script(1); OUT
# gets what the terminal got, carriage returns made newlines.
on_tty() {
	out=$1
	shift
	script -qc "$CEPDIR $*" /dev/null >"$out.raw" 2>&1
	tr '\r' '\n' <"$out.raw" >"$out"
}
esc=$(printf '\033')

CEPDIR_PROGRESS_DELAY=0 on_tty tty.out --db tty.db import in
check "on a terminal: rows and rows/s while rows stream in" \
    'grep -q "^${esc}\[Kcepdir: 65536 rows ([0-9]* rows/s)$" tty.out'
stages=$(sed -n "s/^${esc}\[Kcepdir: \(.*\) (71401 rows read)$/\1/p" tty.out |
    tr '\n' '|')
check "on a terminal: each later stage, in order, with the rows read" \
    '[ "$stages" = "building indexes|checking overlaps and references|checking coverage|writing to disk|" ]'
check "on a terminal: the progress line is cleared before the counts" \
    'grep -q "^${esc}\[Kregions: 1 row$" tty.out'
check "on a terminal: then the counts" \
    'grep -q "^coverage: 70000 rows" tty.out'

# A warning (here: a Windows-1252 file) on a line of its own, not glued
# to the progress line.
mkdir w1252
cp in/regions.csv w1252/
awk 'BEGIN {
	print "id,name,kind"
	printf "op-0,Op\351ration,regional\n"
	for (o = 1; o < 70000; o++)
		printf "op-%d,Operator %d,regional\n", o, o
}' >w1252/operators.csv
CEPDIR_PROGRESS_DELAY=0 on_tty warn.out --db warn.db import w1252
check "on a terminal: a warning starts its own line" \
    'grep -Eq "^(${esc}\[K)?w1252/operators.csv: warning: not UTF-8" warn.out'

CEPDIR_PROGRESS_DELAY=0 on_tty keep.out --db tty.db import small
check "an import that keeps tables: the copy is a stage" \
    'grep -q "^${esc}\[Kcepdir: copying the database.s rows (1 row read)$" keep.out'

CEPDIR_PROGRESS_DELAY=0 on_tty dry.out --db tty.db import --dry-run small
check "--dry-run: nothing written, so no 'writing to disk'" \
    'grep -q "checking coverage" dry.out && ! grep -q "writing to disk" dry.out'

CEPDIR_PROGRESS_DELAY=1000 on_tty late.out --db late.db import in
check "an import shorter than the delay: no progress" \
    '! grep -q "cepdir:" late.out && grep -q "^coverage: 70000 rows" late.out'

# Not a number: the default second, which a one-row import never reaches.
CEPDIR_PROGRESS_DELAY=soon on_tty bad.out --db bad.db import small
check "CEPDIR_PROGRESS_DELAY not a number: one second" \
    '! grep -q "cepdir:" bad.out && grep -q "^regions: 1 row" bad.out'
CEPDIR_PROGRESS_DELAY=-1 on_tty neg.out --db neg.db import small
check "CEPDIR_PROGRESS_DELAY negative: one second" \
    '! grep -q "cepdir:" neg.out && grep -q "^regions: 1 row" neg.out'

CEPDIR_PROGRESS_DELAY=0 on_tty q.out -q --db q.db import in
check "-q on a terminal: no progress, no counts" '! grep -q "rows" q.out'

CEPDIR_PROGRESS_DELAY=0 $CEPDIR --db pipe.db import in 2>pipe.err
check "stderr not a terminal: no progress" '! grep -q "cepdir:" pipe.err'
check "stderr not a terminal: the counts only" \
    '[ "$(cat pipe.err)" = "$(printf "regions: 1 row\noperators: 1400 rows\ncoverage: 70000 rows")" ]'
# annotate: the rows annotated so far, every 65,536 rows, cleared before
# the count of the rows without an operator; nothing when not a terminal.
awk 'BEGIN { print "id,cp"; for (i = 1; i <= 70000; i++) print i ",00000" }' \
    >people.csv
CEPDIR_PROGRESS_DELAY=0 on_tty annot.out annotate --place cp -p employed \
    people.csv ">/dev/null"
check "annotate on a terminal: the rows annotated and rows/s" \
    'grep -q "^${esc}\[Kcepdir: 65536 rows annotated ([0-9]* rows/s)$" annot.out'
check "annotate on a terminal: the line cleared before the count" \
    'grep -q "^${esc}\[Kcepdir: 70000 rows of 70000 have no operator" annot.out'
CEPDIR_PROGRESS_DELAY=0 $CEPDIR annotate --place cp -p employed people.csv \
    >/dev/null 2>annot.err
check "annotate, stderr not a terminal: the count alone" \
    '[ "$(cat annot.err)" = "cepdir: 70000 rows of 70000 have no operator (cep_note says why)" ]'
echo "1..$n"
