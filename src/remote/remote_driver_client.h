/*
 * remote_driver_client.h: the client end of one connection to a daemon
 *
 * What libvirt's virNetClient does for its remote driver: one stream
 * socket, calls from any number of threads in flight at once, each
 * matched to its reply by serial, and a reader thread that owns the
 * receiving side. The reader also answers the daemon's keepalive PINGs,
 * sends our own PINGs when keepalive is on, and hands the packets the
 * daemon pushes (events) to a handler. Nothing here knows about
 * domains or drivers.
 *
 * Once the connection breaks (end of file, a read error, a packet that
 * breaks the protocol, a keepalive timeout) it stays closed: the calls
 * waiting at that moment fail with the error that closed it, later calls
 * with libvirt's "client socket is closed".
 */
#pragma once

#include "internal.h"
#include "rpc/rpc_message.h"
#include "rpc/rpc_tls.h"

typedef struct _remoteNetClient remoteNetClient;

/*
 * Called on the reader thread for each packet of type MESSAGE of a
 * program other than keepalive (server-pushed events). @msg has its
 * header decoded and its offset at the payload; it is freed after the
 * call. The handler must not block and must not call the client.
 */
typedef void (*remoteNetClientEventFunc)(rpcMessage *msg, void *opaque);

/**
 * remoteNetClientConnectUNIX:
 * @path: the daemon's socket
 * @spawn_daemon: (nullable): the daemon to autostart when @path does
 *                not answer (remote_driver_spawn.h), or NULL
 *
 * Connects to @path. Returns the client, or NULL with libvirt's
 * "Failed to connect socket to 'PATH': <strerror>" (VIR_ERR_SYSTEM_ERROR,
 * VIR_FROM_RPC).
 */
remoteNetClient *remoteNetClientConnectUNIX(const char *path, const char *spawn_daemon);

/**
 * remoteNetClientNewFD:
 * @fd: a connected stream socket, owned by the client from now on
 *
 * Starts a client on @fd (the tests use one end of a socketpair).
 * Never NULL.
 */
remoteNetClient *remoteNetClientNewFD(int fd);

/**
 * remoteNetClientNewTLS:
 * @fd: a connected stream socket, owned by the client from now on
 * @tls: (nullable): a TLS session over @fd whose handshake and checks
 *       are done (remote_driver_tls.h), owned by the client from now on;
 *       NULL: as remoteNetClientNewFD()
 *
 * Starts a client that reads and writes through @tls. Never NULL.
 */
remoteNetClient *remoteNetClientNewTLS(int fd, rpcTlsSession *tls);

/**
 * remoteNetClientFree:
 * @client: (nullable): client to close
 *
 * Shuts the socket down, waits for the reader thread and frees the
 * client. No call may be running on it.
 */
void remoteNetClientFree(remoteNetClient *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(remoteNetClient, remoteNetClientFree);

/**
 * remoteNetClientSetEventHandler:
 *
 * Sets the function the reader calls with pushed MESSAGE packets (see
 * remoteNetClientEventFunc), or NULL to drop them.
 */
void remoteNetClientSetEventHandler(remoteNetClient *client,
                                    remoteNetClientEventFunc func, void *opaque);

/**
 * remoteNetClientCall:
 * @client: the connection
 * @prog: program number (TM_REMOTE_PROGRAM, TM_QEMU_PROGRAM), version 1
 * @proc: procedure number
 * @args_filter: XDR routine of the arguments, or NULL for none
 * @args: the arguments
 * @ret_filter: XDR routine of the result, or NULL for none
 * @ret: (out caller-allocates): zeroed result struct; on success the
 *       caller frees it with xdr_free(@ret_filter, @ret)
 *
 * Sends one call with the next serial and waits for its reply; other
 * threads may call at the same time. A failed reply's error is raised
 * again on this thread with the daemon's code, domain, level, message
 * and extra fields, except that the daemon's "unknown procedure" becomes
 * VIR_ERR_NO_SUPPORT, as libvirt's client does.
 *
 * Returns 0, or -1 with the error set.
 */
int remoteNetClientCall(remoteNetClient *client, unsigned int prog, int proc,
                        xdrproc_t args_filter, const void *args,
                        xdrproc_t ret_filter, void *ret);

/**
 * remoteNetClientSetKeepAlive:
 * @interval: seconds of silence from the daemon before a PING; <= 0 stops
 * @count: PINGs left unanswered before the connection is closed
 *
 * As libvirt's keepalive: after @interval seconds without receiving
 * anything we send a PING; after @count of them, still without an
 * answer, the connection closes with "connection closed due to
 * keepalive timeout". Anything received restarts the count.
 */
void remoteNetClientSetKeepAlive(remoteNetClient *client, int interval, unsigned int count);

/**
 * remoteNetClientIsOpen:
 *
 * Returns whether the connection is still usable.
 */
bool remoteNetClientIsOpen(remoteNetClient *client);
