/*
 * qemu_driver.c: the qemu driver's connections and domains
 *
 * qemu:///embed?root=DIR runs the driver inside the calling process
 * with all state under DIR; every connection of a process to the same
 * root shares one driver. One process at a time has a root open: the
 * driver holds the lock of DIR/run/qemu/driver.pid from the first open
 * to the last close (libvirt holds it until the process ends, as its
 * driver state lives that long). Checkpoint methods live in
 * qemu_checkpoint.c.
 */
#include "internal.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "qemu/qemu_driver.h"
#include "conf/domain_obj.h"
#include <tidemark/tidemark-qemu.h>
#include "qemu/qemu_agent.h"
#include "qemu/qemu_backup.h"
#include "qemu/qemu_backup_offline.h"
#include "qemu/qemu_capabilities.h"
#include "qemu/qemu_checkpoint.h"
#include "qemu/qemu_snapshot.h"
#include "qemu/qemu_command.h"
#include "qemu/qemu_postparse.h"
#include "qemu/qemu_process.h"
#include "util/virfault.h"
#include "util/virfile.h"
#include "util/virhostname.h"
#include "util/virpidfile.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* root -> qemuDriver, for embedded drivers of this process */
static GMutex embed_lock;
static GHashTable *embed_drivers;
/* set by tidemarkd: qemu:///session and qemu:///system are then served
 * here, by a driver that lives as long as the process */
static gint daemon_mode;

static void
driver_free(qemuDriver *driver)
{
    if (!driver)
        return;
    /* Monitors hold references to their domains: close them before the
     * list goes. QEMU itself keeps running, as libvirt's does. */
    if (driver->domains) {
        GPtrArray *vms = virDomainObjListCollect(driver->domains);

        for (size_t i = 0; i < vms->len; i++) {
            virDomainObj *vm = vms->pdata[i];
            qemuDomainObjPrivate *priv;

            virDomainObjLock(vm);
            if ((priv = vm->privateData)) {
                /* the event worker may be talking to QEMU (settling a
                 * backup job): the monitor closes after it is done */
                bool slot = qemuDomainObjBeginJob(vm) == 0;

                qemuProcessDetach(priv);
                if (slot)
                    qemuDomainObjEndJob(vm);
                else
                    virResetLastError();
            }
            virDomainObjUnlock(vm);
        }
        virDomainObjListUnrefAll(vms);
    }
    if (driver->workers)
        g_thread_pool_free(driver->workers, FALSE, TRUE);
    virDomainEventStateFree(driver->events);
    virDomainObjListFree(driver->domains);
    if (driver->machines)
        g_ptr_array_unref(driver->machines);
    /* last: nothing of this driver touches the root any more */
    virPidFileReleasePath(driver->cfg->lock_file, driver->lock_fd);
    qemuDriverConfigFree(driver->cfg);
    g_mutex_clear(&driver->lock);
    g_free(driver);
}

/* ---- loading what an earlier process left ---- */

static int
load_config(qemuDriver *driver, const char *path)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(GError) err = NULL;
    virDomainObj *vm;

    if (!g_file_get_contents(path, &xml, NULL, &err)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "cannot read '%s': %s",
                       path, err->message);
        return -1;
    }
    if (!(def = virDomainDefParseString(xml, &driver->xmlopt,
                                        VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        return -1;
    if (!(vm = virDomainObjListAdd(driver->domains, &def, 0, NULL)))
        return -1;
    vm->persistent = true;
    qemuDomainObjPrivateGet(driver, vm);
    virDomainObjEndAPI(&vm);
    return 0;
}

/* A status file: <domstatus state reason pid> + the live definition. */
static int
load_status(qemuDriver *driver, const char *path)
{
    g_autofree char *xml = NULL;
    g_autoptr(virDomainDef) def = NULL;
    g_autofree char *state = NULL;
    g_autofree char *reason = NULL;
    g_autofree char *pid = NULL;
    g_autofree char *taint = NULL;
    xmlDocPtr doc;
    xmlNodePtr root;
    xmlNodePtr domain;
    virDomainObj *vm;
    qemuDomainObjPrivate *priv;

    if (!g_file_get_contents(path, &xml, NULL, NULL))
        return 0;
    if (!(doc = virXMLParse(VIR_FROM_QEMU, xml, path, "domstatus", NULL, false, NULL)))
        return -1;
    root = xmlDocGetRootElement(doc);
    domain = root ? virXMLChildElement(root, "domain") : NULL;
    if (!domain) {
        xmlFreeDoc(doc);
        virReportError(VIR_ERR_INTERNAL_ERROR, "no domain in status file '%s'", path);
        return -1;
    }
    state = virXMLPropString(root, "state");
    reason = virXMLPropString(root, "reason");
    pid = virXMLPropString(root, "pid");
    taint = virXMLPropString(root, "taint");
    /* the live definition: its id and live state are part of it */
    def = virDomainDefParseNode(domain, &driver->xmlopt, 0);
    xmlFreeDoc(doc);
    if (!def)
        return -1;

    if ((vm = virDomainObjListFindByUUID(driver->domains, def->uuid))) {
        /* persistent: its config is the one of domains/, the live one
         * is what runs */
        vm->new_def = g_steal_pointer(&vm->def);
        vm->def = g_steal_pointer(&def);
        virDomainObjDefChanged(vm);
    } else if (!(vm = virDomainObjListAdd(driver->domains, &def, 0, NULL))) {
        return -1;
    }
    priv = qemuDomainObjPrivateGet(driver, vm);
    priv->pid = pid ? (pid_t)g_ascii_strtoll(pid, NULL, 10) : 0;
    vm->taint = taint ? (unsigned int)g_ascii_strtoull(taint, NULL, 10) : 0;
    virDomainObjSetState(vm, state ? atoi(state) : VIR_DOMAIN_RUNNING,
                         reason ? atoi(reason) : 0);
    qemuProcessReconnect(driver, vm);
    if (!virDomainObjIsActive(vm) && !vm->persistent)
        virDomainObjListRemove(driver->domains, vm);
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
load_dir(const char *dir, const char *suffix, bool subdirs,
         int (*load)(qemuDriver *, const char *), qemuDriver *driver)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    if (!d)
        return 0;
    while ((entry = g_dir_read_name(d))) {
        g_autofree char *path = subdirs ?
            g_build_filename(dir, entry, suffix, NULL) :
            g_build_filename(dir, entry, NULL);

        if (!subdirs && !g_str_has_suffix(entry, suffix))
            continue;
        if (subdirs && !g_file_test(path, G_FILE_TEST_EXISTS))
            continue;
        if (load(driver, path) < 0) {
            /* one bad file must not hide the others: report and go on */
            g_printerr("tidemark: cannot load '%s': %s\n", path,
                       virGetLastErrorMessage());
            virResetLastError();
        }
    }
    return 0;
}

/* Takes @cfg_in (freed on failure too). */
static qemuDriver *
driver_open(qemuDriverConfig *cfg_in)
{
    g_autoptr(qemuDriverConfig) cfg = cfg_in;
    g_autofree char *lock_dir = NULL;
    qemuDriver *driver;
    GPtrArray *vms;
    int lock_fd;

    if (!cfg)
        return NULL;
    lock_dir = g_path_get_dirname(cfg->lock_file);
    if (virFileMakePath(cfg->root) < 0 || virFileMakePath(cfg->run_dir) < 0 ||
        virFileMakePath(lock_dir) < 0 || virFileMakePath(cfg->cache_dir) < 0)
        return NULL;
    /* before anything is loaded: what another process has open (its
     * running QEMUs, its half-done jobs) is not ours to reconcile */
    if ((lock_fd = virPidFileAcquirePath(cfg->lock_file, getpid())) < 0)
        return NULL;

    driver = g_new0(qemuDriver, 1);
    driver->lock_fd = lock_fd;
    g_mutex_init(&driver->lock);
    driver->next_id = 1;
    driver->cfg = g_steal_pointer(&cfg);
    driver->domains = virDomainObjListNew();
    driver->events = virDomainEventStateNew();
    driver->xmlopt.default_arch = "x86_64";
    driver->xmlopt.post_parse = qemuDomainDefPostParse;
    driver->xmlopt.assign_addresses = qemuDomainDefAssignAddresses;
    driver->xmlopt.opaque = driver;
    qemuProcessInitWorkers(driver);

    load_dir(driver->cfg->domain_dir, ".xml", false, load_config, driver);
    load_dir(driver->cfg->run_dir, "status.xml", true, load_status, driver);
    qemuProcessCleanupUnfinished(driver);

    vms = virDomainObjListCollect(driver->domains);
    for (size_t i = 0; i < vms->len; i++) {
        virDomainObj *vm = vms->pdata[i];

        virDomainObjLock(vm);
        qemuCheckpointLoadAll(driver, vm);
        qemuSnapshotLoadAll(driver, vm);
        qemuBackupOfflineLoad(vm);
        virDomainObjUnlock(vm);
    }
    virDomainObjListUnrefAll(vms);
    return driver;
}

/* ---- connections ---- */

void
qemuDriverSetDaemonMode(void)
{
    g_atomic_int_set(&daemon_mode, 1);
}

unsigned int
qemuDriverCountActiveDomains(void)
{
    GHashTableIter iter;
    gpointer value;
    unsigned int active = 0;

    g_mutex_lock(&embed_lock);
    if (embed_drivers) {
        g_hash_table_iter_init(&iter, embed_drivers);
        while (g_hash_table_iter_next(&iter, NULL, &value)) {
            qemuDriver *driver = value;
            GPtrArray *vms = virDomainObjListCollect(driver->domains);

            for (size_t i = 0; i < vms->len; i++) {
                virDomainObj *vm = vms->pdata[i];

                virDomainObjLock(vm);
                active += virDomainObjIsActive(vm);
                virDomainObjUnlock(vm);
            }
            virDomainObjListUnrefAll(vms);
        }
    }
    g_mutex_unlock(&embed_lock);
    return active;
}

static char *
embed_root(GUri *uri)
{
    const char *query = g_uri_get_query(uri);
    g_autoptr(GHashTable) params = NULL;
    const char *root;

    if (!query || !(params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_NONE, NULL)) ||
        !(root = g_hash_table_lookup(params, "root"))) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "root parameter is missing for embedded driver");
        return NULL;
    }
    return g_strdup(root);
}

static int
qemuConnectOpen(virConnectPtr conn, const char *uri G_GNUC_UNUSED,
                unsigned int flags G_GNUC_UNUSED)
{
    g_autofree char *root = NULL;
    g_autofree char *key = NULL;
    g_autoptr(qemuDriverConfig) cfg = NULL;
    qemuDriver *driver;
    const char *path;

    if (!conn->guri || STRNEQ(g_uri_get_scheme(conn->guri), "qemu"))
        return VIR_DRV_OPEN_DECLINED;
    if (g_uri_get_host(conn->guri) && *g_uri_get_host(conn->guri))
        return VIR_DRV_OPEN_DECLINED;   /* remote */
    path = g_uri_get_path(conn->guri);
    if (path && (STREQ(path, "/session") || STREQ(path, "/system"))) {
        /* a client's session/system go to tidemarkd (the remote driver) */
        if (!g_atomic_int_get(&daemon_mode))
            return VIR_DRV_OPEN_DECLINED;
        /* libvirt's check: root may name either (its /session is the
         * system driver), a user only /session */
        if (geteuid() != 0 && STRNEQ(path, "/session")) {
            virReportErrorHelper(VIR_FROM_NONE, VIR_ERR_INTERNAL_ERROR, __FILE__, __func__,
                                 __LINE__, "unexpected qemu URI path '%s', try qemu:///session",
                                 path);
            return VIR_DRV_OPEN_ERROR;
        }
        if (!(cfg = qemuDriverConfigNewDaemon(geteuid() == 0)))
            return VIR_DRV_OPEN_ERROR;
        key = g_strdup(cfg->root);
    } else if (!path || STRNEQ(path, "/embed")) {
        return VIR_DRV_OPEN_DECLINED;
    } else {
        if (!(root = embed_root(conn->guri)))
            return VIR_DRV_OPEN_ERROR;
        if (!g_path_is_absolute(root)) {
            virReportError(VIR_ERR_INVALID_ARG,
                           "root path must be absolute: '%s'", root);
            return VIR_DRV_OPEN_ERROR;
        }
        key = g_canonicalize_filename(root, NULL);
    }

    g_mutex_lock(&embed_lock);
    if (!embed_drivers)
        embed_drivers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (!(driver = g_hash_table_lookup(embed_drivers, key))) {
        if (!cfg && !(cfg = qemuDriverConfigNewEmbed(key))) {
            g_mutex_unlock(&embed_lock);
            return VIR_DRV_OPEN_ERROR;
        }
        if (!(driver = driver_open(g_steal_pointer(&cfg)))) {
            g_mutex_unlock(&embed_lock);
            return VIR_DRV_OPEN_ERROR;
        }
        driver->daemon_owned = !root;
        g_hash_table_insert(embed_drivers, g_strdup(key), driver);
    }
    driver->connections++;
    conn->privateData = driver;
    g_mutex_unlock(&embed_lock);
    return VIR_DRV_OPEN_SUCCESS;
}

static int
qemuConnectClose(virConnectPtr conn)
{
    qemuDriver *driver = conn->privateData;

    conn->privateData = NULL;
    if (!driver)
        return 0;
    virDomainEventStateConnectionClosed(driver->events, conn);
    g_mutex_lock(&embed_lock);
    /* the daemon's own driver stays, as libvirtd's drivers live as long
     * as the daemon: its running domains keep being watched */
    if (--driver->connections == 0 && !driver->daemon_owned) {
        g_hash_table_remove(embed_drivers, driver->cfg->root);
        g_mutex_unlock(&embed_lock);
        driver_free(driver);
        return 0;
    }
    g_mutex_unlock(&embed_lock);
    return 0;
}

static int
qemuConnectIsAlive(virConnectPtr conn G_GNUC_UNUSED)
{
    return 1;
}

static int
qemuConnectGetVersion(virConnectPtr conn, unsigned long *hvVer)
{
    return qemuCapsVersion(qemuDriverFromConn(conn), hvVer);
}

static char *
qemuConnectGetHostname(virConnectPtr conn G_GNUC_UNUSED)
{
    return virGetHostname();
}

static int
qemuConnectListAllDomains(virConnectPtr conn, virDomainPtr **domains,
                          unsigned int flags)
{
    virCheckFlags(VIR_CONNECT_LIST_DOMAINS_FILTERS_ALL, -1);
    return virDomainObjListExport(qemuDriverFromConn(conn)->domains, conn,
                                  domains, flags);
}

/* ---- domains ---- */

static virDomainPtr
qemuDomainLookupByName(virConnectPtr conn, const char *name)
{
    virDomainObj *vm = virDomainObjListFindByName(qemuDriverFromConn(conn)->domains, name);

    if (!vm) {
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching name '%s'", name);
        return NULL;
    }
    return virDomainObjAPIHandle(conn, vm, VIR_FROM_THIS);
}

static virDomainPtr
qemuDomainLookupByUUID(virConnectPtr conn, const unsigned char *uuid)
{
    virDomainObj *vm = virDomainObjListFindByUUID(qemuDriverFromConn(conn)->domains, uuid);

    if (!vm) {
        char uuidstr[VIR_UUID_STRING_BUFLEN];

        virUUIDFormat(uuid, uuidstr);
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching uuid '%s'", uuidstr);
        return NULL;
    }
    return virDomainObjAPIHandle(conn, vm, VIR_FROM_THIS);
}

static virDomainPtr
qemuDomainLookupByID(virConnectPtr conn, int id)
{
    virDomainObj *vm = virDomainObjListFindByID(qemuDriverFromConn(conn)->domains, id);

    if (!vm) {
        virReportError(VIR_ERR_NO_DOMAIN, "no domain with matching id %d", id);
        return NULL;
    }
    return virDomainObjAPIHandle(conn, vm, VIR_FROM_THIS);
}

static int
check_name(const virDomainDef *def)
{
    if (strchr(def->name, '/')) {
        virReportError(VIR_ERR_XML_DETAIL, "name %s cannot contain '/'", def->name);
        return -1;
    }
    if (strchr(def->name, '\n')) {
        virReportError(VIR_ERR_XML_DETAIL, "name %s cannot contain '\\n'", def->name);
        return -1;
    }
    return 0;
}

/* A new definition of the domain with @def's uuid must not replace the
 * one a backup job of the shut-off domain runs on (its node names come
 * from it), and a start with it must not take the job's disks. */
static int
check_not_in_backup(qemuDriver *driver, const virDomainDef *def)
{
    virDomainObj *vm = virDomainObjListFindByUUID(driver->domains, def->uuid);
    int ret = 0;

    if (!vm)
        return 0;
    if (vm->privateData && ((qemuDomainObjPrivate *)vm->privateData)->storage) {
        if ((ret = qemuDomainObjBeginJob(vm)) == 0) {
            ret = qemuBackupOfflineCheckIdle(vm);
            qemuDomainObjEndJob(vm);
        }
    }
    virDomainObjEndAPI(&vm);
    return ret;
}

static virDomainPtr
qemuDomainDefineXMLFlags(virConnectPtr conn, const char *xml, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(conn);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virDomainDef) old_def = NULL;
    unsigned int parse_flags = VIR_DOMAIN_DEF_PARSE_INACTIVE;
    virDomainObj *vm;
    virDomainPtr dom = NULL;
    bool was_persistent;

    virCheckFlags(VIR_DOMAIN_DEFINE_VALIDATE, NULL);
    if (flags & VIR_DOMAIN_DEFINE_VALIDATE)
        parse_flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;

    if (!(def = virDomainDefParseString(xml, &driver->xmlopt, parse_flags)))
        return NULL;
    if (check_name(def) < 0 || check_not_in_backup(driver, def) < 0)
        return NULL;
    /* the list first: its uniqueness checks must refuse a clash before
     * the config file of the domain already defined is overwritten */
    if (!(vm = virDomainObjListAdd(driver->domains, &def, 0, &old_def)))
        return NULL;
    if (qemuDomainSaveConfig(driver, virDomainObjGetPersistentDef(vm)) < 0) {
        /* undone: the definition before, or no domain at all */
        if (virDomainObjIsActive(vm)) {
            virDomainDefFree(vm->new_def);
            vm->new_def = g_steal_pointer(&old_def);
        } else if (old_def) {
            virDomainDefFree(vm->def);
            vm->def = g_steal_pointer(&old_def);
            virDomainObjDefChanged(vm);
        } else {
            virDomainObjListRemove(driver->domains, vm);
        }
        virDomainObjEndAPI(&vm);
        return NULL;
    }
    virFaultPoint("domain-define-after-config");
    was_persistent = vm->persistent;
    vm->persistent = true;
    qemuDomainObjPrivateGet(driver, vm);
    dom = virGetDomain(conn, vm->def->name, vm->def->uuid, vm->def->id);
    qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_DEFINED,
                            old_def || was_persistent ? VIR_DOMAIN_EVENT_DEFINED_UPDATED :
                                                        VIR_DOMAIN_EVENT_DEFINED_ADDED);
    virDomainObjEndAPI(&vm);
    return dom;
}

static virDomainPtr
qemuDomainDefineXML(virConnectPtr conn, const char *xml)
{
    return qemuDomainDefineXMLFlags(conn, xml, 0);
}

static int
qemuDomainUndefineFlags(virDomainPtr domain, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;
    int n;

    virCheckFlags(VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                  VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                  VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (!vm->persistent) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s",
                       "cannot undefine transient domain");
        goto endjob;
    }
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        goto endjob;
    if (!virDomainObjIsActive(vm) &&
        (n = (int)virDomainMomentObjListSize(vm->snapshots)) > 0) {
        if (!(flags & VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "cannot delete inactive domain with %d snapshots", n);
            goto endjob;
        }
        if (qemuSnapshotDiscardAllMetadata(driver, vm) < 0)
            goto endjob;
    }
    if (!virDomainObjIsActive(vm) &&
        (n = (int)virDomainMomentObjListSize(vm->checkpoints)) > 0) {
        if (!(flags & VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA)) {
            virReportError(VIR_ERR_OPERATION_INVALID,
                           "cannot delete inactive domain with %d checkpoints", n);
            goto endjob;
        }
        if (qemuCheckpointDiscardAllMetadata(driver, vm) < 0)
            goto endjob;
    }
    if (qemuDomainDeleteConfig(driver, vm->def->name) < 0)
        goto endjob;
    qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_UNDEFINED,
                            VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
    if (virDomainObjIsActive(vm)) {
        /* keeps running as a transient domain; its config is gone */
        vm->persistent = false;
        virDomainDefFree(g_steal_pointer(&vm->new_def));
    } else {
        qemuDomainObjEndJob(vm);
        virDomainObjListRemove(driver->domains, vm);
        virDomainObjEndAPI(&vm);
        return 0;
    }
    ret = 0;

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainUndefine(virDomainPtr domain)
{
    return qemuDomainUndefineFlags(domain, 0);
}

/* Starts @vm (locked, job held): the config becomes the live
 * definition, the config itself is kept aside for the stop. */
static int
start_domain(qemuDriver *driver, virDomainObj *vm, bool paused)
{
    if (qemuBackupOfflineCheckIdle(vm) < 0)
        return -1;
    if (vm->persistent && !vm->new_def &&
        !(vm->new_def = virDomainDefCopy(vm->def, &driver->xmlopt)))
        return -1;
    if (qemuProcessStart(driver, vm, paused) < 0) {
        virDomainObjStopped(vm);
        return -1;
    }
    return 0;
}

static int
qemuDomainCreateWithFlags(virDomainPtr domain, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_START_PAUSED, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainObjIsActive(vm)) {
        virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is already running");
    } else if (start_domain(driver, vm, flags & VIR_DOMAIN_START_PAUSED) == 0) {
        domain->id = vm->def->id;
        ret = 0;
    }
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainCreate(virDomainPtr domain)
{
    return qemuDomainCreateWithFlags(domain, 0);
}

static virDomainPtr
qemuDomainCreateXML(virConnectPtr conn, const char *xml, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(conn);
    g_autoptr(virDomainDef) def = NULL;
    unsigned int parse_flags = VIR_DOMAIN_DEF_PARSE_INACTIVE;
    virDomainObj *vm;
    virDomainPtr dom = NULL;

    virCheckFlags(VIR_DOMAIN_START_PAUSED | VIR_DOMAIN_START_VALIDATE, NULL);
    if (flags & VIR_DOMAIN_START_VALIDATE)
        parse_flags |= VIR_DOMAIN_DEF_PARSE_VALIDATE_SCHEMA;
    if (!(def = virDomainDefParseString(xml, &driver->xmlopt, parse_flags)))
        return NULL;
    if (check_name(def) < 0 || check_not_in_backup(driver, def) < 0)
        return NULL;
    if (!(vm = virDomainObjListAdd(driver->domains, &def,
                                   VIR_DOMAIN_OBJ_LIST_ADD_CHECK_LIVE, NULL)))
        return NULL;
    qemuDomainObjPrivateGet(driver, vm);
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (start_domain(driver, vm, flags & VIR_DOMAIN_START_PAUSED) == 0)
        dom = virGetDomain(conn, vm->def->name, vm->def->uuid, vm->def->id);
    qemuDomainObjEndJob(vm);
    if (!dom && !vm->persistent)
        virDomainObjListRemove(driver->domains, vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return dom;
}

static int
qemuDomainDestroyFlags(virDomainPtr domain, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_DESTROY_GRACEFUL, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainObjCheckActive(vm) == 0 &&
        qemuProcessStop(driver, vm, VIR_DOMAIN_SHUTOFF_DESTROYED,
                        flags & VIR_DOMAIN_DESTROY_GRACEFUL) == 0) {
        /* the handle keeps its id, as libvirt's qemu driver leaves it */
        qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_STOPPED,
                                VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
        ret = 0;
    }
    qemuDomainObjEndJob(vm);
    if (ret == 0 && !vm->persistent)
        virDomainObjListRemove(driver->domains, vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainDestroy(virDomainPtr domain)
{
    return qemuDomainDestroyFlags(domain, 0);
}

static int
qemuDomainShutdownFlags(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainObjCheckActive(vm) == 0) {
        qemuMonitor *mon = qemuDomainObjEnterMonitor(vm);
        g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand("system_powerdown", NULL);
        int rc = qemuMonitorCommand(mon, cmd, NULL);

        if (qemuDomainObjExitMonitor(vm) == 0 && rc == 0)
            ret = 0;
    }
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainShutdown(virDomainPtr domain)
{
    return qemuDomainShutdownFlags(domain, 0);
}

/* suspend/resume: "stop"/"cont", and the state and event they mean */
static int
pause_or_resume(virDomainPtr domain, bool pause)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    virDomainObj *vm;
    int ret = -1;

    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainObjCheckActive(vm) == 0) {
        qemuDomainObjPrivate *priv = vm->privateData;
        qemuMonitor *mon;
        g_autoptr(virJSONValue) cmd = NULL;
        int rc;

        if (!pause && vm->state == VIR_DOMAIN_PMSUSPENDED) {
            virReportError(VIR_ERR_OPERATION_INVALID, "%s", "domain is pmsuspended");
            goto endjob;
        }
        if (pause && vm->state == VIR_DOMAIN_PAUSED) {
            ret = 0;                    /* libvirt: nothing to do */
            goto endjob;
        }
        cmd = qemuMonitorNewCommand(pause ? "stop" : "cont", NULL);
        /* the STOP/RESUME QEMU sends back is this call's: told once, here */
        g_atomic_int_set(&priv->changing_cpus, 1);
        mon = qemuDomainObjEnterMonitor(vm);
        rc = qemuMonitorCommand(mon, cmd, NULL);
        if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0) {
            g_atomic_int_set(&priv->changing_cpus, 0);
            goto endjob;
        }
        if (pause) {
            virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_SUSPENDED,
                                    VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        } else {
            virDomainObjSetState(vm, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
            qemuDriverEmitLifecycle(driver, vm, VIR_DOMAIN_EVENT_RESUMED,
                                    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        }
        g_atomic_int_set(&priv->changing_cpus, 0);
        ret = qemuDomainSaveStatus(driver, vm);
    }
 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

static int
qemuDomainSuspend(virDomainPtr domain)
{
    return pause_or_resume(domain, true);
}

static int
qemuDomainResume(virDomainPtr domain)
{
    return pause_or_resume(domain, false);
}

static char *
qemuDomainGetXMLDesc(virDomainPtr domain, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    virDomainObj *vm;
    virDomainDef *def;
    unsigned int format_flags = 0;
    char *xml;

    virCheckFlags(VIR_DOMAIN_XML_SECURE | VIR_DOMAIN_XML_INACTIVE |
                  VIR_DOMAIN_XML_MIGRATABLE, NULL);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    if (flags & VIR_DOMAIN_XML_SECURE)
        format_flags |= VIR_DOMAIN_DEF_FORMAT_SECURE;
    if (flags & VIR_DOMAIN_XML_INACTIVE)
        format_flags |= VIR_DOMAIN_DEF_FORMAT_INACTIVE;
    if (flags & VIR_DOMAIN_XML_MIGRATABLE)
        format_flags |= VIR_DOMAIN_DEF_FORMAT_MIGRATABLE;
    def = (flags & VIR_DOMAIN_XML_INACTIVE) ? virDomainObjGetPersistentDef(vm) : vm->def;
    if (flags & VIR_DOMAIN_XML_MIGRATABLE)
        xml = qemuDomainDefFormatMigratable(driver, def, format_flags);
    else
        xml = virDomainDefFormat(def, format_flags);
    virDomainObjEndAPI(&vm);
    return xml;
}

/* CPU time of a running QEMU from /proc, in nanoseconds. */
static unsigned long long
cpu_time(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/stat", (long long)pid);
    g_autofree char *stat = NULL;
    g_auto(GStrv) fields = NULL;
    const char *rest;
    long hz = sysconf(_SC_CLK_TCK);

    if (pid <= 0 || !g_file_get_contents(path, &stat, NULL, NULL) ||
        !(rest = strrchr(stat, ')')))
        return 0;
    fields = g_strsplit(rest + 2, " ", 0);
    /* after the command: state is field 3; utime 14 and stime 15 */
    if (g_strv_length(fields) < 13 || hz <= 0)
        return 0;
    return (g_ascii_strtoull(fields[11], NULL, 10) +
            g_ascii_strtoull(fields[12], NULL, 10)) * (1000000000ULL / hz);
}

static int
qemuDomainGetInfo(virDomainPtr domain, virDomainInfoPtr info)
{
    virDomainObj *vm;
    qemuDomainObjPrivate *priv;

    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    priv = vm->privateData;
    info->state = (unsigned char)vm->state;
    info->maxMem = vm->def->memory;
    info->memory = virDomainObjIsActive(vm) ? vm->def->cur_memory : vm->def->memory;
    info->nrVirtCpu = vm->def->vcpus;
    info->cpuTime = virDomainObjIsActive(vm) ? cpu_time(priv->pid) : 0;
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
qemuDomainGetState(virDomainPtr domain, int *state, int *reason, unsigned int flags)
{
    virCheckFlags(0, -1);
    return virDomainObjAPIGetState(qemuDomObjFromDomain(domain), state, reason);
}

static int
qemuDomainIsActive(virDomainPtr domain)
{
    return virDomainObjAPIIsActive(qemuDomObjFromDomain(domain));
}

static int
qemuDomainIsPersistent(virDomainPtr domain)
{
    return virDomainObjAPIIsPersistent(qemuDomObjFromDomain(domain));
}

static char *
qemuDomainGetOSType(virDomainPtr domain)
{
    virDomainObj *vm;
    char *type;

    if (!(vm = qemuDomObjFromDomain(domain)))
        return NULL;
    type = g_strdup(vm->def->os_type);
    virDomainObjEndAPI(&vm);
    return type;
}

static int
qemuDomainGetAutostart(virDomainPtr domain, int *autostart)
{
    virDomainObj *vm;

    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    *autostart = 0;
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
qemuDomainHasManagedSaveImage(virDomainPtr domain, unsigned int flags)
{
    virDomainObj *vm;

    virCheckFlags(0, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
qemuNodeGetSecurityModel(virConnectPtr conn G_GNUC_UNUSED,
                         virSecurityModelPtr secmodel)
{
    /* tidemark confines nothing: libvirt with security_driver = "none"
     * reports the model "none", DOI "0" (virsh dominfo prints them) */
    memset(secmodel, 0, sizeof(*secmodel));
    g_strlcpy(secmodel->model, "none", sizeof(secmodel->model));
    g_strlcpy(secmodel->doi, "0", sizeof(secmodel->doi));
    return 0;
}

static int
qemuDomainGetSecurityLabel(virDomainPtr domain, virSecurityLabelPtr seclabel)
{
    virDomainObj *vm;

    memset(seclabel, 0, sizeof(*seclabel));
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    virDomainObjEndAPI(&vm);
    return 0;
}

static int
qemuDomainGetMessages(virDomainPtr domain, char ***msgs, unsigned int flags)
{
    virCheckFlags(VIR_DOMAIN_MESSAGE_DEPRECATION | VIR_DOMAIN_MESSAGE_TAINTING, -1);
    return virDomainObjAPIGetMessages(qemuDomObjFromDomain(domain), msgs, flags);
}

/* ---- the command line ---- */

/* @arg quoted for a POSIX shell when it needs it, as libvirt prints. */
static void
append_shell_word(GString *out, const char *arg)
{
    if (*arg && !arg[strcspn(arg, "\t\n\r\"#$&'()*;<>?[\\]^`{|}~ ")]) {
        g_string_append(out, arg);
        return;
    }
    g_string_append_c(out, '\'');
    for (const char *p = arg; *p; p++) {
        if (*p == '\'')
            g_string_append(out, "'\\''");
        else
            g_string_append_c(out, *p);
    }
    g_string_append_c(out, '\'');
}

static char *
qemuConnectDomainXMLToNative(virConnectPtr conn, const char *format,
                             const char *xml, unsigned int flags)
{
    qemuDriver *driver = qemuDriverFromConn(conn);
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(GPtrArray) argv = NULL;
    g_autofree char *run_dir = NULL;
    g_autofree char *monitor = NULL;
    g_autofree char *pidfile = NULL;
    qemuCommandPaths paths;
    qemuCommandResult result;
    GString *out;

    virCheckFlags(0, NULL);
    if (STRNEQ(format, "qemu-argv")) {
        virReportError(VIR_ERR_INVALID_ARG, "unsupported config type %s", format);
        return NULL;
    }
    if (!(def = virDomainDefParseString(xml, &driver->xmlopt,
                                        VIR_DOMAIN_DEF_PARSE_INACTIVE)))
        return NULL;
    run_dir = qemuDomainRunDir(driver, def->name);
    monitor = g_build_filename(run_dir, "monitor.sock", NULL);
    pidfile = g_build_filename(run_dir, "qemu.pid", NULL);
    paths.monitor = monitor;
    paths.pidfile = pidfile;
    if (!(argv = qemuBuildCommandLine(def, &paths, driver->cfg->accel_override, &result)))
        return NULL;
    out = g_string_new(NULL);
    for (guint i = 0; i < argv->len; i++) {
        if (i)
            g_string_append_c(out, ' ');
        append_shell_word(out, g_ptr_array_index(argv, i));
    }
    /* no newline at the end: virsh prints the string as it is */
    return g_string_free(out, FALSE);
}

/* ---- the monitor, raw ---- */

static int
qemuDomainQemuMonitorCommand(virDomainPtr domain, const char *cmd, char **result,
                             unsigned int flags)
{
    virDomainObj *vm;
    g_autoptr(virJSONValue) command = NULL;
    g_autoptr(virJSONValue) reply = NULL;
    bool hmp = flags & VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP;
    int ret = -1;

    virCheckFlags(VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP, -1);
    if (!(vm = qemuDomObjFromDomain(domain)))
        return -1;
    if (qemuDomainObjBeginJob(vm) < 0)
        goto cleanup;
    if (virDomainObjCheckActive(vm) < 0)
        goto endjob;
    if (virDomainObjTaint(vm, VIR_DOMAIN_TAINT_CUSTOM_MONITOR)) {
        qemuProcessLogTaint(vm, "custom-monitor");
        /* a new process re-attaching must still say so */
        if (qemuDomainSaveStatus(qemuDriverFromConn(domain->conn), vm) < 0)
            goto endjob;
    }

    if (hmp) {
        g_autoptr(virJSONValue) args = virJSONValueNewObject();

        virJSONValueObjectAppendString(args, "command-line", cmd);
        command = qemuMonitorNewCommand("human-monitor-command", &args);
    } else {
        g_autofree char *why = NULL;

        if (!(command = virJSONValueFromString(cmd, &why))) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "cannot parse json %s: %s", cmd, why);
            goto endjob;
        }
    }

    {
        qemuMonitor *mon = qemuDomainObjEnterMonitor(vm);
        int rc = hmp ? qemuMonitorCommand(mon, command, &reply)
                     : qemuMonitorCommandPassthrough(mon, command, &reply);

        if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
            goto endjob;
    }
    *result = hmp ? g_strdup(NULLSTR(virJSONValueObjectGetString(reply, "return")))
                  : virJSONValueToString(reply, false);
    ret = 0;

 endjob:
    qemuDomainObjEndJob(vm);
 cleanup:
    virDomainObjEndAPI(&vm);
    return ret;
}

/* ---- events ---- */

void
qemuDriverEmitLifecycle(qemuDriver *driver, virDomainObj *vm, int event, int detail)
{
    virDomainEventStateQueueLifecycle(driver->events, vm->def->name, vm->def->uuid,
                                      vm->def->id, event, detail);
}

static int
qemuConnectDomainEventRegisterAny(virConnectPtr conn, virDomainPtr dom, int eventID,
                                  virConnectDomainEventGenericCallback callback,
                                  void *opaque, virFreeCallback freecb)
{
    return virDomainEventStateRegisterAny(qemuDriverFromConn(conn)->events, conn, dom,
                                          eventID, callback, opaque, freecb);
}

static int
qemuConnectDomainEventDeregisterAny(virConnectPtr conn, int callbackID)
{
    return virDomainEventStateDeregisterAny(qemuDriverFromConn(conn)->events, conn,
                                            callbackID);
}

static void
qemuConnectFlushEvents(virConnectPtr conn)
{
    virDomainEventStateFlush(qemuDriverFromConn(conn)->events);
}

static const char *const qemu_schemes[] = { "qemu", NULL };

static virConnectDriver qemu_driver = {
    .name = "QEMU",
    .uri_schemes = qemu_schemes,
    .connectOpen = qemuConnectOpen,
    .connectClose = qemuConnectClose,
    .connectIsAlive = qemuConnectIsAlive,
    .connectGetVersion = qemuConnectGetVersion,
    .connectGetHostname = qemuConnectGetHostname,
    .connectListAllDomains = qemuConnectListAllDomains,
    .domainLookupByName = qemuDomainLookupByName,
    .domainLookupByID = qemuDomainLookupByID,
    .domainLookupByUUID = qemuDomainLookupByUUID,
    .domainDefineXML = qemuDomainDefineXML,
    .domainDefineXMLFlags = qemuDomainDefineXMLFlags,
    .domainUndefine = qemuDomainUndefine,
    .domainUndefineFlags = qemuDomainUndefineFlags,
    .domainCreate = qemuDomainCreate,
    .domainCreateWithFlags = qemuDomainCreateWithFlags,
    .domainCreateXML = qemuDomainCreateXML,
    .domainDestroy = qemuDomainDestroy,
    .domainDestroyFlags = qemuDomainDestroyFlags,
    .domainShutdown = qemuDomainShutdown,
    .domainShutdownFlags = qemuDomainShutdownFlags,
    .domainSuspend = qemuDomainSuspend,
    .domainResume = qemuDomainResume,
    .domainGetXMLDesc = qemuDomainGetXMLDesc,
    .domainGetInfo = qemuDomainGetInfo,
    .domainGetState = qemuDomainGetState,
    .domainIsActive = qemuDomainIsActive,
    .domainIsPersistent = qemuDomainIsPersistent,
    .domainGetOSType = qemuDomainGetOSType,
    .domainGetAutostart = qemuDomainGetAutostart,
    .domainHasManagedSaveImage = qemuDomainHasManagedSaveImage,
    .domainGetSecurityLabel = qemuDomainGetSecurityLabel,
    .domainGetMessages = qemuDomainGetMessages,
    .domainQemuMonitorCommand = qemuDomainQemuMonitorCommand,
    .nodeGetSecurityModel = qemuNodeGetSecurityModel,
    .connectDomainXMLToNative = qemuConnectDomainXMLToNative,
    .connectDomainEventRegisterAny = qemuConnectDomainEventRegisterAny,
    .connectDomainEventDeregisterAny = qemuConnectDomainEventDeregisterAny,
    .connectFlushEvents = qemuConnectFlushEvents,
};

int
qemuRegister(void)
{
    qemuCheckpointMethods(&qemu_driver);
    qemuSnapshotMethods(&qemu_driver);
    qemuBackupMethods(&qemu_driver);
    qemuAgentMethods(&qemu_driver);
    qemuProcessSetLifecycleCallback(qemuDriverEmitLifecycle);
    return virRegisterConnectDriver(&qemu_driver);
}
