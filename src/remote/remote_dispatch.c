/*
 * remote_dispatch.c: finding and running the procedure of a call
 * (remote_dispatch.h)
 */
#include "remote/remote_dispatch_priv.h"
#include "tm_keepalive_protocol.h"
#include "driver.h"

#define VIR_FROM_THIS VIR_FROM_RPC

void
remoteClientStateInit(remoteClientState *state, bool readonly,
                      const remoteEventSink *sink, void *client)
{
    memset(state, 0, sizeof(*state));
    g_mutex_init(&state->lock);
    state->readonly = readonly;
    state->sink = sink;
    state->client = client;
    g_mutex_init(&state->events_lock);
}

void
remoteClientStateClear(remoteClientState *state)
{
    virConnectPtr conn;

    /* first: a registered callback holds its connection open */
    remoteClientStateDropEvents(state);
    g_clear_pointer(&state->events, g_ptr_array_unref);
    g_mutex_clear(&state->events_lock);

    g_mutex_lock(&state->lock);
    conn = g_steal_pointer(&state->conn);
    g_mutex_unlock(&state->lock);
    if (conn)
        virConnectClose(conn);
    g_mutex_clear(&state->lock);
}

bool
remoteDispatchNeverBlocks(remoteClientState *state)
{
    bool quick;

    g_mutex_lock(&state->lock);
    quick = state->conn && state->conn->driver && state->conn->driver->never_blocks;
    g_mutex_unlock(&state->lock);
    return quick;
}

virDomainPtr
remoteGetDomain(virConnectPtr conn, const tm_remote_nonnull_domain *dom)
{
    return virGetDomain(conn, dom->name, (const unsigned char *)dom->uuid, dom->id);
}

virDomainCheckpointPtr
remoteGetCheckpoint(virConnectPtr conn, const tm_remote_nonnull_domain_checkpoint *cp)
{
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &cp->dom);

    return dom ? virGetDomainCheckpoint(dom, cp->name) : NULL;
}

virDomainSnapshotPtr
remoteGetSnapshot(virConnectPtr conn, const tm_remote_nonnull_domain_snapshot *snap)
{
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &snap->dom);

    return dom ? virGetDomainSnapshot(dom, snap->name) : NULL;
}

void
remoteMakeDomain(tm_remote_nonnull_domain *out, virDomainPtr dom)
{
    out->name = g_strdup(dom->name);
    memcpy(out->uuid, dom->uuid, VIR_UUID_BUFLEN);
    out->id = dom->id;
}

void
remoteMakeCheckpoint(tm_remote_nonnull_domain_checkpoint *out, virDomainCheckpointPtr cp)
{
    out->name = g_strdup(cp->name);
    remoteMakeDomain(&out->dom, cp->domain);
}

void
remoteMakeSnapshot(tm_remote_nonnull_domain_snapshot *out, virDomainSnapshotPtr snap)
{
    out->name = g_strdup(snap->name);
    remoteMakeDomain(&out->dom, snap->domain);
}

typedef struct {
    const remoteProcedure *procs;
    const size_t *count;
} remoteTable;

static const remoteProcedure *
find_in(const remoteTable *tables, size_t ntables, int proc)
{
    size_t i, j;

    for (i = 0; i < ntables; i++) {
        for (j = 0; j < *tables[i].count; j++) {
            if (tables[i].procs[j].proc == proc)
                return &tables[i].procs[j];
        }
    }
    return NULL;
}

/* Returns the procedure of the call, or NULL with libvirt's error for an
 * unknown program, version or procedure. */
static const remoteProcedure *
find_procedure(const tm_net_message_header *hdr)
{
    static const remoteTable remote_tables[] = {
        { remoteConnectProcs, &remoteConnectProcsCount },
        { remoteDomainProcs, &remoteDomainProcsCount },
        { remoteCheckpointProcs, &remoteCheckpointProcsCount },
        { remoteSnapshotProcs, &remoteSnapshotProcsCount },
        { remoteJobProcs, &remoteJobProcsCount },
        { remoteEventProcs, &remoteEventProcsCount },
    };
    static const remoteTable qemu_tables[] = {
        { remoteQemuProcs, &remoteQemuProcsCount },
    };
    const remoteProcedure *p = NULL;

    if (hdr->prog == TM_REMOTE_PROGRAM && hdr->vers == TM_REMOTE_PROTOCOL_VERSION) {
        p = find_in(remote_tables, G_N_ELEMENTS(remote_tables), hdr->proc);
    } else if (hdr->prog == TM_QEMU_PROGRAM && hdr->vers == TM_QEMU_PROTOCOL_VERSION) {
        p = find_in(qemu_tables, G_N_ELEMENTS(qemu_tables), hdr->proc);
    } else {
        /* libvirt prints both numbers in decimal */
        virReportError(VIR_ERR_RPC, "Cannot find program %d version %d",
                       (int)hdr->prog, (int)hdr->vers);
        return NULL;
    }
    if (!p)
        virReportError(VIR_ERR_RPC, "unknown procedure: %d", hdr->proc);
    return p;
}

/* Runs @p on the decoded @args; 0 or -1 with the thread's error set. */
static int
run_procedure(remoteClientState *state, const remoteProcedure *p, void *args, void *ret)
{
    g_autoptr(virConnect) conn = NULL;
    int rv;

    g_mutex_lock(&state->lock);
    if (state->conn)
        conn = virConnectHandleRef(state->conn);
    g_mutex_unlock(&state->lock);

    if (!conn && !p->without_conn) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "hypervisor connection not open");
        return -1;
    }
    rv = p->handler(state, conn, args, ret);
    /* the events the call caused go out before its reply, as libvirtd's
     * do (its event loop usually beats the worker's reply); a client
     * that reads its socket only during calls gets them with this one */
    if (conn && conn->driver && conn->driver->connectFlushEvents) {
        /* a relay may reset the thread's error: the call's is kept */
        virErrorPtr err = rv < 0 ? virSaveLastError() : NULL;

        conn->driver->connectFlushEvents(conn);
        if (err) {
            virSetError(err);
            virFreeError(err);
        }
    }
    return rv;
}

int
remoteDispatchCall(remoteClientState *state, rpcMessage *call, rpcMessage *reply)
{
    tm_net_message_header hdr = call->header;
    const remoteProcedure *p = NULL;
    g_autofree void *args = NULL;
    g_autofree void *ret = NULL;
    int rv = -1;

    virResetLastError();

    if (hdr.status != TM_NET_OK) {
        virReportError(VIR_ERR_RPC, "Unexpected message status %u", (unsigned)hdr.status);
    } else if ((p = find_procedure(&hdr))) {
        args = g_malloc0(p->args_size);
        ret = g_malloc0(p->ret_size);
        if (rpcMessageDecodePayload(call, p->args_filter, args) == 0)
            rv = run_procedure(state, p, args, ret);
    }

    if (rv == 0) {
        hdr.type = TM_NET_REPLY;
        hdr.status = TM_NET_OK;
        rv = rpcMessageEncode(reply, &hdr, p->ret_filter, ret);
    }
    if (rv < 0)
        rv = rpcMessageEncodeError(reply, &hdr, virGetLastError());

    if (p) {
        xdr_free(p->args_filter, args);
        xdr_free(p->ret_filter, ret);
    }
    return rv;
}
