/*
 * virxml.c: XML parsing, schema validation and XPath helpers
 */
#include "internal.h"
#include "util/virxml.h"

#include <errno.h>
#include <stdarg.h>
#include <libxml/relaxng.h>
#include <libxml/xpathInternals.h>

#define VIR_FROM_THIS VIR_FROM_XML

typedef struct {
    int domcode;
} parser_data;

/* libxml2 calls this for every syntax error; like libvirt we keep the
 * first fatal one, with the offending line and a caret under it. */
static void
catch_parse_error(void *ctx, const char *msg G_GNUC_UNUSED, ...)
{
    xmlParserCtxtPtr pctxt = ctx;
    parser_data *data;
    const xmlChar *cur;
    const xmlChar *base;
    const xmlChar *line_start;
    g_autoptr(GString) context = NULL;
    g_autoptr(GString) pointer = NULL;
    size_t col;

    if (!pctxt || virGetLastErrorCode() != VIR_ERR_OK || !pctxt->input ||
        pctxt->lastError.level != XML_ERR_FATAL || !pctxt->lastError.message)
        return;
    data = pctxt->_private;

    cur = pctxt->input->cur;
    base = pctxt->input->base;
    while (cur > base && (*cur == '\n' || *cur == '\r'))
        cur--;
    while (cur > base && *cur != '\n' && *cur != '\r')
        cur--;
    if (*cur == '\n' || *cur == '\r')
        cur++;
    line_start = cur;
    col = pctxt->input->cur - line_start;

    context = g_string_new(NULL);
    while (*cur && *cur != '\n' && *cur != '\r')
        g_string_append_c(context, (char)*cur++);

    pointer = g_string_new(NULL);
    for (size_t n = 0; n < col && n < context->len; n++)
        g_string_append_c(pointer, context->str[n] == '\t' ? '\t' : '-');
    g_string_append_c(pointer, '^');

    /* an empty context line prints as "(null)", as libvirt's does; an
     * error inside an entity's text has no file name */
    if (pctxt->lastError.file)
        virReportErrorHelper(data->domcode, VIR_ERR_XML_DETAIL, __FILE__,
                             __func__, __LINE__, "%s:%d: %s%s\n%s",
                             pctxt->lastError.file, pctxt->lastError.line,
                             pctxt->lastError.message,
                             context->len ? context->str : "(null)", pointer->str);
    else
        virReportErrorHelper(data->domcode, VIR_ERR_XML_DETAIL, __FILE__,
                             __func__, __LINE__, "at line %d: %s%s\n%s",
                             pctxt->lastError.line, pctxt->lastError.message,
                             context->len ? context->str : "(null)", pointer->str);
}

xmlXPathContextPtr
virXMLXPathContextNew(xmlDocPtr doc, xmlNodePtr node)
{
    xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);

    if (!ctxt)
        g_error("xmlXPathNewContext: out of memory");
    ctxt->node = node;
    return ctxt;
}

xmlDocPtr
virXMLParse(int domcode, const char *xmlstr, const char *url,
            const char *rootelement, const char *schema, bool validate,
            xmlXPathContextPtr *ctxt)
{
    parser_data data = { .domcode = domcode };
    xmlParserCtxtPtr pctxt;
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;

    pctxt = xmlNewParserCtxt();
    if (!pctxt || !pctxt->sax)
        g_error("xmlNewParserCtxt: out of memory");
    pctxt->_private = &data;
    pctxt->sax->error = catch_parse_error;

    doc = xmlCtxtReadDoc(pctxt, BAD_CAST xmlstr, url, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOWARNING |
                         XML_PARSE_NOBLANKS);
    xmlFreeParserCtxt(pctxt);

    if (!doc) {
        if (virGetLastErrorCode() == VIR_ERR_OK)
            virReportErrorHelper(domcode, VIR_ERR_XML_ERROR, __FILE__, __func__,
                                 __LINE__, "failed to parse xml document '%s'",
                                 url ? url : "[inline data]");
        return NULL;
    }

    if (!(root = xmlDocGetRootElement(doc))) {
        virReportErrorHelper(domcode, VIR_ERR_INTERNAL_ERROR, __FILE__,
                             __func__, __LINE__, "%s", "missing root element");
        return NULL;
    }

    if (rootelement && !virXMLNodeNameEqual(root, rootelement)) {
        virReportError(VIR_ERR_XML_ERROR,
                       "expecting root element of '%s', not '%s'",
                       rootelement, (const char *)root->name);
        return NULL;
    }

    if (validate && schema && virXMLValidateAgainstSchema(schema, doc) < 0)
        return NULL;

    if (ctxt)
        *ctxt = virXMLXPathContextNew(doc, root);

    return g_steal_pointer(&doc);
}

/* ---- schemas ---- */

typedef struct {
    char *path;
    xmlRelaxNGPtr rng;
} compiled_schema;

static GMutex schema_lock;
static GHashTable *schema_cache; /* file name -> compiled_schema */

char *
virXMLSchemaPath(const char *schema)
{
    const char *dir = g_getenv("TIDEMARK_SCHEMA_DIR");
    g_autofree char *installed = g_build_filename(TM_SCHEMA_INSTALL_DIR, schema, NULL);

    if (dir && *dir)
        return g_build_filename(dir, schema, NULL);
    if (g_file_test(installed, G_FILE_TEST_EXISTS))
        return g_steal_pointer(&installed);
    return g_build_filename(TM_SCHEMA_SOURCE_DIR, schema, NULL);
}

static void
collect_message(void *ctx, const char *msg, ...)
{
    GString *out = ctx;
    va_list ap;

    va_start(ap, msg);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    g_string_append_vprintf(out, msg, ap);
#pragma GCC diagnostic pop
    va_end(ap);
}

static void
ignore_message(void *ctx G_GNUC_UNUSED, const char *msg G_GNUC_UNUSED, ...)
{
}

/* Returns the compiled schema, compiling it on first use; NULL with an
 * error set if it cannot be loaded. */
static compiled_schema *
schema_get(const char *schema)
{
    compiled_schema *entry;
    xmlRelaxNGParserCtxtPtr pctxt;
    g_autoptr(GString) errors = NULL;
    g_autofree char *path = NULL;

    g_mutex_lock(&schema_lock);
    if (!schema_cache)
        schema_cache = g_hash_table_new(g_str_hash, g_str_equal);
    if ((entry = g_hash_table_lookup(schema_cache, schema)))
        goto out;

    path = virXMLSchemaPath(schema);
    errors = g_string_new(NULL);
    if (!(pctxt = xmlRelaxNGNewParserCtxt(path))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "Unable to create RNG parser for %s", path);
        goto out;
    }
    xmlRelaxNGSetParserErrors(pctxt, collect_message, ignore_message, errors);
    entry = g_new0(compiled_schema, 1);
    entry->rng = xmlRelaxNGParse(pctxt);
    xmlRelaxNGFreeParserCtxt(pctxt);
    if (!entry->rng) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "Unable to parse RNG %s: %s",
                       path, errors->str);
        g_clear_pointer(&entry, g_free);
        goto out;
    }
    entry->path = g_steal_pointer(&path);
    /* compiled schemas live for the whole process */
    g_hash_table_insert(schema_cache, g_strdup(schema), entry);

 out:
    g_mutex_unlock(&schema_lock);
    return entry;
}

int
virXMLValidateAgainstSchema(const char *schema, xmlDocPtr doc)
{
    compiled_schema *entry;
    xmlRelaxNGValidCtxtPtr vctxt;
    g_autoptr(GString) errors = NULL;
    int rc;

    if (!(entry = schema_get(schema)))
        return -1;

    if (!(vctxt = xmlRelaxNGNewValidCtxt(entry->rng)))
        g_error("xmlRelaxNGNewValidCtxt: out of memory");
    errors = g_string_new(NULL);
    xmlRelaxNGSetValidErrors(vctxt, collect_message, ignore_message, errors);
    rc = xmlRelaxNGValidateDoc(vctxt, doc);
    xmlRelaxNGFreeValidCtxt(vctxt);

    if (rc != 0) {
        virReportError(VIR_ERR_XML_INVALID_SCHEMA,
                       "Unable to validate doc against %s\n%s",
                       entry->path, errors->str);
        return -1;
    }
    return 0;
}

/* ---- XPath ---- */

char *
virXPathString(const char *xpath, xmlXPathContextPtr ctxt)
{
    g_autoptr(xmlXPathObject) obj = NULL;
    xmlNodePtr saved = ctxt->node;

    obj = xmlXPathEval(BAD_CAST xpath, ctxt);
    ctxt->node = saved;
    if (!obj || obj->type != XPATH_STRING || !obj->stringval ||
        obj->stringval[0] == '\0')
        return NULL;
    return g_strdup((const char *)obj->stringval);
}

xmlNodePtr
virXPathNode(const char *xpath, xmlXPathContextPtr ctxt)
{
    g_autoptr(xmlXPathObject) obj = NULL;
    xmlNodePtr saved = ctxt->node;

    obj = xmlXPathEval(BAD_CAST xpath, ctxt);
    ctxt->node = saved;
    if (!obj || obj->type != XPATH_NODESET || !obj->nodesetval ||
        obj->nodesetval->nodeNr <= 0)
        return NULL;
    return obj->nodesetval->nodeTab[0];
}

int
virXPathNodeSet(const char *xpath, xmlXPathContextPtr ctxt, xmlNodePtr **list)
{
    g_autoptr(xmlXPathObject) obj = NULL;
    xmlNodePtr saved = ctxt->node;
    int n;

    if (list)
        *list = NULL;
    obj = xmlXPathEval(BAD_CAST xpath, ctxt);
    ctxt->node = saved;
    if (!obj)
        return 0;
    if (obj->type != XPATH_NODESET) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "Incorrect xpath '%s'", xpath);
        return -1;
    }
    if (!obj->nodesetval || obj->nodesetval->nodeNr <= 0)
        return 0;
    n = obj->nodesetval->nodeNr;
    if (list)
        *list = g_memdup2(obj->nodesetval->nodeTab, sizeof(xmlNodePtr) * n);
    return n;
}

int
virXPathLongLong(const char *xpath, xmlXPathContextPtr ctxt, long long *value)
{
    g_autofree char *str = virXPathString(xpath, ctxt);
    char *end = NULL;

    if (!str)
        return 0;
    errno = 0;
    *value = g_ascii_strtoll(str, &end, 10);
    if (errno == ERANGE || end == str || *end)
        return -1;
    return 1;
}

xmlNodePtr
virXMLChildElement(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        /* an element in any namespace is not ours, as for libvirt's XPath */
        if (cur->type == XML_ELEMENT_NODE && !cur->ns &&
            xmlStrEqual(cur->name, BAD_CAST name))
            return cur;
    }
    return NULL;
}

char *
virXMLChildText(xmlNodePtr node, const char *name)
{
    xmlNodePtr child = virXMLChildElement(node, name);
    g_autofree char *text = NULL;

    if (!child)
        return NULL;
    text = virXMLNodeContentString(child);
    if (!*text)
        return NULL;
    return g_steal_pointer(&text);
}

char *
virXMLPropString(xmlNodePtr node, const char *name)
{
    xmlChar *val = xmlGetNoNsProp(node, BAD_CAST name);
    char *ret;

    if (!val)
        return NULL;
    ret = g_strdup((const char *)val);
    xmlFree(val);
    return ret;
}

char *
virXMLNodeContentString(xmlNodePtr node)
{
    xmlChar *val = xmlNodeGetContent(node);
    char *ret;

    if (!val)
        return g_strdup("");
    ret = g_strdup((const char *)val);
    xmlFree(val);
    return ret;
}

bool
virXMLNodeNameEqual(xmlNodePtr node, const char *name)
{
    return node && node->name && xmlStrEqual(node->name, BAD_CAST name);
}
