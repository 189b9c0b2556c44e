/*
 * domain_devices.h: what libvirt does to the devices of a domain after
 * parsing it, and how the preserved devices print
 *
 * tidemark keeps the devices it does not model as XML. This is the one
 * place that runs, in libvirt 9.0's order, the steps of its parser,
 * post-parse and validation that concern them (each device family has
 * its own file), and that picks the printer of a preserved device.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainDevicesPostParse:
 * @def: a definition whose modelled fields are parsed and defaulted
 * @flags: virDomainDefParseFlags
 *
 * Rewrites the preserved devices into the form libvirt prints (its
 * defaults, implicit devices and order) and runs libvirt's checks, the
 * validation ones unless VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE. Returns 0,
 * or -1 with libvirt's error.
 */
int virDomainDevicesPostParse(virDomainDef *def, unsigned int flags);

/**
 * virDomainDeviceNodeFormat:
 * @node: a preserved child element of <devices>
 * @flags: virDomainDefFormatFlags
 *
 * Prints @node when its family has a printer of its own (what it shows
 * depends on @flags or on other devices) and returns true; returns false
 * for a device printed as kept.
 */
bool virDomainDeviceNodeFormat(virBuffer *buf, const virDomainDef *def,
                               xmlNodePtr node, unsigned int flags);
