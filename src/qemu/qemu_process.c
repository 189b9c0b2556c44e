/*
 * qemu_process.c: QEMU processes of running domains
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "qemu/qemu_process.h"
#include "qemu/qemu_saveimage.h"
#include "qemu/qemu_backup.h"
#include "qemu/qemu_chain.h"
#include "qemu/qemu_checkpoint.h"
#include "qemu/qemu_command.h"
#include "qemu/qemu_process_live.h"
#include "util/virfault.h"
#include "util/virfile.h"
#include "util/virxml.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* How long QEMU gets to start listening, to answer a command, and to
 * go away after SIGTERM (libvirt waits 10 s before SIGKILL). */
#define QEMU_MONITOR_TIMEOUT_MS 30000
#define QEMU_TERM_WAIT_US (10 * G_USEC_PER_SEC)

/* Lifecycle event numbers (libvirt's virDomainEventType and details) */
#define EVENT_STARTED 2
#define EVENT_SUSPENDED 3
#define EVENT_RESUMED 4
#define EVENT_STOPPED 5
#define EVENT_SHUTDOWN 6
#define EVENT_STARTED_BOOTED 0
#define EVENT_SUSPENDED_PAUSED 0
#define EVENT_RESUMED_UNPAUSED 0
#define EVENT_STOPPED_SHUTDOWN 0
#define EVENT_STOPPED_DESTROYED 1
#define EVENT_STOPPED_FAILED 5
#define EVENT_SHUTDOWN_GUEST 1
#define EVENT_SHUTDOWN_HOST 2

static qemuProcessLifecycleCallback lifecycle_cb;

void
qemuProcessSetLifecycleCallback(qemuProcessLifecycleCallback cb)
{
    lifecycle_cb = cb;
}

static void
emit(qemuDriver *driver, virDomainObj *vm, int event, int detail)
{
    if (lifecycle_cb)
        lifecycle_cb(driver, vm, event, detail);
}

bool
qemuProcessAlive(pid_t pid)
{
    g_autofree char *path = NULL;
    g_autofree char *stat = NULL;
    const char *state;

    if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
        return false;
    /* QEMU is not our child: if nobody reaps it, it lingers as a zombie */
    path = g_strdup_printf("/proc/%lld/stat", (long long)pid);
    if (!g_file_get_contents(path, &stat, NULL, NULL))
        return false;
    state = strrchr(stat, ')');
    return !(state && state[1] == ' ' && (state[2] == 'Z' || state[2] == 'X'));
}

/* ---- monitor events, handled off the reader thread ---- */

typedef struct {
    qemuDriver *driver;
    virDomainObj *vm;           /* referenced */
    unsigned int generation;    /* of the QEMU that sent it */
    char *event;                /* NULL: the monitor connection ended */
} qemuProcessWork;

static void
work_free(qemuProcessWork *work)
{
    virDomainObjUnref(work->vm);
    g_free(work->event);
    g_free(work);
}

typedef struct {
    qemuDriver *driver;
    virDomainObj *vm;           /* a reference owned by the monitor */
    unsigned int generation;
} qemuMonitorOwner;

static void
queue_work(qemuMonitorOwner *owner, const char *event)
{
    qemuProcessWork *work = g_new0(qemuProcessWork, 1);

    work->driver = owner->driver;
    work->vm = virDomainObjRef(owner->vm);
    work->generation = owner->generation;
    work->event = g_strdup(event);
    g_thread_pool_push(owner->driver->workers, work, NULL);
}

static void
monitor_event(qemuMonitor *mon, const char *name, virJSONValue *data,
              long long seconds, long long micros, void *opaque)
{
    qemuMonitorOwner *owner = opaque;
    long long actual;

    if (STREQ(name, "SHUTDOWN")) {
        qemuDomainObjPrivate *priv = owner->vm->privateData;
        bool guest = false;

        /* recorded right here, not by the worker: whoever stops the
         * domain after QEMU went away sees it (libvirt handles it
         * before the end of the connection, in order) */
        if (data)
            virJSONValueObjectGetBoolean(data, "guest", &guest);
        g_atomic_int_set(&priv->shutdown_seen,
                         guest ? QEMU_SHUTDOWN_GUEST : QEMU_SHUTDOWN_HOST);
        queue_work(opaque, name);
    } else if (STREQ(name, "STOP") || STREQ(name, "RESUME")) {
        qemuDomainObjPrivate *priv = owner->vm->privateData;

        /* QEMU tells the change before its reply to the command that
         * made it: one under way now is an API's, which tells it */
        if (!g_atomic_int_get(&priv->changing_cpus))
            queue_work(opaque, name);
    } else if (STREQ(name, "JOB_STATUS_CHANGE") && data &&
               STREQ_NULLABLE(virJSONValueObjectGetString(data, "status"), "concluded")) {
        /* a backup's copy ended: settled now, not by the next call */
        queue_work(opaque, "JOB_CONCLUDED");
    } else if (STREQ(name, "BALLOON_CHANGE") && data &&
               virJSONValueObjectGetNumberLong(data, "actual", &actual) == 0) {
        g_autofree char *event = g_strdup_printf("BALLOON_CHANGE %lld", actual);

        queue_work(opaque, event);
    }
}

static void
monitor_eof(qemuMonitor *mon, bool error, void *opaque)
{
    queue_work(opaque, NULL);
}

static const qemuMonitorCallbacks monitor_callbacks = {
    .event = monitor_event,
    .eof = monitor_eof,
};

/* Monitors are opened with a small owner record as their opaque; it
 * lives as long as the domain's private data keeps the monitor. */
static GHashTable *owners;       /* qemuMonitor* -> qemuMonitorOwner* */
static GMutex owners_lock;

static void
owner_free(gpointer data)
{
    qemuMonitorOwner *owner = data;

    virDomainObjUnref(owner->vm);
    g_free(owner);
}

static qemuMonitor *
open_monitor(qemuDriver *driver, virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    qemuMonitorOwner *owner = g_new0(qemuMonitorOwner, 1);
    qemuMonitor *mon;

    owner->driver = driver;
    owner->vm = virDomainObjRef(vm);
    owner->generation = priv->generation;
    mon = qemuMonitorOpen(priv->monitor_path, vm->def->name,
                          QEMU_MONITOR_TIMEOUT_MS, &monitor_callbacks, owner);
    if (!mon) {
        owner_free(owner);
        return NULL;
    }
    g_mutex_lock(&owners_lock);
    if (!owners)
        owners = g_hash_table_new_full(NULL, NULL, NULL, owner_free);
    g_hash_table_insert(owners, mon, owner);
    g_mutex_unlock(&owners_lock);
    return mon;
}

static void
close_monitor(qemuDomainObjPrivate *priv)
{
    qemuMonitor *mon = g_steal_pointer(&priv->mon);

    if (!mon)
        return;
    /* joins the reader thread: no callback can run after this */
    qemuMonitorClose(mon);
    g_mutex_lock(&owners_lock);
    g_hash_table_remove(owners, mon);
    g_mutex_unlock(&owners_lock);
}

/* Files of the run dir, and the dir itself. */
static void
remove_run_files(qemuDomainObjPrivate *priv)
{
    const char *files[] = { priv->monitor_path, priv->pid_path, priv->status_path };

    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        if (files[i])
            unlink(files[i]);
    }
    /* the log stays, as libvirt keeps it, for the next start to append to */
}

static void
set_paths(qemuDriver *driver, virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    g_free(priv->run_dir);
    g_free(priv->monitor_path);
    g_free(priv->pid_path);
    g_free(priv->log_path);
    g_free(priv->status_path);
    priv->run_dir = qemuDomainRunDir(driver, vm->def->name);
    priv->monitor_path = g_build_filename(priv->run_dir, "monitor.sock", NULL);
    priv->pid_path = g_build_filename(priv->run_dir, "qemu.pid", NULL);
    priv->log_path = g_build_filename(priv->run_dir, "qemu.log", NULL);
    priv->status_path = g_build_filename(priv->run_dir, "status.xml", NULL);
}

/* The domain is gone: bookkeeping shared by every way of stopping. */
static void
mark_stopped(qemuDriver *driver, virDomainObj *vm, int reason)
{
    qemuDomainObjPrivate *priv = vm->privateData;

    close_monitor(priv);
    qemuBackupDomainStopped(vm);
    remove_run_files(priv);
    qemuCheckpointSyncMetadata(driver, vm);
    priv->pid = 0;
    g_atomic_int_set(&priv->shutdown_seen, QEMU_SHUTDOWN_NONE);
    priv->stopping = false;
    vm->def->id = -1;
    /* what tainted the run ends with it, as in libvirt's qemuProcessStop */
    vm->taint = 0;
    virDomainObjStopped(vm);
    virDomainObjSetState(vm, VIR_DOMAIN_SHUTOFF, reason);
}

/* QEMU said SHUTDOWN: the domain is shutting down, and libvirt's
 * SHUTDOWN event says who asked (guest or host), once. Not for a guest
 * whose power-off restarts it. Returns whether QEMU said SHUTDOWN. */
static bool
emit_shutdown(qemuDriver *driver, virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    int seen = g_atomic_int_get(&priv->shutdown_seen);
    g_autofree char *on_poweroff = NULL;

    if (seen == QEMU_SHUTDOWN_NONE)
        return false;
    /* libvirt kills QEMU for a stop "from snapshot": no SHUTDOWN told */
    if (priv->stopping && priv->stop_reason == VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT)
        return true;
    if (vm->state == VIR_DOMAIN_SHUTDOWN || !virDomainObjIsActive(vm))
        return true;
    on_poweroff = virDomainDefLifecycleAction(vm->def, "on_poweroff", "destroy");
    if (STREQ(on_poweroff, "restart"))
        return true;
    virDomainObjSetState(vm, VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTDOWN_UNKNOWN);
    emit(driver, vm, EVENT_SHUTDOWN,
         seen == QEMU_SHUTDOWN_GUEST ? EVENT_SHUTDOWN_GUEST : EVENT_SHUTDOWN_HOST);
    return true;
}

static void
handle_work(gpointer data, gpointer user_data G_GNUC_UNUSED)
{
    qemuProcessWork *work = data;
    virDomainObj *vm = work->vm;
    qemuDomainObjPrivate *priv;

    virDomainObjLock(vm);
    priv = vm->privateData;
    if (!work->event) {
        /* the connection ended: wait for the job holder, who may be the
         * one stopping QEMU (then the domain is already shut off) */
        if (qemuDomainObjBeginJob(vm) == 0) {
            if (virDomainObjIsActive(vm) && priv->generation == work->generation) {
                bool shutdown = emit_shutdown(work->driver, vm);
                int reason = shutdown ? VIR_DOMAIN_SHUTOFF_SHUTDOWN :
                             priv->stopping ? VIR_DOMAIN_SHUTOFF_DESTROYED :
                             VIR_DOMAIN_SHUTOFF_CRASHED;

                /* the event tells the domain's id, as libvirt's does:
                 * sent before the domain is marked stopped */
                emit(work->driver, vm, EVENT_STOPPED,
                     reason == VIR_DOMAIN_SHUTOFF_SHUTDOWN ? EVENT_STOPPED_SHUTDOWN :
                     reason == VIR_DOMAIN_SHUTOFF_DESTROYED ? EVENT_STOPPED_DESTROYED :
                     EVENT_STOPPED_FAILED);
                mark_stopped(work->driver, vm, reason);
                if (!vm->persistent)
                    virDomainObjListRemove(work->driver->domains, vm);
            }
            qemuDomainObjEndJob(vm);
        }
    } else if (virDomainObjIsActive(vm) && priv->generation == work->generation) {
        if (STREQ(work->event, "SHUTDOWN")) {
            emit_shutdown(work->driver, vm);
        } else if (STREQ(work->event, "STOP") && vm->state == VIR_DOMAIN_RUNNING &&
                   !priv->starting && !g_atomic_int_get(&priv->changing_cpus)) {
            virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_UNKNOWN);
            qemuDomainSaveStatus(work->driver, vm);
            emit(work->driver, vm, EVENT_SUSPENDED, EVENT_SUSPENDED_PAUSED);
        } else if (STREQ(work->event, "RESUME") && vm->state == VIR_DOMAIN_PAUSED &&
                   !priv->starting && !g_atomic_int_get(&priv->changing_cpus)) {
            virDomainObjSetState(vm, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_UNPAUSED);
            qemuDomainSaveStatus(work->driver, vm);
            emit(work->driver, vm, EVENT_RESUMED, EVENT_RESUMED_UNPAUSED);
        } else if (STREQ(work->event, "JOB_CONCLUDED")) {
            qemuBackupJobConcluded(vm);
        } else if (g_str_has_prefix(work->event, "BALLOON_CHANGE ")) {
            qemuProcessLiveBalloonChanged(vm, g_ascii_strtoull(work->event +
                                                               strlen("BALLOON_CHANGE "),
                                                               NULL, 10));
            qemuDomainSaveStatus(work->driver, vm);
        }
    }
    virDomainObjUnlock(vm);
    work_free(work);
}

void
qemuProcessInitWorkers(qemuDriver *driver)
{
    /* one thread: events of a domain are handled in the order sent */
    driver->workers = g_thread_pool_new(handle_work, NULL, 1, FALSE, NULL);
}

/* ---- start ---- */

static char *
log_tail(const char *path, goffset from)
{
    g_autofree char *text = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &text, &len, NULL) || (gsize)from > len)
        return g_strdup("");
    return g_strdup(g_strstrip(text + from));
}

int
qemuProcessReadPidFile(const char *path, pid_t *pid)
{
    g_autofree char *text = NULL;
    long long v;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return -1;
    v = g_ascii_strtoll(g_strstrip(text), NULL, 10);
    if (v <= 0)
        return -1;
    *pid = (pid_t)v;
    return 0;
}

/* Runs QEMU, which daemonizes once its devices are set up; returns
 * after the foreground part exited. */
int
qemuProcessSpawn(GPtrArray *argv, const char *log_path, goffset *log_start)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *cmdline = NULL;
    g_autofree char *header = NULL;
    struct stat st;
    int logfd;
    GPid child;
    int status = 0;
    int rc;

    logfd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (logfd < 0) {
        virReportError(VIR_ERR_SYSTEM_ERROR, "cannot open log file '%s': %s",
                       log_path, g_strerror(errno));
        return -1;
    }
    g_ptr_array_add(argv, NULL);
    cmdline = g_strjoinv(" ", (char **)argv->pdata);
    g_ptr_array_remove_index(argv, argv->len - 1);
    {
        g_autoptr(GDateTime) now = g_date_time_new_now_utc();
        g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");

        header = g_strdup_printf("%s.%03d+0000: starting up\n%s\n", stamp,
                                 g_date_time_get_microsecond(now) / 1000, cmdline);
    }
    if (write(logfd, header, strlen(header)) < 0) {
        /* the log is a convenience: QEMU's own output still goes there */
    }
    *log_start = fstat(logfd, &st) == 0 ? st.st_size : 0;

    g_ptr_array_add(argv, NULL);
    rc = g_spawn_async_with_pipes_and_fds(NULL, (const char *const *)argv->pdata,
                                          NULL,
                                          G_SPAWN_DO_NOT_REAP_CHILD |
                                          G_SPAWN_STDIN_FROM_DEV_NULL,
                                          NULL, NULL, -1, logfd, logfd,
                                          NULL, NULL, 0, &child,
                                          NULL, NULL, NULL, &err);
    g_ptr_array_remove_index(argv, argv->len - 1);
    close(logfd);
    if (!rc) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "Cannot run '%s': %s",
                       (const char *)g_ptr_array_index(argv, 0), err->message);
        return -1;
    }
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    g_spawn_close_pid(child);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        g_autofree char *tail = log_tail(log_path, *log_start);

        virReportError(VIR_ERR_INTERNAL_ERROR,
                       "process exited while connecting to monitor: %s", tail);
        return -1;
    }
    return 0;
}

static int
monitor_simple(virDomainObj *vm, const char *command)
{
    qemuMonitor *mon = qemuDomainObjEnterMonitor(vm);
    g_autoptr(virJSONValue) cmd = qemuMonitorNewCommand(command, NULL);
    int rc = qemuMonitorCommand(mon, cmd, NULL);

    if (qemuDomainObjExitMonitor(vm) < 0)
        return -1;
    return rc;
}

int
qemuProcessStart(qemuDriver *driver, virDomainObj *vm, bool paused)
{
    qemuDomainObjPrivate *priv = qemuDomainObjPrivateGet(driver, vm);
    g_autoptr(GPtrArray) argv = NULL;
    qemuCommandPaths paths;
    qemuCommandResult result;
    goffset log_start = 0;
    int rc;

    set_paths(driver, vm);
    if (virFileMakePath(priv->run_dir) < 0)
        return -1;
    remove_run_files(priv);
    /* every image of each chain numbered, as libvirt numbers a run's */
    if (qemuChainPrepare(vm->def, &priv->next_node_index) < 0)
        return -1;
    paths.monitor = priv->monitor_path;
    paths.pidfile = priv->pid_path;
    if (!(argv = qemuBuildCommandLine(vm->def, &paths, driver->cfg->accel_override,
                                      &result)))
        return -1;
    if (driver->cfg->user && g_strcmp0(driver->cfg->user, g_get_user_name()) != 0) {
        g_ptr_array_insert(argv, argv->len - 3, g_strdup("-runas"));
        g_ptr_array_insert(argv, argv->len - 3, g_strdup(driver->cfg->user));
    }
    if (priv->start_loadvm) {
        /* libvirt's place for it: after the devices, before -daemonize */
        g_ptr_array_insert(argv, argv->len - 3, g_strdup("-loadvm"));
        g_ptr_array_insert(argv, argv->len - 3, g_strdup(priv->start_loadvm));
    }
    if (priv->start_incoming) {
        /* the state comes over the monitor once QEMU is up */
        g_ptr_array_insert(argv, argv->len - 3, g_strdup("-incoming"));
        g_ptr_array_insert(argv, argv->len - 3, g_strdup("defer"));
    }

    if (qemuProcessSpawn(argv, priv->log_path, &log_start) < 0)
        goto error;
    if (qemuProcessReadPidFile(priv->pid_path, &priv->pid) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "QEMU wrote no pid file '%s'",
                       priv->pid_path);
        goto error;
    }
    /* from here until the status file, only the pid file knows this
     * QEMU: qemuProcessCleanupUnfinished is what a crash leaves to */
    virFaultPoint("domain-start-after-spawn");

    priv->generation++;
    priv->starting = true;
    if (!(priv->mon = open_monitor(driver, vm)))
        goto error;

    g_mutex_lock(&driver->lock);
    vm->def->id = driver->next_id++;
    g_mutex_unlock(&driver->lock);
    virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_STARTING_UP);
    if (qemuProcessLiveStateApply(driver, vm, result.vnc_port) < 0)
        goto error;
    if (priv->start_incoming && qemuSaveImageLoad(vm, priv->start_incoming) < 0)
        goto error;

    /* the start tells its RESUME itself (below) */
    g_atomic_int_set(&priv->changing_cpus, 1);
    rc = paused ? 0 : monitor_simple(vm, "cont");
    g_atomic_int_set(&priv->changing_cpus, 0);
    if (rc < 0)
        goto error;
    priv->starting = false;
    if (paused)
        virDomainObjSetState(vm, VIR_DOMAIN_PAUSED, VIR_DOMAIN_PAUSED_USER);
    else
        virDomainObjSetState(vm, VIR_DOMAIN_RUNNING, VIR_DOMAIN_RUNNING_BOOTED);
    if (qemuDomainSaveStatus(driver, vm) < 0)
        goto error;
    /* a revert tells its own events (libvirt's "from snapshot" ones) */
    if (priv->start_from_snapshot)
        return 0;
    /* libvirt's order: the vCPUs' start (QEMU's RESUME) is told first */
    if (!paused)
        emit(driver, vm, EVENT_RESUMED, EVENT_RESUMED_UNPAUSED);
    emit(driver, vm, EVENT_STARTED, EVENT_STARTED_BOOTED);
    if (paused)
        emit(driver, vm, EVENT_SUSPENDED, EVENT_SUSPENDED_PAUSED);
    return 0;

 error:
    priv->starting = false;
    {
        /* keep the start's error over anything cleanup reports */
        virErrorPtr saved = virSaveLastError();

        if (priv->pid > 0 && qemuProcessAlive(priv->pid))
            kill(priv->pid, SIGKILL);
        if (virDomainObjIsActive(vm) || vm->def->id != -1) {
            mark_stopped(driver, vm, VIR_DOMAIN_SHUTOFF_FAILED);
        } else {
            close_monitor(priv);
            remove_run_files(priv);
            priv->pid = 0;
        }
        if (saved) {
            virSetError(saved);
            virFreeError(saved);
        }
    }
    return -1;
}

/* ---- stop ---- */

bool
qemuProcessWaitGone(pid_t pid, gint64 us)
{
    gint64 deadline = g_get_monotonic_time() + us;

    while (qemuProcessAlive(pid)) {
        if (g_get_monotonic_time() >= deadline)
            return false;
        g_usleep(10 * 1000);
    }
    return true;
}

int
qemuProcessStop(qemuDriver *driver, virDomainObj *vm, int reason, bool graceful)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    pid_t pid = priv->pid;
    bool gone;

    priv->stopping = true;
    priv->stop_reason = reason;
    if (pid > 0 && qemuProcessAlive(pid)) {
        kill(pid, SIGTERM);
        /* the wait must not hold the domain's lock: queries go on */
        virDomainObjUnlock(vm);
        gone = qemuProcessWaitGone(pid, QEMU_TERM_WAIT_US);
        if (!gone && !graceful) {
            kill(pid, SIGKILL);
            gone = qemuProcessWaitGone(pid, QEMU_TERM_WAIT_US);
        }
        virDomainObjLock(vm);
        if (!gone && graceful) {
            priv->stopping = false;
            virReportError(VIR_ERR_OPERATION_TIMEOUT,
                           "Failed to terminate process %lld with SIGTERM",
                           (long long)pid);
            return -1;
        }
        /* all QEMU said is read: its SHUTDOWN (SIGTERM makes one) is
         * told before the stop, as libvirt tells it */
        close_monitor(priv);
        if (virDomainObjIsActive(vm))
            emit_shutdown(driver, vm);
    }
    if (virDomainObjIsActive(vm))
        mark_stopped(driver, vm, reason);
    return 0;
}

void
qemuProcessDetach(qemuDomainObjPrivate *priv)
{
    close_monitor(priv);
}

void
qemuProcessLogTaint(virDomainObj *vm, const char *taint)
{
    qemuDomainObjPrivate *priv = vm->privateData;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autofree char *stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
    g_autofree char *line = g_strdup_printf("%s.%03d+0000: Domain id=%d is tainted: %s\n",
                                            stamp, g_date_time_get_microsecond(now) / 1000,
                                            vm->def->id, taint);
    int fd;

    if (!priv->log_path ||
        (fd = open(priv->log_path, O_WRONLY | O_APPEND | O_CLOEXEC)) < 0)
        return;
    if (write(fd, line, strlen(line)) < 0) {
        /* the log is informational */
    }
    close(fd);
}

/* ---- re-attach ---- */

/* Whether @pid is the QEMU of pid file @pid_path (a pid can be reused:
 * only a process whose command line names that file is ours). */
bool
qemuProcessIsOurs(pid_t pid, const char *pid_path)
{
    g_autofree char *path = g_strdup_printf("/proc/%lld/cmdline", (long long)pid);
    g_autofree char *cmdline = NULL;
    gsize len = 0;

    if (!qemuProcessAlive(pid) || !g_file_get_contents(path, &cmdline, &len, NULL))
        return false;
    for (gsize i = 0; i + 1 < len; i++) {
        if (cmdline[i] == '\0')
            cmdline[i] = ' ';
    }
    return strstr(cmdline, pid_path) != NULL;
}

void
qemuProcessCleanupUnfinished(qemuDriver *driver)
{
    g_autoptr(GDir) d = g_dir_open(driver->cfg->run_dir, 0, NULL);
    const char *entry;

    while (d && (entry = g_dir_read_name(d))) {
        g_autofree char *dir = g_build_filename(driver->cfg->run_dir, entry, NULL);
        g_autofree char *status = g_build_filename(dir, "status.xml", NULL);
        g_autofree char *pid_path = g_build_filename(dir, "qemu.pid", NULL);
        g_autofree char *sock = g_build_filename(dir, "monitor.sock", NULL);
        pid_t pid = 0;

        if (g_file_test(status, G_FILE_TEST_EXISTS) ||
            !g_file_test(pid_path, G_FILE_TEST_EXISTS))
            continue;
        /* silently, as libvirt (a debug log line there): the domain
         * is simply shut off. SIGTERM first: QEMU then closes its
         * images cleanly, so their bitmaps stay consistent (SIGKILL
         * would spoil them) */
        if (qemuProcessReadPidFile(pid_path, &pid) == 0 && qemuProcessIsOurs(pid, pid_path)) {
            kill(pid, SIGTERM);
            if (!qemuProcessWaitGone(pid, QEMU_TERM_WAIT_US)) {
                kill(pid, SIGKILL);
                qemuProcessWaitGone(pid, QEMU_TERM_WAIT_US);
            }
        }
        unlink(sock);
        unlink(pid_path);
    }
}

int
qemuProcessReconnect(qemuDriver *driver, virDomainObj *vm)
{
    qemuDomainObjPrivate *priv = qemuDomainObjPrivateGet(driver, vm);

    set_paths(driver, vm);
    priv->generation++;
    priv->next_node_index = qemuProcessLiveNextIndex(vm->def);
    qemuBackupLoad(vm);
    for (size_t i = 0; priv->backup && i < priv->backup->ndisks; i++)
        priv->next_node_index = MAX(priv->next_node_index,
                                    priv->backup->disks[i].store.index + 1);
    if (priv->pid > 0 && qemuProcessAlive(priv->pid) &&
        (priv->mon = open_monitor(driver, vm))) {
        g_mutex_lock(&driver->lock);
        if (vm->def->id >= driver->next_id)
            driver->next_id = vm->def->id + 1;
        g_mutex_unlock(&driver->lock);
        /* a backup job a dead process left half begun or half aborted,
         * or that ended while nobody watched: settled now, under the job
         * slot (QEMU's events about it already reach the worker) */
        if (priv->backup)
            qemuBackupJobConcluded(vm);
        return 0;
    }
    /* gone while nobody watched: what it left in its images (bitmaps
     * still marked in use) is reported by checkpoint-verify */
    virResetLastError();
    if (priv->pid > 0 && qemuProcessAlive(priv->pid))
        kill(priv->pid, SIGKILL);
    mark_stopped(driver, vm, VIR_DOMAIN_SHUTOFF_CRASHED);
    return 0;
}
