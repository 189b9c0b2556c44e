/*
 * tidemark-domain-snapshot.h: snapshots, saved states a domain can return to
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The snapshots of a domain form a tree.  One of them may be "current": a
 * new snapshot becomes its child, and reverting makes the target current.
 */

#ifndef TIDEMARK_DOMAIN_SNAPSHOT_H
# define TIDEMARK_DOMAIN_SNAPSHOT_H

# include <tidemark/tidemark-common.h>
# include <tidemark/tidemark-host.h>
# include <tidemark/tidemark-domain.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virDomainSnapshot:
 *
 * Opaque, reference-counted handle naming one snapshot of a domain.  Like a
 * checkpoint handle it carries only domain and name, and outlives the
 * snapshot (calls then fail with VIR_ERR_NO_DOMAIN_SNAPSHOT).
 */
typedef struct _virDomainSnapshot virDomainSnapshot;
typedef virDomainSnapshot *virDomainSnapshotPtr;

/**
 * virDomainSnapshotCreateFlags:
 *
 * Flags for virDomainSnapshotCreateXML().
 */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE    = (1 << 0), /* add or replace metadata only */
    VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT     = (1 << 1), /* with REDEFINE: make it current */
    VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA = (1 << 2), /* take it, but keep no metadata */
    VIR_DOMAIN_SNAPSHOT_CREATE_HALT        = (1 << 3), /* stop the domain afterwards */
    VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY   = (1 << 4), /* disks only, no memory state */
    VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT   = (1 << 5), /* use existing external files as is */
    VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE     = (1 << 6), /* freeze guest file systems via the agent */
    VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC      = (1 << 7), /* all disks or none */
    VIR_DOMAIN_SNAPSHOT_CREATE_LIVE        = (1 << 8), /* keep the guest running meanwhile */
    VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE    = (1 << 9), /* validate the XML against the schema */
} virDomainSnapshotCreateFlags;

/**
 * virDomainSnapshotXMLFlags:
 *
 * Flags for virDomainSnapshotGetXMLDesc().
 */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_XML_SECURE = VIR_DOMAIN_XML_SECURE, /* secrets in the <domain> copy */
} virDomainSnapshotXMLFlags;

/**
 * virDomainSnapshotListFlags:
 *
 * Filters for the listing and counting calls.  Bit 0 means ROOTS when
 * listing a domain and DESCENDANTS when listing a snapshot's children.  The
 * other bits come in groups (LEAVES/NO_LEAVES, METADATA/NO_METADATA,
 * INACTIVE/ACTIVE/DISK_ONLY, INTERNAL/EXTERNAL): within a group bits are
 * ORed, an empty group does not filter.
 */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_LIST_ROOTS       = (1 << 0),  /* no parent */
    VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS = (1 << 0),  /* recurse below children */
    VIR_DOMAIN_SNAPSHOT_LIST_LEAVES      = (1 << 2),  /* no children */
    VIR_DOMAIN_SNAPSHOT_LIST_NO_LEAVES   = (1 << 3),  /* has children */
    VIR_DOMAIN_SNAPSHOT_LIST_METADATA    = (1 << 1),  /* has library metadata */
    VIR_DOMAIN_SNAPSHOT_LIST_NO_METADATA = (1 << 4),  /* has none */
    VIR_DOMAIN_SNAPSHOT_LIST_INACTIVE    = (1 << 5),  /* taken while shut off */
    VIR_DOMAIN_SNAPSHOT_LIST_ACTIVE      = (1 << 6),  /* running, with memory state */
    VIR_DOMAIN_SNAPSHOT_LIST_DISK_ONLY   = (1 << 7),  /* running, disks only */
    VIR_DOMAIN_SNAPSHOT_LIST_INTERNAL    = (1 << 8),  /* stored inside the images */
    VIR_DOMAIN_SNAPSHOT_LIST_EXTERNAL    = (1 << 9),  /* stored in separate files */
    VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL = (1 << 10), /* parents before their children */
} virDomainSnapshotListFlags;

/**
 * virDomainSnapshotRevertFlags:
 *
 * Flags for virDomainRevertToSnapshot().  Without RUNNING or PAUSED the
 * domain ends in the state the snapshot recorded.
 */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING     = 1 << 0, /* end running */
    VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED      = 1 << 1, /* end paused */
    VIR_DOMAIN_SNAPSHOT_REVERT_FORCE       = 1 << 2, /* allow reverts flagged as risky */
    VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM = 1 << 3, /* recreate NVRAM from its template */
} virDomainSnapshotRevertFlags;

/**
 * virDomainSnapshotDeleteFlags:
 *
 * Flags for virDomainSnapshotDelete().  Without CHILDREN*, the children of
 * the deleted snapshot move up to its parent.
 */
typedef enum {
    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN      = (1 << 0), /* the snapshot and all descendants */
    VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY = (1 << 1), /* forget it, keep its data */
    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY = (1 << 2), /* only the descendants */
} virDomainSnapshotDeleteFlags;

/**
 * virDomainSnapshotGetName:
 * @snapshot: the snapshot
 *
 * Returns the name, owned by the handle, or NULL
 * (VIR_ERR_INVALID_DOMAIN_SNAPSHOT).  No driver call.
 */
const char *virDomainSnapshotGetName(virDomainSnapshotPtr snapshot);

/**
 * virDomainSnapshotGetDomain:
 * @snapshot: the snapshot
 *
 * Returns the domain of @snapshot without taking a reference, or NULL.
 */
virDomainPtr virDomainSnapshotGetDomain(virDomainSnapshotPtr snapshot);

/**
 * virDomainSnapshotGetConnect:
 * @snapshot: the snapshot
 *
 * Returns the connection of @snapshot without taking a reference, or NULL.
 */
virConnectPtr virDomainSnapshotGetConnect(virDomainSnapshotPtr snapshot);

/**
 * virDomainSnapshotCreateXML:
 * @domain: the domain
 * @xmlDesc: <domainsnapshot> XML, not NULL (may be just "<domainsnapshot/>")
 * @flags: bitwise-OR of virDomainSnapshotCreateFlags
 *
 * Takes a snapshot; it becomes current and a child of the previous current
 * one.  The default name is the creation time in seconds.
 *
 * Returns a new handle (release with virDomainSnapshotFree()), or NULL:
 * VIR_ERR_OPERATION_DENIED on a read-only connection, VIR_ERR_INVALID_ARG
 * for conflicting or unknown flags, VIR_ERR_XML_ERROR /
 * VIR_ERR_XML_INVALID_SCHEMA for bad XML, VIR_ERR_OPERATION_FAILED when the
 * name exists, VIR_ERR_CONFIG_UNSUPPORTED for an impossible disk/memory
 * layout.
 */
virDomainSnapshotPtr virDomainSnapshotCreateXML(virDomainPtr domain,
                                                const char *xmlDesc,
                                                unsigned int flags);

/**
 * virDomainSnapshotGetXMLDesc:
 * @snapshot: the snapshot
 * @flags: bitwise-OR of virDomainSnapshotXMLFlags
 *
 * Returns the snapshot XML as a new string the caller must free(), or NULL:
 * VIR_ERR_OPERATION_DENIED for XML_SECURE on a read-only connection.
 */
char *virDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot,
                                  unsigned int flags);

/**
 * virDomainSnapshotNum:
 * @domain: the domain
 * @flags: bitwise-OR of virDomainSnapshotListFlags (ROOTS meaning of bit 0)
 *
 * Returns the number of matching snapshots, or -1 with the error set.
 */
int virDomainSnapshotNum(virDomainPtr domain,
                         unsigned int flags);

/**
 * virDomainSnapshotListNames:
 * @domain: the domain
 * @names: array of @nameslen slots; receives new strings the caller frees
 * @nameslen: size of @names, >= 0
 * @flags: bitwise-OR of virDomainSnapshotListFlags (ROOTS meaning of bit 0)
 *
 * Older form of virDomainListAllSnapshots(), racy against concurrent
 * changes.  At most @nameslen names are stored.
 *
 * Returns the number of names stored, or -1 with the error set.
 */
int virDomainSnapshotListNames(virDomainPtr domain,
                               char **names,
                               int nameslen,
                               unsigned int flags);

/**
 * virDomainListAllSnapshots:
 * @domain: the domain
 * @snaps: where to store a NULL-terminated array of new handles, or NULL to
 *         only count
 * @flags: bitwise-OR of virDomainSnapshotListFlags (ROOTS meaning of bit 0)
 *
 * The caller frees each handle with virDomainSnapshotFree() and then the
 * array with free().  Without TOPOLOGICAL the order is unspecified.
 *
 * Returns the number of snapshots, or -1 with the error set (*@snaps is then
 * NULL).
 */
int virDomainListAllSnapshots(virDomainPtr domain,
                              virDomainSnapshotPtr **snaps,
                              unsigned int flags);

/**
 * virDomainSnapshotNumChildren:
 * @snapshot: the parent snapshot
 * @flags: bitwise-OR of virDomainSnapshotListFlags (DESCENDANTS meaning of
 *         bit 0)
 *
 * Returns the number of matching children, or -1 with the error set.
 */
int virDomainSnapshotNumChildren(virDomainSnapshotPtr snapshot,
                                 unsigned int flags);

/**
 * virDomainSnapshotListChildrenNames:
 * @snapshot: the parent snapshot
 * @names: array of @nameslen slots; receives new strings the caller frees
 * @nameslen: size of @names, >= 0
 * @flags: bitwise-OR of virDomainSnapshotListFlags (DESCENDANTS meaning of
 *         bit 0)
 *
 * Older form of virDomainSnapshotListAllChildren().  At most @nameslen
 * names are stored.
 *
 * Returns the number of names stored, or -1 with the error set.
 */
int virDomainSnapshotListChildrenNames(virDomainSnapshotPtr snapshot,
                                       char **names,
                                       int nameslen,
                                       unsigned int flags);

/**
 * virDomainSnapshotListAllChildren:
 * @snapshot: the parent snapshot
 * @snaps: where to store a NULL-terminated array of new handles, or NULL to
 *         only count
 * @flags: bitwise-OR of virDomainSnapshotListFlags (DESCENDANTS meaning of
 *         bit 0)
 *
 * Like virDomainListAllSnapshots(), for the children (or all descendants)
 * of @snapshot, never including @snapshot itself.
 *
 * Returns the number of children, or -1 with the error set.
 */
int virDomainSnapshotListAllChildren(virDomainSnapshotPtr snapshot,
                                     virDomainSnapshotPtr **snaps,
                                     unsigned int flags);

/**
 * virDomainSnapshotLookupByName:
 * @domain: the domain
 * @name: snapshot name, not NULL
 * @flags: must be 0
 *
 * Returns a new handle, or NULL: VIR_ERR_NO_DOMAIN_SNAPSHOT when not found.
 */
virDomainSnapshotPtr virDomainSnapshotLookupByName(virDomainPtr domain,
                                                   const char *name,
                                                   unsigned int flags);

/**
 * virDomainHasCurrentSnapshot:
 * @domain: the domain
 * @flags: must be 0
 *
 * Returns 1 if the domain has a current snapshot, 0 if not, -1 on error.
 */
int virDomainHasCurrentSnapshot(virDomainPtr domain,
                                unsigned int flags);

/**
 * virDomainSnapshotCurrent:
 * @domain: the domain
 * @flags: must be 0
 *
 * Returns a new handle for the current snapshot, or NULL:
 * VIR_ERR_NO_DOMAIN_SNAPSHOT when there is none.
 */
virDomainSnapshotPtr virDomainSnapshotCurrent(virDomainPtr domain,
                                              unsigned int flags);

/**
 * virDomainSnapshotGetParent:
 * @snapshot: the snapshot
 * @flags: must be 0
 *
 * Returns a new handle for the parent, or NULL: VIR_ERR_NO_DOMAIN_SNAPSHOT
 * when @snapshot is a root.
 */
virDomainSnapshotPtr virDomainSnapshotGetParent(virDomainSnapshotPtr snapshot,
                                                unsigned int flags);

/**
 * virDomainSnapshotIsCurrent:
 * @snapshot: the snapshot
 * @flags: must be 0
 *
 * Returns 1 if @snapshot is its domain's current snapshot, 0 if not, -1 on
 * error.
 */
int virDomainSnapshotIsCurrent(virDomainSnapshotPtr snapshot,
                               unsigned int flags);

/**
 * virDomainSnapshotHasMetadata:
 * @snapshot: the snapshot
 * @flags: must be 0
 *
 * Returns 1 if the library keeps metadata for @snapshot (so deleting it
 * needs more than METADATA_ONLY to lose data), 0 if not, -1 on error.
 */
int virDomainSnapshotHasMetadata(virDomainSnapshotPtr snapshot,
                                 unsigned int flags);

/**
 * virDomainRevertToSnapshot:
 * @snapshot: the snapshot
 * @flags: bitwise-OR of virDomainSnapshotRevertFlags
 *
 * Puts the domain back into the recorded state and makes @snapshot current.
 * Changes made since are lost.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_DENIED on a read-only connection,
 * VIR_ERR_INVALID_ARG for RUNNING with PAUSED, VIR_ERR_SNAPSHOT_REVERT_RISKY
 * when the revert needs FORCE.
 */
int virDomainRevertToSnapshot(virDomainSnapshotPtr snapshot,
                              unsigned int flags);

/**
 * virDomainSnapshotDelete:
 * @snapshot: the snapshot
 * @flags: bitwise-OR of virDomainSnapshotDeleteFlags
 *
 * Deletes the snapshot (and its descendants with CHILDREN).  If it was
 * current, its parent becomes current.  The handle must still be freed.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_DENIED on a read-only connection,
 * VIR_ERR_INVALID_ARG for CHILDREN with CHILDREN_ONLY.
 */
int virDomainSnapshotDelete(virDomainSnapshotPtr snapshot,
                            unsigned int flags);

/**
 * virDomainSnapshotRef:
 * @snapshot: the snapshot
 *
 * Adds a reference to the handle.
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_DOMAIN_SNAPSHOT).
 */
int virDomainSnapshotRef(virDomainSnapshotPtr snapshot);

/**
 * virDomainSnapshotFree:
 * @snapshot: the snapshot
 *
 * Drops a reference to the handle; the snapshot itself is not affected.
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_DOMAIN_SNAPSHOT).
 */
int virDomainSnapshotFree(virDomainSnapshotPtr snapshot);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_DOMAIN_SNAPSHOT_H */
