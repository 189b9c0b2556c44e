#!/usr/bin/env bash
# bench/qemu-snapshot in one run: internal snapshot create and delete of a
# shut-off QEMU domain, disk-only external snapshot create and delete of
# the running domain (1 qcow2 disk), through libvirt 9.0's embedded qemu
# driver and through tidemark's, on images made the same way, and the
# ratios; then the floor: what QEMU and qemu-img take for the same work.
#   bench/run-qemu-snapshot.sh [BUILD-DIR] [ROUNDS]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-10}
tmp=$(mktemp -d)
cleanup() {
    # QEMUs left by a failed run: stop them by the PIDs their drivers wrote
    for f in "$tmp"/tidemark/root/run/*/qemu.pid "$tmp"/libvirt/root/run/qemu/*.pid; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

for side in libvirt tidemark; do
    mkdir -p "$tmp/$side/root/etc" "$tmp/$side/img"
    printf 'stdio_handler = "file"\nsecurity_driver = "none"\nuser = "root"\ngroup = "root"\n' \
        > "$tmp/$side/root/etc/qemu.conf"
    qemu-img create -q -f qcow2 "$tmp/$side/img/disk.qcow2" 64M
    echo "<domain type='qemu'><name>bench</name><memory unit='MiB'>128</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$tmp/$side/img/disk.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>" \
        > "$tmp/$side/dom.xml"
done

theirs=$(/usr/bin/python3 "$top/bench/qemu-snapshot-libvirt.py" "$tmp/libvirt/root" \
         "$tmp/libvirt/dom.xml" "$tmp/libvirt/img" "$rounds" 2>"$tmp/libvirt.log")
ours=$(TIDEMARK_SCHEMA_DIR="$top/schemas" "$build/bench/qemu-snapshot" "$tmp/tidemark/root" \
       "$tmp/tidemark/dom.xml" "$tmp/tidemark/img" "$rounds")

mkdir "$tmp/floor"
floor=$(/usr/bin/python3 "$top/bench/snapshot-floor.py" "$tmp/floor" "$rounds")

echo "ms per call, $rounds calls each (libvirt 9.0 embed / tidemark embed)"
for phase in int-off-create int-off-delete ext-create ext-delete; do
    a=$(echo "$theirs" | awk -v p="$phase" '$1 == p { print $2 }')
    b=$(echo "$ours" | awk -v p="$phase" '$1 == p { print $2 }')
    if [ -z "$a" ] || [ -z "$b" ] || [ "$a" = failed: ] || [ "$b" = failed: ]; then
        echo "$phase: libvirt: $(echo "$theirs" | grep "^$phase " | cut -d' ' -f2-)" \
             "| tidemark: $(echo "$ours" | grep "^$phase " | cut -d' ' -f2-)"
        continue
    fi
    awk -v p="$phase" -v a="$a" -v b="$b" \
        'BEGIN { printf "%-15s libvirt %8.2f ms  tidemark %7.2f ms  ratio %6.1fx\n", p, a, b, a / b }'
done
echo "QEMU's and qemu-img's own time for the same work (bench/snapshot-floor.py, same run):"
echo "the floor under any driver, and the best ratio a driver could reach over libvirt"
for phase in int-off-create int-off-delete ext-create ext-delete; do
    a=$(echo "$theirs" | awk -v p="$phase" '$1 == p { print $2 }')
    f=$(echo "$floor" | awk -v p="$phase" '$1 == p { print $2 }')
    awk -v p="$phase" -v a="$a" -v f="$f" \
        'BEGIN { printf "  %-15s floor %7.2f ms  best possible ratio %6.1fx\n", p, f, (f > 0 && a != "") ? a / f : 0 }'
done
