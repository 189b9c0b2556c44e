#!/bin/bash
# Domains: list (every filter and output form), dominfo, domstate,
# dumpxml, define, undefine, start, destroy, shutdown; lookups by name,
# id and uuid; and their error paths; node files.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"
G=$TM_DATA/guest.xml
UUID=6695eb01-f6a4-8304-79aa-97f2502e193f

# --- list
tm_case list 'list; list --all; list --inactive; list --table; list --title'
tm_case list-forms "define $G; list --all --name; list --all --uuid; list --all --id; list --all --uuid --name --id; list --id; list --inactive --name; list --all --title; list --all --managed-save"
tm_case list-exclusive 'list --table --name; list --table --uuid; list --table --id'
tm_case list-filters "define $G; list --all --persistent; list --all --transient; list --all --state-running; list --all --state-paused; list --state-shutoff; list --all --state-other; list --all --autostart; list --all --no-autostart; list --all --with-managed-save; list --all --without-managed-save"
tm_case list-moments "define $G; checkpoint-create-as test c1; list --all --with-checkpoint; list --all --without-checkpoint; destroy test; snapshot-create-as guest s1; list --all --with-snapshot; list --all --without-snapshot --name"
tm_case list-order "define $G; start guest; list; destroy test; start test; list --all; destroy guest; list --all"
tm_case list-quiet -q "define $G; list --all; list --all --name"

# --- dominfo, domstate
tm_case dominfo "dominfo test; dominfo 1; dominfo $UUID"
tm_case dominfo-inactive "define $G; dominfo guest; undefine test; dominfo test"
tm_case dominfo-readonly -r "dominfo test; destroy test; dominfo test"
tm_case dominfo-errors "dominfo nope; dominfo; dominfo a b"
tm_case domstate "domstate test; domstate test --reason; domstate 1; domstate $UUID --reason; destroy test; domstate test --reason; start test; domstate test --reason; shutdown test; domstate test --reason"
tm_case domstate-lookup "domstate 0; domstate -1; domstate ' 1'; domstate +1; domstate 2; domstate ${UUID%f}x; domstate nope"

# --- dumpxml
tm_case dumpxml "dumpxml test; dumpxml test --inactive; dumpxml 1 --security-info; dumpxml $UUID"
tm_case dumpxml-migratable "dumpxml test --migratable"
tm_case dumpxml-update-cpu "dumpxml test --update-cpu"
tm_case dumpxml-xpath "dumpxml test --xpath /domain/name; dumpxml test --xpath //disk; dumpxml test --xpath //disk/@type; dumpxml test --xpath //disk/@type --wrap; dumpxml test --xpath './devices/*' --wrap; dumpxml test --xpath //nothing; dumpxml test --xpath //nothing --wrap; dumpxml test --xpath 'count(//disk)'; dumpxml test --xpath '///['; dumpxml test --xpath ''; dumpxml test --wrap"
tm_case dumpxml-errors 'dumpxml nope; dumpxml; dumpxml test --xpath'

# --- define, undefine
tm_case define "define $G; list --all; define --file $G --validate; dumpxml guest --inactive; undefine guest; list --all"
# <cachetune>/<memorytune> print their allocation ids only while running
tm_case define-tuned "define $TM_DATA/tuned.xml; dumpxml tuned; start tuned; dumpxml tuned --xpath //cputune --wrap; dumpxml tuned --inactive --xpath //cputune --wrap; snapshot-create-as tuned s1; snapshot-dumpxml tuned s1 --xpath //cputune --wrap; destroy tuned; dumpxml tuned --xpath //cputune --wrap"
tm_case define-errors "define $TM_DATA/broken.xml; define $TM_DATA/not-a-domain.xml; define $TM_DATA/empty.xml; define /nonexistent.xml; define /; define; define ''"
tm_case undefine "undefine test; list --all; dominfo test; destroy test; list --all; undefine nope; undefine"
tm_case undefine-inactive "define $G; undefine guest --managed-save --checkpoints-metadata; list --all"
tm_case undefine-storage "define $G; undefine guest --storage vda; define $G; undefine guest --storage vdz,/images/data.qcow2,vda; define $G; undefine guest --remove-all-storage --delete-snapshots --wipe-storage; list --all"
tm_case undefine-storage-running "undefine test --storage vda; undefine test --remove-all-storage"
tm_case undefine-options "undefine test --wipe-storage; undefine test --nvram --keep-nvram; undefine test --tpm --keep-tpm; undefine test --delete-storage-volume-snapshots; undefine test --delete-snapshots; undefine test --storage x --remove-all-storage; undefine test --storage ''"
tm_case undefine-flags "define $G; undefine guest --nvram; define $G; undefine guest --keep-nvram --tpm; define $G; undefine guest --keep-tpm; list --all"
tm_case undefine-snapshots "destroy test; snapshot-create-as test s1; undefine test; list --all; undefine test --snapshots-metadata; list --all"
tm_case undefine-checkpoints "checkpoint-create-as test c1; destroy test; undefine test; list --all; undefine test --checkpoints-metadata; list --all"

# --- start, destroy, shutdown
tm_case lifecycle "define $G; start guest; list; domstate guest --reason; shutdown guest; domstate guest --reason; start guest; destroy guest; domstate guest --reason; list --all"
tm_case start-flags "define $G; start guest --paused; domstate guest --reason; destroy guest --graceful; start guest --autodestroy; destroy guest --remove-logs; start guest --bypass-cache; destroy guest; start guest --force-boot; destroy guest; start guest --reset-nvram; destroy guest; start guest --paused --bypass-cache"
tm_case start-errors "start test; start 1; start nope; start; destroy test; start $UUID; destroy test; start test --pass-fds 3,x; start test --pass-fds ''; start test --console; list"
tm_case destroy-errors "destroy nope; destroy test; destroy test; destroy"
tm_case shutdown "shutdown test --mode acpi; shutdown test --mode bogus; shutdown test --mode acpi,agent; shutdown test --mode ''; shutdown test; shutdown test; shutdown nope"
tm_case shutdown-modes "shutdown test --mode agent; shutdown test --mode initctl; shutdown test --mode signal; shutdown test --mode paravirt; shutdown test --mode acpi,"

# --- the multi-disk node file
# the guest file systems libvirt's test driver pretends ("/" and "/boot")
tm_case domfsfreeze "domfsfreeze test; domfsfreeze test / ; domfsthaw test /boot; domfsfreeze test /nope; domfsthaw test; domfsthaw test --mountpoint / /boot; domfsfreeze nope; destroy test; domfsfreeze test; domfsthaw test; help domfsfreeze; help domfsthaw"
tm_case domfsfreeze-args "domfsfreeze"

TM_URI=test://$TM_NODE
tm_case node-list "list --all; domstate multi --reason; dumpxml multi --xpath //disk --wrap; destroy multi; list --all; start multi"

# --- a node file whose domains are tainted or use deprecated settings
# (dominfo's Messages), and one with keyboards (dumpxml --migratable)
TM_URI=test://$TM_DATA/taint-node.xml
tm_case node-messages "dominfo tainted; dominfo deprecated; dominfo hostdev; dominfo clean; destroy tainted; dominfo tainted; start tainted; dominfo tainted"
tm_case node-migratable "dumpxml inputs; dumpxml inputs --migratable; dumpxml inputs --migratable --inactive; dumpxml inputs --migratable --security-info; dumpxml inputs --migratable --update-cpu"
tm_end
