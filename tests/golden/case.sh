# One golden case run (sourced by run.sh and bless.sh, not run).
#   case_run DIR LOCALE   runs DIR/cmd in a fresh copy of DIR under LOCALE:
#                         its stdout, stderr and status in $work/out,
#                         $work/err and $status ($work: a scratch directory)
#   case_want DIR LOCALE FILE
#                         the expected FILE (stdout, stderr) of DIR under
#                         LOCALE: FILE.fr in French when the case has one
#                         (its table, page or messages are French), else
#                         FILE, the same bytes in every language
#   french_locale         the name of the French UTF-8 locale, or nothing
case_run() {
	rm -rf "$work/case"
	cp -R "$1" "$work/case"
	(cd "$work/case" && unset COLUMNS LANGUAGE LANG LC_MESSAGES &&
	    LC_ALL=$2 TZ=UTC CEPDIR_DB= SOURCE_DATE_EPOCH=1780000000 \
	    CEPDIR="${VG:+$VG }$CEPDIR" sh ./cmd >"$work/out" 2>"$work/err")
	status=$?
}

case_want() {
	case $2 in
	fr*) [ -f "$1/$3.fr" ] && { echo "$1/$3.fr"; return; } ;;
	esac
	echo "$1/$3"
}

french_locale() {
	locale -a 2>/dev/null | grep -ix 'fr_FR\.utf-\{0,1\}8' | head -n 1
}
