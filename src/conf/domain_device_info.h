/*
 * domain_device_info.h: the parts every device shares (libvirt's
 * virDomainDeviceInfo) that matter on define: aliases and boot order
 *
 * An alias is live state, dropped from an inactive definition unless it
 * is a user alias ("ua-..."). A <boot order> on a disk, interface,
 * hostdev, redirdev or filesystem replaces the <os><boot dev> default.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainDeviceInfoParse:
 * @devices: the <devices> element, or NULL
 * @flags: virDomainDefParseFlags
 *
 * Drops the aliases libvirt does not read and checks every <boot>.
 * Returns 0, or -1 with libvirt's error.
 */
int virDomainDeviceInfoParse(xmlNodePtr devices, unsigned int flags);

/**
 * virDomainDeviceBootPostParse:
 *
 * libvirt's boot order post-parse checks: a boot order used twice, or
 * per-device boot together with <os><boot>. Returns 0 or -1 with its
 * error.
 */
int virDomainDeviceBootPostParse(const virDomainDef *def);

/* Whether a device of @def carries a <boot order> (then libvirt adds no
 * <boot dev='hd'/> to an HVM domain's <os>). */
bool virDomainDefHasDeviceBoot(const virDomainDef *def);
