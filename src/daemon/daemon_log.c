/*
 * daemon_log.c: log outputs and their levels (daemon_log.h)
 */
#include "daemon/daemon_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    daemonLogPriority prio;
    int fd;             /* stderr's, or a file this module owns */
    bool owned;
} logOutput;

static GMutex log_lock;
static daemonLogPriority log_level = DAEMON_LOG_WARN;
static GArray *log_outputs;     /* logOutput; NULL before setup: stderr */

static const char *const level_names[] = { NULL, "debug", "info", "warning", "error" };

static void
outputs_free(GArray *outputs)
{
    guint i;

    if (!outputs)
        return;
    for (i = 0; i < outputs->len; i++) {
        logOutput *o = &g_array_index(outputs, logOutput, i);

        if (o->owned)
            close(o->fd);
    }
    g_array_free(outputs, TRUE);
}

/* One "LEVEL:stderr" or "LEVEL:file:PATH". */
static bool
parse_output(const char *spec, GArray *outputs, GError **error)
{
    logOutput o = { .fd = -1 };
    const char *rest;
    guint64 prio;
    g_autofree char *num = NULL;

    if (!(rest = strchr(spec, ':')) ||
        !(num = g_strndup(spec, rest - spec)) ||
        !g_ascii_string_to_unsigned(num, 10, 1, 4, &prio, NULL)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "log_outputs: '%s': expected LEVEL:stderr or LEVEL:file:PATH "
                    "with LEVEL 1..4", spec);
        return false;
    }
    rest++;
    o.prio = prio;
    if (g_str_equal(rest, "stderr")) {
        o.fd = STDERR_FILENO;
    } else if (g_str_has_prefix(rest, "file:") && g_path_is_absolute(rest + 5)) {
        if ((o.fd = open(rest + 5, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                        "log_outputs: cannot open '%s': %s", rest + 5, g_strerror(errno));
            return false;
        }
        o.owned = true;
    } else {
        /* syslog and journald outputs: tidemarkd writes to neither */
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "log_outputs: '%s': tidemarkd logs to stderr or to an absolute "
                    "file path only", spec);
        return false;
    }
    g_array_append_val(outputs, o);
    return true;
}

bool
daemonLogSetup(unsigned int level, const char *outputs, GError **error)
{
    GArray *parsed = g_array_new(FALSE, FALSE, sizeof(logOutput));
    g_auto(GStrv) specs = NULL;
    GArray *old;
    size_t i;

    if (level == 0)
        level = DAEMON_LOG_WARN;
    if (level > DAEMON_LOG_ERROR) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "log_level: %u: expected 1 (debug) to 4 (error)", level);
        outputs_free(parsed);
        return false;
    }
    specs = g_strsplit_set(outputs ? outputs : "", " \t", -1);
    for (i = 0; specs[i]; i++) {
        if (!*specs[i])
            continue;
        if (!parse_output(specs[i], parsed, error)) {
            outputs_free(parsed);
            return false;
        }
    }
    if (parsed->len == 0) {
        logOutput o = { .prio = level, .fd = STDERR_FILENO };

        g_array_append_val(parsed, o);
    }

    g_mutex_lock(&log_lock);
    old = log_outputs;
    log_outputs = parsed;
    log_level = level;
    g_mutex_unlock(&log_lock);
    outputs_free(old);
    return true;
}

bool
daemonLogWants(daemonLogPriority prio)
{
    bool wants = false;
    guint i;

    g_mutex_lock(&log_lock);
    if (prio >= log_level) {
        if (!log_outputs)
            wants = true;
        for (i = 0; log_outputs && i < log_outputs->len; i++)
            wants |= prio >= g_array_index(log_outputs, logOutput, i).prio;
    }
    g_mutex_unlock(&log_lock);
    return wants;
}

void
daemonLogMessage(daemonLogPriority prio, const char *fmt, ...)
{
    g_autoptr(GDateTime) now = NULL;
    g_autofree char *stamp = NULL;
    g_autofree char *msg = NULL;
    g_autofree char *line = NULL;
    size_t len;
    va_list args;
    guint i;

    if (!daemonLogWants(prio))
        return;
    va_start(args, fmt);
    msg = g_strdup_vprintf(fmt, args);
    va_end(args);
    now = g_date_time_new_now_utc();
    stamp = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");
    line = g_strdup_printf("%s.%03d+0000: %lld: %s : %s\n", stamp,
                           g_date_time_get_microsecond(now) / 1000,
                           (long long)getpid(), level_names[prio], msg);
    len = strlen(line);

    /* one write per line and output: lines of several threads never mix */
    g_mutex_lock(&log_lock);
    if (!log_outputs) {
        if (write(STDERR_FILENO, line, len) < 0) {
            /* nowhere left to say it */
        }
    }
    for (i = 0; log_outputs && i < log_outputs->len; i++) {
        logOutput *o = &g_array_index(log_outputs, logOutput, i);

        if (prio >= o->prio && write(o->fd, line, len) < 0) {
            /* a full disk must not stop the daemon */
        }
    }
    g_mutex_unlock(&log_lock);
}

void
daemonLogShutdown(void)
{
    GArray *old;

    g_mutex_lock(&log_lock);
    old = log_outputs;
    log_outputs = g_array_new(FALSE, FALSE, sizeof(logOutput));
    g_mutex_unlock(&log_lock);
    outputs_free(old);
}
