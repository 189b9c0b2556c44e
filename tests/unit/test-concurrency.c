/*
 * test-concurrency.c: 8 threads creating, listing, looking up and
 * deleting checkpoints of one domain through the public API at once
 *
 * Every thread has its own connection to test:///default (they share
 * the driver state, as in libvirt). Afterwards the tree must be
 * consistent: each checkpoint's parent exists and lists it among its
 * children, the topological listing puts parents first, and the number
 * of checkpoints equals the creates minus the deletes. Then 8 threads
 * open and close connections while the shared test:///default driver
 * is created and freed under them (the ThreadSanitizer build checks
 * these phases for races, see docs/DEVELOPING.md).
 */
#include "internal.h"
#include "testutils.h"

#define NTHREADS 8
#define ROUNDS 150

typedef struct {
    int id;
    int created;
    int deleted;
    int errors;
    char *first_error;
} worker;

static void
record_error(worker *w, const char *what)
{
    w->errors++;
    if (!w->first_error)
        w->first_error = g_strdup_printf("%s: %s", what, virGetLastErrorMessage());
}

static gpointer
run_worker(gpointer data)
{
    worker *w = data;
    virConnectPtr conn = virConnectOpen("test:///default");
    virDomainPtr dom = conn ? virDomainLookupByName(conn, "test") : NULL;

    if (!dom) {
        record_error(w, "open");
        return NULL;
    }
    for (int i = 0; i < ROUNDS; i++) {
        g_autofree char *name = g_strdup_printf("t%d-%d", w->id, i);
        g_autofree char *xml = g_strdup_printf("<domaincheckpoint><name>%s</name>"
                                               "</domaincheckpoint>", name);
        virDomainCheckpointPtr cp = virDomainCheckpointCreateXML(dom, xml, 0);
        virDomainCheckpointPtr *list = NULL;
        int n;

        if (!cp) {
            record_error(w, "create");
            continue;
        }
        w->created++;

        if ((n = virDomainListAllCheckpoints(dom, &list, i % 2 ? VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL : 0)) < 0) {
            record_error(w, "list");
        } else {
            for (int j = 0; j < n; j++)
                virDomainCheckpointFree(list[j]);
            free(list);
        }

        /* look up our own previous checkpoint, which may be gone */
        if (i > 0) {
            g_autofree char *prev = g_strdup_printf("t%d-%d", w->id, i - 1);
            virDomainCheckpointPtr other = virDomainCheckpointLookupByName(dom, prev, 0);

            if (other) {
                g_autofree char *text = virDomainCheckpointGetXMLDesc(other, VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN);

                if (!text && virGetLastErrorCode() != VIR_ERR_NO_DOMAIN_CHECKPOINT)
                    record_error(w, "xml");
                virDomainCheckpointFree(other);
            } else if (virGetLastErrorCode() != VIR_ERR_NO_DOMAIN_CHECKPOINT) {
                record_error(w, "lookup");
            }
        }

        /* delete every third one; another thread may have taken it */
        if (i % 3 == 0) {
            if (virDomainCheckpointDelete(cp, 0) == 0)
                w->deleted++;
            else
                record_error(w, "delete");
        }
        virDomainCheckpointFree(cp);
    }
    virDomainFree(dom);
    virConnectClose(conn);
    return NULL;
}

static bool
check_tree(virDomainPtr dom, int expected)
{
    virDomainCheckpointPtr *list = NULL;
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    bool ok = true;
    int n = virDomainListAllCheckpoints(dom, &list, VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);

    if (n != expected) {
        tmTestDiag("expected %d checkpoints, listed %d", expected, n);
        ok = false;
    }
    for (int i = 0; i < n; i++) {
        const char *name = virDomainCheckpointGetName(list[i]);
        virDomainCheckpointPtr parent = virDomainCheckpointGetParent(list[i], 0);

        if (parent) {
            const char *pname = virDomainCheckpointGetName(parent);
            virDomainCheckpointPtr *kids = NULL;
            int nkids = virDomainCheckpointListAllChildren(parent, &kids, 0);
            bool listed = false;

            if (!g_hash_table_contains(seen, pname)) {
                tmTestDiag("%s listed before its parent %s", name, pname);
                ok = false;
            }
            for (int k = 0; k < nkids; k++) {
                listed |= STREQ(virDomainCheckpointGetName(kids[k]), name);
                virDomainCheckpointFree(kids[k]);
            }
            free(kids);
            if (!listed) {
                tmTestDiag("%s is not among the children of %s", name, pname);
                ok = false;
            }
            virDomainCheckpointFree(parent);
        } else if (virGetLastErrorCode() != VIR_ERR_NO_DOMAIN_CHECKPOINT) {
            tmTestDiag("parent of %s: %s", name, virGetLastErrorMessage());
            ok = false;
        }
        g_hash_table_add(seen, g_strdup(name));
        virDomainCheckpointFree(list[i]);
    }
    free(list);
    return ok;
}

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

/* One thread defines and undefines a domain while another starts it as a
 * transient domain: a start that succeeds must leave a running domain
 * (an undefine of a running domain only makes it transient). */
static const char race_xml[] =
    "<domain type='test'><name>race</name><uuid>11111111-2222-3333-4444-555555555555</uuid>"
    "<memory>1024</memory><os><type>hvm</type></os></domain>";
static gint race_stop;

static gpointer
define_undefine(gpointer data)
{
    virConnectPtr conn = data;

    while (!g_atomic_int_get(&race_stop)) {
        virDomainPtr dom = virDomainDefineXML(conn, race_xml);

        if (dom) {
            virDomainUndefine(dom);
            virDomainFree(dom);
        }
    }
    return NULL;
}

static void
test_define_start_race(virConnectPtr conn)
{
    GThread *thread = g_thread_new("definer", define_undefine, conn);
    int started = 0;
    int anomalies = 0;

    for (int i = 0; i < 3000; i++) {
        virDomainPtr dom = virDomainCreateXML(conn, race_xml, 0);
        unsigned char uuid[VIR_UUID_BUFLEN];
        virDomainPtr again;

        if (!dom)
            continue;
        started++;
        virDomainGetUUID(dom, uuid);
        again = virDomainLookupByUUID(conn, uuid);
        if (!again || virDomainIsActive(again) != 1)
            anomalies++;
        if (again)
            virDomainFree(again);
        virDomainDestroy(dom);
        virDomainFree(dom);
    }
    g_atomic_int_set(&race_stop, 1);
    g_thread_join(thread);
    tmTestResult(anomalies == 0, "define/undefine against transient starts: %d started, "
                 "%d vanished or stopped", started, anomalies);
}

/* Connections come and go while test:///default is created and torn
 * down by its first open and last close, next to connections of node
 * files that have a driver of their own. */
#define CHURN_ROUNDS 100
static const char *churn_node_uri;

static gpointer
open_close(gpointer data)
{
    int *failures = data;

    for (int i = 0; i < CHURN_ROUNDS; i++) {
        virConnectPtr def = virConnectOpen("test:///default");
        virConnectPtr node = virConnectOpen(churn_node_uri);

        if (!def || !node)
            (*failures)++;
        if (def)
            virConnectClose(def);
        if (node)
            virConnectClose(node);
    }
    return NULL;
}

static void
test_open_close_churn(const char *node_path)
{
    GThread *threads[NTHREADS];
    int failures[NTHREADS] = { 0 };
    int total = 0;
    g_autofree char *uri = g_strdup_printf("test://%s", node_path);

    churn_node_uri = uri;
    for (int i = 0; i < NTHREADS; i++)
        threads[i] = g_thread_new("churn", open_close, &failures[i]);
    for (int i = 0; i < NTHREADS; i++) {
        g_thread_join(threads[i]);
        total += failures[i];
    }
    tmTestResult(total == 0, "%d threads x %d opens and closes of test:///default "
                 "and a node file: %d failed", NTHREADS, CHURN_ROUNDS, total);
}

/* argv[1]: a test driver node file */
int
main(int argc, char **argv)
{
    worker workers[NTHREADS] = { 0 };
    GThread *threads[NTHREADS];
    virConnectPtr conn;
    virDomainPtr dom;
    int created = 0;
    int deleted = 0;
    int errors = 0;

    virSetErrorFunc(NULL, quiet);
    /* keeps the shared test:///default state alive across the threads */
    conn = virConnectOpen("test:///default");
    dom = conn ? virDomainLookupByName(conn, "test") : NULL;
    if (!tmTestResult(dom != NULL, "open test:///default"))
        return tmTestDone();

    for (int i = 0; i < NTHREADS; i++) {
        workers[i].id = i;
        threads[i] = g_thread_new("worker", run_worker, &workers[i]);
    }
    for (int i = 0; i < NTHREADS; i++) {
        g_thread_join(threads[i]);
        created += workers[i].created;
        deleted += workers[i].deleted;
        errors += workers[i].errors;
        if (workers[i].first_error)
            tmTestDiag("thread %d: %s", i, workers[i].first_error);
        g_free(workers[i].first_error);
    }

    tmTestResult(errors == 0, "%d threads x %d rounds without an API error", NTHREADS, ROUNDS);
    tmTestResult(created == NTHREADS * ROUNDS, "%d checkpoints created", created);
    tmTestResult(check_tree(dom, created - deleted),
                 "tree consistent after %d deletes (%d left)", deleted, created - deleted);
    {
        virDomainCheckpointPtr *roots = NULL;
        int nroots = virDomainListAllCheckpoints(dom, &roots, VIR_DOMAIN_CHECKPOINT_LIST_ROOTS);
        bool all_deleted = nroots >= 0;

        for (int i = 0; i < nroots; i++) {
            all_deleted &= virDomainCheckpointDelete(roots[i],
                                                     VIR_DOMAIN_CHECKPOINT_DELETE_CHILDREN) == 0;
            virDomainCheckpointFree(roots[i]);
        }
        free(roots);
        tmTestResult(all_deleted && check_tree(dom, 0), "every subtree deleted from its root");
    }

    test_define_start_race(conn);

    virDomainFree(dom);
    virConnectClose(conn);

    /* with no connection left, test:///default comes and goes */
    if (argc > 1)
        test_open_close_churn(argv[1]);
    else
        tmTestResult(false, "usage: test-concurrency NODE-FILE");
    return tmTestDone();
}
