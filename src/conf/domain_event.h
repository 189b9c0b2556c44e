/*
 * domain_event.h: domain events of a driver, delivered to the callbacks
 * its connections registered
 *
 * A driver owns one virDomainEventState. Events are queued by the
 * driver (from any thread, with any lock held) and delivered later from
 * the event loop (virEventRunDefaultImpl, or the application's own) or
 * by an explicit virDomainEventStateFlush, never from the queueing call:
 * a callback may call back into the API.
 * Each callback receives a virDomainPtr of its own connection.
 *
 * As in libvirt (src/conf/object_event.c): events are only queued while
 * at least one callback is registered (the state then has a timer of the
 * event loop); a callback holds a reference on its connection, so a
 * connection with callbacks stays open until they are deregistered
 * (virConnectClose returns 1); callback ids count from 0 per state;
 * deregistering the last callback drops the events still queued.
 */
#pragma once

#include "internal.h"

/* The number of virDomainEventID values (VIR_DOMAIN_EVENT_ID_LAST, which
 * the public header only shows with VIR_ENUM_SENTINELS). */
#define VIR_DOMAIN_EVENT_ID_COUNT (VIR_DOMAIN_EVENT_ID_MEMORY_DEVICE_SIZE_CHANGE + 1)

typedef struct _virDomainEventState virDomainEventState;

/* A new state without callbacks; NULL never. */
virDomainEventState *virDomainEventStateNew(void);

/* Drops the driver's reference; the state goes once the event loop has
 * let go of it too (its timer's free function). Accepts NULL. */
void virDomainEventStateFree(virDomainEventState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainEventState, virDomainEventStateFree);

/**
 * virDomainEventStateQueueLifecycle:
 * @state: the driver's state, or NULL (nothing happens)
 * @name, @uuid, @id: the domain the event is about, as it is now (@id -1
 *                    for an inactive domain)
 * @event: virDomainEventType
 * @detail: the virDomainEvent*DetailType of @event
 *
 * Queues a VIR_DOMAIN_EVENT_ID_LIFECYCLE event for every matching
 * callback registered when it is delivered. Dropped when no callback is
 * registered now. Never fails, never blocks on the event loop.
 */
void virDomainEventStateQueueLifecycle(virDomainEventState *state,
                                       const char *name,
                                       const unsigned char *uuid, int id,
                                       int event, int detail);

/**
 * virDomainEventStateQueueJobCompleted:
 * @state, @name, @uuid, @id: as for virDomainEventStateQueueLifecycle
 * @params, @nparams: the completed job's statistics (copied)
 *
 * Queues a VIR_DOMAIN_EVENT_ID_JOB_COMPLETED event; each callback gets
 * the statistics for the duration of its call. Dropped when no callback
 * is registered now.
 */
void virDomainEventStateQueueJobCompleted(virDomainEventState *state,
                                          const char *name,
                                          const unsigned char *uuid, int id,
                                          const virTypedParameter *params, int nparams);

/**
 * virDomainEventStateFlush:
 * @state: the driver's state, or NULL (nothing happens)
 *
 * Delivers the events queued so far now, on the calling thread, instead
 * of at the timer's next run (which then finds the queue empty); if the
 * loop's timer took them first, waits until it has delivered them.
 * tidemarkd calls it after each call it dispatches, so the events a call
 * caused are pushed to clients before its reply, the order libvirtd's
 * clients see. Only for a caller that holds no lock a callback could
 * want: callbacks run here.
 */
void virDomainEventStateFlush(virDomainEventState *state);

/**
 * virDomainEventStateRegisterAny:
 * @conn: the connection registering; the callback takes a reference
 * @dom: only events of this domain (matched by uuid), or NULL for every
 *       domain
 * @eventID: virDomainEventID, checked by the public layer
 * @cb, @opaque, @freecb: as given to virConnectDomainEventRegisterAny
 *
 * virConnectDomainEventRegisterAny for a driver. Fails with libvirt's
 * errors (error domain VIR_FROM_NONE, as libvirt's object_event.c):
 * INTERNAL_ERROR "could not initialize domain event timer" when no event
 * loop is registered; INVALID_ARG "event callback already tracked" when
 * @conn has @cb for @eventID with the same filter already.
 * Returns the callback id (>= 0) or -1.
 */
int virDomainEventStateRegisterAny(virDomainEventState *state,
                                   virConnectPtr conn, virDomainPtr dom,
                                   int eventID,
                                   virConnectDomainEventGenericCallback cb,
                                   void *opaque, virFreeCallback freecb);

/* virConnectDomainEventDeregisterAny for a driver: INVALID_ARG "could
 * not find event callback N for deletion" if @callbackID is not one of
 * @conn's. The free function runs before returning, or, when called
 * while events are being delivered (from a callback), after the
 * delivery. Returns 0 or -1. */
int virDomainEventStateDeregisterAny(virDomainEventState *state,
                                     virConnectPtr conn, int callbackID);

/* Drops every callback of @conn and calls their free functions: for a
 * daemon whose client went away. (A driver's connectClose finds none:
 * callbacks hold references that keep their connection open.) Accepts
 * NULL @state. */
void virDomainEventStateConnectionClosed(virDomainEventState *state,
                                         virConnectPtr conn);
