#!/usr/bin/python3
"""Lifecycle events of the qemu driver, compared with libvirt 9.0's
embedded qemu driver (TAP).

SPDX-License-Identifier: LGPL-2.1-or-later

- The API: every events/*.scn scenario runs through the API golden
  runners (tests/apigolden): golden.py on python3-libvirt and tidemark's
  golden program, each in one process on a qemu:///embed root of its
  own; the transcripts (events with their numbers and details, states,
  errors) must be equal.
- The CLI: `event --event lifecycle --loop` prints what virsh prints
  for a QEMU killed by its PID while it waits. libvirt's embedded driver
  locks its root (run/qemu/driver.pid) for as long as a process has it
  open, so virsh's event command can never see another process's
  start, suspend or destroy on that root: each tool starts the domain
  and waits for events in one process, and the test kills QEMU from
  outside, by the PID of its pid file, the only action that needs no
  connection to the root.

Usage: events.py TIDEMARK-BINARY SOURCE-ROOT GOLDEN-PROGRAM
"""
import difflib
import glob
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def transcript(t, argv, root):
    """One runner on one scenario, with GOLDEN_ROOT=@root (an image
    a.qcow2 made fresh in it)."""
    image = os.path.join(root.path, 'a.qcow2')
    if os.path.exists(image):
        os.unlink(image)
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', image, str(16 * qemutest.MIB)],
                   check=True)
    p = subprocess.run(argv, env=root.env({'GOLDEN_ROOT': root.path}), capture_output=True,
                       text=True, timeout=300, cwd=t.path('tmp'))
    return p.returncode, p.stdout, p.stderr


def api_scenarios(t, golden, lv, tm):
    for scn in sorted(glob.glob(os.path.join(HERE, 'events', '*.scn'))):
        name = os.path.basename(scn)
        lrc, lout, lerr = transcript(
            t, ['/usr/bin/python3', os.path.join(t.srcroot, 'tests', 'apigolden', 'golden.py'),
                scn], lv)
        trc, tout, terr = transcript(t, [golden, scn], tm)
        t.eq(lrc, 0, f'{name}: golden.py ran ({lerr.strip()[-300:]})')
        t.eq(trc, 0, f'{name}: tidemark\'s golden ran ({terr.strip()[-300:]})')
        t.same(lout, tout, f'{name}: the same transcript')
        t.ok('event all: lifecycle vm' in lout, f'{name}: libvirt delivered events (sanity)')


def cli_crash(t, lv, tm):
    """start, then `event --loop` while the test kills QEMU."""
    xml = t.path('crash.xml')
    with open(xml, 'w') as f:
        f.write(qemutest.domain_xml('vm', [('vda', t.disk('c.qcow2'))]))
    outputs = {}
    for label, root in (('libvirt', lv), ('tidemark', tm)):
        r = root.run(f'define {xml}')
        t.eq(r.rc, 0, f'{label}: define ({r.err.strip()})')
        p = subprocess.Popen(root.command() + ['-c', root.uri,
                                               'start vm; event --event lifecycle --loop '
                                               '--timeout 8'],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, cwd=t.path('tmp'), env=root.env(None))
        t.children.append(p)
        # the kill comes once the start has finished (the tool printed
        # it; under load a start takes seconds) and the event command
        # had a moment to register
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(p.stdout), daemon=True)
        reader.start()
        deadline = time.monotonic() + 120
        while not any(b'started' in line for line in lines) and p.poll() is None and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.5)
        pid = root.qemu_pid('vm')
        if t.ok(pid and qemutest._proc_alive(pid), f'{label}: QEMU runs after the start'):
            qemutest.kill_pid(pid)
        p.wait(timeout=60)
        reader.join(timeout=10)
        outputs[label] = b''.join(lines).decode()
        r = root.run('domstate vm --reason; undefine vm')
        outputs[label] += r.out
    t.note('virsh: ' + outputs['libvirt'])
    t.same(outputs['libvirt'], outputs['tidemark'],
           'event --event lifecycle --loop: a QEMU killed while waiting')
    t.ok(re.search(r"event 'lifecycle' for domain 'vm': Stopped", outputs['libvirt']),
         'virsh printed the event (sanity)', outputs['libvirt'])


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        if len(sys.argv) < 4:
            t.ok(False, 'usage: events.py TIDEMARK SOURCE-ROOT GOLDEN-PROGRAM')
            return
        golden = os.path.realpath(sys.argv[3])
        lv = t.libvirt_root()
        tm = t.root()
        api_scenarios(t, golden, lv, tm)
        if qemutest.smoke():
            return
        cli_crash(t, lv, tm)


main()
