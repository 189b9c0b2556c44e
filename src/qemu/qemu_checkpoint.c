/*
 * qemu_checkpoint.c: checkpoints as persistent qcow2 dirty bitmaps
 *
 * libvirt 9.0's scheme, so an image means the same under both: one
 * persistent bitmap per checkpoint per disk, named as the checkpoint,
 * every one left enabled (each records all writes since its own
 * checkpoint, so a checkpoint's SIZE is its own bitmap's count and
 * deleting one loses nothing its parent needs). A create is one QMP
 * transaction over every selected disk; then the metadata file is
 * written atomically. A crash between the two leaves a bitmap without
 * a checkpoint, which checkpoint-verify reports.
 */
#include "internal.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "qemu/qemu_checkpoint.h"
#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_chain.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_command.h"
#include "conf/checkpoint_obj.h"
#include "conf/moment_obj.h"
#include "util/virfault.h"
#include "util/virfile.h"
#include <tidemark/tidemark-extensions.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* ---- metadata files ---- */

static char *
metadata_path(qemuDriver *driver, virDomainObj *vm, const char *name)
{
    g_autofree char *dir = qemuDomainCheckpointDir(driver, vm->def->name);

    return qemuDomainMomentFile(dir, name);
}

static int
write_metadata(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *chk)
{
    g_autofree char *dir = qemuDomainCheckpointDir(driver, vm->def->name);
    g_autofree char *xml = virDomainCheckpointDefFormat(virDomainCheckpointObjGetDef(chk),
                                                        VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE);

    return qemuDomainWriteMomentFile(dir, chk->def->name, xml);
}

/* Removes a checkpoint's file. On a running domain the directory sync
 * waits for QEMU's stop, as a create's does (create_new): the images
 * reach their final state only then. */
static int
remove_metadata(qemuDriver *driver, virDomainObj *vm, const char *name)
{
    g_autofree char *path = metadata_path(driver, vm, name);

    if (virDomainObjIsActive(vm) && g_unlink(path) < 0 && errno != ENOENT) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot remove file '%s': %s",
                       path, g_strerror(errno));
        return -1;
    }
    return virDomainObjIsActive(vm) ? 0 : virFileRemoveDurable(path);
}

void
qemuCheckpointSyncMetadata(qemuDriver *driver, virDomainObj *vm)
{
    g_autofree char *dir = qemuDomainCheckpointDir(driver, vm->def->name);

    if (g_file_test(dir, G_FILE_TEST_IS_DIR) && virFileSyncDir(dir) < 0) {
        /* nothing to undo: the names are as the driver left them */
        g_printerr("tidemark: %s\n", virGetLastErrorMessage());
        virResetLastError();
    }
}

void
qemuCheckpointLoadAll(qemuDriver *driver, virDomainObj *vm)
{
    g_autofree char *dir = qemuDomainCheckpointDir(driver, vm->def->name);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    if (!d)
        return;
    while ((entry = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);
        g_autofree char *xml = NULL;
        g_autoptr(virDomainCheckpointDef) def = NULL;

        if (strstr(entry, VIR_FILE_STAGED_MARK)) {
            /* a metadata write a crash interrupted: never in place */
            g_unlink(path);
            continue;
        }
        if (!g_str_has_suffix(entry, ".xml"))
            continue;
        if (!g_file_get_contents(path, &xml, NULL, NULL) ||
            !(def = virDomainCheckpointDefParseString(xml, &driver->xmlopt,
                                                      VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE)) ||
            !virDomainMomentAssignDef(vm->checkpoints, &def->parent)) {
            /* one broken file must not hide the others */
            g_printerr("tidemark: cannot load checkpoint metadata '%s': %s\n", path,
                       virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        def = NULL;
    }
    if (virDomainMomentUpdateRelations(vm->checkpoints) < 0) {
        g_printerr("tidemark: the checkpoints of '%s' do not form a tree; "
                   "the broken ones are roots now\n", vm->def->name);
        virResetLastError();
    }
    /* libvirt's rule: after a reload the only leaf is current */
    virDomainMomentSetCurrent(vm->checkpoints, virDomainMomentFindLeaf(vm->checkpoints));
}

/* ---- helpers ---- */

static virDomainObj *
checkpoint_lookup(virDomainCheckpointPtr checkpoint, virDomainMomentObj **chk)
{
    virDomainObj *vm = qemuDomObjFromDomain(checkpoint->domain);

    if (vm && !(*chk = virDomainCheckpointFindByNameReport(vm, checkpoint->name,
                                                           VIR_FROM_THIS)))
        virDomainObjEndAPI(&vm);
    return vm;
}

/* Index of the domain disk @dst, or -1. */
static int
disk_index(const virDomainDef *def, const char *dst)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (STREQ(def->disks[i]->dst, dst))
            return (int)i;
    }
    return -1;
}

/* libvirt's checks of a new checkpoint's disks: every bitmap named as
 * the checkpoint, on a qcow2 image. */
static int
check_disks(virDomainObj *vm, virDomainCheckpointDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx;

        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP)
            continue;
        if (STRNEQ(disk->bitmap, def->parent.name)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "bitmap for disk '%s' must match checkpoint name '%s'",
                           disk->name, def->parent.name);
            return -1;
        }
        idx = disk_index(vm->def, disk->name);
        if (idx < 0 || g_strcmp0(vm->def->disks[idx]->driver_type, "qcow2") != 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "checkpoint for disk %s unsupported for storage type %s",
                           disk->name, idx < 0 ? "none" :
                           NULLSTR(vm->def->disks[idx]->driver_type));
            return -1;
        }
    }
    return 0;
}

/* Bitmap actions for every bitmap disk of @def on running @vm. */
static void
bitmap_actions(virDomainObj *vm, virDomainCheckpointDef *def, bool add,
               virJSONValue *actions)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx = disk_index(vm->def, disk->name);
        g_autofree char *node = NULL;

        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0)
            continue;
        node = qemuDiskNodeName(vm->def, idx, true);
        if (add)
            qemuBlockActionBitmapAdd(actions, node, disk->bitmap, true, 0);
        else
            qemuBlockActionBitmapRemove(actions, node, disk->bitmap);
    }
}

/* Whether every bitmap of @def is present and usable on running @vm,
 * along each disk's chain (reports CHECKPOINT_INCONSISTENT naming the
 * first that is not). */
static int
validate_bitmaps(virDomainObj *vm, virDomainCheckpointDef *def)
{
    g_autoptr(GHashTable) bitmaps = NULL;

    if (virDomainObjCheckActive(vm) < 0 || !(bitmaps = qemuBlockGetBitmaps(vm)))
        return -1;
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx = disk_index(vm->def, disk->name);
        g_autofree char *node = NULL;

        /* a disk gone since (detached) is tolerated, as in libvirt */
        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0)
            continue;
        node = qemuDiskNodeName(vm->def, idx, true);
        if (!qemuBlockChainBitmap(bitmaps, node, def->parent.name, NULL)) {
            virReportError(VIR_ERR_CHECKPOINT_INCONSISTENT,
                           "missing or broken bitmap '%s' for disk '%s'",
                           def->parent.name, disk->name);
            return -1;
        }
    }
    return 0;
}

/* ---- create ---- */

/* What a new checkpoint (online or offline) needs before its bitmaps
 * are added: a free name, the domain definition it records, its disk
 * list completed as libvirt completes it, and libvirt's disk checks. */
static int
prepare_new(qemuDriver *driver, virDomainObj *vm, virDomainCheckpointDef *def)
{
    if (virDomainMomentFindByName(vm->checkpoints, def->parent.name)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "domain moment %s already exists",
                       def->parent.name);
        return -1;
    }
    if (!(def->parent.dom = virDomainObjGetDefCopy(vm, &driver->xmlopt)) ||
        virDomainCheckpointAlignDisks(def) < 0 ||
        check_disks(vm, def) < 0)
        return -1;
    return 0;
}

/* A live create: the transaction that adds the bitmaps is sent first,
 * and while QEMU runs it the metadata file is written and synced under
 * a temporary name; only a successful transaction puts it in place. So
 * the file's cost hides behind QEMU's, and the order stays the crash-safe
 * one: a crash before the rename leaves bitmaps without a checkpoint
 * (checkpoint-verify names them), never a checkpoint without bitmaps.
 * The directory is synced when QEMU stops (qemuCheckpointSyncMetadata),
 * not here: QEMU writes a new bitmap into the image only when it closes
 * it, so before that a power loss takes the bitmap whatever happens to
 * the file, and a rename made durable now would only leave a checkpoint
 * whose bitmap is gone. */
static virDomainMomentObj *
create_new(qemuDriver *driver, virDomainObj *vm, virDomainCheckpointDef **def)
{
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    virDomainMomentObj *chk;
    virFileStaged *staged;
    qemuMonitorCall *call;

    if (qemuCheckpointPrepareWith(driver, vm, *def, actions) < 0)
        return NULL;
    path = metadata_path(driver, vm, (*def)->parent.name);
    call = qemuBlockTransactionStart(vm, &actions);
    xml = virDomainCheckpointDefFormat(*def, VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE);
    staged = virFileStageAtomic(path, xml, strlen(xml), 0600);
    if (qemuBlockTransactionFinish(vm, call) < 0 || !staged) {
        /* a failed stage after a good transaction: the bitmaps exist,
         * and checkpoint-verify shows them as bitmaps without a checkpoint */
        virFileStagedDiscard(staged);
        return NULL;
    }
    virFaultPoint("checkpoint-create-after-transaction");
    if (virFileStagedCommit(staged, false) < 0)
        return NULL;
    if (!(chk = virDomainMomentAssignDef(vm->checkpoints, &(*def)->parent))) {
        virFileRemoveDurable(path);
        return NULL;
    }
    *def = NULL;
    return chk;
}

int
qemuCheckpointPrepareWith(qemuDriver *driver, virDomainObj *vm,
                          virDomainCheckpointDef *def, virJSONValue *actions)
{
    g_autofree char *dir = qemuDomainCheckpointDir(driver, vm->def->name);
    virDomainMomentObj *current;

    if (prepare_new(driver, vm, def) < 0 || virFileMakePath(dir) < 0)
        return -1;
    if ((current = virDomainMomentGetCurrent(vm->checkpoints)))
        def->parent.parent_name = g_strdup(current->def->name);
    bitmap_actions(vm, def, true, actions);
    return 0;
}

int
qemuCheckpointFinishWith(qemuDriver *driver, virDomainObj *vm, virDomainCheckpointDef **def)
{
    g_autofree char *path = metadata_path(driver, vm, (*def)->parent.name);
    g_autofree char *xml = virDomainCheckpointDefFormat(*def,
                                                        VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE);
    virFileStaged *staged = virFileStageAtomic(path, xml, strlen(xml), 0600);
    virDomainMomentObj *chk;

    /* durable at QEMU's stop, as a plain live create (create_new) */
    if (!staged || virFileStagedCommit(staged, false) < 0)
        return -1;
    if (!(chk = virDomainMomentAssignDef(vm->checkpoints, &(*def)->parent))) {
        virFileRemoveDurable(path);
        return -1;
    }
    *def = NULL;
    virDomainMomentLinkParent(vm->checkpoints, chk);
    virDomainMomentSetCurrent(vm->checkpoints, chk);
    return 0;
}

/* tidemark's offline create: the same checks, then `qemu-img bitmap
 * --add` on each selected image of the shut-off domain; all or none. */
static virDomainMomentObj *
create_offline(qemuDriver *driver, virDomainObj *vm, virDomainCheckpointDef **def)
{
    virDomainDef *domdef = virDomainObjGetPersistentDef(vm);
    virDomainMomentObj *current;
    virDomainMomentObj *chk;
    size_t added = 0;

    if (prepare_new(driver, vm, *def) < 0)
        return NULL;
    for (added = 0; added < (*def)->ndisks; added++) {
        virDomainCheckpointDiskDef *disk = &(*def)->disks[added];
        int idx = disk_index(domdef, disk->name);

        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0)
            continue;
        if (qemuImgBitmapOp(driver, domdef->disks[idx]->src, "add", disk->bitmap) < 0)
            goto rollback;
    }
    virFaultPoint("checkpoint-create-after-transaction");
    if (!(chk = virDomainMomentAssignDef(vm->checkpoints, &(*def)->parent)))
        goto rollback;
    *def = NULL;
    if ((current = virDomainMomentGetCurrent(vm->checkpoints)))
        chk->def->parent_name = g_strdup(current->def->name);
    return chk;

 rollback:
    while (added-- > 0) {
        virDomainCheckpointDiskDef *disk = &(*def)->disks[added];
        int idx = disk_index(domdef, disk->name);

        if (disk->type == VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP && idx >= 0) {
            virErrorPtr saved = virSaveLastError();

            qemuImgBitmapOp(driver, domdef->disks[idx]->src, "remove", disk->bitmap);
            virSetError(saved);
            virFreeError(saved);
        }
    }
    return NULL;
}

static virDomainCheckpointPtr
qemuDomainCheckpointCreateXML(virDomainPtr domain, const char *xml, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    bool redefine = flags & VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE;
    bool update_current = !redefine;
    bool written = false;       /* create_new wrote the metadata itself */
    g_autoptr(virDomainCheckpointDef) def = NULL;
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;
    virDomainCheckpointPtr checkpoint = NULL;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE |
                  VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE |
                  TIDEMARK_CHECKPOINT_OFFLINE, NULL);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    if (!redefine && !virDomainObjIsActive(vm) && !(flags & TIDEMARK_CHECKPOINT_OFFLINE)) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot create checkpoint for inactive domain");
        goto cleanup;
    }
    if (!(def = virDomainCheckpointDefParseString(xml, &driver->xmlopt,
                                                  redefine ? VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE : 0)))
        goto cleanup;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    /* a shut-off domain's disks may be a backup job's */
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        goto endjob;

    if (redefine) {
        if (virDomainCheckpointRedefinePrep(vm, def, &update_current) < 0 ||
            ((flags & VIR_DOMAIN_CHECKPOINT_CREATE_REDEFINE_VALIDATE) &&
             validate_bitmaps(vm, def) < 0) ||
            !(chk = virDomainCheckpointRedefineCommit(vm, &def)))
            goto endjob;
    } else if (!virDomainObjIsActive(vm)) {
        if (!(chk = create_offline(driver, vm, &def)))
            goto endjob;
    } else if (!(chk = create_new(driver, vm, &def))) {
        goto endjob;
    } else {
        written = true;
    }

    if (!written && write_metadata(driver, vm, chk) < 0) {
        /* the bitmaps exist (a plain create): checkpoint-verify shows
         * them as bitmaps without a checkpoint */
        virDomainMomentObjListRemove(vm->checkpoints, chk);
        goto endjob;
    }
    virFaultPoint(redefine ? "checkpoint-redefine-after-metadata" :
                             "checkpoint-create-after-metadata");
    virDomainMomentLinkParent(vm->checkpoints, chk);
    if (update_current)
        virDomainMomentSetCurrent(vm->checkpoints, chk);
    checkpoint = virGetDomainCheckpoint(domain, chk->def->name);

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return checkpoint;
}

/* ---- queries ---- */

#define LIST_FLAGS (VIR_DOMAIN_CHECKPOINT_LIST_ROOTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL | \
                    VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES)

static int
qemuDomainListAllCheckpoints(virDomainPtr domain, virDomainCheckpointPtr **chks,
                             unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainCheckpointObjListAll(qemuDomObjFromDomain(domain), domain, chks, flags);
}

static int
qemuDomainCheckpointListAllChildren(virDomainCheckpointPtr checkpoint,
                                    virDomainCheckpointPtr **chks, unsigned int flags)
{
    virCheckFlags(VIR_DOMAIN_CHECKPOINT_LIST_DESCENDANTS | VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL |
                  VIR_DOMAIN_CHECKPOINT_LIST_LEAVES | VIR_DOMAIN_CHECKPOINT_LIST_NO_LEAVES, -1);
    return virDomainCheckpointObjListAllChildren(qemuDomObjFromDomain(checkpoint->domain), checkpoint,
                                                 chks, flags, VIR_FROM_THIS);
}

static virDomainCheckpointPtr
qemuDomainCheckpointLookupByName(virDomainPtr domain, const char *name, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(qemuDomObjFromDomain(domain), VIR_DOMAIN_MOMENT_KIND_CHECKPOINT,
                                       domain, name, false, VIR_FROM_THIS);
}

static virDomainCheckpointPtr
qemuDomainCheckpointGetParent(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(qemuDomObjFromDomain(checkpoint->domain),
                                       VIR_DOMAIN_MOMENT_KIND_CHECKPOINT, checkpoint->domain,
                                       checkpoint->name, true, VIR_FROM_THIS);
}

#define SIZE_BITMAP "libvirt-tmp-size-xml"

/* The dirty counts of the disks whose checkpoint bitmap lies in more
 * than one image of their chain (@merged: indexes into @def->disks,
 * @tops: their top nodes, @holders: the images that hold it), as
 * libvirt counts them: the bitmaps merged into a temporary one on the
 * top node, read, removed. */
static int
merged_sizes(virDomainObj *vm, virDomainCheckpointDef *def, GArray *merged,
             GPtrArray *tops, GPtrArray *holders, GHashTable *bitmaps)
{
    g_autoptr(virJSONValue) stale = virJSONValueNewArray();
    g_autoptr(virJSONValue) merge = virJSONValueNewArray();
    g_autoptr(virJSONValue) cleanup = virJSONValueNewArray();
    g_autoptr(GHashTable) counted = NULL;
    int rc = 0;

    for (size_t i = 0; i < merged->len; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[g_array_index(merged, size_t, i)];
        const char *top = g_ptr_array_index(tops, i);
        g_autoptr(virJSONValue) sources =
            qemuBlockChainMergeSources(g_ptr_array_index(holders, i), disk->bitmap);

        /* one an interrupted count left behind */
        if (qemuBlockFindBitmap(bitmaps, top, SIZE_BITMAP))
            qemuBlockActionBitmapRemove(stale, top, SIZE_BITMAP);
        qemuBlockActionBitmapAddTemporary(merge, top, SIZE_BITMAP);
        qemuBlockActionBitmapMerge(merge, top, SIZE_BITMAP, &sources);
        qemuBlockActionBitmapRemove(cleanup, top, SIZE_BITMAP);
    }
    if ((virJSONValueArraySize(stale) && qemuBlockTransaction(vm, &stale) < 0) ||
        qemuBlockTransaction(vm, &merge) < 0)
        return -1;
    counted = qemuBlockGetBitmaps(vm);
    rc = qemuBlockTransaction(vm, &cleanup);
    if (!counted || rc < 0)
        return -1;
    for (size_t i = 0; i < merged->len; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[g_array_index(merged, size_t, i)];
        qemuBlockBitmap *b = qemuBlockFindBitmap(counted, g_ptr_array_index(tops, i),
                                                 SIZE_BITMAP);

        if (b) {
            disk->size = b->count;
            disk->sizeValid = true;
        }
    }
    return 0;
}

/* Fills each bitmap disk's size from its bitmap's dirty count, counted
 * across the images of its chain since the checkpoint (an external
 * snapshot since carried it into a new image). A disk whose bitmap is
 * missing or broken anywhere gets no size (libvirt's output). */
static int
update_sizes(virDomainObj *vm, virDomainCheckpointDef *def)
{
    g_autoptr(GHashTable) bitmaps = NULL;
    g_autoptr(GArray) merged = g_array_new(FALSE, FALSE, sizeof(size_t));
    g_autoptr(GPtrArray) tops = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) holders =
        g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);

    if (!(bitmaps = qemuBlockGetBitmaps(vm)))
        return -1;
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx = disk_index(vm->def, disk->name);
        g_autofree char *node = NULL;
        g_autoptr(GPtrArray) chain = NULL;

        disk->size = 0;
        disk->sizeValid = false;
        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0)
            continue;
        node = qemuDiskNodeName(vm->def, idx, true);
        if (!qemuBlockChainBitmap(bitmaps, node, disk->bitmap, &chain))
            continue;
        if (chain->len == 1) {
            disk->size = qemuBlockFindBitmap(bitmaps, node, disk->bitmap)->count;
            disk->sizeValid = true;
            continue;
        }
        g_array_append_val(merged, i);
        g_ptr_array_add(tops, g_steal_pointer(&node));
        g_ptr_array_add(holders, g_steal_pointer(&chain));
    }
    if (merged->len == 0)
        return 0;
    return merged_sizes(vm, def, merged, tops, holders, bitmaps);
}

static char *
qemuDomainCheckpointGetXMLDesc(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *chk = NULL;
    char *xml = NULL;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_XML_SECURE | VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN |
                  VIR_DOMAIN_CHECKPOINT_XML_SIZE, NULL);
    if (!(vm = checkpoint_lookup(checkpoint, &chk)))
        return NULL;
    if (flags & VIR_DOMAIN_CHECKPOINT_XML_SIZE) {
        int rc;

        if (qemuDomainObjBeginJob(vm) < 0)
            goto cleanup;
        /* the checkpoint may have gone while we waited for the job */
        if ((rc = virDomainObjCheckActive(vm)) == 0 &&
            !(chk = virDomainCheckpointFindByNameReport(vm, checkpoint->name,
                                                        VIR_FROM_THIS)))
            rc = -1;
        if (rc == 0)
            rc = update_sizes(vm, virDomainCheckpointObjGetDef(chk));
        qemuDomainObjEndJob(vm);
        if (rc < 0)
            goto cleanup;
    }
    xml = virDomainCheckpointDefFormat(virDomainCheckpointObjGetDef(chk),
                                       virDomainCheckpointFormatConvertXMLFlags(flags));
 cleanup:
    virDomainObjEndAPI(&vm);
    return xml;
}

/* ---- delete ---- */

typedef struct {
    qemuDriver *driver;
    bool metadata_only;
    bool offline;        /* shut off: qemu-img on the images */
} deleteData;

/* The images of the chain of disk @disk (shut off) that hold bitmap
 * @name, top first: the top image, then each backing image its header
 * names (an external snapshot since the checkpoint carried the bitmap
 * into every image made after it). */
static int
offline_holders(qemuDriver *driver, const virDomainDiskDef *disk, const char *name,
                GPtrArray *holders)
{
    g_autofree char *path = g_strdup(disk->src);
    g_autofree char *format = g_strdup(disk->driver_type ? disk->driver_type : "raw");

    for (unsigned int depth = 0; path && depth < QEMU_CHAIN_MAX_DEPTH; depth++) {
        g_autoptr(GPtrArray) bitmaps = NULL;
        g_autofree char *backing = NULL;
        g_autofree char *backing_format = NULL;

        if (g_strcmp0(format, "qcow2") != 0)
            break;
        if (!(bitmaps = qemuImgListBitmaps(driver, path, false)))
            return -1;
        for (size_t j = 0; j < bitmaps->len; j++) {
            if (STREQ(((qemuImgBitmap *)g_ptr_array_index(bitmaps, j))->name, name)) {
                g_ptr_array_add(holders, g_strdup(path));
                break;
            }
        }
        if (qemuImageBacking(path, format, &backing, &backing_format) < 0)
            return -1;
        g_free(path);
        path = g_steal_pointer(&backing);
        g_free(format);
        format = g_steal_pointer(&backing_format);
    }
    return 0;
}

/* tidemark's offline delete of @def's bitmaps (`qemu-img bitmap
 * --remove` in every image of each disk's chain that holds one), with
 * the online path's errors; every disk is looked at before any image
 * changes. */
static int
remove_bitmaps_offline(qemuDriver *driver, virDomainObj *vm,
                       virDomainCheckpointDef *def)
{
    virDomainDef *domdef = virDomainObjGetPersistentDef(vm);
    g_autoptr(GPtrArray) holders = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_ptr_array_unref);

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx = disk_index(domdef, disk->name);
        g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);

        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0 || !disk->bitmap) {
            g_ptr_array_add(holders, g_steal_pointer(&paths));
            continue;
        }
        if (offline_holders(driver, domdef->disks[idx], disk->bitmap, paths) < 0)
            return -1;
        if (paths->len == 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "bitmap '%s' not found in backing chain of '%s'",
                           disk->bitmap, disk->name);
            return -1;
        }
        g_ptr_array_add(holders, g_steal_pointer(&paths));
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        GPtrArray *paths = g_ptr_array_index(holders, i);

        for (size_t j = 0; j < paths->len; j++) {
            if (qemuImgBitmapOp(driver, g_ptr_array_index(paths, j), "remove",
                                def->disks[i].bitmap) < 0)
                return -1;
        }
    }
    return 0;
}

/* Names libvirt's error for the first bitmap of @def that running @vm
 * lacks (the transaction that removes them failed). Returns true if it
 * found one. */
static bool
report_missing_bitmap(virDomainObj *vm, virDomainCheckpointDef *def)
{
    g_autoptr(GHashTable) bitmaps = NULL;
    virErrorPtr saved = virSaveLastError();
    bool found = false;

    if ((bitmaps = qemuBlockGetBitmaps(vm))) {
        for (size_t i = 0; i < def->ndisks && !found; i++) {
            virDomainCheckpointDiskDef *disk = &def->disks[i];
            int idx = disk_index(vm->def, disk->name);
            g_autofree char *node = NULL;

            if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0)
                continue;
            node = qemuDiskNodeName(vm->def, idx, true);
            if (!qemuBlockFindBitmap(bitmaps, node, disk->bitmap)) {
                virReportError(VIR_ERR_INTERNAL_ERROR,
                               "bitmap '%s' not found in backing chain of '%s'",
                               disk->bitmap, disk->name);
                found = true;
            }
        }
    }
    if (!found)
        virSetError(saved);
    virFreeError(saved);
    return found;
}

/* Whether a disk of @def has an image under its top one. */
static bool
has_chains(const virDomainDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (qemuDiskDescribedDepth(def->disks[i]) > 0)
            return true;
    }
    return false;
}

/* remove_bitmaps_online over chains, as libvirt's
 * qemuCheckpointDiscardBitmaps: each disk's bitmap goes from every image
 * of its chain that holds it; the backing images among them are
 * reopened read-write for the transaction, read-only after. */
static int
remove_bitmaps_chain(virDomainObj *vm, virDomainCheckpointDef *def)
{
    g_autoptr(GHashTable) bitmaps = NULL;
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();
    g_autoptr(GPtrArray) backing = g_ptr_array_new();

    if (!(bitmaps = qemuBlockGetBitmaps(vm)))
        return -1;
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx = disk_index(vm->def, disk->name);
        g_autofree char *top = NULL;
        g_autoptr(GPtrArray) holders = NULL;

        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP || idx < 0)
            continue;
        top = qemuDiskNodeName(vm->def, idx, true);
        holders = qemuBlockChainHolders(bitmaps, top, disk->bitmap);
        if (holders->len == 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "bitmap '%s' not found in backing chain of '%s'",
                           disk->bitmap, disk->name);
            return -1;
        }
        for (size_t j = 0; j < holders->len; j++) {
            const char *node = g_ptr_array_index(holders, j);

            qemuBlockActionBitmapRemove(actions, node, disk->bitmap);
            if (STRNEQ(node, top) && !g_ptr_array_find_with_equal_func(backing, node,
                                                                         g_str_equal, NULL))
                g_ptr_array_add(backing, (gpointer)node);
        }
    }
    return qemuBlockTransactionWritable(vm, bitmaps, backing, &actions);
}

/* Removes @def's bitmaps in one transaction (all or none). No query
 * first where no disk has a chain: a missing bitmap fails the
 * transaction, and only then is the culprit looked up for libvirt's
 * message. */
static int
remove_bitmaps_online(virDomainObj *vm, virDomainCheckpointDef *def)
{
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];

        if (disk->type == VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP && !disk->bitmap &&
            disk_index(vm->def, disk->name) >= 0) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "missing bitmap name for disk '%s' of checkpoint '%s'",
                           disk->name, def->parent.name);
            return -1;
        }
    }
    if (has_chains(vm->def))
        return remove_bitmaps_chain(vm, def);
    bitmap_actions(vm, def, false, actions);
    if (virJSONValueArraySize(actions) == 0)
        return 0;
    if (qemuBlockTransaction(vm, &actions) < 0) {
        if (virDomainObjIsActive(vm))
            report_missing_bitmap(vm, def);
        return -1;
    }
    return 0;
}

/* Every bitmap of @chk must exist before any is removed: libvirt's
 * error names the first missing one. */
static int
delete_removed(virDomainObj *vm, virDomainMomentObj *chk, void *opaque)
{
    deleteData *data = opaque;
    virDomainCheckpointDef *def = virDomainCheckpointObjGetDef(chk);

    if (!data->metadata_only && data->offline) {
        if (remove_bitmaps_offline(data->driver, vm, def) < 0)
            return -1;
        virFaultPoint("checkpoint-delete-after-transaction");
    } else if (!data->metadata_only) {
        if (remove_bitmaps_online(vm, def) < 0)
            return -1;
        virFaultPoint("checkpoint-delete-after-transaction");
    }
    if (remove_metadata(data->driver, vm, chk->def->name) < 0)
        return -1;
    virFaultPoint("checkpoint-delete-after-metadata");
    return 0;
}

static int
delete_reparented(virDomainObj *vm, virDomainMomentObj *child, void *opaque)
{
    deleteData *data = opaque;

    return write_metadata(data->driver, vm, child);
}

static int
qemuDomainCheckpointDelete(virDomainCheckpointPtr checkpoint, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(checkpoint->domain->conn);
    deleteData data = { driver, flags & VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY, false };
    virDomainObj *vm;
    virDomainMomentObj *chk;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN |
                  VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY |
                  VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN_ONLY |
                  TIDEMARK_CHECKPOINT_OFFLINE, -1);
    if (!(vm = qemuDomObjFromDomain(checkpoint->domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        goto endjob;
    data.offline = !virDomainObjIsActive(vm) && (flags & TIDEMARK_CHECKPOINT_OFFLINE);
    if (!data.metadata_only && !virDomainObjIsActive(vm) && !data.offline) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot delete checkpoint for inactive domain");
        goto endjob;
    }
    if (!(chk = virDomainCheckpointFindByNameReport(vm, checkpoint->name, VIR_FROM_THIS)))
        goto endjob;
    ret = virDomainCheckpointDeleteTree(vm, chk, flags, delete_removed,
                                        delete_reparented, &data);
 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

int
qemuCheckpointDiscardAllMetadata(qemuDriver *driver, virDomainObj *vm)
{
    g_autoptr(GPtrArray) all = virDomainMomentObjListCollect(vm->checkpoints, NULL, 0,
                                                             NULL, 0);
    g_autofree char *dir = qemuDomainCheckpointDir(driver, vm->def->name);

    for (size_t i = 0; all && i < all->len; i++) {
        virDomainMomentObj *chk = all->pdata[i];

        if (remove_metadata(driver, vm, chk->def->name) < 0)
            return -1;
    }
    g_rmdir(dir);
    /* the list goes with the domain object */
    return 0;
}

void
qemuCheckpointMethods(virConnectDriver *drv)
{
    drv->domainCheckpointCreateXML = qemuDomainCheckpointCreateXML;
    drv->domainListAllCheckpoints = qemuDomainListAllCheckpoints;
    drv->domainCheckpointListAllChildren = qemuDomainCheckpointListAllChildren;
    drv->domainCheckpointLookupByName = qemuDomainCheckpointLookupByName;
    drv->domainCheckpointGetParent = qemuDomainCheckpointGetParent;
    drv->domainCheckpointGetXMLDesc = qemuDomainCheckpointGetXMLDesc;
    drv->domainCheckpointDelete = qemuDomainCheckpointDelete;
    drv->domainCheckpointVerify = qemuCheckpointVerify;
}
