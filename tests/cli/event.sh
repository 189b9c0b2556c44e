#!/bin/bash
# suspend, resume and event. test:/// runs inside each tool's process,
# and a shell runs its commands one after another, so "event" never
# sees an event here (virsh cannot either): its delivery is compared
# with libvirt by the API golden scenarios (tests/apigolden/event-*.scn).
# The waits use --timeout 1, so each such case costs ~4 s.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"
G=$TM_DATA/guest.xml
UUID=6695eb01-f6a4-8304-79aa-97f2502e193f

# --- suspend, resume
tm_case suspend-resume "suspend test; domstate test --reason; list; list --state-paused; dominfo test; resume test; domstate test --reason; list --state-running"
tm_case suspend-twice 'suspend test; suspend test; resume test; resume test'
tm_case suspend-lookup "suspend 1; resume $UUID; suspend --domain test; resume --domain test; suspend nope; resume nope; suspend; resume; suspend test extra"
tm_case suspend-shutoff "define $G; suspend guest; resume guest; destroy test; suspend test; resume test; start test; suspend test; destroy test; domstate test --reason"
tm_case suspend-then "suspend test; shutdown test; domstate test --reason; start test; suspend test; snapshot-create-as test s1; snapshot-revert test s1 --running; domstate test --reason"
tm_case suspend-readonly -r 'suspend test; resume test; domstate test'
tm_case suspend-quiet -q 'suspend test; resume test'
TM_URI=test://$TM_NODE
tm_case suspend-node 'suspend multi; domstate multi --reason; resume multi; domstate multi --reason'
TM_URI=test:///default

# --- event: listing and errors
tm_case event-list 'event --list; event --list --domain test; event --list --timestamp --loop'
tm_case event-errors 'event; event --event bogus; event --all --event lifecycle; event --list --all; event --list --event lifecycle; event --event ""; event --all --list --event x'
# lines that do not parse: nothing runs
tm_case event-parse-value 'event --event; list'
tm_case event-parse-option 'event --count 1; list'
tm_case event-parse-timeout 'event --event lifecycle --timeout; list'
tm_case event-timeout-errors "event --event lifecycle --timeout 0; event --event lifecycle --timeout -1; event --event lifecycle --timeout abc; event --event lifecycle --timeout ''; event --event lifecycle --timeout 0x1; event --event lifecycle --timeout 2147484; event --event lifecycle --timeout 4294967296; event --event lifecycle --timeout -0; event --event lifecycle --timeout ' -1'; event --event bogus --timeout abc; event --all --timeout abc --domain nope"
tm_case event-domain-errors "event --domain nope --event lifecycle --timeout 1; event --domain '' --all; event --event bogus --domain nope"
# --- event: waits that end by the timeout
tm_case event-timeout 'event --event lifecycle --timeout 1'
tm_case event-timeout-forms "suspend test; event test lifecycle --timeout 1; event --all --loop --timestamp --timeout +1 --domain $UUID; resume test"
tm_case event-timeout-quiet -q 'event --all --timeout 1'
tm_case event-timeout-readonly -r 'event --event reboot --domain 1 --timeout 1'
# --- event: a wait ended by SIGINT (Ctrl-C). Each tool runs in the
# background, gets SIGINT from this script by its PID once it waits, and
# must exit by itself; --timeout 20 bounds a wait whose signal got lost.
tm_run_sigint() {
    local tool=$1 base=$2 pid f
    shift 2
    (cd "$TM_WORK/run" && exec "$tool" -c "$TM_URI" "$@" >"$base.out" 2>"$base.err") &
    pid=$!
    sleep 1.5
    kill -INT "$pid" 2>/dev/null
    wait "$pid"
    echo "exit $?" >"$base.rc"
    cat "$base.out" "$base.err" >"$base.both"
    for f in out err both; do
        tm_mask "$base.$f"
        [ "$tool" = "$TM_VIRSH" ] && tm_mask_virsh "$base.$f"
    done
}
tm_case_sigint() {
    local name=$1
    shift
    tm_run_sigint "$TM_VIRSH" "$TM_WORK/virsh" "$@"
    tm_run_sigint "$TM_TIDEMARK" "$TM_WORK/tidemark" "$@"
    tm_compare "$name"
}
tm_case_sigint event-interrupt 'event --event lifecycle --timeout 20; domstate test'
tm_case_sigint event-interrupt-loop 'event --all --loop --timeout 20 --domain test'
tm_end
