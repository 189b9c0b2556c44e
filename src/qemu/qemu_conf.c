/*
 * qemu_conf.c: the qemu driver's directories and qemu.conf
 */
#include "internal.h"

#include <errno.h>
#include <pwd.h>
#include <unistd.h>

#include "qemu/qemu_conf.h"
#include "config.h"

static int config_finish(qemuDriverConfig *cfg);

#define VIR_FROM_THIS VIR_FROM_CONF

void
qemuDriverConfigFree(qemuDriverConfig *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->root);
    g_free(cfg->config_file);
    g_free(cfg->domain_dir);
    g_free(cfg->checkpoint_dir);
    g_free(cfg->snapshot_dir);
    g_free(cfg->run_dir);
    g_free(cfg->lock_file);
    g_free(cfg->cache_dir);
    g_free(cfg->stdio_handler);
    g_free(cfg->security_driver);
    g_free(cfg->user);
    g_free(cfg->group);
    g_free(cfg->qemu_binary);
    g_free(cfg->qemu_img);
    g_free(cfg->qemu_storage_daemon);
    g_free(cfg->accel_override);
    g_free(cfg);
}

/* A cursor over the text, for error messages "FILE:LINE: what". */
typedef struct {
    const char *p;
    const char *file;
    int line;
} confCursor;

static void
conf_error(confCursor *c, const char *what)
{
    virReportError(VIR_ERR_CONF_SYNTAX, "%s:%d: %s", c->file, c->line, what);
}

/* Skips blanks, and with @newlines also line ends and comments. */
static void
conf_skip(confCursor *c, bool newlines)
{
    for (;;) {
        if (*c->p == ' ' || *c->p == '\t' || *c->p == '\r') {
            c->p++;
        } else if (newlines && *c->p == '\n') {
            c->line++;
            c->p++;
        } else if (*c->p == '#') {
            while (*c->p && *c->p != '\n')
                c->p++;
        } else {
            return;
        }
    }
}

typedef enum { CONF_STRING, CONF_NUMBER, CONF_LIST } confType;

/* One value: a string (quoted "..." or '''...'''), a number, or a list
 * of values. Returns the string form of scalars in *str (lists: NULL). */
static int
conf_value(confCursor *c, confType *type, char **str)
{
    *str = NULL;
    if (*c->p == '"') {
        const char *end = strpbrk(c->p + 1, "\"\n");

        if (!end || *end != '"') {
            conf_error(c, "unterminated string");
            return -1;
        }
        *type = CONF_STRING;
        *str = g_strndup(c->p + 1, end - c->p - 1);
        c->p = end + 1;
        return 0;
    }
    if (g_str_has_prefix(c->p, "'''")) {
        const char *end = strstr(c->p + 3, "'''");

        if (!end) {
            conf_error(c, "unterminated string");
            return -1;
        }
        for (const char *q = c->p; q < end; q++)
            c->line += *q == '\n';
        *type = CONF_STRING;
        *str = g_strndup(c->p + 3, end - c->p - 3);
        c->p = end + 3;
        return 0;
    }
    if (*c->p == '-' || *c->p == '+' || g_ascii_isdigit(*c->p)) {
        const char *start = c->p;

        c->p++;
        while (g_ascii_isdigit(*c->p))
            c->p++;
        if (!g_ascii_isdigit(c->p[-1])) {
            conf_error(c, "unterminated number");
            return -1;
        }
        *type = CONF_NUMBER;
        *str = g_strndup(start, c->p - start);
        return 0;
    }
    if (*c->p == '[') {
        c->p++;
        conf_skip(c, true);
        while (*c->p != ']') {
            confType t;
            g_autofree char *item = NULL;

            if (conf_value(c, &t, &item) < 0)
                return -1;
            conf_skip(c, true);
            if (*c->p == ',') {
                c->p++;
                conf_skip(c, true);
            } else if (*c->p != ']') {
                conf_error(c, "expecting a separator in list");
                return -1;
            }
        }
        c->p++;
        *type = CONF_LIST;
        return 0;
    }
    conf_error(c, "expecting a value");
    return -1;
}

static int
conf_apply(qemuDriverConfig *cfg, confCursor *c, const char *key,
           confType type, char *value, GPtrArray *unknown)
{
    char **slot = NULL;

    if (STREQ(key, "stdio_handler"))
        slot = &cfg->stdio_handler;
    else if (STREQ(key, "security_driver"))
        slot = &cfg->security_driver;
    else if (STREQ(key, "user"))
        slot = &cfg->user;
    else if (STREQ(key, "group"))
        slot = &cfg->group;

    if (!slot) {
        g_ptr_array_add(unknown, g_strdup(key));
        g_free(value);
        return 0;
    }
    if (type != CONF_STRING) {
        g_free(value);
        virReportError(VIR_ERR_CONF_SYNTAX, "%s: expected a string for '%s' parameter",
                       c->file, key);
        return -1;
    }
    g_free(*slot);
    *slot = value;
    return 0;
}

int
qemuDriverConfigParse(qemuDriverConfig *cfg, const char *text, const char *file,
                      char ***unknown)
{
    confCursor c = { text, file, 1 };
    g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func(g_free);

    for (;;) {
        const char *start;
        g_autofree char *key = NULL;
        confType type;
        char *value = NULL;

        conf_skip(&c, true);
        if (!*c.p)
            break;
        start = c.p;
        if (!g_ascii_isalpha(*c.p) && *c.p != '_') {
            conf_error(&c, "expecting a name");
            return -1;
        }
        while (g_ascii_isalnum(*c.p) || *c.p == '_' || *c.p == '.')
            c.p++;
        key = g_strndup(start, c.p - start);
        conf_skip(&c, false);
        if (*c.p != '=') {
            conf_error(&c, "expecting an assignment");
            return -1;
        }
        c.p++;
        conf_skip(&c, false);
        if (conf_value(&c, &type, &value) < 0)
            return -1;
        conf_skip(&c, false);
        if (*c.p == ';' || *c.p == '\n') {
            c.p++;
            if (c.p[-1] == '\n')
                c.line++;
        } else if (*c.p) {
            g_free(value);
            conf_error(&c, "expecting a separator");
            return -1;
        }
        if (conf_apply(cfg, &c, key, type, value, extra) < 0)
            return -1;
    }
    g_ptr_array_add(extra, NULL);
    *unknown = (char **)g_ptr_array_steal(extra, NULL);
    return 0;
}

/* A program from the environment or the PATH. */
static char *
find_program(const char *envvar, const char *name)
{
    const char *env = g_getenv(envvar);
    char *path;

    if (env && *env)
        return g_strdup(env);
    if ((path = g_find_program_in_path(name)))
        return path;
    return g_strdup(name);
}

qemuDriverConfig *
qemuDriverConfigNewEmbed(const char *root)
{
    g_autoptr(qemuDriverConfig) cfg = g_new0(qemuDriverConfig, 1);

    if (!g_path_is_absolute(root)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       "root path must be absolute: '%s'", root);
        return NULL;
    }
    cfg->root = g_canonicalize_filename(root, NULL);
    cfg->config_file = g_build_filename(cfg->root, "etc", "qemu.conf", NULL);
    cfg->domain_dir = g_build_filename(cfg->root, "domains", NULL);
    cfg->checkpoint_dir = g_build_filename(cfg->root, "checkpoint", NULL);
    cfg->snapshot_dir = g_build_filename(cfg->root, "snapshot", NULL);
    cfg->run_dir = g_build_filename(cfg->root, "run", NULL);
    /* libvirt's path, so libvirt and tidemark also keep each other out */
    cfg->lock_file = g_build_filename(cfg->run_dir, "qemu", "driver.pid", NULL);
    cfg->cache_dir = g_build_filename(cfg->root, "cache", NULL);
    if (config_finish(cfg) < 0)
        return NULL;
    return g_steal_pointer(&cfg);
}

qemuDriverConfig *
qemuDriverConfigNewDaemon(bool privileged)
{
    g_autoptr(qemuDriverConfig) cfg = g_new0(qemuDriverConfig, 1);
    g_autofree char *config_dir = NULL;

    if (privileged) {
        config_dir = g_build_filename(TM_SYSCONFDIR, "tidemark", NULL);
        cfg->root = g_build_filename(config_dir, "qemu", NULL);
        cfg->checkpoint_dir = g_strdup("/var/lib/tidemark/qemu/checkpoint");
        cfg->snapshot_dir = g_strdup("/var/lib/tidemark/qemu/snapshot");
        cfg->run_dir = g_strdup("/run/tidemark/qemu");
        cfg->cache_dir = g_strdup("/var/cache/tidemark/qemu");
    } else {
        config_dir = g_build_filename(g_get_user_config_dir(), "tidemark", NULL);
        cfg->root = g_build_filename(config_dir, "qemu", NULL);
        cfg->checkpoint_dir = g_build_filename(cfg->root, "checkpoint", NULL);
        cfg->snapshot_dir = g_build_filename(cfg->root, "snapshot", NULL);
        /* GLib's runtime dir falls back to the cache dir, as libvirt's */
        cfg->run_dir = g_build_filename(g_get_user_runtime_dir(), "tidemark", "qemu", "run",
                                        NULL);
        cfg->cache_dir = g_build_filename(g_get_user_cache_dir(), "tidemark", "qemu", NULL);
    }
    cfg->config_file = g_build_filename(config_dir, "qemu.conf", NULL);
    cfg->domain_dir = g_strdup(cfg->root);
    cfg->lock_file = g_build_filename(cfg->run_dir, "driver.pid", NULL);
    if (config_finish(cfg) < 0)
        return NULL;
    return g_steal_pointer(&cfg);
}

/* What both kinds of configuration share: defaults, then qemu.conf. */
static int
config_finish(qemuDriverConfig *cfg)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) unknown = NULL;

    cfg->stdio_handler = g_strdup("file");
    cfg->security_driver = g_strdup("none");
    cfg->qemu_binary = find_program("TIDEMARK_QEMU", "qemu-system-x86_64");
    cfg->qemu_img = find_program("TIDEMARK_QEMU_IMG", "qemu-img");
    cfg->qemu_storage_daemon = find_program("TIDEMARK_QEMU_STORAGE_DAEMON",
                                            "qemu-storage-daemon");
    cfg->accel_override = g_strdup(g_getenv("TIDEMARK_ACCEL"));
    if (cfg->accel_override && !*cfg->accel_override)
        g_clear_pointer(&cfg->accel_override, g_free);

    if (g_file_test(cfg->config_file, G_FILE_TEST_EXISTS)) {
        g_autoptr(GError) err = NULL;

        if (!g_file_get_contents(cfg->config_file, &text, NULL, &err)) {
            virReportError(VIR_ERR_CONF_SYNTAX, "cannot read '%s': %s",
                           cfg->config_file, err->message);
            return -1;
        }
        if (qemuDriverConfigParse(cfg, text, cfg->config_file, &unknown) < 0)
            return -1;
        if (unknown[0]) {
            g_autofree char *list = g_strjoinv(", ", unknown);

            g_printerr("tidemark: warning: %s: ignoring keys tidemark does not "
                       "use: %s\n", cfg->config_file, list);
        }
    }

    if (STRNEQ(cfg->stdio_handler, "file") && STRNEQ(cfg->stdio_handler, "logd")) {
        virReportError(VIR_ERR_CONF_SYNTAX, "Unknown stdio handler %s",
                       cfg->stdio_handler);
        return -1;
    }
    if (STRNEQ(cfg->security_driver, "none")) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       "security driver '%s' is not supported: tidemark runs "
                       "QEMU without one (security_driver = \"none\")",
                       cfg->security_driver);
        return -1;
    }
    if (cfg->user && !getpwnam(cfg->user)) {
        virReportError(VIR_ERR_INVALID_ARG, "Failed to parse user '%s'", cfg->user);
        return -1;
    }
    return 0;
}
