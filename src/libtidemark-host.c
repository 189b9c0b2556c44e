/*
 * libtidemark-host.c: public calls on an open connection
 *
 * libvirt keeps these in libvirt-host.c, whose errors come from
 * VIR_FROM_DOMAIN; so do ours. Opening and closing are in
 * libtidemark.c (VIR_FROM_NONE).
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

int
virConnectRef(virConnectPtr conn)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);

    virConnectHandleRef(conn);
    return 0;
}

char *
virConnectGetURI(virConnectPtr conn)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);

    /* Fixed when the connection opened: no driver call, as in libvirt. */
    if (!conn->uri) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "the connection has no URI");
        virDispatchError(conn);
        return NULL;
    }
    return g_strdup(conn->uri);
}

const char *
virConnectGetType(virConnectPtr conn)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);

    if (conn->driver->connectGetType) {
        const char *ret = conn->driver->connectGetType(conn);

        if (ret)
            return ret;
    }
    /* as libvirt: a driver with no answer of its own is its name */
    return conn->driver->name;
}

int
virConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);
    virCheckNonNullArgGoto(hvVer, error);

    if (conn->driver->connectGetVersion) {
        if (conn->driver->connectGetVersion(conn, hvVer) < 0)
            goto error;
        return 0;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}

char *
virConnectGetHostname(virConnectPtr conn)
{
    virResetLastError();
    virCheckConnectReturn(conn, NULL);

    if (conn->driver->connectGetHostname) {
        char *ret = conn->driver->connectGetHostname(conn);

        if (ret)
            return ret;
        goto error;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}

int
virConnectGetLibVersion(virConnectPtr conn, unsigned long *libVer)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);
    virCheckNonNullArgGoto(libVer, error);

    if (conn->driver->connectGetLibVersion) {
        if (conn->driver->connectGetLibVersion(conn, libVer) < 0)
            goto error;
        return 0;
    }
    /* in-process: the API level this library implements */
    *libVer = TIDEMARK_LIBVIRT_API_VERSION;
    return 0;

 error:
    virDispatchError(conn);
    return -1;
}

int
virConnectIsAlive(virConnectPtr conn)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);

    if (conn->driver->connectIsAlive) {
        int ret = conn->driver->connectIsAlive(conn);

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
virConnectSetKeepAlive(virConnectPtr conn, int interval, unsigned int count)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);

    if (conn->driver->connectSetKeepAlive) {
        int ret = conn->driver->connectSetKeepAlive(conn, interval, count);

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
virNodeGetSecurityModel(virConnectPtr conn, virSecurityModelPtr secmodel)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);
    virCheckNonNullArgGoto(secmodel, error);

    if (conn->driver->nodeGetSecurityModel) {
        int ret = conn->driver->nodeGetSecurityModel(conn, secmodel);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}
