/*
 * test-domain-event.c: domain_event.c under load, from several threads
 *
 * One thread runs the default event loop. Eight producer threads queue
 * lifecycle events for domains of their own while a ninth registers and
 * deregisters callbacks in a loop. Checks: every event reaches every
 * matching callback exactly once, in each producer's order, and only in
 * the loop thread; the per-domain filter; a callback deregistering
 * itself during a delivery; a closing connection's callbacks; free
 * functions and connection references; libvirt's errors (which the API
 * golden scenarios compare with libvirt itself); virDomainEventStateFlush
 * delivering on the caller's thread at once, and several threads
 * flushing while the loop does without losing, doubling or reordering
 * an event. Also built for the ThreadSanitizer tier (suite
 * "concurrency").
 */
#include "internal.h"
#include "datatypes.h"
#include "conf/domain_event.h"
#include "testutils.h"

#define NPRODUCERS 8
#define NEVENTS 2000
#define WAIT_US (60 * G_USEC_PER_SEC)

typedef struct {
    GMutex lock;
    GCond cond;
    int delivered;            /* calls of the counting callback */
    int filtered;             /* calls of the callback filtered to domain 0 */
    int last_seq[NPRODUCERS]; /* per producer: the last detail seen */
    int out_of_order;
    int wrong_thread;
    int wrong_domain;
    int freed;                /* free functions called */
    int self_calls;           /* calls of the self-deregistering callback */
} counters;

static counters stats;
static GThread *loop_thread;
static gint loop_quit;
static virDomainEventState *state;
static int self_id = -1;

static void
uuid_of(int producer, unsigned char *uuid)
{
    memset(uuid, 0, VIR_UUID_BUFLEN);
    uuid[0] = (unsigned char)(producer + 1);
}

static void
count_free(void *opaque G_GNUC_UNUSED)
{
    g_mutex_lock(&stats.lock);
    stats.freed++;
    g_mutex_unlock(&stats.lock);
}

/* Registered for all domains, with its connection as @opaque: checks
 * order, thread and handle, counts. */
static int
counting_cb(virConnectPtr conn, virDomainPtr dom, int event, int detail, void *opaque)
{
    int producer = dom->uuid[0] - 1;

    g_mutex_lock(&stats.lock);
    if (g_thread_self() != loop_thread)
        stats.wrong_thread++;
    if (conn != opaque || dom->conn != conn || dom->id != producer + 1 ||
        producer < 0 || producer >= NPRODUCERS || event != VIR_DOMAIN_EVENT_SUSPENDED) {
        stats.wrong_domain++;
    } else {
        if (detail != stats.last_seq[producer] + 1)
            stats.out_of_order++;
        stats.last_seq[producer] = detail;
    }
    stats.delivered++;
    g_cond_broadcast(&stats.cond);
    g_mutex_unlock(&stats.lock);
    return 0;
}

static int
filtered_cb(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int event G_GNUC_UNUSED,
            int detail G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
    g_mutex_lock(&stats.lock);
    if (dom->uuid[0] != 1 || strcmp(dom->name, "dom0") != 0)
        stats.wrong_domain++;
    stats.filtered++;
    g_mutex_unlock(&stats.lock);
    return 0;
}

/* Deregisters itself on its first call: it must not be called again. */
static int
self_removing_cb(virConnectPtr conn, virDomainPtr dom G_GNUC_UNUSED, int event G_GNUC_UNUSED,
                 int detail G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
    int calls;

    g_mutex_lock(&stats.lock);
    calls = ++stats.self_calls;
    g_mutex_unlock(&stats.lock);
    if (calls == 1 && virDomainEventStateDeregisterAny(state, conn, self_id) < 0)
        tmTestResult(false, "a callback deregisters itself");
    return 0;
}

/* For the flush phase: counts, checks each producer's order. */
static struct {
    int calls;
    int last_seq[NPRODUCERS];
    int out_of_order;
} flushed;

static int
flush_cb(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom, int event G_GNUC_UNUSED,
         int detail, void *opaque G_GNUC_UNUSED)
{
    int producer = dom->uuid[0] - 1;

    g_mutex_lock(&stats.lock);
    if (producer >= 0 && producer < NPRODUCERS) {
        if (detail != flushed.last_seq[producer] + 1)
            flushed.out_of_order++;
        flushed.last_seq[producer] = detail;
    }
    flushed.calls++;
    g_cond_broadcast(&stats.cond);
    g_mutex_unlock(&stats.lock);
    return 0;
}

static int
unused_cb(virConnectPtr conn G_GNUC_UNUSED, virDomainPtr dom G_GNUC_UNUSED,
          int event G_GNUC_UNUSED, int detail G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
    return 0;
}

static gpointer
run_loop(gpointer data G_GNUC_UNUSED)
{
    while (!g_atomic_int_get(&loop_quit))
        virEventRunDefaultImpl();
    return NULL;
}

static void
wake(int timer G_GNUC_UNUSED, void *opaque G_GNUC_UNUSED)
{
}

static gpointer
produce(gpointer data)
{
    int producer = GPOINTER_TO_INT(data);
    g_autofree char *name = g_strdup_printf("dom%d", producer);
    unsigned char uuid[VIR_UUID_BUFLEN];

    uuid_of(producer, uuid);
    for (int seq = 1; seq <= NEVENTS; seq++)
        virDomainEventStateQueueLifecycle(state, name, uuid, producer + 1,
                                          VIR_DOMAIN_EVENT_SUSPENDED, seq);
    return NULL;
}

/* Registers and deregisters while events flow: exercises the marking of
 * callbacks deregistered during a delivery. */
static gpointer
churn(gpointer data)
{
    virConnectPtr conn = data;
    int failures = 0;

    for (int i = 0; i < 500; i++) {
        int id = virDomainEventStateRegisterAny(state, conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                VIR_DOMAIN_EVENT_CALLBACK(unused_cb),
                                                NULL, count_free);

        if (id < 0 || virDomainEventStateDeregisterAny(state, conn, id) < 0)
            failures++;
    }
    return GINT_TO_POINTER(failures);
}

/* Waits until @value (read under the lock) reaches @target. */
static bool
wait_for(const int *value, int target)
{
    gint64 deadline = g_get_monotonic_time() + WAIT_US;
    bool reached;

    g_mutex_lock(&stats.lock);
    while (*value < target && g_get_monotonic_time() < deadline)
        g_cond_wait_until(&stats.cond, &stats.lock, deadline);
    reached = *value >= target;
    g_mutex_unlock(&stats.lock);
    return reached;
}

/* Gives the loop thread time for whatever is still pending (late
 * deliveries would show in the counts checked after). */
static void
settle(void)
{
    g_usleep(200 * 1000);
}

/* @value, read under the lock */
static int
get(const int *value)
{
    int v;

    g_mutex_lock(&stats.lock);
    v = *value;
    g_mutex_unlock(&stats.lock);
    return v;
}

/* Queues each event and flushes it at once, as tidemarkd does after a
 * call, while the loop thread's timer flushes too. */
static gpointer
produce_and_flush(gpointer data)
{
    int producer = GPOINTER_TO_INT(data);
    g_autofree char *name = g_strdup_printf("dom%d", producer);
    unsigned char uuid[VIR_UUID_BUFLEN];

    uuid_of(producer, uuid);
    for (int seq = 1; seq <= NEVENTS / 4; seq++) {
        virDomainEventStateQueueLifecycle(state, name, uuid, producer + 1,
                                          VIR_DOMAIN_EVENT_SUSPENDED, seq);
        if (seq % 3 == 0)
            virDomainEventStateFlush(state);
    }
    return NULL;
}

/* virDomainEventStateFlush: at once on this thread; then from several
 * threads racing the loop's timer. */
static void
test_flush(virConnectPtr conn)
{
    g_autoptr(GPtrArray) producers = g_ptr_array_new();
    unsigned char uuid0[VIR_UUID_BUFLEN];
    int expected = NPRODUCERS * (NEVENTS / 4);
    int id = virDomainEventStateRegisterAny(state, conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            VIR_DOMAIN_EVENT_CALLBACK(flush_cb), NULL, NULL);
    bool at_once;

    uuid_of(NPRODUCERS, uuid0);   /* out of the producers' range: not ordered */
    virDomainEventStateFlush(NULL);
    /* the loop's timer may take the event first: Flush then waits for
     * that delivery, so either way it has happened when Flush returns */
    virDomainEventStateQueueLifecycle(state, "late", uuid0, 9, VIR_DOMAIN_EVENT_SUSPENDED, 0);
    virDomainEventStateFlush(state);
    at_once = get(&flushed.calls) == 1;
    tmTestResult(id >= 0 && at_once, "a flush delivers what is queued before it returns");

    g_mutex_lock(&stats.lock);
    flushed.calls = 0;
    g_mutex_unlock(&stats.lock);
    for (int p = 0; p < NPRODUCERS; p++)
        g_ptr_array_add(producers, g_thread_new("flusher", produce_and_flush,
                                                GINT_TO_POINTER(p)));
    for (guint p = 0; p < producers->len; p++)
        g_thread_join(producers->pdata[p]);
    tmTestResult(wait_for(&flushed.calls, expected),
                 "%d events queued and flushed from %d threads while the loop flushes: "
                 "all delivered (got %d)", expected, NPRODUCERS, get(&flushed.calls));
    settle();
    tmTestResult(get(&flushed.calls) == expected && get(&flushed.out_of_order) == 0,
                 "each once, each thread's in its order (%d calls, %d out of order)",
                 get(&flushed.calls), get(&flushed.out_of_order));
    virDomainEventStateDeregisterAny(state, conn, id);
}

static void
test_no_loop(virConnectPtr conn)
{
    int id = virDomainEventStateRegisterAny(state, conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            VIR_DOMAIN_EVENT_CALLBACK(unused_cb), NULL,
                                            count_free);

    tmTestResult(id == -1 && tmTestCheckError(VIR_ERR_INTERNAL_ERROR, VIR_FROM_NONE,
                                              "internal error: could not initialize "
                                              "domain event timer", "register"),
                 "without an event loop, registration fails as libvirt's");
    tmTestResult(get(&stats.freed) == 0, "a failed registration keeps its free function");
    virResetLastError();
}

static void
test_errors(virConnectPtr conn, virConnectPtr other)
{
    int id = virDomainEventStateRegisterAny(state, conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            VIR_DOMAIN_EVENT_CALLBACK(counting_cb), NULL,
                                            NULL);

    tmTestResult(id == -1 && tmTestCheckError(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                              "invalid argument: event callback already tracked",
                                              "register"),
                 "the same callback, event and filter twice: already tracked");
    tmTestResult(virDomainEventStateDeregisterAny(state, other, 0) == -1 &&
                 tmTestCheckError(VIR_ERR_INVALID_ARG, VIR_FROM_NONE,
                                  "invalid argument: could not find event callback 0 "
                                  "for deletion", "deregister"),
                 "another connection cannot deregister a callback");
    virResetLastError();
}

int
main(void)
{
    virConnectPtr conn = virGetConnect();
    virConnectPtr other = virGetConnect();
    g_autoptr(GPtrArray) producers = g_ptr_array_new();
    unsigned char uuid0[VIR_UUID_BUFLEN];
    virDomainPtr dom0;
    GThread *churner;
    int id_all;
    int id_filtered;
    int expected;
    bool all_delivered;

    g_mutex_init(&stats.lock);
    g_cond_init(&stats.cond);
    state = virDomainEventStateNew();
    uuid_of(0, uuid0);
    dom0 = virGetDomain(conn, "dom0", uuid0, 1);

    test_no_loop(conn);

    virEventRegisterDefaultImpl();
    loop_thread = g_thread_new("loop", run_loop, NULL);

    /* nobody listens: dropped */
    virDomainEventStateQueueLifecycle(state, "dom0", uuid0, 1, VIR_DOMAIN_EVENT_SUSPENDED, 0);

    id_all = virDomainEventStateRegisterAny(state, conn, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                            VIR_DOMAIN_EVENT_CALLBACK(counting_cb), conn,
                                            count_free);
    id_filtered = virDomainEventStateRegisterAny(state, conn, dom0,
                                                 VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                 VIR_DOMAIN_EVENT_CALLBACK(filtered_cb),
                                                 NULL, count_free);
    self_id = virDomainEventStateRegisterAny(state, other, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                             VIR_DOMAIN_EVENT_CALLBACK(self_removing_cb),
                                             NULL, count_free);
    tmTestResult(id_all == 0 && id_filtered == 1 && self_id == 2,
                 "callback ids count from 0 (got %d %d %d)", id_all, id_filtered, self_id);
    tmTestResult(g_atomic_int_get(&conn->refs) == 4 && g_atomic_int_get(&other->refs) == 2,
                 "each callback holds a reference on its connection");
    test_errors(conn, other);

    churner = g_thread_new("churn", churn, conn);
    for (int p = 0; p < NPRODUCERS; p++)
        g_ptr_array_add(producers, g_thread_new("producer", produce, GINT_TO_POINTER(p)));
    for (guint p = 0; p < producers->len; p++)
        g_thread_join(producers->pdata[p]);
    tmTestResult(GPOINTER_TO_INT(g_thread_join(churner)) == 0,
                 "500 registrations and deregistrations while events flow");

    expected = NPRODUCERS * NEVENTS;
    all_delivered = wait_for(&stats.delivered, expected) && wait_for(&stats.filtered, NEVENTS);
    tmTestResult(all_delivered, "%d events from %d threads delivered (got %d, filtered %d)",
                 expected, NPRODUCERS, get(&stats.delivered), get(&stats.filtered));
    settle();
    g_mutex_lock(&stats.lock);
    tmTestResult(stats.delivered == expected && stats.filtered == NEVENTS,
                 "each exactly once; the filter lets one domain's through");
    tmTestResult(stats.out_of_order == 0, "each producer's events in its order (%d not)",
                 stats.out_of_order);
    tmTestResult(stats.wrong_thread == 0, "delivered only in the event loop thread");
    tmTestResult(stats.wrong_domain == 0, "callbacks get the event's domain on their connection");
    tmTestResult(stats.self_calls == 1, "a callback that deregistered itself is not called again");
    tmTestResult(stats.freed == 500 + 1, "free functions: churned ones and the self-removed one (%d)",
                 stats.freed);
    g_mutex_unlock(&stats.lock);
    tmTestResult(g_atomic_int_get(&other->refs) == 1,
                 "the self-removed callback released its connection");

    /* the connection closes: its callbacks go, with their free functions */
    virDomainEventStateConnectionClosed(state, conn);
    tmTestResult(get(&stats.freed) == 503 && g_atomic_int_get(&conn->refs) == 2,
                 "a closing connection's callbacks are dropped (freed %d, refs %d)",
                 get(&stats.freed), g_atomic_int_get(&conn->refs));
    virDomainEventStateQueueLifecycle(state, "dom0", uuid0, 1, VIR_DOMAIN_EVENT_SUSPENDED, 1);
    settle();
    tmTestResult(get(&stats.delivered) == expected, "no callback left: nothing delivered");
    test_flush(other);
    tmTestResult(virDomainEventStateDeregisterAny(state, conn, id_all) == -1,
                 "a dropped callback is unknown");
    virResetLastError();

    virDomainHandleUnref(dom0);
    virDomainEventStateFree(state);
    g_atomic_int_set(&loop_quit, 1);
    virEventAddTimeout(0, wake, NULL, NULL);
    g_thread_join(loop_thread);
    virConnectHandleUnref(conn);
    virConnectHandleUnref(other);
    return tmTestDone();
}
