/*
 * qemu_command.h: building the QEMU command line of a domain
 */
#pragma once

#include "conf/domain_conf.h"
#include "util/virjson.h"

typedef struct {
    const char *monitor;     /* QMP socket path */
    const char *pidfile;
} qemuCommandPaths;

/* What the build decided that the live definition must show. */
typedef struct {
    int vnc_port;            /* 0: no VNC */
} qemuCommandResult;

/**
 * qemuBuildCommandLine:
 * @accel_override: "tcg"/"kvm" to force, or NULL for the domain's type
 *
 * The argv (NULL-less array of strings, [0] the emulator) that starts
 * @def daemonized, stopped (-S), with its QMP monitor at @paths->monitor.
 * Returns NULL with CONFIG_UNSUPPORTED naming the first element tidemark
 * cannot run.
 */
GPtrArray *qemuBuildCommandLine(const virDomainDef *def,
                                const qemuCommandPaths *paths,
                                const char *accel_override,
                                qemuCommandResult *result);

/* The -blockdev node name of disk @i: "libvirt-N-format" (or -storage),
 * N counting down from the number of disks, as libvirt names them. */
char *qemuDiskNodeName(const virDomainDef *def, size_t i, bool format);

/* How many backing images disk @disk's definition describes (nested
 * <backingStore> elements with a source). */
unsigned int qemuDiskDescribedDepth(const virDomainDiskDef *disk);

/* Whether image format @format can have a backing file (libvirt's list:
 * cow, qcow, qcow2, qed, vmdk). */
bool qemuFormatHasBacking(const char *format);

/* libvirt's number of disk @i's own image in a run: the disks after it
 * count first, each with the backing images its definition describes
 * (the last disk is 1). */
unsigned int qemuDiskTopIndex(const virDomainDef *def, size_t i);

/**
 * qemuDiskBlockdevs:
 * @i: index of a disk of @def that has a source
 * @nodes: gets new objects appended
 *
 * The -blockdev properties of disk @i as QEMU opens it, in command-line
 * order: for each numbered image of its chain (qemuChainPrepare), deepest
 * first, the storage node then the read-only format node over it, which
 * names the one below as its backing ("backing": null at the chain's
 * end); last the disk's own image. libvirt's node names. Without numbered
 * backing images (a persistent definition) the format node names no
 * backing and QEMU opens what the image's header says. A
 * qemu-storage-daemon serving a shut-off domain's disks opens them with
 * the same, so everything that derives names from them works on both.
 */
void qemuDiskBlockdevs(const virDomainDef *def, size_t i, GPtrArray *nodes);

/* libvirt's device id of a disk of @def ("virtio-disk0", "ide0-1-0",
 * "scsi0-0-0-1" on virtio-scsi, "scsi0-0-1" on lsilogic). */
char *qemuDiskAlias(const virDomainDef *def, const virDomainDiskDef *disk);
