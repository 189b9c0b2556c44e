#!/usr/bin/python3
"""Regenerate (or --check) the domain XML round-trip expectations.

Every expected file in this directory is produced by libvirt 9.0 itself
(python3-libvirt against test:///default); nothing is hand-edited.
See tests/README.md.

  /usr/bin/python3 tests/domainxml2xml/gen-expected.py          # rewrite
  /usr/bin/python3 tests/domainxml2xml/gen-expected.py --check  # verify

For every line of cases.txt, in/CASE.xml is defined with
virDomainDefineXMLFlags(), out/CASE.xml is the domain's virDomainGetXMLDesc()
with the line's flags, and the domain is undefined again.  For every line
of invalid.txt the CODE ERRDOMAIN MESSAGE columns are rewritten from the
error libvirt raised (a new line may carry just `CASE MODE`).

Each case runs in its own subprocess, so every case starts from a fresh
test:///default (connections inside one process share its state).

Masked in out/ (tests/README.md): what libvirt generates at random where
the input gives none, a domain <uuid> (-> MASK_UUID) and the MAC of an
<interface> without <mac> (-> MASK_MAC). Nothing else.
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
URI = "test:///default"

SCHEMADIR = "/usr/share/libvirt/schemas/"
SCHEMADIR_MASK = "@SCHEMADIR@/"

# libvirt's random values where the input has none (the harness,
# tests/unit/test-domainxml2xml.c, masks tidemark's output the same way)
MASK_UUID = "00000000-0000-0000-0000-000000000000"
MASK_MAC = "52:54:00:00:00:00"
UUID_RE = re.compile(r"<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}</uuid>")
# libvirt generates MACs with its (KVM) prefix 52:54:00
MAC_RE = re.compile(r"<mac address='52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}'")

# cases.txt flags: XMLDesc flags, plus `validate` for the define call
XML_FLAGS = {"inactive": "VIR_DOMAIN_XML_INACTIVE",
             "secure": "VIR_DOMAIN_XML_SECURE"}
DEFINE_FLAGS = {"validate": "VIR_DOMAIN_DEFINE_VALIDATE"}
# invalid.txt modes
MODES = {"define": [], "define-validate": ["VIR_DOMAIN_DEFINE_VALIDATE"]}


# ---------------------------------------------------------------------------
# worker: runs inside a fresh subprocess, talks JSON over stdin/stdout

def worker():
    import libvirt

    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    job = json.load(sys.stdin)
    try:
        conn = libvirt.open(URI)
    except libvirt.libvirtError as e:
        json.dump({"fatal": "cannot open %s: %s" % (URI, e)}, sys.stdout)
        return
    dflags = 0
    for n in job["define_flags"]:
        dflags |= getattr(libvirt, n)
    xflags = 0
    for n in job["xml_flags"]:
        xflags |= getattr(libvirt, n)
    try:
        dom = conn.defineXMLFlags(job["input"], dflags)
    except libvirt.libvirtError as e:
        res = {"ok": False, "code": e.get_error_code(),
               "domain": e.get_error_domain(),
               "message": e.get_error_message()}
    else:
        try:
            res = {"ok": True, "xml": dom.XMLDesc(xflags)}
            dom.undefine()
        except libvirt.libvirtError as e:
            res = {"fatal": "XMLDesc/undefine failed: %s" % e}
    conn.close()
    json.dump(res, sys.stdout)


# ---------------------------------------------------------------------------
# parent side

def read_lines(path):
    """(raw line, fields) pairs; fields is None for comments and blanks."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh.read().splitlines():
            s = raw.strip()
            if not s or s.startswith("#"):
                out.append((raw, None))
            else:
                out.append((raw, s))
    return out


def parse_cases():
    cases = []
    for raw, s in read_lines(os.path.join(HERE, "cases.txt")):
        if s is None:
            continue
        f = s.split()
        for fl in f[1:]:
            if fl not in XML_FLAGS and fl not in DEFINE_FLAGS:
                raise SystemExit("cases.txt: %s: unknown flag %r" % (f[0], fl))
        cases.append((f[0], f[1:]))
    return cases


def parse_invalid():
    """[(raw, None) | (raw, (case, mode))] in file order."""
    out = []
    for raw, s in read_lines(os.path.join(HERE, "invalid.txt")):
        if s is None:
            out.append((raw, None))
            continue
        f = s.split(None, 2)
        if len(f) < 2 or f[1] not in MODES:
            raise SystemExit("invalid.txt: bad line: %r" % raw)
        out.append((raw, (f[0], f[1])))
    return out


def call_worker(job):
    p = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker"],
                       input=json.dumps(job), capture_output=True, text=True)
    if p.returncode != 0:
        return {"fatal": "worker exited %d: %s" % (p.returncode,
                                                    p.stderr.strip())}
    try:
        return json.loads(p.stdout)
    except ValueError:
        return {"fatal": "worker printed no JSON: %r %r" % (p.stdout, p.stderr)}


def read_input(case):
    with open(os.path.join(HERE, "in", case + ".xml"), encoding="utf-8") as fh:
        return fh.read()


def mask_generated(inp, out):
    """Masks the uuid and the interface MACs libvirt generated because
    the input gave none; a generated value of the wrong form stays."""
    root = ET.fromstring(inp)
    if root.find("uuid") is None:
        out = UUID_RE.sub("<uuid>%s</uuid>" % MASK_UUID, out, count=1)
    devices = root.find("devices")
    ifaces = devices.findall("interface") if devices is not None else []
    generated = [i.find("mac") is None for i in ifaces]
    if any(generated):
        blocks = re.split(r"(?=<interface\b)", out)
        for i, gen in enumerate(generated, 1):
            if gen and i < len(blocks):
                blocks[i] = MAC_RE.sub("<mac address='%s'" % MASK_MAC, blocks[i], count=1)
        out = "".join(blocks)
    return out


def escape_message(msg):
    msg = msg.replace(SCHEMADIR, SCHEMADIR_MASK)
    return msg.replace("\\", "\\\\").replace("\n", "\\n")


def generate(dest, log):
    """Write out/ and invalid.txt under DEST.

    Returns (order, results, cases): results maps every item (in TAP order)
    to an error string or None.
    """
    cases = parse_cases()
    invalid = parse_invalid()
    results = {}
    order = []
    os.makedirs(os.path.join(dest, "out"), exist_ok=True)

    for name, flags in cases:
        item = "out/%s" % name
        order.append(item)
        r = call_worker({"input": read_input(name),
                         "define_flags": [DEFINE_FLAGS[f] for f in flags
                                          if f in DEFINE_FLAGS],
                         "xml_flags": [XML_FLAGS[f] for f in flags
                                       if f in XML_FLAGS]})
        if "fatal" in r:
            results[item] = r["fatal"]
            continue
        if not r["ok"]:
            results[item] = "libvirt rejected a valid case: %d %d %s" % (
                r["code"], r["domain"], r["message"])
            continue
        with open(os.path.join(dest, "out", name + ".xml"), "w",
                  encoding="utf-8") as fh:
            fh.write(mask_generated(read_input(name), r["xml"]))
        results[item] = None
        log("generated %s" % item)

    lines = []
    for raw, f in invalid:
        if f is None:
            lines.append(raw)
            continue
        name, mode = f
        item = "invalid/%s" % name
        order.append(item)
        r = call_worker({"input": read_input(name),
                         "define_flags": MODES[mode], "xml_flags": []})
        if "fatal" in r:
            results[item] = r["fatal"]
            lines.append(raw)
            continue
        if r["ok"]:
            results[item] = "libvirt accepted an invalid case"
            lines.append(raw)
            continue
        lines.append("%s %s %d %d %s" % (name, mode, r["code"], r["domain"],
                                         escape_message(r["message"])))
        results[item] = None
        log("generated %s" % item)
    with open(os.path.join(dest, "invalid.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")

    return order, results, cases


def invalid_lines(path):
    out = {}
    for raw, s in read_lines(path):
        if s is not None:
            out[s.split()[0]] = raw
    return out


def read_text(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        return None


def check():
    tmp = tempfile.mkdtemp(prefix="tm-domx2x-")
    try:
        order, results, cases = generate(tmp, lambda m: None)
        committed = invalid_lines(os.path.join(HERE, "invalid.txt"))
        fresh = invalid_lines(os.path.join(tmp, "invalid.txt"))
        listed = set("%s.xml" % c[0] for c in cases)
        stale = sorted(f for f in os.listdir(os.path.join(HERE, "out"))
                       if f.endswith(".xml") and f not in listed)
        print("1..%d" % (len(order) + len(stale)))
        failed = 0
        n = 0
        for item in order:
            n += 1
            err = results[item]
            diff = []
            if err is None:
                if item.startswith("invalid/"):
                    name = item[len("invalid/"):]
                    a, b = committed.get(name), fresh.get(name)
                    if a != b:
                        diff = ["- %s" % a, "+ %s" % b]
                else:
                    a = read_text(os.path.join(HERE, item + ".xml"))
                    b = read_text(os.path.join(tmp, item + ".xml"))
                    if a is None:
                        diff = ["committed %s.xml is missing" % item]
                    elif a != b:
                        diff = list(difflib.unified_diff(
                            a.splitlines(), b.splitlines(),
                            "committed/" + item, "libvirt/" + item,
                            lineterm=""))
            if err is None and not diff:
                print("ok %d - %s" % (n, item))
            else:
                failed += 1
                print("not ok %d - %s" % (n, item))
                for line in ([err] if err else []) + diff:
                    print("# " + line)
        for f in stale:
            n += 1
            failed += 1
            print("not ok %d - out/%s has no line in cases.txt" % (n, f))
        return 1 if failed else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    args = sys.argv[1:]
    if args == ["--worker"]:
        worker()
        return 0
    if args == ["--check"]:
        return check()
    if args:
        print("usage: %s [--check]" % sys.argv[0], file=sys.stderr)
        return 2
    order, results, cases = generate(HERE, print)
    bad = [i for i in order if results[i] is not None]
    for i in bad:
        print("FAILED %s: %s" % (i, results[i]), file=sys.stderr)
    listed = set("%s.xml" % c[0] for c in cases)
    for f in sorted(os.listdir(os.path.join(HERE, "out"))):
        if f.endswith(".xml") and f not in listed:
            print("warning: out/%s has no line in cases.txt" % f,
                  file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
