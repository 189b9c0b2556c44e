#!/usr/bin/python3
"""Checkpoints track real writes.

SPDX-License-Identifier: LGPL-2.1-or-later

Two qcow2 disks (vda, vdb) on one domain. Writes are made as a guest
makes them (qemu-io inside QEMU, through the virtio device, via
`qemu-monitor-command --hmp`) while the domain runs, and with qemu-io on
the image while it is shut off. Checkpoints are taken between phases,
one of them with vdb excluded (--diskspec vdb,checkpoint=no). After
each phase:
  - running: each checkpoint's SIZE (checkpoint-dumpxml --size) on each
    disk equals the bytes written since that checkpoint (rounded out to
    the 64 KiB bitmap granularity);
  - shut off: the dirty extents of each checkpoint's bitmap, read from
    the image over NBD (qemu-nbd -B + libnbd block_status on
    qemu:dirty-bitmap:NAME), equal exactly the extents written since.

Usage: dirty-bitmaps.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB, hmp_write  # noqa: E402


def sizes(r, checkpoint):
    """{disk: size or None} from checkpoint-dumpxml --size."""
    res = r.run(f'checkpoint-dumpxml vm {checkpoint} --size --no-domain')
    if res.rc != 0:
        raise RuntimeError(f'checkpoint-dumpxml {checkpoint} --size: {res}')
    found = {}
    for m in re.finditer(r"<disk name='([^']+)'([^>]*)/>", res.out):
        size = re.search(r"size='([0-9]+)'", m.group(2))
        found[m.group(1)] = int(size.group(1)) if size else None
    return found


def main():
    with qemutest.Tier(sys.argv) as t:
        r = t.root()
        images = {'vda': t.disk('a.qcow2'), 'vdb': t.disk('b.qcow2')}
        r.define('vm', [('vda', images['vda']), ('vdb', images['vdb'])])
        writes = {'vda': qemutest.Writes(), 'vdb': qemutest.Writes()}
        # checkpoint -> {disk: mark}; a disk left out has no mark
        marks = {}

        def checkpoint(name, exclude=()):
            # libvirt's rule: once <disks> lists one disk, an omitted disk
            # gets no bitmap, so the included ones are listed too
            spec = ''.join(f' --diskspec {d},checkpoint=no' if d in exclude else
                           f' --diskspec {d},checkpoint=bitmap'
                           for d in sorted(writes)) if exclude else ''
            res = r.run(f'checkpoint-create-as vm {name}{spec}')
            t.eq((res.rc, res.out.strip(), res.err), (0, f'Domain checkpoint {name} created', ''),
                 f'checkpoint-create-as {name}{spec}')
            marks[name] = {d: w.mark() for d, w in writes.items() if d not in exclude}

        def write_running(disk, offset, length, pattern=0xaa):
            index = sorted(writes).index(disk)
            res = r.run(hmp_write(index, offset, length, pattern))
            t.eq((res.rc, res.err), (0, ''), f'guest write {disk} {offset}+{length}')
            writes[disk].add(offset, length)

        def write_offline(disk, offset, length):
            t.qemu_io_write(images[disk], offset, length)
            writes[disk].add(offset, length)

        def check_sizes(phase):
            for name, disks in marks.items():
                want = {d: writes[d].size_since(m) for d, m in disks.items()}
                got = {d: s for d, s in sizes(r, name).items() if d in disks}
                t.eq(got, want, f'{phase}: SIZE of {name} = bytes written since, per disk')

        def check_extents(phase):
            for disk, image in images.items():
                names = [n for n, disks in marks.items() if disk in disks]
                on_image = t.image_bitmaps(image)
                t.eq(sorted(on_image), sorted(names),
                     f'{phase}: {disk} holds exactly the bitmaps of its checkpoints')
                t.eq([n for n, b in on_image.items() if b['in-use'] or not b['auto']], [],
                     f'{phase}: {disk} bitmaps closed cleanly and enabled')
                got = t.dirty_extents(image, names)
                for n in names:
                    t.eq(got[n], writes[disk].since(marks[n][disk]),
                         f'{phase}: dirty extents of {n} on {disk} = what was written since')

        # phase 1: running, two checkpoints, the second without vdb
        res = r.run('start vm')
        t.eq(res.rc, 0, 'start', )
        checkpoint('c1')
        write_running('vda', 0, 1 * MIB)
        write_running('vdb', 4 * MIB, 192 * KIB, 0x11)
        checkpoint('c2', exclude=('vdb',))
        write_running('vda', 8 * MIB + 64 * KIB, 128 * KIB, 0x22)
        write_running('vdb', 10 * MIB, 64 * KIB, 0x33)
        # unaligned: the bitmap rounds out to whole 64 KiB granules
        write_running('vda', 20 * MIB + 4 * KIB, 512, 0x44)
        write_running('vda', 24 * MIB - 512, 1024, 0x55)
        check_sizes('running 1')
        res = r.run('checkpoint-dumpxml vm c2 --no-domain')
        t.ok("<disk name='vdb' checkpoint='no'/>" in res.out,
             'c2 lists vdb with checkpoint=no', res.out)
        res = r.run('destroy vm')
        t.eq(res.rc, 0, 'destroy')
        t.eq(r.run_files('vm'), [], 'destroy leaves no socket, pid or status file')
        check_extents('after destroy')

        if not qemutest.smoke():
            # phase 2: writes on the shut-off images
            write_offline('vda', 30 * MIB, 1 * MIB)
            write_offline('vdb', 40 * MIB + 512, 4 * KIB)
            check_extents('after offline writes')

            # phase 3: running again (a new process, as every run is),
            # a third checkpoint, more writes
            res = r.run('start vm')
            t.eq(res.rc, 0, 'start again')
            check_sizes('running 2, offline writes included')
            checkpoint('c3')
            write_running('vda', 60 * MIB, 2 * MIB, 0x66)
            write_running('vdb', 0, 64 * KIB, 0x77)
            write_running('vda', 0, 64 * KIB, 0x88)   # again over c1's first write
            check_sizes('running 2')
            res = r.run('checkpoint-verify vm')
            t.eq(res.rc, 0, 'checkpoint-verify: every bitmap present, consistent, recording')

            # deleting the middle checkpoint removes only its bitmap; the
            # others still see every write since their own creation
            res = r.run('checkpoint-delete vm c2')
            t.eq((res.rc, res.out.strip()), (0, 'Domain checkpoint c2 deleted'),
                 'checkpoint-delete c2 (running)')
            del marks['c2']
            write_running('vdb', 50 * MIB, 64 * KIB, 0x99)
            check_sizes('running 2, after deleting c2')
            res = r.run('destroy vm')
            t.eq(res.rc, 0, 'destroy again')
            check_extents('after second destroy')


main()
