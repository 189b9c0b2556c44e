#!/usr/bin/python3
"""Records the QMP documents the fake monitor of test-qemu-monitor plays,
from the real qemu-system-x86_64 (QEMU 7.2 on Debian 12).

  record.py           rewrite NAME.json beside this script
  record.py --check   compare them with what QEMU says now (TAP)

Each file is one document as QEMU sent it, less the "id" of replies and
with event timestamps zeroed. The QEMU process lives in a temp dir and
is stopped by its PID."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_qemu(tmp):
    disk = os.path.join(tmp, 'd.qcow2')
    sock = os.path.join(tmp, 'qmp.sock')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', disk, '64M'], check=True)
    proc = subprocess.Popen(
        ['qemu-system-x86_64', '-nodefaults', '-display', 'none',
         '-machine', 'pc,accel=' + os.environ.get('TIDEMARK_TEST_ACCEL', 'kvm:tcg'),
         '-m', '128', '-qmp', f'unix:{sock},server=on,wait=off',
         '-blockdev', f'driver=file,filename={disk},node-name=f0',
         '-blockdev', 'driver=qcow2,file=f0,node-name=q0',
         '-device', 'virtio-blk-pci,drive=q0,id=vda'],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(500):
        if os.path.exists(sock):
            break
        time.sleep(0.01)
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    return proc, s.makefile('rw')


def record():
    docs = {}
    with tempfile.TemporaryDirectory() as tmp:
        proc, f = run_qemu(tmp)
        try:
            def read():
                d = json.loads(f.readline())
                d.pop('id', None)
                if 'timestamp' in d:
                    d['timestamp'] = {'seconds': 0, 'microseconds': 0}
                return d

            def cmd(name, args=None):
                c = {'execute': name, 'id': 'rec'}
                if args is not None:
                    c['arguments'] = args
                f.write(json.dumps(c) + '\n')
                f.flush()
                while True:
                    d = read()
                    if 'event' in d:
                        docs['event-' + d['event'].lower()] = d
                        continue
                    return d

            docs['greeting'] = read()
            docs['return-empty'] = cmd('qmp_capabilities')
            docs['query-kvm'] = cmd('query-kvm')
            add = {'actions': [{'type': 'block-dirty-bitmap-add',
                                'data': {'node': 'q0', 'name': 'c1', 'persistent': True}}]}
            cmd('transaction', add)
            docs['error-bitmap-exists'] = cmd('transaction', add)
            docs['error-command-not-found'] = cmd('nosuch')
            cmd('stop')
            cmd('quit')
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    # The accelerator is a property of the machine, not of the protocol.
    docs['query-kvm']['return']['enabled'] = False
    return docs


def main():
    docs = record()
    names = ['greeting', 'return-empty', 'query-kvm', 'event-stop',
             'error-bitmap-exists', 'error-command-not-found']
    if '--check' not in sys.argv:
        for n in names:
            with open(os.path.join(HERE, n + '.json'), 'w') as out:
                out.write(json.dumps(docs[n]) + '\n')
        return 0
    failed = 0
    print(f'1..{len(names)}')
    for i, n in enumerate(names, 1):
        with open(os.path.join(HERE, n + '.json')) as inp:
            want = json.load(inp)
        ok = docs.get(n) == want
        failed += not ok
        print(f"{'ok' if ok else 'not ok'} {i} - recorded {n}.json is what QEMU sends")
        if not ok:
            print(f'# now: {json.dumps(docs.get(n))}')
    return 1 if failed else 0


sys.exit(main())
