/*
 * libtidemark-domain-checkpoint.c: public calls on checkpoints
 *
 * The checks and their order are libvirt 9.0's, so argument and flag
 * errors carry VIR_FROM_DOMAIN_CHECKPOINT and the same text ("Flags
 * 'VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN' and ... are mutually
 * exclusive"). Unknown flag bits are left to the driver, as in libvirt.
 * The handle getters return the handle's own fields: no reference is
 * taken and the driver is not asked, so they work on a handle whose
 * checkpoint has since been deleted.
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_CHECKPOINT

const char *
virDomainCheckpointGetName(virDomainCheckpointPtr checkpoint)
{
    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, NULL);

    return checkpoint->name;
}

virDomainPtr
virDomainCheckpointGetDomain(virDomainCheckpointPtr checkpoint)
{
    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, NULL);

    return checkpoint->domain;
}

virConnectPtr
virDomainCheckpointGetConnect(virDomainCheckpointPtr checkpoint)
{
    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, NULL);

    return checkpoint->domain->conn;
}

virDomainCheckpointPtr
virDomainCheckpointCreateXML(virDomainPtr domain, const char *xmlDesc,
                             unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, NULL);
    conn = domain->conn;
    virCheckNonNullArgGoto(xmlDesc, error);
    virCheckReadOnlyGoto(conn->flags, error);
    VIR_EXCLUSIVE_FLAGS_GOTO(VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE,
                             VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE,
                             error);
    VIR_REQUIRE_FLAG_GOTO(VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE,
                          VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE,
                          error);

    if (conn->driver->domainCheckpointCreateXML) {
        virDomainCheckpointPtr ret;

        ret = conn->driver->domainCheckpointCreateXML(domain, xmlDesc, flags);
        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

char *
virDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint,
                              unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, NULL);
    conn = checkpoint->domain->conn;

    if ((conn->flags & VIR_CONNECT_RO) &&
        (flags & VIR_DOMAIN_CHECKPOINT_XML_SECURE)) {
        virReportError(VIR_ERR_OPERATION_DENIED, "%s",
                       "virDomainCheckpointGetXMLDesc with secure flag");
        goto error;
    }

    if (conn->driver->domainCheckpointGetXMLDesc) {
        char *ret = conn->driver->domainCheckpointGetXMLDesc(checkpoint, flags);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

int
virDomainListAllCheckpoints(virDomainPtr domain,
                            virDomainCheckpointPtr **checkpoints,
                            unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    /* Cleared before anything can fail, so callers may free it blindly. */
    if (checkpoints)
        *checkpoints = NULL;
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;

    if (conn->driver->domainListAllCheckpoints) {
        int ret = conn->driver->domainListAllCheckpoints(domain, checkpoints,
                                                         flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

int
virDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                   virDomainCheckpointPtr **children,
                                   unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    if (children)
        *children = NULL;
    virCheckDomainCheckpointReturn(checkpoint, -1);
    conn = checkpoint->domain->conn;

    if (conn->driver->domainCheckpointListAllChildren) {
        int ret = conn->driver->domainCheckpointListAllChildren(checkpoint,
                                                                children,
                                                                flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

virDomainCheckpointPtr
virDomainCheckpointLookupByName(virDomainPtr domain, const char *name,
                                unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, NULL);
    conn = domain->conn;
    virCheckNonNullArgGoto(name, error);

    if (conn->driver->domainCheckpointLookupByName) {
        virDomainCheckpointPtr ret;

        ret = conn->driver->domainCheckpointLookupByName(domain, name, flags);
        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

virDomainCheckpointPtr
virDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint,
                             unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, NULL);
    conn = checkpoint->domain->conn;

    if (conn->driver->domainCheckpointGetParent) {
        virDomainCheckpointPtr ret;

        ret = conn->driver->domainCheckpointGetParent(checkpoint, flags);
        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

int
virDomainCheckpointDelete(virDomainCheckpointPtr checkpoint,
                          unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, -1);
    conn = checkpoint->domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);
    VIR_EXCLUSIVE_FLAGS_GOTO(VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN,
                             VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY,
                             error);

    if (conn->driver->domainCheckpointDelete) {
        int ret = conn->driver->domainCheckpointDelete(checkpoint, flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

int
virDomainCheckpointRef(virDomainCheckpointPtr checkpoint)
{
    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, -1);

    virDomainCheckpointHandleRef(checkpoint);
    return 0;
}

int
virDomainCheckpointFree(virDomainCheckpointPtr checkpoint)
{
    virResetLastError();
    virCheckDomainCheckpointReturn(checkpoint, -1);

    virDomainCheckpointHandleUnref(checkpoint);
    return 0;
}
