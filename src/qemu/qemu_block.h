/*
 * qemu_block.h: dirty bitmaps of a domain's disks, online (QMP) and
 * offline (qemu-img)
 */
#pragma once

#include "qemu/qemu_domain.h"
#include "util/virjson.h"

typedef struct {
    char *name;
    unsigned long long count;    /* dirty bytes */
    unsigned long long granularity;
    bool recording;
    bool persistent;
    bool busy;
    bool inconsistent;
} qemuBlockBitmap;

void qemuBlockBitmapFree(qemuBlockBitmap *bitmap);

/* A node of QEMU's block graph as qemuBlockGetBitmaps reads it. */
typedef struct {
    GPtrArray *bitmaps;     /* qemuBlockBitmap, named ones only */
    char *backing;          /* the format node of its backing image, or NULL */
    char *driver;           /* "qcow2", "raw", "file", ... */
    unsigned long long size;    /* the image's virtual size */
} qemuBlockNode;

/**
 * qemuBlockGetBitmaps:
 * @vm: locked, running, job held
 *
 * query-named-block-nodes: a table node-name -> qemuBlockNode, for every
 * node QEMU has, those it opened itself from an image's backing file
 * included (their names are QEMU's own). Returns NULL with an error set.
 */
GHashTable *qemuBlockGetBitmaps(virDomainObj *vm);

/* The bitmap @name of node @node in a table of qemuBlockGetBitmaps. */
qemuBlockBitmap *qemuBlockFindBitmap(GHashTable *bitmaps, const char *node,
                                     const char *name);

/**
 * qemuBlockChainBitmap:
 * @bitmaps: a table of qemuBlockGetBitmaps
 * @top: the format node of a disk's top image
 * @name: a bitmap name
 * @holders: (out) (optional): the nodes of the chain that hold it, top
 *   first (names owned by @bitmaps)
 *
 * Whether the backing chain under @top carries bitmap @name as libvirt
 * accepts one (qemuBlockBitmapChainIsValid): held from the top image
 * down, without a gap, and in each image persistent, recording and
 * whole. A checkpoint older than an external snapshot has one bitmap in
 * each image made since; together they hold its writes.
 */
bool qemuBlockChainBitmap(GHashTable *bitmaps, const char *top, const char *name,
                          GPtrArray **holders);

/* The nodes of @top's chain that hold a bitmap @name, whole or not, top
 * first (names owned by @bitmaps); empty when none does. */
GPtrArray *qemuBlockChainHolders(GHashTable *bitmaps, const char *top, const char *name);

/**
 * qemuBlockReopen:
 * @bitmaps: a table of qemuBlockGetBitmaps
 * @node: a format node tidemark added (libvirt-N-format)
 *
 * blockdev-reopen of @node read-only or read-write, its children kept:
 * how a bitmap of a backing image becomes writable. A node QEMU opened
 * itself from a backing file name cannot be reopened (QEMU's rule):
 * OPERATION_UNSUPPORTED. Returns 0 or -1 with an error set.
 */
int qemuBlockReopen(virDomainObj *vm, GHashTable *bitmaps, const char *node, bool readonly);

/* block-dirty-bitmap-merge's "bitmaps": bitmap @name of each node of
 * @holders (qemuBlockChainBitmap's), as {"node", "name"} objects. */
virJSONValue *qemuBlockChainMergeSources(GPtrArray *holders, const char *name);

/* transaction actions */
/* block-dirty-bitmap-add of an enabled bitmap; @granularity 0 is
 * QEMU's default (the image's cluster size) */
void qemuBlockActionBitmapAdd(virJSONValue *actions, const char *node,
                              const char *name, bool persistent,
                              unsigned long long granularity);
void qemuBlockActionBitmapRemove(virJSONValue *actions, const char *node,
                                 const char *name);
/* block-dirty-bitmap-add of a transient, disabled bitmap: a merge's
 * target, which the guest's writes do not change afterwards */
void qemuBlockActionBitmapAddTemporary(virJSONValue *actions, const char *node,
                                       const char *name);
/* block-dirty-bitmap-merge of @sources (taken) into @node's @target */
void qemuBlockActionBitmapMerge(virJSONValue *actions, const char *node, const char *target,
                                virJSONValue **sources);
/* blockdev-snapshot: @overlay (a node added with no backing) on top of
 * @node, whose users switch to it. */
void qemuBlockActionSnapshot(virJSONValue *actions, const char *node, const char *overlay);

/* Runs a QMP transaction of @actions (taken); all or nothing. */
int qemuBlockTransaction(virDomainObj *vm, virJSONValue **actions);

/* qemuBlockTransaction with each node of @backing (backing images, in
 * @bitmaps, a table of qemuBlockGetBitmaps) reopened read-write for it
 * and read-only again after, whatever happened: how bitmaps of backing
 * images change. The first error is the one kept. */
int qemuBlockTransactionWritable(virDomainObj *vm, GHashTable *bitmaps, GPtrArray *backing,
                                 virJSONValue **actions);

/**
 * qemuBlockTransactionStart:
 *
 * qemuBlockTransaction in two halves, so a caller can do its own I/O
 * while QEMU works: sends the transaction of @actions (taken) to running
 * @vm and returns with @vm unlocked, as inside the monitor (the caller
 * holds the job). qemuBlockTransactionFinish(@vm, the call) must follow;
 * it locks @vm again and returns as qemuBlockTransaction does.
 */
qemuMonitorCall *qemuBlockTransactionStart(virDomainObj *vm, virJSONValue **actions);
int qemuBlockTransactionFinish(virDomainObj *vm, qemuMonitorCall *call);

/* A bitmap as qemu-img reads it from an image. */
typedef struct {
    char *name;
    bool in_use;        /* QEMU had the image open and did not close it */
    bool enabled;       /* "auto": recording */
    unsigned long long granularity;
} qemuImgBitmap;

void qemuImgBitmapFree(qemuImgBitmap *bitmap);

/**
 * qemuImgListBitmaps:
 * @force_share: read an image another process holds (-U)
 *
 * The persistent bitmaps of a qcow2 image (`qemu-img info`). Returns a
 * GPtrArray of qemuImgBitmap, or NULL with an error naming the image.
 */
GPtrArray *qemuImgListBitmaps(qemuDriver *driver, const char *path, bool force_share);

/* `qemu-img bitmap --OP PATH NAME` (op: "add", "remove"). 0 or -1. */
int qemuImgBitmapOp(qemuDriver *driver, const char *path, const char *op,
                    const char *name);

/* `qemu-img snapshot OP NAME PATH` (op: "-c" create, "-a" apply, "-d"
 * delete) on a qcow2 image no process has open. 0, or -1 with
 * qemu-img's message. */
int qemuImgSnapshotOp(qemuDriver *driver, const char *path, const char *op,
                      const char *name);

/* `qemu-img create -f FORMAT -o backing_fmt=..,backing_file=..`: a new
 * image @path of @format over @backing (of @backing_fmt), as libvirt
 * makes a shut-off domain's external snapshot. 0, or -1 with
 * qemu-img's message. */
int qemuImgCreateOverlay(qemuDriver *driver, const char *path, const char *format,
                         const char *backing, const char *backing_fmt);

/* An empty file at @path (permissions @mode less the umask) for QEMU to
 * format: truncated if it exists, or (@exclusive) refused then. 0, or
 * -1 with a system error naming @path. */
int qemuBlockCreateEmptyFile(const char *path, mode_t mode, bool exclusive);

/**
 * qemuImgBitmapMergeFrom:
 * @path: a qcow2 image
 * @name: a bitmap of image @source (of @source_fmt)
 * @granularity: of @name, for the bitmap added to @path when it has none
 *
 * The bits of bitmap @name of @source set in @path's bitmap of the same
 * name (`qemu-img bitmap --merge`), added first if @path lacks it. 0, or
 * -1 with qemu-img's message.
 */
int qemuImgBitmapMergeFrom(qemuDriver *driver, const char *path, const char *source,
                           const char *source_fmt, const char *name,
                           unsigned long long granularity, bool add);

/* `qemu-img commit`: the data of image @path (of @format) written into
 * its backing image. 0, or -1 with qemu-img's message. */
int qemuImgCommit(qemuDriver *driver, const char *path, const char *format);

/* `qemu-img rebase -u`: image @path (of @format) names @backing (of
 * @backing_fmt) as its backing image from now on; no data moves. */
int qemuImgRebaseUnsafe(qemuDriver *driver, const char *path, const char *format,
                        const char *backing, const char *backing_fmt);

/* The names of the internal snapshots of image @path (`qemu-img info
 * -U`, so also of an image QEMU has open): a new GPtrArray of strings,
 * or NULL with an error naming the image. */
GPtrArray *qemuImgListSnapshots(qemuDriver *driver, const char *path);
