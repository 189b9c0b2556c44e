/*
 * domain_controller.c: <controller> devices as libvirt 9.0 keeps them
 *
 * Facts from libvirt's virDomainControllerDefParseXML,
 * virDomainDefControllersParse, virDomainControllerInsertPreAlloced,
 * virDomainAssignControllerIndexes, virDomainDefRejectDuplicateControllers,
 * virDomainDefAddImplicitControllers and virDomainControllerDefFormat.
 */
#include "internal.h"
#include "conf/domain_controller.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

typedef enum {
    CTRL_IDE,
    CTRL_FDC,
    CTRL_SCSI,
    CTRL_SATA,
    CTRL_VIRTIO_SERIAL,
    CTRL_CCID,
    CTRL_USB,
    CTRL_PCI,
    CTRL_XENBUS,
    CTRL_ISA,
} ctrl_type;

static const char *const ctrl_types[] = {
    "ide", "fdc", "scsi", "sata", "virtio-serial", "ccid", "usb", "pci",
    "xenbus", "isa", NULL,
};

static const char *const scsi_models[] = {
    "auto", "buslogic", "lsilogic", "lsisas1068", "vmpvscsi", "ibmvscsi",
    "virtio-scsi", "lsisas1078", "virtio-transitional",
    "virtio-non-transitional", "ncr53c90", "dc390", "am53c974", NULL,
};
static const char *const usb_models[] = {
    "piix3-uhci", "piix4-uhci", "ehci", "ich9-ehci1", "ich9-uhci1",
    "ich9-uhci2", "ich9-uhci3", "vt82c686b-uhci", "pci-ohci", "nec-xhci",
    "qusb1", "qusb2", "qemu-xhci", "none", NULL,
};
static const char *const pci_models[] = {
    "pci-root", "pcie-root", "pci-bridge", "dmi-to-pci-bridge",
    "pcie-to-pci-bridge", "pcie-root-port", "pcie-switch-upstream-port",
    "pcie-switch-downstream-port", "pci-expander-bus", "pcie-expander-bus", NULL,
};
static const char *const ide_models[] = { "piix3", "piix4", "ich6", NULL };
static const char *const vioserial_models[] = {
    "virtio", "virtio-transitional", "virtio-non-transitional", NULL,
};
static const char *const no_models[] = { NULL };

static const char *const *const models[] = {
    [CTRL_IDE] = ide_models, [CTRL_FDC] = no_models, [CTRL_SCSI] = scsi_models,
    [CTRL_SATA] = no_models, [CTRL_VIRTIO_SERIAL] = vioserial_models,
    [CTRL_CCID] = no_models, [CTRL_USB] = usb_models, [CTRL_PCI] = pci_models,
    [CTRL_XENBUS] = no_models, [CTRL_ISA] = no_models,
};

static const char *const ctrl_attrs[] = {
    "type", "index", "model", "ports", "vectors", "maxGrantFrames",
    "maxEventChannels", NULL,
};
static const char *const ctrl_children[] = {
    "model", "target", "driver", "alias", "master", "acpi", "address",
    "pcihole64", NULL,
};

typedef struct {
    xmlNodePtr node;
    int type;
    int idx;          /* -1: not given */
    const char *model;/* NULL: none */
    bool master;      /* a USB companion (has <master>) */
} ctrl;

struct _virDomainControllerList {
    GPtrArray *items; /* ctrl *, libvirt's order */
    xmlNodePtr devices;
};

void
virDomainControllerListFree(virDomainControllerList *list)
{
    if (!list)
        return;
    g_ptr_array_unref(list->items);
    g_free(list);
}

static bool
is_usb2(const ctrl *c)
{
    return c->type == CTRL_USB && c->model &&
        (STREQ(c->model, "ich9-ehci1") || STREQ(c->model, "ich9-uhci1") ||
         STREQ(c->model, "ich9-uhci2") || STREQ(c->model, "ich9-uhci3"));
}

/* virDomainControllerInsertPreAlloced */
static void
insert(GPtrArray *items, ctrl *c)
{
    gssize at = -1;

    for (gssize i = (gssize)items->len - 1; i >= 0; i--) {
        const ctrl *cur = items->pdata[i];

        if (cur->type != c->type)
            continue;
        if (c->idx == -1) {
            /* after the last one of its type */
            at = i + 1;
            break;
        }
        if (cur->idx > c->idx)
            at = i;
        else if (!c->master && cur->master && cur->idx == c->idx)
            at = i; /* a master goes before its companions */
        else if (at == -1)
            at = i + 1;
    }
    if (at < 0)
        g_ptr_array_add(items, c);
    else
        g_ptr_array_insert(items, at, c);
}

/* A non-negative number attribute, -1 when absent. */
static int
int_attr(xmlNodePtr node, const char *name, int *value)
{
    return virXMLPropInt(node, name, VIR_XML_PROP_NONNEGATIVE, value, -1);
}

static ctrl *
ctrl_parse(xmlNodePtr node)
{
    g_autofree ctrl *c = g_new0(ctrl, 1);
    g_autofree char *model = virXMLPropString(node, "model");
    static const char *const plain_numbers[] = { "ports", NULL };
    static const char *const vioserial_numbers[] = { "ports", "vectors", NULL };
    static const char *const xenbus_numbers[] = {
        "ports", "maxGrantFrames", "maxEventChannels", NULL,
    };
    const char *const *numbers = plain_numbers;

    c->node = node;
    if (virXMLPropEnum(node, "type", ctrl_types, VIR_XML_PROP_NONE, &c->type, 0) < 0)
        return NULL;
    if (c->type == CTRL_VIRTIO_SERIAL)
        numbers = vioserial_numbers;
    else if (c->type == CTRL_XENBUS)
        numbers = xenbus_numbers;
    if (model) {
        const char *const *list = models[c->type];

        for (size_t i = 0; list[i]; i++) {
            if (STREQ(list[i], model))
                c->model = list[i];
        }
        if (!c->model) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "Unknown model type '%s'", model);
            return NULL;
        }
    }
    if (int_attr(node, "index", &c->idx) < 0)
        return NULL;
    for (size_t i = 0; numbers[i]; i++) {
        int value;

        if (int_attr(node, numbers[i], &value) < 0)
            return NULL;
        /* reformatted as libvirt prints numbers */
        if (value >= 0)
            virDomainXMLSetPropf(node, numbers[i], "%d", value);
    }
    /* libvirt prints ports only for the types that have them */
    if (c->type != CTRL_VIRTIO_SERIAL && c->type != CTRL_USB)
        virDomainXMLSetProp(node, "ports", NULL);

    c->master = virXMLChildElement(node, "master") != NULL;
    if (c->type == CTRL_USB && !c->master && c->model &&
        g_str_has_prefix(c->model, "ich9-uhci")) {
        /* a companion without <master> gets its default start port */
        xmlNodePtr master = virDomainXMLAddChild(node, "master", ctrl_children);

        virDomainXMLSetPropf(master, "startport", "%d", (c->model[9] - '1') * 2);
        c->master = true;
    }
    return g_steal_pointer(&c);
}

virDomainControllerList *
virDomainControllerParse(xmlNodePtr devices)
{
    g_autoptr(virDomainControllerList) list = g_new0(virDomainControllerList, 1);
    g_autoptr(GPtrArray) nodes = virDomainXMLChildren(devices, "controller");
    bool usb_none = false;
    bool usb_other = false;
    bool usb_master = false;

    list->items = g_ptr_array_new_with_free_func(g_free);
    list->devices = devices;
    for (guint i = 0; i < nodes->len; i++) {
        ctrl *c = ctrl_parse(nodes->pdata[i]);

        if (!c)
            return NULL;
        if (c->type == CTRL_USB) {
            /* "none" disables USB: it must be the only USB controller */
            bool none = c->model && STREQ(c->model, "none");

            if (usb_none || (none && usb_other)) {
                virReportError(VIR_ERR_XML_DETAIL, "%s",
                               "Can't add another USB controller: USB is disabled for this domain");
                g_free(c);
                return NULL;
            }
            usb_none = none;
            usb_other = usb_other || !none;
            usb_master = usb_master || (!none && !c->master);
        }
        insert(list->items, c);
    }
    if (usb_other && !usb_master) {
        virReportError(VIR_ERR_XML_DETAIL, "%s", "No master USB controller specified");
        return NULL;
    }
    return g_steal_pointer(&list);
}

static bool
index_used(GPtrArray *items, int type, int idx)
{
    for (guint i = 0; i < items->len; i++) {
        const ctrl *c = items->pdata[i];

        if (c->type == type && c->idx == idx)
            return true;
    }
    return false;
}

static int
unused_index(GPtrArray *items, int type)
{
    int idx = 0;

    while (index_used(items, type, idx))
        idx++;
    return idx;
}

int
virDomainControllerAssignIndexes(virDomainControllerList *list)
{
    GPtrArray *items = list->items;

    for (guint i = 0; i < items->len; i++) {
        ctrl *c = items->pdata[i];
        const ctrl *prev = NULL;

        if (c->idx != -1)
            continue;
        /* a USB2 companion joins the group of the USB2 controller just
         * before it, unless that group has one of its model already */
        if (i > 0 && is_usb2(c)) {
            for (gssize j = (gssize)i - 1; j >= 0 && !prev; j--) {
                if (((ctrl *)items->pdata[j])->type == CTRL_USB)
                    prev = items->pdata[j];
            }
            if (prev && !is_usb2(prev))
                prev = NULL;
            for (guint j = 0; prev && j < items->len; j++) {
                const ctrl *other = items->pdata[j];

                if (other->type == CTRL_USB && other->idx == prev->idx &&
                    g_strcmp0(other->model, c->model) == 0)
                    prev = NULL;
            }
        }
        c->idx = prev ? prev->idx : unused_index(items, c->type);
    }

    /* virDomainDefRejectDuplicateControllers: USB may share an index */
    for (guint i = 0; i < items->len; i++) {
        const ctrl *c = items->pdata[i];

        for (guint j = 0; j < i && c->type != CTRL_USB; j++) {
            const ctrl *other = items->pdata[j];

            if (other->type == c->type && other->idx == c->idx) {
                virReportError(VIR_ERR_XML_ERROR, "Multiple '%s' controllers with index '%d'",
                               ctrl_types[c->type], c->idx);
                return -1;
            }
        }
    }
    return 0;
}

/* virDomainDefMaybeAddController: appended, not inserted */
static void
maybe_add(virDomainControllerList *list, virDomainDef *def, int type, int idx)
{
    ctrl *c;

    if (index_used(list->items, type, idx))
        return;
    if (!list->devices)
        list->devices = virDomainXMLDevices(def->root, true);
    c = g_new0(ctrl, 1);
    c->type = type;
    c->idx = idx;
    c->node = xmlNewChild(list->devices, NULL, BAD_CAST "controller", NULL);
    virDomainXMLSetProp(c->node, "type", ctrl_types[type]);
    g_ptr_array_add(list->items, c);
}

/* The controller= of an <address type=TYPE>, or -1 without one. */
static int
address_controller(xmlNodePtr device, const char *type)
{
    xmlNodePtr addr = virXMLChildElement(device, "address");
    g_autofree char *atype = addr ? virXMLPropString(addr, "type") : NULL;
    g_autofree char *value = NULL;
    unsigned int n = 0;

    if (!STREQ_NULLABLE(atype, type))
        return -1;
    if ((value = virXMLPropString(addr, "controller")) &&
        virXMLParseUInt(value, &n) < 0)
        n = 0;
    return (int)n;
}

static void
add_disk_controllers(virDomainControllerList *list, virDomainDef *def,
                     int type, const char *bus)
{
    int max = -1;

    for (size_t i = 0; i < def->ndisks; i++) {
        int n;

        if (!STREQ_NULLABLE(def->disks[i]->bus, bus))
            continue;
        if ((n = address_controller(def->disks[i]->node, "drive")) > max)
            max = n;
    }
    for (int i = 0; i <= max; i++)
        maybe_add(list, def, type, i);
}

/* virDomainDefMaybeAddVirtioSerialController: virtio channels and
 * consoles live on a virtio-serial controller */
static void
add_virtio_serial(virDomainControllerList *list, virDomainDef *def)
{
    static const char *const kinds[] = { "channel", "console" };

    for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
        g_autoptr(GPtrArray) chrs = virDomainXMLChildren(list->devices, kinds[k]);

        for (guint i = 0; i < chrs->len; i++) {
            xmlNodePtr target = virXMLChildElement(chrs->pdata[i], "target");
            g_autofree char *type = target ? virXMLPropString(target, "type") : NULL;
            int idx;

            if (!STREQ_NULLABLE(type, "virtio"))
                continue;
            idx = address_controller(chrs->pdata[i], "virtio-serial");
            maybe_add(list, def, CTRL_VIRTIO_SERIAL, idx < 0 ? 0 : idx);
        }
    }
}

/* virDomainDefMaybeAddSmartcardController: a smartcard without an
 * address gets the next slot of CCID controller 0 */
static void
add_ccid(virDomainControllerList *list, virDomainDef *def)
{
    g_autoptr(GPtrArray) cards = virDomainXMLChildren(list->devices, "smartcard");

    for (guint i = 0; i < cards->len; i++) {
        xmlNodePtr card = cards->pdata[i];
        int idx = address_controller(card, "ccid");

        if (idx < 0 && virXMLChildElement(card, "address"))
            continue; /* an address of another type */
        if (idx < 0) {
            int max = -1;
            xmlNodePtr addr;

            for (guint j = 0; j < cards->len; j++) {
                xmlNodePtr other = virXMLChildElement(cards->pdata[j], "address");
                g_autofree char *slot = other ? virXMLPropString(other, "slot") : NULL;
                unsigned int n = 0;

                if (address_controller(cards->pdata[j], "ccid") != 0)
                    continue;
                if (slot && virXMLParseUInt(slot, &n) < 0)
                    n = 0;
                if ((int)n > max)
                    max = (int)n;
            }
            addr = virDomainXMLAddChild(card, "address",
                                        (const char *const[]){ "certificate", "database",
                                                               "source", "protocol",
                                                               "alias", "address", NULL });
            virDomainXMLSetProp(addr, "type", "ccid");
            virDomainXMLSetProp(addr, "controller", "0");
            virDomainXMLSetPropf(addr, "slot", "%d", max + 1);
            idx = 0;
        }
        maybe_add(list, def, CTRL_CCID, idx);
    }
}

void
virDomainControllerAddImplicit(virDomainControllerList *list, virDomainDef *def)
{
    add_disk_controllers(list, def, CTRL_SCSI, "scsi");
    add_disk_controllers(list, def, CTRL_FDC, "fdc");
    add_disk_controllers(list, def, CTRL_IDE, "ide");
    add_disk_controllers(list, def, CTRL_SATA, "sata");
    if (list->devices) {
        add_virtio_serial(list, def);
        add_ccid(list, def);
    }

    /* write the list back: libvirt's order, canonical attributes */
    for (guint i = 0; i < list->items->len; i++) {
        ctrl *c = list->items->pdata[i];

        virDomainXMLSetProp(c->node, "type", ctrl_types[c->type]);
        virDomainXMLSetPropf(c->node, "index", "%d", c->idx);
        virDomainXMLOrderProps(c->node, ctrl_attrs);
        virDomainXMLSortChildren(c->node, ctrl_children);
        xmlUnlinkNode(c->node);
        xmlAddChild(list->devices, c->node);
    }
}
