#!/usr/bin/python3
"""Counts the results of every meson test log given and prints the
closing line "N passed, N failed[, N skipped]".

A TAP test counts once per "ok"/"not ok" line (a skip directive counts
as skipped); a test that crashed or timed out counts as one failure on
top of what it printed. Exits 1 if anything failed."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    label = path.split('/')[0]
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        print(f"{path}: {e}")
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        out = t.get('stdout') or ''
        p = f = s = 0
        for l in out.splitlines():
            m = re.match(r'^(not )?ok\b(.*)', l)
            if not m:
                continue
            if re.search(r'#\s*skip', m.group(2), re.I):
                s += 1
            elif m.group(1):
                f += 1
            else:
                p += 1
        if t['result'] not in ('OK', 'EXPECTEDFAIL', 'SKIP') and f == 0:
            f += 1  # crashed, timed out or failed without a TAP line
        if t['result'] == 'SKIP' and p + f + s == 0:
            s += 1
        if f:
            print(f"FAILED: {label}: {t['name']} ({t['result']})")
        passed += p
        failed += f
        skipped += s

line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
print(line)
sys.exit(1 if failed else 0)
