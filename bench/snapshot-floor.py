#!/usr/bin/python3
"""QEMU's own time for what a snapshot create or delete of
bench/qemu-snapshot must make QEMU and qemu-img do.

   bench/snapshot-floor.py WORKDIR ROUNDS

Prints `PHASE MS` lines (the mean over ROUNDS), the floor under any
driver's call, with nothing but the work itself:
- int-off-create / int-off-delete: one `qemu-img snapshot -c` / `-d`
  process on a 64 MiB qcow2 image (a shut-off domain's internal snapshot
  of its one disk);
- ext-create: from a bare QMP client of a running QEMU (KVM when
  /dev/kvm opens, else TCG): the new image's empty file, `blockdev-add`
  of it, `blockdev-create` of the qcow2 over the disk's image (its job
  polled to its end and dismissed), `blockdev-add` of the format node,
  and the `transaction` with `blockdev-snapshot`;
- ext-delete: the merge of the top image into the one under it: an
  active `block-commit`, `job-complete` once ready, `job-dismiss`,
  `blockdev-del` of both nodes, the file removed.
QEMU is stopped by its PID.
"""
import importlib.util
import os
import subprocess
import sys
import time

spec = importlib.util.spec_from_file_location(
    'qmp_floor', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'qmp-floor.py'))
qmp_floor = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qmp_floor)

SIZE = 64 * 1024 * 1024


def timed(label, rounds, fn):
    start = time.perf_counter()
    for i in rounds:
        fn(i)
    print(f'{label} {(time.perf_counter() - start) * 1000 / len(rounds):.3f}', flush=True)


def job_wait(mon, job, want):
    while True:
        for j in mon.call('query-jobs')['return']:
            if j['id'] == job and j['status'] in (want, 'concluded'):
                if j.get('error'):
                    raise RuntimeError(f'{job}: {j["error"]}')
                return j['status']
        time.sleep(0.001)


def main():
    workdir, rounds = sys.argv[1], int(sys.argv[2])
    image = os.path.join(workdir, 'floor.qcow2')
    sock = os.path.join(workdir, 'floor.sock')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', image, '64M'], check=True)

    def img(*args):
        subprocess.run(['qemu-img', 'snapshot', *args, image], check=True)

    timed('int-off-create', range(rounds), lambda i: img('-c', f's{i}'))
    timed('int-off-delete', range(rounds), lambda i: img('-d', f's{i}'))

    with qmp_floor.running_qemu(image, sock, 2) as mon:
        files = {0: image}

        def create(i):
            path = os.path.join(workdir, f'ov{i}.qcow2')
            below = 'fmt' if i == 1 else f'fmt{i - 1}'
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
            mon.call('blockdev-add', driver='file', filename=path, **{'node-name': f'st{i}'})
            mon.call('blockdev-create', **{'job-id': f'create{i}'},
                     options={'driver': 'qcow2', 'file': f'st{i}', 'size': SIZE,
                              'backing-file': files[i - 1], 'backing-fmt': 'qcow2'})
            job_wait(mon, f'create{i}', 'concluded')
            mon.call('job-dismiss', id=f'create{i}')
            mon.call('blockdev-add', driver='qcow2', file=f'st{i}', backing=None,
                     **{'node-name': f'fmt{i}'})
            mon.call('transaction', actions=[{'type': 'blockdev-snapshot',
                                              'data': {'node': below, 'overlay': f'fmt{i}'}}])
            files[i] = path

        def delete(i):
            below = 'fmt' if i == 1 else f'fmt{i - 1}'
            mon.call('block-commit', **{'job-id': f'commit{i}', 'device': f'fmt{i}',
                                        'top-node': f'fmt{i}', 'base-node': below,
                                        'auto-dismiss': False})
            job_wait(mon, f'commit{i}', 'ready')
            mon.call('job-complete', id=f'commit{i}')
            job_wait(mon, f'commit{i}', 'concluded')
            mon.call('job-dismiss', id=f'commit{i}')
            mon.call('blockdev-del', **{'node-name': f'fmt{i}'})
            mon.call('blockdev-del', **{'node-name': f'st{i}'})
            os.unlink(files.pop(i))

        timed('ext-create', range(1, rounds + 1), create)
        timed('ext-delete', range(rounds, 0, -1), delete)


if __name__ == '__main__':
    main()
