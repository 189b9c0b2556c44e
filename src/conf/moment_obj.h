/*
 * moment_obj.h: the queries checkpoints and snapshots answer alike
 *
 * A checkpoint and a snapshot are both moments in a tree of their
 * domain; finding one by name and naming its parent differ only in the
 * tree, the error code, the noun of the messages and the handle type,
 * which the kind selects.
 */
#pragma once

#include "conf/virdomainobjlist.h"
#include "datatypes.h"

typedef enum {
    VIR_DOMAIN_MOMENT_KIND_CHECKPOINT,   /* vm->checkpoints, virDomainCheckpointPtr */
    VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,     /* vm->snapshots, virDomainSnapshotPtr */
} virDomainMomentKind;

/* The moment @name of @vm, or NULL with libvirt's NO_DOMAIN_CHECKPOINT
 * or NO_DOMAIN_SNAPSHOT "no domain NOUN with matching name 'NAME'",
 * raised in the caller's error domain @domcode. */
virDomainMomentObj *virDomainMomentFindByNameReport(virDomainObj *vm, virDomainMomentKind kind,
                                                    const char *name, int domcode);

/**
 * virDomainMomentObjGetHandle:
 * @vm: as a driver's lookup hands it over (located, locked and
 *      referenced, or NULL with the lookup's error set); consumed
 *      (virDomainObjEndAPI)
 * @name: the moment
 * @parent: false: a handle of @name (virDomain{Checkpoint,Snapshot}
 *          LookupByName); true: of its parent (...GetParent), or
 *          libvirt's "NOUN 'NAME' does not have a parent" for a root
 * @domcode: the calling driver's error domain
 *
 * Returns a new virDomainCheckpointPtr or virDomainSnapshotPtr of
 * @domain, as @kind says, or NULL with an error set. The driver checks
 * its flags before, so that the message names its own function.
 */
void *virDomainMomentObjGetHandle(virDomainObj *vm, virDomainMomentKind kind,
                                  virDomainPtr domain, const char *name, bool parent,
                                  int domcode);
