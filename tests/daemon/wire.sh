#!/bin/bash
# tests/daemon/wire.sh: runs wire.py (or SCRIPT, which takes the same
# arguments) against tidemarkd and libvirtd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   wire.sh TIDEMARKD SRCROOT [SCRIPT]
set -u
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$1" "$2"
dm_start_libvirtd libvirtd
dm_start_tidemarkd tidemarkd
/usr/bin/python3 "${3:-$here/wire.py}" "$DM_DIR/tidemarkd/run" "$DM_DIR/libvirtd/run" \
    >"$DM_DIR/wire.tap"
status=$?
cat "$DM_DIR/wire.tap"
n=$(grep -cE '^(not )?ok ' "$DM_DIR/wire.tap")
# the daemon survived all of it, and leaves cleanly
dm_stop_checked tidemarkd $((n + 1)) || status=1
echo "1..$((n + 1))"
exit $status
