#!/usr/bin/python3
"""The libvirt anchor for bench/backup: the same steps through
python3-libvirt on libvirt 9.0's own qemu driver, embedded.

  /usr/bin/python3 bench/backup-libvirt.py ROOT DOMAIN-XML OUTDIR DISK-MIB NBD-READER

ROOT needs ROOT/etc/qemu.conf (see run-backup.sh); the domain is named
"bench". Prints the lines build/bench/backup prints, timed the same way: a push job from
BackupBegin until BackupGetXMLDesc fails with VIR_ERR_NO_DOMAIN_BACKUP,
polled every 10 ms."""
import os
import subprocess
import sys
import threading
import time

import libvirt
import libvirt_qemu

POLL = 0.010
CHUNK = 1024 * 1024

root, domxml, outdir, mib, reader = sys.argv[1:6]
mib = int(mib)
libvirt.registerErrorHandler(lambda *a: None, None)
# the embedded qemu driver needs a running event loop (it learns there
# that a job ended)
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
conn = libvirt.open(f"qemu:///embed?root={root}")
PIDFILE = f"{root}/run/qemu/bench.pid"


def qemu_cpu():
    """QEMU's CPU seconds so far (user + system, all threads), as
    build/bench/backup reads them."""
    try:
        with open(PIDFILE) as f:
            pid = f.read().strip()
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_job(dom):
    while True:
        try:
            dom.backupGetXMLDesc(0)
        except libvirt.libvirtError as e:
            if e.get_error_code() != libvirt.VIR_ERR_NO_DOMAIN_BACKUP:
                raise
            return
        time.sleep(POLL)


def push(dom, name, since, checkpoint):
    target = f"{outdir}/{name}.qcow2"
    inc = f"<incremental>{since}</incremental>" if since else ""
    xml = (f"<domainbackup>{inc}<disks><disk name='vda' type='file'><target file='{target}'/>"
           "<driver type='qcow2'/></disk></disks></domainbackup>")
    # what earlier steps left in the page cache is written back now, as
    # the tidemark side does
    os.sync()
    cpu = qemu_cpu()
    t = time.perf_counter()
    dom.backupBegin(xml, f"<domaincheckpoint><name>{checkpoint}</name></domaincheckpoint>", 0)
    wait_job(dom)
    secs = time.perf_counter() - t
    if not os.path.exists(target):
        raise SystemExit(f"{name}: the job ended without its target")
    os.unlink(target)
    print(f"{name} {secs:.3f} {qemu_cpu() - cpu:.2f}", flush=True)


def dirty(dom, percent, pattern):
    size = mib * 1024 * 1024
    chunks = max(size // CHUNK * percent // 100, 1)
    stride = size // chunks
    for i in range(chunks):
        out = libvirt_qemu.qemuMonitorCommand(
            dom, "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend "
            f"\"write -P {pattern} {i * stride} {CHUNK}\"",
            libvirt_qemu.VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP)
        # silent when the write succeeds, text when it fails
        if out:
            raise SystemExit(f"qemu-io: {out}")


def pull(dom):
    sock = f"{outdir}/nbd.sock"
    xml = (f"<domainbackup mode='pull'><server transport='unix' socket='{sock}'/>"
           f"<disks><disk name='vda' type='file'><scratch file='{outdir}/scratch.qcow2'/></disk>"
           "</disks></domainbackup>")
    os.sync()
    cpu = qemu_cpu()
    t = time.perf_counter()
    dom.backupBegin(xml, None, 0)
    subprocess.run(["/usr/bin/python3", reader, sock, "vda"], check=True)
    dom.abortJob()
    print(f"pull {time.perf_counter() - t:.3f} {qemu_cpu() - cpu:.2f}", flush=True)


dom = conn.defineXML(open(domxml).read())
dom.create()
# the firmware's first seconds compete for the CPU (TCG), as on the
# tidemark side
time.sleep(2)
push(dom, 'full', None, 'c0')
dirty(dom, 1, 0x11)
push(dom, 'inc1', 'c0', 'c1')
dirty(dom, 5, 0x22)
push(dom, 'inc5', 'c1', 'c2')
dirty(dom, 25, 0x33)
push(dom, 'inc25', 'c2', 'c3')
pull(dom)
dom.destroy()
conn.close()
