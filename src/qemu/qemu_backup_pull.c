/*
 * qemu_backup_pull.c: a pull backup's QEMU side (fleecing + NBD)
 *
 * QMP recipe in facts/qemu.md: a qcow2 scratch node per disk whose
 * backing is the disk's own node, a sync=none backup job that copies what
 * the guest is about to overwrite into it, an NBD export of the scratch
 * node with the checkpoint's bitmap merged into a disabled temporary one.
 */
#include "internal.h"

#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_block.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How far qemuBackupPullStart got: pull_undo undoes that much, in reverse. */
typedef enum {
    STEP_NODES = 1,     /* scratch nodes added */
    STEP_BITMAPS,       /* temporary bitmaps added */
    STEP_SERVER,        /* NBD server started */
    STEP_JOBS,          /* the transaction ran: jobs exist */
    STEP_EXPORTS,       /* exports added */
} pullStep;

static void pull_undo(virDomainObj *vm, const virDomainBackupDef *def, pullStep step);

int
qemuBackupPullStart(virDomainObj *vm, const virDomainBackupDef *def, GHashTable *nodes,
                    virJSONValue **checkpoint_actions)
{
    g_autoptr(virJSONValue) actions = g_steal_pointer(checkpoint_actions);
    pullStep step = 0;
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autoptr(virJSONValue) args = virJSONValueNewObject();
        g_autoptr(virJSONValue) file = virJSONValueNewObject();
        g_autofree char *node = qemuBackupDiskNode(vm, disk);

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        virJSONValueObjectAppendString(file, "driver", "file");
        virJSONValueObjectAppendString(file, "filename", disk->store.path);
        qemuBackupAppendTake(file, "node-name", qemuBackupStoreFileNode(disk));
        virJSONValueObjectAppendString(args, "driver", "qcow2");
        qemuBackupAppendTake(args, "node-name", qemuBackupStoreNode(disk));
        virJSONValueObjectAppend(args, "file", &file);
        virJSONValueObjectAppendString(args, "backing", node);
        if (qemuBackupRun(vm, "blockdev-add", &args, NULL) < 0)
            goto error;
        step = STEP_NODES;
    }
    step = STEP_NODES;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        if (qemuBackupAddIncrementalBitmap(vm, nodes, disk, disk->exportbitmap, actions) < 0)
            goto error;
    }
    step = STEP_BITMAPS;

    {
        g_autoptr(virJSONValue) args = virJSONValueNewObject();
        g_autoptr(virJSONValue) addr = virJSONValueNewObject();
        g_autoptr(virJSONValue) data = virJSONValueNewObject();

        if (STREQ(def->server_transport, "unix")) {
            virJSONValueObjectAppendString(addr, "type", "unix");
            virJSONValueObjectAppendString(data, "path", def->server_socket);
        } else {
            virJSONValueObjectAppendString(addr, "type", "inet");
            virJSONValueObjectAppendString(data, "host", def->server_name);
            qemuBackupAppendTake(data, "port", g_strdup_printf("%u", def->server_port));
        }
        virJSONValueObjectAppend(addr, "data", &data);
        virJSONValueObjectAppend(args, "addr", &addr);
        if (qemuBackupRun(vm, "nbd-server-start", &args, NULL) < 0)
            goto error;
    }
    step = STEP_SERVER;

    for (i = 0; i < def->ndisks; i++) {
        if (def->disks[i].backup == VIR_TRISTATE_BOOL_YES)
            qemuBackupAppendJob(vm, &def->disks[i], "none", actions);
    }
    if (qemuBlockTransaction(vm, &actions) < 0)
        goto error;
    step = STEP_JOBS;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autoptr(virJSONValue) args = NULL;

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        args = qemuBackupArgs("type", "nbd");
        qemuBackupAppendTake(args, "id", qemuBackupExportId(disk));
        qemuBackupAppendTake(args, "node-name", qemuBackupStoreNode(disk));
        virJSONValueObjectAppendString(args, "name", disk->exportname);
        virJSONValueObjectAppendBoolean(args, "writable", false);
        if (disk->exportbitmap && disk->incremental) {
            g_autoptr(virJSONValue) bitmaps = virJSONValueNewArray();

            qemuBackupArrayAppendString(bitmaps, disk->exportbitmap);
            virJSONValueObjectAppend(args, "bitmaps", &bitmaps);
        }
        if (qemuBackupRun(vm, "block-export-add", &args, NULL) < 0)
            goto error;
    }
    return 0;

 error:
    pull_undo(vm, def, step == STEP_JOBS ? STEP_EXPORTS : step);
    return -1;
}

static void
pull_undo(virDomainObj *vm, const virDomainBackupDef *def, pullStep step)
{
    size_t i;

    for (i = 0; step >= STEP_EXPORTS && i < def->ndisks; i++) {
        virJSONValue *args;

        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        /* hard: a connected client must not hold the job open */
        args = qemuBackupArgsTake("id", qemuBackupExportId(&def->disks[i]));
        virJSONValueObjectAppendString(args, "mode", "hard");
        qemuBackupRunCleanup(vm, "block-export-del", args);
    }
    if (step >= STEP_SERVER)
        qemuBackupRunCleanup(vm, "nbd-server-stop", NULL);
    if (step >= STEP_JOBS)
        qemuBackupCancelJobs(vm, def);
    if (step >= STEP_BITMAPS)
        qemuBackupRemoveBitmaps(vm, def);
    if (step >= STEP_NODES)
        qemuBackupRemoveNodes(vm, def);
}

void
qemuBackupPullStop(virDomainObj *vm, const virDomainBackupDef *def)
{
    pull_undo(vm, def, STEP_EXPORTS);
}

