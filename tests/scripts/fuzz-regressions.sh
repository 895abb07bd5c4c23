#!/bin/sh
# Fuzz regressions: every file of fuzz/regressions/TARGET/ (an input that
# once crashed fuzz-TARGET, or broke one of its invariants) and the seed
# corpus fuzz/corpus/TARGET/ are run through the fuzz targets built without
# libFuzzer (fuzz/driver.c as main, ASan + UBSan; `sh fuzz/build.sh
# replay`, into build/fuzz/replay, rebuilt only when a source changed).
# One test per regression file, one per corpus. TAP on stdout.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/fuzz/replay
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS
# the replay binaries are ASan builds: not under valgrind, not with
# LD_PRELOAD of another runtime
unset LD_PRELOAD

. "$(dirname "$0")/../lib/tap.sh"

# The report of a failed run, as TAP comments (its first lines).
show() {
	grep -v '^running ' "$1" | head -40 | sed 's/^/#   /'
}

if ! sh "$root/fuzz/build.sh" replay "$out" >"$tmp/build" 2>&1; then
	not_ok "fuzz targets build for replay (sh fuzz/build.sh replay)"
	show "$tmp/build"
	exit 1
fi
ok "fuzz targets build for replay"

for dir in "$root"/fuzz/regressions/*/; do
	[ -d "$dir" ] || continue
	t=$(basename "$dir")
	bin=$out/fuzz-$t
	for f in "$dir"*; do
		[ -f "$f" ] || continue
		name="fuzz-$t regression $(basename "$f")"
		if [ ! -x "$bin" ]; then
			not_ok "$name (no target fuzz-$t)"
			continue
		fi
		if (cd "$tmp" && "$bin" "$f") >"$tmp/log" 2>&1; then
			ok "$name"
		else
			not_ok "$name"
			show "$tmp/log"
		fi
	done
done

for dir in "$root"/fuzz/corpus/*/; do
	[ -d "$dir" ] || continue
	t=$(basename "$dir")
	bin=$out/fuzz-$t
	name="fuzz-$t seed corpus ($(find "$dir" -type f | wc -l |
	    tr -d ' ') files)"
	if (cd "$tmp" && "$bin" "$dir"*) >"$tmp/log" 2>&1; then
		ok "$name"
	else
		not_ok "$name"
		grep '^running ' "$tmp/log" | tail -1 | sed 's/^/#   /'
		show "$tmp/log"
	fi
done
echo "1..$n"
