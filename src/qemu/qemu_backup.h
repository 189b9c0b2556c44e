/*
 * qemu_backup.h: backups (virDomainBackupBegin), of running domains and
 * (tidemark only) of shut-off ones
 *
 * Pull mode for now: scratch images and NBD exports that a client such
 * as virtnbdbackup reads, until virDomainAbortJob ends the job.
 */
#pragma once

#include "driver.h"
#include "qemu/qemu_domain.h"

/* Fills the backup and job methods of the qemu driver table. */
void qemuBackupMethods(virConnectDriver *drv);

/* Reads the job a process began on running @vm (locked) from its run
 * directory, if there is one: a later process sees and ends it. */
void qemuBackupLoad(virDomainObj *vm);

/* A push job of @vm (locked, job slot held) that ended by itself is
 * settled: QEMU's side cleaned up, the job forgotten. Returns 0, or -1
 * with an error set (QEMU not answering). */
int qemuBackupSettle(virDomainObj *vm);

/* QEMU of @vm (locked) is gone: its job with it. Forgets the job and
 * removes the images tidemark made for it. */
void qemuBackupDomainStopped(virDomainObj *vm);
