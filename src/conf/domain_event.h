/*
 * domain_event.h: domain events of a driver, delivered to the callbacks
 * its connections registered
 *
 * A driver owns one virDomainEventState. Events are queued by the
 * driver (from any thread, with any lock held) and delivered later from
 * the default event loop (virEventRunDefaultImpl), never from the
 * queueing thread: a callback may call back into the API. Each callback
 * receives a virDomainPtr of its own connection.
 */
#pragma once

#include "internal.h"

typedef struct _virDomainEventState virDomainEventState;

virDomainEventState *virDomainEventStateNew(void);
void virDomainEventStateFree(virDomainEventState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virDomainEventState, virDomainEventStateFree);

/**
 * virDomainEventStateQueueLifecycle:
 * @name, @uuid, @id: the domain the event is about
 * @event: virDomainEventType
 * @detail: the virDomainEvent*DetailType of @event
 *
 * Queues a VIR_DOMAIN_EVENT_ID_LIFECYCLE event for every matching
 * callback registered when it is delivered.
 */
void virDomainEventStateQueueLifecycle(virDomainEventState *state,
                                       const char *name,
                                       const unsigned char *uuid, int id,
                                       int event, int detail);

/**
 * virDomainEventStateRegisterAny:
 * @dom: only events of this domain, or NULL for every domain
 * @eventID: virDomainEventID
 *
 * virConnectDomainEventRegisterAny for a driver. Fails with libvirt's
 * errors: no event loop registered (INTERNAL_ERROR "could not
 * initialize domain event timer"), @eventID out of range (INVALID_ARG).
 * Returns the callback id (> 0) or -1.
 */
int virDomainEventStateRegisterAny(virDomainEventState *state,
                                   virConnectPtr conn, virDomainPtr dom,
                                   int eventID,
                                   virConnectDomainEventGenericCallback cb,
                                   void *opaque, virFreeCallback freecb);

/* virConnectDomainEventDeregisterAny for a driver: INVALID_ARG if
 * @callbackID is not one of @conn's. Returns 0 or -1. */
int virDomainEventStateDeregisterAny(virDomainEventState *state,
                                     virConnectPtr conn, int callbackID);

/* Drops every callback of @conn (the connection is closing), calling
 * their free functions. */
void virDomainEventStateConnectionClosed(virDomainEventState *state,
                                         virConnectPtr conn);
