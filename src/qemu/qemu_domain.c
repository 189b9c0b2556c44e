/*
 * qemu_domain.c: per-domain runtime data, the job slot, files
 */
#include "internal.h"

#include "qemu/qemu_domain.h"
#include "conf/domain_obj.h"
#include "util/virbuffer.h"
#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How long a caller waits for another job on the same domain. */
#define QEMU_JOB_WAIT_US (30 * G_USEC_PER_SEC)

static void
private_free(gpointer data)
{
    qemuDomainObjPrivate *priv = data;

    if (!priv)
        return;
    /* A monitor outlives its domain object only by mistake: close it. */
    qemuMonitorClose(priv->mon);
    g_cond_clear(&priv->job_cond);
    g_free(priv->run_dir);
    g_free(priv->monitor_path);
    g_free(priv->pid_path);
    g_free(priv->log_path);
    g_free(priv->status_path);
    g_free(priv->start_loadvm);
    g_free(priv->start_incoming);
    virDomainBackupDefFree(priv->backup);
    /* it serves a job that outlives this process: left running */
    qemuStorageDaemonDetach(priv->storage);
    g_free(priv);
}

qemuDomainObjPrivate *
qemuDomainObjPrivateGet(qemuDriver *driver, virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    if (priv)
        return priv;
    priv = g_new0(qemuDomainObjPrivate, 1);
    priv->driver = driver;
    g_cond_init(&priv->job_cond);
    vm->privateData = priv;
    vm->privateDataFree = private_free;
    return priv;
}

int
qemuDomainObjBeginJob(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    gint64 deadline = g_get_monotonic_time() + QEMU_JOB_WAIT_US;

    while (priv->job) {
        if (!g_cond_wait_until(&priv->job_cond, &vm->lock, deadline)) {
            virReportError(VIR_ERR_OPERATION_TIMEOUT, "%s",
                           "cannot acquire state change lock");
            return -1;
        }
    }
    priv->job = true;
    return 0;
}

void
qemuDomainObjEndJob(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    priv->job = false;
    g_cond_broadcast(&priv->job_cond);
}

qemuMonitor *
qemuDomainObjEnterMonitor(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    qemuMonitor *mon = virDomainObjIsActive(vm) || !priv->storage ? priv->mon :
                       priv->storage->mon;

    priv->in_monitor = true;
    virDomainObjUnlock(vm);
    return mon;
}

int
qemuDomainObjExitMonitor(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    virDomainObjLock(vm);
    priv->in_monitor = false;
    if (!virDomainObjIsActive(vm) && priv->storage) {
        if (!qemuStorageDaemonAlive(priv->storage)) {
            virReportError(VIR_ERR_OPERATION_FAILED,
                           "qemu-storage-daemon of domain '%s' is gone", vm->def->name);
            return -1;
        }
    } else if (!virDomainObjIsActive(vm)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                       "domain is no longer running");
        return -1;
    }
    return 0;
}

bool
qemuDomainObjHasMonitor(virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    /* a running domain whose monitor is closed (the driver going away)
     * has none to talk to */
    return (virDomainObjIsActive(vm) && priv->mon) || qemuStorageDaemonAlive(priv->storage);
}

char *
qemuDomainConfigPath(qemuDriver *driver, const char *name)
{
    g_autofree char *enc = virFileEncodeName(name);
    g_autofree char *file = g_strconcat(enc, ".xml", NULL);

    return g_build_filename(driver->cfg->domain_dir, file, NULL);
}

char *
qemuDomainRunDir(qemuDriver *driver, const char *name)
{
    g_autofree char *enc = virFileEncodeName(name);

    return g_build_filename(driver->cfg->run_dir, enc, NULL);
}

char *
qemuDomainCheckpointDir(qemuDriver *driver, const char *name)
{
    g_autofree char *enc = virFileEncodeName(name);

    return g_build_filename(driver->cfg->checkpoint_dir, enc, NULL);
}

char *
qemuDomainSnapshotDir(qemuDriver *driver, const char *name)
{
    g_autofree char *enc = virFileEncodeName(name);

    return g_build_filename(driver->cfg->snapshot_dir, enc, NULL);
}

char *
qemuDomainMomentFile(const char *dir, const char *name)
{
    g_autofree char *enc = virFileEncodeName(name);
    g_autofree char *file = g_strconcat(enc, ".xml", NULL);

    return g_build_filename(dir, file, NULL);
}

int
qemuDomainWriteMomentFile(const char *dir, const char *name, const char *xml)
{
    g_autofree char *path = qemuDomainMomentFile(dir, name);

    if (virFileMakePath(dir) < 0)
        return -1;
    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}

int
qemuDomainSaveConfig(qemuDriver *driver, const virDomainDef *def)
{
    g_autofree char *path = qemuDomainConfigPath(driver, def->name);
    g_autofree char *xml = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_SECURE |
                                                   VIR_DOMAIN_DEF_FORMAT_INACTIVE);

    if (virFileMakePath(driver->cfg->domain_dir) < 0)
        return -1;
    return virFileWriteAtomic(path, xml, strlen(xml), 0600);
}

int
qemuDomainDeleteConfig(qemuDriver *driver, const char *name)
{
    g_autofree char *path = qemuDomainConfigPath(driver, name);

    return virFileRemoveDurable(path);
}

int
qemuDomainSaveStatus(qemuDriver *driver, virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_auto(virBuffer) buf = VIR_BUFFER_INITIALIZER;
    g_autofree char *xml = NULL;

    /* the taint flags outlive the process too, as libvirt's <taint/> */
    virBufferAsprintf(&buf, "<domstatus state='%d' reason='%d' pid='%lld' taint='%u'>\n",
                      vm->state, vm->reason, (long long)priv->pid, vm->taint);
    virBufferAdjustIndent(&buf, 2);
    virDomainDefFormatBuf(&buf, vm->def,
                          VIR_DOMAIN_DEF_FORMAT_SECURE | VIR_DOMAIN_DEF_FORMAT_STATUS);
    virBufferAdjustIndent(&buf, -2);
    virBufferAddLit(&buf, "</domstatus>\n");
    xml = virBufferContentAndReset(&buf);
    return virFileWriteAtomic(priv->status_path, xml, strlen(xml), 0600);
}

qemuDriver *
qemuDriverFromConn(virConnectPtr conn)
{
    return conn->privateData;
}

virDomainObj *
qemuDomObjFromDomain(virDomainPtr domain)
{
    qemuDriver *driver = qemuDriverFromConn(domain->conn);
    virDomainObj *vm = virDomainObjListFindByDomain(driver->domains, domain, VIR_FROM_THIS);

    if (vm)
        qemuDomainObjPrivateGet(driver, vm);
    return vm;
}
