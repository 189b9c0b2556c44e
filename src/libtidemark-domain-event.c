/*
 * libtidemark-domain-event.c: registering for domain events
 *
 * The checks of libvirt 9.0's virConnectDomainEventRegisterAny and
 * virConnectDomainEventDeregisterAny (libvirt-domain.c), in its order,
 * so errors raised here carry VIR_FROM_DOMAIN. Read-only connections
 * may register: watching changes nothing.
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include "conf/domain_event.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

int
virConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                 virConnectDomainEventGenericCallback cb,
                                 void *opaque, virFreeCallback freecb)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);
    if (dom) {
        virCheckDomainGoto(dom, error);
        if (dom->conn != conn) {
            virReportInvalidArg(dom, "domain '%s' must match connection", dom->name);
            goto error;
        }
    }
    virCheckNonNullArgGoto(cb, error);
    virCheckNonNegativeArgGoto(eventID, error);
    if (eventID >= VIR_DOMAIN_EVENT_ID_COUNT) {
        virReportInvalidArg(eventID, "eventID must be less than %d",
                            VIR_DOMAIN_EVENT_ID_COUNT);
        goto error;
    }

    if (conn->driver->connectDomainEventRegisterAny) {
        int ret = conn->driver->connectDomainEventRegisterAny(conn, dom, eventID, cb,
                                                              opaque, freecb);

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
virConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    virResetLastError();
    virCheckConnectReturn(conn, -1);
    virCheckNonNegativeArgGoto(callbackID, error);

    if (conn->driver->connectDomainEventDeregisterAny) {
        int ret = conn->driver->connectDomainEventDeregisterAny(conn, callbackID);

        if (ret < 0)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}
