#!/bin/sh
# Installs what cepdir needs, when it is missing (Debian and derivatives;
# root, or sudo).
#   deps.sh        building and using: a compiler, SQLite, libcsv, GNU
#                  gettext (msgfmt builds the French catalogue) and the
#                  fr_FR.UTF-8 locale, generated when missing
#   deps.sh test   what only the tests need: valgrind, clang (the fuzzer),
#                  mandoc (the manual's lint), xmllint, strace, the sqlite3
#                  shell (the benchmark's peer), and Chromium with its font
#                  and zlib for the pages' screenshots: hundreds of
#                  megabytes that a quick build does not need
set -eu
case "${1:-}" in
"")
	need="make gcc pkg-config libsqlite3-dev libcsv-dev gettext locales" ;;
test)
	# util-linux and bsdutils: flock(1) and script(1), for the script
	# tests; libxml2-utils: xmllint, which checks the pages and pictures
	need="valgrind clang libclang-rt-14-dev mandoc sqlite3 strace util-linux bsdutils libxml2-utils chromium fonts-dejavu-core zlib1g-dev" ;;
*)
	echo "usage: deps.sh [test]" >&2
	exit 64 ;;
esac
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	$sudo apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing \
	    >/dev/null
else
	echo "deps: every package is installed"
fi
[ -n "${1:-}" ] && exit 0
# French messages need the French locale: generated once, the Debian way
# (locale-gen reads /etc/locale.gen), unless the system has it already.
if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\{0,1\}8'; then
	echo "deps: generating the fr_FR.UTF-8 locale"
	if grep -q '^# *fr_FR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		$sudo sed -i 's/^# *\(fr_FR.UTF-8 UTF-8\)/\1/' /etc/locale.gen
	elif ! grep -q '^fr_FR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
		echo "fr_FR.UTF-8 UTF-8" | $sudo tee -a /etc/locale.gen >/dev/null
	fi
	$sudo locale-gen >/dev/null
fi
