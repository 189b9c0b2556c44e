#!/usr/bin/python3
"""Regenerate (or --check) expected.txt: how libvirt 9.0 escapes text
for XML.

  /usr/bin/python3 tests/xmlescape/gen-expected.py          # rewrite
  /usr/bin/python3 tests/xmlescape/gen-expected.py --check  # verify (TAP)

Each TEXT of cases.txt is set as the description of the default domain
`test` of test:///default (virDomainSetMetadata takes it as a plain
string, so no XML parser sees the control characters), and the content
of <description> in virDomainGetXMLDesc() is what libvirt's
virBufferEscapeString made of it. Both files use the same encoding:
bytes below 0x20, 0x7F and the backslash are written \\xNN and \\\\.
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = ("# Written by gen-expected.py from libvirt 9.0's output: NAME, then the\n"
          "# description libvirt printed for that case's TEXT (encoded as in cases.txt).\n")


def decode(text):
    return re.sub(rb"\\(\\|x[0-9a-fA-F]{2})",
                  lambda m: b"\\" if m.group(1) == b"\\" else bytes([int(m.group(1)[1:], 16)]),
                  text.encode()).decode()


def encode(text):
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def read_cases():
    cases = []
    with open(os.path.join(HERE, "cases.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            name, _, text = line.partition(" ")
            cases.append((name, text))
    return cases


def generate():
    import libvirt

    libvirt.registerErrorHandler(lambda ctx, err: None, None)
    dom = libvirt.open("test:///default").lookupByName("test")
    lines = []
    for name, text in read_cases():
        dom.setMetadata(libvirt.VIR_DOMAIN_METADATA_DESCRIPTION, decode(text), None, None, 0)
        xml = dom.XMLDesc(0)
        found = re.search(r"<description>(.*?)</description>", xml, re.S)
        if not found:
            sys.exit(f"{name}: libvirt printed no <description>")
        lines.append(f"{name} {encode(found.group(1))}\n")
    return HEADER + "".join(lines)


def main():
    path = os.path.join(HERE, "expected.txt")
    text = generate()
    if sys.argv[1:] == ["--check"]:
        with open(path, encoding="utf-8") as f:
            committed = f.read().splitlines()
        fresh = text.splitlines()
        cases = [l for l in fresh if not l.startswith("#")]
        print(f"1..{len(cases) + 1}")
        print(("ok" if committed[:2] == fresh[:2] else "not ok") + " 1 - header")
        failed = committed[:2] != fresh[:2]
        for i, line in enumerate(cases, 2):
            ok = line in committed
            failed |= not ok
            print(f"{'ok' if ok else 'not ok'} {i} - {line.split(' ', 1)[0]}")
            if not ok:
                print(f"# libvirt prints: {line}")
        if len(committed) != len(fresh):
            print(f"# expected.txt has {len(committed)} lines, libvirt's {len(fresh)}")
            failed = True
        sys.exit(1 if failed else 0)
    elif sys.argv[1:]:
        sys.exit(f"usage: {sys.argv[0]} [--check]")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


main()
