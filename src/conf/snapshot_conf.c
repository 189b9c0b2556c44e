/*
 * snapshot_conf.c: parse, align and format domain snapshot definitions
 *
 * Most errors carry the snapshot error domain. Two kinds follow the
 * file they come from in libvirt instead: a bad enumerated attribute
 * value is reported by the generic XML property reader (domain XML),
 * and the network <source> checks by the domain parser (domain DOMAIN).
 */
#include "internal.h"

#include <sys/stat.h>

#include "conf/snapshot_conf.h"

#define VIR_FROM_THIS VIR_FROM_DOMAIN_SNAPSHOT

static const char *const state_names[] = {
    [VIR_DOMAIN_SNAPSHOT_NOSTATE] = "nostate",
    [VIR_DOMAIN_SNAPSHOT_RUNNING] = "running",
    [VIR_DOMAIN_SNAPSHOT_BLOCKED] = "blocked",
    [VIR_DOMAIN_SNAPSHOT_PAUSED] = "paused",
    [VIR_DOMAIN_SNAPSHOT_SHUTDOWN] = "shutdown",
    [VIR_DOMAIN_SNAPSHOT_SHUTOFF] = "shutoff",
    [VIR_DOMAIN_SNAPSHOT_CRASHED] = "crashed",
    [VIR_DOMAIN_SNAPSHOT_PMSUSPENDED] = "pmsuspended",
    [VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT] = "disk-snapshot",
    NULL,
};
G_STATIC_ASSERT(G_N_ELEMENTS(state_names) == VIR_DOMAIN_SNAPSHOT_STATE_LAST + 1);

static const char *const location_names[] = {
    [VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT] = "default",
    [VIR_DOMAIN_SNAPSHOT_LOCATION_NO] = "no",
    [VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL] = "internal",
    [VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL] = "external",
    [VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL] = "manual",
    NULL,
};
G_STATIC_ASSERT(G_N_ELEMENTS(location_names) == VIR_DOMAIN_SNAPSHOT_LOCATION_LAST + 1);

static const char *const storage_names[] = {
    [VIR_DOMAIN_SNAPSHOT_STORAGE_NONE] = "none",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_FILE] = "file",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK] = "block",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_DIR] = "dir",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_NETWORK] = "network",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_VOLUME] = "volume",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_NVME] = "nvme",
    [VIR_DOMAIN_SNAPSHOT_STORAGE_VHOST_USER] = "vhostuser",
    NULL,
};
G_STATIC_ASSERT(G_N_ELEMENTS(storage_names) == VIR_DOMAIN_SNAPSHOT_STORAGE_LAST + 1);

/* libvirt's image formats; index 0 ("none") is not a valid driver type */
static const char *const image_formats[] = {
    "none", "raw", "dir", "bochs", "cloop", "dmg", "iso", "vpc", "vdi",
    "fat", "vhd", "ploop", "cow", "qcow", "qcow2", "qed", "vmdk", NULL,
};

/* network protocols; "none" (0) is accepted by the parser */
static const char *const net_protocols[] = {
    "none", "nbd", "rbd", "sheepdog", "gluster", "iscsi", "http", "https",
    "ftp", "ftps", "tftp", "ssh", "vxhs", "nfs", NULL,
};

static int
name_index(const char *const *names, const char *str)
{
    for (int i = 0; str && names[i]; i++) {
        if (STREQ(names[i], str))
            return i;
    }
    return -1;
}

const char *
virDomainSnapshotStateTypeToString(virDomainSnapshotState state)
{
    return state < VIR_DOMAIN_SNAPSHOT_STATE_LAST ? state_names[state] : NULL;
}

int
virDomainSnapshotStateTypeFromString(const char *str)
{
    return name_index(state_names, str);
}

const char *
virDomainSnapshotLocationTypeToString(virDomainSnapshotLocation loc)
{
    return loc < VIR_DOMAIN_SNAPSHOT_LOCATION_LAST ? location_names[loc] : NULL;
}

int
virDomainSnapshotLocationTypeFromString(const char *str)
{
    return name_index(location_names, str);
}

static void
disk_clear(virDomainSnapshotDiskDef *disk)
{
    g_clear_pointer(&disk->name, g_free);
    g_clear_pointer(&disk->path, g_free);
    g_clear_pointer(&disk->format, g_free);
    disk->source = NULL; /* owned by the definition's document */
}

static void
disks_free(virDomainSnapshotDiskDef *disks, size_t ndisks)
{
    for (size_t i = 0; i < ndisks; i++)
        disk_clear(&disks[i]);
    g_free(disks);
}

void
virDomainSnapshotDefFree(virDomainSnapshotDef *def)
{
    if (!def)
        return;
    virDomainMomentDefClear(&def->parent);
    g_free(def->memorysnapshotfile);
    disks_free(def->disks, def->ndisks);
    if (def->doc)
        xmlFreeDoc(def->doc);
    g_free(def);
}

/* ---- parsing ---- */

/*
 * Reads an enumerated attribute the way libvirt's generic property
 * reader does: absent leaves 0 (or is an error if @required), an
 * unknown value, or the value of index 0 when @nonzero, is XML_ERROR
 * from the XML error domain.
 */
static int
parse_enum_attr(xmlNodePtr node, const char *attr, const char *const *names,
                bool nonzero, bool required, int *out)
{
    g_autofree char *value = virXMLPropString(node, attr);
    int idx;

    *out = 0;
    if (!value) {
        if (!required)
            return 0;
        virReportErrorHelper(VIR_FROM_XML, VIR_ERR_XML_ERROR, __FILE__, __func__,
                             __LINE__, "Missing required attribute '%s' in element '%s'",
                             attr, (const char *)node->name);
        return -1;
    }
    idx = name_index(names, value);
    if (idx < 0 || (nonzero && idx == 0)) {
        virReportErrorHelper(VIR_FROM_XML, VIR_ERR_XML_ERROR, __FILE__, __func__,
                             __LINE__, "Invalid value for attribute '%s' in element '%s': '%s'.",
                             attr, (const char *)node->name, value);
        return -1;
    }
    *out = idx;
    return 0;
}

static xmlNodePtr
child_element(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE && virXMLNodeNameEqual(cur, name))
            return cur;
    }
    return NULL;
}

/* The parts of a network <source> libvirt checks while parsing. */
static int
parse_network_source(xmlNodePtr source, virDomainSnapshotDiskDef *disk)
{
    int protocol;

    if (parse_enum_attr(source, "protocol", net_protocols, false, true, &protocol) < 0)
        return -1;
    if (!(disk->path = virXMLPropString(source, "name")) &&
        !STREQ(net_protocols[protocol], "nbd")) {
        virReportErrorHelper(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, __FILE__, __func__,
                             __LINE__, "%s", "missing name for disk source");
        return -1;
    }
    /* rbd and gluster names are POOL/IMAGE */
    if (disk->path &&
        (STREQ(net_protocols[protocol], "rbd") ||
         STREQ(net_protocols[protocol], "gluster"))) {
        const char *slash = strchr(disk->path, '/');

        if (!slash || slash == disk->path) {
            virReportErrorHelper(VIR_FROM_DOMAIN, VIR_ERR_XML_ERROR, __FILE__, __func__,
                                 __LINE__, "can't split path '%s' into pool name and image name",
                                 disk->path);
            return -1;
        }
    }
    return 0;
}

static int
parse_disk(xmlNodePtr node, virDomainSnapshotDiskDef *disk, unsigned int flags)
{
    g_autofree char *name = NULL;
    xmlNodePtr source;
    xmlNodePtr driver;
    int value;

    if (!(name = virXMLPropString(node, "name"))) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "missing name from disk snapshot element");
        return -1;
    }
    if (parse_enum_attr(node, "snapshot", location_names, true, false, &value) < 0)
        return -1;
    disk->snapshot = value;
    if (parse_enum_attr(node, "type", storage_names, true, false, &value) < 0)
        return -1;
    disk->type = value ? value : VIR_DOMAIN_SNAPSHOT_STORAGE_FILE;
    if (disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_VOLUME ||
        disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_DIR) {
        virReportError(VIR_ERR_XML_ERROR, "unsupported disk snapshot type '%s'",
                       storage_names[disk->type]);
        return -1;
    }
    if (flags & VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE)
        disk->deleteInProgress = child_element(node, "snapshotDeleteInProgress") != NULL;

    if ((source = child_element(node, "source"))) {
        disk->source = source;
        switch (disk->type) {
        case VIR_DOMAIN_SNAPSHOT_STORAGE_FILE:
            disk->path = virXMLPropString(source, "file");
            break;
        case VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK:
            disk->path = virXMLPropString(source, "dev");
            break;
        case VIR_DOMAIN_SNAPSHOT_STORAGE_NETWORK:
            if (parse_network_source(source, disk) < 0)
                return -1;
            break;
        default:
            /* nvme, vhostuser: kept as given */
            break;
        }
        /* an empty path means "no source", as for domain disks */
        if (disk->path && !*disk->path)
            g_clear_pointer(&disk->path, g_free);
    }

    if ((driver = child_element(node, "driver")) &&
        (disk->format = virXMLPropString(driver, "type")) &&
        !*disk->format)
        g_clear_pointer(&disk->format, g_free);
    if (disk->format && name_index(image_formats, disk->format) <= 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "unknown disk snapshot driver '%s'",
                       disk->format);
        return -1;
    }

    if (disk->path && !g_path_is_absolute(disk->path) &&
        (disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_FILE ||
         disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK)) {
        virReportError(VIR_ERR_XML_ERROR, "disk snapshot image path '%s' must be absolute",
                       disk->path);
        return -1;
    }

    /* a target file or format implies an external snapshot */
    if (disk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
        (disk->path || disk->format))
        disk->snapshot = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;

    disk->name = g_steal_pointer(&name);
    return 0;
}

/* The REDEFINE-only part: time, parent, state and the embedded domains.
 * Sets *offline from the state. */
static int
parse_redefine(virDomainSnapshotDef *def, xmlXPathContextPtr ctxt,
               const virDomainXMLOption *xmlopt, bool *offline)
{
    g_autofree char *state = NULL;
    g_autofree char *domtype = NULL;
    xmlNodePtr node;
    int value;

    if (virXPathLongLong("string(./creationTime)", ctxt, &def->parent.creationTime) <= 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "missing creationTime from existing snapshot");
        return -1;
    }
    def->parent.parent_name = virXPathString("string(./parent/name)", ctxt);

    if (!(state = virXPathString("string(./state)", ctxt))) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "missing state from existing snapshot");
        return -1;
    }
    /* "nostate" is not a state a snapshot can be in */
    if ((value = virDomainSnapshotStateTypeFromString(state)) <= 0) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "Invalid state '%s' in domain snapshot XML", state);
        return -1;
    }
    def->state = value;
    *offline = def->state == VIR_DOMAIN_SNAPSHOT_SHUTOFF ||
               def->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT;

    /* Very old snapshots have just <domain><uuid/></domain>, without a
     * type: the domain is then left unknown, as libvirt does. */
    if ((domtype = virXPathString("string(./domain/@type)", ctxt))) {
        if (!(node = virXPathNode("./domain", ctxt))) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "missing domain in snapshot");
            return -1;
        }
        if (!(def->parent.dom = virDomainDefParseNode(node, xmlopt,
                                                      VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                                      VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)))
            return -1;
    }
    /* the persistent config of a snapshot of a running domain */
    if ((node = virXPathNode("./inactiveDomain", ctxt)) &&
        !(def->parent.inactiveDom = virDomainDefParseNode(node, xmlopt,
                                                          VIR_DOMAIN_DEF_PARSE_INACTIVE |
                                                          VIR_DOMAIN_DEF_PARSE_SKIP_VALIDATE)))
        return -1;
    return 0;
}

static int
parse_memory(virDomainSnapshotDef *def, xmlXPathContextPtr ctxt, bool offline,
             unsigned int flags)
{
    xmlNodePtr node;

    if ((node = virXPathNode("./memory", ctxt))) {
        int value;

        def->memorysnapshotfile = virXMLPropString(node, "file");
        if (parse_enum_attr(node, "snapshot", location_names, true, false, &value) < 0)
            return -1;
        def->memory = value;
        if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_MANUAL) {
            virReportError(VIR_ERR_XML_ERROR, "%s",
                           "'manual' memory snapshot mode not supported");
            return -1;
        }
    }

    /* A plain create leaves a missing location to the driver. */
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT) {
        if (def->memorysnapshotfile)
            def->memory = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
        else if (flags & VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE)
            def->memory = offline ? VIR_DOMAIN_SNAPSHOT_LOCATION_NO
                                  : VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    }

    if (def->memorysnapshotfile &&
        def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        virReportError(VIR_ERR_XML_ERROR, "memory filename '%s' requires external snapshot",
                       def->memorysnapshotfile);
        return -1;
    }
    if (!def->memorysnapshotfile &&
        def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "external memory snapshots require a filename");
        return -1;
    }
    if (offline &&
        def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
        def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_NO) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "memory state cannot be saved with offline or disk-only snapshot");
        return -1;
    }
    if (def->memorysnapshotfile && !g_path_is_absolute(def->memorysnapshotfile)) {
        virReportError(VIR_ERR_XML_ERROR, "memory snapshot file path (%s) must be absolute",
                       def->memorysnapshotfile);
        return -1;
    }
    return 0;
}

/* The checks run in libvirt's order, so that a document with several
 * problems reports the same one. */
static virDomainSnapshotDef *
parse_def(xmlXPathContextPtr ctxt, const virDomainXMLOption *xmlopt,
          bool *current, unsigned int flags)
{
    g_autoptr(virDomainSnapshotDef) def = g_new0(virDomainSnapshotDef, 1);
    g_autofree xmlNodePtr *nodes = NULL;
    bool offline = flags & VIR_DOMAIN_SNAPSHOT_PARSE_OFFLINE;
    int n;

    def->parent.name = virXPathString("string(./name)", ctxt);
    if (!def->parent.name && (flags & VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE)) {
        virReportError(VIR_ERR_XML_ERROR, "%s", "a redefined snapshot must have a name");
        return NULL;
    }
    def->parent.description = virXPathString("string(./description)", ctxt);

    if (flags & VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE) {
        if (parse_redefine(def, ctxt, xmlopt, &offline) < 0)
            return NULL;
    } else {
        virDomainMomentDefPostParse(&def->parent);
    }

    if (parse_memory(def, ctxt, offline, flags) < 0)
        return NULL;

    if ((n = virXPathNodeSet("./disks/*", ctxt, &nodes)) < 0)
        return NULL;
    def->ndisks = n;
    def->disks = g_new0(virDomainSnapshotDiskDef, n);
    for (int i = 0; i < n; i++) {
        if (parse_disk(nodes[i], &def->disks[i], flags) < 0)
            return NULL;
    }

    if (flags & VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL) {
        long long active;

        if (!current) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "internal parse requested with NULL current");
            return NULL;
        }
        if (virXPathLongLong("string(./active)", ctxt, &active) <= 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "Could not find 'active' element");
            return NULL;
        }
        *current = active != 0;
    }

    if (!offline && (flags & VIR_DOMAIN_SNAPSHOT_PARSE_COOKIE))
        def->cookie = virXPathNode("./cookie", ctxt);

    return g_steal_pointer(&def);
}

virDomainSnapshotDef *
virDomainSnapshotDefParseString(const char *xml,
                                const virDomainXMLOption *xmlopt,
                                bool *current,
                                unsigned int flags)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    virDomainSnapshotDef *def;

    if (!(doc = virXMLParse(VIR_FROM_THIS, xml, "(domain_snapshot)",
                            "domainsnapshot", "domainsnapshot.rng",
                            flags & VIR_DOMAIN_SNAPSHOT_PARSE_VALIDATE, &ctxt)))
        return NULL;
    if (!(def = parse_def(ctxt, xmlopt, current, flags)))
        return NULL;
    /* the cookie and the disks' <source> elements point into it */
    def->doc = g_steal_pointer(&doc);
    return def;
}

/* ---- disk alignment ---- */

virDomainSnapshotLocation
virDomainSnapshotDomainDiskLocation(const virDomainDiskDef *disk)
{
    g_autofree char *attr = disk->node ? virXMLPropString(disk->node, "snapshot") : NULL;
    int loc = virDomainSnapshotLocationTypeFromString(attr);

    if (loc > 0)
        return loc;
    /* libvirt's post-parse defaults: these disks are never snapshotted */
    if (disk->readonly || STREQ_NULLABLE(disk->type, "vhostuser"))
        return VIR_DOMAIN_SNAPSHOT_LOCATION_NO;
    return VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT;
}

/* Gives each external disk without a target file one next to its
 * source: the source path without its extension, then ".SNAPNAME".
 * def->disks must be aligned with @dom->disks. */
static int
assign_external_names(virDomainSnapshotDef *def, const virDomainDef *dom)
{
    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainSnapshotDiskDef *disk = &def->disks[i];
        const char *origpath;
        g_autofree char *base = NULL;
        char *dot;
        struct stat sb;

        if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL || disk->path)
            continue;
        if (disk->type != VIR_DOMAIN_SNAPSHOT_STORAGE_FILE) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "cannot generate external snapshot name for disk '%s' on a '%s' device",
                           disk->name, storage_names[disk->type]);
            return -1;
        }
        if (!(origpath = dom->disks[i]->src)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "cannot generate external snapshot name for disk '%s' without source",
                           disk->name);
            return -1;
        }
        if (stat(origpath, &sb) < 0 || !S_ISREG(sb.st_mode)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           "source for disk '%s' is not a regular file; "
                           "refusing to generate external snapshot name",
                           disk->name);
            return -1;
        }

        base = g_strdup(origpath);
        if ((dot = strrchr(base, '.')) && !strchr(dot, '/'))
            *dot = '\0';
        disk->path = g_strdup_printf("%s.%s", base, def->parent.name);

        for (size_t j = 0; j < i; j++) {
            if (STREQ_NULLABLE(disk->path, def->disks[j].path)) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               "cannot generate external snapshot name for disk '%s': "
                               "collision with disk '%s'",
                               disk->name, def->disks[j].name);
                return -1;
            }
        }
    }
    return 0;
}

/* Checks one requested disk against its domain disk and settles its
 * location; renames it to the target. */
static int
align_requested_disk(virDomainSnapshotDiskDef *disk, const virDomainDiskDef *domdisk,
                     virDomainSnapshotLocation default_location, bool require_match)
{
    virDomainSnapshotLocation domloc = virDomainSnapshotDomainDiskLocation(domdisk);

    if (disk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT) {
        /* the domain's choice wins, unless every disk must match the
         * internal default (then only its "no" counts) */
        if (domloc != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT &&
            (!require_match || domloc == VIR_DOMAIN_SNAPSHOT_LOCATION_NO))
            disk->snapshot = domloc;
        else
            disk->snapshot = default_location;
    } else if (require_match && disk->snapshot != default_location &&
               !(disk->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_NO &&
                 domloc == VIR_DOMAIN_SNAPSHOT_LOCATION_NO)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "disk '%s' must use snapshot mode '%s'",
                       disk->name, location_names[default_location]);
        return -1;
    }

    if (disk->path && disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "file '%s' for disk '%s' requires use of external snapshot mode",
                       disk->path, disk->name);
        return -1;
    }
    if (STRNEQ(disk->name, domdisk->dst)) {
        g_free(disk->name);
        disk->name = g_strdup(domdisk->dst);
    }
    return 0;
}

int
virDomainSnapshotAlignDisks(virDomainSnapshotDef *def,
                            const virDomainDef *existingDom,
                            virDomainSnapshotLocation default_location,
                            bool uniform_internal)
{
    const virDomainDef *dom = def->parent.dom ? def->parent.dom : existingDom;
    bool require_match = uniform_internal &&
                         default_location == VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;
    g_autofree virDomainSnapshotDiskDef **by_domain_disk = NULL;
    virDomainSnapshotDiskDef *aligned;
    size_t i;

    if (!dom) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s", "missing domain in snapshot");
        return -1;
    }
    if (def->ndisks > dom->ndisks) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                       "too many disk snapshot requests for domain");
        return -1;
    }
    if (dom->ndisks == 0)
        return 0;

    by_domain_disk = g_new0(virDomainSnapshotDiskDef *, dom->ndisks);
    for (i = 0; i < def->ndisks; i++) {
        virDomainSnapshotDiskDef *disk = &def->disks[i];
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
        if (align_requested_disk(disk, dom->disks[idx], default_location,
                                 require_match) < 0)
            return -1;
    }

    aligned = g_new0(virDomainSnapshotDiskDef, dom->ndisks);
    for (i = 0; i < dom->ndisks; i++) {
        const virDomainDiskDef *domdisk = dom->disks[i];
        virDomainSnapshotDiskDef *out = &aligned[i];

        if (by_domain_disk[i]) {
            *out = *by_domain_disk[i];
            memset(by_domain_disk[i], 0, sizeof(*by_domain_disk[i]));
            continue;
        }
        out->name = g_strdup(domdisk->dst);
        out->type = VIR_DOMAIN_SNAPSHOT_STORAGE_FILE;
        /* empty drives are never snapshotted */
        out->snapshot = domdisk->src ? virDomainSnapshotDomainDiskLocation(domdisk)
                                     : VIR_DOMAIN_SNAPSHOT_LOCATION_NO;
        if (out->snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT)
            out->snapshot = default_location;
    }
    disks_free(def->disks, def->ndisks);
    def->disks = aligned;
    def->ndisks = dom->ndisks;

    return assign_external_names(def, dom);
}

bool
virDomainSnapshotDefIsExternal(const virDomainSnapshotDef *def)
{
    if (def->memory == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
        return true;
    for (size_t i = 0; i < def->ndisks; i++) {
        if (def->disks[i].snapshot == VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL)
            return true;
    }
    return false;
}

/* ---- redefine ---- */

static bool
state_is_online(virDomainSnapshotState state)
{
    return state == VIR_DOMAIN_SNAPSHOT_RUNNING || state == VIR_DOMAIN_SNAPSHOT_PAUSED;
}

/* libvirt additionally checks the ABI stability of @other's domain
 * against the new one; tidemark's domain subset has no such check. */
static int
redefine_validate(const virDomainSnapshotDef *def, const unsigned char *domuuid,
                  const virDomainSnapshotDef *other, unsigned int flags)
{
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY) &&
        def->state != VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "disk-only flag for snapshot %s requires disk-snapshot state",
                       def->parent.name);
        return -1;
    }
    if (def->parent.dom &&
        memcmp(def->parent.dom->uuid, domuuid, VIR_UUID_BUFLEN) != 0) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];

        virUUIDFormat(domuuid, uuidstr);
        virReportError(VIR_ERR_INVALID_ARG, "definition for snapshot %s must use uuid %s",
                       def->parent.name, uuidstr);
        return -1;
    }
    if (!other)
        return 0;
    if (state_is_online(other->state) != state_is_online(def->state)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "cannot change between online and offline snapshot state in snapshot %s",
                       def->parent.name);
        return -1;
    }
    if ((other->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT) !=
        (def->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "cannot change between disk only and full system in snapshot %s",
                       def->parent.name);
        return -1;
    }
    return 0;
}

int
virDomainSnapshotRedefinePrep(virDomainSnapshotDef *def,
                              const unsigned char *domuuid,
                              const virDomainSnapshotDef *other,
                              virDomainMomentParentLookup lookup,
                              void *opaque,
                              unsigned int flags)
{
    virDomainSnapshotLocation location = VIR_DOMAIN_SNAPSHOT_LOCATION_INTERNAL;

    if (virDomainMomentCheckCycles(&def->parent, lookup, opaque) < 0 ||
        redefine_validate(def, domuuid, other, flags) < 0)
        return -1;
    if (def->state == VIR_DOMAIN_SNAPSHOT_DISK_SNAPSHOT ||
        virDomainSnapshotDefIsExternal(def))
        location = VIR_DOMAIN_SNAPSHOT_LOCATION_EXTERNAL;
    return virDomainSnapshotAlignDisks(def, other ? other->parent.dom : NULL,
                                       location, true);
}

/* ---- formatting ---- */

unsigned int
virDomainSnapshotFormatConvertXMLFlags(unsigned int flags)
{
    return (flags & VIR_DOMAIN_SNAPSHOT_XML_SECURE) ? VIR_DOMAIN_SNAPSHOT_FORMAT_SECURE : 0;
}

/* Prints the element children of a preserved node. */
static void
format_preserved_children(virBuffer *buf, xmlNodePtr node)
{
    for (xmlNodePtr cur = node ? node->children : NULL; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            virDomainPreservedNodeFormat(buf, cur);
    }
}

static void
format_disk_source(virBuffer *buf, const virDomainSnapshotDiskDef *disk)
{
    g_auto(virBuffer) children = VIR_BUFFER_INITIALIZER;
    g_autofree char *fdgroup = NULL;
    const char *attr;

    switch (disk->type) {
    case VIR_DOMAIN_SNAPSHOT_STORAGE_FILE:
        attr = "file";
        break;
    case VIR_DOMAIN_SNAPSHOT_STORAGE_BLOCK:
        attr = "dev";
        break;
    default:
        if (disk->source)
            virDomainPreservedNodeFormat(buf, disk->source);
        return;
    }

    virBufferInitChild(&children, buf);
    format_preserved_children(&children, disk->source);
    if (disk->source && disk->type == VIR_DOMAIN_SNAPSHOT_STORAGE_FILE)
        fdgroup = virXMLPropString(disk->source, "fdgroup");
    if (!disk->path && !fdgroup && !virBufferUse(&children))
        return;

    virBufferAddLit(buf, "<source");
    if (disk->path) {
        virBufferAsprintf(buf, " %s=", attr);
        virBufferEscapeString(buf, "'%s'", disk->path);
    }
    virBufferEscapeString(buf, " fdgroup='%s'", fdgroup);
    if (!virBufferUse(&children)) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    virBufferAddLit(buf, ">\n");
    virBufferAddBuffer(buf, &children);
    virBufferAddLit(buf, "</source>\n");
}

static void
format_disk(virBuffer *buf, const virDomainSnapshotDiskDef *disk)
{
    g_auto(virBuffer) children = VIR_BUFFER_INITIALIZER;

    if (!disk->name)
        return;

    virBufferEscapeString(buf, "<disk name='%s'", disk->name);
    if (disk->snapshot != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT)
        virBufferAsprintf(buf, " snapshot='%s'", location_names[disk->snapshot]);

    virBufferInitChild(&children, buf);
    if (disk->deleteInProgress)
        virBufferAddLit(&children, "<snapshotDeleteInProgress/>\n");
    /* the type, driver and source only matter for a target image */
    if (disk->path || disk->format) {
        virBufferAsprintf(buf, " type='%s'", storage_names[disk->type]);
        virBufferEscapeString(&children, "<driver type='%s'/>\n", disk->format);
        format_disk_source(&children, disk);
    }

    if (!virBufferUse(&children)) {
        virBufferAddLit(buf, "/>\n");
        return;
    }
    virBufferAddLit(buf, ">\n");
    virBufferAddBuffer(buf, &children);
    virBufferAddLit(buf, "</disk>\n");
}

char *
virDomainSnapshotDefFormat(const char *uuidstr,
                           const virDomainSnapshotDef *def,
                           unsigned int flags)
{
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    unsigned int domflags = VIR_DOMAIN_DEF_FORMAT_INACTIVE;

    if (flags & VIR_DOMAIN_SNAPSHOT_FORMAT_SECURE)
        domflags |= VIR_DOMAIN_DEF_FORMAT_SECURE;

    virBufferAddLit(&buf, "<domainsnapshot>\n");
    virBufferAdjustIndent(&buf, 2);
    virBufferEscapeString(&buf, "<name>%s</name>\n", def->parent.name);
    virBufferEscapeString(&buf, "<description>%s</description>\n",
                          def->parent.description);
    if (def->state != VIR_DOMAIN_SNAPSHOT_NOSTATE)
        virBufferAsprintf(&buf, "<state>%s</state>\n", state_names[def->state]);
    if (def->parent.parent_name) {
        virBufferAddLit(&buf, "<parent>\n");
        virBufferEscapeString(&buf, "  <name>%s</name>\n", def->parent.parent_name);
        virBufferAddLit(&buf, "</parent>\n");
    }
    if (def->parent.creationTime)
        virBufferAsprintf(&buf, "<creationTime>%lld</creationTime>\n",
                          def->parent.creationTime);
    if (def->memory != VIR_DOMAIN_SNAPSHOT_LOCATION_DEFAULT) {
        virBufferAsprintf(&buf, "<memory snapshot='%s'", location_names[def->memory]);
        virBufferEscapeString(&buf, " file='%s'", def->memorysnapshotfile);
        virBufferAddLit(&buf, "/>\n");
    }
    if (def->ndisks) {
        virBufferAddLit(&buf, "<disks>\n");
        virBufferAdjustIndent(&buf, 2);
        for (size_t i = 0; i < def->ndisks; i++)
            format_disk(&buf, &def->disks[i]);
        virBufferAdjustIndent(&buf, -2);
        virBufferAddLit(&buf, "</disks>\n");
    }
    if (def->parent.dom) {
        virDomainDefFormatBuf(&buf, def->parent.dom, domflags);
    } else if (uuidstr) {
        virBufferAddLit(&buf, "<domain>\n");
        virBufferAsprintf(&buf, "  <uuid>%s</uuid>\n", uuidstr);
        virBufferAddLit(&buf, "</domain>\n");
    }
    if (def->parent.inactiveDom)
        virDomainDefFormatBufRoot(&buf, def->parent.inactiveDom, "inactiveDomain",
                                  domflags);
    if (def->cookie) {
        virBufferAddLit(&buf, "<cookie>\n");
        virBufferAdjustIndent(&buf, 2);
        format_preserved_children(&buf, def->cookie);
        virBufferAdjustIndent(&buf, -2);
        virBufferAddLit(&buf, "</cookie>\n");
    }
    if (flags & VIR_DOMAIN_SNAPSHOT_FORMAT_INTERNAL)
        virBufferAsprintf(&buf, "<active>%d</active>\n",
                          !!(flags & VIR_DOMAIN_SNAPSHOT_FORMAT_CURRENT));
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domainsnapshot>\n");
    return virBufferContentAndReset(&buf);
}
