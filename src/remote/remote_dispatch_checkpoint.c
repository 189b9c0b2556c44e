/*
 * remote_dispatch_checkpoint.c: the checkpoint procedures (411-417)
 */
#include "remote/remote_dispatch_priv.h"

#define VIR_FROM_THIS VIR_FROM_RPC

/* Answers with @cp (a new reference, or NULL after a failed call). */
static int
reply_checkpoint(virDomainCheckpointPtr cp, tm_remote_domain_checkpoint_ret *ret)
{
    if (!cp)
        return -1;
    remoteMakeCheckpoint(&ret->checkpoint, cp);
    virDomainCheckpointFree(cp);
    return 0;
}

/* The LIST_ALL answer: the handles when asked for, and the count. */
static int
reply_list(int n, virDomainCheckpointPtr *cps, tm_remote_domain_checkpoint_list_ret *ret)
{
    int i;

    if (n > TM_REMOTE_DOMAIN_CHECKPOINT_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "Too many domain checkpoints '%d' for limit '%d'",
                       n, TM_REMOTE_DOMAIN_CHECKPOINT_LIST_MAX);
        n = -1;
    } else if (n >= 0 && cps) {
        ret->checkpoints.checkpoints_len = n;
        ret->checkpoints.checkpoints_val = g_new0(tm_remote_nonnull_domain_checkpoint, n);
        for (i = 0; i < n; i++)
            remoteMakeCheckpoint(&ret->checkpoints.checkpoints_val[i], cps[i]);
    }
    for (i = 0; cps && cps[i]; i++)
        virDomainCheckpointFree(cps[i]);
    g_free(cps);
    ret->ret = n;
    return n < 0 ? -1 : 0;
}

static int
dispatch_create_xml(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_moment_create_xml_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom)
        return -1;
    return reply_checkpoint(virDomainCheckpointCreateXML(dom, args->xml_desc, args->flags), r);
}

static int
dispatch_get_xml_desc(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_checkpoint_args *args = a;
    tm_remote_xml_ret *ret = r;
    g_autoptr(virDomainCheckpoint) cp = remoteGetCheckpoint(conn, &args->checkpoint);

    return cp && (ret->xml = virDomainCheckpointGetXMLDesc(cp, args->flags)) ? 0 : -1;
}

static int
dispatch_list_all(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_list_all_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);
    virDomainCheckpointPtr *cps = NULL;
    int n;

    if (!dom)
        return -1;
    n = virDomainListAllCheckpoints(dom, args->need_results ? &cps : NULL, args->flags);
    return reply_list(n, cps, r);
}

static int
dispatch_list_all_children(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_checkpoint_list_all_children_args *args = a;
    g_autoptr(virDomainCheckpoint) cp = remoteGetCheckpoint(conn, &args->checkpoint);
    virDomainCheckpointPtr *cps = NULL;
    int n;

    if (!cp)
        return -1;
    n = virDomainCheckpointListAllChildren(cp, args->need_results ? &cps : NULL, args->flags);
    return reply_list(n, cps, r);
}

static int
dispatch_lookup_by_name(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_moment_lookup_by_name_args *args = a;
    g_autoptr(virDomain) dom = remoteGetDomain(conn, &args->dom);

    if (!dom)
        return -1;
    return reply_checkpoint(virDomainCheckpointLookupByName(dom, args->name, args->flags), r);
}

static int
dispatch_get_parent(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_checkpoint_args *args = a;
    g_autoptr(virDomainCheckpoint) cp = remoteGetCheckpoint(conn, &args->checkpoint);

    if (!cp)
        return -1;
    return reply_checkpoint(virDomainCheckpointGetParent(cp, args->flags), r);
}

static int
dispatch_delete(remoteClientState *state, virConnectPtr conn, void *a, void *r)
{
    tm_remote_domain_checkpoint_args *args = a;
    g_autoptr(virDomainCheckpoint) cp = remoteGetCheckpoint(conn, &args->checkpoint);

    return cp ? virDomainCheckpointDelete(cp, args->flags) : -1;
}

#define E REMOTE_PROC_ENTRY
const remoteProcedure remoteCheckpointProcs[] = {
    E(TM_REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML, tm_remote_domain_moment_create_xml_args,
      tm_remote_domain_checkpoint_ret, dispatch_create_xml, false),
    E(TM_REMOTE_PROC_DOMAIN_CHECKPOINT_GET_XML_DESC, tm_remote_domain_checkpoint_args,
      tm_remote_xml_ret, dispatch_get_xml_desc, false),
    E(TM_REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS, tm_remote_domain_list_all_args,
      tm_remote_domain_checkpoint_list_ret, dispatch_list_all, false),
    E(TM_REMOTE_PROC_DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN,
      tm_remote_domain_checkpoint_list_all_children_args,
      tm_remote_domain_checkpoint_list_ret, dispatch_list_all_children, false),
    E(TM_REMOTE_PROC_DOMAIN_CHECKPOINT_LOOKUP_BY_NAME, tm_remote_domain_moment_lookup_by_name_args,
      tm_remote_domain_checkpoint_ret, dispatch_lookup_by_name, false),
    E(TM_REMOTE_PROC_DOMAIN_CHECKPOINT_GET_PARENT, tm_remote_domain_checkpoint_args,
      tm_remote_domain_checkpoint_ret, dispatch_get_parent, false),
    E(TM_REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE, tm_remote_domain_checkpoint_args, remote_void,
      dispatch_delete, false),
};
const size_t remoteCheckpointProcsCount = G_N_ELEMENTS(remoteCheckpointProcs);
#undef E
