"""qemutest: what every script of the qemu tier shares.

SPDX-License-Identifier: LGPL-2.1-or-later

A script makes one Tier (a context manager), asks it for roots, disks
and domains, runs tidemark (and, for comparisons, Debian's virsh on
libvirt's own qemu:///embed driver) and reports TAP through it:

    with qemutest.Tier(sys.argv) as t:
        r = t.root('tm')
        a = t.disk('a.qcow2')
        r.define('vm', [('vda', a)])
        r.run('start vm; checkpoint-create-as vm c1; destroy vm')
        t.ok(..., 'what was checked')

Everything lives in one temporary directory. Leaving the `with` block,
normally, on an exception or on SIGTERM/SIGINT (meson's timeout), stops
every QEMU started under that directory by the PID its pid file names
(SIGTERM, then SIGKILL), every helper process the tier spawned, then
checks that no process still names the directory and removes it; a
leftover is one more failing TAP line.

A tier that cannot run (QEMU, qemu-img, qemu-nbd or libnbd missing)
fails with "Bail out!": it never skips.

Environment the scripts honour:
  TIDEMARK_QEMU_SMOKE=1   run only the smoke subset (the sanitized build
                          and the tcg suite set it)
  TIDEMARK_ACCEL=tcg      passed on to tidemark: TCG even where KVM works
  TIDEMARK_QEMU_KEEP=1    keep the temporary directory (QEMUs are still
                          stopped) for a look after a failure
"""
import difflib
import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

MIB = 1024 * 1024
KIB = 1024
GRANULARITY = 64 * KIB        # QEMU's default bitmap granularity

QEMU_CONF = ('stdio_handler = "file"\n'
             'security_driver = "none"\n'
             'user = "root"\n'
             'group = "root"\n')


def smoke():
    """Whether only the smoke subset runs."""
    return os.environ.get('TIDEMARK_QEMU_SMOKE') == '1'


# ---- processes ----

def _proc_alive(pid):
    """A process that exists and is not a zombie."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(')') + 2] not in 'ZX'


def _proc_cmdline(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            return f.read().replace(b'\0', b' ').decode(errors='replace')
    except OSError:
        return ''


def stop_pid(pid, wait=10.0):
    """SIGTERM, then SIGKILL after @wait seconds; True if it had to be
    killed hard. QEMU closes its images (writing persistent bitmaps) on
    SIGTERM, as libvirt relies on."""
    if not _proc_alive(pid):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not _proc_alive(pid):
            return False
        time.sleep(0.02)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    while _proc_alive(pid):
        time.sleep(0.02)
    return True


def kill_pid(pid):
    """SIGKILL, waiting until it is gone (a crash, for crash tests)."""
    os.kill(pid, signal.SIGKILL)
    while _proc_alive(pid):
        time.sleep(0.01)


def processes_naming(path):
    """PIDs of the processes whose command line names @path."""
    found = []
    for entry in os.listdir('/proc'):
        if entry.isdigit() and int(entry) != os.getpid() and \
                path in _proc_cmdline(int(entry)) and _proc_alive(int(entry)):
            found.append(int(entry))
    return found


class _Terminated(Exception):
    pass


def _on_signal(signum, frame):
    raise _Terminated(f'signal {signum}')


# ---- results and TAP ----

class Result:
    """One run of a tool: exit code, stdout, stderr (text)."""

    def __init__(self, rc, out, err):
        self.rc = rc
        self.out = out
        self.err = err

    def __repr__(self):
        return f'<rc={self.rc} out={self.out!r} err={self.err!r}>'


class Tier:
    """The temporary directory of one script, its processes, and TAP."""

    def __init__(self, argv, needs=()):
        self.needs = tuple(needs)       # more programs the script runs
        if len(argv) < 3:
            print(f'Bail out! usage: {argv[0]} TIDEMARK-BINARY SOURCE-ROOT')
            sys.exit(1)
        self.tidemark = os.path.realpath(argv[1])
        self.srcroot = os.path.realpath(argv[2])
        self.count = 0
        self.failed = 0
        self.children = []       # Popen objects of helpers (qemu-nbd)
        self.roots = []
        self.tmp = None
        self.started = time.monotonic()

    # -- TAP --

    def ok(self, cond, name, diag=None):
        """One TAP line; @diag (text) is printed as comments on failure."""
        self.count += 1
        if cond:
            print(f'ok {self.count} - {name}', flush=True)
        else:
            self.failed += 1
            print(f'not ok {self.count} - {name}', flush=True)
            if diag:
                for line in str(diag).rstrip('\n').split('\n'):
                    print(f'# {line}')
        return bool(cond)

    def eq(self, got, want, name):
        """ok() when @got == @want, with both printed otherwise."""
        return self.ok(got == want, name, f'expected: {want!r}\n     got: {got!r}')

    def same(self, ref, got, name, labels=('libvirt', 'tidemark')):
        """ok() when two texts are equal, a unified diff otherwise."""
        diff = ''.join(difflib.unified_diff(
            ref.splitlines(True), got.splitlines(True), labels[0], labels[1]))
        return self.ok(ref == got, name, diff)

    def note(self, text):
        for line in text.rstrip('\n').split('\n'):
            print(f'# {line}', flush=True)

    # -- setup and teardown --

    def __enter__(self):
        signal.signal(signal.SIGTERM, _on_signal)
        signal.signal(signal.SIGINT, _on_signal)
        missing = [p for p in ('qemu-system-x86_64', 'qemu-img', 'qemu-io', 'qemu-nbd')
                   + self.needs if not shutil.which(p)]
        if not os.access(self.tidemark, os.X_OK):
            missing.append(self.tidemark)
        try:
            import nbd  # noqa: F401  (python3-libnbd)
        except ImportError:
            missing.append('python3-libnbd')
        if missing:
            # never a skip: the tier is part of the acceptance
            print(f'Bail out! the qemu tier needs {", ".join(missing)} '
                  '(scripts/deps.sh installs them)')
            sys.exit(1)
        self.tmp = tempfile.mkdtemp(prefix='tidemark-qemu.')
        for sub in ('home', 'tmp', 'xdg'):
            os.mkdir(os.path.join(self.tmp, sub))
        self.env = dict(os.environ)
        for var in ('LIBVIRT_DEFAULT_URI', 'VIRSH_DEFAULT_CONNECT_URI',
                    'TIDEMARK_DEFAULT_CONNECT_URI', 'TIDEMARK_FAULT', 'VIRSH_DEBUG',
                    'TIDEMARK_DEBUG', 'LIBVIRT_LOG_OUTPUTS', 'LIBVIRT_LOG_FILTERS'):
            self.env.pop(var, None)
        self.env.update(HOME=os.path.join(self.tmp, 'home'),
                        TMPDIR=os.path.join(self.tmp, 'tmp'),
                        XDG_RUNTIME_DIR=os.path.join(self.tmp, 'xdg'),
                        XDG_CACHE_HOME=os.path.join(self.tmp, 'home', '.cache'),
                        XDG_CONFIG_HOME=os.path.join(self.tmp, 'home', '.config'),
                        LC_ALL='C.UTF-8', TZ='UTC',
                        TIDEMARK_SCHEMA_DIR=os.path.join(self.srcroot, 'schemas'))
        accel = 'KVM+TCG' if os.access('/dev/kvm', os.R_OK | os.W_OK) else 'TCG (no /dev/kvm)'
        if os.environ.get('TIDEMARK_ACCEL'):
            accel = os.environ['TIDEMARK_ACCEL']
        self.note(f'work dir {self.tmp}; accelerator {accel}'
                  f'{"; smoke subset" if smoke() else ""}')
        return self

    def __exit__(self, etype, evalue, tb):
        if etype is not None and etype is not SystemExit:
            self.ok(False, f'the script ran to its end ({etype.__name__}: {evalue})',
                    ''.join(__import__('traceback').format_exception(etype, evalue, tb)))
        self.cleanup()
        self.note(f'{time.monotonic() - self.started:.1f} s')
        print(f'1..{self.count}', flush=True)
        sys.exit(1 if self.failed else 0)

    def cleanup(self):
        """Stops everything started under the work dir, by PID."""
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for p in self.children:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        for root in self.roots:
            root.stop_all()
        # a QEMU whose pid file is gone (or was never written) still
        # names the work dir on its command line: none may be left
        left = processes_naming(self.tmp)
        for pid in left:
            stop_pid(pid, 2.0)
        self.ok(not left, 'no process left running from the work dir',
                '\n'.join(f'{pid}: {_proc_cmdline(pid)[:300]}' for pid in left))
        if os.environ.get('TIDEMARK_QEMU_KEEP') == '1':
            self.note(f'kept {self.tmp}')
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- things to work with --

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def root(self, name='tm'):
        """A tidemark qemu:///embed root."""
        r = TidemarkRoot(self, self.path(name))
        self.roots.append(r)
        return r

    def libvirt_root(self, name='lv'):
        """A libvirt 9.0 qemu:///embed root (Debian's virsh)."""
        r = LibvirtRoot(self, self.path(name))
        self.roots.append(r)
        return r

    def disk(self, name, size=64 * MIB, fmt='qcow2'):
        """A fresh image in the work dir (replaced if it exists)."""
        path = self.path(name)
        if os.path.exists(path):
            os.unlink(path)
        subprocess.run(['qemu-img', 'create', '-q', '-f', fmt, path, str(size)],
                       check=True, env=self.env)
        return path

    def spawn(self, argv, **kw):
        """A helper process, stopped by cleanup() if still running."""
        p = subprocess.Popen(argv, env=self.env, **kw)
        self.children.append(p)
        return p

    def system_daemon(self, tidemarkd, log='tidemarkd.log'):
        """Root's tidemarkd (inside enter_system_namespace()), its output
        appended to @log in the work dir; waits for SYSTEM_SOCKET.
        Returns the Popen, or None after a failed TAP line."""
        out = open(self.path(log), 'a')
        daemon = self.spawn([tidemarkd], stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
        out.close()
        for _ in range(200):
            if os.path.exists(SYSTEM_SOCKET) or daemon.poll() is not None:
                break
            time.sleep(0.1)
        # the socket of a daemon killed earlier may still be there: it
        # must be this daemon's, which a connect proves
        up = False
        for _ in range(100):
            if daemon.poll() is not None:
                break
            try:
                import socket
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(SYSTEM_SOCKET)
                up = True
                break
            except OSError:
                time.sleep(0.1)
        with open(self.path(log)) as f:
            text = f.read()
        if not self.ok(up, f'tidemarkd (pid {daemon.pid}) serves {SYSTEM_SOCKET}', text):
            return None
        return daemon

    # -- images --

    def image_bitmaps(self, image):
        """{name: {'in-use': bool, 'auto': bool}} of a qcow2 image (-U:
        readable even while QEMU holds it)."""
        out = subprocess.run(['qemu-img', 'info', '-U', '--output=json', image],
                             check=True, capture_output=True, text=True,
                             env=self.env).stdout
        info = json.loads(out)
        bitmaps = info.get('format-specific', {}).get('data', {}).get('bitmaps', [])
        return {b['name']: {'in-use': 'in-use' in b['flags'], 'auto': 'auto' in b['flags']}
                for b in bitmaps}

    def qemu_io_write(self, image, offset, length, pattern=0xbb):
        """A write on a shut-off image, through qemu-io (bitmaps record it)."""
        subprocess.run(['qemu-io', '-f', 'qcow2', '-c',
                        f'write -P {pattern:#x} {offset} {length}', image],
                       check=True, capture_output=True, env=self.env)

    def dirty_extents(self, image, bitmaps):
        """{bitmap: [(offset, length), ...]}: the dirty extents of each
        persistent bitmap of a shut-off qcow2 image, read as
        qemu:dirty-bitmap:NAME over NBD from qemu-nbd (qemu-img map
        cannot see bitmaps). Adjacent extents are merged."""
        import nbd
        sock = self.path(f'nbd-{len(self.children)}.sock')
        argv = ['qemu-nbd', '-r', '-f', 'qcow2', '-k', sock]
        for b in bitmaps:
            argv += ['-B', b]
        p = self.spawn(argv + [image], stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while not os.path.exists(sock):
            if p.poll() is not None:
                raise RuntimeError(f'qemu-nbd failed: {p.stderr.read().decode().strip()}')
            if time.monotonic() > deadline:
                raise RuntimeError('qemu-nbd did not listen')
            time.sleep(0.02)
        # the socket exists a moment before qemu-nbd listens on it: a
        # refused connection is retried (with a new handle) until then
        while True:
            h = nbd.NBD()
            for b in bitmaps:
                h.add_meta_context(f'qemu:dirty-bitmap:{b}')
            try:
                h.connect_unix(sock)
                break
            except nbd.Error:
                # python3-libnbd closes a handle when it is freed (it has
                # no close()): drop this one before the next try
                del h
                if p.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        result = {}
        try:
            size = h.get_size()
            for b in bitmaps:
                ctx = f'qemu:dirty-bitmap:{b}'
                if not h.can_meta_context(ctx):
                    raise RuntimeError(f'qemu-nbd does not offer {ctx}')
                extents = []
                offset = 0
                while offset < size:
                    got = []

                    def cb(metacontext, off, entries, err, got=got, ctx=ctx):
                        if metacontext == ctx:
                            got.extend(entries)
                        return 0
                    h.block_status(size - offset, offset, cb)
                    if not got:
                        raise RuntimeError(f'no extents for {ctx} at {offset}')
                    for i in range(0, len(got), 2):
                        length, flags = got[i], got[i + 1]
                        length = min(length, size - offset)
                        if flags & 1:
                            if extents and extents[-1][0] + extents[-1][1] == offset:
                                extents[-1] = (extents[-1][0], extents[-1][1] + length)
                            else:
                                extents.append((offset, length))
                        offset += length
                result[b] = extents
            h.shutdown()
        finally:
            del h       # closes the connection (python3-libnbd 1.14 has no close())
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.terminate()
                p.wait()
            p.stderr.close()
            if os.path.exists(sock):
                os.unlink(sock)
        return result


class Writes:
    """The writes made to one disk, to compute what a bitmap must hold."""

    def __init__(self):
        self.log = []           # (phase, offset, length)
        self.phase = 0

    def mark(self):
        """A checkpoint: returns the phase number writes after it get."""
        self.phase += 1
        return self.phase

    def add(self, offset, length):
        self.log.append((self.phase, offset, length))

    def since(self, mark):
        """Dirty extents, rounded out to the bitmap granularity and
        merged, of every write made after mark() returned @mark."""
        spans = sorted((off // GRANULARITY * GRANULARITY,
                        -(-(off + length) // GRANULARITY) * GRANULARITY)
                       for phase, off, length in self.log if phase >= mark)
        merged = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e - s) for s, e in merged]

    def size_since(self, mark):
        return sum(length for _, length in self.since(mark))


# ---- roots ----

SYSTEM_SOCKET = '/run/tidemark/tidemark-sock'


def enter_system_namespace(marker, sysconfdir):
    """Re-runs the calling script in a private mount namespace (once:
    @marker is the environment variable that says it is done), then
    mounts fresh tmpfs on the system daemon's directories (/run,
    /var/lib, /var/cache, @sysconfdir), so that root's tidemarkd touches
    none of the machine's."""
    if not os.environ.get(marker):
        if os.geteuid() != 0 or subprocess.run(['unshare', '-m', '--propagation', 'private',
                                                'true']).returncode != 0:
            print('Bail out! needs root and a private mount namespace (unshare -m)')
            sys.exit(1)
        os.environ[marker] = '1'
        os.execvp('unshare', ['unshare', '-m', '--propagation', 'private',
                              sys.executable] + sys.argv)
    for d in ('/run', '/var/lib', '/var/cache', sysconfdir):
        os.makedirs(d, exist_ok=True)
        subprocess.run(['mount', '-t', 'tmpfs', 'tidemark-test', d], check=True)


def load_libvirt_compare():
    """libvirt-compare.py as a module (its name, a test's, has a hyphen:
    no import statement reaches it)."""
    spec = importlib.util.spec_from_file_location(
        'libvirt_compare', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        'libvirt-compare.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def domain_xml(name, disks, uuid='6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'):
    """A minimal type='qemu' domain; @disks: (target, image[, format])."""
    lines = ["<domain type='qemu'>", f'  <name>{name}</name>', f'  <uuid>{uuid}</uuid>',
             "  <memory unit='MiB'>128</memory>", '  <vcpu>1</vcpu>',
             "  <os><type arch='x86_64' machine='pc'>hvm</type></os>", '  <devices>']
    for d in disks:
        target, image = d[0], d[1]
        fmt = d[2] if len(d) > 2 else 'qcow2'
        lines += ["    <disk type='file' device='disk'>",
                  f"      <driver name='qemu' type='{fmt}'/>",
                  f"      <source file='{image}'/>",
                  f"      <target dev='{target}' bus='virtio'/>",
                  '    </disk>']
    lines += ['  </devices>', '</domain>', '']
    return '\n'.join(lines)


def chain(image):
    """`qemu-img info --backing-chain` of @image: (file, format,
    backing file, backing format) of each element."""
    p = subprocess.run(['qemu-img', 'info', '-U', '--backing-chain', '--output=json', image],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        return p.stdout.decode().strip()
    return [(os.path.basename(e['filename']), e['format'],
             os.path.basename(e.get('full-backing-filename', '')) or None,
             e.get('backing-filename-format'))
            for e in json.loads(p.stdout)]


def qemu_io(image, cmd, fmt='qcow2'):
    """Whether qemu-io ran @cmd on @image (not in use) without an error
    or a failed pattern check."""
    p = subprocess.run(['qemu-io', '-f', fmt, '-c', cmd, image],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return p.returncode == 0 and 'Pattern verification failed' not in p.stdout.decode()


def hmp_write(target_index, offset, length, pattern=0xaa):
    """The qemu-monitor-command that writes through virtio disk number
    @target_index (libvirt's alias virtio-disk<N>) as a guest would: the
    write goes through the device's BlockBackend, so bitmaps see it."""
    return (f"qemu-monitor-command vm --hmp 'qemu-io -d "
            f"/machine/peripheral/virtio-disk{target_index}/virtio-backend "
            f"\"write -P {pattern:#x} {offset} {length}\"'")


class Root:
    """An embed root: DIR/etc/qemu.conf and the tool that drives it."""

    tool = None

    conf_extra = ''

    def __init__(self, tier, path):
        self.tier = tier
        self.path = path
        os.makedirs(os.path.join(path, 'etc'))
        with open(os.path.join(path, 'etc', 'qemu.conf'), 'w') as f:
            f.write(QEMU_CONF + self.conf_extra)
        self.uri = f'qemu:///embed?root={path}'

    def command(self):
        raise NotImplementedError

    def env(self, extra):
        env = dict(self.tier.env)
        env.update(extra or {})
        return env

    def run(self, commands, env=None, merged=False, timeout=300):
        """Runs the tool once with "A; B; C" (one process). With
        @merged, stderr goes to the stdout pipe (their interleaving is
        compared) and Result.err is ''."""
        p = subprocess.run(self.command() + ['-c', self.uri, commands],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                           env=self.env(env), cwd=self.tier.path('tmp'), timeout=timeout)
        return Result(p.returncode, p.stdout.decode(errors='replace'),
                      (p.stderr or b'').decode(errors='replace'))

    def define(self, name, disks, **kw):
        path = self.tier.path(f'{os.path.basename(self.path)}-{name}.xml')
        with open(path, 'w') as f:
            f.write(domain_xml(name, disks, **kw))
        r = self.run(f'define {path}')
        if r.rc != 0:
            raise RuntimeError(f'define {name} failed: {r}')
        return path

    def pidfiles(self):
        raise NotImplementedError

    def qemu_pid(self, name):
        """PID of the domain's QEMU from its pid file, or None."""
        for dom, path in self.pidfiles():
            if dom == name:
                try:
                    with open(path) as f:
                        return int(f.read().strip())
                except (OSError, ValueError):
                    return None
        return None

    def stop_all(self):
        """Stops every QEMU of this root by the PID in its pid file (only
        if that process still names this root: a PID can be reused)."""
        for _, path in self.pidfiles():
            try:
                with open(path) as f:
                    pid = int(f.read().strip())
            except (OSError, ValueError):
                continue
            if self.path in _proc_cmdline(pid):
                stop_pid(pid)


class TidemarkRoot(Root):
    def command(self):
        return [self.tier.tidemark]

    def pidfiles(self):
        run = os.path.join(self.path, 'run')
        if not os.path.isdir(run):
            return []
        return [(d, os.path.join(run, d, 'qemu.pid')) for d in sorted(os.listdir(run))
                if os.path.exists(os.path.join(run, d, 'qemu.pid'))]

    def storage_daemon_pid(self, name):
        """PID of the qemu-storage-daemon serving shut-off domain @name's
        disks for a backup job (its pid file), or None."""
        try:
            with open(os.path.join(self.path, 'run', name, 'storage.pid')) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def stop_all(self):
        """QEMUs, then the storage daemons of backup jobs."""
        super().stop_all()
        run = os.path.join(self.path, 'run')
        for d in sorted(os.listdir(run)) if os.path.isdir(run) else []:
            pid = self.storage_daemon_pid(d)
            if pid and self.path in _proc_cmdline(pid):
                stop_pid(pid)

    def run_files(self, name):
        """What the domain's run dir still holds besides what is kept on
        purpose: the logs of QEMU and of a backup's storage daemon, and
        the last ended backup job's statistics (job.ini, for domjobinfo
        --completed in a later process). A stopped domain leaves nothing
        else: no socket, pid or status."""
        run = os.path.join(self.path, 'run', name)
        if not os.path.isdir(run):
            return []
        return sorted(f for f in os.listdir(run)
                      if f not in ('qemu.log', 'storage.log', 'job.ini'))


class LibvirtRoot(Root):
    """libvirt's in-process qemu driver, through Debian's virsh. Its log
    lines go to a file in the root, not to stderr (virsh's own messages
    stay on stderr)."""

    # libvirt's DAC driver otherwise records image owners in xattrs and
    # logs "Invalid XATTR timestamp" (to stderr, from a forked child that
    # ignores LIBVIRT_LOG_OUTPUTS) when the images move between tools
    conf_extra = 'remember_owner = 0\n'

    def command(self):
        return ['virsh']

    def env(self, extra):
        env = super().env(extra)
        env['LIBVIRT_LOG_OUTPUTS'] = f'3:file:{os.path.join(self.path, "libvirt.log")}'
        return env

    def pidfiles(self):
        run = os.path.join(self.path, 'run', 'qemu')
        if not os.path.isdir(run):
            return []
        # driver.pid is the embed driver's lock, naming a virsh long gone
        return [(f[:-4], os.path.join(run, f)) for f in sorted(os.listdir(run))
                if f.endswith('.pid') and f != 'driver.pid']


# ---- masking for comparisons ----

def mask(text):
    """The values libvirt itself prints differently from run to run:
    creation times (XML and list dates) and the id of a QMP reply; and
    the path of the schema named in a schema error."""
    text = re.sub(r'<creationTime>[0-9]+</creationTime>', '<creationTime>T</creationTime>',
                  text)
    text = re.sub(r'[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}',
                  'YYYY-MM-DD hh:mm:ss +zzzz', text)
    text = re.sub(r'"id": ?"(libvirt|tidemark)-[0-9]+"', '"id": "ID"', text)
    # where each tool keeps its schemas (TESTING.md: masked)
    text = re.sub(r'(Unable to validate doc against )/\S*/([a-z]+\.rng)', r'\1SCHEMAS/\2', text)
    return text
