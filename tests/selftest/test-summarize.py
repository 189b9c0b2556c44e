#!/usr/bin/python3
"""scripts/summarize.py on made-up meson logs: the subtotal per build,
the closing line last, and every way a run must fail. TAP output.

  test-summarize.py SOURCE-ROOT"""
import json
import os
import subprocess
import sys
import tempfile

ROOT = sys.argv[1]
n = 0
failed = 0


def test(name, suites=None, stdout='', result='OK', env=None, stderr=''):
    """One line of a meson testlog.json."""
    label = f"tidemark:{'+'.join(suites or ['unit'])} / {name}"
    return {'name': label, 'stdout': stdout, 'stderr': stderr, 'result': result,
            'env': env or {'TIDEMARK_SCHEMA_DIR': '/x'}}


def summarize(tmp, builds):
    """builds: [(BUILD, [log lines] or None, suites)]; returns (rc, lines)"""
    args = []
    for build, lines, suites in builds:
        path = os.path.join(tmp, build + '.json')
        if lines is None:
            if os.path.exists(path):
                os.unlink(path)
        else:
            with open(path, 'w') as fh:
                fh.write(''.join(json.dumps(t) + '\n' for t in lines))
        args.append(f"{build}={path}" + (':' + ','.join(suites) if suites else ''))
    p = subprocess.run(['/usr/bin/python3', os.path.join(ROOT, 'scripts', 'summarize.py')] + args,
                       capture_output=True, text=True)
    return p.returncode, p.stdout.replace(tmp + '/', '').splitlines()


def check(desc, got, want_rc, want_lines):
    global n, failed
    n += 1
    rc, lines = got
    if rc == want_rc and lines == want_lines:
        print(f"ok {n} - {desc}")
        return
    failed += 1
    print(f"not ok {n} - {desc}")
    print(f"# exit {rc}, expected {want_rc}")
    for l in lines:
        print(f"# got:  {l}")
    for l in want_lines:
        print(f"# want: {l}")


OK3 = 'ok 1 - a\nok 2 - b\nok 3 - c\n1..3\n'
plain = [test('unit-a', ['unit', 'memcheck'], OK3),
         test('golden', ['api'], 'ok 1 - x\n1..1\n'),
         test('libvirt-ref', ['reference'], 'ok 1 - y\nnot ok 2 - z # SKIP no\n1..2\n')]

with tempfile.TemporaryDirectory() as tmp:
    check("a subtotal per build, then the closing line, last",
          summarize(tmp, [('plain', plain, ['unit', 'api', 'reference']),
                          ('sanitized', plain[:2], ['unit', 'api']),
                          ('valgrind', [plain[0]], ['memcheck']),
                          ('tsan', [plain[0]], ['unit'])]),
          0, ['plain: 5 passed, 0 failed, 1 skipped',
              'sanitized: 4 passed, 0 failed',
              'valgrind: 3 passed, 0 failed',
              'tsan: 3 passed, 0 failed',
              '15 passed, 0 failed, 1 skipped'])

    check("a listed suite that never ran fails the run (a vanished tier)",
          summarize(tmp, [('plain', plain[:2], ['unit', 'api', 'reference'])]),
          1, ["FAILED: plain: suite 'reference' ran no check "
              "(not registered when meson configured the build?)",
              'plain: 4 passed, 1 failed',
              '4 passed, 1 failed'])

    check("a suite whose every check is skipped fails too",
          summarize(tmp, [('plain', [test('ref', ['reference'], 'ok 1 - x # SKIP no virsh\n1..1\n')],
                           ['reference'])]),
          1, ["FAILED: plain: suite 'reference' ran no check "
              "(not registered when meson configured the build?)",
              'plain: 0 passed, 1 failed, 1 skipped',
              '0 passed, 1 failed, 1 skipped'])

    check("a test that printed no result is a failure, a skipped plan is a skip",
          summarize(tmp, [('plain', [test('silent', ['unit'], ''),
                                     test('skipper', ['unit'], '1..0 # SKIP no /dev/kvm\n'),
                                     plain[0]], ['unit'])]),
          1, ['FAILED: plain: silent (OK): printed no result',
              'SKIPPED: plain: skipper: no /dev/kvm',
              'plain: 3 passed, 1 failed, 1 skipped',
              '3 passed, 1 failed, 1 skipped'])

    check("a crash after passing checks counts one failure",
          summarize(tmp, [('tsan', [test('concurrency', ['unit'], OK3, 'ERROR',
                                          stderr='\nThreadSanitizer: data race\n')], ['unit'])]),
          1, ["FAILED: tsan: concurrency (ERROR): no 'not ok' line",
              '  | ThreadSanitizer: data race',
              'tsan: 3 passed, 1 failed',
              '3 passed, 1 failed'])

    tap = ('ok 1 - a\nnot ok 2 - b\n# < want\n# > got\nok 3 - c\n' +
           ''.join(f'not ok {i} - more\n# why {i}\n' for i in range(4, 12)) + '1..11\n')
    check("under a failed test, its 'not ok' lines with their diagnostics, 12 lines at most",
          summarize(tmp, [('plain', [test('tls', ['daemon'], tap, 'ERROR')], ['daemon'])]),
          1, ['FAILED: plain: tls (ERROR)',
              '  | not ok 2 - b', '  | # < want', '  | # > got',
              '  | not ok 4 - more', '  | # why 4', '  | not ok 5 - more', '  | # why 5',
              '  | not ok 6 - more', '  | # why 6', '  | not ok 7 - more', '  | # why 7',
              '  | not ok 8 - more',
              '  | ... (7 more lines in the test log)',
              'plain: 2 passed, 9 failed',
              '2 passed, 9 failed'])

    check("a test run with the regenerate switch set fails",
          summarize(tmp, [('plain', [test('domainxml2xml', ['unit'], OK3,
                                          env={'TIDEMARK_TEST_REGENERATE': '1'})], ['unit'])]),
          1, ['FAILED: plain: domainxml2xml (OK): ran with TIDEMARK_TEST_REGENERATE set',
              'plain: 3 passed, 1 failed',
              '3 passed, 1 failed'])

    check("a missing log fails its build",
          summarize(tmp, [('plain', plain, ['unit']), ('valgrind', None, ['memcheck'])]),
          1, ['FAILED: valgrind: cannot read valgrind.json: No such file or directory',
              'plain: 5 passed, 0 failed, 1 skipped',
              'valgrind: 0 passed, 1 failed',
              '5 passed, 1 failed, 1 skipped'])

print(f"1..{n}")
sys.exit(1 if failed else 0)
