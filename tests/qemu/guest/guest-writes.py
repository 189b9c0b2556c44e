#!/usr/bin/python3
"""qemu tier: a real Linux guest writes known data; checkpoint c1, taken
between its two rounds of writes, must record exactly the second round.

    guest-writes.py TIDEMARK SOURCE_ROOT CACHE_DIR

The guest is Debian's kernel booted directly (<os><kernel>) with an
initramfs of busybox-static (guest_image.py; both fetched with apt-get
into CACHE_DIR once, a failed fetch fails the test) whose /init
(init.sh) writes through virtio-blk to a qcow2 disk. One interactive
tidemark shell on `qemu:///embed?root=DIR` drives the whole run, so the
process that watches QEMU's monitor is there when the guest powers off
(a QEMU that exits while no process watches is found later as crashed).

Checks, as TAP: the guest boots and writes round 1; c1 is created with
size 0; after round 2 `checkpoint-dumpxml --size` gives round 2's dirty
bytes; the ACPI power-off leaves the domain shut off, reason shutdown;
then offline, through `qemu-nbd -B c1` and python3-libnbd, the extents
of qemu:dirty-bitmap:c1 are exactly round 2's writes rounded out to the
bitmap's 64 KiB granularity, and the whole disk holds the expected bytes.
Every process started (QEMU, the shell, qemu-nbd) is stopped by its PID.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tty
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest_image  # noqa: E402

MiB = 1024 * 1024
KiB = 1024
DISK_SIZE = 64 * MiB
GRANULARITY = 64 * KiB          # QEMU's default for a 64 KiB-cluster qcow2

# (round, offset, length): round 2 rewrites part of round 1, writes less
# than a bitmap granule (40 MiB + 4 KiB) and the disk's last granule.
WRITES = [
    (1, 1 * MiB, 1 * MiB),
    (1, 8 * MiB, 64 * KiB),
    (1, 20 * MiB, 4 * KiB),
    (2, 1 * MiB + 256 * KiB, 128 * KiB),
    (2, 16 * MiB, 2 * MiB),
    (2, 40 * MiB + 4 * KiB, 8 * KiB),
    (2, DISK_SIZE - 64 * KiB, 64 * KiB),
]

BOOT_TIMEOUT = 180              # boot + round 1 under TCG: ~10-20 s seen
STEP_TIMEOUT = 60
CMDLINE = "console=ttyS0 quiet panic=-1"


def pattern(rnd, offset, length):
    """The bytes a write puts on the disk: each 512-byte sector names its
    round and its own sector number, so a misplaced write shows."""
    out = bytearray()
    for sector in range(offset // 512, (offset + length) // 512):
        line = b"tidemark guest round %d sector %012d\n" % (rnd, sector)
        out += (line * (512 // len(line) + 1))[:511] + b"\n"
    return bytes(out)


def expected_disk():
    disk = bytearray(DISK_SIZE)
    for rnd, offset, length in WRITES:
        disk[offset:offset + length] = pattern(rnd, offset, length)
    return disk


def expected_dirty(rnd):
    """Extents (offset, length) a bitmap created before round @rnd marks."""
    granules = set()
    for r, offset, length in WRITES:
        if r == rnd:
            granules.update(range(offset // GRANULARITY,
                                  (offset + length - 1) // GRANULARITY + 1))
    return merge([(g * GRANULARITY, GRANULARITY) for g in sorted(granules)])


def merge(extents):
    out = []
    for offset, length in extents:
        if out and out[-1][0] + out[-1][1] == offset:
            out[-1] = (out[-1][0], out[-1][1] + length)
        else:
            out.append((offset, length))
    return out


class StepFailed(Exception):
    pass


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, name):
        self.n += 1
        print("ok %d - %s" % (self.n, name), flush=True)

    def not_ok(self, name, why):
        self.n += 1
        self.failed += 1
        print("not ok %d - %s" % (self.n, name), flush=True)
        self.diag(why)

    @staticmethod
    def diag(text):
        for line in str(text).splitlines():
            print("# " + line, flush=True)


class Shell:
    """One interactive tidemark process; each command is followed by an
    `echo` of a marker so its output ends where the marker appears."""

    PROMPT = "tidemark # "

    def __init__(self, tidemark, uri, env):
        self.proc = subprocess.Popen([tidemark, "-c", uri], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, env=env)
        self.lines = queue.Queue()
        self.count = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.run("echo ready")

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def run(self, command, timeout=STEP_TIMEOUT):
        """Output lines of @command; StepFailed on an "error:" line."""
        self.count += 1
        marker = "@@done-%d@@" % self.count
        self.proc.stdin.write("%s\necho %s\n" % (command, marker))
        self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        out = []
        while True:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise StepFailed("no answer to '%s' in %d s" % (command, timeout))
            if line is None:
                raise StepFailed("tidemark exited during '%s' (status %s): %s"
                                 % (command, self.proc.wait(), "\n".join(out)))
            if line == marker:
                break
            if line.startswith(self.PROMPT) or not line.strip():
                continue
            out.append(line)
        if any(line.startswith("error:") for line in out):
            raise StepFailed("'%s' failed:\n%s" % (command, "\n".join(out)))
        return out

    def quit(self, timeout=STEP_TIMEOUT):
        """Ends the shell; StepFailed unless it exits 0 saying nothing
        (a sanitized build reports leaks and runtime errors at exit)."""
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        try:
            status = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise StepFailed("tidemark did not quit in %d s" % timeout)
        tail = []
        while (line := self.lines.get(timeout=timeout)) is not None:
            if not line.startswith(self.PROMPT) and line.strip():
                tail.append(line)
        if status != 0 or tail:
            raise StepFailed("tidemark quit with status %d:\n%s" % (status, "\n".join(tail)))

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def wait_until(what, predicate, timeout, poll=0.2, alive=None):
    deadline = time.monotonic() + timeout
    while not predicate():
        if alive and not alive():
            raise StepFailed("QEMU is gone while waiting for %s" % what)
        if time.monotonic() >= deadline:
            raise StepFailed("no %s within %d s" % (what, timeout))
        time.sleep(poll)


def pid_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def stop_pid(pid):
    """SIGKILL @pid (not our child: QEMU daemonized) and wait for it."""
    if pid and pid_alive(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def kvm_usable():
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
        return True
    except OSError:
        return False


def domain_xml(kernel, initrd, disk, console_log):
    return """<domain type='{virt}'>
  <name>guest</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>{kernel}</kernel>
    <initrd>{initrd}</initrd>
    <cmdline>{cmdline}</cmdline>
  </os>
  <features><acpi/></features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='{disk}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'>
      <source path='{log}'/>
      <target port='0'/>
    </serial>
    <serial type='pty'>
      <target port='1'/>
    </serial>
    <memballoon model='none'/>
  </devices>
</domain>
""".format(virt="kvm" if kvm_usable() else "qemu", kernel=kernel, initrd=initrd,
           cmdline=CMDLINE, disk=disk, log=console_log)


class Run:
    """State of one run, torn down by cleanup() whatever happened."""

    def __init__(self, tidemark, source_root, cache):
        self.tidemark = tidemark
        self.cache = cache
        self.tmp = tempfile.mkdtemp(prefix="tm-guest-")
        self.root = os.path.join(self.tmp, "root")
        self.disk = os.path.join(self.tmp, "vda.qcow2")
        self.console = os.path.join(self.tmp, "console.log")
        self.uri = "qemu:///embed?root=" + self.root
        self.env = dict(os.environ, TIDEMARK_SCHEMA_DIR=os.path.join(source_root, "schemas"),
                        XDG_RUNTIME_DIR=self.tmp, LC_ALL="C")
        self.shell = None
        self.qemu_pid = 0
        self.nbd_pid = 0
        self.pty_fd = -1

    def cleanup(self):
        if self.pty_fd >= 0:
            os.close(self.pty_fd)
        if self.shell:
            self.shell.close()
        stop_pid(self.qemu_pid)
        stop_pid(self.nbd_pid)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def diagnostics(self):
        Tap.diag("guest console (%s):" % self.console)
        try:
            with open(self.console, errors="replace") as f:
                Tap.diag(f.read()[-4000:])
        except OSError as e:
            Tap.diag(str(e))
        log = os.path.join(self.root, "log", "qemu", "guest.log")
        for path in (log, os.path.join(self.root, "run", "guest", "qemu.log")):
            if os.path.exists(path):
                with open(path, errors="replace") as f:
                    Tap.diag("%s:\n%s" % (path, f.read()[-4000:]))

    # ---- steps ----

    def prepare(self):
        """Kernel, busybox and modules fetched (cached), initramfs built."""
        kernel, moddir = guest_image.fetch_kernel(self.cache)
        busybox = guest_image.fetch_busybox(self.cache)
        modules = guest_image.module_load_order(moddir, ["virtio_pci", "virtio_blk"])
        files = {}
        table = []
        for i, (rnd, offset, length) in enumerate(WRITES):
            name = "w%d" % i
            files["data/" + name] = pattern(rnd, offset, length)
            table.append("%d %d %d %s\n" % (rnd, offset, length, name))
        files["writes"] = "".join(table).encode()
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "init.sh")) as f:
            init = f.read()
        self.initrd = os.path.join(self.tmp, "initrd.gz")
        guest_image.build_initramfs(self.initrd, init, busybox, modules, files)
        self.kernel = kernel
        Tap.diag("kernel %s, modules %s" % (kernel, " ".join(
            os.path.basename(m) for m in modules)))

        os.makedirs(os.path.join(self.root, "etc"))
        with open(os.path.join(self.root, "etc", "qemu.conf"), "w") as f:
            f.write('stdio_handler = "file"\nsecurity_driver = "none"\n'
                    'user = "root"\ngroup = "root"\n')
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", self.disk,
                        str(DISK_SIZE)], check=True)
        with open(os.path.join(self.tmp, "guest.xml"), "w") as f:
            f.write(domain_xml(self.kernel, self.initrd, self.disk, self.console))

    def console_has(self, word):
        try:
            with open(self.console, errors="replace") as f:
                text = f.read()
        except FileNotFoundError:
            return False
        if "TM: FAIL" in text:
            raise StepFailed("the guest reports: " +
                             text[text.index("TM: FAIL"):].splitlines()[0])
        if text.count("TM: BOOT") > 1:
            raise StepFailed("the guest rebooted (a kernel panic?)")
        return ("TM: " + word) in text

    def qemu_alive(self):
        return pid_alive(self.qemu_pid)

    def start(self):
        self.shell = Shell(self.tidemark, self.uri, self.env)
        self.shell.run("define %s" % os.path.join(self.tmp, "guest.xml"))
        self.shell.run("start guest")
        with open(os.path.join(self.root, "run", "guest", "qemu.pid")) as f:
            self.qemu_pid = int(f.read().strip())
        # the pty QEMU allocated for ttyS1, from QEMU itself
        reply = json.loads("\n".join(self.shell.run(
            'qemu-monitor-command guest \'{"execute":"query-chardev"}\'')))
        ptys = [c["filename"][len("pty:"):] for c in reply["return"]
                if c["label"] == "charserial1"]
        if not ptys:
            raise StepFailed("no pty for charserial1 in %s" % reply)
        self.pty_fd = os.open(ptys[0], os.O_RDWR | os.O_NOCTTY)
        tty.setraw(self.pty_fd)
        wait_until("'ROUND1-DONE' from the guest", lambda: self.console_has("ROUND1-DONE"),
                   BOOT_TIMEOUT, alive=self.qemu_alive)

    def send(self, word):
        os.write(self.pty_fd, (word + "\n").encode())

    def checkpoint_size(self):
        xml = "\n".join(self.shell.run("checkpoint-dumpxml guest c1 --size"))
        disk = ET.fromstring(xml).find("disks/disk[@name='vda']")
        if disk is None or disk.get("size") is None:
            raise StepFailed("no size for vda in:\n" + xml)
        return int(disk.get("size"))

    def checkpoint(self):
        self.shell.run("checkpoint-create-as guest c1")
        size = self.checkpoint_size()
        if size != 0:
            raise StepFailed("c1 has size %d right after its creation" % size)

    def round2(self):
        self.send("round2")
        wait_until("'ROUND2-DONE' from the guest", lambda: self.console_has("ROUND2-DONE"),
                   STEP_TIMEOUT, alive=self.qemu_alive)
        size = self.checkpoint_size()
        want = sum(length for _, length in expected_dirty(2))
        if size != want:
            raise StepFailed("checkpoint-dumpxml --size: vda size %d, round 2 dirtied %d"
                             % (size, want))

    def poweroff(self):
        self.send("poweroff")
        wait_until("exit of QEMU", lambda: not self.qemu_alive(), STEP_TIMEOUT)
        states = []

        def shut_off():
            states[:] = self.shell.run("domstate guest --reason")
            return states and states[0].startswith("shut off")

        wait_until("shut off domain", shut_off, 10)
        if states != ["shut off (shutdown)"]:
            raise StepFailed("domstate --reason after the guest's power-off: %s" % states)
        if not self.console_has("POWEROFF"):
            raise StepFailed("QEMU exited before the guest powered off")
        self.shell.quit()
        # the checkpoint outlives the process that made it
        out = subprocess.run([self.tidemark, "-c", self.uri, "checkpoint-list guest --name"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, env=self.env).stdout.split()
        if out != ["c1"]:
            raise StepFailed("checkpoint-list in a new process: %s" % out)

    def image_bitmaps(self):
        info = json.loads(subprocess.run(
            ["qemu-img", "info", "--output=json", self.disk],
            stdout=subprocess.PIPE, check=True).stdout)
        bitmaps = info["format-specific"]["data"].get("bitmaps", [])
        want = [{"flags": ["auto"], "name": "c1", "granularity": GRANULARITY}]
        if bitmaps != want:
            raise StepFailed("bitmaps in the image: %s, want %s" % (bitmaps, want))

    def open_nbd(self):
        import nbd      # here: without python3-libnbd only this step fails

        sock = os.path.join(self.tmp, "nbd.sock")
        pidfile = os.path.join(self.tmp, "qemu-nbd.pid")
        # --fork returns once the socket accepts; the server exits when
        # its one client leaves, and is killed by PID in any case
        proc = subprocess.run(["qemu-nbd", "--fork", "--pid-file", pidfile, "-r",
                               "-f", "qcow2", "-B", "c1", "-k", sock, self.disk],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            raise StepFailed("qemu-nbd failed: " + proc.stdout)
        with open(pidfile) as f:
            self.nbd_pid = int(f.read().strip())
        h = nbd.NBD()
        h.add_meta_context("qemu:dirty-bitmap:c1")
        h.connect_uri("nbd+unix:///?socket=" + sock)
        return h

    def dirty_extents(self, h):
        if not h.can_meta_context("qemu:dirty-bitmap:c1"):
            raise StepFailed("qemu-nbd offers no qemu:dirty-bitmap:c1")
        size = h.get_size()
        found = []
        offset = 0
        while offset < size:
            seen = []

            def extent(context, off, entries, err):
                if context == "qemu:dirty-bitmap:c1":
                    pos = off
                    for i in range(0, len(entries), 2):
                        if entries[i + 1] & 1:
                            found.append((pos, entries[i]))
                        pos += entries[i]
                    seen.append(pos)
                return 0

            h.block_status(min(size - offset, 32 * MiB), offset, extent)
            if not seen or seen[0] <= offset:
                raise StepFailed("block_status made no progress at %d" % offset)
            offset = seen[0]
        return merge(found), size

    def verify_offline(self):
        self.image_bitmaps()
        h = self.open_nbd()
        try:
            dirty, size = self.dirty_extents(h)
            want = expected_dirty(2)
            if dirty != want:
                raise StepFailed("dirty extents of c1: %s\nround 2 wrote (granules): %s"
                                 % (dirty, want))
            if size != DISK_SIZE:
                raise StepFailed("export size %d" % size)
            disk = bytearray()
            for offset in range(0, size, 4 * MiB):
                disk += h.pread(4 * MiB, offset)
        finally:
            h.shutdown()
        expected = expected_disk()
        if disk != expected:
            first = next(i for i in range(DISK_SIZE) if disk[i] != expected[i])
            raise StepFailed("disk content differs from the writes first at byte %d: "
                             "%r, want %r" % (first, bytes(disk[first:first + 48]),
                                              bytes(expected[first:first + 48])))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: guest-writes.py TIDEMARK SOURCE_ROOT CACHE_DIR")
    tidemark, source_root, cache = sys.argv[1:]
    steps = [
        ("kernel and busybox fetched, initramfs built", "prepare"),
        ("guest boots and writes round 1", "start"),
        ("checkpoint c1 created between the rounds, size 0", "checkpoint"),
        ("after round 2, checkpoint-dumpxml --size = round 2's dirty bytes", "round2"),
        ("guest powers off: shut off (shutdown), shell quits cleanly, c1 kept", "poweroff"),
        ("offline: c1's dirty extents = round 2's writes, disk = known data",
         "verify_offline"),
    ]
    # meson's timeout sends SIGTERM: unwind through cleanup() all the same
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    tap = Tap()
    print("1..%d" % len(steps), flush=True)
    run = Run(tidemark, source_root, cache)
    started = time.monotonic()
    try:
        for i, (name, method) in enumerate(steps):
            t0 = time.monotonic()
            try:
                getattr(run, method)()
            except Exception as e:  # any failure is this step's, with its reason
                tap.not_ok(name, e)
                run.diagnostics()
                for rest, _ in steps[i + 1:]:
                    tap.not_ok(rest, "not run: an earlier step failed")
                break
            tap.ok("%s (%.1f s)" % (name, time.monotonic() - t0))
    finally:
        run.cleanup()
    Tap.diag("total %.1f s" % (time.monotonic() - started))
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
