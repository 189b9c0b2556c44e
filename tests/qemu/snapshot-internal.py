#!/usr/bin/python3
"""Internal snapshots on the qemu driver, with real QEMU.

SPDX-License-Identifier: LGPL-2.1-or-later

1. Against libvirt 9.0's own qemu:///embed driver (libvirt-compare.py's
   `compare`: the same command sequences, one process per tool and
   sequence, on the same image paths): snapshot-create-as of a shut-off
   and of a running domain (also --halt, --no-metadata), snapshot-list
   with every filter, -info, -dumpxml, -parent, -current, -revert
   (running, paused, shut off; --running, --paused), -delete (plain,
   --children, --children-only, --metadata), a redefine with --current,
   and libvirt's refusals (duplicate name, '/' and leading '.', --live,
   a raw disk shut off and running, a disk left out, a memory-less
   snapshot of a running domain, --quiesce without --disk-only, any
   snapshot of a shut-off domain that has a checkpoint); then
   the same tree seen by a new process.
   libvirt's <cookie> carries the vCPU as QEMU runs it; tidemark's the
   configured one (the documented `live-cpu` difference).
2. tidemark alone, the images' content: a pattern written (qemu-io on
   the shut-off images, or through the virtio device from inside QEMU)
   before each snapshot and another after it; after each revert the
   images hold exactly the snapshot's pattern (`qemu-io -c 'read -P'`
   on the shut-off images), the image snapshot lists follow every
   create and delete (`qemu-img snapshot -l`), and the metadata files
   are libvirt's (one per snapshot, the current one marked).
3. A crash between the images and the metadata (TIDEMARK_FAULT): the
   next process names the image snapshot no metadata has, and keeps it.
No QEMU and no stray file is left (qemutest's cleanup checks).

Usage: snapshot-internal.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import KIB, hmp_write  # noqa: E402

lc = qemutest.load_libvirt_compare()

CPU = re.compile(r"( *)<cpu[ >].*?</cpu>\n", re.S)


def live_cpu(text):
    """live-cpu (docs/QEMU.md): libvirt's save cookie holds the vCPU as
    QEMU runs it; tidemark's the one of the domain's <domain>."""
    def fix(m):
        snap = m.group(0)
        dom = re.search(r"<domain type=.*?</domain>", snap, re.S)
        cookie = re.search(r"<cookie>.*?</cookie>", snap, re.S)
        if not dom or not cookie:
            return snap
        conf = CPU.search(dom.group(0))
        if not conf:
            return snap
        fixed = CPU.sub(lambda _: conf.group(0), cookie.group(0), count=1)
        return snap[:cookie.start()] + fixed + snap[cookie.end():]
    return re.sub(r"<domainsnapshot>.*?</domainsnapshot>", fix, text, flags=re.S)


KNOWN = [('live-cpu', live_cpu)]


def qemu_io_read(image, pattern, offset=0, length=64 * KIB):
    """Whether @image (not in use) holds @pattern at @offset."""
    p = subprocess.run(['qemu-io', '-r', '-f', 'qcow2', '-c',
                        f'read -P {pattern:#x} {offset} {length}', image],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode == 0 and 'Pattern verification failed' not in p.stdout.decode()


def qemu_io_write(image, pattern, offset=0, length=64 * KIB):
    subprocess.run(['qemu-io', '-f', 'qcow2', '-c',
                    f'write -P {pattern:#x} {offset} {length}', image],
                   check=True, stdout=subprocess.DEVNULL)


def image_snapshots(image):
    out = subprocess.run(['qemu-img', 'snapshot', '-U', '-l', image], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return [line.split()[1] for line in out.splitlines()[2:] if line.split()]


def compared(t):
    lv = t.libvirt_root()
    tm = t.root()
    images = lc.Images(t, {'a.qcow2': 'qcow2', 'b.qcow2': 'qcow2', 'r.raw': 'raw',
                           'c.qcow2': 'qcow2'})
    a, b, raw = images.path('a.qcow2'), images.path('b.qcow2'), images.path('r.raw')
    dom = lc.write_file(t, 'vm.xml', qemutest.domain_xml('vm', [('vda', a), ('vdb', b)]))
    rawdom = lc.write_file(t, 'rawvm.xml', qemutest.domain_xml(
        'rawvm', [('vda', raw, 'raw')], uuid='0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'))
    cpdom = lc.write_file(t, 'cpvm.xml', qemutest.domain_xml(
        'cpvm', [('vda', images.path('c.qcow2'))], uuid='1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d'))
    # a redefinition with a fixed time, of a shut-off domain's snapshot
    redef = lc.write_file(t, 'r9.xml', (
        "<domainsnapshot><name>r9</name><state>shutoff</state>"
        "<creationTime>1700000000</creationTime><parent><name>s1</name></parent>"
        "<memory snapshot='no'/><disks><disk name='vda' snapshot='internal'/>"
        "<disk name='vdb' snapshot='internal'/></disks></domainsnapshot>\n"))
    first = [
        f'define {dom}',
        f'define {rawdom}',
        "snapshot-create-as vm s0 --description 'shut off'",
        'snapshot-list vm',
        'snapshot-info vm s0',
        'snapshot-dumpxml vm s0',
        'snapshot-current vm --name',
        'snapshot-create-as vm s0',
        'snapshot-create-as vm bad/name',
        'snapshot-create-as vm .hidden',
        'snapshot-create-as vm s9 --live',
        'snapshot-create-as rawvm r1',
        'snapshot-create-as vm s9 --diskspec vda,snapshot=no',
        'snapshot-create-as vm s9 --quiesce',
        'start vm',
        hmp_write(0, 0, 64 * KIB, 0x11),
        'snapshot-create-as vm s1',
        'snapshot-dumpxml vm s1',
        'snapshot-info vm s1',
        'snapshot-create-as vm s9 --memspec snapshot=no',
        hmp_write(0, 0, 64 * KIB, 0x22),
        'suspend vm',
        'snapshot-create-as vm s2',
        'domstate vm --reason',
        'resume vm',
        'snapshot-create-as vm nm --no-metadata',
        'snapshot-list vm',
        'snapshot-create-as vm s3 --halt',
        'domstate vm --reason',
        'snapshot-list vm --tree',
        'snapshot-list vm --parent',
        'snapshot-list vm --roots',
        'snapshot-list vm --leaves',
        'snapshot-list vm --no-leaves',
        'snapshot-list vm --active',
        'snapshot-list vm --inactive',
        'snapshot-list vm --internal',
        'snapshot-list vm --external',
        'snapshot-list vm --topological',
        'snapshot-list vm --name',
        'snapshot-list vm --from s1 --descendants',
        'snapshot-list vm --current',
        'snapshot-parent vm s3',
        'snapshot-parent vm s0',
        'snapshot-revert vm s1',
        'domstate vm --reason',
        'snapshot-current vm --name',
        'snapshot-revert vm s2',
        'domstate vm --reason',
        'snapshot-revert vm s2 --running',
        'domstate vm --reason',
        'snapshot-revert vm s1 --paused',
        'domstate vm --reason',
        'snapshot-revert vm s0',
        'domstate vm --reason',
        'snapshot-revert vm s0 --paused',
        'domstate vm --reason',
        'snapshot-revert vm s0 --running',
        'domstate vm --reason',
        'destroy vm',
        'start rawvm',
        'snapshot-create-as rawvm r1',
        'destroy rawvm',
        f'snapshot-create vm {redef} --redefine --current',
        'snapshot-current vm --name',
        'snapshot-list vm --tree',
        'snapshot-info vm r9',
        'snapshot-delete vm s2',
        'snapshot-list vm --parent',
        'snapshot-delete vm s1 --children-only',
        'snapshot-list vm --parent',
        'snapshot-current vm --name',
        'snapshot-delete vm s0 --metadata',
        'snapshot-list vm --parent',
        'snapshot-create-as vm s4',
        'snapshot-create-as vm s5',
        'snapshot-revert vm s4',
        'snapshot-create-as vm s6',
        'snapshot-list vm --tree',
        'snapshot-delete vm s4 --children',
        'snapshot-list vm --parent',
        'snapshot-current vm --name',
        'undefine vm',
        # a shut-off domain with a checkpoint: no snapshot of any kind
        f'define {cpdom}',
        'start cpvm',
        'checkpoint-create-as cpvm c1',
        'destroy cpvm',
        'snapshot-create-as cpvm s1',
        'snapshot-create-as cpvm s1 --disk-only',
        f'snapshot-create cpvm {redef} --redefine',
        'checkpoint-delete cpvm c1 --metadata',
        'undefine cpvm',
    ]
    lc.compare(t, images, lv, tm, 'internal', first, known=KNOWN)
    if qemutest.smoke():
        return
    # a new process sees what the last one left (the CLI has no `create`
    # for a transient domain: their refusals are left out)
    second = [
        'snapshot-list vm --parent',
        'snapshot-current vm --name',
        'snapshot-info vm s1',
        'snapshot-dumpxml vm s1',
        'snapshot-delete vm s1',
        'snapshot-list vm --name',
    ]
    images.use('libvirt')
    lv.run(f'define {dom}; snapshot-create-as vm s1 --description kept')
    images.use('tidemark')
    tm.run(f'define {dom}; snapshot-create-as vm s1 --description kept')
    lc.compare(t, images, lv, tm, 'reload', second, known=KNOWN)


def content(t):
    """The images hold each snapshot's data after each revert."""
    r = t.root('content')
    a = t.disk('content-a.qcow2')
    b = t.disk('content-b.qcow2')
    r.define('vm', [('vda', a), ('vdb', b)])
    run = lambda cmd, what: t.eq((lambda res: (res.rc, res.err))(r.run(cmd)), (0, ''), what)

    qemu_io_write(a, 0x11)
    qemu_io_write(b, 0x12)
    run('snapshot-create-as vm off1', 'shut off: snapshot off1')
    t.eq([image_snapshots(a), image_snapshots(b)], [['off1'], ['off1']],
         'qemu-img snapshot -l: off1 in both images')
    qemu_io_write(a, 0x21)
    qemu_io_write(b, 0x22)
    run('snapshot-revert vm off1', 'revert to off1 (shut off)')
    t.ok(qemu_io_read(a, 0x11) and qemu_io_read(b, 0x12),
         'after revert to off1: both images hold what they held at off1')

    run('start vm', 'start')
    run(hmp_write(0, 0, 64 * KIB, 0x31) + '; ' + hmp_write(1, 0, 64 * KIB, 0x32),
        'guest writes 0x31 / 0x32')
    run('snapshot-create-as vm on1', 'running: snapshot on1 (savevm)')
    run(hmp_write(0, 0, 64 * KIB, 0x41) + '; ' + hmp_write(1, 0, 64 * KIB, 0x42),
        'guest writes 0x41 / 0x42')
    res = r.run('domstate vm --reason')
    t.eq(res.out.strip(), 'running (unpaused)', 'the domain runs on after the snapshot')
    res = r.run('snapshot-revert vm off1; domstate vm --reason')
    t.eq((res.rc, res.out.split('\n')[-3:], res.err),
         (0, ['shut off (from snapshot)', '', ''], ''),
         'revert to off1 from the running domain: shut off (from snapshot)')
    t.ok(qemu_io_read(a, 0x11) and qemu_io_read(b, 0x12), 'the images hold off1\'s data')
    run('snapshot-revert vm on1', 'revert to on1 (QEMU loads it)')
    t.eq(r.run('domstate vm --reason').out.strip(), 'running (from snapshot)',
         'running (from snapshot)')
    run('destroy vm', 'destroy')
    t.ok(qemu_io_read(a, 0x31) and qemu_io_read(b, 0x32), 'the images hold on1\'s data')
    run('snapshot-revert vm on1 --paused', 'revert to on1 --paused')
    t.eq(r.run('domstate vm --reason').out.strip(), 'paused (from snapshot)',
         'paused (from snapshot)')
    run('destroy vm', 'destroy')
    t.ok(qemu_io_read(a, 0x31) and qemu_io_read(b, 0x32), 'still on1\'s data')

    files = sorted(os.listdir(os.path.join(r.path, 'snapshot', 'vm')))
    t.eq(files, ['off1.xml', 'on1.xml'], 'one metadata file per snapshot')
    with open(os.path.join(r.path, 'snapshot', 'vm', 'on1.xml')) as f:
        on1 = f.read()
    with open(os.path.join(r.path, 'snapshot', 'vm', 'off1.xml')) as f:
        off1 = f.read()
    t.ok('<active>1</active>' in on1 and '<active>0</active>' in off1,
         'the current snapshot (on1) is marked active in its file, off1 not')

    run('snapshot-delete vm on1', 'delete on1 (shut off: qemu-img)')
    t.eq([image_snapshots(a), image_snapshots(b)], [['off1'], ['off1']],
         'on1 gone from both images')
    run('start vm', 'start')
    run('snapshot-create-as vm on2', 'snapshot on2 while running')
    run('snapshot-delete vm on2', 'delete on2 (running: delvm)')
    t.eq([image_snapshots(a), image_snapshots(b)], [['off1'], ['off1']],
         'on2 gone from both images')
    run('destroy vm', 'destroy')
    run('snapshot-delete vm off1 --metadata', 'delete off1 --metadata')
    t.eq([image_snapshots(a), image_snapshots(b)], [['off1'], ['off1']],
         '--metadata keeps the images\' snapshot')
    res = r.run('snapshot-list vm --name')
    t.eq((res.rc, res.out.strip(), res.err), (0, '', ''), 'no snapshot metadata left')
    r.run('undefine vm')

    # a crash between the images and the metadata: reported, kept
    r.define('vm', [('vda', a), ('vdb', b)])
    res = r.run('snapshot-create-as vm lost', env={'TIDEMARK_FAULT': 'snapshot-create-after-images'})
    t.eq(res.rc, -9, 'killed between qemu-img and the metadata write')
    res = r.run('snapshot-list vm --name')
    want = ''.join(f"tidemark: image '{img}' of domain 'vm' holds snapshot '{n}' that no "
                   f"snapshot metadata names\n" for img in (a, b) for n in ('off1', 'lost'))
    t.eq((res.rc, res.out.strip(), res.err), (0, '', want),
         'the next process names every image snapshot without metadata')
    t.eq([image_snapshots(a), image_snapshots(b)], [['off1', 'lost'], ['off1', 'lost']],
         'and keeps them')
    res = r.run('snapshot-list vm --name')
    t.eq(res.err, want, 'said again by every process until settled')
    for img in (a, b):
        subprocess.run(['qemu-img', 'snapshot', '-d', 'lost', img], check=True)
        subprocess.run(['qemu-img', 'snapshot', '-d', 'off1', img], check=True)
    res = r.run('snapshot-list vm --name')
    t.eq((res.rc, res.err), (0, ''), 'settled by hand: nothing more to say')
    r.run('undefine vm')
    t.eq(r.run_files('vm'), [], 'no socket, pid or status file left')


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        compared(t)
        if not qemutest.smoke():
            content(t)


main()
