/*
 * qemu_capabilities.h: what the installed QEMU offers
 */
#pragma once

#include "qemu/qemu_domain.h"

/* Whether /dev/kvm can be opened for reading and writing. */
bool qemuCapsHaveKVM(void);

/**
 * qemuCapsCanonicalMachine:
 * @machine: a machine type as written in a domain, NULL for QEMU's default
 *
 * The versioned name of @machine ("pc" -> "pc-i440fx-7.2"), from
 * `qemu-system-x86_64 -machine help` run once per driver. Returns a new
 * string, "" if QEMU knows no such machine, or NULL with an error set if
 * QEMU could not be asked.
 */
char *qemuCapsCanonicalMachine(qemuDriver *driver, const char *machine);

/**
 * qemuCapsEmulatorForArch:
 * @arch: a guest architecture ("x86_64", "i686", ...)
 *
 * The QEMU binary libvirt would pick for @arch: qemu-system-<arch> in
 * PATH (qemu-system-i386 for i686), else for i686 the x86_64 binary,
 * which runs it too. The x86_64 binary is the driver's (TIDEMARK_QEMU
 * overrides it). Returns a new string, or NULL if there is none.
 */
char *qemuCapsEmulatorForArch(qemuDriver *driver, const char *arch);

/**
 * qemuCapsDefaultCPUModel:
 * @emulator: a QEMU binary
 *
 * The CPU model QEMU's PC machines default to in @emulator's target:
 * "qemu32" for qemu-system-i386, "qemu64" otherwise.
 */
const char *qemuCapsDefaultCPUModel(const char *emulator);

/**
 * qemuCapsVersion:
 * @version: receives major * 1,000,000 + minor * 1,000 + micro
 *
 * The version of the driver's QEMU binary, from its `-version` line,
 * asked once per driver (libvirt's qemu driver reports the same for
 * virConnectGetVersion).
 *
 * Returns 0, or -1 with an error set if QEMU could not be asked or its
 * answer has no version.
 */
int qemuCapsVersion(qemuDriver *driver, unsigned long *version);
