#!/bin/sh
# bash completion (completions/cepdir.bash): sources it in bash, fills
# COMP_WORDS as bash would for a command line, calls _cepdir and checks
# COMPREPLY. Environment: CEPDIR (the binary, used as the command word so
# region names come from it).
if [ -z "${BASH_VERSION:-}" ]; then
	if ! command -v bash >/dev/null 2>&1; then
		echo "not ok 1 - bash completion (bash is not installed)"
		exit 1
	fi
	exec bash "$0" "$@"
fi
set -u
here=$(cd "$(dirname "$0")" && pwd)
comp=$here/../../completions/cepdir.bash
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
unset CEPDIR_DB

. "$(dirname "$0")/../lib/tap.sh"

# shellcheck source=../../completions/cepdir.bash
if ! source "$comp" 2>"$tmp/err"; then
	not_ok "completions/cepdir.bash sources cleanly"
	sed 's/^/#   /' "$tmp/err"
	echo "1..$n"
	exit 1
fi
if [ -s "$tmp/err" ]; then
	not_ok "completions/cepdir.bash sources cleanly"
	sed 's/^/#   /' "$tmp/err"
else
	ok "completions/cepdir.bash sources cleanly"
fi
if complete -p cepdir 2>/dev/null | grep -q -- '-F _cepdir'; then
	ok "complete -F _cepdir cepdir is registered"
else
	not_ok "complete -F _cepdir cepdir is registered"
fi

# expect DESCRIPTION WANTED WORD...: completes the command line whose words
# are WORD... with the cursor at the end of the last one (the program word
# is $CEPDIR). WANTED lists the expected replies, one per line, any order.
expect() {
	local desc=$1 want=$2 got wanted
	shift 2
	COMP_WORDS=("$CEPDIR" "$@")
	COMP_CWORD=$#
	COMP_LINE="${COMP_WORDS[*]}"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_cepdir 2>"$tmp/err"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | LC_ALL=C sort)
	wanted=$(printf '%s\n' "$want" | sed '/^$/d' | LC_ALL=C sort)
	if [ "$got" = "$wanted" ] && [ ! -s "$tmp/err" ]; then
		ok "$desc"
		return
	fi
	not_ok "$desc"
	diff <(printf '%s\n' "$wanted" | sed '/^$/d') \
	    <(printf '%s\n' "$got" | sed '/^$/d') |
	    sed -n 's/^< /#   missing: /p; s/^> /#   unexpected: /p'
	sed 's/^/#   stderr: /' "$tmp/err"
}

nl='
'
# what the program says it has, so that a command or a global option
# added without its completion fails here
commands=$($CEPDIR help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
tables="regions${nl}departments${nl}communes${nl}operators${nl}coverage"
publics="jobseekers${nl}executives${nl}youth${nl}disabled${nl}employed${nl}demandeurs${nl}cadres${nl}jeunes${nl}handicap${nl}salaries"
long_globals=$($CEPDIR help | sed -n '/^Global options/,$s/^  .*\(--[a-z-]*\).*/\1/p')

# ---- commands and options ----
expect "every command at the command position" "$commands" ""
expect "commands by prefix" "region${nl}regions" re
expect "the command after global options and their values" \
    "operator${nl}operators" -q --on 2020-01-01 -f csv op
expect "global long options by prefix" "--format" --f
expect "before the command, no command option" "" --al
expect "long options of region: the global ones only" "$long_globals" \
    region 53 --
expect "long options of import: its own and the global ones" \
    "$long_globals${nl}--table${nl}--delimiter${nl}--encoding${nl}--dry-run${nl}--append" \
    import --
expect "--all for regions" "--all" regions --a
expect "--all for operators" "--all" operators --a
expect "--from and --to for check" "--from${nl}--format" check --f
expect "-o and --output for export" "--output" export --ou
expect "help COMMAND completes commands" "changes${nl}check" help ch
expect "--all for departments and operator" "--all" departments --a
expect "--gaps for where" "--gaps" where --g
expect "annotate's options" "--place${nl}--public${nl}--public-column" \
    annotate --p
expect "the commands include annotate and departments" \
    "annotate" ann

# ---- option values ----
expect "formats after -f" "table${nl}csv${nl}tsv${nl}json${nl}ndjson${nl}html" -f ""
expect "formats after --format= (bash splits at =)" "json" --format = j
expect "formats in --format=j as one word" "json" region --format=j
expect "publics, English and French, after --public" "$publics" \
    region 53 --public ""
expect "French publics by prefix after -p" "salaries" -p sal
expect "tables after --table" "communes${nl}coverage" import --table co
expect "tables as export arguments" "$tables" export ""
expect "more tables after a first one" "communes${nl}coverage" \
    export regions co
expect "delimiters, ; escaped" ",${nl}\\;${nl}tab" import --delimiter ""
expect "today for on" "today" on t

# ---- region names from the database ----
expect "region names by prefix, any case" "Bretagne" region bre
expect "former regions too (regions --all)" "Nord-Pas-de-Calais" region nord
expect "history completes region names" "Normandie" history norm
expect "timeline completes region names" "Normandie" timeline norm
expect "a name with spaces comes back escaped" 'Pays\ de\ la\ Loire' \
    region pays
expect "codes when the word starts with a digit" "52${nl}53${nl}54" region 5
expect "only the first argument of region" "" region bretagne ""

printf 'code,name,kind\n01,Testland,metro\n02,Autre Terre,drom\n' \
    >"$tmp/regions.csv"
if $CEPDIR -q --db "$tmp/t.db" import "$tmp/regions.csv" 2>"$tmp/err"; then
	expect "region names from --db given earlier on the line" \
	    "Testland${nl}Autre\\ Terre" --db "$tmp/t.db" region ""
	expect "region names from --db=FILE (bash splits at =)" "Testland" \
	    --db = "$tmp/t.db" history t
	expect "region names from -d after the command" "Autre\\ Terre" \
	    region -d "$tmp/t.db" a
	CEPDIR_DB=$tmp/t.db
	export CEPDIR_DB
	expect "region names from \$CEPDIR_DB" "Testland" region te
	unset CEPDIR_DB
else
	not_ok "a test database for --db (import failed)"
	sed 's/^/#   /' "$tmp/err"
fi

# ---- files for import ----
mkdir "$tmp/files" "$tmp/files/sub"
: >"$tmp/files/a.csv"
: >"$tmp/files/B.CSV"
: >"$tmp/files/notes.txt"
cd "$tmp/files" || exit 1
expect "import: .csv files and directories" "a.csv${nl}B.CSV${nl}sub" import ""
cd "$here" || exit 1

echo "1..$n"
