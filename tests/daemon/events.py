#!/usr/bin/python3
"""tests/daemon/events.py: server-pushed domain events, tidemarkd against libvirtd

  events.py TIDEMARKD_SOCKET_DIR LIBVIRTD_SOCKET_DIR

Runs the same sequences against tidemarkd and Debian's libvirtd (both
already running on temporary sockets, started by wire.sh) and compares
what each delivers, as text:

- raw packets: CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY (316) with and
  without a domain filter, for lifecycle and job-completed, the errors
  (a second identical registration, an unknown event id, deregistering
  an id that is not the client's), and the DOMAIN_EVENT_CALLBACK_LIFECYCLE
  MESSAGE packets (318) a second connection's calls provoke, byte for
  byte, before and after a DEREGISTER_ANY (317);
- python3-libvirt with its event loop: callbacks with and without a
  domain filter on one connection, events provoked from a second one
  (define, suspend, resume, start, destroy, undefine), deregistering
  them one by one, a client of the read-only socket registering;
- a client killed while its callbacks are registered: the daemon drops
  them with the client, so test:///default's state goes with the last
  connection as usual (a callback left behind would keep it open);
- tidemarkd only: callbacks registered before a failed second
  CONNECT_OPEN are dropped when the client goes (libvirtd leaves them).

TAP lines on stdout, without the plan (wire.sh adds its own check and
the plan).
"""
import os
import signal
import struct
import subprocess
import sys
import threading
import time

import libvirt
from wire import REMOTE, Conn, opened, packet, xdr_string

DOM_TEST = xdr_string('test') + bytes.fromhex('6695eb01f6a4830479aa97f2502e193f') + struct.pack('>i', 1)
GUEST_XML = ("<domain type='test'><name>evguest</name><memory>8192</memory>"
             "<os><type>hvm</type></os></domain>")
MARK_XML = GUEST_XML.replace('evguest', 'evmark')
EVENT_TIMEOUT = 10   # s for an expected event to arrive
SETTLE = 0.5         # s during which no unexpected event may arrive

# python3-libvirt's event loop: one thread for the whole run
libvirt.virEventRegisterDefaultImpl()
libvirt.registerErrorHandler(lambda *args: None, None)


def _run_loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=_run_loop, daemon=True).start()


class Recorder:
    """Events as they arrive, one line each, in arrival order."""

    def __init__(self):
        self.lines = []
        self.cond = threading.Condition()

    def callback(self, tag):
        def cb(conn, dom, event, detail, opaque):
            with self.cond:
                self.lines.append(f'{tag}: {dom.name()} id={dom.ID()} event={event} detail={detail}')
                self.cond.notify_all()
        return cb

    def take(self, n):
        """Waits for @n events (and SETTLE s more for extra ones); returns
        what arrived, sorted (two callbacks' order is not the protocol's)."""
        deadline = time.monotonic() + EVENT_TIMEOUT
        with self.cond:
            while len(self.lines) < n and time.monotonic() < deadline:
                self.cond.wait(0.1)
        time.sleep(SETTLE)
        with self.cond:
            got, self.lines = self.lines, []
        return sorted(got) if len(got) == n else sorted(got) + [f'({len(got)} events, {n} expected)']


def uri_of(path):
    return f'test+unix:///default?socket={path}'


def rw_socket(run):
    for name in ('tidemark-sock', 'libvirt-sock'):
        if os.path.exists(os.path.join(run, name)):
            return os.path.join(run, name)
    raise RuntimeError(f'no socket in {run}')


def mark(uri):
    """A connection whose state holds the marker domain: while it is
    seen, the state of an earlier case is alive."""
    m = libvirt.open(uri)
    m.defineXML(MARK_XML)
    return m


def await_fresh(uri):
    """Waits (5 s at most) until test:///default's state is gone with the
    last connection (the daemon sees each EOF on its own time), so the
    next case starts from the same state on both daemons. Returns the
    domains a new connection sees."""
    deadline = time.monotonic() + 5
    while True:
        c = libvirt.open(uri)
        names = sorted(d.name() for d in c.listAllDomains())
        c.close()
        if 'evmark' not in names or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def case_raw(run):
    """316/317 and the 318 packets, byte for byte."""
    path = rw_socket(run)
    out = []
    m = mark(uri_of(path))
    c1 = opened(path)
    serial = 2

    def call(conn, proc, payload):
        nonlocal serial
        conn.send(packet(REMOTE, proc, serial, payload))
        serial += 1
        return conn.read()

    out.append('register all: ' + call(c1, 316, struct.pack('>ii', 0, 0)))
    out.append('register all again: ' + call(c1, 316, struct.pack('>ii', 0, 0)))
    out.append('register id 99: ' + call(c1, 316, struct.pack('>ii', 99, 0)))
    out.append('register id -1: ' + call(c1, 316, struct.pack('>ii', -1, 0)))
    out.append('register test: ' + call(c1, 316, struct.pack('>ii', 0, 1) + DOM_TEST))
    out.append('register job-completed: ' + call(c1, 316, struct.pack('>ii', 21, 0)))
    out.append('deregister 4242: ' + call(c1, 317, struct.pack('>i', 4242)))
    c2 = opened(path)
    for proc, what in ((34, 'suspend'), (28, 'resume')):
        out.append(f'{what}: ' + call(c2, proc, DOM_TEST))
        out.append(f'{what} events: ' + c1.read())
        out.append(f'{what} events: ' + c1.read())
    # the first registration's id, from its reply's payload
    first = int(out[0].split('payload=')[1], 16)
    out.append('deregister all: ' + call(c1, 317, struct.pack('>i', first)))
    out.append('deregister all again: ' + call(c1, 317, struct.pack('>i', first)))
    for proc, what in ((34, 'suspend'), (28, 'resume')):
        out.append(f'{what}: ' + call(c2, proc, DOM_TEST))
        out.append(f'{what} event: ' + c1.read())
    # nothing more may come: the unfiltered callback is gone
    c1.s.settimeout(SETTLE)
    out.append('then: ' + c1.read())
    c1.close()
    c2.close()
    m.close()
    out.append('afterwards: ' + ','.join(await_fresh(uri_of(path))))
    return out


def case_filters(run):
    """Callbacks with and without a domain filter, events from another
    connection, deregistered one by one."""
    uri = uri_of(rw_socket(run))
    rec = Recorder()
    out = []
    m = mark(uri)
    a = libvirt.open(uri)
    b = libvirt.open(uri)
    all_id = a.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                      rec.callback('all'), None)
    test_id = a.domainEventRegisterAny(a.lookupByName('test'), libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                       rec.callback('test'), None)
    out.append(f'ids: {all_id} {test_id}')
    test = b.lookupByName('test')
    guest = b.defineXML(GUEST_XML)
    test.suspend()
    test.resume()
    guest.create()
    guest.destroy()
    guest.undefine()
    out += rec.take(8)
    a.domainEventDeregisterAny(all_id)
    test.suspend()
    test.resume()
    out += rec.take(2)
    a.domainEventDeregisterAny(test_id)
    test.suspend()
    test.resume()
    out += rec.take(0)
    try:
        a.domainEventDeregisterAny(test_id)
    except libvirt.libvirtError as e:
        out.append(f'deregistered twice: code={e.get_error_code()} domain={e.get_error_domain()} '
                   f'{e.get_error_message()}')
    # a domain handle holds its connection open
    del test, guest
    a.close()
    b.close()
    m.close()
    out.append('afterwards: ' + ','.join(await_fresh(uri)))
    return out


def case_readonly(run):
    """A client of the read-only socket registers and gets the events."""
    rw = rw_socket(run)
    ro = rw + '-ro'
    rec = Recorder()
    out = []
    m = mark(uri_of(rw))
    r = libvirt.openReadOnly(uri_of(ro))
    b = libvirt.open(uri_of(rw))
    cid = r.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                   rec.callback('ro'), None)
    test = b.lookupByName('test')
    test.destroy()
    test.create()
    out += rec.take(2)
    r.domainEventDeregisterAny(cid)
    del test
    r.close()
    b.close()
    m.close()
    out.append('afterwards: ' + ','.join(await_fresh(uri_of(rw))))
    return out


KILLED_CLIENT = r'''
import sys, libvirt, threading
libvirt.virEventRegisterDefaultImpl()
c = libvirt.open(sys.argv[1])
c.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, lambda *a: None, None)
c.domainEventRegisterAny(c.lookupByName('test'), libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                         lambda *a: None, None)
print('registered', flush=True)
while True:
    libvirt.virEventRunDefaultImpl()
'''


def case_killed_client(run):
    """A client killed with callbacks registered: the daemon drops them,
    its connection closes, and test:///default's state goes with the
    last connection (the marker domain defined while it lived is gone)."""
    uri = uri_of(rw_socket(run))
    rec = Recorder()
    out = []
    child = subprocess.Popen(['/usr/bin/python3', '-c', KILLED_CLIENT, uri],
                             stdout=subprocess.PIPE, text=True)
    try:
        out.append('child: ' + child.stdout.readline().strip())
        b = mark(uri)
        a = libvirt.open(uri)
        cid = a.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                       rec.callback('a'), None)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    out.append(f'child killed by signal {-child.returncode}')
    # the daemon goes on delivering to the others
    test = b.lookupByName('test')
    test.suspend()
    test.resume()
    out += rec.take(2)
    a.domainEventDeregisterAny(cid)
    del test
    a.close()
    b.close()
    # gone with the killed client's connection: its callbacks did not
    # keep it open
    out.append('a new connection sees: ' + ','.join(await_fresh(uri)))
    return out


CASES = [case_raw, case_filters, case_readonly, case_killed_client]


def own_reopen(run):
    """tidemark's own: a second CONNECT_OPEN fails and drops the open
    connection (as libvirtd does); the client's callbacks, made on that
    connection, are still dropped when the client goes, and the state
    with them. libvirtd leaves them registered (its client close warns
    "Have 1 domain event callbacks but no connection"), the connection
    and test:///default's state with them, so this is not compared with
    it. Returns (passed, detail)."""
    path = rw_socket(run)
    m = mark(uri_of(path))
    c1 = opened(path)
    c1.send(packet(REMOTE, 316, 2, struct.pack('>ii', 0, 0)))
    reg = c1.read()
    c1.send(packet(REMOTE, 1, 3, struct.pack('>I', 1) + xdr_string('test:///default') +
                   struct.pack('>I', 0)))
    again = c1.read()
    c1.close()
    m.close()
    names = await_fresh(uri_of(path))
    ok = 'status=0' in reg and 'connection already open' in again and names == ['test']
    return ok, f'registered: {reg}; second open: {again}; afterwards: {",".join(names)}'


OWN_CASES = [own_reopen]


def main():
    ours, theirs = sys.argv[1], sys.argv[2]
    failed = 0
    for n, case in enumerate(CASES, 1):
        name = case.__name__[5:].replace('_', '-')
        want = case(theirs)
        got = case(ours)
        if want == got:
            print(f'ok {n} - events: {name}')
            for line in got:
                print(f'#  {line}')
            continue
        failed += 1
        print(f'not ok {n} - events: {name}')
        for w, g in zip(want, got):
            if w != g:
                print(f'#  libvirtd:  {w}')
                print(f'#  tidemarkd: {g}')
        if len(want) != len(got):
            print(f'#  {len(want)} lines from libvirtd, {len(got)} from tidemarkd')
    for n, case in enumerate(OWN_CASES, len(CASES) + 1):
        name = case.__name__[4:].replace('_', '-')
        passed, detail = case(ours)
        print(f'{"ok" if passed else "not ok"} {n} - events (tidemarkd only): {name}')
        print(f'#  {detail}')
        failed += not passed
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
