/*
 * test-daemon-log.c: tidemarkd's log outputs (src/daemon/daemon_log.c)
 *
 * log_level drops what is below it, each output of log_outputs takes
 * what is at or above its own level, bad specifications are refused and
 * leave the outputs in use, and a new setup (SIGHUP) switches files.
 */
#include "internal.h"
#include "testutils.h"
#include "daemon/daemon_log.h"

#include <unistd.h>

static char *
slurp(const char *path)
{
    char *text = NULL;

    if (!g_file_get_contents(path, &text, NULL, NULL))
        return g_strdup("");
    return text;
}

static bool
has_line(const char *text, const char *level, const char *msg)
{
    g_autofree char *tail = g_strdup_printf(": %s : %s\n", level, msg);

    return strstr(text, tail) != NULL;
}

int
main(void)
{
    g_autofree char *dir = g_dir_make_tmp("tidemark-log-XXXXXX", NULL);
    g_autofree char *a = g_build_filename(dir, "a.log", NULL);
    g_autofree char *b = g_build_filename(dir, "b.log", NULL);
    g_autofree char *outputs = g_strdup_printf("1:file:%s 3:file:%s", a, b);
    g_autofree char *second = g_strdup_printf("4:file:%s", a);
    g_autofree char *text_a = NULL;
    g_autofree char *text_b = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GRegex) shape = NULL;
    bool ok;

    tmTestResult(daemonLogSetup(2, outputs, &error), "two file outputs");
    daemonLogMessage(DAEMON_LOG_DEBUG, "below log_level");
    daemonLogMessage(DAEMON_LOG_INFO, "info line");
    daemonLogMessage(DAEMON_LOG_WARN, "warning line");
    tmTestResult(!daemonLogWants(DAEMON_LOG_DEBUG) && daemonLogWants(DAEMON_LOG_INFO),
                 "daemonLogWants follows log_level");
    text_a = slurp(a);
    text_b = slurp(b);
    tmTestResult(!strstr(text_a, "below log_level") && has_line(text_a, "info", "info line") &&
                 has_line(text_a, "warning", "warning line"),
                 "log_level 2 drops debug; output 1 takes info and warning");
    tmTestResult(!strstr(text_b, "info line") && has_line(text_b, "warning", "warning line"),
                 "output 3 takes only warning and above");
    shape = g_regex_new("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000: \\d+: info : "
                        "info line$", G_REGEX_MULTILINE, 0, NULL);
    tmTestResult(g_regex_match(shape, text_a, 0, NULL), "libvirt's line shape");

    ok = !daemonLogSetup(1, "1:syslog:tidemarkd", &error);
    tmTestResult(ok && error && strstr(error->message, "stderr or to an absolute file path"),
                 "syslog refused: %s", error ? error->message : "(no error)");
    g_clear_error(&error);
    tmTestResult(!daemonLogSetup(1, "9:stderr", &error) && error, "level 9 refused");
    g_clear_error(&error);
    tmTestResult(!daemonLogSetup(1, "1:file:relative.log", &error) && error,
                 "a relative file refused");
    g_clear_error(&error);
    tmTestResult(!daemonLogSetup(7, NULL, &error) && error, "log_level 7 refused");
    g_clear_error(&error);
    daemonLogMessage(DAEMON_LOG_WARN, "after refusals");
    g_free(text_b);
    text_b = slurp(b);
    tmTestResult(has_line(text_b, "warning", "after refusals"),
                 "a refused setup leaves the outputs in use");

    /* what SIGHUP does: a new setup replaces every output */
    tmTestResult(daemonLogSetup(1, second, &error), "a second setup");
    daemonLogMessage(DAEMON_LOG_WARN, "only errors now");
    daemonLogMessage(DAEMON_LOG_ERROR, "an error");
    g_free(text_a);
    g_free(text_b);
    text_a = slurp(a);
    text_b = slurp(b);
    tmTestResult(!strstr(text_a, "only errors now") && has_line(text_a, "error", "an error") &&
                 !strstr(text_b, "an error"),
                 "the new outputs replace the old ones");

    daemonLogShutdown();
    unlink(a);
    unlink(b);
    rmdir(dir);
    return tmTestDone();
}
