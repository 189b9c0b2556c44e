/*
 * qemu_snapshot.c: the qemu driver's snapshots (internal ones)
 *
 * libvirt 9.0's scheme, so a root's snapshots mean the same under both:
 * one metadata file per snapshot (DIR/snapshot/DOMAIN/NAME.xml, the
 * snapshot XML with <active>1</active> on the current one), and the
 * snapshot itself inside every qcow2 image of the domain under the
 * snapshot's name. A running domain is paused, QEMU's `savevm` writes
 * the disks and the memory state into the images, and the vCPUs go on;
 * a shut-off domain gets `qemu-img snapshot -c` on each image. A revert
 * always starts a new QEMU: with `-loadvm` for a snapshot of a running
 * domain, after `qemu-img snapshot -a` for one of a shut-off domain.
 *
 * The images are changed first, the metadata written after: a crash in
 * between leaves a snapshot in the images that no metadata names, which
 * the next load reports (qemuSnapshotLoadAll) and never removes.
 *
 * External snapshots (DISK_ONLY, external memory or disks) are not done
 * yet: refused with OPERATION_UNSUPPORTED naming tidemark.
 */
#include "internal.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "qemu/qemu_snapshot.h"
#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_process.h"
#include "qemu/qemu_driver.h"
#include "conf/moment_obj.h"
#include "conf/snapshot_obj.h"
#include "util/virfault.h"
#include "util/virfile.h"
#include "util/virxml.h"
#include "conf/domain_xmledit.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* ---- metadata files ---- */

static char *
metadata_path(qemuDriver *driver, virDomainObj *vm, const char *name)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);
    g_autofree char *enc = virFileEncodeName(name);
    g_autofree char *file = g_strconcat(enc, ".xml", NULL);

    return g_build_filename(dir, file, NULL);
}

int
qemuSnapshotWriteMetadata(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap)
{
    /* libvirt's file: the snapshot as its qemu driver keeps it */
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);
    g_autofree char *path = metadata_path(driver, vm, snap->def->name);
    g_autofree char *xml = NULL;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_FORMAT_SECURE | VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL;

    if (virDomainMomentGetCurrent(vm->snapshots) == snap)
        flags |= VIR_DOMAIN_SNAPSHOT_FORMAT_CURRENT;
    virUUIDFormat(vm->def->uuid, uuidstr);
    xml = virDomainSnapshotDefFormat(uuidstr, virDomainSnapshotObjGetDef(snap), flags);
    if (virFileMakePath(dir) < 0)
        return -1;
    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}

int
qemuSnapshotRemoveMetadata(qemuDriver *driver, virDomainObj *vm, const char *name)
{
    g_autofree char *path = metadata_path(driver, vm, name);

    return virFileRemoveDurable(path);
}

void
qemuSnapshotSetCurrent(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap)
{
    virDomainMomentObj *old = virDomainMomentGetCurrent(vm->snapshots);

    virDomainMomentSetCurrent(vm->snapshots, snap);
    if (old && old != snap && qemuSnapshotWriteMetadata(driver, vm, old) < 0) {
        g_printerr("tidemark: failed to update old current snapshot: %s\n",
                   virGetLastErrorMessage());
        virResetLastError();
    }
}

/* The qcow2 disks of @def that take part in internal snapshot @snapdef
 * (libvirt's rule: a disk device whose snapshot disk is internal). */
static bool
disk_takes_part(const virDomainDef *def, const virDomainSnapshotDef *snapdef, size_t i)
{
    return i < snapdef->ndisks && g_strcmp0(def->disks[i]->device, "disk") == 0 &&
           snapdef->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL &&
           def->disks[i]->src;
}

/* The marker of an operation that changes the images (create, revert,
 * delete): written before the images are touched, removed once the
 * metadata agrees with them. A name starting with '.' is never a
 * snapshot's file (libvirt refuses such names). */
static char *
pending_path(qemuDriver *driver, virDomainObj *vm)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);

    return g_build_filename(dir, ".pending", NULL);
}

int
qemuSnapshotMarkPending(qemuDriver *driver, virDomainObj *vm, const char *op,
                        const char *name)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);
    g_autofree char *path = pending_path(driver, vm);
    g_autofree char *text = g_strdup_printf("%s %s\n", op, name);

    if (virFileMakePath(dir) < 0)
        return -1;
    return virFileWriteAtomic(path, text, strlen(text), 0600);
}

void
qemuSnapshotClearPending(qemuDriver *driver, virDomainObj *vm)
{
    g_autofree char *path = pending_path(driver, vm);

    if (virFileRemoveDurable(path) < 0) {
        /* reported: the next load reconciles once more, needlessly */
        g_printerr("tidemark: %s\n", virGetLastErrorMessage());
        virResetLastError();
    }
}

/* Whether image @path holds snapshot @name, from @listed (path ->
 * GPtrArray of names, filled on demand). -1 if it cannot be read. */
static int
image_has(qemuDriver *driver, GHashTable *listed, const char *path, const char *name)
{
    GPtrArray *names = g_hash_table_lookup(listed, path);

    if (!names) {
        if (!(names = qemuImgListSnapshots(driver, path))) {
            g_printerr("tidemark: %s\n", virGetLastErrorMessage());
            virResetLastError();
            return -1;
        }
        g_hash_table_insert(listed, g_strdup(path), names);
    }
    for (size_t i = 0; i < names->len; i++) {
        if (STREQ(names->pdata[i], name))
            return 1;
    }
    return 0;
}

/* After an operation on the images that a crash cut short: names on
 * stderr every snapshot the images of @vm hold that no metadata knows
 * of, and every internal snapshot whose image lacks it. Reported only,
 * never repaired: the images are the user's data. Returns whether
 * anything disagreed. */
static bool
reconcile(qemuDriver *driver, virDomainObj *vm)
{
    g_autoptr(GHashTable) listed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify)g_ptr_array_unref);
    g_autoptr(GPtrArray) all = virDomainMomentObjListCollect(vm->snapshots, NULL, 0, NULL, 0);
    virDomainDef *def = vm->def;
    bool found = false;

    for (size_t i = 0; i < def->ndisks; i++) {
        GPtrArray *names;

        if (g_strcmp0(def->disks[i]->driver_type, "qcow2") != 0 || !def->disks[i]->src ||
            g_strcmp0(def->disks[i]->device, "disk") != 0 ||
            image_has(driver, listed, def->disks[i]->src, "") < 0)
            continue;
        names = g_hash_table_lookup(listed, def->disks[i]->src);
        for (size_t j = 0; j < names->len; j++) {
            if (virDomainMomentFindByName(vm->snapshots, names->pdata[j]))
                continue;
            g_printerr("tidemark: image '%s' of domain '%s' holds snapshot '%s' that no "
                       "snapshot metadata names\n", def->disks[i]->src, def->name,
                       (char *)names->pdata[j]);
            found = true;
        }
    }
    for (size_t k = 0; all && k < all->len; k++) {
        virDomainMomentObj *snap = all->pdata[k];
        virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);
        const virDomainDef *then = snap->def->dom;

        if (!then || virDomainSnapshotDefIsExternal(snapdef))
            continue;
        for (size_t i = 0; i < then->ndisks; i++) {
            if (!disk_takes_part(then, snapdef, i) ||
                image_has(driver, listed, then->disks[i]->src, snap->def->name) != 0)
                continue;
            g_printerr("tidemark: snapshot '%s' of domain '%s' is missing from image '%s'\n",
                       snap->def->name, def->name, then->disks[i]->src);
            found = true;
        }
    }
    return found;
}

void
qemuSnapshotDropChainEnds(virDomainDef *def)
{
    for (size_t i = 0; def && i < def->ndisks; i++) {
        xmlNodePtr bs = virXMLChildElement(def->disks[i]->node, "backingStore");

        if (bs && !bs->children && !bs->properties)
            virDomainXMLRemove(bs);
    }
}

void
qemuSnapshotLoadAll(qemuDriver *driver, virDomainObj *vm)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    g_autofree char *pending = pending_path(driver, vm);
    virDomainMomentObj *current = NULL;
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);
        g_autofree char *xml = NULL;
        g_autoptr(virDomainSnapshotDef) def = NULL;
        virDomainMomentObj *snap;
        bool cur = false;

        if (strstr(entry, VIR_FILE_STAGED_MARK)) {
            /* a metadata write a crash interrupted: never in place */
            g_unlink(path);
            continue;
        }
        if (!g_str_has_suffix(entry, ".xml"))
            continue;
        if (!g_file_get_contents(path, &xml, NULL, NULL) ||
            !(def = virDomainSnapshotDefParseString(xml, &driver->xmlopt, &cur,
                                                    VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE |
                                                    VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL |
                                                    VIR_DOMAIN_SNAPSHOT_PARSE_COOKIE)) ||
            !(snap = virDomainMomentAssignDef(vm->snapshots, &def->parent))) {
            /* one broken file must not hide the others */
            g_printerr("tidemark: cannot load snapshot metadata '%s': %s\n", path,
                       virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        /* what libvirt's qemu driver shows of a snapshot it loads: the
         * <domain> of a running domain's snapshot without the ends of
         * the chains QEMU found (seen: snapshot-dumpxml in a new
         * process; the running process still prints them) */
        qemuSnapshotDropChainEnds(virDomainSnapshotObjGetDef(snap)->parent.dom);
        def = NULL;
        if (cur) {
            if (current)
                g_printerr("tidemark: domain '%s' has more than one current snapshot\n",
                           vm->def->name);
            current = snap;
        }
    }
    if (virDomainMomentUpdateRelations(vm->snapshots) < 0) {
        g_printerr("tidemark: the snapshots of '%s' do not form a tree; "
                   "the broken ones are roots now\n", vm->def->name);
        virResetLastError();
    } else {
        virDomainMomentSetCurrent(vm->snapshots, current);
    }
    /* an operation on the images was cut short: say how the images and
     * the metadata differ; the marker stays while they do, so every
     * load says it again until the user settles it */
    if (g_file_test(pending, G_FILE_TEST_EXISTS) && !reconcile(driver, vm))
        qemuSnapshotClearPending(driver, vm);
}

int
qemuSnapshotDiscardAllMetadata(qemuDriver *driver, virDomainObj *vm)
{
    g_autoptr(GPtrArray) all = virDomainMomentObjListCollect(vm->snapshots, NULL, 0, NULL, 0);
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);

    for (size_t i = 0; all && i < all->len; i++) {
        virDomainMomentObj *snap = all->pdata[i];

        if (qemuSnapshotRemoveMetadata(driver, vm, snap->def->name) < 0)
            return -1;
    }
    g_rmdir(dir);
    return 0;
}

/* ---- queries ---- */

virDomainObj *
qemuSnapshotLookup(virDomainSnapshotPtr snapshot, virDomainMomentObj **snap)
{
    virDomainObj *vm = qemuDomObjFromDomain(snapshot->domain);

    if (vm && !(*snap = virDomainMomentFindByNameReport(vm, VIR_DOMAIN_MOMENT_KIND_SNAPSHOT,
                                                        snapshot->name, VIR_FROM_THIS)))
        virDomainObjEndAPI(&vm);
    return vm;
}

#define LIST_FLAGS VIR_DOMAIN_SNAPSHOT_LIST_FLAGS_ALL

static int
qemuDomainSnapshotNum(virDomainPtr domain, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainSnapshotObjList(qemuDomObjFromDomain(domain), domain, NULL, flags,
                                    NULL, 0, NULL, VIR_FROM_THIS);
}

static int
qemuDomainSnapshotListNames(virDomainPtr domain, char **names, int nameslen,
                            unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainSnapshotObjList(qemuDomObjFromDomain(domain), domain, NULL, flags,
                                    names, nameslen, NULL, VIR_FROM_THIS);
}

static int
qemuDomainListAllSnapshots(virDomainPtr domain, virDomainSnapshotPtr **snaps,
                           unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainSnapshotObjList(qemuDomObjFromDomain(domain), domain, NULL, flags,
                                    NULL, 0, snaps, VIR_FROM_THIS);
}

static int
qemuDomainSnapshotNumChildren(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainSnapshotObjList(qemuDomObjFromDomain(snapshot->domain), snapshot->domain,
                                    snapshot, flags, NULL, 0, NULL, VIR_FROM_THIS);
}

static int
qemuDomainSnapshotListChildrenNames(virDomainSnapshotPtr snapshot, char **names,
                                    int nameslen, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainSnapshotObjList(qemuDomObjFromDomain(snapshot->domain), snapshot->domain,
                                    snapshot, flags, names, nameslen, NULL, VIR_FROM_THIS);
}

static int
qemuDomainSnapshotListAllChildren(virDomainSnapshotPtr snapshot,
                                  virDomainSnapshotPtr **snaps, unsigned int flags)
{
    virCheckFlags(LIST_FLAGS, -1);
    return virDomainSnapshotObjList(qemuDomObjFromDomain(snapshot->domain), snapshot->domain,
                                    snapshot, flags, NULL, 0, snaps, VIR_FROM_THIS);
}

static virDomainSnapshotPtr
qemuDomainSnapshotLookupByName(virDomainPtr domain, const char *name, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(qemuDomObjFromDomain(domain),
                                       VIR_DOMAIN_MOMENT_KIND_SNAPSHOT, domain, name, false,
                                       VIR_FROM_THIS);
}

static int
qemuDomainHasCurrentSnapshot(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;
    int ret;

    virCheckFlags(0, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    ret = virDomainMomentGetCurrent(vm->snapshots) != NULL;
    virDomainObjEndAPI(&vm);
    return ret;
}

static virDomainSnapshotPtr
qemuDomainSnapshotCurrent(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *current;
    virDomainSnapshotPtr ret = NULL;

    virCheckFlags(0, NULL);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    if (!(current = virDomainMomentGetCurrent(vm->snapshots)))
        virReportError(VIR_ERR_NO_DOMAIN_SNAPSHOT, "%s",
                       "the domain does not have a current snapshot");
    else
        ret = virGetDomainSnapshot(domain, current->def->name);
    virDomainObjEndAPI(&vm);
    return ret;
}

static virDomainSnapshotPtr
qemuDomainSnapshotGetParent(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainMomentObjGetHandle(qemuDomObjFromDomain(snapshot->domain),
                                       VIR_DOMAIN_MOMENT_KIND_SNAPSHOT, snapshot->domain,
                                       snapshot->name, true, VIR_FROM_THIS);
}

static int
qemuDomainSnapshotIsCurrent(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;
    int ret;

    virCheckFlags(0, -1);
    if (!(vm = qemuSnapshotLookup(snapshot, &snap)))
        return -1;
    ret = snap == virDomainMomentGetCurrent(vm->snapshots);
    virDomainObjEndAPI(&vm);
    return ret;
}

/* A snapshot made with NO_METADATA is never in the tree: every one the
 * driver knows has metadata. */
static int
qemuDomainSnapshotHasMetadata(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;

    virCheckFlags(0, -1);
    if (!(vm = qemuSnapshotLookup(snapshot, &snap)))
        return -1;
    virDomainObjEndAPI(&vm);
    return 1;
}

static char *
qemuDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virDomainObj *vm;
    virDomainMomentObj *snap = NULL;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    char *xml;

    virCheckFlags(VIR_DOMAIN_SNAPSHOT_XML_SECURE, NULL);
    if (!(vm = qemuSnapshotLookup(snapshot, &snap)))
        return NULL;
    virUUIDFormat(snapshot->domain->uuid, uuidstr);
    xml = virDomainSnapshotDefFormat(uuidstr, virDomainSnapshotObjGetDef(snap),
                                     virDomainSnapshotFormatConvertXMLFlags(flags));
    virDomainObjEndAPI(&vm);
    return xml;
}

/* ---- create ---- */

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

/* libvirt's checks of the aligned disks (qemuSnapshotPrepare), in its
 * order; external snapshots then refused as not done yet. */
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
        case VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL:
            external++;
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
    if (external || def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL ||
        (flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY)) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "external snapshots are not supported by tidemark's qemu driver yet");
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
        if (!disk_takes_part(def, snapdef, i))
            continue;
        if (qemuImgSnapshotOp(driver, def->disks[i]->src, op, snapdef->parent.name) < 0)
            goto rollback;
    }
    return 0;

 rollback:
    if (STREQ(op, "-c")) {
        virErrorPtr saved = virSaveLastError();

        while (i-- > 0) {
            if (disk_takes_part(def, snapdef, i))
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

    priv->changing_cpus = true;
    mon = qemuDomainObjEnterMonitor(vm);
    rc = qemuMonitorCommand(mon, cmd, NULL);
    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0) {
        priv->changing_cpus = false;
        return -1;
    }
    virDomainObjSetState(vm, run ? VIR_DOMAIN_RUNNING : VIR_DOMAIN_PAUSED, reason);
    priv->changing_cpus = false;
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

    if (vm->state == VIR_DOMAIN_RUNNING) {
        if (qemuSnapshotSetCPUs(vm, false, VIR_DOMAIN_PAUSED_SAVE) < 0)
            return -1;
        /* libvirt tells the pause and the resume around savevm */
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        resume = true;
    }
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
    if (flags & VIR_DOMAIN_SNAPSHOT_CREATE_HALT) {
        /* libvirt makes the event before the stop: it carries the id */
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT);
        qemuProcessStop(driver, vm, VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT, false);
        resume = false;
    }
    ret = 0;

 cleanup:
    if (resume && virDomainObjIsActive(vm)) {
        virErrorPtr saved = virSaveLastError();

        if (qemuSnapshotSetCPUs(vm, true, VIR_DOMAIN_RUNNING_UNPAUSED) < 0) {
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                    VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR);
            if (!saved)
                saved = virSaveLastError();
            ret = -1;
        } else {
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_RESUMED,
                                    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        }
        if (saved) {
            virSetError(saved);
            virFreeError(saved);
        }
    }
    if (virDomainObjIsActive(vm))
        qemuDomainSaveStatus(driver, vm);
    return ret;
}

/* A new snapshot: checks, the images, and (unless NO_METADATA) the
 * object in the tree, in *@snap. Returns 0 or -1. */
static int
create_new(qemuDriver *driver, virDomainObj *vm, virDomainSnapshotDef **def,
           unsigned int flags, virDomainMomentObj **snap)
{
    virDomainMomentObj *current = virDomainMomentGetCurrent(vm->snapshots);
    bool no_metadata = flags & VIR_DOMAIN_SNAPSHOT_CREATE_NO_METADATA;

    if (align_disks(driver, vm, *def, flags) < 0 || prepare(vm, *def, flags) < 0)
        return -1;
    if (!no_metadata && virDomainMomentFindByName(vm->snapshots, (*def)->parent.name)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "domain moment %s already exists",
                       (*def)->parent.name);
        return -1;
    }
    if (qemuSnapshotMarkPending(driver, vm, "create", (*def)->parent.name) < 0)
        return -1;
    if (virDomainObjIsActive(vm)) {
        if (create_active(driver, vm, *def, flags) < 0)
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

static virDomainSnapshotPtr
qemuDomainSnapshotCreateXML(virDomainPtr domain, const char *xml, unsigned int flags)
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

void
qemuSnapshotMethods(virConnectDriver *drv)
{
    drv->domainSnapshotCreateXML = qemuDomainSnapshotCreateXML;
    drv->domainSnapshotGetXMLDesc = qemuDomainSnapshotGetXMLDesc;
    drv->domainSnapshotNum = qemuDomainSnapshotNum;
    drv->domainSnapshotListNames = qemuDomainSnapshotListNames;
    drv->domainListAllSnapshots = qemuDomainListAllSnapshots;
    drv->domainSnapshotNumChildren = qemuDomainSnapshotNumChildren;
    drv->domainSnapshotListChildrenNames = qemuDomainSnapshotListChildrenNames;
    drv->domainSnapshotListAllChildren = qemuDomainSnapshotListAllChildren;
    drv->domainSnapshotLookupByName = qemuDomainSnapshotLookupByName;
    drv->domainHasCurrentSnapshot = qemuDomainHasCurrentSnapshot;
    drv->domainSnapshotCurrent = qemuDomainSnapshotCurrent;
    drv->domainSnapshotGetParent = qemuDomainSnapshotGetParent;
    drv->domainSnapshotIsCurrent = qemuDomainSnapshotIsCurrent;
    drv->domainSnapshotHasMetadata = qemuDomainSnapshotHasMetadata;
    qemuSnapshotRevertMethods(drv);
}
