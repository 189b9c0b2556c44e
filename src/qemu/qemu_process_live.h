/*
 * qemu_process_live.h: what the live XML of a running domain shows
 *
 * libvirt 9.0's dumpxml of a running domain adds state its definition
 * does not hold: device aliases, the index of every disk source and the
 * end of its backing chain, the host side of pty character devices, the
 * VNC port, the resource partition, the DAC security label, the balloon's
 * current size. tidemark writes the same into the live definition
 * (vm->def) once QEMU runs; the status file keeps it for later
 * processes, and an inactive copy drops it again (src/conf).
 */
#pragma once

#include "qemu/qemu_domain.h"

/**
 * qemuProcessLiveStateApply:
 * @vm: locked, its QEMU started with the vCPUs stopped, the monitor
 *      open, the job slot held
 * @vnc_port: the TCP port the command line gave VNC, 0 for none
 *
 * Asks QEMU what it allocated (pty paths, block nodes, balloon size)
 * and writes the live-only parts of libvirt's XML into vm->def.
 * Returns 0, or -1 with an error set (QEMU did not answer).
 */
int qemuProcessLiveStateApply(qemuDriver *driver, virDomainObj *vm, int vnc_port);

/**
 * qemuProcessLiveBalloonChanged:
 * @vm: locked, running
 * @actual: the balloon's size in bytes (QEMU's BALLOON_CHANGE event)
 *
 * Records the guest's current memory as libvirt does on that event.
 */
void qemuProcessLiveBalloonChanged(virDomainObj *vm, unsigned long long actual);

/**
 * qemuProcessLiveNextIndex:
 * @def: a running domain's live definition (as its status file keeps it)
 *
 * One past the highest image index the definition shows (its disks'
 * sources and backing chains), at least one past the disks': where the
 * run's node numbering goes on after a reconnect.
 */
unsigned int qemuProcessLiveNextIndex(const virDomainDef *def);
