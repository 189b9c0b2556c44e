#!/usr/bin/env bash
# The demo: installs dependencies, builds tidemark, and builds a
# checkpoint tree through the virsh-compatible CLI on test:///default —
# the same commands, output and errors as Debian's virsh — then shows the
# XML layer and the speed against libvirt 9.0.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh build

tm=build/tools/tidemark
step() { printf '\n=== %s\n' "$*"; }

# A branch taken off "base", restored with REDEFINE (plain creates always
# chain onto the current checkpoint, exactly as in libvirt).
cat > build/demo-hotfix.xml <<XML
<domaincheckpoint>
  <name>hotfix</name>
  <description>branch restored from a saved definition</description>
  <parent><name>base</name></parent>
  <creationTime>$(date +%s)</creationTime>
</domaincheckpoint>
XML

step "A checkpoint tree through the CLI (one process: test:///default lives in it)"
$tm -c test:///default "
  checkpoint-create-as test base --description 'after OS install';
  checkpoint-create-as test mon;
  checkpoint-create-as test tue --diskspec vda,checkpoint=bitmap,bitmap=tue-vda;
  checkpoint-create test --xmlfile build/demo-hotfix.xml --redefine;
  checkpoint-create-as test wed;
  checkpoint-list test --tree;
  checkpoint-list test --parent --topological;
  checkpoint-info test base;
  checkpoint-dumpxml test tue --no-domain;
  checkpoint-delete test mon;
  checkpoint-list test --tree;
  checkpoint-parent test tue"

step "Errors are virsh's, word for word"
$tm -c test:///default "checkpoint-create-as test ../escape" || true
$tm -c test:///default "checkpoint-parent test nosuch" || true
$tm -c test:///default "checkpoint-create-as test x; checkpoint-delete test x --children --children-only" || true

step "The XML layer offline: a request aligned with a 4-disk domain"
build/tools/tidemark-xml checkpoint tests/checkpointxml2xml/in/sample.xml \
    --domain tests/checkpointxml2xml/domains/multi.xml --no-domain

step "A real VM on QEMU (qemu:///embed): checkpoints are qcow2 dirty bitmaps"
# Everything lives in a temp dir; QEMU is stopped by its PID on the way out.
vmdir=$(mktemp -d)
stop_vm() {
    [ -f "$vmdir/root/run/demo/qemu.pid" ] && kill -9 "$(cat "$vmdir/root/run/demo/qemu.pid")" 2>/dev/null
    rm -rf "$vmdir"
}
trap stop_vm EXIT
qemu-img create -q -f qcow2 "$vmdir/disk.qcow2" 256M
cat > "$vmdir/demo.xml" <<XML
<domain type='qemu'>
  <name>demo</name>
  <memory unit='MiB'>128</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$vmdir/disk.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
XML
vm="$tm -c qemu:///embed?root=$vmdir/root"
# Guest-like writes without a guest OS: QEMU's qemu-io through the disk's
# own device, so the bitmaps see them as guest writes.
write() { $vm "qemu-monitor-command demo --hmp 'qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend \"write -P 0x$1 $2 $3\"'" >/dev/null; }
$vm "define $vmdir/demo.xml; start demo; domblklist demo"
write aa 0 4M
$vm "checkpoint-create-as demo monday"
write bb 16M 1M
$vm "checkpoint-create-as demo tuesday"
write cc 32M 64k
$vm "checkpoint-create-as demo wednesday; checkpoint-list demo --tree"
for c in monday tuesday wednesday; do
    printf '%-10s dirty since then: ' "$c"
    $vm "checkpoint-dumpxml demo $c --size --no-domain" | grep -o "size='[0-9]*'"
done
step "Backups: a full one with a checkpoint, an incremental since it, a restore"
cat > "$vmdir/full.xml" <<XML
<domainbackup><disks><disk name='vda' type='file'><target file='$vmdir/full.qcow2'/></disk></disks></domainbackup>
XML
cat > "$vmdir/inc.xml" <<XML
<domainbackup><incremental>thursday</incremental><disks><disk name='vda' type='file'><target file='$vmdir/inc.qcow2'/></disk></disks></domainbackup>
XML
echo "<domaincheckpoint><name>thursday</name></domaincheckpoint>" > "$vmdir/thursday.xml"
# a push job ends by itself; backup-wait follows it (a progress bar on a
# terminal) and fails if it failed
$vm "backup-begin demo --backupxml $vmdir/full.xml --checkpointxml $vmdir/thursday.xml"
$vm "backup-wait demo"
write dd 64M 2M
$vm "backup-begin demo --backupxml $vmdir/inc.xml"
$vm "backup-wait demo; domjobinfo demo --completed"
ls -l "$vmdir/full.qcow2" "$vmdir/inc.qcow2" | awk '{ print $5, $9 }'
$vm "suspend demo" >/dev/null
# restore: the incremental on top of the full one, flattened to one image
qemu-img rebase -u -b "$vmdir/full.qcow2" -F qcow2 "$vmdir/inc.qcow2"
qemu-img convert -O qcow2 "$vmdir/inc.qcow2" "$vmdir/restored.qcow2"
qemu-img compare -U "$vmdir/disk.qcow2" "$vmdir/restored.qcow2"
$vm "resume demo" >/dev/null

step "The VM goes down and comes back: checkpoints survive, bitmaps are verified"
$vm "destroy demo; checkpoint-verify demo; start demo; checkpoint-info demo tuesday"
$vm "destroy demo"

step "Speed against libvirt 9.0 (same run)"
bash bench/run-xml.sh | tail -3
