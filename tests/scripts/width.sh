#!/bin/sh
# The table fits the terminal, in English and in French: under COLUMNS=60,
# 80 and 120, no line of a few wide answers is wider than COLUMNS (counted
# in characters, not bytes), and every code, id and date of the answer is
# there whole (only text is shortened). Environment: CEPDIR (the binary).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/tests/lib/tap.sh"
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
unset CEPDIR_DB LANGUAGE
work_dir width

fr=$(locale -a 2>/dev/null | grep -ix 'fr_FR\.utf-\{0,1\}8' | head -n 1)
locales="C.UTF-8 $fr"
if [ -z "$fr" ] && [ "${CEPDIR_STRICT:-}" = 1 ]; then
	not_ok "the fr_FR.UTF-8 locale is needed: make deps generates it"
elif [ -z "$fr" ]; then
	ok "the tables in French # SKIP the fr_FR.UTF-8 locale is missing"
fi

# widest FILE: the most characters on a line (UTF-8 continuation bytes
# do not count; every character of the data is one column wide)
widest() {
	LC_ALL=C sed 's/[\x80-\xbf]//g' "$1" |
	    LC_ALL=C awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }'
}

# whole TSV TABLE: every code, id and date of the rows (TSV) is a word of
# the table as often as in the rows; what is missing on stdout
whole() {
	awk -F '\t' 'NR == 1 {
		for (i = 1; i <= NF; i++)
			if ($i ~ /^(insee|department|region|operator|id|code|valid_from|valid_to|date)$/)
				keep[i] = 1
		next
	}
	{ for (i in keep) if ($i != "") print $i }' "$1" | sort | uniq -c |
	while read -r count value; do
		got=$(grep -o -w -F -- "$value" "$2" | wc -l)
		[ "$got" -ge "$count" ] || echo "$value: $got of $count"
	done
}

# answer NAME ARGS...: the answer as a table at each width and language
answer() {
	name=$1
	shift
	"$CEPDIR" -f tsv "$@" >rows.tsv 2>/dev/null
	for locale in $locales; do
		for width in 60 80 120; do
			COLUMNS=$width LC_ALL=$locale "$CEPDIR" -f table "$@" \
			    >table 2>/dev/null
			w=$(widest table)
			check "$name [$locale] fits $width columns (widest: $w)" \
			    '[ -s table ] && [ "$w" -le "$width" ]'
			whole rows.tsv table >missing
			check "$name [$locale] at $width: codes, ids and dates whole" \
			    '[ ! -s missing ]'
			sed 's/^/#   /' missing
		done
	done
}

answer "where 35000" --on 2026-01-15 where 35000
answer "where nantes in 2018" --on 2018-06-01 where nantes
answer "on 2019-06-01" on 2019-06-01
answer "operators" --on 2022-06-01 operators
answer "regions --all" regions --all
answer "check" check --from 2023-01-01 --to 2024-12-31
echo "1..$n"
