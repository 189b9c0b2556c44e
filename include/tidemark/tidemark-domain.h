/*
 * tidemark-domain.h: domains (virtual machines), their jobs and backups
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#ifndef TIDEMARK_DOMAIN_H
# define TIDEMARK_DOMAIN_H

# include <tidemark/tidemark-common.h>
# include <tidemark/tidemark-host.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virDomain:
 *
 * Opaque, reference-counted handle naming one domain of a connection.  It
 * holds a reference on its connection.
 */
typedef struct _virDomain virDomain;
typedef virDomain *virDomainPtr;

/**
 * virDomainState:
 *
 * Coarse run state, as reported by virDomainGetState() and virDomainInfo.
 */
typedef enum {
    VIR_DOMAIN_NOSTATE     = 0,
    VIR_DOMAIN_RUNNING     = 1,
    VIR_DOMAIN_BLOCKED     = 2,
    VIR_DOMAIN_PAUSED      = 3,
    VIR_DOMAIN_SHUTDOWN    = 4, /* shutting down */
    VIR_DOMAIN_SHUTOFF     = 5,
    VIR_DOMAIN_CRASHED     = 6,
    VIR_DOMAIN_PMSUSPENDED = 7, /* suspended by guest power management */

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_LAST
# endif
} virDomainState;

/**
 * virConnectDomainXMLToNative:
 * @conn: a connection
 * @nativeFormat: "qemu-argv" on the qemu driver
 * @domainXml: a domain definition
 * @flags: 0
 *
 * The native configuration (for qemu: the command line, one shell-quoted
 * string) the driver would run @domainXml with. Refused on read-only
 * connections. Returns a new string (free() it), or NULL on error.
 */
char *virConnectDomainXMLToNative(virConnectPtr conn, const char *nativeFormat,
                                  const char *domainXml, unsigned int flags);

/**
 * virDomainRunningReason:
 *
 * Why a domain is running (the reason of virDomainGetState()).
 */
typedef enum {
    VIR_DOMAIN_RUNNING_UNKNOWN = 0,
    VIR_DOMAIN_RUNNING_BOOTED = 1,              /* normal startup */
    VIR_DOMAIN_RUNNING_MIGRATED = 2,
    VIR_DOMAIN_RUNNING_RESTORED = 3,
    VIR_DOMAIN_RUNNING_FROM_SNAPSHOT = 4,
    VIR_DOMAIN_RUNNING_UNPAUSED = 5,            /* resumed after a pause */
    VIR_DOMAIN_RUNNING_MIGRATION_CANCELED = 6,
    VIR_DOMAIN_RUNNING_SAVE_CANCELED = 7,
    VIR_DOMAIN_RUNNING_WAKEUP = 8,
    VIR_DOMAIN_RUNNING_CRASHED = 9,
    VIR_DOMAIN_RUNNING_POSTCOPY = 10,
    VIR_DOMAIN_RUNNING_POSTCOPY_FAILED = 11,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_RUNNING_LAST
# endif
} virDomainRunningReason;

/**
 * virDomainPausedReason:
 *
 * Why a domain is paused.
 */
typedef enum {
    VIR_DOMAIN_PAUSED_UNKNOWN = 0,
    VIR_DOMAIN_PAUSED_USER = 1,                 /* virDomainSuspend() */
    VIR_DOMAIN_PAUSED_MIGRATION = 2,
    VIR_DOMAIN_PAUSED_SAVE = 3,
    VIR_DOMAIN_PAUSED_DUMP = 4,
    VIR_DOMAIN_PAUSED_IOERROR = 5,
    VIR_DOMAIN_PAUSED_WATCHDOG = 6,
    VIR_DOMAIN_PAUSED_FROM_SNAPSHOT = 7,
    VIR_DOMAIN_PAUSED_SHUTTING_DOWN = 8,
    VIR_DOMAIN_PAUSED_SNAPSHOT = 9,
    VIR_DOMAIN_PAUSED_CRASHED = 10,
    VIR_DOMAIN_PAUSED_STARTING_UP = 11,
    VIR_DOMAIN_PAUSED_POSTCOPY = 12,
    VIR_DOMAIN_PAUSED_POSTCOPY_FAILED = 13,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_PAUSED_LAST
# endif
} virDomainPausedReason;

/**
 * virDomainShutdownReason:
 *
 * Why a domain is shutting down (the reason of VIR_DOMAIN_SHUTDOWN).
 */
typedef enum {
    VIR_DOMAIN_SHUTDOWN_UNKNOWN = 0,
    VIR_DOMAIN_SHUTDOWN_USER = 1,               /* on a user's request */

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_SHUTDOWN_LAST
# endif
} virDomainShutdownReason;

/**
 * virDomainShutoffReason:
 *
 * Why a domain is shut off.
 */
typedef enum {
    VIR_DOMAIN_SHUTOFF_UNKNOWN = 0,
    VIR_DOMAIN_SHUTOFF_SHUTDOWN = 1,            /* the guest powered off */
    VIR_DOMAIN_SHUTOFF_DESTROYED = 2,           /* virDomainDestroy() */
    VIR_DOMAIN_SHUTOFF_CRASHED = 3,             /* QEMU went away */
    VIR_DOMAIN_SHUTOFF_MIGRATED = 4,
    VIR_DOMAIN_SHUTOFF_SAVED = 5,
    VIR_DOMAIN_SHUTOFF_FAILED = 6,
    VIR_DOMAIN_SHUTOFF_FROM_SNAPSHOT = 7,
    VIR_DOMAIN_SHUTOFF_DAEMON = 8,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_SHUTOFF_LAST
# endif
} virDomainShutoffReason;

/**
 * virDomainInfo:
 *
 * Filled in by virDomainGetInfo().
 */
typedef struct _virDomainInfo virDomainInfo;

struct _virDomainInfo {
    unsigned char state;        /* a virDomainState */
    unsigned long maxMem;       /* memory ceiling, KiB */
    unsigned long memory;       /* current memory, KiB */
    unsigned short nrVirtCpu;   /* number of vCPUs */
    unsigned long long cpuTime; /* CPU time consumed, nanoseconds */
};

typedef virDomainInfo *virDomainInfoPtr;

/**
 * virDomainCreateFlags:
 *
 * Flags for virDomainCreateWithFlags() and virDomainCreateXML().
 */
typedef enum {
    VIR_DOMAIN_NONE               = 0,
    VIR_DOMAIN_START_PAUSED       = 1 << 0, /* leave the vCPUs stopped */
    VIR_DOMAIN_START_AUTODESTROY  = 1 << 1, /* destroy when the connection closes */
    VIR_DOMAIN_START_BYPASS_CACHE = 1 << 2, /* restore without polluting the page cache */
    VIR_DOMAIN_START_FORCE_BOOT   = 1 << 3, /* boot afresh, ignoring a managed save */
    VIR_DOMAIN_START_VALIDATE     = 1 << 4, /* validate the XML against the schema */
    VIR_DOMAIN_START_RESET_NVRAM  = 1 << 5, /* recreate NVRAM from its template */
} virDomainCreateFlags;

/**
 * virDomainShutdownFlagValues:
 *
 * How virDomainShutdownFlags() asks the guest to stop.  0 lets the driver
 * choose; several bits let it try them in its own order.
 */
typedef enum {
    VIR_DOMAIN_SHUTDOWN_DEFAULT        = 0,
    VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN = (1 << 0),
    VIR_DOMAIN_SHUTDOWN_GUEST_AGENT    = (1 << 1),
    VIR_DOMAIN_SHUTDOWN_INITCTL        = (1 << 2),
    VIR_DOMAIN_SHUTDOWN_SIGNAL         = (1 << 3),
    VIR_DOMAIN_SHUTDOWN_PARAVIRT       = (1 << 4),
} virDomainShutdownFlagValues;

/**
 * virDomainDestroyFlagsValues:
 *
 * Flags for virDomainDestroyFlags().
 */
typedef enum {
    VIR_DOMAIN_DESTROY_DEFAULT     = 0,      /* terminate, then kill if needed */
    VIR_DOMAIN_DESTROY_GRACEFUL    = 1 << 0, /* terminate only, never kill */
    VIR_DOMAIN_DESTROY_REMOVE_LOGS = 1 << 1, /* also delete the domain's log */
} virDomainDestroyFlagsValues;

/**
 * virDomainXMLFlags:
 *
 * Flags for virDomainGetXMLDesc().
 */
typedef enum {
    VIR_DOMAIN_XML_SECURE     = (1 << 0), /* include secrets; refused read-only */
    VIR_DOMAIN_XML_INACTIVE   = (1 << 1), /* the persistent definition */
    VIR_DOMAIN_XML_UPDATE_CPU = (1 << 2), /* expand the guest CPU from the host's */
    VIR_DOMAIN_XML_MIGRATABLE = (1 << 3), /* only what a migration may carry */
} virDomainXMLFlags;

/**
 * virDomainDefineFlags:
 *
 * Flags for virDomainDefineXMLFlags().
 */
typedef enum {
    VIR_DOMAIN_DEFINE_VALIDATE = (1 << 0), /* validate the XML against the schema */
} virDomainDefineFlags;

/**
 * virDomainUndefineFlagsValues:
 *
 * Flags for virDomainUndefineFlags().
 */
typedef enum {
    VIR_DOMAIN_UNDEFINE_MANAGED_SAVE         = (1 << 0), /* also remove a managed save image */
    VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA   = (1 << 1), /* also drop snapshot metadata */
    VIR_DOMAIN_UNDEFINE_NVRAM                = (1 << 2), /* also remove the NVRAM file */
    VIR_DOMAIN_UNDEFINE_KEEP_NVRAM           = (1 << 3), /* keep the NVRAM file */
    VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA = (1 << 4), /* also drop checkpoint metadata */
    VIR_DOMAIN_UNDEFINE_TPM                  = (1 << 5), /* also remove TPM state */
    VIR_DOMAIN_UNDEFINE_KEEP_TPM             = (1 << 6), /* keep TPM state */
} virDomainUndefineFlagsValues;

/**
 * virConnectListAllDomainsFlags:
 *
 * Filters for virConnectListAllDomains().  The bits form pairs or groups;
 * a group with no bit set does not filter, bits of one group are ORed and
 * the groups are ANDed.
 */
typedef enum {
    VIR_CONNECT_LIST_DOMAINS_ACTIVE         = 1 << 0,
    VIR_CONNECT_LIST_DOMAINS_INACTIVE       = 1 << 1,

    VIR_CONNECT_LIST_DOMAINS_PERSISTENT     = 1 << 2,
    VIR_CONNECT_LIST_DOMAINS_TRANSIENT      = 1 << 3,

    VIR_CONNECT_LIST_DOMAINS_RUNNING        = 1 << 4,
    VIR_CONNECT_LIST_DOMAINS_PAUSED         = 1 << 5,
    VIR_CONNECT_LIST_DOMAINS_SHUTOFF        = 1 << 6,
    VIR_CONNECT_LIST_DOMAINS_OTHER          = 1 << 7,

    VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE    = 1 << 8,
    VIR_CONNECT_LIST_DOMAINS_NO_MANAGEDSAVE = 1 << 9,

    VIR_CONNECT_LIST_DOMAINS_AUTOSTART      = 1 << 10,
    VIR_CONNECT_LIST_DOMAINS_NO_AUTOSTART   = 1 << 11,

    VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT   = 1 << 12,
    VIR_CONNECT_LIST_DOMAINS_NO_SNAPSHOT    = 1 << 13,

    VIR_CONNECT_LIST_DOMAINS_HAS_CHECKPOINT = 1 << 14,
    VIR_CONNECT_LIST_DOMAINS_NO_CHECKPOINT  = 1 << 15,
} virConnectListAllDomainsFlags;

/**
 * virDomainMessageType:
 *
 * Which messages virDomainGetMessages() returns; 0 asks for all.
 */
typedef enum {
    VIR_DOMAIN_MESSAGE_DEPRECATION = (1 << 0), /* deprecated configuration in use */
    VIR_DOMAIN_MESSAGE_TAINTING    = (1 << 1), /* what tainted the domain */
} virDomainMessageType;

/**
 * virDomainJobType:
 *
 * Kind of the job reported by virDomainGetJobInfo()/virDomainGetJobStats().
 */
typedef enum {
    VIR_DOMAIN_JOB_NONE      = 0, /* no job */
    VIR_DOMAIN_JOB_BOUNDED   = 1, /* running, end can be estimated */
    VIR_DOMAIN_JOB_UNBOUNDED = 2, /* running, end cannot be estimated */
    VIR_DOMAIN_JOB_COMPLETED = 3, /* finished successfully */
    VIR_DOMAIN_JOB_FAILED    = 4, /* finished with an error */
    VIR_DOMAIN_JOB_CANCELLED = 5, /* aborted */

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_JOB_LAST
# endif
} virDomainJobType;

/**
 * virDomainJobInfo:
 *
 * Filled in by virDomainGetJobInfo().  Times are in milliseconds, data in
 * bytes.  For a bounded job dataTotal == dataProcessed + dataRemaining.
 */
typedef struct _virDomainJobInfo virDomainJobInfo;
typedef virDomainJobInfo *virDomainJobInfoPtr;

struct _virDomainJobInfo {
    int type;                          /* a virDomainJobType */

    unsigned long long timeElapsed;
    unsigned long long timeRemaining;  /* bounded jobs only */

    unsigned long long dataTotal;      /* whole job */
    unsigned long long dataProcessed;
    unsigned long long dataRemaining;

    unsigned long long memTotal;       /* guest memory part */
    unsigned long long memProcessed;
    unsigned long long memRemaining;

    unsigned long long fileTotal;      /* disk part */
    unsigned long long fileProcessed;
    unsigned long long fileRemaining;
};

/**
 * virDomainGetJobStatsFlags:
 *
 * Flags for virDomainGetJobStats().
 */
typedef enum {
    VIR_DOMAIN_JOB_STATS_COMPLETED      = 1 << 0, /* the last finished job, not the current one */
    VIR_DOMAIN_JOB_STATS_KEEP_COMPLETED = 1 << 1, /* with COMPLETED: do not discard them */
} virDomainGetJobStatsFlags;

/**
 * virDomainAbortJobFlagsValues:
 *
 * Flags for virDomainAbortJobFlags().
 */
typedef enum {
    VIR_DOMAIN_ABORT_JOB_POSTCOPY = 1 << 0, /* suspend a post-copy migration */
} virDomainAbortJobFlagsValues;

/**
 * virDomainJobOperation:
 *
 * What started a job; value of the VIR_DOMAIN_JOB_OPERATION statistic.
 */
typedef enum {
    VIR_DOMAIN_JOB_OPERATION_UNKNOWN         = 0,
    VIR_DOMAIN_JOB_OPERATION_START           = 1,
    VIR_DOMAIN_JOB_OPERATION_SAVE            = 2,
    VIR_DOMAIN_JOB_OPERATION_RESTORE         = 3,
    VIR_DOMAIN_JOB_OPERATION_MIGRATION_IN    = 4,
    VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT   = 5,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT        = 6,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT_REVERT = 7,
    VIR_DOMAIN_JOB_OPERATION_DUMP            = 8,
    VIR_DOMAIN_JOB_OPERATION_BACKUP          = 9,
    VIR_DOMAIN_JOB_OPERATION_SNAPSHOT_DELETE = 10,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_JOB_OPERATION_LAST
# endif
} virDomainJobOperation;

/*
 * Field names of the typed parameters returned by virDomainGetJobStats().
 * Each comment gives the parameter type; a driver returns only the fields
 * that apply to the job.  Time in milliseconds, data in bytes.
 */
# define VIR_DOMAIN_JOB_OPERATION                "operation"        /* INT, a virDomainJobOperation */
# define VIR_DOMAIN_JOB_TIME_ELAPSED             "time_elapsed"     /* ULLONG */
# define VIR_DOMAIN_JOB_TIME_ELAPSED_NET         "time_elapsed_net" /* ULLONG, migration */
# define VIR_DOMAIN_JOB_TIME_REMAINING           "time_remaining"   /* ULLONG, bounded jobs */
# define VIR_DOMAIN_JOB_DOWNTIME                 "downtime"         /* ULLONG, migration */
# define VIR_DOMAIN_JOB_DOWNTIME_NET             "downtime_net"     /* ULLONG, migration */
# define VIR_DOMAIN_JOB_SETUP_TIME               "setup_time"       /* ULLONG, migration */
# define VIR_DOMAIN_JOB_DATA_TOTAL               "data_total"       /* ULLONG */
# define VIR_DOMAIN_JOB_DATA_PROCESSED           "data_processed"   /* ULLONG */
# define VIR_DOMAIN_JOB_DATA_REMAINING           "data_remaining"   /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_TOTAL             "memory_total"     /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_PROCESSED         "memory_processed" /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_REMAINING         "memory_remaining" /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_CONSTANT          "memory_constant"  /* ULLONG, pages */
# define VIR_DOMAIN_JOB_MEMORY_NORMAL            "memory_normal"    /* ULLONG, pages */
# define VIR_DOMAIN_JOB_MEMORY_NORMAL_BYTES      "memory_normal_bytes"      /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_BPS               "memory_bps"               /* ULLONG, bytes/s */
# define VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE        "memory_dirty_rate"        /* ULLONG, pages/s */
# define VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE         "memory_page_size"         /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_ITERATION         "memory_iteration"         /* ULLONG */
# define VIR_DOMAIN_JOB_MEMORY_POSTCOPY_REQS     "memory_postcopy_requests" /* ULLONG */
# define VIR_DOMAIN_JOB_DISK_TOTAL               "disk_total"       /* ULLONG */
# define VIR_DOMAIN_JOB_DISK_PROCESSED           "disk_processed"   /* ULLONG */
# define VIR_DOMAIN_JOB_DISK_REMAINING           "disk_remaining"   /* ULLONG */
# define VIR_DOMAIN_JOB_DISK_BPS                 "disk_bps"         /* ULLONG, bytes/s */
# define VIR_DOMAIN_JOB_COMPRESSION_CACHE        "compression_cache"        /* ULLONG */
# define VIR_DOMAIN_JOB_COMPRESSION_BYTES        "compression_bytes"        /* ULLONG */
# define VIR_DOMAIN_JOB_COMPRESSION_PAGES        "compression_pages"        /* ULLONG */
# define VIR_DOMAIN_JOB_COMPRESSION_CACHE_MISSES "compression_cache_misses" /* ULLONG */
# define VIR_DOMAIN_JOB_COMPRESSION_OVERFLOW     "compression_overflow"     /* ULLONG */
# define VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE   "auto_converge_throttle"   /* INT, percent */
# define VIR_DOMAIN_JOB_SUCCESS                  "success"          /* BOOLEAN, finished jobs */
# define VIR_DOMAIN_JOB_ERRMSG                   "errmsg"           /* STRING, failed jobs */
# define VIR_DOMAIN_JOB_DISK_TEMP_USED           "disk_temp_used"   /* ULLONG, backup scratch in use */
# define VIR_DOMAIN_JOB_DISK_TEMP_TOTAL          "disk_temp_total"  /* ULLONG, backup scratch size */

/**
 * virDomainBackupBeginFlags:
 *
 * Flags for virDomainBackupBegin().
 */
typedef enum {
    /* Targets and scratch files already exist: use them as they are. */
    VIR_DOMAIN_BACKUP_BEGIN_REUSE_EXTERNAL = (1 << 0),
} virDomainBackupBeginFlags;


/* ---- Handles and lookup --------------------------------------------- */

/**
 * virDomainGetConnect:
 * @domain: the domain
 *
 * Returns the connection @domain belongs to, without taking a reference
 * (valid while @domain is), or NULL (VIR_ERR_INVALID_DOMAIN).
 */
virConnectPtr virDomainGetConnect(virDomainPtr domain);

/**
 * virDomainLookupByName:
 * @conn: the connection
 * @name: domain name, not NULL
 *
 * Returns a new handle (release with virDomainFree()), or NULL with
 * VIR_ERR_NO_DOMAIN when there is no such domain.
 */
virDomainPtr virDomainLookupByName(virConnectPtr conn,
                                   const char *name);

/**
 * virDomainLookupByID:
 * @conn: the connection
 * @id: id of a running domain, >= 0
 *
 * Returns a new handle, or NULL: VIR_ERR_INVALID_ARG for a negative @id,
 * VIR_ERR_NO_DOMAIN when no running domain has it.
 */
virDomainPtr virDomainLookupByID(virConnectPtr conn,
                                 int id);

/**
 * virDomainLookupByUUID:
 * @conn: the connection
 * @uuid: VIR_UUID_BUFLEN raw bytes, not NULL
 *
 * Returns a new handle, or NULL with VIR_ERR_NO_DOMAIN when not found.
 */
virDomainPtr virDomainLookupByUUID(virConnectPtr conn,
                                   const unsigned char *uuid);

/**
 * virDomainLookupByUUIDString:
 * @conn: the connection
 * @uuid: printed UUID, not NULL
 *
 * Returns a new handle, or NULL: VIR_ERR_INVALID_ARG when @uuid does not
 * parse, VIR_ERR_NO_DOMAIN when not found.
 */
virDomainPtr virDomainLookupByUUIDString(virConnectPtr conn,
                                         const char *uuid);

/**
 * virConnectListAllDomains:
 * @conn: the connection
 * @domains: where to store a NULL-terminated array of new handles, or NULL
 *           to only count
 * @flags: bitwise-OR of virConnectListAllDomainsFlags
 *
 * Lists the domains, active and defined, that match @flags.  The caller
 * frees each handle with virDomainFree() and then the array with free().
 *
 * Returns the number of domains, or -1 with the error set (*@domains is
 * then NULL); VIR_ERR_INVALID_ARG for unknown @flags bits.
 */
int virConnectListAllDomains(virConnectPtr conn,
                             virDomainPtr **domains,
                             unsigned int flags);

/**
 * virDomainRef:
 * @domain: the domain
 *
 * Adds a reference to the handle.
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_DOMAIN).
 */
int virDomainRef(virDomainPtr domain);

/**
 * virDomainFree:
 * @domain: the domain
 *
 * Drops a reference to the handle; the domain itself is not affected.
 *
 * Returns 0, or -1 (VIR_ERR_INVALID_DOMAIN).
 */
int virDomainFree(virDomainPtr domain);


/* ---- Definition and life cycle -------------------------------------- */

/**
 * virDomainDefineXML:
 * @conn: the connection (read-write)
 * @xml: <domain> XML, not NULL
 *
 * Same as virDomainDefineXMLFlags() with @flags 0.
 */
virDomainPtr virDomainDefineXML(virConnectPtr conn,
                                const char *xml);

/**
 * virDomainDefineXMLFlags:
 * @conn: the connection (read-write)
 * @xml: <domain> XML, not NULL
 * @flags: bitwise-OR of virDomainDefineFlags
 *
 * Makes a domain persistent, or replaces the persistent definition of an
 * existing one with the same name and UUID (a running domain picks the new
 * definition up when it next starts).
 *
 * Returns a new handle, or NULL: VIR_ERR_OPERATION_DENIED on a read-only
 * connection, VIR_ERR_XML_ERROR / VIR_ERR_XML_INVALID_SCHEMA for bad XML,
 * VIR_ERR_OPERATION_FAILED when the name or UUID clashes with another domain.
 */
virDomainPtr virDomainDefineXMLFlags(virConnectPtr conn,
                                     const char *xml,
                                     unsigned int flags);

/**
 * virDomainUndefine:
 * @domain: the domain
 *
 * Same as virDomainUndefineFlags() with @flags 0.
 */
int virDomainUndefine(virDomainPtr domain);

/**
 * virDomainUndefineFlags:
 * @domain: the domain
 * @flags: bitwise-OR of virDomainUndefineFlagsValues
 *
 * Removes the persistent definition.  A running domain keeps running as a
 * transient one.  Without SNAPSHOTS_METADATA / CHECKPOINTS_METADATA the call
 * fails with VIR_ERR_OPERATION_INVALID while snapshot or checkpoint metadata
 * exists for an inactive domain.
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainUndefineFlags(virDomainPtr domain,
                           unsigned int flags);

/**
 * virDomainCreate:
 * @domain: a defined, inactive domain
 *
 * Same as virDomainCreateWithFlags() with @flags 0.
 */
int virDomainCreate(virDomainPtr domain);

/**
 * virDomainCreateWithFlags:
 * @domain: a defined, inactive domain
 * @flags: bitwise-OR of virDomainCreateFlags
 *
 * Starts the domain.  On success the handle's id is updated.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_INVALID if already running,
 * VIR_ERR_CONFIG_UNSUPPORTED for a definition the driver cannot run.
 */
int virDomainCreateWithFlags(virDomainPtr domain,
                             unsigned int flags);

/**
 * virDomainCreateXML:
 * @conn: the connection (read-write)
 * @xmlDesc: <domain> XML, not NULL
 * @flags: bitwise-OR of virDomainCreateFlags
 *
 * Defines and starts a transient domain, which disappears when it stops.
 *
 * Returns a new handle, or NULL with the error set.
 */
virDomainPtr virDomainCreateXML(virConnectPtr conn,
                                const char *xmlDesc,
                                unsigned int flags);

/**
 * virDomainDestroy:
 * @domain: a running domain
 *
 * Same as virDomainDestroyFlags() with @flags 0.
 */
int virDomainDestroy(virDomainPtr domain);

/**
 * virDomainDestroyFlags:
 * @domain: a running domain
 * @flags: bitwise-OR of virDomainDestroyFlagsValues
 *
 * Stops the domain at once, as a power cut would.  A running backup job is
 * ended.  A transient domain is gone afterwards.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_INVALID if not running.
 */
int virDomainDestroyFlags(virDomainPtr domain,
                          unsigned int flags);

/**
 * virDomainShutdown:
 * @domain: a running domain
 *
 * Same as virDomainShutdownFlags() with @flags 0.
 */
int virDomainShutdown(virDomainPtr domain);

/**
 * virDomainShutdownFlags:
 * @domain: a running domain
 * @flags: bitwise-OR of virDomainShutdownFlagValues
 *
 * Asks the guest to power off and returns without waiting for it.
 *
 * Returns 0 once the request is delivered, or -1 with the error set.
 */
int virDomainShutdownFlags(virDomainPtr domain,
                           unsigned int flags);

/**
 * virDomainSuspend:
 * @domain: a running domain (read-write connection)
 *
 * Pauses the domain's virtual CPUs; it keeps its resources and its state
 * becomes VIR_DOMAIN_PAUSED (reason VIR_DOMAIN_PAUSED_USER).  Emits the
 * lifecycle event VIR_DOMAIN_EVENT_SUSPENDED / _SUSPENDED_PAUSED.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_DENIED read-only; on the test
 * driver VIR_ERR_INTERNAL_ERROR "domain 'NAME' not running" when the
 * domain is shut off or already paused.
 */
int virDomainSuspend(virDomainPtr domain);

/**
 * virDomainResume:
 * @domain: a paused domain (read-write connection)
 *
 * Lets a domain paused by virDomainSuspend() run again (reason
 * VIR_DOMAIN_RUNNING_UNPAUSED).  Emits VIR_DOMAIN_EVENT_RESUMED /
 * _RESUMED_UNPAUSED.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_DENIED read-only; on the test
 * driver VIR_ERR_INTERNAL_ERROR "domain 'NAME' not paused".
 */
int virDomainResume(virDomainPtr domain);


/* ---- Queries -------------------------------------------------------- */

/**
 * virDomainGetXMLDesc:
 * @domain: the domain
 * @flags: bitwise-OR of virDomainXMLFlags
 *
 * Returns the domain XML as a new string the caller must free(), or NULL:
 * VIR_ERR_OPERATION_DENIED for VIR_DOMAIN_XML_SECURE on a read-only
 * connection.
 */
char *virDomainGetXMLDesc(virDomainPtr domain,
                          unsigned int flags);

/**
 * virDomainGetInfo:
 * @domain: the domain
 * @info: filled in on success, not NULL
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetInfo(virDomainPtr domain,
                     virDomainInfoPtr info);

/**
 * virDomainGetState:
 * @domain: the domain
 * @state: receives a virDomainState, not NULL
 * @reason: receives the driver's reason code for @state, or NULL
 * @flags: must be 0
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetState(virDomainPtr domain,
                      int *state,
                      int *reason,
                      unsigned int flags);

/**
 * virDomainIsActive:
 * @dom: the domain
 *
 * Returns 1 if running (or paused), 0 if not, -1 on error.
 */
int virDomainIsActive(virDomainPtr dom);

/**
 * virDomainIsPersistent:
 * @dom: the domain
 *
 * Returns 1 if the domain has a persistent definition, 0 if it is
 * transient, -1 on error.
 */
int virDomainIsPersistent(virDomainPtr dom);

/**
 * virDomainGetOSType:
 * @domain: the domain
 *
 * Returns the type of operating system the domain runs ("linux" on the
 * test driver) as a new string the caller must free(), or NULL with the
 * error set.
 */
char *virDomainGetOSType(virDomainPtr domain);

/**
 * virDomainBlockJobType:
 *
 * The kind of a block job (virDomainBlockJobInfo.type).
 */
typedef enum {
    VIR_DOMAIN_BLOCK_JOB_TYPE_UNKNOWN = 0,
    VIR_DOMAIN_BLOCK_JOB_TYPE_PULL = 1,
    VIR_DOMAIN_BLOCK_JOB_TYPE_COPY = 2,
    VIR_DOMAIN_BLOCK_JOB_TYPE_COMMIT = 3,
    VIR_DOMAIN_BLOCK_JOB_TYPE_ACTIVE_COMMIT = 4,
    VIR_DOMAIN_BLOCK_JOB_TYPE_BACKUP = 5,     /* a disk's part of a backup job */

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_BLOCK_JOB_TYPE_LAST
# endif
} virDomainBlockJobType;

/**
 * virDomainBlockJobInfoFlags:
 *
 * Flags for virDomainGetBlockJobInfo().
 */
typedef enum {
    VIR_DOMAIN_BLOCK_JOB_INFO_BANDWIDTH_BYTES = 1 << 0, /* bandwidth in bytes/s, not MiB/s */
} virDomainBlockJobInfoFlags;

typedef unsigned long long virDomainBlockJobCursor;

/**
 * virDomainBlockJobInfo:
 *
 * Filled in by virDomainGetBlockJobInfo(): @cur runs from 0 to @end.
 */
typedef struct _virDomainBlockJobInfo virDomainBlockJobInfo;
struct _virDomainBlockJobInfo {
    int type;                   /* virDomainBlockJobType */
    unsigned long bandwidth;    /* bytes/s or MiB/s, as the flags ask */
    virDomainBlockJobCursor cur;
    virDomainBlockJobCursor end;
};
typedef virDomainBlockJobInfo *virDomainBlockJobInfoPtr;

/**
 * virDomainGetBlockJobInfo:
 * @dom: the domain
 * @disk: the disk's target name (vda) or source path; not NULL
 * @info: receives the job's progress; not NULL
 * @flags: bitwise-OR of virDomainBlockJobInfoFlags
 *
 * The block job running on @disk: with tidemark's qemu driver, the disk's
 * part of a backup job.
 *
 * Returns 1 with @info filled, 0 when the disk has no job, -1 with the
 * error set (VIR_ERR_INVALID_ARG for a disk the domain does not have,
 * VIR_ERR_OPERATION_INVALID for a domain that is not running).
 */
int virDomainGetBlockJobInfo(virDomainPtr dom, const char *disk,
                             virDomainBlockJobInfoPtr info,
                             unsigned int flags);

/**
 * virDomainFSFreeze:
 * @dom: the domain
 * @mountpoints: the guest's mount points to freeze, or NULL for all
 * @nmountpoints: the number of @mountpoints
 * @flags: 0
 *
 * Freezes the guest's file systems through its guest agent. tidemark's
 * qemu driver does not talk to guest agents: like libvirt without an
 * agent it fails, with VIR_ERR_ARGUMENT_UNSUPPORTED "QEMU guest agent is
 * not configured" (VIR_ERR_AGENT_UNRESPONSIVE "... is not connected" when
 * the domain has an agent channel). Backup tools go on without it.
 *
 * Returns the number of file systems frozen, or -1 with the error set.
 */
int virDomainFSFreeze(virDomainPtr dom, const char **mountpoints,
                      unsigned int nmountpoints, unsigned int flags);

/**
 * virDomainFSThaw:
 * @dom: the domain
 * @mountpoints: the mount points to thaw, or NULL for all
 * @nmountpoints: the number of @mountpoints
 * @flags: 0
 *
 * Thaws what virDomainFSFreeze() froze.
 *
 * Returns the number of file systems thawed, or -1 with the error set.
 */
int virDomainFSThaw(virDomainPtr dom, const char **mountpoints,
                    unsigned int nmountpoints, unsigned int flags);

/**
 * virDomainGetAutostart:
 * @domain: the domain
 * @autostart: receives 1 if the domain starts with the host, else 0; not
 *             NULL
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetAutostart(virDomainPtr domain,
                          int *autostart);

/**
 * virDomainHasManagedSaveImage:
 * @dom: the domain
 * @flags: must be 0
 *
 * Returns 1 if the domain has a managed save image (the next start
 * restores it), 0 if not, -1 on error.
 */
int virDomainHasManagedSaveImage(virDomainPtr dom,
                                 unsigned int flags);

/**
 * virDomainGetSecurityLabel:
 * @domain: the domain
 * @seclabel: filled in on success (zeroed first), not NULL
 *
 * The security label of a running domain; an inactive one has label "".
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetSecurityLabel(virDomainPtr domain,
                              virSecurityLabelPtr seclabel);

/**
 * virDomainGetMessages:
 * @domain: the domain
 * @msgs: receives a NULL-terminated array of messages, not NULL; free
 *        each string and the array with free()
 * @flags: bitwise-OR of virDomainMessageType, 0 for all
 *
 * Messages about the domain for a human: what tainted it ("tainted:
 * ...") and the deprecated configuration it uses ("deprecated
 * configuration: ...").
 *
 * Returns the number of messages, or -1 with the error set.
 */
int virDomainGetMessages(virDomainPtr domain,
                         char ***msgs,
                         unsigned int flags);

/**
 * virDomainGetName:
 * @domain: the domain
 *
 * Returns the name, owned by the handle, or NULL (VIR_ERR_INVALID_DOMAIN).
 */
const char *virDomainGetName(virDomainPtr domain);

/**
 * virDomainGetUUID:
 * @domain: the domain
 * @uuid: receives VIR_UUID_BUFLEN raw bytes, not NULL
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetUUID(virDomainPtr domain,
                     unsigned char *uuid);

/**
 * virDomainGetUUIDString:
 * @domain: the domain
 * @buf: receives the printed UUID, at least VIR_UUID_STRING_BUFLEN bytes
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetUUIDString(virDomainPtr domain,
                           char *buf);

/**
 * virDomainGetID:
 * @domain: the domain
 *
 * Returns the id of a running domain, or (unsigned int)-1 for an inactive
 * domain or on error.
 */
unsigned int virDomainGetID(virDomainPtr domain);


/* ---- Jobs ----------------------------------------------------------- */

/**
 * virDomainGetJobInfo:
 * @dom: the domain
 * @info: filled in on success, not NULL
 *
 * Reports progress of the domain's current job (e.g. a backup); with no
 * job, @info->type is VIR_DOMAIN_JOB_NONE.
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetJobInfo(virDomainPtr dom,
                        virDomainJobInfoPtr info);

/**
 * virDomainGetJobStats:
 * @domain: the domain
 * @type: receives a virDomainJobType, not NULL
 * @params: receives an array of VIR_DOMAIN_JOB_* statistics, to be released
 *          with virTypedParamsFree(); not NULL
 * @nparams: receives the number of elements of @params, not NULL
 * @flags: bitwise-OR of virDomainGetJobStatsFlags
 *
 * Like virDomainGetJobInfo() but extensible.  With
 * VIR_DOMAIN_JOB_STATS_COMPLETED it reports the last finished job, which
 * includes VIR_DOMAIN_JOB_SUCCESS (and VIR_DOMAIN_JOB_ERRMSG on failure).
 * With no job, *@type is VIR_DOMAIN_JOB_NONE and *@nparams 0.
 *
 * Returns 0, or -1 with the error set.
 */
int virDomainGetJobStats(virDomainPtr domain,
                         int *type,
                         virTypedParameterPtr *params,
                         int *nparams,
                         unsigned int flags);

/**
 * virDomainAbortJob:
 * @dom: the domain
 *
 * Same as virDomainAbortJobFlags() with @flags 0.
 */
int virDomainAbortJob(virDomainPtr dom);

/**
 * virDomainAbortJobFlags:
 * @dom: the domain
 * @flags: bitwise-OR of virDomainAbortJobFlagsValues
 *
 * Cancels the domain's current job.  This is how a pull backup is ended
 * normally; a push backup aborted early leaves incomplete output.
 *
 * Returns 0, or -1: VIR_ERR_OPERATION_INVALID when no job runs.
 */
int virDomainAbortJobFlags(virDomainPtr dom,
                           unsigned int flags);


/* ---- Backup --------------------------------------------------------- */

/**
 * virDomainBackupBegin:
 * @domain: a running domain
 * @backupXML: <domainbackup> XML (push or pull mode, disks, incremental
 *             checkpoint), not NULL
 * @checkpointXML: <domaincheckpoint> XML for a checkpoint to create at the
 *                 same instant, or NULL
 * @flags: bitwise-OR of virDomainBackupBeginFlags
 *
 * Starts a backup job (VIR_DOMAIN_JOB_OPERATION_BACKUP).  A push backup
 * ends by itself; a pull backup runs until virDomainAbortJob().
 *
 * Returns 0 once the job runs, or -1: VIR_ERR_OPERATION_DENIED read-only,
 * VIR_ERR_OPERATION_UNSUPPORTED on an inactive domain,
 * VIR_ERR_OPERATION_INVALID while another backup runs,
 * VIR_ERR_NO_DOMAIN_CHECKPOINT / VIR_ERR_CHECKPOINT_INCONSISTENT for an
 * unusable incremental base, VIR_ERR_NO_SUPPORT on drivers without backups.
 */
int virDomainBackupBegin(virDomainPtr domain,
                         const char *backupXML,
                         const char *checkpointXML,
                         unsigned int flags);

/**
 * virDomainBackupGetXMLDesc:
 * @domain: the domain
 * @flags: must be 0
 *
 * Returns the XML of the running backup job, with defaults filled in, as a
 * new string the caller must free(), or NULL: VIR_ERR_NO_DOMAIN_BACKUP when
 * no backup runs.
 */
char *virDomainBackupGetXMLDesc(virDomainPtr domain,
                                unsigned int flags);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_DOMAIN_H */
