/*
 * qemu_alias.c: the device aliases of a running domain
 *
 * Facts from libvirt 9.0's src/qemu/qemu_alias.c (which device gets
 * which name, numbered in which list) and virDomainDeviceInfoFormat
 * (where <alias> goes among a device's children).
 */
#include "internal.h"

#include "qemu/qemu_alias.h"
#include "qemu/qemu_command.h"
#include "conf/domain_xmledit.h"

/* The children libvirt prints after <alias> (virDomainDeviceInfoFormat):
 * a new alias goes before the first of them. */
static const char *const after_alias[] = { "master", "rom", "acpi", "address", NULL };

static void
set_alias(xmlNodePtr device, const char *name)
{
    xmlNodePtr alias;
    xmlNodePtr before = NULL;

    if (virXMLChildElement(device, "alias"))
        return;                          /* a user alias stays */
    for (xmlNodePtr cur = device->children; cur && !before; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && !cur->ns &&
            g_strv_contains(after_alias, (const char *)cur->name))
            before = cur;
    }
    alias = xmlNewDocNode(device->doc, NULL, BAD_CAST "alias", NULL);
    if (before)
        xmlAddPrevSibling(before, alias);
    else
        xmlAddChild(device, alias);
    virDomainXMLSetProp(alias, "name", name);
}

/* qemuAssignDeviceControllerAlias for the machines tidemark runs
 * (i440fx: PCI multibus, the built-in IDE controller). */
static char *
controller_alias(xmlNodePtr ctrl)
{
    g_autofree char *type = virXMLPropString(ctrl, "type");
    g_autofree char *index = virXMLPropString(ctrl, "index");
    const char *idx = index ? index : "0";

    if (!type)
        return NULL;
    if (STREQ(type, "pci"))
        return g_strdup_printf("pci.%s", idx);
    if ((STREQ(type, "ide") || STREQ(type, "usb")) && STREQ(idx, "0"))
        return g_strdup(type);
    return g_strdup_printf("%s%s", type, idx);
}

void
qemuAssignDeviceAliases(virDomainDef *def)
{
    xmlNodePtr devices = virXMLChildElement(def->root, "devices");
    int nets = 0, videos = 0, inputs = 0, serials = 0;

    for (size_t i = 0; i < def->ndisks; i++) {
        g_autofree char *alias = qemuDiskAlias(def, def->disks[i]);

        set_alias(def->disks[i]->node, alias);
    }
    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        g_autofree char *alias = NULL;

        if (cur->type != XML_ELEMENT_NODE || cur->ns)
            continue;
        if (virXMLNodeNameEqual(cur, "controller")) {
            alias = controller_alias(cur);
        } else if (virXMLNodeNameEqual(cur, "interface")) {
            alias = g_strdup_printf("net%d", nets++);
        } else if (virXMLNodeNameEqual(cur, "input")) {
            alias = g_strdup_printf("input%d", inputs++);
        } else if (virXMLNodeNameEqual(cur, "serial")) {
            alias = g_strdup_printf("serial%d", serials++);
        } else if (virXMLNodeNameEqual(cur, "video")) {
            alias = g_strdup_printf("video%d", videos++);
        } else if (virXMLNodeNameEqual(cur, "memballoon")) {
            g_autofree char *model = virXMLPropString(cur, "model");

            if (g_strcmp0(model, "none") != 0)
                alias = g_strdup("balloon0");
        }
        if (alias)
            set_alias(cur, alias);
    }
}
