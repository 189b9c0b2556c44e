#!/usr/bin/env bash
# bench/rpc: calls through tidemarkd and through Debian's libvirtd in the
# same run, with the same clients (python3-libvirt, and bench/rpc.c
# linked with libvirt's own -lvirt), and the ratios.
#
#   bash bench/run-rpc.sh [BUILD-DIR] [ROUNDS]
#
# (a) test:///default over test+unix:///default?socket=S: lookupByName
#     calls/s with python (5,000 calls) and C (20,000 calls), and the
#     daemon's CPU time per C lookup (from /proc: what the daemon spends,
#     whatever the neighbours' load does to the wall clock); checkpoint
#     create / list / delete latencies (C, 100 chained checkpoints).
#     Each figure is taken ROUNDS times (default 5), the two daemons
#     alternating, and the best of each side is compared: on a shared
#     machine the best is what the daemon can do, the rest is the
#     neighbours' load.
# (b) the qemu driver: checkpoint create / list / delete (20 each) on a
#     running domain (TCG, a 64 MiB qcow2 disk) through root's tidemarkd
#     on qemu:///system and through libvirtd's own qemu:///system. Both
#     daemons' system paths (/run, /var/lib, /var/cache, /var/log,
#     /etc/libvirt, tidemark's sysconfdir) are fresh tmpfs mounts in a
#     private mount namespace, as tests/daemon/system.sh does: nothing of
#     the machine's is touched. Needs root.
#
# Not a test: it prints figures and asserts nothing (docs/BENCHMARKS.md).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:-$top/build}")
rounds=${2:-5}
rpc=$build/bench/rpc
if [ ! -x "$rpc" ]; then
    echo "$rpc missing: libvirt-dev was not found when meson configured $build" >&2
    exit 1
fi

if [ -z "${TM_RPC_NS:-}" ]; then
    if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
        echo "needs root and a private mount namespace (unshare -m)" >&2
        exit 1
    fi
    exec env TM_RPC_NS=1 unshare -m --propagation private bash "$0" "$build" "$rounds"
fi

. "$top/tests/daemon/daemonlib.sh"
dm_begin "$build/src/tidemarkd" "$top"
# QEMUs of a run that failed half-way: by the PIDs their drivers wrote
dm_cleanup_hook() {
    local f
    for f in /run/libvirt/qemu/*.pid /run/tidemark/qemu/*/qemu.pid; do
        [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
    done
}

# best ROUND: prints the largest (calls/s) or smallest (ms) of the values
best() {   # best max|min VALUES...
    local how=$1
    shift
    printf '%s\n' "$@" | sort -g | if [ "$how" = max ]; then tail -1; else head -1; fi
}
ratio() {  # ratio LABEL LIBVIRTD TIDEMARKD UNIT max|min TARGET
    awk -v l="$1" -v a="$2" -v b="$3" -v u="$4" -v how="$5" -v t="$6" 'BEGIN {
        r = (how == "max") ? b / a : a / b
        printf "%-26s libvirtd %10.3f  tidemarkd %10.3f %-8s ratio %7.1fx (target %s: %s)\n",
               l, a, b, u, r, t "x", (r >= t ? "met" : "MISSED") }'
}

echo "== (a) test:///default, best of $rounds rounds"
dm_start_libvirtd libvirtd
dm_start_tidemarkd tidemarkd
declare -A uri=(
    [libvirtd]="test+unix:///default?socket=$DM_DIR/libvirtd/run/libvirt-sock"
    [tidemarkd]="test+unix:///default?socket=$DM_DIR/tidemarkd/run/tidemark-sock"
)
declare -A pid=(
    [libvirtd]=$(cat "$DM_DIR/libvirtd/libvirtd.pid")
    [tidemarkd]=${DM_PID_OF[tidemarkd]}
)
# the daemon's CPU time (user + system, clock ticks) so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
declare -A py c cpu create list delete
for ((i = 0; i < rounds; i++)); do
    for d in libvirtd tidemarkd; do
        py[$d]+=" $(/usr/bin/python3 "$top/bench/rpc-lookup.py" "${uri[$d]}" 5000 | awk '{print $2}')"
        t0=$(cpu_ticks "${pid[$d]}")
        c[$d]+=" $("$rpc" lookup "${uri[$d]}" 20000 | awk '{print $2}')"
        # µs of daemon CPU per C lookup: what the daemon spends, whatever
        # the neighbours' load does to the wall clock
        cpu[$d]+=" $(awk -v a="$t0" -v b="$(cpu_ticks "${pid[$d]}")" -v hz="$hz" \
                     'BEGIN { printf "%.1f", (b - a) / hz * 1e6 / 20000 }')"
        out=$("$rpc" checkpoints "${uri[$d]}" test 100)
        create[$d]+=" $(echo "$out" | awk '$1 == "create" {print $2}')"
        list[$d]+=" $(echo "$out" | awk '$1 == "list" {print $2}')"
        delete[$d]+=" $(echo "$out" | awk '$1 == "delete" {print $2}')"
    done
done
for d in libvirtd tidemarkd; do
    echo "# $d: python lookups/s${py[$d]}; C lookups/s${c[$d]}; daemon CPU µs per C lookup${cpu[$d]}"
    echo "#   create ms${create[$d]}; list ms${list[$d]}; delete ms${delete[$d]}"
done
# shellcheck disable=SC2086
{
ratio "lookup/s, python" "$(best max ${py[libvirtd]})" "$(best max ${py[tidemarkd]})" "calls/s" max 1.5
ratio "lookup/s, C (-lvirt)" "$(best max ${c[libvirtd]})" "$(best max ${c[tidemarkd]})" "calls/s" max 2
ratio "daemon CPU per C lookup" "$(best min ${cpu[libvirtd]})" "$(best min ${cpu[tidemarkd]})" "µs" min 1
ratio "checkpoint create" "$(best min ${create[libvirtd]})" "$(best min ${create[tidemarkd]})" "ms" min 50
ratio "checkpoint list (100)" "$(best min ${list[libvirtd]})" "$(best min ${list[tidemarkd]})" "ms" min 1
ratio "checkpoint delete" "$(best min ${delete[libvirtd]})" "$(best min ${delete[tidemarkd]})" "ms" min 1
}

echo
echo "== (b) qemu:///system on a running domain (TCG), 20 calls each"
sysconfdir=$(sed -n 's/^#define TM_SYSCONFDIR "\(.*\)"$/\1/p' "$build/config.h")
for dir in /run /var/lib /var/cache /var/log /etc/libvirt "$sysconfdir"; do
    mkdir -p "$dir"
    mount -t tmpfs tidemark-bench "$dir" || { echo "cannot mount a tmpfs on $dir" >&2; exit 1; }
done
# both drivers as the tests' embed roots have them: no security driver,
# QEMU as root, its output in a file (no virtlogd)
qemu_conf='stdio_handler = "file"
security_driver = "none"
user = "root"
group = "root"'
mkdir -p "$sysconfdir/tidemark" /var/log/libvirt/qemu
echo "$qemu_conf" >"$sysconfdir/tidemark/qemu.conf"
echo "$qemu_conf" >/etc/libvirt/qemu.conf
printf 'auth_unix_rw = "none"\nauth_unix_ro = "none"\n' >/etc/libvirt/libvirtd.conf

/usr/sbin/libvirtd -f /etc/libvirt/libvirtd.conf </dev/null >"$DM_DIR/libvirtd-system.log" 2>&1 &
DM_PIDS+=($!)
dm_wait_socket $! /run/libvirt/libvirt-sock "$DM_DIR/libvirtd-system.log"
TIDEMARK_SCHEMA_DIR=$top/schemas "$build/src/tidemarkd" </dev/null \
    >"$DM_DIR/tidemarkd-system.log" 2>&1 &
DM_PIDS+=($!)
dm_wait_socket $! /run/tidemark/tidemark-sock "$DM_DIR/tidemarkd-system.log"
declare -A quri=(
    [libvirtd]="qemu+unix:///system?socket=/run/libvirt/libvirt-sock"
    [tidemarkd]="qemu+unix:///system?socket=/run/tidemark/tidemark-sock"
)
for d in libvirtd tidemarkd; do
    img=$DM_DIR/$d.qcow2
    qemu-img create -q -f qcow2 "$img" 64M
    cat >"$DM_DIR/$d.xml" <<EOF
<domain type='qemu'><name>rpcbench</name><memory unit='MiB'>128</memory>
<os><type arch='x86_64' machine='pc'>hvm</type></os>
<devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/>
<source file='$img'/><target dev='vda' bus='virtio'/></disk></devices></domain>
EOF
    virsh -q -c "${quri[$d]}" create "$DM_DIR/$d.xml" >/dev/null || exit 1
done
# the firmware's first seconds compete for the CPU under TCG
sleep 2
declare -A qout
for d in libvirtd tidemarkd; do
    qout[$d]=$("$rpc" checkpoints "${quri[$d]}" rpcbench 20)
    echo "# $d: $(echo ${qout[$d]})"
    virsh -q -c "${quri[$d]}" destroy rpcbench >/dev/null
done
for phase in create list delete; do
    target=1
    [ "$phase" = create ] && target=10
    ratio "qemu checkpoint $phase" \
        "$(echo "${qout[libvirtd]}" | awk -v p=$phase '$1 == p {print $2}')" \
        "$(echo "${qout[tidemarkd]}" | awk -v p=$phase '$1 == p {print $2}')" ms min $target
done
