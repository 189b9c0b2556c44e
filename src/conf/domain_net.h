/*
 * domain_net.h: <interface> devices as libvirt 9.0 reads and prints them
 *
 * An interface stays preserved XML, rewritten after parsing into
 * libvirt's form: a MAC address generated when none is given (libvirt's
 * 52:54:00 prefix), a generated host device name dropped from an inactive
 * definition, values checked, attributes and children in libvirt's
 * order.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainNetPostParse:
 * @devices: the <devices> element, or NULL
 * @flags: virDomainDefParseFlags
 *
 * What libvirt's parser does with every <interface>. Returns 0, or -1
 * with libvirt's error (a multicast or malformed MAC, a missing source).
 */
int virDomainNetPostParse(xmlNodePtr devices, unsigned int flags);

/**
 * virDomainNetGenerateIfnames:
 * @def: a parsed definition
 * @prefix: "testnet" for the test driver
 *
 * Gives every interface without a <target dev> the first name PREFIXn
 * no interface of the domain uses, as libvirt's test driver does when
 * it defines or starts a domain. Returns 0, or -1 with libvirt's error
 * when 1024 names are taken.
 */
int virDomainNetGenerateIfnames(virDomainDef *def, const char *prefix);
