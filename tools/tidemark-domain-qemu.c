/*
 * tidemark-domain-qemu.c: qemu-monitor-command, domblklist, domxml-to-native
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * virsh's commands with virsh's options and output: the monitor command
 * is wrapped into a QMP object the way virsh wraps it, and replies are
 * printed raw, --pretty or --return-value as virsh prints them.
 */
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <tidemark/tidemark-qemu.h>

#include "tidemark-cmd.h"
#include "tidemark-domain.h"
#include "util/virjson.h"

/* ---- qemu-monitor-command ---- */

const tmCmdOptDef tmOptsQemuMonitorCommand[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "hmp",
     .type = TM_OT_BOOL,
     .help = "command is in human monitor protocol"
    },
    {.name = "pretty",
     .type = TM_OT_BOOL,
     .help = "pretty-print any qemu monitor protocol output"
    },
    {.name = "return-value",
     .type = TM_OT_BOOL,
     .help = "extract the value of the 'return' key from the returned string"
    },
    {.name = "pass-fds",
     .type = TM_OT_STRING,
     .flags = TM_OFLAG_REQ_OPT,
     .help = "pass file descriptors N,M,... along with the command"
    },
    {.name = "cmd",
     .type = TM_OT_ARGV,
     .flags = TM_OFLAG_REQ,
     .help = "command"
    },
    {.name = NULL}
};

/* The positional words from @from on (NULL: all), joined by spaces. */
static char *
join_words(const tmCmd *cmd, const tmCmdOpt *from)
{
    GString *buf = g_string_new(NULL);
    const tmCmdOpt *opt = from;

    while ((opt = tmCommandOptArgv(cmd, opt))) {
        if (buf->len)
            g_string_append_c(buf, ' ');
        g_string_append(buf, opt->data);
    }
    return g_string_free(buf, FALSE);
}

static bool
is_object(const char *text)
{
    g_autoptr(virJSONValue) v = text ? virJSONValueFromString(text, NULL) : NULL;

    return v && virJSONValueGetType(v) == VIR_JSON_TYPE_OBJECT;
}

/* virsh's wrapping: a whole JSON object passes through; otherwise the
 * first word is the command and the rest its arguments, either one JSON
 * object or "key":value pieces put in braces. */
static char *
wrap_qmp(tmControl *ctl, const tmCmd *cmd)
{
    g_autofree char *full = join_words(cmd, NULL);
    const tmCmdOpt *first;
    g_autofree char *args = NULL;
    g_autoptr(virJSONValue) command = NULL;
    g_autoptr(virJSONValue) arguments = NULL;

    if (is_object(full))
        return g_steal_pointer(&full);

    first = tmCommandOptArgv(cmd, NULL);
    args = join_words(cmd, first);
    if (*args && is_object(args)) {
        arguments = virJSONValueFromString(args, NULL);
    } else if (*args) {
        GString *buf = g_string_new("{");
        const tmCmdOpt *opt = first;
        g_autofree char *text = NULL;

        while ((opt = tmCommandOptArgv(cmd, opt))) {
            if (buf->len > 1)
                g_string_append_c(buf, ',');
            g_string_append(buf, opt->data);
        }
        g_string_append_c(buf, '}');
        text = g_string_free(buf, FALSE);
        if (!(arguments = virJSONValueFromString(text, NULL))) {
            tmError(ctl, "failed to wrap arguments '%s' into a QMP command wrapper",
                    args);
            return NULL;
        }
    }
    command = virJSONValueNewObject();
    virJSONValueObjectAppendString(command, "execute", first->data);
    if (arguments)
        virJSONValueObjectAppend(command, "arguments", &arguments);
    return virJSONValueToString(command, false);
}

bool
tmCmdQemuMonitorCommand(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *monitor_cmd = NULL;
    g_autofree char *result = NULL;
    g_autoptr(virJSONValue) json = NULL;
    g_autofree char *text = NULL;
    bool hmp = tmCommandOptBool(cmd, "hmp");
    bool pretty = tmCommandOptBool(cmd, "pretty");
    bool returnval = tmCommandOptBool(cmd, "return-value");
    const char *fds = NULL;
    virJSONValue *shown;

    if (tmExclusiveOptions(ctl, "hmp", hmp, "pretty", pretty) ||
        tmExclusiveOptions(ctl, "hmp", hmp, "return-value", returnval))
        return false;
    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (hmp)
        monitor_cmd = join_words(cmd, NULL);
    else if (!(monitor_cmd = wrap_qmp(ctl, cmd)))
        return false;
    if (tmCommandOptStringReq(ctl, cmd, "pass-fds", &fds) < 0)
        return false;
    if (fds) {
        tmError(ctl, "%s", "passing file descriptors to QEMU is not supported");
        return false;
    }
    if (virDomainQemuMonitorCommand(dom, monitor_cmd, &result, hmp ?
                                    VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP : 0) < 0)
        return false;

    if ((returnval || pretty) && !(json = virJSONValueFromString(result, NULL)) &&
        returnval) {
        tmError(ctl, "%s", "failed to parse JSON returned by qemu");
        return false;
    }
    if (!json) {
        tmPrint(ctl, "%s\n", result);
        return true;
    }
    shown = json;
    if (returnval && !(shown = virJSONValueObjectGet(json, "return"))) {
        tmError(ctl, "%s", "'return' member missing");
        return false;
    }
    text = virJSONValueToString(shown, pretty);
    /* virsh trims the text and prints it without a final newline */
    tmPrint(ctl, "%s", g_strstrip(text));
    return true;
}

/* ---- domblklist ---- */

const tmCmdOptDef tmOptsDomblklist[] = {
    TM_OPT_DOMAIN_FULL,
    {.name = "inactive",
     .type = TM_OT_BOOL,
     .help = "get inactive rather than running configuration"
    },
    {.name = "details",
     .type = TM_OT_BOOL,
     .help = "additionally display the type and device value"
    },
    {.name = NULL}
};

static char *
xpath_string(xmlXPathContextPtr ctxt, const char *expr)
{
    xmlXPathObjectPtr obj = xmlXPathEvalExpression(BAD_CAST expr, ctxt);
    char *ret = NULL;

    if (obj && obj->type == XPATH_STRING && obj->stringval && *obj->stringval)
        ret = g_strdup((const char *)obj->stringval);
    xmlXPathFreeObject(obj);
    return ret;
}

bool
tmCmdDomblklist(tmControl *ctl, const tmCmd *cmd)
{
    g_autoptr(virDomain) dom = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(tmTable) table = NULL;
    bool details = tmCommandOptBool(cmd, "details");
    xmlDocPtr doc;
    xmlXPathContextPtr ctxt;
    xmlXPathObjectPtr disks;
    bool ok = true;

    if (!(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (!(xml = virDomainGetXMLDesc(dom, tmCommandOptBool(cmd, "inactive") ?
                                    VIR_DOMAIN_XML_INACTIVE : 0)))
        return false;
    if (!(doc = xmlReadMemory(xml, strlen(xml), "domain.xml", NULL, XML_PARSE_NONET))) {
        tmError(ctl, "%s", "failed to parse the domain XML");
        return false;
    }
    ctxt = xmlXPathNewContext(doc);
    ctxt->node = xmlDocGetRootElement(doc);
    disks = xmlXPathEvalExpression(BAD_CAST "./devices/disk", ctxt);

    table = details ? tmTableNew("Type", "Device", "Target", "Source", NULL)
                    : tmTableNew("Target", "Source", NULL);
    for (int i = 0; disks && disks->nodesetval && i < disks->nodesetval->nodeNr; i++) {
        g_autofree char *type = NULL;
        g_autofree char *device = NULL;
        g_autofree char *target = NULL;
        g_autofree char *source = NULL;

        ctxt->node = disks->nodesetval->nodeTab[i];
        type = xpath_string(ctxt, "string(./@type)");
        device = xpath_string(ctxt, "string(./@device)");
        if (details && (!type || !device)) {
            tmPrint(ctl, "unable to query block list details");
            ok = false;
            break;
        }
        if (!(target = xpath_string(ctxt, "string(./target/@dev)"))) {
            tmError(ctl, "%s", "unable to query block list");
            ok = false;
            break;
        }
        source = xpath_string(ctxt, "string(./source/@file|./source/@dev|"
                              "./source/@dir|./source/@name|./source/@volume|"
                              "./source/@path)");
        if (details)
            tmTableRowAppend(table, type, device, target, source ? source : "-", NULL);
        else
            tmTableRowAppend(table, target, source ? source : "-", NULL);
    }
    if (ok)
        tmTablePrint(ctl, table);
    xmlXPathFreeObject(disks);
    xmlXPathFreeContext(ctxt);
    xmlFreeDoc(doc);
    return ok;
}

/* ---- domxml-to-native ---- */

const tmCmdOptDef tmOptsDomxmlToNative[] = {
    {.name = "format",
     .type = TM_OT_DATA,
     .flags = TM_OFLAG_REQ,
     .help = "target config data type format"
    },
    {.name = "domain",
     .type = TM_OT_STRING,
     .flags = TM_OFLAG_REQ_OPT,
     .help = "domain name, id or uuid"
    },
    {.name = "xml",
     .type = TM_OT_STRING,
     .help = "xml data file to export from"
    },
    {.name = NULL}
};

bool
tmCmdDomxmlToNative(tmControl *ctl, const tmCmd *cmd)
{
    const char *format = NULL;
    const char *file = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *native = NULL;
    g_autoptr(virDomain) dom = NULL;
    bool has_domain = tmCommandOptBool(cmd, "domain");

    if (tmCommandOptStringReq(ctl, cmd, "format", &format) < 0 ||
        tmCommandOptStringReq(ctl, cmd, "xml", &file) < 0)
        return false;
    if (tmExclusiveOptions(ctl, "domain", has_domain, "xml", file != NULL))
        return false;
    if (has_domain && !(dom = tmCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (dom) {
        xml = virDomainGetXMLDesc(dom, 0);
    } else if (file) {
        if (tmReadFile(ctl, file, &xml) < 0)
            return false;
    } else {
        tmError(ctl, "%s", "need either domain or domain XML");
        return false;
    }
    if (!xml) {
        tmError(ctl, "%s", "failed to retrieve XML");
        return false;
    }
    if (!(native = virConnectDomainXMLToNative(tmConnection(ctl), format, xml, 0)))
        return false;
    tmPrint(ctl, "%s", native);
    return true;
}
