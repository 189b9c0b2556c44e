/*
 * qemu_backup.c: the backup API of the qemu driver
 *
 * BackupBegin, BackupGetXMLDesc, AbortJob and the job statistics over
 * the job's QEMU side (qemu_backup_pull.c: fleecing + NBD;
 * qemu_backup_push.c: copies into target images; qemu_backup_stats.c). The job lives in QEMU and
 * outlives the process that began it: its definition (with each image's
 * node index, from which every node, job and export name follows) is
 * kept in the run directory, so a later process shows it and ends it.
 * On a shut-off domain a qemu-storage-daemon serves the disks for the
 * job (qemu_backup_offline.c), reached through the same monitor handle.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "qemu/qemu_backup.h"
#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_backup_def.h"
#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_backup_stats.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_checkpoint.h"
#include "qemu/qemu_command.h"
#include "conf/checkpoint_obj.h"
#include "conf/domain_event.h"
#include "conf/virdomainobjlist.h"
#include "util/virfault.h"
#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

static char *
job_file(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    return g_build_filename(priv->run_dir, "backup.xml", NULL);
}

/* The file that says the caller made the images (REUSE_EXTERNAL): they
 * are kept when the job ends. */
static char *
reuse_file(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    return g_build_filename(priv->run_dir, "backup.reuse", NULL);
}

/* The markers of an operation under way: a process that dies in the
 * middle of a begin ("backup.starting": QEMU's side may be half made,
 * the caller never heard of success) or of an abort ("backup.aborting":
 * QEMU's side may be half gone) leaves one, and the next process that
 * looks at the job undoes the begin or finishes the abort (settle). */
#define MARKER_STARTING "backup.starting"
#define MARKER_ABORTING "backup.aborting"

static char *
marker_file(virDomainObj *vm, const char *name)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    return g_build_filename(priv->run_dir, name, NULL);
}

static bool
marker_exists(virDomainObj *vm, const char *name)
{
    g_autofree char *path = marker_file(vm, name);

    return g_file_test(path, G_FILE_TEST_EXISTS);
}

static int
marker_set(virDomainObj *vm, const char *name)
{
    g_autofree char *path = marker_file(vm, name);

    return virFileWriteAtomic(path, "", 0, 0600);
}

static void
marker_clear(virDomainObj *vm, const char *name)
{
    g_autofree char *path = marker_file(vm, name);

    virFileRemoveDurable(path);
}

/* ---- the job file ---- */

static int
save_job(virDomainObj *vm, const virDomainBackupDef *def)
{
    g_autofree char *path = job_file(vm);
    g_autofree char *xml = virDomainBackupDefFormat(def, true);

    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}

void
qemuBackupLoad(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autofree char *path = job_file(vm);
    g_autofree char *xml = NULL;

    if (!g_file_get_contents(path, &xml, NULL, NULL))
        return;
    if (!(priv->backup = virDomainBackupDefParseString(xml, VIR_DOMAIN_BACKUP_PARSE_INTERNAL))) {
        g_printerr("tidemark: cannot load backup job of '%s': %s\n", vm->def->name,
                   virGetLastErrorMessage());
        virResetLastError();
    }
}

/* ---- begin ---- */

/* Runs qemu-img create with @args (NULL-terminated, after "create -q"). */
static int
create_image(virDomainObj *vm, const char *path, const char *const *args)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autoptr(GError) err = NULL;
    g_autofree char *errout = NULL;
    int status = 0;

    g_ptr_array_add(argv, priv->driver->cfg->qemu_img);
    g_ptr_array_add(argv, (char *)"create");
    g_ptr_array_add(argv, (char *)"-q");
    for (size_t i = 0; args[i]; i++)
        g_ptr_array_add(argv, (char *)args[i]);
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                      &errout, &status, &err) ||
        !g_spawn_check_exit_status(status, NULL)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "cannot create backup image '%s': %s", path,
                       err ? err->message : (errout ? g_strstrip(errout) : ""));
        return -1;
    }
    return 0;
}

/* The images of @def: made (unless the caller did) and checked. A pull
 * scratch and a full push target are standalone images of the disk's
 * size; an incremental push target in a format with backing files is
 * backed by the disk's image, as libvirt makes it (QEMU is told not to
 * open that backing). */
static int
prepare_images(virDomainObj *vm, virDomainBackupDef *def, bool reuse, GHashTable *nodes,
               size_t *made)
{
    bool push = def->type != VIR_DOMAIN_BACKUP_TYPE_PULL;

    for (*made = 0; *made < def->ndisks; (*made)++) {
        virDomainBackupDiskDef *disk = &def->disks[*made];
        int idx = virDomainDiskIndexByName(vm->def, disk->name);
        g_autofree char *node = NULL;
        g_autofree char *size = NULL;
        qemuBlockNode *entry;
        int rc;

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        if (!disk->store.path) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "no %s image given for disk '%s'",
                           push ? "target" : "scratch", disk->name);
            return -1;
        }
        if (reuse) {
            if (!g_file_test(disk->store.path, G_FILE_TEST_EXISTS)) {
                virReportError(VIR_ERR_INVALID_ARG, "missing %s image '%s' for disk '%s'",
                               push ? "target" : "scratch", disk->store.path, disk->name);
                return -1;
            }
            continue;
        }
        if (g_file_test(disk->store.path, G_FILE_TEST_EXISTS)) {
            virReportError(VIR_ERR_INVALID_ARG, "store '%s' for backup of '%s' exists",
                           disk->store.path, disk->name);
            return -1;
        }
        if (!(node = qemuBackupDiskNode(vm, disk)) ||
            !(entry = g_hash_table_lookup(nodes, node))) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "cannot find size of node '%s'",
                           NULLSTR(node));
            return -1;
        }
        size = g_strdup_printf("%llu", entry->size);
        if (disk->store.type == VIR_DOMAIN_BACKUP_STORE_FILE &&
            qemuBlockCreateEmptyFile(disk->store.path, S_IRUSR | S_IWUSR, false) < 0)
            return -1;
        if (push && disk->incremental && qemuFormatHasBacking(disk->store.format)) {
            const virDomainDiskDef *domdisk = vm->def->disks[idx];
            const char *args[] = { "-f", disk->store.format, "-u", "-b", domdisk->src, "-F",
                                   domdisk->driver_type ? domdisk->driver_type : "raw",
                                   disk->store.path, size, NULL };

            rc = create_image(vm, disk->store.path, args);
        } else {
            const char *args[] = { "-f", disk->store.format, disk->store.path, size, NULL };

            rc = create_image(vm, disk->store.path, args);
        }
        if (rc < 0) {
            /* the file made above is this disk's: the caller removes
             * only the images before it */
            if (disk->store.type == VIR_DOMAIN_BACKUP_STORE_FILE)
                g_unlink(disk->store.path);
            return -1;
        }
    }
    return 0;
}

static void
remove_images(virDomainBackupDef *def, size_t upto)
{
    for (size_t i = 0; i < upto && i < def->ndisks; i++) {
        if (def->disks[i].backup == VIR_TRISTATE_BOOL_YES && def->disks[i].store.path)
            g_unlink(def->disks[i].store.path);
    }
}

/* Every incremental disk's checkpoint bitmap must be there and whole,
 * in each image of its chain since the checkpoint. */
static int
check_bitmaps(virDomainObj *vm, const virDomainBackupDef *def, GHashTable *bitmaps)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autofree char *node = NULL;

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        node = qemuBackupDiskNode(vm, disk);
        if (!node || !qemuBlockChainBitmap(bitmaps, node, disk->incremental, NULL)) {
            virReportError(VIR_ERR_CHECKPOINT_INCONSISTENT,
                           "missing or broken bitmap '%s' for disk '%s'",
                           disk->incremental, disk->name);
            return -1;
        }
    }
    return 0;
}

static void stop_job(virDomainObj *vm, const virDomainBackupDef *def);
static int settle(virDomainObj *vm);
static void discard_job_files(virDomainObj *vm);

static bool
checkpoint_exists(const char *name, void *opaque)
{
    virDomainObj *vm = opaque;

    return virDomainMomentFindByName(vm->checkpoints, name) != NULL;
}

static int
qemuDomainBackupBegin(virDomainPtr domain, const char *backup_xml,
                      const char *checkpoint_xml, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    bool reuse = flags & VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL;
    g_autoptr(virDomainBackupDef) def = NULL;
    g_autoptr(virDomainCheckpointDef) chkdef = NULL;
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();
    g_autoptr(GHashTable) nodes = NULL;
    g_autofree char *suffix = NULL;
    bool pull;
    qemuDomainObjPrivate *priv;
    virDomainObj *vm;
    size_t made = 0;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL, -1);
    if (!(def = virDomainBackupDefParseString(backup_xml, 0)))
        return -1;
    /* a checkpoint made with the backup names the generated images */
    if (checkpoint_xml) {
        if (!(chkdef = virDomainCheckpointDefParseString(checkpoint_xml, &driver->xmlopt, 0)))
            return -1;
        suffix = g_strdup(chkdef->parent.name);
    } else {
        suffix = g_strdup_printf("%lld", (long long)(g_get_real_time() / G_USEC_PER_SEC));
    }
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    priv = vm->privateData;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainBackupAlignDisks(def, vm->def, suffix) < 0)
        goto endjob;
    if (settle(vm) < 0)
        goto endjob;
    if (priv->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "another backup job is already running");
        goto endjob;
    }
    /* libvirt refuses a shut-off domain; tidemark serves its disks */
    if (!virDomainObjIsActive(vm) && qemuBackupOfflineStart(vm) < 0)
        goto endjob;
    pull = def->type == VIR_DOMAIN_BACKUP_TYPE_PULL;
    if (qemuBackupDefPrepare(def, false, checkpoint_exists, vm, &priv->next_node_index) < 0 ||
        (chkdef && qemuCheckpointPrepareWith(driver, vm, chkdef, actions) < 0))
        goto endjob;
    /* QEMU's nodes, read once: their bitmaps and sizes */
    if (!(nodes = qemuBlockGetBitmaps(vm)) || check_bitmaps(vm, def, nodes) < 0 ||
        prepare_images(vm, def, reuse, nodes, &made) < 0)
        goto rollback;
    /* the intent, before QEMU is touched: whose images, which names */
    if (reuse) {
        g_autofree char *marker = reuse_file(vm);

        if (!g_file_set_contents(marker, "", 0, NULL)) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "cannot write '%s'", marker);
            goto rollback;
        }
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].backup == VIR_TRISTATE_BOOL_YES)
            def->disks[i].state = VIR_DOMAIN_BACKUP_DISK_STATE_RUNNING;
    }
    if (marker_set(vm, MARKER_STARTING) < 0 || save_job(vm, def) < 0)
        goto rollback;
    if ((pull ? qemuBackupPullStart(vm, def, nodes, &actions) :
                qemuBackupPushStart(vm, def, nodes, &actions)) < 0)
        goto rollback;
    virFaultPoint("backup-begin-after-transaction");
    if (chkdef && qemuCheckpointFinishWith(driver, vm, &chkdef) < 0) {
        stop_job(vm, def);
        goto rollback;
    }

    if (qemuBackupStatsBegin(vm) < 0) {
        stop_job(vm, def);
        goto rollback;
    }
    /* from here the job is the caller's */
    marker_clear(vm, MARKER_STARTING);
    priv->backup = g_steal_pointer(&def);
    ret = 0;
    goto endjob;

 rollback:
    if (!reuse)
        remove_images(def, made);
    discard_job_files(vm);
 endjob:
    if (!priv->backup)
        qemuBackupOfflineStop(vm);
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

/* ---- end ---- */

/* The files of a job that never was or is over (job, markers). */
static void
discard_job_files(virDomainObj *vm)
{
    g_autofree char *path = job_file(vm);
    g_autofree char *reuse = reuse_file(vm);

    g_unlink(reuse);
    marker_clear(vm, MARKER_STARTING);
    marker_clear(vm, MARKER_ABORTING);
    virFileRemoveDurable(path);
}

/* Forgets the job of @vm: its files, and with @remove_images the
 * images tidemark made for it (a pull job's scratch images always; a
 * push job's targets when it did not complete). */
static void
forget_job(virDomainObj *vm, bool remove_images_too)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autofree char *marker = reuse_file(vm);

    /* a shut-off domain's daemon first: nothing holds the images after */
    qemuBackupOfflineStop(vm);
    if (remove_images_too && !g_file_test(marker, G_FILE_TEST_EXISTS))
        remove_images(priv->backup, priv->backup->ndisks);
    discard_job_files(vm);
    g_clear_pointer(&priv->backup, virDomainBackupDefFree);
}

/* The job of @vm ended as @stats (its type set) says: the record of the
 * completed job, the job-completed event, then forget_job. */
static void
job_ended(virDomainObj *vm, qemuBackupStats *stats, bool remove_images_too)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autoptr(virTypedParamList) list = virTypedParamListNew();
    virTypedParameterPtr params = NULL;
    int nparams = 0;

    qemuBackupStatsComplete(vm, stats);
    qemuBackupStatsToParams(stats, list);
    virTypedParamListSteal(list, &params, &nparams);
    virDomainEventStateQueueJobCompleted(priv->driver->events, vm->def->name, vm->def->uuid,
                                         vm->def->id, params, nparams);
    virTypedParamsFree(params, nparams);
    forget_job(vm, remove_images_too);
}

/* Ends the QEMU side of running job @def. */
static void
stop_job(virDomainObj *vm, const virDomainBackupDef *def)
{
    if (def->type == VIR_DOMAIN_BACKUP_TYPE_PULL)
        qemuBackupPullStop(vm, def);
    else
        qemuBackupPushStop(vm, def);
}

/* Ends the job of @vm being aborted (its marker set): QEMU's side
 * stopped (again: every step tolerates what is gone), the job ended. */
static void
end_aborted(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_auto(qemuBackupStats) stats = { 0 };
    bool pull = priv->backup->type == VIR_DOMAIN_BACKUP_TYPE_PULL;

    /* QEMU's figures before the jobs go; none is no reason to keep the
     * job running */
    if (qemuBackupStatsQuery(vm, priv->backup, &stats) < 0)
        virResetLastError();
    stop_job(vm, priv->backup);
    virFaultPoint("backup-abort-after-stop");
    /* libvirt's outcome: a pull job ends by being cancelled, so it
     * completed; a push job was cancelled. QEMU's message for a
     * cancelled job is strerror(ECANCELED). */
    stats.type = pull ? VIR_DOMAIN_JOB_COMPLETED : VIR_DOMAIN_JOB_CANCELLED;
    if (!stats.errmsg)
        stats.errmsg = g_strdup(g_strerror(ECANCELED));
    job_ended(vm, &stats, true);
}

/* A push job that ended by itself is settled here, by whichever call
 * looks next: its nodes and bitmaps removed, the job forgotten, its
 * targets kept unless it failed. Returns 0, or -1 with an error set. */
static int
settle(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_auto(qemuBackupStats) stats = { 0 };
    bool failed = false;
    int rc;

    if (priv->backup && qemuBackupOfflineGone(vm)) {
        /* the storage daemon of a shut-off domain died: the job with it,
         * as a job goes with its QEMU */
        stats.type = VIR_DOMAIN_JOB_CANCELLED;
        stats.elapsed = qemuBackupStatsElapsed(vm);
        job_ended(vm, &stats, true);
        return 0;
    }
    if (!priv->backup || !qemuDomainObjHasMonitor(vm))
        return 0;
    if (marker_exists(vm, MARKER_STARTING)) {
        /* a begin that never returned: its caller was not told of a
         * job, so none is left (QEMU's side undone, images removed) */
        stop_job(vm, priv->backup);
        forget_job(vm, true);
        return 0;
    }
    if (marker_exists(vm, MARKER_ABORTING)) {
        end_aborted(vm);
        return 0;
    }
    if (priv->backup->type == VIR_DOMAIN_BACKUP_TYPE_PULL)
        return 0;
    /* QEMU's figures before its jobs are dismissed */
    if (qemuBackupStatsQuery(vm, priv->backup, &stats) < 0)
        return -1;
    if ((rc = qemuBackupPushSettle(vm, priv->backup, &failed)) <= 0)
        return rc;
    stats.type = failed ? VIR_DOMAIN_JOB_FAILED : VIR_DOMAIN_JOB_COMPLETED;
    job_ended(vm, &stats, failed);
    return 0;
}

int
qemuBackupSettle(virDomainObj *vm)
{
    return settle(vm);
}

void
qemuBackupJobConcluded(virDomainObj *vm)
{
    if (qemuDomainObjBeginJob(vm) < 0) {
        /* a later call settles it */
        virResetLastError();
        return;
    }
    if (settle(vm) < 0)
        virResetLastError();
    qemuDomainObjEndJob(vm);
}

void
qemuBackupDomainStopped(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_auto(qemuBackupStats) stats = { 0 };

    if (!priv || !priv->backup)
        return;
    /* as libvirt: a job that goes with its QEMU was cancelled */
    stats.type = VIR_DOMAIN_JOB_CANCELLED;
    stats.elapsed = qemuBackupStatsElapsed(vm);
    job_ended(vm, &stats, true);
}

static int
qemuDomainAbortJobFlags(virDomainPtr domain, unsigned int flags)
{
    qemuDomainObjPrivate *priv;
    virDomainObj *vm;
    int ret = -1;

    virCheckFlags(0, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    priv = vm->privateData;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (!virDomainObjIsActive(vm) && !priv->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        goto endjob;
    }
    if (settle(vm) < 0)
        goto endjob;
    if (!priv->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "no job is active on the domain");
        goto endjob;
    }
    if (marker_set(vm, MARKER_ABORTING) < 0)
        goto endjob;
    end_aborted(vm);
    ret = 0;

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainAbortJob(virDomainPtr domain)
{
    return qemuDomainAbortJobFlags(domain, 0);
}

static char *
qemuDomainBackupGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    qemuDomainObjPrivate *priv;
    virDomainObj *vm;
    char *xml = NULL;

    virCheckFlags(0, NULL);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    priv = vm->privateData;
    /* the job slot: a push job that ended is settled first */
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (settle(vm) < 0)
        goto endjob;
    if (!priv->backup)
        virReportError(VIR_ERR_NO_DOMAIN_BACKUP, "%s", "no domain backup job present");
    else
        xml = virDomainBackupDefFormat(priv->backup, false);
 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return xml;
}

/* ---- statistics ---- */

/* The statistics of @vm's running job (@completed false) or of the last
 * one that ended; *@have false when there is none. As libvirt: the
 * running job's need a running domain, a completed record is forgotten
 * once read unless @keep, and is not shown while a job runs. */
static int
job_stats(virDomainPtr domain, bool completed, bool keep, qemuBackupStats *stats, bool *have)
{
    qemuDomainObjPrivate *priv;
    virDomainObj *vm;
    int ret = -1;

    *have = false;
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    priv = vm->privateData;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    /* a shut-off domain's job (tidemark's own) is reported like any */
    if (!completed && !virDomainObjIsActive(vm) && !priv->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        goto endjob;
    }
    /* a push job that ended becomes the completed one first */
    if (settle(vm) < 0)
        goto endjob;
    if (completed) {
        int rc = priv->backup ? 0 : qemuBackupStatsCompleted(vm, stats, !keep);

        if (rc < 0)
            goto endjob;
        *have = rc > 0;
    } else if (priv->backup) {
        if (qemuBackupStatsQuery(vm, priv->backup, stats) < 0)
            goto endjob;
        *have = true;
    }
    ret = 0;

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainGetJobInfo(virDomainPtr domain, virDomainJobInfoPtr info)
{
    g_auto(qemuBackupStats) stats = { 0 };
    bool have = false;

    memset(info, 0, sizeof(*info));
    if (job_stats(domain, false, false, &stats, &have) < 0)
        return -1;
    if (have)
        qemuBackupStatsToInfo(&stats, info);
    return 0;
}

static int
qemuDomainGetJobStats(virDomainPtr domain, int *type, virTypedParameterPtr *params,
                      int *nparams, unsigned int flags)
{
    g_auto(qemuBackupStats) stats = { 0 };
    g_autoptr(virTypedParamList) list = virTypedParamListNew();
    bool have = false;

    virCheckFlags(VIR_DOMAIN_JOB_STATS_COMPLETED | VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED, -1);
    if (job_stats(domain, flags & VIR_DOMAIN_JOB_STATS_COMPLETED,
                  flags & VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED, &stats, &have) < 0)
        return -1;
    *type = have ? stats.type : VIR_DOMAIN_JOB_NONE;
    if (have)
        qemuBackupStatsToParams(&stats, list);
    virTypedParamListSteal(list, params, nparams);
    return 0;
}

/* ---- a disk's part of the job ---- */

/* The block job of @disk: the disk's part of a backup job, as libvirt
 * registers it (type BACKUP, QEMU's progress as cur/end). */
static int
qemuDomainGetBlockJobInfo(virDomainPtr domain, const char *disk,
                          virDomainBlockJobInfoPtr info, unsigned int flags)
{
    qemuDomainObjPrivate *priv;
    virDomainObj *vm;
    const virDomainBackupDiskDef *bdisk = NULL;
    g_autoptr(virJSONValue) jobs = NULL;
    g_autofree char *id = NULL;
    int idx;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    priv = vm->privateData;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainObjCheckActive(vm) < 0)
        goto endjob;
    if ((idx = virDomainDiskIndexByName(vm->def, disk)) < 0) {
        virReportError(VIR_ERR_INVALID_ARG, "disk '%s' not found in domain", disk);
        goto endjob;
    }
    if (settle(vm) < 0)
        goto endjob;
    for (size_t i = 0; priv->backup && i < priv->backup->ndisks; i++) {
        if (STREQ(priv->backup->disks[i].name, vm->def->disks[idx]->dst) &&
            priv->backup->disks[i].backup == VIR_TRISTATE_BOOL_YES)
            bdisk = &priv->backup->disks[i];
    }
    if (!bdisk) {
        ret = 0;
        goto endjob;
    }
    if (qemuBackupRun(vm, "query-block-jobs", NULL, &jobs) < 0)
        goto endjob;
    id = qemuBackupJobName(bdisk);
    info->type = VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP;
    /* a job QEMU no longer lists is shown unfinished, as libvirt does */
    info->end = 1;
    for (size_t j = 0; j < virJSONValueArraySize(jobs); j++) {
        virJSONValue *job = virJSONValueArrayGet(jobs, j);
        long long offset = 0;
        long long len = 0;
        long long speed = 0;

        if (g_strcmp0(virJSONValueObjectGetString(job, "device"), id) != 0)
            continue;
        virJSONValueObjectGetNumberLong(job, "offset", &offset);
        virJSONValueObjectGetNumberLong(job, "len", &len);
        virJSONValueObjectGetNumberLong(job, "speed", &speed);
        info->cur = offset;
        info->end = len;
        info->bandwidth = flags & VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES ?
                          (unsigned long)speed : (unsigned long)(speed >> 20);
    }
    ret = 1;

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

void
qemuBackupMethods(virConnectDriver *drv)
{
    drv->domainGetBlockJobInfo = qemuDomainGetBlockJobInfo;
    drv->domainGetJobInfo = qemuDomainGetJobInfo;
    drv->domainGetJobStats = qemuDomainGetJobStats;
    drv->domainBackupBegin = qemuDomainBackupBegin;
    drv->domainBackupGetXMLDesc = qemuDomainBackupGetXMLDesc;
    drv->domainAbortJob = qemuDomainAbortJob;
    drv->domainAbortJobFlags = qemuDomainAbortJobFlags;
}
