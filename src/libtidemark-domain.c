/*
 * libtidemark-domain.c: public calls on domains, their jobs and backups
 *
 * Each call makes the checks libvirt 9.0's virDomain* entry point
 * makes, in the same order (so the same error wins when several
 * apply), then hands over to the connection's driver. Errors raised
 * here come from VIR_FROM_DOMAIN, except an invalid domain handle,
 * which libvirt reports from VIR_FROM_DOM.
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "util/viruuid.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* ---- Handles and lookup --------------------------------------------- */

virConnectPtr
virDomainGetConnect(virDomainPtr domain)
{
    virResetLastError();
    virCheckDomainReturn(domain, NULL);

    return domain->conn;
}

virDomainPtr
virDomainLookupByName(virConnectPtr conn, const char *name)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckNonNullArgGoto(name, error);

    if (conn->driver->domainLookupByName) {
        virDomainPtr ret = conn->driver->domainLookupByName(conn, name);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

virDomainPtr
virDomainLookupByID(virConnectPtr conn, int id)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckNonNegativeArgGoto(id, error);

    if (conn->driver->domainLookupByID) {
        virDomainPtr ret = conn->driver->domainLookupByID(conn, id);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

virDomainPtr
virDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckNonNullArgGoto(uuid, error);

    if (conn->driver->domainLookupByUUID) {
        virDomainPtr ret = conn->driver->domainLookupByUUID(conn, uuid);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

virDomainPtr
virDomainLookupByUUIDString(virConnectPtr conn, const char *uuidstr)
{
    unsigned char uuid[VIR_UUID_BUFLEN];

    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckNonNullArgGoto(uuidstr, error);

    if (virUUIDParse(uuidstr, uuid) < 0) {
        virReportInvalidArg(uuidstr, "%s", "Invalid UUID");
        goto error;
    }

    /* Through the public call, as libvirt does: a driver without the
     * method is then reported as lacking virDomainLookupByUUID. */
    return virDomainLookupByUUID(conn, uuid);

 error:
    virDispatchError(conn);
    return NULL;
}

int
virConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                         unsigned int flags)
{
    virResetLastError();
    if (domains)
        *domains = NULL;
    virCheckConnectReturn(conn, -1);

    if (conn->driver->connectListAllDomains) {
        int ret = conn->driver->connectListAllDomains(conn, domains, flags);

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
virDomainRef(virDomainPtr domain)
{
    virResetLastError();
    virCheckDomainReturn(domain, -1);

    virDomainHandleRef(domain);
    return 0;
}

int
virDomainFree(virDomainPtr domain)
{
    virResetLastError();
    virCheckDomainReturn(domain, -1);

    virDomainHandleUnref(domain);
    return 0;
}

/* ---- Definition and life cycle -------------------------------------- */

virDomainPtr
virDomainDefineXML(virConnectPtr conn, const char *xml)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckReadOnlyGoto(conn->flags, error);
    virCheckNonNullArgGoto(xml, error);

    if (conn->driver->domainDefineXML) {
        virDomainPtr ret = conn->driver->domainDefineXML(conn, xml);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

virDomainPtr
virDomainDefineXMLFlags(virConnectPtr conn, const char *xml,
                        unsigned int flags)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckReadOnlyGoto(conn->flags, error);
    virCheckNonNullArgGoto(xml, error);

    if (conn->driver->domainDefineXMLFlags) {
        virDomainPtr ret = conn->driver->domainDefineXMLFlags(conn, xml, flags);

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
virDomainUndefine(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainUndefine) {
        int ret = conn->driver->domainUndefine(domain);

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
virDomainUndefineFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainUndefineFlags) {
        int ret = conn->driver->domainUndefineFlags(domain, flags);

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
virDomainCreate(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainCreate) {
        int ret = conn->driver->domainCreate(domain);

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
virDomainCreateWithFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainCreateWithFlags) {
        int ret = conn->driver->domainCreateWithFlags(domain, flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

virDomainPtr
virDomainCreateXML(virConnectPtr conn, const char *xmlDesc,
                   unsigned int flags)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    /* Unlike DefineXML, libvirt checks the argument before read-only. */
    virCheckNonNullArgGoto(xmlDesc, error);
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainCreateXML) {
        virDomainPtr ret = conn->driver->domainCreateXML(conn, xmlDesc, flags);

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
virDomainDestroy(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainDestroy) {
        int ret = conn->driver->domainDestroy(domain);

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
virDomainDestroyFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainDestroyFlags) {
        int ret = conn->driver->domainDestroyFlags(domain, flags);

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
virDomainShutdown(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainShutdown) {
        int ret = conn->driver->domainShutdown(domain);

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
virDomainShutdownFlags(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainShutdownFlags) {
        int ret = conn->driver->domainShutdownFlags(domain, flags);

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
virDomainSuspend(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainSuspend) {
        int ret = conn->driver->domainSuspend(domain);

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
virDomainResume(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainResume) {
        int ret = conn->driver->domainResume(domain);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

/* ---- Queries -------------------------------------------------------- */

char *
virDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, NULL);
    conn = domain->conn;

    /* MIGRATABLE output may carry secrets too, so libvirt refuses both. */
    if ((conn->flags & VIR_CONNECT_RO) &&
        (flags & (VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_MIGRATABLE))) {
        virReportError(VIR_ERR_OPERATION_DENIED, "%s",
                       "virDomainGetXMLDesc with secure flag");
        goto error;
    }

    if (conn->driver->domainGetXMLDesc) {
        char *ret = conn->driver->domainGetXMLDesc(domain, flags);

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
virDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    virConnectPtr conn;

    virResetLastError();
    if (info)
        memset(info, 0, sizeof(*info));
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(info, error);

    if (conn->driver->domainGetInfo) {
        int ret = conn->driver->domainGetInfo(domain, info);

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
virDomainGetState(virDomainPtr domain, int *state, int *reason,
                  unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(state, error);

    if (conn->driver->domainGetState) {
        int ret = conn->driver->domainGetState(domain, state, reason, flags);

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
virDomainIsActive(virDomainPtr dom)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;

    if (conn->driver->domainIsActive) {
        int ret = conn->driver->domainIsActive(dom);

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
virDomainIsPersistent(virDomainPtr dom)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;

    if (conn->driver->domainIsPersistent) {
        int ret = conn->driver->domainIsPersistent(dom);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

char *
virDomainGetOSType(virDomainPtr domain)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, NULL);
    conn = domain->conn;

    if (conn->driver->domainGetOSType) {
        char *ret = conn->driver->domainGetOSType(domain);

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
virDomainGetAutostart(virDomainPtr domain, int *autostart)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(autostart, error);

    if (conn->driver->domainGetAutostart) {
        int ret = conn->driver->domainGetAutostart(domain, autostart);

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
virDomainGetBlockJobInfo(virDomainPtr dom, const char *disk, virDomainBlockJobInfoPtr info,
                         unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    if (info)
        memset(info, 0, sizeof(*info));
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;
    virCheckNonNullArgGoto(disk, error);
    virCheckNonNullArgGoto(info, error);

    if (conn->driver->domainGetBlockJobInfo) {
        int ret = conn->driver->domainGetBlockJobInfo(dom, disk, info, flags);

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
virDomainFSFreeze(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                  unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;
    virCheckReadOnlyGoto(conn->flags, error);
    if (nmountpoints)
        virCheckNonNullArgGoto(mountpoints, error);
    else
        virCheckNullArgGoto(mountpoints, error);

    if (conn->driver->domainFSFreeze) {
        int ret = conn->driver->domainFSFreeze(dom, mountpoints, nmountpoints, flags);

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
virDomainFSThaw(virDomainPtr dom, const char **mountpoints, unsigned int nmountpoints,
                unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;
    virCheckReadOnlyGoto(conn->flags, error);
    if (nmountpoints)
        virCheckNonNullArgGoto(mountpoints, error);
    else
        virCheckNullArgGoto(mountpoints, error);

    if (conn->driver->domainFSThaw) {
        int ret = conn->driver->domainFSThaw(dom, mountpoints, nmountpoints, flags);

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
virDomainHasManagedSaveImage(virDomainPtr dom, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;

    if (conn->driver->domainHasManagedSaveImage) {
        int ret = conn->driver->domainHasManagedSaveImage(dom, flags);

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
virDomainGetSecurityLabel(virDomainPtr domain, virSecurityLabelPtr seclabel)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(seclabel, error);

    if (conn->driver->domainGetSecurityLabel) {
        int ret = conn->driver->domainGetSecurityLabel(domain, seclabel);

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
virDomainGetMessages(virDomainPtr domain, char ***msgs, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(msgs, error);

    if (conn->driver->domainGetMessages) {
        int ret = conn->driver->domainGetMessages(domain, msgs, flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

const char *
virDomainGetName(virDomainPtr domain)
{
    virResetLastError();
    virCheckDomainReturn(domain, NULL);

    return domain->name;
}

int
virDomainGetUUID(virDomainPtr domain, unsigned char *uuid)
{
    virResetLastError();
    virCheckDomainReturn(domain, -1);
    virCheckNonNullArgGoto(uuid, error);

    memcpy(uuid, domain->uuid, VIR_UUID_BUFLEN);
    return 0;

 error:
    virDispatchError(domain->conn);
    return -1;
}

int
virDomainGetUUIDString(virDomainPtr domain, char *buf)
{
    virResetLastError();
    virCheckDomainReturn(domain, -1);
    virCheckNonNullArgGoto(buf, error);

    virUUIDFormat(domain->uuid, buf);
    return 0;

 error:
    virDispatchError(domain->conn);
    return -1;
}

unsigned int
virDomainGetID(virDomainPtr domain)
{
    virResetLastError();
    virCheckDomainReturn(domain, (unsigned int)-1);

    return domain->id;
}

/* ---- Jobs ----------------------------------------------------------- */

int
virDomainGetJobInfo(virDomainPtr dom, virDomainJobInfoPtr info)
{
    virConnectPtr conn;

    virResetLastError();
    if (info)
        memset(info, 0, sizeof(*info));
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;
    virCheckNonNullArgGoto(info, error);

    if (conn->driver->domainGetJobInfo) {
        int ret = conn->driver->domainGetJobInfo(dom, info);

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
virDomainGetJobStats(virDomainPtr domain, int *type,
                     virTypedParameterPtr *params, int *nparams,
                     unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(type, error);
    virCheckNonNullArgGoto(params, error);
    virCheckNonNullArgGoto(nparams, error);
    VIR_REQUIRE_FLAG_GOTO(VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED,
                          VIR_DOMAIN_JOB_STATS_COMPLETED,
                          error);

    if (conn->driver->domainGetJobStats) {
        int ret = conn->driver->domainGetJobStats(domain, type, params,
                                                  nparams, flags);

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
virDomainAbortJob(virDomainPtr dom)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainAbortJob) {
        int ret = conn->driver->domainAbortJob(dom);

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
virDomainAbortJobFlags(virDomainPtr dom, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(dom, -1);
    conn = dom->conn;
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainAbortJobFlags) {
        int ret = conn->driver->domainAbortJobFlags(dom, flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

/* ---- Backup --------------------------------------------------------- */

int
virDomainBackupBegin(virDomainPtr domain, const char *backupXML,
                     const char *checkpointXML, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(backupXML, error);
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainBackupBegin) {
        int ret = conn->driver->domainBackupBegin(domain, backupXML,
                                                  checkpointXML, flags);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

char *
virDomainBackupGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, NULL);
    conn = domain->conn;

    if (conn->driver->domainBackupGetXMLDesc) {
        char *ret = conn->driver->domainBackupGetXMLDesc(domain, flags);

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
virConnectDomainXMLToNative(virConnectPtr conn, const char *nativeFormat,
                            const char *domainXml, unsigned int flags)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);
    virCheckReadOnlyGoto(conn->flags, error);
    virCheckNonNullArgGoto(nativeFormat, error);
    virCheckNonNullArgGoto(domainXml, error);

    if (conn->driver->connectDomainXMLToNative) {
        char *ret = conn->driver->connectDomainXMLToNative(conn, nativeFormat,
                                                           domainXml, flags);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}
