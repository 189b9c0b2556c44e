#!/bin/sh
# rpcgen.sh -h|-c SOURCE.x OUTPUT: runs Debian's rpcgen on SOURCE.x from
# its own directory, so that the generated .c includes its header by
# base name ("tm_net_protocol.h", found next to it in the build dir)
# instead of by the source path rpcgen would otherwise write into it.
set -eu
mode=$1 src=$2 out=$3
case $out in /*) ;; *) out=$(pwd)/$out ;; esac
# rpcgen refuses to replace an existing output
rm -f "$out"
cd "$(dirname "$src")"
exec rpcgen "$mode" -o "$out" "$(basename "$src")"
