/*
 * qemu_backup_def.h: what the qemu driver settles in a backup definition
 *
 * Between the aligned definition and the QMP transaction, libvirt's qemu
 * driver fills in the parts a user may leave out and refuses what it
 * cannot run; the result is what backup-dumpxml shows. This is that
 * step, with no QEMU involved, so the driver and the XML tests share it.
 */
#pragma once

#include "conf/backup_conf.h"

/* Whether the domain has checkpoint @name. */
typedef bool (*qemuBackupCheckpointExists)(const char *name, void *opaque);

/**
 * qemuBackupDefPrepare:
 * @def: a definition aligned with the domain (virDomainBackupAlignDisks)
 * @tls_configured: a TLS directory for backups is configured
 * @exists: checkpoint lookup, @opaque passed to it
 * @next_index: the domain's next storage node index; each backed-up
 *              disk's image takes one, in the order of @def's disks,
 *              as libvirt numbers them (also for a disk that fails after)
 *
 * Pull mode: the NBD server defaults to TCP on localhost, which needs a
 * port; each disk's export is named after the disk, and an incremental
 * one exports its bitmap as "backup-<disk>". Every image is qcow2 unless
 * given (pull accepts nothing else). An incremental disk's checkpoint
 * must exist.
 *
 * Returns 0, or -1 with libvirt's error: OPERATION_UNSUPPORTED
 * "<domainbackup> must specify TCP port for now", OPERATION_INVALID
 * "backup TLS directory not configured", CONFIG_UNSUPPORTED "pull mode
 * backup for disk '%s' requires qcow2 driver", NO_DOMAIN_CHECKPOINT
 * "Checkpoint '%s' for incremental backup of disk '%s' not found",
 * CONFIG_UNSUPPORTED "no disks selected for backup".
 */
int qemuBackupDefPrepare(virDomainBackupDef *def, bool tls_configured,
                         qemuBackupCheckpointExists exists, void *opaque,
                         unsigned int *next_index);

/* The bitmap an incremental backup of @disk reads (and a pull exports). */
char *qemuBackupDiskBitmapName(const virDomainBackupDiskDef *disk);
