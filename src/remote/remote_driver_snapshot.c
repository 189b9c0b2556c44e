/*
 * remote_driver_snapshot.c: the snapshot methods of the remote driver
 */
#include "remote/remote_driver_priv.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

/* A call whose result is one snapshot of @dom. */
static virDomainSnapshotPtr
call_snapshot_ret(virDomainPtr dom, int proc, xdrproc_t af, const void *args)
{
    tm_remote_domain_snapshot_ret ret = { 0 };
    virDomainSnapshotPtr snap;

    if (remoteDriverCallProg(dom->conn, TM_REMOTE_PROGRAM, proc, af, args,
                             (xdrproc_t)xdr_tm_remote_domain_snapshot_ret, &ret) < 0)
        return NULL;
    snap = remoteDriverSnapshotFromWire(dom, &ret.snap);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_snapshot_ret, (char *)&ret);
    return snap;
}

/* A call with @snap and @flags: result one int, or none (NULL @value). */
static int
call_snapshot(virDomainSnapshotPtr snap, int proc, unsigned int flags, int *value)
{
    tm_remote_domain_snapshot_args args = { .flags = flags };
    tm_remote_int_ret ret = { 0 };

    remoteDriverSnapshotToWire(snap, &args.snap);
    if (remoteDriverCall(snap->domain->conn, proc, xdr_tm_remote_domain_snapshot_args, &args,
                         value ? (xdrproc_t)xdr_tm_remote_int_ret : NULL,
                         value ? &ret : NULL) < 0)
        return -1;
    if (value)
        *value = ret.value;
    return 0;
}

/* A call with @dom and @flags whose result is one int. */
static int
call_domain_int(virDomainPtr dom, int proc, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };
    tm_remote_int_ret ret = { 0 };

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, proc, xdr_tm_remote_domain_flags_args, &args,
                         xdr_tm_remote_int_ret, &ret) < 0)
        return -1;
    return ret.value;
}

/* LIST_ALL answers (see the checkpoint file). */
static int
list_from_wire(virDomainPtr dom, tm_remote_domain_snapshot_list_ret *ret,
               virDomainSnapshotPtr **list)
{
    virDomainSnapshotPtr *snaps;
    unsigned int i;

    if (list) {
        snaps = g_new0(virDomainSnapshotPtr, ret->snapshots.snapshots_len + 1);
        for (i = 0; i < ret->snapshots.snapshots_len; i++) {
            if (!(snaps[i] = remoteDriverSnapshotFromWire(dom, &ret->snapshots.snapshots_val[i]))) {
                for (i = 0; snaps[i]; i++)
                    virDomainSnapshotFree(snaps[i]);
                g_free(snaps);
                return -1;
            }
        }
        *list = snaps;
    }
    return ret->ret;
}

/* LIST_NAMES answers: the client checks the count as libvirt's does. */
static int
names_from_wire(tm_remote_domain_snapshot_names_ret *ret, char **names, int maxnames)
{
    unsigned int i;

    if (ret->names.names_len > (unsigned int)maxnames) {
        virReportError(VIR_ERR_RPC, "too many remote domain snapshots: %d > %d",
                       ret->names.names_len, maxnames);
        return -1;
    }
    for (i = 0; i < ret->names.names_len; i++)
        names[i] = g_steal_pointer(&ret->names.names_val[i]);
    return i;
}

static int
check_maxnames(int maxnames)
{
    if (maxnames > TM_REMOTE_DOMAIN_SNAPSHOT_LIST_MAX) {
        virReportError(VIR_ERR_RPC, "too many remote domain snapshot names: %d > %d",
                       maxnames, TM_REMOTE_DOMAIN_SNAPSHOT_LIST_MAX);
        return -1;
    }
    return 0;
}

static virDomainSnapshotPtr
remoteDomainSnapshotCreateXML(virDomainPtr dom, const char *xml, unsigned int flags)
{
    tm_remote_domain_moment_create_xml_args args = { .xml_desc = (char *)xml, .flags = flags };

    remoteDriverDomainToWire(dom, &args.dom);
    return call_snapshot_ret(dom, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_CREATE_XML,
                             (xdrproc_t)xdr_tm_remote_domain_moment_create_xml_args, &args);
}

static char *
remoteDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snap, unsigned int flags)
{
    tm_remote_domain_snapshot_args args = { .flags = flags };
    tm_remote_xml_ret ret = { 0 };

    remoteDriverSnapshotToWire(snap, &args.snap);
    if (remoteDriverCall(snap->domain->conn, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_GET_XML_DESC,
                         xdr_tm_remote_domain_snapshot_args, &args, xdr_tm_remote_xml_ret,
                         &ret) < 0)
        return NULL;
    return ret.xml;
}

static int
remoteDomainSnapshotNum(virDomainPtr dom, unsigned int flags)
{
    return call_domain_int(dom, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_NUM, flags);
}

static int
remoteDomainSnapshotListNames(virDomainPtr dom, char **names, int nameslen, unsigned int flags)
{
    tm_remote_domain_snapshot_list_names_args args = { .maxnames = nameslen, .flags = flags };
    tm_remote_domain_snapshot_names_ret ret = { 0 };
    int n;

    if (check_maxnames(nameslen) < 0)
        return -1;
    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_NAMES,
                         xdr_tm_remote_domain_snapshot_list_names_args, &args,
                         xdr_tm_remote_domain_snapshot_names_ret, &ret) < 0)
        return -1;
    n = names_from_wire(&ret, names, nameslen);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_snapshot_names_ret, (char *)&ret);
    return n;
}

static int
remoteDomainListAllSnapshots(virDomainPtr dom, virDomainSnapshotPtr **snaps, unsigned int flags)
{
    tm_remote_domain_list_all_args args = { .need_results = !!snaps, .flags = flags };
    tm_remote_domain_snapshot_list_ret ret = { 0 };
    int n;

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_LIST_ALL_SNAPSHOTS,
                         xdr_tm_remote_domain_list_all_args, &args,
                         xdr_tm_remote_domain_snapshot_list_ret, &ret) < 0)
        return -1;
    n = list_from_wire(dom, &ret, snaps);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_snapshot_list_ret, (char *)&ret);
    return n;
}

static int
remoteDomainSnapshotNumChildren(virDomainSnapshotPtr snap, unsigned int flags)
{
    int value;

    if (call_snapshot(snap, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_NUM_CHILDREN, flags, &value) < 0)
        return -1;
    return value;
}

static int
remoteDomainSnapshotListChildrenNames(virDomainSnapshotPtr snap, char **names, int nameslen,
                                      unsigned int flags)
{
    tm_remote_domain_snapshot_list_children_names_args args = {
        .maxnames = nameslen, .flags = flags,
    };
    tm_remote_domain_snapshot_names_ret ret = { 0 };
    int n;

    if (check_maxnames(nameslen) < 0)
        return -1;
    remoteDriverSnapshotToWire(snap, &args.snap);
    if (remoteDriverCall(snap->domain->conn, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES,
                         xdr_tm_remote_domain_snapshot_list_children_names_args, &args,
                         xdr_tm_remote_domain_snapshot_names_ret, &ret) < 0)
        return -1;
    n = names_from_wire(&ret, names, nameslen);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_snapshot_names_ret, (char *)&ret);
    return n;
}

static int
remoteDomainSnapshotListAllChildren(virDomainSnapshotPtr snap, virDomainSnapshotPtr **snaps,
                                    unsigned int flags)
{
    tm_remote_domain_snapshot_list_all_children_args args = {
        .need_results = !!snaps, .flags = flags,
    };
    tm_remote_domain_snapshot_list_ret ret = { 0 };
    int n;

    remoteDriverSnapshotToWire(snap, &args.snapshot);
    if (remoteDriverCall(snap->domain->conn, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN,
                         xdr_tm_remote_domain_snapshot_list_all_children_args, &args,
                         xdr_tm_remote_domain_snapshot_list_ret, &ret) < 0)
        return -1;
    n = list_from_wire(snap->domain, &ret, snaps);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_snapshot_list_ret, (char *)&ret);
    return n;
}

static virDomainSnapshotPtr
remoteDomainSnapshotLookupByName(virDomainPtr dom, const char *name, unsigned int flags)
{
    tm_remote_domain_moment_lookup_by_name_args args = { .name = (char *)name, .flags = flags };

    remoteDriverDomainToWire(dom, &args.dom);
    return call_snapshot_ret(dom, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_LOOKUP_BY_NAME,
                             (xdrproc_t)xdr_tm_remote_domain_moment_lookup_by_name_args, &args);
}

static int
remoteDomainHasCurrentSnapshot(virDomainPtr dom, unsigned int flags)
{
    return call_domain_int(dom, TM_REMOTE_PROC_DOMAIN_HAS_CURRENT_SNAPSHOT, flags);
}

static virDomainSnapshotPtr
remoteDomainSnapshotCurrent(virDomainPtr dom, unsigned int flags)
{
    tm_remote_domain_flags_args args = { .flags = flags };

    remoteDriverDomainToWire(dom, &args.dom);
    return call_snapshot_ret(dom, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_CURRENT,
                             (xdrproc_t)xdr_tm_remote_domain_flags_args, &args);
}

static virDomainSnapshotPtr
remoteDomainSnapshotGetParent(virDomainSnapshotPtr snap, unsigned int flags)
{
    tm_remote_domain_snapshot_args args = { .flags = flags };

    remoteDriverSnapshotToWire(snap, &args.snap);
    return call_snapshot_ret(snap->domain, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_GET_PARENT,
                             (xdrproc_t)xdr_tm_remote_domain_snapshot_args, &args);
}

static int
remoteDomainSnapshotIsCurrent(virDomainSnapshotPtr snap, unsigned int flags)
{
    int value;

    if (call_snapshot(snap, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_IS_CURRENT, flags, &value) < 0)
        return -1;
    return value;
}

static int
remoteDomainSnapshotHasMetadata(virDomainSnapshotPtr snap, unsigned int flags)
{
    int value;

    if (call_snapshot(snap, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_HAS_METADATA, flags, &value) < 0)
        return -1;
    return value;
}

static int
remoteDomainRevertToSnapshot(virDomainSnapshotPtr snap, unsigned int flags)
{
    return call_snapshot(snap, TM_REMOTE_PROC_DOMAIN_REVERT_TO_SNAPSHOT, flags, NULL);
}

static int
remoteDomainSnapshotDelete(virDomainSnapshotPtr snap, unsigned int flags)
{
    return call_snapshot(snap, TM_REMOTE_PROC_DOMAIN_SNAPSHOT_DELETE, flags, NULL);
}

void
remoteDriverFillSnapshot(virConnectDriver *drv)
{
    drv->domainSnapshotCreateXML = remoteDomainSnapshotCreateXML;
    drv->domainSnapshotGetXMLDesc = remoteDomainSnapshotGetXMLDesc;
    drv->domainSnapshotNum = remoteDomainSnapshotNum;
    drv->domainSnapshotListNames = remoteDomainSnapshotListNames;
    drv->domainListAllSnapshots = remoteDomainListAllSnapshots;
    drv->domainSnapshotNumChildren = remoteDomainSnapshotNumChildren;
    drv->domainSnapshotListChildrenNames = remoteDomainSnapshotListChildrenNames;
    drv->domainSnapshotListAllChildren = remoteDomainSnapshotListAllChildren;
    drv->domainSnapshotLookupByName = remoteDomainSnapshotLookupByName;
    drv->domainHasCurrentSnapshot = remoteDomainHasCurrentSnapshot;
    drv->domainSnapshotCurrent = remoteDomainSnapshotCurrent;
    drv->domainSnapshotGetParent = remoteDomainSnapshotGetParent;
    drv->domainSnapshotIsCurrent = remoteDomainSnapshotIsCurrent;
    drv->domainSnapshotHasMetadata = remoteDomainSnapshotHasMetadata;
    drv->domainRevertToSnapshot = remoteDomainRevertToSnapshot;
    drv->domainSnapshotDelete = remoteDomainSnapshotDelete;
}
