/*
 * domain_cputune.h: <cputune> as libvirt stores and prints it
 *
 * tidemark keeps <cputune> as preserved XML. libvirt parses it into
 * per-vCPU and per-I/O-thread settings and prints it back from those,
 * which changes the text: a <vcpusched vcpus='0-1'> becomes one element
 * per vCPU, pins are sorted by vCPU and their sets canonical ("1-3,^2"
 * is "1,3"), zero values and settings for vCPUs the domain lacks
 * vanish, and <cachetune>/<memorytune> are regrouped
 * (domain_resctrl.h). The parse step here rebuilds the preserved
 * element in that form, with libvirt's checks and errors, so that the
 * ordinary formatter prints what libvirt prints. Children libvirt does
 * not know are kept, after the rest.
 */
#pragma once

#include <stdbool.h>
#include <libxml/tree.h>

#include "util/virbuffer.h"

/**
 * virDomainCputuneParse:
 * @root: the <domain> element; its <cputune> is rebuilt in place
 *        (removed if nothing is left of it)
 * @maxvcpus: the domain's <vcpu> count
 * @live: the XML is live (status) XML: allocation ids are read from it
 *
 * Parses (and rebuilds, domain_iothread.h) the I/O threads first: the
 * I/O-thread settings refer to them. Returns 0, or -1 with libvirt's
 * error.
 */
int virDomainCputuneParse(xmlNodePtr root, unsigned int maxvcpus, bool live);

/**
 * virDomainCputuneValidate:
 * @root: the <domain> element after virDomainCputuneParse
 *
 * libvirt's validation of the cgroup values (shares, periods, quotas)
 * and then of the I/O thread pools, which it skips for domains embedded
 * in snapshots and checkpoints. Returns 0, or -1 with
 * CONFIG_UNSUPPORTED.
 */
int virDomainCputuneValidate(xmlNodePtr root);

/**
 * virDomainCputuneFormat:
 * @cputune: the rebuilt element
 * @inactive: format the persistent form: libvirt prints the allocation
 *            ids of <cachetune>/<memorytune> only for a running domain
 */
void virDomainCputuneFormat(virBuffer *buf, xmlNodePtr cputune, bool inactive);
