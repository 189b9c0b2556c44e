/*
 * remote_driver.c: opening and closing connections through a daemon,
 * the connection-wide methods and events (remote_driver.h)
 *
 * The open sequence is libvirt's doRemoteOpen() as virsh runs it:
 * AUTH_LIST, SUPPORTS_FEATURE(PROGRAM_KEEPALIVE), CONNECT_OPEN,
 * SUPPORTS_FEATURE(REMOTE_EVENT_CALLBACK), SUPPORTS_FEATURE
 * (REMOTE_CLOSE_CALLBACK). Our client keeps keepalive time on its reader
 * thread, so unlike libvirt it needs no event loop and always asks.
 */
#include "remote/remote_driver.h"
#include "remote/remote_driver_priv.h"
#include "remote/remote_driver_uri.h"
#include "remote/remote_driver_spawn.h"
#include "remote/remote_driver_tls.h"

#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_REMOTE

/* VIR_DRV_FEATURE_* (libvirt's libvirt_internal.h) */
enum {
    REMOTE_FEATURE_PROGRAM_KEEPALIVE = 10,
    REMOTE_FEATURE_REMOTE_EVENT_CALLBACK = 14,
    REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK = 15,
};

static gint inside_daemon;

void
remoteDriverSetInsideDaemon(void)
{
    g_atomic_int_set(&inside_daemon, 1);
}

static remoteDriverPrivate *
priv_of(virConnectPtr conn)
{
    return conn->privateData;
}

int
remoteDriverCallProg(virConnectPtr conn, unsigned int prog, int proc,
                     xdrproc_t args_filter, const void *args,
                     xdrproc_t ret_filter, void *ret)
{
    return remoteNetClientCall(priv_of(conn)->client, prog, proc,
                               args_filter, args, ret_filter, ret);
}

void
remoteDriverDomainToWire(virDomainPtr dom, tm_remote_nonnull_domain *out)
{
    out->name = dom->name;
    memcpy(out->uuid, dom->uuid, VIR_UUID_BUFLEN);
    out->id = dom->id;
}

void
remoteDriverCheckpointToWire(virDomainCheckpointPtr cp, tm_remote_nonnull_domain_checkpoint *out)
{
    out->name = cp->name;
    remoteDriverDomainToWire(cp->domain, &out->dom);
}

void
remoteDriverSnapshotToWire(virDomainSnapshotPtr snap, tm_remote_nonnull_domain_snapshot *out)
{
    out->name = snap->name;
    remoteDriverDomainToWire(snap->domain, &out->dom);
}

virDomainPtr
remoteDriverDomainFromWire(virConnectPtr conn, const tm_remote_nonnull_domain *dom)
{
    return virGetDomain(conn, dom->name, (const unsigned char *)dom->uuid, dom->id);
}

virDomainCheckpointPtr
remoteDriverCheckpointFromWire(virDomainPtr dom, const tm_remote_nonnull_domain_checkpoint *cp)
{
    return virGetDomainCheckpoint(dom, cp->name);
}

virDomainSnapshotPtr
remoteDriverSnapshotFromWire(virDomainPtr dom, const tm_remote_nonnull_domain_snapshot *snap)
{
    return virGetDomainSnapshot(dom, snap->name);
}

/* ---- events ---- */

static void
event_lifecycle(remoteDriverPrivate *priv, rpcMessage *msg)
{
    tm_remote_domain_event_callback_lifecycle_msg ev = { 0 };

    if (rpcMessageDecodePayload(msg, (xdrproc_t)xdr_tm_remote_domain_event_callback_lifecycle_msg,
                                &ev) == 0)
        virDomainEventStateQueueLifecycle(priv->events, ev.msg.dom.name,
                                          (const unsigned char *)ev.msg.dom.uuid,
                                          ev.msg.dom.id, ev.msg.event, ev.msg.detail);
    else
        virResetLastError();   /* a bad event is dropped, as libvirt logs and drops it */
    xdr_free((xdrproc_t)xdr_tm_remote_domain_event_callback_lifecycle_msg, (char *)&ev);
}

static void
event_job_completed(remoteDriverPrivate *priv, rpcMessage *msg)
{
    tm_remote_domain_event_callback_job_completed_msg ev = { 0 };
    virTypedParameterPtr params = NULL;
    int nparams = 0;

    if (rpcMessageDecodePayload(msg,
                                (xdrproc_t)xdr_tm_remote_domain_event_callback_job_completed_msg,
                                &ev) == 0 &&
        remoteDriverTypedParamsFromWire(ev.params.params_val, ev.params.params_len,
                                        &params, &nparams) == 0) {
        virDomainEventStateQueueJobCompleted(priv->events, ev.dom.name,
                                             (const unsigned char *)ev.dom.uuid, ev.dom.id,
                                             params, nparams);
        virTypedParamsFree(params, nparams);
    } else {
        virResetLastError();
    }
    xdr_free((xdrproc_t)xdr_tm_remote_domain_event_callback_job_completed_msg, (char *)&ev);
}

/* On the client's reader thread: queue the daemon's events for the
 * local callbacks (delivered later from the event loop). */
static void
remote_event_received(rpcMessage *msg, void *opaque)
{
    remoteDriverPrivate *priv = opaque;

    switch (msg->header.proc) {
    case TM_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE:
        event_lifecycle(priv, msg);
        break;
    case TM_REMOTE_PROC_DOMAIN_EVENT_CALLBACK_JOB_COMPLETED:
        event_job_completed(priv, msg);
        break;
    default:
        break;   /* an event we never register for */
    }
}

static int
remoteConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                    virConnectDomainEventGenericCallback cb,
                                    void *opaque, virFreeCallback freecb)
{
    remoteDriverPrivate *priv = priv_of(conn);
    int local_id;
    int ret = -1;

    g_mutex_lock(&priv->event_lock);
    local_id = virDomainEventStateRegisterAny(priv->events, conn, dom, eventID, cb,
                                              opaque, freecb);
    if (local_id < 0)
        goto out;
    if (priv->local_counts[eventID] == 0) {
        tm_remote_connect_domain_event_callback_register_any_args args = { .eventID = eventID };
        tm_remote_connect_domain_event_callback_register_any_ret rret = { 0 };

        if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
                             xdr_tm_remote_connect_domain_event_callback_register_any_args, &args,
                             xdr_tm_remote_connect_domain_event_callback_register_any_ret,
                             &rret) < 0) {
            virErrorPtr saved = virSaveLastError();

            virDomainEventStateDeregisterAny(priv->events, conn, local_id);
            virSetError(saved);
            virFreeError(saved);
            goto out;
        }
        priv->remote_ids[eventID] = rret.callbackID;
    }
    priv->local_counts[eventID]++;
    g_hash_table_insert(priv->local_event_ids, GINT_TO_POINTER(local_id),
                        GINT_TO_POINTER(eventID));
    ret = local_id;

 out:
    g_mutex_unlock(&priv->event_lock);
    return ret;
}

static int
remoteConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    remoteDriverPrivate *priv = priv_of(conn);
    gpointer value;
    int eventID;
    int ret = -1;

    g_mutex_lock(&priv->event_lock);
    if (!g_hash_table_lookup_extended(priv->local_event_ids, GINT_TO_POINTER(callbackID),
                                      NULL, &value)) {
        /* the local state words the error */
        ret = virDomainEventStateDeregisterAny(priv->events, conn, callbackID);
        goto out;
    }
    eventID = GPOINTER_TO_INT(value);
    if (priv->local_counts[eventID] == 1) {
        tm_remote_connect_domain_event_callback_deregister_any_args args = {
            .callbackID = priv->remote_ids[eventID],
        };

        if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY,
                             xdr_tm_remote_connect_domain_event_callback_deregister_any_args,
                             &args, NULL, NULL) < 0)
            goto out;
    }
    if (virDomainEventStateDeregisterAny(priv->events, conn, callbackID) < 0)
        goto out;
    priv->local_counts[eventID]--;
    g_hash_table_remove(priv->local_event_ids, GINT_TO_POINTER(callbackID));
    ret = 0;

 out:
    g_mutex_unlock(&priv->event_lock);
    return ret;
}

/* ---- open and close ---- */

static void
priv_free(remoteDriverPrivate *priv)
{
    if (!priv)
        return;
    /* the reader goes first: it may be queueing into priv->events */
    remoteNetClientFree(priv->client);
    virDomainEventStateFree(priv->events);
    if (priv->local_event_ids)
        g_hash_table_unref(priv->local_event_ids);
    g_mutex_clear(&priv->event_lock);
    g_mutex_clear(&priv->type_lock);
    g_free(priv->type);
    g_free(priv);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(remoteDriverPrivate, priv_free);

static int
supports_feature(virConnectPtr conn, int feature)
{
    tm_remote_connect_supports_feature_args args = { .feature = feature };
    tm_remote_connect_supports_feature_ret ret = { 0 };

    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                         xdr_tm_remote_connect_supports_feature_args, &args,
                         xdr_tm_remote_connect_supports_feature_ret, &ret) < 0)
        return -1;
    return ret.supported ? 1 : 0;
}

/* AUTH_LIST: a UNIX socket with auth "none" answers [NONE] (or the
 * procedure is unknown to an old server: no auth either). */
static int
authenticate(virConnectPtr conn)
{
    tm_remote_auth_list_ret ret = { 0 };
    int type;

    if (remoteDriverCall(conn, TM_REMOTE_PROC_AUTH_LIST, NULL, NULL,
                         xdr_tm_remote_auth_list_ret, &ret) < 0) {
        if (virGetLastErrorCode() == VIR_ERR_NO_SUPPORT) {
            virResetLastError();
            return 0;
        }
        return -1;
    }
    type = ret.types.types_len ? ret.types.types_val[0] : TM_REMOTE_AUTH_NONE;
    xdr_free((xdrproc_t)xdr_tm_remote_auth_list_ret, (char *)&ret);
    if (type != TM_REMOTE_AUTH_NONE) {
        virReportError(VIR_ERR_AUTH_FAILED, "unsupported authentication type %d", type);
        return -1;
    }
    return 0;
}

/* The calls of libvirt's doRemoteOpen() after the socket is connected. */
static int
open_prologue(virConnectPtr conn, remoteDriverPrivate *priv, const char *name,
              unsigned int flags)
{
    char *namep = (char *)name;
    tm_remote_connect_open_args args = { .name = &namep, .flags = flags & VIR_CONNECT_RO };
    int rc;

    if (authenticate(conn) < 0)
        return -1;
    if ((rc = supports_feature(conn, REMOTE_FEATURE_PROGRAM_KEEPALIVE)) < 0) {
        /* libvirt treats a refusal as "no keepalive" */
        virResetLastError();
        rc = 0;
    }
    priv->server_keepalive = rc;
    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_OPEN,
                         xdr_tm_remote_connect_open_args, &args, NULL, NULL) < 0)
        return -1;
    /* asked for as libvirt asks; the answers change nothing here yet
     * (events are registered with the daemon in either case, and no
     * close callback is offered) */
    if (supports_feature(conn, REMOTE_FEATURE_REMOTE_EVENT_CALLBACK) < 0 ||
        supports_feature(conn, REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK) < 0)
        virResetLastError();
    return 0;
}

static int
remoteConnectOpen(virConnectPtr conn, const char *uri G_GNUC_UNUSED, unsigned int flags)
{
    g_auto(remoteDriverTarget) target = { 0 };
    g_autoptr(remoteDriverPrivate) priv = NULL;
    g_autofree char *daemon = NULL;
    int rc;

    if (g_atomic_int_get(&inside_daemon))
        return VIR_DRV_OPEN_DECLINED;
    rc = remoteDriverParseURI(conn->guri, flags & VIR_CONNECT_RO, geteuid() == 0, &target);
    if (rc > 0)
        return VIR_DRV_OPEN_DECLINED;
    if (rc < 0)
        return VIR_DRV_OPEN_ERROR;

    priv = g_new0(remoteDriverPrivate, 1);
    g_mutex_init(&priv->event_lock);
    g_mutex_init(&priv->type_lock);
    priv->events = virDomainEventStateNew();
    priv->local_event_ids = g_hash_table_new(NULL, NULL);
    /* a missing per-user daemon is started (remote_driver_spawn.h);
     * any other missing socket is libvirt's "Failed to connect socket
     * to '...'" error */
    if (target.autostart)
        daemon = remoteDriverFindDaemon();
    if (target.tls) {
        remoteTlsParams tls = {
            .host = target.host, .port = target.port, .pkipath = target.pkipath,
            .priority = target.tls_priority, .sanity = target.sanity, .verify = target.verify,
        };

        priv->client = remoteNetClientConnectTLS(&tls);
    } else {
        priv->client = remoteNetClientConnectUNIX(target.socket, daemon);
    }
    if (!priv->client)
        return VIR_DRV_OPEN_ERROR;
    remoteNetClientSetEventHandler(priv->client, remote_event_received, priv);

    /* the calls below need it; cleared again on failure */
    conn->privateData = priv;
    if (open_prologue(conn, priv, target.name, flags) < 0) {
        conn->privateData = NULL;
        return VIR_DRV_OPEN_ERROR;
    }
    g_steal_pointer(&priv);
    return VIR_DRV_OPEN_SUCCESS;
}

static int
remoteConnectClose(virConnectPtr conn)
{
    remoteDriverPrivate *priv = priv_of(conn);
    int ret = 0;

    /* a daemon already gone cannot be told: close anyway */
    if (remoteNetClientIsOpen(priv->client) &&
        remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_CLOSE, NULL, NULL, NULL, NULL) < 0)
        ret = -1;
    priv_free(priv);
    conn->privateData = NULL;
    return ret;
}

/* ---- connection methods ---- */

static int
remoteConnectIsAlive(virConnectPtr conn)
{
    return remoteNetClientIsOpen(priv_of(conn)->client) ? 1 : 0;
}

static int
remoteConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count)
{
    remoteDriverPrivate *priv = priv_of(conn);

    /* libvirt: 1 means "the server does not do keepalive" */
    if (!priv->server_keepalive)
        return 1;
    remoteNetClientSetKeepAlive(priv->client, interval, count);
    return 0;
}

static int
remoteConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    tm_remote_connect_list_all_domains_args args = { .need_results = !!domains, .flags = flags };
    tm_remote_connect_list_all_domains_ret ret = { 0 };
    virDomainPtr *doms = NULL;
    int n = -1;
    unsigned int i;

    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_LIST_ALL_DOMAINS,
                         xdr_tm_remote_connect_list_all_domains_args, &args,
                         xdr_tm_remote_connect_list_all_domains_ret, &ret) < 0)
        return -1;
    if (domains) {
        doms = g_new0(virDomainPtr, ret.domains.domains_len + 1);
        for (i = 0; i < ret.domains.domains_len; i++) {
            if (!(doms[i] = remoteDriverDomainFromWire(conn, &ret.domains.domains_val[i])))
                goto out;
        }
        *domains = g_steal_pointer(&doms);
    }
    n = ret.ret;

 out:
    for (i = 0; doms && doms[i]; i++)
        virDomainFree(doms[i]);
    g_free(doms);
    xdr_free((xdrproc_t)xdr_tm_remote_connect_list_all_domains_ret, (char *)&ret);
    return n;
}

static char *
remoteConnectDomainXMLToNative(virConnectPtr conn, const char *format, const char *xml,
                               unsigned int flags)
{
    tm_remote_connect_domain_xml_to_native_args args = {
        .nativeFormat = (char *)format, .domainXml = (char *)xml, .flags = flags,
    };
    tm_remote_connect_domain_xml_to_native_ret ret = { 0 };

    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_DOMAIN_XML_TO_NATIVE,
                         xdr_tm_remote_connect_domain_xml_to_native_args, &args,
                         xdr_tm_remote_connect_domain_xml_to_native_ret, &ret) < 0)
        return NULL;
    return ret.nativeConfig;   /* the decoder's allocation becomes the caller's */
}

static int
remoteConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer)
{
    tm_remote_connect_get_lib_version_ret ret = { 0 };

    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_GET_LIB_VERSION, NULL, NULL,
                         xdr_tm_remote_connect_get_lib_version_ret, &ret) < 0)
        return -1;
    *libVer = ret.lib_ver;
    return 0;
}

static const char *
remoteConnectGetType(virConnectPtr conn)
{
    remoteDriverPrivate *priv = priv_of(conn);
    tm_remote_connect_get_type_ret ret = { 0 };
    const char *type;

    g_mutex_lock(&priv->type_lock);
    if (!priv->type &&
        remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_GET_TYPE, NULL, NULL,
                         xdr_tm_remote_connect_get_type_ret, &ret) == 0)
        priv->type = g_steal_pointer(&ret.type);
    type = priv->type;
    g_mutex_unlock(&priv->type_lock);
    return type;
}

static int
remoteConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    tm_remote_connect_get_version_ret ret = { 0 };

    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_GET_VERSION, NULL, NULL,
                         xdr_tm_remote_connect_get_version_ret, &ret) < 0)
        return -1;
    *hvVer = ret.hv_ver;
    return 0;
}

static char *
remoteConnectGetHostname(virConnectPtr conn)
{
    tm_remote_connect_get_hostname_ret ret = { 0 };

    if (remoteDriverCall(conn, TM_REMOTE_PROC_CONNECT_GET_HOSTNAME, NULL, NULL,
                         xdr_tm_remote_connect_get_hostname_ret, &ret) < 0)
        return NULL;
    return ret.hostname;
}

static int
remoteNodeGetSecurityModel(virConnectPtr conn, virSecurityModelPtr secmodel)
{
    tm_remote_node_get_security_model_ret ret = { 0 };
    int rc = -1;

    if (remoteDriverCall(conn, TM_REMOTE_PROC_NODE_GET_SECURITY_MODEL, NULL, NULL,
                         xdr_tm_remote_node_get_security_model_ret, &ret) < 0)
        return -1;
    memset(secmodel, 0, sizeof(*secmodel));
    /* the daemon sends each string with its NUL */
    if (ret.model.model_len > sizeof(secmodel->model) ||
        ret.doi.doi_len > sizeof(secmodel->doi)) {
        virReportError(VIR_ERR_RPC, "%s", "security model exceeds maximum");
        goto out;
    }
    if (ret.model.model_len)
        g_strlcpy(secmodel->model, ret.model.model_val, sizeof(secmodel->model));
    if (ret.doi.doi_len)
        g_strlcpy(secmodel->doi, ret.doi.doi_val, sizeof(secmodel->doi));
    rc = 0;

 out:
    xdr_free((xdrproc_t)xdr_tm_remote_node_get_security_model_ret, (char *)&ret);
    return rc;
}

/* Filled once by remoteRegister(): the per-object files add their
 * methods, so each keeps its functions static. */
static virConnectDriver remote_driver = {
    .name = "remote",
    .uri_schemes = NULL,
    .connectOpen = remoteConnectOpen,
    .connectClose = remoteConnectClose,
    .connectIsAlive = remoteConnectIsAlive,
    .connectGetLibVersion = remoteConnectGetLibVersion,
    .connectGetType = remoteConnectGetType,
    .connectGetVersion = remoteConnectGetVersion,
    .connectGetHostname = remoteConnectGetHostname,
    .connectListAllDomains = remoteConnectListAllDomains,
    .connectSetKeepAlive = remoteConnectSetKeepAlive,
    .connectDomainXMLToNative = remoteConnectDomainXMLToNative,
    .nodeGetSecurityModel = remoteNodeGetSecurityModel,
    .connectDomainEventRegisterAny = remoteConnectDomainEventRegisterAny,
    .connectDomainEventDeregisterAny = remoteConnectDomainEventDeregisterAny,
};

int
remoteRegister(void)
{
    remoteDriverFillDomain(&remote_driver);
    remoteDriverFillCheckpoint(&remote_driver);
    remoteDriverFillSnapshot(&remote_driver);
    return virRegisterConnectDriver(&remote_driver);
}
