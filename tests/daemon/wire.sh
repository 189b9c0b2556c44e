#!/bin/bash
# tests/daemon/wire.sh: runs wire.py against tidemarkd and libvirtd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   wire.sh TIDEMARKD SRCROOT
set -u
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$1" "$2"
dm_start_libvirtd libvirtd
dm_start_tidemarkd tidemarkd
/usr/bin/python3 "$here/wire.py" "$DM_DIR/tidemarkd/run" "$DM_DIR/libvirtd/run"
status=$?
# the daemon survived all of it
if ! kill -0 "${DM_PIDS[1]}" 2>/dev/null; then
    echo "Bail out! tidemarkd died:"
    sed 's/^/# /' "$DM_DIR/tidemarkd/log"
    exit 1
fi
exit $status
