/*
 * qemu_backup_qmp.c: the QMP vocabulary the backup jobs share
 *
 * libvirt's names for the nodes, jobs and exports of a backup (all
 * follow from an image's node index, so a later process finds them), and
 * small monitor helpers: a command, a cleanup command whose failure
 * must not hide the error before it, a job's end.
 */
#include "internal.h"

#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_backup_def.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_command.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* how long an aborted job may take to conclude */
#define QEMU_BACKUP_CANCEL_WAIT_US (10 * G_USEC_PER_SEC)

char *
qemuBackupStoreNode(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("libvirt-%u-format", disk->store.index);
}

char *
qemuBackupStoreFileNode(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("libvirt-%u-storage", disk->store.index);
}

char *
qemuBackupJobName(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("backup-%s-libvirt-%u-format", disk->name, disk->store.index);
}

char *
qemuBackupExportId(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("libvirt-nbd-libvirt-%u-format", disk->store.index);
}

/* The domain's node of backed-up @disk. */
char *
qemuBackupDiskNode(virDomainObj *vm, const virDomainBackupDiskDef *disk)
{
    int idx = virDomainDiskIndexByName(vm->def, disk->name);

    return idx < 0 ? NULL : qemuDiskNodeName(vm->def, idx, true);
}

/* Runs @name(@args) on running @vm; the reply's "return" in *@ret if
 * wanted. */
int
qemuBackupRun(virDomainObj *vm, const char *name, virJSONValue **args, virJSONValue **ret)
{
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand(name, args);
    g_autoptr(virJSONValue) reply = NULL;
    qemuMonitor *mon = qemuDomainObjEnterMonitor(vm);
    int rc = qemuMonitorCommand(mon, cmd, &reply);

    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
        return -1;
    if (ret)
        *ret = virJSONValueRef(virJSONValueObjectGet(reply, "return"));
    return 0;
}

/* As run_command for cleanup: a failure is dropped, the error before
 * it kept. */
void
qemuBackupRunCleanup(virDomainObj *vm, const char *name, virJSONValue *args)
{
    virErrorPtr saved = virSaveLastError();

    if (qemuDomainObjHasMonitor(vm))
        qemuBackupRun(vm, name, &args, NULL);
    virJSONValueFree(args);
    virSetError(saved);
    virFreeError(saved);
}

virJSONValue *
qemuBackupArgs(const char *key, const char *value)
{
    virJSONValue *args = virJSONValueNewObject();

    virJSONValueObjectAppendString(args, key, value);
    return args;
}

/* As args_new with @value taken (freed here). */
virJSONValue *
qemuBackupArgsTake(const char *key, char *value)
{
    virJSONValue *args = qemuBackupArgs(key, value);

    g_free(value);
    return args;
}

void
qemuBackupAppendTake(virJSONValue *object, const char *key, char *value)
{
    virJSONValueObjectAppendString(object, key, value);
    g_free(value);
}

void
qemuBackupArrayAppendString(virJSONValue *array, const char *value)
{
    g_autoptr(virJSONValue) str = virJSONValueNewString(value);

    virJSONValueArrayAppend(array, &str);
}

/* The status of QEMU's job @id and its error, NULL status if QEMU has
 * no such job. */
static int
job_status(virDomainObj *vm, const char *id, char **status, char **error)
{
    g_autoptr(virJSONValue) jobs = NULL;

    *status = NULL;
    if (qemuBackupRun(vm, "query-jobs", NULL, &jobs) < 0)
        return -1;
    for (size_t i = 0; i < virJSONValueArraySize(jobs); i++) {
        virJSONValue *job = virJSONValueArrayGet(jobs, i);

        if (g_strcmp0(virJSONValueObjectGetString(job, "id"), id) == 0) {
            *status = g_strdup(virJSONValueObjectGetString(job, "status"));
            *error = g_strdup(virJSONValueObjectGetString(job, "error"));
        }
    }
    return 0;
}

/* Waits until QEMU's job @id has concluded, then dismisses it; an error
 * on the way is dropped (the one before it kept). */
void
qemuBackupDismissJob(virDomainObj *vm, const char *id)
{
    gint64 deadline = g_get_monotonic_time() + QEMU_BACKUP_CANCEL_WAIT_US;
    virErrorPtr saved = virSaveLastError();

    while (qemuDomainObjHasMonitor(vm) && g_get_monotonic_time() < deadline) {
        g_autofree char *status = NULL;
        g_autofree char *error = NULL;

        if (job_status(vm, id, &status, &error) < 0 || !status)
            break;
        if (STREQ(status, "concluded")) {
            qemuBackupRunCleanup(vm, "job-dismiss", qemuBackupArgs("id", id));
            break;
        }
        g_usleep(10 * 1000);
    }
    virSetError(saved);
    virFreeError(saved);
}

char *
qemuBackupJobWait(virDomainObj *vm, const char *id, const char *want, char **error)
{
    for (;;) {
        g_autofree char *status = NULL;

        g_clear_pointer(error, g_free);
        if (job_status(vm, id, &status, error) < 0)
            return NULL;
        if (!status) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "QEMU job '%s' vanished", id);
            return NULL;
        }
        if (STREQ(status, want) || STREQ(status, "concluded"))
            return g_steal_pointer(&status);
        g_usleep(2 * 1000);
    }
}

virJSONValue *
qemuBackupFindJob(virJSONValue *jobs, const virDomainBackupDiskDef *disk)
{
    g_autofree char *id = qemuBackupJobName(disk);

    for (size_t j = 0; j < virJSONValueArraySize(jobs); j++) {
        virJSONValue *job = virJSONValueArrayGet(jobs, j);

        if (g_strcmp0(virJSONValueObjectGetString(job, "id"), id) == 0)
            return job;
    }
    return NULL;
}

int
qemuBackupAddIncrementalBitmap(virDomainObj *vm, GHashTable *bitmaps,
                               const virDomainBackupDiskDef *disk, const char *name,
                               virJSONValue *actions)
{
    int idx = virDomainDiskIndexByName(vm->def, disk->name);
    g_autofree char *node = qemuBackupDiskNode(vm, disk);
    g_autoptr(virJSONValue) args = qemuBackupArgs("node", node);
    g_autoptr(virJSONValue) sources = NULL;

    if (idx >= 0 && qemuDiskDescribedDepth(vm->def->disks[idx]) > 0) {
        /* the checkpoint's bitmap in each image since it */
        g_autoptr(GPtrArray) holders = NULL;

        if (!qemuBlockChainBitmap(bitmaps, node, disk->incremental, &holders)) {
            virReportError(VIR_ERR_CHECKPOINT_INCONSISTENT,
                           "missing or broken bitmap '%s' for disk '%s'",
                           disk->incremental, disk->name);
            return -1;
        }
        sources = qemuBlockChainMergeSources(holders, disk->incremental);
    } else {
        sources = virJSONValueNewArray();
        qemuBackupArrayAppendString(sources, disk->incremental);
    }
    virJSONValueObjectAppendString(args, "name", name);
    virJSONValueObjectAppendBoolean(args, "persistent", false);
    virJSONValueObjectAppendBoolean(args, "disabled", true);
    if (qemuBackupRun(vm, "block-dirty-bitmap-add", &args, NULL) < 0)
        return -1;
    qemuBlockActionBitmapMerge(actions, node, name, &sources);
    return 0;
}

void
qemuBackupAppendJob(virDomainObj *vm, const virDomainBackupDiskDef *disk, const char *sync,
                    virJSONValue *actions)
{
    g_autoptr(virJSONValue) data = qemuBackupArgsTake("job-id", qemuBackupJobName(disk));
    g_autoptr(virJSONValue) action = qemuBackupArgs("type", "blockdev-backup");

    qemuBackupAppendTake(data, "device", qemuBackupDiskNode(vm, disk));
    qemuBackupAppendTake(data, "target", qemuBackupStoreNode(disk));
    virJSONValueObjectAppendString(data, "sync", sync);
    if (STREQ(sync, "incremental"))
        qemuBackupAppendTake(data, "bitmap", qemuBackupDiskBitmapName(disk));
    virJSONValueObjectAppendBoolean(data, "auto-dismiss", false);
    if (STRNEQ(sync, "none")) {
        g_autoptr(virJSONValue) perf = virJSONValueNewObject();

        /* A push job copies the whole disk. By default QEMU reads and
         * writes each 1 MiB through a bounce buffer that glibc maps and
         * unmaps every time, and the page faults cost 2.5x the CPU of
         * `qemu-img convert` (docs/BENCHMARKS.md, "Backups"); offloaded
         * to copy_file_range the copy costs a tenth of that. Where the
         * kernel cannot (another filesystem, a block device), QEMU falls
         * back to the buffered copy by itself. libvirt does not ask. */
        virJSONValueObjectAppendBoolean(perf, "use-copy-range", true);
        virJSONValueObjectAppend(data, "x-perf", &perf);
    }
    virJSONValueObjectAppend(action, "data", &data);
    virJSONValueArrayAppend(actions, &action);
}

void
qemuBackupCancelJobs(virDomainObj *vm, const virDomainBackupDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        g_autofree char *id = NULL;
        virJSONValue *args;

        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        id = qemuBackupJobName(&def->disks[i]);
        args = qemuBackupArgs("device", id);
        virJSONValueObjectAppendBoolean(args, "force", true);
        qemuBackupRunCleanup(vm, "block-job-cancel", args);
        qemuBackupDismissJob(vm, id);
    }
}

void
qemuBackupRemoveBitmaps(virDomainObj *vm, const virDomainBackupDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        virJSONValue *args;

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        args = qemuBackupArgsTake("node", qemuBackupDiskNode(vm, disk));
        qemuBackupAppendTake(args, "name", qemuBackupDiskBitmapName(disk));
        qemuBackupRunCleanup(vm, "block-dirty-bitmap-remove", args);
    }
}

void
qemuBackupRemoveNodes(virDomainObj *vm, const virDomainBackupDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        qemuBackupRunCleanup(vm, "blockdev-del",
                             qemuBackupArgsTake("node-name",
                                                qemuBackupStoreNode(&def->disks[i])));
    }
}

