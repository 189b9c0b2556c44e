/*
 * qemu_storage_daemon.c: the qemu-storage-daemon process of a shut-off
 * domain's backup job: its command line, start, re-attach and stop
 */
#include "internal.h"

#include <signal.h>
#include <unistd.h>

#include "qemu/qemu_storage_daemon.h"
#include "qemu/qemu_command.h"
#include "qemu/qemu_process.h"
#include "util/virfile.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* As for QEMU (qemu_process.c): to connect and for each reply; to go
 * away after SIGTERM before SIGKILL. */
#define QEMU_STORAGE_DAEMON_MONITOR_TIMEOUT_MS 30000
#define QEMU_STORAGE_DAEMON_TERM_WAIT_US (10 * G_USEC_PER_SEC)

static void
daemon_free(qemuStorageDaemon *sd)
{
    g_free(sd->sock_path);
    g_free(sd->pid_path);
    g_free(sd->log_path);
    g_free(sd);
}

static qemuStorageDaemon *
daemon_new(const char *run_dir)
{
    qemuStorageDaemon *sd = g_new0(qemuStorageDaemon, 1);

    sd->sock_path = g_build_filename(run_dir, "storage.sock", NULL);
    sd->pid_path = g_build_filename(run_dir, "storage.pid", NULL);
    sd->log_path = g_build_filename(run_dir, "storage.log", NULL);
    return sd;
}

/* QEMU's option syntax: a comma inside a value is written twice. */
static char *
escape_commas(const char *value)
{
    g_auto(GStrv) parts = g_strsplit(value, ",", -1);

    return g_strjoinv(",,", parts);
}

static GPtrArray *
build_argv(const qemuDriverConfig *cfg, const virDomainDef *def, const qemuStorageDaemon *sd)
{
    GPtrArray *argv = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *sock = escape_commas(sd->sock_path);

    g_ptr_array_add(argv, g_strdup(cfg->qemu_storage_daemon));
    g_ptr_array_add(argv, g_strdup("--chardev"));
    g_ptr_array_add(argv, g_strdup_printf("socket,id=qmp,path=%s,server=on,wait=off", sock));
    g_ptr_array_add(argv, g_strdup("--monitor"));
    g_ptr_array_add(argv, g_strdup("chardev=qmp"));
    /* the pid file is written once every --blockdev is open, and the
     * parent exits only then: the spawn returning means it is set up */
    g_ptr_array_add(argv, g_strdup("--pidfile"));
    g_ptr_array_add(argv, g_strdup(sd->pid_path));
    g_ptr_array_add(argv, g_strdup("--daemonize"));
    for (size_t i = 0; i < def->ndisks; i++) {
        g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func(
            (GDestroyNotify)virJSONValueFree);

        if (!def->disks[i]->src)
            continue;
        qemuDiskBlockdevs(def, i, nodes);
        for (size_t j = 0; j < nodes->len; j++) {
            g_ptr_array_add(argv, g_strdup("--blockdev"));
            g_ptr_array_add(argv, virJSONValueToString(g_ptr_array_index(nodes, j), false));
        }
    }
    return argv;
}

/* Ends process @pid politely (its images closed cleanly), by force if
 * it does not go. */
static void
terminate(pid_t pid)
{
    if (pid <= 0 || !qemuProcessAlive(pid))
        return;
    kill(pid, SIGTERM);
    if (!qemuProcessWaitGone(pid, QEMU_STORAGE_DAEMON_TERM_WAIT_US)) {
        kill(pid, SIGKILL);
        qemuProcessWaitGone(pid, QEMU_STORAGE_DAEMON_TERM_WAIT_US);
    }
}

static void
remove_files(const qemuStorageDaemon *sd)
{
    unlink(sd->sock_path);
    unlink(sd->pid_path);
}

qemuStorageDaemon *
qemuStorageDaemonStart(const qemuDriverConfig *cfg, const virDomainDef *def,
                       const char *run_dir)
{
    qemuStorageDaemon *sd = daemon_new(run_dir);
    g_autoptr(GPtrArray) argv = NULL;
    goffset log_start = 0;

    if (virFileMakePath(run_dir) < 0)
        goto error;
    remove_files(sd);
    argv = build_argv(cfg, def, sd);
    if (qemuProcessSpawn(argv, sd->log_path, &log_start) < 0)
        goto error;
    if (qemuProcessReadPidFile(sd->pid_path, &sd->pid) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "qemu-storage-daemon wrote no pid file '%s'",
                       sd->pid_path);
        goto error;
    }
    if (!(sd->mon = qemuMonitorOpen(sd->sock_path, def->name,
                                    QEMU_STORAGE_DAEMON_MONITOR_TIMEOUT_MS, NULL, NULL)))
        goto error;
    return sd;

 error:
    {
        /* the start's error, not one of the cleanup */
        virErrorPtr saved = virSaveLastError();

        terminate(sd->pid);
        remove_files(sd);
        daemon_free(sd);
        virSetError(saved);
        virFreeError(saved);
    }
    return NULL;
}

qemuStorageDaemon *
qemuStorageDaemonAttach(const char *run_dir, const char *vmname, bool *was_there)
{
    qemuStorageDaemon *sd = daemon_new(run_dir);

    *was_there = g_file_test(sd->pid_path, G_FILE_TEST_EXISTS) ||
                 g_file_test(sd->sock_path, G_FILE_TEST_EXISTS);
    if (!*was_there)
        goto gone;
    if (qemuProcessReadPidFile(sd->pid_path, &sd->pid) < 0 ||
        !qemuProcessIsOurs(sd->pid, sd->pid_path))
        goto gone;
    if (!(sd->mon = qemuMonitorOpen(sd->sock_path, vmname,
                                    QEMU_STORAGE_DAEMON_MONITOR_TIMEOUT_MS, NULL, NULL))) {
        /* it runs but does not answer: of no use to anyone, and it
         * holds the images */
        virResetLastError();
        terminate(sd->pid);
        goto gone;
    }
    return sd;

 gone:
    remove_files(sd);
    daemon_free(sd);
    return NULL;
}

bool
qemuStorageDaemonAlive(qemuStorageDaemon *sd)
{
    return sd && sd->mon && !qemuMonitorIsClosed(sd->mon) && qemuProcessAlive(sd->pid);
}

void
qemuStorageDaemonStop(qemuStorageDaemon *sd)
{
    if (!sd)
        return;
    qemuMonitorClose(g_steal_pointer(&sd->mon));
    terminate(sd->pid);
    remove_files(sd);
    daemon_free(sd);
}

void
qemuStorageDaemonDetach(qemuStorageDaemon *sd)
{
    if (!sd)
        return;
    qemuMonitorClose(g_steal_pointer(&sd->mon));
    daemon_free(sd);
}
