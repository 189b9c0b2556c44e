/*
 * domain_net.c: <interface> devices as libvirt 9.0 reads and prints them
 *
 * Facts from libvirt's virDomainNetDefParseXML, virDomainNetDefFormat,
 * virMacAddrParse/Format/Generate and the test driver's
 * testDomainGenerateIfnames.
 */
#include "internal.h"
#include "conf/domain_net.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

static const char *const net_types[] = {
    "user", "ethernet", "vhostuser", "server", "client", "mcast", "network",
    "bridge", "internal", "direct", "hostdev", "udp", "vdpa", "null", "vds", NULL,
};

/* the types whose <source> names what they connect to */
static const struct {
    const char *type;
    const char *attr;
} required_sources[] = {
    { "network", "network" },
    { "internal", "name" },
    { "bridge", "bridge" },
    { "direct", "dev" },
};

static const char *const mac_types[] = { "", "generated", "static", NULL };

/* models libvirt knows, matched without regard to case and printed as
 * spelled here; "unknown" is no model */
static const char *const net_models[] = {
    "unknown", "netfront", "rtl8139", "virtio", "e1000", "e1000e",
    "virtio-transitional", "virtio-non-transitional", "usb-net", "spapr-vlan",
    "lan9118", "scm91c111", "vlance", "vmxnet", "vmxnet2", "vmxnet3",
    "Am79C970A", "Am79C973", "82540EM", "82545EM", "82543GC", NULL,
};

static const char *const net_children[] = {
    "mac", "source", "vlan", "virtualport", "bandwidth", "port", "ip",
    "route", "portForward", "script", "downscript", "backenddomain",
    "target", "guest", "model", "driver", "backend", "filterref", "tune",
    "teaming", "link", "mtu", "coalesce", "boot", "alias", "rom", "acpi",
    "address", NULL,
};

/* libvirt's prefixes of host device names it generates (virnetdev.h):
 * live state, not configuration */
static const char *const generated_prefixes[] = { "vnet", "macvtap", "macvlan", NULL };

/* virMacAddrParse: six groups of one or two hex digits; anything up to
 * a space may follow. */
static int
mac_parse(const char *text, guint8 mac[6])
{
    const char *p = text;

    for (size_t i = 0; i < 6; i++) {
        char *end = NULL;
        unsigned long v;

        if (!g_ascii_isxdigit(*p))
            return -1;
        v = strtoul(p, &end, 16);
        if (end - p < 1 || end - p > 2 || v > 0xFF)
            return -1;
        mac[i] = (guint8)v;
        if (i == 5)
            return (unsigned char)*end <= ' ' ? 0 : -1;
        if (*end != ':')
            return -1;
        p = end + 1;
    }
    return -1;
}

static char *
mac_format(const guint8 mac[6])
{
    return g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x",
                           mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

static int
mac_element_parse(xmlNodePtr iface)
{
    xmlNodePtr mac = virXMLChildElement(iface, "mac");
    g_autofree char *address = mac ? virXMLPropString(mac, "address") : NULL;
    g_autofree char *formatted = NULL;
    guint8 bytes[6];
    int value;

    if (address) {
        if (mac_parse(address, bytes) < 0) {
            virReportError(VIR_ERR_XML_ERROR, "unable to parse mac address '%s'", address);
            return -1;
        }
        if (bytes[0] & 1) {
            virReportError(VIR_ERR_XML_ERROR,
                           "expected unicast mac address, found multicast '%s'", address);
            return -1;
        }
    }
    if (mac &&
        (virXMLPropEnum(mac, "type", mac_types, VIR_XML_PROP_NONZERO, &value, 0) < 0 ||
         virXMLPropTristateBool(mac, "check", VIR_XML_PROP_NONE, &value) < 0))
        return -1;

    if (!address) {
        /* virMacAddrGenerate with libvirt's default (KVM) prefix */
        bytes[0] = 0x52;
        bytes[1] = 0x54;
        bytes[2] = 0x00;
        for (size_t i = 3; i < 6; i++)
            bytes[i] = (guint8)g_random_int_range(0, 256);
    }
    if (!mac)
        mac = virDomainXMLAddChild(iface, "mac", net_children);
    formatted = mac_format(bytes);
    virDomainXMLSetProp(mac, "address", formatted);
    virDomainXMLOrderProps(mac, (const char *const[]){ "address", "type", "check", NULL });
    return 0;
}

static bool
is_generated_ifname(const char *name)
{
    for (size_t i = 0; generated_prefixes[i]; i++) {
        if (g_str_has_prefix(name, generated_prefixes[i]))
            return true;
    }
    return false;
}

static int
target_parse(xmlNodePtr iface, unsigned int flags)
{
    xmlNodePtr target = virXMLChildElement(iface, "target");
    g_autofree char *dev = target ? virXMLPropString(target, "dev") : NULL;
    int managed;

    if (!target)
        return 0;
    if (virXMLPropTristateBool(target, "managed", VIR_XML_PROP_NONE, &managed) < 0)
        return -1;
    if (dev && managed != 2 && (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE) &&
        is_generated_ifname(dev))
        virDomainXMLSetProp(target, "dev", NULL);
    virDomainXMLOrderProps(target, (const char *const[]){ "dev", "managed", NULL });
    /* libvirt prints <target> only with something in it */
    if (!target->properties && !target->children)
        virDomainXMLRemove(target);
    return 0;
}

/* virDomainNetSetModelString */
static int
model_parse(xmlNodePtr iface)
{
    xmlNodePtr model = virXMLChildElement(iface, "model");
    g_autofree char *type = model ? virXMLPropString(model, "type") : NULL;

    if (!type)
        return 0;
    for (size_t i = 0; net_models[i]; i++) {
        if (g_ascii_strcasecmp(net_models[i], type) != 0)
            continue;
        if (i == 0)
            virDomainXMLRemove(model);
        else
            virDomainXMLSetProp(model, "type", net_models[i]);
        return 0;
    }
    if (strspn(type, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") <
        strlen(type)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", "Model name contains invalid characters");
        return -1;
    }
    return 0;
}

static int
net_parse(xmlNodePtr iface, unsigned int flags)
{
    int type;
    int trust;
    xmlNodePtr source = virXMLChildElement(iface, "source");

    if (virXMLPropEnum(iface, "type", net_types, VIR_XML_PROP_NONE, &type, 0) < 0 ||
        virXMLPropTristateBool(iface, "trustGuestRxFilters", VIR_XML_PROP_NONE,
                               &trust) < 0 ||
        model_parse(iface) < 0)
        return -1;
    for (size_t i = 0; i < G_N_ELEMENTS(required_sources); i++) {
        g_autofree char *value = NULL;

        if (STRNEQ(net_types[type], required_sources[i].type))
            continue;
        if (!source) {
            virReportError(VIR_ERR_XML_ERROR, "interface type='%s' requires a 'source' element",
                           net_types[type]);
            return -1;
        }
        if (!(value = virXMLPropStringRequired(source, required_sources[i].attr)))
            return -1;
    }
    if (target_parse(iface, flags) < 0 || mac_element_parse(iface) < 0)
        return -1;

    /* a missing type is libvirt's default, and printed */
    virDomainXMLSetProp(iface, "type", net_types[type]);
    virDomainXMLOrderProps(iface, (const char *const[]){ "type", "managed",
                                                        "trustGuestRxFilters", NULL });
    virDomainXMLSortChildren(iface, net_children);
    return 0;
}

int
virDomainNetPostParse(xmlNodePtr devices, unsigned int flags)
{
    g_autoptr(GPtrArray) ifaces = virDomainXMLChildren(devices, "interface");

    for (guint i = 0; i < ifaces->len; i++) {
        if (net_parse(ifaces->pdata[i], flags) < 0)
            return -1;
    }
    return 0;
}

static bool
ifname_used(GPtrArray *ifaces, const char *name)
{
    for (guint i = 0; i < ifaces->len; i++) {
        xmlNodePtr target = virXMLChildElement(ifaces->pdata[i], "target");
        g_autofree char *dev = target ? virXMLPropString(target, "dev") : NULL;

        if (STREQ_NULLABLE(dev, name))
            return true;
    }
    return false;
}

int
virDomainNetGenerateIfnames(virDomainDef *def, const char *prefix)
{
    xmlNodePtr devices = virDomainXMLDevices(def->root, false);
    g_autoptr(GPtrArray) ifaces = virDomainXMLChildren(devices, "interface");

    for (guint i = 0; i < ifaces->len; i++) {
        xmlNodePtr target = virXMLChildElement(ifaces->pdata[i], "target");
        g_autofree char *dev = target ? virXMLPropString(target, "dev") : NULL;
        unsigned int n = 0;
        g_autofree char *name = NULL;

        if (dev)
            continue;
        do {
            g_free(name);
            if (n == 1024) {
                virReportError(VIR_ERR_INTERNAL_ERROR, "Exceeded max iface limit %d", 1024);
                return -1;
            }
            name = g_strdup_printf("%s%u", prefix, n++);
        } while (ifname_used(ifaces, name));
        if (!target)
            target = virDomainXMLAddChild(ifaces->pdata[i], "target", net_children);
        virDomainXMLSetProp(target, "dev", name);
        virDomainXMLOrderProps(target, (const char *const[]){ "dev", "managed", NULL });
    }
    return 0;
}
