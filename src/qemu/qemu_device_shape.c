/*
 * qemu_device_shape.c: the attributes and children of each device that
 * tidemark's QEMU command line carries
 *
 * The command line builder reads a few attributes of each device it
 * supports. Anything else a definition says about such a device (a disk
 * cache mode, a VNC password, a NIC's link state) would be silently
 * left out of the VM; this table lets the builder refuse it instead,
 * naming it. The table covers what libvirt writes for these devices in
 * an inactive definition.
 */
#include "internal.h"

#include "qemu/qemu_device_shape.h"
#include "conf/domain_conf.h"

typedef struct {
    const char *path;        /* element path from the device: "disk/driver" */
    const char *attrs;       /* allowed attributes, space separated */
    const char *children;    /* allowed child elements, space separated */
} shape;

/* Children with no row of their own (address, alias) are not looked
 * into: the builder reads them, or they carry nothing for QEMU. */
static const shape shapes[] = {
    /* a backing chain the definition describes is the one QEMU finds in
     * the images' headers (a snapshot's); the numbers of a run's images
     * and what its definition described are written at start
     * (qemuChainPrepare) */
    { "disk", "type device " VIR_DOMAIN_DISK_DESCRIBED,
      "driver source backingStore target readonly boot address alias" },
    { "disk/driver", "name type", "" },
    { "disk/source", "file dev index", "" },
    { "disk/backingStore", "type index", "format source backingStore" },
    { "disk/backingStore/format", "type", "" },
    { "disk/backingStore/source", "file dev", "" },
    { "disk/target", "dev bus", "" },
    { "disk/boot", "order", "" },
    { "controller", "type index model", "address alias" },
    { "interface", "type", "mac model boot address alias" },
    { "interface/mac", "address", "" },
    { "interface/model", "type", "" },
    { "interface/boot", "order", "" },
    { "serial", "type", "source target alias" },
    { "serial/source", "path append", "" },
    { "serial/target", "type port", "model" },
    { "serial/target/model", "name", "" },
    { "console", "type", "source target alias" },
    { "console/source", "path append", "" },
    { "console/target", "type port", "" },
    { "input", "type bus", "address alias" },
    { "graphics", "type port autoport listen", "listen" },
    { "graphics/listen", "type address", "" },
    { "video", "", "model address alias" },
    { "video/model", "type vram heads primary", "" },
    { "memballoon", "model", "address alias" },
    { "audio", "id type", "" },
};

static const shape *
find_shape(const char *path)
{
    for (size_t i = 0; i < G_N_ELEMENTS(shapes); i++) {
        if (STREQ(shapes[i].path, path))
            return &shapes[i];
    }
    return NULL;
}

static bool
word_in(const char *words, const char *word)
{
    g_auto(GStrv) list = g_strsplit(words, " ", -1);

    return g_strv_contains((const char *const *)list, word);
}

static bool
check(xmlNodePtr node, const char *path, char **why)
{
    const shape *sh = find_shape(path);

    if (!sh)
        return true;
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
        if (attr->ns || !word_in(sh->attrs, (const char *)attr->name)) {
            g_autofree char *value = virXMLPropString(node, (const char *)attr->name);

            *why = g_strdup_printf("<%s %s='%s'> is not supported", (const char *)node->name,
                                   (const char *)attr->name, NULLSTR(value));
            return false;
        }
    }
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        g_autofree char *child = NULL;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (cur->ns || !word_in(sh->children, (const char *)cur->name)) {
            *why = g_strdup_printf("<%s> in <%s> is not supported", (const char *)cur->name,
                                   (const char *)node->name);
            return false;
        }
        child = g_strdup_printf("%s/%s", path, (const char *)cur->name);
        if (!check(cur, child, why))
            return false;
    }
    return true;
}

bool
qemuDeviceShapeCheck(xmlNodePtr device, char **why)
{
    return check(device, (const char *)device->name, why);
}
