/*
 * domain_console.h: the targets of character devices, and the console
 * libvirt 9.0 pairs with the first serial port
 *
 * Serial, parallel, console and channel elements stay preserved XML.
 * After parsing, every serial, parallel and console has a target port
 * (libvirt's numbering), and an HVM domain's first serial port and first
 * console are two faces of one device: a serial port gains a console, a
 * lone serial-type console becomes a serial port. That console prints
 * the serial port's data, as libvirt prints it.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainChrTargetParse:
 * @devices: the <devices> element, or NULL
 * @flags: virDomainDefParseFlags
 *
 * What libvirt's parser does with the <target> of every character
 * device: checks the target type and model, numbers the parallel ports
 * and consoles. Returns 0, or -1 with libvirt's error.
 */
int virDomainChrTargetParse(xmlNodePtr devices, unsigned int flags);

/**
 * virDomainChrTargetPostParse:
 *
 * libvirt's post-parse numbering of serial ports (ISA serial ports
 * first, in 0..3), and the default console target type. Returns 0, or
 * -1 with libvirt's error.
 */
int virDomainChrTargetPostParse(virDomainDef *def);

/**
 * virDomainConsoleAddCompat:
 *
 * libvirt's virDomainDefAddConsoleCompat: the console of the first
 * serial port of an HVM domain, or the serial port of a lone serial
 * console. Returns 0, or -1 with libvirt's error (a serial console
 * that is not the first).
 */
int virDomainConsoleAddCompat(virDomainDef *def);

/**
 * virDomainConsoleFormat:
 * @node: a device element
 *
 * Prints @node if it is a <console> that stands for a serial port (as
 * that serial port, with a console target) and returns true; false for
 * any other element.
 */
bool virDomainConsoleFormat(virBuffer *buf, const virDomainDef *def,
                            xmlNodePtr node, unsigned int flags);
