/*
 * daemon_config.h: tidemarkd's configuration
 *
 * One struct, filled with defaults, then from the file given with -f,
 * and passed down to whatever needs it (no global configuration). The
 * file uses libvirtd.conf's syntax and key names (`key = "string"`,
 * `key = 123`, `#` comments), so one file can configure both daemons;
 * keys tidemarkd does not know are ignored, as libvirtd ignores them.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

typedef struct {
    char *unix_sock_dir;        /* where tidemark-sock and tidemark-sock-ro live */
    unsigned int unix_sock_rw_perms;
    unsigned int unix_sock_ro_perms;
    char *pid_file;
    unsigned int max_workers;   /* threads running calls */
    unsigned int max_clients;   /* connections accepted at once */
    unsigned int max_client_requests; /* calls in flight per connection */
    unsigned int log_level;     /* 1..4; 0 until set: libvirt's default, 3 */
    char *log_outputs;          /* NULL: stderr (daemon_log.h) */
    unsigned int timeout;       /* --timeout: exit after this many seconds
                                 * without a client; 0 never (not a file key,
                                 * as in libvirtd) */

    /* TLS over TCP, libvirtd's keys and defaults */
    bool listen;                /* --listen: without it listen_tls is not
                                 * honoured (libvirtd's rule; not a file key) */
    bool listen_tls;            /* default 1: --listen alone turns TLS on */
    char *listen_addr;          /* NULL: every address */
    char *tls_port;             /* "16514" */
    char *key_file;             /* NULL for these four: the default pki paths */
    char *cert_file;
    char *ca_file;
    char *crl_file;
    bool tls_no_sanity_certificate;
    bool tls_no_verify_certificate;
    GStrv tls_allowed_dn_list;  /* NULL: any verified client */
    char *tls_priority;         /* NULL: gnutls' "NORMAL", libvirt's build default */
} daemonConfig;

/**
 * daemonConfigNew:
 * @privileged: running as root: system paths (/run/tidemark), else the
 *              user's runtime dir ($XDG_RUNTIME_DIR/tidemark, or the
 *              cache dir's tidemark/ when unset, as libvirt falls back:
 *              $XDG_CACHE_HOME, else ~/.cache)
 *
 * Returns the defaults (libvirtd's numbers: 20 workers, 5000 clients,
 * 5 calls in flight, sockets 0700 / 0777). Never NULL.
 */
daemonConfig *daemonConfigNew(bool privileged);

/**
 * daemonConfigLoadFile:
 * @cfg: configuration to update
 * @path: the file
 * @error: set on failure
 *
 * Reads @path over the defaults. A value of the wrong type, a bad
 * permission string or an authentication other than "none" for
 * auth_unix_rw / auth_unix_ro / auth_tls (the only one tidemarkd has:
 * on TLS the client certificate is the authentication) is an error
 * naming the file, line and key. A list (tls_allowed_dn_list) may span
 * lines, as in libvirtd.conf.
 */
bool daemonConfigLoadFile(daemonConfig *cfg, const char *path, GError **error);

/**
 * daemonConfigFree:
 * @cfg: (nullable): configuration to free
 */
void daemonConfigFree(daemonConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(daemonConfig, daemonConfigFree);
