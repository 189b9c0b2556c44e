/*
 * remote_driver_uri.c: URI -> daemon socket and CONNECT_OPEN name
 * (remote_driver_uri.h)
 */
#include "remote/remote_driver_uri.h"

#define VIR_FROM_THIS VIR_FROM_REMOTE

/* The query parameters libvirt's remote driver consumes itself: they
 * never reach the daemon's CONNECT_OPEN. */
static const char *const consumed_params[] = {
    "name", "command", "socket", "auth", "sshauth", "netcat", "keyfile",
    "pkipath", "known_hosts", "known_hosts_verify", "tls_priority", "mode",
    "proxy", "no_sanity", "no_verify", "no_tty", "authfile", NULL
};

/* Transports libvirt knows; tidemark speaks unix and tls. */
static const char *const known_transports[] = {
    "tls", "unix", "ssh", "ext", "tcp", "libssh2", "libssh", NULL
};

void
remoteDriverTargetClear(remoteDriverTarget *target)
{
    g_clear_pointer(&target->socket, g_free);
    g_clear_pointer(&target->name, g_free);
    g_clear_pointer(&target->host, g_free);
    g_clear_pointer(&target->port, g_free);
    g_clear_pointer(&target->pkipath, g_free);
    g_clear_pointer(&target->tls_priority, g_free);
}

/* libvirt's per-user runtime dir: $XDG_RUNTIME_DIR/<app>, else the user
 * cache dir (GLib honours $XDG_CACHE_HOME, then ~/.cache). */
static char *
session_socket(void)
{
    const char *runtime = g_getenv("XDG_RUNTIME_DIR");

    if (runtime && *runtime)
        return g_build_filename(runtime, "tidemark", "tidemark-sock", NULL);
    return g_build_filename(g_get_user_cache_dir(), "tidemark", "tidemark-sock", NULL);
}

/* libvirt's boolean URI parameters: an integer, true unless 0; stored
 * negated (no_verify=1 -> verify = false). */
static int
parse_negated_bool(const char *key, const char *value, bool *field)
{
    gint64 n;

    if (!g_ascii_string_to_signed(value, 10, G_MININT, G_MAXINT, &n, NULL)) {
        virReportError(VIR_ERR_INVALID_ARG, "Failed to parse value of URI component %s", key);
        return -1;
    }
    *field = n == 0;
    return 0;
}

/* Splits the query: the parameters the remote driver uses go into
 * @target (%-decoded), except socket= and name=, returned in @socket and
 * @name; those not consumed are appended to @kept as they were written. */
static int
split_query(const char *query, remoteDriverTarget *target, char **socket, char **name,
            GString *kept)
{
    g_auto(GStrv) pairs = NULL;
    size_t i;

    if (!query || !*query)
        return 0;
    pairs = g_strsplit(query, "&", -1);
    for (i = 0; pairs[i]; i++) {
        const char *eq = strchr(pairs[i], '=');
        g_autofree char *key = eq ? g_strndup(pairs[i], eq - pairs[i]) : g_strdup(pairs[i]);
        g_autofree char *value = NULL;

        if (!*pairs[i])
            continue;
        if (!g_strv_contains(consumed_params, key)) {
            g_string_append_printf(kept, "%s%s", kept->len ? "&" : "", pairs[i]);
            continue;
        }
        value = g_uri_unescape_string(eq ? eq + 1 : "", NULL);
        if (!value) {
            virReportError(VIR_ERR_INVALID_ARG, "invalid value of URI parameter '%s'", key);
            return -1;
        }
        /* the last occurrence wins, as in libvirt */
        if (STREQ(key, "socket")) {
            g_free(*socket);
            *socket = g_steal_pointer(&value);
        } else if (STREQ(key, "name")) {
            g_free(*name);
            *name = g_steal_pointer(&value);
        } else if (STREQ(key, "pkipath")) {
            g_free(target->pkipath);
            target->pkipath = g_steal_pointer(&value);
        } else if (STREQ(key, "tls_priority")) {
            g_free(target->tls_priority);
            target->tls_priority = g_steal_pointer(&value);
        } else if ((STREQ(key, "no_verify") &&
                    parse_negated_bool(key, value, &target->verify) < 0) ||
                   (STREQ(key, "no_sanity") &&
                    parse_negated_bool(key, value, &target->sanity) < 0)) {
            return -1;
        }
    }
    return 0;
}

int
remoteDriverParseURI(GUri *uri, bool readonly, bool privileged, remoteDriverTarget *target)
{
    const char *scheme;
    const char *plus;
    const char *path;
    const char *host;
    g_autofree char *driver = NULL;
    g_autofree char *transport = NULL;
    g_autofree char *socket = NULL;
    g_autofree char *name = NULL;
    g_autoptr(GString) kept = g_string_new(NULL);

    if (!uri)
        return 1;
    scheme = g_uri_get_scheme(uri);
    path = g_uri_get_path(uri);
    host = g_uri_get_host(uri);
    if (host && !*host)
        host = NULL;

    if ((plus = strchr(scheme, '+'))) {
        driver = g_strndup(scheme, plus - scheme);
        transport = g_ascii_strdown(plus + 1, -1);
    } else {
        /* no transport: only the local daemon URIs are ours; the rest
         * (test:///, qemu:///embed, ...) belongs to in-process drivers */
        if (host || !(STREQ(path, "/session") || STREQ(path, "/system")))
            return 1;
        driver = g_strdup(scheme);
        transport = g_strdup("unix");
    }

    if (!g_strv_contains(known_transports, transport)) {
        virReportError(VIR_ERR_INVALID_ARG, "%s",
                       "remote_open: transport in URL not recognised "
                       "(should be tls|unix|ssh|ext|tcp|libssh2|libssh)");
        return -1;
    }
    if (STRNEQ(transport, "unix") && STRNEQ(transport, "tls")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "transport '%s' is not supported by tidemark's remote driver yet",
                       transport);
        return -1;
    }
    if (host && STREQ(transport, "unix")) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "using unix socket and remote server '%s' is not supported.", host);
        return -1;
    }

    target->sanity = target->verify = true;
    if (split_query(g_uri_get_query(uri), target, &socket, &name, kept) < 0)
        return -1;

    if (STREQ(transport, "tls")) {
        /* socket= means nothing over TCP: libvirt ignores it too */
        g_clear_pointer(&socket, g_free);
        target->tls = true;
        target->host = g_strdup(host ? host : "localhost");
        target->port = g_uri_get_port(uri) > 0 ? g_strdup_printf("%d", g_uri_get_port(uri))
                                               : g_strdup("16514");
    } else if (!socket) {
        const char *autostart = g_getenv("TIDEMARK_AUTOSTART");

        if (!privileged && (STREQ(path, "/session") || g_str_has_prefix(scheme, "test+"))) {
            socket = session_socket();
            target->autostart = !autostart || STRNEQ(autostart, "0");
        } else
            socket = g_strdup(readonly ? "/run/tidemark/tidemark-sock-ro"
                                       : "/run/tidemark/tidemark-sock");
    }
    if (!name) {
        if (STREQ(driver, "remote"))
            name = g_strdup("");
        else
            name = g_strdup_printf("%s://%s%s%s%s%s", driver, path,
                                   kept->len ? "?" : "", kept->str,
                                   g_uri_get_fragment(uri) ? "#" : "",
                                   g_uri_get_fragment(uri) ? g_uri_get_fragment(uri) : "");
    }

    target->socket = g_steal_pointer(&socket);
    target->name = g_steal_pointer(&name);
    return 0;
}
