/*
 * domain_graphics.h: <graphics> devices as libvirt 9.0 reads and prints them
 *
 * A graphics element stays preserved XML. After parsing it is rewritten
 * into libvirt's form: the legacy listen= and socket= attributes become
 * (or must match) the first <listen> element, VNC ports follow the
 * autoport rules, and values are normalized. The attributes libvirt
 * derives when printing (listen=, socket=, the VNC port of an autoport
 * display, passwd without the secure flag) are printed by
 * virDomainGraphicsFormat from that form.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainGraphicsPostParse:
 * @devices: the <devices> element, or NULL
 * @flags: virDomainDefParseFlags
 *
 * Parses every <graphics> as libvirt does and rewrites it. Returns 0,
 * or -1 with libvirt's error (a listen element contradicting the
 * legacy attributes, an unknown value, ...).
 */
int virDomainGraphicsPostParse(xmlNodePtr devices, unsigned int flags);

/**
 * virDomainGraphicsValidate:
 *
 * libvirt's validation of graphics devices (a network listen needs its
 * network, a VNC <audio> must name an <audio> device, ...). Returns 0
 * or -1 with libvirt's error.
 */
int virDomainGraphicsValidate(xmlNodePtr devices);

/**
 * virDomainGraphicsFormat:
 * @node: a device element
 * @flags: virDomainDefFormatFlags
 *
 * Prints @node if it is a <graphics> element and returns true;
 * returns false (printing nothing) for any other element.
 */
bool virDomainGraphicsFormat(virBuffer *buf, xmlNodePtr node, unsigned int flags);
