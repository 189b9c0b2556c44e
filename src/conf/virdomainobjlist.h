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
    virDomainDef *new_def;    /* a config defined while running: it
                               * replaces @def when the domain stops */
    int state;                /* virDomainState */
    int reason;               /* the state's reason */
    bool persistent;
    bool has_managed_save;    /* a saved memory image waits for the next start */
    bool removing;            /* removed from the list: lookups fail */

    unsigned int taint;       /* 1 << virDomainTaintFlags, for each one seen */
    char **deprecations;      /* deprecated configuration in use, in the
                               * order noticed; NULL-terminated or NULL */

    virDomainMomentObjList *checkpoints;
    virDomainMomentObjList *snapshots;

    /* The driver's runtime state of the domain (a running QEMU, its
     * monitor, the job slot), freed with the object. */
    void *privateData;
    GDestroyNotify privateDataFree;

    /* A frozen copy of @def for checkpoints and snapshots to embed,
     * shared by all of them until @def changes (def_generation). */
    unsigned int def_generation;
    unsigned int copy_generation;
    virDomainDef *def_copy;
};

/* What can taint a domain, in libvirt's order (the order of the
 * messages of virDomainObjGetMessages). Only the test driver's taints
 * are listed; the values are libvirt's. */
typedef enum {
    VIR_DOMAIN_TAINT_CUSTOM_MONITOR = 1,     /* qemu-monitor-command was used */
    VIR_DOMAIN_TAINT_HIGH_PRIVILEGES = 2,    /* raw I/O of a disk or SCSI hostdev */
    VIR_DOMAIN_TAINT_SHELL_SCRIPTS = 3,      /* an interface <script> */
    VIR_DOMAIN_TAINT_CDROM_PASSTHROUGH = 8,  /* a host CD-ROM drive */
    VIR_DOMAIN_TAINT_CUSTOM_DTB = 9,         /* <os><dtb> */
    VIR_DOMAIN_TAINT_DEPRECATED_CONFIG = 12, /* see the deprecation messages */
} virDomainTaintFlags;

typedef struct _virDomainObjList virDomainObjList;

virDomainObjList *virDomainObjListNew(void);
void virDomainObjListFree(virDomainObjList *doms);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainObjList, virDomainObjListFree);

/**
 * virDomainObjListAdd:
 * @def: the definition; stolen (set to NULL) on success
 * @flags: virDomainObjListAddFlags
 * @old_def: if not NULL, receives the replaced definition of a domain
 *           that was already defined (same name and uuid), else NULL
 *
 * Adds a new inactive domain or replaces the definition of the same
 * domain; for a running domain the new definition waits in new_def
 * for the next stop, as libvirt does (unless CHECK_LIVE refuses). Returns the object locked and referenced, or NULL with
 * OPERATION_FAILED when only one of name and uuid matches another
 * domain (virDomainDefCheckUnique).
 */
typedef enum {
    /* refuse (OPERATION_INVALID "domain 'X' is already active") to
     * replace the definition of a running domain: for starting a new
     * transient domain */
    VIR_DOMAIN_OBJ_LIST_ADD_CHECK_LIVE = 1 << 0,
} virDomainObjListAddFlags;

virDomainObj *virDomainObjListAdd(virDomainObjList *doms, virDomainDef **def,
                                  unsigned int flags, virDomainDef **old_def);

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


/* Every flag of virConnectListAllDomains a driver can honour from the
 * object list alone. */
#define VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL \
    (VIR_CONNECT_LIST_DOMAINS_ACTIVE | VIR_CONNECT_LIST_DOMAINS_INACTIVE | \
     VIR_CONNECT_LIST_DOMAINS_PERSISTENT | VIR_CONNECT_LIST_DOMAINS_TRANSIENT | \
     VIR_CONNECT_LIST_DOMAINS_RUNNING | VIR_CONNECT_LIST_DOMAINS_PAUSED | \
     VIR_CONNECT_LIST_DOMAINS_SHUTOFF | VIR_CONNECT_LIST_DOMAINS_OTHER | \
     VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE | VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE | \
     VIR_CONNECT_LIST_DOMAINS_AUTOSTART | VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART | \
     VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT | VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT | \
     VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT | VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT)

/**
 * virDomainObjListExport:
 * @domains: receives a NULL-terminated array of new handles, or NULL to
 *           only count
 * @flags: VIR_CONNECT_LIST_DOMAINS_* filters (checked by the caller)
 *
 * virConnectListAllDomains over a driver's object list. Returns the
 * number of matching domains.
 */
int virDomainObjListExport(virDomainObjList *doms, virConnectPtr conn,
                           virDomainPtr **domains, unsigned int flags);

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

/* The persistent config: the pending one if the domain was redefined
 * while running, else vm->def. */
virDomainDef *virDomainObjGetPersistentDef(virDomainObj *vm);

/* To call when a domain stops: a config defined while it ran takes
 * over. */
void virDomainObjStopped(virDomainObj *vm);

bool virDomainObjIsActive(const virDomainObj *vm);
void virDomainObjSetState(virDomainObj *vm, int state, int reason);

/* Reports OPERATION_INVALID "domain is not running" when inactive. */
int virDomainObjCheckActive(const virDomainObj *vm);

/* Marks @vm tainted by @taint. Returns false if it already was. */
bool virDomainObjTaint(virDomainObj *vm, virDomainTaintFlags taint);

/* Records a deprecated piece of configuration @vm uses. */
void virDomainObjDeprecation(virDomainObj *vm, const char *msg);

/**
 * virDomainObjGetMessages:
 * @msgs: receives a new NULL-terminated array
 * @flags: virDomainMessageType bits, 0 for all
 *
 * libvirt's messages for virDomainGetMessages: "tainted: WHY" for each
 * taint, in taint order, then "deprecated configuration: WHAT" for each
 * deprecation. Returns the number of messages.
 */
int virDomainObjGetMessages(const virDomainObj *vm, char ***msgs,
                            unsigned int flags);
