/*
 * tidemarkd.c: the tidemark daemon
 *
 * Serves libvirt's wire protocol on two UNIX sockets, read-write and
 * read-only, in front of libtidemark's drivers: libvirt's own clients
 * (virsh, python3-libvirt, programs linked with -lvirt) reach tidemark
 * with a URI such as test+unix:///default?socket=DIR/tidemark-sock.
 *
 * With --listen (and listen_tls, on by default, as libvirtd) it also
 * serves TLS on TCP port 16514, for test+tls://HOST/default and
 * qemu+tls://HOST/system.
 *
 *   tidemarkd [-f FILE] [-p PIDFILE] [-t SECS] [-l] [-v]
 */
#include "internal.h"
#include "config.h"
#include "daemon/daemon_config.h"
#include "daemon/daemon_log.h"
#include "daemon/daemon_server.h"
#include "remote/remote_driver.h"
#include "qemu/qemu_driver.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

typedef struct {
    char *config_file;      /* NULL: none (the default one was absent) */
    bool verbose;
} daemonOptions;

/* libvirtd's default: the system file for root, the user's config dir
 * ($XDG_CONFIG_HOME, else ~/.config) otherwise; used only if present. */
static char *
default_config_file(bool privileged)
{
    g_autofree char *path = NULL;

    if (privileged)
        path = g_build_filename(TM_SYSCONFDIR, "tidemark", "tidemarkd.conf", NULL);
    else
        path = g_build_filename(g_get_user_config_dir(), "tidemark", "tidemarkd.conf", NULL);
    if (!g_file_test(path, G_FILE_TEST_EXISTS))
        return NULL;
    return g_steal_pointer(&path);
}

/* The configuration from the defaults, the file and the command line,
 * in that order of precedence (libvirtd's: command line > file). */
static daemonConfig *
load_config(const daemonOptions *opts, GError **error)
{
    g_autoptr(daemonConfig) cfg = daemonConfigNew(geteuid() == 0);

    if (opts->config_file && !daemonConfigLoadFile(cfg, opts->config_file, error))
        return NULL;
    if (opts->verbose)
        cfg->log_level = DAEMON_LOG_DEBUG;
    return g_steal_pointer(&cfg);
}

/* SIGHUP: the file is read again and what can change in a running
 * daemon is applied, the log's level and outputs; a file that no longer
 * parses leaves everything as it was. */
static void
reload(void *opaque)
{
    const daemonOptions *opts = opaque;
    g_autoptr(daemonConfig) cfg = NULL;
    g_autoptr(GError) error = NULL;

    if (!(cfg = load_config(opts, &error)) ||
        !daemonLogSetup(cfg->log_level, cfg->log_outputs, &error)) {
        daemonLogMessage(DAEMON_LOG_ERROR, "reload failed, configuration unchanged: %s",
                         error->message);
        return;
    }
    daemonLogMessage(DAEMON_LOG_INFO, "log_level %u, log_outputs \"%s\"",
                     cfg->log_level ? cfg->log_level : DAEMON_LOG_WARN,
                     cfg->log_outputs ? cfg->log_outputs : "");
}

int
main(int argc, char **argv)
{
    g_autofree char *config_file = NULL;
    g_autofree char *pid_file = NULL;
    gboolean verbose = FALSE;
    gboolean listen = FALSE;
    gint timeout = 0;
    GOptionEntry entries[] = {
        { "config", 'f', 0, G_OPTION_ARG_FILENAME, &config_file,
          "configuration file (libvirtd.conf syntax)", "FILE" },
        { "pid-file", 'p', 0, G_OPTION_ARG_FILENAME, &pid_file,
          "pid file (default: in the socket directory)", "FILE" },
        { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout,
          "exit after SECS without a client", "SECS" },
        { "listen", 'l', 0, G_OPTION_ARG_NONE, &listen,
          "listen for TLS connections (listen_tls, tls_port, listen_addr)", NULL },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
          "log every call (log_level 1)", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) octx = g_option_context_new("- the tidemark daemon");
    g_autoptr(GError) error = NULL;
    g_autoptr(daemonConfig) cfg = NULL;
    g_autoptr(daemonServer) srv = NULL;
    daemonOptions opts = { 0 };
    int ret = 1;

    g_option_context_add_main_entries(octx, entries, NULL);
    if (!g_option_context_parse(octx, &argc, &argv, &error)) {
        g_printerr("tidemarkd: %s\n", error->message);
        return 1;
    }
    if (argc > 1) {
        g_printerr("tidemarkd: unexpected argument '%s'\n", argv[1]);
        return 1;
    }
    /* libvirtd's bound: the milliseconds must fit an int */
    if (timeout < 0 || timeout > G_MAXINT / 1000) {
        g_printerr("tidemarkd: Invalid value for timeout\n");
        return 1;
    }

    /* before any open: URIs our drivers decline must not loop back here */
    remoteDriverSetInsideDaemon();
    qemuDriverSetDaemonMode();

    opts.config_file = config_file ? g_strdup(config_file) : default_config_file(geteuid() == 0);
    opts.verbose = verbose;
    if (!(cfg = load_config(&opts, &error)) ||
        !daemonLogSetup(cfg->log_level, cfg->log_outputs, &error)) {
        g_printerr("tidemarkd: %s\n", error->message);
        goto cleanup;
    }
    if (pid_file) {
        g_free(cfg->pid_file);
        cfg->pid_file = g_steal_pointer(&pid_file);
    }
    cfg->timeout = timeout;
    cfg->listen = listen;

    /* the drivers deliver events from the event loop: the server runs
     * the default one (libvirtd's virEventRegisterDefaultImpl too) */
    if (virEventRegisterDefaultImpl() < 0) {
        g_printerr("tidemarkd: %s\n", virGetLastErrorMessage());
        goto cleanup;
    }

    /* a client that disconnects while we write must not kill us */
    signal(SIGPIPE, SIG_IGN);

    if (!(srv = daemonServerNew(cfg, &error))) {
        /* on stderr whatever the outputs, as before any was set up: the
         * one who started the daemon sees why it did not start */
        g_printerr("tidemarkd: %s\n", error->message);
        goto cleanup;
    }
    daemonLogMessage(DAEMON_LOG_INFO, "tidemarkd %s serving (timeout %u s)", TM_VERSION,
                     cfg->timeout);
    daemonServerSetReload(srv, reload, &opts);
    daemonServerSetBusy(srv, qemuDriverCountActiveDomains);
    daemonServerRun(srv);
    ret = 0;

 cleanup:
    g_clear_pointer(&srv, daemonServerFree);
    daemonLogShutdown();
    g_free(opts.config_file);
    return ret;
}
