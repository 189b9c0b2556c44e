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
