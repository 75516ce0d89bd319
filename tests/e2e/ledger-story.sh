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
    } | sed -e "s|$tmp|TMP|g" -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g' \
        >>"$tmp/transcript"
}

: >"$tmp/transcript"
step --db "$db" history K1                         # no ledger yet
step --db "$db" --by clerk --period 2018H2 apply $sheets/2018H2.csv   # apply needs init first
step --db "$db" --by clerk init
step --db "$db" --by clerk init                               # exists already
step --db "$db" --by clerk --period 2018H2 apply $sheets/2018H2.csv
step --db "$db" --by clerk --period 2018H2 apply $sheets/2018H2.csv   # the same period again
step --db "$db" --by clerk --period 2019H1 --lang en apply $sheets/2019H1.csv
step --db "$db" --by clerk --period 2019H2 apply $sheets/bad-2019H2.csv  # errors: nothing applied
step --db "$db" --by clerk --period 2019H2 apply $sheets/2018H2.csv      # rows of another period
step --db "$db" period 2019H2                      # so 2019H2 has no decisions yet
step --db "$db" --by clerk --period 2019H2 --model "$tmp/clean3.ini" apply $sheets/2019H2.csv
step --db "$db" --by clerk --period 2019Q4 apply $sheets/2019H2.csv     # another kind of period
step --db "$db" --by clerk --period 2019H2 --format csv apply $sheets/2019H2.csv
step --db "$db" --by clerk --period 2019H1 apply $sheets/2019H1.csv     # older than the last
step --db "$db" history K5
step --db "$db" --lang en history K3
step --db "$db" --format csv history K7
step --db "$db" history NO-SUCH
step --db "$db" period 2019H1
step --db "$db" --format jsonl period 2018H2
step --db "$db" export
step --db "$db" --period 2019H2 --format jsonl export
step --db "$db" --by clerk --period 2020H1 --model "$tmp/clean3.ini" --allow-model-change --lang en apply $sheets/2020H1.csv
step --db "$db" --lang en history K2
# Three offices' partial sheets, merged by compound_id: a district sheet sent
# twice with one cell changed is a conflict (nothing applied), then the three.
step --db "$db" --by clerk --period 2020H2 --model "$tmp/clean3.ini" apply $sheets/2020H2-police.csv \
    $sheets/2020H2-district.csv $sheets/2020H2-district-again.csv $sheets/2020H2-street.csv
step --db "$db" --by clerk --period 2020H2 --model "$tmp/clean3.ini" apply $sheets/2020H2-police.csv - \
    $sheets/2020H2-street.csv                      # stdin only as the one sheet
step --db "$db" --by clerk --period 2020H2 --model "$tmp/clean3.ini" --lang en apply \
    $sheets/2020H2-police.csv $sheets/2020H2-street.csv $sheets/2020H2-district.csv
step --db "$db" --format csv history K2

# 1.2: the period comes from the sheet; the slips that once made a ledger
# unusable are refused; dry runs; the last period revoked and applied again;
# a review (复核) after an appeal; the audit log.
m3="--model $tmp/clean3.ini"
step --db "$db" $m3 --by clerk apply $sheets/header-only.csv          # no compounds
step --db "$db" $m3 --by clerk apply $sheets/2021H1-mixed.csv         # two periods in one sheet
step --db "$db" $m3 --by clerk apply $sheets/2021H1-no-period.csv     # no period anywhere
step --db "$db" $m3 --by clerk --period 2091H1 apply $sheets/2021H1-no-period.csv  # 2091H1 for 2021H1
step --db "$db" $m3 --by clerk --period 2021H1 apply $sheets/2019H2.csv  # the cross-check
step --db "$db" $m3 --by clerk --dry-run --lang en apply $sheets/2021H1.csv
step --db "$db" $m3 --by clerk apply $sheets/2021H1.csv
step --db "$db" --by clerk revoke 2021H1                              # a reason is needed
step --db "$db" --by clerk --reason "wrong sheet" revoke 2020H2        # only the last period
step --db "$db" --by clerk --reason "the street office sent last year's sheet" --dry-run --lang en revoke 2021H1
step --db "$db" --by clerk --reason "the street office sent last year's sheet" revoke 2021H1
step --db "$db" --by clerk --reason "wrong sheet" revoke 2021H1        # revoked already
step --db "$db" --period 2021H1 --format csv export                   # no rows in force
step --db "$db" $m3 --by clerk --reason "the right sheet of 2021H1" --lang en apply $sheets/2021H1-corrected.csv
step --db "$db" --period 2021H1 --revoked export
# K7's media exposure (V2) in 2019H2 was not confirmed: the appeal is upheld.
step --db "$db" --by reviewer --reason "appeal 2021-3: V2 not confirmed" review 2019H2 $sheets/review-bad.csv
step --db "$db" --by reviewer review 2019H2 $sheets/review-2019H2.csv  # a reason is needed
step --db "$db" --by reviewer --reason "appeal 2021-3: V2 not confirmed" --dry-run --lang en review 2019H2 $sheets/review-2019H2.csv
step --db "$db" --by reviewer --reason "appeal 2021-3: V2 not confirmed" --lang en review 2019H2 $sheets/review-2019H2.csv
step --db "$db" --by reviewer --reason "appeal 2021-3: V2 not confirmed" --format jsonl review 2019H2 $sheets/review-2019H2.csv
step --db "$db" --by reviewer --reason "no such period" review 2017H1 $sheets/review-2019H2.csv
step --db "$db" --lang en history K7
step --db "$db" history K1
step --db "$db" --format csv history K1                           # the revoked row, marked
step --db "$db" --period 2019H2 --all-revisions export
step --db "$db" --lang en log
step --db "$db" --period 2021H1 --format csv log
step --db "$db" --dry-run export                                      # options for other commands
step --db "$db" --all-revisions history K7
# The invariant: the ledger's current rows are those of a fresh ledger into
# which the corrected sheets are applied in order (revision numbers and log
# entries aside).
current() {
    "$ledger" --db "$1" --format jsonl export | sed -e 's/"revision":[0-9]*,//' -e 's/,"entry":[0-9]*//'
}
fresh=$tmp/fresh.db
{
    "$ledger" --db "$fresh" --by clerk init &&
    "$ledger" --db "$fresh" --by clerk apply $sheets/2018H2.csv &&
    "$ledger" --db "$fresh" --by clerk apply $sheets/2019H1.csv &&
    "$ledger" --db "$fresh" --by clerk apply $sheets/2019H2-reviewed.csv &&
    "$ledger" --db "$fresh" --by clerk $m3 --allow-model-change apply $sheets/2020H1.csv &&
    "$ledger" --db "$fresh" --by clerk $m3 --period 2020H2 apply $sheets/2020H2-police.csv \
        $sheets/2020H2-street.csv $sheets/2020H2-district.csv &&
    "$ledger" --db "$fresh" --by clerk $m3 apply $sheets/2021H1-corrected.csv
} >/dev/null 2>"$tmp/err" || cat "$tmp/err" >>"$tmp/transcript"
current "$db" >"$tmp/corrected"
current "$fresh" >"$tmp/fresh"
if cmp -s "$tmp/corrected" "$tmp/fresh" && [ -s "$tmp/fresh" ]; then
    echo "# the current rows equal a fresh ledger's of the corrected sheets" >>"$tmp/transcript"
else
    echo "# the current rows DIFFER from a fresh ledger's of the corrected sheets:" >>"$tmp/transcript"
    diff "$tmp/fresh" "$tmp/corrected" >>"$tmp/transcript"
fi
echo >>"$tmp/transcript"

# A ledger of pmindex 1.1 is upgraded in place when first opened; its periods
# kept points, not observations: a review needs the compound's full row.
old=$tmp/ledger-1.1.db
cp tests/ledger/ledger-1.1.db "$old"
step --db "$old" --lang en history K5
step --db "$old" --by reviewer --reason "appeal: B items pass" review 2018H2 $sheets/review-1.1-partial.csv
step --db "$old" --by reviewer --reason "appeal: B items pass" --lang en review 2018H2 $sheets/review-1.1-full.csv

if [ "${PMINDEX_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/transcript" "$golden"
elif ! cmp -s "$golden" "$tmp/transcript"; then
    echo "FAIL: the transcript differs from $golden:"
    diff -u "$golden" "$tmp/transcript" | head -80
    exit 1
fi
exit 0
