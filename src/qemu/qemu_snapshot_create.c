/*
 * qemu_snapshot_create.c: creating snapshots
 *
 * libvirt 9.0's qemu driver's order: the definition's checks
 * (qemuSnapshotCreateXMLValidateDef), the job, the disk alignment and
 * its checks (qemuSnapshotPrepare), then the snapshot itself. Internal:
 * QEMU's savevm between a stop and a cont of the vCPUs for a running
 * domain, `qemu-img snapshot -c` on every image of a shut-off one.
 * External: new images over the old ones (a QMP transaction while the
 * domain runs, qemu-img while it is shut off), after the memory state
 * saved to a file (libvirt's save image) when one is asked. The images
 * are changed before the metadata is written; a marker written before
 * them lets the next load say how they differ after a crash
 * (qemu_snapshot.c).
 */
#include "internal.h"

#include "qemu/qemu_snapshot.h"
#include "qemu/qemu_agent.h"
#include "qemu/qemu_command.h"
#include "conf/domain_xmledit.h"
#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_driver.h"
#include "qemu/qemu_postparse.h"
#include "qemu/qemu_process.h"
#include "qemu/qemu_saveimage.h"
#include "conf/moment_obj.h"
#include "util/virfault.h"
#include "util/virxml.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* libvirt's checks of the definition before the job (name, LIVE, the
 * state the snapshot would record). */
static int
validate_def(virDomainObj *vm, virDomainSnapshotDef *def, unsigned int flags)
{
    bool redefine = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    int state = redefine ? (int)def->state : vm->state;

    /* the name becomes a file name in libvirt's scheme */
    if (!(flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA)) {
        if (strchr(def->parent.name, '/')) {
            virReportError(VIR_ERR_XML_DETAIL,
                           "invalid snapshot name '%s': name can't contain '/'",
                           def->parent.name);
            return -1;
        }
        if (def->parent.name[0] == '.') {
            virReportError(VIR_ERR_XML_DETAIL,
                           "invalid snapshot name '%s': name can't start with '.'",
                           def->parent.name);
            return -1;
        }
    }
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_LIVE) &&
        (!virDomainObjIsActive(vm) || def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "live snapshot creation is supported only during full system snapshots");
        return -1;
    }
    switch (state) {
    case VIR_DOMAIN_SNAPSHOT_RUNNING:
    case VIR_DOMAIN_SNAPSHOT_PAUSED:
    case VIR_DOMAIN_SNAPSHOT_SHUTDOWN:
    case VIR_DOMAIN_SNAPSHOT_SHUTOFF:
    case VIR_DOMAIN_SNAPSHOT_CRASHED:
        return 0;
    case VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT:
        if (redefine)
            return 0;
        break;
    case VIR_DOMAIN_SNAPSHOT_PMSUSPENDED:
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "qemu doesn't support taking snapshots of PMSUSPENDED guests");
        return -1;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, "Invalid domain state %s",
                   NULLSTR(virDomainSnapshotStateTypeToString(state)));
    return -1;
}

/* The domain copy, state, memory location and per-disk locations of a
 * new snapshot, as libvirt's qemu driver completes them. */
static int
align_disks(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef *def,
            unsigned int flags)
{
    virDomainSnapshotLocation location = VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;

    if (!(def->parent.dom = virDomainObjGetDefCopy(vm, &driver->xmlopt)))
        return -1;
    if (vm->new_def &&
        !(def->parent.inactiveDom = virDomainDefCopy(vm->new_def, &driver->xmlopt)))
        return -1;
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) {
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
        def->state = virDomainObjIsActive(vm) ? VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT
                                              : VIR_DOMAIN_SNAPSHOT_SHUTOFF;
        def->memory = VIR_DOMAIN_SNAPSHOT_LOCATION_NO;
    } else if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        def->state = vm->state;
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
    } else {
        def->state = vm->state;
        if (virDomainObjIsActive(vm) && def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_NO) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                           "internal snapshot of a running VM must include the memory state");
            return -1;
        }
        def->memory = def->state == VIR_DOMAIN_SNAPSHOT_SHUTOFF ?
            VIR_DOMAIN_SNAPSHOT_LOCATION_NO : VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    }
    return virDomainSnapshotAlignDisks(def, NULL, location, true);
}

/* Whether @def boots from pflash (libvirt's "old-style UEFI"). */
static bool
has_pflash(const virDomainDef *def)
{
    xmlNodePtr os = virXMLChildElement(def->root, "os");
    xmlNodePtr loader = os ? virXMLChildElement(os, "loader") : NULL;
    g_autofree char *type = loader ? virXMLPropString(loader, "type") : NULL;

    return g_strcmp0(type, "pflash") == 0;
}

static const char *
storage_type_name(virDomainSnapshotStorageType type)
{
    static const char *const names[] = {
        "none", "file", "block", "dir", "network", "volume", "nvme", "vhostuser",
    };

    return type < G_N_ELEMENTS(names) ? names[type] : "none";
}

/* libvirt's qemuSnapshotPrepareDiskExternal for a disk image of ours:
 * the kinds of storage a shut-off domain's snapshot can be made on,
 * then the new image's file: missing unless REUSE_EXT, of the declared
 * type, and empty when it exists without REUSE_EXT. */
static int
prepare_disk_external(const virDomainDiskDef *dom_disk, const virDomainSnapshotDiskDef *disk,
                      bool active, bool reuse)
{
    struct stat st;
    int err;

    if (!active) {
        if (STRNEQ(dom_disk->type, "file") && STRNEQ(dom_disk->type, "block")) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "external inactive snapshots are not supported on '%s' disks",
                           dom_disk->type);
            return -1;
        }
        if (disk->type != VIR_DOMAIN_SNAPSHOT_STORAGE_FILE &&
            disk->type != VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "external inactive snapshots are not supported on '%s' disks",
                           storage_type_name(disk->type));
            return -1;
        }
    }
    if (disk->type != VIR_DOMAIN_SNAPSHOT_STORAGE_FILE &&
        disk->type != VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK)
        return 0;

    if (stat(disk->path, &st) < 0) {
        err = errno;
        if (err != ENOENT) {
            virReportSystemError(err, "unable to stat for disk %s: %s", disk->name, disk->path);
            return -1;
        }
        if (reuse) {
            virReportSystemError(err, "missing existing file for disk %s: %s",
                                 disk->name, disk->path);
            return -1;
        }
        if (disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK) {
            virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                           "block device snapshot target '%s' doesn't exist", disk->path);
            return -1;
        }
        return 0;
    }
    if ((disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK && !S_ISBLK(st.st_mode)) ||
        (disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_FILE && !S_ISREG(st.st_mode))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "mismatch between configured type for snapshot disk '%s' and the "
                       "type of existing file '%s'", disk->name, disk->path);
        return -1;
    }
    if (!reuse && disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_FILE && st.st_size > 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "external snapshot file for disk %s already exists and is not a "
                       "block device: %s", disk->name, disk->path);
        return -1;
    }
    return 0;
}

/* libvirt's checks of the aligned disks (qemuSnapshotPrepare), in its
 * order. */
static int
prepare(virDomainObj *vm, virDomainSnapshotDef *def, unsigned int flags)
{
    bool active = virDomainObjIsActive(vm);
    bool found_internal = false;
    bool forbid_internal = false;
    int external = 0;

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainSnapshotDiskDef *disk = &def->disks[i];
        virDomainDiskDef *dom_disk = vm->def->disks[i];

        switch (disk->snapshot) {
        case VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL:
            found_internal = true;
            if (def->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT && active) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "active qemu domains require external disk snapshots; "
                               "disk %s requested internal", disk->name);
                return -1;
            }
            if (dom_disk->driver_type && STRNEQ(dom_disk->driver_type, "qcow2")) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "internal snapshot for disk %s unsupported for storage type %s",
                               disk->name, dom_disk->driver_type);
                return -1;
            }
            break;
        case VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL:
            if (!disk->format) {
                disk->format = g_strdup("qcow2");
            } else if (STRNEQ(disk->format, "qcow2") && STRNEQ(disk->format, "qed")) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "external snapshot format for disk %s is unsupported: %s",
                               disk->name, disk->format);
                return -1;
            }
            if (prepare_disk_external(dom_disk, disk, active,
                                      flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT) < 0)
                return -1;
            external++;
            break;
        case VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL:
            /* the user's own snapshot of the disk: never one of ours */
            forbid_internal = true;
            break;
        case VIR_DOMAIN_SNAPSHOT_LOCATION_NO:
            if (dom_disk->src && !dom_disk->readonly)
                forbid_internal = true;
            break;
        default:
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "unexpected code path");
            return -1;
        }
    }
    if (!found_internal && !external && def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_NO) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s", "nothing selected for snapshot");
        return -1;
    }
    if ((def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL && !found_internal) ||
        (found_internal && forbid_internal)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "internal and full system snapshots require all disks to be "
                       "selected for snapshot");
        return -1;
    }
    if (def->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT && !external) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "disk-only snapshots require at least one disk to be selected "
                       "for snapshot");
        return -1;
    }
    if ((found_internal && external) ||
        (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL && external) ||
        (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL && found_internal)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "mixing internal and external targets for a snapshot is not yet "
                       "supported");
        return -1;
    }
    if (found_internal && has_pflash(vm->def)) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "internal snapshots of a VM with pflash based firmware are not "
                       "supported");
        return -1;
    }
    return 0;
}

int
qemuSnapshotImagesOp(qemuDriver *driver, const virDomainDef *def,
                     const virDomainSnapshotDef *snapdef, const char *op)
{
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        if (!qemuSnapshotDiskTakesPart(def, snapdef, i))
            continue;
        if (qemuImgSnapshotOp(driver, def->disks[i]->src, op, snapdef->parent.name) < 0)
            goto rollback;
    }
    return 0;

 rollback:
    if (STREQ(op, "-c")) {
        virErrorPtr saved = virSaveLastError();

        while (i-- > 0) {
            if (qemuSnapshotDiskTakesPart(def, snapdef, i))
                qemuImgSnapshotOp(driver, def->disks[i]->src, "-d", snapdef->parent.name);
        }
        virSetError(saved);
        virFreeError(saved);
    }
    return -1;
}

int
qemuSnapshotHMP(virDomainObj *vm, const char *command, char **reply)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) cmd = NULL;
    g_autoptr(virJSONValue) res = NULL;
    qemuMonitor *mon;
    int rc;

    virJSONValueObjectAppendString(args, "command-line", command);
    cmd = qemuMonitorNewCommand("human-monitor-command", &args);
    mon = qemuDomainObjEnterMonitor(vm);
    rc = qemuMonitorCommand(mon, cmd, &res);
    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
        return -1;
    *reply = g_strdup(NULLSTR(virJSONValueObjectGetString(res, "return")));
    return 0;
}

int
qemuSnapshotSetCPUs(virDomainObj *vm, bool run, int reason)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand(run ? "cont" : "stop", NULL);
    qemuMonitor *mon;
    int rc;

    g_atomic_int_set(&priv->changing_cpus, 1);
    mon = qemuDomainObjEnterMonitor(vm);
    rc = qemuMonitorCommand(mon, cmd, NULL);
    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0) {
        g_atomic_int_set(&priv->changing_cpus, 0);
        return -1;
    }
    virDomainObjSetState(vm, run ? VIR_DOMAIN_RUNNING : VIR_DOMAIN_PAUSED, reason);
    g_atomic_int_set(&priv->changing_cpus, 0);
    return 0;
}

/* libvirt's save cookie: the vCPU model the guest ran with (so a revert
 * starts the same CPU) and whether no built-in slirp is in use. */
static void
add_cookie(virDomainObj *vm, virDomainSnapshotDef *def)
{
    xmlNodePtr devices = virXMLChildElement(vm->def->root, "devices");
    xmlNodePtr cpu = virXMLChildElement(vm->def->root, "cpu");
    xmlNodePtr cookie;
    bool slirp = false;

    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        g_autofree char *type = NULL;

        if (cur->type == XML_ELEMENT_NODE && virXMLNodeNameEqual(cur, "interface") &&
            (type = virXMLPropString(cur, "type")) && STREQ(type, "user"))
            slirp = true;
    }
    if (!def->doc) {
        def->doc = xmlNewDoc((const xmlChar *)"1.0");
        xmlDocSetRootElement(def->doc, xmlNewDocNode(def->doc, NULL,
                                                     (const xmlChar *)"domainsnapshot", NULL));
    }
    cookie = xmlNewDocNode(def->doc, NULL, (const xmlChar *)"cookie", NULL);
    xmlAddChild(xmlDocGetRootElement(def->doc), cookie);
    if (cpu)
        xmlAddChild(cookie, xmlDocCopyNode(cpu, def->doc, 1));
    if (!slirp)
        xmlAddChild(cookie, xmlNewDocNode(def->doc, NULL, (const xmlChar *)"slirpHelper", NULL));
    def->cookie = cookie;
}

/* Stops running @vm's vCPUs for a snapshot, as libvirt does around
 * savevm and a memory save; sets *@resume. */
static int
pause_for_snapshot(qemuDriver *driver, virDomainObj *vm, int reason, bool *resume)
{
    if (vm->state != VIR_DOMAIN_RUNNING)
        return 0;
    if (qemuSnapshotSetCPUs(vm, false, reason) < 0)
        return -1;
    /* libvirt tells the pause and the resume around it */
    qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                            VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
    *resume = true;
    /* a later process finds it paused, as QEMU is, if this one dies */
    qemuDomainSaveStatus(driver, vm);
    return 0;
}

/* The end of a snapshot of running @vm: HALT (on success) stops QEMU,
 * else the vCPUs run again if @resume. Returns @ret, or -1 when the
 * resume fails (libvirt's event and error). */
static int
finish_active(qemuDriver *driver, virDomainObj *vm, unsigned int flags, bool resume, int ret)
{
    if (ret == 0 && (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        /* libvirt makes the event before the stop: it carries the id */
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
        qemuProcessStop(driver, vm, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT, false);
        resume = false;
    }
    if (resume && virDomainObjIsActive(vm)) {
        virErrorPtr saved = virSaveLastError();

        if (qemuSnapshotSetCPUs(vm, true, VIR_DOMAIN_RUNNING_UNPAUSED) < 0) {
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                    VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR);
            /* the snapshot's own error first, else the resume's */
            if (saved->code == VIR_ERR_OK) {
                virFreeError(saved);
                if (virGetLastErrorCode() == VIR_ERR_OK)
                    virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                                   "resuming after snapshot failed");
                saved = virSaveLastError();
            }
            ret = -1;
        } else {
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_RESUMED,
                                    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        }
        virSetError(saved);
        virFreeError(saved);
    }
    if (virDomainObjIsActive(vm))
        qemuDomainSaveStatus(driver, vm);
    return ret;
}

/* savevm of running @vm, as libvirt makes it: the vCPUs are stopped by
 * the driver around it (QEMU's own stop inside savevm would go
 * unnoticed), and QEMU's text reply is read for its errors. */
static int
create_active(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef *def,
              unsigned int flags)
{
    g_autofree char *command = g_strdup_printf("savevm \"%s\"", def->parent.name);
    g_autofree char *reply = NULL;
    bool resume = false;
    int ret = -1;

    if (pause_for_snapshot(driver, vm, VIR_DOMAIN_PAUSED_SAVE, &resume) < 0)
        return -1;
    if (qemuSnapshotHMP(vm, command, &reply) < 0)
        goto cleanup;
    if (strstr(reply, "Error while creating snapshot") ||
        strstr(reply, "Could not open VM state file") ||
        strstr(reply, "State blocked by non-migratable device") ||
        strstr(reply, "Error: ") ||
        (strstr(reply, "Error") && strstr(reply, "while writing VM"))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "Failed to take snapshot: %s", reply);
        goto cleanup;
    }
    if (strstr(reply, "No block device can accept snapshots")) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "this domain does not have a device to take snapshots");
        goto cleanup;
    }
    virFaultPoint("snapshot-create-after-savevm");
    add_cookie(vm, def);
    ret = 0;

 cleanup:
    return finish_active(driver, vm, flags, resume, ret);
}

/* Removes the new images of external snapshot @def that @created marks
 * (a failed create's: qemu-img may have left part of the one that
 * failed). Failures are only reported. */
static void
remove_created(const virDomainSnapshotDef *def, const bool *created)
{
    for (size_t j = 0; j < def->ndisks; j++) {
        if (created[j] && unlink(def->disks[j].path) < 0 && errno != ENOENT)
            g_printerr("tidemark: cannot remove '%s' after a failed snapshot: %s\n",
                       def->disks[j].path, g_strerror(errno));
    }
}

/* An external snapshot of shut-off @vm, as libvirt's
 * qemuSnapshotCreateInactiveExternal: a new image over each selected
 * disk's (unless REUSE_EXT: the user made them), then the persistent
 * definition switched to them. The definition is written whole before
 * it replaces @vm's, and images made here go again if anything fails. */
static int
create_inactive_external(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef *def,
                         bool reuse)
{
    g_autofree bool *created = g_new0(bool, def->ndisks);
    g_autoptr(virDomainDef) newdef = NULL;
    size_t i;

    for (i = 0; i < def->ndisks && !reuse; i++) {
        const virDomainSnapshotDiskDef *disk = &def->disks[i];
        const virDomainDiskDef *dom_disk = vm->def->disks[i];

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        created[i] = !g_file_test(disk->path, G_FILE_TEST_EXISTS);
        if (qemuImgCreateOverlay(driver, disk->path, disk->format, dom_disk->src,
                                 dom_disk->driver_type ? dom_disk->driver_type : "raw") < 0)
            goto rollback;
    }
    virFaultPoint("snapshot-external-after-images");

    if (!(newdef = virDomainDefCopy(vm->def, &driver->xmlopt)))
        goto rollback;
    for (i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *disk = &def->disks[i];

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        qemuSnapshotDiskReplaceImage(newdef->disks[i], disk->path,
                                     storage_type_name(disk->type), disk->format);
    }
    if (qemuDomainSaveConfig(driver, newdef) < 0)
        goto rollback;
    virDomainDefFree(vm->def);
    vm->def = g_steal_pointer(&newdef);
    virDomainObjDefChanged(vm);
    return 0;

 rollback:
    {
        virErrorPtr saved = virSaveLastError();

        remove_created(def, created);
        virSetError(saved);
        virFreeError(saved);
    }
    return -1;
}

/* blockdev-create of @disk's new image (its format) on storage node
 * @storage: @size bytes over @dom_disk's image, as libvirt's
 * qemuBlockStorageSourceCreateFormat makes it; waits for the job. */
static int
format_image(virDomainObj *vm, const char *storage, const virDomainSnapshotDiskDef *disk,
             const virDomainDiskDef *dom_disk, unsigned long long size)
{
    g_autofree char *job = g_strdup_printf("create-%s", storage);
    g_autoptr(virJSONValue) args = qemuBackupArgs("job-id", job);
    g_autoptr(virJSONValue) options = qemuBackupArgs("driver", disk->format);
    g_autofree char *status = NULL;
    g_autofree char *error = NULL;

    virJSONValueObjectAppendString(options, "file", storage);
    virJSONValueObjectAppendNumber(options, "size", (long long)size);
    virJSONValueObjectAppendString(options, "backing-file", dom_disk->src);
    virJSONValueObjectAppendString(options, "backing-fmt",
                                   dom_disk->driver_type ? dom_disk->driver_type : "raw");
    virJSONValueObjectAppend(args, "options", &options);
    if (qemuBackupRun(vm, "blockdev-create", &args, NULL) < 0 ||
        !(status = qemuBackupJobWait(vm, job, "concluded", &error)))
        return -1;
    qemuBackupRunCleanup(vm, "job-dismiss", qemuBackupArgs("id", job));
    if (error) {
        virReportError(VIR_ERR_OPERATION_FAILED, "cannot create image '%s': %s", disk->path,
                       error);
        return -1;
    }
    return 0;
}

/* The bitmaps a new image @overlay over node @node must carry, as
 * libvirt's qemuSnapshotDiskBitmapsPropagate adds them: each recording,
 * persistent and whole bitmap of @node, at its granularity, recording
 * on in the new image (the old one turns read-only). */
static void
carry_bitmaps(GHashTable *nodes, const char *node, const char *overlay, virJSONValue *actions)
{
    qemuBlockNode *entry = g_hash_table_lookup(nodes, node);

    for (size_t j = 0; entry && j < entry->bitmaps->len; j++) {
        qemuBlockBitmap *b = g_ptr_array_index(entry->bitmaps, j);

        if (b->persistent && b->recording && !b->inconsistent)
            qemuBlockActionBitmapAdd(actions, overlay, b->name, true, b->granularity);
    }
}

/* Puts image @path (@type "file" or "block", format @format) on top of
 * @disk's chain: the old image becomes its first <backingStore> (with
 * the old one's chain under it), as libvirt records a running domain's
 * snapshot. @index: the new image's number in a live definition, whose
 * old top keeps its own; 0 for a persistent definition (no numbers, no
 * chain end added). */
static void
push_top(virDomainDiskDef *disk, const char *path, const char *type, const char *format,
         unsigned int index)
{
    xmlNodePtr source = virXMLChildElement(disk->node, "source");
    xmlNodePtr chain = virXMLChildElement(disk->node, "backingStore");
    xmlNodePtr bs = xmlNewDocNode(disk->node->doc, NULL, BAD_CAST "backingStore", NULL);
    g_autofree char *old_index = source ? virXMLPropString(source, "index") : NULL;
    bool block = STREQ(disk->type, "block");
    xmlNodePtr node;

    virDomainXMLSetProp(bs, "type", disk->type);
    if (index && old_index)
        virDomainXMLSetProp(bs, "index", old_index);
    node = xmlNewChild(bs, NULL, BAD_CAST "format", NULL);
    virDomainXMLSetProp(node, "type", disk->driver_type ? disk->driver_type : "raw");
    node = xmlNewChild(bs, NULL, BAD_CAST "source", NULL);
    virDomainXMLSetProp(node, block ? "dev" : "file", disk->src);
    if (chain) {
        xmlUnlinkNode(chain);
        xmlAddChild(bs, chain);
    }
    if (source) {
        xmlAddNextSibling(source, bs);
        if (index)
            virDomainXMLSetPropf(source, "index", "%u", index);
    } else {
        xmlAddChild(disk->node, bs);
    }
    if (index) {
        /* the old image is one the definition describes from now on */
        g_autofree char *described = virXMLPropString(disk->node, VIR_DOMAIN_DISK_DESCRIBED);

        virDomainXMLSetPropf(disk->node, VIR_DOMAIN_DISK_DESCRIBED, "%u",
                             (described ? (unsigned int)g_ascii_strtoull(described, NULL, 10)
                                        : 0) + 1);
    }
    virDomainDiskSetImage(disk, path, type, format);
}

/* The disks of an external snapshot of running @vm, as libvirt's
 * qemuSnapshotCreateActiveExternalDisks: a new image over each selected
 * disk's (made by QEMU unless REUSE_EXT), added to QEMU as a node of
 * its own, then one transaction of blockdev-snapshot for every disk, so
 * all switch or none. @nodes: QEMU's nodes, read before (their sizes,
 * and the checkpoints' bitmaps to carry). The live definition gets each
 * new image on top of its chain (numbered on from the run's counter),
 * the persistent one the new image over the old. A failure takes the
 * nodes out of QEMU again and removes the images made here. */
static int
snapshot_disks_active(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef *def,
                      unsigned int flags, GHashTable *nodes)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    bool reuse = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT;
    g_autofree bool *created = g_new0(bool, def->ndisks);
    g_autofree unsigned int *index = g_new0(unsigned int, def->ndisks);
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();
    virDomainDef *persistent = vm->persistent ? vm->new_def : NULL;
    size_t i;

    for (i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *disk = &def->disks[i];
        const virDomainDiskDef *dom_disk = vm->def->disks[i];
        g_autoptr(virJSONValue) add = virJSONValueNewObject();
        g_autoptr(virJSONValue) file = virJSONValueNewObject();
        g_autofree char *old_node = NULL;
        g_autofree char *fmt_node = NULL;
        g_autofree char *file_node = NULL;

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        old_node = qemuDiskNodeName(vm->def, i, true);
        if (!reuse) {
            created[i] = !g_file_test(disk->path, G_FILE_TEST_EXISTS);
            if (created[i] && disk->type != VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK &&
                qemuBlockCreateEmptyFile(disk->path, 0644, true) < 0)
                goto rollback;
        }
        index[i] = priv->next_node_index++;
        fmt_node = g_strdup_printf("libvirt-%u-format", index[i]);
        file_node = g_strdup_printf("libvirt-%u-storage", index[i]);
        virJSONValueObjectAppendString(file, "driver",
                                       disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK ?
                                       "host_device" : "file");
        virJSONValueObjectAppendString(file, "filename", disk->path);
        virJSONValueObjectAppendString(file, "node-name", file_node);
        virJSONValueObjectAppendBoolean(file, "auto-read-only", true);
        virJSONValueObjectAppendString(file, "discard", "unmap");
        if (qemuBackupRun(vm, "blockdev-add", &file, NULL) < 0) {
            index[i] = 0;
            goto rollback;
        }
        /* the new image made by QEMU itself (libvirt's way), the size of
         * the one it goes over */
        if (!reuse) {
            qemuBlockNode *entry = g_hash_table_lookup(nodes, old_node);

            if (format_image(vm, file_node, disk, dom_disk, entry ? entry->size : 0) < 0)
                goto rollback;
        }
        virJSONValueObjectAppendString(add, "driver", disk->format);
        virJSONValueObjectAppendString(add, "node-name", fmt_node);
        virJSONValueObjectAppendString(add, "file", file_node);
        /* the backing image is the node it goes over, given by the
         * snapshot: not the one its header names */
        virJSONValueObjectAppendNull(add, "backing");
        if (qemuBackupRun(vm, "blockdev-add", &add, NULL) < 0)
            goto rollback;
        carry_bitmaps(nodes, old_node, fmt_node, actions);
        qemuBlockActionSnapshot(actions, old_node, fmt_node);
    }
    if (qemuBlockTransaction(vm, &actions) < 0)
        goto rollback;
    virFaultPoint("snapshot-external-after-transaction");

    for (i = 0; i < def->ndisks; i++) {
        const virDomainSnapshotDiskDef *disk = &def->disks[i];
        virDomainDiskDef *config;
        const char *type = storage_type_name(disk->type);

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            continue;
        push_top(vm->def->disks[i], disk->path, type, disk->format, index[i]);
        if ((config = virDomainDiskByDst(persistent, disk->name)))
            push_top(config, disk->path, type, disk->format, 0);
    }
    virDomainObjDefChanged(vm);
    if (persistent && qemuDomainSaveConfig(driver, persistent) < 0)
        virResetLastError();    /* the status file below still records it */
    qemuDomainSaveStatus(driver, vm);
    return 0;

 rollback:
    {
        virErrorPtr saved = virSaveLastError();

        for (size_t j = 0; j < def->ndisks; j++) {
            if (index[j]) {
                g_autofree char *name = g_strdup_printf("libvirt-%u-format", index[j]);
                g_autofree char *storage = g_strdup_printf("libvirt-%u-storage", index[j]);

                qemuBackupRunCleanup(vm, "blockdev-del", qemuBackupArgs("node-name", name));
                qemuBackupRunCleanup(vm, "blockdev-del", qemuBackupArgs("node-name", storage));
            }
        }
        remove_created(def, created);
        virSetError(saved);
        virFreeError(saved);
    }
    return -1;
}

static bool
has_external_disks(const virDomainSnapshotDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            return true;
    }
    return false;
}

/* The memory state of running @vm into @def's memory file (libvirt's
 * save image): the live definition in migratable form and the save
 * cookie (also the snapshot's) with it. */
static int
save_memory(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef *def, bool was_running)
{
    g_autofree char *xml = qemuDomainDefFormatMigratable(driver, vm->def,
                                                         VIR_DOMAIN_DEF_FORMAT_SECURE);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *cookie = NULL;

    if (!xml)
        return -1;
    add_cookie(vm, def);
    virDomainPreservedNodeFormat(&buf, def->cookie);
    cookie = virBufferContentAndReset(&buf);
    return qemuSaveImageCreate(vm, def->memorysnapshotfile, xml, cookie, was_running);
}

/* An external snapshot of running @vm, as libvirt's
 * qemuSnapshotCreateActiveExternal: with the memory state, the vCPUs
 * stop first (with LIVE the guest runs on while QEMU saves it, and QEMU
 * stops it at the end), the state goes to the memory file, and the
 * disks switch while the guest stands still; then it runs again if it
 * ran, or stops with HALT. A memory file made here goes again if
 * anything fails. */
static int
create_active_external(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef *def,
                       unsigned int flags)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    bool memory = def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
    bool live = flags & VIR_DOMAIN_SNAPSHOT_CREATE_LIVE;
    bool was_running = vm->state == VIR_DOMAIN_RUNNING;
    bool resume = false;
    bool memory_made = false;
    g_autoptr(GHashTable) nodes = NULL;
    int ret = -1;

    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE) && qemuAgentUnavailable(vm) < 0)
        goto cleanup;
    if (memory && !live &&
        pause_for_snapshot(driver, vm, VIR_DOMAIN_PAUSED_SNAPSHOT, &resume) < 0)
        goto cleanup;
    /* read before the memory save: QEMU's bitmaps turn inactive with it */
    if (has_external_disks(def) && !(nodes = qemuBlockGetBitmaps(vm)))
        goto cleanup;
    if (memory) {
        int rc;

        memory_made = !g_file_test(def->memorysnapshotfile, G_FILE_TEST_EXISTS);
        /* a LIVE save ends with QEMU stopping the vCPUs: told here (a
         * failed one leaves them running, and tells nothing) */
        g_atomic_int_set(&priv->changing_cpus, live && was_running);
        rc = save_memory(driver, vm, def, was_running);
        g_atomic_int_set(&priv->changing_cpus, 0);
        if (rc < 0) {
            memory_made = false;    /* qemuSaveImageCreate removed it */
            goto cleanup;
        }
        if (live && was_running) {
            virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_UNKNOWN);
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                    VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
            qemuDomainSaveStatus(driver, vm);
            resume = true;
        }
        virFaultPoint("snapshot-external-after-memory");
    }
    if (has_external_disks(def) &&
        snapshot_disks_active(driver, vm, def, flags, nodes) < 0)
        goto cleanup;
    ret = 0;

 cleanup:
    if (ret < 0 && memory_made && unlink(def->memorysnapshotfile) < 0)
        g_printerr("tidemark: cannot remove '%s' after a failed snapshot: %s\n",
                   def->memorysnapshotfile, g_strerror(errno));
    return finish_active(driver, vm, flags, resume, ret);
}

/* A new snapshot: checks, the images, and (unless NO_METADATA) the
 * object in the tree, in *@snap. Returns 0 or -1. */
static int
create_new(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef **def,
           unsigned int flags, virDomainMomentObj **snap)
{
    virDomainMomentObj *current = virDomainMomentGetCurrent(vm->snapshots);
    bool no_metadata = flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA;
    bool external;

    if (align_disks(driver, vm, *def, flags) < 0 || prepare(vm, *def, flags) < 0)
        return -1;
    external = virDomainSnapshotDefIsExternal(*def);
    if (!no_metadata && virDomainMomentFindByName(vm->snapshots, (*def)->parent.name)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "domain moment %s already exists",
                       (*def)->parent.name);
        return -1;
    }
    if (qemuSnapshotMarkPending(driver, vm, "create", (*def)->parent.name,
                                external ? *def : NULL) < 0)
        return -1;
    if (virDomainObjIsActive(vm) && external) {
        if (create_active_external(driver, vm, *def, flags) < 0)
            goto failed;
    } else if (virDomainObjIsActive(vm)) {
        if (create_active(driver, vm, *def, flags) < 0)
            goto failed;
    } else if (external) {
        if (create_inactive_external(driver, vm, *def,
                                     flags & VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT) < 0)
            goto failed;
    } else {
        if (qemuSnapshotImagesOp(driver, vm->def, *def, "-c") < 0)
            goto failed;
        virFaultPoint("snapshot-create-after-images");
    }
    if (no_metadata) {
        /* no metadata by request: the images are as asked */
        qemuSnapshotClearPending(driver, vm);
        return 0;
    }
    if (current)
        (*def)->parent.parent_name = g_strdup(current->def->name);
    if (!(*snap = virDomainMomentAssignDef(vm->snapshots, &(*def)->parent)))
        return -1;
    *def = NULL;
    return 0;

 failed:
    /* savevm and qemu-img leave nothing behind when they fail */
    qemuSnapshotClearPending(driver, vm);
    return -1;
}

virDomainSnapshotPtr
qemuSnapshotCreateXML(virDomainPtr domain, const char *xml, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    bool redefine = flags & VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    unsigned int parse_flags = VIR_DOMAIN_SNAPSHOT_PARSE_COOKIE;
    g_autoptr(virDomainSnapshotDef) def = NULL;
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;
    virDomainSnapshotPtr snapshot = NULL;
    g_autofree char *name = NULL;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE | VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT |
                  VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA | VIR_DOMAIN_SNAPSHOT_CREATE_HALT |
                  VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY | VIR_DOMAIN_SNAPSHOT_CREATE_REUSE_EXT |
                  VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE | VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC |
                  VIR_DOMAIN_SNAPSHOT_CREATE_LIVE | VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE, NULL);
    VIR_REQUIRE_FLAG_RET(VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE,
                         VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY, NULL);
    VIR_EXCLUSIVE_FLAGS_RET(VIR_DOMAIN_SNAPSHOT_CREATE_LIVE,
                            VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE, NULL);

    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    /* libvirt's qemuDomainSupportsCheckpointsBlockjobs, first of all: a
     * shut-off domain has no QEMU whose capabilities vouch for bitmaps
     * surviving block operations, so no snapshot of any kind (redefine
     * included) while it has checkpoints */
    if (!virDomainObjIsActive(vm) && virDomainMomentObjListSize(vm->checkpoints) > 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "cannot perform block operations while checkpoint exists");
        goto cleanup;
    }
    if (!vm->persistent && (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot halt after transient domain snapshot");
        goto cleanup;
    }
    if (redefine)
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE;
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) || !virDomainObjIsActive(vm))
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_OFFLINE;
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_VALIDATE)
        parse_flags |= VIR_DOMAIN_SNAPSHOT_PARSE_VALIDATE;
    if (!(def = virDomainSnapshotDefParseString(xml, &driver->xmlopt, NULL, parse_flags)) ||
        validate_def(vm, def, flags) < 0)
        goto cleanup;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    /* a shut-off domain's disks may be a backup job's */
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        goto endjob;

    name = g_strdup(def->parent.name);
    if (redefine) {
        if (!(snap = virDomainSnapshotObjRedefine(vm, &def, flags)))
            goto endjob;
        if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT)
            qemuSnapshotSetCurrent(driver, vm, snap);
    } else if (create_new(driver, vm, &def, flags, &snap) < 0) {
        goto endjob;
    } else if (!snap) {
        /* NO_METADATA: the snapshot exists, only nothing records it */
        snapshot = virGetDomainSnapshot(domain, name);
        goto endjob;
    } else {
        qemuSnapshotSetCurrent(driver, vm, snap);
    }

    if (qemuSnapshotWriteMetadata(driver, vm, snap) < 0) {
        /* the images hold the snapshot: the next load names it */
        virReportError(VIR_ERR_INTERNAL_ERROR, "unable to save metadata for snapshot %s",
                       snap->def->name);
        if (virDomainMomentGetCurrent(vm->snapshots) == snap)
            virDomainMomentSetCurrent(vm->snapshots, NULL);
        virDomainMomentObjListRemove(vm->snapshots, snap);
        goto endjob;
    }
    virFaultPoint(redefine ? "snapshot-redefine-after-metadata" :
                             "snapshot-create-after-metadata");
    if (!redefine)
        qemuSnapshotClearPending(driver, vm);
    virDomainMomentLinkParent(vm->snapshots, snap);
    snapshot = virGetDomainSnapshot(domain, snap->def->name);

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return snapshot;
}

