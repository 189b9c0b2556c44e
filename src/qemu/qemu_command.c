/*
 * qemu_command.c: the QEMU command line of a domain
 *
 * Built the way libvirt 9.0 builds it for the same XML (JSON -device and
 * -blockdev, libvirt's device ids and node names), so monitor paths such
 * as /machine/peripheral/virtio-disk0 mean the same under both. Every
 * device element is either translated or refused with an error naming
 * it: nothing in the XML is silently left out of the VM.
 */
#include "internal.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "qemu/qemu_command.h"
#include "qemu/qemu_capabilities.h"
#include "qemu/qemu_chain.h"
#include "qemu/qemu_device_shape.h"
#include "util/virjson.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

typedef struct {
    GPtrArray *argv;
    const virDomainDef *def;
    int serials;            /* isa-serial index */
    int videos;
    int inputs;
    /* <os><boot dev=...> order, 1-based (0: not a boot device) */
    int boot_hd, boot_cdrom, boot_network;
} cmdBuild;

static void
add(cmdBuild *b, const char *arg)
{
    g_ptr_array_add(b->argv, g_strdup(arg));
}

static void G_GNUC_PRINTF(2, 3)
addf(cmdBuild *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(b->argv, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

/* "-OPT" followed by @props as JSON; takes @props. */
static void
add_json(cmdBuild *b, const char *opt, virJSONValue **props)
{
    add(b, opt);
    g_ptr_array_add(b->argv, virJSONValueToString(*props, false));
    g_clear_pointer(props, virJSONValueFree);
}

static char *
child_prop(xmlNodePtr node, const char *child, const char *name)
{
    xmlNodePtr c = virXMLChildElement(node, child);

    return c ? virXMLPropString(c, name) : NULL;
}

/* Refuses @node, named by the attribute that tells its kind. */
static int
refuse(xmlNodePtr node, const char *why)
{
    static const char *const kinds[] = { "type", "model", "mode", "name", "offset", NULL };

    for (size_t i = 0; kinds[i]; i++) {
        g_autofree char *value = virXMLPropString(node, kinds[i]);

        if (value) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "tidemark's qemu driver cannot run <%s %s='%s'>: %s",
                           (const char *)node->name, kinds[i], value, why);
            return -1;
        }
    }
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   "tidemark's qemu driver cannot run <%s>: %s",
                   (const char *)node->name, why);
    return -1;
}

/* bus/addr of a device with a PCI address on the root bus */
static int
pci_props(xmlNodePtr dev, virJSONValue *props)
{
    xmlNodePtr addr = virXMLChildElement(dev, "address");
    g_autofree char *type = addr ? virXMLPropString(addr, "type") : NULL;
    g_autofree char *bus = NULL;
    g_autofree char *slot = NULL;
    g_autofree char *fn = NULL;
    unsigned long long s, f;

    if (!addr)
        return 0;
    if (!type || STRNEQ(type, "pci"))
        return refuse(dev, "only PCI addresses are supported for this device");
    bus = virXMLPropString(addr, "bus");
    slot = virXMLPropString(addr, "slot");
    fn = virXMLPropString(addr, "function");
    if (bus && g_ascii_strtoull(bus, NULL, 0) != 0)
        return refuse(dev, "only the root PCI bus (bus 0) is supported");
    s = slot ? g_ascii_strtoull(slot, NULL, 0) : 0;
    f = fn ? g_ascii_strtoull(fn, NULL, 0) : 0;
    virJSONValueObjectAppendString(props, "bus", "pci.0");
    if (f) {
        g_autofree char *a = g_strdup_printf("0x%llx.0x%llx", s, f);

        virJSONValueObjectAppendString(props, "addr", a);
    } else {
        g_autofree char *a = g_strdup_printf("0x%llx", s);

        virJSONValueObjectAppendString(props, "addr", a);
    }
    return 0;
}

/* ---- boot order ---- */

/* libvirt gives the first device of each <os><boot dev=...> class the
 * boot index of that entry's position. */
static void
boot_order_from_os(cmdBuild *b)
{
    xmlNodePtr os = virXMLChildElement(b->def->root, "os");
    int n = 0;

    for (xmlNodePtr cur = os ? os->children : NULL; cur; cur = cur->next) {
        g_autofree char *dev = NULL;

        if (cur->type != XML_ELEMENT_NODE || !virXMLNodeNameEqual(cur, "boot"))
            continue;
        dev = virXMLPropString(cur, "dev");
        n++;
        if (g_strcmp0(dev, "hd") == 0 && !b->boot_hd)
            b->boot_hd = n;
        else if (g_strcmp0(dev, "cdrom") == 0 && !b->boot_cdrom)
            b->boot_cdrom = n;
        else if (g_strcmp0(dev, "network") == 0 && !b->boot_network)
            b->boot_network = n;
    }
}

/* The boot index of a device: its own <boot order>, else the index of
 * its class when it is the first of it (*@class is then used up). */
static int
boot_index(xmlNodePtr dev, int *class_index)
{
    g_autofree char *order = NULL;
    xmlNodePtr boot = virXMLChildElement(dev, "boot");
    int idx;

    if (boot && (order = virXMLPropString(boot, "order")))
        return atoi(order);
    idx = *class_index;
    *class_index = 0;
    return idx;
}

/* ---- disks ---- */

char *
qemuDiskNodeName(const virDomainDef *def, size_t i, bool format)
{
    /* a running domain's live definition numbers its top image (a
     * snapshot's overlay gets a later number than the command line's) */
    xmlNodePtr source = virXMLChildElement(def->disks[i]->node, "source");
    g_autofree char *index = source ? virXMLPropString(source, "index") : NULL;

    if (index)
        return g_strdup_printf("libvirt-%s-%s", index, format ? "format" : "storage");
    return g_strdup_printf("libvirt-%u-%s", qemuDiskTopIndex(def, i),
                           format ? "format" : "storage");
}

unsigned int
qemuDiskDescribedDepth(const virDomainDiskDef *disk)
{
    unsigned int depth = 0;

    for (xmlNodePtr bs = virXMLChildElement(disk->node, "backingStore");
         bs && virXMLChildElement(bs, "source"); bs = virXMLChildElement(bs, "backingStore"))
        depth++;
    return depth;
}

bool
qemuFormatHasBacking(const char *format)
{
    static const char *const with_backing[] = { "cow", "qcow", "qcow2", "qed", "vmdk", NULL };

    return format && g_strv_contains(with_backing, format);
}

unsigned int
qemuDiskTopIndex(const virDomainDef *def, size_t i)
{
    unsigned int index = 1;

    for (size_t j = i + 1; j < def->ndisks; j++)
        index += 1 + qemuDiskDescribedDepth(def->disks[j]);
    return index;
}

/* The storage and format nodes of one image (@type "file" or "block"),
 * numbered @index, whose format node names @backing ("" for none, NULL
 * to leave it to the image's header). */
static void
image_blockdevs(GPtrArray *nodes, const char *path, const char *type, const char *format,
                const char *index_text, unsigned int index, bool readonly, const char *backing)
{
    g_autofree char *storage = index_text ? g_strdup_printf("libvirt-%s-storage", index_text)
                                          : g_strdup_printf("libvirt-%u-storage", index);
    g_autofree char *name = index_text ? g_strdup_printf("libvirt-%s-format", index_text)
                                       : g_strdup_printf("libvirt-%u-format", index);
    virJSONValue *file = virJSONValueNewObject();
    virJSONValue *fmt = virJSONValueNewObject();

    virJSONValueObjectAppendString(file, "driver", STREQ(type, "block") ? "host_device" : "file");
    virJSONValueObjectAppendString(file, "filename", path);
    virJSONValueObjectAppendString(file, "node-name", storage);
    virJSONValueObjectAppendBoolean(file, "auto-read-only", true);
    virJSONValueObjectAppendString(file, "discard", "unmap");
    virJSONValueObjectAppendString(fmt, "node-name", name);
    virJSONValueObjectAppendBoolean(fmt, "read-only", readonly);
    virJSONValueObjectAppendString(fmt, "driver", format);
    virJSONValueObjectAppendString(fmt, "file", storage);
    /* a raw image takes no "backing" at all */
    if (backing && *backing)
        virJSONValueObjectAppendString(fmt, "backing", backing);
    else if (backing && qemuFormatHasBacking(format))
        virJSONValueObjectAppendNull(fmt, "backing");
    g_ptr_array_add(nodes, file);
    g_ptr_array_add(nodes, fmt);
}

/* The numbered backing images of a disk's chain under element @parent
 * (its disk element or a <backingStore>), deepest first; returns the
 * format node name of the first ("" when the chain ends there, NULL when
 * it is not numbered). */
static char *
chain_blockdevs(GPtrArray *nodes, xmlNodePtr parent, unsigned int depth)
{
    xmlNodePtr bs = virXMLChildElement(parent, "backingStore");
    xmlNodePtr src = bs ? virXMLChildElement(bs, "source") : NULL;
    g_autofree char *index = bs ? virXMLPropString(bs, "index") : NULL;
    g_autofree char *below = NULL;
    g_autofree char *path = NULL;
    g_autofree char *type = NULL;
    g_autofree char *format = NULL;
    xmlNodePtr fmt;

    if (!bs)
        return NULL;
    if (!src)
        return g_strdup("");
    if (!index || depth > QEMU_CHAIN_MAX_DEPTH)
        return NULL;
    if (!(path = virXMLPropString(src, "file")))
        path = virXMLPropString(src, "dev");
    type = virXMLPropString(bs, "type");
    fmt = virXMLChildElement(bs, "format");
    format = fmt ? virXMLPropString(fmt, "type") : NULL;
    below = chain_blockdevs(nodes, bs, depth + 1);
    image_blockdevs(nodes, NULLSTR(path), type ? type : "file", format ? format : "raw",
                    index, 0, true, below ? below : "");
    return g_strdup_printf("libvirt-%s-format", index);
}

void
qemuDiskBlockdevs(const virDomainDef *def, size_t i, GPtrArray *nodes)
{
    const virDomainDiskDef *disk = def->disks[i];
    xmlNodePtr source = virXMLChildElement(disk->node, "source");
    g_autofree char *index = source ? virXMLPropString(source, "index") : NULL;
    /* only a live definition's chain is numbered (qemuChainPrepare) */
    g_autofree char *backing = index ? chain_blockdevs(nodes, disk->node, 0) : NULL;

    image_blockdevs(nodes, disk->src, disk->type, disk->driver_type ? disk->driver_type : "raw",
                    index, qemuDiskTopIndex(def, i), disk->readonly, backing);
}

/* The model of SCSI controller @index ("lsilogic" when none is given,
 * as the post-parse step writes it). */
static char *
scsi_controller_model(const virDomainDef *def, const char *index)
{
    xmlNodePtr devices = virXMLChildElement(def->root, "devices");

    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        g_autofree char *type = NULL;
        g_autofree char *idx = NULL;
        char *model;

        if (cur->type != XML_ELEMENT_NODE || !virXMLNodeNameEqual(cur, "controller"))
            continue;
        type = virXMLPropString(cur, "type");
        idx = virXMLPropString(cur, "index");
        if (g_strcmp0(type, "scsi") != 0 || g_strcmp0(idx, index ? index : "0") != 0)
            continue;
        if ((model = virXMLPropString(cur, "model")))
            return model;
        break;
    }
    return g_strdup("lsilogic");
}

/* libvirt's device id of a disk: virtio-disk0, ide0-1-0, sata0-0-2,
 * scsi0-0-0-1 (virtio-scsi: controller, bus, target, unit) or scsi0-0-1
 * (lsilogic, whose units are SCSI ids: controller, bus, unit). */
char *
qemuDiskAlias(const virDomainDef *def, const virDomainDiskDef *disk)
{
    xmlNodePtr addr = virXMLChildElement(disk->node, "address");
    g_autofree char *c = addr ? virXMLPropString(addr, "controller") : NULL;
    g_autofree char *b = addr ? virXMLPropString(addr, "bus") : NULL;
    g_autofree char *t = addr ? virXMLPropString(addr, "target") : NULL;
    g_autofree char *u = addr ? virXMLPropString(addr, "unit") : NULL;

    if (STREQ(disk->bus, "virtio"))
        return g_strdup_printf("virtio-disk%d", virDiskNameToIndex(disk->dst));
    if (STREQ(disk->bus, "scsi")) {
        g_autofree char *model = scsi_controller_model(def, c);

        if (STRNEQ(model, "lsilogic"))
            return g_strdup_printf("scsi%s-%s-%s-%s", NULLSTR(c), NULLSTR(b),
                                   NULLSTR(t), NULLSTR(u));
    }
    return g_strdup_printf("%s%s-%s-%s", disk->bus, NULLSTR(c), NULLSTR(b), NULLSTR(u));
}

static int
build_disk(cmdBuild *b, size_t i)
{
    const virDomainDiskDef *disk = b->def->disks[i];
    xmlNodePtr addr = virXMLChildElement(disk->node, "address");
    g_autofree char *format = qemuDiskNodeName(b->def, i, true);
    g_autofree char *alias = qemuDiskAlias(b->def, disk);
    g_autofree char *ctrl = addr ? virXMLPropString(addr, "controller") : NULL;
    g_autofree char *bus = addr ? virXMLPropString(addr, "bus") : NULL;
    g_autofree char *target = addr ? virXMLPropString(addr, "target") : NULL;
    g_autofree char *unit = addr ? virXMLPropString(addr, "unit") : NULL;
    g_autoptr(virJSONValue) dev = virJSONValueNewObject();
    bool cdrom = STREQ(disk->device, "cdrom");
    const char *driver;
    int bootindex;

    if (STRNEQ(disk->device, "disk") && !cdrom)
        return refuse(disk->node, "only disks and cdroms are supported");
    if (STRNEQ(disk->type, "file") && STRNEQ(disk->type, "block"))
        return refuse(disk->node, "only file and block disks are supported");
    if (disk->driver_type && STRNEQ(disk->driver_type, "qcow2") &&
        STRNEQ(disk->driver_type, "raw"))
        return refuse(disk->node, "only qcow2 and raw images are supported");

    if (disk->src) {
        g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func(
            (GDestroyNotify)virJSONValueFree);

        qemuDiskBlockdevs(b->def, i, nodes);
        for (size_t j = 0; j < nodes->len; j++) {
            virJSONValue *node = g_steal_pointer(&g_ptr_array_index(nodes, j));

            add_json(b, "-blockdev", &node);
        }
    }

    if (STREQ(disk->bus, "virtio")) {
        if (cdrom)
            return refuse(disk->node, "a virtio cdrom is not supported");
        driver = "virtio-blk-pci";
    } else if (STREQ(disk->bus, "ide") || STREQ(disk->bus, "sata")) {
        driver = cdrom ? "ide-cd" : "ide-hd";
    } else if (STREQ(disk->bus, "scsi")) {
        driver = cdrom ? "scsi-cd" : "scsi-hd";
    } else {
        return refuse(disk->node, "only virtio, ide, sata and scsi disks are supported");
    }
    virJSONValueObjectAppendString(dev, "driver", driver);
    if (STREQ(disk->bus, "virtio")) {
        if (pci_props(disk->node, dev) < 0)
            return -1;
    } else if (STREQ(disk->bus, "ide")) {
        g_autofree char *qbus = g_strdup_printf("ide.%s", NULLSTR(bus));

        if (ctrl && STRNEQ(ctrl, "0"))
            return refuse(disk->node, "only IDE controller 0 exists on this machine");
        virJSONValueObjectAppendString(dev, "bus", qbus);
        virJSONValueObjectAppendNumber(dev, "unit", unit ? atoi(unit) : 0);
    } else if (STREQ(disk->bus, "sata")) {
        g_autofree char *qbus = g_strdup_printf("sata%s.%s", NULLSTR(ctrl), NULLSTR(unit));

        virJSONValueObjectAppendString(dev, "bus", qbus);
    } else {
        g_autofree char *model = scsi_controller_model(b->def, ctrl);
        g_autofree char *devid = g_strdup_printf("drive-%s", alias);

        if (STREQ(model, "lsilogic")) {
            /* an LSI bus per <address bus>, the unit its SCSI id */
            g_autofree char *qbus = g_strdup_printf("scsi%s.%s", NULLSTR(ctrl), NULLSTR(bus));

            virJSONValueObjectAppendString(dev, "bus", qbus);
            virJSONValueObjectAppendNumber(dev, "scsi-id", unit ? atoi(unit) : 0);
        } else {
            g_autofree char *qbus = g_strdup_printf("scsi%s.0", NULLSTR(ctrl));

            virJSONValueObjectAppendString(dev, "bus", qbus);
            virJSONValueObjectAppendNumber(dev, "channel", bus ? atoi(bus) : 0);
            virJSONValueObjectAppendNumber(dev, "scsi-id", target ? atoi(target) : 0);
            virJSONValueObjectAppendNumber(dev, "lun", unit ? atoi(unit) : 0);
        }
        virJSONValueObjectAppendString(dev, "device_id", devid);
    }
    if (disk->src)
        virJSONValueObjectAppendString(dev, "drive", format);
    virJSONValueObjectAppendString(dev, "id", alias);
    if ((bootindex = boot_index(disk->node, cdrom ? &b->boot_cdrom : &b->boot_hd)))
        virJSONValueObjectAppendNumber(dev, "bootindex", bootindex);
    add_json(b, "-device", &dev);
    return 0;
}

/* ---- other devices ---- */

static int
build_controller(cmdBuild *b, xmlNodePtr ctrl)
{
    g_autofree char *type = virXMLPropString(ctrl, "type");
    g_autofree char *model = virXMLPropString(ctrl, "model");
    g_autofree char *index = virXMLPropString(ctrl, "index");
    g_autoptr(virJSONValue) dev = virJSONValueNewObject();
    g_autofree char *id = NULL;
    const char *driver = NULL;

    if (!type)
        return refuse(ctrl, "a controller needs a type");
    if (STREQ(type, "pci")) {
        if (model && STRNEQ(model, "pci-root"))
            return refuse(ctrl, "only the pci-root controller is supported");
        return 0;
    }
    if (STREQ(type, "ide")) {
        if (index && STRNEQ(index, "0"))
            return refuse(ctrl, "the i440fx machine has one IDE controller");
        return 0;                       /* built into the PIIX3 */
    }
    if (STREQ(type, "fdc"))
        return 0;
    if (STREQ(type, "usb")) {
        if (g_strcmp0(model, "none") == 0)
            return 0;
        if (!model || STREQ(model, "piix3-uhci"))
            driver = "piix3-usb-uhci";
        else if (STREQ(model, "qemu-xhci"))
            driver = "qemu-xhci";
        else if (STREQ(model, "nec-xhci"))
            driver = "nec-usb-xhci";
        else
            return refuse(ctrl, "USB controllers: piix3-uhci, qemu-xhci, nec-xhci or none");
        /* libvirt's alias: "usb" for index 0, "usbN" after */
        id = g_strdup_printf("usb%s", index && STRNEQ(index, "0") ? index : "");
    } else if (STREQ(type, "sata")) {
        driver = "ahci";
        id = g_strdup_printf("sata%s", NULLSTR(index));
    } else if (STREQ(type, "scsi")) {
        if (!model || STREQ(model, "lsilogic"))
            driver = "lsi";
        else if (STREQ(model, "virtio-scsi"))
            driver = "virtio-scsi-pci";
        else
            return refuse(ctrl, "SCSI controllers: virtio-scsi or lsilogic");
        id = g_strdup_printf("scsi%s", NULLSTR(index));
    } else {
        return refuse(ctrl, "unsupported controller type");
    }
    virJSONValueObjectAppendString(dev, "driver", driver);
    virJSONValueObjectAppendString(dev, "id", id);
    if (pci_props(ctrl, dev) < 0)
        return -1;
    add_json(b, "-device", &dev);
    return 0;
}

/* bus/port of a device with a USB address: controller N is "usb" (0)
 * or "usbN", as libvirt names them. */
static int
usb_props(xmlNodePtr dev, virJSONValue *props)
{
    xmlNodePtr addr = virXMLChildElement(dev, "address");
    g_autofree char *type = addr ? virXMLPropString(addr, "type") : NULL;
    g_autofree char *bus = addr ? virXMLPropString(addr, "bus") : NULL;
    g_autofree char *port = addr ? virXMLPropString(addr, "port") : NULL;
    g_autofree char *qbus = NULL;

    if (g_strcmp0(type, "usb") != 0 || !port)
        return refuse(dev, "no free USB port: tidemark adds no USB hub as libvirt "
                      "does when the controller's ports are used up");
    if (strchr(port, '.'))
        return refuse(dev, "ports behind a USB hub are not supported");
    qbus = g_strdup_printf("usb%s.0", !bus || STREQ(bus, "0") ? "" : bus);
    virJSONValueObjectAppendString(props, "bus", qbus);
    virJSONValueObjectAppendString(props, "port", port);
    return 0;
}

static int
build_input(cmdBuild *b, xmlNodePtr input)
{
    g_autofree char *type = virXMLPropString(input, "type");
    g_autofree char *bus = virXMLPropString(input, "bus");
    g_autoptr(virJSONValue) dev = NULL;
    g_autofree char *id = g_strdup_printf("input%d", b->inputs++);

    if (g_strcmp0(bus, "ps2") == 0 && (g_strcmp0(type, "mouse") == 0 ||
                                       g_strcmp0(type, "keyboard") == 0))
        return 0;                       /* the i8042 of the machine */
    if (g_strcmp0(bus, "usb") != 0 || !type ||
        (STRNEQ(type, "tablet") && STRNEQ(type, "mouse") && STRNEQ(type, "keyboard")))
        return refuse(input, "inputs: PS/2 mouse and keyboard, USB tablet, mouse, keyboard");
    dev = virJSONValueNewObject();
    virJSONValueObjectAppendString(dev, "driver",
                                   STREQ(type, "tablet") ? "usb-tablet" :
                                   STREQ(type, "mouse") ? "usb-mouse" : "usb-kbd");
    virJSONValueObjectAppendString(dev, "id", id);
    if (usb_props(input, dev) < 0)
        return -1;
    add_json(b, "-device", &dev);
    return 0;
}

static int
build_audio(cmdBuild *b, xmlNodePtr audio)
{
    g_autofree char *type = virXMLPropString(audio, "type");
    g_autofree char *id = virXMLPropString(audio, "id");
    g_autoptr(virJSONValue) props = virJSONValueNewObject();
    g_autofree char *qid = g_strdup_printf("audio%s", id ? id : "1");

    if (g_strcmp0(type, "none") != 0)
        return refuse(audio, "only the 'none' audio backend is supported");
    virJSONValueObjectAppendString(props, "id", qid);
    virJSONValueObjectAppendString(props, "driver", "none");
    add_json(b, "-audiodev", &props);
    return 0;
}

static int
build_balloon(cmdBuild *b, xmlNodePtr balloon)
{
    g_autofree char *model = virXMLPropString(balloon, "model");
    g_autoptr(virJSONValue) dev = NULL;

    if (g_strcmp0(model, "none") == 0)
        return 0;
    if (g_strcmp0(model, "virtio") != 0)
        return refuse(balloon, "only virtio memballoons are supported");
    dev = virJSONValueNewObject();
    virJSONValueObjectAppendString(dev, "driver", "virtio-balloon-pci");
    virJSONValueObjectAppendString(dev, "id", "balloon0");
    if (pci_props(balloon, dev) < 0)
        return -1;
    add_json(b, "-device", &dev);
    return 0;
}

/* A pty or file character device; returns its chardev id. */
static char *
build_chardev(cmdBuild *b, xmlNodePtr chr, const char *id)
{
    g_autofree char *type = virXMLPropString(chr, "type");

    if (g_strcmp0(type, "pty") == 0) {
        addf(b, "-chardev");
        addf(b, "pty,id=char%s", id);
    } else if (g_strcmp0(type, "file") == 0) {
        g_autofree char *path = child_prop(chr, "source", "path");
        g_autofree char *append = child_prop(chr, "source", "append");

        if (!path) {
            refuse(chr, "a file character device needs <source path=...>");
            return NULL;
        }
        if (strchr(path, ',')) {
            refuse(chr, "a path with ',' cannot be passed to QEMU");
            return NULL;
        }
        add(b, "-chardev");
        if (append)
            addf(b, "file,id=char%s,path=%s,append=%s", id, path, append);
        else
            addf(b, "file,id=char%s,path=%s", id, path);
    } else {
        refuse(chr, "character devices: pty or file");
        return NULL;
    }
    return g_strdup_printf("char%s", id);
}

static int
build_serial(cmdBuild *b, xmlNodePtr serial)
{
    g_autofree char *ttype = child_prop(serial, "target", "type");
    g_autofree char *port = child_prop(serial, "target", "port");
    int index = port ? atoi(port) : b->serials;
    g_autofree char *id = g_strdup_printf("serial%d", index);
    g_autofree char *chardev = NULL;
    g_autoptr(virJSONValue) dev = NULL;

    b->serials++;
    if (ttype && STRNEQ(ttype, "isa-serial"))
        return refuse(serial, "only isa-serial targets are supported");
    if (!(chardev = build_chardev(b, serial, id)))
        return -1;
    dev = virJSONValueNewObject();
    virJSONValueObjectAppendString(dev, "driver", "isa-serial");
    virJSONValueObjectAppendString(dev, "chardev", chardev);
    virJSONValueObjectAppendString(dev, "id", id);
    virJSONValueObjectAppendNumber(dev, "index", index);
    add_json(b, "-device", &dev);
    return 0;
}

/* A console is the first serial port seen from another side: it gets no
 * device of its own. Anything else (virtio consoles) is refused. */
static int
build_console(cmdBuild *b, xmlNodePtr console)
{
    g_autofree char *ttype = child_prop(console, "target", "type");

    if (ttype && STRNEQ(ttype, "serial"))
        return refuse(console, "only consoles on a serial port are supported");
    return 0;
}

/* The first free TCP port from 5900 on 127.0.0.1, as libvirt's
 * autoport picks one. */
static int
free_vnc_port(void)
{
    for (int port = 5900; port < 65536; port++) {
        struct sockaddr_in addr = { .sin_family = AF_INET,
                                    .sin_port = htons(port),
                                    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        int rc;

        if (fd < 0)
            break;
        rc = bind(fd, (struct sockaddr *)&addr, sizeof(addr));
        close(fd);
        if (rc == 0)
            return port;
    }
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "Unable to find an unused port in range 'display' (5900-65535)");
    return -1;
}

static int
build_graphics(cmdBuild *b, xmlNodePtr graphics, int *vnc_port)
{
    g_autofree char *type = virXMLPropString(graphics, "type");
    g_autofree char *port = virXMLPropString(graphics, "port");
    g_autofree char *autoport = virXMLPropString(graphics, "autoport");
    g_autofree char *listen = virXMLPropString(graphics, "listen");
    xmlNodePtr listen_el = virXMLChildElement(graphics, "listen");
    g_autofree char *ltype = listen_el ? virXMLPropString(listen_el, "type") : NULL;
    g_autofree char *laddr = listen_el ? virXMLPropString(listen_el, "address") : NULL;
    int p;

    if (g_strcmp0(type, "vnc") != 0)
        return refuse(graphics, "only VNC graphics are supported");
    if (ltype && STRNEQ(ltype, "address"))
        return refuse(graphics, "VNC listens on a TCP address only");
    if (!laddr)
        laddr = g_strdup(listen);
    if (laddr && STRNEQ(laddr, "127.0.0.1") && STRNEQ(laddr, "localhost"))
        return refuse(graphics, "VNC listens on 127.0.0.1 only");
    if (g_strcmp0(autoport, "no") == 0 && port && atoi(port) >= 5900) {
        p = atoi(port);
    } else if ((p = free_vnc_port()) < 0) {
        return -1;
    }
    *vnc_port = p;
    add(b, "-vnc");
    addf(b, "127.0.0.1:%d,audiodev=audio1", p - 5900);
    return 0;
}

static int
build_video(cmdBuild *b, xmlNodePtr video)
{
    g_autofree char *type = child_prop(video, "model", "type");
    g_autofree char *vram = child_prop(video, "model", "vram");
    g_autofree char *heads = child_prop(video, "model", "heads");
    g_autofree char *id = g_strdup_printf("video%d", b->videos++);
    g_autoptr(virJSONValue) dev = NULL;
    const char *driver;

    if (g_strcmp0(type, "none") == 0)
        return 0;
    if (g_strcmp0(type, "vga") == 0)
        driver = "VGA";
    else if (g_strcmp0(type, "cirrus") == 0)
        driver = "cirrus-vga";
    else if (g_strcmp0(type, "virtio") == 0)
        driver = "virtio-vga";
    else
        return refuse(video, "video models: vga, cirrus, virtio or none");
    dev = virJSONValueNewObject();
    virJSONValueObjectAppendString(dev, "driver", driver);
    virJSONValueObjectAppendString(dev, "id", id);
    /* libvirt's max_outputs: the heads of a virtio model */
    if (STREQ(driver, "virtio-vga") && heads)
        virJSONValueObjectAppendNumber(dev, "max_outputs", g_ascii_strtoll(heads, NULL, 10));
    if (STREQ(driver, "VGA"))
        virJSONValueObjectAppendNumber(dev, "vgamem_mb",
                                       vram ? g_ascii_strtoll(vram, NULL, 10) / 1024 : 16);
    if (pci_props(video, dev) < 0)
        return -1;
    add_json(b, "-device", &dev);
    return 0;
}

static int
build_interface(cmdBuild *b, xmlNodePtr net, int index)
{
    g_autofree char *type = virXMLPropString(net, "type");
    g_autofree char *model = child_prop(net, "model", "type");
    g_autofree char *mac = child_prop(net, "mac", "address");
    g_autofree char *netdev = g_strdup_printf("hostnet%d", index);
    g_autofree char *id = g_strdup_printf("net%d", index);
    g_autoptr(virJSONValue) backend = virJSONValueNewObject();
    g_autoptr(virJSONValue) dev = virJSONValueNewObject();
    const char *driver;
    int bootindex;

    if (g_strcmp0(type, "user") != 0)
        return refuse(net, "only user-mode networking is supported");
    if (!model || STREQ(model, "rtl8139"))
        driver = "rtl8139";
    else if (STREQ(model, "virtio"))
        driver = "virtio-net-pci";
    else if (STREQ(model, "e1000"))
        driver = "e1000";
    else
        return refuse(net, "NIC models: virtio, e1000, rtl8139");
    virJSONValueObjectAppendString(backend, "type", "user");
    virJSONValueObjectAppendString(backend, "id", netdev);
    add_json(b, "-netdev", &backend);
    virJSONValueObjectAppendString(dev, "driver", driver);
    virJSONValueObjectAppendString(dev, "netdev", netdev);
    virJSONValueObjectAppendString(dev, "id", id);
    if (mac)
        virJSONValueObjectAppendString(dev, "mac", mac);
    if ((bootindex = boot_index(net, &b->boot_network)))
        virJSONValueObjectAppendNumber(dev, "bootindex", bootindex);
    if (pci_props(net, dev) < 0)
        return -1;
    add_json(b, "-device", &dev);
    return 0;
}

/* ---- the whole command ---- */

/* Top-level elements that change nothing on the command line tidemark
 * builds, or that it builds from the parsed definition. */
static const char *const passive_elements[] = {
    "name", "uuid", "title", "description", "metadata", "memory",
    "currentMemory", "vcpu", "os", "features", "cpu", "clock", "on_poweroff",
    "on_reboot", "on_crash", "pm", "devices", "seclabel", "resource", NULL,
};

/* Children of <os> and <cpu> the command line carries (boot order,
 * direct kernel boot, CPU model and topology). */
static const char *const os_children[] = {
    "type", "boot", "kernel", "initrd", "cmdline", NULL,
};
static const char *const cpu_children[] = { "model", "topology", NULL };

static int
check_children(xmlNodePtr parent, const char *const *known, const char *why)
{
    for (xmlNodePtr cur = parent ? parent->children : NULL; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE &&
            (cur->ns || !g_strv_contains(known, (const char *)cur->name)))
            return refuse(cur, why);
    }
    return 0;
}

/* libvirt's default lifecycle actions are what tidemark's QEMU does by
 * itself: it exits on a poweroff and resets on a reboot. Other actions
 * would need libvirt's set-action at start. A crash needs a panic
 * device, which is refused. */
static int
check_lifecycle(const virDomainDef *def)
{
    static const struct { const char *element, *action; } defaults[] = {
        { "on_poweroff", "destroy" }, { "on_reboot", "restart" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++) {
        g_autofree char *action = virXMLChildText(def->root, defaults[i].element);

        if (action && STRNEQ(action, defaults[i].action)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "tidemark's qemu driver cannot run <%s>%s</%s>: only '%s' "
                           "is supported", defaults[i].element, action,
                           defaults[i].element, defaults[i].action);
            return -1;
        }
    }
    return 0;
}

static int
check_top_level(const virDomainDef *def)
{
    xmlNodePtr vcpu = virXMLChildElement(def->root, "vcpu");

    for (xmlNodePtr cur = def->root->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (cur->ns || !g_strv_contains(passive_elements, (const char *)cur->name))
            return refuse(cur, "this element is not supported");
    }
    /* tidemark pins nothing */
    if (vcpu && xmlHasProp(vcpu, BAD_CAST "cpuset"))
        return refuse(vcpu, "vCPU placement on host CPUs (cpuset) is not supported");
    if (check_children(virXMLChildElement(def->root, "os"), os_children,
                       "only BIOS boot (or direct kernel boot) is supported") < 0 ||
        check_children(virXMLChildElement(def->root, "cpu"), cpu_children,
                       "only a CPU model and topology are supported") < 0)
        return -1;
    return check_lifecycle(def);
}

static const char *
accelerator(const virDomainDef *def, const char *override)
{
    if (override)
        return override;
    return STREQ(def->virt_type, "kvm") ? "kvm" : "tcg";
}

static int
build_cpu(cmdBuild *b, const virDomainDef *def, const char *accel)
{
    xmlNodePtr cpu = virXMLChildElement(def->root, "cpu");
    g_autofree char *mode = cpu ? virXMLPropString(cpu, "mode") : NULL;
    g_autofree char *model = NULL;

    add(b, "-cpu");
    if (g_strcmp0(mode, "host-passthrough") == 0) {
        if (STRNEQ(accel, "kvm")) {
            /* libvirt's words: the host CPU exists only under KVM */
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "CPU mode '%s' for %s %s domain on %s host is not "
                           "supported by hypervisor", mode, def->os_arch,
                           def->virt_type, "x86_64");
            return -1;
        }
        add(b, "host");
        return 0;
    }
    if (mode && STRNEQ(mode, "custom"))
        return refuse(cpu, "CPU modes: custom or host-passthrough");
    model = cpu ? virXMLChildText(cpu, "model") : NULL;
    add(b, model ? g_strstrip(model) : "qemu64");
    return 0;
}

/* -smp as libvirt writes it: the vCPUs online at start (<vcpu current>),
 * the maximum, and the <cpu><topology> (one socket per vCPU without). */
static void
build_smp(cmdBuild *b)
{
    xmlNodePtr vcpu = virXMLChildElement(b->def->root, "vcpu");
    xmlNodePtr cpu = virXMLChildElement(b->def->root, "cpu");
    xmlNodePtr topology = cpu ? virXMLChildElement(cpu, "topology") : NULL;
    g_autofree char *current = vcpu ? virXMLPropString(vcpu, "current") : NULL;
    unsigned int online = current ? (unsigned int)atoi(current) : b->def->vcpus;
    g_autoptr(GString) smp = g_string_new(NULL);

    g_string_append_printf(smp, "%u", online);
    if (online != b->def->vcpus)
        g_string_append_printf(smp, ",maxcpus=%u", b->def->vcpus);
    if (topology) {
        static const char *const parts[] = { "sockets", "dies", "cores", "threads", NULL };

        for (size_t i = 0; parts[i]; i++) {
            g_autofree char *value = virXMLPropString(topology, parts[i]);

            /* a missing dies is libvirt's default of 1 */
            g_string_append_printf(smp, ",%s=%s", parts[i], value ? value : "1");
        }
    } else {
        g_string_append_printf(smp, ",sockets=%u,cores=1,threads=1", b->def->vcpus);
    }
    add(b, "-smp");
    add(b, smp->str);
}

/* <os><kernel>, <initrd>, <cmdline>: direct kernel boot */
static int
build_direct_boot(cmdBuild *b)
{
    xmlNodePtr os = virXMLChildElement(b->def->root, "os");
    static const struct { const char *element, *option; } items[] = {
        { "kernel", "-kernel" }, { "initrd", "-initrd" }, { "cmdline", "-append" },
    };

    for (size_t i = 0; os && i < G_N_ELEMENTS(items); i++) {
        g_autofree char *value = virXMLChildText(os, items[i].element);

        if (!value)
            continue;
        add(b, items[i].option);
        add(b, value);
    }
    return 0;
}

static bool
has_feature(const virDomainDef *def, const char *name)
{
    xmlNodePtr features = virXMLChildElement(def->root, "features");

    return features && virXMLChildElement(features, name);
}

/* -machine: the machine, then libvirt's properties for <features>
 * (vmport, smm) and <memory dumpCore>. Features that would change the
 * CPU or need more than a machine property are refused. */
static int
build_machine(cmdBuild *b)
{
    xmlNodePtr features = virXMLChildElement(b->def->root, "features");
    xmlNodePtr memory = virXMLChildElement(b->def->root, "memory");
    g_autofree char *dump = memory ? virXMLPropString(memory, "dumpCore") : NULL;
    g_autoptr(GString) machine = g_string_new(b->def->os_machine);

    g_string_append(machine, ",usb=off");
    for (xmlNodePtr cur = features ? features->children : NULL; cur; cur = cur->next) {
        g_autofree char *state = NULL;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        state = virXMLPropString(cur, "state");
        if ((virXMLNodeNameEqual(cur, "acpi") || virXMLNodeNameEqual(cur, "pae") ||
             virXMLNodeNameEqual(cur, "apic")) && !cur->properties && !cur->children)
            continue;               /* -no-acpi below; PAE and the APIC are there */
        if ((virXMLNodeNameEqual(cur, "vmport") || virXMLNodeNameEqual(cur, "smm")) &&
            state && !xmlFirstElementChild(cur))
            continue;
        return refuse(cur, "this feature is not supported");
    }
    /* libvirt's order: vmport, then smm */
    for (size_t i = 0; i < 2; i++) {
        const char *name = i == 0 ? "vmport" : "smm";
        xmlNodePtr feature = features ? virXMLChildElement(features, name) : NULL;
        g_autofree char *state = feature ? virXMLPropString(feature, "state") : NULL;

        if (state)
            g_string_append_printf(machine, ",%s=%s", name, state);
    }
    g_string_append_printf(machine, ",dump-guest-core=%s", dump ? dump : "off");
    add(b, "-machine");
    add(b, machine->str);
    return 0;
}

/* -rtc and the timers, as libvirt maps <clock>: an RTC's track and
 * catchup policy, the PIT's lost tick policy, -no-hpet. What libvirt
 * turns into CPU flags or refuses is refused. */
static int
build_clock(cmdBuild *b)
{
    xmlNodePtr clock = virXMLChildElement(b->def->root, "clock");
    g_autofree char *offset = clock ? virXMLPropString(clock, "offset") : NULL;
    g_autoptr(GString) rtc = g_string_new(NULL);
    g_autoptr(GPtrArray) timers = g_ptr_array_new_with_free_func(g_free);

    if (!offset || STREQ(offset, "utc"))
        g_string_append(rtc, "base=utc");
    else if (STREQ(offset, "localtime"))
        g_string_append(rtc, "base=localtime");
    else
        return refuse(clock, "clock offsets: utc or localtime");
    for (xmlAttrPtr attr = clock ? clock->properties : NULL; attr; attr = attr->next) {
        if (!xmlStrEqual(attr->name, BAD_CAST "offset"))
            return refuse(clock, "a clock adjustment or timezone is not supported");
    }

    for (xmlNodePtr cur = clock ? clock->children : NULL; cur; cur = cur->next) {
        g_autofree char *name = NULL;
        g_autofree char *policy = NULL;
        g_autofree char *track = NULL;
        g_autofree char *present = NULL;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (!virXMLNodeNameEqual(cur, "timer"))
            return refuse(cur, "this clock element is not supported");
        name = virXMLPropString(cur, "name");
        policy = virXMLPropString(cur, "tickpolicy");
        track = virXMLPropString(cur, "track");
        present = virXMLPropString(cur, "present");
        if (g_strcmp0(name, "rtc") == 0 && !present &&
            (!policy || STREQ(policy, "delay") || STREQ(policy, "catchup")) &&
            (!track || STREQ(track, "guest") || STREQ(track, "wall") ||
             STREQ(track, "realtime"))) {
            if (track)
                g_string_append_printf(rtc, ",clock=%s", STREQ(track, "guest") ? "vm" :
                                       STREQ(track, "wall") ? "host" : "rt");
            if (g_strcmp0(policy, "catchup") == 0)
                g_string_append(rtc, ",driftfix=slew");
        } else if (g_strcmp0(name, "pit") == 0 && !present && !track &&
                   (!policy || STREQ(policy, "delay") || STREQ(policy, "discard") ||
                    STREQ(policy, "catchup"))) {
            /* QEMU 7.2 has kvm-pit's lost_tick_policy; catchup is its default */
            if (!policy || STRNEQ(policy, "catchup"))
                g_ptr_array_add(timers, g_strdup_printf("kvm-pit.lost_tick_policy=%s",
                                                        policy ? policy : "delay"));
        } else if (g_strcmp0(name, "hpet") == 0 && !policy && !track) {
            if (g_strcmp0(present, "no") == 0)
                g_ptr_array_add(timers, NULL);
        } else {
            return refuse(cur, "timers: rtc, pit and hpet, as libvirt maps them for QEMU");
        }
    }
    add(b, "-rtc");
    add(b, rtc->str);
    for (guint i = 0; i < timers->len; i++) {
        const char *global = g_ptr_array_index(timers, i);

        if (global) {
            add(b, "-global");
            add(b, global);
        } else {
            add(b, "-no-hpet");
        }
    }
    return 0;
}

/* <pm>: the S3 and S4 switches of the PIIX4's power management. */
static int
build_pm(cmdBuild *b)
{
    xmlNodePtr pm = virXMLChildElement(b->def->root, "pm");
    static const struct { const char *element, *property; } states[] = {
        { "suspend-to-mem", "disable_s3" }, { "suspend-to-disk", "disable_s4" },
    };

    for (xmlNodePtr cur = pm ? pm->children : NULL; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && !virXMLNodeNameEqual(cur, "suspend-to-mem") &&
            !virXMLNodeNameEqual(cur, "suspend-to-disk"))
            return refuse(cur, "this power management element is not supported");
    }
    for (size_t i = 0; pm && i < G_N_ELEMENTS(states); i++) {
        xmlNodePtr state = virXMLChildElement(pm, states[i].element);
        g_autofree char *enabled = state ? virXMLPropString(state, "enabled") : NULL;

        if (!enabled)
            continue;
        add(b, "-global");
        addf(b, "PIIX4_PM.%s=%d", states[i].property, STREQ(enabled, "no"));
    }
    return 0;
}

GPtrArray *
qemuBuildCommandLine(const virDomainDef *def, const qemuCommandPaths *paths,
                     const char *accel_override, qemuCommandResult *result)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    cmdBuild b = { .argv = argv, .def = def };
    const char *accel = accelerator(def, accel_override);
    char uuid[VIR_UUID_STRING_BUFLEN];
    xmlNodePtr devices = virXMLChildElement(def->root, "devices");
    int nets = 0;

    memset(result, 0, sizeof(*result));
    /* other machines are kept as written at define, without libvirt's
     * defaults for them, and stop here */
    if (!g_str_has_prefix(def->os_machine, "pc-i440fx-")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "tidemark's qemu driver cannot run machine type '%s': "
                       "only the i440fx machine ('pc') is supported", def->os_machine);
        return NULL;
    }
    if (check_top_level(def) < 0)
        return NULL;
    boot_order_from_os(&b);

    add(&b, def->emulator);
    add(&b, "-name");
    addf(&b, "guest=%s,debug-threads=on", def->name);
    add(&b, "-S");
    if (build_machine(&b) < 0)
        return NULL;
    add(&b, "-accel");
    add(&b, accel);
    if (build_cpu(&b, def, accel) < 0)
        return NULL;
    add(&b, "-m");
    addf(&b, "%llu", def->memory / 1024);
    add(&b, "-overcommit");
    add(&b, "mem-lock=off");
    build_smp(&b);
    virUUIDFormat(def->uuid, uuid);
    add(&b, "-uuid");
    add(&b, uuid);
    /* without graphics the guest gets no display at all */
    if (!devices || !virXMLChildElement(devices, "graphics")) {
        add(&b, "-display");
        add(&b, "none");
    }
    add(&b, "-no-user-config");
    add(&b, "-nodefaults");
    add(&b, "-chardev");
    addf(&b, "socket,id=charmonitor,path=%s,server=on,wait=off", paths->monitor);
    add(&b, "-mon");
    add(&b, "chardev=charmonitor,id=monitor,mode=control");
    if (build_clock(&b) < 0)
        return NULL;
    if (!has_feature(def, "acpi"))
        add(&b, "-no-acpi");
    if (build_pm(&b) < 0)
        return NULL;
    add(&b, "-boot");
    add(&b, "strict=on");
    if (build_direct_boot(&b) < 0)
        return NULL;

    /* libvirt's order: controllers, disks, NICs, serials, audio,
     * graphics, video, balloon */
    /* libvirt builds USB controllers first, then the others */
    for (int usb = 1; usb >= 0; usb--) {
        for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
            g_autofree char *type = NULL;

            if (cur->type != XML_ELEMENT_NODE || !virXMLNodeNameEqual(cur, "controller"))
                continue;
            type = virXMLPropString(cur, "type");
            if ((g_strcmp0(type, "usb") == 0) == usb && build_controller(&b, cur) < 0)
                return NULL;
        }
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        if (build_disk(&b, i) < 0)
            return NULL;
    }
    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        int rc = 0;

        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (virXMLNodeNameEqual(cur, "interface"))
            rc = build_interface(&b, cur, nets++);
        else if (virXMLNodeNameEqual(cur, "serial"))
            rc = build_serial(&b, cur);
        else if (virXMLNodeNameEqual(cur, "console"))
            rc = build_console(&b, cur);
        else if (virXMLNodeNameEqual(cur, "input"))
            rc = build_input(&b, cur);
        if (rc < 0)
            return NULL;
    }
    /* audio backends first: -vnc refers to one */
    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && virXMLNodeNameEqual(cur, "audio") &&
            build_audio(&b, cur) < 0)
            return NULL;
    }
    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        int rc = 0;

        if (cur->type != XML_ELEMENT_NODE || virXMLNodeNameEqual(cur, "audio"))
            continue;
        if (virXMLNodeNameEqual(cur, "graphics"))
            rc = build_graphics(&b, cur, &result->vnc_port);
        else if (virXMLNodeNameEqual(cur, "video"))
            rc = build_video(&b, cur);
        else if (virXMLNodeNameEqual(cur, "memballoon"))
            rc = build_balloon(&b, cur);
        else if (!virXMLNodeNameEqual(cur, "controller") &&
                 !virXMLNodeNameEqual(cur, "disk") &&
                 !virXMLNodeNameEqual(cur, "emulator") &&
                 !virXMLNodeNameEqual(cur, "interface") &&
                 !virXMLNodeNameEqual(cur, "serial") &&
                 !virXMLNodeNameEqual(cur, "console") &&
                 !virXMLNodeNameEqual(cur, "input"))
            rc = refuse(cur, "this device is not supported");
        if (rc < 0)
            return NULL;
    }

    /* the devices built may say nothing the command line left out; after
     * the builders, which refuse unsupported kinds of device first */
    for (xmlNodePtr cur = devices ? devices->children : NULL; cur; cur = cur->next) {
        g_autofree char *why = NULL;

        if (cur->type == XML_ELEMENT_NODE && !qemuDeviceShapeCheck(cur, &why)) {
            refuse(cur, why);
            return NULL;
        }
    }

    add(&b, "-msg");
    add(&b, "timestamp=on");
    add(&b, "-daemonize");
    add(&b, "-pidfile");
    add(&b, paths->pidfile);
    return g_steal_pointer(&argv);
}
