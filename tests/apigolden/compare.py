#!/usr/bin/python3
"""Runs every API scenario through libvirt 9.0 (golden.py) and through
tidemark (the golden program) and compares the transcripts. TAP output.

  compare.py GOLDEN-PROGRAM SCENARIO-OR-DIRECTORY...

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
program = sys.argv[1]
failed = 0
scenarios = []
for arg in sys.argv[2:]:
    scenarios += sorted(glob.glob(os.path.join(arg, "*.scn"))) if os.path.isdir(arg) else [arg]
for i, scn in enumerate(scenarios, 1):
    theirs = subprocess.run(["/usr/bin/python3", f"{here}/golden.py", scn],
                            capture_output=True, text=True)
    ours = subprocess.run([program, scn], capture_output=True, text=True)
    a = mask(theirs.stdout).splitlines(keepends=True)
    b = mask(ours.stdout).splitlines(keepends=True)
    name = scn.rsplit("/", 1)[-1]
    problems = []
    if theirs.returncode != 0:
        problems.append(f"libvirt runner failed: {theirs.stderr.strip()}")
    if ours.returncode != 0:
        problems.append(f"tidemark runner exited {ours.returncode}: {ours.stderr.strip()}")
    if a != b:
        problems.append("".join(difflib.unified_diff(a, b, "libvirt-9.0", "tidemark")))
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
