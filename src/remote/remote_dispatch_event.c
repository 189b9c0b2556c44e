/*
 * remote_dispatch_event.c: domain event callbacks of a client, and the
 * events they push to it
 *
 * A client's CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY registers a
 * relay on its hypervisor connection, as libvirtd's dispatch does: the
 * driver delivers the event to the relay from the event loop (the
 * daemon's main loop), and the relay queues a MESSAGE packet for the
 * client. The id the client gets back is the driver's own callback id,
 * so ids count per driver state (shared by every connection of
 * test:///default), as libvirtd's do.
 *
 * The client's registrations are listed in its state: deregistering
 * checks an id against them, and they are all dropped on CONNECT_CLOSE
 * or when the client goes, since each keeps its connection open.
 */
#include "remote/remote_dispatch_priv.h"
#include "conf/domain_event.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* One registration, as the client's state lists it. */
typedef struct {
    int callbackID;
    virConnectPtr conn;   /* the connection it was made on (a reference) */
} remoteEventRegistration;

/* What the driver gives each relay: where to send. */
typedef struct {
    /* -1 until the registration returned: an event delivered before the
     * client knows the id would be meaningless to it (libvirtd drops it
     * the same way). Written by a worker, read in the event loop. */
    gint callbackID;
    const remoteEventSink *sink;
    void *client;
} remoteEventRelay;

static void
registration_free(gpointer data)
{
    remoteEventRegistration *reg = data;

    virConnectHandleUnref(reg->conn);
    g_free(reg);
}

/* The driver's free function of a relay: it may outlive the client's
 * state, never the client itself. */
static void
relay_free(void *opaque)
{
    remoteEventRelay *relay = opaque;

    relay->sink->unref(relay->client);
    g_free(relay);
}

/* Encodes @data as event @proc of the remote program and queues it.
 * A packet that cannot be encoded is dropped (logged by libvirtd, which
 * also goes on). */
static void
relay_send(remoteEventRelay *relay, int proc, xdrproc_t filter, const void *data)
{
    tm_net_message_header hdr = {
        .prog = TM_REMOTE_PROGRAM,
        .vers = TM_REMOTE_PROTOCOL_VERSION,
        .proc = proc,
        .type = TM_NET_MESSAGE,
        /* libvirtd's events carry serial 1; clients do not look at it */
        .serial = 1,
        .status = TM_NET_OK,
    };
    rpcMessage *msg = rpcMessageNew();

    if (rpcMessageEncode(msg, &hdr, filter, data) < 0) {
        rpcMessageFree(msg);
        virResetLastError();
        return;
    }
    relay->sink->send(relay->client, msg);
}

static int
relay_lifecycle(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    remoteEventRelay *relay = opaque;
    tm_remote_domain_event_callback_lifecycle_msg msg = { 0 };

    if ((msg.callbackID = g_atomic_int_get(&relay->callbackID)) < 0)
        return -1;
    remoteMakeDomain(&msg.msg.dom, dom);
    msg.msg.event = event;
    msg.msg.detail = detail;
    relay_send(relay, TM_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE,
               (xdrproc_t)xdr_tm_remote_domain_event_callback_lifecycle_msg, &msg);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_event_callback_lifecycle_msg, (char *)&msg);
    return 0;
}

static void
relay_job_completed(virConnectPtr conn, virDomainPtr dom, virTypedParameterPtr params,
                    int nparams, void *opaque)
{
    remoteEventRelay *relay = opaque;
    tm_remote_domain_event_callback_job_completed_msg msg = { 0 };
    int i;

    if ((msg.callbackID = g_atomic_int_get(&relay->callbackID)) < 0)
        return;
    /* libvirtd's serializer refuses more than the wire's cap: no event */
    if (nparams > TM_REMOTE_DOMAIN_JOB_STATS_MAX)
        return;
    remoteMakeDomain(&msg.dom, dom);
    msg.params.params_val = g_new0(tm_remote_typed_param, MAX(nparams, 1));
    for (i = 0; i < nparams; i++) {
        msg.params.params_len = i + 1;
        if (!remoteTypedParamToWire(&params[i], &msg.params.params_val[i]))
            break;
    }
    if (i == nparams)
        relay_send(relay, TM_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED,
                   (xdrproc_t)xdr_tm_remote_domain_event_callback_job_completed_msg, &msg);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_event_callback_job_completed_msg, (char *)&msg);
}

/* The relay of an event id whose message tidemarkd does not send: no
 * driver of ours emits those events, but a client may still register
 * for them (virsh's "event --all" registers every id). */
static void
relay_silent(virConnectPtr conn, virDomainPtr dom, void *opaque)
{
}

/* The API's generic type stands for each id's own signature; the cast
 * goes through void (*)(void), which the compiler accepts as deliberate. */
#define RELAY(fn) ((virConnectDomainEventGenericCallback)(void (*)(void))(fn))

static virConnectDomainEventGenericCallback
relay_for(int eventID)
{
    switch (eventID) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE:
        return RELAY(relay_lifecycle);
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED:
        return RELAY(relay_job_completed);
    default:
        return relay_silent;
    }
}

static int
dispatch_register_any(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_domain_event_callback_register_any_args *args = a;
    tm_remote_connect_domain_event_callback_register_any_ret *ret = r;
    g_autoptr(virDomain) dom = NULL;
    remoteEventRelay *relay;
    remoteEventRegistration *reg;
    int id;

    if (args->dom && !(dom = remoteGetDomain(conn, args->dom)))
        return -1;
    if (args->eventID < 0 || args->eventID >= VIR_DOMAIN_EVENT_ID_COUNT) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "unsupported event ID %d", args->eventID);
        return -1;
    }

    relay = g_new0(remoteEventRelay, 1);
    relay->callbackID = -1;
    relay->sink = state->sink;
    relay->client = state->client;
    state->sink->ref(state->client);

    /* held across the registration, so a concurrent drop (CONNECT_CLOSE
     * on another worker) sees it listed or not at all */
    g_mutex_lock(&state->events_lock);
    id = virConnectDomainEventRegisterAny(conn, dom, args->eventID, relay_for(args->eventID),
                                          relay, relay_free);
    if (id < 0) {
        g_mutex_unlock(&state->events_lock);
        /* the driver calls no free function for what it refused */
        relay_free(relay);
        return -1;
    }
    g_atomic_int_set(&relay->callbackID, id);
    reg = g_new0(remoteEventRegistration, 1);
    reg->callbackID = id;
    reg->conn = virConnectHandleRef(conn);
    if (!state->events)
        state->events = g_ptr_array_new_with_free_func(registration_free);
    g_ptr_array_add(state->events, reg);
    g_mutex_unlock(&state->events_lock);

    ret->callbackID = id;
    return 0;
}

static int
dispatch_deregister_any(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_domain_event_callback_deregister_any_args *args = a;
    remoteEventRegistration *reg = NULL;
    int rv = -1;
    guint i;

    g_mutex_lock(&state->events_lock);
    for (i = 0; state->events && i < state->events->len; i++) {
        remoteEventRegistration *cand = state->events->pdata[i];

        if (cand->callbackID == args->callbackID) {
            reg = cand;
            break;
        }
    }
    if (!reg) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "domain event callback %d not registered",
                       args->callbackID);
    } else if (virConnectDomainEventDeregisterAny(reg->conn, reg->callbackID) == 0) {
        g_ptr_array_remove_index(state->events, i);
        rv = 0;
    }
    g_mutex_unlock(&state->events_lock);
    return rv;
}

void
remoteClientStateDropEvents(remoteClientState *state)
{
    g_autoptr(GPtrArray) events = NULL;

    g_mutex_lock(&state->events_lock);
    events = g_steal_pointer(&state->events);
    g_mutex_unlock(&state->events_lock);
    if (!events)
        return;
    for (guint i = 0; i < events->len; i++) {
        remoteEventRegistration *reg = events->pdata[i];

        /* cannot fail for a listed id but on a broken driver: nothing
         * more could be done about it here */
        if (virConnectDomainEventDeregisterAny(reg->conn, reg->callbackID) < 0)
            virResetLastError();
    }
}

const remoteProcedure remoteEventProcs[] = {
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                      tm_remote_connect_domain_event_callback_register_any_args,
                      tm_remote_connect_domain_event_callback_register_any_ret,
                      dispatch_register_any, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                      tm_remote_connect_domain_event_callback_deregister_any_args, remote_void,
                      dispatch_deregister_any, false),
};
const size_t remoteEventProcsCount = G_N_ELEMENTS(remoteEventProcs);
