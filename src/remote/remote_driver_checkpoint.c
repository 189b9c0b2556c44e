/*
 * remote_driver_checkpoint.c: the checkpoint methods of the remote
 * driver (procedures 411-417)
 */
#include "remote/remote_driver_priv.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

/* A call whose result is one checkpoint of @dom. */
static virDomainCheckpointPtr
call_checkpoint_ret(virDomainPtr dom, int proc, xdrproc_t af, const void *args)
{
    tm_remote_domain_checkpoint_ret ret = { 0 };
    virDomainCheckpointPtr cp;

    if (remoteDriverCallProg(dom->conn, TM_REMOTE_PROGRAM, proc, af, args,
                             (xdrproc_t)xdr_tm_remote_domain_checkpoint_ret, &ret) < 0)
        return NULL;
    cp = remoteDriverCheckpointFromWire(dom, &ret.checkpoint);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_checkpoint_ret, (char *)&ret);
    return cp;
}

/* The LIST_ALL answer: handles when asked for, and the count. As
 * libvirt's client, the count returned is the daemon's "ret". */
static int
list_from_wire(virDomainPtr dom, tm_remote_domain_checkpoint_list_ret *ret,
               virDomainCheckpointPtr **list)
{
    virDomainCheckpointPtr *cps;
    unsigned int i;

    if (list) {
        cps = g_new0(virDomainCheckpointPtr, ret->checkpoints.checkpoints_len + 1);
        for (i = 0; i < ret->checkpoints.checkpoints_len; i++) {
            if (!(cps[i] = remoteDriverCheckpointFromWire(dom,
                                                          &ret->checkpoints.checkpoints_val[i]))) {
                for (i = 0; cps[i]; i++)
                    virDomainCheckpointFree(cps[i]);
                g_free(cps);
                return -1;
            }
        }
        *list = cps;
    }
    return ret->ret;
}

static virDomainCheckpointPtr
remoteDomainCheckpointCreateXML(virDomainPtr dom, const char *xml, unsigned int flags)
{
    tm_remote_domain_moment_create_xml_args args = { .xml_desc = (char *)xml, .flags = flags };

    remoteDriverDomainToWire(dom, &args.dom);
    return call_checkpoint_ret(dom, TM_REMOTE_PROC_DOMAIN_CHECKPOINT_CREATE_XML,
                               (xdrproc_t)xdr_tm_remote_domain_moment_create_xml_args, &args);
}

static char *
remoteDomainCheckpointGetXMLDesc(virDomainCheckpointPtr cp, unsigned int flags)
{
    tm_remote_domain_checkpoint_args args = { .flags = flags };
    tm_remote_xml_ret ret = { 0 };

    remoteDriverCheckpointToWire(cp, &args.checkpoint);
    if (remoteDriverCall(cp->domain->conn, TM_REMOTE_PROC_DOMAIN_CHECKPOINT_GET_XML_DESC,
                         xdr_tm_remote_domain_checkpoint_args, &args, xdr_tm_remote_xml_ret,
                         &ret) < 0)
        return NULL;
    return ret.xml;
}

static int
remoteDomainListAllCheckpoints(virDomainPtr dom, virDomainCheckpointPtr **cps, unsigned int flags)
{
    tm_remote_domain_list_all_args args = { .need_results = !!cps, .flags = flags };
    tm_remote_domain_checkpoint_list_ret ret = { 0 };
    int n;

    remoteDriverDomainToWire(dom, &args.dom);
    if (remoteDriverCall(dom->conn, TM_REMOTE_PROC_DOMAIN_LIST_ALL_CHECKPOINTS,
                         xdr_tm_remote_domain_list_all_args, &args,
                         xdr_tm_remote_domain_checkpoint_list_ret, &ret) < 0)
        return -1;
    n = list_from_wire(dom, &ret, cps);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_checkpoint_list_ret, (char *)&ret);
    return n;
}

static int
remoteDomainCheckpointListAllChildren(virDomainCheckpointPtr cp,
                                      virDomainCheckpointPtr **children, unsigned int flags)
{
    tm_remote_domain_checkpoint_list_all_children_args args = {
        .need_results = !!children, .flags = flags,
    };
    tm_remote_domain_checkpoint_list_ret ret = { 0 };
    int n;

    remoteDriverCheckpointToWire(cp, &args.checkpoint);
    if (remoteDriverCall(cp->domain->conn, TM_REMOTE_PROC_DOMAIN_CHECKPOINT_LIST_ALL_CHILDREN,
                         xdr_tm_remote_domain_checkpoint_list_all_children_args, &args,
                         xdr_tm_remote_domain_checkpoint_list_ret, &ret) < 0)
        return -1;
    n = list_from_wire(cp->domain, &ret, children);
    xdr_free((xdrproc_t)xdr_tm_remote_domain_checkpoint_list_ret, (char *)&ret);
    return n;
}

static virDomainCheckpointPtr
remoteDomainCheckpointLookupByName(virDomainPtr dom, const char *name, unsigned int flags)
{
    tm_remote_domain_moment_lookup_by_name_args args = { .name = (char *)name, .flags = flags };

    remoteDriverDomainToWire(dom, &args.dom);
    return call_checkpoint_ret(dom, TM_REMOTE_PROC_DOMAIN_CHECKPOINT_LOOKUP_BY_NAME,
                               (xdrproc_t)xdr_tm_remote_domain_moment_lookup_by_name_args, &args);
}

static virDomainCheckpointPtr
remoteDomainCheckpointGetParent(virDomainCheckpointPtr cp, unsigned int flags)
{
    tm_remote_domain_checkpoint_args args = { .flags = flags };

    remoteDriverCheckpointToWire(cp, &args.checkpoint);
    return call_checkpoint_ret(cp->domain, TM_REMOTE_PROC_DOMAIN_CHECKPOINT_GET_PARENT,
                               (xdrproc_t)xdr_tm_remote_domain_checkpoint_args, &args);
}

static int
remoteDomainCheckpointDelete(virDomainCheckpointPtr cp, unsigned int flags)
{
    tm_remote_domain_checkpoint_args args = { .flags = flags };

    remoteDriverCheckpointToWire(cp, &args.checkpoint);
    return remoteDriverCall(cp->domain->conn, TM_REMOTE_PROC_DOMAIN_CHECKPOINT_DELETE,
                            xdr_tm_remote_domain_checkpoint_args, &args, NULL, NULL);
}

void
remoteDriverFillCheckpoint(virConnectDriver *drv)
{
    drv->domainCheckpointCreateXML = remoteDomainCheckpointCreateXML;
    drv->domainCheckpointGetXMLDesc = remoteDomainCheckpointGetXMLDesc;
    drv->domainListAllCheckpoints = remoteDomainListAllCheckpoints;
    drv->domainCheckpointListAllChildren = remoteDomainCheckpointListAllChildren;
    drv->domainCheckpointLookupByName = remoteDomainCheckpointLookupByName;
    drv->domainCheckpointGetParent = remoteDomainCheckpointGetParent;
    drv->domainCheckpointDelete = remoteDomainCheckpointDelete;
    /* domainCheckpointVerify is tidemark's own: no procedure carries it */
}
