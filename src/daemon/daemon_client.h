/*
 * daemon_client.h: one client connection of tidemarkd
 *
 * Reading, framing and writing run in the server's main context; calls
 * go to the worker pool. A client has at most max_client_requests calls
 * queued or running: beyond that it is not read until one finishes, so
 * a client cannot make the daemon queue unbounded work.
 */
#pragma once

#include "remote/remote_dispatch.h"
#include "rpc/rpc_tls.h"

typedef struct _daemonClient daemonClient;

/* What a client needs from its server, set once at creation. */
typedef struct {
    GMainContext *context;      /* the server's main context */
    GThreadPool *workers;       /* runs daemonClientRunCall() jobs */
    unsigned int max_requests;  /* calls in flight per client */
    /* taken by every job as its very last step, and by the server once
     * the pool is gone: the fence after which nothing of a job runs
     * (GThreadPool's own is inside GLib, where ThreadSanitizer cannot
     * see it) */
    GMutex *jobs_fence;
    /* called in the main context when the client is gone */
    void (*closed)(daemonClient *client, void *opaque);
    void *opaque;
} daemonClientHooks;

/**
 * daemonClientNew:
 * @fd: the accepted socket (taken over: closed with the client)
 * @readonly: arrived on the read-only socket
 * @tls: (nullable): arrived on a TLS listener: the server's context.
 *       The client then runs the handshake and the peer check
 *       (rpc_tls.h) before any call is read, and is closed if either
 *       fails.
 * @hooks: (borrowed) the server's hooks; must outlive the client
 *
 * Starts watching @fd in the hooks' context. Returns the client with
 * one reference, which the server holds until @hooks->closed runs, or
 * NULL (the reason logged, @fd closed) when no TLS session could be set
 * up.
 */
daemonClient *daemonClientNew(int fd, bool readonly, rpcTlsContext *tls,
                              const daemonClientHooks *hooks);

/**
 * daemonClientClose:
 * @client: the client
 *
 * Stops reading and writing (at shutdown, or when the peer broke the
 * protocol). The client is released once its calls in flight end.
 * Main context only.
 */
void daemonClientClose(daemonClient *client);

/**
 * daemonClientRunCall:
 * @job: a job the client queued on the worker pool
 * @unused: the pool's user data
 *
 * The worker pool's function: runs one call and hands its reply to the
 * main context.
 */
void daemonClientRunCall(gpointer job, gpointer unused);

/**
 * daemonClientRef / daemonClientUnref: atomic reference counting.
 */
daemonClient *daemonClientRef(daemonClient *client);
void daemonClientUnref(daemonClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(daemonClient, daemonClientUnref);
