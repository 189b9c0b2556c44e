#!/usr/bin/python3
"""The second check of out-tidemark/: each expected output of a case in
divergent.txt must be libvirt 9.0's own output for the same input with
the documented divergence applied, and nothing else. TAP output.

  /usr/bin/python3 tests/domainxml2xml/check-divergent.py [FIXTURE-DIR]

The divergence (divergent.txt, docs/DEVELOPING.md): libvirt drops domain
elements it does not know, tidemark keeps them. So, line by line,
out-tidemark/CASE.xml must be libvirt's output (python3-libvirt on
test:///default: define with the case's flags, virDomainGetXMLDesc,
undefine) with lines inserted and none changed or removed; each inserted
run of lines must be elements of the input, as the input writes them
(compared without indentation); and there must be at least one, or the
case does not diverge. The first check, tidemark's output against the
file, is tests/unit/test-domainxml2xml.c.
"""

import difflib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
XML_FLAGS = {"inactive": "VIR_DOMAIN_XML_INACTIVE", "secure": "VIR_DOMAIN_XML_SECURE"}
DEFINE_FLAGS = {"validate": "VIR_DOMAIN_DEFINE_VALIDATE"}


def worker():
    """In a fresh process (test:///default is shared within one):
    define, format, undefine; the result as JSON on stdout."""
    import libvirt

    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    job = json.load(sys.stdin)
    conn = libvirt.open("test:///default")
    flags = {k: 0 for k in ("define", "xml")}
    for kind in flags:
        for name in job[kind]:
            flags[kind] |= getattr(libvirt, name)
    try:
        dom = conn.defineXMLFlags(job["input"], flags["define"])
        res = {"xml": dom.XMLDesc(flags["xml"])}
        dom.undefine()
    except libvirt.libvirtError as e:
        res = {"error": str(e)}
    json.dump(res, sys.stdout)


def libvirt_output(text, case_flags):
    job = {"input": text,
           "define": [DEFINE_FLAGS[f] for f in case_flags if f in DEFINE_FLAGS],
           "xml": [XML_FLAGS[f] for f in case_flags if f in XML_FLAGS]}
    p = subprocess.run(["/usr/bin/python3", os.path.abspath(__file__), "--worker"],
                       input=json.dumps(job), capture_output=True, text=True)
    if p.returncode != 0:
        return None, "libvirt worker failed: " + p.stderr.strip()
    res = json.loads(p.stdout)
    return res.get("xml"), res.get("error")


def problems_of(theirs, ours, given):
    """What keeps @ours from being @theirs plus runs of @given's lines."""
    a, b = theirs.splitlines(), ours.splitlines()
    given_lines = [l.strip() for l in given.splitlines()]
    problems = []
    inserted = 0
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag != "insert":
            problems += [f"libvirt's line changed or dropped: {l}" for l in a[i1:i2]]
            continue
        run = [l.strip() for l in b[j1:j2]]
        inserted += len(run)
        if not any(given_lines[k:k + len(run)] == run
                   for k in range(len(given_lines) - len(run) + 1)):
            problems += [f"added, but not in the input as written: {l}" for l in b[j1:j2]]
    if not inserted and not problems:
        problems.append("identical to libvirt's output: not a divergent case")
    return problems


def main(fixture_dir):
    cases = []
    with open(os.path.join(fixture_dir, "divergent.txt"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                cases.append(line.split())
    failed = 0
    for n, (case, *flags) in enumerate(cases, 1):
        given = open(os.path.join(fixture_dir, "in", case + ".xml"), encoding="utf-8").read()
        try:
            ours = open(os.path.join(fixture_dir, "out-tidemark", case + ".xml"),
                        encoding="utf-8").read()
        except OSError as e:
            ours, problems = None, [str(e)]
        if ours is not None:
            theirs, error = libvirt_output(given, flags)
            problems = [error] if error else problems_of(theirs, ours, given)
        if problems:
            failed += 1
            print(f"not ok {n} - out-tidemark/{case}")
            for p in problems:
                print(f"# {p}")
        else:
            print(f"ok {n} - out-tidemark/{case}: libvirt's output plus input elements")
    print(f"1..{len(cases)}")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker()
        sys.exit(0)
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else HERE))
