#!/bin/sh
# Prints every constant of the public header, "NAME VALUE" sorted by name:
# the enumerators and the object-like macros with a value, as the compiler
# sees them. Part of the ABI that abidiff cannot see (the functions take
# int32_t, not the enum types). Used by tests/abi/update and tests/check-abi.sh.
# HEADER is the umbrella header: the parts it includes are read with it.
# Usage: abi-constants.sh HEADER CC [CC ARGS, e.g. -I DIRS...]
set -eu
header=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Comments out (one-line ones, and the lines of the header's block comments).
# shellcheck disable=SC2046
sed -E 's|/\*.*\*/||g; s|//.*||; /^[[:space:]]*(\/\*|\*)/d' \
    $("$(dirname "$0")/public-headers.sh" "$header") >"$tmp/code"
{
    grep -oE 'PMINDEX_[A-Z0-9_]+[[:space:]]*=[^=]' "$tmp/code" | sed -E 's/[[:space:]]*=.*//'
    sed -n -E 's/^#[[:space:]]*define[[:space:]]+(PMINDEX_[A-Z0-9_]+)[[:space:]]+[^[:space:]].*/\1/p' \
        "$tmp/code"
} | sort -u >"$tmp/names"
[ -s "$tmp/names" ] || { echo "abi-constants.sh: no constants in $header" >&2; exit 1; }
{
    printf '#include <stdio.h>\n#include <%s>\nint main(void)\n{\n' "pmindex/$(basename "$header")"
    while read -r name; do
        printf '    printf("%%s %%lld\\n", "%s", (long long)(%s));\n' "$name" "$name"
    done <"$tmp/names"
    printf '    return 0;\n}\n'
} >"$tmp/constants.c"
"$@" -o "$tmp/constants" "$tmp/constants.c"
"$tmp/constants"
