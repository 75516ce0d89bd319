#!/bin/sh
# Compares the built library with every ABI baseline committed in a folder
# (tests/abi/libpmindex-VERSION.abi and .constants, written by tests/abi/update):
#
# 1. abidiff --no-added-syms BASELINE LIBRARY must report nothing. Added
#    functions are left out, so what remains is a change to what a program
#    built against the baseline uses. abidiff's exit status is a bit field:
#    1 = abidiff failed, 2 = usage error, 4 = an ABI change (a function's
#    parameter or return type changed...), 8 = an incompatible change (a
#    function or its version removed). Any bit fails the check.
# 2. The version nodes of a released baseline (a VERSION other than the one
#    being built) are frozen: a function exported at such a node that the
#    baseline does not have fails. New functions go into a new node
#    (PMINDEX_1.1 inheriting PMINDEX_1). While VERSION is still the one being
#    built, functions may be added to its nodes.
# 3. Every constant of the baseline (enumerators and macros of the public
#    header) keeps its value; new constants are fine.
#
# Exit 77 (skipped) when abidiff is not installed or the library has no debug
# information (abidiff then sees only symbols; build with -g).
#
# Usage: check-abi.sh --baselines DIR --library LIB --version VERSION
#            --header HEADER [--headers-dir DIR]... -- CC [CC ARGS...]
set -u
baselines='' library='' version='' header='' hdirs=''
while [ $# -gt 0 ]; do
    case $1 in
    --baselines) baselines=$2; shift 2 ;;
    --library) library=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --header) header=$2; shift 2 ;;
    --headers-dir) hdirs="$hdirs --headers-dir2 $2"; shift 2 ;;
    --) shift; break ;;
    *) echo "check-abi.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
[ -n "$baselines" ] && [ -n "$library" ] && [ -n "$version" ] && [ -n "$header" ] && [ $# -gt 0 ] ||
    { echo "usage: check-abi.sh --baselines DIR --library LIB --version V --header H -- CC..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v abidiff >/dev/null 2>&1; then
    echo "abidiff not found (Debian: apt-get install abigail-tools): ABI check skipped"
    exit 77
fi
if ! readelf -S "$library" | grep -q '\.debug_info'; then
    echo "$library has no debug information (build with -g): ABI check skipped"
    exit 77
fi
found=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The library's exports as "name version".
nm -D --defined-only "$library" | awk '$2 != "A" {print $3}' | sed 's/@@*/ /' | sort >"$tmp/exports"
"$here/abi-constants.sh" "$header" "$@" >"$tmp/constants" || { echo "cannot list the constants"; exit 1; }

for abi in "$baselines"/*.abi; do
    [ -f "$abi" ] || continue
    found=$((found + 1))
    base=${abi%.abi}
    v=${base##*-}
    echo "== baseline $v ($abi)"

    # shellcheck disable=SC2086
    abidiff --no-added-syms --drop-private-types $hdirs "$abi" "$library" >"$tmp/report" 2>&1
    rc=$?
    if [ $rc -ne 0 ]; then
        why=""
        [ $((rc & 1)) -ne 0 ] && why="$why abidiff failed;"
        [ $((rc & 2)) -ne 0 ] && why="$why usage error;"
        [ $((rc & 4)) -ne 0 ] && why="$why ABI change;"
        [ $((rc & 8)) -ne 0 ] && why="$why incompatible change;"
        echo "FAIL: abidiff exit status $rc:$why the library breaks the ABI of $v:"
        sed 's/^/  /' "$tmp/report"
        fail=1
    else
        echo "ok: abidiff finds no change to the ABI of $v (additions aside)"
    fi

    if [ "$v" != "$version" ]; then
        sed -n "s/.*<elf-symbol name='\([^']*\)' version='\([^']*\)'.*/\1 \2/p" "$abi" |
            sort >"$tmp/base-syms"
        cut -d' ' -f2 "$tmp/base-syms" | sort -u >"$tmp/nodes"
        # Exports at a node of the released baseline that it does not have.
        awk 'NR == FNR { node[$1] = 1; next } ($2 in node) { print }' "$tmp/nodes" \
            "$tmp/exports" | sort >"$tmp/at-nodes"
        comm -23 "$tmp/at-nodes" "$tmp/base-syms" >"$tmp/added"
        if [ -s "$tmp/added" ]; then
            echo "FAIL: functions added to a version node of the released $v; put them in a new"
            echo "node (such as PMINDEX_1.1 inheriting PMINDEX_1) in the version script:"
            sed 's/^/  /' "$tmp/added"
            fail=1
        else
            echo "ok: the version nodes of $v are as released"
        fi
    fi

    if [ -f "$base.constants" ]; then
        # Constants of the baseline that are gone or changed.
        sort "$base.constants" >"$tmp/base-constants"
        comm -23 "$tmp/base-constants" "$tmp/constants" >"$tmp/changed"
        if [ -s "$tmp/changed" ]; then
            echo "FAIL: constants of $v removed or changed (baseline values):"
            sed 's/^/  /' "$tmp/changed"
            while read -r name _; do
                grep "^$name " "$tmp/constants" | sed 's/^/  now: /'
            done <"$tmp/changed"
            fail=1
        else
            echo "ok: the constants of $v keep their values"
        fi
    else
        echo "FAIL: $base.constants is missing (tests/abi/update writes it)"
        fail=1
    fi
done
[ $found -gt 0 ] || { echo "FAIL: no baseline in $baselines (make one with tests/abi/update)"; exit 1; }
exit $fail
