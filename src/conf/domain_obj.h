/*
 * domain_obj.h: the driver-neutral part of the domain API
 *
 * What every driver answers the same way from a domain object. Each
 * function takes @vm as a driver's lookup hands it over: located,
 * locked and referenced, or NULL with the lookup's error already set.
 * It consumes @vm (virDomainObjEndAPI), so a driver method is its flag
 * check (which names the driver's function, as libvirt's does) and one
 * call, e.g.
 *
 *     virCheckFlags(0, -1);
 *     return virDomainObjAPIGetState(qemuDomObjFromDomain(domain), state, reason);
 */
#pragma once

#include "conf/virdomainobjlist.h"
#include "datatypes.h"

/**
 * virDomainObjListFindByDomain:
 * @domcode: the calling driver's error domain
 *
 * The object of @domain (by uuid), locked and referenced; NULL with
 * libvirt's NO_DOMAIN "no domain with matching uuid 'UUID' (NAME)",
 * raised in @domcode, when the domain is gone.
 */
virDomainObj *virDomainObjListFindByDomain(virDomainObjList *doms, virDomainPtr domain,
                                           int domcode);

/**
 * virDomainObjAPIHandle:
 * @domcode: the calling driver's error domain
 *
 * A handle of @vm on @conn, for the lookups by name, uuid and id. A
 * NULL @vm (not found, no error set yet) raises NO_DOMAIN without
 * detail in @domcode. Returns the handle or NULL.
 */
virDomainPtr virDomainObjAPIHandle(virConnectPtr conn, virDomainObj *vm, int domcode);

/* virDomainGetState: @reason may be NULL. Returns 0 or -1. */
int virDomainObjAPIGetState(virDomainObj *vm, int *state, int *reason);

/* virDomainIsActive / virDomainIsPersistent: 1, 0, or -1. */
int virDomainObjAPIIsActive(virDomainObj *vm);
int virDomainObjAPIIsPersistent(virDomainObj *vm);

/* virDomainGetMessages (@flags already checked): the count or -1. */
int virDomainObjAPIGetMessages(virDomainObj *vm, char ***msgs, unsigned int flags);
