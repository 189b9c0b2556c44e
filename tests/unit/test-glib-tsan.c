/*
 * test-glib-tsan.c: GLib's locks under ThreadSanitizer (tsan build only)
 *
 * src/util/glib-tsan.c tells TSan what GLib's locks do. This test uses
 * each lock the way correct code does (TSan must stay silent, or it
 * fails the process with its exit code), then runs two racy programs
 * in child processes (no lock, and each thread under a different
 * mutex) and requires TSan to report a data race in both: the
 * annotations must not hide a real race.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "testutils.h"

#define NTHREADS 4
#define ROUNDS 1000

static int counter;  /* plain int: only the locks order its accesses */

static GMutex static_mutex;   /* zero-initialised, never g_mutex_init()ed */
static GMutex dyn_mutex;
static GRecMutex rec_mutex;
static GRWLock rw_lock;

static gpointer
with_static_mutex(gpointer data G_GNUC_UNUSED)
{
    for (int i = 0; i < ROUNDS; i++) {
        if (i % 2 == 0) {
            g_mutex_lock(&static_mutex);
        } else {
            while (!g_mutex_trylock(&static_mutex))
                g_thread_yield();
        }
        counter++;
        g_mutex_unlock(&static_mutex);
    }
    return NULL;
}

static gpointer
with_dyn_mutex(gpointer data G_GNUC_UNUSED)
{
    for (int i = 0; i < ROUNDS; i++) {
        g_mutex_lock(&dyn_mutex);
        counter++;
        g_mutex_unlock(&dyn_mutex);
    }
    return NULL;
}

static gpointer
with_rec_mutex(gpointer data G_GNUC_UNUSED)
{
    for (int i = 0; i < ROUNDS; i++) {
        g_rec_mutex_lock(&rec_mutex);
        if (g_rec_mutex_trylock(&rec_mutex)) {  /* owner: always succeeds */
            counter++;
            g_rec_mutex_unlock(&rec_mutex);
        }
        g_rec_mutex_unlock(&rec_mutex);
    }
    return NULL;
}

static int rw_seen;  /* written under the reader lock, atomically */

static gpointer
with_rw_lock(gpointer data)
{
    bool writer = GPOINTER_TO_INT(data) % 2 == 0;

    for (int i = 0; i < ROUNDS; i++) {
        if (writer) {
            g_rw_lock_writer_lock(&rw_lock);
            counter++;
            g_rw_lock_writer_unlock(&rw_lock);
        } else if (i % 2 == 0) {
            g_rw_lock_reader_lock(&rw_lock);
            g_atomic_int_set(&rw_seen, counter);
            g_rw_lock_reader_unlock(&rw_lock);
        } else if (g_rw_lock_reader_trylock(&rw_lock)) {
            g_atomic_int_set(&rw_seen, counter);
            g_rw_lock_reader_unlock(&rw_lock);
        }
    }
    return NULL;
}

/* GCond: a one-slot mailbox; the payload is written by the sender and
 * read by the receiver, both under the mutex. */
static GMutex box_mutex;
static GCond box_cond;
static bool box_full;
static int box_payload;

static gpointer
sender(gpointer data G_GNUC_UNUSED)
{
    for (int i = 1; i <= ROUNDS; i++) {
        g_mutex_lock(&box_mutex);
        while (box_full)
            g_cond_wait(&box_cond, &box_mutex);
        box_payload = i;
        box_full = true;
        g_cond_broadcast(&box_cond);
        g_mutex_unlock(&box_mutex);
    }
    return NULL;
}

static int
receive_all(void)
{
    int sum_ok = 1;

    for (int i = 1; i <= ROUNDS; i++) {
        g_mutex_lock(&box_mutex);
        while (!box_full) {
            gint64 end = g_get_monotonic_time() + G_TIME_SPAN_SECOND;

            g_cond_wait_until(&box_cond, &box_mutex, end);
        }
        sum_ok &= box_payload == i;
        box_full = false;
        g_cond_signal(&box_cond);
        g_mutex_unlock(&box_mutex);
    }
    return sum_ok;
}

/* g_once_init_enter/leave: the initialised data is plain memory */
typedef struct {
    int value;
} once_data;

static once_data *
get_once(void)
{
    static gsize once;
    static once_data data;

    if (g_once_init_enter(&once)) {
        data.value = 42;
        g_once_init_leave(&once, 1);
    }
    return &data;
}

static gpointer
with_once(gpointer data)
{
    int *seen = data;

    *seen = get_once()->value;
    return NULL;
}

/* Runs @fn on NTHREADS threads (argument: the thread's index). */
static void
run_threads(GThreadFunc fn)
{
    GThread *threads[NTHREADS];

    for (int i = 0; i < NTHREADS; i++)
        threads[i] = g_thread_new("t", fn, GINT_TO_POINTER(i));
    for (int i = 0; i < NTHREADS; i++)
        g_thread_join(threads[i]);
}

/* ---- the racy programs, run in a child process ---- */

static GMutex race_mutexes[NTHREADS];

static gpointer
racy_unlocked(gpointer data G_GNUC_UNUSED)
{
    for (int i = 0; i < ROUNDS; i++)
        counter++;
    return NULL;
}

static gpointer
racy_own_mutex(gpointer data)
{
    GMutex *mine = &race_mutexes[GPOINTER_TO_INT(data)];

    for (int i = 0; i < ROUNDS; i++) {
        g_mutex_lock(mine);
        counter++;
        g_mutex_unlock(mine);
    }
    return NULL;
}

/* Runs this program with "race KIND"; true when TSan reported a race. */
static bool
child_reports_race(const char *kind)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    const char *argv[] = { self, "race", kind, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = 0;
    bool reported;

    if (!self || !g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, NULL)) {
        tmTestDiag("cannot run %s race %s", self ? self : "self", kind);
        return false;
    }
    reported = !g_spawn_check_exit_status(status, NULL) &&
               strstr(err, "WARNING: ThreadSanitizer: data race");
    if (!reported)
        tmTestDiag("race %s: status %d, stderr:\n%s", kind, status, err);
    return reported;
}

int
main(int argc, char **argv)
{
    int seen[NTHREADS] = { 0 };
    GThread *thread;
    bool once_ok = true;

    if (argc == 3 && strcmp(argv[1], "race") == 0) {
        run_threads(strcmp(argv[2], "unlocked") == 0 ? racy_unlocked : racy_own_mutex);
        return 0;
    }

    run_threads(with_static_mutex);
    tmTestResult(counter == NTHREADS * ROUNDS, "GMutex lock/trylock (static): %d", counter);

    counter = 0;
    g_mutex_init(&dyn_mutex);
    run_threads(with_dyn_mutex);
    g_mutex_clear(&dyn_mutex);
    tmTestResult(counter == NTHREADS * ROUNDS, "GMutex init/lock/clear: %d", counter);

    counter = 0;
    g_rec_mutex_init(&rec_mutex);
    run_threads(with_rec_mutex);
    g_rec_mutex_clear(&rec_mutex);
    tmTestResult(counter == NTHREADS * ROUNDS, "GRecMutex nested: %d", counter);

    counter = 0;
    g_rw_lock_init(&rw_lock);
    run_threads(with_rw_lock);
    g_rw_lock_clear(&rw_lock);
    tmTestResult(counter == NTHREADS / 2 * ROUNDS, "GRWLock writers and readers: %d", counter);

    thread = g_thread_new("sender", sender, NULL);
    tmTestResult(receive_all(), "GCond wait/wait_until/signal/broadcast hand-off");
    g_thread_join(thread);

    {
        GThread *threads[NTHREADS];

        for (int i = 0; i < NTHREADS; i++)
            threads[i] = g_thread_new("once", with_once, &seen[i]);
        for (int i = 0; i < NTHREADS; i++) {
            g_thread_join(threads[i]);
            once_ok &= seen[i] == 42;
        }
        tmTestResult(once_ok, "g_once_init_enter/leave");
    }

    tmTestResult(child_reports_race("unlocked"), "a race without a lock is reported");
    tmTestResult(child_reports_race("own-mutex"),
                 "a race between threads holding different GMutexes is reported");
    return tmTestDone();
}
