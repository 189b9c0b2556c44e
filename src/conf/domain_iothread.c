/*
 * domain_iothread.c: <iothreads>, <iothreadids> and <defaultiothread>
 *
 * Reads, checks and messages follow libvirt 9.0's
 * virDomainDefParseIOThreads and virDomainDefIOThreadsFormat.
 */
#include "internal.h"
#include "conf/domain_iothread.h"
#include "util/virxml.h"
#include "util/virxmlprop.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

typedef struct {
    guint id;
    int pool_min;       /* -1: not given */
    int pool_max;
    bool autofill;      /* added by libvirt, not named by the input */
} iothread;

static bool
is_element(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && !node->ns && virXMLNodeNameEqual(node, name);
}

static int
parse_pool(xmlNodePtr node, int *pool_min, int *pool_max)
{
    if (virXMLPropInt(node, "thread_pool_min", VIR_XML_PROP_NONNEGATIVE, pool_min, -1) < 0 ||
        virXMLPropInt(node, "thread_pool_max", VIR_XML_PROP_NONNEGATIVE, pool_max, -1) < 0)
        return -1;
    return 0;
}

static bool
has_id(GArray *threads, guint id)
{
    for (guint i = 0; i < threads->len; i++) {
        if (g_array_index(threads, iothread, i).id == id)
            return true;
    }
    return false;
}

static void
set_int_prop(xmlNodePtr node, const char *name, long long value)
{
    char text[32];

    g_snprintf(text, sizeof(text), "%lld", value);
    xmlNewProp(node, BAD_CAST name, BAD_CAST text);
}

static void
add_pool_props(xmlNodePtr node, int pool_min, int pool_max)
{
    if (pool_min >= 0)
        set_int_prop(node, "thread_pool_min", pool_min);
    if (pool_max >= 0)
        set_int_prop(node, "thread_pool_max", pool_max);
}

/* Replaces the three elements by libvirt's form of @threads and of the
 * default pool. */
static void
rebuild(xmlNodePtr root, GArray *threads, int dflt_min, int dflt_max)
{
    bool list_ids = false;
    xmlNodePtr next;

    for (xmlNodePtr cur = root->children; cur; cur = next) {
        next = cur->next;
        if (is_element(cur, "iothreads") || is_element(cur, "iothreadids") ||
            is_element(cur, "defaultiothread")) {
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        }
    }
    /* the formatter puts top-level elements in libvirt's order */
    if (threads->len > 0) {
        char count[16];

        g_snprintf(count, sizeof(count), "%u", threads->len);
        xmlNewChild(root, NULL, BAD_CAST "iothreads", BAD_CAST count);
    }
    for (guint i = 0; i < threads->len; i++) {
        iothread *t = &g_array_index(threads, iothread, i);

        list_ids |= !t->autofill || t->pool_min >= 0 || t->pool_max >= 0;
    }
    if (list_ids) {
        xmlNodePtr ids = xmlNewChild(root, NULL, BAD_CAST "iothreadids", NULL);

        for (guint i = 0; i < threads->len; i++) {
            iothread *t = &g_array_index(threads, iothread, i);
            xmlNodePtr node = xmlNewChild(ids, NULL, BAD_CAST "iothread", NULL);

            set_int_prop(node, "id", t->id);
            add_pool_props(node, t->pool_min, t->pool_max);
        }
    }
    if (dflt_min >= 0 || dflt_max >= 0)
        add_pool_props(xmlNewChild(root, NULL, BAD_CAST "defaultiothread", NULL),
                       dflt_min, dflt_max);
}

GArray *
virDomainIOThreadsParse(xmlNodePtr root)
{
    g_autoptr(GArray) threads = g_array_new(FALSE, FALSE, sizeof(iothread));
    g_autofree char *count_text = virXMLChildText(root, "iothreads");
    xmlNodePtr dflt = virXMLChildElement(root, "defaultiothread");
    unsigned long long count = 0;
    int dflt_min = -1;
    int dflt_max = -1;
    GArray *ids;

    if (count_text) {
        char *end;

        errno = 0;
        count = strtoull(count_text, &end, 10);
        if (errno || end == count_text || *end || strchr(count_text, '-') ||
            count > UINT_MAX) {
            virReportError(VIR_ERR_XML_ERROR, "invalid iothreads count '%s'", count_text);
            return NULL;
        }
    }
    if (dflt && parse_pool(dflt, &dflt_min, &dflt_max) < 0)
        return NULL;

    for (xmlNodePtr list = root->children; list; list = list->next) {
        if (!is_element(list, "iothreadids"))
            continue;
        for (xmlNodePtr cur = list->children; cur; cur = cur->next) {
            iothread t = { 0 };
            unsigned int id;

            if (!is_element(cur, "iothread"))
                continue;
            if (virXMLPropUInt(cur, "id", VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                               &id) < 0 ||
                parse_pool(cur, &t.pool_min, &t.pool_max) < 0)
                return NULL;
            if (has_id(threads, id)) {
                virReportError(VIR_ERR_XML_ERROR, "duplicate iothread id '%u' found", id);
                return NULL;
            }
            t.id = id;
            g_array_append_val(threads, t);
        }
    }

    for (guint id = 1; threads->len < count; id++) {
        iothread t = { .id = id, .pool_min = -1, .pool_max = -1, .autofill = true };

        if (!has_id(threads, id))
            g_array_append_val(threads, t);
    }

    rebuild(root, threads, dflt_min, dflt_max);
    ids = g_array_sized_new(FALSE, FALSE, sizeof(guint), threads->len);
    for (guint i = 0; i < threads->len; i++)
        g_array_append_val(ids, g_array_index(threads, iothread, i).id);
    return ids;
}

/* libvirt's virDomainDefValidateIOThreadsThreadPool: an absent maximum
 * counts as -1, so a minimum alone is refused. */
static int
check_pool(xmlNodePtr node)
{
    int pool_min;
    int pool_max;

    if (parse_pool(node, &pool_min, &pool_max) < 0)
        return -1;
    if (pool_max == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "thread_pool_max must be a positive integer");
        return -1;
    }
    if (pool_min > pool_max) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "thread_pool_min must be smaller or equal to thread_pool_max");
        return -1;
    }
    return 0;
}

int
virDomainIOThreadsValidate(xmlNodePtr root)
{
    xmlNodePtr ids = virXMLChildElement(root, "iothreadids");
    xmlNodePtr dflt = virXMLChildElement(root, "defaultiothread");

    for (xmlNodePtr cur = ids ? ids->children : NULL; cur; cur = cur->next) {
        if (is_element(cur, "iothread") && check_pool(cur) < 0)
            return -1;
    }
    if (dflt && check_pool(dflt) < 0)
        return -1;
    return 0;
}
