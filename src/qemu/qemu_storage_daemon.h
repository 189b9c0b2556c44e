/*
 * qemu_storage_daemon.h: a qemu-storage-daemon serving a shut-off
 * domain's disks
 *
 * tidemark's way to run a backup job on a domain that is not running
 * (libvirt refuses it): the daemon opens the disks as the domain's QEMU
 * would (same -blockdev nodes and names, qemuDiskBlockdevs) and speaks
 * the same QMP, so the backup code talks to it through the domain's
 * monitor handle (qemuDomainObjEnterMonitor picks it while the domain is
 * shut off). Like QEMU it daemonizes and outlives the process that
 * started it; its files are in the domain's run directory:
 * storage.sock (QMP), storage.pid, storage.log.
 */
#pragma once

#include "internal.h"
#include "conf/domain_conf.h"
#include "qemu/qemu_conf.h"
#include "qemu/qemu_monitor.h"

typedef struct _qemuStorageDaemon qemuStorageDaemon;
struct _qemuStorageDaemon {
    pid_t pid;
    qemuMonitor *mon;
    char *sock_path;
    char *pid_path;
    char *log_path;
};

/**
 * qemuStorageDaemonStart:
 * @def: the domain whose disks (those with a source) it opens
 * @run_dir: the domain's run directory (made if missing)
 *
 * Starts the daemon, waits until it is set up, connects to its QMP
 * monitor. On failure nothing is left (process, socket, pid file) and
 * the error carries what the daemon logged. Returns the daemon or NULL.
 */
qemuStorageDaemon *qemuStorageDaemonStart(const qemuDriverConfig *cfg,
                                          const virDomainDef *def,
                                          const char *run_dir);

/**
 * qemuStorageDaemonAttach:
 *
 * The daemon an earlier process started in @run_dir, its monitor
 * connected. NULL (no error) if there is none; one whose pid file names
 * a process that is gone, or not the daemon, or does not answer, has its
 * leftovers removed (and is stopped if it still runs) and is reported as
 * none; *@was_there tells the caller that one had been started.
 */
qemuStorageDaemon *qemuStorageDaemonAttach(const char *run_dir, const char *vmname,
                                           bool *was_there);

/* Whether the daemon still runs and its monitor is connected. */
bool qemuStorageDaemonAlive(qemuStorageDaemon *sd);

/**
 * qemuStorageDaemonStop:
 *
 * Ends the daemon (NULL: nothing): the monitor closed, SIGTERM (it then
 * closes the images, writing their persistent bitmaps), SIGKILL only if
 * it is still there after 10 s; its socket and pid file removed; @sd
 * freed.
 */
void qemuStorageDaemonStop(qemuStorageDaemon *sd);

/* Lets go of the daemon (closes the monitor, frees @sd) and leaves it
 * running, for a later process to attach to. NULL: nothing. */
void qemuStorageDaemonDetach(qemuStorageDaemon *sd);
