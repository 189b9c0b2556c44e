/*
 * qemu_alias.h: the device aliases of a running domain
 *
 * libvirt 9.0 names every device of a domain it starts (its
 * qemuAssignDeviceAliases) and prints the names as <alias name=.../> in
 * the live XML; they are also the QEMU device ids the command line uses
 * (qemu_command.c), so a qemu-monitor-command path such as
 * /machine/peripheral/virtio-disk0 matches what dumpxml shows.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * qemuAssignDeviceAliases:
 * @def: the live definition of a domain being started
 *
 * Adds libvirt's <alias> to every device of @def that has none (a
 * user alias "ua-..." is kept): disks (virtio-disk0, sata0-0-0, ...),
 * controllers (usb, pci.0, ide, sata0, scsi0), interfaces (netN),
 * inputs (inputN), serial ports (serialN: the serial console prints its
 * port's), videos (videoN), the memballoon (balloon0). Audio backends
 * and graphics get none, as in libvirt.
 */
void qemuAssignDeviceAliases(virDomainDef *def);
