/*
 * qemu_process_live.c: what the live XML of a running domain shows
 *
 * Facts from libvirt 9.0: qemuProcessRefreshChannelVirtioState's sibling
 * qemuProcessLookupPTYs (pty paths from query-chardev), the disk source
 * indexes of qemuDomainPrepareStorageSource (the node-name counter),
 * qemuProcessRefreshBalloonState (query-balloon at start, BALLOON_CHANGE
 * later), the DAC driver's generated label ("+UID:+GID") and
 * virDomainChrDefFormat (a pty's path is printed only live).
 */
#include "internal.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qemu/qemu_process_live.h"
#include "qemu/qemu_alias.h"
#include "qemu/qemu_command.h"
#include "conf/domain_xmledit.h"
#include "util/virjson.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Children of a character device, in libvirt's order. */
static const char *const chr_children[] = {
    "source", "protocol", "log", "target", "alias", "address", NULL,
};

/* The reply of one argument-less (or @args) QMP command, NULL with an
 * error set when QEMU failed or went away. */
static virJSONValue *
query(virDomainObj *vm, const char *command, virJSONValue **args)
{
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand(command, args);
    g_autoptr(virJSONValue) reply = NULL;
    qemuMonitor *mon = qemuDomainObjEnterMonitor(vm);
    int rc = qemuMonitorCommand(mon, cmd, &reply);

    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
        return NULL;
    return g_steal_pointer(&reply);
}

/* The <backingStore> of image @image (query-named-block-nodes' "image"
 * object) and of every image under it, as libvirt describes a chain it
 * found at start: the element's type, index (from *@next), format and
 * source, then the next one; an empty <backingStore/> ends the chain. */
static xmlNodePtr
chain_xml(xmlDocPtr doc, virJSONValue *image, unsigned int *next)
{
    virJSONValue *backing = virJSONValueObjectGetObject(image, "backing-image");
    xmlNodePtr bs = xmlNewDocNode(doc, NULL, BAD_CAST "backingStore", NULL);
    const char *file;
    const char *format;
    xmlNodePtr node;
    struct stat st;
    bool block;

    if (!backing || !(file = virJSONValueObjectGetString(backing, "filename")))
        return bs;
    format = virJSONValueObjectGetString(backing, "format");
    block = stat(file, &st) == 0 && S_ISBLK(st.st_mode);
    virDomainXMLSetProp(bs, "type", block ? "block" : "file");
    virDomainXMLSetPropf(bs, "index", "%u", (*next)++);
    node = xmlNewChild(bs, NULL, BAD_CAST "format", NULL);
    virDomainXMLSetProp(node, "type", format ? format : "raw");
    node = xmlNewChild(bs, NULL, BAD_CAST "source", NULL);
    virDomainXMLSetProp(node, block ? "dev" : "file", file);
    xmlAddChild(bs, chain_xml(doc, backing, next));
    return bs;
}

/* The "image" of node @name in a query-named-block-nodes reply. */
static virJSONValue *
node_image(virJSONValue *nodes, const char *name)
{
    for (size_t j = 0; j < virJSONValueArraySize(nodes); j++) {
        virJSONValue *node = virJSONValueArrayGet(nodes, j);

        if (g_strcmp0(virJSONValueObjectGetString(node, "node-name"), name) == 0)
            return virJSONValueObjectGetObject(node, "image");
    }
    return NULL;
}

/* The deepest element of the chain @disk's definition describes (its
 * <source> when none). */
static xmlNodePtr
described_end(virDomainDiskDef *disk, xmlNodePtr source, unsigned int depth)
{
    xmlNodePtr end = source;
    xmlNodePtr bs = virXMLChildElement(disk->node, "backingStore");

    for (unsigned int d = 0; d < depth && bs; d++) {
        end = bs;
        bs = virXMLChildElement(bs, "backingStore");
    }
    return end;
}

/* An empty drive loses its format. Every disk with an image gets
 * libvirt's source index and the chain QEMU opened under it, as libvirt
 * numbers the images of a run (qemuDomainPrepareStorageSource's
 * node-name counter): first each disk's own image and the backing images
 * its definition describes, last disk first (the last disk's image is
 * 1, the numbers qemuDiskTopIndex gave the command line's nodes); then
 * the backing images found in the images' headers, each disk's in chain
 * order, last disk first. The disk records how many its definition
 * described (VIR_DOMAIN_DISK_DESCRIBED): inactive XML leaves the others
 * out. The counter's next value is where the run's later images
 * (snapshot overlays, backup scratch files) go on. */
static int
disks_live(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autoptr(virJSONValue) args = virJSONValueNewObject();
    g_autoptr(virJSONValue) reply = NULL;
    unsigned int next = 1;
    virJSONValue *nodes;

    virJSONValueObjectAppendBoolean(args, "flat", false);
    if (!(reply = query(vm, "query-named-block-nodes", &args)))
        return -1;
    nodes = virJSONValueObjectGetArray(reply, "return");
    for (size_t n = vm->def->ndisks; n-- > 0;) {
        virDomainDiskDef *disk = vm->def->disks[n];
        xmlNodePtr source = virXMLChildElement(disk->node, "source");
        unsigned int index = qemuDiskTopIndex(vm->def, n);
        unsigned int depth = qemuDiskDescribedDepth(disk);
        xmlNodePtr bs = virXMLChildElement(disk->node, "backingStore");

        if (!disk->src) {
            /* an empty drive has no image, so no format (libvirt's
             * live XML prints a bare <driver name='qemu'/>) */
            g_clear_pointer(&disk->driver_type, g_free);
            virDomainXMLSetProp(virXMLChildElement(disk->node, "driver"), "type", NULL);
            continue;
        }
        if (source)
            virDomainXMLSetPropf(source, "index", "%u", index);
        for (unsigned int d = 0; d < depth; d++, bs = virXMLChildElement(bs, "backingStore"))
            virDomainXMLSetPropf(bs, "index", "%u", index + 1 + d);
        if (depth)
            virDomainXMLSetPropf(disk->node, VIR_DOMAIN_DISK_DESCRIBED, "%u", depth);
        next = MAX(next, index + depth + 1);
    }
    for (size_t n = vm->def->ndisks; n-- > 0;) {
        virDomainDiskDef *disk = vm->def->disks[n];
        xmlNodePtr source = virXMLChildElement(disk->node, "source");
        unsigned int depth = qemuDiskDescribedDepth(disk);
        g_autofree char *name = NULL;
        virJSONValue *image;
        xmlNodePtr end;
        xmlNodePtr old_end;

        if (!disk->src)
            continue;
        name = qemuDiskNodeName(vm->def, n, true);
        if (!(image = node_image(nodes, name)))
            continue;
        /* QEMU opened what the headers say: the described part first */
        for (unsigned int d = 0; d < depth && image; d++)
            image = virJSONValueObjectGetObject(image, "backing-image");
        if (!image)
            continue;
        end = described_end(disk, source, depth);
        /* an end the definition wrote is QEMU's to say */
        if ((old_end = virXMLChildElement(end == source ? disk->node : end, "backingStore")))
            virDomainXMLRemove(old_end);
        if (end == source || !end) {
            xmlNodePtr bs = chain_xml(disk->node->doc, image, &next);

            /* right after <source>, where libvirt prints it */
            if (source)
                xmlAddNextSibling(source, bs);
            else
                xmlAddChild(disk->node, bs);
        } else {
            xmlAddChild(end, chain_xml(disk->node->doc, image, &next));
        }
    }
    priv->next_node_index = next;
    return 0;
}

unsigned int
qemuProcessLiveNextIndex(const virDomainDef *def)
{
    unsigned int max = def->ndisks;

    for (size_t i = 0; i < def->ndisks; i++) {
        xmlNodePtr cur = virXMLChildElement(def->disks[i]->node, "source");
        xmlNodePtr bs = virXMLChildElement(def->disks[i]->node, "backingStore");

        for (; cur; cur = bs, bs = bs ? virXMLChildElement(bs, "backingStore") : NULL) {
            g_autofree char *index = virXMLPropString(cur, "index");

            if (index)
                max = MAX(max, (unsigned int)g_ascii_strtoull(index, NULL, 10));
        }
    }
    return max + 1;
}

/* The pty QEMU opened for each pty serial port: its chardev is
 * "charserialN" (N the target port, qemu_command.c), its filename
 * "pty:/dev/pts/M". */
static int
ptys_live(virDomainObj *vm)
{
    xmlNodePtr devices = virXMLChildElement(vm->def->root, "devices");
    g_autoptr(GPtrArray) serials = devices ? virDomainXMLChildren(devices, "serial") : NULL;
    g_autoptr(virJSONValue) reply = NULL;
    virJSONValue *chardevs;

    if (!serials || serials->len == 0)
        return 0;
    if (!(reply = query(vm, "query-chardev", NULL)))
        return -1;
    chardevs = virJSONValueObjectGetArray(reply, "return");
    for (guint i = 0; i < serials->len; i++) {
        xmlNodePtr serial = serials->pdata[i];
        xmlNodePtr target = virXMLChildElement(serial, "target");
        g_autofree char *type = virXMLPropString(serial, "type");
        g_autofree char *port = target ? virXMLPropString(target, "port") : NULL;
        g_autofree char *label = g_strdup_printf("charserial%s", port ? port : "0");

        if (g_strcmp0(type, "pty") != 0)
            continue;
        for (size_t j = 0; j < virJSONValueArraySize(chardevs); j++) {
            virJSONValue *chr = virJSONValueArrayGet(chardevs, j);
            const char *file = virJSONValueObjectGetString(chr, "filename");
            xmlNodePtr source;

            if (g_strcmp0(virJSONValueObjectGetString(chr, "label"), label) != 0 ||
                !file || !g_str_has_prefix(file, "pty:"))
                continue;
            if (!(source = virXMLChildElement(serial, "source")))
                source = virDomainXMLAddChild(serial, "source", chr_children);
            virDomainXMLSetProp(source, "path", file + strlen("pty:"));
            break;
        }
    }
    return 0;
}

/* The guest's current memory: the balloon's size, or all of it without
 * a balloon (libvirt's qemuProcessRefreshBalloonState). */
static int
balloon_live(virDomainObj *vm)
{
    xmlNodePtr devices = virXMLChildElement(vm->def->root, "devices");
    xmlNodePtr balloon = devices ? virXMLChildElement(devices, "memballoon") : NULL;
    g_autofree char *model = balloon ? virXMLPropString(balloon, "model") : NULL;
    g_autoptr(virJSONValue) reply = NULL;
    virJSONValue *ret;
    long long actual;

    if (!balloon || g_strcmp0(model, "none") == 0) {
        vm->def->cur_memory = vm->def->memory;
        return 0;
    }
    if (!(reply = query(vm, "query-balloon", NULL)))
        return -1;
    if ((ret = virJSONValueObjectGetObject(reply, "return")) &&
        virJSONValueObjectGetNumberLong(ret, "actual", &actual) == 0 && actual > 0)
        vm->def->cur_memory = (unsigned long long)actual / 1024;
    return 0;
}

void
qemuProcessLiveBalloonChanged(virDomainObj *vm, unsigned long long actual)
{
    vm->def->cur_memory = actual / 1024;
}

/* The label libvirt's DAC driver gives a domain that names none:
 * "+UID:+GID" of qemu.conf's user and group (the caller's when unset). */
static void
seclabel_live(qemuDriver *driver, virDomainObj *vm)
{
    const char *user = driver->cfg->user;
    const char *group = driver->cfg->group;
    struct passwd *pw = user ? getpwnam(user) : NULL;
    struct group *gr = group ? getgrnam(group) : NULL;
    uid_t uid = pw ? pw->pw_uid : geteuid();
    gid_t gid = gr ? gr->gr_gid : pw ? pw->pw_gid : getegid();
    g_autofree char *label = NULL;
    xmlNodePtr seclabel;

    /* a domain that names a label keeps it as written */
    if (virXMLChildElement(vm->def->root, "seclabel"))
        return;
    label = g_strdup_printf("+%u:+%u", (unsigned int)uid, (unsigned int)gid);
    seclabel = xmlNewChild(vm->def->root, NULL, BAD_CAST "seclabel", NULL);
    virDomainXMLSetProp(seclabel, "type", "dynamic");
    virDomainXMLSetProp(seclabel, "model", "dac");
    virDomainXMLSetProp(seclabel, "relabel", "yes");
    xmlNewTextChild(seclabel, NULL, BAD_CAST "label", BAD_CAST label);
    xmlNewTextChild(seclabel, NULL, BAD_CAST "imagelabel", BAD_CAST label);
    vm->def->implicit_seclabel = true;
}

int
qemuProcessLiveStateApply(qemuDriver *driver, virDomainObj *vm, int vnc_port)
{
    xmlNodePtr devices = virXMLChildElement(vm->def->root, "devices");
    xmlNodePtr graphics = devices ? virXMLChildElement(devices, "graphics") : NULL;

    if (graphics && vnc_port)
        virDomainXMLSetPropf(graphics, "port", "%d", vnc_port);
    /* the cgroup partition libvirt places every domain in */
    if (!virXMLChildElement(vm->def->root, "resource")) {
        xmlNodePtr resource = xmlNewChild(vm->def->root, NULL, BAD_CAST "resource", NULL);

        xmlNewTextChild(resource, NULL, BAD_CAST "partition", BAD_CAST "/machine");
    }
    qemuAssignDeviceAliases(vm->def);
    seclabel_live(driver, vm);
    if (disks_live(vm) < 0 || ptys_live(vm) < 0 || balloon_live(vm) < 0)
        return -1;
    virDomainObjDefChanged(vm);
    return 0;
}
