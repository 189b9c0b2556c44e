#!/usr/bin/env bash
# Installs everything tidemark needs to build, test and run its demo, on
# Debian 12 as root. The one package list of the project: both README
# commands call this script.
set -euo pipefail

packages=(
    # build
    gcc meson ninja-build pkg-config
    libglib2.0-dev libxml2-dev libjson-c-dev
    # the wire protocol: rpcgen compiles src/rpc/*.x, libtirpc runs the XDR
    rpcsvc-proto libtirpc-dev
    # TLS on the wire (gnutls; certtool makes the daemon tier's test CA)
    libgnutls28-dev gnutls-bin
    # the tidemark shell's line editing
    libedit-dev
    # tests: schema tool, memory checker, Debian's Python for the helpers
    libxml2-utils valgrind python3
    # the reference we compare with (tidemark never links it; the daemon
    # tier's C client, tests/daemon/cclient.c, is built with its -lvirt): libvirt 9.0
    libvirt-clients libvirt-daemon libvirt-dev python3-libvirt
    # the qemu tier: QEMU itself, qemu-img/qemu-io/qemu-nbd, NBD client
    # for dirty-bitmap extents (the guest test fetches its own kernel); libvirt's own qemu driver (its
    # qemu:///embed root is the reference) and the libvirt-qemu user
    # that package creates; strace sees a push backup's copy offloaded
    qemu-system-x86 qemu-utils python3-libnbd strace
    libvirt-daemon-driver-qemu libvirt-daemon-system
    # interoperability: a pull-backup client nobody here wrote, through tidemarkd
    virtnbdbackup
    # the daemon tier: systemd-analyze verify on data/'s units and
    # systemd-socket-activate (no systemd running needed); runuser,
    # setpriv and useradd run the per-user daemon as an ordinary user
    systemd util-linux passwd
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "tidemark: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
