/*
 * qemu_saveimage.c: libvirt's save image, written and read back
 *
 * QEMU writes and reads the migration stream itself, through a
 * descriptor handed over the monitor (getfd, then the URI "fd:NAME"),
 * positioned just after the header and data tidemark writes or skips.
 */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

#include "qemu/qemu_saveimage.h"
#include "qemu/qemu_backup_qmp.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

#define SAVE_MAGIC "LibvirtQemudSave"
#define SAVE_PARTIAL "LibvirtQemudPart"
#define SAVE_VERSION 2
/* room left after the XML and cookie, as libvirt leaves it, so that a
 * longer XML can be put in later */
#define SAVE_PADDING (64 * 1024)
/* libvirt's unlimited migration speed (its QEMU_DOMAIN_MIG_BANDWIDTH_MAX
 * MiB/s, in bytes) */
#define SAVE_BANDWIDTH ((long long)(INT64_MAX / (1024 * 1024)) * 1024 * 1024)
/* the name QEMU knows the descriptor by */
#define SAVE_FDNAME "migrate"

typedef struct {
    char magic[sizeof(SAVE_MAGIC) - 1];
    uint32_t version;
    uint32_t data_len;
    uint32_t was_running;
    uint32_t compressed;
    uint32_t cookieOffset;
    uint32_t unused[14];
} qemuSaveHeader;

G_STATIC_ASSERT(sizeof(qemuSaveHeader) == 92);
G_STATIC_ASSERT(sizeof(SAVE_MAGIC) == sizeof(SAVE_PARTIAL));

/* Writes all of @len bytes of @data at @fd's offset. */
static int
write_all(int fd, const void *data, size_t len, const char *what, const char *path)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            virReportSystemError(errno, "failed to write %s to '%s'", what, path);
            return -1;
        }
        p += n;
        len -= n;
    }
    return 0;
}

/* Waits until the migration QEMU runs has ended: 0 when it completed,
 * -1 with libvirt's error (its snapshot job's words) when it failed or
 * was cancelled, or when none started within a while. Polled, from
 * every millisecond up to every 20 ms. */
static int
wait_migration(virDomainObj *vm)
{
    gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
    gulong pause = 1000;

    for (;;) {
        g_autoptr(virJSONValue) info = NULL;
        const char *status;
        const char *desc;

        if (qemuBackupRun(vm, "query-migrate", NULL, &info) < 0)
            return -1;
        status = virJSONValueObjectGetString(info, "status");
        desc = virJSONValueObjectGetString(info, "error-desc");
        if (g_strcmp0(status, "completed") == 0)
            return 0;
        if (g_strcmp0(status, "failed") == 0) {
            if (desc)
                virReportError(VIR_ERR_OPERATION_FAILED, "job 'snapshot' failed: %s", desc);
            else
                virReportError(VIR_ERR_OPERATION_FAILED, "%s",
                               "job 'snapshot' unexpectedly failed");
            return -1;
        }
        if (g_strcmp0(status, "cancelled") == 0) {
            virReportError(VIR_ERR_OPERATION_ABORTED, "%s", "job 'snapshot' canceled by client");
            return -1;
        }
        /* no status: the migration has not begun (an incoming one waits
         * for its channel) */
        if (!status && g_get_monotonic_time() > deadline) {
            virReportError(VIR_ERR_OPERATION_FAILED, "%s", "job 'snapshot' is not active");
            return -1;
        }
        g_usleep(pause);
        pause = MIN(pause * 2, 20000);
    }
}

/* Sets QEMU's migration speed limit to @bytes per second. */
static int
set_bandwidth(virDomainObj *vm, long long bytes)
{
    g_autoptr(virJSONValue) args = virJSONValueNewObject();

    virJSONValueObjectAppendNumber(args, "max-bandwidth", bytes);
    return qemuBackupRun(vm, "migrate-set-parameters", &args, NULL);
}

/* Hands @fd to QEMU and runs @command ("migrate" or "migrate-incoming")
 * on it, then waits for the end. */
static int
migrate_fd(virDomainObj *vm, int fd, const char *command)
{
    g_autoptr(virJSONValue) args = qemuBackupArgs("uri", "fd:" SAVE_FDNAME);
    qemuMonitor *mon = qemuDomainObjEnterMonitor(vm);
    int rc = qemuMonitorSendFileHandle(mon, SAVE_FDNAME, fd);

    if (qemuDomainObjExitMonitor(vm) < 0 || rc < 0)
        return -1;
    if (qemuBackupRun(vm, command, &args, NULL) < 0) {
        /* QEMU keeps a descriptor no migration took */
        qemuBackupRunCleanup(vm, "closefd", qemuBackupArgs("fdname", SAVE_FDNAME));
        return -1;
    }
    return wait_migration(vm);
}

/* The migration stream of @vm into @fd, at full speed. */
static int
save_stream(virDomainObj *vm, int fd)
{
    g_autoptr(virJSONValue) params = NULL;
    long long before = 0;
    int ret;

    if (qemuBackupRun(vm, "query-migrate-parameters", NULL, &params) < 0)
        return -1;
    if (virJSONValueObjectGetNumberLong(params, "max-bandwidth", &before) < 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       "QEMU's migration parameters lack 'max-bandwidth'");
        return -1;
    }
    if (set_bandwidth(vm, SAVE_BANDWIDTH) < 0)
        return -1;
    ret = migrate_fd(vm, fd, "migrate");
    if (qemuDomainObjHasMonitor(vm)) {
        virErrorPtr saved = virSaveLastError();

        if (set_bandwidth(vm, before) < 0)
            virResetLastError();    /* the speed only matters to a later migration */
        virSetError(saved);
        virFreeError(saved);
    }
    return ret;
}

int
qemuSaveImageCreate(virDomainObj *vm, const char *path, const char *xml,
                    const char *cookie, bool was_running)
{
    qemuSaveHeader header = { .version = SAVE_VERSION };
    size_t xml_len = strlen(xml) + 1;
    size_t cookie_len = cookie ? strlen(cookie) + 1 : 0;
    g_autofree char *zeros = g_new0(char, SAVE_PADDING);
    bool existed = access(path, F_OK) == 0;
    int fd;

    memcpy(header.magic, SAVE_PARTIAL, sizeof(header.magic));
    header.data_len = xml_len + cookie_len + SAVE_PADDING;
    header.was_running = was_running;
    header.cookieOffset = cookie ? xml_len : 0;

    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0) {
        virReportSystemError(errno, "Failed to create file '%s'", path);
        return -1;
    }
    if (write_all(fd, &header, sizeof(header), "header", path) < 0 ||
        write_all(fd, xml, xml_len, "domain xml", path) < 0 ||
        (cookie && write_all(fd, cookie, cookie_len, "cookie", path) < 0) ||
        write_all(fd, zeros, SAVE_PADDING, "padding", path) < 0 ||
        save_stream(vm, fd) < 0)
        goto error;
    /* whole on disk before the header says so */
    if (fdatasync(fd) < 0) {
        virReportSystemError(errno, "cannot sync '%s'", path);
        goto error;
    }
    memcpy(header.magic, SAVE_MAGIC, sizeof(header.magic));
    if (pwrite(fd, header.magic, sizeof(header.magic), 0) != sizeof(header.magic)) {
        /* a short write of 16 bytes at 0 sets no errno */
        virReportSystemError(errno ? errno : EIO,
                             "failed to write header to domain save file '%s'", path);
        goto error;
    }
    if (fdatasync(fd) < 0) {
        virReportSystemError(errno, "cannot sync '%s'", path);
        goto error;
    }
    if (close(fd) < 0) {
        virReportSystemError(errno, "unable to close %s", path);
        fd = -1;
        goto error;
    }
    return 0;

 error:
    if (fd >= 0)
        close(fd);
    if (!existed)
        unlink(path);
    return -1;
}

/* Opens save image @path and reads its header into @header, leaving the
 * descriptor at the migration stream. Returns the descriptor or -1. */
static int
open_image(const char *path, qemuSaveHeader *header)
{
    int fd;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        virReportSystemError(errno, "cannot open save image '%s'", path);
        return -1;
    }
    if (read(fd, header, sizeof(*header)) != sizeof(*header)) {
        virReportError(VIR_ERR_OPERATION_FAILED, "failed to read qemu header of '%s'", path);
        goto error;
    }
    if (memcmp(header->magic, SAVE_MAGIC, sizeof(header->magic)) != 0) {
        if (memcmp(header->magic, SAVE_PARTIAL, sizeof(header->magic)) == 0)
            virReportError(VIR_ERR_OPERATION_FAILED, "save image '%s' is incomplete", path);
        else
            virReportError(VIR_ERR_OPERATION_FAILED, "image magic of '%s' is incorrect", path);
        goto error;
    }
    if (header->version > SAVE_VERSION) {
        virReportError(VIR_ERR_OPERATION_FAILED, "image version is not supported (%u > %d)",
                       header->version, SAVE_VERSION);
        goto error;
    }
    if (header->data_len == 0) {
        virReportError(VIR_ERR_OPERATION_FAILED, "invalid header data length of '%s': 0",
                       path);
        goto error;
    }
    if (header->compressed != 0) {
        virReportError(VIR_ERR_OPERATION_UNSUPPORTED,
                       "save image '%s' is compressed; tidemark reads uncompressed ones only",
                       path);
        goto error;
    }
    if (lseek(fd, sizeof(*header) + (off_t)header->data_len, SEEK_SET) < 0) {
        virReportSystemError(errno, "cannot seek in save image '%s'", path);
        goto error;
    }
    return fd;

 error:
    close(fd);
    return -1;
}

int
qemuSaveImageCheck(const char *path)
{
    qemuSaveHeader header;
    int fd = open_image(path, &header);

    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

int
qemuSaveImageLoad(virDomainObj *vm, const char *path)
{
    qemuSaveHeader header;
    int fd;
    int ret;

    if ((fd = open_image(path, &header)) < 0)
        return -1;
    ret = migrate_fd(vm, fd, "migrate-incoming");
    close(fd);
    return ret;
}
