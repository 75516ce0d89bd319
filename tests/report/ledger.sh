#!/bin/sh
# pmindex-report on a ledger: three periods applied with pmindex-ledger,
# then the page of the last one (with the previous period beside it, the
# ladder, the black list's line charts and notices with the stored
# levels) compared with GOLDEN-EN, the Chinese page of one compound in
# detail with GOLDEN-ZH, and the refusals written to a transcript that
# must equal GOLDEN-TXT; a refused report leaves an existing page whole.
# Usage: ledger.sh GOLDEN-TXT GOLDEN-EN GOLDEN-ZH PMINDEX-LEDGER PMINDEX-REPORT  (from the source root)
# With PMINDEX_UPDATE_GOLDEN=1 the golden files are rewritten.
set -u
golden_txt=$1 golden_en=$2 golden_zh=$3 ledger=$4 report=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/district.ledger
fail=0

"$ledger" --db "$db" init || exit 1
for p in 2018H2 2019H1 2019H2; do
    "$ledger" --db "$db" --period $p apply tests/ledger/$p.csv >/dev/null || exit 1
done

step() {
    {
        printf '$ pmindex-report'
        printf ' %s' "$@"
        printf '\n'
    } | sed "s|$tmp|TMP|g" >>"$tmp/transcript"
    "$report" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    {
        echo "[exit $status]"
        if [ -s "$tmp/out" ]; then echo "--- stdout"; head -c 200 "$tmp/out"; echo; fi
        if [ -s "$tmp/err" ]; then echo "--- stderr"; cat "$tmp/err"; fi
        echo
    } | sed "s|$tmp|TMP|g" >>"$tmp/transcript"
}

compare() { # golden actual
    sed "s|$tmp|TMP|g" "$2" >"$2.shown"
    if [ "${PMINDEX_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$2.shown" "$1"
    elif ! cmp -s "$1" "$2.shown"; then
        echo "FAIL: $2 differs from $1:"; diff -u "$1" "$2.shown" | head -40; fail=1
    fi
}

: >"$tmp/transcript"
step --db "$db" --period 2019H2 --lang en --notices -o "$tmp/en.html"
compare "$golden_en" "$tmp/en.html"
step --db "$db" --period 2019H1 --compound K7 -o "$tmp/zh.html"
compare "$golden_zh" "$tmp/zh.html"
# The first period has no previous one; its page says nothing of a change.
step --db "$db" --period 2018H2 -o "$tmp/first.html"
if grep -q '变化' "$tmp/first.html"; then
    echo "FAIL: the first period's page has a change column"; fail=1
fi
# Refusals: the page written before stays as it was, and no temporary file is left.
cp "$tmp/en.html" "$tmp/before.html"
step --db "$db" --period 2020H1 -o "$tmp/en.html"
step --db "$db" --period 2019H2 --compound NO-SUCH -o "$tmp/en.html"
step --db "$db" --period 2020Q1 -o "$tmp/en.html"
step --db "$tmp/no-such.ledger" --period 2019H2 -o "$tmp/en.html"
if ! cmp -s "$tmp/en.html" "$tmp/before.html"; then
    echo "FAIL: a refused report changed the page it was to replace"; fail=1
fi
if ls -a "$tmp" | grep -q '^\.en\.html\.'; then
    echo "FAIL: a refused report left a temporary file"; fail=1
fi
compare "$golden_txt" "$tmp/transcript"
exit $fail
