#!/usr/bin/python3
"""The libvirt anchor for bench/checkpoints: the same phases through
python3-libvirt on libvirt 9.0's own test driver.

  /usr/bin/python3 bench/checkpoints-libvirt.py [N]"""
import resource
import sys
import time

import libvirt

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
libvirt.registerErrorHandler(lambda *a: None, None)
conn = libvirt.open("test:///default")
dom = conn.lookupByName("test")

t = time.perf_counter()
for i in range(n):
    dom.checkpointCreateXML(f"<domaincheckpoint><name>c{i}</name></domaincheckpoint>", 0)
t_create = time.perf_counter() - t

t = time.perf_counter()
cps = dom.listAllCheckpoints(libvirt.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)
t_list = time.perf_counter() - t

t = time.perf_counter()
size = sum(len(cp.getXMLDesc(0)) for cp in cps)
t_xml = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

t = time.perf_counter()
for cp in reversed(cps):
    cp.delete(0)
t_delete = time.perf_counter() - t

print(f"libvirt 9.0 (python3-libvirt, test driver): {n} checkpoints")
print(f"  create   {t_create / n * 1e6:8.1f} us/op")
print(f"  list     {t_list * 1e3:8.1f} ms for all (topological)")
print(f"  dumpxml  {t_xml / n * 1e6:8.1f} us/op ({size // n} bytes each)")
print(f"  delete   {t_delete / n * 1e6:8.1f} us/op")
print(f"  total    {t_create + t_list + t_xml + t_delete:8.3f} s")
print(f"  peak RSS {rss / 1024:8.1f} MB")
