/*
 * virdomainobjlist.h: a driver's domains and their runtime state
 *
 * A domain object holds a definition, the run state and the domain's
 * checkpoint and snapshot trees. Objects are reference counted and each
 * has its own lock; the list has one lock of its own, held only while
 * looking up, adding or removing. Lookups return the object referenced
 * and locked: release it with virDomainObjEndAPI.
 */
#pragma once

#include "conf/domain_conf.h"
#include "conf/virdomainmomentobjlist.h"

typedef struct _virDomainObj virDomainObj;
struct _virDomainObj {
    GMutex lock;
    gint refs;

    virDomainDef *def;        /* the definition (live while running) */
    int state;                /* virDomainState */
    int reason;               /* the state's reason */
    bool persistent;
    bool removing;            /* removed from the list: lookups fail */

    virDomainMomentObjList *checkpoints;
    virDomainMomentObjList *snapshots;

    /* A frozen copy of @def for checkpoints and snapshots to embed,
     * shared by all of them until @def changes (def_generation). */
    unsigned int def_generation;
    unsigned int copy_generation;
    virDomainDef *def_copy;
};

typedef struct _virDomainObjList virDomainObjList;

virDomainObjList *virDomainObjListNew(void);
void virDomainObjListFree(virDomainObjList *doms);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainObjList, virDomainObjListFree);

/**
 * virDomainObjListAdd:
 * @def: the definition; stolen (set to NULL) on success
 * @old_def: if not NULL, receives the replaced definition of a domain
 *           that was already defined (same name and uuid), else NULL
 *
 * Adds a new inactive domain or replaces the definition of the same
 * domain. Returns the object locked and referenced, or NULL with
 * OPERATION_FAILED when only one of name and uuid matches another
 * domain (virDomainDefCheckUnique).
 */
virDomainObj *virDomainObjListAdd(virDomainObjList *doms, virDomainDef **def,
                                  virDomainDef **old_def);

/* Lookups: the object locked and referenced, or NULL (no error set). */
virDomainObj *virDomainObjListFindByName(virDomainObjList *doms, const char *name);
virDomainObj *virDomainObjListFindByUUID(virDomainObjList *doms,
                                         const unsigned char *uuid);
virDomainObj *virDomainObjListFindByID(virDomainObjList *doms, int id);

/* Removes a locked @vm from the list (lookups stop finding it); the
 * caller still holds its reference. */
void virDomainObjListRemove(virDomainObjList *doms, virDomainObj *vm);

/* Every domain, each referenced (not locked): free with
 * virDomainObjListUnrefAll. */
GPtrArray *virDomainObjListCollect(virDomainObjList *doms);
void virDomainObjListUnrefAll(GPtrArray *vms);

size_t virDomainObjListCount(virDomainObjList *doms);

/* Unlocks and drops the reference of *@vm, and sets it to NULL. */
void virDomainObjEndAPI(virDomainObj **vm);
void virDomainObjLock(virDomainObj *vm);
void virDomainObjUnlock(virDomainObj *vm);
virDomainObj *virDomainObjRef(virDomainObj *vm);
void virDomainObjUnref(virDomainObj *vm);

/**
 * virDomainObjGetDefCopy:
 *
 * A copy of vm->def to embed in a checkpoint or snapshot, with a new
 * reference: the same copy is handed out until the definition changes
 * (virDomainObjListAdd replacing it, or virDomainObjDefChanged), so
 * thousands of checkpoints of an unchanged domain share one. Returns
 * NULL with an error set.
 */
virDomainDef *virDomainObjGetDefCopy(virDomainObj *vm, const virDomainXMLOption *xmlopt);

/* To call after changing vm->def in place. */
void virDomainObjDefChanged(virDomainObj *vm);

bool virDomainObjIsActive(const virDomainObj *vm);
void virDomainObjSetState(virDomainObj *vm, int state, int reason);

/* Reports OPERATION_INVALID "domain is not running" when inactive. */
int virDomainObjCheckActive(const virDomainObj *vm);
