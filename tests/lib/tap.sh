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
