#!/bin/sh
# pmindex-model impact on a ledger's period, end to end: a ledger built with
# pmindex-ledger from the story's sheets (tests/ledger/2018H2.csv to
# 2020H1.csv, the default model), then the report of a model without the
# black card for indicator B (tests/impact/black-share.ini) from 2019H1 on,
# as a table in Chinese and English, JSON Lines and CSV, each compared with
# GOLDEN-DIR/impact-ledger.{zh.txt,en.txt,jsonl,csv}; then the refusals,
# written to a transcript that must equal GOLDEN-DIR/impact-ledger-errors.txt.
# After every run the ledger's file must hold the same bytes as before (cmp),
# and a ledger of pmindex 1.1 must not be upgraded.
# Usage: impact-ledger.sh GOLDEN-DIR PMINDEX-LEDGER PMINDEX-MODEL  (from the source root)
# With PMINDEX_UPDATE_GOLDEN=1 the golden files are rewritten.
set -u
golden=$1 ledger=$2 model=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/district.ledger
new=tests/impact/black-share.ini
fail=0

"$ledger" --db "$db" init >/dev/null || exit 1
for p in 2018H2 2019H1 2019H2 2020H1; do
    "$ledger" --db "$db" --period $p apply tests/ledger/$p.csv >/dev/null || exit 1
done
cp "$db" "$tmp/pristine"
# A copy with its last period revoked, and one of pmindex 1.1.
cp "$db" "$tmp/revoked.ledger"
"$ledger" --db "$tmp/revoked.ledger" --reason "wrong sheet" revoke 2020H1 >/dev/null || exit 1
cp "$tmp/revoked.ledger" "$tmp/revoked.pristine"
cp tests/ledger/ledger-1.1.db "$tmp/old.ledger"
# The default model with its ladder on quarters.
"$model" dump | sed 's/^periods = half$/periods = quarter/' >"$tmp/quarters.ini"

# The ledgers must hold the bytes they held before every run.
unchanged() {
    for pair in "$db $tmp/pristine" "$tmp/revoked.ledger $tmp/revoked.pristine" \
        "$tmp/old.ledger tests/ledger/ledger-1.1.db"; do
        # shellcheck disable=SC2086
        set -- $pair
        if ! cmp -s "$1" "$2"; then
            echo "FAIL: pmindex-model impact $run changed $1"; fail=1
        fi
    done
}

compare() { # golden actual
    sed "s|$tmp|TMP|g" "$2" >"$2.shown"
    if [ "${PMINDEX_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$2.shown" "$1"
    elif ! cmp -s "$1" "$2.shown"; then
        echo "FAIL: $2 differs from $1:"; diff -u "$1" "$2.shown" | head -40; fail=1
    fi
}

# A report: exit 0, nothing on stderr, stdout as the golden file.
report() { # golden args...
    g=$1
    shift
    run="$*"
    "$model" impact "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ $status -ne 0 ] || [ -s "$tmp/err" ]; then
        echo "FAIL: pmindex-model impact $run: exit $status"; cat "$tmp/err"; fail=1
    fi
    compare "$g" "$tmp/out"
    unchanged
}

report "$golden/impact-ledger.zh.txt" default $new --db "$db" --period 2019H1
report "$golden/impact-ledger.en.txt" --lang en default $new --db "$db" --period 2019H1
report "$golden/impact-ledger.jsonl" --format jsonl --movers 3 default $new --db "$db" \
    --period 2019H1
report "$golden/impact-ledger.csv" --format csv default $new --db "$db" --period 2019H1
# The period's own model as OLD gives the same records; -o writes them whole.
report "$golden/impact-ledger.csv" --format csv ledger $new --db "$db" --period 2019H1
report "$golden/impact-ledger.csv" --format csv -o - models/luohu-2018.ini $new --db "$db" \
    --period 2019H1
run="-o FILE"
"$model" impact --format csv -o "$tmp/written.csv" ledger $new --db "$db" --period 2019H1
compare "$golden/impact-ledger.csv" "$tmp/written.csv"
unchanged

step() {
    {
        printf '$ pmindex-model impact'
        printf ' %s' "$@"
        printf '\n'
    } | sed "s|$tmp|TMP|g" >>"$tmp/transcript"
    run="$*"
    "$model" impact "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    {
        echo "[exit $status]"
        if [ -s "$tmp/out" ]; then echo "--- stdout"; cat "$tmp/out"; fi
        if [ -s "$tmp/err" ]; then echo "--- stderr"; cat "$tmp/err"; fi
        echo
    } | sed "s|$tmp|TMP|g" >>"$tmp/transcript"
    unchanged
}

: >"$tmp/transcript"
step default $new --db "$tmp/no-such.ledger" --period 2019H1
step default $new --db tests/ledger/2019H1.csv --period 2019H1         # not a ledger
step default $new --db "$db" --period 2030H1                          # not in the ledger
step default $new --db "$tmp/revoked.ledger" --period 2020H1          # revoked
step default $new --db "$tmp/old.ledger" --period 2019H1              # pmindex 1.1: refused, not upgraded
step tests/impact/threshold.ini $new --db "$db" --period 2019H1       # OLD is not the period's
step ledger tests/impact/type-change.ini --db "$db" --period 2019H1   # B2 cannot be carried over
step ledger "$tmp/quarters.ini" --db "$db" --period 2019H1            # a ladder on quarters
step --lang en ledger ledger --db "$tmp/revoked.ledger" --period 2019H2  # the same model: nothing differs
compare "$golden/impact-ledger-errors.txt" "$tmp/transcript"
exit $fail
