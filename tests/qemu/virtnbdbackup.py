#!/usr/bin/python3
"""Debian's virtnbdbackup through tidemarkd: a full and two incremental
pull backups of a running domain, restored by virtnbdrestore and
compared with the disks.

SPDX-License-Identifier: LGPL-2.1-or-later

Root's tidemarkd serves qemu:///system with its qemu driver. Everything
runs as a user runs it against libvirt's system daemon: Debian's virsh
and virtnbdbackup/virtnbdrestore with the plain URI qemu:///system
(virtnbdbackup's default; it asks for a user and a password with any
qemu+unix:// URI). libvirt's client library looks for the system daemon
at /run/libvirt/libvirt-sock: that name is a link to tidemarkd's socket.
So that no system path of the machine is touched, the script re-runs
itself in a private mount namespace with a fresh tmpfs on /run,
/var/lib, /var/cache and SYSCONFDIR (the daemon's system paths), as
tests/daemon/system.sh does. virsh writes through QEMU's qemu-io (the
QEMU program's monitor command); the backup tools' scratch files and NBD
sockets are in the work dir (-S, -f).

Usage: virtnbdbackup.py TIDEMARK-BINARY SOURCE-ROOT TIDEMARKD SYSCONFDIR (TAP on stdout)
"""
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB  # noqa: E402


def main():
    if len(sys.argv) < 5:
        print(f'Bail out! usage: {sys.argv[0]} TIDEMARK SRCROOT TIDEMARKD SYSCONFDIR')
        sys.exit(1)
    tidemarkd = os.path.realpath(sys.argv[3])
    qemutest.enter_system_namespace('TM_VNB_NS', sys.argv[4])
    with qemutest.Tier(sys.argv[:3], needs=('virtnbdbackup', 'virtnbdrestore', 'virsh',
                                            'unshare')) as t:
        daemon = t.system_daemon(tidemarkd)
        sock = qemutest.SYSTEM_SOCKET
        if not daemon:
            return
        # where libvirt's clients look for the system daemon
        os.makedirs('/run/libvirt')
        os.symlink(sock, '/run/libvirt/libvirt-sock')
        uri = 'qemu:///system'

        def virsh(cmds):
            p = subprocess.run(['virsh', '-c', uri, cmds], capture_output=True, text=True,
                               env=t.env, timeout=120)
            return p.returncode, p.stdout, p.stderr

        def tool(argv):
            return subprocess.run(argv, capture_output=True, text=True, env=t.env, timeout=600)

        disks = {'vda': t.disk('a.qcow2', size=64 * MIB), 'vdb': t.disk('b.qcow2', size=32 * MIB)}
        xml = t.path('vm.xml')
        with open(xml, 'w') as f:
            f.write(qemutest.domain_xml('vm', [('vda', disks['vda']), ('vdb', disks['vdb'])]))
        rc, out, err = virsh(f'define {xml}; start vm; uri')
        t.eq((rc, err, out.split()[-1]), (0, '', 'qemu:///system'),
             "Debian's virsh defines and starts the domain on qemu:///system")

        def write(index, offset, length, pattern):
            rc, out, err = virsh(qemutest.hmp_write(index, offset, length, pattern))
            t.eq((rc, err), (0, ''), f'write {pattern:#x} at {offset} on disk {index}')

        backup_dir = t.path('backup')
        scratch = t.path('scratch')
        os.mkdir(scratch)

        def backup(level, name):
            p = tool(['virtnbdbackup', '-d', 'vm', '-l', level, '-o', backup_dir,
                              '-S', scratch, '-f', t.path('nbd.sock'), '-n'])
            ok = t.ok(p.returncode == 0 and 'Finished successfully' in p.stderr,
                      f'virtnbdbackup -l {level} ({name})', p.stdout + p.stderr)
            return ok, p.stderr

        def restore_and_compare(name):
            target = t.path(f'restored-{name}')
            p = tool(['virtnbdrestore', '-i', backup_dir, '-o', target, '-n',
                              '-f', t.path('nbd-restore.sock')])
            t.ok(p.returncode == 0, f'virtnbdrestore ({name})', p.stdout + p.stderr)
            rc, _, err = virsh('suspend vm')
            for disk, image in disks.items():
                restored = os.path.join(target, os.path.basename(image))
                c = subprocess.run(['qemu-img', 'compare', '-U', image, restored],
                                   capture_output=True, text=True)
                t.eq((c.returncode, c.stdout.strip()), (0, 'Images are identical.'),
                     f'{name}: {disk} restored is the disk')
            virsh('resume vm')
            shutil.rmtree(target, ignore_errors=True)

        write(0, 0, 4 * MIB, 0x11)
        write(1, 1 * MIB, 512 * KIB, 0x12)
        ok, log_full = backup('full', 'full')
        rc, out, err = virsh('checkpoint-list vm --name')
        t.eq((rc, out.split()), (0, ['virtnbdbackup.0']),
             'the full backup made its checkpoint (in the same transaction)')
        restore_and_compare('full')

        write(0, 16 * MIB, 1 * MIB, 0x21)
        write(1, 0, 64 * KIB, 0x22)
        ok, log_inc = backup('inc', 'first incremental')
        t.ok('[vda]: 1048576 bytes of data extents to backup' in log_inc and
             '[vdb]: 65536 bytes of data extents to backup' in log_inc,
             'the first incremental reads exactly what was written since the full', log_inc)
        write(0, 32 * MIB, 128 * KIB, 0x31)
        ok, log_inc2 = backup('inc', 'second incremental')
        restore_and_compare('full + 2 incrementals')

        rc, out, err = virsh('checkpoint-list vm --name; domjobinfo vm --completed')
        t.ok(rc == 0 and out.split()[:3] == ['virtnbdbackup.0', 'virtnbdbackup.1',
                                             'virtnbdbackup.2']
             and 'Job type:         Completed' in out,
             'three checkpoints; the last job completed', out + err)
        rc, out, err = virsh("qemu-monitor-command vm "
                             "'{\"execute\":\"query-named-block-nodes\",\"arguments\":{\"flat\":true}}'")
        bitmaps = sorted({b['name'] for n in json.loads(out)['return']
                          for b in n.get('dirty-bitmaps', [])})
        t.eq(bitmaps, ['virtnbdbackup.0', 'virtnbdbackup.1', 'virtnbdbackup.2'],
             'no temporary bitmap left in QEMU, only the checkpoints\'')
        rc, out, err = virsh("qemu-monitor-command vm '{\"execute\":\"query-block-exports\"}'")
        t.eq(json.loads(out)['return'] if rc == 0 else err, [], 'no NBD export left')
        t.eq(sorted(os.listdir(scratch)), [], 'no scratch file left')
        t.ok(not os.path.exists(t.path('nbd.sock')), 'no NBD socket left')

        rc, out, err = virsh('destroy vm')
        t.eq(rc, 0, 'destroy')
        daemon.terminate()
        t.eq(daemon.wait(20), 0, 'tidemarkd exits 0 on SIGTERM')


if __name__ == '__main__':
    main()
