"""A bootable Linux guest for the qemu tier: Debian's kernel and a tiny
initramfs around busybox-static.

Nothing comes from the host's /boot (it is empty on the test machines):
the kernel and busybox packages are fetched with `apt-get download` and
unpacked with `dpkg-deb` (no install, no maintainer scripts), once per
build directory. Debian builds virtio-pci and virtio-blk as modules and
ships no modules.dep (depmod runs at install time), so the load order
is worked out here from each module's own `.modinfo` "depends=".
"""

import glob
import gzip
import io
import lzma
import os
import shutil
import stat
import struct
import subprocess


class FetchError(Exception):
    """A package could not be found, downloaded or unpacked."""


def _run(argv, cwd=None):
    proc = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0:
        raise FetchError("%s failed (exit %d): %s"
                         % (" ".join(argv), proc.returncode, proc.stdout.strip()))
    return proc.stdout


def kernel_package(cache):
    """The linux-image package to boot: the installed Debian kernel if
    there is one, else the one linux-image-amd64 points at (the newest
    in the archive the machine's apt knows). The answer is kept in @cache
    until dpkg's or apt's package lists change: apt-cache takes seconds
    where its own cache is disabled, as in Debian's container images."""
    key = "%d %d" % (os.stat("/var/lib/dpkg/status").st_mtime_ns,
                     os.stat("/var/lib/apt/lists").st_mtime_ns)
    memo = os.path.join(cache, "kernel-package")
    try:
        with open(memo) as f:
            saved_key, package = f.read().split("\n")[:2]
        if saved_key == key and package:
            return package
    except (OSError, ValueError):
        pass
    package = _resolve_kernel_package()
    os.makedirs(cache, exist_ok=True)
    with open(memo + ".tmp", "w") as f:
        f.write("%s\n%s\n" % (key, package))
    os.rename(memo + ".tmp", memo)
    return package


def _resolve_kernel_package():
    out = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\n",
                          "linux-image-[0-9]*-amd64"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         text=True).stdout
    installed = sorted(line.split()[0] for line in out.splitlines()
                       if line.endswith(" installed"))
    if installed:
        return installed[-1]
    for line in _run(["apt-cache", "depends", "linux-image-amd64"]).splitlines():
        line = line.strip()
        if line.startswith("Depends: linux-image-"):
            return line.split()[1]
    raise FetchError("apt-cache knows no kernel behind linux-image-amd64"
                     " (is `apt-get update` done?)")


def _download(package, into):
    """The .deb of @package, downloaded into @into (kept there)."""
    debs = glob.glob(os.path.join(into, package + "_*.deb"))
    if debs:
        return debs[0]
    os.makedirs(into, exist_ok=True)
    _run(["apt-get", "download", package], cwd=into)
    debs = glob.glob(os.path.join(into, package + "_*.deb"))
    if not debs:
        raise FetchError("apt-get download %s left no .deb in %s" % (package, into))
    return debs[0]


def _has_pvh_entry(elf):
    """Whether the ELF image @elf carries Xen's PHYS32_ENTRY note, the
    PVH entry point QEMU's -kernel uses to start an uncompressed kernel."""
    phoff, = struct.unpack_from("<Q", elf, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", elf, 0x36)
    for i in range(phnum):
        base = phoff + i * phentsize
        ptype, = struct.unpack_from("<I", elf, base)
        if ptype != 4:                  # PT_NOTE
            continue
        offset, = struct.unpack_from("<Q", elf, base + 0x08)
        size, = struct.unpack_from("<Q", elf, base + 0x20)
        pos = offset
        while pos + 12 <= offset + size:
            namesz, descsz, ntype = struct.unpack_from("<III", elf, pos)
            name = elf[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            if name == b"Xen" and ntype == 18:      # XEN_ELFNOTE_PHYS32_ENTRY
                return True
            pos += 12 + (namesz + 3) // 4 * 4 + (descsz + 3) // 4 * 4
    return False


def _uncompressed(vmlinuz, dest):
    """The kernel inside the bzImage @vmlinuz as an ELF file @dest, when it
    is xz-compressed (Debian's choice) and has a PVH entry; else @vmlinuz.
    Under TCG the guest's own decompression of the bzImage takes about as
    long as the whole boot that follows (~10 s here), so the test boots
    the same kernel uncompressed."""
    if os.path.exists(dest):
        return dest
    with open(vmlinuz, "rb") as f:
        image = f.read()
    start = image.find(b"\xfd7zXZ\0")
    if start < 0:
        return vmlinuz
    try:
        elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(image[start:])
    except lzma.LZMAError:
        return vmlinuz
    if elf[:4] != b"\x7fELF" or not _has_pvh_entry(elf):
        return vmlinuz
    with open(dest + ".tmp", "wb") as f:
        f.write(elf)
    os.rename(dest + ".tmp", dest)
    return dest


def fetch_kernel(cache):
    """(kernel path, directory of the block-layer modules) of the guest
    kernel, unpacked under @cache. Only the kernel image and the virtio
    and block driver modules are extracted: the whole package is ~400 MB
    unpacked. The kernel path is an uncompressed vmlinux when one can be
    had (see _uncompressed)."""
    package = kernel_package(cache)
    version = package[len("linux-image-"):]
    dest = os.path.join(cache, package)
    vmlinuz = os.path.join(dest, "boot", "vmlinuz-" + version)
    moddir = os.path.join(dest, "lib", "modules", version, "kernel")
    done = os.path.join(dest, ".unpacked")
    if not os.path.exists(done):
        deb = _download(package, cache)
        tmp = dest + ".tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        # dpkg-deb | tar: tar picks the few members out of the stream
        dpkg = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", deb],
                                stdout=subprocess.PIPE)
        tar = subprocess.run(["tar", "-x", "-C", tmp, "--wildcards",
                              "./boot/vmlinuz-*",
                              "./lib/modules/*/kernel/drivers/virtio/*.ko",
                              "./lib/modules/*/kernel/drivers/block/*.ko"],
                             stdin=dpkg.stdout, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        dpkg.stdout.close()
        if dpkg.wait() != 0 or tar.returncode != 0:
            raise FetchError("unpacking %s failed: %s" % (deb, tar.stdout.strip()))
        shutil.rmtree(dest, ignore_errors=True)
        os.rename(tmp, dest)
        open(done, "w").close()
        os.unlink(deb)                  # 70 MB nothing reads again
    if not os.path.exists(vmlinuz):
        raise FetchError("%s has no %s" % (package, vmlinuz))
    return _uncompressed(vmlinuz, os.path.join(dest, "vmlinux-" + version)), moddir


def fetch_busybox(cache):
    """Path of a static busybox unpacked under @cache."""
    dest = os.path.join(cache, "busybox-static")
    binary = os.path.join(dest, "bin", "busybox")
    if not os.path.exists(binary):
        deb = _download("busybox-static", cache)
        shutil.rmtree(dest, ignore_errors=True)
        _run(["dpkg-deb", "-x", deb, dest])
    if not os.path.exists(binary):
        raise FetchError("busybox-static has no bin/busybox")
    return binary


def _modinfo(path):
    """The key=value strings of a kernel module's .modinfo section."""
    with open(path, "rb") as f:
        elf = f.read()
    if elf[:4] != b"\x7fELF" or elf[4] != 2:
        raise FetchError("%s is not a 64-bit ELF module" % path)
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)

    def section(i):
        base = shoff + i * shentsize
        name, = struct.unpack_from("<I", elf, base)
        offset, size = struct.unpack_from("<QQ", elf, base + 0x18)
        return name, offset, size

    _, stroff, _ = section(shstrndx)
    for i in range(shnum):
        name, offset, size = section(i)
        end = elf.index(b"\0", stroff + name)
        if elf[stroff + name:end] == b".modinfo":
            return [s.decode() for s in elf[offset:offset + size].split(b"\0") if s]
    raise FetchError("%s has no .modinfo section" % path)


def module_load_order(moddir, wanted):
    """Paths of the modules @wanted (names such as "virtio_blk") and
    everything they depend on, each after its dependencies."""
    paths = {}
    for path in glob.glob(os.path.join(moddir, "**", "*.ko"), recursive=True):
        paths[os.path.basename(path)[:-3].replace("-", "_")] = path
    order = []

    def visit(name, chain):
        if name in order:
            return
        if name in chain:
            raise FetchError("module dependency loop: %s" % " -> ".join(chain + [name]))
        if name not in paths:
            raise FetchError("module %s (needed by %s) is not among the unpacked ones in %s"
                             % (name, chain[-1] if chain else "the guest", moddir))
        for entry in _modinfo(paths[name]):
            if entry.startswith("depends="):
                for dep in filter(None, entry[len("depends="):].split(",")):
                    visit(dep.replace("-", "_"), chain + [name])
        order.append(name)

    for name in wanted:
        visit(name, [])
    return [paths[name] for name in order]


class Cpio:
    """A newc ("070701") cpio archive, as the kernel unpacks an initramfs."""

    def __init__(self):
        self._out = io.BytesIO()
        self._ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = [self._ino, mode, 0, 0, 1, 0, len(data), 0, 0,
                  rdev[0], rdev[1], len(name_b), 0]
        self._ino += 1
        self._out.write(b"070701" + b"".join(b"%08X" % v for v in fields))
        self._out.write(name_b)
        self._out.write(b"\0" * (-(110 + len(name_b)) % 4))
        self._out.write(data)
        self._out.write(b"\0" * (-len(data) % 4))

    def dir(self, name):
        self._entry(name, stat.S_IFDIR | 0o755)

    def file(self, name, data, mode=0o644):
        self._entry(name, stat.S_IFREG | mode, data)

    def chardev(self, name, major, minor):
        self._entry(name, stat.S_IFCHR | 0o600, rdev=(major, minor))

    def finish(self):
        """The gzip-compressed archive (the kernel's default initramfs
        compression)."""
        self._entry("TRAILER!!!", 0)
        return gzip.compress(self._out.getvalue(), compresslevel=1, mtime=0)


def build_initramfs(path, init, busybox, modules, files):
    """Writes an initramfs to @path: /init from @init (text), busybox as
    /bin/busybox, @modules (paths, in load order) under /lib/modules with
    their names one a line in /modules.order, and @files, a dict of
    archive path -> bytes."""
    cpio = Cpio()
    for d in ("bin", "dev", "proc", "sys", "lib", "lib/modules", "data"):
        cpio.dir(d)
    # the kernel opens /dev/console for init before anything is mounted
    cpio.chardev("dev/console", 5, 1)
    cpio.file("init", init.encode(), 0o755)
    with open(busybox, "rb") as f:
        cpio.file("bin/busybox", f.read(), 0o755)
    names = []
    for mod in modules:
        name = os.path.basename(mod)
        names.append(name[:-3])
        with open(mod, "rb") as f:
            cpio.file("lib/modules/" + name, f.read())
    cpio.file("modules.order", "".join(n + "\n" for n in names).encode())
    for name, data in sorted(files.items()):
        cpio.file(name, data)
    with open(path, "wb") as f:
        f.write(cpio.finish())
