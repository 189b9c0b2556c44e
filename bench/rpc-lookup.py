#!/usr/bin/python3
"""virDomainLookupByName calls per second through python3-libvirt, for
bench/run-rpc.sh (the same client against tidemarkd and libvirtd).

  /usr/bin/python3 bench/rpc-lookup.py URI N"""
import sys
import time

import libvirt

conn = libvirt.open(sys.argv[1])
n = int(sys.argv[2])
t0 = time.monotonic()
for _ in range(n):
    conn.lookupByName("test")
print(f"lookup {n / (time.monotonic() - t0):.0f}")
conn.close()
