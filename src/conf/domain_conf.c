/*
 * domain_conf.c: parse and format the domain definition subset
 *
 * The parser reads the modelled fields and keeps a private copy of the
 * whole <domain> element. The formatter prints libvirt's element order:
 * modelled elements come from the struct, the rest from the copy, and
 * the defaults libvirt always prints (clock, lifecycle actions, boot
 * device) are added when the input lacks them.
 */
#include "internal.h"
#include "conf/domain_conf.h"
#include "conf/domain_chardev.h"
#include "conf/domain_cputune.h"
#include "conf/domain_device_info.h"
#include "conf/domain_devices.h"
#include "conf/domain_disk_source.h"
#include "conf/domain_xmledit.h"
#include "util/virxmlprop.h"

#include <limits.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* libvirt's virt types (virDomainVirtType) */
static const char *const virt_types[] = {
    "none", "qemu", "kqemu", "kvm", "xen", "lxc", "uml", "openvz", "test",
    "vmware", "hyperv", "vbox", "phyp", "parallels", "bhyve", "vz", NULL,
};

/* Top-level elements in the order libvirt formats them. Elements not
 * listed (foreign namespaces, say) go last, in input order. */
static const char *const domain_order[] = {
    "name", "uuid", "genid", "title", "description", "metadata",
    "maxMemory", "memory", "currentMemory", "blkiotune", "memtune",
    "memoryBacking", "vcpu", "vcpus", "iothreads", "iothreadids",
    "defaultiothread", "cputune", "numatune", "resource", "sysinfo",
    "bootloader", "bootloader_args", "os", "idmap", "features", "cpu",
    "clock", "on_poweroff", "on_reboot", "on_crash", "on_lockfailure",
    "pm", "perf", "devices", "seclabel", "keywrap", "launchSecurity",
    NULL,
};

/* Devices in the order libvirt formats them. */
static const char *const device_order[] = {
    "emulator", "disk", "controller", "lease", "filesystem", "interface",
    "smartcard", "serial", "parallel", "console", "channel", "input",
    "tpm", "graphics", "sound", "audio", "video", "hostdev", "redirdev",
    "redirfilter", "hub", "watchdog", "memballoon", "rng", "nvram",
    "panic", "shmem", "memory", "iommu", "vsock", "crypto", NULL,
};

/* Children of <disk> in the order libvirt formats them. */
static const char *const disk_order[] = {
    "driver", "auth", "source", "backingStore", "backenddomain",
    "geometry", "blockio", "mirror", "target", "iotune", "readonly",
    "shareable", "transient", "serial", "wwn", "vendor", "product",
    "encryption", "boot", "alias", "address", NULL,
};

/* <features> children in libvirt's virDomainFeature order. */
static const char *const feature_order[] = {
    "acpi", "apic", "pae", "hap", "viridian", "privnet", "hyperv", "kvm",
    "pvspinlock", "capabilities", "pmu", "vmport", "gic", "smm", "ioapic",
    "hpt", "vmcoreinfo", "htm", "nested-hv", "msrs", "ccf-assist", "xen",
    "cfpc", "sbbc", "ibs", "tcg", NULL,
};

static const char *const lifecycle_actions[] = {
    "destroy", "restart", "rename-restart", "preserve", "coredump-destroy",
    "coredump-restart", NULL,
};

static const char *const lockfailure_actions[] = {
    "default", "poweroff", "restart", "pause", "ignore", NULL,
};

/* Children of <os>: type first, boot devices after the firmware. */
static const char *const os_order[] = {
    "type", "firmware", "loader", "nvram", "init", "initarg", "initenv",
    "initdir", "inituser", "initgroup", "kernel", "initrd", "cmdline",
    "shim", "dtb", "acpi", "boot", "bootmenu", "smbios", "bios", NULL,
};

void
virDomainDiskDefFree(virDomainDiskDef *disk)
{
    if (!disk)
        return;
    g_free(disk->type);
    g_free(disk->device);
    g_free(disk->driver_name);
    g_free(disk->driver_type);
    g_free(disk->src);
    g_free(disk->dst);
    g_free(disk->bus);
    g_free(disk);
}

virDomainDef *
virDomainDefRef(virDomainDef *def)
{
    g_atomic_int_inc(&def->refs);
    return def;
}

void
virDomainDefFree(virDomainDef *def)
{
    if (!def || !g_atomic_int_dec_and_test(&def->refs))
        return;
    for (size_t i = 0; i < def->ndisks; i++)
        virDomainDiskDefFree(def->disks[i]);
    g_free(def->disks);
    g_free(def->virt_type);
    g_free(def->name);
    g_free(def->os_type);
    g_free(def->os_arch);
    g_free(def->os_machine);
    g_free(def->emulator);
    if (def->doc)
        xmlFreeDoc(def->doc);
    g_free(def);
}

/* ---- disk names ---- */

int
virDiskNameToIndex(const char *name)
{
    static const char *const prefixes[] = { "fd", "hd", "vd", "sd", "xvd", "ubd", NULL };
    const char *p = NULL;
    long long idx = 0;
    size_t i;

    if (g_str_has_prefix(name, "ioemu:"))
        name += strlen("ioemu:");
    for (i = 0; prefixes[i]; i++) {
        if (g_str_has_prefix(name, prefixes[i])) {
            p = name + strlen(prefixes[i]);
            break;
        }
    }
    if (!p || !g_ascii_islower(*p))
        return -1;
    for (i = 0; g_ascii_islower(*p); p++, i++) {
        idx = (idx + (i < 1 ? 0 : 1)) * 26 + (*p - 'a');
        if (idx > INT_MAX)
            return -1;
    }
    /* a trailing partition number is allowed */
    while (g_ascii_isdigit(*p))
        p++;
    return *p ? -1 : (int)idx;
}

static const char *
disk_bus_from_name(const char *dst)
{
    if (g_str_has_prefix(dst, "hd"))
        return "ide";
    if (g_str_has_prefix(dst, "sd"))
        return "scsi";
    if (g_str_has_prefix(dst, "vd"))
        return "virtio";
    if (g_str_has_prefix(dst, "xvd"))
        return "xen";
    if (g_str_has_prefix(dst, "ubd"))
        return "uml";
    if (g_str_has_prefix(dst, "fd"))
        return "fdc";
    return NULL;
}

bool
virDomainDiskIsEmptyOrReadonly(const virDomainDiskDef *disk)
{
    return !disk->src || disk->readonly;
}

void
virDomainDiskSetImage(virDomainDiskDef *disk, const char *path, const char *type,
                      const char *format)
{
    g_free(disk->src);
    disk->src = g_strdup(path);
    g_free(disk->type);
    disk->type = g_strdup(type);
    g_free(disk->driver_type);
    disk->driver_type = g_strdup(format);
}

virDomainDiskDef *
virDomainDiskByDst(const virDomainDef *def, const char *dst)
{
    for (size_t i = 0; def && i < def->ndisks; i++) {
        if (STREQ(def->disks[i]->dst, dst))
            return def->disks[i];
    }
    return NULL;
}

int
virDomainDiskIndexByName(const virDomainDef *def, const char *name)
{
    int found = -1;

    for (size_t i = 0; i < def->ndisks; i++) {
        if (STREQ(def->disks[i]->dst, name))
            return (int)i;
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i]->src && STREQ(def->disks[i]->src, name)) {
            if (found >= 0)
                return -1; /* the path is ambiguous */
            found = (int)i;
        }
    }
    return found;
}

/* ---- parsing ---- */

/* Reads a scaled size (<memory unit='MiB'>512</memory>) in KiB, rounding
 * up as libvirt does. Returns 1 if present, 0 if absent, -1 on error. */
static int
parse_memory(xmlNodePtr node, const char *name, unsigned long long *kib)
{
    xmlNodePtr elem = virXMLChildElement(node, name);
    g_autofree char *text = NULL;
    g_autofree char *unit = NULL;
    unsigned long long value;
    unsigned long long scale = 1024;
    char *end = NULL;

    if (!elem)
        return 0;
    text = virXMLNodeContentString(elem);
    g_strstrip(text);
    errno = 0;
    value = g_ascii_strtoull(text, &end, 10);
    if (!*text || errno == ERANGE || *end || text[0] == '-') {
        virReportError(VIR_ERR_XML_ERROR, "could not parse element %s", name);
        return -1;
    }

    unit = virXMLPropString(elem, "unit");
    if (unit && *unit) {
        if (g_ascii_strcasecmp(unit, "b") == 0 ||
            g_ascii_strcasecmp(unit, "byte") == 0 ||
            g_ascii_strcasecmp(unit, "bytes") == 0) {
            scale = 1;
        } else {
            unsigned long long base;
            const char *powers = "kmgtpe";
            const char *pos = strchr(powers, g_ascii_tolower(unit[0]));

            if (!unit[1] || g_ascii_strcasecmp(unit + 1, "iB") == 0)
                base = 1024;
            else if (g_ascii_tolower(unit[1]) == 'b' && !unit[2])
                base = 1000;
            else
                pos = NULL;
            if (!pos || !unit[0]) {
                virReportError(VIR_ERR_INVALID_ARG, "unknown suffix '%s'", unit);
                return -1;
            }
            scale = 1;
            for (const char *p = powers; p <= pos; p++)
                scale *= base;
        }
    }

    if (value && value > (unsigned long long)LLONG_MAX / scale) {
        virReportError(VIR_ERR_OVERFLOW, "value too large: %llu%s",
                       value, unit ? unit : "");
        return -1;
    }
    *kib = (value * scale + 1023) / 1024;
    return 1;
}

static virDomainDiskDef *
parse_disk(xmlNodePtr node)
{
    g_autoptr(virDomainDiskDef) disk = g_new0(virDomainDiskDef, 1);
    xmlNodePtr driver;
    xmlNodePtr source;
    xmlNodePtr target;

    disk->node = node;
    disk->type = virXMLPropString(node, "type");
    if (!disk->type)
        disk->type = g_strdup("file");
    disk->device = virXMLPropString(node, "device");
    if (!disk->device)
        disk->device = g_strdup("disk");

    if ((driver = virXMLChildElement(node, "driver"))) {
        disk->driver_name = virXMLPropString(driver, "name");
        disk->driver_type = virXMLPropString(driver, "type");
    }
    if ((source = virXMLChildElement(node, "source"))) {
        if (STREQ(disk->type, "block"))
            disk->src = virXMLPropString(source, "dev");
        else if (STREQ(disk->type, "dir"))
            disk->src = virXMLPropString(source, "dir");
        else if (STREQ(disk->type, "file"))
            disk->src = virXMLPropString(source, "file");
        else
            disk->src = virXMLPropString(source, "name");
        if (disk->src && !*disk->src)
            g_clear_pointer(&disk->src, g_free);
    }
    if (!(target = virXMLChildElement(node, "target")) ||
        !(disk->dst = virXMLPropString(target, "dev"))) {
        g_autofree char *what = disk->src ? g_strdup(disk->src) : NULL;

        virReportError(VIR_ERR_NO_TARGET, "%s", what ? what : "(null)");
        return NULL;
    }
    disk->bus = virXMLPropString(target, "bus");
    disk->readonly = virXMLChildElement(node, "readonly") != NULL;
    return g_steal_pointer(&disk);
}

/* libvirt inserts each disk after the last one on the same bus with a
 * lower index. The bus compared is the one written in the XML (not yet
 * defaulted), which is why a disk without bus= goes to the end. */
static void
insert_disk(virDomainDef *def, virDomainDiskDef *disk)
{
    gssize insert_at = -1;

    for (gssize i = (gssize)def->ndisks - 1; i >= 0; i--) {
        virDomainDiskDef *cur = def->disks[i];

        if (!STREQ_NULLABLE(cur->bus, disk->bus))
            continue;
        if (virDiskNameToIndex(cur->dst) > virDiskNameToIndex(disk->dst))
            insert_at = i;
        else if (insert_at == -1)
            insert_at = i + 1;
    }
    if (insert_at < 0)
        insert_at = (gssize)def->ndisks;

    def->disks = g_renew(virDomainDiskDef *, def->disks, def->ndisks + 1);
    memmove(def->disks + insert_at + 1, def->disks + insert_at,
            sizeof(*def->disks) * (def->ndisks - insert_at));
    def->disks[insert_at] = disk;
    def->ndisks++;
}

static int
parse_devices(virDomainDef *def, xmlNodePtr devices)
{
    def->emulator = virXMLChildText(devices, "emulator");
    for (xmlNodePtr cur = devices->children; cur; cur = cur->next) {
        virDomainDiskDef *disk;

        if (cur->type != XML_ELEMENT_NODE ||
            !xmlStrEqual(cur->name, BAD_CAST "disk") || cur->ns)
            continue;
        if (!(disk = parse_disk(cur)))
            return -1;
        insert_disk(def, disk);
    }
    return 0;
}

/* libvirt's default drive addresses for disks on a controller bus (the
 * controllers they need are added with the other implicit controllers,
 * conf/domain_controller.c). */
static void
assign_drive_addresses(virDomainDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];
        xmlNodePtr addr = virXMLChildElement(disk->node, "address");
        int idx = virDiskNameToIndex(disk->dst);
        unsigned long controller;
        unsigned int bus = 0;
        unsigned int unit;

        if (!disk->bus || (STRNEQ(disk->bus, "ide") && STRNEQ(disk->bus, "sata") &&
                           STRNEQ(disk->bus, "fdc") && STRNEQ(disk->bus, "scsi")))
            continue;
        if (addr)
            continue;
        if (idx < 0)
            continue;
        if (STREQ(disk->bus, "ide")) {
            controller = idx / 4;
            bus = (idx % 4) / 2;
            unit = idx % 2;
        } else if (STREQ(disk->bus, "sata")) {
            controller = idx / 6;
            unit = idx % 6;
        } else if (STREQ(disk->bus, "fdc")) {
            controller = idx / 2;
            unit = idx % 2;
        } else {
            controller = idx / 7;
            unit = idx % 7;
        }
        {
            g_autofree char *c = g_strdup_printf("%lu", controller);
            g_autofree char *b = g_strdup_printf("%u", bus);
            g_autofree char *u = g_strdup_printf("%u", unit);

            addr = xmlNewChild(disk->node, NULL, BAD_CAST "address", NULL);
            xmlNewProp(addr, BAD_CAST "type", BAD_CAST "drive");
            xmlNewProp(addr, BAD_CAST "controller", BAD_CAST c);
            xmlNewProp(addr, BAD_CAST "bus", BAD_CAST b);
            xmlNewProp(addr, BAD_CAST "target", BAD_CAST "0");
            xmlNewProp(addr, BAD_CAST "unit", BAD_CAST u);
        }
    }
}

/* The defaults libvirt fills in after parsing. */
static void
post_parse(virDomainDef *def, const virDomainXMLOption *xmlopt)
{
    if (def->cur_memory == 0 || def->cur_memory > def->memory)
        def->cur_memory = def->memory;
    if (def->vcpus == 0)
        def->vcpus = 1;
    if (!def->os_arch && xmlopt && xmlopt->default_arch)
        def->os_arch = g_strdup(xmlopt->default_arch);

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];

        if (!disk->bus) {
            const char *bus = disk_bus_from_name(disk->dst);

            disk->bus = g_strdup(bus);
        }
        if (STREQ(disk->device, "cdrom"))
            disk->readonly = true;
    }
    assign_drive_addresses(def);
}

/* The lifecycle actions are kept as preserved XML; only their values
 * are checked, in libvirt's order. */
static int
check_lifecycle(xmlNodePtr root)
{
    static const struct {
        const char *element;
        const char *const *values;
    } checks[] = {
        { "on_reboot", lifecycle_actions },
        { "on_poweroff", lifecycle_actions },
        { "on_crash", lifecycle_actions },
        { "on_lockfailure", lockfailure_actions },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(checks); i++) {
        g_autofree char *value = virXMLChildText(root, checks[i].element);

        if (value && !g_strv_contains(checks[i].values, value)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown %s action: %s",
                           checks[i].element, value);
            return -1;
        }
    }
    return 0;
}

/* libvirt reads the <label> of a dynamic security label, and every
 * <imagelabel>, only from live XML: the driver generates them at start. */
static void
seclabels_drop_live(xmlNodePtr root)
{
    g_autoptr(GPtrArray) seclabels = virDomainXMLChildren(root, "seclabel");

    for (guint i = 0; i < seclabels->len; i++) {
        xmlNodePtr seclabel = seclabels->pdata[i];
        g_autofree char *type = virXMLPropString(seclabel, "type");

        if (g_strcmp0(type, "static") != 0)
            virDomainXMLRemove(virXMLChildElement(seclabel, "label"));
        virDomainXMLRemove(virXMLChildElement(seclabel, "imagelabel"));
    }
}

static virDomainDef *
parse_root(xmlDocPtr doc, xmlNodePtr root, const virDomainXMLOption *xmlopt,
           unsigned int flags)
{
    g_autoptr(virDomainDef) def = g_new0(virDomainDef, 1);
    g_autofree char *uuid = NULL;

    def->refs = 1;
    g_autofree char *vcpu = NULL;
    xmlNodePtr os;
    xmlNodePtr devices;
    xmlNodePtr mem;
    int dump_core;

    def->root = root;
    def->id = -1;

    if (!(def->virt_type = virXMLPropString(root, "type"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "missing domain type attribute");
        return NULL;
    }
    if (!g_strv_contains(virt_types, def->virt_type)) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "invalid domain type %s",
                       def->virt_type);
        return NULL;
    }
    if (!(flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)) {
        g_autofree char *id = virXMLPropString(root, "id");

        if (id)
            def->id = (int)g_ascii_strtoll(id, NULL, 10);
    }

    if (!(def->name = virXMLChildText(root, "name"))) {
        virReportErrorNoDetail(VIR_ERR_NO_NAME);
        return NULL;
    }

    if ((uuid = virXMLChildText(root, "uuid"))) {
        if (virUUIDParse(uuid, def->uuid) < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "malformed uuid element");
            return NULL;
        }
    } else {
        virUUIDGenerate(def->uuid);
    }

    if (check_lifecycle(root) < 0)
        return NULL;

    if (parse_memory(root, "memory", &def->memory) < 0 ||
        parse_memory(root, "currentMemory", &def->cur_memory) < 0)
        return NULL;
    /* <memory dumpCore='on|off'> stays in the kept element */
    if ((mem = virXMLChildElement(root, "memory")) &&
        virXMLPropTristateSwitch(mem, "dumpCore", VIR_XML_PROP_NONE, &dump_core) < 0)
        return NULL;

    if ((vcpu = virXMLChildText(root, "vcpu"))) {
        char *end = NULL;
        guint64 n = g_ascii_strtoull(vcpu, &end, 10);

        if (*end || n == 0 || n > UINT_MAX) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           "maximum vcpus count must be an integer");
            return NULL;
        }
        def->vcpus = (unsigned int)n;
    }

    if (virDomainCputuneParse(root, def->vcpus ? def->vcpus : 1,
                              !(flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)) < 0)
        return NULL;

    if ((os = virXMLChildElement(root, "os"))) {
        xmlNodePtr type = virXMLChildElement(os, "type");

        if (type) {
            g_autofree char *text = virXMLNodeContentString(type);

            def->os_type = g_strdup(g_strstrip(text));
            def->os_arch = virXMLPropString(type, "arch");
            def->os_machine = virXMLPropString(type, "machine");
        }
    }
    if (!def->os_type) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "an os <type> must be specified");
        return NULL;
    }

    if (flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)
        seclabels_drop_live(root);

    if ((devices = virXMLChildElement(root, "devices")) &&
        (parse_devices(def, devices) < 0 ||
         virDomainChardevsParse(devices, !(flags & VIR_DOMAIN_DEF_PARSE_INACTIVE)) < 0))
        return NULL;

    if (xmlopt && xmlopt->post_parse &&
        xmlopt->post_parse(def, flags, xmlopt->opaque) < 0)
        return NULL;
    post_parse(def, xmlopt);
    if (virDomainDevicesPostParse(def, flags) < 0)
        return NULL;
    /* libvirt refuses a '/' in the name unless the driver declares it
     * can store such a domain; its test driver does not */
    if (strchr(def->name, '/')) {
        virReportError(VIR_ERR_XML_ERROR, "name %s cannot contain '/'", def->name);
        return NULL;
    }
    devices = virXMLChildElement(root, "devices");
    if (!(flags & VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE) &&
        ((devices && virDomainChardevsValidate(devices) < 0) ||
         virDomainCputuneValidate(root) < 0))
        return NULL;
    if (xmlopt && xmlopt->assign_addresses &&
        xmlopt->assign_addresses(def, flags, xmlopt->opaque) < 0)
        return NULL;
    def->doc = doc; /* owned by @def only on success */
    return g_steal_pointer(&def);
}

virDomainDef *
virDomainDefParseNode(xmlNodePtr node, const virDomainXMLOption *xmlopt,
                      unsigned int flags)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = node;
    virDomainDef *def;

    /* Move the element into a document of its own instead of copying it:
     * the enclosing document is thrown away after parsing anyway. The
     * names live in the parser's dictionary, which both share; namespaces
     * declared outside the element (on the enclosing root, or xml:) are
     * re-declared on it by the adoption, so nothing points back into the
     * old document. */
    if (node->doc && node->doc->dict) {
        doc->dict = node->doc->dict;
        xmlDictReference(doc->dict);
    }
    xmlUnlinkNode(root);
    if (xmlDOMWrapAdoptNode(NULL, node->doc, root, doc, NULL, 0) != 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "cannot move the domain element");
        xmlFreeNode(root);
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, root);
    /* namespaces the element used but did not declare get declarations
     * on it, so that what we print is well formed */
    xmlReconciliateNs(doc, root);
    if ((flags & VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA) &&
        virXMLValidateAgainstSchema("domain.rng", doc) < 0) {
        xmlFreeDoc(doc);
        return NULL;
    }
    if (!(def = parse_root(doc, root, xmlopt, flags)))
        xmlFreeDoc(doc);
    return def;
}

virDomainDef *
virDomainDefParseString(const char *xml, const virDomainXMLOption *xmlopt,
                        unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;
    virDomainDef *def;
    xmlNodePtr root;

    if (!(doc = virXMLParse(VIR_FROM_DOMAIN, xml, "(domain_definition)",
                            "domain", "domain.rng",
                            flags & VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA,
                            NULL)))
        return NULL;
    root = xmlDocGetRootElement(doc);
    if (!(def = parse_root(doc, root, xmlopt, flags)))
        return NULL;
    g_steal_pointer(&doc); /* now owned by def */
    return def;
}

virDomainDef *
virDomainDefCopy(const virDomainDef *def, const virDomainXMLOption *xmlopt)
{
    g_autofree char *xml = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_INACTIVE |
                                                   VIR_DOMAIN_DEF_FORMAT_SECURE);

    return virDomainDefParseString(xml, xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                   VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE);
}

/* ---- formatting ---- */

static void
format_name(virBuffer *buf, xmlNodePtr node)
{
    if (node->ns && node->ns->prefix) {
        virBufferAdd(buf, (const char *)node->ns->prefix, -1);
        virBufferAddLit(buf, ":");
    }
    virBufferAdd(buf, (const char *)node->name, -1);
}

/* Prints a namespace declaration: xmlns:PREFIX='HREF' or xmlns='HREF'. */
static void
format_ns_decl(virBuffer *buf, xmlNsPtr ns)
{
    virBufferAddLit(buf, " xmlns");
    if (ns->prefix) {
        virBufferAddLit(buf, ":");
        virBufferAdd(buf, (const char *)ns->prefix, -1);
    }
    virBufferEscapeString(buf, "='%s'", (const char *)ns->href);
}

/* Prints the attributes of @node not named in @skip (NULL-terminated). */
static void
format_attrs(virBuffer *buf, xmlNodePtr node, const char *const *skip)
{
    for (xmlAttrPtr attr = node->properties; attr; attr = attr->next) {
        if (!(attr->ns && attr->ns->prefix) && skip &&
            g_strv_contains(skip, (const char *)attr->name))
            continue;
        virBufferAddLit(buf, " ");
        if (attr->ns && attr->ns->prefix) {
            virBufferAdd(buf, (const char *)attr->ns->prefix, -1);
            virBufferAddLit(buf, ":");
        }
        virBufferAdd(buf, (const char *)attr->name, -1);
        virBufferAddLit(buf, "='");
        if (attr->children && !attr->children->next &&
            attr->children->type == XML_TEXT_NODE) {
            /* the usual case: one text node, no copy needed */
            virBufferEscapeText(buf, (const char *)attr->children->content);
        } else {
            xmlChar *value = xmlNodeListGetString(node->doc, attr->children, 1);

            virBufferEscapeText(buf, value ? (const char *)value : "");
            xmlFree(value);
        }
        virBufferAddLit(buf, "'");
    }
}

static void format_node(virBuffer *buf, xmlNodePtr node, const char *const *skip);

static bool
has_element_children(xmlNodePtr node)
{
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            return true;
    }
    return false;
}

/* Closes the start tag whose attributes have been printed and prints
 * the content of @node: nothing (self-closed), its text, or its child
 * elements one level deeper, leaving out those named in @skip. */
static void
format_content_skip(virBuffer *buf, xmlNodePtr node, const char *const *skip)
{
    bool skipped_all = has_element_children(node);

    /* an element whose child elements are all left out closes itself */
    for (xmlNodePtr cur = node->children; cur && skipped_all; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE &&
            !(skip && !cur->ns && g_strv_contains(skip, (const char *)cur->name)))
            skipped_all = false;
    }
    if (!node->children || skipped_all) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    if (!has_element_children(node)) {
        virBufferAddLit(buf, ">");
        if (!node->children->next && node->children->type == XML_TEXT_NODE) {
            virBufferEscapeText(buf, (const char *)node->children->content);
        } else {
            g_autofree char *text = virXMLNodeContentString(node);

            virBufferEscapeText(buf, text);
        }
        virBufferAddLit(buf, "</");
        format_name(buf, node);
        virBufferAddLit(buf, ">\n");
        return;
    }
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (skip && !cur->ns && g_strv_contains(skip, (const char *)cur->name))
            continue;
        format_node(buf, cur, NULL);
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</");
    format_name(buf, node);
    virBufferAddLit(buf, ">\n");
}

static void
format_content(virBuffer *buf, xmlNodePtr node)
{
    format_content_skip(buf, node, NULL);
}

static void
format_node(virBuffer *buf, xmlNodePtr node, const char *const *skip)
{
    virBufferAddLit(buf, "<");
    format_name(buf, node);
    /* an element of a kept subtree may declare its own namespaces */
    for (xmlNsPtr ns = node->nsDef; ns; ns = ns->next)
        format_ns_decl(buf, ns);
    format_attrs(buf, node, skip);
    format_content(buf, node);
}

static void
format_os(virBuffer *buf, const virDomainDef *def)
{
    xmlNodePtr os = virXMLChildElement(def->root, "os");
    static const char *const skip[] = { "type", NULL };
    g_autoptr(GArray) children = virDomainXMLSortedChildren(os, os_order, skip);
    size_t boot_rank = virDomainXMLRank(os_order, "boot");
    /* libvirt's default boot device, unless devices carry a boot order */
    bool need_boot = STREQ(def->os_type, "hvm") && !(os && virXMLChildElement(os, "boot")) &&
        !virDomainDefHasDeviceBoot(def);
    size_t i;

    virBufferAddLit(buf, "<os");
    if (os)
        format_attrs(buf, os, NULL);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    virBufferAddLit(buf, "<type");
    virBufferEscapeString(buf, " arch='%s'", def->os_arch);
    virBufferEscapeString(buf, " machine='%s'", def->os_machine);
    virBufferEscapeString(buf, ">%s</type>\n", def->os_type);
    for (i = 0; i < children->len; i++) {
        virDomainXMLRankedChild *item = &g_array_index(children, virDomainXMLRankedChild, i);

        if (need_boot && item->rank > boot_rank) {
            virBufferAddLit(buf, "<boot dev='hd'/>\n");
            need_boot = false;
        }
        format_node(buf, item->node, NULL);
    }
    if (need_boot)
        virBufferAddLit(buf, "<boot dev='hd'/>\n");
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</os>\n");
}

/* @chain, a disk's <backingStore>, as inactive XML shows it: the
 * elements the definition described (VIR_DOMAIN_DISK_DESCRIBED of them;
 * without the attribute, those without an index) without their index,
 * and an empty end directly under them; the members a driver found in
 * the images (libvirt's "detected" ones) left out. */
static void
format_chain_inactive(virBuffer *buf, const virDomainDiskDef *disk, xmlNodePtr chain)
{
    g_autofree char *described_s = virXMLPropString(disk->node, VIR_DOMAIN_DISK_DESCRIBED);
    unsigned int described = described_s ? (unsigned int)g_ascii_strtoull(described_s, NULL, 10)
                                         : 0;
    xmlNodePtr copy = xmlCopyNode(chain, 1);
    xmlNodePtr cur = copy;
    unsigned int depth = 1;

    while (cur) {
        xmlNodePtr next = virXMLChildElement(cur, "backingStore");
        bool found = described_s ? depth > described && cur->properties
                                 : xmlHasProp(cur, BAD_CAST "index") != NULL;

        if (found) {
            if (cur == copy) {
                xmlFreeNode(copy);
                return;
            }
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
            break;
        }
        xmlUnsetProp(cur, BAD_CAST "index");
        cur = next;
        depth++;
    }
    format_node(buf, copy, NULL);
    xmlFreeNode(copy);
}

static void
format_disk(virBuffer *buf, const virDomainDiskDef *disk, unsigned int flags)
{
    static const char *const disk_skip[] = { "type", "device", VIR_DOMAIN_DISK_DESCRIBED, NULL };
    static const char *const status_disk_skip[] = { "type", "device", NULL };
    static const char *const child_skip[] = { "driver", "source", "target", "readonly", NULL };
    static const char *const driver_skip[] = { "name", "type", NULL };
    static const char *const source_skip[] = { "file", "dev", "dir", "name", NULL };
    static const char *const target_skip[] = { "dev", "bus", NULL };
    g_autoptr(GArray) children = virDomainXMLSortedChildren(disk->node, disk_order,
                                                            child_skip);
    xmlNodePtr driver = disk->node ? virXMLChildElement(disk->node, "driver") : NULL;
    xmlNodePtr source = disk->node ? virXMLChildElement(disk->node, "source") : NULL;
    xmlNodePtr target = disk->node ? virXMLChildElement(disk->node, "target") : NULL;
    size_t modelled[] = {
        virDomainXMLRank(disk_order, "driver"),
        virDomainXMLRank(disk_order, "source"),
        virDomainXMLRank(disk_order, "target"),
        virDomainXMLRank(disk_order, "readonly"),
    };
    size_t next = 0;
    size_t i;

    virBufferEscapeString(buf, "<disk type='%s'", disk->type);
    virBufferEscapeString(buf, " device='%s'", disk->device);
    if (disk->node)
        format_attrs(buf, disk->node,
                     (flags & VIR_DOMAIN_DEF_FORMAT_STATUS) ? status_disk_skip : disk_skip);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);

    /* merge the modelled children into the preserved ones by rank */
    for (i = 0; i <= children->len; i++) {
        size_t rank = i < children->len ?
            g_array_index(children, virDomainXMLRankedChild, i).rank : G_MAXSIZE;

        for (; next < G_N_ELEMENTS(modelled) && modelled[next] <= rank; next++) {
            switch (next) {
            case 0:
                if (!disk->driver_name && !disk->driver_type && !driver)
                    break;
                virBufferAddLit(buf, "<driver");
                virBufferEscapeString(buf, " name='%s'", disk->driver_name);
                virBufferEscapeString(buf, " type='%s'", disk->driver_type);
                if (driver) {
                    format_attrs(buf, driver, driver_skip);
                    format_content(buf, driver);
                } else {
                    virBufferAddLit(buf, "/>\n");
                }
                break;
            case 1: {
                const char *attr = "file";

                if (!disk->src && !(source && (source->properties || source->children)))
                    break;
                if (STREQ(disk->type, "block"))
                    attr = "dev";
                else if (STREQ(disk->type, "dir"))
                    attr = "dir";
                else if (STRNEQ(disk->type, "file"))
                    attr = "name";
                virBufferAddLit(buf, "<source");
                /* a network source prints its name after its protocol */
                if (disk->src && STREQ(attr, "name") && source) {
                    format_attrs(buf, source, NULL);
                    format_content_skip(buf, source,
                                        virDomainDiskSourceSecretChildren(flags));
                    break;
                }
                if (disk->src) {
                    virBufferAsprintf(buf, " %s=", attr);
                    virBufferEscapeString(buf, "'%s'", disk->src);
                }
                if (source) {
                    format_attrs(buf, source, source_skip);
                    format_content_skip(buf, source,
                                        virDomainDiskSourceSecretChildren(flags));
                } else {
                    virBufferAddLit(buf, "/>\n");
                }
                break;
            }
            case 2:
                virBufferEscapeString(buf, "<target dev='%s'", disk->dst);
                virBufferEscapeString(buf, " bus='%s'", disk->bus);
                if (target) {
                    format_attrs(buf, target, target_skip);
                    format_content(buf, target);
                } else {
                    virBufferAddLit(buf, "/>\n");
                }
                break;
            case 3:
                if (disk->readonly)
                    virBufferAddLit(buf, "<readonly/>\n");
                break;
            }
        }
        if (i < children->len) {
            xmlNodePtr child = g_array_index(children, virDomainXMLRankedChild, i).node;

            if ((flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE) &&
                virXMLNodeNameEqual(child, "backingStore"))
                format_chain_inactive(buf, disk, child);
            else
                format_node(buf, child, NULL);
        }
    }

    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</disk>\n");
}

/* libvirt leaves a PS/2 or Xen keyboard out of migratable XML: older
 * libvirt added one itself and would then have two. */
static bool
is_implicit_keyboard(xmlNodePtr node)
{
    g_autofree char *type = NULL;
    g_autofree char *bus = NULL;

    if (!virXMLNodeNameEqual(node, "input"))
        return false;
    type = virXMLPropString(node, "type");
    bus = virXMLPropString(node, "bus");
    return STREQ_NULLABLE(type, "keyboard") &&
        (STREQ_NULLABLE(bus, "ps2") || STREQ_NULLABLE(bus, "xen"));
}

static void
format_devices(virBuffer *buf, const virDomainDef *def, unsigned int flags)
{
    xmlNodePtr devices = virXMLChildElement(def->root, "devices");
    static const char *const skip[] = { "emulator", "disk", NULL };
    g_autoptr(GArray) children = virDomainXMLSortedChildren(devices, device_order, skip);

    virBufferAddLit(buf, "<devices>\n");
    virBufferAdjustIndent(buf, 2);
    virBufferEscapeString(buf, "<emulator>%s</emulator>\n", def->emulator);
    for (size_t i = 0; i < def->ndisks; i++)
        format_disk(buf, def->disks[i], flags);
    for (size_t i = 0; i < children->len; i++) {
        xmlNodePtr node = g_array_index(children, virDomainXMLRankedChild, i).node;

        if ((flags & VIR_DOMAIN_DEF_FORMAT_MIGRATABLE) && is_implicit_keyboard(node))
            continue;
        if (!virDomainDeviceNodeFormat(buf, def, node, flags))
            format_node(buf, node, NULL);
    }
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</devices>\n");
}

static void
format_vcpu(virBuffer *buf, const virDomainDef *def)
{
    static const char *const skip[] = { "placement", "cpuset", "current", NULL };
    xmlNodePtr vcpu = virXMLChildElement(def->root, "vcpu");
    g_autofree char *placement = vcpu ? virXMLPropString(vcpu, "placement") : NULL;
    g_autofree char *cpuset = vcpu ? virXMLPropString(vcpu, "cpuset") : NULL;
    g_autofree char *current = vcpu ? virXMLPropString(vcpu, "current") : NULL;

    virBufferEscapeString(buf, "<vcpu placement='%s'", placement ? placement : "static");
    virBufferEscapeString(buf, " cpuset='%s'", cpuset);
    /* libvirt drops current= when it equals the maximum */
    if (current && g_ascii_strtoull(current, NULL, 10) != def->vcpus)
        virBufferEscapeString(buf, " current='%s'", current);
    if (vcpu)
        format_attrs(buf, vcpu, skip);
    virBufferAsprintf(buf, ">%u</vcpu>\n", def->vcpus);
}

/* Prints one top-level item: a modelled element or a preserved one. */
static void
format_top(virBuffer *buf, const virDomainDef *def, const char *name,
           xmlNodePtr preserved, unsigned int flags)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    if (preserved && STREQ(name, "features")) {
        g_autoptr(GArray) children = virDomainXMLSortedChildren(preserved, feature_order,
                                                                NULL);

        virBufferAddLit(buf, "<features");
        format_attrs(buf, preserved, NULL);
        if (children->len == 0) {
            virBufferAddLit(buf, "/>\n");
            return;
        }
        virBufferAddLit(buf, ">\n");
        virBufferAdjustIndent(buf, 2);
        for (size_t i = 0; i < children->len; i++)
            format_node(buf, g_array_index(children, virDomainXMLRankedChild, i).node, NULL);
        virBufferAdjustIndent(buf, -2);
        virBufferAddLit(buf, "</features>\n");
    } else if (preserved && STREQ(name, "cputune")) {
        virDomainCputuneFormat(buf, preserved, (flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE) ||
                                               def->id < 0);
    } else if (preserved) {
        format_node(buf, preserved, NULL);
    } else if (STREQ(name, "name")) {
        virBufferEscapeString(buf, "<name>%s</name>\n", def->name);
    } else if (STREQ(name, "uuid")) {
        virUUIDFormat(def->uuid, uuidstr);
        virBufferAsprintf(buf, "<uuid>%s</uuid>\n", uuidstr);
    } else if (STREQ(name, "memory")) {
        xmlNodePtr mem = virXMLChildElement(def->root, "memory");
        g_autofree char *dump_core = mem ? virXMLPropString(mem, "dumpCore") : NULL;

        virBufferAddLit(buf, "<memory");
        virBufferEscapeString(buf, " dumpCore='%s'", dump_core);
        virBufferAsprintf(buf, " unit='KiB'>%llu</memory>\n", def->memory);
    } else if (STREQ(name, "currentMemory")) {
        virBufferAsprintf(buf, "<currentMemory unit='KiB'>%llu</currentMemory>\n",
                          def->cur_memory);
    } else if (STREQ(name, "vcpu")) {
        format_vcpu(buf, def);
    } else if (STREQ(name, "os")) {
        format_os(buf, def);
    } else if (STREQ(name, "clock")) {
        virBufferAddLit(buf, "<clock offset='utc'/>\n");
    } else if (STREQ(name, "on_poweroff")) {
        virBufferAddLit(buf, "<on_poweroff>destroy</on_poweroff>\n");
    } else if (STREQ(name, "on_reboot")) {
        virBufferAddLit(buf, "<on_reboot>restart</on_reboot>\n");
    } else if (STREQ(name, "on_crash")) {
        virBufferAddLit(buf, "<on_crash>destroy</on_crash>\n");
    } else if (STREQ(name, "devices")) {
        format_devices(buf, def, flags);
    }
}

void
virDomainDefFormatBuf(virBuffer *buf, const virDomainDef *def,
                      unsigned int flags)
{
    virDomainDefFormatBufRoot(buf, def, "domain", flags);
}

void
virDomainPreservedNodeFormat(virBuffer *buf, xmlNodePtr node)
{
    format_node(buf, node, NULL);
}

void
virDomainPreservedAttrsFormat(virBuffer *buf, xmlNodePtr node,
                              const char *const *skip)
{
    format_attrs(buf, node, skip);
}

void
virDomainPreservedContentFormat(virBuffer *buf, xmlNodePtr node,
                                const char *const *skip)
{
    format_content_skip(buf, node, skip);
}

void
virDomainDefFormatBufRoot(virBuffer *buf, const virDomainDef *def,
                          const char *rootname, unsigned int flags)
{
    static const char *const modelled[] = {
        "name", "uuid", "memory", "currentMemory", "vcpu", "os", "devices", NULL,
    };
    /* always printed: from the struct, or as libvirt's default */
    static const char *const always[] = {
        "name", "uuid", "memory", "currentMemory", "vcpu", "os", "clock",
        "on_poweroff", "on_reboot", "on_crash", "devices", NULL,
    };
    static const char *const root_skip[] = { "type", "id", NULL };
    g_autoptr(GArray) items = virDomainXMLSortedChildren(def->root, domain_order, modelled);
    size_t next = 0;
    size_t i;

    virBufferAsprintf(buf, "<%s", rootname);
    virBufferEscapeString(buf, " type='%s'", def->virt_type);
    if (!(flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE) && def->id >= 0)
        virBufferAsprintf(buf, " id='%d'", def->id);
    for (xmlNsPtr ns = def->root ? def->root->nsDef : NULL; ns; ns = ns->next) {
        format_ns_decl(buf, ns);
    }
    if (def->root)
        format_attrs(buf, def->root, root_skip);
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);

    for (i = 0; i <= items->len; i++) {
        virDomainXMLRankedChild *item =
            i < items->len ? &g_array_index(items, virDomainXMLRankedChild, i) : NULL;
        size_t rank = item ? item->rank : G_MAXSIZE;

        for (; always[next]; next++) {
            size_t r = virDomainXMLRank(domain_order, always[next]);

            if (r > rank)
                break;
            /* a preserved element of the same name replaces the default */
            if (item && r == rank)
                continue;
            format_top(buf, def, always[next], NULL, flags);
        }
        /* the DAC label a driver generated is not part of the config:
         * libvirt leaves its implicit labels out of a copy of the live
         * definition (a checkpoint's <domain>) */
        if (item && def->implicit_seclabel && (flags & VIR_DOMAIN_DEF_FORMAT_INACTIVE) &&
            virXMLNodeNameEqual(item->node, "seclabel") && !item->node->ns)
            continue;
        if (item)
            format_top(buf, def, (const char *)item->node->name, item->node, flags);
    }

    virBufferAdjustIndent(buf, -2);
    virBufferAsprintf(buf, "</%s>\n", rootname);
}

char *
virDomainDefFormat(const virDomainDef *def, unsigned int flags)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;

    virDomainDefFormatBuf(&buf, def, flags);
    return virBufferContentAndReset(&buf);
}

int
virDomainDefCheckUnique(const virDomainDef *existing, const virDomainDef *def)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];

    virUUIDFormat(existing->uuid, uuidstr);
    if (memcmp(existing->uuid, def->uuid, VIR_UUID_BUFLEN) == 0) {
        if (STRNEQ(existing->name, def->name)) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           "domain '%s' is already defined with uuid %s",
                           existing->name, uuidstr);
            return -1;
        }
        return 1;
    }
    if (STREQ(existing->name, def->name)) {
        virReportError(VIR_ERR_OPERATION_FAILED,
                       "domain '%s' already exists with uuid %s",
                       def->name, uuidstr);
        return -1;
    }
    return 0;
}

char *
virDomainDefLifecycleAction(const virDomainDef *def, const char *element,
                            const char *fallback)
{
    char *value = def->root ? virXMLChildText(def->root, element) : NULL;

    return value ? value : g_strdup(fallback);
}

unsigned int
virDomainDefGetVcpus(const virDomainDef *def)
{
    xmlNodePtr vcpu = def->root ? virXMLChildElement(def->root, "vcpu") : NULL;
    g_autofree char *current = vcpu ? virXMLPropString(vcpu, "current") : NULL;
    guint64 value;

    if (!current || !g_ascii_string_to_unsigned(current, 10, 0, def->vcpus, &value, NULL))
        return def->vcpus;
    return (unsigned int)value;
}
