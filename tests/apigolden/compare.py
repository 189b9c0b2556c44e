#!/usr/bin/python3
"""Runs every API scenario through libvirt 9.0 (golden.py) and through
tidemark (the golden program) and compares the transcripts. TAP output.

  compare.py GOLDEN-PROGRAM SCENARIO-OR-DIRECTORY...
  compare.py --wire VIA TIDEMARKD [--except NAME]... SCENARIO-OR-DIRECTORY...

--wire compares python3-libvirt with itself over the wire instead: VIA
(tests/daemon/golden-via.sh) runs golden.py through a fresh libvirtd
and through a fresh TIDEMARKD. --except leaves out a scenario (NAME.scn)
found in a directory, for a test of its own.

Masked in both transcripts: Unix times (10-digit numbers from
1500000000 to 1999999999, i.e. creation times and names made from
them) and the directory of the schema file named in schema errors.
Nothing else."""
import difflib
import glob
import os
import re
import subprocess
import sys

TIME = re.compile(r"\b1[5-9]\d{8}\b")
SCHEMA = re.compile(r"(Unable to validate doc against )\S*/")


def mask(text):
    return SCHEMA.sub(r"\1SCHEMADIR/", TIME.sub("TIME", text))


here = sys.argv[0].rsplit("/", 1)[0]
args = sys.argv[1:]
if args[0] == "--wire":
    via, tidemarkd = args[1:3]
    srcroot = os.path.dirname(os.path.dirname(os.path.abspath(here)))
    theirs_cmd = ["bash", via, "libvirtd", tidemarkd, srcroot]
    ours_cmd = ["bash", via, "tidemarkd", tidemarkd, srcroot]
    theirs_name, ours_name = "libvirtd", "tidemarkd"
    args = args[3:]
else:
    theirs_cmd = ["/usr/bin/python3", f"{here}/golden.py"]
    ours_cmd = [args[0]]
    theirs_name, ours_name = "libvirt-9.0", "tidemark"
    args = args[1:]
apart = set()
while args and args[0] == "--except":
    apart.add(args[1])
    args = args[2:]
failed = 0
scenarios = []
for arg in args:
    if os.path.isdir(arg):
        scenarios += sorted(s for s in glob.glob(os.path.join(arg, "*.scn"))
                            if os.path.basename(s) not in apart)
    else:
        scenarios.append(arg)
for i, scn in enumerate(scenarios, 1):
    theirs = subprocess.run(theirs_cmd + [scn], capture_output=True, text=True)
    ours = subprocess.run(ours_cmd + [scn], capture_output=True, text=True)
    a = mask(theirs.stdout).splitlines(keepends=True)
    b = mask(ours.stdout).splitlines(keepends=True)
    name = scn.rsplit("/", 1)[-1]
    problems = []
    if theirs.returncode != 0:
        problems.append(f"{theirs_name} runner failed: {theirs.stderr.strip()}")
    if ours.returncode != 0:
        problems.append(f"{ours_name} runner exited {ours.returncode}: {ours.stderr.strip()}")
    if a != b:
        problems.append("".join(difflib.unified_diff(a, b, theirs_name, ours_name)))
    if problems:
        failed += 1
        print(f"not ok {i} - {name}")
        for p in problems:
            for line in p.splitlines():
                print("# " + line)
    else:
        print(f"ok {i} - {name} ({len(a)} transcript lines identical)")
print(f"1..{len(scenarios)}")
sys.exit(1 if failed else 0)
