#!/bin/sh
# Installs the build into a temporary prefix (meson install --destdir), then
# builds tests/consumer/consumer.c outside the tree with nothing but
# `pkg-config --cflags --libs pmindex` and runs it: shared, then static
# (pkg-config --static). Also imports the installed Python module, which
# must find the installed library by its soname.
# Usage: run.sh BUILD_DIR CC [CC ARGS...]   (from the source root)
set -eu
build=$1
shift
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$tmp/install.log" 2>&1 || {
    echo "meson install failed:"; cat "$tmp/install.log"; exit 1
}
pc=$(find "$dest" -name pmindex.pc)
[ -n "$pc" ] || { echo "no pmindex.pc was installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$dest"
export PKG_CONFIG_LIBDIR="$(dirname "$pc")" # nothing but the installed library
version=$(pkg-config --modversion pmindex)
cflags=$(pkg-config --cflags pmindex)
libs=$(pkg-config --libs pmindex)
# Where the library is, as the linker is told (sysroot applied).
libdir=$(pkg-config --libs-only-L pmindex | sed 's/^ *-L//; s/ .*//')
[ -f "$libdir/libpmindex.so.1" ] || { echo "no libpmindex.so.1 in $libdir"; exit 1; }
echo "pmindex $version: cflags $cflags; libs $libs"

# The program, alone in a directory of its own.
mkdir "$tmp/work"
cp tests/consumer/consumer.c "$tmp/work/"
cd "$tmp/work"
# shellcheck disable=SC2086
"$@" -std=c11 -Wall -Wextra -Werror $cflags consumer.c $libs -o consumer -MD -MF deps
# It must have used the installed header, not the source tree's.
grep -q "$dest[^ ]*/pmindex/pmindex.h" deps || { echo "pmindex.h did not come from $dest:"; cat deps; exit 1; }
grep -q "$root/include" deps && { echo "the source tree's header was used"; exit 1; }
readelf -d consumer | grep -q 'NEEDED.*libpmindex\.so\.1' ||
    { echo "consumer does not need libpmindex.so.1:"; readelf -d consumer; exit 1; }

{
    head -4 "$root/tests/golden/luohu-sample.csv"
    echo "200 compounds, $(wc -c <"$root/tests/golden/luohu-sample.csv") bytes of CSV"
    echo "LH-1 58.33 fallback management"
} >expected
LD_LIBRARY_PATH=$libdir ./consumer "$root/examples/data/luohu-sample.csv" >got
cmp -s expected got || { echo "the shared consumer printed:"; diff -u expected got; exit 1; }
echo "ok: built with pkg-config, linked to the shared library, same output"

# Static: the archive and what pkg-config --static adds.
slibs="$(pkg-config --static --libs-only-L pmindex) -Wl,-Bstatic -lpmindex -Wl,-Bdynamic"
slibs="$slibs $(pkg-config --static --libs-only-l pmindex | sed 's/-lpmindex//')"
# shellcheck disable=SC2086
"$@" -std=c11 $cflags consumer.c $slibs -o consumer-static
if readelf -d consumer-static | grep -q 'NEEDED.*libpmindex'; then
    echo "consumer-static still needs the shared library"; exit 1
fi
./consumer-static "$root/examples/data/luohu-sample.csv" >got-static
cmp -s expected got-static || { echo "the static consumer printed:"; diff -u expected got-static; exit 1; }
echo "ok: linked statically, same output"

# The installed Python module finds the installed library by its soname.
py=$(find "$dest" -type d -path '*/pmindex/python' | head -1)
if [ -n "$py" ] && command -v python3 >/dev/null; then
    got=$(env -u PMINDEX_LIBRARY PYTHONPATH="$py" LD_LIBRARY_PATH="$libdir" PYTHONDONTWRITEBYTECODE=1 \
        python3 -c 'import pmindex; print(pmindex.LIBRARY_PATH, pmindex.Model.default().assess({"A1": "1"}).index)')
    [ "$got" = "libpmindex.so.1 100.00" ] || { echo "installed Python module: $got"; exit 1; }
    echo "ok: the installed Python module loads libpmindex.so.1"
else
    echo "the Python module was not installed"; exit 1
fi
