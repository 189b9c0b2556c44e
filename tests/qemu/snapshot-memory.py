#!/usr/bin/python3
"""External snapshots with the memory state (--memspec), with real QEMU.

SPDX-License-Identifier: LGPL-2.1-or-later

1. Against libvirt 9.0's own qemu:///embed driver (libvirt-compare.py's
   `compare`: one process per tool, the same image and memory file
   paths): snapshot-create-as --memspec of a running domain (its disks
   with it), of a paused one with no disk (snapshot=no), with --live,
   with --halt; the domain's state after each, snapshot-dumpxml, -info,
   -list, domblklist, dumpxml --migratable (running and shut off);
   libvirt's refusals (a memory file in a missing directory, a relative
   path, --disk-only, mixed with an internal disk). Then each memory
   file both tools wrote, field by field: libvirt's save image header
   (magic, version, data_len, was_running, compressed, cookieOffset,
   the unused words), the domain XML and the save cookie in it, QEMU's
   stream after it; and the backing chains both left.
   libvirt's cookie and live XML carry the vCPU as QEMU runs it,
   tidemark's the configured one (the documented `live-cpu`).
2. tidemark alone: a revert to a memory snapshot brings the guest's RAM
   back byte for byte (QMP pmemsave of the first 4 MiB right after the
   snapshot and right after the revert, both paused; a fresh start's RAM
   differs, so the check can fail) and its disks as they were (a guest
   write after the snapshot is not seen, `qemu-io -c 'read -P'`); the
   snapshot's state decides run or pause, --running and --paused
   override; the images left are named. libvirt 9.0's `virsh restore`
   runs a memory file tidemark wrote. A file that is not a whole save
   image is refused before anything changes.
No QEMU and no stray file is left (qemutest's cleanup checks).

Usage: snapshot-memory.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import KIB, chain, hmp_write, qemu_io  # noqa: E402

lc = qemutest.load_libvirt_compare()

MEMORY = ['m1.mem', 'm2.mem', 'm3.mem', 'm4.mem']
OVERLAYS = ['ma.m1', 'mb.m1', 'ma.m3', 'mb.m3', 'ma.m4', 'mb.m4']
HEADER = struct.Struct('=16s5I14I')     # libvirt's virQEMUSaveHeader, 92 bytes

LIVE_CPU = re.compile(r"^( *)<cpu mode='custom' match='exact' check='full'>\n"
                      r"\1  <model fallback='forbid'>(\w+)</model>\n"
                      r"(?:\1  <feature policy='\w+' name='\w+'/>\n)*\1</cpu>\n", re.M)


def live_cpu(text):
    """live-cpu (docs/QEMU.md): libvirt's live XML and save cookie have
    the vCPU as QEMU runs it; tidemark's the configured one (qemu64)."""
    return LIVE_CPU.sub(lambda m: (f"{m.group(1)}<cpu mode='custom' match='exact' "
                                   "check='none'>\n"
                                   f"{m.group(1)}  <model fallback='forbid'>{m.group(2)}"
                                   "</model>\n"
                                   f"{m.group(1)}</cpu>\n"), text)


def header(path):
    """The fields of save image @path, its XML and cookie, and the first
    bytes of the stream after them."""
    with open(path, 'rb') as f:
        data = f.read()
    fields = HEADER.unpack_from(data)
    magic, version, data_len, was_running, compressed, cookie_offset = fields[:6]
    body = data[HEADER.size:HEADER.size + data_len]
    xml = body[:cookie_offset].split(b'\0')[0].decode() if cookie_offset else \
        body.split(b'\0')[0].decode()
    cookie = body[cookie_offset:].split(b'\0')[0].decode() if cookie_offset else None
    return {
        'magic': magic, 'version': version, 'was_running': was_running,
        'compressed': compressed, 'unused': set(fields[6:]),
        'xml+cookie+64KiB': data_len == len(xml) + 1 + (len(cookie) + 1 if cookie else 0) +
        64 * KIB,
        'cookieOffset': cookie_offset == (len(xml) + 1 if cookie else 0),
        'padding zero': set(body[len(xml) + 1 + (len(cookie) + 1 if cookie else 0):]) <= {0},
        'xml': live_cpu(xml), 'cookie': live_cpu(cookie) if cookie else None,
        'stream': data[HEADER.size + data_len:HEADER.size + data_len + 8],
    }


def compared(t):
    lv, tm, images, a, b, dom = lc.two_disk_domain(t, 'lv-mem', 'tm-mem', 'ma.qcow2',
                                                   'mb.qcow2', 'mvm.xml')
    seen = {}

    def after(tool, root):
        seen[tool] = {
            'headers': {n: header(t.path(n)) for n in MEMORY if os.path.exists(t.path(n))},
            'failed snapshot\'s memory file left': os.path.exists(mem['bad']),
            'chains': {n: chain(t.path(n)) for n in OVERLAYS if os.path.exists(t.path(n))},
        }
        lc.stash(t, tool, MEMORY + OVERLAYS)

    mem = {n: t.path(f'{n}.mem') for n in ('m1', 'm2', 'm3', 'm4', 'bad')}
    commands = [
        f'define {dom}',
        'dumpxml vm --migratable',
        'start vm',
        'dumpxml vm --migratable',
        # the memory state and every disk (external by default)
        f'snapshot-create-as vm m1 --memspec file={mem["m1"]}',
        'domstate vm --reason',
        'snapshot-dumpxml vm m1',
        'snapshot-info vm m1',
        'domblklist vm',
        # a paused domain's memory alone
        'suspend vm',
        f'snapshot-create-as vm m2 --memspec file={mem["m2"]},snapshot=external '
        '--diskspec vda,snapshot=no --diskspec vdb,snapshot=no',
        'domstate vm --reason',
        'snapshot-dumpxml vm m2',
        'domblklist vm',
        'resume vm',
        f'snapshot-create-as vm m3 --memspec file={mem["m3"]} --live',
        'domstate vm --reason',
        'snapshot-info vm m3',
        'domblklist vm',
        # refusals
        f'snapshot-create-as vm bad --memspec file={t.path("nodir")}/bad.mem',
        'snapshot-create-as vm bad --memspec file=relative.mem',
        f'snapshot-create-as vm bad --memspec file={mem["bad"]} --disk-only',
        f'snapshot-create-as vm bad --memspec file={mem["bad"]} '
        '--diskspec vda,snapshot=internal --diskspec vdb,snapshot=no',
        'domstate vm --reason',
        # the disks fail after the memory state was saved: the memory
        # file goes again, the guest runs on
        f'snapshot-create-as vm bad --memspec file={mem["bad"]} '
        f'--diskspec vda,file={t.path("nodir")}/bad.qcow2 --diskspec vdb,snapshot=no',
        'domstate vm --reason',
        'snapshot-list vm',
        f'snapshot-create-as vm m4 --memspec file={mem["m4"]} --halt',
        'domstate vm --reason',
        'domblklist vm',
        'dumpxml vm --inactive',
        'snapshot-list vm --tree',
        'snapshot-list vm --external',
        'snapshot-current vm --name',
        'snapshot-delete vm m4 --metadata',
        'snapshot-delete vm m3 --metadata',
        'snapshot-delete vm m2 --metadata',
        'snapshot-delete vm m1 --metadata',
        'undefine vm',
    ]
    lc.compare(t, images, lv, tm, 'memory', commands, after=after,
               known=[('live-cpu', live_cpu)])
    for name in MEMORY:
        ref = seen['libvirt']['headers'].get(name)
        got = seen['tidemark']['headers'].get(name)
        t.ok(ref is not None and got is not None, f'{name}: written by both tools')
        if ref is None or got is None:
            continue
        for field in ref:
            t.same(repr(ref[field]) + '\n', repr(got[field]) + '\n', f'{name}: {field}')
    t.eq(seen['tidemark']['chains'], seen['libvirt']['chains'],
         'the images the snapshots made and their chains: the same')
    t.eq((seen['tidemark']['failed snapshot\'s memory file left'],
          seen['libvirt']['failed snapshot\'s memory file left']), (False, False),
         'a snapshot whose disks failed after the memory save leaves no memory file')
    t.eq(sorted(seen['tidemark']['headers']), MEMORY, 'every memory snapshot wrote its file')
    lc.drop_stashed(t, MEMORY + OVERLAYS)


def pmemsave(path):
    return ("qemu-monitor-command vm '{\"execute\":\"pmemsave\",\"arguments\":"
            f"{{\"val\":0,\"size\":{4096 * KIB},\"filename\":\"{path}\"}}}}'")


def same_file(p, q):
    with open(p, 'rb') as f, open(q, 'rb') as g:
        return f.read() == g.read()


def reverts(t):
    r = t.root('tm-mrevert')
    a = t.disk('ra.qcow2', 64 * qemutest.MIB)
    r.define('vm', [('vda', a)])
    mem, snap_ram, rev_ram, fresh_ram = (t.path(n) for n in ('r1.mem', 'ram.snap', 'ram.rev',
                                                             'ram.fresh'))
    res = r.run(f'start vm; {hmp_write(0, 0, 64 * KIB, 0x33)}; suspend vm; '
                f'snapshot-create-as vm r1 --memspec file={mem}; {pmemsave(snap_ram)}; '
                f'resume vm; {hmp_write(0, 0, 64 * KIB, 0x44)}; '
                f'snapshot-revert vm r1; domstate vm --reason; {pmemsave(rev_ram)}; '
                'domblklist vm')
    over = t.path('ra.r1-revert1')
    t.ok(res.rc == 0 and 'paused (from snapshot)' in res.out and over in res.out,
         'revert to the snapshot of a paused domain: paused again, on a new image',
         res.out + res.err)
    t.eq(res.err, f"tidemark: revert of domain 'vm' to snapshot 'r1' leaves image "
         f"'{t.path('ra.r1')}' (not removed)\n", 'the image left is named')
    t.ok(os.path.exists(snap_ram) and same_file(snap_ram, rev_ram),
         'the guest\'s RAM after the revert is the RAM of the snapshot\'s moment, byte for byte')
    res = r.run(f'destroy vm; start vm --paused; {pmemsave(fresh_ram)}; destroy vm')
    t.ok(res.rc == 0 and not same_file(snap_ram, fresh_ram),
         'while a fresh start\'s RAM differs (the check can fail)', res.err)
    t.ok(qemu_io(over, f'read -P 0x33 0 {64 * KIB}'),
         'the disk reads what it held at the snapshot, not the write after it')
    res = r.run('snapshot-revert vm r1 --running; domstate vm --reason; '
                'snapshot-revert vm r1; domstate vm --reason; '
                'destroy vm')
    t.eq(re.findall(r'^(?:running|paused) \(.*\)$', res.out, re.M),
         ['running (from snapshot)', 'paused (from snapshot)'],
         '--running runs it; without it, the snapshot\'s state (paused)')

    # a running domain's snapshot comes back running
    res = r.run(f'start vm; snapshot-create-as vm r2 --memspec file={t.path("r2.mem")}; '
                'destroy vm; snapshot-revert vm r2; domstate vm --reason; '
                'snapshot-revert vm r2 --paused; domstate vm --reason; destroy vm')
    t.eq(re.findall(r'^(?:running|paused) \(.*\)$', res.out, re.M),
         ['running (from snapshot)', 'paused (from snapshot)'],
         'a running domain\'s snapshot runs again; --paused keeps it paused')

    # libvirt runs the memory file tidemark wrote
    lv = t.libvirt_root('lv-restore')
    res = lv.run(f'restore {mem}; domstate vm; destroy vm')
    t.ok(res.rc == 0 and 'Domain restored from' in res.out and 'paused' in res.out,
         'libvirt 9.0\'s virsh restore runs the memory file tidemark wrote', res.out + res.err)

    # not a whole save image: refused before anything changes, the
    # running domain left running
    with open(mem, 'r+b') as f:
        f.write(b'LibvirtQemudPart')
    r.run('start vm')
    before = r.run('domblklist vm').out
    made = sorted(n for n in os.listdir(t.path()) if n.startswith('ra.'))
    res = r.run('snapshot-revert vm r1')
    t.ok(res.rc != 0 and f"save image '{mem}' is incomplete" in res.err,
         'a memory file marked incomplete: the revert is refused', res.out + res.err)
    t.eq((r.run('domstate vm --reason').out.strip(), r.run('domblklist vm').out,
          sorted(n for n in os.listdir(t.path()) if n.startswith('ra.'))),
         ('running (booted)', before, made),
         'nothing changed: still running, the same disks, no image made')
    r.run('destroy vm')
    r.run('snapshot-delete vm r2 --metadata; snapshot-delete vm r1 --metadata; undefine vm')
    t.eq(r.run_files('vm'), [], 'no socket, pid or status file left')
    for n in os.listdir(t.path()):
        if n.startswith('ra.r') or n.endswith('.mem') or n.startswith('ram.'):
            os.unlink(t.path(n))


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        compared(t)
        if not qemutest.smoke():
            reverts(t)


main()
