/*
 * daemon_activation.h: systemd's socket activation and readiness
 * notification, spoken directly
 *
 * Both protocols are a few environment variables and one datagram
 * (sd_listen_fds(3), sd_notify(3)), so tidemarkd speaks them without
 * libsystemd: LISTEN_PID names the process the sockets are for,
 * LISTEN_FDS how many there are from fd 3 on, LISTEN_FDNAMES their
 * names (the socket units' FileDescriptorName=, by default the unit's
 * name); NOTIFY_SOCKET is where "READY=1" goes.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

/**
 * daemonActivationTake:
 * @rw_fd: (out): the read-write socket passed in, or -1
 * @ro_fd: (out): the read-only socket passed in, or -1
 * @error: set on failure
 *
 * Takes the listening sockets systemd (or systemd-socket-activate)
 * passed, when LISTEN_PID is this process, and unsets the LISTEN_*
 * variables so that nothing started later inherits them. Each socket is
 * recognised by its name, tidemarkd.socket / tidemarkd-ro.socket, or,
 * when it has no such name, by its path's last component, tidemark-sock /
 * tidemark-sock-ro. The sockets are made non-blocking and close-on-exec.
 *
 * Returns false, closing every passed fd, when a passed fd is not a
 * listening UNIX stream socket, is neither of the two, or one of them
 * comes twice.
 */
bool daemonActivationTake(int *rw_fd, int *ro_fd, GError **error);

/**
 * daemonNotifyReady:
 *
 * Sends "READY=1" to $NOTIFY_SOCKET when it is set (a Type=notify
 * service), once the sockets accept clients. Failures are ignored: the
 * daemon serves either way.
 */
void daemonNotifyReady(void);
