#!/bin/sh
# Shows that check-exports.sh fails on each kind of mismatch: a small fake
# library is built from a header, a version script and a source that agree
# (the check must pass), then each is spoiled in one way (the check must
# fail and say why).
# Usage: check-exports-selftest.sh CHECK_SCRIPT CC [CC ARGS...]
set -u
check=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

cat >"$tmp/good.h" <<'EOF'
/** A declaration in the header's style. */
int pmindex_alpha(int x);
const char *pmindex_beta(void);
EOF
cat >"$tmp/good.map" <<'EOF'
PMINDEX_1 {
global:
    pmindex_alpha;
    pmindex_beta;
local:
    *;
};
EOF
cat >"$tmp/good.c" <<'EOF'
#define API __attribute__((visibility("default")))
API int pmindex_alpha(int x) { return x; }
API const char *pmindex_beta(void) { return "b"; }
int helper(void) { return 1; } /* not exported: the version script hides it */
EOF

# build NAME SOURCE MAP: a shared library from SOURCE linked with MAP ("" for none).
build() {
    script=""
    [ -n "$3" ] && script="-Wl,--version-script=$3"
    "$CC_CMD" $CC_ARGS -shared -fPIC -o "$tmp/$1.so" "$2" $script 2>"$tmp/build.err" || {
        echo "FAIL: cannot build the fake library $1:"; cat "$tmp/build.err"; fail=1
    }
}
CC_CMD=$1
shift
CC_ARGS="$*"

# expect STATUS MESSAGE HEADER MAP LIB: runs the check, compares.
expect() {
    "$check" "$3" "$4" "$5" >"$tmp/out" 2>&1
    got=$?
    if [ "$got" != "$1" ]; then
        echo "FAIL: $2: exit status $got, expected $1"; sed 's/^/  /' "$tmp/out"; fail=1
    elif [ -n "$2" ] && ! grep -qF -e "$2" "$tmp/out"; then
        echo "FAIL: the check did not say \"$2\":"; sed 's/^/  /' "$tmp/out"; fail=1
    else
        echo "ok: ${2:-all agree}"
    fi
}

build good "$tmp/good.c" "$tmp/good.map"
expect 0 "" "$tmp/good.h" "$tmp/good.map" "$tmp/good.so"

# An exported symbol without the prefix (listed as global in the script).
sed 's/    pmindex_beta;/    pmindex_beta;\n    helper;/' "$tmp/good.map" >"$tmp/helper.map"
build helper "$tmp/good.c" "$tmp/helper.map"
expect 1 "exported symbols without the pmindex_ prefix" "$tmp/good.h" "$tmp/good.map" \
    "$tmp/helper.so"

# A declared function the library does not export.
printf 'int pmindex_gamma(void);\n' >>"$tmp/gamma.h"
cat "$tmp/good.h" "$tmp/gamma.h" >"$tmp/decl.h"
sed 's/    pmindex_beta;/    pmindex_beta;\n    pmindex_gamma;/' "$tmp/good.map" >"$tmp/gamma.map"
expect 1 "-pmindex_gamma" "$tmp/decl.h" "$tmp/gamma.map" "$tmp/good.so"

# An exported function the header does not declare.
cat "$tmp/good.c" >"$tmp/extra.c"
printf 'API int pmindex_gamma(void) { return 3; }\n' >>"$tmp/extra.c"
build extra "$tmp/extra.c" "$tmp/gamma.map"
expect 1 "+pmindex_gamma" "$tmp/good.h" "$tmp/gamma.map" "$tmp/extra.so"

# A name in the version script the header does not declare.
expect 1 "header (-) and version script (+) disagree" "$tmp/good.h" "$tmp/gamma.map" \
    "$tmp/good.so"

# A declaration the version script does not list.
grep -v pmindex_beta "$tmp/good.map" >"$tmp/short.map"
expect 1 "header (-) and version script (+) disagree" "$tmp/good.h" "$tmp/short.map" \
    "$tmp/good.so"

# A name listed twice in the version script.
sed 's/    pmindex_beta;/    pmindex_beta;\n    pmindex_beta;/' "$tmp/good.map" >"$tmp/twice.map"
expect 1 "names listed more than once" "$tmp/good.h" "$tmp/twice.map" "$tmp/good.so"

# A library linked without the version script: unversioned exports.
build plain "$tmp/good.c" ""
expect 1 "without a version node" "$tmp/good.h" "$tmp/good.map" "$tmp/plain.so"

# A declaration the header spells another way is not taken for one: the
# library's export then has no declaration, and the check fails.
printf 'int\npmindex_alpha(int x);\nconst char *pmindex_beta(void);\n' >"$tmp/split.h"
expect 1 "+pmindex_alpha" "$tmp/split.h" "$tmp/good.map" "$tmp/good.so"

exit $fail
