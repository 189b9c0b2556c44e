/*
 * backup_conf.c: parse, align and format domain backup definitions
 *
 * Facts from libvirt 9.0's backup_conf.c (virDomainBackupDefParseXML,
 * virDomainBackupAlignDisks, virDomainBackupDefFormat) and the parts of
 * its storage source code a backup store uses (base type and format,
 * the file/dev path, per-image seclabels).
 */
#include "internal.h"
#include "conf/backup_conf.h"
#include "util/virbuffer.h"
#include "util/virxml.h"
#include "util/virxmlprop.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN

static const char *const backup_type_names[] = { "default", "push", "pull", NULL };

static const char *const disk_state_names[] = {
    "", "running", "complete", "failed", "cancelling", "cancelled", NULL,
};

static const char *const backup_mode_names[] = { "", "full", "incremental", NULL };

/* libvirt's storage types, by their value there: a backup store may be
 * only the first two after "none" */
static const char *const storage_type_names[] = {
    "none", "file", "block", "dir", "network", "volume", "nvme", "vhostuser", NULL,
};

/* libvirt's image formats ("none" first: value 0 means not given) */
static const char *const image_format_names[] = {
    "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi", "fat",
    "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", "luks", NULL,
};

/* Position of @name in NULL-terminated @names, or -1. */
static int
name_index(const char *const *names, const char *name)
{
    for (int i = 0; names[i]; i++) {
        if (STREQ(names[i], name))
            return i;
    }
    return -1;
}

/* libvirt's security label buffer, terminator included */
#define SECLABEL_MAX 4096

static void
store_clear(virDomainBackupStore *store)
{
    g_clear_pointer(&store->path, g_free);
    g_clear_pointer(&store->format, g_free);
    for (size_t i = 0; i < store->nseclabels; i++) {
        g_free(store->seclabels[i].model);
        g_free(store->seclabels[i].label);
    }
    g_clear_pointer(&store->seclabels, g_free);
    store->nseclabels = 0;
    if (store->encryption) {
        xmlFreeDoc(store->encryption->doc);
        store->encryption = NULL;
    }
}

static void
disk_clear(virDomainBackupDiskDef *disk)
{
    g_clear_pointer(&disk->name, g_free);
    g_clear_pointer(&disk->incremental, g_free);
    g_clear_pointer(&disk->exportname, g_free);
    g_clear_pointer(&disk->exportbitmap, g_free);
    store_clear(&disk->store);
}

void
virDomainBackupDefFree(virDomainBackupDef *def)
{
    if (!def)
        return;
    g_free(def->incremental);
    g_free(def->server_transport);
    g_free(def->server_name);
    g_free(def->server_socket);
    for (size_t i = 0; i < def->ndisks; i++)
        disk_clear(&def->disks[i]);
    g_free(def->disks);
    g_free(def);
}

/* ---- parsing ---- */

/* libvirt's per-device seclabel reader as a backup store reaches it
 * (never with its inactive flag): relabel defaults to yes, labelskip is
 * read, a label longer than libvirt's buffer is dropped. */
static int
parse_seclabel(xmlNodePtr node, virDomainBackupSeclabel *label)
{
    int relabel = VIR_TRISTATE_BOOL_ABSENT;
    int labelskip = VIR_TRISTATE_BOOL_ABSENT;
    g_autofree char *text = NULL;

    label->model = virXMLPropString(node, "model");
    if (virXMLPropTristateBool(node, "relabel", VIR_XML_PROP_NONE, &relabel) < 0 ||
        virXMLPropTristateBool(node, "labelskip", VIR_XML_PROP_NONE, &labelskip) < 0)
        return -1;
    label->relabel = relabel != VIR_TRISTATE_BOOL_NO;
    label->labelskip = labelskip == VIR_TRISTATE_BOOL_YES;
    text = virXMLChildText(node, "label");
    if (text && strlen(text) < SECLABEL_MAX)
        label->label = g_steal_pointer(&text);
    if (label->label && !label->relabel) {
        virReportError(VIR_ERR_XML_ERROR,
                       "Cannot specify a label if relabelling is turned off. model=%s",
                       label->model ? label->model : "<null>");
        return -1;
    }
    return 0;
}

/* The <target> or <scratch> element: the path and what the image carries. */
static int
parse_store_element(xmlNodePtr node, virDomainBackupStore *store)
{
    g_autoptr(GPtrArray) labels = g_ptr_array_new();

    store->path = virXMLPropString(node, store->type == VIR_DOMAIN_BACKUP_STORE_BLOCK ?
                                         "dev" : "file");
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (cur->type != XML_ELEMENT_NODE)
            continue;
        if (virXMLNodeNameEqual(cur, "seclabel")) {
            g_ptr_array_add(labels, cur);
        } else if (virXMLNodeNameEqual(cur, "encryption") && !store->encryption) {
            xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");

            xmlDocSetRootElement(doc, xmlDocCopyNode(cur, doc, 1));
            store->encryption = xmlDocGetRootElement(doc);
        }
    }
    store->seclabels = g_new0(virDomainBackupSeclabel, labels->len);
    for (size_t i = 0; i < labels->len; i++) {
        virDomainBackupSeclabel *label = &store->seclabels[i];

        if (parse_seclabel(labels->pdata[i], label) < 0)
            return -1;
        store->nseclabels++;
        for (size_t j = 0; label->model && j < i; j++) {
            if (STREQ_NULLABLE(store->seclabels[j].model, label->model)) {
                virReportError(VIR_ERR_XML_DETAIL,
                               "seclabel for model %s is already provided", label->model);
                return -1;
            }
        }
    }
    return 0;
}

static int
parse_disk(xmlNodePtr node, virDomainBackupDiskDef *disk, bool push, bool internal)
{
    g_autofree char *type = NULL;
    g_autofree char *format = NULL;
    g_autofree char *index = NULL;
    xmlNodePtr driver;
    xmlNodePtr src;
    int backup = VIR_TRISTATE_BOOL_ABSENT;
    int value = 0;

    if (!(disk->name = virXMLPropString(node, "name"))) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing name from disk backup element");
        return -1;
    }
    if (virXMLPropTristateBool(node, "backup", VIR_XML_PROP_NONE, &backup) < 0)
        return -1;
    disk->backup = backup == VIR_TRISTATE_BOOL_NO ? VIR_TRISTATE_BOOL_NO : VIR_TRISTATE_BOOL_YES;
    /* nothing else of a disk left out is read */
    if (disk->backup == VIR_TRISTATE_BOOL_NO)
        return 0;

    if (!push) {
        disk->exportname = virXMLPropString(node, "exportname");
        disk->exportbitmap = virXMLPropString(node, "exportbitmap");
    }
    if (virXMLPropEnum(node, "backupmode", backup_mode_names, VIR_XML_PROP_NONE,
                       &value, 0) < 0)
        return -1;
    disk->backupmode = value;
    disk->incremental = virXMLPropString(node, "incremental");
    if (internal) {
        if (virXMLPropEnum(node, "state", disk_state_names, VIR_XML_PROP_REQUIRED,
                           &value, 0) < 0)
            return -1;
        disk->state = value;
        index = virXMLPropString(node, "index");
    }

    type = virXMLPropString(node, "type");
    value = VIR_DOMAIN_BACKUP_STORE_FILE;
    if (type && (value = name_index(storage_type_names, type)) <= 0) {
        virReportError(VIR_ERR_XML_ERROR, "unknown storage source type '%s'", type);
        return -1;
    }
    if ((driver = virXMLChildElement(node, "driver")))
        format = virXMLPropString(driver, "type");
    if (format && name_index(image_format_names, format) <= 0) {
        virReportError(VIR_ERR_XML_ERROR, "unknown storage source format '%s'", format);
        return -1;
    }
    if (index && virXMLParseUInt(index, &disk->store.index) < 0) {
        virReportError(VIR_ERR_XML_ERROR, "invalid storage source index '%s'", index);
        return -1;
    }
    if (value != VIR_DOMAIN_BACKUP_STORE_FILE && value != VIR_DOMAIN_BACKUP_STORE_BLOCK) {
        virReportError(VIR_ERR_XML_ERROR, "unsupported disk backup type '%s'", type);
        return -1;
    }
    disk->store.type = value;
    disk->store.format = g_steal_pointer(&format);

    src = virXMLChildElement(node, push ? "target" : "scratch");
    return src ? parse_store_element(src, &disk->store) : 0;
}

static int
parse_server(xmlNodePtr node, virDomainBackupDef *def)
{
    int tls = VIR_TRISTATE_BOOL_ABSENT;

    def->has_server = true;
    def->server_transport = virXMLPropString(node, "transport");
    def->server_name = virXMLPropString(node, "name");
    def->server_socket = virXMLPropString(node, "socket");
    if (!def->server_transport)
        def->server_transport = g_strdup("tcp");

    /* libvirt's host reader, as a backup's <server> reaches it */
    if (STREQ(def->server_transport, "rdma")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "transport rdma is not supported for <server>");
        return -1;
    }
    if (STRNEQ(def->server_transport, "tcp") && STRNEQ(def->server_transport, "unix")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "unknown protocol transport type '%s'", def->server_transport);
        return -1;
    }
    if (STREQ(def->server_transport, "unix")) {
        if (!def->server_socket) {
            virReportError(VIR_ERR_XML_ERROR, "%s", "missing socket for unix transport");
            return -1;
        }
        if (!g_path_is_absolute(def->server_socket)) {
            virReportError(VIR_ERR_XML_ERROR, "backup socket path '%s' must be absolute",
                           def->server_socket);
            return -1;
        }
    } else {
        if (def->server_socket) {
            virReportError(VIR_ERR_XML_ERROR,
                           "transport '%s' does not support socket attribute",
                           def->server_transport);
            return -1;
        }
        g_autofree char *port = virXMLPropString(node, "port");

        /* libvirt's port parser, which reports from no error domain */
        if (port && virXMLParseUInt(port, &def->server_port) < 0) {
            virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, __FILE__, __func__,
                                 __LINE__, "failed to parse port number '%s'", port);
            return -1;
        }
        if (def->server_port > G_MAXUINT16) {
            virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_INVALID_ARG, __FILE__, __func__,
                                 __LINE__, "port '%s' out of range", port);
            return -1;
        }
    }
    if (virXMLPropTristateBool(node, "tls", VIR_XML_PROP_NONE, &tls) < 0)
        return -1;
    def->tls = tls;
    return 0;
}

static virDomainBackupDef *
parse_def(xmlNodePtr root, unsigned int flags)
{
    g_autoptr(virDomainBackupDef) def = g_new0(virDomainBackupDef, 1);
    g_autofree char *mode = virXMLPropString(root, "mode");
    bool internal = flags & VIR_DOMAIN_BACKUP_PARSE_INTERNAL;
    xmlNodePtr server;
    xmlNodePtr disks;
    size_t n = 0;

    def->type = VIR_DOMAIN_BACKUP_TYPE_PUSH;
    if (mode && (def->type = MAX(name_index(backup_type_names, mode), 0)) == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown backup mode '%s'", mode);
        return NULL;
    }
    def->incremental = virXMLChildText(root, "incremental");

    if ((server = virXMLChildElement(root, "server"))) {
        if (def->type != VIR_DOMAIN_BACKUP_TYPE_PULL) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           "use of <server> requires pull mode backup");
            return NULL;
        }
        if (parse_server(server, def) < 0)
            return NULL;
    }

    if ((disks = virXMLChildElement(root, "disks"))) {
        for (xmlNodePtr cur = disks->children; cur; cur = cur->next)
            n += cur->type == XML_ELEMENT_NODE;
        def->disks = g_new0(virDomainBackupDiskDef, n);
        for (xmlNodePtr cur = disks->children; cur; cur = cur->next) {
            if (cur->type != XML_ELEMENT_NODE)
                continue;
            if (parse_disk(cur, &def->disks[def->ndisks++],
                           def->type == VIR_DOMAIN_BACKUP_TYPE_PUSH, internal) < 0)
                return NULL;
        }
    }
    return g_steal_pointer(&def);
}

virDomainBackupDef *
virDomainBackupDefParseString(const char *xml, unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;

    if (!(doc = virXMLParse(VIR_FROM_THIS, xml, "(domain_backup)", "domainbackup",
                            "domainbackup.rng",
                            !(flags & VIR_DOMAIN_BACKUP_PARSE_INTERNAL), NULL)))
        return NULL;
    return parse_def(xmlDocGetRootElement(doc), flags);
}

/* ---- alignment ---- */

static const virDomainDiskDef *
disk_by_target(const virDomainDef *dom, const char *dst)
{
    for (size_t i = 0; i < dom->ndisks; i++) {
        if (STREQ(dom->disks[i]->dst, dst))
            return dom->disks[i];
    }
    return NULL;
}

/* A store next to the disk's image, for a backed-up disk the XML gave
 * none (only a disk the alignment added: a listed one has its own). */
static int
assign_store(virDomainBackupDiskDef *disk, const virDomainDiskDef *domdisk,
             const char *suffix, bool listed)
{
    if (!domdisk->src) {
        if (listed) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' has no media", disk->name);
            return -1;
        }
        return 0;
    }
    if (listed)
        return 0;
    if (domdisk->type && STRNEQ(domdisk->type, "file")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "refusing to generate file name for disk '%s'", disk->name);
        return -1;
    }
    disk->store.type = VIR_DOMAIN_BACKUP_STORE_FILE;
    disk->store.path = g_strdup_printf("%s.%s", domdisk->src, suffix);
    return 0;
}

int
virDomainBackupAlignDisks(virDomainBackupDef *def, const virDomainDef *dom,
                          const char *suffix)
{
    g_autoptr(GHashTable) listed = g_hash_table_new(g_str_hash, g_str_equal);
    bool backup_all = def->ndisks == 0;
    size_t n;

    if (dom->ndisks == 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "domain must have at least one disk to perform backup");
        return -1;
    }
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainBackupDiskDef *disk = &def->disks[i];
        const virDomainDiskDef *domdisk = disk_by_target(dom, disk->name);

        if (!domdisk) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "no disk named '%s'", disk->name);
            return -1;
        }
        if (!g_hash_table_add(listed, disk->name)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' specified twice",
                           disk->name);
            return -1;
        }
        if (disk->backupmode == VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_INCREMENTAL &&
            !disk->incremental && !def->incremental) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "'incremental' backup mode of disk '%s' requires setting "
                           "'incremental' field for disk or backup", disk->name);
            return -1;
        }
        if (disk->backup == VIR_TRISTATE_BOOL_YES &&
            assign_store(disk, domdisk, suffix, true) < 0)
            return -1;
    }

    /* then every disk not asked about, in the domain's order */
    n = def->ndisks;
    def->disks = g_renew(virDomainBackupDiskDef, def->disks, dom->ndisks);
    memset(def->disks + n, 0, (dom->ndisks - n) * sizeof(*def->disks));
    for (size_t i = 0; i < dom->ndisks; i++) {
        const virDomainDiskDef *domdisk = dom->disks[i];
        virDomainBackupDiskDef *disk;

        if (g_hash_table_contains(listed, domdisk->dst))
            continue;
        disk = &def->disks[n++];
        def->ndisks = n;
        disk->name = g_strdup(domdisk->dst);
        disk->backup = VIR_TRISTATE_BOOL_NO;
        if (backup_all && domdisk->src && !domdisk->readonly) {
            disk->backup = VIR_TRISTATE_BOOL_YES;
            if (assign_store(disk, domdisk, suffix, false) < 0)
                return -1;
        }
    }

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainBackupDiskDef *disk = &def->disks[i];

        if (disk->backupmode == VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_DEFAULT)
            disk->backupmode = (def->incremental || disk->incremental) ?
                VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_INCREMENTAL :
                VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_FULL;
        if (!disk->incremental &&
            disk->backupmode == VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_INCREMENTAL)
            disk->incremental = g_strdup(def->incremental);
    }
    return 0;
}

/* ---- formatting ---- */

static void
format_seclabel(virBuffer *buf, const virDomainBackupSeclabel *label)
{
    virBufferAddLit(buf, "<seclabel");
    virBufferEscapeString(buf, " model='%s'", label->model);
    if (label->labelskip)
        virBufferAddLit(buf, " labelskip='yes'");
    else
        virBufferAsprintf(buf, " relabel='%s'", label->relabel ? "yes" : "no");
    if (label->label) {
        virBufferAddLit(buf, ">\n");
        virBufferEscapeString(buf, "  <label>%s</label>\n", label->label);
        virBufferAddLit(buf, "</seclabel>\n");
    } else {
        virBufferAddLit(buf, "/>\n");
    }
}

static void
format_store(virBuffer *buf, const virDomainBackupStore *store, const char *element)
{
    g_auto(virBuffer) children = VIR_BUFFER_INITIALIZER;

    virBufferInitChild(&children, buf);
    for (size_t i = 0; i < store->nseclabels; i++)
        format_seclabel(&children, &store->seclabels[i]);
    if (store->encryption)
        virDomainPreservedNodeFormat(&children, store->encryption);

    if (!store->path && virBufferUse(&children) == 0)
        return;
    virBufferAsprintf(buf, "<%s", element);
    if (store->type == VIR_DOMAIN_BACKUP_STORE_BLOCK)
        virBufferEscapeString(buf, " dev='%s'", store->path);
    else
        virBufferEscapeString(buf, " file='%s'", store->path);
    if (virBufferUse(&children) == 0) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    virBufferAddLit(buf, ">\n");
    virBufferAddBuffer(buf, &children);
    virBufferAsprintf(buf, "</%s>\n", element);
}

static void
format_disk(virBuffer *buf, const virDomainBackupDiskDef *disk, bool push, bool internal)
{
    virBufferEscapeString(buf, "<disk name='%s'", disk->name);
    virBufferAsprintf(buf, " backup='%s'", virTristateBoolNames[disk->backup]);
    if (internal && disk->state != VIR_DOMAIN_BACKUP_DISK_STATE_NONE)
        virBufferAsprintf(buf, " state='%s'", disk_state_names[disk->state]);
    if (disk->backup != VIR_TRISTATE_BOOL_YES) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    virBufferAsprintf(buf, " type='%s'",
                      disk->store.type == VIR_DOMAIN_BACKUP_STORE_BLOCK ? "block" : "file");
    if (disk->backupmode != VIR_DOMAIN_BACKUP_DISK_BACKUP_MODE_DEFAULT)
        virBufferAsprintf(buf, " backupmode='%s'", backup_mode_names[disk->backupmode]);
    virBufferEscapeString(buf, " incremental='%s'", disk->incremental);
    virBufferEscapeString(buf, " exportname='%s'", disk->exportname);
    virBufferEscapeString(buf, " exportbitmap='%s'", disk->exportbitmap);
    if (disk->store.index)
        virBufferAsprintf(buf, " index='%u'", disk->store.index);

    if (!disk->store.format && !disk->store.path && !disk->store.nseclabels &&
        !disk->store.encryption) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    virBufferAddLit(buf, ">\n");
    virBufferAdjustIndent(buf, 2);
    virBufferEscapeString(buf, "<driver type='%s'/>\n", disk->store.format);
    format_store(buf, &disk->store, push ? "target" : "scratch");
    virBufferAdjustIndent(buf, -2);
    virBufferAddLit(buf, "</disk>\n");
}

char *
virDomainBackupDefFormat(const virDomainBackupDef *def, bool internal)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    bool push = def->type != VIR_DOMAIN_BACKUP_TYPE_PULL;

    virBufferAsprintf(&buf, "<domainbackup mode='%s'>\n", backup_type_names[def->type]);
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<incremental>%s</incremental>\n", def->incremental);
    if (def->has_server) {
        virBufferAsprintf(&buf, "<server transport='%s'", def->server_transport);
        if (def->tls != VIR_TRISTATE_BOOL_ABSENT)
            virBufferAsprintf(&buf, " tls='%s'", virTristateBoolNames[def->tls]);
        virBufferEscapeString(&buf, " name='%s'", def->server_name);
        if (def->server_port)
            virBufferAsprintf(&buf, " port='%u'", def->server_port);
        virBufferEscapeString(&buf, " socket='%s'", def->server_socket);
        virBufferAddLit(&buf, "/>\n");
    }
    if (def->ndisks) {
        virBufferAddLit(&buf, "<disks>\n");
        virBufferAdjustIndent(&buf, 2);
        for (size_t i = 0; i < def->ndisks; i++)
            format_disk(&buf, &def->disks[i], push, internal);
        virBufferAdjustIndent(&buf, -2);
        virBufferAddLit(&buf, "</disks>\n");
    }
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domainbackup>\n");
    return virBufferContentAndReset(&buf);
}
