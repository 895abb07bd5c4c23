#!/bin/sh
# The test runner itself (tests/run.sh with tests/lib/runner.sh): copied
# into a scratch tree whose suites misbehave one way each, it must fail
# and say which suite did what. A runner that reads only "ok" lines would
# pass them all.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/tap.sh"
work_dir runner

# tree DIR: a scratch copy of the runner, with a golden runner and a
# script suite that pass, and no unit test yet.
tree() {
	mkdir -p "$1/tests/lib" "$1/tests/golden" "$1/tests/scripts" \
	    "$1/build/tests"
	cp "$root/tests/run.sh" "$1/tests/"
	cp "$root/tests/lib/runner.sh" "$root/tests/lib/tap.sh" "$1/tests/lib/"
	printf '#!/bin/sh\necho 1..1\necho "ok 1 - a golden case"\n' \
	    >"$1/tests/golden/run.sh"
	printf '#!/bin/sh\necho "ok 1 - a script test"\necho 1..1\n' \
	    >"$1/tests/scripts/fine.sh"
}

# unit DIR NAME BODY: an executable unit "test" made of shell lines
unit() {
	printf '#!/bin/sh\n%s\n' "$3" >"$1/build/tests/test-$2"
	chmod +x "$1/build/tests/test-$2"
}

# runs DIR: the runner over DIR; its output in DIR.out, its status in $st
runs() {
	CEPDIR=/bin/true BUILD="$1/build" VALGRIND= sh "$1/tests/run.sh" \
	    >"$1.out" 2>&1
	st=$?
}

# fails_with NAME DIR TEXT: the runner failed and its output says TEXT
fails_with() {
	runs "$2"
	if [ "$st" -ne 0 ] && grep -q "$3" "$2.out"; then
		ok "$1"
	else
		not_ok "$1 (status $st)"
		sed 's/^/#   /' "$2.out"
	fi
}

tree good
unit good fine 'echo "ok 1 - one"; echo "ok 2 - two # SKIP not here"; echo 1..2'
runs good
check "a tree whose suites all pass: the runner passes" '[ "$st" -eq 0 ]'
check "it ends with the counts, skips apart" \
    '[ "$(tail -n 1 good.out)" = "4 passed, 0 failed, 1 skipped" ]'

tree segv
unit segv crash 'echo 1..2; echo "ok 1 - first"; kill -SEGV $$'
fails_with "a unit test killed by SIGSEGV after an ok fails the run" segv \
    "suite unit test-crash: killed by SIGSEGV"
check "the count shows the failure" 'tail -n 1 segv.out | grep -q "1 failed"'

tree abrt
unit abrt abort 'echo "ok 1 - first"; kill -ABRT $$'
fails_with "an abort (as a sanitizer's) fails the run" abrt \
    "suite unit test-abort: killed by SIGABRT"

tree short
unit short short 'echo 1..12; for i in 1 2 3 4 5; do echo "ok $i"; done'
fails_with "a suite that stops before its plan fails: planned 12, ran 5" short \
    "suite unit test-short: planned 12, ran 5"

tree noplan
unit noplan noplan 'echo "ok 1 - alone"'
fails_with "a suite with no plan fails" noplan \
    "suite unit test-noplan: no plan (stopped after 1 test)"

tree vg
unit vg valgrind 'echo "ok 1 - fine"; echo 1..1; exit 99'
fails_with "a suite that exits non-zero (valgrind's 99) after a full plan fails" \
    vg "suite unit test-valgrind: exit status 99"

tree script
printf '#!/bin/sh\necho "ok 1 - before"\nexit 3\n' >script/tests/scripts/bad.sh
fails_with "a script suite that exits 3 fails" script \
    "suite bad: exit status 3; no plan"

tree golden
printf '#!/bin/sh\necho 1..4\necho "ok 1 - a"\necho "ok 2 - b"\n' \
    >golden/tests/golden/run.sh
fails_with "a golden runner that dies half-way fails" golden \
    "suite golden 1/2: planned 4, ran 2"

tree notok
unit notok one 'echo "ok 1 - a"; echo "not ok 2 - b"; echo 1..2; exit 1'
runs notok
check "a failed test and its exit 1 count once" \
    'tail -n 1 notok.out | grep -q "^4 passed, 1 failed" && [ "$st" -ne 0 ]'
check "the failed test is shown" 'grep -q "^not ok 2 - b" notok.out'

tree empty
rm empty/tests/scripts/fine.sh
printf '#!/bin/sh\necho 1..0\n' >empty/tests/golden/run.sh
runs empty
check "a run where nothing passed fails" '[ "$st" -ne 0 ]'

tree skipped
printf '#!/bin/sh\necho "1..0 # SKIP no tool"\n' >skipped/tests/scripts/skip.sh
runs skipped
check "a suite skipped whole counts as one skip" \
    '[ "$st" -eq 0 ] && tail -n 1 skipped.out | grep -q ", 1 skipped$"'

# need: a missing tool skips the suite, and fails it under CEPDIR_STRICT
printf '#!/bin/sh\n. "%s"\nneed no-such-tool-here "for a test"\necho "ok 1"\necho 1..1\n' \
    "$root/tests/lib/tap.sh" >need.sh
CEPDIR_STRICT= sh need.sh >need.out 2>&1
check "need: a missing tool skips the suite" \
    'grep -q "^1..0 # SKIP no-such-tool-here" need.out'
CEPDIR_STRICT=1 sh need.sh >need.out 2>&1
check "need: under CEPDIR_STRICT=1 a missing tool fails" \
    'grep -q "^not ok 1 - no-such-tool-here is needed" need.out'
echo "1..$n"
