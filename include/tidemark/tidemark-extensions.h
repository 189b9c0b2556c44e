/*
 * tidemark-extensions.h: what tidemark offers beyond libvirt's API
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Everything here is tidemark's own: names carry the "tidemark" prefix
 * so they can never clash with a later libvirt, and no libvirt call
 * changes behaviour unless one of these is used explicitly.
 */
#ifndef TIDEMARK_EXTENSIONS_H
# define TIDEMARK_EXTENSIONS_H

# include <tidemark/tidemark.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * TIDEMARK_CHECKPOINT_OFFLINE:
 *
 * An extra flag bit for virDomainCheckpointCreateXML() and
 * virDomainCheckpointDelete() on the qemu driver: work on a shut-off
 * domain's images with qemu-img (libvirt refuses checkpoint create and
 * delete on an inactive domain). Bit 31 is one libvirt has never used;
 * a macro, not an enum constant, because ISO C enum constants are ints
 * and 1U << 31 is not (-Wpedantic).
 */
# define TIDEMARK_CHECKPOINT_OFFLINE (1U << 31)

/**
 * tidemarkDomainCheckpointVerify:
 * @domain: a domain of a qemu connection
 * @checkpoint: the name of one checkpoint, or NULL for all of them
 * @flags: 0
 *
 * Checks each checkpoint's bitmaps against the disk images: for a
 * running domain what QEMU has loaded, for a shut-off one what the qcow2
 * files hold. Returns (free() it) an XML report:
 *
 *   <checkpointverify domain='NAME' state='running|shutoff'>
 *     <checkpoint name='C'>
 *       <disk name='vda' bitmap='C' present='yes|no' consistent='yes|no'
 *             recording='yes|no' status='ok|missing|inconsistent|not-recording'
 *             reason='why, for anything not ok'/>
 *     </checkpoint>
 *     <orphan disk='vda' bitmap='B' reason='...'/>   (a bitmap no checkpoint owns)
 *   </checkpointverify>
 *
 * or NULL on error (NO_DOMAIN_CHECKPOINT for an unknown @checkpoint).
 */
char *tidemarkDomainCheckpointVerify(virDomainPtr domain, const char *checkpoint,
                                     unsigned int flags);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_EXTENSIONS_H */
