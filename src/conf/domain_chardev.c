/*
 * domain_chardev.c: character device sources as libvirt stores them
 *
 * The reads, defaults, checks and messages are libvirt 9.0's
 * (virDomainChrSourceDefParseXML, virDomainChrSourceDefFormat,
 * virDomainChrSourceDefValidate and the parsers of the devices that
 * embed a source); each device kind is handled in libvirt's order so
 * that the first error reported is libvirt's.
 */
#include "internal.h"
#include "conf/domain_chardev.h"
#include "util/virxml.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* libvirt's virDomainChrType */
static const char *const chr_types[] = {
    "null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp", "tcp", "unix",
    "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus", NULL,
};
typedef enum {
    CHR_NULL, CHR_VC, CHR_PTY, CHR_DEV, CHR_FILE, CHR_PIPE, CHR_STDIO, CHR_UDP,
    CHR_TCP, CHR_UNIX, CHR_SPICEVMC, CHR_SPICEPORT, CHR_NMDM, CHR_QEMU_VDAGENT,
    CHR_DBUS,
} chr_type;

static const char *const source_modes[] = { "connect", "bind", NULL };
static const char *const tcp_protocols[] = { "raw", "telnet", "telnets", "tls", NULL };
static const char *const mouse_modes[] = { "default", "server", "client", NULL };
static const char *const smartcard_modes[] = {
    "host", "host-certificates", "passthrough", NULL,
};
static const char *const redirdev_buses[] = { "usb", NULL };

/* What libvirt keeps of a source (virDomainChrSourceDef). */
typedef struct {
    chr_type type;
    char *path;                 /* file, pty, dev, pipe, unix */
    int append;                 /* file: virTristateSwitch */
    bool listen;                /* tcp, unix: mode='bind' */
    char *host;                 /* tcp */
    char *service;              /* tcp */
    int tls;                    /* tcp: virTristateBool */
    int protocol;               /* tcp: index in tcp_protocols */
    int reconnect;              /* tcp, unix: virTristateBool */
    unsigned int timeout;
    char *connect_host;         /* udp */
    char *connect_service;
    char *bind_host;
    char *bind_service;
    char *channel;              /* spiceport, dbus */
    char *master;               /* nmdm */
    char *slave;
    int clipboard;              /* qemu-vdagent: virTristateBool */
    int mouse;                  /* qemu-vdagent: index in mouse_modes */
    char *logfile;
    int logappend;              /* virTristateSwitch */
    GPtrArray *seclabels;       /* <seclabel> of the source, kept as given */
} chr_source;

static void
chr_source_clear(chr_source *src)
{
    g_free(src->path);
    g_free(src->host);
    g_free(src->service);
    g_free(src->connect_host);
    g_free(src->connect_service);
    g_free(src->bind_host);
    g_free(src->bind_service);
    g_free(src->channel);
    g_free(src->master);
    g_free(src->slave);
    g_free(src->logfile);
    if (src->seclabels)
        g_ptr_array_unref(src->seclabels);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(chr_source, chr_source_clear);

static bool
is_element(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && !node->ns &&
        (!name || virXMLNodeNameEqual(node, name));
}

static int
type_index(const char *const *names, const char *value)
{
    for (int i = 0; value && names[i]; i++) {
        if (STREQ(names[i], value))
            return i;
    }
    return -1;
}

/* The element children of @parent called @name, in document order. */
static GPtrArray *
children_named(xmlNodePtr parent, const char *name)
{
    GPtrArray *list = g_ptr_array_new();

    for (xmlNodePtr cur = parent->children; cur; cur = cur->next) {
        if (is_element(cur, name))
            g_ptr_array_add(list, cur);
    }
    return list;
}

/* ---- parsing ---- */

static int
parse_reconnect(chr_source *src, xmlNodePtr source)
{
    xmlNodePtr node = virXMLChildElement(source, "reconnect");

    if (!node)
        return 0;
    if (virXMLPropTristateBool(node, "enabled", VIR_XML_PROP_NONE, &src->reconnect) < 0)
        return -1;
    if (src->reconnect == VIR_TRISTATE_BOOL_YES &&
        virXMLPropUInt(node, "timeout", VIR_XML_PROP_REQUIRED, &src->timeout) < 0)
        return -1;
    return 0;
}

static int
parse_mode(xmlNodePtr source, bool *listen)
{
    int mode;

    if (virXMLPropEnum(source, "mode", source_modes, VIR_XML_PROP_NONE, &mode, 0) < 0)
        return -1;
    *listen = mode == 1;
    return 0;
}

/* One <source> of a UDP device: the first connect and the first bind
 * source are kept. */
static int
parse_udp(chr_source *src, xmlNodePtr source)
{
    bool bind;

    if (parse_mode(source, &bind) < 0)
        return -1;
    if (!bind && !src->connect_host && !src->connect_service) {
        src->connect_host = virXMLPropString(source, "host");
        src->connect_service = virXMLPropString(source, "service");
    } else if (bind && !src->bind_host && !src->bind_service) {
        src->bind_host = virXMLPropString(source, "host");
        src->bind_service = virXMLPropString(source, "service");
    }
    return 0;
}

static int
parse_vdagent(chr_source *src, xmlNodePtr source)
{
    xmlNodePtr node;

    if ((node = virXMLChildElement(source, "clipboard")) &&
        virXMLPropTristateBool(node, "copypaste", VIR_XML_PROP_REQUIRED,
                               &src->clipboard) < 0)
        return -1;
    if ((node = virXMLChildElement(source, "mouse")) &&
        virXMLPropEnum(node, "mode", mouse_modes,
                       VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &src->mouse, 0) < 0)
        return -1;
    return 0;
}

/* The first <source>, by type. */
static int
parse_first_source(chr_source *src, xmlNodePtr source, bool live)
{
    switch (src->type) {
    case CHR_FILE:
        src->path = virXMLPropString(source, "path");
        return virXMLPropTristateSwitch(source, "append", VIR_XML_PROP_NONE,
                                        &src->append) < 0 ? -1 : 0;
    case CHR_PTY:
        /* a pty's path is allocated at start: persistent XML drops it */
        if (live)
            src->path = virXMLPropString(source, "path");
        return 0;
    case CHR_DEV:
    case CHR_PIPE:
        src->path = virXMLPropString(source, "path");
        return 0;
    case CHR_UNIX:
        if (parse_mode(source, &src->listen) < 0)
            return -1;
        src->path = virXMLPropString(source, "path");
        return parse_reconnect(src, source);
    case CHR_UDP:
        return parse_udp(src, source);
    case CHR_TCP:
        if (parse_mode(source, &src->listen) < 0)
            return -1;
        src->host = virXMLPropString(source, "host");
        src->service = virXMLPropString(source, "service");
        if (virXMLPropTristateBool(source, "tls", VIR_XML_PROP_NONE, &src->tls) < 0)
            return -1;
        return parse_reconnect(src, source);
    case CHR_SPICEPORT:
    case CHR_DBUS:
        src->channel = virXMLPropString(source, "channel");
        return 0;
    case CHR_NMDM:
        src->master = virXMLPropString(source, "master");
        src->slave = virXMLPropString(source, "slave");
        return 0;
    case CHR_QEMU_VDAGENT:
        return parse_vdagent(src, source);
    case CHR_NULL:
    case CHR_VC:
    case CHR_STDIO:
    case CHR_SPICEVMC:
        break;
    }
    return 0;
}

/* libvirt's virDomainChrSourceDefParseXML on the children of @elem.
 * @chr_device: a serial/parallel/console/channel, whose first source
 * may carry <seclabel>s. */
static int
parse_source(chr_source *src, xmlNodePtr elem, bool chr_device, bool live)
{
    g_autoptr(GPtrArray) sources = children_named(elem, "source");
    g_autoptr(GPtrArray) logs = children_named(elem, "log");
    g_autoptr(GPtrArray) protocols = children_named(elem, "protocol");

    if (sources->len > 1 && src->type != CHR_UDP) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "only one source element is allowed for character device");
        return -1;
    }
    if (sources->len > 2) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "only two source elements are allowed for character device");
        return -1;
    }
    if (sources->len > 0) {
        xmlNodePtr first = sources->pdata[0];

        if (parse_first_source(src, first, live) < 0)
            return -1;
        if (sources->len == 2 && parse_udp(src, sources->pdata[1]) < 0)
            return -1;
        if (chr_device) {
            src->seclabels = g_ptr_array_new_with_free_func((GDestroyNotify)xmlFreeNode);
            for (xmlNodePtr cur = first->children; cur; cur = cur->next) {
                if (is_element(cur, "seclabel"))
                    g_ptr_array_add(src->seclabels, xmlDocCopyNode(cur, cur->doc, 1));
            }
        }
    }

    if (logs->len > 1) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "only one log element is allowed for character device");
        return -1;
    }
    if (logs->len == 1) {
        src->logfile = virXMLPropString(logs->pdata[0], "file");
        if (virXMLPropTristateSwitch(logs->pdata[0], "append", VIR_XML_PROP_NONE,
                                     &src->logappend) < 0)
            return -1;
    }

    if (protocols->len > 1) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "only one protocol element is allowed for character device");
        return -1;
    }
    if (protocols->len == 1 && src->type == CHR_TCP) {
        g_autofree char *name = virXMLPropString(protocols->pdata[0], "type");

        if (name && (src->protocol = type_index(tcp_protocols, name)) < 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown protocol '%s'", name);
            return -1;
        }
    }
    return 0;
}

/* ---- rebuilding ---- */

static xmlNodePtr
new_element(xmlNodePtr parent, const char *name)
{
    return xmlNewDocNode(parent->doc, NULL, BAD_CAST name, NULL);
}

static void
add_prop(xmlNodePtr node, const char *name, const char *value)
{
    if (value)
        xmlNewProp(node, BAD_CAST name, BAD_CAST value);
}

static void
add_reconnect(xmlNodePtr source, const chr_source *src)
{
    xmlNodePtr node;

    if (src->reconnect == VIR_TRISTATE_BOOL_ABSENT)
        return;
    node = xmlNewChild(source, NULL, BAD_CAST "reconnect", NULL);
    add_prop(node, "enabled", virTristateBoolNames[src->reconnect]);
    if (src->reconnect == VIR_TRISTATE_BOOL_YES) {
        g_autofree char *timeout = g_strdup_printf("%u", src->timeout);

        add_prop(node, "timeout", timeout);
    }
}

static void
add_seclabels(xmlNodePtr source, chr_source *src)
{
    if (!src->seclabels)
        return;
    for (guint i = 0; i < src->seclabels->len; i++)
        xmlAddChild(source, src->seclabels->pdata[i]);
    /* now owned by @source */
    g_ptr_array_set_free_func(src->seclabels, NULL);
}

/* Appends to @out the elements libvirt prints for @src
 * (virDomainChrSourceDefFormat), in its order. */
static void
build_source(GPtrArray *out, xmlNodePtr parent, chr_source *src)
{
    xmlNodePtr node;

    switch (src->type) {
    case CHR_QEMU_VDAGENT:
        if (src->mouse == 0 && src->clipboard == VIR_TRISTATE_BOOL_ABSENT)
            break;
        node = new_element(parent, "source");
        if (src->clipboard != VIR_TRISTATE_BOOL_ABSENT)
            add_prop(xmlNewChild(node, NULL, BAD_CAST "clipboard", NULL), "copypaste",
                     virTristateBoolNames[src->clipboard]);
        if (src->mouse != 0)
            add_prop(xmlNewChild(node, NULL, BAD_CAST "mouse", NULL), "mode",
                     mouse_modes[src->mouse]);
        g_ptr_array_add(out, node);
        break;
    case CHR_PTY:
    case CHR_DEV:
    case CHR_FILE:
    case CHR_PIPE:
        if (src->type == CHR_PTY && !src->path)
            break;
        node = new_element(parent, "source");
        add_prop(node, "path", src->path);
        if (src->type == CHR_FILE && src->append != VIR_TRISTATE_SWITCH_ABSENT)
            add_prop(node, "append", virTristateSwitchNames[src->append]);
        add_seclabels(node, src);
        /* an element with neither attribute nor child is not printed */
        if (node->properties || node->children)
            g_ptr_array_add(out, node);
        else
            xmlFreeNode(node);
        break;
    case CHR_NMDM:
        if (!src->master && !src->slave)
            break;
        node = new_element(parent, "source");
        add_prop(node, "master", src->master);
        add_prop(node, "slave", src->slave);
        g_ptr_array_add(out, node);
        break;
    case CHR_UDP:
        if (src->bind_service || src->bind_host) {
            node = new_element(parent, "source");
            add_prop(node, "mode", "bind");
            add_prop(node, "host", src->bind_host);
            add_prop(node, "service", src->bind_service);
            g_ptr_array_add(out, node);
        }
        if (src->connect_service || src->connect_host) {
            node = new_element(parent, "source");
            add_prop(node, "mode", "connect");
            add_prop(node, "host", src->connect_host);
            add_prop(node, "service", src->connect_service);
            g_ptr_array_add(out, node);
        }
        break;
    case CHR_TCP:
        node = new_element(parent, "source");
        add_prop(node, "mode", source_modes[src->listen]);
        add_prop(node, "host", src->host);
        add_prop(node, "service", src->service);
        if (src->tls != VIR_TRISTATE_BOOL_ABSENT)
            add_prop(node, "tls", virTristateBoolNames[src->tls]);
        add_reconnect(node, src);
        g_ptr_array_add(out, node);
        node = new_element(parent, "protocol");
        add_prop(node, "type", tcp_protocols[src->protocol]);
        g_ptr_array_add(out, node);
        break;
    case CHR_UNIX:
        if (!src->path)
            break;
        node = new_element(parent, "source");
        add_prop(node, "mode", source_modes[src->listen]);
        add_prop(node, "path", src->path);
        add_seclabels(node, src);
        add_reconnect(node, src);
        g_ptr_array_add(out, node);
        break;
    case CHR_SPICEPORT:
    case CHR_DBUS:
        if (!src->channel)
            break;
        node = new_element(parent, "source");
        add_prop(node, "channel", src->channel);
        g_ptr_array_add(out, node);
        break;
    case CHR_NULL:
    case CHR_VC:
    case CHR_STDIO:
    case CHR_SPICEVMC:
        break;
    }

    if (src->logfile) {
        node = new_element(parent, "log");
        add_prop(node, "file", src->logfile);
        if (src->logappend != VIR_TRISTATE_SWITCH_ABSENT)
            add_prop(node, "append", virTristateSwitchNames[src->logappend]);
        g_ptr_array_add(out, node);
    }
}

/* Replaces the <source>, <log> and <protocol> children of @elem by
 * libvirt's form of @src, first among the children as libvirt prints
 * them. */
static void
replace_source(xmlNodePtr elem, chr_source *src)
{
    g_autoptr(GPtrArray) built = g_ptr_array_new();
    xmlNodePtr first = NULL;
    xmlNodePtr next;

    for (xmlNodePtr cur = elem->children; cur; cur = next) {
        next = cur->next;
        if (is_element(cur, "source") || is_element(cur, "log") ||
            is_element(cur, "protocol")) {
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        }
    }
    for (xmlNodePtr cur = elem->children; cur && !first; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            first = cur;
    }
    build_source(built, elem, src);
    for (guint i = 0; i < built->len; i++) {
        if (first)
            xmlAddPrevSibling(first, built->pdata[i]);
        else
            xmlAddChild(elem, built->pdata[i]);
    }
}

/* Makes @name the first attribute of @elem with @value, as libvirt
 * prints it. */
static void
set_first_prop(xmlNodePtr elem, const char *name, const char *value)
{
    xmlAttrPtr attr;

    xmlUnsetNsProp(elem, NULL, BAD_CAST name);
    attr = xmlNewProp(elem, BAD_CAST name, BAD_CAST value);
    if (attr == elem->properties)
        return;
    /* move it from the end of the list to its head */
    if (attr->prev)
        attr->prev->next = attr->next;
    if (attr->next)
        attr->next->prev = attr->prev;
    attr->prev = NULL;
    attr->next = elem->properties;
    elem->properties->prev = attr;
    elem->properties = attr;
}

/* Places @name right after the attribute @after (the first when NULL). */
static void
set_prop_after(xmlNodePtr elem, const char *after, const char *name, const char *value)
{
    xmlAttrPtr anchor = after ? xmlHasNsProp(elem, BAD_CAST after, NULL) : NULL;
    xmlAttrPtr attr;

    if (!anchor) {
        set_first_prop(elem, name, value);
        return;
    }
    xmlUnsetNsProp(elem, NULL, BAD_CAST name);
    attr = xmlNewProp(elem, BAD_CAST name, BAD_CAST value);
    if (anchor->next == attr)
        return;
    if (attr->prev)
        attr->prev->next = attr->next;
    if (attr->next)
        attr->next->prev = attr->prev;
    attr->prev = anchor;
    attr->next = anchor->next;
    if (anchor->next)
        anchor->next->prev = attr;
    anchor->next = attr;
}

/* ---- the devices ---- */

/* Which device a type= belongs to: libvirt words its errors per device. */
typedef enum {
    HOLDER_CHR,        /* serial, parallel, console, channel: default pty */
    HOLDER_SMARTCARD,
    HOLDER_REDIRDEV,
    HOLDER_EGD,
} holder_kind;

/* The type= of @elem as an index in chr_types. */
static int
parse_type(xmlNodePtr elem, holder_kind kind, chr_type *type)
{
    g_autofree char *name = virXMLPropString(elem, "type");
    int idx;

    if (!name) {
        switch (kind) {
        case HOLDER_CHR:
            *type = CHR_PTY;
            return 0;
        case HOLDER_SMARTCARD:
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           "passthrough mode requires a character device type attribute");
            return -1;
        case HOLDER_REDIRDEV:
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "missing type in redirdev");
            return -1;
        case HOLDER_EGD:
            virReportError(VIR_ERR_XML_ERROR, "%s", "missing EGD backend type");
            return -1;
        }
    }
    if ((idx = type_index(chr_types, name)) >= 0) {
        *type = idx;
        return 0;
    }
    switch (kind) {
    case HOLDER_CHR:
    case HOLDER_SMARTCARD:
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown type presented to host for character device: %s", name);
        break;
    case HOLDER_REDIRDEV:
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown redirdev character device type '%s'", name);
        break;
    case HOLDER_EGD:
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown backend type '%s' for egd", name);
        break;
    }
    return -1;
}

/* <serial>, <parallel>, <console>, <channel> */
static int
parse_chr_device(xmlNodePtr elem, bool live)
{
    g_auto(chr_source) src = { 0 };

    if (parse_type(elem, HOLDER_CHR, &src.type) < 0 ||
        parse_source(&src, elem, true, live) < 0)
        return -1;
    set_first_prop(elem, "type", chr_types[src.type]);
    replace_source(elem, &src);
    return 0;
}

static int
parse_smartcard(xmlNodePtr elem, bool live)
{
    g_auto(chr_source) src = { 0 };
    int mode;

    if (virXMLPropEnum(elem, "mode", smartcard_modes, VIR_XML_PROP_REQUIRED, &mode, 0) < 0)
        return -1;
    if (mode != 2)
        return 0;
    if (parse_type(elem, HOLDER_SMARTCARD, &src.type) < 0 ||
        parse_source(&src, elem, false, live) < 0)
        return -1;
    replace_source(elem, &src);
    return 0;
}

static int
parse_redirdev(xmlNodePtr elem, bool live)
{
    g_auto(chr_source) src = { 0 };
    g_autofree char *bus = virXMLPropString(elem, "bus");

    if (bus && type_index(redirdev_buses, bus) < 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown redirdev bus '%s'", bus);
        return -1;
    }
    if (parse_type(elem, HOLDER_REDIRDEV, &src.type) < 0 ||
        parse_source(&src, elem, false, live) < 0)
        return -1;
    /* QEMU's default channel name for USB redirection over D-Bus */
    if (src.type == CHR_DBUS && !src.channel)
        src.channel = g_strdup("org.qemu.usbredir");
    set_first_prop(elem, "bus", bus ? bus : "usb");
    set_prop_after(elem, "bus", "type", chr_types[src.type]);
    replace_source(elem, &src);
    return 0;
}

/* <rng><backend model='egd' type=...> */
static int
parse_rng(xmlNodePtr elem, bool live)
{
    for (xmlNodePtr backend = elem->children; backend; backend = backend->next) {
        g_auto(chr_source) src = { 0 };
        g_autofree char *model = NULL;

        if (!is_element(backend, "backend"))
            continue;
        model = virXMLPropString(backend, "model");
        if (!model || STRNEQ(model, "egd"))
            continue;
        if (parse_type(backend, HOLDER_EGD, &src.type) < 0 ||
            parse_source(&src, backend, false, live) < 0)
            return -1;
        replace_source(backend, &src);
    }
    return 0;
}

static const struct {
    const char *name;
    int (*parse)(xmlNodePtr elem, bool live);
} parse_order[] = {
    /* the order libvirt parses the device kinds in */
    { "smartcard", parse_smartcard },
    { "parallel", parse_chr_device },
    { "serial", parse_chr_device },
    { "console", parse_chr_device },
    { "channel", parse_chr_device },
    { "rng", parse_rng },
    { "redirdev", parse_redirdev },
};

int
virDomainChardevsParse(xmlNodePtr devices, bool live)
{
    for (size_t i = 0; i < G_N_ELEMENTS(parse_order); i++) {
        for (xmlNodePtr cur = devices->children; cur; cur = cur->next) {
            if (is_element(cur, parse_order[i].name) &&
                parse_order[i].parse(cur, live) < 0)
                return -1;
        }
    }
    return 0;
}

static bool
target_type_is(xmlNodePtr elem, const char *type)
{
    xmlNodePtr target = virXMLChildElement(elem, "target");
    g_autofree char *value = target ? virXMLPropString(target, "type") : NULL;

    return STREQ_NULLABLE(value, type);
}

/* ---- validation ---- */

static int
report_missing(const char *what)
{
    virReportError(VIR_ERR_INTERNAL_ERROR, "Missing source %s attribute for char device",
                   what);
    return -1;
}

static int
validate_channel_name(const char *name)
{
    static const char allowed[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.";

    if (!name) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "Missing source channel attribute for char device");
        return -1;
    }
    if (strspn(name, allowed) < strlen(name)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "Invalid character in source channel for char device");
        return -1;
    }
    return 0;
}

/* The rebuilt <source> of @elem with mode @mode (NULL: the first). */
static xmlNodePtr
find_source(xmlNodePtr elem, const char *mode)
{
    for (xmlNodePtr cur = elem->children; cur; cur = cur->next) {
        g_autofree char *value = NULL;

        if (!is_element(cur, "source"))
            continue;
        if (!mode)
            return cur;
        value = virXMLPropString(cur, "mode");
        if (STREQ_NULLABLE(value, mode))
            return cur;
    }
    return NULL;
}

static bool
has_prop(xmlNodePtr node, const char *name)
{
    return node && xmlHasNsProp(node, BAD_CAST name, NULL);
}

/* Reconnecting is for clients: a listening source may not ask for it
 * (enabled='no' included, as in libvirt). */
static int
check_reconnect(xmlNodePtr source)
{
    g_autofree char *mode = source ? virXMLPropString(source, "mode") : NULL;

    if (STREQ_NULLABLE(mode, "bind") && virXMLChildElement(source, "reconnect")) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "chardev reconnect is possible only for connect mode");
        return -1;
    }
    return 0;
}

/* libvirt's virDomainChrSourceDefValidate on the rebuilt children of
 * @elem, whose type= is @typename. @virtio_channel: a virtio or Xen
 * channel, whose unix path libvirt can generate. */
static int
validate_source(xmlNodePtr elem, const char *typename, bool virtio_channel)
{
    int type = type_index(chr_types, typename);
    xmlNodePtr source = find_source(elem, NULL);

    switch (type) {
    case CHR_FILE:
    case CHR_DEV:
    case CHR_PIPE:
        if (!has_prop(source, "path"))
            return report_missing("path");
        break;
    case CHR_NMDM:
        if (has_prop(source, "master") != has_prop(source, "slave")) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "Should define both master and slave path attributes "
                           "for nmdm device");
            return -1;
        }
        break;
    case CHR_TCP:
        if (!has_prop(source, "host"))
            return report_missing("host");
        if (!has_prop(source, "service"))
            return report_missing("service");
        return check_reconnect(source);
    case CHR_UDP:
        if (!has_prop(find_source(elem, "connect"), "service"))
            return report_missing("service");
        break;
    case CHR_UNIX:
        if (!source && !virtio_channel)
            return report_missing("path");
        return check_reconnect(source);
    case CHR_SPICEPORT:
    case CHR_DBUS: {
        g_autofree char *channel = source ? virXMLPropString(source, "channel") : NULL;

        return validate_channel_name(channel);
    }
    default:
        break;
    }
    return 0;
}

static int
validate_chr_device(xmlNodePtr elem)
{
    g_autofree char *type = virXMLPropString(elem, "type");
    bool virtio_channel = virXMLNodeNameEqual(elem, "channel") &&
        (target_type_is(elem, "virtio") || target_type_is(elem, "xen"));

    return validate_source(elem, type, virtio_channel);
}

static int
validate_smartcard(xmlNodePtr elem)
{
    xmlNodePtr addr = virXMLChildElement(elem, "address");
    g_autofree char *addr_type = addr ? virXMLPropString(addr, "type") : NULL;
    g_autofree char *mode = virXMLPropString(elem, "mode");
    g_autofree char *type = NULL;

    if (addr && !STREQ_NULLABLE(addr_type, "ccid")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "Controllers must use the 'ccid' address type");
        return -1;
    }
    if (!STREQ_NULLABLE(mode, "passthrough"))
        return 0;
    type = virXMLPropString(elem, "type");
    return validate_source(elem, type, false);
}

static int
validate_rng(xmlNodePtr elem)
{
    for (xmlNodePtr backend = elem->children; backend; backend = backend->next) {
        g_autofree char *model = NULL;
        g_autofree char *type = NULL;

        if (!is_element(backend, "backend"))
            continue;
        model = virXMLPropString(backend, "model");
        if (!model || STRNEQ(model, "egd"))
            continue;
        type = virXMLPropString(backend, "type");
        if (validate_source(backend, type, false) < 0)
            return -1;
    }
    return 0;
}

/* libvirt's virDomainDefHasUSB: a USB controller other than model
 * 'none'. */
static bool
has_usb(xmlNodePtr devices)
{
    for (xmlNodePtr cur = devices->children; cur; cur = cur->next) {
        g_autofree char *type = NULL;
        g_autofree char *model = NULL;

        if (!is_element(cur, "controller"))
            continue;
        type = virXMLPropString(cur, "type");
        model = virXMLPropString(cur, "model");
        if (STREQ_NULLABLE(type, "usb") && !STREQ_NULLABLE(model, "none"))
            return true;
    }
    return false;
}

static int
validate_redirdev(xmlNodePtr elem)
{
    g_autofree char *type = virXMLPropString(elem, "type");
    g_autofree char *bus = virXMLPropString(elem, "bus");

    if (STREQ_NULLABLE(bus, "usb") && !has_usb(elem->parent)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "cannot add redirected USB device: USB is disabled for this domain");
        return -1;
    }
    return validate_source(elem, type, false);
}

static const struct {
    const char *name;
    int (*validate)(xmlNodePtr elem);
} validate_order[] = {
    /* the order libvirt's device iterator visits the device kinds in */
    { "smartcard", validate_smartcard },
    { "serial", validate_chr_device },
    { "parallel", validate_chr_device },
    { "channel", validate_chr_device },
    { "console", validate_chr_device },
    { "rng", validate_rng },
    { "redirdev", validate_redirdev },
};

int
virDomainChardevsValidate(xmlNodePtr devices)
{
    for (size_t i = 0; i < G_N_ELEMENTS(validate_order); i++) {
        for (xmlNodePtr cur = devices->children; cur; cur = cur->next) {
            if (is_element(cur, validate_order[i].name) &&
                validate_order[i].validate(cur) < 0)
                return -1;
        }
    }
    return 0;
}
