#!/usr/bin/python3
# tests/cli/pty-shell.py: the interactive shell on a terminal
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# CI has no terminal, so tidemark runs here on a pseudo-terminal and the
# test types at it like a user: it proves libedit is in charge (line
# editing with backspace and cursor keys, history, tab completion) and
# that the banner, prompt and output are right.  Prints TAP.
#
#   pty-shell.py TIDEMARK-BINARY

import os
import pty
import select
import shutil
import sys
import tempfile
import time

TIMEOUT = 10.0


class Shell:
    """tidemark -c test:///default on a pty, with a transcript."""

    def __init__(self, binary, home, extra_args=()):
        env = dict(os.environ, TERM="vt100", HOME=home, LC_ALL="C.UTF-8",
                   XDG_CACHE_HOME=os.path.join(home, ".cache"))
        for var in ("VISUAL", "TIDEMARK_DEFAULT_CONNECT_URI", "TIDEMARK_DEBUG"):
            env.pop(var, None)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(binary, [binary, "-c", "test:///default", *extra_args], env)
        self.output = b""
        self.pos = 0

    def read_until(self, needle, timeout=TIMEOUT):
        """Reads until @needle (bytes) appears after the previous match."""
        deadline = time.monotonic() + timeout
        while needle not in self.output[self.pos:]:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            self.output += data
        self.pos = self.output.index(needle, self.pos) + len(needle)
        return True

    def type(self, keys):
        """Types @keys (str) one byte at a time, as a user would.  The
        pause first lets libedit finish switching the terminal to raw
        mode after the prompt, which may discard input typed earlier."""
        time.sleep(0.2)
        for byte in keys.encode():
            os.write(self.fd, bytes([byte]))
            time.sleep(0.005)

    def close(self):
        """Waits for the shell to exit; returns its exit status."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if ready:
                    self.output += os.read(self.fd, 4096)
            except OSError:
                pass
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        return None


TABLE = b" Id   Name   State\r\n----------------------\r\n 1    test   running\r\n"
PROMPT = b"tidemark # "


def main():
    binary = sys.argv[1]
    home = tempfile.mkdtemp(prefix="tidemark-pty.")
    results = []

    def check(name, ok, shell):
        results.append(ok)
        print(("ok" if ok else "not ok") + " %d - %s" % (len(results), name))
        if not ok:
            for line in shell.output.decode(errors="replace").splitlines()[-30:]:
                print("# " + repr(line))

    try:
        sh = Shell(binary, home)
        check("banner and prompt",
              sh.read_until(b"Welcome to tidemark, the virtualization interactive terminal.")
              and sh.read_until(PROMPT), sh)

        # typos fixed with backspace (DEL and ^H): "list --all" runs
        sh.type("lisx\x7ft --alx\x08l\r")
        check("backspace edits the line", sh.read_until(TABLE) and sh.read_until(PROMPT), sh)

        # cursor left and insert: "dmstate" -> "domstate"
        sh.type("dmstate test")
        sh.type("\x1b[D" * 11 + "o\r")
        check("cursor keys move within the line",
              sh.read_until(b"running\r\n") and sh.read_until(PROMPT), sh)

        # up arrow recalls the previous line
        sh.type("\x1b[A\r")
        check("history recalls the last command",
              sh.read_until(b"running\r\n") and sh.read_until(PROMPT), sh)

        # tab completes a command name and an option name
        sh.type("checkpoint-create-a\t test c1\r")
        check("tab completes a command",
              sh.read_until(b"Domain checkpoint c1 created") and sh.read_until(PROMPT), sh)
        sh.type("checkpoint-list test --tr\t\r")
        check("tab completes an option",
              sh.read_until(b"c1\r\n") and sh.read_until(PROMPT), sh)

        # errors go to the terminal too, and the shell goes on
        sh.type("bogus\r")
        check("errors are shown and the shell continues",
              sh.read_until(b"error: unknown command: 'bogus'") and sh.read_until(PROMPT), sh)

        sh.type("quit\r")
        status = sh.close()
        check("quit ends the shell with status 0", status == 0, sh)

        history = os.path.join(home, ".cache", "tidemark", "history")
        # libedit writes blanks as \040
        ok = os.path.exists(history) and "checkpoint-create-as" in open(history).read()
        check("history is saved", ok, sh)

        # read-only prompt, and end of input (Ctrl-D) ends the shell
        sh = Shell(binary, home, ["-r"])
        check("read-only prompt", sh.read_until(b"tidemark > "), sh)
        sh.type("\x04")
        check("Ctrl-D ends the shell with status 0", sh.close() == 0, sh)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
