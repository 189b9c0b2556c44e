#!/usr/bin/python3
"""tidemarkd killed with SIGKILL and started again keeps every object of
its qemu driver.

SPDX-License-Identifier: LGPL-2.1-or-later

Root's tidemarkd serves qemu:///system (in a private mount namespace, as
tests/daemon/system.sh and virtnbdbackup.py run it). Through it, with
tidemark's CLI: a running domain with two checkpoints and a pull backup
job in progress, a shut-off domain with a checkpoint, and a second running
domain, paused. The daemon is killed with SIGKILL (no
chance to save or close anything), QEMU goes on running, and a new
daemon is started on the same directories (its predecessor's socket and
pid file are still there). Everything the clients could see before is
the same after: the domain list with ids and states, the live and
persistent definitions, the checkpoints and their XML, the backup job,
its XML and statistics, the same QEMU processes. And it all still
works: the job is aborted, a checkpoint added, a domain resumed and
one destroyed. Then the same once more with the daemon killed in the
middle of nothing (all domains shut off).

Usage: daemon-restart.py TIDEMARK-BINARY SOURCE-ROOT TIDEMARKD SYSCONFDIR (TAP on stdout)
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB  # noqa: E402

URI = 'qemu:///system'


def main():
    if len(sys.argv) < 5:
        print(f'Bail out! usage: {sys.argv[0]} TIDEMARK SRCROOT TIDEMARKD SYSCONFDIR')
        sys.exit(1)
    tidemarkd = os.path.realpath(sys.argv[3])
    qemutest.enter_system_namespace('TM_RESTART_NS', sys.argv[4])
    with qemutest.Tier(sys.argv[:3], needs=('unshare',)) as t:
        daemon = t.system_daemon(tidemarkd)
        if not daemon:
            return

        def cli(cmds):
            p = subprocess.run([t.tidemark, '-c', URI, cmds], capture_output=True,
                               text=True, env=t.env, timeout=300)
            return p.returncode, p.stdout, p.stderr

        def must(cmds, what):
            rc, out, err = cli(cmds)
            t.ok(rc == 0 and not err, what, f'rc {rc}\n{out}{err}')
            return out

        disks = {'vm1': t.disk('a.qcow2', size=32 * MIB), 'vm2': t.disk('b.qcow2', size=32 * MIB),
                 'vm3': t.disk('c.qcow2', size=32 * MIB)}
        uuids = {'vm1': '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a41',
                 'vm2': '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a42',
                 'vm3': '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a43'}
        for name, image in disks.items():
            with open(t.path(f'{name}.xml'), 'w') as f:
                f.write(qemutest.domain_xml(name, [('vda', image)], uuid=uuids[name]))
            must(f'define {t.path(name + ".xml")}', f'define {name}')

        must('start vm1; start vm3; suspend vm3', 'start vm1, start and pause vm3')
        must(qemutest.hmp_write(0, 0, 1 * MIB, 0x11).replace(' vm ', ' vm1 ')
             + '; checkpoint-create-as vm1 c1', 'write, checkpoint c1 on the running vm1')
        must(qemutest.hmp_write(0, 4 * MIB, 1 * MIB, 0x22).replace(' vm ', ' vm1 ')
             + '; checkpoint-create-as vm1 c2', 'write, checkpoint c2 on vm1')
        # libvirt 9.0 makes checkpoints of running domains only
        must('start vm2; checkpoint-create-as vm2 d1; destroy vm2',
             'vm2 started, checkpoint d1, vm2 destroyed')
        backup = t.path('backup.xml')
        with open(backup, 'w') as f:
            f.write("<domainbackup mode='pull'>\n"
                    f"  <server transport='unix' socket='{t.path('nbd.sock')}'/>\n"
                    "  <incremental>c1</incremental>\n"
                    "  <disks>\n"
                    f"    <disk name='vda' type='file'><scratch file='{t.path('scratch.qcow2')}'/>"
                    "</disk>\n"
                    "  </disks>\n"
                    "</domainbackup>\n")
        must(f'backup-begin vm1 {backup}', 'a pull backup job on vm1, incremental since c1')

        # what a client sees: every query of every object
        queries = ['list --all', 'list --all --uuid', 'list --all --name --state-paused']
        for name in disks:
            queries += [f'dominfo {name}', f'domstate {name} --reason', f'dumpxml {name}',
                        f'dumpxml {name} --inactive', f'checkpoint-list {name} --parent',
                        f'domblklist {name} --details']
        queries += ['checkpoint-dumpxml vm1 c1', 'checkpoint-dumpxml vm1 c2 --size',
                    'checkpoint-dumpxml vm2 d1',
                    'backup-dumpxml vm1', 'domjobinfo vm1']

        def seen():
            out = {}
            for q in queries:
                rc, o, e = cli(q)
                # the running job's elapsed time and QEMU's CPU time go on
                o = re.sub(r'(Time elapsed: +)\d+ +ms', r'\1N ms', o)
                o = re.sub(r'(CPU time: +)[0-9.]+s', r'\1Ns', o)
                out[q] = (rc, o, e)
            return out

        def qemu_pids():
            found = {}
            for name in disks:
                path = f'/run/tidemark/qemu/{name}/qemu.pid'
                if os.path.exists(path):
                    with open(path) as f:
                        found[name] = int(f.read().strip())
            return found

        def compare(before, after, when):
            for q in queries:
                if q.startswith('domstate') and before[q][1].startswith('shut off'):
                    # as libvirtd: a shut-off domain read back from its
                    # definition has lost the reason it was shut off for
                    t.eq(after[q], (0, 'shut off (unknown)\n\n', ''),
                         f'{when}: {q} says "unknown", as libvirtd')
                    continue
                t.eq(after[q], before[q], f'{when}, the same: {q}')

        before = seen()
        pids = qemu_pids()
        t.eq(sorted(pids), ['vm1', 'vm3'], 'QEMU runs vm1 and vm3 (their pid files)')

        daemon.kill()
        daemon.wait()
        t.ok(all(qemutest._proc_alive(p) for p in pids.values()),
             'tidemarkd killed with SIGKILL: QEMU runs on')
        t.ok(os.path.exists(qemutest.SYSTEM_SOCKET),
             "the dead daemon's socket is left behind (nothing cleaned it)")
        daemon = t.system_daemon(tidemarkd)
        if not daemon:
            return
        compare(before, seen(), 'after the restart')
        t.eq(qemu_pids(), pids, 'the same QEMU processes, re-attached')

        # and it all still works
        must('domjobabort vm1', 'the backup job is aborted')
        rc, out, err = cli('domjobinfo vm1; checkpoint-create-as vm1 c3; '
                           'checkpoint-list vm1 --name')
        t.ok(rc == 0 and 'Job type:         None' in out and
             out.split()[-3:] == ['c1', 'c2', 'c3'],
             'no job left; a third checkpoint is added after c1 and c2', out + err)
        t.ok(not os.path.exists(t.path('nbd.sock')) and
             not os.path.exists(t.path('scratch.qcow2')),
             'the aborted job left no NBD socket and no scratch image')
        must('resume vm3; destroy vm1; destroy vm3', 'resume vm3, destroy both')
        out = must('list --all', 'list')
        t.ok(re.search(r'vm1 +shut off', out) and re.search(r'vm3 +shut off', out) and
             re.search(r'vm2 +shut off', out), 'every domain is shut off', out)

        # a second kill, with nothing running
        before = seen()
        daemon.kill()
        daemon.wait()
        daemon = t.system_daemon(tidemarkd)
        if not daemon:
            return
        compare(before, seen(), 'killed again with every domain shut off')
        must('start vm1; checkpoint-delete vm1 c1', 'a checkpoint deleted after the second restart')
        bitmaps = sorted(t.image_bitmaps(disks['vm1']))
        t.eq(bitmaps, ['c2', 'c3'], "vm1's image keeps the bitmaps of c2 and c3")
        must('destroy vm1', 'destroy vm1')
        daemon.terminate()
        t.eq(daemon.wait(20), 0, 'tidemarkd exits 0 on SIGTERM')


if __name__ == '__main__':
    main()
