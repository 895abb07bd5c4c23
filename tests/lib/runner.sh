# The verdict of TAP suites (sourced, not run). A suite passes only when
# it exits 0, prints a plan (1..N, first or last) and runs all N tests,
# none of them "not ok": whatever "ok" lines it printed first, a crash, an
# abort (a sanitizer), a non-zero exit (valgrind's 99) or a short plan is a
# failure that names the suite and says what happened.
#
#   runner_start            once, before the suites
#   run_suite NAME CMD...   runs one suite; its failing lines go to stdout
#   suite_verdict NAME STATUS FILE
#                           the verdict of output already in FILE
#   runner_end              prints "N passed, N failed, N skipped" and
#                           returns 0 when nothing failed and something passed

runner_start() {
	runner_passed=0 runner_failed=0 runner_skipped=0
	runner_out=$(mktemp "${TMPDIR:-/tmp}/cepdir-suite.XXXXXX") || exit 1
}

# The name of signal number $1, or "signal $1".
signal_name() {
	s=$(kill -l "$1" 2>/dev/null) && [ -n "$s" ] && echo "SIG${s#SIG}" ||
	    echo "signal $1"
}

run_suite() {
	name=$1
	shift
	"$@" >"$runner_out" 2>&1
	suite_verdict "$name" $? "$runner_out"
}

# What awk reads off a suite's output: passed failed skipped ran planned
# (planned is -1 without a plan), then the lines to show.
tap_counts() {
	awk '
	/^ok([ \t]|$)/ {
		ran++
		if (tolower($0) ~ /#[ \t]*skip/) skipped++; else passed++
		next
	}
	/^not ok([ \t]|$)/ { ran++; failed++; show = show $0 "\n"; next }
	/^1\.\.[0-9]+/ {
		# "1..0 # SKIP why": a suite skipped whole counts as one
		if (/^1\.\.0([^0-9]|$)/ && tolower($0) ~ /#[ \t]*skip/) skipped++
		sub(/^1\.\./, ""); sub(/[^0-9].*/, "")
		if (planned >= 0) twice = 1
		planned = $0 + 0
		next
	}
	/^#/ { if (failed > 0 || /^# suite/) show = show $0 "\n"; next }
	END {
		if (twice) planned = -2
		printf "%d %d %d %d %d\n%s", passed, failed, skipped, ran, planned, show
	}' planned=-1 "$1"
}

suite_verdict() {
	name=$1 status=$2 file=$3
	echo "# suite: $name"
	counts=$(tap_counts "$file")
	set -- $(echo "$counts" | head -n 1)
	p=$1 f=$2 s=$3 ran=$4 planned=$5
	echo "$counts" | tail -n +2 | grep -v '^$'
	runner_passed=$((runner_passed + p))
	runner_failed=$((runner_failed + f))
	runner_skipped=$((runner_skipped + s))
	why=""
	if [ "$status" -gt 128 ]; then
		why="killed by $(signal_name $((status - 128)))"
	elif [ "$status" -ne 0 ] && ! { [ "$status" -eq 1 ] && [ "$f" -gt 0 ]; }; then
		why="exit status $status"
	fi
	if [ "$planned" -eq -1 ]; then
		why="${why:+$why; }no plan (stopped after $ran test$([ "$ran" -eq 1 ] || echo s))"
	elif [ "$planned" -eq -2 ]; then
		why="${why:+$why; }more than one plan"
	elif [ "$planned" -ne "$ran" ]; then
		why="${why:+$why; }planned $planned, ran $ran"
	fi
	if [ -n "$why" ]; then
		runner_failed=$((runner_failed + 1))
		echo "not ok - suite $name: $why"
		# the end of what it printed: where it stopped
		tail -n 5 "$file" | sed 's/^/#   /'
	fi
}

runner_end() {
	rm -f "$runner_out"
	echo "$runner_passed passed, $runner_failed failed, $runner_skipped skipped"
	[ "$runner_failed" -eq 0 ] && [ "$runner_passed" -gt 0 ]
}
