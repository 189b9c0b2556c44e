/*
 * virxml.h: parsing XML documents and reading them with XPath
 *
 * Documents are parsed with libxml2 and errors are reported with
 * libvirt's wording. RelaxNG schemas are compiled once per process and
 * shared by all threads (each validation gets its own context).
 */
#pragma once

#include <stdbool.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <glib.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathContext, xmlXPathFreeContext);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlXPathObject, xmlXPathFreeObject);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlBuffer, xmlBufferFree);

/**
 * virXMLParse:
 * @domcode: error domain for syntax errors (VIR_ERR_XML_DETAIL)
 * @xmlstr: the document text
 * @url: document label used in syntax errors, e.g. "(domain_checkpoint)"
 * @rootelement: required name of the root element, or NULL
 * @schema: schema file name (e.g. "domaincheckpoint.rng") or NULL
 * @validate: validate against @schema
 * @ctxt: if not NULL, receives an XPath context positioned on the root
 *
 * Returns the document, or NULL with an error set: XML_DETAIL for
 * syntax errors ("LABEL:LINE: MESSAGE\nCONTEXT\n---^"), XML_ERROR for
 * a wrong root, XML_INVALID_SCHEMA when validation fails.
 */
xmlDocPtr virXMLParse(int domcode, const char *xmlstr, const char *url,
                      const char *rootelement, const char *schema,
                      bool validate, xmlXPathContextPtr *ctxt);

/**
 * virXMLValidateAgainstSchema:
 * @schema: schema file name inside the schema directory
 * @doc: document to check
 *
 * Returns 0 when @doc is valid, -1 with XML_INVALID_SCHEMA (the detail
 * lists libxml2's messages) or INTERNAL_ERROR if the schema can't load.
 */
int virXMLValidateAgainstSchema(const char *schema, xmlDocPtr doc);

/* Full path of @schema in the schema directory in use (see
 * docs/DEVELOPING.md: $TIDEMARK_SCHEMA_DIR, the installed directory,
 * then the source tree). */
char *virXMLSchemaPath(const char *schema);

/* XPath helpers. Strings are newly allocated; an empty string result
 * counts as absent (NULL), as in libvirt. */
char *virXPathString(const char *xpath, xmlXPathContextPtr ctxt);
xmlNodePtr virXPathNode(const char *xpath, xmlXPathContextPtr ctxt);
/* Returns the number of nodes (and the array in @list, to g_free), or -1. */
int virXPathNodeSet(const char *xpath, xmlXPathContextPtr ctxt,
                    xmlNodePtr **list);
/* Returns 1 and the value, 0 if absent, -1 if not a number. */
int virXPathLongLong(const char *xpath, xmlXPathContextPtr ctxt,
                     long long *value);

/* The first child element of @node called @name (no namespace), or NULL.
 * A walk over the children: cheaper than XPath for fixed paths. */
xmlNodePtr virXMLChildElement(xmlNodePtr node, const char *name);
/* The text of that child, newly allocated; NULL if absent or empty. */
char *virXMLChildText(xmlNodePtr node, const char *name);

char *virXMLPropString(xmlNodePtr node, const char *name);
char *virXMLNodeContentString(xmlNodePtr node);
bool virXMLNodeNameEqual(xmlNodePtr node, const char *name);

/* Makes an XPath context for @doc positioned on @node. */
xmlXPathContextPtr virXMLXPathContextNew(xmlDocPtr doc, xmlNodePtr node);
