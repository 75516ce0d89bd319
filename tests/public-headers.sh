#!/bin/sh
# Prints the paths of a public header and of the parts it includes as
# <pmindex/NAME.h> from its own directory (pmindex.h includes every part;
# a part includes the parts it builds on), each once, in include order.
# Generated headers (version.h) are not in the directory and are skipped.
# Used by the checks that read the API from the headers.
# Usage: public-headers.sh HEADER
set -eu
dir=$(dirname "$1")
seen=" "
walk() {
    case "$seen" in *" $1 "*) return ;; esac
    seen="$seen$1 "
    [ -f "$dir/$1" ] || return 0
    for part in $(sed -n -E 's|^#include <pmindex/([a-z0-9_]+\.h)>.*|\1|p' "$dir/$1"); do
        walk "$part"
    done
    echo "$dir/$1"
}
walk "$(basename "$1")"
