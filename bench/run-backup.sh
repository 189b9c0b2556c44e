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

convert() {   # prints `SECONDS CPU-SECONDS` of one qemu-img convert of the source
    sync
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" \
        qemu-img convert -f qcow2 -O qcow2 "$tmp/source.qcow2" "$tmp/convert.qcow2"
    rm "$tmp/convert.qcow2"
    awk '{ printf "%.3f %.2f\n", $1, $2 + $3 }' "$tmp/time"
}

reader=$top/bench/nbd-read.py
conv1=$(convert)
ours=$(TIDEMARK_SCHEMA_DIR="$top/schemas" "$build/bench/backup" "$tmp/tidemark" \
       "$tmp/tidemark/domain.xml" "$tmp/tidemark/out" "$mib" "$reader")
# only errors on stderr: its warnings (tainted, no cgroup) are expected here
theirs=$(LIBVIRT_DEBUG=4 /usr/bin/python3 "$top/bench/backup-libvirt.py" "$tmp/libvirt" \
         "$tmp/libvirt/domain.xml" "$tmp/libvirt/out" "$mib" "$reader")
conv2=$(convert)

# the wall-clock seconds, and QEMU's (qemu-img's) CPU seconds: on a
# loaded machine the first follow whoever else runs, the second do not
echo "one running domain, one qcow2 disk of $mib MiB of random data"
echo "seconds (MiB/s) [CPU seconds of QEMU / qemu-img]; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "convert1 $conv1"
    echo "convert2 $conv2"
    echo "$ours" | sed 's/^/tidemark-/'
    echo "$theirs" | sed 's/^/libvirt-/'
} | awk -v m="$mib" '
    { t[$1] = $2; c[$1] = $3 }
    END {
        printf "qemu-img convert -O qcow2  %7.3f s / %7.3f s (%6.1f / %6.1f MiB/s) [%.2f / %.2f]\n",
               t["convert1"], t["convert2"], m / t["convert1"], m / t["convert2"],
               c["convert1"], c["convert2"]
        conv = (t["convert1"] + t["convert2"]) / 2
        lf = t["libvirt-full"]; tf = t["tidemark-full"]
        printf "full push     libvirt %7.3f s (%6.1f MiB/s) [%5.2f]  tidemark %7.3f s (%6.1f MiB/s) [%5.2f]\n",
               lf, m / lf, c["libvirt-full"], tf, m / tf, c["tidemark-full"]
        printf "  tidemark / qemu-img (mean of both): %5.1f %% of its throughput (target >= 80 %%)\n",
               100 * conv / tf
        printf "  tidemark / libvirt: %5.2fx the throughput\n", lf / tf
        split("inc1 inc5 inc25", steps, " ")
        for (i = 1; i <= 3; i++) {
            s = steps[i]; l = t["libvirt-" s]; o = t["tidemark-" s]
            printf "%-6s push   libvirt %7.3f s (%5.1f %% of its full) [%5.2f]  tidemark %7.3f s (%5.1f %% of its full) [%5.2f]  ratio %5.2fx\n",
                   s, l, 100 * l / lf, c["libvirt-" s], o, 100 * o / tf, c["tidemark-" s], l / o
        }
        l = t["libvirt-pull"]; o = t["tidemark-pull"]
        printf "full pull (begin, NBD read, abort)  libvirt %7.3f s (%6.1f MiB/s) [%5.2f]  tidemark %7.3f s (%6.1f MiB/s) [%5.2f]  ratio %5.2fx\n",
               l, m / l, c["libvirt-pull"], o, m / o, c["tidemark-pull"], l / o
    }'
