#!/usr/bin/python3
"""Backups, tidemark against libvirt's own qemu driver.

SPDX-License-Identifier: LGPL-2.1-or-later

The same sequences of backup commands run through Debian's virsh on
libvirt 9.0's `qemu:///embed?root=LV` and through tidemark on its own
embed root, each sequence inside one process of each tool, on the same
image, scratch, socket and port (libvirt-compare.py's way: each tool's
images are moved into place before its turn). Compared command by
command: backup-dumpxml of pull jobs (full and incremental, UNIX socket
and TCP, backup='no' disks, per-disk modes, export names, scratch names
generated from a checkpoint made with the backup) and the errors of
refused begins (a missing checkpoint, unwritable targets, bad XML, a
checkpoint whose bitmap a QEMU crash spoilt). Pull jobs only: a push job may end before the next
command, so its dumpxml is not stable.

Left out, as documented divergences (docs/DEVELOPING.md "Backups"): a
begin on a shut-off domain (libvirt refuses it; tidemark runs it through
qemu-storage-daemon, backup-offline.py); a
second begin while a job runs (libvirt waits 30 s for its job lock,
then fails with OPERATION_TIMEOUT; tidemark refuses at once, see
backup.py).

Usage: backup-compare.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB, hmp_write  # noqa: E402

lc = qemutest.load_libvirt_compare()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        lv = t.libvirt_root()
        tm = t.root()
        images = lc.Images(t, {'a.qcow2': 'qcow2', 'b.qcow2': 'qcow2', 'c.qcow2': 'qcow2'})
        a, b, c = (images.path(n) for n in ('a.qcow2', 'b.qcow2', 'c.qcow2'))
        dom = lc.write_file(t, 'vm.xml', qemutest.domain_xml(
            'vm', [('vda', a), ('vdb', b), ('vdc', c)]))
        sock = t.path('nbd.sock')
        port = free_port()
        s = {d: t.path(f'scratch-{d}.qcow2') for d in ('vda', 'vdb', 'vdc')}

        def xml(name, body):
            return lc.write_file(t, name, body)

        pull_unix = xml('pull-unix.xml', (
            "<domainbackup mode='pull'>\n"
            f"  <server transport='unix' socket='{sock}'/>\n"
            "  <disks>\n"
            f"    <disk name='vda' type='file'><scratch file='{s['vda']}'/></disk>\n"
            f"    <disk name='vdb' type='file'><scratch file='{s['vdb']}'/></disk>\n"
            "    <disk name='vdc' backup='no'/>\n"
            "  </disks>\n</domainbackup>\n"))
        pull_tcp_inc = xml('pull-tcp-inc.xml', (
            "<domainbackup mode='pull'>\n  <incremental>c0</incremental>\n"
            f"  <server name='127.0.0.1' port='{port}'/>\n"
            "  <disks>\n"
            f"    <disk name='vdb' type='file'><scratch file='{s['vdb']}'/></disk>\n"
            f"    <disk name='vda' type='file'><scratch file='{s['vda']}'/></disk>\n"
            "  </disks>\n</domainbackup>\n"))
        # per-disk overrides: modes, checkpoints, export names and bitmaps
        pull_mixed = xml('pull-mixed.xml', (
            "<domainbackup mode='pull'>\n  <incremental>c1</incremental>\n"
            f"  <server transport='tcp' name='localhost' port='{port}'/>\n"
            "  <disks>\n"
            "    <disk name='vda' type='file' backupmode='full' exportname='a-full'>\n"
            f"      <driver type='qcow2'/><scratch file='{s['vda']}'/></disk>\n"
            "    <disk name='vdb' type='file' incremental='c0' exportbitmap='since-c0'>"
            f"<scratch file='{s['vdb']}'/></disk>\n"
            "    <disk name='vdc' type='file' backupmode='incremental'>"
            f"<scratch file='{s['vdc']}'/></disk>\n"
            "  </disks>\n</domainbackup>\n"))
        # no <disks>: every disk, scratch names made from the checkpoint's
        pull_all = xml('pull-all.xml', (
            "<domainbackup mode='pull'>\n"
            f"  <server transport='unix' socket='{sock}'/>\n</domainbackup>\n"))
        c2 = xml('c2.xml', '<domaincheckpoint><name>c2</name></domaincheckpoint>\n')

        def push_to(name, target, incremental=None):
            inc = f'<incremental>{incremental}</incremental>' if incremental else ''
            return xml(name, (f"<domainbackup>{inc}<disks><disk name='vda' type='file'>"
                              f"<target file='{target}'/></disk></disks></domainbackup>\n"))
        nodir = push_to('nodir.xml', t.path('nosuchdir', 'vda.qcow2'))
        isdir = push_to('isdir.xml', t.path('tmp'))
        nochk = push_to('nochk.xml', t.path('never.qcow2'), incremental='nosuch')
        nodir_pull = xml('nodir-pull.xml', (
            "<domainbackup mode='pull'>"
            f"<server transport='unix' socket='{sock}'/><disks><disk name='vda' type='file'>"
            f"<scratch file='{t.path('nosuchdir', 's.qcow2')}'/></disk></disks>"
            "</domainbackup>\n"))
        push_server = xml('push-server.xml', (
            f"<domainbackup><server transport='unix' socket='{sock}'/></domainbackup>\n"))
        raw_pull = xml('raw-pull.xml', (
            "<domainbackup mode='pull'>"
            f"<server transport='unix' socket='{sock}'/><disks><disk name='vda' type='file'>"
            f"<driver type='raw'/><scratch file='{s['vda']}'/></disk></disks>"
            "</domainbackup>\n"))
        no_port = xml('no-port.xml', (
            "<domainbackup mode='pull'><server name='localhost'/><disks>"
            f"<disk name='vda' type='file'><scratch file='{s['vda']}'/></disk></disks>"
            "</domainbackup>\n"))
        none = xml('none.xml', (
            "<domainbackup><disks><disk name='vda' backup='no'/></disks></domainbackup>\n"))
        nosuchdisk = xml('nosuchdisk.xml', (
            "<domainbackup><disks><disk name='vdz' type='file'>"
            f"<target file='{t.path('never.qcow2')}'/></disk></disks></domainbackup>\n"))

        first = [
            f'define {dom}',
            # (a begin on the shut-off domain is tidemark's own: libvirt
            # refuses it, tidemark backs it up; backup-offline.py)
            'start vm',
            # no job yet (libvirt's abort returns while its job is still
            # cancelling: these are asked before any job, not after one)
            'backup-dumpxml vm',
            'domjobabort vm',
            'checkpoint-create-as vm c0',
            hmp_write(0, 0, MIB),
            hmp_write(1, 4 * MIB, 64 * KIB),
            f'backup-begin vm {pull_unix}',
            'backup-dumpxml vm',
            'domjobabort vm',
            f'backup-begin vm {pull_tcp_inc}',
            'backup-dumpxml vm',
            'domjobabort vm',
            'checkpoint-create-as vm c1',
            hmp_write(2, 8 * MIB, 64 * KIB),
            f'backup-begin vm {pull_mixed}',
            'backup-dumpxml vm',
            'domjobabort vm',
            f'backup-begin vm {pull_all} --checkpointxml {c2}',
            'backup-dumpxml vm',
            'checkpoint-list vm --parent',
            'domjobabort vm',
        ]
        refused = [
            f'backup-begin vm {nochk}',
            f'backup-begin vm {nodir}',
            f'backup-begin vm {nodir_pull}',
            f'backup-begin vm {isdir}',
            f'backup-begin vm {push_server}',
            f'backup-begin vm {raw_pull}',
            f'backup-begin vm {no_port}',
            f'backup-begin vm {none}',
            f'backup-begin vm {nosuchdisk}',
            # what the failures above left: nothing, the next job's node
            # index aside
            f'backup-begin vm {pull_unix}',
            'backup-dumpxml vm',
            'domjobabort vm',
            'destroy vm',
            'undefine vm --checkpoints-metadata',
        ]
        # the smoke subset: the first pull job and the errors
        lc.compare(t, images, lv, tm, 'pull jobs',
                   first[:11] + ['destroy vm', 'undefine vm --checkpoints-metadata']
                   if qemutest.smoke() else first + refused[-2:])
        if qemutest.smoke():
            return
        lc.compare(t, images, lv, tm, 'refused begins',
                   [f'define {dom}', 'start vm'] + refused)
        # QEMU killed (SIGKILL, by its PID) between two processes: every
        # bitmap it had open is left in-use, and an incremental from it is
        # refused (CHECKPOINT_INCONSISTENT), never served
        kimages = lc.Images(t, {'k.qcow2': 'qcow2'})
        kdom = lc.write_file(t, 'kvm.xml', qemutest.domain_xml(
            'vm', [('vda', kimages.path('k.qcow2'))]))
        kinc = xml('kinc.xml', (
            "<domainbackup mode='pull'><incremental>k0</incremental>"
            f"<server transport='unix' socket='{sock}'/><disks><disk name='vda' type='file'>"
            f"<scratch file='{s['vda']}'/></disk></disks></domainbackup>\n"))

        def kill_qemu(tool, root):
            pid = root.qemu_pid('vm')
            if t.ok(pid and qemutest._proc_alive(pid), f'{tool}: QEMU runs before the kill'):
                qemutest.kill_pid(pid)
        lc.compare(t, kimages, lv, tm, 'before a QEMU crash',
                   [f'define {kdom}', 'start vm', 'checkpoint-create-as vm k0', 'destroy vm',
                    'start vm', hmp_write(0, 0, MIB)],
                   after=kill_qemu)
        lc.compare(t, kimages, lv, tm, 'after a QEMU crash', [
            # libvirt notices the crash in a thread of its own: a call that
            # takes the domain's job waits for it (libvirt-compare.py)
            'checkpoint-dumpxml vm k0 --no-domain --size',
            'domstate vm --reason',
            'start vm',
            f'backup-begin vm {kinc}',
            'backup-dumpxml vm',
            'destroy vm',
            'undefine vm --checkpoints-metadata',
        ])
        t.ok(not os.path.exists(t.path('nosuchdir')) and
             not any(os.path.exists(p) for p in s.values()) and not os.path.exists(sock),
             'no scratch image, socket or directory left by either tool')


if __name__ == '__main__':
    main()
