/*
 * domain_abi.c: libvirt's guest ABI comparison of two domain definitions
 *
 * Every check reports the first difference and stops, in the order
 * libvirt 9.0 makes them, so that the same pair of definitions fails
 * with the same message. The modelled fields come from the structs;
 * the few disk details libvirt compares that tidemark keeps as
 * preserved XML (serial, wwn, model, queues, addresses...) are read
 * from the disk's element, with libvirt's value for an absent one.
 */
#include "internal.h"
#include "conf/domain_abi.h"

#include <errno.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

/* ---- reading preserved details ---- */

static char *
child_prop(xmlNodePtr node, const char *child, const char *name)
{
    xmlNodePtr elem = node ? virXMLChildElement(node, child) : NULL;

    return elem ? virXMLPropString(elem, name) : NULL;
}

/* An unsigned attribute as libvirt reads it into a struct: 0 when
 * absent (or, for tidemark, not a number libvirt would have taken).
 * @base 0 takes hex with 0x, as PCI addresses are written. */
static unsigned int
child_prop_uint(xmlNodePtr node, const char *child, const char *name, unsigned int base)
{
    g_autofree char *text = child_prop(node, child, name);
    char *end = NULL;
    guint64 value;

    if (!text || !*text || text[0] == '-')
        return 0;
    errno = 0;
    value = g_ascii_strtoull(text, &end, base);
    if (errno == ERANGE || *end || value > G_MAXUINT)
        return 0;
    return (unsigned int)value;
}

/* ---- the domain ---- */

static bool
check_identity(const virDomainDef *src, const virDomainDef *dst)
{
    if (STRNEQ(src->virt_type, dst->virt_type)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain virt type %s does not match source %s",
                       dst->virt_type, src->virt_type);
        return false;
    }
    if (memcmp(src->uuid, dst->uuid, VIR_UUID_BUFLEN) != 0) {
        char srcuuid[VIR_UUID_STRING_BUFLEN];
        char dstuuid[VIR_UUID_STRING_BUFLEN];

        virUUIDFormat(src->uuid, srcuuid);
        virUUIDFormat(dst->uuid, dstuuid);
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain uuid %s does not match source %s",
                       dstuuid, srcuuid);
        return false;
    }
    /* not guest ABI, but a definition must not rename the domain */
    if (STRNEQ(src->name, dst->name)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain name '%s' does not match source '%s'",
                       dst->name, src->name);
        return false;
    }
    return true;
}

static bool
check_memory_vcpus(const virDomainDef *src, const virDomainDef *dst)
{
    unsigned int src_online;
    unsigned int dst_online;

    if (src->memory != dst->memory) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain max memory %llu does not match source %llu",
                       dst->memory, src->memory);
        return false;
    }
    if (src->cur_memory != dst->cur_memory) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain current memory %llu does not match source %llu",
                       dst->cur_memory, src->cur_memory);
        return false;
    }
    if (src->vcpus != dst->vcpus) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain vCPU max %u does not match source %u",
                       dst->vcpus, src->vcpus);
        return false;
    }
    /* vCPUs 0..current-1 are online: the first one whose state differs
     * is the lower of the two counts */
    src_online = virDomainDefGetVcpus(src);
    dst_online = virDomainDefGetVcpus(dst);
    if (src_online != dst_online) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "State of vCPU '%u' differs between source and destination definitions",
                       MIN(src_online, dst_online));
        return false;
    }
    return true;
}

static bool
check_os(const virDomainDef *src, const virDomainDef *dst)
{
    if (STRNEQ(src->os_type, dst->os_type)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain OS type %s does not match source %s",
                       dst->os_type, src->os_type);
        return false;
    }
    /* libvirt names a missing architecture "none" */
    if (!STREQ_NULLABLE(src->os_arch, dst->os_arch)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain architecture %s does not match source %s",
                       dst->os_arch ? dst->os_arch : "none",
                       src->os_arch ? src->os_arch : "none");
        return false;
    }
    /* and prints a missing machine type as printf prints NULL */
    if (!STREQ_NULLABLE(src->os_machine, dst->os_machine)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain machine type %s does not match source %s",
                       dst->os_machine ? dst->os_machine : "(null)",
                       src->os_machine ? src->os_machine : "(null)");
        return false;
    }
    return true;
}

/* ---- disks ---- */

static bool
check_disk_identity(const virDomainDiskDef *src, const virDomainDiskDef *dst)
{
    g_autofree char *src_serial = src->node ? virXMLChildText(src->node, "serial") : NULL;
    g_autofree char *dst_serial = dst->node ? virXMLChildText(dst->node, "serial") : NULL;
    g_autofree char *src_wwn = src->node ? virXMLChildText(src->node, "wwn") : NULL;
    g_autofree char *dst_wwn = dst->node ? virXMLChildText(dst->node, "wwn") : NULL;

    if (STRNEQ(src->device, dst->device)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk device %s does not match source %s",
                       dst->device, src->device);
        return false;
    }
    if (!STREQ_NULLABLE(src->bus, dst->bus)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk bus %s does not match source %s",
                       dst->bus ? dst->bus : "none", src->bus ? src->bus : "none");
        return false;
    }
    if (STRNEQ(src->dst, dst->dst)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk %s does not match source %s", dst->dst, src->dst);
        return false;
    }
    if (!STREQ_NULLABLE(src_serial, dst_serial)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk serial %s does not match source %s",
                       NULLSTR(dst_serial), NULLSTR(src_serial));
        return false;
    }
    if (!STREQ_NULLABLE(src_wwn, dst_wwn)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk wwn '%s' does not match source '%s'",
                       NULLSTR(dst_wwn), NULLSTR(src_wwn));
        return false;
    }
    if (src->readonly != dst->readonly) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "Target disk access mode does not match source");
        return false;
    }
    return true;
}

static bool
check_disk_frontend(const virDomainDiskDef *src, const virDomainDiskDef *dst)
{
    g_autofree char *src_model = src->node ? virXMLPropString(src->node, "model") : NULL;
    g_autofree char *dst_model = dst->node ? virXMLPropString(dst->node, "model") : NULL;
    unsigned int src_value;
    unsigned int dst_value;

    if (!STREQ_NULLABLE(src_model, dst_model)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk model %s does not match source %s",
                       dst_model ? dst_model : "default",
                       src_model ? src_model : "default");
        return false;
    }
    src_value = child_prop_uint(src->node, "target", "rotation_rate", 10);
    dst_value = child_prop_uint(dst->node, "target", "rotation_rate", 10);
    if (src_value != dst_value) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk rotation rate %u RPM does not match source %u RPM",
                       dst_value, src_value);
        return false;
    }
    src_value = child_prop_uint(src->node, "driver", "queues", 10);
    dst_value = child_prop_uint(dst->node, "driver", "queues", 10);
    if (src_value != dst_value) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk queue count %u does not match source %u",
                       dst_value, src_value);
        return false;
    }
    if (child_prop_uint(src->node, "driver", "queue_size", 10) !=
        child_prop_uint(dst->node, "driver", "queue_size", 10)) {
        /* libvirt 9.0 prints the queue counts here, not the sizes */
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target disk queue size %u does not match source %u",
                       dst_value, src_value);
        return false;
    }
    return true;
}

/* The virtio options libvirt reads from a disk's <driver>: none at all
 * without one. */
static bool
check_disk_virtio(const virDomainDiskDef *src, const virDomainDiskDef *dst)
{
    static const char *const options[] = { "iommu", "ats", "packed", "page_per_vq", NULL };
    xmlNodePtr src_driver = src->node ? virXMLChildElement(src->node, "driver") : NULL;
    xmlNodePtr dst_driver = dst->node ? virXMLChildElement(dst->node, "driver") : NULL;

    if (!src_driver && !dst_driver)
        return true;
    if (!src_driver || !dst_driver) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "Target device virtio options don't match the source");
        return false;
    }
    for (size_t i = 0; options[i]; i++) {
        g_autofree char *src_value = virXMLPropString(src_driver, options[i]);
        g_autofree char *dst_value = virXMLPropString(dst_driver, options[i]);

        if (!STREQ_NULLABLE(src_value, dst_value)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Target device %s option '%s' does not match source '%s'",
                           options[i], dst_value ? dst_value : "default",
                           src_value ? src_value : "default");
            return false;
        }
    }
    return true;
}

static bool
check_disk_address(const virDomainDiskDef *src, const virDomainDiskDef *dst)
{
    g_autofree char *src_type = child_prop(src->node, "address", "type");
    g_autofree char *dst_type = child_prop(dst->node, "address", "type");

    if (!STREQ_NULLABLE(src_type, dst_type)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target device address type %s does not match source %s",
                       dst_type ? dst_type : "none", src_type ? src_type : "none");
        return false;
    }
    if (!src_type)
        return true;

    if (STREQ(src_type, "pci")) {
        static const char *const fields[] = { "domain", "bus", "slot", "function" };
        unsigned int s[4];
        unsigned int d[4];

        for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
            s[i] = child_prop_uint(src->node, "address", fields[i], 0);
            d[i] = child_prop_uint(dst->node, "address", fields[i], 0);
        }
        if (memcmp(s, d, sizeof(s)) != 0) {
            /* libvirt's message has no space before "does" */
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Target device PCI address %04x:%02x:%02x.%u"
                           "does not match source %04x:%02x:%02x.%u",
                           d[0], d[1], d[2], d[3], s[0], s[1], s[2], s[3]);
            return false;
        }
    } else if (STREQ(src_type, "drive")) {
        /* the target number is not part of the comparison */
        static const char *const fields[] = { "controller", "bus", "unit" };
        unsigned int s[3];
        unsigned int d[3];

        for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
            s[i] = child_prop_uint(src->node, "address", fields[i], 10);
            d[i] = child_prop_uint(dst->node, "address", fields[i], 10);
        }
        if (memcmp(s, d, sizeof(s)) != 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "Target device drive address %u:%u:%u does not match source %u:%u:%u",
                           d[0], d[1], d[2], s[0], s[1], s[2]);
            return false;
        }
    }
    return true;
}

static bool
check_disks(const virDomainDef *src, const virDomainDef *dst)
{
    if (src->ndisks != dst->ndisks) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Target domain disk count %zu does not match source %zu",
                       dst->ndisks, src->ndisks);
        return false;
    }
    for (size_t i = 0; i < src->ndisks; i++) {
        const virDomainDiskDef *s = src->disks[i];
        const virDomainDiskDef *d = dst->disks[i];

        if (!check_disk_identity(s, d) || !check_disk_frontend(s, d) ||
            !check_disk_virtio(s, d) || !check_disk_address(s, d))
            return false;
    }
    return true;
}

bool
virDomainDefCheckABIStability(const virDomainDef *src, const virDomainDef *dst)
{
    return check_identity(src, dst) && check_memory_vcpus(src, dst) &&
        check_os(src, dst) && check_disks(src, dst);
}
