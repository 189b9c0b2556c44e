#!/bin/bash
# Snapshots: every snapshot-* command and option, the --tree drawing of
# a branching tree, current-snapshot handling, revert, and the error
# paths, on test:///default and on the multi-disk node file.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"
D=$TM_DATA
REDEF="snapshot-create test $D/snap-r1.xml --redefine; snapshot-create test $D/snap-r2.xml --redefine; snapshot-create test $D/snap-r3.xml --redefine; snapshot-create test $D/snap-r4.xml --redefine --current"
# a branching tree from real creates: a -> b, a -> c (after a revert)
BRANCH="snapshot-create-as test a; snapshot-create-as test b; snapshot-revert test a; snapshot-create-as test c"

# --- create, create-as
tm_case create "snapshot-create test; snapshot-create test --xmlfile $D/snap-create.xml; snapshot-create test $D/snap-create.xml; snapshot-list test --name; snapshot-dumpxml test fromfile"
tm_case create-as "snapshot-create-as test s1; snapshot-create-as test --name s2 --description 'some <text> & more'; snapshot-create-as test s3 --live; snapshot-create-as test; snapshot-list test --parent; snapshot-dumpxml test s2"
tm_case create-as-print "snapshot-create-as test --print-xml; snapshot-create-as test x --print-xml --description 'x<y' --memspec /m,snapshot=external --diskspec vda,snapshot=external,file=/f.qcow2,driver=qcow2 vdb,stype=block,file=/dev/x vdc,stype=file,snapshot=no vdd; snapshot-create-as test --print-xml --memspec file=/a&b; snapshot-create-as test --print-xml --memspec snapshot=no; snapshot-create-as test --print-xml --diskspec ''"
tm_case create-as-errors "snapshot-create-as test --memspec bad=1; snapshot-create-as test --memspec ''; snapshot-create-as test --diskspec vda,foo=1; snapshot-create-as test --diskspec vda,stype=nfs; snapshot-create-as test --diskspec vda,file=/a,file=/b; snapshot-create-as test s1; snapshot-create-as test s1; snapshot-create-as test --description ''; snapshot-create-as nope"
tm_case create-flags "snapshot-create-as test --disk-only; snapshot-create-as test nm --no-metadata; snapshot-create-as test x --reuse-external; snapshot-create-as test q --quiesce; snapshot-create-as test at --atomic; snapshot-create-as test y --validate; snapshot-create test --validate; snapshot-list test --name"
tm_case create-halt "snapshot-create-as test h --halt; list --all; snapshot-list test; start test; snapshot-create test --halt; domstate test"
tm_case create-file-errors "snapshot-create test --xmlfile /nonexistent.xml; snapshot-create test /; snapshot-create test --xmlfile ''; snapshot-create test $D/empty.xml; snapshot-create test $D/guest.xml"
tm_case redefine "$REDEF; snapshot-list test --parent; snapshot-current test --name; snapshot-create test $D/snap-r1.xml --redefine; snapshot-create test $D/snap-nodomain.xml --redefine; snapshot-create test $D/snap-r2.xml --current"
tm_case readonly -r "snapshot-create-as test s1; snapshot-create test; snapshot-list test"
tm_case inactive "destroy test; snapshot-create-as test off; snapshot-list test; snapshot-info test off; start test; snapshot-create-as test on; snapshot-list test --parent"

# --- list
tm_case list-branch "$BRANCH; snapshot-list test; snapshot-list test --parent; snapshot-list test --tree; snapshot-list test --name; snapshot-list test --topological --name; snapshot-list test --roots; snapshot-list test --leaves; snapshot-list test --no-leaves; snapshot-list test --leaves --no-leaves"
tm_case list-from "$BRANCH; snapshot-list test --from a; snapshot-list test --from a --descendants; snapshot-list test --from a --tree; snapshot-list test --current; snapshot-list test --current --tree; snapshot-list test --current --descendants; snapshot-list test --from b --parent"
tm_case list-filters "$BRANCH; destroy test; snapshot-create-as test off; snapshot-list test --metadata; snapshot-list test --no-metadata; snapshot-list test --inactive; snapshot-list test --active; snapshot-list test --disk-only; snapshot-list test --internal; snapshot-list test --external; snapshot-list test --active --inactive --name"
tm_case list-tree "$REDEF; snapshot-list test --tree; snapshot-list test --parent; snapshot-list test --from r1 --tree; snapshot-list test --from r1 --descendants --topological --name; snapshot-list test --roots --name"
tm_case list-exclusive "snapshot-list test --tree --name; snapshot-list test --parent --roots; snapshot-list test --parent --tree; snapshot-list test --roots --tree; snapshot-list test --roots --from x; snapshot-list test --roots --current; snapshot-list test --descendants; snapshot-list test --leaves --tree; snapshot-list test --active --tree; snapshot-list test --from x --current"
tm_case list-errors "snapshot-list test --from nope; snapshot-list test --current; snapshot-list nope; snapshot-list; snapshot-list test; snapshot-list test --tree; snapshot-list test --name"
tm_case list-quiet -q "$BRANCH; snapshot-list test; snapshot-list test --tree; snapshot-list test --name"

# --- dumpxml, info, parent, current
tm_case dumpxml "snapshot-create-as test s1; snapshot-dumpxml test s1; snapshot-dumpxml test s1 --security-info; snapshot-dumpxml test --snapshotname s1 --xpath //state; snapshot-dumpxml test s1 --xpath '//memory|//disk' --wrap; snapshot-dumpxml test s1 --xpath ''"
tm_case dumpxml-errors "snapshot-dumpxml test; snapshot-dumpxml test nope; snapshot-dumpxml nope s1; snapshot-dumpxml"
tm_case info "$BRANCH; snapshot-info test a; snapshot-info test b; snapshot-info test --current; snapshot-info test --snapshotname c; destroy test; snapshot-create-as test off; snapshot-info test off"
tm_case info-errors "snapshot-info test; snapshot-info test --current; snapshot-create-as test a; snapshot-info test a --current; snapshot-info test nope"
tm_case info-redefined "$REDEF; snapshot-info test r1; snapshot-info test r3; snapshot-info test r4"
tm_case parent "$BRANCH; snapshot-parent test b; snapshot-parent test c; snapshot-parent test --current; snapshot-parent test a; snapshot-parent test nope; snapshot-parent test; snapshot-parent test b --current"
tm_case current "snapshot-current test; snapshot-current test --name; $BRANCH; snapshot-current test --name; snapshot-current test; snapshot-current test --security-info; snapshot-current test b; snapshot-current test --name; snapshot-current test --name b; snapshot-current test nope; snapshot-current nope"

# --- revert
tm_case revert "$BRANCH; snapshot-revert test b; snapshot-current test --name; snapshot-revert test --current; snapshot-revert test a --running; domstate test --reason; snapshot-revert test a --paused; domstate test --reason; snapshot-revert test a --force; snapshot-revert test a --reset-nvram"
tm_case revert-inactive "destroy test; snapshot-create-as test off; start test; snapshot-create-as test on; snapshot-revert test off; domstate test --reason; snapshot-revert test on; domstate test --reason; snapshot-revert test off --running; domstate test --reason; snapshot-revert test off --paused; domstate test --reason"
tm_case revert-errors "snapshot-revert test; snapshot-revert test nope; snapshot-revert test --current; snapshot-create-as test a; snapshot-revert test a --current; snapshot-revert test a --running --paused"

# --- delete
tm_case delete "$BRANCH; snapshot-delete test b; snapshot-list test --tree; snapshot-delete test a --children-only; snapshot-list test --tree; snapshot-delete test --current; snapshot-list test"
tm_case delete-children "$REDEF; snapshot-delete test r1 --children; snapshot-list test; $BRANCH; snapshot-delete test a --metadata; snapshot-list test --tree; snapshot-delete test b --children --metadata; snapshot-list test --name"
tm_case delete-errors "$BRANCH; snapshot-delete test a --children --children-only; snapshot-delete test nope; snapshot-delete test; snapshot-delete test a --current; snapshot-list test --name"

# --- names the table must escape or measure: UTF-8, wide, control
# characters, "\x"; in a UTF-8 and in the C locale
NAMES="snapshot-create-as test 'größe'; snapshot-create-as test '日本語'; snapshot-create-as test 'tab	x'; snapshot-create-as test 'back\\\\xslash'; snapshot-list test --parent; snapshot-list test --tree"
tm_case names-utf8 "$NAMES"
LC_ALL=C tm_case names-c-locale "$NAMES"

# --- with checkpoints
tm_case with-checkpoints "checkpoint-create-as test c1; snapshot-create-as test s1; checkpoint-delete test c1; snapshot-create-as test s1; snapshot-list test --name"

# --- the multi-disk node file
TM_URI=test://$TM_NODE
tm_case node "snapshot-create-as multi s1; snapshot-dumpxml multi s1 --xpath //disks; snapshot-create-as multi s2 --diskspec vda --diskspec vdb,snapshot=no; snapshot-dumpxml multi s2 --xpath //disks; snapshot-list multi --tree; snapshot-info multi s2"
tm_end
