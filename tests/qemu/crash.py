#!/usr/bin/python3
"""Crash truth: after a crash at any point, metadata and bitmaps agree,
or checkpoint-verify reports exactly how they disagree.

SPDX-License-Identifier: LGPL-2.1-or-later

1. tidemark killed at each fault point. The points are read from
   src/util/virfault.h (VIR_FAULT_POINT_LIST), so a point added there is
   walked here with no change: its name "OPERATION-after-STEP" says the
   operation it belongs to, which is run with TIDEMARK_FAULT=POINT (the
   checkpoint ones both on a running domain and offline). Then, in a new
   process: the process must have died by SIGKILL at the point; the
   domain loads without complaint; every checkpoint's parent exists;
   checkpoint-verify's report equals what the images really hold
   (bitmap without checkpoint -> orphan, checkpoint without bitmap ->
   missing); the outcome is the operation either undone or done, as
   known for each point; and the domain still starts and stops. An
   external snapshot's create or merge cut short: the reopen names each
   image the metadata and the definitions disagree with, removes none,
   and is quiet once the user settled it (a memory state file written
   before the disks' snapshot is named the same way).
2. QEMU killed by PID (SIGKILL) between operations: on the next open
   the domain is shut off, reason crashed; every bitmap QEMU had open
   is reported inconsistent, one added in the killed run missing; the
   checkpoints can be deleted and new ones work.

Usage: crash.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, hmp_write  # noqa: E402

DISKS = ('vda', 'vdb')


def fault_points(srcroot):
    with open(os.path.join(srcroot, 'src', 'util', 'virfault.h')) as f:
        text = f.read()
    block = re.search(r'#define VIR_FAULT_POINT_LIST\(X\)(.*?)\n\n', text, re.S)
    return re.findall(r'X\("([^"]+)"\)', block.group(1)) if block else []


class Case:
    """One root with one two-disk domain 'vm'."""

    def __init__(self, t, label):
        self.t = t
        self.label = label
        self.r = t.root(label)
        self.images = {d: t.disk(f'{label}-{d}.qcow2') for d in DISKS}
        self.xml = None

    def define(self):
        self.xml = self.r.define('vm', [(d, self.images[d]) for d in DISKS])

    def run(self, commands, what=None, **kw):
        res = self.r.run(commands, **kw)
        if what is not None:
            self.t.eq((res.rc, res.err), (0, ''), f'{self.label}: {what}')
        return res

    def running(self):
        """Whether QEMU runs (its vCPUs running or paused)."""
        return self.r.run('domstate vm').out.strip() in ('running', 'paused')

    # -- what is really there --

    def actual_bitmaps(self):
        """{disk: {bitmap: consistent}}, from QEMU when running (query-block
        through the monitor), else from the images (qemu-img info -U)."""
        if self.running():
            res = self.r.run('qemu-monitor-command vm query-block')
            reply = json.loads(res.out)
            found = {}
            for dev in reply['return']:
                m = re.search(r'virtio-disk([0-9]+)', dev.get('qdev', ''))
                if not m:
                    continue
                disk = DISKS[int(m.group(1))]
                found[disk] = {b['name']: not b.get('inconsistent', False)
                               for b in dev.get('inserted', {}).get('dirty-bitmaps', [])
                               if b.get('persistent') and 'name' in b}
            return found
        return {d: {n: not b['in-use'] for n, b in self.t.image_bitmaps(img).items()}
                for d, img in self.images.items()}

    def checkpoints(self):
        """{name: (parent or None, {disk: bitmap})} from the metadata."""
        res = self.r.run('checkpoint-list vm --parent')
        found = {}
        for line in res.out.splitlines()[2:]:
            cols = line.split()
            if not cols:
                continue
            name, parent = cols[0], cols[4] if len(cols) >= 5 else None
            xml = self.r.run(f'checkpoint-dumpxml vm {name} --no-domain').out
            disks = dict(re.findall(r"<disk name='([^']+)' checkpoint='bitmap' bitmap='([^']+)'",
                                    xml))
            found[name] = (parent, disks)
        return found

    def verify(self):
        """(rc, {(checkpoint, disk): status}, {(disk, bitmap)} orphans)."""
        res = self.r.run('checkpoint-verify vm')
        rows = {}
        orphans = set()
        lines = res.out.splitlines()
        for line in lines[2:]:
            cols = line.split()
            if len(cols) == 7:
                rows[(cols[0], cols[1])] = cols[6]
            m = re.match(r"bitmap '([^']+)' on disk '([^']+)': ", line)
            if m:
                orphans.add((m.group(2), m.group(1)))
        return res.rc, rows, orphans

    def check_truth(self, where):
        """checkpoint-verify says exactly how metadata and images differ."""
        t = self.t
        chks = self.checkpoints()
        actual = self.actual_bitmaps()
        want_rows = {}
        for name, (parent, disks) in chks.items():
            t.ok(parent is None or parent in chks,
                 f'{self.label}: {where}: parent of {name} ({parent}) exists')
            for disk, bitmap in disks.items():
                on_disk = actual.get(disk, {})
                want_rows[(name, disk)] = ('missing' if bitmap not in on_disk else
                                           'ok' if on_disk[bitmap] else 'inconsistent')
        want_orphans = {(d, b) for d, bitmaps in actual.items() for b in bitmaps
                        if b not in chks}
        rc, rows, orphans = self.verify()
        want_rc = 0 if all(s == 'ok' for s in want_rows.values()) else 1
        t.eq((rc, rows, orphans), (want_rc, want_rows, want_orphans),
             f'{self.label}: {where}: checkpoint-verify reports exactly what the images hold')
        return chks, rows, orphans

    def stop(self):
        if self.running():
            self.run('destroy vm', 'destroy')
        pid_left = self.r.qemu_pid('vm')
        self.t.ok(pid_left is None or not qemutest._proc_alive(pid_left),
                  f'{self.label}: no QEMU left after destroy')
        self.t.eq(self.r.run_files('vm'), [],
                  f'{self.label}: no socket, pid or status file left after destroy')


# ---- the operations, each up to the faulted step ----

def prepare_chain(c, running, n):
    """define, start, checkpoints c1..cN with a write after each."""
    c.define()
    c.run('start vm', 'start')
    for i in range(1, n + 1):
        c.run(f'checkpoint-create-as vm c{i}', f'checkpoint c{i}')
        c.run(hmp_write(0, i * MIB, 64 * 1024), f'write after c{i}')
    if not running:
        c.run('destroy vm', 'destroy (clean close: bitmaps written)')


def op_checkpoint_create(c, point, mode):
    prepare_chain(c, mode == 'running', 1)
    cmd = 'checkpoint-create-as vm c2' if mode == 'running' else \
        'checkpoint-create-offline vm c2'
    return c.r.run(cmd, env={'TIDEMARK_FAULT': point})


def op_checkpoint_redefine(c, point, mode):
    prepare_chain(c, mode == 'running', 2)
    xml = c.r.run('checkpoint-dumpxml vm c2').out
    path = c.t.path(f'{c.label}-c2.xml')
    with open(path, 'w') as f:
        f.write(xml)
    c.run('checkpoint-delete vm c2 --metadata', 'checkpoint-delete c2 --metadata')
    return c.r.run(f'checkpoint-create vm {path} --redefine', env={'TIDEMARK_FAULT': point})


def op_checkpoint_delete(c, point, mode):
    prepare_chain(c, mode == 'running', 3)
    cmd = 'checkpoint-delete vm c2' if mode == 'running' else \
        'checkpoint-delete-offline vm c2'
    return c.r.run(cmd, env={'TIDEMARK_FAULT': point})


def op_domain_start(c, point, mode):
    c.define()
    return c.r.run('start vm', env={'TIDEMARK_FAULT': point})


def op_domain_define(c, point, mode):
    path = c.t.path(f'{c.label}-vm.xml')
    with open(path, 'w') as f:
        f.write(qemutest.domain_xml('vm', [(d, c.images[d]) for d in DISKS]))
    return c.r.run(f'define {path}', env={'TIDEMARK_FAULT': point})


def pull_backup_xml(c):
    """An incremental pull backup from c1 of both disks (scratch images,
    a socket and temporary bitmaps: all that a dead process may leave)."""
    path = c.t.path(f'{c.label}-backup.xml')
    disks = ''.join(f"<disk name='{d}' type='file'>"
                    f"<scratch file='{c.t.path(f'{c.label}-scratch-{d}.qcow2')}'/></disk>"
                    for d in DISKS)
    with open(path, 'w') as f:
        f.write("<domainbackup mode='pull'><incremental>c1</incremental>"
                f"<server transport='unix' socket='{c.t.path(f'{c.label}.sock')}'/>"
                f'<disks>{disks}</disks></domainbackup>\n')
    return path


def op_backup_begin(c, point, mode):
    prepare_chain(c, True, 1)
    return c.r.run(f'backup-begin vm {pull_backup_xml(c)}', env={'TIDEMARK_FAULT': point})


def op_backup_abort(c, point, mode):
    prepare_chain(c, True, 1)
    c.run(f'backup-begin vm {pull_backup_xml(c)}', 'backup-begin')
    return c.r.run('domjobabort vm', env={'TIDEMARK_FAULT': point})


def prepare_snapshots(c, running, n):
    """define (start), snapshots s1..sN with a write before each."""
    c.define()
    if running:
        c.run('start vm', 'start')
    for i in range(1, n + 1):
        if running:
            c.run(hmp_write(0, i * MIB, 64 * 1024), f'write before s{i}')
        c.run(f'snapshot-create-as vm s{i}', f'snapshot s{i}')


def op_snapshot_create(c, point, mode):
    prepare_snapshots(c, mode == 'running', 1)
    return c.r.run('snapshot-create-as vm s2', env={'TIDEMARK_FAULT': point})


def op_snapshot_redefine(c, point, mode):
    prepare_snapshots(c, mode == 'running', 2)
    xml = c.r.run('snapshot-dumpxml vm s2').out
    path = c.t.path(f'{c.label}-s2.xml')
    with open(path, 'w') as f:
        f.write(xml)
    c.run('snapshot-delete vm s2 --metadata', 'snapshot-delete s2 --metadata')
    return c.r.run(f'snapshot-create vm {path} --redefine', env={'TIDEMARK_FAULT': point})


def op_snapshot_revert(c, point, mode):
    # s1 of the shut-off domain: its images are reverted by qemu-img
    c.define()
    c.run('snapshot-create-as vm s1', 'snapshot s1 (shut off)')
    if mode == 'running':
        c.run('start vm', 'start')
    c.run('snapshot-create-as vm s2', 'snapshot s2')
    return c.r.run('snapshot-revert vm s1', env={'TIDEMARK_FAULT': point})


def op_snapshot_delete(c, point, mode):
    prepare_snapshots(c, mode == 'running', 2)
    return c.r.run('snapshot-delete vm s2', env={'TIDEMARK_FAULT': point})


def memory_file(c):
    return c.t.path(f'{c.label}.mem')


def op_snapshot_external(c, point, mode):
    c.define()
    if mode == 'running':
        c.run('start vm', 'start')
    # the memory state's point: a full snapshot, its state in a file
    kind = (f'--memspec file={memory_file(c)}' if point.endswith('-after-memory')
            else '--disk-only')
    return c.r.run(f'snapshot-create-as vm e1 {kind}', env={'TIDEMARK_FAULT': point})


def op_snapshot_merge(c, point, mode):
    c.define()
    if mode == 'running':
        c.run('start vm', 'start')
    c.run('snapshot-create-as vm e1 --disk-only', 'external snapshot e1')
    return c.r.run('snapshot-delete vm e1', env={'TIDEMARK_FAULT': point})


def check_external(c, point, mode, reopen_err):
    """After a crash in an external snapshot's create or merge: the
    reopen names the images the metadata and the definitions disagree
    with (never removing one), says it again while it holds, and is
    quiet once the user settled it."""
    t = c.t
    overlays = [os.path.splitext(c.images[d])[0] + '.e1' for d in DISKS]
    if point.endswith('-after-memory'):
        mem = memory_file(c)
        want = (f"tidemark: memory state file '{mem}' of domain 'vm' was written by snapshot "
                "'e1', which no snapshot metadata names\n")
        t.eq((reopen_err, os.path.exists(mem), [os.path.exists(o) for o in overlays],
              c.r.run('domstate vm --reason').out.strip()),
             (want, True, [False, False], 'paused (creating snapshot)'),
             f'{c.label}: the reopen names the memory file the cut-short snapshot wrote (kept); '
             'no image was made yet; the domain is paused, as its QEMU is')
    elif point.startswith('snapshot-external-'):
        want = ''.join(f"tidemark: image '{o}' of domain 'vm' was made by snapshot 'e1', "
                       "which no snapshot metadata names\n" for o in overlays)
        t.eq((reopen_err, [os.path.exists(o) for o in overlays]), (want, [True, True]),
             f'{c.label}: the reopen names each image the cut-short snapshot made; '
             'none is removed')
    else:
        ndefs = 2 if mode == 'running' else 1
        want = ''.join(f"tidemark: snapshot 'e1' of domain 'vm' names image '{o}', which its "
                       "merge removed\n" +
                       f"tidemark: disk '{d}' of domain 'vm' names image '{o}', which does not "
                       "exist\n" * ndefs for d, o in zip(DISKS, overlays))
        t.eq((reopen_err, [os.path.exists(o) for o in overlays]), (want, [False, False]),
             f'{c.label}: the reopen names the merged images the metadata and the '
             'definitions still name')
    res = c.r.run('snapshot-list vm --name')
    t.eq(res.err, want, f'{c.label}: said again by a later process while it holds')
    # settled as a user would: the domain off, the overlays a cut-short
    # create made removed; a cut-short merge's metadata forgotten and the
    # domain defined on its merged images
    if c.running():
        t.eq(c.r.run('destroy vm').rc, 0, f'{c.label}: destroy')
    if point.endswith('-after-memory'):
        os.unlink(memory_file(c))
    elif point.startswith('snapshot-external-'):
        for o in overlays:
            os.unlink(o)
    else:
        t.eq(c.r.run('snapshot-delete vm e1 --metadata').rc, 0,
             f'{c.label}: snapshot-delete e1 --metadata')
        c.define()
    res = c.r.run('snapshot-list vm --name')
    t.eq(res.err, '', f'{c.label}: settled: the next process has nothing to say')
    c.run('start vm', 'starts on its images')
    c.stop()


def image_snapshots(image):
    out = subprocess.run(['qemu-img', 'snapshot', '-U', '-l', image], check=True,
                         stdout=subprocess.PIPE).stdout.decode()
    return {line.split()[1] for line in out.splitlines()[2:] if line.split()}


def check_snapshots(c, point, reopen_err):
    """After a crash in a snapshot operation: the reopen named exactly
    how the metadata and the images differ, and the outcome is the one
    known for the point."""
    t = c.t
    names = set(c.r.run('snapshot-list vm --name').out.split())
    held = {d: image_snapshots(img) for d, img in c.images.items()}
    want = ''.join(f"tidemark: image '{c.images[d]}' of domain 'vm' holds snapshot '{n}' "
                   "that no snapshot metadata names\n"
                   for d in DISKS for n in sorted(held[d] - names))
    want += ''.join(f"tidemark: snapshot '{n}' of domain 'vm' is missing from image "
                    f"'{c.images[d]}'\n" for n in sorted(names) for d in DISKS
                    if n not in held[d])
    t.eq(reopen_err, want, f'{c.label}: the reopen names exactly how metadata and images differ')
    if point in SNAPSHOT_OUTCOMES:
        t.eq((names, held), (SNAPSHOT_OUTCOMES[point][0],
                             {d: SNAPSHOT_OUTCOMES[point][1] for d in DISKS}),
             f'{c.label}: the outcome known for this point')
    res = c.r.run('snapshot-list vm --name')
    t.eq(res.err, want, f'{c.label}: said again by a later process while it holds')
    # settled as a user would: metadata without its snapshot forgotten,
    # a snapshot without metadata removed from the images (by QEMU while
    # it has them open)
    # (a QEMU the crash left paused still holds the images)
    running = c.running()
    for n in sorted(names - held[DISKS[0]]):
        c.r.run(f'snapshot-delete vm {n} --metadata')
    for n in sorted(held[DISKS[0]] - names):
        if running:
            c.r.run(f"qemu-monitor-command vm --hmp 'delvm {n}'")
        else:
            for img in c.images.values():
                subprocess.run(['qemu-img', 'snapshot', '-d', n, img], check=True)
    res = c.r.run('snapshot-list vm --name')
    t.eq(res.err, '', f'{c.label}: settled: the next process has nothing to say')


def check_no_backup_left(c):
    """After a begin or an abort cut short: no job, and nothing of it
    in QEMU or on disk (the reopen undid the begin / finished the abort)."""
    res = c.r.run('backup-dumpxml vm')
    c.t.ok(res.rc == 1 and 'no domain backup job present' in res.err,
           f'{c.label}: no backup job after the reopen', res)
    res = c.r.run("qemu-monitor-command vm '{\"execute\":\"query-jobs\"}'; "
                  "qemu-monitor-command vm '{\"execute\":\"query-block-exports\"}'")
    replies = [json.loads(line)['return'] for line in res.out.split('\n') if line.strip()]
    c.t.eq(replies, [[], []], f'{c.label}: no block job or NBD export left in QEMU')
    left = [f for f in os.listdir(c.t.path()) if f.startswith(f'{c.label}-scratch-')
            or f == f'{c.label}.sock']
    c.t.eq(left, [], f'{c.label}: no scratch image or socket left')


OPERATIONS = {
    'checkpoint-create': (op_checkpoint_create, ('running', 'offline')),
    'checkpoint-redefine': (op_checkpoint_redefine, ('running', 'offline')),
    'checkpoint-delete': (op_checkpoint_delete, ('running', 'offline')),
    'domain-start': (op_domain_start, ('',)),
    'domain-define': (op_domain_define, ('',)),
    'backup-begin': (op_backup_begin, ('running',)),
    'backup-abort': (op_backup_abort, ('running',)),
    'snapshot-create': (op_snapshot_create, ('running', 'offline')),
    'snapshot-redefine': (op_snapshot_redefine, ('offline',)),
    'snapshot-revert': (op_snapshot_revert, ('running', 'offline')),
    'snapshot-delete': (op_snapshot_delete, ('running', 'offline')),
    'snapshot-external': (op_snapshot_external, ('running', 'offline')),
    'snapshot-merge': (op_snapshot_merge, ('running', 'offline')),
}

# A point reached in one mode only (savevm runs on a running domain,
# qemu-img on a shut-off one's images)
POINT_MODES = {
    'snapshot-create-after-savevm': ('running',),
    'snapshot-create-after-images': ('offline',),
    'snapshot-external-after-transaction': ('running',),
    'snapshot-external-after-images': ('offline',),
    'snapshot-external-after-memory': ('running',),
}

# What each snapshot point leaves: snapshot names in the metadata, and in
# each image
SNAPSHOT_OUTCOMES = {
    'snapshot-create-after-images': ({'s1'}, {'s1', 's2'}),
    'snapshot-create-after-savevm': ({'s1'}, {'s1', 's2'}),
    'snapshot-create-after-metadata': ({'s1', 's2'}, {'s1', 's2'}),
    'snapshot-redefine-after-metadata': ({'s1', 's2'}, {'s1', 's2'}),
    'snapshot-revert-after-images': ({'s1', 's2'}, {'s1', 's2'}),
    'snapshot-delete-after-images': ({'s1', 's2'}, {'s1'}),
    'snapshot-delete-after-metadata': ({'s1'}, {'s1'}),
}

# What each known point leaves: checkpoint names in the metadata, and the
# non-ok verify rows / orphans (a new point is held to the generic checks).
BOTH = {(d, 'c2') for d in DISKS}
OUTCOMES = {
    'checkpoint-create-after-transaction': ({'c1'}, {}, BOTH),
    'checkpoint-create-after-metadata': ({'c1', 'c2'}, {}, set()),
    'checkpoint-redefine-after-metadata': ({'c1', 'c2'}, {}, set()),
    'checkpoint-delete-after-transaction': ({'c1', 'c2', 'c3'},
                                            {('c2', d): 'missing' for d in DISKS}, set()),
    'checkpoint-delete-after-metadata': ({'c1', 'c3'}, {}, set()),
    # no temporary bitmap (orphan) left by the backup
    'backup-begin-after-transaction': ({'c1'}, {}, set()),
    'backup-abort-after-stop': ({'c1'}, {}, set()),
}


def walk_fault_point(t, point):
    op = point.split('-after-')[0]
    if not t.ok(op in OPERATIONS, f'{point}: operation {op} is known to this test',
                'add the operation to OPERATIONS in tests/qemu/crash.py'):
        return
    fn, modes = OPERATIONS[op]
    modes = POINT_MODES.get(point, modes)
    if qemutest.smoke():
        modes = modes[:1]
    for mode in modes:
        label = point + (f'-{mode}' if mode else '')
        c = Case(t, label)
        res = fn(c, point, mode)
        t.eq(res.rc, -9, f'{label}: the process died by SIGKILL at the point')
        # a new process: loads what the dead one left
        res = c.r.run('list --all --name')
        if op.startswith('snapshot-'):
            # what it says is checked against the images below
            t.eq(res.rc, 0, f'{label}: reopens')
            reopen_err = res.err
        else:
            t.eq((res.rc, res.err), (0, ''), f'{label}: reopens without complaint')
        # a write the crash cut short was never put in place; the reopen
        # clears what it left (the temporary name carries '.new-')
        staged = [os.path.join(d, f) for d, _, files in os.walk(os.path.join(c.r.path, 'checkpoint'))
                  for f in files if '.new-' in f]
        t.eq(staged, [], f'{label}: no half-written checkpoint file is left after the reopen')
        if op == 'domain-define':
            t.eq(res.out.split(), ['vm'], f'{label}: the domain is defined (config written)')
            res = c.run('dominfo vm')
            t.eq(res.rc, 0, f'{label}: dominfo works on the reloaded domain')
            c.run('start vm', 'starts')
            c.stop()
            continue
        state = c.r.run('domstate vm').out.strip()
        if op == 'domain-start':
            # a start that never finished must not leave a QEMU nobody owns
            pid = c.r.qemu_pid('vm')
            t.ok(state == 'running' or pid is None or not qemutest._proc_alive(pid),
                 f'{label}: either re-attached, or shut off with no QEMU left',
                 f'state {state}, pid file names {pid}')
            if state != 'running':
                c.run('start vm', 'starts again')
            c.stop()
            continue
        if point == 'snapshot-create-after-savevm':
            t.eq(state, 'paused', f'{label}: paused, as the crash left its QEMU (stopped for '
                 'savevm)')
        if op in ('snapshot-external', 'snapshot-merge'):
            check_external(c, point, mode, reopen_err)
            continue
        if op.startswith('backup-'):
            check_no_backup_left(c)
        if op.startswith('snapshot-'):
            check_snapshots(c, point, reopen_err)
        chks, rows, orphans = c.check_truth('after the crash')
        if point in OUTCOMES:
            names, bad_rows, want_orphans = OUTCOMES[point]
            t.eq((set(chks), {k: v for k, v in rows.items() if v != 'ok'}, orphans),
                 (names, bad_rows, want_orphans),
                 f'{label}: the outcome known for this point')
        # the domain still works, and the truth holds from the other side
        if state in ('running', 'paused'):
            c.stop()
        else:
            c.run('start vm', 'starts')
        c.check_truth('after a restart' if state == 'shut off' else 'shut off')
        c.stop()


def qemu_killed(t):
    """SIGKILL of QEMU between operations."""
    c = Case(t, 'qemu-killed')
    c.define()
    c.run('start vm', 'start')
    c.run('checkpoint-create-as vm c1', 'checkpoint c1')
    c.run(hmp_write(0, 0, MIB), 'write')
    c.run('destroy vm', 'destroy: c1 reaches the images')
    c.run('start vm', 'start again')
    c.run('checkpoint-create-as vm c2', 'checkpoint c2 in the run about to be killed')
    c.run(hmp_write(1, 0, MIB), 'write')
    pid = c.r.qemu_pid('vm')
    t.ok(pid and qemutest._proc_alive(pid), 'QEMU runs, by its pid file')
    qemutest.kill_pid(pid)

    res = c.r.run('domstate vm --reason')
    t.eq((res.rc, res.out.strip(), res.err), (0, 'shut off (crashed)', ''),
         'next open: shut off, reason crashed')
    res = c.r.run('list --all')
    t.ok(re.search(r'^ -\s+vm\s+shut off$', res.out, re.M), 'list --all: vm shut off', res.out)
    t.eq(c.r.run_files('vm'), [], 'the dead QEMU\'s socket, pid and status files are removed')
    chks, rows, orphans = c.check_truth('QEMU killed, shut off')
    t.eq((rows, orphans),
         ({('c1', d): 'inconsistent' for d in DISKS} | {('c2', d): 'missing' for d in DISKS},
          set()),
         'shut off: c1 inconsistent on every disk, c2 (added in the killed run) missing')

    c.run('start vm', 'start after the crash')
    chks, rows, orphans = c.check_truth('QEMU killed, running again')
    t.eq((rows, orphans),
         ({('c1', d): 'inconsistent' for d in DISKS} | {('c2', d): 'missing' for d in DISKS},
          set()),
         'running: c1 inconsistent on every disk, c2 missing')
    res = c.r.run('checkpoint-dumpxml vm c1 --size --no-domain')
    t.ok(res.rc == 0 and 'size=' not in res.out, 'no SIZE for a broken bitmap', res.out)
    # the way out: forget c2, delete c1 (its bitmap can be removed), start over
    # (its message is compared with libvirt's in libvirt-compare.py)
    res = c.r.run('checkpoint-delete vm c2')
    t.ok(res.rc == 1 and "'c2'" in res.err, 'checkpoint-delete of the missing one fails', res)
    c.run('checkpoint-delete vm c2 --metadata', 'checkpoint-delete c2 --metadata')
    c.run('checkpoint-delete vm c1', 'checkpoint-delete c1 (inconsistent bitmap removed)')
    c.run('checkpoint-create-as vm c3', 'a new checkpoint')
    c.run(hmp_write(0, 2 * MIB, MIB), 'write')
    res = c.r.run('checkpoint-verify vm')
    t.eq(res.rc, 0, 'checkpoint-verify: the new chain is sound')
    res = c.r.run('checkpoint-dumpxml vm c3 --size --no-domain')
    t.ok(f"<disk name='vda' checkpoint='bitmap' bitmap='c3' size='{MIB}'/>" in res.out,
         'the new checkpoint tracks writes', res.out)
    c.stop()


def main():
    with qemutest.Tier(sys.argv) as t:
        points = fault_points(t.srcroot)
        t.ok(len(points) > 0, f'fault points read from virfault.h: {", ".join(points)}')
        if qemutest.smoke():
            points = [p for p in points if p.startswith('checkpoint-create')]
        only = os.environ.get('TIDEMARK_QEMU_ONLY')     # a regex, while debugging
        for point in points:
            if not only or re.search(only, point):
                walk_fault_point(t, point)
        if not only or re.search(only, 'qemu-killed'):
            qemu_killed(t)


main()
