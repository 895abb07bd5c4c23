# TAP lines for the script suites (sourced, not run): ok DESC, not_ok DESC,
# and check DESC SHELL-EXPRESSION, which says ok when the expression holds.
n=0

ok() {
	n=$((n + 1))
	echo "ok $n - $*"
}

not_ok() {
	n=$((n + 1))
	echo "not ok $n - $*"
}

check() {
	if eval "$2"; then ok "$1"; else not_ok "$1"; fi
}

# work_dir NAME: cd into a fresh directory, removed when the script exits
# together with the background jobs whose pids the script adds to $pids.
pids=""
work_dir() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/cepdir-$1.XXXXXX") || exit 1
	trap 'for p in $pids; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
	trap 'exit 1' HUP INT PIPE TERM
	cd "$tmp" || exit 1
}

# need TOOL WHY [TARGET]: TOOL must be on PATH. Without it the suite is
# skipped whole, or fails when CEPDIR_STRICT=1 (make check-all, CI): make
# deps (or make TARGET) installs every tool the tests use, so in CI a
# missing one is a defect.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "${CEPDIR_STRICT:-}" = 1 ]; then
		echo "not ok 1 - $1 is needed ($2): make ${3:-deps-test} installs it"
		echo "1..1"
		exit 1
	fi
	echo "1..0 # SKIP $1 is not installed ($2)"
	exit 0
}
