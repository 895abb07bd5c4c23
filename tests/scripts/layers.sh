#!/bin/sh
# The library's files depend on one another without a cycle: each file's
# undefined symbols (nm) are matched to the file that defines them, and
# the graph is sorted (tsort reports a cycle). The importer's core and the
# lookups' shared helpers must stay below what uses them. Also: no file of
# src/ is longer than 800 lines.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${BUILD:?}"
. "$root/tests/lib/tap.sh"
work_dir layers

lib_src=$(printf 'print:\n\t@echo $(LIB_SRC)\n' |
    make -s --no-print-directory -C "$root" -f Makefile -f - print)
check "the Makefile lists the library's sources" '[ -n "$lib_src" ]'

missing=""
for s in $lib_src; do
	o="$BUILD/$(basename "$s" .c).o"
	if [ ! -f "$o" ]; then
		missing="$missing $o"
		continue
	fi
	nm "$o" | awk -v f="$(basename "$s" .c)" \
	    '$2 ~ /^[TDRB]$/ { print "def", $3, f } $1 == "U" { print "use", $2, f }'
done >syms
check "every library object is built" '[ -z "$missing" ]'

# file -> file edges, for tsort (a file that uses nothing of the others
# is an edge to itself, which tsort takes as a lone node)
awk '$1 == "def" { def[$2] = $3 } $1 == "use" { use[NR] = $2 " " $3 }
END {
	for (i in use) {
		split(use[i], u, " ")
		if ((u[1] in def) && def[u[1]] != u[2])
			print u[2], def[u[1]]
	}
}' syms | sort -u >edges
awk '{ print $3, $3 }' syms | sort -u >>edges
tsort edges >order 2>tsort.err
check "no cycle among the library's files" '[ ! -s tsort.err ]'
sed 's/^/#   /' tsort.err | head -10

# below: a file the other does not reach
reaches() {
	awk -v from="$1" -v to="$2" '{ e[$1] = e[$1] " " $2 }
	END {
		stack[1] = from; n = 1; seen[from] = 1
		while (n > 0) {
			cur = stack[n--]
			if (cur == to) { found = 1; break }
			k = split(e[cur], next_, " ")
			for (i = 1; i <= k; i++)
				if (!(next_[i] in seen)) {
					seen[next_[i]] = 1; stack[++n] = next_[i]
				}
		}
		exit found ? 0 : 1
	}' edges
}
check "the importer's core uses none of the import's other files" \
    '! reaches importer import-rows && ! reaches importer import-check &&
     ! reaches importer import-coverage && ! reaches importer store'
check "the checks of every row report through the core, not the loader" \
    '! reaches import-check import-rows && ! reaches import-coverage import-rows'
check "the lookups' shared helpers use no lookup" \
    '! reaches lookup query-region && ! reaches lookup walk'

long=$(wc -l "$root"/src/*.c "$root"/src/*.h | awk '$2 != "total" && $1 > 800')
check "no source file is longer than 800 lines" '[ -z "$long" ]'
[ -n "$long" ] && echo "$long" | sed 's/^/#   /'
echo "1..$n"
