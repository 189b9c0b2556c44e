/*
 * bench/qemu-snapshot: snapshot create and delete through tidemark's
 * qemu driver (qemu:///embed)
 *
 *   build/bench/qemu-snapshot ROOT DOMAIN-XML OVERLAY-DIR [ROUNDS]
 *
 * ROOT is an empty directory for the embedded driver; the domain has
 * one qcow2 disk. Prints, per phase, the mean time of one call in ms:
 *   int-off-create / int-off-delete   internal snapshots of the shut-off
 *                                     domain (qemu-img snapshot)
 *   ext-create / ext-delete           disk-only external snapshots of the
 *                                     running domain, overlays in
 *                                     OVERLAY-DIR, deleted newest first
 *                                     (each delete merges its overlay)
 * A phase the driver refuses prints "PHASE failed: MESSAGE" on stdout and
 * the run goes on. run-qemu-snapshot.sh runs libvirt's embed driver on
 * the same XML in the same run and prints the ratios.
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

/* The snapshot XML of round @i: internal when @dir is NULL, else one
 * external overlay DIR/PREFIXi.qcow2. */
static char *
snapshot_xml(const char *prefix, int i, const char *dir)
{
    if (!dir)
        return g_strdup_printf("<domainsnapshot><name>%s%d</name></domainsnapshot>", prefix, i);
    return g_strdup_printf("<domainsnapshot><name>%s%d</name><disks>"
                           "<disk name='vda' snapshot='external'>"
                           "<source file='%s/%s%d.qcow2'/></disk>"
                           "</disks></domainsnapshot>", prefix, i, dir, prefix, i);
}

/* The message of the last failed call, taken before a handle's free
 * resets the thread's error. */
static char *failure;

static void
note_failure(void)
{
    g_free(failure);
    failure = g_strdup(virGetLastErrorMessage());
}

/* Creates @rounds snapshots; returns ms per call, or -1 (error kept). */
static double
create(virDomainPtr dom, const char *prefix, int rounds, const char *dir)
{
    gint64 t0 = g_get_monotonic_time();

    for (int i = 0; i < rounds; i++) {
        g_autofree char *xml = snapshot_xml(prefix, i, dir);
        virDomainSnapshotPtr snap;

        if (!(snap = virDomainSnapshotCreateXML(dom, xml,
                                                dir ? VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY : 0))) {
            note_failure();
            return -1;
        }
        virDomainSnapshotFree(snap);
    }
    return (g_get_monotonic_time() - t0) / 1000.0 / rounds;
}

/* Deletes them newest first; ms per call, or -1. */
static double
delete(virDomainPtr dom, const char *prefix, int rounds)
{
    gint64 t0 = g_get_monotonic_time();

    for (int i = rounds - 1; i >= 0; i--) {
        g_autofree char *name = g_strdup_printf("%s%d", prefix, i);
        virDomainSnapshotPtr snap;
        int rc;

        if (!(snap = virDomainSnapshotLookupByName(dom, name, 0))) {
            note_failure();
            return -1;
        }
        if ((rc = virDomainSnapshotDelete(snap, 0)) < 0)
            note_failure();
        virDomainSnapshotFree(snap);
        if (rc < 0)
            return -1;
    }
    return (g_get_monotonic_time() - t0) / 1000.0 / rounds;
}

static void
report(const char *phase, double ms)
{
    if (ms < 0)
        printf("%s failed: %s\n", phase, failure ? failure : virGetLastErrorMessage());
    else
        printf("%s %.3f\n", phase, ms);
}

/* One untimed create + delete of the kind, then the timed phases: what
 * a process does once is not what a call costs; the libvirt side warms
 * up the same way. */
static void
phases(virDomainPtr dom, const char *kind, int rounds, const char *dir)
{
    g_autofree char *warm = g_strdup_printf("warm%s", kind);
    g_autofree char *create_name = g_strdup_printf("%s-create", kind);
    g_autofree char *delete_name = g_strdup_printf("%s-delete", kind);
    double ms;

    if (create(dom, warm, 1, dir) < 0) {
        report(create_name, -1);
        return;
    }
    /* a delete that fails (not built) still lets the creates be timed */
    if (delete(dom, warm, 1) < 0)
        virResetLastError();
    ms = create(dom, kind, rounds, dir);
    report(create_name, ms);
    if (ms >= 0)
        report(delete_name, delete(dom, kind, rounds));
}

int
main(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    g_autofree char *xml = NULL;
    virConnectPtr conn;
    virDomainPtr dom;
    int rounds = argc > 4 ? atoi(argv[4]) : 20;

    if (argc < 4) {
        fprintf(stderr, "usage: %s ROOT DOMAIN-XML OVERLAY-DIR [ROUNDS]\n", argv[0]);
        return 2;
    }
    virSetErrorFunc(NULL, quiet);
    uri = g_strdup_printf("qemu:///embed?root=%s", argv[1]);
    if (!(conn = virConnectOpen(uri)))
        die("open");
    if (!g_file_get_contents(argv[2], &xml, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    if (!(dom = virDomainDefineXML(conn, xml)))
        die("define");

    phases(dom, "int-off", rounds, NULL);

    if (virDomainCreate(dom) < 0)
        die("start");
    /* the firmware's first seconds compete for the CPU (TCG): measure
     * the steady state, as the libvirt side does */
    g_usleep(2 * G_USEC_PER_SEC);
    phases(dom, "ext", rounds, argv[3]);

    if (virDomainDestroy(dom) < 0)
        die("destroy");
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
