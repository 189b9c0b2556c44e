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

/* An empty drive loses its format. (Each image's number and the chain
 * under it were written before QEMU started: qemuChainPrepare.) */
static void
disks_live(virDomainObj *vm)
{
    for (size_t n = 0; n < vm->def->ndisks; n++) {
        virDomainDiskDef *disk = vm->def->disks[n];

        if (disk->src)
            continue;
        /* an empty drive has no image, so no format (libvirt's live XML
         * prints a bare <driver name='qemu'/>) */
        g_clear_pointer(&disk->driver_type, g_free);
        virDomainXMLSetProp(virXMLChildElement(disk->node, "driver"), "type", NULL);
    }
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
    disks_live(vm);
    if (ptys_live(vm) < 0 || balloon_live(vm) < 0)
        return -1;
    virDomainObjDefChanged(vm);
    return 0;
}
