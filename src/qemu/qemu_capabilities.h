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
