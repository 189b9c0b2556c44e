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
 * @error: set on failure
 *
 * Takes the pid file (a second daemon on the same file fails with the
 * pid file's lock) and the sockets systemd passed (daemon_activation.h),
 * creates unix_sock_dir and binds the read-write and read-only sockets
 * (tidemark-sock, tidemark-sock-ro) with their modes where none was
 * passed, and starts the worker pool. With cfg->listen and
 * cfg->listen_tls (libvirtd's --listen rule) it also loads the TLS
 * credentials (the configured files, else the default pki paths) and
 * listens on listen_addr:tls_port; clients there are read-write and
 * must pass the certificate check (rpc_tls.h) before any call.
 * Returns NULL on failure.
 */
daemonServer *daemonServerNew(const daemonConfig *cfg, GError **error);

/* Called in the main context on SIGHUP. */
typedef void (*daemonServerReloadFunc)(void *opaque);

/**
 * daemonServerSetReload:
 * @srv: the server
 * @reload: run on every SIGHUP, after the server logs it
 * @opaque: passed to @reload
 */
void daemonServerSetReload(daemonServer *srv, daemonServerReloadFunc reload, void *opaque);

/* Returns how many things the drivers run (any thread). */
typedef unsigned int (*daemonServerBusyFunc)(void);

/**
 * daemonServerSetBusy:
 * @srv: the server
 * @busy: asked when the idle timeout expires: while it returns more
 *        than 0 the daemon stays, and asks again a timeout later
 */
void daemonServerSetBusy(daemonServer *srv, daemonServerBusyFunc busy);

/**
 * daemonServerRun:
 * @srv: the server
 *
 * Tells systemd it is ready ($NOTIFY_SOCKET) and serves clients until
 * SIGTERM or SIGINT, or until no client has been connected for
 * cfg->timeout seconds (when not 0). SIGHUP runs the reload function.
 * Then stops accepting, lets the calls already running finish (their
 * replies are dropped), and returns.
 */
void daemonServerRun(daemonServer *srv);

/**
 * daemonServerFree:
 * @srv: (nullable): the server
 *
 * Closes every client (and so its hypervisor connection), removes the
 * sockets it made itself (a socket systemd passed stays) and the pid
 * file.
 */
void daemonServerFree(daemonServer *srv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(daemonServer, daemonServerFree);
