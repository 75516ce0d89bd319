#!/bin/sh
# The ABI in three places must agree: the functions the header declares, the
# names the version script exports, and the symbols the built library
# exports. Any exported symbol without the pmindex_ prefix fails too, and so
# do an exported symbol without a version and a name listed twice in the
# version script. tests/check-exports-selftest.sh shows each failure.
# HEADER is the umbrella header: the parts it includes are read with it.
# Usage: check-exports.sh HEADER VERSION_SCRIPT LIBRARY
set -eu
header=$1 map=$2 lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for f in "$header" "$map" "$lib"; do
    [ -r "$f" ] || { echo "cannot read $f"; exit 1; }
done

# Declarations: "type pmindex_name(" at the start of a line (the header's
# style). A declaration written another way is missed here and then shows up
# below as exported but not declared: the check fails rather than passes.
# shellcheck disable=SC2046
grep -hE '^[A-Za-z_][A-Za-z0-9_ *]*[ *]pmindex_[a-z0-9_]+\(' $("$(dirname "$0")/public-headers.sh" "$header") |
    sed -E 's/.*[ *](pmindex_[a-z0-9_]+)\(.*/\1/' | sort -u >"$tmp/header"
grep -E '^[[:space:]]+pmindex_[a-z0-9_]+;' "$map" | tr -d ' \t;' | sort >"$tmp/map-all"
uniq "$tmp/map-all" >"$tmp/map"
# Every defined dynamic symbol but the version nodes themselves (type A).
nm -D --defined-only "$lib" >"$tmp/nm" || { echo "nm cannot read $lib"; exit 1; }
awk '$2 != "A" {print $3}' "$tmp/nm" >"$tmp/versioned"
sed 's/@.*//' "$tmp/versioned" | sort -u >"$tmp/lib"

fail=0
if grep -v '^pmindex_' "$tmp/lib" >"$tmp/bad"; then
    echo "exported symbols without the pmindex_ prefix:"; cat "$tmp/bad"; fail=1
fi
if grep -v '@' "$tmp/versioned" >"$tmp/bad"; then
    echo "exported symbols without a version node (is the version script applied?):"
    cat "$tmp/bad"; fail=1
fi
if uniq -d "$tmp/map-all" >"$tmp/bad" && [ -s "$tmp/bad" ]; then
    echo "names listed more than once in the version script:"; cat "$tmp/bad"; fail=1
fi
if ! diff -u "$tmp/header" "$tmp/map" >"$tmp/d1"; then
    echo "header (-) and version script (+) disagree:"; cat "$tmp/d1"; fail=1
fi
if ! diff -u "$tmp/header" "$tmp/lib" >"$tmp/d2"; then
    echo "header (-) and library exports (+) disagree:"; cat "$tmp/d2"; fail=1
fi
[ -s "$tmp/header" ] || { echo "no declarations found in $header"; fail=1; }
exit $fail
