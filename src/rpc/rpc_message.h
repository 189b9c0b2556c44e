/*
 * rpc_message.h: one packet of libvirt's wire protocol
 *
 * A packet is a 4-byte big-endian length word (counting itself), the
 * 24-byte header and an XDR payload: the arguments of a call, the result
 * of a reply, the tm_net_message_error of a failed reply, or nothing.
 * An rpcMessage owns one growable buffer holding the whole packet, so a
 * connection reads into it or writes from it without copying.
 */
#pragma once

#include <glib.h>
#include <rpc/rpc.h>
#include <tidemark/virterror.h>

#include "tm_net_protocol.h"

typedef struct _rpcMessage rpcMessage;
struct _rpcMessage {
    tm_net_message_header header;
    guint8 *buffer;     /* the packet, length word first */
    size_t length;      /* bytes of the packet (once its length is known) */
    size_t offset;      /* bytes transferred so far, or the decode position */
    size_t capacity;    /* bytes allocated in buffer */
};

/**
 * rpcMessageNew:
 *
 * Returns an empty message whose buffer holds exactly a length word:
 * ready to receive one (length = 4, offset = 0). Never NULL.
 */
rpcMessage *rpcMessageNew(void);

/**
 * rpcMessageFree:
 * @msg: (nullable): message to free
 */
void rpcMessageFree(rpcMessage *msg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(rpcMessage, rpcMessageFree);

/**
 * rpcMessageDecodeLength:
 * @msg: a message whose first 4 bytes have been received
 *
 * Reads the length word and, only once it is known to be within
 * libvirt's cap (at least the length word itself, at most
 * TM_NET_MESSAGE_MAX bytes of header and payload), grows the buffer to
 * receive the rest: a peer can
 * never make us allocate more than the cap. Sets length to the whole
 * packet's size; offset stays at 4.
 *
 * Returns 0, or -1 with a VIR_ERR_RPC error: the peer broke the
 * protocol and the connection must be dropped.
 */
int rpcMessageDecodeLength(rpcMessage *msg);

/**
 * rpcMessageDecodeHeader:
 * @msg: a completely received packet
 *
 * Decodes the header into msg->header and leaves offset at the payload.
 * Returns 0, or -1 with a VIR_ERR_RPC error.
 */
int rpcMessageDecodeHeader(rpcMessage *msg);

/**
 * rpcMessageDecodePayload:
 * @msg: a packet whose header was decoded
 * @filter: XDR routine of the payload's type
 * @data: (out caller-allocates): zeroed struct to decode into; free its
 *        contents with xdr_free(@filter, @data) whatever the result
 *
 * Decodes the payload. Bytes left over after it are ignored, as
 * libvirt ignores them. Returns 0, or -1 with libvirt's "Unable to
 * decode message payload" (VIR_ERR_RPC).
 */
int rpcMessageDecodePayload(rpcMessage *msg, xdrproc_t filter, void *data);

/**
 * rpcMessageEncode:
 * @msg: message to fill (any previous content is replaced)
 * @header: header to send
 * @filter: XDR routine of the payload's type, or NULL for no payload
 * @data: the payload (ignored without @filter)
 *
 * Encodes the packet, length word included, growing the buffer by
 * four times as needed up to libvirt's cap. On return offset is 0 and
 * length the packet's size: ready to be written.
 *
 * Returns 0, or -1 with a VIR_ERR_RPC error (the payload does not fit
 * within TM_NET_MESSAGE_MAX, or @filter failed).
 */
int rpcMessageEncode(rpcMessage *msg, const tm_net_message_header *header,
                     xdrproc_t filter, const void *data);

/**
 * rpcMessageEncodeError:
 * @msg: message to fill
 * @call: header of the call being answered (prog, vers, proc and serial
 *        are echoed: libvirt's client matches replies by them)
 * @err: (nullable): the error to send; NULL or VIR_ERR_OK sends
 *       libvirt's "Unknown error"-less generic internal error
 *
 * Encodes a failed reply (type REPLY, status ERROR) whose body carries
 * @err's code, domain, message, level, str1-3 and int1-2, as libvirt's
 * daemon sends a virError. Returns 0 or -1 as rpcMessageEncode().
 */
int rpcMessageEncodeError(rpcMessage *msg, const tm_net_message_header *call,
                          const virError *err);

/**
 * rpcMessageErrorFromVirError:
 * @err: error to convert
 * @out: (out caller-allocates): zeroed wire struct, filled with copies
 *       of @err's strings; free with xdr_free(xdr_tm_net_message_error)
 *
 * The one mapping between tidemark's virError and the wire error body.
 */
void rpcMessageErrorFromVirError(const virError *err, tm_net_message_error *out);
