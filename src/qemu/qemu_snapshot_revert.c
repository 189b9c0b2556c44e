/*
 * qemu_snapshot_revert.c: reverting to and deleting internal snapshots
 *
 * libvirt 9.0's transitions: a revert always stops a running QEMU first
 * and starts a new one. To a snapshot of a running or paused domain the
 * new QEMU loads it (-loadvm) and runs, or stays paused when the
 * snapshot was paused or PAUSED is asked (RUNNING wins); to a snapshot of
 * a shut-off domain the images are reverted with `qemu-img snapshot -a`
 * and the domain stays off unless RUNNING or PAUSED asks for a start.
 * The snapshot's definitions replace the domain's (the persistent one
 * told by a "defined from snapshot" event). A delete removes the
 * snapshot from the images (QEMU's delvm while it runs, qemu-img while
 * shut off; libvirt goes on when that fails) and then its file; its
 * children move to its parent, or go with it (CHILDREN), or alone
 * (CHILDREN_ONLY); METADATA_ONLY leaves the images alone.
 */
#include "internal.h"

#include <glib/gstdio.h>

#include "qemu/qemu_snapshot.h"
#include "qemu/qemu_snapshot_merge.h"
#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_driver.h"
#include "qemu/qemu_process.h"
#include "qemu/qemu_saveimage.h"
#include "conf/domain_xmledit.h"
#include "conf/moment_obj.h"
#include "util/virfault.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

static bool
state_is_online(virDomainSnapshotState state)
{
    return state == VIR_DOMAIN_SNAPSHOT_RUNNING || state == VIR_DOMAIN_SNAPSHOT_PAUSED;
}

/* libvirt's refusals before anything changes. */
static int
revert_validate(virDomainObj *vm, virDomainMomentObj *snap, unsigned int flags)
{
    virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);

    if (!vm->persistent && !state_is_online(snapdef->state) &&
        !(flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "transient domain needs to request run or pause to revert to "
                       "inactive snapshot");
        return -1;
    }
    if (!snap->def->dom) {
        virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY,
                       "snapshot '%s' lacks domain '%s' rollback info",
                       snap->def->name, vm->def->name);
        return -1;
    }
    if (!(flags & VIR_DOMAIN_SNAPSHOT_REVERT_FORCE) && vm->has_managed_save &&
        !state_is_online(snapdef->state)) {
        virReportError(VIR_ERR_SNAPSHOT_REVERT_RISKY, "%s",
                       "snapshot without memory state, removal of existing managed saved "
                       "state strongly recommended to avoid corruption");
        return -1;
    }
    /* tidemark's own (libvirt 9.0 refuses "revert to external snapshot
     * not supported yet"): a disk-only snapshot comes back shut off */
    if (virDomainSnapshotDefIsExternal(snapdef) &&
        (snapdef->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT || !state_is_online(snapdef->state)))
        return 0;
    switch ((int)snapdef->state) {
    case VIR_DOMAIN_SNAPSHOT_RUNNING:
    case VIR_DOMAIN_SNAPSHOT_PAUSED:
    case VIR_DOMAIN_SNAPSHOT_SHUTDOWN:
    case VIR_DOMAIN_SNAPSHOT_SHUTOFF:
    case VIR_DOMAIN_SNAPSHOT_CRASHED:
        return 0;
    case VIR_DOMAIN_SNAPSHOT_PMSUSPENDED:
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "qemu doesn't support reversion of snapshot taken in PMSUSPENDED state");
        return -1;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR,
                   "Invalid target domain state '%s'. Refusing snapshot reversion",
                   NULLSTR(virDomainSnapshotStateTypeToString(snapdef->state)));
    return -1;
}

/* A copy of @src to run or define, named as @vm (a snapshot may come
 * from a renamed domain). The empty <backingStore/> a running domain's
 * copy carries (the end of a chain QEMU found) is dropped: the next
 * start finds the chain again, as libvirt's does. */
static virDomainDef *
copy_named(qemuDriver *driver, virDomainObj *vm, const virDomainDef *src)
{
    virDomainDef *copy = virDomainDefCopy(src, &driver->xmlopt);

    if (!copy)
        return NULL;
    if (STRNEQ(copy->name, vm->def->name)) {
        g_free(copy->name);
        copy->name = g_strdup(vm->def->name);
    }
    qemuSnapshotDropChainEnds(copy);
    return copy;
}

/* Stops running @vm for the revert, with libvirt's event. */
static void
stop_for_revert(qemuDriver *driver, virDomainObj *vm)
{
    if (!virDomainObjIsActive(vm))
        return;
    qemuProcessStop(driver, vm, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT, false);
    qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                            VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
}

/* Puts @inactive (taken, may be NULL) as the persistent definition of
 * shut-off @vm; returns whether it did. */
static bool
assign_inactive(virDomainObj *vm, virDomainDef **inactive)
{
    if (!*inactive)
        return false;
    virDomainDefFree(vm->def);
    vm->def = g_steal_pointer(inactive);
    virDomainObjDefChanged(vm);
    return true;
}

/* Starts shut-off @vm for a revert (its config kept aside for the stop,
 * as any start does), loading internal snapshot @loadvm or the memory
 * state in save image @incoming if given. */
static int
start_for_revert(qemuDriver *driver, virDomainObj *vm, const char *loadvm,
                 const char *incoming, bool paused)
{
    qemuDomainObjPrivate *priv = qemuDomainObjPrivateGet(driver, vm);
    int rc;

    if (vm->persistent && !vm->new_def &&
        !(vm->new_def = virDomainDefCopy(vm->def, &driver->xmlopt)))
        return -1;
    priv->start_loadvm = g_strdup(loadvm);
    priv->start_incoming = g_strdup(incoming);
    priv->start_from_snapshot = true;
    rc = qemuProcessStart(driver, vm, paused);
    g_clear_pointer(&priv->start_loadvm, g_free);
    g_clear_pointer(&priv->start_incoming, g_free);
    priv->start_from_snapshot = false;
    if (rc < 0)
        virDomainObjStopped(vm);
    return rc;
}

/* Revert to a snapshot of a running or paused domain: a new QEMU loads
 * its memory state (internal: -loadvm; external: the snapshot's memory
 * file), started paused; the vCPUs run unless the snapshot was paused
 * or PAUSED is asked (RUNNING wins). */
static int
revert_online(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap,
              virDomainDef **config, virDomainDef **inactive, unsigned int flags)
{
    virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);
    bool defined;
    int rc;

    stop_for_revert(driver, vm);
    defined = vm->persistent && assign_inactive(vm, inactive);
    if (vm->persistent) {
        /* the start keeps the persistent definition aside; the live one
         * is the snapshot's */
        virDomainDefFree(vm->new_def);
        vm->new_def = g_steal_pointer(&vm->def);
    } else {
        virDomainDefFree(vm->def);
    }
    vm->def = g_steal_pointer(config);
    virDomainObjDefChanged(vm);

    if (snapdef->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
        rc = start_for_revert(driver, vm, NULL, snapdef->memorysnapshotfile, true);
    else
        rc = start_for_revert(driver, vm, snap->def->name, NULL, true);
    qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_STARTED,
                            VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT);
    if (rc < 0) {
        /* the domain stays shut off on the snapshot's definition: its
         * file says so too (a later process finds the same domain) */
        if (defined) {
            virErrorPtr saved = virSaveLastError();

            if (qemuDomainSaveConfig(driver, virDomainObjGetPersistentDef(vm)) < 0)
                g_printerr("tidemark: %s\n", virGetLastErrorMessage());
            virSetError(saved);
            virFreeError(saved);
        }
        return -1;
    }
    if (!(flags & VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING) &&
        (snapdef->state == VIR_DOMAIN_SNAPSHOT_PAUSED ||
         (flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED))) {
        virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_FROM_SNAPSHOT);
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT);
    } else {
        if (qemuSnapshotSetCPUs(vm, true, VIR_DOMAIN_RUNNING_FROM_SNAPSHOT) < 0)
            return -1;
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_RESUMED,
                                VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT);
    }
    if (qemuDomainSaveStatus(driver, vm) < 0)
        return -1;
    return defined ? 1 : 0;
}

/* Revert to a snapshot of a shut-off domain: `qemu-img snapshot -a` on
 * the images the snapshot names (QEMU refuses -loadvm of a snapshot
 * without memory state), then a start if RUNNING or PAUSED asks. */
static int revert_start(qemuDriver *driver, virDomainObj *vm, virDomainDef **inactive,
                        unsigned int flags);

static int
revert_offline(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap,
               virDomainDef **inactive, unsigned int flags)
{
    stop_for_revert(driver, vm);
    if (qemuSnapshotImagesOp(driver, snap->def->dom, virDomainSnapshotObjGetDef(snap),
                             "-a") < 0)
        return -1;
    virFaultPoint("snapshot-revert-after-images");
    return revert_start(driver, vm, inactive, flags);
}

/* The end of a revert to a snapshot without memory state: @inactive
 * (taken) becomes the definition of shut-off @vm, then a start if
 * RUNNING or PAUSED asks. 1 if a persistent definition changed, 0, or
 * -1. */
static int
revert_start(qemuDriver *driver, virDomainObj *vm, virDomainDef **inactive,
             unsigned int flags)
{
    bool defined = assign_inactive(vm, inactive) && vm->persistent;

    if (flags & (VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED)) {
        bool paused = flags & VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED;

        if (start_for_revert(driver, vm, NULL, NULL, paused) < 0)
            return -1;
        /* as libvirt: the start's own resume is told before the start */
        if (!paused)
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_RESUMED,
                                    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_STARTED,
                                VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT);
        if (paused)
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                    VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT);
    }
    return defined ? 1 : 0;
}

/* The image a revert puts over @base for snapshot @name: "DIR/STEM.NAME-
 * revertN" (STEM: @base's name without its suffix), the first N free. */
static char *
revert_overlay_path(const char *base, const char *name)
{
    g_autofree char *dir = g_path_get_dirname(base);
    g_autofree char *file = g_path_get_basename(base);
    char *dot = strrchr(file, '.');

    if (dot && dot != file)
        *dot = '\0';
    for (unsigned int n = 1;; n++) {
        g_autofree char *leaf = g_strdup_printf("%s.%s-revert%u", file, name, n);
        char *path = g_build_filename(dir, leaf, NULL);

        if (!g_file_test(path, G_FILE_TEST_EXISTS))
            return path;
        g_free(path);
    }
}

/* tidemark's revert to an external snapshot (libvirt 9.0 has none): the
 * images the snapshot recorded must stay as they are (each is the
 * backing image of the one made at the snapshot, and of any later), so
 * each disk the snapshot took gets a new qcow2 image over its recorded
 * one, and the snapshot's definitions, on those images, become the
 * domain's. The images the domain used until then are left on disk and
 * named on stderr. A snapshot with its memory state in a file runs
 * again from it (as a revert to an internal one does); any other is
 * shut off after, unless RUNNING or PAUSED starts it. */
static int
revert_external(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap,
                virDomainDef **config, virDomainDef **inactive, unsigned int flags)
{
    virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);
    virDomainDef *before = virDomainObjGetPersistentDef(vm);
    bool memory = snapdef->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL &&
                  state_is_online(snapdef->state);
    g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func(g_free);
    size_t i;

    /* a memory state that cannot be loaded stops nothing */
    if (memory && qemuSaveImageCheck(snapdef->memorysnapshotfile) < 0)
        return -1;
    for (i = 0; i < snapdef->ndisks; i++) {
        const virDomainSnapshotDiskDef *sd = &snapdef->disks[i];
        virDomainDiskDef *disk = virDomainDiskByDst(*inactive, sd->name);
        virDomainDiskDef *live = memory ? virDomainDiskByDst(*config, sd->name) : NULL;
        g_autofree char *path = NULL;

        if (sd->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        if (!disk || !disk->src || (memory && (!live || !live->src))) {
            virReportError(VIR_ERR_OPERATION_FAILED, "failed to find disk '%s' in snapshot VM XML",
                           sd->name);
            goto rollback;
        }
        path = revert_overlay_path(disk->src, snap->def->name);
        if (qemuImgCreateOverlay(driver, path, "qcow2", disk->src,
                                 disk->driver_type ? disk->driver_type : "raw") < 0)
            goto rollback;
        g_ptr_array_add(made, g_strdup(path));
        qemuSnapshotDiskReplaceImage(disk, path, "file", "qcow2");
        if (live)
            qemuSnapshotDiskReplaceImage(live, path, "file", "qcow2");
    }
    for (i = 0; before && i < before->ndisks; i++) {
        const char *src = before->disks[i]->src;
        bool kept = false;

        for (size_t j = 0; src && j < (*inactive)->ndisks; j++)
            kept |= g_strcmp0((*inactive)->disks[j]->src, src) == 0;
        if (src && !kept && g_strcmp0(before->disks[i]->device, "disk") == 0)
            g_ptr_array_add(left, g_strdup(src));
    }
    stop_for_revert(driver, vm);
    virFaultPoint("snapshot-revert-after-images");
    for (i = 0; i < left->len; i++)
        g_printerr("tidemark: revert of domain '%s' to snapshot '%s' leaves image '%s' "
                   "(not removed)\n", vm->def->name, snap->def->name,
                   (char *)left->pdata[i]);
    if (memory)
        return revert_online(driver, vm, snap, config, inactive, flags);
    return revert_start(driver, vm, inactive, flags);

 rollback:
    {
        virErrorPtr saved = virSaveLastError();

        for (i = 0; i < made->len; i++)
            g_unlink(made->pdata[i]);
        virSetError(saved);
        virFreeError(saved);
    }
    return -1;
}

static int
qemuDomainRevertToSnapshot(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(snapshot->domain->conn);
    g_autoptr(virDomainDef) config = NULL;
    g_autoptr(virDomainDef) inactive = NULL;
    virDomainSnapshotDef *snapdef;
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;
    int rc;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_REVERT_RUNNING | VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED |
                  VIR_DOMAIN_SNAPSHOT_REVERT_FORCE | VIR_DOMAIN_SNAPSHOT_REVERT_RESET_NVRAM, -1);
    if (!(vm = qemuDomObjFromDomain(snapshot->domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        goto endjob;
    if (!(snap = virDomainMomentFindByNameReport(vm, VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,
                                                 snapshot->name, VIR_FROM_THIS)) ||
        revert_validate(vm, snap, flags) < 0)
        goto endjob;
    snapdef = virDomainSnapshotObjGetDef(snap);

    /* the inactive definition: the snapshot's own, else (a snapshot of
     * a running domain made without one) a copy of its live one, else
     * (a shut-off domain's snapshot) its only one */
    if (!(config = copy_named(driver, vm, snap->def->dom)))
        goto endjob;
    if (snap->def->inactiveDom)
        inactive = copy_named(driver, vm, snap->def->inactiveDom);
    else if (state_is_online(snapdef->state))
        inactive = copy_named(driver, vm, snap->def->dom);
    else
        inactive = g_steal_pointer(&config);
    if (!inactive)
        goto endjob;

    if (virDomainSnapshotDefIsExternal(snapdef))
        rc = revert_external(driver, vm, snap, &config, &inactive, flags);
    else if (state_is_online(snapdef->state))
        rc = revert_online(driver, vm, snap, &config, &inactive, flags);
    else
        rc = revert_offline(driver, vm, snap, &inactive, flags);
    if (rc < 0) {
        if (!virDomainObjIsActive(vm) && !vm->persistent)
            virDomainObjListRemove(driver->domains, vm);
        goto endjob;
    }

    qemuSnapshotSetCurrent(driver, vm, snap);
    if (qemuSnapshotWriteMetadata(driver, vm, snap) < 0) {
        virDomainMomentSetCurrent(vm->snapshots, NULL);
        goto endjob;
    }
    if (rc == 1) {
        if (qemuDomainSaveConfig(driver, virDomainObjGetPersistentDef(vm)) < 0)
            goto endjob;
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_DEFINED,
                                VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT);
    }
    snapshot->domain->id = vm->def->id;
    ret = 0;

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

/* ---- delete ---- */

/* Removes internal snapshot @snap from the images, as libvirt does:
 * QEMU's delvm while the domain runs, `qemu-img snapshot -d` on the
 * images the snapshot names while it is shut off. libvirt goes on when
 * an image refuses (another disk may still hold the name): so does
 * tidemark. */
static void
discard_images(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap)
{
    virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);

    if (virDomainObjIsActive(vm)) {
        g_autofree char *command = g_strdup_printf("delvm \"%s\"", snap->def->name);
        g_autofree char *reply = NULL;

        qemuSnapshotHMP(vm, command, &reply);
    } else {
        const virDomainDef *def = snap->def->dom ? snap->def->dom : vm->def;

        for (size_t i = 0; i < def->ndisks; i++) {
            if (qemuSnapshotDiskTakesPart(def, snapdef, i) &&
                g_strcmp0(def->disks[i]->driver_type, "qcow2") == 0)
                qemuImgSnapshotOp(driver, def->disks[i]->src, "-d", snap->def->name);
        }
    }
    virResetLastError();
}

/* One snapshot gone: images (unless @metadata_only), then its file; with
 * @update_parent its children move to its parent (their files
 * rewritten) and, if it was current, its parent becomes current. */
static int
discard_one(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap,
            bool update_parent, bool metadata_only)
{
    virDomainMomentObj *parent = snap->parent;
    int ret = 0;

    if (!metadata_only) {
        discard_images(driver, vm, snap);
        virFaultPoint("snapshot-delete-after-images");
    }
    if (update_parent && snap->nchildren) {
        for (virDomainMomentObj *child = snap->first_child; child; child = child->sibling) {
            g_free(child->def->parent_name);
            child->def->parent_name = parent->def ? g_strdup(parent->def->name) : NULL;
            if (qemuSnapshotWriteMetadata(driver, vm, child) < 0)
                ret = -1;
        }
        virDomainMomentMoveChildren(snap, parent);
    }
    if (snap == virDomainMomentGetCurrent(vm->snapshots)) {
        virDomainMomentSetCurrent(vm->snapshots, NULL);
        if (update_parent && parent->def) {
            virDomainMomentSetCurrent(vm->snapshots, parent);
            if (qemuSnapshotWriteMetadata(driver, vm, parent) < 0)
                virDomainMomentSetCurrent(vm->snapshots, NULL);
        }
    }
    if (qemuSnapshotRemoveMetadata(driver, vm, snap->def->name) < 0)
        ret = -1;
    virResetLastError();
    if (update_parent)
        virDomainMomentDropParent(snap);
    return ret;
}

static void
collect_descendant(virDomainMomentObj *obj, void *opaque)
{
    g_ptr_array_add(opaque, obj);
}

/* libvirt's checks of a delete that touches the images. */
static int
delete_validate(virDomainObj *vm, virDomainMomentObj *snap, unsigned int flags)
{
    virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);
    g_autoptr(GPtrArray) descendants = g_ptr_array_new();
    int external = 0;

    if (!virDomainSnapshotDefIsExternal(snapdef) && virDomainObjIsActive(vm)) {
        for (size_t i = 0; i < snapdef->ndisks; i++) {
            const virDomainDiskDef *now = NULL;
            const virDomainDiskDef *then = NULL;

            for (size_t j = 0; j < vm->def->ndisks; j++) {
                if (STREQ(vm->def->disks[j]->dst, snapdef->disks[i].name))
                    now = vm->def->disks[j];
            }
            for (size_t j = 0; snap->def->dom && j < snap->def->dom->ndisks; j++) {
                if (STREQ(snap->def->dom->disks[j]->dst, snapdef->disks[i].name))
                    then = snap->def->dom->disks[j];
            }
            if (now && then && g_strcmp0(now->src, then->src) != 0) {
                virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                               "disk image '%s' for internal snapshot '%s' is not the same "
                               "as disk image currently used by VM",
                               snapdef->disks[i].name, snap->def->name);
                return -1;
            }
        }
    }
    if (flags & (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN | VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)) {
        virDomainMomentForEachDescendant(snap, collect_descendant, descendants);
        for (size_t i = 0; i < descendants->len; i++) {
            virDomainMomentObj *d = descendants->pdata[i];

            external += virDomainSnapshotDefIsExternal(virDomainSnapshotObjGetDef(d));
        }
        if (external > 0 && (size_t)external < descendants->len) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "deletion of external and internal children disk snapshots "
                           "not supported");
            return -1;
        }
        if (external > 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "deletion of external children disk snapshots not supported");
            return -1;
        }
    }
    if (virDomainSnapshotDefIsExternal(snapdef) &&
        ((qemuDomainObjPrivate *)vm->privateData)->backup) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot delete external snapshots when there is another active block "
                       "job");
        return -1;
    }
    if (virDomainSnapshotDefIsExternal(snapdef) && (flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "deletion of external disk snapshots with children not supported");
        return -1;
    }
    return 0;
}

static int
qemuDomainSnapshotDelete(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(snapshot->domain->conn);
    bool metadata_only = flags & VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY;
    virDomainObj *vm;
    virDomainMomentObj *snap;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                  VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY |
                  VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY, -1);
    if (!(vm = qemuDomObjFromDomain(snapshot->domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        goto endjob;
    if (!(snap = virDomainMomentFindByNameReport(vm, VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,
                                                 snapshot->name, VIR_FROM_THIS)))
        goto endjob;
    if (!metadata_only &&
        (delete_validate(vm, snap, flags) < 0 ||
         qemuSnapshotMarkPending(driver, vm, "delete", snap->def->name,
                                 virDomainSnapshotDefIsExternal(virDomainSnapshotObjGetDef(snap)) ?
                                 virDomainSnapshotObjGetDef(snap) : NULL) < 0))
        goto endjob;

    ret = 0;
    if (flags & (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN |
                 VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)) {
        g_autoptr(GPtrArray) descendants = g_ptr_array_new();

        /* as libvirt: each one deleted as a single delete would (a
         * current one hands being current to its parent), every node
         * after its descendants (the reverse of a pre-order walk) */
        virDomainMomentForEachDescendant(snap, collect_descendant, descendants);
        for (size_t i = descendants->len; i-- > 0 && ret == 0;) {
            ret = discard_one(driver, vm, descendants->pdata[i], true, metadata_only);
            virDomainMomentObjListRemove(vm->snapshots, descendants->pdata[i]);
        }
    }
    if (ret == 0 && !(flags & VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY)) {
        bool external = virDomainSnapshotDefIsExternal(virDomainSnapshotObjGetDef(snap));

        /* an external snapshot's images merge down first; if they do
         * not, the snapshot stays */
        if (!metadata_only && external && qemuSnapshotMergeExternal(driver, vm, snap) < 0) {
            ret = -1;
        } else {
            ret = discard_one(driver, vm, snap, true, metadata_only || external);
            virDomainMomentObjListRemove(vm->snapshots, snap);
        }
    }
    virFaultPoint("snapshot-delete-after-metadata");
    if (!metadata_only)
        qemuSnapshotClearPending(driver, vm);

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

void
qemuSnapshotRevertMethods(virConnectDriver *drv)
{
    drv->domainRevertToSnapshot = qemuDomainRevertToSnapshot;
    drv->domainSnapshotDelete = qemuDomainSnapshotDelete;
}
