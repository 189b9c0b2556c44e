/*
 * remote_dispatch.h: running one call of libvirt's wire protocol
 *
 * The daemon side of the remote protocol: a decoded call becomes a call
 * of libtidemark's public API on the client's connection, as libvirtd's
 * dispatch calls libvirt's public API, and the result (or the thread's
 * last error) becomes the reply. Nothing here knows about sockets.
 */
#pragma once

#include "internal.h"
#include "rpc/rpc_message.h"

/*
 * How events reach a client: the connection code that owns the client
 * queues a packet for it. The event callbacks a client registered hold
 * a reference on it, taken and dropped through @ref and @unref, since
 * the driver may deliver (or free) a callback after the client is gone.
 * @send takes @msg and must not block: it runs in the event loop.
 */
typedef struct {
    void (*send)(void *client, rpcMessage *msg);
    void (*ref)(void *client);
    void (*unref)(void *client);
} remoteEventSink;

/*
 * What the procedures of one client connection share: the hypervisor
 * connection CONNECT_OPEN made, and how the client came in. Several
 * calls of one client may run at once on different workers.
 */
typedef struct _remoteClientState remoteClientState;
struct _remoteClientState {
    GMutex lock;           /* guards conn */
    virConnectPtr conn;    /* NULL until CONNECT_OPEN, again after CLOSE */
    bool readonly;         /* arrived on the read-only socket */

    const remoteEventSink *sink;
    void *client;          /* what @sink's functions are given */
    GMutex events_lock;    /* guards events, serialises (de)registrations */
    GPtrArray *events;     /* the client's event callbacks (remote_dispatch_event.c) */
};

/**
 * remoteClientStateInit:
 * @state: state to initialise
 * @readonly: whether the client arrived on the read-only socket: every
 *            connection it opens is then read-only, whatever it asks
 * @sink: (borrowed) how the client's events are sent; must outlive the
 *        state and every callback it registers
 * @client: the client, as @sink's functions take it
 */
void remoteClientStateInit(remoteClientState *state, bool readonly,
                           const remoteEventSink *sink, void *client);

/**
 * remoteClientStateClear:
 * @state: state of a client that is gone
 *
 * Deregisters the client's event callbacks (libvirtd drops them when a
 * client goes) and closes its connection if it did not close it itself
 * (a client that disconnects without CONNECT_CLOSE), so the shared state
 * of test:///default is dropped with its last user, as in libvirtd.
 * Must not run while a call of the client runs.
 */
void remoteClientStateClear(remoteClientState *state);

/**
 * remoteDispatchCall:
 * @state: the calling client's state
 * @call: a received packet whose header is decoded (type CALL)
 * @reply: message to fill with the reply
 *
 * Runs the call and encodes its reply: the procedure's result, or an
 * error carrying libvirt's code, domain and message (an unknown program,
 * an unknown procedure, undecodable arguments, a call before
 * CONNECT_OPEN, or what the API call raised). The header's prog, vers,
 * proc and serial are echoed.
 *
 * Returns 0 when @reply holds a reply to send, -1 when not even an
 * error could be encoded (the connection must then be dropped).
 */
int remoteDispatchCall(remoteClientState *state, rpcMessage *call, rpcMessage *reply);

/**
 * remoteDispatchNeverBlocks:
 * @state: a client's state
 *
 * Returns true when the client's connection is open on a driver whose
 * calls never wait (virConnectDriver.never_blocks): its calls may then
 * run in the daemon's main loop instead of a worker.
 */
bool remoteDispatchNeverBlocks(remoteClientState *state);
