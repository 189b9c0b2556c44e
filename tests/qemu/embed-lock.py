#!/usr/bin/python3
"""One process per qemu:///embed root, against libvirt 9.0.

SPDX-License-Identifier: LGPL-2.1-or-later

libvirt's qemu driver locks ROOT/run/qemu/driver.pid (fcntl, without
waiting) when it initializes; a second process opening the same root
fails with SYSTEM_ERROR, domain NONE, errno EAGAIN in int1, "Failed to
acquire pid file 'ROOT/run/qemu/driver.pid': Resource temporarily
unavailable". Checked here, through the API (embed-open, and this
script's --libvirt mode on python3-libvirt, print the same line) and
through the CLI (virsh and tidemark):

- a second process on a held root gets libvirt's error, byte for byte
  but for the root's path;
- the pid file names the holder;
- another root opens meanwhile;
- libvirt keeps the lock until its process ends, even with no
  connection left (its driver state lives that long); tidemark frees
  the root on its last close (its driver state goes then), and not
  before: two connections, one closed, still held;
- both free it when the holder exits without closing.

No QEMU runs: an open needs none.

Usage: embed-lock.py TIDEMARK-BINARY SOURCE-ROOT EMBED-OPEN (TAP)
       embed-lock.py --libvirt URI [hold]      (the libvirt twin of
                                                embed-open)
"""
import os
import subprocess
import sys


def libvirt_twin(uri, hold):
    """embed-open's protocol on python3-libvirt (see embed-open.c)."""
    import libvirt
    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    libvirt.virEventRegisterDefaultImpl()   # libvirt's embed mode needs one
    conns = []

    def report_open():
        try:
            conns.append(libvirt.open(uri))
            print('ok', flush=True)
        except libvirt.libvirtError as e:
            print(f'error code={e.get_error_code()} domain={e.get_error_domain()} '
                  f'level={e.get_error_level()} int1={e.get_int1()} '
                  f'message={e.get_error_message()}', flush=True)

    report_open()
    if not hold:
        for c in conns:
            c.close()
        return
    for line in sys.stdin:
        if line == 'open\n':
            report_open()
        elif line == 'close\n' and conns:
            conns.pop().close()
            print('closed', flush=True)
        else:
            print(f'bad command {line}', end='', flush=True)
    os._exit(0)     # nothing closed, as embed-open


if len(sys.argv) >= 3 and sys.argv[1] == '--libvirt':
    libvirt_twin(sys.argv[2], sys.argv[3:] == ['hold'])
    sys.exit(0)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402


class Holder:
    """A process holding a root open (embed-open or the libvirt twin in
    hold mode), driven line by line."""

    def __init__(self, t, argv):
        self.p = t.spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
        self.first = self.p.stdout.readline().strip()

    def say(self, command):
        self.p.stdin.write(command + '\n')
        self.p.stdin.flush()
        return self.p.stdout.readline().strip()

    def exit(self):
        self.p.stdin.close()
        return self.p.wait(60)


def main():
    t = qemutest.Tier(sys.argv[:3])
    embed_open = os.path.realpath(sys.argv[3]) if len(sys.argv) > 3 else None
    with t:
        lv = t.libvirt_root()
        tm = t.root()
        tm2 = t.root('tm2')
        tools = {
            'libvirt': (lv, lambda uri, *hold: ['/usr/bin/python3', os.path.abspath(__file__),
                                                '--libvirt', uri, *hold]),
            'tidemark': (tm, lambda uri, *hold: [embed_open, uri, *hold]),
        }

        def probe(tool, root=None):
            r, argv = tools[tool]
            out = subprocess.run(argv((root or r).uri), stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, env=t.env,
                                 timeout=120).stdout.strip()
            return out.replace((root or r).path, 'ROOT')

        def pid_in_file(r):
            try:
                with open(os.path.join(r.path, 'run', 'qemu', 'driver.pid')) as f:
                    return int(f.read())
            except (OSError, ValueError):
                return None

        # libvirt's fresh root probes QEMU once (seconds): open it before
        # anything is timed or held
        t.eq(probe('libvirt'), 'ok', 'libvirt: the root opens')
        t.eq(probe('tidemark'), 'ok', 'tidemark: the root opens')

        holders = {}
        for tool, (r, argv) in tools.items():
            h = holders[tool] = Holder(t, argv(r.uri, 'hold'))
            t.eq(h.first, 'ok', f'{tool}: the holder opens the root')
            t.eq(pid_in_file(r), h.p.pid, f'{tool}: driver.pid names the holder')

        refused = {tool: probe(tool) for tool in tools}
        t.ok(refused['libvirt'].startswith('error code=38 domain=0 level=2 int1=11 '),
             'libvirt: a second process is refused (SYSTEM_ERROR, EAGAIN)',
             refused['libvirt'])
        t.eq(refused['tidemark'], refused['libvirt'], 'the second process gets libvirt\'s error')

        cli = {}
        for tool, (r, _) in tools.items():
            res = r.run('list --all')
            cli[tool] = f'rc={res.rc}\n{res.out}{res.err}'.replace(r.path, 'ROOT')
        t.same(cli['libvirt'], cli['tidemark'], 'virsh and tidemark print the same refusal')
        t.ok('Failed to acquire pid file' in cli['tidemark'], 'the CLI names the lock',
             cli['tidemark'])

        t.eq(probe('tidemark', tm2), 'ok', 'tidemark: another root opens meanwhile')

        # a second connection of the holder, then one closed: still held
        t.eq(holders['tidemark'].say('open'), 'ok', 'tidemark: the holder opens a second connection')
        t.eq(holders['tidemark'].say('close'), 'closed', 'tidemark: ... and closes it')
        t.eq(probe('tidemark'), refused['tidemark'],
             'tidemark: still refused while the holder has a connection')

        for tool, h in holders.items():
            t.eq(h.say('close'), 'closed', f'{tool}: the holder closes its last connection')
        t.eq(probe('libvirt'), refused['libvirt'],
             'libvirt: still refused after the last close (held until the process ends)')
        t.eq(probe('tidemark'), 'ok', 'tidemark: free after the last close')
        t.eq(pid_in_file(tm), None, 'tidemark: the last close removes driver.pid')

        # the holder takes it again, then exits without closing
        t.eq(holders['tidemark'].say('open'), 'ok', 'tidemark: the holder opens the root again')
        t.eq(probe('tidemark'), refused['tidemark'], 'tidemark: refused again')
        for tool, h in holders.items():
            t.eq(h.exit(), 0, f'{tool}: the holder exits without closing')
            t.eq(probe(tool), 'ok', f'{tool}: free once the holder has exited')


main()
