#!/bin/sh
# Installs what building and testing cepdir needs, when it is missing
# (Debian and derivatives; root, or sudo). With the argument "pages": the
# browser that renders the html pages and timelines in their tests
# (tests/scripts/pages.sh), apart because it weighs hundreds of megabytes
# that building and the other tests do not need.
set -eu
# util-linux and bsdutils: flock(1) and script(1), for the script tests;
# libxml2-utils: xmllint, which checks the pages and pictures
need="libsqlite3-dev libcsv-dev pkg-config make gcc mandoc valgrind clang libclang-rt-14-dev sqlite3 strace util-linux bsdutils libxml2-utils"
# the font the timeline measures its labels with; zlib for the PNG check
[ "${1:-}" = pages ] && need="chromium fonts-dejavu-core zlib1g-dev"
missing=""
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
[ -z "$missing" ] && { echo "deps: everything is installed"; exit 0; }
echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
