/*
 * rpc_message.c: framing and XDR coding of one packet (rpc_message.h)
 */
#include "internal.h"
#include "rpc/rpc_message.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* The first buffer of an encoded packet. libvirt starts at 64 KiB;
 * most replies are a few hundred bytes, so start small and grow. */
#define RPC_MESSAGE_ENCODE_INITIAL 4096

/* The largest packet: header + payload at libvirt's cap, plus the
 * length word in front of them. */
#define RPC_MESSAGE_PACKET_MAX (TM_NET_MESSAGE_MAX + TM_NET_MESSAGE_LEN_MAX)

rpcMessage *
rpcMessageNew(void)
{
    rpcMessage *msg = g_new0(rpcMessage, 1);

    msg->capacity = TM_NET_MESSAGE_LEN_MAX;
    msg->buffer = g_malloc0(msg->capacity);
    msg->length = TM_NET_MESSAGE_LEN_MAX;
    return msg;
}

void
rpcMessageFree(rpcMessage *msg)
{
    if (!msg)
        return;
    g_free(msg->buffer);
    g_free(msg);
}

int
rpcMessageDecodeLength(rpcMessage *msg)
{
    guint32 len;

    memcpy(&len, msg->buffer, sizeof(len));
    len = GUINT32_FROM_BE(len);

    /* Checked before the allocation below: the length word is the one
     * number a hostile peer controls before we commit any memory. A
     * packet too short for a header is read whole and then refused by
     * the header's decoding, as libvirt does (its peer then sees a
     * clean close rather than a reset). */
    if (len < TM_NET_MESSAGE_LEN_MAX) {
        virReportError(VIR_ERR_RPC, "packet %u bytes received from peer too small, want %d",
                       len, TM_NET_MESSAGE_LEN_MAX);
        return -1;
    }
    if (len > RPC_MESSAGE_PACKET_MAX) {
        virReportError(VIR_ERR_RPC, "packet %u bytes received from peer too large, want %d",
                       len, RPC_MESSAGE_PACKET_MAX);
        return -1;
    }

    if (msg->capacity < len) {
        msg->buffer = g_realloc(msg->buffer, len);
        msg->capacity = len;
    }
    msg->length = len;
    msg->offset = TM_NET_MESSAGE_LEN_MAX;
    return 0;
}

int
rpcMessageDecodeHeader(rpcMessage *msg)
{
    XDR xdr;
    int ret = 0;

    xdrmem_create(&xdr, (char *)msg->buffer + TM_NET_MESSAGE_LEN_MAX,
                  msg->length - TM_NET_MESSAGE_LEN_MAX, XDR_DECODE);
    if (!xdr_tm_net_message_header(&xdr, &msg->header)) {
        virReportError(VIR_ERR_RPC, "%s", "Unable to decode message header");
        ret = -1;
    } else {
        msg->offset = TM_NET_MESSAGE_LEN_MAX + xdr_getpos(&xdr);
    }
    xdr_destroy(&xdr);
    return ret;
}

int
rpcMessageDecodePayload(rpcMessage *msg, xdrproc_t filter, void *data)
{
    XDR xdr;
    int ret = 0;

    xdrmem_create(&xdr, (char *)msg->buffer + msg->offset,
                  msg->length - msg->offset, XDR_DECODE);
    if (!filter(&xdr, data, 0)) {
        virReportError(VIR_ERR_RPC, "%s", "Unable to decode message payload");
        ret = -1;
    } else {
        msg->offset += xdr_getpos(&xdr);
    }
    xdr_destroy(&xdr);
    return ret;
}

/* One attempt at encoding into the current buffer. Returns the packet's
 * size, or 0 when it did not fit (or @filter failed: the caller tells
 * the two apart by the buffer having reached the cap). */
static size_t
encode_into(rpcMessage *msg, const tm_net_message_header *header,
            xdrproc_t filter, const void *data)
{
    XDR xdr;
    size_t len = 0;
    guint32 word;

    xdrmem_create(&xdr, (char *)msg->buffer + TM_NET_MESSAGE_LEN_MAX,
                  msg->capacity - TM_NET_MESSAGE_LEN_MAX, XDR_ENCODE);
    if (xdr_tm_net_message_header(&xdr, (tm_net_message_header *)header) &&
        (!filter || filter(&xdr, (void *)data, 0)))
        len = TM_NET_MESSAGE_LEN_MAX + xdr_getpos(&xdr);
    xdr_destroy(&xdr);

    if (len) {
        word = GUINT32_TO_BE((guint32)len);
        memcpy(msg->buffer, &word, sizeof(word));
    }
    return len;
}

int
rpcMessageEncode(rpcMessage *msg, const tm_net_message_header *header,
                 xdrproc_t filter, const void *data)
{
    size_t len;

    msg->header = *header;
    if (msg->capacity < RPC_MESSAGE_ENCODE_INITIAL) {
        msg->buffer = g_realloc(msg->buffer, RPC_MESSAGE_ENCODE_INITIAL);
        msg->capacity = RPC_MESSAGE_ENCODE_INITIAL;
    }

    /* XDR memory streams cannot grow: retry in a buffer four times as
     * large until the packet fits or the cap is reached. */
    while (!(len = encode_into(msg, header, filter, data))) {
        size_t bigger;

        if (msg->capacity >= RPC_MESSAGE_PACKET_MAX) {
            virReportError(VIR_ERR_RPC, "%s", "Unable to encode message payload");
            return -1;
        }
        bigger = MIN(msg->capacity * 4, (size_t)RPC_MESSAGE_PACKET_MAX);
        msg->buffer = g_realloc(msg->buffer, bigger);
        msg->capacity = bigger;
    }
    msg->length = len;
    msg->offset = 0;
    return 0;
}

void
rpcMessageErrorFromVirError(const virError *err, tm_net_message_error *out)
{
    memset(out, 0, sizeof(*out));
    out->code = err->code;
    out->domain = err->domain;
    out->level = err->level;
    out->int1 = err->int1;
    out->int2 = err->int2;

#define COPY_OPT(field) \
    if (err->field) { \
        out->field = g_new0(tm_net_nonnull_string, 1); \
        *out->field = g_strdup(err->field); \
    }
    COPY_OPT(message);
    COPY_OPT(str1);
    COPY_OPT(str2);
    COPY_OPT(str3);
#undef COPY_OPT
}

int
rpcMessageEncodeError(rpcMessage *msg, const tm_net_message_header *call,
                      const virError *err)
{
    tm_net_message_header header = *call;
    tm_net_message_error body;
    virError fallback = {
        .code = VIR_ERR_INTERNAL_ERROR,
        .domain = VIR_FROM_RPC,
        .level = VIR_ERR_ERROR,
        .message = (char *)"internal error: unexpected failure with no error set",
        .int1 = -1,
        .int2 = -1,
    };
    int ret;

    /* A failure that set no error still reaches the client as one:
     * libvirt's daemon does the same rather than send a success. */
    if (!err || err->code == VIR_ERR_OK)
        err = &fallback;

    header.type = TM_NET_REPLY;
    header.status = TM_NET_ERROR;
    rpcMessageErrorFromVirError(err, &body);
    ret = rpcMessageEncode(msg, &header, (xdrproc_t)xdr_tm_net_message_error, &body);
    xdr_free((xdrproc_t)xdr_tm_net_message_error, (char *)&body);
    return ret;
}
