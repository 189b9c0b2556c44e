#!/usr/bin/python3
"""Checkpoint semantics, tidemark against libvirt's own qemu driver.

SPDX-License-Identifier: LGPL-2.1-or-later

The same command sequences run through Debian's virsh on libvirt 9.0's
`qemu:///embed?root=LV` and through tidemark on `qemu:///embed?root=TM`,
each sequence inside ONE process of each tool (a later libvirt process
does not always see what an earlier one did: tests/README.md). Both
work on the same image paths: before each tool's turn its own copies of
the images are moved into place, so paths, sizes and bitmaps are the
same in both outputs. The domain XML gives the uuid.

Each command is preceded by `echo @@@ N`; the merged stdout+stderr of
each tool is split at those lines, masked (creation times and dates,
the id of a QMP reply: nothing else) and compared command by command:
one TAP line each, with a diff when they differ. The exit code of each
process is compared too.

Usage: libvirt-compare.py TIDEMARK-BINARY SOURCE-ROOT (TAP on stdout)
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemutest  # noqa: E402
from qemutest import MIB, KIB, hmp_write  # noqa: E402

MARK = '@@@'


class Images:
    """The images both tools use, at one set of paths; each tool keeps
    its own copies between sequences."""

    def __init__(self, t, specs):
        self.t = t
        self.specs = specs                  # name -> format
        self.current = None

    def path(self, name):
        return self.t.path(name)

    def use(self, tool):
        if self.current:
            for name in self.specs:
                shutil.move(self.path(name), self.path(f'{self.current}.{name}'))
        for name, fmt in self.specs.items():
            stash = self.path(f'{tool}.{name}')
            if os.path.exists(stash):
                shutil.move(stash, self.path(name))
            else:
                self.t.disk(name, 64 * MIB, fmt)
        self.current = tool


def stash(t, tool, names):
    """Moves the files @names a tool's turn made (in the work dir) out of
    the way of the next tool's turn, to TOOL.NAME."""
    for n in names:
        if os.path.exists(t.path(n)):
            shutil.move(t.path(n), t.path(f'{tool}.{n}'))


def drop_stashed(t, names):
    """Removes what stash() kept of both tools' turns."""
    for tool in ('libvirt', 'tidemark'):
        for n in names:
            if os.path.exists(t.path(f'{tool}.{n}')):
                os.unlink(t.path(f'{tool}.{n}'))


def two_disk_domain(t, lv_name, tm_name, a, b, xml):
    """A libvirt and a tidemark root, images @a and @b (qcow2) at one set
    of paths, and domain 'vm' on them written to @xml: (lv, tm, images,
    a path, b path, xml path)."""
    lv = t.libvirt_root(lv_name)
    tm = t.root(tm_name)
    images = Images(t, {a: 'qcow2', b: 'qcow2'})
    pa, pb = images.path(a), images.path(b)
    dom = write_file(t, xml, qemutest.domain_xml('vm', [('vda', pa), ('vdb', pb)]))
    return lv, tm, images, pa, pb, dom


def write_file(t, name, text):
    path = t.path(name)
    with open(path, 'w') as f:
        f.write(text)
    return path


def split(output):
    """{index: text} of the merged output, at the echo markers."""
    parts = {}
    key = None
    for line in output.splitlines(True):
        m = re.match(rf'^{MARK} ([0-9]+)$', line.rstrip('\n'))
        if m:
            key = int(m.group(1))
            parts[key] = ''
        elif key is not None:
            parts[key] += line
    return parts


def compare(t, images, lv, tm, label, commands, after=None, known=(), before=None,
            mask=None):
    """Runs @commands through each tool (one process each), after
    @before(tool) and then @after(tool, root) if given, and compares. @known: (id, function)
    pairs applied to libvirt's masked output, each turning one
    documented difference (docs/QEMU.md) into what tidemark prints.
    @mask: a function applied to both outputs (what a run may vary in,
    a duration say)."""
    script = '; '.join(f'echo {MARK} {i}; {cmd}' for i, cmd in enumerate(commands))
    results = {}
    for name, root in (('libvirt', lv), ('tidemark', tm)):
        images.use(name)
        if before:
            before(name)
        results[name] = root.run(script, merged=True)
        # kept for a look with TIDEMARK_QEMU_KEEP=1
        write_file(t, f'{label}.{name}.out', results[name].out)
        if after:
            after(name, root)
        # nothing may keep running between sequences: each ends shut off
        for dom, _ in root.pidfiles():
            pid = root.qemu_pid(dom)
            if pid and qemutest._proc_alive(pid):
                t.note(f'{name}: {dom} still running after "{label}": stopping it')
                qemutest.stop_pid(pid)
    ref_text = qemutest.mask(results['libvirt'].out)
    got_text = qemutest.mask(results['tidemark'].out)
    if mask:
        ref_text, got_text = mask(ref_text), mask(got_text)
    for _, fix in known:
        ref_text = fix(ref_text)
    ref = split(ref_text)
    got = split(got_text)
    for i, cmd in enumerate(commands):
        t.same(ref.get(i, '<no output: the sequence ended before>\n'),
               got.get(i, '<no output: the sequence ended before>\n'),
               f'{label}: {cmd}')
    t.eq(results['tidemark'].rc, results['libvirt'].rc, f'{label}: exit code')


def main():
    with qemutest.Tier(sys.argv, needs=['virsh']) as t:
        lv = t.libvirt_root()
        tm = t.root()
        images = Images(t, {'a.qcow2': 'qcow2', 'b.qcow2': 'qcow2', 'r.raw': 'raw'})
        a, b, raw = images.path('a.qcow2'), images.path('b.qcow2'), images.path('r.raw')
        dom = write_file(t, 'vm.xml', qemutest.domain_xml('vm', [('vda', a), ('vdb', b)]))
        rawdom = write_file(t, 'rawvm.xml', qemutest.domain_xml(
            'rawvm', [('vda', raw, 'raw')], uuid='0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d'))
        clash = write_file(t, 'clash.xml', qemutest.domain_xml(
            'vm', [('vda', a)], uuid='11111111-2222-4333-8444-555555555555'))
        mismatch = write_file(t, 'mismatch.xml', (
            "<domaincheckpoint><name>m1</name><disks>"
            "<disk name='vda' checkpoint='bitmap' bitmap='other'/>"
            "</disks></domaincheckpoint>\n"))
        # redefinitions with a fixed creation time: one whose bitmap exists
        # (c9, deleted with --metadata before), one whose bitmap never did
        redef_c9 = write_file(t, 'c9.xml', (
            "<domaincheckpoint><name>c9</name><creationTime>1700000000</creationTime>"
            "<disks><disk name='vda' checkpoint='bitmap' bitmap='c9'/>"
            "<disk name='vdb' checkpoint='bitmap' bitmap='c9'/></disks>"
            "</domaincheckpoint>\n"))
        redef_cx = write_file(t, 'cx.xml', (
            "<domaincheckpoint><name>cx</name><creationTime>1700000100</creationTime>"
            "<disks><disk name='vda' checkpoint='bitmap' bitmap='cx'/></disks>"
            "</domaincheckpoint>\n"))
        # a redefinition carrying its <domain> (as written by a user: the
        # driver's defaults are filled in), and two bad disk lists
        redef_cd = write_file(t, 'cd.xml', (
            "<domaincheckpoint><name>cd</name><creationTime>1700000200</creationTime>"
            "<disks><disk name='vda' checkpoint='bitmap' bitmap='cd'/></disks>\n"
            + qemutest.domain_xml('vm', [('vda', a), ('vdb', b)]) +
            "</domaincheckpoint>\n"))
        nodisk = write_file(t, 'nodisk.xml', (
            "<domaincheckpoint><name>nd</name><disks>"
            "<disk name='vdz' checkpoint='bitmap'/></disks></domaincheckpoint>\n"))
        remove_c8 = ("qemu-monitor-command vm '{\"execute\":\"block-dirty-bitmap-remove\","
                     "\"arguments\":{\"node\":\"libvirt-2-format\",\"name\":\"c8\"}}'")

        smoke = qemutest.smoke()
        first = [
            f'define {dom}',
            f'define {rawdom}',
            'checkpoint-create-as vm c0',
            # paused, the guest firmware has not touched the disks yet:
            # 'info block' (node names, qdev paths, cache mode) is stable
            'start vm --paused',
            'domstate vm --reason',
            "qemu-monitor-command vm --hmp 'info block'",
            "qemu-monitor-command vm --hmp 'info status'",
            'destroy vm',
            'domstate vm --reason',
            'start vm',
            'domstate vm --reason',
            'list --all',
            'domblklist vm',
            'domblklist vm --details',
            'domblklist vm --inactive',
            'qemu-monitor-command vm query-status',
            "qemu-monitor-command vm --pretty '{\"execute\":\"query-status\"}'",
            "qemu-monitor-command vm --hmp 'info status'",
            "checkpoint-create-as vm c1 --description 'the first one'",
            hmp_write(0, 0, MIB),
            'checkpoint-create-as vm c2',
            hmp_write(0, 2 * MIB, 64 * KIB),
            hmp_write(1, 4 * MIB, 128 * KIB),
            'checkpoint-create-as vm c3 --diskspec vda --diskspec vdb,checkpoint=no',
            hmp_write(0, 8 * MIB, 192 * KIB),
            'checkpoint-create-as vm c4 --diskspec vdb,checkpoint=no',
            'checkpoint-create-as vm c2',
            f'checkpoint-create vm {mismatch}',
            'checkpoint-list vm',
            'checkpoint-list vm --tree',
            'checkpoint-list vm --roots',
            'checkpoint-list vm --leaves',
            'checkpoint-list vm --no-leaves',
            'checkpoint-list vm --parent',
            'checkpoint-list vm --topological',
            'checkpoint-list vm --name',
            'checkpoint-list vm --from c2 --descendants',
            'checkpoint-info vm c1',
            'checkpoint-info vm c4',
            'checkpoint-parent vm c2',
            'checkpoint-parent vm c1',
            'checkpoint-dumpxml vm c1 --no-domain',
            'checkpoint-dumpxml vm c1 --no-domain --size',
            'checkpoint-dumpxml vm c2 --no-domain --size',
            'checkpoint-dumpxml vm c3 --no-domain --size',
            'checkpoint-dumpxml vm c4 --no-domain --size',
            'checkpoint-dumpxml vm c2 --size',
            'start rawvm',
            'checkpoint-create-as rawvm r1',
            'destroy rawvm',
            'destroy vm',
            'domstate vm --reason',
            'list --all',
            'checkpoint-create-as vm c5',
            'checkpoint-delete vm c2',
            'checkpoint-dumpxml vm c1 --no-domain --size',
            'checkpoint-list vm --parent',
        ]
        compare(t, images, lv, tm, 'create', first)
        if smoke:
            return

        second = [
            'checkpoint-list vm --parent',
            'domstate vm --reason',
            'start vm',
            'checkpoint-dumpxml vm c1 --no-domain --size',
            hmp_write(1, 16 * MIB, 64 * KIB),
            'checkpoint-dumpxml vm c2 --no-domain --size',
            'checkpoint-delete vm c2',
            'checkpoint-list vm --parent',
            'checkpoint-dumpxml vm c3 --no-domain',
            'checkpoint-delete vm c1 --children-only',
            'checkpoint-list vm --tree',
            'checkpoint-create-as vm c5',
            'checkpoint-create-as vm c6',
            'checkpoint-create-as vm c7',
            'checkpoint-delete vm c6 --children',
            'checkpoint-list vm --parent',
            'checkpoint-delete vm c5 --metadata',
            'checkpoint-list vm --parent',
            'checkpoint-create-as vm c8',
            'checkpoint-create-as vm c9',
            'checkpoint-delete vm c9 --metadata',
            f'checkpoint-create vm {redef_c9} --redefine --redefine-validate',
            'checkpoint-list vm --parent',
            f'checkpoint-create vm {redef_c9} --redefine',
            'checkpoint-dumpxml vm c9 --no-domain --size',
            f'checkpoint-create vm {redef_cx} --redefine --redefine-validate',
            f'checkpoint-create vm {redef_cx} --redefine',
            'checkpoint-dumpxml vm cx --no-domain --size',
            'checkpoint-delete vm cx',
            'checkpoint-delete vm cx --metadata',
            remove_c8,
            'checkpoint-dumpxml vm c8 --no-domain --size',
            f'checkpoint-create vm {redef_c9} --redefine --redefine-validate',
            'checkpoint-delete vm c8',
            'checkpoint-list vm --parent',
            f'checkpoint-create vm {nodisk}',
            'checkpoint-create-as vm dd --diskspec vda --diskspec vda',
            'checkpoint-create-as vm dd --diskspec vda --diskspec vdb --diskspec vdc',
            f'checkpoint-create vm {redef_cd} --redefine',
            'checkpoint-dumpxml vm cd',
            'checkpoint-delete vm cd --metadata',
            f'define {clash}',
            'destroy vm',
            'undefine vm',
        ]
        compare(t, images, lv, tm, 'delete and redefine', second)

        third = [
            'list --all',
            'dominfo vm',
            'checkpoint-list vm --parent',
            'undefine vm --checkpoints-metadata',
            'undefine rawvm',
            'list --all',
        ]
        compare(t, images, lv, tm, 'a new process', third)

        # QEMU killed (SIGKILL, by its PID) between two processes: what
        # the next process sees, and what the checkpoints are then worth
        # (the facts: every bitmap QEMU had open is left in-use, one added
        # in the killed run is gone)
        kimages = Images(t, {'k.qcow2': 'qcow2'})
        kdom = write_file(t, 'kvm.xml', qemutest.domain_xml('vm', [('vda', kimages.path('k.qcow2'))]))

        def kill_qemu(tool, root):
            pid = root.qemu_pid('vm')
            if t.ok(pid and qemutest._proc_alive(pid), f'{tool}: QEMU runs before the kill'):
                qemutest.kill_pid(pid)

        fourth = [
            f'define {kdom}',
            'start vm',
            'checkpoint-create-as vm c1',
            hmp_write(0, 0, MIB),
            'destroy vm',
            'start vm',
            'checkpoint-create-as vm c2',
            hmp_write(0, 4 * MIB, MIB),
            'checkpoint-dumpxml vm c1 --no-domain --size',
        ]
        compare(t, kimages, lv, tm, 'before a QEMU crash', fourth, after=kill_qemu)
        fifth = [
            'checkpoint-list vm --parent',
            # libvirt re-attaches in a thread of its own: before a call that
            # takes the domain's job has waited for it, domstate may still
            # say running (tidemark re-attaches before the open returns)
            'checkpoint-dumpxml vm c1 --no-domain --size',
            'domstate vm --reason',
            'list --all',
            'start vm',
            'checkpoint-dumpxml vm c1 --no-domain --size',
            'checkpoint-dumpxml vm c2 --no-domain --size',
            f'checkpoint-create vm {redef_c9} --redefine --redefine-validate',
            'checkpoint-create-as vm c3',
            hmp_write(0, 8 * MIB, MIB),
            'checkpoint-dumpxml vm c3 --no-domain --size',
            'checkpoint-delete vm c2',
            'checkpoint-delete vm c1',
            'checkpoint-list vm --parent',
            'destroy vm',
            'undefine vm --checkpoints-metadata',
        ]
        compare(t, kimages, lv, tm, 'after a QEMU crash', fifth)

        # lifecycle around checkpoints: a guest that ignores the power
        # button (no OS: the firmware has no ACPI handler), a running
        # domain undefined with a checkpoint, lookups that fail
        sixth = [
            f'define {kdom}',
            'start vm',
            'checkpoint-create-as vm c1',
            'checkpoint-info vm nosuch',
            'checkpoint-dumpxml vm nosuch',
            'checkpoint-delete vm nosuch',
            'checkpoint-list nosuch',
            'shutdown vm',
            'domstate vm --reason',
            'undefine vm',
            'undefine vm --checkpoints-metadata',
            'list --all',
            'checkpoint-list vm',
            'destroy vm --graceful',
            'domstate vm --reason',
            'list --all',
        ]
        compare(t, kimages, lv, tm, 'lifecycle', sixth)

        # other buses: SATA, SCSI (virtio-scsi), an empty IDE cdrom; guest
        # writes through each device's own qdev path
        bimages = Images(t, {'s.qcow2': 'qcow2', 'q.qcow2': 'qcow2'})
        busdom = write_file(t, 'busvm.xml', f'''<domain type='qemu'>
  <name>busvm</name>
  <uuid>2b3c4d5e-6f70-4182-9a3b-4c5d6e7f8091</uuid>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{bimages.path("s.qcow2")}'/>
      <target dev='sda' bus='sata'/>
    </disk>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{bimages.path("q.qcow2")}'/>
      <target dev='sdb' bus='scsi'/>
    </disk>
    <disk type='file' device='cdrom'>
      <target dev='hdc' bus='ide'/>
    </disk>
    <controller type='scsi' model='virtio-scsi'/>
  </devices>
</domain>
''')

        def hmp(qdev, offset, length):
            return (f"qemu-monitor-command busvm --hmp 'qemu-io -d {qdev} "
                    f"\"write -P 0x5a {offset} {length}\"'")
        seventh = [
            f'define {busdom}',
            'start busvm --paused',
            "qemu-monitor-command busvm --hmp 'info block'",
            'destroy busvm',
            'start busvm',
            'domblklist busvm --details',
            'checkpoint-create-as busvm b1',
            hmp('/machine/peripheral/sata0-0-0', 0, MIB),
            hmp('/machine/peripheral/scsi0-0-0-1', 2 * MIB, 64 * KIB),
            'checkpoint-dumpxml busvm b1 --no-domain --size',
            'checkpoint-create-as busvm b2 --diskspec hdc,checkpoint=bitmap',
            'checkpoint-create-as busvm b2 --diskspec sdb',
            'checkpoint-dumpxml busvm b2 --no-domain --size',
            'destroy busvm',
            'undefine busvm --checkpoints-metadata',
        ]
        compare(t, bimages, lv, tm, 'other buses', seventh)


if __name__ == '__main__':
    main()
