/*
 * snapshot_obj.h: the driver-neutral part of the snapshot API
 *
 * What every driver does the same way on a domain's snapshot tree
 * (libvirt 9.0's semantics): the six list calls with their filters, and
 * the redefine of a snapshot's metadata. A driver adds its own work
 * (images, QEMU, files) around these.
 */
#pragma once

#include "conf/snapshot_conf.h"
#include "conf/virdomainobjlist.h"
#include "datatypes.h"

static inline virDomainSnapshotDef *
virDomainSnapshotObjGetDef(virDomainMomentObj *obj)
{
    return (virDomainSnapshotDef *)obj->def;
}

/* ROOTS and DESCENDANTS share bit 0 */
#define VIR_DOMAIN_SNAPSHOT_LIST_FLAGS_ALL \
    (VIR_DOMAIN_SNAPSHOT_LIST_ROOTS | VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL | \
     VIR_DOMAIN_SNAPSHOT_LIST_LEAVES | VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES | \
     VIR_DOMAIN_SNAPSHOT_LIST_METADATA | VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA | \
     VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE | VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE | \
     VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY | VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL | \
     VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL)

/**
 * virDomainSnapshotObjList:
 * @vm: as the driver's lookup hands it over (located, locked and
 *      referenced, or NULL with the lookup's error set); consumed
 * @snapshot: NULL to list the domain's snapshots, else that snapshot's
 *            children (NO_DOMAIN_SNAPSHOT when it is gone)
 * @flags: VIR_DOMAIN_SNAPSHOT_LIST_* (checked by the driver)
 * @names, @nameslen: the legacy name list, or NULL
 * @handles: receives new handles (NULL-terminated), or NULL
 * @domcode: the driver's error domain
 *
 * One body for the six list calls; with neither @names nor @handles it
 * only counts. As libvirt, the legacy name list fills at most @nameslen
 * names but returns how many matched. Returns the count or -1.
 */
int virDomainSnapshotObjList(virDomainObj *vm, virDomainPtr domain,
                             virDomainSnapshotPtr snapshot, unsigned int flags,
                             char **names, int nameslen,
                             virDomainSnapshotPtr **handles, int domcode);

/*
 * The single-snapshot queries, one body for every driver. @vm as for
 * virDomainSnapshotObjList (NULL after a failed lookup; consumed);
 * @snapshot's object is looked up in it, NO_DOMAIN_SNAPSHOT in error
 * domain @domcode when it is gone. Flags are checked by the driver.
 */
/* virDomainHasCurrentSnapshot: 1, 0, or -1. */
int virDomainSnapshotObjHasCurrent(virDomainObj *vm);
/* virDomainSnapshotCurrent: a new handle on @domain, or NULL
 * (NO_DOMAIN_SNAPSHOT when none is current). */
virDomainSnapshotPtr virDomainSnapshotObjCurrent(virDomainObj *vm, virDomainPtr domain,
                                                 int domcode);
/* virDomainSnapshotIsCurrent: 1, 0, or -1. */
int virDomainSnapshotObjIsCurrent(virDomainObj *vm, virDomainSnapshotPtr snapshot,
                                  int domcode);
/* virDomainSnapshotHasMetadata: 1 for every snapshot of the tree (one
 * made without metadata is never in it), or -1. */
int virDomainSnapshotObjHasMetadata(virDomainObj *vm, virDomainSnapshotPtr snapshot,
                                    int domcode);
/* virDomainSnapshotGetXMLDesc with the public @flags: a new string, or
 * NULL. */
char *virDomainSnapshotObjGetXMLDesc(virDomainObj *vm, virDomainSnapshotPtr snapshot,
                                     unsigned int flags, int domcode);

/**
 * virDomainSnapshotObjRedefine:
 * @def: a REDEFINE definition; taken (set to NULL) on success
 * @flags: the public VIR_DOMAIN_SNAPSHOT_CREATE_* flags of the call
 *
 * virDomainSnapshotRedefinePrep, then either a new object or the
 * existing one of that name with the new definition. Reusing the object
 * keeps its children and, if it was current, its being current; a new
 * definition without <domain> inherits the old one's. The object is not
 * linked to its parent yet (virDomainMomentLinkParent). Returns it, or
 * NULL with an error set.
 */
virDomainMomentObj *virDomainSnapshotObjRedefine(virDomainObj *vm, virDomainSnapshotDef **def,
                                                 unsigned int flags);
