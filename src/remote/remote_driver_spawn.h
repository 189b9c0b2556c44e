/*
 * remote_driver_spawn.h: autostarting the per-user daemon
 *
 * libvirt's client starts the session daemon itself when its socket is
 * missing (virNetSocketNewConnectUNIX with a daemon path): under a lock
 * in the user's runtime dir it runs "DAEMON --timeout=120" detached,
 * then retries the connection every 10 ms for up to 5 s. The daemon
 * exits again after two minutes without a client. tidemark does the
 * same with tidemarkd.
 */
#pragma once

#include "internal.h"

/**
 * remoteDriverFindDaemon:
 *
 * Where tidemarkd is, by libvirt's rule for libvirtd: the directory in
 * $TIDEMARKD_PATH (libvirt's LIBVIRTD_PATH, a directory since 6.x), else
 * the build tree's src/ when the running program is itself in the build
 * tree (libvirt's build-dir override), else the installed <sbindir>.
 * Returns the path of the binary (not checked for existence: running it
 * reports a missing one). Never NULL.
 */
char *remoteDriverFindDaemon(void);

/**
 * remoteDriverConnectSpawn:
 * @path: the daemon's socket
 * @daemon: (nullable): the daemon to start when @path does not answer;
 *          NULL: connect once, start nothing
 *
 * Connects to @path. With @daemon, takes the lock
 * RUNDIR/tidemarkd.lock (RUNDIR: $XDG_RUNTIME_DIR/tidemark, else
 * ~/.cache/tidemark), so that clients starting at once spawn one daemon,
 * and, while the socket is absent or refuses (ENOENT, ECONNREFUSED),
 * starts "@daemon --timeout=120" once (its own session, in "/", stdio
 * on /dev/null, reparented to init, the environment cut down to what
 * libvirt passes) and retries every 10 ms, 500 times.
 *
 * Returns the connected socket (close-on-exec), or -1 with libvirt's
 * "Failed to connect socket to 'PATH': <strerror>" (VIR_ERR_SYSTEM_ERROR),
 * or its lock and spawn errors.
 */
int remoteDriverConnectSpawn(const char *path, const char *daemon);
