/*
 * remote_driver_client.c: calls, replies, keepalive and pushed messages
 * on one connection to a daemon (remote_driver_client.h)
 *
 * Threads: any number of callers, plus one reader per connection. A
 * caller registers its call under the lock, writes its packet under
 * the write lock and sleeps on the condition until the reader has put
 * its reply in place or the connection has closed. The reader is the
 * only one to read the socket; it never waits for a caller.
 */
#include "remote/remote_driver_client.h"
#include "remote/remote_driver_spawn.h"
#include "rpc/rpc_tls.h"
#include "tm_keepalive_protocol.h"
#include "tm_remote_protocol.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_RPC

typedef struct {
    unsigned int prog;
    unsigned int serial;
    int proc;
    rpcMessage *reply;        /* set by the reader */
} remoteNetCall;

struct _remoteNetClient {
    int fd;
    rpcTlsSession *tls;       /* the record layer over fd, or NULL: fd itself.
                               * gnutls lets one thread send while another
                               * receives: the reader receives, writers
                               * send under write_lock */
    int wake[2];              /* a byte in wake[1] makes the reader re-read
                               * the keepalive settings */
    GThread *reader;

    GMutex lock;              /* guards everything below but write_lock's */
    GCond cond;               /* a reply arrived, or the connection closed */
    unsigned int next_serial;
    GHashTable *calls;        /* serial -> remoteNetCall waiting for a reply */
    bool closed;              /* no more calls: see error */
    bool freeing;             /* our own shutdown: the reader's EOF is no error */
    virErrorPtr error;        /* what closed the connection */
    remoteNetClientEventFunc event_func;
    void *event_opaque;
    int ka_interval;          /* seconds, 0: keepalive off */
    unsigned int ka_count;
    unsigned int ka_left;     /* PINGs we may still send unanswered */

    GMutex write_lock;        /* one packet on the socket at a time */
};

/* Marks the connection closed with the thread's last error (the first
 * one wins) and wakes every caller. Called with the lock held. */
static void
client_mark_closed(remoteNetClient *client)
{
    if (!client->closed && !client->freeing)
        client->error = virSaveLastError();
    client->closed = true;
    g_cond_broadcast(&client->cond);
}

static int
write_all(remoteNetClient *client, const rpcMessage *msg)
{
    size_t done = 0;
    int ret = 0;

    g_mutex_lock(&client->write_lock);
    while (done < msg->length) {
        /* MSG_NOSIGNAL: a daemon that went away is an error, not SIGPIPE
         * (the TLS transport sends with it too) */
        ssize_t n = client->tls ?
            rpcTlsSessionWrite(client->tls, msg->buffer + done, msg->length - done) :
            send(client->fd, msg->buffer + done, msg->length - done, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "Cannot write data: %s", g_strerror(errno));
            ret = -1;
            break;
        }
        done += n;
    }
    g_mutex_unlock(&client->write_lock);
    return ret;
}

/* A keepalive packet: empty body, type MESSAGE, serial 0. */
static int
send_keepalive(remoteNetClient *client, int proc)
{
    g_autoptr(rpcMessage) msg = rpcMessageNew();
    tm_net_message_header header = {
        .prog = TM_KEEPALIVE_PROGRAM,
        .vers = TM_KEEPALIVE_PROTOCOL_VERSION,
        .proc = proc,
        .type = TM_NET_MESSAGE,
        .serial = 0,
        .status = TM_NET_OK,
    };

    if (rpcMessageEncode(msg, &header, NULL, NULL) < 0)
        return -1;
    return write_all(client, msg);
}

/* A REPLY: hands it to the call waiting with its prog, vers and serial.
 * Takes @msg. Returns -1 (error set) when no call waits for it, which
 * libvirt's client treats as fatal to the connection. */
static int
client_take_reply(remoteNetClient *client, rpcMessage *msg)
{
    const tm_net_message_header *hdr = &msg->header;
    remoteNetCall *call;
    int ret = 0;

    g_mutex_lock(&client->lock);
    call = g_hash_table_lookup(client->calls, GUINT_TO_POINTER(hdr->serial));
    if (!call || call->prog != hdr->prog || hdr->vers != 1 || call->reply) {
        virReportError(VIR_ERR_RPC, "no call waiting for reply with prog %u vers %u serial %u",
                       hdr->prog, hdr->vers, hdr->serial);
        rpcMessageFree(msg);
        ret = -1;
    } else {
        call->reply = msg;
        g_cond_broadcast(&client->cond);
    }
    g_mutex_unlock(&client->lock);
    return ret;
}

/* One complete packet with its header decoded. Takes @msg. Returns -1
 * (error set) when the connection must close. */
static int
client_dispatch(remoteNetClient *client, rpcMessage *msg)
{
    const tm_net_message_header *hdr = &msg->header;
    remoteNetClientEventFunc func;
    void *opaque;

    switch (hdr->type) {
    case TM_NET_REPLY:
    case TM_NET_REPLY_WITH_FDS:
        return client_take_reply(client, msg);
    case TM_NET_MESSAGE:
        break;
    case TM_NET_CALL:
    case TM_NET_CALL_WITH_FDS:
        rpcMessageFree(msg);
        virReportError(VIR_ERR_RPC, "%s", "got unexpected RPC call");
        return -1;
    default:
        /* streams: none is ever opened on this connection */
        rpcMessageFree(msg);
        return 0;
    }

    if (hdr->prog == TM_KEEPALIVE_PROGRAM) {
        int proc = hdr->proc;

        rpcMessageFree(msg);
        if (proc == TM_KEEPALIVE_PROC_PING)
            return send_keepalive(client, TM_KEEPALIVE_PROC_PONG);
        return 0;   /* a PONG: receiving it already reset our count */
    }

    g_mutex_lock(&client->lock);
    func = client->event_func;
    opaque = client->event_opaque;
    g_mutex_unlock(&client->lock);
    if (func && hdr->prog == TM_REMOTE_PROGRAM && hdr->vers == TM_REMOTE_PROTOCOL_VERSION)
        func(msg, opaque);
    rpcMessageFree(msg);
    return 0;
}

/* Waits for the socket to be readable, sending keepalive PINGs on
 * silence. Returns 1 when readable, -1 (error set) when the connection
 * must close. */
static int
wait_readable(remoteNetClient *client)
{
    for (;;) {
        struct pollfd pfd[2] = {
            { .fd = client->fd, .events = POLLIN },
            { .fd = client->wake[0], .events = POLLIN },
        };
        int interval;
        int rc;

        /* records gnutls already decrypted are not in the socket */
        if (client->tls && rpcTlsSessionPending(client->tls) > 0)
            return 1;

        g_mutex_lock(&client->lock);
        interval = client->ka_interval;
        g_mutex_unlock(&client->lock);

        rc = poll(pfd, 2, interval > 0 ? interval * 1000 : -1);
        if (rc > 0 && pfd[0].revents)
            return 1;
        if (rc > 0) {
            char drain[16];

            /* new keepalive settings: start the interval over with them */
            while (read(client->wake[0], drain, sizeof(drain)) > 0)
                ;
            continue;
        }
        if (rc < 0) {
            if (errno == EINTR)
                continue;
            virReportError(VIR_ERR_SYSTEM_ERROR, "Cannot recv data: %s", g_strerror(errno));
            return -1;
        }

        /* @interval seconds without a byte from the daemon */
        g_mutex_lock(&client->lock);
        if (client->ka_interval <= 0) {
            g_mutex_unlock(&client->lock);
            continue;
        }
        if (client->ka_left == 0) {
            g_mutex_unlock(&client->lock);
            virReportErrorHelper(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, __FILE__, __func__,
                                 __LINE__, "%s", "connection closed due to keepalive timeout");
            return -1;
        }
        client->ka_left--;
        g_mutex_unlock(&client->lock);
        if (send_keepalive(client, TM_KEEPALIVE_PROC_PING) < 0)
            return -1;
    }
}

static gpointer
client_reader(gpointer opaque)
{
    remoteNetClient *client = opaque;
    g_autoptr(rpcMessage) msg = rpcMessageNew();
    bool have_length = false;

    for (;;) {
        ssize_t n;

        if (wait_readable(client) < 0)
            break;
        n = client->tls ?
            rpcTlsSessionRead(client->tls, msg->buffer + msg->offset, msg->length - msg->offset) :
            read(client->fd, msg->buffer + msg->offset, msg->length - msg->offset);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "Cannot recv data: %s", g_strerror(errno));
            break;
        }
        if (n == 0) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "End of file while reading data: %s",
                           g_strerror(EIO));
            break;
        }

        g_mutex_lock(&client->lock);
        client->ka_left = client->ka_count;
        g_mutex_unlock(&client->lock);

        msg->offset += n;
        if (msg->offset < msg->length)
            continue;
        if (!have_length) {
            /* the cap is checked here, before the rest is allocated */
            if (rpcMessageDecodeLength(msg) < 0)
                break;
            have_length = true;
            continue;
        }
        if (rpcMessageDecodeHeader(msg) < 0 ||
            client_dispatch(client, g_steal_pointer(&msg)) < 0)
            break;
        msg = rpcMessageNew();
        have_length = false;
    }

    g_mutex_lock(&client->lock);
    client_mark_closed(client);
    g_mutex_unlock(&client->lock);
    /* wake a caller blocked writing to a daemon that stopped reading */
    shutdown(client->fd, SHUT_RDWR);
    return NULL;
}

remoteNetClient *
remoteNetClientNewFD(int fd)
{
    return remoteNetClientNewTLS(fd, NULL);
}

remoteNetClient *
remoteNetClientNewTLS(int fd, rpcTlsSession *tls)
{
    remoteNetClient *client = g_new0(remoteNetClient, 1);

    client->fd = fd;
    client->tls = tls;
    /* cannot fail but for lack of descriptors, which GLib treats as fatal
     * elsewhere too */
    if (!g_unix_open_pipe(client->wake, FD_CLOEXEC, NULL) ||
        !g_unix_set_fd_nonblocking(client->wake[0], TRUE, NULL) ||
        !g_unix_set_fd_nonblocking(client->wake[1], TRUE, NULL))
        g_error("remote client: cannot create a pipe");
    g_mutex_init(&client->lock);
    g_cond_init(&client->cond);
    g_mutex_init(&client->write_lock);
    client->calls = g_hash_table_new(NULL, NULL);
    client->reader = g_thread_new("tm-remote-reader", client_reader, client);
    return client;
}

remoteNetClient *
remoteNetClientConnectUNIX(const char *path, const char *spawn_daemon)
{
    int fd = remoteDriverConnectSpawn(path, spawn_daemon);

    if (fd < 0)
        return NULL;
    return remoteNetClientNewFD(fd);
}

void
remoteNetClientFree(remoteNetClient *client)
{
    if (!client)
        return;

    g_mutex_lock(&client->lock);
    client->freeing = true;
    g_mutex_unlock(&client->lock);
    /* makes the reader's poll/read return; it then exits */
    shutdown(client->fd, SHUT_RDWR);
    g_thread_join(client->reader);
    g_clear_pointer(&client->tls, rpcTlsSessionFree);
    close(client->fd);
    close(client->wake[0]);
    close(client->wake[1]);

    g_hash_table_unref(client->calls);
    virFreeError(client->error);
    g_mutex_clear(&client->lock);
    g_cond_clear(&client->cond);
    g_mutex_clear(&client->write_lock);
    g_free(client);
}

void
remoteNetClientSetEventHandler(remoteNetClient *client,
                               remoteNetClientEventFunc func, void *opaque)
{
    g_mutex_lock(&client->lock);
    client->event_func = func;
    client->event_opaque = opaque;
    g_mutex_unlock(&client->lock);
}

void
remoteNetClientSetKeepAlive(remoteNetClient *client, int interval, unsigned int count)
{
    ssize_t woken G_GNUC_UNUSED;

    g_mutex_lock(&client->lock);
    client->ka_interval = interval > 0 ? interval : 0;
    client->ka_count = count;
    client->ka_left = count;
    g_mutex_unlock(&client->lock);
    /* the reader may be asleep with the old interval (or none); a full
     * pipe already holds a wake-up */
    woken = write(client->wake[1], "k", 1);
}

bool
remoteNetClientIsOpen(remoteNetClient *client)
{
    bool open;

    g_mutex_lock(&client->lock);
    open = !client->closed;
    g_mutex_unlock(&client->lock);
    return open;
}

/* Raises the error a failed reply carries, as libvirt's client does. */
static void
raise_reply_error(rpcMessage *reply)
{
    tm_net_message_error err = { 0 };
    const char *message;
    int code;

    if (rpcMessageDecodePayload(reply, (xdrproc_t)xdr_tm_net_message_error, &err) < 0) {
        xdr_free((xdrproc_t)xdr_tm_net_message_error, (char *)&err);
        return;
    }
    message = err.message ? *err.message : "Unknown error";
    code = err.code;
    /* a daemon that lacks a procedure: callers probe for NO_SUPPORT */
    if ((err.domain == VIR_FROM_REMOTE || err.domain == VIR_FROM_RPC) &&
        err.code == VIR_ERR_RPC && err.level == VIR_ERR_ERROR &&
        g_str_has_prefix(message, "unknown procedure"))
        code = VIR_ERR_NO_SUPPORT;

    virRaiseErrorFull(__FILE__, __func__, __LINE__, err.domain, code, err.level,
                      err.str1 ? *err.str1 : NULL, err.str2 ? *err.str2 : NULL,
                      err.str3 ? *err.str3 : NULL, err.int1, err.int2, "%s", message);
    xdr_free((xdrproc_t)xdr_tm_net_message_error, (char *)&err);
}

/* Checks a matched reply and decodes it into @ret (see remoteNetClientCall). */
static int
finish_call(const remoteNetCall *call, xdrproc_t ret_filter, void *ret)
{
    rpcMessage *reply = call->reply;

    if (reply->header.proc != call->proc) {
        virReportError(VIR_ERR_RPC, "Unexpected message proc %d != %d",
                       reply->header.proc, call->proc);
        return -1;
    }
    switch (reply->header.status) {
    case TM_NET_OK:
        if (ret_filter && rpcMessageDecodePayload(reply, ret_filter, ret) < 0) {
            xdr_free(ret_filter, ret);
            return -1;
        }
        return 0;
    case TM_NET_ERROR:
        raise_reply_error(reply);
        return -1;
    default:
        virReportError(VIR_ERR_RPC, "Unexpected message status %u", reply->header.status);
        return -1;
    }
}

int
remoteNetClientCall(remoteNetClient *client, unsigned int prog, int proc,
                    xdrproc_t args_filter, const void *args,
                    xdrproc_t ret_filter, void *ret)
{
    g_autoptr(rpcMessage) msg = rpcMessageNew();
    remoteNetCall call = { .prog = prog, .proc = proc };
    tm_net_message_header header = {
        .prog = prog,
        .vers = 1,
        .proc = proc,
        .type = TM_NET_CALL,
        .status = TM_NET_OK,
    };
    int rc = -1;

    g_mutex_lock(&client->lock);
    if (client->closed) {
        g_mutex_unlock(&client->lock);
        virReportErrorHelper(VIR_FROM_RPC, VIR_ERR_INTERNAL_ERROR, __FILE__, __func__,
                             __LINE__, "%s", "client socket is closed");
        return -1;
    }
    call.serial = header.serial = client->next_serial++;
    g_hash_table_insert(client->calls, GUINT_TO_POINTER(call.serial), &call);
    g_mutex_unlock(&client->lock);

    if (rpcMessageEncode(msg, &header, args_filter, args) < 0)
        goto forget;
    if (write_all(client, msg) < 0) {
        g_mutex_lock(&client->lock);
        client_mark_closed(client);
        g_mutex_unlock(&client->lock);
        shutdown(client->fd, SHUT_RDWR);
        goto forget;
    }

    g_mutex_lock(&client->lock);
    while (!call.reply && !client->closed)
        g_cond_wait(&client->cond, &client->lock);
    g_hash_table_remove(client->calls, GUINT_TO_POINTER(call.serial));
    if (!call.reply)
        virSetError(client->error);
    g_mutex_unlock(&client->lock);

    if (call.reply) {
        rc = finish_call(&call, ret_filter, ret);
        rpcMessageFree(call.reply);
    }
    return rc;

 forget:
    g_mutex_lock(&client->lock);
    g_hash_table_remove(client->calls, GUINT_TO_POINTER(call.serial));
    g_mutex_unlock(&client->lock);
    return -1;
}
