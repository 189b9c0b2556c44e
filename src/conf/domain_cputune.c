/*
 * domain_cputune.c: <cputune> as libvirt stores and prints it
 *
 * The reads, checks and messages follow libvirt 9.0's
 * virDomainDefTunablesParse and its helpers, in their order: the first
 * problem found is the one reported.
 */
#include "internal.h"
#include "conf/domain_cputune.h"
#include "conf/domain_iothread.h"
#include "conf/domain_resctrl.h"
#include "util/virbitmap.h"
#include "util/virxml.h"
#include "conf/domain_conf.h"
#include "util/virxmlprop.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* libvirt's VIR_DOMAIN_CPUMASK_LEN */
#define CPUMASK_LEN 16384

/* libvirt's virProcessSchedPolicy */
static const char *const sched_policies[] = { "none", "batch", "idle", "fifo", "rr", NULL };
enum { POLICY_NONE, POLICY_BATCH, POLICY_IDLE, POLICY_FIFO, POLICY_RR };

/* The single-valued children, in print order. @what is the wording of
 * libvirt's "can't parse cputune ... value". */
static const struct {
    const char *name;
    const char *what;
    bool is_signed;
} scalars[] = {
    { "shares", "shares", false },
    { "period", "period", false },
    { "quota", "quota", true },
    { "global_period", "global period", false },
    { "global_quota", "global quota", true },
    { "emulator_period", "emulator period", false },
    { "emulator_quota", "emulator quota", true },
    { "iothread_period", "iothread period", false },
    { "iothread_quota", "iothread quota", true },
};

/* Every child libvirt reads; the others are kept as they are. */
static const char *const known_children[] = {
    "shares", "period", "quota", "global_period", "global_quota",
    "emulator_period", "emulator_quota", "iothread_period", "iothread_quota",
    "vcpupin", "emulatorpin", "iothreadpin", "vcpusched", "iothreadsched",
    "emulatorsched", "cachetune", "memorytune", NULL,
};

typedef struct {
    int policy;
    int priority;
} sched_param;

typedef struct {
    unsigned int maxvcpus;
    GArray *iothreads;          /* guint ids, in libvirt's order */

    bool scalar_set[G_N_ELEMENTS(scalars)];
    long long scalar[G_N_ELEMENTS(scalars)];   /* unsigned ones cast */

    GHashTable *vcpupin;        /* vCPU id -> virBitmap */
    virBitmap *emulatorpin;
    GHashTable *iothreadpin;    /* I/O thread id -> virBitmap */
    sched_param emulatorsched;
    GHashTable *vcpusched;      /* vCPU id -> sched_param */
    GHashTable *iothreadsched;  /* I/O thread id -> sched_param */
    virDomainResctrlList *resctrl;
} cputune_def;

static void
cputune_clear(cputune_def *tune)
{
    g_clear_pointer(&tune->iothreads, g_array_unref);
    g_clear_pointer(&tune->vcpupin, g_hash_table_unref);
    g_clear_pointer(&tune->emulatorpin, virBitmapFree);
    g_clear_pointer(&tune->iothreadpin, g_hash_table_unref);
    g_clear_pointer(&tune->vcpusched, g_hash_table_unref);
    g_clear_pointer(&tune->iothreadsched, g_hash_table_unref);
    g_clear_pointer(&tune->resctrl, virDomainResctrlListFree);
}

static bool
is_element(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && !node->ns &&
        (!name || virXMLNodeNameEqual(node, name));
}

static bool
has_iothread(const cputune_def *tune, guint id)
{
    for (guint i = 0; i < tune->iothreads->len; i++) {
        if (g_array_index(tune->iothreads, guint, i) == id)
            return true;
    }
    return false;
}

/* ---- the children ---- */

/* Reads the text of the first @name child; libvirt's virXPathULongLong
 * / virXPathLongLong on string(./cputune/NAME[1]). */
static int
parse_scalar(cputune_def *tune, GPtrArray *children, size_t idx)
{
    g_autofree char *text = NULL;
    char *end;

    for (guint i = 0; i < children->len && !text; i++) {
        if (virXMLNodeNameEqual(children->pdata[i], scalars[idx].name))
            text = virXMLNodeContentString(children->pdata[i]);
    }
    if (!text || !*text)
        return 0;
    errno = 0;
    if (scalars[idx].is_signed)
        tune->scalar[idx] = strtoll(text, &end, 10);
    else
        tune->scalar[idx] = (long long)strtoull(text, &end, 10);
    if (errno || end == text || *end ||
        (!scalars[idx].is_signed && memchr(text, '-', end - text))) {
        virReportError(VIR_ERR_XML_ERROR, "can't parse cputune %s value",
                       scalars[idx].what);
        return -1;
    }
    tune->scalar_set[idx] = true;
    return 0;
}

/* A cpuset= that must name at least one CPU; @what names the element
 * in "missing cpuset for ...". */
static virBitmap *
parse_cpuset(xmlNodePtr node, const char *what)
{
    g_autofree char *text = virXMLPropString(node, "cpuset");
    virBitmap *map = NULL;

    if (!text) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "missing cpuset for %s", what);
        return NULL;
    }
    if (virBitmapParse(text, &map, CPUMASK_LEN) < 0)
        return NULL;
    if (virBitmapIsAllClear(map)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "Invalid value of 'cpuset': %s", text);
        virBitmapFree(map);
        return NULL;
    }
    return map;
}

static int
parse_vcpupin(cputune_def *tune, xmlNodePtr node)
{
    g_autofree char *cpuset = NULL;
    virBitmap *map;
    unsigned int vcpu;

    if (virXMLPropUInt(node, "vcpu", VIR_XML_PROP_REQUIRED, &vcpu) < 0)
        return -1;
    /* a pin of a vCPU the domain does not have is ignored */
    if (vcpu >= tune->maxvcpus)
        return 0;
    if (!(cpuset = virXMLPropString(node, "cpuset"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "missing cpuset for vcpupin");
        return -1;
    }
    if (g_hash_table_contains(tune->vcpupin, GUINT_TO_POINTER(vcpu))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "duplicate vcpupin for vcpu '%d'", (int)vcpu);
        return -1;
    }
    if (!(map = parse_cpuset(node, "vcpupin")))
        return -1;
    g_hash_table_insert(tune->vcpupin, GUINT_TO_POINTER(vcpu), map);
    return 0;
}

static int
parse_iothreadpin(cputune_def *tune, xmlNodePtr node)
{
    virBitmap *map;
    unsigned int id;

    if (virXMLPropUInt(node, "iothread", VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &id) < 0)
        return -1;
    if (!has_iothread(tune, id)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "Cannot find 'iothread' : %u", id);
        return -1;
    }
    if (!(map = parse_cpuset(node, "iothreadpin")))
        return -1;
    if (g_hash_table_contains(tune->iothreadpin, GUINT_TO_POINTER(id))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "duplicate iothreadpin for same iothread '%u'", id);
        virBitmapFree(map);
        return -1;
    }
    g_hash_table_insert(tune->iothreadpin, GUINT_TO_POINTER(id), map);
    return 0;
}

static int
parse_sched_attrs(xmlNodePtr node, sched_param *param)
{
    if (virXMLPropEnum(node, "scheduler", sched_policies,
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &param->policy, POLICY_NONE) < 0)
        return -1;
    param->priority = 0;
    if ((param->policy == POLICY_FIFO || param->policy == POLICY_RR) &&
        virXMLPropInt(node, "priority", VIR_XML_PROP_REQUIRED, &param->priority, 0) < 0)
        return -1;
    return 0;
}

/* <vcpusched vcpus=SET> (@vcpus) or <iothreadsched iothreads=SET>: the
 * setting applies to each member of the set, which must exist and must
 * not have one already. */
static int
parse_thread_sched(cputune_def *tune, xmlNodePtr node, bool vcpus)
{
    const char *element = vcpus ? "vcpusched" : "iothreadsched";
    const char *attr = vcpus ? "vcpus" : "iothreads";
    GHashTable *table = vcpus ? tune->vcpusched : tune->iothreadsched;
    g_autofree char *text = virXMLPropString(node, attr);
    g_autoptr(virBitmap) map = NULL;
    sched_param param;
    ssize_t bit = -1;

    if (!text) {
        virReportError(VIR_ERR_XML_ERROR, "Missing attribute '%s' in element '%s'",
                       attr, element);
        return -1;
    }
    if (virBitmapParse(text, &map, CPUMASK_LEN) < 0)
        return -1;
    if (virBitmapIsAllClear(map)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "'%s' scheduler bitmap '%s' is empty",
                       attr, text);
        return -1;
    }
    if (parse_sched_attrs(node, &param) < 0)
        return -1;

    while ((bit = virBitmapNextSetBit(map, bit)) >= 0) {
        guint id = (guint)bit;

        if (vcpus && id >= tune->maxvcpus) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "vCPU '%u' is not present in domain definition", id);
            return -1;
        }
        if (!vcpus && !has_iothread(tune, id)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "Cannot find 'iothread' : %u", id);
            return -1;
        }
        if (g_hash_table_contains(table, GUINT_TO_POINTER(id))) {
            virReportError(VIR_ERR_XML_DETAIL, "'%s' attributes '%s' must not overlap",
                           element, attr);
            return -1;
        }
        g_hash_table_insert(table, GUINT_TO_POINTER(id), g_memdup2(&param, sizeof(param)));
    }
    return 0;
}

/* Calls @fn on each child named @name, in document order. */
static int
parse_each(cputune_def *tune, GPtrArray *children, const char *name,
           int (*fn)(cputune_def *, xmlNodePtr))
{
    for (guint i = 0; i < children->len; i++) {
        if (virXMLNodeNameEqual(children->pdata[i], name) &&
            fn(tune, children->pdata[i]) < 0)
            return -1;
    }
    return 0;
}

static int
parse_vcpusched(cputune_def *tune, xmlNodePtr node)
{
    return parse_thread_sched(tune, node, true);
}

static int
parse_iothreadsched(cputune_def *tune, xmlNodePtr node)
{
    return parse_thread_sched(tune, node, false);
}

static int
parse_cachetune(cputune_def *tune, xmlNodePtr node)
{
    return virDomainResctrlParseCachetune(tune->resctrl, node);
}

static int
parse_memorytune(cputune_def *tune, xmlNodePtr node)
{
    return virDomainResctrlParseMemorytune(tune->resctrl, node);
}

/* The only one of @name among @children, or NULL; -1 if several. */
static int
single_child(GPtrArray *children, const char *name, xmlNodePtr *found)
{
    *found = NULL;
    for (guint i = 0; i < children->len; i++) {
        if (!virXMLNodeNameEqual(children->pdata[i], name))
            continue;
        if (*found) {
            virReportError(VIR_ERR_XML_ERROR, "only one %s is supported", name);
            return -1;
        }
        *found = children->pdata[i];
    }
    return 0;
}

static int
parse_children(cputune_def *tune, GPtrArray *children)
{
    xmlNodePtr node;

    for (size_t i = 0; i < G_N_ELEMENTS(scalars); i++) {
        if (parse_scalar(tune, children, i) < 0)
            return -1;
    }
    if (parse_each(tune, children, "vcpupin", parse_vcpupin) < 0)
        return -1;
    if (single_child(children, "emulatorpin", &node) < 0)
        return -1;
    if (node && !(tune->emulatorpin = parse_cpuset(node, "emulatorpin")))
        return -1;
    if (parse_each(tune, children, "iothreadpin", parse_iothreadpin) < 0 ||
        parse_each(tune, children, "vcpusched", parse_vcpusched) < 0 ||
        parse_each(tune, children, "iothreadsched", parse_iothreadsched) < 0)
        return -1;
    if (single_child(children, "emulatorsched", &node) < 0)
        return -1;
    if (node && parse_sched_attrs(node, &tune->emulatorsched) < 0)
        return -1;
    if (parse_each(tune, children, "cachetune", parse_cachetune) < 0 ||
        parse_each(tune, children, "memorytune", parse_memorytune) < 0)
        return -1;
    return 0;
}

/* ---- rebuilding the element ---- */

static gint
guint_cmp(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *)a;
    guint y = *(const guint *)b;

    return x < y ? -1 : (x > y);
}

/* The keys of @table, ascending. */
static GArray *
sorted_keys(GHashTable *table)
{
    GArray *keys = g_array_new(FALSE, FALSE, sizeof(guint));
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init(&iter, table);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        guint id = GPOINTER_TO_UINT(key);

        g_array_append_val(keys, id);
    }
    g_array_sort(keys, guint_cmp);
    return keys;
}

static void
add_uint_prop(xmlNodePtr node, const char *name, guint value)
{
    char text[16];

    g_snprintf(text, sizeof(text), "%u", value);
    xmlNewProp(node, BAD_CAST name, BAD_CAST text);
}

static void
add_pin(xmlNodePtr parent, const char *element, const char *idattr, guint id,
        const virBitmap *map)
{
    xmlNodePtr node = xmlNewChild(parent, NULL, BAD_CAST element, NULL);
    g_autofree char *set = virBitmapFormat(map);

    if (idattr)
        add_uint_prop(node, idattr, id);
    xmlNewProp(node, BAD_CAST "cpuset", BAD_CAST set);
}

static void
add_sched(xmlNodePtr parent, const char *element, const char *idattr, guint id,
          const sched_param *param)
{
    xmlNodePtr node;
    char prio[16];

    if (param->policy == POLICY_NONE)
        return;
    node = xmlNewChild(parent, NULL, BAD_CAST element, NULL);
    if (idattr)
        add_uint_prop(node, idattr, id);
    xmlNewProp(node, BAD_CAST "scheduler", BAD_CAST sched_policies[param->policy]);
    if (param->policy == POLICY_FIFO || param->policy == POLICY_RR) {
        g_snprintf(prio, sizeof(prio), "%d", param->priority);
        xmlNewProp(node, BAD_CAST "priority", BAD_CAST prio);
    }
}

/* Appends the children libvirt prints, in its order. */
static void
build_children(cputune_def *tune, xmlNodePtr parent)
{
    g_autoptr(GArray) pins = sorted_keys(tune->vcpupin);
    g_autoptr(GArray) scheds = sorted_keys(tune->vcpusched);

    for (size_t i = 0; i < G_N_ELEMENTS(scalars); i++) {
        char text[32];

        /* shares is printed whenever given, the others unless zero */
        if (!tune->scalar_set[i] || (i > 0 && tune->scalar[i] == 0))
            continue;
        if (scalars[i].is_signed)
            g_snprintf(text, sizeof(text), "%lld", tune->scalar[i]);
        else
            g_snprintf(text, sizeof(text), "%llu", (unsigned long long)tune->scalar[i]);
        xmlNewChild(parent, NULL, BAD_CAST scalars[i].name, BAD_CAST text);
    }
    for (guint i = 0; i < pins->len; i++) {
        guint vcpu = g_array_index(pins, guint, i);

        add_pin(parent, "vcpupin", "vcpu", vcpu,
                g_hash_table_lookup(tune->vcpupin, GUINT_TO_POINTER(vcpu)));
    }
    if (tune->emulatorpin)
        add_pin(parent, "emulatorpin", NULL, 0, tune->emulatorpin);
    for (guint i = 0; i < tune->iothreads->len; i++) {
        guint id = g_array_index(tune->iothreads, guint, i);
        virBitmap *map = g_hash_table_lookup(tune->iothreadpin, GUINT_TO_POINTER(id));

        if (map)
            add_pin(parent, "iothreadpin", "iothread", id, map);
    }
    add_sched(parent, "emulatorsched", NULL, 0, &tune->emulatorsched);
    for (guint i = 0; i < scheds->len; i++) {
        guint vcpu = g_array_index(scheds, guint, i);

        add_sched(parent, "vcpusched", "vcpus", vcpu,
                  g_hash_table_lookup(tune->vcpusched, GUINT_TO_POINTER(vcpu)));
    }
    for (guint i = 0; i < tune->iothreads->len; i++) {
        guint id = g_array_index(tune->iothreads, guint, i);
        sched_param *param = g_hash_table_lookup(tune->iothreadsched, GUINT_TO_POINTER(id));

        if (param)
            add_sched(parent, "iothreadsched", "iothreads", id, param);
    }
    virDomainResctrlListAppend(tune->resctrl, parent);
}

/* Empties every <cputune> of @root into @known / @unknown (element
 * children, document order) and returns the first one, now childless;
 * the others are removed. */
static xmlNodePtr
take_children(xmlNodePtr root, GPtrArray *known, GPtrArray *unknown)
{
    xmlNodePtr first = NULL;
    xmlNodePtr next;

    for (xmlNodePtr tune = root->children; tune; tune = next) {
        xmlNodePtr child_next;

        next = tune->next;
        if (!is_element(tune, "cputune"))
            continue;
        for (xmlNodePtr cur = tune->children; cur; cur = child_next) {
            child_next = cur->next;
            xmlUnlinkNode(cur);
            if (cur->type != XML_ELEMENT_NODE)
                xmlFreeNode(cur);
            else if (!cur->ns && g_strv_contains(known_children, (const char *)cur->name))
                g_ptr_array_add(known, cur);
            else
                g_ptr_array_add(unknown, cur);
        }
        if (!first) {
            first = tune;
        } else {
            xmlUnlinkNode(tune);
            xmlFreeNode(tune);
        }
    }
    return first;
}

int
virDomainCputuneParse(xmlNodePtr root, unsigned int maxvcpus, bool live)
{
    g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeNode);
    g_autoptr(GPtrArray) unknown = g_ptr_array_new();
    cputune_def tune = { .maxvcpus = maxvcpus };
    xmlNodePtr target;
    int ret = -1;

    tune.vcpupin = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)virBitmapFree);
    tune.iothreadpin = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)virBitmapFree);
    tune.vcpusched = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    tune.iothreadsched = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    tune.resctrl = virDomainResctrlListNew(maxvcpus, live);

    if (!(tune.iothreads = virDomainIOThreadsParse(root)))
        goto cleanup;
    target = take_children(root, known, unknown);
    if (parse_children(&tune, known) < 0) {
        /* the definition is thrown away; give the children back so
         * that nothing leaks with it */
        for (guint i = 0; i < unknown->len; i++)
            xmlAddChild(target, unknown->pdata[i]);
        goto cleanup;
    }
    if (target) {
        build_children(&tune, target);
        for (guint i = 0; i < unknown->len; i++)
            xmlAddChild(target, unknown->pdata[i]);
        if (!target->children) {
            xmlUnlinkNode(target);
            xmlFreeNode(target);
        }
    }
    ret = 0;

 cleanup:
    cputune_clear(&tune);
    return ret;
}

/* The value of the <NAME> child of @cputune, 0 if absent. */
static long long
child_value(xmlNodePtr cputune, const char *name)
{
    g_autofree char *text = virXMLChildText(cputune, name);

    return text ? g_ascii_strtoll(text, NULL, 10) : 0;
}

int
virDomainCputuneValidate(xmlNodePtr root)
{
    static const char *const periods[] = {
        "period", "global_period", "emulator_period", "iothread_period", NULL,
    };
    static const char *const quotas[] = {
        "quota", "global_quota", "emulator_quota", "iothread_quota", NULL,
    };
    xmlNodePtr tune = virXMLChildElement(root, "cputune");
    unsigned long long shares;

    if (!tune)
        return virDomainIOThreadsValidate(root);
    /* the children are canonical numbers now (virDomainCputuneParse) */
    shares = (unsigned long long)child_value(tune, "shares");
    if (shares > 0 && (shares < 2 || shares > 262144)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Value of cputune 'shares' must be in range [%llu, %llu]",
                       2ULL, 262144ULL);
        return -1;
    }
    for (size_t i = 0; periods[i]; i++) {
        unsigned long long value = (unsigned long long)child_value(tune, periods[i]);

        if (value > 0 && (value < 1000 || value > 1000000)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Value of cputune '%s' must be in range [%llu, %llu]",
                           periods[i], 1000ULL, 1000000ULL);
            return -1;
        }
    }
    for (size_t i = 0; quotas[i]; i++) {
        long long value = child_value(tune, quotas[i]);

        if (value > 0 && (value < 1000 || value > 17592186044415LL)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Value of cputune '%s' must be in range [%llu, %llu]",
                           quotas[i], 1000ULL, 17592186044415ULL);
            return -1;
        }
    }
    return virDomainIOThreadsValidate(root);
}

void
virDomainCputuneFormat(virBuffer *buf, xmlNodePtr cputune, bool inactive)
{
    xmlNodePtr copy;

    if (!inactive) {
        virDomainPreservedNodeFormat(buf, cputune);
        return;
    }
    /* the allocation ids belong to the running domain: print a copy
     * without them */
    copy = xmlDocCopyNode(cputune, cputune->doc, 1);
    for (xmlNodePtr cur = copy->children; cur; cur = cur->next) {
        if (is_element(cur, "cachetune") || is_element(cur, "memorytune"))
            xmlUnsetProp(cur, BAD_CAST "id");
    }
    virDomainPreservedNodeFormat(buf, copy);
    xmlFreeNode(copy);
}
