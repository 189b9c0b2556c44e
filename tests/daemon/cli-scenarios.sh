#!/bin/bash
# tests/daemon/cli-scenarios.sh: the golden CLI scenarios of tests/cli
# through the daemons
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   cli-scenarios.sh TIDEMARKD SRCROOT SCENARIO...
#
# Runs each scenario of tests/cli (checkpoint.sh, ...) with Debian's
# virsh on both sides: through libvirtd (where the scenario normally runs
# virsh in-process) and through tidemarkd (where it runs tidemark's
# CLI). Every URI a case gives (test:///default, test:///ABS/node.xml)
# becomes test+unix:///...?socket=... of the daemon. The cases that
# compare tidemark's own transcripts (tm_case_own) do not apply here.
# One TAP stream: each scenario's checks, renumbered.
set -u
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$1" "$2"
shift 2
dm_start_libvirtd libvirtd
dm_start_tidemarkd tidemarkd
via_libvirtd=$(dm_wrapper via-libvirtd "$DM_DIR/libvirtd/run/libvirt-sock")
via_tidemarkd=$(dm_wrapper via-tidemarkd "$DM_DIR/tidemarkd/run/tidemark-sock")

n=0
status=0
for scenario in "$@"; do
    TM_VIRSH=$via_libvirtd TM_MASK_VIRSH_BOTH=1 \
        bash "$DM_SRCROOT/tests/cli/$scenario" "$via_tidemarkd" "$DM_SRCROOT" \
        >"$DM_DIR/out.tap" 2>&1 || status=1
    while IFS= read -r line; do
        if [[ $line =~ ^(not\ )?ok\ [0-9]+(\ -)?\ ?(.*)$ ]]; then
            n=$((n + 1))
            echo "${BASH_REMATCH[1]}ok $n - ${scenario%.sh}: ${BASH_REMATCH[3]}"
        elif [[ $line =~ ^1\.\.[0-9]+$ ]]; then
            :
        else
            echo "$line"
        fi
    done <"$DM_DIR/out.tap"
done
n=$((n + 1))
dm_stop_checked tidemarkd $n || status=1
echo "1..$n"
exit $status
