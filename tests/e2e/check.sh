#!/bin/sh
# End-to-end check of a program: check.sh STATUS OUT ERR [-i INPUT] -- COMMAND...
# Runs COMMAND (from the directory meson gives, the source root), feeding
# it INPUT on standard input when given, and compares its exit status with
# STATUS and its standard output and error with the files OUT and ERR
# ("-" for not checked, "empty" for must be empty).
# With PMINDEX_UPDATE_GOLDEN=1 the files are rewritten from what it printed.
set -u
status=$1 out=$2 err=$3
shift 3
input=/dev/null
if [ "$1" = "-i" ]; then
    input=$2
    shift 2
fi
[ "$1" = "--" ] && shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$@" <"$input" >"$tmp/out" 2>"$tmp/err"
got=$?
fail=0
compare() { # expected-file actual-file what
    case $1 in
    -) return 0 ;;
    empty)
        if [ -s "$2" ]; then
            echo "FAIL: $3 should be empty but holds:"; head -20 "$2"; fail=1
        fi ;;
    *)
        if [ "${PMINDEX_UPDATE_GOLDEN:-}" = 1 ]; then
            cp "$2" "$1"
        elif ! cmp -s "$1" "$2"; then
            echo "FAIL: $3 differs from $1:"; diff -u "$1" "$2" | head -40; fail=1
        fi ;;
    esac
}
compare "$out" "$tmp/out" "standard output"
compare "$err" "$tmp/err" "standard error"
if [ "$got" != "$status" ]; then
    echo "FAIL: exit status $got, expected $status"
    echo "stderr:"; head -20 "$tmp/err"
    fail=1
fi
exit $fail
