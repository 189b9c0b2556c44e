/*
 * domain_graphics.c: <graphics> devices as libvirt 9.0 reads and prints them
 *
 * The facts come from libvirt's virDomainGraphicsDefParseXML*,
 * virDomainDefPostParseGraphics, virDomainGraphicsDefValidate and
 * virDomainGraphicsDefFormat. After the post-parse step a graphics
 * element holds: its canonical attributes (numbers reformatted, values
 * that print nothing removed), no legacy listen=/socket= attributes,
 * and its <listen> children first, each with a valid type.
 */
#include "internal.h"
#include "conf/domain_graphics.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#include <errno.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

typedef enum {
    GRAPHICS_SDL,
    GRAPHICS_VNC,
    GRAPHICS_RDP,
    GRAPHICS_DESKTOP,
    GRAPHICS_SPICE,
    GRAPHICS_EGL_HEADLESS,
    GRAPHICS_DBUS,
} graphics_type;

static const char *const graphics_types[] = {
    "sdl", "vnc", "rdp", "desktop", "spice", "egl-headless", "dbus", NULL,
};

typedef enum {
    LISTEN_NONE,
    LISTEN_ADDRESS,
    LISTEN_NETWORK,
    LISTEN_SOCKET,
} listen_type;

static const char *const listen_types[] = {
    "none", "address", "network", "socket", NULL,
};

static const char *const connected_values[] = {
    "default", "fail", "disconnect", "keep", NULL,
};

static const char *const share_policies[] = {
    "default", "allow-exclusive", "force-shared", "ignore", NULL,
};

static const char *const spice_modes[] = { "any", "secure", "insecure", NULL };

/* The attributes libvirt knows, per type: the others are kept and
 * printed after these. */
static const char *const known_attrs[][14] = {
    [GRAPHICS_SDL] = { "type", "display", "xauth", "fullscreen", NULL },
    [GRAPHICS_VNC] = { "type", "socket", "port", "autoport", "websocket",
                       "websocketGenerated", "listen", "keymap", "sharePolicy",
                       "powerControl", "passwd", "passwdValidTo", "connected", NULL },
    [GRAPHICS_RDP] = { "type", "port", "autoport", "replaceUser", "multiUser",
                       "listen", NULL },
    [GRAPHICS_DESKTOP] = { "type", "display", "fullscreen", NULL },
    [GRAPHICS_SPICE] = { "type", "port", "tlsPort", "autoport", "listen", "socket",
                         "keymap", "defaultMode", "passwd", "passwdValidTo",
                         "connected", NULL },
    [GRAPHICS_EGL_HEADLESS] = { "type", NULL },
    [GRAPHICS_DBUS] = { "type", "p2p", "address", NULL },
};

/* Children in libvirt's order (each type has a subset of them). */
static const char *const child_order[] = {
    "listen", "channel", "image", "jpeg", "zlib", "playback", "streaming",
    "mouse", "clipboard", "filetransfer", "gl", "audio", NULL,
};

static const char *const listen_attrs[] = {
    "type", "address", "network", "socket", NULL,
};

static int
graphics_type_of(xmlNodePtr node)
{
    int type = -1;

    if (virXMLPropEnum(node, "type", graphics_types, VIR_XML_PROP_REQUIRED, &type, 0) < 0)
        return -1;
    return type;
}

/* A non-empty attribute, or NULL. */
static char *
prop_nonempty(xmlNodePtr node, const char *name)
{
    char *value = virXMLPropString(node, name);

    if (value && !*value)
        g_clear_pointer(&value, g_free);
    return value;
}

/* One <listen> element (virDomainGraphicsListenDefParseXML); @first says
 * whether the legacy attributes of <graphics> must agree with it. */
static int
listen_parse(xmlNodePtr graphics, graphics_type gtype, xmlNodePtr node,
             bool first, unsigned int flags)
{
    g_autofree char *address = virXMLPropString(node, "address");
    g_autofree char *network = prop_nonempty(node, "network");
    g_autofree char *socket = virXMLPropString(node, "socket");
    g_autofree char *address_compat = first ? virXMLPropString(graphics, "listen") : NULL;
    g_autofree char *socket_compat = first ? virXMLPropString(graphics, "socket") : NULL;
    int type;

    if (virXMLPropEnum(node, "type", listen_types, VIR_XML_PROP_REQUIRED, &type, 0) < 0)
        return -1;
    if ((type == LISTEN_SOCKET || type == LISTEN_NONE) &&
        gtype != GRAPHICS_VNC && gtype != GRAPHICS_SPICE) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "listen type '%s' is not available for graphics type '%s'",
                       listen_types[type], graphics_types[gtype]);
        return -1;
    }
    if (type == LISTEN_ADDRESS) {
        if (address && address_compat && STRNEQ(address, address_compat)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "graphics 'listen' attribute '%s' must match 'address' attribute of first listen element (found '%s')",
                           address_compat, address);
            return -1;
        }
        if (!address)
            address = g_steal_pointer(&address_compat);
    }
    if (type == LISTEN_SOCKET) {
        if (socket && socket_compat && STRNEQ(socket, socket_compat)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "graphics 'socket' attribute '%s' must match 'socket' attribute of first listen element (found '%s')",
                           socket_compat, socket);
            return -1;
        }
        if (!socket)
            socket = g_steal_pointer(&socket_compat);
    }
    /* the address of a network listen is live state */
    if (address && (!*address ||
                    !(type == LISTEN_ADDRESS ||
                      (type == LISTEN_NETWORK && !(flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)))))
        g_clear_pointer(&address, g_free);
    if (network && type != LISTEN_NETWORK) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "'network' attribute is valid only for listen type 'network'");
        return -1;
    }
    if (socket && !*socket)
        g_clear_pointer(&socket, g_free);
    if (socket && type != LISTEN_SOCKET) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "'socket' attribute is valid only for listen type 'socket'");
        return -1;
    }

    virDomainXMLSetProp(node, "type", listen_types[type]);
    virDomainXMLSetProp(node, "address", address);
    virDomainXMLSetProp(node, "network", network);
    virDomainXMLSetProp(node, "socket", socket);
    /* status-only attributes */
    virDomainXMLSetProp(node, "fromConfig", NULL);
    virDomainXMLSetProp(node, "autoGenerated", NULL);
    virDomainXMLOrderProps(node, listen_attrs);
    return 0;
}

/* virDomainGraphicsListensParseXML: the <listen> elements, then the one
 * the legacy attributes describe, which is added when there is none and
 * replaces an address listen when it is a VNC socket. */
static int
listens_parse(xmlNodePtr node, graphics_type gtype, unsigned int flags)
{
    g_autoptr(GPtrArray) listens = virDomainXMLChildren(node, "listen");
    g_autofree char *socket = gtype == GRAPHICS_VNC ? virXMLPropString(node, "socket") : NULL;
    g_autofree char *address = prop_nonempty(node, "listen");
    xmlNodePtr first;

    for (guint i = 0; i < listens->len; i++) {
        if (listen_parse(node, gtype, listens->pdata[i], i == 0, flags) < 0)
            return -1;
    }

    if (listens->len == 0) {
        first = xmlNewDocNode(node->doc, NULL, BAD_CAST "listen", NULL);
        if (node->children)
            xmlAddPrevSibling(node->children, first);
        else
            xmlAddChild(node, first);
    } else {
        g_autofree char *type = NULL;

        first = listens->pdata[0];
        type = virXMLPropString(first, "type");
        if (!socket || !(STREQ(type, "address") || STREQ(type, "network")))
            first = NULL;
        else
            virDomainXMLSetProp(first, "network", NULL);
    }
    if (first) {
        virDomainXMLSetProp(first, "type", socket ? "socket" : "address");
        virDomainXMLSetProp(first, "address", socket ? NULL : address);
        virDomainXMLSetProp(first, "socket", socket);
        virDomainXMLOrderProps(first, listen_attrs);
    }
    virDomainXMLSetProp(node, "listen", NULL);
    virDomainXMLSetProp(node, "socket", NULL);
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SS" normalized as libvirt does (through a UTC time). */
static char *
parse_valid_to(const char *text)
{
    int parts[6];
    const char seps[] = "--T::";
    const char *p = text;
    g_autoptr(GTimeZone) tz = g_time_zone_new_utc();
    g_autoptr(GDateTime) then = NULL;

    for (size_t i = 0; i < 6; i++) {
        char *end = NULL;
        long long v;

        errno = 0;
        v = strtoll(p, &end, 10);
        if (end == p || errno || v < G_MININT || v > G_MAXINT ||
            (i < 5 ? *end != seps[i] : *end != '\0'))
            return NULL;
        parts[i] = (int)v;
        p = end + 1;
    }
    then = g_date_time_new(tz, parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]);
    if (!then) /* libvirt then counts from the epoch */
        then = g_date_time_new_from_unix_utc(0);
    return g_date_time_format(then, "%Y-%m-%dT%H:%M:%S");
}

/* virDomainGraphicsAuthDefParseXML */
static int
auth_parse(xmlNodePtr node, graphics_type gtype)
{
    g_autofree char *passwd = virXMLPropString(node, "passwd");
    g_autofree char *valid_to = NULL;
    g_autofree char *connected = NULL;

    if (!passwd) {
        /* meaningless without a password: libvirt drops them */
        virDomainXMLSetProp(node, "passwdValidTo", NULL);
        virDomainXMLSetProp(node, "connected", NULL);
        return 0;
    }
    if ((valid_to = virXMLPropString(node, "passwdValidTo"))) {
        g_autofree char *norm = parse_valid_to(valid_to);

        if (!norm) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "cannot parse password validity time '%s', expect YYYY-MM-DDTHH:MM:SS",
                           valid_to);
            return -1;
        }
        virDomainXMLSetProp(node, "passwdValidTo", norm);
    }
    if ((connected = virXMLPropString(node, "connected"))) {
        gssize action = -1;

        for (gssize i = 0; connected_values[i]; i++) {
            if (STREQ(connected_values[i], connected))
                action = i;
        }
        if (action <= 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown connected value %s",
                           connected);
            return -1;
        }
        if (gtype == GRAPHICS_VNC && !STREQ(connected, "keep")) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "VNC supports connected='keep' only");
            return -1;
        }
    }
    return 0;
}

/* Sets or removes a number attribute: 0 prints nothing. */
static void
set_nonzero(xmlNodePtr node, const char *name, int value)
{
    if (value)
        virDomainXMLSetPropf(node, name, "%d", value);
    else
        virDomainXMLSetProp(node, name, NULL);
}

/* Keeps an enumerated attribute only when it is not the default. */
static int
enum_nondefault(xmlNodePtr node, const char *name, const char *const *values,
                unsigned int flags)
{
    int value;

    if (virXMLPropEnum(node, name, values, flags, &value, 0) < 0)
        return -1;
    virDomainXMLSetProp(node, name, value ? values[value] : NULL);
    return 0;
}

static int
audio_id_parse(xmlNodePtr node)
{
    xmlNodePtr audio = virXMLChildElement(node, "audio");
    unsigned int id;

    if (!audio)
        return 0;
    if (virXMLPropUInt(audio, "id", VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO, &id) < 0)
        return -1;
    virDomainXMLSetPropf(audio, "id", "%u", id);
    return 0;
}

static int
vnc_parse(xmlNodePtr node, unsigned int flags)
{
    g_autofree char *port_s = virXMLPropString(node, "port");
    g_autofree char *autoport_s = virXMLPropString(node, "autoport");
    bool inactive = flags & VIR_DOMAIN_DEF_PARSE_INACTIVE;
    int port = 0;
    bool autoport = true;
    int websocket = 0;

    if (listens_parse(node, GRAPHICS_VNC, flags) < 0)
        return -1;
    if (port_s) {
        if (virXMLParseInt(port_s, &port) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "cannot parse vnc port %s", port_s);
            return -1;
        }
        /* -1 is the legacy way of asking for autoport */
        autoport = port == -1;
        if (port == -1 && inactive)
            port = 0;
    }
    /* any other value leaves autoport as the port made it */
    if (STREQ_NULLABLE(autoport_s, "yes"))
        autoport = true;
    else if (STREQ_NULLABLE(autoport_s, "no"))
        autoport = false;
    if (autoport && inactive)
        port = 0;
    set_nonzero(node, "port", port);
    virDomainXMLSetProp(node, "autoport", autoport ? "yes" : "no");

    if (virXMLPropInt(node, "websocket", VIR_XML_PROP_NONE, &websocket, 0) < 0)
        return -1;
    set_nonzero(node, "websocket", websocket);
    virDomainXMLSetProp(node, "websocketGenerated", NULL);
    if (enum_nondefault(node, "sharePolicy", share_policies, 0) < 0 ||
        enum_nondefault(node, "powerControl", virTristateBoolNames,
                        VIR_XML_PROP_NONZERO) < 0 ||
        audio_id_parse(node) < 0)
        return -1;
    return auth_parse(node, GRAPHICS_VNC);
}

static int
rdp_parse(xmlNodePtr node, unsigned int flags)
{
    g_autofree char *port_s = virXMLPropString(node, "port");
    g_autofree char *autoport_s = virXMLPropString(node, "autoport");
    g_autofree char *replace = virXMLPropString(node, "replaceUser");
    g_autofree char *multi = virXMLPropString(node, "multiUser");
    int port = 0;
    bool autoport = true;

    if (listens_parse(node, GRAPHICS_RDP, flags) < 0)
        return -1;
    if (port_s) {
        if (virXMLParseInt(port_s, &port) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "cannot parse rdp port %s", port_s);
            return -1;
        }
        autoport = port == -1;
    }
    if (STREQ_NULLABLE(autoport_s, "yes"))
        autoport = true;
    if (autoport && (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE))
        port = 0;
    set_nonzero(node, "port", port);
    virDomainXMLSetProp(node, "autoport", autoport ? "yes" : NULL);
    virDomainXMLSetProp(node, "replaceUser", STREQ_NULLABLE(replace, "yes") ? "yes" : NULL);
    virDomainXMLSetProp(node, "multiUser", STREQ_NULLABLE(multi, "yes") ? "yes" : NULL);
    return 0;
}

static int
spice_parse(xmlNodePtr node, unsigned int flags)
{
    int port = 0;
    int tls_port = 0;
    int autoport;

    if (listens_parse(node, GRAPHICS_SPICE, flags) < 0 ||
        virXMLPropInt(node, "port", VIR_XML_PROP_NONE, &port, 0) < 0 ||
        virXMLPropInt(node, "tlsPort", VIR_XML_PROP_NONE, &tls_port, 0) < 0 ||
        virXMLPropTristateBool(node, "autoport", VIR_XML_PROP_NONE, &autoport) < 0 ||
        enum_nondefault(node, "defaultMode", spice_modes, 0) < 0)
        return -1;
    if (port == -1 && tls_port == -1)
        autoport = 1;
    if (autoport == 1 && (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE))
        port = tls_port = 0;
    set_nonzero(node, "port", port);
    set_nonzero(node, "tlsPort", tls_port);
    virDomainXMLSetProp(node, "autoport", autoport == 1 ? "yes" : "no");
    if (auth_parse(node, GRAPHICS_SPICE) < 0)
        return -1;

    /* virDomainDefPostParseGraphics: no port and no autoport means
     * listening nowhere, which is the listen type 'none' */
    if (!port && !tls_port && autoport != 1) {
        xmlNodePtr first = virXMLChildElement(node, "listen");
        g_autofree char *type = virXMLPropString(first, "type");

        if (STREQ(type, "address")) {
            virDomainXMLSetProp(first, "type", "none");
            virDomainXMLSetProp(first, "address", NULL);
        }
    }
    return 0;
}

/* The yes/no attributes of sdl, desktop and dbus print only as 'yes'. */
static int
yes_only(xmlNodePtr node, const char *name)
{
    int value;

    if (virXMLPropTristateBool(node, name, VIR_XML_PROP_NONE, &value) < 0)
        return -1;
    virDomainXMLSetProp(node, name, value == 1 ? "yes" : NULL);
    return 0;
}

static int
gl_enable_parse(xmlNodePtr node)
{
    xmlNodePtr gl = virXMLChildElement(node, "gl");
    int value;

    if (!gl)
        return 0;
    return virXMLPropTristateBool(gl, "enable", VIR_XML_PROP_REQUIRED, &value);
}

static int
graphics_parse(xmlNodePtr node, unsigned int flags)
{
    int type = graphics_type_of(node);
    int ret = 0;

    switch (type) {
    case GRAPHICS_VNC:
        ret = vnc_parse(node, flags);
        break;
    case GRAPHICS_RDP:
        ret = rdp_parse(node, flags);
        break;
    case GRAPHICS_SPICE:
        ret = spice_parse(node, flags);
        break;
    case GRAPHICS_SDL:
        ret = yes_only(node, "fullscreen") < 0 ? -1 : gl_enable_parse(node);
        break;
    case GRAPHICS_DESKTOP:
        ret = yes_only(node, "fullscreen");
        break;
    case GRAPHICS_DBUS:
        if (yes_only(node, "p2p") < 0 || gl_enable_parse(node) < 0 ||
            audio_id_parse(node) < 0)
            ret = -1;
        break;
    case GRAPHICS_EGL_HEADLESS:
        break;
    default:
        return -1;
    }
    if (ret < 0)
        return -1;
    virDomainXMLSortChildren(node, child_order);
    return 0;
}

int
virDomainGraphicsPostParse(xmlNodePtr devices, unsigned int flags)
{
    g_autoptr(GPtrArray) all = virDomainXMLChildren(devices, "graphics");

    for (guint i = 0; i < all->len; i++) {
        if (graphics_parse(all->pdata[i], flags) < 0)
            return -1;
    }
    return 0;
}

/* virDomainEnsureAudioID */
static int
audio_exists(xmlNodePtr devices, xmlNodePtr node)
{
    xmlNodePtr audio = virXMLChildElement(node, "audio");
    g_autoptr(GPtrArray) audios = virDomainXMLChildren(devices, "audio");
    g_autofree char *id = audio ? virXMLPropString(audio, "id") : NULL;

    if (!id)
        return 0;
    for (guint i = 0; i < audios->len; i++) {
        g_autofree char *other = virXMLPropString(audios->pdata[i], "id");
        unsigned int a;
        unsigned int b;

        if (other && virXMLParseUInt(other, &a) == 0 &&
            virXMLParseUInt(id, &b) == 0 && a == b)
            return 0;
    }
    virReportError(VIR_ERR_XML_ERROR, "no audio device with ID %s", id);
    return -1;
}

int
virDomainGraphicsValidate(xmlNodePtr devices)
{
    g_autoptr(GPtrArray) all = virDomainXMLChildren(devices, "graphics");

    for (guint i = 0; i < all->len; i++) {
        xmlNodePtr node = all->pdata[i];
        int type = graphics_type_of(node);
        g_autoptr(GPtrArray) listens = virDomainXMLChildren(node, "listen");

        for (guint j = 0; j < listens->len &&
             (type == GRAPHICS_VNC || type == GRAPHICS_SPICE || type == GRAPHICS_RDP); j++) {
            g_autofree char *ltype = virXMLPropString(listens->pdata[j], "type");
            g_autofree char *network = virXMLPropString(listens->pdata[j], "network");

            if (STREQ_NULLABLE(ltype, "network") && !network) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               "'network' attribute is required for listen type 'network'");
                return -1;
            }
        }
        if ((type == GRAPHICS_VNC || type == GRAPHICS_DBUS) &&
            audio_exists(devices, node) < 0)
            return -1;
        if (type == GRAPHICS_DBUS) {
            g_autofree char *p2p = virXMLPropString(node, "p2p");
            g_autofree char *address = virXMLPropString(node, "address");

            if (p2p && address) {
                virReportError(VIR_ERR_XML_ERROR, "%s",
                               "D-Bus p2p with an address is not supported");
                return -1;
            }
        }
    }
    return 0;
}

/* ---- printing ---- */

static void
attr_format(virBuffer *buf, xmlNodePtr node, const char *name)
{
    g_autofree char *value = virXMLPropString(node, name);

    if (!value)
        return;
    virBufferAsprintf(buf, " %s=", name);
    virBufferEscapeString(buf, "'%s'", value);
}

/* virDomainGraphicsListenDefFormatAddr: the legacy listen= attribute,
 * taken from the first listen. */
static void
listen_compat_format(virBuffer *buf, xmlNodePtr first, unsigned int flags)
{
    g_autofree char *type = first ? virXMLPropString(first, "type") : NULL;
    g_autofree char *address = first ? virXMLPropString(first, "address") : NULL;

    if (!address)
        return;
    if (STREQ(type, "network") &&
        (flags & (VIR_DOMAIN_DEF_FORMAT_INACTIVE | VIR_DOMAIN_DEF_FORMAT_MIGRATABLE)))
        return;
    virBufferEscapeString(buf, " listen='%s'", address);
}

static void
auth_format(virBuffer *buf, xmlNodePtr node, unsigned int flags)
{
    if (flags & VIR_DOMAIN_DEF_FORMAT_SECURE)
        attr_format(buf, node, "passwd");
    attr_format(buf, node, "passwdValidTo");
    attr_format(buf, node, "connected");
}

static void
vnc_format(virBuffer *buf, xmlNodePtr node, xmlNodePtr first, const char *ltype,
           unsigned int flags)
{
    if (STREQ(ltype, "socket")) {
        g_autofree char *socket = virXMLPropString(first, "socket");

        virBufferEscapeString(buf, " socket='%s'", socket);
    } else if (STREQ(ltype, "address") || STREQ(ltype, "network")) {
        g_autofree char *port = virXMLPropString(node, "port");
        g_autofree char *autoport = virXMLPropString(node, "autoport");
        bool is_auto = STREQ_NULLABLE(autoport, "yes");

        /* an inactive definition never shows the port an autoport
         * display was given */
        if (port && !(is_auto && (flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE)))
            virBufferEscapeString(buf, " port='%s'", port);
        else if (is_auto)
            virBufferAddLit(buf, " port='-1'");
        virBufferAsprintf(buf, " autoport='%s'", is_auto ? "yes" : "no");
        attr_format(buf, node, "websocket");
        listen_compat_format(buf, first, flags);
    }
    attr_format(buf, node, "keymap");
    attr_format(buf, node, "sharePolicy");
    attr_format(buf, node, "powerControl");
    auth_format(buf, node, flags);
}

static void
spice_format(virBuffer *buf, xmlNodePtr node, xmlNodePtr first, const char *ltype,
             unsigned int flags)
{
    if (STREQ(ltype, "address") || STREQ(ltype, "network")) {
        attr_format(buf, node, "port");
        attr_format(buf, node, "tlsPort");
        attr_format(buf, node, "autoport");
        listen_compat_format(buf, first, flags);
    } else if (STREQ(ltype, "none") && (flags & VIR_DOMAIN_DEF_FORMAT_MIGRATABLE)) {
        virBufferAddLit(buf, " autoport='no'");
    }
    attr_format(buf, node, "keymap");
    attr_format(buf, node, "defaultMode");
    auth_format(buf, node, flags);
}

static void
rdp_format(virBuffer *buf, xmlNodePtr node, xmlNodePtr first, unsigned int flags)
{
    g_autofree char *port = virXMLPropString(node, "port");
    g_autofree char *autoport = virXMLPropString(node, "autoport");

    if (port)
        virBufferEscapeString(buf, " port='%s'", port);
    else if (autoport)
        virBufferAddLit(buf, " port='0'");
    attr_format(buf, node, "autoport");
    attr_format(buf, node, "replaceUser");
    attr_format(buf, node, "multiUser");
    listen_compat_format(buf, first, flags);
}

/* Whether a listen element is left out of migratable XML: a VNC socket
 * the user gave travels as the socket= attribute, and a spice listen
 * 'none' as autoport='no'. */
static bool
listen_hidden(int gtype, xmlNodePtr listen, unsigned int flags)
{
    g_autofree char *type = virXMLPropString(listen, "type");

    if (!(flags & VIR_DOMAIN_DEF_FORMAT_MIGRATABLE))
        return false;
    return (gtype == GRAPHICS_VNC && STREQ_NULLABLE(type, "socket") &&
            xmlHasNsProp(listen, BAD_CAST "socket", NULL)) ||
        (gtype == GRAPHICS_SPICE && STREQ_NULLABLE(type, "none"));
}

static void
listen_format(virBuffer *buf, xmlNodePtr listen, unsigned int flags)
{
    g_autofree char *type = virXMLPropString(listen, "type");
    static const char *const skip[] = { "type", "address", "network", "socket", NULL };

    virBufferEscapeString(buf, "<listen type='%s'", type);
    /* the address of a network listen is live state */
    if (!(STREQ_NULLABLE(type, "network") && (flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE)))
        attr_format(buf, listen, "address");
    attr_format(buf, listen, "network");
    attr_format(buf, listen, "socket");
    virDomainPreservedAttrsFormat(buf, listen, skip);
    virDomainPreservedContentFormat(buf, listen, NULL);
}

bool
virDomainGraphicsFormat(virBuffer *buf, xmlNodePtr node, unsigned int flags)
{
    g_autoptr(GPtrArray) children = NULL;
    g_autoptr(GPtrArray) shown = g_ptr_array_new();
    xmlNodePtr first;
    g_autofree char *ltype = NULL;
    g_autofree char *name = NULL;
    int type = -1;

    if (node->ns || !virXMLNodeNameEqual(node, "graphics"))
        return false;
    name = virXMLPropString(node, "type");
    for (int i = 0; name && graphics_types[i]; i++) {
        if (STREQ(name, graphics_types[i]))
            type = i;
    }
    if (type < 0) {
        /* never post-parsed: print as kept */
        virDomainPreservedNodeFormat(buf, node);
        return true;
    }
    first = virXMLChildElement(node, "listen");
    ltype = first ? virXMLPropString(first, "type") : g_strdup("");

    virBufferEscapeString(buf, "<graphics type='%s'", graphics_types[type]);
    switch ((graphics_type)type) {
    case GRAPHICS_VNC:
        vnc_format(buf, node, first, ltype, flags);
        break;
    case GRAPHICS_SPICE:
        spice_format(buf, node, first, ltype, flags);
        break;
    case GRAPHICS_RDP:
        rdp_format(buf, node, first, flags);
        break;
    case GRAPHICS_SDL:
        attr_format(buf, node, "display");
        attr_format(buf, node, "xauth");
        attr_format(buf, node, "fullscreen");
        break;
    case GRAPHICS_DESKTOP:
        attr_format(buf, node, "display");
        attr_format(buf, node, "fullscreen");
        break;
    case GRAPHICS_DBUS:
        attr_format(buf, node, "p2p");
        attr_format(buf, node, "address");
        break;
    case GRAPHICS_EGL_HEADLESS:
        break;
    }
    virDomainPreservedAttrsFormat(buf, node, known_attrs[type]);

    children = virDomainXMLChildren(node, NULL);
    for (guint i = 0; i < children->len; i++) {
        xmlNodePtr child = children->pdata[i];

        if (!(virXMLNodeNameEqual(child, "listen") && listen_hidden(type, child, flags)))
            g_ptr_array_add(shown, child);
    }
    /* elements in other namespaces are kept too */
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && cur->ns)
            g_ptr_array_add(shown, cur);
    }
    if (shown->len == 0) {
        virBufferAddLit(buf, "/>\n");
        return true;
    }
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    for (guint i = 0; i < shown->len; i++) {
        xmlNodePtr child = shown->pdata[i];

        if (!child->ns && virXMLNodeNameEqual(child, "listen"))
            listen_format(buf, child, flags);
        else
            virDomainPreservedNodeFormat(buf, child);
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</graphics>\n");
    return true;
}
