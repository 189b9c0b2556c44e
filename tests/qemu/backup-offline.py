#!/usr/bin/python3
"""Backups of a shut-off domain (tidemark's own: libvirt refuses them),
served by qemu-storage-daemon for the job's duration.

SPDX-License-Identifier: LGPL-2.1-or-later

One domain with two qcow2 disks that never runs while the backups are
taken. Known data is written with qemu-io on the images. Then:
  - push: a full backup with checkpoint c0 made in the same transaction,
    more writes, an incremental from c0 (with checkpoint c1); the jobs end
    by themselves and the next call settles them; the full targets are
    the disks as they were (qemu-img compare), the incremental ones hold
    exactly the clusters written since c0, and full + incremental
    (qemu-img rebase) are the disks as they are;
  - after every job: no storage daemon, socket, pid file or job file; the
    images hold only the checkpoints' bitmaps, persistent and not in use
    (qemu-img info), and checkpoint-verify passes;
  - a begin that fails (unknown checkpoint) leaves no daemon behind;
(the smoke subset ends here)
  - pull: a full export over a UNIX socket with checkpoint c2, read with
    libnbd, equals the disks; while it runs, start, undefine and the
    offline checkpoint commands, a new definition and a create from XML
    are refused naming the job, a second
    begin is refused; checkpoint-verify passes (the daemon's view of the
    bitmaps); backup-dumpxml and domjobabort in later processes;
    nothing left after the abort; start works again;
  - an incremental pull from c2 over TCP: the dirty map
    (qemu:dirty-bitmap:backup-<disk>) is exactly what was written since,
    the data under it the new data;
  - a push job that has ended is settled by the next start, which then
    starts the domain;
  - a storage daemon killed mid-job: the next process forgets the job
    (scratch image, files), and the checkpoint bitmap it held open is
    inconsistent: an incremental from it is refused (error 109).

Usage: backup-offline.py TIDEMARK-BINARY SOURCE-ROOT GOLDEN (TAP on stdout;
GOLDEN: tidemark's API golden runner, tests/apigolden)
"""
import json
import os
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB  # noqa: E402
from backup import read_export, free_port, Disk  # noqa: E402

DISKS = ('vda', 'vdb')


def qmp_socket(path, command, **args):
    """One QMP command on a monitor socket nobody else is connected to."""
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(path)
        f = s.makefile('rw')
        json.loads(f.readline())            # greeting
        for msg in ({'execute': 'qmp_capabilities'},
                    {'execute': command, 'arguments': args}):
            f.write(json.dumps(msg) + '\n')
            f.flush()
            while True:
                reply = json.loads(f.readline())
                if 'event' not in reply:
                    break
        return reply['return']


def main():
    with qemutest.Tier(sys.argv, needs=('qemu-storage-daemon',)) as t:
        r = t.root()
        images = {d: t.disk(f'{d}.qcow2') for d in DISKS}
        vm_xml = r.define('vm', [(d, images[d]) for d in DISKS])
        disks = {d: Disk() for d in DISKS}
        writes = {d: qemutest.Writes() for d in DISKS}
        run_dir = os.path.join(r.path, 'run', 'vm')
        checkpoints = []

        def write(disk, offset, length, pattern):
            t.qemu_io_write(images[disk], offset, length, pattern)
            disks[disk].write(offset, length, pattern)
            writes[disk].add(offset, length)

        def mark():
            return {d: writes[d].mark() for d in DISKS}

        def xml_file(name, text):
            path = t.path(name)
            with open(path, 'w') as f:
                f.write(text)
            return path

        def checkpoint_xml(name):
            checkpoints.append(name)
            return xml_file(f'{name}.xml',
                            f'<domaincheckpoint><name>{name}</name></domaincheckpoint>\n')

        def push_xml(name, targets, incremental=None):
            return xml_file(name, '<domainbackup>\n' +
                            (f'  <incremental>{incremental}</incremental>\n'
                             if incremental else '') + '  <disks>\n' +
                            ''.join(f"    <disk name='{d}' type='file'>"
                                    f"<target file='{p}'/></disk>\n"
                                    for d, p in targets.items()) +
                            '  </disks>\n</domainbackup>\n')

        def pull_xml(name, server, scratches, incremental=None):
            return xml_file(name, "<domainbackup mode='pull'>\n" +
                            (f'  <incremental>{incremental}</incremental>\n'
                             if incremental else '') + f'  {server}\n  <disks>\n' +
                            ''.join(f"    <disk name='{d}' type='file'>"
                                    f"<scratch file='{p}'/></disk>\n"
                                    for d, p in scratches.items()) +
                            '  </disks>\n</domainbackup>\n')

        def wait_ended(what):
            """A push job ends by itself; backup-dumpxml settles it."""
            for _ in range(600):
                res = r.run('backup-dumpxml vm')
                if 'no domain backup job present' in res.err:
                    return t.ok(True, f'{what}: the push job ends by itself')
                time.sleep(0.1)
            return t.ok(False, f'{what}: the push job ends by itself', res)

        def nothing_left(what, files=()):
            t.eq(qemutest.processes_naming(r.path), [],
                 f'{what}: no storage daemon (or other process) left')
            t.eq(r.run_files('vm'), [], f'{what}: no socket, pid file or job file left')
            t.eq([f for f in files if os.path.exists(f)], [],
                 f'{what}: no scratch image left')
            for d in DISKS:
                bitmaps = t.image_bitmaps(images[d])
                t.eq(sorted(bitmaps), sorted(checkpoints),
                     f'{what}: {d} holds only the checkpoint bitmaps (no temporary one)')
                t.ok(all(b['auto'] and not b['in-use'] for b in bitmaps.values()),
                     f'{what}: {d}: every bitmap persistent, recording, not in use', bitmaps)

        def verify(what):
            res = r.run('checkpoint-verify vm')
            t.eq((res.rc, res.err), (0, ''), f'{what}: checkpoint-verify passes')

        def compare(a, b):
            p = subprocess.run(['qemu-img', 'compare', '-f', 'qcow2', '-F', 'qcow2', a, b],
                               capture_output=True, text=True, env=t.env)
            return p.returncode, p.stdout.strip()

        def allocated(image):
            layout = json.loads(subprocess.run(
                ['qemu-img', 'map', '--output=json', image], check=True,
                capture_output=True, env=t.env).stdout)
            return [(e['start'], e['length']) for e in layout if e['depth'] == 0 and e['data']]

        # --- push: full with c0, then incremental from c0 with c1
        write('vda', 0, 1 * MIB, 0x11)
        write('vdb', 8 * MIB, 256 * KIB, 0x12)
        full = {d: t.path(f'full-{d}.qcow2') for d in DISKS}
        res = r.run(f"backup-begin vm {push_xml('push-full.xml', full)} "
                    f"--checkpointxml {checkpoint_xml('c0')}")
        t.eq((res.rc, res.out.strip(), res.err), (0, 'Backup started', ''),
             'backup-begin on the shut-off domain (push, full, checkpoint c0)')
        at_c0 = mark()
        res = r.run('domstate vm')
        t.eq(res.out.strip(), 'shut off', 'the domain stays shut off')
        wait_ended('full')
        for d in DISKS:
            t.eq(compare(images[d], full[d]), (0, 'Images are identical.'),
                 f'{d}: the full target is the disk (qemu-img compare)')
        nothing_left('after the full push')
        verify('after the full push')
        res = r.run('checkpoint-list vm --name')
        t.eq(res.out.split(), ['c0'], 'checkpoint c0 was made with the backup')

        write('vda', 4 * MIB, 128 * KIB, 0x21)
        write('vdb', 32 * MIB, 64 * KIB, 0x22)
        write('vdb', 40 * MIB + 64 * KIB, 64 * KIB, 0x23)
        inc = {d: t.path(f'inc-{d}.qcow2') for d in DISKS}
        res = r.run(f"backup-begin vm {push_xml('push-inc.xml', inc, 'c0')} "
                    f"--checkpointxml {checkpoint_xml('c1')}")
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (push, incremental from c0, checkpoint c1)')
        mark()
        wait_ended('incremental')
        for d in DISKS:
            t.eq(allocated(inc[d]), writes[d].since(at_c0[d]),
                 f'{d}: the incremental target holds exactly the clusters written since c0')
            subprocess.run(['qemu-img', 'rebase', '-u', '-b', full[d], '-F', 'qcow2', inc[d]],
                           check=True, env=t.env)
            t.eq(compare(images[d], inc[d]), (0, 'Images are identical.'),
                 f'{d}: full + incremental rebuild the disk as it is')
        nothing_left('after the incremental push')
        verify('after the incremental push')
        res = r.run('checkpoint-parent vm c1')
        t.eq((res.rc, res.out.strip()), (0, 'c0'), 'c1 is a child of c0')

        res = r.run(f"backup-begin vm {push_xml('push-bad.xml', {'vda': t.path('x.qcow2')}, 'nope')}")
        t.eq((res.rc, res.err.strip()),
             (1, "error: Domain checkpoint not found: Checkpoint 'nope' for incremental "
                 "backup of disk 'vda' not found"),
             'a begin from an unknown checkpoint fails as on a running domain')
        nothing_left('after the failed begin', [t.path('x.qcow2')])
        for path in list(full.values()) + list(inc.values()):
            os.unlink(path)
        if qemutest.smoke():
            return

        # --- pull: full with c2 over a UNIX socket; the job holds the disks
        sock = t.path('nbd.sock')
        scratch = {d: t.path(f'scratch-{d}.qcow2') for d in DISKS}
        pull_full = pull_xml('pull-full.xml', f"<server transport='unix' socket='{sock}'/>",
                             scratch)
        res = r.run(f"backup-begin vm {pull_full} --checkpointxml {checkpoint_xml('c2')}; "
                    'backup-dumpxml vm')
        t.eq((res.rc, res.out.split('\n')[0], res.err), (0, 'Backup started', ''),
             'backup-begin (pull, full, checkpoint c2)')
        begun_xml = res.out[res.out.index('<domainbackup'):]
        at_c2 = mark()
        for d in DISKS:
            data, _ = read_export(uri_sock=sock, name=d)
            t.ok(data == bytes(disks[d].data), f'{d}: the export holds the disk')
        pid = r.storage_daemon_pid('vm')
        busy = (f"error: Requested operation is not valid: domain 'vm' has a backup job "
                f"running on its disks (qemu-storage-daemon, pid {pid}): abort it first")
        # the same domain with more memory: a definition that must not land
        with open(vm_xml) as f:
            bigger = f.read().replace("<memory unit='MiB'>128</memory>",
                                      "<memory unit='MiB'>256</memory>")
        bigger_xml = xml_file('bigger.xml', bigger)
        for cmd in ('start vm', 'undefine vm --checkpoints-metadata',
                    'checkpoint-create-offline vm c9', 'checkpoint-delete-offline vm c2',
                    f'define {bigger_xml}'):
            res = r.run(cmd)
            t.eq((res.rc, res.err.strip().split('\n')[-1]), (1, busy),
                 f'{cmd}: refused while the job holds the disks')
        # virDomainCreateXML (no CLI command): through the API golden runner
        scn = xml_file('create.scn', f'open {r.uri}\ndom-create-xml 0 : ' +
                       bigger.replace('\n', '') + '\ndom-xml vm 0\n')
        p = subprocess.run([sys.argv[3], scn], capture_output=True, text=True, env=t.env)
        t.ok('error code=55 domain=10: ' + busy[len('error: '):] in p.stdout,
             'virDomainCreateXML of the same domain: refused while the job holds the disks',
             p.stdout + p.stderr)
        t.ok("<memory unit='KiB'>131072</memory>" in p.stdout,
             'and the definition the job runs on is kept', p.stdout)
        res = r.run('dumpxml vm')
        t.ok("<memory unit='KiB'>131072</memory>" in res.out,
             'a later process sees the same definition', res.out)
        res = r.run('domstate vm; checkpoint-list vm --name')
        t.eq(res.out.split(), ['shut', 'off', 'c0', 'c1', 'c2'],
             'still shut off, and no checkpoint made or deleted')
        verify('while the pull job runs')
        res = r.run(f'backup-begin vm {pull_full}')
        t.eq((res.rc, res.err.strip()), (1, 'error: Requested operation is not valid: '
                                          'another backup job is already running'),
             'a second backup-begin is refused at once')
        res = r.run('backup-dumpxml vm')
        t.eq((res.rc, res.out), (0, begun_xml),
             'backup-dumpxml in a later process shows the job as it was begun')
        res = r.run('domjobabort vm')
        t.eq((res.rc, res.err), (0, ''), 'domjobabort in a later process')
        t.ok(not os.path.exists(sock), 'the NBD socket is gone')
        nothing_left('after the abort', scratch.values())
        verify('after the pull')
        res = r.run('domjobabort vm')
        t.eq(res.err.strip(), 'error: Requested operation is not valid: domain is not running',
             'no job: domjobabort fails as on any shut-off domain')
        res = r.run('start vm; destroy vm')
        t.eq((res.rc, res.err), (0, ''), 'start works once the job is gone')

        # --- incremental pull from c2 over TCP
        write('vda', 16 * MIB, 64 * KIB, 0x41)
        write('vdb', 0, 192 * KIB, 0x42)
        port = free_port()
        res = r.run('backup-begin vm ' +
                    pull_xml('pull-inc.xml', f"<server name='127.0.0.1' port='{port}'/>",
                             scratch, 'c2'))
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (pull, incremental from c2, TCP)')
        for d in DISKS:
            data, extents = read_export(host='127.0.0.1', port=port, name=d,
                                        bitmap=f'backup-{d}')
            want = writes[d].since(at_c2[d])
            t.eq(extents, want, f'{d}: the dirty map is what was written since c2')
            t.ok(all(data[o:o + n] == disks[d].data[o:o + n] for o, n in want),
                 f'{d}: the data under the dirty map is the new data')
        res = r.run('domjobabort vm')
        t.eq((res.rc, res.err), (0, ''), 'domjobabort (incremental)')
        nothing_left('after the incremental pull', scratch.values())

        # --- a push job that ended is settled by the next start
        res = r.run(f"backup-begin vm {push_xml('push-again.xml', {'vda': full['vda']})}")
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (push, full) again')
        qmp = os.path.join(run_dir, 'storage.sock')
        for _ in range(600):
            jobs = qmp_socket(qmp, 'query-jobs')
            if jobs and all(j['status'] == 'concluded' for j in jobs):
                break
            time.sleep(0.1)
        t.ok(jobs and all(j['status'] == 'concluded' and 'error' not in j for j in jobs),
             'the push job concluded in the storage daemon', jobs)
        res = r.run('start vm')
        t.eq((res.rc, res.err), (0, ''), 'start settles the ended job and starts the domain')
        res = r.run('domstate vm; destroy vm')
        t.eq(res.out.split()[0], 'running', 'the domain runs')
        t.eq(compare(images['vda'], full['vda']), (0, 'Images are identical.'),
             'the settled job\'s target is the disk')
        os.unlink(full['vda'])
        nothing_left('after the settled push')

        # --- a storage daemon killed mid-job
        res = r.run(f'backup-begin vm {pull_full}')
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (pull, full)')
        qemutest.kill_pid(r.storage_daemon_pid('vm'))
        res = r.run('backup-dumpxml vm')
        t.eq(res.err.strip(), 'error: Domain backup job id not found: no domain backup job '
             'present', 'the next process forgets the job of the killed daemon')
        t.eq(r.run_files('vm'), [], 'its socket, pid file and job file are removed')
        t.eq([f for f in scratch.values() if os.path.exists(f)], [],
             'its scratch images are removed')
        res = r.run('backup-begin vm ' + push_xml('push-c2.xml', {'vda': t.path('x.qcow2')}, 'c2'))
        t.eq((res.rc, res.err.strip()),
             (1, "error: checkpoint inconsistent: missing or broken bitmap 'c2' for disk 'vda'"),
             'an incremental from the bitmap the killed daemon held is refused (109)')
        t.eq(qemutest.processes_naming(r.path), [], 'and that begin leaves no daemon')


if __name__ == '__main__':
    main()
