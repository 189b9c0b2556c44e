/*
 * glib-tsan.c: GLib's locks made visible to ThreadSanitizer
 *
 * Built only into the ThreadSanitizer build (-Db_sanitize=thread).
 *
 * Debian's GLib is not instrumented, and on Linux its GMutex and GCond
 * are bare futexes: TSan never sees them lock, so every access guarded
 * by a GMutex looks like a race. GRecMutex and GRWLock sit on pthread
 * objects GLib allocates lazily, which TSan sees only in part. This
 * file defines GLib's lock functions itself: tidemark's calls bind to
 * these definitions (the executable's own, or libtidemark.so's local
 * ones), which tell TSan what the lock does (__tsan_mutex_* keyed by
 * the address of the GLib object) and then call GLib's real function.
 * Nothing is suppressed, so a missing lock in tidemark is still a race.
 *
 * g_once_init_enter/leave are annotated as a release/acquire pair on
 * the guarded location: GLib's store is not instrumented, while the
 * fast path inlined into tidemark is an instrumented atomic load of
 * that same location. g_once() (GOnce) is not covered: nothing uses it.
 */
#include <glib.h>
#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

/* the functions, not GLib's inline fast paths of the same name */
#undef g_once_init_enter
#undef g_once_init_leave

typedef void (*mutex_fn)(GMutex *);
typedef gboolean (*mutex_try_fn)(GMutex *);
typedef void (*rec_fn)(GRecMutex *);
typedef gboolean (*rec_try_fn)(GRecMutex *);
typedef void (*rw_fn)(GRWLock *);
typedef gboolean (*rw_try_fn)(GRWLock *);
typedef void (*cond_wait_fn)(GCond *, GMutex *);
typedef gboolean (*cond_until_fn)(GCond *, GMutex *, gint64);
typedef gboolean (*once_enter_fn)(volatile void *);
typedef void (*once_leave_fn)(volatile void *, gsize);

/* Every function defined here, with the type of GLib's definition. */
#define WRAPPED(X) \
    X(mutex_fn, g_mutex_init) X(mutex_fn, g_mutex_clear) \
    X(mutex_fn, g_mutex_lock) X(mutex_try_fn, g_mutex_trylock) \
    X(mutex_fn, g_mutex_unlock) \
    X(rec_fn, g_rec_mutex_init) X(rec_fn, g_rec_mutex_clear) \
    X(rec_fn, g_rec_mutex_lock) X(rec_try_fn, g_rec_mutex_trylock) \
    X(rec_fn, g_rec_mutex_unlock) \
    X(rw_fn, g_rw_lock_init) X(rw_fn, g_rw_lock_clear) \
    X(rw_fn, g_rw_lock_writer_lock) X(rw_try_fn, g_rw_lock_writer_trylock) \
    X(rw_fn, g_rw_lock_writer_unlock) \
    X(rw_fn, g_rw_lock_reader_lock) X(rw_try_fn, g_rw_lock_reader_trylock) \
    X(rw_fn, g_rw_lock_reader_unlock) \
    X(cond_wait_fn, g_cond_wait) X(cond_until_fn, g_cond_wait_until) \
    X(once_enter_fn, g_once_init_enter) X(once_leave_fn, g_once_init_leave)

/* GLib's definitions of the functions above */
#define FIELD(type, name) type name;
static struct { WRAPPED(FIELD) } real;

/* Looks GLib's definitions up once, before main() and so before any
 * thread exists: reading them later needs no synchronisation (which
 * could hide a race from TSan). */
__attribute__((constructor))
static void
resolve_real(void)
{
    void *glib = dlopen("libglib-2.0.so.0", RTLD_NOW | RTLD_NOLOAD);

    if (!glib)
        g_error("glib-tsan: libglib-2.0.so.0 is not loaded");
#define RESOLVE(type, name) \
    if (!(real.name = (type)dlsym(glib, #name))) \
        g_error("glib-tsan: GLib has no %s", #name);
    WRAPPED(RESOLVE)
    dlclose(glib);
}

/* ---- GMutex ---- */

void
g_mutex_init(GMutex *mutex)
{
    real.g_mutex_init(mutex);
    __tsan_mutex_create(mutex, 0);
}

void
g_mutex_clear(GMutex *mutex)
{
    __tsan_mutex_destroy(mutex, 0);
    real.g_mutex_clear(mutex);
}

void
g_mutex_lock(GMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, 0);
    real.g_mutex_lock(mutex);
    __tsan_mutex_post_lock(mutex, 0, 0);
}

gboolean
g_mutex_trylock(GMutex *mutex)
{
    gboolean locked;

    __tsan_mutex_pre_lock(mutex, __tsan_mutex_try_lock);
    locked = real.g_mutex_trylock(mutex);
    __tsan_mutex_post_lock(mutex, __tsan_mutex_try_lock |
                           (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
    return locked;
}

void
g_mutex_unlock(GMutex *mutex)
{
    __tsan_mutex_pre_unlock(mutex, 0);
    real.g_mutex_unlock(mutex);
    __tsan_mutex_post_unlock(mutex, 0);
}

/* ---- GRecMutex: the same, write-reentrant ---- */

void
g_rec_mutex_init(GRecMutex *mutex)
{
    real.g_rec_mutex_init(mutex);
    __tsan_mutex_create(mutex, __tsan_mutex_write_reentrant);
}

void
g_rec_mutex_clear(GRecMutex *mutex)
{
    __tsan_mutex_destroy(mutex, 0);
    real.g_rec_mutex_clear(mutex);
}

void
g_rec_mutex_lock(GRecMutex *mutex)
{
    __tsan_mutex_pre_lock(mutex, __tsan_mutex_write_reentrant);
    real.g_rec_mutex_lock(mutex);
    __tsan_mutex_post_lock(mutex, __tsan_mutex_write_reentrant, 0);
}

gboolean
g_rec_mutex_trylock(GRecMutex *mutex)
{
    unsigned flags = __tsan_mutex_write_reentrant | __tsan_mutex_try_lock;
    gboolean locked;

    __tsan_mutex_pre_lock(mutex, flags);
    locked = real.g_rec_mutex_trylock(mutex);
    __tsan_mutex_post_lock(mutex, flags | (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
    return locked;
}

void
g_rec_mutex_unlock(GRecMutex *mutex)
{
    __tsan_mutex_pre_unlock(mutex, 0);
    real.g_rec_mutex_unlock(mutex);
    __tsan_mutex_post_unlock(mutex, 0);
}

/* ---- GRWLock: writers exclusive, readers shared ---- */

void
g_rw_lock_init(GRWLock *lock)
{
    real.g_rw_lock_init(lock);
    __tsan_mutex_create(lock, 0);
}

void
g_rw_lock_clear(GRWLock *lock)
{
    __tsan_mutex_destroy(lock, 0);
    real.g_rw_lock_clear(lock);
}

void
g_rw_lock_writer_lock(GRWLock *lock)
{
    __tsan_mutex_pre_lock(lock, 0);
    real.g_rw_lock_writer_lock(lock);
    __tsan_mutex_post_lock(lock, 0, 0);
}

gboolean
g_rw_lock_writer_trylock(GRWLock *lock)
{
    gboolean locked;

    __tsan_mutex_pre_lock(lock, __tsan_mutex_try_lock);
    locked = real.g_rw_lock_writer_trylock(lock);
    __tsan_mutex_post_lock(lock, __tsan_mutex_try_lock |
                           (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
    return locked;
}

void
g_rw_lock_writer_unlock(GRWLock *lock)
{
    __tsan_mutex_pre_unlock(lock, 0);
    real.g_rw_lock_writer_unlock(lock);
    __tsan_mutex_post_unlock(lock, 0);
}

void
g_rw_lock_reader_lock(GRWLock *lock)
{
    __tsan_mutex_pre_lock(lock, __tsan_mutex_read_lock);
    real.g_rw_lock_reader_lock(lock);
    __tsan_mutex_post_lock(lock, __tsan_mutex_read_lock, 0);
}

gboolean
g_rw_lock_reader_trylock(GRWLock *lock)
{
    gboolean locked;

    __tsan_mutex_pre_lock(lock, __tsan_mutex_try_read_lock);
    locked = real.g_rw_lock_reader_trylock(lock);
    __tsan_mutex_post_lock(lock, locked ? __tsan_mutex_try_read_lock
                                        : __tsan_mutex_try_read_lock_failed, 0);
    return locked;
}

void
g_rw_lock_reader_unlock(GRWLock *lock)
{
    __tsan_mutex_pre_unlock(lock, __tsan_mutex_read_lock);
    real.g_rw_lock_reader_unlock(lock);
    __tsan_mutex_post_unlock(lock, __tsan_mutex_read_lock);
}

/* ---- GCond: a wait releases the mutex and takes it back ---- */

void
g_cond_wait(GCond *cond, GMutex *mutex)
{
    __tsan_mutex_pre_unlock(mutex, 0);
    __tsan_mutex_post_unlock(mutex, 0);
    real.g_cond_wait(cond, mutex);
    __tsan_mutex_pre_lock(mutex, 0);
    __tsan_mutex_post_lock(mutex, 0, 0);
}

gboolean
g_cond_wait_until(GCond *cond, GMutex *mutex, gint64 end_time)
{
    gboolean signalled;

    __tsan_mutex_pre_unlock(mutex, 0);
    __tsan_mutex_post_unlock(mutex, 0);
    signalled = real.g_cond_wait_until(cond, mutex, end_time);
    __tsan_mutex_pre_lock(mutex, 0);
    __tsan_mutex_post_lock(mutex, 0, 0);
    return signalled;
}

/* ---- g_once_init_enter/leave ---- */

gboolean
g_once_init_enter(volatile void *location)
{
    gboolean mine = real.g_once_init_enter(location);

    /* FALSE: another thread initialised @location and left */
    if (!mine)
        __tsan_acquire((void *)location);
    return mine;
}

void
g_once_init_leave(volatile void *location, gsize result)
{
    __tsan_release((void *)location);
    real.g_once_init_leave(location, result);
}
