/*
 * qemu_backup_qmp.h: what the backup jobs of the qemu driver share
 *
 * Internal to qemu_backup*.c. Every name follows from a backed-up disk's
 * image node index (libvirt's scheme), so a process that only reads the
 * job's definition from the run directory finds every node, job and
 * export of it. The monitor helpers expect @vm locked, with a monitor
 * (running, or shut off with its backup's storage daemon:
 * qemuDomainObjHasMonitor), and the domain's job slot held.
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "util/virjson.h"

/* libvirt's names (new strings) */
char *qemuBackupStoreNode(const virDomainBackupDiskDef *disk);      /* libvirt-N-format */
char *qemuBackupStoreFileNode(const virDomainBackupDiskDef *disk);  /* libvirt-N-storage */
char *qemuBackupJobName(const virDomainBackupDiskDef *disk);        /* backup-vda-libvirt-N-format */
char *qemuBackupExportId(const virDomainBackupDiskDef *disk);       /* libvirt-nbd-libvirt-N-format */
/* The domain's own node of backed-up @disk, or NULL. */
char *qemuBackupDiskNode(virDomainObj *vm, const virDomainBackupDiskDef *disk);

/* Runs QMP @name(@args, taken); the reply's "return" in *@ret if wanted.
 * Returns 0 or -1 with an error set. */
int qemuBackupRun(virDomainObj *vm, const char *name, virJSONValue **args,
                  virJSONValue **ret);
/* As qemuBackupRun for undoing (@args taken, may be NULL): a failure is
 * dropped, the error set before it kept. */
void qemuBackupRunCleanup(virDomainObj *vm, const char *name, virJSONValue *args);

/* {"@key": @value}; the Take forms free @value. */
virJSONValue *qemuBackupArgs(const char *key, const char *value);
virJSONValue *qemuBackupArgsTake(const char *key, char *value);
void qemuBackupAppendTake(virJSONValue *object, const char *key, char *value);
void qemuBackupArrayAppendString(virJSONValue *array, const char *value);

/* The entry of backed-up @disk's job in @jobs (a query-jobs reply), or
 * NULL when QEMU has no such job. */
virJSONValue *qemuBackupFindJob(virJSONValue *jobs, const virDomainBackupDiskDef *disk);

/**
 * qemuBackupJobWait:
 * @want: a status ("ready", "pending", ...)
 * @error: (out): the job's error, once it concluded with one
 *
 * Polls QEMU's job @id (every 2 ms) until its status is @want or
 * "concluded"; returns that status, or NULL with an error set when QEMU
 * went away or has no such job.
 */
char *qemuBackupJobWait(virDomainObj *vm, const char *id, const char *want, char **error);

/* Waits (bounded) until QEMU's job @id has concluded, then dismisses it. */
void qemuBackupDismissJob(virDomainObj *vm, const char *id);

/* Adds the disabled temporary bitmap of incremental @disk on its node,
 * and appends the merge of the checkpoint's bitmap into it to @actions
 * (from each image of the chain that holds it, found in @bitmaps, a
 * table of qemuBlockGetBitmaps). */
int qemuBackupAddIncrementalBitmap(virDomainObj *vm, GHashTable *bitmaps,
                                   const virDomainBackupDiskDef *disk, const char *name,
                                   virJSONValue *actions);

/* Appends the blockdev-backup action of @disk ("none", "full", or
 * "incremental" on its temporary bitmap) to @actions; a push job
 * ("full", "incremental") lets QEMU offload its copy (copy_file_range). */
void qemuBackupAppendJob(virDomainObj *vm, const virDomainBackupDiskDef *disk,
                         const char *sync, virJSONValue *actions);

/* Undoing, for every backed-up disk of @def: cancel and dismiss the
 * jobs; remove the temporary bitmaps; remove the image nodes. */
void qemuBackupCancelJobs(virDomainObj *vm, const virDomainBackupDef *def);
void qemuBackupRemoveBitmaps(virDomainObj *vm, const virDomainBackupDef *def);
void qemuBackupRemoveNodes(virDomainObj *vm, const virDomainBackupDef *def);

/**
 * qemuBackupPullStart:
 * @nodes: QEMU's nodes, a table of qemuBlockGetBitmaps
 * @checkpoint_actions: the bitmap additions of a checkpoint made with the
 *                      backup, run in its transaction (taken)
 *
 * Scratch nodes, temporary bitmaps, the NBD server, one transaction
 * starting the fleecing jobs, the exports; all undone on failure.
 * Returns 0 or -1 with an error set.
 */
int qemuBackupPullStart(virDomainObj *vm, const virDomainBackupDef *def, GHashTable *nodes,
                        virJSONValue **checkpoint_actions);
/* Ends a running pull job in QEMU (exports, server, jobs, bitmaps, nodes). */
void qemuBackupPullStop(virDomainObj *vm, const virDomainBackupDef *def);

/**
 * qemuBackupPushStart:
 * @nodes: QEMU's nodes, a table of qemuBlockGetBitmaps
 *
 * Target nodes (QEMU never opens their backing), temporary bitmaps of
 * the incremental disks, one transaction starting a full or incremental
 * backup job per disk (with @checkpoint_actions, taken). All undone on
 * failure. Returns 0 or -1 with an error set.
 */
int qemuBackupPushStart(virDomainObj *vm, const virDomainBackupDef *def, GHashTable *nodes,
                        virJSONValue **checkpoint_actions);

/**
 * qemuBackupPushSettle:
 * @failed: set when a job ended in error or was cancelled
 *
 * Whether every job of push backup @def has ended; if so, they are
 * dismissed and the nodes and temporary bitmaps removed. Returns 1 when
 * ended, 0 while running, -1 with an error set (QEMU not answering).
 */
int qemuBackupPushSettle(virDomainObj *vm, const virDomainBackupDef *def, bool *failed);

/* Cancels the jobs of push backup @def and removes what they used. */
void qemuBackupPushStop(virDomainObj *vm, const virDomainBackupDef *def);

