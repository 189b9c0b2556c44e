#!/usr/bin/python3
"""libvirt's own generic domain corpus through virsh and through tidemark.

  compare.py --cache DIR --virsh VIRSH --tidemark TIDEMARK --golden GOLDEN

The corpus is libvirt 9.0's tests/genericxml2xmlindata/ and the list of
inputs libvirt's parser must reject (DO_TEST_FAIL_* in
tests/genericxml2xmltest.c). It is taken from Debian's libvirt source
package at test time and cached under DIR; nothing of it is in the
repository. A corpus that cannot be obtained fails the run.

Each input is adapted to the test driver (root type='test', <emulator>
removed) and run as `define FILE; dumpxml --inactive NAME` through
Debian's virsh and through tidemark's virsh-compatible CLI on
test:///default: stdout, stderr and exit status must be identical. The
same defines go through python3-libvirt (tests/apigolden/golden.py) and
through tidemark's C API (the apigolden `golden` program), so that a
rejected input is rejected with the same error code, domain and message.
TAP, one line per input, plus one line for the must-fail list.

Masked: a <uuid> and interface MACs libvirt generates at random where the
input gave none (TESTING.md). Nothing else.
"""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

VERSION = "9.0.0"
TOP = "libvirt-%s/" % VERSION
WANTED = ("tests/genericxml2xmlindata/", "tests/genericxml2xmloutdata/",
          "tests/genericxml2xmltest.c")
URI = "test:///default"
HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN_PY = os.path.join(HERE, "..", "apigolden", "golden.py")


class CorpusError(Exception):
    pass


# ---------------------------------------------------------------------------
# obtaining the corpus

def debian_archive():
    """The archive URI the machine's own Debian entry uses."""
    path = "/etc/apt/sources.list.d/debian.sources"
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as e:
        raise CorpusError("cannot read %s: %s" % (path, e))
    for stanza in re.split(r"\n\s*\n", text):
        fields = dict(re.findall(r"^(\S+):\s*(.*)$", stanza, re.M))
        if "bookworm" in fields.get("Suites", "").split():
            return fields["URIs"].split()[0]
    raise CorpusError("no bookworm entry in %s" % path)


def apt_get(cache, args, cwd):
    """apt-get with a sources list, index and cache of its own under
    CACHE: the machine's apt state is neither read nor changed, and no
    other apt user's lock is taken."""
    opts = ["-o", "Dir::Etc::SourceList=" + os.path.join(cache, "apt", "sources.list"),
            "-o", "Dir::Etc::SourceParts=" + os.path.join(cache, "apt", "parts"),
            "-o", "Dir::State::Lists=" + os.path.join(cache, "apt", "lists"),
            "-o", "Dir::Cache=" + os.path.join(cache, "apt", "cache"),
            "-o", "Dir::Cache::pkgcache=", "-o", "Dir::Cache::srcpkgcache=",
            "-o", "APT::Sandbox::User=root", "-q"]
    p = subprocess.run(["apt-get"] + opts + args, cwd=cwd,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise CorpusError("apt-get %s failed: %s" % (" ".join(args),
                                                      p.stderr.strip()))


def download(cache):
    """Fetches Debian's libvirt source package; returns the orig tarball
    and the Debian tarball."""
    aptdir = os.path.join(cache, "apt")
    for d in ("lists/partial", "cache", "parts"):
        os.makedirs(os.path.join(aptdir, d), exist_ok=True)
    with open(os.path.join(aptdir, "sources.list"), "w", encoding="utf-8") as fh:
        fh.write("deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
                 "%s bookworm main\n" % debian_archive())
    dl = os.path.join(cache, "download")
    shutil.rmtree(dl, ignore_errors=True)
    os.makedirs(dl)
    apt_get(cache, ["update"], cache)
    apt_get(cache, ["source", "--download-only", "libvirt"], dl)
    orig = os.path.join(dl, "libvirt_%s.orig.tar.xz" % VERSION)
    debian = [f for f in os.listdir(dl) if f.endswith(".debian.tar.xz")]
    if not os.path.exists(orig) or len(debian) != 1:
        raise CorpusError("apt-get source gave %s, not libvirt %s"
                          % (sorted(os.listdir(dl)), VERSION))
    return orig, os.path.join(dl, debian[0])


def check_patches(debian_tar):
    """Debian's patches are applied on top of the upstream tarball; the
    corpus is taken from the tarball alone, which is right only while no
    patch touches it."""
    with tarfile.open(debian_tar) as tar:
        for m in tar.getmembers():
            if not (m.isfile() and m.name.startswith("debian/patches/")):
                continue
            text = tar.extractfile(m).read().decode("utf-8", "replace")
            for w in WANTED:
                if re.search(r"^\+\+\+ \S*/" + re.escape(w), text, re.M):
                    raise CorpusError("%s patches %s: apply it here" % (m.name, w))


def obtain(cache):
    """Returns the directory holding tests/ of the corpus, downloading and
    extracting it once."""
    src = os.path.join(cache, "libvirt-" + VERSION)
    stamp = os.path.join(src, ".complete")
    if os.path.exists(stamp):
        return src
    orig, debian = download(cache)
    check_patches(debian)
    tmp = tempfile.mkdtemp(prefix="extract-", dir=cache)
    try:
        with tarfile.open(orig) as tar:
            members = [m for m in tar.getmembers()
                       if m.isfile() and any(m.name.startswith(TOP + w) for w in WANTED)]
            if not members:
                raise CorpusError("%s holds none of %s" % (orig, WANTED))
            for m in members:
                m.name = m.name[len(TOP):]
                tar.extract(m, tmp, set_attrs=False)
        with open(os.path.join(tmp, ".complete"), "w") as fh:
            fh.write("%s from %s\n" % (VERSION, os.path.basename(debian)))
        shutil.rmtree(src, ignore_errors=True)
        os.rename(tmp, src)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # the index and the tarballs are not needed once the corpus is out
    shutil.rmtree(os.path.join(cache, "download"), ignore_errors=True)
    shutil.rmtree(os.path.join(cache, "apt"), ignore_errors=True)
    return src


def must_fail(src):
    with open(os.path.join(src, "tests", "genericxml2xmltest.c"), encoding="utf-8") as fh:
        text = fh.read()
    names = set(re.findall(r'^\s*DO_TEST_FAIL_(?:ACTIVE|INACTIVE)\("([^"]+)"\)', text, re.M))
    different = set(re.findall(r'^\s*DO_TEST_DIFFERENT\("([^"]+)"\)', text, re.M))
    if not names:
        raise CorpusError("no DO_TEST_FAIL_* in genericxml2xmltest.c")
    return names, different


# ---------------------------------------------------------------------------
# running one input

def adapt(text):
    """The input as the test driver takes it: root type 'test', no
    <emulator> (the test driver runs none)."""
    text, n = re.subn(r"(<domain\b[^>]*?\btype=)(['\"])[^'\"]*\2", r"\1'test'", text, count=1)
    if n != 1:
        raise CorpusError("no <domain type=...>")
    return re.sub(r"^[ \t]*<emulator>[^<]*</emulator>[ \t]*\n", "", text, flags=re.M)


MAC = re.compile(r"(<mac address=')([0-9a-f:]{17})(')")


def masker(adapted):
    """Masks what libvirt generates at random, where the input has none:
    the uuid, and the MAC of each interface without <mac>."""
    root = ET.fromstring(adapted)
    no_uuid = root.find("uuid") is None
    no_mac = [i.find("mac") is None for i in root.iter("interface")]

    def mask(out):
        if no_uuid:
            out = re.sub(r"<uuid>[0-9a-f-]{36}</uuid>", "<uuid>@UUID@</uuid>", out, count=1)
        if any(no_mac):
            blocks = re.split(r"(?=<interface\b)", out)
            for i, generated in enumerate(no_mac, 1):
                if generated and i < len(blocks):
                    blocks[i] = MAC.sub(r"\1@MAC@\3", blocks[i], count=1)
            out = "".join(blocks)
        return out
    return mask


def run_cli(prog, path, name):
    p = subprocess.run([prog, "-q", "-c", URI,
                        "define %s; dumpxml --inactive %s" % (path, name)],
                       capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def transcripts(args, files, work):
    """Both API transcripts of one scenario defining (then undefining)
    every input: {file: (define result, ...)} per side."""
    scn = os.path.join(work, "corpus.scn")
    with open(scn, "w", encoding="utf-8") as fh:
        fh.write("open %s\n" % URI)
        for f, name in files:
            fh.write("dom-define 0 : @%s\n" % os.path.basename(f))
            fh.write("dom-undefine %s 0\n" % name)
    out = {}
    for side, cmd in (("libvirt", ["/usr/bin/python3", GOLDEN_PY, scn]),
                      ("tidemark", [args.golden, scn])):
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise CorpusError("%s API runner failed: %s" % (side, p.stderr.strip()))
        results = {}
        cur = None
        for line in p.stdout.splitlines():
            m = re.match(r"^> dom-define 0 : @(\S+)$", line)
            if m:
                cur = os.path.join(work, m.group(1))
            elif line.startswith(">"):
                cur = None
            elif cur is not None:
                results[cur] = line
                cur = None
        out[side] = results
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", required=True)
    ap.add_argument("--virsh", required=True)
    ap.add_argument("--tidemark", required=True)
    ap.add_argument("--golden", required=True)
    args = ap.parse_args()

    try:
        if not shutil.which(args.virsh):
            raise CorpusError("virsh (%s) not found: install libvirt-clients" % args.virsh)
        os.makedirs(args.cache, exist_ok=True)
        src = obtain(os.path.abspath(args.cache))
        failing, different = must_fail(src)
        indir = os.path.join(src, "tests", "genericxml2xmlindata")
        inputs = sorted(f[:-4] for f in os.listdir(indir) if f.endswith(".xml"))
    except (CorpusError, OSError, tarfile.TarError) as e:
        print("1..1")
        print("not ok 1 - libvirt %s generic corpus: %s" % (VERSION, e))
        return 1

    work = tempfile.mkdtemp(prefix="tm-corpus-")
    try:
        files = []
        masks = {}
        for n in inputs:
            with open(os.path.join(indir, n + ".xml"), encoding="utf-8") as fh:
                adapted = adapt(fh.read())
            path = os.path.join(work, n + ".xml")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(adapted)
            files.append((path, ET.fromstring(adapted).findtext("name")))
            masks[n] = masker(adapted)
        api = transcripts(args, files, work)

        print("1..%d" % (len(inputs) + 1))
        failed = 0
        identical = rejected_same = 0
        rejected = set()
        for i, (n, (path, name)) in enumerate(zip(inputs, files), 1):
            v = run_cli(args.virsh, path, name)
            t = run_cli(args.tidemark, path, name)
            mask = masks[n]
            v = (v[0], mask(v[1]), v[2])
            t = (t[0], mask(t[1]), t[2])
            la = api["libvirt"].get(path, "(no result)")
            ta = api["tidemark"].get(path, "(no result)")
            accepted = la.startswith("ok")
            if not accepted:
                rejected.add(n)
            problems = []
            if v != t:
                for what, a, b in (("stdout", v[1], t[1]), ("stderr", v[2], t[2])):
                    if a != b:
                        problems += ["%s differs:" % what] + list(difflib.unified_diff(
                            a.splitlines(), b.splitlines(), "virsh", "tidemark", lineterm=""))
                if v[0] != t[0]:
                    problems.append("exit %d, tidemark %d" % (v[0], t[0]))
            if la != ta:
                problems += ["API: libvirt: " + la, "API: tidemark: " + ta]
            what = "accepted, identical XML" if accepted else "rejected: " + la
            if problems:
                failed += 1
                print("not ok %d - %s: %s" % (i, n, "accepted" if accepted else "rejected"))
                for line in problems:
                    print("# " + line)
            else:
                if accepted:
                    identical += 1
                else:
                    rejected_same += 1
                print("ok %d - %s: %s" % (i, n, what))

        n = len(inputs) + 1
        outdir = os.path.join(src, "tests", "genericxml2xmloutdata")
        missing = sorted(d for d in different | failing
                         if d not in inputs or
                         (d in different and
                          not os.path.exists(os.path.join(outdir, d + ".xml"))))
        if rejected == failing and not missing:
            print("ok %d - libvirt rejects exactly the %d DO_TEST_FAIL_* inputs" % (n, len(failing)))
        else:
            failed += 1
            print("not ok %d - rejected set differs from DO_TEST_FAIL_*" % n)
            print("# rejected, not listed: %s" % sorted(rejected - failing))
            print("# listed, not rejected: %s" % sorted(failing - rejected))
            print("# named in genericxml2xmltest.c, not in the corpus: %s" % missing)
        print("# %d of %d accepted inputs identical, %d of %d rejected ones "
              "with the same error" % (identical, len(inputs) - len(rejected),
                                       rejected_same, len(rejected)))
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
