/*
 * driver.h: the table every connection driver implements
 *
 * A connection is bound to one driver when it opens. Each public entry
 * point checks its handles, arguments and the flags it knows must not
 * be combined, then calls the driver method of the same name (the
 * public name without "vir", first letter lowered: virDomainBackupBegin
 * -> domainBackupBegin) with the public function's own arguments. A
 * NULL method makes the public call fail with VIR_ERR_NO_SUPPORT
 * ("this function is not supported by the connection driver:
 * virDomainBackupBegin"). There are no fallbacks between related
 * methods (virDomainUndefine never calls domainUndefineFlags), exactly
 * as in libvirt; a driver fills both with a one-line wrapper instead.
 *
 * Contract of every method:
 *  - handles are valid and hold a reference for the whole call;
 *  - it rejects unknown @flags itself (virCheckFlags), since the public
 *    layer only checks the combinations libvirt checks there;
 *  - on failure it reports exactly one error (virReportError from the
 *    driver's own VIR_FROM_THIS) and returns -1 / NULL; the public layer
 *    dispatches it;
 *  - returned handles carry one reference owned by the caller, strings
 *    and arrays are allocated with GLib (g_malloc/g_new, which use the
 *    system allocator) so that callers can free() them.
 *
 * Handle-only calls (virDomainGetName, virDomainCheckpointGetDomain,
 * Ref/Free, ...) never reach the driver.
 */
#pragma once

#include "internal.h"

typedef struct _virConnectDriver virConnectDriver;

/* connectOpen results */
#define VIR_DRV_OPEN_SUCCESS 0
#define VIR_DRV_OPEN_ERROR (-1)    /* error reported: stop trying drivers */
#define VIR_DRV_OPEN_DECLINED (-2) /* not mine: ask the next driver */

/*
 * connectOpen: @conn is new, with conn->uri / conn->guri set to the
 * canonical and parsed URI (both NULL when the caller gave none and no
 * default URI is configured; only drivers without uri_schemes are then
 * asked, and such a driver must set conn->uri itself when it accepts).
 * @uri is conn->uri. @flags holds VIR_CONNECT_RO.
 * Returns VIR_DRV_OPEN_SUCCESS, having set conn->privateData as it
 * needs; VIR_DRV_OPEN_DECLINED when the URI is not for this driver (no
 * error set); VIR_DRV_OPEN_ERROR with an error reported. On anything
 * but success conn->privateData must be left NULL: connectClose is only
 * called for connections that opened.
 */
typedef int (*virDrvConnectOpen)(virConnectPtr conn, const char *uri,
                                 unsigned int flags);
/* Called once, when the last reference to an opened connection goes:
 * frees conn->privateData. Returns 0 or -1 (the result is ignored:
 * the connection is gone either way). */
typedef int (*virDrvConnectClose)(virConnectPtr conn);
typedef int (*virDrvConnectIsAlive)(virConnectPtr conn);
/* @libVer is not NULL. */
typedef int (*virDrvConnectGetLibVersion)(virConnectPtr conn, unsigned long *libVer);
typedef const char *(*virDrvConnectGetType)(virConnectPtr conn);
typedef int (*virDrvConnectGetVersion)(virConnectPtr conn, unsigned long *hvVer);
typedef char *(*virDrvConnectGetHostname)(virConnectPtr conn);
typedef int (*virDrvConnectListAllDomains)(virConnectPtr conn,
                                           virDomainPtr **domains,
                                           unsigned int flags);
/* Only a driver with a transport to a daemon has this. */
typedef char *(*virDrvConnectDomainXMLToNative)(virConnectPtr conn,
                                                const char *format,
                                                const char *xml,
                                                unsigned int flags);
typedef int (*virDrvConnectSetKeepAlive)(virConnectPtr conn, int interval,
                                         unsigned int count);
/* @secmodel is not NULL; the method fills every byte of it. */
typedef int (*virDrvNodeGetSecurityModel)(virConnectPtr conn,
                                          virSecurityModelPtr secmodel);

/* domains: lookup, definition, life cycle */
typedef virDomainPtr (*virDrvDomainLookupByName)(virConnectPtr conn,
                                                 const char *name);
typedef virDomainPtr (*virDrvDomainLookupByID)(virConnectPtr conn, int id);
/* Also serves virDomainLookupByUUIDString, after the public layer has
 * parsed the string. */
typedef virDomainPtr (*virDrvDomainLookupByUUID)(virConnectPtr conn,
                                                 const unsigned char *uuid);
typedef virDomainPtr (*virDrvDomainDefineXML)(virConnectPtr conn,
                                              const char *xml);
typedef virDomainPtr (*virDrvDomainDefineXMLFlags)(virConnectPtr conn,
                                                   const char *xml,
                                                   unsigned int flags);
typedef int (*virDrvDomainUndefine)(virDomainPtr domain);
typedef int (*virDrvDomainUndefineFlags)(virDomainPtr domain,
                                         unsigned int flags);
typedef int (*virDrvDomainCreate)(virDomainPtr domain);
typedef int (*virDrvDomainCreateWithFlags)(virDomainPtr domain,
                                           unsigned int flags);
typedef virDomainPtr (*virDrvDomainCreateXML)(virConnectPtr conn,
                                              const char *xmlDesc,
                                              unsigned int flags);
typedef int (*virDrvDomainDestroy)(virDomainPtr domain);
typedef int (*virDrvDomainDestroyFlags)(virDomainPtr domain,
                                        unsigned int flags);
typedef int (*virDrvDomainShutdown)(virDomainPtr domain);
typedef int (*virDrvDomainShutdownFlags)(virDomainPtr domain,
                                         unsigned int flags);
typedef int (*virDrvDomainQemuMonitorCommand)(virDomainPtr domain, const char *cmd,
                                              char **result, unsigned int flags);
typedef int (*virDrvDomainSuspend)(virDomainPtr domain);
typedef int (*virDrvDomainResume)(virDomainPtr domain);

/* events: the public layer has checked @dom (a handle of @conn), @cb
 * (not NULL) and @eventID (in range); @callbackID is >= 0 */
typedef int (*virDrvConnectDomainEventRegisterAny)(virConnectPtr conn,
                                                   virDomainPtr dom,
                                                   int eventID,
                                                   virConnectDomainEventGenericCallback cb,
                                                   void *opaque,
                                                   virFreeCallback freecb);
typedef int (*virDrvConnectDomainEventDeregisterAny)(virConnectPtr conn,
                                                     int callbackID);
/* Delivers the events the driver queued so far now, on this thread
 * (virDomainEventStateFlush); not part of the public API. */
typedef void (*virDrvConnectFlushEvents)(virConnectPtr conn);

/* domains: queries */
typedef char *(*virDrvDomainGetXMLDesc)(virDomainPtr domain,
                                        unsigned int flags);
typedef int (*virDrvDomainGetInfo)(virDomainPtr domain,
                                   virDomainInfoPtr info);
typedef int (*virDrvDomainGetState)(virDomainPtr domain, int *state,
                                    int *reason, unsigned int flags);
typedef int (*virDrvDomainIsActive)(virDomainPtr dom);
typedef int (*virDrvDomainIsPersistent)(virDomainPtr dom);
typedef char *(*virDrvDomainGetOSType)(virDomainPtr domain);
/* @autostart is not NULL. */
typedef int (*virDrvDomainGetAutostart)(virDomainPtr domain, int *autostart);
typedef int (*virDrvDomainHasManagedSaveImage)(virDomainPtr dom,
                                               unsigned int flags);
/* @seclabel is not NULL; the method fills every byte of it. */
typedef int (*virDrvDomainGetSecurityLabel)(virDomainPtr domain,
                                            virSecurityLabelPtr seclabel);
/* @msgs is not NULL; on success it receives a NULL-terminated array
 * and the method returns its length. */
typedef int (*virDrvDomainGetMessages)(virDomainPtr domain, char ***msgs,
                                       unsigned int flags);

/* domains: jobs and backup */
typedef int (*virDrvDomainGetJobInfo)(virDomainPtr dom,
                                      virDomainJobInfoPtr info);
typedef int (*virDrvDomainGetJobStats)(virDomainPtr domain, int *type,
                                       virTypedParameterPtr *params,
                                       int *nparams, unsigned int flags);
typedef int (*virDrvDomainAbortJob)(virDomainPtr dom);
/* @disk and @info are not NULL; @info is zeroed. */
typedef int (*virDrvDomainGetBlockJobInfo)(virDomainPtr dom, const char *disk,
                                           virDomainBlockJobInfoPtr info,
                                           unsigned int flags);
/* @mountpoints has @nmountpoints entries (NULL when 0). */
typedef int (*virDrvDomainFSFreeze)(virDomainPtr dom, const char **mountpoints,
                                    unsigned int nmountpoints, unsigned int flags);
typedef int (*virDrvDomainFSThaw)(virDomainPtr dom, const char **mountpoints,
                                  unsigned int nmountpoints, unsigned int flags);
typedef int (*virDrvDomainAbortJobFlags)(virDomainPtr dom,
                                         unsigned int flags);
typedef int (*virDrvDomainBackupBegin)(virDomainPtr domain,
                                       const char *backupXML,
                                       const char *checkpointXML,
                                       unsigned int flags);
typedef char *(*virDrvDomainBackupGetXMLDesc)(virDomainPtr domain,
                                              unsigned int flags);

/* checkpoints */
typedef virDomainCheckpointPtr
(*virDrvDomainCheckpointCreateXML)(virDomainPtr domain, const char *xmlDesc,
                                   unsigned int flags);
typedef char *(*virDrvDomainCheckpointGetXMLDesc)(virDomainCheckpointPtr checkpoint,
                                                  unsigned int flags);
/* @checkpoints / @children may be NULL: count only. */
typedef int (*virDrvDomainListAllCheckpoints)(virDomainPtr domain,
                                              virDomainCheckpointPtr **checkpoints,
                                              unsigned int flags);
typedef int (*virDrvDomainCheckpointListAllChildren)(virDomainCheckpointPtr checkpoint,
                                                     virDomainCheckpointPtr **children,
                                                     unsigned int flags);
typedef virDomainCheckpointPtr
(*virDrvDomainCheckpointLookupByName)(virDomainPtr domain, const char *name,
                                      unsigned int flags);
typedef virDomainCheckpointPtr
(*virDrvDomainCheckpointGetParent)(virDomainCheckpointPtr checkpoint,
                                   unsigned int flags);
typedef int (*virDrvDomainCheckpointDelete)(virDomainCheckpointPtr checkpoint,
                                            unsigned int flags);
/* tidemark's own (tidemark-extensions.h) */
typedef char *(*virDrvDomainCheckpointVerify)(virDomainPtr domain, const char *name,
                                              unsigned int flags);

/* snapshots */
typedef virDomainSnapshotPtr
(*virDrvDomainSnapshotCreateXML)(virDomainPtr domain, const char *xmlDesc,
                                 unsigned int flags);
typedef char *(*virDrvDomainSnapshotGetXMLDesc)(virDomainSnapshotPtr snapshot,
                                                unsigned int flags);
typedef int (*virDrvDomainSnapshotNum)(virDomainPtr domain, unsigned int flags);
/* @names may be NULL only when @nameslen is 0. */
typedef int (*virDrvDomainSnapshotListNames)(virDomainPtr domain, char **names,
                                             int nameslen, unsigned int flags);
typedef int (*virDrvDomainListAllSnapshots)(virDomainPtr domain,
                                            virDomainSnapshotPtr **snaps,
                                            unsigned int flags);
typedef int (*virDrvDomainSnapshotNumChildren)(virDomainSnapshotPtr snapshot,
                                               unsigned int flags);
typedef int (*virDrvDomainSnapshotListChildrenNames)(virDomainSnapshotPtr snapshot,
                                                     char **names, int nameslen,
                                                     unsigned int flags);
typedef int (*virDrvDomainSnapshotListAllChildren)(virDomainSnapshotPtr snapshot,
                                                   virDomainSnapshotPtr **snaps,
                                                   unsigned int flags);
typedef virDomainSnapshotPtr
(*virDrvDomainSnapshotLookupByName)(virDomainPtr domain, const char *name,
                                    unsigned int flags);
typedef int (*virDrvDomainHasCurrentSnapshot)(virDomainPtr domain,
                                              unsigned int flags);
typedef virDomainSnapshotPtr
(*virDrvDomainSnapshotCurrent)(virDomainPtr domain, unsigned int flags);
typedef virDomainSnapshotPtr
(*virDrvDomainSnapshotGetParent)(virDomainSnapshotPtr snapshot,
                                 unsigned int flags);
typedef int (*virDrvDomainSnapshotIsCurrent)(virDomainSnapshotPtr snapshot,
                                             unsigned int flags);
typedef int (*virDrvDomainSnapshotHasMetadata)(virDomainSnapshotPtr snapshot,
                                               unsigned int flags);
typedef int (*virDrvDomainRevertToSnapshot)(virDomainSnapshotPtr snapshot,
                                            unsigned int flags);
typedef int (*virDrvDomainSnapshotDelete)(virDomainSnapshotPtr snapshot,
                                          unsigned int flags);

struct _virConnectDriver {
    const char *name;                 /* "test", "qemu", "remote": for logs */
    /* Every method returns without waiting on anything but the driver's
     * own short-held locks (no monitor, no process, no disk sync, never
     * the daemon's main loop): tidemarkd then runs the calls of a
     * connection to it in its main loop, sparing a thread handover per
     * call. Opening the connection is not covered. */
    bool never_blocks;
    /* NULL-terminated list of the URI schemes this driver serves, e.g.
     * {"test", NULL}; the driver is only asked for URIs with one of them.
     * NULL means "any URI, and also no URI at all" (the remote driver). */
    const char *const *uri_schemes;

    virDrvConnectOpen connectOpen;    /* required */
    virDrvConnectClose connectClose;  /* required */
    virDrvConnectIsAlive connectIsAlive;
    virDrvConnectGetLibVersion connectGetLibVersion;
    virDrvConnectGetType connectGetType;         /* NULL: the driver's name */
    virDrvConnectGetVersion connectGetVersion;
    virDrvConnectGetHostname connectGetHostname;
    virDrvConnectListAllDomains connectListAllDomains;
    virDrvConnectSetKeepAlive connectSetKeepAlive;
    virDrvConnectDomainXMLToNative connectDomainXMLToNative;
    virDrvNodeGetSecurityModel nodeGetSecurityModel;
    virDrvConnectDomainEventRegisterAny connectDomainEventRegisterAny;
    virDrvConnectDomainEventDeregisterAny connectDomainEventDeregisterAny;
    /* tidemarkd, after each call and before its reply: the events the
     * call caused reach the client first, as from libvirtd */
    virDrvConnectFlushEvents connectFlushEvents;

    virDrvDomainLookupByName domainLookupByName;
    virDrvDomainLookupByID domainLookupByID;
    virDrvDomainLookupByUUID domainLookupByUUID;
    virDrvDomainDefineXML domainDefineXML;
    virDrvDomainDefineXMLFlags domainDefineXMLFlags;
    virDrvDomainUndefine domainUndefine;
    virDrvDomainUndefineFlags domainUndefineFlags;
    virDrvDomainCreate domainCreate;
    virDrvDomainCreateWithFlags domainCreateWithFlags;
    virDrvDomainCreateXML domainCreateXML;
    virDrvDomainDestroy domainDestroy;
    virDrvDomainDestroyFlags domainDestroyFlags;
    virDrvDomainShutdown domainShutdown;
    virDrvDomainShutdownFlags domainShutdownFlags;
    virDrvDomainQemuMonitorCommand domainQemuMonitorCommand;
    virDrvDomainSuspend domainSuspend;
    virDrvDomainResume domainResume;

    virDrvDomainGetXMLDesc domainGetXMLDesc;
    virDrvDomainGetInfo domainGetInfo;
    virDrvDomainGetState domainGetState;
    virDrvDomainIsActive domainIsActive;
    virDrvDomainIsPersistent domainIsPersistent;
    virDrvDomainGetOSType domainGetOSType;
    virDrvDomainGetAutostart domainGetAutostart;
    virDrvDomainHasManagedSaveImage domainHasManagedSaveImage;
    virDrvDomainGetSecurityLabel domainGetSecurityLabel;
    virDrvDomainGetMessages domainGetMessages;

    virDrvDomainGetJobInfo domainGetJobInfo;
    virDrvDomainGetJobStats domainGetJobStats;
    virDrvDomainAbortJob domainAbortJob;
    virDrvDomainAbortJobFlags domainAbortJobFlags;
    virDrvDomainGetBlockJobInfo domainGetBlockJobInfo;
    virDrvDomainFSFreeze domainFSFreeze;
    virDrvDomainFSThaw domainFSThaw;
    virDrvDomainBackupBegin domainBackupBegin;
    virDrvDomainBackupGetXMLDesc domainBackupGetXMLDesc;

    virDrvDomainCheckpointCreateXML domainCheckpointCreateXML;
    virDrvDomainCheckpointGetXMLDesc domainCheckpointGetXMLDesc;
    virDrvDomainListAllCheckpoints domainListAllCheckpoints;
    virDrvDomainCheckpointListAllChildren domainCheckpointListAllChildren;
    virDrvDomainCheckpointLookupByName domainCheckpointLookupByName;
    virDrvDomainCheckpointGetParent domainCheckpointGetParent;
    virDrvDomainCheckpointDelete domainCheckpointDelete;
    virDrvDomainCheckpointVerify domainCheckpointVerify;

    virDrvDomainSnapshotCreateXML domainSnapshotCreateXML;
    virDrvDomainSnapshotGetXMLDesc domainSnapshotGetXMLDesc;
    virDrvDomainSnapshotNum domainSnapshotNum;
    virDrvDomainSnapshotListNames domainSnapshotListNames;
    virDrvDomainListAllSnapshots domainListAllSnapshots;
    virDrvDomainSnapshotNumChildren domainSnapshotNumChildren;
    virDrvDomainSnapshotListChildrenNames domainSnapshotListChildrenNames;
    virDrvDomainSnapshotListAllChildren domainSnapshotListAllChildren;
    virDrvDomainSnapshotLookupByName domainSnapshotLookupByName;
    virDrvDomainHasCurrentSnapshot domainHasCurrentSnapshot;
    virDrvDomainSnapshotCurrent domainSnapshotCurrent;
    virDrvDomainSnapshotGetParent domainSnapshotGetParent;
    virDrvDomainSnapshotIsCurrent domainSnapshotIsCurrent;
    virDrvDomainSnapshotHasMetadata domainSnapshotHasMetadata;
    virDrvDomainRevertToSnapshot domainRevertToSnapshot;
    virDrvDomainSnapshotDelete domainSnapshotDelete;
};

/*
 * The registry. Drivers are asked in registration order, so a wildcard
 * driver (uri_schemes NULL) must be registered last.
 */

/* Size of the registry: room for test, qemu and remote with spares. */
#define VIR_MAX_CONNECT_DRIVERS 8

/**
 * virRegisterConnectDriver:
 * @driver: a driver table, which must outlive the process (or its
 *          unregistration) -- normally a static const
 *
 * Adds @driver to the end of the registry. Thread-safe.
 *
 * Returns 0, or -1 with VIR_ERR_INTERNAL_ERROR set when the registry is
 * full, @driver has no connectOpen/connectClose, or it is already
 * registered.
 */
int virRegisterConnectDriver(const virConnectDriver *driver);

/**
 * virConnectDriverGetAll:
 * @drivers: receives up to VIR_MAX_CONNECT_DRIVERS entries
 *
 * Copies the current registry (a consistent snapshot, taken under the
 * registry lock) in registration order.
 *
 * Returns the number of drivers copied.
 */
size_t virConnectDriverGetAll(const virConnectDriver **drivers);

/**
 * virConnectDriverUnregisterAll:
 *
 * Empties the registry. For tests only: connections already open keep
 * using their driver, which must therefore stay valid.
 */
void virConnectDriverUnregisterAll(void);
