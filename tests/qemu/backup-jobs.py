#!/usr/bin/python3
"""Backup jobs seen from outside: domjobinfo (virDomainGetJobStats /
GetJobInfo), the job-completed event and backup-wait, compared with
libvirt 9.0's embed driver on the same steps.

SPDX-License-Identifier: LGPL-2.1-or-later

Each libvirt reference sequence runs inside one virsh process (a later
virsh process does not see libvirt's completed job); tidemark runs the
same sequence in one process of its CLI, so both print the same lines
(only elapsed times are masked). Then what only tidemark does: the
completed job's statistics survive the process (domjobinfo --completed
in a later process), and backup-wait follows a job to its end.

Usage: backup-jobs.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB, hmp_write  # noqa: E402


def mask(text):
    """Elapsed times differ from run to run; so do the bytes a pull's
    scratch image keeps for writes racing with the read (none here)."""
    text = re.sub(r'(Time elapsed: +)[0-9]+ +ms', r'\1N ms', text)
    text = re.sub(r'(time_elapsed: )[0-9]+', r'\1N', text)
    return text


# libvirt ends an aborted job when QEMU's cancel event arrives, after
# domjobabort returned: until then its completed statistics are hidden.
# Its sequences wait for the job-completed event after the abort (tidemark
# ends the job within the call); the event's lines are taken out of its
# output before the comparison (test 'push job' compares the event).
ABORT = {'tidemark': 'domjobabort vm',
         'libvirt': 'domjobabort vm; event vm --event job-completed --timeout 60'}


def strip_event(text):
    return re.sub(r"event 'job-completed' for domain 'vm':\n(?:\t.*\n)*events received: 1\n\n?",
                  '', text)


def pull_xml(t, side, disks, sock, incremental=None):
    lines = ["<domainbackup mode='pull'>"]
    if incremental:
        lines.append(f'  <incremental>{incremental}</incremental>')
    lines.append(f"  <server transport='unix' socket='{sock}'/>")
    lines.append('  <disks>')
    for d in disks:
        lines.append(f"    <disk name='{d}' type='file'>"
                     f"<scratch file='{t.path(f'{side}-scratch-{d}.qcow2')}'/></disk>")
    lines += ['  </disks>', '</domainbackup>', '']
    path = t.path(f'{side}-pull.xml')
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return path


def push_xml(t, side, name, disks, incremental=None):
    lines = ["<domainbackup mode='push'>"]
    if incremental:
        lines.append(f'  <incremental>{incremental}</incremental>')
    lines.append('  <disks>')
    for d in disks:
        target = t.path(f'{side}-{name}-{d}.qcow2')
        lines.append(f"    <disk name='{d}' type='file'><target file='{target}'/>"
                     "<driver type='qcow2'/></disk>")
    lines += ['  </disks>', '</domainbackup>', '']
    path = t.path(f'{side}-{name}.xml')
    with open(path, 'w') as f:
        f.write('\n'.join(lines))
    return path


def main():
    with qemutest.Tier(sys.argv) as t:
        tm = t.root()
        lv = t.libvirt_root()
        sides = {'tidemark': tm, 'libvirt': lv}
        for side, r in sides.items():
            r.define('vm', [('vda', t.disk(f'{side}-a.qcow2'))])

        def both(commands, name, merged=True, strip=False):
            """Runs @commands (a function of the side) on both sides and
            compares their masked output; returns the tidemark result."""
            got = {}
            for side, r in sides.items():
                cmds = commands(side) if callable(commands) else commands
                got[side] = r.run(cmds, merged=merged)
            lv_out = strip_event(got['libvirt'].out) if strip else got['libvirt'].out
            t.same(mask(lv_out) + f'rc={got["libvirt"].rc}',
                   mask(got['tidemark'].out) + f'rc={got["tidemark"].rc}', name)
            return got['tidemark']

        both('domjobinfo vm', 'domjobinfo of a shut-off domain fails as libvirt')
        both('domjobinfo vm --completed', 'domjobinfo --completed: no job yet')
        both('domjobinfo vm --keep-completed', '--keep-completed needs --completed')
        for side, r in sides.items():
            res = r.run('start vm')
            t.eq(res.rc, 0, f'{side}: start')
        both('domjobinfo vm; domjobinfo vm --completed; domjobinfo vm --rawstats',
             'no job on a running domain')

        # --- a pull job: running statistics, abort, completed statistics
        both(lambda side: f"backup-begin vm {pull_xml(t, side, ['vda'], t.path(f'{side}.sock'))}; "
             f'domjobinfo vm; domjobinfo vm --rawstats; {ABORT[side]}; '
             'domjobinfo vm; domjobinfo vm --completed --keep-completed; '
             'domjobinfo vm --completed --rawstats; domjobinfo vm --completed',
             'pull job: running, aborted, its completed statistics read twice', strip=True)

        if not qemutest.smoke():
            # the same with guest writes while it runs: the scratch image
            # keeps the old data, and both report the space it uses
            def pull_with_writes(side):
                sock = t.path(f'{side}.sock')
                return (f"backup-begin vm {pull_xml(t, side, ['vda'], sock)}; "
                        f"{hmp_write(0, 0, 1 * MIB, 0x5a)}; {hmp_write(0, 8 * MIB, 256 * KIB, 0x5b)}; "
                        f'domjobinfo vm --rawstats; {ABORT[side]}; '
                        'domjobinfo vm --completed --rawstats')
            both(pull_with_writes, 'pull job with guest writes: temporary space used', strip=True)

        # --- a push job: the job-completed event, then its statistics
        both(lambda side: f"backup-begin vm {push_xml(t, side, 'full', ['vda'])}; "
             'event vm --event job-completed --timeout 120; '
             'domjobinfo vm; domjobinfo vm --completed --keep-completed; '
             'domjobinfo vm --completed --anystats',
             'push job: job-completed event, completed statistics')

        # ---- tidemark only: the job's record outlives the process
        res = tm.run(f"backup-begin vm {pull_xml(t, 'tm2', ['vda'], t.path('tm2.sock'))}")
        t.eq(res.rc, 0, 'pull job begun')
        res = tm.run('domjobinfo vm')
        t.eq((res.rc, res.out.split('\n')[:2]),
             (0, ['Job type:         Unbounded   ', 'Operation:        Backup      ']),
             'a later process sees the running job')
        res = tm.run('domjobabort vm')
        t.eq(res.rc, 0, 'aborted in a later process')
        res = tm.run('domjobinfo vm --completed')
        t.eq((res.rc, res.out.split('\n')[:2]),
             (0, ['Job type:         Completed   ', 'Operation:        Backup      ']),
             'a later process reads the completed statistics')
        res = tm.run('domjobinfo vm --completed')
        t.eq((res.rc, res.out.strip()), (0, 'Job type:         None'),
             'read once without --keep-completed, they are gone')

        # ---- backup-wait, on a domain whose disk holds 512 MiB of data;
        # the copy is throttled right after the begin (QEMU copies from the
        # page cache faster than a test can watch), so that it lasts long
        # enough to be followed, or to be aborted. One disk: the job's
        # image is node 2 in a new process (libvirt's numbering).
        big = t.disk('big.qcow2', size=512 * MIB)
        t.qemu_io_write(big, 0, 512 * MIB, 0x77)
        tm.define('big', [('vda', big)], uuid='7a1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4c')
        t.eq(tm.run('start big').rc, 0, 'start big')

        def throttle(speed):
            return ("qemu-monitor-command big '{\"execute\":\"block-job-set-speed\",\"arguments\":"
                    f"{{\"device\":\"backup-vda-libvirt-2-format\",\"speed\":{speed}}}}}'")
        res = tm.run(f"backup-begin big {push_xml(t, 'tm', 'waited', ['vda'])}; "
                     f'{throttle(128 * MIB)}; backup-wait big')
        lines = [ln for ln in res.out.strip().split('\n') if ln and not ln.startswith('{')]
        t.eq((res.rc, lines[0], res.err), (0, 'Backup started', ''), 'backup-wait: push job')
        t.ok(re.fullmatch(r'Backup completed: 512\.0 MiB copied in [0-9]+ ms', lines[-1]),
             'backup-wait: its last line says what was copied', res.out)
        t.ok(len(lines) > 3 and all(
            re.fullmatch(r'progress: [0-9]+% [0-9.]+ [KMG]?i?B of 512\.0 MiB, [0-9.]+ [KMG]?i?B/s, '
                         r'ETA ([0-9]+:[0-9]{2}|--:--)', ln) for ln in lines[1:-1]),
             'backup-wait: progress lines, one a second, when stdout is no terminal', res.out)
        res = tm.run('domjobinfo big --completed')
        t.eq((res.rc, res.out.split('\n')[0]), (0, 'Job type:         Completed   '),
             'backup-wait keeps the completed statistics for domjobinfo --completed')
        res = tm.run(f"backup-begin big {push_xml(t, 'tm', 'cancelled', ['vda'])}; "
                     f'{throttle(1)}; domjobabort big; backup-wait big')
        m = re.fullmatch(r"error: backup job of domain 'big' was aborted after [0-9]+ ms: "
                         r"Operation canceled", res.err.strip())
        t.ok(res.rc == 1 and m, 'backup-wait fails for an aborted push job', res)
        t.ok(not os.path.exists(t.path('tm-cancelled-vda.qcow2')),
             'the aborted job left no target behind')
        res = tm.run('domjobinfo big --completed; backup-wait big')
        t.eq((res.rc, res.err.strip()), (1, "error: no backup job on domain 'big'"),
             'backup-wait without a job (its record read)')
        tm.run('destroy big')

        for side, r in sides.items():
            r.run('destroy vm')


if __name__ == '__main__':
    main()
