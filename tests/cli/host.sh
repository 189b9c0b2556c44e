#!/bin/bash
# Host and Hypervisor: version, hostname, uri. In the process only: through
# a daemon "uri" names each daemon's own socket.
. "$(dirname "$0")/lib.sh"
tm_begin "$@"

tm_case host "version; version --daemon; hostname; uri"
tm_case host-readonly -r "version --daemon; hostname; uri"
tm_case host-help "help version; help hostname; help uri"
tm_case host-errors "version --foo; version test; hostname x; uri y"

# a node file: its URI, the test driver's answers
TM_URI=test://$TM_DATA/taint-node.xml
tm_case host-node "uri; version; hostname"

tm_end
