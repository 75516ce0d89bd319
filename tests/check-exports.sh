#!/bin/sh
# The ABI in three places must agree: the functions the header declares, the
# names the version script exports, and the symbols the built library
# exports. Any exported symbol without the pmindex_ prefix fails too.
# Usage: check-exports.sh HEADER VERSION_SCRIPT LIBRARY
set -eu
header=$1 map=$2 lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Declarations: "type pmindex_name(" at the start of a line (the header's style).
grep -E '^[A-Za-z_][A-Za-z0-9_ *]*[ *]pmindex_[a-z0-9_]+\(' "$header" |
    sed -E 's/.*[ *](pmindex_[a-z0-9_]+)\(.*/\1/' | sort -u >"$tmp/header"
grep -E '^[[:space:]]+pmindex_[a-z0-9_]+;' "$map" | tr -d ' \t;' | sort -u >"$tmp/map"
nm -D --defined-only "$lib" | awk '$2 ~ /[TDBR]/ {print $3}' | sed 's/@.*//' |
    grep -v '^PMINDEX_' | sort -u >"$tmp/lib"

fail=0
if grep -v '^pmindex_' "$tmp/lib" >"$tmp/bad"; then
    echo "exported symbols without the pmindex_ prefix:"; cat "$tmp/bad"; fail=1
fi
if ! diff -u "$tmp/header" "$tmp/map" >"$tmp/d1"; then
    echo "header (-) and version script (+) disagree:"; cat "$tmp/d1"; fail=1
fi
if ! diff -u "$tmp/header" "$tmp/lib" >"$tmp/d2"; then
    echo "header (-) and library exports (+) disagree:"; cat "$tmp/d2"; fail=1
fi
[ "$(wc -l <"$tmp/header")" -gt 0 ] || { echo "no declarations found in $header"; fail=1; }
exit $fail
