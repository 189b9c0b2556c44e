#!/bin/bash
# tests/daemon/golden-via.sh: one API golden scenario through a daemon
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   golden-via.sh libvirtd|tidemarkd TIDEMARKD SRCROOT SCENARIO
#
# Starts a fresh daemon of the kind asked for on temporary sockets, runs
# tests/apigolden/golden.py (python3-libvirt) on SCENARIO with every URI
# turned into DRIVER+unix:///...?socket= of that daemon (GOLDEN_SOCKET),
# and prints the transcript. compare.py --wire runs it once per daemon
# and compares the two transcripts.
#
# A daemon of its own per scenario: scenarios expect the stock state
# of test:///default and of their node files, and some leave libvirtd
# crashing once their connection goes (keep-open: libvirt 9.0's double
# free closing a node file's snapshots), which must not reach the next
# scenario's reference.
#
# tidemarkd must then stop cleanly on SIGTERM (exit 0, no sanitizer
# report, no pid file or socket left): its TAP line goes to stderr and
# a failure is this script's exit status, which compare.py reports.
set -u
who=$1
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$2" "$3"
scenario=$4

case $who in
    libvirtd)
        dm_start_libvirtd "$who"
        sock=$DM_DIR/$who/run/libvirt-sock ;;
    tidemarkd)
        dm_start_tidemarkd "$who"
        sock=$DM_DIR/$who/run/tidemark-sock ;;
    *)
        echo "golden-via.sh: libvirtd or tidemarkd, not '$who'" >&2
        exit 2 ;;
esac

# ev-run's window: in the process an event is queued by the call that
# makes it; over the wire it is a packet the daemon pushes after its
# reply, which a loaded machine (ASan) has been seen to delay past
# golden.py's 100 ms: both daemons get 500 ms
# a scenario that hangs (a daemon that stops answering) ends here, not
# at meson's timeout for the whole test
GOLDEN_EV_RUN_MS=500 GOLDEN_SOCKET=$sock timeout 120 /usr/bin/python3 "$DM_SRCROOT/tests/apigolden/golden.py" \
    "$scenario"
status=$?
if [ "$status" != 0 ]; then
    echo "golden.py exited $status through $who" >&2
fi
if [ "$who" = tidemarkd ]; then
    dm_stop_checked tidemarkd 1 >&2 || status=1
fi
exit "$status"
