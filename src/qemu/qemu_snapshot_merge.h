/*
 * qemu_snapshot_merge.h: deleting an external snapshot by merging its
 * images down, as libvirt 9.0 does
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "conf/snapshot_obj.h"

/**
 * qemuSnapshotMergeExternal:
 * @vm: locked, job held
 * @snap: an external snapshot of @vm
 *
 * The image each disk of @snap got (the overlay) is merged into the one
 * under it, which the snapshot recorded, and removed, as libvirt's
 * qemuSnapshotDiscardExternal does: a running domain through QEMU's
 * block-commit (the active commit, then its pivot, when the overlay is
 * the disk's top image), a shut-off one with `qemu-img commit` (and the
 * image over the overlay, if any, rebased onto the merged one; there the
 * chain is what the persistent definition describes, as libvirt reads
 * it: an overlay under an undescribed top image is not found). The
 * domain's live and persistent definitions and those of the snapshots
 * after @snap then name the merged image where they named the overlay.
 * libvirt's checks come first, with its errors: each overlay must be in
 * its disk's chain, over the image the snapshot recorded, and the
 * nearest earlier snapshot of the disk external. The checkpoints'
 * bitmaps of each overlay are merged into the image under it. Returns
 * 0, or -1 with an error set; an image merged before a failure stays
 * merged.
 */
int qemuSnapshotMergeExternal(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap);
