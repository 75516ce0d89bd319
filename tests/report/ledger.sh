#!/bin/sh
# pmindex-report on a ledger: four periods applied with pmindex-ledger, a
# review (复核) of 2019H2 that upholds K7's appeal, then the last period
# revoked. The page of 2019H2 (the previous period beside it, the ladder,
# the black list's line charts, notices with the stored levels and the
# observations the ledger kept, the rows the review revised) is compared
# with GOLDEN-EN, the Chinese page of one compound in detail with
# GOLDEN-ZH, the page of a period of the committed ledger of pmindex 1.1
# (points, no observations) with GOLDEN-OLD (then a 1.1 period reviewed and
# a period applied after them are checked), and the refusals (a revoked
# period, an unknown one, a ledger that disagrees with itself) are written
# to a transcript that must equal GOLDEN-TXT; a refused report leaves an
# existing page whole.
# Usage: ledger.sh GOLDEN-TXT GOLDEN-EN GOLDEN-ZH GOLDEN-OLD PMINDEX-LEDGER PMINDEX-REPORT
# (from the source root). With PMINDEX_UPDATE_GOLDEN=1 the golden files are rewritten.
set -u
golden_txt=$1 golden_en=$2 golden_zh=$3 golden_old=$4 ledger=$5 report=$6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/district.ledger
fail=0

{
    "$ledger" --db "$db" --by clerk init &&
    for p in 2018H2 2019H1 2019H2 2020H1; do
        "$ledger" --db "$db" --by clerk --period $p apply tests/ledger/$p.csv || exit 1
    done &&
    "$ledger" --db "$db" --by reviewer --reason "appeal 2021-3: V2 not confirmed" \
        review 2019H2 tests/ledger/review-2019H2.csv
} >/dev/null || exit 1

# Times of the audit log, and the temporary directory, as the goldens show them.
shown() {
    sed -e "s|$tmp|TMP|g" \
        -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z/TIME/g'
}

step() {
    {
        printf '$ pmindex-report'
        printf ' %s' "$@"
        printf '\n'
    } | shown >>"$tmp/transcript"
    "$report" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    {
        echo "[exit $status]"
        if [ -s "$tmp/out" ]; then echo "--- stdout"; head -c 200 "$tmp/out"; echo; fi
        if [ -s "$tmp/err" ]; then echo "--- stderr"; cat "$tmp/err"; fi
        echo
    } | shown >>"$tmp/transcript"
}

compare() { # golden actual
    shown <"$2" >"$2.shown"
    if [ "${PMINDEX_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$2.shown" "$1"
    elif ! cmp -s "$1" "$2.shown"; then
        echo "FAIL: $2 differs from $1:"; diff -u "$1" "$2.shown" | head -40; fail=1
    fi
}

expect() { # file pattern what
    if ! grep -q -- "$2" "$1"; then
        echo "FAIL: $3"; fail=1
    fi
}

: >"$tmp/transcript"
step --db "$db" --period 2019H2 --lang en --notices --compound K7 -o "$tmp/en.html"
compare "$golden_en" "$tmp/en.html"
# K7's veto was not confirmed: the red tier, but a sanction is in force, so
# the ledger gives no red card, and the page shows the ledger's card.
expect "$tmp/en.html" 'no red card while a sanction is in force: ladder level 1' \
    "K7's detail does not say why the red tier gave no red card"
expect "$tmp/en.html" '<td class="id">K7</td><td>[^<]*</td><td class="num">2</td><td>none</td>' \
    "2019H2's page does not list K7's revision 2 with no card"
step --db "$db" --period 2019H1 --compound K7 -o "$tmp/zh.html"
compare "$golden_zh" "$tmp/zh.html"
# The first period has no previous one; its page says nothing of a change.
step --db "$db" --period 2018H2 -o "$tmp/first.html"
if grep -q '变化' "$tmp/first.html"; then
    echo "FAIL: the first period's page has a change column"; fail=1
fi
# The review of 2019H2 moved K7's ladder in 2020H1 too: that row is revised
# by the review of another period, and the page says which.
step --db "$db" --period 2020H1 --lang en --compound K7 -o "$tmp/later.html"
expect "$tmp/later.html" '<td class="id">K7</td><td>[^<]*</td><td class="num">2</td>' \
    "2020H1's page does not list K7's revision 2"
expect "$tmp/later.html" 'by reviewer, review of 2019H2: appeal 2021-3: V2 not confirmed' \
    "2020H1's page does not name the review of 2019H2 that revised K7"

# The last period revoked: never reported; applied again, it is.
"$ledger" --db "$db" --by clerk --reason "the street office sent last year's sheet" \
    revoke 2020H1 >/dev/null || exit 1
cp "$tmp/en.html" "$tmp/before.html"
step --db "$db" --period 2020H1 -o "$tmp/en.html"
# Refusals: the page written before stays as it was, and no temporary file is left.
step --db "$db" --period 2020H2 -o "$tmp/en.html"
step --db "$db" --period 2019H2 --compound NO-SUCH -o "$tmp/en.html"
step --db "$db" --period 2020Q1 -o "$tmp/en.html"
step --db "$tmp/no-such.ledger" --period 2019H2 -o "$tmp/en.html"
"$ledger" --db "$db" --by clerk --reason "the right sheet" apply tests/ledger/2020H1.csv \
    >/dev/null || exit 1
step --db "$db" --period 2020H1 --lang en -o "$tmp/again.html"
expect "$tmp/again.html" 'No row of this period was revised' \
    "2020H1 applied again after its revocation has revised rows"

# A ledger whose stored row does not agree with its stored observations
# (damaged, or written by a library that assessed otherwise) is refused.
cp "$db" "$tmp/damaged.ledger"
python3 - "$tmp/damaged.ledger" <<'PY' || exit 1
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER assessments_no_update")
db.execute("UPDATE assessments SET idx = idx - 100 WHERE compound_id = 'K2' AND seq ="
           " (SELECT seq FROM periods WHERE name = '2019H1' AND revoked IS NULL)")
db.commit()
PY
step --db "$tmp/damaged.ledger" --period 2019H1 -o "$tmp/en.html"
if ! cmp -s "$tmp/en.html" "$tmp/before.html"; then
    echo "FAIL: a refused report changed the page it was to replace"; fail=1
fi
if ls -a "$tmp" | grep -q '^\.en\.html\.'; then
    echo "FAIL: a refused report left a temporary file"; fail=1
fi

# A ledger of pmindex 1.1 (upgraded when opened, so a copy): its periods kept
# points, not observations. The page shows the rows' verdicts and points and
# says that the period's sheet has the observations.
cp tests/ledger/ledger-1.1.db "$tmp/old.ledger"
step --db "$tmp/old.ledger" --period 2019H2 --lang en --notices -o "$tmp/old.html"
compare "$golden_old" "$tmp/old.html"
# Reviewed since (a 1.1 period needs the full row), a period of 1.1 has rows
# with observations and rows without: it stays a page of points, with the
# revision; a period applied by 1.2 after it has its previous period's
# figures where 1.1 kept them.
{
    "$ledger" --db "$tmp/old.ledger" --by reviewer --reason "appeal: B items pass" \
        review 2018H2 tests/ledger/review-1.1-full.csv &&
    "$ledger" --db "$tmp/old.ledger" --by clerk apply tests/ledger/2020H1.csv
} >/dev/null || exit 1
step --db "$tmp/old.ledger" --period 2018H2 --lang en --compound K5 -o "$tmp/old-reviewed.html"
expect "$tmp/old-reviewed.html" 'Revision</dt><dd>2, revised by a review (log entry 2, ' \
    "the reviewed 1.1 period's page does not say K5's row was revised"
expect "$tmp/old-reviewed.html" 'This period was stored by pmindex 1.1' \
    "the reviewed 1.1 period's page is not a page of points"
step --db "$tmp/old.ledger" --period 2020H1 --lang en -o "$tmp/after-old.html"
expect "$tmp/after-old.html" 'The previous period (2019H2) was stored by pmindex 1.1' \
    "the period after a 1.1 period does not say its previous figures lack the observations"
expect "$tmp/after-old.html" 'Mean index</th><td class="num">94.43</td><td class="num">–</td>' \
    "the period after a 1.1 period does not show its mean beside an unknown one"
compare "$golden_txt" "$tmp/transcript"
exit $fail
