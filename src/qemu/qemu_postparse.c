/*
 * qemu_postparse.c: what libvirt's qemu driver fills into a domain
 *
 * On define (and on every parse, as in libvirt) a domain for the qemu
 * driver gets: the canonical machine type, the emulator, the default
 * CPU, disk driver names and formats, the implicit USB and PCI root
 * controllers, PS/2 inputs, an audio backend, a balloon, NIC models,
 * serial target models, and a PCI address for every PCI device, in
 * libvirt's order of assignment. The generic defaults (drive addresses,
 * consoles, video, MACs) come from src/conf/ first.
 *
 * Only the i440fx ("pc") machine family is supported; other machines
 * are refused here with a message naming them.
 */
#include "internal.h"

#include <unistd.h>

#include "qemu/qemu_postparse.h"
#include "qemu/qemu_capabilities.h"
#include "conf/domain_xmledit.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* ---- small helpers over the preserved XML ---- */

static xmlNodePtr
devices_node(virDomainDef *def)
{
    xmlNodePtr devices = virXMLChildElement(def->root, "devices");

    if (!devices)
        devices = xmlNewChild(def->root, NULL, BAD_CAST "devices", NULL);
    return devices;
}

static bool
prop_is(xmlNodePtr node, const char *name, const char *value)
{
    g_autofree char *v = virXMLPropString(node, name);

    return v && STREQ(v, value);
}

static bool
is_element(xmlNodePtr node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, BAD_CAST name);
}

/* The last child element named @name of @parent, or NULL. */
static xmlNodePtr
last_child(xmlNodePtr parent, const char *name)
{
    xmlNodePtr found = NULL;

    for (xmlNodePtr cur = parent->children; cur; cur = cur->next) {
        if (is_element(cur, name))
            found = cur;
    }
    return found;
}

/* Appends a new element after the last sibling of the same name (the
 * formatter orders device kinds; within a kind, document order holds). */
static xmlNodePtr
add_device(virDomainDef *def, const char *name)
{
    xmlNodePtr devices = devices_node(def);
    xmlNodePtr node = xmlNewDocNode(def->root->doc, NULL, BAD_CAST name, NULL);
    xmlNodePtr last = last_child(devices, name);

    if (last)
        xmlAddNextSibling(last, node);
    else
        xmlAddChild(devices, node);
    return node;
}

/* Rewrites the attributes of @node so the ones in @order come first, in
 * that order (libvirt's formatters print attributes in a fixed order). */
static void
order_attrs(xmlNodePtr node, const char *const *order)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 0; order[i]; i++) {
        char *v = virXMLPropString(node, order[i]);

        if (v) {
            g_ptr_array_add(names, g_strdup(order[i]));
            g_ptr_array_add(values, v);
            xmlUnsetProp(node, BAD_CAST order[i]);
        }
    }
    /* the rest keep their relative order, after the ordered ones */
    while (node->properties) {
        xmlAttrPtr attr = node->properties;

        g_ptr_array_add(names, g_strdup((const char *)attr->name));
        g_ptr_array_add(values, virXMLPropString(node, (const char *)attr->name));
        xmlRemoveProp(attr);
    }
    for (size_t i = 0; i < names->len; i++)
        xmlNewProp(node, BAD_CAST g_ptr_array_index(names, i),
                   BAD_CAST g_ptr_array_index(values, i));
}

/* ---- PCI addresses on the i440fx root bus ---- */

#define PCI_SLOTS 32

typedef struct {
    bool used[PCI_SLOTS][8];
} pciBus;

static xmlNodePtr
pci_address_of(xmlNodePtr dev)
{
    xmlNodePtr addr = virXMLChildElement(dev, "address");

    return addr && prop_is(addr, "type", "pci") ? addr : NULL;
}

static unsigned int
hex_prop(xmlNodePtr node, const char *name)
{
    g_autofree char *v = virXMLPropString(node, name);

    return v ? (unsigned int)g_ascii_strtoull(v, NULL, 0) : 0;
}

static void
set_pci_address(xmlNodePtr dev, unsigned int slot, unsigned int function)
{
    xmlNodePtr addr = xmlNewChild(dev, NULL, BAD_CAST "address", NULL);
    g_autofree char *s = g_strdup_printf("0x%02x", slot);
    g_autofree char *f = g_strdup_printf("0x%x", function);

    xmlNewProp(addr, BAD_CAST "type", BAD_CAST "pci");
    xmlNewProp(addr, BAD_CAST "domain", BAD_CAST "0x0000");
    xmlNewProp(addr, BAD_CAST "bus", BAD_CAST "0x00");
    xmlNewProp(addr, BAD_CAST "slot", BAD_CAST s);
    xmlNewProp(addr, BAD_CAST "function", BAD_CAST f);
}

/* Gives @dev the first slot with nothing on it (slot 1 is the PIIX3's;
 * slot 2 is kept for a primary video by assign_pci_addresses). */
static int
assign_next_slot(pciBus *bus, xmlNodePtr dev)
{
    if (pci_address_of(dev))
        return 0;
    for (unsigned int slot = 2; slot < PCI_SLOTS; slot++) {
        bool free_slot = true;

        for (unsigned int fn = 0; fn < 8; fn++)
            free_slot &= !bus->used[slot][fn];
        if (free_slot) {
            bus->used[slot][0] = true;
            set_pci_address(dev, slot, 0);
            return 0;
        }
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                   "No more available PCI slots");
    return -1;
}

static bool
controller_needs_pci(xmlNodePtr ctrl)
{
    g_autofree char *type = virXMLPropString(ctrl, "type");
    g_autofree char *model = virXMLPropString(ctrl, "model");
    g_autofree char *index = virXMLPropString(ctrl, "index");
    bool first = !index || STREQ(index, "0");

    if (!type)
        return false;
    if (STREQ(type, "pci") || STREQ(type, "fdc") || STREQ(type, "ccid"))
        return false;
    if (STREQ(type, "ide") && first)
        return false;                   /* on the PIIX3 */
    if (STREQ(type, "usb") && (g_strcmp0(model, "none") == 0 ||
                               (first && g_strcmp0(model, "piix3-uhci") == 0)))
        return false;
    return true;
}

static bool
video_is_primary(xmlNodePtr video)
{
    xmlNodePtr model = virXMLChildElement(video, "model");

    return model && prop_is(model, "primary", "yes");
}

static int
assign_pci_addresses(virDomainDef *def)
{
    xmlNodePtr devices = devices_node(def);
    pciBus bus = { 0 };
    xmlNodePtr cur;

    /* reserve what the XML already places */
    bus.used[0][0] = true;              /* the host bridge */
    for (cur = devices->children; cur; cur = cur->next) {
        xmlNodePtr addr;

        if (cur->type == XML_ELEMENT_NODE && (addr = pci_address_of(cur))) {
            unsigned int slot = hex_prop(addr, "slot");
            unsigned int fn = hex_prop(addr, "function");

            if (slot < PCI_SLOTS && fn < 8)
                bus.used[slot][fn] = true;
        }
    }
    for (unsigned int fn = 0; fn < 8; fn++)
        bus.used[1][fn] = true;         /* PIIX3: ISA, IDE, USB, PM */

    for (cur = devices->children; cur; cur = cur->next) {
        if (is_element(cur, "controller") && prop_is(cur, "type", "ide") &&
            !pci_address_of(cur) && !controller_needs_pci(cur))
            set_pci_address(cur, 1, 1);
        if (is_element(cur, "controller") && prop_is(cur, "type", "usb") &&
            !pci_address_of(cur) && prop_is(cur, "model", "piix3-uhci") &&
            !controller_needs_pci(cur))
            set_pci_address(cur, 1, 2);
    }

    /* the primary video (the one marked so, else the first) owns slot 2
     * when it is free */
    for (cur = devices->children; cur; cur = cur->next) {
        if (is_element(cur, "video") && video_is_primary(cur))
            break;
    }
    if (!cur)
        cur = last_child(devices, "video") ? devices->children : NULL;
    for (; cur; cur = cur->next) {
        if (is_element(cur, "video") &&
            !prop_is(virXMLChildElement(cur, "model"), "type", "none")) {
            if (!pci_address_of(cur) && !bus.used[2][0])
                set_pci_address(cur, 2, 0);
            bus.used[2][0] = true;
            break;
        }
    }

    /* then libvirt's order: NICs, controllers, virtio disks, balloon,
     * other videos */
    for (cur = devices->children; cur; cur = cur->next) {
        if (is_element(cur, "interface") && assign_next_slot(&bus, cur) < 0)
            return -1;
    }
    for (cur = devices->children; cur; cur = cur->next) {
        if (is_element(cur, "controller") && controller_needs_pci(cur) &&
            assign_next_slot(&bus, cur) < 0)
            return -1;
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        if (g_strcmp0(def->disks[i]->bus, "virtio") == 0 &&
            assign_next_slot(&bus, def->disks[i]->node) < 0)
            return -1;
    }
    for (cur = devices->children; cur; cur = cur->next) {
        if (is_element(cur, "memballoon") && prop_is(cur, "model", "virtio") &&
            assign_next_slot(&bus, cur) < 0)
            return -1;
    }
    for (cur = devices->children; cur; cur = cur->next) {
        if (is_element(cur, "video") &&
            !prop_is(virXMLChildElement(cur, "model"), "type", "none") &&
            assign_next_slot(&bus, cur) < 0)
            return -1;
    }
    return 0;
}

/* ---- device defaults ---- */

static bool
has_device(virDomainDef *def, const char *name, const char *attr, const char *value)
{
    for (xmlNodePtr cur = devices_node(def)->children; cur; cur = cur->next) {
        if (is_element(cur, name) && (!attr || prop_is(cur, attr, value)))
            return true;
    }
    return false;
}

/* Adds a controller in libvirt's place: after every controller, since
 * the implicit ones libvirt adds come last in its list. */
static xmlNodePtr
add_controller(virDomainDef *def, const char *type, const char *model)
{
    xmlNodePtr ctrl = add_device(def, "controller");

    xmlNewProp(ctrl, BAD_CAST "type", BAD_CAST type);
    xmlNewProp(ctrl, BAD_CAST "index", BAD_CAST "0");
    if (model)
        xmlNewProp(ctrl, BAD_CAST "model", BAD_CAST model);
    return ctrl;
}

/* The implicit USB and PCI root controllers. */
static void
default_controllers(virDomainDef *def)
{
    if (!has_device(def, "controller", "type", "usb"))
        add_controller(def, "usb", "piix3-uhci");
    if (!has_device(def, "controller", "type", "pci"))
        add_controller(def, "pci", "pci-root");
}

/* Controller models and indexes; runs after the generic step has added
 * the storage controllers that disks imply. */
static void
default_controller_models(virDomainDef *def)
{
    for (xmlNodePtr cur = devices_node(def)->children; cur; cur = cur->next) {
        if (!is_element(cur, "controller"))
            continue;
        if (prop_is(cur, "type", "usb") && !xmlHasProp(cur, BAD_CAST "model"))
            xmlNewProp(cur, BAD_CAST "model", BAD_CAST "piix3-uhci");
        if (prop_is(cur, "type", "pci") && !xmlHasProp(cur, BAD_CAST "model"))
            xmlNewProp(cur, BAD_CAST "model", BAD_CAST "pci-root");
        /* QEMU 7.2 has the LSI device, libvirt's first choice */
        if (prop_is(cur, "type", "scsi") && !xmlHasProp(cur, BAD_CAST "model"))
            xmlNewProp(cur, BAD_CAST "model", BAD_CAST "lsilogic");
        if (!xmlHasProp(cur, BAD_CAST "index"))
            xmlNewProp(cur, BAD_CAST "index", BAD_CAST "0");
        order_attrs(cur, (const char *const[]){ "type", "index", "model", NULL });
    }
}

/* ---- USB addresses ---- */

#define USB_BUSES 8
#define USB_PORTS 16

typedef struct {
    int nports[USB_BUSES];
    bool used[USB_BUSES][USB_PORTS + 1];
} usbBuses;

/* libvirt's port counts of the USB controller models */
static int
usb_ports(xmlNodePtr ctrl)
{
    g_autofree char *model = virXMLPropString(ctrl, "model");
    g_autofree char *ports = virXMLPropString(ctrl, "ports");

    if (!model || STREQ(model, "piix3-uhci") || STREQ(model, "piix4-uhci") ||
        STREQ(model, "vt82c686b-uhci"))
        return 2;
    if (STREQ(model, "ehci") || STREQ(model, "ich9-ehci1"))
        return 6;
    if (STREQ(model, "pci-ohci"))
        return 3;
    if (STREQ(model, "nec-xhci") || STREQ(model, "qemu-xhci"))
        return ports ? MIN(atoi(ports), USB_PORTS) : 4;
    return 0;
}

/* Gives every USB input without an address the first free port, in
 * controller order, as libvirt does; an input that finds none keeps no
 * address (libvirt would add a hub) and is refused at start. */
static void
assign_usb_addresses(virDomainDef *def)
{
    xmlNodePtr devices = devices_node(def);
    usbBuses buses = { 0 };
    xmlNodePtr cur;

    for (cur = devices->children; cur; cur = cur->next) {
        unsigned int index;

        if (!is_element(cur, "controller") || !prop_is(cur, "type", "usb"))
            continue;
        index = hex_prop(cur, "index");
        if (index < USB_BUSES)
            buses.nports[index] = usb_ports(cur);
    }
    /* ports taken by addresses already given (a hub's path counts for
     * its first port) */
    for (cur = devices->children; cur; cur = cur->next) {
        xmlNodePtr addr = cur->type == XML_ELEMENT_NODE ?
                          virXMLChildElement(cur, "address") : NULL;

        if (addr && prop_is(addr, "type", "usb")) {
            unsigned int bus = hex_prop(addr, "bus");
            unsigned int port = hex_prop(addr, "port");

            if (bus < USB_BUSES && port <= USB_PORTS)
                buses.used[bus][port] = true;
        }
    }
    for (cur = devices->children; cur; cur = cur->next) {
        if (!is_element(cur, "input") || !prop_is(cur, "bus", "usb") ||
            virXMLChildElement(cur, "address"))
            continue;
        for (unsigned int bus = 0; bus < USB_BUSES; bus++) {
            int port;

            for (port = 1; port <= buses.nports[bus] && buses.used[bus][port]; port++)
                ;
            if (port <= buses.nports[bus]) {
                xmlNodePtr addr = xmlNewChild(cur, NULL, BAD_CAST "address", NULL);
                g_autofree char *b = g_strdup_printf("%u", bus);
                g_autofree char *p = g_strdup_printf("%d", port);

                xmlNewProp(addr, BAD_CAST "type", BAD_CAST "usb");
                xmlNewProp(addr, BAD_CAST "bus", BAD_CAST b);
                xmlNewProp(addr, BAD_CAST "port", BAD_CAST p);
                buses.used[bus][port] = true;
                break;
            }
        }
    }
}

static void
default_inputs(virDomainDef *def)
{
    bool mouse = false, keyboard = false;

    for (xmlNodePtr cur = devices_node(def)->children; cur; cur = cur->next) {
        if (is_element(cur, "input") && prop_is(cur, "bus", "ps2")) {
            mouse |= prop_is(cur, "type", "mouse");
            keyboard |= prop_is(cur, "type", "keyboard");
        }
    }
    if (!mouse) {
        xmlNodePtr in = add_device(def, "input");

        xmlNewProp(in, BAD_CAST "type", BAD_CAST "mouse");
        xmlNewProp(in, BAD_CAST "bus", BAD_CAST "ps2");
    }
    if (!keyboard) {
        xmlNodePtr in = add_device(def, "input");

        xmlNewProp(in, BAD_CAST "type", BAD_CAST "keyboard");
        xmlNewProp(in, BAD_CAST "bus", BAD_CAST "ps2");
    }
}

static void
default_audio_and_balloon(virDomainDef *def)
{
    if (!has_device(def, "audio", NULL, NULL)) {
        xmlNodePtr audio = add_device(def, "audio");

        xmlNewProp(audio, BAD_CAST "id", BAD_CAST "1");
        xmlNewProp(audio, BAD_CAST "type", BAD_CAST "none");
    }
    if (!has_device(def, "memballoon", NULL, NULL)) {
        xmlNodePtr balloon = add_device(def, "memballoon");

        xmlNewProp(balloon, BAD_CAST "model", BAD_CAST "virtio");
    }
}

static void
default_nets_and_serials(virDomainDef *def)
{
    for (xmlNodePtr cur = devices_node(def)->children; cur; cur = cur->next) {
        if (is_element(cur, "interface") && !virXMLChildElement(cur, "model")) {
            xmlNodePtr model = xmlNewDocNode(def->root->doc, NULL, BAD_CAST "model", NULL);
            xmlNodePtr before = virXMLChildElement(cur, "address");

            xmlNewProp(model, BAD_CAST "type", BAD_CAST "rtl8139");
            if (before)
                xmlAddPrevSibling(before, model);
            else
                xmlAddChild(cur, model);
        }
        if (is_element(cur, "serial")) {
            xmlNodePtr target = virXMLChildElement(cur, "target");

            if (!target)
                target = xmlNewChild(cur, NULL, BAD_CAST "target", NULL);
            if (!xmlHasProp(target, BAD_CAST "type")) {
                xmlNewProp(target, BAD_CAST "type", BAD_CAST "isa-serial");
                order_attrs(target, (const char *const[]){ "type", "port", NULL });
            }
            if (prop_is(target, "type", "isa-serial") &&
                !virXMLChildElement(target, "model")) {
                xmlNodePtr model = xmlNewChild(target, NULL, BAD_CAST "model", NULL);

                xmlNewProp(model, BAD_CAST "name", BAD_CAST "isa-serial");
            }
        }
    }
}

static void
default_disks(virDomainDef *def, unsigned int parse_flags)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];

        if (!disk->driver_name)
            disk->driver_name = g_strdup("qemu");
        /* an unspecified format is raw: never probed, as in libvirt.
         * An empty drive of a running domain has none (the live state
         * qemu_process_live.c writes, read back from the status file) */
        if (!disk->driver_type &&
            (disk->src || (parse_flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)))
            disk->driver_type = g_strdup("raw");
    }
}

/* libvirt's CPU defaults: a custom qemu64 (qemu32 for an i386
 * emulator) when there is no model; the check, match and fallback
 * defaults of each mode. */
static void
default_cpu(virDomainDef *def)
{
    xmlNodePtr cpu = virXMLChildElement(def->root, "cpu");
    g_autofree char *mode = cpu ? virXMLPropString(cpu, "mode") : NULL;
    xmlNodePtr model = cpu ? virXMLChildElement(cpu, "model") : NULL;
    const char *check = NULL;

    if (!mode || STREQ(mode, "custom")) {
        /* custom CPUs are not compared with the host's under TCG */
        check = STREQ(def->virt_type, "qemu") || !model ? "none" : "partial";
        if (!cpu)
            cpu = xmlNewChild(def->root, NULL, BAD_CAST "cpu", NULL);
        if (!xmlHasProp(cpu, BAD_CAST "mode"))
            xmlNewProp(cpu, BAD_CAST "mode", BAD_CAST "custom");
        if (!xmlHasProp(cpu, BAD_CAST "match"))
            xmlNewProp(cpu, BAD_CAST "match", BAD_CAST "exact");
        if (!model) {
            xmlNodePtr first = xmlFirstElementChild(cpu);

            /* libvirt prints the model first, before a <topology> */
            model = xmlNewDocRawNode(def->root->doc, NULL, BAD_CAST "model",
                                     BAD_CAST qemuCapsDefaultCPUModel(def->emulator));
            if (first)
                xmlAddPrevSibling(first, model);
            else
                xmlAddChild(cpu, model);
            xmlNewProp(model, BAD_CAST "fallback", BAD_CAST "forbid");
        } else if (!xmlHasProp(model, BAD_CAST "fallback")) {
            xmlNewProp(model, BAD_CAST "fallback", BAD_CAST "allow");
        }
    } else if (STREQ(mode, "host-passthrough") || STREQ(mode, "maximum")) {
        check = "none";
        /* QEMU 7.2 has the migratable property libvirt asks for */
        if (STREQ(mode, "host-passthrough") && !xmlHasProp(cpu, BAD_CAST "migratable"))
            xmlNewProp(cpu, BAD_CAST "migratable", BAD_CAST "on");
    } else if (STREQ(mode, "host-model")) {
        check = "partial";
    }
    if (check && !xmlHasProp(cpu, BAD_CAST "check"))
        xmlNewProp(cpu, BAD_CAST "check", BAD_CAST check);
    order_attrs(cpu, (const char *const[]){ "mode", "match", "check", "migratable", NULL });
}

typedef enum {
    MACHINE_I440FX,
    MACHINE_Q35,
    MACHINE_OTHER,      /* no PCI bus libvirt knows of */
} machineFamily;

/* libvirt's tests on the machine name (qemuDomainMachineIsI440FX, ...Q35) */
static machineFamily
machine_family(const char *machine)
{
    if (STREQ(machine, "pc") || g_str_has_prefix(machine, "pc-0.") ||
        g_str_has_prefix(machine, "pc-1.") || g_str_has_prefix(machine, "pc-i440fx-") ||
        g_str_has_prefix(machine, "rhel"))
        return MACHINE_I440FX;
    if (STREQ(machine, "q35") || g_str_has_prefix(machine, "pc-q35-"))
        return MACHINE_Q35;
    return MACHINE_OTHER;
}

/* Whether @def is a domain tidemark runs, and so gets libvirt's i440fx
 * defaults. Others are kept as written, and refused at start. */
static bool
runs_here(const virDomainDef *def)
{
    return machine_family(def->os_machine) == MACHINE_I440FX;
}

/* The emulator, virt type and machine checks of libvirt's post-parse and
 * validation, in its order and with its errors. */
static int
check_platform(qemuDriver *driver, virDomainDef *def)
{
    g_autofree char *canonical = NULL;
    bool kvm = STREQ(def->virt_type, "kvm");

    if (!def->os_arch)
        def->os_arch = g_strdup("x86_64");
    if (!def->emulator && !(def->emulator = qemuCapsEmulatorForArch(driver, def->os_arch))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "No emulator found for arch '%s'", def->os_arch);
        return -1;
    }
    if (STRNEQ(def->os_arch, "x86_64") && STRNEQ(def->os_arch, "i686")) {
        /* libvirt would run it; tidemark knows no defaults for it */
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "tidemark's qemu driver runs x86 guests only, not arch '%s'",
                       def->os_arch);
        return -1;
    }
    /* the preferred machine of a virt type the host lacks */
    if (!def->os_machine && kvm && !qemuCapsHaveKVM()) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "could not get preferred machine for %s type=%s",
                       def->emulator, def->virt_type);
        return -1;
    }
    if (!(canonical = qemuCapsCanonicalMachine(driver, def->os_machine)))
        return -1;
    if (*canonical) {
        g_free(def->os_machine);
        def->os_machine = g_strdup(canonical);
    } else if (!def->os_machine) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "could not get preferred machine for %s type=%s",
                       def->emulator, def->virt_type);
        return -1;
    }
    /* libvirt assigns PCI addresses before it validates the machine */
    if (machine_family(def->os_machine) == MACHINE_OTHER) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "No PCI buses available");
        return -1;
    }
    if ((STRNEQ(def->virt_type, "qemu") && !kvm) || (kvm && !qemuCapsHaveKVM())) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Emulator '%s' does not support virt type '%s'",
                       def->emulator, def->virt_type);
        return -1;
    }
    if (!*canonical) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Emulator '%s' does not support machine type '%s'",
                       def->emulator, def->os_machine);
        return -1;
    }
    return 0;
}

int
qemuDomainDefPostParse(virDomainDef *def, unsigned int parse_flags, void *opaque)
{
    qemuDriver *driver = opaque;

    if (check_platform(driver, def) < 0)
        return -1;
    if (!runs_here(def))
        return 0;

    default_cpu(def);
    default_controllers(def);
    default_inputs(def);
    default_audio_and_balloon(def);
    /* libvirt's per-device defaults */
    default_disks(def, parse_flags);
    default_nets_and_serials(def);
    return 0;
}

int
qemuDomainDefAssignAddresses(virDomainDef *def, unsigned int parse_flags,
                             void *opaque)
{
    if (!runs_here(def))
        return 0;
    default_controller_models(def);
    if (assign_pci_addresses(def) < 0)
        return -1;
    assign_usb_addresses(def);
    return 0;
}

/* ---- migratable XML ---- */

/* The one device @name (with @attr=@value) of @def; NULL when it has
 * none or several. */
static xmlNodePtr
sole_device(virDomainDef *def, const char *name, const char *attr, const char *value)
{
    xmlNodePtr found = NULL;

    for (xmlNodePtr cur = devices_node(def)->children; cur; cur = cur->next) {
        if (!is_element(cur, name) || (attr && !prop_is(cur, attr, value)))
            continue;
        if (found)
            return NULL;
        found = cur;
    }
    return found;
}

/* Whether @dev has an alias of the user's own ("ua-" names). */
static bool
has_user_alias(xmlNodePtr dev)
{
    xmlNodePtr alias = virXMLChildElement(dev, "alias");
    g_autofree char *name = alias ? virXMLPropString(alias, "name") : NULL;

    return name && g_str_has_prefix(name, "ua-");
}

/* Whether @audio is the backend default_audio_and_balloon adds. */
static bool
is_default_audio(xmlNodePtr audio)
{
    size_t nattrs = 0;

    for (xmlAttrPtr a = audio->properties; a; a = a->next)
        nattrs++;
    return nattrs == 2 && prop_is(audio, "id", "1") && prop_is(audio, "type", "none") &&
        !virXMLChildElement(audio, NULL);
}

char *
qemuDomainDefFormatMigratable(qemuDriver *driver, const virDomainDef *def,
                              unsigned int flags)
{
    g_autoptr(virDomainDef) copy = virDomainDefCopy(def, &driver->xmlopt);
    xmlNodePtr dev;

    if (!copy)
        return NULL;
    /* the controllers libvirt always added (older ones did not write
     * them), and the audio backend it adds (older ones knew none) */
    if ((dev = sole_device(copy, "controller", "type", "usb")) && prop_is(dev, "index", "0") &&
        (!xmlHasProp(dev, BAD_CAST "model") || prop_is(dev, "model", "piix3-uhci")) &&
        !has_user_alias(dev))
        virDomainXMLRemove(dev);
    if ((dev = sole_device(copy, "controller", "type", "pci")) && prop_is(dev, "index", "0") &&
        prop_is(dev, "model", "pci-root") && !has_user_alias(dev) &&
        !virXMLChildElement(dev, "pcihole64"))
        virDomainXMLRemove(dev);
    if ((dev = sole_device(copy, "audio", NULL, NULL)) && is_default_audio(dev))
        virDomainXMLRemove(dev);
    return virDomainDefFormat(copy, flags | VIR_DOMAIN_DEF_FORMAT_INACTIVE |
                              VIR_DOMAIN_DEF_FORMAT_MIGRATABLE);
}
