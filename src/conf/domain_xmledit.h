/*
 * domain_xmledit.h: reading and rewriting preserved domain XML
 *
 * The domain definition keeps the elements it does not model as XML
 * nodes. The post-parse steps of each device family read them the way
 * libvirt's parser does (typed attributes: util/virxmlprop.h) and
 * rewrite them into the form libvirt prints: values normalized,
 * attributes in libvirt's order, defaults added, live-only state
 * removed. These are the tools they share.
 */
#pragma once

#include "internal.h"
#include "util/virxml.h"

/**
 * virDomainXMLSetProp:
 *
 * Sets @name to @value, in place if the attribute exists, else as the
 * last attribute. A NULL @value removes the attribute.
 */
void virDomainXMLSetProp(xmlNodePtr node, const char *name, const char *value);

/* As virDomainXMLSetProp with a printf-formatted value. */
void virDomainXMLSetPropf(xmlNodePtr node, const char *name, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/**
 * virDomainXMLOrderProps:
 * @order: NULL-terminated attribute names
 *
 * Moves the attributes named in @order to the front, in that order;
 * the others (attributes libvirt does not know) follow in their input
 * order.
 */
void virDomainXMLOrderProps(xmlNodePtr node, const char *const *order);

/**
 * virDomainXMLChildren:
 * @name: element name, or NULL for every child element
 *
 * Returns the child elements of @parent (no namespace) called @name,
 * in document order. Never NULL.
 */
GPtrArray *virDomainXMLChildren(xmlNodePtr parent, const char *name);

/**
 * virDomainXMLRank:
 * @order: NULL-terminated element names in libvirt's order
 *
 * Returns the index of @name in @order, or G_MAXSIZE (after every known
 * element) when libvirt does not know it.
 */
size_t virDomainXMLRank(const char *const *order, const char *name);

/* One child element and where libvirt's order puts it. */
typedef struct {
    size_t rank;        /* virDomainXMLRank; G_MAXSIZE in another namespace */
    size_t seq;         /* document position: equal ranks keep their order */
    xmlNodePtr node;
} virDomainXMLRankedChild;

/**
 * virDomainXMLSortedChildren:
 * @parent: element, or NULL (no children)
 * @order: NULL-terminated element names in libvirt's order
 * @skip: NULL-terminated names (no namespace) to leave out, or NULL
 *
 * Returns the child elements of @parent as virDomainXMLRankedChild,
 * sorted by @order, equal ranks in document order. The tree is not
 * changed. Never NULL.
 */
GArray *virDomainXMLSortedChildren(xmlNodePtr parent, const char *const *order,
                                   const char *const *skip);

/**
 * virDomainXMLAddChild:
 * @order: NULL-terminated element names in libvirt's order
 *
 * Creates an empty element @name under @parent, before the first child
 * element that comes after @name in @order (or last), and returns it.
 */
xmlNodePtr virDomainXMLAddChild(xmlNodePtr parent, const char *name,
                                const char *const *order);

/**
 * virDomainXMLSortChildren:
 * @order: NULL-terminated element names in libvirt's order
 *
 * Reorders the child elements of @parent by @order; elements of equal
 * rank keep their order, unknown ones go last. Blank text between them
 * is dropped: the elements this is used on hold no text.
 */
void virDomainXMLSortChildren(xmlNodePtr parent, const char *const *order);

/* Unlinks and frees @node (NULL is allowed). */
void virDomainXMLRemove(xmlNodePtr node);

/**
 * virDomainXMLDevices:
 * @create: add an empty <devices> if there is none
 *
 * The <devices> element of a <domain> element, or NULL.
 */
xmlNodePtr virDomainXMLDevices(xmlNodePtr root, bool create);
