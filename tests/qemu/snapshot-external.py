#!/usr/bin/python3
"""External disk-only snapshots of a shut-off domain, with real QEMU
images.

SPDX-License-Identifier: LGPL-2.1-or-later

1. Against libvirt 9.0's own qemu:///embed driver (libvirt-compare.py's
   `compare`, one process per tool, the same image paths): snapshot-
   create-as --disk-only of a shut-off domain with default names, with
   --diskspec (a file of one's own, snapshot=no), onto an empty file,
   --reuse-external onto an image made beforehand, --no-metadata;
   snapshot-dumpxml, -list (--tree, --disk-only, --external,
   --internal), -info, -current, the persistent definition (dumpxml
   --inactive) and domblklist after each; libvirt's refusals (a missing
   --reuse-external file, a non-empty file, a directory, a raw format,
   internal after external); delete
   --metadata; the domain started on its new images (its live XML with
   each disk's whole chain, numbered as libvirt numbers); then snapshots
   of the running domain (both disks in one transaction, one disk to a
   file of one's own), its live and persistent XML after each, the
   refusals (--quiesce without an agent, a missing --reuse-external
   file), a new run over the longer chains. After
   each tool's turn, `qemu-img info --backing-chain` of every image it
   left: the same chains. Then snapshot-delete of external snapshots,
   which merges their images down: running (a commit under the top
   image and an active commit, in one delete), shut off (the top image;
   one under it, libvirt's error), libvirt's refusals (--children), the
   definitions of the domain and of the later snapshots after each; the
   images left, their chains and the disk's data.
2. tidemark alone, the images' content: what was written before a
   snapshot stays in its backing image, what is written after goes to
   the new image only (`qemu-io -c 'read -P'`); a failed create leaves
   no image behind and the definition as it was; a running domain's
   guest writes before and after its snapshot land in the old and the
   new image; deleting the snapshots while shut off merges each one's
   images into those under it, with the data; a memory file that
   cannot be made (tests/qemu/snapshot-memory.py has the memory state).
No QEMU and no stray file is left (qemutest's cleanup checks).

Usage: snapshot-external.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import KIB, MIB, chain, hmp_write, qemu_io  # noqa: E402

lc = qemutest.load_libvirt_compare()

# the images the snapshots make, named by the tools (libvirt's default:
# the old name's suffix replaced by the snapshot's name)
OVERLAYS = ['a.e0', 'b.e0', 'own.ov', 'empty.ov', 'made.ov', 'made.nm', 'made.live1',
            'b.live1', 'own2.ov']


LIVE_CPU = re.compile(r"^  <cpu mode='custom' match='exact' check='full'>\n"
                      r"    <model fallback='forbid'>(\w+)</model>\n"
                      r"(?:    <feature policy='\w+' name='\w+'/>\n)*  </cpu>\n", re.M)


def live_cpu(text):
    """live-cpu (docs/QEMU.md): libvirt's live XML has the vCPU as QEMU
    runs it; tidemark's the configured one (this domain's: qemu64)."""
    return LIVE_CPU.sub(lambda m: ("  <cpu mode='custom' match='exact' check='none'>\n"
                                   f"    <model fallback='forbid'>{m.group(1)}</model>\n"
                                   "  </cpu>\n"), text)


def compared(t):
    lv = t.libvirt_root()
    tm = t.root()
    images = lc.Images(t, {'a.qcow2': 'qcow2', 'b.qcow2': 'qcow2'})
    a, b = images.path('a.qcow2'), images.path('b.qcow2')
    dom = lc.write_file(t, 'vm.xml', qemutest.domain_xml('vm', [('vda', a), ('vdb', b)]))
    os.mkdir(t.path('adir'))
    with open(t.path('full.ov'), 'w') as f:
        f.write('not empty\n')
    chains = {}

    def prepare(tool):
        # per turn: an empty file, and an image made by hand for
        # --reuse-external
        open(t.path('empty.ov'), 'w').close()
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', a,
                        t.path('made.ov')], check=True)

    def after(tool, root):
        chains[tool] = {n: chain(t.path(n)) for n in ['a.qcow2', 'b.qcow2'] + OVERLAYS
                        if os.path.exists(t.path(n))}
        lc.stash(t, tool, OVERLAYS)

    commands = [
        f'define {dom}',
        'snapshot-create-as vm e0 --disk-only',
        'snapshot-dumpxml vm e0',
        'dumpxml vm --inactive',
        'domblklist vm',
        'snapshot-list vm',
        'snapshot-info vm e0',
        'snapshot-current vm --name',
        f'snapshot-create-as vm e1 --disk-only --diskspec vda,file={t.path("own.ov")} '
        '--diskspec vdb,snapshot=no',
        'snapshot-dumpxml vm e1',
        'domblklist vm',
        f'snapshot-create-as vm e2 --disk-only --diskspec vda,file={t.path("empty.ov")} '
        '--diskspec vdb,snapshot=no',
        'snapshot-dumpxml vm e2',
        f'snapshot-create-as vm bad --disk-only --reuse-external '
        f'--diskspec vda,file={t.path("missing.ov")} --diskspec vdb,snapshot=no',
        f'snapshot-create-as vm bad --disk-only --diskspec vda,file={t.path("full.ov")} '
        '--diskspec vdb,snapshot=no',
        f'snapshot-create-as vm bad --disk-only --diskspec vda,file={t.path("adir")} '
        '--diskspec vdb,snapshot=no',
        f'snapshot-create-as vm bad --disk-only --diskspec vda,file={t.path("x.raw")},driver=raw '
        '--diskspec vdb,snapshot=no',
        f'snapshot-create-as vm e3 --disk-only --reuse-external '
        f'--diskspec vda,file={t.path("made.ov")} --diskspec vdb,snapshot=no',
        'snapshot-dumpxml vm e3',
        'dumpxml vm --inactive',
        'snapshot-create-as vm nm --disk-only --no-metadata --diskspec vdb,snapshot=no',
        'domblklist vm',
        'snapshot-list vm --tree',
        'snapshot-list vm --disk-only',
        'snapshot-list vm --external',
        'snapshot-list vm --internal',
        'snapshot-list vm --parent',
        'snapshot-create-as vm i1',
        'snapshot-delete vm e3 --metadata',
        'snapshot-list vm --parent',
        'snapshot-current vm --name',
        'start vm',
        'domblklist vm',
        # every image of each chain, numbered as libvirt numbers a run's
        'dumpxml vm',
        'snapshot-create-as vm live0 --disk-only --diskspec vdb,snapshot=no '
        '--diskspec vda,snapshot=no',
        # the running domain's own: one transaction for both disks
        'snapshot-create-as vm live1 --disk-only',
        'snapshot-dumpxml vm live1',
        'dumpxml vm',
        'dumpxml vm --inactive',
        'domblklist vm',
        f'snapshot-create-as vm live2 --disk-only --diskspec vda,file={t.path("own2.ov")} '
        '--diskspec vdb,snapshot=no',
        'snapshot-dumpxml vm live2',
        'dumpxml vm',
        'dumpxml vm --inactive',
        'snapshot-create-as vm q --disk-only --quiesce',
        f'snapshot-create-as vm bad --disk-only --reuse-external '
        f'--diskspec vda,file={t.path("missing.ov")} --diskspec vdb,snapshot=no',
        'snapshot-list vm --tree',
        'destroy vm',
        'dumpxml vm --inactive',
        # a new run over chains of five and three
        'start vm',
        'dumpxml vm',
        'domblklist vm',
        'destroy vm',
        'undefine vm',
        'snapshot-delete vm live2 --metadata',
        'snapshot-delete vm live1 --metadata',
        'snapshot-delete vm e2 --metadata',
        'snapshot-delete vm e1 --metadata',
        'snapshot-delete vm e0 --metadata',
        'undefine vm',
    ]
    lc.compare(t, images, lv, tm, 'external', commands, after=after, before=prepare,
               known=[('live-cpu', live_cpu)])
    t.eq(chains['tidemark'], chains['libvirt'],
         'qemu-img info --backing-chain of every image: the same chains')
    t.eq((chains['tidemark'].get('a.e0'), chains['tidemark'].get('made.nm')),
         ([('a.e0', 'qcow2', 'a.qcow2', 'qcow2'), ('a.qcow2', 'qcow2', None, None)],
          [('made.nm', 'qcow2', 'made.ov', 'qcow2'), ('made.ov', 'qcow2', 'a.qcow2', 'qcow2'),
           ('a.qcow2', 'qcow2', None, None)]),
         'among them: a.e0 over a.qcow2, and the chain of three that --reuse-external '
         'and --no-metadata left')
    for n in ('empty.ov', 'made.ov'):
        for tool in ('libvirt', 'tidemark'):
            if os.path.exists(t.path(f'{tool}.{n}')):
                os.unlink(t.path(f'{tool}.{n}'))


def offline_merge_id(text):
    """offline-merge-id (docs/QEMU.md): libvirt starts QEMU to merge a
    shut-off domain's snapshot, which takes a domain id; tidemark merges
    with qemu-img. Here: its two shut-off deletes, so the next run is
    id 4 in libvirt, 2 in tidemark."""
    return text.replace("<domain type='qemu' id='4'>", "<domain type='qemu' id='2'>")


DELETE_OVERLAYS = ['da.d1', 'db.d1', 'da.d2', 'da.o1', 'db.o1', 'da.o2', 'db.o2']


def deletes(t):
    """snapshot-delete of external snapshots, which libvirt 9.0 merges
    down: running (a commit under the top image, an active commit of the
    top image), shut off, compared with libvirt's embed driver; then the
    images each tool left: their chains and the data written."""
    lv, tm, images, a, b, dom = lc.two_disk_domain(t, 'lv-delete', 'tm-delete', 'da.qcow2',
                                                   'db.qcow2', 'dvm.xml')
    seen = {}

    def after(tool, root):
        seen[tool] = {
            'files': sorted(n for n in DELETE_OVERLAYS if os.path.exists(t.path(n))),
            'chains': {n: chain(t.path(n)) for n in ['da.qcow2', 'db.qcow2'] + DELETE_OVERLAYS
                       if os.path.exists(t.path(n))},
            'data': [qemu_io(a, f'read -P {p:#x} {o} {64 * KIB}')
                     for p, o in ((0x11, 0), (0x22, MIB), (0x33, 2 * MIB), (0x44, 3 * MIB))],
        }
        lc.stash(t, tool, DELETE_OVERLAYS)

    commands = [
        f'define {dom}',
        'start vm',
        hmp_write(0, 0, 64 * KIB, 0x11),
        'snapshot-create-as vm d1 --disk-only',
        hmp_write(0, MIB, 64 * KIB, 0x22),
        'snapshot-create-as vm d2 --disk-only --diskspec vdb,snapshot=no',
        hmp_write(0, 2 * MIB, 64 * KIB, 0x33),
        'snapshot-delete vm d2 --children',
        # vda: a commit under the top image; vdb: its top image's
        'snapshot-delete vm d1',
        'snapshot-list vm --parent',
        'dumpxml vm',
        'dumpxml vm --inactive',
        'domblklist vm',
        'snapshot-dumpxml vm d2',
        'snapshot-delete vm d2',
        'dumpxml vm',
        'domblklist vm',
        hmp_write(0, 3 * MIB, 64 * KIB, 0x44),
        'destroy vm',
        'dumpxml vm --inactive',
        # shut off: libvirt starts QEMU paused for it, tidemark uses
        # qemu-img; an image under the top one is out of reach there (the
        # definition describes no chain: libvirt's error)
        'snapshot-create-as vm o1 --disk-only',
        'snapshot-create-as vm o2 --disk-only',
        'snapshot-delete vm o1',
        'snapshot-delete vm o2',
        'dumpxml vm --inactive',
        'snapshot-dumpxml vm o1',
        'snapshot-delete vm o1',
        'dumpxml vm --inactive',
        'domblklist vm',
        'snapshot-list vm',
        'start vm',
        'dumpxml vm',
        'destroy vm',
        'undefine vm',
    ]
    lc.compare(t, images, lv, tm, 'external delete', commands, after=after,
               known=[('live-cpu', live_cpu), ('offline-merge-id', offline_merge_id)])
    t.eq(seen['tidemark'], seen['libvirt'],
         'the images left, their chains and the data of vda: the same')
    t.eq((seen['tidemark']['files'], seen['tidemark']['data']), ([], [True] * 4),
         'every overlay merged and removed; the disk holds every write')
    lc.drop_stashed(t, DELETE_OVERLAYS)


def content(t):
    r = t.root('tm2')
    a, b = t.disk('ca.qcow2', 64 * qemutest.MIB), t.disk('cb.qcow2', 64 * qemutest.MIB)
    r.define('cvm', [('vda', a), ('vdb', b)])
    qemu_io(a, f'write -P 0x11 0 {64 * KIB}')
    res = r.run('snapshot-create-as cvm s1 --disk-only')
    t.eq(res.rc, 0, 'a shut-off domain\'s disk-only snapshot')
    ov_a, ov_b = t.path('ca.s1'), t.path('cb.s1')
    t.eq((chain(ov_a), chain(ov_b)),
         ([('ca.s1', 'qcow2', 'ca.qcow2', 'qcow2'), ('ca.qcow2', 'qcow2', None, None)],
          [('cb.s1', 'qcow2', 'cb.qcow2', 'qcow2'), ('cb.qcow2', 'qcow2', None, None)]),
         'each disk has a new qcow2 image over its old one')
    t.ok(qemu_io(ov_a, f'read -P 0x11 0 {64 * KIB}'),
         'the new image reads what was written before the snapshot')
    t.ok(qemu_io(ov_a, f'write -P 0x22 0 {64 * KIB}'), 'a write after it')
    t.ok(qemu_io(a, f'read -P 0x11 0 {64 * KIB}') and
         qemu_io(ov_a, f'read -P 0x22 0 {64 * KIB}'),
         'goes to the new image only: the old one keeps the snapshot\'s content')

    # a failure after the first image: none left, the definition as it was
    with open(t.path('cb.s2'), 'w') as f:
        f.write('in the way\n')
    before = r.run('dumpxml cvm --inactive').out
    res = r.run('snapshot-create-as cvm s2 --disk-only')
    t.ok(res.rc != 0 and 'already exists' in res.out + res.err,
         'a snapshot whose second image is in the way is refused', res.out + res.err)
    t.ok(not os.path.exists(t.path('ca.s2')) and r.run('dumpxml cvm --inactive').out == before,
         'no image made, the definition unchanged')
    os.unlink(t.path('cb.s2'))

    # running: the guest's writes before the snapshot stay in the old
    # image, later ones go to the new one
    def write(pattern):
        return hmp_write(0, 0, 64 * KIB, pattern).replace(' vm ', ' cvm ', 1)

    res = r.run(f'start cvm; {write(0x33)}; snapshot-create-as cvm live --disk-only; '
                f'{write(0x44)}; destroy cvm')
    live_a, live_b = t.path('ca.live'), t.path('cb.live')
    t.eq(res.rc, 0, 'a running domain\'s disk-only snapshot between two guest writes')
    t.ok(qemu_io(ov_a, f'read -P 0x33 0 {64 * KIB}') and
         qemu_io(live_a, f'read -P 0x44 0 {64 * KIB}'),
         'the write before it is in the old image, the one after in the new image only')
    t.eq(chain(live_b)[:2], [('cb.live', 'qcow2', 'cb.s1', 'qcow2'),
                             ('cb.s1', 'qcow2', 'cb.qcow2', 'qcow2')],
         'the new image of the other disk is over its previous one')
    # a memory state that cannot be written: no image made either
    res = r.run('start cvm; '
                'snapshot-create-as cvm y --memspec snapshot=external,file=/nonexistent/mem; '
                'domstate cvm; destroy cvm')
    t.ok("Failed to create file '/nonexistent/mem'" in res.err and 'running' in res.out and
         not os.path.exists(t.path('ca.y')),
         'a memory file that cannot be made: refused, no image made, the domain runs on',
         res.out + res.err)
    # deleted with the images, shut off: each merges into the one under it
    res = r.run('snapshot-delete cvm live')
    t.eq((res.rc, os.path.exists(live_a), os.path.exists(live_b), chain(ov_a)),
         (0, False, False, [('ca.s1', 'qcow2', 'ca.qcow2', 'qcow2'),
                            ('ca.qcow2', 'qcow2', None, None)]),
         'deleting the last snapshot merges its images into the ones under them')
    t.ok(qemu_io(ov_a, f'read -P 0x44 0 {64 * KIB}'), 'which now hold the last write')
    res = r.run('snapshot-delete cvm s1; domblklist cvm')
    t.ok(res.rc == 0 and not os.path.exists(ov_a) and a in res.out and
         qemu_io(a, f'read -P 0x44 0 {64 * KIB}'),
         'and the first one\'s: the domain is on its first images, with every write', res.err)
    r.run('undefine cvm')
    t.eq(r.run_files('cvm'), [], 'no socket, pid or status file left')


def reverts(t):
    """tidemark's own revert to an external snapshot (libvirt 9.0 refuses
    it): each disk gets a new image over the one the snapshot recorded,
    which keeps its data; the images left are named, not removed."""
    r = t.root('tm-revert')
    a, b = t.disk('ra.qcow2', 64 * qemutest.MIB), t.disk('rb.qcow2', 64 * qemutest.MIB)
    r.define('rvm', [('vda', a), ('vdb', b)])
    qemu_io(a, f'write -P 0x11 0 {64 * KIB}')
    res = r.run('snapshot-create-as rvm s1 --disk-only')
    over_a = t.path('ra.s1')
    qemu_io(over_a, f'write -P 0x22 0 {64 * KIB}')
    res = r.run('snapshot-revert rvm s1; domblklist rvm; domstate rvm; snapshot-current rvm --name')
    new_a, new_b = t.path('ra.s1-revert1'), t.path('rb.s1-revert1')
    words = res.out.split()
    t.eq((res.rc, words[:4], words[7:]),
         (0, ['Domain', 'snapshot', 's1', 'reverted'],
          ['vda', new_a, 'vdb', new_b, 'shut', 'off', 's1']),
         'revert to a shut-off domain\'s external snapshot: new images, shut off, s1 current')
    t.eq(res.err, f"tidemark: revert of domain 'rvm' to snapshot 's1' leaves image '{over_a}' "
         f"(not removed)\ntidemark: revert of domain 'rvm' to snapshot 's1' leaves image "
         f"'{t.path('rb.s1')}' (not removed)\n",
         'the images the domain used until then are named, and kept')
    t.eq((chain(new_a), os.path.exists(over_a)),
         ([('ra.s1-revert1', 'qcow2', 'ra.qcow2', 'qcow2'), ('ra.qcow2', 'qcow2', None, None)],
          True),
         'the new image is over the one the snapshot recorded')
    t.ok(qemu_io(new_a, f'read -P 0x11 0 {64 * KIB}') and
         qemu_io(over_a, f'read -P 0x22 0 {64 * KIB}'),
         'the domain reads what it held at the snapshot; the write after it stays in the old '
         'image')

    # a running domain's disk-only snapshot, reverted with --running
    def write(pattern):
        return hmp_write(0, 0, 64 * KIB, pattern).replace(' vm ', ' rvm ', 1)

    res = r.run(f'start rvm; {write(0x33)}; snapshot-create-as rvm live --disk-only '
                f'--diskspec vdb,snapshot=no; {write(0x44)}; '
                'snapshot-revert rvm live --running; domstate rvm; domblklist rvm')
    live_new = t.path('ra.live-revert1')
    t.ok(res.rc == 0 and 'running' in res.out and live_new in res.out and new_b in res.out and
         f"leaves image '{t.path('ra.live')}'" in res.err,
         'a running domain\'s disk-only snapshot: reverted and running again (--running) on a '
         'new image over the one it recorded, vdb (not in the snapshot) as it was',
         res.out + res.err)
    r.run('destroy rvm')
    t.ok(qemu_io(live_new, f'read -P 0x33 0 {64 * KIB}'),
         'with the data of the snapshot\'s moment')
    r.run('snapshot-delete rvm live --metadata; snapshot-delete rvm s1 --metadata; undefine rvm')
    t.eq(r.run_files('rvm'), [], 'no socket, pid or status file left')
    for n in ('ra.s1', 'rb.s1', 'ra.s1-revert1', 'rb.s1-revert1', 'ra.live',
              'ra.live-revert1'):
        if os.path.exists(t.path(n)):
            os.unlink(t.path(n))


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        compared(t)
        deletes(t)
        if not qemutest.smoke():
            content(t)
            reverts(t)


main()
