#!/usr/bin/env bash
# bench/backup in one run: push backups of a running QEMU domain (one
# disk of random data), full and incremental after 1 %, 5 %, 25 % of it
# was rewritten, and a full pull backup read over NBD, through libvirt
# 9.0's embedded qemu driver and through tidemark's, on copies of the
# same image; `qemu-img convert` of that image as the floor; the ratios.
#   bench/run-backup.sh [BUILD-DIR] [DISK-MIB]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mib=${2:-2048}
# on the disk the images live on (not a tmpfs): copies are disk-bound
tmp=$(mktemp -d -p "${TMPDIR:-/var/tmp}" tidemark-bench-backup.XXXXXX)
cleanup() {
    # QEMUs left by a failed run: stop them by the PIDs their drivers wrote
    for f in "$tmp"/tidemark/run/*/qemu.pid "$tmp"/libvirt/run/qemu/*.pid; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

now() { date +%s.%N; }

# the source image: every cluster holds random data, so nothing is
# skipped as zero or unallocated; bytes 510-511 are zeroed so that the
# firmware never takes a random sector for a boot sector
head -c "$((mib * 1024 * 1024))" /dev/urandom > "$tmp/random.raw"
printf '\0\0' | dd of="$tmp/random.raw" bs=1 seek=510 conv=notrunc status=none
qemu-img convert -f raw -O qcow2 "$tmp/random.raw" "$tmp/source.qcow2"
rm "$tmp/random.raw"

for side in libvirt tidemark; do
    mkdir -p "$tmp/$side/etc" "$tmp/$side/out"
    printf 'stdio_handler = "file"\nsecurity_driver = "none"\nuser = "root"\ngroup = "root"\n' \
        > "$tmp/$side/etc/qemu.conf"
    cp "$tmp/source.qcow2" "$tmp/$side/disk.qcow2"
    echo "<domain type='qemu'><name>bench</name><memory unit='MiB'>128</memory><os><type arch='x86_64' machine='pc'>hvm</type></os><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='$tmp/$side/disk.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>" \
        > "$tmp/$side/domain.xml"
done

convert() {   # prints the seconds of one qemu-img convert of the source
    sync
    local t0 t1
    t0=$(now)
    qemu-img convert -f qcow2 -O qcow2 "$tmp/source.qcow2" "$tmp/convert.qcow2"
    t1=$(now)
    rm "$tmp/convert.qcow2"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

reader=$top/bench/nbd-read.py
conv1=$(convert)
ours=$(TIDEMARK_SCHEMA_DIR="$top/schemas" "$build/bench/backup" "$tmp/tidemark" \
       "$tmp/tidemark/domain.xml" "$tmp/tidemark/out" "$mib" "$reader")
# only errors on stderr: its warnings (tainted, no cgroup) are expected here
theirs=$(LIBVIRT_DEBUG=4 /usr/bin/python3 "$top/bench/backup-libvirt.py" "$tmp/libvirt" \
         "$tmp/libvirt/domain.xml" "$tmp/libvirt/out" "$mib" "$reader")
conv2=$(convert)

get() { echo "$1" | awk -v s="$2" '$1 == s { print $2 }'; }
echo "one running domain, one qcow2 disk of $mib MiB of random data; seconds (MiB/s)"
awk -v m="$mib" -v c1="$conv1" -v c2="$conv2" 'BEGIN {
    printf "qemu-img convert -O qcow2   %7.3f s / %7.3f s (%6.1f / %6.1f MiB/s)\n",
           c1, c2, m / c1, m / c2 }'
conv=$(awk -v a="$conv1" -v b="$conv2" 'BEGIN { printf "%.3f", (a + b) / 2 }')
lf=$(get "$theirs" full)
tf=$(get "$ours" full)
awk -v m="$mib" -v l="$lf" -v t="$tf" -v c="$conv" 'BEGIN {
    printf "full push     libvirt %7.3f s (%6.1f MiB/s)  tidemark %7.3f s (%6.1f MiB/s)\n",
           l, m / l, t, m / t
    printf "  tidemark / qemu-img (mean of both): %5.1f %% of its throughput (target >= 80 %%)\n",
           100 * c / t
    printf "  tidemark / libvirt: %5.2fx the throughput\n", l / t }'
for step in inc1 inc5 inc25; do
    l=$(get "$theirs" $step)
    t=$(get "$ours" $step)
    awk -v s="$step" -v l="$l" -v t="$t" -v lf="$lf" -v tf="$tf" 'BEGIN {
        printf "%-6s push   libvirt %7.3f s (%5.1f %% of its full)  tidemark %7.3f s (%5.1f %% of its full)  ratio %5.2fx\n",
               s, l, 100 * l / lf, t, 100 * t / tf, l / t }'
done
l=$(get "$theirs" pull)
t=$(get "$ours" pull)
awk -v m="$mib" -v l="$l" -v t="$t" 'BEGIN {
    printf "full pull (begin, NBD read, abort)  libvirt %7.3f s (%6.1f MiB/s)  tidemark %7.3f s (%6.1f MiB/s)  ratio %5.2fx\n",
           l, m / l, t, m / t, l / t }'
