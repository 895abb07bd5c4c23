#!/bin/sh
# An import killed with SIGKILL at any moment leaves the previous database
# intact: a 1,000,000-row import is started again and again and killed
# early, during the load and late (indexes, checks, sync, rename); after
# each kill the database passes SQLite's integrity check and exports exactly
# the data it held before, or, killed after the rename, the new data whole:
# never a mix. The temp files the kills leave behind do not
# stop the next import, and a final uninterrupted import replaces the data;
# once they are a minute old, the import after removes them.
# Environment: CEPDIR (the binary). Prints TAP.
set -u
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
KILLS=${SIGKILL_KILLS:-22}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cepdir-sigkill.XXXXXX") || exit 1
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM
. "$(dirname "$0")/../lib/tap.sh"
cd "$tmp" || exit 1
check() {	# check DESCRIPTION COMMAND...: ok when the command succeeds
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Regions and operators shared by both datasets; the small dataset holds
# 900 rows of coverage, the big one 1,000,000 (yearly mandates from 1900,
# 100 operators x 18 regions x 5 publics a year).
mkdir small big
awk 'BEGIN {
	n = split("01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94", r, " ")
	print "code,name,kind"
	for (i = 1; i <= n; i++)
		printf "%s,Region %s,%s\n", r[i], r[i], r[i] + 0 < 10 ? "drom" : "metro"
}' >small/regions.csv
awk 'BEGIN {
	print "id,name,kind"
	for (i = 1; i <= 100; i++)
		printf "op-%d,Operator %d,regional\n", i, i
}' >small/operators.csv
cp small/regions.csv small/operators.csv big/
gen_coverage() {	# gen_coverage ROWS SOURCE
	awk -v N="$1" -v S="$2" 'BEGIN {
		split("01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94", r, " ")
		split("jobseekers executives youth disabled employed", p, " ")
		print "operator,region,public,valid_from,valid_to,source"
		n = 0
		for (y = 1900; n < N; y++)
			for (o = 1; o <= 100 && n < N; o++)
				for (i = 1; i <= 18 && n < N; i++)
					for (k = 1; k <= 5 && n < N; k++) {
						printf "op-%d,%s,%s,%d-01-01,%d-12-31,%s\n", o, r[i], p[k], y, y, S
						n++
					}
	}'
}
gen_coverage 900 small >small/coverage.csv
gen_coverage 1000000 big >big/coverage.csv

need sqlite3 "for the integrity check"
integrity() { [ -s "$1" ] && [ "$(sqlite3 -readonly "$1" 'PRAGMA integrity_check' 2>&1)" = ok ]; }
data_sum() { "$CEPDIR" --db "$1" export coverage 2>/dev/null | cksum; }
strays() { ls -A | grep -c '^\.cepdir-import-'; }

# The data before, and the data a complete import of big/ gives (built once
# in another database, which also times an import to spread the kills).
check "a first small dataset imports" "$CEPDIR" -q --db t.db import small
old=$(data_sum t.db)
t0=$(now_ms)
"$CEPDIR" -q --db full.db import big
rc=$?
est=$(($(now_ms) - t0))
check "the 1,000,000-row dataset imports uninterrupted (exit $rc, ${est} ms)" \
    [ "$rc" -eq 0 ]
new=$(data_sum full.db)
rm -f full.db
[ "$est" -ge 200 ] || est=200

# Kill i of KILLS lands in slot i of the import's expected duration, at a
# random point of that slot: the first ones before a row is read, the last
# ones while indexes are built, periods checked, the file synced, renamed.
# An import that outruns its kill shows the estimate was long (a loaded
# machine when it was measured): it shrinks, and further kills go where
# kills are still missing.
early=0 mid=0 late=0 kills=0 finished=0 i=0
while { [ "$i" -lt "$KILLS" ] || [ "$kills" -lt 20 ] || [ "$early" -lt 2 ] ||
    [ "$mid" -lt 2 ] || [ "$late" -lt 2 ]; } && [ "$i" -lt 45 ]; do
	i=$((i + 1))
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	if [ "$i" -eq 1 ]; then
		delay=0
	elif [ "$i" -le "$KILLS" ]; then
		delay=$(( (i - 1) * est / KILLS + r % (est / KILLS + 1) ))
	elif [ "$late" -lt 2 ]; then
		delay=$(( est * 80 / 100 + r % (est * 15 / 100 + 1) ))
	elif [ "$early" -lt 2 ]; then
		delay=$(( r % (est * 10 / 100 + 1) ))
	else
		delay=$(( est * 20 / 100 + r % (est * 50 / 100 + 1) ))
	fi
	ls -A | grep '^\.cepdir-import-' >before
	"$CEPDIR" -q --db t.db import big 2>err &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
	kill -KILL "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	st=$?
	if [ "$st" -ne 137 ]; then
		# it ran to the end before the kill: a plain successful import
		finished=$((finished + 1))
		echo "# kill $i at ${delay} ms: the import had already ended (exit $st)"
		check "import $i that outran its kill succeeded and holds the new data" \
		    [ "$st" -eq 0 -a "$(data_sum t.db)" = "$new" ]
		"$CEPDIR" -q --db t.db import small || echo "# could not restore the small dataset"
		est=$((delay * 90 / 100))
		[ "$est" -ge 200 ] || est=200
		continue
	fi
	kills=$((kills + 1))
	pct=$((delay * 100 / est))
	if [ "$pct" -lt 15 ]; then early=$((early + 1))
	elif [ "$pct" -lt 75 ]; then mid=$((mid + 1))
	else late=$((late + 1))
	fi
	# the temp file this import left, if it got as far as making one
	left=$(ls -A | grep '^\.cepdir-import-' | grep -vxF -f before)
	size=$([ -n "$left" ] && wc -c <"$left" | tr -d ' ')
	if integrity t.db; then
		ok "kill $i at ${delay} ms (${pct}% of an import): integrity_check ok"
	else
		not_ok "kill $i at ${delay} ms (${pct}% of an import): integrity_check ok"
		sqlite3 -readonly t.db 'PRAGMA integrity_check' 2>&1 | head -5 | sed 's/^/#   /'
	fi
	sum=$(data_sum t.db)
	if [ "$sum" = "$old" ]; then
		ok "kill $i: the export is exactly the data before the import"
	elif [ "$sum" = "$new" ]; then
		# killed between the rename and the exit: the import was
		# complete. (Not judged by the time of the kill: under the
		# sanitizers and a loaded machine the estimate of an import's
		# length is too rough to say when the rename came.)
		ok "kill $i: the export is exactly the new data (killed after the rename)"
		"$CEPDIR" -q --db t.db import small || echo "# could not restore the small dataset"
	else
		not_ok "kill $i: the export is exactly the data before the import"
	fi
	[ -s err ] && sed 's/^/#   stderr: /' err
	echo "#   its temp file: ${size:-none} ${size:+bytes}; $(strays) temp files in all"
	# keep the newest few temp files (they must not disturb the next
	# import), drop the rest to bound the disk used
	ls -t .cepdir-import-* 2>/dev/null | sed 1,3d | while read -r f; do
		rm -f "$f"
	done
done

check "at least 20 imports were killed ($kills killed, $finished outran the kill)" \
    [ "$kills" -ge 20 ]
check "kills landed early ($early), during the load ($mid) and late ($late)" \
    [ "$early" -ge 2 -a "$mid" -ge 2 -a "$late" -ge 2 ]
echo "# $(strays) temp files from killed imports lie beside the database"

# A final import, with the leftovers of killed ones still there.
"$CEPDIR" -q --db t.db import big 2>err
rc=$?
check "a final uninterrupted import succeeds beside the leftover temp files (exit $rc)" \
    [ "$rc" -eq 0 ]
[ -s err ] && sed 's/^/#   stderr: /' err
check "after it the database passes integrity_check" integrity t.db
check "after it the export is the new data, 1,000,000 rows" \
    [ "$(data_sum t.db)" = "$new" -a \
    "$("$CEPDIR" --db t.db export coverage | wc -l | tr -d ' ')" -eq 1000001 ]
check "the new data differs from the old" [ "$new" != "$old" ]

# The leftovers are younger than a minute: a killed import might still be
# between its mkstemp and its lock, so the final import kept them. Aged,
# they go with the next import.
left=$(strays)
ls -A | grep '^\.cepdir-import-' | while read -r f; do
	touch -d '10 minutes ago' "$f"
done
"$CEPDIR" -q --db t.db import small 2>err
rc=$?
check "an import once the leftovers are old succeeds (exit $rc)" [ "$rc" -eq 0 ]
[ -s err ] && sed 's/^/#   stderr: /' err
check "it has removed the temp files of the killed imports ($left before, $(strays) after)" \
    [ "$left" -gt 0 -a "$(strays)" -eq 0 ]
check "after it the database passes integrity_check" integrity t.db
check "after it the export is the data it imported" [ "$(data_sum t.db)" = "$old" ]
echo "1..$n"
