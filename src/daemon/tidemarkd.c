/*
 * tidemarkd.c: the tidemark daemon
 *
 * Serves libvirt's wire protocol on two UNIX sockets, read-write and
 * read-only, in front of libtidemark's drivers: libvirt's own clients
 * (virsh, python3-libvirt, programs linked with -lvirt) reach tidemark
 * with a URI such as test+unix:///default?socket=DIR/tidemark-sock.
 *
 *   tidemarkd [-f FILE] [-p PIDFILE] [-v]
 */
#include "internal.h"
#include "daemon/daemon_config.h"
#include "daemon/daemon_server.h"
#include "remote/remote_driver.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
    g_autofree char *config_file = NULL;
    g_autofree char *pid_file = NULL;
    gboolean verbose = FALSE;
    GOptionEntry entries[] = {
        { "config", 'f', 0, G_OPTION_ARG_FILENAME, &config_file,
          "configuration file (libvirtd.conf syntax)", "FILE" },
        { "pid-file", 'p', 0, G_OPTION_ARG_FILENAME, &pid_file,
          "pid file (default: in the socket directory)", "FILE" },
        { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
          "print one line per call on stderr", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) octx = g_option_context_new("- the tidemark daemon");
    g_autoptr(GError) error = NULL;
    g_autoptr(daemonConfig) cfg = NULL;
    g_autoptr(daemonServer) srv = NULL;

    g_option_context_add_main_entries(octx, entries, NULL);
    if (!g_option_context_parse(octx, &argc, &argv, &error)) {
        g_printerr("tidemarkd: %s\n", error->message);
        return 1;
    }
    if (argc > 1) {
        g_printerr("tidemarkd: unexpected argument '%s'\n", argv[1]);
        return 1;
    }

    /* before any open: URIs our drivers decline must not loop back here */
    remoteDriverSetInsideDaemon();

    cfg = daemonConfigNew(geteuid() == 0);
    if (config_file && !daemonConfigLoadFile(cfg, config_file, &error)) {
        g_printerr("tidemarkd: %s\n", error->message);
        return 1;
    }
    if (pid_file) {
        g_free(cfg->pid_file);
        cfg->pid_file = g_steal_pointer(&pid_file);
    }

    /* a client that disconnects while we write must not kill us */
    signal(SIGPIPE, SIG_IGN);

    if (!(srv = daemonServerNew(cfg, verbose, &error))) {
        g_printerr("tidemarkd: %s\n", error->message);
        return 1;
    }
    daemonServerRun(srv);
    return 0;
}
