#!/usr/bin/python3
"""tidemark's qemu driver against libvirt 9.0's, domain by domain (TAP).

Usage: compare.py TIDEMARK SOURCE_ROOT [CASE...]

Every domains/NAME.xml goes through libvirt's embedded qemu driver and
through tidemark's (drivers.py):

- define, then the inactive dumpxml: equal, but for a uuid or MAC libvirt
  generated (masked only where the input gave none);
- domxml-to-native qemu-argv: equal to libvirt's domxml-to-native and to
  the command line libvirt really started, once normalise() has removed
  what two management stacks must do differently and the allowlisted
  differences (argv-allowlist.txt, each explained in docs/DEVELOPING.md,
  "QEMU command line: differences from libvirt") are applied;
- start, query-status through qemu-monitor-command, destroy: both run it;
- libvirt's inactive XML, unchanged, on a second tidemark root: the same
  dumpxml byte for byte, the same command line, and it starts.

Every refused/NAME.xml is refused by tidemark at the stage and with the
message refused/expected.txt gives: at define where libvirt refuses
define (then with libvirt's message), at start otherwise (where libvirt
refuses the start too, its message is printed next to ours).

GENERIC lists the generic (src/conf) defaults tidemark does not apply yet;
they are tolerated, and the end of the run says which ones were needed.
"""

import difflib
import os
import re
import shlex
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from drivers import Libvirt, Scratch, Tidemark  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TIDEMARK = os.path.abspath(sys.argv[1])
SRCROOT = os.path.abspath(sys.argv[2])
ONLY = sys.argv[3:]               # a few case names, while debugging

# ---- TAP ----

_count = 0
_failed = 0


def tap(ok, what, detail=None):
    global _count, _failed
    _count += 1
    if not ok:
        _failed += 1
    print('%s %d - %s' % ('ok' if ok else 'not ok', _count, what))
    if detail and not ok:
        for line in detail.rstrip('\n').split('\n'):
            print('#   ' + line)
    sys.stdout.flush()


def diff(a, b, la='libvirt', lb='tidemark'):
    if isinstance(a, list):
        a, b = '\n'.join(a) + '\n', '\n'.join(b) + '\n'
    return ''.join(difflib.unified_diff(a.splitlines(True), b.splitlines(True), la, lb))

# ---- values libvirt generates ----


def generated_values(given_xml, dumped_xml):
    """(value, placeholder) for the uuid and MACs of @dumped_xml that
    @given_xml did not give."""
    given = ET.fromstring(given_xml)
    dumped = ET.fromstring(dumped_xml)
    values = []
    if given.find('uuid') is None and dumped.findtext('uuid'):
        values.append((dumped.findtext('uuid'), '00000000-0000-0000-0000-000000000000'))
    difs = dumped.findall('devices/interface')
    for i, gif in enumerate(given.findall('devices/interface')):
        mac = difs[i].find('mac') if i < len(difs) else None
        if gif.find('mac') is None and mac is not None and \
           mac.get('address', '').startswith('52:54:00:'):
            values.append((mac.get('address'), '52:54:00:00:00:%02x' % i))
    return values


def mask(text, values):
    for value, placeholder in values:
        text = text.replace(value, placeholder)
    return text

# ---- generic defaults tidemark does not apply yet ----
#
# Each rule rewrites both sides the same way. They cover the generic
# post-parse steps of src/conf being written on another branch; the end
# of the run names the rules no case needed any more, to be deleted.


# (id, what libvirt's generic post-parse does, rewrite of the XML tree,
#  rewrite of one command line option). Empty: since the generic defaults
# landed in src/conf, both drivers print the same XML with no rewriting.
GENERIC = []
generic_needed = {rule[0]: [] for rule in GENERIC}


def xml_canonical(text, given, rules):
    root = ET.fromstring(text)
    for rule in rules:
        if rule[2]:
            rule[2](root, given)
    for el in root.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
    ET.indent(root, '  ')
    return ET.tostring(root, encoding='unicode') + '\n'


def compare_xml(case, lv_xml, tm_xml, given_xml):
    """Equal as text, or equal once generic rules are applied; records
    which rules that took."""
    if lv_xml == tm_xml:
        return True, None
    given = ET.fromstring(given_xml)
    if xml_canonical(lv_xml, given, []) == xml_canonical(tm_xml, given, []):
        return False, 'the documents differ in formatting only:\n' + diff(lv_xml, tm_xml)
    a = xml_canonical(lv_xml, given, GENERIC)
    b = xml_canonical(tm_xml, given, GENERIC)
    if a != b:
        return False, diff(a, b)
    for rule in GENERIC:
        others = [r for r in GENERIC if r is not rule]
        if xml_canonical(lv_xml, given, others) != xml_canonical(tm_xml, given, others):
            generic_needed[rule[0]].append(case + ' (dumpxml)')
    return True, None

# ---- command lines ----


def split_options(line):
    """One item per option with its value: '-name guest=...'."""
    words = shlex.split(line)
    # libvirt prefixes the environment it sets (LC_ALL=C PATH=... HOME=...)
    while words and re.match(r'^[A-Z_]+=', words[0]):
        words.pop(0)
    items = [[words[0]]]
    for w in words[1:]:
        if re.match(r'^-[A-Za-z]', w):
            items.append([w])
        else:
            items[-1].append(w)
    return [' '.join(it) for it in items]


def normalise(options, source, autoport):
    """Removes what must differ between two management stacks:
    libvirt's master-key secret and its explicit RAM backend (objects it
    owns), -sandbox, how QEMU is detached and where its pid goes
    (-daemonize/-pidfile: tidemark has QEMU daemonize itself), the
    monitor's socket (a path, or the fd libvirt passes), an autoport VNC
    display (the first free one when it starts), and the tap fd that
    libvirt's domxml-to-native prints for every interface (it turns each
    into an 'ethernet' one; a started domain gets the user netdev)."""
    out = []
    for opt in options:
        if re.match(r'^-object \{"qom-type":"(secret","id":"masterKey0|memory-backend-ram)"', opt):
            continue
        if re.match(r'^-(sandbox|daemonize|pidfile)\b', opt):
            continue
        opt = re.sub(r'^(-machine .*),memory-backend=pc\.ram', r'\1', opt)
        opt = re.sub(r'^(-chardev socket,id=charmonitor),(path|fd)=[^,]*', r'\1,@MONITOR@', opt)
        if autoport:
            opt = re.sub(r'^(-vnc 127\.0\.0\.1):\d+', r'\1:@AUTOPORT@', opt)
        if source == 'libvirt-native':
            opt = re.sub(r'^-netdev \{"type":"tap","fd":"\d+","id":"(hostnet\d+)"\}$',
                         r'-netdev {"type":"user","id":"\1"}', opt)
        out.append(opt)
    return out


class Allowlist:
    """argv-allowlist.txt: 'ID WHERE REGEX [=> REPLACEMENT]'. WHERE is a
    comma list of libvirt-native, libvirt-started, tidemark-native (ours
    when compared with libvirt's domxml-to-native), tidemark-started;
    'libvirt' and 'tidemark' mean both of theirs. An option matching REGEX
    is dropped, or rewritten when a REPLACEMENT is given."""

    def __init__(self, path):
        self.entries = []
        with open(path) as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith('#'):
                    continue
                ident, where, rest = line.split(None, 2)
                regex, _, repl = rest.partition(' =>')
                regex, repl = regex.strip(), repl.strip()
                places = set()
                for w in where.split(','):
                    places |= {w + '-native', w + '-started'} if '-' not in w else {w}
                self.entries.append({'id': ident, 'where': places, 're': re.compile(regex),
                                     'repl': repl if _ else None, 'needed': []})

    @staticmethod
    def apply(entries, options, where):
        out = []
        for opt in options:
            for e in entries:
                if where not in e['where'] or not e['re'].search(opt):
                    continue
                opt = None if e['repl'] is None else e['re'].sub(e['repl'], opt)
                if opt is None:
                    break
            if opt is not None:
                out.append(opt)
        return out

    def compare(self, case, a, b, where_a, where_b):
        """Equal once normalised and allowlisted; records which entries
        and generic rules that took."""
        rules = [(e, 'allow') for e in self.entries] + \
                [({'id': g[0], 'where': {where_a, where_b}, 're': re.compile('.'),
                   'repl': None, 'fn': g[3]}, 'generic') for g in GENERIC if g[3]]

        def run(active):
            x, y = a, b
            for r, kind in active:
                if kind == 'allow':
                    x = self.apply([r], x, where_a)
                    y = self.apply([r], y, where_b)
                else:
                    x = [r['fn'](o) for o in x]
                    y = [r['fn'](o) for o in y]
            return x, y

        x, y = run(rules)
        if x != y:
            return False, diff(x, y)
        for r in rules:
            x, y = run([o for o in rules if o is not r])
            if x != y:
                if r[1] == 'allow':
                    r[0]['needed'].append(case)
                else:
                    generic_needed[r[0]['id']].append(case + ' (argv)')
        return True, None

# ---- live XML ----
#
# What depends on the run is masked: the domain id, the pty QEMU
# allocated, an autoport VNC port. LIVE_DIFFERENCES are what libvirt
# prints live and tidemark cannot produce (docs/QEMU.md, "Deliberate
# differences", names each by its id); each is applied to libvirt's side
# only, and the end of the run says which ones no case needed.


def mask_live(text):
    text = re.sub(r"^(<domain [^>]*) id='[0-9]+'", r"\1 id='ID'", text)
    text = re.sub(r'/dev/pts/[0-9]+', '/dev/pts/N', text)
    text = re.sub(r"(<graphics type='vnc' port=')[0-9]+(' autoport='yes')", r'\1PORT\2', text)
    return text


CPU_BLOCK = re.compile(r"^  <cpu mode='custom'.*?^  </cpu>\n", re.S | re.M)


def live_cpu(text, config):
    """libvirt's custom CPU as QEMU set it up (qemuProcessUpdateLiveGuestCPU
    and virCPUUpdateLive): the features QEMU enabled beyond libvirt's CPU
    map of the model ('require') or left out ('disable'), check='full',
    fallback='forbid'. Replaced by the CPU of libvirt's own config
    (@config, its inactive XML), which is what tidemark prints."""
    live = CPU_BLOCK.search(text)
    inactive = CPU_BLOCK.search(config)
    if not live or not inactive:
        return text
    return text[:live.start()] + inactive.group(0) + text[live.end():]


LIVE_DIFFERENCES = [('live-cpu', live_cpu)]
live_needed = {ident: [] for ident, _ in LIVE_DIFFERENCES}


def compare_live_xml(name, lv_xml, tm_xml, lv_config, values):
    if lv_xml is None or tm_xml is None:
        tap(False, '%s: dumpxml of the running domain' % name,
            'libvirt: %r\ntidemark: %r' % (lv_xml, tm_xml))
        return
    a = mask_live(mask(lv_xml, values))
    b = mask_live(mask(tm_xml, values))
    for ident, rewrite in LIVE_DIFFERENCES:
        if rewrite(a, lv_config) != a:
            live_needed[ident].append(name)
            a = rewrite(a, lv_config)
    tap(a == b, '%s: dumpxml of the running domain' % name, diff(a, b))


def docs_live_differences():
    with open(os.path.join(SRCROOT, 'docs', 'QEMU.md')) as f:
        return f.read()

# ---- the cases ----


def case_names(directory):
    names = sorted(f[:-4] for f in os.listdir(os.path.join(HERE, directory))
                   if f.endswith('.xml'))
    return [n for n in names if not ONLY or n in ONLY]


def write_fixture(scratch, directory, name):
    with open(os.path.join(HERE, directory, name + '.xml')) as f:
        xml = f.read().replace('@IMAGES@', scratch.images)
    path = os.path.join(scratch.dir, name + '.xml')
    with open(path, 'w') as f:
        f.write(xml)
    return xml, path


def has_autoport(xml):
    return any(g.get('autoport') == 'yes' for g in ET.fromstring(xml).findall('devices/graphics'))


def compare_argv(allow, case, what, lv_line, tm_out, values, where):
    # virsh -q prints libvirt's string as it is: no newline at the end
    ok = not tm_out.endswith('\n')
    autoport = has_autoport(case[1])
    a = normalise(split_options(mask(lv_line, values)), 'libvirt-' + where, autoport)
    b = normalise(split_options(mask(tm_out, values)), 'tidemark', autoport)
    same, detail = allow.compare(case[0], a, b, 'libvirt-' + where, 'tidemark-' + where)
    if not ok:
        detail = 'the output ends in a newline; libvirt\'s string has none'
    tap(ok and same, '%s: %s' % (case[0], what), detail)


def compare_domain(lv, tm, tm2, scratch, allow, name):
    xml, path = write_fixture(scratch, 'domains', name)

    lv_ok, lv_err = lv.define(xml)
    tm_ok, tm_err = tm.define(path)
    tap(lv_ok and tm_ok, '%s: define' % name, 'libvirt: %s\ntidemark: %s' % (lv_err, tm_err))
    if not (lv_ok and tm_ok):
        return

    lv_xml = lv.dumpxml(name)
    tm_xml = tm.dumpxml(name)
    values = generated_values(xml, lv_xml) + generated_values(xml, tm_xml)
    same, detail = compare_xml(name, mask(lv_xml, values), mask(tm_xml, values), xml)
    tap(same, '%s: dumpxml --inactive' % name, detail)

    case = (name, lv_xml)
    lv_ok, lv_native = lv.argv(name)
    tm_ok, tm_native = tm.argv_raw(name)
    if lv_ok and tm_ok:
        compare_argv(allow, case, 'qemu-argv as libvirt\'s domxml-to-native', lv_native,
                     tm_native, values, 'native')
    else:
        tap(lv_ok == tm_ok and lv_native == tm_native,
            '%s: domxml-to-native refused as libvirt refuses it' % name,
            'libvirt: %s\ntidemark: %s' % (lv_native, tm_native))

    lv_ok, lv_res, lv_started = lv.start_query_destroy(name)
    tm_ok_start, tm_res = tm.start_query_destroy(name)
    if lv_ok or tm_ok_start:
        tap(lv_ok and tm_ok_start and '"status":"running"' in lv_res and
            '"status":"running"' in tm_res,
            '%s: start, query-status, destroy' % name,
            'libvirt: %s\ntidemark: %s' % (lv_res, tm_res))
    else:
        tap(lv_res == tm_res, '%s: start refused as libvirt refuses it' % name,
            'libvirt: %s\ntidemark: %s' % (lv_res, tm_res))
    if lv_ok and tm_ok_start:
        compare_live_xml(name, lv.live_xml, tm.live_xml, mask(lv_xml, values), values)
    if lv_started and tm_ok:
        compare_argv(allow, case, 'qemu-argv as the command line libvirt started',
                     lv_started, tm_native, values, 'started')

    # libvirt wrote it: tidemark defines it unchanged and runs it
    path2 = os.path.join(scratch.dir, name + '.libvirt.xml')
    with open(path2, 'w') as f:
        f.write(lv_xml)
    ok, err = tm2.define(path2)
    tap(ok, '%s: libvirt\'s XML defines' % name, err)
    if not ok:
        return
    same, detail = compare_xml(name, lv_xml, tm2.dumpxml(name), lv_xml)
    tap(same, '%s: libvirt\'s XML comes back unchanged' % name, detail)
    tm2_ok, tm2_native = tm2.argv_raw(name)
    if lv_ok and tm2_ok:
        compare_argv(allow, case, 'libvirt\'s XML, qemu-argv as libvirt\'s', lv_native,
                     tm2_native, [], 'native')
    ok, res = tm2.start_query_destroy(name)
    if lv_ok:
        tap(ok and '"status":"running"' in res, '%s: libvirt\'s XML starts' % name, res)
    else:
        tap(not ok and res == lv_res, '%s: libvirt\'s XML refused as libvirt refuses it' % name,
            'libvirt: %s\ntidemark: %s' % (lv_res, res))


def load_expected_refusals():
    expected = {}
    with open(os.path.join(HERE, 'refused', 'expected.txt')) as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                name, stage, message = line.rstrip('\n').split(' ', 2)
                expected[name] = (stage, message)
    return expected


def refused_domain(lv, tm, tm2, scratch, name, expected):
    xml, path = write_fixture(scratch, 'refused', name)
    stage, message = expected.get(name, ('?', '(not in refused/expected.txt)'))

    lv_ok, lv_err = lv.define(xml)
    lv_stage = 'define' if not lv_ok else None
    if lv_ok:
        ok, res, started = lv.start_query_destroy(name)
        lv_stage, lv_err = (None, None) if ok else ('start', res)

    tm_ok, tm_err = tm.define(path)
    if not tm_ok:
        tm_stage = 'define'
    else:
        tm_ok, tm_err = tm.start_query_destroy(name)
        tm_stage = None if tm_ok else 'start'
        if not tm_ok:
            # the command line is refused alike
            ok, native = tm.argv_file(path)
            if ok or native != tm_err:
                tm_err = 'domxml-to-native: %s' % (native if not ok else 'accepted')

    detail = 'expected: %s: %s\ntidemark: %s: %s\nlibvirt: %s: %s' % (
        stage, message, tm_stage, tm_err, lv_stage or 'runs it', lv_err)
    ok = tm_stage == stage and tm_err == message
    if lv_stage == 'define' or stage == 'define':
        # where libvirt refuses define, the refusal is libvirt's own
        ok = ok and lv_stage == 'define' and lv_err == tm_err
    tap(ok, '%s: refused at %s' % (name, stage), detail)
    if lv_stage == 'start' and ok:
        print('#   libvirt refuses its start too: %s' % lv_err)
    if lv_stage == 'define':
        return

    # what libvirt wrote is kept as it is, and refused at start too
    lv_xml = lv.dumpxml(name, secure=True)
    path2 = os.path.join(scratch.dir, name + '.libvirt.xml')
    with open(path2, 'w') as f:
        f.write(lv_xml)
    ok, err = tm2.define(path2)
    if ok:
        same, detail = compare_xml(name, lv_xml, tm2.dumpxml(name, secure=True), lv_xml)
        ok, res = tm2.start_query_destroy(name)
        refused = not ok and res.startswith('unsupported configuration: '
                                            'tidemark\'s qemu driver cannot run ')
        ok = same and refused
        detail = detail or 'start: %s' % res
    tap(ok, '%s: libvirt\'s XML kept, and refused at start' % name, err or detail)


def docs_section():
    with open(os.path.join(SRCROOT, 'docs', 'DEVELOPING.md')) as f:
        text = f.read()
    m = re.search(r'^## QEMU command line: differences from libvirt\n(.*?)(?=^## |\Z)', text,
                  re.M | re.S)
    return m.group(1) if m else ''


def main():
    scratch = Scratch()
    scratch.make_images()
    lv = Libvirt(scratch.root('lv'))
    tm = Tidemark(TIDEMARK, SRCROOT, scratch.root('tm'), scratch.dir)
    tm2 = Tidemark(TIDEMARK, SRCROOT, scratch.root('tm2'), scratch.dir)
    allow = Allowlist(os.path.join(HERE, 'argv-allowlist.txt'))

    for name in case_names('domains'):
        compare_domain(lv, tm, tm2, scratch, allow, name)
    expected = load_expected_refusals()
    for name in case_names('refused'):
        refused_domain(lv, tm, tm2, scratch, name, expected)

    section = docs_section()
    for ident in dict.fromkeys(e['id'] for e in allow.entries):
        lines = [e for e in allow.entries if e['id'] == ident]
        needed = sorted({c for e in lines for c in e['needed']})
        if not ONLY:
            tap(all(e['needed'] for e in lines), 'allowlist %s: needed' % ident,
                'a line of it no case needs any more: remove it')
            print('#   by: %s' % ', '.join(needed))
        tap('`%s`' % ident in section, 'allowlist %s: explained in DEVELOPING.md' % ident,
            'no `%s` in "QEMU command line: differences from libvirt"' % ident)
    qemu_md = docs_live_differences()
    for ident, cases in live_needed.items():
        if not ONLY:
            tap(bool(cases), 'live difference %s: needed' % ident,
                'no case needs it any more: remove it')
            print('#   by: %s' % ', '.join(cases))
        tap('`%s`' % ident in qemu_md, 'live difference %s: explained in docs/QEMU.md' % ident,
            'no `%s` in docs/QEMU.md' % ident)
    for ident, cases in generic_needed.items():
        cases = list(dict.fromkeys(cases))
        print('# generic %s: %s' % (ident, ', '.join(cases) if cases else
                                     'needed nowhere: delete the rule'))
    print('1..%d' % _count)
    return 1 if _failed else 0


if __name__ == '__main__':
    sys.exit(main())
