#!/bin/sh
# The messages to translate, from the sources that po/POTFILES lists.
#   pot.sh           po/cepdir.pot again, and every po/LANG.po merged with
#                    it (make pot)
#   pot.sh -o FILE   the template into FILE only (tests/scripts/i18n.sh,
#                    which checks that po/fr.po translates all of it)
# A template that differs from the committed one only by its date is not
# written: the date alone is no change.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# FILE as the caller named it, before the cd
if [ "${1:-}" = -o ] && [ $# -eq 2 ]; then
	set -- -o "$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
fi
cd "$root"

template() {
	version=$(sed -n 's/^#define CEPDIR_VERSION "\(.*\)"$/\1/p' \
	    include/cepdir.h)
	xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS \
	    --keyword --keyword=_ --keyword=N_ --keyword=P_:1,2 \
	    --sort-output --add-location=file \
	    --package-name=cepdir --package-version="$version" \
	    --files-from=po/POTFILES -o "$1"
}

if [ "${1:-}" = -o ] && [ $# -eq 2 ]; then
	template "$2"
	exit 0
fi
if [ $# -ne 0 ]; then
	echo "usage: pot.sh [-o FILE]" >&2
	exit 64
fi
undated() { sed '/^"POT-Creation-Date: /d' "$1"; }
template po/cepdir.pot.new
undated po/cepdir.pot.new >po/cepdir.pot.undated
if [ -f po/cepdir.pot ] &&
    undated po/cepdir.pot | cmp -s - po/cepdir.pot.undated; then
	rm po/cepdir.pot.new
else
	mv po/cepdir.pot.new po/cepdir.pot
fi
rm -f po/cepdir.pot.undated
for po in po/*.po; do
	[ -f "$po" ] || continue
	msgmerge --quiet --update --backup=none "$po" po/cepdir.pot
done
