#!/bin/bash
# tests/daemon/cclient.sh: a C program linked with libvirt's own -lvirt
# through tidemarkd and through libvirtd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   cclient.sh TIDEMARKD SRCROOT CCLIENT
#
# CCLIENT (cclient.c, built against Debian's libvirt 9.0) makes
# checkpoint and snapshot calls on test+unix:///default?socket=S: what
# it prints through tidemarkd must be what it prints through libvirtd,
# with creation times masked (the only values the daemons choose
# differently, by the clock). Each case is one run per daemon:
#   1. checkpoints and snapshots on the read-write socket
#   2. a second run: the state went with the last connection
#   3. a read-write and a read-only connection at once
set -u
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$1" "$2"
cclient=$(realpath "$3")
dm_start_libvirtd libvirtd
dm_start_tidemarkd tidemarkd
lv=$DM_DIR/libvirtd/run/libvirt-sock
tm=$DM_DIR/tidemarkd/run/tidemark-sock

n=0
status=0

# cc_run DAEMON-SOCKET OUT [ro]: one run of the client, masked, into OUT
cc_run() {
    local sock=$1 out=$2 rc
    local args=("test+unix:///default?socket=$sock")
    [ $# -gt 2 ] && args+=("test+unix:///default?socket=$sock-ro")
    timeout 60 "$cclient" "${args[@]}" >"$out.raw" 2>"$out.err"
    rc=$?
    sed -E 's/\b1[5-9][0-9]{8}\b/TIME/g' "$out.raw" >"$out"
    echo "exit $rc" >>"$out"
}

# cc_case NAME [ro]: the client through both daemons, outputs compared
cc_case() {
    local name=$1
    shift
    n=$((n + 1))
    cc_run "$lv" "$DM_DIR/$name.libvirtd" "$@"
    cc_run "$tm" "$DM_DIR/$name.tidemarkd" "$@"
    if diff -u "$DM_DIR/$name.libvirtd" "$DM_DIR/$name.tidemarkd" >"$DM_DIR/$name.diff" &&
        grep -qx 'exit 0' "$DM_DIR/$name.libvirtd"; then
        echo "ok $n - $name ($(wc -l <"$DM_DIR/$name.tidemarkd") lines identical)"
    else
        echo "not ok $n - $name"
        sed 's/^/# /' "$DM_DIR/$name.diff" "$DM_DIR/$name.libvirtd.err" \
            "$DM_DIR/$name.tidemarkd.err"
        status=1
    fi
}

cc_case checkpoints-snapshots
cc_case again
n=$((n + 1))
if cmp -s "$DM_DIR/checkpoints-snapshots.tidemarkd" "$DM_DIR/again.tidemarkd"; then
    echo "ok $n - the second run through tidemarkd starts from the stock state"
else
    echo "not ok $n - the second run through tidemarkd starts from the stock state"
    diff -u "$DM_DIR/checkpoints-snapshots.tidemarkd" "$DM_DIR/again.tidemarkd" | sed 's/^/# /'
    status=1
fi
cc_case read-only ro
n=$((n + 1))
dm_stop_checked tidemarkd $n || status=1
echo "1..$n"
exit $status
