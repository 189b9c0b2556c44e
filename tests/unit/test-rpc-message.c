/*
 * test-rpc-message.c: framing of one packet (src/rpc/rpc_message.c)
 *
 * The byte-level agreement with libvirt's encoders is test-rpc-xdr.c's
 * job; this pins the framing rules around them: the length word is
 * checked against libvirt's cap before the buffer grows, a packet
 * survives encode + decode, large payloads grow the buffer, and an
 * error reply echoes the call's header with status ERROR.
 */
#include "internal.h"
#include "testutils.h"
#include "rpc/rpc_message.h"
#include "tm_remote_protocol.h"

static void
set_length(rpcMessage *msg, guint32 len)
{
    guint32 be = GUINT32_TO_BE(len);

    memcpy(msg->buffer, &be, 4);
}

static void
test_length_caps(void)
{
    g_autoptr(rpcMessage) msg = rpcMessageNew();
    g_autoptr(rpcMessage) shorty = rpcMessageNew();

    set_length(msg, 3);
    tmTestResult(rpcMessageDecodeLength(msg) < 0 && msg->capacity == 4,
                 "a length below the length word is refused");
    tmTestCheckError(VIR_ERR_RPC, VIR_FROM_RPC,
                     "packet 3 bytes received from peer too small, want 4", "too small");

    /* too short for a header: read whole, then refused by the header */
    set_length(shorty, 20);
    tmTestResult(rpcMessageDecodeLength(shorty) == 0 && shorty->length == 20,
                 "a length below a header is read");
    tmTestResult(rpcMessageDecodeHeader(shorty) < 0, "and its header is refused");
    tmTestCheckError(VIR_ERR_RPC, VIR_FROM_RPC, "Unable to decode message header",
                     "short header");

    set_length(msg, 0xffffffff);
    tmTestResult(rpcMessageDecodeLength(msg) < 0 && msg->capacity == 4,
                 "a 4 GiB length word is refused before any allocation");
    tmTestCheckError(VIR_ERR_RPC, VIR_FROM_RPC,
                     "packet 4294967295 bytes received from peer too large, want 33554436",
                     "too large");

    set_length(msg, TM_NET_MESSAGE_MAX + 5);
    tmTestResult(rpcMessageDecodeLength(msg) < 0,
                 "one byte over libvirt's cap is refused");

    set_length(msg, TM_NET_MESSAGE_MAX + 4);
    tmTestResult(rpcMessageDecodeLength(msg) == 0 &&
                 msg->length == TM_NET_MESSAGE_MAX + 4 && msg->offset == 4,
                 "exactly libvirt's cap is accepted");
}

static void
test_round_trip(void)
{
    g_autoptr(rpcMessage) out = rpcMessageNew();
    g_autoptr(rpcMessage) in = rpcMessageNew();
    tm_net_message_header hdr = {
        .prog = TM_REMOTE_PROGRAM, .vers = 1,
        .proc = TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME,
        .type = TM_NET_CALL, .serial = 42, .status = TM_NET_OK,
    };
    tm_remote_domain_lookup_by_name_args args = { .name = (char *)"test" };
    tm_remote_domain_lookup_by_name_args got = { 0 };

    tmTestResult(rpcMessageEncode(out, &hdr,
                                  (xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args,
                                  &args) == 0 &&
                 out->length == 4 + 24 + 8 && out->buffer[3] == 36,
                 "a call encodes to length word + header + payload");

    memcpy(in->buffer, out->buffer, 4);
    rpcMessageDecodeLength(in);
    memcpy(in->buffer, out->buffer, out->length);
    tmTestResult(rpcMessageDecodeHeader(in) == 0 &&
                 in->header.proc == TM_REMOTE_PROC_DOMAIN_LOOKUP_BY_NAME &&
                 in->header.serial == 42 && in->offset == 28,
                 "its header decodes back");
    tmTestResult(rpcMessageDecodePayload(in,
                     (xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, &got) == 0 &&
                 g_str_equal(got.name, "test"),
                 "its payload decodes back");
    xdr_free((xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, (char *)&got);

    /* a payload cut short fails as libvirt says */
    in->length -= 4;
    in->offset = 28;
    memset(&got, 0, sizeof(got));
    tmTestResult(rpcMessageDecodePayload(in,
                     (xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, &got) < 0,
                 "a truncated payload is refused");
    tmTestCheckError(VIR_ERR_RPC, VIR_FROM_RPC, "Unable to decode message payload",
                     "truncated");
    xdr_free((xdrproc_t)xdr_tm_remote_domain_lookup_by_name_args, (char *)&got);
}

static void
test_growth(void)
{
    g_autoptr(rpcMessage) msg = rpcMessageNew();
    tm_net_message_header hdr = { .prog = TM_REMOTE_PROGRAM, .vers = 1,
                                  .type = TM_NET_REPLY };
    g_autofree char *big = g_strnfill(1 << 20, 'x');
    g_autofree char *huge = g_strnfill(TM_NET_MESSAGE_STRING_MAX + 1, 'x');
    tm_remote_xml_ret ret = { .xml = big };

    tmTestResult(rpcMessageEncode(msg, &hdr, (xdrproc_t)xdr_tm_remote_xml_ret, &ret) == 0 &&
                 msg->length == 4 + 24 + 4 + (1 << 20),
                 "a 1 MiB string grows the buffer");
    ret.xml = huge;
    tmTestResult(rpcMessageEncode(msg, &hdr, (xdrproc_t)xdr_tm_remote_xml_ret, &ret) < 0,
                 "a string over libvirt's 4 MiB string cap is refused");
}

static void
test_error_reply(void)
{
    g_autoptr(rpcMessage) msg = rpcMessageNew();
    tm_net_message_header call = { .prog = TM_REMOTE_PROGRAM, .vers = 1,
                                   .proc = 9999, .type = TM_NET_CALL, .serial = 7 };
    virError err = { .code = VIR_ERR_RPC, .domain = VIR_FROM_RPC,
                     .level = VIR_ERR_ERROR, .message = (char *)"unknown procedure: 9999",
                     .str1 = (char *)"%s", .int1 = -1, .int2 = -1 };
    tm_net_message_error got = { 0 };
    g_autoptr(rpcMessage) in = rpcMessageNew();

    rpcMessageEncodeError(msg, &call, &err);
    memcpy(in->buffer, msg->buffer, 4);
    rpcMessageDecodeLength(in);
    memcpy(in->buffer, msg->buffer, msg->length);
    rpcMessageDecodeHeader(in);
    tmTestResult(in->header.type == TM_NET_REPLY && in->header.status == TM_NET_ERROR &&
                 in->header.proc == 9999 && in->header.serial == 7 &&
                 in->header.prog == TM_REMOTE_PROGRAM,
                 "an error reply echoes the call with status ERROR");
    tmTestResult(rpcMessageDecodePayload(in, (xdrproc_t)xdr_tm_net_message_error, &got) == 0 &&
                 got.code == VIR_ERR_RPC && got.domain == VIR_FROM_RPC && got.level == 2 &&
                 got.message && g_str_equal(*got.message, "unknown procedure: 9999") &&
                 got.str1 && g_str_equal(*got.str1, "%s") && !got.str2 && !got.str3 &&
                 got.int1 == -1 && got.int2 == -1 && !got.dom && !got.net,
                 "its body carries the virError");
    xdr_free((xdrproc_t)xdr_tm_net_message_error, (char *)&got);
}

int
main(void)
{
    test_length_caps();
    test_round_trip();
    test_growth();
    test_error_reply();
    return tmTestDone();
}
