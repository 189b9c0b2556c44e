/*
 * domain_xmledit.c: reading and rewriting preserved domain XML
 */
#include "internal.h"
#include "conf/domain_xmledit.h"

#include <stdarg.h>

void
virDomainXMLSetProp(xmlNodePtr node, const char *name, const char *value)
{
    xmlAttrPtr attr = xmlHasNsProp(node, BAD_CAST name, NULL);

    if (!value) {
        if (attr)
            xmlRemoveProp(attr);
        return;
    }
    /* xmlSetNsProp replaces the value of an existing attribute in place */
    xmlSetNsProp(node, NULL, BAD_CAST name, BAD_CAST value);
}

void
virDomainXMLSetPropf(xmlNodePtr node, const char *name, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *value = NULL;

    va_start(ap, fmt);
    value = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    virDomainXMLSetProp(node, name, value);
}

void
virDomainXMLOrderProps(xmlNodePtr node, const char *const *order)
{
    xmlAttrPtr head = NULL;
    xmlAttrPtr tail = NULL;

    /* relink the attribute list: the named ones first, in @order */
    for (size_t i = 0; order[i]; i++) {
        xmlAttrPtr attr = xmlHasNsProp(node, BAD_CAST order[i], NULL);

        if (!attr)
            continue;
        if (attr->prev)
            attr->prev->next = attr->next;
        else
            node->properties = attr->next;
        if (attr->next)
            attr->next->prev = attr->prev;
        attr->prev = tail;
        attr->next = NULL;
        if (tail)
            tail->next = attr;
        else
            head = attr;
        tail = attr;
    }
    if (!head)
        return;
    tail->next = node->properties;
    if (node->properties)
        node->properties->prev = tail;
    node->properties = head;
}

GPtrArray *
virDomainXMLChildren(xmlNodePtr parent, const char *name)
{
    GPtrArray *out = g_ptr_array_new();

    if (!parent)
        return out;
    for (xmlNodePtr cur = parent->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && !cur->ns &&
            (!name || xmlStrEqual(cur->name, BAD_CAST name)))
            g_ptr_array_add(out, cur);
    }
    return out;
}

size_t
virDomainXMLRank(const char *const *order, const char *name)
{
    for (size_t i = 0; order[i]; i++) {
        if (STREQ(order[i], name))
            return i;
    }
    /* an element libvirt does not know goes after every known one */
    return G_MAXSIZE;
}

xmlNodePtr
virDomainXMLAddChild(xmlNodePtr parent, const char *name,
                     const char *const *order)
{
    xmlNodePtr child = xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);
    size_t want = virDomainXMLRank(order, name);

    for (xmlNodePtr cur = parent->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE || cur->ns)
            continue;
        if (virDomainXMLRank(order, (const char *)cur->name) > want) {
            xmlAddPrevSibling(cur, child);
            return child;
        }
    }
    xmlAddChild(parent, child);
    return child;
}

static gint
ranked_child_cmp(gconstpointer a, gconstpointer b)
{
    const virDomainXMLRankedChild *x = a;
    const virDomainXMLRankedChild *y = b;

    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

GArray *
virDomainXMLSortedChildren(xmlNodePtr parent, const char *const *order,
                           const char *const *skip)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(virDomainXMLRankedChild));
    size_t seq = 0;

    if (!parent)
        return out;
    for (xmlNodePtr cur = parent->children; cur; cur = cur->next) {
        virDomainXMLRankedChild item = { G_MAXSIZE, seq++, cur };

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (!cur->ns) {
            if (skip && g_strv_contains(skip, (const char *)cur->name))
                continue;
            item.rank = virDomainXMLRank(order, (const char *)cur->name);
        }
        g_array_append_val(out, item);
    }
    g_array_sort(out, ranked_child_cmp);
    return out;
}

void
virDomainXMLSortChildren(xmlNodePtr parent, const char *const *order)
{
    g_autoptr(GArray) items = NULL;
    xmlNodePtr next;

    /* an element libvirt parses into fields has no text: blanks
     * around its children would make it print as not empty */
    for (xmlNodePtr cur = parent->children; cur; cur = next) {
        next = cur->next;
        if (cur->type == XML_TEXT_NODE && xmlIsBlankNode(cur))
            virDomainXMLRemove(cur);
    }
    items = virDomainXMLSortedChildren(parent, order, NULL);
    /* re-append in the new order; other nodes (comments) stay in
     * front, where the printer ignores them */
    for (guint i = 0; i < items->len; i++) {
        xmlNodePtr node = g_array_index(items, virDomainXMLRankedChild, i).node;

        xmlUnlinkNode(node);
        xmlAddChild(parent, node);
    }
}

void
virDomainXMLRemove(xmlNodePtr node)
{
    if (!node)
        return;
    xmlUnlinkNode(node);
    xmlFreeNode(node);
}

xmlNodePtr
virDomainXMLDevices(xmlNodePtr root, bool create)
{
    xmlNodePtr devices = virXMLChildElement(root, "devices");

    if (!devices && create)
        devices = xmlNewChild(root, NULL, BAD_CAST "devices", NULL);
    return devices;
}
