#!/bin/bash
# checkpoint-edit and snapshot-edit, with $EDITOR set to small scripts
# that change the XML in known ways, and to editors that fail.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"
E=$TM_SRCROOT/tests/cli/editors

export EDITOR=true
tm_case chk-unchanged 'checkpoint-create-as test c1; checkpoint-edit test c1; checkpoint-edit test --checkpointname c1'
tm_case chk-errors 'checkpoint-edit test nope; checkpoint-edit test; checkpoint-edit nope c1'
export EDITOR=$E/describe
tm_case chk-edit 'checkpoint-create-as test c1 --description old; checkpoint-edit test c1; checkpoint-dumpxml test c1 --no-domain'
export EDITOR=$E/rename
tm_case chk-rename 'checkpoint-create-as test c1; checkpoint-edit test c1; checkpoint-list test --name'
export VISUAL=$E/describe EDITOR=false
tm_case chk-visual 'checkpoint-create-as test c1 --description old; checkpoint-edit test c1; checkpoint-dumpxml test c1 --no-domain'
unset VISUAL
export EDITOR=false
tm_case chk-editor-fails 'checkpoint-create-as test c1; checkpoint-edit test c1'
export EDITOR='false --through-sh'
tm_case chk-editor-shell 'checkpoint-create-as test c1; checkpoint-edit test c1'
export EDITOR="$E/describe ''"
tm_case chk-editor-shell-ok 'checkpoint-create-as test c1 --description old; checkpoint-edit test c1; checkpoint-dumpxml test c1 --no-domain'
export EDITOR=no-such-editor
tm_case chk-editor-missing 'checkpoint-create-as test c1; checkpoint-edit test c1'
export EDITOR=/nonexistent/editor
tm_case chk-editor-absent 'checkpoint-create-as test c1; checkpoint-edit test c1'

export EDITOR=true
tm_case snap-unchanged 'snapshot-create-as test s1; snapshot-edit test s1; snapshot-edit test --current; snapshot-edit test --snapshotname s1'
tm_case snap-current 'snapshot-create-as test s1; snapshot-create-as test s2; snapshot-edit test s1 --current; snapshot-current test --name'
tm_case snap-errors 'snapshot-edit test; snapshot-edit test nope; snapshot-edit test s1 --rename --clone; snapshot-edit nope s1'
export EDITOR=$E/describe
tm_case snap-edit 'snapshot-create-as test s1 --description old; snapshot-edit test s1; snapshot-dumpxml test s1 --xpath //description'
export EDITOR=$E/rename
tm_case snap-rename 'snapshot-create-as test s1; snapshot-edit test s1; snapshot-list test --name; snapshot-edit test s1 --rename; snapshot-list test --name; snapshot-edit test s1x --clone; snapshot-list test --name'
export EDITOR=false
tm_case snap-editor-fails 'snapshot-create-as test s1; snapshot-edit test s1'
export EDITOR=true
tm_end
