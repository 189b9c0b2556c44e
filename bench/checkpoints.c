/*
 * bench/checkpoints: the checkpoint API at scale on test:///default
 *
 * Creates N chained checkpoints, lists them topologically, dumps every
 * XML and deletes them, through the public API, and prints the time per
 * operation of each phase, the total and the peak RSS.
 *
 *   build/bench/checkpoints [N]
 */
#include <tidemark/tidemark.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <glib.h>

static double
now(void)
{
    return (double)g_get_monotonic_time();
}

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

int
main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    virConnectPtr conn;
    virDomainPtr dom;
    virDomainCheckpointPtr *list = NULL;
    double t0, t_create, t_list, t_xml, t_delete;
    size_t xml_bytes = 0;
    struct rusage ru;
    int listed;

    virSetErrorFunc(NULL, quiet);
    if (!(conn = virConnectOpen("test:///default")) ||
        !(dom = virDomainLookupByName(conn, "test"))) {
        fprintf(stderr, "open: %s\n", virGetLastErrorMessage());
        return 1;
    }

    t0 = now();
    for (int i = 0; i < n; i++) {
        char xml[128];
        virDomainCheckpointPtr cp;

        snprintf(xml, sizeof(xml), "<domaincheckpoint><name>c%d</name></domaincheckpoint>", i);
        if (!(cp = virDomainCheckpointCreateXML(dom, xml, 0))) {
            fprintf(stderr, "create c%d: %s\n", i, virGetLastErrorMessage());
            return 1;
        }
        virDomainCheckpointFree(cp);
    }
    t_create = now() - t0;

    t0 = now();
    listed = virDomainListAllCheckpoints(dom, &list, VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL);
    t_list = now() - t0;
    if (listed != n) {
        fprintf(stderr, "listed %d of %d\n", listed, n);
        return 1;
    }

    t0 = now();
    for (int i = 0; i < listed; i++) {
        char *xml = virDomainCheckpointGetXMLDesc(list[i], 0);

        if (!xml) {
            fprintf(stderr, "xml: %s\n", virGetLastErrorMessage());
            return 1;
        }
        xml_bytes += strlen(xml);
        free(xml);
    }
    t_xml = now() - t0;

    getrusage(RUSAGE_SELF, &ru);

    t0 = now();
    for (int i = listed - 1; i >= 0; i--) {
        if (virDomainCheckpointDelete(list[i], 0) < 0) {
            fprintf(stderr, "delete: %s\n", virGetLastErrorMessage());
            return 1;
        }
        virDomainCheckpointFree(list[i]);
    }
    t_delete = now() - t0;
    free(list);

    printf("tidemark: %d checkpoints\n", n);
    printf("  create   %8.1f us/op\n", t_create / n);
    printf("  list     %8.1f ms for all (topological)\n", t_list / 1000);
    printf("  dumpxml  %8.1f us/op (%zu bytes each)\n", t_xml / n, xml_bytes / n);
    printf("  delete   %8.1f us/op\n", t_delete / n);
    printf("  total    %8.3f s\n", (t_create + t_list + t_xml + t_delete) / 1e6);
    printf("  peak RSS %8.1f MB\n", ru.ru_maxrss / 1024.0);
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
