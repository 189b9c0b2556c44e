/*
 * virdomainmomentobjlist.h: the tree of a domain's checkpoints or snapshots
 *
 * One list per domain and kind: a hash table by name for O(1) lookup,
 * plus parent / first-child / sibling links under a hidden metaroot (the
 * parent of every root) for O(n) walks, and the "current" moment. A new
 * child is linked first among its siblings, so walks visit the newest
 * sibling first, as libvirt's do. Nothing here knows about QEMU or files.
 *
 * The list is not locked: its owner (a driver's domain object) is.
 */
#pragma once

#include "conf/moment_conf.h"

typedef struct _virDomainMomentObj virDomainMomentObj;
struct _virDomainMomentObj {
    /* The definition: a virDomainCheckpointDef or virDomainSnapshotDef,
     * whose first member is the moment base. NULL only for the metaroot. */
    virDomainMomentDef *def;
    virDomainMomentObj *parent;       /* the metaroot for a root */
    virDomainMomentObj *sibling;      /* next (older) sibling */
    virDomainMomentObj *first_child;  /* newest child */
    size_t nchildren;
};

typedef struct _virDomainMomentObjList virDomainMomentObjList;

/* Internal list flags; checkpoint public flags have the same values. */
typedef enum {
    VIR_DOMAIN_MOMENT_LIST_ROOTS = 1 << 0,
    VIR_DOMAIN_MOMENT_LIST_DESCENDANTS = 1 << 0,
    VIR_DOMAIN_MOMENT_LIST_TOPOLOGICAL = 1 << 1,
    VIR_DOMAIN_MOMENT_LIST_LEAVES = 1 << 2,
    VIR_DOMAIN_MOMENT_LIST_NO_LEAVES = 1 << 3,
    VIR_DOMAIN_MOMENT_LIST_METADATA = 1 << 4,
    VIR_DOMAIN_MOMENT_LIST_NO_METADATA = 1 << 5,
} virDomainMomentListFlags;

#define VIR_DOMAIN_MOMENT_FILTERS_ALL \
    (VIR_DOMAIN_MOMENT_LIST_ROOTS | VIR_DOMAIN_MOMENT_LIST_TOPOLOGICAL | \
     VIR_DOMAIN_MOMENT_LIST_LEAVES | VIR_DOMAIN_MOMENT_LIST_NO_LEAVES | \
     VIR_DOMAIN_MOMENT_LIST_METADATA | VIR_DOMAIN_MOMENT_LIST_NO_METADATA)

/* Extra per-kind filter (snapshots: active/inactive, internal/external...).
 * Returns true to keep @obj. */
typedef bool (*virDomainMomentObjListFilter)(virDomainMomentObj *obj,
                                             unsigned int filter_flags);

/* Called on each visited moment; may not change the tree. */
typedef void (*virDomainMomentIter)(virDomainMomentObj *obj, void *opaque);

/**
 * virDomainMomentObjListNew:
 * @def_free: frees a definition stored in the list
 */
virDomainMomentObjList *virDomainMomentObjListNew(GDestroyNotify def_free);
void virDomainMomentObjListFree(virDomainMomentObjList *moments);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainMomentObjList, virDomainMomentObjListFree);

/**
 * virDomainMomentAssignDef:
 * @def: definition, owned by the list on success
 *
 * Adds a new moment, not yet linked to a parent. Returns it, or NULL
 * with OPERATION_FAILED "domain moment NAME already exists".
 */
virDomainMomentObj *virDomainMomentAssignDef(virDomainMomentObjList *moments,
                                             virDomainMomentDef *def);

virDomainMomentObj *virDomainMomentFindByName(virDomainMomentObjList *moments,
                                              const char *name);
size_t virDomainMomentObjListSize(virDomainMomentObjList *moments);
virDomainMomentObj *virDomainMomentGetCurrent(virDomainMomentObjList *moments);
void virDomainMomentSetCurrent(virDomainMomentObjList *moments,
                               virDomainMomentObj *moment);

/* Links @moment as the newest child of def->parent_name, or of the
 * metaroot when it has none (or the parent does not exist). */
void virDomainMomentLinkParent(virDomainMomentObjList *moments,
                               virDomainMomentObj *moment);
/* Unlinks @moment from its parent; its children stay attached to it. */
void virDomainMomentDropParent(virDomainMomentObj *moment);
/* Re-parents every child of @from to @to, keeping their order in front
 * of @to's existing children. */
void virDomainMomentMoveChildren(virDomainMomentObj *from,
                                 virDomainMomentObj *to);

/* Removes @moment (already unlinked, without children) and frees it.
 * Returns true if it was the current moment (current is then cleared). */
bool virDomainMomentObjListRemove(virDomainMomentObjList *moments,
                                  virDomainMomentObj *moment);

/* Visits the children of @moment (newest first); returns their number. */
size_t virDomainMomentForEachChild(virDomainMomentObj *moment,
                                   virDomainMomentIter iter, void *opaque);
/* Visits all descendants of @moment depth-first, pre-order, newest
 * sibling first; returns their number. */
size_t virDomainMomentForEachDescendant(virDomainMomentObj *moment,
                                        virDomainMomentIter iter, void *opaque);

/**
 * virDomainMomentObjListCollect:
 * @from: NULL for the whole list, else list relatives of @from
 * @flags: virDomainMomentListFlags (others: INVALID_ARG)
 * @filter, @filter_flags: optional extra filter
 *
 * libvirt's listing rules: with @from NULL, ROOTS lists the roots and no
 * ROOTS lists every moment; with @from, DESCENDANTS recurses and no
 * DESCENDANTS lists direct children. LEAVES / NO_LEAVES filter during the
 * walk. Every listing walks the tree (virDomainMomentForEachDescendant or
 * virDomainMomentForEachChild: pre-order, newest sibling first), so the
 * result is always in topological order and TOPOLOGICAL changes nothing;
 * callers that want libvirt's unordered listing sort it themselves.
 * Returns the moments in a new array (not owned references), or NULL on
 * bad flags.
 */
GPtrArray *virDomainMomentObjListCollect(virDomainMomentObjList *moments,
                                         virDomainMomentObj *from,
                                         unsigned int flags,
                                         virDomainMomentObjListFilter filter,
                                         unsigned int filter_flags);

/* virDomainMomentCheckCycles over this list (see moment_conf.h). */
int virDomainMomentObjListCheckCycles(virDomainMomentObjList *moments,
                                      const virDomainMomentDef *def);

/**
 * virDomainMomentUpdateRelations:
 *
 * Rebuilds every link from the parent names (after loading from disk).
 * A moment whose parent is missing or that sits in a cycle becomes a
 * root. Returns 0, or -1 if any was (current is then cleared).
 */
int virDomainMomentUpdateRelations(virDomainMomentObjList *moments);

/* The only leaf if the tree is a single chain, else NULL (libvirt makes
 * it current when it reloads checkpoints from disk). */
virDomainMomentObj *virDomainMomentFindLeaf(virDomainMomentObjList *moments);
