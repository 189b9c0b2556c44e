/*
 * bench/qemu-checkpoint: checkpoint create, delete and SIZE on a running
 * QEMU domain through tidemark's qemu driver (qemu:///embed)
 *
 *   build/bench/qemu-checkpoint ROOT DOMAIN-XML-1DISK DOMAIN-XML-4DISKS [ROUNDS]
 *
 * ROOT is an empty directory for the embedded driver. Prints, per
 * phase, the mean time of one call in ms:
 *   create1 / size1 / delete1   one disk, ROUNDS checkpoints
 *   create4                     four disks
 *   create100                   one disk, with 100 checkpoints existing
 * run-qemu-checkpoint.sh runs libvirt's embed driver on the same XML in
 * the same run and prints the ratios.
 */
#include <tidemark/tidemark.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

static G_GNUC_NORETURN void
die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, virGetLastErrorMessage());
    exit(1);
}

static double
ms_since(gint64 t0)
{
    return (g_get_monotonic_time() - t0) / 1000.0;
}

/* how long a freshly started domain is left alone before timing */
#define SETTLE_US (2 * G_USEC_PER_SEC)

static virDomainPtr
start(virConnectPtr conn, const char *path)
{
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    if (!g_file_get_contents(path, &xml, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    if (!(dom = virDomainDefineXML(conn, xml)) || virDomainCreate(dom) < 0)
        die("start");
    /* the firmware's first seconds compete for the CPU (TCG): measure
     * the steady state, as the libvirt side does */
    g_usleep(SETTLE_US);
    return dom;
}

static void
stop(virDomainPtr dom)
{
    virDomainCheckpointPtr *list = NULL;
    int n = virDomainListAllCheckpoints(dom, &list, 0);

    for (int i = 0; i < n; i++) {
        virDomainCheckpointDelete(list[i], VIR_DOMAIN_CHECKPOINT_DELETE_METADATA_ONLY);
        virDomainCheckpointFree(list[i]);
    }
    free(list);
    if (virDomainDestroy(dom) < 0 || virDomainUndefine(dom) < 0)
        die("stop");
    virDomainFree(dom);
}

/* Creates @rounds checkpoints named PREFIX%d; returns ms per call. */
static double
create(virDomainPtr dom, const char *prefix, int rounds)
{
    gint64 t0 = g_get_monotonic_time();

    for (int i = 0; i < rounds; i++) {
        char xml[128];
        virDomainCheckpointPtr cp;

        snprintf(xml, sizeof(xml), "<domaincheckpoint><name>%s%d</name></domaincheckpoint>",
                 prefix, i);
        if (!(cp = virDomainCheckpointCreateXML(dom, xml, 0)))
            die("create");
        virDomainCheckpointFree(cp);
    }
    return ms_since(t0) / rounds;
}

static double
size(virDomainPtr dom, const char *prefix, int rounds)
{
    gint64 t0 = g_get_monotonic_time();

    for (int i = 0; i < rounds; i++) {
        char name[64];
        virDomainCheckpointPtr cp;
        char *xml;

        snprintf(name, sizeof(name), "%s%d", prefix, i);
        if (!(cp = virDomainCheckpointLookupByName(dom, name, 0)) ||
            !(xml = virDomainCheckpointGetXMLDesc(cp, VIR_DOMAIN_CHECKPOINT_XML_SIZE |
                                                      VIR_DOMAIN_CHECKPOINT_XML_NO_DOMAIN)))
            die("size");
        if (!strstr(xml, "size="))
            die("no size in the XML");
        free(xml);
        virDomainCheckpointFree(cp);
    }
    return ms_since(t0) / rounds;
}

/* Deletes the newest first, as a backup tool retires old ones oldest
 * first would re-parent: both are one bitmap removal per disk. */
static double
delete(virDomainPtr dom, const char *prefix, int rounds)
{
    gint64 t0 = g_get_monotonic_time();

    for (int i = rounds - 1; i >= 0; i--) {
        char name[64];
        virDomainCheckpointPtr cp;

        snprintf(name, sizeof(name), "%s%d", prefix, i);
        if (!(cp = virDomainCheckpointLookupByName(dom, name, 0)) ||
            virDomainCheckpointDelete(cp, 0) < 0)
            die("delete");
        virDomainCheckpointFree(cp);
    }
    return ms_since(t0) / rounds;
}

int
main(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    virConnectPtr conn;
    virDomainPtr dom;
    int rounds = argc > 4 ? atoi(argv[4]) : 20;

    if (argc < 4) {
        fprintf(stderr, "usage: %s ROOT XML-1DISK XML-4DISKS [ROUNDS]\n", argv[0]);
        return 2;
    }
    virSetErrorFunc(NULL, quiet);
    uri = g_strdup_printf("qemu:///embed?root=%s", argv[1]);
    if (!(conn = virConnectOpen(uri)))
        die("open");

    dom = start(conn, argv[2]);
    /* one untimed create + delete: what a process does once (schema
     * compile, the frozen domain copy, the checkpoint directory) is not
     * what a create costs; the libvirt side warms up the same way */
    create(dom, "warm", 1);
    delete(dom, "warm", 1);
    printf("create1 %.3f\n", create(dom, "c", rounds));
    printf("size1 %.3f\n", size(dom, "c", rounds));
    printf("delete1 %.3f\n", delete(dom, "c", rounds));
    create(dom, "old", 100);
    printf("create100 %.3f\n", create(dom, "n", rounds));
    stop(dom);

    dom = start(conn, argv[3]);
    printf("create4 %.3f\n", create(dom, "c", rounds));
    stop(dom);
    virConnectClose(conn);
    return 0;
}
