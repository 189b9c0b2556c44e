#!/usr/bin/python3
"""The libvirt anchor for bench/qemu-checkpoint: the same phases through
python3-libvirt on libvirt 9.0's own qemu driver, embedded.

  /usr/bin/python3 bench/qemu-checkpoint-libvirt.py ROOT XML-1DISK XML-4DISKS [ROUNDS]

ROOT needs ROOT/etc/qemu.conf (see run-qemu-checkpoint.sh)."""
import sys
import threading
import time

import libvirt

root, xml1, xml4 = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
libvirt.registerErrorHandler(lambda *a: None, None)
# the embedded qemu driver needs a running event loop
libvirt.virEventRegisterDefaultImpl()
threading.Thread(target=lambda: [libvirt.virEventRunDefaultImpl() for _ in iter(int, 1)],
                 daemon=True).start()
conn = libvirt.open(f"qemu:///embed?root={root}")


def start(path):
    dom = conn.defineXML(open(path).read())
    dom.create()
    # the firmware's first seconds compete for the CPU (TCG): measure the
    # steady state, as the tidemark side does
    time.sleep(2)
    return dom


def stop(dom):
    for cp in dom.listAllCheckpoints(0):
        cp.delete(libvirt.VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY)
    dom.destroy()
    dom.undefine()


def create(dom, prefix, n):
    t = time.perf_counter()
    for i in range(n):
        dom.checkpointCreateXML(f"<domaincheckpoint><name>{prefix}{i}</name></domaincheckpoint>", 0)
    return (time.perf_counter() - t) / n * 1e3


def size(dom, prefix, n):
    t = time.perf_counter()
    for i in range(n):
        xml = dom.checkpointLookupByName(f"{prefix}{i}").getXMLDesc(
            libvirt.VIR_DOMAIN_CHECKPOINT_XML_SIZE | libvirt.VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN)
        assert "size=" in xml
    return (time.perf_counter() - t) / n * 1e3


def delete(dom, prefix, n):
    t = time.perf_counter()
    for i in reversed(range(n)):
        dom.checkpointLookupByName(f"{prefix}{i}").delete(0)
    return (time.perf_counter() - t) / n * 1e3


dom = start(xml1)
# one untimed create + delete, as the tidemark side does
create(dom, "warm", 1)
delete(dom, "warm", 1)
print(f"create1 {create(dom, 'c', rounds):.3f}")
print(f"size1 {size(dom, 'c', rounds):.3f}")
print(f"delete1 {delete(dom, 'c', rounds):.3f}")
create(dom, "old", 100)
print(f"create100 {create(dom, 'n', rounds):.3f}")
stop(dom)
dom = start(xml4)
print(f"create4 {create(dom, 'c', rounds):.3f}")
stop(dom)
conn.close()
