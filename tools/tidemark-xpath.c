/*
 * tidemark-xpath.c: reading the XML the library returns
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The list and info commands pick single values (creationTime, parent,
 * state) out of checkpoint and snapshot XML, and the dumpxml commands
 * filter their output with --xpath.  All of it is plain libxml2 with
 * XPath evaluated relative to the root element, as virsh does.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "tidemark-cmd.h"

struct _tmXML {
    xmlDocPtr doc;
    xmlXPathContextPtr ctxt;
};

/**
 * tmXMLFree:
 * Frees a document from tmXMLParse.
 */
void
tmXMLFree(tmXML *xml)
{
    if (!xml)
        return;
    xmlXPathFreeContext(xml->ctxt);
    xmlFreeDoc(xml->doc);
    g_free(xml);
}

/**
 * tmXMLParse:
 * Parses @text, dropping blank text nodes so that nodes print back
 * re-indented.  @url names the document in messages.  Returns the
 * document, or NULL with an error saved.
 */
tmXML *
tmXMLParse(tmControl *ctl, const char *text, const char *url)
{
    g_autoptr(tmXML) xml = g_new0(tmXML, 1);

    xml->doc = xmlReadMemory(text, strlen(text), url, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOWARNING |
                             XML_PARSE_NOBLANKS);
    if (!xml->doc || !xmlDocGetRootElement(xml->doc)) {
        tmSaveError(ctl, VIR_ERR_XML_ERROR,
                    "XML error: failed to parse xml document '%s'", url);
        return NULL;
    }
    xml->ctxt = xmlXPathNewContext(xml->doc);
    xml->ctxt->node = xmlDocGetRootElement(xml->doc);
    return g_steal_pointer(&xml);
}

/**
 * tmXMLString:
 * Evaluates @xpath (normally "string(...)").  Returns a new string, or
 * NULL when the result is empty or not a string.
 */
char *
tmXMLString(tmXML *xml, const char *xpath)
{
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath, xml->ctxt);
    char *ret = NULL;

    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0])
        ret = g_strdup((const char *)obj->stringval);
    xmlXPathFreeObject(obj);
    return ret;
}

/**
 * tmXMLBoolean:
 * Evaluates @xpath (normally "boolean(...)").  Returns 0 or 1, or -1
 * when the result is not a boolean.
 */
int
tmXMLBoolean(tmXML *xml, const char *xpath)
{
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath, xml->ctxt);
    int ret = -1;

    if (obj && obj->type == XPATH_BOOLEAN && obj->boolval >= 0)
        ret = !!obj->boolval;
    xmlXPathFreeObject(obj);
    return ret;
}

/**
 * tmXMLLongLong:
 * Evaluates @xpath (normally "string(...)") as a decimal integer.
 * Returns 0, -1 when there is no value, -2 when it is not a number.
 */
int
tmXMLLongLong(tmXML *xml, const char *xpath, long long *value)
{
    xmlXPathObjectPtr obj = xmlXPathEval(BAD_CAST xpath, xml->ctxt);
    int ret = -1;

    if (obj && obj->type == XPATH_STRING && obj->stringval && obj->stringval[0]) {
        const char *str = (const char *)obj->stringval;
        char *end;

        errno = 0;
        *value = strtoll(str, &end, 10);
        ret = (errno || end == str || *end) ? -2 : 0;
    } else if (obj && obj->type == XPATH_NUMBER) {
        ret = isnan(obj->floatval) ? -2 : 0;
        if (ret == 0)
            *value = (long long)obj->floatval;
    }
    xmlXPathFreeObject(obj);
    return ret;
}

/* Serializes @node of @doc, formatted, as virsh prints XPath results. */
static char *
tmXMLNodeToString(xmlDocPtr doc, xmlNodePtr node)
{
    xmlBufferPtr buf = xmlBufferCreate();
    char *ret = NULL;

    if (xmlNodeDump(buf, doc, node, 0, 1) > 0 || xmlBufferLength(buf) > 0)
        ret = g_strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return ret;
}

/**
 * tmDumpXML:
 * Prints @text, or with @xpath each node it selects (with @wrap all of
 * them under one <nodes> element).  Returns false after an error; an
 * invalid expression is libxml2's own message and selects nothing.
 */
bool
tmDumpXML(tmControl *ctl, const char *text, const char *url,
          const char *xpath, bool wrap)
{
    g_autoptr(tmXML) xml = NULL;
    xmlXPathObjectPtr obj;
    xmlNodeSetPtr set;
    bool ret = false;
    int i;

    if (!xpath) {
        tmPrint(ctl, "%s", text);
        return true;
    }

    if (!(xml = tmXMLParse(ctl, text, url)))
        return false;

    /* an expression libxml2 cannot evaluate selects nothing */
    obj = xmlXPathEval(BAD_CAST xpath, xml->ctxt);
    if (obj && obj->type != XPATH_NODESET) {
        tmSaveError(ctl, VIR_ERR_INTERNAL_ERROR,
                    "internal error: Incorrect xpath '%s'", xpath);
        goto cleanup;
    }
    set = obj ? obj->nodesetval : NULL;

    if (wrap) {
        xmlDocPtr newdoc = xmlNewDoc(BAD_CAST "1.0");
        xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "nodes");
        g_autofree char *str = NULL;

        xmlDocSetRootElement(newdoc, root);
        for (i = 0; set && i < set->nodeNr; i++) {
            xmlNodePtr copy = xmlDocCopyNode(set->nodeTab[i], newdoc, 1);

            if (!xmlAddChild(root, copy)) {
                xmlFreeNode(copy);
                xmlFreeDoc(newdoc);
                goto cleanup;
            }
        }
        str = tmXMLNodeToString(xml->doc, root);
        tmPrint(ctl, "%s\n", str ? str : "(null)");
        xmlFreeDoc(newdoc);
    } else {
        for (i = 0; set && i < set->nodeNr; i++) {
            g_autofree char *str = tmXMLNodeToString(xml->doc, set->nodeTab[i]);

            tmPrint(ctl, "%s\n", str ? str : "(null)");
        }
    }
    ret = true;

 cleanup:
    xmlXPathFreeObject(obj);
    return ret;
}
