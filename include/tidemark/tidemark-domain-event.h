/*
 * tidemark-domain-event.h: domain events and their callbacks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A connection registers a callback per event id with
 * virConnectDomainEventRegisterAny(); the driver queues events as domains
 * change and the event loop (tidemark-event.h) delivers them.  Names,
 * values and signatures are libvirt 9.0's (libvirt-domain.h).
 */

#ifndef TIDEMARK_DOMAIN_EVENT_H
# define TIDEMARK_DOMAIN_EVENT_H

# include <tidemark/tidemark-common.h>
# include <tidemark/tidemark-host.h>
# include <tidemark/tidemark-domain.h>

# ifdef __cplusplus
extern "C" {
# endif

/**
 * virDomainEventType:
 *
 * The @event of a lifecycle callback (VIR_DOMAIN_EVENT_ID_LIFECYCLE).
 * Each has its own detail enum below.
 */
typedef enum {
    VIR_DOMAIN_EVENT_DEFINED = 0,
    VIR_DOMAIN_EVENT_UNDEFINED = 1,
    VIR_DOMAIN_EVENT_STARTED = 2,
    VIR_DOMAIN_EVENT_SUSPENDED = 3,
    VIR_DOMAIN_EVENT_RESUMED = 4,
    VIR_DOMAIN_EVENT_STOPPED = 5,
    VIR_DOMAIN_EVENT_SHUTDOWN = 6,
    VIR_DOMAIN_EVENT_PMSUSPENDED = 7,
    VIR_DOMAIN_EVENT_CRASHED = 8,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_LAST
# endif
} virDomainEventType;

/* Details of VIR_DOMAIN_EVENT_DEFINED */
typedef enum {
    VIR_DOMAIN_EVENT_DEFINED_ADDED = 0,         /* a new domain */
    VIR_DOMAIN_EVENT_DEFINED_UPDATED = 1,       /* a new definition */
    VIR_DOMAIN_EVENT_DEFINED_RENAMED = 2,
    VIR_DOMAIN_EVENT_DEFINED_FROM_SNAPSHOT = 3, /* restored by a revert */

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_DEFINED_LAST
# endif
} virDomainEventDefinedDetailType;

/* Details of VIR_DOMAIN_EVENT_UNDEFINED */
typedef enum {
    VIR_DOMAIN_EVENT_UNDEFINED_REMOVED = 0,
    VIR_DOMAIN_EVENT_UNDEFINED_RENAMED = 1,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_UNDEFINED_LAST
# endif
} virDomainEventUndefinedDetailType;

/* Details of VIR_DOMAIN_EVENT_STARTED */
typedef enum {
    VIR_DOMAIN_EVENT_STARTED_BOOTED = 0,
    VIR_DOMAIN_EVENT_STARTED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_STARTED_RESTORED = 2,
    VIR_DOMAIN_EVENT_STARTED_FROM_SNAPSHOT = 3,
    VIR_DOMAIN_EVENT_STARTED_WAKEUP = 4,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_STARTED_LAST
# endif
} virDomainEventStartedDetailType;

/* Details of VIR_DOMAIN_EVENT_SUSPENDED */
typedef enum {
    VIR_DOMAIN_EVENT_SUSPENDED_PAUSED = 0,      /* virDomainSuspend() */
    VIR_DOMAIN_EVENT_SUSPENDED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_SUSPENDED_IOERROR = 2,
    VIR_DOMAIN_EVENT_SUSPENDED_WATCHDOG = 3,
    VIR_DOMAIN_EVENT_SUSPENDED_RESTORED = 4,
    VIR_DOMAIN_EVENT_SUSPENDED_FROM_SNAPSHOT = 5,
    VIR_DOMAIN_EVENT_SUSPENDED_API_ERROR = 6,
    VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY = 7,
    VIR_DOMAIN_EVENT_SUSPENDED_POSTCOPY_FAILED = 8,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_SUSPENDED_LAST
# endif
} virDomainEventSuspendedDetailType;

/* Details of VIR_DOMAIN_EVENT_RESUMED */
typedef enum {
    VIR_DOMAIN_EVENT_RESUMED_UNPAUSED = 0,      /* virDomainResume() */
    VIR_DOMAIN_EVENT_RESUMED_MIGRATED = 1,
    VIR_DOMAIN_EVENT_RESUMED_FROM_SNAPSHOT = 2,
    VIR_DOMAIN_EVENT_RESUMED_POSTCOPY = 3,
    VIR_DOMAIN_EVENT_RESUMED_POSTCOPY_FAILED = 4,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_RESUMED_LAST
# endif
} virDomainEventResumedDetailType;

/* Details of VIR_DOMAIN_EVENT_STOPPED */
typedef enum {
    VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN = 0,      /* the guest powered off */
    VIR_DOMAIN_EVENT_STOPPED_DESTROYED = 1,     /* virDomainDestroy() */
    VIR_DOMAIN_EVENT_STOPPED_CRASHED = 2,
    VIR_DOMAIN_EVENT_STOPPED_MIGRATED = 3,
    VIR_DOMAIN_EVENT_STOPPED_SAVED = 4,
    VIR_DOMAIN_EVENT_STOPPED_FAILED = 5,        /* the emulator failed */
    VIR_DOMAIN_EVENT_STOPPED_FROM_SNAPSHOT = 6,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_STOPPED_LAST
# endif
} virDomainEventStoppedDetailType;

/* Details of VIR_DOMAIN_EVENT_SHUTDOWN (the guest finished shutting
 * down; VIR_DOMAIN_EVENT_STOPPED follows when the emulator exits) */
typedef enum {
    VIR_DOMAIN_EVENT_SHUTDOWN_FINISHED = 0,
    VIR_DOMAIN_EVENT_SHUTDOWN_GUEST = 1,        /* asked by the guest */
    VIR_DOMAIN_EVENT_SHUTDOWN_HOST = 2,         /* asked by the host */

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_SHUTDOWN_LAST
# endif
} virDomainEventShutdownDetailType;

/* Details of VIR_DOMAIN_EVENT_PMSUSPENDED */
typedef enum {
    VIR_DOMAIN_EVENT_PMSUSPENDED_MEMORY = 0,
    VIR_DOMAIN_EVENT_PMSUSPENDED_DISK = 1,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_PMSUSPENDED_LAST
# endif
} virDomainEventPMSuspendedDetailType;

/* Details of VIR_DOMAIN_EVENT_CRASHED */
typedef enum {
    VIR_DOMAIN_EVENT_CRASHED_PANICKED = 0,
    VIR_DOMAIN_EVENT_CRASHED_CRASHLOADED = 1,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_CRASHED_LAST
# endif
} virDomainEventCrashedDetailType;

/**
 * virConnectDomainEventCallback:
 * @conn: the connection the callback was registered on
 * @dom: the domain, a handle of @conn valid during the call only (take a
 *       reference with virDomainRef() to keep it)
 * @event: a virDomainEventType
 * @detail: the detail enum value of @event
 * @opaque: the data given at registration
 *
 * The callback of VIR_DOMAIN_EVENT_ID_LIFECYCLE.  The return value is
 * ignored.
 */
typedef int (*virConnectDomainEventCallback)(virConnectPtr conn,
                                             virDomainPtr dom,
                                             int event,
                                             int detail,
                                             void *opaque);

/**
 * virConnectDomainEventGenericCallback:
 * @conn: the connection the callback was registered on
 * @dom: the domain, valid during the call only
 * @opaque: the data given at registration
 *
 * The type virConnectDomainEventRegisterAny() takes.  Each event id has a
 * callback signature of its own; cast it with VIR_DOMAIN_EVENT_CALLBACK().
 */
typedef void (*virConnectDomainEventGenericCallback)(virConnectPtr conn,
                                                     virDomainPtr dom,
                                                     void *opaque);

/**
 * virConnectDomainEventJobCompletedCallback:
 * @conn: the connection the callback was registered on
 * @dom: the domain, valid during the call only
 * @params: the statistics of the job that ended, as
 *          virDomainGetJobStats() with VIR_DOMAIN_JOB_STATS_COMPLETED
 *          returns them; owned by the library, valid during the call only
 * @nparams: the number of elements of @params
 * @opaque: the data given at registration
 *
 * The callback of VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, emitted when a job
 * (a backup) of @dom ended: completed, failed or aborted.
 */
typedef void (*virConnectDomainEventJobCompletedCallback)(virConnectPtr conn,
                                                          virDomainPtr dom,
                                                          virTypedParameterPtr params,
                                                          int nparams,
                                                          void *opaque);

/* Casts an event-specific callback for virConnectDomainEventRegisterAny(). */
# define VIR_DOMAIN_EVENT_CALLBACK(cb) ((virConnectDomainEventGenericCallback)(cb))

/**
 * virDomainEventID:
 *
 * The events a callback can be registered for.  Registration accepts every
 * id; tidemark's drivers emit VIR_DOMAIN_EVENT_ID_LIFECYCLE and
 * VIR_DOMAIN_EVENT_ID_JOB_COMPLETED.
 */
typedef enum {
    VIR_DOMAIN_EVENT_ID_LIFECYCLE = 0,       /* virConnectDomainEventCallback */
    VIR_DOMAIN_EVENT_ID_REBOOT = 1,          /* virConnectDomainEventGenericCallback */
    VIR_DOMAIN_EVENT_ID_RTC_CHANGE = 2,
    VIR_DOMAIN_EVENT_ID_WATCHDOG = 3,
    VIR_DOMAIN_EVENT_ID_IO_ERROR = 4,
    VIR_DOMAIN_EVENT_ID_GRAPHICS = 5,
    VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON = 6,
    VIR_DOMAIN_EVENT_ID_CONTROL_ERROR = 7,   /* virConnectDomainEventGenericCallback */
    VIR_DOMAIN_EVENT_ID_BLOCK_JOB = 8,
    VIR_DOMAIN_EVENT_ID_DISK_CHANGE = 9,
    VIR_DOMAIN_EVENT_ID_TRAY_CHANGE = 10,
    VIR_DOMAIN_EVENT_ID_PMWAKEUP = 11,
    VIR_DOMAIN_EVENT_ID_PMSUSPEND = 12,
    VIR_DOMAIN_EVENT_ID_BALLOON_CHANGE = 13,
    VIR_DOMAIN_EVENT_ID_PMSUSPEND_DISK = 14,
    VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED = 15,
    VIR_DOMAIN_EVENT_ID_BLOCK_JOB_2 = 16,
    VIR_DOMAIN_EVENT_ID_TUNABLE = 17,
    VIR_DOMAIN_EVENT_ID_AGENT_LIFECYCLE = 18,
    VIR_DOMAIN_EVENT_ID_DEVICE_ADDED = 19,
    VIR_DOMAIN_EVENT_ID_MIGRATION_ITERATION = 20,
    VIR_DOMAIN_EVENT_ID_JOB_COMPLETED = 21,  /* virConnectDomainEventJobCompletedCallback */
    VIR_DOMAIN_EVENT_ID_DEVICE_REMOVAL_FAILED = 22,
    VIR_DOMAIN_EVENT_ID_METADATA_CHANGE = 23,
    VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD = 24,
    VIR_DOMAIN_EVENT_ID_MEMORY_FAILURE = 25,
    VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE = 26,

# ifdef VIR_ENUM_SENTINELS
    VIR_DOMAIN_EVENT_ID_LAST
# endif
} virDomainEventID;

/**
 * virConnectDomainEventRegisterAny:
 * @conn: the connection (read-only connections may register)
 * @dom: only events of this domain (a handle of @conn), or NULL for all
 * @eventID: a virDomainEventID
 * @cb: the callback of @eventID's type, cast with VIR_DOMAIN_EVENT_CALLBACK()
 * @opaque: data for @cb
 * @freecb: releases @opaque when the callback is deregistered, or NULL
 *
 * Registers @cb; events are delivered from the event loop, which must be
 * registered first (virEventRegisterDefaultImpl()).  A registered callback
 * holds a reference on @conn: the connection stays open until every
 * callback is deregistered (virConnectClose() returns 1 meanwhile), as in
 * libvirt.  The same @cb for the same @eventID and @dom filter on one
 * connection can be registered only once.
 *
 * Returns a callback id (>= 0, unique per driver), or -1:
 * VIR_ERR_INVALID_ARG for a NULL @cb, an @eventID out of range, a @dom of
 * another connection or a callback already registered;
 * VIR_ERR_INTERNAL_ERROR "could not initialize domain event timer" when
 * no event loop is registered.
 */
int virConnectDomainEventRegisterAny(virConnectPtr conn,
                                     virDomainPtr dom,
                                     int eventID,
                                     virConnectDomainEventGenericCallback cb,
                                     void *opaque,
                                     virFreeCallback freecb);

/**
 * virConnectDomainEventDeregisterAny:
 * @conn: the connection the callback was registered on
 * @callbackID: an id of virConnectDomainEventRegisterAny()
 *
 * Removes the callback; events already queued are not delivered to it.
 * Its free function runs at once, or, when called from inside a callback,
 * after the current delivery.
 *
 * Returns 0, or -1: VIR_ERR_INVALID_ARG for a negative @callbackID or one
 * that is not registered on @conn ("could not find event callback N for
 * deletion").
 */
int virConnectDomainEventDeregisterAny(virConnectPtr conn,
                                       int callbackID);

# ifdef __cplusplus
}
# endif

#endif /* TIDEMARK_DOMAIN_EVENT_H */
