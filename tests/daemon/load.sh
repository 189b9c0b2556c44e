#!/bin/bash
# tests/daemon/load.sh: runs load.py against one tidemarkd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   load.sh TIDEMARKD SRCROOT [--rss]
#
# --rss (the plain build only: a sanitizer's allocator keeps what it
# frees in quarantine) also checks the daemon's resident set.
set -u
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$1" "$2"
dm_start_tidemarkd tidemarkd
/usr/bin/python3 "$here/load.py" "$DM_DIR/tidemarkd/run/tidemark-sock" \
    "${DM_PID_OF[tidemarkd]}" "${@:3}" >"$DM_DIR/load.tap"
status=$?
cat "$DM_DIR/load.tap"
n=$(grep -cE '^(not )?ok ' "$DM_DIR/load.tap")
# the daemon survived it, and leaves cleanly
dm_stop_checked tidemarkd $((n + 1)) || status=1
echo "1..$((n + 1))"
exit $status
