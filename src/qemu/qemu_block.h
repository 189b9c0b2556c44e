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
    bool recording;
    bool persistent;
    bool busy;
    bool inconsistent;
} qemuBlockBitmap;

void qemuBlockBitmapFree(qemuBlockBitmap *bitmap);

/**
 * qemuBlockGetBitmaps:
 * @vm: locked, running, job held
 *
 * query-named-block-nodes: a table node-name -> GPtrArray of
 * qemuBlockBitmap (named bitmaps only). Returns NULL with an error set.
 */
GHashTable *qemuBlockGetBitmaps(virDomainObj *vm);

/* The bitmap @name of node @node in a table of qemuBlockGetBitmaps. */
qemuBlockBitmap *qemuBlockFindBitmap(GHashTable *bitmaps, const char *node,
                                     const char *name);

/* transaction actions */
void qemuBlockActionBitmapAdd(virJSONValue *actions, const char *node,
                              const char *name, bool persistent);
void qemuBlockActionBitmapRemove(virJSONValue *actions, const char *node,
                                 const char *name);
/* blockdev-snapshot: @overlay (a node added with no backing) on top of
 * @node, whose users switch to it. */
void qemuBlockActionSnapshot(virJSONValue *actions, const char *node, const char *overlay);

/* Runs a QMP transaction of @actions (taken); all or nothing. */
int qemuBlockTransaction(virDomainObj *vm, virJSONValue **actions);

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
 * makes a shut-off domain's external snapshot. With @size (bytes, not
 * 0) the backing image is not opened (-u: QEMU may hold it). 0, or -1
 * with qemu-img's message. */
int qemuImgCreateOverlay(qemuDriver *driver, const char *path, const char *format,
                         const char *backing, const char *backing_fmt,
                         unsigned long long size);

/* The names of the internal snapshots of image @path (`qemu-img info
 * -U`, so also of an image QEMU has open): a new GPtrArray of strings,
 * or NULL with an error naming the image. */
GPtrArray *qemuImgListSnapshots(qemuDriver *driver, const char *path);
