/*
 * qemu_backup_offline.c: backup jobs of shut-off domains
 *
 * What differs from a running domain's job is only who serves the disks:
 * a qemu-storage-daemon started by the begin and stopped when the job is
 * forgotten (qemu_backup.c calls in here at those two points). The job's
 * definition is kept in the run directory as for a running domain, so a
 * later process attaches to the daemon and sees, aborts or settles the
 * job.
 */
#include "internal.h"

#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_backup.h"
#include "qemu/qemu_checkpoint.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* A shut-off domain's run directory is known from its name alone; the
 * QEMU start sets the same path again with the others. */
static void
set_run_dir(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    if (!priv->run_dir)
        priv->run_dir = qemuDomainRunDir(priv->driver, vm->def->name);
}

int
qemuBackupOfflineStart(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    set_run_dir(vm);
    /* a daemon without a job serves nobody */
    qemuStorageDaemonStop(g_steal_pointer(&priv->storage));
    if (!(priv->storage = qemuStorageDaemonStart(priv->driver->cfg, vm->def, priv->run_dir)))
        return -1;
    priv->next_node_index = vm->def->ndisks + 1;
    return 0;
}

void
qemuBackupOfflineStop(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    if (!priv->storage)
        return;
    qemuStorageDaemonStop(g_steal_pointer(&priv->storage));
    /* a checkpoint made with the begin has its bitmap in the images
     * only now that the daemon closed them (as at a QEMU stop) */
    qemuCheckpointSyncMetadata(priv->driver, vm);
}

bool
qemuBackupOfflineGone(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    return !virDomainObjIsActive(vm) && priv->storage &&
           !qemuStorageDaemonAlive(priv->storage);
}

void
qemuBackupOfflineLoad(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    bool was_there = false;

    if (virDomainObjIsActive(vm))
        return;
    set_run_dir(vm);
    priv->storage = qemuStorageDaemonAttach(priv->run_dir, vm->def->name, &was_there);
    qemuBackupLoad(vm);
    if (priv->backup && priv->storage) {
        priv->next_node_index = vm->def->ndisks + 1;
        for (size_t i = 0; i < priv->backup->ndisks; i++)
            priv->next_node_index = MAX(priv->next_node_index,
                                        priv->backup->disks[i].store.index + 1);
        return;
    }
    if (priv->backup) {
        /* gone while nobody watched: the job ended with it */
        qemuBackupDomainStopped(vm);
    } else if (was_there) {
        qemuBackupOfflineStop(vm);
    }
}

int
qemuBackupOfflineCheckIdle(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    if (virDomainObjIsActive(vm) || !priv->storage)
        return 0;
    if (qemuBackupSettle(vm) < 0)
        return -1;
    if (!priv->storage)
        return 0;
    virReportError(VIR_ERR_OPERATION_INVALID,
                   "domain '%s' has a backup job running on its disks "
                   "(qemu-storage-daemon, pid %lld): abort it first",
                   vm->def->name, (long long)priv->storage->pid);
    return -1;
}
