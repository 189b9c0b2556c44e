/*
 * qemu_snapshot.c: the qemu driver's snapshots
 *
 * libvirt 9.0's scheme, so a root's snapshots mean the same under both:
 * one metadata file per snapshot (DIR/snapshot/DOMAIN/NAME.xml, the
 * snapshot XML with <active>1</active> on the current one); an internal
 * snapshot lives inside every qcow2 image of the domain under its name,
 * an external one in the images it put over the disks' and in its
 * memory file (qemu_snapshot_create.c, qemu_snapshot_revert.c,
 * qemu_snapshot_merge.c). This file: the metadata files, their load
 * (with the reconciliation after a crash between the images and the
 * metadata) and the queries.
 */
#include "internal.h"

#include <glib/gstdio.h>

#include "qemu/qemu_snapshot.h"
#include "qemu/qemu_block.h"
#include "conf/domain_xmledit.h"
#include "conf/moment_obj.h"
#include "conf/snapshot_obj.h"
#include "util/virfile.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* ---- metadata files ---- */

static char *
metadata_path(qemuDriver *driver, virDomainObj *vm, const char *name)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);

    return qemuDomainMomentFile(dir, name);
}

int
qemuSnapshotWriteMetadata(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap)
{
    /* libvirt's file: the snapshot as its qemu driver keeps it */
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);
    g_autofree char *xml = NULL;
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_FORMAT_SECURE | VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL;

    if (virDomainMomentGetCurrent(vm->snapshots) == snap)
        flags |= VIR_DOMAIN_SNAPSHOT_FORMAT_CURRENT;
    virUUIDFormat(vm->def->uuid, uuidstr);
    xml = virDomainSnapshotDefFormat(uuidstr, virDomainSnapshotObjGetDef(snap), flags);
    return qemuDomainWriteMomentFile(dir, snap->def->name, xml);
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

bool
qemuSnapshotDiskTakesPart(const virDomainDef *def, const virDomainSnapshotDef *snapdef, size_t i)
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
                        const char *name, const virDomainSnapshotDef *external)
{
    g_autofree char *dir = qemuDomainSnapshotDir(driver, vm->def->name);
    g_autofree char *path = pending_path(driver, vm);
    g_autoptr(GString) text = g_string_new(NULL);

    /* "OP NAME", then "image PATH" for each image of an external one
     * and "memory PATH" for its memory file */
    g_string_append_printf(text, "%s %s\n", op, name);
    if (external && external->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL &&
        external->memorysnapshotfile)
        g_string_append_printf(text, "memory %s\n", external->memorysnapshotfile);
    for (size_t i = 0; external && i < external->ndisks; i++) {
        if (external->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL &&
            external->disks[i].path)
            g_string_append_printf(text, "image %s\n", external->disks[i].path);
    }
    if (virFileMakePath(dir) < 0)
        return -1;
    return virFileWriteAtomic(path, text->str, text->len, 0600);
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

/* Whether a snapshot of @vm names image @path for one of its disks. */
static bool
snapshot_names_image(virDomainObj *vm, const char *path)
{
    g_autoptr(GPtrArray) all = virDomainMomentObjListCollect(vm->snapshots, NULL, 0, NULL, 0);

    for (size_t k = 0; all && k < all->len; k++) {
        virDomainSnapshotDef *def = virDomainSnapshotObjGetDef(all->pdata[k]);

        for (size_t i = 0; i < def->ndisks; i++) {
            if (def->disks[i].path && STREQ(def->disks[i].path, path))
                return true;
        }
    }
    return false;
}

/* The images of an external snapshot operation a crash cut short (the
 * "image PATH" lines of @marker): one it made that no snapshot metadata
 * names, a deleted snapshot's metadata or a disk of the domain naming
 * one its merge removed. Returns whether anything disagreed. */
static bool
reconcile_external(virDomainObj *vm, const char *marker)
{
    g_auto(GStrv) lines = g_strsplit(marker, "\n", -1);
    g_auto(GStrv) head = lines[0] ? g_strsplit(lines[0], " ", 2) : NULL;
    const char *op = head && head[0] ? head[0] : "";
    const char *name = head && head[0] && head[1] ? head[1] : "";
    virDomainDef *defs[] = { vm->def, vm->new_def };
    bool found = false;

    for (size_t l = 1; lines[l]; l++) {
        const char *image;
        bool exists;

        if (g_str_has_prefix(lines[l], "memory ")) {
            const char *file = lines[l] + strlen("memory ");

            if (STREQ(op, "create") && g_file_test(file, G_FILE_TEST_EXISTS) &&
                !virDomainMomentFindByName(vm->snapshots, name)) {
                g_printerr("tidemark: memory state file '%s' of domain '%s' was written by "
                           "snapshot '%s', which no snapshot metadata names\n", file,
                           vm->def->name, name);
                found = true;
            }
            continue;
        }
        if (!g_str_has_prefix(lines[l], "image "))
            continue;
        image = lines[l] + strlen("image ");
        exists = g_file_test(image, G_FILE_TEST_EXISTS);
        if (STREQ(op, "create") && exists && !snapshot_names_image(vm, image)) {
            g_printerr("tidemark: image '%s' of domain '%s' was made by snapshot '%s', which "
                       "no snapshot metadata names\n", image, vm->def->name, name);
            found = true;
        }
        if (STREQ(op, "delete") && !exists && virDomainMomentFindByName(vm->snapshots, name)) {
            g_printerr("tidemark: snapshot '%s' of domain '%s' names image '%s', which its "
                       "merge removed\n", name, vm->def->name, image);
            found = true;
        }
        for (size_t d = 0; !exists && d < G_N_ELEMENTS(defs); d++) {
            for (size_t i = 0; defs[d] && i < defs[d]->ndisks; i++) {
                if (g_strcmp0(defs[d]->disks[i]->src, image) != 0)
                    continue;
                g_printerr("tidemark: disk '%s' of domain '%s' names image '%s', which does "
                           "not exist\n", defs[d]->disks[i]->dst, vm->def->name, image);
                found = true;
            }
        }
    }
    return found;
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

        /* (a missing image is reconcile_external's to name) */
        if (g_strcmp0(def->disks[i]->driver_type, "qcow2") != 0 || !def->disks[i]->src ||
            g_strcmp0(def->disks[i]->device, "disk") != 0 ||
            !g_file_test(def->disks[i]->src, G_FILE_TEST_EXISTS) ||
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
            if (!qemuSnapshotDiskTakesPart(then, snapdef, i) ||
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
qemuSnapshotDiskReplaceImage(virDomainDiskDef *disk, const char *path, const char *type,
                             const char *format)
{
    xmlNodePtr chain = virXMLChildElement(disk->node, "backingStore");

    if (chain)
        virDomainXMLRemove(chain);
    virDomainDiskSetImage(disk, path, type, format);
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
    if (g_file_test(pending, G_FILE_TEST_EXISTS)) {
        g_autofree char *marker = NULL;
        bool internal_found;
        bool external_found = false;

        internal_found = reconcile(driver, vm);
        if (g_file_get_contents(pending, &marker, NULL, NULL))
            external_found = reconcile_external(vm, marker);
        if (!internal_found && !external_found)
            qemuSnapshotClearPending(driver, vm);
    }
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
    /* nothing is left to reconcile against */
    qemuSnapshotClearPending(driver, vm);
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
    virCheckFlags(0, -1);
    return virDomainSnapshotObjHasCurrent(qemuDomObjFromDomain(domain));
}

static virDomainSnapshotPtr
qemuDomainSnapshotCurrent(virDomainPtr domain, unsigned int flags)
{
    virCheckFlags(0, NULL);
    return virDomainSnapshotObjCurrent(qemuDomObjFromDomain(domain), domain, VIR_FROM_THIS);
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
    virCheckFlags(0, -1);
    return virDomainSnapshotObjIsCurrent(qemuDomObjFromDomain(snapshot->domain), snapshot,
                                         VIR_FROM_THIS);
}

static int
qemuDomainSnapshotHasMetadata(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(0, -1);
    return virDomainSnapshotObjHasMetadata(qemuDomObjFromDomain(snapshot->domain), snapshot,
                                           VIR_FROM_THIS);
}

static char *
qemuDomainSnapshotGetXMLDesc(virDomainSnapshotPtr snapshot, unsigned int flags)
{
    virCheckFlags(VIR_DOMAIN_SNAPSHOT_XML_SECURE, NULL);
    return virDomainSnapshotObjGetXMLDesc(qemuDomObjFromDomain(snapshot->domain), snapshot, flags,
                                          VIR_FROM_THIS);
}

void
qemuSnapshotMethods(virConnectDriver *drv)
{
    drv->domainSnapshotCreateXML = qemuSnapshotCreateXML;
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
