#!/usr/bin/python3
"""Regenerate (or --check) the snapshot XML round-trip expectations.

Every expected file in this directory is produced by libvirt 9.0 itself
(python3-libvirt against the in-process test driver); nothing is
hand-edited.  See tests/README.md.

  /usr/bin/python3 tests/snapshotxml2xml/gen-expected.py          # rewrite
  /usr/bin/python3 tests/snapshotxml2xml/gen-expected.py --check  # verify

What is written:
  domains/NAME.xml  virDomainGetXMLDesc(VIR_DOMAIN_XML_INACTIVE) of each
                    domain named in cases.txt / invalid.txt
  out/CASE.xml      virDomainSnapshotGetXMLDesc() of the snapshot made
                    from in/CASE.xml, for every line of cases.txt
  invalid.txt       the CODE ERRDOMAIN MESSAGE columns of every line are
                    rewritten from the error libvirt raised for in/CASE.xml
                    (a new line may carry just `CASE DOMAIN MODE`)

Each case runs in its own subprocess, so every case starts from a fresh
test-driver state (connections inside one process share test:///default).
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

# Masked values (see tests/README.md).
FIXED_TIME = "1525889631"      # replaces the wall-clock creationTime of creates
PARENT_TIME = "1525111885"     # creationTime of the parents made by parent=NAME
SCHEMADIR = "/usr/share/libvirt/schemas/"
SCHEMADIR_MASK = "@SCHEMADIR@/"

# mode -> virDomainSnapshotCreateXML flags (names resolved in the worker)
MODES = {
    "create": [],
    "create-validate": ["VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE"],
    "redefine": ["VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE"],
    "redefine-validate": ["VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE",
                          "VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE"],
}
CREATE_MODES = ("create", "create-validate")   # creationTime is wall-clock
FORMAT_FLAGS = ("secure",)


def uri_for(domain):
    """The test-driver URI that holds DOMAIN."""
    if domain == "test":
        return "test:///default"
    node = os.path.join(HERE, "nodes", domain + "-node.xml")
    if not os.path.exists(node):
        raise SystemExit("no node file %s for domain %r" % (node, domain))
    return "test://" + node


# ---------------------------------------------------------------------------
# worker: runs inside a fresh subprocess, talks JSON over stdin/stdout

def worker():
    import libvirt

    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    job = json.load(sys.stdin)
    res = {}
    try:
        conn = libvirt.open(job["uri"])
        dom = conn.lookupByName(job["domain"])
        if job["what"] == "domain":
            res = {"ok": True,
                   "xml": dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)}
        else:
            res = run_case(libvirt, dom, job)
        conn.close()
    except libvirt.libvirtError as e:
        res = {"fatal": "libvirt error outside the case: %s" % e}
    json.dump(res, sys.stdout)


def run_case(libvirt, dom, job):
    flags = job["flags"]
    # parent=NAME flags: a chain of minimal redefines (REDEFINE|CURRENT, so
    # that a following create attaches to the last one), made before the
    # case.  A snapshot redefine needs name, state, creationTime and (on the
    # test driver) the domain, so the domain's inactive XML is embedded.
    prev = None
    domxml = None
    for f in flags:
        if not f.startswith("parent="):
            continue
        name = f[len("parent="):]
        if domxml is None:
            domxml = dom.XMLDesc(libvirt.VIR_DOMAIN_XML_INACTIVE)
        xml = "<domainsnapshot><name>%s</name><state>running</state>" % name
        if prev:
            xml += "<parent><name>%s</name></parent>" % prev
        xml += "<creationTime>%s</creationTime>%s</domainsnapshot>" % (
            PARENT_TIME, domxml)
        try:
            dom.snapshotCreateXML(
                xml, libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE |
                libvirt.VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)
        except libvirt.libvirtError as e:
            return {"fatal": "redefining parent %s failed: %s" % (name, e)}
        prev = name

    cflags = 0
    for fl in MODES[job["mode"]]:
        cflags |= getattr(libvirt, fl)
    xflags = 0
    if "secure" in flags:
        xflags |= libvirt.VIR_DOMAIN_SNAPSHOT_XML_SECURE

    try:
        snap = dom.snapshotCreateXML(job["input"], cflags)
    except libvirt.libvirtError as e:
        return {"ok": False, "code": e.get_error_code(),
                "domain": e.get_error_domain(),
                "message": e.get_error_message()}
    try:
        xml = snap.getXMLDesc(xflags)
    except libvirt.libvirtError as e:
        return {"fatal": "GetXMLDesc failed: %s" % e}
    return {"ok": True, "xml": xml, "name": snap.getName()}


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
        if len(f) < 3:
            raise SystemExit("cases.txt: bad line: %r" % raw)
        name, domain, mode, flags = f[0], f[1], f[2], f[3:]
        if mode not in MODES:
            raise SystemExit("cases.txt: %s: unknown mode %r" % (name, mode))
        for fl in flags:
            if fl not in FORMAT_FLAGS and not fl.startswith("parent="):
                raise SystemExit("cases.txt: %s: unknown flag %r" % (name, fl))
        cases.append((name, domain, mode, flags))
    return cases


def parse_invalid():
    """[(raw, None) | (raw, (case, domain, mode))] in file order."""
    out = []
    for raw, s in read_lines(os.path.join(HERE, "invalid.txt")):
        if s is None:
            out.append((raw, None))
            continue
        f = s.split(None, 3)
        if len(f) < 3:
            raise SystemExit("invalid.txt: bad line: %r" % raw)
        if f[2] not in MODES:
            raise SystemExit("invalid.txt: %s: unknown mode %r" % (f[0], f[2]))
        out.append((raw, (f[0], f[1], f[2])))
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


def mask_create(xml, name):
    """Replace the wall-clock creationTime, and a name generated from it.

    A generated name also shows up in generated external file names
    (/images/a.NAME), so every occurrence of that number is replaced."""
    m = re.search(r"<creationTime>(\d+)</creationTime>", xml)
    if not m:
        raise RuntimeError("no creationTime in output")
    now = m.group(1)
    xml = xml.replace(m.group(0), "<creationTime>%s</creationTime>" % FIXED_TIME, 1)
    if name == now:
        # the name (and the default bitmap names) were generated from the time
        xml = re.sub(r"(?<![0-9])%s(?![0-9])" % now, FIXED_TIME, xml)
    return xml


def escape_message(msg):
    msg = msg.replace(SCHEMADIR, SCHEMADIR_MASK)
    return msg.replace("\\", "\\\\").replace("\n", "\\n")


def generate(dest, log):
    """Write domains/, out/ and invalid.txt under DEST.

    Returns {item: error-or-None} for every item in TAP order.
    """
    cases = parse_cases()
    invalid = parse_invalid()
    results = {}
    order = []

    domains = []
    for c in cases:
        if c[1] not in domains:
            domains.append(c[1])
    for raw, f in invalid:
        if f and f[1] not in domains:
            domains.append(f[1])

    os.makedirs(os.path.join(dest, "domains"), exist_ok=True)
    os.makedirs(os.path.join(dest, "out"), exist_ok=True)

    for d in domains:
        item = "domains/%s" % d
        order.append(item)
        r = call_worker({"what": "domain", "uri": uri_for(d), "domain": d})
        if not r.get("ok"):
            results[item] = r.get("fatal", "failed")
            continue
        with open(os.path.join(dest, "domains", d + ".xml"), "w",
                  encoding="utf-8") as fh:
            fh.write(r["xml"])
        results[item] = None

    for name, domain, mode, flags in cases:
        item = "out/%s" % name
        order.append(item)
        r = call_worker({"what": "case", "uri": uri_for(domain),
                         "domain": domain, "mode": mode, "flags": flags,
                         "input": read_input(name)})
        if "fatal" in r:
            results[item] = r["fatal"]
            continue
        if not r["ok"]:
            results[item] = "libvirt rejected a valid case: %d %d %s" % (
                r["code"], r["domain"], r["message"])
            continue
        xml = r["xml"]
        if mode in CREATE_MODES:
            xml = mask_create(xml, r["name"])
        with open(os.path.join(dest, "out", name + ".xml"), "w",
                  encoding="utf-8") as fh:
            fh.write(xml)
        results[item] = None
        log("generated %s" % item)

    lines = []
    for raw, f in invalid:
        if f is None:
            lines.append(raw)
            continue
        name, domain, mode = f
        item = "invalid/%s" % name
        order.append(item)
        r = call_worker({"what": "case", "uri": uri_for(domain),
                         "domain": domain, "mode": mode, "flags": [],
                         "input": read_input(name)})
        if "fatal" in r:
            results[item] = r["fatal"]
            lines.append(raw)
            continue
        if r["ok"]:
            results[item] = "libvirt accepted an invalid case"
            lines.append(raw)
            continue
        lines.append("%s %s %s %d %d %s" % (name, domain, mode, r["code"],
                                            r["domain"],
                                            escape_message(r["message"])))
        results[item] = None
        log("generated %s" % item)
    with open(os.path.join(dest, "invalid.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")

    return order, results, cases, invalid


def committed_invalid_lines():
    out = {}
    for raw, s in read_lines(os.path.join(HERE, "invalid.txt")):
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
    tmp = tempfile.mkdtemp(prefix="tm-snapx2x-")
    try:
        order, results, cases, invalid = generate(tmp, lambda m: None)
        committed = committed_invalid_lines()
        fresh = {}
        for raw, s in read_lines(os.path.join(tmp, "invalid.txt")):
            if s is not None:
                fresh[s.split()[0]] = raw
        listed = set("%s.xml" % c[0] for c in cases)
        stale = sorted(f for f in os.listdir(os.path.join(HERE, "out"))
                       if f.endswith(".xml") and f not in listed)
        total = len(order) + len(stale)
        print("1..%d" % total)
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
    order, results, cases, invalid = generate(HERE, print)
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
