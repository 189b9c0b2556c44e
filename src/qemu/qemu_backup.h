/*
 * qemu_backup.h: backups (virDomainBackupBegin), of running domains and
 * (tidemark only) of shut-off ones
 *
 * Push and pull jobs, their statistics and their end (abort, completion,
 * the domain's stop), seen by whichever process looks next.
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
 * settled: QEMU's side cleaned up, the job forgotten, its completed
 * statistics recorded and its job-completed event sent. Returns 0, or
 * -1 with an error set (QEMU not answering). */
int qemuBackupSettle(virDomainObj *vm);

/* QEMU of @vm (locked) is gone: its job with it (cancelled, as libvirt
 * reports it). Forgets the job and removes the images tidemark made. */
void qemuBackupDomainStopped(virDomainObj *vm);

/* Settles the backup job of @vm (locked, running) under the domain's job
 * slot, which it takes: on QEMU's JOB_STATUS_CHANGE to concluded (a push
 * job whose disks are all copied ends now, its job-completed event sent)
 * and when a process re-attaches (a begin or an abort a dead process left
 * half done is undone or finished). Errors are dropped: the next call
 * settles again. */
void qemuBackupJobConcluded(virDomainObj *vm);
