/*
 * qemu_snapshot.h: the qemu driver's snapshots
 *
 * qemu_snapshot.c: metadata and queries; qemu_snapshot_create.c: create;
 * qemu_snapshot_revert.c: revert and delete. The helpers below are
 * shared by them.
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "driver.h"
#include "conf/snapshot_obj.h"

/* Fills the snapshot methods of the qemu driver table. */
void qemuSnapshotMethods(virConnectDriver *drv);
/* The revert and delete methods (qemu_snapshot_revert.c). */
void qemuSnapshotRevertMethods(virConnectDriver *drv);

/* Reads DIR/snapshot/NAME/ into @vm's tree (locked); the one whose file
 * says <active>1</active> becomes current, as in libvirt. Files that do
 * not load are reported on stderr and skipped. After an operation a
 * crash cut short (its marker, qemuSnapshotMarkPending), the images are
 * compared with the metadata (`qemu-img info -U`) and every difference
 * named on stderr: snapshots in an image that no metadata names,
 * snapshots an image lacks. Nothing is dropped or repaired; the marker
 * stays until a load finds no difference. */
void qemuSnapshotLoadAll(qemuDriver *driver, virDomainObj *vm);

/* Removes every snapshot file of @vm (undefine with SNAPSHOTS_METADATA);
 * the snapshots stay in the images. */
int qemuSnapshotDiscardAllMetadata(qemuDriver *driver, virDomainObj *vm);

/* Writes @snap's file as libvirt's qemu driver does (secure, with
 * <active> saying whether it is current), atomically. 0 or -1. */
int qemuSnapshotWriteMetadata(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap);

/* Removes the file of snapshot @name (durably). 0 or -1. */
int qemuSnapshotRemoveMetadata(qemuDriver *driver, virDomainObj *vm, const char *name);

/* Makes @snap (or NULL) current; the previous current one's file is
 * rewritten (its <active> changes), as libvirt does. A failure there is
 * only reported: the next load takes the current one from the files. */
void qemuSnapshotSetCurrent(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap);

/* The domain of @snapshot, locked and referenced, and the snapshot;
 * NULL with libvirt's error. */
virDomainObj *qemuSnapshotLookup(virDomainSnapshotPtr snapshot, virDomainMomentObj **snap);

/**
 * qemuSnapshotImagesOp:
 * @def: the definition whose disks are worked on
 * @op: "-c" create, "-a" apply, "-d" delete
 *
 * `qemu-img snapshot OP` on every disk of @def taking part in internal
 * snapshot @snapdef (libvirt's rule: disk devices with an internal
 * snapshot disk). A create is all or none: images done before a failure
 * lose the snapshot again. Returns 0, or -1 with qemu-img's error.
 */
int qemuSnapshotImagesOp(qemuDriver *driver, const virDomainDef *def,
                         const virDomainSnapshotDef *snapdef, const char *op);

/* An HMP command of the job holder on running @vm; *@reply gets QEMU's
 * text. 0 or -1. */
int qemuSnapshotHMP(virDomainObj *vm, const char *command, char **reply);

/* "cont" (@run) or "stop" of the job holder, then the state @reason;
 * the STOP/RESUME QEMU sends back is this call's (no event of its
 * own). 0 or -1. */
int qemuSnapshotSetCPUs(virDomainObj *vm, bool run, int reason);

/* Marks an operation on @vm's images (@op "create", "revert", "delete"
 * of snapshot @name) before it starts, durably: a crash before
 * qemuSnapshotClearPending makes the next load reconcile. @external: the
 * snapshot when it is external, whose images (made, or merged away)
 * the marker lists for that. 0 or -1. */
int qemuSnapshotMarkPending(qemuDriver *driver, virDomainObj *vm, const char *op,
                            const char *name, const virDomainSnapshotDef *external);
/* The images and the metadata agree again. Failures are only reported. */
void qemuSnapshotClearPending(qemuDriver *driver, virDomainObj *vm);

/* Drops the empty <backingStore/> that ends each disk's chain in @def
 * (a running domain's copy): what a start or a reload must not see. */
void qemuSnapshotDropChainEnds(virDomainDef *def);

/* @disk's image becomes @path (storage @type, format @format), a new
 * image over its old one: the chain @disk described goes with the old
 * image (the new one's header names it). */
void qemuSnapshotDiskReplaceImage(virDomainDiskDef *disk, const char *path, const char *type,
                                  const char *format);

/* virDomainSnapshotCreateXML of the qemu driver (qemu_snapshot_create.c). */
virDomainSnapshotPtr qemuSnapshotCreateXML(virDomainPtr domain, const char *xml,
                                           unsigned int flags);

/* Whether disk @i of @def takes part in internal snapshot @snapdef
 * (libvirt's rule: a disk device with an image whose snapshot disk is
 * internal). */
bool qemuSnapshotDiskTakesPart(const virDomainDef *def, const virDomainSnapshotDef *snapdef,
                               size_t i);
