#!/bin/sh
# The story of a ledger across periods, end to end: pmindex-ledger commands
# run one after the other on one ledger, each with its exit status, standard
# output and standard error written to a transcript that must equal GOLDEN.
# Usage: ledger-story.sh GOLDEN PMINDEX-LEDGER PMINDEX-MODEL  (from the source root)
# With PMINDEX_UPDATE_GOLDEN=1 the golden file is rewritten.
set -u
golden=$1 ledger=$2 model=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sheets=tests/ledger
db=$tmp/ledger.db
# The default model with 3 clean periods per step down: another model.
"$model" dump | sed 's/^clean_periods = 2$/clean_periods = 3/' >"$tmp/clean3.ini"

step() {
    {
        printf '$ pmindex-ledger'
        printf ' %s' "$@"
        printf '\n'
    } | sed "s|$tmp|TMP|g" >>"$tmp/transcript"
    "$ledger" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    {
        echo "[exit $status]"
        if [ -s "$tmp/out" ]; then echo "--- stdout"; cat "$tmp/out"; fi
        if [ -s "$tmp/err" ]; then echo "--- stderr"; cat "$tmp/err"; fi
        echo
    } | sed "s|$tmp|TMP|g" >>"$tmp/transcript"
}

: >"$tmp/transcript"
step --db "$db" history K1                         # no ledger yet
step --db "$db" --period 2018H2 apply $sheets/2018H2.csv   # apply needs init first
step --db "$db" init
step --db "$db" init                               # exists already
step --db "$db" --period 2018H2 apply $sheets/2018H2.csv
step --db "$db" --period 2018H2 apply $sheets/2018H2.csv   # the same period again
step --db "$db" --period 2019H1 --lang en apply $sheets/2019H1.csv
step --db "$db" --period 2019H2 apply $sheets/bad-2019H2.csv  # errors: nothing applied
step --db "$db" --period 2019H2 apply $sheets/2018H2.csv      # rows of another period
step --db "$db" period 2019H2                      # so 2019H2 has no decisions yet
step --db "$db" --period 2019H2 --model "$tmp/clean3.ini" apply $sheets/2019H2.csv
step --db "$db" --period 2019Q4 apply $sheets/2019H2.csv     # another kind of period
step --db "$db" --period 2019H2 --format csv apply $sheets/2019H2.csv
step --db "$db" --period 2019H1 apply $sheets/2019H1.csv     # older than the last
step --db "$db" history K5
step --db "$db" --lang en history K3
step --db "$db" --format csv history K7
step --db "$db" history NO-SUCH
step --db "$db" period 2019H1
step --db "$db" --format jsonl period 2018H2
step --db "$db" export
step --db "$db" --period 2019H2 --format jsonl export
step --db "$db" --period 2020H1 --model "$tmp/clean3.ini" --allow-model-change --lang en apply $sheets/2020H1.csv
step --db "$db" --lang en history K2
# Three offices' partial sheets, merged by compound_id: a district sheet sent
# twice with one cell changed is a conflict (nothing applied), then the three.
step --db "$db" --period 2020H2 --model "$tmp/clean3.ini" apply $sheets/2020H2-police.csv \
    $sheets/2020H2-district.csv $sheets/2020H2-district-again.csv $sheets/2020H2-street.csv
step --db "$db" --period 2020H2 --model "$tmp/clean3.ini" apply $sheets/2020H2-police.csv - \
    $sheets/2020H2-street.csv                      # stdin only as the one sheet
step --db "$db" --period 2020H2 --model "$tmp/clean3.ini" --lang en apply \
    $sheets/2020H2-police.csv $sheets/2020H2-street.csv $sheets/2020H2-district.csv
step --db "$db" --format csv history K2

if [ "${PMINDEX_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/transcript" "$golden"
elif ! cmp -s "$golden" "$tmp/transcript"; then
    echo "FAIL: the transcript differs from $golden:"
    diff -u "$golden" "$tmp/transcript" | head -80
    exit 1
fi
exit 0
