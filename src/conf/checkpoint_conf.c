/*
 * checkpoint_conf.c: parse, align and format checkpoint definitions
 */
#include "internal.h"
#include "conf/checkpoint_conf.h"

#include <errno.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN_CHECKPOINT

static const char *const checkpoint_type_names[] = {
    [VIR_DOMAIN_CHECKPOINT_TYPE_DEFAULT] = "default",
    [VIR_DOMAIN_CHECKPOINT_TYPE_NONE] = "no",
    [VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP] = "bitmap",
};

static void
disk_clear(virDomainCheckpointDiskDef *disk)
{
    g_clear_pointer(&disk->name, g_free);
    g_clear_pointer(&disk->bitmap, g_free);
}

void
virDomainCheckpointDefFree(virDomainCheckpointDef *def)
{
    if (!def)
        return;
    virDomainMomentDefClear(&def->parent);
    for (size_t i = 0; i < def->ndisks; i++)
        disk_clear(&def->disks[i]);
    g_free(def->disks);
    g_free(def);
}

static void
parse_disk(xmlNodePtr node, virDomainCheckpointDiskDef *disk)
{
    g_autofree char *type = virXMLPropString(node, "checkpoint");

    /* the schema guarantees name is present and type is "no"/"bitmap" */
    disk->name = virXMLPropString(node, "name");
    disk->type = VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP;
    if (type && STREQ(type, "no"))
        disk->type = VIR_DOMAIN_CHECKPOINT_TYPE_NONE;
    disk->bitmap = virXMLPropString(node, "bitmap");
    /* size= is output only: ignored */
}

/* A fixed-shape document: read with child walks, not XPath (an XPath
 * context and compiled expressions per call cost more than the reads). */
static virDomainCheckpointDef *
parse_def(xmlNodePtr root, const virDomainXMLOption *xmlopt, unsigned int flags)
{
    g_autoptr(virDomainCheckpointDef) def = g_new0(virDomainCheckpointDef, 1);
    xmlNodePtr disks;
    size_t n = 0;

    def->parent.name = virXMLChildText(root, "name");
    if (!def->parent.name && (flags & VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE)) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "a redefined checkpoint must have a name");
        return NULL;
    }
    def->parent.description = virXMLChildText(root, "description");

    if (flags & VIR_DOMAIN_CHECKPOINT_PARSE_REDEFINE) {
        g_autofree char *time = virXMLChildText(root, "creationTime");
        xmlNodePtr parent = virXMLChildElement(root, "parent");
        xmlNodePtr domain;
        char *end = NULL;

        errno = 0;
        if (time)
            def->parent.creationTime = g_ascii_strtoll(time, &end, 10);
        if (!time || errno == ERANGE || *end) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "missing creationTime from existing checkpoint");
            return NULL;
        }
        if (parent)
            def->parent.parent_name = virXMLChildText(parent, "name");
        if ((domain = virXMLChildElement(root, "domain")) &&
            !(def->parent.dom = virDomainDefParseNode(domain, xmlopt,
                                                      VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                                      VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)))
            return NULL;
    } else {
        virDomainMomentDefPostParse(&def->parent);
    }

    if ((disks = virXMLChildElement(root, "disks"))) {
        for (xmlNodePtr cur = disks->children; cur; cur = cur->next)
            n += cur->type == XML_ELEMENT_NODE;
        def->disks = g_new0(virDomainCheckpointDiskDef, n);
        for (xmlNodePtr cur = disks->children; cur; cur = cur->next) {
            if (cur->type == XML_ELEMENT_NODE)
                parse_disk(cur, &def->disks[def->ndisks++]);
        }
    }
    return g_steal_pointer(&def);
}

virDomainCheckpointDef *
virDomainCheckpointDefParseString(const char *xml,
                                  const virDomainXMLOption *xmlopt,
                                  unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParse(VIR_FROM_THIS, xml, "(domain_checkpoint)",
                            "domaincheckpoint", "domaincheckpoint.rng",
                            true, NULL)))
        return NULL;
    return parse_def(xmlDocGetRootElement(doc), xmlopt, flags);
}

void
virDomainCheckpointDefAssignBitmapNames(virDomainCheckpointDef *def)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];

        if (disk->type == VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP && !disk->bitmap)
            disk->bitmap = g_strdup(def->parent.name);
    }
}

int
virDomainCheckpointAlignDisks(virDomainCheckpointDef *def)
{
    virDomainDef *dom = def->parent.dom;
    g_autofree virDomainCheckpointDiskDef **by_domain_disk = NULL;
    virDomainCheckpointDiskDef *aligned;
    virDomainCheckpointType fallback = VIR_DOMAIN_CHECKPOINT_TYPE_NONE;
    size_t i;

    if (!dom) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "missing domain in checkpoint");
        return -1;
    }
    /* this check comes before the duplicate check, as in libvirt */
    if (def->ndisks > dom->ndisks) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "too many disk checkpoint requests for domain");
        return -1;
    }
    if (dom->ndisks == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "domain must have at least one disk to perform checkpoints");
        return -1;
    }
    /* without <disks>, every usable disk gets a bitmap */
    if (def->ndisks == 0)
        fallback = VIR_DOMAIN_CHECKPOINT_TYPE_BITMAP;

    by_domain_disk = g_new0(virDomainCheckpointDiskDef *, dom->ndisks);
    for (i = 0; i < def->ndisks; i++) {
        virDomainCheckpointDiskDef *disk = &def->disks[i];
        int idx = virDomainDiskIndexByName(dom, disk->name);

        if (idx < 0) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "no disk named '%s'", disk->name);
            return -1;
        }
        if (by_domain_disk[idx]) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' specified twice",
                           disk->name);
            return -1;
        }
        by_domain_disk[idx] = disk;
        if (virDomainDiskIsEmptyOrReadonly(dom->disks[idx]) &&
            disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_NONE) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "disk '%s' is empty or readonly", disk->name);
            return -1;
        }
    }

    aligned = g_new0(virDomainCheckpointDiskDef, dom->ndisks);
    for (i = 0; i < dom->ndisks; i++) {
        virDomainDiskDef *domdisk = dom->disks[i];
        virDomainCheckpointDiskDef *out = &aligned[i];

        if (by_domain_disk[i]) {
            *out = *by_domain_disk[i];
            memset(by_domain_disk[i], 0, sizeof(*by_domain_disk[i]));
            g_free(out->name);
        } else {
            out->type = virDomainDiskIsEmptyOrReadonly(domdisk) ?
                VIR_DOMAIN_CHECKPOINT_TYPE_NONE : fallback;
        }
        out->name = g_strdup(domdisk->dst);
    }
    for (i = 0; i < def->ndisks; i++)
        disk_clear(&def->disks[i]);
    g_free(def->disks);
    def->disks = aligned;
    def->ndisks = dom->ndisks;

    virDomainCheckpointDefAssignBitmapNames(def);
    return 0;
}

unsigned int
virDomainCheckpointFormatConvertXMLFlags(unsigned int flags)
{
    unsigned int out = 0;

    if (flags & VIR_DOMAIN_CHECKPOINT_XML_SECURE)
        out |= VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE;
    if (flags & VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN)
        out |= VIR_DOMAIN_CHECKPOINT_FORMAT_NO_DOMAIN;
    if (flags & VIR_DOMAIN_CHECKPOINT_XML_SIZE)
        out |= VIR_DOMAIN_CHECKPOINT_FORMAT_SIZE;
    return out;
}

static void
format_disk(virBuffer *buf, const virDomainCheckpointDiskDef *disk,
            unsigned int flags)
{
    if (!disk->name)
        return;
    virBufferEscapeString(buf, "<disk name='%s'", disk->name);
    if (disk->type != VIR_DOMAIN_CHECKPOINT_TYPE_DEFAULT)
        virBufferAsprintf(buf, " checkpoint='%s'", checkpoint_type_names[disk->type]);
    if (disk->bitmap) {
        virBufferEscapeString(buf, " bitmap='%s'", disk->bitmap);
        if ((flags & VIR_DOMAIN_CHECKPOINT_FORMAT_SIZE) && disk->sizeValid)
            virBufferAsprintf(buf, " size='%llu'", disk->size);
    }
    virBufferAddLit(buf, "/>\n");
}

char *
virDomainCheckpointDefFormat(const virDomainCheckpointDef *def,
                             unsigned int flags)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    unsigned int domflags = VIR_DOMAIN_DEF_FORMAT_INACTIVE;

    if (flags & VIR_DOMAIN_CHECKPOINT_FORMAT_SECURE)
        domflags |= VIR_DOMAIN_DEF_FORMAT_SECURE;

    virBufferAddLit(&buf, "<domaincheckpoint>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<name>%s</name>\n", def->parent.name);
    virBufferEscapeString(&buf, "<description>%s</description>\n",
                          def->parent.description);
    if (def->parent.parent_name) {
        virBufferAddLit(&buf, "<parent>\n");
        virBufferEscapeString(&buf, "  <name>%s</name>\n", def->parent.parent_name);
        virBufferAddLit(&buf, "</parent>\n");
    }
    if (def->parent.creationTime)
        virBufferAsprintf(&buf, "<creationTime>%lld</creationTime>\n",
                          def->parent.creationTime);
    if (def->ndisks) {
        virBufferAddLit(&buf, "<disks>\n");
        virBufferAdjustIndent(&buf, 2);
        for (size_t i = 0; i < def->ndisks; i++)
            format_disk(&buf, &def->disks[i], flags);
        virBufferAdjustIndent(&buf, -2);
        virBufferAddLit(&buf, "</disks>\n");
    }
    if (def->parent.dom && !(flags & VIR_DOMAIN_CHECKPOINT_FORMAT_NO_DOMAIN))
        virDomainDefFormatBuf(&buf, def->parent.dom, domflags);
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domaincheckpoint>\n");
    return virBufferContentAndReset(&buf);
}

int
virDomainCheckpointRedefineValidate(virDomainCheckpointDef *def,
                                    const unsigned char *domuuid)
{
    if (!def->parent.dom) {
        virDomainCheckpointDefAssignBitmapNames(def);
        return 0;
    }
    if (memcmp(def->parent.dom->uuid, domuuid, VIR_UUID_BUFLEN) != 0) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];

        virUUIDFormat(domuuid, uuidstr);
        virReportError(VIR_ERR_INVALID_ARG,
                       "definition for checkpoint %s must use uuid %s",
                       def->parent.name, uuidstr);
        return -1;
    }
    return virDomainCheckpointAlignDisks(def);
}
