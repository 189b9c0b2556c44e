#!/usr/bin/env bash
# bench/qemu-checkpoint in one run: checkpoint create, SIZE and delete on a
# running QEMU domain (1 disk), create with 4 disks and with 100 existing
# checkpoints, through libvirt 9.0's embedded qemu driver and through
# tidemark's, on images made the same way, and the ratios.
#   bench/run-qemu-checkpoint.sh [BUILD-DIR] [ROUNDS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-20}
tmp=$(mktemp -d)
pids=()
cleanup() {
    # QEMUs left by a failed run: stop them by the PIDs their drivers wrote
    for f in "$tmp"/*/run/*/qemu.pid "$tmp"/libvirt/run/qemu/*.pid; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

domain_xml() {   # NAME DIR NDISKS
    local disks="" letters=(a b c d)
    for ((i = 0; i < $3; i++)); do
        qemu-img create -q -f qcow2 "$2/disk$i.qcow2" 64M
        disks+="<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$2/disk$i.qcow2'/><target dev='vd${letters[i]}' bus='virtio'/></disk>"
    done
    echo "<domain type='qemu'><name>$1</name><memory unit='MiB'>128</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices>$disks</devices></domain>"
}

for side in libvirt tidemark; do
    mkdir -p "$tmp/$side/etc" "$tmp/$side/img1" "$tmp/$side/img4"
    printf 'stdio_handler = "file"\nsecurity_driver = "none"\nuser = "root"\ngroup = "root"\n' \
        > "$tmp/$side/etc/qemu.conf"
    domain_xml bench1 "$tmp/$side/img1" 1 > "$tmp/$side/one.xml"
    domain_xml bench4 "$tmp/$side/img4" 4 > "$tmp/$side/four.xml"
done

theirs=$(/usr/bin/python3 "$top/bench/qemu-checkpoint-libvirt.py" "$tmp/libvirt" \
         "$tmp/libvirt/one.xml" "$tmp/libvirt/four.xml" "$rounds")
ours=$(TIDEMARK_SCHEMA_DIR="$top/schemas" "$build/bench/qemu-checkpoint" "$tmp/tidemark" \
       "$tmp/tidemark/one.xml" "$tmp/tidemark/four.xml" "$rounds")

floor=$(/usr/bin/python3 "$top/bench/qmp-floor.py" "$tmp" "$rounds")

echo "ms per call, $rounds calls each (libvirt 9.0 embed / tidemark embed)"
for phase in create1 size1 delete1 create4 create100; do
    a=$(echo "$theirs" | awk -v p="$phase" '$1 == p { print $2 }')
    b=$(echo "$ours" | awk -v p="$phase" '$1 == p { print $2 }')
    awk -v p="$phase" -v a="$a" -v b="$b" \
        'BEGIN { printf "%-10s libvirt %8.2f ms  tidemark %7.2f ms  ratio %6.1fx\n", p, a, b, a / b }'
done
echo "QEMU's own time per call (a bare QMP client, same run): the floor under create and delete"
echo "$floor" | awk '{ printf "  %-24s %7.2f ms\n", $1, $2 }'
