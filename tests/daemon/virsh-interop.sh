#!/bin/bash
# tests/daemon/virsh-interop.sh: Debian's virsh through tidemarkd against
# the same virsh through Debian's libvirtd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   virsh-interop.sh TIDEMARKD SRCROOT
#
# Both daemons run on temporary sockets; every case is one virsh command
# line through each, compared by tests/cli/lib.sh (stdout, stderr, both
# merged, exit code; its masks only). Each virsh process opens its own
# connection to test:///default, so a case that needs state lists its
# commands in one invocation, and a new process sees the stock state
# again: libvirtd drops the shared state with the last connection, and
# so must tidemarkd.
set -u
here=$(dirname "$0")
. "$here/daemonlib.sh"
dm_begin "$1" "$2"
dm_start_libvirtd libvirtd
dm_start_tidemarkd tidemarkd
via_libvirtd=$(dm_wrapper via-libvirtd "$DM_DIR/libvirtd/run/libvirt-sock")
via_tidemarkd=$(dm_wrapper via-tidemarkd "$DM_DIR/tidemarkd/run/tidemark-sock")
ro_libvirtd=$(dm_wrapper ro-libvirtd "$DM_DIR/libvirtd/run/libvirt-sock-ro")
ro_tidemarkd=$(dm_wrapper ro-tidemarkd "$DM_DIR/tidemarkd/run/tidemark-sock-ro")

# both sides run virsh: its own masks apply to both
export TM_VIRSH=$via_libvirtd TM_MASK_VIRSH_BOTH=1
. "$DM_SRCROOT/tests/cli/lib.sh"
tm_begin "$via_tidemarkd" "$DM_SRCROOT"
# tm_begin's own trap only removes its directory: the daemons go too
dm_cleanup_hook() { rm -rf "$TM_WORK"; }
trap dm_cleanup EXIT

tm_case list-all list --all
tm_case dominfo dominfo test
tm_case dumpxml dumpxml test
tm_case checkpoint-create-as checkpoint-create-as test c1
tm_case checkpoint-list checkpoint-list test
tm_case snapshot-create-as snapshot-create-as test s1
tm_case snapshot-list snapshot-list test

# state within one connection
tm_case checkpoint-sequence \
    'checkpoint-create-as test c1 --description first; checkpoint-create-as test c2;
     checkpoint-list test; checkpoint-list test --tree; checkpoint-list test --parent;
     checkpoint-info test c2; checkpoint-parent test c2; checkpoint-dumpxml test c1 --no-domain;
     checkpoint-dumpxml test c2; checkpoint-delete test c1 --children; checkpoint-list test'
tm_case snapshot-sequence \
    'snapshot-create-as test s1; snapshot-create-as test s2 --description two;
     snapshot-list test; snapshot-list test --tree; snapshot-info test s2;
     snapshot-current test --name; snapshot-parent test s2; snapshot-dumpxml test s1;
     snapshot-revert test s1; snapshot-current test --name; snapshot-list test --from s1;
     snapshot-delete test s1 --children; snapshot-list test'
tm_case domain-lifecycle \
    'destroy test; domstate test; list --all; start test; dominfo test; domid test'

# jobs and backups: the test driver has none (NO_SUPPORT through both)
tm_case domjobinfo domjobinfo test
tm_case domjobinfo-completed domjobinfo test --completed
tm_case domjobabort domjobabort test
tm_case backup-dumpxml backup-dumpxml test
tm_case backup-begin backup-begin test

# errors travel with libvirt's code, domain and message
tm_case no-domain dominfo nosuch
tm_case no-checkpoint checkpoint-info test nope
tm_case no-snapshot snapshot-parent test nope
tm_case no-parent 'checkpoint-create-as test c1; checkpoint-parent test c1'
tm_case bad-checkpoint-name checkpoint-create-as test 'a/b'

# the read-only socket, without -r: the daemon refuses what mutates
TM_VIRSH=$ro_libvirtd TM_TIDEMARK=$ro_tidemarkd
tm_case ro-list list --all
tm_case ro-checkpoint-list checkpoint-list test
tm_case ro-checkpoint-create checkpoint-create-as test c1
tm_case ro-snapshot-create snapshot-create-as test s1
tm_case ro-destroy destroy test
tm_case ro-dumpxml-secure dumpxml test --security-info

TM_COUNT=$((TM_COUNT + 1))
dm_stop_checked tidemarkd $TM_COUNT || TM_FAILED=$((TM_FAILED + 1))
tm_end
