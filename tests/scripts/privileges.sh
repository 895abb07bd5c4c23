#!/bin/sh
# Least privilege and hardening: lookups open the database read-only (a
# file of mode 444, a read-only directory, the open(2) flags seen by
# strace), the binary carries the hardening of the release build (PIE, full
# RELRO, stack protector, FORTIFY_SOURCE, no executable stack), a closed
# pipe ends the program quietly and a full disk on stdout is exit 74.
# Environment: CEPDIR (the binary); SANITIZE=1 skips the hardening checks
# (the sanitizer build is not hardened). Prints TAP.
set -u
: "${CEPDIR:?CEPDIR must name the cepdir binary}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cepdir-priv.XXXXXX") || exit 1
mounted=""
immutable=""
cleanup() {
	[ -n "$mounted" ] && umount "$mounted" 2>/dev/null
	[ -n "$immutable" ] && chattr -i "$immutable" 2>/dev/null
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT PIPE TERM
. "$(dirname "$0")/../lib/tap.sh"
cd "$tmp" || exit 1
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
check() {
	d=$1; shift
	if "$@"; then ok "$d"; else not_ok "$d"; fi
}

# A small store, and the answer a lookup gives on it when it is writable.
mkdir data
cat >data/regions.csv <<'EOF'
code,name,kind
52,Pays de la Loire,metro
53,Bretagne,metro
EOF
cat >data/operators.csv <<'EOF'
id,name,kind,website
apec,Apec,national,https://apec.fr
op-a,Opérateur A,regional,
EOF
cat >data/coverage.csv <<'EOF'
operator,region,public,valid_from,valid_to,source
apec,*,executives,2015-01-01,,
op-a,53,employed,2020-01-01,2023-12-31,
EOF
"$CEPDIR" -q --db t.db import data || { echo "Bail out! the test store cannot be made"; exit 1; }
lookup() { "$CEPDIR" -q --db "$1" region 53 --on 2020-06-01 -f csv; }
lookup t.db >want 2>&1
check "a lookup on the writable store answers" [ "$(wc -l <want)" -eq 3 ]

# ---- read-only database ----
cp t.db ro.db
chmod 444 ro.db
lookup ro.db >got 2>&1
check "a lookup on a database of mode 444 answers (exit $?)" cmp -s want got
check "the mode-444 database is left as it was" cmp -s t.db ro.db

# A read-only directory: a read-only bind mount, else an immutable one.
mkdir rodir
cp t.db rodir/t.db
how=""
if mount --bind rodir rodir 2>/dev/null; then
	mounted=$tmp/rodir
	if mount -o remount,ro,bind rodir 2>/dev/null; then
		how="a read-only bind mount"
	else
		umount rodir; mounted=""
	fi
fi
if [ -z "$how" ] && command -v chattr >/dev/null 2>&1 &&
    chattr +i rodir 2>/dev/null; then
	immutable=$tmp/rodir
	how="an immutable directory (chattr +i)"
fi
if [ -n "$how" ] && ! touch rodir/probe 2>/dev/null; then
	lookup rodir/t.db >got 2>&1
	check "a lookup on a database in $how answers" cmp -s want got
	"$CEPDIR" -q --db rodir/t.db on 2020-06-01 -f csv >/dev/null 2>got
	check "on, check and export there work too, with nothing on stderr" \
	    sh -c '[ ! -s got ] &&
	    "$1" --db rodir/t.db check --to 2021-01-01 -f csv >/dev/null 2>got;
	    [ $? -le 1 ] && [ ! -s got ] &&
	    "$1" --db rodir/t.db export coverage >/dev/null 2>got && [ ! -s got ]' \
	    sh "$CEPDIR"
else
	rm -f rodir/probe
	skip "a lookup on a database in a read-only directory" \
	    "neither a read-only bind mount nor chattr +i is possible here"
	skip "on, check and export in a read-only directory" "as above"
fi

# The open(2) flags themselves: every open of the database file, or of any
# file beside it (journal, WAL, shm), by any lookup, is read-only.
if command -v strace >/dev/null 2>&1 &&
    strace -f -o /dev/null true 2>/dev/null; then
	: >trace
	for args in "region 53" "where 35238" "operator apec" "on 2020-06-01" \
	    "history 53" "changes 2015-01-01 2024-12-31" "regions --all" \
	    "operators --all" "check --to 2021-01-01" "export coverage"; do
		# shellcheck disable=SC2086
		strace -f -e trace=open,openat,creat -o trace.1 \
		    "$CEPDIR" --db "$tmp/t.db" $args >/dev/null 2>&1
		cat trace.1 >>trace
	done
	opens=$(grep -c "\"$tmp/t\.db" trace)
	check "strace sees the lookups open the database ($opens opens)" \
	    [ "$opens" -ge 10 ]
	grep "\"$tmp/t\.db" trace | grep -E 'O_RDWR|O_WRONLY|O_CREAT|O_TRUNC|creat\(' >bad
	check "every open of the database or a file beside it is O_RDONLY" \
	    [ ! -s bad ]
	head -5 bad | sed 's/^/#   /'
else
	skip "strace sees the lookups open the database" "strace cannot run here"
	skip "every open of the database is O_RDONLY" "strace cannot run here"
fi
ls -A >after
check "lookups leave no journal, WAL or shm file beside the database" \
    sh -c '! grep -E "^t\.db-" after'

# ---- hardening of the release build ----
if [ "${SANITIZE:-}" = 1 ]; then
	for c in "PIE" "BIND_NOW" "GNU_RELRO" "non-executable stack" \
	    "__stack_chk_fail" "_FORTIFY_SOURCE"; do
		skip "hardening: $c" "sanitizer build"
	done
elif ! command -v readelf >/dev/null 2>&1; then
	skip "hardening checks" "readelf is not installed"
else
	readelf -hW "$CEPDIR" >elf.h 2>&1
	readelf -dW "$CEPDIR" >elf.d 2>&1
	readelf -lW "$CEPDIR" >elf.l 2>&1
	readelf --dyn-syms -W "$CEPDIR" >elf.s 2>&1
	check "hardening: a position-independent executable (ELF type DYN)" \
	    grep -q 'Type: *DYN' elf.h
	check "hardening: immediate binding (BIND_NOW)" \
	    grep -qE '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW' elf.d
	check "hardening: a GNU_RELRO segment (with BIND_NOW: full RELRO)" \
	    grep -q GNU_RELRO elf.l
	check "hardening: a non-executable stack (GNU_STACK RW)" \
	    sh -c 'grep GNU_STACK elf.l | grep -q " RW "'
	check "hardening: stack protector (__stack_chk_fail)" \
	    grep -q '__stack_chk_fail' elf.s
	chk=$(grep -oE '__[a-z_]+_chk\b' elf.s | grep -v stack_chk | sort -u | tr '\n' ' ')
	check "hardening: _FORTIFY_SOURCE (${chk:-no *_chk function})" \
	    [ -n "$chk" ]
fi

# ---- closed pipe, full disk ----
# A store whose `on` answer is far larger than a pipe buffer (9,000 rows).
mkdir big
cp data/regions.csv big/
awk 'BEGIN {
	print "id,name,kind,website"
	for (i = 1; i <= 4500; i++)
		printf "op-%d,Operator number %d with a long name,regional,https://operator-%d.example.org/\n", i, i, i
}' >big/operators.csv
awk 'BEGIN {
	print "operator,region,public,valid_from,valid_to,source"
	for (i = 1; i <= 4500; i++)
		printf "op-%d,52,employed,2024-01-01,2024-12-31,\nop-%d,53,employed,2024-01-01,2024-12-31,\n", i, i
}' >big/coverage.csv
"$CEPDIR" -q --db big.db import big || echo "# the big store cannot be made"

pipe() {	# pipe NAME ARGS...: runs cepdir ARGS | head -1
	name=$1; shift
	{ "$CEPDIR" -q "$@" 2>err; echo $? >status; } | head -n 1 >first
	st=$(cat status)
	# -q: nothing on stderr; killed by SIGPIPE (141) or exit 0, never
	# a write error
	if [ ! -s err ] && { [ "$st" -eq 0 ] || [ "$st" -eq 141 ]; } &&
	    [ -s first ]; then
		ok "$name | head -1 ends quietly (exit $st)"
	else
		not_ok "$name | head -1 ends quietly (exit $st)"
		head -3 err | sed 's/^/#   stderr: /'
	fi
}
pipe "cepdir on 2024-01-01" on 2024-01-01
pipe "cepdir on 2024-01-01 (9,000 rows)" --db big.db on 2024-01-01
pipe "cepdir on 2024-01-01 -f json (9,000 rows)" --db big.db on 2024-01-01 -f json
pipe "cepdir export operators (4,500 rows)" --db big.db export operators
pipe "cepdir operators --all (4,500 rows)" --db big.db operators --all

full() {	# full NAME ARGS...: runs cepdir ARGS >/dev/full
	name=$1; shift
	"$CEPDIR" "$@" >/dev/full 2>err
	st=$?
	if [ "$st" -eq 74 ] && grep -q '^cepdir: ' err; then
		ok "$name >/dev/full exits 74 with a message"
	else
		not_ok "$name >/dev/full exits 74 with a message (exit $st)"
		head -3 err | sed 's/^/#   stderr: /'
	fi
}
if [ -w /dev/full ]; then
	full "cepdir on 2024-01-01" on 2024-01-01
	full "cepdir region 53 (one row)" --db t.db region 53 --on 2020-06-01
	full "cepdir on 2024-01-01 (9,000 rows)" --db big.db on 2024-01-01
	full "cepdir export coverage" --db big.db export coverage
	full "cepdir check" --db t.db check --to 2021-01-01
	full "cepdir help" help
	full "cepdir --version" --version
else
	skip "writes to /dev/full" "no /dev/full here"
fi
echo "1..$n"
