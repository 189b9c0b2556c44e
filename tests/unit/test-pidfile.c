/*
 * test-pidfile.c: the pid file lock of util/virpidfile
 *
 * tests/qemu/embed-lock.py compares a second process's refusal with
 * libvirt's; this pins what only this process can see: the lock is an
 * open-file-description lock, so a second acquire in the same process
 * is refused too (a process-wide fcntl lock would be granted again, and
 * dropped by closing either fd), and a release lets the next one in.
 */
#include "internal.h"
#include "testutils.h"
#include "util/virpidfile.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gstdio.h>

static char *
read_pid_file(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return NULL;
    return text;
}

int
main(void)
{
    g_autofree char *dir = g_dir_make_tmp("tidemark-pidfile.XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "driver.pid", NULL);
    g_autofree char *pid = g_strdup_printf("%lld", (long long)getpid());
    g_autofree char *text = NULL;
    g_autofree char *refusal = NULL;
    virErrorPtr err;
    int fd;
    int again;

    fd = virPidFileAcquirePath(path, getpid());
    tmTestResult(fd >= 0, "the first acquire takes the lock");
    text = read_pid_file(path);
    tmTestResult(text && STREQ(text, pid), "the file holds the pid");

    again = virPidFileAcquirePath(path, 1);
    refusal = g_strdup_printf("Failed to acquire pid file '%s': %s", path,
                              g_strerror(EAGAIN));
    tmTestResult(again == -1 &&
                 tmTestCheckError(VIR_ERR_SYSTEM_ERROR, VIR_FROM_NONE, refusal,
                                  "second acquire"),
                 "a second acquire in the same process is refused");
    err = virGetLastError();
    tmTestResult(err && err->int1 == EAGAIN, "the errno is in int1, as libvirt's");
    virResetLastError();
    g_free(text);
    text = read_pid_file(path);
    tmTestResult(text && STREQ(text, pid), "a refused acquire leaves the holder's pid");

    virPidFileReleasePath(path, fd);
    tmTestResult(!g_file_test(path, G_FILE_TEST_EXISTS), "the release removes the file");
    fd = virPidFileAcquirePath(path, getpid());
    tmTestResult(fd >= 0, "acquired again after the release");
    virPidFileReleasePath(path, fd);

    g_rmdir(dir);
    return tmTestDone();
}
