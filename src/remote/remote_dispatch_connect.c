/*
 * remote_dispatch_connect.c: the connection procedures of the remote
 * program: authentication, open/close, feature probes, host queries
 */
#include "remote/remote_dispatch_priv.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* VIR_DRV_FEATURE_* numbers clients probe (libvirt's libvirt_internal.h) */
enum {
    REMOTE_FEATURE_FD_PASSING = 8,
    REMOTE_FEATURE_TYPED_PARAM_STRING = 9,
    REMOTE_FEATURE_PROGRAM_KEEPALIVE = 10,
    REMOTE_FEATURE_REMOTE_EVENT_CALLBACK = 14,
    REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK = 15,
};

/* Every UNIX socket client is authenticated by the socket's permissions
 * (libvirtd's auth_unix_rw = "none"): one scheme, NONE, so clients go
 * straight to CONNECT_OPEN. */
static int
dispatch_auth_list(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_auth_list_ret *ret = r;

    ret->types.types_len = 1;
    ret->types.types_val = g_new0(tm_remote_auth_type, 1);
    ret->types.types_val[0] = TM_REMOTE_AUTH_NONE;
    return 0;
}

static int
dispatch_open(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_open_args *args = a;
    const char *name = args->name ? *args->name : NULL;
    /* a client on the read-only socket gets a read-only connection
     * whatever flags it sent, as libvirtd forces VIR_CONNECT_RO */
    bool readonly = state->readonly || (args->flags & VIR_CONNECT_RO);
    virConnectPtr opened;

    if (name && !*name)
        name = NULL;

    g_mutex_lock(&state->lock);
    if (state->conn) {
        /* libvirtd drops the open connection when a CONNECT_OPEN fails,
         * this one included: later calls get "connection not open" */
        opened = g_steal_pointer(&state->conn);
        g_mutex_unlock(&state->lock);
        virConnectClose(opened);
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "connection already open");
        return -1;
    }
    /* Opening under the lock keeps a second CONNECT_OPEN racing on
     * another worker from opening a connection that would leak. */
    opened = readonly ? virConnectOpenReadOnly(name) : virConnectOpen(name);
    state->conn = opened;
    g_mutex_unlock(&state->lock);
    return opened ? 0 : -1;
}

static int
dispatch_close(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    virConnectPtr old;

    /* libvirtd drops a client's callbacks as it closes; they would keep
     * the connection open (test:///default's state with it) */
    remoteClientStateDropEvents(state);
    g_mutex_lock(&state->lock);
    old = g_steal_pointer(&state->conn);
    g_mutex_unlock(&state->lock);
    /* calls still running hold their own reference */
    if (old)
        virConnectClose(old);
    return 0;
}

static int
dispatch_supports_feature(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_supports_feature_args *args = a;
    tm_remote_connect_supports_feature_ret *ret = r;

    /* asked before CONNECT_OPEN: the answer is the daemon's, not a
     * driver's (PINGs are answered by the connection code) */
    if (args->feature == REMOTE_FEATURE_PROGRAM_KEEPALIVE) {
        ret->supported = 1;
        return 0;
    }
    if (!conn) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "hypervisor connection not open");
        return -1;
    }
    switch (args->feature) {
    case REMOTE_FEATURE_FD_PASSING:
    case REMOTE_FEATURE_TYPED_PARAM_STRING:
    case REMOTE_FEATURE_REMOTE_EVENT_CALLBACK:
    case REMOTE_FEATURE_REMOTE_CLOSE_CALLBACK:
        ret->supported = 1;
        break;
    default:
        ret->supported = 0;
        break;
    }
    return 0;
}

/* The daemon never closes a connection under a client (no
 * reconnecting drivers): registering the callback only has to succeed. */
static int
dispatch_close_callback(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    return 0;
}

static int
dispatch_get_uri(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_get_uri_ret *ret = r;

    return (ret->uri = virConnectGetURI(conn)) ? 0 : -1;
}

static int
dispatch_get_lib_version(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_get_lib_version_ret *ret = r;
    unsigned long version = 0;

    if (virConnectGetLibVersion(conn, &version) < 0)
        return -1;
    ret->lib_ver = version;
    return 0;
}

static int
dispatch_get_type(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_get_type_ret *ret = r;
    const char *type = virConnectGetType(conn);

    if (!type)
        return -1;
    ret->type = g_strdup(type);
    return 0;
}

static int
dispatch_get_version(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_get_version_ret *ret = r;
    unsigned long version = 0;

    if (virConnectGetVersion(conn, &version) < 0)
        return -1;
    ret->hv_ver = version;
    return 0;
}

static int
dispatch_get_hostname(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_get_hostname_ret *ret = r;

    return (ret->hostname = virConnectGetHostname(conn)) ? 0 : -1;
}

/* A UNIX socket is local: libvirtd reports it secure. */
static int
dispatch_is_secure(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_connect_is_secure_ret *ret = r;

    ret->secure = 1;
    return 0;
}

static int
dispatch_node_get_security_model(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_node_get_security_model_ret *ret = r;
    virSecurityModel model = { 0 };

    if (virNodeGetSecurityModel(conn, &model) < 0)
        return -1;
    /* libvirtd sends both strings with their NUL */
    ret->model.model_len = strlen(model.model) + 1;
    ret->model.model_val = g_strdup(model.model);
    ret->doi.doi_len = strlen(model.doi) + 1;
    ret->doi.doi_val = g_strdup(model.doi);
    return 0;
}

const remoteProcedure remoteConnectProcs[] = {
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_AUTH_LIST, remote_void, tm_remote_auth_list_ret,
                      dispatch_auth_list, true),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_OPEN, tm_remote_connect_open_args, remote_void,
                      dispatch_open, true),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_CLOSE, remote_void, remote_void,
                      dispatch_close, true),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_SUPPORTS_FEATURE,
                      tm_remote_connect_supports_feature_args,
                      tm_remote_connect_supports_feature_ret, dispatch_supports_feature, true),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_REGISTER_CLOSE_CALLBACK, remote_void, remote_void,
                      dispatch_close_callback, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_UNREGISTER_CLOSE_CALLBACK, remote_void, remote_void,
                      dispatch_close_callback, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_GET_URI, remote_void, tm_remote_connect_get_uri_ret,
                      dispatch_get_uri, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_GET_TYPE, remote_void,
                      tm_remote_connect_get_type_ret, dispatch_get_type, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_GET_VERSION, remote_void,
                      tm_remote_connect_get_version_ret, dispatch_get_version, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_GET_HOSTNAME, remote_void,
                      tm_remote_connect_get_hostname_ret, dispatch_get_hostname, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_GET_LIB_VERSION, remote_void,
                      tm_remote_connect_get_lib_version_ret, dispatch_get_lib_version, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_CONNECT_IS_SECURE, remote_void,
                      tm_remote_connect_is_secure_ret, dispatch_is_secure, false),
    REMOTE_PROC_ENTRY(TM_REMOTE_PROC_NODE_GET_SECURITY_MODEL, remote_void,
                      tm_remote_node_get_security_model_ret, dispatch_node_get_security_model,
                      false),
};
const size_t remoteConnectProcsCount = G_N_ELEMENTS(remoteConnectProcs);
