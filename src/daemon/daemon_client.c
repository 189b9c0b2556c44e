/*
 * daemon_client.c: one client connection (daemon_client.h)
 *
 * Threads: the main context reads, frames, answers keepalive and
 * writes; a worker runs each call. They share the transmit queue, the
 * count of calls in flight and the closed flag, under the client's lock.
 * Only the main context changes what the socket is watched for, so a
 * worker that queued a reply asks it to look again (client_wakeup).
 *
 * A TLS client first runs the handshake, driven by the same source
 * (it watches whichever direction gnutls waits for), then the peer
 * check; only a client that passes gets the confirmation byte and is
 * read for calls. Its record layer replaces recv()/send() below; data
 * gnutls has already decrypted is invisible to poll(), so the source
 * is made ready by hand while some is pending.
 */
#include "internal.h"
#include "daemon/daemon_client.h"
#include "daemon/daemon_log.h"
#include "rpc/rpc_tls.h"
#include "tm_keepalive_protocol.h"
#include "tm_remote_protocol.h"

#include <errno.h>
#include <glib-unix.h>
#include <sys/socket.h>
#include <unistd.h>

struct _daemonClient {
    gint refs;
    int fd;
    const daemonClientHooks *hooks;
    remoteClientState state;
    rpcTlsSession *tls;     /* NULL on a UNIX socket */

    /* main context only */
    bool handshaking;       /* TLS: handshake or peer check not passed yet */
    GSource *source;
    gpointer tag;
    GIOCondition watched;   /* what tag is polled for now */
    rpcMessage *rx;         /* the packet being received */
    bool rx_sized;          /* its length word was read and checked */
    bool released;

    GMutex lock;            /* guards what follows */
    GQueue tx;              /* rpcMessage *, head first; the head may be half written */
    unsigned int inflight;  /* calls queued or running */
    bool closed;            /* no more I/O: EOF, a protocol error, shutdown */
    bool wakeup_pending;
};

typedef struct {
    daemonClient *client;
    rpcMessage *call;
} daemonCall;

daemonClient *
daemonClientRef(daemonClient *client)
{
    g_atomic_int_inc(&client->refs);
    return client;
}

void
daemonClientUnref(daemonClient *client)
{
    if (!client || !g_atomic_int_dec_and_test(&client->refs))
        return;
    g_queue_clear_full(&client->tx, (GDestroyNotify)rpcMessageFree);
    rpcMessageFree(client->rx);
    g_mutex_clear(&client->lock);
    g_free(client);
}

/* Main context: frees the socket and the connection once the client is
 * closed and no call of it runs any more; else watches the socket for
 * what is due: input while under the in-flight cap, output while
 * replies wait. */
static void
client_update(daemonClient *client)
{
    GIOCondition cond = 0;
    bool release;

    if (client->released)
        return;
    g_mutex_lock(&client->lock);
    release = client->closed && client->inflight == 0;
    if (!client->closed && client->handshaking) {
        cond = rpcTlsSessionHandshakeWants(client->tls);
    } else if (!client->closed) {
        if (client->inflight < client->hooks->max_requests)
            cond |= G_IO_IN;
        if (!g_queue_is_empty(&client->tx))
            cond |= G_IO_OUT;
    }
    g_mutex_unlock(&client->lock);

    if (!release) {
        /* GLib wakes the loop on every change: none when nothing changes */
        if (cond != client->watched)
            g_source_modify_unix_fd(client->source, client->tag, cond);
        client->watched = cond;
        /* TLS may hold decrypted bytes the fd will never announce */
        if ((cond & G_IO_IN) && client->tls && rpcTlsSessionPending(client->tls) > 0)
            g_source_set_ready_time(client->source, 0);
        return;
    }
    client->released = true;
    g_source_destroy(client->source);
    g_clear_pointer(&client->source, g_source_unref);
    g_clear_pointer(&client->tls, rpcTlsSessionFree);
    close(client->fd);
    client->fd = -1;
    /* drops test:///default's shared state with its last user */
    remoteClientStateClear(&client->state);
    client->hooks->closed(client, client->hooks->opaque);
}

static gboolean
wakeup_cb(gpointer data)
{
    daemonClient *client = data;

    g_mutex_lock(&client->lock);
    client->wakeup_pending = false;
    g_mutex_unlock(&client->lock);
    client_update(client);
    return G_SOURCE_REMOVE;
}

/* Any thread: asks the main context to run client_update() (once, however
 * many replies arrive before it does). */
static void
client_wakeup(daemonClient *client)
{
    bool queue;
    GSource *idle;

    g_mutex_lock(&client->lock);
    queue = !client->wakeup_pending;
    client->wakeup_pending = true;
    g_mutex_unlock(&client->lock);
    if (!queue)
        return;
    idle = g_idle_source_new();
    g_source_set_callback(idle, wakeup_cb, daemonClientRef(client),
                          (GDestroyNotify)daemonClientUnref);
    g_source_attach(idle, client->hooks->context);
    g_source_unref(idle);
}

/* Worker: sends @msg (a reply) itself when nothing waits before it (not
 * on TLS), as
 * far as the socket takes it without blocking, and queues what is left
 * for the main context. The common call then costs no trip through the
 * main loop (a wakeup, a poll for output, a write there). The check and
 * the send are one hold of the lock, so replies keep their order: the
 * main context sends only what is queued, and the head stays queued
 * until it is written whole. Returns true if @msg (or part of it) was
 * queued, so the main context must watch for output. */
static bool
client_send_reply(daemonClient *client, rpcMessage *msg)
{
    bool queued = false;

    g_mutex_lock(&client->lock);
    if (client->closed) {
        rpcMessageFree(msg);
    } else {
        /* a TLS session's records are written by the main context only
         * (gnutls sessions are not shared between threads) */
        while (!client->tls && g_queue_is_empty(&client->tx) && msg->offset < msg->length) {
            ssize_t n = send(client->fd, msg->buffer + msg->offset,
                             msg->length - msg->offset, MSG_NOSIGNAL | MSG_DONTWAIT);

            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                break;  /* full (EAGAIN) or gone: the main context finds out */
            msg->offset += n;
        }
        if (msg->offset < msg->length) {
            g_queue_push_tail(&client->tx, msg);
            queued = true;
        } else {
            rpcMessageFree(msg);
        }
    }
    g_mutex_unlock(&client->lock);
    return queued;
}

static void
client_queue_tx(daemonClient *client, rpcMessage *msg)
{
    g_mutex_lock(&client->lock);
    if (client->closed)
        rpcMessageFree(msg);
    else
        g_queue_push_tail(&client->tx, msg);
    g_mutex_unlock(&client->lock);
}

/* The dispatch's way to this client: its events, queued from the event
 * loop (this context) like replies are from workers. */
static void
sink_send(void *opaque, rpcMessage *msg)
{
    daemonClient *client = opaque;

    client_queue_tx(client, msg);
    client_wakeup(client);
}

static void
sink_ref(void *opaque)
{
    daemonClientRef(opaque);
}

static void
sink_unref(void *opaque)
{
    daemonClientUnref(opaque);
}

static const remoteEventSink client_sink = {
    .send = sink_send,
    .ref = sink_ref,
    .unref = sink_unref,
};

void
daemonClientClose(daemonClient *client)
{
    g_mutex_lock(&client->lock);
    client->closed = true;
    g_queue_clear_full(&client->tx, (GDestroyNotify)rpcMessageFree);
    g_mutex_unlock(&client->lock);
    client_update(client);
}

/* Runs @call of @client (on a worker or in the main context) and sends
 * or queues its reply. Consumes @call. */
static void
client_run_call(daemonClient *client, rpcMessage *call)
{
    rpcMessage *reply = rpcMessageNew();
    bool wake = false;

    if (remoteDispatchCall(&client->state, call, reply) < 0) {
        /* not even an error reply could be encoded: the client would
         * wait forever, so it is dropped instead */
        daemonLogMessage(DAEMON_LOG_WARN, "dropping a client: %s", virGetLastErrorMessage());
        g_mutex_lock(&client->lock);
        client->closed = true;
        g_mutex_unlock(&client->lock);
        g_clear_pointer(&reply, rpcMessageFree);
    }
    if (reply)
        wake = client_send_reply(client, reply);

    /* the main context need not look again unless output waits, the
     * client is closing, or its input was stopped at the in-flight cap */
    g_mutex_lock(&client->lock);
    wake = wake || client->closed || client->inflight >= client->hooks->max_requests;
    client->inflight--;
    g_mutex_unlock(&client->lock);
    if (wake)
        client_wakeup(client);
    rpcMessageFree(call);
}

void
daemonClientRunCall(gpointer data, gpointer unused)
{
    daemonCall *job = data;
    /* the handover's other half: see client_handle_packet() */
    daemonClient *client = g_atomic_pointer_get(&job->client);
    GMutex *fence = client->hooks->jobs_fence;

    client_run_call(client, job->call);
    daemonClientUnref(client);
    g_free(job);

    g_mutex_lock(fence);
    g_mutex_unlock(fence);
}

/* Main context: a complete packet arrived. Returns false when the peer
 * broke the protocol and must be dropped. */
static bool
client_handle_packet(daemonClient *client, rpcMessage *msg)
{
    tm_net_message_header *hdr = &msg->header;
    daemonCall *job;

    if (rpcMessageDecodeHeader(msg) < 0) {
        rpcMessageFree(msg);
        return false;
    }
    daemonLogMessage(DAEMON_LOG_DEBUG, "client %p: prog 0x%x proc %d type %d serial %u",
                     (void *)client, hdr->prog, hdr->proc, hdr->type, hdr->serial);

    if (hdr->prog == TM_KEEPALIVE_PROGRAM) {
        /* a PING is answered at once, ahead of any call; PONGs (and
         * anything else of the program) only prove the peer is alive */
        if (hdr->vers == TM_KEEPALIVE_PROTOCOL_VERSION && hdr->type == TM_NET_MESSAGE &&
            hdr->proc == TM_KEEPALIVE_PROC_PING) {
            tm_net_message_header pong = *hdr;
            rpcMessage *out = rpcMessageNew();

            pong.proc = TM_KEEPALIVE_PROC_PONG;
            pong.serial = 0;
            pong.status = TM_NET_OK;
            if (rpcMessageEncode(out, &pong, NULL, NULL) == 0)
                client_queue_tx(client, out);
            else
                rpcMessageFree(out);
        }
        rpcMessageFree(msg);
        return true;
    }
    if (hdr->type != TM_NET_CALL) {
        /* no streams or passed FDs here: nothing to do with them */
        rpcMessageFree(msg);
        return true;
    }

    g_mutex_lock(&client->lock);
    client->inflight++;
    g_mutex_unlock(&client->lock);

    /* A call that cannot wait on anything (the test driver's) costs less
     * than handing it to a worker and waking that thread, which on a
     * loaded or virtualised machine is most of a call's time: it runs
     * here. CONNECT_OPEN and everything before it go to a worker. */
    if (hdr->prog == TM_REMOTE_PROGRAM && remoteDispatchNeverBlocks(&client->state)) {
        client_run_call(client, msg);
        return true;
    }

    /* The worker reads the call's buffer and the client, both written by
     * this thread. The pool's queue orders that, but inside GLib, where
     * ThreadSanitizer cannot see it: the job's client is stored
     * atomically, last, and loaded atomically first, a handover it sees. */
    job = g_new0(daemonCall, 1);
    job->call = msg;
    g_atomic_pointer_set(&job->client, daemonClientRef(client));
    g_thread_pool_push(client->hooks->workers, job, NULL);
    return true;
}

/* The transport: the TLS record layer, or the socket itself. */
static ssize_t
client_recv(daemonClient *client, void *buf, size_t len)
{
    if (client->tls)
        return rpcTlsSessionRead(client->tls, buf, len);
    return recv(client->fd, buf, len, 0);
}

static ssize_t
client_send(daemonClient *client, const void *buf, size_t len)
{
    if (client->tls)
        return rpcTlsSessionWrite(client->tls, buf, len);
    return send(client->fd, buf, len, MSG_NOSIGNAL);
}

static void
log_peer_check(const char *reason)
{
    daemonLogMessage(DAEMON_LOG_WARN, "Certificate check failed %s", reason);
}

/* Main context: one step of a TLS client's handshake, then its peer
 * check. Returns false when the client must be dropped: libvirtd closes
 * the connection without a word, and the client reports that the server
 * refused it. */
static bool
client_handshake(daemonClient *client)
{
    rpcMessage *confirm;
    int rc = rpcTlsSessionHandshake(client->tls);

    if (rc > 0)
        return true;
    if (rc < 0 || rpcTlsSessionCheckPeer(client->tls, log_peer_check) < 0) {
        const char *dn = rpcTlsSessionGetDN(client->tls);

        daemonLogMessage(DAEMON_LOG_WARN, "client %p (DN '%s') refused: %s", (void *)client,
                         dn ? dn : "", virGetLastErrorMessage());
        virResetLastError();
        return false;
    }
    daemonLogMessage(DAEMON_LOG_DEBUG, "client %p: TLS peer '%s' accepted", (void *)client,
                     rpcTlsSessionGetDN(client->tls) ? rpcTlsSessionGetDN(client->tls) : "");
    client->handshaking = false;
    /* the byte 1 tells the client it passed; framing starts after it */
    confirm = rpcMessageNew();
    confirm->buffer[0] = 1;
    confirm->length = 1;
    client_queue_tx(client, confirm);
    return true;
}

/* Main context: reads what the socket has. Returns false on EOF or when
 * the peer must be dropped. */
static bool
client_read(daemonClient *client)
{
    for (;;) {
        rpcMessage *rx = client->rx;
        bool at_cap;
        ssize_t n;

        g_mutex_lock(&client->lock);
        at_cap = client->inflight >= client->hooks->max_requests;
        g_mutex_unlock(&client->lock);
        if (at_cap)
            return true;    /* the rest waits in the socket */

        n = client_recv(client, rx->buffer + rx->offset, rx->length - rx->offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK;
        if (n == 0)
            return false;
        rx->offset += n;
        if (rx->offset < rx->length)
            continue;

        if (!client->rx_sized) {
            /* the cap is checked before the buffer grows */
            if (rpcMessageDecodeLength(rx) < 0) {
                daemonLogMessage(DAEMON_LOG_WARN, "dropping a client: %s", virGetLastErrorMessage());
                return false;
            }
            client->rx_sized = true;
            continue;
        }
        client->rx = rpcMessageNew();
        client->rx_sized = false;
        if (!client_handle_packet(client, rx)) {
            daemonLogMessage(DAEMON_LOG_WARN, "dropping a client: %s", virGetLastErrorMessage());
            return false;
        }
        /* the poll is level-triggered: it says again if more is there,
         * which spares a client that waits for its reply a failing read
         * per call */
        return true;
    }
}

/* Main context: writes queued replies until the socket is full. Returns
 * false when the peer is gone. */
static bool
client_write(daemonClient *client)
{
    for (;;) {
        rpcMessage *msg;
        ssize_t n;

        /* workers only append: the head stays ours between the lock's
         * two holds */
        g_mutex_lock(&client->lock);
        msg = g_queue_peek_head(&client->tx);
        g_mutex_unlock(&client->lock);
        if (!msg)
            return true;

        /* after EAGAIN the record layer needs the same buffer and
         * length again: the head and its offset are unchanged */
        n = client_send(client, msg->buffer + msg->offset, msg->length - msg->offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return errno == EAGAIN || errno == EWOULDBLOCK;
        msg->offset += n;
        if (msg->offset < msg->length)
            continue;
        g_mutex_lock(&client->lock);
        g_queue_pop_head(&client->tx);
        g_mutex_unlock(&client->lock);
        rpcMessageFree(msg);
    }
}

/* The client's GSource: one fd whose watched conditions change (which
 * g_unix_fd_source_new() cannot do), dispatched with what it polled. */
typedef struct {
    GSource base;
    daemonClient *client;
} clientSource;

static gboolean
client_source_dispatch(GSource *source, GSourceFunc unused, gpointer unused2)
{
    daemonClient *client = ((clientSource *)source)->client;
    GIOCondition cond = g_source_query_unix_fd(source, client->tag);
    bool alive = true;

    g_source_set_ready_time(source, -1);
    if (client->handshaking) {
        alive = client_handshake(client);
        if (!alive) {
            daemonClientClose(client);
            return G_SOURCE_CONTINUE;
        }
        cond = 0;
        /* the confirmation byte goes out with the first write below */
        if (!client->handshaking)
            cond = G_IO_OUT;
    } else if (client->tls && rpcTlsSessionPending(client->tls) > 0) {
        cond |= G_IO_IN;
    }

    if (cond & G_IO_IN)
        alive = client_read(client);
    if (alive && (cond & G_IO_OUT))
        alive = client_write(client);
    /* HUP/ERR without readable data: the peer is gone */
    if (alive && (cond & (G_IO_HUP | G_IO_ERR)) && !(cond & G_IO_IN))
        alive = false;

    if (!alive) {
        daemonClientClose(client);
        return G_SOURCE_CONTINUE;   /* client_update() destroyed the source */
    }
    client_update(client);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs client_source_funcs = {
    .dispatch = client_source_dispatch,
};

daemonClient *
daemonClientNew(int fd, bool readonly, rpcTlsContext *tls, const daemonClientHooks *hooks)
{
    daemonClient *client;
    rpcTlsSession *sess = NULL;

    if (tls && !(sess = rpcTlsSessionNew(tls, fd, NULL))) {
        daemonLogMessage(DAEMON_LOG_ERROR, "TLS client refused: %s", virGetLastErrorMessage());
        virResetLastError();
        close(fd);
        return NULL;
    }
    client = g_new0(daemonClient, 1);
    client->refs = 1;
    client->tls = sess;
    client->handshaking = sess != NULL;
    client->fd = fd;
    client->hooks = hooks;
    client->rx = rpcMessageNew();
    g_mutex_init(&client->lock);
    g_queue_init(&client->tx);
    remoteClientStateInit(&client->state, readonly, &client_sink, client);

    client->source = g_source_new(&client_source_funcs, sizeof(clientSource));
    ((clientSource *)client->source)->client = client;
    /* a TLS client speaks first: its ClientHello */
    client->watched = G_IO_IN;
    client->tag = g_source_add_unix_fd(client->source, fd, client->watched);
    /* GLib blocks a source that cannot recurse while it dispatches, which
     * takes its fd out of the poll set and puts it back: two wakeups of
     * the loop per packet. Nothing here runs the loop from inside a
     * dispatch, so there is nothing to guard against. */
    g_source_set_can_recurse(client->source, TRUE);
    g_source_attach(client->source, hooks->context);
    return client;
}
