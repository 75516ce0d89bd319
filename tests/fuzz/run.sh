#!/bin/sh
# Runs libFuzzer targets: tests/fuzz/run.sh TARGET|all SECONDS [libFuzzer options...]
# Builds build-fuzz/ (clang, -Dfuzzing=true: ASan + UBSan + libFuzzer) when
# needed; installs clang with the project's package list if missing. Each
# target starts from a copy of its committed corpus (tests/fuzz/corpus/T) in
# build-fuzz/corpus/T, so new finds stay out of the tree until someone
# minimises and commits them. A crash leaves crash-* in build-fuzz/findings/T
# and the script exits 1; commit the input under tests/fuzz/regressions/T/
# with the fix, and the normal suite replays it.
set -eu
cd "$(dirname "$0")/../.."
[ $# -ge 2 ] || { echo "usage: tests/fuzz/run.sh TARGET|all SECONDS [libFuzzer options]" >&2; exit 2; }
target=$1 seconds=$2
shift 2
# Every tests/fuzz/fuzz-NAME.c is a target (add NAME to tests/fuzz/meson.build too).
all=$(for f in tests/fuzz/fuzz-*.c; do f=${f#tests/fuzz/fuzz-}; echo "${f%.c}"; done)
[ "$target" = all ] && targets=$all || targets=$target

if ! command -v clang >/dev/null 2>&1; then
    PMINDEX_EXTRA_PACKAGES=clang .ci/setup --packages-only
fi
if [ ! -f build-fuzz/build.ninja ]; then
    CC=clang meson setup build-fuzz -Dfuzzing=true -Db_lundef=false >&2
fi
for t in $targets; do
    ninja -C build-fuzz -j2 "tests/fuzz/fuzz-$t" >&2
done

status=0
for t in $targets; do
    mkdir -p "build-fuzz/corpus/$t" "build-fuzz/findings/$t" build-fuzz/logs
    log=build-fuzz/logs/$t.log
    # Past findings run first: some (UBSan on clang) only show in this build.
    regressions=""
    [ -d "tests/fuzz/regressions/$t" ] && regressions="tests/fuzz/regressions/$t"
    # -rss_limit_mb and -max_len bound each run; -timeout catches hangs.
    # New inputs go to build-fuzz/corpus/T; the committed ones are read too.
    if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
       UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
       "build-fuzz/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="build-fuzz/findings/$t/" "$@" \
            "build-fuzz/corpus/$t" "tests/fuzz/corpus/$t" $regressions >"$log" 2>&1; then
        echo "fuzz-$t: $(grep -E '^Done [0-9]+ runs' "$log" | tail -1), no finding (log: $log)" >&2
    else
        tail -n 60 "$log" >&2
        echo "fuzz-$t: FOUND a problem, see build-fuzz/findings/$t/ and $log" >&2
        status=1
    fi
done
exit $status
