#!/usr/bin/python3
"""Driver behaviour with real QEMU that has no libvirt counterpart to
compare with.

SPDX-License-Identifier: LGPL-2.1-or-later

- The machine list (`qemu-system-x86_64 -machine help`, needed to
  canonicalize the machine type of every domain loaded) is probed once
  per root and binary, then read from ROOT/cache/qemu-machines: a later
  process on the root spawns no QEMU to open it; a binary that changed
  on disk (size or times) is probed again. A wrapper named by
  TIDEMARK_QEMU counts the probes.

Usage: driver.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402


def main():
    with qemutest.Tier(sys.argv) as t:
        log = t.path('probes.log')
        wrapper = t.path('qemu-wrapper')
        with open(wrapper, 'w') as f:
            f.write('#!/bin/sh\n'
                    f'[ "$1 $2" = "-machine help" ] && echo probe >> {log}\n'
                    f'exec {shutil.which("qemu-system-x86_64")} "$@"\n')
        os.chmod(wrapper, 0o755)
        env = {'TIDEMARK_QEMU': wrapper}

        def probes():
            return open(log).read().count('probe') if os.path.exists(log) else 0

        r = t.root()
        r.define('vm', [('vda', t.disk('a.qcow2'))])
        t.eq(probes(), 0, 'define without the wrapper: not counted (sanity)')
        res = r.run('list --all --name', env=env)
        t.eq((res.rc, res.out.split(), res.err), (0, ['vm'], ''), 'list with the wrapper')
        t.ok(os.path.exists(os.path.join(r.path, 'cache', 'qemu-machines')),
             'the machine list is cached in the root')
        first = probes()
        t.eq(first, 1, 'the first open with this binary probes it once')
        for _ in range(3):
            r.run('dominfo vm', env=env)
        t.eq(probes(), first, 'later opens read the cache: no probe')
        # a binary replaced in place: new times, new size
        time.sleep(0.01)
        with open(wrapper, 'a') as f:
            f.write('# changed\n')
        res = r.run('dumpxml vm', env=env)
        t.ok(res.rc == 0 and 'pc-i440fx' in res.out, 'the domain still loads with its machine')
        t.eq(probes(), first + 1, 'a changed binary is probed again')


main()
