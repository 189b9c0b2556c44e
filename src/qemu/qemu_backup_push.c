/*
 * qemu_backup_push.c: a push backup's QEMU side
 *
 * QMP recipe in facts/qemu.md: a target node per disk (an incremental
 * target's backing file is the disk's image, which QEMU is told not to
 * open), the checkpoint's bitmap merged into a disabled temporary one,
 * and one transaction starting a blockdev-backup job per disk, sync
 * "full" or "incremental" (that bitmap). The jobs end by themselves;
 * whoever next looks at the domain (any backup call, in any process)
 * settles them: dismissed, nodes and bitmaps removed.
 */
#include "internal.h"

#include "qemu/qemu_backup_def.h"
#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_command.h"
#include "qemu/qemu_block.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How far qemuBackupPushStart got: push_undo undoes that much, in reverse. */
typedef enum {
    STEP_NODES = 1,     /* target nodes added */
    STEP_BITMAPS,       /* temporary bitmaps added */
    STEP_JOBS,          /* the transaction ran: jobs exist */
} pushStep;

static void
push_undo(virDomainObj *vm, const virDomainBackupDef *def, pushStep step)
{
    if (step >= STEP_JOBS)
        qemuBackupCancelJobs(vm, def);
    if (step >= STEP_BITMAPS)
        qemuBackupRemoveBitmaps(vm, def);
    if (step >= STEP_NODES)
        qemuBackupRemoveNodes(vm, def);
}

static int
add_target(virDomainObj *vm, const virDomainBackupDiskDef *disk)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) file = virJSONValueNewObject();

    virJSONValueObjectAppendString(file, "driver",
                                   disk->store.type == VIR_DOMAIN_BACKUP_STORE_BLOCK ?
                                   "host_device" : "file");
    virJSONValueObjectAppendString(file, "filename", disk->store.path);
    qemuBackupAppendTake(file, "node-name", qemuBackupStoreFileNode(disk));
    virJSONValueObjectAppendString(args, "driver", disk->store.format);
    qemuBackupAppendTake(args, "node-name", qemuBackupStoreNode(disk));
    virJSONValueObjectAppend(args, "file", &file);
    if (qemuFormatHasBacking(disk->store.format))
        virJSONValueObjectAppendNull(args, "backing");
    return qemuBackupRun(vm, "blockdev-add", &args, NULL);
}

int
qemuBackupPushStart(virDomainObj *vm, const virDomainBackupDef *def, GHashTable *nodes,
                    virJSONValue **checkpoint_actions)
{
    g_autoptr(virJSONValue) actions = g_steal_pointer(checkpoint_actions);
    pushStep step = 0;
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        if (add_target(vm, &def->disks[i]) < 0)
            goto error;
        step = STEP_NODES;
    }
    step = STEP_NODES;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autofree char *bitmap = NULL;

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        bitmap = qemuBackupDiskBitmapName(disk);
        if (qemuBackupAddIncrementalBitmap(vm, nodes, disk, bitmap, actions) < 0)
            goto error;
    }
    step = STEP_BITMAPS;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];

        if (disk->backup == VIR_TRISTATE_BOOL_YES)
            qemuBackupAppendJob(vm, disk, disk->incremental ? "incremental" : "full", actions);
    }
    if (qemuBlockTransaction(vm, &actions) < 0)
        goto error;
    return 0;

 error:
    push_undo(vm, def, step);
    return -1;
}

int
qemuBackupPushSettle(virDomainObj *vm, const virDomainBackupDef *def, bool *failed)
{
    g_autoptr(virJSONValue) jobs = NULL;

    *failed = false;
    if (qemuBackupRun(vm, "query-jobs", NULL, &jobs) < 0)
        return -1;
    for (size_t i = 0; i < def->ndisks; i++) {
        virJSONValue *job;

        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES ||
            !(job = qemuBackupFindJob(jobs, &def->disks[i])))
            continue;
        if (g_strcmp0(virJSONValueObjectGetString(job, "status"), "concluded") != 0)
            return 0;
        /* a cancelled or failed job concludes with an error */
        *failed |= virJSONValueObjectHasKey(job, "error");
    }
    /* every job concluded (or is gone): dismissing them is all that is left */
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].backup == VIR_TRISTATE_BOOL_YES)
            qemuBackupRunCleanup(vm, "job-dismiss",
                                 qemuBackupArgsTake("id", qemuBackupJobName(&def->disks[i])));
    }
    push_undo(vm, def, STEP_BITMAPS);
    return 1;
}

void
qemuBackupPushStop(virDomainObj *vm, const virDomainBackupDef *def)
{
    push_undo(vm, def, STEP_JOBS);
}
