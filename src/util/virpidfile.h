/*
 * virpidfile.h: a pid file that is also a lock, as libvirt's drivers use
 * to keep a state directory to one process
 */
#pragma once

#include "internal.h"

#include <sys/types.h>

/**
 * virPidFileAcquirePath:
 * @path: the pid file (created 0644 if missing; its directory must exist)
 * @pid: the pid written into it
 *
 * Takes an exclusive advisory lock on the first byte of @path without
 * waiting, then replaces the file's content with @pid. The lock is an
 * open-file-description lock (F_OFD_SETLK): it conflicts with libvirt's
 * fcntl(F_SETLK) lock on the same file, with another process and with a
 * second acquire in this process, and it lasts until the returned fd is
 * closed or the process ends. The fd is close-on-exec, so children (QEMU)
 * never hold it.
 *
 * Returns the fd holding the lock, or -1 with libvirt's SYSTEM_ERROR
 * (domain NONE, errno in int1): "Failed to acquire pid file 'PATH':
 * Resource temporarily unavailable" when someone else holds it.
 */
int virPidFileAcquirePath(const char *path, pid_t pid);

/**
 * virPidFileReleasePath:
 * @path: the pid file given to virPidFileAcquirePath
 * @fd: the fd it returned (-1: nothing to do)
 *
 * Unlinks @path, then closes @fd, ending the lock. Unlinking first
 * means a waiting acquirer that opened the old file notices it is gone
 * and opens the new one (see the inode check in the acquire).
 */
void virPidFileReleasePath(const char *path, int fd);
