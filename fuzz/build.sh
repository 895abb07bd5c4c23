#!/bin/sh
# Builds the fuzz targets from the library sources (not through the
# Makefile), into OUTDIR:
#   sh fuzz/build.sh fuzz OUTDIR     libFuzzer binaries (clang; -fsanitize=
#                                    fuzzer,address,undefined)
#   sh fuzz/build.sh replay OUTDIR   the same targets with fuzz/driver.c as
#                                    main (ASan + UBSan, clang or gcc): they
#                                    run the files named as arguments
# Objects are rebuilt only when a source or header is newer, or the flags
# changed. Environment: FUZZ_CC (the compiler), FUZZ_CFLAGS (more flags,
# e.g. -fno-sanitize=nonnull-attribute to fuzz past a known bug).
set -eu
mode=${1:?usage: build.sh fuzz|replay OUTDIR}
out=${2:?usage: build.sh fuzz|replay OUTDIR}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The library and front-end sources, as the Makefile lists them.
make_var() {
	# shellcheck disable=SC2016
	printf 'fuzz-print-var:\n\t@echo $(%s)\n' "$1" |
	    make -s --no-print-directory -f Makefile -f - fuzz-print-var \
	    2>/dev/null
}
LIB_SRC="$(make_var LIB_SRC) src/builtin-none.c"
CLI_SRC=$(make_var CLI_SRC)
MAKE_LIBS=$(make_var LIBS)
case $LIB_SRC in
src/*) ;;
*)
	echo "fuzz/build.sh: cannot read LIB_SRC from the Makefile" >&2
	exit 1
	;;
esac
TARGETS="import date names cli"

pick_cc() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 && { echo "$c"; return; }
	done
	echo "fuzz/build.sh: no compiler among: $*" >&2
	exit 1
}

SQLITE_CFLAGS=$(pkg-config --cflags sqlite3 2>/dev/null || true)
SQLITE_LIBS=$(pkg-config --libs sqlite3 2>/dev/null || echo -lsqlite3)
BASE="-std=c11 -D_DEFAULT_SOURCE -O1 -g -fno-omit-frame-pointer
	-Iinclude -Isrc $SQLITE_CFLAGS -DLOCALEDIR=\"/usr/local/share/locale\"
	-DBUILD_LOCALEDIR=\"build/locale\""
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
case $mode in
fuzz)
	CC=${FUZZ_CC:-$(pick_cc clang clang-14)}
	OBJ_SAN="$SAN -fsanitize=fuzzer-no-link"
	LINK_SAN="$SAN -fsanitize=fuzzer"
	DRIVER=""
	;;
replay)
	CC=${FUZZ_CC:-$(pick_cc clang clang-14 gcc cc)}
	OBJ_SAN=$SAN
	LINK_SAN=$SAN
	DRIVER=fuzz/driver.c
	;;
*)
	echo "usage: build.sh fuzz|replay OUTDIR" >&2
	exit 2
	;;
esac
# Warnings of the project's code are shown, not fatal (another compiler
# than the Makefile's); those of fuzz/ are fatal.
WARN="-Wall -Wextra ${FUZZ_CFLAGS:-}"
LIBS=${MAKE_LIBS:-"$SQLITE_LIBS -lcsv -pthread"}

mkdir -p "$out/obj"
stamp="$out/obj/flags"
flags="$CC $BASE $OBJ_SAN $WARN"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$flags" ]; then
	rm -f "$out"/obj/*.o
	echo "$flags" >"$stamp"
fi

headers="include/cepdir.h $(echo src/*.h)"

# newer A B: A was modified after B (test -nt is not POSIX)
newer() {
	[ -n "$(find "$1" -prune -newer "$2")" ]
}

# compile SRC OBJ EXTRA-FLAGS...
compile() {
	src=$1 obj=$2
	shift 2
	if [ -f "$obj" ] && newer "$obj" "$src" && newer "$obj" "$stamp"; then
		stale=""
		for h in $headers; do
			newer "$h" "$obj" && stale=1
		done
		[ -z "$stale" ] && return 0
	fi
	echo "  CC $src"
	# shellcheck disable=SC2086
	$CC $BASE $OBJ_SAN $WARN "$@" -c -o "$obj" "$src"
}

lib_obj=""
for s in $LIB_SRC; do
	o="$out/obj/$(basename "$s" .c).o"
	compile "$s" "$o"
	lib_obj="$lib_obj $o"
done
# The front end, with main renamed and the two ways to write a file
# replaced by fuzz-cli.c's guards.
cli_obj=""
for s in $CLI_SRC; do
	o="$out/obj/cli-$(basename "$s" .c).o"
	case $s in
	src/cmd-import.c) extra="-Dimport_run=fuzz_import_run" ;;
	src/cmd-export.c) extra="-Dmkstemp=fuzz_mkstemp" ;;
	*) extra="" ;;
	esac
	# shellcheck disable=SC2086
	compile "$s" "$o" -Dmain=cepdir_main $extra
	cli_obj="$cli_obj $o"
done
if [ -n "$DRIVER" ]; then
	compile "$DRIVER" "$out/obj/driver.o" -Werror
	DRIVER="$out/obj/driver.o"
fi

for t in $TARGETS; do
	compile "fuzz/fuzz-$t.c" "$out/obj/fuzz-$t.o" -Werror
	objs="$out/obj/fuzz-$t.o $lib_obj"
	[ "$t" = cli ] && objs="$objs $cli_obj"
	bin="$out/fuzz-$t"
	newest=""
	for o in $objs $DRIVER; do
		[ -f "$bin" ] && newer "$o" "$bin" && newest=1
	done
	[ -f "$bin" ] && [ -z "$newest" ] && continue
	echo "  LD $bin"
	# shellcheck disable=SC2086
	$CC $LINK_SAN -o "$bin" $objs $DRIVER $LIBS
done
