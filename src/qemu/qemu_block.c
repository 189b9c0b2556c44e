/*
 * qemu_block.c: dirty bitmaps through QMP and qemu-img
 */
#include "internal.h"

#include "qemu/qemu_block.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

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
node_free(gpointer data)
{
    qemuBlockNode *node = data;

    g_ptr_array_unref(node->bitmaps);
    g_free(node->backing);
    g_free(node->driver);
    g_free(node);
}

static GPtrArray *
read_bitmaps(virJSONValue *node)
{
    virJSONValue *bitmaps = virJSONValueObjectGetArray(node, "dirty-bitmaps");
    GPtrArray *list = g_ptr_array_new_with_free_func((GDestroyNotify)qemuBlockBitmapFree);

    for (size_t j = 0; j < virJSONValueArraySize(bitmaps); j++) {
        virJSONValue *b = virJSONValueArrayGet(bitmaps, j);
        const char *name = virJSONValueObjectGetString(b, "name");
        qemuBlockBitmap *bitmap;
        long long number = 0;

        /* jobs add nameless bitmaps of their own: not ours */
        if (!name)
            continue;
        bitmap = g_new0(qemuBlockBitmap, 1);
        bitmap->name = g_strdup(name);
        virJSONValueObjectGetNumberLong(b, "count", &number);
        bitmap->count = (unsigned long long)number;
        number = 0;
        virJSONValueObjectGetNumberLong(b, "granularity", &number);
        bitmap->granularity = (unsigned long long)number;
        virJSONValueObjectGetBoolean(b, "recording", &bitmap->recording);
        virJSONValueObjectGetBoolean(b, "persistent", &bitmap->persistent);
        virJSONValueObjectGetBoolean(b, "busy", &bitmap->busy);
        virJSONValueObjectGetBoolean(b, "inconsistent", &bitmap->inconsistent);
        g_ptr_array_add(list, bitmap);
    }
    return list;
}

/* A protocol node shares its filename with the format node over it, and
 * a filter (a backup's copy-before-write, say) with the node under it;
 * only image format nodes are backing images. */
static bool
is_format_node(virJSONValue *node)
{
    static const char *const formats[] = {
        "qcow2", "raw", "qed", "vmdk", "vpc", "vdi", "vhdx", "qcow", "luks", "parallels",
        "bochs", "cloop", "dmg", NULL
    };
    const char *drv = virJSONValueObjectGetString(node, "drv");

    return drv && g_strv_contains(formats, drv);
}

GHashTable *
qemuBlockGetBitmaps(virDomainObj *vm)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) cmd = NULL;
    g_autoptr(virJSONValue) reply = NULL;
    g_autoptr(GHashTable) table = NULL;
    g_autoptr(GHashTable) by_file = NULL;
    virJSONValue *nodes;
    qemuMonitor *mon;
    int rc;

    virJSONValueObjectAppendBoolean(args, "flat", true);
    cmd = qemuMonitorNewCommand("query-named-block-nodes", &args);
    mon = qemuDomainObjEnterMonitor(vm);
    rc = qemuMonitorCommand(mon, cmd, &reply);
    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
        return NULL;

    table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, node_free);
    /* image file -> its format node: how a backing file names its node */
    by_file = g_hash_table_new(g_str_hash, g_str_equal);
    nodes = virJSONValueObjectGetArray(reply, "return");
    for (size_t i = 0; i < virJSONValueArraySize(nodes); i++) {
        virJSONValue *node = virJSONValueArrayGet(nodes, i);
        const char *nodename = virJSONValueObjectGetString(node, "node-name");
        const char *file = virJSONValueObjectGetString(node, "file");
        virJSONValue *image = virJSONValueObjectGetObject(node, "image");
        long long size = 0;
        qemuBlockNode *entry;

        if (!nodename)
            continue;
        entry = g_new0(qemuBlockNode, 1);
        entry->bitmaps = read_bitmaps(node);
        entry->driver = g_strdup(virJSONValueObjectGetString(node, "drv"));
        if (image && virJSONValueObjectGetNumberLong(image, "virtual-size", &size) == 0 &&
            size > 0)
            entry->size = (unsigned long long)size;
        g_hash_table_replace(table, g_strdup(nodename), entry);
        if (file && is_format_node(node) && !g_hash_table_contains(by_file, file))
            g_hash_table_insert(by_file, (char *)file, (char *)nodename);
    }
    for (size_t i = 0; i < virJSONValueArraySize(nodes); i++) {
        virJSONValue *node = virJSONValueArrayGet(nodes, i);
        const char *nodename = virJSONValueObjectGetString(node, "node-name");
        virJSONValue *image = virJSONValueObjectGetObject(node, "image");
        const char *backing = image ? virJSONValueObjectGetString(image, "full-backing-filename")
                                    : NULL;
        const char *below;

        if (!nodename || !backing || !is_format_node(node) ||
            !(below = g_hash_table_lookup(by_file, backing)) || STREQ(below, nodename))
            continue;
        ((qemuBlockNode *)g_hash_table_lookup(table, nodename))->backing = g_strdup(below);
    }
    return g_steal_pointer(&table);
}

qemuBlockBitmap *
qemuBlockFindBitmap(GHashTable *bitmaps, const char *node, const char *name)
{
    qemuBlockNode *entry = g_hash_table_lookup(bitmaps, node);

    for (size_t i = 0; entry && i < entry->bitmaps->len; i++) {
        qemuBlockBitmap *b = g_ptr_array_index(entry->bitmaps, i);

        if (STREQ(b->name, name))
            return b;
    }
    return NULL;
}

/* The next node down @node's chain, or NULL; a chain never loops back
 * (@depth bounds a table that would). */
static const char *
chain_next(GHashTable *bitmaps, const char *node, unsigned int *depth)
{
    qemuBlockNode *entry = g_hash_table_lookup(bitmaps, node);

    if (!entry || !entry->backing || ++*depth > g_hash_table_size(bitmaps))
        return NULL;
    return entry->backing;
}

bool
qemuBlockChainBitmap(GHashTable *bitmaps, const char *top, const char *name,
                     GPtrArray **holders)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new();
    bool ended = false;
    unsigned int depth = 0;

    for (const char *n = top; n; n = chain_next(bitmaps, n, &depth)) {
        qemuBlockBitmap *b = qemuBlockFindBitmap(bitmaps, n, name);
        gpointer key = NULL;

        if (!b) {
            if (found->len == 0)
                return false;
            ended = true;
            continue;
        }
        if (ended || b->inconsistent || !b->persistent || !b->recording)
            return false;
        g_hash_table_lookup_extended(bitmaps, n, &key, NULL);
        g_ptr_array_add(found, key);
    }
    if (found->len == 0)
        return false;
    if (holders)
        *holders = g_steal_pointer(&found);
    return true;
}

GPtrArray *
qemuBlockChainHolders(GHashTable *bitmaps, const char *top, const char *name)
{
    GPtrArray *holders = g_ptr_array_new();
    unsigned int depth = 0;

    for (const char *n = top; n; n = chain_next(bitmaps, n, &depth)) {
        gpointer key = NULL;

        if (qemuBlockFindBitmap(bitmaps, n, name) &&
            g_hash_table_lookup_extended(bitmaps, n, &key, NULL))
            g_ptr_array_add(holders, key);
    }
    return holders;
}

int
qemuBlockReopen(virDomainObj *vm, GHashTable *bitmaps, const char *node, bool readonly)
{
    qemuBlockNode *entry = g_hash_table_lookup(bitmaps, node);
    g_autoptr(virJSONValue) options = virJSONValueNewObject();
    g_autoptr(virJSONValue) list = virJSONValueNewArray();
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) cmd = NULL;
    g_autofree char *storage = NULL;
    unsigned int index;
    qemuMonitor *mon;
    int rc;

    /* the storage child of libvirt-N-format is libvirt-N-storage */
    if (!entry || !entry->driver || sscanf(node, "libvirt-%u-format", &index) != 1) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       "cannot reopen block node '%s' read-%s: QEMU opened it itself from "
                       "a backing file name (the domain must be restarted)",
                       node, readonly ? "only" : "write");
        return -1;
    }
    storage = g_strdup_printf("libvirt-%u-storage", index);
    virJSONValueObjectAppendString(options, "node-name", node);
    virJSONValueObjectAppendString(options, "driver", entry->driver);
    virJSONValueObjectAppendBoolean(options, "read-only", readonly);
    virJSONValueObjectAppendString(options, "file", storage);
    if (entry->backing)
        virJSONValueObjectAppendString(options, "backing", entry->backing);
    else
        virJSONValueObjectAppendNull(options, "backing");
    virJSONValueArrayAppend(list, &options);
    virJSONValueObjectAppend(args, "options", &list);
    cmd = qemuMonitorNewCommand("blockdev-reopen", &args);
    mon = qemuDomainObjEnterMonitor(vm);
    rc = qemuMonitorCommand(mon, cmd, NULL);
    if (qemuDomainObjExitMonitor(vm) < 0)
        return -1;
    return rc;
}

virJSONValue *
qemuBlockChainMergeSources(GPtrArray *holders, const char *name)
{
    g_autoptr(virJSONValue) sources = virJSONValueNewArray();

    for (size_t i = 0; i < holders->len; i++) {
        g_autoptr(virJSONValue) source = virJSONValueNewObject();

        virJSONValueObjectAppendString(source, "node", g_ptr_array_index(holders, i));
        virJSONValueObjectAppendString(source, "name", name);
        virJSONValueArrayAppend(sources, &source);
    }
    return g_steal_pointer(&sources);
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
                         const char *name, bool persistent, unsigned long long granularity)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "name", name);
    virJSONValueObjectAppendBoolean(data, "persistent", persistent);
    if (granularity)
        virJSONValueObjectAppendNumber(data, "granularity", (long long)granularity);
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

void
qemuBlockActionBitmapAddTemporary(virJSONValue *actions, const char *node, const char *name)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "name", name);
    virJSONValueObjectAppendBoolean(data, "persistent", false);
    virJSONValueObjectAppendBoolean(data, "disabled", true);
    add_action(actions, "block-dirty-bitmap-add", &data);
}

void
qemuBlockActionBitmapMerge(virJSONValue *actions, const char *node, const char *target,
                           virJSONValue **sources)
{
    g_autoptr(virJSONValue) data = virJSONValueNewObject();

    virJSONValueObjectAppendString(data, "node", node);
    virJSONValueObjectAppendString(data, "target", target);
    virJSONValueObjectAppend(data, "bitmaps", sources);
    add_action(actions, "block-dirty-bitmap-merge", &data);
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

int
qemuBlockTransactionWritable(virDomainObj *vm, GHashTable *bitmaps, GPtrArray *backing,
                             virJSONValue **actions)
{
    size_t reopened;
    int rc = -1;
    virErrorPtr saved;

    for (reopened = 0; reopened < backing->len; reopened++) {
        if (qemuBlockReopen(vm, bitmaps, g_ptr_array_index(backing, reopened), false) < 0)
            break;
    }
    if (reopened == backing->len)
        rc = qemuBlockTransaction(vm, actions);
    saved = virSaveLastError();
    for (size_t i = 0; i < reopened && virDomainObjIsActive(vm); i++)
        qemuBlockReopen(vm, bitmaps, g_ptr_array_index(backing, i), true);
    virSetError(saved);
    virFreeError(saved);
    return rc;
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

        long long granularity = 0;

        bitmap->name = g_strdup(virJSONValueObjectGetString(b, "name"));
        virJSONValueObjectGetNumberLong(b, "granularity", &granularity);
        bitmap->granularity = (unsigned long long)granularity;
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
qemuImgBitmapMergeFrom(qemuDriver *driver, const char *path, const char *source,
                       const char *source_fmt, const char *name,
                       unsigned long long granularity, bool add)
{
    g_autofree char *gran = g_strdup_printf("%llu", granularity);
    const char *add_args[] = { "bitmap", "--add", path, name, "-g", gran, NULL };
    const char *merge_args[] = { "bitmap", "--merge", name, "-b", source, "-F", source_fmt,
                                 path, name, NULL };
    g_autofree char *out = NULL;

    if (!granularity)
        add_args[4] = NULL;     /* QEMU's default: the image's cluster size */
    if (add && run_qemu_img(driver, add_args, &out) < 0)
        return -1;
    return run_qemu_img(driver, merge_args, &out);
}

int
qemuImgCommit(qemuDriver *driver, const char *path, const char *format)
{
    const char *args[] = { "commit", "-q", "-f", format, path, NULL };
    g_autofree char *out = NULL;

    return run_qemu_img(driver, args, &out);
}

int
qemuImgRebaseUnsafe(qemuDriver *driver, const char *path, const char *format,
                    const char *backing, const char *backing_fmt)
{
    const char *args[] = { "rebase", "-u", "-f", format, "-b", backing, "-F", backing_fmt,
                           path, NULL };
    g_autofree char *out = NULL;

    return run_qemu_img(driver, args, &out);
}

int
qemuImgCreateOverlay(qemuDriver *driver, const char *path, const char *format,
                     const char *backing, const char *backing_fmt)
{
    /* a comma inside an -o value is written twice */
    g_auto(GStrv) parts = g_strsplit(backing, ",", -1);
    g_autofree char *escaped = g_strjoinv(",,", parts);
    g_autofree char *opts = g_strdup_printf("backing_fmt=%s,backing_file=%s", backing_fmt,
                                            escaped);
    const char *args[] = { "create", "-f", format, "-o", opts, path, NULL };
    g_autofree char *out = NULL;

    return run_qemu_img(driver, args, &out);
}

int
qemuBlockCreateEmptyFile(const char *path, mode_t mode, bool exclusive)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), mode);

    if (fd < 0) {
        virReportSystemError(errno, "failed to create image file '%s'", path);
        return -1;
    }
    close(fd);
    return 0;
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
