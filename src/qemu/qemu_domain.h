/*
 * qemu_domain.h: the qemu driver's state and its per-domain runtime data
 *
 * Locking order: the domain list's lock, then a domain's lock. A
 * modifying operation on a domain holds the domain's job slot
 * (qemuDomainObjBeginJob) for its whole length; it may drop the
 * domain's lock while it talks to QEMU (qemuDomainObjEnterMonitor),
 * so queries never wait for QEMU, while the job slot keeps other
 * modifications out.
 */
#pragma once

#include "internal.h"
#include "datatypes.h"
#include "conf/virdomainobjlist.h"
#include "conf/domain_event.h"
#include "conf/backup_conf.h"
#include "qemu/qemu_conf.h"
#include "qemu/qemu_monitor.h"
#include "qemu/qemu_storage_daemon.h"

typedef struct _qemuDriver qemuDriver;
struct _qemuDriver {
    GMutex lock;                  /* guards the fields up to domains */
    int connections;              /* connections sharing this driver */
    bool daemon_owned;            /* tidemarkd's session/system driver: kept
                                   * after the last connection closes */
    int next_id;
    GPtrArray *machines;          /* "alias=canonical" of -machine help, lazy */
    unsigned long qemu_version;   /* of cfg->qemu_binary -version, lazy (0: not yet) */

    qemuDriverConfig *cfg;        /* immutable after open */
    /* The fd holding cfg->lock_file's lock for as long as this process
     * has the root open: a second process is refused, as by libvirt. */
    int lock_fd;
    virDomainEventState *events;
    virDomainObjList *domains;
    virDomainXMLOption xmlopt;
    /* Work that must not run on a monitor's reader thread (handling a
     * QEMU that went away). */
    GThreadPool *workers;
};

/* What QEMU's SHUTDOWN event said (its "guest" member). */
typedef enum {
    QEMU_SHUTDOWN_NONE = 0,
    QEMU_SHUTDOWN_HOST,
    QEMU_SHUTDOWN_GUEST,
} qemuShutdownSeen;

typedef struct {
    qemuDriver *driver;           /* not a reference: the driver outlives it */
    pid_t pid;                    /* QEMU, 0 when not running */
    qemuMonitor *mon;
    char *run_dir;                /* DIR/run/NAME */
    char *monitor_path;
    char *pid_path;
    char *log_path;
    char *status_path;

    bool job;                     /* the job slot is taken */
    GCond job_cond;
    bool in_monitor;              /* the job holder is talking to QEMU */

    unsigned int generation;      /* counts QEMU runs: tells a late event
                                   * of an earlier QEMU from a current one */
    bool starting;                /* vCPUs not started yet: STOP/RESUME
                                   * events are part of the start */
    int shutdown_seen;            /* atomic, qemuShutdownSeen: QEMU said
                                   * SHUTDOWN (set by the monitor's reader) */
    int changing_cpus;            /* atomic: an API's stop/cont (or a
                                   * memory save) is under way; the
                                   * STOP/RESUME QEMU sends meanwhile is
                                   * its own, told by the API: the
                                   * monitor's reader drops it, so a late
                                   * one never undoes a later change */
    bool stopping;                /* tidemark asked QEMU to go away */
    int stop_reason;              /* with @stopping: the shutoff reason asked */

    virDomainBackupDef *backup;   /* the running backup job, or NULL */
    /* The qemu-storage-daemon serving the disks of the shut-off domain
     * for its backup job (NULL while the domain runs, and without such
     * a job) */
    qemuStorageDaemon *storage;
    unsigned int next_node_index; /* libvirt's node numbering: the next free */

    /* For the next qemuProcessStart only (a snapshot revert): the
     * internal snapshot QEMU loads at start (-loadvm), and whether the
     * start is a revert's, whose caller tells the events (libvirt's
     * "from snapshot" ones) */
    char *start_loadvm;
    /* the next start loads this save image (libvirt's: a memory state)
     * through `-incoming defer`, its vCPUs stopped */
    char *start_incoming;
    bool start_from_snapshot;
} qemuDomainObjPrivate;

/* The private data of @vm, created on first use. */
qemuDomainObjPrivate *qemuDomainObjPrivateGet(qemuDriver *driver, virDomainObj *vm);

/**
 * qemuDomainObjBeginJob:
 * @vm: locked
 *
 * Waits (releasing @vm's lock meanwhile) until no other job runs on
 * @vm, then takes the slot. Fails with OPERATION_TIMEOUT after 30 s, as
 * libvirt's "cannot acquire state change lock". Returns 0 or -1.
 */
int qemuDomainObjBeginJob(virDomainObj *vm);
void qemuDomainObjEndJob(virDomainObj *vm);

/* Drops @vm's lock for a monitor call of the job holder; ExitMonitor
 * takes it back and fails (OPERATION_FAILED "domain is no longer
 * running") if QEMU went away meanwhile. The monitor is QEMU's while the
 * domain runs, the storage daemon's while it is shut off and one serves
 * its disks (the caller checks qemuDomainObjHasMonitor first). */
qemuMonitor *qemuDomainObjEnterMonitor(virDomainObj *vm);
int qemuDomainObjExitMonitor(virDomainObj *vm);

/* Whether @vm (locked) has a process to send QMP to: its QEMU, or the
 * storage daemon of a shut-off domain's backup job. */
bool qemuDomainObjHasMonitor(virDomainObj *vm);

/* Paths of a domain's files, from its name (new strings). */
char *qemuDomainConfigPath(qemuDriver *driver, const char *name);
char *qemuDomainRunDir(qemuDriver *driver, const char *name);
char *qemuDomainCheckpointDir(qemuDriver *driver, const char *name);
char *qemuDomainSnapshotDir(qemuDriver *driver, const char *name);

/* The file of checkpoint or snapshot @name in @dir (a directory of
 * qemuDomainCheckpointDir or qemuDomainSnapshotDir): libvirt's
 * DIR/NAME.xml, the name encoded as a file name. A new string. */
char *qemuDomainMomentFile(const char *dir, const char *name);

/* Writes @xml as the file of moment @name in @dir (made if missing),
 * atomically, readable by the owner only. 0 or -1. */
int qemuDomainWriteMomentFile(const char *dir, const char *name, const char *xml);

/* Writes @def as @vm's persistent definition (atomically). */
int qemuDomainSaveConfig(qemuDriver *driver, const virDomainDef *def);
int qemuDomainDeleteConfig(qemuDriver *driver, const char *name);

/* Writes the status file of a running @vm: its live definition plus
 * pid, id and state. */
int qemuDomainSaveStatus(qemuDriver *driver, virDomainObj *vm);

/* The qemu driver of a connection. */
qemuDriver *qemuDriverFromConn(virConnectPtr conn);

/* The object of @domain, locked and referenced, or NULL with libvirt's
 * NO_DOMAIN error. */
virDomainObj *qemuDomObjFromDomain(virDomainPtr domain);
