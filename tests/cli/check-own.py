#!/usr/bin/python3
"""The second check of tests/cli/expected/: each transcript that is
tidemark's by design (docs/CLI.md) is derived from what Debian's virsh
prints for the same command line, by the documented rules only, and
compared with the file. TAP output.

  check-own.py EXPECTED-DIR TIDEMARK-VERSION

The first check (tm_case_own in lib.sh) compares the files with what
tidemark prints; this one proves they are virsh's output with these
differences and no others:
- help, -h: only the commands tidemark has (the command lines of the
  transcript), in virsh's groups and order, with the text virsh prints
  for them; a group with none of them is left out; "Virsh itself (help
  keyword 'virsh')" reads "Tidemark itself (help keyword 'tidemark')";
  -h names the program "tidemark".
- -v, --version: tidemark's version where virsh prints libvirt's.
- -V: the first line names tidemark and its version, the second is
  tidemark's (BUILD_LINE below, for virsh's web site line), and each
  "Compiled with support for" line keeps a subset of virsh's words in
  virsh's order.
Exit codes and stderr are virsh's."""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

BUILD_LINE = "virsh-compatible, built against the tidemark library API"
# tidemark's own commands (docs/QEMU.md): virsh has none of them; they are
# listed in the "Tidemark itself" group, in name order among virsh's, with
# these summaries and nothing else of theirs.
TIDEMARK_OWN = {
    "backup-wait": "follow a domain's backup job to its end (tidemark's own)",
    "checkpoint-create-offline": "create a checkpoint of a shut-off domain (tidemark's own)",
    "checkpoint-delete-offline": "delete a checkpoint of a shut-off domain (tidemark's own)",
    "checkpoint-verify": "check the bitmaps behind checkpoints (tidemark's own)",
}
GROUP = re.compile(r"^ (.*) \(help keyword '(\w+)'\):?$")
COMMAND = re.compile(r"^    (\S+) ")
VIRSH_GROUP = ("Virsh itself (help keyword 'virsh')",
               "Tidemark itself (help keyword 'tidemark')")


def virsh(*args):
    """(exit code, stdout, stderr) of virsh -c test:///default ARGS, in
    the private environment lib.sh gives both tools."""
    with tempfile.TemporaryDirectory() as home:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home,
               "XDG_CACHE_HOME": home + "/.cache", "XDG_CONFIG_HOME": home + "/.config",
               "LC_ALL": "C.UTF-8", "TZ": "Asia/Kolkata"}
        p = subprocess.run(["virsh", "-c", "test:///default", *args], env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def read_transcript(path):
    """(exit code, stdout, stderr) from "exit N", "--- stdout", ..."""
    text = open(path, encoding="utf-8").read()
    m = re.match(r"exit (\d+)\n--- stdout\n(.*)--- stderr\n(.*)\Z", text, re.S)
    if not m:
        raise ValueError(f"{path}: not a transcript")
    return int(m.group(1)), m.group(2), m.group(3)


def own_line(name):
    return f"    {name:<30} {TIDEMARK_OWN[name]}\n"


def add_own_commands(group, names):
    """The "Tidemark itself" group with tidemark's own commands of @names
    put in name order among virsh's."""
    own = sorted(n for n in names if n in TIDEMARK_OWN)
    out = [group[0]]
    for line in group[1:]:
        cmd = COMMAND.match(line)
        while own and cmd and own[0] < cmd.group(1):
            out.append(own_line(own.pop(0)))
        out.append(line)
    out += [own_line(n) for n in own]
    return out


def only_commands(text, names):
    """virsh's listing @text cut down to the commands in @names."""
    out = []
    group = None  # lines of the group being read, header first
    kept = 0
    for line in text.splitlines(keepends=True):
        header = GROUP.match(line.rstrip("\n"))
        if header:
            group, kept = [line.replace(*VIRSH_GROUP)], 0
        elif group is not None and line.strip() == "":
            if group[0].rstrip("\n").rstrip(":").endswith(VIRSH_GROUP[1]):
                group = add_own_commands(group, names)
                kept = len(group) - 1
            if kept:
                out += group + [line]
            group = None
        elif group is not None:
            cmd = COMMAND.match(line)
            if cmd and cmd.group(1) in names:
                group.append(line)
                kept += 1
        else:
            out.append(line)
    return "".join(out + (group if group and kept else []))


def listing_expectation(ours, *args):
    names = {m.group(1) for m in map(COMMAND.match, ours[1].splitlines()) if m}
    rc, out, err = virsh(*args)
    return rc, only_commands(out, names).replace("virsh [options]", "tidemark [options]"), err


def version_expectation(version, *args):
    libvirt_version = virsh("-v")[1].strip()
    rc, out, err = virsh(*args)
    return rc, out.replace(libvirt_version, version), err


def build_expectation(ours, version):
    libvirt_version = virsh("-v")[1].strip()
    rc, out, err = virsh("-V")
    theirs = out.splitlines(keepends=True)
    mine = ours[1].splitlines(keepends=True)
    want = [theirs[0].replace("Virsh", "tidemark").replace(
                "libvirt " + libvirt_version, "tidemark " + version),
            BUILD_LINE + "\n"]
    support = {}
    for line in theirs[2:]:
        key, sep, words = line.partition(":")
        if sep and line.startswith(" "):
            support[key] = words.split()
        else:
            want.append(line)
    # our support lines, each a subset of virsh's words in virsh's order
    for line in mine[len(want):]:
        key, sep, words = line.partition(":")
        if sep and key in support:
            own = words.split()
            subset = [w for w in support[key] if w in own]
            want.append(f"{key}: {' '.join(subset)}\n")
    return rc, "".join(want), err


def main():
    expected_dir, version = sys.argv[1], sys.argv[2]
    if not shutil.which("virsh"):
        print("Bail out! virsh (libvirt-clients) is not installed: "
              "install it (bash scripts/deps.sh)")
        return 1
    cases = [
        ("help-all", lambda o: listing_expectation(o, "help")),
        ("usage", lambda o: listing_expectation(o, "-h")),
        ("version", lambda o: version_expectation(version, "-v")),
        ("version-long", lambda o: version_expectation(version, "--version")),
        ("version-build", lambda o: build_expectation(o, version)),
    ]
    failed = 0
    for i, (name, derive) in enumerate(cases, 1):
        path = os.path.join(expected_dir, name + ".txt")
        try:
            ours = read_transcript(path)
        except (OSError, ValueError) as e:
            ours, want = None, str(e)
        if ours is not None:
            want = derive(ours)
        if ours == want:
            print(f"ok {i} - {name}: virsh's output by the documented rules")
            continue
        failed += 1
        print(f"not ok {i} - {name}")
        if ours is None:
            print(f"# {want}")
            continue
        for what, a, b in zip(("exit", "stdout", "stderr"), want, ours):
            for line in difflib.unified_diff(str(a).splitlines(), str(b).splitlines(),
                                             f"{what} derived from virsh", f"{what} in the file",
                                             lineterm=""):
                print(f"# {line}")
    print(f"1..{len(cases)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
