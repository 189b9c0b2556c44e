/*
 * checkpoint_obj.h: the driver-neutral part of the checkpoint API
 *
 * What every driver does the same way on a domain's checkpoint tree
 * (libvirt 9.0's semantics): redefine checks and commit, handle lists,
 * and the tree surgery of a delete. A driver adds its own data (bitmaps,
 * files) around these.
 */
#pragma once

#include "conf/checkpoint_conf.h"
#include "conf/virdomainobjlist.h"
#include "datatypes.h"

static inline virDomainCheckpointDef *
virDomainCheckpointObjGetDef(virDomainMomentObj *obj)
{
    return (virDomainCheckpointDef *)obj->def;
}

/* The checkpoint @name of @vm, or NULL with libvirt's
 * NO_DOMAIN_CHECKPOINT "no domain checkpoint with matching name", raised
 * in the calling driver's error domain @domcode. */
virDomainMomentObj *virDomainCheckpointFindByNameReport(virDomainObj *vm,
                                                        const char *name,
                                                        int domcode);

/**
 * virDomainCheckpointRedefinePrep:
 * @update_current: set to true when the redefined checkpoint becomes
 *                  current (its parent is current, or there is none)
 *
 * libvirt's checks of a REDEFINE: cycles, the domain's uuid. Returns 0
 * or -1 with an error set.
 */
int virDomainCheckpointRedefinePrep(virDomainObj *vm, virDomainCheckpointDef *def,
                                    bool *update_current);

/* Stores a redefined definition (taken from *@def): a checkpoint of that
 * name keeps its object and children and gets the new definition. */
virDomainMomentObj *virDomainCheckpointRedefineCommit(virDomainObj *vm,
                                                      virDomainCheckpointDef **def);

/*
 * The checkpoint queries, answered the same way by every driver. Each
 * takes @vm as the driver's lookup hands it over (located, locked and
 * referenced, or NULL with the lookup's error set) and consumes it
 * (virDomainObjEndAPI); the driver checks the flags first, so that the
 * unsupported-flags message names its own function, as libvirt's does.
 * @domcode is the driver's error domain, for the errors raised here.
 */

/* virDomainListAllCheckpoints: the count, or -1. */
int virDomainCheckpointObjListAll(virDomainObj *vm, virDomainPtr domain,
                                  virDomainCheckpointPtr **chks, unsigned int flags);

/* virDomainCheckpointListAllChildren: the count, or -1 (also with
 * NO_DOMAIN_CHECKPOINT when @checkpoint is gone). */
int virDomainCheckpointObjListAllChildren(virDomainObj *vm, virDomainCheckpointPtr checkpoint,
                                          virDomainCheckpointPtr **chks, unsigned int flags,
                                          int domcode);

/* Turns moments into checkpoint handles of @domain (NULL-terminated
 * array in *@out when @out is not NULL). Returns the count or -1. */
int virDomainCheckpointExportList(virDomainPtr domain, GPtrArray *objs,
                                  virDomainCheckpointPtr **out);

/* Called by virDomainCheckpointDeleteTree: @obj is about to be freed, or
 * its parent_name was just rewritten. */
typedef int (*virDomainCheckpointDeleteHook)(virDomainObj *vm,
                                             virDomainMomentObj *obj,
                                             void *opaque);

/**
 * virDomainCheckpointDeleteTree:
 * @flags: VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN / _CHILDREN_ONLY
 * @removed: called for each checkpoint removed, before it is freed
 * @reparented: called for each child moved to its grandparent
 *
 * Removes @chk and/or its descendants as libvirt does: without the
 * flags, children move to @chk's parent; the current checkpoint moves
 * to the asked-for node when a removed descendant was current, and to
 * the parent when @chk itself goes. Returns 0, or -1 if a hook failed
 * (the tree is then as the hooks left it).
 */
int virDomainCheckpointDeleteTree(virDomainObj *vm, virDomainMomentObj *chk,
                                  unsigned int flags,
                                  virDomainCheckpointDeleteHook removed,
                                  virDomainCheckpointDeleteHook reparented,
                                  void *opaque);
