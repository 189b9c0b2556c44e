/*
 * qemu_backup_def.c: the qemu driver's defaults and checks for a backup
 *
 * Facts from libvirt 9.0's qemu_backup.c: qemuBackupPrepare (the server),
 * qemuBackupBeginPrepareTLS, qemuBackupDiskPrepareDataOne (format, node
 * index, checkpoint, bitmap names), qemuBackupBeginPullExportDisks
 * (export names) and the "no disks selected" check of qemuBackupBegin,
 * in that order.
 */
#include "internal.h"
#include "qemu/qemu_backup_def.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

char *
qemuBackupDiskBitmapName(const virDomainBackupDiskDef *disk)
{
    if (disk->exportbitmap)
        return g_strdup(disk->exportbitmap);
    return g_strdup_printf("backup-%s", disk->name);
}

static int
prepare_server(virDomainBackupDef *def, bool tls_configured)
{
    if (def->type != VIR_DOMAIN_BACKUP_TYPE_PULL)
        return 0;
    if (!def->has_server) {
        def->has_server = true;
        def->server_transport = g_strdup("tcp");
        def->server_name = g_strdup("localhost");
    }
    /* libvirt has no port range for backups yet: the user gives one */
    if (STREQ(def->server_transport, "tcp") && def->server_port == 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "<domainbackup> must specify TCP port for now");
        return -1;
    }
    if (def->tls == VIR_TRISTATE_BOOL_YES && !tls_configured) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "backup TLS directory not configured");
        return -1;
    }
    return 0;
}

static int
prepare_disk(virDomainBackupDiskDef *disk, bool pull,
             qemuBackupCheckpointExists exists, void *opaque,
             unsigned int *next_index)
{
    if (!disk->store.format) {
        disk->store.format = g_strdup("qcow2");
    } else if (pull && STRNEQ(disk->store.format, "qcow2")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "pull mode backup for disk '%s' requires qcow2 driver", disk->name);
        return -1;
    }
    disk->store.index = (*next_index)++;

    if (disk->incremental) {
        /* only that the checkpoint exists: its bitmaps are checked on
         * the running images */
        if (!exists(disk->incremental, opaque)) {
            virReportError(VIR_ERR_NO_DOMAIN_CHECKPOINT,
                           "Checkpoint '%s' for incremental backup of disk '%s' not found",
                           disk->incremental, disk->name);
            return -1;
        }
        if (pull && !disk->exportbitmap)
            disk->exportbitmap = qemuBackupDiskBitmapName(disk);
    }
    return 0;
}

int
qemuBackupDefPrepare(virDomainBackupDef *def, bool tls_configured,
                     qemuBackupCheckpointExists exists, void *opaque,
                     unsigned int *next_index)
{
    bool pull = def->type == VIR_DOMAIN_BACKUP_TYPE_PULL;
    size_t selected = 0;

    if (prepare_server(def, tls_configured) < 0)
        return -1;
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainBackupDiskDef *disk = &def->disks[i];

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        selected++;
        if (prepare_disk(disk, pull, exists, opaque, next_index) < 0)
            return -1;
    }
    if (selected == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "no disks selected for backup");
        return -1;
    }
    for (size_t i = 0; pull && i < def->ndisks; i++) {
        virDomainBackupDiskDef *disk = &def->disks[i];

        if (disk->backup == VIR_TRISTATE_BOOL_YES && !disk->exportname)
            disk->exportname = g_strdup(disk->name);
    }
    return 0;
}
