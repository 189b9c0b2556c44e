/*
 * bench/backup: push backups of a running QEMU domain through tidemark's
 * qemu driver (qemu:///embed), full and incremental, and a full pull
 * backup read over NBD
 *
 *   build/bench/backup ROOT DOMAIN-XML OUTDIR DISK-MIB NBD-READER
 *
 * ROOT is an empty directory for the embedded driver; the domain has one
 * disk, vda, of DISK-MIB MiB. Targets go to OUTDIR and are removed after
 * each step. NBD-READER is the program (bench/nbd-read.py) that reads a
 * whole export from a UNIX socket. The domain must be named "bench".
 * Prints one `STEP SECONDS QEMU-CPU-SECONDS` line each:
 *   full          push, full, with checkpoint c0
 *   inc1 / inc5 / inc25
 *                 push, incremental from the previous checkpoint (with
 *                 the next one) after 1 %, 5 %, 25 % of the disk was
 *                 written through the guest's virtio device
 *   pull          pull, full, over a UNIX socket: begin, read everything,
 *                 abort
 * A push job ends by itself; its time runs from BackupBegin until
 * BackupGetXMLDesc says there is no job (polled every POLL_US, as
 * backup-libvirt.py polls libvirt). run-backup.sh prints the ratios.
 */
#include <tidemark/tidemark.h>
#include <tidemark/tidemark-qemu.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

/* how long a freshly started domain is left alone before timing */
#define SETTLE_US (2 * G_USEC_PER_SEC)
/* how often a push job is asked whether it ended: the resolution of
 * the times; backup-libvirt.py uses the same */
#define POLL_US (10 * 1000)
/* the guest writes that dirty the disk are this big, spread evenly */
#define CHUNK (1024 * 1024)

/* the running domain, stopped when the program fails half-way */
static virDomainPtr running;

static void
quiet(void *opaque G_GNUC_UNUSED, virErrorPtr err G_GNUC_UNUSED)
{
}

static G_GNUC_NORETURN void
fail(void)
{
    if (running)
        virDomainDestroy(running);
    exit(1);
}

static G_GNUC_NORETURN void
die(const char *what)
{
    fprintf(stderr, "%s: %s\n", what, virGetLastErrorMessage());
    fail();
}

static double
seconds_since(gint64 t0)
{
    return (g_get_monotonic_time() - t0) / (double)G_USEC_PER_SEC;
}

/* QEMU's pid file in the embed root */
static char *qemu_pidfile;

/* The CPU seconds (user + system, all threads) QEMU has used so far:
 * on a loaded machine the wall-clock time follows whoever else runs,
 * the CPU time a copy costs does not. */
static double
qemu_cpu(void)
{
    g_autofree char *pid = NULL;
    g_autofree char *path = NULL;
    g_autofree char *stat = NULL;
    g_auto(GStrv) fields = NULL;
    const char *end;

    if (!g_file_get_contents(qemu_pidfile, &pid, NULL, NULL))
        return 0;
    path = g_strdup_printf("/proc/%s/stat", g_strstrip(pid));
    /* fields after the command name, which may hold spaces: state is
     * the first, utime the 12th, stime the 13th (proc(5)) */
    if (!g_file_get_contents(path, &stat, NULL, NULL) || !(end = strrchr(stat, ')')))
        return 0;
    fields = g_strsplit(end + 2, " ", 14);
    if (g_strv_length(fields) < 14)
        return 0;
    return (g_ascii_strtod(fields[11], NULL) + g_ascii_strtod(fields[12], NULL)) /
           sysconf(_SC_CLK_TCK);
}

/* Waits until @dom has no backup job. */
static void
wait_job(virDomainPtr dom)
{
    char *xml;

    while ((xml = virDomainBackupGetXMLDesc(dom, 0))) {
        free(xml);
        g_usleep(POLL_US);
    }
    if (virGetLastErrorCode() != VIR_ERR_NO_DOMAIN_BACKUP)
        die("backup-dumpxml");
}

/* A push backup of vda into OUTDIR/NAME.qcow2, incremental from
 * @since unless NULL, with checkpoint @checkpoint; prints
 * `NAME SECONDS QEMU-CPU-SECONDS`. The target is removed afterwards:
 * its pages in the cache are dropped rather than written back during
 * the next step. */
static void
push(virDomainPtr dom, const char *outdir, const char *name, const char *since,
     const char *checkpoint)
{
    g_autofree char *target = g_strdup_printf("%s/%s.qcow2", outdir, name);
    g_autofree char *inc = since ? g_strdup_printf("<incremental>%s</incremental>", since)
                                 : g_strdup("");
    g_autofree char *xml = g_strdup_printf(
        "<domainbackup>%s<disks><disk name='vda' type='file'><target file='%s'/>"
        "<driver type='qcow2'/></disk></disks></domainbackup>", inc, target);
    g_autofree char *cpxml = g_strdup_printf(
        "<domaincheckpoint><name>%s</name></domaincheckpoint>", checkpoint);
    gint64 t0;
    double secs;
    double cpu0;

    /* what earlier steps left in the page cache is written back now,
     * not while this one runs (both sides do this) */
    sync();
    cpu0 = qemu_cpu();
    t0 = g_get_monotonic_time();
    if (virDomainBackupBegin(dom, xml, cpxml, 0) < 0)
        die("backup-begin");
    wait_job(dom);
    secs = seconds_since(t0);
    if (!g_file_test(target, G_FILE_TEST_EXISTS)) {
        fprintf(stderr, "%s: the job ended without its target\n", name);
        fail();
    }
    g_unlink(target);
    printf("%s %.3f %.2f\n", name, secs, qemu_cpu() - cpu0);
    fflush(stdout);
}

/* Writes @percent % of vda's @mib MiB through the guest's virtio device,
 * in CHUNK writes spread evenly over the disk, as a guest would: the
 * checkpoint's bitmap sees them. */
static void
dirty(virDomainPtr dom, unsigned long long mib, int percent, int pattern)
{
    unsigned long long size = mib * 1024 * 1024;
    /* at least one write: a tiny disk (a smoke run) has under 1 % of a CHUNK */
    unsigned long long chunks = MAX(size / CHUNK * percent / 100, 1);
    unsigned long long stride = size / chunks;

    for (unsigned long long i = 0; i < chunks; i++) {
        g_autofree char *cmd = g_strdup_printf(
            "qemu-io -d /machine/peripheral/virtio-disk0/virtio-backend "
            "\"write -P %d %llu %d\"", pattern, i * stride, CHUNK);
        char *out = NULL;

        if (virDomainQemuMonitorCommand(dom, cmd, &out, VIR_DOMAIN_QEMU_MONITOR_COMMAND_HMP) < 0)
            die("qemu-io");
        /* HMP's qemu-io is silent when the write succeeds and reports a
         * failed one as text, not as an error */
        if (out && *out) {
            fprintf(stderr, "qemu-io: %s\n", out);
            fail();
        }
        free(out);
    }
}

/* A full pull backup of vda on a UNIX socket, read whole by @reader;
 * prints `pull SECONDS QEMU-CPU-SECONDS`, from begin to the abort's
 * return. */
static void
pull(virDomainPtr dom, const char *outdir, const char *reader)
{
    g_autofree char *sock = g_strdup_printf("%s/nbd.sock", outdir);
    g_autofree char *xml = g_strdup_printf(
        "<domainbackup mode='pull'><server transport='unix' socket='%s'/>"
        "<disks><disk name='vda' type='file'><scratch file='%s/scratch.qcow2'/></disk>"
        "</disks></domainbackup>", sock, outdir);
    const char *argv[] = { "/usr/bin/python3", reader, sock, "vda", NULL };
    g_autoptr(GError) err = NULL;
    int status = 0;
    gint64 t0;
    double cpu0;

    sync();
    cpu0 = qemu_cpu();
    t0 = g_get_monotonic_time();
    if (virDomainBackupBegin(dom, xml, NULL, 0) < 0)
        die("backup-begin (pull)");
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                      &status, &err) ||
        !g_spawn_check_exit_status(status, &err)) {
        fprintf(stderr, "%s: %s\n", reader, err->message);
        fail();
    }
    if (virDomainAbortJob(dom) < 0)
        die("domjobabort");
    printf("pull %.3f %.2f\n", seconds_since(t0), qemu_cpu() - cpu0);
    fflush(stdout);
}

int
main(int argc, char **argv)
{
    g_autofree char *uri = NULL;
    g_autofree char *xml = NULL;
    unsigned long long mib;
    const char *outdir;
    virConnectPtr conn;
    virDomainPtr dom;

    if (argc < 6) {
        fprintf(stderr, "usage: %s ROOT DOMAIN-XML OUTDIR DISK-MIB NBD-READER\n", argv[0]);
        return 2;
    }
    outdir = argv[3];
    mib = g_ascii_strtoull(argv[4], NULL, 10);
    virSetErrorFunc(NULL, quiet);
    uri = g_strdup_printf("qemu:///embed?root=%s", argv[1]);
    qemu_pidfile = g_build_filename(argv[1], "run", "bench", "qemu.pid", NULL);
    if (!g_file_get_contents(argv[2], &xml, NULL, NULL)) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 1;
    }
    if (!(conn = virConnectOpen(uri)) ||
        !(dom = virDomainDefineXML(conn, xml)) || virDomainCreate(dom) < 0)
        die("start");
    running = dom;
    /* the firmware's first seconds compete for the CPU (TCG) */
    g_usleep(SETTLE_US);

    push(dom, outdir, "full", NULL, "c0");
    dirty(dom, mib, 1, 0x11);
    push(dom, outdir, "inc1", "c0", "c1");
    dirty(dom, mib, 5, 0x22);
    push(dom, outdir, "inc5", "c1", "c2");
    dirty(dom, mib, 25, 0x33);
    push(dom, outdir, "inc25", "c2", "c3");
    pull(dom, outdir, argv[5]);

    if (virDomainDestroy(dom) < 0)
        die("destroy");
    virDomainFree(dom);
    virConnectClose(conn);
    return 0;
}
