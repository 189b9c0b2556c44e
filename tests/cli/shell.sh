#!/bin/bash
# The shell itself: command-line options, the command grammar (quoting,
# ';', comments, --opt=value, positional data), the engine's errors,
# help, echo/pwd/cd/connect/quit, several commands per invocation and
# their exit code, and the interactive shell fed on stdin.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"

# --- help
# tidemark lists its own commands (docs/CLI.md): its own expected output
tm_case_own help-all "$TM_EXPECTED/help-all.txt" 'help'
for c in list dominfo domstate dumpxml define undefine start destroy shutdown \
         suspend resume event \
         checkpoint-create checkpoint-create-as checkpoint-list checkpoint-dumpxml \
         checkpoint-delete checkpoint-parent checkpoint-info checkpoint-edit \
         snapshot-create snapshot-create-as snapshot-list snapshot-dumpxml \
         snapshot-delete snapshot-revert snapshot-current snapshot-parent \
         snapshot-info snapshot-edit help echo cd pwd quit exit connect; do
    tm_case "help-$c" help "$c"
done
tm_case help-groups 'help checkpoint; help snapshot; help events'
tm_case help-option-forms 'help --command list; help list --foo; help list extra data'
tm_case help-twice 'help --command list --command dominfo'
tm_case help-unknown 'help nosuch'
tm_case help-flag 'list --help; checkpoint-list --help --tree; help --help'

# --- grammar
tm_case argv-form list --all
tm_case argv-quotes echo "a b" c "it's"
tm_case argv-semicolon list ';' list
tm_case argv-comment '#list' x
tm_case argv-dashdash -- list
tm_case string-quotes "echo 'a\"b' \"c'd\" e\\ f 'g\\h' \"x\\\"y\""
tm_case string-missing-quote 'echo "unterminated'
tm_case string-open-single "echo 'unterminated"
tm_case string-dangling 'echo a\'
tm_case string-comment-only '# comment only'
tm_case string-comments 'echo a # comment; echo b
echo c'
tm_case string-hash 'echo \#x; echo "#y"; echo #z'
tm_case string-empty ''
tm_case string-separators ';;; ; echo x ;;'
tm_case string-newline-escape 'echo a\
b'
tm_case data-only 'echo -- --foo --all'
tm_case opt-equals 'dumpxml test --xpath=/domain/name; checkpoint-create-as test --name=c1 --description=d; checkpoint-list test --name'
tm_case opt-bool-equals 'list --all=x'
tm_case opt-missing-value 'dumpxml --xpath'
tm_case opt-missing-value2 'checkpoint-create-as test --name'
tm_case opt-seen-twice 'list --all --all'
tm_case opt-unknown 'domstate --foo'
tm_case opt-required 'domstate'
tm_case opt-required-many 'snapshot-dumpxml'
tm_case opt-unexpected 'domstate a b'
tm_case opt-empty-value "checkpoint-create-as test --description ''"
tm_case opt-empty-data "domstate ''"
tm_case cmd-unknown 'list; bogus; list'

# --- several commands: all run, the last one decides the exit code
tm_case multi-fail-first 'domstate nope; domstate test'
tm_case multi-fail-last 'domstate test; domstate nope'
tm_case multi-quit 'echo before; quit; echo after'
tm_case multi-exit 'exit'

# --- echo, pwd, cd, connect
tm_case echo 'echo a b "c d" ; echo --shell "a b" "it'"'"'s" ""; echo --xml "<a&b>"; echo --split "a,,b,c"; echo --err oops; echo; echo --str x; echo --hi; echo a --hi; echo --split ""'
# the shell's XML escaping is the library's: control characters 0x01-0x19
# dropped (not tab, newline, CR), 0x1a-0x1f and DEL kept
tm_case echo-xml-controls echo --xml $'a\x01b\x08\x09c\x0a\x0bd\x0d\x19e\x1af\x1fg\x7f<\'"&>'
tm_case echo-exclusive 'echo --xml --shell a; echo --xml --split a; echo --shell --split a; echo --hi=x'
tm_case pwd-cd 'pwd; cd /'
tm_case connect 'connect; list; connect test:///default --readonly; list; checkpoint-create-as test c1; connect test:///default; checkpoint-create-as test c1'
tm_case connect-bad 'connect test:///nonexistent.xml; list'

# --- global options
tm_case quiet -q 'list; echo x; checkpoint-create-as test c1; checkpoint-list test; checkpoint-list test --name; checkpoint-delete test c1'
tm_case timing -t 'echo a; echo b'
tm_case readonly -r 'list; checkpoint-create-as test x; snapshot-create-as test y'
tm_case debug0 -d 0 'list --all; domstate test --reason; echo a --shell'
tm_case debug1 -d 1 'domstate 1; checkpoint-list test'
tm_case debug-bad -d x list
tm_case debug-bad-long --debug=x list
tm_case debug-range -d 9 echo hi
tm_case escape-bad -e xx echo hi
tm_case escape-ok -e '^a' echo hi
tm_case keepalive-bad -k x echo hi
tm_case keepalive-negative --keepalive-interval=-1 echo hi
tm_case keepalive-forced -k 5 list
tm_case keepalive-count -K 3 list
tm_case keepalive-off -k 0 'list; connect test:///default; list'
tm_case log -l "$TM_WORK/log" echo hi
tm_case option-unknown --bogus
tm_case option-unknown-short -Z
tm_case option-missing-arg -c
# the program's name, its commands and its version are tidemark's
tm_case_own usage "$TM_EXPECTED/usage.txt" -h
tm_case_own version "$TM_EXPECTED/version.txt" -v
tm_case_own version-long "$TM_EXPECTED/version-long.txt" --version
tm_case_own version-build "$TM_EXPECTED/version-build.txt" -V

TM_URI=
tm_case no-uri-help 'help domstate'
tm_case bad-uri-arg -c test:///nonexistent/f.xml -d x list
# libvirt's hint for a forgotten slash, made before any driver is chosen
tm_case uri-missing-slash -c qemu://system list
tm_case uri-missing-slash-vbox -c vbox://session/ list
tm_case uri-missing-slash-vz -c vz://system list
tm_case uri-missing-slash-other -c qemu://system/x list
TM_URI=test:///default
tm_case bad-uri -c test:///nonexistent/file.xml list

# --- the interactive shell, fed on stdin
IN=$(tm_file session <<'X'
list
checkpoint-create-as test c1
checkpoint-list test
bogus

echo "a b"; echo c
domstate nope
help domstate
quit
list
X
)
tm_case_stdin shell "$IN"
tm_case_stdin shell-quiet "$IN" -q
tm_case_stdin shell-readonly "$IN" -r
printf 'list\necho no-newline-at-end' >"$TM_FILES/noeol"
tm_case_stdin shell-noeol "$TM_FILES/noeol"
printf 'echo x\nexit\necho never\n' >"$TM_FILES/exit"
tm_case_stdin shell-exit "$TM_FILES/exit"
printf 'connect test:///default --readonly\nlist\nconnect test:///default\nlist\ncd /\npwd\ncd /nonexistent\n' >"$TM_FILES/connect"
tm_case_stdin shell-connect "$TM_FILES/connect"
: >"$TM_FILES/nothing"
tm_case_stdin shell-empty "$TM_FILES/nothing"
TM_URI=
tm_case_stdin shell-no-uri "$TM_FILES/exit"

tm_end
