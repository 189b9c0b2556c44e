/*
 * domain_resctrl.h: <cachetune> and <memorytune> of <cputune>
 *
 * libvirt groups the cache and memory-bandwidth allocations of a domain
 * by vCPU set: each <cachetune vcpus=...> makes a group, a <memorytune>
 * with the same vCPUs joins it, overlapping sets are an error. It drops
 * groups left without vCPUs (beyond <vcpu>) or without content, and
 * prints every <cachetune> before every <memorytune>, each with its
 * content sorted (caches by level, type and id; nodes by id) and its
 * monitors after. This file reproduces that, on preserved XML: the
 * groups are parsed from the input elements and printed back as new
 * elements in libvirt's form.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <libxml/tree.h>

typedef struct _virDomainResctrlList virDomainResctrlList;

/**
 * virDomainResctrlListNew:
 * @maxvcpus: the domain's <vcpu> count; vCPU sets are cut to it
 * @keep_ids: take the allocation id from the XML (`id=`) instead of
 *            generating "vcpus_SET"; libvirt does so only for live XML
 */
virDomainResctrlList *virDomainResctrlListNew(unsigned int maxvcpus, bool keep_ids);
void virDomainResctrlListFree(virDomainResctrlList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainResctrlList, virDomainResctrlListFree);

/* Parse one <cachetune> / <memorytune> element into @list, in document
 * order (all cachetunes first, as libvirt does). Returns 0, or -1 with
 * libvirt's error. */
int virDomainResctrlParseCachetune(virDomainResctrlList *list, xmlNodePtr node);
int virDomainResctrlParseMemorytune(virDomainResctrlList *list, xmlNodePtr node);

/**
 * virDomainResctrlListAppend:
 * @parent: the <cputune> element being rebuilt
 *
 * Appends the groups as new children of @parent: every <cachetune>,
 * then every <memorytune>, each carrying its allocation id as `id=`
 * (libvirt prints it only for a running domain: see
 * virDomainCputuneFormat).
 */
void virDomainResctrlListAppend(virDomainResctrlList *list, xmlNodePtr parent);
