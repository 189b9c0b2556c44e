#!/bin/bash
# tests/daemon/system.sh: qemu:///system through the system tidemarkd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   system.sh TIDEMARKD TIDEMARK-CLI SYSCONFDIR
#
# Root's daemon uses fixed system paths (/run/tidemark, /var/lib/tidemark,
# /var/cache/tidemark, SYSCONFDIR/tidemark). So that the test touches none
# of the machine's, it re-runs itself in a private mount namespace with a
# fresh tmpfs on /run, /var/lib, /var/cache and SYSCONFDIR, and every
# process it starts lives there and is stopped by its PID. Checked: no
# autostart for root; the daemon's sockets, pid file and the qemu
# driver's files in libvirt's system places; root's qemu:///session is
# the same system driver (libvirt's rule); the read-only socket;
# SIGTERM.
set -u
if [ -z "${TM_SYSTEM_NS:-}" ]; then
    if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
        echo "Bail out! needs root and a private mount namespace (unshare -m)"
        exit 1
    fi
    exec env TM_SYSTEM_NS=1 unshare -m --propagation private bash "$0" "$@"
fi
tidemarkd=$(realpath "$1")
cli=$(realpath "$2")
sysconfdir=$3

n=0
status=0
check() {   # check WHAT CMD...: one TAP line for CMD's success
    local what=$1
    shift
    n=$((n + 1))
    if "$@"; then
        echo "ok $n - $what"
    else
        echo "not ok $n - $what"
        status=1
    fi
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-system.XXXXXX")
pid=
cleanup() {
    if [ -n "$pid" ]; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE

for dir in /run /var/lib /var/cache "$sysconfdir"; do
    mkdir -p "$dir"
    mount -t tmpfs tidemark-test "$dir" || { echo "Bail out! cannot mount a tmpfs on $dir"; exit 1; }
done

cat >"$scratch/vm1.xml" <<'EOF'
<domain type='qemu'>
  <name>vm1</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
</domain>
EOF

# root never autostarts a daemon: libvirt's error for the system socket
"$cli" -c qemu:///system list >"$scratch/out" 2>&1
check "no daemon: root's qemu:///system fails without starting one" \
    eval "grep -q \"Failed to connect socket to '/run/tidemark/tidemark-sock'\" $scratch/out &&
          ! pgrep -x tidemarkd -P $$ >/dev/null && [ ! -e /run/tidemark/tidemark-sock ]"

"$tidemarkd" </dev/null >"$scratch/log" 2>&1 &
pid=$!
for _ in $(seq 200); do [ -S /run/tidemark/tidemark-sock-ro ] && break; sleep 0.1; done
check "sockets in /run/tidemark (0700 and 0777), pid file beside them" \
    eval '[ "$(stat -c %a /run/tidemark/tidemark-sock)" = 700 ] &&
          [ "$(stat -c %a /run/tidemark/tidemark-sock-ro)" = 777 ] &&
          [ "$(cat /run/tidemark/tidemarkd.pid)" = "$pid" ]'

"$cli" -c qemu:///system define "$scratch/vm1.xml" >"$scratch/out" 2>&1
check "define through qemu:///system" grep -q "Domain 'vm1' defined" "$scratch/out"
check "the definition in SYSCONFDIR/tidemark/qemu, the driver's lock in /run/tidemark/qemu" \
    eval "[ -f '$sysconfdir/tidemark/qemu/vm1.xml' ] && [ -f /run/tidemark/qemu/driver.pid ] &&
          [ -d /var/cache/tidemark/qemu ]"
check "qemu:///system lists it" \
    eval "[ \"\$('$cli' -c qemu:///system list --all --name)\" = vm1 ]"
check "root's qemu:///session is the same driver (libvirt serves it from the system one)" \
    eval "[ \"\$('$cli' -c qemu:///session list --all --name)\" = vm1 ]"
check "the read-only socket lists it" \
    eval "[ \"\$('$cli' -r -c qemu:///system list --all --name)\" = vm1 ]"
"$cli" -r -c qemu:///system undefine vm1 >"$scratch/out" 2>&1
check "and refuses to undefine it" grep -q "read only access prevents virDomainUndefine" \
    "$scratch/out"
"$cli" -c qemu:///system undefine vm1 >"$scratch/out" 2>&1
check "undefine through the read-write socket" \
    eval "grep -q \"Domain 'vm1' has been undefined\" $scratch/out &&
          [ ! -e '$sysconfdir/tidemark/qemu/vm1.xml' ]"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
check "SIGTERM: exit 0, sockets and pid file removed, no sanitizer report" \
    eval "[ $rc = 0 ] && [ ! -e /run/tidemark/tidemark-sock ] &&
          [ ! -e /run/tidemark/tidemarkd.pid ] &&
          ! grep -qE 'Sanitizer|runtime error:' '$scratch/log'"
if [ $status != 0 ]; then
    sed 's/^/# /' "$scratch/log" "$scratch/out"
fi
echo "1..$n"
exit $status
