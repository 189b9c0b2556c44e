/*
 * domain_obj.c: the domain API answers every driver shares
 */
#include "internal.h"
#include "conf/domain_obj.h"
#include "util/viruuid.h"

/* Errors are raised in the calling driver's domain (@domcode), as
 * libvirt raises them from the driver. */

virDomainObj *
virDomainObjListFindByDomain(virDomainObjList *doms, virDomainPtr domain, int domcode)
{
    virDomainObj *vm = virDomainObjListFindByUUID(doms, domain->uuid);
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (vm)
        return vm;
    virUUIDFormat(domain->uuid, uuidstr);
    virReportErrorHelper(domcode, VIR_ERR_NO_DOMAIN, __FILE__, __func__, __LINE__,
                         "no domain with matching uuid '%s' (%s)", uuidstr, domain->name);
    return NULL;
}

virDomainPtr
virDomainObjAPIHandle(virConnectPtr conn, virDomainObj *vm, int domcode)
{
    virDomainPtr dom;

    if (!vm) {
        virReportErrorHelper(domcode, VIR_ERR_NO_DOMAIN, __FILE__, __func__, __LINE__, NULL);
        return NULL;
    }
    dom = virGetDomain(conn, vm->def->name, vm->def->uuid, vm->def->id);
    virDomainObjEndAPI(&vm);
    return dom;
}

int
virDomainObjAPIGetState(virDomainObj *vm, int *state, int *reason)
{
    if (!vm)
        return -1;
    *state = vm->state;
    if (reason)
        *reason = vm->reason;
    virDomainObjEndAPI(&vm);
    return 0;
}

int
virDomainObjAPIIsActive(virDomainObj *vm)
{
    int active;

    if (!vm)
        return -1;
    active = virDomainObjIsActive(vm);
    virDomainObjEndAPI(&vm);
    return active;
}

int
virDomainObjAPIIsPersistent(virDomainObj *vm)
{
    int persistent;

    if (!vm)
        return -1;
    persistent = vm->persistent;
    virDomainObjEndAPI(&vm);
    return persistent;
}

int
virDomainObjAPIGetMessages(virDomainObj *vm, char ***msgs, unsigned int flags)
{
    int count;

    if (!vm)
        return -1;
    count = virDomainObjGetMessages(vm, msgs, flags);
    virDomainObjEndAPI(&vm);
    return count;
}
