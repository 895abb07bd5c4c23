#!/bin/sh
# A pipe is read from a copy in TMPDIR (src/spool.c): with a TMPDIR that
# does not exist, import and annotate say so and exit 74, the database
# unchanged. Here rather than in the golden cases because valgrind itself
# cannot start without its TMPDIR.
set -u
: "${CEPDIR:?}"
. "$(dirname "$0")/../lib/tap.sh"
work_dir spool
printf 'code,name,kind\n53,Bretagne,metro\n' >regions.csv
$CEPDIR -q --db t.db import regions.csv
sum=$(cksum <t.db)
printf 'code,name,kind\n53,Bretagne,metro\n54,Autre,metro\n' |
    TMPDIR=missing $CEPDIR --db t.db import /dev/stdin 2>err
st=$?
check "import from a pipe, TMPDIR missing: exit 74" '[ "$st" = 74 ]'
check "import from a pipe, TMPDIR missing: told" \
    '[ "$(cat err)" = "cepdir: cannot make a temporary file in missing: No such file or directory" ]'
check "import from a pipe, TMPDIR missing: the database unchanged" \
    '[ "$(cksum <t.db)" = "$sum" ]'
printf 'cp\n29200\n' | TMPDIR=missing $CEPDIR annotate --place cp - >out 2>err
st=$?
check "annotate from a pipe, TMPDIR missing: exit 74, nothing written" \
    '[ "$st" = 74 ] && [ ! -s out ]'
check "annotate from a pipe, TMPDIR missing: told" \
    '[ "$(cat err)" = "cepdir: cannot make a temporary file in missing: No such file or directory" ]'
echo "1..$n"
