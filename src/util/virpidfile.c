/*
 * virpidfile.c: a pid file that is also a lock
 *
 * The steps and the messages are libvirt 9.0's (util/virpidfile.c),
 * so a second opener of a root gets the same error from either tool.
 */
#define _GNU_SOURCE   /* F_OFD_SETLK */
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/virpidfile.h"

/* libvirt's pid file errors are raised from util/, without a domain */
#define VIR_FROM_THIS VIR_FROM_NONE

/* The lock of byte 0, held by the open file description of @fd. */
static int
lock_first_byte(int fd)
{
    struct flock fl = {
        .l_type = F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = 0,
        .l_len = 1,
    };

    return fcntl(fd, F_OFD_SETLK, &fl);
}

/* Opens and locks @path; -1 with an error set. Retries when the file
 * we locked is no longer the one at @path: its holder released it
 * (unlink, then close) between our open and our lock. */
static int
open_locked(const char *path)
{
    for (;;) {
        struct stat locked;
        struct stat current;
        int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

        if (fd < 0) {
            virReportSystemError(errno, "Failed to open pid file '%s'", path);
            return -1;
        }
        if (fstat(fd, &locked) < 0) {
            virReportSystemError(errno, "Unable to check status of pid file '%s'", path);
            close(fd);
            return -1;
        }
        if (lock_first_byte(fd) < 0) {
            virReportSystemError(errno, "Failed to acquire pid file '%s'", path);
            close(fd);
            return -1;
        }
        if (stat(path, &current) == 0 && current.st_ino == locked.st_ino &&
            current.st_dev == locked.st_dev)
            return fd;
        close(fd);
    }
}

int
virPidFileAcquirePath(const char *path, pid_t pid)
{
    g_autofree char *text = g_strdup_printf("%lld", (long long)pid);
    size_t len = strlen(text);
    int fd;

    if ((fd = open_locked(path)) < 0)
        return -1;
    if (ftruncate(fd, 0) < 0) {
        virReportSystemError(errno, "Failed to truncate pid file '%s'", path);
        close(fd);
        return -1;
    }
    errno = 0;
    if (write(fd, text, len) != (ssize_t)len) {
        virReportSystemError(errno ? errno : EIO,
                             "Failed to write to pid file '%s'", path);
        close(fd);
        return -1;
    }
    return fd;
}

void
virPidFileReleasePath(const char *path, int fd)
{
    if (fd < 0)
        return;
    unlink(path);
    close(fd);
}
