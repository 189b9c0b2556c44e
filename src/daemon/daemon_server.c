/*
 * daemon_server.c: pid file, listening sockets, clients, workers
 * (daemon_server.h)
 */
#define _GNU_SOURCE /* accept4 */
#include "internal.h"
#include "daemon/daemon_server.h"
#include "daemon/daemon_client.h"
#include "daemon/daemon_activation.h"
#include "daemon/daemon_log.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#ifdef __GLIBC__
# include <malloc.h>
#endif
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>


typedef struct {
    daemonServer *srv;
    char *path;         /* the socket's path, or ADDRESS:PORT for TCP */
    int fd;
    bool readonly;
    bool activated;     /* passed by systemd, which owns its path */
    rpcTlsContext *tls; /* set on a TLS listener */
    GSource *source;
} daemonListener;

struct _daemonServer {
    const daemonConfig *cfg;
    GMainContext *context;
    GMainLoop *loop;
    daemonClientHooks hooks;
    daemonListener listeners[2];    /* read-write, read-only */
    GPtrArray *tls_listeners;       /* daemonListener *: one per address bound */
    rpcTlsContext *tls;
    GHashTable *clients;            /* daemonClient * -> its reference */
    GMutex jobs_fence;              /* see daemonClientHooks */
    int pid_fd;
    char *pid_path;
    GSource *idle_timer;            /* armed while --timeout runs down */
    daemonServerReloadFunc reload;
    void *reload_opaque;
    daemonServerBusyFunc busy;
};

/* The pid file doubles as the instance lock: libvirtd's scheme, a write
 * lock held for the daemon's life. */
static bool
take_pid_file(daemonServer *srv, const char *path, GError **error)
{
    g_autofree char *dir = g_path_get_dirname(path);
    g_autofree char *pid = g_strdup_printf("%lld\n", (long long)getpid());
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int fd;

    if (g_mkdir_with_parents(dir, 0755) < 0 ||
        (fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "Failed to open pid file '%s': %s", path, g_strerror(errno));
        return false;
    }
    if (fcntl(fd, F_SETLK, &lock) < 0) {
        int err = errno;

        close(fd);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                    "Failed to acquire pid file '%s': %s", path, g_strerror(err));
        return false;
    }
    if (ftruncate(fd, 0) < 0 || write(fd, pid, strlen(pid)) != (ssize_t)strlen(pid)) {
        int err = errno;

        close(fd);
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
                    "Failed to write pid file '%s': %s", path, g_strerror(err));
        return false;
    }
    srv->pid_fd = fd;
    srv->pid_path = g_strdup(path);
    return true;
}

static gboolean
idle_timeout_cb(gpointer data)
{
    daemonServer *srv = data;

    /* libvirtd's rule: with no client for the whole timeout the daemon
     * exits, unless a driver still runs something (a domain), in which
     * case the question is asked again one timeout later; the timer is
     * disarmed whenever a client connects */
    if (srv->busy && srv->busy() > 0) {
        daemonLogMessage(DAEMON_LOG_DEBUG, "No client for %u s, but domains are running",
                         srv->cfg->timeout);
        return G_SOURCE_CONTINUE;
    }
    daemonLogMessage(DAEMON_LOG_INFO, "No client for %u s: automatic shutdown",
                     srv->cfg->timeout);
    g_main_loop_quit(srv->loop);
    g_clear_pointer(&srv->idle_timer, g_source_unref);
    return G_SOURCE_REMOVE;
}

/* Main context: arms the idle timer when the last client has gone, and
 * disarms it when one arrives. */
static void
idle_timer_update(daemonServer *srv)
{
    bool idle = g_hash_table_size(srv->clients) == 0;

    if (srv->cfg->timeout == 0)
        return;
    if (idle && !srv->idle_timer) {
        srv->idle_timer = g_timeout_source_new((guint)srv->cfg->timeout * 1000);
        g_source_set_callback(srv->idle_timer, idle_timeout_cb, srv, NULL);
        g_source_attach(srv->idle_timer, srv->context);
    } else if (!idle && srv->idle_timer) {
        g_source_destroy(srv->idle_timer);
        g_clear_pointer(&srv->idle_timer, g_source_unref);
    }
}

static void
client_closed(daemonClient *client, void *opaque)
{
    daemonServer *srv = opaque;

    g_hash_table_remove(srv->clients, client);
    daemonLogMessage(DAEMON_LOG_DEBUG, "client %p closed, %u left", (void *)client,
                     g_hash_table_size(srv->clients));
#ifdef __GLIBC__
    /* Every worker thread got a malloc arena of its own under load; what
     * the calls freed stays in them, out of the system's reach, until
     * trimmed. With no client left nothing is allocating: give it back,
     * so that a burst of clients does not set the daemon's size for good
     * (tests/daemon/load.py checks the resident set after 64 clients). */
    if (g_hash_table_size(srv->clients) == 0)
        malloc_trim(0);
#endif
    idle_timer_update(srv);
}

static gboolean
accept_cb(gint fd, GIOCondition cond, gpointer data)
{
    daemonListener *l = data;
    daemonServer *srv = l->srv;
    daemonClient *client;
    int cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

    if (cfd < 0) {
        if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
            daemonLogMessage(DAEMON_LOG_ERROR, "accept on %s: %s", l->path, g_strerror(errno));
        return G_SOURCE_CONTINUE;
    }
    /* over the cap the client sees its connection closed, as libvirtd
     * does with max_clients */
    if (g_hash_table_size(srv->clients) >= srv->cfg->max_clients) {
        close(cfd);
        return G_SOURCE_CONTINUE;
    }
    if (l->tls) {
        int on = 1;

        /* a reply is one write: sent at once, not held for an ACK of
         * the previous one while other calls are in flight */
        setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
    if (!(client = daemonClientNew(cfd, l->readonly, l->tls, &srv->hooks)))
        return G_SOURCE_CONTINUE;
    g_hash_table_add(srv->clients, client);
    daemonLogMessage(DAEMON_LOG_DEBUG, "client %p connected on %s", (void *)client, l->path);
    idle_timer_update(srv);
    return G_SOURCE_CONTINUE;
}

static void
watch_listener(daemonServer *srv, daemonListener *l)
{
    l->source = g_unix_fd_source_new(l->fd, G_IO_IN);
    g_source_set_callback(l->source, G_SOURCE_FUNC(accept_cb), l, NULL);
    g_source_attach(l->source, srv->context);
}

/* A socket systemd passed: used as it is (path, mode and owner are the
 * socket unit's); only the path is read back for the log. */
static void
listen_activated(daemonServer *srv, daemonListener *l, int fd, bool readonly)
{
    struct sockaddr_un addr = { 0 };
    socklen_t len = sizeof(addr);

    l->srv = srv;
    l->readonly = readonly;
    l->activated = true;
    l->fd = fd;
    if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
        addr.sun_path[0] = '\0';
    l->path = g_strndup(addr.sun_path, sizeof(addr.sun_path));
    daemonLogMessage(DAEMON_LOG_INFO, "listening on %s (socket activation)", l->path);
    watch_listener(srv, l);
}

static bool
listen_on(daemonServer *srv, daemonListener *l, const char *name, bool readonly,
          unsigned int mode, GError **error)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };

    l->srv = srv;
    l->readonly = readonly;
    l->path = g_build_filename(srv->cfg->unix_sock_dir, name, NULL);
    if (strlen(l->path) >= sizeof(addr.sun_path)) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
                    "Path %s too long for unix socket", l->path);
        return false;
    }
    strcpy(addr.sun_path, l->path);

    /* a socket left by a daemon that died: the pid file lock proves no
     * other daemon owns it now */
    unlink(l->path);
    if ((l->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0)) < 0 ||
        bind(l->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        chmod(l->path, mode) < 0 ||
        listen(l->fd, 30) < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "Failed to bind socket to '%s': %s", l->path, g_strerror(errno));
        return false;
    }
    watch_listener(srv, l);
    return true;
}

/* libvirtd's choice of credentials: the three files named in the
 * configuration, all or none; none means the default pki paths (for an
 * unprivileged daemon ~/.pki/libvirt first). */
static rpcTlsContext *
tls_context(const daemonConfig *cfg, GError **error)
{
    const char *const *acl = (const char *const *)cfg->tls_allowed_dn_list;
    rpcTlsContext *ctx;
    const char *missing = NULL;

    if (cfg->ca_file || cfg->cert_file || cfg->key_file) {
        if (!cfg->ca_file)
            missing = "No CA certificate path set to match server key/cert";
        else if (!cfg->cert_file)
            missing = "No server certificate path set to match server key";
        else if (!cfg->key_file)
            missing = "No server key path set to match server cert";
        if (missing) {
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", missing);
            return NULL;
        }
        ctx = rpcTlsContextNew(true, cfg->ca_file, cfg->crl_file, cfg->cert_file,
                               cfg->key_file, acl, cfg->tls_priority,
                               !cfg->tls_no_sanity_certificate,
                               !cfg->tls_no_verify_certificate);
    } else {
        ctx = rpcTlsContextNewPath(true, NULL, geteuid() != 0, acl, cfg->tls_priority,
                                   !cfg->tls_no_sanity_certificate,
                                   !cfg->tls_no_verify_certificate);
    }
    if (!ctx) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", virGetLastErrorMessage());
        virResetLastError();
    }
    return ctx;
}

static void
listener_free(daemonListener *l)
{
    if (l->source) {
        g_source_destroy(l->source);
        g_source_unref(l->source);
    }
    if (l->fd >= 0)
        close(l->fd);
    g_free(l->path);
    g_free(l);
}

/* The TLS service: every address listen_addr resolves to (all of them
 * when unset) on tls_port, as libvirtd binds them. */
static bool
listen_tls(daemonServer *srv, GError **error)
{
    const daemonConfig *cfg = srv->cfg;
    struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_ADDRCONFIG,
                              .ai_socktype = SOCK_STREAM };
    struct addrinfo *ai = NULL;
    int rc;

    if (!(srv->tls = tls_context(cfg, error)))
        return false;
    if ((rc = getaddrinfo(cfg->listen_addr, cfg->tls_port, &hints, &ai)) != 0) {
        g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                    "Unable to resolve address '%s' service '%s': %s",
                    cfg->listen_addr ? cfg->listen_addr : "", cfg->tls_port, gai_strerror(rc));
        return false;
    }
    for (struct addrinfo *a = ai; a; a = a->ai_next) {
        daemonListener *l = g_new0(daemonListener, 1);
        char host[NI_MAXHOST] = "";
        int on = 1;

        l->srv = srv;
        l->tls = srv->tls;
        getnameinfo(a->ai_addr, a->ai_addrlen, host, sizeof(host), NULL, 0, NI_NUMERICHOST);
        l->path = g_strdup_printf("%s:%s", host, cfg->tls_port);
        g_ptr_array_add(srv->tls_listeners, l);
        l->fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                       a->ai_protocol);
        if (l->fd < 0 ||
            setsockopt(l->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
            /* each family gets its own socket, as in libvirtd */
            (a->ai_family == AF_INET6 &&
             setsockopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0) ||
            bind(l->fd, a->ai_addr, a->ai_addrlen) < 0 ||
            listen(l->fd, 30) < 0) {
            g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                        "Unable to bind to port %s on %s: %s", cfg->tls_port, host,
                        g_strerror(errno));
            freeaddrinfo(ai);
            return false;
        }
        daemonLogMessage(DAEMON_LOG_INFO, "listening for TLS on %s", l->path);
        watch_listener(srv, l);
    }
    freeaddrinfo(ai);
    return true;
}

daemonServer *
daemonServerNew(const daemonConfig *cfg, GError **error)
{
    g_autoptr(daemonServer) srv = g_new0(daemonServer, 1);
    int passed[2];

    srv->cfg = cfg;
    srv->pid_fd = -1;
    srv->listeners[0].fd = srv->listeners[1].fd = -1;
    /* the process's default context: the library's event loop
     * (virEventRegisterDefaultImpl) lives there, so the drivers' events
     * reach the clients' callbacks from the loop that writes to them */
    srv->context = g_main_context_ref(g_main_context_default());
    srv->loop = g_main_loop_new(srv->context, FALSE);
    srv->clients = g_hash_table_new_full(g_direct_hash, g_direct_equal,
                                         (GDestroyNotify)daemonClientUnref, NULL);
    srv->tls_listeners = g_ptr_array_new_with_free_func((GDestroyNotify)listener_free);
    srv->hooks.context = srv->context;
    srv->hooks.max_requests = cfg->max_client_requests;
    srv->hooks.closed = client_closed;
    srv->hooks.opaque = srv;
    g_mutex_init(&srv->jobs_fence);
    srv->hooks.jobs_fence = &srv->jobs_fence;

    if (!daemonActivationTake(&passed[0], &passed[1], error))
        return NULL;
    if (!take_pid_file(srv, cfg->pid_file, error)) {
        for (size_t i = 0; i < G_N_ELEMENTS(passed); i++) {
            if (passed[i] >= 0)
                close(passed[i]);
        }
        return NULL;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(passed); i++) {
        if (passed[i] >= 0)
            listen_activated(srv, &srv->listeners[i], passed[i], i == 1);
    }
    /* as libvirtd: a socket systemd did not pass is made here */
    if ((passed[0] < 0 || passed[1] < 0) &&
        g_mkdir_with_parents(cfg->unix_sock_dir, 0755) < 0) {
        g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
                    "Cannot create directory '%s': %s", cfg->unix_sock_dir, g_strerror(errno));
        return NULL;
    }
    if ((passed[0] < 0 &&
         !listen_on(srv, &srv->listeners[0], "tidemark-sock", false,
                    cfg->unix_sock_rw_perms, error)) ||
        (passed[1] < 0 &&
         !listen_on(srv, &srv->listeners[1], "tidemark-sock-ro", true,
                    cfg->unix_sock_ro_perms, error)))
        return NULL;
    /* libvirtd's rule: listen_tls counts only with --listen */
    if (cfg->listen && cfg->listen_tls && !listen_tls(srv, error))
        return NULL;

    srv->hooks.workers = g_thread_pool_new(daemonClientRunCall, NULL, cfg->max_workers,
                                           FALSE, error);
    if (!srv->hooks.workers)
        return NULL;
    return g_steal_pointer(&srv);
}

static gboolean
quit_cb(gpointer data)
{
    daemonServer *srv = data;

    daemonLogMessage(DAEMON_LOG_INFO, "Shutting down on signal");
    g_main_loop_quit(srv->loop);
    return G_SOURCE_CONTINUE;
}

static gboolean
reload_cb(gpointer data)
{
    daemonServer *srv = data;

    daemonLogMessage(DAEMON_LOG_INFO, "Reloading configuration on SIGHUP");
    if (srv->reload)
        srv->reload(srv->reload_opaque);
    return G_SOURCE_CONTINUE;
}

void
daemonServerSetBusy(daemonServer *srv, daemonServerBusyFunc busy)
{
    srv->busy = busy;
}

void
daemonServerSetReload(daemonServer *srv, daemonServerReloadFunc reload, void *opaque)
{
    srv->reload = reload;
    srv->reload_opaque = opaque;
}

void
daemonServerRun(daemonServer *srv)
{
    int signals[] = { SIGTERM, SIGINT, SIGHUP };
    GSource *sources[G_N_ELEMENTS(signals)];
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(signals); i++) {
        sources[i] = g_unix_signal_source_new(signals[i]);
        g_source_set_callback(sources[i], signals[i] == SIGHUP ? reload_cb : quit_cb,
                              srv, NULL);
        g_source_attach(sources[i], srv->context);
    }

    /* no client yet: the idle time counts from now */
    idle_timer_update(srv);
    daemonNotifyReady();
    g_main_loop_run(srv->loop);

    for (i = 0; i < G_N_ELEMENTS(signals); i++) {
        g_source_destroy(sources[i]);
        g_source_unref(sources[i]);
    }
    if (srv->idle_timer) {
        g_source_destroy(srv->idle_timer);
        g_clear_pointer(&srv->idle_timer, g_source_unref);
    }
    /* no new clients; the calls running finish before the clients go */
    for (i = 0; i < G_N_ELEMENTS(srv->listeners); i++) {
        if (srv->listeners[i].source)
            g_source_destroy(srv->listeners[i].source);
    }
    for (i = 0; i < srv->tls_listeners->len; i++)
        g_source_destroy(((daemonListener *)g_ptr_array_index(srv->tls_listeners, i))->source);
    g_thread_pool_free(g_steal_pointer(&srv->hooks.workers), FALSE, TRUE);
    g_mutex_lock(&srv->jobs_fence);
    g_mutex_unlock(&srv->jobs_fence);
}

void
daemonServerFree(daemonServer *srv)
{
    size_t i;

    if (!srv)
        return;
    if (srv->hooks.workers)
        g_thread_pool_free(srv->hooks.workers, FALSE, TRUE);
    g_mutex_lock(&srv->jobs_fence);
    g_mutex_unlock(&srv->jobs_fence);

    /* Every call has ended (the pool is gone): closing a client releases
     * it at once, which removes it from the table. */
    while (srv->clients && g_hash_table_size(srv->clients) > 0) {
        GHashTableIter iter;
        gpointer client;

        g_hash_table_iter_init(&iter, srv->clients);
        g_hash_table_iter_next(&iter, &client, NULL);
        daemonClientClose(client);
    }
    g_clear_pointer(&srv->clients, g_hash_table_unref);

    for (i = 0; i < G_N_ELEMENTS(srv->listeners); i++) {
        daemonListener *l = &srv->listeners[i];

        if (l->source) {
            g_source_destroy(l->source);
            g_source_unref(l->source);
        }
        if (l->fd >= 0) {
            close(l->fd);
            if (!l->activated)
                unlink(l->path);
        }
        g_free(l->path);
    }
    g_clear_pointer(&srv->tls_listeners, g_ptr_array_unref);
    /* the clients' sessions, gone with them, held their own references */
    g_clear_pointer(&srv->tls, rpcTlsContextUnref);
    if (srv->pid_fd >= 0) {
        unlink(srv->pid_path);
        close(srv->pid_fd);
    }
    g_free(srv->pid_path);
    /* Idle wakeups still queued hold client references, and timers the
     * drivers removed free their data from an idle source: the context
     * is the process's default one, which lives on, so they are run out
     * here (each finds its client released and does nothing). Bounded:
     * nothing left re-arms itself, but a bug must not hang the exit. */
    for (i = 0; i < 1000 && g_main_context_iteration(srv->context, FALSE); i++)
        ;
    g_clear_pointer(&srv->loop, g_main_loop_unref);
    g_clear_pointer(&srv->context, g_main_context_unref);
    g_mutex_clear(&srv->jobs_fence);
    g_free(srv);
}
