#!/usr/bin/python3
"""Backups restored and compared: the cases tests/qemu/backup.py leaves out.

SPDX-License-Identifier: LGPL-2.1-or-later

One running domain with three 64 MiB qcow2 disks (vda, vdb, vdc) whose
expected content is kept here, and a 256 MiB disk of random data (vdd)
for a job that must still be running when it is aborted. Every backup
is restored (targets rebased onto the previous restore, or an NBD read
written over it) and `qemu-img compare`d with the expected content of
the moment the backup began (vdd is left out of the smoke subset):
  - (smoke) a push full backup of three disks with checkpoint c0, then
    two push incrementals (from c0 with c1, from c1 with c2): each target
    holds exactly the clusters written since its checkpoint, and each
    chain restores the disk as it was;
  - a disk with backup='no': no target made for it, nothing exported
    for it, the other disks backed up;
  - an incremental from a checkpoint three links back (c0 of
    c0 -> c1 -> c2 -> c3) holds every write since c0, and nothing more;
  - a pull incremental read with python3-libnbd following the dirty
    bitmap context, written over the restore it starts from;
  - a push aborted while it runs (throttled by block-job-set-speed):
    target removed, no job, node or temporary bitmap left, the domain
    still running;
  - targets that cannot be written (in a directory that does not exist,
    a path that is a directory): refused with libvirt's code and a
    message naming the path, nothing left in QEMU, the next backup works;
  - nothing is left in the work dir but what the test made.

Usage: backup-cases.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB, hmp_write  # noqa: E402

DISKS = ('vda', 'vdb', 'vdc')
BIG = 256 * MIB


def qmp(r, command, **args):
    msg = {'execute': command}
    if args:
        msg['arguments'] = args
    res = r.run(f"qemu-monitor-command vm '{json.dumps(msg)}'")
    if res.rc != 0:
        raise RuntimeError(f'{command}: {res}')
    return json.loads(res.out)['return']


def qemu_state(r):
    """What a backup may leave in QEMU: (jobs, block jobs, exports, node
    names, {node: sorted bitmap names})."""
    nodes = qmp(r, 'query-named-block-nodes', flat=True)
    return (qmp(r, 'query-jobs'), qmp(r, 'query-block-jobs'), qmp(r, 'query-block-exports'),
            sorted(n['node-name'] for n in nodes),
            {n['node-name']: sorted(b['name'] for b in n.get('dirty-bitmaps', []) if 'name' in b)
             for n in nodes if n.get('dirty-bitmaps')})


class Model:
    """The expected content of each disk, and its writes since each
    checkpoint (qemutest.Writes)."""

    def __init__(self):
        self.data = {d: bytearray(64 * MIB) for d in DISKS}
        self.writes = {d: qemutest.Writes() for d in DISKS}
        self.marks = {}

    def write(self, disk, offset, length, pattern):
        self.data[disk][offset:offset + length] = bytes([pattern]) * length
        self.writes[disk].add(offset, length)

    def checkpoint(self, name):
        self.marks[name] = {d: self.writes[d].mark() for d in DISKS}

    def since(self, disk, name):
        return self.writes[disk].since(self.marks[name][disk])


def read_dirty(sock, name, bitmap):
    """[(offset, data)] of the dirty extents of export @name, following
    qemu:dirty-bitmap:@bitmap as a pull client does (nbdcopy cannot)."""
    import nbd
    ctx = f'qemu:dirty-bitmap:{bitmap}'
    h = nbd.NBD()
    h.add_meta_context(ctx)
    h.set_export_name(name)
    h.connect_unix(sock)
    try:
        if not h.can_meta_context(ctx):
            raise RuntimeError(f'the export does not offer {ctx}')
        size = h.get_size()
        extents = []
        offset = 0
        while offset < size:
            got = []

            def cb(metacontext, off, entries, err, got=got):
                if metacontext == ctx:
                    got.extend(entries)
                return 0
            h.block_status(size - offset, offset, cb)
            if not got:
                raise RuntimeError(f'no extents for {ctx} at {offset}')
            for i in range(0, len(got), 2):
                length = min(got[i], size - offset)
                if got[i + 1] & 1:
                    if extents and extents[-1][0] + extents[-1][1] == offset:
                        extents[-1] = (extents[-1][0], extents[-1][1] + length)
                    else:
                        extents.append((offset, length))
                offset += length
        chunks = []
        for off, length in extents:
            data = bytearray()
            for o in range(off, off + length, 4 * MIB):
                data += h.pread(min(4 * MIB, off + length - o), o)
            chunks.append((off, bytes(data)))
        h.shutdown()
    finally:
        del h
    return chunks


def main():
    with qemutest.Tier(sys.argv) as t:
        r = t.root()
        images = {d: t.disk(f'{d}.qcow2') for d in DISKS}
        if not qemutest.smoke():
            # vdd: random data, so a push of it takes a while even unthrottled
            rnd = t.path('random.raw')
            with open(rnd, 'wb') as f:
                f.write(os.urandom(BIG))
            images['vdd'] = t.path('vdd.qcow2')
            subprocess.run(['qemu-img', 'convert', '-q', '-f', 'raw', '-O', 'qcow2', rnd,
                            images['vdd']], check=True)
            os.unlink(rnd)
        r.define('vm', [(d, images[d]) for d in sorted(images)])
        model = Model()
        made = set(os.listdir(t.tmp))          # what the test itself made

        def write(disk, offset, length, pattern):
            index = sorted(images).index(disk)
            res = r.run(hmp_write(index, offset, length, pattern))
            t.eq((res.rc, res.err), (0, ''), f'guest write {disk} {offset}+{length}')
            model.write(disk, offset, length, pattern)

        def xml_file(name, text):
            path = t.path(name)
            with open(path, 'w') as f:
                f.write(text)
            made.add(name)
            return path

        def backup_xml(name, disks, incremental=None, pull_socket=None):
            """@disks: {disk: target or scratch path, or None for backup='no'}."""
            lines = ["<domainbackup mode='pull'>" if pull_socket else '<domainbackup>']
            if incremental:
                lines.append(f'  <incremental>{incremental}</incremental>')
            if pull_socket:
                lines.append(f"  <server transport='unix' socket='{pull_socket}'/>")
            lines.append('  <disks>')
            for disk, store in disks.items():
                if store is None:
                    lines.append(f"    <disk name='{disk}' backup='no'/>")
                else:
                    elem = 'scratch' if pull_socket else 'target'
                    lines.append(f"    <disk name='{disk}' type='file'>"
                                 f"<{elem} file='{store}'/></disk>")
            lines += ['  </disks>', '</domainbackup>', '']
            return xml_file(name, '\n'.join(lines))

        def checkpoint_xml(name):
            return xml_file(f'{name}.xml',
                            f'<domaincheckpoint><name>{name}</name></domaincheckpoint>\n')

        def wait_done(what):
            for _ in range(1200):
                res = r.run('backup-dumpxml vm')
                if 'no domain backup job present' in res.err:
                    return t.ok(True, f'{what}: the push job ends by itself')
                time.sleep(0.1)
            return t.ok(False, f'{what}: the push job ends by itself', res)

        def compare(image, want, what):
            """qemu-img compare of @image (through its backing chain) with
            the expected content @want."""
            raw = t.path('expected.raw')
            with open(raw, 'wb') as f:
                f.write(want)
            res = subprocess.run(['qemu-img', 'compare', '-U', '-f', 'raw', raw, image],
                                 capture_output=True, text=True)
            os.unlink(raw)
            t.eq((res.returncode, res.stdout.strip()), (0, 'Images are identical.'),
                 f'{what}: qemu-img compare says identical')

        def layout(image):
            """The clusters an image holds itself (not its backing file)."""
            out = subprocess.run(['qemu-img', 'map', '--output=json', '-U', image],
                                 check=True, capture_output=True).stdout
            spans = []
            for e in json.loads(out):
                if e['depth'] != 0 or not e['data']:
                    continue
                # qemu-img map splits a run where the host offsets jump
                if spans and spans[-1][0] + spans[-1][1] == e['start']:
                    spans[-1] = (spans[-1][0], spans[-1][1] + e['length'])
                else:
                    spans.append((e['start'], e['length']))
            return spans

        def rebase(image, backing):
            subprocess.run(['qemu-img', 'rebase', '-u', '-b', backing, '-F', 'qcow2', image],
                           check=True)

        def push(label, targets, incremental=None, checkpoint=None):
            """A push backup to @targets ({disk: path or None}); waits for it."""
            xml = backup_xml(f'{label}.xml', targets, incremental)
            cmd = f'backup-begin vm {xml}'
            if checkpoint:
                cmd += f' --checkpointxml {checkpoint_xml(checkpoint)}'
            res = r.run(cmd)
            t.eq((res.rc, res.err), (0, ''), f'{label}: backup-begin')
            if checkpoint:
                model.checkpoint(checkpoint)
            at_begin = {d: bytes(model.data[d]) for d in DISKS}
            wait_done(label)
            for disk, path in targets.items():
                if path:
                    made.add(os.path.basename(path))
            return at_begin

        res = r.run('start vm')
        t.eq(res.rc, 0, 'start')
        baseline = qemu_state(r)
        write('vda', 0, 1 * MIB, 0x11)
        write('vdb', 8 * MIB, 256 * KIB, 0x12)
        write('vdc', 60 * MIB, 4 * MIB, 0x13)

        # --- three disks: full, then two incrementals, each restored
        full = {d: t.path(f'full-{d}.qcow2') for d in DISKS}
        state = push('full', full, checkpoint='c0')
        for d in DISKS:
            compare(full[d], state[d], f'full {d}')
        write('vda', 4 * MIB, 128 * KIB, 0x21)
        write('vdb', 8 * MIB + 64 * KIB, 64 * KIB, 0x22)
        write('vdc', 0, 192 * KIB, 0x23)
        write('vdc', 32 * MIB, 64 * KIB, 0x24)
        inc1 = {d: t.path(f'inc1-{d}.qcow2') for d in DISKS}
        wanted = {d: model.since(d, 'c0') for d in DISKS}
        state = push('inc1', inc1, incremental='c0', checkpoint='c1')
        for d in DISKS:
            t.eq(layout(inc1[d]), wanted[d], f'inc1 {d}: holds exactly the writes since c0')
            rebase(inc1[d], full[d])
            compare(inc1[d], state[d], f'full + inc1 {d}')
        write('vda', 4 * MIB + 64 * KIB, 1 * MIB, 0x31)
        write('vdb', 48 * MIB, 64 * KIB, 0x32)
        inc2 = {d: t.path(f'inc2-{d}.qcow2') for d in DISKS}
        wanted = {d: model.since(d, 'c1') for d in DISKS}
        state = push('inc2', inc2, incremental='c1', checkpoint='c2')
        for d in DISKS:
            t.eq(layout(inc2[d]), wanted[d], f'inc2 {d}: holds exactly the writes since c1')
            rebase(inc2[d], inc1[d])
            compare(inc2[d], state[d], f'full + inc1 + inc2 {d}')
        after = qemu_state(r)
        t.eq(after[:4], baseline[:4], 'no job, block job, export or node left in QEMU')
        t.eq(after[4], {n: ['c0', 'c1', 'c2'] for n in after[4]},
             'only the checkpoint bitmaps are left')

        if not qemutest.smoke():
            more_cases(t, r, model, write, push, backup_xml, checkpoint_xml, compare, layout,
                       rebase, made, baseline, full, inc2)

        # --- nothing left behind
        res = r.run('destroy vm')
        t.eq(res.rc, 0, 'destroy')
        t.eq(r.run_files('vm'), [], "the domain's run dir holds nothing but QEMU's log")
        left = sorted(set(os.listdir(t.tmp)) - made - {'home', 'tmp', 'xdg', 'tm'})
        t.eq(left, [], 'the work dir holds only what the test made')
        t.eq(os.listdir(t.path('tmp')) + os.listdir(t.path('xdg')), [],
             'no temporary file or socket left')


def more_cases(t, r, model, write, push, backup_xml, checkpoint_xml, compare, layout, rebase,
               made, baseline, full, inc2):
    # --- backup='no': no target made, nothing exported
    write('vda', 10 * MIB, 64 * KIB, 0x41)
    write('vdc', 12 * MIB, 64 * KIB, 0x42)
    before = set(os.listdir(t.tmp))
    inc3 = {'vda': t.path('inc3-vda.qcow2'), 'vdb': t.path('inc3-vdb.qcow2'), 'vdc': None}
    wanted = {d: model.since(d, 'c2') for d in ('vda', 'vdb')}
    state = push('inc3', inc3, incremental='c2', checkpoint='c3')
    t.eq(sorted(set(os.listdir(t.tmp)) - before - {'inc3.xml', 'c3.xml'}),
         ['inc3-vda.qcow2', 'inc3-vdb.qcow2'], "backup='no': no target made for vdc")
    for d in ('vda', 'vdb'):
        t.eq(layout(inc3[d]), wanted[d], f'inc3 {d}: holds exactly the writes since c2')
        rebase(inc3[d], inc2[d])
        compare(inc3[d], state[d], f'full + inc1 + inc2 + inc3 {d}')
    res = r.run('checkpoint-dumpxml vm c3 --no-domain')
    t.ok(res.rc == 0 and "<disk name='vdc' checkpoint='bitmap'" in res.out,
         "the checkpoint made with the backup still covers vdc", res)

    sock = t.path('nbd.sock')
    scratch = {'vda': t.path('s-vda.qcow2'), 'vdb': None, 'vdc': t.path('s-vdc.qcow2')}
    xml = backup_xml('pull-no.xml', scratch, pull_socket=sock)
    res = r.run(f'backup-begin vm {xml}')
    t.eq((res.rc, res.err), (0, ''), "backup-begin (pull, vdb backup='no')")
    t.eq(nbd_exports(sock), ['vda', 'vdc'], "backup='no': the NBD server lists no export vdb")
    t.eq(len(qmp(r, 'query-block-exports')), 2, "backup='no': QEMU has two exports")
    t.ok(not os.path.exists(t.path('s-vdb.qcow2')), "backup='no': no scratch image for vdb")
    import nbd
    h = nbd.NBD()
    h.set_export_name('vdb')
    try:
        h.connect_unix(sock)
        refused = False
    except nbd.Error:
        refused = True
    del h
    t.ok(refused, "backup='no': the NBD server refuses export vdb")
    res = r.run('domjobabort vm')
    t.eq((res.rc, res.err), (0, ''), 'domjobabort')

    # --- an incremental from a checkpoint three links back
    res = r.run('checkpoint-list vm --parent')
    # name, creation time (three words), parent (none for a root)
    chain = [line.split()[:1] + line.split()[4:] for line in res.out.splitlines()[2:]
             if line.strip()]
    t.eq((res.rc, chain), (0, [['c0'], ['c1', 'c0'], ['c2', 'c1'], ['c3', 'c2']]),
         'the chain is c0 -> c1 -> c2 -> c3')
    write('vdb', 20 * MIB, 64 * KIB, 0x51)
    write('vdc', 40 * MIB, 2 * MIB, 0x52)
    back = {d: t.path(f'from-c0-{d}.qcow2') for d in DISKS}
    wanted = {d: model.since(d, 'c0') for d in DISKS}
    state = push('from-c0', back, incremental='c0')
    for d in DISKS:
        t.eq(layout(back[d]), wanted[d], f'from c0 {d}: holds exactly the writes since c0')
        rebase(back[d], full[d])
        compare(back[d], state[d], f'full + the incremental from c0 {d}')

    # --- a pull incremental read over NBD following the dirty map
    write('vda', 30 * MIB, 64 * KIB, 0x61)
    write('vdb', 20 * MIB + 32 * KIB, 8 * KIB, 0x62)
    scratch = {d: t.path(f's-{d}.qcow2') for d in DISKS}
    xml = backup_xml('pull-inc.xml', scratch, incremental='c2', pull_socket=sock)
    res = r.run(f'backup-begin vm {xml}')
    t.eq((res.rc, res.err), (0, ''), 'backup-begin (pull, incremental from c2)')
    state = {d: bytes(model.data[d]) for d in DISKS}
    write('vda', 30 * MIB, 64 * KIB, 0x63)       # after the begin: not in the backup
    for d in DISKS:
        chunks = read_dirty(sock, d, f'backup-{d}')
        # (vda's write after the begin lies where it was already dirty)
        t.eq([(o, len(b)) for o, b in chunks], model.since(d, 'c2'),
             f'pull from c2 {d}: the dirty map is the writes since c2')
        restored = t.path(f'pull-{d}.raw')
        made.add(os.path.basename(restored))
        subprocess.run(['qemu-img', 'convert', '-U', '-O', 'raw', inc2[d], restored], check=True)
        with open(restored, 'r+b') as f:
            for off, data in chunks:
                f.seek(off)
                f.write(data)
        compare(restored, state[d], f'the restore at c2 + the pull incremental {d}')
    res = r.run('domjobabort vm')
    t.eq((res.rc, res.err), (0, ''), 'domjobabort (pull incremental)')
    t.ok(not any(os.path.exists(p) for p in scratch.values()) and not os.path.exists(sock),
         'scratch images and socket removed')

    # --- abort a push mid-way: throttled so it is surely running
    target = t.path('abort-vdd.qcow2')
    xml = backup_xml('abort.xml', {'vdd': target})
    # a fresh process numbers the images from one past the disks' (5 here)
    job = 'backup-vdd-libvirt-5-format'
    setspeed = json.dumps({'execute': 'block-job-set-speed',
                           'arguments': {'device': job, 'speed': 64 * KIB}})
    res = r.run(f"backup-begin vm {xml}; qemu-monitor-command vm '{setspeed}'")
    t.eq((res.rc, res.err), (0, ''), 'backup-begin (push of 256 MiB), throttled at once')
    jobs = [(j['id'], j['status']) for j in qmp(r, 'query-jobs')]
    t.eq(jobs, [(job, 'running')], 'the push job is still running')
    res = r.run('domjobabort vm')
    t.eq((res.rc, res.err), (0, ''), 'domjobabort (push, mid-way)')
    t.ok(not os.path.exists(target), 'the aborted target is removed')
    after = qemu_state(r)
    t.eq(after[:4], baseline[:4], 'no job, block job, export or node left after the abort')
    t.eq(after[4], {n: ['c0', 'c1', 'c2', 'c3'] for n in after[4]},
         'only the checkpoint bitmaps are left after the abort')
    res = r.run('domstate vm; backup-dumpxml vm')
    t.eq((res.out.strip(), res.err.strip()),
         ('running', 'error: Domain backup job id not found: no domain backup job present'),
         'the domain runs on, with no job')

    # --- targets that cannot be written
    nodir = t.path('nosuchdir', 'vda.qcow2')
    isdir = t.path('home')
    # libvirt's messages (system error 38, invalid argument 8): compared
    # with its own by tests/qemu/backup-compare.py
    for what, path, err in (
            ('in a directory that does not exist', nodir,
             f"error: failed to create image file '{nodir}': No such file or directory"),
            ('that is a directory', isdir,
             f"error: invalid argument: store '{isdir}' for backup of 'vda' exists")):
        xml = backup_xml('bad.xml', {'vda': path}, incremental='c3')
        res = r.run(f'backup-begin vm {xml}')
        t.eq((res.rc, res.err.strip()), (1, err), f'a target {what}: refused, naming the path')
        after = qemu_state(r)
        t.eq(after[:4], baseline[:4], f'a target {what}: no job or node left')
        t.eq(after[4], {n: ['c0', 'c1', 'c2', 'c3'] for n in after[4]},
             f'a target {what}: no temporary bitmap left')
        res = r.run('domstate vm')
        t.eq(res.out.strip(), 'running', f'a target {what}: the domain runs on')
    t.ok(not os.path.exists(t.path('nosuchdir')), 'no directory made for the target')
    good = {'vda': t.path('after-vda.qcow2')}
    state = push('after', good, incremental='c0')
    rebase(good['vda'], full['vda'])
    compare(good['vda'], state['vda'], 'the next backup works: full + from c0 vda')


def nbd_exports(sock):
    """The export names the NBD server on @sock lists."""
    import nbd
    h = nbd.NBD()
    h.set_opt_mode(True)
    h.connect_unix(sock)
    names = []
    h.opt_list(lambda name, description: names.append(name) or 0)
    h.opt_abort()
    del h
    return sorted(names)


if __name__ == '__main__':
    main()
