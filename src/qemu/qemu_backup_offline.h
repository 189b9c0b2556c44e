/*
 * qemu_backup_offline.h: backup jobs of shut-off domains (tidemark's,
 * beyond libvirt, which refuses them)
 *
 * The job runs as on a running domain (qemu_backup_pull.c,
 * qemu_backup_push.c, unchanged) against a qemu-storage-daemon that
 * serves the domain's disks for the job's duration
 * (qemu_storage_daemon.h). While it runs, the disks belong to it:
 * starting, undefining the domain and creating or deleting its
 * checkpoints are refused. All functions expect @vm locked.
 */
#pragma once

#include "qemu/qemu_domain.h"

/* BackupBegin on shut-off @vm (job slot held, no backup job): starts
 * the storage daemon and numbers the job's nodes after the disks', as
 * a QEMU start does. Returns 0 or -1 with an error set. */
int qemuBackupOfflineStart(virDomainObj *vm);

/* The job of shut-off @vm is over (or its begin failed): the storage
 * daemon, if any, is stopped (its images closed, their bitmaps written)
 * and the checkpoint files made meanwhile are made durable. */
void qemuBackupOfflineStop(virDomainObj *vm);

/* The daemon of shut-off @vm's job died: the job is over with it. */
bool qemuBackupOfflineGone(virDomainObj *vm);

/**
 * qemuBackupOfflineLoad:
 *
 * At the driver's open, for shut-off @vm: the job an earlier process
 * began, with its storage daemon attached. A job whose daemon is gone
 * is forgotten (its images removed as after a QEMU that went away); a
 * daemon without a job (a begin cut short) is stopped.
 */
void qemuBackupOfflineLoad(virDomainObj *vm);

/**
 * qemuBackupOfflineCheckIdle:
 *
 * For operations that need shut-off @vm's disks (start, undefine,
 * checkpoint create and delete; job slot held): a push job that has
 * ended is settled first; a job still running refuses with
 * OPERATION_INVALID naming it. Returns 0 or -1.
 */
int qemuBackupOfflineCheckIdle(virDomainObj *vm);
