#!/usr/bin/env bash
# Runs bench/xml and its libvirt anchor on the same input, in one run,
# and prints both figures and their ratio.
#   bench/run-xml.sh [BUILD-DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
input=$top/tests/checkpointxml2xml/out/redefine-domain.xml
ours=$("$build/bench/xml" 20000 "$input")
theirs=$(/usr/bin/python3 "$top/bench/xml-libvirt.py" 200 "$input")
echo "$ours"
echo "$theirs"
a=$(echo "$ours" | sed -n 's/^parse+validate+align+format: \([0-9.]*\) us.*/\1/p')
b=$(echo "$theirs" | sed -n 's/^libvirt 9.0 redefine+dumpxml: \([0-9.]*\) us.*/\1/p')
awk -v a="$a" -v b="$b" 'BEGIN { printf "ratio: tidemark is %.0fx faster than libvirt 9.0 (target: <= 100 us per operation: %s)\n", b / a, (a <= 100 ? "met" : "MISSED") }'
