#!/bin/sh
# The public header, and each of its parts (pmindex/model.h...), compiles
# alone as strict C99 and C11 (-std=c99 -pedantic -Werror -Wall -Wextra) and
# as C++11 and C++17, with every C and C++ compiler found (gcc, clang, g++,
# clang++), and a C++ program calling the library links and runs
# (extern "C").
# Usage: check-header.sh INCLUDE_DIR BUILD_INCLUDE_DIR LIBRARY_DIR
set -u
inc=$1 binc=$2 libdir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 compilers=0

parts=""
for h in "$inc"/pmindex/*.h; do
    part=$(basename "$h" .h)
    printf '#include <pmindex/%s.h>\n' "$part" >"$tmp/alone-$part.c"
    parts="$parts $part"
done
# Twice, and with nothing else before it.
printf '#include <pmindex/pmindex.h>\n#include <pmindex/pmindex.h>\nint main(void) { return 0; }\n' \
    >"$tmp/twice.c"
cat >"$tmp/call.cc" <<'CC'
#include <pmindex/pmindex.h>
#include <cstdio>
int main()
{
    pmindex_model *model = nullptr;
    if (pmindex_model_default(&model) != PMINDEX_OK)
        return 1;
    std::printf("%s %d\n", pmindex_version_string(), pmindex_model_item_count(model));
    pmindex_model_free(model);
    return pmindex_version() / 10000 == PMINDEX_VERSION_MAJOR ? 0 : 1;
}
CC

check() { # what command...
    what=$1
    shift
    if "$@" >"$tmp/log" 2>&1; then
        echo "ok: $what"
    else
        echo "FAIL: $what:"; sed 's/^/  /' "$tmp/log"; fail=1
    fi
}

for c in gcc clang; do
    command -v "$c" >/dev/null || continue
    compilers=$((compilers + 1))
    for std in c99 c11; do
        for part in $parts; do
            check "$c -std=$std $part.h" "$c" -std=$std -pedantic -Werror -Wall -Wextra \
                -fsyntax-only -I"$inc" -I"$binc" -x c "$tmp/alone-$part.c"
        done
    done
    check "$c twice" "$c" -std=c99 -pedantic -Werror -Wall -Wextra -fsyntax-only \
        -I"$inc" -I"$binc" "$tmp/twice.c"
done
for cxx in g++ clang++; do
    command -v "$cxx" >/dev/null || continue
    compilers=$((compilers + 1))
    for std in c++11 c++17; do
        for part in $parts; do
            check "$cxx -std=$std $part.h" "$cxx" -std=$std -pedantic -Werror -Wall -Wextra \
                -fsyntax-only -I"$inc" -I"$binc" -x c++ "$tmp/alone-$part.c"
        done
    done
    if "$cxx" -std=c++11 -pedantic -Werror -Wall -Wextra -I"$inc" -I"$binc" "$tmp/call.cc" \
        -L"$libdir" -lpmindex -o "$tmp/call" >"$tmp/log" 2>&1 &&
        LD_LIBRARY_PATH=$libdir "$tmp/call" >"$tmp/out" 2>&1; then
        echo "ok: $cxx program linked and ran: $(cat "$tmp/out")"
    else
        echo "FAIL: $cxx program:"; cat "$tmp/log" "$tmp/out" 2>/dev/null | sed 's/^/  /'; fail=1
    fi
done
[ "$compilers" -gt 0 ] || { echo "no compiler found"; exit 77; }
exit $fail
