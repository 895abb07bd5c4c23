#!/bin/sh
# Writes the expected files of golden cases from what the binary does
# now: sh tests/golden/bless.sh CASE_DIR... (CEPDIR: the binary, default
# ./cepdir). The English run gives stdout, stderr and status (absent when
# empty or 0); the French run gives stdout.fr and stderr.fr when they
# differ from the English, and removes them when they do not. Read what
# it wrote: a golden file is a claim about the program, not a record of
# it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/case.sh"
CEPDIR=$(cd "$(dirname "${CEPDIR:-./cepdir}")" && pwd)/$(basename "${CEPDIR:-./cepdir}")
FIXTURES=$(cd "$here/../fixtures" && pwd)
VG=""
export CEPDIR FIXTURES VG
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fr=$(french_locale)
[ -n "$fr" ] || { echo "bless.sh: the fr_FR.UTF-8 locale is missing" >&2; exit 1; }

# keep SRC DEST: DEST is SRC, or absent when SRC is empty
keep() {
	if [ -s "$1" ]; then cp "$1" "$2"; else rm -f "$2"; fi
}

for dir in "$@"; do
	dir=$(cd "$dir" && pwd)
	[ -f "$dir/cmd" ] || { echo "bless.sh: $dir has no cmd" >&2; exit 1; }
	case_run "$dir" C
	keep "$work/out" "$dir/stdout"
	keep "$work/err" "$dir/stderr"
	if [ "$status" -eq 0 ]; then rm -f "$dir/status"; else echo "$status" >"$dir/status"; fi
	mv "$work/out" "$work/out.en"
	mv "$work/err" "$work/err.en"
	case_run "$dir" "$fr"
	for f in out err; do
		name=stdout
		[ $f = err ] && name=stderr
		if cmp -s "$work/$f" "$work/$f.en"; then
			rm -f "$dir/$name.fr"
		else
			cp "$work/$f" "$dir/$name.fr"
		fi
	done
	echo "$dir"
done
