/*
 * daemon_server.h: tidemarkd's sockets, clients and workers
 *
 * One GLib main context, run by the main thread, does every socket
 * read and write; a pool of worker threads runs the calls (through the
 * public API, remote/remote_dispatch.h). Workers hand replies back to
 * the main context, which writes each client's replies whole and in the
 * order they were finished.
 */
#pragma once

#include "daemon/daemon_config.h"

typedef struct _daemonServer daemonServer;

/**
 * daemonServerNew:
 * @cfg: configuration (borrowed: must outlive the server)
 * @verbose: print one line per call on stderr
 * @error: set on failure
 *
 * Takes the pid file (a second daemon on the same file fails with the
 * pid file's lock), creates unix_sock_dir and binds the read-write and
 * read-only sockets (tidemark-sock, tidemark-sock-ro) with their modes,
 * and starts the worker pool. Returns NULL on failure.
 */
daemonServer *daemonServerNew(const daemonConfig *cfg, bool verbose, GError **error);

/**
 * daemonServerRun:
 * @srv: the server
 *
 * Serves clients until SIGTERM or SIGINT. Then stops accepting, lets
 * the calls already running finish (their replies are dropped), and
 * returns.
 */
void daemonServerRun(daemonServer *srv);

/**
 * daemonServerFree:
 * @srv: (nullable): the server
 *
 * Closes every client (and so its hypervisor connection), removes the
 * sockets and the pid file.
 */
void daemonServerFree(daemonServer *srv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(daemonServer, daemonServerFree);
