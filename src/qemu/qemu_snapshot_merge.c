/*
 * qemu_snapshot_merge.c: deleting an external snapshot by merging its
 * images down (qemu_snapshot_merge.h)
 *
 * Facts from libvirt 9.0's qemu_snapshot.c (qemuSnapshotDeleteValidate,
 * qemuSnapshotDeleteExternalPrepare, qemuSnapshotDiscardExternal,
 * qemuSnapshotUpdateDisksSingle) and QEMU 7.2's block-commit: a commit
 * of the active image waits in "ready" until job-complete pivots the
 * disk onto the base; any other commit concludes by itself.
 */
#include "internal.h"

#include <glib/gstdio.h>

#include "qemu/qemu_snapshot_merge.h"
#include "qemu/qemu_backup_qmp.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_chain.h"
#include "qemu/qemu_snapshot.h"
#include "conf/domain_xmledit.h"
#include "conf/virdomainobjlist.h"
#include "util/virfault.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

typedef struct {
    const virDomainSnapshotDiskDef *snapdisk;
    virDomainDiskDef *disk;     /* the live (or, shut off, persistent) disk */
    const char *overlay;        /* the image the snapshot made */
    char *base;                 /* the image under it, as the snapshot recorded */
    char *base_format;
    char *base_type;
    bool active;                /* the overlay is the disk's top image */
    xmlNodePtr element;         /* else its <backingStore> in the disk's chain */
    char *top_node;             /* running: the disk's top node */
    char *overlay_node;
    char *base_node;
    char *job;
} mergeDisk;

static void
merge_disks_free(mergeDisk *disks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_free(disks[i].base);
        g_free(disks[i].base_format);
        g_free(disks[i].base_type);
        g_free(disks[i].top_node);
        g_free(disks[i].overlay_node);
        g_free(disks[i].base_node);
        g_free(disks[i].job);
    }
    g_free(disks);
}

/* The path of chain element @el (a disk's <source> or a <backingStore>). */
static char *
element_path(xmlNodePtr el)
{
    xmlNodePtr src = virXMLNodeNameEqual(el, "source") ? el : virXMLChildElement(el, "source");
    char *path;

    if (!src)
        return NULL;
    if (!(path = virXMLPropString(src, "file")))
        path = virXMLPropString(src, "dev");
    return path;
}

/* The <backingStore> element of @disk's chain that holds @path (NULL if
 * none), and its depth (1 for the first). */
static xmlNodePtr
chain_find(virDomainDiskDef *disk, const char *path, unsigned int *depth)
{
    unsigned int d = 1;

    for (xmlNodePtr bs = virXMLChildElement(disk->node, "backingStore"); bs;
         bs = virXMLChildElement(bs, "backingStore"), d++) {
        g_autofree char *p = element_path(bs);

        if (p && STREQ(p, path)) {
            *depth = d;
            return bs;
        }
    }
    return NULL;
}

/* One fewer described backing image for @disk (VIR_DOMAIN_DISK_DESCRIBED)
 * when the one removed at @depth was among them. */
static void
described_drop(virDomainDiskDef *disk, unsigned int depth)
{
    g_autofree char *described = virXMLPropString(disk->node, VIR_DOMAIN_DISK_DESCRIBED);
    unsigned int n = described ? (unsigned int)g_ascii_strtoull(described, NULL, 10) : 0;

    if (n == 0 || depth > n)
        return;
    if (n == 1)
        virDomainXMLSetProp(disk->node, VIR_DOMAIN_DISK_DESCRIBED, NULL);
    else
        virDomainXMLSetPropf(disk->node, VIR_DOMAIN_DISK_DESCRIBED, "%u", n - 1);
}

/* Takes chain element @bs out of its chain: what was under it moves up. */
static void
chain_unlink(xmlNodePtr bs)
{
    xmlNodePtr below = virXMLChildElement(bs, "backingStore");

    if (below) {
        xmlUnlinkNode(below);
        xmlAddNextSibling(bs, below);
    }
    virDomainXMLRemove(bs);
}

/* Disk @disk no longer has image @overlay, merged into @base (of @format,
 * @type): on top of its chain, @base takes its place (with its number
 * and the chain under it when @keep_chain: a domain's definitions; a
 * later snapshot's gets the image alone, as libvirt's
 * qemuSnapshotUpdateDisksSingle copies it), deeper in it, the element
 * goes. */
static void
disk_drop_image(virDomainDiskDef *disk, const char *overlay, const char *base,
                const char *format, const char *type, bool keep_chain)
{
    unsigned int depth = 0;
    xmlNodePtr bs;

    if (disk->src && STREQ(disk->src, overlay)) {
        xmlNodePtr source = virXMLChildElement(disk->node, "source");
        xmlNodePtr first = virXMLChildElement(disk->node, "backingStore");
        g_autofree char *first_path = first ? element_path(first) : NULL;

        if (!keep_chain) {
            /* the image the snapshot recorded, alone */
            if (first)
                virDomainXMLRemove(first);
            virDomainXMLSetProp(disk->node, VIR_DOMAIN_DISK_DESCRIBED, NULL);
        } else if (first_path && STREQ(first_path, base)) {
            g_autofree char *index = virXMLPropString(first, "index");

            if (source && index)
                virDomainXMLSetProp(source, "index", index);
            described_drop(disk, 1);
            chain_unlink(first);
        }
        virDomainDiskSetImage(disk, base, type, format);
        return;
    }
    if ((bs = chain_find(disk, overlay, &depth))) {
        described_drop(disk, depth);
        chain_unlink(bs);
    }
}

/* libvirt merges a shut-off domain's top image in a QEMU it starts for
 * that, and its persistent definition keeps the chain that run found
 * under the merged image: an empty <backingStore/> (printed) when the
 * image has no backing file, found images (not printed) otherwise. The
 * same here, for the first case. */
static void
mark_chain_end(virDomainDiskDef *disk)
{
    g_autofree char *backing = NULL;
    g_autofree char *backing_format = NULL;
    xmlNodePtr source = virXMLChildElement(disk->node, "source");

    if (!source || virXMLChildElement(disk->node, "backingStore") ||
        qemuImageBacking(disk->src, disk->driver_type, &backing, &backing_format) < 0) {
        virResetLastError();
        return;
    }
    if (!backing)
        xmlAddNextSibling(source, xmlNewDocNode(disk->node->doc, NULL, BAD_CAST "backingStore",
                                                NULL));
}

/* The nearest earlier snapshot of @snap that has disk @name. */
static virDomainMomentObj *
parent_snapshot_for_disk(virDomainMomentObj *snap, const char *name)
{
    for (virDomainMomentObj *p = snap->parent; p && p->def; p = p->parent) {
        virDomainSnapshotDef *def = virDomainSnapshotObjGetDef(p);

        for (size_t i = 0; i < def->ndisks; i++) {
            if (def->disks[i].snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_NO &&
                STREQ(def->disks[i].name, name))
                return p;
        }
    }
    return NULL;
}

/* The format node of chain element @el of running @vm: libvirt-N-format. */
static char *
element_node(xmlNodePtr el)
{
    xmlNodePtr src = virXMLNodeNameEqual(el, "source") ? el : virXMLChildElement(el, "source");
    g_autofree char *index = virXMLPropString(virXMLNodeNameEqual(el, "source") ? src : el,
                                              "index");

    return index ? g_strdup_printf("libvirt-%s-format", index) : NULL;
}

/* libvirt's qemuSnapshotDeleteExternalPrepare for disk @m. */
static int
prepare_disk(virDomainObj *vm, virDomainMomentObj *snap, mergeDisk *m)
{
    bool running = virDomainObjIsActive(vm);
    virDomainDef *def = running ? vm->def : virDomainObjGetPersistentDef(vm);
    const virDomainDiskDef *then;
    virDomainMomentObj *parent;
    xmlNodePtr el = NULL;
    xmlNodePtr below;
    unsigned int depth = 0;

    if (m->snapdisk->deleteInProgress) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "snapshot disk '%s' was target of not completed snapshot delete",
                       m->snapdisk->name);
        return -1;
    }
    if (!(m->disk = virDomainDiskByDst(def, m->snapdisk->name))) {
        virReportError(VIR_ERR_INVALID_ARG, "disk '%s' not found in domain",
                       m->snapdisk->name);
        return -1;
    }
    m->overlay = m->snapdisk->path;
    m->active = m->disk->src && m->overlay && STREQ(m->disk->src, m->overlay);
    /* (a shut-off domain's chain is what its definition describes: libvirt
     * reads no further there either) */
    if (!m->active && !(el = chain_find(m->disk, NULLSTR(m->overlay), &depth))) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "could not find base disk source in disk source chain");
        return -1;
    }
    if (!(then = virDomainDiskByDst(snap->def->dom, m->snapdisk->name))) {
        virReportError(VIR_ERR_OPERATION_FAILED, "failed to find disk '%s' in snapshot VM XML",
                       m->snapdisk->name);
        return -1;
    }
    m->element = el;
    m->base = g_strdup(then->src);
    m->base_format = g_strdup(then->driver_type ? then->driver_type : "raw");
    m->base_type = g_strdup(then->type);
    if (running) {
        g_autofree char *below_path = NULL;
        xmlNodePtr top = m->active ? virXMLChildElement(m->disk->node, "source") : el;

        below = virXMLChildElement(m->active ? m->disk->node : el, "backingStore");
        below_path = below ? element_path(below) : NULL;
        if (!below_path) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           "failed to find parent disk source in backing chain");
            return -1;
        }
        if (g_strcmp0(below_path, m->base) != 0) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                           "snapshot VM disk source and parent disk source are not the same");
            return -1;
        }
        m->top_node = element_node(virXMLChildElement(m->disk->node, "source"));
        m->overlay_node = element_node(top);
        m->base_node = element_node(below);
        m->job = g_strdup_printf("commit-%s-%s", m->disk->dst, NULLSTR(m->overlay_node));
    }
    parent = parent_snapshot_for_disk(snap, m->snapdisk->name);
    if (parent && !virDomainSnapshotDefIsExternal(virDomainSnapshotObjGetDef(parent))) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED, "%s",
                       "deleting external snapshot that has internal snapshot as parent not "
                       "supported");
        return -1;
    }
    return 0;
}

/* The checkpoints' bitmaps of the merged overlay of @m go on in the
 * image under it, as libvirt's qemuBlockBitmapsHandleCommitFinish: each
 * whole persistent bitmap of the overlay merged into the base's of the
 * same name (added, at its granularity, where the base lacks it). A base
 * that is a backing image still is reopened read-write for it. */
static int
bitmaps_down_running(virDomainObj *vm, mergeDisk *m)
{
    g_autoptr(GHashTable) nodes = qemuBlockGetBitmaps(vm);
    g_autoptr(virJSONValue) actions = virJSONValueNewArray();
    g_autoptr(GPtrArray) backing = g_ptr_array_new();
    qemuBlockNode *overlay;

    if (!nodes)
        return -1;
    if (!(overlay = g_hash_table_lookup(nodes, m->overlay_node)))
        return 0;
    for (size_t i = 0; i < overlay->bitmaps->len; i++) {
        qemuBlockBitmap *b = g_ptr_array_index(overlay->bitmaps, i);
        g_autoptr(virJSONValue) sources = virJSONValueNewArray();
        g_autoptr(virJSONValue) source = virJSONValueNewObject();

        if (!b->persistent || b->inconsistent)
            continue;
        if (!qemuBlockFindBitmap(nodes, m->base_node, b->name))
            qemuBlockActionBitmapAdd(actions, m->base_node, b->name, true, b->granularity);
        virJSONValueObjectAppendString(source, "node", m->overlay_node);
        virJSONValueObjectAppendString(source, "name", b->name);
        virJSONValueArrayAppend(sources, &source);
        qemuBlockActionBitmapMerge(actions, m->base_node, b->name, &sources);
    }
    if (virJSONValueArraySize(actions) == 0)
        return 0;
    /* the base is a backing image still, unless the commit was active */
    if (!m->active)
        g_ptr_array_add(backing, (gpointer)m->base_node);
    return qemuBlockTransactionWritable(vm, nodes, backing, &actions);
}

/* block-commit of every disk of @disks, then each one waited for,
 * pivoted (the active ones) and dismissed, as qemuSnapshotDiscardExternal. */
static int
merge_running(virDomainObj *vm, mergeDisk *disks, size_t n)
{
    size_t started = 0;
    int ret = -1;

    for (; started < n; started++) {
        mergeDisk *m = &disks[started];
        g_autoptr(virJSONValue) args = NULL;

        if (!m->disk)
            continue;
        args = qemuBackupArgs("job-id", m->job);
        virJSONValueObjectAppendString(args, "device", m->top_node);
        virJSONValueObjectAppendString(args, "top-node", m->overlay_node);
        virJSONValueObjectAppendString(args, "base-node", m->base_node);
        virJSONValueObjectAppendBoolean(args, "auto-dismiss", false);
        if (qemuBackupRun(vm, "block-commit", &args, NULL) < 0)
            goto cleanup;
    }
    for (size_t i = 0; i < n; i++) {
        mergeDisk *m = &disks[i];
        g_autofree char *error = NULL;
        g_autofree char *status = NULL;

        if (!m->disk)
            continue;
        if (!(status = qemuBackupJobWait(vm, m->job, m->active ? "ready" : "concluded", &error)))
            goto cleanup;
        if (STREQ(status, "ready")) {
            g_autoptr(virJSONValue) args = qemuBackupArgs("id", m->job);

            g_free(status);
            if (qemuBackupRun(vm, "job-complete", &args, NULL) < 0 ||
                !(status = qemuBackupJobWait(vm, m->job, "concluded", &error)))
                goto cleanup;
        }
        if (error) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "block commit failed while deleting disk '%s' snapshot: '%s'",
                           m->snapdisk->name, error);
            goto cleanup;
        }
        if (bitmaps_down_running(vm, m) < 0)
            goto cleanup;
        qemuBackupRunCleanup(vm, "job-dismiss", qemuBackupArgs("id", m->job));
        /* the overlay's nodes leave QEMU (its storage node after the
         * format node, when it was a node of its own) */
        qemuBackupRunCleanup(vm, "blockdev-del", qemuBackupArgs("node-name", m->overlay_node));
        if (g_str_has_suffix(m->overlay_node, "-format")) {
            g_autofree char *storage = g_strdup_printf(
                "%.*s-storage", (int)(strlen(m->overlay_node) - strlen("-format")),
                m->overlay_node);

            qemuBackupRunCleanup(vm, "blockdev-del", qemuBackupArgs("node-name", storage));
        }
    }
    ret = 0;

 cleanup:
    if (ret < 0) {
        virErrorPtr saved = virSaveLastError();

        for (size_t i = 0; i < started && i < n; i++) {
            g_autoptr(virJSONValue) args = NULL;

            if (!disks[i].disk || !qemuDomainObjHasMonitor(vm))
                continue;
            args = qemuBackupArgs("device", disks[i].job);
            virJSONValueObjectAppendBoolean(args, "force", true);
            qemuBackupRunCleanup(vm, "block-job-cancel", g_steal_pointer(&args));
            qemuBackupDismissJob(vm, disks[i].job);
        }
        virSetError(saved);
        virFreeError(saved);
    }
    return ret;
}

/* bitmaps_down_running for a shut-off domain, with `qemu-img bitmap`. */
static int
bitmaps_down_offline(qemuDriver *driver, mergeDisk *m, const char *format)
{
    g_autoptr(GPtrArray) from = NULL;
    g_autoptr(GPtrArray) into = NULL;

    if (g_strcmp0(format, "qcow2") != 0 || g_strcmp0(m->base_format, "qcow2") != 0)
        return 0;
    if (!(from = qemuImgListBitmaps(driver, m->overlay, false)) ||
        !(into = qemuImgListBitmaps(driver, m->base, false)))
        return -1;
    for (size_t i = 0; i < from->len; i++) {
        qemuImgBitmap *b = g_ptr_array_index(from, i);
        bool present = false;

        if (b->in_use)
            continue;
        for (size_t j = 0; j < into->len; j++)
            present |= STREQ(((qemuImgBitmap *)g_ptr_array_index(into, j))->name, b->name);
        if (qemuImgBitmapMergeFrom(driver, m->base, m->overlay, format, b->name,
                                   b->granularity, !present) < 0)
            return -1;
    }
    return 0;
}

/* The shut-off merge: `qemu-img commit` of each overlay into its backing
 * image; the image over the overlay, if any, is rebased onto the merged
 * one. */
static int
merge_offline(qemuDriver *driver, mergeDisk *disks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        mergeDisk *m = &disks[i];
        g_autofree char *over = NULL;
        g_autofree char *over_format = NULL;
        const char *format = m->snapdisk->format ? m->snapdisk->format : "qcow2";

        if (!m->disk)
            continue;
        if (!m->active) {
            xmlNodePtr parent = m->element->parent;

            if (parent == m->disk->node) {
                over = g_strdup(m->disk->src);
                over_format = g_strdup(m->disk->driver_type ? m->disk->driver_type : "raw");
            } else {
                xmlNodePtr fmt = virXMLChildElement(parent, "format");

                over = element_path(parent);
                over_format = fmt ? virXMLPropString(fmt, "type") : g_strdup("raw");
            }
        }
        if (qemuImgCommit(driver, m->overlay, format) < 0 ||
            bitmaps_down_offline(driver, m, format) < 0 ||
            (over && qemuImgRebaseUnsafe(driver, over, over_format, m->base,
                                         m->base_format) < 0))
            return -1;
    }
    return 0;
}

typedef struct {
    qemuDriver *driver;
    virDomainObj *vm;
    mergeDisk *disks;
    size_t ndisks;
} descendantData;

/* A later snapshot's definitions name the merged image, and its file
 * says so, as libvirt's qemuSnapshotDeleteUpdateDisks rewrites them. */
static void
update_descendant(virDomainMomentObj *obj, void *opaque)
{
    descendantData *data = opaque;
    virDomainDef *defs[] = { obj->def->dom, obj->def->inactiveDom };

    for (size_t i = 0; i < data->ndisks; i++) {
        mergeDisk *m = &data->disks[i];

        for (size_t j = 0; j < G_N_ELEMENTS(defs) && m->disk; j++) {
            virDomainDiskDef *disk = virDomainDiskByDst(defs[j], m->snapdisk->name);

            if (disk)
                disk_drop_image(disk, m->overlay, m->base, m->base_format, m->base_type,
                                false);
        }
    }
    if (qemuSnapshotWriteMetadata(data->driver, data->vm, obj) < 0)
        virResetLastError();
}

int
qemuSnapshotMergeExternal(qemuDriver *driver, virDomainObj *vm, virDomainMomentObj *snap)
{
    virDomainSnapshotDef *snapdef = virDomainSnapshotObjGetDef(snap);
    bool running = virDomainObjIsActive(vm);
    mergeDisk *disks = g_new0(mergeDisk, snapdef->ndisks);
    virDomainDef *persistent = vm->persistent ? virDomainObjGetPersistentDef(vm) : NULL;
    int ret = -1;

    for (size_t i = 0; i < snapdef->ndisks; i++) {
        disks[i].snapdisk = &snapdef->disks[i];
        if (snapdef->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_NO)
            continue;
        if (prepare_disk(vm, snap, &disks[i]) < 0)
            goto cleanup;
    }
    if (running ? merge_running(vm, disks, snapdef->ndisks) < 0
                : merge_offline(driver, disks, snapdef->ndisks) < 0)
        goto cleanup;

    for (size_t i = 0; i < snapdef->ndisks; i++) {
        if (disks[i].disk && g_unlink(disks[i].overlay) < 0)
            virReportSystemError(errno, "cannot remove merged image '%s'", disks[i].overlay);
    }
    virFaultPoint("snapshot-merge-after-images");
    for (size_t i = 0; i < snapdef->ndisks; i++) {
        mergeDisk *m = &disks[i];
        virDomainDiskDef *config;

        if (!m->disk)
            continue;
        if (running)
            disk_drop_image(m->disk, m->overlay, m->base, m->base_format, m->base_type, true);
        if ((config = virDomainDiskByDst(persistent, m->snapdisk->name))) {
            disk_drop_image(config, m->overlay, m->base, m->base_format, m->base_type, true);
            if (!running && m->active)
                mark_chain_end(config);
        }
    }
    virResetLastError();
    {
        descendantData data = { driver, vm, disks, snapdef->ndisks };

        virDomainMomentForEachDescendant(snap, update_descendant, &data);
    }
    virDomainObjDefChanged(vm);
    if (persistent && qemuDomainSaveConfig(driver, persistent) < 0)
        goto cleanup;
    if (running)
        qemuDomainSaveStatus(driver, vm);
    ret = 0;

 cleanup:
    merge_disks_free(disks, snapdef->ndisks);
    return ret;
}
