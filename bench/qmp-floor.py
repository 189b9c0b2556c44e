#!/usr/bin/python3
"""QEMU's own time for the QMP calls a checkpoint create or delete makes.

   bench/qmp-floor.py WORKDIR ROUNDS

Starts one QEMU (KVM when /dev/kvm opens, else TCG) with one 64 MiB qcow2
disk, in WORKDIR, and times each call from a bare socket client that does
nothing else: the floor under any driver's checkpoint create (one
`transaction` adding a bitmap) and delete (one removing it). Prints
`NAME MS` lines, the mean over ROUNDS calls. QEMU is stopped by its PID.
"""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time


def accel():
    try:
        os.close(os.open('/dev/kvm', os.O_RDWR))
        return 'kvm'
    except OSError:
        return 'tcg'


class Monitor:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.rfile = self.sock.makefile('rb')
        self.rfile.readline()             # the greeting
        self.call('qmp_capabilities')

    def call(self, name, **args):
        msg = {'execute': name}
        if args:
            msg['arguments'] = args
        self.sock.sendall(json.dumps(msg).encode() + b'\n')
        while True:
            reply = json.loads(self.rfile.readline())
            if 'event' in reply:
                continue
            if 'error' in reply:
                raise RuntimeError(f'{name}: {reply["error"]}')
            return reply


@contextlib.contextmanager
def running_qemu(image, sock, settle):
    """QEMU on qcow2 @image (node 'fmt' over 'st', a virtio disk), QMP on
    @sock, @settle seconds past the firmware's first steps: yields the
    Monitor; QEMU quits at the end, or is killed by its PID."""
    qemu = subprocess.Popen([
        'qemu-system-x86_64', '-machine', f'pc,accel={accel()}', '-m', '128',
        '-display', 'none', '-nodefaults',
        '-blockdev', json.dumps({'driver': 'file', 'filename': image, 'node-name': 'st'}),
        '-blockdev', json.dumps({'driver': 'qcow2', 'file': 'st', 'node-name': 'fmt'}),
        '-device', 'virtio-blk-pci,drive=fmt,id=disk0',
        '-qmp', f'unix:{sock},server=on,wait=off'])
    try:
        deadline = time.monotonic() + 30
        while not os.path.exists(sock):
            if qemu.poll() is not None or time.monotonic() > deadline:
                raise SystemExit('QEMU did not start')
            time.sleep(0.02)
        mon = Monitor(sock)
        time.sleep(settle)
        yield mon
        mon.call('quit')
        qemu.wait(timeout=30)
    finally:
        if qemu.poll() is None:
            qemu.kill()
            qemu.wait()


def main():
    workdir, rounds = sys.argv[1], int(sys.argv[2])
    image = os.path.join(workdir, 'floor.qcow2')
    sock = os.path.join(workdir, 'floor.sock')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', image, '64M'], check=True)
    with running_qemu(image, sock, 0.5) as mon:
        def timed(label, fn):
            start = time.perf_counter()
            for i in range(rounds):
                fn(i)
            print(f'{label} {(time.perf_counter() - start) * 1000 / rounds:.3f}')

        def action(kind, name, **extra):
            return {'type': kind, 'data': {'node': 'fmt', 'name': name, **extra}}

        timed('query-version', lambda i: mon.call('query-version'))
        timed('transaction-add', lambda i: mon.call('transaction', actions=[
            action('block-dirty-bitmap-add', f'b{i}', persistent=True)]))
        timed('transaction-remove', lambda i: mon.call('transaction', actions=[
            action('block-dirty-bitmap-remove', f'b{i}')]))
        timed('query-named-block-nodes', lambda i: mon.call('query-named-block-nodes',
                                                           flat=True))


if __name__ == '__main__':
    main()
