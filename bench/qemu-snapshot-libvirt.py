#!/usr/bin/python3
"""The libvirt anchor for bench/qemu-snapshot: the same phases through
python3-libvirt on libvirt 9.0's own qemu driver, embedded.

  /usr/bin/python3 bench/qemu-snapshot-libvirt.py ROOT DOMAIN-XML OVERLAY-DIR [ROUNDS]

ROOT needs ROOT/etc/qemu.conf (see run-qemu-snapshot.sh)."""
import sys
import threading
import time

import libvirt

root, xml_path, overlays = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
libvirt.registerErrorHandler(lambda *a: None, None)
# the embedded qemu driver needs a running event loop
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
conn = libvirt.open(f"qemu:///embed?root={root}")


def snapshot_xml(prefix, i, external):
    if not external:
        return f"<domainsnapshot><name>{prefix}{i}</name></domainsnapshot>"
    return (f"<domainsnapshot><name>{prefix}{i}</name><disks>"
            f"<disk name='vda' snapshot='external'><source file='{overlays}/{prefix}{i}.qcow2'/>"
            "</disk></disks></domainsnapshot>")


def create(dom, prefix, n, external):
    flags = libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY if external else 0
    t = time.perf_counter()
    for i in range(n):
        dom.snapshotCreateXML(snapshot_xml(prefix, i, external), flags)
    return (time.perf_counter() - t) / n * 1e3


def delete(dom, prefix, n):
    t = time.perf_counter()
    for i in reversed(range(n)):
        dom.snapshotLookupByName(f"{prefix}{i}").delete(0)
    return (time.perf_counter() - t) / n * 1e3


def phases(dom, kind, external):
    try:
        create(dom, "warm" + kind, 1, external)
        delete(dom, "warm" + kind, 1)
        print(f"{kind}-create {create(dom, kind, rounds, external):.3f}")
    except libvirt.libvirtError as e:
        print(f"{kind}-create failed: {e.get_error_message()}")
        return
    try:
        print(f"{kind}-delete {delete(dom, kind, rounds):.3f}")
    except libvirt.libvirtError as e:
        print(f"{kind}-delete failed: {e.get_error_message()}")


dom = conn.defineXML(open(xml_path).read())
phases(dom, "int-off", False)
dom.create()
# the firmware's first seconds compete for the CPU (TCG): measure the
# steady state, as the tidemark side does
time.sleep(2)
phases(dom, "ext", True)
dom.destroy()
conn.close()
