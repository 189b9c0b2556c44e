/*
 * domain_xmledit.h: reading and rewriting preserved domain XML
 *
 * The domain definition keeps the elements it does not model as XML
 * nodes. The post-parse steps of each device family read them the way
 * libvirt's parser does (typed attributes, libvirt's error messages)
 * and rewrite them into the form libvirt prints: values normalized,
 * attributes in libvirt's order, defaults added, live-only state
 * removed. These are the tools they share.
 */
#pragma once

#include "internal.h"
#include "util/virxml.h"

typedef enum {
    VIR_DOMAIN_XML_PROP_REQUIRED = 1 << 0,  /* absent is an error */
    VIR_DOMAIN_XML_PROP_NONZERO = 1 << 1,   /* the first value / 0 is an error */
    VIR_DOMAIN_XML_PROP_NONNEGATIVE = 1 << 2, /* a negative number is an error */
} virDomainXMLPropFlags;

/**
 * virDomainXMLPropStringRequired:
 *
 * The value of attribute @name, or NULL with libvirt's XML_ERROR
 * "Missing required attribute ..." (virXMLPropStringRequired).
 */
char *virDomainXMLPropStringRequired(xmlNodePtr node, const char *name);

/**
 * virDomainXMLPropEnum:
 * @node: element
 * @name: attribute
 * @values: NULL-terminated names; a value's index is its number
 * @flags: virDomainXMLPropFlags
 * @result: set to the index, or to 0 when absent
 *
 * Reads an enumerated attribute as libvirt's virXMLPropEnum does.
 * Returns 1 if present, 0 if absent, -1 with libvirt's XML_ERROR
 * ("Invalid value for attribute ...", "Missing required attribute ...").
 */
int virDomainXMLPropEnum(xmlNodePtr node, const char *name,
                         const char *const *values, unsigned int flags,
                         int *result);

/* The values of libvirt's virTristateBool and virTristateSwitch. */
extern const char *const virDomainXMLTristateBool[];
extern const char *const virDomainXMLTristateSwitch[];

/**
 * virDomainXMLPropInt:
 *
 * Reads a decimal int attribute as libvirt's virXMLPropInt does (the
 * whole value must be a number). Returns 1 if present, 0 if absent
 * (@result untouched), -1 with libvirt's XML_ERROR.
 */
int virDomainXMLPropInt(xmlNodePtr node, const char *name,
                        unsigned int flags, int *result);

/**
 * virDomainXMLPropUInt:
 *
 * As virDomainXMLPropInt for an unsigned int (virXMLPropUInt: a leading
 * '-' is rejected).
 */
int virDomainXMLPropUInt(xmlNodePtr node, const char *name,
                         unsigned int flags, unsigned int *result);

/**
 * virDomainXMLParseUInt:
 * @text: the whole string must be a decimal number
 *
 * libvirt's virStrToLong_uip. Returns 0 and the value, or -1.
 */
int virDomainXMLParseUInt(const char *text, unsigned int *result);

/* libvirt's virStrToLong_i over the whole string. Returns 0 or -1. */
int virDomainXMLParseInt(const char *text, int *result);

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
