#!/usr/bin/python3
"""tests/daemon/load.py: 64 clients x 1,000 mixed calls through one daemon

  load.py SOCKET DAEMON_PID [--rss]

Runs python3-libvirt clients at once on test+unix:///default?socket=SOCKET,
each making 1,000 calls of the kinds real clients mix: connect-time
queries, lookups (found and not), domain XML and state, its own
checkpoints and snapshots created, listed, read and deleted, an error
on purpose now and then. Counted: calls made, expected errors that came
as expected, and anything else (a wrong answer, an unexpected error, a
lost connection), which must be 0. With --rss the daemon's resident set
is read from /proc before the clients (after one warm-up client) and
after the last has gone, and must come back within 5 MB of it.

TAP lines on stdout, without the plan: load.sh adds the daemon's own
exit check and the plan.
"""
import sys
import threading
import time

import libvirt

CLIENTS = 64
CALLS = 1000
RSS_SLACK_KB = 5 * 1024


def rss_kb(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise RuntimeError(f'no VmRSS for {pid}')


class Client:
    """One connection and the tally of what its calls returned."""

    def __init__(self, uri, index):
        self.uri = uri
        self.index = index
        self.calls = 0
        self.expected_errors = 0
        self.problems = []

    def expect_error(self, code, fn, *args):
        self.calls += 1
        try:
            fn(*args)
        except libvirt.libvirtError as e:
            if e.get_error_code() == code:
                self.expected_errors += 1
                return
            self.problems.append(f'wanted error {code}, got {e.get_error_code()}: {e}')
            return
        self.problems.append(f'{fn.__name__}{args}: no error, wanted {code}')

    def check(self, what, ok):
        self.calls += 1
        if not ok:
            self.problems.append(what)

    def run(self):
        try:
            self.work()
        except libvirt.libvirtError as e:
            self.problems.append(f'call {self.calls}: {e}')
        except Exception as e:   # a lost connection or a wrong reply type
            self.problems.append(f'call {self.calls}: {type(e).__name__}: {e}')

    def work(self):
        conn = libvirt.open(self.uri)
        self.calls += 1
        i = self.index
        conn.defineXML(f"<domain type='test'><name>ld{i}</name><memory>8192</memory>"
                       "<os><type>hvm</type></os></domain>")
        self.calls += 1
        step = 0
        while self.calls < CALLS:
            kind = step % 10
            step += 1
            if kind == 0:
                self.check('lookupByName', conn.lookupByName('test').name() == 'test')
                self.calls += 1   # name() is local; lookup is the call
            elif kind == 1:
                self.expect_error(libvirt.VIR_ERR_NO_DOMAIN, conn.lookupByName, f'nope{i}')
            elif kind == 2:
                self.check('listAllDomains',
                           'test' in [d.name() for d in conn.listAllDomains()])
            elif kind == 3:
                dom = conn.lookupByName('test')
                self.calls += 1
                self.check('XMLDesc', '<name>test</name>' in dom.XMLDesc(0))
            elif kind == 4:
                dom = conn.lookupByName('test')
                self.calls += 1
                self.check('state', dom.state()[0] == libvirt.VIR_DOMAIN_RUNNING)
            elif kind == 5:
                dom = conn.lookupByName('test')
                self.calls += 1
                name = f'c{i}-{step}'
                cp = dom.checkpointCreateXML(
                    f'<domaincheckpoint><name>{name}</name></domaincheckpoint>', 0)
                self.calls += 1
                self.check('checkpoint listed',
                           name in [c.getName() for c in dom.listAllCheckpoints()])
                self.check('checkpoint XML', f'<name>{name}</name>' in cp.getXMLDesc(0))
                cp.delete(0)
                self.calls += 1
            elif kind == 6:
                # snapshots on a domain of its own: libvirt refuses a
                # snapshot of a domain with checkpoints (the others' on test)
                dom = conn.lookupByName(f'ld{i}')
                self.calls += 1
                name = f's{i}-{step}'
                snap = dom.snapshotCreateXML(
                    f'<domainsnapshot><name>{name}</name></domainsnapshot>', 0)
                self.calls += 1
                self.check('snapshot lookup',
                           dom.snapshotLookupByName(name, 0).getName() == name)
                snap.delete(0)
                self.calls += 1
            elif kind == 7:
                self.check('getLibVersion', conn.getLibVersion() >= 9000000)
                self.check('getURI', conn.getURI().startswith('test+unix:'))
            elif kind == 8:
                self.check('isAlive', conn.isAlive() == 1)
                self.check('getType', conn.getType() == 'TEST')
            else:
                dom = conn.lookupByName('test')
                self.calls += 1
                self.expect_error(libvirt.VIR_ERR_NO_DOMAIN_CHECKPOINT,
                                  dom.checkpointLookupByName, f'none{i}', 0)
        conn.lookupByName(f'ld{i}').undefine()
        self.calls += 2
        conn.close()


def main():
    sock, pid = sys.argv[1], int(sys.argv[2])
    want_rss = '--rss' in sys.argv[3:]
    uri = f'test+unix:///default?socket={sock}'
    libvirt.registerErrorHandler(lambda *_: None, None)

    # one client first, so that the daemon's pool, the test driver and
    # the allocator's first arenas exist before the baseline is read
    warm = Client(uri, 999)
    warm.run()
    time.sleep(0.5)
    before = rss_kb(pid)

    clients = [Client(uri, i) for i in range(CLIENTS)]
    threads = [threading.Thread(target=c.run) for c in clients]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    calls = sum(c.calls for c in clients)
    expected = sum(c.expected_errors for c in clients)
    problems = [(c.index, p) for c in clients for p in c.problems] + \
        [(999, p) for p in warm.problems]
    status = 0
    what = (f'{CLIENTS} clients x {CALLS} calls at once: {calls} calls, '
            f'{expected} expected errors as expected, {len(problems)} other errors')
    if problems or calls < CLIENTS * CALLS:
        status = 1
        print(f'not ok 1 - {what}')
        for index, p in problems[:20]:
            print(f'#  client {index}: {p}')
    else:
        print(f'ok 1 - {what}')
    print(f'#  {elapsed:.1f} s, {calls / elapsed:.0f} calls/s')

    # the test driver's state is dropped with the last connection: what
    # the clients made is gone, and so should be the memory it took
    check = libvirt.open(uri)
    dom = check.lookupByName('test')
    left = len(dom.listAllCheckpoints()) + dom.snapshotNum(0) + \
        len([d for d in check.listAllDomains() if d.name() != 'test'])
    check.close()
    if left:
        status = 1
        print(f'not ok 2 - nothing the clients made is left ({left} left)')
    else:
        print('ok 2 - nothing the clients made is left')

    if want_rss:
        after = before
        # the daemon ends the last calls after the clients have their
        # replies, and its idle workers (their stacks, their malloc
        # caches) retire after GLib's 15 s: give it up to 30 s to come down
        for _ in range(300):
            time.sleep(0.1)
            after = rss_kb(pid)
            if after <= before + RSS_SLACK_KB:
                break
        line = (f'daemon RSS back within 5 MB of its start '
                f'({before} kB before, {after} kB after)')
        if after <= before + RSS_SLACK_KB:
            print(f'ok 3 - {line}')
        else:
            status = 1
            print(f'not ok 3 - {line}')
    return status


if __name__ == '__main__':
    sys.exit(main())
