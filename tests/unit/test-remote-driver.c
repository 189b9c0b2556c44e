/*
 * test-remote-driver.c: the remote driver against a fake daemon
 *
 * The fake daemon is a thread of this test speaking the wire protocol
 * through tidemark's own rpc_message on a UNIX socket (or one end of a
 * socketpair). It records every packet the client sends, so the bytes
 * are compared with what libvirt 9.0's client sends for the same calls
 * (the live traces of ../shared/facts/rpc.md §5: virsh's prologue, less
 * the close-callback calls tidemark's API does not have), and answers
 * with scripted replies: results, errors, a dropped connection, an
 * oversized length word, replies out of order, keepalive PINGs and
 * pushed lifecycle and job-completed events.
 */
#include "internal.h"
#include "datatypes.h"
#include "testutils.h"
#include "conf/domain_event.h"
#include "remote/remote_driver_client.h"
#include "remote/remote_driver_uri.h"
#include "util/virtypedparam.h"
#include "tm_keepalive_protocol.h"
#include "tm_remote_protocol.h"

#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>

/* the stock test domain, as libvirtd sends it (facts/rpc.md §3.2) */
static const unsigned char test_uuid[16] = {
    0x66, 0x95, 0xeb, 0x01, 0xf6, 0xa4, 0x83, 0x04,
    0x79, 0xaa, 0x97, 0xf2, 0x50, 0x2e, 0x19, 0x3f
};

/* the thread's last error against code, domain and message, as a check */
static void
check_error(int code, int domain, const char *message, const char *what)
{
    tmTestResult(tmTestCheckError(code, domain, message, what), "%s", what);
}

/* ---- the fake daemon's side ---- */

static bool
read_full(int fd, guint8 *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = read(fd, buf + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

static void
write_full(int fd, const guint8 *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        buf += n;
        len -= n;
    }
}

/* One packet from the client, header decoded; NULL at end of file. */
static rpcMessage *
srv_read(int fd)
{
    g_autoptr(rpcMessage) msg = rpcMessageNew();

    if (!read_full(fd, msg->buffer, 4) || rpcMessageDecodeLength(msg) < 0 ||
        !read_full(fd, msg->buffer + 4, msg->length - 4) || rpcMessageDecodeHeader(msg) < 0)
        return NULL;
    return g_steal_pointer(&msg);
}

/* The packet's bytes in facts/rpc.md's notation: 4-byte words in hex. */
static char *
packet_hex(const rpcMessage *msg)
{
    GString *s = g_string_new(NULL);
    size_t i;

    for (i = 0; i < msg->length; i++) {
        if (i && i % 4 == 0)
            g_string_append_c(s, ' ');
        g_string_append_printf(s, "%02x", msg->buffer[i]);
    }
    return g_string_free(s, FALSE);
}

static void
srv_send_header(int fd, const rpcMessage *call, int type, int status,
                xdrproc_t filter, const void *data)
{
    g_autoptr(rpcMessage) out = rpcMessageNew();
    tm_net_message_header hdr = call->header;

    hdr.type = type;
    hdr.status = status;
    g_assert(rpcMessageEncode(out, &hdr, filter, data) == 0);
    write_full(fd, out->buffer, out->length);
}

static void
srv_reply(int fd, const rpcMessage *call, xdrproc_t filter, const void *data)
{
    srv_send_header(fd, call, TM_NET_REPLY, TM_NET_OK, filter, data);
}

static void
srv_reply_domain(int fd, const rpcMessage *call, const char *name, int id)
{
    tm_remote_domain_ret ret = { .dom = { .name = (char *)name, .id = id } };

    memcpy(ret.dom.uuid, test_uuid, 16);
    srv_reply(fd, call, (xdrproc_t)xdr_tm_remote_domain_ret, &ret);
}

static void
srv_error(int fd, const rpcMessage *call, int code, int domain, const char *message,
          const char *str1, const char *str2)
{
    virError err = {
        .code = code, .domain = domain, .level = VIR_ERR_ERROR,
        .message = (char *)message, .str1 = (char *)str1, .str2 = (char *)str2,
        .int1 = -1, .int2 = -1,
    };
    g_autoptr(rpcMessage) out = rpcMessageNew();

    g_assert(rpcMessageEncodeError(out, &call->header, &err) == 0);
    write_full(fd, out->buffer, out->length);
}

/* A fake daemon: a listening socket in a temp dir and a thread running
 * @script on the one client it accepts. The script records what it
 * receives in @packets (hex) and @notes; the main thread checks them
 * after joining, so only one thread ever reports. */
typedef struct _fakeDaemon fakeDaemon;
struct _fakeDaemon {
    char *dir;
    char *sock;
    int listen_fd;
    int fd;
    GThread *thread;
    void (*script)(fakeDaemon *fd);
    GPtrArray *packets;
};

static gpointer
fake_run(gpointer opaque)
{
    fakeDaemon *fake = opaque;

    fake->fd = accept(fake->listen_fd, NULL, NULL);
    if (fake->fd >= 0) {
        fake->script(fake);
        close(fake->fd);
    }
    return NULL;
}

static fakeDaemon *
fake_start(void (*script)(fakeDaemon *fake))
{
    fakeDaemon *fake = g_new0(fakeDaemon, 1);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    fake->dir = g_dir_make_tmp("tm-remote-XXXXXX", NULL);
    g_assert(fake->dir);
    fake->sock = g_build_filename(fake->dir, "sock", NULL);
    g_strlcpy(addr.sun_path, fake->sock, sizeof(addr.sun_path));
    fake->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert(fake->listen_fd >= 0);
    g_assert(bind(fake->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
    g_assert(listen(fake->listen_fd, 1) == 0);
    fake->packets = g_ptr_array_new_with_free_func(g_free);
    fake->script = script;
    fake->thread = g_thread_new("fake-daemon", fake_run, fake);
    return fake;
}

/* Waits for the script's end; the records may then be read. */
static void
fake_join(fakeDaemon *fake)
{
    g_thread_join(g_steal_pointer(&fake->thread));
}

static void
fake_free(fakeDaemon *fake)
{
    if (fake->thread)
        fake_join(fake);
    close(fake->listen_fd);
    unlink(fake->sock);
    rmdir(fake->dir);
    g_ptr_array_unref(fake->packets);
    g_free(fake->sock);
    g_free(fake->dir);
    g_free(fake);
}

static char *
fake_uri(fakeDaemon *fake)
{
    return g_strdup_printf("test+unix:///default?socket=%s", fake->sock);
}

/* Reads one packet and records its bytes; NULL at end of file. */
static rpcMessage *
fake_read(fakeDaemon *fake)
{
    rpcMessage *msg = srv_read(fake->fd);

    if (msg)
        g_ptr_array_add(fake->packets, packet_hex(msg));
    return msg;
}

/* Answers the open sequence: AUTH_LIST [NONE], every feature yes,
 * CONNECT_OPEN. Returns false if the client sent something else. */
static bool
fake_prologue(fakeDaemon *fake)
{
    int i;

    for (i = 0; i < 5; i++) {
        g_autoptr(rpcMessage) call = fake_read(fake);

        if (!call)
            return false;
        switch (call->header.proc) {
        case TM_REMOTE_PROC_AUTH_LIST: {
            tm_remote_auth_type none = TM_REMOTE_AUTH_NONE;
            tm_remote_auth_list_ret ret = { .types = { 1, &none } };

            srv_reply(fake->fd, call, (xdrproc_t)xdr_tm_remote_auth_list_ret, &ret);
            break;
        }
        case TM_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE: {
            tm_remote_connect_supports_feature_ret ret = { .supported = 1 };

            srv_reply(fake->fd, call, (xdrproc_t)xdr_tm_remote_connect_supports_feature_ret, &ret);
            break;
        }
        case TM_REMOTE_PROC_CONNECT_OPEN:
            srv_reply(fake->fd, call, NULL, NULL);
            break;
        default:
            return false;
        }
    }
    return true;
}

/* Reads calls up to CONNECT_CLOSE, answering it; the client then hangs up. */
static void
fake_epilogue(fakeDaemon *fake)
{
    rpcMessage *call;

    while ((call = fake_read(fake))) {
        if (call->header.proc == TM_REMOTE_PROC_CONNECT_CLOSE)
            srv_reply(fake->fd, call, NULL, NULL);
        rpcMessageFree(call);
    }
}

static void
check_packets(fakeDaemon *fake, const char *const *expected, size_t n, const char *what)
{
    size_t i;

    tmTestResult(fake->packets->len == n, "%s: %zu packets sent (got %u)", what, n,
                 fake->packets->len);
    for (i = 0; i < n && i < fake->packets->len; i++) {
        const char *got = g_ptr_array_index(fake->packets, i);

        if (!tmTestResult(STREQ(got, expected[i]), "%s: packet %zu as libvirt's client", what, i))
            tmTestDiag("want %s\n#  got %s", expected[i], got);
    }
}

/* ---- 1. the open sequence, a lookup, a list and the close ---- */

static void
script_basic(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;
    g_autoptr(rpcMessage) list = NULL;
    tm_remote_domain_checkpoint_list_ret empty = { 0 };

    if (!fake_prologue(fake))
        return;
    if (!(lookup = fake_read(fake)))
        return;
    srv_reply_domain(fake->fd, lookup, "test", 1);
    if (!(list = fake_read(fake)))
        return;
    srv_reply(fake->fd, list, (xdrproc_t)xdr_tm_remote_domain_checkpoint_list_ret, &empty);
    fake_epilogue(fake);
}

static void
test_basic(void)
{
    /* virsh's packets for `checkpoint-list test` (facts/rpc.md §5.0,
     * §5.1), serials renumbered: tidemark's API has no close callback,
     * so REGISTER/UNREGISTER_CLOSE_CALLBACK are not sent */
    static const char *const expected[] = {
        "0000001c 20008086 00000001 00000042 00000000 00000000 00000000",
        "00000020 20008086 00000001 0000003c 00000000 00000001 00000000 0000000a",
        "00000038 20008086 00000001 00000001 00000000 00000002 00000000 "
        "00000001 0000000f 74657374 3a2f2f2f 64656661 756c7400 00000000",
        "00000020 20008086 00000001 0000003c 00000000 00000003 00000000 0000000e",
        "00000020 20008086 00000001 0000003c 00000000 00000004 00000000 0000000f",
        "00000024 20008086 00000001 00000017 00000000 00000005 00000000 00000004 74657374",
        "00000040 20008086 00000001 0000019d 00000000 00000006 00000000 "
        "00000004 74657374 6695eb01 f6a48304 79aa97f2 502e193f 00000001 00000001 00000000",
        "0000001c 20008086 00000001 00000002 00000000 00000007 00000000",
    };
    fakeDaemon *fake = fake_start(script_basic);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    virDomainPtr dom = NULL;
    virDomainCheckpointPtr *cps = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN] = "";

    tmTestResult(conn != NULL, "open %s", uri);
    if (conn)
        dom = virDomainLookupByName(conn, "test");
    tmTestResult(dom != NULL, "lookup of 'test' answered");
    if (dom) {
        virDomainGetUUIDString(dom, uuid);
        tmTestResult(virDomainGetID(dom) == 1 && STREQ(virDomainGetName(dom), "test") &&
                     STREQ(uuid, "6695eb01-f6a4-8304-79aa-97f2502e193f"),
                     "the domain handle is built from the reply (id 1, uuid %s)", uuid);
        tmTestResult(virDomainListAllCheckpoints(dom, &cps, 0) == 0 && cps && !cps[0],
                     "an empty checkpoint list");
        g_free(cps);
        virDomainFree(dom);
    }
    if (conn)
        tmTestResult(virConnectClose(conn) == 0, "close");
    fake_join(fake);
    check_packets(fake, expected, G_N_ELEMENTS(expected), "checkpoint-list");
    fake_free(fake);
}

/* ---- 2. the daemon's errors, raised again as they were sent ---- */

static void
script_errors(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;
    g_autoptr(rpcMessage) cp = NULL;
    g_autoptr(rpcMessage) list = NULL;

    if (!fake_prologue(fake) || !(lookup = fake_read(fake)))
        return;
    srv_reply_domain(fake->fd, lookup, "test", 1);
    if (!(cp = fake_read(fake)))
        return;
    srv_error(fake->fd, cp, VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT,
              "Domain checkpoint not found: no domain checkpoint with matching name 'nope'",
              "Domain checkpoint not found: %s", "no domain checkpoint with matching name 'nope'");
    if (!(list = fake_read(fake)))
        return;
    /* what libvirtd answers for a procedure it does not know */
    srv_error(fake->fd, list, VIR_ERR_RPC, VIR_FROM_RPC, "unknown procedure: 413", "%s",
              "unknown procedure: 413");
    fake_epilogue(fake);
}

static void
test_errors(void)
{
    fakeDaemon *fake = fake_start(script_errors);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "test") : NULL;
    virErrorPtr err;

    tmTestResult(dom != NULL, "errors: open and lookup");
    if (dom) {
        tmTestResult(virDomainCheckpointLookupByName(dom, "nope", 0) == NULL,
                     "a failed reply fails the call");
        err = virGetLastError();
        check_error(VIR_ERR_NO_DOMAIN_CHECKPOINT, VIR_FROM_DOMAIN_CHECKPOINT,
                         "Domain checkpoint not found: no domain checkpoint with matching name 'nope'",
                         "the daemon's code, domain and message");
        tmTestResult(err && err->level == VIR_ERR_ERROR && err->int1 == -1 &&
                     STREQ_NULLABLE(err->str1, "Domain checkpoint not found: %s") &&
                     STREQ_NULLABLE(err->str2, "no domain checkpoint with matching name 'nope'") &&
                     !err->str3, "level, str1-3 and int1 as sent");
        tmTestResult(virDomainListAllCheckpoints(dom, NULL, 0) == -1, "unknown procedure fails");
        check_error(VIR_ERR_NO_SUPPORT, VIR_FROM_RPC, "unknown procedure: 413",
                         "'unknown procedure' becomes NO_SUPPORT, as libvirt's client maps it");
        virDomainFree(dom);
    }
    if (conn)
        virConnectClose(conn);
    fake_free(fake);
}

/* ---- 3. a daemon that goes away in the middle of a call ---- */

static void
script_drop(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;

    if (!fake_prologue(fake))
        return;
    lookup = fake_read(fake);
    /* no answer: the script returns and the socket closes */
}

static void
test_drop(void)
{
    fakeDaemon *fake = fake_start(script_drop);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);

    tmTestResult(conn != NULL, "drop: open");
    if (!conn) {
        fake_free(fake);
        return;
    }
    tmTestResult(virDomainLookupByName(conn, "test") == NULL, "the call in flight fails");
    check_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                     "End of file while reading data: Input/output error",
                     "with libvirt's end-of-file error");
    tmTestResult(virConnectIsAlive(conn) == 0, "the connection is dead");
    tmTestResult(virDomainLookupByName(conn, "test") == NULL, "a later call fails");
    check_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                     "internal error: client socket is closed",
                     "with libvirt's closed-socket error, without hanging");
    tmTestResult(virConnectClose(conn) == 0, "closing a dead connection sends nothing");
    fake_free(fake);
}

/* ---- 4. an oversized length word ---- */

static void
script_oversized(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;
    /* 32 MiB of header and payload plus the length word, plus one */
    static const guint8 word[4] = { 0x02, 0x00, 0x00, 0x05 };

    if (!fake_prologue(fake) || !(lookup = fake_read(fake)))
        return;
    write_full(fake->fd, word, sizeof(word));
    /* the client must hang up without waiting for 32 MiB */
    for (;;) {
        rpcMessage *more = fake_read(fake);

        if (!more)
            break;
        rpcMessageFree(more);
    }
}

static void
test_oversized(void)
{
    fakeDaemon *fake = fake_start(script_oversized);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);

    if (conn) {
        tmTestResult(virDomainLookupByName(conn, "test") == NULL,
                     "an oversized length word fails the call");
        check_error(VIR_ERR_RPC, VIR_FROM_RPC,
                         "packet 33554437 bytes received from peer too large, want 33554436",
                         "with the cap's error, before any allocation");
        tmTestResult(virConnectIsAlive(conn) == 0, "and drops the connection");
        virConnectClose(conn);
    } else {
        tmTestResult(false, "oversized: open");
    }
    fake_free(fake);
}

/* ---- 5. two threads with calls in flight, answered out of order ---- */

static void
script_two_calls(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) first = NULL;
    g_autoptr(rpcMessage) second = NULL;
    g_autofree char *name1 = NULL;
    g_autofree char *name2 = NULL;
    tm_remote_domain_lookup_by_name_args args = { 0 };

    if (!fake_prologue(fake) || !(first = fake_read(fake)) || !(second = fake_read(fake)))
        return;
    /* each answer names the domain its call asked for: the reply to the
     * later serial goes first */
    if (rpcMessageDecodePayload(second, (xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args,
                                &args) == 0)
        name2 = g_strdup(args.name);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, (char *)&args);
    memset(&args, 0, sizeof(args));
    if (rpcMessageDecodePayload(first, (xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args,
                                &args) == 0)
        name1 = g_strdup(args.name);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, (char *)&args);
    srv_reply_domain(fake->fd, second, name2 ? name2 : "?", 2);
    srv_reply_domain(fake->fd, first, name1 ? name1 : "?", 1);
    fake_epilogue(fake);
}

typedef struct {
    virConnectPtr conn;
    const char *name;
    char *got;        /* the name of the domain that came back */
} lookupJob;

static gpointer
lookup_thread(gpointer opaque)
{
    lookupJob *job = opaque;
    virDomainPtr dom = virDomainLookupByName(job->conn, job->name);

    if (dom) {
        job->got = g_strdup(virDomainGetName(dom));
        virDomainFree(dom);
    }
    return NULL;
}

static void
test_two_calls(void)
{
    fakeDaemon *fake = fake_start(script_two_calls);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    lookupJob jobs[2] = { { conn, "alpha", NULL }, { conn, "beta", NULL } };
    GThread *threads[2];
    size_t i;

    if (!conn) {
        tmTestResult(false, "two calls: open");
        fake_free(fake);
        return;
    }
    for (i = 0; i < 2; i++)
        threads[i] = g_thread_new("lookup", lookup_thread, &jobs[i]);
    for (i = 0; i < 2; i++)
        g_thread_join(threads[i]);
    for (i = 0; i < 2; i++) {
        tmTestResult(STREQ_NULLABLE(jobs[i].got, jobs[i].name),
                     "thread looking up '%s' got its own reply ('%s')", jobs[i].name,
                     NULLSTR(jobs[i].got));
        g_free(jobs[i].got);
    }
    virConnectClose(conn);
    fake_free(fake);
}

/* ---- 6. keepalive: the daemon's PING answered with a PONG ---- */

static void
script_ping(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;
    g_autoptr(rpcMessage) pong = NULL;
    rpcMessage ping = { .header = {
        .prog = TM_KEEPALIVE_PROGRAM, .vers = 1, .proc = TM_KEEPALIVE_PROC_PING,
    } };

    if (!fake_prologue(fake) || !(lookup = fake_read(fake)))
        return;
    /* a PING while the call waits: it must not disturb the call */
    srv_send_header(fake->fd, &ping, TM_NET_MESSAGE, TM_NET_OK, NULL, NULL);
    if (!(pong = fake_read(fake)))
        return;
    srv_reply_domain(fake->fd, lookup, "test", 1);
    fake_epilogue(fake);
}

static void
test_ping(void)
{
    /* keepalive prog, vers 1, proc PONG, type MESSAGE, serial 0, status OK */
    static const char *const pong =
        "0000001c 6b656570 00000001 00000002 00000002 00000000 00000000";
    fakeDaemon *fake = fake_start(script_ping);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "test") : NULL;

    tmTestResult(dom != NULL, "a call with a PING in between succeeds");
    if (dom)
        virDomainFree(dom);
    if (conn)
        virConnectClose(conn);
    fake_join(fake);
    /* prologue (5), the lookup, then our answer to the PING */
    tmTestResult(fake->packets->len >= 7 &&
                 STREQ(g_ptr_array_index(fake->packets, 6), pong),
                 "the PING was answered with libvirt's PONG packet");
    fake_free(fake);
}

/* ---- 6b. our own keepalive: PINGs on silence, then a timeout ---- */

static void
script_silent(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;
    rpcMessage *more;

    if (!fake_prologue(fake) || !(lookup = fake_read(fake)))
        return;
    /* never answers: records the client's PINGs until it hangs up */
    while ((more = fake_read(fake)))
        rpcMessageFree(more);
}

static void
test_keepalive_timeout(void)
{
    static const char *const ping =
        "0000001c 6b656570 00000001 00000001 00000002 00000000 00000000";
    fakeDaemon *fake = fake_start(script_silent);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    gint64 start = g_get_monotonic_time();
    gint64 took;

    if (!conn) {
        tmTestResult(false, "keepalive: open");
        fake_free(fake);
        return;
    }
    /* set while the reader sleeps without a timeout: it must wake up */
    tmTestResult(virConnectSetKeepAlive(conn, 1, 1) == 0,
                 "keepalive accepted (the daemon said yes to feature 10)");
    tmTestResult(virDomainLookupByName(conn, "test") == NULL,
                 "a call the daemon never answers fails");
    took = (g_get_monotonic_time() - start) / 1000;
    check_error(VIR_ERR_INTERNAL_ERROR, VIR_FROM_RPC,
                "internal error: connection closed due to keepalive timeout",
                "with libvirt's keepalive error");
    tmTestResult(took >= 1500 && took < 6000,
                 "after one unanswered PING: ~2 intervals (%" G_GINT64_FORMAT " ms)", took);
    virConnectClose(conn);
    fake_join(fake);
    tmTestResult(fake->packets->len == 7 && STREQ(g_ptr_array_index(fake->packets, 6), ping),
                 "exactly one PING, as libvirt's packet (%u packets)", fake->packets->len);
    fake_free(fake);
}

/* ---- 7. a lifecycle event pushed by the daemon ---- */

static void
script_event(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) lookup = NULL;
    g_autoptr(rpcMessage) reg = NULL;
    g_autoptr(rpcMessage) dereg = NULL;
    tm_remote_connect_domain_event_callback_register_any_ret id = { .callbackID = 7 };
    tm_remote_domain_event_callback_lifecycle_msg ev = {
        .callbackID = 7,
        .msg = { .dom = { .name = (char *)"test", .id = -1 },
                 .event = VIR_DOMAIN_EVENT_STOPPED,
                 .detail = VIR_DOMAIN_EVENT_STOPPED_DESTROYED },
    };
    rpcMessage push = { .header = {
        .prog = TM_REMOTE_PROGRAM, .vers = 1,
        .proc = TM_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
    } };

    memcpy(ev.msg.dom.uuid, test_uuid, 16);
    if (!fake_prologue(fake) || !(reg = fake_read(fake)))
        return;
    srv_reply(fake->fd, reg,
              (xdrproc_t)xdr_tm_remote_connect_domain_event_callback_register_any_ret, &id);
    srv_send_header(fake->fd, &push, TM_NET_MESSAGE, TM_NET_OK,
                    (xdrproc_t)xdr_tm_remote_domain_event_callback_lifecycle_msg, &ev);
    if (!(dereg = fake_read(fake)))
        return;
    srv_reply(fake->fd, dereg, NULL, NULL);
    fake_epilogue(fake);
}

typedef struct {
    int calls;
    int event;
    int detail;
    char *name;
} eventSeen;

static void
lifecycle_cb(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int event, int detail,
             void *opaque)
{
    eventSeen *seen = opaque;

    seen->calls++;
    seen->event = event;
    seen->detail = detail;
    g_free(seen->name);
    seen->name = g_strdup(virDomainGetName(dom));
}

static void
test_event(void)
{
    /* REGISTER_ANY (316) for LIFECYCLE (0) of every domain, serial 5 */
    static const char *const reg =
        "00000024 20008086 00000001 0000013c 00000000 00000005 00000000 00000000 00000000";
    static const char *const dereg =
        "00000020 20008086 00000001 0000013d 00000000 00000006 00000000 00000007";
    fakeDaemon *fake = fake_start(script_event);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    eventSeen seen = { 0 };
    gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    int id = -1;

    if (conn)
        id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                              VIR_DOMAIN_EVENT_CALLBACK(lifecycle_cb),
                                              &seen, NULL);
    tmTestResult(id >= 0, "register a lifecycle callback");
    while (id >= 0 && seen.calls == 0 && g_get_monotonic_time() < deadline)
        if (!g_main_context_iteration(NULL, FALSE))
            g_usleep(1000);
    tmTestResult(seen.calls == 1 && seen.event == VIR_DOMAIN_EVENT_STOPPED &&
                 seen.detail == VIR_DOMAIN_EVENT_STOPPED_DESTROYED &&
                 STREQ_NULLABLE(seen.name, "test"),
                 "the pushed event reached the callback (%d calls, %d/%d, %s)",
                 seen.calls, seen.event, seen.detail, NULLSTR(seen.name));
    if (id >= 0)
        tmTestResult(virConnectDomainEventDeregisterAny(conn, id) == 0, "deregister");
    if (conn)
        virConnectClose(conn);
    fake_join(fake);
    tmTestResult(fake->packets->len >= 7 &&
                 STREQ(g_ptr_array_index(fake->packets, 5), reg) &&
                 STREQ(g_ptr_array_index(fake->packets, 6), dereg),
                 "REGISTER_ANY / DEREGISTER_ANY(the daemon's id 7) on the wire");
    g_free(seen.name);
    fake_free(fake);
}

/* ---- 7b. a job-completed event pushed by the daemon ---- */

static void
script_job_event(fakeDaemon *fake)
{
    g_autoptr(rpcMessage) reg = NULL;
    g_autoptr(rpcMessage) dereg = NULL;
    tm_remote_connect_domain_event_callback_register_any_ret id = { .callbackID = 3 };
    tm_remote_typed_param params[] = {
        { .field = (char *)"operation",
          .value = { .type = VIR_TYPED_PARAM_INT, .tm_remote_typed_param_value_u.i = 9 } },
        { .field = (char *)"disk_total",
          .value = { .type = VIR_TYPED_PARAM_ULLONG,
                     .tm_remote_typed_param_value_u.ul = 16777216 } },
        { .field = (char *)"success",
          .value = { .type = VIR_TYPED_PARAM_BOOLEAN, .tm_remote_typed_param_value_u.b = 1 } },
    };
    tm_remote_domain_event_callback_job_completed_msg ev = {
        .callbackID = 3,
        .dom = { .name = (char *)"test", .id = 1 },
        .params = { G_N_ELEMENTS(params), params },
    };
    rpcMessage push = { .header = {
        .prog = TM_REMOTE_PROGRAM, .vers = 1, .serial = 1,
        .proc = TM_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED,
    } };

    memcpy(ev.dom.uuid, test_uuid, 16);
    if (!fake_prologue(fake) || !(reg = fake_read(fake)))
        return;
    srv_reply(fake->fd, reg,
              (xdrproc_t)xdr_tm_remote_connect_domain_event_callback_register_any_ret, &id);
    srv_send_header(fake->fd, &push, TM_NET_MESSAGE, TM_NET_OK,
                    (xdrproc_t)xdr_tm_remote_domain_event_callback_job_completed_msg, &ev);
    if (!(dereg = fake_read(fake)))
        return;
    srv_reply(fake->fd, dereg, NULL, NULL);
    fake_epilogue(fake);
}

typedef struct {
    int calls;
    char *name;
    char *params;   /* "field=value,..." */
} jobEventSeen;

static void
job_completed_cb(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom,
                 virTypedParameterPtr params, int nparams, void *opaque)
{
    jobEventSeen *seen = opaque;
    GString *s = g_string_new(NULL);
    int i;

    for (i = 0; i < nparams; i++) {
        g_autofree char *value = virTypedParameterToString(&params[i]);

        g_string_append_printf(s, "%s%s:%d=%s", i ? "," : "", params[i].field,
                               params[i].type, value);
    }
    seen->calls++;
    g_free(seen->name);
    seen->name = g_strdup(virDomainGetName(dom));
    g_free(seen->params);
    seen->params = g_string_free(s, FALSE);
}

static void
test_job_event(void)
{
    /* REGISTER_ANY (316) for JOB_COMPLETED (21) of every domain */
    static const char *const reg =
        "00000024 20008086 00000001 0000013c 00000000 00000005 00000000 00000015 00000000";
    fakeDaemon *fake = fake_start(script_job_event);
    g_autofree char *uri = fake_uri(fake);
    virConnectPtr conn = virConnectOpen(uri);
    jobEventSeen seen = { 0 };
    gint64 deadline = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    int id = -1;

    if (conn)
        id = virConnectDomainEventRegisterAny(conn, NULL, VIR_DOMAIN_EVENT_ID_JOB_COMPLETED,
                                              VIR_DOMAIN_EVENT_CALLBACK(job_completed_cb),
                                              &seen, NULL);
    tmTestResult(id >= 0, "register a job-completed callback");
    while (id >= 0 && seen.calls == 0 && g_get_monotonic_time() < deadline)
        if (!g_main_context_iteration(NULL, FALSE))
            g_usleep(1000);
    tmTestResult(seen.calls == 1 && STREQ_NULLABLE(seen.name, "test") &&
                 STREQ_NULLABLE(seen.params, "operation:1=9,disk_total:4=16777216,success:6=1"),
                 "the pushed job-completed event reached the callback with its statistics "
                 "(%d calls, %s, %s)", seen.calls, NULLSTR(seen.name), NULLSTR(seen.params));
    if (id >= 0)
        tmTestResult(virConnectDomainEventDeregisterAny(conn, id) == 0, "deregister");
    if (conn)
        virConnectClose(conn);
    fake_join(fake);
    tmTestResult(fake->packets->len >= 6 && STREQ(g_ptr_array_index(fake->packets, 5), reg),
                 "REGISTER_ANY for event id 21 on the wire (%s)",
                 fake->packets->len > 5 ? (char *)g_ptr_array_index(fake->packets, 5) : "-");
    g_free(seen.name);
    g_free(seen.params);
    fake_free(fake);
}

/* ---- 8. URIs: socket and CONNECT_OPEN name ---- */

/* @root: as root, else as an unprivileged user */
static void
check_uri_as(bool root, const char *uristr, bool ro, int rc_want, const char *socket_want,
             const char *name_want)
{
    g_autoptr(GUri) uri = g_uri_parse(uristr, G_URI_FLAGS_ENCODED_QUERY, NULL);
    g_auto(remoteDriverTarget) target = { 0 };
    int rc = remoteDriverParseURI(uri, ro, root, &target);

    tmTestResult(rc == rc_want && STREQ_NULLABLE(target.socket, socket_want) &&
                 STREQ_NULLABLE(target.name, name_want),
                 "%s%s%s -> %d socket %s name %s", uristr, ro ? " (ro)" : "",
                 root ? " (root)" : "", rc, NULLSTR(target.socket), NULLSTR(target.name));
    if (rc < 0)
        virResetLastError();
}

static void
check_uri(const char *uristr, bool ro, int rc_want, const char *socket_want, const char *name_want)
{
    check_uri_as(false, uristr, ro, rc_want, socket_want, name_want);
}

/* Whether the per-user daemon would be started (libvirt's
 * remoteGetURIDaemonInfo: an unprivileged caller, a /session or test+
 * URI, its default socket; TIDEMARK_AUTOSTART=0 turns it off, as
 * LIBVIRT_AUTOSTART=0 does libvirt's). */
static void
check_autostart(bool root, const char *uristr, bool want)
{
    g_autoptr(GUri) uri = g_uri_parse(uristr, G_URI_FLAGS_ENCODED_QUERY, NULL);
    g_auto(remoteDriverTarget) target = { 0 };
    int rc = remoteDriverParseURI(uri, false, root, &target);

    tmTestResult(rc == 0 && target.autostart == want, "%s%s%s: autostart %s", uristr,
                 root ? " (root)" : "",
                 g_getenv("TIDEMARK_AUTOSTART") ? " TIDEMARK_AUTOSTART=0" : "",
                 want ? "yes" : "no");
}

static void
test_uris(void)
{
    g_autofree char *session = NULL;

    /* the names libvirt's client sends (facts/rpc.md §7) */
    check_uri("test+unix:///default?socket=/x", false, 0, "/x", "test:///default");
    check_uri("test+unix:///default?socket=/x", true, 0, "/x", "test:///default");
    check_uri("test+unix:///default?socket=/x&foo=bar", false, 0, "/x", "test:///default?foo=bar");
    check_uri("qemu+unix:///session?socket=/x", false, 0, "/x", "qemu:///session");
    check_uri("qemu+unix:///system?socket=/x", false, 0, "/x", "qemu:///system");
    check_uri("remote+unix:///?socket=/x", false, 0, "/x", "");
    check_uri("test+unix:///default?name=test:///other&socket=/x", false, 0, "/x",
              "test:///other");
    check_uri("test+unix:///default?socket=%2Ftmp%2Fa%20b", false, 0, "/tmp/a b",
              "test:///default");
    /* the default sockets: the per-user daemon for an unprivileged user's
     * /session and test+ URIs, the system one for the rest and for root
     * (libvirt's remoteGetURIDaemonInfo; virsh -c qemu:///session run by
     * root here connects to /var/run/libvirt/libvirt-sock) */
    check_uri("qemu:///system", false, 0, "/run/tidemark/tidemark-sock", "qemu:///system");
    check_uri("qemu:///system", true, 0, "/run/tidemark/tidemark-sock-ro", "qemu:///system");
    g_setenv("XDG_RUNTIME_DIR", "/run/user/1234", TRUE);
    check_uri("qemu:///session", false, 0, "/run/user/1234/tidemark/tidemark-sock",
              "qemu:///session");
    check_uri("test+unix:///default", false, 0, "/run/user/1234/tidemark/tidemark-sock",
              "test:///default");
    check_uri_as(true, "qemu:///session", false, 0, "/run/tidemark/tidemark-sock",
                 "qemu:///session");
    check_uri_as(true, "test+unix:///default", true, 0, "/run/tidemark/tidemark-sock-ro",
                 "test:///default");
    g_unsetenv("XDG_RUNTIME_DIR");
    session = g_build_filename(g_get_user_cache_dir(), "tidemark", "tidemark-sock", NULL);
    check_uri("qemu:///session", false, 0, session, "qemu:///session");
    check_autostart(false, "qemu:///session", true);
    check_autostart(false, "test+unix:///default", true);
    check_autostart(false, "qemu+unix:///session", true);
    check_autostart(false, "qemu:///session?socket=/x", false);
    check_autostart(false, "test+unix:///default?socket=/x", false);
    check_autostart(false, "qemu:///system", false);
    check_autostart(true, "qemu:///session", false);
    check_autostart(true, "test+unix:///default", false);
    g_setenv("TIDEMARK_AUTOSTART", "0", TRUE);
    check_autostart(false, "qemu:///session", false);
    g_unsetenv("TIDEMARK_AUTOSTART");
    /* not the remote driver's */
    check_uri("test:///default", false, 1, NULL, NULL);
    check_uri("qemu:///embed?root=/x", false, 1, NULL, NULL);
    /* refused */
    check_uri("test+bogus:///default", false, -1, NULL, NULL);
    check_uri("qemu+ssh://host/system", false, -1, NULL, NULL);
    check_uri("test+unix://host/default", false, -1, NULL, NULL);
    check_uri("test+tls://host/default?no_verify=yes", false, -1, NULL, NULL);
    check_uri("test+tls://host/default?no_sanity=", false, -1, NULL, NULL);
}

/* DRIVER+tls://: no socket, the host and port (libvirt's defaults
 * localhost and 16514), the parameters the remote driver consumes
 * (none of them reaches the daemon's CONNECT_OPEN name) */
static void
check_tls(const char *uristr, const char *name, const char *host, const char *port,
          const char *pkipath, bool verify, bool sanity)
{
    g_autoptr(GUri) uri = g_uri_parse(uristr, G_URI_FLAGS_ENCODED_QUERY, NULL);
    g_auto(remoteDriverTarget) t = { 0 };
    int rc = remoteDriverParseURI(uri, false, false, &t);

    tmTestResult(rc == 0 && t.tls && !t.socket && !t.autostart && STREQ_NULLABLE(t.name, name) &&
                 STREQ_NULLABLE(t.host, host) && STREQ_NULLABLE(t.port, port) &&
                 STREQ_NULLABLE(t.pkipath, pkipath) && t.verify == verify &&
                 t.sanity == sanity,
                 "%s -> tls %d name %s host %s port %s pkipath %s verify %d sanity %d", uristr,
                 t.tls, NULLSTR(t.name), NULLSTR(t.host), NULLSTR(t.port), NULLSTR(t.pkipath),
                 t.verify, t.sanity);
    if (rc < 0)
        virResetLastError();
}

static void
test_tls_uris(void)
{
    check_tls("qemu+tls://127.0.0.1/system", "qemu:///system", "127.0.0.1", "16514", NULL,
              true, true);
    check_tls("test+tls://127.0.0.1:26514/default?pkipath=%2Ftmp%2Fpki&foo=bar",
              "test:///default?foo=bar", "127.0.0.1", "26514", "/tmp/pki", true, true);
    check_tls("qemu+tls:///system?no_verify=1&no_sanity=2&tls_priority=NORMAL",
              "qemu:///system", "localhost", "16514", NULL, false, false);
    check_tls("qemu+tls://h/system?no_verify=0&socket=/x", "qemu:///system", "h", "16514", NULL,
              true, true);
}

/* What Debian's virsh prints for a TLS daemon that is not there. */
static void
test_tls_refused(void)
{
    virConnectPtr conn;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET,
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(addr);
    g_autofree char *pki = g_dir_make_tmp("tm-pki-XXXXXX", NULL);
    g_autofree char *cacert = g_build_filename(pki, "cacert.pem", NULL);
    g_autofree char *uri = NULL;

    /* a port nobody listens on: bound, never listened to */
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
        g_error("cannot bind a TCP socket");
    uri = g_strdup_printf("test+tls://127.0.0.1:%d/default?pkipath=%s&no_sanity=1",
                          ntohs(addr.sin_port), pki);

    /* the CA is read before anything is connected */
    conn = virConnectOpen(uri);
    tmTestResult(conn == NULL, "no CA certificate fails the open");
    {
        g_autofree char *want = g_strdup_printf("Cannot read CA certificate '%s': "
                                                "No such file or directory", cacert);

        check_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, want, "with libvirt's error");
    }
    /* any PEM file passes as the CA list until a peer is verified */
    g_file_set_contents(cacert, "", 0, NULL);
    conn = virConnectOpen(uri);
    tmTestResult(conn == NULL, "a refused TCP connection fails the open");
    {
        g_autofree char *want = g_strdup_printf("unable to connect to server at "
                                                "'127.0.0.1:%d': Connection refused",
                                                ntohs(addr.sin_port));

        check_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC, want, "with libvirt's error");
    }
    unlink(cacert);
    rmdir(pki);
    close(fd);
}

static void
test_missing_socket(void)
{
    virConnectPtr conn = virConnectOpen("test+unix:///default?socket=/nonexistent/tm-sock");

    tmTestResult(conn == NULL, "a missing socket fails the open");
    /* what Debian's virsh prints for the same URI */
    check_error(VIR_ERR_SYSTEM_ERROR, VIR_FROM_RPC,
                     "Failed to connect socket to '/nonexistent/tm-sock': No such file or directory",
                     "with libvirt's error");
}

/* the expected errors are checked, not printed */
static void
quiet_errors(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

int
main(void)
{
    virEventRegisterDefaultImpl();
    virSetErrorFunc(NULL, quiet_errors);
    test_uris();
    test_tls_uris();
    test_tls_refused();
    test_missing_socket();
    test_basic();
    test_errors();
    test_drop();
    test_oversized();
    test_two_calls();
    test_ping();
    test_keepalive_timeout();
    test_event();
    test_job_event();
    return tmTestDone();
}
