#!/usr/bin/python3
"""Counts the results of the test command's meson runs and prints one
subtotal line per build, then the closing line
"N passed, N failed[, N skipped]" as the very last line.

  summarize.py BUILD=TESTLOG[:SUITE,SUITE...]...

BUILD names the run in its subtotal (plain, sanitized, valgrind, tsan),
TESTLOG is the meson-logs/testlog*.json that run wrote. Each SUITE
listed must have run in that log with at least one check that passed
or failed, so a tier that was never registered (a reference tool
missing when meson configured the build) fails the run instead of
silently counting nothing.

A TAP test counts once per "ok"/"not ok" line (a SKIP directive counts
as skipped). These count as one failure each, on top of what a test
printed: a test that crashed, timed out or failed without a "not ok"
line; a test that printed no result and no "1..0 # SKIP reason"; a test
that ran with a regenerate switch (an environment variable whose name
contains REGENERATE) set, since it may have rewritten the file it
compared with; a missing or unreadable log; a listed suite with no
check. Under each failed test's line comes a short excerpt of what it
printed about the failure. Exits 1 if anything failed."""
import json
import re
import sys

TAP = re.compile(r'^(not )?ok\b(.*)')
SKIP = re.compile(r'#\s*skip\b', re.I)
PLAN_SKIP = re.compile(r'^1\.\.0\s*#\s*skip\b\s*(.*)', re.I)


def suites_of(name):
    """'tidemark:unit+memcheck / api-args' -> ['unit', 'memcheck']"""
    head = name.split(' / ', 1)[0] if ' / ' in name else ''
    return head.split(':', 1)[-1].split('+') if head else []


def regenerate_vars(env):
    return sorted(k for k, v in (env or {}).items() if 'REGENERATE' in k and v)


def failure_excerpt(result, out, err, limit=12):
    """What a failed test said about its failure, short enough for the
    tail of a CI log: its "not ok" lines, each with the first few
    diagnostic lines under it; else, when meson saw it fail, the end of
    its stderr, or of its stdout."""
    lines = out.splitlines()
    excerpt = []
    for i, l in enumerate(lines):
        if l.startswith('not ok') or l.startswith('Bail out!'):
            excerpt.append(l)
            for d in lines[i + 1:i + 5]:
                if not d.startswith('#'):
                    break
                excerpt.append(d)
    if not excerpt and result not in ('OK', 'EXPECTEDFAIL', 'SKIP'):
        excerpt = (err.strip() or out.strip()).splitlines()[-6:]
    if len(excerpt) > limit:
        excerpt = excerpt[:limit] + [f"... ({len(excerpt) - limit} more lines in the test log)"]
    return excerpt


def count_build(build, path, suites):
    """Returns (passed, failed, skipped, problems) for one testlog."""
    passed = failed = skipped = 0
    problems = []  # failures of the build as a whole
    checks_per_suite = {s: 0 for s in suites}
    try:
        lines = open(path, encoding='utf-8').read().splitlines()
    except OSError as e:
        return 0, 1, 0, [f"{build}: cannot read {path}: {e.strerror}"]
    for line in lines:
        t = json.loads(line)
        name = t['name'].split(' / ', 1)[-1]
        out = t.get('stdout') or ''
        p = f = s = 0
        plan_skip = None
        for l in out.splitlines():
            m = TAP.match(l)
            if m:
                if SKIP.search(m.group(2)):
                    s += 1
                elif m.group(1):
                    f += 1
                else:
                    p += 1
            elif PLAN_SKIP.match(l):
                plan_skip = PLAN_SKIP.match(l).group(1).strip() or '(no reason)'
        why = []
        if t['result'] not in ('OK', 'EXPECTEDFAIL', 'SKIP') and f == 0:
            f += 1
            why.append("no 'not ok' line")
        elif p + f + s == 0 and plan_skip is None:
            f += 1
            why.append("printed no result")
        if p + f + s == 0 and plan_skip is not None:
            s += 1
            print(f"SKIPPED: {build}: {name}: {plan_skip}")
        regen = regenerate_vars(t.get('env'))
        if regen:
            f += 1
            why.append(f"ran with {', '.join(regen)} set")
        if f:
            detail = f": {'; '.join(why)}" if why else ""
            print(f"FAILED: {build}: {name} ({t['result']}){detail}")
            for l in failure_excerpt(t['result'], out, t.get('stderr') or ''):
                print(f"  | {l}")
        for suite in suites_of(t['name']):
            if suite in checks_per_suite:
                checks_per_suite[suite] += p + f
        passed += p
        failed += f
        skipped += s
    for suite, n in checks_per_suite.items():
        if n == 0:
            failed += 1
            problems.append(f"{build}: suite '{suite}' ran no check "
                            f"(not registered when meson configured the build?)")
    return passed, failed, skipped, problems


def counts(p, f, s):
    text = f"{p} passed, {f} failed"
    return text + (f", {s} skipped" if s else "")


def main(args):
    if not args:
        print("usage: summarize.py BUILD=TESTLOG[:SUITE,...]...", file=sys.stderr)
        return 2
    subtotals = []
    problems = []
    total = [0, 0, 0]
    for arg in args:
        build, _, rest = arg.partition('=')
        path, _, suite_list = rest.partition(':')
        suites = [s for s in suite_list.split(',') if s]
        p, f, s, probs = count_build(build, path, suites)
        subtotals.append(f"{build}: {counts(p, f, s)}")
        problems += probs
        total = [total[0] + p, total[1] + f, total[2] + s]
    for line in problems:
        print(f"FAILED: {line}")
    for line in subtotals:
        print(line)
    print(counts(*total))
    return 1 if total[1] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
