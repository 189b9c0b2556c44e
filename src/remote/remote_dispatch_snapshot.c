/*
 * remote_dispatch_snapshot.c: the snapshot procedures
 */
#include "remote/remote_dispatch_priv.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* Answers with @snap (a new reference, or NULL after a failed call). */
static int
reply_snapshot(virDomainSnapshotPtr snap, tm_remote_domain_snapshot_ret *ret)
{
    if (!snap)
        return -1;
    remoteMakeSnapshot(&ret->snap, snap);
    virDomainSnapshotFree(snap);
    return 0;
}

static int
reply_list(int n, virDomainSnapshotPtr *snaps, tm_remote_domain_snapshot_list_ret *ret)
{
    int i;

    if (n > TM_REMOTE_DOMAIN_SNAPSHOT_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "Too many domain snapshots '%d' for limit '%d'",
                       n, TM_REMOTE_DOMAIN_SNAPSHOT_LIST_MAX);
        n = -1;
    } else if (n >= 0 && snaps) {
        ret->snapshots.snapshots_len = n;
        ret->snapshots.snapshots_val = g_new0(tm_remote_nonnull_domain_snapshot, n);
        for (i = 0; i < n; i++)
            remoteMakeSnapshot(&ret->snapshots.snapshots_val[i], snaps[i]);
    }
    for (i = 0; snaps && snaps[i]; i++)
        virDomainSnapshotFree(snaps[i]);
    g_free(snaps);
    ret->ret = n;
    return n < 0 ? -1 : 0;
}

/* The names answer of the two LIST_NAMES procedures: @maxnames is
 * checked against the protocol's cap before anything is allocated. */
static int
check_maxnames(int maxnames)
{
    if (maxnames > TM_REMOTE_DOMAIN_SNAPSHOT_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "%s", "maxnames > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX");
        return -1;
    }
    return 0;
}

static int
dispatch_create_xml(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_moment_create_xml_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom)
        return -1;
    return reply_snapshot(virDomainSnapshotCreateXML(dom, args->xml_desc, args->flags), r);
}

static int
dispatch_get_xml_desc(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_snapshot_args *args = a;
    tm_remote_xml_ret *ret = r;
    g_autoptr(virDomainSnapshot) snap = remoteGetSnapshot(conn, &args->snap);

    return snap && (ret->xml = virDomainSnapshotGetXMLDesc(snap, args->flags)) ? 0 : -1;
}

static int
dispatch_num(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_int_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom || (ret->value = virDomainSnapshotNum(dom, args->flags)) < 0)
        return -1;
    return 0;
}

static int
dispatch_list_names(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_snapshot_list_names_args *args = a;
    tm_remote_domain_snapshot_names_ret *ret = r;
    g_autoptr(virDomain) dom = NULL;
    char **names;
    int n;

    if (check_maxnames(args->maxnames) < 0 || !(dom = remoteGetDomain(conn, &args->dom)))
        return -1;
    names = g_new0(char *, MAX(args->maxnames, 1));
    if ((n = virDomainSnapshotListNames(dom, names, args->maxnames, args->flags)) < 0) {
        g_free(names);
        return -1;
    }
    ret->names.names_len = n;
    ret->names.names_val = names;
    return 0;
}

static int
dispatch_lookup_by_name(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_moment_lookup_by_name_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom)
        return -1;
    return reply_snapshot(virDomainSnapshotLookupByName(dom, args->name, args->flags), r);
}

static int
dispatch_has_current(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    tm_remote_int_ret *ret = r;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom || (ret->value = virDomainHasCurrentSnapshot(dom, args->flags)) < 0)
        return -1;
    return 0;
}

static int
dispatch_current(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_flags_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom)
        return -1;
    return reply_snapshot(virDomainSnapshotCurrent(dom, args->flags), r);
}

static int
dispatch_get_parent(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_snapshot_args *args = a;
    g_autoptr(virDomainSnapshot) snap = remoteGetSnapshot(conn, &args->snap);

    if (!snap)
        return -1;
    return reply_snapshot(virDomainSnapshotGetParent(snap, args->flags), r);
}

/* snapshot + flags in, 0/-1 out */
#define SNAPSHOT_ACTION(fn, api) \
    static int fn(remoteClientState *state, virConnectPtr conn, void *a, void *r) \
    { \
        tm_remote_domain_snapshot_args *args = a; \
        g_autoptr(virDomainSnapshot) snap = remoteGetSnapshot(conn, &args->snap); \
        return snap ? api(snap, args->flags) : -1; \
    }
SNAPSHOT_ACTION(dispatch_revert, virDomainRevertToSnapshot)
SNAPSHOT_ACTION(dispatch_delete, virDomainSnapshotDelete)

/* snapshot + flags in, one int out */
#define SNAPSHOT_INT_QUERY(fn, api) \
    static int fn(remoteClientState *state, virConnectPtr conn, void *a, void *r) \
    { \
        tm_remote_domain_snapshot_args *args = a; \
        tm_remote_int_ret *ret = r; \
        g_autoptr(virDomainSnapshot) snap = remoteGetSnapshot(conn, &args->snap); \
        if (!snap || (ret->value = api(snap, args->flags)) < 0) \
            return -1; \
        return 0; \
    }
SNAPSHOT_INT_QUERY(dispatch_num_children, virDomainSnapshotNumChildren)
SNAPSHOT_INT_QUERY(dispatch_is_current, virDomainSnapshotIsCurrent)
SNAPSHOT_INT_QUERY(dispatch_has_metadata, virDomainSnapshotHasMetadata)

static int
dispatch_list_children_names(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_snapshot_list_children_names_args *args = a;
    tm_remote_domain_snapshot_names_ret *ret = r;
    g_autoptr(virDomainSnapshot) snap = NULL;
    char **names;
    int n;

    if (check_maxnames(args->maxnames) < 0 || !(snap = remoteGetSnapshot(conn, &args->snap)))
        return -1;
    names = g_new0(char *, MAX(args->maxnames, 1));
    if ((n = virDomainSnapshotListChildrenNames(snap, names, args->maxnames, args->flags)) < 0) {
        g_free(names);
        return -1;
    }
    ret->names.names_len = n;
    ret->names.names_val = names;
    return 0;
}

static int
dispatch_list_all(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_list_all_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virDomainSnapshotPtr *snaps = NULL;
    int n;

    if (!dom)
        return -1;
    n = virDomainListAllSnapshots(dom, args->need_results ? &snaps : NULL, args->flags);
    return reply_list(n, snaps, r);
}

static int
dispatch_list_all_children(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_snapshot_list_all_children_args *args = a;
    g_autoptr(virDomainSnapshot) snap = remoteGetSnapshot(conn, &args->snapshot);
    virDomainSnapshotPtr *snaps = NULL;
    int n;

    if (!snap)
        return -1;
    n = virDomainSnapshotListAllChildren(snap, args->need_results ? &snaps : NULL, args->flags);
    return reply_list(n, snaps, r);
}

#define E REMOTE_PROC_ENTRY
const remoteProcedure remoteSnapshotProcs[] = {
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_CREATE_XML, tm_remote_domain_moment_create_xml_args,
      tm_remote_domain_snapshot_ret, dispatch_create_xml, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_GET_XML_DESC, tm_remote_domain_snapshot_args,
      tm_remote_xml_ret, dispatch_get_xml_desc, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_NUM, tm_remote_domain_flags_args, tm_remote_int_ret,
      dispatch_num, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_NAMES, tm_remote_domain_snapshot_list_names_args,
      tm_remote_domain_snapshot_names_ret, dispatch_list_names, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LOOKUP_BY_NAME, tm_remote_domain_moment_lookup_by_name_args,
      tm_remote_domain_snapshot_ret, dispatch_lookup_by_name, false),
    E(TM_REMOTE_PROC_DOMAIN_HAS_CURRENT_SNAPSHOT, tm_remote_domain_flags_args,
      tm_remote_int_ret, dispatch_has_current, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_CURRENT, tm_remote_domain_flags_args,
      tm_remote_domain_snapshot_ret, dispatch_current, false),
    E(TM_REMOTE_PROC_DOMAIN_REVERT_TO_SNAPSHOT, tm_remote_domain_snapshot_args, remote_void,
      dispatch_revert, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_DELETE, tm_remote_domain_snapshot_args, remote_void,
      dispatch_delete, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_GET_PARENT, tm_remote_domain_snapshot_args,
      tm_remote_domain_snapshot_ret, dispatch_get_parent, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_NUM_CHILDREN, tm_remote_domain_snapshot_args,
      tm_remote_int_ret, dispatch_num_children, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES,
      tm_remote_domain_snapshot_list_children_names_args,
      tm_remote_domain_snapshot_names_ret, dispatch_list_children_names, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_IS_CURRENT, tm_remote_domain_snapshot_args,
      tm_remote_int_ret, dispatch_is_current, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_HAS_METADATA, tm_remote_domain_snapshot_args,
      tm_remote_int_ret, dispatch_has_metadata, false),
    E(TM_REMOTE_PROC_DOMAIN_LIST_ALL_SNAPSHOTS, tm_remote_domain_list_all_args,
      tm_remote_domain_snapshot_list_ret, dispatch_list_all, false),
    E(TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN,
      tm_remote_domain_snapshot_list_all_children_args,
      tm_remote_domain_snapshot_list_ret, dispatch_list_all_children, false),
};
const size_t remoteSnapshotProcsCount = G_N_ELEMENTS(remoteSnapshotProcs);
#undef E
