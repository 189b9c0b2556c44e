"""The two qemu drivers side by side, for compare.py.

libvirt's embedded qemu driver runs in this process (python3-libvirt):
one root for the whole script, since a fresh root costs seconds of
capability probing. tidemark's runs through its CLI, one process per
step. Both roots live in one scratch directory; every QEMU started under
them is killed by the PID in its pid file when the script ends, however
it ends.
"""

import atexit
import os
import shlex
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading

import libvirt
import libvirt_qemu

QEMU_CONF = ('stdio_handler = "file"\nsecurity_driver = "none"\n'
             'user = "root"\ngroup = "root"\n')
QUERY_STATUS = '{"execute":"query-status"}'


class Scratch:
    """The scratch directory: images, the roots, and the QEMU cleanup."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='tm-qemuargv-')
        self.images = os.path.join(self.dir, 'images')
        self.roots = []
        atexit.register(self.cleanup)
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(1))
        signal.signal(signal.SIGINT, lambda *a: sys.exit(1))

    def root(self, name):
        root = os.path.join(self.dir, name)
        os.makedirs(os.path.join(root, 'etc'))
        with open(os.path.join(root, 'etc', 'qemu.conf'), 'w') as f:
            f.write(QEMU_CONF)
        self.roots.append(root)
        return root

    def make_images(self):
        os.makedirs(self.images)
        for name, fmt in (('a.qcow2', 'qcow2'), ('c.qcow2', 'qcow2'), ('b.raw', 'raw'),
                          ('cd.iso', 'raw')):
            subprocess.run(['qemu-img', 'create', '-q', '-f', fmt,
                            os.path.join(self.images, name), '16M'], check=True)
        self._make_kernel(os.path.join(self.images, 'vmlinuz'))
        with open(os.path.join(self.images, 'initrd.img'), 'wb') as f:
            f.write(b'\0' * 4096)

    @staticmethod
    def _make_kernel(path):
        """A file QEMU loads as a Linux kernel (boot protocol 2.02, loaded
        high): direct kernel boot needs QEMU to accept it, not to run it."""
        image = bytearray(8192)
        image[0x1f1] = 4                                  # setup sectors
        image[0x202:0x206] = b'HdrS'
        image[0x206:0x208] = struct.pack('<H', 0x0202)    # protocol
        image[0x211] = 0x01                               # LOADED_HIGH
        with open(path, 'wb') as f:
            f.write(image)

    def pid_files(self):
        found = []
        for root in self.roots:
            run = os.path.join(root, 'run')
            if not os.path.isdir(run):
                continue
            libvirt_run = os.path.join(run, 'qemu')
            if os.path.isfile(os.path.join(libvirt_run, 'driver.pid')):
                found += [os.path.join(libvirt_run, f) for f in os.listdir(libvirt_run)
                          if f.endswith('.pid') and f != 'driver.pid']
            else:
                found += [os.path.join(run, d, 'qemu.pid') for d in os.listdir(run)]
        return [f for f in found if os.path.isfile(f)]

    def kill_qemus(self):
        """Kills the QEMU of every pid file under the roots, by PID, after
        checking that the PID is a QEMU started on this scratch directory."""
        for path in self.pid_files():
            try:
                with open(path) as f:
                    pid = int(f.read().strip())
                with open('/proc/%d/cmdline' % pid, 'rb') as f:
                    cmdline = f.read()
            except (OSError, ValueError):
                continue
            if b'qemu' in cmdline and self.dir.encode() in cmdline:
                print('# killing QEMU %d of %s' % (pid, path))
                os.kill(pid, signal.SIGKILL)

    def cleanup(self):
        self.kill_qemus()
        if not os.environ.get('TM_QEMUARGV_KEEP'):
            shutil.rmtree(self.dir, ignore_errors=True)


class Libvirt:
    """libvirt 9.0's embedded qemu driver, in this process."""

    def __init__(self, root):
        self.root = root
        libvirt.virEventRegisterDefaultImpl()
        threading.Thread(target=self._loop, daemon=True).start()
        libvirt.registerErrorHandler(lambda *a: None, None)
        self.conn = libvirt.open('qemu:///embed?root=' + root)

    @staticmethod
    def _loop():
        while True:
            libvirt.virEventRunDefaultImpl()

    @staticmethod
    def _call(fn, *args):
        try:
            return True, fn(*args)
        except libvirt.libvirtError as e:
            return False, e.get_error_message()

    def define(self, xml):
        ok, res = self._call(self.conn.defineXML, xml)
        return ok, (None if ok else res)

    def dumpxml(self, name, secure=False):
        flags = libvirt.VIR_DOMAIN_XML_INACTIVE
        if secure:
            flags |= libvirt.VIR_DOMAIN_XML_SECURE
        return self.conn.lookupByName(name).XMLDesc(flags)

    def argv(self, name):
        """virsh domxml-to-native qemu-argv --domain NAME"""
        dom = self.conn.lookupByName(name)
        return self._call(self.conn.domainXMLToNative, 'qemu-argv', dom.XMLDesc(0), 0)

    def start_query_destroy(self, name):
        """(True, query-status reply, command line started) or (False,
        error, None). The live XML of the run is kept in self.live_xml."""
        dom = self.conn.lookupByName(name)
        self.live_xml = None
        ok, err = self._call(dom.create)
        if not ok:
            return False, err, None
        try:
            ok, res = self._call(libvirt_qemu.qemuMonitorCommand, dom, QUERY_STATUS, 0)
            self.live_xml = dom.XMLDesc(0)
        finally:
            self._call(dom.destroy)
        return ok, res, self.started_argv(name)

    def started_argv(self, name):
        """The last command line of the domain's log, as one string."""
        with open(os.path.join(self.root, 'log', 'qemu', name + '.log')) as f:
            lines = f.read().split('\n')
        start = max(i for i, l in enumerate(lines) if ': starting up ' in l) + 1
        words = []
        for line in lines[start:]:
            words.append(line[:-2] if line.endswith(' \\') else line)
            if not line.endswith(' \\'):
                break
        return ' '.join(words)


class Tidemark:
    """tidemark's embedded qemu driver, through its CLI."""

    def __init__(self, exe, srcroot, root, runtime_dir):
        self.exe = exe
        self.uri = 'qemu:///embed?root=' + root
        self.env = dict(os.environ, TIDEMARK_SCHEMA_DIR=os.path.join(srcroot, 'schemas'),
                        XDG_RUNTIME_DIR=runtime_dir, LC_ALL='C')

    def run(self, command):
        p = subprocess.run([self.exe, '-q', '-c', self.uri, command], env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    @staticmethod
    def message(stderr):
        """The error as virsh prints it ("error: ..."), last line only."""
        lines = [l[len('error: '):] for l in stderr.splitlines() if l.startswith('error: ')]
        return lines[-1] if lines else stderr.strip()

    def define(self, path):
        rc, out, err = self.run('define ' + shlex.quote(path))
        return rc == 0, (None if rc == 0 else self.message(err))

    def dumpxml(self, name, secure=False):
        rc, out, err = self.run('dumpxml --inactive %s%s' % (
            '--security-info ' if secure else '', shlex.quote(name)))
        # virsh ends the output with one empty line
        return out[:-1] if out.endswith('\n\n') else out

    def argv_raw(self, name):
        """(ok, stdout or error) of domxml-to-native qemu-argv."""
        rc, out, err = self.run('domxml-to-native qemu-argv --domain ' + shlex.quote(name))
        return rc == 0, (out if rc == 0 else self.message(err))

    def argv_file(self, path):
        """(ok, stdout or error) of domxml-to-native qemu-argv FILE."""
        rc, out, err = self.run('domxml-to-native qemu-argv ' + shlex.quote(path))
        return rc == 0, (out if rc == 0 else self.message(err))

    def start_query_destroy(self, name):
        """As Libvirt's; the live dumpxml (from a second process, which
        reads it back from the status file) is kept in self.live_xml."""
        q = shlex.quote(name)
        self.live_xml = None
        rc, out, err = self.run('start %s' % q)
        if rc != 0:
            return False, self.message(err)
        rc, out, err = self.run('qemu-monitor-command %s %s' % (q, shlex.quote(QUERY_STATUS)))
        xrc, xout, xerr = self.run('dumpxml %s' % q)
        # virsh ends the output with one empty line
        self.live_xml = xout[:-1] if xrc == 0 and xout.endswith('\n\n') else xout or xerr
        drc, dout, derr = self.run('destroy %s' % q)
        if rc != 0 or drc != 0:
            return False, self.message(err if rc != 0 else derr)
        return True, out.splitlines()[0]
