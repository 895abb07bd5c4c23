#!/bin/sh
# The man page and `cepdir help` must describe the same program: mandoc lint
# is clean, the COMMANDS section names exactly the commands of the command
# table, and every option (short letter, long name, argument name, and the
# commands it belongs to) is on both sides. Adding a command or an option to
# one side only makes this test fail.
# The French page man/fr/cepdir.1 is a translation of the English one: it
# is lint-clean too, documents the same commands (each with the same
# options and arguments), the same options (each under the same commands)
# and the same example command lines, all read from both pages; and it
# renders in UTF-8 with its accents.
# Environment: CEPDIR (the binary); MANPAGE and MANPAGE_FR to check other
# pages.
set -u
here=$(cd "$(dirname "$0")" && pwd)
man=${MANPAGE:-$here/../../man/cepdir.1}
fr=${MANPAGE_FR:-$here/../../man/fr/cepdir.1}
: "${CEPDIR:?CEPDIR must name the cepdir binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
unset CEPDIR_DB

. "$(dirname "$0")/../lib/tap.sh"

# same FILE1 FILE2 WHAT [SIDE1 SIDE2]: sorted sets of lines must be equal;
# SIDE1 and SIDE2 name the two sides in the report (help, the man page).
same() {
	sort -u "$1" >"$tmp/a"
	sort -u "$2" >"$tmp/b"
	if cmp -s "$tmp/a" "$tmp/b"; then
		ok "$3"
		return 0
	fi
	not_ok "$3"
	comm -23 "$tmp/a" "$tmp/b" | sed "s|^|#   only in ${4:-help}: |"
	comm -13 "$tmp/a" "$tmp/b" | sed "s|^|#   only in ${5:-the man page}: |"
	return 1
}

# lint PAGE [WHAT]: mandoc -Tlint -W warning prints nothing.
lint() {
	if ! command -v mandoc >/dev/null 2>&1; then
		not_ok "${2:-}mandoc -Tlint -W warning is clean (mandoc is not installed: make deps-test)"
	elif [ ! -f "$1" ]; then
		not_ok "${2:-}mandoc -Tlint -W warning is clean ($1 is missing)"
	else
		mandoc -Tlint -W warning "$1" >"$tmp/lint" 2>&1
		st=$?
		if [ "$st" -eq 0 ] && [ ! -s "$tmp/lint" ]; then
			ok "${2:-}mandoc -Tlint -W warning is clean"
		else
			not_ok "${2:-}mandoc -Tlint -W warning is clean (status $st)"
			sed 's/^/#   /' "$tmp/lint"
		fi
	fi
}

# ---- 1. mandoc lint ----
lint "$man"
[ -f "$man" ] || man=/dev/null

# ---- what the help says ----
# Option lines of a help text, as short|long|ARG, prefixed by the part
# (global or cmd) they are listed under.
help_options() {
	awk '
	/^Options of / { part = "cmd"; next }
	/^Global options/ { part = "global"; next }
	/^$/ { part = ""; next }
	part != "" && /^ +-/ {
		spec = $0
		sub(/^ +/, "", spec)
		i = index(spec, "  ")
		if (i > 0)
			spec = substr(spec, 1, i - 1)
		s = ""; l = ""; a = ""
		if (spec ~ /^-[A-Za-z], /) {
			s = substr(spec, 2, 1)
			spec = substr(spec, 5)
		}
		sp = index(spec, " ")
		if (sp > 0) {
			a = substr(spec, sp + 1)
			spec = substr(spec, 1, sp - 1)
		}
		sub(/^--/, "", spec)
		l = spec
		print part " " s "|" l "|" a
	}'
}

if ! $CEPDIR help >"$tmp/overview" 2>"$tmp/err"; then
	not_ok "cepdir help exits 0"
	sed 's/^/#   /' "$tmp/err"
fi
awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' \
    "$tmp/overview" >"$tmp/help-cmds"
help_options <"$tmp/overview" | sed -n 's/^global //p' >"$tmp/help-global"
: >"$tmp/help-cmdopts"
: >"$tmp/help-optcmds"
for c in $(cat "$tmp/help-cmds"); do
	if ! $CEPDIR help "$c" >"$tmp/help-$c" 2>"$tmp/err"; then
		not_ok "cepdir help $c exits 0"
		sed 's/^/#   /' "$tmp/err"
	fi
	help_options <"$tmp/help-$c" >"$tmp/opts-$c"
	sed -n 's/^global //p' "$tmp/opts-$c" >>"$tmp/help-global"
	sed -n 's/^cmd //p' "$tmp/opts-$c" >>"$tmp/help-cmdopts"
	# the commands each command option belongs to: long|command
	sed -n 's/^cmd [^|]*|\([^|]*\)|.*/\1|'"$c"'/p' "$tmp/opts-$c" \
	    >>"$tmp/help-optcmds"
done

# ---- what the man page says ----
# COMMANDS: the .It Cm lines of the outer list. OPTIONS: the .It Fl lines of
# the outer lists under .Ss Global options and .Ss Command options, and the
# .Pq Cm line that names the commands of a command option.
awk -v dir="$tmp" '
/^\.Sh / { sec = substr($0, 5); ss = ""; depth = 0; next }
/^\.Ss / { ss = substr($0, 5); next }
/^\.Bl/ { depth++; next }
/^\.El/ { depth--; next }
sec == "COMMANDS" && depth == 1 && $1 == ".It" && $2 == "Cm" {
	print $3 >(dir "/man-cmds")
	print $0 >(dir "/man-line-" $3)
	next
}
sec == "OPTIONS" && depth == 1 && $1 == ".It" {
	s = ""; l = ""; a = ""
	for (i = 2; i <= NF; i++) {
		if ($i == "Fl" && i < NF) {
			f = $(i + 1)
			if (f ~ /^-/)
				l = substr(f, 2)
			else
				s = f
			i++
		} else if ($i == "Ar" && i < NF) {
			a = $(i + 1)
			i++
		}
	}
	if (ss == "Global options")
		print s "|" l "|" a >(dir "/man-global")
	else if (ss == "Command options") {
		print s "|" l "|" a >(dir "/man-cmdopts")
		want = l
	} else
		print "outside a known list: " $0 >(dir "/man-stray")
	next
}
sec == "OPTIONS" && want != "" && $1 == ".Pq" {
	for (i = 2; i < NF; i++)
		if ($i == "Cm")
			print want "|" $(i + 1) >(dir "/man-optcmds")
	want = ""
}
' "$man"
for f in man-cmds man-global man-cmdopts man-optcmds man-stray; do
	[ -f "$tmp/$f" ] || : >"$tmp/$f"
done

# ---- 2. commands ----
same "$tmp/help-cmds" "$tmp/man-cmds" \
    "the COMMANDS section names the commands of cepdir help"

# ---- 3. options ----
if [ -s "$tmp/man-stray" ]; then
	not_ok "every option of the OPTIONS section is under Global options or Command options"
	sed 's/^/#   /' "$tmp/man-stray"
else
	ok "every option of the OPTIONS section is under Global options or Command options"
fi
same "$tmp/help-global" "$tmp/man-global" \
    "global options (letter, name, argument) agree between help and the man page"
same "$tmp/help-cmdopts" "$tmp/man-cmdopts" \
    "command options (letter, name, argument) agree between help and the man page"
same "$tmp/help-optcmds" "$tmp/man-optcmds" \
    "each command option belongs to the same commands in help and the man page"

# ---- 4. each command's entry: its options and arguments ----
# From help: the usage line's argument words, and the command's options by
# long name. From the man page: the .It Cm line, where an Ar right after a
# Fl is that option's argument, and a short Fl stands for its long name.
cat "$tmp/help-global" "$tmp/help-cmdopts" | sort -u >"$tmp/pairs"
for c in $(sort -u "$tmp/help-cmds" "$tmp/man-cmds"); do
	if [ ! -f "$tmp/help-$c" ] || [ ! -f "$tmp/man-line-$c" ]; then
		not_ok "$c: the man page entry shows the options and arguments of cepdir help $c (only on one side)"
		continue
	fi
	{
		sed -n 's/^usage: cepdir \[OPTIONS\] [a-z]* *//p' "$tmp/help-$c" |
		    tr -c 'A-Z\n' ' ' | tr ' ' '\n' | sed '/^$/d;s/^/arg /'
		sed -n 's/^cmd [^|]*|\([^|]*\)|.*/opt \1/p' "$tmp/opts-$c"
	} >"$tmp/want-$c"
	awk -v pairs="$tmp/pairs" '
	BEGIN {
		while ((getline line <pairs) > 0) {
			split(line, p, "|")
			if (p[1] != "")
				long[p[1]] = p[2]
		}
	}
	{
		for (i = 4; i <= NF; i++) {
			if ($i == "Fl" && i < NF) {
				f = $(i + 1)
				if (f ~ /^-/)
					f = substr(f, 2)
				else if (f in long)
					f = long[f]
				else
					f = "-" f
				print "opt " f
				i++
				if ($(i + 1) == "Ar")
					i += 2
			} else if ($i == "Ar") {
				# Ar FROM TO: every word up to the next macro
				while (i < NF && $(i + 1) ~ /^([A-Z]+|\.\.\.)$/) {
					i++
					if ($i != "...")
						print "arg " $i
				}
			}
		}
	}' "$tmp/man-line-$c" >"$tmp/got-$c"
	same "$tmp/want-$c" "$tmp/got-$c" \
	    "$c: the man page entry shows the options and arguments of cepdir help $c"
done

# ---- 5. what the man page promises, where the contract leaves it open ----
# The EXAMPLES lookups run (in a scratch directory, on the built-in data)
# and end with 0 or 1, never a usage error.
sed -n '/^\.Sh EXAMPLES/,/^\.Sh /s/^\.Dl \$ cepdir //p' "$man" | grep -v import \
    >"$tmp/examples"
mkdir "$tmp/run"
while IFS= read -r args; do
	(cd "$tmp/run" && eval "$CEPDIR $args" >/dev/null 2>"$tmp/err")
	st=$?
	if [ "$st" -le 1 ]; then
		ok "EXAMPLES: cepdir $args (status $st)"
	else
		not_ok "EXAMPLES: cepdir $args (status $st)"
		sed 's/^/#   /' "$tmp/err"
	fi
done <"$tmp/examples"
[ -s "$tmp/examples" ] || not_ok "EXAMPLES has .Dl cepdir lines"

# OUTPUT: an open date is null in json and ndjson.
for f in json ndjson; do
	if $CEPDIR -f $f -p cadres region 53 2>&1 |
	    grep -q '"valid_to":null'; then
		ok "OUTPUT: an open date is null in $f"
	else
		not_ok "OUTPUT: an open date is null in $f"
		$CEPDIR -f $f -p cadres region 53 2>&1 | sed 's/^/#   /'
	fi
done

# export: CSV with its header whatever --format and --no-header say; the
# spreadsheet form with --excel.
hdr='code,name,kind,valid_from,valid_to,successor,aliases'
for o in "-f json" "-f tsv" "--no-header"; do
	# shellcheck disable=SC2086 # $o is two words
	got=$($CEPDIR $o export regions 2>&1 | head -1)
	if [ "$got" = "$hdr" ]; then
		ok "export: CSV with a header line under $o"
	else
		not_ok "export: CSV with a header line under $o"
		echo "#   got: $got"
	fi
done
printf '\357\273\277%s\r\n' "$(echo "$hdr" | tr , ';')" >"$tmp/want-excel"
$CEPDIR --excel export regions 2>&1 | head -1 >"$tmp/got-excel"
if cmp -s "$tmp/want-excel" "$tmp/got-excel"; then
	ok "export --excel: a byte order mark, ';' and CRLF"
else
	not_ok "export --excel: a byte order mark, ';' and CRLF"
	od -c "$tmp/got-excel" | head -3 | sed 's/^/#   got: /'
fi

# ---- 6. the French page ----
# Everything it is held to is read from both pages, so that a command or an
# option added to one page and not the other fails here.
lint "$fr" "man/fr/cepdir.1: "
[ -f "$fr" ] || fr=/dev/null

# interface PAGE PREFIX CMDSEC: what a translation must keep, into
# PREFIX-cmds (the .It Cm names of the outer list of section CMDSEC),
# PREFIX-entries (those .It Cm lines whole: options and arguments),
# PREFIX-cm (every word a Cm macro names, anywhere), PREFIX-fl (every
# flag an Fl macro names, anywhere), PREFIX-opts (the .It lines of the
# outer lists of OPTIONS, numbered by their subsection, alone and with the
# commands that the .Pq line after them names) and PREFIX-examples (the
# command lines of the examples, .Dl $ or $ in a display, comments aside).
interface() {
	awk -v out="$2" -v cmdsec="$3" '
	BEGIN {
		split("cmds entries cm fl opts examples", f, " ")
		for (i in f)
			printf "" >(out "-" f[i])
	}
	/^\.\\"/ { next }
	/^\.Sh / { sec = substr($0, 5); ss = 0; depth = 0; it = ""; next }
	/^\.Ss / { ss++; next }
	/^\.Bl/ { depth++; next }
	/^\.El/ { depth--; next }
	/^\./ {
		for (i = 1; i < NF; i++) {
			m = $i
			if (i == 1)
				m = substr(m, 2)
			if (m == "Cm")
				print $(i + 1) >(out "-cm")
			else if (m == "Fl" && $(i + 1) !~ /^[A-Z][a-z]$/)
				print $(i + 1) >(out "-fl")
		}
	}
	sec == cmdsec && depth == 1 && $1 == ".It" && $2 == "Cm" {
		print $3 >(out "-cmds")
		print $0 >(out "-entries")
	}
	sec == "OPTIONS" && depth == 1 && $1 == ".It" {
		it = ss " " $0
		print it >(out "-opts")
		next
	}
	sec == "OPTIONS" && it != "" && $1 == ".Pq" && $2 == "Cm" {
		cms = ""
		for (i = 2; i < NF; i++)
			if ($i == "Cm")
				cms = cms " " $(i + 1)
		print it " (" substr(cms, 2) ")" >(out "-opts")
	}
	{ it = "" }
	/^(\.Dl )?\$ / {
		line = $0
		sub(/^\.Dl /, "", line)
		sub(/[ \t]+# .*$/, "", line)
		print line >(out "-examples")
	}
	' "$1"
}
interface "$man" "$tmp/en" COMMANDS
interface "$fr" "$tmp/fr" COMMANDES
if [ -s "$tmp/fr-cmds" ]; then
	ok "man/fr/cepdir.1: its COMMANDES section lists commands"
else
	not_ok "man/fr/cepdir.1: its COMMANDES section lists commands"
fi
same "$tmp/en-cmds" "$tmp/fr-cmds" \
    "man/fr/cepdir.1 documents the commands of man/cepdir.1" \
    "man/cepdir.1" "man/fr/cepdir.1"
same "$tmp/en-entries" "$tmp/fr-entries" \
    "man/fr/cepdir.1: each command entry has the options and arguments of man/cepdir.1" \
    "man/cepdir.1" "man/fr/cepdir.1"
same "$tmp/en-cm" "$tmp/fr-cm" \
    "man/fr/cepdir.1 names (Cm) the commands and words that man/cepdir.1 names" \
    "man/cepdir.1" "man/fr/cepdir.1"
same "$tmp/en-fl" "$tmp/fr-fl" \
    "man/fr/cepdir.1 names (Fl) the options of man/cepdir.1" \
    "man/cepdir.1" "man/fr/cepdir.1"
same "$tmp/en-opts" "$tmp/fr-opts" \
    "man/fr/cepdir.1: OPTIONS lists the options of man/cepdir.1 under the same subsections and commands" \
    "man/cepdir.1" "man/fr/cepdir.1"
same "$tmp/en-examples" "$tmp/fr-examples" \
    "man/fr/cepdir.1 shows the example command lines of man/cepdir.1" \
    "man/cepdir.1" "man/fr/cepdir.1"

# It renders in UTF-8: the output is valid UTF-8, holds each accented
# letter of the text (comments aside) at least as often as the source
# does, and the guillemets the page writes as escapes.
if ! command -v mandoc >/dev/null 2>&1; then
	not_ok "man/fr/cepdir.1 renders in UTF-8 with its accents (mandoc is not installed: make deps-test)"
else
	mandoc -Tutf8 "$fr" >"$tmp/fr.txt" 2>"$tmp/err"
	utf8=$(printf '[\302-\337][\200-\277]\\|[\340-\357][\200-\277][\200-\277]')
	LC_ALL=C grep -v '^\.\\"' "$fr" | LC_ALL=C grep -o "$utf8" |
	    LC_ALL=C sort | LC_ALL=C uniq -c >"$tmp/src-chars"
	LC_ALL=C grep -o "$utf8" "$tmp/fr.txt" | LC_ALL=C sort |
	    LC_ALL=C uniq -c >"$tmp/out-chars"
	bad=$(awk 'NR == FNR { out[$2] = $1; next }
	    out[$2] + 0 < $1 + 0 { print $2 " (" $1 " in the source, " out[$2] + 0 " rendered)" }' \
	    "$tmp/out-chars" "$tmp/src-chars")
	if [ -s "$tmp/err" ]; then
		not_ok "man/fr/cepdir.1 renders in UTF-8 with its accents (mandoc -Tutf8 complains)"
		sed 's/^/#   /' "$tmp/err"
	elif ! iconv -f UTF-8 -t UTF-8 "$tmp/fr.txt" >/dev/null 2>&1; then
		not_ok "man/fr/cepdir.1 renders in UTF-8 with its accents (the output is not UTF-8)"
	elif ! grep -q 'é' "$tmp/src-chars" || [ -n "$bad" ]; then
		not_ok "man/fr/cepdir.1 renders in UTF-8 with its accents"
		grep -q 'é' "$tmp/src-chars" || echo "#   no é in the source"
		printf '%s\n' "$bad" | sed '/^$/d;s/^/#   lost: /'
	elif ! grep -q '«.*»' "$tmp/fr.txt" ||
	    ! grep -q 'évolution professionnelle' "$tmp/fr.txt"; then
		not_ok "man/fr/cepdir.1 renders in UTF-8 with its accents (no « » or no évolution professionnelle)"
	else
		ok "man/fr/cepdir.1 renders in UTF-8 with its accents"
	fi
fi

echo "1..$n"
