#!/bin/bash
# Checkpoints: every checkpoint-* command and option, the --tree drawing
# of a branching tree, and the error paths, on test:///default and on
# the multi-disk node file.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"
D=$TM_DATA
REDEF="checkpoint-create test $D/chk-r1.xml --redefine; checkpoint-create test $D/chk-r2.xml --redefine; checkpoint-create test $D/chk-r3.xml --redefine; checkpoint-create test $D/chk-r4.xml --redefine; checkpoint-create test $D/chk-r5.xml --redefine"

# --- create, create-as
tm_case create "checkpoint-create test; checkpoint-create test --xmlfile $D/chk-create.xml; checkpoint-create test $D/chk-create.xml; checkpoint-list test --name; checkpoint-dumpxml test fromfile --no-domain"
tm_case create-as "checkpoint-create-as test c1; checkpoint-create-as test --name c2 --description 'some <text> & more'; checkpoint-create-as test c3 --quiesce; checkpoint-create-as test c4 --diskspec vda,bitmap=b4; checkpoint-create-as test c5 vda,checkpoint=bitmap; checkpoint-create-as test; checkpoint-list test --parent; checkpoint-dumpxml test c2 --no-domain; checkpoint-dumpxml test c4 --no-domain"
tm_case create-as-print "checkpoint-create-as test --print-xml; checkpoint-create-as test x --print-xml --description 'a<b>&c' vda,bitmap=b vdb,checkpoint=no; checkpoint-create-as test --print-xml --diskspec ''; checkpoint-create-as test --print-xml --diskspec 'a,,b,bitmap=c,,d'; checkpoint-list test"
tm_case create-errors "checkpoint-create-as test c1; checkpoint-create-as test c1; checkpoint-create-as test x --diskspec vda,foo=1; checkpoint-create-as test x --diskspec vda,bitmap=a,bitmap=b; checkpoint-create-as test x --diskspec vdz; checkpoint-create-as test --description ''; checkpoint-create-as nope x; checkpoint-create-as"
tm_case create-schema "checkpoint-create test $D/chk-bad-name.xml; checkpoint-create-as test '../x'"
tm_case create-file-errors "checkpoint-create test --xmlfile /nonexistent.xml; checkpoint-create test --xmlfile /; checkpoint-create test --xmlfile ''; checkpoint-create test $D/empty.xml; checkpoint-create test $D/guest.xml"
tm_case create-flags "checkpoint-create test --redefine-validate; checkpoint-create test $D/chk-r1.xml --redefine --redefine-validate; checkpoint-create test $D/chk-r1.xml --redefine --quiesce; checkpoint-create test --quiesce; checkpoint-list test --name"
tm_case redefine "$REDEF; checkpoint-create test $D/chk-full.xml --redefine; checkpoint-list test --parent; checkpoint-dumpxml test full; checkpoint-create test $D/chk-missing-parent.xml --redefine; checkpoint-create test $D/chk-r1.xml"
tm_case inactive "destroy test; checkpoint-create-as test c1; checkpoint-create test; start test; checkpoint-create-as test c1; destroy test; checkpoint-dumpxml test c1 --size; checkpoint-list test"
tm_case readonly "checkpoint-create-as test c1; connect test:///default --readonly; checkpoint-create-as test c2; checkpoint-list test"
tm_case readonly-opt -r "checkpoint-create-as test c1; checkpoint-list test; checkpoint-create test"

# --- list
tm_case list-chain "checkpoint-create-as test a; checkpoint-create-as test b; checkpoint-create-as test c; checkpoint-list test; checkpoint-list test --parent; checkpoint-list test --tree; checkpoint-list test --name; checkpoint-list test --topological; checkpoint-list test --roots; checkpoint-list test --leaves; checkpoint-list test --no-leaves; checkpoint-list test --leaves --no-leaves"
tm_case list-tree "$REDEF; checkpoint-list test --tree; checkpoint-list test --parent; checkpoint-list test --topological --name; checkpoint-list test --roots --name; checkpoint-list test --leaves --parent; checkpoint-list test --no-leaves"
tm_case list-from "$REDEF; checkpoint-list test --from r1; checkpoint-list test --from r1 --descendants; checkpoint-list test --from r1 --descendants --topological --name; checkpoint-list test --from r1 --tree; checkpoint-list test --from r2 --tree; checkpoint-list test --from r4 --tree; checkpoint-list test --from r4; checkpoint-list test --from r1 --leaves --descendants; checkpoint-list test --from r3 --parent"
tm_case list-exclusive "checkpoint-list test --tree --name; checkpoint-list test --parent --roots; checkpoint-list test --parent --tree; checkpoint-list test --roots --tree; checkpoint-list test --roots --from x; checkpoint-list test --leaves --tree; checkpoint-list test --no-leaves --tree; checkpoint-list test --descendants"
tm_case list-errors "checkpoint-list test --from nope; checkpoint-list test --from ''; checkpoint-list nope; checkpoint-list; checkpoint-list test; checkpoint-list test --tree; checkpoint-list test --name"
tm_case list-quiet -q "$REDEF; checkpoint-list test; checkpoint-list test --parent; checkpoint-list test --tree"

# --- dumpxml, info, parent
tm_case dumpxml "checkpoint-create-as test c1; checkpoint-dumpxml test c1; checkpoint-dumpxml test c1 --no-domain; checkpoint-dumpxml test c1 --security-info; checkpoint-dumpxml test c1 --size; checkpoint-dumpxml test c1 --security-info --no-domain --size; checkpoint-dumpxml test --checkpointname c1 --no-domain"
tm_case dumpxml-xpath "checkpoint-create-as test c1; checkpoint-dumpxml test c1 --xpath //disk; checkpoint-dumpxml test c1 --xpath //disk/@bitmap --wrap; checkpoint-dumpxml test c1 --xpath /domaincheckpoint/name --wrap; checkpoint-dumpxml test c1 --xpath 'string(//name)'; checkpoint-dumpxml test c1 --xpath ''; checkpoint-dumpxml test c1 --wrap --no-domain"
tm_case dumpxml-errors "checkpoint-dumpxml test nope; checkpoint-dumpxml test; checkpoint-dumpxml nope c1; checkpoint-dumpxml; checkpoint-create-as test c1; connect test:///default --readonly; checkpoint-create-as test c1"
tm_case dumpxml-readonly -r "checkpoint-dumpxml test c1 --security-info"
tm_case info "$REDEF; checkpoint-info test r1; checkpoint-info test r2; checkpoint-info test r4; checkpoint-info test --checkpointname r3; checkpoint-info test nope; checkpoint-info test"
tm_case parent "$REDEF; checkpoint-parent test r4; checkpoint-parent test r2; checkpoint-parent test r1; checkpoint-parent test nope; checkpoint-parent test; checkpoint-parent test --checkpointname r5"

# --- delete
tm_case delete "$REDEF; checkpoint-delete test r2; checkpoint-list test --tree; checkpoint-delete test r1 --children-only; checkpoint-list test --tree; checkpoint-delete test r1 --metadata; checkpoint-list test"
tm_case delete-children "$REDEF; checkpoint-delete test r3 --children; checkpoint-list test --tree; checkpoint-delete test r1 --children --metadata; checkpoint-list test"
tm_case delete-errors "$REDEF; checkpoint-delete test r1 --children --children-only; checkpoint-delete test nope; checkpoint-delete test; checkpoint-delete test r5 --children-only; checkpoint-list test --name"
tm_case delete-readonly "checkpoint-create-as test c1; connect test:///default --readonly; checkpoint-delete test c1"

# --- with snapshots
tm_case with-snapshots "snapshot-create-as test s1; checkpoint-create-as test c1; snapshot-delete test s1; checkpoint-create-as test c1; snapshot-create-as test s2"

# --- the multi-disk node file
TM_URI=test://$TM_NODE
tm_case node-create "checkpoint-create-as multi c1; checkpoint-dumpxml multi c1 --no-domain; checkpoint-create-as multi c2 --diskspec vda --diskspec vdb,checkpoint=no; checkpoint-dumpxml multi c2 --no-domain; checkpoint-create-as multi c3 vda,bitmap=x vdb,checkpoint=bitmap,bitmap=y; checkpoint-dumpxml multi c3 --no-domain; checkpoint-list multi --tree"
tm_case node-errors "checkpoint-create-as multi c1 --diskspec hdc; checkpoint-create-as multi c1 --diskspec hdd; checkpoint-create-as multi c1 --diskspec vdz; checkpoint-create-as multi c1 vda vda; checkpoint-create-as multi c1 vda vdb hdc hdd vde; checkpoint-list multi"
tm_case node-dumpxml "checkpoint-create-as multi c1 vda vdb; checkpoint-dumpxml multi c1; checkpoint-dumpxml multi c1 --xpath //disk --wrap; checkpoint-info multi c1; checkpoint-delete multi c1; checkpoint-list multi"
tm_end
