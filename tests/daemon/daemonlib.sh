# tests/daemon/daemonlib.sh: the daemons of the daemon tier
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Sourced by the daemon tier's scripts. Each daemon runs in its own
# directory under a scratch directory, on its own sockets, and is
# stopped by its PID when the script exits, also when it fails:
#
#   dm_begin TIDEMARKD SRCROOT     scratch dir DM_DIR, cleanup trap
#   dm_start_tidemarkd NAME [ARG...]
#                                  tidemarkd on DM_DIR/NAME/run/tidemark-sock{,-ro},
#                                  with ARGs added to its command line
#   dm_start_libvirtd NAME [ARG...]
#                                  Debian's libvirtd on DM_DIR/NAME/run/libvirt-sock{,-ro}
#                                  (unix_sock_dir + auth_unix_rw = "none" in a
#                                  config given with -f, as TESTING.md says),
#                                  privileged (a session libvirtd has no
#                                  read-only socket) and, where the machine
#                                  allows a mount namespace, with a private
#                                  /run/libvirt: its drivers lock pid files
#                                  there, which any other libvirtd running
#                                  on the machine holds
#                                  (both: the lines of $DM_EXTRA_CONF, if set, are
#                                  appended to the daemon's config file)
#   dm_wrapper NAME SOCKET         DM_DIR/NAME: runs virsh with the driver
#                                  URI it is given (-c test:///default)
#                                  turned into test+unix:///default?socket=SOCKET
#
#   dm_stop_checked NAME N         stops tidemarkd NAME with SIGTERM and prints
#                                  TAP line N: it must exit 0 within 10 s with no
#                                  sanitizer report in its log (under ASan, LSan
#                                  checks for leaks at that exit)
#
# dm_begin's trap also runs dm_cleanup_hook if the script defines one.

DM_PIDS=()

dm_begin() {
    DM_TIDEMARKD=$(realpath "$1")
    DM_SRCROOT=$(realpath "$2")
    local tool
    for tool in virsh /usr/sbin/libvirtd; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            # the reference is missing: fail, never skip
            echo "Bail out! $tool is not installed (libvirt-clients, libvirt-daemon):" \
                 "install it (bash scripts/deps.sh)"
            exit 1
        fi
    done
    DM_DIR=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-daemon.XXXXXX")
    trap dm_cleanup EXIT
    # meson's timeout (SIGTERM), ^C or a closed pipe still stop the daemons
    trap 'exit 1' INT TERM HUP PIPE
}

dm_cleanup() {
    local pid i
    for pid in "${DM_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null
    done
    for pid in "${DM_PIDS[@]}"; do
        # up to 5 s for a clean exit, then SIGKILL
        for i in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    if declare -F dm_cleanup_hook >/dev/null; then
        dm_cleanup_hook
    fi
    rm -rf "$DM_DIR"
}

# dm_wait_socket PID SOCKET LOG: waits until SOCKET exists, up to 20 s.
dm_wait_socket() {
    local pid=$1 sock=$2 log=$3 i
    for i in $(seq 200); do
        [ -S "$sock" ] && return 0
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "Bail out! daemon for $sock exited at start:"
            sed 's/^/# /' "$log"
            exit 1
        fi
        sleep 0.1
    done
    echo "Bail out! no socket $sock after 20 s"
    sed 's/^/# /' "$log"
    exit 1
}

dm_start_tidemarkd() {
    local d=$DM_DIR/$1
    declare -gA DM_PID_OF
    mkdir -p "$d/run"
    printf 'unix_sock_dir = "%s"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n%s\n' \
        "$d/run" "${DM_EXTRA_CONF:-}" >"$d/tidemarkd.conf"
    TIDEMARK_SCHEMA_DIR=$DM_SRCROOT/schemas "$DM_TIDEMARKD" -f "$d/tidemarkd.conf" \
        -p "$d/tidemarkd.pid" "${@:2}" </dev/null >"$d/log" 2>&1 &
    DM_PIDS+=($!)
    DM_PID_OF[$1]=$!
    dm_wait_socket $! "$d/run/tidemark-sock-ro" "$d/log"
}

dm_start_libvirtd() {
    local d=$DM_DIR/$1
    mkdir -p "$d/run"
    printf 'unix_sock_dir = "%s"\nauth_unix_rw = "none"\nauth_unix_ro = "none"\n%s\n' \
        "$d/run" "${DM_EXTRA_CONF:-}" >"$d/libvirtd.conf"
    local ns=()
    if unshare -m --propagation private true 2>/dev/null; then
        ns=(unshare -m --propagation private sh -c
            'mount -t tmpfs tidemark-test /run/libvirt && exec "$0" "$@"')
    fi
    "${ns[@]}" /usr/sbin/libvirtd -f "$d/libvirtd.conf" -p "$d/libvirtd.pid" "${@:2}" \
        </dev/null >"$d/log" 2>&1 &
    DM_PIDS+=($!)
    dm_wait_socket $! "$d/run/libvirt-sock-ro" "$d/log"
}

dm_wrapper() {
    local path=$DM_DIR/$1 sock=$2
    cat >"$path" <<WRAP
#!/bin/bash
# virsh through the daemon on $sock
args=()
while [ \$# -gt 0 ]; do
    if [ "\$1" = -c ] && [ \$# -ge 2 ]; then
        uri=\$2
        drv=\${uri%%:*}
        rest=\${uri#*://}
        case \$rest in
            *\?*) uri="\$drv+unix://\$rest&socket=$sock" ;;
            *) uri="\$drv+unix://\$rest?socket=$sock" ;;
        esac
        args+=(-c "\$uri")
        shift 2
        continue
    fi
    args+=("\$1")
    shift
done
exec virsh "\${args[@]}"
WRAP
    chmod +x "$path"
    printf '%s\n' "$path"
}

dm_stop_checked() {
    local name=$1 n=$2 pid=${DM_PID_OF[$1]} log=$DM_DIR/$1/log rc i
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "not ok $n - $name exits cleanly on SIGTERM"
        echo "# still running 10 s after SIGTERM"
        return 1
    fi
    wait "$pid"
    rc=$?
    if [ "$rc" = 0 ] && ! grep -qE 'Sanitizer|runtime error:' "$log" &&
        [ ! -e "$DM_DIR/$name/tidemarkd.pid" ] && [ ! -e "$DM_DIR/$name/run/tidemark-sock" ]; then
        echo "ok $n - $name exits cleanly on SIGTERM"
        return 0
    fi
    echo "not ok $n - $name exits cleanly on SIGTERM"
    echo "# exit status $rc; pid file and sockets must be gone; its log:"
    sed 's/^/# /' "$log"
    return 1
}
