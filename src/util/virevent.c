/*
 * virevent.c: the event loop behind event delivery
 *
 * Two layers. The registry holds the six operations of whichever loop
 * the application registered first (virEventRegisterImpl, or
 * virEventRegisterDefaultImpl for ours); the library itself only ever
 * calls virEventAddTimeout & co, so an application's own loop works as
 * well as ours.
 *
 * Our loop is GLib's: every handle and timer is a GSource attached to the
 * process's default GMainContext, and virEventRunDefaultImpl is one
 * blocking g_main_context_iteration. As in libvirt, ids count from 1
 * (handles and timers separately) and are never reused; removal destroys
 * the source at once, so the callback cannot fire again, but the free
 * function runs later from an idle source of the loop: the caller may be
 * inside that very callback, and a callback running in the loop thread
 * can only be finished after it returns. Timer ids are looked up in a
 * hash table, not a list (libvirt walks an array).
 */
#include "internal.h"
#include "libtidemark.h"

#include <glib-unix.h>

#define VIR_FROM_THIS VIR_FROM_EVENT

/* ---- the registry --------------------------------------------------- */

typedef struct {
    virEventAddHandleFunc add_handle;
    virEventUpdateHandleFunc update_handle;
    virEventRemoveHandleFunc remove_handle;
    virEventAddTimeoutFunc add_timeout;
    virEventUpdateTimeoutFunc update_timeout;
    virEventRemoveTimeoutFunc remove_timeout;
} event_impl;

static GMutex impl_lock;
static event_impl impl;

/* A consistent copy of the registered operations (all NULL before any
 * registration): callers run them without holding impl_lock. */
static event_impl
impl_get(void)
{
    event_impl copy;

    g_mutex_lock(&impl_lock);
    copy = impl;
    g_mutex_unlock(&impl_lock);
    return copy;
}

void
virEventRegisterImpl(virEventAddHandleFunc addHandle,
                     virEventUpdateHandleFunc updateHandle,
                     virEventRemoveHandleFunc removeHandle,
                     virEventAddTimeoutFunc addTimeout,
                     virEventUpdateTimeoutFunc updateTimeout,
                     virEventRemoveTimeoutFunc removeTimeout)
{
    g_mutex_lock(&impl_lock);
    /* the first loop wins: watches already made belong to it */
    if (!impl.add_handle && !impl.update_handle && !impl.remove_handle &&
        !impl.add_timeout && !impl.update_timeout && !impl.remove_timeout) {
        impl.add_handle = addHandle;
        impl.update_handle = updateHandle;
        impl.remove_handle = removeHandle;
        impl.add_timeout = addTimeout;
        impl.update_timeout = updateTimeout;
        impl.remove_timeout = removeTimeout;
    }
    g_mutex_unlock(&impl_lock);
}

int
virEventAddHandle(int fd, int events, virEventHandleCallback cb, void *opaque,
                  virFreeCallback ff)
{
    event_impl ops = impl_get();

    return ops.add_handle ? ops.add_handle(fd, events, cb, opaque, ff) : -1;
}

void
virEventUpdateHandle(int watch, int events)
{
    event_impl ops = impl_get();

    if (ops.update_handle)
        ops.update_handle(watch, events);
}

int
virEventRemoveHandle(int watch)
{
    event_impl ops = impl_get();

    return ops.remove_handle ? ops.remove_handle(watch) : -1;
}

int
virEventAddTimeout(int frequency, virEventTimeoutCallback cb, void *opaque,
                   virFreeCallback ff)
{
    event_impl ops = impl_get();

    return ops.add_timeout ? ops.add_timeout(frequency, cb, opaque, ff) : -1;
}

void
virEventUpdateTimeout(int timer, int frequency)
{
    event_impl ops = impl_get();

    if (ops.update_timeout)
        ops.update_timeout(timer, frequency);
}

int
virEventRemoveTimeout(int timer)
{
    event_impl ops = impl_get();

    return ops.remove_timeout ? ops.remove_timeout(timer) : -1;
}

/* ---- the default loop: GLib ----------------------------------------- */

/* A handle or a timer of the default loop. Owned by its table until the
 * idle source that runs @ff after removal frees it. */
typedef struct {
    int id;
    bool is_handle;
    bool removed;
    int fd;                     /* handles */
    int events;                 /* handles: virEventHandleType watched */
    GSource *source;            /* NULL while paused or disabled */
    virEventHandleCallback handle_cb;
    virEventTimeoutCallback timeout_cb;
    void *opaque;
    virFreeCallback ff;
} glib_watch;

/* Guards the tables, the counters and every glib_watch field but the
 * callbacks, which never change. Never held while a callback runs. */
static GMutex glib_lock;
static GHashTable *glib_handles;    /* id -> glib_watch */
static GHashTable *glib_timeouts;   /* id -> glib_watch */
static int glib_next_handle = 1;
static int glib_next_timer = 1;

static GIOCondition
events_to_condition(int events)
{
    GIOCondition cond = 0;

    if (events & VIR_EVENT_HANDLE_READABLE)
        cond |= G_IO_IN;
    if (events & VIR_EVENT_HANDLE_WRITABLE)
        cond |= G_IO_OUT;
    if (events & VIR_EVENT_HANDLE_ERROR)
        cond |= G_IO_ERR;
    if (events & VIR_EVENT_HANDLE_HANGUP)
        cond |= G_IO_HUP;
    return cond;
}

static int
condition_to_events(GIOCondition cond)
{
    int events = 0;

    if (cond & G_IO_IN)
        events |= VIR_EVENT_HANDLE_READABLE;
    if (cond & G_IO_OUT)
        events |= VIR_EVENT_HANDLE_WRITABLE;
    /* a closed descriptor is an error to the caller, as in libvirt */
    if (cond & (G_IO_ERR | G_IO_NVAL))
        events |= VIR_EVENT_HANDLE_ERROR;
    if (cond & G_IO_HUP)
        events |= VIR_EVENT_HANDLE_HANGUP;
    return events;
}

/* Detaches and drops the source of @w (glib_lock held). Safe while the
 * source is being dispatched: GLib holds its own reference then. */
static void
watch_stop_source(glib_watch *w)
{
    if (!w->source)
        return;
    g_source_destroy(w->source);
    g_source_unref(w->source);
    w->source = NULL;
}

/* The dispatchers read the record under glib_lock, which its writer
 * held: GLib's own locking between attach and dispatch already orders
 * them, but it is invisible to ThreadSanitizer (and costs nothing here).
 * The callback itself runs unlocked: it may add or remove watches. */
static gboolean
handle_dispatch(gint fd, GIOCondition condition, gpointer opaque)
{
    glib_watch *w = opaque;
    virEventHandleCallback cb;
    void *cb_opaque;
    int id;

    g_mutex_lock(&glib_lock);
    cb = w->handle_cb;
    cb_opaque = w->opaque;
    id = w->id;
    g_mutex_unlock(&glib_lock);
    cb(id, fd, condition_to_events(condition), cb_opaque);
    return G_SOURCE_CONTINUE;
}

static gboolean
timeout_dispatch(gpointer opaque)
{
    glib_watch *w = opaque;
    virEventTimeoutCallback cb;
    void *cb_opaque;
    int id;

    g_mutex_lock(&glib_lock);
    cb = w->timeout_cb;
    cb_opaque = w->opaque;
    id = w->id;
    g_mutex_unlock(&glib_lock);
    cb(id, cb_opaque);
    return G_SOURCE_CONTINUE;
}

/* Gives @w a new source watching @events (glib_lock held). */
static void
handle_start_source(glib_watch *w)
{
    w->source = g_unix_fd_source_new(w->fd, events_to_condition(w->events));
    g_source_set_callback(w->source, G_SOURCE_FUNC(handle_dispatch), w, NULL);
    g_source_attach(w->source, NULL);
}

/* Gives @w a new source firing every @interval ms (glib_lock held). */
static void
timeout_start_source(glib_watch *w, int interval)
{
    w->source = g_timeout_source_new(interval);
    g_source_set_callback(w->source, timeout_dispatch, w, NULL);
    g_source_attach(w->source, NULL);
}

/* Runs in the loop after a removal: the callback may have been running
 * when it was removed, and has returned by now. */
static gboolean
watch_release(gpointer opaque)
{
    glib_watch *w = opaque;

    if (w->ff)
        w->ff(w->opaque);
    g_mutex_lock(&glib_lock);
    g_hash_table_remove(w->is_handle ? glib_handles : glib_timeouts, GINT_TO_POINTER(w->id));
    g_mutex_unlock(&glib_lock);
    return G_SOURCE_REMOVE;
}

/* The live (not removed) watch @id of @table, or NULL (glib_lock held). */
static glib_watch *
watch_find(GHashTable *table, int id)
{
    glib_watch *w = g_hash_table_lookup(table, GINT_TO_POINTER(id));

    return w && !w->removed ? w : NULL;
}

/* Marks @w removed and schedules its release at @priority. */
static int
watch_remove(GHashTable *table, int id, int priority)
{
    glib_watch *w;

    g_mutex_lock(&glib_lock);
    if (!(w = watch_find(table, id))) {
        g_mutex_unlock(&glib_lock);
        return -1;
    }
    watch_stop_source(w);
    w->removed = true;
    g_idle_add_full(priority, watch_release, w, NULL);
    g_mutex_unlock(&glib_lock);
    return 0;
}

static int
glib_add_handle(int fd, int events, virEventHandleCallback cb, void *opaque,
                virFreeCallback ff)
{
    glib_watch *w = g_new0(glib_watch, 1);
    int id;

    w->is_handle = true;
    w->fd = fd;
    w->events = events;
    w->handle_cb = cb;
    w->opaque = opaque;
    w->ff = ff;
    g_mutex_lock(&glib_lock);
    id = w->id = glib_next_handle++;
    if (events)
        handle_start_source(w);
    g_hash_table_insert(glib_handles, GINT_TO_POINTER(id), w);
    g_mutex_unlock(&glib_lock);
    return id;
}

static void
glib_update_handle(int watch, int events)
{
    glib_watch *w;

    g_mutex_lock(&glib_lock);
    if ((w = watch_find(glib_handles, watch)) && (events != w->events || !w->source)) {
        watch_stop_source(w);
        w->events = events;
        if (events)
            handle_start_source(w);
    }
    g_mutex_unlock(&glib_lock);
}

static int
glib_remove_handle(int watch)
{
    /* high priority: a removed descriptor is often closed right after */
    return watch_remove(glib_handles, watch, G_PRIORITY_HIGH);
}

static int
glib_add_timeout(int interval, virEventTimeoutCallback cb, void *opaque,
                 virFreeCallback ff)
{
    glib_watch *w = g_new0(glib_watch, 1);
    int id;

    w->timeout_cb = cb;
    w->opaque = opaque;
    w->ff = ff;
    g_mutex_lock(&glib_lock);
    id = w->id = glib_next_timer++;
    if (interval >= 0)
        timeout_start_source(w, interval);
    g_hash_table_insert(glib_timeouts, GINT_TO_POINTER(id), w);
    g_mutex_unlock(&glib_lock);
    return id;
}

static void
glib_update_timeout(int timer, int interval)
{
    glib_watch *w;

    g_mutex_lock(&glib_lock);
    if ((w = watch_find(glib_timeouts, timer))) {
        /* a new interval restarts the period, as libvirt's does */
        watch_stop_source(w);
        if (interval >= 0)
            timeout_start_source(w, interval);
    }
    g_mutex_unlock(&glib_lock);
}

static int
glib_remove_timeout(int timer)
{
    return watch_remove(glib_timeouts, timer, G_PRIORITY_DEFAULT_IDLE);
}

static gpointer
glib_register_once(gpointer data G_GNUC_UNUSED)
{
    glib_handles = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    glib_timeouts = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    virEventRegisterImpl(glib_add_handle, glib_update_handle, glib_remove_handle,
                         glib_add_timeout, glib_update_timeout, glib_remove_timeout);
    return NULL;
}

int
virEventRegisterDefaultImpl(void)
{
    static GOnce once = G_ONCE_INIT;

    if (tmInitialize() < 0)
        return -1;
    virResetLastError();
    g_once(&once, glib_register_once, NULL);
    return 0;
}

int
virEventRunDefaultImpl(void)
{
    virResetLastError();
    g_main_context_iteration(NULL, TRUE);
    return 0;
}
