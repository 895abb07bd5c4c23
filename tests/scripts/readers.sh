#!/bin/sh
# Readers during imports see the old data or the new, never a mix and never
# an error: one loop imports two large datasets, A and B, in turn into t.db
# for a few seconds while reader loops run `region`, `on` and `check` on
# it. Every answer must be exactly A's or exactly B's (output, stderr and
# exit status), and the readers must have seen both.
# Environment: CEPDIR (the binary); READERS_SECONDS (default 8). Prints TAP.
set -u
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
SECONDS_=${READERS_SECONDS:-8}
NREADERS=3

. "$(dirname "$0")/../lib/tap.sh"
work_dir readers
check() {
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# Two datasets of 300,000 coverage rows each (yearly mandates 1990-2023 of
# 50 regional operators in 18 regions), A's operators named "Alpha N" and
# with a gap in region 53 for the employed in 2020, B's named "Beta N".
gen() {	# gen DIR OPERATOR-NAME
	mkdir "$1"
	awk 'BEGIN {
		n = split("01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94", r, " ")
		print "code,name,kind"
		for (i = 1; i <= n; i++)
			printf "%s,Region %s,%s\n", r[i], r[i], r[i] + 0 < 10 ? "drom" : "metro"
	}' >"$1/regions.csv"
	awk -v NAME="$2" 'BEGIN {
		print "id,name,kind,website"
		for (i = 1; i <= 50; i++)
			printf "op-%d,%s %d,regional,https://%s.example/%d\n", i, NAME, i, NAME, i
	}' >"$1/operators.csv"
	awk -v NAME="$2" 'BEGIN {
		split("01 02 03 04 06 11 24 27 28 32 44 52 53 75 76 84 93 94", r, " ")
		split("jobseekers executives youth disabled employed", p, " ")
		print "operator,region,public,valid_from,valid_to,source"
		n = 0
		for (y = 2023; n < 300000; y--)
			for (o = 1; o <= 50 && n < 300000; o++)
				for (i = 1; i <= 18 && n < 300000; i++)
					for (k = 1; k <= 5 && n < 300000; k++) {
						n++
						if (NAME == "Alpha" && y == 2020 && r[i] == "53" && k == 5)
							continue
						printf "op-%d,%s,%s,%d-01-01,%d-12-31,%s\n", o, r[i], p[k], y, y, NAME
					}
	}' >"$1/coverage.csv"
}
gen A Alpha
gen B Beta

# The queries the readers run, numbered; each answer is kept per dataset.
query() {	# query DB N: runs query N, writes out.N/err.N/st.N files in cwd
	case $2 in
	1) "$CEPDIR" --db "$1" region 53 --on 2020-06-01 -f csv ;;
	2) "$CEPDIR" --db "$1" on 2020-06-01 -f csv ;;
	3) "$CEPDIR" --db "$1" check --from 2020-01-01 --to 2020-12-31 -f csv ;;
	esac
}
NQ=3
for d in A B; do
	"$CEPDIR" -q --db $d.db import $d || { echo "Bail out! dataset $d does not import"; exit 1; }
	q=1
	while [ $q -le $NQ ]; do
		query $d.db $q >want.$d.$q.out 2>want.$d.$q.err
		echo $? >want.$d.$q.st
		q=$((q + 1))
	done
done
q=1
while [ $q -le $NQ ]; do
	check "query $q answers differently on A and B (exit $(cat want.A.$q.st) and $(cat want.B.$q.st))" \
	    sh -c '! cmp -s want.A.'$q'.out want.B.'$q'.out'
	q=$((q + 1))
done
"$CEPDIR" -q --db t.db import A || { echo "Bail out! t.db cannot be made"; exit 1; }

# The writer: B, A, B, A... for the time given, whole pairs at least once.
end=$(($(date +%s) + SECONDS_))
(
	while :; do
		for d in B A; do
			"$CEPDIR" -q --db t.db import $d 2>>writer.err
			echo "$d $?" >>writer.log
		done
		[ "$(date +%s)" -ge "$end" ] && break
	done
	: >writer.done
) &
pids="$pids $!"

# The readers: each query in turn until the writer is done (or two minutes
# past the time, should it hang); every answer logged as A, B or bad.
reader() {
	id=$1
	while [ ! -f writer.done ] && [ "$(date +%s)" -lt $((end + 120)) ]; do
		q=1
		while [ $q -le $NQ ]; do
			query t.db $q >r$id.out 2>r$id.err
			st=$?
			if cmp -s r$id.out want.A.$q.out && cmp -s r$id.err want.A.$q.err &&
			    [ "$st" = "$(cat want.A.$q.st)" ]; then
				echo "$q A" >>r$id.log
			elif cmp -s r$id.out want.B.$q.out && cmp -s r$id.err want.B.$q.err &&
			    [ "$st" = "$(cat want.B.$q.st)" ]; then
				echo "$q B" >>r$id.log
			else
				echo "$q bad" >>r$id.log
				{
					echo "query $q exit $st:"
					head -c 300 r$id.err
					head -n 3 r$id.out
				} >>bad$id.log
			fi
			q=$((q + 1))
		done
	done
}
i=1
while [ $i -le $NREADERS ]; do
	reader $i &
	pids="$pids $!"
	i=$((i + 1))
done
wait
pids=""

cat r*.log >reads.log 2>/dev/null
total=$(wc -l <reads.log | tr -d ' ')
nbad=$(grep -c ' bad$' reads.log)
imports=$(wc -l <writer.log | tr -d ' ')
check "the writer imported A and B $imports times, each exit 0" \
    [ "$imports" -ge 2 -a "$(grep -vc ' 0$' writer.log)" -eq 0 ]
[ -s writer.err ] && head -5 writer.err | sed 's/^/#   writer: /'
check "readers ran $total queries during the imports" [ "$total" -ge 30 ]
q=1
while [ $q -le $NQ ]; do
	a=$(grep -c "^$q A\$" reads.log)
	b=$(grep -c "^$q B\$" reads.log)
	bad=$(grep -c "^$q bad\$" reads.log)
	check "query $q: every answer is exactly A's or B's ($a A, $b B, $bad other)" \
	    [ "$bad" -eq 0 -a $((a + b)) -gt 0 ]
	q=$((q + 1))
done
check "the readers saw both datasets ($(grep -c ' A$' reads.log) A, $(grep -c ' B$' reads.log) B)" \
    [ "$(grep -c ' A$' reads.log)" -gt 0 -a "$(grep -c ' B$' reads.log)" -gt 0 ]
if [ "$nbad" -gt 0 ]; then
	echo "# first wrong answers:"
	cat bad*.log | head -n 20 | sed 's/^/#   /'
fi
echo "1..$n"
