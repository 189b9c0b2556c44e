/*
 * qemu_postparse.h: the qemu driver's domain defaults (virDomainXMLOption
 * hooks)
 */
#pragma once

#include "qemu/qemu_domain.h"

/* libvirt's qemu defaults that come before the generic ones: emulator,
 * virt type and architecture checks, canonical machine, CPU, USB and
 * PCI root controllers, inputs, audio, balloon, disk drivers, NIC
 * models, serial targets. @opaque is the qemuDriver. */
int qemuDomainDefPostParse(virDomainDef *def, unsigned int parse_flags, void *opaque);

/* PCI addresses for every PCI device that has none, in libvirt's order. */
int qemuDomainDefAssignAddresses(virDomainDef *def, unsigned int parse_flags,
                                 void *opaque);

/**
 * qemuDomainDefFormatMigratable:
 * @def: a domain of the qemu driver (live or persistent)
 * @flags: further VIR_DOMAIN_DEF_FORMAT_* flags (SECURE)
 *
 * @def as libvirt's qemu driver writes it for a migration, a save image
 * and `dumpxml --migratable`: inactive, without the default USB and PCI
 * root controllers and the default audio backend (older libvirt added
 * them itself), the implicit keyboard and seclabel left out.
 *
 * Returns the XML (caller frees), or NULL with an error set.
 */
char *qemuDomainDefFormatMigratable(qemuDriver *driver, const virDomainDef *def,
                                    unsigned int flags);
