#!/usr/bin/python3
# tests/daemon/session.py: the per-user daemon, as an ordinary user
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   session.py TIDEMARKD TIDEMARK-CLI UNITDIR
#
# Run as root: makes (once) the system user tidemark-test and runs every
# client and daemon as that user with runuser, in a scratch directory
# holding its XDG dirs. This script makes itself a child subreaper, so a
# daemon the library starts (which leaves its starter) is reparented to
# it: it can be counted, waited for and stopped by PID. Checked:
#   - autostart: `tidemark -c qemu:///session` with no daemon starts
#     "tidemarkd --timeout=120" in its own session, connects, serves;
#     the session qemu driver keeps its files in the XDG dirs
#   - test+unix:///default without socket= autostarts too (libvirt's
#     rule); with TIDEMARK_AUTOSTART=0, or a socket= of its own, nothing
#     is started; a missing daemon binary is reported
#   - the same rule and daemon command line as Debian's virsh, which
#     starts libvirtd, for the same URIs as the same user
#   - four clients at once start exactly one daemon
#   - --timeout: no exit while a client is connected or a domain runs
#     (TCG: /dev/kvm is root's), exit 0 one timeout after the last
#     client otherwise, sockets and pid file gone
#   - SIGHUP: a new log_level / log_outputs take effect; a broken file
#     is refused and changes nothing
#   - socket activation through systemd-socket-activate, by socket path
#     and by LISTEN_FDNAMES; the read-only socket stays read-only
#   - the systemd units pass `systemd-analyze verify` (and a broken one
#     does not, so the check can fail)
import ctypes
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

USER = 'tidemark-test'
PR_SET_CHILD_SUBREAPER = 36

tidemarkd = os.path.realpath(sys.argv[1])
cli = os.path.realpath(sys.argv[2])
unitdir = os.path.realpath(sys.argv[3])

count = 0
failed = 0


def ok(cond, what, diag=''):
    global count, failed
    count += 1
    print(f'{"ok" if cond else "not ok"} {count} - {what}')
    if not cond:
        failed += 1
        for line in str(diag).splitlines():
            print(f'# {line}')
    sys.stdout.flush()
    return cond


def bail(why):
    print(f'Bail out! {why}')
    sys.exit(1)


for tool in ('runuser', 'setpriv', 'useradd', 'systemd-analyze', 'systemd-socket-activate'):
    if not shutil.which(tool):
        bail(f'{tool} is missing: install it (bash scripts/deps.sh)')
if os.geteuid() != 0:
    bail('run as root: the test switches to an ordinary user with runuser')
try:
    pw = pwd.getpwnam(USER)
except KeyError:
    subprocess.run(['useradd', '--system', '--no-create-home', '--home-dir', '/nonexistent',
                    '--shell', '/usr/sbin/nologin', USER], check=True)
    pw = pwd.getpwnam(USER)

libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    bail('prctl(PR_SET_CHILD_SUBREAPER) failed')

top = tempfile.mkdtemp(prefix='tidemark-session.')
os.chmod(top, 0o755)
sandir = os.path.join(top, 'sanitizer')
os.makedirs(sandir)
os.chmod(sandir, 0o1777)
started = []        # PIDs of daemons this script started or adopted


def user_dir(name):
    path = os.path.join(top, name)
    os.makedirs(path)
    os.chown(path, pw.pw_uid, pw.pw_gid)
    os.chmod(path, 0o700)
    return path


class Home:
    """One user's XDG dirs, and the commands run as that user in them."""

    def __init__(self, name):
        self.dir = user_dir(name)
        self.env = {
            'HOME': self.dir,
            'XDG_RUNTIME_DIR': os.path.join(self.dir, 'run'),
            'XDG_CONFIG_HOME': os.path.join(self.dir, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.dir, 'cache'),
            'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
        }
        for key in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS', 'TSAN_OPTIONS',
                    'TIDEMARK_ACCEL'):
            if key in os.environ:
                self.env[key] = os.environ[key]
        # a sanitized build: every report of every process (an autostarted
        # daemon's stderr is /dev/null) lands in SANDIR, checked at the end
        for key in ('ASAN_OPTIONS', 'UBSAN_OPTIONS'):
            if key in self.env:
                self.env[key] += f':log_path={sandir}/report'
            elif 'ASAN_OPTIONS' in self.env:
                self.env[key] = f'log_path={sandir}/report'
        for key in ('XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME'):
            os.makedirs(self.env[key], mode=0o700)
            os.chown(self.env[key], pw.pw_uid, pw.pw_gid)
        self.sockdir = os.path.join(self.env['XDG_RUNTIME_DIR'], 'tidemark')
        self.sock = os.path.join(self.sockdir, 'tidemark-sock')
        self.pidfile = os.path.join(self.sockdir, 'tidemarkd.pid')

    def argv(self, args, extra=None):
        env = dict(self.env, **(extra or {}))
        return ['runuser', '-u', USER, '--', 'env', '-i'] + \
            [f'{k}={v}' for k, v in env.items()] + list(args)

    def exec_argv(self, args):
        """As argv(), but the command keeps the PID: setpriv execs where
        runuser forks, so a daemon started this way is our child and
        takes our signals directly."""
        return ['setpriv', f'--reuid={pw.pw_uid}', f'--regid={pw.pw_gid}', '--clear-groups',
                'env', '-i'] + [f'{k}={v}' for k, v in self.env.items()] + list(args)

    def run(self, args, extra=None, timeout=60):
        return subprocess.run(self.argv(args, extra), capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)

    def cli(self, uri, *args, extra=None):
        return self.run([cli, '-c', uri] + list(args), extra)

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write(text)
        os.chown(path, pw.pw_uid, pw.pw_gid)
        return path


def proc_stat(pid):
    """(comm, state, ppid, sid), or None once the process is gone."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            text = f.read()
    except OSError:
        return None
    comm = text[text.index('(') + 1:text.rindex(')')]
    fields = text[text.rindex(')') + 2:].split()
    return comm, fields[0], int(fields[1]), int(fields[3])


def user_daemons(comm='tidemarkd'):
    """PIDs of the test user's @comm processes, zombies included
    (a daemon that failed at once is a zombie of ours until reaped)."""
    pids = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        st = proc_stat(int(entry))
        try:
            uid = os.stat(f'/proc/{entry}').st_uid
        except OSError:
            continue
        if st and st[0] == comm and uid == pw.pw_uid:
            pids.append(int(entry))
    return sorted(pids)


def alive(pid):
    st = proc_stat(pid)
    return st is not None and st[1] != 'Z'


def reap(pid, timeout=10.0):
    """Waits for our child or adopted @pid; its exit status, or None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None
        if done == pid:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    return None


def stop(pid):
    """SIGTERM, then SIGKILL after 5 s; the exit status."""
    if pid in started:
        started.remove(pid)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    rc = reap(pid, 5.0)
    if rc is None and alive(pid):
        os.kill(pid, signal.SIGKILL)
        rc = reap(pid, 5.0)
    return rc


def wait_for(cond, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.05)
    return cond()


def cleanup():
    for pid in list(started):
        stop(pid)
    for pid in user_daemons():
        if proc_stat(pid)[2] == os.getpid():
            stop(pid)
    # zombies of anything else we adopted
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break
    shutil.rmtree(top, ignore_errors=True)


DOMAIN = """<domain type='qemu'>
  <name>vm1</name>
  <memory unit='MiB'>64</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
</domain>
"""


def test_autostart():
    h = Home('autostart')
    ok(not os.path.exists(h.sock), 'no session daemon before the first connection')
    r = h.cli('qemu:///session', 'list', '--all')
    ok(r.returncode == 0 and 'Id   Name   State' in r.stdout,
       'tidemark -c qemu:///session with no daemon: served', r.stdout + r.stderr)
    daemons = user_daemons()
    if not ok(len(daemons) == 1 and alive(daemons[0]), 'one tidemarkd runs for the user',
              daemons):
        return
    pid = daemons[0]
    started.append(pid)
    with open(f'/proc/{pid}/cmdline') as f:
        cmdline = f.read().split('\0')[:-1]
    ok(cmdline == [tidemarkd, '--timeout=120'], 'started as "tidemarkd --timeout=120" '
       '(the build tree\'s, for a program of the build tree)', cmdline)
    comm, state, ppid, sid = proc_stat(pid)
    ok(sid == pid and ppid == os.getpid(),
       'in its own session, no longer the client\'s child', f'sid {sid} ppid {ppid}')
    ok(os.stat(f'/proc/{pid}').st_uid == pw.pw_uid and os.path.exists(h.pidfile) and
       os.stat(h.sock).st_mode & 0o777 == 0o700,
       'runs as the user; socket (0700) and pid file in $XDG_RUNTIME_DIR/tidemark')
    ok(not os.path.exists(os.path.join(h.sockdir, 'tidemarkd.lock')),
       'the spawn lock is removed once connected')

    dom = h.write('vm1.xml', DOMAIN)
    r = h.cli('qemu:///session', 'define', dom)
    ok(r.returncode == 0, 'define through the session daemon', r.stdout + r.stderr)
    ok(os.path.exists(os.path.join(h.env['XDG_CONFIG_HOME'], 'tidemark', 'qemu', 'vm1.xml')),
       'the definition is in $XDG_CONFIG_HOME/tidemark/qemu (libvirt: ~/.config/libvirt/qemu)')
    ok(os.path.exists(os.path.join(h.sockdir, 'qemu', 'run', 'driver.pid')),
       'the session qemu driver\'s lock is in $XDG_RUNTIME_DIR/tidemark/qemu/run')

    rc = stop(pid)
    ok(rc == 0 and not os.path.exists(h.sock) and not os.path.exists(h.pidfile),
       'SIGTERM: exit 0, socket and pid file removed', f'exit {rc}')
    r = h.cli('qemu:///session', 'list', '--all', '--name')
    daemons = user_daemons()
    started.extend(daemons)
    ok(r.returncode == 0 and r.stdout.split() == ['vm1'] and len(daemons) == 1,
       'the next connection starts a new daemon, which has the domain',
       r.stdout + r.stderr + str(daemons))
    for pid in daemons:
        stop(pid)

    r = h.cli('test+unix:///default', 'list', '--name')
    daemons = user_daemons()
    started.extend(daemons)
    ok(r.returncode == 0 and r.stdout.split() == ['test'] and len(daemons) == 1,
       'test+unix:///default without socket= autostarts too, as libvirt does',
       r.stdout + r.stderr)
    for pid in daemons:
        stop(pid)

    r = h.cli('qemu:///session', 'list', extra={'TIDEMARK_AUTOSTART': '0'})
    ok(r.returncode != 0 and f"Failed to connect socket to '{h.sock}'" in r.stderr and
       not user_daemons(), 'TIDEMARK_AUTOSTART=0: no daemon, libvirt\'s connect error',
       r.stderr)
    other = os.path.join(h.dir, 'elsewhere-sock')
    r = h.cli(f'qemu:///session?socket={other}', 'list')
    ok(r.returncode != 0 and f"Failed to connect socket to '{other}'" in r.stderr and
       not user_daemons(), 'an explicit socket= is never autostarted', r.stderr)
    start = time.monotonic()
    r = h.cli('qemu:///session', 'list', extra={'TIDEMARKD_PATH': '/nonexistent'})
    ok(r.returncode != 0 and "Cannot run '/nonexistent/tidemarkd'" in r.stderr and
       time.monotonic() - start < 5, 'TIDEMARKD_PATH names the directory of the daemon '
       'to start; a missing one is reported at once', r.stderr)


def test_reference():
    """The autostart rule and command line against libvirt's own: the
    same URIs through Debian's virsh (which starts libvirtd) and through
    tidemark, as the same user."""
    cases = [
        ('test+unix:///default', {}),
        ('test+unix:///default?socket={dir}/none-sock', {}),
        ('test+unix:///default', {'{AUTOSTART}': '0'}),
    ]
    for uri, extra in cases:
        seen = {}
        for tool, daemon, var in (('virsh', 'libvirtd', 'LIBVIRT_AUTOSTART'),
                                  (cli, 'tidemarkd', 'TIDEMARK_AUTOSTART')):
            h = Home(f'ref-{daemon}-{len(os.listdir(top))}')
            env = {var if k == '{AUTOSTART}' else k: v for k, v in extra.items()}
            r = h.run([tool, '-c', uri.format(dir=h.dir), 'list', '--name'], env)
            pids = user_daemons(daemon)
            started.extend(pids)
            argv = []
            if pids:
                with open(f'/proc/{pids[0]}/cmdline') as f:
                    argv = f.read().split('\0')[1:-1]
            # a session of its own (libvirt's intermediate process leads
            # it, GLib's does not, so only "not the caller's" is compared)
            # and / as its working directory
            seen[daemon] = (r.returncode, len(pids), argv,
                            [proc_stat(pid)[3] != os.getsid(0) for pid in pids],
                            [os.readlink(f'/proc/{pid}/cwd') for pid in pids])
            for pid in pids:
                stop(pid)
        what = uri.replace('{dir}', 'DIR') + ''.join(f' {k}={v}' for k, v in extra.items())
        ok(seen['libvirtd'] == seen['tidemarkd'],
           f'{what}: as virsh/libvirtd (exit, daemons started, their arguments, session, '
           'working directory)',
           f'virsh: {seen["libvirtd"]}\ntidemark: {seen["tidemarkd"]}')


def test_concurrent():
    h = Home('concurrent')
    procs = [subprocess.Popen(h.argv([cli, '-c', 'qemu:///session', 'list', '--all']),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              stdin=subprocess.DEVNULL) for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in procs]
    daemons = user_daemons()
    started.extend(daemons)
    ok(all(p.returncode == 0 for p in procs), 'four clients at once are all served',
       '\n'.join(o[1] for o in outs))
    ok(len(daemons) == 1 and alive(daemons[0]),
       'and exactly one daemon was started (none started and failed either)',
       [(pid, proc_stat(pid)) for pid in daemons])
    for pid in daemons:
        stop(pid)


def start_daemon(h, args, name='d'):
    """tidemarkd run directly as the user; (Popen, log path)."""
    log = os.path.join(h.dir, f'{name}.stderr')
    with open(log, 'w') as f:
        p = subprocess.Popen(h.exec_argv([tidemarkd] + args), stdout=f, stderr=f,
                             stdin=subprocess.DEVNULL)
    started.append(p.pid)
    if not wait_for(lambda: os.path.exists(h.sock) or p.poll() is not None, 20) or \
            p.poll() is not None:
        with open(log) as f:
            bail(f'tidemarkd did not start: {f.read()}')
    return p, log


def exit_after(p, h, low, high):
    """Waits up to @high s for @p to end; (exit status, seconds taken)."""
    start = time.monotonic()
    try:
        rc = p.wait(timeout=high)
    except subprocess.TimeoutExpired:
        return None, high
    if p.pid in started:
        started.remove(p.pid)
    return rc, time.monotonic() - start


def test_timeout():
    h = Home('timeout')
    p, log = start_daemon(h, ['--timeout=2'])
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(h.sock)
    time.sleep(3.5)
    ok(p.poll() is None, '--timeout=2: still there 3.5 s after start while a client is '
       'connected')
    conn.close()
    rc, took = exit_after(p, h, 2, 8)
    ok(rc == 0 and took >= 1.5 and not os.path.exists(h.sock) and
       not os.path.exists(h.pidfile),
       'exit 0 about 2 s after the last client left, socket and pid file removed',
       f'exit {rc} after {took:.1f} s')

    p, log = start_daemon(h, ['--timeout=2'])
    dom = h.write('vm1.xml', DOMAIN)
    r = h.cli('qemu:///session', 'define', dom)
    r2 = h.cli('qemu:///session', 'start', 'vm1')
    if not ok(r.returncode == 0 and r2.returncode == 0, 'a domain started (TCG)',
              r.stderr + r2.stderr):
        stop(p.pid)
        return
    time.sleep(4.5)
    ok(p.poll() is None, 'no exit while a domain runs, 4.5 s after the last client '
       '(libvirtd\'s shutdown inhibition)')
    r = h.cli('qemu:///session', 'destroy', 'vm1')
    ok(r.returncode == 0, 'destroy', r.stderr)
    rc, took = exit_after(p, h, 2, 10)
    ok(rc == 0, 'with the domain stopped, exit 0 one timeout after the last client',
       f'exit {rc} after {took:.1f} s')


def test_sighup():
    h = Home('sighup')
    logfile = os.path.join(h.dir, 'tidemarkd.log')
    conf_text = ('unix_sock_dir = "{d}"\nlog_level = {lvl}\n'
                 'log_outputs = "{lvl}:file:{log}"\n')
    conf = h.write('tidemarkd.conf', conf_text.format(d=h.sockdir, lvl=3, log=logfile))
    p, stderr_log = start_daemon(h, ['-f', conf])
    uri = f'test+unix:///default?socket={h.sock}'
    h.cli(uri, 'list')
    with open(logfile) as f:
        before = f.read()
    ok(' debug : ' not in before, 'log_level 3: no debug line for a call', before)

    h.write('tidemarkd.conf', conf_text.format(d=h.sockdir, lvl=1, log=logfile))
    os.kill(p.pid, signal.SIGHUP)
    ok(wait_for(lambda: 'log_level 1' in open(logfile).read(), 10),
       'SIGHUP: the file is read again (log_level 1 logged)')
    h.cli(uri, 'list')
    with open(logfile) as f:
        after = f.read()
    ok(' debug : client ' in after and 'proc 66 type 0' in after,
       'after SIGHUP with log_level 1, every call is logged', after[-2000:])

    h.write('tidemarkd.conf', 'log_level = 9\n')
    os.kill(p.pid, signal.SIGHUP)
    ok(wait_for(lambda: 'reload failed, configuration unchanged' in open(logfile).read(), 10),
       'SIGHUP with a broken file: refused, logged in the outputs in use')
    size = os.path.getsize(logfile)
    r = h.cli(uri, 'list')
    with open(logfile) as f:
        f.seek(size)
        tail = f.read()
    ok(r.returncode == 0 and ' debug : client ' in tail,
       'and the daemon serves and logs as before', tail)
    rc = stop(p.pid)
    ok(rc == 0 and not os.path.exists(h.sock), 'SIGTERM: exit 0, sockets removed',
       f'exit {rc}')


def test_activation():
    h = Home('activation')
    act = os.path.join(h.dir, 'act')
    os.makedirs(act)
    os.chown(act, pw.pw_uid, pw.pw_gid)
    conf = h.write('tidemarkd.conf', f'unix_sock_dir = "{h.sockdir}"\n')

    def activate(paths, names=None):
        args = ['systemd-socket-activate']
        for path in paths:
            args += ['-l', path]
        if names:
            args += [f'--fdname={names}']
        args += [tidemarkd, '-f', conf, '-p', os.path.join(h.dir, 'act.pid')]
        log = open(os.path.join(h.dir, f'act{len(paths)}{names or ""}.stderr'), 'w')
        p = subprocess.Popen(h.exec_argv(args), stdout=log, stderr=log,
                             stdin=subprocess.DEVNULL)
        started.append(p.pid)
        ok(wait_for(lambda: all(os.path.exists(x) for x in paths), 10),
           'systemd-socket-activate listens')
        return p

    rw = os.path.join(act, 'tidemark-sock')
    ro = os.path.join(act, 'tidemark-sock-ro')
    p = activate([rw, ro])
    r = h.cli(f'test+unix:///default?socket={rw}', 'list', '--name')
    ok(r.returncode == 0 and r.stdout.split() == ['test'],
       'a client on the passed read-write socket is served', r.stdout + r.stderr)
    r = h.cli(f'test+unix:///default?socket={ro}', 'destroy', 'test')
    ok(r.returncode != 0 and 'read only access prevents virDomainDestroy' in r.stderr,
       'the passed read-only socket refuses a mutating call', r.stderr)
    ok(not os.path.exists(h.sock), 'the daemon made no socket of its own')
    with open(f'/proc/{p.pid}/cmdline') as f:
        ok(f.read().split('\0')[0] == tidemarkd, 'tidemarkd is the activated process')
    rc = stop(p.pid)
    ok(rc == 0 and os.path.exists(rw), 'SIGTERM: exit 0; the passed socket is left to its '
       'owner', f'exit {rc}')

    # names win over paths: sockets named otherwise, told apart by
    # LISTEN_FDNAMES as systemd passes the socket units' names
    a = os.path.join(act, 'a.sock')
    b = os.path.join(act, 'b.sock')
    p = activate([a, b], 'tidemarkd-ro.socket:tidemarkd.socket')
    r = h.cli(f'test+unix:///default?socket={b}', 'list', '--name')
    ok(r.returncode == 0 and r.stdout.split() == ['test'],
       'LISTEN_FDNAMES: the socket named tidemarkd.socket is read-write', r.stderr)
    r = h.cli(f'test+unix:///default?socket={a}', 'destroy', 'test')
    ok(r.returncode != 0 and 'read only access prevents' in r.stderr,
       'and the one named tidemarkd-ro.socket read-only', r.stderr)
    stop(p.pid)

    c = os.path.join(act, 'c.sock')
    p = activate([c])
    r = h.cli(f'test+unix:///default?socket={c}', 'list')
    rc = reap(p.pid, 10)
    if p.pid in started:
        started.remove(p.pid)
    with open(os.path.join(h.dir, 'act1.stderr')) as f:
        log = f.read()
    ok(rc == 1 and 'is neither tidemark-sock nor tidemark-sock-ro' in log,
       'a passed socket it cannot place: refused at start', f'exit {rc}\n{log}')


def test_units():
    work = os.path.join(top, 'units')
    os.makedirs(work)
    names = ['tidemarkd.service', 'tidemarkd.socket', 'tidemarkd-ro.socket']
    for name in names:
        with open(os.path.join(unitdir, name)) as f:
            text = f.read()
        # the installed path does not exist here: the build tree's daemon
        lines = [f'ExecStart={tidemarkd} $TIDEMARKD_ARGS' if line.startswith('ExecStart=')
                 else line for line in text.splitlines()]
        with open(os.path.join(work, name), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    paths = [os.path.join(work, n) for n in names]
    r = subprocess.run(['systemd-analyze', 'verify', '--man=no'] + paths,
                       capture_output=True, text=True)
    ok(r.returncode == 0 and not r.stderr.strip() and not r.stdout.strip(),
       'systemd-analyze verify: the three units are clean', r.stdout + r.stderr)

    with open(paths[0]) as f:
        text = f.read()
    with open(paths[0], 'w') as f:
        f.write(text.replace(f'ExecStart={tidemarkd}', 'ExecStart=tidemarkd-nowhere'))
    r = subprocess.run(['systemd-analyze', 'verify', '--man=no'] + paths,
                       capture_output=True, text=True)
    ok(r.returncode != 0, 'and a unit with a bad ExecStart fails it', r.stdout + r.stderr)


def test_sanitizers():
    """No sanitizer report from any process, the daemons' stderr files
    and the reports' own directory alike."""
    reports = []
    for root, dirs, files in os.walk(top):
        for name in files:
            path = os.path.join(root, name)
            if root == sandir or name.endswith('.stderr'):
                with open(path, errors='replace') as f:
                    text = f.read()
                if root == sandir or 'Sanitizer' in text or 'runtime error:' in text:
                    reports.append(f'{path}:\n{text[:3000]}')
    ok(not reports, 'no sanitizer report from any client or daemon', '\n'.join(reports))


try:
    test_units()
    test_autostart()
    test_reference()
    test_concurrent()
    test_timeout()
    test_sighup()
    test_activation()
    test_sanitizers()
finally:
    cleanup()
print(f'1..{count}')
sys.exit(1 if failed else 0)
