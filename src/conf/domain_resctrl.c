/*
 * domain_resctrl.c: <cachetune> and <memorytune> of <cputune>
 *
 * The checks and their order are libvirt 9.0's (virDomainCachetuneDefParse,
 * virDomainMemorytuneDefParse, virResctrlAllocSetCacheSize, ...): the
 * first problem found is the one reported, so the order matters.
 */
#include "internal.h"
#include "conf/domain_resctrl.h"
#include "util/virbitmap.h"
#include "util/virxml.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* libvirt's VIR_DOMAIN_CPUMASK_LEN: the limit of any vCPU or CPU set */
#define CPUMASK_LEN 16384
/* the only cache level libvirt can monitor */
#define MONITOR_CACHE_LEVEL 3

/* libvirt's virCacheType, in its order (which is also the print order) */
static const char *const cache_types[] = { "both", "code", "data", NULL };
enum { CACHE_BOTH, CACHE_CODE, CACHE_DATA };

typedef struct {
    unsigned int level;
    int type;
    unsigned int id;
    unsigned long long size;   /* bytes */
} resctrl_cache;

typedef struct {
    unsigned int node;
    unsigned int bandwidth;    /* percent */
} resctrl_membw;

typedef struct {
    bool cache;                /* a <cachetune> monitor, else <memorytune> */
    virBitmap *vcpus;
} resctrl_monitor;

/* One vCPU set with its allocation (libvirt's virDomainResctrlDef and
 * the virResctrlAlloc it owns). */
typedef struct {
    virBitmap *vcpus;
    char *id;
    GArray *caches;            /* resctrl_cache, input order */
    GArray *membw;             /* resctrl_membw, input order */
    GPtrArray *monitors;       /* resctrl_monitor */
} resctrl_group;

struct _virDomainResctrlList {
    unsigned int maxvcpus;
    bool keep_ids;
    GPtrArray *groups;         /* resctrl_group, libvirt's order */
};

static void
monitor_free(gpointer data)
{
    resctrl_monitor *mon = data;

    virBitmapFree(mon->vcpus);
    g_free(mon);
}

static void
group_free(resctrl_group *group)
{
    if (!group)
        return;
    virBitmapFree(group->vcpus);
    g_free(group->id);
    g_array_unref(group->caches);
    g_array_unref(group->membw);
    g_ptr_array_unref(group->monitors);
    g_free(group);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(resctrl_group, group_free);

static resctrl_group *
group_new(virBitmap *vcpus)
{
    resctrl_group *group = g_new0(resctrl_group, 1);

    group->vcpus = vcpus;
    group->caches = g_array_new(FALSE, FALSE, sizeof(resctrl_cache));
    group->membw = g_array_new(FALSE, FALSE, sizeof(resctrl_membw));
    group->monitors = g_ptr_array_new_with_free_func(monitor_free);
    return group;
}

virDomainResctrlList *
virDomainResctrlListNew(unsigned int maxvcpus, bool keep_ids)
{
    virDomainResctrlList *list = g_new0(virDomainResctrlList, 1);

    list->maxvcpus = maxvcpus;
    list->keep_ids = keep_ids;
    list->groups = g_ptr_array_new_with_free_func((GDestroyNotify)group_free);
    return list;
}

void
virDomainResctrlListFree(virDomainResctrlList *list)
{
    if (!list)
        return;
    g_ptr_array_unref(list->groups);
    g_free(list);
}

/* The vcpus= of @node, cut to the domain's vCPUs. */
static virBitmap *
parse_vcpus(virDomainResctrlList *list, xmlNodePtr node)
{
    g_autofree char *text = virXMLPropString(node, "vcpus");
    virBitmap *vcpus = NULL;

    if (!text) {
        virReportError(VIR_ERR_XML_ERROR, "Missing %s attribute 'vcpus'",
                       (const char *)node->name);
        return NULL;
    }
    if (virBitmapParse(text, &vcpus, CPUMASK_LEN) < 0) {
        virReportError(VIR_ERR_XML_ERROR, "Invalid %s attribute 'vcpus' value '%s'",
                       (const char *)node->name, text);
        return NULL;
    }
    virBitmapShrink(vcpus, list->maxvcpus);
    return vcpus;
}

/* The group with exactly @vcpus (NULL if none); -1 if another group
 * overlaps them first. */
static int
find_group(virDomainResctrlList *list, const virBitmap *vcpus,
           resctrl_group **found)
{
    *found = NULL;
    for (size_t i = 0; i < list->groups->len; i++) {
        resctrl_group *group = list->groups->pdata[i];

        if (virBitmapEqual(group->vcpus, vcpus)) {
            *found = group;
            return 0;
        }
        if (virBitmapOverlaps(group->vcpus, vcpus)) {
            virReportError(VIR_ERR_XML_ERROR, "%s", "Overlapping vcpus in resctrls");
            return -1;
        }
    }
    return 0;
}

static bool
group_alloc_is_empty(const resctrl_group *group)
{
    return group->caches->len == 0 && group->membw->len == 0;
}

static bool
cache_taken(const resctrl_group *group, unsigned int level, int type,
            unsigned int id)
{
    for (size_t i = 0; i < group->caches->len; i++) {
        const resctrl_cache *c = &g_array_index(group->caches, resctrl_cache, i);

        if (c->level != level || c->id != id)
            continue;
        /* 'both' collides with every type, the others with themselves */
        if (c->type == CACHE_BOTH || type == CACHE_BOTH || c->type == type)
            return true;
    }
    return false;
}

static int
parse_cache(resctrl_group *group, xmlNodePtr node)
{
    resctrl_cache cache;

    if (virXMLPropUInt(node, "id", VIR_XML_PROP_REQUIRED, &cache.id) < 0 ||
        virXMLPropUInt(node, "level", VIR_XML_PROP_REQUIRED, &cache.level) < 0 ||
        virXMLPropEnum(node, "type", cache_types, VIR_XML_PROP_REQUIRED,
                       &cache.type, 0) < 0 ||
        virXMLPropScaled(node, "size", "unit", 1024, G_MAXUINT64, true,
                         &cache.size) < 0)
        return -1;

    if (cache_taken(group, cache.level, cache.type, cache.id)) {
        virReportErrorHelper(VIR_FROM_RESCTRL, VIR_ERR_XML_ERROR, __FILE__, __func__,
                             __LINE__,
                             "Colliding cache allocations for cache level '%u' id '%u', type '%s'",
                             cache.level, cache.id, cache_types[cache.type]);
        return -1;
    }
    g_array_append_val(group->caches, cache);
    return 0;
}

static int
parse_membw(resctrl_group *group, xmlNodePtr node)
{
    resctrl_membw bw;

    if (virXMLPropUInt(node, "id", VIR_XML_PROP_REQUIRED, &bw.node) < 0 ||
        virXMLPropUInt(node, "bandwidth", VIR_XML_PROP_REQUIRED, &bw.bandwidth) < 0)
        return -1;

    if (bw.bandwidth > 100) {
        virReportErrorHelper(VIR_FROM_RESCTRL, VIR_ERR_XML_ERROR, __FILE__, __func__,
                             __LINE__, "%s",
                             "Memory Bandwidth value exceeding 100 is invalid.");
        return -1;
    }
    for (size_t i = 0; i < group->membw->len; i++) {
        if (g_array_index(group->membw, resctrl_membw, i).node == bw.node) {
            virReportErrorHelper(VIR_FROM_RESCTRL, VIR_ERR_XML_ERROR, __FILE__,
                                 __func__, __LINE__,
                                 "Memory Bandwidth already defined for node %u", bw.node);
            return -1;
        }
    }
    g_array_append_val(group->membw, bw);
    return 0;
}

/* libvirt's virDomainResctrlValidateMonitor: a monitor watches vCPUs of
 * its group, no two monitors of one kind watch the same set, and sets
 * may overlap only through a monitor of the whole group. */
static int
check_monitor(const resctrl_group *group, const resctrl_monitor *mon)
{
    bool default_alloc = group_alloc_is_empty(group);
    bool equal_to_group = virBitmapEqual(mon->vcpus, group->vcpus);
    bool overlap_any = false;
    bool overlap_partial = false;
    ssize_t bit = -1;

    if (virBitmapIsAllClear(mon->vcpus)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", "vcpus is empty");
        return -1;
    }
    while ((bit = virBitmapNextSetBit(mon->vcpus, bit)) >= 0) {
        if (!virBitmapIsBitSet(group->vcpus, bit)) {
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           "Monitor vcpus conflicts with allocation");
            return -1;
        }
    }
    for (size_t i = 0; i < group->monitors->len; i++) {
        const resctrl_monitor *other = group->monitors->pdata[i];

        if (virBitmapEqual(mon->vcpus, other->vcpus)) {
            if (mon->cache != other->cache)
                continue;
            virReportError(VIR_ERR_INVALID_ARG, "%s",
                           "Identical vcpus found in same type monitors");
            return -1;
        }
        if (virBitmapOverlaps(mon->vcpus, other->vcpus))
            overlap_any = true;
        if (equal_to_group || virBitmapEqual(other->vcpus, group->vcpus))
            continue;
        if (virBitmapOverlaps(mon->vcpus, other->vcpus))
            overlap_partial = true;
    }
    if (overlap_partial || (default_alloc && overlap_any)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", "vcpus overlaps in resctrl groups");
        return -1;
    }
    return 0;
}

/* The <monitor> children of @node; returns how many were added, or -1. */
static int
parse_monitors(virDomainResctrlList *list, resctrl_group *group,
               xmlNodePtr node, bool cache)
{
    int added = 0;

    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        g_autoptr(virBitmap) vcpus = NULL;
        resctrl_monitor *mon;

        if (cur->type != XML_ELEMENT_NODE || cur->ns ||
            !virXMLNodeNameEqual(cur, "monitor"))
            continue;
        if (cache) {
            unsigned int level;

            if (virXMLPropUInt(cur, "level", VIR_XML_PROP_REQUIRED, &level) < 0)
                return -1;
            if (level != MONITOR_CACHE_LEVEL) {
                virReportError(VIR_ERR_XML_ERROR, "Invalid monitor cache level '%d'",
                               (int)level);
                return -1;
            }
        }
        if (!(vcpus = parse_vcpus(list, cur)))
            return -1;
        mon = g_new0(resctrl_monitor, 1);
        mon->cache = cache;
        mon->vcpus = g_steal_pointer(&vcpus);
        if (check_monitor(group, mon) < 0) {
            monitor_free(mon);
            return -1;
        }
        g_ptr_array_add(group->monitors, mon);
        added++;
    }
    return added;
}

/* The allocation id: the XML's (live XML only) or "vcpus_SET". */
static void
set_group_id(virDomainResctrlList *list, resctrl_group *group, xmlNodePtr node)
{
    g_autofree char *set = virBitmapFormat(group->vcpus);

    if (list->keep_ids)
        group->id = virXMLPropString(node, "id");
    if (!group->id)
        group->id = g_strdup_printf("vcpus_%s", set);
}

static bool
is_child(xmlNodePtr cur, const char *name)
{
    return cur->type == XML_ELEMENT_NODE && !cur->ns && virXMLNodeNameEqual(cur, name);
}

int
virDomainResctrlParseCachetune(virDomainResctrlList *list, xmlNodePtr node)
{
    g_autoptr(virBitmap) vcpus = NULL;
    g_autoptr(resctrl_group) group = NULL;
    resctrl_group *existing;
    int ncaches = 0;
    int nmonitors;

    if (!(vcpus = parse_vcpus(list, node)))
        return -1;
    /* nothing left of the set: libvirt ignores the whole element */
    if (virBitmapIsAllClear(vcpus))
        return 0;
    if (find_group(list, vcpus, &existing) < 0)
        return -1;
    if (existing) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "Identical vcpus in cachetunes found");
        return -1;
    }

    group = group_new(g_steal_pointer(&vcpus));
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (!is_child(cur, "cache"))
            continue;
        ncaches++;
        if (parse_cache(group, cur) < 0)
            return -1;
    }
    set_group_id(list, group, node);
    if ((nmonitors = parse_monitors(list, group, node, true)) < 0)
        return -1;
    if (ncaches == 0 && nmonitors == 0)
        return 0;
    g_ptr_array_add(list->groups, g_steal_pointer(&group));
    return 0;
}

int
virDomainResctrlParseMemorytune(virDomainResctrlList *list, xmlNodePtr node)
{
    g_autoptr(virBitmap) vcpus = NULL;
    g_autoptr(resctrl_group) fresh = NULL;
    resctrl_group *group;
    int nnodes = 0;
    int nmonitors;

    if (!(vcpus = parse_vcpus(list, node)))
        return -1;
    if (virBitmapIsAllClear(vcpus))
        return 0;
    /* the same vCPUs as an earlier group: the bandwidth joins its
     * allocation */
    if (find_group(list, vcpus, &group) < 0)
        return -1;
    if (!group)
        group = fresh = group_new(g_steal_pointer(&vcpus));

    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (!is_child(cur, "node"))
            continue;
        nnodes++;
        if (parse_membw(group, cur) < 0)
            return -1;
    }
    if (fresh)
        set_group_id(list, fresh, node);
    if ((nmonitors = parse_monitors(list, group, node, false)) < 0)
        return -1;
    if (fresh && (nnodes || nmonitors))
        g_ptr_array_add(list->groups, g_steal_pointer(&fresh));
    return 0;
}

static gint
cache_cmp(gconstpointer a, gconstpointer b)
{
    const resctrl_cache *x = a;
    const resctrl_cache *y = b;

    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    if (x->type != y->type)
        return x->type < y->type ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

static gint
membw_cmp(gconstpointer a, gconstpointer b)
{
    const resctrl_membw *x = a;
    const resctrl_membw *y = b;

    return x->node < y->node ? -1 : (x->node > y->node);
}

static void
set_prop_uint(xmlNodePtr node, const char *name, unsigned long long value)
{
    char text[32];

    g_snprintf(text, sizeof(text), "%llu", value);
    xmlNewProp(node, BAD_CAST name, BAD_CAST text);
}

static void
add_monitors(xmlNodePtr parent, const resctrl_group *group, bool cache)
{
    for (size_t i = 0; i < group->monitors->len; i++) {
        const resctrl_monitor *mon = group->monitors->pdata[i];
        g_autofree char *set = NULL;
        xmlNodePtr node;

        if (mon->cache != cache)
            continue;
        set = virBitmapFormat(mon->vcpus);
        node = xmlNewChild(parent, NULL, BAD_CAST "monitor", NULL);
        if (cache)
            set_prop_uint(node, "level", MONITOR_CACHE_LEVEL);
        xmlNewProp(node, BAD_CAST "vcpus", BAD_CAST set);
    }
}

/* The <cachetune> (@cache) or <memorytune> of @group, or NULL when it
 * would be empty: libvirt prints neither then. */
static xmlNodePtr
build_element(xmlDocPtr doc, resctrl_group *group, bool cache)
{
    xmlNodePtr elem = xmlNewDocNode(doc, NULL,
                                    BAD_CAST (cache ? "cachetune" : "memorytune"), NULL);
    g_autofree char *set = virBitmapFormat(group->vcpus);

    if (cache) {
        g_array_sort(group->caches, cache_cmp);
        for (size_t i = 0; i < group->caches->len; i++) {
            const resctrl_cache *c = &g_array_index(group->caches, resctrl_cache, i);
            xmlNodePtr child = xmlNewChild(elem, NULL, BAD_CAST "cache", NULL);
            const char *unit;
            unsigned long long size = virFormatIntPretty(c->size, &unit);

            set_prop_uint(child, "id", c->id);
            set_prop_uint(child, "level", c->level);
            xmlNewProp(child, BAD_CAST "type", BAD_CAST cache_types[c->type]);
            set_prop_uint(child, "size", size);
            xmlNewProp(child, BAD_CAST "unit", BAD_CAST unit);
        }
    } else {
        g_array_sort(group->membw, membw_cmp);
        for (size_t i = 0; i < group->membw->len; i++) {
            const resctrl_membw *bw = &g_array_index(group->membw, resctrl_membw, i);
            xmlNodePtr child = xmlNewChild(elem, NULL, BAD_CAST "node", NULL);

            set_prop_uint(child, "id", bw->node);
            set_prop_uint(child, "bandwidth", bw->bandwidth);
        }
    }
    add_monitors(elem, group, cache);

    if (!elem->children) {
        xmlFreeNode(elem);
        return NULL;
    }
    xmlNewProp(elem, BAD_CAST "vcpus", BAD_CAST set);
    xmlNewProp(elem, BAD_CAST "id", BAD_CAST group->id);
    return elem;
}

void
virDomainResctrlListAppend(virDomainResctrlList *list, xmlNodePtr parent)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < list->groups->len; i++) {
            xmlNodePtr elem = build_element(parent->doc, list->groups->pdata[i], pass == 0);

            if (elem)
                xmlAddChild(parent, elem);
        }
    }
}
