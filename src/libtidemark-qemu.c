/*
 * libtidemark-qemu.c: public entry points of tidemark-qemu.h and
 * tidemark-extensions.h (the calls only the qemu driver serves)
 */
#include "internal.h"
#include "datatypes.h"
#include "driver.h"
#include <tidemark/tidemark-qemu.h>
#include <tidemark/tidemark-extensions.h>

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

char *
tidemarkDomainCheckpointVerify(virDomainPtr domain, const char *checkpoint,
                               unsigned int flags)
{
    virConnectPtr conn;

    virResetLastError();
    virCheckDomainReturn(domain, NULL);
    conn = domain->conn;

    if (conn->driver->domainCheckpointVerify) {
        char *ret = conn->driver->domainCheckpointVerify(domain, checkpoint, flags);

        if (!ret)
            goto error;
        return ret;
    }
    virReportUnsupportedError();

 error:
    virDispatchError(conn);
    return NULL;
}
