/*
 * domain_disk_source.h: the preserved parts of a disk's storage source
 *
 * The disk model keeps the source path; the rest of <source>, and the
 * <backingStore> and <mirror> elements, stay preserved XML. After
 * parsing they are rewritten as libvirt keeps them: a network source
 * checked, with its attributes in libvirt's order and its hosts' default
 * ports, and live-only state (source and backing store indexes, a block
 * job's <mirror>) dropped from an inactive definition.
 */
#pragma once

#include "conf/domain_conf.h"

/**
 * virDomainDiskSourcePostParse:
 * @def: a definition with its disks parsed
 * @flags: virDomainDefParseFlags
 *
 * Returns 0, or -1 with libvirt's error (a network source without its
 * protocol or name, a bad host).
 */
int virDomainDiskSourcePostParse(virDomainDef *def, unsigned int flags);

/* The children of a disk's <source> that only the secure flag shows
 * (HTTP cookies), as a NULL-terminated skip list for the printer, or
 * NULL when @flags has VIR_DOMAIN_DEF_FORMAT_SECURE. */
const char *const *virDomainDiskSourceSecretChildren(unsigned int flags);
