/*
 * domain_device_info.c: aliases and boot order of devices
 *
 * Facts from libvirt's virDomainDeviceInfoParseXML,
 * virDomainDeviceBootParseXML, virDomainDeviceLoadparmIsValid and
 * virDomainDefBootOrderPostParse.
 */
#include "internal.h"
#include "conf/domain_device_info.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* the devices whose <boot> libvirt reads */
static const char *const boot_devices[] = {
    "disk", "interface", "hostdev", "redirdev", "filesystem", NULL,
};

/* the elements under <devices> that have no device info */
static const char *const no_info[] = {
    "emulator", "graphics", "audio", "lease", NULL,
};

static const char *const user_alias_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

static bool
allows_boot(xmlNodePtr device)
{
    return g_strv_contains(boot_devices, (const char *)device->name);
}

static int
boot_parse(xmlNodePtr boot)
{
    g_autofree char *loadparm = virXMLPropString(boot, "loadparm");
    unsigned int order;

    if (virXMLPropUInt(boot, "order", VIR_XML_PROP_REQUIRED | VIR_XML_PROP_NONZERO,
                       &order) < 0)
        return -1;
    virDomainXMLSetPropf(boot, "order", "%u", order);
    if (loadparm) {
        g_autofree char *upper = g_ascii_strup(loadparm, -1);

        if (!*upper || strlen(upper) > 8) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "loadparm value '%s' must be between 1 and 8 characters", upper);
            return -1;
        }
        if (strspn(upper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789. ") != strlen(upper)) {
            virReportError(VIR_ERR_INTERNAL_ERROR,
                           "invalid loadparm value '%s', expecting chars in set of [a-zA-Z0-9.] and blank spaces",
                           upper);
            return -1;
        }
        virDomainXMLSetProp(boot, "loadparm", upper);
    }
    virDomainXMLOrderProps(boot, (const char *const[]){ "order", "loadparm", NULL });
    return 0;
}

int
virDomainDeviceInfoParse(xmlNodePtr devices, unsigned int flags)
{
    g_autoptr(GPtrArray) all = virDomainXMLChildren(devices, NULL);

    for (guint i = 0; i < all->len; i++) {
        xmlNodePtr device = all->pdata[i];
        xmlNodePtr alias;
        xmlNodePtr boot;

        if (g_strv_contains(no_info, (const char *)device->name))
            continue;
        if ((alias = virXMLChildElement(device, "alias")) &&
            (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)) {
            g_autofree char *name = virXMLPropString(alias, "name");

            if (!name || !g_str_has_prefix(name, "ua-") ||
                strspn(name, user_alias_chars) != strlen(name))
                virDomainXMLRemove(alias);
        }
        if (allows_boot(device) && (boot = virXMLChildElement(device, "boot")) &&
            boot_parse(boot) < 0)
            return -1;
    }
    return 0;
}

/* The <boot> elements libvirt reads, in its device order. */
static GPtrArray *
device_boots(const virDomainDef *def)
{
    GPtrArray *boots = g_ptr_array_new();
    xmlNodePtr devices = virXMLChildElement(def->root, "devices");

    for (size_t k = 0; devices && boot_devices[k]; k++) {
        g_autoptr(GPtrArray) list = virDomainXMLChildren(devices, boot_devices[k]);

        for (guint i = 0; i < list->len; i++) {
            xmlNodePtr boot = virXMLChildElement(list->pdata[i], "boot");

            if (boot)
                g_ptr_array_add(boots, boot);
        }
    }
    return boots;
}

bool
virDomainDefHasDeviceBoot(const virDomainDef *def)
{
    g_autoptr(GPtrArray) boots = device_boots(def);

    return boots->len > 0;
}

int
virDomainDeviceBootPostParse(const virDomainDef *def)
{
    g_autoptr(GPtrArray) boots = device_boots(def);
    xmlNodePtr os = virXMLChildElement(def->root, "os");

    if (!STREQ_NULLABLE(def->os_type, "hvm"))
        return 0;
    for (guint i = 0; i < boots->len; i++) {
        g_autofree char *order = virXMLPropString(boots->pdata[i], "order");

        for (guint j = 0; j < i; j++) {
            g_autofree char *other = virXMLPropString(boots->pdata[j], "order");

            if (STREQ(order, other)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "boot order '%s' used for more than one device", order);
                return -1;
            }
        }
    }
    if (boots->len > 0 && os && virXMLChildElement(os, "boot")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "per-device boot elements cannot be used together with os/boot elements");
        return -1;
    }
    return 0;
}
