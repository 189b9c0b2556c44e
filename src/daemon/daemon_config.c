/*
 * daemon_config.c: defaults and the configuration file (daemon_config.h)
 */
#include "daemon/daemon_config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

daemonConfig *
daemonConfigNew(bool privileged)
{
    daemonConfig *cfg = g_new0(daemonConfig, 1);
    g_autofree char *rundir = NULL;

    if (privileged) {
        rundir = g_strdup("/run/tidemark");
    } else if (g_getenv("XDG_RUNTIME_DIR") && *g_getenv("XDG_RUNTIME_DIR")) {
        rundir = g_build_filename(g_getenv("XDG_RUNTIME_DIR"), "tidemark", NULL);
    } else {
        /* libvirt's fallback when the runtime dir is unset: the user's
         * cache dir ($XDG_CACHE_HOME, else ~/.cache) */
        rundir = g_build_filename(g_get_user_cache_dir(), "tidemark", NULL);
    }
    cfg->unix_sock_dir = g_strdup(rundir);
    cfg->pid_file = g_build_filename(rundir, "tidemarkd.pid", NULL);
    cfg->unix_sock_rw_perms = 0700;
    cfg->unix_sock_ro_perms = 0777;
    cfg->max_workers = 20;
    cfg->max_clients = 5000;
    cfg->max_client_requests = 5;
    cfg->listen_tls = true;
    cfg->tls_port = g_strdup("16514");
    return cfg;
}

void
daemonConfigFree(daemonConfig *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->unix_sock_dir);
    g_free(cfg->pid_file);
    g_free(cfg->log_outputs);
    g_free(cfg->listen_addr);
    g_free(cfg->tls_port);
    g_free(cfg->key_file);
    g_free(cfg->cert_file);
    g_free(cfg->ca_file);
    g_free(cfg->crl_file);
    g_strfreev(cfg->tls_allowed_dn_list);
    g_free(cfg->tls_priority);
    g_free(cfg);
}

/* One `key = value` entry: the value is a "string" (no escapes, as
 * libvirtd's files use none), a list of strings or a non-negative
 * integer. */
typedef struct {
    char *key;
    char *string;       /* set for a string value */
    GStrv list;         /* set for a list */
    guint64 number;     /* else this */
} confEntry;

/* `[ "a", "b" ]` -> {"a", "b"}; NULL on a syntax error. */
static GStrv
parse_list(const char *value)
{
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
    const char *p = value + 1;

    for (;;) {
        const char *end;

        while (g_ascii_isspace(*p))
            p++;
        if (*p == ']' && items->len == 0)
            break;
        if (*p != '"' || !(end = strchr(p + 1, '"')))
            return NULL;
        g_ptr_array_add(items, g_strndup(p + 1, end - p - 1));
        p = end + 1;
        while (g_ascii_isspace(*p))
            p++;
        if (*p == ']')
            break;
        if (*p++ != ',')
            return NULL;
    }
    while (g_ascii_isspace(*++p))
        ;
    if (*p)
        return NULL;
    g_ptr_array_add(items, NULL);
    return (GStrv)g_ptr_array_free(g_steal_pointer(&items), FALSE);
}

static bool
parse_line(const char *line, confEntry *e, const char **why)
{
    g_autofree char *text = g_strstrip(g_strdup(line));
    char *eq = strchr(text, '=');
    char *value;
    char *end;

    if (!eq) {
        *why = "expected 'key = value'";
        return false;
    }
    *eq = '\0';
    e->key = g_strdup(g_strstrip(text));
    value = g_strstrip(eq + 1);
    if (*value == '"') {
        end = strchr(value + 1, '"');
        if (!end || *g_strstrip(end + 1) != '\0') {
            *why = "unterminated string";
            return false;
        }
        e->string = g_strndup(value + 1, end - value - 1);
        return true;
    }
    if (*value == '[') {
        if (!(e->list = parse_list(value))) {
            *why = "expected a list of strings such as [\"a\", \"b\"]";
            return false;
        }
        return true;
    }
    if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT32, &e->number, NULL)) {
        *why = "expected a string or a number";
        return false;
    }
    return true;
}

/* Applies one entry; false with @why for a bad value. */
static bool
apply_entry(daemonConfig *cfg, const confEntry *e, const char **why)
{
    struct { const char *key; unsigned int *field; } numbers[] = {
        { "max_workers", &cfg->max_workers },
        { "max_clients", &cfg->max_clients },
        { "max_client_requests", &cfg->max_client_requests },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(numbers); i++) {
        if (!g_str_equal(e->key, numbers[i].key))
            continue;
        if (e->string || e->number == 0) {
            *why = "expected a positive number";
            return false;
        }
        *numbers[i].field = e->number;
        return true;
    }

    if (g_str_equal(e->key, "listen_tls") || g_str_equal(e->key, "tls_no_verify_certificate") ||
        g_str_equal(e->key, "tls_no_sanity_certificate")) {
        bool *field = g_str_equal(e->key, "listen_tls") ? &cfg->listen_tls :
                      g_str_equal(e->key, "tls_no_verify_certificate") ?
                      &cfg->tls_no_verify_certificate : &cfg->tls_no_sanity_certificate;

        if (e->string || e->list || e->number > 1) {
            *why = "expected 0 or 1";
            return false;
        }
        *field = e->number == 1;
        return true;
    }
    if (g_str_equal(e->key, "tls_allowed_dn_list")) {
        if (!e->list) {
            *why = "expected a list of strings such as [\"C=GB,O=Example,CN=*\"]";
            return false;
        }
        g_strfreev(cfg->tls_allowed_dn_list);
        cfg->tls_allowed_dn_list = g_strdupv(e->list);
        return true;
    }
    if (g_str_equal(e->key, "listen_addr") || g_str_equal(e->key, "tls_port") ||
        g_str_equal(e->key, "tls_priority") || g_str_equal(e->key, "key_file") ||
        g_str_equal(e->key, "cert_file") || g_str_equal(e->key, "ca_file") ||
        g_str_equal(e->key, "crl_file")) {
        struct { const char *key; char **field; } strings[] = {
            { "listen_addr", &cfg->listen_addr }, { "tls_port", &cfg->tls_port },
            { "tls_priority", &cfg->tls_priority }, { "key_file", &cfg->key_file },
            { "cert_file", &cfg->cert_file }, { "ca_file", &cfg->ca_file },
            { "crl_file", &cfg->crl_file },
        };

        if (!e->string) {
            *why = "expected a string";
            return false;
        }
        for (i = 0; i < G_N_ELEMENTS(strings); i++) {
            if (g_str_equal(e->key, strings[i].key)) {
                g_free(*strings[i].field);
                *strings[i].field = g_strdup(e->string);
            }
        }
        return true;
    }
    if (g_str_equal(e->key, "log_level")) {
        if (e->string || e->number < 1 || e->number > 4) {
            *why = "expected 1 (debug), 2 (info), 3 (warning) or 4 (error)";
            return false;
        }
        cfg->log_level = e->number;
        return true;
    }
    if (g_str_equal(e->key, "log_outputs")) {
        if (!e->string) {
            *why = "expected a string such as \"3:stderr 1:file:/var/log/tidemarkd.log\"";
            return false;
        }
        g_free(cfg->log_outputs);
        cfg->log_outputs = g_strdup(e->string);
        return true;
    }
    if (g_str_equal(e->key, "unix_sock_dir") || g_str_equal(e->key, "pid_file")) {
        char **field = g_str_equal(e->key, "pid_file") ? &cfg->pid_file : &cfg->unix_sock_dir;

        if (!e->string || !g_path_is_absolute(e->string)) {
            *why = "expected an absolute path";
            return false;
        }
        g_free(*field);
        *field = g_strdup(e->string);
        return true;
    }
    if (g_str_equal(e->key, "unix_sock_rw_perms") || g_str_equal(e->key, "unix_sock_ro_perms")) {
        guint64 mode;

        if (!e->string || !g_ascii_string_to_unsigned(e->string, 8, 0, 0777, &mode, NULL)) {
            *why = "expected an octal mode such as \"0770\"";
            return false;
        }
        if (g_str_equal(e->key, "unix_sock_rw_perms"))
            cfg->unix_sock_rw_perms = mode;
        else
            cfg->unix_sock_ro_perms = mode;
        return true;
    }
    if (g_str_equal(e->key, "auth_unix_rw") || g_str_equal(e->key, "auth_unix_ro")) {
        if (!e->string || !g_str_equal(e->string, "none")) {
            *why = "tidemarkd authenticates UNIX socket clients by the socket's permissions "
                   "only: the value must be \"none\"";
            return false;
        }
        return true;
    }
    if (g_str_equal(e->key, "auth_tls")) {
        if (!e->string || !g_str_equal(e->string, "none")) {
            *why = "tidemarkd authenticates TLS clients by their x509 certificate only: "
                   "the value must be \"none\"";
            return false;
        }
        return true;
    }
    return true;
}

/* Cuts a `#` comment off, outside quotes (a DN pattern may hold one). */
static void
strip_comment(char *line)
{
    bool quoted = false;

    for (; *line; line++) {
        if (*line == '"')
            quoted = !quoted;
        else if (*line == '#' && !quoted) {
            *line = '\0';
            return;
        }
    }
}

bool
daemonConfigLoadFile(daemonConfig *cfg, const char *path, GError **error)
{
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;
    size_t i;

    if (!g_file_get_contents(path, &contents, NULL, error))
        return false;
    lines = g_strsplit(contents, "\n", -1);
    for (i = 0; lines[i]; i++) {
        g_autoptr(GString) entry = NULL;
        size_t first = i;
        confEntry e = { 0 };
        const char *why = NULL;
        bool ok;

        strip_comment(lines[i]);
        if (!*g_strstrip(lines[i]))
            continue;
        /* a list opened and not closed goes on over the next lines */
        entry = g_string_new(lines[i]);
        while (strchr(entry->str, '[') && !strchr(entry->str, ']') && lines[i + 1]) {
            strip_comment(lines[++i]);
            g_string_append_printf(entry, " %s", g_strstrip(lines[i]));
        }
        ok = parse_line(entry->str, &e, &why) && apply_entry(cfg, &e, &why);
        if (!ok)
            g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s:%zu: %s%s%s",
                        path, first + 1, e.key ? e.key : "", e.key ? ": " : "", why);
        g_free(e.key);
        g_free(e.string);
        g_strfreev(e.list);
        if (!ok)
            return false;
    }
    return true;
}
