#!/usr/bin/python3
"""The libvirt anchor for bench/xml: the same checkpoint XML redefined on
libvirt 9.0's test driver (which parses and validates it, recompiling
the schema each time) and read back, timed per operation.

  /usr/bin/python3 bench/xml-libvirt.py [ITERATIONS] [FILE]"""
import re
import sys
import time
import libvirt

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 100
path = sys.argv[2]
xml = open(path).read()

libvirt.registerErrorHandler(lambda *a: None, None)
conn = libvirt.open("test:///default")
dom = conn.lookupByName("test")
flags = libvirt.VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE
parent = re.search(r"<parent>\s*<name>([^<]+)</name>", xml)
if parent:  # the parent must exist before a redefine names it
    dom.checkpointCreateXML("<domaincheckpoint><name>%s</name><creationTime>1"
                            "</creationTime></domaincheckpoint>" % parent.group(1), flags)
create = 0.0
for _ in range(iterations):
    t = time.perf_counter()
    cp = dom.checkpointCreateXML(xml, flags)
    cp.getXMLDesc(libvirt.VIR_DOMAIN_CHECKPOINT_XML_SECURE)
    create += time.perf_counter() - t
    cp.delete(libvirt.VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY)
print(f"libvirt 9.0 redefine+dumpxml: {create / iterations * 1e6:.1f} us per operation "
      f"({iterations} iterations)")
