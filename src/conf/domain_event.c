/*
 * domain_event.c: the callbacks and the event queue of a driver
 *
 * One lock guards a state. The queue is flushed by a timer of the event
 * loop that exists while callbacks are registered: it is disabled (-1)
 * while the queue is empty and set to fire at once (0) by the event that
 * makes the queue non-empty, so a burst of events costs one wake-up.
 *
 * Delivery runs callbacks with the lock dropped, so a callback may call
 * the API, register, or deregister (itself included). While deliveries
 * run, deregistered callbacks are only marked, and purged after: the
 * list being walked never shrinks under the walker. Free functions and
 * the connection references of callbacks are released after the lock is
 * dropped, since the last reference of a connection closes it, which may
 * free the driver that owns this state; the state itself is reference
 * counted (the driver, the loop's timer and each running flush hold a
 * reference) for that reason.
 */
#include "internal.h"
#include "datatypes.h"
#include "conf/domain_event.h"
#include "util/virtypedparam.h"

/* libvirt raises these errors from object_event.c, without a domain */
#define VIR_FROM_THIS VIR_FROM_NONE

typedef struct {
    int id;
    virConnectPtr conn;             /* a reference */
    int event_id;
    bool filtered;                  /* only the domain of @uuid */
    unsigned char uuid[VIR_UUID_BUFLEN];
    virConnectDomainEventGenericCallback cb;
    void *opaque;
    virFreeCallback freecb;
    bool deleted;                   /* deregistered during a delivery */
} event_callback;

typedef struct {
    int event_id;
    char *name;
    unsigned char uuid[VIR_UUID_BUFLEN];
    int dom_id;
    int type;                       /* lifecycle: virDomainEventType */
    int detail;
    virTypedParameterPtr params;    /* job-completed: the job's statistics */
    int nparams;
} domain_event;

struct _virDomainEventState {
    gint refs;
    GMutex lock;
    GPtrArray *callbacks;           /* event_callback, in registration order */
    GPtrArray *queue;               /* domain_event, oldest first */
    int timer;                      /* -1 while no callback is registered */
    int dispatching;                /* flushes running */
    /* held by a flush for its whole run: the timer's and
     * virDomainEventStateFlush's, on different threads, would otherwise
     * split the queue and could deliver a later event first. Recursive:
     * a callback may run the event loop, whose timer flushes again. */
    GRecMutex deliver_lock;
    int next_id;
};

static void
domain_event_free(gpointer data)
{
    domain_event *ev = data;

    g_free(ev->name);
    virTypedParamsFree(ev->params, ev->nparams);
    g_free(ev);
}

/* Frees @cb after its free function; outside the state lock. */
static void
callback_release(gpointer data)
{
    event_callback *cb = data;

    if (cb->freecb)
        cb->freecb(cb->opaque);
    virConnectHandleUnref(cb->conn);
    g_free(cb);
}

virDomainEventState *
virDomainEventStateNew(void)
{
    virDomainEventState *state = g_new0(virDomainEventState, 1);

    state->refs = 1;
    g_mutex_init(&state->lock);
    g_rec_mutex_init(&state->deliver_lock);
    state->callbacks = g_ptr_array_new();
    state->queue = g_ptr_array_new_with_free_func(domain_event_free);
    state->timer = -1;
    return state;
}

static virDomainEventState *
state_ref(virDomainEventState *state)
{
    g_atomic_int_inc(&state->refs);
    return state;
}

static void
state_unref(gpointer opaque)
{
    virDomainEventState *state = opaque;

    if (!g_atomic_int_dec_and_test(&state->refs))
        return;
    /* Callbacks hold connections that hold the driver that holds us, so
     * none is left unless the owner dropped us with callbacks inside. */
    g_ptr_array_set_free_func(state->callbacks, callback_release);
    g_ptr_array_unref(state->callbacks);
    g_ptr_array_unref(state->queue);
    g_mutex_clear(&state->lock);
    g_rec_mutex_clear(&state->deliver_lock);
    g_free(state);
}

void
virDomainEventStateFree(virDomainEventState *state)
{
    if (state)
        state_unref(state);
}

/* Removes the timer when no callback is left, and then the queued
 * events if @clear_queue (lock held). */
static void
cleanup_timer(virDomainEventState *state, bool clear_queue)
{
    if (state->callbacks->len > 0 || state->timer == -1)
        return;
    virEventRemoveTimeout(state->timer);
    state->timer = -1;
    if (clear_queue)
        g_ptr_array_set_size(state->queue, 0);
}

static bool
callback_matches(const event_callback *cb, const domain_event *ev)
{
    if (cb->deleted || cb->event_id != ev->event_id)
        return false;
    return !cb->filtered || memcmp(cb->uuid, ev->uuid, VIR_UUID_BUFLEN) == 0;
}

/* Calls @cb's function with the signature of @ev's event id, on a
 * domain handle of @cb's connection (lock dropped). */
static void
deliver(const event_callback *cb, const domain_event *ev)
{
    g_autoptr(virDomain) dom = virGetDomain(cb->conn, ev->name, ev->uuid, ev->dom_id);

    if (!dom)
        return;
    switch (ev->event_id) {
    case VIR_DOMAIN_EVENT_ID_LIFECYCLE: {
        /* the callback was registered under the generic type */
        virConnectDomainEventCallback lifecycle =
            (virConnectDomainEventCallback)(void (*)(void))cb->cb;

        lifecycle(cb->conn, dom, ev->type, ev->detail, cb->opaque);
        break;
    }
    case VIR_DOMAIN_EVENT_ID_JOB_COMPLETED: {
        virConnectDomainEventJobCompletedCallback job_completed =
            (virConnectDomainEventJobCompletedCallback)(void (*)(void))cb->cb;
        /* each callback its own copy: none can spoil another's */
        virTypedParameterPtr params = virTypedParamsCopy(ev->params, ev->nparams);

        job_completed(cb->conn, dom, params, ev->nparams, cb->opaque);
        virTypedParamsFree(params, ev->nparams);
        break;
    }
    default:
        /* nothing queues other kinds */
        break;
    }
}

/* Moves the callbacks marked deleted to @gone (lock held, no flush
 * running). */
static void
purge_deleted(virDomainEventState *state, GPtrArray *gone)
{
    for (guint i = 0; i < state->callbacks->len; ) {
        event_callback *cb = state->callbacks->pdata[i];

        if (cb->deleted) {
            g_ptr_array_remove_index(state->callbacks, i);
            g_ptr_array_add(gone, cb);
        } else {
            i++;
        }
    }
}

/* Delivers everything queued so far. */
static void
flush_queue(virDomainEventState *state)
{
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(callback_release);
    g_autoptr(GPtrArray) events = NULL;

    g_rec_mutex_lock(&state->deliver_lock);
    g_mutex_lock(&state->lock);
    state->dispatching++;
    events = g_steal_pointer(&state->queue);
    state->queue = g_ptr_array_new_with_free_func(domain_event_free);
    if (state->timer != -1)
        virEventUpdateTimeout(state->timer, -1);

    for (guint e = 0; e < events->len; e++) {
        const domain_event *ev = events->pdata[e];
        /* callbacks registered from a callback wait for the next event */
        guint ncallbacks = state->callbacks->len;

        for (guint i = 0; i < ncallbacks; i++) {
            /* not freed while dispatching is set, only marked deleted */
            const event_callback *cb = state->callbacks->pdata[i];

            if (!callback_matches(cb, ev))
                continue;
            g_mutex_unlock(&state->lock);
            deliver(cb, ev);
            g_mutex_lock(&state->lock);
        }
    }

    if (--state->dispatching == 0) {
        purge_deleted(state, gone);
        cleanup_timer(state, true);
    }
    g_mutex_unlock(&state->lock);
    g_rec_mutex_unlock(&state->deliver_lock);
    g_clear_pointer(&gone, g_ptr_array_unref);
}

/* The timer. */
static void
flush(int timer G_GNUC_UNUSED, void *opaque)
{
    virDomainEventState *state = state_ref(opaque);

    flush_queue(state);
    state_unref(state);
}

void
virDomainEventStateFlush(virDomainEventState *state)
{
    bool queued;

    if (!state)
        return;
    state_ref(state);
    /* also waits for a flush of the loop's that took the events first */
    g_rec_mutex_lock(&state->deliver_lock);
    g_mutex_lock(&state->lock);
    queued = state->queue->len > 0;
    g_mutex_unlock(&state->lock);
    if (queued)
        flush_queue(state);
    g_rec_mutex_unlock(&state->deliver_lock);
    state_unref(state);
}

/* Queues @ev (taken) if anybody listens. */
static void
queue(virDomainEventState *state, domain_event *ev)
{
    g_mutex_lock(&state->lock);
    if (state->timer == -1) {
        /* nobody listens */
        g_mutex_unlock(&state->lock);
        domain_event_free(ev);
        return;
    }
    g_ptr_array_add(state->queue, ev);
    if (state->queue->len == 1)
        virEventUpdateTimeout(state->timer, 0);
    g_mutex_unlock(&state->lock);
}

static domain_event *
event_new(int event_id, const char *name, const unsigned char *uuid, int id)
{
    domain_event *ev = g_new0(domain_event, 1);

    ev->event_id = event_id;
    ev->name = g_strdup(name);
    memcpy(ev->uuid, uuid, VIR_UUID_BUFLEN);
    ev->dom_id = id;
    return ev;
}

void
virDomainEventStateQueueLifecycle(virDomainEventState *state, const char *name,
                                  const unsigned char *uuid, int id,
                                  int event, int detail)
{
    domain_event *ev;

    if (!state)
        return;
    ev = event_new(VIR_DOMAIN_EVENT_ID_LIFECYCLE, name, uuid, id);
    ev->type = event;
    ev->detail = detail;
    queue(state, ev);
}

void
virDomainEventStateQueueJobCompleted(virDomainEventState *state, const char *name,
                                     const unsigned char *uuid, int id,
                                     const virTypedParameter *params, int nparams)
{
    domain_event *ev;

    if (!state)
        return;
    ev = event_new(VIR_DOMAIN_EVENT_ID_JOB_COMPLETED, name, uuid, id);
    ev->params = virTypedParamsCopy(params, nparams);
    ev->nparams = nparams;
    queue(state, ev);
}

/* Whether @conn has @cb for @event_id with the filter @uuid (NULL: none)
 * (lock held). */
static bool
callback_tracked(virDomainEventState *state, virConnectPtr conn, int event_id,
                 const unsigned char *uuid, virConnectDomainEventGenericCallback cb)
{
    for (guint i = 0; i < state->callbacks->len; i++) {
        const event_callback *other = state->callbacks->pdata[i];

        if (other->deleted || other->conn != conn || other->event_id != event_id ||
            other->cb != cb || other->filtered != !!uuid)
            continue;
        if (!uuid || memcmp(other->uuid, uuid, VIR_UUID_BUFLEN) == 0)
            return true;
    }
    return false;
}

int
virDomainEventStateRegisterAny(virDomainEventState *state, virConnectPtr conn,
                               virDomainPtr dom, int eventID,
                               virConnectDomainEventGenericCallback cb,
                               void *opaque, virFreeCallback freecb)
{
    event_callback *entry;
    int id = -1;

    g_mutex_lock(&state->lock);
    if (state->callbacks->len == 0 && state->timer == -1) {
        int timer = virEventAddTimeout(-1, flush, state, state_unref);

        if (timer < 0) {
            virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                           "could not initialize domain event timer");
            goto cleanup;
        }
        /* the timer's reference, dropped by its free function, which
         * cannot run before the timer is removed under our lock */
        state->timer = timer;
        state_ref(state);
    }
    if (callback_tracked(state, conn, eventID, dom ? dom->uuid : NULL, cb)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s", "event callback already tracked");
        cleanup_timer(state, false);
        goto cleanup;
    }

    entry = g_new0(event_callback, 1);
    entry->id = id = state->next_id++;
    entry->conn = virConnectHandleRef(conn);
    entry->event_id = eventID;
    if (dom) {
        entry->filtered = true;
        memcpy(entry->uuid, dom->uuid, VIR_UUID_BUFLEN);
    }
    entry->cb = cb;
    entry->opaque = opaque;
    entry->freecb = freecb;
    g_ptr_array_add(state->callbacks, entry);

 cleanup:
    g_mutex_unlock(&state->lock);
    return id;
}

/* Takes the callbacks of @conn (all, or the one with @id >= 0) out of
 * the list, or marks them while a flush runs; removed ones go to @gone.
 * Returns how many were found (lock held). */
static int
take_callbacks(virDomainEventState *state, virConnectPtr conn, int id, GPtrArray *gone)
{
    int found = 0;

    for (guint i = 0; i < state->callbacks->len; ) {
        event_callback *cb = state->callbacks->pdata[i];

        /* a deleted one is still found, as libvirt finds it */
        if (cb->conn != conn || (id >= 0 && cb->id != id)) {
            i++;
            continue;
        }
        found++;
        if (state->dispatching) {
            cb->deleted = true;
            i++;
        } else {
            g_ptr_array_remove_index(state->callbacks, i);
            g_ptr_array_add(gone, cb);
        }
        if (id >= 0)
            break;
    }
    cleanup_timer(state, true);
    return found;
}

int
virDomainEventStateDeregisterAny(virDomainEventState *state, virConnectPtr conn,
                                 int callbackID)
{
    g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(callback_release);
    int found;

    g_mutex_lock(&state->lock);
    found = take_callbacks(state, conn, callbackID, gone);
    g_mutex_unlock(&state->lock);
    if (!found) {
        virReportError(VIR_ERR_INVALID_ARG, "could not find event callback %d for deletion",
                       callbackID);
        return -1;
    }
    return 0;
}

void
virDomainEventStateConnectionClosed(virDomainEventState *state, virConnectPtr conn)
{
    g_autoptr(GPtrArray) gone = NULL;

    if (!state)
        return;
    gone = g_ptr_array_new_with_free_func(callback_release);
    g_mutex_lock(&state->lock);
    take_callbacks(state, conn, -1, gone);
    g_mutex_unlock(&state->lock);
}
