#!/usr/bin/env bash
# bench/checkpoints in one run: (a) 1,000 checkpoints through tidemark and
# through libvirt 9.0 (python3-libvirt, its test driver), per-operation
# times and ratios; (b) 10,000 through tidemark alone: total time and
# peak RSS against the targets (< 5 s, < 100 MB).
#   bench/run-checkpoints.sh [BUILD-DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
ours=$("$build/bench/checkpoints" 1000)
theirs=$(/usr/bin/python3 "$top/bench/checkpoints-libvirt.py" 1000)
echo "$ours"
echo "$theirs"
for phase in create dumpxml delete; do
    a=$(echo "$ours" | awk -v p="$phase" '$1 == p { print $2 }')
    b=$(echo "$theirs" | awk -v p="$phase" '$1 == p { print $2 }')
    awk -v p="$phase" -v a="$a" -v b="$b" 'BEGIN { printf "ratio %-8s libvirt/tidemark = %.0fx\n", p, b / a }'
done
echo
big=$("$build/bench/checkpoints" 10000)
echo "$big"
echo "$big" | awk '$1 == "total" { t = $2 } $1 == "peak" { r = $3 }
    END { printf "10,000 targets: total %.2f s (< 5 s: %s), peak RSS %.1f MB (< 100 MB: %s)\n",
          t, (t < 5 ? "met" : "MISSED"), r, (r < 100 ? "met" : "MISSED") }'
