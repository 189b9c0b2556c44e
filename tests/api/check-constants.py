#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Check the constants of the public headers (TAP output).

1. enum-values built against our headers prints exactly enum-values.txt
   (the values of libvirt 9.0);
2. enum-values built against libvirt's headers prints the same;
3. api-constants.def lists every enumerator and VIR_* macro of our headers;
4. each enum of ours has every enumerator libvirt's enum of the same name has.
Checks 2 and 4 fail when libvirt's headers were missing at configure time.
"""

import argparse
import difflib
import pathlib
import re
import subprocess
import sys

# Macros that are not constants.
NOT_CONSTANTS = {"VIR_DEPRECATED", "VIR_EXPORT_VAR"}


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def header_enums(text):
    """{typedef name: [enumerator, ...]} for every 'typedef enum {...} Name;'."""
    enums = {}
    for m in re.finditer(r"typedef\s+enum\s*\{(.*?)\}\s*(\w+)\s*;", text, re.S):
        body = re.sub(r"^\s*#.*$", "", m.group(1), flags=re.M)
        names = [re.match(r"\s*(\w+)", part).group(1)
                 for part in body.split(",") if part.strip()]
        enums[m.group(2)] = names
    return enums


def header_macros(text):
    """Object-like VIR_* macros (function-like ones are not constants)."""
    return [m.group(1) for m in
            re.finditer(r"^\s*#\s*define\s+(VIR_\w+)\b(?!\()", text, re.M)
            if m.group(1) not in NOT_CONSTANTS]


# tidemark's own API, compared with nothing in libvirt (check 5 instead)
EXTENSIONS = "tidemark-extensions.h"


def read_headers(directory):
    return "\n".join(strip_comments(p.read_text())
                     for p in sorted(pathlib.Path(directory).glob("*.h"))
                     if p.name != EXTENSIONS)


def run(binary):
    return subprocess.run([binary], check=True, capture_output=True,
                          text=True).stdout.splitlines()


def diff(expected, actual, names):
    return "\n".join(difflib.unified_diff(expected, actual, *names, lineterm=""))


class Tap:
    def __init__(self, count):
        self.n = 0
        self.failed = 0
        print(f"1..{count}")

    def result(self, ok, desc, detail=""):
        self.n += 1
        self.failed += not ok
        print(f"{'ok' if ok else 'not ok'} {self.n} - {desc}")
        for line in detail.splitlines():
            print(f"# {line}")

    def missing(self, desc):
        """A comparison with libvirt that cannot run: a failure."""
        self.result(False, desc, "libvirt's headers (libvirt-dev) were missing "
                    "when meson configured this build directory: install "
                    "them (bash scripts/deps.sh) and reconfigure")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--def", dest="deffile", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--headers", required=True, help="include/tidemark")
    ap.add_argument("--ours", required=True, help="enum-values binary (ours)")
    ap.add_argument("--libvirt", help="enum-values binary built on libvirt")
    ap.add_argument("--libvirt-headers", help="/usr/include/libvirt")
    args = ap.parse_args()

    tap = Tap(5)
    table = pathlib.Path(args.table).read_text().splitlines()
    ours = run(args.ours)
    tap.result(ours == table, "our constants have libvirt 9.0's values "
               "(enum-values.txt)", diff(table, ours, ("table", "ours")))

    if args.libvirt:
        theirs = run(args.libvirt)
        tap.result(theirs == ours, "libvirt's headers give the same values",
                   diff(theirs, ours, ("libvirt", "ours")))
    else:
        tap.missing("libvirt's headers give the same values")

    listed = set(re.findall(r"^TM_(?:INT|STR)\((\w+)\)",
                            pathlib.Path(args.deffile).read_text(), re.M))
    text = read_headers(args.headers)
    ours_enums = header_enums(text)
    declared = set(header_macros(text))
    for names in ours_enums.values():
        declared.update(names)
    missing = sorted(declared - listed)
    tap.result(not missing, "api-constants.def lists every constant of our "
               "headers", "missing: " + " ".join(missing) if missing else "")

    if args.libvirt_headers:
        theirs_enums = header_enums(read_headers(args.libvirt_headers))
        problems = []
        for enum, names in sorted(ours_enums.items()):
            if enum not in theirs_enums:
                problems.append(f"{enum}: no such enum in libvirt")
                continue
            lacking = [n for n in theirs_enums[enum] if n not in names]
            if lacking:
                problems.append(f"{enum} lacks: {' '.join(lacking)}")
        tap.result(not problems, "each of our enums has all of libvirt's "
                   "enumerators", "\n".join(problems))
    else:
        tap.missing("each of our enums has all of libvirt's enumerators")
    ext = strip_comments((pathlib.Path(args.headers) / EXTENSIONS).read_text())
    ext_names = set(re.findall(r"^\s*#\s*define\s+(\w+)", ext, re.M))
    for enum, names in header_enums(ext).items():
        ext_names.add(enum)
        ext_names.update(names)
    bad = sorted(n for n in ext_names if not n.startswith(("tidemark", "TIDEMARK_")))
    tap.result(not bad, "tidemark-extensions.h names only tidemark*/TIDEMARK_* "
               "things", "not prefixed: " + " ".join(bad) if bad else "")

    return 1 if tap.failed else 0

if __name__ == "__main__":
    sys.exit(main())
