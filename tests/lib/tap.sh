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
