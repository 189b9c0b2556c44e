#!/usr/bin/python3
"""Checkpoints across external snapshots of a running domain, with real
QEMU images.

SPDX-License-Identifier: LGPL-2.1-or-later

1. Against libvirt 9.0's own qemu:///embed driver (libvirt-compare.py's
   `compare`, one process per tool, the same image paths): guest writes
   before and after a checkpoint, a disk-only snapshot of both disks, a
   second checkpoint, a second snapshot of one disk; `checkpoint-dumpxml
   --size` after each step (a checkpoint's size counts the writes on
   both sides of every snapshot since it); a full push backup that makes
   the first checkpoint, an incremental push backup since it after a
   snapshot (restored onto the full one: the disk at that moment); the first checkpoint deleted (its bitmaps
   leave every image of the chain), the second read again, in a new run
   of the domain too, and deleted there (its bitmaps are in backing
   images the run opened read-only: reopened read-write for it). After each tool's turn: the bitmaps of every image
   (`qemu-img info`), the chains, and what the backup holds, the same.
2. The backup's content, tidemark alone: the incremental image holds
   exactly the clusters written since the checkpoint, on both sides of
   the snapshot, with their data (`qemu-img map`, `qemu-io -c 'read
   -P'`).
3. Against libvirt's embed driver again: deleting external snapshots of
   the domain with checkpoints (a commit under the top image, an active
   commit, a shut-off merge): the checkpoints' sizes after each, the
   bitmaps left in the images.
4. tidemark's own offline checkpoint delete (libvirt refuses it) on a
   chain: the bitmap leaves every image.
No QEMU and no stray file is left (qemutest's cleanup checks).

Usage: snapshot-checkpoints.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import KIB, MIB, hmp_write  # noqa: E402

lc = qemutest.load_libvirt_compare()

# what the snapshots and the backup make (libvirt's default names)
MADE = ['a.s1', 'b.s1', 'a.s2', 'inc.qcow2', 'full.qcow2']


def image_state(path):
    """(backing file, [(bitmap, flags)]) of one image, or qemu-img's error."""
    p = subprocess.run(['qemu-img', 'info', '-U', '--output=json', path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return p.stdout.decode().strip()
    info = json.loads(p.stdout)
    bitmaps = info.get('format-specific', {}).get('data', {}).get('bitmaps', [])
    return (os.path.basename(info.get('full-backing-filename', '')) or None,
            sorted((b['name'], tuple(sorted(b['flags']))) for b in bitmaps))


def allocated(path):
    """The data ranges (offset, length) `qemu-img map` finds in @path
    itself (not in a backing image)."""
    p = subprocess.run(['qemu-img', 'map', '-U', '--output=json', path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return p.stdout.decode().strip()
    return [(e['start'], e['length']) for e in json.loads(p.stdout)
            if e['data'] and e['depth'] == 0]


def reads(path, pattern, offset, length):
    p = subprocess.run(['qemu-io', '-f', 'qcow2', '-c',
                        f'read -P {pattern:#x} {offset} {length}', path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode == 0 and 'Pattern verification failed' not in p.stdout.decode()


K_MADE = ['ka.s1', 'kb.s1', 'ka.s2', 'ka.s3', 'kb.s3']


def merges(t):
    """Deleting external snapshots of a domain with checkpoints: each
    merged image's bitmaps go on in the image under it (libvirt's
    qemuBlockBitmapsHandleCommitFinish), compared with libvirt's embed
    driver: sizes before and after a commit under the top image, an
    active commit, and a shut-off merge; the bitmaps left in the images."""
    lv, tm, images, a, b, dom = lc.two_disk_domain(t, 'lv-merge', 'tm-merge', 'ka.qcow2',
                                                   'kb.qcow2', 'kvm.xml')
    seen = {}

    def after(tool, root):
        seen[tool] = {n: image_state(t.path(n)) for n in ['ka.qcow2', 'kb.qcow2'] + K_MADE
                      if os.path.exists(t.path(n))}
        lc.stash(t, tool, K_MADE)

    size = 'checkpoint-dumpxml vm {} --size --no-domain'
    commands = [
        f'define {dom}',
        'start vm',
        hmp_write(0, 0, 64 * KIB, 0x11),
        'checkpoint-create-as vm c1',
        hmp_write(0, 1 * MIB, 64 * KIB, 0x22),
        hmp_write(1, 0, 64 * KIB, 0x22),
        'snapshot-create-as vm s1 --disk-only',
        hmp_write(0, 2 * MIB, 64 * KIB, 0x33),
        hmp_write(1, 1 * MIB, 64 * KIB, 0x33),
        'checkpoint-create-as vm c2',
        hmp_write(0, 3 * MIB, 64 * KIB, 0x44),
        'snapshot-create-as vm s2 --disk-only --diskspec vdb,snapshot=no',
        hmp_write(0, 4 * MIB, 64 * KIB, 0x55),
        size.format('c1'),
        size.format('c2'),
        # vda: a commit under the top image; vdb: an active commit
        'snapshot-delete vm s1',
        size.format('c1'),
        size.format('c2'),
        # vda: an active commit
        'snapshot-delete vm s2',
        size.format('c1'),
        size.format('c2'),
        hmp_write(0, 5 * MIB, 64 * KIB, 0x66),
        size.format('c2'),
        'checkpoint-delete vm c1',
        size.format('c2'),
        'snapshot-create-as vm s3 --disk-only',
        hmp_write(0, 6 * MIB, 64 * KIB, 0x77),
        'destroy vm',
        # shut off: the merged image's bitmaps too
        'snapshot-delete vm s3',
        'start vm',
        size.format('c2'),
        'destroy vm',
        'undefine vm --checkpoints-metadata --snapshots-metadata',
    ]
    lc.compare(t, images, lv, tm, 'merges with checkpoints', commands, after=after)
    t.eq(seen['tidemark'], seen['libvirt'],
         'the images left and their bitmaps: the same')
    lc.drop_stashed(t, K_MADE)


def offline(t):
    """tidemark's own offline checkpoint delete (checkpoint-delete-offline;
    libvirt refuses one on a shut-off domain): the bitmap goes from every
    image of the chain."""
    r = t.root('tm2')
    a = t.disk('oa.qcow2')
    r.define('ovm', [('vda', a)])

    def write(offset, pattern):
        return hmp_write(0, offset, 64 * KIB, pattern).replace(' vm ', ' ovm ', 1)

    res = r.run(f'start ovm; {write(0, 0x11)}; checkpoint-create-as ovm k1; '
                f'{write(1 * MIB, 0x22)}; snapshot-create-as ovm s --disk-only; '
                f'{write(2 * MIB, 0x33)}; destroy ovm')
    over = t.path('oa.s')
    t.eq((res.rc, image_state(a), image_state(over)),
         (0, (None, [('k1', ('auto',))]), ('oa.qcow2', [('k1', ('auto',))])),
         'a checkpoint, then a snapshot of the running domain: the bitmap in both images')
    res = r.run('checkpoint-delete-offline ovm k1')
    t.eq((res.rc, res.err, image_state(a), image_state(over)),
         (0, '', (None, []), ('oa.qcow2', [])),
         'deleted while the domain is shut off: gone from both images')
    res = r.run('checkpoint-create-offline ovm k2; checkpoint-delete-offline ovm k2')
    t.eq((res.rc, res.err, image_state(a), image_state(over)),
         (0, '', (None, []), ('oa.qcow2', [])),
         'one made while shut off is in the top image only, and goes from there')
    r.run('snapshot-delete ovm s --metadata; undefine ovm')
    t.eq(r.run_files('ovm'), [], 'no socket, pid or status file left')
    os.unlink(over)


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        lv, tm, images, a, b, dom = lc.two_disk_domain(t, 'lv', 'tm', 'a.qcow2', 'b.qcow2',
                                                       'vm.xml')
        inc = t.path('inc.qcow2')
        full = t.path('full.qcow2')
        push_full = lc.write_file(t, 'push-full.xml', (
            "<domainbackup><disks>"
            f"<disk name='vda' type='file'><target file='{full}'/><driver type='qcow2'/></disk>"
            "<disk name='vdb' backup='no'/></disks></domainbackup>\n"))
        c1 = lc.write_file(t, 'c1.xml', '<domaincheckpoint><name>c1</name></domaincheckpoint>\n')
        push = lc.write_file(t, 'push.xml', (
            "<domainbackup><incremental>c1</incremental><disks>"
            f"<disk name='vda' type='file'><target file='{inc}'/><driver type='qcow2'/></disk>"
            "<disk name='vdb' backup='no'/></disks></domainbackup>\n"))
        seen = {}

        def after(tool, root):
            seen[tool] = {n: image_state(t.path(n)) for n in ['a.qcow2', 'b.qcow2'] + MADE
                          if os.path.exists(t.path(n))}
            # the incremental image reads through its backing image (the
            # disk's at the time, a.s1): its own clusters, and their data
            seen[tool]['inc.qcow2 data'] = allocated(inc) if os.path.exists(inc) else None
            seen[tool]['inc.qcow2 reads'] = [
                reads(inc, pattern, offset, 64 * KIB)
                for pattern, offset in ((0x22, 1 * MIB), (0x33, 2 * MIB), (0x44, 3 * MIB))]
            # restored: the incremental over the full backup is the disk
            # as it was at the incremental (a.s1 over a.qcow2: the writes
            # after it went to a.s2)
            restored = None
            if os.path.exists(inc) and os.path.exists(full):
                subprocess.run(['qemu-img', 'rebase', '-u', '-f', 'qcow2', '-b', full, '-F',
                                'qcow2', inc], check=True)
                p = subprocess.run(['qemu-img', 'compare', '-f', 'qcow2', '-F', 'qcow2', inc,
                                    t.path('a.s1')],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                restored = (p.returncode, p.stdout.decode().strip())
            seen[tool]['restored'] = restored
            lc.stash(t, tool, MADE)

        size = 'checkpoint-dumpxml vm {} --size --no-domain'
        commands = [
            f'define {dom}',
            'start vm',
            hmp_write(0, 0, 64 * KIB, 0x11),
            # a full backup that makes c1
            f'backup-begin vm {push_full} --checkpointxml {c1}',
            'event vm --event job-completed --timeout 120',
            hmp_write(0, 1 * MIB, 64 * KIB, 0x22),
            hmp_write(1, 0, 64 * KIB, 0x22),
            size.format('c1'),
            # the bitmaps go on recording in the new images
            'snapshot-create-as vm s1 --disk-only',
            size.format('c1'),
            'domblklist vm',
            hmp_write(0, 2 * MIB, 64 * KIB, 0x33),
            size.format('c1'),
            'checkpoint-create-as vm c2',
            hmp_write(0, 3 * MIB, 64 * KIB, 0x44),
            size.format('c2'),
            size.format('c1'),
            # an incremental backup since c1: the writes on both sides
            f'backup-begin vm {push}',
            'event vm --event job-completed --timeout 120',
            # a chain of three for vda, of two for vdb
            'snapshot-create-as vm s2 --disk-only --diskspec vdb,snapshot=no',
            hmp_write(0, 4 * MIB, 64 * KIB, 0x55),
            size.format('c1'),
            size.format('c2'),
            'checkpoint-list vm --name --topological',
            # c1's bitmaps leave every image of each chain
            'checkpoint-delete vm c1',
            'checkpoint-list vm --name',
            size.format('c2'),
            'checkpoint-delete vm c1',
            'destroy vm',
            # a new run reads the bitmaps across the chains again
            'start vm',
            size.format('c2'),
            hmp_write(1, 5 * MIB, 64 * KIB, 0x66),
            size.format('c2'),
            # a checkpoint made before the run: its bitmaps are in images
            # the run opened as backing images
            'checkpoint-create-as vm c3',
            'checkpoint-delete vm c2',
            'checkpoint-list vm --name',
            size.format('c3'),
            'destroy vm',
            'undefine vm --checkpoints-metadata --snapshots-metadata',
        ]
        lc.compare(t, images, lv, tm, 'checkpoints across snapshots', commands, after=after,
                   mask=lambda text: re.sub(r'(time_elapsed: )[0-9]+', r'\1N', text))
        t.eq(seen['tidemark'], seen['libvirt'],
             'the bitmaps of every image, the chains and the backup\'s data: the same')

        # ---- the incremental backup's content (tidemark's)
        t.eq(seen['tidemark'].get('inc.qcow2 data'),
             [(1 * MIB, 64 * KIB), (2 * MIB, 64 * KIB), (3 * MIB, 64 * KIB)],
             'the incremental backup since c1 holds the clusters written since c1, before '
             'and after the snapshot, and nothing else')
        t.eq(seen['tidemark'].get('inc.qcow2 reads'), [True, True, True],
             'with the data written there')
        t.eq(seen['tidemark'].get('restored'), (0, 'Images are identical.'),
             'restored (the incremental over the full backup that made c1): the disk as it '
             'was at the incremental backup (qemu-img compare)')
        t.eq((seen['tidemark'].get('a.qcow2'), seen['tidemark'].get('a.s1'),
              seen['tidemark'].get('a.s2'), seen['tidemark'].get('b.s1')),
             ((None, []), ('a.qcow2', []), ('a.s1', [('c3', ('auto',))]),
              ('b.qcow2', [('c3', ('auto',))])),
             'c1 and c2 left every image of each chain, the backing images of a new run '
             'included; c3, kept by undefine, is in the top images')
        lc.drop_stashed(t, MADE)
        merges(t)
        offline(t)


main()
