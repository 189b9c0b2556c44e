#!/bin/bash
# Backups and jobs: backup-begin, backup-dumpxml, domjobinfo, domjobabort. libvirt's
# test driver has neither backups nor jobs, so on test:///default every
# call ends in virsh's "not supported" error; what is compared is the
# option handling, the file reading and the error text. The qemu tier
# runs real backups.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"

tm_case backup-begin "backup-begin test; backup-begin test --backupxml $TM_DATA/backup-pull.xml; backup-begin test --backupxml $TM_DATA/backup-pull.xml --checkpointxml $TM_DATA/chk-create.xml --reuse-external"
tm_case backup-begin-errors "backup-begin nope; backup-begin; backup-begin test --backupxml /nonexistent.xml; backup-begin test --checkpointxml /nonexistent.xml; backup-begin test --backupxml ''; backup-begin test --bogus"
tm_case backup-dumpxml "backup-dumpxml test; backup-dumpxml test --xpath //disk; backup-dumpxml test --wrap; backup-dumpxml nope; backup-dumpxml"
tm_case domjobabort "domjobabort test; domjobabort test --postcopy; domjobabort 1; domjobabort nope; domjobabort"
tm_case domjobinfo "domjobinfo test; domjobinfo test --completed; domjobinfo test --completed --keep-completed; domjobinfo test --rawstats; domjobinfo test --anystats; domjobinfo test --keep-completed; domjobinfo nope; domjobinfo"
tm_case backup-help "help backup; help backup-begin; help backup-dumpxml; help domjobabort; help domjobinfo"

tm_end
