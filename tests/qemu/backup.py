#!/usr/bin/python3
"""Backups of a running domain: pull (read over NBD as a client reads
them) and push (target images rebuilt and compared).

SPDX-License-Identifier: LGPL-2.1-or-later

One domain with two qcow2 disks. Known data is written through the
virtio devices (qemu-io inside QEMU), checkpoint c0 is taken, more is
written. Then:
  - a full pull backup of vda over a UNIX socket: the export holds
    exactly what the disk held at the start, also after the guest writes
    on (the scratch image keeps the old data);
  - a second begin while it runs is refused at once;
  - the job outlives the process that began it: backup-dumpxml and
    domjobabort run in later processes;
  - the abort leaves no scratch image, socket, export, job or temporary
    bitmap behind;
  - an incremental pull backup from c0 of both disks over TCP on
    127.0.0.1: the dirty map (qemu:dirty-bitmap:backup-<disk>) is
    exactly what was written since c0, and the data under it is the
    new data;
  - a scratch image the caller made (--reuse-external) is kept after the
    job, one that exists without that flag refuses the begin;
  - a checkpoint made with the backup (--checkpointxml) is current and
    the next incremental from it sees exactly the writes after the begin;
  - push: a full backup with a checkpoint, then an incremental from it:
    the jobs end by themselves (the copy offloaded to copy_file_range),
    the full target is the disk as it was, the incremental one holds
    exactly the clusters written since, and both together (rebased) are
    the disk as it is; nothing left in QEMU;
  - destroy while a job runs: the job and its scratch image go with QEMU;
  - after QEMU is killed, the checkpoint's bitmap is inconsistent and an
    incremental backup from it is refused (error 109), never served.

Usage: backup.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import json
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB, hmp_write  # noqa: E402


def trace_copies(pid, log):
    """strace on every thread of QEMU @pid, writing its copy_file_range
    calls to @log; returns once it is attached (stop it with
    stop_trace)."""
    tracer = subprocess.Popen(['strace', '-f', '-qq', '-e', 'trace=copy_file_range',
                               '-o', log, '-p', str(pid)])
    for _ in range(100):
        with open(f'/proc/{pid}/status') as f:
            if any(line.startswith('TracerPid:') and line.split()[1] != '0' for line in f):
                return tracer
        time.sleep(0.05)
    stop_trace(tracer, log)
    raise RuntimeError(f'strace did not attach to {pid}')


def stop_trace(tracer, log):
    """Detaches strace @tracer (by its PID) and returns the bytes QEMU's
    copy_file_range calls copied, from its @log."""
    tracer.send_signal(2)
    tracer.wait(timeout=30)
    with open(log) as f:
        return sum(int(m.group(1)) for m in re.finditer(r'copy_file_range\(.*\) = (\d+)', f.read()))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def read_export(uri_sock=None, host=None, port=None, name='vda', bitmap=None):
    """(data, dirty extents or None) of one NBD export."""
    import nbd
    h = nbd.NBD()
    if bitmap:
        h.add_meta_context(f'qemu:dirty-bitmap:{bitmap}')
    h.set_export_name(name)
    if uri_sock:
        h.connect_unix(uri_sock)
    else:
        h.connect_tcp(host, str(port))
    size = h.get_size()
    data = bytearray()
    step = 4 * MIB
    for off in range(0, size, step):
        data += h.pread(min(step, size - off), off)
    extents = None
    if bitmap:
        extents = []
        ctx = f'qemu:dirty-bitmap:{bitmap}'
        pos = 0

        def cb(metacontext, off, entries, err):
            nonlocal pos
            if metacontext != ctx:
                return 0
            for i in range(0, len(entries), 2):
                if entries[i + 1] & 1:
                    if extents and extents[-1][0] + extents[-1][1] == off:
                        extents[-1] = (extents[-1][0], extents[-1][1] + entries[i])
                    else:
                        extents.append((off, entries[i]))
                off += entries[i]
            pos = off
            return 0
        # a reply may describe only a prefix: ask again from its end
        while pos < size:
            h.block_status(size - pos, pos, cb)
    h.shutdown()
    return bytes(data), extents


class Disk:
    """The expected content of one disk: a bytearray kept up to date."""

    def __init__(self, size=64 * MIB):
        self.data = bytearray(size)

    def write(self, offset, length, pattern):
        self.data[offset:offset + length] = bytes([pattern]) * length


def qmp(r, command, **args):
    msg = {'execute': command}
    if args:
        msg['arguments'] = args
    res = r.run(f"qemu-monitor-command vm '{json.dumps(msg)}'")
    if res.rc != 0:
        raise RuntimeError(f'{command}: {res}')
    return json.loads(res.out)['return']


def main():
    with qemutest.Tier(sys.argv) as t:
        r = t.root()
        images = {'vda': t.disk('a.qcow2'), 'vdb': t.disk('b.qcow2')}
        r.define('vm', [('vda', images['vda']), ('vdb', images['vdb'])])
        disks = {'vda': Disk(), 'vdb': Disk()}
        since_c0 = {'vda': [], 'vdb': []}

        def write(disk, offset, length, pattern, track=True):
            res = r.run(hmp_write(sorted(disks).index(disk), offset, length, pattern))
            t.eq((res.rc, res.err), (0, ''), f'guest write {disk} {offset}+{length}')
            disks[disk].write(offset, length, pattern)
            if track:
                since_c0[disk].append((offset, length))

        res = r.run('start vm')
        t.eq(res.rc, 0, 'start')
        write('vda', 0, 1 * MIB, 0x11, track=False)
        write('vdb', 8 * MIB, 256 * KIB, 0x12, track=False)
        res = r.run('checkpoint-create-as vm c0')
        t.eq(res.rc, 0, 'checkpoint c0')
        write('vda', 4 * MIB, 128 * KIB, 0x21)
        write('vdb', 32 * MIB, 64 * KIB, 0x22)
        write('vdb', 40 * MIB + 64 * KIB, 64 * KIB, 0x23)

        # --- full pull backup of vda over a UNIX socket
        sock = t.path('nbd.sock')
        scratch = t.path('scratch-vda.qcow2')
        full = t.path('full.xml')
        with open(full, 'w') as f:
            f.write("<domainbackup mode='pull'>\n"
                    f"  <server transport='unix' socket='{sock}'/>\n"
                    "  <disks>\n"
                    f"    <disk name='vda' type='file'><scratch file='{scratch}'/></disk>\n"
                    "  </disks>\n</domainbackup>\n")
        res = r.run(f'backup-begin vm {full}; backup-dumpxml vm')
        t.eq((res.rc, res.out.split('\n')[0], res.err), (0, 'Backup started', ''),
             'backup-begin (pull, full)')
        begun_xml = res.out[res.out.index('<domainbackup'):]
        at_start = bytes(disks['vda'].data)
        data, _ = read_export(uri_sock=sock)
        t.ok(data == at_start, 'the full export holds the disk as it was')
        write('vda', 0, 64 * KIB, 0x31, track=True)
        data, _ = read_export(uri_sock=sock)
        t.ok(data == at_start, 'a guest write after the start does not reach the export')

        res = r.run(f'backup-begin vm {full}')
        t.eq((res.rc, res.err.strip()), (1, 'error: Requested operation is not valid: '
                                          'another backup job is already running'),
             'a second backup-begin is refused at once')
        # the XML itself is compared with libvirt's by tests/backupxml2xml
        res = r.run('backup-dumpxml vm')
        t.eq((res.rc, res.out), (0, begun_xml),
             'backup-dumpxml in a later process shows the job as it was begun')
        t.ok("<disk name='vda' backup='yes' type='file' backupmode='full' exportname='vda' "
             "index='3'>" in res.out, "the scratch image is node 3 (libvirt's numbering)", res.out)
        res = r.run('domjobabort vm')
        t.eq((res.rc, res.out.strip(), res.err), (0, '', ''), 'domjobabort in a later process')
        t.ok(not os.path.exists(scratch) and not os.path.exists(sock),
             'the abort removes the scratch image and the socket')
        t.eq((qmp(r, 'query-block-exports'), qmp(r, 'query-jobs')), ([], []),
             'no export and no job left in QEMU')
        nodes = qmp(r, 'query-named-block-nodes', flat=True)
        t.eq(sorted(b.get('name') for n in nodes for b in n.get('dirty-bitmaps', [])
                    if b.get('name')), ['c0', 'c0'],
             'only the checkpoint bitmaps are left')
        res = r.run('backup-dumpxml vm; domjobabort vm')
        t.eq(res.err.strip().split('\n'),
             ['error: Domain backup job id not found: no domain backup job present',
              'error: Requested operation is not valid: no job is active on the domain'],
             'no job: backup-dumpxml and domjobabort fail as libvirt does')

        # --- incremental pull backup of both disks over TCP
        port = free_port()
        inc = t.path('inc.xml')
        with open(inc, 'w') as f:
            f.write("<domainbackup mode='pull'>\n  <incremental>c0</incremental>\n"
                    f"  <server name='127.0.0.1' port='{port}'/>\n"
                    "  <disks>\n"
                    f"    <disk name='vda' type='file'><scratch file='{t.path('s-a.qcow2')}'/></disk>\n"
                    f"    <disk name='vdb' type='file'><scratch file='{t.path('s-b.qcow2')}'/></disk>\n"
                    "  </disks>\n</domainbackup>\n")
        res = r.run(f'backup-begin vm {inc}')
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (pull, incremental from c0, TCP)')
        for disk in ('vda', 'vdb'):
            data, extents = read_export(host='127.0.0.1', port=port, name=disk,
                                        bitmap=f'backup-{disk}')
            want = sorted(since_c0[disk])
            # merge adjacent writes as the bitmap does (64 KiB granules)
            merged = []
            for off, length in want:
                if merged and merged[-1][0] + merged[-1][1] == off:
                    merged[-1] = (merged[-1][0], merged[-1][1] + length)
                else:
                    merged.append((off, length))
            t.eq(extents, merged, f'{disk}: the dirty map is what was written since c0')
            t.ok(all(data[o:o + n] == disks[disk].data[o:o + n] for o, n in merged),
                 f'{disk}: the data under the dirty map is the new data')
        res = r.run('domjobabort vm')
        t.eq(res.rc, 0, 'domjobabort (incremental)')
        t.ok(not os.path.exists(t.path('s-a.qcow2')) and not os.path.exists(t.path('s-b.qcow2')),
             'both scratch images removed')

        # --- caller-made scratch images
        subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', scratch, '64M'], check=True)
        res = r.run(f'backup-begin vm {full}')
        t.eq((res.rc, res.err.strip()),
             (1, f"error: invalid argument: store '{scratch}' for backup of 'vda' exists"),
             'an existing scratch image refuses the begin (without --reuse-external)')
        res = r.run(f'backup-begin vm {full} --reuse-external; domjobabort vm')
        t.eq((res.rc, res.err), (0, ''), 'backup-begin --reuse-external, abort')
        t.ok(os.path.exists(scratch), 'the caller-made scratch image is kept')
        os.unlink(scratch)

        # --- a checkpoint taken with the backup, at the same point in time
        # (virtnbdbackup's way): the next incremental starts there
        chkxml = t.path('c1.xml')
        with open(chkxml, 'w') as f:
            f.write('<domaincheckpoint><name>c1</name></domaincheckpoint>\n')
        res = r.run(f'backup-begin vm {full} --checkpointxml {chkxml}')
        t.eq((res.rc, res.err), (0, ''), 'backup-begin --checkpointxml c1')
        res = r.run('checkpoint-parent vm c1')
        t.eq((res.rc, res.out.strip(), res.err), (0, 'c0', ''), 'checkpoint c1 exists, its parent c0')
        write('vda', 16 * MIB, 64 * KIB, 0x41, track=False)
        res = r.run('domjobabort vm')
        t.eq(res.rc, 0, 'domjobabort (with c1)')
        inc1 = t.path('inc1.xml')
        with open(inc1, 'w') as f:
            f.write("<domainbackup mode='pull'>\n  <incremental>c1</incremental>\n"
                    f"  <server transport='unix' socket='{sock}'/>\n"
                    "  <disks>\n"
                    f"    <disk name='vda' type='file'><scratch file='{scratch}'/></disk>\n"
                    "  </disks>\n</domainbackup>\n")
        res = r.run(f'backup-begin vm {inc1}')
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (incremental from c1)')
        data, extents = read_export(uri_sock=sock, bitmap='backup-vda')
        t.eq(extents, [(16 * MIB, 64 * KIB)], 'the dirty map from c1 is the write after its backup began')
        t.ok(data == bytes(disks['vda'].data), 'the export is the disk now')
        res = r.run('domjobabort vm')
        t.eq(res.rc, 0, 'domjobabort (from c1)')

        # --- push: a full backup with checkpoint c2, then an incremental
        # from c2; the jobs end by themselves and the next call settles them
        def image_bytes(path):
            raw = t.path('image.raw')
            subprocess.run(['qemu-img', 'convert', '-U', '-O', 'raw', path, raw], check=True)
            with open(raw, 'rb') as f:
                data = f.read()
            os.unlink(raw)
            return data

        def wait_done(what):
            for _ in range(600):
                res = r.run('backup-dumpxml vm')
                if 'no domain backup job present' in res.err:
                    return t.ok(True, f'{what}: the push job ends by itself')
                time.sleep(0.1)
            return t.ok(False, f'{what}: the push job ends by itself', res)

        def push_xml(path, target, incremental=None):
            with open(path, 'w') as f:
                f.write("<domainbackup>\n" +
                        (f"  <incremental>{incremental}</incremental>\n" if incremental else "") +
                        "  <disks>\n"
                        f"    <disk name='vda' type='file'><target file='{target}'/></disk>\n"
                        "    <disk name='vdb' backup='no'/>\n"
                        "  </disks>\n</domainbackup>\n")

        full_target, inc_target = t.path('full-vda.qcow2'), t.path('inc-vda.qcow2')
        push_xml(t.path('push-full.xml'), full_target)
        with open(t.path('c2.xml'), 'w') as f:
            f.write('<domaincheckpoint><name>c2</name></domaincheckpoint>\n')
        tracer = trace_copies(r.qemu_pid('vm'), t.path('strace.log'))
        res = r.run(f"backup-begin vm {t.path('push-full.xml')} --checkpointxml {t.path('c2.xml')}")
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (push, full, checkpoint c2)')
        at_c2 = bytes(disks['vda'].data)
        wait_done('full')
        # QEMU's buffered copy costs 2.5x qemu-img convert's CPU
        # (docs/BENCHMARKS.md, "Backups"): the kernel copies the data
        t.ok(stop_trace(tracer, t.path('strace.log')) > 0, 'the push job offloads its copy to copy_file_range')
        t.ok(image_bytes(full_target) == at_c2, 'the full target holds the disk as it was')
        write('vda', 20 * MIB, 128 * KIB, 0x51, track=False)
        push_xml(t.path('push-inc.xml'), inc_target, incremental='c2')
        res = r.run(f"backup-begin vm {t.path('push-inc.xml')}")
        t.eq((res.rc, res.err), (0, ''), 'backup-begin (push, incremental from c2)')
        wait_done('incremental')
        layout = json.loads(subprocess.run(['qemu-img', 'map', '--output=json', '-U', inc_target],
                                           check=True, capture_output=True).stdout)
        t.eq([(e['start'], e['length']) for e in layout if e['depth'] == 0 and e['data']],
             [(20 * MIB, 128 * KIB)], 'the incremental target holds exactly the writes since c2')
        subprocess.run(['qemu-img', 'rebase', '-u', '-b', full_target, '-F', 'qcow2', inc_target],
                       check=True)
        t.ok(image_bytes(inc_target) == bytes(disks['vda'].data),
             'full + incremental rebuild the disk as it is now')
        t.eq(qmp(r, 'query-jobs'), [], 'no job left in QEMU')
        nodes = qmp(r, 'query-named-block-nodes', flat=True)
        t.ok(not any(b.get('name', '').startswith('backup-') for n in nodes
                     for b in n.get('dirty-bitmaps', [])), 'no temporary bitmap left')
        os.unlink(full_target)
        os.unlink(inc_target)

        # --- destroy while a job runs
        res = r.run(f'backup-begin vm {full}; destroy vm')
        t.eq(res.rc, 0, 'backup-begin, then destroy')
        t.ok(not os.path.exists(scratch), 'the scratch image goes with QEMU')
        res = r.run('start vm; backup-dumpxml vm')
        t.eq(res.err.strip(), 'error: Domain backup job id not found: no domain backup job present',
             'no job after a restart')

        # --- a killed QEMU spoils the checkpoint's bitmaps: never served
        pid = r.qemu_pid('vm')
        qemutest.kill_pid(pid)
        res = r.run('start vm')
        t.eq(res.rc, 0, 'start after QEMU was killed')
        res = r.run(f'backup-begin vm {inc}')
        t.eq((res.rc, res.err.strip()),
             (1, "error: checkpoint inconsistent: missing or broken bitmap "
                 "'c0' for disk 'vda'"),
             'an incremental backup from an inconsistent bitmap is refused')
        t.ok(not os.path.exists(t.path('s-a.qcow2')), 'and leaves no scratch image')
        r.run('destroy vm')


if __name__ == '__main__':
    main()
