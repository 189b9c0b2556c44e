#!/usr/bin/python3
"""tests/daemon/wire.py: raw protocol exchanges, tidemarkd against libvirtd

  wire.py TIDEMARKD_SOCKET_DIR LIBVIRTD_SOCKET_DIR

Sends the same packets, byte for byte, to tidemarkd and to Debian's
libvirtd (both already running on temporary sockets: virsh-interop.sh's
helpers start them) and compares what comes back, decoded to text: the
header of every reply, its result bytes or its error (code, domain,
message, level, str1-3, int1-2), and whether the daemon closed the
connection. What no virsh command line reaches is checked here: calls
before CONNECT_OPEN, a second CONNECT_OPEN, unknown programs and
procedures, a CALL with a bad status, keepalive PING, several calls in
flight on one connection, undecodable arguments, and length words
beyond libvirt's cap, truncated packets and garbage (after which the
daemon must still serve a new client). And, through python3-libvirt,
test:///default's state: shared by all open connections, gone with the
last of them. TAP lines on stdout, without the plan: wire.sh adds its
own check and the plan.
"""
import os
import socket
import struct
import sys

REMOTE, QEMU, KEEPALIVE = 0x20008086, 0x20008087, 0x6b656570
CALL, REPLY, MESSAGE = 0, 1, 2


def xdr_string(s):
    b = s.encode()
    return struct.pack('>I', len(b)) + b + b'\0' * (-len(b) % 4)


def packet(prog, proc, serial, payload=b'', vers=1, type_=CALL, status=0):
    body = struct.pack('>IIiIII', prog, vers, proc, type_, serial, status) + payload
    return struct.pack('>I', len(body) + 4) + body


def open_args(uri, flags=0):
    return struct.pack('>I', 1) + xdr_string(uri) + struct.pack('>I', flags)


class Conn:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.s.settimeout(10)
        self.s.connect(path)

    def send(self, data):
        self.s.sendall(data)

    def recv_exact(self, n):
        buf = b''
        while len(buf) < n:
            chunk = self.s.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def read(self):
        """One packet decoded to a line of text, or 'EOF'/'TIMEOUT'."""
        try:
            head = self.recv_exact(4)
            if head is None:
                return 'EOF'
            (length,) = struct.unpack('>I', head)
            body = self.recv_exact(length - 4)
            if body is None:
                return 'EOF (mid-packet)'
        except socket.timeout:
            return 'TIMEOUT'
        except ConnectionResetError:
            return 'EOF (reset)'
        prog, vers, proc, type_, serial, status = struct.unpack('>IIiIII', body[:24])
        line = f'prog={prog:#x} vers={vers} proc={proc} type={type_} serial={serial} status={status}'
        payload = body[24:]
        if status == 1:
            line += ' error ' + decode_error(payload)
        else:
            line += ' payload=' + payload.hex()
        return line

    def close(self):
        self.s.close()


def decode_error(p):
    off = 0

    def u32():
        nonlocal off
        (v,) = struct.unpack('>i', p[off:off + 4])
        off += 4
        return v

    def opt_string():
        nonlocal off
        if not u32():
            return None
        n = u32()
        s = p[off:off + n].decode()
        off += n + (-n % 4)
        return s

    code, domain = u32(), u32()
    message = opt_string()
    level = u32()
    dom = u32()
    str1, str2, str3 = opt_string(), opt_string(), opt_string()
    int1, int2 = u32(), u32()
    net = u32()
    return (f'code={code} domain={domain} level={level} message={message!r} '
            f'str1={str1!r} str2={str2!r} str3={str3!r} int1={int1} int2={int2} '
            f'dom={dom} net={net} trailing={len(p) - off}')


def opened(path, ro=False):
    c = Conn(path)
    c.send(packet(REMOTE, 66, 0))
    c.read()
    c.send(packet(REMOTE, 1, 1, open_args('test:///default')))
    c.read()
    return c


LOOKUP_TEST = xdr_string('test')


def case_before_open(path):
    c = Conn(path)
    out = []
    for proc, serial, payload in ((66, 0, b''), (60, 1, struct.pack('>i', 10)),
                                  (23, 2, LOOKUP_TEST), (60, 3, struct.pack('>i', 14)),
                                  (2, 4, b'')):
        c.send(packet(REMOTE, proc, serial, payload))
        out.append(c.read())
    return out


def case_open_twice(path):
    c = opened(path)
    c.send(packet(REMOTE, 1, 2, open_args('test:///default')))
    out = [c.read()]
    c.send(packet(REMOTE, 23, 3, LOOKUP_TEST))
    out.append(c.read())
    return out


def case_unknown(path):
    c = opened(path)
    out = []
    for pkt in (packet(REMOTE, 9999, 5), packet(REMOTE, 23, 6, LOOKUP_TEST, vers=2),
                packet(0x12345678, 1, 7), packet(QEMU, 99, 8),
                packet(REMOTE, 23, 9, LOOKUP_TEST, status=1)):
        c.send(pkt)
        out.append(c.read())
    return out


def case_keepalive(path):
    c = opened(path)
    c.send(packet(KEEPALIVE, 1, 0, type_=MESSAGE))
    out = [c.read()]
    # a PONG is never answered: the next packet is the lookup's reply
    c.send(packet(KEEPALIVE, 2, 0, type_=MESSAGE) + packet(REMOTE, 23, 3, LOOKUP_TEST))
    out.append(c.read())
    return out


def case_in_flight(path):
    """Eight calls in one write; replies matched by serial, as clients do."""
    c = opened(path)
    calls = b''.join(packet(REMOTE, 23, 100 + i, LOOKUP_TEST if i % 2 else xdr_string('nope'))
                     for i in range(8))
    c.send(calls)
    return sorted(c.read() for _ in range(8))


def case_bad_payload(path):
    c = opened(path)
    out = []
    # a string whose length runs past the packet; then nothing at all
    c.send(packet(REMOTE, 23, 2, struct.pack('>I', 1000) + b'abc\0'))
    out.append(c.read())
    c.send(packet(REMOTE, 23, 3))
    out.append(c.read())
    # the connection still serves
    c.send(packet(REMOTE, 23, 4, LOOKUP_TEST))
    out.append(c.read())
    return out


def case_hostile(path):
    out = []
    for what, data in (
            ('length over the cap', struct.pack('>I', 33554432 + 4 + 1) + b'x' * 64),
            ('4 GiB length word', b'\xff\xff\xff\xff'),
            ('length below a header', struct.pack('>I', 20) + b'\0' * 16),
            ('garbage', bytes(range(256)) * 4)):
        c = Conn(path)
        c.send(data)
        out.append(f'{what}: {c.read()}')
        c.close()
    # truncated packets, then the client goes away mid-call
    for data in (packet(REMOTE, 66, 0)[:10], packet(REMOTE, 1, 1, open_args('test:///default'))[:-3]):
        c = Conn(path)
        c.send(data)
        c.close()
    c = opened(path)
    c.send(packet(REMOTE, 23, 2, LOOKUP_TEST))
    out.append('a new client after all that: ' + c.read())
    return out


def case_shared_state(path):
    """test:///default through python3-libvirt: one state for all open
    connections, dropped with the last of them, as libvirtd keeps it."""
    import libvirt
    uri = f'test+unix:///default?socket={path}'
    out = []
    a = libvirt.open(uri)
    b = libvirt.open(uri)
    a.lookupByName('test').checkpointCreateXML('<domaincheckpoint><name>c1</name></domaincheckpoint>')
    out.append('b sees: ' + ','.join(c.getName() for c in b.lookupByName('test').listAllCheckpoints()))
    a.close()
    out.append('b after a closed: ' + ','.join(c.getName() for c in b.lookupByName('test').listAllCheckpoints()))
    b.close()
    c = libvirt.open(uri)
    out.append('a new connection: ' + ','.join(c.getName() for c in c.lookupByName('test').listAllCheckpoints()))
    try:
        c.lookupByName('test').checkpointLookupByName('c1')
    except libvirt.libvirtError as e:
        out.append(f'c1: code={e.get_error_code()} domain={e.get_error_domain()} {e.get_error_message()}')
    c.close()
    return out


CASES = [case_shared_state, case_before_open, case_open_twice, case_unknown, case_keepalive,
         case_in_flight, case_bad_payload, case_hostile]


def main():
    ours = os.path.join(sys.argv[1], 'tidemark-sock')
    theirs = os.path.join(sys.argv[2], 'libvirt-sock')
    failed = 0
    for n, case in enumerate(CASES, 1):
        name = case.__name__[5:].replace('_', '-')
        want = case(theirs)
        got = case(ours)
        if want == got:
            print(f'ok {n} - {name}')
            continue
        failed += 1
        print(f'not ok {n} - {name}')
        for w, g in zip(want, got):
            if w != g:
                print(f'#  libvirtd:  {w}')
                print(f'#  tidemarkd: {g}')
        if len(want) != len(got):
            print(f'#  {len(want)} lines from libvirtd, {len(got)} from tidemarkd')
    # the plan is wire.sh's: it adds the daemon's own exit check
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
