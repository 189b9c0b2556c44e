/*
 * qemu_backup.c: pull-mode backups of a running domain (fleecing + NBD)
 *
 * libvirt 9.0's scheme, QMP recipe in facts/qemu.md: every backed-up
 * disk gets a scratch qcow2 node whose backing is the disk's own node; a
 * sync=none backup job copies what the guest is about to overwrite into
 * it, so the scratch node shows the disk frozen at the start; an NBD
 * server exports each scratch node, with the dirty map of an incremental
 * backup as a disabled temporary bitmap "backup-<disk>" (merged from the
 * checkpoint's bitmap). The job lives in QEMU and outlives the process
 * that began it: its definition (with each image's node index, from
 * which every node, job and export name follows) is kept in the run
 * directory, so a later process shows it and ends it.
 */
#include "internal.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "qemu/qemu_backup.h"
#include "qemu/qemu_backup_def.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_checkpoint.h"
#include "qemu/qemu_command.h"
#include "conf/checkpoint_obj.h"
#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* how long an aborted job may take to conclude */
#define QEMU_BACKUP_CANCEL_WAIT_US (10 * G_USEC_PER_SEC)

/* ---- names (libvirt's) ---- */

static char *
store_node(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("libvirt-%u-format", disk->store.index);
}

static char *
store_file_node(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("libvirt-%u-storage", disk->store.index);
}

static char *
job_name(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("backup-%s-libvirt-%u-format", disk->name, disk->store.index);
}

static char *
export_id(const virDomainBackupDiskDef *disk)
{
    return g_strdup_printf("libvirt-nbd-libvirt-%u-format", disk->store.index);
}

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

/* The domain's node of backed-up @disk. */
static char *
disk_node(virDomainObj *vm, const virDomainBackupDiskDef *disk)
{
    int idx = virDomainDiskIndexByName(vm->def, disk->name);

    return idx < 0 ? NULL : qemuDiskNodeName(vm->def, idx, true);
}

/* ---- monitor helpers ---- */

/* Runs @name(@args) on running @vm; the reply's "return" in *@ret if
 * wanted. */
static int
run_command(virDomainObj *vm, const char *name, virJSONValue **args, virJSONValue **ret)
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
static void
run_cleanup(virDomainObj *vm, const char *name, virJSONValue *args)
{
    virErrorPtr saved = virSaveLastError();

    if (virDomainObjIsActive(vm))
        run_command(vm, name, &args, NULL);
    virJSONValueFree(args);
    virSetError(saved);
    virFreeError(saved);
}

static virJSONValue *
args_new(const char *key, const char *value)
{
    virJSONValue *args = virJSONValueNewObject();

    virJSONValueObjectAppendString(args, key, value);
    return args;
}

/* As args_new with @value taken (freed here). */
static virJSONValue *
args_take(const char *key, char *value)
{
    virJSONValue *args = args_new(key, value);

    g_free(value);
    return args;
}

static void
append_take(virJSONValue *object, const char *key, char *value)
{
    virJSONValueObjectAppendString(object, key, value);
    g_free(value);
}

static void
array_append_string(virJSONValue *array, const char *value)
{
    g_autoptr(virJSONValue) str = virJSONValueNewString(value);

    virJSONValueArrayAppend(array, &str);
}

/* Virtual size of node @node, from query-named-block-nodes. */
static int
node_size(virDomainObj *vm, const char *node, unsigned long long *size)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) nodes = NULL;

    virJSONValueObjectAppendBoolean(args, "flat", true);
    if (run_command(vm, "query-named-block-nodes", &args, &nodes) < 0)
        return -1;
    for (size_t i = 0; i < virJSONValueArraySize(nodes); i++) {
        virJSONValue *n = virJSONValueArrayGet(nodes, i);
        long long value = 0;

        if (g_strcmp0(virJSONValueObjectGetString(n, "node-name"), node) != 0)
            continue;
        if (virJSONValueObjectGetNumberLong(virJSONValueObjectGetObject(n, "image"),
                                            "virtual-size", &value) < 0)
            break;
        *size = value;
        return 0;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, "cannot find size of node '%s'", node);
    return -1;
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

/* The scratch images of @def: made (unless the caller did) and checked. */
static int
prepare_images(virDomainObj *vm, virDomainBackupDef *def, bool reuse, size_t *made)
{
    for (*made = 0; *made < def->ndisks; (*made)++) {
        virDomainBackupDiskDef *disk = &def->disks[*made];
        g_autofree char *node = NULL;
        g_autofree char *size = NULL;
        unsigned long long bytes = 0;
        g_autoptr(GError) err = NULL;
        g_autofree char *out = NULL;
        int status = 0;

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        if (!disk->store.path) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "no scratch image given for disk '%s'", disk->name);
            return -1;
        }
        if (reuse) {
            if (!g_file_test(disk->store.path, G_FILE_TEST_EXISTS)) {
                virReportError(VIR_ERR_INVALID_ARG,
                               "missing scratch image '%s' for disk '%s'",
                               disk->store.path, disk->name);
                return -1;
            }
            continue;
        }
        if (g_file_test(disk->store.path, G_FILE_TEST_EXISTS)) {
            virReportError(VIR_ERR_INVALID_ARG, "store '%s' for backup of '%s' exists",
                           disk->store.path, disk->name);
            return -1;
        }
        if (!(node = disk_node(vm, disk)) || node_size(vm, node, &bytes) < 0)
            return -1;
        size = g_strdup_printf("%llu", bytes);
        {
            const char *argv[] = { ((qemuDomainObjPrivate *)vm->privateData)->driver->cfg->qemu_img, "create",
                                   "-q", "-f", "qcow2", disk->store.path, size, NULL };

            if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH |
                              G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &out,
                              &status, &err) ||
                !g_spawn_check_exit_status(status, NULL)) {
                virReportError(VIR_ERR_OPERATION_FAILED,
                               "cannot create scratch image '%s': %s", disk->store.path,
                               err ? err->message : (out ? g_strstrip(out) : ""));
                return -1;
            }
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

/* Every incremental disk's checkpoint bitmap must be there and whole. */
static int
check_bitmaps(virDomainObj *vm, const virDomainBackupDef *def)
{
    g_autoptr(GHashTable) bitmaps = NULL;

    for (size_t i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autofree char *node = NULL;
        qemuBlockBitmap *b;

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        if (!bitmaps && !(bitmaps = qemuBlockGetBitmaps(vm)))
            return -1;
        node = disk_node(vm, disk);
        b = qemuBlockFindBitmap(bitmaps, node, disk->incremental);
        if (!b || b->inconsistent || !b->persistent) {
            virReportError(VIR_ERR_CHECKPOINT_INCONSISTENT,
                           "missing or broken bitmap '%s' for disk '%s'",
                           disk->incremental, disk->name);
            return -1;
        }
    }
    return 0;
}

/* Undoes what start_pull did, in reverse order; @step says how far it got. */
typedef enum {
    STEP_NODES = 1,     /* scratch nodes added */
    STEP_BITMAPS,       /* temporary bitmaps added */
    STEP_SERVER,        /* NBD server started */
    STEP_JOBS,          /* the transaction ran: jobs exist */
    STEP_EXPORTS,       /* exports added */
} pullStep;

static void stop_pull(virDomainObj *vm, const virDomainBackupDef *def, pullStep step);

/* @checkpoint_actions: a checkpoint's bitmap additions, run in the
 * backup's transaction (taken). */
static int
start_pull(virDomainObj *vm, const virDomainBackupDef *def, virJSONValue **checkpoint_actions)
{
    g_autoptr(virJSONValue) actions = g_steal_pointer(checkpoint_actions);
    pullStep step = 0;
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autoptr(virJSONValue) args = virJSONValueNewObject();
        g_autoptr(virJSONValue) file = virJSONValueNewObject();
        g_autofree char *node = disk_node(vm, disk);

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        virJSONValueObjectAppendString(file, "driver", "file");
        virJSONValueObjectAppendString(file, "filename", disk->store.path);
        append_take(file, "node-name", store_file_node(disk));
        virJSONValueObjectAppendString(args, "driver", "qcow2");
        append_take(args, "node-name", store_node(disk));
        virJSONValueObjectAppend(args, "file", &file);
        virJSONValueObjectAppendString(args, "backing", node);
        if (run_command(vm, "blockdev-add", &args, NULL) < 0)
            goto error;
        step = STEP_NODES;
    }
    step = STEP_NODES;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autoptr(virJSONValue) args = NULL;
        g_autoptr(virJSONValue) merge = NULL;
        g_autoptr(virJSONValue) sources = NULL;
        g_autofree char *node = NULL;

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        node = disk_node(vm, disk);
        args = args_new("node", node);
        virJSONValueObjectAppendString(args, "name", disk->exportbitmap);
        virJSONValueObjectAppendBoolean(args, "persistent", false);
        virJSONValueObjectAppendBoolean(args, "disabled", true);
        if (run_command(vm, "block-dirty-bitmap-add", &args, NULL) < 0)
            goto error;
        merge = args_new("node", node);
        virJSONValueObjectAppendString(merge, "target", disk->exportbitmap);
        sources = virJSONValueNewArray();
        array_append_string(sources, disk->incremental);
        virJSONValueObjectAppend(merge, "bitmaps", &sources);
        {
            g_autoptr(virJSONValue) action = args_new("type", "block-dirty-bitmap-merge");

            virJSONValueObjectAppend(action, "data", &merge);
            virJSONValueArrayAppend(actions, &action);
        }
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
            append_take(data, "port", g_strdup_printf("%u", def->server_port));
        }
        virJSONValueObjectAppend(addr, "data", &data);
        virJSONValueObjectAppend(args, "addr", &addr);
        if (run_command(vm, "nbd-server-start", &args, NULL) < 0)
            goto error;
    }
    step = STEP_SERVER;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autoptr(virJSONValue) data = NULL;
        g_autoptr(virJSONValue) action = NULL;

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        data = args_take("job-id", job_name(disk));
        append_take(data, "device", disk_node(vm, disk));
        append_take(data, "target", store_node(disk));
        virJSONValueObjectAppendString(data, "sync", "none");
        virJSONValueObjectAppendBoolean(data, "auto-dismiss", false);
        action = args_new("type", "blockdev-backup");
        virJSONValueObjectAppend(action, "data", &data);
        virJSONValueArrayAppend(actions, &action);
    }
    if (qemuBlockTransaction(vm, &actions) < 0)
        goto error;
    step = STEP_JOBS;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        g_autoptr(virJSONValue) args = NULL;

        if (disk->backup != VIR_TRISTATE_BOOL_YES)
            continue;
        args = args_new("type", "nbd");
        append_take(args, "id", export_id(disk));
        append_take(args, "node-name", store_node(disk));
        virJSONValueObjectAppendString(args, "name", disk->exportname);
        virJSONValueObjectAppendBoolean(args, "writable", false);
        if (disk->exportbitmap && disk->incremental) {
            g_autoptr(virJSONValue) bitmaps = virJSONValueNewArray();

            array_append_string(bitmaps, disk->exportbitmap);
            virJSONValueObjectAppend(args, "bitmaps", &bitmaps);
        }
        if (run_command(vm, "block-export-add", &args, NULL) < 0)
            goto error;
    }
    return 0;

 error:
    stop_pull(vm, def, step == STEP_JOBS ? STEP_EXPORTS : step);
    return -1;
}

/* Waits until QEMU's job @id has concluded, then dismisses it. */
static void
dismiss_job(virDomainObj *vm, const char *id)
{
    gint64 deadline = g_get_monotonic_time() + QEMU_BACKUP_CANCEL_WAIT_US;

    while (virDomainObjIsActive(vm) && g_get_monotonic_time() < deadline) {
        g_autoptr(virJSONValue) jobs = NULL;
        const char *status = NULL;

        if (run_command(vm, "query-jobs", NULL, &jobs) < 0)
            break;
        for (size_t i = 0; i < virJSONValueArraySize(jobs); i++) {
            virJSONValue *job = virJSONValueArrayGet(jobs, i);

            if (g_strcmp0(virJSONValueObjectGetString(job, "id"), id) == 0)
                status = virJSONValueObjectGetString(job, "status");
        }
        if (!status)
            return;
        if (STREQ(status, "concluded")) {
            run_cleanup(vm, "job-dismiss", args_new("id", id));
            return;
        }
        g_usleep(10 * 1000);
    }
}

static void
stop_pull(virDomainObj *vm, const virDomainBackupDef *def, pullStep step)
{
    size_t i;

    for (i = 0; step >= STEP_EXPORTS && i < def->ndisks; i++) {
        virJSONValue *args;

        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        /* hard: a connected client must not hold the job open */
        args = args_take("id", export_id(&def->disks[i]));
        virJSONValueObjectAppendString(args, "mode", "hard");
        run_cleanup(vm, "block-export-del", args);
    }
    if (step >= STEP_SERVER)
        run_cleanup(vm, "nbd-server-stop", NULL);
    for (i = 0; step >= STEP_JOBS && i < def->ndisks; i++) {
        g_autofree char *id = NULL;
        virJSONValue *args;

        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        id = job_name(&def->disks[i]);
        args = args_new("device", id);
        virJSONValueObjectAppendBoolean(args, "force", true);
        run_cleanup(vm, "block-job-cancel", args);
        dismiss_job(vm, id);
    }
    for (i = 0; step >= STEP_BITMAPS && i < def->ndisks; i++) {
        const virDomainBackupDiskDef *disk = &def->disks[i];
        virJSONValue *args;

        if (disk->backup != VIR_TRISTATE_BOOL_YES || !disk->incremental)
            continue;
        args = args_take("node", disk_node(vm, disk));
        virJSONValueObjectAppendString(args, "name", disk->exportbitmap);
        run_cleanup(vm, "block-dirty-bitmap-remove", args);
    }
    for (i = 0; step >= STEP_NODES && i < def->ndisks; i++) {
        if (def->disks[i].backup != VIR_TRISTATE_BOOL_YES)
            continue;
        run_cleanup(vm, "blockdev-del", args_take("node-name", store_node(&def->disks[i])));
    }
}

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
    g_autofree char *suffix = NULL;
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
    if (!virDomainObjIsActive(vm)) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot perform disk backup for inactive domain");
        goto endjob;
    }
    if (virDomainBackupAlignDisks(def, vm->def, suffix) < 0)
        goto endjob;
    if (priv->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "another backup job is already running");
        goto endjob;
    }
    if (qemuBackupDefPrepare(def, false, checkpoint_exists, vm, &priv->next_node_index) < 0 ||
        (chkdef && qemuCheckpointPrepareWith(driver, vm, chkdef, actions) < 0))
        goto endjob;
    if (def->type != VIR_DOMAIN_BACKUP_TYPE_PULL) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "push mode backups are not supported yet");
        goto endjob;
    }
    if (check_bitmaps(vm, def) < 0 || prepare_images(vm, def, reuse, &made) < 0)
        goto rollback;
    if (start_pull(vm, def, &actions) < 0)
        goto rollback;
    if (chkdef && qemuCheckpointFinishWith(driver, vm, &chkdef) < 0) {
        stop_pull(vm, def, STEP_EXPORTS);
        goto rollback;
    }

    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].backup == VIR_TRISTATE_BOOL_YES)
            def->disks[i].state = VIR_DOMAIN_BACKUP_DISK_STATE_RUNNING;
    }
    if (reuse) {
        g_autofree char *marker = reuse_file(vm);

        if (!g_file_set_contents(marker, "", 0, NULL)) {
            virReportError(VIR_ERR_SYSTEM_ERROR, "cannot write '%s'", marker);
            stop_pull(vm, def, STEP_EXPORTS);
            goto rollback;
        }
    }
    if (save_job(vm, def) < 0) {
        stop_pull(vm, def, STEP_EXPORTS);
        goto rollback;
    }
    priv->backup = g_steal_pointer(&def);
    ret = 0;
    goto endjob;

 rollback:
    if (!reuse)
        remove_images(def, made);
 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

/* ---- end ---- */

/* Forgets the job of @vm: files, and the images tidemark made. */
static void
forget_job(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autofree char *path = job_file(vm);
    g_autofree char *marker = reuse_file(vm);

    if (!g_file_test(marker, G_FILE_TEST_EXISTS))
        remove_images(priv->backup, priv->backup->ndisks);
    g_unlink(marker);
    virFileRemoveDurable(path);
    g_clear_pointer(&priv->backup, virDomainBackupDefFree);
}

void
qemuBackupDomainStopped(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    if (priv && priv->backup)
        forget_job(vm);
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
    if (!virDomainObjIsActive(vm)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is not running");
        goto endjob;
    }
    if (!priv->backup) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "no job is active on the domain");
        goto endjob;
    }
    stop_pull(vm, priv->backup, STEP_EXPORTS);
    forget_job(vm);
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
    if (!priv->backup)
        virReportError(VIR_ERR_NO_DOMAIN_BACKUP, "%s", "no domain backup job present");
    else
        xml = virDomainBackupDefFormat(priv->backup, false);
    virDomainObjEndAPI(&vm);
    return xml;
}

void
qemuBackupMethods(virConnectDriver *drv)
{
    drv->domainBackupBegin = qemuDomainBackupBegin;
    drv->domainBackupGetXMLDesc = qemuDomainBackupGetXMLDesc;
    drv->domainAbortJob = qemuDomainAbortJob;
    drv->domainAbortJobFlags = qemuDomainAbortJobFlags;
}
