# tests/cli/lib.sh: golden CLI scenarios, tidemark against Debian's virsh
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A scenario is a bash script that sources this file and lists cases:
#
#   . "$(dirname "$0")/lib.sh"
#   tm_begin "$@"                      # args: TIDEMARK-BINARY SOURCE-ROOT
#                                      # sets TM_DATA (tests/cli/data) and
#                                      # TM_NODE (the multi-disk node file)
#   tm_case NAME WORD...               # run "TOOL -c URI WORD..." (no -c
#                                      #   when TM_URI is empty)
#   tm_case_stdin NAME FILE WORD...    # the same with FILE on stdin
#   tm_case_own NAME FILE WORD...      # tidemark only, against FILE
#   tm_end
#
# Each case runs the same command line through the real virsh and through
# tidemark, twice each: once with stdout and stderr apart, once with both
# on one stream (2>&1, which checks their interleaving).  The case passes
# when stdout, stderr, the merged stream and the exit code are all
# byte-identical after masking.  There are no stored expectations: the
# expected output is always what the installed virsh prints.  Output is
# TAP; a failing case prints a unified diff as TAP comments.
#
# tm_case_own is for the few command lines whose output is tidemark's
# by design, not virsh's (docs/CLI.md says which and why): the full
# command listing, the usage text, the version.  It runs tidemark alone
# and compares its exit code, stdout and stderr with the checked-in
# transcript FILE (tests/cli/expected/NAME.txt).  With
# TIDEMARK_TEST_REGENERATE=1 it rewrites a FILE that differs from
# tidemark's output, and the case still fails; review the diff, then
# check it with tests/cli/check-own.py (tests/README.md).
#
# State: test:///default is fresh in every process, so a case that needs
# state runs all its commands in one invocation ("a; b; c" or stdin).
#
# Through daemons: with TM_REMOTE_DAEMON set to a tidemarkd binary,
# tm_begin starts it and Debian's libvirtd (TM_REFERENCE_DAEMON), each
# on a socket in the scratch directory (stopped by their PIDs at exit).
# Every test:// URI then becomes test+unix://PATH?socket=SOCK: tidemark
# goes through its remote driver to tidemarkd, virsh through libvirt's
# to libvirtd, the reference for what a daemon changes (keepalive is
# supported over a socket, not in-process).  Each tool's output shows
# the URI it was given where the other's shows its own: that string
# reads TM_URI again.
#
# Masks (applied to both tools' output; each hides something virsh
# itself prints differently from run to run, or from install to
# install):
#   - "YYYY-MM-DD hh:mm:ss" of the list tables: the creation time
#     (the "+hhmm" zone after it is kept, TZ is fixed)
#   - <creationTime>N</creationTime>: the same time in the XML
#   - 10-digit numbers starting with 1: default checkpoint/snapshot names
#     are the creation time in seconds
#   - "CPU time: N.Ns" of dominfo: the test driver reports the wall clock
#   - "(Time: N ms)" of --timing
#   - the directory of the schema file in schema errors ("Unable to
#     validate doc against DIR/domaincheckpoint.rng"): it is where each
#     tool is installed (virsh: /usr/share/libvirt/schemas)
#   - $TMPDIR/virshXXXXXX.xml and $TMPDIR/tidemarkXXXXXX.xml: the random
#     temporary file of the *-edit commands (its prefix is the tool name)
# and to virsh's output only:
#   - the log lines libvirt's library writes to stderr by itself ("DATE:
#     PID: warning : virDomainSnapshotDefParse:287 : parsing older
#     snapshot..."); tidemark's library does not log
#   - the line libxml2 writes to stderr by itself when libvirt's library
#     asks it to read a file that does not exist ("I/O warning : failed
#     to load external entity "/nonexistent.xml""), before the error
#     virsh prints; tidemark's library reads the file itself and only
#     reports the error
# and, for the interactive shell:
#   - the prompt "virsh # " / "virsh > " reads "tidemark # " / "tidemark > "
#     (anywhere on a line: with -q a prompt follows output directly)
#   - "Welcome to virsh," reads "Welcome to tidemark," (the program name)

TM_VIRSH=${TM_VIRSH:-virsh}
TM_URI=test:///default
TM_COUNT=0
TM_FAILED=0

# tm_begin TIDEMARK SRCROOT: checks the tools, makes a scratch directory.
tm_begin() {
    TM_TIDEMARK=$(realpath "$1")
    TM_SRCROOT=$(realpath "$2")
    if ! command -v "$TM_VIRSH" >/dev/null 2>&1; then
        # the reference is missing: fail, never skip (tests/README.md)
        echo "Bail out! virsh (libvirt-clients) is not installed:" \
             "install it (bash scripts/deps.sh)"
        exit 1
    fi
    if [ ! -x "$TM_TIDEMARK" ]; then
        echo "Bail out! no tidemark binary at '$TM_TIDEMARK'"
        exit 1
    fi
    TM_WORK=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-cli.XXXXXX")
    trap 'rm -rf "$TM_WORK"' EXIT
    mkdir -p "$TM_WORK/home" "$TM_WORK/tmp" "$TM_WORK/run"
    # both tools see the same, private environment
    export HOME=$TM_WORK/home XDG_CACHE_HOME=$TM_WORK/home/.cache \
        XDG_CONFIG_HOME=$TM_WORK/home/.config TMPDIR=$TM_WORK/tmp \
        TZ=Asia/Kolkata LC_ALL=C.UTF-8 EDITOR=true
    unset VISUAL LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI \
        TIDEMARK_DEFAULT_CONNECT_URI VIRSH_DEBUG TIDEMARK_DEBUG \
        VIRSH_LOG_FILE TIDEMARK_LOG_FILE
    TM_FILES=$TM_WORK/files
    mkdir -p "$TM_FILES"
    TM_DATA=$TM_SRCROOT/tests/cli/data
    TM_EXPECTED=$TM_SRCROOT/tests/cli/expected
    TM_NODE=$TM_SRCROOT/tests/checkpointxml2xml/nodes/multi-node.xml
    TM_REMOTE_SOCK=
    TM_REFERENCE_SOCK=
    [ -n "${TM_REMOTE_DAEMON:-}" ] && tm_start_daemons
    return 0
}

# tm_start_daemon NAME BINARY: starts BINARY (tidemarkd, or libvirtd
# with the same options) on $TM_WORK/NAME for the whole scenario and
# sets TM_STARTED_SOCK to its read-write socket.  Stopped by its PID at
# exit (tm_stop_daemons).
tm_start_daemon() {
    local dir=$TM_WORK/$1 bin=$2 i sock pid
    mkdir -p "$dir"
    printf 'unix_sock_dir = "%s"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n' \
        "$dir" >"$dir/daemon.conf"
    # An empty driver directory: libvirtd then loads none of its state
    # drivers (network, qemu, ... whose pid files under /run/libvirt one
    # root libvirtd at a time may hold) and serves only the test driver
    # built into libvirt.so, so scenarios may run in parallel.
    mkdir -p "$dir/no-drivers"
    LIBVIRT_DRIVER_DIR=$dir/no-drivers \
        "$bin" -f "$dir/daemon.conf" -p "$dir/daemon.pid" >"$dir/log" 2>&1 &
    pid=$!
    TM_DAEMON_PIDS="$TM_DAEMON_PIDS $pid"
    sock=$dir/$(basename "$bin" | sed 's/d$//')-sock
    [ "$(basename "$bin")" = libvirtd ] && sock=$dir/libvirt-sock
    for i in $(seq 200); do
        [ -S "$sock" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ ! -S "$sock" ]; then
        echo "Bail out! $bin did not start: $(cat "$dir/log")"
        exit 1
    fi
    TM_STARTED_SOCK=$sock
}

# tm_start_daemons: tidemarkd for tidemark, Debian's libvirtd for virsh.
tm_start_daemons() {
    local ref=${TM_REFERENCE_DAEMON:-/usr/sbin/libvirtd}
    TM_DAEMON_PIDS=
    trap 'tm_stop_daemons; rm -rf "$TM_WORK"' EXIT
    if [ ! -x "$ref" ]; then
        echo "Bail out! $ref (libvirt-daemon) is not installed: install it (bash scripts/deps.sh)"
        exit 1
    fi
    tm_start_daemon tidemarkd "$TM_REMOTE_DAEMON"
    TM_REMOTE_SOCK=$TM_STARTED_SOCK
    tm_start_daemon libvirtd "$ref"
    TM_REFERENCE_SOCK=$TM_STARTED_SOCK
}

tm_stop_daemons() {
    local pid
    for pid in $TM_DAEMON_PIDS; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
}

# tm_tool_uri TOOL: the URI TOOL is given for TM_URI.
tm_tool_uri() {
    local sock=$TM_REFERENCE_SOCK
    [ "$1" = "$TM_TIDEMARK" ] && sock=$TM_REMOTE_SOCK
    if [ -n "$sock" ] && [ "${TM_URI#test://}" != "$TM_URI" ]; then
        echo "test+unix://${TM_URI#test://}?socket=$sock"
    else
        echo "$TM_URI"
    fi
}

# tm_mask FILE: the masks common to both tools, in place.
tm_mask() {
    sed -E -i \
        -e 's/^(CPU time: +)[0-9.]+s$/\1Ns/' \
        -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/YYYY-MM-DD hh:mm:ss/g' \
        -e 's|<creationTime>[0-9]+</creationTime>|<creationTime>T</creationTime>|g' \
        -e 's/(^|[^0-9])1[0-9]{9}($|[^0-9])/\1EPOCH\2/g' \
        -e 's/\(Time: [0-9.]+ ms\)/(Time: N ms)/g' \
        -e 's#(Unable to validate doc against )[^ ]*/#\1SCHEMADIR/#g' \
        -e "s#$TMPDIR/(virsh|tidemark)[A-Za-z0-9]{6}\\.xml#TMPFILE.xml#g" \
        "$1"
}

# tm_unmask_uri FILE URI: URI (the daemon's) reads TM_URI, in place.
tm_unmask_uri() {
    local file=$1 from=$2 to=$TM_URI
    URI_FROM=$from URI_TO=$to perl -pi -e 's/\Q$ENV{URI_FROM}\E/$ENV{URI_TO}/g' "$file"
}

# tm_mask_virsh FILE: what only virsh's output needs, in place.
tm_mask_virsh() {
    sed -E -i \
        -e '/^YYYY-MM-DD hh:mm:ss\.[0-9]+\+[0-9]{4}: [0-9]+: (debug|info|warning|error) : /d' \
        -e '/^I\/O warning : failed to load external entity ".*"$/d' \
        -e 's/virsh ([#>]) /tidemark \1 /g' \
        -e 's/^Welcome to virsh,/Welcome to tidemark,/' \
        "$1"
}

# tm_run_tool TOOL OUTBASE STDIN WORD...: both runs of one tool.
tm_run_tool() {
    local tool=$1 base=$2 input=$3
    shift 3
    local conn=() uri
    uri=$(tm_tool_uri "$tool")
    [ -n "$uri" ] && conn=(-c "$uri")
    (cd "$TM_WORK/run" && "$tool" "${conn[@]}" "$@" <"$input" \
        >"$base.out" 2>"$base.err")
    echo "exit $?" >"$base.rc"
    (cd "$TM_WORK/run" && "$tool" "${conn[@]}" "$@" <"$input" >"$base.both" 2>&1)
    echo "exit $?" >>"$base.rc"
    local f
    for f in out err both; do
        tm_mask "$base.$f"
        # (TM_MASK_VIRSH_BOTH: both tools are virsh, through two daemons)
        if [ "$tool" = "$TM_VIRSH" ] || [ -n "${TM_MASK_VIRSH_BOTH:-}" ]; then
            tm_mask_virsh "$base.$f"
        fi
        [ "$uri" != "$TM_URI" ] && tm_unmask_uri "$base.$f" "$uri"
    done
}

# tm_compare NAME: one TAP line for the case just run.
tm_compare() {
    local name=$1 f bad=0 v=$TM_WORK/virsh t=$TM_WORK/tidemark
    TM_COUNT=$((TM_COUNT + 1))
    for f in rc out err both; do
        if ! cmp -s "$v.$f" "$t.$f"; then
            bad=1
        fi
    done
    if [ $bad = 0 ]; then
        echo "ok $TM_COUNT - $name"
        return
    fi
    TM_FAILED=$((TM_FAILED + 1))
    echo "not ok $TM_COUNT - $name"
    for f in rc out err both; do
        cmp -s "$v.$f" "$t.$f" && continue
        echo "# --- $f: virsh vs tidemark"
        diff -u --label virsh --label tidemark "$v.$f" "$t.$f" | sed 's/^/# /'
    done
}

# tm_case NAME WORD...: the same command line through both tools.
tm_case() {
    local name=$1
    shift
    tm_run_tool "$TM_VIRSH" "$TM_WORK/virsh" /dev/null "$@"
    tm_run_tool "$TM_TIDEMARK" "$TM_WORK/tidemark" /dev/null "$@"
    tm_compare "$name"
}

# tm_case_stdin NAME FILE WORD...: the same, reading FILE on stdin
# (with no WORD this is the interactive shell fed from a file).
tm_case_stdin() {
    local name=$1 input=$2
    shift 2
    tm_run_tool "$TM_VIRSH" "$TM_WORK/virsh" "$input" "$@"
    tm_run_tool "$TM_TIDEMARK" "$TM_WORK/tidemark" "$input" "$@"
    tm_compare "$name"
}

# tm_case_own NAME FILE WORD...: tidemark alone; its transcript (exit
# code, stdout, stderr: "exit N", "--- stdout", the bytes, "--- stderr",
# the bytes) must equal FILE.
tm_case_own() {
    local name=$1 expected=$2 t=$TM_WORK/tidemark
    shift 2
    # through the daemon tier both sides are virsh: tidemark's own
    # transcripts do not apply (tests/daemon/cli-scenarios.sh)
    [ -n "${TM_MASK_VIRSH_BOTH:-}" ] && return 0
    TM_COUNT=$((TM_COUNT + 1))
    tm_run_tool "$TM_TIDEMARK" "$t" /dev/null "$@"
    {
        head -n 1 "$t.rc"
        echo "--- stdout"
        cat "$t.out"
        echo "--- stderr"
        cat "$t.err"
    } >"$t.own"
    if cmp -s "$expected" "$t.own"; then
        echo "ok $TM_COUNT - $name"
        return
    fi
    TM_FAILED=$((TM_FAILED + 1))
    echo "not ok $TM_COUNT - $name"
    echo "# --- expected vs tidemark"
    diff -u --label expected --label tidemark "$expected" "$t.own" 2>&1 | sed 's/^/# /'
    # a rewritten file is never a pass: this run compared nothing
    if [ "${TIDEMARK_TEST_REGENERATE:-}" = 1 ]; then
        cp "$t.own" "$expected"
        echo "# rewrote $expected: review the diff, run again"
    fi
}

# tm_file NAME: prints the path of a scratch file NAME, with the content
# read from stdin.
tm_file() {
    cat >"$TM_FILES/$1"
    printf '%s\n' "$TM_FILES/$1"
}

# tm_end: the TAP plan; the exit code tells whether all cases passed.
tm_end() {
    echo "1..$TM_COUNT"
    [ "$TM_FAILED" = 0 ]
}
