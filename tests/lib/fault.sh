# What the fault suites share (sourced after tap.sh; its own variables
# are named fault_*, c_* and $l, $why, $rc, $stacks): running
# $BUILD/cepdir-fault with a fault, choosing the points to fail, telling
# what a failed check saw, and spreading the cases over the two cores.
#
#   fault_setup NAME       work directory, the binary, the environment
#   fault_run KIND=N ARG...
#                          runs cepdir-fault ARG... with CEPDIR_FAULT_KIND=N
#                          (ALLOC, OWN, IO or THREAD; N=0 counts only):
#                          stdout in out, stderr in err, status in $rc, and
#                          what it counted in $c_alloc, $c_own, $c_io,
#                          $c_thread and $c_sqlite_live
#   fault_points T K PHASE at most K points of 1..T, evenly spread: 1 and T
#                          always, the others shifted by PHASE (0 to 1) of
#                          a step, so that the cases of one command fail
#                          different points; every point with FAULT_ALL=1
#   fault_err PATTERN...   a line of stderr matches a shell pattern
#   fault_crash            $why: why the last run failed if it crashed,
#                          leaked or a sanitizer spoke; empty otherwise
#   fault_tell DESC ARG... the TAP line of the last run of ARG..., once
#                          the checks have set $why: ok DESC, or not ok
#                          DESC: WHY, then what the run printed, the top of
#                          its stack, and the command line to see it again
#   fault_shards FN        runs FN 0 2 and FN 1 2 at once, each in a directory
#                          of its own; FN K N takes the cases i with
#                          i % N == K. Their TAP, numbered anew; a shard
#                          that stops short fails.

fault_setup() {
	: "${CEPDIR:?CEPDIR must name the cepdir binary}"
	: "${BUILD:?BUILD must name the build directory}"
	unset CEPDIR_DB CEPDIR_FAULT_ALLOC CEPDIR_FAULT_OWN CEPDIR_FAULT_IO \
	    CEPDIR_FAULT_THREAD CEPDIR_FAULT_LOG
	LC_ALL=C TZ=UTC
	export LC_ALL TZ
	# under SANITIZE=1: leaks count, and UBSan shows where
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
	export ASAN_OPTIONS UBSAN_OPTIONS
	FAULT=$BUILD/cepdir-fault
	FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)
	work_dir "$1"
	if [ ! -x "$FAULT" ]; then
		echo "not ok 1 - $FAULT is built (make check builds it)"
		echo "1..1"
		exit 1
	fi
	stacks=0
}

fault_run() {
	fault=CEPDIR_FAULT_$1
	shift
	: >fault.log
	# (export and unset: no env(1) to run, a run is dear enough)
	export "$fault" CEPDIR_FAULT_LOG="$PWD/fault.log"
	"$FAULT" "$@" </dev/null >out 2>err
	rc=$?
	unset "${fault%%=*}" CEPDIR_FAULT_LOG
	c_alloc="" c_own="" c_io="" c_thread="" c_sqlite_live=""
	while read -r fault_key fault_val; do
		case $fault_key in
		alloc|own|io|thread|sqlite_live)
			eval "c_$fault_key=\$fault_val" ;;
		esac
	done <fault.log
}

fault_points() {
	awk -v t="$1" -v k="$2" -v ph="$3" -v all="${FAULT_ALL:-}" 'BEGIN {
		if (all == 1 || t <= k) {
			for (i = 1; i <= t; i++)
				print i
			exit
		}
		step = (t - 1) / (k - 1)
		print 1
		for (i = 1; i < k - 1; i++)
			print 1 + int((i + ph) * step)
		print t
	}'
}

# fault_err PATTERN...: a line of err matches one of the shell patterns
# (no grep: a suite makes thousands of runs, and a fork is dear).
fault_err() {
	[ -s err ] || return 1
	while IFS= read -r l; do
		for fault_pat in "$@"; do
			case $l in
			$fault_pat) return 0 ;;
			esac
		done
	done <err
	return 1
}

fault_signal() {
	fault_sname=$(kill -l "$1" 2>/dev/null) && [ -n "$fault_sname" ] &&
	    echo "SIG${fault_sname#SIG}" || echo "signal $1"
}

fault_crash() {
	why=""
	if [ "$rc" -gt 128 ]; then
		why="killed by $(fault_signal $((rc - 128)))"
	elif fault_err '*Sanitizer*' '*runtime error:*'; then
		why="a sanitizer report (exit $rc)"
	elif [ -z "$c_sqlite_live" ]; then
		why="exit $rc, and it did not reach exit(3)"
	elif [ "$c_sqlite_live" != 0 ]; then
		why="exit $rc, $c_sqlite_live blocks of SQLite's never freed"
	fi
}

# The top of the stack: ASan's own report; else gdb's, where it crashed
# or else where the fault was injected (the harness's frames and the
# libraries' left out), once for each way of failing (the reason, the
# first line of stderr, the command but its format) and at most
# FAULT_STACKS (10) times a shard: each costs half a second.
fault_stack() {
	if grep -q '^ *#[0-9]' err; then
		grep -E '^(==[0-9]+==ERROR| *#[0-5] )' err | head -n 12
		return
	fi
	[ "$stacks" -lt "${FAULT_STACKS:-10}" ] &&
	    command -v gdb >/dev/null 2>&1 || return
	fault_sig="$why: $(head -n 1 err): $(echo "$@" |
	    sed 's/-f [a-z]*//; s/--excel//;')"
	touch stacks.seen
	! grep -Fqx -e "$fault_sig" stacks.seen || return
	echo "$fault_sig" >>stacks.seen
	stacks=$((stacks + 1))
	if [ "$rc" -gt 128 ]; then
		fault_where="where it crashed"
		fault_bp=""
	else
		fault_where="where the fault was injected"
		fault_bp="break fault_injected"
	fi
	export "$fault"
	timeout 60 gdb -q -batch -ex 'set startup-with-shell off' \
	    -ex "$fault_bp" -ex run -ex 'bt 20' --args "$FAULT" "$@" \
	    </dev/null >gdb.out 2>&1
	unset "${fault%%=*}"
	# an import that gdb stopped leaves its temp file: not the next run's
	rm -f .cepdir-import-*
	awk -v where="$fault_where" '
	# the frames of the harness and of the shared libraries: not ours
	/^#[0-9]+ / && !/fault_injected|fault_hit|fails \(|__wrap_|sq_malloc/ &&
	    !/sq_realloc|io_fails| f_[a-z_]+ \(| from \/|in \?\?/ {
		if (++n > 4) exit
		sub(/^#[0-9]+ +(0x[0-9a-f]+ in )?/, "")
		sub(/ \(.*\) at /, " at ")
		print "gdb, " where ": " $0
	}' gdb.out
}

fault_tell() {
	if [ -z "$why" ]; then
		ok "$1"
		return
	fi
	not_ok "$1: $why"
	shift
	# (not in a pipeline: fault_stack counts the stacks it shows)
	{
		# a sanitizer's report: its stack, below, says it all
		if fault_err '*Sanitizer*' '*runtime error:*'; then
			echo "stderr: $l"
		else
			head -n 4 err | sed 's/^/stderr: /'
		fi
		# an answer, but another: where it parts from the right one
		if [ -f ref.out ] &&
		    { [ "$rc" -eq "$ref" ] || [ "$rc" -eq 1 ]; } &&
		    ! fault_err '*Sanitizer*' '*runtime error:*' &&
		    ! cmp -s out ref.out; then
			diff ref.out out | head -n 6 | sed 's/^/stdout: /'
		fi
		fault_stack "$@"
		echo "again: $fault $FAULT $*"
	} >told
	cut -c 1-200 told | sed 's/^/#   /'
}

fault_shards() {
	mkdir -p shard0 shard1
	(cd shard0 && n=0 && "$1" 0 2 && echo "# shard 0: done") \
	    >shard0.tap 2>&1 &
	pids="$pids $!"
	(cd shard1 && n=0 && "$1" 1 2 && echo "# shard 1: done") \
	    >shard1.tap 2>&1
	wait
	pids=""
	# a shard that stopped short is a failure, not fewer tests
	for k in 0 1; do
		grep -q "^# shard $k: done" shard$k.tap ||
		    echo "not ok 1 - shard $k of the cases ran to its end" \
		    >>shard$k.tap
	done
	awk -v n="$n" '
	/^ok / || /^not ok / {
		n++
		sub(/^ok [0-9]+/, "ok " n)
		sub(/^not ok [0-9]+/, "not ok " n)
	}
	{ print }
	END { print n >"shards.n" }' shard0.tap shard1.tap
	n=$(cat shards.n)
}
