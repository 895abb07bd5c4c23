#!/bin/sh
# make install and make uninstall honour PREFIX and DESTDIR.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
n=0
t() { n=$((n + 1)); if eval "$2"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi; }

sanitize=${SANITIZE:-}
make -s -C "$root" install DESTDIR="$dest" PREFIX=/opt/cep SANITIZE="$sanitize" >/dev/null 2>&1
status=$?
t "make install succeeds" '[ "$status" -eq 0 ]'
t "the binary is installed under DESTDIR/PREFIX/bin" '[ -x "$dest/opt/cep/bin/cepdir" ]'
t "the man page under share/man/man1" '[ -f "$dest/opt/cep/share/man/man1/cepdir.1" ]'
t "the completion under share/bash-completion/completions" \
    '[ -f "$dest/opt/cep/share/bash-completion/completions/cepdir" ]'
t "the installed binary answers from its built-in data" \
    '"$dest/opt/cep/bin/cepdir" -f csv --on 2024-06-01 -p employed region 53 | grep -q avenir-actifs'
t "nothing is installed outside DESTDIR/PREFIX" \
    '[ -z "$(find "$dest" -mindepth 1 -maxdepth 1 ! -name opt)" ]'
make -s -C "$root" uninstall DESTDIR="$dest" PREFIX=/opt/cep SANITIZE="$sanitize" >/dev/null 2>&1
status=$?
t "make uninstall succeeds" '[ "$status" -eq 0 ]'
t "make uninstall removes the three files" \
    '[ -z "$(find "$dest" -type f)" ]'
