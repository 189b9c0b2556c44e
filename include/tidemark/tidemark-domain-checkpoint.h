/*
 * tidemark-domain-checkpoint.h: checkpoints, the points in time that
 * incremental backups start from
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A checkpoint records which disk blocks change after it is taken (one
 * persistent dirty bitmap per disk, named as the checkpoint).  The
 * checkpoints of a domain form a tree; a new checkpoint becomes a child of
 * the most recent one.
 */

#ifndef TIDEMARK_DOMAIN_CHECKPOINT_H
# define TIDEMARK_DOMAIN_CHECKPOINT_H

# include <tidemark/tidemark-common.h>
# include <tidemark/tidemark-host.h>
# include <tidemark/tidemark-domain.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virDomainCheckpoint:
 *
 * Opaque, reference-counted handle naming one checkpoint of a domain.  It
 * carries only the domain and the name: the checkpoint is looked up again on
 * every call, so a handle to a deleted checkpoint stays a valid object but
 * calls on it fail with VIR_ERR_NO_DOMAIN_CHECKPOINT.
 */
typedef struct _virDomainCheckpoint virDomainCheckpoint;
typedef virDomainCheckpoint *virDomainCheckpointPtr;

/**
 * virDomainCheckpointCreateFlags:
 *
 * Flags for virDomainCheckpointCreateXML().
 */
typedef enum {
    /* Add or replace metadata only (e.g. XML saved from GetXMLDesc); no
     * bitmaps are created.  Needs a name and creationTime in the XML. */
    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE          = (1 << 0),
    /* Freeze guest file systems through the guest agent meanwhile. */
    VIR_DOMAIN_CHECKPOINT_CREATE_QUIESCE           = (1 << 1),
    /* With REDEFINE: check that the disks still hold a usable bitmap. */
    VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE = (1 << 2),
} virDomainCheckpointCreateFlags;

/**
 * virDomainCheckpointXMLFlags:
 *
 * Flags for virDomainCheckpointGetXMLDesc().
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_XML_SECURE    = (1 << 0), /* secrets in the <domain> copy */
    VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN = (1 << 1), /* leave out <domain> */
    VIR_DOMAIN_CHECKPOINT_XML_SIZE      = (1 << 2), /* add size= (bytes changed since) per disk */
} virDomainCheckpointXMLFlags;

/**
 * virDomainCheckpointListFlags:
 *
 * Flags for virDomainListAllCheckpoints() and
 * virDomainCheckpointListAllChildren().  Bit 0 means ROOTS for the former
 * and DESCENDANTS for the latter.  LEAVES and NO_LEAVES filter; both
 * together match nothing.
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_LIST_ROOTS       = (1 << 0), /* only checkpoints without parent */
    VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS = (1 << 0), /* all descendants, not only children */
    VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL = (1 << 1), /* parents before their children */
    VIR_DOMAIN_CHECKPOINT_LIST_LEAVES      = (1 << 2), /* only checkpoints without children */
    VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES   = (1 << 3), /* only checkpoints with children */
} virDomainCheckpointListFlags;

/**
 * virDomainCheckpointDeleteFlags:
 *
 * Flags for virDomainCheckpointDelete().  Without CHILDREN*, the children
 * of the deleted checkpoint move up to its parent.
 */
typedef enum {
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN      = (1 << 0), /* the checkpoint and all descendants */
    VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY = (1 << 1), /* keep the disk bitmaps */
    VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY = (1 << 2), /* only the descendants */
} virDomainCheckpointDeleteFlags;

/**
 * virDomainCheckpointGetName:
 * @checkpoint: the checkpoint
 *
 * Returns the name, owned by the handle, or NULL
 * (VIR_ERR_INVALID_DOMAIN_CHECKPOINT).  No driver call.
 */
const char *virDomainCheckpointGetName(virDomainCheckpointPtr checkpoint);

/**
 * virDomainCheckpointGetDomain:
 * @checkpoint: the checkpoint
 *
 * Returns the domain of @checkpoint without taking a reference, or NULL
 * (VIR_ERR_INVALID_DOMAIN_CHECKPOINT).  No driver call.
 */
virDomainPtr virDomainCheckpointGetDomain(virDomainCheckpointPtr checkpoint);

/**
 * virDomainCheckpointGetConnect:
 * @checkpoint: the checkpoint
 *
 * Returns the connection of @checkpoint without taking a reference, or NULL
 * (VIR_ERR_INVALID_DOMAIN_CHECKPOINT).  No driver call.
 */
virConnectPtr virDomainCheckpointGetConnect(virDomainCheckpointPtr checkpoint);

/**
 * virDomainCheckpointCreateXML:
 * @domain: the domain
 * @xmlDesc: <domaincheckpoint> XML, not NULL; name, description and disks
 *           are optional unless REDEFINE is given
 * @flags: bitwise-OR of virDomainCheckpointCreateFlags
 *
 * Creates a checkpoint of the domain's disks, child of the current one.
 * Omitted fields get defaults: the name is the creation time in seconds,
 * every disk that can carry a bitmap is included.
 *
 * Returns a new handle (release with virDomainCheckpointFree()), or NULL:
 * VIR_ERR_OPERATION_DENIED on a read-only connection; VIR_ERR_INVALID_ARG
 * for REDEFINE with QUIESCE, REDEFINE_VALIDATE without REDEFINE, or an
 * unknown flag; VIR_ERR_XML_INVALID_SCHEMA, VIR_ERR_XML_ERROR,
 * VIR_ERR_XML_DETAIL for bad XML; VIR_ERR_CONFIG_UNSUPPORTED for bad disk
 * selections; VIR_ERR_OPERATION_FAILED when the name exists;
 * VIR_ERR_OPERATION_UNSUPPORTED for an inactive domain (without REDEFINE).
 */
virDomainCheckpointPtr virDomainCheckpointCreateXML(virDomainPtr domain,
                                                    const char *xmlDesc,
                                                    unsigned int flags);

/**
 * virDomainCheckpointGetXMLDesc:
 * @checkpoint: the checkpoint
 * @flags: bitwise-OR of virDomainCheckpointXMLFlags
 *
 * Returns the checkpoint XML as a new string the caller must free(), or
 * NULL: VIR_ERR_OPERATION_DENIED for XML_SECURE on a read-only connection,
 * VIR_ERR_OPERATION_INVALID for XML_SIZE on an inactive domain.
 */
char *virDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint,
                                    unsigned int flags);

/**
 * virDomainListAllCheckpoints:
 * @domain: the domain
 * @checkpoints: where to store a NULL-terminated array of new handles, or
 *               NULL to only count
 * @flags: bitwise-OR of virDomainCheckpointListFlags (ROOTS meaning of bit 0)
 *
 * The caller frees each handle with virDomainCheckpointFree() and then the
 * array with free().  Without TOPOLOGICAL the order is unspecified.
 *
 * Returns the number of checkpoints, or -1 with the error set (*@checkpoints
 * is then NULL).
 */
int virDomainListAllCheckpoints(virDomainPtr domain,
                                virDomainCheckpointPtr **checkpoints,
                                unsigned int flags);

/**
 * virDomainCheckpointListAllChildren:
 * @checkpoint: the parent checkpoint
 * @children: where to store a NULL-terminated array of new handles, or NULL
 *            to only count
 * @flags: bitwise-OR of virDomainCheckpointListFlags (DESCENDANTS meaning of
 *         bit 0)
 *
 * Like virDomainListAllCheckpoints(), for the children (or all descendants)
 * of @checkpoint, never including @checkpoint itself.
 *
 * Returns the number of children, or -1 with the error set.
 */
int virDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                       virDomainCheckpointPtr **children,
                                       unsigned int flags);

/**
 * virDomainCheckpointLookupByName:
 * @domain: the domain
 * @name: checkpoint name, not NULL
 * @flags: must be 0
 *
 * Returns a new handle, or NULL: VIR_ERR_NO_DOMAIN_CHECKPOINT when the
 * domain has no checkpoint of that name.
 */
virDomainCheckpointPtr virDomainCheckpointLookupByName(virDomainPtr domain,
                                                       const char *name,
                                                       unsigned int flags);

/**
 * virDomainCheckpointGetParent:
 * @checkpoint: the checkpoint
 * @flags: must be 0
 *
 * Returns a new handle for the parent, or NULL: VIR_ERR_NO_DOMAIN_CHECKPOINT
 * when @checkpoint is a root.
 */
virDomainCheckpointPtr virDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint,
                                                    unsigned int flags);

/**
 * virDomainCheckpointDelete:
 * @checkpoint: the checkpoint
 * @flags: bitwise-OR of virDomainCheckpointDeleteFlags
 *
 * Deletes the checkpoint (its metadata, and its bitmaps unless
 * METADATA_ONLY).  The changes it tracked stay covered by its parent.  The
 * handle stays valid and must still be freed.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_DENIED on a read-only connection,
 * VIR_ERR_INVALID_ARG for CHILDREN with CHILDREN_ONLY,
 * VIR_ERR_NO_DOMAIN_CHECKPOINT if already gone.
 */
int virDomainCheckpointDelete(virDomainCheckpointPtr checkpoint,
                              unsigned int flags);

/**
 * virDomainCheckpointRef:
 * @checkpoint: the checkpoint
 *
 * Adds a reference to the handle.
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_DOMAIN_CHECKPOINT).
 */
int virDomainCheckpointRef(virDomainCheckpointPtr checkpoint);

/**
 * virDomainCheckpointFree:
 * @checkpoint: the checkpoint
 *
 * Drops a reference to the handle; the checkpoint itself is not affected.
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_DOMAIN_CHECKPOINT).
 */
int virDomainCheckpointFree(virDomainCheckpointPtr checkpoint);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_DOMAIN_CHECKPOINT_H */
