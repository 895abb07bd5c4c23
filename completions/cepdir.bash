# bash completion for cepdir(1)
#
# Commands, global and command options, formats, publics (English and
# French), table names, and region names read from the database the command
# line will use (--db given earlier on the line, else $CEPDIR_DB, else the
# built-in data). Install as /usr/share/bash-completion/completions/cepdir,
# or source it from ~/.bashrc.

_cepdir_commands="region where operator on history timeline changes regions departments operators annotate import export check help"
_cepdir_global_opts="--db --format --on --public --no-header --excel --columns --quiet --help --version -d -f -p -c -q -h -V"
_cepdir_formats="table csv tsv json ndjson html"
_cepdir_publics="jobseekers executives youth disabled employed demandeurs cadres jeunes handicap salaries"
_cepdir_tables="regions departments communes operators coverage"

# The options of one command, besides the global ones.
_cepdir_command_opts()
{
	case $1 in
	import) echo "--table --delimiter --encoding --dry-run --append" ;;
	export) echo "--output -o" ;;
	check) echo "--from --to" ;;
	regions | departments | operators | operator) echo "--all" ;;
	where) echo "--gaps" ;;
	annotate) echo "--place --date --public-column" ;;
	esac
}

# Sets COMPREPLY to the words of $1 that start with $2.
_cepdir_words()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# Region names (and codes) from the database, one per line. $1 is the --db
# value given on the line, if any; cepdir itself falls back to $CEPDIR_DB and
# then to the built-in data.
_cepdir_region_list()
{
	local prog=$1 db=$2
	if [[ -n $db ]]; then
		"$prog" --db "$db" regions --all -f tsv --no-header 2>/dev/null
	else
		"$prog" regions --all -f tsv --no-header 2>/dev/null
	fi | cut -f1,2
}

# Region names that start with $3 (case ignored), quoted for the shell; codes
# when $3 starts with a digit.
_cepdir_regions()
{
	local prog=$1 db=$2 cur=$3 quote="" code name lcur line
	local -a out=()
	case $cur in
	\"* | \'*)
		quote=${cur:0:1}
		cur=${cur:1}
		;;
	esac
	lcur=${cur,,}
	while IFS=$'\t' read -r code name; do
		if [[ $cur == [0-9]* ]]; then
			[[ $code == "$cur"* ]] && out+=("$code")
			continue
		fi
		[[ -n $name && ${name,,} == "$lcur"* ]] || continue
		if [[ -n $quote ]]; then
			out+=("$quote$name")
		else
			printf -v line '%q' "$name"
			out+=("$line")
		fi
	done < <(_cepdir_region_list "$prog" "$db")
	COMPREPLY=()
	[[ ${#out[@]} -gt 0 ]] || return 0
	# one entry per name: a region may have several rows
	mapfile -t COMPREPLY < <(printf '%s\n' "${out[@]}" | sort -u)
}

_cepdir()
{
	local cur prev words cword
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
	cur=${words[cword]}
	prev=""
	[[ $cword -gt 0 ]] && prev=${words[cword - 1]}

	# --opt=value: bash splits it into "--opt" "=" "value"
	if [[ $cur == "=" && $prev == --* ]]; then
		cur=""
	elif [[ $prev == "=" && $cword -gt 1 ]]; then
		prev=${words[cword - 2]}
	else
		case $cur in
		--*=*)
			prev=${cur%%=*}
			cur=${cur#*=}
			;;
		esac
	fi

	# Walk the line before the cursor: the program, --db, the command.
	local prog=${words[0]} db="" cmd="" i w nargs=0
	prog=${prog/#\~/$HOME}
	if [[ $prog != */* ]] || [[ ! -x $prog ]]; then
		prog=$(type -P "${prog##*/}" 2>/dev/null)
		[[ -n $prog ]] || prog=cepdir
	fi
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		-d | --db | -f | --format | --on | -p | --public | --table | \
		    --delimiter | --encoding | -o | --output | --from | --to)
			if [[ ${words[i + 1]} == "=" ]]; then
				((i++))
			fi
			[[ $w == -d || $w == --db ]] && db=${words[i + 1]}
			((i++))
			continue
			;;
		--db=*) db=${w#--db=} ;;
		-d?*) db=${w#-d} ;;
		--) ;;
		-*) ;;
		*)
			if [[ -z $cmd ]]; then
				cmd=$w
			else
				((nargs++))
			fi
			;;
		esac
	done
	db=${db/#\~/$HOME}

	# The value of an option.
	case $prev in
	-f | --format)
		_cepdir_words "$_cepdir_formats" "$cur"
		return 0
		;;
	-p | --public)
		_cepdir_words "$_cepdir_publics" "$cur"
		return 0
		;;
	--table)
		_cepdir_words "$_cepdir_tables" "$cur"
		return 0
		;;
	--on | --from | --to)
		_cepdir_words "today" "$cur"
		return 0
		;;
	--delimiter)
		# a bare ; would end the command: offer it escaped
		local d
		COMPREPLY=()
		for d in ',' '\;' tab; do
			[[ $d == "$cur"* ]] && COMPREPLY+=("$d")
		done
		return 0
		;;
	--encoding)
		_cepdir_words "UTF-8 WINDOWS-1252 ISO-8859-1 ISO-8859-15" "$cur"
		return 0
		;;
	-d | --db)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return 0
		;;
	-o | --output)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return 0
		;;
	esac

	# An option.
	if [[ $cur == -* ]]; then
		local opts="$_cepdir_global_opts" o long=""
		[[ -n $cmd ]] && opts="$opts $(_cepdir_command_opts "$cmd")"
		if [[ $cur == --* ]]; then
			for o in $opts; do
				[[ $o == --* ]] && long="$long $o"
			done
			opts=$long
		fi
		_cepdir_words "$opts" "$cur"
		return 0
	fi

	# The command.
	if [[ -z $cmd ]]; then
		_cepdir_words "$_cepdir_commands" "$cur"
		return 0
	fi

	# The command's arguments.
	case $cmd in
	region | history | timeline)
		[[ $nargs -eq 0 ]] && _cepdir_regions "$prog" "$db" "$cur"
		;;
	export)
		_cepdir_words "$_cepdir_tables" "$cur"
		;;
	help)
		[[ $nargs -eq 0 ]] && _cepdir_words "$_cepdir_commands" "$cur"
		;;
	on)
		[[ $nargs -eq 0 ]] && _cepdir_words "today" "$cur"
		;;
	changes)
		[[ $nargs -lt 2 ]] && _cepdir_words "today" "$cur"
		;;
	annotate)
		[[ $nargs -eq 0 ]] && compopt -o filenames 2>/dev/null &&
		    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	import)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur"
		    compgen -f -X '!*.[cC][sS][vV]' -- "$cur")
		;;
	esac
	return 0
}

complete -F _cepdir cepdir
