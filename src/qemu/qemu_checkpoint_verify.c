/*
 * qemu_checkpoint_verify.c: do a domain's checkpoints still have
 * trustworthy bitmaps? (tidemark's own call, tidemarkDomainCheckpointVerify)
 *
 * A running domain is asked through QMP what QEMU loaded; a shut-off
 * one through qemu-img what its qcow2 files hold. The answers name the
 * three ways a checkpoint goes bad: its bitmap is missing (created in a
 * QEMU run that was killed before it closed the image, or removed
 * behind our back), inconsistent (QEMU crashed or was killed while the
 * image was open: every bitmap of that image is then unusable), or not
 * recording (disabled by someone else). Bitmaps no checkpoint owns are
 * listed too (a crash between the QMP transaction and the metadata
 * write leaves one).
 */
#include "internal.h"

#include "qemu/qemu_checkpoint.h"
#include "qemu/qemu_block.h"
#include "qemu/qemu_command.h"
#include "conf/checkpoint_obj.h"
#include "util/virbuffer.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* What is known of one bitmap, whichever way it was read. */
typedef struct {
    bool present;
    bool consistent;
    bool recording;
} bitmapState;

/* Per disk index: the bitmaps found, name -> bitmapState. */
typedef struct {
    GHashTable **disks;
    size_t ndisks;
} imageBitmaps;

static void
image_bitmaps_clear(imageBitmaps *ib)
{
    for (size_t i = 0; i < ib->ndisks; i++) {
        if (ib->disks[i])
            g_hash_table_unref(ib->disks[i]);
    }
    g_free(ib->disks);
}

static GHashTable *
new_table(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static void
put(GHashTable *table, const char *name, bool consistent, bool recording)
{
    bitmapState *st = g_new0(bitmapState, 1);

    st->present = true;
    st->consistent = consistent;
    st->recording = recording;
    g_hash_table_replace(table, g_strdup(name), st);
}

static int
read_running(virDomainObj *vm, imageBitmaps *ib)
{
    g_autoptr(GHashTable) bitmaps = qemuBlockGetBitmaps(vm);

    if (!bitmaps)
        return -1;
    for (size_t i = 0; i < ib->ndisks; i++) {
        g_autofree char *node = qemuDiskNodeName(vm->def, i, true);
        qemuBlockNode *entry = g_hash_table_lookup(bitmaps, node);

        ib->disks[i] = new_table();
        for (size_t j = 0; entry && j < entry->bitmaps->len; j++) {
            qemuBlockBitmap *b = g_ptr_array_index(entry->bitmaps, j);

            if (b->persistent)
                put(ib->disks[i], b->name, !b->inconsistent, b->recording);
        }
    }
    return 0;
}

static int
read_images(qemuDriver *driver, virDomainDef *def, imageBitmaps *ib)
{
    for (size_t i = 0; i < ib->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];
        g_autoptr(GPtrArray) list = NULL;

        ib->disks[i] = new_table();
        if (!disk->src || g_strcmp0(disk->driver_type, "qcow2") != 0)
            continue;
        /* -U: a stray QEMU may still hold the image; we only read */
        if (!(list = qemuImgListBitmaps(driver, disk->src, true)))
            return -1;
        for (size_t j = 0; j < list->len; j++) {
            qemuImgBitmap *b = g_ptr_array_index(list, j);

            put(ib->disks[i], b->name, !b->in_use, b->enabled);
        }
    }
    return 0;
}

static int
disk_index(const virDomainDef *def, const char *dst)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        if (STREQ(def->disks[i]->dst, dst))
            return (int)i;
    }
    return -1;
}

static void
format_checkpoint(virBuffer *buf, virDomainCheckpointDef *chk,
                  const virDomainDef *def, imageBitmaps *ib, bool running)
{
    virBufferEscapeString(buf, "<checkpoint name='%s'>\n", chk->parent.name);
    virBufferAdjustIndent(buf, 2);
    for (size_t i = 0; i < chk->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &chk->disks[i];
        int idx = disk_index(def, disk->name);
        bitmapState none = { 0 };
        bitmapState *st = &none;
        const char *status = "ok";
        const char *reason = NULL;

        if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP)
            continue;
        if (idx >= 0 && disk->bitmap)
            st = g_hash_table_lookup(ib->disks[idx], disk->bitmap);
        if (!st)
            st = &none;

        if (idx < 0) {
            status = "missing";
            reason = "the domain has no such disk any more";
        } else if (!st->present) {
            status = "missing";
            reason = running ?
                "QEMU has no such bitmap: it was created in a QEMU run that ended "
                "without closing the image, or removed outside tidemark" :
                "the image holds no such bitmap: it was created in a QEMU run that "
                "ended without closing the image, or removed outside tidemark";
        } else if (!st->consistent) {
            status = "inconsistent";
            reason = "QEMU did not close the image cleanly (crash or kill): the "
                     "bitmap may have missed writes and must not be used";
        } else if (!st->recording) {
            status = "not-recording";
            reason = "the bitmap is disabled: writes since then are not tracked";
        }
        virBufferEscapeString(buf, "<disk name='%s'", disk->name);
        virBufferEscapeString(buf, " bitmap='%s'", NULLSTR(disk->bitmap));
        virBufferAsprintf(buf, " present='%s' consistent='%s' recording='%s' status='%s'",
                          st->present ? "yes" : "no",
                          st->present && st->consistent ? "yes" : "no",
                          st->present && st->recording ? "yes" : "no", status);
        if (reason)
            virBufferEscapeString(buf, " reason='%s'", reason);
        virBufferAddLit(buf, "/>\n");
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</checkpoint>\n");
}

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Bitmaps on a disk that no checkpoint of the domain names. */
static void
format_orphans(virBuffer *buf, virDomainObj *vm, const virDomainDef *def,
               imageBitmaps *ib)
{
    for (size_t i = 0; i < ib->ndisks; i++) {
        guint n = 0;
        g_autofree const char **names =
            (const char **)g_hash_table_get_keys_as_array(ib->disks[i], &n);

        qsort(names, n, sizeof(*names), compare_names);
        for (guint j = 0; j < n; j++) {
            const char *name = names[j];

            if (virDomainMomentFindByName(vm->checkpoints, name))
                continue;
            virBufferEscapeString(buf, "<orphan disk='%s'", def->disks[i]->dst);
            virBufferEscapeString(buf, " bitmap='%s'", name);
            virBufferAddLit(buf, " reason='no checkpoint owns this bitmap: a "
                            "checkpoint whose metadata was never written (a crash "
                            "after the bitmap was added), or one deleted with "
                            "--metadata'/>\n");
        }
    }
}

char *
qemuCheckpointVerify(virDomainPtr domain, const char *name, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    imageBitmaps ib = { 0 };
    virDomainObj *vm;
    virDomainDef *def;
    bool running;
    char *ret = NULL;
    int rc;

    virCheckFlags(0, NULL);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (name && !virDomainCheckpointFindByNameReport(vm, name, VIR_FROM_THIS))
        goto endjob;

    running = virDomainObjIsActive(vm);
    def = running ? vm->def : virDomainObjGetPersistentDef(vm);
    ib.ndisks = def->ndisks;
    ib.disks = g_new0(GHashTable *, ib.ndisks);
    /* a shut-off domain's backup job has the images open in its storage
     * daemon, which knows their bitmaps as QEMU would (the images say
     * "in use" meanwhile) */
    rc = qemuDomainObjHasMonitor(vm) ? read_running(vm, &ib) : read_images(driver, def, &ib);
    if (rc < 0)
        goto endjob;

    virBufferEscapeString(&buf, "<checkpointverify domain='%s'", def->name);
    virBufferAsprintf(&buf, " state='%s'>\n", running ? "running" : "shutoff");
    virBufferAdjustIndent(&buf, 2);
    {
        g_autoptr(GPtrArray) all = virDomainMomentObjListCollect(
            vm->checkpoints, NULL, VIR_DOMAIN_MOMENT_LIST_TOPOLOGICAL, NULL, 0);

        for (size_t i = 0; all && i < all->len; i++) {
            virDomainMomentObj *obj = all->pdata[i];

            if (!name || STREQ(obj->def->name, name))
                format_checkpoint(&buf, virDomainCheckpointObjGetDef(obj), def, &ib,
                                  running);
        }
    }
    if (!name)
        format_orphans(&buf, vm, def, &ib);
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</checkpointverify>\n");
    ret = virBufferContentAndReset(&buf);

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    image_bitmaps_clear(&ib);
    virDomainObjEndAPI(&vm);
    return ret;
}
