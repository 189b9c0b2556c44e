/*
 * qemu_block.c: dirty bitmaps through QMP and qemu-img
 */
#include "internal.h"

#include "qemu/qemu_block.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

void
qemuBlockBitmapFree(qemuBlockBitmap *bitmap)
{
    if (!bitmap)
        return;
    g_free(bitmap->name);
    g_free(bitmap);
}

static void
bitmap_array_free(gpointer data)
{
    g_ptr_array_unref(data);
}

GHashTable *
qemuBlockGetBitmaps(virDomainObj *vm)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) cmd = NULL;
    g_autoptr(virJSONValue) reply = NULL;
    g_autoptr(GHashTable) table = NULL;
    virJSONValue *nodes;
    qemuMonitor *mon;
    int rc;

    virJSONValueObjectAppendBoolean(args, "flat", true);
    cmd = qemuMonitorNewCommand("query-named-block-nodes", &args);
    mon = qemuDomainObjEnterMonitor(vm);
    rc = qemuMonitorCommand(mon, cmd, &reply);
    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
        return NULL;

    table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, bitmap_array_free);
    nodes = virJSONValueObjectGetArray(reply, "return");
    for (size_t i = 0; i < virJSONValueArraySize(nodes); i++) {
        virJSONValue *node = virJSONValueArrayGet(nodes, i);
        const char *nodename = virJSONValueObjectGetString(node, "node-name");
        virJSONValue *bitmaps = virJSONValueObjectGetArray(node, "dirty-bitmaps");
        GPtrArray *list;

        if (!nodename)
            continue;
        list = g_ptr_array_new_with_free_func((GDestroyNotify)qemuBlockBitmapFree);
        for (size_t j = 0; j < virJSONValueArraySize(bitmaps); j++) {
            virJSONValue *b = virJSONValueArrayGet(bitmaps, j);
            const char *name = virJSONValueObjectGetString(b, "name");
            qemuBlockBitmap *bitmap;
            long long count = 0;

            /* jobs add nameless bitmaps of their own: not ours */
            if (!name)
                continue;
            bitmap = g_new0(qemuBlockBitmap, 1);
            bitmap->name = g_strdup(name);
            virJSONValueObjectGetNumberLong(b, "count", &count);
            bitmap->count = (unsigned long long)count;
            virJSONValueObjectGetBoolean(b, "recording", &bitmap->recording);
            virJSONValueObjectGetBoolean(b, "persistent", &bitmap->persistent);
            virJSONValueObjectGetBoolean(b, "busy", &bitmap->busy);
            virJSONValueObjectGetBoolean(b, "inconsistent", &bitmap->inconsistent);
            g_ptr_array_add(list, bitmap);
        }
        g_hash_table_replace(table, g_strdup(nodename), list);
    }
    return g_steal_pointer(&table);
}

qemuBlockBitmap *
qemuBlockFindBitmap(GHashTable *bitmaps, const char *node, const char *name)
{
    GPtrArray *list = g_hash_table_lookup(bitmaps, node);

    for (size_t i = 0; list && i < list->len; i++) {
        qemuBlockBitmap *b = g_ptr_array_index(list, i);

        if (STREQ(b->name, name))
            return b;
    }
    return NULL;
}

static void
add_action(virJSONValue *actions, const char *type, virJSONValue **data)
{
    g_autoptr(virJSONValue) action = virJSONValueNewObject();

    virJSONValueObjectAppendString(action, "type", type);
    virJSONValueObjectAppend(action, "data", data);
    virJSONValueArrayAppend(actions, &action);
}

void
qemuBlockActionBitmapAdd(virJSONValue *actions, const char *node,
                         const char *name, bool persistent)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "name", name);
    virJSONValueObjectAppendBoolean(data, "persistent", persistent);
    add_action(actions, "block-dirty-bitmap-add", &data);
}

void
qemuBlockActionSnapshot(virJSONValue *actions, const char *node, const char *overlay)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "overlay", overlay);
    add_action(actions, "blockdev-snapshot", &data);
}

void
qemuBlockActionBitmapRemove(virJSONValue *actions, const char *node, const char *name)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "name", name);
    add_action(actions, "block-dirty-bitmap-remove", &data);
}

qemuMonitorCall *
qemuBlockTransactionStart(virDomainObj *vm, virJSONValue **actions)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) cmd = NULL;

    virJSONValueObjectAppend(args, "actions", actions);
    cmd = qemuMonitorNewCommand("transaction", &args);
    return qemuMonitorCommandStart(qemuDomainObjEnterMonitor(vm), cmd);
}

int
qemuBlockTransactionFinish(virDomainObj *vm, qemuMonitorCall *call)
{
    int rc = qemuMonitorCommandFinish(call, NULL);

    if (qemuDomainObjExitMonitor(vm) < 0)
        return -1;
    return rc;
}

int
qemuBlockTransaction(virDomainObj *vm, virJSONValue **actions)
{
    return qemuBlockTransactionFinish(vm, qemuBlockTransactionStart(vm, actions));
}

/* ---- offline ---- */

void
qemuImgBitmapFree(qemuImgBitmap *bitmap)
{
    if (!bitmap)
        return;
    g_free(bitmap->name);
    g_free(bitmap);
}

/* Runs qemu-img; *out gets its stdout. Errors carry its stderr. */
static int
run_qemu_img(qemuDriver *driver, const char *const *args, char **out)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new();
    g_autofree char *err = NULL;
    g_autoptr(GError) gerr = NULL;
    int status = 0;

    g_ptr_array_add(argv, driver->cfg->qemu_img);
    for (size_t i = 0; args[i]; i++)
        g_ptr_array_add(argv, (char *)args[i]);
    g_ptr_array_add(argv, NULL);
    if (!g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH,
                      NULL, NULL, out, &err, &status, &gerr)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "cannot run '%s': %s",
                       driver->cfg->qemu_img, gerr->message);
        return -1;
    }
    if (!g_spawn_check_exit_status(status, NULL)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       err ? g_strstrip(err) : "qemu-img failed");
        return -1;
    }
    return 0;
}

GPtrArray *
qemuImgListBitmaps(qemuDriver *driver, const char *path, bool force_share)
{
    const char *args[] = { "info", "--output=json", force_share ? "-U" : path,
                           force_share ? path : NULL, NULL };
    g_autofree char *out = NULL;
    g_autoptr(virJSONValue) info = NULL;
    g_autoptr(GPtrArray) list = NULL;
    virJSONValue *bitmaps;

    if (run_qemu_img(driver, args, &out) < 0)
        return NULL;
    if (!(info = virJSONValueFromString(g_strstrip(out), NULL))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "cannot parse what qemu-img says of '%s'", path);
        return NULL;
    }
    list = g_ptr_array_new_with_free_func((GDestroyNotify)qemuImgBitmapFree);
    bitmaps = virJSONValueObjectGetArray(
        virJSONValueObjectGetObject(virJSONValueObjectGetObject(info, "format-specific"),
                                    "data"), "bitmaps");
    for (size_t i = 0; i < virJSONValueArraySize(bitmaps); i++) {
        virJSONValue *b = virJSONValueArrayGet(bitmaps, i);
        virJSONValue *flags = virJSONValueObjectGetArray(b, "flags");
        qemuImgBitmap *bitmap = g_new0(qemuImgBitmap, 1);

        bitmap->name = g_strdup(virJSONValueObjectGetString(b, "name"));
        for (size_t j = 0; j < virJSONValueArraySize(flags); j++) {
            const char *flag = virJSONValueGetString(virJSONValueArrayGet(flags, j));

            bitmap->in_use |= g_strcmp0(flag, "in-use") == 0;
            bitmap->enabled |= g_strcmp0(flag, "auto") == 0;
        }
        g_ptr_array_add(list, bitmap);
    }
    return g_steal_pointer(&list);
}

int
qemuImgBitmapOp(qemuDriver *driver, const char *path, const char *op, const char *name)
{
    g_autofree char *flag = g_strdup_printf("--%s", op);
    const char *args[] = { "bitmap", flag, path, name, NULL };
    g_autofree char *out = NULL;

    return run_qemu_img(driver, args, &out);
}

int
qemuImgSnapshotOp(qemuDriver *driver, const char *path, const char *op, const char *name)
{
    const char *args[] = { "snapshot", op, name, path, NULL };
    g_autofree char *out = NULL;

    return run_qemu_img(driver, args, &out);
}

int
qemuImgCreateOverlay(qemuDriver *driver, const char *path, const char *format,
                     const char *backing, const char *backing_fmt, unsigned long long size)
{
    /* a comma inside an -o value is written twice */
    g_auto(GStrv) parts = g_strsplit(backing, ",", -1);
    g_autofree char *escaped = g_strjoinv(",,", parts);
    g_autofree char *opts = g_strdup_printf("backing_fmt=%s,backing_file=%s", backing_fmt,
                                            escaped);
    g_autofree char *bytes = g_strdup_printf("%llu", size);
    const char *args[] = { "create", "-f", format, "-o", opts, path, NULL, NULL, NULL };
    g_autofree char *out = NULL;

    if (size) {
        args[6] = bytes;
        args[7] = "-u";
    }
    return run_qemu_img(driver, args, &out);
}

GPtrArray *
qemuImgListSnapshots(qemuDriver *driver, const char *path)
{
    /* -U: the image of a running domain is QEMU's; its snapshot table is
     * written at once (unlike bitmaps), so a shared read sees it */
    const char *args[] = { "info", "--output=json", "-U", path, NULL };
    g_autofree char *out = NULL;
    g_autoptr(virJSONValue) info = NULL;
    GPtrArray *names;
    virJSONValue *snaps;

    if (run_qemu_img(driver, args, &out) < 0)
        return NULL;
    if (!(info = virJSONValueFromString(g_strstrip(out), NULL))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "cannot parse what qemu-img says of '%s'", path);
        return NULL;
    }
    names = g_ptr_array_new_with_free_func(g_free);
    snaps = virJSONValueObjectGetArray(info, "snapshots");
    for (size_t i = 0; i < virJSONValueArraySize(snaps); i++) {
        const char *name = virJSONValueObjectGetString(virJSONValueArrayGet(snaps, i), "name");

        if (name)
            g_ptr_array_add(names, g_strdup(name));
    }
    return names;
}
