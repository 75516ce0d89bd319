#!/bin/sh
# Shows that check-abi.sh passes what keeps the ABI and fails what breaks
# it, on a small fake library: a baseline of release 1.0.0 is made with
# abidw, then each variant is checked against it.
# Usage: check-abi-selftest.sh CHECK_SCRIPT CC [CC ARGS...]
set -u
check=$1
shift
if ! command -v abidw >/dev/null 2>&1 || ! command -v abidiff >/dev/null 2>&1; then
    echo "abidw/abidiff not found (apt-get install abigail-tools): skipped"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# make NAME [sed script for the header and the source] [version script]
make() {
    name=$1 edit=$2 map=$3
    d=$tmp/$name
    mkdir -p "$d/include/pmindex"
    sed "$edit" >"$d/include/pmindex/pmindex.h" <<'EOF'
#include <stdint.h>
enum pmindex_kind { PMINDEX_KIND_A = 1, PMINDEX_KIND_B = 2 };
#define PMINDEX_SCALE 100
typedef struct pmindex_obj pmindex_obj;
int32_t pmindex_f(int32_t x);
int pmindex_g(const pmindex_obj *o);
/*HEADER*/
EOF
    sed "$edit" >"$d/lib.c" <<'EOF'
#include <pmindex/pmindex.h>
#define API __attribute__((visibility("default")))
struct pmindex_obj { int a; };
API int32_t pmindex_f(int32_t x) { return x + PMINDEX_KIND_B; }
API int pmindex_g(const pmindex_obj *o) { return o->a; }
/*SOURCE*/
EOF
    printf '%s\n' "$map" >"$d/map"
    "$CC" $CFLAGS -shared -fPIC -fvisibility=hidden -I"$d/include" "$d/lib.c" -o "$d/libfake.so" \
        -Wl,--version-script="$d/map" -Wl,-soname,libfake.so.1 2>"$d/build.err" ||
        { echo "FAIL: cannot build $name:"; cat "$d/build.err"; fail=1; }
}
CC=$1
shift
CFLAGS="-g $*"

# expect STATUS MESSAGE NAME VERSION: checks variant NAME built as VERSION.
expect() {
    d=$tmp/$3
    "$check" --baselines "$tmp/abi" --library "$d/libfake.so" --version "$4" \
        --header "$d/include/pmindex/pmindex.h" --headers-dir "$d/include/pmindex" \
        -- "$CC" -I"$d/include" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" != "$1" ]; then
        echo "FAIL: $3 as $4: exit status $got, expected $1"; sed 's/^/  /' "$tmp/out"; fail=1
    elif [ -n "$2" ] && ! grep -qF -e "$2" "$tmp/out"; then
        echo "FAIL: $3 as $4: the check did not say \"$2\":"; sed 's/^/  /' "$tmp/out"; fail=1
    else
        echo "ok: $3 as $4 (exit $got${2:+: $2})"
    fi
}

v1='PMINDEX_1 { global: pmindex_f; pmindex_g; local: *; };'
make base '' "$v1"
mkdir "$tmp/abi"
abidw --headers-dir "$tmp/base/include/pmindex" --drop-private-types --no-corpus-path \
    --no-comp-dir-path --no-show-locs --out-file "$tmp/abi/libfake-1.0.0.abi" "$tmp/base/libfake.so"
"$(dirname "$check")/abi-constants.sh" "$tmp/base/include/pmindex/pmindex.h" "$CC" \
    -I"$tmp/base/include" >"$tmp/abi/libfake-1.0.0.constants"

expect 0 "no change to the ABI of 1.0.0" base 1.0.0
expect 0 "the version nodes of 1.0.0 are as released" base 1.0.1

# A function added: to the node of the release being made (fine), to the
# node of a released version (not fine), to a new node (fine).
add='s|/\*SOURCE\*/|API int pmindex_h(void) { return 1; }|'
addh='s|/\*HEADER\*/|int pmindex_h(void);|'
make added "$add;$addh" 'PMINDEX_1 { global: pmindex_f; pmindex_g; pmindex_h; local: *; };'
expect 0 "additions aside" added 1.0.0
expect 1 "functions added to a version node of the released 1.0.0" added 1.1.0
make node "$add;$addh" "$v1 PMINDEX_1.1 { global: pmindex_h; } PMINDEX_1;"
expect 0 "the version nodes of 1.0.0 are as released" node 1.1.0

# A function removed, its type changed, its version node changed.
make removed '/pmindex_g/d' 'PMINDEX_1 { global: pmindex_f; local: *; };'
expect 1 "incompatible change" removed 1.1.0
make param 's/pmindex_f(int32_t x)/pmindex_f(int64_t x)/' "$v1"
expect 1 "ABI change" param 1.0.0
make return 's/int32_t pmindex_f/int64_t pmindex_f/' "$v1"
expect 1 "ABI change" return 1.1.0
make moved '' 'PMINDEX_1 { global: pmindex_f; local: *; }; PMINDEX_2 { global: pmindex_g; } PMINDEX_1;'
expect 1 "incompatible change" moved 1.1.0

# Constants: a value changed, a constant removed, one added (fine).
make enum 's/PMINDEX_KIND_B = 2/PMINDEX_KIND_B = 3/' "$v1"
expect 1 "PMINDEX_KIND_B 2" enum 1.0.0
make macro 's/^#define PMINDEX_SCALE 100$//' "$v1"
expect 1 "constants of 1.0.0 removed or changed" macro 1.0.0
make more 's/PMINDEX_KIND_B = 2 }/PMINDEX_KIND_B = 2, PMINDEX_KIND_C = 3 }/' "$v1"
expect 0 "keep their values" more 1.0.0

# No debug information: skipped, not passed.
CFLAGS_SAVED=$CFLAGS
CFLAGS="-g0 $*"
make stripped '' "$v1"
CFLAGS=$CFLAGS_SAVED
expect 77 "no debug information" stripped 1.0.0

# No baseline at all.
rm -r "$tmp/abi"
mkdir "$tmp/abi"
expect 1 "no baseline" base 1.0.0
exit $fail
