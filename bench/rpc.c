/*
 * bench/rpc: calls through a daemon with libvirt's own C library (-lvirt)
 *
 * The client side is libvirt 9.0's, unchanged, whichever daemon answers
 * (tidemarkd or libvirtd): bench/run-rpc.sh runs it against both in the
 * same run and prints the ratios. Built only when meson finds libvirt's
 * pkg-config (libvirt-dev).
 *
 *   build/bench/rpc lookup URI N
 *       N virDomainLookupByName("test") calls: "lookup CALLS_PER_S"
 *   build/bench/rpc checkpoints URI DOMAIN N
 *       one untimed create + delete (what a daemon does once: schema,
 *       directories), then N chained checkpoint creates, N listings of
 *       all checkpoints and N deletes, timed each:
 *       "create MS", "list MS", "delete MS" (mean milliseconds per call)
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

static int
fail(const char *what)
{
    fprintf(stderr, "rpc: %s: %s\n", what, virGetLastErrorMessage());
    return 1;
}

static int
bench_lookup(virConnectPtr conn, int n)
{
    gint64 t0 = g_get_monotonic_time();
    double secs;

    for (int i = 0; i < n; i++) {
        virDomainPtr dom = virDomainLookupByName(conn, "test");

        if (!dom)
            return fail("lookup");
        virDomainFree(dom);
    }
    secs = (g_get_monotonic_time() - t0) / 1e6;
    printf("lookup %.0f\n", n / secs);
    return 0;
}

static int
create(virDomainPtr dom, const char *name)
{
    g_autofree char *xml = g_strdup_printf("<domaincheckpoint><name>%s</name>"
                                           "</domaincheckpoint>", name);
    virDomainCheckpointPtr cp = virDomainCheckpointCreateXML(dom, xml, 0);

    if (!cp)
        return fail(name);
    virDomainCheckpointFree(cp);
    return 0;
}

static int
delete(virDomainPtr dom, const char *name)
{
    virDomainCheckpointPtr cp = virDomainCheckpointLookupByName(dom, name, 0);
    int rc;

    if (!cp)
        return fail(name);
    rc = virDomainCheckpointDelete(cp, 0);
    virDomainCheckpointFree(cp);
    return rc < 0 ? fail(name) : 0;
}

static void
report(const char *what, gint64 t0, int n)
{
    printf("%s %.3f\n", what, (g_get_monotonic_time() - t0) / 1e3 / n);
}

static int
bench_checkpoints(virConnectPtr conn, const char *domname, int n)
{
    virDomainPtr dom = virDomainLookupByName(conn, domname);
    gint64 t0;

    if (!dom)
        return fail(domname);
    if (create(dom, "warmup") || delete(dom, "warmup"))
        return 1;

    t0 = g_get_monotonic_time();
    for (int i = 0; i < n; i++) {
        g_autofree char *name = g_strdup_printf("c%d", i);

        if (create(dom, name))
            return 1;
    }
    report("create", t0, n);

    t0 = g_get_monotonic_time();
    for (int i = 0; i < n; i++) {
        virDomainCheckpointPtr *cps = NULL;
        int got = virDomainListAllCheckpoints(dom, &cps, 0);

        if (got != n)
            return fail("list");
        for (int j = 0; j < got; j++)
            virDomainCheckpointFree(cps[j]);
        free(cps);
    }
    report("list", t0, n);

    /* newest first: each delete removes a leaf, the cheap case for both */
    t0 = g_get_monotonic_time();
    for (int i = n - 1; i >= 0; i--) {
        g_autofree char *name = g_strdup_printf("c%d", i);

        if (delete(dom, name))
            return 1;
    }
    report("delete", t0, n);
    virDomainFree(dom);
    return 0;
}

int
main(int argc, char **argv)
{
    virConnectPtr conn;
    int rc;

    if (argc < 4 || (strcmp(argv[1], "checkpoints") == 0 && argc < 5)) {
        fprintf(stderr, "usage: rpc lookup URI N | rpc checkpoints URI DOMAIN N\n");
        return 2;
    }
    virSetErrorFunc(NULL, quiet);
    if (!(conn = virConnectOpen(argv[2])))
        return fail(argv[2]);
    if (strcmp(argv[1], "lookup") == 0)
        rc = bench_lookup(conn, atoi(argv[3]));
    else
        rc = bench_checkpoints(conn, argv[3], atoi(argv[4]));
    virConnectClose(conn);
    return rc;
}
