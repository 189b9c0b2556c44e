#!/usr/bin/python3
"""Regenerate (or --check) the backup XML expectations from libvirt 9.0.

Every expected file here is what libvirt's own qemu driver says, run
in-process (qemu:///embed) on a real QEMU; nothing is hand-edited. See
tests/README.md.

  /usr/bin/python3 tests/backupxml2xml/gen-expected.py          # rewrite
  /usr/bin/python3 tests/backupxml2xml/gen-expected.py --check  # verify (TAP)

For every case the domain (domains/NAME.xml) is started afresh on new
images, so libvirt numbers the backup's images from the same point each
time; checkpoints named by existing= are created first; then
virDomainBackupBegin(in/CASE.xml [, <domaincheckpoint> of checkpoint=]),
virDomainBackupGetXMLDesc and virDomainAbortJob, and the domain is
destroyed. /FIXTURE in the fixtures is the temporary directory libvirt
works in (a short path: it holds the NBD socket).

  out/CASE.xml  backup-dumpxml of each valid (pull) case
  invalid.txt   the CODE ERRDOMAIN MESSAGE columns, from the error of
                virDomainBackupBegin for each invalid case
"""

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = "/FIXTURE"
SCHEMADIR = "/usr/share/libvirt/schemas/"
SCHEMADIR_MASK = "@SCHEMADIR@/"
QEMU_CONF = ('stdio_handler = "file"\nsecurity_driver = "none"\n'
             'user = "root"\ngroup = "root"\n')


def read(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def case_lines(name):
    """(raw, fields or None) for every line of cases.txt / invalid.txt."""
    out = []
    for raw in read(os.path.join(HERE, name)).splitlines():
        s = raw.strip()
        out.append((raw, None if not s or s.startswith("#") else s))
    return out


def flags_of(words):
    flags = {"existing": [], "checkpoint": None}
    for w in words:
        key, _, value = w.partition("=")
        if key == "existing" and value:
            flags["existing"].append(value)
        elif key == "checkpoint" and value:
            flags["checkpoint"] = value
        else:
            raise SystemExit("unknown flag %r" % w)
    return flags


def escape_message(msg, workdir):
    msg = msg.replace(workdir, FIXTURE).replace(SCHEMADIR, SCHEMADIR_MASK)
    return msg.replace("\\", "\\\\").replace("\n", "\\n")


class Reference:
    """libvirt's embed driver in a temporary root, and the images."""

    def __init__(self):
        import libvirt
        self.libvirt = libvirt
        libvirt.registerErrorHandler(lambda ctx, err: None, None)
        libvirt.virEventRegisterDefaultImpl()
        self.stop = False
        self.loop = threading.Thread(target=self._run_loop, daemon=True)
        self.loop.start()
        self.dir = tempfile.mkdtemp(prefix="tmbk", dir="/tmp")
        root = os.path.join(self.dir, "root")
        os.makedirs(os.path.join(root, "etc"))
        with open(os.path.join(root, "etc", "qemu.conf"), "w") as fh:
            fh.write(QEMU_CONF)
        self.conn = libvirt.open("qemu:///embed?root=" + root)
        self.defined = {}

    def _run_loop(self):
        while not self.stop:
            self.libvirt.virEventRunDefaultImpl()

    def close(self):
        for dom, _ in self.defined.values():
            try:
                if dom.isActive():
                    dom.destroy()
            except self.libvirt.libvirtError:
                pass
        self.conn.close()
        self.stop = True
        shutil.rmtree(self.dir, ignore_errors=True)

    def real(self, text):
        return text.replace(FIXTURE, self.dir)

    def domain(self, name):
        if name not in self.defined:
            xml = read(os.path.join(HERE, "domains", name + ".xml"))
            if xml is None:
                raise SystemExit("no domains/%s.xml" % name)
            self.defined[name] = (self.conn.defineXML(self.real(xml)), xml)
        return self.defined[name]

    def images(self, domxml):
        return [self.real(p) for p in
                re.findall(r"<source file='(%s/[^']+)'/>" % FIXTURE, domxml)]

    def fresh_images(self, domxml):
        for real in self.images(domxml):
            if os.path.exists(real):
                os.unlink(real)
            subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", real, "64M"],
                           check=True)

    def run(self, domain, flags, backup_xml, fresh):
        """{"xml": ...} or {"code", "domain", "message"}. @fresh: start
        the domain anew on new images (a valid case: libvirt numbers the
        job's images from where its counter stands); an invalid case
        prints no numbers and runs on the domain as it is."""
        lv = self.libvirt
        dom, domxml = self.domain(domain)
        if fresh and dom.isActive():
            dom.destroy()
        if not dom.isActive():
            self.fresh_images(domxml)
            dom.create()
        try:
            for name in flags["existing"]:
                dom.checkpointCreateXML(
                    "<domaincheckpoint><name>%s</name></domaincheckpoint>" % name, 0)
            chk = None
            if flags["checkpoint"]:
                chk = ("<domaincheckpoint><name>%s</name></domaincheckpoint>"
                       % flags["checkpoint"])
            try:
                dom.backupBegin(self.real(backup_xml), chk, 0)
            except lv.libvirtError as e:
                return {"code": e.get_error_code(), "domain": e.get_error_domain(),
                        "message": e.get_error_message()}
            xml = dom.backupGetXMLDesc(0)
            dom.abortJob()
            return {"xml": xml.replace(self.dir, FIXTURE)}
        finally:
            # leaves, then their parents: each delete takes its bitmaps
            for c in reversed(dom.listAllCheckpoints(lv.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)):
                c.delete(0)
            # what the job left (scratch images, the socket): not the disks
            keep = {"root"} | {os.path.basename(p) for p in self.images(domxml)}
            for f in set(os.listdir(self.dir)) - keep:
                os.unlink(os.path.join(self.dir, f))


def generate(dest, log):
    """Writes out/ and invalid.txt under DEST; returns (order, results)."""
    ref = Reference()
    order, results = [], {}
    try:
        os.makedirs(os.path.join(dest, "out"), exist_ok=True)
        for raw, s in case_lines("cases.txt"):
            if s is None:
                continue
            f = s.split()
            item = "out/" + f[0]
            order.append(item)
            r = ref.run(f[1], flags_of(f[2:]), read(os.path.join(HERE, "in", f[0] + ".xml")),
                        True)
            if "xml" not in r:
                results[item] = "libvirt refused a valid case: %d %d %s" % (
                    r["code"], r["domain"], r["message"])
                continue
            with open(os.path.join(dest, item + ".xml"), "w", encoding="utf-8") as fh:
                fh.write(r["xml"])
            results[item] = None
            log("generated " + item)

        lines = []
        for raw, s in case_lines("invalid.txt"):
            if s is None:
                lines.append(raw)
                continue
            f = s.split(None, 3)
            item = "invalid/" + f[0]
            order.append(item)
            words = [] if f[2] == "-" else f[2].split(",")
            r = ref.run(f[1], flags_of(words), read(os.path.join(HERE, "in", f[0] + ".xml")),
                        False)
            if "xml" in r:
                results[item] = "libvirt accepted an invalid case"
                lines.append(raw)
                continue
            lines.append("%s %s %s %d %d %s" % (f[0], f[1], f[2], r["code"], r["domain"],
                                                escape_message(r["message"], ref.dir)))
            results[item] = None
            log("generated " + item)
        with open(os.path.join(dest, "invalid.txt"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
    finally:
        ref.close()
    return order, results


def check():
    tmp = tempfile.mkdtemp(prefix="tm-bkx2x-")
    try:
        order, results = generate(tmp, lambda m: None)
        committed = {s.split()[0]: raw for raw, s in case_lines("invalid.txt") if s}
        fresh = {}
        for raw in read(os.path.join(tmp, "invalid.txt")).splitlines():
            s = raw.strip()
            if s and not s.startswith("#"):
                fresh[s.split()[0]] = raw
        listed = {"%s.xml" % s.split()[0] for raw, s in case_lines("cases.txt") if s}
        stale = sorted(f for f in os.listdir(os.path.join(HERE, "out"))
                       if f.endswith(".xml") and f not in listed)
        print("1..%d" % (len(order) + len(stale)))
        failed = 0
        for n, item in enumerate(order, 1):
            err, diff = results[item], []
            if err is None and item.startswith("invalid/"):
                name = item[len("invalid/"):]
                if committed.get(name) != fresh.get(name):
                    diff = ["- %s" % committed.get(name), "+ %s" % fresh.get(name)]
            elif err is None:
                a = read(os.path.join(HERE, item + ".xml"))
                b = read(os.path.join(tmp, item + ".xml"))
                if a is None:
                    diff = ["committed %s.xml is missing" % item]
                elif a != b:
                    diff = list(difflib.unified_diff(a.splitlines(), b.splitlines(),
                                                     "committed/" + item, "libvirt/" + item,
                                                     lineterm=""))
            if err is None and not diff:
                print("ok %d - %s" % (n, item))
            else:
                failed += 1
                print("not ok %d - %s" % (n, item))
                for line in ([err] if err else []) + diff:
                    print("# " + line)
        for n, f in enumerate(stale, len(order) + 1):
            failed += 1
            print("not ok %d - out/%s has no line in cases.txt" % (n, f))
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    if args == ["--check"]:
        return check()
    if args:
        print("usage: %s [--check]" % sys.argv[0], file=sys.stderr)
        return 2
    order, results = generate(HERE, print)
    bad = [i for i in order if results[i] is not None]
    for i in bad:
        print("FAILED %s: %s" % (i, results[i]), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
