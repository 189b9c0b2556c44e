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
# the same system driver (libvirt's rule); the read-only socket; the
# job-completed event of a push backup (TCG) reaching virsh and our CLI
# over the wire; SIGTERM; then `tidemarkd --listen` with every TLS
# default: port 16514, credentials at libvirt's /etc/pki paths (a tmpfs
# there too, and a private network namespace when `ip` can bring its
# loopback up, so the port is the test's own), reached by
# `qemu+tls://127.0.0.1/system` from virsh and the tidemark CLI with
# their default client paths.
set -u
if [ -z "${TM_SYSTEM_NS:-}" ]; then
    if [ "$(id -u)" != 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
        echo "Bail out! needs root and a private mount namespace (unshare -m)"
        exit 1
    fi
    net=()
    if command -v ip >/dev/null 2>&1 && unshare -m -n true 2>/dev/null; then
        net=(-n)
    fi
    exec env TM_SYSTEM_NS=1 TM_SYSTEM_NET=${#net[@]} unshare -m "${net[@]}" \
        --propagation private bash "$0" "$@"
fi
if [ "${TM_SYSTEM_NET:-0}" != 0 ]; then
    ip link set lo up || { echo "Bail out! cannot bring the namespace's loopback up"; exit 1; }
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

# -v: one log line per call (the event check below waits for two)
"$tidemarkd" -v </dev/null >"$scratch/log" 2>&1 &
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

# --- the job-completed event of a push backup, pushed by the daemon to
# Debian's virsh (over the wire, libvirt's own decoder) and to our CLI,
# both listening through the socket while another client begins it
qemu-img create -q -f qcow2 "$scratch/vm2.qcow2" 16M
cat >"$scratch/vm2.xml" <<EOF
<domain type='qemu'>
  <name>vm2</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$scratch/vm2.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
EOF
cat >"$scratch/push.xml" <<EOF
<domainbackup mode='push'>
  <disks>
    <disk name='vda' type='file'><target file='$scratch/vm2-full.qcow2'/><driver type='qcow2'/></disk>
  </disks>
</domainbackup>
EOF
"$cli" -c qemu:///system "define $scratch/vm2.xml; start vm2" >"$scratch/out" 2>&1
check "a domain with a disk started (TCG)" grep -q "Domain 'vm2' started" "$scratch/out"
registered() { grep -c "proc 316 " "$scratch/log"; }
before=$(registered)
# --loop until the timeout, not one-shot: virsh 9.0 ends a one-shot wait
# from inside the event callback and closes its connection without
# waiting for its event thread to finish that dispatch, which still
# holds a domain (and so the connection): on a loaded machine virsh then
# says "One or more references were leaked after disconnect" whichever
# daemon sent the event. The timer's dispatch holds nothing.
virsh -c "qemu+unix:///system?socket=/run/tidemark/tidemark-sock" \
    event vm2 --event job-completed --loop --timeout 15 >"$scratch/ev-virsh" 2>&1 &
vpid=$!
"$cli" -c qemu:///system event vm2 --event job-completed --loop --timeout 15 \
    >"$scratch/ev-cli" 2>&1 &
cpid=$!
# both listen once the daemon has logged their two registrations
for _ in $(seq 200); do [ "$(registered)" -ge $((before + 2)) ] && break; sleep 0.1; done
"$cli" -c qemu:///system backup-begin vm2 "$scratch/push.xml" >"$scratch/out" 2>&1
check "push backup begun through the daemon" grep -q "Backup started" "$scratch/out"
wait $vpid
vrc=$?
wait $cpid
crc=$?
tab=$(printf '\t')
check "virsh through tidemarkd receives the backup's job-completed event (operation 9 = backup, 16 MiB done, success)" \
    eval "[ $vrc = 0 ] && grep -qx \"event 'job-completed' for domain 'vm2':\" '$scratch/ev-virsh' &&
          grep -qx '${tab}operation: 9' '$scratch/ev-virsh' &&
          grep -qx '${tab}disk_total: 16777216' '$scratch/ev-virsh' &&
          grep -qx '${tab}disk_processed: 16777216' '$scratch/ev-virsh' &&
          grep -qx '${tab}success: 1' '$scratch/ev-virsh' &&
          grep -qx 'events received: 1' '$scratch/ev-virsh'"
check "our CLI through the daemon prints the same event" \
    eval "[ $crc = 0 ] && cmp -s '$scratch/ev-virsh' '$scratch/ev-cli'"
sed 's/^/#  /' "$scratch/ev-virsh"
"$cli" -c qemu:///system "destroy vm2; undefine vm2" >"$scratch/out" 2>&1
check "destroy and undefine it" grep -q "Domain 'vm2' has been undefined" "$scratch/out"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
check "SIGTERM: exit 0, sockets and pid file removed, no sanitizer report" \
    eval "[ $rc = 0 ] && [ ! -e /run/tidemark/tidemark-sock ] &&
          [ ! -e /run/tidemark/tidemarkd.pid ] &&
          ! grep -qE 'Sanitizer|runtime error:' '$scratch/log'"

# ---- TLS with every default ----
if ! command -v certtool >/dev/null 2>&1; then
    echo "Bail out! certtool is not installed (gnutls-bin): install it (bash scripts/deps.sh)"
    exit 1
fi
mkdir -p /etc/pki
mount -t tmpfs tidemark-test /etc/pki || { echo "Bail out! cannot mount a tmpfs on /etc/pki"; exit 1; }
mkdir -p /etc/pki/CA /etc/pki/libvirt/private
pki=$scratch/pki
mkdir -p "$pki"
printf '%s\n' 'cn = Tidemark System CA' ca cert_signing_key >"$pki/ca.info"
printf '%s\n' 'organization = Tidemark Test' 'cn = 127.0.0.1' 'ip_address = 127.0.0.1' \
    tls_www_server encryption_key signing_key >"$pki/server.info"
printf '%s\n' 'country = GB' 'cn = root-client' tls_www_client encryption_key signing_key \
    >"$pki/client.info"
gen() {     # gen NAME OUT-CERT OUT-KEY: a key and a certificate signed by the CA
    certtool --generate-privkey --bits 2048 --outfile "$3" 2>/dev/null &&
    certtool --generate-certificate --load-privkey "$3" --load-ca-certificate /etc/pki/CA/cacert.pem \
        --load-ca-privkey "$pki/ca-key.pem" --template "$pki/$1.info" --outfile "$2" 2>/dev/null
}
check "certtool: a CA, server and client certificates at libvirt's default paths" \
    eval "certtool --generate-privkey --bits 2048 --outfile '$pki/ca-key.pem' 2>/dev/null &&
          certtool --generate-self-signed --load-privkey '$pki/ca-key.pem' \
              --template '$pki/ca.info' --outfile /etc/pki/CA/cacert.pem 2>/dev/null &&
          gen server /etc/pki/libvirt/servercert.pem /etc/pki/libvirt/private/serverkey.pem &&
          gen client /etc/pki/libvirt/clientcert.pem /etc/pki/libvirt/private/clientkey.pem"

"$tidemarkd" --listen </dev/null >"$scratch/log" 2>&1 &
pid=$!
for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/16514) 2>/dev/null && break; sleep 0.1; done
"$cli" -c qemu:///system define "$scratch/vm1.xml" >"$scratch/out" 2>&1
check "tidemarkd --listen: TLS on port 16514 with the default credentials; virsh -c qemu+tls://127.0.0.1/system" \
    eval "[ \"\$(timeout 60 virsh -c qemu+tls://127.0.0.1/system list --all --name)\" = vm1 ]"
check "the tidemark CLI through qemu+tls://127.0.0.1/system, default client credentials" \
    eval "[ \"\$(timeout 60 '$cli' -c qemu+tls://127.0.0.1/system list --all --name)\" = vm1 ]"
"$cli" -c qemu:///system undefine vm1 >"$scratch/out" 2>&1
kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
check "SIGTERM with TLS: exit 0, no sanitizer report" \
    eval "[ $rc = 0 ] && ! grep -qE 'Sanitizer|runtime error:' '$scratch/log'"

if [ $status != 0 ]; then
    sed 's/^/# /' "$scratch/log" "$scratch/out" "$scratch"/ev-*
fi
echo "1..$n"
exit $status
