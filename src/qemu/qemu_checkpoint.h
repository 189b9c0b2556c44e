/*
 * qemu_checkpoint.h: the qemu driver's checkpoints
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "driver.h"
#include "conf/checkpoint_conf.h"
#include "util/virjson.h"

/* Fills the checkpoint methods of the qemu driver table. */
void qemuCheckpointMethods(virConnectDriver *drv);

/* Reads DIR/checkpoint/NAME/ into @vm's tree (locked); the only leaf
 * becomes current, as libvirt does after a reload. Files that do not
 * load are reported on stderr and skipped. */
void qemuCheckpointLoadAll(qemuDriver *driver, virDomainObj *vm);

/* Makes the checkpoint files created and removed while @vm ran durable
 * (fsyncs their directory); called once QEMU has stopped and so has
 * written its bitmaps into the images. Failures are only reported. */
void qemuCheckpointSyncMetadata(qemuDriver *driver, virDomainObj *vm);

/* Removes every checkpoint file of @vm (undefine with
 * CHECKPOINTS_METADATA); the bitmaps stay in the images. */
int qemuCheckpointDiscardAllMetadata(qemuDriver *driver, virDomainObj *vm);

/* tidemarkDomainCheckpointVerify for the qemu driver (see
 * tidemark-extensions.h for the report's format). */
char *qemuCheckpointVerify(virDomainPtr domain, const char *name, unsigned int flags);

/**
 * qemuCheckpointPrepareWith:
 * @def: a parsed new checkpoint (not a redefine) for running @vm
 * @actions: a QMP transaction's action array
 *
 * A checkpoint taken by another operation's transaction (a backup's, so
 * both happen at one point in time): libvirt's checks and disk alignment,
 * the current checkpoint as parent, and the bitmap additions appended to
 * @actions. Returns 0, or -1 with libvirt's error.
 */
int qemuCheckpointPrepareWith(qemuDriver *driver, virDomainObj *vm,
                              virDomainCheckpointDef *def, virJSONValue *actions);

/**
 * qemuCheckpointFinishWith:
 * @def: prepared by qemuCheckpointPrepareWith; taken on success
 *
 * After that transaction succeeded: the metadata file, the checkpoint in
 * @vm's tree, current. Returns 0, or -1 with an error set (the bitmaps
 * exist then: checkpoint-verify names them).
 */
int qemuCheckpointFinishWith(qemuDriver *driver, virDomainObj *vm,
                             virDomainCheckpointDef **def);

