/*
 * daemon_log.h: tidemarkd's log, configured as libvirtd's
 *
 * libvirtd.conf's two keys: log_level (1 debug, 2 info, 3 warning,
 * 4 error: messages below it are dropped) and log_outputs, a space
 * separated list of "LEVEL:stderr" and "LEVEL:file:PATH", each output
 * taking the messages at or above its own LEVEL. With no outputs the
 * log goes to stderr at log_level, as libvirtd's default for a daemon
 * that was not asked to detach.
 *
 * The log is one per process (a signal handler or any worker writes to
 * it), so its state lives here behind a mutex rather than in the
 * configuration struct; daemonLogSetup() replaces it whole, which is
 * what SIGHUP does.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef enum {
    DAEMON_LOG_DEBUG = 1,
    DAEMON_LOG_INFO = 2,
    DAEMON_LOG_WARN = 3,
    DAEMON_LOG_ERROR = 4,
} daemonLogPriority;

/**
 * daemonLogSetup:
 * @level: log_level, 1..4 (0: libvirt's default, 3)
 * @outputs: (nullable): log_outputs; NULL or "" for stderr at @level
 * @error: set on failure
 *
 * Parses @outputs and opens its files (appending, mode 0600), then
 * replaces the outputs in use, closing the old files. On failure the
 * outputs in use stay. Files are opened afresh on every call, so a
 * rotated log is followed after SIGHUP.
 */
bool daemonLogSetup(unsigned int level, const char *outputs, GError **error);

/**
 * daemonLogMessage:
 * @prio: the message's priority
 * @fmt: printf format of the message (no newline)
 *
 * Writes "YYYY-MM-DD HH:MM:SS.mmm+0000: PID: LEVEL : MESSAGE" (libvirt's
 * line shape) to every output that takes @prio. Any thread.
 */
void daemonLogMessage(daemonLogPriority prio, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/**
 * daemonLogWants:
 * @prio: a priority
 *
 * Returns whether a message at @prio would be written anywhere, so that
 * costly messages are not formatted for nothing.
 */
bool daemonLogWants(daemonLogPriority prio);

/**
 * daemonLogShutdown:
 *
 * Closes the outputs' files; later messages go nowhere.
 */
void daemonLogShutdown(void);
