/*
 * domain_video.c: <video> devices as libvirt 9.0's test driver keeps them
 *
 * Facts from libvirt's virDomainVideoDefParseXML, virDomainVideoDefFormat,
 * virDomainVideoDefaultRAM, virDomainVideoDefPostParse,
 * virDomainDefAddImplicitVideo, virDomainDefPostParseVideo, the test
 * driver's testDomainDevicesDefPostParse and domain_validate.c.
 */
#include "internal.h"
#include "conf/domain_video.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

static const char *const video_types[] = {
    "default", "vga", "cirrus", "vmvga", "xen", "vbox", "qxl", "parallels",
    "virtio", "gop", "none", "bochs", "ramfb", NULL,
};

static const char *const backends[] = { "default", "qemu", "vhostuser", NULL };
static const char *const vgaconfs[] = { "io", "on", "off", NULL };
static const char *const virtio_options[] = { "iommu", "ats", "packed", "page_per_vq", NULL };

static const char *const video_children[] = { "driver", "model", NULL };
static const char *const model_attrs[] = {
    "type", "ram", "vram", "vram64", "vgamem", "heads", "primary", NULL,
};
static const char *const model_children[] = { "acceleration", "resolution", NULL };
static const char *const driver_attrs[] = {
    "iommu", "ats", "packed", "page_per_vq", "vgaconf", "name", NULL,
};

/* The numbers of <model>. */
static const char *const sizes[] = { "ram", "vram", "vram64", "vgamem", "heads" };

static unsigned int
model_uint(xmlNodePtr model, const char *name)
{
    g_autofree char *value = model ? virXMLPropString(model, name) : NULL;
    unsigned int n = 0;

    if (value && virXMLParseUInt(value, &n) < 0)
        n = 0;
    return n;
}

static void
set_uint(xmlNodePtr node, const char *name, unsigned int value)
{
    if (value)
        virDomainXMLSetPropf(node, name, "%u", value);
    else
        virDomainXMLSetProp(node, name, NULL);
}

static int
acceleration_parse(xmlNodePtr node)
{
    g_autofree char *rendernode = virXMLPropString(node, "rendernode");
    int accel3d;
    int accel2d;

    if (virXMLPropTristateBool(node, "accel3d", VIR_XML_PROP_NONE, &accel3d) < 0 ||
        virXMLPropTristateBool(node, "accel2d", VIR_XML_PROP_NONE, &accel2d) < 0)
        return -1;
    if (!rendernode && !accel3d && !accel2d) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "missing values for acceleration");
        return -1;
    }
    virDomainXMLOrderProps(node, (const char *const[]){ "accel3d", "accel2d", "rendernode", NULL });
    return 0;
}

static int
driver_parse(xmlNodePtr driver)
{
    int value;

    if (virXMLPropEnum(driver, "name", backends, VIR_XML_PROP_NONZERO, &value, 0) < 0)
        return -1;
    for (size_t i = 0; virtio_options[i]; i++) {
        if (virXMLPropTristateSwitch(driver, virtio_options[i], VIR_XML_PROP_NONE,
                                     &value) < 0)
            return -1;
    }
    return 0;
}

/* virDomainVideoDefParseXML */
static int
video_parse(xmlNodePtr video)
{
    xmlNodePtr model = virXMLChildElement(video, "model");
    xmlNodePtr driver = virXMLChildElement(video, "driver");
    xmlNodePtr accel = model ? virXMLChildElement(model, "acceleration") : NULL;
    xmlNodePtr res = model ? virXMLChildElement(model, "resolution") : NULL;
    g_autofree char *primary = model ? virXMLPropString(model, "primary") : NULL;
    g_autofree char *type = model ? virXMLPropString(model, "type") : NULL;
    unsigned int values[G_N_ELEMENTS(sizes)];
    unsigned int x;
    unsigned int y;
    int vgaconf;

    if ((accel && acceleration_parse(accel) < 0) ||
        (res && (virXMLPropUInt(res, "x", VIR_XML_PROP_REQUIRED, &x) < 0 ||
                 virXMLPropUInt(res, "y", VIR_XML_PROP_REQUIRED, &y) < 0)) ||
        (driver && driver_parse(driver) < 0))
        return -1;
    if (type && *type && !g_strv_contains(video_types, type)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown video model '%s'", type);
        return -1;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        g_autofree char *value = model ? virXMLPropString(model, sizes[i]) : NULL;

        /* a missing heads is one head */
        values[i] = STREQ(sizes[i], "heads") ? 1 : 0;
        if (value && *value && virXMLParseUInt(value, &values[i]) < 0) {
            if (STREQ(sizes[i], "heads"))
                virReportError(VIR_ERR_INTERNAL_ERROR, "cannot parse video heads '%s'", value);
            else
                virReportError(VIR_ERR_XML_ERROR, "cannot parse video %s '%s'", sizes[i], value);
            return -1;
        }
    }
    if (driver &&
        virXMLPropEnum(driver, "vgaconf", vgaconfs, VIR_XML_PROP_NONE, &vgaconf, 0) < 0)
        return -1;

    if (!model)
        model = virDomainXMLAddChild(video, "model", video_children);
    virDomainXMLSetProp(model, "type", type && *type ? type : "default");
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++)
        set_uint(model, sizes[i], values[i]);
    virDomainXMLSetProp(model, "primary",
                        STREQ_NULLABLE(primary, "yes") ? "yes" : NULL);
    virDomainXMLOrderProps(model, model_attrs);
    virDomainXMLSortChildren(model, model_children);
    if (res) {
        virDomainXMLSetPropf(res, "x", "%u", x);
        virDomainXMLSetPropf(res, "y", "%u", y);
        virDomainXMLOrderProps(res, (const char *const[]){ "x", "y", NULL });
    }
    if (driver) {
        g_autofree char *name = virXMLPropString(driver, "name");

        /* the defaults print nothing, and neither does an empty driver */
        if (vgaconf == 0)
            virDomainXMLSetProp(driver, "vgaconf", NULL);
        virDomainXMLOrderProps(driver, driver_attrs);
        if (!driver->properties && !driver->children)
            virDomainXMLRemove(driver);
    }
    virDomainXMLSortChildren(video, video_children);
    return 0;
}

int
virDomainVideoParse(xmlNodePtr devices)
{
    g_autoptr(GPtrArray) videos = virDomainXMLChildren(devices, "video");
    xmlNodePtr front = NULL;

    for (guint i = 0; i < videos->len; i++) {
        xmlNodePtr video = videos->pdata[i];
        xmlNodePtr model;
        g_autofree char *primary = NULL;

        if (video_parse(video) < 0)
            return -1;
        /* the parser inserts a primary video at the front */
        model = virXMLChildElement(video, "model");
        primary = virXMLPropString(model, "primary");
        if (!front)
            front = video;
        else if (primary) {
            xmlUnlinkNode(video);
            xmlAddPrevSibling(front, video);
            front = video;
        }
    }
    return 0;
}

/* virDomainVideoDefaultRAM */
static unsigned int
default_ram(const virDomainDef *def, const char *type)
{
    if (STREQ(type, "vga") || STREQ(type, "cirrus") || STREQ(type, "vmvga")) {
        if (STREQ(def->virt_type, "vbox"))
            return 8 * 1024;
        if (STREQ(def->virt_type, "vmware"))
            return 4 * 1024;
        return 16 * 1024;
    }
    if (STREQ(type, "bochs"))
        return 16 * 1024;
    if (STREQ(type, "xen"))
        return 4 * 1024;
    if (STREQ(type, "qxl"))
        return 64 * 1024;
    return 0;
}

/* VIR_ROUND_UP_POWER_OF_TWO */
static unsigned int
round_up_power_of_two(unsigned int value)
{
    unsigned int p = 1;

    if (value == 0 || value > 1U << 31)
        return 0;
    while (p < value)
        p <<= 1;
    return p;
}

/* The test driver's device post-parse callback, then libvirt's. */
static void
video_post_parse(const virDomainDef *def, xmlNodePtr video)
{
    xmlNodePtr model = virXMLChildElement(video, "model");
    g_autofree char *type = virXMLPropString(model, "type");
    unsigned int ram = model_uint(model, "ram");
    unsigned int vram = model_uint(model, "vram");

    if (STREQ(type, "default")) {
        g_free(type);
        if (STREQ_NULLABLE(def->os_type, "xen") || STREQ_NULLABLE(def->os_type, "linux"))
            type = g_strdup("xen");
        else if (def->os_arch && g_str_has_prefix(def->os_arch, "ppc64"))
            type = g_strdup("vga");
        else
            type = g_strdup("cirrus");
        virDomainXMLSetProp(model, "type", type);
    }
    if (ram == 0 && STREQ(type, "qxl"))
        ram = default_ram(def, type);
    if (vram == 0)
        vram = default_ram(def, type);
    set_uint(model, "ram", round_up_power_of_two(ram));
    set_uint(model, "vram", round_up_power_of_two(vram));
    virDomainXMLOrderProps(model, model_attrs);
}

void
virDomainVideoPostParse(virDomainDef *def)
{
    xmlNodePtr devices = virDomainXMLDevices(def->root, false);
    g_autoptr(GPtrArray) videos = virDomainXMLChildren(devices, "video");
    xmlNodePtr first;
    xmlNodePtr model;
    g_autofree char *type = NULL;

    for (guint i = 0; i < videos->len; i++)
        video_post_parse(def, videos->pdata[i]);

    /* graphics without video get the default video */
    if (videos->len == 0) {
        if (!devices || !virXMLChildElement(devices, "graphics"))
            return;
        first = xmlNewChild(devices, NULL, BAD_CAST "video", NULL);
        model = xmlNewChild(first, NULL, BAD_CAST "model", NULL);
        virDomainXMLSetProp(model, "type", "default");
        virDomainXMLSetProp(model, "heads", "1");
        video_post_parse(def, first);
    } else {
        first = videos->pdata[0];
        model = virXMLChildElement(first, "model");
    }

    type = virXMLPropString(model, "type");
    if (STREQ(type, "none")) {
        /* nothing the parser filled in is kept, but a user's alias */
        g_autoptr(GPtrArray) children = virDomainXMLChildren(first, NULL);

        for (guint i = 0; i < children->len; i++) {
            if (!virXMLNodeNameEqual(children->pdata[i], "alias") &&
                children->pdata[i] != model)
                virDomainXMLRemove(children->pdata[i]);
        }
        children = virDomainXMLChildren(model, NULL);
        for (guint i = 0; i < children->len; i++)
            virDomainXMLRemove(children->pdata[i]);
        while (model->properties)
            xmlRemoveProp(model->properties);
        virDomainXMLSetProp(model, "type", "none");
        return;
    }
    virDomainXMLSetProp(model, "primary", "yes");
    virDomainXMLOrderProps(model, model_attrs);
}

static int
video_validate(xmlNodePtr video, guint nvideos)
{
    xmlNodePtr model = virXMLChildElement(video, "model");
    xmlNodePtr driver = virXMLChildElement(video, "driver");
    xmlNodePtr accel = virXMLChildElement(model, "acceleration");
    g_autofree char *type = virXMLPropString(model, "type");
    g_autofree char *backend = driver ? virXMLPropString(driver, "name") : NULL;
    g_autofree char *rendernode = accel ? virXMLPropString(accel, "rendernode") : NULL;
    xmlNodePtr res = virXMLChildElement(model, "resolution");

    if (STREQ(type, "none") && nvideos > 1) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "a 'none' video type must be the only video device defined for the domain");
        return -1;
    }
    if (STREQ_NULLABLE(backend, "vhostuser") && STRNEQ(type, "virtio")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "'vhostuser' driver is only supported with 'virtio' device");
        return -1;
    }
    if (!STREQ_NULLABLE(backend, "vhostuser") && rendernode) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "unsupported rendernode accel attribute without 'vhostuser'");
        return -1;
    }
    if (res && (model_uint(res, "x") == 0 || model_uint(res, "y") == 0)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "video resolution values must be greater than 0");
        return -1;
    }
    if (STRNEQ(type, "qxl")) {
        static const char *const qxl_only[] = { "ram", "vram64", "vgamem" };

        for (size_t i = 0; i < G_N_ELEMENTS(qxl_only); i++) {
            if (model_uint(model, qxl_only[i])) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "%s attribute only supported for video type qxl",
                               qxl_only[i]);
                return -1;
            }
        }
    }
    if (STREQ(type, "ramfb") && virXMLChildElement(video, "address")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "address not supported for video type ramfb");
        return -1;
    }
    for (size_t i = 0; driver && STRNEQ(type, "virtio") && virtio_options[i]; i++) {
        if (!xmlHasNsProp(driver, BAD_CAST virtio_options[i], NULL))
            continue;
        if (STREQ(virtio_options[i], "page_per_vq"))
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "page_per_vq option is only supported for virtio devices");
        else
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "%s driver option is only supported for virtio devices",
                           virtio_options[i]);
        return -1;
    }
    return 0;
}

int
virDomainVideoValidate(xmlNodePtr devices)
{
    g_autoptr(GPtrArray) videos = virDomainXMLChildren(devices, "video");

    for (guint i = 0; i < videos->len; i++) {
        if (video_validate(videos->pdata[i], videos->len) < 0)
            return -1;
    }
    /* the parser put a primary video first: a second one is an error */
    for (guint i = 1; i < videos->len; i++) {
        xmlNodePtr model = virXMLChildElement(videos->pdata[i], "model");

        if (xmlHasNsProp(model, BAD_CAST "primary", NULL) &&
            xmlHasNsProp(virXMLChildElement(videos->pdata[0], "model"),
                         BAD_CAST "primary", NULL)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "Only one primary video device is supported");
            return -1;
        }
    }
    return 0;
}
