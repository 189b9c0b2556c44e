#!/usr/bin/python3
"""Reads one NBD export whole, as a pull backup client copies a full
backup: sequential 4 MiB reads, several in flight (python3-libnbd).

   /usr/bin/python3 bench/nbd-read.py SOCKET EXPORT

Both sides of bench/backup run this same reader, so its own cost is the
same in both figures."""
import sys

import nbd

STEP = 4 * 1024 * 1024
IN_FLIGHT = 8


def main():
    sock, export = sys.argv[1:3]
    h = nbd.NBD()
    h.set_export_name(export)
    h.connect_unix(sock)
    size = h.get_size()
    spare = [nbd.Buffer(STEP) for _ in range(IN_FLIGHT)]
    pending = {}                          # cookie -> its buffer
    offset = 0
    while offset < size or pending:
        while offset < size and spare:
            n = min(STEP, size - offset)
            buf = spare.pop() if n == STEP else nbd.Buffer(n)
            pending[h.aio_pread(buf, offset)] = buf
            offset += n
        h.poll(-1)
        # a finished read gives its buffer back (a failed one raises here)
        for cookie in [c for c in pending if h.aio_command_completed(c)]:
            spare.append(pending.pop(cookie))
    h.shutdown()


if __name__ == '__main__':
    main()
