#!/bin/sh
# make install and make uninstall honour PREFIX and DESTDIR.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
. "$(dirname "$0")/../lib/tap.sh"

sanitize=${SANITIZE:-}
make -s -C "$root" install DESTDIR="$dest" PREFIX=/opt/cep SANITIZE="$sanitize" >/dev/null 2>&1
status=$?
check "make install succeeds" '[ "$status" -eq 0 ]'
check "the binary is installed under DESTDIR/PREFIX/bin" '[ -x "$dest/opt/cep/bin/cepdir" ]'
check "the man page under share/man/man1" '[ -f "$dest/opt/cep/share/man/man1/cepdir.1" ]'
check "the French man page under share/man/fr/man1" \
    'cmp -s "$root/man/fr/cepdir.1" "$dest/opt/cep/share/man/fr/man1/cepdir.1"'
check "the completion under share/bash-completion/completions" \
    '[ -f "$dest/opt/cep/share/bash-completion/completions/cepdir" ]'
check "the installed binary answers from its built-in data" \
    '"$dest/opt/cep/bin/cepdir" -f csv --on 2024-06-01 -p employed region 53 | grep -q avenir-actifs'
mo=$dest/opt/cep/share/locale/fr/LC_MESSAGES/cepdir.mo
check "the French catalogue under share/locale/fr/LC_MESSAGES" '[ -f "$mo" ]'
# The installed program speaks French from the catalogue installed beside
# it (PREFIX/share/locale), and English once that one is gone.
fr=$(locale -a 2>/dev/null | grep -ix 'fr_FR\.utf-\{0,1\}8' | head -n 1)
if [ -z "$fr" ] && [ "${CEPDIR_STRICT:-}" = 1 ]; then
	not_ok "the installed binary speaks French (the fr_FR.UTF-8 locale is missing: make deps generates it)"
elif [ -z "$fr" ]; then
	ok "the installed binary speaks French # SKIP the fr_FR.UTF-8 locale is missing"
else
	check "the installed binary speaks French from its catalogue" \
	    '(cd / && LANGUAGE= LC_ALL=$fr "$dest/opt/cep/bin/cepdir" help) | grep -q "^Commandes"'
	mv "$mo" "$mo.away"
	check "without the installed catalogue it speaks English" \
	    '(cd / && LANGUAGE= LC_ALL=$fr "$dest/opt/cep/bin/cepdir" help) | grep -q "^Commands:"'
	mv "$mo.away" "$mo"
fi
check "nothing is installed outside DESTDIR/PREFIX" \
    '[ -z "$(find "$dest" -mindepth 1 -maxdepth 1 ! -name opt)" ]'
make -s -C "$root" uninstall DESTDIR="$dest" PREFIX=/opt/cep SANITIZE="$sanitize" >/dev/null 2>&1
status=$?
check "make uninstall succeeds" '[ "$status" -eq 0 ]'
check "make uninstall removes every file it installed" \
    '[ -z "$(find "$dest" -type f)" ]'
echo "1..$n"
