#!/bin/sh
# An import removes the temp files that dead imports left beside the
# database (.cepdir-import-XXXXXX, older than a minute, ours, unlocked),
# and nothing else: not a file a live import holds locked (as every import
# holds its own), not a fresh one, not one elsewhere, not other names, not a
# symlink nor its target, not a directory or FIFO, not another user's file.
# A dry run removes nothing; an import that fails on its data has cleaned
# all the same (the cleaning comes first). Whatever it finds, the import
# succeeds, writes the new data, and prints what it always did.
# Environment: CEPDIR (the binary). Prints TAP.
set -u
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
unset CEPDIR_DB

. "$(dirname "$0")/../lib/tap.sh"
work_dir stale

need flock "to hold an import's lock from the shell"

# Two small datasets, A and B, that differ in their coverage; a bad one
# (a month 13: exit 65); a big one that keeps an import busy a while.
mkdir A B bad big d other elsewhere tmpdir
printf 'code,name,kind\n53,Bretagne,metro\n' >A/regions.csv
printf 'id,name,kind\nop-1,Operator 1,regional\n' >A/operators.csv
cp A/regions.csv A/operators.csv B/
cp A/regions.csv A/operators.csv bad/
cp A/regions.csv big/
printf 'operator,region,public,valid_from,valid_to\n' >A/coverage.csv
cp A/coverage.csv B/coverage.csv
cp A/coverage.csv bad/coverage.csv
printf 'op-1,53,employed,2020-01-01,2020-12-31\n' >>A/coverage.csv
printf 'op-1,53,youth,2021-01-01,2021-12-31\n' >>B/coverage.csv
printf 'op-1,53,youth,2021-13-01,2021-12-31\n' >>bad/coverage.csv
awk 'BEGIN {
	print "id,name,kind" >"big/operators.csv"
	print "operator,region,public,valid_from,valid_to" >"big/coverage.csv"
	for (o = 1; o <= 5000; o++) {
		printf "op-%d,Operator %d,regional\n", o, o >"big/operators.csv"
		for (y = 1900; y < 2000; y++)
			printf "op-%d,53,employed,%d-01-01,%d-12-31\n", o, y, y >"big/coverage.csv"
	}
}'

sum() { "$CEPDIR" --db "$1" export coverage 2>/dev/null | cksum; }
"$CEPDIR" -q --db ref-a.db import A && "$CEPDIR" -q --db ref-b.db import B ||
    { echo "Bail out! the reference stores cannot be made"; exit 1; }
sum_a=$(sum ref-a.db)
sum_b=$(sum ref-b.db)
"$CEPDIR" --db ref-b.db import B 2>expected.err	# A's counts are the same
mk_old() { : >"$1" && touch -d '10 minutes ago' "$1"; }
next=B
# into DB: import the other dataset into DB; rc and err say how it went
into() {
	next=$([ "$next" = A ] && echo B || echo A)
	"$CEPDIR" --db "$1" import "$next" 2>err
	rc=$?
}
# holds_next DB: the import succeeded, printed the usual, wrote its data
holds_next() {
	want=$sum_a
	[ "$next" = B ] && want=$sum_b
	[ "$rc" -eq 0 ] && [ "$(sum "$1")" = "$want" ] &&
	    [ "$(cat err)" = "$(cat expected.err)" ]
}

"$CEPDIR" -q --db d/t.db import A || { echo "Bail out! no store"; exit 1; }

mk_old d/.cepdir-import-abcdef
into d/t.db
check "an old unlocked .cepdir-import-abcdef beside the database is removed" \
    '[ ! -e d/.cepdir-import-abcdef ]'
check "the import beside it succeeds, prints the usual, writes the new data" \
    'holds_next d/t.db'

# (t.db holds A: this one imports B, and the next one A)
cd d
mk_old .cepdir-import-Q9z0Xy
"$CEPDIR" -q --db t.db import ../B
rc=$?
cd ..
next=B
check "a database named without a directory: its directory, ., is cleaned" \
    '[ ! -e d/.cepdir-import-Q9z0Xy ] && [ "$rc" -eq 0 ] &&
    [ "$(sum d/t.db)" = "$sum_b" ]'

# A file another process holds locked: kept, and removed once it is free.
mk_old d/.cepdir-import-locked
flock d/.cepdir-import-locked sh -c 'echo $$ >holder.pid; exec sleep 30' &
pids="$pids $!"
i=0
while [ ! -s holder.pid ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
pids="$pids $(cat holder.pid)"
into d/t.db
check "an old temp file held locked by another process is kept" \
    '[ -e d/.cepdir-import-locked ]'
check "the import beside it succeeds and writes the new data" 'holds_next d/t.db'
for p in $pids; do kill "$p" 2>/dev/null; done
wait 2>/dev/null
pids=""
into d/t.db
check "once the process holding it has died, the import after removes it" \
    '[ ! -e d/.cepdir-import-locked ] && holds_next d/t.db'

: >d/.cepdir-import-fresh0
touch -d '50 seconds ago' d/.cepdir-import-fresh1
touch -d '70 seconds ago' d/.cepdir-import-ageing
into d/t.db
check "a fresh unlocked temp file (just made) is kept" \
    '[ -e d/.cepdir-import-fresh0 ]'
check "an unlocked temp file 50 seconds old is kept" \
    '[ -e d/.cepdir-import-fresh1 ]'
check "an unlocked temp file 70 seconds old is removed" \
    '[ ! -e d/.cepdir-import-ageing ]'
check "the import beside them succeeds and writes the new data" \
    'holds_next d/t.db'
rm -f d/.cepdir-import-fresh?

for f in other/.cepdir-import-abcdef d/.cepdir-import-abc \
    d/.cepdir-import-abcdefg d/x.cepdir-import-abcdef \
    d/.cepdir-import-abcdef.db d/cepdir-import-abcdef; do
	mk_old "$f"
done
mkdir d/.cepdir-import-adirec
mkfifo d/.cepdir-import-fifo01
touch -d '10 minutes ago' d/.cepdir-import-adirec d/.cepdir-import-fifo01
mk_old elsewhere/target
ln -s ../elsewhere/target d/.cepdir-import-zzzzzz
touch -h -d '10 minutes ago' d/.cepdir-import-zzzzzz
into d/t.db
check "an old temp file in another directory is kept" \
    '[ -e other/.cepdir-import-abcdef ]'
check "old files of other names are kept (3 characters, 7, a prefix, a suffix, no dot)" \
    '[ -e d/.cepdir-import-abc ] && [ -e d/.cepdir-import-abcdefg ] &&
    [ -e d/x.cepdir-import-abcdef ] && [ -e d/.cepdir-import-abcdef.db ] &&
    [ -e d/cepdir-import-abcdef ]'
check "an old directory or FIFO of that name is kept" \
    '[ -d d/.cepdir-import-adirec ] && [ -p d/.cepdir-import-fifo01 ]'
check "an old symlink of that name is kept, and its old target" \
    '[ -L d/.cepdir-import-zzzzzz ] && [ -f elsewhere/target ]'
check "the import beside them succeeds and writes the new data" \
    'holds_next d/t.db'
rm -rf d/.cepdir-import-* d/x.cepdir-import-abcdef d/cepdir-import-abcdef

# Another user's file, when we may give one away (as root).
mk_old d/.cepdir-import-nobody
if chown 65534 d/.cepdir-import-nobody 2>/dev/null; then
	into d/t.db
	check "an old temp file of another user is kept" \
	    '[ -e d/.cepdir-import-nobody ] && holds_next d/t.db'
else
	ok "an old temp file of another user is kept # SKIP chown is not allowed"
fi
rm -f d/.cepdir-import-nobody

mk_old d/.cepdir-import-dryrun
before=$(sum d/t.db)
"$CEPDIR" -q --db d/t.db import --dry-run A
rc=$?
check "--dry-run --db: an old temp file beside the database is kept" \
    '[ "$rc" -eq 0 ] && [ -e d/.cepdir-import-dryrun ] &&
    [ "$(sum d/t.db)" = "$before" ]'
rm -f d/.cepdir-import-dryrun
mk_old tmpdir/.cepdir-import-dryrun
TMPDIR=$tmp/tmpdir "$CEPDIR" -q import --dry-run A
rc=$?
check "--dry-run without a database: \$TMPDIR is not cleaned" \
    '[ "$rc" -eq 0 ] && [ -e tmpdir/.cepdir-import-dryrun ] &&
    [ "$(ls -A tmpdir | wc -l)" -eq 1 ]'

# The cleaning comes before the data is read: an import that fails on its
# data has cleaned all the same, and leaves the database as it was.
mk_old d/.cepdir-import-failed
"$CEPDIR" -q --db d/t.db import bad 2>/dev/null
rc=$?
check "an import that fails on its data (exit $rc) has removed an old temp file" \
    '[ "$rc" -eq 65 ] && [ ! -e d/.cepdir-import-failed ]'
check "and it leaves the database as it was" '[ "$(sum d/t.db)" = "$before" ]'

# A live import holds the lock on its own temp file, from start to end: a
# long one (over a minute) is safe from the imports beside it.
mkdir live
"$CEPDIR" -q --db live/big.db import big 2>big.err &
bigpid=$!
pids="$pids $bigpid"
busy=""
i=0
while [ -z "$busy" ] && [ "$i" -lt 200 ]; do
	busy=$(ls -A live | grep '^\.cepdir-import-' | head -1)
	[ -n "$busy" ] || sleep 0.02
	i=$((i + 1))
done
# (empty if the file has gone: a failed redirection runs nothing)
held=$({ flock -n 9 && echo free || echo held; } 9<"live/$busy" 2>/dev/null)
check "a running import holds the lock on its temp file ($busy: ${held:-gone})" \
    '[ "$held" = held ]'
# made to look old, as if the import had run for ten minutes
touch -d '10 minutes ago' "live/$busy" 2>/dev/null
"$CEPDIR" -q --db live/small.db import A
rc=$?
running=$(kill -0 "$bigpid" 2>/dev/null && echo running || echo ended)
check "an import beside it succeeds (exit $rc; the first $running)" \
    '[ "$rc" -eq 0 ] && [ "$(sum live/small.db)" = "$sum_a" ]'
wait "$bigpid"
rc=$?
pids=""
check "the running import ends well all the same (exit $rc), leaving no temp file" \
    '[ "$rc" -eq 0 ] && [ -z "$(ls -A live | grep "^\.cepdir-import-")" ]'
check "and its database holds the 500,000 rows" \
    '[ "$("$CEPDIR" --db live/big.db export coverage 2>/dev/null | wc -l)" -eq 500001 ]'
echo "1..$n"
