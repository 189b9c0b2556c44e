/*
 * test_driver.c: the test driver's connections and domains
 */
#include "internal.h"
#include "test/test_driver.h"
#include "conf/domain_obj.h"
#include "conf/snapshot_conf.h"
#include "conf/domain_net.h"
#include "util/virhostname.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_TEST

#define TEST_NS_HREF "http://libvirt.org/schemas/domain/test/1.0"

/* The node test:///default starts from: libvirt's default domain, in
 * the form libvirt stores it. */
static const char default_node_xml[] =
"<node>"
"<domain type='test'>"
"  <name>test</name>"
"  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>"
"  <memory unit='KiB'>8388608</memory>"
"  <currentMemory unit='KiB'>2097152</currentMemory>"
"  <vcpu placement='static'>2</vcpu>"
"  <os><type arch='i686'>hvm</type><boot dev='hd'/></os>"
"  <clock offset='utc'/>"
"  <on_poweroff>destroy</on_poweroff>"
"  <on_reboot>restart</on_reboot>"
"  <on_crash>destroy</on_crash>"
"  <devices>"
"    <disk type='file' device='disk'>"
"      <source file='/guest/diskimage1'/>"
"      <target dev='vda' bus='virtio'/>"
"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>"
"    </disk>"
"    <interface type='network'>"
"      <mac address='aa:bb:cc:dd:ee:ff'/>"
"      <source network='default'/>"
"      <target dev='testnet0'/>"
"      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>"
"    </interface>"
"    <memballoon model='virtio'>"
"      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>"
"    </memballoon>"
"  </devices>"
"</domain>"
"</node>";

/* test:///default: one driver shared by the process's connections,
 * made by the first open and freed by the last close. default_lock
 * guards both variables; whether a closing connection's driver is the
 * default one is also decided under it, since another thread may be
 * replacing default_driver at that moment. */
static GMutex default_lock;
static testDriver *default_driver;
static int default_connections;

static testDriver *
driver_new(void)
{
    testDriver *driver = g_new0(testDriver, 1);

    g_mutex_init(&driver->lock);
    driver->next_id = 1;
    driver->domains = virDomainObjListNew();
    driver->xmlopt.default_arch = "i686";
    driver->events = virDomainEventStateNew();
    return driver;
}

static void
driver_free(testDriver *driver)
{
    if (!driver)
        return;
    virDomainObjListFree(driver->domains);
    virDomainEventStateFree(driver->events);
    g_mutex_clear(&driver->lock);
    g_free(driver);
}

testDriver *
testDriverFromConn(virConnectPtr conn)
{
    return conn->privateData;
}

virDomainObj *
testDomObjFromDomain(virDomainPtr domain)
{
    return virDomainObjListFindByDomain(testDriverFromConn(domain->conn)->domains, domain,
                                        VIR_FROM_THIS);
}

void
testDomainEventLifecycle(testDriver *driver, virDomainObj *vm, int event, int detail)
{
    virDomainEventStateQueueLifecycle(driver->events, vm->def->name, vm->def->uuid,
                                      vm->def->id, event, detail);
}

/* What libvirt's test driver holds beside a running domain's definition
 * and our object list does not: a copy of the config taken at start when
 * the domain was persistent then (libvirt's newDef). It shows in events
 * only: a define while running reports "updated" instead of "added", and
 * the stop of a domain without one keeps the running id (the copy, which
 * becomes the definition at stop, has none). */
typedef struct {
    bool config_copied;
    bool frozen[2];     /* virDomainFSFreeze: the guest's "/" and "/boot" */
} testDomainPrivate;

static testDomainPrivate *
test_domain_private(virDomainObj *vm)
{
    if (!vm->privateData) {
        vm->privateData = g_new0(testDomainPrivate, 1);
        vm->privateDataFree = g_free;
    }
    return vm->privateData;
}

bool
testDomainHasConfigCopy(virDomainObj *vm)
{
    return vm->new_def || test_domain_private(vm)->config_copied;
}

void
testDomainStartState(testDriver *driver, virDomainObj *vm, int reason)
{
    g_mutex_lock(&driver->lock);
    vm->def->id = driver->next_id++;
    g_mutex_unlock(&driver->lock);
    virDomainObjSetState(vm, VIR_DOMAIN_RUNNING, reason);
    test_domain_private(vm)->config_copied = vm->persistent;
    vm->has_managed_save = false; /* the saved image is used up */
}

void
testDomainShutdownState(virDomainPtr domain, virDomainObj *vm, int reason)
{
    if (testDomainHasConfigCopy(vm))
        vm->def->id = -1;
    test_domain_private(vm)->config_copied = false;
    virDomainObjStopped(vm);
    virDomainObjSetState(vm, VIR_DOMAIN_SHUTOFF, reason);
    if (domain)
        domain->id = -1;
}

/* ---- node files ---- */

/* What a node-file domain says about itself in the test driver's
 * namespace (libvirt's testDomainNamespaceDef). */
typedef struct {
    int runstate;
    bool transient;
    bool has_managed_save;
    GPtrArray *snapshots;   /* snapshot XML documents, in file order */
} test_ns_data;

static void
test_ns_data_clear(test_ns_data *ns)
{
    g_clear_pointer(&ns->snapshots, g_ptr_array_unref);
}

/* The <domainsnapshot> document of a <test:domainsnapshot> element: its
 * file= or its children. */
static char *
snapshot_document(xmlNodePtr node, const char *base_dir)
{
    g_autofree char *file = virXMLPropString(node, "file");
    g_autoptr(xmlBuffer) buf = NULL;
    GString *xml;

    if (file) {
        g_autofree char *path = g_path_is_absolute(file) ? g_strdup(file) :
            g_build_filename(base_dir, file, NULL);
        char *text = NULL;

        if (!g_file_get_contents(path, &text, NULL, NULL)) {
            virReportError(VIR_ERR_XML_ERROR, "failed to parse xml document '%s'", path);
            return NULL;
        }
        return text;
    }
    buf = xmlBufferCreate();
    xml = g_string_new("<domainsnapshot>");
    for (xmlNodePtr cur = node->children; cur; cur = cur->next) {
        xmlBufferEmpty(buf);
        if (xmlNodeDump(buf, node->doc, cur, 0, 0) >= 0)
            g_string_append(xml, (const char *)xmlBufferContent(buf));
    }
    g_string_append(xml, "</domainsnapshot>");
    return g_string_free(xml, FALSE);
}

/* Reads and removes the test driver's own elements of a node-file domain
 * (<test:runstate>, <test:transient/>, <test:hasmanagedsave/>,
 * <test:domainsnapshot>): they describe the domain's state, not its
 * definition. */
static int
take_test_namespace(virDomainDef *def, const char *base_dir, test_ns_data *ns)
{
    xmlNodePtr cur = def->root->children;

    ns->runstate = VIR_DOMAIN_RUNNING;
    ns->snapshots = g_ptr_array_new_with_free_func(g_free);
    while (cur) {
        xmlNodePtr next = cur->next;

        if (cur->type == XML_ELEMENT_NODE && cur->ns &&
            xmlStrEqual(cur->ns->href, BAD_CAST TEST_NS_HREF)) {
            if (xmlStrEqual(cur->name, BAD_CAST "runstate")) {
                g_autofree char *text = virXMLNodeContentString(cur);
                char *end = NULL;
                unsigned long value = strtoul(text, &end, 10);

                if (!*text || *end || text[0] == '-') {
                    virReportError(VIR_ERR_XML_ERROR, "%s", "invalid runstate");
                    return -1;
                }
                if (value >= VIR_DOMAIN_PMSUSPENDED + 1) {
                    virReportError(VIR_ERR_XML_ERROR, "runstate '%lu' out of range'", value);
                    return -1;
                }
                ns->runstate = (int)value;
            } else if (xmlStrEqual(cur->name, BAD_CAST "transient")) {
                ns->transient = true;
            } else if (xmlStrEqual(cur->name, BAD_CAST "hasmanagedsave")) {
                ns->has_managed_save = true;
            } else if (xmlStrEqual(cur->name, BAD_CAST "domainsnapshot")) {
                char *doc = snapshot_document(cur, base_dir);

                if (!doc)
                    return -1;
                g_ptr_array_add(ns->snapshots, doc);
            }
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        }
        cur = next;
    }
    /* with its elements gone, the namespace is not part of the domain */
    for (xmlNsPtr *link = &def->root->nsDef; *link; ) {
        xmlNsPtr decl = *link;

        if (decl->href && xmlStrEqual(decl->href, BAD_CAST TEST_NS_HREF)) {
            *link = decl->next;
            decl->next = NULL;
            xmlFreeNs(decl);
        } else {
            link = &decl->next;
        }
    }
    if (ns->transient && ns->runstate == VIR_DOMAIN_SHUTOFF) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "transient domain cannot have runstate 'shutoff'");
        return -1;
    }
    if (ns->has_managed_save && ns->runstate != VIR_DOMAIN_SHUTOFF) {
        virReportError(VIR_ERR_XML_ERROR, "%s",
                       "domain with managedsave data can only have runstate 'shutoff'");
        return -1;
    }
    return 0;
}

/* libvirt's testParseDomainSnapshots: the node file's snapshots, as
 * internal (status) XML, current from <active>. */
static int
load_snapshots(testDriver *driver, virDomainObj *vm, GPtrArray *docs)
{
    for (size_t i = 0; i < docs->len; i++) {
        g_autoptr(virDomainSnapshotDef) def = NULL;
        virDomainMomentObj *snap;
        bool current = false;

        if (!(def = virDomainSnapshotDefParseString(docs->pdata[i], &driver->xmlopt, &current,
                                                    VIR_DOMAIN_SNAPSHOT_PARSE_INTERNAL |
                                                    VIR_DOMAIN_SNAPSHOT_PARSE_REDEFINE)))
            return -1;
        if (!(snap = virDomainMomentAssignDef(vm->snapshots, &def->parent)))
            return -1;
        def = NULL;
        if (current) {
            if (virDomainMomentGetCurrent(vm->snapshots)) {
                virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                               "more than one snapshot claims to be active");
                return -1;
            }
            virDomainMomentSetCurrent(vm->snapshots, snap);
        }
    }
    if (virDomainMomentUpdateRelations(vm->snapshots) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "Snapshots have inconsistent relations for domain %s",
                       vm->def->name);
        return -1;
    }
    return 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(test_ns_data, test_ns_data_clear);

/* libvirt's testDomainObjCheckTaint, on the domains of a node file:
 * raw I/O of a disk or a SCSI hostdev, a host CD-ROM drive, an
 * interface script, the CPU model "Deprecated-Test" and a custom
 * device tree taint the domain. */
static void
check_taint(virDomainObj *vm)
{
    virDomainDef *def = vm->def;
    g_autoptr(xmlXPathContext) ctxt = virXMLXPathContextNew(def->doc, def->root);
    g_autofree char *model = NULL;
    g_autofree char *dtb = NULL;

    for (size_t i = 0; i < def->ndisks; i++) {
        virDomainDiskDef *disk = def->disks[i];
        g_autofree char *rawio = virXMLPropString(disk->node, "rawio");

        if (STREQ_NULLABLE(rawio, "yes"))
            virDomainObjTaint(vm, VIR_DOMAIN_TAINT_HIGH_PRIVILEGES);
        if (STREQ(disk->device, "cdrom") && STREQ(disk->type, "block") && disk->src)
            virDomainObjTaint(vm, VIR_DOMAIN_TAINT_CDROM_PASSTHROUGH);
    }
    /* a hostdev is mode='subsystem' unless it says otherwise */
    if (virXPathNode("./devices/hostdev[(not(@mode) or @mode='subsystem') and "
                     "@type='scsi' and @rawio='yes']", ctxt))
        virDomainObjTaint(vm, VIR_DOMAIN_TAINT_HIGH_PRIVILEGES);
    if (virXPathNode("./devices/interface/script[@path]", ctxt))
        virDomainObjTaint(vm, VIR_DOMAIN_TAINT_SHELL_SCRIPTS);
    /* a guest CPU is mode='custom' unless it says otherwise */
    if (virXPathNode("./cpu[not(@mode) or @mode='custom']", ctxt) &&
        (model = virXPathString("string(./cpu/model[1])", ctxt)) &&
        STREQ(model, "Deprecated-Test")) {
        virDomainObjTaint(vm, VIR_DOMAIN_TAINT_DEPRECATED_CONFIG);
        virDomainObjDeprecation(vm, "CPU model Deprecated-Test");
    }
    if ((dtb = virXPathString("string(./os/dtb[1])", ctxt)))
        virDomainObjTaint(vm, VIR_DOMAIN_TAINT_CUSTOM_DTB);
}

static int
load_domain(testDriver *driver, xmlNodePtr node, const char *base_dir)
{
    g_autofree char *file = virXMLPropString(node, "file");
    g_autoptr(virDomainDef) def = NULL;
    g_auto(test_ns_data) ns = { 0 };
    virDomainObj *vm;
    int ret = -1;

    if (file) {
        g_autofree char *path = g_path_is_absolute(file) ? g_strdup(file) :
            g_build_filename(base_dir, file, NULL);
        g_autofree char *xml = NULL;
        g_autoptr(GError) err = NULL;

        if (!g_file_get_contents(path, &xml, NULL, &err)) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "failed to read '%s': %s",
                           path, err->message);
            return -1;
        }
        def = virDomainDefParseString(xml, &driver->xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE);
    } else {
        def = virDomainDefParseNode(node, &driver->xmlopt, VIR_DOMAIN_DEF_PARSE_INACTIVE);
    }
    if (!def || virDomainNetGenerateIfnames(def, "testnet") < 0 ||
        take_test_namespace(def, base_dir, &ns) < 0)
        return -1;

    if (!(vm = virDomainObjListAdd(driver->domains, &def, 0, NULL)))
        return -1;
    if (load_snapshots(driver, vm, ns.snapshots) < 0)
        goto cleanup;
    vm->persistent = !ns.transient;
    vm->has_managed_save = ns.has_managed_save;
    if (ns.runstate != VIR_DOMAIN_SHUTOFF)
        testDomainStartState(driver, vm, TEST_REASON_UNKNOWN);
    else
        testDomainShutdownState(NULL, vm, TEST_REASON_UNKNOWN);
    virDomainObjSetState(vm, ns.runstate, TEST_REASON_UNKNOWN);
    check_taint(vm);
    ret = 0;
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
load_node(testDriver *driver, const char *xml, const char *label, const char *base_dir)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctxt = NULL;
    g_autofree xmlNodePtr *nodes = NULL;
    int n;

    if (!(doc = virXMLParse(VIR_FROM_THIS, xml, label, "node", NULL, false, &ctxt)))
        return -1;
    if ((n = virXPathNodeSet("/node/domain", ctxt, &nodes)) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (load_domain(driver, nodes[i], base_dir) < 0)
            return -1;
    }
    return 0;
}

/* ---- connections ---- */

static int
testConnectOpen(virConnectPtr conn, const char *uri G_GNUC_UNUSED,
                unsigned int flags G_GNUC_UNUSED)
{
    const char *path = conn->guri ? g_uri_get_path(conn->guri) : NULL;
    testDriver *driver;

    if (!conn->guri || STRNEQ(g_uri_get_scheme(conn->guri), "test"))
        return VIR_DRV_OPEN_DECLINED;
    if (conn->guri && g_uri_get_host(conn->guri) && *g_uri_get_host(conn->guri))
        return VIR_DRV_OPEN_DECLINED; /* remote: not ours */

    if (!path || !*path || STREQ(path, "/")) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "testOpen: supply a path or use test:///default");
        return VIR_DRV_OPEN_ERROR;
    }

    if (STREQ(path, "/default")) {
        g_mutex_lock(&default_lock);
        if (!default_driver) {
            default_driver = driver_new();
            if (load_node(default_driver, default_node_xml, "(test driver)", "/") < 0) {
                g_clear_pointer(&default_driver, driver_free);
                g_mutex_unlock(&default_lock);
                return VIR_DRV_OPEN_ERROR;
            }
        }
        default_connections++;
        conn->privateData = default_driver;
        g_mutex_unlock(&default_lock);
        return VIR_DRV_OPEN_SUCCESS;
    }

    {
        g_autofree char *xml = NULL;
        g_autofree char *dir = g_path_get_dirname(path);
        g_autoptr(GError) err = NULL;

        if (!g_file_get_contents(path, &xml, NULL, &err)) {
            /* libvirt's wording: its parser reads the file itself */
            virReportError(VIR_ERR_XML_ERROR, "failed to parse xml document '%s'", path);
            return VIR_DRV_OPEN_ERROR;
        }
        driver = driver_new();
        if (load_node(driver, xml, path, dir) < 0) {
            driver_free(driver);
            return VIR_DRV_OPEN_ERROR;
        }
        conn->privateData = driver;
    }
    return VIR_DRV_OPEN_SUCCESS;
}

static int
testConnectClose(virConnectPtr conn)
{
    testDriver *driver = conn->privateData;
    bool shared;

    conn->privateData = NULL;
    if (!driver)
        return 0;
    g_mutex_lock(&default_lock);
    shared = driver == default_driver;
    if (shared && --default_connections == 0)
        g_clear_pointer(&default_driver, driver_free);
    g_mutex_unlock(&default_lock);
    if (!shared)
        driver_free(driver); /* a node file's driver has one connection */
    return 0;
}

static int
testConnectIsAlive(virConnectPtr conn G_GNUC_UNUSED)
{
    return 1;
}

static const char *
testConnectGetType(virConnectPtr conn G_GNUC_UNUSED)
{
    return "TEST";
}

/* libvirt's test driver is "version 2" of nothing in particular */
static int
testConnectGetVersion(virConnectPtr conn G_GNUC_UNUSED, unsigned long *hvVer)
{
    *hvVer = 2;
    return 0;
}

static char *
testConnectGetHostname(virConnectPtr conn G_GNUC_UNUSED)
{
    return virGetHostname();
}

/* ---- domains ---- */

static int
testConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains, unsigned int flags)
{
    virCheckFlags(VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL, -1);
    return virDomainObjListExport(testDriverFromConn(conn)->domains, conn, domains, flags);
}

static virDomainPtr
testDomainLookupByName(virConnectPtr conn, const char *name)
{
    virDomainObjList *doms = testDriverFromConn(conn)->domains;

    return virDomainObjAPIHandle(conn, virDomainObjListFindByName(doms, name), VIR_FROM_THIS);
}

static virDomainPtr
testDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    virDomainObjList *doms = testDriverFromConn(conn)->domains;

    return virDomainObjAPIHandle(conn, virDomainObjListFindByUUID(doms, uuid), VIR_FROM_THIS);
}

static virDomainPtr
testDomainLookupByID(virConnectPtr conn, int id)
{
    virDomainObjList *doms = testDriverFromConn(conn)->domains;

    return virDomainObjAPIHandle(conn, virDomainObjListFindByID(doms, id), VIR_FROM_THIS);
}

static virDomainPtr
testDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(conn);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) old_def = NULL;
    unsigned int parse_flags = VIR_DOMAIN_DEF_PARSE_INACTIVE;
    virDomainObj *vm;
    virDomainPtr dom;

    virCheckFlags(VIR_DOMAIN_DEFINE_VALIDATE, NULL);
    if (flags & VIR_DOMAIN_DEFINE_VALIDATE)
        parse_flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;

    if (!(def = virDomainDefParseString(xml, &driver->xmlopt, parse_flags)))
        return NULL;
    if (strchr(def->name, '\n')) {
        virReportError(VIR_ERR_XML_DETAIL, "name %s cannot contain '\\n'", def->name);
        return NULL;
    }
    if (virDomainNetGenerateIfnames(def, "testnet") < 0)
        return NULL;
    if (!(vm = virDomainObjListAdd(driver->domains, &def, 0, &old_def)))
        return NULL;
    vm->persistent = true;
    /* libvirt's "updated" means a definition was replaced: for a running
     * domain, the config defined while it ran (@old_def) or copied at
     * its start */
    testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_DEFINED,
                             old_def || (virDomainObjIsActive(vm) &&
                                         test_domain_private(vm)->config_copied) ?
                             VIR_DOMAIN_EVENT_DEFINED_UPDATED :
                             VIR_DOMAIN_EVENT_DEFINED_ADDED);
    dom = virGetDomain(conn, vm->def->name, vm->def->uuid, vm->def->id);
    virDomainObjEndAPI(&vm);
    return dom;
}

static virDomainPtr
testDomainDefineXML(virConnectPtr conn, const char *xml)
{
    return testDomainDefineXMLFlags(conn, xml, 0);
}

static virDomainPtr
testDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(conn);
    g_autoptr(virDomainDef) def = NULL;
    unsigned int parse_flags = VIR_DOMAIN_DEF_PARSE_INACTIVE;
    virDomainObj *vm;
    virDomainPtr dom;

    virCheckFlags(VIR_DOMAIN_START_VALIDATE, NULL);
    if (flags & VIR_DOMAIN_START_VALIDATE)
        parse_flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;

    if (!(def = virDomainDefParseString(xml, &driver->xmlopt, parse_flags)) ||
        virDomainNetGenerateIfnames(def, "testnet") < 0)
        return NULL;
    if (!(vm = virDomainObjListAdd(driver->domains, &def,
                                   VIR_DOMAIN_OBJ_LIST_ADD_CHECK_LIVE, NULL)))
        return NULL;
    testDomainStartState(driver, vm, TEST_RUNNING_BOOTED);
    testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STARTED,
                             VIR_DOMAIN_EVENT_STARTED_BOOTED);
    dom = virGetDomain(conn, vm->def->name, vm->def->uuid, vm->def->id);
    virDomainObjEndAPI(&vm);
    return dom;
}

static int
testDomainUndefineFlags(virDomainPtr domain, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    virDomainObj *vm;
    size_t nsnapshots;

    virCheckFlags(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                  VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;

    if (vm->has_managed_save && !(flags & VIR_DOMAIN_UNDEFINE_MANAGED_SAVE)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "Refusing to undefine while domain managed save image exists");
        virDomainObjEndAPI(&vm);
        return -1;
    }
    nsnapshots = virDomainMomentObjListSize(vm->snapshots);
    if (!virDomainObjIsActive(vm) && nsnapshots &&
        !(flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA)) {
        virReportError(VIR_ERR_OPERATION_INVALID,
                       "cannot delete inactive domain with %zu snapshots", nsnapshots);
        virDomainObjEndAPI(&vm);
        return -1;
    }
    testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_UNDEFINED,
                             VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    vm->has_managed_save = false;
    if (virDomainObjIsActive(vm))
        vm->persistent = false;
    else
        virDomainObjListRemove(driver->domains, vm);
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
testDomainUndefine(virDomainPtr domain)
{
    return testDomainUndefineFlags(domain, 0);
}

static int
testDomainCreateWithFlags(virDomainPtr domain, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    virDomainObj *vm;

    virCheckFlags(0, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    if (vm->state != VIR_DOMAIN_SHUTOFF) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "Domain '%s' is already running",
                       domain->name);
        virDomainObjEndAPI(&vm);
        return -1;
    }
    testDomainStartState(driver, vm, TEST_RUNNING_BOOTED);
    domain->id = vm->def->id;
    testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STARTED,
                             VIR_DOMAIN_EVENT_STARTED_BOOTED);
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
testDomainCreate(virDomainPtr domain)
{
    return testDomainCreateWithFlags(domain, 0);
}

/* A domain that is not persistent disappears when it stops. */
static void
stopped(testDriver *driver, virDomainObj *vm)
{
    if (!vm->persistent)
        virDomainObjListRemove(driver->domains, vm);
}

static int
testDomainDestroyFlags(virDomainPtr domain, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    if (virDomainObjCheckActive(vm) == 0) {
        testDomainShutdownState(domain, vm, TEST_SHUTOFF_DESTROYED);
        testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
        stopped(driver, vm);
        ret = 0;
    }
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
testDomainDestroy(virDomainPtr domain)
{
    return testDomainDestroyFlags(domain, 0);
}

static int
testDomainShutdownFlags(virDomainPtr domain, unsigned int flags)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    virDomainObj *vm;
    g_autofree char *action = NULL;

    virCheckFlags(0, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    if (vm->state == VIR_DOMAIN_SHUTOFF) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "domain '%s' not running", domain->name);
        virDomainObjEndAPI(&vm);
        return -1;
    }
    /* the guest powers off: what follows is the domain's on_poweroff */
    action = virDomainDefLifecycleAction(vm->def, "on_poweroff", "destroy");
    if (STREQ(action, "restart") || STREQ(action, "rename-restart")) {
        virDomainObjSetState(vm, VIR_DOMAIN_RUNNING, TEST_RUNNING_BOOTED);
    } else {
        testDomainShutdownState(domain, vm, TEST_SHUTOFF_SHUTDOWN);
        testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                 VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
        stopped(driver, vm);
    }
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
testDomainShutdown(virDomainPtr domain)
{
    return testDomainShutdownFlags(domain, 0);
}

static int
testDomainSuspend(virDomainPtr domain)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;

    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    /* libvirt's test driver refuses only these two states */
    if (vm->state == VIR_DOMAIN_SHUTOFF || vm->state == VIR_DOMAIN_PAUSED) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "domain '%s' not running", domain->name);
    } else {
        virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
        testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                 VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        ret = 0;
    }
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
testDomainResume(virDomainPtr domain)
{
    testDriver *driver = testDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;

    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    if (vm->state != VIR_DOMAIN_PAUSED) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "domain '%s' not paused", domain->name);
    } else {
        virDomainObjSetState(vm, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
        testDomainEventLifecycle(driver, vm, VIR_DOMAIN_EVENT_RESUMED,
                                 VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        ret = 0;
    }
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
testConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                  virConnectDomainEventGenericCallback cb,
                                  void *opaque, virFreeCallback freecb)
{
    return virDomainEventStateRegisterAny(testDriverFromConn(conn)->events, conn, dom,
                                          eventID, cb, opaque, freecb);
}

static int
testConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    return virDomainEventStateDeregisterAny(testDriverFromConn(conn)->events, conn,
                                            callbackID);
}

static void
testConnectFlushEvents(virConnectPtr conn)
{
    virDomainEventStateFlush(testDriverFromConn(conn)->events);
}

/* libvirt's test driver takes VIR_DOMAIN_XML_COMMON_FLAGS: no UPDATE_CPU
 * (there is no host CPU to expand a guest CPU from). */
static char *
testDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;
    unsigned int format_flags = 0;
    char *xml;

    virCheckFlags(VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                  VIR_DOMAIN_XML_MIGRATABLE, NULL);
    if (!(vm = testDomObjFromDomain(domain)))
        return NULL;
    /* virDomainDefFormatConvertXMLFlags: the id of a running domain
     * stays in MIGRATABLE output */
    if (flags & VIR_DOMAIN_XML_SECURE)
        format_flags |= VIR_DOMAIN_DEF_FORMAT_SECURE;
    if (flags & VIR_DOMAIN_XML_INACTIVE)
        format_flags |= VIR_DOMAIN_DEF_FORMAT_INACTIVE;
    if (flags & VIR_DOMAIN_XML_MIGRATABLE)
        format_flags |= VIR_DOMAIN_DEF_FORMAT_MIGRATABLE;
    /* INACTIVE asks for the config: a definition made while running */
    xml = virDomainDefFormat((flags & VIR_DOMAIN_XML_INACTIVE) ?
                             virDomainObjGetPersistentDef(vm) : vm->def, format_flags);
    virDomainObjEndAPI(&vm);
    return xml;
}

static int
testDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    virDomainObj *vm;

    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    info->state = (unsigned char)vm->state;
    info->memory = vm->def->cur_memory;
    info->maxMem = vm->def->memory;
    info->nrVirtCpu = virDomainDefGetVcpus(vm->def);
    /* like libvirt's test driver: the wall clock in nanoseconds */
    info->cpuTime = (unsigned long long)g_get_real_time() * 1000;
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
testDomainGetState(virDomainPtr domain, int *state, int *reason, unsigned int flags)
{
    virCheckFlags(0, -1);
    return virDomainObjAPIGetState(testDomObjFromDomain(domain), state, reason);
}

static int
testDomainIsActive(virDomainPtr domain)
{
    return virDomainObjAPIIsActive(testDomObjFromDomain(domain));
}

static int
testDomainIsPersistent(virDomainPtr domain)
{
    return virDomainObjAPIIsPersistent(testDomObjFromDomain(domain));
}

static char *
testDomainGetOSType(virDomainPtr domain G_GNUC_UNUSED)
{
    /* as libvirt's: the same for every domain, even one that is gone */
    return g_strdup("linux");
}

static int
testDomainGetAutostart(virDomainPtr domain, int *autostart)
{
    virDomainObj *vm;

    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    /* nothing sets autostart on a test:/// domain */
    *autostart = 0;
    virDomainObjEndAPI(&vm);
    return 0;
}

/* libvirt's test driver pretends a guest with two file systems, "/" and
 * "/boot": a freeze or thaw of none names both, and returns how many
 * changed state; another mount point fails before any changes. */
static int
test_fs_freeze_thaw(virDomainPtr domain, const char **mountpoints, unsigned int nmountpoints,
                    unsigned int flags, bool freeze)
{
    static const char *const mounts[] = { "/", "/boot" };
    virDomainObj *vm;
    bool state[2];
    bool *frozen;
    int changed = 0;
    int ret = -1;

    virCheckFlags(0, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    if (virDomainObjCheckActive(vm) < 0)
        goto cleanup;
    frozen = test_domain_private(vm)->frozen;
    memcpy(state, frozen, sizeof(state));
    for (unsigned int i = 0; i < (nmountpoints ? nmountpoints : G_N_ELEMENTS(mounts)); i++) {
        const char *mount = nmountpoints ? mountpoints[i] : mounts[i];
        size_t which;

        for (which = 0; which < G_N_ELEMENTS(mounts); which++) {
            if (STREQ(mount, mounts[which]))
                break;
        }
        if (which == G_N_ELEMENTS(mounts)) {
            virReportError(VIR_ERR_OPERATION_INVALID, "mount point not found: %s", mount);
            goto cleanup;
        }
        if (state[which] != freeze) {
            state[which] = freeze;
            changed++;
        }
    }
    memcpy(frozen, state, sizeof(state));
    ret = changed;

 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
testDomainFSFreeze(virDomainPtr domain, const char **mountpoints, unsigned int nmountpoints,
                   unsigned int flags)
{
    return test_fs_freeze_thaw(domain, mountpoints, nmountpoints, flags, true);
}

static int
testDomainFSThaw(virDomainPtr domain, const char **mountpoints, unsigned int nmountpoints,
                 unsigned int flags)
{
    return test_fs_freeze_thaw(domain, mountpoints, nmountpoints, flags, false);
}

static int
testDomainHasManagedSaveImage(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;
    int ret;

    virCheckFlags(0, -1);
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    ret = vm->has_managed_save;
    virDomainObjEndAPI(&vm);
    return ret;
}

/* The host's security model (libvirt's test capabilities). */
#define TEST_SECURITY_MODEL "testSecurity"
#define TEST_SECURITY_DOI ""
#define TEST_SECURITY_LABEL "libvirt-test"

static int
testNodeGetSecurityModel(virConnectPtr conn G_GNUC_UNUSED,
                         virSecurityModelPtr secmodel)
{
    memset(secmodel, 0, sizeof(*secmodel));
    g_strlcpy(secmodel->model, TEST_SECURITY_MODEL, sizeof(secmodel->model));
    g_strlcpy(secmodel->doi, TEST_SECURITY_DOI, sizeof(secmodel->doi));
    return 0;
}

static int
testDomainGetSecurityLabel(virDomainPtr domain, virSecurityLabelPtr seclabel)
{
    virDomainObj *vm;

    memset(seclabel, 0, sizeof(*seclabel));
    if (!(vm = testDomObjFromDomain(domain)))
        return -1;
    /* a running domain has a label, enforced; an inactive one none */
    if (virDomainObjIsActive(vm)) {
        g_strlcpy(seclabel->label, TEST_SECURITY_LABEL, sizeof(seclabel->label));
        seclabel->enforcing = 1;
    }
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
testDomainGetMessages(virDomainPtr domain, char ***msgs, unsigned int flags)
{
    virCheckFlags(VIR_DOMAIN_MESSAGE_DEPRECATION | VIR_DOMAIN_MESSAGE_TAINTING, -1);
    return virDomainObjAPIGetMessages(testDomObjFromDomain(domain), msgs, flags);
}

static const char *const test_schemes[] = { "test", NULL };

static virConnectDriver test_driver = {
    .name = "Test",
    .never_blocks = true,   /* all in memory, under driver->lock */
    .uri_schemes = test_schemes,
    .connectOpen = testConnectOpen,
    .connectClose = testConnectClose,
    .connectIsAlive = testConnectIsAlive,
    .connectGetType = testConnectGetType,
    .connectGetVersion = testConnectGetVersion,
    .connectGetHostname = testConnectGetHostname,
    .connectListAllDomains = testConnectListAllDomains,
    .domainLookupByName = testDomainLookupByName,
    .domainLookupByID = testDomainLookupByID,
    .domainLookupByUUID = testDomainLookupByUUID,
    .domainDefineXML = testDomainDefineXML,
    .domainDefineXMLFlags = testDomainDefineXMLFlags,
    .domainUndefine = testDomainUndefine,
    .domainUndefineFlags = testDomainUndefineFlags,
    .domainCreate = testDomainCreate,
    .domainCreateWithFlags = testDomainCreateWithFlags,
    .domainCreateXML = testDomainCreateXML,
    .domainDestroy = testDomainDestroy,
    .domainDestroyFlags = testDomainDestroyFlags,
    .domainShutdown = testDomainShutdown,
    .domainShutdownFlags = testDomainShutdownFlags,
    .domainSuspend = testDomainSuspend,
    .domainResume = testDomainResume,
    .connectDomainEventRegisterAny = testConnectDomainEventRegisterAny,
    .connectDomainEventDeregisterAny = testConnectDomainEventDeregisterAny,
    .connectFlushEvents = testConnectFlushEvents,
    .domainGetXMLDesc = testDomainGetXMLDesc,
    .domainGetInfo = testDomainGetInfo,
    .domainGetState = testDomainGetState,
    .domainIsActive = testDomainIsActive,
    .domainIsPersistent = testDomainIsPersistent,
    .domainGetOSType = testDomainGetOSType,
    .domainGetAutostart = testDomainGetAutostart,
    .domainFSFreeze = testDomainFSFreeze,
    .domainFSThaw = testDomainFSThaw,
    .domainHasManagedSaveImage = testDomainHasManagedSaveImage,
    .domainGetSecurityLabel = testDomainGetSecurityLabel,
    .domainGetMessages = testDomainGetMessages,
    .nodeGetSecurityModel = testNodeGetSecurityModel,
};

int
testRegister(void)
{
    testCheckpointMethods(&test_driver);
    testSnapshotMethods(&test_driver);
    return virRegisterConnectDriver(&test_driver);
}
