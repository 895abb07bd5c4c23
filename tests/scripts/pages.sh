#!/bin/sh
# Pages and pictures as a browser shows them. Headless Chromium renders
# `region bretagne -f html` and `timeline normandie` on the pages fixture,
# whose Bretagne has an operator named <script>alert(1)</script> & co with
# the website javascript:alert(1): the page's DOM has the table's rows, the
# name as text, no script element and no javascript: link, and neither
# screenshot is blank (more than one colour: tests/lib/png-colours.c).
# xmllint checks that every page and picture is well-formed XML and that
# its HTML parser reads the pages. The screenshots are left in
# $BUILD/pages/ for a person to look at.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${CEPDIR:?}" "${BUILD:?}"
. "$root/tests/lib/tap.sh"
need chromium "to render the pages and pictures"
need xmllint "to check the pages and pictures"
need cc "to build the PNG check"
work_dir pages
unset CEPDIR_DB

shots="$BUILD/pages"
mkdir -p "$shots"
on=2022-06-01

# chrome ARGS... FILE: headless Chromium on a file, in a profile of its own
# and with nothing fetched from the network; its messages go to chrome.log.
chrome() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$profile" "$@" 2>chrome.log
}

# colours PNG: how many colours the screenshot has (up to 256), else 0
colours() {
	./png-colours "$1" 2>/dev/null || echo 0
}

# xml_clean FILE: well-formed XML, silently
xml_clean() {
	xmllint --noout "$1" >xmllint.log 2>&1 && [ ! -s xmllint.log ]
}

# html_clean FILE: libxml2's HTML parser finds no error but the names of
# the HTML5 and SVG elements, which its HTML 4 parser does not know
html_clean() {
	xmllint --html --noout "$1" 2>&1 | grep 'parser error' |
	    grep -v 'Tag [a-z]* invalid' >xmllint.log
	[ ! -s xmllint.log ]
}

show() {
	sed 's/^/#   /' "$1" | head -20
}

check "png-colours builds" 'cc -O2 -o png-colours "$root/tests/lib/png-colours.c" -lz'
check "the pages fixture imports" \
    '$CEPDIR -q --db t.db import "$root/tests/fixtures/pages"'

# ---- the page of a region ----
$CEPDIR --db t.db --on $on -f html region bretagne >bretagne.html
check "region bretagne -f html exits 0" '[ $? -eq 0 ]'
check "the page is well-formed XML" 'xml_clean bretagne.html' ||
    show xmllint.log
check "xmllint --html reads the page" 'html_clean bretagne.html' ||
    show xmllint.log
rows=$($CEPDIR --db t.db --on $on -f tsv --no-header region bretagne | wc -l)
chrome --dump-dom "file://$tmp/bretagne.html" >dom.html
check "Chromium renders the page" '[ -s dom.html ]' || show chrome.log
got=$(sed -n '/<tbody>/,/<\/tbody>/p' dom.html | grep -o '<tr>' | wc -l)
check "the DOM has the table's $rows rows" '[ "$got" -eq "$rows" ] && [ "$rows" -gt 0 ]' ||
    echo "#   got $got rows"
check "the hostile name is text on the page" \
    'grep -q "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" dom.html'
check "no script element in the DOM" '! grep -qi "<script" dom.html'
check "the javascript: website is no link" \
    '! grep -qi "href=\"javascript" dom.html && grep -q "<td class=\"text c-website\">javascript:alert(1)</td>" dom.html'
check "https: websites are links" 'grep -q "<a href=\"https://www.apec.fr\">" dom.html'
chrome --screenshot="$shots/region-bretagne.png" --window-size=1100,700 \
    "file://$tmp/bretagne.html" >/dev/null
nc=$(colours "$shots/region-bretagne.png")
check "the page's screenshot is not blank ($nc colours)" '[ "$nc" -gt 8 ]' ||
    show chrome.log

# ---- the timeline ----
$CEPDIR --db t.db --on $on timeline normandie >normandie.svg
check "timeline normandie exits 0" '[ $? -eq 0 ]'
check "the picture is well-formed XML" 'xml_clean normandie.svg' ||
    show xmllint.log
check "it is SVG 1.1" 'grep -q "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"" normandie.svg'
height=$(sed -n 's/^<svg .* height="\([0-9]*\)".*/\1/p' normandie.svg)
chrome --screenshot="$shots/timeline-normandie.png" \
    --window-size="980,${height:-1000}" "file://$tmp/normandie.svg" >/dev/null
nc=$(colours "$shots/timeline-normandie.png")
check "the timeline's screenshot is not blank ($nc colours)" '[ "$nc" -gt 8 ]' ||
    show chrome.log
$CEPDIR --db t.db --on $on timeline bretagne >bretagne.svg
check "a hostile operator's picture is well-formed XML" \
    'xml_clean bretagne.svg' || show xmllint.log
check "its name is text in the picture" \
    '! grep -qi "<script" bretagne.svg && grep -q "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" bretagne.svg'
$CEPDIR --on $on timeline normandie >builtin.svg
check "timeline normandie on the built-in data is well-formed XML" \
    'xml_clean builtin.svg' || show xmllint.log

# ---- history's page: the timeline above the table ----
$CEPDIR --db t.db --on $on -f html history normandie >history.html
check "history -f html is well-formed XML, its picture included" \
    'xml_clean history.html' || show xmllint.log
check "xmllint --html reads it" 'html_clean history.html' ||
    show xmllint.log
chrome --dump-dom "file://$tmp/history.html" >dom.html
check "Chromium finds the picture above the table" \
    'tr -d "\n" <dom.html | grep -q "<figure><svg .*</svg>.*</figure>.*<table>"' ||
    show chrome.log
echo "1..$n"
