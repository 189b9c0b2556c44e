/*
 * libtidemark-qemu.c: public entry points of tidemark-qemu.h
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include <tidemark/tidemark-qemu.h>

#define VIR_FROM_THIS VIR_FROM_NONE

int
virDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd,
                            char **result, unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, -1);
    conn = domain->conn;
    virCheckNonNullArgGoto(result, error);
    virCheckReadOnlyGoto(conn->flags, error);

    if (conn->driver->domainQemuMonitorCommand) {
        if (conn->driver->domainQemuMonitorCommand(domain, cmd, result, flags) < 0)
            goto error;
        return 0;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return -1;
}
