/*
 * qemu_process.h: starting, stopping and re-attaching QEMU processes
 *
 * QEMU runs daemonized (it outlives the process that started it); its
 * pid file, QMP socket, log and tidemark's status file live in the
 * domain's run dir. A later process on the same root re-attaches to it
 * (qemuProcessReconnect); a QEMU that went away meanwhile is noticed and
 * its domain shut off with reason "crashed".
 */
#pragma once

#include "qemu/qemu_domain.h"

/* Lifecycle hooks the process layer reports through (events). */
typedef void (*qemuProcessLifecycleCallback)(qemuDriver *driver, virDomainObj *vm,
                                             int event, int detail);

/* Sets the function told of every lifecycle change (for events). */
void qemuProcessSetLifecycleCallback(qemuProcessLifecycleCallback cb);

/**
 * qemuProcessStart:
 * @vm: locked, inactive, with the job slot held
 * @paused: leave the vCPUs stopped (VIR_DOMAIN_START_PAUSED)
 *
 * Starts QEMU for vm->def, connects the monitor, starts the vCPUs
 * unless @paused, writes the status file. On failure nothing is left
 * running and the error names the cause (QEMU's own message from its
 * log when it refused to start). Returns 0 or -1.
 */
int qemuProcessStart(qemuDriver *driver, virDomainObj *vm, bool paused);

/**
 * qemuProcessStop:
 * @vm: locked, active, with the job slot held
 * @reason: VIR_DOMAIN_SHUTOFF_* reason to record
 * @graceful: SIGTERM only (fails with OPERATION_TIMEOUT if QEMU stays)
 *
 * SIGTERM, then SIGKILL after 10 s unless @graceful; closes the
 * monitor, removes the run files, marks the domain shut off. The
 * SHUTDOWN QEMU answers SIGTERM with is told as libvirt's shutdown
 * event, except for a stop "from snapshot" (libvirt kills QEMU there,
 * and QEMU says nothing). Returns 0 or -1 (only @graceful can fail).
 */
int qemuProcessStop(qemuDriver *driver, virDomainObj *vm, int reason, bool graceful);

/**
 * qemuProcessReconnect:
 * @vm: locked, as loaded from its status file (state running/paused)
 *
 * Re-attaches to the QEMU of a status file. If it is gone, or does not
 * answer, the domain is shut off with reason crashed and its run files
 * removed. Returns 0 (the domain is in a known state either way).
 */
int qemuProcessReconnect(qemuDriver *driver, virDomainObj *vm);

/**
 * qemuProcessCleanupUnfinished:
 *
 * For the driver's open, after the status files are loaded: a run dir
 * with a pid file but no status file belongs to a start that never
 * finished (the process died between spawning QEMU and writing the
 * status). That QEMU runs no domain anyone knows of and holds its
 * images locked: it is stopped (SIGTERM, so its images close cleanly;
 * SIGKILL after 10 s), if the pid still names it, and its pid file and
 * socket removed. The domain stays shut off.
 */
void qemuProcessCleanupUnfinished(qemuDriver *driver);

/* Lets go of a running QEMU (closes its monitor) and leaves it running,
 * for a later process to re-attach to (the driver is closing). */
void qemuProcessDetach(qemuDomainObjPrivate *priv);

/* Starts the thread that handles monitor events and hang-ups off the
 * monitors' reader threads (driver->workers). */
void qemuProcessInitWorkers(qemuDriver *driver);

/* Notes in the domain's log that it is tainted, as libvirt does. */
void qemuProcessLogTaint(virDomainObj *vm, const char *taint);

/* Whether QEMU @pid is still alive (not gone and not a zombie). */
bool qemuProcessAlive(pid_t pid);

/* The pid a pid file names. Returns 0, or -1 (no file, no number). */
int qemuProcessReadPidFile(const char *path, pid_t *pid);

/**
 * qemuProcessSpawn:
 * @argv: a daemonizing program (QEMU, qemu-storage-daemon), [0] the binary
 * @log_path: its stdout and stderr, after a header with its command line
 * @log_start: set to where its own output starts in the log
 *
 * Runs the program and waits for its foreground part to exit (once its
 * setup is done). Returns 0, or -1 with an error carrying what it
 * logged when it failed.
 */
int qemuProcessSpawn(GPtrArray *argv, const char *log_path, goffset *log_start);

/* Waits up to @us for @pid to be gone; returns whether it is. */
bool qemuProcessWaitGone(pid_t pid, gint64 us);

/* Whether @pid is alive and its command line names @pid_path (a pid can
 * be reused: only then is it the process that wrote that pid file). */
bool qemuProcessIsOurs(pid_t pid, const char *pid_path);
