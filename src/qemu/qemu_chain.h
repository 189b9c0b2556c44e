/*
 * qemu_chain.h: the backing chains of a domain's disks, found before
 * QEMU starts
 *
 * libvirt reads each image's header itself (virStorageSourceGetMetadata)
 * and hands QEMU every image of a chain as a -blockdev node of its own,
 * so that each has a name libvirt chose: a bitmap of a backing image can
 * then be made writable (blockdev-reopen), which QEMU refuses for nodes
 * it opened itself from a backing file name. tidemark does the same.
 */
#pragma once

#include "conf/domain_conf.h"

/* The deepest backing chain followed: a deeper one is a loop, or
 * nothing QEMU would open either. */
#define QEMU_CHAIN_MAX_DEPTH 200

/**
 * qemuImageBacking:
 * @path: an image file or block device
 * @format: its format ("qcow2", "raw", ...)
 * @backing: (out): the backing image's path, relative names resolved
 *   against @path's directory; NULL when it has none
 * @backing_format: (out): the backing image's format, as the header
 *   records it, else probed (see qemuChainPrepare)
 *
 * Reads the backing file of a qcow2 image from its header; other formats
 * have none. Returns 0, or -1 with an error naming @path when its header
 * cannot be read.
 */
int qemuImageBacking(const char *path, const char *format, char **backing,
                     char **backing_format);

/**
 * qemuChainPrepare:
 * @def: the live definition of a domain about to start
 * @next: (out): the next free image number of the run
 *
 * Numbers the images of @def's disks as libvirt numbers a run's
 * (qemuDomainPrepareStorageSource's node-name counter): first each
 * disk's own image and the backing images its definition describes,
 * last disk first (the last disk's image is 1); then the backing images
 * found in the images' headers, each disk's in chain order, last disk
 * first. Every image gets its number as the index attribute of its
 * <source> or <backingStore>, the images found are added as
 * <backingStore> elements (the disk records how many its definition
 * described: VIR_DOMAIN_DISK_DESCRIBED), and qemuDiskBlockdevs gives
 * each its own nodes. An image whose header names a backing image
 * without its format, when that one has a backing image too, fails the
 * start as in libvirt (OPERATION_INVALID). An image that cannot be read
 * ends its chain there: QEMU's own error reports it.
 */
int qemuChainPrepare(virDomainDef *def, unsigned int *next);
