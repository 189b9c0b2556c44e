/*
 * domain_console.c: character device targets and the serial console
 *
 * Facts from libvirt's virDomainChrDefParseXML,
 * virDomainChrDefParseTargetXML, the serial/parallel/console loops of
 * virDomainDefParseXML, virDomainChrIsaSerialDefPostParse,
 * virDomainChrDefPostParse, virDomainDefAddConsoleCompat,
 * virDomainChrTargetDefFormat and the console loop of
 * virDomainDefFormatInternal.
 */
#include "internal.h"
#include "conf/domain_console.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#include <errno.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

static const char *const serial_targets[] = {
    "none", "isa-serial", "usb-serial", "pci-serial", "spapr-vio-serial",
    "system-serial", "sclp-serial", "isa-debug", NULL,
};
static const char *const channel_targets[] = { "none", "guestfwd", "virtio", "xen", NULL };
static const char *const console_targets[] = {
    "none", "serial", "xen", "uml", "virtio", "lxc", "openvz", "sclp", "sclplm", NULL,
};
static const char *const serial_models[] = {
    "none", "isa-serial", "usb-serial", "pci-serial", "spapr-vty", "pl011",
    "sclpconsole", "sclplmconsole", "16550a", "isa-debugcon", NULL,
};

/* the serial target types that get a console (the others are devices
 * of their own: USB, PCI, ISA debug) */
static const char *const console_serials[] = {
    "isa-serial", "spapr-vio-serial", "system-serial", "sclp-serial", NULL,
};

static const char *const chr_children[] = {
    "source", "protocol", "log", "target", "alias", "address", NULL,
};
static const char *const target_attrs[] = {
    "type", "address", "port", "name", "state", NULL,
};

#define MAX_ISA_SERIAL_PORTS 4

static bool
in_list(const char *const *list, const char *value)
{
    return value && g_strv_contains(list, value);
}

/* virStrToLong_ui stored in an int: "-1" (UINT_MAX) means "not given",
 * like no port at all. */
static int
parse_port(const char *text, int *port)
{
    char *end = NULL;
    long long value;

    errno = 0;
    value = strtoll(text, &end, 10);
    if (end == text || *end || errno || value > G_MAXUINT || value < -(long long)G_MAXUINT)
        return -1;
    *port = (int)(unsigned int)value;
    return 0;
}

/* The port of a target element, -1 when it has none. */
static int
target_port(xmlNodePtr chr)
{
    xmlNodePtr target = virXMLChildElement(chr, "target");
    g_autofree char *text = target ? virXMLPropString(target, "port") : NULL;
    int port = -1;

    if (text && parse_port(text, &port) < 0)
        port = -1;
    return port;
}

static char *
target_type(xmlNodePtr chr)
{
    xmlNodePtr target = virXMLChildElement(chr, "target");

    return target ? virXMLPropString(target, "type") : NULL;
}

static xmlNodePtr
target_element(xmlNodePtr chr)
{
    xmlNodePtr target = virXMLChildElement(chr, "target");

    if (!target)
        target = virDomainXMLAddChild(chr, "target", chr_children);
    return target;
}

static void
set_port(xmlNodePtr chr, int port)
{
    xmlNodePtr target = target_element(chr);

    virDomainXMLSetPropf(target, "port", "%d", port);
    virDomainXMLOrderProps(target, target_attrs);
}

/* virDomainChrDefParseTargetXML for one device; @port is set to the
 * port given, or -1. */
static int
target_parse(xmlNodePtr chr, unsigned int flags, int *port)
{
    const char *kind = (const char *)chr->name;
    xmlNodePtr target = virXMLChildElement(chr, "target");
    g_autofree char *type = target ? virXMLPropString(target, "type") : NULL;
    g_autofree char *port_s = target ? virXMLPropString(target, "port") : NULL;
    xmlNodePtr model = target ? virXMLChildElement(target, "model") : NULL;
    g_autofree char *model_name = model ? virXMLPropString(model, "name") : NULL;
    const char *const *types = NULL;

    *port = -1;
    if (STREQ(kind, "serial"))
        types = serial_targets;
    else if (STREQ(kind, "channel"))
        types = channel_targets;
    else if (STREQ(kind, "console"))
        types = console_targets;
    if (STREQ(kind, "channel") && !type) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "target type must be specified for channel device");
        return -1;
    }
    if (types && type && !in_list(types, type)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown target type '%s' specified for character device", type);
        return -1;
    }
    if (STREQ(kind, "serial") && model_name && *model_name &&
        !in_list(serial_models, model_name)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown target model '%s' specified for character device",
                       model_name);
        return -1;
    }

    if (STREQ(kind, "channel")) {
        if (STREQ(type, "guestfwd")) {
            unsigned int p;

            if (!xmlHasNsProp(target, BAD_CAST "address", NULL)) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               "guestfwd channel does not define a target address");
                return -1;
            }
            if (virXMLPropUInt(target, "port", VIR_XML_PROP_REQUIRED, &p) < 0)
                return -1;
        } else if (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE) {
            /* the state of a guest agent channel is live state */
            virDomainXMLSetProp(target, "state", NULL);
        }
    } else if (port_s && parse_port(port_s, port) < 0) {
        virReportError(VIR_ERR_XML_ERROR, "Invalid port number: %s", port_s);
        return -1;
    }
    /* a serial target without a type prints none */
    if (STREQ(kind, "serial") && STREQ_NULLABLE(type, "none"))
        virDomainXMLSetProp(target, "type", NULL);
    if (target)
        virDomainXMLOrderProps(target, target_attrs);
    return 0;
}

int
virDomainChrTargetParse(xmlNodePtr devices, unsigned int flags)
{
    static const char *const kinds[] = { "parallel", "serial", "console", "channel" };

    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        g_autoptr(GPtrArray) chrs = virDomainXMLChildren(devices, kinds[k]);
        int maxport = -1;

        for (guint i = 0; i < chrs->len; i++) {
            xmlNodePtr chr = chrs->pdata[i];
            int port;

            if (target_parse(chr, flags, &port) < 0)
                return -1;
            /* a pty when the host side is not given */
            if (!xmlHasNsProp(chr, BAD_CAST "type", NULL))
                virDomainXMLSetProp(chr, "type", "pty");
            virDomainXMLOrderProps(chr, (const char *const[]){ "type", NULL });
            virDomainXMLSortChildren(chr, chr_children);

            if (STREQ(kinds[k], "parallel")) {
                /* numbered after the parallel ports before it */
                if (port == -1)
                    port = maxport + 1;
                maxport = MAX(maxport, port);
                set_port(chr, port);
            } else if (STREQ(kinds[k], "console")) {
                /* a console's port is its position; the given one is ignored */
                set_port(chr, (int)i);
            } else if (STREQ(kinds[k], "serial")) {
                xmlNodePtr target = virXMLChildElement(chr, "target");

                if (target && port == -1)
                    virDomainXMLSetProp(target, "port", NULL);
                else if (target)
                    virDomainXMLSetPropf(target, "port", "%d", port);
            }
        }
    }
    return 0;
}

/* virDomainChrIsaSerialDefPostParse */
static int
isa_serial_ports(GPtrArray *serials)
{
    bool used[MAX_ISA_SERIAL_PORTS] = { false };
    size_t count = 0;

    for (guint i = 0; i < serials->len; i++) {
        g_autofree char *type = target_type(serials->pdata[i]);
        int port = target_port(serials->pdata[i]);

        if (!STREQ_NULLABLE(type, "isa-serial"))
            continue;
        if (count++ >= MAX_ISA_SERIAL_PORTS || port >= MAX_ISA_SERIAL_PORTS) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "Maximum supported number of ISA serial ports is '%d'",
                           MAX_ISA_SERIAL_PORTS);
            return -1;
        }
        if (port != -1) {
            if (used[port]) {
                virReportError(VIR_ERR_INTERNAL_ERROR, "target port '%d' already allocated", port);
                return -1;
            }
            used[port] = true;
        }
    }
    for (guint i = 0; i < serials->len; i++) {
        g_autofree char *type = target_type(serials->pdata[i]);

        if (!STREQ_NULLABLE(type, "isa-serial") || target_port(serials->pdata[i]) != -1)
            continue;
        for (int j = 0; j < MAX_ISA_SERIAL_PORTS; j++) {
            if (!used[j]) {
                set_port(serials->pdata[i], j);
                used[j] = true;
                break;
            }
        }
    }
    return 0;
}

int
virDomainChrTargetPostParse(virDomainDef *def)
{
    xmlNodePtr devices = virDomainXMLDevices(def->root, false);
    g_autoptr(GPtrArray) serials = virDomainXMLChildren(devices, "serial");
    g_autoptr(GPtrArray) consoles = virDomainXMLChildren(devices, "console");
    bool x86 = STREQ_NULLABLE(def->os_arch, "i686") || STREQ_NULLABLE(def->os_arch, "x86_64");

    if (isa_serial_ports(serials) < 0)
        return -1;
    /* virDomainChrDefPostParse, serial port by serial port */
    for (guint i = 0; i < serials->len; i++) {
        g_autofree char *type = target_type(serials->pdata[i]);
        int maxport = -1;

        if (STREQ_NULLABLE(type, "isa-debug") && !x86) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "isa-debug serial type only valid on x86 architecture");
            return -1;
        }
        if (target_port(serials->pdata[i]) != -1)
            continue;
        /* one more than the highest port of any serial port so far */
        for (guint j = 0; j < serials->len; j++)
            maxport = MAX(maxport, target_port(serials->pdata[j]));
        set_port(serials->pdata[i], maxport + 1);
    }
    for (guint i = 0; i < consoles->len; i++) {
        g_autofree char *type = target_type(consoles->pdata[i]);
        xmlNodePtr target = target_element(consoles->pdata[i]);

        if (!type || STREQ(type, "none"))
            virDomainXMLSetProp(target, "type", "serial");
        virDomainXMLOrderProps(target, target_attrs);
    }
    return 0;
}

int
virDomainConsoleAddCompat(virDomainDef *def)
{
    xmlNodePtr devices = virDomainXMLDevices(def->root, false);
    g_autoptr(GPtrArray) serials = virDomainXMLChildren(devices, "serial");
    g_autoptr(GPtrArray) consoles = virDomainXMLChildren(devices, "console");
    bool hvm = STREQ_NULLABLE(def->os_type, "hvm");
    g_autofree char *first_type = consoles->len ? target_type(consoles->pdata[0]) : NULL;
    g_autofree char *serial_type = serials->len ? target_type(serials->pdata[0]) : NULL;

    for (guint i = 1; i < consoles->len; i++) {
        g_autofree char *type = target_type(consoles->pdata[i]);

        if (STREQ_NULLABLE(type, "serial")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "Only the first console can be a serial port");
            return -1;
        }
    }
    if (hvm && consoles->len && STREQ_NULLABLE(first_type, "serial")) {
        xmlNodePtr serial;
        xmlNodePtr target;

        /* the console stands for serial port 0, which it creates if
         * there is none; its own data is then the serial port's */
        if (serials->len)
            return 0;
        serial = xmlDocCopyNode(consoles->pdata[0], devices->doc, 1);
        xmlNodeSetName(serial, BAD_CAST "serial");
        target = target_element(serial);
        virDomainXMLSetProp(target, "type", NULL);
        virDomainXMLSetProp(target, "port", "0");
        xmlAddPrevSibling(consoles->pdata[0], serial);
    } else if (hvm && serials->len &&
               (!serial_type || in_list(console_serials, serial_type))) {
        /* libvirt's compat console: a placeholder element that is printed
         * as a copy of serial port 0 (virDomainConsoleFormat) */
        xmlNodePtr console = xmlNewDocNode(devices->doc, NULL, BAD_CAST "console", NULL);
        xmlNodePtr target = xmlNewChild(console, NULL, BAD_CAST "target", NULL);

        virDomainXMLSetProp(console, "type", "pty");
        virDomainXMLSetProp(target, "type", "serial");
        virDomainXMLSetProp(target, "port", "0");
        if (consoles->len)
            xmlAddPrevSibling(consoles->pdata[0], console);
        else
            xmlAddChild(devices, console);
    }
    return 0;
}

bool
virDomainConsoleFormat(virBuffer *buf, const virDomainDef *def, xmlNodePtr node,
                       unsigned int flags)
{
    xmlNodePtr devices = node->parent;
    g_autoptr(GPtrArray) consoles = NULL;
    g_autoptr(GPtrArray) serials = NULL;
    g_autofree char *type = NULL;
    g_autofree char *port = NULL;
    xmlNodePtr serial;
    xmlNodePtr target;
    guint n;

    if (node->ns || !virXMLNodeNameEqual(node, "console") ||
        !STREQ_NULLABLE(def->os_type, "hvm"))
        return false;
    type = target_type(node);
    if (type && STRNEQ(type, "serial") && STRNEQ(type, "none"))
        return false;
    consoles = virDomainXMLChildren(devices, "console");
    serials = virDomainXMLChildren(devices, "serial");
    for (n = 0; n < consoles->len && consoles->pdata[n] != node; n++)
        ;
    if (n >= serials->len)
        return false;

    /* serial port n, printed as a console */
    serial = serials->pdata[n];
    target = virXMLChildElement(serial, "target");
    port = target ? virXMLPropString(target, "port") : g_strdup("-1");
    virBufferAddLit(buf, "<console");
    virDomainPreservedAttrsFormat(buf, serial, NULL);
    /* the live XML names a pty console's host side twice: the old
     * <console tty=...> syntax, and its <source path> */
    if (!(flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE)) {
        g_autofree char *host = virXMLPropString(serial, "type");
        xmlNodePtr source = virXMLChildElement(serial, "source");
        g_autofree char *path = source ? virXMLPropString(source, "path") : NULL;

        if (g_strcmp0(host, "pty") == 0 && path)
            virBufferEscapeString(buf, " tty='%s'", path);
    }
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    for (xmlNodePtr cur = serial->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (!cur->ns && virXMLNodeNameEqual(cur, "target"))
            virBufferEscapeString(buf, "<target type='serial' port='%s'/>\n", port);
        else
            virDomainPreservedNodeFormat(buf, cur);
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</console>\n");
    return true;
}
